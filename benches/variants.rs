//! Every registered algorithm ([`influence::Algorithm::all`]) on the same
//! generated graphs: time per run, with the iterations and edge visits of
//! one run printed to stderr for BENCHMARKS.md.
//!
//! Run with `cargo bench --bench variants` (about half an hour on two cores,
//! most of it at scale 20), or one graph with a filter:
//! `cargo bench --bench variants -- rmat16`. Graphs: Graph500 R-MAT scales
//! 16, 18 and 20 (65,536 to 1,048,576 users, edge factor 16, unweighted)
//! and a directed preferential-attachment graph of 65,536 users reacting to
//! 8 earlier users each. The stderr line of each case gives the time per
//! iteration of one run (criterion's time divided by its iterations).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use influence::generate::{RmatConfig, numbered_graph, preferential_attachment};
use influence::{Algorithm, GraphConfig, InfluenceGraph};

fn graphs() -> Vec<(&'static str, InfluenceGraph)> {
    let rmat = |scale| RmatConfig::default().scale(scale).build().expect("a valid R-MAT configuration");
    let edges = preferential_attachment(1 << 16, 8, 1).expect("valid preferential-attachment parameters");
    let pa = numbered_graph(1 << 16, edges.into_iter().map(|(u, v)| (u, v, 1.0)), GraphConfig::default().layers(false))
        .expect("a valid generated graph");
    vec![("rmat16", rmat(16)), ("pa16", pa), ("rmat18", rmat(18)), ("rmat20", rmat(20))]
}

fn variants(c: &mut Criterion) {
    for (graph_name, graph) in graphs() {
        let mut group = c.benchmark_group(format!("variants/{graph_name}"));
        group.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_millis(500));
        for algorithm in Algorithm::all_for(&graph) {
            let start = Instant::now();
            match algorithm.run(&graph) {
                Ok(r) => {
                    let took = start.elapsed();
                    eprintln!(
                        "variants/{graph_name}/{}: {} users, {} edges; {} iterations, {} edge visits, converged {}, \
                         {took:.2?} ({:.2?} per iteration)",
                        algorithm.name(),
                        graph.user_count(),
                        graph.edge_count(),
                        r.iterations(),
                        r.edge_visits(),
                        r.converged(),
                        took / r.iterations().max(1) as u32,
                    )
                }
                Err(e) => {
                    eprintln!("variants/{graph_name}/{}: error: {e}", algorithm.name());
                    continue;
                }
            }
            group.bench_function(algorithm.name(), |b| b.iter(|| black_box(algorithm.run(&graph))));
        }
        group.finish();
    }
}

criterion_group!(benches, variants);
criterion_main!(benches);
