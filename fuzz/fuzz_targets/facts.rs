//! User facts CSV: `read_facts_from`, and what it reads survives
//! `write_facts_csv` and a second read. Must never panic; errors are fine.

#![no_main]

use influence::io;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(init: common::single_thread(), |data: &[u8]| {
    if data.len() > common::MAX_LEN {
        return;
    }
    if let Ok(facts) = io::read_facts_from(data, None) {
        common::check_facts_round_trip(&facts);
    }
});
