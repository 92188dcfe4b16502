//! Weighted, personalized PageRank: the configuration, and the default
//! solver, power iteration.
//!
//! The scores solve `x = d·(Pᵀx + (Σ_{u dangling} x_u)·q) + (1−d)·p`, where
//! `P[u][v] = w(u→v) / W(u)` with `W(u)` the out-weight of `u`, `p` is the
//! personalization (teleport) vector and `q` the dangling distribution (by
//! default `q = p`, as in NetworkX's `pagerank`; Page et al. 1999, Langville
//! & Meyer 2006 §4.5). Iteration is pull-based over the CSR of in-edges: one
//! gather and one add per edge, nothing hashed or allocated inside the loop.
//!
//! Determinism: each user's sum runs over its in-edges in storage order, and
//! the global sums (residual, dangling mass) are added per fixed chunk of
//! users and then chunk by chunk in order, so the result is bit-identical
//! whatever the number of threads.
//!
//! # Solvers
//!
//! [`Solver`] picks how the fixed point is reached; every solver solves the
//! same system with the same dangling and personalization semantics:
//!
//! - [`Solver::Power`] (default): Jacobi / power iteration, parallel, here.
//! - [`Solver::GaussSeidel`]: in-place sweeps in user order, single-threaded
//!   (`gauss_seidel.rs`).
//! - [`Solver::Push`]: residual push (Gauss–Southwell / Andersen–Chung–Lang),
//!   single-threaded, local for personalized PageRank on few seeds
//!   (`push.rs`).
//!
//! # Precision
//!
//! [`Precision::F32`] stores the per-user contributions `x_u / W(u)` that
//! the power iteration gathers as `f32` (half the bytes of the randomly
//! accessed vector) while scores, edge weights and every sum stay `f64`.
//! Each stored contribution carries a relative rounding error of at most
//! 2⁻²⁴ ≈ 6·10⁻⁸, so each iteration's result is off by at most `d·2⁻²⁴`
//! in L1 and the fixed point reached by at most `d·2⁻²⁴/(1−d)` ≈ 3.4·10⁻⁷
//! (d = 0.85), on top of the tolerance. Measured L1 distance to the f64
//! fixed point (errors of different users partly cancel): 2.5e-8 on the
//! karate club (tolerance 1e-12), 2.9e-9 on R-MAT scale 16 (tolerance
//! 1e-10; at the default 1e-6 the f32 and f64 runs both stay 3.5e-7 from
//! it, the tolerance dominating). On R-MAT scale 16 an f32 run took about
//! 20 % less time than an f64 one (`cargo bench --bench pagerank --
//! solvers/`, 2 cores). Tolerances far below 1e-8 may never be reached in
//! f32; the run then reports non-convergence honestly. Only the power
//! iteration offers f32.
//!
//! This module must never read files or know about user ids beyond turning
//! the personalization into indices.

//!
//! # Files
//!
//! `config.rs` holds the settings ([`PageRankConfig`], [`Dangling`],
//! [`Solver`], [`Precision`]), `problem.rs` what every solver solves,
//! `power.rs` the power iteration's state and sweep, `gauss_seidel.rs` and
//! `push.rs` the other two solvers; this file the [`PageRank`] that runs
//! them.

mod config;
mod gauss_seidel;
mod power;
mod problem;
mod push;

pub use self::config::{Dangling, PageRankConfig, Precision, Solver};
use self::config::{MAX_F32_OUT_WEIGHT, MIN_F32_OUT_WEIGHT};
use self::power::{Contribution, Gather, State};
#[cfg(feature = "distributed")]
pub(crate) use self::power::{Gather as Rows, State as PowerState};
pub(crate) use self::problem::Distribution;
#[cfg(feature = "distributed")]
pub(crate) use self::problem::normalized;
use self::problem::{Problem, distribution};
use super::driver::{self, Progress};
use super::ranking::Ranking;
use crate::error::{Error, Result};
use crate::graph::{EdgeWeights, InfluenceGraph, Layer};
use crate::interaction::Network;

/// Weighted personalized PageRank with a validated configuration.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, PageRank, PageRankConfig};
///
/// let mut b = GraphBuilder::default();
/// for (a, t) in [("ann", "bob"), ("cy", "bob"), ("bob", "ann")] {
///     b.add_edge(a, t, 1.0)?;
/// }
/// let g = b.build()?;
/// let pr = PageRank::new(PageRankConfig::default().tolerance(1e-10))?;
/// let ranking = pr.run(&g)?;
/// let top = ranking.top(2);
/// assert_eq!(top[0].0, "bob");
/// assert_eq!(top[1].0, "ann");
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct PageRank {
    config: PageRankConfig,
}

impl PageRank {
    /// Checks `config`: damping in (0, 1), tolerance > 0, at least one
    /// iteration, f32 precision only with the power solver. Personalization ids are checked against the graph by `run`.
    pub fn new(config: PageRankConfig) -> Result<PageRank> {
        config.validate()?;
        Ok(PageRank { config })
    }

    /// The configuration.
    pub fn config(&self) -> &PageRankConfig {
        &self.config
    }

    /// The least number of bytes one iteration of the power solver must
    /// read and write on `layer` with uniform teleport: the figure a
    /// benchmark divides by the machine's streaming bandwidth to get the
    /// time no iteration can beat. It counts, once each:
    ///
    /// | what | bytes |
    /// |---|---|
    /// | offsets, read | `size_of::<usize>()` × (users + 1) |
    /// | sources, read | 4 × edges |
    /// | weights, read | 0, 4 or 8 × edges, as stored ([`Layer::weights`]) |
    /// | scores and 1/out-weight, read | 16 × users |
    /// | contributions, read | `c` × users |
    /// | next scores, written | 8 × users |
    /// | next contributions, written | `c` × users |
    ///
    /// with `c` = 8 for [`Precision::F64`] and 4 for [`Precision::F32`]. The
    /// contributions are gathered at random through the sources but
    /// counted as if they streamed, and writes without the read a cache
    /// usually makes first, so the bound is optimistic. A personalization
    /// vector would add 8 bytes per user. The other solvers move different
    /// amounts; this is the power iteration's.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{GraphBuilder, PageRank, PageRankConfig, Precision};
    ///
    /// let mut b = GraphBuilder::default();
    /// for (a, t) in [("a", "b"), ("b", "c"), ("c", "a")] {
    ///     b.add_edge(a, t, 1.0)?;
    /// }
    /// let g = b.build()?;
    /// let pr = PageRank::new(PageRankConfig::default().precision(Precision::F32))?;
    /// let offsets = 4 * std::mem::size_of::<usize>() as u64;
    /// assert_eq!(pr.iteration_bytes(g.combined()), offsets + 3 * 4 + 3 * (16 + 4 + 8 + 4));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn iteration_bytes(&self, layer: &Layer) -> u64 {
        let bytes = |len: usize, size: usize| (len as u64) * (size as u64);
        let n = layer.user_count();
        let c = match self.config.precision {
            Precision::F64 => 8,
            Precision::F32 => 4,
        };
        let weights = match layer.weights() {
            None => 0,
            Some(EdgeWeights::F32(w)) => bytes(w.len(), 4),
            Some(EdgeWeights::F64(w)) => bytes(w.len(), 8),
        };
        bytes(layer.offsets().len(), std::mem::size_of::<usize>())
            + bytes(layer.sources().len(), 4)
            + weights
            + bytes(n, 16 + c + 8 + c)
    }

    /// Ranks the users of the combined graph.
    pub fn run(&self, graph: &InfluenceGraph) -> Result<Ranking> {
        self.run_with_progress(graph, |_| {})
    }

    /// Ranks the users of one network's layer.
    ///
    /// # Errors
    ///
    /// Besides those of [`PageRank::run`], a network without a layer in
    /// `graph`.
    pub fn run_layer(&self, graph: &InfluenceGraph, network: &Network) -> Result<Ranking> {
        let layer = graph
            .layer(network)
            .ok_or_else(|| Error::config("network", network, "the graph has no layer for this network"))?;
        self.rank(graph, layer, None, &mut |_| {})
    }

    /// Ranks the combined graph, calling `progress` after every iteration.
    pub fn run_with_progress(&self, graph: &InfluenceGraph, mut progress: impl FnMut(Progress)) -> Result<Ranking> {
        self.rank(graph, graph.combined(), None, &mut progress)
    }

    /// Ranks the combined graph starting from an earlier ranking instead of
    /// the uniform vector: a warm start for a graph that changed a little
    /// (a day's new interactions). Users are matched by id; users the earlier
    /// ranking lacks start at 0, users it has that the graph lacks are
    /// dropped, and the start is rescaled to sum to 1 (uniform if nothing
    /// matches). The fixed point is the same as a cold start's; only the
    /// number of iterations changes.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{GraphBuilder, PageRankConfig, PageRank};
    ///
    /// let mut b = GraphBuilder::default();
    /// for (a, t) in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")] {
    ///     b.add_edge(a, t, 1.0)?;
    /// }
    /// let pr = PageRank::new(PageRankConfig::default().tolerance(1e-12))?;
    /// let yesterday = pr.run(&b.build()?)?;
    ///
    /// let mut b = GraphBuilder::default();
    /// for (a, t) in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("e", "c")] {
    ///     b.add_edge(a, t, 1.0)?;
    /// }
    /// let today = b.build()?;
    /// let warm = pr.run_from(&today, &yesterday)?;
    /// let cold = pr.run(&today)?;
    /// assert!(warm.converged());
    /// for (w, c) in warm.scores().iter().zip(cold.scores()) {
    ///     assert!((w - c).abs() < 1e-10);
    /// }
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn run_from(&self, graph: &InfluenceGraph, previous: &Ranking) -> Result<Ranking> {
        let mut start: Vec<f64> = graph.user_ids().map(|id| previous.score(id).unwrap_or(0.0)).collect();
        let total: f64 = start.iter().sum();
        if total > 0.0 && total.is_finite() {
            start.iter_mut().for_each(|x| *x /= total);
        } else {
            start.fill(1.0 / graph.user_count() as f64);
        }
        self.rank(graph, graph.combined(), Some(&start), &mut |_| {})
    }

    /// Solves on `layer` (over `layer.user_count()` users) with an
    /// index-based teleport distribution (normalized here; uniform when
    /// `None`) that dangling users follow too, from an optional start. The
    /// configured personalization and dangling model are ignored: this is
    /// the entry the score layer uses, which picks its own per-network
    /// teleport. `teleport` must be non-negative with a positive sum. A
    /// cold start (no `start`) begins at the teleport distribution.
    pub(crate) fn solve_layer(
        &self,
        layer: &Layer,
        teleport: Option<&[f64]>,
        start: Option<&[f64]>,
    ) -> (Vec<f64>, driver::Outcome) {
        let n = layer.user_count();
        let teleport = match teleport {
            None => Distribution::Uniform,
            Some(t) => {
                let total: f64 = t.iter().sum();
                Distribution::Vector(t.iter().map(|w| w / total).collect())
            }
        };
        // Cold starts begin at the teleport, so users it cannot reach stay
        // exactly 0.
        let start = match (start, &teleport) {
            (Some(s), _) => Some(s),
            (None, Distribution::Vector(t)) => Some(t.as_slice()),
            (None, Distribution::Uniform) => None,
        };
        let (x, outcome, _) = self.power::<f64>(layer, n, start, &teleport, None, &mut |_| {});
        (x, outcome)
    }

    fn rank(
        &self,
        graph: &InfluenceGraph,
        layer: &Layer,
        start: Option<&[f64]>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Ranking> {
        let n = graph.user_count();
        let c = &self.config;
        let (teleport, dangling) = self.distributions(graph)?;
        let dangling = dangling.as_ref();
        if c.precision == Precision::F32 {
            // score / out-weight must fit an f32, neither overflowing nor
            // vanishing.
            let outside = |w: &&f64| **w > 0.0 && !(MIN_F32_OUT_WEIGHT..=MAX_F32_OUT_WEIGHT).contains(*w);
            if let Some(w) = layer.out_weights().iter().find(outside) {
                return Err(Error::config(
                    "precision",
                    "f32",
                    format!(
                        "a user's total out-weight {w:e} lies outside [{MIN_F32_OUT_WEIGHT:e}, {MAX_F32_OUT_WEIGHT:e}], \
                         where score / out-weight fits an f32; use f64"
                    ),
                ));
            }
        }
        let (x, outcome, edge_visits) = match (c.solver, c.precision) {
            (Solver::Power, Precision::F64) => self.power::<f64>(layer, n, start, &teleport, dangling, progress),
            (Solver::Power, Precision::F32) => self.power::<f32>(layer, n, start, &teleport, dangling, progress),
            (Solver::GaussSeidel, _) => {
                let problem = Problem { layer, damping: c.damping, teleport: &teleport, dangling, start };
                gauss_seidel::solve(&problem, c.tolerance, c.max_iterations, progress)
            }
            (Solver::Push, _) => {
                let problem = Problem { layer, damping: c.damping, teleport: &teleport, dangling, start };
                push::solve(&problem, c.tolerance, c.max_iterations, progress)
            }
        };
        Ranking::iterative(graph, x, outcome, "pagerank", edge_visits)
    }

    /// The configured teleport (personalization) and dangling
    /// distributions over `graph`'s users (`None`: dangling mass follows the
    /// teleport).
    pub(crate) fn distributions(&self, graph: &InfluenceGraph) -> Result<(Distribution, Option<Distribution>)> {
        let c = &self.config;
        let teleport = match &c.personalization {
            None => Distribution::Uniform,
            Some(p) => distribution(graph, p, "personalization")?,
        };
        let dangling = match &c.dangling {
            Dangling::Personalization => None,
            Dangling::Uniform => Some(Distribution::Uniform),
            Dangling::Weights(w) => Some(distribution(graph, w, "dangling distribution")?),
        };
        Ok((teleport, dangling))
    }

    /// Power iteration with contributions stored as `C`.
    fn power<C: Contribution>(
        &self,
        layer: &Layer,
        n: usize,
        start: Option<&[f64]>,
        teleport: &Distribution,
        dangling: Option<&Distribution>,
        progress: &mut dyn FnMut(Progress),
    ) -> (Vec<f64>, driver::Outcome, u64) {
        let c = &self.config;
        let mut state = State::<C>::new(layer, n, start);
        let outcome = driver::iterate(
            c.tolerance,
            c.max_iterations,
            || state.step(Gather::of(layer), c.damping, teleport, dangling),
            progress,
        );
        let edge_visits = outcome.iterations as u64 * layer.edge_count() as u64;
        (state.x, outcome, edge_visits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GraphBuilder;

    fn graph(edges: &[(&str, &str, f64)]) -> InfluenceGraph {
        let mut b = GraphBuilder::default();
        for &(a, t, w) in edges {
            b.add_edge(a, t, w).unwrap();
        }
        b.build().unwrap()
    }

    #[test]
    fn iteration_bytes_counts_what_a_sweep_moves() {
        let word = std::mem::size_of::<usize>() as u64;
        let edges = |w: f64| [("a", "b", w), ("b", "c", w), ("c", "a", w), ("d", "a", w)];
        let f64s = PageRank::default();
        let f32s = PageRank::new(PageRankConfig::default().precision(Precision::F32)).unwrap();
        // 4 users, 4 edges; vectors: 16 + 2c bytes read, 8 + c written.
        let mut b = GraphBuilder::new(crate::GraphConfig::default().unweighted(true)).unwrap();
        for (a, t, w) in edges(2.5) {
            b.add_edge(a, t, w).unwrap();
        }
        let plain = b.build().unwrap();
        assert!(plain.combined().weights().is_none());
        assert_eq!(f64s.iteration_bytes(plain.combined()), 5 * word + 4 * 4 + 4 * 40);
        assert_eq!(f32s.iteration_bytes(plain.combined()), 5 * word + 4 * 4 + 4 * 32);
        // Weights that are exact in f32 are stored in 4 bytes, others in 8.
        let exact = graph(&edges(2.5));
        assert!(matches!(exact.combined().weights(), Some(EdgeWeights::F32(_))));
        assert_eq!(f64s.iteration_bytes(exact.combined()), 5 * word + 4 * (4 + 4) + 4 * 40);
        let inexact = graph(&edges(0.1));
        assert!(matches!(inexact.combined().weights(), Some(EdgeWeights::F64(_))));
        assert_eq!(f32s.iteration_bytes(inexact.combined()), 5 * word + 4 * (4 + 8) + 4 * 32);
    }

    #[test]
    fn two_cycle_is_uniform() {
        let g = graph(&[("a", "b", 1.0), ("b", "a", 1.0)]);
        let r = PageRank::default().run(&g).unwrap();
        assert!((r.scores()[0] - 0.5).abs() < 1e-15);
        assert_eq!(r.iterations(), 1);
    }

    #[test]
    fn star_center_closed_form() {
        // Leaves l1..l3 → hub; the hub is dangling and teleports uniformly.
        // Leaves: x_l = d·x_h/4 + (1−d)/4, hub: x_h = d·(3·x_l + x_h/4) + (1−d)/4.
        let g = graph(&[("l1", "h", 1.0), ("l2", "h", 1.0), ("l3", "h", 1.0)]);
        let r = PageRankConfig::default().tolerance(1e-15).run(&g).unwrap();
        let d = 0.85f64;
        // Solve the 2×2 system by substitution.
        let xh = (1.0 - d) / 4.0 * (1.0 + 3.0 * d) / (1.0 - d / 4.0 - 3.0 * d * d / 4.0);
        let xl = (1.0 - xh) / 3.0;
        assert!((r.score("h").unwrap() - xh).abs() < 1e-14);
        assert!((r.score("l1").unwrap() - xl).abs() < 1e-14);
    }

    #[test]
    fn invalid_settings_are_errors() {
        let g = graph(&[("a", "b", 1.0)]);
        for d in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
            assert!(PageRankConfig::default().damping(d).run(&g).is_err(), "damping {d}");
        }
        assert!(PageRankConfig::default().tolerance(0.0).run(&g).is_err());
        assert!(PageRankConfig::default().max_iterations(0).run(&g).is_err());
        assert!(PageRankConfig::default().personalization([("zed", 1.0)]).run(&g).is_err());
        assert!(PageRankConfig::default().personalization([("a", 0.0)]).run(&g).is_err());
        assert!(PageRankConfig::default().personalization([("a", -1.0)]).run(&g).is_err());
    }
}
