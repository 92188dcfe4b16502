//! `LineReader`: physical lines of a text input, one at a time, through one
//! reused buffer.
//!
//! It strips a UTF-8 byte-order mark at the start of the input and the line
//! terminator (`\n` or `\r\n`) of every line, checks UTF-8 itself so that the
//! error names the line, and numbers lines from 1. It must never hold more
//! than one line in memory (a line longer than [`MAX_LINE_BYTES`] is an error,
//! not an unbounded allocation) and never interprets what a line says.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::error::{Error, Position, Result};

/// The longest line accepted, in bytes. Longer lines are an error: a file
/// without line breaks must not be read into memory whole.
pub(crate) const MAX_LINE_BYTES: u64 = 16 << 20;

/// Buffer size of the underlying `BufReader`: large enough that reading a
/// big edge list costs few system calls.
const BUFFER_BYTES: usize = 256 << 10;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads physical lines of `inner`, numbering them from 1.
#[derive(Debug)]
pub(crate) struct LineReader<'p, R> {
    inner: BufReader<R>,
    buf: Vec<u8>,
    line: u64,
    path: Option<&'p Path>,
}

impl<'p, R: Read> LineReader<'p, R> {
    /// A reader of `inner`, whose errors name `path`.
    pub(crate) fn new(inner: R, path: Option<&'p Path>) -> Self {
        LineReader { inner: BufReader::with_capacity(BUFFER_BYTES, inner), buf: Vec::new(), line: 0, path }
    }

    /// The next line's number and text without its terminator, or `None` at
    /// the end of the input.
    ///
    /// # Errors
    ///
    /// An I/O error, a line that is not UTF-8 or longer than
    /// [`MAX_LINE_BYTES`], each with the position of that line.
    pub(crate) fn next_line(&mut self) -> Result<Option<(u64, &str)>> {
        self.buf.clear();
        let next = self.line + 1;
        let n = (&mut self.inner)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| Error::io(self.path, e).at(Position::new(self.path, next)))?;
        if n == 0 {
            return Ok(None);
        }
        self.line = next;
        let mut bytes = &self.buf[..];
        if let Some(rest) = bytes.strip_suffix(b"\n") {
            bytes = rest.strip_suffix(b"\r").unwrap_or(rest);
        } else if n as u64 > MAX_LINE_BYTES {
            return Err(
                Error::parse(format!("line is longer than {MAX_LINE_BYTES} bytes")).at(Position::new(self.path, next))
            );
        }
        if next == 1 {
            bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        }
        std::str::from_utf8(bytes)
            .map(|line| Some((next, line)))
            .map_err(|e| utf8_error(bytes, &e, "line").at(Position::new(self.path, next)))
    }

    /// The number of the line last returned (0 before the first).
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// The position for an error about the input as a whole: its last line
    /// (line 1 for an empty input).
    pub(crate) fn end_position(&self) -> Position {
        Position::new(self.path, self.line.max(1))
    }
}

/// A parse error describing invalid UTF-8 in `bytes` (a `line` or a `cell`),
/// quoting what precedes it.
pub(crate) fn utf8_error(bytes: &[u8], e: &std::str::Utf8Error, what: &str) -> Error {
    let at = e.valid_up_to();
    let before = String::from_utf8_lossy(&bytes[at.saturating_sub(20)..at]);
    let problem = match e.error_len() {
        Some(len) => format!("invalid byte sequence {}", hex(&bytes[at..at + len])),
        None => format!("incomplete byte sequence {} at the end", hex(&bytes[at..])),
    };
    Error::parse(format!("text is not valid UTF-8: {problem} at byte {} of the {what}, after {before:?}", at + 1))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("0x{b:02X}")).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<String> {
        let mut r = LineReader::new(input, None);
        let mut out = Vec::new();
        while let Some((_, l)) = r.next_line().unwrap() {
            out.push(l.to_string());
        }
        out
    }

    #[test]
    fn strips_bom_and_terminators() {
        assert_eq!(lines(b"\xEF\xBB\xBFa b\r\nc\n\nd"), ["a b", "c", "", "d"]);
        assert_eq!(lines(b""), Vec::<String>::new());
        // Only the first line can carry a byte-order mark.
        assert_eq!(lines(b"a\n\xEF\xBB\xBFb\n"), ["a", "\u{feff}b"]);
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let mut r = LineReader::new(&b"ok\nbad \xFF here\n"[..], None);
        assert_eq!(r.next_line().unwrap(), Some((1, "ok")));
        let err = r.next_line().unwrap_err();
        assert_eq!(err.position().map(Position::line), Some(2));
        assert!(err.to_string().contains("0xFF"), "{err}");
    }
}
