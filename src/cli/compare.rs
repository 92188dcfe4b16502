//! `influence compare`: every algorithm on one graph, side by side: time,
//! iterations, edge visits, and pairwise agreement. The numbers come from
//! `influence::agreement::compare`; this file only lays them out.

use anyhow::Result;
use influence::agreement;

use super::args::CompareArgs;
use super::load::load_graph;
use super::output::write_to;
use super::progress::Ui;

/// One agreement measure of a pair of rankings.
type Measure = dyn Fn(&agreement::Pair) -> f64;

/// A rank correlation with four decimals, or `n/a` where it is undefined
/// (NaN: a ranking that ties every user), never the text `NaN`.
pub(crate) fn correlation(x: f64) -> String {
    if x.is_nan() { String::from("n/a") } else { format!("{:.4}", x + 0.0) }
}

pub(crate) fn run(args: &CompareArgs, ui: &Ui) -> Result<()> {
    let config = args.input.graph_config(false);
    let loaded = load_graph(&args.input, config, ui)?;
    let algorithms = args.algorithms.select(&loaded.graph)?;
    let pb = ui.spinner("running every algorithm");
    let table = agreement::compare(&loaded.graph, &algorithms, args.top_k);
    pb.finish_and_clear();
    let table = table?;
    if args.format.json() {
        return write_to(None, |out| {
            // NaN (an undefined correlation) as null.
            let number = |x: f64| if x.is_finite() { serde_json::json!(x) } else { serde_json::Value::Null };
            let runs: Vec<_> = table
                .runs
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "algorithm": r.algorithm,
                        "seconds": r.time.as_secs_f64(),
                        "iterations": r.ranking.iterations(),
                        "edge_visits": r.ranking.edge_visits(),
                        "converged": r.ranking.converged(),
                    })
                })
                .collect();
            let pairs: Vec<_> = table
                .pairs
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "algorithm": table.runs[p.a].algorithm,
                        "versus": table.runs[p.b].algorithm,
                        "spearman": number(p.spearman),
                        "kendall": number(p.kendall),
                        "top_k_overlap": number(p.overlap),
                    })
                })
                .collect();
            let value = serde_json::json!({ "k": table.k, "runs": runs, "pairs": pairs });
            serde_json::to_writer_pretty(&mut *out, &value)?;
            writeln!(out)?;
            Ok(())
        });
    }
    write_to(None, |out| {
        writeln!(
            out,
            "{:<22}{:>12}{:>12}{:>16}{:>11}",
            "algorithm", "time (s)", "iterations", "edge visits", "converged"
        )?;
        for r in &table.runs {
            writeln!(
                out,
                "{:<22}{:>12.6}{:>12}{:>16}{:>11}",
                r.algorithm,
                r.time.as_secs_f64(),
                r.ranking.iterations(),
                r.ranking.edge_visits(),
                if r.ranking.converged() { "yes" } else { "NO" }
            )?;
        }
        writeln!(out)?;
        let k = format!("top-{} overlap", table.k);
        if !args.pairs {
            let names: Vec<&str> = table.runs.iter().map(|r| r.algorithm).collect();
            let cell = |a: usize, b: usize, f: &Measure| -> f64 {
                if a == b {
                    return 1.0;
                }
                let (lo, hi) = (a.min(b), a.max(b));
                table.pairs.iter().find(|p| p.a == lo && p.b == hi).map_or(f64::NAN, f)
            };
            let matrices: [(&str, &Measure); 3] =
                [("spearman", &|p| p.spearman), ("kendall", &|p| p.kendall), (&k, &|p| p.overlap)];
            for (i, (title, f)) in matrices.into_iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                matrix(out, title, &names, |a, b| cell(a, b, f))?;
            }
        } else {
            writeln!(out, "{:<22}{:<22}{:>10}{:>10}{:>16}", "algorithm", "versus", "spearman", "kendall", k)?;
        }
        for p in table.pairs.iter().filter(|_| args.pairs) {
            writeln!(
                out,
                "{:<22}{:<22}{:>10}{:>10}{:>16.3}",
                table.runs[p.a].algorithm,
                table.runs[p.b].algorithm,
                correlation(p.spearman),
                correlation(p.kendall),
                p.overlap
            )?;
        }
        if table.pairs.iter().any(|p| p.spearman.is_nan() || p.kendall.is_nan()) {
            writeln!(out, "\nn/a: a rank correlation is undefined when one of the two rankings ties every user")?;
        }
        Ok(())
    })
}

/// One agreement measure as a lower-triangular matrix: rows named and
/// numbered, columns by number, two decimals, `n/a` where undefined.
fn matrix(
    out: &mut dyn std::io::Write,
    title: &str,
    names: &[&str],
    value: impl Fn(usize, usize) -> f64,
) -> std::io::Result<()> {
    let label = names.iter().map(|n| n.len()).max().unwrap_or(0) + 4;
    write!(out, "{title:<label$}")?;
    for j in 0..names.len() {
        write!(out, "{:>6}", j + 1)?;
    }
    writeln!(out)?;
    for (i, name) in names.iter().enumerate() {
        write!(out, "{:<label$}", format!("{:>2} {name}", i + 1))?;
        for j in 0..=i {
            let v = value(i, j);
            let text = if v.is_nan() { String::from("n/a") } else { format!("{:.2}", v + 0.0) };
            write!(out, "{text:>6}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
