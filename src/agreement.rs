//! How much two rankings agree: Spearman's rank correlation, Kendall's tau-b
//! and the overlap of their top-k users.
//!
//! These compare score vectors of the same users (same indices), e.g. two
//! [`Ranking`]s of one graph by different algorithms. Ties
//! are handled as SciPy's `spearmanr` (average ranks) and `kendalltau`
//! (tau-b) handle them, and the results match SciPy's (tested).
//! [`compare`] runs several algorithms on one graph and tabulates their
//! work and their pairwise agreement (what `influence compare` prints). This
//! module must never change a ranking.

use std::cmp::Ordering;
use std::time::{Duration, Instant};

use crate::algo::{Algorithm, Ranking};
use crate::error::{Error, Result};
use crate::graph::InfluenceGraph;

/// One algorithm's run in a [`Comparison`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Run {
    /// The algorithm's name.
    pub algorithm: &'static str,
    /// Wall-clock time of the run.
    pub time: Duration,
    /// Its ranking (iterations, residual, convergence, edge visits).
    pub ranking: Ranking,
}

/// The agreement of two runs of a [`Comparison`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Pair {
    /// Index of the first run in [`Comparison::runs`].
    pub a: usize,
    /// Index of the second run.
    pub b: usize,
    /// [`spearman`] of their scores.
    pub spearman: f64,
    /// [`kendall_tau`] of their scores.
    pub kendall: f64,
    /// [`top_k_overlap`] of their scores at [`Comparison::k`].
    pub overlap: f64,
}

/// Several algorithms run on one graph, with their pairwise agreement.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Comparison {
    /// Every run, in the order the algorithms were given.
    pub runs: Vec<Run>,
    /// Every unordered pair of runs (`a < b`).
    pub pairs: Vec<Pair>,
    /// The `k` of the top-k overlaps.
    pub k: usize,
}

/// Runs each of `algorithms` on `graph` and compares every pair of rankings.
///
/// # Errors
///
/// The first algorithm that fails (an invalid configuration), and `k` = 0.
///
/// # Example
///
/// ```
/// use influence::{agreement, Algorithm, GraphBuilder};
///
/// let mut b = GraphBuilder::default();
/// for (a, t) in [("a", "b"), ("c", "b"), ("b", "d"), ("d", "a")] {
///     b.add_edge(a, t, 1.0)?;
/// }
/// let g = b.build()?;
/// let table = agreement::compare(&g, &Algorithm::all_for(&g), 2)?;
/// assert_eq!(table.runs.len(), Algorithm::NAMES.len() - 1); // no follows here
/// assert_eq!(table.pairs.len(), table.runs.len() * (table.runs.len() - 1) / 2);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn compare(graph: &InfluenceGraph, algorithms: &[Algorithm], k: usize) -> Result<Comparison> {
    if k == 0 {
        return Err(Error::config("k", k, "the top-k overlap needs k of at least 1"));
    }
    let mut runs = Vec::with_capacity(algorithms.len());
    for algorithm in algorithms {
        let start = Instant::now();
        let ranking = algorithm.run(graph)?;
        runs.push(Run { algorithm: algorithm.name(), time: start.elapsed(), ranking });
    }
    let mut pairs = Vec::new();
    for a in 0..runs.len() {
        for b in a + 1..runs.len() {
            let (x, y) = (runs[a].ranking.scores(), runs[b].ranking.scores());
            pairs.push(Pair {
                a,
                b,
                spearman: spearman(x, y)?,
                kendall: kendall_tau(x, y)?,
                overlap: top_k_overlap(x, y, k)?,
            });
        }
    }
    Ok(Comparison { runs, pairs, k })
}

fn check(a: &[f64], b: &[f64]) -> Result<()> {
    if a.len() != b.len() {
        return Err(Error::config(
            "scores",
            format!("{} and {}", a.len(), b.len()),
            "both score vectors need the same length",
        ));
    }
    if let Some(x) = a.iter().chain(b).find(|x| x.is_nan()) {
        return Err(Error::config("scores", x, "scores must not be NaN"));
    }
    Ok(())
}

/// Ranks 1..=n with ties given their average rank.
fn average_ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&i, &j| x[i].total_cmp(&x[j]));
    let mut ranks = vec![0.0; x.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && x[order[end]] == x[order[start]] {
            end += 1;
        }
        // Positions start..end (0-based) share the mean of ranks start+1..=end.
        let rank = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    ranks
}

/// Spearman's rank correlation coefficient of two score vectors: the
/// Pearson correlation of their average ranks (Spearman 1904).
///
/// Returns NaN when either vector is constant (the correlation is
/// undefined), as SciPy does.
///
/// # Errors
///
/// Vectors of different lengths, or containing NaN.
///
/// # Example
///
/// ```
/// use influence::agreement::spearman;
///
/// let rho = spearman(&[0.5, 0.1, 0.9, 0.3], &[0.4, 0.2, 0.8, 0.1])?;
/// assert!((rho - 0.8).abs() < 1e-12);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn spearman(a: &[f64], b: &[f64]) -> Result<f64> {
    check(a, b)?;
    let (ra, rb) = (average_ranks(a), average_ranks(b));
    let n = a.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        cov += (x - ma) * (y - mb);
        va += (x - ma) * (x - ma);
        vb += (y - mb) * (y - mb);
    }
    Ok(cov / (va * vb).sqrt())
}

/// Kendall's tau-b of two score vectors, in O(n log n) by Knight's (1966)
/// merge-sort algorithm, with ties counted as SciPy's `kendalltau` counts
/// them.
///
/// Returns NaN when either vector is constant.
///
/// # Errors
///
/// Vectors of different lengths, or containing NaN.
///
/// # Example
///
/// ```
/// use influence::agreement::kendall_tau;
///
/// assert_eq!(kendall_tau(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0])?, -1.0);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn kendall_tau(a: &[f64], b: &[f64]) -> Result<f64> {
    check(a, b)?;
    let n = a.len();
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&i, &j| a[i].total_cmp(&a[j]).then(b[i].total_cmp(&b[j])));
    let pairs = |run: u64| run * run.saturating_sub(1) / 2;
    // Ties in a, and joint ties in (a, b), from runs of the sorted order.
    let (mut tied_a, mut tied_ab) = (0u64, 0u64);
    let (mut run_a, mut run_ab) = (1u64, 1u64);
    for w in idx.windows(2) {
        let (i, j) = (w[0], w[1]);
        if a[i] == a[j] {
            run_a += 1;
            if b[i] == b[j] {
                run_ab += 1;
            } else {
                tied_ab += pairs(run_ab);
                run_ab = 1;
            }
        } else {
            tied_a += pairs(run_a);
            tied_ab += pairs(run_ab);
            run_a = 1;
            run_ab = 1;
        }
    }
    tied_a += pairs(run_a);
    tied_ab += pairs(run_ab);
    // Discordant pairs: the swaps a stable merge sort by b makes.
    let mut values: Vec<f64> = idx.iter().map(|&i| b[i]).collect();
    let mut scratch = vec![0.0; n];
    let swaps = merge_count(&mut values, &mut scratch);
    // Ties in b, from the now sorted values.
    let mut tied_b = 0u64;
    let mut run_b = 1u64;
    for w in values.windows(2) {
        if w[0] == w[1] {
            run_b += 1;
        } else {
            tied_b += pairs(run_b);
            run_b = 1;
        }
    }
    tied_b += pairs(run_b);
    let total = pairs(n as u64);
    let concordant_minus_discordant =
        total as f64 - tied_a as f64 - tied_b as f64 + tied_ab as f64 - 2.0 * swaps as f64;
    Ok(concordant_minus_discordant / (((total - tied_a) as f64) * ((total - tied_b) as f64)).sqrt())
}

/// Sorts `v` (stable merge sort) and returns the number of inversions.
fn merge_count(v: &mut [f64], scratch: &mut [f64]) -> u64 {
    let n = v.len();
    if n < 2 {
        return 0;
    }
    let mid = n / 2;
    let mut swaps = merge_count(&mut v[..mid], &mut scratch[..mid]) + merge_count(&mut v[mid..], &mut scratch[mid..]);
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if v[j].total_cmp(&v[i]) == Ordering::Less {
            scratch[k] = v[j];
            swaps += (mid - i) as u64;
            j += 1;
        } else {
            scratch[k] = v[i];
            i += 1;
        }
        k += 1;
    }
    scratch[k..k + mid - i].copy_from_slice(&v[i..mid]);
    k += mid - i;
    scratch[k..k + n - j].copy_from_slice(&v[j..n]);
    v.copy_from_slice(&scratch[..n]);
    swaps
}

/// The share of the `k` highest-scored users of `a` that are also among the
/// `k` highest of `b` (ties broken by the lower index, as
/// [`Ranking::top`](crate::Ranking::top) breaks them); 1 means the same set.
/// `k` larger than the number of users compares all of them.
///
/// # Errors
///
/// Vectors of different lengths, containing NaN, or `k` = 0.
///
/// # Example
///
/// ```
/// use influence::agreement::top_k_overlap;
///
/// let a = [0.4, 0.3, 0.2, 0.1];
/// let b = [0.1, 0.3, 0.4, 0.2];
/// assert_eq!(top_k_overlap(&a, &b, 2)?, 0.5);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn top_k_overlap(a: &[f64], b: &[f64], k: usize) -> Result<f64> {
    check(a, b)?;
    if k == 0 {
        return Err(Error::config("k", k, "the top-k overlap needs k of at least 1"));
    }
    let k = k.min(a.len());
    if k == 0 {
        return Ok(1.0);
    }
    let top = |x: &[f64]| {
        let mut idx: Vec<usize> = (0..x.len()).collect();
        idx.sort_by(|&i, &j| x[j].total_cmp(&x[i]).then(i.cmp(&j)));
        idx.truncate(k);
        idx.sort_unstable();
        idx
    };
    let (ta, tb) = (top(a), top(b));
    let common = ta.iter().filter(|i| tb.binary_search(i).is_ok()).count();
    Ok(common as f64 / k as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from SciPy 1.17.1 (`scipy.stats.spearmanr`,
    /// `scipy.stats.kendalltau`).
    #[test]
    fn matches_scipy() {
        let cases: [(&[f64], &[f64], f64, f64); 4] = [
            (&[1.0, 2.0, 3.0, 4.0, 5.0], &[5.0, 6.0, 7.0, 8.0, 7.0], 0.7378647873726218, 0.8207826816681233),
            (
                &[1.0, 1.0, 2.0, 3.0, 3.0, 3.0, 4.0],
                &[2.0, 1.0, 1.0, 3.0, 4.0, 4.0, 0.0],
                0.11128297681493143,
                0.08574929257125442,
            ),
            (&[0.5, 0.1, 0.9, 0.3], &[0.4, 0.2, 0.8, 0.1], 0.6666666666666669, 0.7999999999999999),
            (&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0], -1.0, -1.0),
        ];
        for (a, b, tau, rho) in cases {
            assert!((kendall_tau(a, b).unwrap() - tau).abs() < 1e-12, "tau {a:?} {b:?}");
            assert!((spearman(a, b).unwrap() - rho).abs() < 1e-12, "rho {a:?} {b:?}");
        }
    }

    #[test]
    fn kendall_matches_the_quadratic_definition() {
        // A pseudo-random vector with many ties against its own noisy copy.
        let mut s = 7u64;
        let mut next = || {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (s >> 33) % 13
        };
        let a: Vec<f64> = (0..300).map(|_| next() as f64).collect();
        let b: Vec<f64> = a.iter().map(|x| x + (next() % 5) as f64).collect();
        let (mut conc, mut disc, mut ta, mut tb) = (0i64, 0i64, 0i64, 0i64);
        for i in 0..a.len() {
            for j in i + 1..a.len() {
                let (da, db) = (a[i] - a[j], b[i] - b[j]);
                if da == 0.0 && db == 0.0 {
                } else if da == 0.0 {
                    ta += 1;
                } else if db == 0.0 {
                    tb += 1;
                } else if (da > 0.0) == (db > 0.0) {
                    conc += 1;
                } else {
                    disc += 1;
                }
            }
        }
        let expected = (conc - disc) as f64 / (((conc + disc + ta) * (conc + disc + tb)) as f64).sqrt();
        assert!((kendall_tau(&a, &b).unwrap() - expected).abs() < 1e-12);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(spearman(&[1.0], &[1.0, 2.0]).is_err());
        assert!(kendall_tau(&[f64::NAN, 1.0], &[1.0, 2.0]).is_err());
        assert!(top_k_overlap(&[1.0], &[1.0], 0).is_err());
        assert!(spearman(&[1.0, 1.0], &[1.0, 2.0]).unwrap().is_nan());
    }

    #[test]
    fn overlap_counts_shared_top_users() {
        assert_eq!(top_k_overlap(&[3.0, 2.0, 1.0], &[3.0, 2.0, 1.0], 2).unwrap(), 1.0);
        assert_eq!(top_k_overlap(&[3.0, 2.0, 1.0], &[1.0, 2.0, 3.0], 1).unwrap(), 0.0);
        assert_eq!(top_k_overlap(&[3.0, 2.0, 1.0], &[1.0, 2.0, 3.0], 10).unwrap(), 1.0);
    }
}
