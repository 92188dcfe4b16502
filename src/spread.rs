//! Information spreading: an Independent Cascade simulator and the check of
//! how well each influence measure predicts who spreads information.
//!
//! Direction: an edge `a → b` means *a reacted to b*; content therefore
//! spreads from `b` to its reactor `a`. A cascade started at a seed walks the
//! CSR of in-edges (each user's reactors) directly.
//!
//! Model: the Independent Cascade of Kempe, Kleinberg & Tardos ("Maximizing
//! the spread of influence through a social network", KDD 2003). Each newly
//! activated user `b` gets one chance to activate each reactor `a`, with
//! probability, by default, `w(a→b) / W(a)`: the share of `a`'s attention that
//! goes to `b` (their *weighted cascade* model, with the reactor's out-weight
//! as the denominator, which is also what PageRank divides by). A constant
//! probability is the other option.
//!
//! Determinism: simulation `i` draws from its own random stream (seed, `i`),
//! so results do not depend on the number of threads. This module must never
//! change a graph or a ranking.

use rayon::prelude::*;

use crate::algo::Algorithm;
use crate::error::{Error, Result};
use crate::generate::rng::Rng;
use crate::graph::{InfluenceGraph, Layer};

/// How likely an activated user activates each of its reactors.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Activation {
    /// `w(a→b) / W(a)`: the reactor's share of attention for the user
    /// (Kempe et al.'s weighted cascade, by reaction weight).
    #[default]
    WeightedCascade,
    /// The same probability on every edge, in (0, 1].
    Constant(f64),
}

/// Independent Cascade settings.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, spread::CascadeConfig};
///
/// // bob's content reaches ann and cy, who react only to bob.
/// let mut b = GraphBuilder::default();
/// b.add_edge("ann", "bob", 1.0)?;
/// b.add_edge("cy", "bob", 1.0)?;
/// let g = b.build()?;
/// let bob = g.user_index("bob").unwrap();
/// let spread = CascadeConfig::default().simulations(100).expected_spread(&g, &[bob])?;
/// assert_eq!(spread, 3.0); // bob, ann and cy: every probability is 1 here
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CascadeConfig {
    activation: Activation,
    simulations: usize,
    seed: u64,
}

impl Default for CascadeConfig {
    fn default() -> Self {
        CascadeConfig {
            activation: Activation::default(),
            simulations: CascadeConfig::DEFAULT_SIMULATIONS,
            seed: CascadeConfig::DEFAULT_SEED,
        }
    }
}

impl CascadeConfig {
    /// Monte Carlo simulations per estimate, 1000 by default (Kempe et al.
    /// used 10,000 for their seed selection; 1000 gives estimates within a
    /// few per cent on the bundled sample).
    pub const DEFAULT_SIMULATIONS: usize = 1000;
    /// The default random seed.
    pub const DEFAULT_SEED: u64 = 1;

    /// The activation probabilities.
    pub fn activation(mut self, activation: Activation) -> Self {
        self.activation = activation;
        self
    }

    /// Simulations per estimate (at least 1).
    pub fn simulations(mut self, simulations: usize) -> Self {
        self.simulations = simulations;
        self
    }

    /// The random seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// How an active user activates a reactor.
    pub fn get_activation(&self) -> Activation {
        self.activation
    }

    /// The simulations per estimate.
    pub fn get_simulations(&self) -> usize {
        self.simulations
    }

    /// The random seed.
    pub fn get_seed(&self) -> u64 {
        self.seed
    }

    fn validate(&self) -> Result<()> {
        if self.simulations == 0 {
            return Err(Error::config("simulations", 0, "at least one simulation is needed"));
        }
        if let Activation::Constant(p) = self.activation {
            if !(p > 0.0 && p <= 1.0) {
                return Err(Error::config("activation probability", p, "must lie in (0, 1]"));
            }
        }
        Ok(())
    }

    /// The expected number of users a cascade started at `seeds` reaches,
    /// seeds included, averaged over the simulations.
    ///
    /// # Errors
    ///
    /// An invalid configuration, or a seed index outside the graph.
    pub fn expected_spread(&self, graph: &InfluenceGraph, seeds: &[u32]) -> Result<f64> {
        self.validate()?;
        let n = graph.user_count();
        if let Some(&bad) = seeds.iter().find(|&&s| s as usize >= n) {
            return Err(Error::unknown_user(&format!("#{bad}"), format!("cascade seeds (the graph has {n} users)")));
        }
        let layer = graph.combined();
        let total: u64 = (0..self.simulations)
            .into_par_iter()
            .map_init(
                || Cascade::new(n),
                |cascade, i| cascade.run(layer, self.activation, seeds, &mut Rng::stream(self.seed, i as u64)),
            )
            .sum();
        Ok(total as f64 / self.simulations as f64)
    }
}

/// Reusable buffers for one simulation: who is active (by epoch, so no
/// clearing between runs) and the frontier.
struct Cascade {
    active_in: Vec<u32>,
    epoch: u32,
    queue: Vec<u32>,
}

impl Cascade {
    fn new(n: usize) -> Cascade {
        Cascade { active_in: vec![0; n], epoch: 0, queue: Vec::new() }
    }

    fn run(&mut self, layer: &Layer, activation: Activation, seeds: &[u32], rng: &mut Rng) -> u64 {
        self.epoch += 1;
        self.queue.clear();
        for &s in seeds {
            if self.active_in[s as usize] != self.epoch {
                self.active_in[s as usize] = self.epoch;
                self.queue.push(s);
            }
        }
        let mut head = 0;
        while head < self.queue.len() {
            let b = self.queue[head];
            head += 1;
            for (a, w) in layer.in_edges(b) {
                if self.active_in[a as usize] == self.epoch {
                    continue;
                }
                let p = match activation {
                    Activation::WeightedCascade => w / layer.out_weight(a),
                    Activation::Constant(p) => p,
                };
                if rng.chance(p) {
                    self.active_in[a as usize] = self.epoch;
                    self.queue.push(a);
                }
            }
        }
        self.queue.len() as u64
    }
}

/// How well one algorithm's scores predict spreading.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Validation {
    /// The algorithm's name.
    pub algorithm: &'static str,
    /// Spearman correlation between the algorithm's scores and each sampled
    /// user's expected cascade size as a single seed.
    pub spearman: f64,
    /// Expected spread from the algorithm's top-k users together.
    pub top_k_spread: f64,
}

/// The result of [`validate`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidationReport {
    /// One row per algorithm, in the order given.
    pub rows: Vec<Validation>,
    /// The seed-set size of the top-k comparison.
    pub k: usize,
    /// Expected spread of k users drawn at random (averaged over 20 sets).
    pub random_k_spread: f64,
    /// The users whose single-seed spread was estimated.
    pub sampled_users: usize,
}

/// Reproduces the Klout paper's validation ("users with higher scores spread
/// information more effectively"): for each algorithm, the Spearman
/// correlation of its scores with the users' expected single-seed cascade
/// sizes (on `sample` users drawn at random, or all users when the graph is
/// no larger), and the spread of its top-k users against random seed sets.
///
/// # Errors
///
/// An invalid configuration, `k` or `sample` of 0, or an algorithm's error.
///
/// # Example
///
/// ```
/// use influence::{Algorithm, io, spread};
/// use std::path::Path;
///
/// let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/karate.edges");
/// let g = io::read_file(&path, io::InputFormat::EdgeList, Default::default())?;
/// let cascade = spread::CascadeConfig::default().simulations(200);
/// let report = spread::validate(&g, &Algorithm::all_for(&g), &cascade, 3, 34)?;
/// assert!(report.rows[0].spearman > 0.5);
/// assert!(report.rows[0].top_k_spread > report.random_k_spread);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn validate(
    graph: &InfluenceGraph,
    algorithms: &[Algorithm],
    cascade: &CascadeConfig,
    k: usize,
    sample: usize,
) -> Result<ValidationReport> {
    cascade.validate()?;
    if k == 0 || sample == 0 {
        return Err(Error::config("k and sample", format!("{k} and {sample}"), "both must be at least 1"));
    }
    let n = graph.user_count();
    let mut rng = Rng::stream(cascade.seed, u64::MAX);
    let users: Vec<u32> = if sample >= n { (0..n as u32).collect() } else { sample_users(&mut rng, n, sample) };
    let spreads: Vec<f64> =
        users.iter().map(|&u| cascade.expected_spread(graph, &[u])).collect::<Result<Vec<f64>>>()?;
    let k = k.min(n);
    let mut random_total = 0.0;
    const RANDOM_SETS: usize = 20;
    for _ in 0..RANDOM_SETS {
        random_total += cascade.expected_spread(graph, &sample_users(&mut rng, n, k))?;
    }
    let mut rows = Vec::with_capacity(algorithms.len());
    for algorithm in algorithms {
        let ranking = algorithm.run(graph)?;
        let scores: Vec<f64> = users.iter().map(|&u| ranking.scores()[u as usize]).collect();
        rows.push(Validation {
            algorithm: algorithm.name(),
            spearman: crate::agreement::spearman(&scores, &spreads)?,
            top_k_spread: cascade.expected_spread(graph, &ranking.top_indices(k))?,
        });
    }
    Ok(ValidationReport { rows, k, random_k_spread: random_total / RANDOM_SETS as f64, sampled_users: users.len() })
}

/// `k` distinct users out of `n`, uniformly (Floyd's algorithm), sorted.
fn sample_users(rng: &mut Rng, n: usize, k: usize) -> Vec<u32> {
    let mut chosen = std::collections::BTreeSet::new();
    for j in n - k..n {
        let t = rng.below(j as u64 + 1) as u32;
        if !chosen.insert(t) {
            chosen.insert(j as u32);
        }
    }
    chosen.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GraphBuilder;

    fn chain() -> InfluenceGraph {
        // c reacts to b, b reacts to a: a's content can reach b, then c.
        let mut b = GraphBuilder::default();
        b.add_edge("b", "a", 1.0).unwrap();
        b.add_edge("c", "b", 1.0).unwrap();
        b.add_edge("c", "x", 1.0).unwrap();
        b.build().unwrap()
    }

    #[test]
    fn weighted_cascade_matches_the_closed_form() {
        // From a: b always (b's only reaction), then c with probability 1/2
        // (half of c's attention goes to b): expected 1 + 1 + 0.5.
        let g = chain();
        let a = g.user_index("a").unwrap();
        let s = CascadeConfig::default().simulations(20_000).expected_spread(&g, &[a]).unwrap();
        assert!((s - 2.5).abs() < 0.02, "{s}");
    }

    #[test]
    fn constant_probability_and_determinism() {
        let g = chain();
        let a = g.user_index("a").unwrap();
        let config = CascadeConfig::default().activation(Activation::Constant(0.5)).simulations(20_000);
        // 1 + 0.5 + 0.25.
        let s = config.expected_spread(&g, &[a]).unwrap();
        assert!((s - 1.75).abs() < 0.02, "{s}");
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        assert_eq!(one.install(|| config.expected_spread(&g, &[a]).unwrap()), s);
    }

    #[test]
    fn bad_settings_are_errors() {
        let g = chain();
        assert!(CascadeConfig::default().simulations(0).expected_spread(&g, &[0]).is_err());
        assert!(CascadeConfig::default().activation(Activation::Constant(0.0)).expected_spread(&g, &[0]).is_err());
        assert!(CascadeConfig::default().expected_spread(&g, &[99]).is_err());
        assert!(validate(&g, &[], &CascadeConfig::default(), 0, 1).is_err());
    }

    #[test]
    fn sampling_is_distinct_and_in_range() {
        let mut rng = Rng::stream(3, 0);
        let s = sample_users(&mut rng, 100, 30);
        assert_eq!(s.len(), 30);
        assert!(s.windows(2).all(|w| w[0] < w[1]) && *s.last().unwrap() < 100);
    }
}
