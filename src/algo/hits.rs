//! HITS: hubs and authorities (Kleinberg 1999, "Authoritative sources in a
//! hyperlinked environment", J. ACM 46(5)).
//!
//! With `A[u][v] = w(u→v)` (u reacted to v), the authority vector `a` and the
//! hub vector `h` are the principal singular vectors of `A`:
//! `a ∝ Aᵀh` and `h ∝ Aa`, found by power iteration from a uniform hub
//! vector, each scaled to sum to 1 after every step. A user is a good
//! authority (influential) when good hubs react to them, and a good hub when
//! they react to good authorities. The normalization is NetworkX's `hits`
//! with `normalized=True` (sum 1), so the values are comparable with it.
//!
//! Authorities are pulled over the CSR of in-edges; hubs need out-edges, so a
//! run builds the transposed CSR once (two flat vectors, no per-edge
//! allocation). Sums run in storage order, sequentially: the result is
//! bit-identical whatever the number of threads.
//!
//! This module must never read files nor know about user ids.

use super::driver::{self, Progress};
use super::ranking::Ranking;
use crate::error::Result;
use crate::graph::{InfluenceGraph, OutEdges};

/// The settings of a HITS run, with documented defaults.
///
/// The ranking of [`HitsConfig::run`] holds the authority scores (influence
/// is being reacted to by good hubs); [`HitsConfig::run_both`] also returns
/// the hubs.
///
/// # Stopping rule
///
/// A run stops when the L1 change of the authority vector plus that of the
/// hub vector (both scaled to sum 1) falls below `tolerance`. NetworkX's
/// `hits` stops at an error of `N·tol` for `N` users.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, HitsConfig};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("hub", "a", 1.0)?;
/// b.add_edge("hub", "b", 1.0)?;
/// b.add_edge("other", "a", 1.0)?;
/// let g = b.build()?;
/// let (hubs, authorities) = HitsConfig::default().tolerance(1e-12).run_both(&g)?;
/// assert_eq!(authorities.top(1)[0].0, "a");
/// assert_eq!(hubs.top(1)[0].0, "hub");
/// assert!((authorities.scores().iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// assert!(HitsConfig::default().tolerance(0.0).run(&g).is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct HitsConfig {
    tolerance: f64,
    max_iterations: usize,
}

impl Default for HitsConfig {
    fn default() -> Self {
        HitsConfig { tolerance: HitsConfig::DEFAULT_TOLERANCE, max_iterations: HitsConfig::DEFAULT_MAX_ITERATIONS }
    }
}

impl HitsConfig {
    /// The default tolerance on the L1 change of hubs plus authorities, 1e-10.
    pub const DEFAULT_TOLERANCE: f64 = 1e-10;
    /// The default iteration cap, 1000. Power iteration converges like
    /// `(σ₂/σ₁)²` per step, the squared ratio of the two largest singular
    /// values of `A`; a graph where they are close needs many steps, and a
    /// ranking that hits the cap says so.
    pub const DEFAULT_MAX_ITERATIONS: usize = 1000;

    /// Ranks the users of the combined graph by authority.
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        self.run_with_progress(graph, |_| {})
    }

    /// [`HitsConfig::run`], calling `progress` after every iteration.
    pub fn run_with_progress(self, graph: &InfluenceGraph, progress: impl FnMut(Progress)) -> Result<Ranking> {
        Ok(self.run_both_with_progress(graph, progress)?.1)
    }

    /// Ranks the users of the combined graph by hub and by authority score:
    /// returns `(hubs, authorities)`, named `hits-hubs` and `hits`, with the
    /// same iteration count and residual.
    pub fn run_both(self, graph: &InfluenceGraph) -> Result<(Ranking, Ranking)> {
        self.run_both_with_progress(graph, |_| {})
    }

    /// [`HitsConfig::run_both`], calling `progress` after every iteration.
    pub fn run_both_with_progress(
        self,
        graph: &InfluenceGraph,
        mut progress: impl FnMut(Progress),
    ) -> Result<(Ranking, Ranking)> {
        driver::validate(self.tolerance, self.max_iterations)?;
        let layer = graph.combined();
        let n = graph.user_count();
        let out = OutEdges::of(layer);
        let mut hub = vec![1.0 / n as f64; n];
        let mut auth = vec![1.0 / n as f64; n];
        let mut next = vec![0.0; n];
        let outcome = driver::iterate(
            self.tolerance,
            self.max_iterations,
            || {
                // a ← Aᵀh, pulled over in-edges.
                for (v, a) in next.iter_mut().enumerate() {
                    *a = layer.in_edges(v as u32).map(|(u, w)| w * hub[u as usize]).sum();
                }
                let mut change = normalize_into(&mut next, &mut auth);
                // h ← Aa, pulled over out-edges.
                for (u, h) in next.iter_mut().enumerate() {
                    *h = out.edges(u).map(|(v, w)| w * auth[v as usize]).sum();
                }
                change += normalize_into(&mut next, &mut hub);
                change
            },
            &mut progress,
        );
        let edge_visits = 2 * outcome.iterations as u64 * layer.edge_count() as u64;
        let hubs = Ranking::iterative(graph, hub, outcome.clone(), "hits-hubs", edge_visits)?;
        let authorities = Ranking::iterative(graph, auth, outcome, "hits", edge_visits)?;
        Ok((hubs, authorities))
    }
}

/// Scales `next` to sum 1 (leaving it uniform when it is all zero, as for a
/// graph without edges), swaps it into `current` and returns the L1 change.
fn normalize_into(next: &mut Vec<f64>, current: &mut Vec<f64>) -> f64 {
    let total: f64 = next.iter().sum();
    if total > 0.0 {
        next.iter_mut().for_each(|x| *x /= total);
    } else {
        let uniform = 1.0 / next.len() as f64;
        next.fill(uniform);
    }
    let change = next.iter().zip(current.iter()).map(|(a, b)| (a - b).abs()).sum();
    std::mem::swap(next, current);
    change
}

super::driver::stopping_rule!(HitsConfig, "the L1 change of hubs plus authorities");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GraphBuilder;

    #[test]
    fn transpose_lists_every_out_edge_once() {
        let mut b = GraphBuilder::default();
        for (u, v, w) in [("a", "b", 2.0), ("a", "c", 1.0), ("c", "b", 3.0), ("b", "a", 1.0)] {
            b.add_edge(u, v, w).unwrap();
        }
        let g = b.build().unwrap();
        let out = OutEdges::of(g.combined());
        let a = g.user_index("a").unwrap() as usize;
        let mut edges: Vec<(u32, f64)> = out.edges(a).collect();
        edges.sort_by_key(|e| e.0);
        assert_eq!(edges, vec![(g.user_index("b").unwrap(), 2.0), (g.user_index("c").unwrap(), 1.0)]);
        assert_eq!(out.targets.len(), 4);
    }
}
