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

use std::fmt;
use std::str::FromStr;

use rayon::prelude::*;

use super::driver::{self, Progress};
use super::problem::{Distribution, Problem, distribution};
use super::ranking::Ranking;
use super::{gauss_seidel, push};
use crate::error::{Error, Result};
use crate::graph::{EdgeWeights, InfluenceGraph, Layer};
use crate::interaction::Network;
use crate::prefetch::prefetch;

/// Users per part of the starting vector's dangling sum. Fixed (not derived
/// from the thread count), like the sweep's chunks ([`chunk_bounds`]).
const CHUNK: usize = 2048;

/// The work of a sweep's chunk, in edges (see [`chunk_bounds`]).
const CHUNK_WORK: usize = 16_384;

/// What a user costs in a sweep besides its in-edges, in edges: reading its
/// score and 1/out-weight, writing its new score and contribution.
const USER_COST: usize = 4;

/// Where dangling users (who react to nobody) send their score.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Dangling {
    /// Along the personalization vector (uniform when there is none). This is
    /// NetworkX's default, and igraph's whenever a reset vector is given.
    #[default]
    Personalization,
    /// Uniformly to every user, whatever the personalization (igraph's
    /// PRPACK without a reset vector, NetworKit's sink distribution).
    Uniform,
    /// Along the given `(user id, weight)` distribution (NetworkX's
    /// `dangling=` argument); weights are normalized to sum to 1.
    Weights(Vec<(String, f64)>),
}

/// How a PageRank run reaches its fixed point. Every solver solves the same
/// system; they differ in work, parallelism and locality.
///
/// Names (for [`FromStr`] and [`Display`](fmt::Display)): `power`,
/// `gauss-seidel`, `push`.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, PageRankConfig, Solver};
///
/// let mut b = GraphBuilder::default();
/// for (a, t) in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")] {
///     b.add_edge(a, t, 1.0)?;
/// }
/// let g = b.build()?;
/// let power = PageRankConfig::default().tolerance(1e-12).run(&g)?;
/// for solver in [Solver::GaussSeidel, Solver::Push] {
///     let other = PageRankConfig::default().tolerance(1e-12).solver(solver).run(&g)?;
///     assert!(other.converged());
///     let l1: f64 = power.scores().iter().zip(other.scores()).map(|(a, b)| (a - b).abs()).sum();
///     assert!(l1 < 1e-10);
/// }
/// assert_eq!("gauss-seidel".parse::<Solver>()?, Solver::GaussSeidel);
/// assert!("jacobi-ish".parse::<Solver>().is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Solver {
    /// Power iteration (Jacobi): every user's new score from the previous
    /// iterate, all cores, bit-identical whatever the thread count. Stops
    /// when the L1 change of an iteration is below the tolerance.
    #[default]
    Power,
    /// Gauss–Seidel: in-place sweeps in user order, so later users already
    /// see this sweep's scores; usually fewer sweeps than power iteration,
    /// single-threaded. Each sweep ends by rescaling the scores to sum to 1.
    /// Stops when the L1 change of a sweep is below the tolerance; the
    /// distance to the fixed point is then at most `2·tolerance·d/(1−d)`.
    GaussSeidel,
    /// Residual push (Gauss–Southwell, Andersen–Chung–Lang 2006): moves
    /// residual mass along out-edges, touching only where mass is. Fast for
    /// personalized PageRank on one or a few seeds; single-threaded. Stops
    /// when the scores are provably within `tolerance` (L1) of the fixed
    /// point. Its iterations are pushes divided by the user count.
    Push,
}

impl Solver {
    /// Every solver's name, in declaration order.
    pub const NAMES: &'static [&'static str] = &["power", "gauss-seidel", "push"];

    /// The solver's name.
    pub fn name(self) -> &'static str {
        match self {
            Solver::Power => "power",
            Solver::GaussSeidel => "gauss-seidel",
            Solver::Push => "push",
        }
    }
}

impl FromStr for Solver {
    type Err = Error;

    fn from_str(name: &str) -> Result<Solver> {
        match name.trim().to_ascii_lowercase().as_str() {
            "power" | "jacobi" => Ok(Solver::Power),
            "gauss-seidel" | "gauss_seidel" | "gaussseidel" => Ok(Solver::GaussSeidel),
            "push" => Ok(Solver::Push),
            _ => Err(Error::config("solver", name, format!("the solvers are: {}", Solver::NAMES.join(", ")))),
        }
    }
}

impl fmt::Display for Solver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the power iteration stores the contributions it gathers (see the
/// module docs for the accuracy of [`Precision::F32`]). Names: `f64`, `f32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Precision {
    /// Everything in `f64`.
    #[default]
    F64,
    /// Contributions stored as `f32`, accumulated in `f64`: half the memory
    /// traffic of the gathers, L1 error of order 1e-8 to 3.4e-7 (d = 0.85).
    /// Only with [`Solver::Power`].
    F32,
}

impl FromStr for Precision {
    type Err = Error;

    fn from_str(name: &str) -> Result<Precision> {
        match name.trim().to_ascii_lowercase().as_str() {
            "f64" => Ok(Precision::F64),
            "f32" => Ok(Precision::F32),
            _ => Err(Error::config("precision", name, "the precisions are: f64, f32")),
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Precision::F64 => "f64",
            Precision::F32 => "f32",
        })
    }
}

/// The settings of a PageRank run, with documented defaults.
///
/// Setters take and return `self`; nothing is checked until
/// [`PageRank::new`] or [`PageRankConfig::run`], which turn every invalid value into an
/// [`Error`].
///
/// # Stopping rule
///
/// A run stops when the L1 norm of the change between successive iterates,
/// `Σ_v |x⁽ᵏ⁾_v − x⁽ᵏ⁻¹⁾_v|`, falls below `tolerance`. NetworkX stops at
/// `N·tol` for `N` users (so its `tol=1e-6` on a million users only asks for
/// an L1 change below 1); to ask NetworkX for the same accuracy as
/// `tolerance = t` here, pass `tol = t / N`. Since each iteration contracts
/// the error by at most `d`, the distance to the exact solution after
/// stopping is at most `t·d/(1−d)` (about `5.7·t` for `d = 0.85`).
///
/// # Example
///
/// ```
/// use influence::{Dangling, GraphBuilder, PageRankConfig};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("a", "b", 1.0)?;
/// b.add_edge("b", "c", 1.0)?;
/// let g = b.build()?;
/// let ranking = PageRankConfig::default()
///     .damping(0.9)
///     .tolerance(1e-12)
///     .personalization([("a", 1.0)])
///     .dangling(Dangling::Uniform)
///     .run(&g)?;
/// assert!(ranking.converged());
///
/// // Invalid settings are errors, not panics.
/// assert!(PageRankConfig::default().damping(1.5).run(&g).is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct PageRankConfig {
    damping: f64,
    tolerance: f64,
    max_iterations: usize,
    personalization: Option<Vec<(String, f64)>>,
    dangling: Dangling,
    #[cfg_attr(feature = "serde", serde(default))]
    solver: Solver,
    #[cfg_attr(feature = "serde", serde(default))]
    precision: Precision,
}

impl Default for PageRankConfig {
    fn default() -> Self {
        PageRankConfig {
            damping: PageRankConfig::DEFAULT_DAMPING,
            tolerance: PageRankConfig::DEFAULT_TOLERANCE,
            max_iterations: PageRankConfig::DEFAULT_MAX_ITERATIONS,
            personalization: None,
            dangling: Dangling::Personalization,
            solver: Solver::Power,
            precision: Precision::F64,
        }
    }
}

impl PageRankConfig {
    /// The default damping factor, 0.85 (Brin & Page 1998; NetworkX, igraph).
    pub const DEFAULT_DAMPING: f64 = 0.85;
    /// The default tolerance on the L1 change between iterates, 1e-6.
    pub const DEFAULT_TOLERANCE: f64 = 1e-6;
    /// The default iteration cap, 1000: at `d = 0.85` even a tolerance of
    /// 1e-15 needs only about 230 iterations, so hitting the cap means
    /// something is wrong, and the ranking says so.
    pub const DEFAULT_MAX_ITERATIONS: usize = 1000;

    /// The probability of following an edge rather than teleporting; must lie
    /// in the open interval (0, 1).
    pub fn damping(mut self, damping: f64) -> Self {
        self.damping = damping;
        self
    }

    /// Stop when the L1 change between iterates is below this (> 0).
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Stop after this many iterations (≥ 1) even if not converged.
    pub fn max_iterations(mut self, max_iterations: usize) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Teleport to these users in proportion to their weights instead of
    /// uniformly. Weights must be finite, non-negative and not all zero;
    /// every id must be a user of the graph; users not listed get 0; an id
    /// listed twice has its weights added.
    pub fn personalization<S: Into<String>>(mut self, weights: impl IntoIterator<Item = (S, f64)>) -> Self {
        self.personalization = Some(weights.into_iter().map(|(u, w)| (u.into(), w)).collect());
        self
    }

    /// Where dangling users send their score (default
    /// [`Dangling::Personalization`]).
    pub fn dangling(mut self, dangling: Dangling) -> Self {
        self.dangling = dangling;
        self
    }

    /// The solver (default [`Solver::Power`]).
    pub fn solver(mut self, solver: Solver) -> Self {
        self.solver = solver;
        self
    }

    /// The storage precision of the power iteration (default
    /// [`Precision::F64`]); [`Precision::F32`] with another solver is an
    /// error, and so is a graph with a user whose total out-weight lies
    /// outside [1e-30, 1e30] (their score / out-weight would overflow or
    /// vanish in an `f32`).
    pub fn precision(mut self, precision: Precision) -> Self {
        self.precision = precision;
        self
    }

    /// The solver.
    pub fn get_solver(&self) -> Solver {
        self.solver
    }

    /// The storage precision.
    pub fn get_precision(&self) -> Precision {
        self.precision
    }

    /// The damping factor.
    pub fn get_damping(&self) -> f64 {
        self.damping
    }

    /// The tolerance.
    pub fn get_tolerance(&self) -> f64 {
        self.tolerance
    }

    /// The iteration cap.
    pub fn get_max_iterations(&self) -> usize {
        self.max_iterations
    }

    /// Validates and runs on the combined graph; shorthand for
    /// `PageRank::new(self)?.run(graph)`.
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        PageRank::new(self)?.run(graph)
    }

    fn validate(&self) -> Result<()> {
        let d = self.damping;
        if !(d > 0.0 && d < 1.0) {
            return Err(Error::config("damping", d, "must lie strictly between 0 and 1 (0.85 is usual)"));
        }
        if self.precision != Precision::F64 && self.solver != Solver::Power {
            return Err(Error::config(
                "precision",
                self.precision,
                format!("only the power solver stores scores in f32, not {}", self.solver),
            ));
        }
        driver::validate(self.tolerance, self.max_iterations)?;
        // Push stops once the residual mass falls below tolerance·(1 − d):
        // a threshold that underflows to 0 (or a subnormal) is never reached.
        if self.solver == Solver::Push && self.tolerance * (1.0 - d) < f64::MIN_POSITIVE {
            return Err(Error::config(
                "tolerance",
                format!("{:e}", self.tolerance),
                "too small for the push solver: tolerance × (1 − damping) must be at least 2.2e-308",
            ));
        }
        Ok(())
    }
}

/// The smallest positive out-weight [`Precision::F32`] accepts: a score of
/// at most 1 divided by it stays below `f32::MAX`.
const MIN_F32_OUT_WEIGHT: f64 = 1e-30;
/// The largest out-weight [`Precision::F32`] accepts: a score divided by it
/// stays a normal `f32` for scores down to 1e-8.
const MAX_F32_OUT_WEIGHT: f64 = 1e30;

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
        let teleport = match &c.personalization {
            None => None,
            Some(p) => Some(distribution(graph, p, "personalization")?),
        };
        let dangling = match &c.dangling {
            Dangling::Personalization => None,
            Dangling::Uniform => Some(Distribution::Uniform),
            Dangling::Weights(w) => Some(distribution(graph, w, "dangling distribution")?),
        };
        let teleport = teleport.unwrap_or(Distribution::Uniform);
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
            || state.step(layer, c.damping, teleport, dangling),
            progress,
        );
        let edge_visits = outcome.iterations as u64 * layer.edge_count() as u64;
        (state.x, outcome, edge_visits)
    }
}

/// How the power iteration stores the contributions `x_u / W(u)`: `f64`
/// (exact, the default) or `f32` (half the memory traffic). Sums are always
/// `f64`.
trait Contribution: Copy + Default + Send + Sync + 'static {
    fn store(value: f64) -> Self;
    fn load(self) -> f64;
}

impl Contribution for f64 {
    #[inline(always)]
    fn store(value: f64) -> f64 {
        value
    }
    #[inline(always)]
    fn load(self) -> f64 {
        self
    }
}

impl Contribution for f32 {
    #[inline(always)]
    fn store(value: f64) -> f32 {
        value as f32
    }
    #[inline(always)]
    fn load(self) -> f64 {
        self as f64
    }
}

/// The iteration state: current scores, per-user contributions
/// `x_u / W(u)` for the next gather, and per-chunk partial sums.
struct State<C> {
    x: Vec<f64>,
    next: Vec<f64>,
    contrib: Vec<C>,
    next_contrib: Vec<C>,
    inv_out: Vec<f64>,
    dangling_mass: f64,
    /// Chunk `k` is users `bounds[k]..bounds[k + 1]`.
    bounds: Vec<usize>,
    parts: Vec<(f64, f64)>,
}

impl<C: Contribution> State<C> {
    /// The state before the first iteration: the scores start at `start`
    /// (a distribution over the `n` users) or uniformly.
    fn new(layer: &Layer, n: usize, start: Option<&[f64]>) -> State<C> {
        // 1/W(u), with 0 marking a dangling user: multiplication instead of
        // division in the loop, and the dangling test for free.
        let inv_out: Vec<f64> = layer.out_weights().par_iter().map(|&w| if w > 0.0 { 1.0 / w } else { 0.0 }).collect();
        let mut x = vec![0.0f64; n];
        match start {
            Some(s) => x.copy_from_slice(s),
            None => x.fill(1.0 / n as f64),
        }
        let mut contrib = vec![C::default(); n];
        for ((c, x), i) in contrib.iter_mut().zip(&x).zip(&inv_out) {
            *c = C::store(x * i);
        }
        let dangling_mass = chunked_sum(x.iter().zip(&inv_out).map(|(&x, &i)| if i == 0.0 { x } else { 0.0 }), n);
        let bounds = chunk_bounds(layer.offsets());
        let chunks = bounds.len() - 1;
        State {
            next: vec![0.0; n],
            next_contrib: vec![C::default(); n],
            x,
            contrib,
            inv_out,
            dangling_mass,
            bounds,
            parts: vec![(0.0, 0.0); chunks],
        }
    }

    /// One power iteration; returns the L1 change.
    fn step(&mut self, layer: &Layer, d: f64, teleport: &Distribution, dangling: Option<&Distribution>) -> f64 {
        let n = self.x.len();
        let uniform = 1.0 / n as f64;
        let dm = self.dangling_mass;
        // What every user receives besides the pulled sum:
        // (1−d)·p_v + d·dm·q_v, a constant when both are uniform.
        match (teleport, dangling) {
            (Distribution::Uniform, None | Some(Distribution::Uniform)) => {
                let c = (1.0 - d) * uniform + d * dm * uniform;
                self.sweep(layer, d, |_| c)
            }
            (Distribution::Vector(p), None) => {
                let (a, b) = (1.0 - d, d * dm);
                self.sweep(layer, d, |v| (a + b) * p[v])
            }
            (p, Some(q)) => {
                let (a, b) = (1.0 - d, d * dm);
                self.sweep(layer, d, |v| a * p.at(v, uniform) + b * q.at(v, uniform))
            }
        }
    }

    fn sweep(&mut self, layer: &Layer, d: f64, base: impl Fn(usize) -> f64 + Sync) -> f64 {
        // SAFETY (both closures): `sweep_with` only passes edge positions
        // `e < sources.len() == w.len()` and sources `u`, which a `Layer`
        // guarantees to be below `user_count() == contrib.len()`.
        match layer.weights() {
            None => self.sweep_with(layer, d, &base, |_, u, contrib| unsafe { contrib.get_unchecked(u).load() }),
            Some(EdgeWeights::F32(w)) => self.sweep_with(layer, d, &base, |e, u, contrib| unsafe {
                f64::from(*w.get_unchecked(e)) * contrib.get_unchecked(u).load()
            }),
            Some(EdgeWeights::F64(w)) => self.sweep_with(layer, d, &base, |e, u, contrib| unsafe {
                *w.get_unchecked(e) * contrib.get_unchecked(u).load()
            }),
        }
    }

    /// Computes every user's new score into `next` (and its contribution
    /// into `next_contrib`), chunk by chunk in parallel, then swaps buffers.
    /// `edge(e, u, contrib)` is what edge `e` from source `u` carries.
    fn sweep_with(
        &mut self,
        layer: &Layer,
        d: f64,
        base: &(impl Fn(usize) -> f64 + Sync),
        edge: impl Fn(usize, usize, &[C]) -> f64 + Sync,
    ) -> f64 {
        let offsets = layer.offsets();
        let sources = layer.sources();
        let contrib = &self.contrib[..];
        let x = &self.x[..];
        let inv_out = &self.inv_out[..];
        // The CSR invariants the unchecked reads below rely on (upheld by
        // `Layer`'s constructor; checked here once per sweep, not per edge).
        assert_eq!(contrib.len() + 1, offsets.len());
        assert_eq!(offsets.last().copied(), Some(sources.len()));
        for_each_chunk(
            &mut self.next,
            &mut self.next_contrib,
            &mut self.parts,
            &self.bounds,
            &|next, next_contrib, part, start| {
                let mut residual = 0.0;
                let mut dangling_mass = 0.0;
                for (i, (out, out_contrib)) in next.iter_mut().zip(next_contrib.iter_mut()).enumerate() {
                    let v = start + i;
                    let (lo, hi) = (offsets[v], offsets[v + 1]);
                    debug_assert!(lo <= hi && hi <= sources.len());
                    // Four partial sums break the dependency chain of the
                    // adds; the order is fixed, so results stay deterministic.
                    let mut acc = [0.0f64; 4];
                    let mut e = lo;
                    while e + 4 <= hi {
                        for (k, a) in acc.iter_mut().enumerate() {
                            // The contribution gathered PREFETCH_EDGES edges on:
                            // its cache miss then overlaps this work.
                            if let Some(&ahead) = sources.get(e + k + PREFETCH_EDGES) {
                                prefetch(contrib, ahead as usize);
                            }
                            // SAFETY: e + k < hi <= sources.len() (offsets are
                            // non-decreasing and end at sources.len()).
                            let u = unsafe { *sources.get_unchecked(e + k) } as usize;
                            *a += edge(e + k, u, contrib);
                        }
                        e += 4;
                    }
                    while e < hi {
                        // SAFETY: as above, e < hi <= sources.len().
                        let u = unsafe { *sources.get_unchecked(e) } as usize;
                        acc[0] += edge(e, u, contrib);
                        e += 1;
                    }
                    let pulled = (acc[0] + acc[1]) + (acc[2] + acc[3]);
                    let value = d * pulled + base(v);
                    residual += (value - x[v]).abs();
                    let inv = inv_out[v];
                    // A select, not a branch: dangling users are scattered
                    // through any numbering, so a branch would often be
                    // mispredicted. Adding +0.0 leaves the sum's bits as they are.
                    dangling_mass += if inv == 0.0 { value } else { 0.0 };
                    *out = value;
                    *out_contrib = C::store(value * inv);
                }
                *part = (residual, dangling_mass);
            },
        );
        std::mem::swap(&mut self.x, &mut self.next);
        std::mem::swap(&mut self.contrib, &mut self.next_contrib);
        let (mut residual, mut dangling_mass) = (0.0, 0.0);
        for &(r, m) in &self.parts {
            residual += r;
            dangling_mass += m;
        }
        self.dangling_mass = dangling_mass;
        residual
    }
}

/// The chunks of a sweep, as user boundaries `0 = b_0 < b_1 < … = n`: runs
/// of users whose in-edges plus [`USER_COST`] per user come to about
/// [`CHUNK_WORK`] (or more, by less than one user's), so that a chunk of hubs
/// is not a hundred times the work of a chunk of quiet users and threads
/// stay balanced whatever the numbering (users numbered by degree put the
/// hubs together). The bounds depend on the graph alone, never on the
/// thread count, so the partial sums, and the results, do not either.
fn chunk_bounds(offsets: &[usize]) -> Vec<usize> {
    let n = offsets.len() - 1;
    let mut bounds = vec![0];
    let mut work = 0usize;
    for v in 0..n {
        work += offsets[v + 1] - offsets[v] + USER_COST;
        if work >= CHUNK_WORK {
            bounds.push(v + 1);
            work = 0;
        }
    }
    if bounds.last() != Some(&n) {
        bounds.push(n);
    }
    bounds
}

/// How many edges ahead a sweep prefetches the contribution it will gather:
/// far enough for a miss to main memory to be served meanwhile. On the
/// scale-22 R-MAT graph an iteration ran 1.15 to 1.33 times faster than
/// without prefetching, with 64, 128 or 256 alike
/// (`docs/perf/2026-11-27-software-prefetching.md`).
const PREFETCH_EDGES: usize = 128;

/// Runs `f(next, next_contrib, part, start)` on every chunk of users, in
/// parallel: `next` and `next_contrib` cut at `bounds` (as from
/// [`chunk_bounds`], `bounds[0]` the first user of `next`), one `part` per
/// chunk, `start` the chunk's first user. Halving the chunks recursively
/// with `rayon::join` allocates nothing, so an iteration allocates nothing.
fn for_each_chunk<T: Send, U: Send, P: Send>(
    next: &mut [T],
    next_contrib: &mut [U],
    parts: &mut [P],
    bounds: &[usize],
    f: &(impl Fn(&mut [T], &mut [U], &mut P, usize) + Sync),
) {
    match parts {
        [] => {}
        [part] => f(next, next_contrib, part, bounds[0]),
        _ => {
            let mid = parts.len() / 2;
            let cut = bounds[mid] - bounds[0];
            let (next_a, next_b) = next.split_at_mut(cut);
            let (contrib_a, contrib_b) = next_contrib.split_at_mut(cut);
            let (parts_a, parts_b) = parts.split_at_mut(mid);
            rayon::join(
                || for_each_chunk(next_a, contrib_a, parts_a, &bounds[..=mid], f),
                || for_each_chunk(next_b, contrib_b, parts_b, &bounds[mid..], f),
            );
        }
    }
}

/// A sum in the same fixed chunked order as the iteration's partial sums.
fn chunked_sum(values: impl Iterator<Item = f64>, n: usize) -> f64 {
    let mut total = 0.0;
    let mut part = 0.0;
    for (i, v) in values.enumerate() {
        part += v;
        if (i + 1) % CHUNK == 0 || i + 1 == n {
            total += part;
            part = 0.0;
        }
    }
    total
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

    #[test]
    fn chunked_sum_matches_plain_sum_on_small_input() {
        let v = [0.5, 0.25, 0.125];
        assert_eq!(chunked_sum(v.iter().copied(), 3), 0.875);
    }
}
