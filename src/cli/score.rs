//! `influence score`: every user's calibrated score, best first.

use anyhow::{Result, bail};
use influence::io;

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
    let write_scores = |out: &mut dyn std::io::Write| Ok(io::write_scores(&scores, out, args.output_format, args.top)?);
    match save {
        // The calibration is written first under a temporary name, so an
        // error in either output leaves the saved calibration untouched.
        Some(path) => write_to_and_file(args.output.as_deref(), write_scores, path, |out| Ok(calibration.write(out)?))?,
        None => write_to(args.output.as_deref(), write_scores)?,
    }
    scoring::summary(&args.model, &model, Some((source, &calibration)), ui);
    Ok(())
}
