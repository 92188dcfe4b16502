//! The interaction graph: ids interned to dense indices, one CSR layer per
//! network plus the combined graph, immutable once built.
//!
//! The graph knows nothing about scores or algorithms; it only stores who
//! reacted to whom and how much.

mod binary;
mod builder;
mod config;
mod degrees;
mod file;
mod layer;
mod out_edges;
mod petgraph_interop;
mod users;

use std::sync::Arc;

#[cfg(feature = "distributed")]
pub(crate) use builder::empty_graph;
pub use builder::{BuildStats, GraphBuilder};
pub(crate) use builder::{InteractionRef, LOOKUP_BATCH, LookupBuffers};
pub use config::{GraphConfig, KindWeights};
pub use degrees::DegreeSummary;
pub use file::{GRAPH_FILE_MAGIC, is_graph_file};
pub(crate) use layer::WeightOverflow;
pub use layer::{EdgeWeights, Layer};
pub(crate) use out_edges::OutEdges;
pub(crate) use users::{FREE, IdHasher, Users, canonical_number};

use crate::interaction::Network;

/// An immutable graph of users and their reactions, built by [`GraphBuilder`].
///
/// Edge `a → b` means *a reacted to b*; influence flows from `a` to `b`.
/// Users are numbered `0..user_count()` in order of id (canonical decimal
/// ids by value, then the others in byte order; see
/// [`GraphConfig::canonical_order`]), so the same input in any line order
/// gives the same numbering and bit-identical results. Cloning is cheap (the
/// storage is shared).
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, Network};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("ann", "bob", 1.0)?;
/// b.add_user("cy")?;
/// let g = b.build()?;
/// assert_eq!(g.user_count(), 3);
/// assert_eq!(g.user_id(1), Some("bob"));
/// assert_eq!(g.user_index("cy"), Some(2));
/// assert_eq!(g.edge_count(), 1);
/// assert!(g.layer(&Network::Twitter).is_none());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct InfluenceGraph {
    // Every layer, the combined one included, is over `users.len()` users:
    // `from_parts` checks it, and the fields are private to this file.
    users: Arc<Users>,
    combined: Arc<Layer>,
    layers: Vec<(Network, Arc<Layer>)>,
    stats: BuildStats,
    followers: Option<Arc<Vec<u32>>>,
}

impl InfluenceGraph {
    /// A graph of these parts, with `stats.memory_bytes` filled in.
    ///
    /// # Panics
    ///
    /// If a layer (or the follower counts) is over another number of users
    /// than `users`: a bug of the caller, never of the input.
    pub(crate) fn from_parts(
        users: Arc<Users>,
        combined: Arc<Layer>,
        layers: Vec<(Network, Arc<Layer>)>,
        stats: BuildStats,
        followers: Option<Arc<Vec<u32>>>,
    ) -> InfluenceGraph {
        let n = users.len();
        assert!(
            combined.user_count() == n
                && layers.iter().all(|(_, l)| l.user_count() == n)
                && followers.as_ref().is_none_or(|f| f.len() == n),
            "every part of a graph must count the same {n} users"
        );
        let mut graph = InfluenceGraph { users, combined, layers, stats, followers };
        graph.stats.memory_bytes = graph.memory_bytes();
        graph
    }

    /// A graph of one layer (no per-network layers, no followers) over
    /// `users`, as the score runs the registry's measures on a network.
    pub(crate) fn of_layer(users: Arc<Users>, layer: Layer) -> InfluenceGraph {
        let stats = BuildStats {
            users: users.len(),
            edges: layer.edge_count(),
            dangling: layer.dangling_count(),
            ..Default::default()
        };
        InfluenceGraph::from_parts(users, Arc::new(layer), Vec::new(), stats, None)
    }

    /// The number of users.
    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    /// The number of distinct directed edges in the combined graph.
    pub fn edge_count(&self) -> usize {
        self.combined.edge_count()
    }

    /// The external id of user `index`.
    pub fn user_id(&self, index: u32) -> Option<&str> {
        self.users.name(index)
    }

    /// The index of the user with external id `id`.
    pub fn user_index(&self, id: &str) -> Option<u32> {
        self.users.get(id)
    }

    /// Every user id, in index order.
    pub fn user_ids(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.users.iter()
    }

    /// The combined graph: every network's edges merged, weights summed.
    pub fn combined(&self) -> &Layer {
        &self.combined
    }

    /// The layer of one network, if any interaction named it (and layers
    /// were not turned off in [`GraphConfig::layers`]).
    pub fn layer(&self, network: &Network) -> Option<&Layer> {
        self.layers.iter().find(|(n, _)| n == network).map(|(_, l)| &**l)
    }

    /// Every per-network layer, ordered by network.
    pub fn layers(&self) -> impl ExactSizeIterator<Item = (&Network, &Layer)> + '_ {
        self.layers.iter().map(|(n, l)| (n, &**l))
    }

    /// The number of distinct followers of every user, by user index, when
    /// the input had [`InteractionKind::Follow`](crate::InteractionKind::Follow)
    /// interactions (counted whatever their weight, since a follow is a fact;
    /// self-follows are not counted); `None` otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{GraphBuilder, Interaction, InteractionKind};
    ///
    /// let mut b = GraphBuilder::default();
    /// b.add_interaction(&Interaction::new("ann", "bob").kind(InteractionKind::Follow))?;
    /// b.add_interaction(&Interaction::new("ann", "bob").kind(InteractionKind::Follow))?;
    /// b.add_interaction(&Interaction::new("cy", "bob").kind(InteractionKind::Like))?;
    /// let g = b.build()?;
    /// assert_eq!(g.followers(), Some(&[0, 1, 0][..]));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn followers(&self) -> Option<&[u32]> {
        self.followers.as_deref().map(|v| &v[..])
    }

    /// What the build did.
    pub fn stats(&self) -> &BuildStats {
        &self.stats
    }

    /// Heap bytes held by ids and layers (a layer shared with the combined
    /// graph is counted once).
    ///
    /// The ids of a graph built in canonical order (the default, see
    /// [`GraphConfig::canonical_order`](crate::GraphConfig::canonical_order))
    /// cost 16 bytes per user plus the bytes of the ids themselves: all id
    /// text lies in one arena, with an 8-byte offset per user, and the
    /// lookup by id is a hash table of 2 four-byte slots per user (at least
    /// 16 slots). With `canonical_order(false)` the tables keep the slack of
    /// their growth and, for numeric ids, a direct-indexed vector (up to 32
    /// bytes per user, or 4 MiB).
    pub fn memory_bytes(&self) -> usize {
        let layers: usize =
            self.layers.iter().filter(|(_, l)| !Arc::ptr_eq(l, &self.combined)).map(|(_, l)| l.memory_bytes()).sum();
        let followers = self.followers.as_ref().map_or(0, |f| f.capacity() * 4);
        self.users.memory_bytes() + self.combined.memory_bytes() + layers + followers
    }

    pub(crate) fn users_arc(&self) -> &Arc<Users> {
        &self.users
    }
}
