//! Writing rankings and calibrated scores as TSV, CSV or JSON: the one
//! [`Writer`] behind [`write_ranking`] and [`write_scores`](super::write_scores).
//!
//! By default numbers are written with Rust's `{}` formatting of `f64`, the
//! shortest text that parses back to the same bits, so output reads back
//! identically; [`Writer::precision`] rounds them for people instead. This
//! module must never write a file that does not parse back: an id that the
//! chosen format cannot hold, or a number that is not finite, is an error
//! before anything is written.

use std::io::{BufWriter, Write};

use super::OutputFormat;
use super::csv::write_error;
use super::fields::quote;
use crate::algo::Ranking;
use crate::error::{Error, Result};
use crate::score::UserScore;

/// How a ranking or a list of scores is written: the format, whether a
/// header line comes first, how many digits, how many rows. Built like
/// [`Reader`](super::Reader), used by `influence rank` and `influence score`.
///
/// - [`OutputFormat::Tsv`]: a header line (`user<TAB>score`, or
///   `user<TAB>score<TAB>raw` for scores), then one row per user.
/// - [`OutputFormat::Csv`]: the same with commas, ids quoted where CSV
///   requires it.
/// - [`OutputFormat::Json`]: an array of `{"user": ..., "score": ...}`
///   objects (with `"raw"` for scores), one per line; it has no header.
///
/// # Example
///
/// ```
/// use influence::io::{OutputFormat, Writer};
/// use influence::score::UserScore;
///
/// let scores = [UserScore::new("ann", 99.0, 7.25), UserScore::new("bob", 40.56, 0.1)];
/// let mut out = Vec::new();
/// Writer::new(OutputFormat::Tsv).write_scores(&scores, &mut out)?;
/// assert_eq!(String::from_utf8(out).unwrap(), "user\tscore\traw\nann\t99\t7.25\nbob\t40.56\t0.1\n");
///
/// let mut out = Vec::new();
/// Writer::new(OutputFormat::Csv).header(false).precision(Some(1)).top(Some(1)).write_scores(&scores, &mut out)?;
/// assert_eq!(String::from_utf8(out).unwrap(), "ann,99.0,7.2\n");
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Writer {
    format: OutputFormat,
    header: bool,
    precision: Option<usize>,
    top: Option<usize>,
}

impl Writer {
    /// A writer of `format`: with a header line (TSV and CSV), every number
    /// in full, every row.
    pub fn new(format: OutputFormat) -> Writer {
        Writer { format, header: true, precision: None, top: None }
    }

    /// Whether TSV and CSV start with a header line naming the columns
    /// (default true; JSON names its fields in every object and ignores
    /// this). [`read_scores`](super::read_scores) reads TSV with or without
    /// it, and CSV only with it.
    pub fn header(mut self, header: bool) -> Self {
        self.header = header;
        self
    }

    /// Writes every number with `digits` digits after the decimal point
    /// (`None`, the default: in full, the shortest text that reads back to
    /// the same bits). Rounded scores read back rounded.
    pub fn precision(mut self, digits: Option<usize>) -> Self {
        self.precision = digits;
        self
    }

    /// Writes only the first `k` rows (the `k` highest), or all for `None`
    /// (the default).
    pub fn top(mut self, k: Option<usize>) -> Self {
        self.top = k;
        self
    }

    /// The format.
    pub fn get_format(&self) -> OutputFormat {
        self.format
    }

    /// Whether a header line is written (TSV and CSV).
    pub fn get_header(&self) -> bool {
        self.header
    }

    /// The digits after the decimal point, if numbers are rounded.
    pub fn get_precision(&self) -> Option<usize> {
        self.precision
    }

    /// How many rows at most, if limited.
    pub fn get_top(&self) -> Option<usize> {
        self.top
    }

    /// Writes `ranking` highest score first (ties in user-index order, as
    /// [`Ranking::top`]), with the columns `user` and `score`.
    ///
    /// # Errors
    ///
    /// An I/O error from `writer`; for TSV, a user id containing a tab or a
    /// line break or starting with a byte-order mark (which TSV cannot
    /// represent: use CSV or JSON); a score that is not finite (which no
    /// format writes as a number). These are found before anything is
    /// written.
    pub fn write_ranking<W: Write>(&self, ranking: &Ranking, writer: W) -> Result<()> {
        let order = ranking.top_indices(self.top.unwrap_or(usize::MAX));
        let mut rows = Vec::with_capacity(order.len());
        for &i in &order {
            let user =
                ranking.user_id(i).ok_or_else(|| Error::parse(format!("the ranking has no id for user #{i}")))?;
            // `+ 0.0` writes a negative zero as 0.
            let score = ranking.scores()[i as usize] + 0.0;
            // A ranking's scores are finite (`Ranking` refuses others), so
            // this is a last check that no format ever prints NaN or infinity.
            if !score.is_finite() {
                return Err(Error::config(
                    "output format",
                    self.format,
                    format!("the score of user {} is {score}, which is not a number to write", quote(user)),
                ));
            }
            rows.push((user, [score]));
        }
        self.write_rows(&["user", "score"], &rows, writer)
    }

    /// Writes `scores` in the order given
    /// ([`ScoreModel::scores`](crate::score::ScoreModel::scores) gives them
    /// best first), with the columns `user`, `score` and `raw`. Without
    /// [`precision`](Writer::precision), [`read_scores`](super::read_scores)
    /// reads back exactly these scores.
    ///
    /// # Errors
    ///
    /// An I/O error from `writer`; an empty user id, a score that is not a
    /// number from 1 to 100, or a raw influence that is not finite and at
    /// least 0 (which [`read_scores`](super::read_scores) would refuse);
    /// for TSV, a user id containing a tab or a line break or starting with
    /// a byte-order mark. These are found before anything is written.
    pub fn write_scores<W: Write>(&self, scores: &[UserScore], writer: W) -> Result<()> {
        let shown = &scores[..self.top.map_or(scores.len(), |k| k.min(scores.len()))];
        let mut rows = Vec::with_capacity(shown.len());
        for s in shown {
            super::scores::check_score(s)?;
            rows.push((s.user.as_str(), [s.score, s.raw]));
        }
        self.write_rows(&["user", "score", "raw"], &rows, writer)
    }

    /// Writes any table of an id and `N` numbers per row, such as a user's
    /// topics: `columns` names the id's column and then the numbers' (so
    /// `N + 1` names), `rows` are written in the order given (only the
    /// first [`top`](Writer::top)). The formats are those of
    /// [`write_ranking`](Writer::write_ranking), each number written in
    /// full unless [`precision`](Writer::precision) rounds it.
    ///
    /// # Errors
    ///
    /// `columns` that do not name the id and each number; a number that is
    /// not finite; for TSV, an id containing a tab or a line break or
    /// starting with a byte-order mark; an I/O error from `writer`. All but
    /// the last are found before anything is written.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::io::{OutputFormat, Writer};
    ///
    /// let rows = [("tech", [2.5, 14.0]), ("music", [0.75, 3.0])];
    /// let mut out = Vec::new();
    /// Writer::new(OutputFormat::Csv).write_table(&["topic", "influence", "reactions"], &rows, &mut out)?;
    /// assert_eq!(String::from_utf8(out).unwrap(), "topic,influence,reactions\ntech,2.5,14\nmusic,0.75,3\n");
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn write_table<W: Write, const N: usize>(
        &self,
        columns: &[&str],
        rows: &[(&str, [f64; N])],
        writer: W,
    ) -> Result<()> {
        if columns.len() != N + 1 {
            return Err(Error::config(
                "columns",
                columns.join(","),
                format!("name the id's column and each of the {N} numbers: {} names", N + 1),
            ));
        }
        let rows = &rows[..self.top.map_or(rows.len(), |k| k.min(rows.len()))];
        if let Some((id, _)) = rows.iter().find(|(_, values)| values.iter().any(|v| !v.is_finite())) {
            return Err(Error::config(
                "output format",
                self.format,
                format!("a number of {} is not finite, which no format writes", quote(id)),
            ));
        }
        self.write_rows(columns, rows, writer)
    }

    /// Writes `rows` of a user id and `N` numbers under `columns` (the id's
    /// first). Everything is checked before the first byte is written.
    fn write_rows<W: Write, const N: usize>(
        &self,
        columns: &[&str],
        rows: &[(&str, [f64; N])],
        writer: W,
    ) -> Result<()> {
        if self.format == OutputFormat::Tsv {
            if let Some((user, _)) =
                rows.iter().find(|(u, _)| u.contains(['\t', '\n', '\r']) || u.starts_with('\u{feff}'))
            {
                return Err(Error::config(
                    "output format",
                    self.format,
                    format!(
                        "user id {} contains a tab or line break or starts with a byte-order mark, which TSV cannot \
                         represent; use csv or json",
                        quote(user)
                    ),
                ));
            }
        }
        let number = |v: f64| -> String {
            match self.precision {
                Some(digits) => format!("{v:.digits$}"),
                None => JsonNumber(v).to_string(),
            }
        };
        let io_err = |e: std::io::Error| Error::io(None, e);
        match self.format {
            OutputFormat::Csv => {
                let mut w = ::csv::WriterBuilder::new().from_writer(writer);
                if self.header {
                    w.write_record(columns).map_err(write_error)?;
                }
                let mut record: Vec<String> = Vec::with_capacity(N + 1);
                for (user, values) in rows {
                    record.clear();
                    record.push((*user).to_string());
                    record.extend(values.iter().map(|&v| number_text(v, self.precision)));
                    w.write_record(&record).map_err(write_error)?;
                }
                w.flush().map_err(io_err)
            }
            OutputFormat::Json => {
                let mut w = BufWriter::new(writer);
                w.write_all(b"[").map_err(io_err)?;
                for (n, (user, values)) in rows.iter().enumerate() {
                    w.write_all(if n == 0 { b"\n  {" } else { b",\n  {" }).map_err(io_err)?;
                    serde_json::to_writer(&mut w, columns[0]).map_err(|e| io_err(e.into()))?;
                    w.write_all(b": ").map_err(io_err)?;
                    serde_json::to_writer(&mut w, user).map_err(|e| io_err(e.into()))?;
                    for (name, &v) in columns[1..].iter().zip(values) {
                        w.write_all(b", ").map_err(io_err)?;
                        serde_json::to_writer(&mut w, name).map_err(|e| io_err(e.into()))?;
                        write!(w, ": {}", number(v)).map_err(io_err)?;
                    }
                    w.write_all(b"}").map_err(io_err)?;
                }
                w.write_all(if rows.is_empty() { b"]\n" } else { b"\n]\n" }).map_err(io_err)?;
                w.flush().map_err(io_err)
            }
            OutputFormat::Tsv => {
                let mut w = BufWriter::new(writer);
                if self.header {
                    writeln!(w, "{}", columns.join("\t")).map_err(io_err)?;
                }
                for (user, values) in rows {
                    w.write_all(user.as_bytes()).map_err(io_err)?;
                    for &v in values {
                        write!(w, "\t{}", number_text(v, self.precision)).map_err(io_err)?;
                    }
                    w.write_all(b"\n").map_err(io_err)?;
                }
                w.flush().map_err(io_err)
            }
        }
    }
}

/// A number as TSV and CSV write it: `{}` (the shortest text with the same
/// bits), or rounded to `precision` digits.
fn number_text(v: f64, precision: Option<usize>) -> String {
    match precision {
        Some(digits) => format!("{v:.digits$}"),
        None => v.to_string(),
    }
}

/// A finite number as JSON: `{}` formatting, except that a negative zero is
/// written `-0.0`, since JSON readers take `-0` for the integer 0 and would
/// lose its sign.
struct JsonNumber(f64);

impl std::fmt::Display for JsonNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 == 0.0 && self.0.is_sign_negative() { f.write_str("-0.0") } else { write!(f, "{}", self.0) }
    }
}

/// Writes `ranking` to `writer` in `format`, highest score first (ties in
/// user-index order, as [`Ranking::top`]), limited to the `top` highest when
/// given: `Writer::new(format).top(top).write_ranking(ranking, writer)`,
/// so TSV and CSV start with the header `user`, `score` (see [`Writer`]).
///
/// # Errors
///
/// Those of [`Writer::write_ranking`].
///
/// # Example
///
/// ```
/// use influence::{io, GraphBuilder, PageRank};
///
/// let mut b = GraphBuilder::default();
/// b.add_edge("a", "c", 1.0)?;
/// b.add_edge("b", "c", 1.0)?;
/// let ranking = PageRank::default().run(&b.build()?)?;
///
/// let mut out = Vec::new();
/// io::write_ranking(&ranking, &mut out, io::OutputFormat::Csv, Some(1))?;
/// let text = String::from_utf8(out).unwrap();
/// assert_eq!(text, format!("user,score\nc,{}\n", ranking.score("c").unwrap()));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn write_ranking<W: Write>(ranking: &Ranking, writer: W, format: OutputFormat, top: Option<usize>) -> Result<()> {
    Writer::new(format).top(top).write_ranking(ranking, writer)
}
