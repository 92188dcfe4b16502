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
        assert_same(&g, &InfluenceGraph::read_from(written(&g).as_slice()).unwrap());
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
        assert_same(&g, &InfluenceGraph::read_from(written(&g).as_slice()).unwrap());
    }
}

#[test]
fn truncated_corrupt_or_foreign_files_are_errors() {
    let g = RmatConfig::default().scale(6).weighted(true).build().unwrap();
    let file = written(&g);
    // Every truncation.
    for len in 0..file.len() {
        let err = InfluenceGraph::read_from(&file[..len]).unwrap_err().to_string();
        assert!(
            err.contains("truncated") || err.contains("not a graph file") || err.contains("invalid"),
            "{len}: {err}"
        );
    }
    // A flipped bit anywhere.
    for at in (0..file.len()).step_by(7) {
        let mut bad = file.clone();
        bad[at] ^= 0x10;
        assert!(InfluenceGraph::read_from(bad.as_slice()).is_err(), "a flipped bit at {at} read as a graph");
    }
    let mut extra = file.clone();
    extra.push(0);
    assert!(InfluenceGraph::read_from(extra.as_slice()).unwrap_err().to_string().contains("after its checksum"));
    let err = InfluenceGraph::read_from(&b"a b\nb c\n"[..]).unwrap_err().to_string();
    assert!(err.contains("not a graph file"), "{err}");
    let mut later = file.clone();
    later[8] = 2;
    let err = InfluenceGraph::read_from(later.as_slice()).unwrap_err().to_string();
    assert!(err.contains("version 2"), "{err}");
    assert!(influence::is_graph_file(&file) && !influence::is_graph_file(b"IFGRAP"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn random_graphs_round_trip(seed in any::<u64>(), n in 1usize..40, m in 0usize..120, weighted in any::<bool>()) {
        let mut rng = common::Rng(seed);
        let edges = common::random_edges(&mut rng, n, m, weighted);
        let g = common::build(n, &edges, |i| format!("u{i}"));
        let back = InfluenceGraph::read_from(written(&g).as_slice()).unwrap();
        assert_same(&g, &back);
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
