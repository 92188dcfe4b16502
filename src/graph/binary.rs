//! The little-endian encoding of the graph file (see
//! [`InfluenceGraph::write_to`](super::InfluenceGraph::write_to)): numbers
//! and arrays of numbers written and read through a CRC-32 that covers
//! every byte, so the reader can tell a corrupt file from a graph.
//!
//! This module must never know what the numbers mean: the graph's files
//! (`file.rs`, `layer.rs`, `users.rs`) say that, and check what they read.

use std::io::{self, Read, Write};

use rayon::prelude::*;

use crate::error::{Error, Result};

/// Writes through to `inner`, hashing every byte.
pub(crate) struct CrcWriter<W: Write> {
    inner: W,
    hasher: crc32fast::Hasher,
}

impl<W: Write> CrcWriter<W> {
    pub(crate) fn new(inner: W) -> Self {
        CrcWriter { inner, hasher: crc32fast::Hasher::new() }
    }

    /// Writes `bytes`.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.hasher.update(bytes);
        self.inner.write_all(bytes).map_err(|e| Error::io(None, e))
    }

    pub(crate) fn u32(&mut self, v: u32) -> Result<()> {
        self.bytes(&v.to_le_bytes())
    }

    pub(crate) fn u64(&mut self, v: u64) -> Result<()> {
        self.bytes(&v.to_le_bytes())
    }

    /// Writes `values`, each as `N` little-endian bytes, in blocks.
    pub(crate) fn array<T: Copy, const N: usize>(&mut self, values: &[T], le: impl Fn(T) -> [u8; N]) -> Result<()> {
        let mut block = Vec::with_capacity(N * BLOCK.min(values.len()));
        for chunk in values.chunks(BLOCK) {
            block.clear();
            for &v in chunk {
                block.extend_from_slice(&le(v));
            }
            self.bytes(&block)?;
        }
        Ok(())
    }

    /// Writes the checksum of everything written so far, then flushes.
    pub(crate) fn finish(mut self) -> Result<()> {
        let crc = self.hasher.clone().finalize();
        self.inner.write_all(&crc.to_le_bytes()).map_err(|e| Error::io(None, e))?;
        self.inner.flush().map_err(|e| Error::io(None, e))
    }
}

/// Values per block when arrays are encoded or decoded.
const BLOCK: usize = 1 << 16;

/// Reads from `inner`, hashing every byte.
pub(crate) struct CrcReader<R: Read> {
    inner: R,
    hasher: crc32fast::Hasher,
    /// The bytes left before the checksum, when the input's length is
    /// known: an array that would not fit is then refused before it is
    /// allocated, and one that fits is allocated once, in full.
    left: Option<u64>,
}

/// A number stored little-endian in the graph file, read straight into
/// memory and put in this machine's order.
pub(crate) trait Le: bytemuck::Pod {
    /// The number whose little-endian bytes `self` holds.
    fn le_to_native(self) -> Self;
}

impl Le for u8 {
    fn le_to_native(self) -> Self {
        self
    }
}

impl Le for u32 {
    fn le_to_native(self) -> Self {
        u32::from_le(self)
    }
}

impl Le for u64 {
    fn le_to_native(self) -> Self {
        u64::from_le(self)
    }
}

impl Le for f32 {
    fn le_to_native(self) -> Self {
        f32::from_bits(u32::from_le(self.to_bits()))
    }
}

impl Le for f64 {
    fn le_to_native(self) -> Self {
        f64::from_bits(u64::from_le(self.to_bits()))
    }
}

/// Bytes read into an array at a time (so that the checksum is taken
/// while they are in the cache).
const CHUNK_BYTES: usize = 1 << 20;

/// How many numbers of type `T` each chunk of an array holds: every
/// reader splits arrays at multiples of it.
pub(crate) fn chunk_len<T>() -> usize {
    (CHUNK_BYTES / std::mem::size_of::<T>()).max(1)
}

/// The error for a file that ends early.
fn truncated() -> Error {
    Error::parse("the graph file is truncated (it ends before its checksum)")
}

/// What the graph's parts read a graph file through: numbers and arrays
/// of numbers, every byte hashed, the input's end checked.
pub(crate) trait Input {
    /// Fills `buf`.
    fn bytes(&mut self, buf: &mut [u8]) -> Result<()>;

    /// Reads `n` numbers stored little-endian, straight into the array's
    /// memory.
    fn numbers<T: Le + Send + Sync>(&mut self, n: usize) -> Result<Vec<T>> {
        self.numbers_fold(n, &NoFold).map(|(v, ())| v)
    }

    /// Reads `n` numbers as [`Input::numbers`] does, folding each chunk
    /// into `fold` as soon as it is read, while it is in the cache.
    fn numbers_fold<T: Le + Send + Sync, F: ChunkFold<T>>(&mut self, n: usize, fold: &F) -> Result<(Vec<T>, F::Acc)>;

    /// Reads the stored checksum and compares it with the bytes read; then
    /// checks that nothing follows.
    fn finish(self) -> Result<()>;

    fn u32(&mut self) -> Result<u32> {
        let mut b = [0u8; 4];
        self.bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn u64(&mut self) -> Result<u64> {
        let mut b = [0u8; 8];
        self.bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    /// A count or length, which must fit in memory's indices and be at
    /// most `most` (what the file's other counts allow), so that a corrupt
    /// count fails here rather than in an allocation.
    fn len(&mut self, what: &str, most: u64) -> Result<usize> {
        let v = self.u64()?;
        if v > most {
            return Err(Error::parse(format!("the graph file's {what} ({v}) is more than it can hold ({most})")));
        }
        usize::try_from(v).map_err(|_| Error::parse(format!("the graph file's {what} ({v}) does not fit this machine")))
    }
}

/// What is computed over an array's chunks as they are read: one
/// accumulator per thread, merged at the end.
pub(crate) trait ChunkFold<T>: Sync {
    /// What each thread accumulates.
    type Acc: Send;
    /// An empty accumulator.
    fn init(&self) -> Self::Acc;
    /// Takes in `values`, the array's numbers from index `first`.
    fn chunk(&self, acc: &mut Self::Acc, first: usize, values: &[T]);
    /// Two accumulators as one.
    #[cfg_attr(not(unix), allow(dead_code))]
    fn merge(&self, a: Self::Acc, b: Self::Acc) -> Self::Acc;
}

/// Computes nothing.
struct NoFold;

impl<T> ChunkFold<T> for NoFold {
    type Acc = ();
    fn init(&self) {}
    fn chunk(&self, (): &mut (), _: usize, _: &[T]) {}
    fn merge(&self, (): (), (): ()) {}
}

/// Puts numbers read as little-endian bytes in this machine's order.
fn from_le<T: Le>(values: &mut [T]) {
    if cfg!(target_endian = "big") {
        for v in values {
            *v = v.le_to_native();
        }
    }
}

/// The error for a failed read: the file ended early, or I/O.
fn read_error(e: io::Error) -> Error {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => truncated(),
        _ => Error::io(None, e),
    }
}

/// The error for a file that goes on after its checksum.
fn bytes_after() -> Error {
    Error::parse("the graph file has bytes after its checksum")
}

/// The error for a stored checksum that is not the content's.
fn corrupt(stored: u32, content: u32) -> Error {
    Error::parse(format!("the graph file is corrupt: its checksum is {stored:08x}, its content's {content:08x}"))
}

impl<R: Read> CrcReader<R> {
    /// A reader of `inner`, whose length is `len` bytes when known.
    pub(crate) fn new(inner: R, len: Option<u64>) -> Self {
        CrcReader { inner, hasher: crc32fast::Hasher::new(), left: len.map(|len| len.saturating_sub(4)) }
    }
}

impl<R: Read> Input for CrcReader<R> {
    fn bytes(&mut self, buf: &mut [u8]) -> Result<()> {
        if let Some(left) = &mut self.left {
            *left = left.checked_sub(buf.len() as u64).ok_or_else(truncated)?;
        }
        self.inner.read_exact(buf).map_err(read_error)?;
        self.hasher.update(buf);
        Ok(())
    }

    /// When the input's length is known, the array is allocated once after
    /// checking that it fits in what is left; otherwise it grows as it is
    /// read, so that a corrupt count fails at the input's end instead of in
    /// an allocation.
    fn numbers_fold<T: Le + Send + Sync, F: ChunkFold<T>>(&mut self, n: usize, fold: &F) -> Result<(Vec<T>, F::Acc)> {
        let size = std::mem::size_of::<T>();
        let per_chunk = chunk_len::<T>();
        let mut acc = fold.init();
        let mut out: Vec<T> = match self.left {
            Some(left) if n as u128 * size as u128 > u128::from(left) => return Err(truncated()),
            Some(_) => bytemuck::zeroed_vec(n),
            None => Vec::new(),
        };
        let mut start = 0;
        while start < n {
            let end = n.min(start + per_chunk);
            if out.len() < end {
                out.resize(end, T::zeroed());
            }
            let chunk = &mut out[start..end];
            self.bytes(bytemuck::cast_slice_mut(chunk))?;
            from_le(chunk);
            fold.chunk(&mut acc, start, chunk);
            start = end;
        }
        Ok((out, acc))
    }

    fn finish(mut self) -> Result<()> {
        let expected = self.hasher.clone().finalize();
        let mut b = [0u8; 4];
        self.inner.read_exact(&mut b).map_err(read_error)?;
        let stored = u32::from_le_bytes(b);
        if stored != expected {
            return Err(corrupt(stored, expected));
        }
        let mut rest = [0u8; 1];
        match self.inner.read(&mut rest) {
            Ok(0) => Ok(()),
            Ok(_) => Err(bytes_after()),
            Err(e) => Err(Error::io(None, e)),
        }
    }
}

/// Reads a file by position: arrays in chunks read and hashed on every
/// thread (the page faults of a fresh array and the copy from the page
/// cache are most of a graph file's reading), the chunks' checksums
/// combined in order.
#[cfg(unix)]
pub(crate) struct FileInput<'a> {
    file: &'a std::fs::File,
    /// Where the next read starts.
    at: u64,
    /// Where the checksum starts (the file's length less 4).
    end: u64,
    hasher: crc32fast::Hasher,
    /// Told the bytes each read adds, from any thread.
    progress: &'a (dyn Fn(u64) + Sync),
}

#[cfg(unix)]
impl<'a> FileInput<'a> {
    /// Reads `file`, of `len` bytes, telling `progress` the bytes read.
    pub(crate) fn new(file: &'a std::fs::File, len: u64, progress: &'a (dyn Fn(u64) + Sync)) -> Self {
        FileInput { file, at: 0, end: len.saturating_sub(4), hasher: crc32fast::Hasher::new(), progress }
    }

    /// Fills `buf` from `at`, which the caller checked lies before `end`.
    fn read_at(&self, buf: &mut [u8], at: u64) -> Result<()> {
        use std::os::unix::fs::FileExt;
        self.file.read_exact_at(buf, at).map_err(read_error)?;
        (self.progress)(buf.len() as u64);
        Ok(())
    }

    /// Moves past `len` bytes, or says the file is truncated.
    fn advance(&mut self, len: u64) -> Result<u64> {
        let at = self.at;
        self.at = at.checked_add(len).filter(|&to| to <= self.end).ok_or_else(truncated)?;
        Ok(at)
    }
}

#[cfg(unix)]
impl Input for FileInput<'_> {
    fn bytes(&mut self, buf: &mut [u8]) -> Result<()> {
        let at = self.advance(buf.len() as u64)?;
        self.read_at(buf, at)?;
        self.hasher.update(buf);
        Ok(())
    }

    /// Checks that the array fits in what is left before allocating it.
    fn numbers_fold<T: Le + Send + Sync, F: ChunkFold<T>>(&mut self, n: usize, fold: &F) -> Result<(Vec<T>, F::Acc)> {
        let size = std::mem::size_of::<T>();
        let at = self.advance((n as u64).checked_mul(size as u64).ok_or_else(truncated)?)?;
        let per_chunk = chunk_len::<T>();
        let mut out: Vec<T> = bytemuck::zeroed_vec(n);
        let this = &*self;
        let (acc, mut hashers) = out
            .par_chunks_mut(per_chunk)
            .enumerate()
            .try_fold(
                || (fold.init(), Vec::new()),
                |(mut acc, mut hashers), (k, chunk)| {
                    let bytes: &mut [u8] = bytemuck::cast_slice_mut(chunk);
                    this.read_at(bytes, at + (k * per_chunk * size) as u64)?;
                    let mut h = crc32fast::Hasher::new();
                    h.update(bytes);
                    hashers.push((k, h));
                    from_le(chunk);
                    fold.chunk(&mut acc, k * per_chunk, chunk);
                    Ok::<_, Error>((acc, hashers))
                },
            )
            .try_reduce(
                || (fold.init(), Vec::new()),
                |(a, mut ha), (b, hb)| {
                    ha.extend(hb);
                    Ok((fold.merge(a, b), ha))
                },
            )?;
        hashers.sort_unstable_by_key(|&(k, _)| k);
        for (_, h) in &hashers {
            self.hasher.combine(h);
        }
        Ok((out, acc))
    }

    fn finish(self) -> Result<()> {
        if self.at != self.end {
            return Err(bytes_after());
        }
        let mut b = [0u8; 4];
        self.read_at(&mut b, self.end)?;
        let (stored, expected) = (u32::from_le_bytes(b), self.hasher.finalize());
        if stored != expected {
            return Err(corrupt(stored, expected));
        }
        Ok(())
    }
}
