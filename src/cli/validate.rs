//! `influence validate`: how well each candidate predicts who drives
//! reactions. With `--split T`, on the input's own future: scores from the
//! interactions before T against the reactions received after it
//! (`influence::temporal`); without, by Independent Cascade simulation
//! (`influence::spread`). The numbers come from the library; this file only
//! reads the input and lays them out.

use anyhow::{Context, Result, bail};
use influence::io;
use influence::spread::{self, CascadeConfig};
use influence::temporal::{self, Split, TemporalConfig, TemporalReport};

use super::args::ValidateArgs;
use super::load::load_graph;
use super::output::write_to;
use super::progress::Ui;
use super::scoring::{read_all, score_config};

pub(crate) fn run(args: &ValidateArgs, ui: &Ui) -> Result<()> {
    if args.split.is_some() {
        return run_temporal(args, ui);
    }
    let s = &args.settings;
    let score_flag = [
        s.window_days.is_some(),
        s.half_life_days.is_some(),
        s.saturation.is_some(),
        s.trusted.is_some(),
        s.teleport.is_some(),
        s.established_reactors.is_some(),
        s.established_exponent.is_some(),
        s.measure.is_some(),
        s.credibility.is_some(),
        s.volume_weight.is_some(),
        s.standing_seed_reactors.is_some(),
        s.standing_reactors.is_some(),
        s.standing_anchor.is_some(),
        args.horizon.is_some(),
        args.until.is_some(),
        args.format.given(),
    ];
    if score_flag.iter().any(|b| *b) {
        bail!(
            "the score settings, --horizon, --until and --json (--output-format) apply to temporal validation: give --split T"
        );
    }
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

/// `validate --split`: every candidate scored before the split, compared
/// with the reactions after it.
fn run_temporal(args: &ValidateArgs, ui: &Ui) -> Result<()> {
    if args.algorithms.given() {
        bail!("--algorithms chooses the simulated-cascade candidates; with --split every measure is compared");
    }
    let point = |flag: &str, text: &str| -> Result<Split> {
        match text.parse::<f64>() {
            Ok(q) if q > 0.0 && q < 1.0 => Ok(Split::Quantile(q)),
            _ => Ok(Split::Time(io::parse_time(text).with_context(|| {
                format!("invalid {flag} {text:?}: give a quantile between 0 and 1 (0.8) or a time")
            })?)),
        }
    };
    let mut config = TemporalConfig::default().split(point("--split", args.split.as_deref().unwrap_or_default())?);
    if let Some(days) = args.horizon {
        config = config.horizon_days(days);
    }
    if let Some(text) = &args.until {
        config = config.until(point("--until", text)?);
    }
    let score = score_config(&args.settings, args.input.limits.limits())?;
    let reader = args.input.read.reader(args.input.input_format, args.input.limits.limits());
    let interactions = read_all(&args.input.input, reader, ui)?;
    let candidates = temporal::candidates(&score);
    let pb = ui.spinner("scoring every candidate before the split");
    let report = temporal::validate(&interactions, &candidates, &config);
    pb.finish_and_clear();
    let report = report?;
    write_to(None, |out| {
        if args.format.json() {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
            return Ok(());
        }
        table(out, &report)
    })
}

/// The report as a table a person reads.
fn table(out: &mut dyn std::io::Write, r: &TemporalReport) -> Result<()> {
    let horizon = match r.horizon_end {
        Some(end) => format!("reactions received from then until {}", io::format_time(end)),
        None => String::from("reactions received from then on"),
    };
    writeln!(
        out,
        "temporal validation: scores from the interactions before {}, against the {horizon}",
        io::format_time(r.split)
    )?;
    writeln!(
        out,
        "{} interactions before, {} after; {} users seen before, {} of them reacted to; {} reactions after to users seen before",
        r.past_interactions, r.future_interactions, r.users_seen, r.users_reacted, r.future_reactions
    )?;
    writeln!(out)?;
    let tops: Vec<String> = r.best.iter().map(|(k, _)| format!("top-{k} future")).collect();
    write!(out, "{:<40}{:>18}{:>16}", "candidate", "spearman (reacted)", "spearman (seen)")?;
    for t in &tops {
        write!(out, "{t:>17}")?;
    }
    writeln!(out)?;
    for row in &r.rows {
        write!(
            out,
            "{:<40}{:>18}{:>16}",
            row.candidate,
            super::compare::correlation(row.spearman_reacted),
            super::compare::correlation(row.spearman_seen)
        )?;
        for (_, v) in &row.top {
            if v.is_nan() {
                write!(out, "{:>17}", "n/a")?;
            } else {
                write!(out, "{v:>17.0}")?;
            }
        }
        writeln!(out)?;
    }
    write!(out, "{:<40}{:>18}{:>16}", "best possible", "", "")?;
    for (_, v) in &r.best {
        write!(out, "{v:>17.0}")?;
    }
    writeln!(out)?;
    for row in &r.rows {
        if let Some(e) = &row.error {
            writeln!(out, "n/a: {}: {e}", row.candidate)?;
        }
    }
    // How the score stands against the better count on each measure.
    let counts: Vec<_> = r.rows.iter().filter(|row| row.count).collect();
    if let (Some(score), false) = (r.rows.first(), counts.is_empty()) {
        let best =
            |f: &dyn Fn(&temporal::TemporalRow) -> f64| counts.iter().map(|c| f(c)).fold(f64::NEG_INFINITY, f64::max);
        let mut verdicts = vec![verdict("spearman (reacted)", score.spearman_reacted, best(&|c| c.spearman_reacted))];
        for (i, (k, v)) in score.top.iter().enumerate() {
            verdicts.push(verdict(&format!("top-{k}"), *v, best(&|c| c.top[i].1)));
        }
        writeln!(out, "\n{}: {}", score.candidate, verdicts.join("; "))?;
    }
    Ok(())
}

fn verdict(what: &str, score: f64, count: f64) -> String {
    let word = if score > count {
        "beats"
    } else if score == count {
        "ties"
    } else {
        "loses to"
    };
    format!("{what} {word} the better count ({} against {})", trim(score), trim(count))
}

fn trim(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 { format!("{x:.0}") } else { format!("{x:.3}") }
}
