//! Katz centrality (Katz 1953, "A new status index derived from sociometric
//! analysis", Psychometrika 18) and eigenvector centrality (Bonacich 1972),
//! both weighted, in NetworkX's definitions.
//!
//! With `A[u][v] = w(u→v)` (u reacted to v):
//!
//! - **Katz**: `x = α·Aᵀx + β·1`, solved by the iteration
//!   `x⁽ᵏ⁺¹⁾ = α·Aᵀx⁽ᵏ⁾ + β` from `x⁽⁰⁾ = 0` (NetworkX's `katz_centrality`).
//!   It converges exactly when `α < 1/λ_max`, `λ_max` the spectral radius of
//!   `A`; the result is scaled to Euclidean norm 1 (NetworkX's
//!   `normalized=True`). A reaction from a user passes on `α` times that
//!   user's status, plus everyone's base status `β`.
//! - **Eigenvector**: the principal eigenvector of `Aᵀ`, found as NetworkX's
//!   `eigenvector_centrality` finds it: `x ← (A + I)ᵀx`, scaled to Euclidean
//!   norm 1 after every step, from the uniform vector. Adding `I` shifts
//!   every eigenvalue by 1, which keeps the eigenvectors and stops the
//!   oscillation plain power iteration shows on periodic graphs (such as
//!   bipartite ones). Users nobody reacts to score 0 unless a cycle feeds them.
//!
//! Sums run over in-edges in storage order, sequentially: the result is
//! bit-identical whatever the number of threads.
//!
//! This module must never read files nor know about user ids; Katz must never
//! report a diverging iteration as a result.

use super::driver::{self, Progress};
use super::ranking::Ranking;
use crate::error::{Error, Result};
use crate::graph::{InfluenceGraph, Layer};

/// Iterates whose Euclidean norm passes this are taken as diverging.
const DIVERGED_NORM: f64 = 1e150;

/// The settings of a Katz centrality run, with documented defaults.
///
/// # Stopping rule
///
/// The Katz iterates are not normalized while iterating (their growth is
/// what tells convergence from divergence), so the residual is the L1 change
/// of the iterate divided by its Euclidean norm: the L1 change measured in
/// the units of the normalized result. NetworkX stops when the raw L1 change
/// falls below `N·tol` for `N` users.
///
/// # Divergence
///
/// When `α ≥ 1/λ_max` the iterates grow without bound. Once their norm
/// passes 1e150, [`KatzConfig::run`] returns an error that names the growth
/// rate, an estimate of `λ_max` and a value of `α` that converges. Slower
/// divergence (with `α` just above `1/λ_max`) ends at the iteration cap with
/// a ranking whose [`Ranking::converged`] is false.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, KatzConfig};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("a", "c", 1.0)?;
/// b.add_edge("b", "c", 1.0)?;
/// b.add_edge("c", "a", 1.0)?;
/// let g = b.build()?;
/// let ranking = KatzConfig::default().tolerance(1e-12).run(&g)?;
/// assert!(ranking.converged());
/// assert_eq!(ranking.top(1)[0].0, "c");
/// let norm: f64 = ranking.scores().iter().map(|x| x * x).sum::<f64>().sqrt();
/// assert!((norm - 1.0).abs() < 1e-12);
/// // α above 1/λ_max diverges: an error with a hint, not a ranking.
/// assert!(KatzConfig::default().alpha(5.0).run(&g).is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct KatzConfig {
    alpha: f64,
    auto_fraction: Option<f64>,
    beta: f64,
    tolerance: f64,
    max_iterations: usize,
    normalized: bool,
}

impl Default for KatzConfig {
    fn default() -> Self {
        KatzConfig {
            alpha: KatzConfig::DEFAULT_ALPHA,
            auto_fraction: None,
            beta: KatzConfig::DEFAULT_BETA,
            tolerance: KatzConfig::DEFAULT_TOLERANCE,
            max_iterations: KatzConfig::DEFAULT_MAX_ITERATIONS,
            normalized: true,
        }
    }
}

impl KatzConfig {
    /// The default attenuation factor, 0.1 (NetworkX's default). It must be
    /// below `1/λ_max` of the graph's weighted adjacency matrix.
    pub const DEFAULT_ALPHA: f64 = 0.1;
    /// The default base status of every user, 1 (NetworkX's default).
    pub const DEFAULT_BETA: f64 = 1.0;
    /// The default tolerance on the residual (see the stopping rule), 1e-10.
    pub const DEFAULT_TOLERANCE: f64 = 1e-10;
    /// The default iteration cap, 1000 (NetworkX's default).
    pub const DEFAULT_MAX_ITERATIONS: usize = 1000;

    /// The attenuation factor `α`, finite and greater than 0.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self.auto_fraction = None;
        self
    }

    /// Choose `α` from the graph at run time: `α = fraction / λ̂`, where
    /// `λ̂ ≥ λ_max` is the Collatz–Wielandt upper bound
    /// `max_i ((A+I)ᵀx)_i / x_i − 1` after 50 power iterations of the
    /// shifted matrix from the uniform vector (valid for any positive `x`,
    /// so `α·λ_max ≤ fraction < 1` and the iteration converges). `fraction`
    /// must lie in (0, 1). This is what [`Algorithm`](crate::Algorithm)
    /// uses for `katz`, with fraction 0.5, since no fixed `α` suits every
    /// graph.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{GraphBuilder, KatzConfig};
    ///
    /// // A dense little graph where NetworkX's α = 0.1 would be fine, and a
    /// // denser one where it would diverge: the automatic α suits both.
    /// let mut b = GraphBuilder::default();
    /// for i in 0..30 {
    ///     for j in 0..30 {
    ///         b.add_edge(&i.to_string(), &j.to_string(), 1.0)?;
    ///     }
    /// }
    /// let g = b.build()?;
    /// assert!(KatzConfig::default().run(&g).is_err());
    /// assert!(KatzConfig::default().alpha_from_spectrum(0.5).run(&g)?.converged());
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn alpha_from_spectrum(mut self, fraction: f64) -> Self {
        self.auto_fraction = Some(fraction);
        self
    }

    /// The base status `β` of every user, finite and greater than 0.
    pub fn beta(mut self, beta: f64) -> Self {
        self.beta = beta;
        self
    }

    /// Scale the result to Euclidean norm 1 (the default, NetworkX's
    /// `normalized=True`), or keep the raw solution of `x = αAᵀx + β`.
    pub fn normalized(mut self, normalized: bool) -> Self {
        self.normalized = normalized;
        self
    }

    /// The attenuation factor `α` set by [`KatzConfig::alpha`] (used unless
    /// [`KatzConfig::alpha_from_spectrum`] was given).
    pub fn get_alpha(&self) -> f64 {
        self.alpha
    }

    /// The fraction of `1/λ_max` set by [`KatzConfig::alpha_from_spectrum`],
    /// if any.
    pub fn get_alpha_from_spectrum(&self) -> Option<f64> {
        self.auto_fraction
    }

    /// The base status `β`.
    pub fn get_beta(&self) -> f64 {
        self.beta
    }

    /// Whether the result is scaled to Euclidean norm 1.
    pub fn get_normalized(&self) -> bool {
        self.normalized
    }

    /// Ranks the users of the combined graph.
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        self.run_with_progress(graph, |_| {})
    }

    /// [`KatzConfig::run`], calling `progress` after every iteration.
    pub fn run_with_progress(mut self, graph: &InfluenceGraph, mut progress: impl FnMut(Progress)) -> Result<Ranking> {
        if let Some(fraction) = self.auto_fraction {
            if !(fraction > 0.0 && fraction < 1.0) {
                return Err(Error::config("alpha fraction", fraction, "must lie strictly between 0 and 1"));
            }
            let bound = spectral_radius_bound(graph.combined());
            self.alpha = if bound > 0.0 { fraction / bound } else { fraction };
        }
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return Err(Error::config("alpha", self.alpha, "must be a finite number greater than 0 (0.1 is usual)"));
        }
        if !(self.beta.is_finite() && self.beta > 0.0) {
            return Err(Error::config("beta", self.beta, "must be a finite number greater than 0 (1 is usual)"));
        }
        driver::validate(self.tolerance, self.max_iterations)?;
        let layer = graph.combined();
        let n = graph.user_count();
        let (alpha, beta) = (self.alpha, self.beta);
        let mut x = vec![0.0f64; n];
        let mut next = vec![0.0f64; n];
        let mut norm = 0.0f64;
        let mut growth = 1.0f64;
        let mut diverged = false;
        let outcome = driver::iterate(
            self.tolerance,
            self.max_iterations,
            || {
                if diverged {
                    return f64::INFINITY;
                }
                for (v, y) in next.iter_mut().enumerate() {
                    *y = alpha * pull(layer, v, &x) + beta;
                }
                let new_norm = l2_norm(&next);
                let change: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
                // The last finite growth rate estimates α·λ_max for the hint.
                if norm > 0.0 && new_norm.is_finite() {
                    growth = new_norm / norm;
                }
                norm = new_norm;
                std::mem::swap(&mut x, &mut next);
                if !(norm.is_finite() && norm < DIVERGED_NORM) {
                    diverged = true;
                    return f64::INFINITY;
                }
                change / norm
            },
            &mut progress,
        );
        if diverged {
            // Asymptotically the norm grows by α·λ_max per iteration.
            let lambda = growth / alpha;
            return Err(Error::config(
                "alpha",
                alpha,
                format!(
                    "the Katz iteration diverges: alpha must be below 1/λ_max, and the iterates grew by a factor of \
                     about {growth:.4} per iteration, which puts λ_max near {lambda:.4}; try alpha below {:.4}",
                    0.9 / lambda
                ),
            ));
        }
        if self.normalized && norm > 0.0 {
            x.iter_mut().for_each(|v| *v /= norm);
        }
        let edge_visits = outcome.iterations as u64 * layer.edge_count() as u64;
        Ranking::iterative(graph, x, outcome, "katz", edge_visits)
    }
}

/// The settings of an eigenvector centrality run, with documented defaults.
///
/// # Stopping rule
///
/// A run stops when the L1 change between successive iterates (each of
/// Euclidean norm 1) falls below `tolerance`. NetworkX's
/// `eigenvector_centrality` stops at `N·tol` for `N` users.
///
/// # Example
///
/// ```
/// use influence::{EigenvectorConfig, GraphBuilder};
///
/// let mut b = GraphBuilder::default();
/// for (u, v) in [("a", "b"), ("b", "c"), ("c", "a"), ("a", "c")] {
///     b.add_edge(u, v, 1.0)?;
/// }
/// let g = b.build()?;
/// let ranking = EigenvectorConfig::default().tolerance(1e-12).run(&g)?;
/// assert!(ranking.converged());
/// assert_eq!(ranking.top(1)[0].0, "c");
/// assert!(EigenvectorConfig::default().max_iterations(0).run(&g).is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct EigenvectorConfig {
    tolerance: f64,
    max_iterations: usize,
}

impl Default for EigenvectorConfig {
    fn default() -> Self {
        EigenvectorConfig {
            tolerance: EigenvectorConfig::DEFAULT_TOLERANCE,
            max_iterations: EigenvectorConfig::DEFAULT_MAX_ITERATIONS,
        }
    }
}

impl EigenvectorConfig {
    /// The default tolerance on the L1 change between iterates, 1e-10.
    pub const DEFAULT_TOLERANCE: f64 = 1e-10;
    /// The default iteration cap, 1000. Convergence goes like
    /// `((1 + |λ₂|)/(1 + λ₁))ᵏ`; a ranking that hits the cap says so.
    pub const DEFAULT_MAX_ITERATIONS: usize = 1000;

    /// Ranks the users of the combined graph.
    pub fn run(self, graph: &InfluenceGraph) -> Result<Ranking> {
        self.run_with_progress(graph, |_| {})
    }

    /// [`EigenvectorConfig::run`], calling `progress` after every iteration.
    pub fn run_with_progress(self, graph: &InfluenceGraph, mut progress: impl FnMut(Progress)) -> Result<Ranking> {
        driver::validate(self.tolerance, self.max_iterations)?;
        let layer = graph.combined();
        let n = graph.user_count();
        // NetworkX iterates `x + Aᵀx`; the shift must be on the scale of the
        // weights, or weights of 1e-300 leave `x` as it started and weights
        // of 1e300 overflow. `(A/s + I)` has `A`'s eigenvectors, and `s` a
        // power of two keeps unit-scale weights bit for bit as NetworkX's.
        let unit = 1.0 / weight_unit(layer);
        let mut x = vec![1.0 / n as f64; n];
        let mut next = vec![0.0f64; n];
        let outcome = driver::iterate(
            self.tolerance,
            self.max_iterations,
            || {
                for (v, y) in next.iter_mut().enumerate() {
                    *y = x[v] + pull(layer, v, &x) * unit;
                }
                let norm = next.iter().map(|y| y * y).sum::<f64>().sqrt();
                // NetworkX divides by 1 when the norm is 0 (never for a
                // non-negative start that is not all zero).
                let norm = if norm > 0.0 { norm } else { 1.0 };
                next.iter_mut().for_each(|y| *y /= norm);
                let change = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
                std::mem::swap(&mut x, &mut next);
                change
            },
            &mut progress,
        );
        let edge_visits = outcome.iterations as u64 * layer.edge_count() as u64;
        Ranking::iterative(graph, x, outcome, "eigenvector", edge_visits)
    }
}

/// The Euclidean norm, scaled by the largest entry so that squaring cannot
/// overflow while the entries themselves are finite.
/// An upper bound on the spectral radius of the weighted adjacency matrix:
/// the Collatz–Wielandt bound `max_i ((A+I)ᵀx)_i / x_i − 1` for the positive
/// vector `x` reached after 50 normalized power iterations of `(A+I)ᵀ`
/// (the shift keeps `x` positive and the iteration aperiodic).
fn spectral_radius_bound(layer: &Layer) -> f64 {
    let n = layer.user_count();
    let mut x = vec![1.0 / (n as f64).sqrt(); n];
    let mut y = vec![0.0; n];
    let mut bound = f64::INFINITY;
    // On `A/s`, as eigenvector centrality does, so the shift is on the scale
    // of the weights; the bound scales back by `s`.
    let unit = weight_unit(layer);
    for _ in 0..50 {
        let mut worst = 0.0f64;
        for (v, out) in y.iter_mut().enumerate() {
            *out = x[v] + pull(layer, v, &x) / unit;
            worst = worst.max(*out / x[v]);
        }
        bound = bound.min((worst - 1.0) * unit);
        let norm = l2_norm(&y);
        for (a, b) in x.iter_mut().zip(&y) {
            // Positive, since every entry keeps its own share through the shift.
            *a = b / norm;
        }
    }
    bound.max(0.0)
}

/// The largest power of two at most the largest weight (1 without
/// weights or edges): dividing by it is exact and puts the weights near 1.
fn weight_unit(layer: &Layer) -> f64 {
    let largest = layer.max_weight();
    if largest > 0.0 { 2f64.powi(largest.log2().floor() as i32) } else { 1.0 }
}

fn l2_norm(x: &[f64]) -> f64 {
    let largest = x.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if largest == 0.0 || !largest.is_finite() {
        return largest;
    }
    largest * x.iter().map(|v| (v / largest) * (v / largest)).sum::<f64>().sqrt()
}

/// `(Aᵀx)_v = Σ_{u→v} w(u→v)·x_u`, over the in-edges of `v` in storage order.
#[inline]
fn pull(layer: &Layer, v: usize, x: &[f64]) -> f64 {
    layer.pull(v, x)
}

super::driver::stopping_rule!(KatzConfig, "the residual");

super::driver::stopping_rule!(EigenvectorConfig, "the L1 change between iterates");
