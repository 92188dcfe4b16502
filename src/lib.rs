//! # influence
//!
//! Open, exact and fast influence scores for social-network users: a
//! Klout-style **1–100 score** that is calibrated (mean 40, top 5 % from
//! 63), hard to buy with fake accounts, and explained part by part.
//!
//! Users are nodes; every reaction one user gives another — a reshare, a
//! reply, a comment, a mention, a like, a follow, on any network — is a
//! weighted edge from the reactor to the user reacted to. A user's influence
//! depends on how much others react to them *and on who reacts*: reactions
//! count through their reactor's [`score::Standing`] and the PageRank
//! influence the reactor passes on, per network, over a 90-day window with
//! fading weights.
//!
//! Start with [`score::ScoreModel`] (the score), or with the `influence`
//! command-line program (`influence score FILE`, `influence explain FILE
//! USER`, and `influence report FILE -o report.html` for one HTML page of
//! charts: the distribution, each user's breakdown, the score over time and
//! against later reactions; the README lists every command) and the examples
//! (`cargo run --example klout_score`, `quickstart`, `explain`,
//! `daily_update`, `topics`, `real_gaming`). Below the score sit weighted,
//! personalized PageRank and a dozen other measures over a reaction graph,
//! exact (results match a dense linear solve and NetworkX/igraph) and fast
//! (pull-based CSR iteration on all cores, bit-identical whatever the
//! thread count). If you need general graph algorithms, use petgraph; this
//! crate does one job.
//!
//! ## Quick start: the score
//!
//! ```
//! use influence::generate::SocialConfig;
//! use influence::score::{ScoreConfig, ScoreModel};
//!
//! let interactions = SocialConfig::default().users(300).interactions()?;
//! let model = ScoreModel::builder(ScoreConfig::default()).build(&interactions)?;
//! let calibration = model.fit_calibration()?; // keep it to compare days
//! let best = &model.scores(&calibration)?[0];
//! assert!(best.score > 90.0);
//! println!("{}", model.explain(&calibration, &best.user, 3)?); // where the points came from
//! # Ok::<(), influence::Error>(())
//! ```
//!
//! ## Quick start: a ranking
//!
//! ```
//! use influence::{GraphBuilder, Interaction, InteractionKind, Network, PageRankConfig};
//!
//! let mut builder = GraphBuilder::default();
//! for (actor, target, kind) in [
//!     ("ann", "bob", InteractionKind::Reshare),
//!     ("cy", "bob", InteractionKind::Reply),
//!     ("bob", "ann", InteractionKind::Like),
//!     ("dee", "ann", InteractionKind::Mention),
//! ] {
//!     builder.add_interaction(&Interaction::new(actor, target).kind(kind).network(Network::Twitter))?;
//! }
//! let graph = builder.build()?;
//! let ranking = PageRankConfig::default().tolerance(1e-10).run(&graph)?;
//! assert!(ranking.converged());
//! for (user, score) in ranking.top(2) {
//!     println!("{user}\t{score:.4}");
//! }
//! # Ok::<(), influence::Error>(())
//! ```
//!
//! ## Tour
//!
//! - [`Interaction`], [`InteractionKind`], [`Network`]: the vocabulary. An
//!   interaction says *actor reacted to target*; influence flows from actor
//!   to target, and may carry a topic. [`UserFacts`] add what a user
//!   published and how many follow them, per network.
//! - [`GraphBuilder`] with [`GraphConfig`] and [`KindWeights`]: interns ids
//!   to dense `u32` indices, merges all interactions of one (network, actor,
//!   target) into one weighted edge, drops and counts self-interactions, and
//!   builds an immutable [`InfluenceGraph`]: compressed sparse rows of
//!   incoming edges ([`Layer`]), one per network plus the combined graph,
//!   with [`BuildStats`] and per-layer [`DegreeSummary`]s.
//!   [`InfluenceGraph::from_petgraph`] and
//!   [`InfluenceGraph::to_petgraph`] convert from and to petgraph.
//!   [`Limits`] cap the longest line, the users and the edges of an input,
//!   so that a hostile file fails with an error instead of exhausting memory.
//! - [`PageRankConfig`] and [`PageRank`]: weighted, personalized PageRank
//!   with NetworkX's dangling-user semantics ([`Dangling`]), returning a
//!   [`Ranking`] that reports iterations, the final L1 residual and whether
//!   it converged.
//! - `distributed` (cargo feature `distributed`, Rust 1.86): the same
//!   PageRank on timely-dataflow workers across threads, processes and
//!   machines (`PageRank::run_distributed`).
//! - [`Algorithm`]: every influence measure by name, each with its own
//!   config: [`PageRankConfig`] (solvers [`Solver`], storage [`Precision`]),
//!   [`HitsConfig`], [`TunkRankConfig`], [`LeaderRankConfig`],
//!   [`KatzConfig`], [`EigenvectorConfig`], [`TrustRankConfig`],
//!   [`InfluencePassivityConfig`], and the baselines [`InDegreeConfig`],
//!   [`InStrengthConfig`] and [`FollowersConfig`].
//! - [`score`]: the Klout-style 1–100 score over several networks:
//!   [`score::ScoreModel`] (a 90-day window with fading weights, saturated
//!   repeated reactions, per network the [`score::Standing`] of whose
//!   reactions count and a PageRank teleporting to them, optional
//!   [`UserFacts`]), [`score::Calibration`] (mean 40, top 5 % from 63,
//!   versioned JSON), exact [`score::Explanation`]s by network, kind and
//!   partner, topic influence, warm-started daily updates, `forget`, and
//!   weights learned from labelled comparisons.
//! - [`agreement`]: Spearman, Kendall tau and top-k overlap between
//!   rankings; [`spread`]: Independent Cascade simulation and the check of
//!   which measure predicts spreading; [`temporal`]: the score, every
//!   measure and counting baselines scored before a time, against the
//!   reactions each user receives after it.
//! - [`io`]: [`io::Reader`], one builder for edge lists (SNAP files as they
//!   are), interaction CSV, JSON lines and published data sets whose columns
//!   it names, plain or gzipped; readers for user facts CSV and lists of
//!   user ids, with errors naming file and line; writers for rankings, interactions and facts; calibrated
//!   scores written and read back bit for bit.
//! - [`generate`]: seeded synthetic graphs (R-MAT, a multi-network social
//!   interaction model, uniform or shaped like real broadcast data) for
//!   examples, tests and benchmarks.
//! - [`Error`]: one error type; [`Error::kind`] says what, [`Error::position`]
//!   says where in the input.
//!
//! Edge direction throughout: `a → b` (and an edge-list line `a b w`) means
//! *a reacted to b*.
//!
//! ## Features
//!
//! - `serde` (default): `Serialize`/`Deserialize` for the public data types,
//!   and a calibration's JSON form (`Calibration::to_json`, `from_json`,
//!   `read`, `write`); the items that need it say so.
//! - `cli` (default): the `influence` command-line program (turns on `serde`,
//!   which it needs for calibrations and JSON output).
#![warn(missing_docs, missing_debug_implementations, unreachable_pub, rust_2018_idioms)]
#![deny(unsafe_op_in_unsafe_fn)]

pub mod agreement;
mod algo;
#[cfg(feature = "distributed")]
pub mod distributed;
mod error;
pub mod generate;
mod graph;
mod interaction;
pub mod io;
mod prefetch;
pub mod score;
pub mod spread;
pub mod temporal;

pub use algo::{
    Algorithm, Dangling, EigenvectorConfig, FollowersConfig, HitsConfig, InDegreeConfig, InStrengthConfig,
    InfluencePassivityConfig, KatzConfig, LeaderRankConfig, PageRank, PageRankConfig, Precision, Progress, Ranking,
    Solver, TrustRankConfig, TunkRankConfig,
};
pub use error::{Counted, Error, ErrorKind, Position, Result};
pub use graph::{
    BuildStats, DegreeSummary, EdgeWeights, GRAPH_FILE_MAGIC, GraphBuilder, GraphConfig, InfluenceGraph, KindWeights,
    Layer, is_graph_file,
};
pub use interaction::{Interaction, InteractionKind, Network, UserFacts};
pub use io::Limits;

/// The README's code blocks, compiled and run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
