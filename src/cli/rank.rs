//! `influence rank`: load, build, run PageRank, write the ranking.

use std::fs::File;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use influence::io::{self};
use influence::{Dangling, GraphConfig, PageRank, PageRankConfig};

use super::args::{Algorithm, DanglingArg, RankArgs};
use super::load::load_graph;
use super::output::write_to;
use super::progress::Ui;

pub(crate) fn run(args: &RankArgs, ui: &Ui) -> Result<()> {
    let Algorithm::Pagerank = args.algorithm;
    let mut config = PageRankConfig::default()
        .damping(args.damping)
        .tolerance(args.tolerance)
        .max_iterations(args.max_iterations)
        .dangling(match args.dangling {
            DanglingArg::Personalization => Dangling::Personalization,
            DanglingArg::Uniform => Dangling::Uniform,
        });
    // Validate before the (possibly long) load, so a bad setting fails fast.
    PageRank::new(config.clone())?;

    // Ranking reads only the combined graph: per-network layers would be
    // memory spent for nothing.
    let graph_config = GraphConfig::default().unweighted(args.input.unweighted).layers(false);
    let loaded = load_graph(&args.input, graph_config, ui)?;
    let graph = &loaded.graph;
    if !ui.quiet() {
        let s = graph.stats();
        eprintln!(
            "graph: {} users, {} edges, {} interactions, {} merged, {} self-loops dropped, {} ignored",
            s.users, s.edges, s.interactions, s.merged, s.self_loops_dropped, s.ignored
        );
    }

    if let Some(path) = &args.personalization {
        // Read against the graph, so an unknown user is named with its line.
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        config = config.personalization(io::read_personalization_for(file, Some(path), graph)?);
    }
    let pagerank = PageRank::new(config)?;

    let (pb, progress) = ui.ranking();
    let start = Instant::now();
    let ranking = pagerank.run_with_progress(graph, progress);
    let rank_time = start.elapsed();
    pb.finish_and_clear();
    let ranking = ranking?;

    if args.timings {
        eprintln!("timing load {:.6} s", loaded.load_time.as_secs_f64());
        eprintln!("timing build {:.6} s", loaded.build_time.as_secs_f64());
        eprintln!(
            "timing rank {:.6} s ({} iterations, residual {:.6e})",
            rank_time.as_secs_f64(),
            ranking.iterations(),
            ranking.residual()
        );
    }
    if !ranking.converged() {
        bail!(
            "{} did not converge: the residual {:.6e} after {} iterations is still above the tolerance {:e}; \
             raise --max-iterations (or --tolerance)",
            ranking.algorithm(),
            ranking.residual(),
            ranking.iterations(),
            pagerank.config().get_tolerance()
        );
    }

    write_to(args.output.as_deref(), |out| Ok(io::write_ranking(&ranking, out, args.output_format, args.top)?))
}
