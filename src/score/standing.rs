//! Standing: which reactors' reactions count on one network (see
//! [`Standing`](super::Standing) for the definition and what it resists).
//!
//! Two steps over plain edge lists: the largest fixed point of
//! `t_u = min(1, Σ t_a / seed_reactors)` on the edges older than the anchor
//! (the seeds, by a work list), then one step of
//! `max(seed_u, min(1, Σ seed_a / reactors))` over the whole window. Both
//! sum in storage order and visit users in a fixed order, so the result
//! depends on the graph alone. This module
//! must never see scores, times or user ids: it gets edges and numbers.

use std::collections::VecDeque;

use crate::graph::Layer;

/// A standing below this counts as none: the fixed-point iteration of a
/// chain or a sparse cluster falls geometrically towards 0 and would never
/// reach it.
const NEGLIGIBLE: f64 = 1e-6;

/// The seeds: the largest solution of `t_u = min(1, Σ_{a → u} t_a / seed_reactors)`
/// on the distinct edges `old` (keys `target << 32 | source`, sorted,
/// without duplicates or self-edges) over `n` users, from 1 on every user
/// with an in-edge there.
///
/// Solved by a work list (first in, first out, seeded in user order):
/// a user is recomputed when one of their reactors' standing fell, and
/// when theirs falls, the users they react to are queued. Every update
/// lowers a standing (the map is monotone and starts above its largest
/// fixed point), so the list empties; only the users whose standing still
/// moves are revisited, where a sweep over every edge took hundreds of
/// rounds on a slowly converging corner of a large graph. The order is
/// fixed by the numbering, so the result depends on the graph alone.
pub(crate) fn seeds(old: &[u64], n: usize, seed_reactors: f64) -> Vec<f64> {
    // In-edges by target: offsets into the sorted keys.
    let mut offsets = vec![0usize; n + 1];
    for &k in old {
        offsets[(k >> 32) as usize + 1] += 1;
    }
    for v in 0..n {
        offsets[v + 1] += offsets[v];
    }
    // Out-edges by source, for the users to revisit when one falls.
    let mut out_offsets = vec![0usize; n + 1];
    for &k in old {
        out_offsets[(k as u32) as usize + 1] += 1;
    }
    for v in 0..n {
        out_offsets[v + 1] += out_offsets[v];
    }
    let mut fill = out_offsets.clone();
    let mut out_targets = vec![0u32; old.len()];
    for &k in old {
        let a = (k as u32) as usize;
        out_targets[fill[a]] = (k >> 32) as u32;
        fill[a] += 1;
    }
    let source = |e: usize| old[e] as u32 as usize;
    let mut t: Vec<f64> = (0..n).map(|v| if offsets[v + 1] > offsets[v] { 1.0 } else { 0.0 }).collect();
    let mut queued: Vec<bool> = t.iter().map(|&x| x > 0.0).collect();
    let mut queue: VecDeque<u32> = (0..n as u32).filter(|&v| queued[v as usize]).collect();
    while let Some(v) = queue.pop_front() {
        let v = v as usize;
        queued[v] = false;
        // A fold from +0: an empty `sum()` of f64 is −0.
        let sum = (offsets[v]..offsets[v + 1]).fold(0.0, |s, e| s + t[source(e)]);
        let mut value = (sum / seed_reactors).min(1.0).min(t[v]);
        if value < NEGLIGIBLE {
            value = 0.0;
        }
        if value == t[v] {
            continue;
        }
        t[v] = value;
        for &w in &out_targets[out_offsets[v]..out_offsets[v + 1]] {
            let w = w as usize;
            if t[w] > 0.0 && !queued[w] {
                queued[w] = true;
                queue.push_back(w as u32);
            }
        }
    }
    t
}

/// Standing over the window: at least the seed's, and
/// `min(1, Σ seed_a / reactors)` over each user's reactors `a` in `layer`.
pub(crate) fn grow(layer: &Layer, seed: &[f64], reactors: f64) -> Vec<f64> {
    (0..seed.len())
        .map(|v| {
            // A fold from +0: an empty `sum()` of f64 is −0, and `max`
            // may return either zero.
            let sum = layer.in_edges(v as u32).fold(0.0, |s, (a, _)| s + seed[a as usize]);
            let grown = (sum / reactors).min(1.0);
            if grown > seed[v] { grown } else { seed[v] }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(target: u32, source: u32) -> u64 {
        (u64::from(target) << 32) | u64::from(source)
    }

    fn sorted(mut keys: Vec<u64>) -> Vec<u64> {
        keys.sort_unstable();
        keys
    }

    #[test]
    fn a_mutual_core_keeps_standing_and_a_chain_loses_it() {
        // 0, 1, 2 react to each other (two reactors each); 3 is reacted to
        // by 0 only, 4 by 3 only; 5 and 6 only by each other.
        let old = sorted(vec![
            key(0, 1),
            key(0, 2),
            key(1, 0),
            key(1, 2),
            key(2, 0),
            key(2, 1),
            key(3, 0),
            key(4, 3),
            key(5, 6),
            key(6, 5),
        ]);
        let t = seeds(&old, 7, 2.0);
        assert_eq!(&t[..3], &[1.0, 1.0, 1.0]);
        assert_eq!((t[3], t[4]), (0.5, 0.25), "half of 0's, then half of that");
        assert_eq!((t[5], t[6]), (0.0, 0.0), "a pair alone halves itself to nothing");
    }

    #[test]
    fn a_ring_without_outside_reactors_has_no_standing_at_one_reactor_each() {
        // A cycle of 100 where each has one reactor: t = t/2 falls to 0.
        let old = sorted((0..100u32).map(|i| key((i + 1) % 100, i)).collect());
        assert!(seeds(&old, 100, 2.0).iter().all(|t| *t == 0.0));
        // With seed_reactors 1 a cycle sustains itself.
        assert!(seeds(&old, 100, 1.0).iter().all(|t| *t == 1.0));
    }
}
