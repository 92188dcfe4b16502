//! Malformed inputs through every reader, the builder and PageRank's
//! configuration: each is an `Err` (never a panic, never a silently shorter
//! graph) of the right kind, naming the file, the exact line and the
//! offending text or limit. Beside them, the inputs accepted on purpose, each
//! with the documentation sentence that promises it, checked to be there.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use influence::io::{self, InputFormat, OutputFormat};
use influence::{
    Error, ErrorKind, GraphBuilder, GraphConfig, InfluenceGraph, Interaction, InteractionKind, KindWeights, Limits,
    Network, PageRankConfig,
};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Reader {
    /// `load_edge_list` into a builder, and `Reader::collect`.
    EdgeList,
    /// `load_csv` into a builder, and `Reader::collect`.
    Csv,
    /// `load_jsonl` into a builder, and `Reader::collect`.
    Jsonl,
    /// `Reader::read_personalization`.
    Personalization,
    /// `Reader::read_personalization_for` against [`graph`]: ann, bob, cy.
    Seeds,
    /// `Reader::read_facts` and `Reader::read_facts_file`.
    Facts,
    /// `Reader::read_scores` in a format.
    Scores(OutputFormat),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Parse,
    Weight,
    TooLarge,
    UnknownUser,
}

use Kind::{Parse, TooLarge, UnknownUser, Weight};
use Reader::{Csv, EdgeList, Facts, Jsonl, Personalization, Scores, Seeds};

const TSV: Reader = Scores(OutputFormat::Tsv);
const SCSV: Reader = Scores(OutputFormat::Csv);
const JSON: Reader = Scores(OutputFormat::Json);

/// The categories of bad input, each of which the table must cover.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Category {
    Truncated,
    Columns,
    BadNumber,
    NaN,
    Infinity,
    Negative,
    /// A count or score of 0 where 0 is not allowed (zero weights are
    /// accepted on purpose, see [`ACCEPTED`]).
    Zero,
    Overflow,
    Empty,
    HeaderOnly,
    Bom,
    Crlf,
    NotUtf8,
    HugeId,
    Limit,
    UnknownUser,
    AllZero,
    /// Anything else a reader refuses: unknown columns, bad dates, ...
    Other,
}

use Category as C;

struct Case {
    name: &'static str,
    /// Which of the categories the case stands for.
    category: Category,
    reader: Reader,
    input: Vec<u8>,
    limits: Limits,
    line: u64,
    /// What the message must contain; `{file}` stands for the input's name.
    contains: String,
    kind: Kind,
    /// Whether the records readers count as the builder does (they count
    /// self-interactions and zero weights against `max_edges`, the builder
    /// does not hold them).
    records_too: bool,
}

fn case(
    name: &'static str,
    category: Category,
    reader: Reader,
    input: impl Into<Vec<u8>>,
    line: u64,
    contains: impl Into<String>,
    kind: Kind,
) -> Case {
    Case {
        name,
        category,
        reader,
        input: input.into(),
        limits: Limits::default(),
        line,
        contains: contains.into(),
        kind,
        records_too: true,
    }
}

impl Case {
    fn limits(mut self, limits: Limits) -> Case {
        self.limits = limits;
        self
    }

    fn graph_only(mut self) -> Case {
        self.records_too = false;
        self
    }
}

/// An id of 1 MB.
fn huge_id() -> String {
    "x".repeat(1 << 20)
}

/// `head`, then a 1 MB id, then `tail`.
fn with_huge_id(head: &str, tail: &str) -> Vec<u8> {
    format!("{head}{}{tail}", huge_id()).into_bytes()
}

const LINE_LIMIT: &str = "too many bytes in one line: more than 65536";
const RECORD_LIMIT: &str = "too many bytes in one record (is a quote left open?): more than 65536";

fn cases() -> Vec<Case> {
    let users2 = Limits::default().max_users(2);
    let edges2 = Limits::default().max_edges(2);
    let short = Limits::default().max_line_bytes(8);
    vec![
        // Edge lists.
        case("truncated edge", C::Truncated, EdgeList, "a b 1\nb\n", 2, "found 1: \"b\"", Parse),
        case("truncated weight", C::Truncated, EdgeList, "a b 1\nb c 2.5e", 2, "weight \"2.5e\"", Parse),
        case("too many fields", C::Columns, EdgeList, "a b 1 2 3\n", 1, "found 5: \"a b 1 2 3\"", Parse),
        case("empty field", C::Columns, EdgeList, "a,,b\n", 1, "field 2 is empty", Parse),
        case("bad number", C::BadNumber, EdgeList, "a b 1\nb c abc\n", 2, "weight \"abc\" is not a number", Parse),
        case("bad timestamp", C::BadNumber, EdgeList, "1 2 1 1217567877\n1 3 1 tomorrow\n", 2, "\"tomorrow\"", Parse),
        case("NaN", C::NaN, EdgeList, "a b NaN\n", 1, "invalid weight NaN", Weight),
        case("lower-case nan", C::NaN, EdgeList, "# x\na b nan\n", 2, "invalid weight nan", Weight),
        case("inf", C::Infinity, EdgeList, "a b\nb c inf\n", 2, "invalid weight inf", Weight),
        case("-inf", C::Infinity, EdgeList, "a b -inf\n", 1, "invalid weight -inf", Weight),
        case("+infinity", C::Infinity, EdgeList, "a b +infinity\n", 1, "invalid weight +infinity", Weight),
        case("overflowing number", C::Overflow, EdgeList, "a b 1e999\n", 1, "invalid weight 1e999", Weight),
        case("negative weight", C::Negative, EdgeList, "a b 1\n\nb c -2.5\n", 3, "invalid weight -2.5", Weight),
        case("empty file", C::Empty, EdgeList, "", 1, "no edges found in {file} (the input is empty)", Parse),
        case("only comments", C::Empty, EdgeList, "# only\n% comments\n\n", 3, "3 lines, all comments or blank", Parse),
        case("header line", C::HeaderOnly, EdgeList, "source target weight\n", 1, "looks like a header", Parse),
        case(
            "commented header",
            C::HeaderOnly,
            EdgeList,
            "# FromNodeId\tToNodeId\n",
            1,
            "its only line is a comment",
            Parse,
        ),
        case("BOM before a bad line", C::Bom, EdgeList, "\u{feff}a b x\n", 1, "weight \"x\" is not", Parse),
        case("CRLF error line", C::Crlf, EdgeList, "a b\r\nc d x\r\n", 2, "weight \"x\" is not", Parse),
        case("non-UTF-8", C::NotUtf8, EdgeList, b"a b\nc \xFF d\n".to_vec(), 2, "invalid byte sequence 0xFF", Parse),
        case("1 MB id", C::HugeId, EdgeList, with_huge_id("a b\n", " b\n"), 2, LINE_LIMIT, TooLarge),
        case("1 MB line, no newline", C::HugeId, EdgeList, with_huge_id("a b\n", ""), 2, LINE_LIMIT, TooLarge),
        case("line limit", C::Limit, EdgeList, "a b\nann bartholomew\n", 2, "more than 8", TooLarge).limits(short),
        case("user limit", C::Limit, EdgeList, "a b\nb a\nb c\n", 3, "too many users: more than 2", TooLarge)
            .limits(users2),
        case("edge limit", C::Limit, EdgeList, "a b\na b\nb a\n", 3, "too many edges: more than 2", TooLarge)
            .limits(edges2),
        case("edge limit past self-loops", C::Limit, EdgeList, "a b\na a\nb c 0\nb a\nc a\n", 5, "edges", TooLarge)
            .limits(edges2)
            .graph_only(),
        // Interaction CSV.
        case("CSV short row", C::Truncated, Csv, "actor,target,kind\n\na,b,like\nc,d\n", 4, "found 2", Parse),
        case("CSV open quote at the end", C::Truncated, Csv, "actor,target\na,b\n\"c,d\n", 3, "found 1", Parse),
        case("CSV long row", C::Columns, Csv, "actor,target\na,b\nc,d,e\n", 3, "expected 2 fields", Parse),
        case("CSV bad weight", C::BadNumber, Csv, "actor,target,weight\na,b,1\n\nc,d,heavy\n", 4, "\"heavy\"", Parse),
        case("CSV bad time", C::BadNumber, Csv, "actor,target,time\na,b,2023-02-30\n", 2, "\"2023-02-30\"", Parse),
        case("CSV NaN weight", C::NaN, Csv, "actor,target,weight\na,b,NaN\n", 2, "invalid weight NaN", Weight),
        case("CSV inf weight", C::Infinity, Csv, "actor,target,weight\na,b,inf\n", 2, "invalid weight inf", Weight),
        case("CSV -inf weight", C::Infinity, Csv, "actor,target,weight\na,b,-inf\n", 2, "invalid weight -inf", Weight),
        case("CSV 1e999 weight", C::Overflow, Csv, "actor,target,weight\na,b,1e999\n", 2, "weight 1e999", Weight),
        case("CSV negative weight", C::Negative, Csv, "actor,target,weight\na,b,-1\n", 2, "invalid weight -1", Weight),
        case("empty CSV", C::Empty, Csv, "", 1, "no interactions found in {file} (the input is empty)", Parse),
        case("header-only CSV", C::HeaderOnly, Csv, "actor,target\n", 1, "its only line is the header", Parse),
        case("header and blanks", C::HeaderOnly, Csv, "actor,target\n\n\n", 3, "only a header and blank", Parse),
        case("BOM CRLF header only", C::Bom, Csv, "\u{feff}actor,target\r\n", 1, "its only line is the header", Parse),
        case("CSV CRLF bad weight", C::Crlf, Csv, "actor,target,weight\r\na,b,1\r\n\r\nc,d,x\r\n", 4, "\"x\"", Parse),
        case("CSV missing target", C::Columns, Csv, "actor,kind\na,like\n", 1, "missing column \"target\"", Parse),
        case("CSV unknown column", C::Other, Csv, "actor,target,score\na,b,1\n", 1, "unknown column \"score\"", Parse),
        case("CSV repeated column", C::Other, Csv, "actor,target,source\na,b,c\n", 1, "\"source\"", Parse),
        case("CSV empty actor", C::Other, Csv, "actor,target\n,b\n", 2, "the actor is empty", Parse),
        case("CSV after multi-line cell", C::Other, Csv, "actor,target,time\n\"a\nb\",c,1\nd,e,x\n", 4, "\"x\"", Parse),
        case("non-UTF-8 CSV cell", C::NotUtf8, Csv, b"actor,target\na,b\nc,\xFE\n".to_vec(), 3, "0xFE", Parse),
        case("non-UTF-8 CSV header", C::NotUtf8, Csv, b"act\xC3or,target\na,b\n".to_vec(), 1, "0xC3", Parse),
        case("CSV 1 MB id", C::HugeId, Csv, with_huge_id("actor,target\na,b\n", ",b\n"), 3, RECORD_LIMIT, TooLarge),
        case("CSV user limit", C::Limit, Csv, "actor,target\na,b\nc,a\n", 3, "too many users: more than 2", TooLarge)
            .limits(users2),
        case("CSV edge limit", C::Limit, Csv, "actor,target\na,b\nb,a\n\na,b\n", 5, "more than 2", TooLarge)
            .limits(edges2),
        // JSON lines.
        case(
            "truncated JSON",
            C::Truncated,
            Jsonl,
            "{\"actor\": \"a\", \"target\": \"b\"}\n{\"actor\": \"a\",\n",
            2,
            "EOF while parsing",
            Parse,
        ),
        case(
            "JSON cut at the end",
            C::Truncated,
            Jsonl,
            "{\"actor\": \"a\", \"target\": \"b\"}\n{\"actor\": \"a\", \"tar",
            2,
            "\"tar",
            Parse,
        ),
        case("JSONL missing target", C::Columns, Jsonl, "{\"actor\": \"a\"}\n", 1, "missing key \"target\"", Parse),
        case(
            "JSONL unknown key",
            C::Columns,
            Jsonl,
            "\n{\"actor\": \"a\", \"target\": \"b\", \"likes\": 3}\n",
            2,
            "\"likes\"",
            Parse,
        ),
        case(
            "JSONL weight as string",
            C::BadNumber,
            Jsonl,
            "{\"actor\": \"a\", \"target\": \"b\", \"weight\": \"2\"}",
            1,
            "weight \"2\" must be",
            Parse,
        ),
        case(
            "JSONL NaN",
            C::NaN,
            Jsonl,
            "{\"actor\": \"a\", \"target\": \"b\", \"weight\": NaN}",
            1,
            "\\\"weight\\\": NaN}",
            Parse,
        ),
        case(
            "JSONL Infinity",
            C::Infinity,
            Jsonl,
            "{\"actor\": \"a\", \"target\": \"b\", \"weight\": Infinity}",
            1,
            "Infinity",
            Parse,
        ),
        case(
            "JSONL 1e999",
            C::Overflow,
            Jsonl,
            "{\"actor\": \"a\", \"target\": \"b\", \"weight\": 1e999}",
            1,
            "number out of range",
            Parse,
        ),
        case(
            "JSONL negative weight",
            C::Negative,
            Jsonl,
            "{\"actor\": \"a\", \"target\": \"b\", \"weight\": -1}",
            1,
            "invalid weight -1",
            Weight,
        ),
        case(
            "JSONL fractional time",
            C::BadNumber,
            Jsonl,
            "{\"actor\": \"a\", \"target\": \"b\", \"time\": 1.5}",
            1,
            "time 1.5",
            Parse,
        ),
        case(
            "JSONL bad date",
            C::Other,
            Jsonl,
            "{\"actor\": \"a\", \"target\": \"b\", \"time\": \"2024-1-1\"}",
            1,
            "\"2024-1-1\"",
            Parse,
        ),
        case("JSONL not an object", C::Other, Jsonl, "[\"a\", \"b\"]\n", 1, "expected a JSON object", Parse),
        case("JSONL fractional id", C::Other, Jsonl, "{\"actor\": 1.5, \"target\": \"b\"}", 1, "actor 1.5", Parse),
        case("empty JSONL", C::Empty, Jsonl, "", 1, "no interactions found in {file} (the input is empty)", Parse),
        case("JSONL only blank lines", C::Empty, Jsonl, "\n  \n", 2, "no interactions found", Parse),
        case(
            "JSONL BOM CRLF bad line",
            C::Bom,
            Jsonl,
            "\u{feff}{\"actor\": \"a\", \"target\": \"b\"}\r\n{\"actor\": 2.5, \"target\": \"b\"}\r\n",
            2,
            "actor 2.5",
            Parse,
        ),
        case(
            "non-UTF-8 JSONL",
            C::NotUtf8,
            Jsonl,
            b"{\"actor\": \"\xC3\", \"target\": \"b\"}\n".to_vec(),
            1,
            "0xC3",
            Parse,
        ),
        case(
            "JSONL 1 MB id",
            C::HugeId,
            Jsonl,
            with_huge_id("{\"actor\": \"", "\", \"target\": \"b\"}\n"),
            1,
            LINE_LIMIT,
            TooLarge,
        ),
        case(
            "JSONL user limit",
            C::Limit,
            Jsonl,
            "{\"actor\": \"a\", \"target\": \"b\"}\n{\"actor\": \"b\", \"target\": \"c\"}\n",
            2,
            "users: more than 2",
            TooLarge,
        )
        .limits(users2),
        // Personalization.
        case("seed with 3 fields", C::Columns, Personalization, "ann 1 2\n", 1, "found 3: \"ann 1 2\"", Parse),
        case("seed bad weight", C::BadNumber, Personalization, "ann 1\nbob lots\n", 2, "weight \"lots\"", Parse),
        case("seed NaN", C::NaN, Personalization, "ann NaN\n", 1, "invalid weight NaN", Weight),
        case("seed inf", C::Infinity, Personalization, "ann 1\nbob inf\n", 2, "invalid weight inf", Weight),
        case("seed -inf", C::Infinity, Personalization, "ann -inf\n", 1, "invalid weight -inf", Weight),
        case("seed negative", C::Negative, Personalization, "ann 1\nbob -1\n", 2, "invalid weight -1", Weight),
        case(
            "seed sum overflows",
            C::Overflow,
            Personalization,
            "ann 1e308\ncy 1\nbob 1e308\n",
            3,
            "invalid weight 1e308: the personalization weights sum past the largest number (1.7976931348623157e308) at user \"bob\"",
            Weight,
        ),
        case(
            "seeds empty",
            C::Empty,
            Personalization,
            "",
            1,
            "no personalization entries found in {file} (the input is empty)",
            Parse,
        ),
        case(
            "seeds only comment",
            C::Empty,
            Personalization,
            "# nobody\n",
            1,
            "no personalization entries found",
            Parse,
        ),
        case(
            "seeds header",
            C::HeaderOnly,
            Personalization,
            "user weight\n",
            1,
            "weight \"weight\" is not a number",
            Parse,
        ),
        case(
            "seeds BOM CRLF bad line",
            C::Crlf,
            Personalization,
            "\u{feff}ann 1\r\nbob x\r\n",
            2,
            "weight \"x\"",
            Parse,
        ),
        case("non-UTF-8 seeds", C::NotUtf8, Personalization, b"# ok\n\xE9ve 1\n".to_vec(), 2, "0xE9", Parse),
        case("seeds 1 MB id", C::HugeId, Personalization, with_huge_id("ann 1\n", " 1\n"), 2, LINE_LIMIT, TooLarge),
        case("seeds limit", C::Limit, Personalization, "ann 1\nbob 1\nann 1\n", 3, "users: more than 2", TooLarge)
            .limits(users2),
        case(
            "unknown seed",
            C::UnknownUser,
            Seeds,
            "ann 1\n\nzed 2\n",
            3,
            "unknown user \"zed\" in personalization",
            UnknownUser,
        ),
        case(
            "all-zero seeds",
            C::AllZero,
            Seeds,
            "ann 0\nbob 0\n# end\n",
            3,
            "invalid weight 0: every personalization weight is 0",
            Weight,
        ),
        case("overflowing seeds", C::Overflow, Seeds, "ann 1e308\nbob 1e308\n", 2, "at user \"bob\"", Weight),
        // User facts.
        case("facts short row", C::Truncated, Facts, "user,network,posts\nann,x\n", 2, "found 2", Parse),
        case("facts long row", C::Columns, Facts, "user,network\nann,x,3\n", 2, "found 3", Parse),
        case("facts missing network", C::Columns, Facts, "user,posts\nann,3\n", 1, "missing column \"network\"", Parse),
        case(
            "facts bad count",
            C::BadNumber,
            Facts,
            "user,network,posts\nann,x,lots\n",
            2,
            "posts \"lots\" is not a whole number",
            Parse,
        ),
        case(
            "facts fractional count",
            C::BadNumber,
            Facts,
            "user,network,posts\nann,x,1.5\n",
            2,
            "posts \"1.5\" is not a whole number",
            Parse,
        ),
        case(
            "facts NaN",
            C::NaN,
            Facts,
            "user,network,audience\nann,x,NaN\n",
            2,
            "audience \"NaN\" is not a whole number",
            Parse,
        ),
        case(
            "facts inf",
            C::Infinity,
            Facts,
            "user,network,audience\nann,x,inf\n",
            2,
            "audience \"inf\" is not a whole number",
            Parse,
        ),
        case(
            "facts negative",
            C::Negative,
            Facts,
            "user,network,posts\nann,x,1\nbob,x,-3\n",
            3,
            "posts \"-3\" is negative",
            Parse,
        ),
        case(
            "facts overflow",
            C::Overflow,
            Facts,
            "user,network,posts\nann,x,18446744073709551616\n",
            2,
            "\"18446744073709551616\" is too large",
            Parse,
        ),
        case("empty facts", C::Empty, Facts, "", 1, "no user facts found in {file} (the input is empty)", Parse),
        case("header-only facts", C::HeaderOnly, Facts, "user,network,posts\n", 1, "no user facts found", Parse),
        case(
            "facts BOM CRLF repeated pair",
            C::Crlf,
            Facts,
            "\u{feff}user,network\r\nann,x\r\nann,twitter\r\n",
            3,
            "user \"ann\" on twitter is given twice: first on line 2",
            Parse,
        ),
        case("facts empty user", C::Other, Facts, "user,network\n,x\n", 2, "the user is empty", Parse),
        case("non-UTF-8 facts", C::NotUtf8, Facts, b"user,network\nann,x\nb\xFFb,x\n".to_vec(), 3, "0xFF", Parse),
        case("facts 1 MB id", C::HugeId, Facts, with_huge_id("user,network\n", ",x\n"), 2, RECORD_LIMIT, TooLarge),
        case(
            "facts user limit",
            C::Limit,
            Facts,
            "user,network\na,x\nb,x\na,fb\nc,x\n",
            5,
            "users: more than 2",
            TooLarge,
        )
        .limits(users2),
        // Scores.
        case("scores short line", C::Truncated, TSV, "ann\t99\t1\nbob\t50\n", 2, "found 2: \"bob\\t50\"", Parse),
        case("scores long line", C::Columns, TSV, "ann\t99\t1\t0\n", 1, "found 4", Parse),
        case("scores bad number", C::BadNumber, TSV, "ann\thigh\t1\n", 1, "score \"high\" is not a number", Parse),
        case("scores NaN", C::NaN, TSV, "ann\tNaN\t1\n", 1, "score NaN of user \"ann\"", Parse),
        case("scores inf raw", C::Infinity, TSV, "ann\t50\tinf\n", 1, "raw influence inf of user \"ann\"", Parse),
        case("scores -inf raw", C::Infinity, TSV, "ann\t50\t-inf\n", 1, "raw influence -inf", Parse),
        case("scores negative raw", C::Negative, TSV, "ann\t50\t1\nbob\t40\t-0.5\n", 2, "raw influence -0.5", Parse),
        case(
            "scores zero score",
            C::Zero,
            TSV,
            "ann\t0\t1\n",
            1,
            "score 0 of user \"ann\" is not a number from 1 to 100",
            Parse,
        ),
        case("scores CRLF bad line", C::Crlf, TSV, "ann\t99\t1\r\nbob\t101\t1\r\n", 2, "score 101", Parse),
        case("non-UTF-8 scores", C::NotUtf8, TSV, b"ann\t99\t1\n\xFF\t50\t1\n".to_vec(), 2, "0xFF", Parse),
        case("scores 1 MB id", C::HugeId, TSV, with_huge_id("ann\t99\t1\n", "\t50\t1\n"), 2, LINE_LIMIT, TooLarge),
        case("scores limit", C::Limit, TSV, "a\t99\t1\nb\t50\t1\nc\t40\t0\n", 3, "users: more than 2", TooLarge)
            .limits(users2),
        case(
            "empty scores CSV",
            C::Empty,
            SCSV,
            "",
            1,
            "the input is empty: expected the header user,score,raw",
            Parse,
        ),
        case("scores CSV short row", C::Truncated, SCSV, "user,score,raw\nann,99\n", 2, "found 2", Parse),
        case("scores CSV missing raw", C::Columns, SCSV, "user,score\nann,99\n", 1, "missing column \"raw\"", Parse),
        case(
            "scores CSV NaN raw",
            C::NaN,
            SCSV,
            "\u{feff}user,score,raw\r\nann,99,NaN\r\n",
            2,
            "raw influence NaN",
            Parse,
        ),
        case(
            "scores CSV 1 MB id",
            C::HugeId,
            SCSV,
            with_huge_id("user,score,raw\n", ",99,1\n"),
            2,
            RECORD_LIMIT,
            TooLarge,
        ),
        case(
            "scores JSON truncated",
            C::Truncated,
            JSON,
            "[\n {\"user\": \"a\", \"score\": 50, \"raw\": 1},\n {\"user\": \"b\"",
            3,
            "the input ends inside the JSON array",
            Parse,
        ),
        case(
            "scores JSON NaN",
            C::NaN,
            JSON,
            "[\n{\"user\": \"a\", \"score\": NaN, \"raw\": 1}]",
            2,
            "\"score\\\": NaN",
            Parse,
        ),
        case(
            "scores JSON 1e999",
            C::Overflow,
            JSON,
            "[{\"user\": \"a\", \"score\": 50, \"raw\": 1e999}]",
            1,
            "number out of range, in",
            Parse,
        ),
        case(
            "scores JSON missing key",
            C::Columns,
            JSON,
            "[{\"user\": \"a\", \"score\": 50}]",
            1,
            "missing key \"raw\"",
            Parse,
        ),
        case("scores JSON empty", C::Empty, JSON, "  \n", 2, "the input is empty: expected a JSON array", Parse),
        case(
            "scores JSON 1 MB id",
            C::HugeId,
            JSON,
            with_huge_id("[\n{\"user\": \"", "\", \"score\": 50, \"raw\": 1}]"),
            2,
            "array element (is a string left open?): more than 65536",
            TooLarge,
        ),
    ]
}

/// The graph [`Reader::Seeds`] reads against.
fn graph() -> InfluenceGraph {
    let mut b = GraphBuilder::default();
    b.add_edge("ann", "bob", 1.0).unwrap();
    b.add_edge("cy", "bob", 1.0).unwrap();
    b.build().unwrap()
}

/// Reads `c` from memory or (with `path`) from that file, with its limits.
fn read(c: &Case, path: Option<&Path>) -> Result<(), Error> {
    let input = &c.input[..];
    let open = |p: &Path| File::open(p).unwrap();
    let mut builder = GraphBuilder::new(GraphConfig::default().limits(c.limits)).unwrap();
    match (c.reader, path) {
        (EdgeList | Csv | Jsonl, Some(p)) => io::load_file(p, InputFormat::Auto, &mut builder).map(drop),
        (EdgeList, None) => io::load_edge_list(input, None, &mut builder).map(drop),
        (Csv, None) => io::load_csv(input, None, &mut builder).map(drop),
        (Jsonl, None) => io::load_jsonl(input, None, &mut builder).map(drop),
        (Personalization, Some(p)) => {
            io::Reader::default().limits(c.limits).read_personalization(open(p), Some(p)).map(drop)
        }
        (Personalization, None) => io::Reader::default().limits(c.limits).read_personalization(input, None).map(drop),
        (Seeds, p) => {
            let g = graph();
            match p {
                Some(p) => {
                    io::Reader::default().limits(c.limits).read_personalization_for(open(p), Some(p), &g).map(drop)
                }
                None => io::Reader::default().limits(c.limits).read_personalization_for(input, None, &g).map(drop),
            }
        }
        (Facts, Some(p)) => io::Reader::default().limits(c.limits).read_facts_file(p).map(drop),
        (Facts, None) => io::Reader::default().limits(c.limits).read_facts(input, None).map(drop),
        (Scores(format), Some(p)) => {
            io::Reader::default().limits(c.limits).read_scores(open(p), format, Some(p)).map(drop)
        }
        (Scores(format), None) => io::Reader::default().limits(c.limits).read_scores(input, format, None).map(drop),
    }
}

/// The same input through the readers that return interaction records,
/// which must fail the same way.
fn read_records(c: &Case, path: Option<&Path>) -> Option<Result<(), Error>> {
    let format = match c.reader {
        EdgeList => InputFormat::EdgeList,
        Csv => InputFormat::Csv,
        Jsonl => InputFormat::JsonLines,
        _ => return None,
    };
    Some(match path {
        Some(p) => io::Reader::default().limits(c.limits).format(format).collect_file(p).map(drop),
        None => io::Reader::default().limits(c.limits).format(format).collect(&c.input[..], None).map(drop),
    })
}

fn kind_of(err: &Error) -> Option<Kind> {
    match err.kind() {
        ErrorKind::Parse { .. } => Some(Parse),
        ErrorKind::InvalidWeight { .. } => Some(Weight),
        ErrorKind::TooLarge { .. } => Some(TooLarge),
        ErrorKind::UnknownUser { .. } => Some(UnknownUser),
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
    let file = path.map_or_else(|| String::from("<input>"), |p| p.display().to_string());
    let contains = c.contains.replace("{file}", &file);
    assert!(message.contains(&contains), "{}: {message:.300} lacks {contains:?}", c.name);
    assert!(message.starts_with(&format!("{file}:{}: ", c.line)), "{}: {message:.300}", c.name);
    assert!(message.len() < 1000, "{}: the message quotes too much: {message:.300}...", c.name);
    assert_eq!(kind_of(&err), Some(c.kind), "{}: {:?}", c.name, err.kind());
}

#[test]
fn malformed_inputs_name_file_line_and_text() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let dir = tempfile::tempdir().unwrap();
    for (i, c) in cases.iter().enumerate() {
        check(c, read(c, None), None);
        let ext = match c.reader {
            EdgeList => "txt",
            Csv | Facts | Scores(OutputFormat::Csv) => "csv",
            Jsonl => "jsonl",
            Personalization | Seeds => "seeds",
            Scores(OutputFormat::Json) => "json",
            Scores(_) => "tsv",
        };
        let path = dir.path().join(format!("case{i}.{ext}"));
        std::fs::write(&path, &c.input).unwrap();
        check(c, read(c, Some(&path)), Some(&path));
        if c.records_too {
            for p in [None, Some(path.as_path())] {
                if let Some(result) = read_records(c, p) {
                    check(c, result, p);
                }
            }
        }
    }
}

/// Every category of the issue is covered for every reader it applies to.
#[test]
fn every_category_meets_every_reader() {
    let cases = cases();
    let covered =
        |reader: Reader, category: Category| cases.iter().any(|c| c.reader == reader && c.category == category);
    let everywhere = [C::Truncated, C::Columns, C::BadNumber, C::NaN, C::Infinity, C::NotUtf8, C::HugeId];
    let readers = [EdgeList, Csv, Jsonl, Personalization, Facts, TSV];
    for reader in readers {
        for category in everywhere {
            // A seed line cannot be cut short: a user alone weighs 1.
            if (reader, category) == (Personalization, C::Truncated) {
                continue;
            }
            assert!(covered(reader, category), "{reader:?} lacks {category:?}");
        }
        // No scores at all is valid TSV (see ACCEPTED); CSV and JSON scores
        // need their header or brackets.
        if reader != TSV {
            assert!(covered(reader, C::Empty), "{reader:?} lacks an empty input");
        }
        // A BOM and CRLF are accepted everywhere (see ACCEPTED); here they
        // surround an error that must still name its line.
        assert!(covered(reader, C::Bom) || covered(reader, C::Crlf), "{reader:?} lacks BOM/CRLF");
        assert!(covered(reader, C::Limit) || covered(reader, C::HugeId), "{reader:?} lacks a limit");
    }
    for reader in [EdgeList, Csv, Jsonl, Personalization, Facts, TSV] {
        assert!(covered(reader, C::Negative), "{reader:?} lacks a negative value");
    }
    for reader in [EdgeList, Csv, Jsonl, Personalization, Facts, JSON] {
        assert!(covered(reader, C::Overflow), "{reader:?} lacks an overflow");
    }
    for reader in [EdgeList, Csv, Personalization, Facts] {
        assert!(covered(reader, C::HeaderOnly), "{reader:?} lacks a header-only file");
    }
    for reader in [SCSV, JSON] {
        for category in [C::Truncated, C::Columns, C::NaN, C::HugeId, C::Empty] {
            assert!(covered(reader, category), "{reader:?} lacks {category:?}");
        }
    }
    assert!(covered(Seeds, C::UnknownUser) && covered(Seeds, C::AllZero));
    assert!(covered(TSV, C::Zero));
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

/// An input that is `line` repeated `copies` times, generated as it is
/// read, so that ten million lines cost no memory of their own.
struct Repeated {
    line: &'static [u8],
    copies: u64,
    at: usize,
}

impl Repeated {
    fn new(line: &'static str, copies: u64) -> Repeated {
        Repeated { line: line.as_bytes(), copies, at: 0 }
    }
}

impl Read for Repeated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() && self.copies > 0 {
            let k = (self.line.len() - self.at).min(buf.len() - n);
            buf[n..n + k].copy_from_slice(&self.line[self.at..self.at + k]);
            (n, self.at) = (n + k, self.at + k);
            if self.at == self.line.len() {
                (self.at, self.copies) = (0, self.copies - 1);
            }
        }
        Ok(n)
    }
}

/// Ten million copies of one edge build one edge with the summed weight. The
/// builder holds each copy until `build` merges them (16 bytes each, so the
/// order of the input cannot change the sum), so in debug builds, where ten
/// million lines take about 17 s, the test reads one million; release builds
/// read all ten million.
#[test]
fn copies_of_one_edge_build_one_edge_with_the_summed_weight() {
    let copies: u64 = if cfg!(debug_assertions) { 1_000_000 } else { 10_000_000 };
    let graph = io::read_edge_list(Repeated::new("ann bob 1\n", copies), None).unwrap();
    assert_eq!((graph.user_count(), graph.edge_count()), (2, 1));
    assert_eq!(graph.stats().merged, copies - 1);
    let bob = graph.user_index("bob").unwrap();
    assert_eq!(graph.combined().in_edges(bob).collect::<Vec<_>>(), [(0, copies as f64)]);
}

/// A hostile file of ten million copies stops at the edge limit: the reader
/// reads no further than the line that crosses it.
#[test]
fn ten_million_copies_stop_at_the_edge_limit() {
    let config = GraphConfig::default().limits(Limits::default().max_edges(1000));
    let mut builder = GraphBuilder::new(config).unwrap();
    let mut input = Repeated::new("ann bob 1\n", 10_000_000);
    let err = io::load_edge_list(&mut input, Some(Path::new("copies.txt")), &mut builder).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooLarge { what: influence::Counted::Edges, limit: 1000 }), "{err}");
    assert_eq!(err.to_string(), "copies.txt:1001: too many edges: more than 1000");
    // The line reader's buffer is all that was read ahead.
    assert!(input.copies > 10_000_000 - 100_000, "{} copies left", input.copies);
    let err = io::Reader::default()
        .format(InputFormat::EdgeList)
        .limits(Limits::default().max_edges(1000))
        .collect(Repeated::new("ann bob 1\n", 10_000_000), None)
        .unwrap_err();
    assert_eq!(err.to_string(), "<input>:1001: too many edges: more than 1000");
}

/// Weights that only overflow when summed are an `InvalidWeight` naming
/// both users; the sum spans many lines, so there is no line to name.
#[test]
fn copies_whose_weights_sum_past_f64_max_name_both_users() {
    let err = io::read_edge_list(Repeated::new("ann bob 1e306\n", 1000), None).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidWeight { .. }), "{err}");
    assert_eq!(err.position(), None);
    assert_eq!(
        err.to_string(),
        "invalid weight inf: the summed weight of the interactions of \"ann\" with \"bob\" overflowed"
    );
}

#[test]
fn an_endless_line_is_an_error_not_an_allocation() {
    struct Endless(u64);
    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            buf.fill(b'x');
            self.0 += buf.len() as u64;
            Ok(buf.len())
        }
    }
    for (format, head) in [
        (InputFormat::EdgeList, "a b\n\n"),
        (InputFormat::JsonLines, "{\"actor\": \"a\", \"target\": \"b\"}\n\n"),
        (InputFormat::Csv, "actor,target\na,b\n"),
    ] {
        let mut endless = Endless(0);
        let input = head.as_bytes().chain(&mut endless);
        let err = io::Reader::default().format(format).collect(input, None).unwrap_err();
        assert_eq!(err.position().map(|p| p.line()), Some(3), "{format}: {err}");
        assert!(matches!(err.kind(), ErrorKind::TooLarge { limit: 65536, .. }), "{format}: {err}");
        assert!(endless.0 < 1 << 20, "{format}: read {} bytes of one line", endless.0);
    }
}

#[test]
fn an_unclosed_csv_quote_is_an_error_not_an_allocation() {
    let mut input = b"actor,target\na,b\n\"c,d\n".to_vec();
    input.extend(std::iter::repeat_n(b"x,y\n".as_slice(), (1 << 18) + 1).flatten());
    let err = io::read_interactions_csv(&input[..], None).unwrap_err();
    assert_eq!(err.position().map(|p| p.line()), Some(3));
    assert!(err.to_string().contains("quote left open"), "{err}");
}

/// Errors that concern a whole input or a configuration rather than a
/// line: the builder's and PageRank's, each of the right kind, naming the
/// offending value.
#[test]
fn builder_and_pagerank_config_errors_name_the_value() {
    type Check = (&'static str, fn() -> Result<(), Error>, &'static str);
    fn edge(w: f64) -> Result<(), Error> {
        GraphBuilder::default().add_edge("a", "b", w)
    }
    fn rank(config: PageRankConfig) -> Result<(), Error> {
        config.run(&graph()).map(drop)
    }
    fn empty_graph() -> Result<(), Error> {
        GraphBuilder::default().build().map(drop)
    }
    fn self_loops() -> Result<(), Error> {
        io::read_edge_list("a a\n# c\nb b 2\n".as_bytes(), None).map(drop)
    }
    fn one_self_loop_csv() -> Result<(), Error> {
        let mut b = GraphBuilder::default();
        io::load_csv("actor,target\nann,ann\n".as_bytes(), None, &mut b)?;
        b.build().map(drop)
    }
    fn overflow_across_networks() -> Result<(), Error> {
        let input = "actor,target,network,weight\nann,bob,x,1e308\nann,bob,facebook,1e308\n";
        let mut b = GraphBuilder::default();
        io::load_csv(input.as_bytes(), None, &mut b)?;
        b.build().map(drop)
    }
    fn users_limit() -> Result<(), Error> {
        let mut b = GraphBuilder::new(GraphConfig::default().limits(Limits::default().max_users(1)))?;
        b.add_user("ann")?;
        b.add_user("ann")?;
        b.add_user("bob").map(drop)
    }
    fn edges_by_index_limit() -> Result<(), Error> {
        let mut b = GraphBuilder::new(GraphConfig::default().limits(Limits::default().max_edges(1)))?;
        b.add_user("ann")?;
        b.add_user("bob")?;
        b.add_edge_by_index(0, 1, 1.0)?;
        b.add_edge_by_index(1, 0, 1.0)
    }
    fn follows_limit() -> Result<(), Error> {
        let weights = KindWeights::default().set(&InteractionKind::Follow, 0.0);
        let limits = Limits::default().max_edges(1);
        let mut b = GraphBuilder::new(GraphConfig::default().kind_weights(weights).limits(limits))?;
        let follow = |a: &str, t: &str| Interaction::new(a, t).kind(InteractionKind::Follow);
        b.add_interaction(&follow("ann", "bob"))?;
        b.add_interaction(&follow("bob", "ann"))
    }
    let table: &[Check] = &[
        ("empty graph", empty_graph, "the graph is empty: it has no users: no interaction or edge was added"),
        ("only self-loops", self_loops, "it has no edges: each of the 2 interactions was a self-interaction"),
        ("one self-loop", one_self_loop_csv, "it has no edges: its only interaction was a self-interaction"),
        ("overflow across networks", overflow_across_networks, "interactions of \"ann\" with \"bob\" overflowed"),
        ("NaN edge", || edge(f64::NAN), "invalid weight NaN: weights must be numbers"),
        ("infinite edge", || edge(f64::INFINITY), "invalid weight inf: weights must be finite"),
        ("-infinite edge", || edge(f64::NEG_INFINITY), "invalid weight -inf"),
        ("negative edge", || edge(-0.5), "invalid weight -0.5: weights must not be negative"),
        (
            "negative interaction",
            || GraphBuilder::default().add_interaction(&Interaction::new("a", "b").weight(-2.0)),
            "invalid weight -2",
        ),
        (
            "negative kind weight",
            || {
                GraphBuilder::new(
                    GraphConfig::default().kind_weights(KindWeights::default().set(&InteractionKind::Like, -1.0)),
                )
                .map(drop)
            },
            "invalid kind weight like=-1",
        ),
        (
            "NaN kind weight",
            || {
                GraphBuilder::new(
                    GraphConfig::default().kind_weights(KindWeights::default().set(&InteractionKind::Reply, f64::NAN)),
                )
                .map(drop)
            },
            "invalid kind weight reply=NaN",
        ),
        ("users limit", users_limit, "too many users: more than 1"),
        ("edges limit", edges_by_index_limit, "too many edges: more than 1"),
        ("follows limit", follows_limit, "too many edges: more than 1"),
        (
            "damping 0",
            || rank(PageRankConfig::default().damping(0.0)),
            "invalid damping 0: must lie strictly between 0 and 1",
        ),
        ("damping 1", || rank(PageRankConfig::default().damping(1.0)), "invalid damping 1:"),
        ("damping -0.5", || rank(PageRankConfig::default().damping(-0.5)), "invalid damping -0.5:"),
        ("damping 1.5", || rank(PageRankConfig::default().damping(1.5)), "invalid damping 1.5:"),
        ("damping NaN", || rank(PageRankConfig::default().damping(f64::NAN)), "invalid damping NaN:"),
        (
            "tolerance 0",
            || rank(PageRankConfig::default().tolerance(0.0)),
            "invalid tolerance 0: must be a finite number greater than 0",
        ),
        ("tolerance < 0", || rank(PageRankConfig::default().tolerance(-1e-9)), "invalid tolerance -0.000000001:"),
        ("tolerance NaN", || rank(PageRankConfig::default().tolerance(f64::NAN)), "invalid tolerance NaN:"),
        ("tolerance inf", || rank(PageRankConfig::default().tolerance(f64::INFINITY)), "invalid tolerance inf:"),
        ("no iterations", || rank(PageRankConfig::default().max_iterations(0)), "invalid max_iterations 0"),
        (
            "unknown seed",
            || rank(PageRankConfig::default().personalization([("zed", 1.0)])),
            "unknown user \"zed\" in personalization",
        ),
        (
            "all-zero seeds",
            || rank(PageRankConfig::default().personalization([("ann", 0.0), ("bob", 0.0)])),
            "the personalization weights must not all be 0",
        ),
        ("NaN seed", || rank(PageRankConfig::default().personalization([("ann", f64::NAN)])), "invalid weight NaN"),
        (
            "seeds overflowing",
            || rank(PageRankConfig::default().personalization([("ann", f64::MAX), ("bob", f64::MAX)])),
            "invalid weight inf: the personalization weights sum past the largest number",
        ),
    ];
    let expected_kind = |name: &str| match name {
        "empty graph" | "only self-loops" | "one self-loop" => "EmptyGraph",
        "users limit" | "edges limit" | "follows limit" => "TooLarge",
        "unknown seed" => "UnknownUser",
        n if n.contains("damping") || n.contains("tolerance") || n.contains("kind weight") || n == "no iterations" => {
            "InvalidConfig"
        }
        _ => "InvalidWeight",
    };
    for (name, run, contains) in table {
        let err = match run() {
            Ok(()) => panic!("{name}: expected an error"),
            Err(e) => e,
        };
        let kind = format!("{:?}", err.kind());
        assert!(kind.starts_with(expected_kind(name)), "{name}: {kind}");
        assert!(err.to_string().contains(contains), "{name}: {err} lacks {contains:?}");
        assert_eq!(err.position(), None, "{name}: {err}");
    }
}

/// The source files whose documentation the accepted cases quote.
const SOURCES: &[(&str, &str)] = &[
    ("src/io/edgelist.rs", include_str!("../src/io/edgelist.rs")),
    ("src/io/csv.rs", include_str!("../src/io/csv.rs")),
    ("src/io/jsonl.rs", include_str!("../src/io/jsonl.rs")),
    ("src/io/personalization.rs", include_str!("../src/io/personalization.rs")),
    ("src/io/facts.rs", include_str!("../src/io/facts.rs")),
    ("src/io/scores.rs", include_str!("../src/io/scores.rs")),
    ("src/io/users.rs", include_str!("../src/io/users.rs")),
    ("src/graph/builder.rs", include_str!("../src/graph/builder.rs")),
    ("src/graph/config.rs", include_str!("../src/graph/config.rs")),
    ("src/io/limits.rs", include_str!("../src/io/limits.rs")),
    ("src/io/reader.rs", include_str!("../src/io/reader.rs")),
    ("src/interaction.rs", include_str!("../src/interaction.rs")),
];

/// The documentation comments (`///`, `//!`) of a source file as one line,
/// whitespace collapsed.
fn doc_text(source: &str) -> String {
    let lines = source.lines().filter_map(|l| {
        let l = l.trim_start();
        l.strip_prefix("///").or_else(|| l.strip_prefix("//!"))
    });
    lines.flat_map(str::split_whitespace).collect::<Vec<_>>().join(" ")
}

/// An input accepted on purpose: what the check reads, and the sentence of
/// the file's documentation that makes it a choice rather than an accident.
struct Accepted {
    name: &'static str,
    file: &'static str,
    says: &'static str,
    check: fn() -> Result<(), Error>,
}

fn edges(input: &str) -> Result<InfluenceGraph, Error> {
    io::read_edge_list(input.as_bytes(), None)
}

fn csv(input: &str) -> Result<Vec<Interaction>, Error> {
    io::read_interactions_csv(input.as_bytes(), None)
}

fn jsonl(input: &str) -> Result<Vec<Interaction>, Error> {
    io::read_interactions_jsonl(input.as_bytes(), None)
}

fn seeds(input: &str) -> Result<Vec<(String, f64)>, Error> {
    io::read_personalization(input.as_bytes(), None)
}

/// The edges of `g` as `(source, target, weight)` by id.
fn edge_list(g: &InfluenceGraph) -> Vec<(String, String, f64)> {
    let mut out = Vec::new();
    for t in 0..g.user_count() as u32 {
        for (s, w) in g.combined().in_edges(t) {
            out.push((g.user_id(s).unwrap().to_string(), g.user_id(t).unwrap().to_string(), w));
        }
    }
    out
}

const ACCEPTED: &[Accepted] = &[
    Accepted {
        name: "edge list with a BOM and CRLF",
        file: "src/io/edgelist.rs",
        says: "A UTF-8 byte-order mark and `\\r\\n` line ends are accepted.",
        check: || {
            assert_eq!(edge_list(&edges("\u{feff}a b 2\r\nb c\r\n")?), edge_list(&edges("a b 2\nb c\n")?));
            Ok(())
        },
    },
    Accepted {
        name: "CSV with a BOM and CRLF",
        file: "src/io/csv.rs",
        says: "a UTF-8 byte-order mark and `\\r\\n` line ends are accepted; blank lines are skipped.",
        check: || {
            assert_eq!(csv("\u{feff}actor,target\r\na,b\r\n\r\nb,c\r\n")?, csv("actor,target\na,b\nb,c\n")?);
            Ok(())
        },
    },
    Accepted {
        name: "JSON lines with a BOM and CRLF",
        file: "src/io/jsonl.rs",
        says: "a UTF-8 byte-order mark and `\\r\\n` line ends are accepted.",
        check: || {
            let plain = "{\"actor\": \"a\", \"target\": \"b\"}\n{\"actor\": \"b\", \"target\": \"c\"}\n";
            assert_eq!(jsonl(&format!("\u{feff}{}", plain.replace('\n', "\r\n")))?, jsonl(plain)?);
            Ok(())
        },
    },
    Accepted {
        name: "personalization with a BOM and CRLF",
        file: "src/io/personalization.rs",
        says: "a UTF-8 byte-order mark and `\\r\\n` line ends are accepted.",
        check: || {
            assert_eq!(seeds("\u{feff}ann 1\r\nbob 2\r\n")?, seeds("ann 1\nbob 2\n")?);
            Ok(())
        },
    },
    Accepted {
        name: "facts with a BOM and CRLF",
        file: "src/io/facts.rs",
        says: "Quoting, a UTF-8 byte-order mark, `\\r\\n` line ends and blank lines are handled as by",
        check: || {
            let plain = io::read_facts_from("user,network,posts\nann,x,3\n".as_bytes(), None)?;
            assert_eq!(io::read_facts_from("\u{feff}user,network,posts\r\nann,x,3\r\n".as_bytes(), None)?, plain);
            Ok(())
        },
    },
    Accepted {
        name: "scores with a BOM and CRLF",
        file: "src/io/scores.rs",
        says: "A UTF-8 byte-order mark and `\\r\\n` line ends are accepted in every format.",
        check: || {
            for (format, text) in [
                (OutputFormat::Tsv, "ann\t99\t2\nbob\t1\t0\n"),
                (OutputFormat::Csv, "user,score,raw\nann,99,2\nbob,1,0\n"),
                (
                    OutputFormat::Json,
                    "[\n{\"user\": \"ann\", \"score\": 99, \"raw\": 2},\n{\"user\": \"bob\", \"score\": 1, \"raw\": 0}\n]\n",
                ),
            ] {
                let plain = io::read_scores(text.as_bytes(), format, None)?;
                let dressed = format!("\u{feff}{}", text.replace('\n', "\r\n"));
                assert_eq!(io::read_scores(dressed.as_bytes(), format, None)?, plain, "{format}");
                assert_eq!(plain.len(), 2);
            }
            Ok(())
        },
    },
    Accepted {
        name: "user ids with a BOM and CRLF",
        file: "src/io/users.rs",
        says: "A UTF-8 byte-order mark and `\\r\\n` line ends are accepted.",
        check: || {
            assert_eq!(io::read_user_ids("\u{feff}ann\r\nbob\r\n".as_bytes(), None)?, ["ann", "bob"]);
            Ok(())
        },
    },
    Accepted {
        name: "zero weights keep their users, ignored and counted",
        file: "src/graph/builder.rs",
        says: "A weight of 0 adds both users but no edge (as igraph treats zero weights); it is counted in [`BuildStats::ignored`].",
        check: || {
            let g = edges("a b 0\nb c 1\n")?;
            assert_eq!((g.user_count(), g.edge_count(), g.stats().ignored), (3, 1, 1));
            let mut b = GraphBuilder::default();
            io::load_csv("actor,target,weight\na,b,0\nb,c,1\n".as_bytes(), None, &mut b)?;
            io::load_jsonl("{\"actor\": \"c\", \"target\": \"d\", \"weight\": 0}\n".as_bytes(), None, &mut b)?;
            let g = b.build()?;
            assert_eq!((g.user_count(), g.edge_count(), g.stats().ignored), (4, 1, 2));
            Ok(())
        },
    },
    Accepted {
        name: "only zero weights make a graph without edges",
        file: "src/graph/builder.rs",
        says: "Users added on purpose, or kept by zero weights, make a graph without edges, which is valid.",
        check: || {
            let g = edges("a b 0\nc d 0\n")?;
            assert_eq!((g.user_count(), g.edge_count(), g.stats().ignored), (4, 0, 2));
            let mut b = GraphBuilder::default();
            b.add_user("loner")?;
            b.add_edge("a", "a", 1.0)?;
            assert_eq!(b.build()?.user_count(), 2);
            Ok(())
        },
    },
    Accepted {
        name: "a kind weighted 0 is ignored",
        file: "src/graph/config.rs",
        says: "A weight of 0 makes the builder ignore that kind",
        check: || {
            let weights = KindWeights::default().set(&InteractionKind::Like, 0.0);
            let mut b = GraphBuilder::new(GraphConfig::default().kind_weights(weights))?;
            io::load_csv("actor,target,kind\na,b,like\nb,a,reply\n".as_bytes(), None, &mut b)?;
            let g = b.build()?;
            assert_eq!((g.edge_count(), g.stats().ignored), (1, 1));
            Ok(())
        },
    },
    Accepted {
        name: "self-interactions among edges are dropped and counted",
        file: "src/graph/builder.rs",
        says: "self-interactions and kinds weighted 0 are counted in [`BuildStats`].",
        check: || {
            let g = edges("a a\na b\n")?;
            assert_eq!((g.user_count(), g.edge_count(), g.stats().self_loops_dropped), (2, 1, 1));
            Ok(())
        },
    },
    Accepted {
        name: "repeated edges add up",
        file: "src/io/edgelist.rs",
        says: "so repeated lines add up.",
        check: || {
            assert_eq!(edge_list(&edges("a b 1\na b 2.5\n")?), [("a".into(), "b".into(), 3.5)]);
            Ok(())
        },
    },
    Accepted {
        name: "a seed without a weight",
        file: "src/io/personalization.rs",
        says: "a user alone weighing 1 (so a list of user ids reads too).",
        check: || {
            assert_eq!(seeds("ann 2\n\nbob\n")?, [("ann".into(), 2.0), ("bob".into(), 1.0)]);
            Ok(())
        },
    },
    Accepted {
        name: "a zero personalization weight",
        file: "src/io/personalization.rs",
        says: "A weight of 0 is accepted: that user gets no teleport;",
        check: || {
            assert_eq!(seeds("ann 1\nbob 0\n")?, [("ann".into(), 1.0), ("bob".into(), 0.0)]);
            let ranking = PageRankConfig::default().personalization(seeds("ann 1\nbob 0\n")?).run(&graph())?;
            assert!(ranking.converged());
            Ok(())
        },
    },
    Accepted {
        name: "a personalization user given twice",
        file: "src/io/personalization.rs",
        says: "a user given twice gets the sum",
        check: || {
            let twice = PageRankConfig::default().personalization(seeds("ann 1\nann 2\nbob 1\n")?).run(&graph())?;
            let once = PageRankConfig::default().personalization(seeds("ann 3\nbob 1\n")?).run(&graph())?;
            assert_eq!(twice.scores(), once.scores());
            Ok(())
        },
    },
    Accepted {
        name: "zero posts and audience",
        file: "src/io/facts.rs",
        says: "`posts` and `audience` whole numbers from 0",
        check: || {
            let facts = io::read_facts_from("user,network,posts,audience\nann,x,0,0\n".as_bytes(), None)?;
            assert_eq!((facts[0].posts, facts[0].audience), (Some(0), Some(0)));
            Ok(())
        },
    },
    Accepted {
        name: "a raw influence of 0",
        file: "src/io/scores.rs",
        says: "each raw influence finite and at least 0",
        check: || {
            assert_eq!(io::read_scores("ann\t1\t0\n".as_bytes(), OutputFormat::Tsv, None)?[0].raw, 0.0);
            Ok(())
        },
    },
    Accepted {
        name: "no scores at all",
        file: "src/io/scores.rs",
        says: "An empty result (no line, a header only, `[]`) is valid",
        check: || {
            for (format, text) in
                [(OutputFormat::Tsv, ""), (OutputFormat::Csv, "user,score,raw\n"), (OutputFormat::Json, "[]")]
            {
                assert!(io::read_scores(text.as_bytes(), format, None)?.is_empty(), "{format}");
            }
            Ok(())
        },
    },
    Accepted {
        name: "an unknown kind",
        file: "src/interaction.rs",
        says: "any other non-empty name becomes [`InteractionKind::Other`] with the name in lower case, so exports with new kinds still load",
        check: || {
            assert_eq!(csv("actor,target,kind\na,b,Boost\n")?[0].kind, Some(InteractionKind::Other("boost".into())));
            Ok(())
        },
    },
    Accepted {
        name: "an unknown network",
        file: "src/interaction.rs",
        says: "any other non-empty name becomes [`Network::Other`] in lower case.",
        check: || {
            let records = jsonl("{\"actor\": \"a\", \"target\": \"b\", \"network\": \"Mastodon\"}\n")?;
            assert_eq!(records[0].network, Some(Network::Other("mastodon".into())));
            Ok(())
        },
    },
    Accepted {
        name: "an unknown network in facts",
        file: "src/io/facts.rs",
        says: "A network name this crate does not know is [`Network::Other`], as for interactions.",
        check: || {
            let facts = io::read_facts_from("user,network\nann,Bluesky\n".as_bytes(), None)?;
            assert_eq!(facts[0].network, Network::Other("bluesky".into()));
            Ok(())
        },
    },
    Accepted {
        name: "a 1 MB id under a raised line limit",
        file: "src/io/limits.rs",
        says: "An id of 1 MB is therefore refused by the default limit (at its line) and accepted when the limit is raised above its line's length.",
        check: || {
            let limits = Limits::default().max_line_bytes(2 << 20);
            let id = huge_id();
            let mut b = GraphBuilder::new(GraphConfig::default().limits(limits))?;
            io::load_edge_list(format!("a b\n{id} b\n").as_bytes(), None, &mut b)?;
            io::load_csv(format!("actor,target\n{id},c\n").as_bytes(), None, &mut b)?;
            io::load_jsonl(format!("{{\"actor\": \"c\", \"target\": \"{id}\"}}\n").as_bytes(), None, &mut b)?;
            let g = b.build()?;
            assert_eq!((g.user_count(), g.edge_count()), (4, 4));
            let index = g.user_index(&id).expect("the long id is a user");
            assert_eq!(g.user_id(index), Some(id.as_str()));
            let seeds =
                io::Reader::default().limits(limits).read_personalization(format!("{id} 1\n").as_bytes(), None)?;
            assert_eq!(seeds[0].0.len(), 1 << 20);
            let facts =
                io::Reader::default().limits(limits).read_facts(format!("user,network\n{id},x\n").as_bytes(), None)?;
            assert_eq!(facts[0].user, id);
            let scores = format!("[{{\"user\": \"{id}\", \"score\": 50, \"raw\": 1}}]");
            assert_eq!(
                io::Reader::default().limits(limits).read_scores(scores.as_bytes(), OutputFormat::Json, None)?[0].user,
                id
            );
            Ok(())
        },
    },
    Accepted {
        name: "a header made a comment in an edge list",
        file: "src/io/edgelist.rs",
        says: "A header belongs in a comment",
        check: || {
            assert_eq!(edge_list(&edges("# source target\na b\n")?), [("a".into(), "b".into(), 1.0)]);
            Ok(())
        },
    },
    Accepted {
        name: "a key given twice in a JSON object",
        file: "src/io/jsonl.rs",
        says: "A key given twice in one object counts once, with its last value",
        check: || {
            let records = jsonl("{\"actor\": \"a\", \"target\": \"b\", \"weight\": 1, \"weight\": 2}\n")?;
            assert_eq!(records[0].weight, Some(2.0));
            Ok(())
        },
    },
];

#[test]
fn inputs_accepted_on_purpose_are_documented_and_read() {
    for a in ACCEPTED {
        let source =
            SOURCES.iter().find(|(f, _)| *f == a.file).unwrap_or_else(|| panic!("{}: no {}", a.name, a.file)).1;
        let says = a.says.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(doc_text(source).contains(&says), "{}: {} no longer says {says:?}", a.name, a.file);
        if let Err(e) = (a.check)() {
            panic!("{}: {e}", a.name);
        }
    }
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
    assert!(out.starts_with(b"user\tscore\nplain\t"));
}

#[test]
fn writers_refuse_records_the_readers_would_reject() {
    for bad in [Interaction::new("a", "b").weight(f64::NAN), Interaction::new("", "b")] {
        assert!(io::write_interactions_csv(std::slice::from_ref(&bad), Vec::new()).is_err());
        assert!(io::write_interactions_jsonl(std::slice::from_ref(&bad), Vec::new()).is_err());
    }
}

/// An error says its cause once: an I/O error's message includes the
/// underlying error, so it has no `source()` (a chain printed cause by
/// cause, as `anyhow` and the CLI do, would repeat it otherwise).
#[test]
fn an_io_error_says_its_cause_once() {
    let path = std::path::Path::new("no-such-dir/no-such-file.csv");
    let err = influence::io::read_interactions(path, influence::io::InputFormat::Auto).unwrap_err();
    let influence::ErrorKind::Io { error, path: Some(p) } = err.kind() else { panic!("{err:?}") };
    assert_eq!((error.kind(), p.as_path()), (std::io::ErrorKind::NotFound, path));
    assert!(std::error::Error::source(&err).is_none());
    let text = err.to_string();
    assert_eq!(text.matches(&error.to_string()).count(), 1, "{text}");
    assert!(text.starts_with("no-such-dir/no-such-file.csv: "), "{text}");
}

/// What a `TooLarge` error counted is an enum, and its text is the
/// message's.
#[test]
fn too_large_names_what_it_counted() {
    use influence::Counted;
    let config = influence::GraphConfig::default().limits(influence::Limits::default().max_users(3));
    let mut builder = influence::GraphBuilder::new(config).unwrap();
    let err = io::load_edge_list("a b\nc d\n".as_bytes(), None, &mut builder).unwrap_err();
    assert!(matches!(err.kind(), influence::ErrorKind::TooLarge { what: Counted::Users, limit: 3 }), "{err}");
    assert_eq!(err.to_string(), "<input>:2: too many users: more than 3");
    for (what, text, line) in [
        (Counted::LineBytes, "bytes in one line", true),
        (Counted::RecordBytes, "bytes in one record (is a quote left open?)", true),
        (Counted::ElementBytes, "bytes in one array element (is a string left open?)", true),
        (Counted::Edges, "edges", false),
        (Counted::CalibrationBytes, "calibration bytes", false),
    ] {
        assert_eq!((what.to_string().as_str(), what.is_line_length()), (text, line));
    }
}

/// Found by probing (issue "what a person sees"): a first line that is a
/// header was read as data (an edge list's `source target` became two
/// users), interaction CSV on standard input failed with a count of fields
/// and no hint, and a CSV without a header blamed an unknown column.
#[test]
fn headers_are_never_misread_silently() {
    use influence::io::{Header, Reader};
    for text in ["source\ttarget\na\tb\n", "# made by hand\nFrom To\na b\n", "src,dst\na,b\n"] {
        let err = Reader::default().collect(text.as_bytes(), None).unwrap_err();
        assert!(err.to_string().contains("looks like a header") && err.to_string().contains("--header"), "{err}");
        let err = io::read_interactions_edge_list(text.as_bytes(), None).unwrap_err();
        assert!(err.to_string().contains("looks like a header"), "{err}");
        // Told there is a header, it is skipped; told there is none, it is data.
        let (skipped, _) = Reader::default().header(Header::Present).collect(text.as_bytes(), None).unwrap();
        assert_eq!(skipped.len(), 1);
        let (data, _) = Reader::default().header(Header::Absent).collect(text.as_bytes(), None).unwrap();
        assert_eq!(data.len(), 2);
    }
    // Ids that only look like words are users.
    let (records, _) = Reader::default().collect("ann bob\nbob to\n".as_bytes(), None).unwrap();
    assert_eq!(records.len(), 2);
    // Interaction CSV read as an edge list (standard input has no name).
    let csv = "actor,target,kind\nann,bob,reshare\n";
    let err = Reader::default().collect(csv.as_bytes(), None).unwrap_err();
    assert!(err.to_string().contains("--input-format csv"), "{err}");
    // A CSV without a header says so.
    let err = Reader::default().format(InputFormat::Csv).collect("ann,bob\n".as_bytes(), None).unwrap_err();
    assert!(err.to_string().contains("the header is missing"), "{err}");
}
