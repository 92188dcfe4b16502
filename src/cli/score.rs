//! `influence score`: every user's calibrated score, best first.

use std::io::IsTerminal;

use anyhow::{Result, bail};
use influence::score::{Calibration, ScoreModel, UserScore};

use super::args::ScoreArgs;
use super::output::{write_to, write_to_and_file};
use super::progress::Ui;
use super::scoring::{self, CalibrationSource};

pub(crate) fn run(args: &ScoreArgs, ui: &Ui) -> Result<()> {
    let save = args.save_calibration.as_deref();
    if save.is_some_and(|p| p.as_os_str() == "-") {
        bail!("--save-calibration needs a file name, not standard output");
    }
    let (config, builder) = scoring::prepare(&args.model)?;
    let read = match &args.calibration.calibration {
        Some(path) => Some(scoring::read_calibration(path, &config)?),
        None => None,
    };
    let model = scoring::build(&args.model, builder, ui)?;
    let calibration = scoring::calibrate(&model, read)?;
    let scores = model.scores(&calibration)?;

    let source = match &args.calibration.calibration {
        Some(path) => CalibrationSource::Read(path),
        None => CalibrationSource::Fitted(save),
    };
    // For people on a terminal a table; for scripts and files a machine format.
    let to_terminal = args.output.as_deref().is_none_or(|p| p.as_os_str() == "-") && std::io::stdout().is_terminal();
    // --no-output-header and --digits ask for a machine format.
    let table = args.output_format.is_none() && !args.table.given() && to_terminal;
    let writer = args.table.writer(args.output_format.unwrap_or_default(), args.top);
    let write_scores = |out: &mut dyn std::io::Write| -> Result<()> {
        if table {
            return write_table(&model, &calibration, &scores, args.top, out);
        }
        Ok(writer.write_scores(&scores, out)?)
    };
    match save {
        // The calibration is written first under a temporary name, so an
        // error in either output leaves the saved calibration untouched.
        Some(path) => write_to_and_file(args.output.as_deref(), write_scores, path, |out| Ok(calibration.write(out)?))?,
        None => write_to(args.output.as_deref(), write_scores)?,
    }
    scoring::summary(&args.model, &model, Some((source, &calibration)), ui);
    Ok(())
}

/// The scores as a table for people: rank, user, score to one decimal, and
/// where the most points came from (the explanation's first network and
/// partner). Ties share a rank.
fn write_table(
    model: &ScoreModel,
    calibration: &Calibration,
    scores: &[UserScore],
    top: Option<usize>,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let shown = &scores[..top.unwrap_or(scores.len()).min(scores.len())];
    let mut rows = Vec::with_capacity(shown.len());
    let mut rank = 0;
    for (i, s) in shown.iter().enumerate() {
        if i == 0 || s.raw != shown[i - 1].raw {
            rank = i + 1;
        }
        let why = model.explain(calibration, &s.user, 1)?;
        let network = why
            .networks
            .iter()
            .max_by(|a, b| a.points.total_cmp(&b.points))
            .filter(|n| n.points > 0.0)
            .map_or_else(|| String::from("-"), |n| format!("{} ({:.1})", n.network, n.points));
        let partner =
            why.partners.first().map_or_else(|| String::from("-"), |p| format!("{} ({:.1})", p.user, p.points));
        rows.push([rank.to_string(), s.user.clone(), format!("{:.1}", s.score), network, partner]);
    }
    let header = ["rank", "user", "score", "top network (points)", "top partner (points)"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 5]| -> String {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            // Numbers to the right, words to the left.
            let pad = w.saturating_sub(cell.chars().count());
            if i == 0 || i == 2 {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
            text.push_str("  ");
        }
        text.trim_end().to_string()
    };
    writeln!(out, "{}", line(header))?;
    for row in &rows {
        writeln!(out, "{}", line([&row[0], &row[1], &row[2], &row[3], &row[4]]))?;
    }
    if shown.len() < scores.len() {
        writeln!(out, "({} of {} users; --top shows more)", shown.len(), scores.len())?;
    }
    Ok(())
}
