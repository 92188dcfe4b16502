//! `Algorithm`: every ranking algorithm of the crate behind one interface,
//! so that the CLI (`influence rank --algorithm NAME`), comparisons and
//! benchmarks can pick one by name or iterate over them all.
//!
//! Adding an algorithm: a variant holding its config, its name in
//! [`Algorithm::NAMES`] and the three matches below. This module must never
//! contain an algorithm's math, only the dispatch.

use std::fmt;
use std::str::FromStr;

use super::baselines::{FollowersConfig, InDegreeConfig, InStrengthConfig};
use super::hits::HitsConfig;
use super::influence_passivity::InfluencePassivityConfig;
use super::katz::{EigenvectorConfig, KatzConfig};
use super::leaderrank::LeaderRankConfig;
use super::pagerank::PageRankConfig;
use super::ranking::Ranking;
use super::trustrank::TrustRankConfig;
use super::tunkrank::TunkRankConfig;
use crate::error::{Error, Result};
use crate::graph::InfluenceGraph;

/// A ranking algorithm with its configuration.
///
/// # Example
///
/// ```
/// use influence::{Algorithm, GraphBuilder};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("a", "b", 1.0)?;
/// b.add_edge("c", "b", 1.0)?;
/// let g = b.build()?;
/// for algorithm in Algorithm::all_for(&g) {
///     let ranking = algorithm.run(&g)?;
///     assert_eq!(ranking.algorithm(), algorithm.name());
///     assert_eq!(ranking.len(), 3);
/// }
/// let pagerank: Algorithm = "pagerank".parse()?;
/// assert_eq!(pagerank.run(&g)?.top(1)[0].0, "b");
/// assert!("no-such-measure".parse::<Algorithm>().is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Algorithm {
    /// Weighted, personalized PageRank ([`PageRankConfig`]).
    PageRank(PageRankConfig),
    /// Influence–Passivity, Romero et al. 2011 ([`InfluencePassivityConfig`]).
    InfluencePassivity(InfluencePassivityConfig),
    /// LeaderRank, Lü et al. 2011 ([`LeaderRankConfig`]).
    LeaderRank(LeaderRankConfig),
    /// Weighted LeaderRank, Li et al. 2014 ([`LeaderRankConfig::weighted`]).
    LeaderRankWeighted(LeaderRankConfig),
    /// HITS authorities, Kleinberg 1999 ([`HitsConfig`]).
    Hits(HitsConfig),
    /// In-strength baseline: weighted reactions received, scaled to sum 1 ([`InStrengthConfig`]).
    InStrength(InStrengthConfig),
    /// Followers baseline: distinct followers, where the input has follows ([`FollowersConfig`]).
    Followers(FollowersConfig),
    /// In-degree baseline: distinct reactors, scaled to sum 1 ([`InDegreeConfig`]).
    InDegree(InDegreeConfig),
    /// TrustRank, Gyöngyi et al. 2004 ([`TrustRankConfig`]). By name its seeds are the top 1 %
    /// of users by in-degree ([`TrustRankConfig::seeds_top_percent_by_in_degree`]).
    #[cfg_attr(feature = "serde", serde(rename = "trustrank"))]
    TrustRank(TrustRankConfig),
    /// Eigenvector centrality, NetworkX's definition ([`EigenvectorConfig`]); scores have Euclidean norm 1.
    Eigenvector(EigenvectorConfig),
    /// Katz centrality, Katz 1953 ([`KatzConfig`]); scores have Euclidean norm 1.
    Katz(KatzConfig),
    /// TunkRank, Tunkelang 2009 ([`TunkRankConfig`]).
    TunkRank(TunkRankConfig),
}

impl Algorithm {
    /// Every algorithm's name, in the order of [`Algorithm::all`].
    pub const NAMES: &'static [&'static str] = &[
        "pagerank",
        "hits",
        "tunkrank",
        "leaderrank",
        "leaderrank-weighted",
        "katz",
        "eigenvector",
        "trustrank",
        "influence-passivity",
        "in-degree",
        "in-strength",
        "followers",
    ];

    /// The algorithm called `name` (see [`Algorithm::NAMES`]) with its
    /// default configuration.
    pub fn from_name(name: &str) -> Result<Algorithm> {
        Ok(match name.trim().to_ascii_lowercase().as_str() {
            "pagerank" => Algorithm::PageRank(PageRankConfig::default()),
            "influence-passivity" => Algorithm::InfluencePassivity(InfluencePassivityConfig::default()),
            "leaderrank" => Algorithm::LeaderRank(LeaderRankConfig::default()),
            "leaderrank-weighted" => Algorithm::LeaderRankWeighted(LeaderRankConfig::default().weighted(true)),
            "hits" => Algorithm::Hits(HitsConfig::default()),
            "in-strength" => Algorithm::InStrength(InStrengthConfig::default()),
            "followers" => Algorithm::Followers(FollowersConfig::default()),
            "in-degree" => Algorithm::InDegree(InDegreeConfig::default()),
            "trustrank" => Algorithm::TrustRank(TrustRankConfig::default().seeds_top_percent_by_in_degree()),
            "eigenvector" => Algorithm::Eigenvector(EigenvectorConfig::default()),
            // No fixed α suits every graph: take half the largest safe one.
            "katz" => Algorithm::Katz(KatzConfig::default().alpha_from_spectrum(0.5)),
            "tunkrank" => Algorithm::TunkRank(TunkRankConfig::default()),
            _ => {
                return Err(Error::config(
                    "algorithm",
                    name,
                    format!("the algorithms are: {}", Algorithm::NAMES.join(", ")),
                ));
            }
        })
    }

    /// Every algorithm with its default configuration.
    pub fn all() -> Vec<Algorithm> {
        Algorithm::NAMES.iter().filter_map(|name| Algorithm::from_name(name).ok()).collect()
    }

    /// Every algorithm that applies to `graph`, with its default
    /// configuration: all of them but `followers` when the input had no
    /// follow interactions.
    pub fn all_for(graph: &InfluenceGraph) -> Vec<Algorithm> {
        Algorithm::all().into_iter().filter(|a| a.applies_to(graph)).collect()
    }

    /// Whether the algorithm can rank `graph` at all (`followers` needs
    /// follow interactions; every other algorithm ranks any graph).
    pub fn applies_to(&self, graph: &InfluenceGraph) -> bool {
        match self {
            Algorithm::Followers(_) => graph.followers().is_some(),
            _ => true,
        }
    }

    /// The algorithm's name, as [`Ranking::algorithm`] reports it.
    pub fn name(&self) -> &'static str {
        match self {
            Algorithm::PageRank(_) => "pagerank",
            Algorithm::InfluencePassivity(_) => "influence-passivity",
            Algorithm::LeaderRank(_) => "leaderrank",
            Algorithm::LeaderRankWeighted(_) => "leaderrank-weighted",
            Algorithm::Hits(_) => "hits",
            Algorithm::InStrength(_) => "in-strength",
            Algorithm::Followers(_) => "followers",
            Algorithm::InDegree(_) => "in-degree",
            Algorithm::TrustRank(_) => "trustrank",
            Algorithm::Eigenvector(_) => "eigenvector",
            Algorithm::Katz(_) => "katz",
            Algorithm::TunkRank(_) => "tunkrank",
        }
    }

    /// Validates the configuration and ranks the combined graph.
    pub fn run(&self, graph: &InfluenceGraph) -> Result<Ranking> {
        match self {
            Algorithm::PageRank(config) => config.clone().run(graph),
            Algorithm::InfluencePassivity(config) => config.clone().run(graph),
            Algorithm::LeaderRank(config) => config.clone().run(graph),
            Algorithm::LeaderRankWeighted(config) => config.clone().run(graph),
            Algorithm::Hits(config) => config.clone().run(graph),
            Algorithm::InStrength(config) => config.clone().run(graph),
            Algorithm::Followers(config) => config.clone().run(graph),
            Algorithm::InDegree(config) => config.clone().run(graph),
            Algorithm::TrustRank(config) => config.clone().run(graph),
            Algorithm::Eigenvector(config) => config.clone().run(graph),
            Algorithm::Katz(config) => config.clone().run(graph),
            Algorithm::TunkRank(config) => config.clone().run(graph),
        }
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    fn from_str(name: &str) -> Result<Algorithm> {
        Algorithm::from_name(name)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for &name in Algorithm::NAMES {
            assert_eq!(Algorithm::from_name(name).unwrap().name(), name);
        }
        assert_eq!(Algorithm::all().len(), Algorithm::NAMES.len());
    }
}
