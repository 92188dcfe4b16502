//! Writing a [`Ranking`] as TSV, CSV or JSON, highest score first.
//!
//! Scores are written with Rust's `{}` formatting of `f64`, the shortest
//! text that parses back to the same bits, so output reads back identically.
//! This module must never write a file that does not parse back: an id that
//! the chosen format cannot hold is an error before anything is written.

use std::io::{BufWriter, Write};

use super::OutputFormat;
use super::fields::quote;
use crate::algo::Ranking;
use crate::error::{Error, Result};

/// Writes `ranking` to `writer` in `format`, highest score first (ties in
/// user-index order, as [`Ranking::top`]), limited to the `top` highest when
/// given.
///
/// - [`OutputFormat::Tsv`]: `user<TAB>score` per line, no header.
/// - [`OutputFormat::Csv`]: a `user,score` header, then the same rows, ids
///   quoted where CSV requires it.
/// - [`OutputFormat::Json`]: an array of `{"user": ..., "score": ...}`
///   objects, one per line.
///
/// # Errors
///
/// An I/O error from `writer`; for TSV, a user id containing a tab or a line
/// break (which TSV cannot represent: use CSV or JSON); a score that is not
/// finite (which no format writes as a number). These are found before
/// anything is written.
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
    let order = ranking.top_indices(top.unwrap_or(usize::MAX));
    let row = |i: u32| -> Result<(&str, f64)> {
        let user = ranking.user_id(i).ok_or_else(|| Error::parse(format!("the ranking has no id for user #{i}")))?;
        // `+ 0.0` writes a negative zero as 0.
        Ok((user, ranking.scores()[i as usize] + 0.0))
    };
    // Check everything first, so that a bad row leaves no partial output.
    for &i in &order {
        let (user, score) = row(i)?;
        if format == OutputFormat::Tsv && user.contains(['\t', '\n', '\r']) {
            return Err(Error::config(
                "output format",
                format,
                format!(
                    "user id {} contains a tab or line break, which TSV cannot represent; use csv or json",
                    quote(user)
                ),
            ));
        }
        // A ranking's scores are finite (`Ranking` refuses others), so this
        // is a last check that no format ever prints NaN or infinity.
        if !score.is_finite() {
            return Err(Error::config(
                "output format",
                format,
                format!("the score of user {} is {score}, which is not a number to write", quote(user)),
            ));
        }
    }
    let io_err = |e: std::io::Error| Error::io(None, e);
    match format {
        OutputFormat::Csv => {
            let mut w = ::csv::Writer::from_writer(writer);
            let csv_err = |e: ::csv::Error| match e.into_kind() {
                ::csv::ErrorKind::Io(e) => Error::io(None, e),
                other => Error::parse(format!("cannot write CSV: {other:?}")),
            };
            w.write_record(["user", "score"]).map_err(csv_err)?;
            for &i in &order {
                let (user, score) = row(i)?;
                w.write_record([user, score.to_string().as_str()]).map_err(csv_err)?;
            }
            w.flush().map_err(io_err)
        }
        OutputFormat::Json => {
            let mut w = BufWriter::new(writer);
            w.write_all(b"[").map_err(io_err)?;
            for (n, &i) in order.iter().enumerate() {
                let (user, score) = row(i)?;
                w.write_all(if n == 0 { b"\n  {\"user\": " } else { b",\n  {\"user\": " }).map_err(io_err)?;
                serde_json::to_writer(&mut w, user).map_err(|e| io_err(e.into()))?;
                write!(w, ", \"score\": {score}}}").map_err(io_err)?;
            }
            w.write_all(if order.is_empty() { b"]\n" } else { b"\n]\n" }).map_err(io_err)?;
            w.flush().map_err(io_err)
        }
        OutputFormat::Tsv => {
            let mut w = BufWriter::new(writer);
            for &i in &order {
                let (user, score) = row(i)?;
                writeln!(w, "{user}\t{score}").map_err(io_err)?;
            }
            w.flush().map_err(io_err)
        }
    }
}
