//! `influence convert`: read and build INPUT once, write the graph file.

use anyhow::Result;

use super::args::ConvertArgs;
use super::load::load_graph;
use super::output::write_to;
use super::progress::Ui;

pub(crate) fn run(args: &ConvertArgs, ui: &Ui) -> Result<()> {
    if args.output.as_os_str() == "-" {
        anyhow::bail!("a graph file is binary: give -o a file name, not standard output");
    }
    let loaded = load_graph(&args.input, args.input.graph_config(args.layers), ui)?;
    let graph = &loaded.graph;
    write_to(Some(&args.output), |out| Ok(graph.write_to(out)?))?;
    if !ui.quiet() {
        let bytes = std::fs::metadata(&args.output).map(|m| m.len()).unwrap_or(0);
        eprintln!(
            "convert: wrote {} ({} users, {} edges, {} layers, {bytes} bytes)",
            args.output.display(),
            graph.user_count(),
            graph.edge_count(),
            graph.layers().len()
        );
    }
    Ok(())
}
