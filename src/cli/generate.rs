//! `influence generate`: synthetic inputs for examples and benchmarks.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};
use influence::generate::{PopulationShape, RmatConfig, SocialConfig};
use influence::{Network, io};

use super::args::{GenerateCommand, RmatArgs, SocialArgs, SocialFormat};
use super::output::{write_to, write_to_and_file};
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
    let config = args.graph.config();
    let graph = &args.graph;
    let pb = ui.spinner("generating");
    let edges = config.edges();
    pb.finish_and_clear();
    let edges = edges?;
    let written = edges.len();
    let users = config.user_count();
    write_to(args.output.as_deref(), |out| {
        writeln!(
            out,
            "# influence {} generate rmat: R-MAT (Graph500 Kronecker) a={} b={} c={} scale={} edge_factor={} \
             seed={} permute={} weighted={}",
            env!("CARGO_PKG_VERSION"),
            RmatConfig::GRAPH500_A,
            RmatConfig::GRAPH500_B,
            RmatConfig::GRAPH500_C,
            graph.scale,
            graph.edge_factor,
            graph.seed,
            !graph.no_permute,
            graph.weighted
        )?;
        writeln!(
            out,
            "# {} users (ids 0 to {}), {} edges: src dst{}",
            config.user_count(),
            config.user_count() - 1,
            edges.len(),
            if graph.weighted { " weight" } else { "" }
        )?;
        if graph.weighted {
            for &(u, v, w) in &edges {
                writeln!(out, "{u} {v} {w}")?;
            }
        } else {
            for &(u, v, _) in &edges {
                writeln!(out, "{u} {v}")?;
            }
        }
        Ok(())
    })?;
    report(ui, &format!("{written} edges among {users} users"), args.output.as_deref(), None);
    Ok(())
}

/// Says on stderr, unless quiet, what `generate` wrote and where.
fn report(ui: &Ui, what: &str, output: Option<&Path>, facts: Option<(usize, &Path)>) {
    if ui.quiet() {
        return;
    }
    let place = |p: Option<&Path>| match p {
        Some(p) if p.as_os_str() != "-" => p.display().to_string(),
        _ => String::from("standard output"),
    };
    eprintln!("generate: wrote {what} to {}", place(output));
    if let Some((n, path)) = facts {
        eprintln!("generate: wrote the facts of {n} (user, network) pairs to {}", path.display());
    }
}

/// Writes a sample of multi-network interactions as CSV or JSON lines and,
/// with `--facts`, the users' facts as CSV. Everything is generated before
/// anything is written.
fn social(args: &SocialArgs, ui: &Ui) -> Result<()> {
    let mut config = SocialConfig::default();
    if let Some(users) = args.users {
        config = config.users(users);
    }
    if let Some(seed) = args.seed {
        config = config.seed(seed);
    }
    if let Some(days) = args.days {
        config = config.days(days);
    }
    if !args.networks.is_empty() {
        let networks = args.networks.iter().map(|n| n.parse::<Network>()).collect::<Result<Vec<_>, _>>()?;
        config = config.networks(networks);
    }
    if args.shape == "broadcast" {
        config = config.shape(PopulationShape::Broadcast);
    }
    let to_stdout = |path: Option<&Path>| path.is_none_or(|p| p.as_os_str() == "-");
    if let Some(facts) = &args.facts {
        if to_stdout(Some(facts)) && to_stdout(args.output.as_deref()) {
            bail!("--facts and the interactions cannot both go to standard output: give --facts a file or use -o");
        }
    }
    let pb = ui.spinner("generating");
    let interactions = config.interactions();
    let facts = match (&interactions, &args.facts) {
        (Ok(_), Some(_)) => Some(config.facts()),
        _ => None,
    };
    pb.finish_and_clear();
    let interactions = interactions?;
    let facts = facts.transpose()?;
    let write_interactions = |out: &mut dyn Write| -> Result<()> {
        match args.format {
            SocialFormat::Csv => io::write_interactions_csv(&interactions, out)?,
            SocialFormat::Jsonl => io::write_interactions_jsonl(&interactions, out)?,
        }
        Ok(())
    };
    let users = {
        let mut ids: Vec<&str> = interactions.iter().flat_map(|i| [i.actor.as_str(), i.target.as_str()]).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let what = format!("{} interactions among {users} users", interactions.len());
    match (args.facts.as_deref(), facts) {
        (Some(path), Some(facts)) => {
            write_to_and_file(args.output.as_deref(), write_interactions, path, |out| {
                Ok(io::write_facts_csv(&facts, out)?)
            })?;
            report(ui, &what, args.output.as_deref(), Some((facts.len(), path)));
        }
        _ => {
            write_to(args.output.as_deref(), write_interactions)?;
            report(ui, &what, args.output.as_deref(), None);
        }
    }
    Ok(())
}
