//! `influence generate`: synthetic inputs for examples and benchmarks.

use anyhow::Result;
use influence::generate::{RmatConfig, SocialConfig};
use influence::io;

use super::args::{GenerateCommand, RmatArgs, SocialArgs, SocialFormat};
use super::output::write_to;
use super::progress::Ui;

pub(crate) fn run(command: &GenerateCommand, ui: &Ui) -> Result<()> {
    match command {
        GenerateCommand::Rmat(args) => rmat(args, ui),
        GenerateCommand::Social(args) => social(args, ui),
    }
}

/// Writes the R-MAT edges as an edge list: a `#` header naming the generator
/// and every parameter, then `src dst` (or `src dst w`) lines, one per
/// generated edge, self-loops and repeats included as generated.
fn rmat(args: &RmatArgs, ui: &Ui) -> Result<()> {
    let config =
        RmatConfig::default().scale(args.scale).edge_factor(args.edge_factor).seed(args.seed).weighted(args.weighted);
    let pb = ui.spinner("generating");
    let edges = config.edges();
    pb.finish_and_clear();
    let edges = edges?;
    write_to(args.output.as_deref(), |out| {
        writeln!(
            out,
            "# influence {} generate rmat: R-MAT (Graph500 Kronecker) a={} b={} c={} scale={} edge_factor={} \
             seed={} permute=true weighted={}",
            env!("CARGO_PKG_VERSION"),
            RmatConfig::GRAPH500_A,
            RmatConfig::GRAPH500_B,
            RmatConfig::GRAPH500_C,
            args.scale,
            args.edge_factor,
            args.seed,
            args.weighted
        )?;
        writeln!(
            out,
            "# {} users (ids 0 to {}), {} edges: src dst{}",
            config.user_count(),
            config.user_count() - 1,
            edges.len(),
            if args.weighted { " weight" } else { "" }
        )?;
        if args.weighted {
            for &(u, v, w) in &edges {
                writeln!(out, "{u} {v} {w}")?;
            }
        } else {
            for &(u, v, _) in &edges {
                writeln!(out, "{u} {v}")?;
            }
        }
        Ok(())
    })
}

/// Writes a sample of multi-network interactions as CSV or JSON lines.
fn social(args: &SocialArgs, ui: &Ui) -> Result<()> {
    let mut config = SocialConfig::default();
    if let Some(users) = args.users {
        config = config.users(users);
    }
    if let Some(seed) = args.seed {
        config = config.seed(seed);
    }
    let pb = ui.spinner("generating");
    let interactions = config.interactions();
    pb.finish_and_clear();
    let interactions = interactions?;
    write_to(args.output.as_deref(), |out| {
        match args.format {
            SocialFormat::Csv => io::write_interactions_csv(&interactions, out)?,
            SocialFormat::Jsonl => io::write_interactions_jsonl(&interactions, out)?,
        }
        Ok(())
    })
}
