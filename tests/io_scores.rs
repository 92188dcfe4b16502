//! Scores files through the public API: what `write_scores` writes in every
//! format reads back bit for bit, and every malformed input is an `Err`
//! naming the exact line and the offending text.

use std::path::Path;

use influence::io::{self, OutputFormat};
use influence::score::{ScoreConfig, ScoreModel, UserScore};

const FORMATS: [OutputFormat; 3] = [OutputFormat::Tsv, OutputFormat::Csv, OutputFormat::Json];

/// The calibrated scores of the bundled sample, with its facts, best first.
fn sample_scores() -> Vec<UserScore> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let records = io::read_interactions(&data.join("social.csv"), io::InputFormat::Auto).unwrap();
    let facts = io::read_facts(&data.join("social-facts.csv")).unwrap();
    let model = ScoreModel::builder(ScoreConfig::default()).facts(facts).build(&records).unwrap();
    let calibration = model.fit_calibration().unwrap();
    model.scores(&calibration).unwrap()
}

fn write(scores: &[UserScore], format: OutputFormat, top: Option<usize>) -> Vec<u8> {
    let mut out = Vec::new();
    io::write_scores(scores, &mut out, format, top).unwrap();
    out
}

/// Equal bit for bit, not only as numbers.
fn assert_same_bits(read: &[UserScore], written: &[UserScore], what: &str) {
    assert_eq!(read.len(), written.len(), "{what}");
    for (r, w) in read.iter().zip(written) {
        assert_eq!(r.user, w.user, "{what}");
        assert_eq!(r.score.to_bits(), w.score.to_bits(), "{what}: score of {}", w.user);
        assert_eq!(r.raw.to_bits(), w.raw.to_bits(), "{what}: raw of {}", w.user);
    }
}

#[test]
fn sample_scores_read_back_bit_for_bit_in_every_format() {
    let scores = sample_scores();
    assert!(scores.len() > 900, "{} users", scores.len());
    for format in FORMATS {
        let text = write(&scores, format, None);
        let read = io::read_scores(text.as_slice(), format, None).unwrap();
        assert_same_bits(&read, &scores, &format.to_string());

        let top = io::read_scores(write(&scores, format, Some(10)).as_slice(), format, None).unwrap();
        assert_same_bits(&top, &scores[..10], &format!("{format} top 10"));
    }
}

#[test]
fn written_text_has_the_documented_shape() {
    let scores = sample_scores();
    let tsv = String::from_utf8(write(&scores, OutputFormat::Tsv, Some(3))).unwrap();
    let mut lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines.remove(0), "user\tscore\traw");
    assert_eq!(lines[0], format!("{}\t{}\t{}", scores[0].user, scores[0].score, scores[0].raw));
    assert_eq!(scores[0].score, 99.0);

    let csv = String::from_utf8(write(&scores, OutputFormat::Csv, Some(2))).unwrap();
    assert!(csv.starts_with("user,score,raw\n"), "{csv}");
    assert_eq!(csv.lines().count(), 3);

    let json = write(&scores, OutputFormat::Json, Some(2));
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let entries = value.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["user"], scores[0].user.as_str());
    assert_eq!(entries[1]["raw"].as_f64(), Some(scores[1].raw));
}

#[test]
fn awkward_ids_and_extreme_numbers_read_back() {
    let scores = vec![
        UserScore::new("a,b \"quoted\"", 100.0, 1e300),
        UserScore::new(" spaced ", 63.0 + 1.0 / 3.0, 0.1 + 0.2),
        UserScore::new("ünïcödé #tag", 1.0 + f64::EPSILON, 5e-324),
        UserScore::new("[{,]}", 1.0, -0.0),
        UserScore::new("12", 40.0, 0.0),
    ];
    for format in FORMATS {
        let read = io::read_scores(write(&scores, format, None).as_slice(), format, None).unwrap();
        assert_same_bits(&read, &scores, &format.to_string());
    }
    // A line break in an id: CSV quotes it and JSON escapes it.
    let broken = vec![UserScore::new("two\nlines", 50.0, 2.0)];
    for format in [OutputFormat::Csv, OutputFormat::Json] {
        let read = io::read_scores(write(&broken, format, None).as_slice(), format, None).unwrap();
        assert_same_bits(&read, &broken, &format.to_string());
    }
}

#[test]
fn no_scores_read_back_as_none() {
    for format in FORMATS {
        let text = write(&[], format, None);
        assert!(io::read_scores(text.as_slice(), format, None).unwrap().is_empty(), "{format}");
    }
    assert!(io::read_scores("[ ]".as_bytes(), OutputFormat::Json, None).unwrap().is_empty());
}

#[test]
fn json_in_any_layout_reads() {
    let compact = r#"[{"user":"ann","score":99,"raw":2.5},{"raw":1e-3,"score":4.5e1,"user":"bob"}]"#;
    let pretty = "\u{feff}[\n  {\n    \"user\": \"ann\",\n    \"score\": 99,\n    \"raw\": 2.5\n  },\n  \
                  {\"raw\": 0.001, \"score\": 45, \"user\": \"bob\"}\n]\n";
    let expected = vec![UserScore::new("ann", 99.0, 2.5), UserScore::new("bob", 45.0, 0.001)];
    for text in [compact, pretty] {
        assert_eq!(io::read_scores(text.as_bytes(), OutputFormat::Json, None).unwrap(), expected, "{text}");
    }
}

#[test]
fn csv_columns_in_any_order() {
    let input = "\u{feff}Raw,USER,score\r\n2.5,ann,99\r\n\r\n0.001,\"b,ob\",45\r\n";
    let read = io::read_scores(input.as_bytes(), OutputFormat::Csv, None).unwrap();
    assert_eq!(read, [UserScore::new("ann", 99.0, 2.5), UserScore::new("b,ob", 45.0, 0.001)]);
}

#[test]
fn writers_refuse_what_would_not_read_back_and_write_nothing() {
    let ok = UserScore::new("ann", 50.0, 1.0);
    let bad = [
        (UserScore::new("tab\there", 50.0, 1.0), OutputFormat::Tsv, "TSV cannot represent"),
        (UserScore::new("line\nbreak", 50.0, 1.0), OutputFormat::Tsv, "TSV cannot represent"),
        (UserScore::new("", 50.0, 1.0), OutputFormat::Csv, "user id is empty"),
        (UserScore::new("ann", f64::NAN, 1.0), OutputFormat::Json, "from 1 to 100"),
        (UserScore::new("ann", 0.5, 1.0), OutputFormat::Tsv, "from 1 to 100"),
        (UserScore::new("ann", 100.5, 1.0), OutputFormat::Csv, "from 1 to 100"),
        (UserScore::new("ann", 50.0, -1.0), OutputFormat::Tsv, "at least 0"),
        (UserScore::new("ann", 50.0, f64::INFINITY), OutputFormat::Json, "finite"),
    ];
    for (score, format, message) in bad {
        let mut out = Vec::new();
        let err = io::write_scores(&[ok.clone(), score.clone()], &mut out, format, None).unwrap_err();
        assert!(err.to_string().contains(message), "{score:?} as {format}: {err}");
        assert!(out.is_empty(), "{score:?} as {format}: wrote {:?}", String::from_utf8_lossy(&out));
    }
    // Beyond `top`, a bad score is not written and so not refused.
    let mut out = Vec::new();
    io::write_scores(&[ok.clone(), UserScore::new("ann", f64::NAN, 1.0)], &mut out, OutputFormat::Tsv, Some(1))
        .unwrap();
    assert_eq!(out, b"user\tscore\traw\nann\t50\t1\n");
}

#[test]
fn malformed_inputs_name_the_line_and_the_text() {
    use OutputFormat::{Csv, Json, Tsv};
    let cases: &[(OutputFormat, &[u8], u64, &str)] = &[
        (Tsv, b"ann\t99\t1\nbob\t99\n", 2, "expected 3 tab-separated fields (user, score, raw), found 2"),
        (Tsv, b"ann\t99\t1\t0\n", 1, "found 4"),
        (Tsv, b"ann 99 1\n", 1, "found 1: \"ann 99 1\""),
        (Tsv, b"ann\t99\t1\n\nbob\tx\t1\n", 3, "score \"x\" is not a number"),
        (Tsv, b"ann\t99\t1\nbob\t0\t1\n", 2, "score 0 of user \"bob\" is not a number from 1 to 100"),
        (Tsv, b"ann\tNaN\t1\n", 1, "score NaN"),
        (Tsv, b"ann\t50\t-1\n", 1, "raw influence -1 of user \"ann\" must be finite and at least 0"),
        (Tsv, b"ann\t50\tinf\n", 1, "raw influence inf"),
        (Tsv, b"\t50\t1\n", 1, "the user id is empty"),
        (Tsv, b"ann\t50\t1\nb\xFFb\t50\t1\n", 2, "not valid UTF-8"),
        (Csv, b"", 1, "the input is empty: expected the header user,score,raw"),
        (Csv, b"user,score\nann,1\n", 1, "missing column \"raw\""),
        (Csv, b"user,score,raw,rank\n", 1, "unknown column \"rank\""),
        (Csv, b"user,score,raw,user\n", 1, "column user appears twice"),
        (Csv, b"user,score,raw\nann,50,1\nbob,50\n", 3, "expected 3 fields as in the header, found 2"),
        (Csv, b"user,score,raw\nann,50,oops\n", 2, "raw influence \"oops\" is not a number"),
        (Csv, b"user,score,raw\n\"multi\nline\",50,1\nbob,500,1\n", 4, "score 500 of user \"bob\""),
        (Csv, b"user,score,raw\n,50,1\n", 2, "the user id is empty"),
        (Json, b"", 1, "the input is empty: expected a JSON array"),
        (Json, b"\n\n{\"user\": \"ann\"}", 3, "expected a JSON array of score objects, found '{'"),
        (
            Json,
            b"[\n{\"user\": \"ann\", \"score\": 50, \"raw\": 1},\n{\"user\": \"bob\", \"score\": 50}\n]",
            3,
            "missing key \"raw\"",
        ),
        (
            Json,
            b"[\n{\"user\": \"ann\", \"score\": 50, \"raw\": 1},\n]\n",
            3,
            "expected a score object after a comma, found ']'",
        ),
        (Json, b"[,]", 1, "after the opening bracket, found ','"),
        (Json, b"[\n{\"user\": \"ann\", \"score\": 50, \"raw\": 1}\n", 3, "no closing bracket"),
        (Json, b"[\n{\"user\": \"ann\", \"score\": 50, \"raw\": 1},\n", 3, "no closing bracket"),
        (Json, b"[{\"user\": \"ann\", \"score\": \"50\", \"raw\": 1}]", 1, "score \"50\" must be a JSON number"),
        (Json, b"[{\"user\": 7, \"score\": 50, \"raw\": 1}]", 1, "user 7 must be a JSON string"),
        (Json, b"[{\"user\": \"ann\", \"score\": 50, \"raw\": 1, \"rank\": 2}]", 1, "unknown key \"rank\""),
        (Json, b"[\n{\"user\": \"ann\",\n \"score\": 50 \"raw\": 1}]", 3, "invalid JSON at column"),
        (Json, b"[\n1]", 2, "expected an object with keys"),
        (Json, b"[\n{\"user\": \"ann\", \"score\": 150, \"raw\": 1}]", 2, "score 150 of user \"ann\""),
        (
            Json,
            b"[{\"user\": \"ann\", \"score\": 50, \"raw\": 1}]\nx",
            2,
            "unexpected 'x' after the end of the JSON array",
        ),
        (Json, b"[\n{\"user\": \"\xFF\", \"score\": 50, \"raw\": 1}]", 2, "not valid UTF-8"),
    ];
    for &(format, input, line, message) in cases {
        let shown = String::from_utf8_lossy(input);
        let err = match io::read_scores(input, format, None) {
            Ok(scores) => panic!("{format} {shown:?} read as {scores:?}"),
            Err(e) => e,
        };
        assert_eq!(err.position().map(|p| p.line()), Some(line), "{format} {shown:?}: {err}");
        assert!(err.to_string().contains(message), "{format} {shown:?}: {err}");
    }
}

#[test]
fn errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scores.tsv");
    std::fs::write(&path, "ann\t99\t1\nbob\t99\n").unwrap();
    let file = std::fs::File::open(&path).unwrap();
    let err = io::read_scores(file, OutputFormat::Tsv, Some(&path)).unwrap_err();
    assert_eq!(err.position().map(|p| (p.path(), p.line())), Some((Some(path.as_path()), 2)));
    assert!(err.to_string().starts_with(&format!("{}:2: ", path.display())), "{err}");
}
