//! The settings an interaction [`Reader`](super::Reader) takes
//! ([`Columns`] and their [`Field`]s, [`KindMap`], [`Delimiter`], [`Header`],
//! [`NegativeWeights`]) and the [`Note`]s it returns: plain values that
//! parse from and display as the CLI's flags. The parsers read them; this
//! file depends on none of the parsers.

use std::fmt;
use std::str::FromStr;

use super::fields::quote;
use crate::error::{Error, Result};
use crate::interaction::InteractionKind;

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
    /// The user who reacted ([`Interaction::actor`](crate::Interaction::actor)).
    Actor,
    /// The user reacted to ([`Interaction::target`](crate::Interaction::target)).
    Target,
    /// A weight, a number at least 0 ([`Interaction::weight`](crate::Interaction::weight)).
    Weight,
    /// When, as [`parse_time`](super::parse_time) reads it ([`Interaction::time`](crate::Interaction::time)).
    Time,
    /// How ([`Interaction::kind`](crate::Interaction::kind)), through the [`KindMap`] if one is given.
    Kind,
    /// Where ([`Interaction::network`](crate::Interaction::network)).
    Network,
    /// What about ([`Interaction::topic`](crate::Interaction::topic)).
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
/// [`ReadStats::kinds_skipped`](super::ReadStats::kinds_skipped) and reported in a [`Note`]).
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
    /// [`ReadStats::negative_skipped`](super::ReadStats::negative_skipped) and reported in a [`Note`] (for
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
/// returned in [`ReadStats::notes`](super::ReadStats::notes) so that a program can say it (the
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
