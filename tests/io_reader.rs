//! The `io::Reader` builder: named columns, delimiters, headers, kind
//! mappings, defaults, negative weights, gzip, and the notes it returns.
//! Every bad setting and every misreading is an `Err` whose message and
//! position are checked here.

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;
use influence::io::{self, Columns, Delimiter, Field, Header, InputFormat, KindMap, NegativeWeights, Note, Reader};
use influence::{ErrorKind, GraphBuilder, Interaction, InteractionKind, Limits, Network};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn columns(text: &str) -> Columns {
    text.parse().unwrap()
}

/// The error's line and message, for an input that must fail.
fn fails(reader: &Reader, input: &[u8]) -> (Option<u64>, String) {
    let err = reader.collect(input, Some(Path::new("in.txt"))).unwrap_err();
    (err.position().map(|p| p.line()), err.to_string())
}

// A CollegeMsg-shaped file, `sender receiver unix_seconds`, was read with
// the times as weights, silently.
#[test]
fn a_third_column_that_could_be_times_is_read_as_weights_with_a_note() {
    let input = b"1 2 1082040961\n3 4 1082155839\n5 2 1098777142\n";
    let (records, stats) = Reader::default().collect(&input[..], None).unwrap();
    assert_eq!(records[0].weight, Some(1_082_040_961.0));
    assert_eq!(stats.notes, [Note::WeightsAssumed { min: "1082040961".into(), max: "1098777142".into(), cells: 3 }]);
    assert_eq!(stats.notes[0].time_columns().as_deref(), Some("actor,target,time"));
    // The same through the parallel block reader into a graph.
    let mut builder = GraphBuilder::default();
    let loaded = Reader::default().load(&input[..], None, &mut builder).unwrap();
    assert_eq!(loaded.notes, stats.notes);
    // And through the older functions, which read as the Reader does.
    let mut builder = GraphBuilder::default();
    assert_eq!(io::load_edge_list(&input[..], None, &mut builder).unwrap().notes, stats.notes);

    // Named, the column is a time and there is nothing to note.
    let reader = Reader::default().columns(columns("actor,target,time"));
    let (records, stats) = reader.collect(&input[..], None).unwrap();
    assert_eq!((records[0].time, records[0].weight), (Some(1_082_040_961), None));
    assert!(stats.notes.is_empty());
    let mut builder = GraphBuilder::default();
    reader.load(&input[..], None, &mut builder).unwrap();
    let graph = builder.build().unwrap();
    let bob = graph.user_index("2").unwrap();
    assert_eq!(graph.combined().in_edges(bob).map(|(_, w)| w).collect::<Vec<_>>(), [1.0, 1.0]);
}

#[test]
fn small_weights_and_four_columns_note_what_they_should() {
    // Weights that cannot pass for times: no note.
    let (_, stats) = Reader::default().collect(&b"a b 2\nb c 999.5\n"[..], None).unwrap();
    assert!(stats.notes.is_empty());
    // KONECT's `u v w t`: the fourth column is the time, the note names
    // the columns to give if the third is a time too.
    let (records, stats) = Reader::default().collect(&b"a b 1 1217567877\nb c 1500 1217567878\n"[..], None).unwrap();
    assert_eq!(records[1].time, Some(1_217_567_878));
    assert_eq!(stats.notes[0].time_columns().as_deref(), Some("actor,target,time,-"));
    // Through the line reader a default edge list with other settings
    // takes, the note is the same.
    let reader = Reader::default().default_network(Network::Twitter);
    let (records, stats) = reader.collect(&b"1 2 1082040961\n"[..], None).unwrap();
    assert_eq!(records[0].network, Some(Network::Twitter));
    assert!(matches!(&stats.notes[..], [Note::WeightsAssumed { .. }]), "{:?}", stats.notes);
}

#[test]
fn the_default_reader_reads_exactly_as_the_older_functions() {
    let inputs: [(&str, &[u8]); 3] = [
        ("ties.txt", b"# c\nann bob 2\nbob cy\n\ncy ann 0.5 1700000000\n"),
        (
            "ties.csv",
            b"actor,target,kind,network,time,weight,topic\nann,bob,retweet,x,2024-01-01,2,#Tech\nbob,ann,,,,,\n",
        ),
        ("ties.jsonl", b"{\"actor\": \"ann\", \"target\": \"bob\", \"kind\": \"like\", \"weight\": 0.5}\n"),
    ];
    for (name, input) in inputs {
        let path = Some(Path::new(name));
        let old = io::read_interactions_from(input, path, InputFormat::Auto).unwrap();
        let (new, _) = Reader::default().collect(input, path).unwrap();
        assert_eq!(new, old, "{name}");
        let mut a = GraphBuilder::default();
        let mut b = GraphBuilder::default();
        let sa = io::load(input, path, InputFormat::Auto, &mut a).unwrap();
        let sb = Reader::default().load(input, path, &mut b).unwrap();
        assert_eq!(sa, sb);
        let (ga, gb) = (a.build().unwrap(), b.build().unwrap());
        assert_eq!(ga.user_ids().collect::<Vec<_>>(), gb.user_ids().collect::<Vec<_>>());
        assert_eq!(ga.edge_count(), gb.edge_count());
    }
}

#[test]
fn comments_are_skipped_and_counted_in_every_line_format() {
    let reader = Reader::default().columns(columns("actor,target,time"));
    let (records, stats) = reader.collect(&b"% bipartite\n# u v t\n1 2 3\n\n  # indented\n2 3 4\n"[..], None).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!((stats.lines, stats.records, stats.skipped), (6, 2, 4));
    let (records, stats) = Reader::default()
        .collect(&b"# exported\n{\"actor\": \"a\", \"target\": \"b\"}\n"[..], Some(Path::new("x.jsonl")))
        .unwrap();
    assert_eq!((records.len(), stats.skipped), (1, 1));
}

#[test]
fn gzip_is_read_by_content_in_every_format() {
    let cases: [(&str, &[u8], usize); 4] = [
        ("a.txt.gz", b"1 2\n2 3\n", 2),
        ("a.csv.gz", b"actor,target\nann,bob\n", 1),
        ("a.jsonl.gz", b"{\"actor\": \"a\", \"target\": \"b\"}\n", 1),
        // No `.gz` in the name: recognized by the magic bytes all the same.
        ("a.csv", b"actor,target\nann,bob\nbob,cy\n", 2),
    ];
    for (name, plain, n) in cases {
        let packed = gzip(plain);
        let (records, _) = Reader::default().collect(&packed[..], Some(Path::new(name))).unwrap();
        assert_eq!(records.len(), n, "{name}");
        let mut builder = GraphBuilder::default();
        assert_eq!(Reader::default().load(&packed[..], Some(Path::new(name)), &mut builder).unwrap().records, n as u64);
    }
    assert_eq!(InputFormat::detect(Path::new("x.CSV.GZ")), InputFormat::Csv);
    assert_eq!(InputFormat::detect(Path::new("x.jsonl.gz")), InputFormat::JsonLines);
    assert_eq!(InputFormat::detect(Path::new("x.gz")), InputFormat::EdgeList);
}

#[test]
fn a_truncated_gzip_file_is_an_error_naming_it_never_a_partial_result() {
    let plain: Vec<u8> =
        (0..20_000).flat_map(|i| format!("{i} {} {}\n", i + 1, 1_082_040_961 + i).into_bytes()).collect();
    let whole = gzip(&plain);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("msgs.txt.gz");
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    let reader = Reader::default().columns(columns("actor,target,time"));
    for default in [false, true] {
        let reader = if default { Reader::default() } else { reader.clone() };
        let err = reader.collect_file(&path).unwrap_err();
        assert!(err.is_io_error(), "{err}");
        let text = err.to_string();
        assert!(text.starts_with(&path.display().to_string()), "{text}");
        assert!(text.contains("the gzip data is truncated or corrupt"), "{text}");
        let mut builder = GraphBuilder::default();
        let err = reader.load_file(&path, &mut builder).unwrap_err();
        assert!(err.is_io_error() && err.to_string().contains("truncated or corrupt"), "{err}");
    }
    // Cut inside the trailer (the checksum and length): still an error.
    std::fs::write(&path, &whole[..whole.len() - 3]).unwrap();
    assert!(Reader::default().collect_file(&path).unwrap_err().is_io_error());
}

#[test]
fn columns_map_cells_to_fields() {
    let reader = Reader::default().columns(columns("to,-,from,network,topic,weight,kind")).delimiter(Delimiter::Comma);
    let (records, _) = reader.collect(&b"bob,zzz,ann,x,#Tech,2.5,retweet\ncy,,bob,,,,\n"[..], None).unwrap();
    assert_eq!(
        records,
        [
            Interaction::new("ann", "bob")
                .network(Network::Twitter)
                .topic("tech")
                .weight(2.5)
                .kind(InteractionKind::Reshare),
            Interaction::new("bob", "cy"),
        ]
    );
}

#[test]
fn delimiters_tab_comma_and_whitespace() {
    // A tab in the first line: cells split at tabs, so a date-time keeps
    // its space.
    let tsv = b"7\t8\t2001-05-14 16:39:00\n";
    let (records, _) = Reader::default().columns(columns("actor,target,time")).collect(&tsv[..], None).unwrap();
    assert_eq!(records[0].time, Some(989_858_340));
    // Split at whitespace, the same line has four cells.
    let reader = Reader::default().columns(columns("actor,target,time")).delimiter(Delimiter::Whitespace);
    let (line, message) = fails(&reader, tsv);
    assert_eq!(line, Some(1));
    assert!(message.contains("expected 3 cells (actor,target,time), found 4"), "{message}");
    // CSV with named columns, quotes and all.
    let reader = Reader::default().format(InputFormat::Csv).columns(columns("actor,target,weight"));
    let (records, _) = reader.collect(&b"\"smith, j\",ann,2\n"[..], None).unwrap();
    assert_eq!(records[0].actor, "smith, j");
    let (line, message) = fails(&reader, b"a,b,1\n\"open,b,1\n");
    assert_eq!(line, Some(2));
    assert!(message.contains("not closed on its line"), "{message}");
    assert_eq!("\\t".parse::<Delimiter>().unwrap(), Delimiter::Tab);
    assert!("semicolon".parse::<Delimiter>().unwrap_err().to_string().contains("invalid delimiter \"semicolon\""));
}

#[test]
fn headers_given_absent_or_detected() {
    let reader = Reader::default().columns(columns("actor,target,time"));
    let input = b"from to Time\nann bob 2024-05-01\n";
    // Detected (the time cell is no time), and said.
    let (records, stats) = reader.collect(&input[..], None).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(stats.notes, [Note::HeaderAssumed { line: 1, text: "from to Time".into() }]);
    // Given: no note.
    let (_, stats) = reader.clone().header(true).collect(&input[..], None).unwrap();
    assert!(stats.notes.is_empty());
    // Absent: the header is a bad record.
    let (line, message) = fails(&reader.clone().header(Header::Absent), input);
    assert_eq!(line, Some(1));
    assert!(message.contains("time \"Time\" is neither"), "{message}");
    // Without a weight or time column, only column names make a header.
    let ids = Reader::default().columns(columns("actor,target"));
    assert_eq!(ids.collect(&b"source target\na b\n"[..], None).unwrap().0.len(), 1);
    assert_eq!(ids.collect(&b"ann bob\na b\n"[..], None).unwrap().0.len(), 2);
    // A default edge list never guesses a header; given, it is skipped.
    let (records, _) = Reader::default().header(true).collect(&b"source target\na b\n"[..], None).unwrap();
    assert_eq!(records, [Interaction::new("a", "b")]);
}

#[test]
fn kind_mappings_map_skip_and_refuse() {
    let reader = Reader::default()
        .columns(columns("actor,target,time,kind"))
        .kinds("RT=reshare,MT=mention,RE=reply,BOT=-".parse().unwrap());
    let input = b"a b 1 RT\na b 1 mt\nb a 2 RE\nc a 3 BOT\nc b 3 BOT\n";
    let (records, stats) = reader.collect(&input[..], None).unwrap();
    let kinds: Vec<_> = records.iter().map(|r| r.kind.clone().unwrap()).collect();
    assert_eq!(kinds, [InteractionKind::Reshare, InteractionKind::Mention, InteractionKind::Reply]);
    assert_eq!((stats.records, stats.kinds_skipped, stats.lines), (3, 2, 5));
    assert_eq!(stats.notes, [Note::KindSkipped { kind: "BOT".into(), rows: 2 }]);
    assert_eq!(stats.notes[0].to_string(), "left out 2 rows of kind \"BOT\", as the kind mapping asks");
    // A kind the mapping does not name: an error with the line and value.
    let (line, message) = fails(&reader, b"a b 1 RT\na b 2 QT\n");
    assert_eq!(line, Some(2));
    assert!(message.starts_with("in.txt:2: kind \"QT\" is not in the kind mapping (RT, MT, RE, BOT)"), "{message}");
    // Every row left out: an error saying why.
    let (_, message) = fails(&reader, b"a b 1 BOT\n");
    assert!(message.contains("every row was left out: 1 by the kind mapping"), "{message}");
    // Mappings apply to CSV and JSON lines too.
    let kinds: KindMap = "r=reshare,x=-".parse().unwrap();
    let csv = b"actor,target,kind\na,b,r\na,c,x\n";
    let (records, stats) = Reader::default().kinds(kinds.clone()).collect(&csv[..], Some(Path::new("k.csv"))).unwrap();
    assert_eq!((records[0].kind.clone(), stats.kinds_skipped), (Some(InteractionKind::Reshare), 1));
    let jsonl = b"{\"actor\": \"a\", \"target\": \"b\", \"kind\": \"x\"}\n{\"actor\": \"a\", \"target\": \"b\", \"kind\": \"R\"}\n";
    let (records, stats) = Reader::default().kinds(kinds).collect(&jsonl[..], Some(Path::new("k.jsonl"))).unwrap();
    assert_eq!((records.len(), stats.kinds_skipped), (1, 1));
}

#[test]
fn default_kind_and_network_fill_in_only_what_is_missing() {
    let reader = Reader::default()
        .columns(columns("actor,target,kind"))
        .default_kind(InteractionKind::Comment)
        .default_network(Network::Other("mathoverflow".into()));
    // Split at tabs, a cell may be empty: that row has no kind.
    let (records, _) = reader.clone().delimiter(Delimiter::Tab).collect(&b"a\tb\treply\na\tc\t\n"[..], None).unwrap();
    assert_eq!(records[0].kind, Some(InteractionKind::Reply));
    assert_eq!(records[1].kind, Some(InteractionKind::Comment));
    assert!(records.iter().all(|r| r.network == Some(Network::Other("mathoverflow".into()))));
}

#[test]
fn negative_weights_are_errors_unless_skipped() {
    let reader = Reader::default().columns(columns("actor,target,weight,time"));
    let input = b"6,2,4,1289241911.72836\n1,15,-1,1289243140.39049\n15,1,-10,1289243141\n";
    let (line, message) = fails(&reader, input);
    assert_eq!(line, Some(2));
    assert!(message.contains("invalid weight -1: weights must not be negative"), "{message}");
    let skip = reader.negative_weights(NegativeWeights::Skip);
    let (records, stats) = skip.collect(&input[..], None).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(stats.negative_skipped, 2);
    assert_eq!(stats.notes, [Note::NegativeWeightsSkipped { rows: 2, first_line: 2 }]);
    assert_eq!(stats.notes[0].to_string(), "left out 2 rows with a negative weight (the first on line 2)");
    // NaN is still an error.
    let (line, message) = fails(&skip, b"a,b,NaN,1\n");
    assert_eq!(line, Some(1));
    assert!(message.contains("NaN"), "{message}");
    // The default edge list, too, through the line reader.
    let reader = Reader::default().negative_weights(NegativeWeights::Skip);
    let (records, stats) = reader.collect(&b"a b -2\nb c 2\n"[..], None).unwrap();
    assert_eq!((records.len(), stats.negative_skipped), (1, 1));
    assert!("maybe".parse::<NegativeWeights>().unwrap_err().to_string().contains("\"maybe\""));
}

#[test]
fn bad_settings_are_errors_that_name_them() {
    let config = |text: &str| -> String { text.parse::<Columns>().unwrap_err().to_string() };
    assert_eq!(
        config("actor,target,when"),
        "invalid columns \"actor,target,when\": unknown column \"when\" (known: actor, target, weight, time, kind, \
         network, topic, and - to skip a column)"
    );
    assert_eq!(config("actor,target,time,time"), "invalid columns \"actor,target,time,time\": time is listed twice");
    assert_eq!(config("source,from"), "invalid columns \"source,from\": actor is listed twice");
    assert_eq!(config("actor,time"), "invalid columns \"actor,time\": there is no target column");
    assert_eq!(config("target,-,-"), "invalid columns \"target,-,-\": there is no actor column");
    assert!(Columns::new([Field::Actor, Field::Target, Field::Skip, Field::Skip]).is_ok());
    let kinds = |text: &str| -> String { text.parse::<KindMap>().unwrap_err().to_string() };
    assert!(kinds("RT").contains("\"RT\" is not NAME=KIND"), "{}", kinds("RT"));
    assert!(kinds("RT=reshare,rt=reply").contains("\"rt\" is mapped twice"));
    assert!(kinds("=reply").contains("no name"));
    assert!(kinds("RT=").contains("maps to no kind"));

    // Settings that do not fit the input.
    let kind_map: KindMap = "RT=reshare".parse().unwrap();
    let err = Reader::default().columns(columns("actor,target,time")).kinds(kind_map.clone());
    let err = err.collect(&b"a b 1\n"[..], None).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidConfig { .. }));
    assert!(err.to_string().contains("have no kind column"), "{err}");
    let err = Reader::default().kinds(kind_map.clone()).collect(&b"a b 1\n"[..], None).unwrap_err();
    assert!(err.to_string().contains("an edge list (source target [weight [time]]) has no kind column"), "{err}");
    let err = Reader::default().kinds(kind_map).collect(&b"actor,target\na,b\n"[..], Some(Path::new("a.csv")));
    let err = err.unwrap_err();
    assert_eq!(err.position().map(|p| p.line()), Some(1));
    assert!(err.to_string().contains("the header names no kind column"), "{err}");
    let jsonl = Some(Path::new("a.jsonl"));
    let err = Reader::default().columns(columns("actor,target")).collect(&b"{}\n"[..], jsonl).unwrap_err();
    assert!(err.to_string().contains("JSON lines name their fields"), "{err}");
    let err = Reader::default().header(false).collect(&b"a,b\n"[..], Some(Path::new("a.csv"))).unwrap_err();
    assert!(err.to_string().contains("CSV without a header needs its columns named"), "{err}");
}

#[test]
fn cells_that_do_not_match_the_columns_are_errors_with_their_line() {
    let reader = Reader::default().columns(columns("actor,target,time"));
    for (input, line, what) in [
        (&b"a b 1\na b\n"[..], 2, "expected 3 cells (actor,target,time), found 2: \"a b\""),
        (b"a b 1\na b 1 2\n", 2, "found 4"),
        (b"a b 1\n\na b soon\n", 3, "time \"soon\" is neither"),
        (b"a b 1\na,,b 1\n", 2, "field 2 is empty"),
        (b"a b 1\nb a 1.5.1\n", 2, "time \"1.5.1\""),
    ] {
        let (l, message) = fails(&reader, input);
        assert_eq!(l, Some(line), "{message}");
        assert!(message.contains(what), "{message}");
        assert!(message.starts_with(&format!("in.txt:{line}: ")), "{message}");
    }
    // An input with no record at all.
    let (line, message) = fails(&reader, b"# nothing\n");
    assert_eq!(line, Some(1));
    assert!(message.contains("no interactions found in in.txt"), "{message}");
}

#[test]
fn limits_hold_for_named_columns() {
    let reader = Reader::default().columns(columns("actor,target,time"));
    let err = reader.clone().limits(Limits::default().max_users(2)).collect(&b"a b 1\nb c 2\n"[..], None).unwrap_err();
    assert_eq!(err.to_string(), "<input>:2: too many users: more than 2");
    let err = reader.clone().limits(Limits::default().max_line_bytes(6)).collect(&b"a b 1\nabc d 2\n"[..], None);
    assert_eq!(err.unwrap_err().to_string(), "<input>:2: too many bytes in one line: more than 6");
    let config = influence::GraphConfig::default().limits(Limits::default().max_edges(1));
    let mut builder = GraphBuilder::new(config).unwrap();
    let err = reader.load(&b"a b 1\nb c 2\n"[..], None, &mut builder).unwrap_err();
    assert_eq!(err.to_string(), "<input>:2: too many edges: more than 1");
}

#[test]
fn a_bad_row_read_into_a_builder_is_reported_at_its_own_line() {
    // Rows go to the builder a batch at a time; the first error is still
    // that of the first bad row.
    let mut input = String::new();
    for i in 0..1500 {
        input.push_str(&format!("u{i} v{i} {}\n", 1_700_000_000 + i));
    }
    input.push_str("x y later\n");
    let mut builder = GraphBuilder::default();
    let reader = Reader::default().columns(columns("actor,target,time"));
    let err = reader.load(input.as_bytes(), None, &mut builder).unwrap_err();
    assert_eq!(err.position().map(|p| p.line()), Some(1501));
}
