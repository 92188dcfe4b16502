//! The iteration driver shared by iterative algorithms: tolerance, iteration
//! cap, residual history and progress reporting.
//!
//! It knows nothing about what one iteration computes; an algorithm hands it
//! a step that performs one iteration and returns the L1 change it made.

use crate::error::{Error, Result};

/// One progress report: after `iteration` iterations the L1 change was
/// `residual`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Progress {
    /// Iterations done so far (1-based).
    pub iteration: usize,
    /// The L1 change made by the latest iteration.
    pub residual: f64,
    /// The tolerance the run stops at.
    pub tolerance: f64,
    /// The iteration cap.
    pub max_iterations: usize,
}

/// How an iterative run stopped.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    pub(crate) iterations: usize,
    pub(crate) residual: f64,
    pub(crate) converged: bool,
    pub(crate) history: Vec<f64>,
}

/// Checks a tolerance and an iteration cap.
pub(crate) fn validate(tolerance: f64, max_iterations: usize) -> Result<()> {
    if !(tolerance.is_finite() && tolerance > 0.0) {
        return Err(Error::config("tolerance", tolerance, "must be a finite number greater than 0"));
    }
    if max_iterations == 0 {
        return Err(Error::config("max_iterations", max_iterations, "must be at least 1"));
    }
    Ok(())
}

/// Calls `step` until it returns a change below `tolerance` or `max_iterations`
/// steps were made, reporting each step to `progress`.
pub(crate) fn iterate(
    tolerance: f64,
    max_iterations: usize,
    mut step: impl FnMut() -> f64,
    progress: &mut dyn FnMut(Progress),
) -> Outcome {
    let mut history = Vec::with_capacity(max_iterations.min(4096));
    let mut residual = f64::INFINITY;
    for iteration in 1..=max_iterations {
        residual = step();
        history.push(residual);
        progress(Progress { iteration, residual, tolerance, max_iterations });
        // A NaN residual can only come from a bug upstream; never call it converged.
        if residual < tolerance {
            return Outcome { iterations: iteration, residual, converged: true, history };
        }
    }
    Outcome { iterations: max_iterations, residual, converged: false, history }
}

/// Writes the stopping rule's setters and getters on an iterative
/// algorithm's configuration, once for all of them: `tolerance(t)` and
/// `max_iterations(n)` with `get_tolerance()` and `get_max_iterations()`,
/// over fields of those names, with the type's `DEFAULT_TOLERANCE` and
/// `DEFAULT_MAX_ITERATIONS` in the docs; every configuration checks them
/// with [`validate`] before it runs. `$residual` says what the tolerance
/// bounds (`"the L1 change between iterates"`).
macro_rules! stopping_rule {
    ($config:ident, $residual:literal) => {
        impl $config {
            #[doc = concat!(
                                "Stop when ", $residual, " is below `tolerance` (finite, greater than 0; default [`",
                                stringify!($config), "::DEFAULT_TOLERANCE`])."
                            )]
            pub fn tolerance(mut self, tolerance: f64) -> Self {
                self.tolerance = tolerance;
                self
            }

            #[doc = concat!(
                                "Stop after `max_iterations` iterations (at least 1; default [`", stringify!($config),
                                "::DEFAULT_MAX_ITERATIONS`]) even if not converged; the result then says so."
                            )]
            pub fn max_iterations(mut self, max_iterations: usize) -> Self {
                self.max_iterations = max_iterations;
                self
            }

            #[doc = concat!("The tolerance (see [`", stringify!($config), "::tolerance`]).")]
            pub fn get_tolerance(&self) -> f64 {
                self.tolerance
            }

            #[doc = concat!("The iteration cap (see [`", stringify!($config), "::max_iterations`]).")]
            pub fn get_max_iterations(&self) -> usize {
                self.max_iterations
            }
        }
    };
}
pub(crate) use stopping_rule;
