//! Interaction CSV: `read_interactions_csv` (whose records must survive the
//! writers' round trip) and `load_csv` into a builder, then `build`. Must
//! never panic; errors are fine.

#![no_main]

use influence::GraphBuilder;
use influence::io;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(init: common::single_thread(), |data: &[u8]| {
    if data.len() > common::MAX_LEN {
        return;
    }
    if let Ok(records) = io::read_interactions_csv(data, None) {
        common::check_interactions_round_trip(&records);
    }
    let mut builder = GraphBuilder::default();
    if io::load_csv(data, None, &mut builder).is_ok() {
        let _ = builder.build();
    }
});
