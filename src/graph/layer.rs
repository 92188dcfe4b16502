//! One weighted directed graph over the users, stored as compressed sparse
//! rows of *incoming* edges.
//!
//! Storage is four flat vectors and nothing else: no per-edge allocation, no
//! hashing. The in-edges of user `v` are `sources[offsets[v]..offsets[v+1]]`
//! (sorted by source, no duplicates), with `weights` alongside unless every
//! weight is 1. `out_weight[u]` is the total weight of `u`'s outgoing edges,
//! the divisor of PageRank's transition probabilities. This module must never
//! know about algorithms or scores.
//!
//! Weights take 4 bytes per edge when every one of them is exactly an `f32`
//! (counts, halves, anything with at most 24 significant bits and a modest
//! exponent), 8 otherwise. Reading an `f32` weight back as `f64` is exact, so
//! the choice changes no bit of any result; it only halves the bytes an
//! iteration moves.
//!
//! Per edge, a layer holds 4 bytes of source plus 0, 4 or 8 bytes of weight;
//! per user, 8 bytes of offset and 8 of out-weight (plus one offset).

use rayon::prelude::*;

use super::binary::{ChunkFold, CrcWriter, Input, chunk_len};
use crate::error::{Error, Result};

/// One network's reaction graph, or the combined graph of all networks: CSR
/// over incoming edges plus per-user out-weight totals.
///
/// Users are dense indices `0..user_count()`, shared by every layer of an
/// [`InfluenceGraph`](crate::InfluenceGraph).
///
/// # Example
///
/// ```
/// use influence::GraphBuilder;
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("a", "c", 2.0)?;
/// b.add_edge("b", "c", 1.0)?;
/// let g = b.build()?;
/// let c = g.user_index("c").unwrap();
/// let layer = g.combined();
/// assert_eq!(layer.in_degree(c), 2);
/// let total: f64 = layer.in_edges(c).map(|(_, w)| w).sum();
/// assert_eq!(total, 3.0);
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Layer {
    // The invariants, established by the constructors below (every one
    // ends in `finish`) and never changed afterwards, since the fields are
    // private to this file and nothing hands out a mutable view:
    //
    // - `offsets.len() == out_weight.len() + 1` (the users, `n`),
    //   non-decreasing, from 0 to `offsets[n] == sources.len()`;
    // - every source is below `n` (the constructors index `out_weight`
    //   with it, which panics otherwise);
    // - the stored weights, if any, are as many as the sources.
    //
    // The power iteration's unchecked reads (`algo/pagerank/power.rs`)
    // rely on them.
    offsets: Vec<usize>,
    sources: Vec<u32>,
    weights: Weights,
    out_weight: Vec<f64>,
    dangling: usize,
}

/// How a layer stores its edge weights.
#[derive(Debug, Clone, PartialEq)]
enum Weights {
    /// Every weight is 1: nothing stored.
    One,
    /// Every weight is exactly an `f32`.
    F32(Vec<f32>),
    /// Some weight is not exactly an `f32`.
    F64(Vec<f64>),
}

impl Weights {
    /// The most compact exact storage for `weights`, or with `round`, `f32`
    /// storage of the nearest `f32`s (unless every weight is 1).
    fn of(weights: Vec<f64>, round: bool) -> Weights {
        if weights.iter().all(|&w| w == 1.0) {
            Weights::One
        } else if round || weights.iter().all(|&w| is_f32(w)) {
            Weights::F32(weights.iter().map(|&w| w as f32).collect())
        } else {
            Weights::F64(weights)
        }
    }

    fn view(&self) -> Option<EdgeWeights<'_>> {
        match self {
            Weights::One => None,
            Weights::F32(w) => Some(EdgeWeights::F32(w)),
            Weights::F64(w) => Some(EdgeWeights::F64(w)),
        }
    }

    fn memory_bytes(&self) -> usize {
        match self {
            Weights::One => 0,
            Weights::F32(w) => w.capacity() * 4,
            Weights::F64(w) => w.capacity() * 8,
        }
    }
}

/// Whether `w` is exactly an `f32` (so storing it in 4 bytes loses nothing).
#[inline]
pub(crate) fn is_f32(w: f64) -> bool {
    (w as f32) as f64 == w
}

/// The edge weights of a [`Layer`], parallel to [`Layer::sources`], in the
/// storage the layer chose: `f32` when every weight is exactly an `f32`
/// (reading one as `f64` is exact) or the graph was built with
/// [`GraphConfig::f32_weights`](crate::GraphConfig::f32_weights) (every
/// weight rounded to the nearest `f32`), `f64` otherwise.
///
/// # Example
///
/// ```
/// use influence::{EdgeWeights, GraphBuilder};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("a", "c", 2.0)?;
/// b.add_edge("b", "c", 0.5)?;
/// let g = b.build()?;
/// let w = g.combined().weights().unwrap();
/// assert!(matches!(w, EdgeWeights::F32(_)));
/// assert_eq!(w.to_vec(), [2.0, 0.5]);
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("a", "c", 0.1)?; // not exactly an f32
/// assert!(matches!(b.build()?.combined().weights(), Some(EdgeWeights::F64(_))));
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EdgeWeights<'a> {
    /// Every weight is exactly an `f32`, stored in 4 bytes.
    F32(&'a [f32]),
    /// Weights stored in 8 bytes.
    F64(&'a [f64]),
}

impl<'a> EdgeWeights<'a> {
    /// The number of weights (the layer's edge count).
    pub fn len(&self) -> usize {
        match self {
            EdgeWeights::F32(w) => w.len(),
            EdgeWeights::F64(w) => w.len(),
        }
    }

    /// Whether there are no weights.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The weight of edge `e`, as `f64`, or `None` past the end.
    pub fn get(&self, e: usize) -> Option<f64> {
        match self {
            EdgeWeights::F32(w) => w.get(e).map(|&w| f64::from(w)),
            EdgeWeights::F64(w) => w.get(e).copied(),
        }
    }

    /// The weight of edge `e`, as `f64`, for an edge known to exist (an
    /// index taken from the same layer).
    ///
    /// # Panics
    ///
    /// If `e` is not below [`EdgeWeights::len`].
    #[inline]
    pub fn at(&self, e: usize) -> f64 {
        match self {
            EdgeWeights::F32(w) => f64::from(w[e]),
            EdgeWeights::F64(w) => w[e],
        }
    }

    /// The weights of the edges in `range`.
    ///
    /// # Panics
    ///
    /// If `range` reaches past [`EdgeWeights::len`].
    pub fn slice(&self, range: std::ops::Range<usize>) -> EdgeWeights<'a> {
        match *self {
            EdgeWeights::F32(w) => EdgeWeights::F32(&w[range]),
            EdgeWeights::F64(w) => EdgeWeights::F64(&w[range]),
        }
    }

    /// Every weight as `f64`, in edge order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = f64> + 'a {
        let (narrow, wide): (&'a [f32], &'a [f64]) = match *self {
            EdgeWeights::F32(w) => (w, &[]),
            EdgeWeights::F64(w) => (&[], w),
        };
        WeightIter { narrow: narrow.iter(), wide: wide.iter() }
    }

    /// Every weight as `f64`, in a new vector.
    pub fn to_vec(&self) -> Vec<f64> {
        self.iter().collect()
    }

    /// The bytes each weight takes: 4 or 8.
    pub fn bytes_per_edge(&self) -> usize {
        match self {
            EdgeWeights::F32(_) => 4,
            EdgeWeights::F64(_) => 8,
        }
    }
}

/// The iterator of [`EdgeWeights::iter`]: one of the two is empty.
struct WeightIter<'a> {
    narrow: std::slice::Iter<'a, f32>,
    wide: std::slice::Iter<'a, f64>,
}

impl Iterator for WeightIter<'_> {
    type Item = f64;

    #[inline]
    fn next(&mut self) -> Option<f64> {
        match self.narrow.next() {
            Some(&w) => Some(f64::from(w)),
            None => self.wide.next().copied(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.narrow.len() + self.wide.len();
        (n, Some(n))
    }
}

impl ExactSizeIterator for WeightIter<'_> {}

/// Where a layer's weights add up to more than `f64::MAX`
/// ([`Layer::weight_overflow`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WeightOverflow {
    /// The weights out of this user.
    Out(u32),
    /// The weights into this user.
    In(u32),
    /// No one user's, but all of them together.
    Total,
}

impl Layer {
    /// Builds a layer from edges `(target, source, weight)` sorted by
    /// `(target, source)` without duplicates, over `n` users.
    pub(crate) fn from_sorted(n: usize, edges: &[(u64, f64)]) -> Layer {
        let mut offsets = vec![0usize; n + 1];
        let mut sources = Vec::with_capacity(edges.len());
        let mut out_weight = vec![0.0f64; n];
        for &(key, w) in edges {
            let (dst, src) = ((key >> 32) as usize, key as u32);
            offsets[dst + 1] += 1;
            sources.push(src);
            out_weight[src as usize] += w;
        }
        let weights = Weights::of(edges.iter().map(|&(_, w)| w).collect(), false);
        Layer::finish(offsets, sources, weights, out_weight)
    }

    /// Builds a layer from keys `(target << 32) | source`, sorted and without
    /// duplicates, with the given weights (every weight 1 for `None`),
    /// reusing the keys' memory: the sources are packed into the front of
    /// the key vector as it is read, the vector is shrunk, and only then
    /// copied out, so without weights the peak is the keys' 8 bytes per edge
    /// (twice the finished layer's 4), not 12; with weights, keys and
    /// weights' 16 (twice a finished layer with `f32` weights).
    pub(crate) fn from_keys(n: usize, mut keys: Vec<u64>, weights: Option<Vec<f64>>, round: bool) -> Layer {
        let m = keys.len();
        let mut offsets = vec![0usize; n + 1];
        let mut out_weight = vec![0.0f64; n];
        // With `round`, out-weights sum the weights as they will be stored.
        let stored = |w: f64| if round { f64::from(w as f32) } else { w };
        for i in 0..m {
            let key = keys[i];
            let (dst, src) = ((key >> 32) as usize, key as u32);
            offsets[dst + 1] += 1;
            out_weight[src as usize] += weights.as_ref().map_or(1.0, |w| stored(w[i]));
            // Half-word i lies in word i / 2 <= i, which has been read.
            put_half(&mut keys, i, src);
        }
        keys.truncate(m.div_ceil(2));
        keys.shrink_to_fit();
        let sources = (0..m).map(|i| half(&keys, i)).collect();
        drop(keys);
        let weights = weights.map_or(Weights::One, |w| Weights::of(w, round));
        Layer::finish(offsets, sources, weights, out_weight)
    }

    /// Builds a layer from records `[key, weight bits]` (key as in
    /// [`Layer::from_keys`], weight an `f64`'s bits), sorted by key and
    /// without duplicate keys, reusing their memory the same way: each edge
    /// is packed into 1, 2 or 3 half-words (source, then an `f32` or `f64`
    /// weight, whichever is exact for every edge) at the front of the
    /// records, which take 4 half-words each, so packing never overwrites a
    /// record not yet read. The peak is the records' 16 bytes per edge:
    /// twice a finished layer with `f32` weights, less than twice one with
    /// `f64` weights.
    pub(crate) fn from_records(n: usize, mut records: Vec<[u64; 2]>, round: bool) -> Layer {
        let m = records.len();
        let weight = |r: &[u64; 2]| f64::from_bits(r[1]);
        let kind = if records.iter().all(|r| weight(r) == 1.0) {
            0
        } else if round || records.iter().all(|r| is_f32(weight(r))) {
            1
        } else {
            2
        };
        let mut offsets = vec![0usize; n + 1];
        let mut out_weight = vec![0.0f64; n];
        let halves = 1 + kind;
        {
            let words = records.as_flattened_mut();
            for i in 0..m {
                let [key, bits] = [words[2 * i], words[2 * i + 1]];
                let (dst, src) = ((key >> 32) as usize, key as u32);
                let w = f64::from_bits(bits);
                offsets[dst + 1] += 1;
                // As stored: exact unless `round` asked for the nearest f32.
                out_weight[src as usize] += if kind == 1 { f64::from(w as f32) } else { w };
                // Half-words halves·i .. halves·(i + 1) − 1 <= 4i + 3: this
                // record's own (read above) or earlier ones.
                let at = halves * i;
                put_half(words, at, src);
                match kind {
                    1 => put_half(words, at + 1, (w as f32).to_bits()),
                    2 => {
                        put_half(words, at + 1, bits as u32);
                        put_half(words, at + 2, (bits >> 32) as u32);
                    }
                    _ => {}
                }
            }
        }
        records.truncate((halves * m).div_ceil(4));
        records.shrink_to_fit();
        let words = records.as_flattened();
        let sources = (0..m).map(|i| half(words, halves * i)).collect();
        let weights = match kind {
            0 => Weights::One,
            1 => Weights::F32((0..m).map(|i| f32::from_bits(half(words, 2 * i + 1))).collect()),
            _ => Weights::F64(
                (0..m)
                    .map(|i| {
                        f64::from_bits(u64::from(half(words, 3 * i + 1)) | u64::from(half(words, 3 * i + 2)) << 32)
                    })
                    .collect(),
            ),
        };
        drop(records);
        Layer::finish(offsets, sources, weights, out_weight)
    }

    /// Turns per-target counts (`offsets[v + 1]` = in-degree of `v`) into
    /// offsets and counts the dangling users.
    fn finish(mut offsets: Vec<usize>, sources: Vec<u32>, weights: Weights, out_weight: Vec<f64>) -> Layer {
        for v in 0..out_weight.len() {
            offsets[v + 1] += offsets[v];
        }
        let dangling = out_weight.iter().filter(|&&w| w == 0.0).count();
        Layer { offsets, sources, weights, out_weight, dangling }
    }

    /// Writes the layer into a graph file: its edge count, how its weights
    /// are stored (0 none, 1 `f32`, 2 `f64`), the offsets (as `u64`), the
    /// sources, the weights and the out-weights, as summed when the layer
    /// was made (so a layer read back ranks bit for bit the same).
    pub(crate) fn write_binary<W: std::io::Write>(&self, w: &mut CrcWriter<W>) -> Result<()> {
        w.u64(self.sources.len() as u64)?;
        w.u32(match self.weights {
            Weights::One => 0,
            Weights::F32(_) => 1,
            Weights::F64(_) => 2,
        })?;
        w.array(&self.offsets, |v: usize| (v as u64).to_le_bytes())?;
        w.array(&self.sources, u32::to_le_bytes)?;
        match &self.weights {
            Weights::One => {}
            Weights::F32(v) => w.array(v, f32::to_le_bytes)?,
            Weights::F64(v) => w.array(v, f64::to_le_bytes)?,
        }
        w.array(&self.out_weight, f64::to_le_bytes)
    }

    /// Reads a layer over `n` users written by [`Layer::write_binary`],
    /// with at most `most_edges` edges, and checks every invariant a
    /// constructor establishes, in parallel: offsets from 0,
    /// non-decreasing, ending at the edge count; sources below `n` and
    /// increasing within each user's in-edges; weights finite and greater
    /// than 0; out-weights finite, and greater than 0 exactly for the users
    /// with out-edges. So no file can make a layer the unchecked reads
    /// would misread. (Whether each out-weight is its edges' sum is the
    /// checksum's to vouch for: summing them again in storage order, one
    /// thread, took longer than all the rest.)
    pub(crate) fn read_binary(r: &mut impl Input, n: usize, most_edges: u64) -> Result<Layer> {
        let bad = |what: &str| Error::parse(format!("the graph file is invalid: {what}"));
        let m = r.len("edge count", most_edges)?;
        let storage = r.u32()?;
        if storage > 2 {
            return Err(bad(&format!("unknown weight storage {storage}")));
        }
        let offsets: Vec<u64> = r.numbers(n + 1)?;
        if offsets[0] != 0 || offsets[n] != m as u64 || offsets.par_windows(2).any(|w| w[0] > w[1]) {
            return Err(bad("a layer's offsets do not run from 0 to its edge count"));
        }
        // Within 0..=m, which fits in usize.
        let offsets: Vec<usize> = offsets.into_par_iter().map(|o| o as usize).collect();
        let in_edges = InEdgesCheck { offsets: &offsets, n };
        let (sources, (in_order, with_out_edges)) = r.numbers_fold::<u32, _>(m, &in_edges)?;
        if !in_order || !in_edges.across_chunks(&sources) {
            return Err(bad("a user's sources are out of range or not increasing"));
        }
        let (weights, positive) = match storage {
            0 => (Weights::One, true),
            1 => r.numbers_fold(m, &PositiveCheck).map(|(v, ok)| (Weights::F32(v), ok))?,
            _ => r.numbers_fold(m, &PositiveCheck).map(|(v, ok)| (Weights::F64(v), ok))?,
        };
        if !positive {
            return Err(bad("a weight is not a finite number greater than 0"));
        }
        let out_weight: Vec<f64> = r.numbers(n)?;
        let consistent = out_weight
            .par_iter()
            .enumerate()
            .all(|(u, &w)| w.is_finite() && (w > 0.0) == (with_out_edges[u / 64] >> (u % 64) & 1 == 1));
        if !consistent {
            return Err(bad("a user's out-weight is not finite, or is 0 with out-edges or more without"));
        }
        let dangling = out_weight.par_iter().filter(|&&w| w == 0.0).count();
        let layer = Layer { offsets, sources, weights, out_weight, dangling };
        if layer.weight_overflow().is_some() {
            return Err(bad("a layer's weights add up to more than the largest number"));
        }
        Ok(layer)
    }

    /// The number of users (the same in every layer of a graph).
    pub fn user_count(&self) -> usize {
        self.out_weight.len()
    }

    /// The number of distinct directed edges.
    pub fn edge_count(&self) -> usize {
        self.sources.len()
    }

    /// Whether edges carry weights other than 1.
    pub fn is_weighted(&self) -> bool {
        self.weights != Weights::One
    }

    /// The number of users `v` reacted to by others in this layer.
    ///
    /// # Panics
    ///
    /// If `v` is not a user index of this graph.
    pub fn in_degree(&self, v: u32) -> usize {
        let v = v as usize;
        self.offsets[v + 1] - self.offsets[v]
    }

    /// The edges into `v` as `(source, weight)`, sorted by source.
    ///
    /// # Panics
    ///
    /// If `v` is not a user index of this graph.
    pub fn in_edges(&self, v: u32) -> impl ExactSizeIterator<Item = (u32, f64)> + '_ {
        let range = self.offsets[v as usize]..self.offsets[v as usize + 1];
        let weights = self.weights();
        self.sources[range.clone()].iter().zip(range).map(move |(&u, e)| (u, weights.map_or(1.0, |w| w.at(e))))
    }

    /// `Σ w(u→v)·x[u]` over the in-edges of `v`, added in storage order (by
    /// source), so every caller gets the same bits.
    ///
    /// # Panics
    ///
    /// If `v` is not a user index or `x` is shorter than the user count.
    #[inline]
    pub(crate) fn pull(&self, v: usize, x: &[f64]) -> f64 {
        let range = self.offsets[v]..self.offsets[v + 1];
        let sources = &self.sources[range.clone()];
        match &self.weights {
            Weights::One => sources.iter().map(|&u| x[u as usize]).sum(),
            Weights::F32(w) => sources.iter().zip(&w[range]).map(|(&u, &w)| f64::from(w) * x[u as usize]).sum(),
            Weights::F64(w) => sources.iter().zip(&w[range]).map(|(&u, &w)| w * x[u as usize]).sum(),
        }
    }

    /// Every edge as `(source, target, weight)`, grouped by target.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32, f64)> + '_ {
        (0..self.user_count() as u32).flat_map(move |v| self.in_edges(v).map(move |(u, w)| (u, v, w)))
    }

    /// The total weight of the edges out of `u`; 0 for a dangling user.
    ///
    /// # Panics
    ///
    /// If `u` is not a user index of this graph.
    pub fn out_weight(&self, u: u32) -> f64 {
        self.out_weight[u as usize]
    }

    /// The number of dangling users: those who react to nobody here.
    pub fn dangling_count(&self) -> usize {
        self.dangling
    }

    /// The CSR offsets: `user_count() + 1` entries, in-edges of `v` at
    /// `offsets()[v]..offsets()[v + 1]`.
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// The source of every edge, grouped by target (see [`Layer::offsets`]).
    pub fn sources(&self) -> &[u32] {
        &self.sources
    }

    /// The weight of every edge, parallel to [`Layer::sources`]; `None` when
    /// all weights are 1. See [`EdgeWeights`] for the two storages.
    pub fn weights(&self) -> Option<EdgeWeights<'_>> {
        self.weights.view()
    }

    /// The out-weight total of every user.
    pub fn out_weights(&self) -> &[f64] {
        &self.out_weight
    }

    /// The largest edge weight (1 for an unweighted layer, 0 without edges).
    pub fn max_weight(&self) -> f64 {
        match self.weights() {
            None if self.sources.is_empty() => 0.0,
            None => 1.0,
            Some(w) => w.iter().fold(0.0, f64::max),
        }
    }

    /// Where adding up this layer's weights overflows, if anywhere: a user
    /// whose out-weights or in-weights add up to more than `f64::MAX`, else
    /// all the edges together. Every algorithm may sum a user's weights, or
    /// all of them, so a layer that overflows is refused at build.
    pub(crate) fn weight_overflow(&self) -> Option<WeightOverflow> {
        // Weights are finite and at least 0, so a sum overflows exactly when
        // the total does; the total is a quick check for the usual case.
        if self.out_weight.iter().sum::<f64>().is_finite() {
            return None;
        }
        if let Some(u) = self.out_weight.iter().position(|w| !w.is_finite()) {
            return Some(WeightOverflow::Out(u as u32));
        }
        for v in 0..self.user_count() as u32 {
            if !self.in_edges(v).map(|(_, w)| w).sum::<f64>().is_finite() {
                return Some(WeightOverflow::In(v));
            }
        }
        Some(WeightOverflow::Total)
    }

    /// Heap bytes held by this layer's vectors: 4 per edge for sources plus
    /// 0, 4 or 8 for weights; 16 per user for offsets and out-weights.
    pub fn memory_bytes(&self) -> usize {
        self.offsets.capacity() * std::mem::size_of::<usize>()
            + self.sources.capacity() * 4
            + self.weights.memory_bytes()
            + self.out_weight.capacity() * 8
    }
}

/// Writes half-word `j` (the low half of word `j / 2` for even `j`, the high
/// half for odd `j`). Half-words are written in increasing order, so the low
/// half may clear the high one, which is written next.
#[inline]
fn put_half(words: &mut [u64], j: usize, value: u32) {
    let word = &mut words[j / 2];
    if j % 2 == 0 {
        *word = u64::from(value);
    } else {
        *word |= u64::from(value) << 32;
    }
}

/// Reads half-word `j` (see [`put_half`]).
#[inline]
fn half(words: &[u64], j: usize) -> u32 {
    (words[j / 2] >> (32 * (j % 2))) as u32
}

/// Checks a layer's sources as they are read: each below `n` and
/// increasing within each user's in-edges (the pairs that straddle two
/// chunks are left to [`InEdgesCheck::across_chunks`]); and marks the users
/// with out-edges, one bit each.
struct InEdgesCheck<'a> {
    /// The layer's offsets, checked already.
    offsets: &'a [usize],
    n: usize,
}

impl InEdgesCheck<'_> {
    /// The user whose in-edges hold edge `e`, the last one when several
    /// start there.
    fn user_of(&self, e: usize) -> usize {
        self.offsets.partition_point(|&o| o <= e) - 1
    }

    /// Whether the pairs of edges on both sides of a chunk's start are in
    /// order where one user's in-edges hold both.
    fn across_chunks(&self, sources: &[u32]) -> bool {
        let per_chunk = chunk_len::<u32>();
        (per_chunk..sources.len())
            .step_by(per_chunk)
            .all(|e| self.offsets[self.user_of(e)] == e || sources[e - 1] < sources[e])
    }
}

impl ChunkFold<u32> for InEdgesCheck<'_> {
    type Acc = (bool, Vec<u64>);

    fn init(&self) -> Self::Acc {
        (true, vec![0; self.n.div_ceil(64)])
    }

    fn chunk(&self, (ok, bits): &mut Self::Acc, first: usize, values: &[u32]) {
        let end = first + values.len();
        let (mut e, mut v) = (first, self.user_of(first));
        while e < end {
            let stop = self.offsets[v + 1].min(end);
            *ok &= values[e - first..stop - first].windows(2).all(|w| w[0] < w[1]);
            e = stop;
            v += 1;
        }
        for &u in values {
            let u = u as usize;
            if u < self.n {
                bits[u / 64] |= 1 << (u % 64);
            } else {
                *ok = false;
            }
        }
    }

    fn merge(&self, (a, mut x): Self::Acc, (b, y): Self::Acc) -> Self::Acc {
        x.iter_mut().zip(&y).for_each(|(x, y)| *x |= y);
        (a && b, x)
    }
}

/// Checks that weights are finite and greater than 0 as they are read.
struct PositiveCheck;

impl<T: Copy + Into<f64>> ChunkFold<T> for PositiveCheck {
    type Acc = bool;

    fn init(&self) -> bool {
        true
    }

    fn chunk(&self, ok: &mut bool, _: usize, values: &[T]) {
        *ok &= values.iter().all(|&w| {
            let w: f64 = w.into();
            w.is_finite() && w > 0.0
        });
    }

    fn merge(&self, a: bool, b: bool) -> bool {
        a && b
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn at_reads_what_get_reads() {
        let (narrow, wide) = ([0.5f32, 2.0, 7.25], [0.1f64, 1e300, 3.0]);
        for w in [EdgeWeights::F32(&narrow), EdgeWeights::F64(&wide)] {
            for e in 0..w.len() {
                assert_eq!(Some(w.at(e)), w.get(e));
            }
            assert_eq!(w.get(w.len()), None);
        }
    }

    /// Sorted, distinct keys over `n` users from arbitrary pairs.
    fn keyed(n: u32, pairs: &[(u32, u32, f64)]) -> Vec<(u64, f64)> {
        let mut edges: Vec<(u64, f64)> =
            pairs.iter().map(|&(s, t, w)| ((u64::from(t % n) << 32) | u64::from(s % n), w)).collect();
        edges.sort_by_key(|e| e.0);
        edges.dedup_by_key(|e| e.0);
        edges
    }

    fn same(a: &Layer, b: &Layer) {
        assert_eq!(a.offsets, b.offsets);
        assert_eq!(a.sources, b.sources);
        assert_eq!(a.weights, b.weights);
        let bits = |l: &Layer| l.out_weight.iter().map(|w| w.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(a), bits(b));
        assert_eq!(a.dangling, b.dangling);
    }

    fn weight() -> impl Strategy<Value = f64> {
        prop_oneof![Just(1.0), (1u32..20).prop_map(f64::from), (1e-3f64..1e3)]
    }

    proptest! {
        /// Packing in place gives exactly the layer that copying gives, for
        /// unit, f32-exact and f64 weights and odd or even edge counts.
        #[test]
        fn packed_layers_equal_copied_ones(
            n in 1u32..40,
            pairs in prop::collection::vec((0u32..1000, 0u32..1000, weight()), 0..200),
            kind in 0usize..3,
            round in any::<bool>(),
        ) {
            let pairs: Vec<_> = pairs
                .into_iter()
                .map(|(s, t, w)| (s, t, match kind { 0 => 1.0, 1 => w.round().max(1.0), _ => w }))
                .collect();
            let edges = keyed(n, &pairs);
            // Rounding to f32 is the copy of the rounded weights.
            let rounded: Vec<(u64, f64)> =
                edges.iter().map(|&(k, w)| (k, if round { f64::from(w as f32) } else { w })).collect();
            let copied = Layer::from_sorted(n as usize, &rounded);
            if round {
                prop_assert!(!matches!(copied.weights, Weights::F64(_)));
            }
            let records: Vec<[u64; 2]> = edges.iter().map(|&(k, w)| [k, w.to_bits()]).collect();
            same(&Layer::from_records(n as usize, records, round), &copied);
            let keys: Vec<u64> = edges.iter().map(|e| e.0).collect();
            let weights: Vec<f64> = edges.iter().map(|e| e.1).collect();
            same(&Layer::from_keys(n as usize, keys.clone(), Some(weights), round), &copied);
            if kind == 0 {
                same(&Layer::from_keys(n as usize, keys, None, round), &copied);
            }
        }
    }

    #[test]
    fn weights_take_the_narrowest_exact_storage() {
        assert_eq!(Weights::of(vec![1.0, 1.0], false), Weights::One);
        let big = 2f64.powi(100);
        assert_eq!(Weights::of(vec![1.0, 2.5, big], false), Weights::F32(vec![1.0, 2.5, big as f32]));
        assert!(matches!(Weights::of(vec![1e30], false), Weights::F64(_)), "1e30 is not exactly an f32");
        assert_eq!(Weights::of(vec![1.0, 0.1], false), Weights::F64(vec![1.0, 0.1]));
        // Beyond f32's range, or below its precision, stays f64.
        assert!(matches!(Weights::of(vec![1e300], false), Weights::F64(_)));
        assert!(matches!(Weights::of(vec![1.0 + f64::EPSILON], false), Weights::F64(_)));
        // Unless rounding is asked for (the builder checks the range first).
        assert_eq!(Weights::of(vec![1.0, 0.1], true), Weights::F32(vec![1.0, 0.1f32]));
        assert_eq!(Weights::of(vec![1.0, 1.0], true), Weights::One);
    }
}
