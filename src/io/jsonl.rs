//! Interaction JSON lines: one JSON object per line, read with
//! `serde_json::Value` (so it works without the `serde` feature) and written
//! back in the same shape.
//!
//! Every key must be understood: an unknown one is an error listing the
//! known ones, never dropped. This module must never read more than one line
//! into memory at a time.

use std::io::{BufWriter, Read, Write};
use std::path::Path;

use serde_json::Value;

use super::Limits;
use super::ReadStats;
use super::fields::{check_interaction, quote};
use super::rules::Rules;
use super::time::parse_time;
use crate::error::{Error, Result};
use crate::graph::GraphBuilder;
use crate::interaction::{Interaction, normalize_topic};

/// The keys of an interaction object.
const KNOWN: &str = "actor, target, kind, network, time, weight, topic";

/// Reads JSON lines into `builder` (each object through
/// [`GraphBuilder::add_interaction`]), returning what was read.
///
/// Each non-blank line is one object with the keys `actor` and `target`
/// (strings, or integers taken as their decimal text) and optionally `kind`
/// and `network` (strings, as [`InteractionKind`](crate::InteractionKind)
/// and [`Network`](crate::Network) parse them), `time` (integer Unix seconds,
/// or a string: Unix seconds or an ISO date `YYYY-MM-DD` or
/// `YYYY-MM-DDTHH:MM:SS[Z]`, UTC), `weight` (a number, finite and at least
/// 0) and `topic` (a string, normalized as
/// [`Interaction`](crate::Interaction#topics) says: `"#Tech"` is `tech`, `""`
/// is none). `null` for an optional key means none. Blank lines and
/// comments (lines starting with `#` or `%`) are skipped; a gzipped input
/// is decompressed; a UTF-8 byte-order mark and `\r\n` line ends are accepted. A key given twice
/// in one object counts once, with its last value (a limitation of
/// `serde_json::Value`). JSON has no NaN or infinity, and a number too large
/// for an `f64` (`1e999`) is out of range: each is invalid JSON, quoted.
///
/// Lines may be as long as the builder's
/// [`Limits::max_line_bytes`](crate::Limits::max_line_bytes) (64 KiB by
/// default), and its limits on users and edges apply as the lines come.
/// `path` only names the input in errors.
///
/// # Errors
///
/// Every error carries the [`Position`](crate::Position) of its line:
/// invalid JSON, a line that is not an object, a missing `actor` or `target`,
/// an unknown key, a value of the wrong type (a weight written as a string,
/// a fractional id or time), a bad kind, network, time or weight (quoting
/// it), invalid UTF-8, an I/O error, a line, a user or an edge beyond the
/// builder's [`Limits`](crate::Limits)
/// ([`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge)), and an input
/// without a single object.
///
/// # Example
///
/// ```
/// use influence::{io, GraphBuilder};
///
/// let input = r#"{"actor": "ann", "target": "bob", "kind": "reply", "time": "2024-05-01", "topic": "Food"}
/// {"actor": 17, "target": "bob", "weight": 2.5}
/// "#;
/// let mut builder = GraphBuilder::default();
/// let stats = io::load_jsonl(input.as_bytes(), None, &mut builder)?;
/// assert_eq!(stats.records, 2);
/// // Users are numbered in order of id: numbers first.
/// assert_eq!(builder.build()?.user_ids().collect::<Vec<_>>(), ["17", "ann", "bob"]);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn load_jsonl<R: Read>(reader: R, path: Option<&Path>, builder: &mut GraphBuilder) -> Result<ReadStats> {
    super::Reader::default().format(super::InputFormat::JsonLines).load(reader, path, builder)
}

/// Reads JSON lines (see [`load_jsonl`]) into a vector of records, under the
/// default [`Limits`];
/// [`Reader::limits`](super::Reader::limits) sets others.
///
/// # Example
///
/// ```
/// use influence::{io, Interaction, Network};
///
/// let input = "{\"actor\": \"ann\", \"target\": \"bob\", \"network\": \"X\", \"time\": 1700000000}\n";
/// let records = io::read_interactions_jsonl(input.as_bytes(), None)?;
/// assert_eq!(records, [Interaction::new("ann", "bob").network(Network::Twitter).time(1_700_000_000)]);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_interactions_jsonl<R: Read>(reader: R, path: Option<&Path>) -> Result<Vec<Interaction>> {
    super::read_interactions_from_with_limits(reader, path, super::InputFormat::JsonLines, Limits::default())
}

/// Writes `interactions` as JSON lines: one object per line with `actor` and
/// `target`, and `kind`, `network`, `time`, `weight` and `topic` where they
/// are not `None`, so that [`read_interactions_jsonl`] reads back the same
/// records.
///
/// Weights are written in serde_json's shortest round-trip notation. Reading
/// them back is bit-exact when serde_json's `float_roundtrip` feature is
/// enabled; without it, serde_json's faster float parser may miss the last
/// bit of a weight with many significant digits or an extreme exponent
/// (weights such as `2`, `0.5` or `0.1` always read back exactly).
///
/// # Errors
///
/// An I/O error from `writer`, or an interaction the readers would reject (an
/// empty id, a NaN, infinite or negative weight) or read differently (a
/// topic that is not normalized).
///
/// # Example
///
/// ```
/// use influence::{io, Interaction, InteractionKind};
///
/// let records = [Interaction::new("ann", "bob").kind(InteractionKind::Like).weight(0.5).topic("#Travel")];
/// let mut out = Vec::new();
/// io::write_interactions_jsonl(&records, &mut out)?;
/// assert_eq!(String::from_utf8(out.clone()).unwrap(),
///     "{\"actor\":\"ann\",\"target\":\"bob\",\"kind\":\"like\",\"weight\":0.5,\"topic\":\"travel\"}\n");
/// assert_eq!(io::read_interactions_jsonl(&out[..], None)?, records);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn write_interactions_jsonl<W: Write>(interactions: &[Interaction], writer: W) -> Result<()> {
    let mut w = BufWriter::new(writer);
    for i in interactions {
        check_interaction(i)?;
        write_object(&mut w, i).map_err(|e| Error::io(None, e))?;
    }
    w.flush().map_err(|e| Error::io(None, e))
}

fn write_object<W: Write>(w: &mut W, i: &Interaction) -> std::io::Result<()> {
    w.write_all(b"{\"actor\":")?;
    serde_json::to_writer(&mut *w, &i.actor)?;
    w.write_all(b",\"target\":")?;
    serde_json::to_writer(&mut *w, &i.target)?;
    if let Some(kind) = &i.kind {
        w.write_all(b",\"kind\":")?;
        serde_json::to_writer(&mut *w, kind.name())?;
    }
    if let Some(network) = &i.network {
        w.write_all(b",\"network\":")?;
        serde_json::to_writer(&mut *w, network.name())?;
    }
    if let Some(time) = i.time {
        write!(w, ",\"time\":{time}")?;
    }
    if let Some(weight) = i.weight {
        // serde_json's notation (shortest round-trip digits, an exponent for
        // extreme values) is what JSON readers parse best.
        w.write_all(b",\"weight\":")?;
        serde_json::to_writer(&mut *w, &weight)?;
    }
    if let Some(topic) = &i.topic {
        w.write_all(b",\"topic\":")?;
        serde_json::to_writer(&mut *w, topic)?;
    }
    w.write_all(b"}\n")
}

/// Reads JSON lines of at most `max_bytes`, handing each record that
/// `rules` keep to `each` with its line, one line at a time. The readers
/// parse JSON lines in blocks ([`interactions`](super::interactions)); this
/// is what their tests hold them to.
#[cfg(test)]
pub(super) fn read_jsonl<R: Read>(
    reader: R,
    path: Option<&Path>,
    max_bytes: u64,
    rules: &mut Rules<'_>,
    each: &mut impl FnMut(Interaction, u64) -> Result<()>,
) -> Result<ReadStats> {
    use super::fields::is_blank_or_comment;
    use super::lines::LineReader;
    use super::no_records;
    use crate::error::Position;

    let mut lines = LineReader::new(reader, path, max_bytes);
    let mut stats = ReadStats::default();
    while let Some((n, line)) = lines.next_line()? {
        // No JSON object starts with `#` or `%`: such lines are comments.
        if is_blank_or_comment(line) {
            stats.skipped += 1;
            continue;
        }
        let at = |e: Error| e.at(Position::new(path, n));
        if let Some(interaction) = parse_object(line, rules, n).map_err(at)? {
            each(interaction, n).map_err(at)?;
            stats.records += 1;
        }
    }
    stats.lines = lines.line();
    rules.report(&mut stats);
    if stats.records == 0 {
        return Err(no_records("interactions", path, &stats).at(lines.end_position()));
    }
    Ok(stats)
}

/// The interaction on one non-blank line (line `n`), or `None` when
/// `rules` leave it out.
pub(super) fn parse_object(line: &str, rules: &mut Rules<'_>, n: u64) -> Result<Option<Interaction>> {
    let value: Value = serde_json::from_str(line).map_err(|e| {
        // serde_json says "at line 1 column N"; the line is ours to report.
        let message = e.to_string();
        let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
        Error::parse(format!("invalid JSON at column {}: {message}, in {}", e.column(), quote(line)))
    })?;
    let Value::Object(map) = value else {
        return Err(Error::parse(format!("expected a JSON object, found {}", quote(line))));
    };
    let mut actor = None;
    let mut target = None;
    let mut interaction = Interaction::new(String::new(), String::new());
    let mut skip = None;
    for (key, value) in map {
        match key.as_str() {
            "actor" => actor = Some(id("actor", value)?),
            "target" => target = Some(id("target", value)?),
            _ if value.is_null() => {
                if !KNOWN.split(", ").any(|k| k == key) {
                    return Err(unknown_key(&key));
                }
            }
            "kind" => match rules.kind(string("kind", &value)?)? {
                Ok(kind) => interaction.kind = Some(kind),
                Err(why) => skip = skip.or(Some(why)),
            },
            "network" => interaction.network = Some(string("network", &value)?.parse()?),
            "time" => {
                interaction.time = Some(match &value {
                    Value::Number(n) => n.as_i64().ok_or_else(|| {
                        Error::parse(format!("time {n} is not an integer (Unix seconds) or a date string"))
                    })?,
                    _ => parse_time(string("time", &value)?)?,
                })
            }
            "weight" => {
                let Value::Number(n) = &value else {
                    return Err(Error::parse(format!("weight {value} must be a JSON number")));
                };
                // Only a float that overflowed could be missing here.
                let w = n.as_f64().unwrap_or(f64::INFINITY);
                match rules.weight_value(w, &n.to_string())? {
                    Ok(w) => interaction.weight = Some(w),
                    Err(why) => skip = skip.or(Some(why)),
                }
            }
            "topic" => interaction.topic = normalize_topic(string("topic", &value)?),
            _ => return Err(unknown_key(&key)),
        }
    }
    interaction.actor = actor.ok_or_else(|| missing("actor"))?;
    interaction.target = target.ok_or_else(|| missing("target"))?;
    rules.finish(interaction, skip, n)
}

/// An id: a string, or an integer taken as its decimal text.
fn id(key: &str, value: Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(s),
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        other => Err(Error::parse(format!("{key} {other} is not a string or an integer id"))),
    }
}

fn string<'v>(key: &str, value: &'v Value) -> Result<&'v str> {
    value.as_str().ok_or_else(|| Error::parse(format!("{key} {value} must be a JSON string")))
}

fn unknown_key(key: &str) -> Error {
    Error::parse(format!("unknown key {} (known keys: {KNOWN})", quote(key)))
}

fn missing(key: &str) -> Error {
    Error::parse(format!("missing key \"{key}\""))
}
