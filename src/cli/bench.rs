//! `influence bench`: end-to-end measurements on synthetic graphs (time and
//! memory of generating, building and ranking), printed as one table or as
//! JSON.
//!
//! The graph and the ranking come from the library as any caller would get
//! them; this file only times the phases and reads the process's resident
//! memory, which is a fact about this process, not about the library.

use std::io::Write;
use std::num::NonZeroUsize;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use influence::{GraphBuilder, InfluenceGraph, PageRank, PageRankConfig, Ranking};
use serde_json::json;

use super::args::{BenchCommand, BenchRmatArgs};
use super::output::write_to;
use super::progress::Ui;
use super::stats::human_bytes;

pub(crate) fn run(command: &BenchCommand, ui: &Ui) -> Result<()> {
    match command {
        BenchCommand::Rmat(args) => rmat(args, ui),
    }
}

fn rmat(args: &BenchRmatArgs, ui: &Ui) -> Result<()> {
    let rmat = args.graph.config();
    rmat.validate()?;
    let config = args.solver.apply(PageRankConfig::default());
    // Validate before the (possibly long) generation, so a bad setting fails fast.
    let pagerank = PageRank::new(config)?;

    // The two steps of `RmatConfig::build`, timed apart: generating the
    // edges chunk by chunk into the builder, then the builder's sort, merge
    // and CSR.
    let mut builder = GraphBuilder::new(rmat.graph_config().degree_order(args.order == "degree"))?;
    let pb = ui.spinner("generating the edges");
    let start = Instant::now();
    let added = rmat.add_to(&mut builder);
    let generate_time = start.elapsed();
    pb.finish_and_clear();
    added?;

    let pb = ui.spinner("building the graph");
    let start = Instant::now();
    let graph = builder.build();
    let build_time = start.elapsed();
    pb.finish_and_clear();
    let graph = graph?;
    let after_build = ProcessMemory::now();

    let (pb, progress) = ui.ranking();
    let start = Instant::now();
    let ranking = pagerank.run_with_progress(&graph, progress);
    let rank_time = start.elapsed();
    pb.finish_and_clear();
    let ranking = ranking?;
    let scaling = scaling(&pagerank, &graph, &args.scaling, ui)?;
    let at_end = ProcessMemory::now();

    let report = Report {
        args,
        pagerank: &pagerank,
        graph: &graph,
        ranking: &ranking,
        threads: rayon::current_num_threads(),
        generate_time,
        build_time,
        rank_time,
        scaling: &scaling,
        after_build,
        at_end,
    };
    write_to(None, |out| if args.format.json() { report.write_json(out) } else { report.write_table(out) })?;
    if let Some(run) = scaling.iter().find(|run| !run.identical) {
        bail!(
            "with {} threads the scores differ from those with {} threads (largest difference {:e}): \
             the ranking must not depend on the thread count",
            run.threads,
            scaling[0].threads,
            run.largest_difference
        );
    }
    if !ranking.converged() {
        bail!(
            "{} did not converge: the residual {:.6e} after {} iterations is still above the tolerance {:e}; \
             raise --max-iterations (or --tolerance)",
            ranking.algorithm(),
            ranking.residual(),
            ranking.iterations(),
            pagerank.config().get_tolerance(),
        );
    }
    Ok(())
}

/// One ranking of `bench rmat --scaling`: the same graph and settings in a
/// pool of `threads` threads.
#[derive(Debug)]
struct ScalingRun {
    threads: usize,
    rank_time: Duration,
    iterations: usize,
    /// Whether every score of every repeat equals, bit for bit, the first
    /// run's.
    identical: bool,
    /// The largest absolute difference from the first run's scores.
    largest_difference: f64,
}

impl ScalingRun {
    fn seconds_per_iteration(&self) -> f64 {
        self.rank_time.as_secs_f64() / self.iterations.max(1) as f64
    }

    /// How many times faster per iteration than `base`.
    fn speedup_over(&self, base: &ScalingRun) -> f64 {
        base.seconds_per_iteration() / self.seconds_per_iteration()
    }
}

/// How many times `--scaling` ranks with each thread count, keeping the
/// fastest time.
const SCALING_REPEATS: usize = 2;

/// Ranks `graph` [`SCALING_REPEATS`] times per entry of `threads`, each
/// time in a pool of that many threads, comparing every run's scores with
/// the first run's.
fn scaling(pagerank: &PageRank, graph: &InfluenceGraph, threads: &[NonZeroUsize], ui: &Ui) -> Result<Vec<ScalingRun>> {
    let mut runs: Vec<ScalingRun> = Vec::with_capacity(threads.len());
    let mut first: Option<Vec<f64>> = None;
    for &t in threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(t.get())
            .build()
            .with_context(|| format!("starting a pool of {t} threads"))?;
        // The faster of two rankings: the machine's noise only ever slows
        // a run down. Both must give the same scores.
        let mut timed = Vec::with_capacity(SCALING_REPEATS);
        for _ in 0..SCALING_REPEATS {
            let (pb, progress) = ui.ranking();
            let start = Instant::now();
            let ranking = pool.install(|| pagerank.run_with_progress(graph, progress));
            let rank_time = start.elapsed();
            pb.finish_and_clear();
            timed.push((rank_time, ranking?));
        }
        let rank_time = timed.iter().map(|(time, _)| *time).min().unwrap_or_default();
        let (_, ranking) = timed.pop().context("no ranking was timed")?;
        let scores = ranking.scores();
        let repeatable = timed.iter().all(|(_, other)| same_bits(other.scores(), scores));
        let reference = first.get_or_insert_with(|| scores.to_vec());
        let identical = repeatable && same_bits(reference, scores);
        let largest_difference = reference.iter().zip(scores).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        runs.push(ScalingRun {
            threads: t.get(),
            rank_time,
            iterations: ranking.iterations(),
            identical,
            largest_difference,
        });
    }
    Ok(runs)
}

/// Whether `a` and `b` hold the same numbers, bit for bit.
fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

/// The resident memory of this process, from `/proc/self/status` (Linux
/// only): `VmRSS` now and `VmHWM`, the peak so far.
#[derive(Debug, Clone, Copy)]
struct ProcessMemory {
    rss: Option<u64>,
    peak: Option<u64>,
}

impl ProcessMemory {
    fn now() -> ProcessMemory {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        ProcessMemory { rss: status_bytes(&status, "VmRSS:"), peak: status_bytes(&status, "VmHWM:") }
    }
}

/// The value of a `Name:   1234 kB` line of `/proc/self/status`, in bytes.
fn status_bytes(status: &str, name: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(name))?;
    let mut words = line[name.len()..].split_whitespace();
    let value: u64 = words.next()?.parse().ok()?;
    match words.next() {
        Some("kB") => value.checked_mul(1024),
        _ => None,
    }
}

/// Everything `bench rmat` prints.
#[derive(Debug)]
struct Report<'a> {
    args: &'a BenchRmatArgs,
    pagerank: &'a PageRank,
    graph: &'a InfluenceGraph,
    ranking: &'a Ranking,
    threads: usize,
    generate_time: Duration,
    build_time: Duration,
    rank_time: Duration,
    scaling: &'a [ScalingRun],
    after_build: ProcessMemory,
    at_end: ProcessMemory,
}

impl Report<'_> {
    fn bytes_per_edge(&self) -> f64 {
        self.graph.memory_bytes() as f64 / self.graph.edge_count().max(1) as f64
    }

    fn seconds_per_iteration(&self) -> f64 {
        self.rank_time.as_secs_f64() / self.ranking.iterations().max(1) as f64
    }

    /// The least bytes one power iteration moves ([`PageRank::iteration_bytes`]):
    /// divided by the memory bandwidth, the time no iteration can beat.
    fn iteration_bytes(&self) -> u64 {
        self.pagerank.iteration_bytes(self.graph.combined())
    }

    /// The highest-ranked user and their score.
    fn top(&self) -> (&str, f64) {
        self.ranking.top(1).first().copied().unwrap_or(("", 0.0))
    }

    fn write_table(&self, out: &mut dyn Write) -> Result<()> {
        let g = &self.args.graph;
        let s = self.graph.stats();
        let memory = self.graph.memory_bytes();
        let (top, top_score) = self.top();
        let rows: Vec<(&str, String)> = vec![
            (
                "graph",
                format!(
                    "R-MAT scale {} edge factor {} seed {}{}{}",
                    g.scale,
                    g.edge_factor,
                    g.seed,
                    if g.weighted { " weighted" } else { "" },
                    if g.no_permute { " not permuted" } else { "" }
                ),
            ),
            ("threads", self.threads.to_string()),
            ("user order", self.args.order.clone()),
            ("users", s.users.to_string()),
            ("users with edges", self.graph.combined().users_with_edges().to_string()),
            ("edges", s.edges.to_string()),
            ("interactions", s.interactions.to_string()),
            ("merged", s.merged.to_string()),
            ("self-loops dropped", s.self_loops_dropped.to_string()),
            ("graph memory", format!("{} ({memory} bytes)", human_bytes(memory))),
            ("bytes per edge", format!("{:.2}", self.bytes_per_edge())),
            ("generate", seconds(self.generate_time)),
            ("build", seconds(self.build_time)),
            ("generate + build", seconds(self.generate_time + self.build_time)),
            (
                "rank",
                format!(
                    "{} (pagerank, {} solver, {} precision, tolerance {:e})",
                    seconds(self.rank_time),
                    self.pagerank.config().get_solver(),
                    self.pagerank.config().get_precision(),
                    self.pagerank.config().get_tolerance()
                ),
            ),
            ("iterations", self.ranking.iterations().to_string()),
            ("time per iteration", format!("{:.6} s", self.seconds_per_iteration())),
            ("bytes per iteration", self.iteration_bytes().to_string()),
            ("residual", format!("{:.6e}", self.ranking.residual())),
            ("converged", if self.ranking.converged() { "yes" } else { "no" }.to_string()),
            ("top user", format!("{top} ({top_score:.6e})")),
            ("RSS after build", optional_bytes(self.after_build.rss)),
            ("peak RSS after build", optional_bytes(self.after_build.peak)),
            ("peak RSS", optional_bytes(self.at_end.peak)),
        ];
        for (name, value) in rows {
            writeln!(out, "{name:<22}{value}")?;
        }
        if let Some(base) = self.scaling.first() {
            writeln!(out, "{:<22}{}", "cores", available_cores())?;
            for run in self.scaling {
                let name = format!("scaling {} threads", run.threads);
                let scores = if run.identical {
                    "bit-identical".to_string()
                } else {
                    format!("DIFFERENT (by {:e})", run.largest_difference)
                };
                writeln!(
                    out,
                    "{name:<22}{:.6} s per iteration, {} iterations, speedup {:.2}, {scores}",
                    run.seconds_per_iteration(),
                    run.iterations,
                    run.speedup_over(base),
                )?;
            }
        }
        Ok(())
    }

    fn write_json(&self, out: &mut dyn Write) -> Result<()> {
        let g = &self.args.graph;
        let s = self.graph.stats();
        let (top, top_score) = self.top();
        let scaling: Vec<serde_json::Value> = self
            .scaling
            .iter()
            .map(|run| {
                json!({
                    "threads": run.threads,
                    "rank_seconds": run.rank_time.as_secs_f64(),
                    "iterations": run.iterations,
                    "seconds_per_iteration": run.seconds_per_iteration(),
                    "speedup": run.speedup_over(&self.scaling[0]),
                    "identical": run.identical,
                    "largest_difference": run.largest_difference,
                })
            })
            .collect();
        let value = json!({
            "generator": "rmat",
            "scale": g.scale,
            "edge_factor": g.edge_factor,
            "seed": g.seed,
            "weighted": g.weighted,
            "permuted": !g.no_permute,
            "threads": self.threads,
            "order": self.args.order,
            "users": s.users,
            "users_with_edges": self.graph.combined().users_with_edges(),
            "edges": s.edges,
            "interactions": s.interactions,
            "merged": s.merged,
            "self_loops_dropped": s.self_loops_dropped,
            "memory_bytes": self.graph.memory_bytes(),
            "bytes_per_edge": self.bytes_per_edge(),
            "generate_seconds": self.generate_time.as_secs_f64(),
            "build_seconds": self.build_time.as_secs_f64(),
            "rank_seconds": self.rank_time.as_secs_f64(),
            "algorithm": self.ranking.algorithm(),
            "solver": self.pagerank.config().get_solver().name(),
            "precision": self.pagerank.config().get_precision().to_string(),
            "tolerance": self.pagerank.config().get_tolerance(),
            "iterations": self.ranking.iterations(),
            "seconds_per_iteration": self.seconds_per_iteration(),
            "iteration_bytes": self.iteration_bytes(),
            "residual": self.ranking.residual(),
            "converged": self.ranking.converged(),
            "top_user": top,
            "top_score": top_score,
            "rss_after_build_bytes": self.after_build.rss,
            "peak_rss_after_build_bytes": self.after_build.peak,
            "peak_rss_bytes": self.at_end.peak,
            "cores": available_cores(),
            "scaling": scaling,
        });
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)?;
        Ok(())
    }
}

/// The cores this process may use, as the standard library sees them.
fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

fn seconds(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn optional_bytes(bytes: Option<u64>) -> String {
    match bytes {
        Some(b) => format!("{} ({b} bytes)", human_bytes(usize::try_from(b).unwrap_or(usize::MAX))),
        None => String::from("unknown"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_are_read_in_bytes() {
        let status = "Name:\tinfluence\nVmHWM:\t  123456 kB\nVmRSS:\t    2048 kB\n";
        assert_eq!(status_bytes(status, "VmHWM:"), Some(123_456 * 1024));
        assert_eq!(status_bytes(status, "VmRSS:"), Some(2048 * 1024));
        assert_eq!(status_bytes(status, "VmSwap:"), None);
        assert_eq!(status_bytes("VmRSS: lots", "VmRSS:"), None);
    }
}
