//! Learning weights from labelled comparisons ("A is more influential than
//! B") by pairwise logistic regression (the Bradley–Terry model with
//! features).

use std::collections::HashMap;

use super::config::NetworkWeights;
use super::model::ScoreModel;
use crate::error::{Error, Result};
use crate::graph::KindWeights;
use crate::interaction::{InteractionKind, Network};

/// A labelled comparison: `winner` is more influential than `loser`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Comparison {
    /// The more influential user.
    pub winner: String,
    /// The less influential user.
    pub loser: String,
}

impl Comparison {
    /// `winner` is more influential than `loser`.
    pub fn new(winner: impl Into<String>, loser: impl Into<String>) -> Comparison {
        Comparison { winner: winner.into(), loser: loser.into() }
    }
}

/// Pairwise logistic regression: `P(i beats j) = σ(θ·(xᵢ − xⱼ))`, fitted by
/// Newton's method on the L2-regularized log-loss, with `θ ≥ 0` (weights of
/// influence cannot be negative) by projection.
///
/// | setting | default |
/// |---|---|
/// | `l2` | 1e-6 (per comparison) |
/// | `tolerance` | 1e-10 on the largest change of a weight |
/// | `max_iterations` | 200 |
///
/// # Example
///
/// ```
/// use influence::score::PairwiseLogistic;
///
/// // Two features; the planted weights are (2, 0.5).
/// let items = vec![vec![1.0, 0.0], vec![0.0, 1.0], vec![0.5, 0.5], vec![0.2, 2.0]];
/// let score = |x: &Vec<f64>| 2.0 * x[0] + 0.5 * x[1];
/// let mut pairs = Vec::new();
/// for i in 0..items.len() {
///     for j in 0..items.len() {
///         if score(&items[i]) > score(&items[j]) {
///             pairs.push((i, j));
///         }
///     }
/// }
/// let fit = PairwiseLogistic::default().fit(&items, &pairs)?;
/// // Separable data: only the direction is identified.
/// assert!(fit.weights[0] > fit.weights[1]);
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PairwiseLogistic {
    l2: f64,
    tolerance: f64,
    max_iterations: usize,
}

impl Default for PairwiseLogistic {
    fn default() -> Self {
        PairwiseLogistic { l2: 1e-6, tolerance: 1e-10, max_iterations: 200 }
    }
}

/// The result of [`PairwiseLogistic::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct PairwiseFit {
    /// One non-negative weight per feature.
    pub weights: Vec<f64>,
    /// Newton iterations run.
    pub iterations: usize,
    /// Whether the weights stopped changing within the tolerance.
    pub converged: bool,
    /// The mean log-loss per comparison at the weights.
    pub log_loss: f64,
}

impl PairwiseLogistic {
    /// The L2 penalty per comparison (≥ 0), which keeps separable data
    /// from driving weights to infinity.
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }

    /// The stopping tolerance (> 0).
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The iteration cap (≥ 1).
    pub fn max_iterations(mut self, max_iterations: usize) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Fits weights to `items` (one feature vector each, all the same
    /// length, finite) and `pairs` of `(winner, loser)` item indices.
    ///
    /// # Errors
    ///
    /// No pairs, an index out of range, feature vectors of different
    /// lengths or with non-finite values, and invalid settings.
    pub fn fit(&self, items: &[Vec<f64>], pairs: &[(usize, usize)]) -> Result<PairwiseFit> {
        if !(self.l2 >= 0.0 && self.l2.is_finite()) {
            return Err(Error::config("l2", self.l2, "must be finite and at least 0"));
        }
        crate::algo::driver::validate(self.tolerance, self.max_iterations)?;
        if pairs.is_empty() {
            return Err(Error::config("comparisons", 0, "at least one comparison is needed"));
        }
        let d = items.first().map_or(0, Vec::len);
        if let Some(bad) = items.iter().position(|x| x.len() != d || x.iter().any(|v| !v.is_finite())) {
            return Err(Error::config("features", bad, "every item needs the same number of finite features"));
        }
        if let Some(&(i, j)) = pairs.iter().find(|&&(i, j)| i >= items.len() || j >= items.len()) {
            return Err(Error::config("comparison", format!("({i}, {j})"), format!("only {} items", items.len())));
        }
        let diffs: Vec<Vec<f64>> =
            pairs.iter().map(|&(i, j)| items[i].iter().zip(&items[j]).map(|(a, b)| a - b).collect()).collect();
        let m = diffs.len() as f64;
        let lambda = self.l2 * m;
        let loss = |theta: &[f64]| -> f64 {
            let data: f64 = diffs.iter().map(|z| softplus(-dot(theta, z))).sum();
            (data + 0.5 * lambda * dot(theta, theta)) / m
        };
        let mut theta = vec![0.0; d];
        let mut iterations = 0;
        let mut converged = false;
        while iterations < self.max_iterations {
            iterations += 1;
            let mut grad: Vec<f64> = theta.iter().map(|t| lambda * t).collect();
            let mut hess = vec![vec![0.0; d]; d];
            for z in &diffs {
                let p = sigmoid(dot(&theta, z));
                let g = p - 1.0;
                let h = p * (1.0 - p);
                for a in 0..d {
                    grad[a] += g * z[a];
                    for b in 0..d {
                        hess[a][b] += h * z[a] * z[b];
                    }
                }
            }
            // Features pinned at 0 with a gradient pushing them below stay out.
            let free: Vec<usize> = (0..d).filter(|&a| theta[a] > 0.0 || grad[a] < 0.0).collect();
            for (a, row) in hess.iter_mut().enumerate() {
                row[a] += lambda + 1e-12 * m;
            }
            let step = solve(&hess, &grad, &free);
            // Backtracking on the projected step.
            let before = loss(&theta);
            let mut t = 1.0;
            let mut next = theta.clone();
            for _ in 0..60 {
                for (k, &a) in free.iter().enumerate() {
                    next[a] = (theta[a] - t * step[k]).max(0.0);
                }
                if loss(&next) <= before {
                    break;
                }
                t *= 0.5;
            }
            let change = theta.iter().zip(&next).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
            theta = next;
            if change < self.tolerance {
                converged = true;
                break;
            }
        }
        Ok(PairwiseFit { log_loss: loss(&theta), weights: theta, iterations, converged })
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn sigmoid(t: f64) -> f64 {
    if t >= 0.0 { 1.0 / (1.0 + (-t).exp()) } else { t.exp() / (1.0 + t.exp()) }
}

/// `ln(1 + eᵗ)` without overflow.
fn softplus(t: f64) -> f64 {
    if t > 30.0 { t } else { t.exp().ln_1p() }
}

/// Solves `H[free, free] · s = g[free]` by Gaussian elimination with
/// partial pivoting; `H` is positive definite after regularization.
fn solve(h: &[Vec<f64>], g: &[f64], free: &[usize]) -> Vec<f64> {
    let k = free.len();
    let mut a: Vec<Vec<f64>> = free.iter().map(|&i| free.iter().map(|&j| h[i][j]).collect()).collect();
    let mut b: Vec<f64> = free.iter().map(|&i| g[i]).collect();
    for col in 0..k {
        let pivot = (col..k).max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs())).unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let p = a[col][col];
        if p.abs() < 1e-300 {
            continue;
        }
        for row in col + 1..k {
            let f = a[row][col] / p;
            if f != 0.0 {
                let (upper, lower) = a.split_at_mut(row);
                for (x, y) in lower[0][col..].iter_mut().zip(&upper[col][col..]) {
                    *x -= f * y;
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut s = vec![0.0; k];
    for row in (0..k).rev() {
        let rest: f64 = (row + 1..k).map(|c| a[row][c] * s[c]).sum();
        s[row] = if a[row][row].abs() < 1e-300 { 0.0 } else { (b[row] - rest) / a[row][row] };
    }
    s
}

/// The kinds whose weights [`learn_kind_weights`] learns, in feature order.
const KINDS: [InteractionKind; 6] = [
    InteractionKind::Reshare,
    InteractionKind::Reply,
    InteractionKind::Comment,
    InteractionKind::Mention,
    InteractionKind::Like,
    InteractionKind::Follow,
];

impl ScoreModel {
    /// `user`'s raw influence from each network *before* the network's
    /// weight, so that `raw = Σ weight(network) × feature`: the features
    /// for learning network weights.
    ///
    /// # Errors
    ///
    /// An unknown user.
    pub fn network_features(&self, user: &str) -> Result<Vec<(Network, f64)>> {
        let u = self.user_index(user)? as usize;
        Ok(self
            .nets
            .iter()
            .map(|n| {
                let v = if n.value.is_empty() { 0.0 } else { n.value[u] };
                (n.network.clone(), n.factor[u] * v + n.audience[u])
            })
            .collect())
    }
}

/// Learns network weights from labelled comparisons: the raw score is
/// exactly linear in them, so this is a plain pairwise logistic regression
/// on [`ScoreModel::network_features`]. The weights are scaled to average 1
/// over the model's networks (the calibration absorbs any overall scale).
///
/// # Errors
///
/// A comparison naming an unknown user, and the errors of
/// [`PairwiseLogistic::fit`].
///
/// # Example
///
/// See `tests/score.rs`, which plants network weights, labels pairs with
/// them and recovers them.
pub fn learn_network_weights(
    model: &ScoreModel,
    comparisons: &[Comparison],
    learner: &PairwiseLogistic,
) -> Result<NetworkWeights> {
    let networks: Vec<Network> = model.networks().cloned().collect();
    let (items, pairs) =
        features_of(comparisons, |user| Ok(model.network_features(user)?.into_iter().map(|(_, f)| f).collect()))?;
    let fit = learner.fit(&items, &pairs)?;
    let mean = fit.weights.iter().sum::<f64>() / fit.weights.len().max(1) as f64;
    if mean.is_nan() || mean <= 0.0 {
        return Err(Error::config("comparisons", comparisons.len(), "they give every network weight 0"));
    }
    Ok(networks.into_iter().zip(&fit.weights).fold(NetworkWeights::default(), |w, (n, t)| w.set(n, t / mean)))
}

/// Learns kind weights from labelled comparisons, as one linearized step:
/// the features are each kind's raw influence in `model` (from the
/// explanation's breakdown) plus one for the rest (audience);
/// the learned multiplier of each kind scales its current weight, and the
/// result is scaled so that reshares weigh 1 (or the largest weight is 1
/// when reshares get 0). Kind weights also change who passes how much
/// influence on (PageRank divides by each reactor's total weight), so
/// rebuild the model with the result and learn again to refine; two or
/// three rounds usually settle.
///
/// # Errors
///
/// A comparison naming an unknown user, and the errors of
/// [`PairwiseLogistic::fit`].
pub fn learn_kind_weights(
    model: &ScoreModel,
    comparisons: &[Comparison],
    learner: &PairwiseLogistic,
) -> Result<KindWeights> {
    let (items, pairs) = features_of(comparisons, |user| {
        let e = super::model::explain::explain(model, &|raw| 1.0 + raw, model.user_index(user)?, 0);
        let mut x = vec![0.0; KINDS.len() + 1];
        for k in &e.kinds {
            match KINDS.iter().position(|kind| kind.name() == k.kind) {
                Some(i) => x[i] += k.raw,
                None => x[KINDS.len()] += k.raw,
            }
        }
        let kinds_raw: f64 = e.kinds.iter().map(|k| k.raw).sum();
        x[KINDS.len()] += e.raw - kinds_raw;
        Ok(x)
    })?;
    let fit = learner.fit(&items, &pairs)?;
    let current = model.config().get_kind_weights();
    let mut learned: Vec<f64> = KINDS.iter().zip(&fit.weights).map(|(k, t)| current.weight(Some(k)) * t).collect();
    let norm = if learned[0] > 0.0 { learned[0] } else { learned.iter().copied().fold(0.0, f64::max) };
    if norm.is_nan() || norm <= 0.0 {
        return Err(Error::config("comparisons", comparisons.len(), "they give every kind weight 0"));
    }
    learned.iter_mut().for_each(|w| *w /= norm);
    Ok(KINDS.iter().zip(learned).fold(current.clone(), |w, (k, v)| w.set(k, v)))
}

type Items = (Vec<Vec<f64>>, Vec<(usize, usize)>);

fn features_of(comparisons: &[Comparison], features: impl Fn(&str) -> Result<Vec<f64>>) -> Result<Items> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut items = Vec::new();
    let mut pairs = Vec::with_capacity(comparisons.len());
    for c in comparisons {
        let mut pair = [0usize; 2];
        for (slot, user) in pair.iter_mut().zip([c.winner.as_str(), c.loser.as_str()]) {
            *slot = match seen.get(user) {
                Some(&i) => i,
                None => {
                    items.push(features(user)?);
                    seen.insert(user, items.len() - 1);
                    items.len() - 1
                }
            };
        }
        pairs.push((pair[0], pair[1]));
    }
    Ok((items, pairs))
}
