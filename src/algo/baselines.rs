//! Degree baselines: the counts every influence measure should beat.
//!
//! - **In-degree** (`in-degree`): the number of distinct users who reacted to
//!   a user in the combined graph — Klout's "unique reactors".
//! - **In-strength** (`in-strength`): the total weight of the reactions a
//!   user received — "reactions received", weighted by interaction kind,
//!   decay and saturation as the graph builder set them.
//!
//! - **Followers** (`followers`): the number of distinct users who followed
//!   a user, where the input has `follow` interactions
//!   ([`InfluenceGraph::followers`]) — the audience size Klout's first
//!   principle says should barely count.
//!
//! All are scaled to sum to 1 so that they are comparable with PageRank; a
//! graph without edges (or without follows) gives every user `1/N`.
//!
//! This module must never iterate, read files nor know about user ids.

use super::ranking::Ranking;
use crate::error::{Error, Result};
use crate::graph::InfluenceGraph;

/// In-degree: distinct reactors per user, scaled to sum 1.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, InDegreeConfig};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("a", "c", 5.0)?;
/// b.add_edge("b", "c", 1.0)?;
/// b.add_edge("c", "a", 1.0)?;
/// let g = b.build()?;
/// let r = InDegreeConfig::default().run(&g)?;
/// assert_eq!(r.score("c"), Some(2.0 / 3.0));
/// assert_eq!(r.score("b"), Some(0.0));
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct InDegreeConfig {}

impl InDegreeConfig {
    /// Ranks the users of the combined graph by their number of reactors.
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        let offsets = graph.combined().offsets();
        let counts = offsets.windows(2).map(|w| (w[1] - w[0]) as f64).collect();
        Ranking::direct(graph, sum_to_one(counts), "in-degree", graph.combined().edge_count() as u64)
    }
}

/// In-strength: the total weight of reactions received, scaled to sum 1.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, InStrengthConfig};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("a", "c", 2.0)?;
/// b.add_edge("b", "a", 1.0)?;
/// b.add_edge("c", "a", 1.0)?;
/// let g = b.build()?;
/// let r = InStrengthConfig::default().run(&g)?;
/// assert_eq!(r.score("c"), Some(0.5));
/// assert_eq!(r.score("a"), Some(0.5));
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct InStrengthConfig {}

impl InStrengthConfig {
    /// Ranks the users of the combined graph by the weight of the reactions
    /// they received.
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        let layer = graph.combined();
        let offsets = layer.offsets();
        let strengths = match layer.weights() {
            None => offsets.windows(2).map(|w| (w[1] - w[0]) as f64).collect(),
            Some(weights) => offsets.windows(2).map(|w| weights.slice(w[0]..w[1]).iter().sum()).collect(),
        };
        Ranking::direct(graph, sum_to_one(strengths), "in-strength", layer.edge_count() as u64)
    }
}

/// Followers: distinct followers per user, scaled to sum 1.
///
/// # Errors
///
/// A graph built from input without follow interactions has no follower
/// counts: that is an error naming the missing interactions, not a ranking
/// of zeros.
///
/// # Example
///
/// ```
/// use influence::{FollowersConfig, GraphBuilder, Interaction, InteractionKind};
///
/// let mut b = GraphBuilder::default();
/// b.add_interaction(&Interaction::new("a", "c").kind(InteractionKind::Follow))?;
/// b.add_interaction(&Interaction::new("b", "c").kind(InteractionKind::Follow))?;
/// b.add_interaction(&Interaction::new("c", "a").kind(InteractionKind::Reshare))?;
/// let g = b.build()?;
/// assert_eq!(FollowersConfig::default().run(&g)?.score("c"), Some(1.0));
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("a", "b", 1.0)?;
/// assert!(FollowersConfig::default().run(&b.build()?).is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct FollowersConfig {}

impl FollowersConfig {
    /// Ranks the users by their number of distinct followers.
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        let followers = graph
            .followers()
            .ok_or_else(|| Error::config("algorithm", "followers", "the input has no follow interactions to count"))?;
        let counts: Vec<f64> = followers.iter().map(|&c| f64::from(c)).collect();
        let total: u64 = followers.iter().map(|&c| u64::from(c)).sum();
        Ranking::direct(graph, sum_to_one(counts), "followers", total)
    }
}

/// Scales non-negative values to sum 1, or makes them uniform when they are
/// all zero.
fn sum_to_one(mut values: Vec<f64>) -> Vec<f64> {
    let total: f64 = values.iter().sum();
    if total > 0.0 {
        values.iter_mut().for_each(|v| *v /= total);
    } else {
        let uniform = 1.0 / values.len() as f64;
        values.fill(uniform);
    }
    values
}
