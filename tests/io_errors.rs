//! Malformed inputs through every reader: each is an `Err` (never a panic,
//! never a silently shorter graph) naming the file, the exact line and the
//! offending text.

use std::fs::File;
use std::path::Path;

use influence::io::{self, InputFormat};
use influence::{Error, ErrorKind, GraphBuilder};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Reader {
    EdgeList,
    Csv,
    Jsonl,
    Personalization,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Parse,
    Weight,
}

struct Case {
    name: &'static str,
    reader: Reader,
    input: &'static [u8],
    line: u64,
    contains: &'static str,
    kind: Kind,
}

const fn case(
    name: &'static str,
    reader: Reader,
    input: &'static [u8],
    line: u64,
    contains: &'static str,
    kind: Kind,
) -> Case {
    Case { name, reader, input, line, contains, kind }
}

use Kind::{Parse, Weight};
use Reader::{Csv, EdgeList, Jsonl, Personalization};

const CASES: &[Case] = &[
    // Edge lists.
    case("bad number", EdgeList, b"a b 1\nb c abc\n", 2, "weight \"abc\" is not a number", Parse),
    case("NaN", EdgeList, b"a b NaN\n", 1, "NaN", Weight),
    case("lower-case nan", EdgeList, b"# x\na b nan\n", 2, "nan", Weight),
    case("inf", EdgeList, b"a b\nb c inf\n", 2, "inf", Weight),
    case("-inf", EdgeList, b"a b -inf\n", 1, "-inf", Weight),
    case("overflowing number", EdgeList, b"a b 1e999\n", 1, "1e999", Weight),
    case("negative weight", EdgeList, b"a b 1\n\nb c -2.5\n", 3, "-2.5", Weight),
    case("too many fields", EdgeList, b"a b 1 2 3\n", 1, "found 5: \"a b 1 2 3\"", Parse),
    case("only one field", EdgeList, b"# c\nlonely\n", 2, "expected at least 2 fields (source target), found 1", Parse),
    case("bad timestamp", EdgeList, b"1 2 1 1217567877\n1 3 1 tomorrow\n", 2, "\"tomorrow\"", Parse),
    case("empty field", EdgeList, b"a,,b\n", 1, "empty", Parse),
    case("empty file", EdgeList, b"", 1, "no edges found", Parse),
    case("only comments", EdgeList, b"# only\n% comments\n\n", 3, "no edges found", Parse),
    case("CRLF error line", EdgeList, b"a b\r\nc d x\r\n", 2, "\"x\"", Parse),
    case("non-UTF-8 edge list", EdgeList, b"a b\nc \xFF d\n", 2, "UTF-8", Parse),
    // Interaction CSV.
    case("header-only CSV", Csv, b"actor,target\n", 1, "no interactions found", Parse),
    case("empty CSV", Csv, b"", 1, "no interactions found", Parse),
    case("CSV missing target", Csv, b"actor,kind\na,like\n", 1, "missing column \"target\"", Parse),
    case("CSV unknown column", Csv, b"actor,target,score\na,b,1\n", 1, "unknown column \"score\"", Parse),
    case("CSV repeated column", Csv, b"actor,target,source\na,b,c\n", 1, "\"source\"", Parse),
    case("CSV wrong field count", Csv, b"actor,target\na,b\nc,d,e\n", 3, "found 3", Parse),
    case("CSV too few fields", Csv, b"actor,target,kind\n\na,b,like\nc,d\n", 4, "found 2", Parse),
    case("CSV bad time", Csv, b"actor,target,time\na,b,2023-02-30\n", 2, "\"2023-02-30\"", Parse),
    case("CSV bad weight CRLF", Csv, b"actor,target,weight\r\na,b,1\r\n\r\nc,d,heavy\r\n", 4, "\"heavy\"", Parse),
    case("CSV NaN weight", Csv, b"actor,target,weight\na,b,NaN\n", 2, "NaN", Weight),
    case("CSV empty actor", Csv, b"actor,target\n,b\n", 2, "actor is empty", Parse),
    case("CSV unclosed quote at the end", Csv, b"actor,target\na,b\n\"c,d\n", 3, "found 1", Parse),
    case("CSV after multi-line cell", Csv, b"actor,target,time\n\"a\nb\",c,1\nd,e,x\n", 4, "\"x\"", Parse),
    case("non-UTF-8 CSV", Csv, b"actor,target\na,b\nc,\xFE\n", 3, "UTF-8", Parse),
    // JSON lines.
    case(
        "invalid JSON",
        Jsonl,
        b"{\"actor\": \"a\", \"target\": \"b\"}\n{\"actor\": \"a\",\n",
        2,
        "invalid JSON",
        Parse,
    ),
    case("JSONL missing target", Jsonl, b"{\"actor\": \"a\"}\n", 1, "missing key \"target\"", Parse),
    case("JSONL unknown key", Jsonl, b"\n{\"actor\": \"a\", \"target\": \"b\", \"likes\": 3}\n", 2, "\"likes\"", Parse),
    case(
        "JSONL weight as string",
        Jsonl,
        b"{\"actor\": \"a\", \"target\": \"b\", \"weight\": \"2\"}",
        1,
        "\"2\"",
        Parse,
    ),
    case("JSONL negative weight", Jsonl, b"{\"actor\": \"a\", \"target\": \"b\", \"weight\": -1}", 1, "-1", Weight),
    case("JSONL fractional time", Jsonl, b"{\"actor\": \"a\", \"target\": \"b\", \"time\": 1.5}", 1, "1.5", Parse),
    case(
        "JSONL bad date",
        Jsonl,
        b"{\"actor\": \"a\", \"target\": \"b\", \"time\": \"2024-1-1\"}",
        1,
        "\"2024-1-1\"",
        Parse,
    ),
    case("JSONL not an object", Jsonl, b"[\"a\", \"b\"]\n", 1, "expected a JSON object", Parse),
    case("JSONL fractional id", Jsonl, b"{\"actor\": 1.5, \"target\": \"b\"}", 1, "actor 1.5", Parse),
    case("JSONL only blank lines", Jsonl, b"\n  \n", 2, "no interactions found", Parse),
    case("non-UTF-8 JSONL", Jsonl, b"{\"actor\": \"\xC3\", \"target\": \"b\"}\n", 1, "UTF-8", Parse),
    // Personalization.
    case("personalization bad weight", Personalization, b"ann 1\nbob lots\n", 2, "\"lots\"", Parse),
    case("personalization negative", Personalization, b"ann 1\nbob -1\n", 2, "-1", Weight),
    case("personalization NaN", Personalization, b"ann NaN\n", 1, "NaN", Weight),
    case(
        "personalization missing weight",
        Personalization,
        b"ann 1\n\nbob\n",
        3,
        "missing the weight of user \"bob\"",
        Parse,
    ),
    case("personalization too many fields", Personalization, b"ann 1 2\n", 1, "found 3", Parse),
    case("personalization empty", Personalization, b"# nobody\n", 1, "no personalization entries found", Parse),
    case("non-UTF-8 personalization", Personalization, b"# ok\n\xE9ve 1\n", 2, "UTF-8", Parse),
];

/// Reads `input` with `reader`, from memory or (with `path`) from that file.
fn read(reader: Reader, input: &[u8], path: Option<&Path>) -> Result<(), Error> {
    let mut builder = GraphBuilder::default();
    match (reader, path) {
        (Personalization, Some(p)) => io::read_personalization(File::open(p).unwrap(), Some(p)).map(drop),
        (Personalization, None) => io::read_personalization(input, None).map(drop),
        (_, Some(p)) => io::load_file(p, InputFormat::Auto, &mut builder).map(drop),
        (EdgeList, None) => io::load_edge_list(input, None, &mut builder).map(drop),
        (Csv, None) => io::load_csv(input, None, &mut builder).map(drop),
        (Jsonl, None) => io::load_jsonl(input, None, &mut builder).map(drop),
    }
}

/// The same input through the `read_interactions_*` functions, which must
/// fail the same way.
fn read_records(reader: Reader, input: &[u8]) -> Option<Result<(), Error>> {
    match reader {
        Csv => Some(io::read_interactions_csv(input, None).map(drop)),
        Jsonl => Some(io::read_interactions_jsonl(input, None).map(drop)),
        _ => None,
    }
}

fn check(c: &Case, result: Result<(), Error>, path: Option<&Path>) {
    let err = match result {
        Ok(()) => panic!("{}: expected an error, got Ok", c.name),
        Err(e) => e,
    };
    let pos = err.position().unwrap_or_else(|| panic!("{}: no position in {err}", c.name));
    assert_eq!(pos.line(), c.line, "{}: {err}", c.name);
    assert_eq!(pos.path(), path, "{}: {err}", c.name);
    let message = err.to_string();
    assert!(message.contains(c.contains), "{}: {message:?} lacks {:?}", c.name, c.contains);
    if let Some(p) = path {
        assert!(message.starts_with(&format!("{}:{}: ", p.display(), c.line)), "{}: {message}", c.name);
    }
    let kind_ok = match c.kind {
        Parse => matches!(err.kind(), ErrorKind::Parse { .. }),
        Weight => matches!(err.kind(), ErrorKind::InvalidWeight { .. }),
    };
    assert!(kind_ok, "{}: kind {:?}", c.name, err.kind());
}

#[test]
fn malformed_inputs_name_file_line_and_text() {
    assert!(CASES.len() >= 20);
    let dir = tempfile::tempdir().unwrap();
    for (i, c) in CASES.iter().enumerate() {
        check(c, read(c.reader, c.input, None), None);
        if let Some(result) = read_records(c.reader, c.input) {
            check(c, result, None);
        }
        let ext = match c.reader {
            EdgeList => "txt",
            Csv => "csv",
            Jsonl => "jsonl",
            Personalization => "seeds",
        };
        let path = dir.path().join(format!("case{i}.{ext}"));
        std::fs::write(&path, c.input).unwrap();
        check(c, read(c.reader, c.input, Some(&path)), Some(&path));
    }
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.edges");
    let err = io::load_file(&path, InputFormat::Auto, &mut GraphBuilder::default()).unwrap_err();
    assert!(err.is_io_error());
    assert!(err.to_string().contains("absent.edges"), "{err}");
    let err = io::read_file(&path, InputFormat::EdgeList, Default::default()).unwrap_err();
    assert!(err.is_io_error());
}

#[test]
fn an_endless_line_is_an_error_not_an_allocation() {
    let mut input = b"a b\n".to_vec();
    input.resize(input.len() + (16 << 20) + 2, b'x');
    let err = io::read_edge_list(&input[..], None).unwrap_err();
    assert_eq!(err.position().map(|p| p.line()), Some(2));
    assert!(err.to_string().ends_with("too many bytes in one line: more than 65536"), "{err}");
}

#[test]
fn an_unclosed_csv_quote_is_an_error_not_an_allocation() {
    let mut input = b"actor,target\na,b\n\"c,d\n".to_vec();
    input.extend(std::iter::repeat_n(b"x,y\n".as_slice(), (1 << 18) + 1).flatten());
    let err = io::read_interactions_csv(&input[..], None).unwrap_err();
    assert_eq!(err.position().map(|p| p.line()), Some(3));
    assert!(err.to_string().contains("quote left open"), "{err}");
}

#[test]
fn unknown_format_names_are_errors() {
    for bad in ["", "xml", "json"] {
        assert!(bad.parse::<InputFormat>().is_err(), "{bad}");
    }
    for bad in ["", "xml", "jsonl"] {
        assert!(bad.parse::<io::OutputFormat>().is_err(), "{bad}");
    }
}

#[test]
fn tsv_refuses_ids_it_cannot_hold_and_writes_nothing() {
    let mut b = GraphBuilder::default();
    b.add_edge("tab\there", "plain", 1.0).unwrap();
    let ranking = influence::PageRank::default().run(&b.build().unwrap()).unwrap();
    let mut out = Vec::new();
    let err = io::write_ranking(&ranking, &mut out, io::OutputFormat::Tsv, None).unwrap_err();
    assert!(err.to_string().contains("\"tab\\there\""), "{err}");
    assert!(out.is_empty());
    // The top row alone is writable.
    io::write_ranking(&ranking, &mut out, io::OutputFormat::Tsv, Some(1)).unwrap();
    assert!(out.starts_with(b"plain\t"));
}

#[test]
fn writers_refuse_records_the_readers_would_reject() {
    use influence::Interaction;
    for bad in [Interaction::new("a", "b").weight(f64::NAN), Interaction::new("", "b")] {
        assert!(io::write_interactions_csv(std::slice::from_ref(&bad), Vec::new()).is_err());
        assert!(io::write_interactions_jsonl(std::slice::from_ref(&bad), Vec::new()).is_err());
    }
}
