//! Invariants of the graph and PageRank, checked with proptest.

mod common;

use common::{Rng, build, dense_pagerank, l1, random_edges};
use influence::{PageRankConfig, Ranking};
use proptest::prelude::*;

/// A random graph: `n` users and edges `(u, v, w)` among them.
fn graphs() -> impl Strategy<Value = (usize, Vec<(usize, usize, f64)>)> {
    (1usize..60).prop_flat_map(|n| {
        let edge = (0..n, 0..n, prop_oneof![Just(1.0), 0.01f64..100.0]);
        (Just(n), prop::collection::vec(edge, 0..(4 * n)))
    })
}

fn rank(g: &influence::InfluenceGraph) -> Ranking {
    PageRankConfig::default().tolerance(1e-13).run(g).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn scores_sum_to_one_and_are_positive((n, edges) in graphs()) {
        let g = build(n, &edges, |i| format!("u{i}"));
        let r = rank(&g);
        prop_assert!(r.converged());
        let sum: f64 = r.scores().iter().sum();
        prop_assert!((sum - 1.0).abs() < 1e-12, "sum {sum}");
        prop_assert!(r.scores().iter().all(|&x| x > 0.0));
    }

    #[test]
    fn equals_the_dense_exact_solve((n, edges) in graphs(), d in 0.05f64..0.95) {
        let g = build(n, &edges, |i| format!("u{i}"));
        let r = PageRankConfig::default().damping(d).tolerance(1e-12).run(&g).unwrap();
        let uniform = vec![1.0 / n as f64; n];
        prop_assert!(l1(r.scores(), &dense_pagerank(&g, d, &uniform, &uniform)) < 1e-9);
    }

    #[test]
    fn renaming_users_changes_nothing_else((n, edges) in graphs()) {
        let a = rank(&build(n, &edges, |i| format!("u{i}")));
        // Same structure, other names: the same bits at the same indices.
        let b = rank(&build(n, &edges, |i| format!("renamed-{}", n - i)));
        prop_assert_eq!(a.scores(), b.scores());
        prop_assert_eq!(a.iterations(), b.iterations());
        for i in 0..n as u32 {
            prop_assert_eq!(a.score(&format!("u{i}")), b.score(&format!("renamed-{}", n - i as usize)));
        }
    }

    #[test]
    fn relabelling_users_permutes_scores((n, edges) in graphs(), seed in any::<u64>()) {
        // A random permutation of indices: user i of `a` becomes perm[i] in `b`.
        let mut perm: Vec<usize> = (0..n).collect();
        let mut rng = Rng(seed);
        for i in (1..n).rev() {
            perm.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let mut inverse = vec![0; n];
        for (i, &p) in perm.iter().enumerate() {
            inverse[p] = i;
        }
        let a = rank(&build(n, &edges, |i| format!("u{i}")));
        let moved: Vec<_> = edges.iter().map(|&(u, v, w)| (perm[u], perm[v], w)).collect();
        let b = rank(&build(n, &moved, |j| format!("u{}", inverse[j])));
        for i in 0..n {
            let id = format!("u{i}");
            // Summation order differs, so compare to rounding, not bits.
            prop_assert!((a.score(&id).unwrap() - b.score(&id).unwrap()).abs() < 1e-13);
        }
    }

    #[test]
    fn a_new_reaction_never_lowers_its_target((n, edges) in graphs(), extra in (0usize..60, 0usize..60, 0.01f64..10.0)) {
        let (a, b, w) = (extra.0 % n, extra.1 % n, extra.2);
        prop_assume!(a != b);
        let before = rank(&build(n, &edges, |i| format!("u{i}")));
        let mut more = edges.clone();
        more.push((a, b, w));
        let after = rank(&build(n, &more, |i| format!("u{i}")));
        let id = format!("u{b}");
        prop_assert!(after.score(&id).unwrap() >= before.score(&id).unwrap() - 1e-12);
    }
}

/// Scores are bit-identical whatever the number of threads, on a graph large
/// enough to span many parallel chunks.
#[test]
fn thread_count_does_not_change_a_bit() {
    let mut rng = Rng(42);
    let n = 20_000;
    let edges = random_edges(&mut rng, n, 120_000, true);
    let g = build(n, &edges, |i| i.to_string());
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| PageRankConfig::default().tolerance(1e-12).run(&g).unwrap())
    };
    let one = run(1);
    for threads in [2, 3, 8] {
        let many = run(threads);
        assert_eq!(one.iterations(), many.iterations());
        assert!(one.scores().iter().zip(many.scores()).all(|(a, b)| a.to_bits() == b.to_bits()), "{threads} threads");
        assert_eq!(one.residual().to_bits(), many.residual().to_bits());
    }
}

/// Building is deterministic too: merged weights do not depend on the thread
/// count, nor on the order of the input lines.
#[test]
fn thread_count_does_not_change_the_graph() {
    let mut rng = Rng(3);
    let n = 5_000;
    let edges = random_edges(&mut rng, n, 200_000, true);
    let build_with = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| build(n, &edges, |i| i.to_string()))
    };
    let a = build_with(1);
    let b = build_with(4);
    let (la, lb) = (a.combined(), b.combined());
    assert_eq!(la.offsets(), lb.offsets());
    assert_eq!(la.sources(), lb.sources());
    let bits = |l: &influence::Layer| l.weights().unwrap().iter().map(|w| w.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(la), bits(lb));
    // The same lines in reverse order (user numbering kept): the same bits.
    let reversed: Vec<_> = edges.iter().rev().copied().collect();
    let c = build(n, &reversed, |i| i.to_string());
    assert_eq!(bits(la), bits(c.combined()));
    assert_eq!(bits(la).len(), la.edge_count());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// With the default canonical numbering, any order of the input lines
    /// gives the same users in the same order and bit-identical scores.
    #[test]
    fn line_order_does_not_change_a_bit(
        edges in prop::collection::vec((0u16..60, 0u16..60, 1u8..5), 1..300),
        seed in any::<u64>(),
        by_degree in any::<bool>(),
    ) {
        let config = influence::GraphConfig::default().degree_order(by_degree);
        let build_from = |edges: &[(u16, u16, u8)]| {
            let mut b = influence::GraphBuilder::new(config.clone()).unwrap();
            for &(u, v, w) in edges {
                b.add_edge(&format!("user{u}"), &format!("user{v}"), f64::from(w) * 0.3).unwrap();
            }
            b.build()
        };
        let mut shuffled = edges.clone();
        let mut rng = Rng(seed);
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, rng.below(i as u64 + 1) as usize);
        }
        match (build_from(&edges), build_from(&shuffled)) {
            (Ok(a), Ok(b)) => {
                prop_assert!(a.user_ids().eq(b.user_ids()));
                let ra = PageRankConfig::default().tolerance(1e-12).run(&a).unwrap();
                let rb = PageRankConfig::default().tolerance(1e-12).run(&b).unwrap();
                prop_assert!(ra.scores().iter().zip(rb.scores()).all(|(x, y)| x.to_bits() == y.to_bits()));
            }
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "one order built and the other did not"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Numbering by degree puts users in order of degree (given plus
    /// received interactions, ties by id) and changes no score by more than
    /// rounding: the same user gets the same score under either numbering.
    #[test]
    fn degree_numbering_only_renumbers(
        edges in prop::collection::vec((0u16..60, 0u16..60, 1u8..5), 1..300),
    ) {
        let build_with = |by_degree: bool| {
            let mut b = influence::GraphBuilder::new(influence::GraphConfig::default().degree_order(by_degree)).unwrap();
            for &(u, v, w) in &edges {
                b.add_edge(&format!("user{u}"), &format!("user{v}"), f64::from(w)).unwrap();
            }
            b.build()
        };
        let (Ok(by_id), Ok(by_degree)) = (build_with(false), build_with(true)) else {
            return Ok(());
        };
        let mut degree = std::collections::HashMap::<String, u32>::new();
        for &(u, v, _) in edges.iter().filter(|e| e.0 != e.1) {
            *degree.entry(format!("user{u}")).or_default() += 1;
            *degree.entry(format!("user{v}")).or_default() += 1;
        }
        let ids: Vec<&str> = by_degree.user_ids().collect();
        let mut expected: Vec<&str> = by_id.user_ids().collect();
        expected.sort_by_key(|id| std::cmp::Reverse(degree.get(*id).copied().unwrap_or(0)));
        prop_assert_eq!(ids, expected);
        let ra = PageRankConfig::default().tolerance(1e-13).run(&by_id).unwrap();
        let rb = PageRankConfig::default().tolerance(1e-13).run(&by_degree).unwrap();
        for id in by_id.user_ids() {
            let (a, b) = (ra.score(id).unwrap(), rb.score(id).unwrap());
            prop_assert!((a - b).abs() < 1e-12, "{}: {} vs {}", id, a, b);
        }
    }
}
