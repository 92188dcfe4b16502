//! Personalization vectors and user lists: `read_personalization`,
//! `read_personalization_for` against a small fixed graph (whatever it
//! accepts, PageRank must run on without NaN), and `read_user_ids`. Must
//! never panic; errors are fine.

#![no_main]

use std::sync::OnceLock;

use influence::io;
use influence::{GraphBuilder, InfluenceGraph, PageRankConfig, Solver};
use libfuzzer_sys::fuzz_target;

mod common;

/// `a → b → c → a`, `0 → a`, `1` isolated: a cycle, a dangling-free source
/// and a dangling user.
fn graph() -> &'static InfluenceGraph {
    static GRAPH: OnceLock<InfluenceGraph> = OnceLock::new();
    GRAPH.get_or_init(|| {
        let mut b = GraphBuilder::default();
        for (actor, target, weight) in [("a", "b", 1.0), ("b", "c", 2.0), ("c", "a", 0.5), ("0", "a", 1.0)] {
            b.add_edge(actor, target, weight).expect("a valid edge");
        }
        b.add_user("1").expect("a valid user");
        b.build().expect("a valid graph")
    })
}

fuzz_target!(init: common::single_thread(), |data: &[u8]| {
    if data.len() > common::MAX_LEN {
        return;
    }
    let _ = io::read_personalization(data, None);
    let _ = io::read_user_ids(data, None);
    let graph = graph();
    if let Ok(seeds) = io::read_personalization_for(data, None, graph) {
        let config = PageRankConfig::default().max_iterations(50).personalization(seeds);
        let tolerance = config.get_tolerance();
        if let Ok(ranking) = config.run(graph) {
            common::check_ranking(&ranking, Solver::Power, tolerance, "personalized");
        }
    }
});
