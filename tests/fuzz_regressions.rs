//! Inputs the fuzzers (`fuzz/`, see FUZZING.md) found to break an
//! invariant, each run through the same public API as its fuzz target; all
//! fixed now (subnormal weights are errors, f32 storage checks the range of
//! out-weights, the score's ages saturate), and kept so they stay fixed.

use std::time::Duration;

use influence::io;
use influence::score::{Measure, ScoreConfig, ScoreModel};
use influence::{
    Algorithm, GraphBuilder, Interaction, InteractionKind, Network, PageRank, PageRankConfig, Precision, Ranking,
    Result, Solver,
};

/// What the fuzz targets check of every PageRank run: an error, or finite
/// scores that sum to 1 when the run converged.
fn assert_error_or_finite(what: &str, result: Result<Ranking>) {
    let Ok(ranking) = result else { return };
    for (user, score) in ranking.iter() {
        assert!(score.is_finite(), "{what}: the score of {user:?} is {score}");
    }
    if ranking.converged() {
        let sum: f64 = ranking.scores().iter().sum();
        assert!((sum - 1.0).abs() < 1e-6, "{what}: converged, but the scores sum to {sum}");
    }
}

/// `builder_pagerank`, minimized: one reshare whose weight is a subnormal
/// number (valid: finite and not negative). `1 / out-weight` overflows to
/// infinity, and PageRank returns `Ok` with infinite scores.
#[test]
fn subnormal_interaction_weight_gives_an_error_or_finite_scores() {
    let mut builder = GraphBuilder::default();
    let reshare = Interaction::new("u46", "u9").kind(InteractionKind::Reshare).network(Network::Twitter);
    // Fixed at the source: a subnormal weight is refused.
    let err = builder.add_interaction(&reshare.weight(9.71378e-319)).unwrap_err();
    assert!(matches!(err.kind(), influence::ErrorKind::InvalidWeight { .. }), "{err}");
}

/// The same through an edge list, with every solver: `a b 1e-318` reads
/// fine, then power iteration and push return infinite scores and
/// Gauss–Seidel NaN.
#[test]
fn subnormal_edge_list_weight_gives_an_error_or_finite_scores() {
    for weight in ["1e-318", "5e-324"] {
        let Ok(graph) = io::read_edge_list(format!("a b {weight}\n").as_bytes(), None) else { continue };
        for solver in [Solver::Power, Solver::GaussSeidel, Solver::Push] {
            let result = PageRankConfig::default().solver(solver).run(&graph);
            assert_error_or_finite(&format!("a b {weight}, {solver}"), result);
        }
    }
}

/// `builder_pagerank`, before minimizing: with `f32` contributions a weight
/// far from subnormal already overflows, since `score / out-weight` must fit
/// an `f32` (below about 3.4e38): `a b 1e-40` gives infinite scores.
#[test]
fn tiny_weight_with_f32_precision_gives_an_error_or_finite_scores() {
    let graph = io::read_edge_list("a b 1e-40\nb a 1\n".as_bytes(), None).unwrap();
    let result = PageRankConfig::default().precision(Precision::F32).run(&graph);
    assert_error_or_finite("a b 1e-40, power, f32", result);
}

/// `builder_pagerank`, minimized: the other end of the `f32` range. One
/// edge of weight 1.86e53 makes `score / out-weight` underflow an `f32`, so
/// the mass it carries is lost, and the run reports convergence with scores
/// that sum to 0.944 (the documented f32 error is at most 3.4e-7).
#[test]
fn huge_weight_with_f32_precision_gives_an_error_or_scores_summing_to_one() {
    let mut builder = GraphBuilder::default();
    let reshare = Interaction::new("u0", "u159").kind(InteractionKind::Reshare).network(Network::Twitter);
    builder.add_interaction(&reshare.weight(1.8634730492844792e53)).unwrap();
    let graph = builder.build().unwrap();
    let config =
        PageRankConfig::default().damping(27.0 / 256.0).tolerance(1e-11).max_iterations(50).precision(Precision::F32);
    assert_error_or_finite("power, f32", config.run(&graph));
}

/// `score_model`, minimized: two interactions 4e11 years apart. The
/// score's window computes `as_of - time` in `i64`, which overflows (a panic
/// where overflow checks are on, as in debug builds and tests).
#[test]
fn times_far_apart_do_not_overflow_the_score_window() {
    let records = [
        Interaction::new("u2", "u0").time(-6_510_615_555_426_900_571),
        Interaction::new("u2", "u31").network(Network::Twitter).time(6_714_905_139_253_454_245).topic("tech"),
    ];
    let model = ScoreModel::builder(ScoreConfig::default()).build(&records).unwrap();
    // The first interaction lies far outside the 90-day window.
    assert_eq!(model.networks().collect::<Vec<_>>(), [&Network::Twitter]);
}

/// The same from an interaction CSV file, as `influence score` reads it,
/// with the as-of time given: an interaction far in the future of it.
#[test]
fn csv_times_far_apart_do_not_overflow_the_score_window() {
    let csv = "actor,target,time\nann,bob,1700000000\ncy,bob,9000000000000000000\n";
    let records = io::read_interactions_csv(csv.as_bytes(), None).unwrap();
    let result = ScoreModel::builder(ScoreConfig::default()).as_of(-1_000_000_000_000_000_000).build(&records);
    // Nothing lies in the window: an error that says so, not an overflow.
    let err = result.unwrap_err();
    assert!(matches!(err.kind(), influence::ErrorKind::EmptyGraph { .. }), "{err}");
    assert!(err.to_string().contains("outside the 90-day window"), "{err}");
}

/// `builder_pagerank` (a libFuzzer timeout, then out of memory): the push
/// solver, warm-started on a graph of isolated users with a tolerance so
/// small that `tolerance · (1 − damping)` underflows to 0, never stops and
/// grows a vector until memory runs out. Run on a thread, so that the test
/// fails after 5 seconds instead of exhausting memory.
#[test]
fn warm_push_with_a_tolerance_that_underflows_returns() {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut builder = GraphBuilder::default();
        for user in ["a", "b", "c"] {
            builder.add_user(user).unwrap();
        }
        let graph = builder.build().unwrap();
        let config =
            PageRankConfig::default().damping(255.0 / 256.0).tolerance(2e-323).max_iterations(43).solver(Solver::Push);
        // Fixed at the source: such a tolerance is refused for push.
        let refused = PageRank::new(config).map(|_| ()).map_err(|e| e.to_string());
        assert!(refused.as_ref().is_err_and(|e| e.contains("push")), "{refused:?}");
        // A tolerance push can reach still returns, warm-started too.
        let config =
            PageRankConfig::default().damping(255.0 / 256.0).tolerance(1e-12).max_iterations(43).solver(Solver::Push);
        let pagerank = PageRank::new(config).unwrap();
        let cold = pagerank.run(&graph).unwrap();
        let warm = pagerank.run_from(&graph, &cold).map(|r| r.scores().to_vec());
        let _ = done.send(warm);
    });
    let warm = finished.recv_timeout(Duration::from_secs(5));
    assert!(warm.is_ok(), "run_from did not return within 5 seconds");
}

/// `score_model`, minimized: one reaction of a subnormal weight
/// (6.366020131e-314) scored with LeaderRank as the measure. The score
/// model divides the reactor's influence by its subnormal out-weight, so
/// the target's raw influence is infinite: it scores 100 and its
/// explanation holds NaN points.
#[test]
fn subnormal_reaction_weight_gives_an_error_or_a_finite_raw_score() {
    let mut reaction = Interaction::new("u15", "u2").network(Network::Twitter);
    reaction.weight = Some(6.366020131e-314);
    let measure = Measure::Algorithm(Algorithm::from_name("leaderrank").unwrap());
    let Ok(model) = ScoreModel::builder(ScoreConfig::default().measure(measure)).build(&[reaction]) else { return };
    for (user, raw) in model.users().zip(model.raw_scores()) {
        assert!(raw.is_finite(), "the raw influence of {user:?} is {raw}");
    }
}
