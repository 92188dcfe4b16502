//! The graph builder and petgraph interop through the public API.

use influence::{
    ErrorKind, GraphBuilder, GraphConfig, InfluenceGraph, Interaction, InteractionKind, KindWeights, Limits, Network,
};
use petgraph::graphmap::DiGraphMap;
use petgraph::stable_graph::StableGraph;

fn tw(a: &str, b: &str, kind: InteractionKind) -> Interaction {
    Interaction::new(a, b).kind(kind).network(Network::Twitter)
}

#[test]
fn merges_interactions_per_network_and_combines_layers() {
    let mut b = GraphBuilder::default();
    b.add_interaction(&tw("a", "b", InteractionKind::Reshare)).unwrap();
    b.add_interaction(&tw("a", "b", InteractionKind::Like)).unwrap();
    b.add_interaction(&Interaction::new("a", "b").kind(InteractionKind::Comment).network(Network::Facebook)).unwrap();
    b.add_interaction(&Interaction::new("c", "a").network(Network::Facebook).weight(2.0)).unwrap();
    b.add_interaction(&Interaction::new("c", "c")).unwrap();
    let g = b.build().unwrap();
    let s = g.stats();
    assert_eq!((s.users, s.edges, s.interactions, s.merged, s.self_loops_dropped, s.layers), (3, 2, 5, 1, 1, 2));
    let (a, bb) = (g.user_index("a").unwrap(), g.user_index("b").unwrap());
    let w = KindWeights::default();
    let twitter = g.layer(&Network::Twitter).unwrap();
    assert_eq!(twitter.in_edges(bb).collect::<Vec<_>>(), vec![(a, w.reshare + w.like)]);
    assert_eq!(twitter.edge_count(), 1);
    let facebook = g.layer(&Network::Facebook).unwrap();
    assert_eq!(facebook.edge_count(), 2);
    let combined: Vec<_> = g.combined().in_edges(bb).collect();
    assert_eq!(combined, vec![(a, w.reshare + w.like + w.comment)]);
    assert_eq!(g.combined().out_weight(a), w.reshare + w.like + w.comment);
    assert!(g.layer(&Network::LinkedIn).is_none());
    assert!(s.memory_bytes > 0);
    assert_eq!(g.layers().map(|(n, _)| n.clone()).collect::<Vec<_>>(), [Network::Twitter, Network::Facebook]);
}

#[test]
fn unweighted_counts_each_pair_once() {
    let mut b = GraphBuilder::new(GraphConfig::default().unweighted(true)).unwrap();
    for _ in 0..3 {
        b.add_edge("x", "y", 5.0).unwrap();
    }
    let g = b.build().unwrap();
    assert!(!g.combined().is_weighted());
    assert_eq!(g.combined().in_edges(1).collect::<Vec<_>>(), vec![(0, 1.0)]);
}

#[test]
fn zero_weight_kinds_and_edges_add_users_but_no_edges() {
    let weights = KindWeights::default().set(&InteractionKind::Follow, 0.0);
    let mut b = GraphBuilder::new(GraphConfig::default().kind_weights(weights)).unwrap();
    b.add_interaction(&tw("a", "b", InteractionKind::Follow)).unwrap();
    b.add_edge("c", "d", 0.0).unwrap();
    let g = b.build().unwrap();
    assert_eq!((g.user_count(), g.edge_count(), g.stats().ignored), (4, 0, 2));
}

#[test]
fn bad_weights_and_configs_are_errors() {
    let mut b = GraphBuilder::default();
    for w in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0] {
        let err = b.add_edge("a", "b", w).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidWeight { .. }), "{w}: {err}");
        let err = b.add_interaction(&Interaction::new("a", "b").weight(w)).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidWeight { .. }));
    }
    let bad = KindWeights::default().set(&InteractionKind::Like, -0.5);
    assert!(GraphBuilder::new(GraphConfig::default().kind_weights(bad)).is_err());
    assert!(matches!(GraphBuilder::default().build().unwrap_err().kind(), ErrorKind::EmptyGraph { .. }));
    let err = GraphBuilder::default().add_edge_by_index(0, 1, 1.0).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::UnknownUser { .. }));
}

#[test]
fn overflowing_sums_are_errors() {
    let mut b = GraphBuilder::default();
    b.add_edge("a", "b", f64::MAX).unwrap();
    b.add_edge("a", "b", f64::MAX).unwrap();
    let err = b.build().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidWeight { .. }));
    assert!(err.to_string().contains("\"a\""), "{err}");
}

#[test]
fn a_refused_interaction_leaves_the_builder_as_it_was() {
    let limits = Limits::default().max_users(3).max_edges(2);
    let mut b = GraphBuilder::new(GraphConfig::default().limits(limits)).unwrap();
    b.add_edge("a", "b", 1.0).unwrap();
    // Two new users where one fits: neither is added.
    let err = b.add_edge("c", "d", 1.0).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooLarge { what: influence::Counted::Users, limit: 3 }), "{err}");
    assert_eq!(b.user_count(), 2);
    b.add_edge("c", "c", 1.0).unwrap();
    b.add_edge("c", "a", 0.0).unwrap();
    assert_eq!(b.user_count(), 3);
    b.add_edge("c", "a", 1.0).unwrap();
    // The edge limit is hit before the new user is looked at.
    let err = b.add_interaction(&Interaction::new("b", "d")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooLarge { what: influence::Counted::Edges, limit: 2 }), "{err}");
    assert_eq!(b.user_count(), 3);
    let g = b.build().unwrap();
    let s = g.stats();
    assert_eq!((s.users, s.edges, s.interactions, s.self_loops_dropped, s.ignored), (3, 2, 4, 1, 1));
}

#[test]
fn limits_travel_with_the_config() {
    let limits = Limits::default().max_line_bytes(100).max_users(10).max_edges(20);
    assert_eq!((limits.get_max_line_bytes(), limits.get_max_users(), limits.get_max_edges()), (100, 10, 20));
    let config = GraphConfig::default().limits(limits);
    assert_eq!(config.get_limits(), &limits);
    let d = Limits::default();
    assert_eq!(
        (d.get_max_line_bytes(), d.get_max_users(), d.get_max_edges()),
        (64 << 10, u64::from(u32::MAX) - 1, u64::MAX)
    );
    // A config saved before limits existed reads back with the defaults.
    let json = serde_json::to_value(GraphConfig::default()).unwrap();
    let mut old = json.clone();
    old.as_object_mut().unwrap().remove("limits");
    assert_eq!(serde_json::from_value::<GraphConfig>(old).unwrap(), GraphConfig::default());
    let back: GraphConfig = serde_json::from_value(serde_json::to_value(&config).unwrap()).unwrap();
    assert_eq!(back, config);
}

#[test]
fn petgraph_graph_round_trips() {
    let mut pg = petgraph::Graph::<(), f32>::new();
    let n: Vec<_> = (0..4).map(|_| pg.add_node(())).collect();
    pg.add_edge(n[0], n[1], 1.5);
    pg.add_edge(n[0], n[1], 0.5); // parallel: merged
    pg.add_edge(n[2], n[2], 1.0); // self-loop: dropped
    pg.add_edge(n[1], n[2], 2.0);
    let g = InfluenceGraph::from_petgraph(&pg).unwrap();
    assert_eq!((g.user_count(), g.edge_count(), g.stats().self_loops_dropped), (4, 2, 1));
    let out = g.to_petgraph();
    assert_eq!(out.node_count(), 4);
    let mut edges: Vec<_> =
        out.raw_edges().iter().map(|e| (e.source().index(), e.target().index(), e.weight)).collect();
    edges.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(edges, vec![(0, 1, 2.0), (1, 2, 2.0)]);
    assert_eq!(out[petgraph::graph::NodeIndex::new(3)], "3");
}

#[test]
fn stable_graph_with_holes_and_graphmap_import() {
    let mut sg = StableGraph::<&str, u8>::new();
    let a = sg.add_node("a");
    let gone = sg.add_node("gone");
    let c = sg.add_node("c");
    sg.add_edge(a, c, 3);
    sg.add_edge(gone, c, 1);
    sg.remove_node(gone);
    let g = InfluenceGraph::from_petgraph(&sg).unwrap();
    assert_eq!(g.user_ids().collect::<Vec<_>>(), ["0", "2"]);
    assert_eq!(g.combined().in_edges(1).collect::<Vec<_>>(), vec![(0, 3.0)]);

    let mut gm = DiGraphMap::<u32, f64>::new();
    gm.add_edge(7, 9, 0.25);
    gm.add_node(11);
    let g = InfluenceGraph::from_petgraph_with(&gm, GraphConfig::default(), |n| format!("user{n}"), |&w| w).unwrap();
    assert_eq!(g.user_count(), 3);
    // Numbered in order of id: "user11" < "user7" < "user9".
    assert_eq!(g.user_index("user11"), Some(0));
    // Bad weights from petgraph are errors too.
    let mut bad = petgraph::Graph::<(), f64>::new();
    let (x, y) = (bad.add_node(()), bad.add_node(()));
    bad.add_edge(x, y, f64::NAN);
    assert!(InfluenceGraph::from_petgraph(&bad).is_err());
}

#[test]
fn f32_weights_store_every_weight_in_four_bytes() {
    use influence::EdgeWeights;
    let interactions = [
        tw("a", "b", InteractionKind::Reply),
        tw("a", "b", InteractionKind::Like),
        tw("c", "b", InteractionKind::Mention),
        Interaction::new("b", "a").kind(InteractionKind::Follow).network(Network::Facebook),
    ];
    let build = |f32_weights: bool| {
        let mut b = GraphBuilder::new(GraphConfig::default().f32_weights(f32_weights)).unwrap();
        for i in &interactions {
            b.add_interaction(i).unwrap();
        }
        b.build().unwrap()
    };
    let (exact, rounded) = (build(false), build(true));
    assert!(GraphConfig::default().f32_weights(true).get_f32_weights());
    // The default kind weights (0.8, 0.3, 0.6, 0.2) are not f32s: 8 bytes
    // each unless rounding is asked for, in the combined graph and the layers.
    assert!(matches!(exact.combined().weights(), Some(EdgeWeights::F64(_))));
    assert!(matches!(rounded.combined().weights(), Some(EdgeWeights::F32(_))));
    assert!(matches!(rounded.layer(&Network::Twitter).unwrap().weights(), Some(EdgeWeights::F32(_))));
    assert_eq!(exact.memory_bytes() - rounded.memory_bytes(), 4 * (3 + 3), "3 combined and 3 layer edges");
    // Each weight is the nearest f32 of the exact one, and the out-weights
    // are the sums of the stored weights.
    let (a, b) = (rounded.user_index("a").unwrap(), rounded.user_index("b").unwrap());
    let w = KindWeights::default();
    let in_b: Vec<_> = rounded.combined().in_edges(b).collect();
    assert!(in_b.contains(&(a, f64::from((w.reply + w.like) as f32))), "{in_b:?}");
    let out = rounded.combined().out_weights();
    assert_eq!(out[a as usize], f64::from((w.reply + w.like) as f32));
    assert_ne!(out[a as usize], w.reply + w.like);
}

#[test]
fn f32_weights_refuse_weights_no_f32_holds() {
    let config = GraphConfig::default().f32_weights(true);
    // The last: each fits, their merged sum does not.
    for weights in [&[1e39][..], &[1e-39][..], &[3e38, 3e38][..]] {
        let shown = weights.iter().sum::<f64>().to_string();
        let mut b = GraphBuilder::new(config.clone()).unwrap();
        for &w in weights {
            b.add_edge("ann", "bob", w).unwrap();
        }
        let err = b.build().unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidWeight { .. }), "{err}");
        let message = err.to_string();
        assert!(message.contains(&shown) && message.contains("\"ann\"") && message.contains("f32"), "{message}");
        // Without rounding the same weights build.
        let mut b = GraphBuilder::default();
        for &w in weights {
            b.add_edge("ann", "bob", w).unwrap();
        }
        assert!(b.build().is_ok());
    }
    // 0 and the f32 range's ends are fine.
    let mut b = GraphBuilder::new(config).unwrap();
    b.add_edge("a", "b", 0.0).unwrap();
    b.add_edge("b", "c", f64::from(f32::MIN_POSITIVE)).unwrap();
    b.add_edge("c", "a", f64::from(f32::MAX)).unwrap();
    assert!(b.build().is_ok());
}

#[test]
fn subnormal_weights_and_f32_underflow_are_errors() {
    use influence::{ErrorKind, PageRankConfig, Precision};
    // A subnormal weight would make 1 / out-weight overflow.
    let mut b = GraphBuilder::default();
    let err = b.add_edge("a", "b", 5e-324).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidWeight { .. }), "{err}");
    assert!(err.to_string().contains("5e-324"), "{err}");
    // The smallest normal weight is fine in f64, refused for f32 storage.
    let mut b = GraphBuilder::default();
    b.add_edge("a", "b", f64::MIN_POSITIVE).unwrap();
    b.add_edge("b", "a", 1.0).unwrap();
    let g = b.build().unwrap();
    let ranking = PageRankConfig::default().run(&g).unwrap();
    assert!(ranking.scores().iter().all(|s| s.is_finite()));
    let err = PageRankConfig::default().precision(Precision::F32).run(&g).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidConfig { .. }), "{err}");
}
