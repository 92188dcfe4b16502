//! A list of user ids, one per line: trusted seeds for
//! [`Teleport::Trusted`](crate::score::Teleport::Trusted), say.
//!
//! This module only reads ids; it must never check them against a graph or
//! a model (callers know what a missing id means to them).

use std::io::Read;
use std::path::Path;

use super::Limits;
use super::fields::is_blank_or_comment;
use super::held::Held;
use super::lines::LineReader;
use super::{ReadStats, no_records};
use crate::error::{Position, Result};

/// Reads user ids, one per line, in the order given.
///
/// Each line's surrounding whitespace is trimmed; blank lines and lines
/// starting with `#` or `%` are skipped (so an id cannot start with those
/// or with whitespace). An id given twice is returned twice. A UTF-8
/// byte-order mark and `\r\n` line ends are accepted. Lines are held to the
/// default [`Limits`]; [`Reader::read_user_ids`](super::Reader::read_user_ids) takes others.
///
/// `path` only names the input in errors.
///
/// # Errors
///
/// Every error carries the [`Position`](crate::Position) of its line:
/// invalid UTF-8, an I/O error, and an input without a single id.
///
/// # Example
///
/// ```
/// use influence::io;
///
/// let ids = io::read_user_ids("# trusted\nann\n  bob \n\n".as_bytes(), None)?;
/// assert_eq!(ids, ["ann", "bob"]);
///
/// let err = io::read_user_ids("# nobody\n".as_bytes(), None).unwrap_err();
/// assert_eq!(err.position().map(|p| p.line()), Some(1));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_user_ids<R: Read>(reader: R, path: Option<&Path>) -> Result<Vec<String>> {
    read_user_ids_with_limits(reader, path, Limits::default())
}

/// [`Reader::read_user_ids`](super::Reader::read_user_ids) and its conveniences: the reading itself under
/// `limits`.
pub(crate) fn read_user_ids_with_limits<R: Read>(
    reader: R,
    path: Option<&Path>,
    limits: Limits,
) -> Result<Vec<String>> {
    let mut lines = LineReader::new(reader, path, limits.get_max_line_bytes());
    let mut held = Held::new(limits);
    let mut stats = ReadStats::default();
    let mut ids = Vec::new();
    while let Some((n, line)) = lines.next_line()? {
        if is_blank_or_comment(line) {
            stats.skipped += 1;
        } else {
            held.entry().map_err(|e| e.at(Position::new(path, n)))?;
            ids.push(line.trim().to_string());
            stats.records += 1;
        }
    }
    stats.lines = lines.line();
    if ids.is_empty() {
        return Err(no_records("user ids", path, &stats).at(lines.end_position()));
    }
    Ok(ids)
}
