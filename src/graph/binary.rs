//! The little-endian encoding of the graph file (see
//! [`InfluenceGraph::write_to`](super::InfluenceGraph::write_to)): numbers
//! and arrays of numbers written and read through a CRC-32 that covers
//! every byte, so the reader can tell a corrupt file from a graph.
//!
//! This module must never know what the numbers mean: the graph's files
//! (`file.rs`, `layer.rs`, `users.rs`) say that, and check what they read.

use std::io::{self, Read, Write};

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
}

/// The error for a file that ends early.
fn truncated() -> Error {
    Error::parse("the graph file is truncated (it ends before its checksum)")
}

impl<R: Read> CrcReader<R> {
    pub(crate) fn new(inner: R) -> Self {
        CrcReader { inner, hasher: crc32fast::Hasher::new() }
    }

    /// Fills `buf`.
    pub(crate) fn bytes(&mut self, buf: &mut [u8]) -> Result<()> {
        self.inner.read_exact(buf).map_err(|e| match e.kind() {
            io::ErrorKind::UnexpectedEof => truncated(),
            _ => Error::io(None, e),
        })?;
        self.hasher.update(buf);
        Ok(())
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        let mut b = [0u8; 4];
        self.bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    pub(crate) fn u64(&mut self) -> Result<u64> {
        let mut b = [0u8; 8];
        self.bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    /// A count or length, which must fit in memory's indices and be at
    /// most `most` (what the file's other counts allow), so that a corrupt
    /// count fails here rather than in an allocation.
    pub(crate) fn len(&mut self, what: &str, most: u64) -> Result<usize> {
        let v = self.u64()?;
        if v > most {
            return Err(Error::parse(format!("the graph file's {what} ({v}) is more than it can hold ({most})")));
        }
        usize::try_from(v).map_err(|_| Error::parse(format!("the graph file's {what} ({v}) does not fit this machine")))
    }

    /// Reads `n` values of `N` little-endian bytes each, in blocks.
    pub(crate) fn array<T, const N: usize>(&mut self, n: usize, from: impl Fn([u8; N]) -> T) -> Result<Vec<T>> {
        let mut out = Vec::with_capacity(n.min(BLOCK * 64));
        let mut block = vec![0u8; N * BLOCK.min(n)];
        let mut left = n;
        while left > 0 {
            let k = left.min(BLOCK);
            let bytes = &mut block[..N * k];
            self.bytes(bytes)?;
            out.extend(bytes.chunks_exact(N).map(|c| from(c.try_into().unwrap_or([0; N]))));
            left -= k;
        }
        Ok(out)
    }

    /// Reads the stored checksum and compares it with the bytes read; then
    /// checks that nothing follows.
    pub(crate) fn finish(mut self) -> Result<()> {
        let expected = self.hasher.clone().finalize();
        let mut b = [0u8; 4];
        self.inner.read_exact(&mut b).map_err(|e| match e.kind() {
            io::ErrorKind::UnexpectedEof => truncated(),
            _ => Error::io(None, e),
        })?;
        let stored = u32::from_le_bytes(b);
        if stored != expected {
            return Err(Error::parse(format!(
                "the graph file is corrupt: its checksum is {stored:08x}, its content's {expected:08x}"
            )));
        }
        let mut rest = [0u8; 1];
        match self.inner.read(&mut rest) {
            Ok(0) => Ok(()),
            Ok(_) => Err(Error::parse("the graph file has bytes after its checksum")),
            Err(e) => Err(Error::io(None, e)),
        }
    }
}
