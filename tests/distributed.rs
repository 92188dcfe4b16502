//! The distributed engine (feature `distributed`): the same ranking as one
//! machine's, on 1 and 4 threads of one process and on 2 processes of 2
//! threads each over localhost; errors for settings it cannot run.
#![cfg(feature = "distributed")]

mod common;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use common::{Rng, free_ports, l1, on_two_processes, random_edges};
use influence::distributed::Cluster;
use influence::generate::RmatConfig;
use influence::{Dangling, GraphBuilder, GraphConfig, InfluenceGraph, PageRank, PageRankConfig, Solver, io};

/// A tolerance well below the agreement asked (1e-9 in L1).
fn config() -> PageRankConfig {
    PageRankConfig::default().tolerance(1e-12).max_iterations(1_000)
}

fn graphs() -> Vec<(&'static str, InfluenceGraph)> {
    let mut rng = Rng(7);
    let mut random = GraphBuilder::default();
    for (u, v, w) in random_edges(&mut rng, 300, 2_000, true) {
        random.add_edge(&format!("u{u}"), &format!("u{v}"), w).unwrap();
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/social.csv");
    vec![
        ("random weighted", random.build().unwrap()),
        ("rmat 12", RmatConfig::default().scale(12).build().unwrap()),
        ("rmat 10 weighted", RmatConfig::default().scale(10).weighted(true).build().unwrap()),
        ("social.csv", io::read_file(&sample, io::InputFormat::Auto, GraphConfig::default()).unwrap()),
    ]
}

/// Runs `f` on another thread, failing the test if it takes longer than
/// `limit` (so a hang is a failure, not a stuck run).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit).expect("the distributed run finished in time")
}

#[test]
fn threads_of_one_process_rank_as_one_machine() {
    for (name, graph) in graphs() {
        for pr in [PageRank::new(config()).unwrap(), PageRank::new(config().dangling(Dangling::Uniform)).unwrap()] {
            let one = pr.run(&graph).unwrap();
            for threads in [1, 4] {
                let (pr, graph) = (pr.clone(), graph.clone());
                let cluster = Cluster::threads(threads).unwrap();
                let (many, pr, graph) = within(Duration::from_secs(120), move || {
                    (pr.run_distributed(&graph, &cluster).unwrap().expect("process 0 answers"), pr, graph)
                });
                let _ = (&pr, &graph);
                assert!(many.converged(), "{name}, {threads} threads");
                let gap = l1(one.scores(), many.scores());
                assert!(gap < 1e-9, "{name}, {threads} threads: L1 {gap:e}");
                assert!(one.iter().map(|(id, _)| id).eq(many.iter().map(|(id, _)| id)));
            }
        }
    }
}

#[test]
fn personalized_ranking_is_the_same_distributed() {
    let graph = RmatConfig::default().scale(11).weighted(true).build().unwrap();
    let seeds: Vec<(String, f64)> = graph.user_ids().take(5).map(|id| (id.to_string(), 1.0)).collect();
    let pr = PageRank::new(config().personalization(seeds)).unwrap();
    let one = pr.run(&graph).unwrap();
    let cluster = Cluster::threads(3).unwrap();
    let many = within(Duration::from_secs(120), move || pr.run_distributed(&graph, &cluster).unwrap().unwrap());
    let gap = l1(one.scores(), many.scores());
    assert!(gap < 1e-9, "L1 {gap:e}");
}

#[test]
fn two_processes_of_two_threads_rank_as_one_machine() {
    let graph = RmatConfig::default().scale(11).weighted(true).build().unwrap();
    let pr = PageRank::new(config()).unwrap();
    let one = pr.run(&graph).unwrap();
    let results: Vec<_> =
        on_two_processes(move |cluster| pr.run_distributed(&graph, &cluster)).into_iter().map(Result::unwrap).collect();
    assert!(results[1].is_none(), "only process 0 answers");
    let many = results[0].as_ref().expect("process 0 answers");
    let gap = l1(one.scores(), many.scores());
    assert!(gap < 1e-9, "L1 {gap:e}");
    assert_eq!(one.iterations(), many.iterations());
}

#[test]
fn a_process_that_never_connects_is_an_error_not_a_hang() {
    let graph = RmatConfig::default().scale(8).build().unwrap();
    let pr = PageRank::new(config()).unwrap();
    // Process 0 of two; process 1 is never started.
    let hosts = free_ports();
    let cluster = Cluster::processes(1, 0, hosts.clone()).unwrap().connect_timeout(Duration::from_secs(2));
    let started = std::time::Instant::now();
    let e = within(Duration::from_secs(60), move || pr.run_distributed(&graph, &cluster).unwrap_err());
    assert!(matches!(e.kind(), influence::ErrorKind::Cluster { .. }), "{e}");
    assert!(e.to_string().contains("did not all connect"), "{e}");
    // The processes it waited for are named, with their addresses.
    assert!(e.to_string().contains(&format!("process 1 ({})", hosts[1])), "{e}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn settings_it_cannot_run_are_errors() {
    assert!(Cluster::threads(0).is_err());
    assert!(Cluster::processes(2, 2, vec!["a:1".into(), "b:1".into()]).is_err());
    assert!(Cluster::processes(1, 1, Vec::new()).is_err());
    let graph = RmatConfig::default().scale(6).build().unwrap();
    let one = Cluster::threads(1).unwrap();
    let gs = PageRank::new(config().solver(Solver::GaussSeidel)).unwrap();
    assert!(gs.run_distributed(&graph, &one).is_err());
    let f32s = PageRank::new(config().precision(influence::Precision::F32)).unwrap();
    assert!(f32s.run_distributed(&graph, &one).is_err());
    let unknown = PageRank::new(config().personalization([("nobody", 1.0)])).unwrap();
    assert!(unknown.run_distributed(&graph, &one).is_err());
    // Process 0 listens on its own address first: one that cannot be bound
    // is an error at once, of its own kind.
    let unbound = Cluster::processes(1, 0, vec!["no-such-host.invalid:x".into(), "127.0.0.1:1".into()]).unwrap();
    let pr = PageRank::new(config()).unwrap();
    let e = within(Duration::from_secs(60), move || pr.run_distributed(&graph, &unbound).unwrap_err());
    assert!(matches!(e.kind(), influence::ErrorKind::Cluster { .. }), "{e}");
}

/// Waits for `child` up to `deadline`; kills it (and says so) past it.
fn wait_until(child: &mut std::process::Child, deadline: std::time::Instant) -> Option<std::process::ExitStatus> {
    while std::time::Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// The `user score` rows of a ranking file.
fn rows(path: &Path) -> Vec<(String, f64)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let (id, score) = l.split_once('\t').unwrap();
            (id.to_string(), score.parse().unwrap())
        })
        .collect()
}

#[test]
fn the_cli_ranks_on_two_processes_as_on_one_machine() {
    let bin = env!("CARGO_BIN_EXE_influence");
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/social.csv");
    let hosts = dir.path().join("hosts");
    let ports = free_ports();
    std::fs::write(&hosts, format!("# two processes on this machine\n{}\n\n{}\n", ports[0], ports[1])).unwrap();
    let one = dir.path().join("one.tsv");
    let status = std::process::Command::new(bin)
        .args(["rank", "-q", "--tolerance", "1e-12", "-o"])
        .arg(&one)
        .arg(&sample)
        .status()
        .unwrap();
    assert!(status.success());
    let outputs: Vec<_> = (0..2).map(|k| dir.path().join(format!("p{k}.tsv"))).collect();
    let mut children: Vec<_> = (0..2)
        .map(|k| {
            std::process::Command::new(bin)
                .args(["rank", "-q", "--tolerance", "1e-12", "--distributed", "--workers", "2", "--process"])
                .arg(k.to_string())
                .arg("--hosts")
                .arg(&hosts)
                .arg("-o")
                .arg(&outputs[k])
                .arg(&sample)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let statuses: Vec<_> = children.iter_mut().map(|c| wait_until(c, deadline)).collect();
    for (k, status) in statuses.iter().enumerate() {
        assert!(status.is_some_and(|s| s.success()), "process {k}: {status:?}");
    }
    assert!(!outputs[1].exists(), "only process 0 writes");
    let (one, two) = (rows(&one), rows(&outputs[0]));
    assert_eq!(one.len(), two.len());
    let mut gap = 0.0;
    for ((a, x), (b, y)) in one.iter().zip(&two) {
        assert_eq!(a, b);
        gap += (x - y).abs();
    }
    assert!(gap < 1e-9, "L1 {gap:e}");
}

#[test]
fn the_cli_refuses_what_it_cannot_run_distributed() {
    let bin = env!("CARGO_BIN_EXE_influence");
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/social.csv");
    let hosts = dir.path().join("hosts");
    std::fs::write(&hosts, "127.0.0.1:1\n127.0.0.1:2\n").unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).args(args).arg(&sample).output().unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let hosts = hosts.to_str().unwrap();
    let (ok, err) = run(&["rank", "-q", "--distributed", "--hosts", hosts]);
    assert!(!ok && err.contains("--output"), "{err}");
    let (ok, err) = run(&["rank", "-q", "--distributed", "--hosts", hosts, "--process", "2", "-o", "x.tsv"]);
    assert!(!ok && err.contains("process"), "{err}");
    let (ok, err) = run(&["rank", "-q", "--distributed", "--algorithm", "hits"]);
    assert!(!ok && err.contains("PageRank only"), "{err}");
    let (ok, err) = run(&["rank", "-q", "--workers", "2"]);
    assert!(!ok && err.contains("--distributed"), "{err}");
    // Process 0 of two alone: an error after the timeout, nothing written.
    let lonely = dir.path().join("lonely");
    let ports = free_ports();
    std::fs::write(&lonely, format!("{}\n{}\n", ports[0], ports[1])).unwrap();
    let out = dir.path().join("out.tsv");
    let (ok, err) = run(&[
        "rank",
        "-q",
        "--distributed",
        "--hosts",
        lonely.to_str().unwrap(),
        "--connect-timeout",
        "2",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("did not all connect"), "{err}");
    assert!(!out.exists());
}

/// What a worker must receive per iteration: one contribution per distinct
/// source of its users' in-edges held by another worker (users dealt out by
/// index mod the workers).
fn aggregated_estimate(graph: &InfluenceGraph, workers: usize) -> u64 {
    let layer = graph.combined();
    let (offsets, sources) = (layer.offsets(), layer.sources());
    (0..workers)
        .map(|w| {
            let mut needed: Vec<u32> = (w..graph.user_count())
                .step_by(workers)
                .flat_map(|v| sources[offsets[v]..offsets[v + 1]].iter().copied())
                .filter(|&u| u as usize % workers != w)
                .collect();
            needed.sort_unstable();
            needed.dedup();
            needed.len() as u64
        })
        .sum()
}

#[test]
fn contributions_sent_are_one_per_distinct_source_per_worker() {
    let graph = RmatConfig::default().scale(12).build().unwrap();
    let pr = PageRank::new(config()).unwrap();
    for threads in [1, 2, 4] {
        let cluster = Cluster::threads(threads).unwrap();
        let run = pr.run_distributed_report(&graph, &cluster).unwrap();
        let expected = aggregated_estimate(&graph, threads);
        assert_eq!(run.values_sent, expected, "{threads} workers");
        assert_eq!(run.bytes_per_iteration(), 8 * expected + 16 * (threads * threads) as u64);
        // Far fewer than one value per edge.
        assert!(expected < graph.combined().edge_count() as u64 / 2);
        // Unweighted: per edge 4 bytes, per user 48, per value received
        // 20 (its id and two contributions), offsets' one more per worker.
        let (n, m) = (graph.user_count() as u64, graph.combined().edge_count() as u64);
        assert_eq!(run.share_bytes, 4 * m + 48 * n + 8 * threads as u64 + 20 * expected, "{threads} workers");
    }
}

#[test]
fn the_cli_fails_cleanly_when_a_peer_stops_mid_run() {
    let bin = env!("CARGO_BIN_EXE_influence");
    let dir = tempfile::tempdir().unwrap();
    // A cycle with one chord: with damping 0.9999 the error shrinks by
    // about 0.9999 an iteration, so the run (hundreds of thousands of
    // iterations) is still going when process 1 is killed.
    let graph = dir.path().join("g.edges");
    let n = 5_000;
    let mut edges: String = (0..n).map(|i| format!("{i} {}\n", (i + 1) % n)).collect();
    edges.push_str("0 2500\n");
    std::fs::write(&graph, edges).unwrap();
    let hosts = dir.path().join("hosts");
    let ports = free_ports();
    std::fs::write(&hosts, format!("{}\n{}\n", ports[0], ports[1])).unwrap();
    let out = dir.path().join("out.tsv");
    let start = |k: usize| {
        std::process::Command::new(bin)
            .args(["rank", "-q", "--damping", "0.9999", "--tolerance", "1e-300", "--max-iterations", "100000000"])
            .args(["--distributed", "--connect-timeout", "30", "--process", &k.to_string(), "--hosts"])
            .arg(&hosts)
            .arg("-o")
            .arg(&out)
            .arg(&graph)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut zero = start(0);
    let mut one = start(1);
    std::thread::sleep(Duration::from_secs(4));
    one.kill().unwrap();
    one.wait().unwrap();
    let status = wait_until(&mut zero, std::time::Instant::now() + Duration::from_secs(60));
    let status = status.expect("process 0 stopped after its peer did, not hung");
    let mut err = String::new();
    std::io::Read::read_to_string(zero.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains("the distributed run failed"), "{err}");
    // The peer whose connection broke is named, with its address, in one
    // line: timely's threads' panics are not printed.
    assert!(err.contains(&format!("process 1 ({})", ports[1])), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out.exists(), "nothing written");
}
