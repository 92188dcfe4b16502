//! `preferential_attachment`: a directed Barabási–Albert graph.
//!
//! Barabási & Albert ("Emergence of scaling in random networks", Science 286,
//! 1999) grow a graph one node at a time, each new node linking to `m`
//! existing nodes chosen in proportion to their degree. The directed variant
//! here (Price's model, "A general theory of bibliometric and other cumulative
//! advantage processes", JASIS 27, 1976, with one unit of initial
//! attractiveness) picks targets in proportion to in-degree + 1, so a
//! newcomer reacts to the already influential: in-degrees follow a power law
//! with exponent about `2 + 1/m`, and every user but the first reacts to
//! someone, which makes these graphs free of dangling users except user 0.
//!
//! The process is sequential by nature (each step depends on all earlier
//! ones), so it runs on one thread and is deterministic given the seed.

use super::rng::Rng;
use crate::error::{Error, Result};

/// The edges `(actor, target)` of a directed preferential-attachment graph on
/// users `0..n`: user `t` reacts to `min(m, t)` distinct earlier users, each
/// chosen with probability proportional to its in-degree + 1.
///
/// There are no self-loops or duplicate edges; there are
/// `Σ_t min(m, t)` edges (`n·m − m(m+1)/2` when `n > m`). Turn them into a
/// graph with [`numbered_graph`](super::numbered_graph).
///
/// # Errors
///
/// `n` above `u32::MAX − 1` or `m` of 0.
///
/// # Example
///
/// ```
/// use influence::GraphConfig;
/// use influence::generate::{numbered_graph, preferential_attachment};
///
/// let edges = preferential_attachment(1000, 3, 1)?;
/// assert_eq!(edges.len(), 1000 * 3 - 6);
/// assert!(edges.iter().all(|&(u, v)| v < u)); // everyone reacts to their elders
/// let g = numbered_graph(1000, edges.iter().map(|&(u, v)| (u, v, 1.0)), GraphConfig::default())?;
/// assert_eq!(g.stats().dangling, 1); // only user 0 reacts to nobody
/// # Ok::<(), influence::Error>(())
/// ```
pub fn preferential_attachment(n: u32, m: u32, seed: u64) -> Result<Vec<(u32, u32)>> {
    if m == 0 {
        return Err(Error::config("m", m, "every new user must react to at least 1 earlier user"));
    }
    if n == u32::MAX {
        return Err(Error::config("n", n, "must be below 2^32 − 1 (users are indexed by u32)"));
    }
    let mut rng = Rng::stream(seed, 0);
    let per_user = m as usize;
    let mut edges: Vec<(u32, u32)> = Vec::with_capacity((n as usize).saturating_mul(per_user));
    // Every user appears once for the "+1" and once more per reaction received,
    // so a uniform draw from the pool is a draw by in-degree + 1.
    let mut pool: Vec<u32> = Vec::with_capacity((n as usize).saturating_mul(per_user + 1));
    let mut chosen: Vec<u32> = Vec::with_capacity(per_user);
    for t in 0..n {
        chosen.clear();
        if t <= m {
            chosen.extend(0..t);
        } else {
            while chosen.len() < per_user {
                let v = pool[rng.below(pool.len() as u64) as usize];
                // Distinct targets by rejection. A user's share of the pool is
                // at most about 1/(m+1) (in-degree < t among ~t·(m+1) entries),
                // so the m − 1 already chosen cover at most (m−1)/(m+1) of it
                // and each target takes fewer than (m+1)/2 draws on average.
                if !chosen.contains(&v) {
                    chosen.push(v);
                }
            }
        }
        for &v in &chosen {
            edges.push((t, v));
            pool.push(v);
        }
        pool.push(t);
    }
    Ok(edges)
}
