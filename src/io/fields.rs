//! Splitting a text line into fields and parsing the values found in them
//! (weights, ids), with error messages that quote the offending text.
//!
//! Shared by every reader and writer. Splitting and parsing must never
//! allocate unless they fail, and nothing here knows which file a line came
//! from: callers attach the position.

use crate::error::{Error, Result};
use crate::interaction::{Interaction, normalize_topic};

/// Whether `b` separates fields of a delimited line: ASCII whitespace or a
/// comma.
#[inline]
pub(crate) fn is_separator(b: u8) -> bool {
    b == b',' || b.is_ascii_whitespace()
}

/// Splits `line` into fields separated by ASCII whitespace, commas, or both
/// (`a, b` is two fields), storing the first `N` in `out` and returning how
/// many there are in all.
///
/// Runs of whitespace count as one separator, but two commas with nothing
/// between them (or a leading or trailing comma) leave an empty field, which
/// is an error rather than something silently skipped.
pub(crate) fn split_fields<'a, const N: usize>(line: &'a str, out: &mut [&'a str; N]) -> Result<usize> {
    let bytes = line.as_bytes();
    let skip_space = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut i = skip_space(0);
    let mut n = 0;
    while i < bytes.len() {
        if bytes[i] == b',' {
            return Err(Error::parse(format!("field {} is empty (two separators in a row) in {}", n + 1, quote(line))));
        }
        let start = i;
        while i < bytes.len() && !is_separator(bytes[i]) {
            i += 1;
        }
        if let Some(slot) = out.get_mut(n) {
            // Separators are ASCII, so `start..i` lies on character boundaries.
            *slot = &line[start..i];
        }
        n += 1;
        i = skip_space(i);
        if i < bytes.len() && bytes[i] == b',' {
            i = skip_space(i + 1);
            if i == bytes.len() {
                return Err(Error::parse(format!(
                    "field {} is empty (the line ends with a comma) in {}",
                    n + 1,
                    quote(line)
                )));
            }
        }
    }
    Ok(n)
}

/// Whether a line of a line-based text format carries nothing: blank, or a
/// comment starting with `#` or `%` after optional whitespace.
#[inline]
pub(crate) fn is_blank_or_comment(line: &str) -> bool {
    matches!(line.trim_start().as_bytes().first(), None | Some(b'#' | b'%'))
}

/// Parses a weight: a number, finite and at least 0.
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) when `text` is not a number,
/// [`ErrorKind::InvalidWeight`](crate::ErrorKind::InvalidWeight) (quoting
/// `text`) when it is NaN, infinite or negative.
#[inline]
pub(crate) fn parse_weight(text: &str) -> Result<f64> {
    let trimmed = text.trim();
    match trimmed.parse::<f64>() {
        Ok(w) => check_weight(w, trimmed),
        Err(_) => Err(Error::parse(format!("weight {} is not a number", quote(text)))),
    }
}

/// Checks that weight `w`, written as `text`, is finite and at least 0.
#[inline]
pub(crate) fn check_weight(w: f64, text: &str) -> Result<f64> {
    match weight_problem(w) {
        None => Ok(w),
        Some(reason) => Err(Error::weight(text, reason)),
    }
}

/// Why `w` is not a valid weight, if it is not.
#[inline]
fn weight_problem(w: f64) -> Option<&'static str> {
    if w.is_nan() {
        Some("weights must be numbers, not NaN")
    } else if w.is_infinite() {
        Some("weights must be finite")
    } else if w < 0.0 {
        Some("weights must not be negative")
    } else {
        None
    }
}

/// Checks what a reader or writer of interaction records requires beyond
/// their types: non-empty ids, a valid weight and a normalized topic, so that
/// what is written reads back. Messages name the interaction by its ids.
pub(crate) fn check_interaction(i: &Interaction) -> Result<()> {
    check_parts(&i.actor, &i.target, i.weight, i.topic.as_deref())
}

/// [`check_interaction`] on the parts of an interaction.
pub(crate) fn check_parts(actor: &str, target: &str, weight: Option<f64>, topic: Option<&str>) -> Result<()> {
    if let Some(topic) = topic {
        let normal = normalize_topic(topic);
        if normal.as_deref() != Some(topic) {
            return Err(Error::parse(format!(
                "topic {} of the interaction of {} with {} is not normalized: it would read back as {} \
                 (set topics with Interaction::topic)",
                quote(topic),
                quote(actor),
                quote(target),
                normal.as_deref().map_or_else(|| String::from("no topic"), quote)
            )));
        }
    }
    for (what, id) in [("actor", actor), ("target", target)] {
        if id.is_empty() {
            return Err(Error::parse(format!(
                "the {what} is empty in the interaction of {} with {}",
                quote(actor),
                quote(target)
            )));
        }
    }
    match weight.and_then(|w| weight_problem(w).map(|reason| (w, reason))) {
        Some((w, reason)) => {
            Err(Error::weight(w, format!("{reason} (in the interaction of {} with {})", quote(actor), quote(target))))
        }
        None => Ok(()),
    }
}

/// `text` in double quotes with escapes, shortened to about 80 characters so
/// that an error message about a huge line stays readable.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{:?}...", &text[..end]),
        None => format!("{text:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Result<Vec<String>> {
        let mut out = [""; 8];
        let n = split_fields(line, &mut out)?;
        Ok(out[..n.min(8)].iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn splits_on_whitespace_commas_and_both() {
        assert_eq!(split("a b").unwrap(), ["a", "b"]);
        assert_eq!(split("  a\t\tb  1 ").unwrap(), ["a", "b", "1"]);
        assert_eq!(split("a,b,2.5").unwrap(), ["a", "b", "2.5"]);
        assert_eq!(split("a , b\t,3").unwrap(), ["a", "b", "3"]);
        assert_eq!(split("").unwrap(), Vec::<String>::new());
        assert!(split("a,,b").is_err());
        assert!(split(",a b").is_err());
        assert!(split("a b,").is_err());
    }

    #[test]
    fn counts_fields_beyond_the_buffer() {
        let mut out = [""; 2];
        assert_eq!(split_fields("a b c d e", &mut out).unwrap(), 5);
        assert_eq!(out, ["a", "b"]);
    }

    #[test]
    fn weights_quote_their_text() {
        assert_eq!(parse_weight("2.5").unwrap(), 2.5);
        assert!(parse_weight("abc").unwrap_err().to_string().contains("\"abc\""));
        for bad in ["nan", "inf", "-inf", "-1", "1e999"] {
            let err = parse_weight(bad).unwrap_err();
            assert!(err.to_string().contains(bad), "{err}");
        }
    }
}
