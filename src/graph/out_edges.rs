//! The transpose of a layer: every user's out-edges in CSR form, for the
//! algorithms that push along edges (HITS hubs, residual push) instead of
//! pulling over in-edges.
//!
//! Built on demand in one pass over the in-edge CSR; a `Layer` does not keep
//! it, so graphs that never need it do not pay its memory.

use super::layer::Layer;

/// Out-edges: those of `u` are `targets[offsets[u]..offsets[u + 1]]`, sorted
/// by target, with `weights` alongside unless every weight is 1.
#[derive(Debug, Clone)]
pub(crate) struct OutEdges {
    pub(crate) offsets: Vec<usize>,
    pub(crate) targets: Vec<u32>,
    pub(crate) weights: Option<Vec<f64>>,
}

impl OutEdges {
    /// The transpose of `layer`.
    pub(crate) fn of(layer: &Layer) -> OutEdges {
        let n = layer.user_count();
        let (in_offsets, sources) = (layer.offsets(), layer.sources());
        let mut offsets = vec![0usize; n + 1];
        for &u in sources {
            offsets[u as usize + 1] += 1;
        }
        for u in 0..n {
            offsets[u + 1] += offsets[u];
        }
        let mut fill = offsets[..n].to_vec();
        let mut targets = vec![0u32; sources.len()];
        let in_weights = layer.weights();
        let mut weights = in_weights.map(|_| vec![0.0f64; sources.len()]);
        // In-edges are grouped by ascending target, so every user's
        // out-edges come out sorted by target.
        for v in 0..n {
            let range = in_offsets[v]..in_offsets[v + 1];
            for (e, &u) in range.clone().zip(&sources[range]) {
                let u = u as usize;
                let slot = fill[u];
                fill[u] += 1;
                targets[slot] = v as u32;
                if let (Some(out), Some(w)) = (weights.as_mut(), in_weights) {
                    out[slot] = w.at(e);
                }
            }
        }
        OutEdges { offsets, targets, weights }
    }

    /// The out-edges of `u` as `(target, weight)`.
    pub(crate) fn edges(&self, u: usize) -> impl Iterator<Item = (u32, f64)> + '_ {
        let range = self.offsets[u]..self.offsets[u + 1];
        let weights = self.weights.as_deref();
        self.targets[range.clone()].iter().zip(range).map(move |(&v, e)| (v, weights.map_or(1.0, |w| w[e])))
    }
}
