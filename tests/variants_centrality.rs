//! HITS, Katz and eigenvector centrality match NetworkX on its own test
//! graphs and on seeded random digraphs; TrustRank is personalized PageRank
//! on its seeds; the degree baselines equal hand counts; invalid settings are
//! errors; every registered algorithm runs on the karate club.
//!
//! The expected values live in `tests/data/variants/` and come from
//! `scripts/variant_references.py` (see its docstring for the format).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use influence::{
    Algorithm, EigenvectorConfig, GraphBuilder, HitsConfig, InDegreeConfig, InStrengthConfig, InfluenceGraph,
    KatzConfig, PageRankConfig, TrustRankConfig,
};

/// One reference file: its graph, its parameters and its expected values
/// (measure → node → value).
struct Case {
    name: String,
    graph: InfluenceGraph,
    params: BTreeMap<String, f64>,
    expect: BTreeMap<String, BTreeMap<String, f64>>,
    precision: f64,
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("data").join("variants")
}

fn cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 7, "reference files missing: {paths:?}");
    paths.iter().map(|p| parse(p)).collect()
}

fn parse(path: &Path) -> Case {
    let text = fs::read_to_string(path).unwrap();
    let mut b = GraphBuilder::default();
    let mut params = BTreeMap::new();
    let mut expect: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let mut precision = None;
    for line in text.lines() {
        if let Some(p) = line.strip_prefix("# precision:") {
            precision = Some(p.trim().parse::<f64>().unwrap());
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            ["param", k, v] => {
                params.insert(k.to_string(), v.parse().unwrap());
            }
            ["edge", u, v, w] => b.add_edge(u, v, w.parse().unwrap()).unwrap(),
            ["expect", m, n, v] => {
                expect.entry(m.to_string()).or_default().insert(n.to_string(), v.parse().unwrap());
            }
            _ => {}
        }
    }
    Case {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        graph: b.build().unwrap(),
        params,
        expect,
        precision: precision.expect("precision line"),
    }
}

/// Asserts `scores` (by user index of `case.graph`) equal the expected
/// `measure` values to the case's precision; returns whether the case has them.
fn check(case: &Case, measure: &str, scores: &[f64]) -> bool {
    let Some(expected) = case.expect.get(measure) else { return false };
    assert_eq!(expected.len(), case.graph.user_count(), "{}: {measure}", case.name);
    for (node, &want) in expected {
        let got = scores[case.graph.user_index(node).unwrap() as usize];
        assert!(
            (got - want).abs() <= case.precision,
            "{} {measure} node {node}: got {got}, want {want} (precision {})",
            case.name,
            case.precision
        );
    }
    true
}

#[test]
fn hits_matches_networkx() {
    let mut checked = 0;
    for case in cases() {
        let (hubs, authorities) =
            HitsConfig::default().tolerance(1e-14).max_iterations(100_000).run_both(&case.graph).unwrap();
        assert!(authorities.converged(), "{}", case.name);
        assert_eq!(authorities.algorithm(), "hits");
        assert_eq!(hubs.algorithm(), "hits-hubs");
        if check(&case, "hits_authority", authorities.scores()) {
            assert!(check(&case, "hits_hub", hubs.scores()));
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} HITS cases");
}

#[test]
fn hits_rejects_bad_settings() {
    let case = &cases()[0];
    assert!(HitsConfig::default().tolerance(0.0).run(&case.graph).is_err());
    assert!(HitsConfig::default().tolerance(f64::NAN).run(&case.graph).is_err());
    assert!(HitsConfig::default().max_iterations(0).run(&case.graph).is_err());
}

#[test]
fn hits_on_a_graph_without_edges_is_uniform() {
    let mut b = GraphBuilder::default();
    for u in ["a", "b", "c", "d"] {
        b.add_user(u).unwrap();
    }
    let g = b.build().unwrap();
    let r = HitsConfig::default().run(&g).unwrap();
    assert!(r.converged());
    assert!(r.scores().iter().all(|&x| x == 0.25));
}

#[test]
fn katz_matches_networkx() {
    let mut checked = 0;
    for case in cases() {
        let Some(&alpha) = case.params.get("katz_alpha") else { continue };
        let r = KatzConfig::default().alpha(alpha).tolerance(1e-14).max_iterations(100_000).run(&case.graph).unwrap();
        assert!(r.converged(), "{}", case.name);
        assert_eq!(r.algorithm(), "katz");
        assert!(check(&case, "katz", r.scores()), "{}", case.name);
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} Katz cases");
}

#[test]
fn katz_without_normalization_solves_the_linear_system() {
    let case = cases().into_iter().find(|c| c.name == "p3").unwrap();
    let (alpha, beta) = (0.1, 2.0);
    let r = KatzConfig::default().alpha(alpha).beta(beta).normalized(false).tolerance(1e-14).run(&case.graph).unwrap();
    // x = αAᵀx + β on every user.
    let layer = case.graph.combined();
    for v in 0..case.graph.user_count() as u32 {
        let pulled: f64 = layer.in_edges(v).map(|(u, w)| w * r.scores()[u as usize]).sum();
        assert!((r.scores()[v as usize] - (alpha * pulled + beta)).abs() < 1e-12);
    }
}

#[test]
fn katz_rejects_bad_settings_and_divergence() {
    let case = cases().into_iter().find(|c| c.name == "k5").unwrap();
    let g = &case.graph;
    for alpha in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        assert!(KatzConfig::default().alpha(alpha).run(g).is_err(), "alpha {alpha}");
    }
    for beta in [0.0, -1.0, f64::NAN] {
        assert!(KatzConfig::default().beta(beta).run(g).is_err(), "beta {beta}");
    }
    assert!(KatzConfig::default().tolerance(-1.0).run(g).is_err());
    assert!(KatzConfig::default().max_iterations(0).run(g).is_err());
    // K5 has λ_max = 4: α = 0.5 diverges, with a hint naming a value that converges.
    let err = KatzConfig::default().alpha(0.5).run(g).unwrap_err().to_string();
    assert!(err.contains("diverges") && err.contains("alpha"), "{err}");
    // The hint estimates λ_max from the growth rate, even when one step overflows the bound.
    let err = KatzConfig::default().alpha(1000.0).run(g).unwrap_err().to_string();
    assert!(err.contains("λ_max near 4.0000"), "{err}");
    // Just above 1/λ_max the growth is too slow to overflow: an honest non-converged ranking.
    let slow = KatzConfig::default().alpha(0.2501).max_iterations(50).run(g).unwrap();
    assert!(!slow.converged());
}

#[test]
fn eigenvector_matches_networkx() {
    let mut checked = 0;
    for case in cases() {
        if !case.expect.contains_key("eigenvector") {
            continue;
        }
        let r = EigenvectorConfig::default().tolerance(1e-14).max_iterations(100_000).run(&case.graph).unwrap();
        assert!(r.converged(), "{}", case.name);
        assert_eq!(r.algorithm(), "eigenvector");
        assert!(check(&case, "eigenvector", r.scores()));
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} eigenvector cases");
}

#[test]
fn eigenvector_rejects_bad_settings() {
    let g = &cases()[0].graph;
    assert!(EigenvectorConfig::default().tolerance(0.0).run(g).is_err());
    assert!(EigenvectorConfig::default().max_iterations(0).run(g).is_err());
}

/// A small weighted graph with a trusted core and a sybil ring nobody in the
/// core reacts to.
fn trust_graph() -> InfluenceGraph {
    let mut b = GraphBuilder::default();
    for (u, v, w) in [
        ("ann", "bob", 2.0),
        ("bob", "cy", 1.0),
        ("cy", "ann", 1.0),
        ("dee", "ann", 3.0),
        ("dee", "bob", 1.0),
        ("eve", "cy", 1.0),
        ("ann", "dee", 0.5),
        ("s1", "s2", 5.0),
        ("s2", "s3", 5.0),
        ("s3", "s1", 5.0),
        ("s1", "ann", 1.0),
    ] {
        b.add_edge(u, v, w).unwrap();
    }
    b.build().unwrap()
}

#[test]
fn trustrank_is_pagerank_personalized_on_the_seeds() {
    let g = trust_graph();
    let trust = TrustRankConfig::default().seeds(["ann", "dee"]).damping(0.8).tolerance(1e-13).run(&g).unwrap();
    let pagerank = PageRankConfig::default()
        .damping(0.8)
        .tolerance(1e-13)
        .personalization([("ann", 1.0), ("dee", 1.0)])
        .run(&g)
        .unwrap();
    assert_eq!(trust.algorithm(), "trustrank");
    assert!(trust.converged());
    assert_eq!(trust.scores(), pagerank.scores());
    assert_eq!(trust.iterations(), pagerank.iterations());
    // The sybil ring reacts to the core but receives no trust.
    for s in ["s1", "s2", "s3", "eve"] {
        assert!(trust.score(s).unwrap() < 1e-12, "{s}");
    }
    assert!((trust.scores().iter().sum::<f64>() - 1.0).abs() < 1e-12);
}

#[test]
fn trustrank_seeds_by_in_degree() {
    let g = trust_graph();
    // In-degrees: ann 3 (cy, dee, s1), bob 2, cy 2, ... ties to the lower index.
    let by_degree = TrustRankConfig::default().seeds_top_by_in_degree(1).to_pagerank(&g).unwrap();
    assert_eq!(by_degree, PageRankConfig::default().personalization([("ann", 1.0)]));
    let heuristic = TrustRankConfig::default().seeds_top_percent_by_in_degree().run(&g).unwrap();
    let explicit = TrustRankConfig::default().seeds(["ann"]).run(&g).unwrap();
    assert_eq!(heuristic.scores(), explicit.scores());
}

#[test]
fn trustrank_rejects_bad_settings() {
    let g = trust_graph();
    let missing = TrustRankConfig::default().run(&g).unwrap_err().to_string();
    assert!(missing.contains("seeds"), "{missing}");
    assert!(TrustRankConfig::default().seeds(Vec::<String>::new()).run(&g).is_err());
    assert!(TrustRankConfig::default().seeds(["nobody"]).run(&g).is_err());
    assert!(TrustRankConfig::default().seeds_top_by_in_degree(0).run(&g).is_err());
    assert!(TrustRankConfig::default().seeds(["ann"]).damping(1.0).run(&g).is_err());
    assert!(TrustRankConfig::default().seeds(["ann"]).tolerance(0.0).run(&g).is_err());
    assert!(TrustRankConfig::default().seeds(["ann"]).max_iterations(0).run(&g).is_err());
}

#[test]
fn baselines_equal_hand_counts() {
    let g = trust_graph();
    let degree = InDegreeConfig::default().run(&g).unwrap();
    let strength = InStrengthConfig::default().run(&g).unwrap();
    assert_eq!((degree.algorithm(), strength.algorithm()), ("in-degree", "in-strength"));
    assert!(degree.converged() && strength.converged());
    assert_eq!((degree.iterations(), strength.iterations()), (0, 0));
    // 11 edges: distinct reactors per user.
    let reactors =
        [("ann", 3.0), ("bob", 2.0), ("cy", 2.0), ("dee", 1.0), ("eve", 0.0), ("s1", 1.0), ("s2", 1.0), ("s3", 1.0)];
    for (user, count) in reactors {
        assert!((degree.score(user).unwrap() - count / 11.0).abs() < 1e-15, "{user}");
    }
    // Total weight 25.5: reactions received.
    let received =
        [("ann", 5.0), ("bob", 3.0), ("cy", 2.0), ("dee", 0.5), ("eve", 0.0), ("s1", 5.0), ("s2", 5.0), ("s3", 5.0)];
    for (user, weight) in received {
        assert!((strength.score(user).unwrap() - weight / 25.5).abs() < 1e-15, "{user}");
    }
}

#[test]
fn baselines_of_a_graph_without_edges_are_uniform() {
    let mut b = GraphBuilder::default();
    for u in ["a", "b", "c", "d", "e"] {
        b.add_user(u).unwrap();
    }
    let g = b.build().unwrap();
    for r in [InDegreeConfig::default().run(&g).unwrap(), InStrengthConfig::default().run(&g).unwrap()] {
        assert!(r.scores().iter().all(|&x| x == 0.2), "{}", r.algorithm());
    }
}

#[test]
fn every_registered_algorithm_runs_on_karate() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("data").join("karate.edges");
    let g = influence::io::read_edge_list(fs::File::open(&path).unwrap(), Some(&path)).unwrap();
    for name in ["hits", "katz", "eigenvector", "trustrank", "in-degree", "in-strength"] {
        assert!(Algorithm::NAMES.contains(&name), "{name} is not registered");
    }
    for &name in Algorithm::NAMES {
        let algorithm = Algorithm::from_name(name).unwrap();
        if !algorithm.applies_to(&g) {
            // Only `followers`, which needs follow interactions karate lacks.
            assert_eq!(name, "followers");
            assert!(algorithm.run(&g).is_err());
            continue;
        }
        let r = algorithm.run(&g).unwrap();
        assert_eq!(r.algorithm(), name);
        assert_eq!(r.len(), 34, "{name}");
        assert!(r.converged(), "{name}");
        assert!(r.scores().iter().all(|x| x.is_finite() && *x >= 0.0), "{name}");
        // Katz and eigenvector centrality are scaled to Euclidean norm 1 (NetworkX's
        // normalization); every other measure sums to 1.
        let norm = if matches!(name, "katz" | "eigenvector") {
            r.scores().iter().map(|x| x * x).sum::<f64>().sqrt()
        } else {
            r.scores().iter().sum::<f64>()
        };
        assert!((norm - 1.0).abs() < 1e-9, "{name}: {norm}");
    }
}
