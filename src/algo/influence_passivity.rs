//! Influence–Passivity: influence is the power to make *passive* users react.
//!
//! D. M. Romero, W. Galuba, S. Asur & B. A. Huberman, "Influence and
//! passivity in social media", ECML PKDD 2011. On a graph whose arc `(i, j)`
//! says that `i` could influence `j`, with weight `w_ij ∈ [0, 1]` the share of
//! `i`'s influence that `j` accepted, the paper defines the acceptance rate
//! `u_ij = w_ij / Σ_{k:(k,j)} w_kj` and the rejection rate
//! `v_ji = (1 − w_ji) / Σ_{k:(j,k)} (1 − w_jk)`, and iterates
//!
//! `P_i ← Σ_{j:(j,i)} v_ji·I_j`,  `I_i ← Σ_{j:(i,j)} u_ij·P_j`
//!
//! (passivity from the previous influence, then influence from the new
//! passivity), normalizing `I` and `P` to sum 1 after each iteration, from
//! `I = P = 1`.
//!
//! Mapping from our edges: an edge `u → v` (u reacted to v, weight `r`)
//! is the paper's arc `(v, u)`: `v` influenced `u`. Our graphs hold the
//! reactions, not the exposures they came from, so the paper's `w_vu` is
//! taken as the share of `u`'s attention that went to `v`:
//! `a_e = r / W(u)`, with `W(u)` the out-weight of `u`. Then
//! `Σ_k w_ku = 1`, so the acceptance rate is `u_vu = a_e` (PageRank's
//! transition probability), and the rejection rate is
//! `v_vu = (1 − a_e) / D_v` with `D_v = Σ_{e' into v} (1 − a_{e'})`: what
//! `u` gave to others instead of `v`, as a share of all that `v`'s reactors
//! gave to others. In our direction:
//!
//! `P_u = Σ_{e: u→v} (1 − a_e)/D_v · I_v`,  `I_v = Σ_{e: u→v} a_e · P_u`.
//!
//! When `D_v = 0` (every reactor of `v` reacts to `v` only) `v` makes nobody
//! passive. When nobody spreads reactions over two or more users, nobody
//! rejects anything: passivity is 0 everywhere and so is influence, and the
//! scores are all 0 rather than a division by zero.
//!
//! A run stops when `‖ΔI‖₁ + ‖ΔP‖₁` is below the tolerance. The passivity
//! update sums over a user's *out*-edges, which the CSR of in-edges does not
//! group, so it scatters over the in-edges sequentially (no second CSR);
//! results are deterministic. This module must never read files, allocate
//! inside the iteration, or know about user ids.

use super::driver::{self, Outcome, Progress};
use super::ranking::Ranking;
use crate::error::Result;
use crate::graph::InfluenceGraph;

/// The settings of an Influence–Passivity run, with documented defaults.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, InfluencePassivityConfig};
///
/// let mut b = GraphBuilder::default();
/// for (a, t) in [("ann", "bob"), ("ann", "cy"), ("cy", "bob"), ("cy", "ann"), ("bob", "ann")] {
///     b.add_edge(a, t, 1.0)?;
/// }
/// let g = b.build()?;
/// let (influence, passivity) = InfluencePassivityConfig::default().tolerance(1e-12).run_both(&g)?;
/// assert!(influence.converged());
/// assert!((influence.scores().iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// assert!((passivity.scores().iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// assert!(InfluencePassivityConfig::default().tolerance(0.0).run(&g).is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct InfluencePassivityConfig {
    tolerance: f64,
    max_iterations: usize,
}

impl Default for InfluencePassivityConfig {
    fn default() -> Self {
        InfluencePassivityConfig {
            tolerance: InfluencePassivityConfig::DEFAULT_TOLERANCE,
            max_iterations: InfluencePassivityConfig::DEFAULT_MAX_ITERATIONS,
        }
    }
}

impl InfluencePassivityConfig {
    /// The default tolerance on `‖ΔI‖₁ + ‖ΔP‖₁`, 1e-6.
    pub const DEFAULT_TOLERANCE: f64 = 1e-6;
    /// The default iteration cap, 1000. Like HITS, the iteration is a power
    /// method whose speed depends on the graph; the ranking says when the cap
    /// hit.
    pub const DEFAULT_MAX_ITERATIONS: usize = 1000;

    /// Validates and ranks the combined graph by influence.
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        self.run_with_progress(graph, |_| {})
    }

    /// [`InfluencePassivityConfig::run`], calling `progress` after every
    /// iteration.
    pub fn run_with_progress(self, graph: &InfluenceGraph, progress: impl FnMut(Progress)) -> Result<Ranking> {
        Ok(self.run_both_with_progress(graph, progress)?.0)
    }

    /// Validates and returns `(influence, passivity)`, both rankings of the
    /// combined graph from the same run (both named `influence-passivity`).
    pub fn run_both(self, graph: &InfluenceGraph) -> Result<(Ranking, Ranking)> {
        self.run_both_with_progress(graph, |_| {})
    }

    /// [`InfluencePassivityConfig::run_both`], calling `progress` after
    /// every iteration.
    pub fn run_both_with_progress(
        self,
        graph: &InfluenceGraph,
        mut progress: impl FnMut(Progress),
    ) -> Result<(Ranking, Ranking)> {
        driver::validate(self.tolerance, self.max_iterations)?;
        let (influence, passivity, outcome) = self.solve(graph, &mut progress);
        let visits = outcome.iterations as u64 * 2 * graph.combined().edge_count() as u64;
        let p = Ranking::iterative(graph, passivity, outcome.clone(), "influence-passivity", visits)?;
        let i = Ranking::iterative(graph, influence, outcome, "influence-passivity", visits)?;
        Ok((i, p))
    }

    fn solve(&self, graph: &InfluenceGraph, progress: &mut dyn FnMut(Progress)) -> (Vec<f64>, Vec<f64>, Outcome) {
        let layer = graph.combined();
        let n = layer.user_count();
        let (offsets, sources, weights) = (layer.offsets(), layer.sources(), layer.weights());
        let out = layer.out_weights();
        // a_e = r_e / W(source): the acceptance rate of edge e. Divided, not
        // multiplied by 1/W, so that a user's only reaction accepts exactly 1
        // and rejects exactly 0 whatever the unit of the weights.
        let accept = |e: usize, u: usize| weights.map_or(1.0, |w| w.at(e)) / out[u];
        // 1/D_v, with 0 where v's reactors rejected nothing.
        let inv_rejected: Vec<f64> = (0..n)
            .map(|v| {
                let d: f64 = (offsets[v]..offsets[v + 1]).map(|e| 1.0 - accept(e, sources[e] as usize)).sum();
                if d > 0.0 { 1.0 / d } else { 0.0 }
            })
            .collect();
        let mut influence = vec![1.0 / n as f64; n];
        let mut passivity = vec![1.0 / n as f64; n];
        let mut new_p = vec![0.0; n];
        let mut new_i = vec![0.0; n];
        let outcome = driver::iterate(
            self.tolerance,
            self.max_iterations,
            || {
                new_p.fill(0.0);
                for v in 0..n {
                    let share = influence[v] * inv_rejected[v];
                    if share == 0.0 {
                        continue;
                    }
                    let range = offsets[v]..offsets[v + 1];
                    for (e, &u) in range.clone().zip(&sources[range]) {
                        let u = u as usize;
                        new_p[u] += (1.0 - accept(e, u)) * share;
                    }
                }
                normalize(&mut new_p);
                for (v, out) in new_i.iter_mut().enumerate() {
                    *out = (offsets[v]..offsets[v + 1])
                        .map(|e| {
                            let u = sources[e] as usize;
                            accept(e, u) * new_p[u]
                        })
                        .sum();
                }
                normalize(&mut new_i);
                let change = |a: &[f64], b: &[f64]| -> f64 { a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum() };
                let residual = change(&new_i, &influence) + change(&new_p, &passivity);
                std::mem::swap(&mut influence, &mut new_i);
                std::mem::swap(&mut passivity, &mut new_p);
                residual
            },
            progress,
        );
        (influence, passivity, outcome)
    }
}

/// Scales `x` to sum 1; a zero vector stays zero.
fn normalize(x: &mut [f64]) {
    let total: f64 = x.iter().sum();
    if total > 0.0 {
        x.iter_mut().for_each(|v| *v /= total);
    }
}

super::driver::stopping_rule!(InfluencePassivityConfig, "`‖ΔI‖₁ + ‖ΔP‖₁`");
