//! TunkRank: the expected number of people who read a user's post, counting
//! those who read it through reshares.
//!
//! D. Tunkelang, "A Twitter analog to PageRank" (The Noisy Channel, 2009):
//!
//! `Influence(X) = Σ_{Y follows X} (1 + p·Influence(Y)) / |Following(Y)|`
//!
//! where `|Following(Y)|` is the number of users `Y` follows (the attention
//! `Y` spreads) and `p` the probability that `Y` reshares what it reads. Here
//! "Y follows X" is an edge `Y → X` (Y reacted to X), and the graph's weights
//! replace the count: `X` receives `w(Y→X) / W(Y)` of `Y`'s attention, with
//! `W(Y)` the out-weight of `Y`. On an unweighted graph this is exactly
//! Tunkelang's formula. In matrix form `x = Pᵀ(1 + p·x)` with `P` the
//! (sub)stochastic transition matrix of PageRank; users who react to nobody
//! spread nothing. For `0 ≤ p < 1` the map is a contraction with factor `p` in
//! the L1 norm, so the iteration from `x = 0` converges geometrically.
//!
//! The blog post fixes no `p`; the default 0.05 is the one of the TunkRank in
//! Harvard's LLAMA graph library (its `tr_retweet_probability`).
//!
//! Scores are the raw fixed point divided by its sum, so they sum to 1 like
//! every other ranking; [`TunkRankConfig::run_unnormalized`] returns the raw
//! values (expected readers). A run stops when the L1 change between raw
//! iterates, divided by the new iterate's sum, is below the tolerance; since
//! the map contracts by `p`, the relative distance to the fixed point is then
//! at most `tolerance·p/(1−p)`. A graph without edges has raw influence 0 for every
//! user, and its scores are all 0 (there is nothing to normalize).
//!
//! The sweep is sequential over the CSR of in-edges, so results are
//! deterministic. This module must never read files, allocate inside the
//! iteration, or know about user ids.

use super::driver::{self, Outcome, Progress};
use super::ranking::Ranking;
use crate::error::{Error, Result};
use crate::graph::{InfluenceGraph, Layer};

/// The settings of a TunkRank run, with documented defaults.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, TunkRankConfig};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("ann", "bob", 1.0)?;
/// b.add_edge("cy", "bob", 1.0)?;
/// b.add_edge("bob", "ann", 1.0)?;
/// let g = b.build()?;
/// let ranking = TunkRankConfig::default().tolerance(1e-12).run(&g)?;
/// assert!(ranking.converged());
/// assert_eq!(ranking.top(1)[0].0, "bob");
/// assert!(TunkRankConfig::default().retweet_probability(1.0).run(&g).is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct TunkRankConfig {
    retweet_probability: f64,
    tolerance: f64,
    max_iterations: usize,
}

impl Default for TunkRankConfig {
    fn default() -> Self {
        TunkRankConfig {
            retweet_probability: TunkRankConfig::DEFAULT_RETWEET_PROBABILITY,
            tolerance: TunkRankConfig::DEFAULT_TOLERANCE,
            max_iterations: TunkRankConfig::DEFAULT_MAX_ITERATIONS,
        }
    }
}

impl TunkRankConfig {
    /// The default probability that a reader reshares, 0.05 (the default of
    /// LLAMA's TunkRank; Tunkelang's post leaves `p` open).
    pub const DEFAULT_RETWEET_PROBABILITY: f64 = 0.05;
    /// The default tolerance on the relative L1 change between iterates, 1e-6.
    pub const DEFAULT_TOLERANCE: f64 = 1e-6;
    /// The default iteration cap, 1000; at `p = 0.05` a tolerance of 1e-15
    /// needs about a dozen iterations, so hitting the cap means a bug.
    pub const DEFAULT_MAX_ITERATIONS: usize = 1000;

    /// The probability `p` that a reader reshares what it reads; must lie in
    /// `[0, 1)` (the iteration contracts by `p`).
    pub fn retweet_probability(mut self, p: f64) -> Self {
        self.retweet_probability = p;
        self
    }

    /// The retweet probability.
    pub fn get_retweet_probability(&self) -> f64 {
        self.retweet_probability
    }

    /// Validates and ranks the combined graph; scores sum to 1 (or are all 0
    /// on a graph without edges).
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        self.run_with_progress(graph, |_| {})
    }

    /// [`TunkRankConfig::run`], calling `progress` after every iteration.
    pub fn run_with_progress(self, graph: &InfluenceGraph, mut progress: impl FnMut(Progress)) -> Result<Ranking> {
        let (mut x, outcome, total) = self.solve(graph.combined(), &mut progress)?;
        if total > 0.0 {
            x.iter_mut().for_each(|v| *v /= total);
        }
        let visits = outcome.iterations as u64 * graph.combined().edge_count() as u64;
        Ranking::iterative(graph, x, outcome, "tunkrank", visits)
    }

    /// Like [`TunkRankConfig::run`], but the scores are the raw fixed point:
    /// each user's expected number of readers (in units of edge weight),
    /// not normalized.
    pub fn run_unnormalized(self, graph: &InfluenceGraph) -> Result<Ranking> {
        let (x, outcome, _) = self.solve(graph.combined(), &mut |_| {})?;
        let visits = outcome.iterations as u64 * graph.combined().edge_count() as u64;
        Ranking::iterative(graph, x, outcome, "tunkrank", visits)
    }

    fn validate(&self) -> Result<()> {
        let p = self.retweet_probability;
        if !(0.0..1.0).contains(&p) {
            return Err(Error::config("retweet_probability", p, "must lie in [0, 1) (0.05 is usual)"));
        }
        driver::validate(self.tolerance, self.max_iterations)
    }

    /// Iterates `x ← Pᵀ(1 + p·x)` from `x = 0`; returns the raw iterate, how
    /// the run stopped and the raw total.
    fn solve(&self, layer: &Layer, progress: &mut dyn FnMut(Progress)) -> Result<(Vec<f64>, Outcome, f64)> {
        self.validate()?;
        let n = layer.user_count();
        let p = self.retweet_probability;
        let inv_out: Vec<f64> = layer.out_weights().iter().map(|&w| if w > 0.0 { 1.0 / w } else { 0.0 }).collect();
        let mut x = vec![0.0; n];
        let mut next = vec![0.0; n];
        let mut contrib = vec![0.0; n];
        let outcome = driver::iterate(
            self.tolerance,
            self.max_iterations,
            || {
                for ((c, &xu), &inv) in contrib.iter_mut().zip(&x).zip(&inv_out) {
                    *c = (1.0 + p * xu) * inv;
                }
                let mut new_total = 0.0;
                for (v, out) in next.iter_mut().enumerate() {
                    let pulled = layer.pull(v, &contrib);
                    *out = pulled;
                    new_total += pulled;
                }
                // The L1 change relative to the new total: it bounds the raw
                // error relative to the raw scale, so also the error of the
                // normalized scores (the change between normalized iterates
                // does not: it can vanish while the raw values still grow).
                let change: f64 = next.iter().zip(&x).map(|(&a, &b)| (a - b).abs()).sum();
                let residual = if new_total > 0.0 { change / new_total } else { change };
                std::mem::swap(&mut x, &mut next);
                residual
            },
            progress,
        );
        let total = x.iter().sum();
        Ok((x, outcome, total))
    }
}

super::driver::stopping_rule!(TunkRankConfig, "the L1 change between iterates, divided by the new iterate's sum,");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GraphBuilder;

    #[test]
    fn two_cycle_closed_form() {
        // a ↔ b: x = 1 + p·x, so x = 1/(1−p) for both; normalized 1/2 each.
        let mut b = GraphBuilder::default();
        b.add_edge("a", "b", 1.0).unwrap();
        b.add_edge("b", "a", 1.0).unwrap();
        let g = b.build().unwrap();
        let raw = TunkRankConfig::default().tolerance(1e-15).run_unnormalized(&g).unwrap();
        assert!((raw.scores()[0] - 1.0 / 0.95).abs() < 1e-13);
        let r = TunkRankConfig::default().run(&g).unwrap();
        assert_eq!(r.scores(), &[0.5, 0.5]);
    }
}
