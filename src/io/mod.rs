//! Readers and writers: edge lists, interaction CSV and JSON lines in;
//! rankings and scores as TSV, CSV or JSON out (and scores back in).
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
//! builder's [`GraphConfig`]; the readers that return records have a
//! `_with_limits` variant ([`read_interactions_from_with_limits`],
//! [`read_facts_from_with_limits`], [`read_scores_with_limits`],
//! [`read_personalization_with_limits`], [`read_user_ids_with_limits`], ...)
//! and use the default limits otherwise.
//!
//! | format | reader | one record |
//! |---|---|---|
//! | [`InputFormat::EdgeList`] | [`load_edge_list`] | `source target [weight [time]]` |
//! | [`InputFormat::Csv`] | [`load_csv`], [`read_interactions_csv`] | a row under a header `actor,target[,kind,network,time,weight,topic]` |
//! | [`InputFormat::JsonLines`] | [`load_jsonl`], [`read_interactions_jsonl`] | `{"actor": ..., "target": ..., ...}` |
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
mod edgelist;
mod facts;
mod fields;
mod held;
mod jsonl;
mod lines;
mod personalization;
mod ranking;
mod scores;
mod time;
mod users;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

pub use self::csv::{load_csv, read_interactions_csv, write_interactions_csv};
pub use self::edgelist::{load_edge_list, read_interactions_edge_list};
pub use self::facts::{
    read_facts, read_facts_from, read_facts_from_with_limits, read_facts_with_limits, write_facts_csv,
};
pub use self::jsonl::{load_jsonl, read_interactions_jsonl, write_interactions_jsonl};
pub use self::personalization::{
    read_personalization, read_personalization_for, read_personalization_for_with_limits,
    read_personalization_with_limits,
};
pub use self::ranking::write_ranking;
pub use self::scores::{read_scores, read_scores_with_limits, write_scores};
pub use self::users::{read_user_ids, read_user_ids_with_limits};
use crate::error::{Error, Position, Result};
use crate::graph::{GraphBuilder, GraphConfig, InfluenceGraph, LOOKUP_BATCH, Limits};

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
    /// One edge per line: `source target [weight [time]]` ([`load_edge_list`]).
    EdgeList,
    /// Interaction records with a header ([`load_csv`]).
    Csv,
    /// One JSON object per line ([`load_jsonl`]).
    JsonLines,
}

impl InputFormat {
    /// The format a file's extension implies (case-insensitively): `.csv` is
    /// CSV, `.jsonl` and `.ndjson` are JSON lines, anything else (`.txt`,
    /// `.edges`, KONECT's `out.*`, no extension) is an edge list.
    pub fn detect(path: &Path) -> InputFormat {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
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
    /// `user<TAB>score` lines (`user<TAB>score<TAB>raw` for scores), no header.
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
/// handed to the builder or returned) and lines skipped as comments or blank.
///
/// For an edge list `lines == records + skipped`; for CSV the header and the
/// extra lines of multi-line quoted cells count in `lines` only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadStats {
    /// Physical lines read (a last line without a line break counts).
    pub lines: u64,
    /// Records read: edges, interactions or personalization entries.
    pub records: u64,
    /// Comment and blank lines.
    pub skipped: u64,
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
    let format = match (format, path) {
        (InputFormat::Auto, Some(p)) => InputFormat::detect(p),
        (InputFormat::Auto, None) => InputFormat::EdgeList,
        (f, _) => f,
    };
    match format {
        InputFormat::Csv => load_csv(reader, path, builder),
        InputFormat::JsonLines => load_jsonl(reader, path, builder),
        InputFormat::EdgeList | InputFormat::Auto => load_edge_list(reader, path, builder),
    }
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

/// Reads the interaction records of the file at `path` in `format` like
/// [`read_interactions`], under `limits` (see
/// [`read_interactions_from_with_limits`]).
///
/// # Example
///
/// ```
/// use influence::{io, Limits};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("ties.csv");
/// std::fs::write(&path, "actor,target\nann,bob\nbob,ann\ncy,ann\n").unwrap();
/// let limits = Limits::default().max_users(2);
/// let err = io::read_interactions_with_limits(&path, io::InputFormat::Auto, limits).unwrap_err();
/// assert!(err.to_string().ends_with("ties.csv:4: too many users: more than 2"));
/// ```
pub fn read_interactions_with_limits(
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

/// Reads the interaction records of `reader` in `format` like
/// [`read_interactions_from`], under `limits`: every line (CSV record) is
/// held to [`Limits::max_line_bytes`], the records, each a potential edge, to
/// [`Limits::max_edges`], and the distinct actors and targets to
/// [`Limits::max_users`], each checked at the line that crosses it.
///
/// # Errors
///
/// Those of the format's reader, and
/// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line beyond
/// `limits`.
///
/// # Example
///
/// ```
/// use influence::{io, ErrorKind, Limits};
///
/// let input = "ann bob\nbob ann\nann bob\n";
/// let limits = Limits::default().max_edges(2);
/// let err = io::read_interactions_from_with_limits(input.as_bytes(), None, io::InputFormat::Auto, limits)
///     .unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::TooLarge { what: "edges", limit: 2 }));
/// assert_eq!(err.position().map(|p| p.line()), Some(3));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_interactions_from_with_limits<R: Read>(
    reader: R,
    path: Option<&Path>,
    format: InputFormat,
    limits: Limits,
) -> Result<Vec<crate::Interaction>> {
    let mut out = Vec::new();
    for_each_interaction(reader, path, format, limits, |i| {
        out.push(i);
        Ok(())
    })?;
    Ok(out)
}

/// Reads the interaction records of `reader` in `format` like
/// [`read_interactions_from_with_limits`], but hands each to `each` as it
/// is read instead of collecting them, so that memory does not grow with
/// the input: what [`ScoreModelBuilder::build_from`](crate::score::ScoreModelBuilder::build_from)
/// reads from. Returns what was read. An error from `each` stops the
/// reading and is returned with the line of the record it came from
/// (unless it names one already).
///
/// # Errors
///
/// Those of [`read_interactions_from_with_limits`], and those of `each`.
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
    mut each: impl FnMut(crate::Interaction) -> Result<()>,
) -> Result<ReadStats> {
    let format = match (format, path) {
        (InputFormat::Auto, Some(p)) => InputFormat::detect(p),
        (InputFormat::Auto, None) => InputFormat::EdgeList,
        (f, _) => f,
    };
    let max_bytes = limits.get_max_line_bytes();
    let mut held = held::Held::new(limits);
    let each = |i: crate::Interaction| {
        held.interaction(&i)?;
        each(i)
    };
    match format {
        InputFormat::Csv => csv::for_each_interaction_csv(reader, path, max_bytes, each),
        InputFormat::JsonLines => jsonl::for_each_interaction_jsonl(reader, path, max_bytes, each),
        InputFormat::EdgeList | InputFormat::Auto => {
            edgelist::for_each_interaction_edge_list(reader, path, max_bytes, each)
        }
    }
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
/// before 1970), a date `YYYY-MM-DD` (midnight UTC) or a date-time
/// `YYYY-MM-DDTHH:MM:SS` with an optional `Z` (always UTC); surrounding
/// whitespace is ignored. This is how an as-of time is given to
/// [`ScoreModelBuilder::as_of`](crate::score::ScoreModelBuilder::as_of).
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) quoting `text` when it is
/// neither an integer nor a real date and time (`2023-02-29` is an error,
/// and so is any offset other than `Z`: times are never guessed).
///
/// # Example
///
/// ```
/// use influence::io;
///
/// assert_eq!(io::parse_time("2024-02-01")?, 1_706_745_600);
/// assert_eq!(io::parse_time("2023-11-14T22:13:20Z")?, 1_700_000_000);
/// assert_eq!(io::parse_time("1700000000")?, 1_700_000_000);
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
    let why = match stats.lines {
        0 => String::from("the input is empty"),
        1 if stats.skipped == 1 => String::from("its only line is a comment or blank"),
        1 => String::from("its only line is the header"),
        lines if stats.skipped == lines => format!("{lines} lines, all comments or blank"),
        lines => format!("{lines} lines, only a header and blank lines"),
    };
    Error::parse(format!("no {what} found in {file} ({why})"))
}
