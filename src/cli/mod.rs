//! The `influence` program's own modules: argument definitions, input
//! loading with progress, and one module per subcommand.
//!
//! Everything here is a thin layer over the library; it must never hold
//! logic that library users would need too (say so in an issue instead).

pub(crate) mod args;
pub(crate) mod bench;
pub(crate) mod compare;
pub(crate) mod convert;
pub(crate) mod explain;
pub(crate) mod generate;
pub(crate) mod interrupt;
pub(crate) mod load;
pub(crate) mod manual;
pub(crate) mod output;
pub(crate) mod progress;
pub(crate) mod rank;
pub(crate) mod report;
pub(crate) mod score;
pub(crate) mod scoring;
pub(crate) mod stats;
pub(crate) mod topics;
pub(crate) mod validate;
