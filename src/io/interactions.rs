//! Interaction CSV and JSON lines read in blocks parsed in parallel: how
//! [`Reader::load`](super::Reader::load) and
//! [`Reader::for_each`](super::Reader::for_each) read them, handing on
//! exactly what the record-by-record readers (`csv::read_csv` and
//! `jsonl::read_jsonl`, kept as the tests' reference) would, the same
//! errors at the same lines included.
//!
//! JSON lines are simple: an object never spans lines, so each line of a
//! block is checked as the line reader checks it and parsed by
//! `jsonl::parse_object` into an [`Interaction`]. The rest of this note is
//! about CSV.
//!
//! The input is cut into blocks of whole lines ([`BlockReader`]); each block
//! is parsed on its own by `csv-core` (the state machine under the `csv`
//! crate, so cells are unquoted exactly alike) and its rows checked by the
//! same [`row_parts`] as the record reader: into compact rows whose ids
//! stay in the block's buffer for a graph builder, or into
//! [`Interaction`]s for a function. The calling thread then hands the
//! blocks on in input order, so numbering, statistics and the first error
//! do not depend on how parsing was scheduled, while the thread pool parses
//! the next batch (the function handed to need not be `Send`).
//!
//! A block starts at a record's start unless a quoted cell holding a line
//! break spans the cut before it. A block parsed on its own ends either at a
//! record's end or inside such a record; then the record's start is carried
//! over, and the next block is parsed again, on the calling thread, behind
//! it. So quoted line breaks cost a second parse of the block after them and
//! are never misread. This module must never read the whole input into
//! memory: a record in progress longer than the limit on records (and the
//! buffer the record reader reads past it) is an error as soon as it is
//! seen.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use super::blocks::{Block, BlockConfig, BlockReader, BlockText};
use super::csv::{Cells, Column, PARSER_BUFFER_BYTES, Seen, header, row_parts};
use super::edgelist::block_lines;
use super::fields::is_blank_or_comment;
use super::jsonl::parse_object;
use super::rules::Rules;
use super::{ReadStats, no_records, too_large};
use crate::error::{Error, Position, Result};
use crate::graph::GraphBuilder;
use crate::graph::{IdHasher, InteractionRef, LOOKUP_BATCH, LookupBuffers};
use crate::interaction::{Interaction, InteractionKind, Network};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One record as `csv-core` left it: its cells' bytes, unquoted, end to end.
struct CoreRecord<'a> {
    data: &'a [u8],
    ends: &'a [usize],
    /// `data` as text, when it is UTF-8: checked once for every cell.
    text: Option<&'a str>,
}

impl<'a> CoreRecord<'a> {
    fn new(data: &'a [u8], ends: &'a [usize]) -> CoreRecord<'a> {
        CoreRecord { data, ends, text: std::str::from_utf8(data).ok() }
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 { 0 } else { self.ends[i - 1] }
    }
}

impl Cells for CoreRecord<'_> {
    fn cells(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.ends.len()).map(|i| &self.data[self.start(i)..self.ends[i]])
    }

    fn cell_text(&self, i: usize) -> Option<&str> {
        // Cells end at ASCII delimiters, so on character boundaries.
        self.text.and_then(|t| t.get(self.start(i)..self.ends[i]))
    }
}

/// A row kept, in 48 bytes: its ids as ranges of [`Parsed::data`] and
/// their hashes for the builder's lookup, its kind and network as indices
/// into [`Parsed::kinds`] and [`Parsed::networks`].
#[derive(Debug)]
struct ParsedRow {
    actor: [u32; 2],
    target: [u32; 2],
    /// The ids' hashes ([`IdHasher::hash`]), made on the parsing thread.
    hashes: [u64; 2],
    /// The weight; NaN for none (a weight read is never NaN).
    weight: f64,
    /// Its line, counted from 1 at the piece's first (a piece is shorter
    /// than 4 GiB, so are its line and value counts).
    line: u32,
    kind: u32,
    network: u32,
}

/// The distinct values of a column in one piece, numbered in order of
/// first appearance: a handful as a rule, found by a scan; a hash table
/// takes over past [`Distinct::SCANNED`], so that a column of values that
/// all differ costs no more than one lookup per row.
#[derive(Debug)]
struct Distinct<T> {
    values: Vec<T>,
    index: HashMap<T, u32>,
}

impl<T: Clone + Eq + std::hash::Hash> Distinct<T> {
    const SCANNED: usize = 16;

    fn new() -> Self {
        Distinct { values: Vec::new(), index: HashMap::new() }
    }

    /// The number of `value`, added if new.
    fn number(&mut self, value: T) -> u32 {
        let found = if self.values.len() <= Self::SCANNED {
            self.values.iter().position(|v| *v == value).map(|i| i as u32)
        } else {
            self.index.get(&value).copied()
        };
        if let Some(i) = found {
            return i;
        }
        let i = self.values.len() as u32;
        if self.values.len() == Self::SCANNED {
            self.index.extend(self.values.iter().cloned().zip(0..));
        }
        if self.values.len() >= Self::SCANNED {
            self.index.insert(value.clone(), i);
        }
        self.values.push(value);
        i
    }

    fn get(&self, i: u32) -> &T {
        &self.values[i as usize]
    }
}

/// What parsing one piece of input (a block, perhaps behind a carried
/// record start) found.
#[derive(Debug)]
struct Parsed<'r> {
    /// The header's columns, when the piece started with it.
    columns: Option<Vec<Column>>,
    /// The cells of the records, unquoted.
    data: Vec<u8>,
    /// [`Parsed::data`] as text, taken from it when it is all UTF-8 (checked
    /// once here on the parsing thread, so that the thread handing the rows
    /// on only checks that its ranges fall on character boundaries).
    text: Option<String>,
    rows: Vec<ParsedRow>,
    /// The rows as interactions, with their lines, when they are wanted so.
    owned: Vec<(Interaction, u32)>,
    /// The distinct kinds and networks of the rows.
    kinds: Distinct<Option<InteractionKind>>,
    networks: Distinct<Option<Network>>,
    /// Line breaks in the part of the piece parsed (before [`Parsed::tail`]).
    newlines: u64,
    /// Records (the header too) and the line breaks inside their quoted
    /// cells: every other line is blank.
    occupied: u64,
    /// The rows the rules left out, counted on lines from 1 at the piece's
    /// first.
    rules: Rules<'r>,
    /// The first error, on a line counted from 1 at the piece's first.
    error: Option<Error>,
    /// Where the record still in progress at the end of the piece starts
    /// (its length when there is none).
    tail: usize,
}

impl<'r> Parsed<'r> {
    /// Nothing found yet in a piece of `len` bytes, with `data` for its
    /// cells and `rules` forked.
    fn new(len: usize, data: Vec<u8>, rules: &Rules<'r>) -> Parsed<'r> {
        Parsed {
            columns: None,
            data,
            text: None,
            rows: Vec::new(),
            owned: Vec::new(),
            kinds: Distinct::new(),
            networks: Distinct::new(),
            newlines: 0,
            occupied: 0,
            rules: rules.fork(),
            error: None,
            tail: len,
        }
    }
}

/// What every piece is parsed with.
#[derive(Clone, Copy)]
struct Settings<'a, 'r> {
    path: Option<&'a Path>,
    /// Whether rows are wanted as [`Interaction`]s ([`Parsed::owned`]).
    owned: bool,
    max_bytes: u64,
    format: Format,
    rules: &'a Rules<'r>,
    /// The builder's hasher of ids, when rows go to a builder.
    hasher: Option<&'a IdHasher>,
}

/// What the blocks hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// Interaction CSV with cells split at this byte.
    Csv(u8),
    /// Interaction JSON lines: one object per line, never across lines.
    JsonLines,
}

fn is_terminator(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// Line breaks in `bytes`: a record's few dozen bytes, which a plain loop
/// counts faster than a call to `memchr`.
fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Parses `input`, which starts at a record's start; `columns` are the
/// header's, or `None` when its first record is the header. `eof`: the
/// input ends with `input` (a record in progress at its end is complete);
/// otherwise that record is left as the [`Parsed::tail`].
fn parse<'r>(
    input: &[u8],
    columns: Option<&[Column]>,
    eof: bool,
    first: bool,
    settings: Settings<'_, 'r>,
) -> Parsed<'r> {
    let Settings { path, max_bytes, format, rules, owned, hasher } = settings;
    let delimiter = match format {
        Format::Csv(delimiter) => delimiter,
        Format::JsonLines => return parse_json_lines(input, eof, first, settings),
    };
    let overlong = max_bytes.saturating_add(PARSER_BUFFER_BYTES as u64);
    // Unquoting never makes a cell longer.
    let mut out = Parsed::new(input.len(), vec![0; input.len() + 1], rules);
    let mut columns: Option<Vec<Column>> = columns.map(<[Column]>::to_vec);
    let mut rdr = ::csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut ends = vec![0usize; columns.as_ref().map_or(16, |c| c.len() + 1)];
    let mut seen = Seen::default();
    let (mut at, mut used) = (0, 0);
    // Line breaks before the record being read.
    let mut lines = 0u64;
    let quoted = memchr::memchr(b'"', input).is_some();
    loop {
        let (start, record_out) = (at, used);
        let mut fields = 0;
        let mut eof_sent = false;
        let complete = loop {
            // At the end of `input`, an empty slice tells `csv-core` that
            // the input ends.
            let (result, read, written, ended) =
                rdr.read_record(&input[at..], &mut out.data[used..], &mut ends[fields..]);
            at += read;
            used += written;
            fields += ended;
            match result {
                ::csv_core::ReadRecordResult::InputEmpty if eof && !eof_sent => eof_sent = true,
                ::csv_core::ReadRecordResult::InputEmpty | ::csv_core::ReadRecordResult::End => break false,
                ::csv_core::ReadRecordResult::OutputFull => out.data.resize(2 * out.data.len(), 0),
                ::csv_core::ReadRecordResult::OutputEndsFull => ends.resize(2 * ends.len(), 0),
                ::csv_core::ReadRecordResult::Record => break true,
            }
        };
        // The record without the line terminators around it, and its line.
        let first = start + input[start..at].iter().take_while(|&&b| is_terminator(b)).count();
        let last = first.max(at - input[first..at].iter().rev().take_while(|&&b| is_terminator(b)).count());
        // Line breaks inside a record are in quoted cells.
        let inside = if quoted { newlines(&input[first..last]) } else { 0 };
        let line = lines + newlines(&input[start..first]) + 1;
        lines = line - 1 + inside + newlines(&input[last..at]);
        if !complete {
            if first < at {
                // A record in progress: its start is carried to the next
                // piece, unless it is already too long to be read whole
                // (the record reader reads a buffer past the limit before it
                // stops, and may find the record's end there).
                if (at - first) as u64 > overlong {
                    out.error = Some(too_large(crate::Counted::RecordBytes, max_bytes).at(Position::new(path, line)));
                }
                out.tail = start;
            }
            break;
        }
        let at_line = |e: Error| e.at(Position::new(path, line));
        let record = CoreRecord::new(&out.data[record_out..used], &ends[..fields]);
        // In the order the record reader finds them: a record longer than a
        // buffer past the limit stops it reading; the number of cells; the
        // length.
        if (last - first) as u64 > overlong {
            out.error = Some(at_line(too_large(crate::Counted::RecordBytes, max_bytes)));
            break;
        }
        if let Some(expected) = columns.as_ref().map(Vec::len).filter(|&n| n != fields) {
            out.error = Some(at_line(Error::parse(format!(
                "expected {expected} fields as in the header, found {fields} (quote a cell that contains a comma)"
            ))));
            break;
        }
        if (last - first) as u64 > max_bytes {
            out.error = Some(at_line(too_large(crate::Counted::RecordBytes, max_bytes)));
            break;
        }
        out.occupied += 1 + inside;
        let Some(cols) = &columns else {
            match header(&record, line, path) {
                Ok(named) => {
                    if out.rules.maps_kinds() && !named.contains(&Column::Kind) {
                        out.error = Some(at_line(Error::config(
                            "kind mapping",
                            "given",
                            "the header names no kind column (kind) for it to map",
                        )));
                        break;
                    }
                    ends.resize(named.len() + 1, 0);
                    out.columns = Some(named.clone());
                    columns = Some(named);
                }
                Err(e) => {
                    out.error = Some(at_line(e));
                    break;
                }
            }
            continue;
        };
        match row_parts(cols, &record, line, path, &mut out.rules, &mut seen) {
            Ok(Some(row)) if owned => out.owned.push((row.into_interaction(), line as u32)),
            Ok(Some(row)) => {
                let base = out.data.as_ptr() as usize;
                let span = |s: &str| {
                    let from = s.as_ptr() as usize - base;
                    [from as u32, (from + s.len()) as u32]
                };
                let (actor, target) = (span(row.actor), span(row.target));
                let hashes = hasher.map_or([0; 2], |h| [h.hash(row.actor), h.hash(row.target)]);
                let (kind, network) = (out.kinds.number(row.kind), out.networks.number(row.network));
                let weight = row.weight.unwrap_or(f64::NAN);
                out.rows.push(ParsedRow { actor, target, hashes, weight, line: line as u32, kind, network });
            }
            Ok(None) => {}
            Err(e) => {
                out.error = Some(e);
                break;
            }
        }
    }
    out.newlines = memchr::memchr_iter(b'\n', &input[..out.tail]).count() as u64;
    if owned {
        // The interactions own their text.
        out.data = Vec::new();
    } else {
        out.data.truncate(used);
        match String::from_utf8(std::mem::take(&mut out.data)) {
            Ok(text) => out.text = Some(text),
            Err(e) => out.data = e.into_bytes(),
        }
    }
    out
}

/// [`parse`] for JSON lines: the lines of `input` checked as the line
/// reader checks them (length, then UTF-8), blank and comment lines
/// skipped, each other line one object ([`parse_object`]), into
/// [`Parsed::owned`]. A last line without a line break is the tail unless
/// `eof`.
fn parse_json_lines<'r>(input: &[u8], eof: bool, first: bool, settings: Settings<'_, 'r>) -> Parsed<'r> {
    let Settings { path, max_bytes, rules, .. } = settings;
    let mut out = Parsed::new(input.len(), Vec::new(), rules);
    let checked = BlockText::new(input);
    for (index, (start, end, next)) in block_lines(input, first).enumerate() {
        if !eof && input[next - 1] != b'\n' {
            out.tail = start;
            break;
        }
        let line = index as u64 + 1;
        let at = |e: Error| e.at(Position::new(path, line));
        let text = match checked.line(start, end, next, max_bytes) {
            Ok(text) => text,
            Err(e) => {
                out.error = Some(at(e));
                break;
            }
        };
        if is_blank_or_comment(text) {
            continue;
        }
        out.occupied += 1;
        match parse_object(text, &mut out.rules, line) {
            Ok(Some(interaction)) => out.owned.push((interaction, line as u32)),
            Ok(None) => {}
            Err(e) => {
                out.error = Some(at(e));
                break;
            }
        }
    }
    out.newlines = memchr::memchr_iter(b'\n', &input[..out.tail]).count() as u64;
    out
}

/// Where the rows go, in input order.
pub(super) enum Sink<'s> {
    /// Into a graph, without making an [`Interaction`] of each.
    Builder(&'s mut GraphBuilder),
    /// To a function, with the line of each.
    Each(&'s mut dyn FnMut(Interaction, u64) -> Result<()>),
}

/// Reads interaction CSV or JSON lines (`format`), with records of at most
/// `max_bytes`, handing each row that `rules` keep to `sink`, as the
/// record-by-record readers (`csv::read_csv`, `jsonl::read_jsonl`) would,
/// parsing blocks of it in parallel.
pub(super) fn read_in_blocks<R: Read>(
    reader: R,
    path: Option<&Path>,
    mut sink: Sink<'_>,
    max_bytes: u64,
    format: Format,
    rules: &mut Rules<'_>,
    config: BlockConfig,
) -> Result<ReadStats> {
    // CSV: lines a buffer longer than the limit are held whole, as the
    // record reader reads that far before it gives up on a record.
    let line_bytes = match format {
        Format::Csv(_) => max_bytes.saturating_add(PARSER_BUFFER_BYTES as u64),
        Format::JsonLines => max_bytes,
    };
    let mut blocks = BlockReader::new(reader, line_bytes, config);
    let forked = rules.fork();
    // JSON objects become interactions in any case.
    let owned = matches!(sink, Sink::Each(_)) || format == Format::JsonLines;
    let hasher = match &sink {
        Sink::Builder(builder) if !owned => Some(builder.id_hasher()),
        _ => None,
    };
    let settings = Settings { path, owned, max_bytes, format, rules: &forked, hasher: hasher.as_ref() };
    let mut state = State {
        columns: (format == Format::JsonLines).then(Vec::new),
        carry: Vec::new(),
        lines: 0,
        records: 0,
        kept: 0,
        last: None,
        consumed: false,
        lookup: LookupBuffers::default(),
    };
    // Parsed blocks waiting for the builder, in input order; `None` where
    // the columns were not known when the block was parsed.
    let mut parsed: Vec<(Block, Option<Parsed<'_>>)> = Vec::new();
    let mut result = Ok(());
    let mut batch = blocks.next_batch();
    loop {
        if batch.is_empty() && parsed.is_empty() {
            break;
        }
        let columns = state.columns.clone();
        // Three batches at a time: the thread pool parses one while the
        // previous one is handed on and this thread reads the next, so
        // reading (and gunzipping) overlaps both. Handing on runs on the
        // pool for a builder; a function, which need not be `Send`, is
        // called on this thread, before it reads.
        let mut next = Vec::new();
        let mut read = Vec::new();
        let mut used = Ok(());
        rayon::in_place_scope(|scope| {
            let batch = std::mem::take(&mut batch);
            scope.spawn(|_| {
                next = batch
                    .into_par_iter()
                    .map(|mut block| {
                        // CSV's byte-order mark goes before the parser; a line
                        // reader's stays on the first line, which it counts.
                        if block.first && block.bytes.starts_with(BOM) && format != Format::JsonLines {
                            block.bytes.drain(..BOM.len());
                        }
                        let p = columns.as_deref().map(|c| parse(&block.bytes, Some(c), false, block.first, settings));
                        (block, p)
                    })
                    .collect::<Vec<_>>();
            });
            match &mut sink {
                Sink::Builder(builder) => {
                    let (state, parsed, rules, used) = (&mut state, &mut parsed, &mut *rules, &mut used);
                    scope.spawn(move |_| {
                        *used = state.add_blocks(&mut Sink::Builder(builder), parsed, rules, settings);
                    });
                }
                Sink::Each(each) => used = state.add_blocks(&mut Sink::Each(&mut **each), &mut parsed, rules, settings),
            }
            read = blocks.next_batch();
        });
        for (block, _) in parsed.drain(..) {
            blocks.recycle(block.bytes);
        }
        if let Err(e) = used {
            result = Err(e);
            break;
        }
        parsed = next;
        batch = read;
    }
    result?;
    // The last record, without a line break after it.
    let carry = std::mem::take(&mut state.carry);
    if !carry.is_empty() {
        let p = parse(&carry, state.columns.as_deref(), true, !state.consumed, settings);
        state.add(&mut sink, &carry, p, rules, path)?;
    }
    let mut stats = ReadStats {
        lines: state.lines + u64::from(state.last.is_some_and(|b| b != b'\n')),
        records: state.kept,
        ..ReadStats::default()
    };
    stats.skipped = stats.lines.saturating_sub(state.records);
    rules.report(&mut stats);
    if stats.records == 0 {
        return Err(no_records("interactions", path, &stats).at(Position::new(path, stats.lines.max(1))));
    }
    Ok(stats)
}

/// The builder's side: where the input stands.
struct State {
    columns: Option<Vec<Column>>,
    /// The start of a record in progress, from the end of the last block.
    carry: Vec<u8>,
    /// Line breaks so far.
    lines: u64,
    /// Records (the header too) and the line breaks inside their cells.
    records: u64,
    /// Rows kept.
    kept: u64,
    /// The last byte of the input so far.
    last: Option<u8>,
    /// Whether a piece has been used up to somewhere past the input's
    /// first byte (so the next piece does not start the input).
    consumed: bool,
    lookup: LookupBuffers,
}

impl State {
    /// Hands the rows of `parsed` blocks to `builder` in order, parsing
    /// again those behind a carried record start or parsed without the
    /// columns; the first error, with its line, ends it.
    fn add_blocks<'r>(
        &mut self,
        sink: &mut Sink<'_>,
        parsed: &mut [(Block, Option<Parsed<'r>>)],
        rules: &mut Rules<'_>,
        settings: Settings<'_, 'r>,
    ) -> Result<()> {
        for (block, p) in parsed {
            if let Some(&b) = block.bytes.last() {
                self.last = Some(b);
            }
            match p.take() {
                Some(p) if self.carry.is_empty() => self.add(sink, &block.bytes, p, rules, settings.path)?,
                _ => {
                    let mut input = std::mem::take(&mut self.carry);
                    input.extend_from_slice(&block.bytes);
                    let p = parse(&input, self.columns.as_deref(), false, !self.consumed, settings);
                    self.add(sink, &input, p, rules, settings.path)?;
                }
            }
            if let Some(e) = block.error.take() {
                // The line the error cut short.
                return Err(Error::io(settings.path, e).at(Position::new(settings.path, self.lines + 1)));
            }
        }
        Ok(())
    }

    /// Adds the rows of `p`, parsed from `input`, and keeps its tail.
    fn add(
        &mut self,
        sink: &mut Sink<'_>,
        input: &[u8],
        p: Parsed<'_>,
        rules: &mut Rules<'_>,
        path: Option<&Path>,
    ) -> Result<()> {
        let before = self.lines;
        if let Some(columns) = p.columns {
            self.columns = Some(columns);
        }
        let text = |[from, to]: [u32; 2]| {
            // Cells of rows kept are UTF-8: `row_parts` checked them.
            let (from, to) = (from as usize, to as usize);
            match &p.text {
                Some(text) => text.get(from..to),
                None => std::str::from_utf8(&p.data[from..to]).ok(),
            }
            .unwrap_or_default()
        };
        let builder = match sink {
            Sink::Builder(builder) => builder,
            Sink::Each(each) => {
                self.kept += p.owned.len() as u64;
                for (i, line) in p.owned {
                    let line = before + u64::from(line);
                    each(i, line).map_err(|e| e.at(Position::new(path, line)))?;
                }
                return self.finish(input, p.rules, p.occupied, p.error, p.newlines, p.tail, rules, before);
            }
        };
        for rows in p.owned.chunks(LOOKUP_BATCH) {
            let batch: Vec<InteractionRef<'_>> = rows.iter().map(|(i, _)| InteractionRef::of(i)).collect();
            builder
                .add_ref_batch(&batch, &mut self.lookup)
                .map_err(|(k, e)| e.at(Position::new(path, u64::from(rows[k].1))).lines_down(before))?;
        }
        self.kept += p.owned.len() as u64;
        let mut batch = Vec::with_capacity(LOOKUP_BATCH);
        let mut hashes = Vec::with_capacity(2 * LOOKUP_BATCH);
        for rows in p.rows.chunks(LOOKUP_BATCH) {
            batch.clear();
            hashes.clear();
            hashes.extend(rows.iter().flat_map(|r| r.hashes));
            batch.extend(rows.iter().map(|r| InteractionRef {
                actor: text(r.actor),
                target: text(r.target),
                kind: p.kinds.get(r.kind).as_ref(),
                network: p.networks.get(r.network).as_ref(),
                weight: (!r.weight.is_nan()).then_some(r.weight),
            }));
            builder
                .add_hashed_batch(&batch, &hashes, &mut self.lookup)
                .map_err(|(k, e)| e.at(Position::new(path, u64::from(rows[k].line))).lines_down(before))?;
        }
        self.kept += p.rows.len() as u64;
        self.finish(input, p.rules, p.occupied, p.error, p.newlines, p.tail, rules, before)
    }

    /// What is left to do once the rows of a piece are handed on: count,
    /// report its error, keep its tail.
    #[allow(clippy::too_many_arguments)] // the parts of a `Parsed` whose rows were taken
    fn finish(
        &mut self,
        input: &[u8],
        piece: Rules<'_>,
        occupied: u64,
        error: Option<Error>,
        newlines: u64,
        tail: usize,
        rules: &mut Rules<'_>,
        before: u64,
    ) -> Result<()> {
        rules.absorb(&piece, before + 1);
        self.records += occupied;
        if let Some(e) = error {
            return Err(e.lines_down(before));
        }
        self.lines += newlines;
        self.consumed |= tail > 0;
        self.carry.extend_from_slice(&input[tail..]);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::Batch;
    use crate::io::blocks::testing::{block_configs, lines_input, outcome};
    use crate::io::settings::{KindMap, NegativeWeights};

    /// What the record-by-record reader of `format` hands on.
    fn read_by_record(
        format: Format,
        input: &[u8],
        path: Option<&Path>,
        max_bytes: u64,
        rules: &mut Rules<'_>,
        each: &mut dyn FnMut(crate::Interaction, u64) -> Result<()>,
    ) -> Result<ReadStats> {
        let mut each = |i, line| each(i, line);
        match format {
            Format::Csv(delimiter) => super::super::csv::read_csv(input, path, max_bytes, delimiter, rules, &mut each),
            Format::JsonLines => super::super::jsonl::read_jsonl(input, path, max_bytes, rules, &mut each),
        }
    }

    /// What the record-by-record reader does with `input` into a builder
    /// (as [`Reader::load`](super::super::Reader::load) did before blocks).
    fn by_record(
        format: Format,
        input: &[u8],
        path: Option<&Path>,
        builder: &mut GraphBuilder,
        rules: &mut Rules<'_>,
    ) -> Result<ReadStats> {
        let max_bytes = builder.limits().get_max_line_bytes();
        let mut batch = Batch::default();
        let read = {
            let mut push = |i: crate::Interaction, line: u64| batch.push(i, line, builder, path);
            read_by_record(format, input, path, max_bytes, rules, &mut push)
        };
        batch.flush(builder, path)?;
        read
    }

    /// The rows `read` hands on, with their lines, and what it returns.
    fn collect(
        read: impl FnOnce(&mut dyn FnMut(crate::Interaction, u64) -> Result<()>) -> Result<ReadStats>,
    ) -> (std::result::Result<ReadStats, String>, Vec<(crate::Interaction, u64)>) {
        let mut rows = Vec::new();
        let stats = read(&mut |i, line| {
            rows.push((i, line));
            Ok(())
        });
        (stats.map_err(|e| e.to_string()), rows)
    }

    /// A kind mapping, a default kind and network, and what negative
    /// weights do.
    type RuleSet = (Option<KindMap>, Option<InteractionKind>, Option<Network>, NegativeWeights);

    /// The settings of the rules each input is read under.
    fn rule_sets() -> Vec<RuleSet> {
        let map: KindMap = "RT=reshare,MT=mention,like=like,x=-".parse().unwrap();
        vec![
            (None, None, None, NegativeWeights::Error),
            (None, Some(InteractionKind::Like), Some(Network::Twitter), NegativeWeights::Skip),
            (Some(map), None, None, NegativeWeights::Skip),
        ]
    }

    /// Reads `input` record by record and in blocks of every size in
    /// [`block_configs`], into a builder and into a function, under every
    /// rule set, and checks that everything agrees.
    fn agree_as(format: Format, input: &[u8], config: &crate::GraphConfig) {
        let path = Some(Path::new("in.txt"));
        let max_bytes = config.get_limits().get_max_line_bytes();
        for (map, kind, network, negative) in rule_sets() {
            let rules = || Rules::new(map.as_ref(), kind.as_ref(), network.as_ref(), negative);
            let expected = outcome(|b| by_record(format, input, path, b, &mut rules()), config);
            let collected = collect(|each| read_by_record(format, input, path, max_bytes, &mut rules(), each));
            for blocks in block_configs() {
                let got = outcome(
                    |b| read_in_blocks(input, path, Sink::Builder(b), max_bytes, format, &mut rules(), blocks),
                    config,
                );
                assert_eq!(got, expected, "{blocks:?} {map:?} on {:?}", String::from_utf8_lossy(input));
                let got = collect(|each| {
                    read_in_blocks(input, path, Sink::Each(each), max_bytes, format, &mut rules(), blocks)
                });
                assert_eq!(got, collected, "{blocks:?} {map:?} on {:?}", String::from_utf8_lossy(input));
            }
        }
    }

    fn agree(input: &[u8], config: &crate::GraphConfig) {
        agree_as(Format::Csv(b','), input, config);
    }

    #[test]
    fn a_column_whose_values_all_differ_reads_as_record_by_record() {
        // More distinct kinds and networks in one block than a scan would
        // take, and than a 16-bit number holds.
        let mut input = String::from("actor,target,kind,network\n");
        for i in 0..70_000 {
            input.push_str(&format!("u{},u{},k{i},n{}\n", i % 97, i % 89, i % 3));
        }
        let config = crate::GraphConfig::default().layers(true);
        let path = Some(Path::new("in.csv"));
        let rules = || Rules::new(None, None, None, NegativeWeights::Error);
        let format = Format::Csv(b',');
        let expected = outcome(|b| by_record(format, input.as_bytes(), path, b, &mut rules()), &config);
        for blocks in [BlockConfig::default(), BlockConfig { first_bytes: 1000, max_bytes: 50_000, batch: 3 }] {
            let got = outcome(
                |b| read_in_blocks(input.as_bytes(), path, Sink::Builder(b), 1 << 16, format, &mut rules(), blocks),
                &config,
            );
            assert_eq!(got, expected, "{blocks:?}");
        }
    }

    #[test]
    fn json_lines_in_blocks_read_what_lines_read() {
        let inputs: &[&[u8]] = &[
            b"",
            b"\n",
            b"\xEF\xBB\xBF{\"actor\":\"ann\",\"target\":\"bob\"}\r\n",
            b"{\"actor\":\"ann\",\"target\":\"bob\",\"kind\":\"RT\",\"weight\":2}\n# c\n\n{\"actor\":1,\"target\":2}",
            b"{\"actor\":\"ann\",\"target\":\"bob\",\"kind\":\"x\"}\n{\"actor\":\"bob\",\"target\":\"cy\",\"weight\":-1}\n",
            b"{\"actor\":\"ann\",\"target\":\"bob\"}\n{\"actor\":\"ann\"}\n",
            b"{\"actor\":\"ann\",\"target\":\"bob\"}\nnot json\n",
            b"{\"actor\":\"ann\",\"target\":\"bob\"}\n{\"actor\":\"\xFF\",\"target\":\"b\"}\n",
            b"{\"actor\":\"ann\",\"target\":\"bob\"}\n{\"actor\":\"a-very-long-user-name\",\"target\":\"b\"}\n",
            b"{\"actor\":\"ann\",\"target\":\"bob\",\"network\":\"facebook\",\"time\":\"2024-01-02\",\"topic\":\"#Tech\"}\r",
            b"{\"actor\":\"ann\",\"target\":\"ann\"}\n",
        ];
        agree_on_each(Format::JsonLines, inputs);
    }

    /// [`agree_as`] on every input with every one of [`configs`].
    fn agree_on_each(format: Format, inputs: &[&[u8]]) {
        for config in configs() {
            for input in inputs {
                agree_as(format, input, &config);
            }
        }
    }

    fn configs() -> Vec<crate::GraphConfig> {
        use crate::{GraphConfig, Limits};
        vec![
            GraphConfig::default().layers(true),
            GraphConfig::default().limits(Limits::default().max_line_bytes(14)),
            GraphConfig::default().limits(Limits::default().max_users(4)),
            GraphConfig::default().limits(Limits::default().max_edges(3)),
        ]
    }

    #[test]
    fn blocks_read_what_records_read() {
        let inputs: &[&[u8]] = &[
            b"",
            b"\n",
            b"\xEF\xBB\xBF",
            b"actor,target\n",
            b"\xEF\xBB\xBFactor,target\r\nann,bob\r\n\r\nbob,cy",
            b"actor,target,kind,network,time,weight,topic\nann,bob,like,twitter,1700000000,2,#Tech\nbob,cy,RT,,,,\n",
            b"target,actor,kind\nbob,ann,MT\ncy,bob,x\ncy,ann,like\n",
            b"actor,target,weight\nann,bob,-1\nbob,cy,2\ncy,ann,-3\n",
            b"actor,target\n\"ann, jr.\",bob\n\"multi\nline\",\"cy\r\nz\"\nbob,\"multi\nline\"\n",
            b"actor,target\n\"open,bob\nann,cy\n",
            b"actor,target\nann,bob,extra\n",
            b"actor,target\nann\n",
            b"actor,target,time\nann,bob,yesterday\n",
            b"actor,target,kind\nann,bob,\n,bob,like\n",
            b"actor,target\nann,\xFF\n",
            b"actor,\"tar\nget\"\nann,bob\n",
            b"actor,target\nann,ann\nbob,bob\n",
            b"nothing,here\nann,bob\n",
            b"actor,actor\nann,bob\n",
            b"actor,target\nan-overlong-user-name,bob\nann,bob\n",
            b"actor,target\nann,bob\r",
            b"actor,target\nann,bob\rbob,cy\r\n",
            b"actor,target,network\na,b,x\nc,d,facebook\ne,f,\ng,h,Other\n",
            b"actor,target,weight\na,b,NaN\n",
            b"actor,target,weight\na,b,1e-310\nc,d,1\n",
        ];
        agree_on_each(Format::Csv(b','), inputs);
    }

    mod random {
        use proptest::prelude::*;

        use super::*;

        fn cell(column: &'static str) -> BoxedStrategy<String> {
            let id = prop_oneof![
                6 => (0u8..8).prop_map(|k| format!("u{k}")),
                1 => Just(String::from("\"u, 1\"")),
                1 => Just(String::from("\"two\nlines\"")),
                1 => Just(String::from("\"say \"\"hi\"\"\"")),
                1 => Just(String::from("a-long-user-name-here")),
            ];
            match column {
                "actor" | "target" => prop_oneof![20 => id, 1 => Just(String::new())].boxed(),
                "kind" => prop_oneof![Just("like"), Just("RT"), Just("MT"), Just("x"), Just(""), Just("odd")]
                    .prop_map(String::from)
                    .boxed(),
                "network" => prop_oneof![Just("twitter"), Just("facebook"), Just(""), Just("Mastodon")]
                    .prop_map(String::from)
                    .boxed(),
                "time" => prop_oneof![Just("1700000000"), Just("2024-01-02"), Just(""), Just("soon")]
                    .prop_map(String::from)
                    .boxed(),
                "weight" => prop_oneof![Just("1"), Just("2.5"), Just(""), Just("-1"), Just("0"), Just("w")]
                    .prop_map(String::from)
                    .boxed(),
                _ => prop_oneof![Just("#Tech"), Just(""), Just("\"a,b\"")].prop_map(String::from).boxed(),
            }
        }

        /// JSON lines from a small vocabulary: objects with and without
        /// the optional keys, comments, blanks and a few bad lines.
        fn json_lines() -> impl Strategy<Value = Vec<u8>> {
            let id = prop_oneof![
                4 => (0u8..8).prop_map(|k| format!("\"u{k}\"")),
                1 => (0u8..8).prop_map(|k| k.to_string()),
                1 => Just(String::from("\"a-long-user-name-here\"")),
                1 => Just(String::from("\"\"")),
            ];
            let extra = prop_oneof![
                Just(""),
                Just(",\"kind\":\"RT\""),
                Just(",\"kind\":\"x\""),
                Just(",\"kind\":\"like\",\"weight\":2.5"),
                Just(",\"weight\":-1"),
                Just(",\"network\":\"facebook\",\"time\":1700000000"),
                Just(",\"time\":\"soon\""),
                Just(",\"topic\":\"#Tech\""),
                Just(",\"colour\":\"red\""),
            ];
            let object = (id.clone(), id, extra)
                .prop_map(|(a, t, x)| format!("{{\"actor\":{a},\"target\":{t}{x}}}").into_bytes());
            let other = prop_oneof![
                Just(b"# a comment".to_vec()),
                Just(b"".to_vec()),
                Just(b"  ".to_vec()),
                Just(b"[1, 2]".to_vec()),
                Just(b"{\"actor\":\"a\"".to_vec()),
                Just(b"{\"actor\":\"\xFF\",\"target\":\"b\"}".to_vec()),
            ];
            lines_input(prop_oneof![10 => object, 2 => other])
        }

        fn input() -> impl Strategy<Value = Vec<u8>> {
            let header = prop::sample::subsequence(vec!["kind", "network", "time", "weight", "topic"], 0..=5)
                .prop_flat_map(|optional| {
                    let mut columns = vec!["actor", "target"];
                    columns.extend(optional);
                    Just(columns).prop_shuffle()
                });
            header.prop_flat_map(|columns| {
                let row = columns.iter().map(|c| cell(c)).collect::<Vec<_>>();
                let line = prop_oneof![
                    12 => row.prop_map(|cells| cells.join(",")),
                    1 => Just(String::new()),
                    1 => Just(String::from("u1,u2,u3,u4,u5,u6,u7,u8")),
                ];
                let end = prop_oneof![4 => Just("\n"), 1 => Just("\r\n")];
                (Just(columns.join(",")), prop::collection::vec((line, end), 0..30), any::<bool>(), any::<bool>())
                    .prop_map(|(header, lines, bom, last_break)| {
                        let mut out = if bom { "\u{feff}".to_string() } else { String::new() };
                        out.push_str(&header);
                        out.push('\n');
                        let n = lines.len();
                        for (i, (line, end)) in lines.into_iter().enumerate() {
                            out.push_str(&line);
                            if i + 1 < n || last_break {
                                out.push_str(end);
                            }
                        }
                        out.into_bytes()
                    })
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]

            #[test]
            fn blocks_agree_with_records(input in input(), config in 0usize..4) {
                agree(&input, &configs()[config]);
            }

            #[test]
            fn json_lines_blocks_agree_with_lines(input in json_lines(), config in 0usize..4) {
                agree_as(Format::JsonLines, &input, &configs()[config]);
            }
        }
    }
}
