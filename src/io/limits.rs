//! `Limits`: caps on how much one input may hold, so that a hostile or
//! broken file fails with a clear error instead of exhausting memory.
//!
//! The builder checks users and edges as they grow; the readers in
//! [`io`](crate::io) check the length of every line before they hold it
//! whole. This module only says what the caps are and how an exceeded one is
//! reported; it must never decide what a record means.

use crate::error::{Counted, Error, ErrorKind, Result};

/// Caps on the size of an input: the longest line, the most users and the
/// most edges. Exceeding one is an [`ErrorKind::TooLarge`] error naming what
/// was exceeded and the limit (`too many users: more than 1000`), with the
/// file and line where the input crossed it when it comes from a reader, so
/// that a hostile file cannot exhaust memory silently.
///
/// Set them on a graph with [`GraphConfig::limits`](crate::GraphConfig::limits)
/// (the builder and every `load_*` reader feeding it obey them), or pass them
/// to a [`Reader`](crate::io::Reader), which obeys them for every record it
/// reads ([`Reader::limits`](crate::io::Reader::limits)).
///
/// | limit | default | checked by |
/// |---|---|---|
/// | [`max_line_bytes`](Limits::max_line_bytes) | 64 KiB | every reader, before it holds a line whole |
/// | [`max_users`](Limits::max_users) | 4,294,967,294 (all `u32` indices) | the builder and the readers that return records |
/// | [`max_edges`](Limits::max_edges) | none (`u64::MAX`) | the builder and the readers of interactions |
///
/// # Example
///
/// ```
/// use influence::{io, ErrorKind, GraphBuilder, GraphConfig, Limits};
///
/// let config = GraphConfig::default().limits(Limits::default().max_users(2));
/// let mut builder = GraphBuilder::new(config)?;
/// let err = io::load_edge_list("ann bob\nbob cy\n".as_bytes(), None, &mut builder).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::TooLarge { what: influence::Counted::Users, limit: 2 }));
/// assert_eq!(err.position().map(|p| p.line()), Some(2));
/// assert_eq!(err.to_string(), "<input>:2: too many users: more than 2");
///
/// // Records read without a graph obey them too.
/// let limits = Limits::default().max_line_bytes(10);
/// let err = io::Reader::default()
///     .limits(limits)
///     .collect("ann bob\nann a-very-long-id\n".as_bytes(), None)
///     .unwrap_err();
/// assert_eq!(err.to_string(), "<input>:2: too many bytes in one line: more than 10");
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct Limits {
    max_line_bytes: u64,
    max_users: u64,
    max_edges: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line_bytes: Limits::DEFAULT_MAX_LINE_BYTES,
            max_users: Limits::DEFAULT_MAX_USERS,
            max_edges: Limits::DEFAULT_MAX_EDGES,
        }
    }
}

impl Limits {
    /// The default longest line, 64 KiB: no legitimate edge-list, CSV or
    /// JSON-lines record is anywhere near that long (a record is two ids and
    /// a few short fields), while a file without line breaks, or a CSV quote
    /// left open, would otherwise be read into memory whole.
    pub const DEFAULT_MAX_LINE_BYTES: u64 = 64 << 10;
    /// The default most users, 4,294,967,294: every index a `u32` can give
    /// (the last value is reserved). Raising [`Limits::max_users`] above it
    /// changes nothing.
    pub const DEFAULT_MAX_USERS: u64 = u32::MAX as u64 - 1;
    /// The default most edges: no limit beyond memory.
    pub const DEFAULT_MAX_EDGES: u64 = u64::MAX;

    /// The longest line accepted, in bytes, not counting its line break
    /// (default [`Limits::DEFAULT_MAX_LINE_BYTES`]).
    ///
    /// Every reader checks it before it holds a line whole, so a 1 GB line
    /// costs no more memory than this. A CSV record, which spans lines only
    /// where a quoted cell holds line breaks, is held to it as a whole (those
    /// line breaks count), and so is an element of a JSON scores array. An id
    /// of 1 MB is therefore refused by the default limit (at its line) and
    /// accepted when the limit is raised above its line's length.
    pub fn max_line_bytes(mut self, bytes: u64) -> Self {
        self.max_line_bytes = bytes;
        self
    }

    /// The most distinct users (default [`Limits::DEFAULT_MAX_USERS`]).
    ///
    /// The builder refuses the first user beyond it (from
    /// [`GraphBuilder::add_user`](crate::GraphBuilder::add_user), an edge or
    /// an interaction); the readers that return interactions count distinct
    /// actors and targets; the readers of user lists, personalization vectors
    /// and scores count entries, since each names one user and they keep
    /// them all; the facts reader counts distinct users.
    pub fn max_users(mut self, users: u64) -> Self {
        self.max_users = users;
        self
    }

    /// The most edge records (default [`Limits::DEFAULT_MAX_EDGES`]: none).
    ///
    /// The builder holds every interaction that adds weight to an edge until
    /// [`build`](crate::GraphBuilder::build) merges them (16 bytes each), so
    /// it counts those: repeats of one pair count each time, while
    /// self-interactions and zero weights, which it does not hold, do not.
    /// Follow interactions, also kept for the follower counts, count against
    /// the same limit on their own. The readers that return interactions count
    /// records. Either way the limit bounds memory and, since merging only
    /// shrinks, the edges of the graph.
    pub fn max_edges(mut self, edges: u64) -> Self {
        self.max_edges = edges;
        self
    }

    /// The longest line accepted, in bytes.
    pub fn get_max_line_bytes(&self) -> u64 {
        self.max_line_bytes
    }

    /// The most distinct users.
    pub fn get_max_users(&self) -> u64 {
        self.max_users
    }

    /// The most edge records.
    pub fn get_max_edges(&self) -> u64 {
        self.max_edges
    }

    /// Checks that `count` users, the count after adding one, are allowed.
    #[inline]
    pub(crate) fn check_users(&self, count: u64) -> Result<()> {
        if count > self.max_users { Err(too_large(Counted::Users, self.max_users)) } else { Ok(()) }
    }

    /// Checks that `count` edge records, the count after adding one, are allowed.
    #[inline]
    pub(crate) fn check_edges(&self, count: u64) -> Result<()> {
        if count > self.max_edges { Err(too_large(Counted::Edges, self.max_edges)) } else { Ok(()) }
    }
}

/// The error for more than `limit` of `what`.
pub(crate) fn too_large(what: Counted, limit: u64) -> Error {
    Error::new(ErrorKind::TooLarge { what, limit })
}
