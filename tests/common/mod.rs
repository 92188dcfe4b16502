//! Helpers shared by the integration tests: a seeded PRNG, random graphs and
//! a dense exact PageRank solve to compare against.
#![allow(dead_code, unreachable_pub)]

use influence::{GraphBuilder, GraphConfig, InfluenceGraph};

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, seeded, good enough for tests.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A random directed weighted graph on `n` users named `u0..`, with roughly
/// `m` edges; some users end up dangling or isolated.
pub fn random_edges(rng: &mut Rng, n: usize, m: usize, weighted: bool) -> Vec<(usize, usize, f64)> {
    (0..m)
        .map(|_| {
            let u = rng.below(n as u64) as usize;
            // Skew targets so some users collect many reactions.
            let v = (rng.unit().powi(2) * n as f64) as usize % n;
            let w = if weighted { 0.1 + rng.unit() * 5.0 } else { 1.0 };
            (u, v, w)
        })
        .collect()
}

/// Builds a graph whose user `i` is named `name(i)` and has index `i`
/// (numbered in order of first appearance, not of id).
pub fn build(n: usize, edges: &[(usize, usize, f64)], name: impl Fn(usize) -> String) -> InfluenceGraph {
    let mut b = GraphBuilder::new(GraphConfig::default().canonical_order(false)).unwrap();
    for i in 0..n {
        b.add_user(&name(i)).unwrap();
    }
    for &(u, v, w) in edges {
        b.add_edge(&name(u), &name(v), w).unwrap();
    }
    b.build().unwrap()
}

/// Solves `x = d·(Aᵀx + (δ·x)·q) + (1−d)·p` exactly by Gaussian elimination
/// with partial pivoting, where `A[u][v] = w(u→v)/W(u)` (self-loops and
/// parallel edges as stored in `graph`), `δ` marks dangling users, `p` is the
/// teleport and `q` the dangling distribution.
pub fn dense_pagerank(graph: &InfluenceGraph, d: f64, p: &[f64], q: &[f64]) -> Vec<f64> {
    let n = graph.user_count();
    let layer = graph.combined();
    // M = I − d·Aᵀ − d·q·δᵀ, row-major.
    let mut m = vec![0.0f64; n * n];
    for i in 0..n {
        m[i * n + i] = 1.0;
    }
    for (u, v, w) in layer.edges() {
        let (u, v) = (u as usize, v as usize);
        m[v * n + u] -= d * w / layer.out_weight(u as u32);
    }
    for u in 0..n {
        if layer.out_weight(u as u32) == 0.0 {
            for v in 0..n {
                m[v * n + u] -= d * q[v];
            }
        }
    }
    let mut rhs: Vec<f64> = p.iter().map(|p| (1.0 - d) * p).collect();
    for col in 0..n {
        let pivot = (col..n).max_by(|&a, &b| m[a * n + col].abs().total_cmp(&m[b * n + col].abs())).unwrap();
        if pivot != col {
            for k in 0..n {
                m.swap(col * n + k, pivot * n + k);
            }
            rhs.swap(col, pivot);
        }
        let diag = m[col * n + col];
        for row in col + 1..n {
            let f = m[row * n + col] / diag;
            if f != 0.0 {
                for k in col..n {
                    m[row * n + k] -= f * m[col * n + k];
                }
                rhs[row] -= f * rhs[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| m[row * n + k] * x[k]).sum();
        x[row] = (rhs[row] - s) / m[row * n + row];
    }
    x
}

pub fn l1(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum()
}

/// Solves `m·x = b` by Gaussian elimination with partial pivoting.
pub fn solve_dense(mut m: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| m[i][col].abs().total_cmp(&m[j][col].abs())).unwrap();
        m.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = m[row][col] / m[col][col];
            if f != 0.0 {
                let (top, bottom) = m.split_at_mut(row);
                for (x, &y) in bottom[0][col..].iter_mut().zip(&top[col][col..]) {
                    *x -= f * y;
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| m[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / m[row][row];
    }
    x
}

/// Two free ports on localhost, as `127.0.0.1:PORT` (bound, then released
/// for a distributed run's processes to bind).
pub fn free_ports() -> Vec<String> {
    let listeners: Vec<std::net::TcpListener> =
        (0..2).map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap()).collect();
    listeners.iter().map(|l| l.local_addr().unwrap().to_string()).collect()
}

/// `bytes` gzipped.
pub fn gzipped(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Runs `run` as process 0 and process 1 of two, with 2 worker threads
/// each, over localhost (each "process" a thread here, with timely's
/// networking between them as between two processes), and returns both
/// results in process order; a run past two minutes fails the test.
#[cfg(feature = "distributed")]
pub fn on_two_processes<T: Send + 'static>(
    run: impl Fn(influence::distributed::Cluster) -> T + Send + Clone + 'static,
) -> Vec<T> {
    let hosts = free_ports();
    let runs: Vec<_> = (0..2)
        .map(|process| {
            let cluster = influence::distributed::Cluster::processes(2, process, hosts.clone()).unwrap();
            let run = run.clone();
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _ = tx.send(run(cluster));
            });
            rx
        })
        .collect();
    runs.into_iter().map(|rx| rx.recv_timeout(std::time::Duration::from_secs(120)).expect("finished in time")).collect()
}
