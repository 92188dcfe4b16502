//! The graph file (`InfluenceGraph::write_to` / `read_from`, `influence
//! convert`): a graph read back is the graph written, bit for bit in every
//! ranking; a truncated, corrupt or foreign file is an error, never a graph.

mod common;

use std::process::Command;

use influence::generate::{RmatConfig, SocialConfig};
use influence::{GraphBuilder, GraphConfig, InfluenceGraph, PageRank};
use proptest::prelude::*;

fn written(graph: &InfluenceGraph) -> Vec<u8> {
    let mut file = Vec::new();
    graph.write_to(&mut file).unwrap();
    file
}

/// `file` read by every reader: from a stream, from a stream of known
/// length, and from a file (by position, in parallel, on Unix).
fn read_each_way(file: &[u8]) -> Vec<(&'static str, influence::Result<InfluenceGraph>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.ifg");
    std::fs::write(&path, file).unwrap();
    let progress = std::sync::atomic::AtomicU64::new(0);
    let from_file = InfluenceGraph::read_file_with_progress(&path, |k| {
        progress.fetch_add(k, std::sync::atomic::Ordering::Relaxed);
    });
    if from_file.is_ok() {
        assert_eq!(progress.into_inner(), file.len() as u64, "progress tells every byte read");
    }
    vec![
        ("read_from", InfluenceGraph::read_from(file)),
        ("read_from_len", InfluenceGraph::read_from_len(file, file.len() as u64)),
        ("read_file", from_file),
    ]
}

/// Where the combined layer's arrays lie in a graph file: its offsets,
/// sources, weights and out-weights, with `n` users and `m` edges.
struct Parts {
    n: usize,
    m: usize,
    sources: usize,
    out_weights: usize,
}

fn parts(file: &[u8]) -> Parts {
    let u64_at = |at: usize| u64::from_le_bytes(file[at..at + 8].try_into().unwrap()) as usize;
    let n = u64_at(16);
    let text = u64_at(24);
    let layer = 32 + text + 8 * n;
    let m = u64_at(layer);
    let storage = u32::from_le_bytes(file[layer + 8..layer + 12].try_into().unwrap());
    let sources = layer + 12 + 8 * (n + 1);
    let weights = sources + 4 * m;
    let out_weights = weights + m * [0, 4, 8][storage as usize];
    Parts { n, m, sources, out_weights }
}

/// Asserts that every reader refuses `edited` (`what` was changed) with
/// the right checksum put back, saying `says`.
fn refused_with_a_right_checksum(edited: Vec<u8>, what: &str, says: &str) {
    for (how, back) in read_each_way(&checksummed(edited)) {
        let err = back.err().unwrap_or_else(|| panic!("{how}: a file with {what} read as a graph"));
        assert!(err.to_string().contains(says), "{how}: {err}");
    }
}

/// Puts the right checksum at the end of an edited file, so that only the
/// reader's own checks can refuse it.
fn checksummed(mut file: Vec<u8>) -> Vec<u8> {
    let end = file.len() - 4;
    let crc = crc32fast::hash(&file[..end]);
    file[end..].copy_from_slice(&crc.to_le_bytes());
    file
}

/// Everything a graph exposes, compared between the one written and the
/// one read back.
fn assert_same(a: &InfluenceGraph, b: &InfluenceGraph) {
    assert_eq!(a.user_ids().collect::<Vec<_>>(), b.user_ids().collect::<Vec<_>>());
    for (x, y) in
        std::iter::once((a.combined(), b.combined())).chain(a.layers().map(|(_, l)| l).zip(b.layers().map(|(_, l)| l)))
    {
        assert_eq!(x.offsets(), y.offsets());
        assert_eq!(x.sources(), y.sources());
        assert_eq!(x.weights().map(|w| w.to_vec()), y.weights().map(|w| w.to_vec()));
        assert_eq!(x.weights().map(|w| w.bytes_per_edge()), y.weights().map(|w| w.bytes_per_edge()));
        let bits = |l: &influence::Layer| l.out_weights().iter().map(|w| w.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(x), bits(y));
        assert_eq!(x.dangling_count(), y.dangling_count());
    }
    assert_eq!(
        a.layers().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
        b.layers().map(|(n, _)| n.clone()).collect::<Vec<_>>()
    );
    assert_eq!(a.followers(), b.followers());
    let (sa, sb) = (a.stats(), b.stats());
    assert_eq!(
        (sa.users, sa.edges, sa.interactions, sa.merged, sa.self_loops_dropped, sa.ignored, sa.dangling, sa.layers),
        (sb.users, sb.edges, sb.interactions, sb.merged, sb.self_loops_dropped, sb.ignored, sb.dangling, sb.layers)
    );
    let bits = |g: &InfluenceGraph| {
        PageRank::default().run(g).unwrap().scores().iter().map(|s| s.to_bits()).collect::<Vec<_>>()
    };
    assert_eq!(bits(a), bits(b), "PageRank differs");
}

#[test]
fn generated_graphs_read_back_as_written() {
    for weighted in [false, true] {
        let g = RmatConfig::default().scale(10).weighted(weighted).build().unwrap();
        for (how, back) in read_each_way(&written(&g)) {
            assert_same(&g, &back.unwrap_or_else(|e| panic!("{how}: {e}")));
        }
    }
    // Four networks, follows (follower counts), kinds: layers and all.
    let records = SocialConfig::default().users(300).seed(3).interactions().unwrap();
    for config in
        [GraphConfig::default(), GraphConfig::default().f32_weights(true), GraphConfig::default().degree_order(true)]
    {
        let mut b = GraphBuilder::new(config).unwrap();
        b.add_interactions(&records).unwrap();
        let g = b.build().unwrap();
        assert!(g.layers().len() > 1 && g.followers().is_some());
        for (how, back) in read_each_way(&written(&g)) {
            assert_same(&g, &back.unwrap_or_else(|e| panic!("{how}: {e}")));
        }
    }
}

/// Arrays of several chunks (a chunk is 1 MiB: 262,144 sources) are read
/// and checked chunk by chunk on every thread; the pairs of sources on
/// both sides of a chunk's edge are checked too.
#[test]
fn arrays_of_many_chunks_read_back_and_are_checked_across_chunks() {
    let g = RmatConfig::default().scale(15).weighted(true).build().unwrap();
    let file = written(&g);
    let p = parts(&file);
    assert!(p.m > 262_144, "{} edges: one chunk", p.m);
    for (how, back) in read_each_way(&file) {
        assert_same(&g, &back.unwrap_or_else(|e| panic!("{how}: {e}")));
    }
    // Within one user's in-edges, sources must increase; break that at the
    // first chunk's edge (swap the two sources on both sides of it, when
    // one user's in-edges hold both), then anywhere inside a chunk.
    let offsets = g.combined().offsets();
    let sources = g.combined().sources();
    let straddling = (262_144..p.m)
        .step_by(262_144)
        .find(|&e| !offsets.contains(&e))
        .expect("a chunk's edge inside some user's in-edges");
    let inside = (1..p.m).find(|&e| !offsets.contains(&e) && e % 262_144 != 0).unwrap();
    for e in [straddling, inside] {
        let mut bad = file.clone();
        let at = p.sources + 4 * (e - 1);
        bad[at..at + 4].copy_from_slice(&sources[e].to_le_bytes());
        bad[at + 4..at + 8].copy_from_slice(&sources[e - 1].to_le_bytes());
        refused_with_a_right_checksum(bad, &format!("sources out of order at {e}"), "not increasing");
    }
}

/// The out-weights are stored as the build summed them; a file whose
/// out-weights say a user has no out-edges when it has (or the reverse),
/// or are not finite, is refused even with a right checksum.
#[test]
fn out_weights_that_contradict_the_edges_are_refused() {
    let g = RmatConfig::default().scale(8).weighted(true).build().unwrap();
    let file = written(&g);
    let p = parts(&file);
    let out = g.combined().out_weights();
    let with = out.iter().position(|&w| w > 0.0).unwrap();
    let without = out.iter().position(|&w| w == 0.0).unwrap();
    for (u, w) in [(with, 0.0), (without, 1.0), (with, f64::INFINITY), (with, f64::NAN)] {
        assert!(u < p.n);
        let mut bad = file.clone();
        let at = p.out_weights + 8 * u;
        bad[at..at + 8].copy_from_slice(&w.to_le_bytes());
        refused_with_a_right_checksum(bad, &format!("out-weight {w} of user {u}"), "out-weight");
    }
}

#[test]
fn truncated_corrupt_or_foreign_files_are_errors() {
    let g = RmatConfig::default().scale(6).weighted(true).build().unwrap();
    let file = written(&g);
    // Every truncation, by every reader; and a length that promises more
    // than the input holds.
    for len in 0..file.len() {
        for (how, back) in read_each_way(&file[..len]) {
            let err = back.err().unwrap_or_else(|| panic!("{how}: {len} bytes read as a graph")).to_string();
            assert!(
                err.contains("truncated") || err.contains("not a graph file") || err.contains("invalid"),
                "{how}, {len}: {err}"
            );
        }
        let err = InfluenceGraph::read_from_len(&file[..len], file.len() as u64).unwrap_err().to_string();
        assert!(err.contains("truncated") || err.contains("not a graph file"), "{len}: {err}");
    }
    // A flipped bit anywhere.
    for at in (0..file.len()).step_by(7) {
        let mut bad = file.clone();
        bad[at] ^= 0x10;
        for (how, back) in read_each_way(&bad) {
            assert!(back.is_err(), "{how}: a flipped bit at {at} read as a graph");
        }
    }
    let mut extra = file.clone();
    extra.push(0);
    for (how, back) in read_each_way(&extra) {
        let err = back.err().unwrap_or_else(|| panic!("{how}: a byte after the checksum read as a graph"));
        assert!(err.to_string().contains("after its checksum") || err.to_string().contains("corrupt"), "{how}: {err}");
    }
    let err = InfluenceGraph::read_from(&b"a b\nb c\n"[..]).unwrap_err().to_string();
    assert!(err.contains("not a graph file"), "{err}");
    let mut later = file.clone();
    later[8] = 3;
    let err = InfluenceGraph::read_from(later.as_slice()).unwrap_err().to_string();
    assert!(err.contains("version 3"), "{err}");
    assert!(influence::is_graph_file(&file) && !influence::is_graph_file(b"IFGRAP"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn random_graphs_round_trip(seed in any::<u64>(), n in 1usize..40, m in 0usize..120, weighted in any::<bool>()) {
        let mut rng = common::Rng(seed);
        let edges = common::random_edges(&mut rng, n, m, weighted);
        let g = common::build(n, &edges, |i| format!("u{i}"));
        for (how, back) in read_each_way(&written(&g)) {
            assert_same(&g, &back.unwrap_or_else(|e| panic!("{how}: {e}")));
        }
    }
}

#[test]
fn convert_then_rank_prints_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/social.csv");
    let file = dir.path().join("social.ifg");
    let bin = env!("CARGO_BIN_EXE_influence");
    let out = Command::new(bin).args(["convert", sample, "-o", file.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("convert: wrote"));
    for args in [&["rank"][..], &["rank", "--algorithm", "hits"], &["stats", "--json"]] {
        let run = |input: &str| Command::new(bin).args(args).arg(input).arg("-q").output().unwrap();
        let (a, b) = (run(sample), run(file.to_str().unwrap()));
        assert!(a.status.success() && b.status.success(), "{args:?}: {}", String::from_utf8_lossy(&b.stderr));
        if args[0] == "rank" && a.stdout != b.stdout {
            panic!("{args:?}: the ranking of the graph file differs from the input's");
        }
    }
    let shaped = Command::new(bin).args(["rank", file.to_str().unwrap(), "--unweighted"]).output().unwrap();
    assert_eq!(shaped.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&shaped.stderr).contains("--unweighted shapes a graph"));
    // With --layers, `stats` sees the networks.
    let layered = dir.path().join("layers.ifg");
    let out = Command::new(bin)
        .args(["convert", sample, "--layers", "-q", "-o", layered.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stats = Command::new(bin).args(["stats", layered.to_str().unwrap(), "-q", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(json["layers"].as_array().map(Vec::len), Some(4), "{json}");
    let stdout = Command::new(bin).args(["convert", sample, "-o", "-"]).output().unwrap();
    assert_eq!(stdout.status.code(), Some(1));
}
