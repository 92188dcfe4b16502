//! User facts CSV through the public API: good files read right, every
//! malformed one is an `Err` naming the file, the exact line and the
//! offending text, and what the writer writes reads back identically.

use influence::io;
use influence::{ErrorKind, Network, UserFacts};

fn read(input: &str) -> influence::Result<Vec<UserFacts>> {
    io::read_facts_from(input.as_bytes(), None)
}

#[test]
fn columns_in_any_order_with_aliases_case_and_empty_cells() {
    let input = "\u{feff}Followers,Network,posts,ID\r\n\
                 1200,X,40,ann\r\n\
                 \r\n\
                 ,facebook,,ann\r\n\
                 7,Mastodon,0,\"bob, jr.\"\r\n";
    assert_eq!(
        read(input).unwrap(),
        [
            UserFacts::new("ann", Network::Twitter).posts(40).audience(1200),
            UserFacts::new("ann", Network::Facebook),
            UserFacts::new("bob, jr.", Network::Other("mastodon".into())).posts(0).audience(7),
        ]
    );
}

#[test]
fn posts_and_audience_columns_are_optional() {
    assert_eq!(
        read("user,network\nann,linkedin\nbob,linkedin\n").unwrap(),
        [UserFacts::new("ann", Network::LinkedIn), UserFacts::new("bob", Network::LinkedIn)]
    );
    assert_eq!(read("network,user,posts\nyoutube,cy,3\n").unwrap(), [UserFacts::new("cy", Network::YouTube).posts(3)]);
    // The same user on two networks, and two users on one, are different pairs.
    assert_eq!(read("user,network,audience\nann,x,1\nann,ig,2\nbob,x,3\n").unwrap().len(), 3);
}

/// Each malformed input: its error is a parse error at `line` whose message
/// contains `contains`.
#[test]
fn every_error_names_its_line_and_value() {
    let cases: &[(&str, &str, u64, &str)] = &[
        ("missing user column", "network,posts\nx,1\n", 1, "missing column \"user\" (or \"id\")"),
        ("missing network column", "user,posts\nann,1\n", 1, "missing column \"network\""),
        ("unknown column", "user,network,likes\nann,x,1\n", 1, "unknown column \"likes\""),
        ("repeated column", "user,id,network\nann,ann,x\n", 1, "column user appears twice"),
        ("empty user", "user,network\nann,x\n,x\n", 3, "the user is empty in the facts on twitter"),
        ("empty network", "user,network\nann,x\n\nbob,\n", 4, "empty network name"),
        ("bad posts", "user,network,posts\nann,x,many\n", 2, "posts \"many\" is not a whole number"),
        (
            "fractional audience",
            "user,network,audience\nann,x,1\nbob,x,2.5\n",
            3,
            "audience \"2.5\" is not a whole number",
        ),
        ("negative posts", "user,network,posts\nann,x,-4\n", 2, "posts \"-4\" is negative"),
        ("negative followers", "user,network,followers\nann,x,1\nbob,x, -1 \n", 3, "audience \"-1\" is negative"),
        (
            "overflow",
            "user,network,posts\nann,x,99999999999999999999\n",
            2,
            "posts \"99999999999999999999\" is too large",
        ),
        (
            "repeated pair",
            "user,network\nann,x\nbob,x\n\nann,twitter\n",
            5,
            "user \"ann\" on twitter is given twice: first on line 2",
        ),
        ("short row", "user,network,posts\nann,x\n", 2, "expected 3 fields"),
        ("no rows", "user,network\n\n", 2, "no user facts found"),
        ("empty input", "", 1, "no user facts found"),
    ];
    for &(name, input, line, contains) in cases {
        let err = read(input).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Parse { .. }), "{name}: {err:?}");
        assert_eq!(err.position().map(|p| p.line()), Some(line), "{name}: {err}");
        assert!(err.to_string().contains(contains), "{name}: {err}");
    }
}

#[test]
fn invalid_utf8_names_its_line() {
    let err = io::read_facts_from(&b"user,network\nann,x\nb\xFFb,x\n"[..], None).unwrap_err();
    assert_eq!(err.position().map(|p| p.line()), Some(3));
    assert!(err.to_string().contains("0xFF"), "{err}");
}

#[test]
fn files_are_named_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("facts.csv");
    std::fs::write(&path, "user,network,posts\nann,x,2\nann,x,3\n").unwrap();
    let err = io::read_facts(&path).unwrap_err();
    let pos = err.position().unwrap();
    assert_eq!((pos.path(), pos.line()), (Some(path.as_path()), 3));
    assert!(err.to_string().contains("facts.csv:3: user \"ann\" on twitter is given twice"), "{err}");
    let missing = io::read_facts(&dir.path().join("nope.csv")).unwrap_err();
    assert!(missing.is_io_error() && missing.to_string().contains("nope.csv"), "{missing}");
}

#[test]
fn facts_round_trip_through_the_writer() {
    let facts = vec![
        UserFacts::new("ann", Network::Twitter).posts(12).audience(3400),
        UserFacts::new("ann", Network::Instagram),
        UserFacts::new("comma, \"quoted\"", Network::Facebook).audience(0),
        UserFacts::new(" padded\nnew line ", Network::Other("bsky".into())).posts(u64::MAX),
        UserFacts::new("émilie 🦀", Network::Wikipedia).posts(0),
    ];
    let mut out = Vec::new();
    io::write_facts_csv(&facts, &mut out).unwrap();
    assert!(out.starts_with(b"user,network,posts,audience\nann,twitter,12,3400\nann,instagram,,\n"));
    assert_eq!(io::read_facts_from(&out[..], None).unwrap(), facts);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("facts.csv");
    std::fs::write(&path, &out).unwrap();
    assert_eq!(io::read_facts(&path).unwrap(), facts);
}

#[test]
fn the_writer_refuses_what_would_not_read_back() {
    let bad: [&[UserFacts]; 3] = [
        &[UserFacts::new("", Network::Twitter)],
        &[UserFacts::new("ann", Network::Twitter).posts(1), UserFacts::new("ann", Network::Twitter).posts(2)],
        &[UserFacts::new("ann", Network::Other("x".into()))],
    ];
    for facts in bad {
        let err = io::write_facts_csv(facts, &mut Vec::new()).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Parse { .. }), "{facts:?}: {err}");
    }
}
