//! The crate's one error type.
//!
//! Every fallible operation returns [`Error`]. It is deliberately opaque: match
//! on [`Error::kind`] for the cause and use [`Error::position`] for the file and
//! line an input error came from. Nothing in this module panics or allocates
//! more than the message it carries.

use std::fmt;
use std::path::{Path, PathBuf};

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in an input an error was found: a file (or stream name) and a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    path: Option<PathBuf>,
    line: u64,
}

impl Position {
    /// A position at 1-based `line` of `path` (or of an unnamed stream).
    pub fn new(path: Option<&Path>, line: u64) -> Position {
        Position { path: path.map(Path::to_path_buf), line }
    }

    /// The file, when the input was a file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The 1-based line number.
    pub fn line(&self) -> u64 {
        self.line
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}:{}", p.display(), self.line),
            None => write!(f, "<input>:{}", self.line),
        }
    }
}

fn io_message(path: Option<&Path>, source: &std::io::Error) -> String {
    match path {
        Some(p) => format!("{}: {source}", p.display()),
        None => source.to_string(),
    }
}

/// What went wrong. Grows over time, hence `#[non_exhaustive]`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing a file failed. The message includes the
    /// underlying error's, so [`std::error::Error::source`] returns none
    /// (a chain printed cause by cause says each thing once).
    #[error("{}", io_message(path.as_deref(), error))]
    Io {
        /// The file involved, if any.
        path: Option<PathBuf>,
        /// The underlying error.
        error: std::io::Error,
    },
    /// A line of input could not be understood (bad number, missing column,
    /// invalid UTF-8, malformed JSON, ...).
    #[error("{message}")]
    Parse {
        /// What was wrong, naming the offending text.
        message: String,
    },
    /// A weight (of an interaction, edge or personalization entry) is NaN,
    /// infinite, negative or zero, or summing weights overflowed.
    #[error("invalid weight {value}: {reason}")]
    InvalidWeight {
        /// The offending value as written or computed.
        value: String,
        /// Why it is rejected.
        reason: String,
    },
    /// A configuration parameter is outside its valid range.
    #[error("invalid {parameter} {value}: {reason}")]
    InvalidConfig {
        /// The parameter's name, e.g. `damping`.
        parameter: &'static str,
        /// The offending value.
        value: String,
        /// The valid range or why it is rejected.
        reason: String,
    },
    /// A user id was given (in a personalization vector, a lookup, ...) that
    /// the graph does not contain.
    #[error("unknown user {user:?} in {context}")]
    UnknownUser {
        /// The id as given.
        user: String,
        /// Where it was given, e.g. `personalization`.
        context: String,
    },
    /// The graph has no users, or no edges because every interaction was a
    /// self-interaction, so there is nothing to rank.
    #[error("the graph is empty{hint}")]
    EmptyGraph {
        /// What is missing and a hint at why, e.g. `: it has no edges: ...`
        /// when every interaction was a self-interaction.
        hint: String,
    },
    /// An iterative computation reached its iteration cap before its
    /// tolerance where an unconverged result would be wrong (the score).
    #[error(
        "{what} did not converge: L1 residual {residual:e} after {iterations} iterations (raise max_iterations or the tolerance)"
    )]
    NotConverged {
        /// What did not converge, e.g. `PageRank on twitter`.
        what: String,
        /// Iterations run.
        iterations: usize,
        /// The last L1 change.
        residual: f64,
    },
    /// A distributed run (feature `distributed`) could not start or did not
    /// finish: the processes could not connect, or a worker failed.
    #[error("the distributed run failed: {reason}")]
    Cluster {
        /// What failed, as timely reported it.
        reason: String,
    },
    /// The input exceeds a [`Limits`](crate::Limits) cap or what the compact
    /// representation can index (`u32` user indices), or a generator was asked
    /// for more than memory can hold.
    #[error("too many {what}: more than {limit}")]
    TooLarge {
        /// What was counted.
        what: Counted,
        /// The limit that was exceeded.
        limit: u64,
    },
}

/// What an [`ErrorKind::TooLarge`] counted; its `Display` is the text of
/// the message (`too many users: more than 1000`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Counted {
    /// Users ([`Limits::max_users`](crate::Limits::max_users), or the
    /// `u32` indices of the compact representation).
    Users,
    /// Edge records ([`Limits::max_edges`](crate::Limits::max_edges)), or
    /// a generator's edges beyond what memory can hold.
    Edges,
    /// Bytes in one line of text ([`Limits::max_line_bytes`](crate::Limits::max_line_bytes)).
    LineBytes,
    /// Bytes in one CSV record (the same limit; a quote left open makes a
    /// record run on).
    RecordBytes,
    /// Bytes in one element of a JSON array (the same limit).
    ElementBytes,
    /// A generator's interactions beyond what memory can hold.
    Interactions,
    /// Networks in one score model (`u16` indices).
    Networks,
    /// Kinds of reaction in one score model (`u16` indices).
    Kinds,
    /// Bytes of a calibration file
    /// ([`Calibration::MAX_BYTES`](crate::score::Calibration::MAX_BYTES)).
    CalibrationBytes,
}

impl Counted {
    /// Whether this is one of the byte counts that
    /// [`Limits::max_line_bytes`](crate::Limits::max_line_bytes) caps.
    pub fn is_line_length(self) -> bool {
        matches!(self, Counted::LineBytes | Counted::RecordBytes | Counted::ElementBytes)
    }
}

impl fmt::Display for Counted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Counted::Users => "users",
            Counted::Edges => "edges",
            Counted::LineBytes => "bytes in one line",
            Counted::RecordBytes => "bytes in one record (is a quote left open?)",
            Counted::ElementBytes => "bytes in one array element (is a string left open?)",
            Counted::Interactions => "interactions",
            Counted::Networks => "networks",
            Counted::Kinds => "kinds",
            Counted::CalibrationBytes => "calibration bytes",
        })
    }
}

/// The error type of this crate: an [`ErrorKind`] plus, for input errors,
/// the [`Position`] (file and line) where it was found.
///
/// # Example
///
/// ```
/// use influence::{io, ErrorKind};
///
/// let err = io::read_edge_list("a b 1\nb c NaN\n".as_bytes(), None).unwrap_err();
/// assert_eq!(err.position().map(|p| p.line()), Some(2));
/// assert!(matches!(err.kind(), ErrorKind::InvalidWeight { .. }));
/// ```
///
/// `Debug` prints the message, as `Display` does (`{:?}` is what a `main`
/// returning `Result<(), Box<dyn Error>>` shows); `{:#?}` prints the kind
/// and position as a structure.
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    position: Option<Position>,
    /// The input held no record at all (a reader's last check): a piece of
    /// a larger input read by one worker may, and the others' decide.
    no_records: bool,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { inner: Box::new(Inner { kind, position: None, no_records: false }) }
    }

    /// Attaches a position unless the error already has one.
    pub(crate) fn at(mut self, position: Position) -> Error {
        if self.inner.position.is_none() {
            self.inner.position = Some(position);
        }
        self
    }

    /// The error with its line, if it has one, `lines` further down: for
    /// an error found in a block of input whose lines were counted from 1.
    pub(crate) fn lines_down(mut self, lines: u64) -> Error {
        if let Some(p) = &mut self.inner.position {
            p.line += lines;
        }
        self
    }

    /// The error marked as one for an input without a single record.
    pub(crate) fn of_no_records(mut self) -> Error {
        self.inner.no_records = true;
        self
    }

    /// Whether the input had no record at all (see [`Error::of_no_records`]).
    #[cfg_attr(not(feature = "distributed"), allow(dead_code))] // the distributed reader's
    pub(crate) fn is_no_records(&self) -> bool {
        self.inner.no_records
    }

    pub(crate) fn parse(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Parse { message: message.into() })
    }

    pub(crate) fn io(path: Option<&Path>, error: std::io::Error) -> Error {
        Error::new(ErrorKind::Io { path: path.map(Path::to_path_buf), error })
    }

    pub(crate) fn weight(value: impl fmt::Display, reason: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidWeight { value: value.to_string(), reason: reason.into() })
    }

    pub(crate) fn config(parameter: &'static str, value: impl fmt::Display, reason: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidConfig { parameter, value: value.to_string(), reason: reason.into() })
    }

    #[cfg_attr(not(feature = "distributed"), allow(dead_code))] // the distributed engine's
    pub(crate) fn cluster(reason: impl Into<String>) -> Error {
        Error::new(ErrorKind::Cluster { reason: reason.into() })
    }

    pub(crate) fn not_converged(what: impl Into<String>, iterations: usize, residual: f64) -> Error {
        Error::new(ErrorKind::NotConverged { what: what.into(), iterations, residual })
    }

    pub(crate) fn unknown_user(user: &str, context: impl Into<String>) -> Error {
        Error::new(ErrorKind::UnknownUser { user: user.to_string(), context: context.into() })
    }

    /// The cause.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The file and line of the input where the error was found, if it came
    /// from a reader.
    pub fn position(&self) -> Option<&Position> {
        self.inner.position.as_ref()
    }

    /// Whether reading or writing a file failed (as opposed to bad content).
    pub fn is_io_error(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Io { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.inner.position, &self.inner.kind) {
            // An I/O error already names its file.
            (Some(pos), ErrorKind::Io { .. }) => write!(f, "{} (line {})", self.inner.kind, pos.line),
            (Some(pos), kind) => write!(f, "{pos}: {kind}"),
            (None, kind) => write!(f, "{kind}"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.debug_struct("Error").field("kind", &self.inner.kind).field("position", &self.inner.position).finish()
        } else {
            write!(f, "{self}")
        }
    }
}

/// No error of this crate has a source: each message says everything,
/// the underlying I/O error included, so that printing a chain of causes
/// says each thing once.
impl std::error::Error for Error {}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}
