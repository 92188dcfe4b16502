//! PageRank is exact: it matches a dense linear solve on random graphs and
//! the expected values of NetworkX's and igraph's own test suites.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{Rng, build, dense_pagerank, l1, random_edges};
use influence::{Dangling, GraphBuilder, PageRankConfig};

fn normalized(v: Vec<f64>) -> Vec<f64> {
    let s: f64 = v.iter().sum();
    v.into_iter().map(|x| x / s).collect()
}

#[test]
fn matches_dense_solve_on_random_graphs() {
    let mut rng = Rng(7);
    for case in 0..60 {
        let n = 1 + rng.below(200) as usize;
        let m = rng.below(4 * n as u64 + 1) as usize;
        let weighted = case % 2 == 0;
        let edges = random_edges(&mut rng, n, m, weighted);
        let g = build(n, &edges, |i| format!("u{i}"));
        let d = 0.5 + rng.unit() * 0.45;
        // Uniform teleport, a personalization, and a separate dangling distribution.
        let uniform = vec![1.0 / n as f64; n];
        let raw: Vec<f64> = (0..n).map(|i| if i % 3 == 0 { rng.unit() + 0.01 } else { 0.0 }).collect();
        let p = normalized(raw.clone());
        let q = normalized((0..n).map(|_| rng.unit() + 0.01).collect());

        let plain = PageRankConfig::default().damping(d).tolerance(1e-12).run(&g).unwrap();
        assert!(plain.converged());
        let exact = dense_pagerank(&g, d, &uniform, &uniform);
        assert!(l1(plain.scores(), &exact) < 1e-9, "case {case}: L1 {}", l1(plain.scores(), &exact));

        let pers: Vec<(String, f64)> =
            raw.iter().enumerate().filter(|(_, w)| **w > 0.0).map(|(i, &w)| (format!("u{i}"), w)).collect();
        let personalized =
            PageRankConfig::default().damping(d).tolerance(1e-12).personalization(pers.clone()).run(&g).unwrap();
        let exact = dense_pagerank(&g, d, &p, &p);
        assert!(l1(personalized.scores(), &exact) < 1e-9, "case {case} personalized");

        let dangling: Vec<(String, f64)> = q.iter().enumerate().map(|(i, &w)| (format!("u{i}"), w)).collect();
        let separate = PageRankConfig::default()
            .damping(d)
            .tolerance(1e-12)
            .personalization(pers)
            .dangling(Dangling::Weights(dangling))
            .run(&g)
            .unwrap();
        let exact = dense_pagerank(&g, d, &p, &q);
        assert!(l1(separate.scores(), &exact) < 1e-9, "case {case} dangling weights");

        let uniform_dangling =
            PageRankConfig::default().damping(d).tolerance(1e-12).dangling(Dangling::Uniform).run(&g).unwrap();
        let exact = dense_pagerank(&g, d, &uniform, &uniform);
        assert!(l1(uniform_dangling.scores(), &exact) < 1e-9, "case {case} uniform dangling");
    }
}

/// One reference case from `tests/data/reference`.
struct Reference {
    name: String,
    damping: f64,
    personalization: Option<Vec<(String, f64)>>,
    dangling: Option<Vec<(String, f64)>>,
    precision: f64,
    nodes: Vec<String>,
    edges: Vec<(String, String, f64)>,
    expect: BTreeMap<String, f64>,
}

fn weights(spec: &str) -> Option<Vec<(String, f64)>> {
    let spec = spec.trim();
    if spec == "none" || spec == "personalization" {
        return None;
    }
    Some(
        spec.split(';')
            .map(|kv| {
                let mut it = kv.split_whitespace();
                (it.next().unwrap().to_string(), it.next().unwrap().parse().unwrap())
            })
            .collect(),
    )
}

fn parse_reference(path: &Path) -> Reference {
    let text = fs::read_to_string(path).unwrap();
    let mut r = Reference {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        damping: 0.85,
        personalization: None,
        dangling: None,
        precision: 0.0,
        nodes: Vec::new(),
        edges: Vec::new(),
        expect: BTreeMap::new(),
    };
    for line in text.lines() {
        if let Some(header) = line.strip_prefix("# ") {
            let Some((key, value)) = header.split_once(':') else { continue };
            match key {
                "damping" => r.damping = value.trim().parse().unwrap(),
                "personalization" => r.personalization = weights(value),
                "dangling" => r.dangling = weights(value),
                "precision" => r.precision = value.trim().parse().unwrap(),
                _ => {}
            }
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            ["edge", a, b] => r.edges.push((a.to_string(), b.to_string(), 1.0)),
            ["edge", a, b, w] => r.edges.push((a.to_string(), b.to_string(), w.parse().unwrap())),
            ["node", a] => r.nodes.push(a.to_string()),
            ["expect", a, x] => {
                r.expect.insert(a.to_string(), x.parse().unwrap());
            }
            [] => {}
            other => panic!("{}: unexpected line {other:?}", r.name),
        }
    }
    assert!(r.precision > 0.0 && !r.expect.is_empty(), "{}: incomplete reference", r.name);
    r
}

fn reference_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/reference")
}

#[test]
fn reproduces_networkx_and_igraph_reference_values() {
    let mut files: Vec<_> = fs::read_dir(reference_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    assert!(files.len() >= 20, "reference cases missing");
    for path in files {
        let r = parse_reference(&path);
        let mut b = GraphBuilder::default();
        for node in &r.nodes {
            b.add_user(node).unwrap();
        }
        for (a, t, w) in &r.edges {
            b.add_edge(a, t, *w).unwrap();
        }
        // Users that appear only in the expected values are isolated.
        for user in r.expect.keys() {
            b.add_user(user).unwrap();
        }
        let g = b.build().unwrap();
        let mut config = PageRankConfig::default().damping(r.damping).tolerance(1e-14);
        if let Some(p) = &r.personalization {
            config = config.personalization(p.clone());
        }
        if let Some(q) = &r.dangling {
            config = config.dangling(Dangling::Weights(q.clone()));
        }
        let ranking = config.run(&g).unwrap();
        assert!(ranking.converged(), "{}", r.name);
        assert_eq!(ranking.len(), r.expect.len(), "{}: user count", r.name);
        for (user, expected) in &r.expect {
            let got = ranking.score(user).unwrap();
            assert!(
                (got - expected).abs() <= r.precision,
                "{}: user {user}: got {got}, expected {expected} ± {}",
                r.name,
                r.precision
            );
        }
    }
}

#[test]
fn bundled_files_match_networkx_to_1e10() {
    // The same graphs through the edge-list reader, not the reference parser.
    for (file, case) in [("karate.edges", "karate.txt"), ("lesmis.edges", "lesmis.txt")] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data").join(file);
        let g = influence::io::read_file(&path, influence::io::InputFormat::EdgeList, Default::default()).unwrap();
        let r = parse_reference(&reference_dir().join(case));
        let ranking = PageRankConfig::default().tolerance(1e-14).run(&g).unwrap();
        assert_eq!(ranking.len(), r.expect.len());
        for (user, expected) in &r.expect {
            assert!((ranking.score(user).unwrap() - expected).abs() < 1e-10, "{file}: {user}");
        }
    }
}

/// A warm start from yesterday's ranking lands on the cold start's fixed
/// point, in fewer iterations.
#[test]
fn warm_start_reaches_the_same_scores_in_fewer_iterations() {
    let mut rng = Rng(11);
    let n = 3_000;
    let mut edges = random_edges(&mut rng, n, 15_000, true);
    let pr = influence::PageRank::new(PageRankConfig::default().tolerance(1e-12)).unwrap();
    let yesterday = pr.run(&build(n, &edges, |i| format!("u{i}"))).unwrap();
    // A day's new interactions: 1 % more edges.
    edges.extend(random_edges(&mut rng, n, 150, true));
    let today = build(n, &edges, |i| format!("u{i}"));
    let cold = pr.run(&today).unwrap();
    let warm = pr.run_from(&today, &yesterday).unwrap();
    assert!(cold.converged() && warm.converged());
    assert!(l1(cold.scores(), warm.scores()) < 1e-10, "L1 {}", l1(cold.scores(), warm.scores()));
    assert!(warm.iterations() < cold.iterations(), "warm {} vs cold {}", warm.iterations(), cold.iterations());
}
