//! Gzip input, recognized by its content: an input whose first two bytes
//! are the gzip magic number `1f 8b` is decompressed as it is read (every
//! member of a multi-member file, as `gzip -d` does); any other input is
//! read as it is.
//!
//! Decompression errors (a truncated file, a bad checksum, garbage after a
//! member) come back as I/O errors that say the gzip data is at fault, so
//! the readers report them with the file's name and never return what was
//! decompressed before as if it were the whole input. This module must
//! never buffer more than the decoder's own window.

use std::io::{self, Chain, Cursor, Read};

use flate2::read::MultiGzDecoder;

/// The first two bytes of every gzip member (RFC 1952).
const MAGIC: [u8; 2] = [0x1f, 0x8b];

/// An input, decompressed if it is gzip.
#[derive(Debug)]
pub(crate) enum Input<R: Read> {
    /// Read as it is (the bytes peeked at, then the rest).
    Plain(Chain<Cursor<Vec<u8>>, R>),
    /// Decompressed.
    Gzip(Box<MultiGzDecoder<Chain<Cursor<Vec<u8>>, R>>>),
}

/// `reader`, decompressed if it starts with the gzip magic bytes.
///
/// # Errors
///
/// An I/O error from reading the first two bytes.
pub(crate) fn open<R: Read>(mut reader: R) -> io::Result<Input<R>> {
    let mut head = Vec::with_capacity(MAGIC.len());
    // `take` + `read_to_end` retries short reads (pipes) and interruptions.
    (&mut reader).take(MAGIC.len() as u64).read_to_end(&mut head)?;
    let gzip = head == MAGIC;
    let input = Cursor::new(head).chain(reader);
    Ok(if gzip { Input::Gzip(Box::new(MultiGzDecoder::new(input))) } else { Input::Plain(input) })
}

impl<R: Read> Read for Input<R> {
    #[inline]
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::Plain(r) => r.read(buf),
            Input::Gzip(r) => r.read(buf).map_err(|e| {
                let kind = if e.kind() == io::ErrorKind::Interrupted { io::ErrorKind::InvalidData } else { e.kind() };
                io::Error::new(kind, format!("the gzip data is truncated or corrupt ({e})"))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn read_all(input: &[u8]) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        open(input)?.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn plain_input_reads_as_it_is() {
        for input in [&b""[..], b"1", b"\x1f", b"\x1f\x8a rest", b"1 2\n2 3\n"] {
            assert_eq!(read_all(input).unwrap(), input);
        }
    }

    #[test]
    fn gzip_is_recognized_by_its_content() {
        let data = b"1 2\n2 3\n".repeat(1000);
        assert_eq!(read_all(&gzip(&data)).unwrap(), data);
        // Two members, as `cat a.gz b.gz` makes.
        let mut two = gzip(b"1 2\n");
        two.extend(gzip(b"2 3\n"));
        assert_eq!(read_all(&two).unwrap(), b"1 2\n2 3\n");
    }

    #[test]
    fn truncated_or_corrupt_gzip_is_an_error() {
        let whole = gzip(&b"1 2\n2 3\n".repeat(1000));
        for cut in [2, 5, 10, whole.len() / 2, whole.len() - 8, whole.len() - 1] {
            let err = read_all(&whole[..cut]).unwrap_err();
            assert!(err.to_string().contains("gzip data is truncated or corrupt"), "cut at {cut}: {err}");
        }
        let mut bad_crc = whole.clone();
        let n = bad_crc.len();
        bad_crc[n - 6] ^= 0xff;
        assert!(read_all(&bad_crc).is_err());
        let mut trailing = whole;
        trailing.extend(b"junk");
        assert!(read_all(&trailing).is_err());
    }
}
