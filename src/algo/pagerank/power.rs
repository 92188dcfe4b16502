//! The power iteration's state and its sweep: pull-based over the CSR of
//! in-edges, in fixed chunks of users run in parallel, with per-chunk
//! partial sums added in order, so results are bit-identical whatever the
//! number of threads.

use rayon::prelude::*;

use super::problem::Distribution;
use crate::graph::{EdgeWeights, Layer};
use crate::prefetch::prefetch;

/// Users per part of the starting vector's dangling sum. Fixed (not derived
/// from the thread count), like the sweep's chunks ([`chunk_bounds`]).
const CHUNK: usize = 2048;

/// The work of a sweep's chunk, in edges (see [`chunk_bounds`]).
const CHUNK_WORK: usize = 16_384;

/// What a user costs in a sweep besides its in-edges, in edges: reading its
/// score and 1/out-weight, writing its new score and contribution.
const USER_COST: usize = 4;

/// How the power iteration stores the contributions `x_u / W(u)`: `f64`
/// (exact, the default) or `f32` (half the memory traffic). Sums are always
/// `f64`.
pub(crate) trait Contribution: Copy + Default + Send + Sync + 'static {
    fn store(value: f64) -> Self;
    fn load(self) -> f64;
}

impl Contribution for f64 {
    #[inline(always)]
    fn store(value: f64) -> f64 {
        value
    }
    #[inline(always)]
    fn load(self) -> f64 {
        self
    }
}

impl Contribution for f32 {
    #[inline(always)]
    fn store(value: f64) -> f32 {
        value as f32
    }
    #[inline(always)]
    fn load(self) -> f64 {
        self as f64
    }
}

/// What a sweep gathers over: the in-edges of the users it computes (the
/// rows), as CSR, whose sources index a vector of `columns` contributions.
/// On one machine that is a whole [`Layer`] (rows and columns alike, its
/// users); a worker of the distributed engine computes its own users, and
/// its sources also index the contributions it receives from other workers
/// (`crate::distributed`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Gather<'a> {
    offsets: &'a [usize],
    sources: &'a [u32],
    weights: Option<EdgeWeights<'a>>,
    columns: usize,
}

impl<'a> Gather<'a> {
    /// A layer's in-edges: a `Layer` guarantees every invariant.
    pub(crate) fn of(layer: &'a Layer) -> Gather<'a> {
        Gather {
            offsets: layer.offsets(),
            sources: layer.sources(),
            weights: layer.weights(),
            columns: layer.user_count(),
        }
    }

    /// In-edges given as parts, checked once here (the sweep's unchecked
    /// reads rely on it): offsets start at 0, never decrease and end at the
    /// number of sources, weights (if any) one per source, every source
    /// below `columns`. `None` when any fails.
    #[cfg_attr(not(feature = "distributed"), allow(dead_code))] // the distributed engine's
    pub(crate) fn checked(
        offsets: &'a [usize],
        sources: &'a [u32],
        weights: Option<EdgeWeights<'a>>,
        columns: usize,
    ) -> Option<Gather<'a>> {
        let ordered = offsets.first() == Some(&0) && offsets.windows(2).all(|w| w[0] <= w[1]);
        let ends = offsets.last() == Some(&sources.len());
        let weighed = weights.is_none_or(|w| w.len() == sources.len());
        let within = sources.iter().all(|&u| (u as usize) < columns);
        (ordered && ends && weighed && within).then_some(Gather { offsets, sources, weights, columns })
    }

    /// The users computed (rows).
    pub(crate) fn rows(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// The iteration state: current scores, per-user contributions
/// `x_u / W(u)` for the next gather, and per-chunk partial sums.
///
/// The scores are those of the rows of the [`Gather`] swept; the
/// contributions have one per column: the rows' own first, then (on a
/// worker of the distributed engine) those received from other workers,
/// which the worker writes into [`State::received`] before each step.
pub(crate) struct State<C> {
    pub(super) x: Vec<f64>,
    next: Vec<f64>,
    contrib: Vec<C>,
    next_contrib: Vec<C>,
    inv_out: Vec<f64>,
    dangling_mass: f64,
    /// 1/n for the `n` users of the whole problem: a uniform
    /// distribution's weight.
    uniform: f64,
    /// Chunk `k` is users `bounds[k]..bounds[k + 1]`.
    bounds: Vec<usize>,
    parts: Vec<(f64, f64)>,
}

impl<C: Contribution> State<C> {
    /// The state before the first iteration: the scores start at `start`
    /// (a distribution over the `n` users) or uniformly.
    pub(super) fn new(layer: &Layer, n: usize, start: Option<&[f64]>) -> State<C> {
        // 1/W(u), with 0 marking a dangling user: multiplication instead of
        // division in the loop, and the dangling test for free.
        let inv_out: Vec<f64> = layer.out_weights().par_iter().map(|&w| if w > 0.0 { 1.0 / w } else { 0.0 }).collect();
        let x = match start {
            Some(s) => s.to_vec(),
            None => vec![1.0 / n as f64; n],
        };
        State::share(Gather::of(layer), inv_out, x, n)
    }

    /// The state of a share of a problem over `n` users: the rows of
    /// `gather` with their `1/W(u)` (`inv_out`, 0 for a dangling user) and
    /// starting scores `x`; the contributions of the other columns are 0
    /// until [`State::received`] sets them. The dangling mass is the rows'
    /// own ([`State::own_dangling_mass`]) until [`State::set_dangling_mass`].
    pub(crate) fn share(gather: Gather<'_>, inv_out: Vec<f64>, x: Vec<f64>, n: usize) -> State<C> {
        let rows = gather.rows();
        assert!(inv_out.len() == rows && x.len() == rows, "one score and one 1/W(u) per row");
        let mut contrib = vec![C::default(); gather.columns];
        for ((c, x), i) in contrib.iter_mut().zip(&x).zip(&inv_out) {
            *c = C::store(x * i);
        }
        let dangling_mass = chunked_sum(x.iter().zip(&inv_out).map(|(&x, &i)| if i == 0.0 { x } else { 0.0 }), rows);
        let bounds = chunk_bounds(gather.offsets);
        let chunks = bounds.len() - 1;
        State {
            next: vec![0.0; rows],
            next_contrib: vec![C::default(); gather.columns],
            x,
            contrib,
            inv_out,
            dangling_mass,
            uniform: 1.0 / n as f64,
            bounds,
            parts: vec![(0.0, 0.0); chunks],
        }
    }

    /// The rows' own dangling mass: the sum of the scores of those without
    /// out-edges, as the last step (or the start) left them.
    #[cfg_attr(not(feature = "distributed"), allow(dead_code))] // the distributed engine's
    pub(crate) fn own_dangling_mass(&self) -> f64 {
        chunked_sum(self.x.iter().zip(&self.inv_out).map(|(&x, &i)| if i == 0.0 { x } else { 0.0 }), self.x.len())
    }

    /// Sets the dangling mass the next step spreads (on a worker: the sum
    /// over all workers).
    #[cfg_attr(not(feature = "distributed"), allow(dead_code))] // the distributed engine's
    pub(crate) fn set_dangling_mass(&mut self, mass: f64) {
        self.dangling_mass = mass;
    }

    /// The rows' current scores.
    #[cfg_attr(not(feature = "distributed"), allow(dead_code))] // the distributed engine's
    pub(crate) fn scores(&self) -> &[f64] {
        &self.x
    }

    /// The rows' own current contributions `x_u / W(u)`.
    #[cfg_attr(not(feature = "distributed"), allow(dead_code))] // the distributed engine's
    pub(crate) fn own_contributions(&self) -> &[C] {
        &self.contrib[..self.x.len()]
    }

    /// The contributions of the columns past the rows (received from other
    /// workers), to be written before the next step.
    #[cfg_attr(not(feature = "distributed"), allow(dead_code))] // the distributed engine's
    pub(crate) fn received(&mut self) -> &mut [C] {
        let rows = self.x.len();
        &mut self.contrib[rows..]
    }

    /// One power iteration; returns the L1 change.
    pub(crate) fn step(
        &mut self,
        gather: Gather<'_>,
        d: f64,
        teleport: &Distribution,
        dangling: Option<&Distribution>,
    ) -> f64 {
        let uniform = self.uniform;
        let dm = self.dangling_mass;
        // What every user receives besides the pulled sum:
        // (1−d)·p_v + d·dm·q_v, a constant when both are uniform.
        match (teleport, dangling) {
            (Distribution::Uniform, None | Some(Distribution::Uniform)) => {
                let c = (1.0 - d) * uniform + d * dm * uniform;
                self.sweep(gather, d, |_| c)
            }
            (Distribution::Vector(p), None) => {
                let (a, b) = (1.0 - d, d * dm);
                self.sweep(gather, d, |v| (a + b) * p[v])
            }
            (p, Some(q)) => {
                let (a, b) = (1.0 - d, d * dm);
                self.sweep(gather, d, |v| a * p.at(v, uniform) + b * q.at(v, uniform))
            }
        }
    }

    fn sweep(&mut self, gather: Gather<'_>, d: f64, base: impl Fn(usize) -> f64 + Sync) -> f64 {
        // SAFETY (both closures): `sweep_with` only passes edge positions
        // `e < sources.len() == w.len()` and sources `u < columns ==
        // contrib.len()`, which a `Gather` guarantees (made from a `Layer`,
        // whose invariants `graph/layer.rs` keeps, or checked when made
        // from parts) and `sweep_with` asserts the lengths.
        match gather.weights {
            None => self.sweep_with(gather, d, &base, |_, u, contrib| unsafe { contrib.get_unchecked(u).load() }),
            Some(EdgeWeights::F32(w)) => self.sweep_with(gather, d, &base, |e, u, contrib| unsafe {
                f64::from(*w.get_unchecked(e)) * contrib.get_unchecked(u).load()
            }),
            Some(EdgeWeights::F64(w)) => self.sweep_with(gather, d, &base, |e, u, contrib| unsafe {
                *w.get_unchecked(e) * contrib.get_unchecked(u).load()
            }),
        }
    }

    /// Computes every user's new score into `next` (and its contribution
    /// into `next_contrib`), chunk by chunk in parallel, then swaps buffers.
    /// `edge(e, u, contrib)` is what edge `e` from source `u` carries.
    fn sweep_with(
        &mut self,
        gather: Gather<'_>,
        d: f64,
        base: &(impl Fn(usize) -> f64 + Sync),
        edge: impl Fn(usize, usize, &[C]) -> f64 + Sync,
    ) -> f64 {
        let Gather { offsets, sources, columns, .. } = gather;
        let contrib = &self.contrib[..];
        let x = &self.x[..];
        let inv_out = &self.inv_out[..];
        let rows = x.len();
        // The CSR invariants the unchecked reads below rely on (upheld by
        // `Gather`'s constructors; checked here once per sweep, not per edge).
        assert_eq!(contrib.len(), columns);
        assert_eq!(rows + 1, offsets.len());
        assert_eq!(offsets.last().copied(), Some(sources.len()));
        for_each_chunk(
            &mut self.next,
            &mut self.next_contrib[..rows],
            &mut self.parts,
            &self.bounds,
            &|next, next_contrib, part, start| {
                let mut residual = 0.0;
                let mut dangling_mass = 0.0;
                for (i, (out, out_contrib)) in next.iter_mut().zip(next_contrib.iter_mut()).enumerate() {
                    let v = start + i;
                    let (lo, hi) = (offsets[v], offsets[v + 1]);
                    debug_assert!(lo <= hi && hi <= sources.len());
                    // Four partial sums break the dependency chain of the
                    // adds; the order is fixed, so results stay deterministic.
                    let mut acc = [0.0f64; 4];
                    let mut e = lo;
                    while e + 4 <= hi {
                        for (k, a) in acc.iter_mut().enumerate() {
                            // The contribution gathered PREFETCH_EDGES edges on:
                            // its cache miss then overlaps this work.
                            if let Some(&ahead) = sources.get(e + k + PREFETCH_EDGES) {
                                prefetch(contrib, ahead as usize);
                            }
                            // SAFETY: e + k < hi <= sources.len() (a layer's
                            // offsets are non-decreasing and end at
                            // sources.len(): `graph/layer.rs`, asserted above).
                            let u = unsafe { *sources.get_unchecked(e + k) } as usize;
                            *a += edge(e + k, u, contrib);
                        }
                        e += 4;
                    }
                    while e < hi {
                        // SAFETY: as above, e < hi <= sources.len().
                        let u = unsafe { *sources.get_unchecked(e) } as usize;
                        acc[0] += edge(e, u, contrib);
                        e += 1;
                    }
                    let pulled = (acc[0] + acc[1]) + (acc[2] + acc[3]);
                    let value = d * pulled + base(v);
                    residual += (value - x[v]).abs();
                    let inv = inv_out[v];
                    // A select, not a branch: dangling users are scattered
                    // through any numbering, so a branch would often be
                    // mispredicted. Adding +0.0 leaves the sum's bits as they are.
                    dangling_mass += if inv == 0.0 { value } else { 0.0 };
                    *out = value;
                    *out_contrib = C::store(value * inv);
                }
                *part = (residual, dangling_mass);
            },
        );
        std::mem::swap(&mut self.x, &mut self.next);
        std::mem::swap(&mut self.contrib, &mut self.next_contrib);
        let (mut residual, mut dangling_mass) = (0.0, 0.0);
        for &(r, m) in &self.parts {
            residual += r;
            dangling_mass += m;
        }
        self.dangling_mass = dangling_mass;
        residual
    }
}

/// The chunks of a sweep, as user boundaries `0 = b_0 < b_1 < … = n`: runs
/// of users whose in-edges plus [`USER_COST`] per user come to about
/// [`CHUNK_WORK`] (or more, by less than one user's), so that a chunk of hubs
/// is not a hundred times the work of a chunk of quiet users and threads
/// stay balanced whatever the numbering (users numbered by degree put the
/// hubs together). The bounds depend on the graph alone, never on the
/// thread count, so the partial sums, and the results, do not either.
fn chunk_bounds(offsets: &[usize]) -> Vec<usize> {
    let n = offsets.len() - 1;
    let mut bounds = vec![0];
    let mut work = 0usize;
    for v in 0..n {
        work += offsets[v + 1] - offsets[v] + USER_COST;
        if work >= CHUNK_WORK {
            bounds.push(v + 1);
            work = 0;
        }
    }
    if bounds.last() != Some(&n) {
        bounds.push(n);
    }
    bounds
}

/// How many edges ahead a sweep prefetches the contribution it will gather:
/// far enough for a miss to main memory to be served meanwhile. On the
/// scale-22 R-MAT graph an iteration ran 1.15 to 1.33 times faster than
/// without prefetching, with 64, 128 or 256 alike
/// (`docs/perf/2026-11-27-software-prefetching.md`).
const PREFETCH_EDGES: usize = 128;

/// Runs `f(next, next_contrib, part, start)` on every chunk of users, in
/// parallel: `next` and `next_contrib` cut at `bounds` (as from
/// [`chunk_bounds`], `bounds[0]` the first user of `next`), one `part` per
/// chunk, `start` the chunk's first user. Halving the chunks recursively
/// with `rayon::join` allocates nothing, so an iteration allocates nothing.
fn for_each_chunk<T: Send, U: Send, P: Send>(
    next: &mut [T],
    next_contrib: &mut [U],
    parts: &mut [P],
    bounds: &[usize],
    f: &(impl Fn(&mut [T], &mut [U], &mut P, usize) + Sync),
) {
    match parts {
        [] => {}
        [part] => f(next, next_contrib, part, bounds[0]),
        _ => {
            let mid = parts.len() / 2;
            let cut = bounds[mid] - bounds[0];
            let (next_a, next_b) = next.split_at_mut(cut);
            let (contrib_a, contrib_b) = next_contrib.split_at_mut(cut);
            let (parts_a, parts_b) = parts.split_at_mut(mid);
            rayon::join(
                || for_each_chunk(next_a, contrib_a, parts_a, &bounds[..=mid], f),
                || for_each_chunk(next_b, contrib_b, parts_b, &bounds[mid..], f),
            );
        }
    }
}

/// A sum in the same fixed chunked order as the iteration's partial sums.
fn chunked_sum(values: impl Iterator<Item = f64>, n: usize) -> f64 {
    let mut total = 0.0;
    let mut part = 0.0;
    for (i, v) in values.enumerate() {
        part += v;
        if (i + 1) % CHUNK == 0 || i + 1 == n {
            total += part;
            part = 0.0;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_sum_matches_plain_sum_on_small_input() {
        let v = [0.5, 0.25, 0.125];
        assert_eq!(chunked_sum(v.iter().copied(), 3), 0.875);
    }
}
