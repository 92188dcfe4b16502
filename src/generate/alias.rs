//! Walker's alias method: drawing an index in proportion to fixed weights in
//! constant time.
//!
//! A binary search over cumulative weights costs a cache miss per step on
//! large populations; an alias table costs one. The table is built with
//! Vose's numerically stable construction (Vose, "A linear algorithm for
//! generating random numbers with a given distribution", IEEE TSE 17(9),
//! 1991; Walker, ACM TOMS 3(3), 1977), sequentially and with IEEE-exact
//! operations only, so it is the same on every platform. An index whose
//! weight is 0 is never drawn, whatever the rounding.

use super::rng::Rng;

/// A table for drawing `i` with probability `weights[i] / Σ weights`.
#[derive(Debug, Clone)]
pub(crate) struct AliasTable {
    /// For slot `i`: keep `i` with probability `.0`, else take `.1`.
    slots: Vec<(f64, u32)>,
}

impl AliasTable {
    /// The table of `weights` (each finite and at least 0, fewer than 2³²),
    /// or `None` when they sum to 0.
    pub(crate) fn new(weights: &[f64]) -> Option<AliasTable> {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        if total.is_nan() || total <= 0.0 {
            return None;
        }
        let scale = n as f64 / total;
        let mut scaled: Vec<f64> = weights.iter().map(|&w| w * scale).collect();
        let (mut small, mut large): (Vec<u32>, Vec<u32>) = (0..n as u32).partition(|&i| scaled[i as usize] < 1.0);
        let mut slots = vec![(1.0, 0u32); n];
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            slots[s as usize] = (scaled[s as usize], l);
            let rest = (scaled[l as usize] + scaled[s as usize]) - 1.0;
            scaled[l as usize] = rest;
            if rest < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // What is left is full up to rounding; a weightless leftover (possible
        // only through rounding) points at a weighted index instead.
        let heavy = weights.iter().position(|&w| w > 0.0).unwrap_or(0) as u32;
        for i in large.into_iter().chain(small) {
            slots[i as usize] = if weights[i as usize] > 0.0 { (1.0, i) } else { (0.0, heavy) };
        }
        Some(AliasTable { slots })
    }

    /// The table over `n > 0` indices that always draws `i`.
    pub(crate) fn only(i: usize, n: usize) -> AliasTable {
        let mut slots = vec![(0.0, i as u32); n];
        slots[i] = (1.0, i as u32);
        AliasTable { slots }
    }

    /// An index drawn in proportion to its weight.
    #[inline]
    pub(crate) fn draw(&self, rng: &mut Rng) -> usize {
        let i = rng.below(self.slots.len() as u64) as usize;
        let (keep, alias) = self.slots[i];
        if rng.unit() < keep { i } else { alias as usize }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_follow_the_weights() {
        let weights = [1.0, 0.0, 3.0, 6.0];
        let table = AliasTable::new(&weights).unwrap();
        let mut rng = Rng::stream(1, 2);
        let mut counts = [0u32; 4];
        let n = 100_000;
        for _ in 0..n {
            counts[table.draw(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        for (c, w) in counts.iter().zip(weights) {
            assert!((f64::from(*c) / f64::from(n) - w / 10.0).abs() < 0.01, "{counts:?}");
        }
    }

    #[test]
    fn weightless_indices_are_never_drawn() {
        let weights: Vec<f64> = (0..1000).map(|i| if i % 3 == 0 { 0.0 } else { 1.0 / f64::from(i) }).collect();
        let table = AliasTable::new(&weights).unwrap();
        let mut rng = Rng::stream(3, 4);
        for _ in 0..100_000 {
            assert_ne!(table.draw(&mut rng) % 3, 0);
        }
        assert!(AliasTable::new(&[0.0, 0.0]).is_none());
        assert!(AliasTable::new(&[]).is_none());
    }
}
