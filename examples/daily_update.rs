//! Keeping scores up to date: add a day's interactions to yesterday's model
//! instead of rebuilding it, then erase a user.
//!
//! ```text
//! cargo run --example daily_update
//! cargo run --release --example daily_update   # for meaningful times
//! ```
//!
//! The example splits the bundled sample (`examples/data/social.csv`, 90
//! days, with the facts in `examples/data/social-facts.csv`) into its first
//! 89 days and its last day. It scores the 89 days as of the end of the
//! 89th day, fits the calibration there (as a service would once, then keep
//! it), and adds the last day with [`influence::score::ScoreModel::update`],
//! which starts every network's PageRank from yesterday's result. A model
//! built cold on all 90 days is the reference: the example prints the
//! PageRank iterations of both per network, their times, and the largest
//! difference between the two models' scores under the same calibration.
//! Then it shows who rose and fell from yesterday to today, and erases one
//! user with [`influence::score::ScoreModel::forget`].
//!
//! Expect the warm start to save a few iterations per network, not most of
//! them: a new day also ages every reaction in the window by a day, which
//! moves every PageRank (on this sample, the aging alone takes 22 to 29
//! warm iterations per network), and PageRank runs to an L1 change of
//! 1e-10 from wherever it starts.
//!
//! It exits with an error if the warm update needs as many iterations as the
//! cold build, if warm and cold scores differ by 1e-4 points or more, or if
//! the forgotten user still shows up anywhere.

use std::collections::HashMap;
use std::error::Error;
use std::path::Path;
use std::time::Instant;

use influence::io::{self, InputFormat};
use influence::score::{ScoreConfig, ScoreModel};
use influence::{ErrorKind, Interaction};

const DAY: i64 = 86_400;
/// How far warm and cold scores may differ: far below the 0.1 point a score
/// is shown with. PageRank stops at an L1 change of 1e-10
/// (`ScoreConfig::DEFAULT_TOLERANCE`), from either start.
const WARM_COLD_TOLERANCE: f64 = 1e-4;

fn main() -> Result<(), Box<dyn Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let all = io::read_interactions(&data.join("social.csv"), InputFormat::Auto)?;
    let facts = io::read_facts(&data.join("social-facts.csv"))?;
    let last = all.iter().filter_map(|i| i.time).max().ok_or("the sample has no dated interaction")?;
    // Today is the (UTC) day of the latest interaction.
    let today_starts = last.div_euclid(DAY) * DAY;
    let (before, today): (Vec<Interaction>, Vec<Interaction>) =
        all.iter().cloned().partition(|i| i.time.is_none_or(|t| t < today_starts));
    let (end_of_yesterday, end_of_today) = (today_starts - 1, today_starts + DAY - 1);
    let first = all.iter().filter_map(|i| i.time).min().unwrap_or(last);
    println!(
        "{} interactions in the {} days up to {} (yesterday), {} on {} (today)",
        before.len(),
        (today_starts - first.div_euclid(DAY) * DAY) / DAY,
        date(end_of_yesterday),
        today.len(),
        date(end_of_today)
    );

    let config = ScoreConfig::default();
    let mut warm =
        ScoreModel::builder(config.clone()).facts(facts.iter().cloned()).as_of(end_of_yesterday).build(&before)?;
    let calibration = warm.fit_calibration()?;
    let yesterday: HashMap<String, f64> = warm.scores(&calibration)?.into_iter().map(|s| (s.user, s.score)).collect();
    println!("yesterday: {} users scored, calibration fitted on them", yesterday.len());

    let started = Instant::now();
    let report = warm.update(&today, Some(end_of_today))?;
    let warm_time = started.elapsed();
    println!("update: {} interactions added, {} expired from the window", report.added, report.expired);

    let started = Instant::now();
    let cold = ScoreModel::builder(config).facts(facts).as_of(end_of_today).build(&all)?;
    let cold_time = started.elapsed();

    println!("\nPageRank iterations   warm   cold   warm/cold");
    let cold_iterations: HashMap<_, _> = cold.iterations().into_iter().collect();
    for (network, w) in &report.iterations {
        let c = cold_iterations.get(network).copied().unwrap_or(0);
        println!("  {:<18} {w:>6} {c:>6}   {:>9.2}", network.name(), *w as f64 / c.max(1) as f64);
    }
    let warm_total: usize = report.iterations.iter().map(|(_, n)| n).sum();
    let cold_total: usize = cold_iterations.values().sum();
    let ratio = warm_total as f64 / cold_total.max(1) as f64;
    println!("  {:<18} {warm_total:>6} {cold_total:>6}   {ratio:>9.2}", "all networks");
    let build = if cfg!(debug_assertions) {
        "debug build; for meaningful times run `cargo run --release --example daily_update`"
    } else {
        "release build"
    };
    println!(
        "time: warm update {:.1} ms, cold build {:.1} ms ({build})",
        warm_time.as_secs_f64() * 1e3,
        cold_time.as_secs_f64() * 1e3
    );
    if warm_total >= cold_total {
        return Err(format!("the warm start saved nothing: {warm_total} against {cold_total} iterations").into());
    }

    let today_scores = warm.scores(&calibration)?;
    let cold_scores: HashMap<String, f64> = cold.scores(&calibration)?.into_iter().map(|s| (s.user, s.score)).collect();
    if today_scores.len() != cold_scores.len() {
        return Err(format!("warm scores {} users, cold {}", today_scores.len(), cold_scores.len()).into());
    }
    let mut worst = (0.0f64, "");
    for s in &today_scores {
        let c = cold_scores.get(&s.user).ok_or_else(|| format!("{} has a warm score but no cold one", s.user))?;
        let diff = (s.score - c).abs();
        if diff > worst.0 {
            worst = (diff, &s.user);
        }
    }
    println!("largest warm/cold score difference: {:.1e} points ({})", worst.0, worst.1);
    if worst.0 >= WARM_COLD_TOLERANCE {
        return Err(format!("warm and cold scores of {} differ by {:e} points", worst.1, worst.0).into());
    }

    // Yesterday to today, under the calibration fitted yesterday.
    let mut moves: Vec<(&str, f64, f64)> =
        today_scores.iter().filter_map(|s| yesterday.get(&s.user).map(|y| (s.user.as_str(), *y, s.score))).collect();
    moves.sort_by(|a, b| (b.2 - b.1).total_cmp(&(a.2 - a.1)).then_with(|| a.0.cmp(b.0)));
    let newcomers: Vec<&str> =
        today_scores.iter().filter(|s| !yesterday.contains_key(&s.user)).map(|s| s.user.as_str()).collect();
    println!("\nmovers from yesterday to today:");
    for (user, y, t) in moves.iter().take(3).chain(moves.iter().rev().take(3).rev()) {
        println!("  {user:<6} {y:>5.1} -> {t:>5.1}  ({:+.1})", t - y);
    }
    if let Some((user, _, _)) = moves.first() {
        let received: Vec<String> = today
            .iter()
            .filter(|i| i.target == *user && i.actor != *user)
            .map(|i| {
                let kind = i.kind.as_ref().map_or("reaction", |k| k.name());
                let network = i.network.as_ref().map_or("", |n| n.name());
                let score = today_scores.iter().find(|s| s.user == i.actor).map_or(0.0, |s| s.score);
                format!("{kind} from {} (score {score:.0}) on {network}", i.actor)
            })
            .collect();
        println!(
            "  {user} received today: {}",
            if received.is_empty() { "nothing".into() } else { received.join(", ") }
        );
    }
    if !newcomers.is_empty() {
        println!("  new today: {}", newcomers.join(", "));
    }

    // Erase the partner the top user owes most to; afterwards the partner
    // is gone from every score, explanation and topic.
    let top = today_scores[0].clone();
    let why = warm.explain(&calibration, &top.user, 1)?;
    let partner = why.partners.first().ok_or_else(|| format!("{} has no partner to forget", top.user))?;
    let gone = partner.user.clone();
    println!(
        "\nforgetting {gone}, whose reactions make {:.2} of the {:.2} points of {} (raw {:.3} of {:.3})",
        partner.points, top.score, top.user, partner.raw, top.raw
    );
    warm.forget(&gone)?;
    let after = warm.score(&calibration, &top.user)?;
    println!("  {}: score {:.2} -> {:.2}, raw {:.3} -> {:.3}", top.user, top.score, after.score, top.raw, after.raw);
    println!(
        "  (a partner's part is not what the score loses without them: their PageRank \
         and their reactors' attention go to everyone else)"
    );
    check_forgotten(&warm, &calibration, &gone)?;
    println!("  {gone} no longer appears in any score, explanation or topic");
    Ok(())
}

/// Errs unless `gone` is unknown to the model and absent from every score,
/// explanation and topic leader list.
fn check_forgotten(
    model: &ScoreModel,
    calibration: &influence::score::Calibration,
    gone: &str,
) -> Result<(), Box<dyn Error>> {
    match model.raw_score(gone) {
        Err(e) if matches!(e.kind(), ErrorKind::UnknownUser { .. }) => {}
        other => return Err(format!("{gone} is still known after forget: {other:?}").into()),
    }
    let scores = model.scores(calibration)?;
    if scores.iter().any(|s| s.user == gone) {
        return Err(format!("{gone} still has a score").into());
    }
    for s in &scores {
        if model.explain(calibration, &s.user, usize::MAX)?.partners.iter().any(|p| p.user == gone) {
            return Err(format!("{} still credits {gone}", s.user).into());
        }
    }
    for topic in model.topics_in_window()? {
        if model.topic_leaders(topic, usize::MAX)?.iter().any(|(u, _)| u == gone) {
            return Err(format!("{gone} still has influence on {topic}").into());
        }
    }
    Ok(())
}

/// The UTC day of a Unix time as `YYYY-MM-DD`.
fn date(t: i64) -> String {
    influence::io::format_time(t)[..10].to_string()
}
