//! Seeded synthetic graphs and interaction data for examples, tests and
//! benchmarks.
//!
//! - [`RmatConfig`]: R-MAT / Kronecker graphs with the Graph500 parameters
//!   (Chakrabarti, Zhan & Faloutsos 2004), the standard PageRank benchmark
//!   input: `2^scale` users, `edge_factor · 2^scale` edges, heavily skewed
//!   degrees. [`RmatConfig::build`] streams the edges into the builder chunk
//!   by chunk, so a billion-edge graph never holds its edges twice.
//! - [`SocialConfig`]: a multi-network social interaction model producing
//!   [`Interaction`](crate::Interaction) records (reshares, replies, likes,
//!   follows, … on Twitter, Facebook, LinkedIn, Instagram, …, with times):
//!   heavy-tailed latent influence and activity, preferential choice of whom
//!   to react to, communities, reciprocity, lurkers and loners, and topics
//!   from the users' interests; [`SocialConfig::facts`] adds each user's
//!   posts and audience per network. [`PopulationShape`] chooses between
//!   tight communities where nearly everyone is reacted to (the default)
//!   and a broadcast network shaped after real Twitter data: a passive
//!   majority reacting to a heavy-tailed few, in bursts. The bundled samples
//!   `examples/data/social.csv` and `examples/data/social-facts.csv` are
//!   `SocialConfig::default()`'s.
//! - [`preferential_attachment`]: a directed Barabási–Albert (Price) graph.
//! - [`numbered_graph`]: the graph of users `"0"`, `"1"`, … from edges given
//!   by index, the way the index-based generators are built.
//!
//! # Determinism
//!
//! Everything is a pure function of its configuration, seed included. The
//! random numbers come from xoshiro256** seeded by SplitMix64, implemented
//! here from their published specifications (no `rand`, whose streams may
//! change between versions); parallel generators draw each fixed-size chunk
//! of work from its own stream, derived from the seed and the chunk index;
//! real numbers are built only with operations IEEE 754 rounds exactly. So a
//! configuration gives bit-identical output on every platform, in every
//! version of this module's format, and for every number of threads. Changing
//! any of that is a breaking change to the generated data and must be noted
//! in the changelog.
//!
//! # Example
//!
//! ```
//! use influence::generate::{RmatConfig, SocialConfig};
//! use influence::{GraphBuilder, PageRankConfig};
//!
//! let rmat = RmatConfig::default().scale(10).build()?;
//! assert_eq!(rmat.user_count(), 1024);
//!
//! let mut builder = GraphBuilder::default();
//! builder.add_interactions(&SocialConfig::default().users(100).interactions()?)?;
//! let social = builder.build()?;
//! let ranking = PageRankConfig::default().run(&social)?;
//! assert!(ranking.converged());
//! # Ok::<(), influence::Error>(())
//! ```

mod alias;
mod numbered;
mod preferential;
mod rmat;
pub(crate) mod rng;
mod social;

pub use numbered::numbered_graph;
pub use preferential::preferential_attachment;
pub use rmat::RmatConfig;
pub use social::{PopulationShape, SocialConfig};
