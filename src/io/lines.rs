//! `LineReader`: physical lines of a text input, one at a time, through one
//! reused buffer.
//!
//! It strips a UTF-8 byte-order mark at the start of the input and the line
//! terminator (`\n` or `\r\n`) of every line, checks UTF-8 itself so that the
//! error names the line, and numbers lines from 1. It must never hold more
//! than one line in memory (a line longer than
//! [`Limits::max_line_bytes`](crate::Limits::max_line_bytes) is an error
//! before it is read whole, not an unbounded allocation) and never
//! interprets what a line says.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::too_large;
use crate::error::{Error, Position, Result};

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
    max_bytes: u64,
}

impl<'p, R: Read> LineReader<'p, R> {
    /// A reader of `inner`, whose errors name `path`, refusing lines longer
    /// than `max_bytes` (not counting the terminator and, on the first line,
    /// a byte-order mark).
    pub(crate) fn new(inner: R, path: Option<&'p Path>, max_bytes: u64) -> Self {
        LineReader { inner: BufReader::with_capacity(BUFFER_BYTES, inner), buf: Vec::new(), line: 0, path, max_bytes }
    }

    /// The next line's number and text without its terminator, or `None` at
    /// the end of the input.
    ///
    /// # Errors
    ///
    /// An I/O error, a line that is not UTF-8, and
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) for a line longer
    /// than the limit (found after reading at most 5 bytes more than it),
    /// each with the position of that line.
    pub(crate) fn next_line(&mut self) -> Result<Option<(u64, &str)>> {
        self.buf.clear();
        let next = self.line + 1;
        // Room for the longest line accepted, a `\r\n` and, on the first
        // line, a byte-order mark: reading stops there, so an over-long line
        // is never held whole.
        let room = self.max_bytes.saturating_add(if next == 1 { 2 + BOM.len() as u64 } else { 2 });
        let n = (&mut self.inner)
            .take(room)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| Error::io(self.path, e).at(Position::new(self.path, next)))?;
        if n == 0 {
            return Ok(None);
        }
        self.line = next;
        let mut bytes = &self.buf[..];
        if let Some(rest) = bytes.strip_suffix(b"\n") {
            bytes = rest.strip_suffix(b"\r").unwrap_or(rest);
        }
        if next == 1 {
            bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        }
        // Without a terminator within `room` bytes, what was read is longer
        // than the limit, so this also catches a line cut off by `take`.
        if bytes.len() as u64 > self.max_bytes {
            return Err(too_large(crate::Counted::LineBytes, self.max_bytes).at(Position::new(self.path, next)));
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
        let mut r = LineReader::new(input, None, 64);
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
        let mut r = LineReader::new(&b"ok\nbad \xFF here\n"[..], None, 64);
        assert_eq!(r.next_line().unwrap(), Some((1, "ok")));
        let err = r.next_line().unwrap_err();
        assert_eq!(err.position().map(Position::line), Some(2));
        assert!(err.to_string().contains("0xFF"), "{err}");
    }

    #[test]
    fn the_limit_counts_the_line_without_terminator_or_bom() {
        let read_all = |input: &[u8], max: u64| -> Result<Vec<String>> {
            let mut r = LineReader::new(input, None, max);
            let mut out = Vec::new();
            while let Some((_, l)) = r.next_line()? {
                out.push(l.to_string());
            }
            Ok(out)
        };
        assert_eq!(read_all(b"\xEF\xBB\xBFabcd\r\nefgh\r\nijkl", 4).unwrap(), ["abcd", "efgh", "ijkl"]);
        assert_eq!(read_all(b"abcd\n\n", 4).unwrap(), ["abcd", ""]);
        for (input, line) in
            [(&b"abcde\n"[..], 1), (b"abcd\nefghi", 2), (b"ab\nabcd\r\nabcde\r\n", 3), (b"abcd\rx\n", 1)]
        {
            let err = read_all(input, 4).unwrap_err();
            assert_eq!(err.position().map(Position::line), Some(line), "{input:?}");
            assert_eq!(err.to_string(), format!("<input>:{line}: too many bytes in one line: more than 4"));
        }
        // Only the limit and a few bytes are held, however long the line.
        let mut r = LineReader::new(std::io::repeat(b'x'), None, 1000);
        assert!(r.next_line().is_err());
        assert!(r.buf.capacity() < 4096, "{}", r.buf.capacity());
        assert_eq!(read_all(b"", 0).unwrap(), Vec::<String>::new());
        assert_eq!(read_all(b"\n\r\n", 0).unwrap(), ["", ""]);
    }
}
