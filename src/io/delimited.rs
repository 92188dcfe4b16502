//! Delimited text whose columns the caller names ([`Columns`]): one record
//! per line, cells cut at whitespace, tabs or commas, each column read as
//! the field it was named. Published data sets come this way (SNAP's
//! `u v t` lines, Higgs' `a b t RT`, Enron's tab-separated table, Bitcoin
//! OTC's headerless CSV). An edge list whose settings the block reader does
//! not cover (a header, a default network, ...) is read here too, with the
//! edge list's columns `source target [weight [time]]`.
//!
//! Lines come one at a time through [`LineReader`] (so the line limit
//! holds); comments and blank lines are skipped and counted. This module
//! must never accept a line whose cells do not match the columns, and
//! never guess a column's meaning without a [`Note`].

use std::io::Read;
use std::path::Path;

use super::fields::{is_blank_or_comment, quote, split_fields};
use super::lines::LineReader;
use super::rules::{Rules, Skip};
use super::settings::{Columns, Delimiter, Field, Header, MAX_COLUMNS, Note};
use super::sniff::weights_note;
use super::time::parse_time;
use super::{ReadStats, no_records};
use crate::error::{Error, Position, Result};
use crate::interaction::{Interaction, normalize_topic};

/// How lines are cut into cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    /// ASCII whitespace, commas or both, as the edge list (empty cells
    /// between commas are errors).
    Mixed,
    /// Runs of ASCII whitespace.
    Whitespace,
    /// Each tab; cells trimmed.
    Tab,
    /// Each comma outside quotes; cells trimmed, quotes removed.
    Comma,
}

/// What the columns of a delimited input are and how to cut its lines.
#[derive(Debug)]
pub(super) struct Layout {
    fields: Vec<Field>,
    /// The fewest cells a line may have (all of `fields` for named columns;
    /// 2 for the edge list's).
    min_cells: usize,
    /// Whether the caller named the columns (else they are the edge list's,
    /// and a weight of 1 is none, as the edge list reads it).
    named: bool,
    delimiter: Delimiter,
    header: Header,
    /// Whether the input is CSV (so [`Delimiter::Auto`] means commas).
    csv: bool,
}

impl Layout {
    /// The layout of named `columns`.
    pub(super) fn named(columns: Columns, delimiter: Delimiter, header: Header, csv: bool) -> Layout {
        let fields = columns.fields().to_vec();
        Layout { min_cells: fields.len(), fields, named: true, delimiter, header, csv }
    }

    /// The edge list's columns `source target [weight [time]]`. Without
    /// named columns a header is never guessed.
    pub(super) fn edge_list(delimiter: Delimiter, header: Header) -> Layout {
        let header = if header == Header::Present { Header::Present } else { Header::Absent };
        Layout {
            fields: vec![Field::Actor, Field::Target, Field::Weight, Field::Time],
            min_cells: 2,
            named: false,
            delimiter,
            header,
            csv: false,
        }
    }

    /// How to cut lines, decided from the first line that is not a comment.
    fn split(&self, first: &str) -> Split {
        match self.delimiter {
            Delimiter::Whitespace => Split::Whitespace,
            Delimiter::Tab => Split::Tab,
            Delimiter::Comma => Split::Comma,
            _ if self.csv => Split::Comma,
            _ if self.named && first.contains('\t') => Split::Tab,
            _ => Split::Mixed,
        }
    }

    fn column_names(&self) -> String {
        self.fields.iter().map(|f| f.name()).collect::<Vec<_>>().join(",")
    }
}

/// Reads delimited text laid out as `layout`, handing each record kept by
/// `rules` to `each` with its line.
pub(super) fn read_delimited<R: Read>(
    reader: R,
    path: Option<&Path>,
    max_bytes: u64,
    layout: &Layout,
    rules: &mut Rules<'_>,
    each: &mut impl FnMut(Interaction, u64) -> Result<()>,
) -> Result<ReadStats> {
    let mut lines = LineReader::new(reader, path, max_bytes);
    let mut stats = ReadStats::default();
    let mut split = None;
    let mut cells: Vec<String> = Vec::new();
    let mut unquoted = Vec::new();
    // The edge list's third column, when the columns were not named: the
    // smallest and largest weight and the most cells on a line.
    let mut weights: Option<(f64, f64, usize)> = None;
    while let Some((n, line)) = lines.next_line()? {
        if is_blank_or_comment(line) {
            stats.skipped += 1;
            continue;
        }
        let at = |e: Error| e.at(Position::new(path, n));
        let first = split.is_none();
        let how = *split.get_or_insert_with(|| layout.split(line));
        cells.clear();
        split_line(how, line, &mut unquoted, |cell| cells.push(cell)).map_err(at)?;
        if first {
            match layout.header {
                Header::Present => continue,
                Header::Auto if looks_like_header(layout, &cells) => {
                    stats.notes.push(Note::HeaderAssumed { line: n, text: line.to_string() });
                    continue;
                }
                Header::Auto if !layout.named => {
                    if let Some(e) = super::sniff::header_error(line) {
                        return Err(at(e));
                    }
                }
                _ => {}
            }
        }
        check_count(layout, cells.len(), line).map_err(at)?;
        if let Some(interaction) = row(layout, &cells, rules, n).map_err(at)? {
            if !layout.named && cells.len() >= 3 {
                let w = interaction.weight.unwrap_or(1.0);
                let (lo, hi, most) = weights.get_or_insert((w, w, 3));
                (*lo, *hi, *most) = (lo.min(w), hi.max(w), (*most).max(cells.len()));
            }
            each(interaction, n).map_err(at)?;
            stats.records += 1;
        }
    }
    stats.lines = lines.line();
    rules.report(&mut stats);
    if let Some(note) = weights.and_then(|(lo, hi, most)| weights_note(lo, hi, most)) {
        stats.notes.insert(0, note);
    }
    if stats.records == 0 {
        return Err(no_records("interactions", path, &stats).at(lines.end_position()));
    }
    Ok(stats)
}

/// Cuts `line` as `how` says, handing each cell to `cell`. Quoted cells of
/// comma-separated lines are unquoted through `buf`.
fn split_line(how: Split, line: &str, buf: &mut Vec<u8>, mut cell: impl FnMut(String)) -> Result<()> {
    match how {
        Split::Mixed => {
            let mut f = [""; MAX_COLUMNS];
            let n = split_fields(line, &mut f)?;
            f.iter().take(n).for_each(|c| cell(c.to_string()));
            // Cells beyond the buffer only count.
            (MAX_COLUMNS..n).for_each(|_| cell(String::new()));
        }
        Split::Whitespace => line.split_ascii_whitespace().for_each(|c| cell(c.to_string())),
        Split::Tab => line.split('\t').for_each(|c| cell(trim(c).to_string())),
        Split::Comma => split_csv_line(line, buf, cell)?,
    }
    Ok(())
}

fn trim(cell: &str) -> &str {
    cell.trim_matches(|c: char| c.is_ascii_whitespace())
}

/// Cuts a comma-separated line, CSV-style: a cell in double quotes may hold
/// commas, and `""` inside it is one quote.
fn split_csv_line(line: &str, buf: &mut Vec<u8>, mut cell: impl FnMut(String)) -> Result<()> {
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'"' {
            buf.clear();
            i += 1;
            loop {
                match bytes.get(i) {
                    None => {
                        return Err(Error::parse(format!(
                            "a quoted cell is not closed on its line in {} (with named columns, a cell cannot span \
                             lines)",
                            quote(line)
                        )));
                    }
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => {
                        buf.push(b'"');
                        i += 2;
                    }
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(&b) => {
                        buf.push(b);
                        i += 1;
                    }
                }
            }
            while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
                i += 1;
            }
            if i < bytes.len() && bytes[i] != b',' {
                return Err(Error::parse(format!("text after a closing quote in {}", quote(line))));
            }
            // Quotes are ASCII, so what lies between them is UTF-8.
            cell(String::from_utf8_lossy(buf).into_owned());
        } else {
            let end = bytes[i..].iter().position(|&b| b == b',').map_or(bytes.len(), |p| i + p);
            cell(trim(&line[i..end]).to_string());
            i = end;
        }
        if i >= bytes.len() {
            return Ok(());
        }
        // At a comma: another cell follows, perhaps an empty one.
        i += 1;
    }
}

/// Whether the first line, cut into `cells`, is a header rather than a
/// record: a cell under a weight or time column is neither, or the actor
/// and target cells name those columns.
fn looks_like_header(layout: &Layout, cells: &[String]) -> bool {
    if !layout.named || cells.len() != layout.fields.len() {
        return false;
    }
    let mut names = 0;
    for (field, cell) in layout.fields.iter().zip(cells) {
        let text = trim(cell);
        match field {
            Field::Weight if !text.is_empty() && text.parse::<f64>().is_err() => return true,
            Field::Time if !text.is_empty() && parse_time(text).is_err() => return true,
            Field::Actor | Field::Target if Field::from_name(text) == Some(*field) => names += 1,
            _ => {}
        }
    }
    names == 2
}

/// Checks that a line has as many cells as the layout needs.
fn check_count(layout: &Layout, n: usize, line: &str) -> Result<()> {
    if layout.named {
        let want = layout.fields.len();
        if n != want {
            return Err(Error::parse(format!(
                "expected {want} cells ({}), found {n}: {}",
                layout.column_names(),
                quote(line)
            )));
        }
    } else if n < layout.min_cells {
        return Err(Error::parse(format!("expected at least 2 fields (source target), found {n}: {}", quote(line))));
    } else if n > layout.fields.len() {
        return Err(Error::parse(format!(
            "expected at most 4 fields (source target weight time), found {n}: {}",
            quote(line)
        )));
    }
    Ok(())
}

/// The interaction on a line of `cells`, or `None` when `rules` leave it
/// out.
fn row(layout: &Layout, cells: &[String], rules: &mut Rules<'_>, line: u64) -> Result<Option<Interaction>> {
    let mut interaction = Interaction::new(String::new(), String::new());
    let mut skip: Option<Skip> = None;
    for (field, cell) in layout.fields.iter().zip(cells) {
        let text: &str = cell;
        match field {
            Field::Actor => interaction.actor = text.to_string(),
            Field::Target => interaction.target = text.to_string(),
            Field::Skip => {}
            _ if text.is_empty() => {}
            Field::Weight => match rules.weight(text)? {
                Ok(w) if layout.named || w != 1.0 => interaction.weight = Some(w),
                Ok(_) => {}
                Err(why) => skip = skip.or(Some(why)),
            },
            Field::Time => interaction.time = Some(parse_time(text)?),
            Field::Kind => match rules.kind(text)? {
                Ok(kind) => interaction.kind = Some(kind),
                Err(why) => skip = skip.or(Some(why)),
            },
            Field::Network => interaction.network = Some(text.parse()?),
            Field::Topic => interaction.topic = normalize_topic(text),
        }
    }
    rules.finish(interaction, skip, line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(how: Split, line: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        split_line(how, line, &mut Vec::new(), |c| out.push(c))?;
        Ok(out)
    }

    #[test]
    fn lines_are_cut_as_the_delimiter_says() {
        assert_eq!(cut(Split::Mixed, " a, b\t3 ").unwrap(), ["a", "b", "3"]);
        assert!(cut(Split::Mixed, "a,,b").is_err());
        assert_eq!(cut(Split::Whitespace, " a  b\t3 ").unwrap(), ["a", "b", "3"]);
        assert_eq!(cut(Split::Tab, "a\t2001-05-14 16:39:00\t\tcc ").unwrap(), ["a", "2001-05-14 16:39:00", "", "cc"]);
        assert_eq!(cut(Split::Comma, "a, \"b, jr.\" ,,\"say \"\"hi\"\"\"").unwrap(), ["a", "b, jr.", "", "say \"hi\""]);
        assert_eq!(cut(Split::Comma, "a,").unwrap(), ["a", ""]);
        assert_eq!(cut(Split::Comma, "").unwrap(), [""]);
        assert!(cut(Split::Comma, "a,\"b").unwrap_err().to_string().contains("not closed"));
        assert!(cut(Split::Comma, "a,\"b\"c").unwrap_err().to_string().contains("after a closing quote"));
    }

    #[test]
    fn the_delimiter_is_decided_by_the_first_line() {
        let named = |csv| Layout::named("actor,target,time".parse().unwrap(), Delimiter::Auto, Header::Auto, csv);
        assert_eq!(named(false).split("1\t2\t2001-05-14 16:39:00"), Split::Tab);
        assert_eq!(named(false).split("1 2 3"), Split::Mixed);
        assert_eq!(named(false).split("1,2,3"), Split::Mixed);
        assert_eq!(named(true).split("1\t2\t3"), Split::Comma);
        assert_eq!(Layout::edge_list(Delimiter::Auto, Header::Auto).split("1\t2"), Split::Mixed);
    }
}
