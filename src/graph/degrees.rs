//! Degree statistics of a layer: what `influence stats` reports, available
//! to library users too. Descriptive only; nothing else depends on it.

use super::layer::Layer;

/// Minimum, median, mean, 99th percentile and maximum of a degree sequence.
///
/// The median of an even count is the mean of the two middle values; the
/// 99th percentile is the nearest-rank one (the smallest value with at least
/// 99 % of the values at or below it). All zero for an empty sequence.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct DegreeSummary {
    /// The smallest degree.
    pub min: u32,
    /// The median degree.
    pub median: f64,
    /// The mean degree.
    pub mean: f64,
    /// The 99th percentile (nearest rank).
    pub p99: u32,
    /// The largest degree.
    pub max: u32,
}

impl DegreeSummary {
    /// Summarizes `values` (reordering them).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::DegreeSummary;
    ///
    /// let s = DegreeSummary::of(&mut [4, 1, 2, 3]);
    /// assert_eq!((s.min, s.median, s.mean, s.p99, s.max), (1, 2.5, 2.5, 4, 4));
    /// ```
    pub fn of(values: &mut [u32]) -> DegreeSummary {
        let n = values.len();
        if n == 0 {
            return DegreeSummary::default();
        }
        let sum: u64 = values.iter().map(|&d| u64::from(d)).sum();
        let min = values.iter().copied().min().unwrap_or(0);
        let max = values.iter().copied().max().unwrap_or(0);
        let p99_index = (n * 99).div_ceil(100).saturating_sub(1);
        let p99 = *values.select_nth_unstable(p99_index).1;
        let upper = *values.select_nth_unstable(n / 2).1;
        let median = if n % 2 == 1 {
            f64::from(upper)
        } else {
            // After selecting n/2, the largest value left of it is the lower middle.
            let lower = values[..n / 2].iter().copied().max().unwrap_or(upper);
            (f64::from(lower) + f64::from(upper)) / 2.0
        };
        DegreeSummary { min, median, mean: sum as f64 / n as f64, p99, max }
    }
}

impl Layer {
    /// The number of edges into every user (reactions from distinct users).
    pub fn in_degrees(&self) -> Vec<u32> {
        self.offsets().windows(2).map(|w| (w[1] - w[0]) as u32).collect()
    }

    /// The number of edges out of every user (distinct users reacted to).
    pub fn out_degrees(&self) -> Vec<u32> {
        let mut out = vec![0u32; self.user_count()];
        for &u in self.sources() {
            out[u as usize] += 1;
        }
        out
    }

    /// Summary of [`Layer::in_degrees`].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::GraphBuilder;
    ///
    /// let mut b = GraphBuilder::default();
    /// b.add_edge("a", "c", 1.0)?;
    /// b.add_edge("b", "c", 1.0)?;
    /// let g = b.build()?;
    /// assert_eq!(g.combined().in_degree_summary().max, 2);
    /// assert_eq!(g.combined().out_degree_summary().median, 1.0);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn in_degree_summary(&self) -> DegreeSummary {
        DegreeSummary::of(&mut self.in_degrees())
    }

    /// Summary of [`Layer::out_degrees`].
    pub fn out_degree_summary(&self) -> DegreeSummary {
        DegreeSummary::of(&mut self.out_degrees())
    }

    /// The number of users with at least one edge, in or out, in this layer.
    pub fn users_with_edges(&self) -> usize {
        let (offsets, out_weight) = (self.offsets(), self.out_weights());
        (0..self.user_count()).filter(|&v| offsets[v + 1] > offsets[v] || out_weight[v] > 0.0).count()
    }

    /// The number of users with no edge at all in this layer.
    pub fn isolated_count(&self) -> usize {
        self.user_count() - self.users_with_edges()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_odd_and_even_counts() {
        let s = DegreeSummary::of(&mut [5, 1, 3]);
        assert_eq!((s.min, s.median, s.p99, s.max), (1, 3.0, 5, 5));
        assert!((s.mean - 3.0).abs() < 1e-15);
        let mut hundred: Vec<u32> = (1..=100).rev().collect();
        assert_eq!(DegreeSummary::of(&mut hundred).p99, 99);
        assert_eq!(DegreeSummary::of(&mut []).max, 0);
    }
}
