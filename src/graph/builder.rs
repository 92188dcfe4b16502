//! `GraphBuilder`: from interaction records to an immutable `InfluenceGraph`.
//!
//! The builder validates every record as it arrives (so an error can be tied
//! to the line it came from), interns ids, and buffers one compact
//! `(target, source, weight)` triple per record and network. `build` sorts and
//! merges the buffers into CSR layers. It never drops anything silently:
//! self-interactions and kinds weighted 0 are counted in [`BuildStats`].

use std::sync::Arc;

use rayon::prelude::*;

use super::InfluenceGraph;
use super::config::GraphConfig;
use super::layer::{Layer, WeightOverflow};
use super::users::{FREE, IdHasher, Users};
use crate::error::{Error, ErrorKind, Result};
use crate::interaction::{Interaction, InteractionKind, Network};
use crate::io::Limits;

/// What a build did, for callers and the CLI to report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct BuildStats {
    /// Distinct users.
    pub users: usize,
    /// Distinct directed edges of the combined graph.
    pub edges: usize,
    /// Interactions (or plain edges) offered to the builder.
    pub interactions: u64,
    /// Interactions folded into an edge that already existed: the same
    /// network, actor and target when per-network layers are kept
    /// ([`GraphConfig::layers`], as `influence stats` does), the same actor
    /// and target otherwise (networks combined, as `influence rank` does),
    /// so the two counts differ on a multi-network input.
    pub merged: u64,
    /// Self-interactions (actor = target), dropped.
    pub self_loops_dropped: u64,
    /// Interactions ignored because their weight, or their kind's weight, is 0.
    pub ignored: u64,
    /// Users who react to nobody in the combined graph.
    pub dangling: usize,
    /// Per-network layers built.
    pub layers: usize,
    /// Heap bytes of the finished graph (ids, CSR layers, out-weights).
    pub memory_bytes: usize,
}

/// The parts of an interaction that the graph uses, borrowed: what the
/// readers that parse blocks of records hand the builder without making an
/// [`Interaction`] of each.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InteractionRef<'a> {
    pub(crate) actor: &'a str,
    pub(crate) target: &'a str,
    pub(crate) kind: Option<&'a InteractionKind>,
    pub(crate) network: Option<&'a Network>,
    pub(crate) weight: Option<f64>,
}

impl<'a> InteractionRef<'a> {
    /// The parts of `interaction`.
    pub(crate) fn of(interaction: &'a Interaction) -> InteractionRef<'a> {
        InteractionRef {
            actor: &interaction.actor,
            target: &interaction.target,
            kind: interaction.kind.as_ref(),
            network: interaction.network.as_ref(),
            weight: interaction.weight,
        }
    }
}

/// The buffers of a batch's lookup, kept from one batch to the next.
#[derive(Debug, Default)]
pub(crate) struct LookupBuffers {
    hashes: Vec<u64>,
    found: Vec<u32>,
}

/// Key of a buffered edge: target in the high half so that sorting groups
/// in-edges of each target, sorted by source.
#[inline]
fn key(src: u32, dst: u32) -> u64 {
    ((dst as u64) << 32) | src as u64
}

#[derive(Debug)]
struct Buffer {
    network: Option<Network>,
    records: Records,
}

/// The edge records of one network, held until build.
#[derive(Debug)]
enum Records {
    /// Keys only, while every weight is 1 (always, for an unweighted
    /// graph): 8 bytes per record.
    Unit(Vec<u64>),
    /// `[key, weight bits]`: 16 bytes per record.
    Weighted(Vec<[u64; 2]>),
    /// Merged keys of a weighted graph whose every record had weight 1, and
    /// how many records each merged (its weight).
    Counted(Vec<u64>, Vec<f64>),
}

const ONE_BITS: u64 = 0x3ff0_0000_0000_0000;

impl Records {
    fn len(&self) -> usize {
        match self {
            Records::Unit(keys) => keys.len(),
            Records::Weighted(records) => records.len(),
            Records::Counted(keys, _) => keys.len(),
        }
    }

    fn push(&mut self, key: u64, weight: f64) {
        match self {
            Records::Unit(keys) if weight == 1.0 => keys.push(key),
            Records::Unit(keys) => {
                // The first weight other than 1: from now on weights are held.
                let mut records = Vec::with_capacity((keys.len() + 1).next_power_of_two());
                records.extend(keys.iter().map(|&k| [k, ONE_BITS]));
                records.push([key, weight.to_bits()]);
                *self = Records::Weighted(records);
            }
            Records::Weighted(records) => records.push([key, weight.to_bits()]),
            Records::Counted(..) => unreachable!("records are counted only when merged at build"),
        }
    }

    fn for_each_key(&self, mut f: impl FnMut(u64)) {
        match self {
            Records::Unit(keys) => keys.iter().for_each(|&k| f(k)),
            Records::Weighted(records) => records.iter().for_each(|r| f(r[0])),
            Records::Counted(keys, _) => keys.iter().for_each(|&k| f(k)),
        }
    }

    fn remap_keys(&mut self, remap: impl Fn(u64) -> u64 + Sync) {
        match self {
            Records::Unit(keys) => keys.par_iter_mut().for_each(|k| *k = remap(*k)),
            Records::Weighted(records) => records.par_iter_mut().for_each(|r| r[0] = remap(r[0])),
            Records::Counted(..) => unreachable!("keys are renumbered before they are merged"),
        }
    }

    /// Sorts and merges equal keys (see [`merge_sorted`]). Repeated weight-1
    /// records of a weighted graph become one key counted as often as it
    /// came (8 bytes per count beside the keys, where `[key, weight]`
    /// records would take 16 for every record); in an unweighted graph they
    /// become one key.
    fn merge(&mut self, unweighted: bool) -> Result<(), (u64, f64)> {
        self.merge_in(unweighted, MERGE_CHUNK)
    }

    /// [`Records::merge`] with the sorted keys merged `chunk` at a time on
    /// every thread: chunks cut between runs of equal keys, each merged in
    /// its own words (its counts written where they end up), then moved
    /// down in order.
    fn merge_in(&mut self, unweighted: bool, chunk: usize) -> Result<(), (u64, f64)> {
        match self {
            Records::Unit(keys) => {
                keys.par_sort_unstable();
                let bounds = run_bounds(keys, chunk);
                let distinct: Vec<usize> = bounds
                    .par_windows(2)
                    .map(|w| 1 + keys[w[0]..w[1]].windows(2).filter(|p| p[0] != p[1]).count())
                    .collect();
                let total: usize = distinct.iter().sum();
                if unweighted || total == keys.len() {
                    keys.dedup();
                    return Ok(());
                }
                let mut counts = vec![0.0f64; total];
                let mut parts = Vec::with_capacity(distinct.len());
                let (mut key_rest, mut count_rest) = (keys.as_mut_slice(), counts.as_mut_slice());
                for (w, &d) in bounds.windows(2).zip(&distinct) {
                    let (k, kt) = key_rest.split_at_mut(w[1] - w[0]);
                    let (c, ct) = count_rest.split_at_mut(d);
                    parts.push((k, c));
                    (key_rest, count_rest) = (kt, ct);
                }
                parts.into_par_iter().for_each(|(k, c)| {
                    let mut out = 0usize;
                    for i in 0..k.len() {
                        if out > 0 && k[out - 1] == k[i] {
                            c[out - 1] += 1.0;
                        } else {
                            k[out] = k[i];
                            c[out] = 1.0;
                            out += 1;
                        }
                    }
                });
                let mut at = 0;
                for (w, &d) in bounds.windows(2).zip(&distinct) {
                    keys.copy_within(w[0]..w[0] + d, at);
                    at += d;
                }
                keys.truncate(total);
                *self = Records::Counted(std::mem::take(keys), counts);
                Ok(())
            }
            Records::Weighted(records) => merge_sorted(records),
            Records::Counted(..) => Ok(()),
        }
    }

    /// The layer over `n` users, reusing this memory; with `f32_weights`,
    /// every weight rounded to the nearest `f32`, failing with the first
    /// (key, weight) that no `f32` holds (see [`GraphConfig::f32_weights`]).
    fn into_layer(self, n: usize, f32_weights: bool) -> Result<Layer, (u64, f64)> {
        if f32_weights {
            let bad = match &self {
                Records::Unit(_) => None,
                Records::Weighted(records) => {
                    records.iter().map(|r| (r[0], f64::from_bits(r[1]))).find(|&(_, w)| !fits_f32(w))
                }
                Records::Counted(keys, counts) => {
                    keys.iter().copied().zip(counts.iter().copied()).find(|&(_, w)| !fits_f32(w))
                }
            };
            if let Some(bad) = bad {
                return Err(bad);
            }
        }
        Ok(match self {
            Records::Unit(keys) => Layer::from_keys(n, keys, None, f32_weights),
            Records::Weighted(records) => Layer::from_records(n, records, f32_weights),
            Records::Counted(keys, counts) => Layer::from_keys(n, keys, Some(counts), f32_weights),
        })
    }
}

/// Builds an [`InfluenceGraph`] from interactions or plain weighted edges.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, Interaction, InteractionKind, Network};
///
/// let mut b = GraphBuilder::default();
/// b.add_interaction(&Interaction::new("ann", "bob").kind(InteractionKind::Reshare).network(Network::Twitter))?;
/// b.add_interaction(&Interaction::new("ann", "bob").kind(InteractionKind::Like).network(Network::Twitter))?;
/// b.add_interaction(&Interaction::new("cy", "cy"))?; // a self-interaction: dropped, counted
/// let g = b.build()?;
/// assert_eq!(g.stats().edges, 1);
/// assert_eq!(g.stats().merged, 1);
/// assert_eq!(g.stats().self_loops_dropped, 1);
/// let bob = g.user_index("bob").unwrap();
/// assert_eq!(g.combined().in_edges(bob).next(), Some((0, 1.3)));
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct GraphBuilder {
    config: GraphConfig,
    users: Users,
    buffers: Vec<Buffer>,
    last_buffer: usize,
    stats: BuildStats,
    /// `(follower, followed)` keys of every follow interaction, for the
    /// follower counts (facts kept apart from the weighted edges).
    follows: Vec<u64>,
    /// Edge records held in `buffers`, for [`Limits::max_edges`].
    held: u64,
    /// Whether a user was added by [`GraphBuilder::add_user`], on purpose
    /// even without edges.
    explicit_users: bool,
}

impl GraphBuilder {
    /// A builder with `config`, validated.
    pub fn new(config: GraphConfig) -> Result<GraphBuilder> {
        config.get_kind_weights().validate()?;
        Ok(GraphBuilder { config, ..GraphBuilder::default() })
    }

    /// Adds a user who may have no edges (an isolated user still gets a score).
    /// Returns the user's index.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TooLarge`] when the user is new and one more than
    /// [`Limits::max_users`] allows.
    pub fn add_user(&mut self, id: &str) -> Result<u32> {
        let i = self.users.intern_within(id, self.config.get_limits())?;
        self.explicit_users = true;
        Ok(i)
    }

    /// Adds a plain weighted edge: `actor` reacted to `target` with `weight`
    /// (finite and at least 0), in no particular network.
    ///
    /// A weight of 0 adds both users but no edge (as igraph treats zero
    /// weights); it is counted in [`BuildStats::ignored`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidWeight`] for a NaN, infinite or negative weight,
    /// and [`ErrorKind::TooLarge`] when a new user or the edge record would
    /// exceed [`Limits::max_users`] or [`Limits::max_edges`]. The builder is
    /// left as it was.
    pub fn add_edge(&mut self, actor: &str, target: &str, weight: f64) -> Result<()> {
        self.push(actor, target, None, weight).map(|_| ())
    }

    /// Adds a plain weighted edge between users already added, by index (a
    /// fast path for generators and numeric inputs: no id hashing).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownUser`] for an index not yet added, and the weight
    /// errors of [`GraphBuilder::add_edge`].
    pub fn add_edge_by_index(&mut self, actor: u32, target: u32, weight: f64) -> Result<()> {
        let n = self.users.len();
        for i in [actor, target] {
            if i as usize >= n {
                return Err(Error::unknown_user(&format!("#{i}"), format!("an edge (only {n} users were added)")));
            }
        }
        check_weight(weight)?;
        if actor != target && weight != 0.0 {
            self.config.get_limits().check_edges(self.held + 1)?;
        }
        self.push_indices(actor, target, None, weight);
        Ok(())
    }

    /// Adds one interaction, weighted by its kind's weight times its own
    /// weight (finite and at least 0).
    ///
    /// # Errors
    ///
    /// Those of [`GraphBuilder::add_edge`]; a follow interaction, also kept
    /// for the follower counts, counts against [`Limits::max_edges`] once
    /// more on its own.
    pub fn add_interaction(&mut self, interaction: &Interaction) -> Result<()> {
        self.add_interaction_found(interaction, [FREE; 2])
    }

    /// [`GraphBuilder::add_interaction`] with the indices of its actor and
    /// target where a lookup found them already ([`FREE`] where not).
    fn add_interaction_found(&mut self, interaction: &Interaction, found: [u32; 2]) -> Result<()> {
        self.add_ref_found(&InteractionRef::of(interaction), found)
    }

    /// [`GraphBuilder::add_interaction_found`] on the parts the graph uses.
    fn add_ref_found(&mut self, interaction: &InteractionRef<'_>, found: [u32; 2]) -> Result<()> {
        let own = interaction.weight.unwrap_or(1.0);
        check_weight(own)?;
        let kind_weight = self.config.get_kind_weights().weight(interaction.kind);
        let follow = interaction.kind == Some(&InteractionKind::Follow) && interaction.actor != interaction.target;
        if follow {
            self.config.get_limits().check_edges(self.follows.len() as u64 + 1)?;
        }
        let (src, dst) =
            self.push_found(interaction.actor, interaction.target, found, interaction.network, kind_weight * own)?;
        if follow {
            self.follows.push(key(src, dst));
        }
        Ok(())
    }

    /// Adds every interaction of `iter`, stopping at the first error: the
    /// same as [`GraphBuilder::add_interaction`] on each in turn (so the
    /// interactions before the refused one stay added, and the refused one
    /// leaves nothing behind), but faster
    /// on big graphs, since the ids of a few hundred interactions are looked
    /// up at once (their cache misses overlap).
    pub fn add_interactions<'a>(&mut self, iter: impl IntoIterator<Item = &'a Interaction>) -> Result<()> {
        let mut batch = Vec::with_capacity(LOOKUP_BATCH);
        let mut iter = iter.into_iter().peekable();
        while iter.peek().is_some() {
            batch.clear();
            batch.extend(iter.by_ref().take(LOOKUP_BATCH));
            self.add_interaction_batch(&batch).map_err(|(_, e)| e)?;
        }
        Ok(())
    }

    /// Adds `batch` in order, as [`GraphBuilder::add_interaction`] would one
    /// by one, after looking all its ids up at once; stops at the first
    /// error, returned with the position in `batch` of its interaction.
    pub(crate) fn add_interaction_batch<I: std::borrow::Borrow<Interaction>>(
        &mut self,
        batch: &[I],
    ) -> std::result::Result<(), (usize, Error)> {
        let refs: Vec<InteractionRef<'_>> = batch.iter().map(|i| InteractionRef::of(i.borrow())).collect();
        self.add_ref_batch(&refs, &mut LookupBuffers::default())
    }

    /// [`GraphBuilder::add_interaction_batch`] on borrowed parts, with the
    /// lookup's buffers kept by the caller from one batch to the next.
    pub(crate) fn add_ref_batch(
        &mut self,
        batch: &[InteractionRef<'_>],
        buffers: &mut LookupBuffers,
    ) -> std::result::Result<(), (usize, Error)> {
        let LookupBuffers { hashes, found } = buffers;
        let ids = Self::ids_of(batch);
        self.users.find_ids(&ids, hashes, found);
        self.add_ref_found_batch(batch, found)
    }

    /// [`GraphBuilder::add_ref_batch`] with the hashes of the batch's ids
    /// (actor, target, actor, …) already made by [`GraphBuilder::id_hasher`].
    pub(crate) fn add_hashed_batch(
        &mut self,
        batch: &[InteractionRef<'_>],
        hashes: &[u64],
        buffers: &mut LookupBuffers,
    ) -> std::result::Result<(), (usize, Error)> {
        let ids = Self::ids_of(batch);
        self.users.find_hashed(&ids, hashes, &mut buffers.found);
        self.add_ref_found_batch(batch, &buffers.found)
    }

    /// What hashes ids for [`GraphBuilder::add_hashed_batch`] (on any thread).
    pub(crate) fn id_hasher(&self) -> IdHasher {
        self.users.hasher()
    }

    /// The ids of `batch`: actor, target, actor, …
    fn ids_of<'a>(batch: &[InteractionRef<'a>]) -> Vec<&'a str> {
        let mut ids = Vec::with_capacity(2 * batch.len());
        for i in batch {
            ids.push(i.actor);
            ids.push(i.target);
        }
        ids
    }

    /// Adds each interaction of `batch`, whose ids' lookups found `found`
    /// ([`FREE`] for one not interned yet), stopping at the first error.
    fn add_ref_found_batch(
        &mut self,
        batch: &[InteractionRef<'_>],
        found: &[u32],
    ) -> std::result::Result<(), (usize, Error)> {
        let mut result = Ok(());
        for (k, i) in batch.iter().enumerate() {
            // An id first seen earlier in this batch was not found; interning
            // it then finds it.
            if let Err(e) = self.add_ref_found(i, [found[2 * k], found[2 * k + 1]]) {
                result = Err((k, e));
                break;
            }
        }
        result
    }

    /// The number of users so far.
    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    /// The limits the builder and the readers feeding it obey.
    pub(crate) fn limits(&self) -> &Limits {
        self.config.get_limits()
    }

    /// Checks `weight` and the limits, then interns both users and holds the
    /// edge record; on an error nothing has changed.
    fn push(&mut self, actor: &str, target: &str, network: Option<&Network>, weight: f64) -> Result<(u32, u32)> {
        self.push_found(actor, target, [FREE; 2], network, weight)
    }

    /// [`GraphBuilder::push`] with the indices a lookup already found
    /// ([`FREE`] for an id to intern).
    fn push_found(
        &mut self,
        actor: &str,
        target: &str,
        found: [u32; 2],
        network: Option<&Network>,
        weight: f64,
    ) -> Result<(u32, u32)> {
        check_weight(weight)?;
        // Interning is injective, so equal ids are exactly a self-interaction.
        if actor != target && weight != 0.0 {
            self.config.get_limits().check_edges(self.held + 1)?;
        }
        let limits = self.config.get_limits();
        if (self.users.len() as u64).saturating_add(2) > limits.get_max_users() {
            // Near the limit: refuse before interning either id, so that a
            // refused interaction leaves no user behind.
            let new = u64::from(self.users.get(actor).is_none())
                + u64::from(actor != target && self.users.get(target).is_none());
            limits.check_users(self.users.len() as u64 + new)?;
        }
        let src = if found[0] != FREE { found[0] } else { self.users.intern_within(actor, limits)? };
        let dst = if found[1] != FREE { found[1] } else { self.users.intern_within(target, limits)? };
        self.push_indices(src, dst, network, weight);
        Ok((src, dst))
    }

    /// Holds the edge record `src → dst`, which the limits allow.
    fn push_indices(&mut self, src: u32, dst: u32, network: Option<&Network>, weight: f64) {
        self.stats.interactions += 1;
        if src == dst {
            self.stats.self_loops_dropped += 1;
            return;
        }
        if weight == 0.0 {
            self.stats.ignored += 1;
            return;
        }
        let network = if self.config.get_layers() { network } else { None };
        let b = self.buffer_for(network);
        // Unweighted: every merged weight is 1, so none is held.
        let weight = if self.config.get_unweighted() { 1.0 } else { weight };
        self.buffers[b].records.push(key(src, dst), weight);
        self.held += 1;
    }

    fn buffer_for(&mut self, network: Option<&Network>) -> usize {
        // Few networks and long runs of the same one: a cached linear search.
        if let Some(buf) = self.buffers.get(self.last_buffer) {
            if buf.network.as_ref() == network {
                return self.last_buffer;
            }
        }
        let found = self.buffers.iter().position(|b| b.network.as_ref() == network);
        let b = found.unwrap_or_else(|| {
            self.buffers.push(Buffer { network: network.cloned(), records: Records::Unit(Vec::new()) });
            self.buffers.len() - 1
        });
        self.last_buffer = b;
        b
    }

    /// Sorts, merges and freezes everything added into an [`InfluenceGraph`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::EmptyGraph`] when no user was added, or when every
    /// interaction was a self-interaction (all dropped) and no user was added
    /// by [`GraphBuilder::add_user`], which would leave users only by accident;
    /// and [`ErrorKind::InvalidWeight`], naming both users, when the merged
    /// weight of an edge (a sum of many interactions) overflows to infinity.
    /// Users added on purpose, or kept by zero weights, make a graph without
    /// edges, which is valid.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{ErrorKind, GraphBuilder};
    ///
    /// let mut b = GraphBuilder::default();
    /// b.add_edge("ann", "ann", 1.0)?;
    /// b.add_edge("bob", "bob", 1.0)?;
    /// let err = b.build().unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::EmptyGraph { .. }));
    /// assert!(err.to_string().starts_with("the graph is empty: it has no edges: each of the 2 interactions"));
    ///
    /// let mut b = GraphBuilder::default();
    /// b.add_edge("ann", "bob", f64::MAX)?;
    /// b.add_edge("ann", "bob", f64::MAX)?;
    /// let err = b.build().unwrap_err();
    /// assert!(err.to_string().contains("interactions of \"ann\" with \"bob\" overflowed"));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn build(self) -> Result<InfluenceGraph> {
        if let Some(e) = empty_graph(self.users.len(), &self.stats, self.explicit_users) {
            return Err(e);
        }
        self.build_part()
    }

    /// [`GraphBuilder::build`] without refusing a graph with no edges (its
    /// users all isolated): one worker's part of a distributed graph, whose
    /// emptiness only the whole can tell. At least one user.
    pub(crate) fn build_part(self) -> Result<InfluenceGraph> {
        let GraphBuilder { config, mut users, mut buffers, mut stats, mut follows, .. } = self;
        let n = users.len();
        let mut renumber = if config.get_canonical_order() {
            users.sort_by_id()
        } else {
            // Compact the ids all the same (sorting does it as it goes).
            users.shrink();
            None
        };
        if config.get_degree_order() {
            // Degrees by the indices the keys hold, then by the current ones.
            let mut degree = vec![0u32; n];
            for buf in &buffers {
                buf.records.for_each_key(|k| {
                    let (src, dst) = (k as u32 as usize, (k >> 32) as usize);
                    degree[src] = degree[src].saturating_add(1);
                    degree[dst] = degree[dst].saturating_add(1);
                });
            }
            if let Some(map) = &renumber {
                let mut current = vec![0u32; n];
                for (old, &new) in map.iter().enumerate() {
                    current[new as usize] = degree[old];
                }
                degree = current;
            }
            let mut order: Vec<u32> = (0..n as u32).collect();
            order.par_sort_unstable_by_key(|&i| (std::cmp::Reverse(degree[i as usize]), i));
            drop(degree);
            let second = users.reorder(&order);
            renumber = Some(match renumber {
                Some(first) => first.iter().map(|&i| second[i as usize]).collect(),
                None => second,
            });
        }
        if let Some(new_index) = renumber {
            let remap =
                |k: u64| (u64::from(new_index[(k >> 32) as usize]) << 32) | u64::from(new_index[k as u32 as usize]);
            for buf in &mut buffers {
                buf.records.remap_keys(remap);
            }
            follows.par_iter_mut().for_each(|k| *k = remap(*k));
        }
        // Deterministic order whatever the input order of networks: the
        // network-less buffer first, then networks by name.
        buffers.sort_by(|a, b| a.network.cmp(&b.network));
        for buf in &mut buffers {
            let before = buf.records.len();
            buf.records.merge(config.get_unweighted()).map_err(|e| overflow(&users, e))?;
            stats.merged += (before - buf.records.len()) as u64;
        }
        let named = buffers.iter().filter(|b| b.network.is_some()).count();
        let single = buffers.len() == 1;
        let mut layers = Vec::with_capacity(named);
        let combined = if single {
            // One buffer: its layer is the combined graph (and the network's
            // layer if it has one), built in the buffer's own memory.
            let buf = buffers.pop().unwrap_or_else(|| unreachable!("one buffer"));
            let combined =
                Arc::new(buf.records.into_layer(n, config.get_f32_weights()).map_err(|e| unrepresentable(&users, e))?);
            if let Some(network) = buf.network {
                layers.push((network, Arc::clone(&combined)));
            }
            combined
        } else {
            // Several networks: the combined graph merges copies of every
            // buffer, then each buffer becomes its network's layer.
            let all = if buffers.iter().all(|b| matches!(b.records, Records::Unit(_))) {
                let mut keys = Vec::with_capacity(buffers.iter().map(|b| b.records.len()).sum());
                for buf in &buffers {
                    if let Records::Unit(k) = &buf.records {
                        keys.extend_from_slice(k);
                    }
                }
                Records::Unit(keys)
            } else {
                let mut records = Vec::with_capacity(buffers.iter().map(|b| b.records.len()).sum());
                for buf in &buffers {
                    match &buf.records {
                        Records::Unit(k) => records.extend(k.iter().map(|&k| [k, ONE_BITS])),
                        Records::Weighted(r) => records.extend_from_slice(r),
                        Records::Counted(k, c) => records.extend(k.iter().zip(c).map(|(&k, c)| [k, c.to_bits()])),
                    }
                }
                Records::Weighted(records)
            };
            let mut all = all;
            all.merge(config.get_unweighted()).map_err(|e| overflow(&users, e))?;
            let combined =
                Arc::new(all.into_layer(n, config.get_f32_weights()).map_err(|e| unrepresentable(&users, e))?);
            for buf in buffers {
                let Some(network) = buf.network else { continue };
                let layer =
                    buf.records.into_layer(n, config.get_f32_weights()).map_err(|e| unrepresentable(&users, e))?;
                layers.push((network, Arc::new(layer)));
            }
            combined
        };
        if let Some(at) = combined.weight_overflow() {
            return Err(sum_overflow(&users, at));
        }
        stats.users = n;
        stats.edges = combined.edge_count();
        stats.dangling = combined.dangling_count();
        stats.layers = layers.len();
        let followers = if follows.is_empty() {
            None
        } else {
            // Distinct followers: a repeated follow of the same user counts once.
            follows.par_sort_unstable();
            follows.dedup();
            let mut counts = vec![0u32; n];
            for k in &follows {
                counts[(k >> 32) as usize] += 1;
            }
            Some(Arc::new(counts))
        };
        Ok(InfluenceGraph::from_parts(Arc::new(users), combined, layers, stats, followers))
    }
}

/// A weight is a finite number, 0 or at least `f64::MIN_POSITIVE`: NaN,
/// infinities, negatives and subnormal numbers are errors.
fn check_weight(w: f64) -> Result<()> {
    if w.is_nan() {
        Err(Error::weight(w, "weights must be numbers, not NaN"))
    } else if w.is_infinite() {
        Err(Error::weight(w, "weights must be finite"))
    } else if w < 0.0 {
        Err(Error::weight(w, "weights must not be negative"))
    } else if w > 0.0 && w < f64::MIN_POSITIVE {
        // A subnormal out-weight would make 1 / out-weight overflow.
        Err(Error::weight(format!("{w:e}"), "weights must be 0 or at least 2.2e-308 (f64::MIN_POSITIVE)"))
    } else {
        Ok(())
    }
}

/// Sorted keys merged at a time on every thread (see [`Records::merge_in`]).
const MERGE_CHUNK: usize = 1 << 16;

/// Where to cut sorted `keys` into chunks of about `chunk` keys, never
/// inside a run of equal keys: 0, the cuts, and the length.
fn run_bounds(keys: &[u64], chunk: usize) -> Vec<usize> {
    let m = keys.len();
    let mut bounds = vec![0];
    let mut at = chunk.max(1);
    while at < m {
        while at < m && keys[at] == keys[at - 1] {
            at += 1;
        }
        if at < m {
            bounds.push(at);
        }
        at += chunk.max(1);
    }
    if m > 0 {
        bounds.push(m);
    }
    bounds
}

/// Sorts `[key, weight bits]` records and merges equal keys by summing their
/// weights.
///
/// The sort orders by key and then by weight (valid weights are finite and
/// non-negative, so their bit patterns sort like their values), which fixes
/// the order in which duplicates are summed: the result depends neither on
/// the number of threads nor on the order of the input lines, and the
/// unstable sort needs no scratch memory.
fn merge_sorted(records: &mut Vec<[u64; 2]>) -> Result<(), (u64, f64)> {
    records.par_sort_unstable();
    let mut out = 0usize;
    for i in 0..records.len() {
        let [k, bits] = records[i];
        if out > 0 && records[out - 1][0] == k {
            let sum = f64::from_bits(records[out - 1][1]) + f64::from_bits(bits);
            records[out - 1][1] = sum.to_bits();
        } else {
            records[out] = [k, bits];
            out += 1;
        }
    }
    records.truncate(out);
    if let Some(&[k, bits]) = records.iter().find(|r| !f64::from_bits(r[1]).is_finite()) {
        return Err((k, f64::from_bits(bits)));
    }
    Ok(())
}

/// How many interactions [`GraphBuilder::add_interactions`] and the readers
/// look up at once: enough misses to overlap, few enough that the ids'
/// table slots, offsets and text stay in the cache between the passes.
pub(crate) const LOOKUP_BATCH: usize = 256;

/// Whether `w` is 0 or rounds to a normal `f32` (so within 2⁻²⁴ of itself).
fn fits_f32(w: f64) -> bool {
    w == 0.0 || (f64::from(f32::MIN_POSITIVE)..=f64::from(f32::MAX)).contains(&w)
}

/// The error for a merged weight that `GraphConfig::f32_weights` cannot store.
fn unrepresentable(users: &Users, (k, w): (u64, f64)) -> Error {
    let name = |i: u64| users.name(i as u32).unwrap_or("?").to_string();
    Error::weight(
        w,
        format!(
            "the weight of the interactions of {:?} with {:?} is beyond what an f32 holds \
             (0, or {:e} to {:e}); build without f32 weights to keep it",
            name(k & u32::MAX as u64),
            name(k >> 32),
            f32::MIN_POSITIVE,
            f32::MAX
        ),
    )
}

/// The error for weights whose sum overflows (see [`Layer::weight_overflow`]).
fn sum_overflow(users: &Users, at: WeightOverflow) -> Error {
    let name = |i: u32| users.name(i).unwrap_or("?").to_string();
    let whose = match at {
        WeightOverflow::Out(u) => format!("the weights of the reactions of {:?}", name(u)),
        WeightOverflow::In(v) => format!("the weights of the reactions into {:?}", name(v)),
        WeightOverflow::Total => String::from("the weights of all edges"),
    };
    Error::weight(
        "inf",
        format!(
            "{whose} add up to more than the largest number (about 1.8e308); divide the weights by a common factor"
        ),
    )
}

fn overflow(users: &Users, (k, w): (u64, f64)) -> Error {
    let name = |i: u64| users.name(i as u32).unwrap_or("?").to_string();
    Error::weight(
        w,
        format!(
            "the summed weight of the interactions of {:?} with {:?} overflowed",
            name(k & u32::MAX as u64),
            name(k >> 32)
        ),
    )
}

// Crate-internal access for the parallel edge-list reader (`io::edgelist`),
// which interns ids itself (by value when they are numbers) and then adds
// edges with `add_edge_by_index`, without marking users as added on purpose.
impl GraphBuilder {
    /// The users interned so far.
    pub(crate) fn users_mut(&mut self) -> &mut Users {
        &mut self.users
    }
}

// Crate-internal access for the distributed reader (`distributed::sharded`),
// which reads a piece of the input into a builder and sends its records on
// to the workers that own their targets, unbuilt.
#[cfg(feature = "distributed")]
impl GraphBuilder {
    /// The users interned so far.
    pub(crate) fn users(&self) -> &Users {
        &self.users
    }

    /// What the builder counted so far: interactions, self-interactions
    /// dropped, interactions ignored for a zero weight.
    pub(crate) fn counted(&self) -> &BuildStats {
        &self.stats
    }

    /// Every edge record held, as `(source, target, weight)` by user index,
    /// unmerged, network by network.
    pub(crate) fn for_each_record(&self, mut f: impl FnMut(u32, u32, f64)) {
        let split = |k: u64| (k as u32, (k >> 32) as u32);
        for buf in &self.buffers {
            match &buf.records {
                Records::Unit(keys) => keys.iter().for_each(|&k| {
                    let (s, d) = split(k);
                    f(s, d, 1.0);
                }),
                Records::Weighted(records) => records.iter().for_each(|&[k, w]| {
                    let (s, d) = split(k);
                    f(s, d, f64::from_bits(w));
                }),
                Records::Counted(keys, counts) => keys.iter().zip(counts).for_each(|(&k, &w)| {
                    let (s, d) = split(k);
                    f(s, d, w);
                }),
            }
        }
    }
}

/// Why a graph of `n` users whose builder counted `stats` is refused as
/// empty, if it is: no users, or only self-interactions (unless users were
/// added on purpose, `explicit_users`).
pub(crate) fn empty_graph(n: usize, stats: &BuildStats, explicit_users: bool) -> Option<Error> {
    if n == 0 {
        return Some(Error::new(ErrorKind::EmptyGraph {
            hint: String::from(": it has no users: no interaction or edge was added"),
        }));
    }
    if !explicit_users && stats.interactions > 0 && stats.self_loops_dropped == stats.interactions {
        let each = match stats.interactions {
            1 => String::from("its only interaction was"),
            k => format!("each of the {k} interactions was"),
        };
        return Some(Error::new(ErrorKind::EmptyGraph {
            hint: format!(
                ": it has no edges: {each} a self-interaction (actor = target), and those are dropped \
                 (are the actor and target columns the same?)"
            ),
        }));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Merged in chunks of a few keys, as on every thread, the keys are
        /// the distinct ones in order, each counted as often as it came
        /// (no counts when unweighted or when no key repeats).
        #[test]
        fn keys_merged_in_chunks_are_counted(
            keys in prop::collection::vec(0u64..30, 0..300),
            unweighted in any::<bool>(),
            chunk in 1usize..9,
        ) {
            let mut counted = std::collections::BTreeMap::new();
            for &k in &keys {
                *counted.entry(k).or_insert(0.0) += 1.0;
            }
            let distinct: Vec<u64> = counted.keys().copied().collect();
            let counts: Vec<f64> = counted.values().copied().collect();
            let repeats = distinct.len() < keys.len();
            for chunk in [chunk, usize::MAX] {
                let mut records = Records::Unit(keys.clone());
                records.merge_in(unweighted, chunk).unwrap();
                match records {
                    Records::Unit(k) => {
                        prop_assert!(unweighted || !repeats);
                        prop_assert_eq!(&k, &distinct);
                    }
                    Records::Counted(k, c) => {
                        prop_assert!(!unweighted && repeats);
                        prop_assert_eq!(&k, &distinct);
                        prop_assert_eq!(&c, &counts);
                    }
                    Records::Weighted(_) => prop_assert!(false, "keys stay keys"),
                }
            }
        }
    }
}
