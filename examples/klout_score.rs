//! The Klout-style score: every user of the bundled sample on a calibrated
//! 1–100 scale, with the ten best explained in one line each.
//!
//! ```text
//! cargo run --example klout_score
//! ```
//!
//! The example reads `examples/data/social.csv` (27,000 reactions among
//! 1,000 users on four networks over 90 days) and the users' posts and
//! audiences from `examples/data/social-facts.csv`, builds an
//! [`influence::score::ScoreModel`] as of the latest interaction, fits a
//! [`influence::score::Calibration`] on the population (mean 40, 95th
//! percentile 63, top user 99, as on Klout) and prints the population's
//! summary and the top ten, each with where their points came from: the
//! networks, the kind of reaction and the partner who passed on the most.
//!
//! It exits with an error if the calibrated population misses the Klout
//! shape by more than a point.

use std::error::Error;
use std::path::Path;

use influence::io::{self, InputFormat};
use influence::score::{Explanation, ScoreConfig, ScoreModel, TARGET_MEAN, TARGET_P95, UserScore};

fn main() -> Result<(), Box<dyn Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let interactions = io::read_interactions(&data.join("social.csv"), InputFormat::Auto)?;
    let facts = io::read_facts(&data.join("social-facts.csv"))?;
    println!("{} interactions, facts for {} (user, network) pairs", interactions.len(), facts.len());

    let model = ScoreModel::builder(ScoreConfig::default()).facts(facts).build(&interactions)?;
    let calibration = model.fit_calibration()?;
    let scores = model.scores(&calibration)?;
    match model.as_of() {
        Some(t) => println!("scores as of {} ({t})", date(t)),
        None => println!("scores of undated interactions"),
    }

    let (mean, median, p95) = summary(&scores);
    println!(
        "{} users: mean {mean:.1}, median {median:.1}, 95th percentile {p95:.1} \
         (calibrated to mean {TARGET_MEAN}, 95th percentile {TARGET_P95})",
        scores.len()
    );
    // The calibration promises this shape on the population it was fitted on.
    if (mean - TARGET_MEAN).abs() > 1.0 || (p95 - TARGET_P95).abs() > 1.0 || median >= mean {
        return Err(format!(
            "the calibrated population misses the Klout shape: mean {mean:.2}, median {median:.2}, \
             95th percentile {p95:.2}"
        )
        .into());
    }

    println!("\n{:>4}  {:<6} {:>5} {:>8}  why", "rank", "user", "score", "raw");
    for (rank, s) in scores.iter().take(10).enumerate() {
        let why = model.explain(&calibration, &s.user, 1)?;
        println!("{:>4}  {:<6} {:>5.1} {:>8.3}  {}", rank + 1, s.user, s.score, s.raw, one_line(&why));
    }
    Ok(())
}

/// "61 % twitter, 30 % instagram; mostly reshares; top partner u0186 (4 %)":
/// the networks worth at least a tenth of the score, the kind of reaction
/// that earned the most, and the partner who passed on the most. Every
/// percentage is a share of the whole score, as [`influence::score::PartnerPart::share`].
fn one_line(why: &Explanation) -> String {
    let percent = |points: f64| 100.0 * points / why.score;
    let mut networks: Vec<String> = why
        .networks
        .iter()
        .filter(|n| percent(n.points) >= 10.0)
        .map(|n| format!("{:.0} % {}", percent(n.points), n.network))
        .collect();
    if networks.is_empty() {
        networks.push("spread over all networks".to_string());
    }
    let from_reactions: f64 = why.kinds.iter().map(|k| k.points).sum();
    let kinds = match why.kinds.as_slice() {
        [] => "no reactions".to_string(),
        [first, ..] if first.points > 0.5 * from_reactions => format!("mostly {}", plural(&first.kind)),
        [first, second, ..] => format!(
            "{} {:.0} %, {} {:.0} %",
            plural(&first.kind),
            percent(first.points),
            plural(&second.kind),
            percent(second.points)
        ),
        [only] => plural(&only.kind),
    };
    let partner = match why.partners.first() {
        Some(p) => format!("top partner {} ({:.0} %)", p.user, 100.0 * p.share),
        None => "no partner".to_string(),
    };
    format!("{}; {kinds}; {partner}", networks.join(", "))
}

/// "reply" → "replies", "reshare" → "reshares".
fn plural(kind: &str) -> String {
    match kind.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None => format!("{kind}s"),
    }
}

/// Mean, median and 95th percentile (linear interpolation between ranks).
fn summary(scores: &[UserScore]) -> (f64, f64, f64) {
    let mut v: Vec<f64> = scores.iter().map(|s| s.score).collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let quantile = |p: f64| {
        let h = p * (n - 1) as f64;
        let lo = h.floor() as usize;
        v[lo] + (h - lo as f64) * (v[(lo + 1).min(n - 1)] - v[lo])
    };
    (v.iter().sum::<f64>() / n as f64, quantile(0.5), quantile(0.95))
}

/// A Unix time as `YYYY-MM-DDTHH:MM:SSZ`.
fn date(t: i64) -> String {
    influence::io::format_time(t)
}
