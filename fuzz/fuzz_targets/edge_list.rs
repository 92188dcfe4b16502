//! Edge lists: `load_edge_list` into a builder, `build`, a short PageRank,
//! and `read_interactions_edge_list` (whose records must survive the
//! writers' round trip). Must never panic; errors are fine.

#![no_main]

use influence::io;
use influence::{GraphBuilder, PageRankConfig, Solver};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(init: common::single_thread(), |data: &[u8]| {
    if data.len() > common::MAX_LEN {
        return;
    }
    let mut builder = GraphBuilder::default();
    if io::load_edge_list(data, None, &mut builder).is_ok() {
        if let Ok(graph) = builder.build() {
            let config = PageRankConfig::default().max_iterations(20);
            let tolerance = config.get_tolerance();
            if let Ok(ranking) = config.run(&graph) {
                common::check_ranking(&ranking, Solver::Power, tolerance, "edge list");
            }
        }
    }
    if let Ok(records) = io::read_interactions_edge_list(data, None) {
        common::check_interactions_round_trip(&records);
    }
});
