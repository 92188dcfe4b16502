//! `influence stats`: what the graph built from an input looks like.
//!
//! The degree summaries are computed here from the public `Layer` API; they
//! are descriptive only and feed nothing else.

use std::io::Write;

use anyhow::Result;
use influence::{GraphConfig, InfluenceGraph, Layer};
use serde_json::json;

use super::args::StatsArgs;
use super::load::{Loaded, load_graph};
use super::output::write_to;
use super::progress::Ui;

pub(crate) fn run(args: &StatsArgs, ui: &Ui) -> Result<()> {
    let config = GraphConfig::default().unweighted(args.input.unweighted);
    let loaded = load_graph(&args.input, config, ui)?;
    let report = Report::new(&loaded);
    write_to(None, |out| if args.json { report.write_json(out, &loaded) } else { report.write_table(out, &loaded) })
}

/// Minimum, median, mean, 99th percentile and maximum of a degree sequence.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Summary {
    min: u32,
    median: f64,
    mean: f64,
    p99: u32,
    max: u32,
}

impl Summary {
    /// Summarizes `values` (reordering them). The median of an even count is
    /// the mean of the two middle values; the 99th percentile is the
    /// nearest-rank one (the smallest value with at least 99 % at or below it).
    fn of(values: &mut [u32]) -> Summary {
        let n = values.len();
        if n == 0 {
            return Summary { min: 0, median: 0.0, mean: 0.0, p99: 0, max: 0 };
        }
        let sum: u64 = values.iter().map(|&d| u64::from(d)).sum();
        let min = values.iter().copied().min().unwrap_or(0);
        let max = values.iter().copied().max().unwrap_or(0);
        let p99_index = (n * 99).div_ceil(100).saturating_sub(1);
        let p99 = *values.select_nth_unstable(p99_index).1;
        let upper = *values.select_nth_unstable(n / 2).1;
        let median = if n % 2 == 1 {
            f64::from(upper)
        } else {
            // After selecting n/2, the largest value left of it is the lower middle.
            let lower = values[..n / 2].iter().copied().max().unwrap_or(upper);
            (f64::from(lower) + f64::from(upper)) / 2.0
        };
        Summary { min, median, mean: sum as f64 / n as f64, p99, max }
    }

    fn json(&self) -> serde_json::Value {
        json!({ "min": self.min, "median": self.median, "mean": self.mean, "p99": self.p99, "max": self.max })
    }
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
    in_degree: Summary,
    out_degree: Summary,
    layers: Vec<LayerRow>,
}

impl Report {
    fn new(loaded: &Loaded) -> Report {
        let graph: &InfluenceGraph = &loaded.graph;
        let combined = graph.combined();
        let mut in_degree: Vec<u32> = combined.offsets().windows(2).map(|w| (w[1] - w[0]) as u32).collect();
        let mut out_degree = out_degrees(combined);
        let isolated = in_degree.iter().zip(&out_degree).filter(|&(&i, &o)| i == 0 && o == 0).count();
        let layers = graph
            .layers()
            .map(|(network, layer)| LayerRow {
                network: network.to_string(),
                users_with_edges: users_with_edges(layer),
                edges: layer.edge_count(),
            })
            .collect();
        Report {
            isolated,
            weighted: combined.is_weighted(),
            in_degree: Summary::of(&mut in_degree),
            out_degree: Summary::of(&mut out_degree),
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
            "in_degree": self.in_degree.json(),
            "out_degree": self.out_degree.json(),
            "layers": layers,
        });
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)?;
        Ok(())
    }
}

/// The number of edges out of every user of `layer`.
fn out_degrees(layer: &Layer) -> Vec<u32> {
    let mut out = vec![0u32; layer.user_count()];
    for &u in layer.sources() {
        out[u as usize] += 1;
    }
    out
}

/// The users with at least one edge, in or out, in `layer`.
fn users_with_edges(layer: &Layer) -> usize {
    let offsets = layer.offsets();
    (0..layer.user_count()).filter(|&v| offsets[v + 1] > offsets[v] || layer.out_weights()[v] > 0.0).count()
}

fn human_bytes(bytes: usize) -> String {
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
    fn summary_of_odd_and_even_counts() {
        let s = Summary::of(&mut [5, 1, 3]);
        assert_eq!((s.min, s.median, s.p99, s.max), (1, 3.0, 5, 5));
        assert!((s.mean - 3.0).abs() < 1e-15);
        let s = Summary::of(&mut [4, 1, 2, 3]);
        assert_eq!((s.min, s.median, s.p99, s.max), (1, 2.5, 4, 4));
        let mut hundred: Vec<u32> = (1..=100).rev().collect();
        assert_eq!(Summary::of(&mut hundred).p99, 99);
        assert_eq!(Summary::of(&mut []).max, 0);
    }

    #[test]
    fn bytes_are_human_readable() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
    }
}
