//! The Rust PageRank peers of `influence`, timed by scripts/compare-peers.
//!
//!   rust-peers --peer graph|petgraph --input FILE --users N
//!              [--iterations K] [--tol T] [--runs R] [--scores OUT]
//!
//! Reads the edge list FILE (`src dst [weight]` per line, `#`/`%` comments),
//! drops self-loops and merges duplicate edges (what compare.py does for
//! every peer; weights are ignored: both libraries rank unweighted graphs),
//! builds the library's graph over users 0..N-1 (isolated ones too), then
//! times only the library's PageRank call, best of R runs.
//!
//! - graph (neo4j-labs): `graph::page_rank::page_rank` with
//!   `PageRankConfig::new(K, T, 0.85)`; its rule: stop when the sum of
//!   |score change| of one sweep is below T, or after K iterations
//!   (default 1000). f32 scores; the mass of dangling users is dropped
//!   (scores sum to less than 1); its threads: all available cores.
//! - petgraph: `petgraph::algo::page_rank(&graph, 0.85, K)`, f64, a fixed
//!   number of iterations, each O(V*E) (every pair of users, scanning the
//!   source's out-edges). Without --iterations, K = ceil(ln(T/2)/ln(0.85)),
//!   the a-priori bound 2*0.85^K <= T on the L1 error of power iteration.
//!
//! Prints one JSON line: {"time_s", "times", "iterations", "threads",
//! "tol_param", "users", "edges", "scores"?}. With --scores OUT the scores
//! go to OUT (one per line, user 0 first) instead of the JSON.

use std::io::{BufRead, BufReader, Write};
use std::time::Instant;

const DAMPING: f32 = 0.85;

struct Args {
    peer: String,
    input: String,
    users: usize,
    iterations: Option<usize>,
    tol: f64,
    runs: usize,
    scores: Option<String>,
}

fn usage(msg: &str) -> ! {
    eprintln!("rust-peers: {msg}");
    eprintln!(
        "usage: rust-peers --peer graph|petgraph --input FILE --users N \
         [--iterations K] [--tol T] [--runs R] [--scores OUT]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut a = Args {
        peer: String::new(),
        input: String::new(),
        users: 0,
        iterations: None,
        tol: 1e-6,
        runs: 1,
        scores: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            usage("help");
        }
        let value = it.next().unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        let bad = || -> ! { usage(&format!("bad value for {flag}: {value}")) };
        match flag.as_str() {
            "--peer" => a.peer = value.clone(),
            "--input" => a.input = value.clone(),
            "--users" => a.users = value.parse().unwrap_or_else(|_| bad()),
            "--iterations" => a.iterations = Some(value.parse().unwrap_or_else(|_| bad())),
            "--tol" => a.tol = value.parse().unwrap_or_else(|_| bad()),
            "--runs" => a.runs = value.parse::<usize>().unwrap_or_else(|_| bad()).max(1),
            "--scores" => a.scores = Some(value.clone()),
            _ => usage(&format!("unknown option {flag}")),
        }
    }
    if a.peer != "graph" && a.peer != "petgraph" {
        usage("--peer must be graph or petgraph");
    }
    if a.input.is_empty() || a.users == 0 {
        usage("--input and --users are required");
    }
    a
}

/// Distinct directed edges (u, v), u != v, sorted.
fn read_edges(path: &str, users: usize) -> Vec<(u32, u32)> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| usage(&format!("{path}: {e}")));
    let mut edges = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.unwrap_or_else(|e| usage(&format!("{path}: {e}")));
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('%') {
            continue;
        }
        let mut f = line.split_whitespace();
        let mut id = || -> usize {
            f.next()
                .and_then(|s| s.parse().ok())
                .filter(|&u| u < users)
                .unwrap_or_else(|| usage(&format!("{path}:{}: not `src dst` below {users}", i + 1)))
        };
        let (u, v) = (id(), id());
        if u != v {
            edges.push((u as u32, v as u32));
        }
    }
    edges.sort_unstable();
    edges.dedup();
    edges
}

fn timed<T>(runs: usize, mut call: impl FnMut() -> T) -> (Vec<f64>, T) {
    let mut times = Vec::with_capacity(runs);
    let mut result = None;
    for _ in 0..runs {
        let start = Instant::now();
        let r = call();
        times.push(start.elapsed().as_secs_f64());
        result = Some(r);
    }
    (times, result.unwrap())
}

struct Outcome {
    times: Vec<f64>,
    scores: Vec<f64>,
    iterations: usize,
    threads: usize,
    tol_param: Option<f64>,
}

fn run_graph(a: &Args, edges: Vec<(u32, u32)>) -> Outcome {
    use graph::prelude::*;

    let g: DirectedCsrGraph<u32> = GraphBuilder::new()
        .csr_layout(CsrLayout::Deduplicated)
        .edges(edges)
        .node_values(std::iter::repeat_n((), a.users))
        .build();
    assert_eq!(g.node_count() as usize, a.users);
    let max_iterations = a.iterations.unwrap_or(1000);
    let config = PageRankConfig::new(max_iterations, a.tol, DAMPING);
    let (times, (scores, iterations, _error)) = timed(a.runs, || page_rank(&g, config));
    Outcome {
        times,
        scores: scores.into_iter().map(f64::from).collect(),
        iterations,
        threads: std::thread::available_parallelism().map_or(1, |p| p.get()),
        tol_param: Some(a.tol),
    }
}

fn run_petgraph(a: &Args, edges: Vec<(u32, u32)>) -> Outcome {
    use petgraph::graph::{DiGraph, NodeIndex};

    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(a.users, edges.len());
    for _ in 0..a.users {
        g.add_node(());
    }
    for &(u, v) in &edges {
        g.add_edge(NodeIndex::new(u as usize), NodeIndex::new(v as usize), ());
    }
    let k = a.iterations.unwrap_or_else(|| {
        ((a.tol / 2.0).ln() / f64::from(DAMPING).ln()).ceil().max(1.0) as usize
    });
    let (times, scores) =
        timed(a.runs, || petgraph::algo::page_rank(&g, f64::from(DAMPING), k));
    Outcome { times, scores, iterations: k, threads: 1, tol_param: None }
}

fn main() {
    let a = parse_args();
    let edges = read_edges(&a.input, a.users);
    let edge_count = edges.len();
    let o = match a.peer.as_str() {
        "graph" => run_graph(&a, edges),
        _ => run_petgraph(&a, edges),
    };
    assert_eq!(o.scores.len(), a.users);
    let best = o.times.iter().cloned().fold(f64::INFINITY, f64::min);
    let num = |x: f64| if x.is_finite() { format!("{x:e}") } else { "null".into() };
    let list = |v: &[f64]| v.iter().map(|&x| num(x)).collect::<Vec<_>>().join(",");
    let mut json = format!(
        "{{\"time_s\":{},\"times\":[{}],\"iterations\":{},\"threads\":{},\"tol_param\":{},\
         \"users\":{},\"edges\":{}",
        num(best),
        list(&o.times),
        o.iterations,
        o.threads,
        o.tol_param.map_or("null".into(), num),
        a.users,
        edge_count
    );
    match &a.scores {
        Some(path) => {
            let mut out = std::io::BufWriter::new(
                std::fs::File::create(path).unwrap_or_else(|e| usage(&format!("{path}: {e}"))),
            );
            for &x in &o.scores {
                writeln!(out, "{x:e}").unwrap();
            }
            out.flush().unwrap();
        }
        None => json += &format!(",\"scores\":[{}]", list(&o.scores)),
    }
    json.push('}');
    println!("{json}");
}
