//! Readers and writers: edge lists, interaction CSV, JSON lines and
//! published delimited data sets in (plain or gzipped); rankings and scores
//! as TSV, CSV or JSON out (and scores back in).
//!
//! # Start here: [`Reader`]
//!
//! [`Reader`] is the one entry for interaction input: a builder whose
//! settings say the format, what each column holds ([`Columns`]), how cells
//! are separated ([`Delimiter`]), whether there is a header ([`Header`]),
//! how kinds map ([`KindMap`]), the kind and network of records without one,
//! the [`Limits`], and what to do with negative weights
//! ([`NegativeWeights`]). It loads into a [`GraphBuilder`]
//! ([`Reader::load`]), hands interactions over one at a time
//! ([`Reader::for_each`]) or collects them ([`Reader::collect`]), and
//! returns [`ReadStats`] with a [`Note`] for everything it assumed.
//! `Reader::default()` reads exactly as the older functions below always
//! did, which are now thin wrappers over it.
//!
//! ```
//! use influence::io::Reader;
//! use influence::GraphBuilder;
//!
//! // SNAP's CollegeMsg: `sender receiver unix_seconds`.
//! let input = "1 2 1082040961\n3 4 1082155839\n5 2 1082414391\n";
//! let mut builder = GraphBuilder::default();
//! let stats = Reader::default().columns("actor,target,time".parse()?).load(input.as_bytes(), None, &mut builder)?;
//! assert!(stats.notes.is_empty());
//! assert_eq!(builder.build()?.edge_count(), 3);
//!
//! // Without the columns, the times would be weights, and a note says so.
//! let stats = Reader::default().load(input.as_bytes(), None, &mut GraphBuilder::default())?;
//! assert!(stats.notes[0].to_string().starts_with("the third column was read as weights (1082040961 to 1082414391)"));
//! # Ok::<(), influence::Error>(())
//! ```
//!
//! Gzipped input is recognized by its first bytes and decompressed as it is
//! read, by every interaction reader.
//!
//! Every reader streams its input, line by line through one buffer or, for
//! the edge list, in blocks of whole lines parsed in parallel (a few blocks
//! in flight, so a 1 GB edge list never sits in memory), and either accepts
//! a line or returns an
//! [`Error`] whose [`position`](crate::Error::position) names
//! the file and the 1-based physical line, with a message quoting the
//! offending text. Nothing is skipped silently: comments and blank lines are
//! counted in [`ReadStats::skipped`], and an input without a single record is
//! an error, never an empty graph (only [`read_scores`] accepts no scores,
//! since that is what [`write_scores`] writes for none).
//!
//! Every reader obeys [`Limits`]: a line longer than
//! [`Limits::max_line_bytes`] (64 KiB by default) is an error before it is
//! held whole, and users and edges beyond their caps are errors at the line
//! that crosses them. The `load_*` functions take the limits of the
//! builder's [`GraphConfig`]; [`Reader::limits`] sets them for everything a
//! [`Reader`] reads: interactions ([`Reader::collect`], [`Reader::for_each`],
//! [`Reader::load`]), user facts ([`Reader::read_facts`]), user ids
//! ([`Reader::read_user_ids`]), personalization vectors
//! ([`Reader::read_personalization`]) and scores ([`Reader::read_scores`]).
//! The free functions (`read_facts`, `read_user_ids`, ...) are conveniences
//! with the default limits.
//!
//! | format | reader | one record |
//! |---|---|---|
//! | [`InputFormat::EdgeList`] | [`load_edge_list`] | `source target [weight [time]]` |
//! | [`InputFormat::Csv`] | [`load_csv`], [`read_interactions_csv`] | a row under a header `actor,target[,kind,network,time,weight,topic]` |
//! | [`InputFormat::JsonLines`] | [`load_jsonl`], [`read_interactions_jsonl`] | `{"actor": ..., "target": ..., ...}` |
//! | delimited text, [`Columns`] named | [`Reader::columns`] | a line of cells, each a [`Field`] (`u v t`, `a b t RT`, ...) |
//! | user facts CSV | [`read_facts`], [`read_facts_from`] | a row under a header `user,network[,posts,audience]` |
//! | user id list | [`read_user_ids`] | `user` |
//! | scores ([`OutputFormat`]) | [`read_scores`] | `user<TAB>score<TAB>raw`, a CSV row, or a JSON array element |
//!
//! The `load_*` functions feed a [`GraphBuilder`], so several files can go
//! into one graph; [`read_file`] and [`read_edge_list`] build the graph in one
//! call; [`read_interactions`] and [`read_interactions_from`] return the
//! records themselves, the input of the [score](crate::score).
//! [`read_personalization`] reads a teleport vector for
//! [`PageRankConfig::personalization`](crate::PageRankConfig::personalization),
//! and [`write_ranking`] writes a [`Ranking`](crate::Ranking).
//! [`read_facts`] reads [`UserFacts`](crate::UserFacts) (posts and audience
//! per user and network), which [`write_facts_csv`] writes.
//! [`write_scores`] writes calibrated scores
//! ([`UserScore`](crate::score::UserScore)) so that [`read_scores`] reads
//! them back bit for bit. [`parse_time`] and [`format_time`] convert times
//! as the readers write them.
//!
//! This module must never compute scores or change what a record means: it
//! only turns text into [`Interaction`](crate::Interaction) and
//! [`UserFacts`](crate::UserFacts) records and [`GraphBuilder`] calls, and
//! results back into text.

mod blocks;
mod csv;
mod delimited;
mod edgelist;
mod facts;
mod fields;
pub(crate) mod gzip;
mod held;
mod interactions;
mod jsonl;
mod limits;
mod lines;
mod personalization;
mod reader;
mod rules;
mod scores;
mod settings;
mod sniff;
mod time;
mod users;
mod writer;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

pub use self::csv::{load_csv, read_interactions_csv, write_interactions_csv};
pub use self::edgelist::{load_edge_list, read_interactions_edge_list};
pub use self::facts::{read_facts, read_facts_from, write_facts_csv};
pub use self::jsonl::{load_jsonl, read_interactions_jsonl, write_interactions_jsonl};
pub use self::limits::Limits;
pub(crate) use self::limits::too_large;
pub use self::personalization::{read_personalization, read_personalization_for};
pub use self::reader::Reader;
pub use self::scores::{read_scores, write_scores};
pub use self::settings::{Columns, Delimiter, Field, Header, KindMap, NegativeWeights, Note};
pub use self::users::read_user_ids;
pub use self::writer::{Writer, write_ranking};
use crate::error::{Error, Position, Result};
use crate::graph::{GraphBuilder, GraphConfig, InfluenceGraph, LOOKUP_BATCH};

/// The format of an input file.
///
/// Parses from (and displays as) `auto`, `edgelist`, `csv` and `jsonl`
/// (also `ndjson`), case-insensitively.
///
/// # Example
///
/// ```
/// use influence::io::InputFormat;
/// use std::path::Path;
///
/// assert_eq!("CSV".parse::<InputFormat>()?, InputFormat::Csv);
/// assert_eq!(InputFormat::JsonLines.to_string(), "jsonl");
/// assert_eq!(InputFormat::detect(Path::new("ties.ndjson")), InputFormat::JsonLines);
/// assert_eq!(InputFormat::detect(Path::new("soc-Epinions1.txt")), InputFormat::EdgeList);
/// assert_eq!(InputFormat::detect(Path::new("ties.csv.gz")), InputFormat::Csv);
/// assert!("xml".parse::<InputFormat>().is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum InputFormat {
    /// Decide by the file name's extension ([`InputFormat::detect`]); an
    /// input without a name is an edge list.
    #[default]
    Auto,
    /// One edge per line: `source target [weight [time]]` ([`load_edge_list`]),
    /// or delimited text whose columns [`Reader::columns`] names.
    EdgeList,
    /// Interaction records with a header ([`load_csv`]), or comma-separated
    /// text whose columns [`Reader::columns`] names.
    Csv,
    /// One JSON object per line ([`load_jsonl`]).
    JsonLines,
}

impl InputFormat {
    /// The format a file's extension implies (case-insensitively): `.csv` is
    /// CSV, `.jsonl` and `.ndjson` are JSON lines, anything else (`.txt`,
    /// `.tsv`, `.edges`, KONECT's `out.*`, no extension) is an edge list. A
    /// `.gz` ending is looked through: `ties.csv.gz` is CSV (gzip itself is
    /// recognized by content, whatever the name).
    pub fn detect(path: &Path) -> InputFormat {
        let mut ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if ext.eq_ignore_ascii_case("gz") {
            let stem = path.file_stem().map(Path::new);
            ext = stem.and_then(|s| s.extension()).and_then(|e| e.to_str()).unwrap_or_default();
        }
        if ext.eq_ignore_ascii_case("csv") {
            InputFormat::Csv
        } else if ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("ndjson") {
            InputFormat::JsonLines
        } else {
            InputFormat::EdgeList
        }
    }

    fn name(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::EdgeList => "edgelist",
            InputFormat::Csv => "csv",
            InputFormat::JsonLines => "jsonl",
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for InputFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "auto" => InputFormat::Auto,
            "edgelist" => InputFormat::EdgeList,
            "csv" => InputFormat::Csv,
            "jsonl" | "ndjson" => InputFormat::JsonLines,
            _ => return Err(Error::config("input format", format!("{s:?}"), "expected auto, edgelist, csv or jsonl")),
        })
    }
}

/// The format [`write_ranking`] and [`write_scores`] write (and
/// [`read_scores`] reads).
///
/// Parses from (and displays as) `tsv`, `csv` and `json`, case-insensitively.
///
/// # Example
///
/// ```
/// use influence::io::OutputFormat;
///
/// assert_eq!("json".parse::<OutputFormat>()?, OutputFormat::Json);
/// assert_eq!(OutputFormat::default().to_string(), "tsv");
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OutputFormat {
    /// A `user<TAB>score` header (`user<TAB>score<TAB>raw` for scores), then
    /// one row per user.
    #[default]
    Tsv,
    /// A `user,score` header (`user,score,raw` for scores), then one row per user.
    Csv,
    /// An array of `{"user": ..., "score": ...}` objects (with `"raw"` for scores).
    Json,
}

impl OutputFormat {
    fn name(self) -> &'static str {
        match self {
            OutputFormat::Tsv => "tsv",
            OutputFormat::Csv => "csv",
            OutputFormat::Json => "json",
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for OutputFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "tsv" => OutputFormat::Tsv,
            "csv" => OutputFormat::Csv,
            "json" => OutputFormat::Json,
            _ => return Err(Error::config("output format", format!("{s:?}"), "expected tsv, csv or json")),
        })
    }
}

/// What a reader read: physical lines, records (edges or interactions
/// handed to the builder or returned), lines skipped as comments or blank,
/// rows left out on request, and notes on what it assumed.
///
/// For an edge list `lines == records + skipped`; for CSV the header and the
/// extra lines of multi-line quoted cells count in `lines` only, and rows
/// left out by a [`KindMap`] or [`NegativeWeights::Skip`] count in `lines`
/// and in [`kinds_skipped`](ReadStats::kinds_skipped) or
/// [`negative_skipped`](ReadStats::negative_skipped).
///
/// # Example
///
/// ```
/// use influence::io::{Reader, Note};
///
/// let stats = Reader::default().for_each("% KONECT header\nann bob 2\nbob cy\n".as_bytes(), None, |_| Ok(()))?;
/// assert_eq!((stats.lines, stats.records, stats.skipped), (3, 2, 1));
/// // Weights below 1000 cannot pass for times: no note.
/// assert!(stats.notes.is_empty());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadStats {
    /// Physical lines read (a last line without a line break counts).
    pub lines: u64,
    /// Records read: edges, interactions or personalization entries.
    pub records: u64,
    /// Comment and blank lines.
    pub skipped: u64,
    /// Rows left out because the [`KindMap`] maps their kind to `-`.
    pub kinds_skipped: u64,
    /// Rows left out for a negative weight ([`NegativeWeights::Skip`]).
    pub negative_skipped: u64,
    /// What the reader assumed or left out, for a program to tell its user
    /// (one [`Note`] per assumption or cause).
    pub notes: Vec<Note>,
}

/// Reads `reader` in `format` into `builder`.
///
/// [`InputFormat::Auto`] picks the format from `path`
/// ([`InputFormat::detect`]), or reads an edge list when there is no path.
/// `path` also names the input in errors.
///
/// # Example
///
/// ```
/// use influence::{io, GraphBuilder};
/// use std::path::Path;
///
/// let mut builder = GraphBuilder::default();
/// let csv = "actor,target,kind\nann,bob,reshare\n";
/// io::load(csv.as_bytes(), Some(Path::new("ties.csv")), io::InputFormat::Auto, &mut builder)?;
/// io::load("cy bob 2\n".as_bytes(), None, io::InputFormat::Auto, &mut builder)?;
/// assert_eq!(builder.build()?.user_count(), 3);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn load<R: Read>(
    reader: R,
    path: Option<&Path>,
    format: InputFormat,
    builder: &mut GraphBuilder,
) -> Result<ReadStats> {
    Reader::default().format(format).load(reader, path, builder)
}

/// Opens the file at `path` and reads it in `format` into `builder` (see
/// [`load`]), buffered and streaming.
///
/// # Errors
///
/// An I/O error naming `path` when the file cannot be opened or read, and
/// the format's errors, each naming `path` and the line.
///
/// # Example
///
/// ```
/// use influence::{io, GraphBuilder};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("ties.csv");
/// std::fs::write(&path, "actor,target,weight\nann,bob,2\ncy,bob,oops\n").unwrap();
///
/// let err = io::load_file(&path, io::InputFormat::Auto, &mut GraphBuilder::default()).unwrap_err();
/// let pos = err.position().unwrap();
/// assert_eq!((pos.path(), pos.line()), (Some(path.as_path()), 3));
/// assert!(err.to_string().ends_with("ties.csv:3: weight \"oops\" is not a number"));
/// ```
pub fn load_file(path: &Path, format: InputFormat, builder: &mut GraphBuilder) -> Result<ReadStats> {
    let file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
    load(file, Some(path), format, builder)
}

/// Reads an edge list (see [`load_edge_list`]) into a graph built with the
/// default [`GraphConfig`].
///
/// # Example
///
/// ```
/// use influence::io;
///
/// let graph = io::read_edge_list("a b 1\nb c 2\n".as_bytes(), None)?;
/// assert_eq!(graph.edge_count(), 2);
///
/// let err = io::read_edge_list("a b 1\nb c NaN\n".as_bytes(), None).unwrap_err();
/// assert_eq!(err.position().map(|p| p.line()), Some(2));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_edge_list<R: Read>(reader: R, path: Option<&Path>) -> Result<InfluenceGraph> {
    let mut builder = GraphBuilder::default();
    load_edge_list(reader, path, &mut builder)?;
    builder.build()
}

/// Reads the file at `path` in `format` (see [`load`]) into a graph built
/// with `config`.
///
/// # Example
///
/// ```no_run
/// use influence::{io, GraphConfig, PageRank};
/// use std::path::Path;
///
/// let graph = io::read_file(Path::new("soc-Epinions1.txt"), io::InputFormat::Auto, GraphConfig::default())?;
/// let ranking = PageRank::default().run(&graph)?;
/// io::write_ranking(&ranking, std::io::stdout().lock(), io::OutputFormat::Tsv, Some(10))?;
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_file(path: &Path, format: InputFormat, config: GraphConfig) -> Result<InfluenceGraph> {
    let mut builder = GraphBuilder::new(config)?;
    load_file(path, format, &mut builder)?;
    builder.build()
}

/// Reads the interaction records of the file at `path` in `format`
/// ([`InputFormat::Auto`] detects it from the name): interaction CSV, JSON
/// lines, or an edge list (records without kind or network). This is the
/// input of the [score](crate::score), which needs the records themselves
/// rather than a graph.
///
/// # Errors
///
/// An I/O error naming `path`, and the format's errors with file and line.
///
/// # Example
///
/// ```
/// use influence::io;
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("ties.csv");
/// std::fs::write(&path, "actor,target,kind,network\nann,bob,reshare,twitter\n").unwrap();
/// let records = io::read_interactions(&path, io::InputFormat::Auto)?;
/// assert_eq!(records.len(), 1);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_interactions(path: &Path, format: InputFormat) -> Result<Vec<crate::Interaction>> {
    read_interactions_with_limits(path, format, Limits::default())
}

/// [`Reader::collect_file`] and the conveniences: the reading itself under `limits`.
pub(crate) fn read_interactions_with_limits(
    path: &Path,
    format: InputFormat,
    limits: Limits,
) -> Result<Vec<crate::Interaction>> {
    let file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
    read_interactions_from_with_limits(file, Some(path), format, limits)
}

/// Reads the interaction records of `reader` in `format`, like
/// [`read_interactions`] but from any reader (standard input, say).
///
/// [`InputFormat::Auto`] picks the format from `path`
/// ([`InputFormat::detect`]), or reads an edge list when there is no path.
/// `path` also names the input in errors.
///
/// # Example
///
/// ```
/// use influence::io;
/// use std::path::Path;
///
/// let csv = "actor,target,kind\nann,bob,reshare\n";
/// let records = io::read_interactions_from(csv.as_bytes(), Some(Path::new("ties.csv")), io::InputFormat::Auto)?;
/// assert_eq!(records.len(), 1);
/// let records = io::read_interactions_from("ann bob\ncy bob\n".as_bytes(), None, io::InputFormat::Auto)?;
/// assert_eq!(records.len(), 2);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_interactions_from<R: Read>(
    reader: R,
    path: Option<&Path>,
    format: InputFormat,
) -> Result<Vec<crate::Interaction>> {
    read_interactions_from_with_limits(reader, path, format, Limits::default())
}

/// [`Reader::collect`] and the conveniences: the reading itself under `limits`.
pub(crate) fn read_interactions_from_with_limits<R: Read>(
    reader: R,
    path: Option<&Path>,
    format: InputFormat,
    limits: Limits,
) -> Result<Vec<crate::Interaction>> {
    Reader::default().format(format).limits(limits).collect(reader, path).map(|(records, _)| records)
}

/// Reads the interaction records of `reader` in `format` like
/// [`Reader::collect`] under `limits`, but hands each to `each` as it
/// is read instead of collecting them, so that memory does not grow with
/// the input: what [`ScoreModelBuilder::build_from`](crate::score::ScoreModelBuilder::build_from)
/// reads from. Returns what was read. An error from `each` stops the
/// reading and is returned with the line of the record it came from
/// (unless it names one already).
///
/// # Errors
///
/// Those of [`Reader::collect`], and those of `each`.
///
/// # Example
///
/// ```
/// use influence::{io, Limits};
///
/// let input = "actor,target,kind\nann,bob,reshare\nbob,cy,like\n";
/// let mut targets = Vec::new();
/// let stats = io::for_each_interaction(input.as_bytes(), None, io::InputFormat::Csv, Limits::default(), |i| {
///     targets.push(i.target);
///     Ok(())
/// })?;
/// assert_eq!(targets, ["bob", "cy"]);
/// assert_eq!(stats.records, 2);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn for_each_interaction<R: Read>(
    reader: R,
    path: Option<&Path>,
    format: InputFormat,
    limits: Limits,
    each: impl FnMut(crate::Interaction) -> Result<()>,
) -> Result<ReadStats> {
    Reader::default().format(format).limits(limits).for_each(reader, path, each)
}

/// Interactions read but not yet added, with their lines: added a batch at a
/// time ([`GraphBuilder::add_interaction_batch`]), in order, so that the ids
/// of a batch are looked up together and their cache misses overlap.
#[derive(Debug, Default)]
struct Batch {
    interactions: Vec<crate::Interaction>,
    lines: Vec<u64>,
}

impl Batch {
    /// Holds `interaction` (read at `line`), adding the batch once full.
    fn push(
        &mut self,
        interaction: crate::Interaction,
        line: u64,
        builder: &mut GraphBuilder,
        path: Option<&Path>,
    ) -> Result<()> {
        self.interactions.push(interaction);
        self.lines.push(line);
        if self.interactions.len() >= LOOKUP_BATCH { self.flush(builder, path) } else { Ok(()) }
    }

    /// Adds the interactions held, in order; the first error comes with its
    /// own line, and the batch is empty afterwards either way.
    fn flush(&mut self, builder: &mut GraphBuilder, path: Option<&Path>) -> Result<()> {
        let added = builder.add_interaction_batch(&self.interactions);
        let result = added.map_err(|(k, e)| e.at(Position::new(path, self.lines[k])));
        self.interactions.clear();
        self.lines.clear();
        result
    }
}

/// Parses a time as the readers do: Unix seconds (`1700000000`, negative
/// before 1970; a fraction is rounded down, `1289241911.72836` is
/// `1289241911`), a date `YYYY-MM-DD` (midnight UTC) or a date-time
/// `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD HH:MM:SS`, with optional fractional
/// seconds (rounded down) and an optional zone `Z` or `+HH:MM` (also
/// `-HH:MM`, `+HHMM`, `+HH`). **A date-time without a zone is UTC**, never
/// the machine's local time. Surrounding whitespace is ignored. This is how
/// an as-of time is given to
/// [`ScoreModelBuilder::as_of`](crate::score::ScoreModelBuilder::as_of).
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) quoting `text` when it is
/// neither a number of seconds nor a real date and time (`2023-02-29`,
/// `2023-01-01T24:00:00` and `2023-01-01T10:00:00+25:00` are errors).
///
/// # Example
///
/// ```
/// use influence::io;
///
/// assert_eq!(io::parse_time("2024-02-01")?, 1_706_745_600);
/// assert_eq!(io::parse_time("2023-11-14T22:13:20Z")?, 1_700_000_000);
/// assert_eq!(io::parse_time("2023-11-14 22:13:20")?, 1_700_000_000);
/// assert_eq!(io::parse_time("2023-11-15T00:13:20+02:00")?, 1_700_000_000);
/// assert_eq!(io::parse_time("1700000000")?, 1_700_000_000);
/// assert_eq!(io::parse_time("1700000000.9")?, 1_700_000_000);
/// assert!(io::parse_time("yesterday").is_err());
/// # Ok::<(), influence::Error>(())
/// ```
pub fn parse_time(text: &str) -> Result<i64> {
    time::parse_time(text)
}

/// Writes `time` (Unix seconds) as a UTC date-time `YYYY-MM-DDTHH:MM:SSZ`,
/// or as the integer itself when its year lies outside 0000–9999;
/// [`parse_time`] reads either back to `time`.
///
/// # Example
///
/// ```
/// use influence::io;
///
/// assert_eq!(io::format_time(1_700_000_000), "2023-11-14T22:13:20Z");
/// assert_eq!(io::parse_time(&io::format_time(-1))?, -1);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn format_time(time: i64) -> String {
    time::format_time(time)
}

/// The error for an input without a single record: `no edges found in
/// <file> (...)`. The caller attaches the position of the last line.
fn no_records(what: &str, path: Option<&Path>, stats: &ReadStats) -> Error {
    let file = path.map_or_else(|| String::from("<input>"), |p| p.display().to_string());
    let left_out = stats.kinds_skipped + stats.negative_skipped;
    let why = match stats.lines {
        _ if left_out > 0 => format!(
            "every row was left out: {} by the kind mapping, {} for a negative weight",
            stats.kinds_skipped, stats.negative_skipped
        ),
        0 => String::from("the input is empty"),
        1 if stats.skipped == 1 => String::from("its only line is a comment or blank"),
        1 => String::from("its only line is the header"),
        lines if stats.skipped == lines => format!("{lines} lines, all comments or blank"),
        lines => format!("{lines} lines, only a header and blank lines"),
    };
    Error::parse(format!("no {what} found in {file} ({why})")).of_no_records()
}
