//! Ranking algorithms over an [`InfluenceGraph`](crate::InfluenceGraph).
//!
//! One module per algorithm, each a `Config` with documented defaults that is
//! validated into an error (never a panic), and a `run(&graph)` returning a
//! [`Ranking`]. Iterative ones share the driver in `driver`.

pub(crate) mod baselines;
pub(crate) mod driver;
pub(crate) mod hits;
pub(crate) mod influence_passivity;
pub(crate) mod katz;
pub(crate) mod leaderrank;
pub(crate) mod pagerank;
pub(crate) mod ranking;
pub(crate) mod registry;
pub(crate) mod trustrank;
pub(crate) mod tunkrank;

pub use baselines::{FollowersConfig, InDegreeConfig, InStrengthConfig};
pub use driver::Progress;
pub use hits::HitsConfig;
pub use influence_passivity::InfluencePassivityConfig;
pub use katz::{EigenvectorConfig, KatzConfig};
pub use leaderrank::LeaderRankConfig;
pub use pagerank::{Dangling, PageRank, PageRankConfig, Precision, Solver};
pub use ranking::Ranking;
pub use registry::Algorithm;
pub use trustrank::TrustRankConfig;
pub use tunkrank::TunkRankConfig;
