//! The personalization (teleport) file: `user [weight]` per line.
//!
//! This module reads the text into `(user, weight)` pairs and, on request,
//! checks the users against a graph so that an unknown user is reported with
//! its file and line. It must never normalize the weights: that is
//! [`PageRankConfig`](crate::PageRankConfig)'s job when it runs.

use std::io::Read;
use std::path::Path;

use super::Limits;
use super::fields::{is_blank_or_comment, parse_weight, quote, split_fields};
use super::held::Held;
use super::lines::LineReader;
use super::{ReadStats, no_records};
use crate::InfluenceGraph;
use crate::error::{Error, Position, Result};

/// Reads a personalization vector: one `user [weight]` per line, a user
/// alone weighing 1 (so a list of user ids reads too).
///
/// Fields are separated by ASCII whitespace, commas or both; the weight is a
/// number, finite and at least 0 (they need not sum to 1, and a user given
/// twice gets the sum, as
/// [`PageRankConfig::personalization`](crate::PageRankConfig::personalization)
/// treats them). A weight of 0 is accepted: that user gets no teleport; but
/// every weight 0 is an error, since there is nowhere to teleport to.
/// Blank lines and lines starting with `#` or `%` are skipped; a UTF-8
/// byte-order mark and `\r\n` line ends are accepted. Lines are held to the
/// default [`Limits`]; [`Reader::read_personalization`](super::Reader::read_personalization) takes others.
///
/// `path` only names the input in errors.
///
/// # Errors
///
/// Every error carries the [`Position`](crate::Position) of its line: a
/// bad or invalid weight (quoting it), weights whose sum overflows
/// to infinity (at the line where it does, naming the user), more than two
/// fields, invalid UTF-8, an I/O error, and an input without a single entry.
///
/// # Example
///
/// ```
/// use influence::io;
///
/// let input = "# trusted seeds\nann 2\nbob,0.5\ncy\n";
/// let seeds = io::read_personalization(input.as_bytes(), None)?;
/// assert_eq!(seeds, [("ann".to_string(), 2.0), ("bob".to_string(), 0.5), ("cy".to_string(), 1.0)]);
///
/// let err = io::read_personalization("ann 1\ncy -3\n".as_bytes(), None).unwrap_err();
/// assert_eq!(err.position().map(|p| p.line()), Some(2));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_personalization<R: Read>(reader: R, path: Option<&Path>) -> Result<Vec<(String, f64)>> {
    read_entries(reader, path, None, Limits::default())
}

/// [`Reader::read_personalization`](super::Reader::read_personalization) and its conveniences: the reading itself under
/// `limits`.
pub(crate) fn read_personalization_with_limits<R: Read>(
    reader: R,
    path: Option<&Path>,
    limits: Limits,
) -> Result<Vec<(String, f64)>> {
    read_entries(reader, path, None, limits)
}

/// Reads a personalization vector like [`read_personalization`] and checks
/// it against `graph`, so that every problem names its file and line.
///
/// # Errors
///
/// Those of [`read_personalization`], plus
/// [`ErrorKind::UnknownUser`](crate::ErrorKind::UnknownUser) at the line of
/// the first user the graph lacks, and
/// [`ErrorKind::InvalidWeight`](crate::ErrorKind::InvalidWeight) at the last
/// line when every weight is 0 (there would be nowhere to teleport to).
///
/// # Example
///
/// ```
/// use influence::{io, GraphBuilder};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("ann", "bob", 1.0)?;
/// let graph = b.build()?;
/// let seeds = io::read_personalization_for("ann 1\n".as_bytes(), None, &graph)?;
/// assert_eq!(seeds, [("ann".to_string(), 1.0)]);
///
/// let err = io::read_personalization_for("ann 1\ncy 2\n".as_bytes(), None, &graph).unwrap_err();
/// assert_eq!(err.position().map(|p| p.line()), Some(2));
/// let err = io::read_personalization_for("ann 0\nbob 0\n".as_bytes(), None, &graph).unwrap_err();
/// assert_eq!(err.position().map(|p| p.line()), Some(2));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_personalization_for<R: Read>(
    reader: R,
    path: Option<&Path>,
    graph: &InfluenceGraph,
) -> Result<Vec<(String, f64)>> {
    read_entries(reader, path, Some(graph), Limits::default())
}

/// [`Reader::read_personalization_for`](super::Reader::read_personalization_for) and its conveniences: the reading itself under
/// `limits`.
pub(crate) fn read_personalization_for_with_limits<R: Read>(
    reader: R,
    path: Option<&Path>,
    graph: &InfluenceGraph,
    limits: Limits,
) -> Result<Vec<(String, f64)>> {
    read_entries(reader, path, Some(graph), limits)
}

fn read_entries<R: Read>(
    reader: R,
    path: Option<&Path>,
    graph: Option<&InfluenceGraph>,
    limits: Limits,
) -> Result<Vec<(String, f64)>> {
    let mut lines = LineReader::new(reader, path, limits.get_max_line_bytes());
    let mut held = Held::new(limits);
    let mut stats = ReadStats::default();
    let mut entries = Vec::new();
    let mut total = 0.0f64;
    while let Some((n, line)) = lines.next_line()? {
        if is_blank_or_comment(line) {
            stats.skipped += 1;
            continue;
        }
        let at = |e: Error| e.at(Position::new(path, n));
        let (user, weight) = parse_entry(line).map_err(at)?;
        if let Some(g) = graph {
            if g.user_index(&user).is_none() {
                return Err(at(Error::unknown_user(&user, "personalization")));
            }
        }
        total += weight;
        if total.is_infinite() {
            return Err(at(Error::weight(
                format!("{weight:e}"),
                format!(
                    "the personalization weights sum past the largest number ({:e}) at user {}",
                    f64::MAX,
                    quote(&user)
                ),
            )));
        }
        held.entry().map_err(at)?;
        entries.push((user, weight));
        stats.records += 1;
    }
    stats.lines = lines.line();
    if entries.is_empty() {
        return Err(no_records("personalization entries", path, &stats).at(lines.end_position()));
    }
    if entries.iter().all(|(_, w)| *w == 0.0) {
        return Err(Error::weight(0, "every personalization weight is 0: there is nowhere to teleport to")
            .at(lines.end_position()));
    }
    Ok(entries)
}

fn parse_entry(line: &str) -> Result<(String, f64)> {
    let mut f = [""; 2];
    match split_fields(line, &mut f)? {
        2 => Ok((f[0].to_string(), parse_weight(f[1])?)),
        1 => Ok((f[0].to_string(), 1.0)),
        n => Err(Error::parse(format!("expected 1 or 2 fields (user [weight]), found {n}: {}", quote(line)))),
    }
}
