//! TunkRank, LeaderRank (plain and weighted) and Influence–Passivity against
//! plain reference implementations written here: dense matrices solved by
//! Gaussian elimination, or the paper's formulas iterated naively, on small
//! seeded random graphs and on tiny graphs whose values are derived by hand.

mod common;

use std::path::Path;

use influence::{
    Algorithm, GraphBuilder, InfluenceGraph, InfluencePassivityConfig, LeaderRankConfig, Ranking, TunkRankConfig,
};

type Edges = Vec<(String, String, f64)>;

fn build(edges: &[(String, String, f64)]) -> InfluenceGraph {
    let mut b = GraphBuilder::default();
    for (a, t, w) in edges {
        b.add_edge(a, t, *w).unwrap();
    }
    b.build().unwrap()
}

fn edges_of(list: &[(&str, &str)]) -> Edges {
    list.iter().map(|&(a, t)| (a.to_string(), t.to_string(), 1.0)).collect()
}

/// A seeded random graph on up to `n` users (those with at least one edge).
fn random_edges(seed: u64, n: usize, p: f64, weighted: bool) -> Edges {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut edges = Vec::new();
    for u in 0..n {
        for v in 0..n {
            if u != v && next() < p {
                let w = if weighted { [0.5, 1.0, 2.0, 3.7][(next() * 4.0) as usize] } else { 1.0 };
                edges.push((format!("u{u}"), format!("u{v}"), w));
            }
        }
    }
    edges
}

/// Dense adjacency `a[u][v]` = weight of `u → v`, by user index.
fn dense(graph: &InfluenceGraph) -> Vec<Vec<f64>> {
    let n = graph.user_count();
    let mut a = vec![vec![0.0; n]; n];
    for (u, v, w) in graph.combined().edges() {
        a[u as usize][v as usize] = w;
    }
    a
}

fn l1(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum()
}

// ---------------------------------------------------------------- TunkRank

/// The raw TunkRank fixed point: `(I − p·Pᵀ)·x = Pᵀ·1`, `P[u][v] = w/W(u)`.
fn tunkrank_dense(graph: &InfluenceGraph, p: f64) -> Vec<f64> {
    let a = dense(graph);
    let n = a.len();
    let out: Vec<f64> = a.iter().map(|row| row.iter().sum()).collect();
    let pt = |v: usize, u: usize| if out[u] > 0.0 { a[u][v] / out[u] } else { 0.0 };
    let m = (0..n).map(|v| (0..n).map(|u| f64::from(u8::from(u == v)) - p * pt(v, u)).collect()).collect();
    let b = (0..n).map(|v| (0..n).map(|u| pt(v, u)).sum()).collect();
    common::solve_dense(m, b)
}

#[test]
fn tunkrank_matches_dense_solve_on_random_graphs() {
    for seed in 0..6 {
        for &(weighted, p) in &[(false, 0.05), (true, 0.05), (true, 0.5), (false, 0.9)] {
            let g = build(&random_edges(seed, 10 + 10 * seed as usize, 0.1, weighted));
            let exact = tunkrank_dense(&g, p);
            let cfg = TunkRankConfig::default().retweet_probability(p).tolerance(1e-14).max_iterations(10_000);
            let raw = cfg.clone().run_unnormalized(&g).unwrap();
            assert!(raw.converged());
            let total: f64 = exact.iter().sum();
            assert!(l1(raw.scores(), &exact) / total < 1e-11, "seed {seed} p {p}");
            let r = cfg.run(&g).unwrap();
            let normalized: Vec<f64> = exact.iter().map(|x| x / total).collect();
            assert!(l1(r.scores(), &normalized) < 1e-11, "seed {seed} p {p}");
            assert!((r.scores().iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert_eq!(r.algorithm(), "tunkrank");
            assert_eq!(r.edge_visits(), r.iterations() as u64 * g.edge_count() as u64);
        }
    }
}

#[test]
fn tunkrank_by_hand() {
    let p = TunkRankConfig::DEFAULT_RETWEET_PROBABILITY;
    // Star l1, l2, l3 → h: each leaf follows only h and has no followers, so
    // Influence(h) = 3·(1 + p·0)/1 = 3 and the leaves have 0.
    let g = build(&edges_of(&[("l1", "h"), ("l2", "h"), ("l3", "h")]));
    let raw = TunkRankConfig::default().tolerance(1e-15).run_unnormalized(&g).unwrap();
    assert!((raw.score("h").unwrap() - 3.0).abs() < 1e-15);
    assert_eq!(raw.score("l1"), Some(0.0));
    // Chain a → b → c: Influence(b) = 1 + p·0, Influence(c) = 1 + p·Influence(b) = 1 + p.
    let g = build(&edges_of(&[("a", "b"), ("b", "c")]));
    let raw = TunkRankConfig::default().tolerance(1e-15).run_unnormalized(&g).unwrap();
    assert!((raw.score("b").unwrap() - 1.0).abs() < 1e-15);
    assert!((raw.score("c").unwrap() - (1.0 + p)).abs() < 1e-15);
    // 2-cycle: x = 1 + p·x, so x = 1/(1 − p); a reactor splitting attention
    // between two users gives each half: d → a, d → b adds 1/2 to each.
    let g = build(&edges_of(&[("a", "b"), ("b", "a"), ("d", "a"), ("d", "b")]));
    let raw = TunkRankConfig::default().tolerance(1e-15).run_unnormalized(&g).unwrap();
    assert!((raw.score("a").unwrap() - 1.5 / (1.0 - p)).abs() < 1e-13);
    // Weighted: w(d→a) = 3, w(d→b) = 1 gives a 3/4 of d's attention.
    let mut e = edges_of(&[("d", "a"), ("d", "b")]);
    e[0].2 = 3.0;
    let raw = TunkRankConfig::default().run_unnormalized(&build(&e)).unwrap();
    assert_eq!(raw.score("a"), Some(0.75));
    assert_eq!(raw.score("b"), Some(0.25));
}

// -------------------------------------------------------------- LeaderRank

/// LeaderRank by the explicit construction: the graph rebuilt with a user
/// "ground" linked both ways to everyone (ground → i weighted by
/// `in_degree(i)^β` when `beta` is given, user links weighted by the graph's
/// weights then, by 1 otherwise), its stationary distribution solved
/// densely, and the ground's share handed back evenly. Returns scores in the
/// original graph's user order.
fn leaderrank_explicit(graph: &InfluenceGraph, beta: Option<f64>) -> Vec<f64> {
    let n = graph.user_count();
    let mut edges = Edges::new();
    let mut in_degree = vec![0usize; n];
    for (u, v, w) in graph.combined().edges() {
        in_degree[v as usize] += 1;
        let w = if beta.is_some() { w } else { 1.0 };
        edges.push((graph.user_id(u).unwrap().to_string(), graph.user_id(v).unwrap().to_string(), w));
    }
    for (i, id) in graph.user_ids().enumerate() {
        edges.push((id.to_string(), "ground".to_string(), 1.0));
        let w = beta.map_or(1.0, |b| (in_degree[i] as f64).powf(b));
        if w > 0.0 {
            edges.push(("ground".to_string(), id.to_string(), w));
        }
    }
    let aug = build(&edges);
    let a = dense(&aug);
    let m = a.len();
    let out: Vec<f64> = a.iter().map(|row| row.iter().sum()).collect();
    // Stationary s = Tᵀs with T[u][v] = a/out(u): (Tᵀ − I)s = 0, last row Σs = 1.
    let mut mat: Vec<Vec<f64>> =
        (0..m).map(|v| (0..m).map(|u| a[u][v] / out[u] - f64::from(u8::from(u == v))).collect()).collect();
    let mut b = vec![0.0; m];
    mat[m - 1] = vec![1.0; m];
    b[m - 1] = 1.0;
    let s = common::solve_dense(mat, b);
    let g = aug.user_index("ground").unwrap() as usize;
    graph.user_ids().map(|id| s[aug.user_index(id).unwrap() as usize] + s[g] / n as f64).collect()
}

#[test]
fn leaderrank_equals_explicit_ground_node() {
    for seed in 0..6 {
        for weighted_graph in [false, true] {
            let g = build(&random_edges(100 + seed, 10 + 10 * seed as usize, 0.15, weighted_graph));
            let r = LeaderRankConfig::default().tolerance(1e-14).max_iterations(100_000).run(&g).unwrap();
            assert!(r.converged(), "seed {seed}");
            assert!((r.scores().iter().sum::<f64>() - 1.0).abs() < 1e-12);
            let explicit = leaderrank_explicit(&g, None);
            assert!(l1(r.scores(), &explicit) < 1e-10, "seed {seed}: {}", l1(r.scores(), &explicit));
            for beta in [0.0, 0.5, 1.0, 2.0] {
                let r = LeaderRankConfig::default()
                    .weighted(true)
                    .beta(beta)
                    .tolerance(1e-14)
                    .max_iterations(100_000)
                    .run(&g)
                    .unwrap();
                assert!(r.converged(), "seed {seed} beta {beta}");
                assert_eq!(r.algorithm(), "leaderrank-weighted");
                assert!((r.scores().iter().sum::<f64>() - 1.0).abs() < 1e-12);
                let explicit = leaderrank_explicit(&g, Some(beta));
                assert!(l1(r.scores(), &explicit) < 1e-10, "seed {seed} beta {beta}");
            }
        }
    }
}

#[test]
fn weighted_leaderrank_with_beta_zero_is_leaderrank_on_unweighted_graphs() {
    let g = build(&random_edges(7, 30, 0.1, false));
    let plain = LeaderRankConfig::default().tolerance(1e-13).run(&g).unwrap();
    let weighted = LeaderRankConfig::default().weighted(true).beta(0.0).tolerance(1e-13).run(&g).unwrap();
    assert!(l1(plain.scores(), weighted.scores()) < 1e-11);
}

#[test]
fn leaderrank_by_hand() {
    // Star l1, l2, l3 → h (n = 4). Leaves send 1/2 to h and 1/2 to the
    // ground, h sends all to the ground, the ground 1/4 to each user.
    // Stationary: s_l = s_g/4, s_h = 3·s_l/2 + s_g/4 = 5·s_g/8, and
    // 3·s_g/4 + 5·s_g/8 + s_g = 1 gives s_g = 8/19, s_l = 2/19, s_h = 5/19.
    // Handing back s_g/4 = 2/19: S_l = 4/19, S_h = 7/19.
    let g = build(&edges_of(&[("l1", "h"), ("l2", "h"), ("l3", "h")]));
    let r = LeaderRankConfig::default().tolerance(1e-15).run(&g).unwrap();
    assert!(r.converged());
    assert!((r.score("h").unwrap() - 7.0 / 19.0).abs() < 1e-14);
    assert!((r.score("l2").unwrap() - 4.0 / 19.0).abs() < 1e-14);
    // Weighted with β = 1 on the same star: the ground sends only to h
    // (the leaves have in-degree 0) and h only to the ground, so the walk
    // bounces between the two forever; the ranking says so.
    let w = LeaderRankConfig::default().weighted(true).max_iterations(200).run(&g).unwrap();
    assert!(!w.converged());
    assert_eq!(w.iterations(), 200);
    // No edges at all is impossible to build here (users come from edges),
    // so the 2-cycle closes the hand-checked cases: by symmetry 1/2 each.
    let g = build(&edges_of(&[("a", "b"), ("b", "a")]));
    for cfg in [LeaderRankConfig::default(), LeaderRankConfig::default().weighted(true)] {
        let r = cfg.tolerance(1e-15).run(&g).unwrap();
        assert!(r.converged());
        assert!((r.score("a").unwrap() - 0.5).abs() < 1e-15);
    }
}

// ---------------------------------------------------- Influence–Passivity

/// The paper's algorithm, written with its own indices: arc (i, j) when j
/// reacted to i, `w_ij` = the share of j's reactions that went to i.
fn influence_passivity_naive(graph: &InfluenceGraph, iterations: usize) -> (Vec<f64>, Vec<f64>) {
    let a = dense(graph);
    let n = a.len();
    let out: Vec<f64> = a.iter().map(|row| row.iter().sum()).collect();
    // arc[i][j]: does (i, j) exist; w[i][j] its weight.
    let arc = |i: usize, j: usize| a[j][i] > 0.0;
    let w = |i: usize, j: usize| a[j][i] / out[j];
    let u = |i: usize, j: usize| {
        let s: f64 = (0..n).filter(|&k| arc(k, j)).map(|k| w(k, j)).sum();
        w(i, j) / s
    };
    let v = |j: usize, i: usize| {
        let s: f64 = (0..n).filter(|&k| arc(j, k)).map(|k| 1.0 - w(j, k)).sum();
        if s > 0.0 { (1.0 - w(j, i)) / s } else { 0.0 }
    };
    let uu: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| if arc(i, j) { u(i, j) } else { 0.0 }).collect()).collect();
    let vv: Vec<Vec<f64>> = (0..n).map(|j| (0..n).map(|i| if arc(j, i) { v(j, i) } else { 0.0 }).collect()).collect();
    let (mut inf, mut pas) = (vec![1.0; n], vec![1.0; n]);
    for _ in 0..iterations {
        let mut p: Vec<f64> = (0..n).map(|i| (0..n).map(|j| vv[j][i] * inf[j]).sum()).collect();
        let mut q: Vec<f64> = (0..n).map(|i| (0..n).map(|j| uu[i][j] * p[j]).sum()).collect();
        for x in [&mut p, &mut q] {
            let s: f64 = x.iter().sum();
            x.iter_mut().for_each(|y| *y /= s);
        }
        let change = l1(&q, &inf) + l1(&p, &pas);
        inf = q;
        pas = p;
        if change < 1e-15 {
            break;
        }
    }
    (inf, pas)
}

#[test]
fn influence_passivity_matches_the_papers_iteration() {
    let mut checked = 0;
    for seed in 0..8 {
        let g = build(&random_edges(200 + seed, 10 + 7 * seed as usize, 0.15, seed % 2 == 1));
        let (i, p) = InfluencePassivityConfig::default().tolerance(1e-14).max_iterations(20_000).run_both(&g).unwrap();
        if !i.converged() {
            // The power iteration need not converge on every graph (as with
            // HITS); the run must then say so honestly, which it did.
            continue;
        }
        checked += 1;
        let (ni, np) = influence_passivity_naive(&g, 20_000);
        assert!(l1(i.scores(), &ni) < 1e-9, "seed {seed}: {}", l1(i.scores(), &ni));
        assert!(l1(p.scores(), &np) < 1e-9, "seed {seed}");
        assert!((i.scores().iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(i.algorithm(), "influence-passivity");
    }
    assert!(checked >= 6, "only {checked} of 8 random graphs converged");
}

#[test]
fn influence_passivity_by_hand() {
    // u reacts to v1 and v2, w to v1 only. Attention shares: u→v1 = u→v2 = 1/2,
    // w→v1 = 1. Rejection: D_v1 = (1 − 1/2) + (1 − 1) = 1/2, D_v2 = 1/2, so u
    // gets passivity I_v1 + I_v2 > 0 and w gets 0: P = (u: 1). Influence:
    // I_v1 = 1/2·P_u + 1·P_w = 1/2, I_v2 = 1/2·P_u = 1/2. A fixed point after
    // one iteration; the second confirms it.
    let g = build(&edges_of(&[("u", "v1"), ("u", "v2"), ("w", "v1")]));
    let (i, p) = InfluencePassivityConfig::default().run_both(&g).unwrap();
    assert!(i.converged());
    assert_eq!(i.iterations(), 2);
    assert_eq!(i.score("v1"), Some(0.5));
    assert_eq!(i.score("v2"), Some(0.5));
    assert_eq!(i.score("u"), Some(0.0));
    assert_eq!(p.score("u"), Some(1.0));
    assert_eq!(p.score("w"), Some(0.0));
    // A 2-cycle: each reacts only to the other, nobody rejects anything, so
    // passivity and influence are 0 everywhere (not NaN).
    let g = build(&edges_of(&[("a", "b"), ("b", "a")]));
    let r = InfluencePassivityConfig::default().run(&g).unwrap();
    assert_eq!(r.scores(), &[0.0, 0.0]);
    assert!(r.converged());
}

// ------------------------------------------------------------ everything

#[test]
fn invalid_configs_are_errors() {
    let g = build(&edges_of(&[("a", "b"), ("b", "c")]));
    for p in [1.0, 1.5, -0.1, f64::NAN, f64::INFINITY] {
        assert!(TunkRankConfig::default().retweet_probability(p).run(&g).is_err(), "p {p}");
    }
    assert!(TunkRankConfig::default().retweet_probability(0.0).run(&g).is_ok());
    assert!(TunkRankConfig::default().tolerance(0.0).run(&g).is_err());
    assert!(TunkRankConfig::default().tolerance(f64::NAN).run(&g).is_err());
    assert!(TunkRankConfig::default().max_iterations(0).run(&g).is_err());
    for beta in [-1.0, f64::NAN, f64::INFINITY] {
        assert!(LeaderRankConfig::default().weighted(true).beta(beta).run(&g).is_err(), "beta {beta}");
    }
    assert!(LeaderRankConfig::default().tolerance(-1.0).run(&g).is_err());
    assert!(LeaderRankConfig::default().max_iterations(0).run(&g).is_err());
    assert!(InfluencePassivityConfig::default().tolerance(0.0).run(&g).is_err());
    assert!(InfluencePassivityConfig::default().max_iterations(0).run_both(&g).is_err());
}

#[test]
fn every_social_variant_runs_on_karate_by_name() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/karate.edges");
    let g = influence::io::read_file(&path, influence::io::InputFormat::EdgeList, Default::default()).unwrap();
    for name in ["tunkrank", "leaderrank", "leaderrank-weighted", "influence-passivity"] {
        assert!(Algorithm::NAMES.contains(&name), "{name} is not registered");
        let algorithm: Algorithm = name.parse().unwrap();
        let r: Ranking = algorithm.run(&g).unwrap();
        assert_eq!(r.algorithm(), name);
        assert_eq!(r.len(), 34);
        assert!(r.converged(), "{name}");
        assert!(r.iterations() > 0 && r.edge_visits() > 0, "{name}");
        assert!((r.scores().iter().sum::<f64>() - 1.0).abs() < 1e-9, "{name}");
        assert!(r.scores().iter().all(|x| x.is_finite() && *x >= 0.0), "{name}");
        // The club's two leaders, 0 and 33, lead every one of these measures.
        let top: Vec<&str> = r.top(2).into_iter().map(|(u, _)| u).collect();
        assert!(top.contains(&"33") && top.contains(&"0"), "{name}: {top:?}");
    }
}
