//! PageRank's settings: [`PageRankConfig`] and the choices it holds
//! ([`Dangling`], [`Solver`], [`Precision`]), with their defaults and the
//! checks [`PageRank::new`](super::PageRank::new) runs.

use std::fmt;
use std::str::FromStr;

use super::PageRank;
use crate::algo::Ranking;
use crate::algo::driver;
use crate::error::{Error, Result};
use crate::graph::InfluenceGraph;

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
    pub(super) damping: f64,
    pub(super) tolerance: f64,
    pub(super) max_iterations: usize,
    pub(super) personalization: Option<Vec<(String, f64)>>,
    pub(super) dangling: Dangling,
    #[cfg_attr(feature = "serde", serde(default))]
    pub(super) solver: Solver,
    #[cfg_attr(feature = "serde", serde(default))]
    pub(super) precision: Precision,
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

    /// The personalization's `(id, weight)` pairs as given, if any.
    #[cfg(feature = "distributed")]
    pub(crate) fn personalization_pairs(&self) -> Option<&[(String, f64)]> {
        self.personalization.as_deref()
    }

    /// Where dangling users' mass goes.
    #[cfg(feature = "distributed")]
    pub(crate) fn dangling_policy(&self) -> &Dangling {
        &self.dangling
    }

    /// Validates and runs on the combined graph; shorthand for
    /// `PageRank::new(self)?.run(graph)`.
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        PageRank::new(self)?.run(graph)
    }

    pub(super) fn validate(&self) -> Result<()> {
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
pub(super) const MIN_F32_OUT_WEIGHT: f64 = 1e-30;
/// The largest out-weight [`Precision::F32`] accepts: a score divided by it
/// stays a normal `f32` for scores down to 1e-8.
pub(super) const MAX_F32_OUT_WEIGHT: f64 = 1e30;

super::super::driver::stopping_rule!(PageRankConfig, "the L1 change between iterates");
