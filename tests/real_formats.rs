//! Published datasets read with the flags README documents ("Reading
//! published datasets"): the table's commands are parsed out of README.md,
//! so the documentation cannot drift from what is tested.
//!
//! Always: every command runs, through the library's `io::Reader` and
//! through the `influence` binary, on small hand-made files of the same
//! shapes (`tests/data/formats/`, gzipped here under the published names).
//! When the real files are in `../shared/data/real/` (they are never
//! copied into the repository), they are read too and checked against the
//! facts of that folder's README; otherwise the test says it skipped them.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use flate2::Compression;
use flate2::write::GzEncoder;
use influence::io::{NegativeWeights, Note, ReadStats, Reader};
use influence::{Interaction, InteractionKind, Network};

const README: &str = include_str!("../README.md");

/// Each published file: its name in README, the hand-made file of the same
/// shape, and its name in the real data folder.
const FILES: [(&str, &str, &str); 8] = [
    ("higgs-activity_time.txt.gz", "higgs-activity.txt", "higgs-activity_time.days1-4.txt.gz"),
    ("sx-mathoverflow-a2q.txt.gz", "mathoverflow-a2q.txt", "sx-mathoverflow-a2q.txt.gz"),
    ("sx-mathoverflow-c2q.txt.gz", "mathoverflow-c2q.txt", "sx-mathoverflow-c2q.txt.gz"),
    ("sx-mathoverflow-c2a.txt.gz", "mathoverflow-c2a.txt", "sx-mathoverflow-c2a.txt.gz"),
    ("email-Eu-core-temporal.txt.gz", "email-eu-temporal.txt", "email-Eu-core-temporal.txt.gz"),
    ("CollegeMsg.txt.gz", "collegemsg.txt.gz", "CollegeMsg.txt.gz"),
    ("enron-edges.tsv.gz", "enron-edges.tsv", "enron-edges.tsv.gz"),
    ("soc-sign-bitcoinotc.csv.gz", "bitcoinotc.csv", "soc-sign-bitcoinotc.csv.gz"),
];

fn formats_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/formats")
}

fn real_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("note: ../shared/data/real/ is absent: the published files are not checked, only their shapes");
        None
    }
}

/// README's table: each command's file name and flags.
fn documented() -> Vec<(String, Vec<String>)> {
    let start = README.find("## Reading published datasets").expect("README has the section");
    let section = &README[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let mut out = Vec::new();
    for line in section.lines().filter(|l| l.starts_with("| ")) {
        let Some(command) = line.split('`').find(|c| c.starts_with("influence score ")) else { continue };
        let mut words = command.split_whitespace().skip(2).map(String::from);
        let file = words.next().unwrap();
        out.push((file, words.collect()));
    }
    out
}

/// The flags of a README command, for a file named `file` in `dir`.
fn flags_for(file: &str) -> Vec<String> {
    documented().into_iter().find(|(f, _)| f == file).unwrap_or_else(|| panic!("README has no command for {file}")).1
}

/// The library's reader for README's flags, as the CLI builds it.
fn reader_for(flags: &[String]) -> Reader {
    let mut reader = Reader::default();
    let mut words = flags.iter();
    while let Some(flag) = words.next() {
        let mut value = || words.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        reader = match flag.as_str() {
            "--columns" => reader.columns(value().parse().unwrap()),
            "--kinds" => reader.kinds(value().parse().unwrap()),
            "--kind" => reader.default_kind(value().parse().unwrap()),
            "--network" => reader.default_network(value().parse().unwrap()),
            "--delimiter" => reader.delimiter(value().parse().unwrap()),
            "--negative-weights" => reader.negative_weights(value().parse().unwrap()),
            "--header" => reader.header(true),
            "--no-header" => reader.header(false),
            other => panic!("README uses a flag this test does not know: {other}"),
        };
    }
    reader
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// The hand-made files, gzipped (unless they are already) under the
/// published names, in a fresh directory.
fn fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, fixture, _) in FILES {
        let data = std::fs::read(formats_dir().join(fixture)).unwrap();
        let packed = if fixture.ends_with(".gz") { data } else { gzip(&data) };
        std::fs::write(dir.path().join(name), packed).unwrap();
    }
    dir
}

fn read(dir: &Path, name: &str) -> (Vec<Interaction>, ReadStats) {
    reader_for(&flags_for(name)).collect_file(&dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn users(records: &[Interaction]) -> usize {
    records.iter().flat_map(|r| [r.actor.as_str(), r.target.as_str()]).collect::<HashSet<_>>().len()
}

fn times(records: &[Interaction]) -> (i64, i64) {
    let t: Vec<i64> = records.iter().map(|r| r.time.expect("every record is dated")).collect();
    (*t.iter().min().unwrap(), *t.iter().max().unwrap())
}

/// Unix seconds of midnight UTC on a date.
fn day(date: &str) -> i64 {
    influence::io::parse_time(date).unwrap()
}

#[test]
fn readme_documents_one_command_per_published_file() {
    let files: Vec<String> = documented().into_iter().map(|(f, _)| f).collect();
    assert_eq!(files, FILES.map(|(name, _, _)| name.to_string()));
    for (_, flags) in documented() {
        // Every command names the columns: no third column is guessed.
        assert!(flags.contains(&"--columns".to_string()), "{flags:?}");
    }
}

#[test]
fn the_hand_made_files_read_with_the_documented_flags() {
    let dir = fixtures();
    let dir = dir.path();

    let (records, stats) = read(dir, "higgs-activity_time.txt.gz");
    assert_eq!((stats.lines, stats.records), (6, 6));
    assert!(stats.notes.is_empty(), "{:?}", stats.notes);
    let kinds: Vec<_> = records.iter().map(|r| r.kind.clone().unwrap()).collect();
    use InteractionKind::{Mention, Reply, Reshare};
    assert_eq!(kinds, [Mention, Reply, Reshare, Mention, Reshare, Reply]);
    assert!(records.iter().all(|r| r.network == Some(Network::Twitter)));
    assert_eq!(times(&records), (1_341_100_000, 1_341_100_400));

    for (name, n, kind) in [
        ("sx-mathoverflow-a2q.txt.gz", 4, Reply),
        ("sx-mathoverflow-c2q.txt.gz", 3, InteractionKind::Comment),
        ("sx-mathoverflow-c2a.txt.gz", 2, InteractionKind::Comment),
    ] {
        let (records, stats) = read(dir, name);
        assert_eq!(stats.records, n, "{name}");
        assert!(records.iter().all(|r| r.kind.as_ref() == Some(&kind) && r.weight.is_none()), "{name}");
    }

    let (records, _) = read(dir, "email-Eu-core-temporal.txt.gz");
    assert_eq!(times(&records), (0, 69_459_254));
    assert!(records.iter().all(|r| r.weight.is_none()));

    let (records, stats) = read(dir, "CollegeMsg.txt.gz");
    assert_eq!((stats.records, users(&records)), (4, 5));
    assert_eq!(records[0].time, Some(1_082_040_000));

    let (records, stats) = read(dir, "enron-edges.tsv.gz");
    assert_eq!((stats.lines, stats.records, stats.kinds_skipped), (6, 4, 1));
    assert_eq!(stats.notes, [Note::KindSkipped { kind: "bcc".into(), rows: 1 }]);
    // `1979-12-31 21:00:00`, no zone: UTC.
    assert_eq!(records[0].time, Some(315_522_000));
    assert_eq!(records[1].time, Some(day("2001-05-14T16:39:00Z")));
    assert_eq!(records[1].kind, Some(InteractionKind::Other("copy".into())));
    assert_eq!(records[1].topic.as_deref(), Some("2"));

    let (records, stats) = read(dir, "soc-sign-bitcoinotc.csv.gz");
    assert_eq!((stats.records, stats.negative_skipped), (3, 2));
    assert_eq!(stats.notes, [Note::NegativeWeightsSkipped { rows: 2, first_line: 3 }]);
    let weights: Vec<_> = records.iter().map(|r| r.weight.unwrap()).collect();
    assert_eq!(weights, [4.0, 2.0, 7.0]);
    // Fractional seconds, rounded down.
    assert_eq!(
        records.iter().map(|r| r.time.unwrap()).collect::<Vec<_>>(),
        [1_289_240_000, 1_289_240_100, 1_289_240_300]
    );
}

#[test]
fn the_committed_gzip_file_reads_like_its_plain_text() {
    let reader = reader_for(&flags_for("CollegeMsg.txt.gz"));
    let (packed, _) = reader.collect_file(&formats_dir().join("collegemsg.txt.gz")).unwrap();
    let plain = std::fs::read(formats_dir().join("collegemsg.txt")).unwrap();
    let (records, _) = reader.collect(&plain[..], None).unwrap();
    assert_eq!(packed, records);
}

#[test]
fn without_the_documented_flags_the_shapes_fail_or_are_noted() {
    let dir = fixtures();
    // CollegeMsg's times would be weights: said.
    let (_, stats) = Reader::default().collect_file(&dir.path().join("CollegeMsg.txt.gz")).unwrap();
    assert_eq!(stats.notes[0].time_columns().as_deref(), Some("actor,target,time"));
    // Higgs' kinds are not times: an error at line 1.
    let err = Reader::default().collect_file(&dir.path().join("higgs-activity_time.txt.gz")).unwrap_err();
    assert_eq!(err.position().map(|p| p.line()), Some(1));
    assert!(err.to_string().contains("time \"MT\" is not an integer"), "{err}");
    // Bitcoin OTC's negative ratings are errors unless skipped.
    let flags = flags_for("soc-sign-bitcoinotc.csv.gz");
    let strict = reader_for(&flags).negative_weights(NegativeWeights::Error);
    let err = strict.collect_file(&dir.path().join("soc-sign-bitcoinotc.csv.gz")).unwrap_err();
    assert_eq!(err.position().map(|p| p.line()), Some(3));
}

fn influence(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_influence"))
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `text` with more lines in the shape of its last one, between `n` new
/// users (found through `flags`' columns): each reacts to every one before
/// it, and three of them to each user of `text`. Fitting a calibration
/// takes at least 20 users, of varied influence and each reacted to, more
/// than a hand-made file of a few lines holds.
fn padded(text: &str, flags: &[String], n: usize) -> String {
    let columns = flags.iter().skip_while(|f| *f != "--columns").nth(1).unwrap();
    let columns: Vec<&str> = columns.split(',').collect();
    let last = text.lines().last().unwrap();
    let sep = if last.contains('\t') {
        '\t'
    } else if last.contains(',') {
        ','
    } else {
        ' '
    };
    let cell = |line: &str, name: &str| {
        let at = columns.iter().position(|c| *c == name).unwrap();
        line.split(sep).nth(at).unwrap().to_string()
    };
    let mut old: Vec<String> = Vec::new();
    for line in text.lines().filter(|l| l.split(sep).count() == columns.len() && !l.starts_with("from")) {
        for user in [cell(line, "actor"), cell(line, "target")] {
            if !old.contains(&user) {
                old.push(user);
            }
        }
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    for i in 0..n {
        pairs.extend((0..i).map(|j| ((9000 + i).to_string(), (9000 + j).to_string())));
    }
    for (k, user) in old.iter().enumerate() {
        pairs.extend((0..3).map(|j| ((9000 + (k + j) % n).to_string(), user.clone())));
    }
    let mut out = text.to_string();
    for (actor, target) in pairs {
        let cells: Vec<String> = last
            .split(sep)
            .zip(&columns)
            .map(|(c, column)| match *column {
                "actor" => actor.clone(),
                "target" => target.clone(),
                _ => c.to_string(),
            })
            .collect();
        out.push_str(&cells.join(&sep.to_string()));
        out.push('\n');
    }
    out
}

#[test]
fn the_documented_commands_run_on_the_hand_made_files() {
    let dir = fixtures();
    for (file, flags) in documented() {
        // Enough users to fit a calibration.
        let path = dir.path().join(&file);
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&path).unwrap()).read_to_string(&mut text).unwrap();
        std::fs::write(&path, gzip(padded(&text, &flags, 30).as_bytes())).unwrap();
        for command in ["score", "stats"] {
            let mut args = vec![command, file.as_str()];
            args.extend(flags.iter().map(String::as_str));
            let (ok, out, err) = influence(dir.path(), &args, None);
            assert!(ok, "influence {}: {err}", args.join(" "));
            assert!(!out.is_empty(), "influence {}", args.join(" "));
            // Nothing assumed but what the flags asked for.
            for line in err.lines().filter(|l| l.starts_with("note:")) {
                assert!(line.contains("(--kinds)") || line.contains("(--negative-weights skip)"), "{line}");
            }
        }
    }
    // Without --columns, the CLI says what it assumed.
    let (ok, _, err) = influence(dir.path(), &["stats", "CollegeMsg.txt.gz"], None);
    assert!(ok);
    assert!(
        err.contains(
            "note: the third column was read as weights (1082040000 to 1098770000); if it is a time, give --columns \
             actor,target,time\n"
        ),
        "{err}"
    );
    // Quiet means quiet.
    let (_, _, err) = influence(dir.path(), &["stats", "-q", "CollegeMsg.txt.gz"], None);
    assert_eq!(err, "");
}

#[test]
fn mathoverflow_scores_as_one_input_through_standard_input() {
    // README's pipeline: each file's lines tagged with its kind.
    let mut input = Vec::new();
    let columns = ["--columns".to_string(), "actor,target,time".to_string()];
    for k in ["a2q", "c2q", "c2a"] {
        let text = std::fs::read_to_string(formats_dir().join(format!("mathoverflow-{k}.txt"))).unwrap();
        for line in padded(&text, &columns, 25).lines() {
            input.extend(format!("{line} {k}\n").into_bytes());
        }
    }
    let flags = "--columns actor,target,time,kind --kinds a2q=reply,c2q=comment,c2a=comment";
    assert!(README.contains(&format!("influence score - {flags}")), "README's pipeline changed");
    let mut args = vec!["score", "-"];
    args.extend(flags.split(' '));
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, err) = influence(dir.path(), &args, Some(&gzip(&input)));
    assert!(ok, "{err}");
    // The header line, then 4 + 25 users.
    assert_eq!(out.lines().count(), 1 + 4 + 25, "{out}");
}

#[test]
fn a_truncated_published_file_is_an_error_naming_it() {
    let dir = fixtures();
    let path = dir.path().join("soc-sign-bitcoinotc.csv.gz");
    let whole = std::fs::read(&path).unwrap();
    std::fs::write(&path, &whole[..whole.len() - 10]).unwrap();
    let reader = reader_for(&flags_for("soc-sign-bitcoinotc.csv.gz"));
    let err = reader.collect_file(&path).unwrap_err();
    assert!(err.is_io_error(), "{err}");
    assert!(err.to_string().contains("soc-sign-bitcoinotc.csv.gz: the gzip data is truncated or corrupt"), "{err}");
    let mut args = vec!["score", "soc-sign-bitcoinotc.csv.gz"];
    let flags = flags_for("soc-sign-bitcoinotc.csv.gz");
    args.extend(flags.iter().map(String::as_str));
    let (ok, out, err) = influence(dir.path(), &args, None);
    assert!(!ok);
    assert_eq!(out, "");
    assert!(err.contains("soc-sign-bitcoinotc.csv.gz: the gzip data is truncated or corrupt"), "{err}");
}

#[test]
fn the_published_files_read_with_the_documented_flags() {
    let Some(real) = real_dir() else { return };
    let read_real = |name: &str| {
        let (_, _, file) = FILES.iter().find(|(n, _, _)| *n == name).unwrap();
        reader_for(&flags_for(name)).collect_file(&real.join(file)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };

    // Higgs, days 1-4: 410,134 lines, 223,321 users, 42,778 reacted to.
    let (records, stats) = read_real("higgs-activity_time.txt.gz");
    assert_eq!((stats.lines, stats.records), (410_134, 410_134));
    assert_eq!(users(&records), 223_321);
    assert_eq!(records.iter().map(|r| r.target.as_str()).collect::<HashSet<_>>().len(), 42_778);
    let (first, last) = times(&records);
    assert!(first >= day("2012-07-01") && last < day("2012-07-05"), "{first} {last}");
    let kinds: HashSet<_> = records.iter().map(|r| r.kind.clone().unwrap()).collect();
    assert_eq!(kinds, HashSet::from([InteractionKind::Reshare, InteractionKind::Mention, InteractionKind::Reply]));
    assert!(stats.notes.is_empty());

    // MathOverflow: 107,581 / 203,639 / 195,330 lines, 24,818 users, Sep
    // 2009 - Mar 2016, 23 % reacting to their own posts.
    let mut all = Vec::new();
    for (name, lines) in [
        ("sx-mathoverflow-a2q.txt.gz", 107_581),
        ("sx-mathoverflow-c2q.txt.gz", 203_639),
        ("sx-mathoverflow-c2a.txt.gz", 195_330),
    ] {
        let (records, stats) = read_real(name);
        assert_eq!((stats.lines, stats.records), (lines, lines), "{name}");
        all.extend(records);
    }
    assert_eq!(users(&all), 24_818);
    let (first, last) = times(&all);
    assert!(first >= day("2009-09-01") && last < day("2016-04-01"), "{first} {last}");
    let own = all.iter().filter(|r| r.actor == r.target).count() as f64 / all.len() as f64;
    assert!((0.225..0.235).contains(&own), "{own}");

    // email-Eu-core-temporal: 332,334 lines, 986 users, 803 days from 0.
    let (records, stats) = read_real("email-Eu-core-temporal.txt.gz");
    assert_eq!((stats.records, users(&records)), (332_334, 986));
    let (first, last) = times(&records);
    assert!(first >= 0 && last / 86_400 == 803, "{first} {last}");

    // CollegeMsg: 59,835 lines, 1,899 users, April to October 2004.
    let (records, stats) = read_real("CollegeMsg.txt.gz");
    assert_eq!((stats.records, users(&records)), (59_835, 1_899));
    let (first, last) = times(&records);
    assert!(first >= day("2004-04-01") && last < day("2004-11-01"), "{first} {last}");
    assert!(records.iter().all(|r| r.weight.is_none()));

    // Enron: 125,409 rows, 184 users; every bcc row repeats a cc row, so
    // as many are left out as are read as copies; 1998-2002 but for 174
    // placeholder rows in 1979.
    let (records, stats) = read_real("enron-edges.tsv.gz");
    assert_eq!(stats.records + stats.kinds_skipped, 125_409);
    let copies = records.iter().filter(|r| r.kind == Some(InteractionKind::Other("copy".into()))).count() as u64;
    assert_eq!(stats.kinds_skipped, copies);
    assert_eq!(users(&records), 184);
    let placeholders = records.iter().filter(|r| r.time.unwrap() < day("1980-01-01")).count();
    assert!(placeholders > 0 && placeholders <= 174, "{placeholders}");
    let dated: Vec<_> = records.iter().filter(|r| r.time.unwrap() >= day("1980-01-01")).cloned().collect();
    let (first, last) = times(&dated);
    assert!(first >= day("1998-01-01") && last < day("2003-01-01"), "{first} {last}");

    // Bitcoin OTC: 35,592 ratings, 3,563 of them negative; 2010-2016.
    let (records, stats) = read_real("soc-sign-bitcoinotc.csv.gz");
    assert_eq!((stats.records + stats.negative_skipped, stats.negative_skipped), (35_592, 3_563));
    assert!(records.iter().all(|r| (1.0..=10.0).contains(&r.weight.unwrap())));
    let (first, last) = times(&records);
    assert!(first >= day("2010-01-01") && last < day("2017-01-01"), "{first} {last}");
}

#[test]
fn the_published_files_load_through_the_cli() {
    let Some(real) = real_dir() else { return };
    for (name, _, file) in FILES {
        let mut args = vec!["stats".to_string(), real.join(file).display().to_string(), "--json".to_string()];
        args.extend(flags_for(name));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (ok, out, err) = influence(&real, &args, None);
        assert!(ok, "{name}: {err}");
        assert!(out.contains("\"users\""), "{name}: {out}");
    }
}

#[test]
fn bad_flag_values_are_errors_that_name_them() {
    let dir = fixtures();
    for (flags, expected) in [
        (&["--columns", "actor,target,when"][..], "invalid value 'actor,target,when' for '--columns <COLUMNS>'"),
        (&["--columns", "actor,time,time"], "time is listed twice"),
        (&["--columns", "-,target,time"], "there is no actor column"),
        (&["--kinds", "RT"], "invalid value 'RT' for '--kinds <MAP>'"),
        (&["--delimiter", "-1"], "invalid value '-1' for '--delimiter <DELIMITER>'"),
        (&["--negative-weights", "-1"], "invalid value '-1' for '--negative-weights <WHAT>'"),
        (&["--columns", "actor,target,time", "--kinds", "a=reply"], "have no kind column"),
        (&["--header", "--no-header"], "cannot be used with"),
    ] {
        let mut args = vec!["stats", "CollegeMsg.txt.gz"];
        args.extend(flags);
        let (ok, out, err) = influence(dir.path(), &args, None);
        assert!(!ok && out.is_empty(), "{flags:?}");
        assert!(err.contains(expected), "{flags:?}: {err}");
    }
    // A kind the map does not name: the file and line.
    let args = ["stats", "higgs-activity_time.txt.gz", "--columns", "actor,target,time,kind", "--kinds", "RT=reshare"];
    let (ok, _, err) = influence(dir.path(), &args, None);
    assert!(!ok);
    assert!(
        err.starts_with("error: higgs-activity_time.txt.gz:1: kind \"MT\" is not in the kind mapping (RT)"),
        "{err}"
    );
}
