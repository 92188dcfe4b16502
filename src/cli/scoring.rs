//! What `score`, `explain` and `topics` share: the score flags turned into
//! a [`ScoreConfig`] and a model builder, the model built from INPUT, the
//! calibration read or fitted, and the summary on stderr.
//!
//! Every file named by a flag is read and every setting checked before
//! INPUT, so a mistake fails fast. This module must never compute anything
//! the library does not: it only reads files and calls the library.

use std::collections::HashSet;
use std::fs::File;
use std::path::Path;

use anyhow::{Context, Result, bail};
use influence::score::{Calibration, Measure, ScoreConfig, ScoreModel, ScoreModelBuilder, Teleport};
use influence::{Interaction, io};

use super::args::{ModelArgs, ScoreSettingsArgs, TeleportMode};
use super::progress::Ui;

/// The score settings the flags ask for, checked; `limits` bound the
/// trusted users' file.
pub(crate) fn score_config(settings: &ScoreSettingsArgs, limits: influence::Limits) -> Result<ScoreConfig> {
    let mut config = ScoreConfig::default();
    if let Some(days) = settings.window_days {
        config = config.window_days(days);
    }
    if let Some(days) = settings.half_life_days {
        config = config.half_life_days(days);
    }
    if let Some(s) = settings.saturation {
        config = config.saturation(s);
    }
    if let Some(c) = settings.credibility {
        config = config.credibility(c);
    }
    let established = settings.established_reactors.is_some() || settings.established_exponent.is_some();
    if established && settings.teleport != Some(TeleportMode::Established) {
        bail!("--established-reactors and --established-exponent apply only to --teleport established");
    }
    if let Some(a) = settings.volume_weight {
        config = config.volume_weight(a);
    }
    let mut standing = config.get_standing().clone();
    if let Some(r) = settings.standing_seed_reactors {
        standing = standing.seed_reactors(r);
    }
    if let Some(r) = settings.standing_reactors {
        standing = standing.reactors(r);
    }
    if let Some(a) = settings.standing_anchor {
        standing = standing.anchor(a);
    }
    config = config.standing(standing);
    match settings.teleport {
        None | Some(TeleportMode::Standing) => config = config.teleport(Teleport::Standing),
        Some(TeleportMode::Engaged) => config = config.teleport(Teleport::Engaged),
        Some(TeleportMode::Uniform) => config = config.teleport(Teleport::Uniform),
        Some(TeleportMode::Established) => {
            config = config.teleport(Teleport::Established {
                reactors: settings.established_reactors.unwrap_or(Teleport::DEFAULT_ESTABLISHED_REACTORS),
                exponent: settings.established_exponent.unwrap_or(Teleport::DEFAULT_ESTABLISHED_EXPONENT),
            });
        }
    }
    if let Some(path) = &settings.trusted {
        // The seed format of --personalization: trusted users are alike, so
        // a weight other than 1 would be ignored, and is refused instead.
        let seeds = super::load::read_seeds(path, limits)?;
        if let Some((user, w)) = seeds.iter().find(|(_, w)| *w != 1.0) {
            bail!(
                "{}: trusted user {user:?} has weight {w}; trusted users are alike (give ids alone, or weight 1)",
                path.display()
            );
        }
        config = config.teleport(Teleport::Trusted(seeds.into_iter().map(|(u, _)| u).collect()));
    }
    match settings.measure.as_deref() {
        None | Some("pagerank") => {}
        Some(name) => {
            if settings.trusted.is_some() || settings.teleport.is_some() {
                let flag = if settings.trusted.is_some() { "--trusted" } else { "--teleport" };
                bail!("{flag} sets PageRank's teleport, so it needs --measure pagerank, not {name}");
            }
            config = config.measure(Measure::from_name(name)?);
        }
    }
    config.validate()?;
    Ok(config)
}

/// The settings the flags ask for, checked, and a builder holding the
/// as-of time and the facts; INPUT is not read yet.
pub(crate) fn prepare(args: &ModelArgs) -> Result<(ScoreConfig, ScoreModelBuilder)> {
    let as_of = match &args.as_of {
        Some(text) => Some(io::parse_time(text).context("invalid --as-of")?),
        None => None,
    };
    let config = score_config(&args.settings, args.limits.limits())?;
    let mut builder = ScoreModel::builder(config.clone());
    if let Some(t) = as_of {
        builder = builder.as_of(t);
    }
    if let Some(path) = &args.facts {
        builder = builder.facts(io::Reader::default().limits(args.limits.limits()).read_facts_file(path)?);
    }
    Ok((config, builder))
}

/// Reads INPUT (standard input for `-`) and builds the model, showing
/// progress through `ui`.
pub(crate) fn build(args: &ModelArgs, builder: ScoreModelBuilder, ui: &Ui) -> Result<ScoreModel> {
    // Each interaction is interned into the model as it is read, so memory
    // grows with the users and the interned records, not with the file.
    let reader = args.read.reader(args.input_format, args.limits.limits());
    let (input, name, pb): (Box<dyn std::io::Read>, &Path, _) = if args.input.as_os_str() == "-" {
        let pb = ui.reading("standard input", None);
        // Named in errors as `<stdin>:LINE`; without an extension, `auto`
        // reads an edge list, as for any unnamed input.
        (Box::new(pb.wrap_read(std::io::stdin().lock())), Path::new("<stdin>"), pb)
    } else {
        let path = args.input.as_path();
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        // A length of 0 is what pipes and special files report: no bar then.
        let len = file.metadata().ok().map(|m| m.len()).filter(|&len| len > 0);
        let pb = ui.reading(&path.display().to_string(), len);
        (Box::new(pb.wrap_read(file)), path, pb)
    };
    let (mut scoring, mut notes) = (None, Vec::new());
    let model = builder.build_from(|push| {
        let read = reader.for_each(input, Some(name), |i| push(&i));
        pb.finish_and_clear();
        scoring = Some(ui.spinner("scoring"));
        read.map(|stats| notes = stats.notes)
    });
    if let Some(spinner) = scoring {
        spinner.finish_and_clear();
    }
    let model = model?;
    super::load::print_notes(&notes, ui);
    check_trusted(args, &model, ui)?;
    Ok(model)
}

/// Reads every interaction of `input` (standard input for `-`) with
/// `reader` into memory, for the commands that need them all at once, and
/// prints the reader's notes.
pub(crate) fn read_all(input: &Path, reader: io::Reader, ui: &Ui) -> Result<Vec<Interaction>> {
    let pb = ui.spinner("reading");
    let read = if input.as_os_str() == "-" {
        reader.collect(std::io::stdin().lock(), None)
    } else {
        let path = input;
        File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        reader.collect_file(path)
    };
    pb.finish_and_clear();
    let (interactions, stats) = read?;
    super::load::print_notes(&stats.notes, ui);
    Ok(interactions)
}

/// Builds the model from interactions read by [`read_all`], as [`build`]
/// builds it from INPUT.
pub(crate) fn build_from(
    args: &ModelArgs,
    builder: ScoreModelBuilder,
    interactions: &[Interaction],
    ui: &Ui,
) -> Result<ScoreModel> {
    let pb = ui.spinner("scoring");
    let model = builder.build(interactions);
    pb.finish_and_clear();
    let model = model?;
    check_trusted(args, &model, ui)?;
    Ok(model)
}

/// With --trusted: an error when no trusted user is in the window (every
/// score would be the floor, and the calibration's complaint would not say
/// why), a note naming those that are not.
fn check_trusted(args: &ModelArgs, model: &ScoreModel, ui: &Ui) -> Result<()> {
    if let (Some(path), Teleport::Trusted(seeds)) = (&args.settings.trusted, model.config().get_teleport()) {
        // None known: every score would be the floor, and the calibration's
        // complaint about that would not say why. Some unknown: a note.
        let users: HashSet<&str> = model.users().collect();
        let window = model.as_of().map_or_else(String::new, |t| format!(" ending {}", io::format_time(t)));
        let absent = format!("without an interaction in the window{window}");
        super::load::known_seeds(seeds.iter().collect(), |s| s.as_str(), |u| users.contains(u), path, &absent, ui)?;
    }
    Ok(())
}

/// Reads the calibration in `path` and checks that it was fitted under
/// `config`, naming the settings that differ.
pub(crate) fn read_calibration(path: &Path, config: &ScoreConfig) -> Result<Calibration> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let calibration = Calibration::read(file, Some(path))?;
    if calibration.format() < Calibration::OLDEST_SCORING_FORMAT {
        bail!(
            "the calibration in {} (format {}) was fitted on scores of an earlier version, before standing, the \
             volume weight and per-day saturation; leave out --calibration to fit a new one (--save-calibration \
             FILE keeps it)",
            path.display(),
            calibration.format()
        );
    }
    let fitted = calibration.config();
    if fitted != config {
        bail!(
            "the calibration in {} was fitted under other score settings: {}; use it with those settings, or leave \
             out --calibration to fit a new one (--save-calibration FILE keeps it)",
            path.display(),
            differences(fitted, config).join(", ")
        );
    }
    Ok(calibration)
}

/// The settings in which `fitted` differs from `now`, as `name fitted
/// instead of now`.
fn differences(fitted: &ScoreConfig, now: &ScoreConfig) -> Vec<String> {
    let teleport = |c: &ScoreConfig| match c.get_teleport() {
        Teleport::Standing => String::from("users of standing"),
        Teleport::Engaged => String::from("engaged users"),
        Teleport::Uniform => String::from("uniform"),
        Teleport::Trusted(seeds) => format!("{} trusted users", seeds.len()),
        Teleport::Established { reactors, exponent } => {
            format!("established users ({reactors} reactors, exponent {exponent})")
        }
        other => format!("{other:?}"),
    };
    let numbers = [
        ("--window-days", fitted.get_window_days(), now.get_window_days()),
        ("--half-life-days", fitted.get_half_life_days(), now.get_half_life_days()),
        ("--saturation", fitted.get_saturation(), now.get_saturation()),
        ("damping", fitted.get_damping(), now.get_damping()),
        ("audience weight", fitted.get_audience_weight(), now.get_audience_weight()),
        ("--credibility", fitted.get_credibility(), now.get_credibility()),
        ("--volume-weight", fitted.get_volume_weight(), now.get_volume_weight()),
        ("--standing-seed-reactors", fitted.get_standing().get_seed_reactors(), now.get_standing().get_seed_reactors()),
        ("--standing-reactors", fitted.get_standing().get_reactors(), now.get_standing().get_reactors()),
        ("--standing-anchor", fitted.get_standing().get_anchor(), now.get_standing().get_anchor()),
    ];
    let mut out: Vec<String> =
        numbers.iter().filter(|(_, a, b)| a != b).map(|(name, a, b)| format!("{name} {a} instead of {b}")).collect();
    if fitted.get_teleport() != now.get_teleport() {
        let (a, b) = (teleport(fitted), teleport(now));
        out.push(if a == b { format!("other {a}") } else { format!("teleport to {a} instead of {b}") });
    }
    if fitted.get_measure() != now.get_measure() {
        let name = |c: &ScoreConfig| c.get_measure().name();
        let (a, b) = (name(fitted), name(now));
        out.push(if a == b { format!("other {a} settings") } else { format!("--measure {a} instead of {b}") });
    }
    let rest = [
        ("tolerance", fitted.get_tolerance() != now.get_tolerance()),
        ("iteration cap", fitted.get_max_iterations() != now.get_max_iterations()),
        ("kind weights", fitted.get_kind_weights() != now.get_kind_weights()),
        ("network weights", fitted.get_network_weights() != now.get_network_weights()),
    ];
    out.extend(rest.iter().filter(|(_, differ)| *differ).map(|(name, _)| format!("other {name}")));
    out
}

/// Where the calibration in use came from.
#[derive(Debug)]
pub(crate) enum CalibrationSource<'a> {
    /// Read from this file.
    Read(&'a Path),
    /// Fitted on INPUT now, and saved to this file if given.
    Fitted(Option<&'a Path>),
}

/// The calibration read earlier, or one fitted on the model's population:
/// fitting never refuses a population of a model.
pub(crate) fn calibrate(model: &ScoreModel, read: Option<Calibration>) -> Result<Calibration> {
    match read {
        Some(c) => Ok(c),
        None => Ok(model.fit_calibration()?),
    }
}

/// Prints on stderr, unless quiet, the as-of time used, the number of
/// users, the measure's iterations per network and where the scale came
/// from: the population it was fitted on and the users at the floor.
/// Callers print it after the output, so that a failure is reported on its
/// own line.
pub(crate) fn summary(
    args: &ModelArgs,
    model: &ScoreModel,
    calibration: Option<(CalibrationSource<'_>, &Calibration)>,
    ui: &Ui,
) {
    if ui.quiet() {
        return;
    }
    let as_of = match model.as_of() {
        Some(t) => {
            let why = if args.as_of.is_some() { "--as-of" } else { "the latest interaction" };
            format!("as of {} ({why})", io::format_time(t))
        }
        None => String::from("no interaction is dated, so all count fully"),
    };
    eprintln!("score: {} users (with an interaction with someone else in the window), {as_of}", model.user_count());
    let iterations: Vec<String> = model.iterations().iter().map(|(n, i)| format!("{n} {i}")).collect();
    let measure = match model.config().get_measure() {
        Measure::PageRank => "PageRank",
        other => other.name(),
    };
    eprintln!("score: {measure} iterations per network: {}", iterations.join(", "));
    let standing = model.users_with_standing();
    if standing == 0 {
        eprintln!(
            "score: nobody has standing: no user is reacted to by {} users who keep theirs before the anchor, so no \
             reaction counts (see --standing-seed-reactors, or --trusted FILE)",
            model.config().get_standing().get_seed_reactors()
        );
    } else {
        eprintln!("score: {standing} users have standing: their reactions count");
    }
    let Some((source, calibration)) = calibration else { return };
    let floor = model.raw_scores().iter().filter(|r| **r == 0.0).count();
    let fitted = format!("{} users holding influence (raw above 0)", calibration.population());
    let approximate = if calibration.is_approximate() {
        String::from(" (too few to solve for mean 40 and 95th percentile 63: placed as a large population would be)")
    } else {
        String::new()
    };
    match source {
        CalibrationSource::Read(path) => {
            eprintln!("score: scale from {}, fitted on {fitted}{approximate}", path.display());
            eprintln!("score: {floor} users at the floor (1): no reaction passed them influence");
        }
        CalibrationSource::Fitted(saved) => {
            let saved = saved.map(|p| format!(", saved to {}", p.display())).unwrap_or_default();
            eprintln!("score: scale fitted on the {fitted}{approximate}{saved}");
            eprintln!("score: {floor} users at the floor (1): no reaction passed them influence");
        }
    }
}
