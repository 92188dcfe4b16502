//! The PageRank solvers (power iteration, Gauss–Seidel, residual push) and
//! the f32 storage precision: same fixed point as the dense exact solve,
//! the work each does, and invalid combinations.

mod common;

use std::path::Path;
use std::time::Instant;

use common::{Rng, build, dense_pagerank, l1, random_edges};
use influence::generate::RmatConfig;
use influence::{
    Dangling, EdgeWeights, GraphBuilder, GraphConfig, InfluenceGraph, PageRank, PageRankConfig, Precision, Solver,
};

const SOLVERS: [Solver; 3] = [Solver::Power, Solver::GaussSeidel, Solver::Push];

fn normalized(v: Vec<f64>) -> Vec<f64> {
    let s: f64 = v.iter().sum();
    v.into_iter().map(|x| x / s).collect()
}

fn karate() -> InfluenceGraph {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/karate.edges");
    let file = std::fs::File::open(&path).unwrap();
    influence::io::read_edge_list(file, Some(&path)).unwrap()
}

#[test]
fn every_solver_matches_the_dense_solve() {
    let mut rng = Rng(23);
    for case in 0..30 {
        let n = 1 + rng.below(150) as usize;
        let m = rng.below(4 * n as u64 + 1) as usize;
        let edges = random_edges(&mut rng, n, m, case % 2 == 0);
        let g = build(n, &edges, |i| format!("u{i}"));
        let d = 0.5 + rng.unit() * 0.45;
        let uniform = vec![1.0 / n as f64; n];
        let raw: Vec<f64> = (0..n).map(|i| if i % 3 == 0 { rng.unit() + 0.01 } else { 0.0 }).collect();
        let p = normalized(raw.clone());
        let q = normalized((0..n).map(|_| rng.unit() + 0.01).collect());
        let pers: Vec<(String, f64)> =
            raw.iter().enumerate().filter(|(_, w)| **w > 0.0).map(|(i, &w)| (format!("u{i}"), w)).collect();
        let dangling: Vec<(String, f64)> = q.iter().enumerate().map(|(i, &w)| (format!("u{i}"), w)).collect();
        let base = PageRankConfig::default().damping(d).tolerance(1e-12);
        let cases = [
            ("uniform", base.clone(), dense_pagerank(&g, d, &uniform, &uniform)),
            ("personalized", base.clone().personalization(pers.clone()), dense_pagerank(&g, d, &p, &p)),
            (
                "separate dangling",
                base.clone().personalization(pers).dangling(Dangling::Weights(dangling)),
                dense_pagerank(&g, d, &p, &q),
            ),
            ("uniform dangling", base.clone().dangling(Dangling::Uniform), dense_pagerank(&g, d, &uniform, &uniform)),
        ];
        for (what, config, exact) in &cases {
            for solver in SOLVERS {
                let r = config.clone().solver(solver).run(&g).unwrap();
                assert!(r.converged(), "case {case} {what} {solver}");
                let err = l1(r.scores(), exact);
                assert!(err < 1e-9, "case {case} {what} {solver}: L1 {err}");
                assert!(r.residual() < 1e-12, "case {case} {what} {solver}: residual {}", r.residual());
                assert!(r.iterations() >= 1 && r.edge_visits() > 0 || g.combined().edge_count() == 0);
            }
        }
    }
}

#[test]
fn warm_start_works_for_every_solver() {
    let mut rng = Rng(5);
    let n = 300;
    let mut edges = random_edges(&mut rng, n, 1500, true);
    let yesterday = build(n, &edges, |i| format!("u{i}"));
    edges.extend(random_edges(&mut rng, n, 30, true));
    let today = build(n, &edges, |i| format!("u{i}"));
    let uniform = vec![1.0 / n as f64; n];
    let exact = dense_pagerank(&today, 0.85, &uniform, &uniform);
    for solver in SOLVERS {
        let pr = PageRank::new(PageRankConfig::default().tolerance(1e-12).solver(solver)).unwrap();
        let warm = pr.run_from(&today, &pr.run(&yesterday).unwrap()).unwrap();
        assert!(warm.converged(), "{solver}");
        assert!(l1(warm.scores(), &exact) < 1e-9, "{solver}: L1 {}", l1(warm.scores(), &exact));
    }
}

#[test]
fn f32_precision_stays_within_its_documented_bound() {
    // The module docs: at most d·2⁻²⁴/(1−d) ≈ 3.4e-7 for d = 0.85 on top of
    // the tolerance, measured about 1e-8.
    let mut rng = Rng(3);
    let n = 150;
    let edges = random_edges(&mut rng, n, 600, true);
    for g in [karate(), build(n, &edges, |i| format!("u{i}"))] {
        let f64s = PageRankConfig::default().tolerance(1e-12).run(&g).unwrap();
        let f32s = PageRankConfig::default().tolerance(1e-9).precision(Precision::F32).run(&g).unwrap();
        let bound = 0.85 * 2f64.powi(-24) / 0.15 + 1e-9 * 0.85 / 0.15;
        let err = l1(f64s.scores(), f32s.scores());
        assert!(err < bound, "L1 {err} vs bound {bound}");
        assert!(err > 0.0, "f32 storage should round somewhere");
    }
}

#[test]
fn f32_weights_stay_within_their_documented_bound() {
    // GraphConfig::f32_weights: at most d/(1−d)·2·2⁻²⁴ ≈ 6.8e-7 in L1 for
    // d = 0.85, against the exact solve of the exactly weighted graph.
    let mut rng = Rng(11);
    for (n, m) in [(40, 160), (150, 600), (300, 900)] {
        let edges = random_edges(&mut rng, n, m, true);
        let name = |i: usize| format!("u{i}");
        let exact = build(n, &edges, name);
        let mut b = GraphBuilder::new(GraphConfig::default().canonical_order(false).f32_weights(true)).unwrap();
        for i in 0..n {
            b.add_user(&name(i)).unwrap();
        }
        for &(u, v, w) in &edges {
            b.add_edge(&name(u), &name(v), w).unwrap();
        }
        let rounded = b.build().unwrap();
        assert!(matches!(exact.combined().weights(), Some(EdgeWeights::F64(_))));
        assert!(matches!(rounded.combined().weights(), Some(EdgeWeights::F32(_))));
        let uniform = vec![1.0 / n as f64; n];
        let reference = dense_pagerank(&exact, 0.85, &uniform, &uniform);
        let ranking = PageRankConfig::default().tolerance(1e-13).run(&rounded).unwrap();
        let bound = 0.85 / 0.15 * 2.0 * 2f64.powi(-24) + 1e-11;
        let err = l1(ranking.scores(), &reference);
        assert!(err < bound, "n = {n}: L1 {err:e} vs bound {bound:e}");
        // Rounding moved something, so the test can see it.
        assert!(err > 1e-13, "n = {n}: L1 {err:e}");
    }
}

#[test]
fn gauss_seidel_needs_no_more_sweeps_than_power_iterations() {
    let g = karate();
    for tolerance in [1e-6, 1e-10] {
        let power = PageRankConfig::default().tolerance(tolerance).run(&g).unwrap();
        let gs = PageRankConfig::default().tolerance(tolerance).solver(Solver::GaussSeidel).run(&g).unwrap();
        assert!(power.converged() && gs.converged());
        assert!(
            gs.iterations() <= power.iterations(),
            "tolerance {tolerance}: Gauss–Seidel {} sweeps, power {} iterations",
            gs.iterations(),
            power.iterations()
        );
        assert!(gs.edge_visits() <= power.edge_visits());
    }
}

/// Push works where the seed's mass goes. On a graph with locality — a
/// directed ring lattice of 20,000 users, each reacting to the next three —
/// personalized PageRank of one seed decays geometrically with the distance
/// from it, and push visits a small part of the edges power iteration
/// visits.
///
/// Not so on R-MAT: the brief asked for this on R-MAT scale 14, but there
/// every user's out-reach is the giant component within a few hops, and
/// power iteration needs only 6–11 iterations for one seed because the
/// dangling half of the users sends its mass straight back to the seed.
/// Push then visits about 2.5–4 times as many edges as power iteration
/// (measured by `measure_push_rmat14`: forward push for a global L1 bound
/// costs `O(m·log(1/ε))` on an expander, like power iteration, with a
/// larger constant).
#[test]
fn push_from_one_seed_visits_a_small_part_of_what_power_iteration_visits() {
    let n = 20_000;
    let edges: Vec<(usize, usize, f64)> = (0..n).flat_map(|u| (1..=3).map(move |k| (u, (u + k) % n, 1.0))).collect();
    let g = build(n, &edges, |i| format!("u{i}"));
    for tolerance in [1e-4, 1e-8] {
        let config = PageRankConfig::default().tolerance(tolerance).personalization([("u0", 1.0)]);
        let exact = config.clone().tolerance(1e-13).run(&g).unwrap();
        let power = config.clone().run(&g).unwrap();
        let push = config.solver(Solver::Push).run(&g).unwrap();
        assert!(push.converged());
        assert!(l1(push.scores(), exact.scores()) < tolerance);
        let ratio = push.edge_visits() as f64 / power.edge_visits() as f64;
        println!(
            "ring, tolerance {tolerance:e}: push {} vs power {} edge visits",
            push.edge_visits(),
            power.edge_visits()
        );
        assert!(ratio < 0.1, "push {} vs power {} edge visits", push.edge_visits(), power.edge_visits());
    }
}

#[test]
fn invalid_combinations_are_errors() {
    let g = karate();
    for solver in [Solver::GaussSeidel, Solver::Push] {
        let err = PageRankConfig::default().solver(solver).precision(Precision::F32).run(&g);
        assert!(err.is_err(), "{solver} with f32");
        assert!(PageRankConfig::default().solver(solver).damping(1.0).run(&g).is_err());
        assert!(PageRankConfig::default().solver(solver).tolerance(0.0).run(&g).is_err());
        assert!(PageRankConfig::default().solver(solver).personalization([("nobody", 1.0)]).run(&g).is_err());
    }
    assert!("newton".parse::<Solver>().is_err());
    assert!("f16".parse::<Precision>().is_err());
    for &name in Solver::NAMES {
        assert_eq!(name.parse::<Solver>().unwrap().name(), name);
    }
    assert_eq!("F32".parse::<Precision>().unwrap(), Precision::F32);
}

#[test]
fn push_reports_non_convergence_under_a_tight_cap() {
    let g = karate();
    let r = PageRankConfig::default().tolerance(1e-12).max_iterations(1).solver(Solver::Push).run(&g).unwrap();
    assert!(!r.converged());
    assert!(r.residual() >= 1e-12);
    assert_eq!(r.iterations(), 1);
}

/// The figures for the report: `cargo test --release --test solvers --
/// --ignored --nocapture`.
#[test]
#[ignore]
fn measure_rmat16() {
    let g = RmatConfig::default().scale(16).build().unwrap();
    let reference = PageRankConfig::default().tolerance(1e-14).run(&g).unwrap();
    for tolerance in [1e-6, 1e-10] {
        for (solver, precision) in [
            (Solver::Power, Precision::F64),
            (Solver::Power, Precision::F32),
            (Solver::GaussSeidel, Precision::F64),
            (Solver::Push, Precision::F64),
        ] {
            let config = PageRankConfig::default().tolerance(tolerance).solver(solver).precision(precision);
            let start = Instant::now();
            let r = config.run(&g).unwrap();
            let t = start.elapsed();
            println!(
                "rmat16 tol {tolerance:e} {solver}/{precision}: {} iterations, {} edge visits, residual {:.2e}, \
                 converged {}, L1 vs f64 {:.2e}, {t:.2?}",
                r.iterations(),
                r.edge_visits(),
                r.residual(),
                r.converged(),
                l1(r.scores(), reference.scores())
            );
        }
    }
    let seed = g.user_ids().next().unwrap().to_string();
    for solver in SOLVERS {
        let config = PageRankConfig::default().tolerance(1e-6).personalization([(seed.as_str(), 1.0)]).solver(solver);
        let start = Instant::now();
        let r = config.run(&g).unwrap();
        println!(
            "rmat16 one seed tol 1e-6 {solver}: {} iterations, {} edge visits, {:.2?}",
            r.iterations(),
            r.edge_visits(),
            start.elapsed()
        );
    }
    let k = karate();
    let a = PageRankConfig::default().tolerance(1e-12).run(&k).unwrap();
    let b = PageRankConfig::default().tolerance(1e-12).precision(Precision::F32).run(&k).unwrap();
    println!("karate f32 L1 vs f64: {:.2e} (f32 converged {})", l1(a.scores(), b.scores()), b.converged());
}

#[test]
#[ignore]
fn measure_push_rmat14() {
    let g = RmatConfig::default().scale(14).build().unwrap();
    let seed = g.user_ids().next().unwrap().to_string();
    for tolerance in [1e-2, 1e-3, 1e-4, 1e-6] {
        let config = PageRankConfig::default().tolerance(tolerance).personalization([(seed.as_str(), 1.0)]);
        let power = config.clone().run(&g).unwrap();
        let push = config.solver(Solver::Push).run(&g).unwrap();
        println!(
            "rmat14 seed tol {tolerance:e}: power {} it {} visits; push {} it {} visits, ratio {:.3}",
            power.iterations(),
            power.edge_visits(),
            push.iterations(),
            push.edge_visits(),
            push.edge_visits() as f64 / power.edge_visits() as f64
        );
    }
}
