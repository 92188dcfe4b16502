//! What the readers infer from an input's shape when the caller did not
//! say: a first line that is a header ([`header_error`]), a third column
//! whose values look like times ([`weights_note`]). Shared by the edge-list
//! and the delimited readers, so that neither depends on the other.

use super::fields::quote;
use super::settings::Note;
use crate::error::Error;

/// Names that head the columns of an edge list, not users.
const COLUMN_NAMES: &[&str] = &[
    "source",
    "target",
    "src",
    "dst",
    "from",
    "to",
    "actor",
    "user",
    "node",
    "follower",
    "followee",
    "sender",
    "receiver",
    "reactor",
    "source_id",
    "target_id",
    "from_id",
    "to_id",
    "id1",
    "id2",
];

/// The error for a first record line that is a header, not an edge: its two
/// ids are both column names (`source target`), or it is the header of
/// interaction CSV (`actor,target,...`), which an edge list would misread.
/// Comments and blank lines are not asked about.
pub(super) fn header_error(line: &str) -> Option<Error> {
    let line = line.trim_start_matches('\u{feff}');
    let cells: Vec<&str> = line.split([',', ' ', '\t']).map(str::trim).filter(|c| !c.is_empty()).collect();
    let named = |c: &str| COLUMN_NAMES.iter().any(|n| n.eq_ignore_ascii_case(c));
    if line.contains(',')
        && cells.len() > 2
        && cells.iter().any(|c| c.eq_ignore_ascii_case("actor"))
        && cells.iter().any(|c| c.eq_ignore_ascii_case("target"))
    {
        return Some(Error::parse(format!(
            "this looks like the header of interaction CSV ({}), read here as an edge list: give --input-format \
             csv (InputFormat::Csv); standard input and files whose names do not end in .csv are read as edge lists",
            quote(line)
        )));
    }
    if cells.len() >= 2 && named(cells[0]) && named(cells[1]) {
        return Some(Error::parse(format!(
            "the first line {} looks like a header, and an edge list has none: skip it with --header \
             (Reader::header), make it a comment (# {}), or give --no-header if those are user ids",
            quote(line),
            line.trim()
        )));
    }
    None
}

/// The note for an edge list's third column read as weights from `lo` to
/// `hi` (lines of at most `most` cells), when they could be times.
pub(super) fn weights_note(lo: f64, hi: f64, most: usize) -> Option<Note> {
    // Beyond 2^53 the digits Rust writes out in full are noise: an exponent.
    let text = |w: f64| if w.abs() < 1e16 { w.to_string() } else { format!("{w:e}") };
    (hi >= WEIGHTS_LIKE_TIMES).then(|| Note::WeightsAssumed { min: text(lo), max: text(hi), cells: most })
}

/// The largest weight below which an unnamed third column is read as
/// weights without a note: a time in seconds is far larger (1000 s after
/// the epoch, or after the start of a data set, is 17 minutes).
pub(super) const WEIGHTS_LIKE_TIMES: f64 = 1000.0;
