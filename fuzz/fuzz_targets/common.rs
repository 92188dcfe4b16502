//! Helpers shared by the fuzz targets: one rayon thread, input size limits,
//! and the checks every target makes on what the library returns.

#![allow(dead_code)] // Each target uses a part of this module.

use influence::io::{self, OutputFormat};
use influence::{Interaction, Ranking, Solver, UserFacts};

/// The longest text input a target reads (libFuzzer's `-max_len` should be
/// at most this; longer inputs are skipped so that runs explore instead of
/// crawling).
pub const MAX_LEN: usize = 4096;

/// One rayon thread: the fuzzers share the machine, and single-threaded runs
/// are reproducible.
pub fn single_thread() {
    let _ = rayon::ThreadPoolBuilder::new().num_threads(1).build_global();
}

/// A ranking returned `Ok` holds finite, non-negative scores; a converged
/// one sums to 1 (within 1e-6, plus the tolerance for the push solver,
/// which stops once its scores are within `tolerance` (L1) of the fixed
/// point).
pub fn check_ranking(ranking: &Ranking, solver: Solver, tolerance: f64, what: &str) {
    for (user, score) in ranking.iter() {
        assert!(score.is_finite(), "{what}: score of {user:?} is {score}");
    }
    if ranking.converged() {
        let sum: f64 = ranking.scores().iter().sum();
        let slack = if solver == Solver::Push { 1e-6 + tolerance } else { 1e-6 };
        assert!(
            (sum - 1.0).abs() <= slack,
            "{what}: converged ({} iterations, residual {}) but scores sum to {sum}",
            ranking.iterations(),
            ranking.residual()
        );
    }
}

/// What a reader read, once written by the writers (when they accept it),
/// reads back identically, as `write_interactions_csv` and
/// `write_interactions_jsonl` promise.
pub fn check_interactions_round_trip(records: &[Interaction]) {
    let mut csv = Vec::new();
    if io::write_interactions_csv(records, &mut csv).is_ok() {
        let back = io::read_interactions_csv(csv.as_slice(), None);
        assert_eq!(back.as_deref().ok(), Some(records), "CSV round trip of {records:?}: {back:?}");
    }
    let mut jsonl = Vec::new();
    if io::write_interactions_jsonl(records, &mut jsonl).is_ok() {
        let back = io::read_interactions_jsonl(jsonl.as_slice(), None);
        assert_eq!(back.as_deref().ok(), Some(records), "JSON lines round trip of {records:?}: {back:?}");
    }
}

/// Facts that `write_facts_csv` accepts read back identically.
pub fn check_facts_round_trip(facts: &[UserFacts]) {
    let mut csv = Vec::new();
    if io::write_facts_csv(facts, &mut csv).is_ok() {
        let back = io::read_facts_from(csv.as_slice(), None);
        assert_eq!(back.as_deref().ok(), Some(facts), "facts round trip of {facts:?}: {back:?}");
    }
}

/// Every output format.
pub const OUTPUT_FORMATS: [OutputFormat; 3] = [OutputFormat::Tsv, OutputFormat::Csv, OutputFormat::Json];
