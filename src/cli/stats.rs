//! `influence stats`: what the graph built from an input looks like.
//!
//! The degree summaries come from the library (`Layer::in_degree_summary`
//! and friends); this file only lays them out.

use std::io::Write;

use anyhow::Result;
use influence::{DegreeSummary, InfluenceGraph};
use serde_json::json;

use super::args::StatsArgs;
use super::load::{Loaded, load_graph};
use super::output::write_to;
use super::progress::Ui;

pub(crate) fn run(args: &StatsArgs, ui: &Ui) -> Result<()> {
    let config = args.input.graph_config(true);
    let loaded = load_graph(&args.input, config, ui)?;
    let report = Report::new(&loaded);
    write_to(
        None,
        |out| if args.format.json() { report.write_json(out, &loaded) } else { report.write_table(out, &loaded) },
    )
}

fn summary_json(d: &DegreeSummary) -> serde_json::Value {
    json!({ "min": d.min, "median": d.median, "mean": d.mean, "p99": d.p99, "max": d.max })
}

/// One network's layer in numbers.
#[derive(Debug)]
struct LayerRow {
    network: String,
    users_with_edges: usize,
    edges: usize,
}

/// Everything `stats` prints besides the builder's own statistics.
#[derive(Debug)]
struct Report {
    isolated: usize,
    weighted: bool,
    in_degree: DegreeSummary,
    out_degree: DegreeSummary,
    layers: Vec<LayerRow>,
}

impl Report {
    fn new(loaded: &Loaded) -> Report {
        let graph: &InfluenceGraph = &loaded.graph;
        let combined = graph.combined();
        let isolated = combined.isolated_count();
        let layers = graph
            .layers()
            .map(|(network, layer)| LayerRow {
                network: network.to_string(),
                users_with_edges: layer.users_with_edges(),
                edges: layer.edge_count(),
            })
            .collect();
        Report {
            isolated,
            weighted: combined.is_weighted(),
            in_degree: combined.in_degree_summary(),
            out_degree: combined.out_degree_summary(),
            layers,
        }
    }

    fn write_table(&self, out: &mut dyn Write, loaded: &Loaded) -> Result<()> {
        let s = loaded.graph.stats();
        let r = &loaded.read;
        let rows: [(&str, String); 14] = [
            ("lines read", r.lines.to_string()),
            ("records", r.records.to_string()),
            ("lines skipped", r.skipped.to_string()),
            ("users", s.users.to_string()),
            ("edges", s.edges.to_string()),
            ("interactions", s.interactions.to_string()),
            ("merged", s.merged.to_string()),
            ("self-loops dropped", s.self_loops_dropped.to_string()),
            ("ignored", s.ignored.to_string()),
            ("dangling users", s.dangling.to_string()),
            ("isolated users", self.isolated.to_string()),
            ("weighted", if self.weighted { "yes" } else { "no" }.to_string()),
            ("memory", format!("{} ({} bytes)", human_bytes(s.memory_bytes), s.memory_bytes)),
            ("layers", s.layers.to_string()),
        ];
        for (name, value) in rows {
            writeln!(out, "{name:<20}{value}")?;
        }
        writeln!(out)?;
        writeln!(out, "{:<12}{:>10}{:>12}{:>12}{:>10}{:>10}", "degree", "min", "median", "mean", "p99", "max")?;
        for (name, d) in [("in", &self.in_degree), ("out", &self.out_degree)] {
            writeln!(out, "{name:<12}{:>10}{:>12.1}{:>12.3}{:>10}{:>10}", d.min, d.median, d.mean, d.p99, d.max)?;
        }
        if !self.layers.is_empty() {
            writeln!(out)?;
            writeln!(out, "{:<20}{:>18}{:>14}", "network", "users with edges", "edges")?;
            for l in &self.layers {
                writeln!(out, "{:<20}{:>18}{:>14}", l.network, l.users_with_edges, l.edges)?;
            }
        }
        Ok(())
    }

    fn write_json(&self, out: &mut dyn Write, loaded: &Loaded) -> Result<()> {
        let s = loaded.graph.stats();
        let r = &loaded.read;
        let layers: Vec<_> = self
            .layers
            .iter()
            .map(|l| json!({ "network": l.network, "users_with_edges": l.users_with_edges, "edges": l.edges }))
            .collect();
        let value = json!({
            "lines": r.lines,
            "records": r.records,
            "skipped": r.skipped,
            "users": s.users,
            "edges": s.edges,
            "interactions": s.interactions,
            "merged": s.merged,
            "self_loops_dropped": s.self_loops_dropped,
            "ignored": s.ignored,
            "dangling": s.dangling,
            "isolated": self.isolated,
            "weighted": self.weighted,
            "memory_bytes": s.memory_bytes,
            "in_degree": summary_json(&self.in_degree),
            "out_degree": summary_json(&self.out_degree),
            "layers": layers,
        });
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)?;
        Ok(())
    }
}

pub(crate) fn human_bytes(bytes: usize) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} B") } else { format!("{value:.1} {}", UNITS[unit]) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_human_readable() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
    }
}
