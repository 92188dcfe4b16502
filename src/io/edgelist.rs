//! The edge-list reader: one edge `source target [weight [time]]` per line.
//!
//! This is the format of SNAP and KONECT files and of most graph exports, so
//! it is the hot path for big inputs: one reused line buffer, fields split
//! without allocating, ids handed to the builder as borrowed text. It must
//! never read the whole input into memory, and never skip a line it does not
//! understand: every line is an edge, a comment, blank, or an error.

use std::io::Read;
use std::path::Path;

use super::fields::{is_blank_or_comment, parse_weight, quote, split_fields};
use super::held::Held;
use super::lines::LineReader;
use super::{ReadStats, no_records};
use crate::error::{Error, Position, Result};
use crate::graph::{GraphBuilder, Limits};
use crate::interaction::Interaction;

/// Reads an edge list into `builder`, returning what was read.
///
/// One edge per line: `source target [weight [time]]`, fields separated by
/// ASCII whitespace, commas or both. The line `a b w` means *a reacted to b*
/// with weight `w` (default 1; finite and at least 0) and becomes
/// [`GraphBuilder::add_edge`]`(a, b, w)`, so repeated lines add up. The
/// optional fourth column is a timestamp (an integer, as in KONECT files); it
/// is checked but not used yet. Blank lines and lines starting with `#` or
/// `%` (after optional whitespace) are comments, so SNAP and KONECT files
/// read as they are. The format has no header line: a first line
/// `source target` is an edge between two users named so, and a header
/// belongs in a comment. A UTF-8 byte-order mark and `\r\n` line ends are
/// accepted. A weight of 0 is accepted, and the builder ignores it (see
/// [`GraphBuilder::add_edge`]).
///
/// Lines may be as long as the builder's
/// [`Limits::max_line_bytes`](crate::Limits::max_line_bytes) (64 KiB by
/// default), and its limits on users and edges apply as the lines come.
/// `path` only names the input in errors.
///
/// # Errors
///
/// Every error carries the [`Position`](crate::Position) of its line: a bad
/// or invalid weight (quoting it), a non-integer timestamp, fewer than 2 or
/// more than 4 fields, an empty field (`a,,b`), invalid UTF-8, an I/O error,
/// a line, a user or an edge beyond the builder's
/// [`Limits`](crate::Limits) ([`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge)),
/// and an input without a single edge (at its last line).
///
/// # Example
///
/// ```
/// use influence::{io, GraphBuilder};
///
/// let input = "# a SNAP-style comment\nann\tbob\nbob,cy,2.5\nann bob\n";
/// let mut builder = GraphBuilder::default();
/// let stats = io::load_edge_list(input.as_bytes(), None, &mut builder)?;
/// assert_eq!((stats.lines, stats.records, stats.skipped), (4, 3, 1));
/// let graph = builder.build()?;
/// assert_eq!(graph.user_count(), 3);
/// assert_eq!(graph.edge_count(), 2);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn load_edge_list<R: Read>(reader: R, path: Option<&Path>, builder: &mut GraphBuilder) -> Result<ReadStats> {
    let max_bytes = builder.limits().get_max_line_bytes();
    for_each_edge(reader, path, max_bytes, |edge| builder.add_edge(edge.source, edge.target, edge.weight))
}

/// Reads an edge list into interaction records: `source target [weight
/// [time]]` becomes an interaction of no kind and no network, with the
/// weight (when not 1) and the time. Errors as [`load_edge_list`], under the
/// default [`Limits`]; [`read_interactions_from_with_limits`](super::read_interactions_from_with_limits)
/// takes others.
///
/// # Example
///
/// ```
/// use influence::io;
///
/// let records = io::read_interactions_edge_list("a b\nb c 2 1700000000\n".as_bytes(), None)?;
/// assert_eq!(records[1].weight, Some(2.0));
/// assert_eq!(records[1].time, Some(1_700_000_000));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_interactions_edge_list<R: Read>(reader: R, path: Option<&Path>) -> Result<Vec<Interaction>> {
    read_interactions_edge_list_with_limits(reader, path, Limits::default())
}

/// [`read_interactions_edge_list`] under `limits`: lines, records and
/// distinct users counted as [`Limits`] says.
pub(super) fn read_interactions_edge_list_with_limits<R: Read>(
    reader: R,
    path: Option<&Path>,
    limits: Limits,
) -> Result<Vec<Interaction>> {
    let mut held = Held::new(limits);
    let mut out = Vec::new();
    for_each_edge(reader, path, limits.get_max_line_bytes(), |edge| {
        let mut i = Interaction::new(edge.source, edge.target);
        if edge.weight != 1.0 {
            i.weight = Some(edge.weight);
        }
        i.time = edge.time;
        held.interaction(&i)?;
        out.push(i);
        Ok(())
    })?;
    Ok(out)
}

/// One line of an edge list.
#[derive(Debug, PartialEq)]
struct Edge<'a> {
    source: &'a str,
    target: &'a str,
    weight: f64,
    time: Option<i64>,
}

/// Calls `each` on every edge of the input, attaching the line to its
/// errors; the stats, or an error for an input without a single edge.
fn for_each_edge<R: Read>(
    reader: R,
    path: Option<&Path>,
    max_line_bytes: u64,
    mut each: impl FnMut(Edge<'_>) -> Result<()>,
) -> Result<ReadStats> {
    let mut lines = LineReader::new(reader, path, max_line_bytes);
    let mut stats = ReadStats::default();
    while let Some((n, line)) = lines.next_line()? {
        if is_blank_or_comment(line) {
            stats.skipped += 1;
            continue;
        }
        parse_edge(line).and_then(&mut each).map_err(|e| e.at(Position::new(path, n)))?;
        stats.records += 1;
    }
    stats.lines = lines.line();
    if stats.records == 0 {
        return Err(no_records("edges", path, &stats).at(lines.end_position()));
    }
    Ok(stats)
}

#[inline]
fn parse_edge(line: &str) -> Result<Edge<'_>> {
    let mut f = [""; 4];
    let n = split_fields(line, &mut f)?;
    if n < 2 {
        return Err(Error::parse(format!("expected at least 2 fields (source target), found {n}: {}", quote(line))));
    }
    if n > 4 {
        return Err(Error::parse(format!(
            "expected at most 4 fields (source target weight time), found {n}: {}",
            quote(line)
        )));
    }
    let weight = if n >= 3 { parse_weight(f[2])? } else { 1.0 };
    let time = match n {
        4 => Some(
            f[3].parse::<i64>()
                .map_err(|_| Error::parse(format!("time {} is not an integer (Unix seconds)", quote(f[3]))))?,
        ),
        _ => None,
    };
    Ok(Edge { source: f[0], target: f[1], weight, time })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_edges_with_optional_columns() {
        let edge = |source, target, weight, time| Edge { source, target, weight, time };
        assert_eq!(parse_edge("a b").unwrap(), edge("a", "b", 1.0, None));
        assert_eq!(parse_edge("a\tb\t0.5").unwrap(), edge("a", "b", 0.5, None));
        assert_eq!(parse_edge("1 2 1 1217567877").unwrap(), edge("1", "2", 1.0, Some(1_217_567_877)));
        assert!(parse_edge("a").is_err());
        assert!(parse_edge("a b 1 2 3").is_err());
        assert!(parse_edge("a b 1 soon").is_err());
        assert!(parse_edge("a b -1").is_err());
    }
}
