//! `influence validate`: how well each algorithm's scores predict who
//! spreads information, by Independent Cascade simulation. The numbers come
//! from `influence::spread::validate`; this file only lays them out.

use anyhow::Result;
use influence::spread::{self, CascadeConfig};

use super::args::ValidateArgs;
use super::load::load_graph;
use super::output::write_to;
use super::progress::Ui;

pub(crate) fn run(args: &ValidateArgs, ui: &Ui) -> Result<()> {
    let config = args.input.graph_config(false);
    let loaded = load_graph(&args.input, config, ui)?;
    let algorithms = args.algorithms.select(&loaded.graph)?;
    let cascade = CascadeConfig::default().simulations(args.simulations).seed(args.seed);
    let pb = ui.spinner("simulating cascades");
    let report = spread::validate(&loaded.graph, &algorithms, &cascade, args.top_k, args.sample);
    pb.finish_and_clear();
    let report = report?;
    write_to(None, |out| {
        writeln!(
            out,
            "independent cascade (weighted cascade probabilities), {} simulations per estimate, {} users sampled",
            args.simulations, report.sampled_users
        )?;
        writeln!(out, "random {} seeds: expected spread {:.3}", report.k, report.random_k_spread)?;
        writeln!(out)?;
        let top = format!("top-{} spread", report.k);
        writeln!(out, "{:<22}{:>20}{:>16}{:>14}", "algorithm", "spearman (spread)", top, "vs random")?;
        for row in &report.rows {
            writeln!(
                out,
                "{:<22}{:>20}{:>16.3}{:>13.2}x",
                row.algorithm,
                super::compare::correlation(row.spearman),
                row.top_k_spread,
                row.top_k_spread / report.random_k_spread
            )?;
        }
        if report.rows.iter().any(|r| r.spearman.is_nan()) {
            writeln!(out, "\nn/a: a rank correlation is undefined when the scores or the spreads tie every user")?;
        }
        Ok(())
    })
}
