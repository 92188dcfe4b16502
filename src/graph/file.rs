//! The graph file: a built [`InfluenceGraph`] written as it is in memory,
//! so that benchmarking many variants on one graph pays the parse and the
//! build once (`influence convert`).
//!
//! # Format (version 2)
//!
//! Little-endian throughout; counts and offsets are `u64`.
//!
//! | part | contents |
//! |---|---|
//! | magic | the 8 bytes `IFGRAPH\0` |
//! | version | `u32`, 1 |
//! | flags | `u32`: bit 0 set when follower counts follow |
//! | users | count `n`; the length of the ids' text; the text (UTF-8, back to back, in index order); `n` end offsets into it |
//! | combined layer | edge count `m`; weight storage `u32` (0: every weight 1, 1: `f32`, 2: `f64`); `n + 1` offsets; `m` sources (`u32`); `m` weights unless storage 0; `n` out-weights (`f64`, each user's as summed by the build) |
//! | networks | `u32` count; per network its name (`u32` length, UTF-8) and a `u32` that is 1 when its layer is the combined one (one network only), else 0 followed by its layer as above |
//! | followers | `n` counts (`u32`), when flag bit 0 is set |
//! | stats | the [`BuildStats`] counts: users, edges, interactions, merged, self-loops dropped, ignored, dangling, layers (`u64` each) |
//! | checksum | CRC-32 (IEEE, as gzip's) of every byte before it, `u32` |
//!
//! Nothing else follows. Reading checks the magic, the version, every
//! invariant a build establishes (offsets, sources in range and
//! increasing, weights finite and positive, out-weights finite and
//! positive exactly for the users with out-edges, ids distinct UTF-8) and
//! the checksum, so a truncated or corrupt file is an error, never a wrong
//! graph. The arrays are read straight into memory and checked on every
//! core while the ids' lookup table is built; the out-weights are read as
//! the build summed them, so rankings of a graph read back are
//! bit-identical to those of the graph written. Version 1 (no
//! out-weights) is not read: convert the input again.

use std::io::{Read, Write};
use std::sync::Arc;

use super::binary::{CrcReader, CrcWriter, Input};
use super::{BuildStats, InfluenceGraph, Layer, Users};
use crate::error::{Error, Result};
use crate::interaction::Network;

/// The first bytes of every graph file.
pub const GRAPH_FILE_MAGIC: [u8; 8] = *b"IFGRAPH\0";

/// The version this build writes and reads.
const VERSION: u32 = 2;

/// The most users a file may hold (as many as a graph may).
const MOST_USERS: u64 = u32::MAX as u64 - 1;

impl InfluenceGraph {
    /// Writes the graph to `writer` in the graph file format (see the
    /// table above, in `graph/file.rs`): ids, layers, follower counts and
    /// build statistics, with a CRC-32 at the end.
    /// [`InfluenceGraph::read_from`] reads it back.
    ///
    /// # Errors
    ///
    /// An I/O error from `writer`.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{GraphBuilder, InfluenceGraph, PageRank};
    ///
    /// let mut b = GraphBuilder::default();
    /// for (a, t) in [("ann", "bob"), ("cy", "bob"), ("bob", "ann")] {
    ///     b.add_edge(a, t, 1.5)?;
    /// }
    /// let graph = b.build()?;
    /// let mut file = Vec::new();
    /// graph.write_to(&mut file)?;
    /// let again = InfluenceGraph::read_from(file.as_slice())?;
    /// assert_eq!(PageRank::default().run(&again)?.scores(), PageRank::default().run(&graph)?.scores());
    /// // One changed byte, and the checksum says so.
    /// file[20] ^= 1;
    /// assert!(InfluenceGraph::read_from(file.as_slice()).is_err());
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn write_to<W: Write>(&self, writer: W) -> Result<()> {
        let mut w = CrcWriter::new(std::io::BufWriter::with_capacity(1 << 20, writer));
        w.bytes(&GRAPH_FILE_MAGIC)?;
        w.u32(VERSION)?;
        w.u32(u32::from(self.followers.is_some()))?;
        self.users.write_binary(&mut w)?;
        self.combined.write_binary(&mut w)?;
        w.u32(self.layers.len() as u32)?;
        for (network, layer) in &self.layers {
            let name = network.name().as_bytes();
            w.u32(name.len() as u32)?;
            w.bytes(name)?;
            if Arc::ptr_eq(layer, &self.combined) {
                w.u32(1)?;
            } else {
                w.u32(0)?;
                layer.write_binary(&mut w)?;
            }
        }
        if let Some(f) = &self.followers {
            w.array(f, u32::to_le_bytes)?;
        }
        let s = &self.stats;
        for v in [
            s.users as u64,
            s.edges as u64,
            s.interactions,
            s.merged,
            s.self_loops_dropped,
            s.ignored,
            s.dangling as u64,
            s.layers as u64,
        ] {
            w.u64(v)?;
        }
        w.finish()
    }

    /// Reads a graph written by [`InfluenceGraph::write_to`].
    ///
    /// When the input's length is known (a file's), prefer
    /// [`InfluenceGraph::read_from_len`] or [`InfluenceGraph::read_file`]:
    /// without it, each array grows as it is read (so that a corrupt count
    /// fails at the input's end instead of in an allocation), which copies
    /// it more than once.
    ///
    /// # Errors
    ///
    /// Input that does not start with [`GRAPH_FILE_MAGIC`], another
    /// version, a file that ends early, a checksum that does not match,
    /// content that breaks a graph's invariants, and I/O errors.
    pub fn read_from<R: Read>(reader: R) -> Result<InfluenceGraph> {
        read(CrcReader::new(std::io::BufReader::with_capacity(1 << 16, reader), None))
    }

    /// Reads a graph written by [`InfluenceGraph::write_to`] from input of
    /// `len` bytes: each array is allocated once, after checking that it
    /// fits in what is left, and read straight into it.
    ///
    /// # Errors
    ///
    /// As [`InfluenceGraph::read_from`]; a file shorter than `len` is
    /// truncated, a longer one has bytes after its checksum.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{GraphBuilder, InfluenceGraph};
    ///
    /// let mut b = GraphBuilder::default();
    /// b.add_edge("ann", "bob", 2.0)?;
    /// let graph = b.build()?;
    /// let mut file = Vec::new();
    /// graph.write_to(&mut file)?;
    /// let again = InfluenceGraph::read_from_len(file.as_slice(), file.len() as u64)?;
    /// assert_eq!(again.user_index("bob"), graph.user_index("bob"));
    /// // A length that promises more than the file holds is an error.
    /// assert!(InfluenceGraph::read_from_len(&file[..file.len() - 9], file.len() as u64).is_err());
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn read_from_len<R: Read>(reader: R, len: u64) -> Result<InfluenceGraph> {
        read(CrcReader::new(std::io::BufReader::with_capacity(1 << 16, reader), Some(len)))
    }

    /// Reads the graph file at `path`, its arrays on every thread (see
    /// [`InfluenceGraph::read_file_with_progress`]).
    ///
    /// # Errors
    ///
    /// As [`InfluenceGraph::read_from`], and a file that cannot be opened.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{GraphBuilder, InfluenceGraph, PageRank};
    ///
    /// let mut b = GraphBuilder::default();
    /// for (a, t) in [("ann", "bob"), ("cy", "bob"), ("bob", "ann")] {
    ///     b.add_edge(a, t, 1.5)?;
    /// }
    /// let graph = b.build()?;
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("g.ifg");
    /// graph.write_to(std::fs::File::create(&path)?)?;
    /// let again = InfluenceGraph::read_file(&path)?;
    /// assert_eq!(PageRank::default().run(&again)?.scores(), PageRank::default().run(&graph)?.scores());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_file(path: impl AsRef<std::path::Path>) -> Result<InfluenceGraph> {
        InfluenceGraph::read_file_with_progress(path, |_| {})
    }

    /// Reads the graph file at `path`, telling `progress` the bytes each
    /// read adds (from any thread). On Unix the arrays are read by
    /// position in chunks on every thread, each chunk hashed as it
    /// arrives, and each array is allocated once after checking that it
    /// fits in the file; elsewhere the file is read as by
    /// [`InfluenceGraph::read_from_len`].
    ///
    /// # Errors
    ///
    /// As [`InfluenceGraph::read_from`], and a file that cannot be opened.
    pub fn read_file_with_progress(
        path: impl AsRef<std::path::Path>,
        progress: impl Fn(u64) + Sync,
    ) -> Result<InfluenceGraph> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(Some(path), e))?;
        let len = file.metadata().map_err(|e| Error::io(Some(path), e))?.len();
        #[cfg(unix)]
        let graph = read(super::binary::FileInput::new(&file, len, &progress));
        #[cfg(not(unix))]
        let graph = {
            let counted = CountedRead { inner: file, progress: &progress };
            read(CrcReader::new(std::io::BufReader::with_capacity(1 << 16, counted), Some(len)))
        };
        graph
    }
}

/// Tells `progress` the bytes each read adds.
#[cfg(not(unix))]
struct CountedRead<'a, R> {
    inner: R,
    progress: &'a (dyn Fn(u64) + Sync),
}

#[cfg(not(unix))]
impl<R: Read> Read for CountedRead<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let k = self.inner.read(buf)?;
        (self.progress)(k as u64);
        Ok(k)
    }
}

/// Reads a graph file from `r`.
fn read(mut r: impl Input) -> Result<InfluenceGraph> {
    let mut magic = [0u8; 8];
    r.bytes(&mut magic).map_err(|_| not_a_graph())?;
    if magic != GRAPH_FILE_MAGIC {
        return Err(not_a_graph());
    }
    let version = r.u32()?;
    if version != VERSION {
        return Err(Error::parse(format!(
            "the graph file is of version {version}; this build reads version {VERSION} (convert the input again)"
        )));
    }
    let flags = r.u32()?;
    if flags > 1 {
        return Err(Error::parse(format!("the graph file is invalid: unknown flags {flags:#x}")));
    }
    let mut users = Users::read_binary(&mut r, MOST_USERS)?;
    let n = users.len();
    // The ids' table is built (one thread, a cache miss per id) while the
    // rest is read and checked.
    let mut indexed = Ok(());
    let rest = rayon::in_place_scope(|s| {
        s.spawn(|_| indexed = users.index_distinct());
        read_layers(&mut r, n, flags)
    });
    indexed?;
    let (combined, layers, followers) = rest?;
    let mut counts = [0u64; 8];
    for c in &mut counts {
        *c = r.u64()?;
    }
    r.finish()?;
    let [users_count, edges, interactions, merged, self_loops_dropped, ignored, dangling, layer_count] = counts;
    if users_count != n as u64 || edges != combined.edge_count() as u64 || layer_count != layers.len() as u64 {
        return Err(Error::parse("the graph file is invalid: its statistics do not match its graph"));
    }
    let stats = BuildStats {
        users: n,
        edges: combined.edge_count(),
        interactions,
        merged,
        self_loops_dropped,
        ignored,
        dangling: dangling as usize,
        layers: layers.len(),
        memory_bytes: 0,
    };
    Ok(InfluenceGraph::from_parts(Arc::new(users), combined, layers, stats, followers))
}

/// The layers and follower counts of a graph file over `n` users.
type LayersRead = (Arc<Layer>, Vec<(Network, Arc<Layer>)>, Option<Arc<Vec<u32>>>);

/// Reads the combined layer, the networks' layers and the follower counts.
fn read_layers(r: &mut impl Input, n: usize, flags: u32) -> Result<LayersRead> {
    let combined = Arc::new(Layer::read_binary(r, n, u64::MAX >> 4)?);
    let count = r.u32()?;
    let mut layers = Vec::with_capacity(count.min(64) as usize);
    for _ in 0..count {
        let len = r.u32()?;
        if len > 1 << 16 {
            return Err(Error::parse("the graph file is invalid: a network's name is too long"));
        }
        let name: Vec<u8> = r.numbers(len as usize)?;
        let name = String::from_utf8(name)
            .map_err(|_| Error::parse("the graph file is invalid: a network's name is not UTF-8"))?;
        let network: Network = name.parse()?;
        let layer = match r.u32()? {
            1 => Arc::clone(&combined),
            0 => Arc::new(Layer::read_binary(r, n, u64::MAX >> 4)?),
            k => return Err(Error::parse(format!("the graph file is invalid: layer marker {k}"))),
        };
        layers.push((network, layer));
    }
    if layers.windows(2).any(|w| w[0].0 >= w[1].0) {
        return Err(Error::parse("the graph file is invalid: networks out of order or repeated"));
    }
    let followers = if flags & 1 == 1 { Some(Arc::new(r.numbers(n)?)) } else { None };
    Ok((combined, layers, followers))
}

/// Whether `head`, the first bytes of an input, start a graph file.
pub fn is_graph_file(head: &[u8]) -> bool {
    head.starts_with(&GRAPH_FILE_MAGIC)
}

fn not_a_graph() -> Error {
    Error::parse("not a graph file (it does not start with the magic bytes IFGRAPH; `influence convert` writes one)")
}
