//! One weighted directed graph over the users, stored as compressed sparse
//! rows of *incoming* edges.
//!
//! Storage is four flat vectors and nothing else: no per-edge allocation, no
//! hashing. The in-edges of user `v` are `sources[offsets[v]..offsets[v+1]]`
//! (sorted by source, no duplicates), with `weights` alongside unless every
//! weight is 1. `out_weight[u]` is the total weight of `u`'s outgoing edges,
//! the divisor of PageRank's transition probabilities. This module must never
//! know about algorithms or scores.

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
    pub(crate) offsets: Vec<usize>,
    pub(crate) sources: Vec<u32>,
    pub(crate) weights: Option<Vec<f64>>,
    pub(crate) out_weight: Vec<f64>,
    pub(crate) dangling: usize,
}

impl Layer {
    /// Builds a layer from edges `(target, source, weight)` sorted by
    /// `(target, source)` without duplicates, over `n` users.
    pub(crate) fn from_sorted(n: usize, edges: &[(u64, f64)]) -> Layer {
        let mut offsets = vec![0usize; n + 1];
        let mut sources = Vec::with_capacity(edges.len());
        let mut out_weight = vec![0.0f64; n];
        let all_one = edges.iter().all(|&(_, w)| w == 1.0);
        let mut weights = if all_one { None } else { Some(Vec::with_capacity(edges.len())) };
        for &(key, w) in edges {
            let (dst, src) = ((key >> 32) as usize, key as u32);
            offsets[dst + 1] += 1;
            sources.push(src);
            out_weight[src as usize] += w;
            if let Some(ws) = weights.as_mut() {
                ws.push(w);
            }
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        let dangling = out_weight.iter().filter(|&&w| w == 0.0).count();
        Layer { offsets, sources, weights, out_weight, dangling }
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
        self.weights.is_some()
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
        let weights = self.weights.as_deref();
        self.sources[range.clone()].iter().zip(range).map(move |(&u, e)| (u, weights.map_or(1.0, |w| w[e])))
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

    /// The weight of every edge, parallel to [`Layer::sources`]; `None` when all
    /// weights are 1.
    pub fn weights(&self) -> Option<&[f64]> {
        self.weights.as_deref()
    }

    /// The out-weight total of every user.
    pub fn out_weights(&self) -> &[f64] {
        &self.out_weight
    }

    /// Heap bytes held by this layer's vectors.
    pub fn memory_bytes(&self) -> usize {
        self.offsets.capacity() * std::mem::size_of::<usize>()
            + self.sources.capacity() * 4
            + self.weights.as_ref().map_or(0, |w| w.capacity() * 8)
            + self.out_weight.capacity() * 8
    }
}
