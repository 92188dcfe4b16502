//! Quick start: rank the users of the bundled multi-network sample.
//!
//! ```text
//! cargo run --example quickstart                 # examples/data/social.csv
//! cargo run --example quickstart -- my-export.csv
//! ```
//!
//! The sample is 27,000 reactions (likes, reshares, replies, comments,
//! mentions, follows) among 1,000 users on Twitter, Facebook, LinkedIn and
//! Instagram over 90 days, made by `influence::generate::SocialConfig::default()`.
//! Any interaction CSV (a header naming `actor`, `target` and optionally
//! `kind`, `network`, `time`, `weight`), JSON-lines file or edge list works:
//! the format follows the file's extension.
//!
//! The example builds the interaction graph (one layer per network plus the
//! combined graph), runs weighted PageRank on the combined graph, prints the
//! ten most influential users, then the top three of every network.

use std::path::{Path, PathBuf};

use influence::io::{self, InputFormat};
use influence::{GraphBuilder, PageRank, PageRankConfig};

fn main() -> Result<(), influence::Error> {
    let path = match std::env::args_os().nth(1) {
        Some(arg) => PathBuf::from(arg),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/social.csv"),
    };

    // Interactions of one (network, actor, target) merge into one edge,
    // weighted by kind (a reshare counts more than a like).
    let mut builder = GraphBuilder::default();
    let read = io::load_file(&path, InputFormat::Auto, &mut builder)?;
    let graph = builder.build()?;
    println!("{}: {} lines, {} records", path.display(), read.lines, read.records);
    let s = graph.stats();
    println!(
        "{} interactions: {} users, {} edges ({} interactions merged into existing edges, \
         {} self-interactions dropped), {} dangling users, {} network layers",
        s.interactions, s.users, s.edges, s.merged, s.self_loops_dropped, s.dangling, s.layers
    );

    let pagerank = PageRank::new(PageRankConfig::default().tolerance(1e-10))?;
    let ranking = pagerank.run(&graph)?;
    println!(
        "PageRank: {} iterations, residual {:.1e}, converged: {}",
        ranking.iterations(),
        ranking.residual(),
        ranking.converged()
    );

    println!("\ntop 10 influencers, all networks:");
    for (rank, (user, score)) in ranking.top(10).into_iter().enumerate() {
        println!("{:>4}. {user:<10} {score:.5}", rank + 1);
    }

    for (network, layer) in graph.layers() {
        let ranking = pagerank.run_layer(&graph, network)?;
        println!("\ntop 3 on {network} ({} edges):", layer.edge_count());
        for (rank, (user, score)) in ranking.top(3).into_iter().enumerate() {
            println!("{:>4}. {user:<10} {score:.5}", rank + 1);
        }
    }
    Ok(())
}
