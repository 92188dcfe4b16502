//! Interaction CSV: a header naming the columns, then one interaction per
//! row; read with the `csv` crate and written back in the same shape.
//!
//! Columns are found by name, so any order works, and every column must be
//! understood: an unknown one is an error listing the known ones, never
//! dropped. The `csv` crate's own record positions count a `\r\n` line end
//! and skipped blank lines wrongly, so the reader counts physical lines
//! itself (see `Tracked`) and every error names the true line. This module
//! must never read the whole input into memory or guess a column's meaning.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::path::Path;

use ::csv::{ByteRecord, ReaderBuilder, WriterBuilder};

use super::fields::{check_interaction, check_parts, quote};
use super::lines::utf8_error;
use super::rules::{Cell, Rules};
use super::time::parse_time;
use super::{Limits, too_large};
use super::{ReadStats, no_records};
use crate::error::{Error, Position, Result};
use crate::graph::GraphBuilder;
use crate::interaction::{Interaction, InteractionKind, Network, normalize_topic};

/// The columns written by [`write_interactions_csv`], in order.
const HEADER: [&str; 7] = ["actor", "target", "kind", "network", "time", "weight", "topic"];

/// The CSV parser's buffer. It reads ahead by at most this much, so the input
/// stops a record only once it is this much past the limit; the record's
/// exact length is checked when the parser returns it.
pub(super) const PARSER_BUFFER_BYTES: usize = 64 << 10;

/// What the header's names and aliases mean, for error messages.
const KNOWN: &str =
    "actor (or source, from), target (or to), kind, network, time, weight, topic (or topics, hashtag, tag)";

/// Reads interaction CSV into `builder` (each row through
/// [`GraphBuilder::add_interaction`]), returning what was read.
///
/// The first line is a header naming the columns, in any order and
/// case-insensitively: `actor` (or `source`, `from`), `target` (or `to`),
/// and optionally `kind`, `network`, `time`, `weight` and `topic` (or
/// `topics`, `hashtag`, `tag`). An empty cell of an optional column means
/// none. `kind` and `network` take the names that
/// [`InteractionKind`](crate::InteractionKind) and
/// [`Network`](crate::Network) parse; `time` is Unix seconds or an ISO date
/// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[Z]` (UTC); `weight` is a number,
/// finite and at least 0; `topic` is one topic, normalized as
/// [`Interaction`](crate::Interaction#topics) says (`#Tech` is `tech`, a
/// lone `#` is none). Cells are quoted the usual CSV way (`"a,b"`,
/// `"say ""hi"""`); a UTF-8 byte-order mark and `\r\n` line ends are
/// accepted; blank lines are skipped. CSV has no comments. A record is held
/// to the builder's [`Limits::max_line_bytes`](crate::Limits::max_line_bytes)
/// (64 KiB by default; line breaks inside quoted cells count): a longer one
/// almost always means a quote left open, which would otherwise make the
/// parser gather the rest of the file into one record. The builder's limits
/// on users and edges apply as the rows come.
///
/// `path` only names the input in errors.
///
/// # Errors
///
/// Every error carries the [`Position`](crate::Position) of its line: a
/// header without `actor` or `target` (naming the missing column), an unknown
/// or repeated column, a row with more or fewer cells than the header, an
/// empty id, a bad kind, network, time or weight (quoting it), invalid UTF-8,
/// an I/O error, a record, a user or an edge beyond the builder's
/// [`Limits`](crate::Limits) ([`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge)),
/// and an input without a single row.
///
/// # Example
///
/// ```
/// use influence::{io, GraphBuilder, Network};
///
/// let input = "To,From,Network,time\nbob,ann,twitter,2024-05-01\ncy,bob,,1714521600\n";
/// let mut builder = GraphBuilder::default();
/// let stats = io::load_csv(input.as_bytes(), None, &mut builder)?;
/// assert_eq!((stats.lines, stats.records), (3, 2));
/// let graph = builder.build()?;
/// assert_eq!(graph.user_ids().collect::<Vec<_>>(), ["ann", "bob", "cy"]);
/// assert_eq!(graph.layer(&Network::Twitter).map(|l| l.edge_count()), Some(1));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn load_csv<R: Read>(reader: R, path: Option<&Path>, builder: &mut GraphBuilder) -> Result<ReadStats> {
    super::Reader::default().format(super::InputFormat::Csv).load(reader, path, builder)
}

/// Reads interaction CSV (see [`load_csv`]) into a vector of records, under
/// the default [`Limits`];
/// [`Reader::limits`](super::Reader::limits) sets others.
///
/// # Example
///
/// ```
/// use influence::{io, Interaction, InteractionKind};
///
/// let input = "actor,target,kind,weight,hashtag\nann,bob,retweet,2,#Music\nbob,ann,,,\n";
/// let records = io::read_interactions_csv(input.as_bytes(), None)?;
/// assert_eq!(records, [
///     Interaction::new("ann", "bob").kind(InteractionKind::Reshare).weight(2.0).topic("music"),
///     Interaction::new("bob", "ann"),
/// ]);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_interactions_csv<R: Read>(reader: R, path: Option<&Path>) -> Result<Vec<Interaction>> {
    super::read_interactions_from_with_limits(reader, path, super::InputFormat::Csv, Limits::default())
}

/// Writes `interactions` as CSV with the header
/// `actor,target,kind,network,time,weight,topic`, an empty cell for each `None`,
/// kinds and networks by their canonical names and weights in Rust's
/// shortest round-trip notation, so that [`read_interactions_csv`] reads back
/// exactly the same records. Ids are quoted where CSV requires it.
///
/// # Errors
///
/// An I/O error from `writer`, or an interaction the readers would reject (an
/// empty id, a NaN, infinite or negative weight) or read differently (a
/// topic that is not normalized), before anything of it is written.
///
/// # Example
///
/// ```
/// use influence::{io, Interaction, Network};
///
/// let records = [Interaction::new("ann", "bob, jr.").network(Network::Twitter).time(1_700_000_000).topic("tech")];
/// let mut out = Vec::new();
/// io::write_interactions_csv(&records, &mut out)?;
/// assert_eq!(String::from_utf8(out.clone()).unwrap(),
///     "actor,target,kind,network,time,weight,topic\nann,\"bob, jr.\",,twitter,1700000000,,tech\n");
/// assert_eq!(io::read_interactions_csv(&out[..], None)?, records);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn write_interactions_csv<W: Write>(interactions: &[Interaction], writer: W) -> Result<()> {
    let mut w = WriterBuilder::new().from_writer(writer);
    w.write_record(HEADER).map_err(write_error)?;
    let (mut time, mut weight) = (String::new(), String::new());
    for i in interactions {
        check_interaction(i)?;
        time.clear();
        weight.clear();
        if let Some(t) = i.time {
            time = t.to_string();
        }
        if let Some(x) = i.weight {
            weight = x.to_string();
        }
        let kind = i.kind.as_ref().map_or("", |k| k.name());
        let network = i.network.as_ref().map_or("", |n| n.name());
        let topic = i.topic.as_deref().unwrap_or_default();
        w.write_record([i.actor.as_str(), i.target.as_str(), kind, network, time.as_str(), weight.as_str(), topic])
            .map_err(write_error)?;
    }
    w.flush().map_err(|e| Error::io(None, e))
}

/// Converts a `csv` error from writing.
pub(super) fn write_error(e: ::csv::Error) -> Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => Error::io(None, e),
        other => Error::parse(format!("cannot write CSV: {other:?}")),
    }
}

/// What the columns of a CSV header may be: implemented by each CSV
/// reader's column enum, so that [`header`] serves them all.
pub(super) trait HeaderColumn: Copy + PartialEq + 'static {
    /// Every name and alias, for the message about an unknown column.
    const KNOWN: &'static str;
    /// The columns a header must have, each with its aliases as the message
    /// about a missing column shows them (` (or "to")`).
    const REQUIRED: &'static [(Self, &'static str)];

    /// The column `name` (trimmed) means, case-insensitively.
    fn from_name(name: &str) -> Option<Self>;

    /// The canonical name.
    fn name(self) -> &'static str;
}

/// What a header column of interaction CSV holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Actor,
    Target,
    Kind,
    Network,
    Time,
    Weight,
    Topic,
}

impl HeaderColumn for Column {
    const KNOWN: &'static str = KNOWN;
    const REQUIRED: &'static [(Column, &'static str)] =
        &[(Column::Actor, " (or \"source\", \"from\")"), (Column::Target, " (or \"to\")")];

    fn from_name(name: &str) -> Option<Column> {
        Some(match name.to_ascii_lowercase().as_str() {
            "actor" | "source" | "from" => Column::Actor,
            "target" | "to" => Column::Target,
            "kind" => Column::Kind,
            "network" => Column::Network,
            "time" => Column::Time,
            "weight" => Column::Weight,
            "topic" | "topics" | "hashtag" | "tag" => Column::Topic,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        HEADER[self as usize]
    }
}

/// Reads interaction CSV with records of at most `max_bytes`, cells split
/// at `delimiter`, handing each record that `rules` keep to `each` with its
/// line: one record at a time with the `csv` crate. The readers parse CSV
/// in blocks ([`interactions`](super::interactions)); this is what their tests
/// hold them to.
#[cfg(test)]
pub(super) fn read_csv<R: Read>(
    reader: R,
    path: Option<&Path>,
    max_bytes: u64,
    delimiter: u8,
    rules: &mut Rules<'_>,
    each: &mut impl FnMut(Interaction, u64) -> Result<()>,
) -> Result<ReadStats> {
    let mut columns: Option<Vec<Column>> = None;
    let mut kept = 0;
    let mut seen = Seen::default();
    let mut stats = read_records_split(reader, path, max_bytes, delimiter, |record, line| match &columns {
        None => {
            let named = header(record, line, path)?;
            if rules.maps_kinds() && !named.contains(&Column::Kind) {
                return Err(Error::config(
                    "kind mapping",
                    "given",
                    "the header names no kind column (kind) for it to map",
                ));
            }
            columns = Some(named);
            Ok(())
        }
        Some(cols) => {
            if let Some(interaction) = row(cols, record, line, path, rules, &mut seen)? {
                each(interaction, line)?;
                kept += 1;
            }
            Ok(())
        }
    })?;
    stats.records = kept;
    rules.report(&mut stats);
    if stats.records == 0 {
        return Err(no_records("interactions", path, &stats).at(Position::new(path, stats.lines.max(1))));
    }
    Ok(stats)
}

/// Reads the CSV records of `reader`, the header included, handing each to
/// `each` with the physical line it starts on. Errors without a position
/// get that line's; an input without a record after the header is an error
/// saying that no `what` were found; a record longer than `max_bytes` (line
/// breaks inside quoted cells counted) is an error before it is read whole.
///
/// The returned statistics count the records after the header.
pub(super) fn read_records<R: Read>(
    reader: R,
    path: Option<&Path>,
    what: &str,
    max_bytes: u64,
    each: impl FnMut(&ByteRecord, u64) -> Result<()>,
) -> Result<ReadStats> {
    let stats = read_records_or_none(reader, path, max_bytes, each)?;
    if stats.records == 0 {
        return Err(no_records(what, path, &stats).at(Position::new(path, stats.lines.max(1))));
    }
    Ok(stats)
}

/// [`read_records`] for inputs where no record after the header (or no
/// header at all) is a valid, empty result.
pub(super) fn read_records_or_none<R: Read>(
    reader: R,
    path: Option<&Path>,
    max_bytes: u64,
    each: impl FnMut(&ByteRecord, u64) -> Result<()>,
) -> Result<ReadStats> {
    read_records_split(reader, path, max_bytes, b',', each)
}

/// [`read_records_or_none`] with cells split at `delimiter`.
fn read_records_split<R: Read>(
    reader: R,
    path: Option<&Path>,
    max_bytes: u64,
    delimiter: u8,
    mut each: impl FnMut(&ByteRecord, u64) -> Result<()>,
) -> Result<ReadStats> {
    let at = |line: u64| Position::new(path, line);
    let input = Tracked::new(skip_bom(reader).map_err(|e| Error::io(path, e).at(at(1)))?, max_bytes);
    let mut rdr = ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .delimiter(delimiter)
        .buffer_capacity(PARSER_BUFFER_BYTES)
        .from_reader(input);
    let mut record = ByteRecord::new();
    let mut stats = ReadStats::default();
    let mut occupied = 0u64;
    let mut seen_header = false;
    loop {
        let more = rdr.read_byte_record(&mut record).map_err(|e| read_error(e, &record, path, rdr.get_mut()))?;
        if !more {
            break;
        }
        let start = record.position().map_or(0, |p| p.byte());
        let end = rdr.position().byte();
        let input = rdr.get_mut();
        let line = input.line_at(start);
        if input.record_bytes(start, end) > max_bytes {
            return Err(too_large(crate::Counted::RecordBytes, max_bytes).at(at(line)));
        }
        input.record_ended(end);
        occupied += 1 + record.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
        each(&record, line).map_err(|e| e.at(at(line)))?;
        stats.records += u64::from(seen_header);
        seen_header = true;
    }
    stats.lines = rdr.get_ref().lines();
    stats.skipped = stats.lines.saturating_sub(occupied);
    Ok(stats)
}

/// The meaning of each column of the header `record` on line `line`: every
/// name must be known (or an alias) and appear once, and every required
/// column must be there.
pub(super) fn header<C: HeaderColumn>(record: &impl Cells, line: u64, path: Option<&Path>) -> Result<Vec<C>> {
    let mut columns: Vec<C> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    // No cell a column name: the header is missing, not misspelt.
    let mut any_known = false;
    for (i, cell) in record.cells().enumerate() {
        any_known |= C::from_name(field_str(record, i, cell, line, path)?.trim()).is_some();
    }
    if !any_known {
        let text: Vec<&str> = record.cells().map(|c| std::str::from_utf8(c).unwrap_or("?")).collect();
        return Err(Error::parse(format!(
            "the header is missing: the first line {} names no column (known columns: {})",
            quote(&text.join(",")),
            C::KNOWN
        )));
    }
    for (i, cell) in record.cells().enumerate() {
        let name = field_str(record, i, cell, line, path)?.trim();
        let column = C::from_name(name).ok_or_else(|| {
            Error::parse(format!("unknown column {} in the header (known columns: {})", quote(name), C::KNOWN))
        })?;
        if let Some(j) = columns.iter().position(|&c| c == column) {
            return Err(Error::parse(format!(
                "column {} appears twice in the header, as {} and {}",
                column.name(),
                quote(names[j]),
                quote(name)
            )));
        }
        columns.push(column);
        names.push(name);
    }
    for &(required, aliases) in C::REQUIRED {
        if !columns.contains(&required) {
            return Err(Error::parse(format!(
                "missing column \"{}\"{aliases} in the header; it has {}",
                required.name(),
                quote(&names.join(","))
            )));
        }
    }
    Ok(columns)
}

/// The cells of one CSV record, in order: the `csv` crate's
/// [`ByteRecord`], or a record that a block parser holds
/// ([`interactions`](super::interactions)), so that both read rows with the same
/// code.
pub(super) trait Cells {
    /// The cells, in order.
    fn cells(&self) -> impl Iterator<Item = &[u8]>;

    /// Cell `i` as text, where the record knows it is UTF-8 already
    /// (`None`: check the cell).
    fn cell_text(&self, _i: usize) -> Option<&str> {
        None
    }
}

impl Cells for ByteRecord {
    fn cells(&self) -> impl Iterator<Item = &[u8]> {
        self.iter()
    }
}

/// One row of interaction CSV as read, its ids and topic borrowed from the
/// record: what [`row`] makes an [`Interaction`] of, and what the block
/// parser hands the builder without one.
#[derive(Debug)]
pub(super) struct Row<'r> {
    pub(super) actor: &'r str,
    pub(super) target: &'r str,
    pub(super) kind: Option<InteractionKind>,
    pub(super) network: Option<Network>,
    pub(super) time: Option<i64>,
    pub(super) weight: Option<f64>,
    /// The topic cell, trimmed, not yet normalized.
    pub(super) topic: Option<&'r str>,
}

/// The kinds and networks of the cells read so far, by their text: a
/// column holds a handful of distinct values, each parsed once.
#[derive(Debug, Default)]
pub(super) struct Seen {
    kinds: Vec<(Box<str>, Cell<InteractionKind>)>,
    networks: Vec<(Box<str>, Network)>,
}

/// Cells remembered at most, per column.
const SEEN: usize = 32;

impl Seen {
    /// What kind cell `text` (trimmed, not empty) means under `rules`.
    fn kind(&mut self, text: &str, rules: &Rules<'_>) -> Result<Cell<InteractionKind>> {
        if let Some((_, kind)) = self.kinds.iter().find(|(t, _)| **t == *text) {
            return Ok(kind.clone());
        }
        let kind = rules.kind(text)?;
        if self.kinds.len() < SEEN {
            self.kinds.push((text.into(), kind.clone()));
        }
        Ok(kind)
    }

    /// The network cell `text` (trimmed, not empty) names.
    fn network(&mut self, text: &str) -> Result<Network> {
        if let Some((_, network)) = self.networks.iter().find(|(t, _)| **t == *text) {
            return Ok(network.clone());
        }
        let network: Network = text.parse()?;
        if self.networks.len() < SEEN {
            self.networks.push((text.into(), network.clone()));
        }
        Ok(network)
    }
}

/// The interaction in row `record`, which starts on line `line`, or `None`
/// when `rules` leave it out.
#[cfg(test)]
fn row(
    columns: &[Column],
    record: &ByteRecord,
    line: u64,
    path: Option<&Path>,
    rules: &mut Rules<'_>,
    seen: &mut Seen,
) -> Result<Option<Interaction>> {
    Ok(row_parts(columns, record, line, path, rules, seen)?.map(Row::into_interaction))
}

impl Row<'_> {
    /// The interaction the row holds, its topic normalized.
    pub(super) fn into_interaction(self) -> Interaction {
        Interaction {
            actor: self.actor.to_string(),
            target: self.target.to_string(),
            kind: self.kind,
            network: self.network,
            time: self.time,
            weight: self.weight,
            topic: self.topic.and_then(normalize_topic),
        }
    }
}

/// The parts of row `record`, which starts on line `line`, checked, with
/// `rules`' defaults; `None`, counted in `rules`, when they leave it out.
pub(super) fn row_parts<'r>(
    columns: &[Column],
    record: &'r impl Cells,
    line: u64,
    path: Option<&Path>,
    rules: &mut Rules<'_>,
    seen: &mut Seen,
) -> Result<Option<Row<'r>>> {
    let mut row = Row { actor: "", target: "", kind: None, network: None, time: None, weight: None, topic: None };
    let mut skip = None;
    let at = |e: Error| e.at(Position::new(path, line));
    for (i, (&column, cell)) in columns.iter().zip(record.cells()).enumerate() {
        let text = field_str(record, i, cell, line, path)?;
        let optional = trim(text);
        match column {
            Column::Actor => row.actor = text,
            Column::Target => row.target = text,
            _ if optional.is_empty() => {}
            Column::Kind => match seen.kind(optional, rules).map_err(at)? {
                Ok(kind) => row.kind = Some(kind),
                Err(why) => skip = skip.or(Some(why)),
            },
            Column::Network => row.network = Some(seen.network(optional).map_err(at)?),
            Column::Time => row.time = Some(parse_time(text).map_err(at)?),
            Column::Weight => match rules.weight(text).map_err(at)? {
                Ok(w) => row.weight = Some(w),
                Err(why) => skip = skip.or(Some(why)),
            },
            Column::Topic => row.topic = Some(optional),
        }
    }
    // The topic is normalized, so only the ids and the weight can be wrong.
    check_parts(row.actor, row.target, row.weight, None).map_err(at)?;
    if !rules.keep(skip, line) {
        return Ok(None);
    }
    rules.defaults(&mut row.kind, &mut row.network);
    Ok(Some(row))
}

/// `text.trim()`, without looking for Unicode whitespace when `text` starts
/// and ends with a visible ASCII character, as nearly every cell does.
#[inline]
fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Cell `i` of `record` as text. A cell that is not UTF-8 is an error whose
/// position is its own line, which is later than `line` when an earlier
/// quoted cell spans lines.
pub(super) fn field_str<'r>(
    record: &'r impl Cells,
    i: usize,
    cell: &'r [u8],
    line: u64,
    path: Option<&Path>,
) -> Result<&'r str> {
    if let Some(text) = record.cell_text(i) {
        return Ok(text);
    }
    std::str::from_utf8(cell).map_err(|e| {
        let newlines = |bytes: &[u8]| bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        let before: u64 = record.cells().take(i).map(newlines).sum::<u64>() + newlines(&cell[..e.valid_up_to()]);
        utf8_error(cell, &e, "cell").at(Position::new(path, line + before))
    })
}

/// Converts a `csv` error from reading into `record`, placing it on the
/// true line of the record.
fn read_error<R: Read>(e: ::csv::Error, record: &ByteRecord, path: Option<&Path>, input: &mut Tracked<R>) -> Error {
    let start = e.position().or(record.position()).map(::csv::Position::byte);
    let line = start.map_or(input.lines().max(1), |byte| input.line_at(byte));
    let err = match e.into_kind() {
        ::csv::ErrorKind::Io(_) if input.overlong => too_large(crate::Counted::RecordBytes, input.max_bytes),
        ::csv::ErrorKind::Io(e) => Error::io(path, e),
        ::csv::ErrorKind::UnequalLengths { expected_len, len, .. } => Error::parse(format!(
            "expected {expected_len} fields as in the header, found {len} (quote a cell that contains a comma)"
        )),
        other => Error::parse(format!("invalid CSV: {other:?}")),
    };
    err.at(Position::new(path, line))
}

/// `reader` without a leading UTF-8 byte-order mark.
fn skip_bom<R: Read>(mut reader: R) -> io::Result<io::Chain<io::Cursor<Vec<u8>>, R>> {
    let mut head = Vec::with_capacity(3);
    (&mut reader).take(3).read_to_end(&mut head)?;
    if head == b"\xEF\xBB\xBF" {
        head.clear();
    }
    Ok(io::Cursor::new(head).chain(reader))
}

/// The input under the CSV parser, remembering where line terminators are so
/// that a record's byte offset can be turned into its physical line and its
/// length counted without the terminators around it.
///
/// Only terminators not yet behind the current record are kept (a few
/// buffers' worth), and reading fails once the record being read grows
/// [`PARSER_BUFFER_BYTES`] past the limit, so memory stays bounded.
#[derive(Debug)]
struct Tracked<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// Offsets and bytes of the `\r` and `\n` read but not yet passed.
    terminators: VecDeque<(u64, u8)>,
    /// `\n` bytes already dropped from `terminators`.
    newlines_passed: u64,
    newlines: u64,
    last: Option<u8>,
    /// Where the record being read starts: the first byte after the last
    /// record returned that is not a line terminator (`None` while only
    /// terminators were read since).
    current_start: Option<u64>,
    /// The longest record accepted, without its terminator.
    max_bytes: u64,
    /// Whether reading stopped because a record grew too long.
    overlong: bool,
}

impl<R: Read> Tracked<R> {
    fn new(inner: R, max_bytes: u64) -> Self {
        Tracked {
            inner,
            offset: 0,
            terminators: VecDeque::new(),
            newlines_passed: 0,
            newlines: 0,
            last: None,
            current_start: None,
            max_bytes,
            overlong: false,
        }
    }

    /// The number of terminators kept that lie before byte `byte`.
    fn terminators_before(&self, byte: u64) -> usize {
        self.terminators.partition_point(|&(offset, _)| offset < byte)
    }

    /// The bytes of the record the parser found from `start` to `end`,
    /// without the line terminators before and after it (line breaks inside
    /// quoted cells count).
    fn record_bytes(&self, start: u64, end: u64) -> u64 {
        let (first, last) = (self.terminators_before(start), self.terminators_before(end));
        let kept = self.terminators.range(first..last);
        let leading = kept.clone().zip(start..).take_while(|&(&(offset, _), at)| offset == at).count();
        let trailing = kept.rev().zip((start..end).rev()).take_while(|&(&(offset, _), at)| offset == at).count();
        (end - start).saturating_sub((leading + trailing) as u64)
    }

    /// Notes that the parser returned a record ending at byte `end`: the
    /// next one starts at the first byte from there that is not a line
    /// terminator.
    fn record_ended(&mut self, end: u64) {
        let mut next = end;
        for &(offset, _) in self.terminators.range(self.terminators_before(end)..) {
            if offset != next {
                break;
            }
            next += 1;
        }
        self.current_start = (next < self.offset).then_some(next);
    }

    /// The 1-based line of the record the parser started reading at byte
    /// `byte`. Calls must come in increasing order of `byte`.
    fn line_at(&mut self, byte: u64) -> u64 {
        while let Some(&(offset, b)) = self.terminators.front() {
            if offset >= byte {
                break;
            }
            self.newlines_passed += u64::from(b == b'\n');
            self.terminators.pop_front();
        }
        // The parser reads past line terminators before a record (the `\n`
        // of a `\r\n`, blank lines); the record starts after them.
        let skipped = (byte..)
            .zip(&self.terminators)
            .take_while(|&(at, &(offset, _))| offset == at)
            .filter(|&(_, &(_, b))| b == b'\n')
            .count() as u64;
        self.newlines_passed + skipped + 1
    }

    /// Physical lines read (a last line without a line break counts).
    fn lines(&self) -> u64 {
        self.newlines + u64::from(self.last.is_some_and(|b| b != b'\n'))
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // The parser reads ahead by at most its buffer, so only a record that
        // really is longer than the limit trips this.
        if let Some(start) = self.current_start {
            if self.offset - start > self.max_bytes.saturating_add(PARSER_BUFFER_BYTES as u64) {
                self.overlong = true;
                return Err(io::Error::new(io::ErrorKind::InvalidData, "CSV record too long"));
            }
        }
        let n = self.inner.read(buf)?;
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                self.terminators.push_back((self.offset + i as u64, b));
                self.newlines += u64::from(b == b'\n');
            } else if self.current_start.is_none() {
                self.current_start = Some(self.offset + i as u64);
            }
        }
        if n > 0 {
            self.last = Some(buf[n - 1]);
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(input: &str) -> Vec<u64> {
        let mut lines = Vec::new();
        let mut rdr = ReaderBuilder::new().has_headers(false).from_reader(Tracked::new(input.as_bytes(), 1 << 10));
        let mut record = ByteRecord::new();
        while rdr.read_byte_record(&mut record).unwrap() {
            let byte = record.position().unwrap().byte();
            lines.push(rdr.get_mut().line_at(byte));
        }
        lines
    }

    #[test]
    fn records_get_their_physical_lines() {
        assert_eq!(lines_of("a,b\n1,2\n\n\n3,4\n"), [1, 2, 5]);
        assert_eq!(lines_of("a,b\r\n1,2\r\n\r\n3,4"), [1, 2, 4]);
        assert_eq!(lines_of("\n\na,b\n1,\"x\ny\"\n3,4\n"), [3, 4, 6]);
    }

    /// The line of each record, or the line and message of the error.
    fn read_with_limit(input: &[u8], max_bytes: u64) -> std::result::Result<Vec<u64>, (Option<u64>, String)> {
        let mut lines = Vec::new();
        read_records_or_none(input, None, max_bytes, |_, line| {
            lines.push(line);
            Ok(())
        })
        .map_err(|e| (e.position().map(Position::line), e.to_string()))?;
        Ok(lines)
    }

    #[test]
    fn records_are_held_to_the_limit_without_their_terminators() {
        let too_long = |line: u64| {
            let what = "too many bytes in one record (is a quote left open?)";
            Err((Some(line), format!("<input>:{line}: {what}: more than 7")))
        };
        assert_eq!(read_with_limit(b"a,b\n12345,6\n", 7), Ok(vec![1, 2]));
        assert_eq!(read_with_limit(b"a,b\n12345,67\n", 7), too_long(2));
        assert_eq!(read_with_limit(b"\xEF\xBB\xBFa,b\r\n12345,6\r\n\r\n1234,56", 7), Ok(vec![1, 2, 4]));
        assert_eq!(read_with_limit(b"a,b\r\n\r\n\r\n12345,67\r\n", 7), too_long(4));
        // Line breaks inside a quoted cell count, the quotes too.
        assert_eq!(read_with_limit(b"a,b\n\"x\ny\",z\n", 7), Ok(vec![1, 2]));
        assert_eq!(read_with_limit(b"a,b\n\"x\r\ny\",z\n", 7), too_long(2));
        // The last record, without a terminator.
        assert_eq!(read_with_limit(b"a,b\n1234,678", 7), too_long(2));
    }

    #[test]
    fn blank_lines_are_not_part_of_a_record() {
        let mut input = b"a,b\n".to_vec();
        input.extend(std::iter::repeat_n(b"\r\n"[..].iter(), 300_000).flatten());
        input.extend(b"c,d\n");
        assert_eq!(read_with_limit(&input, 3), Ok(vec![1, 300_002]));
    }

    #[test]
    fn an_open_quote_stops_after_the_limit_and_a_buffer() {
        struct Endless(u64);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(4096);
                buf[..n].fill(b'x');
                self.0 += n as u64;
                Ok(n)
            }
        }
        let mut endless = Endless(0);
        let input = b"a,b\n1,2\n\"open,".chain(&mut endless);
        let err = read_with_limit_from(input, 1000).unwrap_err();
        assert_eq!(err.0, Some(3), "{}", err.1);
        assert!(err.1.contains("more than 1000"), "{}", err.1);
        assert!(endless.0 < 1000 + 3 * PARSER_BUFFER_BYTES as u64, "read {} bytes", endless.0);
    }

    fn read_with_limit_from(input: impl Read, max_bytes: u64) -> std::result::Result<(), (Option<u64>, String)> {
        read_records_or_none(input, None, max_bytes, |_, _| Ok(()))
            .map(drop)
            .map_err(|e| (e.position().map(Position::line), e.to_string()))
    }

    #[test]
    fn counts_lines() {
        let mut t = Tracked::new("a\nb\r\nc".as_bytes(), 1 << 10);
        std::io::copy(&mut t, &mut std::io::sink()).unwrap();
        assert_eq!(t.lines(), 3);
    }
}
