//! TrustRank (Gyöngyi, Garcia-Molina & Pedersen 2004, "Combating web spam
//! with TrustRank", VLDB): PageRank whose teleport goes only to a trusted
//! seed set.
//!
//! The scores solve `t = d·(Pᵀt + (Σ_{u dangling} t_u)·s) + (1−d)·s`, with
//! `P` PageRank's transition matrix and `s` uniform over the seeds: trust
//! starts at users known to be genuine and flows along reactions, so sybil
//! rings and reaction farms that no trusted user reacts to receive none.
//! Unlike the paper, which drops the mass of dangling users, that mass here
//! follows the seed distribution (NetworkX's `pagerank` semantics), so the
//! scores sum to 1 like PageRank's.
//!
//! The paper picks seeds by inverse PageRank and has a human oracle vet
//! them. Without an oracle, [`TrustRankConfig::seeds_top_by_in_degree`]
//! offers a heuristic: the `k` users with the most distinct reactors. It
//! trusts popularity, which an attacker can buy; give vetted seeds when you
//! have them.
//!
//! This module must never contain PageRank's math: it delegates to
//! [`PageRankConfig`] with a personalization vector.

use super::driver::Progress;
use super::pagerank::PageRankConfig;
use super::ranking::Ranking;
use crate::error::{Error, Result};
use crate::graph::InfluenceGraph;

/// How the trusted seeds are chosen.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
enum Seeds {
    /// None given yet: running is an error.
    Missing,
    /// These user ids.
    Users(Vec<String>),
    /// The `k` users of highest in-degree.
    TopByInDegree(usize),
    /// The `max(1, N/100)` users of highest in-degree, for `N` users.
    TopPercentByInDegree,
}

/// The settings of a TrustRank run, with documented defaults.
///
/// There is no default seed set: give one with [`TrustRankConfig::seeds`],
/// or pick the heuristic [`TrustRankConfig::seeds_top_by_in_degree`] or
/// [`TrustRankConfig::seeds_top_percent_by_in_degree`] (what the algorithm
/// registry uses by default).
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, TrustRankConfig};
///
/// let mut b = GraphBuilder::default();
/// for (u, v) in [("ann", "bob"), ("bob", "cy"), ("cy", "ann"), ("sybil1", "sybil2"), ("sybil2", "sybil1")] {
///     b.add_edge(u, v, 1.0)?;
/// }
/// let g = b.build()?;
/// let ranking = TrustRankConfig::default().seeds(["ann"]).tolerance(1e-12).run(&g)?;
/// assert!(ranking.converged());
/// assert_eq!(ranking.algorithm(), "trustrank");
/// assert!(ranking.score("sybil1").unwrap() < 1e-10);
/// // No seeds is an error naming the missing setting.
/// assert!(TrustRankConfig::default().run(&g).is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct TrustRankConfig {
    damping: f64,
    tolerance: f64,
    max_iterations: usize,
    seeds: Seeds,
}

impl Default for TrustRankConfig {
    fn default() -> Self {
        TrustRankConfig {
            damping: TrustRankConfig::DEFAULT_DAMPING,
            tolerance: TrustRankConfig::DEFAULT_TOLERANCE,
            max_iterations: TrustRankConfig::DEFAULT_MAX_ITERATIONS,
            seeds: Seeds::Missing,
        }
    }
}

impl TrustRankConfig {
    /// The default damping factor, 0.85 (the paper's `α_B`; PageRank's default).
    pub const DEFAULT_DAMPING: f64 = PageRankConfig::DEFAULT_DAMPING;
    /// The default tolerance on the L1 change between iterates, PageRank's 1e-6.
    pub const DEFAULT_TOLERANCE: f64 = PageRankConfig::DEFAULT_TOLERANCE;
    /// The default iteration cap, PageRank's 1000.
    pub const DEFAULT_MAX_ITERATIONS: usize = PageRankConfig::DEFAULT_MAX_ITERATIONS;

    /// The trusted users, by id; teleports go uniformly to them. Every id
    /// must be a user of the graph, and there must be at least one.
    pub fn seeds<S: Into<String>>(mut self, users: impl IntoIterator<Item = S>) -> Self {
        self.seeds = Seeds::Users(users.into_iter().map(Into::into).collect());
        self
    }

    /// Trust the `k` users (≥ 1) with the most distinct reactors (ties to the
    /// lower user index). A heuristic for when no vetted seeds exist: it
    /// trusts popularity, which an attacker can buy.
    pub fn seeds_top_by_in_degree(mut self, k: usize) -> Self {
        self.seeds = Seeds::TopByInDegree(k);
        self
    }

    /// Trust the top 1 % of users by in-degree: `k = max(1, N/100)` for `N`
    /// users, as [`TrustRankConfig::seeds_top_by_in_degree`]. The default of
    /// the algorithm registry (`trustrank`).
    pub fn seeds_top_percent_by_in_degree(mut self) -> Self {
        self.seeds = Seeds::TopPercentByInDegree;
        self
    }

    /// The probability of following an edge rather than teleporting to a
    /// seed; must lie in the open interval (0, 1).
    pub fn damping(mut self, damping: f64) -> Self {
        self.damping = damping;
        self
    }

    /// The damping factor.
    pub fn get_damping(&self) -> f64 {
        self.damping
    }

    /// The PageRank settings this TrustRank run delegates to, with the seeds
    /// resolved against `graph`.
    pub fn to_pagerank(&self, graph: &InfluenceGraph) -> Result<PageRankConfig> {
        let seeds: Vec<String> = match &self.seeds {
            Seeds::Missing => {
                return Err(Error::config(
                    "seeds",
                    "none",
                    "TrustRank needs trusted seed users: set them with seeds(...), or choose the \
                     heuristic seeds_top_by_in_degree(k)",
                ));
            }
            Seeds::Users(users) if users.is_empty() => {
                return Err(Error::config("seeds", "[]", "at least one trusted seed user is needed"));
            }
            Seeds::Users(users) => users.clone(),
            Seeds::TopByInDegree(0) => {
                return Err(Error::config("seeds_top_by_in_degree", 0, "at least one seed is needed (k ≥ 1)"));
            }
            Seeds::TopByInDegree(k) => top_by_in_degree(graph, *k),
            Seeds::TopPercentByInDegree => top_by_in_degree(graph, (graph.user_count() / 100).max(1)),
        };
        Ok(PageRankConfig::default()
            .damping(self.damping)
            .tolerance(self.tolerance)
            .max_iterations(self.max_iterations)
            .personalization(seeds.into_iter().map(|s| (s, 1.0))))
    }

    /// Ranks the users of the combined graph.
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        self.run_with_progress(graph, |_| {})
    }

    /// [`TrustRankConfig::run`], calling `progress` after every iteration.
    pub fn run_with_progress(self, graph: &InfluenceGraph, progress: impl FnMut(Progress)) -> Result<Ranking> {
        let pagerank = super::pagerank::PageRank::new(self.to_pagerank(graph)?)?;
        let mut ranking = pagerank.run_with_progress(graph, progress)?;
        ranking.algorithm = "trustrank";
        Ok(ranking)
    }
}

/// The ids of the `k` users with the highest in-degree, ties to the lower index.
fn top_by_in_degree(graph: &InfluenceGraph, k: usize) -> Vec<String> {
    let layer = graph.combined();
    let mut users: Vec<u32> = (0..graph.user_count() as u32).collect();
    users.sort_by(|&a, &b| layer.in_degree(b).cmp(&layer.in_degree(a)).then(a.cmp(&b)));
    users.truncate(k);
    users.into_iter().filter_map(|u| graph.user_id(u).map(str::to_owned)).collect()
}

super::driver::stopping_rule!(TrustRankConfig, "the L1 change between iterates");
