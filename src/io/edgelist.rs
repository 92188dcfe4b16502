//! The edge-list reader: one edge `source target [weight [time]]` per line.
//!
//! This is the format of SNAP and KONECT files and of most graph exports, so
//! it is the hot path for big inputs. [`load_edge_list`] reads the input in
//! blocks of whole lines ([`BlockReader`]), parses a batch of blocks in
//! parallel into compact records (a canonical decimal id as its value, any
//! other id as the place of its text in the block), and hands each block's
//! records to the builder in input order while the next batch is parsed, so
//! the numbering and the first error reported are those of reading line by
//! line. It must never read the whole input into memory (a few blocks are in
//! flight), and never skip a line it does not understand: every line is an
//! edge, a comment, blank, or an error.

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use super::Limits;
use super::blocks::{Block, BlockConfig, BlockReader, BlockText};
use super::fields::{is_blank_or_comment, is_separator, parse_weight, quote, split_fields};
use super::lines::LineReader;
use super::sniff::{header_error, weights_note};
use super::{ReadStats, no_records};
use crate::error::{Error, Position, Result};
use crate::graph::{FREE, GraphBuilder, LOOKUP_BATCH, canonical_number};
use crate::interaction::Interaction;

/// Reads an edge list into `builder`, returning what was read.
///
/// One edge per line: `source target [weight [time]]`, fields separated by
/// ASCII whitespace, commas or both. The line `a b w` means *a reacted to b*
/// with weight `w` (default 1; finite and at least 0) and becomes
/// [`GraphBuilder::add_edge`]`(a, b, w)`, so repeated lines add up. The
/// optional fourth column is a timestamp (an integer, as in KONECT files); it
/// is checked but not used yet. Blank lines and lines starting with `#` or
/// `%` (after optional whitespace) are comments, so SNAP and KONECT files
/// read as they are. The format has no header line, and a first line that
/// looks like one is an error rather than an edge between two users named
/// so: two column names (`source target`, `from to`, `src dst`, ...), or
/// the header of interaction CSV (`actor,target,...`, whose format was not
/// given). A header belongs in a comment (or see [`Reader::header`](super::Reader::header)). A UTF-8 byte-order mark and `\r\n` line ends are
/// accepted. A weight of 0 is accepted, and the builder ignores it (see
/// [`GraphBuilder::add_edge`]).
///
/// Lines may be as long as the builder's
/// [`Limits::max_line_bytes`](crate::Limits::max_line_bytes) (64 KiB by
/// default), and its limits on users and edges apply as the lines come.
/// `path` only names the input in errors.
///
/// Blocks of the input (up to 4 MiB each) are parsed in parallel on the
/// rayon thread pool, while the edges of earlier blocks go into the builder
/// in input order: users are interned in order of first appearance and the
/// error reported is that of the first bad line, whatever the number of
/// threads, exactly as when reading line by line. The input is read ahead
/// of the line in use by a few times what was used so far (64 MiB at most),
/// so after an error the reader may have consumed more of `reader` than the
/// line at fault.
///
/// # Errors
///
/// Every error carries the [`Position`](crate::Position) of its line: a bad
/// or invalid weight (quoting it), a non-integer timestamp, fewer than 2 or
/// more than 4 fields, an empty field (`a,,b`), invalid UTF-8, an I/O error,
/// a line, a user or an edge beyond the builder's
/// [`Limits`](crate::Limits) ([`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge)),
/// and an input without a single edge (at its last line).
///
/// # Example
///
/// ```
/// use influence::{io, GraphBuilder};
///
/// let input = "# a SNAP-style comment\nann\tbob\nbob,cy,2.5\nann bob\n";
/// let mut builder = GraphBuilder::default();
/// let stats = io::load_edge_list(input.as_bytes(), None, &mut builder)?;
/// assert_eq!((stats.lines, stats.records, stats.skipped), (4, 3, 1));
/// let graph = builder.build()?;
/// assert_eq!(graph.user_count(), 3);
/// assert_eq!(graph.edge_count(), 2);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn load_edge_list<R: Read>(reader: R, path: Option<&Path>, builder: &mut GraphBuilder) -> Result<ReadStats> {
    super::Reader::default().format(super::InputFormat::EdgeList).load(reader, path, builder)
}

/// [`load_edge_list`] one line at a time, as it was before blocks: the
/// reference the block reader is tested against.
#[cfg(test)]
pub(crate) fn load_edge_list_by_line<R: Read>(
    reader: R,
    path: Option<&Path>,
    builder: &mut GraphBuilder,
) -> Result<ReadStats> {
    let max_bytes = builder.limits().get_max_line_bytes();
    for_each_edge(reader, path, max_bytes, |edge| builder.add_edge(edge.source, edge.target, edge.weight))
}

/// Reads an edge list into interaction records: `source target [weight
/// [time]]` becomes an interaction of no kind and no network, with the
/// weight (when not 1) and the time. Errors as [`load_edge_list`], under the
/// default [`Limits`]; [`Reader::limits`](super::Reader::limits) sets
/// others.
///
/// # Example
///
/// ```
/// use influence::io;
///
/// let records = io::read_interactions_edge_list("a b\nb c 2 1700000000\n".as_bytes(), None)?;
/// assert_eq!(records[1].weight, Some(2.0));
/// assert_eq!(records[1].time, Some(1_700_000_000));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_interactions_edge_list<R: Read>(reader: R, path: Option<&Path>) -> Result<Vec<Interaction>> {
    super::read_interactions_from_with_limits(reader, path, super::InputFormat::EdgeList, Limits::default())
}

/// Hands every line of the edge list in `reader` to `each` as an
/// interaction, in order, each line held to `max_bytes` (see
/// [`super::for_each_interaction`]).
pub(super) fn for_each_interaction_edge_list<R: Read>(
    reader: R,
    path: Option<&Path>,
    max_bytes: u64,
    mut each: impl FnMut(Interaction) -> Result<()>,
) -> Result<ReadStats> {
    for_each_edge(reader, path, max_bytes, |edge| {
        let mut i = Interaction::new(edge.source, edge.target);
        if edge.weight != 1.0 {
            i.weight = Some(edge.weight);
        }
        i.time = edge.time;
        each(i)
    })
}

/// One line of an edge list.
#[derive(Debug, PartialEq)]
struct Edge<'a> {
    source: &'a str,
    target: &'a str,
    weight: f64,
    time: Option<i64>,
    /// How many fields the line has (2 to 4).
    fields: usize,
}

/// The third column of an edge list, read as weights: the smallest and
/// largest, and the most fields on a line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct WeightRange {
    min: f64,
    max: f64,
    fields: usize,
}

impl WeightRange {
    /// `range` widened by the weight of `edge`, if the line has one.
    #[inline]
    fn add(range: &mut Option<WeightRange>, edge: &Edge<'_>) {
        if edge.fields >= 3 {
            let w = edge.weight;
            let r = range.get_or_insert(WeightRange { min: w, max: w, fields: edge.fields });
            (r.min, r.max, r.fields) = (r.min.min(w), r.max.max(w), r.fields.max(edge.fields));
        }
    }

    /// `range` widened by `other`.
    fn merge(range: &mut Option<WeightRange>, other: Option<WeightRange>) {
        if let Some(o) = other {
            let r = range.get_or_insert(o);
            (r.min, r.max, r.fields) = (r.min.min(o.min), r.max.max(o.max), r.fields.max(o.fields));
        }
    }

    /// The note on `range`, if its weights could be times.
    fn note(range: Option<WeightRange>, stats: &mut ReadStats) {
        if let Some(note) = range.and_then(|r| weights_note(r.min, r.max, r.fields)) {
            stats.notes.push(note);
        }
    }
}

/// Calls `each` on every edge of the input, attaching the line to its
/// errors; the stats, or an error for an input without a single edge.
fn for_each_edge<R: Read>(
    reader: R,
    path: Option<&Path>,
    max_line_bytes: u64,
    mut each: impl FnMut(Edge<'_>) -> Result<()>,
) -> Result<ReadStats> {
    let mut lines = LineReader::new(reader, path, max_line_bytes);
    let mut stats = ReadStats::default();
    let mut range = None;
    while let Some((n, line)) = lines.next_line()? {
        if is_blank_or_comment(line) {
            stats.skipped += 1;
            continue;
        }
        if stats.records == 0 {
            if let Some(e) = header_error(line) {
                return Err(e.at(Position::new(path, n)));
            }
        }
        parse_edge(line)
            .and_then(|edge| {
                WeightRange::add(&mut range, &edge);
                each(edge)
            })
            .map_err(|e| e.at(Position::new(path, n)))?;
        stats.records += 1;
    }
    stats.lines = lines.line();
    WeightRange::note(range, &mut stats);
    if stats.records == 0 {
        return Err(no_records("edges", path, &stats).at(lines.end_position()));
    }
    Ok(stats)
}

#[inline]
fn parse_edge(line: &str) -> Result<Edge<'_>> {
    let mut f = [""; 4];
    let n = split_fields(line, &mut f)?;
    if n < 2 {
        return Err(Error::parse(format!("expected at least 2 fields (source target), found {n}: {}", quote(line))));
    }
    if n > 4 {
        return Err(Error::parse(format!(
            "expected at most 4 fields (source target weight time), found {n}: {}",
            quote(line)
        )));
    }
    let weight = if n >= 3 { parse_weight(f[2])? } else { 1.0 };
    let time = match n {
        4 => Some(f[3].parse::<i64>().map_err(|_| {
            Error::parse(format!(
                "time {} is not an integer (Unix seconds); if the columns hold something else, name them \
                         (actor,target,time,kind, say)",
                quote(f[3])
            ))
        })?),
        _ => None,
    };
    Ok(Edge { source: f[0], target: f[1], weight, time, fields: n })
}

/// [`load_edge_list`] with blocks sized by `config`.
pub(crate) fn load_edge_list_in_blocks<R: Read>(
    reader: R,
    path: Option<&Path>,
    builder: &mut GraphBuilder,
    config: BlockConfig,
) -> Result<ReadStats> {
    let max_line = builder.limits().get_max_line_bytes();
    let mut blocks = BlockReader::new(reader, max_line, config);
    let mut stats = ReadStats::default();
    let mut range = None;
    // Parsed blocks waiting for the builder, in input order.
    let mut parsed: Vec<(Block, Parsed)> = Vec::new();
    loop {
        let batch = blocks.next_batch();
        if batch.is_empty() && parsed.is_empty() {
            break;
        }
        // Parse the next batch while the builder takes the previous one:
        // the builder sees every block in input order, so numbering and the
        // first error do not depend on how the parsing was scheduled.
        let (used, next) = rayon::join(
            || add_blocks(builder, &mut parsed, path, &mut stats, &mut range),
            || {
                batch
                    .into_par_iter()
                    .map(|block| {
                        let p = parse_block(&block, max_line);
                        (block, p)
                    })
                    .collect::<Vec<_>>()
            },
        );
        used?;
        for (block, _) in parsed.drain(..) {
            blocks.recycle(block.bytes);
        }
        parsed = next;
    }
    if stats.records == 0 {
        return Err(no_records("edges", path, &stats).at(Position::new(path, stats.lines.max(1))));
    }
    WeightRange::note(range, &mut stats);
    Ok(stats)
}

/// The records of one block: what the builder needs, in 16 bytes per edge
/// when the ids are numbers and every weight is 1.
#[derive(Debug, Default)]
struct Parsed {
    /// Source and target of every edge: the value of a canonical decimal id,
    /// or, when [`Parsed::text`] says so, where the id starts in the block
    /// (it ends at the next separator, as a field does).
    ids: Vec<u64>,
    /// Bit 0 (source) and bit 1 (target) per edge: the id is text. Empty
    /// while every id of the block is a number.
    text: Vec<u8>,
    /// The weight of every edge; empty while every weight is 1.
    weights: Vec<f64>,
    /// Physical lines of the block.
    lines: u64,
    /// Comment and blank lines.
    skipped: u64,
    /// The first bad line: its index in the block (from 0) and the error.
    error: Option<(u64, Error)>,
    /// The weights of the lines with a third column.
    range: Option<WeightRange>,
}

impl Parsed {
    fn records(&self) -> usize {
        self.ids.len() / 2
    }

    fn push_id(&mut self, block: &[u8], id: &str, record: usize, bit: u8) {
        match canonical_number(id) {
            Some(k) => self.ids.push(k),
            None => {
                if self.text.len() <= record {
                    self.text.resize(record + 1, 0);
                }
                self.text[record] |= bit;
                // `id` is a slice of `block`.
                let start = id.as_ptr() as usize - block.as_ptr() as usize;
                self.ids.push(start as u64);
            }
        }
    }

    /// Whether id `j` (2 per record) is text rather than a number.
    fn is_text(&self, j: usize) -> bool {
        self.text.get(j / 2).is_some_and(|t| t & (1 << (j % 2)) != 0)
    }

    /// Text id `j` (one for which [`Parsed::is_text`] holds): a slice of
    /// `block`.
    fn text_id<'a>(&self, block: &'a [u8], j: usize) -> &'a str {
        let start = self.ids[j] as usize;
        let len = block[start..].iter().position(|&b| is_separator(b)).unwrap_or(block.len() - start);
        std::str::from_utf8(&block[start..start + len]).unwrap_or_default()
    }

    /// Id `j` (2 per record) as text, written into `buf` when a number.
    fn id_text<'a>(&self, block: &'a [u8], j: usize, buf: &'a mut String) -> &'a str {
        if self.is_text(j) {
            self.text_id(block, j)
        } else {
            *buf = self.ids[j].to_string();
            buf
        }
    }
}

/// The physical lines of a block: `(start, end, next)` where the line is
/// `start..end` without its terminator (nor, on the first line of the
/// input, a byte-order mark) and the next line starts at `next`, exactly as
/// [`LineReader`] cuts them.
pub(super) fn block_lines(bytes: &[u8], first: bool) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut at = 0;
    let mut first = first;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        let (mut end, next) = match memchr::memchr(b'\n', &bytes[at..]) {
            Some(p) => {
                let nl = at + p;
                // Only a `\r` before a line break belongs to the terminator.
                (if nl > start && bytes[nl - 1] == b'\r' { nl - 1 } else { nl }, nl + 1)
            }
            None => (bytes.len(), bytes.len()),
        };
        let mut start = start;
        if std::mem::replace(&mut first, false) && bytes[start..end].starts_with(BOM) {
            start += BOM.len();
        }
        end = end.max(start);
        at = next;
        Some((start, end, next))
    })
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses the lines of `block` up to the first bad one, checking each as
/// [`LineReader`] and [`for_each_edge`] do, in the same order: length, then
/// UTF-8, then the fields.
fn parse_block(block: &Block, max_line: u64) -> Parsed {
    let bytes = &block.bytes[..];
    let text = BlockText::new(bytes);
    let mut out = Parsed::default();
    for (index, (start, end, next)) in block_lines(bytes, block.first).enumerate() {
        out.lines += 1;
        let fail = |e: Error| Some((index as u64, e));
        let line = match text.line(start, end, next, max_line) {
            Ok(line) => line,
            Err(e) => {
                out.error = fail(e);
                break;
            }
        };
        if block.first && out.records() == 0 {
            if let Some(e) = header_error(line) {
                out.error = fail(e);
                break;
            }
        }
        if let Some((source, target)) = two_numbers(line.as_bytes()) {
            out.ids.extend([source, target]);
            if !out.weights.is_empty() {
                out.weights.push(1.0);
            }
            continue;
        }
        if is_blank_or_comment(line) {
            out.skipped += 1;
            continue;
        }
        match parse_edge(line) {
            Ok(edge) => {
                WeightRange::add(&mut out.range, &edge);
                let record = out.records();
                out.push_id(bytes, edge.source, record, 1);
                out.push_id(bytes, edge.target, record, 2);
                if edge.weight != 1.0 || !out.weights.is_empty() {
                    // The weights of the edges before, all 1 if not held yet.
                    out.weights.resize(record, 1.0);
                    out.weights.push(edge.weight);
                }
            }
            Err(e) => {
                out.error = fail(e);
                break;
            }
        }
    }
    out
}

/// The two ids of a line `source target` whose ids are canonical decimal
/// numbers separated (and perhaps followed) by spaces or tabs, the line of
/// most big edge lists; `None` for anything else, which the general parser
/// reads (this is only a shortcut to the same result).
#[inline]
fn two_numbers(line: &[u8]) -> Option<(u64, u64)> {
    let blanks = |mut at: usize| {
        while at < line.len() && matches!(line[at], b' ' | b'\t') {
            at += 1;
        }
        at
    };
    let (source, end) = leading_number(line, 0)?;
    let at = blanks(end);
    if at == end {
        return None;
    }
    let (target, end) = leading_number(line, at)?;
    (blanks(end) == line.len()).then_some((source, target))
}

/// The canonical decimal number starting at `at` in `line` and where its
/// digits end; `None` unless there is one (a leading zero, or more than 19
/// digits, make text ids).
#[inline]
fn leading_number(line: &[u8], at: usize) -> Option<(u64, usize)> {
    let mut end = at;
    let mut value = 0u64;
    while end < line.len() && line[end].is_ascii_digit() && end - at < 20 {
        value = value.wrapping_mul(10).wrapping_add(u64::from(line[end] - b'0'));
        end += 1;
    }
    let digits = end - at;
    // 19 digits at most cannot overflow.
    let canonical = (1..=19).contains(&digits) && (line[at] != b'0' || digits == 1);
    canonical.then_some((value, end))
}

/// Hands the records of `parsed` blocks to `builder` in order, adding up
/// `stats`: the first error, with its line, ends it.
fn add_blocks(
    builder: &mut GraphBuilder,
    parsed: &mut [(Block, Parsed)],
    path: Option<&Path>,
    stats: &mut ReadStats,
    range: &mut Option<WeightRange>,
) -> Result<()> {
    for (block, p) in parsed {
        let first_line = stats.lines + 1;
        add_block(builder, block, p).map_err(|(index, e)| e.at(Position::new(path, first_line + index)))?;
        if let Some((index, e)) = p.error.take() {
            return Err(e.at(Position::new(path, first_line + index)));
        }
        stats.lines += p.lines;
        stats.records += p.records() as u64;
        stats.skipped += p.skipped;
        WeightRange::merge(range, p.range);
        if let Some(e) = block.error.take() {
            // The line the error cut short.
            return Err(Error::io(path, e).at(Position::new(path, stats.lines + 1)));
        }
    }
    Ok(())
}

/// Adds the edges of one block to `builder`; an error comes with the index
/// of its line in the block.
///
/// The fast path interns ids itself (numbers by value) and adds edges by
/// index. It is taken only where it cannot fail, so that what the builder
/// holds after an error is what [`GraphBuilder::add_edge`] would leave: when
/// the block cannot reach the limit on users, there is no limit on edges, and
/// for weights the builder accepts. Anything else goes through
/// [`GraphBuilder::add_edge`] itself.
fn add_block(builder: &mut GraphBuilder, block: &Block, p: &Parsed) -> Result<(), (u64, Error)> {
    let limits = *builder.limits();
    let records = p.records();
    let fast = limits.get_max_edges() == u64::MAX
        && (builder.user_count() as u64).saturating_add(2 * records as u64) <= limits.get_max_users();
    let accepted = |w: f64| w == 0.0 || w >= f64::MIN_POSITIVE;
    if fast && p.text.is_empty() && p.weights.iter().all(|&w| accepted(w)) {
        // A block of numbers: every id looked up at once where that is
        // cheap, the others (`u32::MAX`) interned in input order, source
        // then target, as one edge at a time would; then the edges.
        let users = builder.users_mut();
        let mut index = Vec::new();
        users.find_numbers(&p.ids, &mut index);
        for (j, (i, &k)) in index.iter_mut().zip(&p.ids).enumerate() {
            if *i == u32::MAX {
                *i = users.intern_number_within(k, &limits).map_err(|e| (line_of_record(block, j / 2), e))?;
            }
        }
        for (r, pair) in index.chunks_exact(2).enumerate() {
            let w = p.weights.get(r).copied().unwrap_or(1.0);
            builder.add_edge_by_index(pair[0], pair[1], w).map_err(|e| (line_of_record(block, r), e))?;
        }
        return Ok(());
    }
    if fast && p.weights.iter().all(|&w| accepted(w)) {
        // Text ids too: a batch of records at a time, every id looked up at
        // once (text ids through the hash table, numbers by value), then
        // the ones not found interned in input order, source then target,
        // as one edge at a time would; then the batch's edges.
        let (mut texts, mut numbers) = (Vec::new(), Vec::new());
        let (mut found_text, mut found_numbers, mut hashes) = (Vec::new(), Vec::new(), Vec::new());
        let mut index = Vec::with_capacity(2 * LOOKUP_BATCH);
        for first in (0..records).step_by(LOOKUP_BATCH) {
            let ids = 2 * first..2 * (first + LOOKUP_BATCH).min(records);
            texts.clear();
            numbers.clear();
            for j in ids.clone() {
                if p.is_text(j) {
                    texts.push(p.text_id(&block.bytes, j));
                } else {
                    numbers.push(p.ids[j]);
                }
            }
            let users = builder.users_mut();
            users.find_ids(&texts, &mut hashes, &mut found_text);
            users.find_numbers(&numbers, &mut found_numbers);
            let (mut t, mut k) = (0, 0);
            index.clear();
            for j in ids {
                let i = if p.is_text(j) {
                    t += 1;
                    match found_text[t - 1] {
                        FREE => users.intern_within(texts[t - 1], &limits),
                        i => Ok(i),
                    }
                } else {
                    k += 1;
                    match found_numbers[k - 1] {
                        FREE => users.intern_number_within(numbers[k - 1], &limits),
                        i => Ok(i),
                    }
                };
                index.push(i.map_err(|e| (line_of_record(block, j / 2), e))?);
            }
            for (pair, r) in index.chunks_exact(2).zip(first..) {
                let w = p.weights.get(r).copied().unwrap_or(1.0);
                builder.add_edge_by_index(pair[0], pair[1], w).map_err(|e| (line_of_record(block, r), e))?;
            }
        }
        return Ok(());
    }
    let mut buf = (String::new(), String::new());
    for r in 0..records {
        let w = p.weights.get(r).copied().unwrap_or(1.0);
        let added = if fast && accepted(w) {
            let mut index = |j: usize| -> Result<u32> {
                let id = p.id_text(&block.bytes, j, &mut buf.0);
                builder.users_mut().intern_within(id, &limits)
            };
            let (src, dst) = (index(2 * r), index(2 * r + 1));
            src.and_then(|src| dst.and_then(|dst| builder.add_edge_by_index(src, dst, w)))
        } else {
            let src = p.id_text(&block.bytes, 2 * r, &mut buf.0);
            let dst = p.id_text(&block.bytes, 2 * r + 1, &mut buf.1);
            builder.add_edge(src, dst, w)
        };
        if let Err(e) = added {
            return Err((line_of_record(block, r), e));
        }
    }
    Ok(())
}

/// The index in `block` of the line of record `r`: the `r`-th line that is
/// neither blank nor a comment (looked for only after an error).
fn line_of_record(block: &Block, r: usize) -> u64 {
    let bytes = &block.bytes[..];
    block_lines(bytes, block.first)
        .enumerate()
        .filter(|(_, (start, end, _))| !std::str::from_utf8(&bytes[*start..*end]).is_ok_and(is_blank_or_comment))
        .nth(r)
        .map_or(0, |(index, _)| index as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::blocks::testing::{block_configs, lines_input, outcome};

    #[test]
    fn the_numeric_shortcut_agrees_with_the_general_parser() {
        for line in [
            "1 2",
            "0 0",
            "12\t34",
            "12 34  ",
            "  1 2",
            "1  2\t",
            "1,2",
            "1 2 3",
            "01 2",
            "1 02",
            "1 a",
            "a 1",
            "1",
            "",
            "# 1 2",
            "1 2#",
            "9999999999999999999 1",
            "10000000000000000000 1",
            "18446744073709551616 1",
            "1 2\x0c",
            "1\x0c2",
            "１ 2",
        ] {
            let general = parse_edge(line).ok().and_then(|e| {
                let ids = (canonical_number(e.source)?, canonical_number(e.target)?);
                (e.weight == 1.0 && e.time.is_none()).then_some(ids)
            });
            // The shortcut may decline a line, never read it otherwise.
            if let Some(ids) = two_numbers(line.as_bytes()) {
                assert_eq!(Some(ids), general, "{line:?}");
            }
        }
        for line in ["1 2", "0 0", "12\t34", "12 34  ", "1  2\t", "9999999999999999999 1"] {
            assert!(two_numbers(line.as_bytes()).is_some(), "{line:?}");
        }
    }

    #[test]
    fn parses_edges_with_optional_columns() {
        let edge = |source, target, weight, time, fields| Edge { source, target, weight, time, fields };
        assert_eq!(parse_edge("a b").unwrap(), edge("a", "b", 1.0, None, 2));
        assert_eq!(parse_edge("a\tb\t0.5").unwrap(), edge("a", "b", 0.5, None, 3));
        assert_eq!(parse_edge("1 2 1 1217567877").unwrap(), edge("1", "2", 1.0, Some(1_217_567_877), 4));
        assert!(parse_edge("a").is_err());
        assert!(parse_edge("a b 1 2 3").is_err());
        assert!(parse_edge("a b 1 soon").is_err());
        assert!(parse_edge("a b -1").is_err());
    }

    /// What a load left: its result (stats, or the error's kind, position
    /// and message), the users the builder holds, and what building gives.
    /// Reads `input` line by line and in blocks of every size in
    /// [`block_configs`], under `config`, and checks that everything agrees.
    fn agree(input: &[u8], config: &crate::GraphConfig) {
        let path = Some(Path::new("in.txt"));
        let by_line = outcome(|b| load_edge_list_by_line(input, path, b), config);
        for blocks in block_configs() {
            let in_blocks = outcome(|b| load_edge_list_in_blocks(input, path, b, blocks), config);
            assert_eq!(in_blocks, by_line, "{blocks:?} on {:?}", String::from_utf8_lossy(input));
        }
    }

    fn configs() -> Vec<crate::GraphConfig> {
        use crate::{GraphConfig, Limits};
        vec![
            GraphConfig::default(),
            GraphConfig::default().canonical_order(false),
            GraphConfig::default().limits(Limits::default().max_line_bytes(9)),
            GraphConfig::default().limits(Limits::default().max_users(4)),
            GraphConfig::default().limits(Limits::default().max_edges(3)),
            GraphConfig::default().limits(Limits::default().max_users(5).max_edges(4).max_line_bytes(12)),
        ]
    }

    #[test]
    fn blocks_read_what_lines_read() {
        let inputs: &[&[u8]] = &[
            b"",
            b"\n",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB\xBF1 2\r\n2 3\r\n",
            b"\xEF\xBB\xBF# comment\n1 2",
            b"# only a comment\n\n   \n% another\n",
            b"1 2\n2 3\n3 1\n1 2\n",
            b"1 2\r\n\r\n2 3\r\n# c\r\n3 1",
            b"10 20\n20 30 2.5\n30 10 0\n10 10\n40 50 1 1700000000\n",
            b"ann bob\nbob cy 2\n\tcy , ann\n07 7\n7 07\n",
            b"1 2\nann 2\n2 ann\n3 bob 0.5\n",
            b"123456789012 5\n5 2000000\n2000000 123456789012\n",
            b"1 2\r",
            b"1 2\r\r\n2 3\n",
            b"1 2\nx\r3 4\n",
            b"1 2\n2 3 NaN\n3 4\n",
            b"1 2\n2 3 -1\n",
            b"1 2\n2 3 1e-310\n3 4\n",
            b"1 2 1e308\n1 2 1e308\n",
            b"1 2\n2 3 1 soon\n",
            b"1 2\n1\n",
            b"1 2\n1 2 3 4 5\n",
            b"1 2\n1,,2\n",
            b"1 2\n2 3,\n",
            b"1 2\n2 \xFF 3\n4 5\n",
            b"1 2\n2 3 \xE2\x82",
            b"1 2\n\xEF\xBB\xBF3 4\n",
            b"1 2\n2 3 a-very-long-id-indeed\n4 5\n",
            b"1 2\nabcdefghijklmnopqrstuvwxyz0123456789",
            b"a b\nc d\ne f\ng h\ni j\n",
            b"1 1\n2 2\n",
            b"1 2\n1 2\n1 2\n1 2\n1 2\n",
            b"1 2 0\n3 4 0\n5 6 0\n7 8 0\n",
            b"0 1\n1 0\n",
        ];
        for config in configs() {
            for input in inputs {
                agree(input, &config);
            }
        }
    }

    #[test]
    fn an_io_error_is_reported_at_the_line_it_cut() {
        /// Gives `data` a few bytes at a time, then fails.
        struct Failing<'a>(&'a [u8]);
        impl Read for Failing<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0.is_empty() {
                    return Err(std::io::Error::other("disk on fire"));
                }
                let n = buf.len().min(self.0.len()).min(3);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let config = crate::GraphConfig::default();
        for input in [&b"1 2\n2 3\n3"[..], b"1 2\n2 3\n", b"", b"1 2\n2 NaN\n3"] {
            let path = Some(Path::new("in.txt"));
            let by_line = outcome(|b| load_edge_list_by_line(Failing(input), path, b), &config);
            assert!(by_line.0.is_err());
            for blocks in block_configs() {
                let in_blocks = outcome(|b| load_edge_list_in_blocks(Failing(input), path, b, blocks), &config);
                assert_eq!(in_blocks, by_line, "{blocks:?}");
            }
        }
    }

    #[test]
    fn reads_ahead_a_few_times_what_it_used() {
        /// Endless copies of one line, counting the bytes given.
        struct Copies(u64);
        impl Read for Copies {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let line = b"1 2 1\n";
                for b in buf.iter_mut() {
                    *b = line[(self.0 % line.len() as u64) as usize];
                    self.0 += 1;
                }
                Ok(buf.len())
            }
        }
        for edges in [1000, 100_000] {
            let config = crate::GraphConfig::default().limits(crate::Limits::default().max_edges(edges));
            let mut builder = GraphBuilder::new(config).unwrap();
            let mut input = Copies(0);
            let blocks = BlockConfig { batch: 8, ..BlockConfig::default() };
            let err = load_edge_list_in_blocks(&mut input, None, &mut builder, blocks).unwrap_err();
            assert_eq!(err.position().map(Position::line), Some(edges + 1));
            // 6 bytes a line; the first block alone is 16 KiB.
            assert!(input.0 <= (6 * edges * 8).max(256 << 10), "{edges} edges: {} bytes read", input.0);
        }
    }

    #[test]
    fn several_inputs_into_one_builder_agree() {
        let config = crate::GraphConfig::default().canonical_order(false);
        let inputs: [&[u8]; 3] = [b"5 6\nann 5\n", b"6 7\nbob ann\n", b"\xEF\xBB\xBF7 5\n"];
        let by_line = outcome(
            |b| inputs.iter().try_fold(ReadStats::default(), |_, input| load_edge_list_by_line(*input, None, b)),
            &config,
        );
        for blocks in block_configs() {
            let in_blocks = outcome(
                |b| {
                    inputs
                        .iter()
                        .try_fold(ReadStats::default(), |_, input| load_edge_list_in_blocks(*input, None, b, blocks))
                },
                &config,
            );
            assert_eq!(in_blocks, by_line, "{blocks:?}");
        }
    }

    mod random {
        use proptest::prelude::*;

        use super::*;

        /// A line from a small vocabulary: edges of numeric and text ids
        /// with and without weights, comments, blanks, and a few bad lines.
        fn line() -> impl Strategy<Value = Vec<u8>> {
            let id = prop_oneof![
                4 => (0u64..12).prop_map(|k| k.to_string()),
                1 => Just(String::from("ann")),
                1 => Just(String::from("07")),
                1 => Just(String::from("123456789012345")),
            ];
            let sep = prop_oneof![Just(" "), Just("\t"), Just(" , "), Just("  ")];
            let weight = prop_oneof![
                Just(""),
                Just(" 2.5"),
                Just(" 0"),
                Just(" 1"),
                Just(" 1 1700000000"),
                Just(" NaN"),
                Just(" 1e-320"),
            ];
            let edge = (id.clone(), sep, id, weight).prop_map(|(a, s, b, w)| format!("{a}{s}{b}{w}").into_bytes());
            let other = prop_oneof![
                Just(b"# a comment".to_vec()),
                Just(b"".to_vec()),
                Just(b"  ".to_vec()),
                Just(b"% 1 2".to_vec()),
                Just(b"1".to_vec()),
                Just(b"1 2 \xFF".to_vec()),
                Just(b"a-rather-long-user-name 1".to_vec()),
            ];
            prop_oneof![12 => edge, 3 => other]
        }

        fn input() -> impl Strategy<Value = Vec<u8>> {
            lines_input(line())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            #[test]
            fn blocks_agree_with_lines(input in input(), config in 0usize..6) {
                agree(&input, &configs()[config]);
            }
        }
    }
}
