//! Every registered algorithm ([`influence::Algorithm::all`]) on the same
//! generated graphs: time per run, with the iterations and edge visits of
//! one run printed to stderr for BENCHMARKS.md.
//!
//! Run with `cargo bench --bench variants` (a few minutes on two cores), or
//! one graph with a filter: `cargo bench --bench variants -- rmat16`.
//! Graphs: Graph500 R-MAT scale 16 (65,536 users, about 1 M edges,
//! unweighted) and a directed preferential-attachment graph of 65,536 users
//! reacting to 8 earlier users each.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use influence::generate::{RmatConfig, numbered_graph, preferential_attachment};
use influence::{Algorithm, GraphConfig, InfluenceGraph};

fn graphs() -> Vec<(&'static str, InfluenceGraph)> {
    let rmat = RmatConfig::default().scale(16).build().expect("a valid R-MAT configuration");
    let edges = preferential_attachment(1 << 16, 8, 1).expect("valid preferential-attachment parameters");
    let pa = numbered_graph(1 << 16, edges.into_iter().map(|(u, v)| (u, v, 1.0)), GraphConfig::default().layers(false))
        .expect("a valid generated graph");
    vec![("rmat16", rmat), ("pa16", pa)]
}

fn variants(c: &mut Criterion) {
    for (graph_name, graph) in graphs() {
        let mut group = c.benchmark_group(format!("variants/{graph_name}"));
        group.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_millis(500));
        for algorithm in Algorithm::all_for(&graph) {
            let start = Instant::now();
            match algorithm.run(&graph) {
                Ok(r) => eprintln!(
                    "variants/{graph_name}/{}: {} users, {} edges; {} iterations, {} edge visits, converged {}, {:.2?}",
                    algorithm.name(),
                    graph.user_count(),
                    graph.edge_count(),
                    r.iterations(),
                    r.edge_visits(),
                    r.converged(),
                    start.elapsed()
                ),
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
