//! PageRank, graph building and generation on seeded synthetic graphs.
//!
//! Run everything with `cargo bench --bench pagerank`, or one case with a
//! filter: `cargo bench --bench pagerank -- 'rmat/20'`. Groups:
//!
//! - `pagerank/rmat/{16,16-weighted,20}`: `PageRankConfig::default()
//!   .tolerance(1e-6).run(&g)` on Graph500 R-MAT graphs (edge factor 16,
//!   seed 1, users permuted; unweighted except `16-weighted`, whose weights
//!   are integers 1 to 10). The graph is built once, outside the timing;
//!   its size and the iterations and residual of one run are printed to
//!   stderr once, for BENCHMARKS.md.
//! - `solvers/rmat16/{power,power-f32,gauss-seidel,push,push-seed}`: the
//!   PageRank solvers ([`Solver`], [`Precision`]) at tolerance 1e-6 on the
//!   scale-16 graph; `push-seed` is personalized PageRank for the graph's
//!   first user by residual push. Edge visits and iterations of one run of
//!   each are printed to stderr once.
//! - `solvers/rmat20/{power,power-f32,gauss-seidel}`: the same at scale 20
//!   (push is left out there: one run takes seconds).
//! - `build/rmat16`: `RmatConfig::build_from_edges` from edges generated
//!   beforehand: interning 65,536 ids, buffering, sorting and merging 1 Mi
//!   edges into CSR.
//! - `generate/rmat16` and `generate/social100k`: the generators themselves
//!   (1 Mi R-MAT edges; 100,000 users' 2.7 M interactions).
//!
//! The scale-20 case (1 Mi users, 16 Mi edges) keeps to 10 samples so that
//! the whole run stays within a few minutes on two cores.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use influence::generate::{RmatConfig, SocialConfig};
use influence::{InfluenceGraph, PageRankConfig, Precision, Solver};

fn pagerank_config() -> PageRankConfig {
    PageRankConfig::default().tolerance(1e-6)
}

/// Builds the graph of `config` and reports it and one PageRank run.
fn prepare(name: &str, config: &RmatConfig) -> InfluenceGraph {
    let start = Instant::now();
    let graph = config.build().expect("a valid R-MAT configuration");
    let built = start.elapsed();
    let start = Instant::now();
    let ranking = pagerank_config().run(&graph).expect("PageRank runs");
    let ran = start.elapsed();
    let s = graph.stats();
    eprintln!(
        "pagerank/rmat/{name}: {} users, {} edges ({} merged, {} self-loops dropped), {} dangling; \
         generated and built in {built:.2?}; PageRank {} iterations, residual {:.3e}, converged {}, {ran:.2?}",
        s.users,
        s.edges,
        s.merged,
        s.self_loops_dropped,
        s.dangling,
        ranking.iterations(),
        ranking.residual(),
        ranking.converged(),
    );
    graph
}

fn pagerank_rmat(c: &mut Criterion) {
    let cases = [
        ("16", RmatConfig::default().scale(16)),
        ("16-weighted", RmatConfig::default().scale(16).weighted(true)),
        ("20", RmatConfig::default().scale(20)),
    ];
    let mut group = c.benchmark_group("pagerank/rmat");
    for (name, config) in cases {
        if name == "20" {
            // Flat sampling: the same few runs per sample, instead of criterion's
            // 1 + 2 + … + 10 = 55 runs of linear sampling.
            group
                .sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(10));
        } else {
            group
                .sample_size(20)
                .sampling_mode(SamplingMode::Auto)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(5));
        }
        // Built on first use, so a filter that skips the case skips the build.
        let mut graph = None;
        group.bench_function(name, |b| {
            let g = graph.get_or_insert_with(|| prepare(name, &config));
            b.iter(|| pagerank_config().run(black_box(g)).expect("PageRank runs"));
        });
    }
    group.finish();
}

fn solvers_rmat16(c: &mut Criterion) {
    solvers(c, 16, true);
}

/// Scale 20 without the push cases: a push run there takes seconds (see
/// docs/perf/2026-11-26-pagerank-solvers.md), ten samples of it minutes.
fn solvers_rmat20(c: &mut Criterion) {
    solvers(c, 20, false);
}

fn solvers(c: &mut Criterion, scale: u32, with_push: bool) {
    let mut group = c.benchmark_group(format!("solvers/rmat{scale}"));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let mut graph = None;
    let cases = [
        ("power", Solver::Power, Precision::F64, false),
        ("power-f32", Solver::Power, Precision::F32, false),
        ("gauss-seidel", Solver::GaussSeidel, Precision::F64, false),
        ("push", Solver::Push, Precision::F64, false),
        ("push-seed", Solver::Push, Precision::F64, true),
    ];
    for (name, solver, precision, seeded) in cases {
        if solver == Solver::Push && !with_push {
            continue;
        }
        let mut reported = false;
        group.bench_function(name, |b| {
            let g = graph.get_or_insert_with(|| {
                RmatConfig::default().scale(scale).build().expect("a valid R-MAT configuration")
            });
            let mut config = pagerank_config().solver(solver).precision(precision);
            if seeded {
                let seed = g.user_ids().next().expect("users").to_string();
                config = config.personalization([(seed, 1.0)]);
            }
            if !std::mem::replace(&mut reported, true) {
                let start = Instant::now();
                let r = config.clone().run(g).expect("PageRank runs");
                eprintln!(
                    "solvers/rmat{scale}/{name}: {} iterations, {} edge visits, residual {:.3e}, converged {}, {:.2?}",
                    r.iterations(),
                    r.edge_visits(),
                    r.residual(),
                    r.converged(),
                    start.elapsed()
                );
            }
            b.iter(|| config.clone().run(black_box(g)).expect("PageRank runs"));
        });
    }
    group.finish();
}

fn build_rmat(c: &mut Criterion) {
    let config = RmatConfig::default().scale(16);
    let mut group = c.benchmark_group("build");
    group.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(5));
    let mut edges = None;
    group.bench_function("rmat16", |b| {
        let edges = edges.get_or_insert_with(|| config.edges().expect("a valid R-MAT configuration"));
        b.iter(|| config.build_from_edges(black_box(edges)).expect("the graph builds"));
    });
    group.finish();
}

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    // Ten samples of one run each of social100k need about 15 s.
    group.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(15));
    let rmat = RmatConfig::default().scale(16);
    group.bench_function("rmat16", |b| b.iter(|| black_box(&rmat).edges().expect("valid")));
    let social = SocialConfig::default().users(100_000);
    // Freeing 2.7 M records is not part of generating them.
    group
        .bench_function("social100k", |b| b.iter_with_large_drop(|| black_box(&social).interactions().expect("valid")));
    group.finish();
}

criterion_group!(benches, pagerank_rmat, solvers_rmat16, solvers_rmat20, build_rmat, generate);
criterion_main!(benches);
