//! LeaderRank and weighted LeaderRank: a random walk with a ground node
//! instead of PageRank's teleport.
//!
//! L. Lü, Y.-C. Zhang, C. H. Yeung & T. Zhou, "Leaders in social networks,
//! the Delicious case", PLoS ONE 6 (2011) e21202: add a ground node `g`
//! linked both ways to every user, run the parameter-free walk
//! `s_i(t+1) = Σ_j a_ji·s_j(t) / k_j^out` on the `n + 1` nodes to its steady
//! state, and give the ground's score back evenly: `S_i = s_i + s_g/n`.
//! An edge `j → i` (j reacted to i) passes score from `j` to `i`, as a fan's
//! link passes it to a leader in the paper.
//!
//! Weighted LeaderRank (Q. Li, T. Zhou, L. Lü & D. Chen, "Identifying
//! influential spreaders by weighted LeaderRank", Physica A 404 (2014)
//! 47–55) weights the link from the ground to user `i` by `(k_i^in)^β`, the
//! in-degree (number of distinct reactors) of `i` to the power `β`; links to
//! the ground keep weight 1 and the walk from `j` is proportional to link
//! weights. The paper's users' links have weight 1; here they carry the
//! graph's edge weights, so on an unweighted graph this is exactly the paper's
//! method. `β = 0` gives back LeaderRank. The unweighted variant ignores edge
//! weights (the paper's binary adjacency).
//!
//! The ground is never stored as edges. With `D_j = k_j^out + 1` (or
//! `W(j) + 1` weighted) and `γ_i = 1/n` (or `(k_i^in)^β / Σ_l (k_l^in)^β`):
//!
//! `s_i ← Σ_{j→i} a_ji·s_j/D_j + γ_i·s_g`,  `s_g ← Σ_j s_j/D_j`,
//!
//! one pull over the in-edges plus O(n) for the ground. Scores start at
//! `1/n` per user and 0 on the ground (the paper's 1 per user, scaled);
//! every node keeps its out-link to the ground, so the walk conserves mass
//! and the final scores sum to 1. A run stops when the L1 change of the whole
//! state (users and ground) is below the tolerance.
//!
//! The walk is aperiodic as soon as one user edge exists (cycles of length 2
//! and 3 through the ground); on a graph without edges every user gets `1/n`
//! directly. Weighted LeaderRank with `β > 0` sends nothing from the ground
//! to users nobody reacted to, and its walk can then be periodic (a star of
//! reactors around one user bounces between that user and the ground); such
//! a run ends at the iteration cap and says it did not converge.
//!
//! The sweep is sequential, so results are deterministic. This module must
//! never materialize the ground node's `2n` links, read files, or allocate
//! inside the iteration.

use super::driver::{self, Progress};
use super::ranking::Ranking;
use crate::error::{Error, Result};
use crate::graph::InfluenceGraph;

/// The settings of a LeaderRank run, with documented defaults.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, LeaderRankConfig};
///
/// let mut b = GraphBuilder::default();
/// for (a, t) in [("ann", "bob"), ("cy", "bob"), ("bob", "ann"), ("ann", "cy")] {
///     b.add_edge(a, t, 1.0)?;
/// }
/// let g = b.build()?;
/// let plain = LeaderRankConfig::default().tolerance(1e-12).run(&g)?;
/// assert!(plain.converged());
/// assert_eq!(plain.top(1)[0].0, "bob");
/// assert!((plain.scores().iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// let weighted = LeaderRankConfig::default().weighted(true).beta(1.0).run(&g)?;
/// assert_eq!(weighted.algorithm(), "leaderrank-weighted");
/// assert!(LeaderRankConfig::default().beta(-1.0).run(&g).is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct LeaderRankConfig {
    weighted: bool,
    beta: f64,
    tolerance: f64,
    max_iterations: usize,
}

impl Default for LeaderRankConfig {
    fn default() -> Self {
        LeaderRankConfig {
            weighted: false,
            beta: LeaderRankConfig::DEFAULT_BETA,
            tolerance: LeaderRankConfig::DEFAULT_TOLERANCE,
            max_iterations: LeaderRankConfig::DEFAULT_MAX_ITERATIONS,
        }
    }
}

impl LeaderRankConfig {
    /// The default exponent of weighted LeaderRank's ground links, 1: the
    /// ground sends to each user in proportion to its in-degree.
    pub const DEFAULT_BETA: f64 = 1.0;
    /// The default tolerance on the L1 change between iterates, 1e-6.
    pub const DEFAULT_TOLERANCE: f64 = 1e-6;
    /// The default iteration cap, 1000. The walk has no damping, so its speed
    /// depends on the graph's spectral gap; the ranking says when the cap hit.
    pub const DEFAULT_MAX_ITERATIONS: usize = 1000;

    /// Weighted LeaderRank (Li et al. 2014) instead of LeaderRank: ground
    /// links weighted by `(in-degree)^β`, user links by their edge weights.
    pub fn weighted(mut self, weighted: bool) -> Self {
        self.weighted = weighted;
        self
    }

    /// The exponent `β` of weighted LeaderRank's ground links (finite, ≥ 0:
    /// a negative power of a zero in-degree is undefined). Ignored unless
    /// [`LeaderRankConfig::weighted`].
    pub fn beta(mut self, beta: f64) -> Self {
        self.beta = beta;
        self
    }

    /// Whether this is weighted LeaderRank.
    pub fn get_weighted(&self) -> bool {
        self.weighted
    }

    /// The exponent `β`.
    pub fn get_beta(&self) -> f64 {
        self.beta
    }

    fn validate(&self) -> Result<()> {
        if !(self.beta.is_finite() && self.beta >= 0.0) {
            return Err(Error::config("beta", self.beta, "must be a finite number at least 0 (1 is usual)"));
        }
        driver::validate(self.tolerance, self.max_iterations)
    }

    /// Validates and ranks the combined graph; scores sum to 1.
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        self.run_with_progress(graph, |_| {})
    }

    /// [`LeaderRankConfig::run`], calling `progress` after every iteration.
    pub fn run_with_progress(self, graph: &InfluenceGraph, mut progress: impl FnMut(Progress)) -> Result<Ranking> {
        self.validate()?;
        let name = if self.weighted { "leaderrank-weighted" } else { "leaderrank" };
        let layer = graph.combined();
        let n = layer.user_count();
        let m = layer.edge_count();
        if m == 0 {
            // Users and ground swap all their score every step; either phase
            // gives every user 1/n once the ground's share is handed back.
            return Ranking::direct(graph, vec![1.0 / n as f64; n], name, 0);
        }
        let (offsets, sources) = (layer.offsets(), layer.sources());
        // 1/D_j: the out-strength including the link to the ground.
        let inv_out: Vec<f64> = if self.weighted {
            layer.out_weights().iter().map(|&w| 1.0 / (w + 1.0)).collect()
        } else {
            let mut degree = vec![0u32; n];
            for &u in sources {
                degree[u as usize] += 1;
            }
            degree.iter().map(|&k| 1.0 / (f64::from(k) + 1.0)).collect()
        };
        // γ_i: the share of the ground's score that goes to user i.
        let ground_share: Vec<f64> = if self.weighted {
            let raw: Vec<f64> = (0..n).map(|i| ((offsets[i + 1] - offsets[i]) as f64).powf(self.beta)).collect();
            let z: f64 = raw.iter().sum();
            raw.iter().map(|r| r / z).collect()
        } else {
            vec![1.0 / n as f64; n]
        };
        let mut s = vec![1.0 / n as f64; n];
        let mut ground = 0.0;
        let mut next = vec![0.0; n];
        let mut contrib = vec![0.0; n];
        let outcome = driver::iterate(
            self.tolerance,
            self.max_iterations,
            || {
                let mut to_ground = 0.0;
                for ((c, &x), &inv) in contrib.iter_mut().zip(&s).zip(&inv_out) {
                    *c = x * inv;
                    to_ground += *c;
                }
                let mut residual = 0.0;
                for (v, out) in next.iter_mut().enumerate() {
                    let pulled: f64 = if self.weighted {
                        layer.pull(v, &contrib)
                    } else {
                        sources[offsets[v]..offsets[v + 1]].iter().map(|&u| contrib[u as usize]).sum()
                    };
                    *out = pulled + ground_share[v] * ground;
                    residual += (*out - s[v]).abs();
                }
                residual += (to_ground - ground).abs();
                ground = to_ground;
                std::mem::swap(&mut s, &mut next);
                residual
            },
            &mut progress,
        );
        let back = ground / n as f64;
        s.iter_mut().for_each(|x| *x += back);
        let visits = outcome.iterations as u64 * m as u64;
        Ranking::iterative(graph, s, outcome, name, visits)
    }
}

super::driver::stopping_rule!(LeaderRankConfig, "the L1 change between iterates");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GraphBuilder;

    #[test]
    fn two_cycle_is_uniform() {
        // a ↔ b with the ground: by symmetry s_a = s_b, and the ground gets
        // s_a/2 + s_b/2 = s_a; so s = (1/3, 1/3, 1/3) and S = (1/2, 1/2).
        let mut b = GraphBuilder::default();
        b.add_edge("a", "b", 1.0).unwrap();
        b.add_edge("b", "a", 1.0).unwrap();
        let g = b.build().unwrap();
        let r = LeaderRankConfig::default().tolerance(1e-14).run(&g).unwrap();
        assert!(r.converged());
        assert!((r.scores()[0] - 0.5).abs() < 1e-14);
    }
}
