//! The personalization (teleport) file: `user weight` per line.
//!
//! This module only reads the text into `(user, weight)` pairs; it must
//! never normalize the weights or check the users against a graph — that is
//! [`PageRankConfig`](crate::PageRankConfig)'s job when it runs.

use std::io::Read;
use std::path::Path;

use super::fields::{is_blank_or_comment, parse_weight, quote, split_fields};
use super::lines::LineReader;
use super::{ReadStats, no_records};
use crate::error::{Error, Position, Result};

/// Reads a personalization vector: one `user weight` pair per line.
///
/// Fields are separated by ASCII whitespace, commas or both; the weight is a
/// number, finite and at least 0 (they need not sum to 1, and a user given
/// twice gets the sum, as
/// [`PageRankConfig::personalization`](crate::PageRankConfig::personalization)
/// treats them). Blank lines and lines starting with `#` or `%` are skipped.
///
/// `path` only names the input in errors.
///
/// # Errors
///
/// Every error carries the [`Position`](crate::Position) of its line: a
/// missing, bad or invalid weight (quoting it), more than two fields, invalid
/// UTF-8, an I/O error, and an input without a single entry.
///
/// # Example
///
/// ```
/// use influence::io;
///
/// let input = "# trusted seeds\nann 2\nbob,0.5\n";
/// let seeds = io::read_personalization(input.as_bytes(), None)?;
/// assert_eq!(seeds, [("ann".to_string(), 2.0), ("bob".to_string(), 0.5)]);
///
/// let err = io::read_personalization("ann 1\ncy -3\n".as_bytes(), None).unwrap_err();
/// assert_eq!(err.position().map(|p| p.line()), Some(2));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_personalization<R: Read>(reader: R, path: Option<&Path>) -> Result<Vec<(String, f64)>> {
    let mut lines = LineReader::new(reader, path);
    let mut stats = ReadStats::default();
    let mut entries = Vec::new();
    while let Some((n, line)) = lines.next_line()? {
        if is_blank_or_comment(line) {
            stats.skipped += 1;
            continue;
        }
        entries.push(parse_entry(line).map_err(|e| e.at(Position::new(path, n)))?);
        stats.records += 1;
    }
    stats.lines = lines.line();
    if entries.is_empty() {
        return Err(no_records("personalization entries", path, &stats).at(lines.end_position()));
    }
    Ok(entries)
}

fn parse_entry(line: &str) -> Result<(String, f64)> {
    let mut f = [""; 2];
    match split_fields(line, &mut f)? {
        2 => Ok((f[0].to_string(), parse_weight(f[1])?)),
        1 => Err(Error::parse(format!("missing the weight of user {} (expected \"user weight\")", quote(f[0])))),
        n => Err(Error::parse(format!("expected 2 fields (user weight), found {n}: {}", quote(line)))),
    }
}
