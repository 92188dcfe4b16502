//! User facts CSV: a header naming the columns, then what one user
//! published and how many follow them on one network, per row.
//!
//! It shares the interaction CSV reader's machinery (physical line numbers,
//! the header check, bounded records), so its errors name the true line.
//! Every (user, network) pair may appear once: a repeated pair is an error,
//! never a silent sum or overwrite. This module must never read the whole
//! input into memory beyond the pairs it has seen, nor guess a column's
//! meaning.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Write};
use std::num::IntErrorKind;
use std::path::Path;

use ::csv::{ByteRecord, WriterBuilder};

use super::Limits;
use super::csv::{HeaderColumn, field_str, header, read_records, write_error};
use super::fields::quote;
use super::held::Held;
use crate::error::{Error, Result};
use crate::interaction::{Network, UserFacts};

/// The columns written by [`write_facts_csv`], in order.
const HEADER: [&str; 4] = ["user", "network", "posts", "audience"];

/// What a header column of facts CSV holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    User,
    Network,
    Posts,
    Audience,
}

impl HeaderColumn for Column {
    const KNOWN: &'static str = "user (or id), network, posts, audience (or followers)";
    const REQUIRED: &'static [(Column, &'static str)] = &[(Column::User, " (or \"id\")"), (Column::Network, "")];

    fn from_name(name: &str) -> Option<Column> {
        Some(match name.to_ascii_lowercase().as_str() {
            "user" | "id" => Column::User,
            "network" => Column::Network,
            "posts" => Column::Posts,
            "audience" | "followers" => Column::Audience,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        HEADER[self as usize]
    }
}

/// Reads the user facts CSV file at `path` (see [`read_facts_from`]).
///
/// # Errors
///
/// An I/O error naming `path` when the file cannot be opened or read, and
/// every error of [`read_facts_from`], naming `path` and the line.
///
/// # Example
///
/// ```
/// use influence::{io, Network, UserFacts};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("facts.csv");
/// std::fs::write(&path, "user,network,posts,audience\nann,twitter,12,340\nbob,twitter,-1,5\n").unwrap();
///
/// let err = io::read_facts(&path).unwrap_err();
/// assert_eq!(err.position().map(|p| (p.path(), p.line())), Some((Some(path.as_path()), 3)));
/// assert!(err.to_string().ends_with("facts.csv:3: posts \"-1\" is negative: counts are whole numbers from 0"));
/// ```
pub fn read_facts(path: &Path) -> Result<Vec<UserFacts>> {
    read_facts_with_limits(path, Limits::default())
}

/// [`Reader::read_facts_file`](super::Reader::read_facts_file) and its conveniences: the reading itself under
/// `limits`.
pub(crate) fn read_facts_with_limits(path: &Path, limits: Limits) -> Result<Vec<UserFacts>> {
    let file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
    read_facts_from_with_limits(file, Some(path), limits)
}

/// Reads user facts CSV: what each user published and how many follow them,
/// per network.
///
/// The first line is a header naming the columns, in any order and
/// case-insensitively: `user` (or `id`) and `network`, and optionally
/// `posts` and `audience` (or `followers`). `user` is an id as the
/// interactions write it (taken as is, not trimmed); `network` a name that
/// [`Network`] parses; `posts` and `audience` whole numbers from 0, an empty
/// cell meaning unknown (`None`). Each (user, network) pair may appear only
/// once. Quoting, a UTF-8 byte-order mark, `\r\n` line ends and blank lines
/// are handled as by [`read_interactions_csv`](super::read_interactions_csv).
/// A network name this crate does not know is [`Network::Other`], as for
/// interactions. Records are held to the default
/// [`Limits`]; [`Reader::read_facts`](super::Reader::read_facts) takes others.
///
/// `path` only names the input in errors.
///
/// # Errors
///
/// Every error carries the [`Position`](crate::Position) of its line: a
/// header without `user` or `network` (naming the missing column), an
/// unknown or repeated column, a row with more or fewer cells than the
/// header, an empty user, a bad network, a count that is negative, not a
/// whole number or too large (quoting it), a (user, network) pair given
/// again (naming the line of the first), invalid UTF-8, an I/O error, and an
/// input without a single row.
///
/// # Example
///
/// ```
/// use influence::{io, Network, UserFacts};
///
/// let input = "Network,ID,followers\nX,ann,1200\nfacebook,ann,\n";
/// let facts = io::read_facts_from(input.as_bytes(), None)?;
/// assert_eq!(facts, [
///     UserFacts::new("ann", Network::Twitter).audience(1200),
///     UserFacts::new("ann", Network::Facebook),
/// ]);
///
/// let err = io::read_facts_from("user,network\nann,x\nann,twitter\n".as_bytes(), None).unwrap_err();
/// assert_eq!(err.position().map(|p| p.line()), Some(3));
/// # Ok::<(), influence::Error>(())
/// ```
pub fn read_facts_from<R: Read>(reader: R, path: Option<&Path>) -> Result<Vec<UserFacts>> {
    read_facts_from_with_limits(reader, path, Limits::default())
}

/// [`Reader::read_facts`](super::Reader::read_facts) and its conveniences: the reading itself under
/// `limits`.
pub(crate) fn read_facts_from_with_limits<R: Read>(
    reader: R,
    path: Option<&Path>,
    limits: Limits,
) -> Result<Vec<UserFacts>> {
    let mut columns: Option<Vec<Column>> = None;
    let mut out = Vec::new();
    let mut held = Held::new(limits);
    // The line each (user, network) pair was first given on.
    let mut seen: HashMap<(String, Network), u64> = HashMap::new();
    read_records(reader, path, "user facts", limits.get_max_line_bytes(), |record, line| {
        let Some(cols) = &columns else {
            columns = Some(header(record, line, path)?);
            return Ok(());
        };
        let facts = row(cols, record, line, path)?;
        held.user(&facts.user)?;
        match seen.entry((facts.user.clone(), facts.network.clone())) {
            Entry::Occupied(first) => Err(Error::parse(format!(
                "user {} on {} is given twice: first on line {}",
                quote(&facts.user),
                facts.network,
                first.get()
            ))),
            Entry::Vacant(slot) => {
                slot.insert(line);
                out.push(facts);
                Ok(())
            }
        }
    })?;
    Ok(out)
}

/// The facts in row `record`, which starts on line `line`.
fn row(columns: &[Column], record: &ByteRecord, line: u64, path: Option<&Path>) -> Result<UserFacts> {
    let mut user = None;
    let mut network = None;
    let (mut posts, mut audience) = (None, None);
    for (i, (&column, cell)) in columns.iter().zip(record.iter()).enumerate() {
        let text = field_str(record, i, cell, line, path)?;
        match column {
            Column::User => user = Some(text),
            Column::Network => network = Some(text.parse::<Network>()?),
            Column::Posts => posts = parse_count("posts", text)?,
            Column::Audience => audience = parse_count("audience", text)?,
        }
    }
    // The header check guarantees both columns; a row has every column.
    let (Some(user), Some(network)) = (user, network) else {
        return Err(Error::parse("a row lacks the user or the network"));
    };
    if user.is_empty() {
        return Err(Error::parse(format!("the user is empty in the facts on {network}")));
    }
    Ok(UserFacts { user: user.to_string(), network, posts, audience })
}

/// A count (`posts`, `audience`): a whole number from 0, or `None` for an
/// empty cell.
fn parse_count(what: &str, text: &str) -> Result<Option<u64>> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    match trimmed.parse::<u64>() {
        Ok(n) => Ok(Some(n)),
        Err(e) if *e.kind() == IntErrorKind::PosOverflow => {
            Err(Error::parse(format!("{what} {} is too large: counts go up to {}", quote(trimmed), u64::MAX)))
        }
        Err(_) if trimmed.len() > 1 && trimmed.starts_with('-') && trimmed[1..].bytes().all(|b| b.is_ascii_digit()) => {
            Err(Error::parse(format!("{what} {} is negative: counts are whole numbers from 0", quote(trimmed))))
        }
        Err(_) => Err(Error::parse(format!("{what} {} is not a whole number", quote(trimmed)))),
    }
}

/// Writes `facts` as CSV with the header `user,network,posts,audience`, an
/// empty cell for each `None` and networks by their canonical names, so that
/// [`read_facts_from`] reads back exactly the same facts. Ids are quoted
/// where CSV requires it.
///
/// # Errors
///
/// An I/O error from `writer`, or facts the reader would reject or read
/// differently (an empty user, a (user, network) pair given twice, a
/// network whose name reads back as another network), before that row is
/// written.
///
/// # Example
///
/// ```
/// use influence::{io, Network, UserFacts};
///
/// let facts = [UserFacts::new("ann", Network::LinkedIn).posts(3), UserFacts::new("bob, jr.", Network::Twitter)];
/// let mut out = Vec::new();
/// io::write_facts_csv(&facts, &mut out)?;
/// assert_eq!(String::from_utf8(out.clone()).unwrap(),
///     "user,network,posts,audience\nann,linkedin,3,\n\"bob, jr.\",twitter,,\n");
/// assert_eq!(io::read_facts_from(&out[..], None)?, facts);
/// # Ok::<(), influence::Error>(())
/// ```
pub fn write_facts_csv<W: Write>(facts: &[UserFacts], writer: W) -> Result<()> {
    let mut w = WriterBuilder::new().from_writer(writer);
    w.write_record(HEADER).map_err(write_error)?;
    let mut seen: HashSet<(&str, &Network)> = HashSet::with_capacity(facts.len());
    let (mut posts, mut audience) = (String::new(), String::new());
    for f in facts {
        if f.user.is_empty() {
            return Err(Error::parse(format!("the user is empty in the facts on {}", f.network)));
        }
        if f.network.name().parse::<Network>().ok().as_ref() != Some(&f.network) {
            return Err(Error::parse(format!(
                "network {} of user {} would not read back as itself",
                quote(f.network.name()),
                quote(&f.user)
            )));
        }
        if !seen.insert((&f.user, &f.network)) {
            return Err(Error::parse(format!("user {} on {} is given twice", quote(&f.user), f.network)));
        }
        posts.clear();
        audience.clear();
        if let Some(n) = f.posts {
            posts = n.to_string();
        }
        if let Some(n) = f.audience {
            audience = n.to_string();
        }
        w.write_record([f.user.as_str(), f.network.name(), posts.as_str(), audience.as_str()]).map_err(write_error)?;
    }
    w.flush().map_err(|e| Error::io(None, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_quote_their_text() {
        assert_eq!(parse_count("posts", " 12 ").unwrap(), Some(12));
        assert_eq!(parse_count("posts", "").unwrap(), None);
        for (bad, says) in [
            ("-3", "is negative"),
            ("1.5", "not a whole number"),
            ("abc", "not a whole number"),
            ("-", "not a whole number"),
            ("18446744073709551616", "too large"),
        ] {
            let err = parse_count("audience", bad).unwrap_err().to_string();
            assert!(err.contains(&format!("audience {bad:?}")) && err.contains(says), "{bad}: {err}");
        }
    }
}
