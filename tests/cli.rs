//! The `influence` binary end to end: each test runs the built program on a
//! small input and checks its output, its stderr and its exit code.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_influence"))
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data").join(name)
}

fn run(args: &[&str]) -> Output {
    match bin().args(args).stdin(Stdio::null()).output() {
        Ok(out) => out,
        Err(e) => panic!("cannot run influence: {e}"),
    }
}

fn karate() -> String {
    data("karate.edges").display().to_string()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_ok(out: &Output) {
    assert!(out.status.success(), "exit {:?}, stderr:\n{}", out.status.code(), stderr(out));
}

/// A failure reported the way the program promises: exit code 1 and exactly
/// one `error: ...` line on stderr. Returns that line.
fn assert_error(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "stdout:\n{}\nstderr:\n{}", stdout(out), stderr(out));
    let err = stderr(out);
    let lines: Vec<&str> = err.lines().filter(|l| !l.starts_with("graph:") && !l.starts_with("timing ")).collect();
    assert_eq!(lines.len(), 1, "expected one error line, got:\n{err}");
    assert!(lines[0].starts_with("error: "), "not an error line: {}", lines[0]);
    lines[0].to_string()
}

/// Parses `user<TAB>score` lines after the header line.
fn parse_tsv(text: &str) -> Vec<(String, f64)> {
    let rest = text.strip_prefix("user\tscore\n").unwrap_or_else(|| panic!("no header line in {text:?}"));
    parse_pairs(rest)
}

/// Parses `name<TAB>number` lines.
fn parse_pairs(text: &str) -> Vec<(String, f64)> {
    text.lines()
        .map(|line| {
            let (user, score) = line.split_once('\t').unwrap_or_else(|| panic!("not name<TAB>number: {line:?}"));
            let score: f64 = score.parse().unwrap_or_else(|e| panic!("bad number in {line:?}: {e}"));
            (user.to_string(), score)
        })
        .collect()
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"))
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn rank_karate_prints_every_user_once_highest_first() {
    let out = run(&["rank", &karate()]);
    assert_ok(&out);
    let ranking = parse_tsv(&stdout(&out));
    assert_eq!(ranking.len(), 34);
    let sum: f64 = ranking.iter().map(|(_, s)| s).sum();
    assert!((sum - 1.0).abs() < 1e-12, "scores sum to {sum}");
    assert!(ranking.windows(2).all(|w| w[0].1 >= w[1].1), "not ordered: {ranking:?}");
    let mut users: Vec<&str> = ranking.iter().map(|(u, _)| u.as_str()).collect();
    // NetworkX: the club's instructor (33) and administrator (0) lead.
    assert_eq!(users[..2], ["33", "0"]);
    users.sort_unstable();
    users.dedup();
    assert_eq!(users.len(), 34);
    // The one-line graph summary goes to stderr, never into the ranking.
    assert!(stderr(&out).contains("34 users, 156 edges"), "{}", stderr(&out));
}

#[test]
fn quiet_prints_nothing_on_stderr() {
    let out = run(&["rank", &karate(), "--quiet"]);
    assert_ok(&out);
    assert_eq!(stderr(&out), "");
}

#[test]
fn top_k_is_the_head_of_the_full_ranking() {
    let full = run(&["rank", &karate()]);
    let top = run(&["rank", &karate(), "--top", "5"]);
    assert_ok(&top);
    let top = stdout(&top);
    assert_eq!(top.lines().count(), 6);
    let full = stdout(&full);
    let head: Vec<&str> = full.lines().take(6).collect();
    assert_eq!(top.lines().collect::<Vec<_>>(), head);
}

#[test]
fn csv_and_json_outputs_parse() {
    let out = run(&["rank", &karate(), "--output-format", "csv"]);
    assert_ok(&out);
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("user,score"));
    let rows: Vec<f64> = lines
        .map(|l| l.split_once(',').and_then(|(_, s)| s.parse().ok()).unwrap_or_else(|| panic!("bad row {l:?}")))
        .collect();
    assert_eq!(rows.len(), 34);
    assert!((rows.iter().sum::<f64>() - 1.0).abs() < 1e-12);

    let out = run(&["rank", &karate(), "--output-format", "json", "--top", "3"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"));
    let entries = json.as_array().unwrap_or_else(|| panic!("not an array: {json}"));
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["user"], "33");
    assert!(entries[0]["score"].as_f64().is_some_and(|s| s > 0.1));
}

#[test]
fn output_file_holds_the_ranking_and_nothing_else_is_left() {
    let dir = tempdir();
    let path = dir.path().join("ranking.tsv");
    write(&path, "old content\n");
    let out = run(&["rank", &karate(), "--output", &path.display().to_string()]);
    assert_ok(&out);
    assert!(out.stdout.is_empty());
    assert_eq!(read(&path), stdout(&run(&["rank", &karate()])));
    let names: Vec<_> = fs::read_dir(dir.path()).into_iter().flatten().flatten().map(|e| e.file_name()).collect();
    assert_eq!(names, ["ranking.tsv"]);
}

#[test]
fn output_into_a_missing_directory_is_an_error() {
    let dir = tempdir();
    let path = dir.path().join("no/such/dir/ranking.tsv");
    let line = assert_error(&run(&["rank", &karate(), "-o", &path.display().to_string()]));
    assert!(line.contains("ranking.tsv"), "{line}");
}

#[test]
fn output_into_a_directory_is_an_error_and_leaves_it_alone() {
    let dir = tempdir();
    let line = assert_error(&run(&["rank", &karate(), "-o", &dir.path().display().to_string()]));
    assert!(line.contains("directory"), "{line}");
    assert_eq!(fs::read_dir(dir.path()).map(|d| d.count()).ok(), Some(0));
}

/// A symbolic link is followed: the file it points to gets the result and
/// the link stays a link (renaming over the link would replace it).
#[cfg(unix)]
#[test]
fn output_through_a_symlink_replaces_the_target_and_keeps_the_link() {
    let dir = tempdir();
    let target = dir.path().join("real.tsv");
    let link = dir.path().join("link.tsv");
    write(&target, "old content\n");
    std::os::unix::fs::symlink(&target, &link).unwrap_or_else(|e| panic!("cannot link: {e}"));
    assert_ok(&run(&["rank", &karate(), "-o", &link.display().to_string()]));
    let meta = fs::symlink_metadata(&link).unwrap_or_else(|e| panic!("{e}"));
    assert!(meta.file_type().is_symlink(), "the link was replaced by {:?}", meta.file_type());
    assert_eq!(read(&target), stdout(&run(&["rank", &karate()])));
}

/// A destination that is not a regular file is written in place. Renaming
/// a finished file over it, as for regular files, once turned `-o
/// /dev/null` into a regular `/dev/null` holding scores, which then broke
/// every program that read "nothing" from it. A named pipe stands in for
/// the device here: it must stay a pipe and carry the whole output, for the
/// ranking and for a saved calibration alike.
#[cfg(unix)]
#[test]
fn output_into_a_named_pipe_writes_through_it() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = tempdir();
    let pipe = dir.path().join("pipe");
    match Command::new("mkfifo").arg(&pipe).status() {
        Ok(status) if status.success() => {}
        other => panic!("mkfifo failed: {other:?}"),
    }
    for args in [
        vec!["rank".to_string(), karate(), "-o".to_string(), pipe.display().to_string()],
        vec![
            "score".to_string(),
            social(),
            "-o".to_string(),
            "-".to_string(),
            "--save-calibration".to_string(),
            pipe.display().to_string(),
        ],
    ] {
        let reader_path = pipe.clone();
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            fs::File::open(&reader_path)
                .and_then(|mut f| f.read_to_string(&mut text))
                .unwrap_or_else(|e| panic!("cannot read the pipe: {e}"));
            text
        });
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args);
        assert_ok(&out);
        // Checked before joining: a replaced pipe never gets a writer, so its
        // reader would wait for ever.
        let meta = fs::symlink_metadata(&pipe).unwrap_or_else(|e| panic!("{e}"));
        assert!(meta.file_type().is_fifo(), "the pipe was replaced by {:?}", meta.file_type());
        let text = reader.join().unwrap_or_else(|_| panic!("the pipe reader panicked"));
        if args[0] == "rank" {
            assert_eq!(text, stdout(&run(&["rank", &karate()])));
        } else {
            assert!(text.trim_start().starts_with('{') && text.trim_end().ends_with('}'), "{text}");
            assert!(!stdout(&out).is_empty());
        }
    }
    let names: Vec<_> = fs::read_dir(dir.path()).into_iter().flatten().flatten().map(|e| e.file_name()).collect();
    assert_eq!(names, ["pipe"], "a temporary file was left behind");
}

#[test]
fn stdin_is_read_for_dash() {
    let mut child = bin()
        .args(["rank", "-", "--top", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run influence: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin.write_all(b"a c\nb c\nc a\n").unwrap_or_else(|e| panic!("cannot write stdin: {e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("influence did not finish: {e}"));
    assert_ok(&out);
    assert!(stdout(&out).starts_with("user\tscore\nc\t"), "{}", stdout(&out));
}

#[test]
fn personalization_file_moves_the_ranking() {
    let dir = tempdir();
    let seeds = dir.path().join("seeds.txt");
    write(&seeds, "# user weight\n16 1\n");
    let plain = parse_tsv(&stdout(&run(&["rank", &karate()])));
    let out = run(&["rank", &karate(), "--personalization", &seeds.display().to_string()]);
    assert_ok(&out);
    let personal = parse_tsv(&stdout(&out));
    let score = |r: &[(String, f64)], u: &str| r.iter().find(|(x, _)| x == u).map(|&(_, s)| s);
    assert!(score(&personal, "16") > score(&plain, "16"));
    assert_eq!(personal[0].0, "16", "{personal:?}");
    assert!((personal.iter().map(|(_, s)| s).sum::<f64>() - 1.0).abs() < 1e-12);
}

/// One seed format for --personalization and --trusted (`user [weight]`,
/// a user alone weighing 1), and one rule for users the input lacks: a note
/// with their count and the first of them, and an error when none is known
/// (issue "what a person sees").
#[test]
fn seed_files_share_one_format_and_one_rule_for_unknown_users() {
    let dir = tempdir();
    let seeds = dir.path().join("seeds.txt");
    let s = seeds.display().to_string();
    // rank: an unknown user is left out with a note; a user alone weighs 1.
    write(&seeds, "0 1\nnobody 2\n33\n");
    let out = run(&["rank", &karate(), "-p", &s, "--top", "3"]);
    assert_ok(&out);
    let err = stderr(&out);
    assert!(err.contains("note: 1 of the 3 users of") && err.contains("\"nobody\""), "{err}");
    write(&seeds, "0 1\n33 1\n");
    assert_eq!(stdout(&out), stdout(&run(&["rank", &karate(), "-p", &s, "--top", "3", "-q"])));
    write(&seeds, "nobody 2\n");
    let line = assert_error(&run(&["rank", &karate(), "-p", &s]));
    assert!(line.contains("nobody") && line.contains("seeds.txt"), "{line}");
    // score --trusted: the same file format, weights 1 or none.
    write(&seeds, "u0173 1\nu0772\nnobody\n");
    let out = run(&["score", &social(), "--trusted", &s, "--top", "3"]);
    assert_ok(&out);
    assert!(stderr(&out).contains("note: 1 of the 3 users of"), "{}", stderr(&out));
    write(&seeds, "u0173 1\nu0772 1\n");
    let clean = run(&["score", &social(), "--trusted", &s, "--top", "3", "-q"]);
    assert_eq!(stdout(&out), stdout(&clean));
    write(&seeds, "u0173 2\n");
    let line = assert_error(&run(&["score", &social(), "--trusted", &s]));
    assert!(line.contains("weight 2") && line.contains("alike"), "{line}");
}

/// The malformed-input table through the binary: every case exits 1 with
/// one `error:` line naming the file and line (or, for an error about the
/// whole input, the file) and the offending text, and writes nothing: no
/// output file, no temporary file. Errors of a line are also checked through
/// `stats` and through `score`, which reads the records rather than a graph.
#[test]
fn malformed_inputs_exit_non_zero_naming_file_and_line() {
    let dir = tempdir();
    let huge = |head: &str, tail: &str| [head.as_bytes(), &[b'x'; 1 << 20], tail.as_bytes()].concat();
    let huge_edges = huge("a b\n", " b\n");
    let huge_csv = huge("actor,target\na,b\n", ",b\n");
    let huge_jsonl = huge("{\"actor\": \"", "\", \"target\": \"b\"}\n");
    let line_limit = "too many bytes in one line: more than 65536 (raise the limit with --max-line-bytes)";
    let cases: &[(&str, &[u8], &str, &str)] = &[
        ("bad-number.edges", b"a b 1\nb c 1,5x\n", ":2", "time \"5x\" is not an integer"),
        ("truncated.edges", b"a b 1\nb c 2.5e", ":2", "weight \"2.5e\""),
        ("nan.edges", b"a b NaN\n", ":1", "invalid weight NaN"),
        ("inf.edges", b"a b 1\na c inf\n", ":2", "invalid weight inf"),
        ("minus-inf.edges", b"a b -inf\n", ":1", "invalid weight -inf"),
        ("negative.edges", b"a b -2\n", ":1", "invalid weight -2"),
        ("one-field.edges", b"a b\nc\n", ":2", "found 1: \"c\""),
        ("too-many.edges", b"a b 1 2 3\n", ":1", "found 5"),
        ("empty.edges", b"", ":1", "no edges found"),
        ("comments-only.edges", b"# nothing\n% here\n", ":2", "all comments or blank"),
        ("header.edges", b"source target weight\n", ":1", "looks like a header"),
        ("non-utf8.edges", b"a b\n\xff\xfe c\n", ":2", "0xFF"),
        ("bom-crlf.edges", b"\xEF\xBB\xBFa b\r\nc d x\r\n", ":2", "weight \"x\""),
        ("huge-id.edges", &huge_edges, ":2", line_limit),
        (
            "self-loops.edges",
            b"a a\nb b 2\n",
            ": the graph is empty",
            "each of the 2 interactions was a self-interaction",
        ),
        ("overflow.edges", b"a b 1e308\na b 1e308\n", ": invalid weight inf", "of \"a\" with \"b\" overflowed"),
        ("missing-target.csv", b"actor,kind\na,like\n", ":1", "missing column \"target\""),
        ("short-row.csv", b"actor,target,weight\na,b,1\nc,d\n", ":3", "found 2"),
        ("bad-time.csv", b"actor,target,time\na,b,yesterday\n", ":2", "\"yesterday\""),
        ("nan.csv", b"actor,target,weight\na,b,NaN\n", ":2", "invalid weight NaN"),
        ("empty.csv", b"", ":1", "no interactions found"),
        ("header-only.csv", b"\xEF\xBB\xBFactor,target\r\n", ":1", "its only line is the header"),
        ("crlf.csv", b"actor,target,weight\r\na,b,1\r\n\r\nc,d,-inf\r\n", ":4", "invalid weight -inf"),
        ("non-utf8.csv", b"actor,target\na,\xC3\n", ":2", "0xC3"),
        (
            "huge-id.csv",
            &huge_csv,
            ":3",
            "(is a quote left open?): more than 65536 (raise the limit with --max-line-bytes)",
        ),
        ("bad-json.jsonl", b"{\"actor\": \"a\", \"target\": \"b\"}\n{\"actor\": \"a\"\n", ":2", "invalid JSON"),
        ("negative.jsonl", b"{\"actor\": \"a\", \"target\": \"b\", \"weight\": -1}\n", ":1", "invalid weight -1"),
        ("infinity.jsonl", b"{\"actor\": \"a\", \"target\": \"b\", \"weight\": Infinity}\n", ":1", "Infinity"),
        ("non-utf8.jsonl", b"{\"actor\": \"\xE9\", \"target\": \"b\"}\n", ":1", "0xE9"),
        ("huge-id.jsonl", &huge_jsonl, ":1", line_limit),
    ];
    for (name, content, at, says) in cases {
        let path = dir.path().join(name);
        fs::write(&path, content).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
        let input = path.display().to_string();
        let out_file = dir.path().join(format!("{name}.tsv"));
        let output = out_file.display().to_string();
        let mut runs = vec![run(&["rank", &input, "-o", &output])];
        if at.starts_with(':') && at[1..].starts_with(|c: char| c.is_ascii_digit()) {
            runs.push(run(&["stats", &input]));
            runs.push(run(&["score", &input, "-o", &output]));
        }
        for out in runs {
            let line = assert_error(&out);
            assert!(line.contains(&format!("{name}{at}")), "{name}: {line:.300}");
            assert!(line.contains(says), "{name}: {line:.300} lacks {says:?}");
            assert!(line.len() < 1000, "{name}: {line:.300}...");
            assert!(!out_file.exists(), "{name}: an output file was left");
            assert!(out.stdout.is_empty(), "{name}");
        }
        fs::remove_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(entries(dir.path()).is_empty(), "{name}: left {:?}", entries(dir.path()));
    }
    // Personalization files: bad weight, all zero, unknown user, negative,
    // an overflowing sum, a BOM and CRLF around a bad line, a 1 MB id.
    let huge_seed = String::from_utf8(huge("0 1\n", " 1\n")).unwrap_or_default();
    let seeds_cases = [
        ("0 x\n", ":1", "weight \"x\""),
        ("0 0\n1 0\n", ":2", "every personalization weight is 0"),
        ("0 -1\n", ":1", "invalid weight -1"),
        ("0 1e308\n1 1e308\n", ":2", "sum past the largest number"),
        ("\u{feff}0 1\r\n1 lots\r\n", ":2", "weight \"lots\""),
        (huge_seed.as_str(), ":2", "too many bytes in one line"),
    ];
    for (content, at, says) in seeds_cases {
        let seeds = dir.path().join("seeds.txt");
        write(&seeds, content);
        let line = assert_error(&run(&["rank", &karate(), "-p", &seeds.display().to_string()]));
        assert!(line.contains(&format!("seeds.txt{at}")), "{content:.40?}: {line:.300}");
        assert!(line.contains(says), "{content:.40?}: {line:.300} lacks {says:?}");
    }
}

/// Each limit, through each command that takes the flags: exit 1, one line
/// naming the file, the line, the limit and the flag that raises it, and no
/// output or temporary file left behind.
#[test]
fn limits_are_one_line_errors_naming_the_flag_and_leave_nothing() {
    let dir = tempdir();
    let inputs = dir.path().join("inputs");
    fs::create_dir(&inputs).unwrap_or_else(|e| panic!("{e}"));
    let file = |name: &str, text: &str| {
        let path = inputs.join(name);
        write(&path, text);
        path.display().to_string()
    };
    let edges = file("ties.edges", "a b\nb c\nc a\nc a\n");
    let csv = file("ties.csv", "actor,target,topic\na,b,x\nb,c,x\nc,a,x\n");
    let facts = file("facts.csv", "user,network\na,x\nb,x\nc,x\nd,x\n");
    let trusted = file("trusted.txt", "a\nb\n");
    let seeds = file("seeds.txt", "a 1.00000\n");
    let out = dir.path().join("out").display().to_string();
    let cal = dir.path().join("cal.json").display().to_string();
    let cases: &[(&[&str], &str)] = &[
        (
            &["rank", &edges, "-o", &out, "--max-line-bytes", "2"],
            "ties.edges:1: too many bytes in one line: more than 2 (raise the limit with --max-line-bytes)",
        ),
        (
            &["rank", &edges, "-o", &out, "--max-users", "2"],
            "ties.edges:2: too many users: more than 2 (raise the limit with --max-users)",
        ),
        (
            &["rank", &edges, "-o", &out, "--max-edges", "3"],
            "ties.edges:4: too many edges: more than 3 (raise the limit with --max-edges)",
        ),
        (
            &["rank", &edges, "-o", &out, "-p", &seeds, "--max-line-bytes", "5"],
            "seeds.txt:1: too many bytes in one line: more than 5",
        ),
        (&["stats", &edges, "--max-users", "1"], "ties.edges:1: too many users: more than 1 (raise"),
        (&["compare", &edges, "--max-edges", "1"], "ties.edges:2: too many edges: more than 1 (raise"),
        (
            &["validate", &edges, "--max-line-bytes", "1"],
            "ties.edges:1: too many bytes in one line: more than 1 (raise",
        ),
        (
            &["score", &csv, "-o", &out, "--save-calibration", &cal, "--max-users", "2"],
            "ties.csv:3: too many users: more than 2 (raise the limit with --max-users)",
        ),
        (
            &["score", &csv, "-o", &out, "--max-edges", "2"],
            "ties.csv:4: too many edges: more than 2 (raise the limit with --max-edges)",
        ),
        (
            &["score", &csv, "-o", &out, "--max-line-bytes", "5"],
            "ties.csv:1: too many bytes in one record (is a quote left open?): more than 5 (raise the limit with --max-line-bytes)",
        ),
        (
            &["score", &csv, "-o", &out, "--facts", &facts, "--max-users", "3"],
            "facts.csv:5: too many users: more than 3 (raise",
        ),
        (
            &["score", &csv, "-o", &out, "--trusted", &trusted, "--max-users", "1"],
            "trusted.txt:2: too many users: more than 1 (raise",
        ),
        (&["explain", &csv, "a", "--max-users", "1"], "ties.csv:2: too many users: more than 1 (raise"),
        (&["topics", &csv, "a", "--max-edges", "1"], "ties.csv:3: too many edges: more than 1 (raise"),
    ];
    for (args, says) in cases {
        let line = assert_error(&run(args));
        assert!(line.contains(says), "{args:?}: {line} lacks {says:?}");
        assert_eq!(entries(dir.path()), ["inputs"], "{args:?}");
    }
    // Under the limits, or with them raised, the same inputs go through.
    assert_ok(&run(&["rank", &edges, "-q", "--max-users", "3", "--max-edges", "4", "--max-line-bytes", "3"]));
    // The score needs a population: the bundled sample's 1000 users.
    let social_facts = data("social-facts.csv").display().to_string();
    let limits = ["--max-users", "1000", "--max-edges", "27000", "--max-line-bytes", "200"];
    assert_ok(&run(&[&["score", &social(), "-q", "--top", "1", "--facts", &social_facts], &limits[..]].concat()));
    let line = assert_error(&run(&["score", &social(), "-q", "--max-edges", "26999"]));
    assert!(line.contains("social.csv:27001: too many edges: more than 26999"), "{line}");
    let huge = file("huge.edges", &format!("a b\n{} b\n", "x".repeat(1 << 20)));
    let line = assert_error(&run(&["rank", &huge]));
    assert!(line.contains("huge.edges:2: too many bytes in one line: more than 65536"), "{line}");
    let out = run(&["rank", &huge, "-q", "--max-line-bytes", "2000000"]);
    assert_ok(&out);
    assert_eq!(stdout(&out).lines().count(), 4);
}

#[test]
fn damping_outside_the_open_unit_interval_is_an_error() {
    for d in ["0", "1", "1.5"] {
        let line = assert_error(&run(&["rank", &karate(), "--damping", d]));
        assert!(line.contains("damping"), "{line}");
    }
}

#[test]
fn malformed_input_names_file_and_line() {
    let dir = tempdir();
    let path = dir.path().join("bad.edges");
    write(&path, "# a comment\na b 1\nb c lots\n");
    let out = run(&["rank", &path.display().to_string()]);
    let line = assert_error(&out);
    assert!(line.contains("bad.edges:3"), "{line}");
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_input_names_the_path() {
    let dir = tempdir();
    let path = dir.path().join("absent.edges");
    let line = assert_error(&run(&["rank", &path.display().to_string()]));
    assert!(line.contains("absent.edges"), "{line}");
    let line = assert_error(&run(&["stats", &path.display().to_string()]));
    assert!(line.contains("absent.edges"), "{line}");
}

#[test]
fn argument_errors_exit_with_code_2() {
    assert_eq!(run(&["rank"]).status.code(), Some(2));
    assert_eq!(run(&["rank", &karate(), "--output-format", "xml"]).status.code(), Some(2));
    assert_eq!(run(&["rank", &karate(), "--damping", "high"]).status.code(), Some(2));
    assert_eq!(run(&["rank", &karate(), "--threads", "0"]).status.code(), Some(2));
}

#[test]
fn timings_prints_load_build_and_rank() {
    let out = run(&["rank", &karate(), "--timings", "--threads", "2"]);
    assert_ok(&out);
    let err = stderr(&out);
    let timing: Vec<&str> = err.lines().filter(|l| l.starts_with("timing ")).collect();
    assert_eq!(timing.len(), 3, "{err}");
    for (line, phase) in timing.iter().zip(["load", "build", "rank"]) {
        let mut words = line.split(' ');
        assert_eq!(words.nth(1), Some(phase), "{line}");
        assert!(words.next().and_then(|s| s.parse::<f64>().ok()).is_some_and(|s| s >= 0.0), "{line}");
        assert_eq!(words.next(), Some("s"), "{line}");
    }
    assert!(timing[2].contains(" iterations, residual "), "{}", timing[2]);
}

#[test]
fn not_converging_is_an_error_and_writes_nothing() {
    let dir = tempdir();
    let path = dir.path().join("ranking.tsv");
    let out = run(&["rank", &karate(), "--max-iterations", "1", "--output", &path.display().to_string()]);
    let line = assert_error(&out);
    assert!(line.contains("did not converge"), "{line}");
    assert!(line.contains("--max-iterations"), "{line}");
    assert!(!path.exists());
    assert_eq!(fs::read_dir(dir.path()).into_iter().flatten().count(), 0);
}

#[test]
fn stats_on_lesmis() {
    let lesmis = data("lesmis.edges").display().to_string();
    let out = run(&["stats", &lesmis]);
    assert_ok(&out);
    let table = stdout(&out);
    let value = |name: &str| {
        table.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).unwrap_or_else(|| panic!("no {name}:\n{table}"))
    };
    assert_eq!(value("users "), "77");
    assert_eq!(value("edges "), "508");
    assert_eq!(value("weighted "), "yes");

    let out = run(&["stats", &lesmis, "--json"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"));
    assert_eq!(json["users"], 77);
    assert_eq!(json["edges"], 508);
    assert_eq!(json["isolated"], 0);
    // Symmetric: every in-degree is an out-degree.
    assert_eq!(json["in_degree"], json["out_degree"]);
    assert_eq!(json["in_degree"]["min"], 1);
    assert!((json["in_degree"]["mean"].as_f64().unwrap_or_default() - 508.0 / 77.0).abs() < 1e-12);
}

#[test]
fn f32_weights_save_four_bytes_per_edge_and_barely_move_the_ranking() {
    let social = data("social.csv").display().to_string();
    let stats = |extra: &[&str]| -> serde_json::Value {
        let out = run(&[&["stats", social.as_str(), "--json", "-q"][..], extra].concat());
        assert_ok(&out);
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"))
    };
    let (exact, rounded) = (stats(&[]), stats(&["--f32-weights"]));
    // The default kind weights are not f32s: every stored weight shrinks
    // from 8 to 4 bytes, in the combined graph and in each network's layer.
    let layers: u64 = exact["layers"].as_array().map_or(0, |l| l.iter().filter_map(|l| l["edges"].as_u64()).sum());
    let edges = exact["edges"].as_u64().unwrap_or(0) + layers;
    assert!(edges > 0);
    let saved = exact["memory_bytes"].as_u64().unwrap_or(0) - rounded["memory_bytes"].as_u64().unwrap_or(0);
    assert_eq!(saved, 4 * edges);
    // PageRank moves by at most d/(1−d)·2·2⁻²⁴ in L1.
    let rank = |extra: &[&str]| {
        let out = run(&[&["rank", social.as_str(), "-q", "--tolerance", "1e-13"][..], extra].concat());
        assert_ok(&out);
        parse_tsv(&stdout(&out)).into_iter().collect::<std::collections::HashMap<_, _>>()
    };
    let (exact, rounded) = (rank(&[]), rank(&["--f32-weights"]));
    assert_eq!(exact.len(), rounded.len());
    let l1: f64 = exact.iter().map(|(id, s)| (s - rounded[id]).abs()).sum();
    assert!(l1 > 0.0 && l1 < 0.85 / 0.15 * 2.0 * 2f64.powi(-24), "L1 {l1:e}");
}

#[test]
fn generated_rmat_edge_list_ranks() {
    let dir = tempdir();
    let path = dir.path().join("rmat8.edges");
    let path = path.display().to_string();
    assert_ok(&run(&["generate", "rmat", "--scale", "8", "--output", &path]));
    let text = read(Path::new(&path));
    assert!(text.starts_with("# influence"), "{text:.200}");
    assert!(text.lines().next().is_some_and(|l| l.contains("rmat") && l.contains("scale=8")));
    let edges: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(edges.len(), 4096);
    assert!(edges.iter().all(|l| l.split(' ').count() == 2 && l.split(' ').all(|n| n.parse::<u32>().is_ok())));
    // The same seed gives the same file.
    assert_eq!(stdout(&run(&["generate", "rmat", "--scale", "8"])), text);

    let out = run(&["rank", &path, "--quiet"]);
    assert_ok(&out);
    let ranking = parse_tsv(&stdout(&out));
    assert!(ranking.len() > 100 && ranking.len() <= 256, "{}", ranking.len());
    assert!((ranking.iter().map(|(_, s)| s).sum::<f64>() - 1.0).abs() < 1e-12);
}

#[test]
fn rmat_without_permutation_keeps_the_generators_numbering() {
    let edges = |text: &str| -> Vec<(u32, u32)> {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| {
                let mut ids = l.split(' ').map(|n| n.parse::<u32>().unwrap_or_else(|e| panic!("{l}: {e}")));
                (ids.next().unwrap_or(u32::MAX), ids.next().unwrap_or(u32::MAX))
            })
            .collect()
    };
    let plain = stdout(&run(&["generate", "rmat", "--scale", "10", "--seed", "5", "--no-permute"]));
    assert!(plain.lines().next().is_some_and(|l| l.contains("permute=false")), "{plain:.300}");
    let permuted = stdout(&run(&["generate", "rmat", "--scale", "10", "--seed", "5"]));
    assert!(permuted.lines().next().is_some_and(|l| l.contains("permute=true")), "{permuted:.300}");
    // The library's edges, unpermuted, line for line.
    let library: Vec<(u32, u32)> = influence::generate::RmatConfig::default()
        .scale(10)
        .seed(5)
        .permute(false)
        .edges()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|(u, v, _)| (u, v))
        .collect();
    assert_eq!(edges(&plain), library);
    // With a > d, R-MAT's own user 0 is its largest hub; a random
    // relabelling moves it (and the edges) elsewhere.
    let in_degree = |edges: &[(u32, u32)], user: u32| edges.iter().filter(|e| e.1 == user).count();
    let plain = edges(&plain);
    assert!((1..1024).all(|u| in_degree(&plain, 0) >= in_degree(&plain, u)));
    assert_ne!(plain, edges(&permuted));
    assert_eq!(plain.len(), edges(&permuted).len());

    let table = stdout(&run(&["bench", "rmat", "--scale", "10", "--seed", "5", "--no-permute"]));
    assert!(bench_row(&table, "graph").ends_with("not permuted"), "{table}");
}

#[test]
fn weighted_rmat_has_a_weight_column() {
    let out = run(&["generate", "rmat", "--scale", "4", "--edge-factor", "2", "--weighted", "--seed", "7"]);
    assert_ok(&out);
    let text = stdout(&out);
    let edges: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(edges.len(), 32);
    assert!(edges.iter().all(|l| l.split(' ').nth(2).and_then(|w| w.parse::<f64>().ok()).is_some()));
}

#[test]
fn generated_social_sample_loads_in_both_formats() {
    let dir = tempdir();
    for format in ["csv", "jsonl"] {
        let path = dir.path().join(format!("social.{format}")).display().to_string();
        assert_ok(&run(&["generate", "social", "--users", "60", "--seed", "3", "--format", format, "-o", &path]));
        let out = run(&["stats", &path, "--json"]);
        assert_ok(&out);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"));
        let layers = json["layers"].as_array().map_or(0, Vec::len);
        assert!(layers >= 2, "{json}");
        assert_ok(&run(&["rank", &path, "--top", "3"]));
    }
}

#[test]
fn generate_social_writes_the_facts_too() {
    let dir = tempdir();
    let interactions = dir.path().join("social.csv");
    let facts = dir.path().join("facts.csv");
    let (i, f) = (interactions.display().to_string(), facts.display().to_string());
    assert_ok(&run(&["generate", "social", "--users", "80", "--seed", "5", "-o", &i, "--facts", &f]));
    let records = influence::io::read_interactions_csv(fs::File::open(&interactions).unwrap(), None).unwrap();
    let read = influence::io::read_facts(&facts).unwrap();
    let config = influence::generate::SocialConfig::default().users(80).seed(5);
    assert!(records == config.interactions().unwrap());
    assert!(read == config.facts().unwrap());
    assert!(records.iter().any(|r| r.topic.is_some()), "the interactions carry topics");
    let names: Vec<String> =
        fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names.len(), 2, "no temporary file is left behind: {names:?}");

    // With the interactions on standard output.
    let out = run(&["generate", "social", "--users", "30", "--facts", &f]);
    assert_ok(&out);
    assert!(stdout(&out).starts_with("actor,target,kind,network,time,weight,topic\n"));
    assert!(fs::read_to_string(&facts).unwrap().starts_with("user,network,posts,audience\nu0001,"));
    // Both on standard output would mix two tables.
    let line = assert_error(&run(&["generate", "social", "--users", "30", "--facts", "-"]));
    assert!(line.contains("--facts"), "{line}");
    // A facts file in a missing directory is an error, and the interactions
    // file is left as it was.
    let before = fs::read(&interactions).unwrap();
    let missing = dir.path().join("no/such/dir/facts.csv").display().to_string();
    let line = assert_error(&run(&["generate", "social", "--users", "30", "-o", &i, "--facts", &missing]));
    assert!(line.contains("facts.csv"), "{line}");
    assert!(fs::read(&interactions).unwrap() == before);
}

/// Every registered algorithm ranks through `--algorithm`, and settings that
/// only PageRank reads are refused for the others instead of ignored.
#[test]
fn every_algorithm_runs_by_name() {
    for &name in influence::Algorithm::NAMES {
        if name == "followers" {
            // Karate has no follow interactions to count: an error, not zeros.
            let line = assert_error(&run(&["rank", &karate(), "--algorithm", name]));
            assert!(line.contains("follow"), "{line}");
            continue;
        }
        let out = run(&["rank", &karate(), "--algorithm", name, "--quiet"]);
        assert_ok(&out);
        let rows = parse_tsv(&stdout(&out));
        assert_eq!(rows.len(), 34, "{name}");
        assert!(rows.windows(2).all(|w| w[0].1 >= w[1].1), "{name}: not highest first");
        assert!(rows.iter().all(|(_, s)| s.is_finite()), "{name}");
        if name != "pagerank" {
            let line = assert_error(&run(&["rank", &karate(), "--algorithm", name, "--damping", "0.9"]));
            assert!(line.contains("--damping"), "{name}: {line}");
        }
    }
    let out = run(&["rank", &karate(), "--algorithm", "no-such-measure"]);
    assert_eq!(out.status.code(), Some(2), "unknown algorithm names are argument errors");
}

#[test]
fn compare_lists_every_algorithm_and_every_pair() {
    let out = run(&["compare", &karate(), "--top-k", "5", "--quiet", "--pairs"]);
    assert_ok(&out);
    let text = stdout(&out);
    let names: Vec<&str> = influence::Algorithm::NAMES.iter().copied().filter(|&n| n != "followers").collect();
    for name in &names {
        assert!(text.lines().any(|l| l.starts_with(name) && l.trim_end().ends_with("yes")), "{name} row:\n{text}");
    }
    let pairs = text.lines().skip_while(|l| !l.contains("spearman")).skip(1).count();
    assert_eq!(pairs, names.len() * (names.len() - 1) / 2, "{text}");
    assert!(text.contains("top-5 overlap"));
    // By default, three lower-triangular matrices: a row per algorithm,
    // numbered, with 1.00 on the diagonal; the same Spearman as the pairs.
    let matrix = stdout(&run(&["compare", &karate(), "--top-k", "5", "--quiet"]));
    let spearman: Vec<&str> =
        matrix.lines().skip_while(|l| !l.starts_with("spearman")).skip(1).take(names.len()).collect();
    for (i, (row, name)) in spearman.iter().zip(&names).enumerate() {
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!((cells[0], cells[1]), ((i + 1).to_string().as_str(), *name), "{matrix}");
        assert_eq!(cells.len(), 2 + i + 1, "{matrix}");
        assert_eq!(cells[cells.len() - 1], "1.00", "{matrix}");
    }
    let pair = text.lines().find(|l| l.starts_with("pagerank") && l.contains("hits")).unwrap_or_default();
    let listed: f64 = pair.split_whitespace().nth(2).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
    let hits_row: Vec<&str> = spearman[1].split_whitespace().collect();
    assert_eq!(hits_row[2], format!("{listed:.2}"), "{matrix}");
    assert!(matrix.contains("kendall") && matrix.contains("top-5 overlap"), "{matrix}");
    let line = assert_error(&run(&["compare", &karate(), "--top-k", "0"]));
    assert!(line.contains("k"), "{line}");
}

#[test]
fn validate_reports_every_algorithm_against_random_seeds() {
    let out = run(&["validate", &karate(), "--simulations", "200", "--top-k", "3", "--quiet"]);
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.contains("random 3 seeds"), "{text}");
    for name in influence::Algorithm::NAMES.iter().filter(|&&n| n != "followers") {
        assert!(text.lines().any(|l| l.starts_with(name)), "{name}:\n{text}");
    }
    let pagerank = text.lines().find(|l| l.starts_with("pagerank")).unwrap_or_default();
    let rho: f64 = pagerank.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
    assert!(rho > 0.5, "PageRank should predict spreading on karate: {pagerank}");
    let line = assert_error(&run(&["validate", &karate(), "--simulations", "0"]));
    assert!(line.contains("simulations"), "{line}");
}

#[test]
fn every_solver_reaches_the_same_ranking() {
    let scores = |solver: &str| {
        let out = run(&["rank", &karate(), "--solver", solver, "--tolerance", "1e-12", "--quiet"]);
        assert_ok(&out);
        let mut rows = parse_tsv(&stdout(&out));
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows
    };
    let power = scores("power");
    for solver in ["gauss-seidel", "push"] {
        let other = scores(solver);
        let l1: f64 = power.iter().zip(&other).map(|(a, b)| (a.1 - b.1).abs()).sum();
        assert!(l1 < 1e-10, "{solver}: L1 {l1}");
    }
    let line = assert_error(&run(&["rank", &karate(), "--solver", "push", "--precision", "f32"]));
    assert!(line.contains("f32"), "{line}");
    let line = assert_error(&run(&["rank", &karate(), "--algorithm", "hits", "--solver", "push"]));
    assert!(line.contains("--solver"), "{line}");
}

fn social() -> String {
    data("social.csv").display().to_string()
}

/// The entries of a directory, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Parses `user<TAB>score<TAB>raw` lines through the library's reader.
fn parse_scores(text: &str) -> Vec<influence::score::UserScore> {
    influence::io::read_scores(text.as_bytes(), influence::io::OutputFormat::Tsv, None)
        .unwrap_or_else(|e| panic!("not scores: {e}\n{text}"))
}

#[test]
fn score_prints_every_user_best_first_with_the_top_at_99() {
    let out = run(&["score", &social()]);
    assert_ok(&out);
    let scores = parse_scores(&stdout(&out));
    assert!((900..=1000).contains(&scores.len()), "{} users", scores.len());
    assert_eq!(scores[0].score, 99.0);
    assert!(scores.windows(2).all(|w| w[0].score >= w[1].score && w[0].raw >= w[1].raw));
    assert!(scores.iter().all(|s| (1.0..=100.0).contains(&s.score)));
    let err = stderr(&out);
    let users = format!(
        "score: {} users (with an interaction with someone else in the window), as of 2024-03-30T",
        scores.len()
    );
    assert!(err.contains(&users), "{err}");
    assert!(err.contains("(the latest interaction)"), "{err}");
    assert!(err.contains("PageRank iterations per network: twitter "), "{err}");
    assert!(err.contains("scale fitted on the 988 users holding influence"), "{err}");
    assert!(err.contains("0 users at the floor"), "{err}");

    let quiet = run(&["score", &social(), "--quiet"]);
    assert_ok(&quiet);
    assert!(quiet.stderr.is_empty(), "{}", stderr(&quiet));
    assert_eq!(quiet.stdout, out.stdout);
}

#[test]
fn score_top_and_output_formats() {
    let full = stdout(&run(&["score", &social(), "-q"]));
    let out = run(&["score", &social(), "-q", "--top", "3"]);
    assert_ok(&out);
    let top = stdout(&out);
    assert_eq!(top.lines().count(), 4);
    assert!(full.starts_with(&top));

    let out = run(&["score", &social(), "-q", "--top", "4", "--output-format", "json"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"));
    let rows = json.as_array().unwrap_or_else(|| panic!("not an array: {json}"));
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["score"].as_f64(), Some(99.0));
    assert!(rows[3]["raw"].as_f64().is_some_and(|r| r > 0.0));

    let out = run(&["score", &social(), "-q", "--top", "2", "--output-format", "csv"]);
    assert_ok(&out);
    assert!(stdout(&out).starts_with("user,score,raw\n"), "{}", stdout(&out));
    assert_eq!(stdout(&out).lines().count(), 3);
}

#[test]
fn saved_calibration_gives_identical_scores_when_reused() {
    let dir = tempdir();
    let calibration = dir.path().join("calibration.json");
    let scores = dir.path().join("scores.tsv");
    let (cal, out) = (calibration.display().to_string(), scores.display().to_string());
    let saved = run(&["score", &social(), "--save-calibration", &cal, "-o", &out]);
    assert_ok(&saved);
    assert!(saved.stdout.is_empty());
    assert!(stderr(&saved).contains("saved to"), "{}", stderr(&saved));
    assert_eq!(entries(dir.path()), ["calibration.json", "scores.tsv"]);

    let reused = run(&["score", &social(), "--calibration", &cal]);
    assert_ok(&reused);
    assert!(
        stderr(&reused).contains("scale from") && stderr(&reused).contains("fitted on 988 users"),
        "{}",
        stderr(&reused)
    );
    assert_eq!(stdout(&reused), read(&scores));
    // Fitting anew on the same input gives the same scale too.
    assert_eq!(stdout(&run(&["score", &social(), "-q"])), read(&scores));
    // A calibration of one day scores another day on its own scale.
    let day = run(&["score", &social(), "-q", "--calibration", &cal, "--as-of", "2024-02-01"]);
    assert_ok(&day);
    assert!(parse_scores(&stdout(&day))[0].score < 99.0);
    let explained = run(&["explain", &social(), "u0173", "-q", "--calibration", &cal]);
    assert_ok(&explained);
}

#[test]
fn bad_calibrations_are_one_line_errors_and_write_nothing() {
    let dir = tempdir();
    let good = dir.path().join("good.json");
    assert_ok(&run(&[
        "score",
        &social(),
        "-q",
        "--window-days",
        "30",
        "--save-calibration",
        &good.display().to_string(),
    ]));
    let text = read(&good);
    let cases = [
        ("malformed.json", String::from("{ not json"), "malformed.json:1: not a calibration"),
        ("version.json", text.replacen("\"format\": 3", "\"format\": 7", 1), "calibration format 7 is not supported"),
        ("empty.json", String::new(), "empty.json:1: not a calibration"),
        ("old.json", text.replacen("\"format\": 3", "\"format\": 2", 1), "fitted on scores of an earlier version"),
        ("other.json", text.clone(), "fitted under other score settings: --window-days 30 instead of 90"),
    ];
    for (name, content, message) in cases {
        let path = dir.path().join(name);
        write(&path, &content);
        let output = dir.path().join("scores.tsv");
        let out = run(&[
            "score",
            &social(),
            "--calibration",
            &path.display().to_string(),
            "-o",
            &output.display().to_string(),
        ]);
        let line = assert_error(&out);
        assert!(line.contains(message), "{name}: {line}");
        assert!(!output.exists(), "{name}");
        let line = assert_error(&run(&["explain", &social(), "u0173", "--calibration", &path.display().to_string()]));
        assert!(line.contains(message), "{name}: {line}");
        fs::remove_file(&path).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(entries(dir.path()), ["good.json"]);
    // Under its own settings it is fine.
    let g = good.display().to_string();
    assert_ok(&run(&["score", &social(), "-q", "--window-days", "30", "--calibration", &g, "--top", "1"]));
}

#[test]
fn as_of_changes_the_scores_and_a_bad_one_is_an_error() {
    let latest = stdout(&run(&["score", &social(), "-q"]));
    let out = run(&["score", &social(), "--as-of", "2024-02-01"]);
    assert_ok(&out);
    assert!(stderr(&out).contains("as of 2024-02-01T00:00:00Z (--as-of)"), "{}", stderr(&out));
    let early = parse_scores(&stdout(&out));
    assert_ne!(stdout(&out), latest);
    assert_eq!(early[0].score, 99.0);
    // The same time as Unix seconds.
    assert_eq!(stdout(&run(&["score", &social(), "-q", "--as-of", "1706745600"])), stdout(&out));

    let dir = tempdir();
    let output = dir.path().join("scores.tsv");
    let cal = dir.path().join("calibration.json");
    let out = run(&[
        "score",
        &social(),
        "--as-of",
        "garbage",
        "-o",
        &output.display().to_string(),
        "--save-calibration",
        &cal.display().to_string(),
    ]);
    let line = assert_error(&out);
    assert!(line.contains("--as-of") && line.contains("\"garbage\""), "{line}");
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
    let line = assert_error(&run(&["score", &social(), "--as-of", "2023-02-29"]));
    assert!(line.contains("2023-02-29"), "{line}");
}

#[test]
fn score_settings_are_checked() {
    let line = assert_error(&run(&["score", &social(), "--window-days", "0"]));
    assert!(line.contains("window_days"), "{line}");
    let line = assert_error(&run(&["score", &social(), "--saturation", "-1"]));
    assert!(line.contains("saturation"), "{line}");
    let differs = |args: &[&str]| {
        let out = run(&[&["score", &social(), "-q"], args].concat());
        assert_ok(&out);
        stdout(&out)
    };
    let default = differs(&[]);
    for args in [&["--window-days", "30"][..], &["--half-life-days", "inf"], &["--saturation", "5"]] {
        assert_ne!(differs(args), default, "{args:?}");
    }
    let facts = data("social-facts.csv").display().to_string();
    assert_ne!(differs(&["--facts", &facts]), default);
}

#[test]
fn trusted_users_switch_the_teleport() {
    let dir = tempdir();
    let trusted = dir.path().join("trusted.txt");
    write(&trusted, "# seeds\nu0173\nu0772\n");
    let t = trusted.display().to_string();
    let out = run(&["score", &social(), "-q", "--trusted", &t]);
    assert_ok(&out);
    assert_ne!(stdout(&out), stdout(&run(&["score", &social(), "-q"])));

    write(&trusted, "nobody\n");
    let line = assert_error(&run(&["score", &social(), "--trusted", &t]));
    assert!(line.contains("user \"nobody\"") && line.contains("trusted.txt"), "{line}");
    assert!(line.contains("without an interaction in the window"), "{line}");
    write(&trusted, "# nobody\n");
    let line = assert_error(&run(&["score", &social(), "--trusted", &t]));
    assert!(line.contains("no personalization entries found"), "{line}");
}

#[test]
fn teleport_flags_choose_where_influence_starts() {
    let scores = |args: &[&str]| {
        let out = run(&[&["score", &social(), "-q"], args].concat());
        assert_ok(&out);
        stdout(&out)
    };
    let default = scores(&[]);
    // The default teleports to users of standing, with the default
    // standing and volume weight, spelled out or not.
    assert_eq!(scores(&["--teleport", "standing"]), default);
    let spelled = [
        "--volume-weight",
        "0.5",
        "--standing-seed-reactors",
        "2",
        "--standing-reactors",
        "1",
        "--standing-anchor",
        "0.5",
    ];
    assert_eq!(scores(&spelled), default);
    let established = scores(&["--teleport", "established"]);
    assert_eq!(
        scores(&["--teleport", "established", "--established-reactors", "15", "--established-exponent", "4"]),
        established
    );
    for args in [
        &["--teleport", "engaged"][..],
        &["--teleport", "uniform"],
        &["--teleport", "established"],
        &["--volume-weight", "0"],
        &["--volume-weight", "1"],
        &["--standing-seed-reactors", "3"],
        &["--standing-reactors", "2"],
        &["--standing-anchor", "0.8"],
    ] {
        assert_ne!(scores(args), default, "{args:?}");
    }
    assert_ne!(scores(&["--teleport", "established", "--established-reactors", "5"]), established);
    assert_ne!(scores(&["--teleport", "established", "--established-exponent", "1"]), established);
    for teleport in ["engaged", "standing"] {
        let line = assert_error(&run(&["score", &social(), "--teleport", teleport, "--established-reactors", "5"]));
        assert!(line.contains("--established-reactors") && line.contains("--teleport established"), "{line}");
    }
    let line = assert_error(&run(&["score", &social(), "--established-exponent", "2"]));
    assert!(line.contains("--teleport established"), "{line}");
    let line = assert_error(&run(&["score", &social(), "--teleport", "established", "--established-reactors", "0.5"]));
    assert!(line.contains("reactors"), "{line}");
    let line = assert_error(&run(&["score", &social(), "--teleport", "established", "--established-exponent", "-1"]));
    assert!(line.contains("exponent"), "{line}");
    for (flag, value, name) in [
        ("--volume-weight", "1.5", "volume_weight"),
        ("--volume-weight", "-0.1", "volume_weight"),
        ("--standing-seed-reactors", "0.5", "standing seed reactors"),
        ("--standing-reactors", "nan", "standing reactors"),
        ("--standing-anchor", "2", "standing anchor"),
    ] {
        let line = assert_error(&run(&["score", &social(), flag, value]));
        assert!(line.contains(name), "{flag} {value}: {line}");
    }
    let out = run(&["score", &social(), "--teleport", "sideways"]);
    assert_eq!(out.status.code(), Some(2), "an argument error");
    assert!(stderr(&out).contains("possible values: standing, engaged, uniform, established"), "{}", stderr(&out));
    // A calibration fitted under one teleport is refused under another.
    let dir = tempdir();
    let cal = dir.path().join("cal.json").display().to_string();
    assert_ok(&run(&["score", &social(), "-q", "--teleport", "engaged", "--save-calibration", &cal]));
    let line = assert_error(&run(&["score", &social(), "--calibration", &cal]));
    assert!(line.contains("teleport"), "{line}");
}

#[test]
fn score_reads_standard_input() {
    let input = read(&data("social.csv"));
    let mut child = bin()
        .args(["score", "-", "--input-format", "csv", "-q", "--top", "5"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run influence: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        std::io::Write::write_all(&mut stdin, input.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_ok(&out);
    assert_eq!(stdout(&out), stdout(&run(&["score", &social(), "-q", "--top", "5"])));
}

#[test]
fn explain_breaks_down_the_top_user() {
    let top = parse_scores(&stdout(&run(&["score", &social(), "-q", "--top", "1"])));
    let user = top[0].user.as_str();
    let out = run(&["explain", &social(), user]);
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.starts_with(&format!("{user}: score 99.0 ")), "{text}");
    assert!(text.contains("by network:") && text.contains("by partner:"), "{text}");
    assert!(text.contains("other partners"), "{text}");
    assert!(stderr(&out).contains("scale fitted"), "{}", stderr(&out));

    let out = run(&["explain", &social(), user, "-q", "--json", "--partners", "2"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"));
    assert_eq!(json["user"], user);
    assert_eq!(json["score"].as_f64(), Some(99.0));
    assert_eq!(json["partners"].as_array().map(Vec::len), Some(2));
    let points: f64 = json["networks"].as_array().into_iter().flatten().filter_map(|n| n["points"].as_f64()).sum();
    assert!((1.0 + points - 99.0).abs() < 1e-9, "{points}");
}

#[test]
fn explain_of_an_unknown_user_is_an_error() {
    let line = assert_error(&run(&["explain", &social(), "nobody"]));
    assert!(line.starts_with("error: unknown user \"nobody\""), "{line}");
}

#[test]
fn topics_of_a_user_and_leaders_of_a_topic() {
    let out = run(&["topics", &social(), "u0173"]);
    assert_ok(&out);
    let text = stdout(&out);
    let (header, body) = text.split_once('\n').unwrap_or_default();
    assert_eq!(header, "topic\tinfluence\treactions");
    let rows: Vec<Vec<&str>> = body.lines().map(|l| l.split('\t').collect()).collect();
    // At most --top (5) rows: only topics whose posts drew u0173 reactions.
    assert!((2..=5).contains(&rows.len()), "{text}");
    assert!(rows.iter().all(|r| r.len() == 3 && r[1].parse::<f64>().is_ok_and(|v| v > 0.0)), "{text}");
    let influence: Vec<f64> = rows.iter().map(|r| r[1].parse().unwrap_or(f64::NAN)).collect();
    assert!(influence.windows(2).all(|w| w[0] >= w[1]), "{text}");
    let out = run(&["topics", &social(), "u0173", "-q", "--top", "2", "--json"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"));
    assert_eq!(json.as_array().map(Vec::len), Some(2));
    assert_eq!(json[0]["topic"].as_str(), rows[0].first().copied());

    let out = run(&["topics", &social(), "--topic", "tech", "-q"]);
    assert_ok(&out);
    let leaders = parse_pairs(stdout(&out).strip_prefix("user\tinfluence\n").unwrap_or_default());
    assert_eq!(leaders.len(), 5);
    assert!(leaders.windows(2).all(|w| w[0].1 >= w[1].1));
    // CSV with rounded numbers and without the header.
    let csv = run(&[
        "topics",
        &social(),
        "--topic",
        "tech",
        "-q",
        "--output-format",
        "csv",
        "--digits",
        "1",
        "--no-output-header",
    ]);
    assert_ok(&csv);
    let first = stdout(&csv).lines().next().unwrap_or_default().to_string();
    assert_eq!(first, format!("{},{:.1}", leaders[0].0, leaders[0].1));
    // Topics are matched as the input's are normalized.
    assert_eq!(stdout(&run(&["topics", &social(), "--topic", " #Tech", "-q"])), stdout(&out));
    let out = run(&["topics", &social(), "--topic", "tech", "-q", "--top", "2", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"));
    assert_eq!(json[0]["user"].as_str(), Some(leaders[0].0.as_str()));
}

#[test]
fn topics_errors() {
    let line = assert_error(&run(&["topics", &social(), "--topic", "cooking"]));
    assert!(line.contains("cooking") && line.contains("topics in the window: "), "{line}");
    assert!(line.contains("tech"), "{line}");
    let line = assert_error(&run(&["topics", &social(), "nobody"]));
    assert!(line.starts_with("error: unknown user \"nobody\""), "{line}");
    // Neither a user nor a topic, or both: argument errors.
    assert_eq!(run(&["topics", &social()]).status.code(), Some(2));
    assert_eq!(run(&["topics", &social(), "u0173", "--topic", "tech"]).status.code(), Some(2));
}

#[test]
fn score_and_calibration_outputs_are_written_together_or_not_at_all() {
    let dir = tempdir();
    let scores = dir.path().join("scores.tsv");
    let cal = dir.path().join("calibration.json");
    let missing = dir.path().join("no/such/dir");
    let s = |p: &Path| p.display().to_string();

    let line =
        assert_error(&run(&["score", &social(), "-o", &s(&scores), "--save-calibration", &s(&missing.join("c.json"))]));
    assert!(line.contains("c.json"), "{line}");
    let line =
        assert_error(&run(&["score", &social(), "-o", &s(&missing.join("s.tsv")), "--save-calibration", &s(&cal)]));
    assert!(line.contains("s.tsv"), "{line}");
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));

    let line = assert_error(&run(&["score", &social(), "--save-calibration", "-"]));
    assert!(line.contains("--save-calibration"), "{line}");
    assert_eq!(
        run(&["score", &social(), "--save-calibration", &s(&cal), "--calibration", &s(&cal)]).status.code(),
        Some(2)
    );
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}

#[test]
fn score_with_another_measure() {
    let out = run(&["score", &social(), "-q", "--measure", "tunkrank", "--top", "3"]);
    assert_ok(&out);
    assert_eq!(stdout(&out).lines().count(), 4);
    assert_ne!(stdout(&out), stdout(&run(&["score", &social(), "-q", "--top", "3"])));
    let line = assert_error(&run(&["score", &social(), "--measure", "nope"]));
    assert!(line.contains("nope") && line.contains("tunkrank"), "{line}");
    let line = assert_error(&run(&["score", &social(), "--measure", "followers"]));
    assert!(line.contains("followers"), "{line}");
}

#[test]
fn explanations_read_back_identically() {
    use influence::score::{Explanation, ScoreConfig, ScoreModel};
    let out = run(&["explain", &social(), "u0173", "-q", "--json", "--partners", "7"]);
    assert_ok(&out);
    let back: Explanation = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"));
    let records = influence::io::read_interactions(Path::new(&social()), influence::io::InputFormat::Auto).unwrap();
    let model = ScoreModel::builder(ScoreConfig::default()).build(&records).unwrap();
    let calibration = model.fit_calibration().unwrap();
    assert_eq!(back, model.explain(&calibration, "u0173", 7).unwrap());
}

#[test]
fn output_is_bit_identical_across_threads_and_line_order() {
    // The sample with its data lines reversed and interleaved.
    let text = std::fs::read_to_string(social()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let odd = lines.iter().skip(1).step_by(2).rev();
    let even = lines.iter().step_by(2);
    let shuffled: Vec<&str> = odd.chain(even).copied().collect();
    let dir = tempdir();
    let other = dir.path().join("shuffled.csv");
    std::fs::write(&other, format!("{header}\n{}\n", shuffled.join("\n"))).unwrap();
    let other = other.display().to_string();
    for command in [&["rank"][..], &["score"][..], &["explain", "u0173"][..], &["topics", "u0173"][..]] {
        let mut outputs = Vec::new();
        for input in [social(), other.clone()] {
            for threads in ["1", "2", "8"] {
                let mut args = vec![command[0], input.as_str()];
                args.extend_from_slice(&command[1..]);
                args.extend_from_slice(&["-q", "--threads", threads]);
                let out = run(&args);
                assert_ok(&out);
                outputs.push(out.stdout);
            }
        }
        assert!(outputs.windows(2).all(|w| w[0] == w[1]), "{command:?} differs across threads or line order");
    }
}

/// The value of a `name<spaces>value` row of `bench rmat`'s table.
fn bench_row<'a>(table: &'a str, name: &str) -> &'a str {
    table
        .lines()
        .find_map(|line| line.strip_prefix(name).filter(|rest| rest.starts_with("  ")).map(str::trim))
        .unwrap_or_else(|| panic!("no {name:?} row in:\n{table}"))
}

/// The number in `graph: N users, N edges, N interactions, N merged into an edge (networks combined), N
/// self-loops dropped, ...` that precedes `what`.
fn graph_line_count(stderr: &str, what: &str) -> u64 {
    let line = stderr.lines().find(|l| l.starts_with("graph: ")).unwrap_or_else(|| panic!("no graph line:\n{stderr}"));
    let part = line["graph: ".len()..]
        .split(", ")
        .find(|p| p.split_once(' ').is_some_and(|(_, rest)| rest == what))
        .unwrap_or_else(|| panic!("no {what:?} in {line:?}"));
    part.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no number in {part:?}"))
}

#[test]
fn bench_rmat_scaling_reranks_with_each_thread_count() {
    let out = run(&["bench", "rmat", "--scale", "12", "--scaling", "1,3,2"]);
    assert_ok(&out);
    let table = stdout(&out);
    let first = bench_row(&table, "scaling 1 threads");
    assert!(first.contains("speedup 1.00, bit-identical"), "{first}");
    for threads in ["3", "2"] {
        let row = bench_row(&table, &format!("scaling {threads} threads"));
        assert!(row.ends_with("bit-identical"), "{row}");
        assert!(row.contains(&format!("{} iterations", bench_row(&table, "iterations"))), "{row}");
    }
    assert!(bench_row(&table, "cores").parse::<usize>().is_ok_and(|c| c >= 1), "{table}");

    let out = run(&["bench", "rmat", "--scale", "10", "--scaling", "2,1", "--json"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"));
    let runs = json["scaling"].as_array().unwrap_or_else(|| panic!("no scaling array in {json}"));
    assert_eq!(runs.iter().map(|r| r["threads"].as_u64()).collect::<Vec<_>>(), [Some(2), Some(1)]);
    for r in runs {
        assert_eq!(r["identical"], true, "{r}");
        assert_eq!(r["largest_difference"], 0.0, "{r}");
        assert_eq!(r["iterations"], json["iterations"], "{r}");
        let (time, per) =
            (r["rank_seconds"].as_f64().unwrap_or(-1.0), r["seconds_per_iteration"].as_f64().unwrap_or(-1.0));
        assert!(time > 0.0 && (per * json["iterations"].as_f64().unwrap_or(0.0) - time).abs() < 1e-9, "{r}");
    }
    assert_eq!(runs[0]["speedup"], 1.0);

    // Without --scaling there is no scaling section.
    let out = run(&["bench", "rmat", "--scale", "8", "--json"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"));
    assert_eq!(json["scaling"].as_array().map(Vec::len), Some(0));

    // A thread count of 0 (or not a number) is refused before any work.
    for bad in ["0", "1,0", "two"] {
        let out = run(&["bench", "rmat", "--scale", "8", "--scaling", bad]);
        assert_eq!(out.status.code(), Some(2), "--scaling {bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("--scaling"), "--scaling {bad}: {}", stderr(&out));
    }
}

#[test]
fn bench_rmat_agrees_with_generate_and_rank() {
    let dir = tempdir();
    for weighted in [false, true] {
        let mut graph_flags = vec!["--scale", "12", "--seed", "3"];
        if weighted {
            graph_flags.push("--weighted");
        }
        let out = run(&[&["bench", "rmat"][..], &graph_flags].concat());
        assert_ok(&out);
        let table = stdout(&out);
        for row in [
            "graph",
            "threads",
            "interactions",
            "merged",
            "graph memory",
            "bytes per edge",
            "generate",
            "build",
            "rank",
            "iterations",
            "time per iteration",
            "bytes per iteration",
            "residual",
            "RSS after build",
            "peak RSS",
        ] {
            assert!(!bench_row(&table, row).is_empty(), "{row} is empty in:\n{table}");
        }
        assert_eq!(bench_row(&table, "users"), "4096");
        assert_eq!(bench_row(&table, "converged"), "yes");
        let number =
            |row: &str| -> u64 { bench_row(&table, row).parse().unwrap_or_else(|e| panic!("{row}: {e} in:\n{table}")) };
        let json_out = run(&[&["bench", "rmat", "--json"][..], &graph_flags].concat());
        assert_ok(&json_out);
        let json: serde_json::Value =
            serde_json::from_slice(&json_out.stdout).unwrap_or_else(|e| panic!("bad JSON: {e}"));
        assert_eq!(json["users"], 4096);
        assert_eq!(json["edges"].as_u64(), Some(number("edges")));
        assert_eq!(
            json["top_user"].as_str().map(str::to_string),
            bench_row(&table, "top user").split(' ').next().map(str::to_string)
        );
        assert_eq!(json["weighted"], weighted);
        assert_eq!(json["converged"], true);
        let memory = json["memory_bytes"].as_f64().unwrap_or(0.0);
        assert!(memory > 0.0);
        let bytes_per_edge = json["bytes_per_edge"].as_f64().unwrap_or(0.0);
        assert!((bytes_per_edge - memory / number("edges") as f64).abs() < 1e-9, "{json}");
        for key in ["generate_seconds", "build_seconds", "rank_seconds", "seconds_per_iteration", "residual"] {
            assert!(json[key].as_f64().is_some_and(|x| x >= 0.0), "{key} in {json}");
        }
        // The least bytes of an iteration: offsets, 4-byte sources, 4-byte
        // weights (R-MAT's are whole numbers), 40 bytes of f64 vectors per user.
        let word = std::mem::size_of::<usize>() as u64;
        let (users, edges) = (4096, number("edges"));
        let expected = word * (users + 1) + (4 + if weighted { 4 } else { 0 }) * edges + 40 * users;
        assert_eq!(json["iteration_bytes"].as_u64(), Some(expected), "{json}");
        assert_eq!(number("bytes per iteration"), expected);
        if cfg!(target_os = "linux") {
            let peak = json["peak_rss_bytes"].as_u64().unwrap_or(0);
            let rss = json["rss_after_build_bytes"].as_u64().unwrap_or(0);
            assert!(peak >= rss && rss > memory as u64, "{json}");
        }

        // The same graph written out and ranked: the same edges and top user.
        let path = dir.path().join(format!("rmat-{weighted}.edges")).display().to_string();
        assert_ok(&run(&[&["generate", "rmat"][..], &graph_flags, &["--output", &path]].concat()));
        let mut rank = vec!["rank", path.as_str(), "--top", "1"];
        if !weighted {
            // `bench` merges duplicate edges into weight 1, as --unweighted does.
            rank.push("--unweighted");
        }
        let ranked = run(&rank);
        assert_ok(&ranked);
        let err = stderr(&ranked);
        for (row, what) in [
            ("edges", "edges"),
            ("interactions", "interactions"),
            ("merged", "merged into an edge (networks combined)"),
            ("self-loops dropped", "self-loops dropped"),
        ] {
            assert_eq!(number(row), graph_line_count(&err, what), "{row}: bench\n{table}\nrank\n{err}");
        }
        // The edge list names only users in some edge line (self-loops too),
        // where bench keeps all 2^12.
        let listed = graph_line_count(&err, "users");
        assert!((number("users with edges")..=4096).contains(&listed), "{listed} users listed:\n{table}");
        let stats =
            run(&[&["stats", path.as_str()][..], if weighted { &[][..] } else { &["--unweighted"][..] }].concat());
        assert_ok(&stats);
        let stats = stdout(&stats);
        let stat = |row: &str| -> u64 { bench_row(&stats, row).parse().unwrap_or_else(|e| panic!("{row}: {e}")) };
        assert_eq!(stat("users") - stat("isolated users"), number("users with edges"));
        let top = parse_tsv(&stdout(&ranked));
        assert_eq!(Some(top[0].0.as_str()), bench_row(&table, "top user").split(' ').next(), "{table}");
    }
}

#[test]
fn bench_rmat_refuses_bad_settings_before_generating() {
    assert!(assert_error(&run(&["bench", "rmat", "--scale", "40"])).contains("scale"));
    assert!(assert_error(&run(&["bench", "rmat", "--scale", "8", "--tolerance", "0"])).contains("tolerance"));
    let out = run(&["bench", "rmat", "--scale", "8", "--max-iterations", "1"]);
    let err = assert_error(&out);
    assert!(err.contains("did not converge"), "{err}");
    // The measurements are still printed, with the failure in them.
    assert_eq!(bench_row(&stdout(&out), "converged"), "no");
}

/// Found by probing (issue "defects"): weights whose sum overflows printed
/// NaN, negative zeros or all zeros with exit 0, and Katz blamed its alpha.
#[test]
fn overflowing_weights_are_an_error_naming_the_user() {
    let dir = tempdir();
    let input = dir.path().join("overflow.csv");
    write(&input, "actor,target,weight\na,b,1.7e308\nc,b,1.7e308\nd,b,1.7e308\n");
    let input = input.display().to_string();
    for algorithm in ["in-strength", "eigenvector", "katz", "pagerank", "hits"] {
        let line = assert_error(&run(&["rank", &input, "--algorithm", algorithm, "-q"]));
        assert!(line.contains("into \"b\"") && line.contains("add up to more than"), "{algorithm}: {line}");
    }
    let line = assert_error(&run(&["compare", &input, "-q"]));
    assert!(line.contains("into \"b\""), "{line}");
}

/// No measure prints a negative zero (an empty `f64` sum is `-0.0`), nor
/// anything but a finite number.
#[test]
fn no_measure_prints_negative_zero_or_nan() {
    let dir = tempdir();
    let input = dir.path().join("dangling.edges");
    // d and e receive nothing: their scores are empty sums.
    write(&input, "a b\nc b\nd b\nb a\na c 3\ne a\n");
    let input = input.display().to_string();
    for algorithm in influence::Algorithm::NAMES.iter().filter(|a| **a != "followers") {
        for format in ["tsv", "csv", "json"] {
            let out = run(&["rank", &input, "--algorithm", algorithm, "--output-format", format, "-q"]);
            assert_ok(&out);
            let text = stdout(&out);
            for bad in ["-0", "NaN", "inf"] {
                assert!(!text.contains(bad), "{algorithm} {format} printed {bad}:\n{text}");
            }
        }
    }
}

/// A rank correlation with a ranking that ties everyone is undefined: the
/// tables say so in words instead of printing NaN.
#[test]
fn compare_and_validate_print_no_nan() {
    let dir = tempdir();
    let input = dir.path().join("pair.edges");
    write(&input, "a b\nb a\n");
    let input = input.display().to_string();
    for command in ["compare", "validate"] {
        let out = run(&[command, &input, "-q"]);
        assert_ok(&out);
        let text = stdout(&out);
        assert!(!text.contains("NaN") && text.contains("n/a"), "{command}:\n{text}");
    }
    // As JSON, compare writes an undefined correlation as null.
    let json = stdout(&run(&["compare", &input, "-q", "--output-format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let pairs = value["pairs"].as_array().unwrap_or_else(|| panic!("{json}"));
    assert!(pairs.iter().any(|p| p["spearman"].is_null()), "{json}");
    let n = value["runs"].as_array().map_or(0, Vec::len);
    assert_eq!(pairs.len(), n * (n - 1) / 2, "{json}");
}

/// Found by probing (issue "defects"): a calibration saved with
/// `--measure tunkrank` stored `"tunk-rank"`, and stderr said "PageRank
/// iterations" whatever the measure.
#[test]
fn a_saved_calibration_names_the_measure_as_the_cli_does() {
    let dir = tempdir();
    let saved = dir.path().join("tunkrank.json");
    let sample = data("social.csv").display().to_string();
    let out = run(&[
        "score",
        &sample,
        "--measure",
        "tunkrank",
        "--top",
        "3",
        "--save-calibration",
        &saved.display().to_string(),
    ]);
    assert_ok(&out);
    assert!(stderr(&out).contains("tunkrank iterations per network"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("PageRank iterations"), "{}", stderr(&out));
    let json = read(&saved);
    assert!(json.contains("\"tunkrank\"") && !json.contains("tunk-rank"), "{json}");
    let again =
        run(&["score", &sample, "--measure", "tunkrank", "--top", "3", "--calibration", &saved.display().to_string()]);
    assert_ok(&again);
    assert_eq!(stdout(&again), stdout(&out));
    let out = run(&["score", &sample, "--top", "1", "-q", "--save-calibration", &saved.display().to_string()]);
    assert_ok(&out);
    assert!(read(&saved).contains("\"measure\": \"pagerank\""));
    // Every measure's name goes from the command line into the file and
    // back: the file names it as `--measure` does, and applies to it.
    for name in influence::Algorithm::NAMES.iter().filter(|n| !["pagerank", "followers"].contains(n)) {
        let file = dir.path().join(format!("{name}.json"));
        let file = file.display().to_string();
        assert_ok(&run(&["score", &sample, "-q", "--top", "1", "--measure", name, "--save-calibration", &file]));
        let json = read(Path::new(&file));
        assert!(json.contains(&format!("\"{name}\": {{")), "{name}: {json}");
        assert_ok(&run(&["score", &sample, "-q", "--top", "1", "--measure", name, "--calibration", &file]));
    }
}

/// Found by probing (issue "defects"): too small a population was refused
/// with an error naming the placeholder INPUT. The scale never refuses a
/// population now: a small one is placed as a large one would be, and
/// stderr says so.
#[test]
fn a_small_population_is_scored_and_stderr_says_how() {
    let dir = tempdir();
    let input = dir.path().join("tiny.csv");
    // a, b and c react to each other (so they have standing); d reacts to
    // a, and nobody to d.
    write(&input, "actor,target\na,b\nb,a\na,c\nc,a\nb,c\nc,b\nd,a\n");
    let out = run(&["score", &input.display().to_string()]);
    assert_ok(&out);
    let err = stderr(&out);
    assert!(err.contains("scale fitted on the 3 users holding influence") && err.contains("too few to solve"), "{err}");
    assert!(err.contains("1 users at the floor"), "{err}");
    // a, b and c tie at the top: all 99; d holds nothing: 1.
    assert_eq!(stdout(&out).lines().count(), 5, "{}", stdout(&out));
    assert!(stdout(&out).lines().any(|l| l.starts_with("d\t1\t")), "{}", stdout(&out));
    assert_eq!(stdout(&out).lines().filter(|l| l.split('\t').nth(1) == Some("99")).count(), 3, "{}", stdout(&out));
    // Three users replying in a chain have no standing: everyone is at the
    // floor, and stderr says why.
    write(&input, "actor,target\na,b\nb,c\nc,b\n");
    let out = run(&["score", &input.display().to_string()]);
    assert_ok(&out);
    let err = stderr(&out);
    assert!(err.contains("3 users at the floor") && err.contains("nobody has standing"), "{err}");
}

/// The temporary files `influence` writes beside `dir`'s outputs.
fn temporary_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    names.sort();
    names
}

/// Found by probing (issue "defects"): an interrupted run left its
/// temporary file beside the output, one more per run. SIGINT and SIGTERM
/// remove it and exit with 128 + the signal (130 for Ctrl-C); the file
/// that was there before is untouched.
#[cfg(target_os = "linux")]
#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let dir = tempdir();
        let output = dir.path().join("out.edges");
        write(&output, "the previous output\n");
        // Generating takes a few seconds, writing 233 MB a few more.
        let mut child = bin()
            .args(["generate", "rmat", "--scale", "20", "-q", "--output", &output.display().to_string()])
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run influence: {e}"));
        // Wait until it writes its temporary file, then interrupt it.
        let start = std::time::Instant::now();
        while temporary_files(dir.path()).is_empty() {
            assert!(start.elapsed().as_secs() < 120, "no temporary file appeared");
            assert!(child.try_wait().unwrap().is_none(), "finished before it could be interrupted");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let pid = child.id().to_string();
        let kill = Command::new("kill").args([&format!("-{signal}"), &pid]).status().unwrap();
        assert!(kill.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}: {status:?}");
        assert_eq!(temporary_files(dir.path()), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(read(&output), "the previous output\n");
    }
}

/// A temporary file that a killed run (SIGKILL cannot be caught) left is
/// recognised by its name and removed by the next run writing there.
#[cfg(target_os = "linux")]
#[test]
fn a_later_run_removes_the_stale_temporary_files_of_dead_runs() {
    let dir = tempdir();
    let output = dir.path().join("ranks.tsv");
    // Process ids are below 2^22 on Linux: this one is not running.
    let stale = dir.path().join(".ranks.tsv.influence-4194400.0.tmp");
    write(&stale, "half a ranking");
    // Another program's file of a similar name, and our own live process's.
    let foreign = dir.path().join(".ranks.tsv.other.tmp");
    write(&foreign, "not ours");
    let out = run(&["rank", &karate(), "-q", "--output", &output.display().to_string()]);
    assert_ok(&out);
    assert!(!stale.exists(), "the stale temporary file is still there");
    assert!(foreign.exists(), "a file that is not ours was removed");
    assert_eq!(parse_tsv(&read(&output)).len(), 34);
}

/// Found by probing (issue "defects"): `--tolerance -1` was refused by the
/// argument parser as an unknown argument `-1` with a tip about `--`.
/// Every numeric option takes a negative number as its value, so the
/// message that names the option and its range is what the user sees.
#[test]
fn every_numeric_option_takes_a_negative_value_and_says_what_is_wrong() {
    let sample = data("social.csv").display().to_string();
    let k = karate();
    let cases: &[&[&str]] = &[
        &["rank", &k, "--damping", "-0.5"],
        &["rank", &k, "--tolerance", "-1"],
        &["rank", &k, "--max-iterations", "-1"],
        &["rank", &k, "--top", "-1"],
        &["rank", &k, "--max-users", "-1"],
        &["rank", &k, "--max-edges", "-1"],
        &["rank", &k, "--max-line-bytes", "-1"],
        &["--threads", "-1", "rank", &k],
        &["compare", &k, "--top-k", "-1"],
        &["validate", &k, "--simulations", "-1"],
        &["validate", &k, "--sample", "-1"],
        &["validate", &k, "--seed", "-1"],
        &["score", &sample, "--window-days", "-1"],
        &["score", &sample, "--half-life-days", "-1"],
        &["score", &sample, "--saturation", "-1"],
        &["score", &sample, "--teleport", "established", "--established-reactors", "-1"],
        &["score", &sample, "--teleport", "established", "--established-exponent", "-1"],
        &["score", &sample, "--volume-weight", "-1"],
        &["score", &sample, "--standing-seed-reactors", "-1"],
        &["score", &sample, "--standing-reactors", "-1"],
        &["score", &sample, "--standing-anchor", "-1"],
        &["score", &sample, "--credibility", "-1"],
        &["score", &sample, "--top", "-1"],
        &["explain", &sample, "u0001", "--partners", "-1"],
        &["topics", &sample, "--top", "-1"],
        &["generate", "rmat", "--scale", "-1"],
        &["generate", "rmat", "--edge-factor", "-1"],
        &["generate", "social", "--users", "-1"],
        &["generate", "social", "--seed", "-1"],
    ];
    for args in cases {
        let out = run(args);
        assert!(!out.status.success(), "{args:?} succeeded");
        let err = stderr(&out);
        assert!(!err.contains("unexpected argument"), "{args:?}: {err}");
        assert!(err.contains("-1") || err.contains("-0.5"), "{args:?}: {err}");
    }
    // A float setting is checked by the program itself, which says what it wants.
    let line = assert_error(&run(&["rank", &k, "--tolerance", "-1"]));
    assert!(line.contains("tolerance") && line.contains("greater than 0"), "{line}");
    let line = assert_error(&run(&["rank", &k, "--damping", "-0.5"]));
    assert!(line.contains("damping"), "{line}");
}

/// `influence topics` (and score, explain) on self-interactions only: an
/// error that says why there is nothing, even with -q.
#[test]
fn topics_of_self_interactions_only_say_why_there_is_nothing() {
    let dir = tempdir();
    let input = dir.path().join("self.csv");
    write(&input, "actor,target,topic\na,a,#x\nb,b,#y\n");
    let input = input.display().to_string();
    for args in [vec!["topics", &input, "a", "-q"], vec!["score", &input, "-q"], vec!["explain", &input, "a", "-q"]] {
        let line = assert_error(&run(&args));
        assert!(line.contains("self-interaction"), "{args:?}: {line}");
    }
}

/// Found by probing (issue "defects"): the help of --saturation said "at
/// most S reshares" while saturation is per kind.
#[test]
fn saturation_help_says_what_the_code_does() {
    let out = run(&["score", "--help"]);
    assert_ok(&out);
    let help = stdout(&out).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("at most S reactions of that kind") && help.contains("each kind on its own"), "{help}");
    assert!(!help.contains("S reshares"), "{help}");
}

/// `validate --split`: temporal validation on the input's own future, as
/// a table and as JSON; its flags and the cascade mode's do not mix.
#[test]
fn validate_split_compares_every_candidate_with_the_future() {
    let dir = tempdir();
    let input = dir.path().join("dated.csv");
    let mut text = String::from("actor,target,time\n");
    for d in 0..60 {
        text.push_str(&format!("fan{},star,{}\n", d % 9, d * 86_400));
        text.push_str(&format!("star,fan{},{}\n", d % 4, d * 86_400 + 3600));
    }
    write(&input, &text);
    let input = input.display().to_string();
    let out = run(&["validate", &input, "--split", "0.8", "-q"]);
    assert_ok(&out);
    let table = stdout(&out);
    for needle in [
        "temporal validation",
        "count: reactions",
        "count: distinct reactors",
        "best possible",
        "score, --measure hits",
    ] {
        assert!(table.contains(needle), "{needle}:\n{table}");
    }
    let json = run(&["validate", &input, "--split", "1970-02-19", "--horizon", "5", "--json", "-q"]);
    assert_ok(&json);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["split"], 49 * 86_400);
    assert_eq!(v["horizon_end"], 54 * 86_400);
    assert!(v["rows"].as_array().unwrap().len() > 10);
    for (args, message) in [
        (vec!["validate", &input, "--split", "0.8", "--algorithms", "pagerank"], "--algorithms"),
        (vec!["validate", &input, "--half-life-days", "7"], "give --split"),
        (vec!["validate", &input, "--split", "yesterday"], "invalid --split"),
        (vec!["validate", &input, "--split", "0.8", "--horizon", "-1"], "horizon"),
    ] {
        let line = assert_error(&run(&args));
        assert!(line.contains(message), "{args:?}: {line}");
    }
}

/// `--top 0` is refused (it would print nothing), and `generate` says what
/// it wrote and where (issue "what a person sees").
#[test]
fn top_zero_is_refused_and_generate_says_what_it_wrote() {
    for args in [
        vec!["rank", &karate(), "--top", "0"],
        vec!["score", "examples/data/social.csv", "--top", "0"],
        vec!["topics", "examples/data/social.csv", "--topic", "tech", "--top", "0"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("0 would print nothing"), "{args:?}: {}", stderr(&out));
    }
    let dir = tempdir();
    let path = dir.path().join("g.csv").display().to_string();
    let out = run(&["generate", "social", "--users", "40", "--seed", "2", "-o", &path]);
    assert_ok(&out);
    let rows = read(Path::new(&path)).lines().count() - 1;
    let err = stderr(&out);
    assert!(err.contains(&format!("generate: wrote {rows} interactions among")) && err.contains(&path), "{err}");
    let out = run(&["generate", "rmat", "--scale", "3", "-q", "-o", &path]);
    assert_ok(&out);
    assert_eq!(stderr(&out), "", "quiet");
}

/// Found by probing (issue "what a person sees"): `-o /dev/stdout` inside
/// a block whose output goes to a file renamed a temporary file over that
/// file, losing what the block wrote before and after. Standard output and
/// error named by path are written through the process's own streams.
#[cfg(target_os = "linux")]
#[test]
fn dev_stdout_is_written_through_standard_output() {
    let dir = tempdir();
    let out = dir.path().join("block.txt");
    let script = format!(
        "( echo before; '{}' rank '{}' --top 2 -q -o /dev/stdout; echo after ) > '{}'",
        env!("CARGO_BIN_EXE_influence"),
        karate(),
        out.display()
    );
    let status = Command::new("sh").arg("-c").arg(&script).status().unwrap();
    assert!(status.success());
    let text = read(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text:?}");
    assert_eq!((lines[0], lines[1], lines[4]), ("before", "user\tscore", "after"), "{text:?}");
    assert!(lines[1].contains('\t') && lines[2].contains('\t'), "{text:?}");
}

/// `--version` names the commit when built from a git checkout.
#[test]
fn version_names_the_commit() {
    let out = run(&["--version"]);
    assert_ok(&out);
    let text = stdout(&out);
    let version = text
        .trim()
        .strip_prefix(&format!("influence {}", env!("CARGO_PKG_VERSION")))
        .unwrap_or_else(|| panic!("{text}"));
    if Path::new(env!("CARGO_MANIFEST_DIR")).join(".git").is_dir() {
        let commit = version.strip_prefix(" (").and_then(|v| v.strip_suffix(')')).unwrap_or_else(|| panic!("{text}"));
        assert!(commit.len() == 12 && commit.bytes().all(|b| b.is_ascii_hexdigit()), "{text}");
    } else {
        assert!(version.is_empty() || version.starts_with(" ("), "{text}");
    }
}

/// On a terminal `score` prints a table for people (rank, user, score to
/// one decimal, the network and partner behind the most points); piped, it
/// prints TSV as before. The terminal is a pseudo-terminal from `script`
/// (util-linux).
#[cfg(target_os = "linux")]
#[test]
fn score_prints_a_table_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to give the program a terminal");
        return;
    }
    let command = format!("'{}' score '{}' --top 3 -q", env!("CARGO_BIN_EXE_influence"), social());
    let out = Command::new("script").args(["-q", "-e", "-c", &command, "/dev/null"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[0].starts_with("rank  user") && lines[0].contains("top partner (points)"), "{text}");
    let piped = parse_scores(&stdout(&run(&["score", &social(), "--top", "3", "-q"])));
    for (row, s) in lines[1..4].iter().zip(&piped) {
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!((cells[1], cells[2]), (s.user.as_str(), format!("{:.1}", s.score).as_str()), "{text}");
    }
    assert!(lines[4].starts_with("(3 of 988 users"), "{text}");
    // Asked for a format, a terminal gets that format.
    let command = format!("{command} --output-format tsv");
    let out = Command::new("script").args(["-q", "-e", "-c", &command, "/dev/null"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert_eq!(text.lines().filter(|l| l.contains('\t')).count(), 4, "{text}");
    assert!(text.contains("user\tscore\traw"), "{text}");
}

/// Every command's `--help` ends with examples, and every flag an example
/// uses is one the command takes.
#[test]
fn every_help_has_examples_with_real_flags() {
    for command in ["rank", "stats", "compare", "validate", "score", "explain", "topics"] {
        let out = run(&[command, "--help"]);
        assert_ok(&out);
        let help = stdout(&out);
        let (options, examples) = help.split_once("Examples:").unwrap_or_else(|| panic!("{command}: no examples"));
        let lines: Vec<&str> = examples.lines().filter(|l| l.trim_start().starts_with("influence ")).collect();
        assert!(lines.len() >= 2, "{command}: {examples}");
        for line in lines {
            assert!(line.trim_start().starts_with(&format!("influence {command} ")), "{command}: {line}");
            let code = line.split('#').next().unwrap_or_default();
            for flag in code.split_whitespace().filter(|t| t.starts_with("--")) {
                assert!(
                    options.contains(&format!("{flag} ")) || options.contains(&format!("{flag}\n")),
                    "{command}: {flag} in {line}"
                );
            }
        }
    }
}

/// `--color` colours the `error:` prefix (and clap's help and errors)
/// always, never, or on a terminal unless NO_COLOR is set.
#[test]
fn color_flag_and_no_color() {
    let missing = "no-such-file.edges";
    let always = stderr(&run(&["rank", missing, "--color", "always"]));
    assert!(always.starts_with("\u{1b}[1;31merror:\u{1b}[0m "), "{always:?}");
    let never = stderr(&run(&["--color=never", "rank", missing]));
    assert!(never.starts_with("error: ") && !never.contains('\u{1b}'), "{never:?}");
    // Not a terminal: no colour by default.
    let auto = stderr(&run(&["rank", missing]));
    assert!(!auto.contains('\u{1b}'), "{auto:?}");
    let out = bin().args(["rank", "--bogus", "--color", "always"]).env("NO_COLOR", "1").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains('\u{1b}'), "an explicit --color always wins");
    let out = run(&["rank", missing, "--color", "sometimes"]);
    assert_eq!(out.status.code(), Some(2));
}

/// One output convention: every command that prints a report takes
/// `--output-format` (text or json), `--json` being its short form; the
/// tables take tsv, csv or json.
#[test]
fn reports_take_output_format_with_json_as_its_short_form() {
    let social = social();
    let cases: [&[&str]; 3] = [
        &["stats", &social, "-q"],
        &["explain", &social, "u0173", "-q"],
        &["validate", &social, "--split", "0.8", "-q"],
    ];
    // Tables (rank, score, topics) take tsv, csv or json; topics keeps --json.
    let topics: &[&str] = &["topics", &social, "u0173", "-q"];
    let json = stdout(&run(&[topics, &["--json"]].concat()));
    assert_eq!(stdout(&run(&[topics, &["--output-format", "json"]].concat())), json);
    assert_eq!(stdout(&run(&[topics, &["--output-format", "tsv"]].concat())), stdout(&run(topics)));
    for args in cases {
        let json = stdout(&run(&[args, &["--json"]].concat()));
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "{args:?}: {json}");
        assert_eq!(stdout(&run(&[args, &["--output-format", "json"]].concat())), json, "{args:?}");
        let text = stdout(&run(&[args, &["--output-format", "text"]].concat()));
        assert_eq!(text, stdout(&run(args)), "{args:?}");
        assert_eq!(run(&[args, &["--json", "--output-format", "text"]].concat()).status.code(), Some(2));
    }
}

#[test]
fn completions_for_every_shell_name_every_command() {
    for (shell, marker) in [
        ("bash", "_influence()"),
        ("zsh", "#compdef influence"),
        ("fish", "complete -c influence"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        for command in ["rank", "score", "explain", "report", "validate"] {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        // Options of a subcommand complete too.
        assert!(script.contains("history-days"), "{shell}: no --history-days");
    }
    let bad = run(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn man_pages_on_stdout_and_one_per_command() {
    let out = run(&["man"]);
    assert!(out.status.success());
    let page = stdout(&out);
    assert!(page.contains(".TH influence 1"), "{page}");
    assert!(page.contains("report") && page.contains("completions"), "{page}");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("man1");
    let out = run(&["man", "--dir", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for name in ["influence.1", "influence-score.1", "influence-report.1", "influence-generate-social.1"] {
        let text = fs::read_to_string(target.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{name}");
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("man: wrote"));
}
