//! `influence explain`: one user's score broken down by network, kind of
//! reaction and partner.

use anyhow::Result;

use super::args::ExplainArgs;
use super::output::write_to;
use super::progress::Ui;
use super::scoring::{self, CalibrationSource};

pub(crate) fn run(args: &ExplainArgs, ui: &Ui) -> Result<()> {
    let (config, builder) = scoring::prepare(&args.model)?;
    let read = match &args.calibration.calibration {
        Some(path) => Some(scoring::read_calibration(path, &config)?),
        None => None,
    };
    let model = scoring::build(&args.model, builder, ui)?;
    // An unknown user is the likelier mistake; say so before fitting.
    model.raw_score(&args.user)?;
    let calibration = scoring::calibrate(&model, read)?;
    let why = model.explain(&calibration, &args.user, args.partners)?;

    let source = match &args.calibration.calibration {
        Some(path) => CalibrationSource::Read(path),
        None => CalibrationSource::Fitted(None),
    };
    write_to(None, |out| {
        if args.format.json() {
            serde_json::to_writer_pretty(&mut *out, &why)?;
            writeln!(out)?;
        } else {
            write!(out, "{why}")?;
        }
        Ok(())
    })?;
    scoring::summary(&args.model, &model, Some((source, &calibration)), ui);
    Ok(())
}
