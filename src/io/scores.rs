//! Calibrated scores ([`UserScore`]: user, score, raw influence) as TSV,
//! CSV or JSON, written and read back.
//!
//! Numbers are written with Rust's `{}` formatting of `f64`, the shortest
//! text that parses back to the same bits, so [`read_scores`] returns
//! exactly what [`write_scores`] was given. This module must never write a
//! file that does not read back (a user id or a number that the chosen
//! format cannot hold is an error before anything is written), never
//! reorder scores, and never read a whole input into memory: JSON is read
//! one array element at a time.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use ::csv::ByteRecord;
use serde_json::Value;

use super::csv::{HeaderColumn, field_str, header, read_records_or_none};
use super::fields::quote;
use super::held::Held;
use super::lines::{LineReader, utf8_error};
use super::{Limits, too_large};
use super::{OutputFormat, Writer};
use crate::error::{Error, Position, Result};
use crate::score::UserScore;

/// The columns written by [`write_scores`] as CSV, in order.
const HEADER: [&str; 3] = ["user", "score", "raw"];

/// Writes `scores` to `writer` in `format`, in the order given
/// ([`ScoreModel::scores`](crate::score::ScoreModel::scores) gives them best
/// first), only the first `top` when given:
/// `Writer::new(format).top(top).write_scores(scores, writer)`, so TSV and
/// CSV start with the header `user`, `score`, `raw` (see [`Writer`]).
///
/// Every number is written in full (the shortest text with the same bits),
/// so [`read_scores`] reads back exactly these scores.
///
/// # Errors
///
/// Those of [`Writer::write_scores`].
///
/// # Example
///
/// ```
/// use influence::io::{self, OutputFormat};
/// use influence::score::UserScore;
///
/// let scores = [
///     UserScore::new("ann", 99.0, 7.25),
///     UserScore::new("bob", 40.5, 0.1),
/// ];
/// let mut out = Vec::new();
/// io::write_scores(&scores, &mut out, OutputFormat::Tsv, Some(1))?;
/// assert_eq!(String::from_utf8(out).unwrap(), "user\tscore\traw\nann\t99\t7.25\n");
/// # Ok::<(), influence::Error>(())
/// ```
pub fn write_scores<W: Write>(scores: &[UserScore], writer: W, format: OutputFormat, top: Option<usize>) -> Result<()> {
    Writer::new(format).top(top).write_scores(scores, writer)
}

/// Reads scores in `format`, as [`write_scores`] writes them, in the order
/// of the input.
///
/// - [`OutputFormat::Tsv`]: `user<TAB>score<TAB>raw` lines, after an
///   optional header line of exactly those three names (any case); the user
///   id is taken as is (not trimmed), empty lines are skipped.
/// - [`OutputFormat::Csv`]: a header naming the columns `user`, `score` and
///   `raw` in any order (case-insensitively), then one row per user, quoted
///   the usual CSV way.
/// - [`OutputFormat::Json`]: an array of objects with exactly the keys
///   `user` (a string), `score` and `raw` (numbers), in any layout; it is
///   read one element at a time.
///
/// Each score must be a number from 1 to 100, each raw influence finite and
/// at least 0, and each user id non-empty. An empty result (no line, a
/// header only, `[]`) is valid: it is what `write_scores` writes for no
/// scores. A UTF-8 byte-order mark and `\r\n` line ends are accepted in
/// every format. Lines (CSV records, JSON array elements) are held to the
/// default [`Limits`]; [`Reader::read_scores`](super::Reader::read_scores) takes others. `path` only
/// names the input in errors.
///
/// # Errors
///
/// Every error carries the [`Position`](crate::Position) of its line: a
/// line without exactly three fields, a missing, unknown or repeated CSV
/// column, a row with more or fewer cells than the header, malformed JSON,
/// an element that is not an object with the three keys, a value that is
/// not a number or out of range (quoting it), an empty user id, invalid
/// UTF-8 and an I/O error.
///
/// # Example
///
/// ```
/// use influence::io::{self, OutputFormat};
/// use influence::score::UserScore;
///
/// let scores = vec![UserScore::new("ann", 63.0 + 1.0 / 3.0, 0.1 + 0.2)];
/// for format in [OutputFormat::Tsv, OutputFormat::Csv, OutputFormat::Json] {
///     let mut out = Vec::new();
///     io::write_scores(&scores, &mut out, format, None)?;
///     assert_eq!(io::read_scores(out.as_slice(), format, None)?, scores);
/// }
///
/// let err = io::read_scores("ann\t99\t1\nbob\t101\t0.5\n".as_bytes(), OutputFormat::Tsv, None).unwrap_err();
/// assert_eq!(err.position().map(|p| p.line()), Some(2));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_scores<R: Read>(reader: R, format: OutputFormat, path: Option<&Path>) -> Result<Vec<UserScore>> {
    read_scores_with_limits(reader, format, path, Limits::default())
}

/// [`Reader::read_scores`](super::Reader::read_scores) and its conveniences: the reading itself under
/// `limits`.
pub(crate) fn read_scores_with_limits<R: Read>(
    reader: R,
    format: OutputFormat,
    path: Option<&Path>,
    limits: Limits,
) -> Result<Vec<UserScore>> {
    let mut held = Held::new(limits);
    match format {
        OutputFormat::Tsv => read_tsv(reader, path, limits, &mut held),
        OutputFormat::Csv => read_csv(reader, path, limits, &mut held),
        OutputFormat::Json => read_json(reader, path, limits, &mut held),
    }
}

/// Checks what both [`write_scores`] and [`read_scores`] require of a score.
pub(super) fn check_score(s: &UserScore) -> Result<()> {
    if s.user.is_empty() {
        return Err(Error::parse(format!("the user id is empty (score {}, raw {})", s.score, s.raw)));
    }
    if !(s.score.is_finite() && (1.0..=100.0).contains(&s.score)) {
        return Err(Error::parse(format!(
            "score {} of user {} is not a number from 1 to 100",
            s.score,
            quote(&s.user)
        )));
    }
    if !(s.raw.is_finite() && s.raw >= 0.0) {
        return Err(Error::parse(format!(
            "raw influence {} of user {} must be finite and at least 0",
            s.raw,
            quote(&s.user)
        )));
    }
    Ok(())
}

/// A number written as `text` for the field `what`.
fn parse_number(what: &str, text: &str) -> Result<f64> {
    text.trim().parse::<f64>().map_err(|_| Error::parse(format!("{what} {} is not a number", quote(text))))
}

fn read_tsv<R: Read>(reader: R, path: Option<&Path>, limits: Limits, held: &mut Held) -> Result<Vec<UserScore>> {
    let mut lines = LineReader::new(reader, path, limits.get_max_line_bytes());
    let mut out = Vec::new();
    let mut first = true;
    while let Some((n, line)) = lines.next_line()? {
        if line.is_empty() {
            continue;
        }
        // The header `write_scores` writes: no row can look like it, since
        // `score` is not a number.
        if std::mem::take(&mut first) && line.eq_ignore_ascii_case("user\tscore\traw") {
            continue;
        }
        let mut row = || -> Result<UserScore> {
            let mut fields = line.split('\t');
            let (Some(user), Some(score), Some(raw), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(Error::parse(format!(
                    "expected 3 tab-separated fields (user, score, raw), found {}: {}",
                    line.split('\t').count(),
                    quote(line)
                )));
            };
            let s = UserScore {
                user: user.to_string(),
                score: parse_number("score", score)?,
                raw: parse_number("raw influence", raw)?,
            };
            check_score(&s)?;
            held.entry()?;
            Ok(s)
        };
        out.push(row().map_err(|e| e.at(Position::new(path, n)))?);
    }
    Ok(out)
}

/// What a header column of scores CSV holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    User,
    Score,
    Raw,
}

impl HeaderColumn for Column {
    const KNOWN: &'static str = "user, score, raw";
    const REQUIRED: &'static [(Column, &'static str)] = &[(Column::User, ""), (Column::Score, ""), (Column::Raw, "")];

    fn from_name(name: &str) -> Option<Column> {
        Some(match name.to_ascii_lowercase().as_str() {
            "user" => Column::User,
            "score" => Column::Score,
            "raw" => Column::Raw,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        HEADER[self as usize]
    }
}

fn read_csv<R: Read>(reader: R, path: Option<&Path>, limits: Limits, held: &mut Held) -> Result<Vec<UserScore>> {
    let mut columns: Option<Vec<Column>> = None;
    let mut out = Vec::new();
    read_records_or_none(reader, path, limits.get_max_line_bytes(), |record, line| {
        let Some(cols) = &columns else {
            columns = Some(header(record, line, path)?);
            return Ok(());
        };
        let score = csv_row(cols, record, line, path)?;
        held.entry()?;
        out.push(score);
        Ok(())
    })?;
    if columns.is_none() {
        return Err(Error::parse("the input is empty: expected the header user,score,raw").at(Position::new(path, 1)));
    }
    Ok(out)
}

/// The score in row `record`, which starts on line `line`.
fn csv_row(columns: &[Column], record: &ByteRecord, line: u64, path: Option<&Path>) -> Result<UserScore> {
    let mut s = UserScore { user: String::new(), score: f64::NAN, raw: f64::NAN };
    for (i, (&column, cell)) in columns.iter().zip(record.iter()).enumerate() {
        let text = field_str(record, i, cell, line, path)?;
        match column {
            Column::User => s.user = text.to_string(),
            Column::Score => s.score = parse_number("score", text)?,
            Column::Raw => s.raw = parse_number("raw influence", text)?,
        }
    }
    check_score(&s)?;
    Ok(s)
}

/// Reads a JSON array of scores whose elements (a score object is short,
/// and a longer one almost always means a string left open) are at most
/// [`Limits::max_line_bytes`] long.
fn read_json<R: Read>(reader: R, path: Option<&Path>, limits: Limits, held: &mut Held) -> Result<Vec<UserScore>> {
    let max_element = limits.get_max_line_bytes();
    let mut input = JsonInput { inner: BufReader::new(reader), line: 1, path, started: false };
    let mut out = Vec::new();
    match input.skip_whitespace()? {
        Some(b'[') => input.next()?,
        Some(b) => {
            return Err(input.error(format!("expected a JSON array of score objects, found {}", describe(b))));
        }
        None => return Err(input.error("the input is empty: expected a JSON array of score objects")),
    };
    let mut element = Vec::new();
    let mut after = "the opening bracket";
    if input.skip_whitespace()? == Some(b']') {
        input.next()?;
    } else {
        loop {
            match input.skip_whitespace()? {
                Some(b @ (b',' | b']')) => {
                    return Err(input.error(format!("expected a score object after {after}, found {}", describe(b))));
                }
                None => return Err(input.error("the input ends inside the JSON array (no closing bracket)")),
                Some(_) => {}
            }
            let start = input.line;
            let end = input.element(&mut element, max_element)?;
            let score = json_object(&element, start, path).and_then(|s| held.entry().map(|()| s));
            out.push(score.map_err(|e| e.at(Position::new(path, start)))?);
            if end == b']' {
                break;
            }
            after = "a comma";
        }
    }
    if let Some(b) = input.skip_whitespace()? {
        return Err(input.error(format!("unexpected {} after the end of the JSON array", describe(b))));
    }
    Ok(out)
}

/// The score in the JSON text `element`, which starts on line `start`.
fn json_object(element: &[u8], start: u64, path: Option<&Path>) -> Result<UserScore> {
    let text = std::str::from_utf8(element).map_err(|e| {
        let line = start + element[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64;
        utf8_error(element, &e, "element").at(Position::new(path, line))
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        // serde_json counts lines from the element's start; the line is ours to report.
        let message = e.to_string();
        let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
        let line = start + (e.line() as u64).saturating_sub(1);
        // Quote the line of the element the column counts in.
        let text = text.lines().nth(e.line().saturating_sub(1)).unwrap_or(text);
        Error::parse(format!("invalid JSON at column {}: {message}, in {}", e.column(), quote(text)))
            .at(Position::new(path, line))
    })?;
    let Value::Object(map) = value else {
        return Err(Error::parse(format!(
            "expected an object with keys \"user\", \"score\" and \"raw\", found {}",
            quote(text)
        )));
    };
    let (mut user, mut score, mut raw) = (None, None, None);
    for (key, value) in map {
        match (key.as_str(), value) {
            ("user", Value::String(s)) => user = Some(s),
            ("score", Value::Number(n)) => score = n.as_f64(),
            ("raw", Value::Number(n)) => raw = n.as_f64(),
            ("user", v) => return Err(Error::parse(format!("user {v} must be a JSON string"))),
            ("score" | "raw", v) => return Err(Error::parse(format!("{key} {v} must be a JSON number"))),
            _ => return Err(Error::parse(format!("unknown key {} (known keys: user, score, raw)", quote(&key)))),
        }
    }
    let missing = |key: &str| Error::parse(format!("missing key \"{key}\" in {}", quote(text)));
    let s = UserScore {
        user: user.ok_or_else(|| missing("user"))?,
        score: score.ok_or_else(|| missing("score"))?,
        raw: raw.ok_or_else(|| missing("raw"))?,
    };
    check_score(&s)?;
    Ok(s)
}

/// A byte of JSON structure for a message: the character, or its code.
fn describe(b: u8) -> String {
    if b.is_ascii_graphic() { format!("{:?}", b as char) } else { format!("byte 0x{b:02X}") }
}

/// A JSON input read byte by byte through a buffer, counting lines.
struct JsonInput<'p, R> {
    inner: BufReader<R>,
    /// The line of the next byte.
    line: u64,
    path: Option<&'p Path>,
    /// Whether a possible byte-order mark was looked for.
    started: bool,
}

impl<R: Read> JsonInput<'_, R> {
    /// The next byte without consuming it.
    fn peek(&mut self) -> Result<Option<u8>> {
        if !self.started {
            self.started = true;
            let buf = self.fill()?;
            if buf.starts_with(b"\xEF\xBB\xBF") {
                self.inner.consume(3);
            }
        }
        Ok(self.fill()?.first().copied())
    }

    fn fill(&mut self) -> Result<&[u8]> {
        let (path, line) = (self.path, self.line);
        self.inner.fill_buf().map_err(|e| Error::io(path, e).at(Position::new(path, line)))
    }

    /// Consumes the next byte.
    fn next(&mut self) -> Result<Option<u8>> {
        let b = self.peek()?;
        if let Some(b) = b {
            self.inner.consume(1);
            if b == b'\n' {
                self.line += 1;
            }
        }
        Ok(b)
    }

    /// Skips JSON whitespace and returns the next byte, not consumed.
    fn skip_whitespace(&mut self) -> Result<Option<u8>> {
        while let Some(b) = self.peek()? {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                return Ok(Some(b));
            }
            self.next()?;
        }
        Ok(None)
    }

    /// Reads one array element of at most `max_bytes` into `buf`, up to the
    /// comma or closing bracket that ends it (consumed and returned),
    /// tracking strings and nesting so that a comma inside the element does
    /// not end it.
    fn element(&mut self, buf: &mut Vec<u8>, max_bytes: u64) -> Result<u8> {
        buf.clear();
        let start = self.line;
        let (mut depth, mut in_string, mut escaped) = (0u32, false, false);
        loop {
            let Some(b) = self.next()? else {
                return Err(self.error("the input ends inside the JSON array (no closing bracket)"));
            };
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => depth -= 1,
                    b',' | b']' if depth == 0 => return Ok(b),
                    _ => {}
                }
            }
            buf.push(b);
            if buf.len() as u64 > max_bytes {
                return Err(too_large(crate::Counted::ElementBytes, max_bytes).at(Position::new(self.path, start)));
            }
        }
    }

    /// A parse error at the current line.
    fn error(&self, message: impl Into<String>) -> Error {
        Error::parse(message).at(Position::new(self.path, self.line))
    }
}
