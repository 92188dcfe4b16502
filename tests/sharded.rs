//! Sharded input for the distributed engine (feature `distributed`): every
//! worker reads its own piece of the input, and the ranking is the one
//! machine's on the graph built from the whole input.
#![cfg(feature = "distributed")]

mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use common::{Rng, gzipped, on_two_processes, random_edges};
use influence::distributed::{Cluster, ShardedInput};
use influence::io::Reader;
use influence::{Dangling, ErrorKind, GraphConfig, PageRank, PageRankConfig, Ranking, io};

/// A tolerance well below the agreement asked (1e-9 in L1).
fn config() -> PageRankConfig {
    PageRankConfig::default().tolerance(1e-12).max_iterations(1_000)
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/social.csv")
}

/// Runs `f` on another thread, failing the test if it takes longer than
/// two minutes (so a hang is a failure, not a stuck run).
fn within<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(120)).expect("the distributed run finished in time")
}

/// L1 distance between two rankings of the same users, matched by id.
fn gap_by_id(one: &Ranking, many: &Ranking) -> f64 {
    assert_eq!(one.len(), many.len(), "the same users");
    one.iter().map(|(id, x)| (x - many.score(id).unwrap_or_else(|| panic!("{id} ranked"))).abs()).sum()
}

/// The one-machine ranking of `path` read whole, and its graph's counts
/// (networks combined, as `influence rank` builds it).
fn one_machine(path: &Path, pr: &PageRank) -> (Ranking, influence::BuildStats) {
    let graph = io::read_file(path, io::InputFormat::Auto, GraphConfig::default().layers(false)).unwrap();
    (pr.run(&graph).unwrap(), graph.stats().clone())
}

fn sharded(input: ShardedInput, pr: &PageRank, threads: usize) -> influence::distributed::DistributedRun {
    let pr = pr.clone();
    within(move || pr.run_sharded(&input, &Cluster::threads(threads).unwrap()).unwrap())
}

/// A weighted edge list with string ids, comment first, written to `dir`.
fn weighted_edge_list(dir: &Path) -> PathBuf {
    let mut rng = Rng(11);
    let mut text = String::from("# source target weight\n");
    for (u, v, w) in random_edges(&mut rng, 400, 3_000, true) {
        text.push_str(&format!("user-{u} user-{v} {w}\n"));
    }
    let path = dir.join("weighted.edges");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn pieces_of_one_file_rank_as_one_machine() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("social.csv.gz");
    std::fs::write(&gz, gzipped(&std::fs::read(sample()).unwrap())).unwrap();
    let inputs = [sample(), weighted_edge_list(dir.path()), gz];
    for path in &inputs {
        for pr in [PageRank::new(config()).unwrap(), PageRank::new(config().dangling(Dangling::Uniform)).unwrap()] {
            let (one, stats) = one_machine(path, &pr);
            // Read whole pieces, or 4 KiB at a time (a gzipped file whole).
            for (threads, bytes) in [(1, None), (3, None), (4, None), (3, Some(4096))] {
                let input = ShardedInput::file(path);
                let input = bytes.map_or(input.clone(), |b| input.piece_bytes(b));
                let run = sharded(input, &pr, threads);
                let many = run.ranking.expect("process 0 answers");
                let name = path.file_name().unwrap().to_string_lossy();
                assert!(many.converged(), "{name}, {threads} threads");
                let gap = gap_by_id(&one, &many);
                assert!(gap < 1e-9, "{name}, {threads} threads: L1 {gap:e}");
                let build = run.build.expect("a sharded run counts");
                assert_eq!(
                    (build.users, build.edges, build.interactions, build.merged, build.self_loops_dropped),
                    (stats.users, stats.edges, stats.interactions, stats.merged, stats.self_loops_dropped),
                    "{name}, {threads} threads"
                );
                assert_eq!(build.dangling, stats.dangling, "{name}, {threads} threads");
                // Users are numbered by id: equal scores are listed by id.
                let ids: Vec<&str> = many.iter().map(|(id, _)| id).collect();
                assert!(ids.windows(2).all(|w| w[0] < w[1]));
                let read = run.read.expect("a sharded run reads");
                assert_eq!(read.records, stats.interactions, "{name}, {threads} threads");
            }
        }
    }
}

#[test]
fn pieces_of_only_comments_or_a_header_are_no_error() {
    // Cut into more pieces than lines: some hold only the comment, or only
    // the header, and read no record; the others do.
    let dir = tempfile::tempdir().unwrap();
    let pr = PageRank::new(config()).unwrap();
    let cases = [
        ("c.edges", "# a long comment that takes most of the file's bytes, so a cut falls in it\na b\nb c\n"),
        ("h.csv", "actor,target,kind,network,time,weight,topic\na,b,,,,,\nb,a,,,,,\n"),
    ];
    for (name, text) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let (one, _) = one_machine(&path, &pr);
        for threads in [2, 5] {
            let run = sharded(ShardedInput::file(&path), &pr, threads);
            let gap = gap_by_id(&one, run.ranking.as_ref().unwrap());
            assert!(gap < 1e-9, "{name}, {threads} threads: L1 {gap:e}");
        }
    }
}

#[test]
fn a_directory_of_files_ranks_as_their_concatenation() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    // Five files with the header each, one of them gzipped, and a hidden
    // file that is not read.
    for (k, chunk) in rows.chunks(rows.len() / 5 + 1).enumerate() {
        let body = format!("{header}\n{}\n", chunk.join("\n"));
        if k == 2 {
            std::fs::write(parts.join(format!("part-{k}.csv.gz")), gzipped(body.as_bytes())).unwrap();
        } else {
            std::fs::write(parts.join(format!("part-{k}.csv")), body).unwrap();
        }
    }
    std::fs::write(parts.join(".hidden.csv"), format!("{header}\nx,y,like,twitter,1,,\n")).unwrap();
    let input = ShardedInput::directory(&parts).unwrap();
    assert_eq!(input.paths().len(), 5);
    let pr = PageRank::new(config()).unwrap();
    let (one, stats) = one_machine(&sample(), &pr);
    // Whole files, or 2 KiB at a time (gzipped ones as they decompress).
    for (threads, bytes) in [(2, None), (4, None), (7, None), (3, Some(2048))] {
        let run = sharded(bytes.map_or(input.clone(), |b| input.clone().piece_bytes(b)), &pr, threads);
        let gap = gap_by_id(&one, run.ranking.as_ref().unwrap());
        assert!(gap < 1e-9, "{threads} threads: L1 {gap:e}");
        assert_eq!(run.build.unwrap().edges, stats.edges);
    }
}

#[test]
fn published_formats_read_in_pieces_with_the_reader_given() {
    // SNAP's Higgs activity layout: `actor target time kind`, no header.
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(5);
    let kinds = ["RT", "MT", "RE"];
    let text: String = random_edges(&mut rng, 200, 2_000, false)
        .into_iter()
        .enumerate()
        .map(|(k, (u, v, _))| format!("{u} {v} {} {}\n", 1_341_100_000 + k, kinds[k % 3]))
        .collect();
    let path = dir.path().join("higgs.txt");
    std::fs::write(&path, text).unwrap();
    let reader = Reader::default()
        .columns("actor,target,time,kind".parse().unwrap())
        .kinds("RT=reshare,MT=mention,RE=reply".parse().unwrap());
    let mut builder = influence::GraphBuilder::default();
    reader.load_file(&path, &mut builder).unwrap();
    let graph = builder.build().unwrap();
    let pr = PageRank::new(config()).unwrap();
    let one = pr.run(&graph).unwrap();
    let run = sharded(ShardedInput::file(&path).reader(reader), &pr, 4);
    let gap = gap_by_id(&one, run.ranking.as_ref().unwrap());
    assert!(gap < 1e-9, "L1 {gap:e}");
    assert!(graph.combined().weights().is_some(), "kind weights differ: a weighted graph");
}

#[test]
fn personalized_ranking_is_the_same_sharded() {
    let path = sample();
    let graph = io::read_file(&path, io::InputFormat::Auto, GraphConfig::default()).unwrap();
    let seeds: Vec<(String, f64)> =
        graph.user_ids().step_by(97).enumerate().map(|(k, id)| (id.to_string(), 1.0 + k as f64)).collect();
    let dangling: Vec<(String, f64)> = graph.user_ids().take(3).map(|id| (id.to_string(), 2.0)).collect();
    let pr = PageRank::new(config().personalization(seeds).dangling(Dangling::Weights(dangling))).unwrap();
    let one = pr.run(&graph).unwrap();
    let run = sharded(ShardedInput::file(&path), &pr, 3);
    let gap = gap_by_id(&one, run.ranking.as_ref().unwrap());
    assert!(gap < 1e-9, "L1 {gap:e}");
}

#[test]
fn two_processes_of_two_threads_read_their_pieces() {
    let path = sample();
    let pr = PageRank::new(config()).unwrap();
    let (one, stats) = one_machine(&path, &pr);
    let results: Vec<_> = on_two_processes(move |cluster| pr.run_sharded(&ShardedInput::file(&path), &cluster))
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(results[1].ranking.is_none(), "only process 0 answers");
    let gap = gap_by_id(&one, results[0].ranking.as_ref().unwrap());
    assert!(gap < 1e-9, "L1 {gap:e}");
    // Each process read about half the records, and both know the totals.
    let read: Vec<u64> = results.iter().map(|r| r.read.as_ref().unwrap().records).collect();
    assert_eq!(read[0] + read[1], stats.interactions);
    assert!(read.iter().all(|&r| r > stats.interactions / 3), "{read:?}");
    for r in &results {
        assert_eq!(r.build.as_ref().unwrap().edges, stats.edges);
    }
}

#[test]
fn an_error_in_a_later_piece_names_its_line_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    let mut text = String::from("actor,target,weight\n");
    for i in 1..1_000 {
        // Line 901 of the file (the header is line 1) has a negative weight.
        let w = if i == 900 { "-1" } else { "1" };
        text.push_str(&format!("u{i},u{},{w}\n", (i * 13) % 1_000));
    }
    std::fs::write(&path, text).unwrap();
    let pr = PageRank::new(config()).unwrap();
    let one = io::read_file(&path, io::InputFormat::Auto, GraphConfig::default()).unwrap_err();
    // The same file gzipped: read by one worker, decompressed a piece at a
    // time.
    let gz = dir.path().join("bad.csv.gz");
    std::fs::write(&gz, gzipped(&std::fs::read(&path).unwrap())).unwrap();
    let one_gz = io::read_file(&gz, io::InputFormat::Auto, GraphConfig::default()).unwrap_err();
    let cases = [(&path, 1, 1 << 20), (&path, 4, 1 << 20), (&path, 2, 1000), (&gz, 2, 1000), (&gz, 3, 1 << 20)];
    for (file, threads, bytes) in cases {
        let (input, pr) = (ShardedInput::file(file).piece_bytes(bytes), pr.clone());
        let err = within(move || pr.run_sharded(&input, &Cluster::threads(threads).unwrap())).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidWeight { .. }), "{threads} threads: {err}");
        assert_eq!(err.position().map(|p| p.line()), Some(901), "{threads} threads, {bytes} bytes: {err}");
        let expected = if file == &path { &one } else { &one_gz };
        assert_eq!(err.to_string(), expected.to_string(), "{threads} threads, {bytes} bytes");
    }
}

#[test]
fn what_one_machine_refuses_is_refused_sharded() {
    let dir = tempfile::tempdir().unwrap();
    let pr = PageRank::new(config()).unwrap();
    // Only self-interactions, no record, no row: the error one machine
    // gives, whichever worker finds it.
    let cases = [
        ("selfish.edges", "a a\nb b\n"),
        ("comments.edges", "# nothing\n# nothing at all, in more words than the first line\n"),
        ("header.csv", "actor,target\n"),
    ];
    for (name, text) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let one = io::read_file(&path, io::InputFormat::Auto, GraphConfig::default()).unwrap_err();
        for threads in [1, 3] {
            let (input, pr) = (ShardedInput::file(&path), pr.clone());
            let err = within(move || pr.run_sharded(&input, &Cluster::threads(threads).unwrap())).unwrap_err();
            assert_eq!(err.to_string(), one.to_string(), "{name}, {threads} threads");
        }
    }
    // A personalization user the graph does not have.
    let pr = PageRank::new(config().personalization([("nobody", 1.0)])).unwrap();
    let err = within(move || pr.run_sharded(&ShardedInput::file(sample()), &Cluster::threads(3).unwrap())).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::UnknownUser { .. }), "{err}");
    // A truncated gzip file: an error naming it, never a partial ranking.
    let gz = dir.path().join("cut.csv.gz");
    let bytes = gzipped(&std::fs::read(sample()).unwrap());
    std::fs::write(&gz, &bytes[..bytes.len() / 2]).unwrap();
    let (input, pr) = (ShardedInput::file(&gz).piece_bytes(4096), PageRank::new(config()).unwrap());
    let err = within(move || pr.run_sharded(&input, &Cluster::threads(2).unwrap())).unwrap_err();
    assert!(err.is_io_error() && err.to_string().contains("cut.csv.gz"), "{err}");
    // A file that is not there, no files, an empty directory.
    let pr = PageRank::new(config()).unwrap();
    let missing = ShardedInput::file(dir.path().join("missing.csv"));
    let err = within(move || pr.run_sharded(&missing, &Cluster::threads(2).unwrap())).unwrap_err();
    assert!(err.is_io_error(), "{err}");
    assert!(ShardedInput::files(Vec::<PathBuf>::new()).is_err());
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(matches!(ShardedInput::directory(&empty).unwrap_err().kind(), ErrorKind::InvalidConfig { .. }));
}

#[test]
fn the_cli_reads_a_directory_in_pieces() {
    let bin = env!("CARGO_BIN_EXE_influence");
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample()).unwrap();
    let (header, rows) = text.split_once('\n').unwrap();
    let rows: Vec<&str> = rows.lines().collect();
    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    for (k, chunk) in rows.chunks(rows.len() / 2 + 1).enumerate() {
        std::fs::write(parts.join(format!("day-{k}.csv")), format!("{header}\n{}\n", chunk.join("\n"))).unwrap();
    }
    let run = |args: &[&str], input: &Path, out: &Path| {
        let mut child = std::process::Command::new(bin)
            .args(["rank", "-q", "--tolerance", "1e-12"])
            .args(args)
            .arg("-o")
            .arg(out)
            .arg(input)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Killed past two minutes: a hang fails the test, not the run.
        let deadline = std::time::Instant::now() + Duration::from_secs(120);
        while child.try_wait().unwrap().is_none() {
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("influence {args:?} did not finish in time");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    let (one, many) = (dir.path().join("one.tsv"), dir.path().join("many.tsv"));
    run(&[], &sample(), &one);
    run(&["--distributed", "--workers", "3"], &parts, &many);
    let scores = |path: &Path| -> std::collections::HashMap<String, f64> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                let (id, x) = l.split_once('\t').unwrap();
                (id.to_string(), x.parse().unwrap())
            })
            .collect()
    };
    let (a, b) = (scores(&one), scores(&many));
    assert_eq!(a.len(), b.len());
    let gap: f64 = a.iter().map(|(id, x)| (x - b[id]).abs()).sum();
    assert!(gap < 1e-9, "L1 {gap:e}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Any edge list (text, numeric or mixed ids, weights, repeated pairs,
    /// self-loops, a comment), cut for any number of workers into pieces of
    /// any size, ranks as one machine ranks it whole.
    #[test]
    fn any_cut_ranks_as_one_machine(
        seed in proptest::prelude::any::<u64>(),
        n in 2usize..60,
        m in 1usize..300,
        workers in 1usize..6,
        piece in 1u64..400,
    ) {
        let mut rng = Rng(seed);
        let edges = random_edges(&mut rng, n, m, true);
        // Ids all text, all numbers (sent as numbers), or mixed (a chunk
        // that starts with numbers and turns to text).
        let id = |u: usize| match seed % 3 {
            0 => format!("id-{u}"),
            1 => format!("{u}"),
            _ if u % 2 == 0 => format!("{u}"),
            _ => format!("0{u}"),
        };
        let mut text = String::from("# a comment line\n");
        for (u, v, w) in &edges {
            text.push_str(&format!("{} {} {w}\n", id(*u), id(*v)));
        }
        // A self-loop, dropped alike, and a repeated pair, merged alike.
        text.push_str(&format!("{} {} 1\n", id(0), id(0)));
        if let Some((u, v, _)) = edges.first() {
            text.push_str(&format!("{} {} 2\n", id(*u), id(*v)));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.edges");
        std::fs::write(&path, &text).unwrap();
        let pr = PageRank::new(config()).unwrap();
        let (one, stats) = one_machine(&path, &pr);
        let run = sharded(ShardedInput::file(&path).piece_bytes(piece), &pr, workers);
        let gap = gap_by_id(&one, run.ranking.as_ref().unwrap());
        proptest::prop_assert!(gap < 1e-9, "L1 {:e}", gap);
        let build = run.build.unwrap();
        proptest::prop_assert_eq!(
            (build.users, build.edges, build.merged, build.self_loops_dropped),
            (stats.users, stats.edges, stats.merged, stats.self_loops_dropped)
        );
    }
}
