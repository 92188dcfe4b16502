//! `BlockReader`: a text input cut into blocks of whole lines, for readers
//! that parse blocks in parallel and then use them in order.
//!
//! A block ends just after a line break (the rest of a partly read line is
//! carried over to the next block), except the last block of the input and a
//! block that is a single line already longer than the line limit, cut there
//! so that such a line is never held whole. Batches start with one small
//! block and each reads about twice as much as the one before (more blocks,
//! then bigger ones, up to a maximum), so a small input costs little and
//! what is read ahead of the line in use stays within a few times what was
//! used: a hostile input is refused after little reading. Like [`LineReader`](super::lines::LineReader) it
//! must never read the whole input into memory and never interprets what a
//! line says; it does not even number lines (the parser of a block does).

use std::io::{self, Read};

/// Sizes of the blocks and of a batch of blocks parsed together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BlockConfig {
    /// Bytes to read for the first block (and the first batch).
    pub(crate) first_bytes: usize,
    /// Bytes to read for a block at most, unless one line is longer.
    pub(crate) max_bytes: usize,
    /// Blocks parsed in parallel at a time, at most (batches grow from 1).
    pub(crate) batch: usize,
}

impl Default for BlockConfig {
    /// 16 KiB growing to 4 MiB, and as many blocks per batch as threads (2
    /// to 8). Parsing a batch overlaps using the previous one, so about two
    /// batches are held at a time: at most 64 MiB of text and as much again
    /// of parsed records.
    fn default() -> Self {
        BlockConfig { first_bytes: 16 << 10, max_bytes: 4 << 20, batch: rayon::current_num_threads().clamp(2, 8) }
    }
}

/// Whole lines of an input, and what ended it early.
#[derive(Debug)]
pub(crate) struct Block {
    /// The bytes: whole lines, each ending with `\n` except perhaps the last
    /// line of the input or a line cut at the limit.
    pub(crate) bytes: Vec<u8>,
    /// Whether the block starts the input (so its first line may start with
    /// a byte-order mark).
    pub(crate) first: bool,
    /// The I/O error that stopped reading after these bytes (the bytes of
    /// the line it cut short are dropped).
    pub(crate) error: Option<io::Error>,
}

/// The text of a block, checked as UTF-8 once, and its lines checked as
/// [`LineReader`](super::lines::LineReader) checks them, in its order:
/// length, then UTF-8.
#[derive(Debug)]
pub(crate) struct BlockText<'a> {
    bytes: &'a [u8],
    /// The bytes before the first invalid one: the lines that end before it
    /// are slices of it, since line breaks are ASCII.
    valid: &'a str,
    /// Where the first invalid byte is (`usize::MAX` if none).
    bad_at: usize,
}

impl<'a> BlockText<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> BlockText<'a> {
        let (valid, bad_at) = match std::str::from_utf8(bytes) {
            Ok(text) => (text, usize::MAX),
            Err(e) => (std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(), e.valid_up_to()),
        };
        BlockText { bytes, valid, bad_at }
    }

    /// The line `start..end` (the next one starting at `next`), or why it
    /// is refused: longer than `max_line` bytes, or not UTF-8.
    pub(crate) fn line(&self, start: usize, end: usize, next: usize, max_line: u64) -> crate::Result<&'a str> {
        if (end - start) as u64 > max_line {
            return Err(super::too_large(crate::Counted::LineBytes, max_line));
        }
        if self.bad_at < next {
            let line = &self.bytes[start..end];
            return Err(std::str::from_utf8(line).map_or_else(
                |e| super::lines::utf8_error(line, &e, "line"),
                // The invalid byte is in the terminator: impossible, as the
                // terminator is ASCII, but the line itself is still checked.
                |_| crate::Error::parse("text is not valid UTF-8"),
            ));
        }
        Ok(&self.valid[start..end])
    }
}

/// Reads `inner` in blocks of whole lines.
#[derive(Debug)]
pub(crate) struct BlockReader<R> {
    inner: R,
    /// The start of a line read but not yet in a block.
    carry: Vec<u8>,
    /// Bytes to read for the next batch.
    batch_bytes: usize,
    config: BlockConfig,
    /// A line without a break longer than this is too long whatever its
    /// terminator and byte-order mark: the block is cut there.
    cut_bytes: usize,
    first: bool,
    done: bool,
    /// Buffers of blocks used up, for reuse.
    spare: Vec<Vec<u8>>,
}

impl<R: Read> BlockReader<R> {
    /// A reader of `inner` for lines of at most `max_line_bytes` (not
    /// counting the terminator and a byte-order mark).
    pub(crate) fn new(inner: R, max_line_bytes: u64, config: BlockConfig) -> Self {
        let config = BlockConfig {
            first_bytes: config.first_bytes.max(1),
            max_bytes: config.max_bytes.max(config.first_bytes).max(1),
            batch: config.batch.max(1),
        };
        // 3 bytes of byte-order mark, 2 of `\r\n`: a prefix without a line
        // break longer than the limit plus 5 is a line too long.
        let cut_bytes = usize::try_from(max_line_bytes.saturating_add(5)).unwrap_or(usize::MAX);
        BlockReader {
            inner,
            carry: Vec::new(),
            batch_bytes: config.first_bytes,
            config,
            cut_bytes,
            first: true,
            done: false,
            spare: Vec::new(),
        }
    }

    /// The next blocks: up to 1 block of `first_bytes` the first time, then
    /// twice as many bytes each time, in up to `batch` blocks of up to
    /// `max_bytes` (none at the end of the input).
    pub(crate) fn next_batch(&mut self) -> Vec<Block> {
        let BlockConfig { first_bytes, max_bytes, batch } = self.config;
        let n = (self.batch_bytes / first_bytes).clamp(1, batch);
        let size = (self.batch_bytes / n).clamp(1, max_bytes);
        self.batch_bytes = self.batch_bytes.saturating_mul(2).min(max_bytes.saturating_mul(batch));
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            match self.next_block(size) {
                Some(block) => out.push(block),
                None => break,
            }
        }
        out
    }

    /// Gives the buffer of a used block back for reuse.
    pub(crate) fn recycle(&mut self, mut bytes: Vec<u8>) {
        if self.spare.len() < 2 * self.config.batch {
            bytes.clear();
            self.spare.push(bytes);
        }
    }

    /// The next block, of about `size` bytes, or `None` at the end of the
    /// input.
    fn next_block(&mut self, size: usize) -> Option<Block> {
        if self.done {
            return None;
        }
        let mut buf = self.spare.pop().unwrap_or_default();
        buf.clear();
        buf.extend_from_slice(&self.carry);
        self.carry.clear();
        let first = std::mem::replace(&mut self.first, false);
        let mut target = buf.len().saturating_add(size);
        // Where to look for a line break: the carried bytes have none.
        let mut searched = buf.len();
        loop {
            let want = target.saturating_sub(buf.len());
            buf.reserve(want);
            match (&mut self.inner).take(want as u64).read_to_end(&mut buf) {
                Err(e) => {
                    // The line being read when the error came is dropped:
                    // the error belongs to it.
                    let whole = memchr::memrchr(b'\n', &buf).map_or(0, |p| p + 1);
                    buf.truncate(whole);
                    self.done = true;
                    return Some(Block { bytes: buf, first, error: Some(e) });
                }
                Ok(n) if n < want => {
                    self.done = true;
                    return (!buf.is_empty()).then_some(Block { bytes: buf, first, error: None });
                }
                Ok(_) => {}
            }
            if let Some(p) = memchr::memrchr(b'\n', &buf[searched..]) {
                self.carry.extend_from_slice(&buf[searched + p + 1..]);
                buf.truncate(searched + p + 1);
                return Some(Block { bytes: buf, first, error: None });
            }
            if buf.len() > self.cut_bytes {
                // One line longer than the limit: the block is its start,
                // which the parser refuses, and reading stops.
                self.done = true;
                return Some(Block { bytes: buf, first, error: None });
            }
            // A line longer than the block: read on, up to the cut.
            searched = buf.len();
            target = buf.len().saturating_mul(2).min(self.cut_bytes.saturating_add(1)).max(buf.len() + 1);
        }
    }
}

/// What the block readers' tests share: what a load left behind, and the
/// block sizes to load with.
#[cfg(test)]
pub(crate) mod testing {
    use super::BlockConfig;
    use crate::error::{Position, Result};
    use crate::graph::GraphBuilder;
    use crate::io::ReadStats;

    /// What a load returned (an error with its kind and line), the users
    /// it left in the builder, and the graph built from them: ids, the
    /// combined graph, every layer, the follower counts and the statistics.
    pub(crate) type Outcome = (std::result::Result<ReadStats, String>, usize, std::result::Result<String, String>);

    /// Runs `load` on a builder made with `config`, then builds.
    pub(crate) fn outcome(
        load: impl FnOnce(&mut GraphBuilder) -> Result<ReadStats>,
        config: &crate::GraphConfig,
    ) -> Outcome {
        let mut builder = GraphBuilder::new(config.clone()).unwrap();
        let read = load(&mut builder).map_err(|e| {
            let line = e.position().map(Position::line);
            format!("{:?} at {line:?}: {e}", std::mem::discriminant(e.kind()))
        });
        let users = builder.user_count();
        let built = builder.build().map_err(|e| e.to_string()).map(|g| {
            let in_edges = |l: &crate::Layer| -> Vec<Vec<(u32, f64)>> {
                (0..g.user_count() as u32).map(|v| l.in_edges(v).collect()).collect()
            };
            let layers: Vec<_> = g.layers().map(|(n, l)| format!("{n}: {:?}", in_edges(l))).collect();
            let followers = g.followers().map(<[u32]>::to_vec);
            format!(
                "{:?} {:?} {layers:?} {followers:?} {:?}",
                g.user_ids().collect::<Vec<_>>(),
                in_edges(g.combined()),
                g.stats()
            )
        });
        (read, users, built)
    }

    /// Inputs of up to 40 `line`s, each ending in `\n` or `\r\n` (the
    /// last perhaps in none), perhaps after a byte-order mark.
    pub(crate) fn lines_input(
        line: impl proptest::strategy::Strategy<Value = Vec<u8>>,
    ) -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let end = prop_oneof![4 => Just(&b"\n"[..]), 1 => Just(&b"\r\n"[..])];
        (any::<bool>(), prop::collection::vec((line, end), 0..40), any::<bool>()).prop_map(
            |(bom, lines, last_break)| {
                let mut out = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
                let n = lines.len();
                for (i, (line, end)) in lines.into_iter().enumerate() {
                    out.extend_from_slice(&line);
                    if i + 1 < n || last_break {
                        out.extend_from_slice(end);
                    }
                }
                out
            },
        )
    }

    /// Block sizes from tiny (every line crosses blocks) to the default.
    pub(crate) fn block_configs() -> Vec<BlockConfig> {
        let mut out = vec![BlockConfig::default()];
        for first in [1, 2, 3, 5, 8, 13, 40] {
            for (max, batch) in [(first, 1), (first * 2, 2), (64, 3)] {
                out.push(BlockConfig { first_bytes: first, max_bytes: max, batch });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(input: &[u8], max_line: u64, first: usize, max: usize) -> Vec<(Vec<u8>, bool)> {
        let mut r = BlockReader::new(input, max_line, BlockConfig { first_bytes: first, max_bytes: max, batch: 3 });
        let mut out = Vec::new();
        loop {
            let batch = r.next_batch();
            if batch.is_empty() {
                return out;
            }
            for b in batch {
                assert!(b.error.is_none());
                out.push((b.bytes, b.first));
            }
        }
    }

    #[test]
    fn blocks_are_whole_lines_and_cover_the_input() {
        let input = b"a b\nccc ddd\r\n\neee f\ng";
        for first in 1..8 {
            for max in first..12 {
                let got = blocks(input, 64, first, max);
                let joined: Vec<u8> = got.iter().flat_map(|(b, _)| b.iter().copied()).collect();
                assert_eq!(joined, input, "{first} {max}");
                for (i, (b, is_first)) in got.iter().enumerate() {
                    assert_eq!(*is_first, i == 0);
                    assert!(!b.is_empty());
                    if i + 1 < got.len() {
                        assert_eq!(b.last(), Some(&b'\n'), "{first} {max}: {got:?}");
                    }
                }
            }
        }
        assert!(blocks(b"", 64, 4, 8).is_empty());
    }

    #[test]
    fn a_line_longer_than_the_limit_is_cut_and_ends_the_input() {
        // Limit 4: a prefix of more than 9 bytes without a break is cut.
        let got = blocks(b"ab\nxxxxxxxxxxxxxxxxxxxxxxxx\nc\n", 4, 2, 2);
        let last = &got.last().unwrap().0;
        assert!(last.len() > 9 && last.len() <= 12 && !last.contains(&b'\n'), "{got:?}");
        assert_eq!(got[0].0, b"ab\n");
        // Long lines within the limit are read whole, however small the blocks.
        let long = format!("{}\n{}\n", "y".repeat(100), "z".repeat(50));
        let got = blocks(long.as_bytes(), 100, 1, 4);
        let joined: Vec<u8> = got.iter().flat_map(|(b, _)| b.iter().copied()).collect();
        assert_eq!(joined, long.as_bytes());
    }

    #[test]
    fn an_io_error_keeps_the_whole_lines_before_it() {
        struct Failing(&'static [u8]);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() {
                    return Err(io::Error::other("disk on fire"));
                }
                let n = buf.len().min(self.0.len()).min(3);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut r = BlockReader::new(Failing(b"a b\nc d\nef"), 64, BlockConfig::default());
        let batch = r.next_batch();
        assert_eq!(batch.len(), 1);
        assert_eq!(batch[0].bytes, b"a b\nc d\n");
        assert_eq!(batch[0].error.as_ref().map(ToString::to_string).as_deref(), Some("disk on fire"));
        assert!(r.next_batch().is_empty());
    }
}
