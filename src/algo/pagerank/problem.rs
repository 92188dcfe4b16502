//! What every PageRank solver solves ([`Problem`]) and the distributions
//! it teleports and returns dangling mass along ([`Distribution`]): shared
//! by the power iteration (`power.rs`), Gauss-Seidel and push, so that
//! none of them depends on another's file.

use crate::error::{Error, Result};
use crate::graph::{InfluenceGraph, Layer};

/// What every solver solves: `x = d·(Pᵀx + (Σ_{u dangling} x_u)·q) +
/// (1−d)·p` over `layer`, with `p = teleport`, `q = dangling` (or `p` when
/// `None`), optionally from a start vector.
#[derive(Debug)]
pub(super) struct Problem<'a> {
    pub(super) layer: &'a Layer,
    pub(super) damping: f64,
    pub(super) teleport: &'a Distribution,
    pub(super) dangling: Option<&'a Distribution>,
    pub(super) start: Option<&'a [f64]>,
}

impl Problem<'_> {
    /// The dangling distribution `q`.
    pub(super) fn q(&self) -> &Distribution {
        self.dangling.unwrap_or(self.teleport)
    }

    /// `1/W(u)` for every user, 0 marking a dangling one.
    pub(super) fn inv_out(&self) -> Vec<f64> {
        self.layer.out_weights().iter().map(|&w| if w > 0.0 { 1.0 / w } else { 0.0 }).collect()
    }

    /// The start vector: the given one or uniform.
    pub(super) fn start_vector(&self) -> Vec<f64> {
        match self.start {
            Some(s) => s.to_vec(),
            None => vec![1.0 / self.layer.user_count() as f64; self.layer.user_count()],
        }
    }
}

/// A probability distribution over users.
#[derive(Debug)]
pub(crate) enum Distribution {
    Uniform,
    Vector(Vec<f64>),
}

impl Distribution {
    #[inline]
    pub(crate) fn at(&self, v: usize, uniform: f64) -> f64 {
        match self {
            Distribution::Uniform => uniform,
            Distribution::Vector(p) => p[v],
        }
    }
}

/// Turns `(id, weight)` pairs into a normalized distribution over `graph`'s users.
pub(crate) fn distribution(graph: &InfluenceGraph, weights: &[(String, f64)], what: &str) -> Result<Distribution> {
    let mut p = vec![0.0; graph.user_count()];
    for (user, w) in weights {
        if !(w.is_finite() && *w >= 0.0) {
            return Err(Error::weight(w, format!("{what} weight of user {user:?} must be finite and at least 0")));
        }
        let i = graph.user_index(user).ok_or_else(|| Error::unknown_user(user, what))?;
        p[i as usize] += w;
    }
    let total: f64 = p.iter().sum();
    normalized(p, total, what)
}

/// `p` divided by `total`, its weights' sum (over every worker's users in
/// a distributed run): an error when that is 0 or overflowed.
pub(crate) fn normalized(mut p: Vec<f64>, total: f64, what: &str) -> Result<Distribution> {
    if total.is_infinite() {
        return Err(Error::weight(total, format!("the {what} weights sum past the largest number ({:e})", f64::MAX)));
    }
    if !(total > 0.0 && total.is_finite()) {
        return Err(Error::weight(total, format!("the {what} weights must not all be 0 (their sum is {total})")));
    }
    p.iter_mut().for_each(|x| *x /= total);
    Ok(Distribution::Vector(p))
}
