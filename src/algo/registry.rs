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
use super::driver::Progress;
use super::hits::HitsConfig;
use super::influence_passivity::InfluencePassivityConfig;
use super::katz::{EigenvectorConfig, KatzConfig};
use super::leaderrank::LeaderRankConfig;
use super::pagerank::{PageRank, PageRankConfig};
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
/// A ranking algorithm with its configuration.
///
/// With the `serde` feature it is written as `{"NAME": {settings}}`, NAME
/// as in [`Algorithm::NAMES`] (what `--algorithm` and `--measure` take).
/// When reading, every omitted setting takes the value that the name alone
/// gives ([`Algorithm::from_name`]), a misspelt setting is an error, and the
/// spellings of calibration format 1 (`page-rank`, `tunk-rank`,
/// `leader-rank`, `leader-rank-weighted`) still read.
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
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use influence::Algorithm;
///
/// let tunkrank: Algorithm = serde_json::from_str(r#"{"tunkrank": {}}"#).unwrap();
/// assert_eq!(tunkrank, Algorithm::from_name("tunkrank").unwrap());
/// assert!(serde_json::to_string(&tunkrank).unwrap().starts_with(r#"{"tunkrank":"#));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Algorithm {
    /// Weighted, personalized PageRank ([`PageRankConfig`]).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "pagerank", alias = "page-rank", deserialize_with = "named::pagerank")
    )]
    PageRank(PageRankConfig),
    /// Influence–Passivity, Romero et al. 2011 ([`InfluencePassivityConfig`]).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "influence-passivity", deserialize_with = "named::influencepassivity")
    )]
    InfluencePassivity(InfluencePassivityConfig),
    /// LeaderRank, Lü et al. 2011 ([`LeaderRankConfig`]).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "leaderrank", alias = "leader-rank", deserialize_with = "named::leaderrank")
    )]
    LeaderRank(LeaderRankConfig),
    /// Weighted LeaderRank, Li et al. 2014 ([`LeaderRankConfig::weighted`]).
    #[cfg_attr(
        feature = "serde",
        serde(
            rename = "leaderrank-weighted",
            alias = "leader-rank-weighted",
            deserialize_with = "named::leaderrankweighted"
        )
    )]
    LeaderRankWeighted(LeaderRankConfig),
    /// HITS authorities, Kleinberg 1999 ([`HitsConfig`]).
    #[cfg_attr(feature = "serde", serde(rename = "hits", deserialize_with = "named::hits"))]
    Hits(HitsConfig),
    /// In-strength baseline: weighted reactions received, scaled to sum 1 ([`InStrengthConfig`]).
    #[cfg_attr(feature = "serde", serde(rename = "in-strength", deserialize_with = "named::instrength"))]
    InStrength(InStrengthConfig),
    /// Followers baseline: distinct followers, where the input has follows ([`FollowersConfig`]).
    #[cfg_attr(feature = "serde", serde(rename = "followers", deserialize_with = "named::followers"))]
    Followers(FollowersConfig),
    /// In-degree baseline: distinct reactors, scaled to sum 1 ([`InDegreeConfig`]).
    #[cfg_attr(feature = "serde", serde(rename = "in-degree", deserialize_with = "named::indegree"))]
    InDegree(InDegreeConfig),
    /// TrustRank, Gyöngyi et al. 2004 ([`TrustRankConfig`]). By name its seeds are the top 1 %
    /// of users by in-degree ([`TrustRankConfig::seeds_top_percent_by_in_degree`]).
    #[cfg_attr(feature = "serde", serde(rename = "trustrank", deserialize_with = "named::trustrank"))]
    TrustRank(TrustRankConfig),
    /// Eigenvector centrality, NetworkX's definition ([`EigenvectorConfig`]); scores have Euclidean norm 1.
    #[cfg_attr(feature = "serde", serde(rename = "eigenvector", deserialize_with = "named::eigenvector"))]
    Eigenvector(EigenvectorConfig),
    /// Katz centrality, Katz 1953 ([`KatzConfig`]); scores have Euclidean norm 1.
    #[cfg_attr(feature = "serde", serde(rename = "katz", deserialize_with = "named::katz"))]
    Katz(KatzConfig),
    /// TunkRank, Tunkelang 2009 ([`TunkRankConfig`]).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "tunkrank", alias = "tunk-rank", deserialize_with = "named::tunkrank")
    )]
    TunkRank(TunkRankConfig),
}

impl Algorithm {
    /// The fraction of the largest safe alpha that `katz` takes by name
    /// ([`KatzConfig::alpha_from_spectrum`]).
    pub const KATZ_FRACTION: f64 = 0.5;

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
            "katz" => Algorithm::Katz(KatzConfig::default().alpha_from_spectrum(Self::KATZ_FRACTION)),
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
        self.run_with_progress(graph, |_| {})
    }

    /// [`Algorithm::run`], calling `progress` after every iteration of an
    /// iterative algorithm (in-degree, in-strength and followers are one
    /// pass and report nothing).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{Algorithm, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::default();
    /// for (a, t) in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")] {
    ///     b.add_edge(a, t, 1.0)?;
    /// }
    /// let graph = b.build()?;
    /// for name in ["pagerank", "hits", "tunkrank", "leaderrank", "katz", "trustrank", "influence-passivity"] {
    ///     let mut reports = 0;
    ///     let ranking = Algorithm::from_name(name)?.run_with_progress(&graph, |_| reports += 1)?;
    ///     assert_eq!(reports, ranking.iterations(), "{name}");
    /// }
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn run_with_progress(&self, graph: &InfluenceGraph, progress: impl FnMut(Progress)) -> Result<Ranking> {
        match self {
            Algorithm::PageRank(config) => PageRank::new(config.clone())?.run_with_progress(graph, progress),
            Algorithm::InfluencePassivity(config) => config.clone().run_with_progress(graph, progress),
            Algorithm::LeaderRank(config) => config.clone().run_with_progress(graph, progress),
            Algorithm::LeaderRankWeighted(config) => config.clone().run_with_progress(graph, progress),
            Algorithm::Hits(config) => config.clone().run_with_progress(graph, progress),
            Algorithm::TrustRank(config) => config.clone().run_with_progress(graph, progress),
            Algorithm::Eigenvector(config) => config.clone().run_with_progress(graph, progress),
            Algorithm::Katz(config) => config.clone().run_with_progress(graph, progress),
            Algorithm::TunkRank(config) => config.clone().run_with_progress(graph, progress),
            Algorithm::InStrength(config) => config.clone().run(graph),
            Algorithm::Followers(config) => config.clone().run(graph),
            Algorithm::InDegree(config) => config.clone().run(graph),
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

/// Reading an algorithm's settings with the defaults its name gives.
#[cfg(feature = "serde")]
mod named {
    use serde::de::{DeserializeOwned, Error as _};
    use serde::{Deserialize, Deserializer, Serialize};
    use serde_json::{Map, Value};

    use super::*;

    /// `base` with the settings `deserializer` holds put over it; `fix`
    /// may adjust the base for what was given.
    fn overlay<'de, D: Deserializer<'de>, C: Serialize + DeserializeOwned>(
        deserializer: D,
        base: C,
        fix: impl FnOnce(&Map<String, Value>, &mut Map<String, Value>),
    ) -> Result<C, D::Error> {
        let given = match Value::deserialize(deserializer)? {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            other => return Err(D::Error::custom(format!("expected the settings as an object, found {other}"))),
        };
        let mut merged = match serde_json::to_value(base).map_err(D::Error::custom)? {
            Value::Object(m) => m,
            other => return Err(D::Error::custom(format!("settings that are not an object: {other}"))),
        };
        fix(&given, &mut merged);
        merged.extend(given);
        serde_json::from_value(Value::Object(merged)).map_err(D::Error::custom)
    }

    macro_rules! named {
        ($($f:ident: $name:literal => $variant:ident($ty:ty)),* $(,)?) => {$(
            pub(super) fn $f<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                match Algorithm::from_name($name) {
                    Ok(Algorithm::$variant(base)) => overlay(deserializer, base, |_, _| {}),
                    _ => Err(D::Error::custom(concat!("no default settings for ", $name))),
                }
            }
        )*};
    }

    named! {
        pagerank: "pagerank" => PageRank(PageRankConfig),
        influencepassivity: "influence-passivity" => InfluencePassivity(InfluencePassivityConfig),
        leaderrank: "leaderrank" => LeaderRank(LeaderRankConfig),
        leaderrankweighted: "leaderrank-weighted" => LeaderRankWeighted(LeaderRankConfig),
        hits: "hits" => Hits(HitsConfig),
        instrength: "in-strength" => InStrength(InStrengthConfig),
        followers: "followers" => Followers(FollowersConfig),
        indegree: "in-degree" => InDegree(InDegreeConfig),
        trustrank: "trustrank" => TrustRank(TrustRankConfig),
        eigenvector: "eigenvector" => Eigenvector(EigenvectorConfig),
        tunkrank: "tunkrank" => TunkRank(TunkRankConfig),
    }

    /// Katz: a fixed `alpha` given without `auto_fraction` is kept (the
    /// name's default chooses alpha from the spectrum).
    pub(super) fn katz<'de, D: Deserializer<'de>>(deserializer: D) -> Result<KatzConfig, D::Error> {
        let base = KatzConfig::default().alpha_from_spectrum(Algorithm::KATZ_FRACTION);
        overlay(deserializer, base, |given, merged| {
            if given.contains_key("alpha") && !given.contains_key("auto_fraction") {
                merged.insert(String::from("auto_fraction"), Value::Null);
            }
        })
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
