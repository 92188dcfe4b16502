//! Every registered algorithm, with its default configuration, runs on the
//! bundled sample and on a generated power-law graph: `compare` and
//! `validate` iterate over all of them, so none may fail on ordinary data.

use std::path::Path;

use influence::generate::RmatConfig;
use influence::{Algorithm, GraphConfig, io};

#[test]
fn every_algorithm_runs_on_ordinary_graphs() {
    let social = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/social.csv");
    let graphs = [
        ("social.csv", io::read_file(&social, io::InputFormat::Auto, GraphConfig::default()).unwrap()),
        ("rmat10", RmatConfig::default().scale(10).build().unwrap()),
        ("rmat10-weighted", RmatConfig::default().scale(10).weighted(true).build().unwrap()),
    ];
    for (name, graph) in &graphs {
        let applicable = Algorithm::all_for(graph);
        // The sample has follow interactions; generated edge lists do not.
        assert_eq!(applicable.len(), Algorithm::NAMES.len() - usize::from(*name != "social.csv"), "{name}");
        for algorithm in applicable {
            let ranking = algorithm.run(graph).unwrap_or_else(|e| panic!("{} on {name}: {e}", algorithm.name()));
            assert_eq!(ranking.len(), graph.user_count());
            assert!(ranking.scores().iter().all(|x| x.is_finite() && *x >= 0.0), "{} on {name}", algorithm.name());
        }
    }
}

/// Found by probing (issue "defects"): weights near `f64::MAX` gave NaN,
/// negative zeros or all-zero scores with exit 0. Every finite input gives
/// finite scores without negative zeros, or an error that names the cause.
#[test]
fn weights_whose_sums_overflow_are_refused_naming_the_user() {
    use influence::{ErrorKind, GraphBuilder};
    // Three reactions of 1.7e308 into b: b's in-weights add up to infinity.
    let mut b = GraphBuilder::default();
    for a in ["a", "c", "d"] {
        b.add_edge(a, "b", 1.7e308).unwrap();
    }
    let err = b.build().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidWeight { .. }), "{err}");
    assert!(err.to_string().contains("into \"b\""), "{err}");
    // One actor whose reactions add up to infinity.
    let mut b = GraphBuilder::default();
    for t in ["x", "y", "z"] {
        b.add_edge("fan", t, 1.7e308).unwrap();
    }
    let err = b.build().unwrap_err();
    assert!(err.to_string().contains("of \"fan\""), "{err}");
    // No user's sums overflow, but all of them together do.
    let mut b = GraphBuilder::default();
    for k in 0..4 {
        b.add_edge(&format!("a{k}"), &format!("t{k}"), 1e308).unwrap();
    }
    let err = b.build().unwrap_err();
    assert!(err.to_string().contains("all edges"), "{err}");
}

#[test]
fn every_algorithm_gives_finite_scores_or_an_error_at_extreme_weights() {
    use influence::{ErrorKind, GraphBuilder};
    let edges = [("a", "b", 1.0), ("c", "b", 2.0), ("d", "b", 1.0), ("b", "a", 1.0), ("a", "c", 3.0), ("e", "a", 1.0)];
    for scale in [1e300, 1e-300, 1.0, 1e307, 3e307] {
        let mut b = GraphBuilder::default();
        for &(x, y, w) in &edges {
            b.add_edge(x, y, w * scale).unwrap();
        }
        let g = match b.build() {
            Ok(g) => g,
            Err(e) => {
                // All the weights together overflow: refused at build.
                assert!(scale > 1e307 && e.to_string().contains("all edges"), "scale {scale:e}: {e}");
                continue;
            }
        };
        for algorithm in Algorithm::all_for(&g) {
            match algorithm.run(&g) {
                Ok(r) => {
                    for (i, x) in r.scores().iter().enumerate() {
                        assert!(x.is_finite() && *x >= 0.0, "{} at scale {scale:e}: user {i} scored {x}", algorithm);
                        assert!(x.is_sign_positive(), "{} at scale {scale:e}: user {i} scored -0", algorithm);
                    }
                }
                Err(e) => {
                    // Only an error that names the weights as the cause.
                    assert!(
                        matches!(e.kind(), ErrorKind::InvalidWeight { .. }),
                        "{} at scale {scale:e}: {e}",
                        algorithm
                    );
                }
            }
        }
    }
}

/// Scale-invariant measures give the same scores (to rounding) whatever the
/// unit of the weights, even near the ends of the `f64` range.
#[test]
fn scale_invariant_measures_ignore_the_unit_of_weights() {
    use influence::GraphBuilder;
    let edges = [("a", "b", 1.0), ("c", "b", 2.0), ("d", "b", 1.0), ("b", "a", 1.0), ("a", "c", 3.0), ("e", "a", 1.0)];
    let graph = |scale: f64| {
        let mut b = GraphBuilder::default();
        for &(x, y, w) in &edges {
            b.add_edge(x, y, w * scale).unwrap();
        }
        b.build().unwrap()
    };
    let unit = graph(1.0);
    for name in
        ["pagerank", "in-strength", "eigenvector", "hits", "influence-passivity", "in-degree", "katz", "tunkrank"]
    {
        let algorithm = Algorithm::from_name(name).unwrap();
        let want = algorithm.run(&unit).unwrap();
        for scale in [1e300, 1e-300, 1e307] {
            let got = algorithm.run(&graph(scale)).unwrap_or_else(|e| panic!("{name} at scale {scale:e}: {e}"));
            for (x, y) in got.scores().iter().zip(want.scores()) {
                assert!((x - y).abs() <= 1e-9, "{name} at scale {scale:e}: {x} vs {y}");
            }
        }
    }
}
