//! [`Reader`]: one builder that reads every interaction input (edge lists,
//! interaction CSV, JSON lines, and delimited text whose columns the caller
//! names), plain or gzipped, into a [`GraphBuilder`] or one interaction at a
//! time; and the settings it takes ([`Columns`], [`KindMap`], [`Delimiter`],
//! [`Header`], [`NegativeWeights`]) and the [`Note`]s it returns.
//!
//! This module decides which parser reads an input and checks that the
//! settings fit together; the parsers live beside it. It must never guess
//! silently: every assumption the caller did not state (a third column read
//! as weights, a first line read as a header) comes back as a [`Note`], and
//! every row left out on request is counted.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use super::Limits;
use super::blocks::BlockConfig;
use super::delimited::{Layout, read_delimited};
use super::fields::quote;
use super::rules::Rules;
use super::{Batch, InputFormat, ReadStats, csv, edgelist, gzip, held, jsonl};
use crate::error::{Error, Position, Result};
use crate::graph::GraphBuilder;
use crate::interaction::{Interaction, InteractionKind, Network};

/// The most columns [`Columns`] may name.
pub(super) const MAX_COLUMNS: usize = 64;

/// What one column of a delimited input holds (see [`Columns`]).
///
/// Parses from (and displays as) `actor` (or `source`, `from`), `target`
/// (or `to`), `weight`, `time`, `kind`, `network`, `topic` (or `topics`,
/// `hashtag`, `tag`) and `-` (or `skip`) for a column to ignore,
/// case-insensitively.
///
/// # Example
///
/// ```
/// use influence::io::Field;
///
/// assert_eq!("From".parse::<Field>()?, Field::Actor);
/// assert_eq!("-".parse::<Field>()?, Field::Skip);
/// assert_eq!(Field::Time.to_string(), "time");
/// assert!("when".parse::<Field>().is_err());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The user who reacted ([`Interaction::actor`]).
    Actor,
    /// The user reacted to ([`Interaction::target`]).
    Target,
    /// A weight, a number at least 0 ([`Interaction::weight`]).
    Weight,
    /// When, as [`parse_time`](super::parse_time) reads it ([`Interaction::time`]).
    Time,
    /// How ([`Interaction::kind`]), through the [`KindMap`] if one is given.
    Kind,
    /// Where ([`Interaction::network`]).
    Network,
    /// What about ([`Interaction::topic`]).
    Topic,
    /// A column to ignore (`-`).
    Skip,
}

impl Field {
    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            Field::Actor => "actor",
            Field::Target => "target",
            Field::Weight => "weight",
            Field::Time => "time",
            Field::Kind => "kind",
            Field::Network => "network",
            Field::Topic => "topic",
            Field::Skip => "-",
        }
    }

    /// The field a name or alias means, case-insensitively.
    pub(super) fn from_name(name: &str) -> Option<Field> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "actor" | "source" | "from" => Field::Actor,
            "target" | "to" => Field::Target,
            "weight" => Field::Weight,
            "time" => Field::Time,
            "kind" => Field::Kind,
            "network" => Field::Network,
            "topic" | "topics" | "hashtag" | "tag" => Field::Topic,
            "-" | "skip" => Field::Skip,
            _ => return None,
        })
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Field {
    type Err = Error;

    fn from_str(s: &str) -> Result<Field> {
        Field::from_name(s).ok_or_else(|| {
            Error::config(
                "column",
                quote(s),
                "expected actor (or source, from), target (or to), weight, time, kind, network, topic (or hashtag, \
                 tag) or - to skip the column",
            )
        })
    }
}

/// What each column of a delimited input holds, in order: the mapping of
/// input columns to [`Field`]s.
///
/// Every column of the input must be named (`-` for one to ignore), so a
/// line with more or fewer cells is an error rather than a guess. `actor`
/// and `target` must be there, and no field but `-` may appear twice.
///
/// # Example
///
/// ```
/// use influence::io::{Columns, Field};
///
/// let columns: Columns = "actor,target,time,kind".parse()?;
/// assert_eq!(columns.fields(), [Field::Actor, Field::Target, Field::Time, Field::Kind]);
/// assert_eq!(columns.to_string(), "actor,target,time,kind");
///
/// let err = "actor,target,time,time".parse::<Columns>().unwrap_err();
/// assert_eq!(err.to_string(), "invalid columns \"actor,target,time,time\": time is listed twice");
/// assert!("actor,time".parse::<Columns>().unwrap_err().to_string().contains("no target column"));
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    fields: Vec<Field>,
}

impl Columns {
    /// The columns `fields`, checked.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidConfig`](crate::ErrorKind::InvalidConfig) when
    /// `actor` or `target` is missing, a field other than [`Field::Skip`]
    /// is listed twice, or there are more than 64 columns.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::{Columns, Field};
    ///
    /// let columns = Columns::new([Field::Actor, Field::Target, Field::Skip, Field::Time])?;
    /// assert_eq!(columns.to_string(), "actor,target,-,time");
    /// assert!(Columns::new([Field::Actor, Field::Weight]).is_err());
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn new(fields: impl IntoIterator<Item = Field>) -> Result<Columns> {
        let fields: Vec<Field> = fields.into_iter().collect();
        let text = || quote(&fields.iter().map(|f| f.name()).collect::<Vec<_>>().join(","));
        if fields.len() > MAX_COLUMNS {
            return Err(Error::config("columns", text(), format!("more than {MAX_COLUMNS} columns")));
        }
        for (i, f) in fields.iter().enumerate() {
            if *f != Field::Skip && fields[..i].contains(f) {
                return Err(Error::config("columns", text(), format!("{f} is listed twice")));
            }
        }
        for required in [Field::Actor, Field::Target] {
            if !fields.contains(&required) {
                return Err(Error::config("columns", text(), format!("there is no {required} column")));
            }
        }
        Ok(Columns { fields })
    }

    /// The fields, one per column.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// Whether a column holds `field`.
    pub fn contains(&self, field: Field) -> bool {
        self.fields.contains(&field)
    }
}

impl fmt::Display for Columns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.fields.iter().map(|c| c.name()).collect();
        f.write_str(&names.join(","))
    }
}

impl FromStr for Columns {
    type Err = Error;

    /// Parses comma-separated field names (`actor,target,time`); each name
    /// as [`Field`] parses it.
    fn from_str(s: &str) -> Result<Columns> {
        let mut fields = Vec::new();
        for name in s.split(',') {
            let field = Field::from_name(name).ok_or_else(|| {
                Error::config(
                    "columns",
                    quote(s),
                    format!(
                        "unknown column {} (known: actor, target, weight, time, kind, network, topic, and - to skip \
                         a column)",
                        quote(name.trim())
                    ),
                )
            })?;
            fields.push(field);
        }
        Columns::new(fields).map_err(|e| match e.kind() {
            // Name the text as given, not as re-joined.
            crate::ErrorKind::InvalidConfig { reason, .. } => Error::config("columns", quote(s), reason.clone()),
            _ => e,
        })
    }
}

/// How the cells of a kind column map to [`InteractionKind`]s, and which
/// kinds to leave out: `RT=reshare,MT=mention,RE=reply`, or `to=message,
/// cc=copy,bcc=-` where `-` skips the rows of that kind (counted in
/// [`ReadStats::kinds_skipped`] and reported in a [`Note`]).
///
/// Names match case-insensitively, around surrounding whitespace. Once a
/// mapping is given, a kind that it does not name is an error naming the
/// line and the value, never a guess (list every kind the input holds).
///
/// # Example
///
/// ```
/// use influence::io::KindMap;
/// use influence::InteractionKind;
///
/// let map: KindMap = "RT=reshare,MT=mention,RE=reply,bot=-".parse()?;
/// assert_eq!(map.get("rt"), Some(Some(&InteractionKind::Reshare)));
/// assert_eq!(map.get("bot"), Some(None));
/// assert_eq!(map.get("like"), None);
/// assert!("RT=reshare,rt=reply".parse::<KindMap>().is_err());
/// assert!("RT".parse::<KindMap>().is_err());
///
/// let same = KindMap::default().map("RT", Some(InteractionKind::Reshare));
/// assert_eq!(same.get("RT"), Some(Some(&InteractionKind::Reshare)));
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindMap {
    entries: Vec<(String, Option<InteractionKind>)>,
}

impl KindMap {
    /// This mapping with cells `name` read as `kind` (`None`: skip those
    /// rows), replacing what `name` mapped to before.
    pub fn map(mut self, name: &str, kind: Option<InteractionKind>) -> KindMap {
        let name = name.trim();
        match self.entries.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some(entry) => entry.1 = kind,
            None => self.entries.push((name.to_string(), kind)),
        }
        self
    }

    /// What the cell `name` maps to: `Some(Some(kind))`, `Some(None)` for a
    /// kind to skip, `None` when the mapping does not name it.
    pub fn get(&self, name: &str) -> Option<Option<&InteractionKind>> {
        self.position(name).map(|i| self.entries[i].1.as_ref())
    }

    /// The index of `name`'s entry.
    pub(super) fn position(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.entries.iter().position(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// The entry at `index`: its name and kind.
    pub(super) fn entry(&self, index: usize) -> (&str, Option<&InteractionKind>) {
        let (name, kind) = &self.entries[index];
        (name, kind.as_ref())
    }

    /// The names mapped, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(n, _)| n.as_str())
    }

    /// How many names are mapped.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no name is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl fmt::Display for KindMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, kind)) in self.entries.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            write!(f, "{sep}{name}={}", kind.as_ref().map_or("-", |k| k.name()))?;
        }
        Ok(())
    }
}

impl FromStr for KindMap {
    type Err = Error;

    /// Parses `NAME=KIND` pairs separated by commas; `KIND` as
    /// [`InteractionKind`] parses it, or `-` to skip.
    fn from_str(s: &str) -> Result<KindMap> {
        let bad = |reason: String| Error::config("kind mapping", quote(s), reason);
        let mut map = KindMap::default();
        for pair in s.split(',') {
            let (name, kind) = pair
                .split_once('=')
                .ok_or_else(|| bad(format!("{} is not NAME=KIND (KIND a kind, or - to skip)", quote(pair.trim()))))?;
            let name = name.trim();
            if name.is_empty() {
                return Err(bad(format!("{} has no name before =", quote(pair.trim()))));
            }
            if map.get(name).is_some() {
                return Err(bad(format!("{} is mapped twice", quote(name))));
            }
            let kind = match kind.trim() {
                "-" => None,
                k => Some(k.parse::<InteractionKind>().map_err(|_| bad(format!("{} maps to no kind", quote(name))))?),
            };
            map = map.map(name, kind);
        }
        Ok(map)
    }
}

/// What separates the cells of a delimited input.
///
/// Parses from (and displays as) `auto`, `whitespace` (or `space`), `tab`
/// (or `\t`) and `comma` (or `,`), case-insensitively.
///
/// # Example
///
/// ```
/// use influence::io::Delimiter;
///
/// assert_eq!("TAB".parse::<Delimiter>()?, Delimiter::Tab);
/// assert_eq!(",".parse::<Delimiter>()?, Delimiter::Comma);
/// assert_eq!(Delimiter::default().to_string(), "auto");
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Delimiter {
    /// Decided by the format: an edge list without [`Columns`] splits at
    /// whitespace, commas or both, as it always did; interaction CSV is
    /// comma-separated; named columns of an edge list split at tabs when
    /// the first line that is not a comment has a tab (so a cell may hold
    /// spaces, as `2001-05-14 16:39:00` does), else as the edge list does;
    /// named columns of CSV split at commas.
    #[default]
    Auto,
    /// Runs of spaces and tabs.
    Whitespace,
    /// One tab between cells (cells may hold spaces; surrounding spaces are
    /// trimmed).
    Tab,
    /// One comma between cells, CSV-style: a cell may be quoted (`"a,b"`,
    /// `"say ""hi"""`); surrounding spaces are trimmed. With named columns
    /// a quoted cell must end on its line.
    Comma,
}

impl Delimiter {
    fn name(self) -> &'static str {
        match self {
            Delimiter::Auto => "auto",
            Delimiter::Whitespace => "whitespace",
            Delimiter::Tab => "tab",
            Delimiter::Comma => "comma",
        }
    }
}

impl fmt::Display for Delimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Delimiter {
    type Err = Error;

    fn from_str(s: &str) -> Result<Delimiter> {
        if s == "\t" {
            return Ok(Delimiter::Tab);
        }
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Delimiter::Auto,
            "whitespace" | "space" | "spaces" => Delimiter::Whitespace,
            "tab" | "\\t" => Delimiter::Tab,
            "comma" | "," => Delimiter::Comma,
            _ => return Err(Error::config("delimiter", quote(s), "expected auto, whitespace, tab or comma")),
        })
    }
}

/// Whether the first line of an input (after comments and blank lines) is
/// a header. `From<bool>`: `true` is [`Header::Present`].
///
/// # Example
///
/// ```
/// use influence::io::Header;
///
/// assert_eq!(Header::from(false), Header::Absent);
/// assert_eq!(Header::default(), Header::Auto);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Header {
    /// Decided by the format: interaction CSV without [`Columns`] has a
    /// header naming its columns, an edge list without them has none; with
    /// named columns, the first line is a header when a cell of its weight
    /// or time column is not a weight or a time, or when its actor and
    /// target cells are column names (`from`, `to`), and a [`Note`] says so.
    #[default]
    Auto,
    /// The first line is a header, skipped (or, for interaction CSV without
    /// [`Columns`], read for the column names).
    Present,
    /// Every line is a record.
    Absent,
}

impl From<bool> for Header {
    fn from(present: bool) -> Header {
        if present { Header::Present } else { Header::Absent }
    }
}

/// What to do with a negative weight.
///
/// Parses from (and displays as) `error` and `skip`.
///
/// # Example
///
/// ```
/// use influence::io::NegativeWeights;
///
/// assert_eq!("skip".parse::<NegativeWeights>()?, NegativeWeights::Skip);
/// assert_eq!(NegativeWeights::default(), NegativeWeights::Error);
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum NegativeWeights {
    /// A negative weight is an error naming the line (the default): the
    /// graph's weights are reactions, and a negative reaction has no meaning
    /// in PageRank.
    #[default]
    Error,
    /// Rows with a negative weight are left out, counted in
    /// [`ReadStats::negative_skipped`] and reported in a [`Note`] (for
    /// signed data such as trust ratings, whose negative part is not
    /// influence).
    Skip,
}

impl fmt::Display for NegativeWeights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NegativeWeights::Error => "error",
            NegativeWeights::Skip => "skip",
        })
    }
}

impl FromStr for NegativeWeights {
    type Err = Error;

    fn from_str(s: &str) -> Result<NegativeWeights> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "error" => NegativeWeights::Error,
            "skip" => NegativeWeights::Skip,
            _ => return Err(Error::config("negative weights", quote(s), "expected error or skip")),
        })
    }
}

/// Something a reader assumed or did that the caller did not spell out,
/// returned in [`ReadStats::notes`] so that a program can say it (the
/// `influence` CLI prints each as a `note:` line on stderr).
///
/// # Example
///
/// ```
/// use influence::io::{self, Note};
///
/// let stats = io::Reader::default().for_each("1 2 1082040961\n2 3 1098777142\n".as_bytes(), None, |_| Ok(()))?;
/// assert!(matches!(&stats.notes[..], [Note::WeightsAssumed { .. }]));
/// assert_eq!(
///     stats.notes[0].to_string(),
///     "the third column was read as weights (1082040961 to 1098777142); if it is a time, name the columns \
///      actor,target,time"
/// );
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Note {
    /// An edge list read without [`Columns`] had a third column, read as
    /// weights, whose values could be times (the largest is at least
    /// 1000; weights below that are read without a note).
    WeightsAssumed {
        /// The smallest weight, as Rust writes it.
        min: String,
        /// The largest weight.
        max: String,
        /// The most cells a line had (3 or 4).
        cells: usize,
    },
    /// [`Header::Auto`] took the first line for a header.
    HeaderAssumed {
        /// Its line number.
        line: u64,
        /// Its text.
        text: String,
    },
    /// Rows of a kind that the [`KindMap`] maps to `-` were left out.
    KindSkipped {
        /// The kind's name as the mapping gives it.
        kind: String,
        /// How many rows.
        rows: u64,
    },
    /// Rows with a negative weight were left out ([`NegativeWeights::Skip`]).
    NegativeWeightsSkipped {
        /// How many rows.
        rows: u64,
        /// The line of the first.
        first_line: u64,
    },
}

impl Note {
    /// The columns to name if the weights of a [`Note::WeightsAssumed`]
    /// are times (`actor,target,time`, with `,-` for a fourth cell); `None`
    /// for other notes.
    pub fn time_columns(&self) -> Option<String> {
        match self {
            Note::WeightsAssumed { cells, .. } => {
                Some(format!("actor,target,time{}", ",-".repeat(cells.saturating_sub(3))))
            }
            _ => None,
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::WeightsAssumed { min, max, .. } => write!(
                f,
                "the third column was read as weights ({min} to {max}); if it is a time, name the columns {}",
                self.time_columns().unwrap_or_default()
            ),
            Note::HeaderAssumed { line, text } => write!(f, "line {line} was read as a header: {}", quote(text)),
            Note::KindSkipped { kind, rows } => {
                write!(f, "left out {rows} {} of kind {}, as the kind mapping asks", rows_word(*rows), quote(kind))
            }
            Note::NegativeWeightsSkipped { rows, first_line } => write!(
                f,
                "left out {rows} {} with a negative weight (the first on line {first_line})",
                rows_word(*rows)
            ),
        }
    }
}

fn rows_word(n: u64) -> &'static str {
    if n == 1 { "row" } else { "rows" }
}

/// Reads interactions from any input the crate understands, configured
/// Config-style: each setter takes and returns the reader, and
/// [`Reader::default`] reads exactly as [`load`](super::load) and
/// [`for_each_interaction`](super::for_each_interaction) always did.
///
/// - **Format**: [`InputFormat`]; `Auto` goes by the file name, looking
///   through a `.gz` ending (`ties.csv.gz` is CSV).
/// - **Gzip**: an input that starts with the gzip magic bytes (`1f 8b`) is
///   decompressed as it is read, whatever its name; a truncated or corrupt
///   one is an I/O error naming the file, never a partial result.
/// - **Columns**: [`Reader::columns`] names what each column of delimited
///   text holds, for published files that are neither an edge list
///   `source target [weight [time]]` nor CSV with a header naming its
///   columns. [`Reader::delimiter`] and [`Reader::header`] say how such text
///   is cut.
/// - **Kinds and networks**: [`Reader::kinds`] maps the cells of a kind
///   column (and JSON `kind` values) to kinds or skips them;
///   [`Reader::default_kind`] and [`Reader::default_network`] fill in
///   records that have none.
/// - **Limits and negative weights**: [`Reader::limits`] caps what records
///   read one at a time may hold ([`Reader::load`] obeys the builder's own
///   limits); [`Reader::negative_weights`] may skip negative weights rather
///   than fail.
///
/// Comment lines (starting with `#` or `%`) and blank lines of edge lists,
/// delimited text and JSON lines are skipped and counted in
/// [`ReadStats::skipped`]; interaction CSV with a header has no comments.
/// Times are read by [`parse_time`](super::parse_time): Unix seconds
/// (fractions rounded down) or ISO 8601 dates, UTC unless they carry a zone.
/// What the reader assumed comes back in [`ReadStats::notes`].
///
/// # Example
///
/// SNAP's Higgs Twitter activity, `userA userB unix_seconds RT|MT|RE`:
///
/// ```
/// use influence::io::{Reader, ReadStats};
/// use influence::{InteractionKind, Network};
///
/// let higgs = "223789 213163 1341100972 MT\n223789 213163 1341100972 RE\n376989 50329 1341101181 RT\n";
/// let reader = Reader::default()
///     .columns("actor,target,time,kind".parse()?)
///     .kinds("RT=reshare,MT=mention,RE=reply".parse()?)
///     .default_network(Network::Twitter);
/// let (records, stats) = reader.collect(higgs.as_bytes(), None)?;
/// assert_eq!(records.len(), 3);
/// assert_eq!(records[2].kind, Some(InteractionKind::Reshare));
/// assert_eq!(records[2].time, Some(1_341_101_181));
/// assert_eq!(records[2].network, Some(Network::Twitter));
/// assert!(stats.notes.is_empty());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Reader {
    format: InputFormat,
    columns: Option<Columns>,
    delimiter: Delimiter,
    header: Header,
    kinds: Option<KindMap>,
    default_kind: Option<InteractionKind>,
    default_network: Option<Network>,
    limits: Limits,
    negative_weights: NegativeWeights,
}

/// Which parser reads an input.
#[derive(Debug)]
enum Plan {
    /// The edge list in parallel blocks (only into a builder) or by line.
    EdgeList,
    /// Interaction CSV with a header naming its columns.
    Csv {
        delimiter: u8,
    },
    JsonLines,
    /// Delimited text, the columns given or the edge list's.
    Delimited(Layout),
}

impl Reader {
    /// The input's format [default: [`InputFormat::Auto`]].
    pub fn format(mut self, format: InputFormat) -> Reader {
        self.format = format;
        self
    }

    /// What each column holds, for edge lists and CSV (not JSON lines)
    /// [default: the format's own: `source target [weight [time]]` for an
    /// edge list, the header's names for CSV].
    ///
    /// # Example
    ///
    /// SNAP's CollegeMsg, `sender receiver unix_seconds`:
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let reader = Reader::default().columns("actor,target,time".parse()?);
    /// let (records, _) = reader.collect("1 2 1082040961\n3 4 1082155839\n".as_bytes(), None)?;
    /// assert_eq!((records[0].time, records[0].weight), (Some(1_082_040_961), None));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn columns(mut self, columns: Columns) -> Reader {
        self.columns = Some(columns);
        self
    }

    /// What separates cells [default: [`Delimiter::Auto`]].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::{Delimiter, Reader};
    ///
    /// let reader = Reader::default().columns("actor,target,time".parse()?).delimiter(Delimiter::Tab);
    /// let (records, _) = reader.collect("ann\tbob\t2001-05-14 16:39:00\n".as_bytes(), None)?;
    /// assert_eq!(records[0].time, Some(989_858_340));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn delimiter(mut self, delimiter: Delimiter) -> Reader {
        self.delimiter = delimiter;
        self
    }

    /// Whether the first line is a header: a [`Header`] or a `bool`
    /// [default: [`Header::Auto`]].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let input = "from to Time\nann bob 1700000000\n";
    /// let reader = Reader::default().columns("actor,target,time".parse()?).header(true);
    /// let (records, stats) = reader.collect(input.as_bytes(), None)?;
    /// assert_eq!((records.len(), stats.lines), (1, 2));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn header(mut self, header: impl Into<Header>) -> Reader {
        self.header = header.into();
        self
    }

    /// How kind cells map to kinds, and which kinds to skip [default: each
    /// cell parsed as [`InteractionKind`] parses it]. The input must have a
    /// kind column (or, for JSON lines, `kind` keys).
    ///
    /// # Example
    ///
    /// Enron's recipients, where every `bcc` row repeats a `cc` row:
    ///
    /// ```
    /// use influence::io::{Note, Reader};
    ///
    /// let input = "1\t2\t2001-05-14 16:39:00\tto\n1\t3\t2001-05-14 16:39:00\tcc\n1\t3\t2001-05-14 16:39:00\tbcc\n";
    /// let reader = Reader::default()
    ///     .columns("actor,target,time,kind".parse()?)
    ///     .kinds("to=message,cc=copy,bcc=-".parse()?);
    /// let (records, stats) = reader.collect(input.as_bytes(), None)?;
    /// assert_eq!((records.len(), stats.kinds_skipped), (2, 1));
    /// assert_eq!(stats.notes, [Note::KindSkipped { kind: "bcc".into(), rows: 1 }]);
    ///
    /// let err = reader.collect("1\t2\t2001-05-14 16:39:00\tfwd\n".as_bytes(), None).unwrap_err();
    /// assert_eq!(err.position().map(|p| p.line()), Some(1));
    /// assert!(err.to_string().contains("kind \"fwd\" is not in the kind mapping"), "{err}");
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn kinds(mut self, kinds: KindMap) -> Reader {
        self.kinds = Some(kinds);
        self
    }

    /// The kind of every record that has none [default: none, a generic
    /// reaction].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::InteractionKind;
    ///
    /// let reader = Reader::default().columns("actor,target,time".parse()?).default_kind(InteractionKind::Reply);
    /// let (records, _) = reader.collect("1 4 1254192988\n".as_bytes(), None)?;
    /// assert_eq!(records[0].kind, Some(InteractionKind::Reply));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn default_kind(mut self, kind: InteractionKind) -> Reader {
        self.default_kind = Some(kind);
        self
    }

    /// The network of every record that has none [default: none].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::Network;
    ///
    /// let reader = Reader::default().default_network(Network::Other("email".into()));
    /// let (records, _) = reader.collect("ann bob\n".as_bytes(), None)?;
    /// assert_eq!(records[0].network, Some(Network::Other("email".into())));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn default_network(mut self, network: Network) -> Reader {
        self.default_network = Some(network);
        self
    }

    /// Caps on what [`Reader::for_each`] and [`Reader::collect`] read
    /// [default: [`Limits::default`]]; [`Reader::load`] obeys the builder's
    /// limits instead.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::Limits;
    ///
    /// let reader = Reader::default().limits(Limits::default().max_edges(1));
    /// let err = reader.collect("ann bob\nbob cy\n".as_bytes(), None).unwrap_err();
    /// assert_eq!(err.to_string(), "<input>:2: too many edges: more than 1");
    /// ```
    pub fn limits(mut self, limits: Limits) -> Reader {
        self.limits = limits;
        self
    }

    /// What to do with negative weights [default: [`NegativeWeights::Error`]].
    ///
    /// # Example
    ///
    /// SNAP's Bitcoin OTC trust ratings, `rater,ratee,rating,unix_seconds`:
    ///
    /// ```
    /// use influence::io::{NegativeWeights, Reader};
    ///
    /// let input = "6,2,4,1289241911.72836\n1,15,-1,1289243140.39049\n";
    /// let reader = Reader::default().columns("actor,target,weight,time".parse()?);
    /// let err = reader.collect(input.as_bytes(), None).unwrap_err();
    /// assert!(err.to_string().starts_with("<input>:2: invalid weight -1"), "{err}");
    ///
    /// let (records, stats) = reader.negative_weights(NegativeWeights::Skip).collect(input.as_bytes(), None)?;
    /// assert_eq!((records.len(), stats.negative_skipped), (1, 1));
    /// assert_eq!(records[0].time, Some(1_289_241_911));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn negative_weights(mut self, negative_weights: NegativeWeights) -> Reader {
        self.negative_weights = negative_weights;
        self
    }

    /// Reads `input` into `builder`, under the builder's
    /// [`Limits`](crate::GraphConfig::limits). `path` names the input in
    /// errors and, for [`InputFormat::Auto`], gives the format (an input
    /// without a path is an edge list).
    ///
    /// Default edge lists are parsed in parallel blocks (see
    /// [`load_edge_list`](super::load_edge_list)) and every other input
    /// line by line, its ids looked up a batch at a time.
    ///
    /// # Errors
    ///
    /// Settings that do not fit the input
    /// ([`ErrorKind::InvalidConfig`](crate::ErrorKind::InvalidConfig)), and
    /// the format's errors, each with the file and line: see
    /// [`load_edge_list`](super::load_edge_list),
    /// [`load_csv`](super::load_csv) and [`load_jsonl`](super::load_jsonl).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::GraphBuilder;
    ///
    /// let mut builder = GraphBuilder::default();
    /// let stats = Reader::default().columns("target,actor".parse()?).load("bob ann\n".as_bytes(), None, &mut builder)?;
    /// assert_eq!(stats.records, 1);
    /// let graph = builder.build()?;
    /// let (ann, bob) = (graph.user_index("ann").unwrap(), graph.user_index("bob").unwrap());
    /// assert_eq!(graph.combined().in_edges(bob).next().map(|(u, _)| u), Some(ann));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn load<R: Read>(&self, input: R, path: Option<&Path>, builder: &mut GraphBuilder) -> Result<ReadStats> {
        let plan = self.plan(path)?;
        let input = gzip::open(input).map_err(|e| Error::io(path, e).at(Position::new(path, 1)))?;
        let max_bytes = builder.limits().get_max_line_bytes();
        let mut rules = self.rules();
        let mut batch = Batch::default();
        let read = match plan {
            // The blocks go to the builder directly.
            Plan::EdgeList => return edgelist::load_edge_list_in_blocks(input, path, builder, BlockConfig::default()),
            Plan::Csv { delimiter } => {
                let mut push = |i: Interaction, line: u64| batch.push(i, line, builder, path);
                csv::read_csv(input, path, max_bytes, delimiter, &mut rules, &mut push)
            }
            Plan::JsonLines => {
                let mut push = |i: Interaction, line: u64| batch.push(i, line, builder, path);
                jsonl::read_jsonl(input, path, max_bytes, &mut rules, &mut push)
            }
            Plan::Delimited(layout) => {
                let mut push = |i: Interaction, line: u64| batch.push(i, line, builder, path);
                read_delimited(input, path, max_bytes, &layout, &mut rules, &mut push)
            }
        };
        // The records still held come before wherever reading stopped, so
        // an error among them is the first.
        batch.flush(builder, path)?;
        read
    }

    /// Opens the file at `path` and reads it into `builder` (see
    /// [`Reader::load`]).
    ///
    /// # Errors
    ///
    /// An I/O error naming `path`, and those of [`Reader::load`].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::GraphBuilder;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("msgs.txt");
    /// std::fs::write(&path, "1 2 1082040961\n").unwrap();
    /// let mut builder = GraphBuilder::default();
    /// Reader::default().columns("actor,target,time".parse()?).load_file(&path, &mut builder)?;
    /// assert_eq!(builder.build()?.edge_count(), 1);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn load_file(&self, path: &Path, builder: &mut GraphBuilder) -> Result<ReadStats> {
        let file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
        self.load(file, Some(path), builder)
    }

    /// Hands each interaction of `input` to `each` as it is read, so that
    /// memory does not grow with the input, under [`Reader::limits`]; what
    /// [`ScoreModelBuilder::build_from`](crate::score::ScoreModelBuilder::build_from)
    /// reads from. An error from `each` stops the reading and is returned
    /// with the line of the record it came from (unless it names one).
    ///
    /// # Errors
    ///
    /// Those of [`Reader::load`], those of `each`, and
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line
    /// beyond the limits.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let mut targets = Vec::new();
    /// let stats = Reader::default().for_each("# a comment\nann bob\nbob cy\n".as_bytes(), None, |i| {
    ///     targets.push(i.target);
    ///     Ok(())
    /// })?;
    /// assert_eq!(targets, ["bob", "cy"]);
    /// assert_eq!((stats.records, stats.skipped), (2, 1));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn for_each<R: Read>(
        &self,
        input: R,
        path: Option<&Path>,
        mut each: impl FnMut(Interaction) -> Result<()>,
    ) -> Result<ReadStats> {
        let plan = self.plan(path)?;
        let input = gzip::open(input).map_err(|e| Error::io(path, e).at(Position::new(path, 1)))?;
        let max_bytes = self.limits.get_max_line_bytes();
        let mut held = held::Held::new(self.limits);
        let mut each = |i: Interaction, _line: u64| {
            held.interaction(&i)?;
            each(i)
        };
        let mut rules = self.rules();
        match plan {
            Plan::EdgeList => edgelist::for_each_interaction_edge_list(input, path, max_bytes, |i| each(i, 0)),
            Plan::Csv { delimiter } => csv::read_csv(input, path, max_bytes, delimiter, &mut rules, &mut each),
            Plan::JsonLines => jsonl::read_jsonl(input, path, max_bytes, &mut rules, &mut each),
            Plan::Delimited(layout) => read_delimited(input, path, max_bytes, &layout, &mut rules, &mut each),
        }
    }

    /// Opens the file at `path` and hands each interaction to `each` (see
    /// [`Reader::for_each`]).
    ///
    /// # Errors
    ///
    /// An I/O error naming `path`, and those of [`Reader::for_each`].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("ties.csv");
    /// std::fs::write(&path, "actor,target\nann,bob\n").unwrap();
    /// let mut n = 0;
    /// Reader::default().for_each_in_file(&path, |_| Ok(n += 1))?;
    /// assert_eq!(n, 1);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn for_each_in_file(&self, path: &Path, each: impl FnMut(Interaction) -> Result<()>) -> Result<ReadStats> {
        let file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
        self.for_each(file, Some(path), each)
    }

    /// Reads every interaction of `input` into a vector (see
    /// [`Reader::for_each`]), with what was read.
    ///
    /// # Errors
    ///
    /// Those of [`Reader::for_each`].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let (records, stats) = Reader::default().collect("ann bob 2\n".as_bytes(), None)?;
    /// assert_eq!((records[0].weight, stats.records), (Some(2.0), 1));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn collect<R: Read>(&self, input: R, path: Option<&Path>) -> Result<(Vec<Interaction>, ReadStats)> {
        let mut out = Vec::new();
        let stats = self.for_each(input, path, |i| {
            out.push(i);
            Ok(())
        })?;
        Ok((out, stats))
    }

    /// Opens the file at `path` and reads every interaction into a vector
    /// (see [`Reader::collect`]).
    ///
    /// # Errors
    ///
    /// An I/O error naming `path`, and those of [`Reader::for_each`].
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("ties.jsonl");
    /// std::fs::write(&path, "{\"actor\": \"ann\", \"target\": \"bob\"}\n").unwrap();
    /// let (records, _) = Reader::default().collect_file(&path)?;
    /// assert_eq!(records[0].target, "bob");
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn collect_file(&self, path: &Path) -> Result<(Vec<Interaction>, ReadStats)> {
        let file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
        self.collect(file, Some(path))
    }

    /// Reads user facts CSV (`user,network[,posts,audience]`, see
    /// [`read_facts_from`](super::read_facts_from)) under this reader's
    /// [`Limits`]; the interaction settings (format, columns, kinds) do not
    /// apply. `path` names the input in errors.
    ///
    /// # Errors
    ///
    /// Those of [`read_facts_from`](super::read_facts_from), and
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line of the
    /// record beyond [`Limits::max_users`] (each record is held until the
    /// end, so that cap bounds the records).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::{ErrorKind, Limits};
    ///
    /// let csv = "user,network,posts\nann,twitter,3\nbob,twitter,4\n";
    /// let facts = Reader::default().read_facts(csv.as_bytes(), None)?;
    /// assert_eq!(facts[1].posts, Some(4));
    /// let capped = Reader::default().limits(Limits::default().max_users(1));
    /// let err = capped.read_facts(csv.as_bytes(), None).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::TooLarge { limit: 1, .. }), "{err}");
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn read_facts<R: Read>(&self, input: R, path: Option<&Path>) -> Result<Vec<crate::UserFacts>> {
        super::facts::read_facts_from_with_limits(input, path, self.limits)
    }

    /// [`Reader::read_facts`] on the file at `path`.
    ///
    /// # Errors
    ///
    /// Those of [`Reader::read_facts`], and an I/O error naming the file.
    pub fn read_facts_file(&self, path: &Path) -> Result<Vec<crate::UserFacts>> {
        super::facts::read_facts_with_limits(path, self.limits)
    }

    /// Reads user ids, one per line (see [`read_user_ids`](super::read_user_ids)),
    /// under this reader's [`Limits`]: a line longer than
    /// [`Limits::max_line_bytes`] and more ids than [`Limits::max_users`]
    /// are errors.
    ///
    /// # Errors
    ///
    /// Those of [`read_user_ids`](super::read_user_ids), and
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line beyond
    /// a limit.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    /// use influence::Limits;
    ///
    /// let ids = Reader::default().read_user_ids("# seeds\nann\nbob\n".as_bytes(), None)?;
    /// assert_eq!(ids, ["ann", "bob"]);
    /// let capped = Reader::default().limits(Limits::default().max_users(1));
    /// assert!(capped.read_user_ids("ann\nbob\n".as_bytes(), None).is_err());
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn read_user_ids<R: Read>(&self, input: R, path: Option<&Path>) -> Result<Vec<String>> {
        super::users::read_user_ids_with_limits(input, path, self.limits)
    }

    /// Reads a personalization vector (`user [weight]` lines, see
    /// [`read_personalization`](super::read_personalization)) under this
    /// reader's [`Limits`].
    ///
    /// # Errors
    ///
    /// Those of [`read_personalization`](super::read_personalization), and
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line beyond
    /// a limit.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::Reader;
    ///
    /// let entries = Reader::default().read_personalization("ann 2\nbob 0.5\n".as_bytes(), None)?;
    /// assert_eq!(entries, [("ann".to_string(), 2.0), ("bob".to_string(), 0.5)]);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn read_personalization<R: Read>(&self, input: R, path: Option<&Path>) -> Result<Vec<(String, f64)>> {
        super::personalization::read_personalization_with_limits(input, path, self.limits)
    }

    /// Reads a personalization vector for `graph` (see
    /// [`read_personalization_for`](super::read_personalization_for): a user
    /// the graph lacks is an error at its line) under this reader's
    /// [`Limits`].
    ///
    /// # Errors
    ///
    /// Those of [`read_personalization_for`](super::read_personalization_for),
    /// and [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line
    /// beyond a limit.
    pub fn read_personalization_for<R: Read>(
        &self,
        input: R,
        path: Option<&Path>,
        graph: &crate::InfluenceGraph,
    ) -> Result<Vec<(String, f64)>> {
        super::personalization::read_personalization_for_with_limits(input, path, graph, self.limits)
    }

    /// Reads scores written by [`write_scores`](super::write_scores) in
    /// `format` (see [`read_scores`](super::read_scores)) under this
    /// reader's [`Limits`].
    ///
    /// # Errors
    ///
    /// Those of [`read_scores`](super::read_scores), and
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) at the line beyond
    /// a limit.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::{self, OutputFormat, Reader};
    /// use influence::score::UserScore;
    ///
    /// let mut out = Vec::new();
    /// io::write_scores(&[UserScore::new("ann", 63.5, 2.25)], &mut out, OutputFormat::Csv, None)?;
    /// let back = Reader::default().read_scores(&out[..], OutputFormat::Csv, None)?;
    /// assert_eq!(back, [UserScore::new("ann", 63.5, 2.25)]);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn read_scores<R: Read>(
        &self,
        input: R,
        format: super::OutputFormat,
        path: Option<&Path>,
    ) -> Result<Vec<crate::score::UserScore>> {
        super::scores::read_scores_with_limits(input, format, path, self.limits)
    }

    fn rules(&self) -> Rules<'_> {
        Rules::new(
            self.kinds.as_ref(),
            self.default_kind.as_ref(),
            self.default_network.as_ref(),
            self.negative_weights,
        )
    }

    /// The parser for an input named `path`, or an error for settings that
    /// do not fit it.
    fn plan(&self, path: Option<&Path>) -> Result<Plan> {
        let format = match (self.format, path) {
            (InputFormat::Auto, Some(p)) => InputFormat::detect(p),
            (InputFormat::Auto, None) => InputFormat::EdgeList,
            (f, _) => f,
        };
        let has_kind = |columns: &Columns| columns.contains(Field::Kind);
        match (format, &self.columns) {
            (InputFormat::JsonLines, _) => {
                let given = [
                    ("columns", self.columns.is_some()),
                    ("delimiter", self.delimiter != Delimiter::Auto),
                    ("header", self.header != Header::Auto),
                ];
                if let Some((what, _)) = given.iter().find(|(_, g)| *g) {
                    return Err(Error::config(
                        "input settings",
                        format!("({what})"),
                        format!("JSON lines name their fields in every object; a {what} applies to delimited text"),
                    ));
                }
                Ok(Plan::JsonLines)
            }
            (InputFormat::Csv, None) => {
                let delimiter = match self.delimiter {
                    Delimiter::Auto | Delimiter::Comma => b',',
                    Delimiter::Tab => b'\t',
                    Delimiter::Whitespace => {
                        return Err(Error::config(
                            "delimiter",
                            "whitespace",
                            "CSV with a header is split at commas or tabs; name the columns to split at whitespace",
                        ));
                    }
                };
                if self.header == Header::Absent {
                    return Err(Error::config(
                        "header",
                        "absent",
                        "CSV without a header needs its columns named (actor,target,...)",
                    ));
                }
                Ok(Plan::Csv { delimiter })
            }
            (InputFormat::Csv, Some(columns)) | (InputFormat::EdgeList | InputFormat::Auto, Some(columns)) => {
                if self.kinds.is_some() && !has_kind(columns) {
                    return Err(no_kind_column(columns));
                }
                Ok(Plan::Delimited(Layout::named(
                    columns.clone(),
                    self.delimiter,
                    self.header,
                    format == InputFormat::Csv,
                )))
            }
            (InputFormat::EdgeList | InputFormat::Auto, None) => {
                if self.kinds.is_some() {
                    return Err(Error::config(
                        "kind mapping",
                        quote(&self.kinds.as_ref().map(ToString::to_string).unwrap_or_default()),
                        "an edge list (source target [weight [time]]) has no kind column; name the columns, e.g. \
                         actor,target,time,kind",
                    ));
                }
                // An edge list read as it comes refuses a first line that
                // looks like a header; told there is none, every line is read.
                let plain = self.delimiter == Delimiter::Auto
                    && self.header == Header::Auto
                    && self.default_kind.is_none()
                    && self.default_network.is_none()
                    && self.negative_weights == NegativeWeights::Error;
                if plain {
                    Ok(Plan::EdgeList)
                } else {
                    Ok(Plan::Delimited(Layout::edge_list(self.delimiter, self.header)))
                }
            }
        }
    }
}

fn no_kind_column(columns: &Columns) -> Error {
    Error::config("kind mapping", "given", format!("the columns {} have no kind column", quote(&columns.to_string())))
}
