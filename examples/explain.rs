//! Why a user has their score: the exact breakdown by network, by kind of
//! reaction and by partner, and a check that each adds up.
//!
//! ```text
//! cargo run --example explain              # the top user and a median user
//! cargo run --example explain -- u0042     # one user of the sample
//! ```
//!
//! The example scores the bundled sample (`examples/data/social.csv` with
//! the facts in `examples/data/social-facts.csv`) as in the `klout_score`
//! example, prints [`influence::score::Explanation`] for each user asked
//! about, then adds up each of its three breakdowns. Every score is the
//! floor of the scale (1 point) plus points shared among the parts of the
//! raw influence in proportion to their size, so
//!
//! - floor + the networks' points = score,
//! - floor + audience + the kinds' points = score,
//! - floor + audience + the partners' points (listed and the rest) = score.
//!
//! It exits with an error if a breakdown misses the score by more than
//! 1e-9 points, or if the user is not in the sample.

use std::error::Error;
use std::path::Path;

use influence::io::{self, InputFormat};
use influence::score::{Explanation, ScoreConfig, ScoreModel};

/// How many partners each explanation lists by name.
const PARTNERS: usize = 5;
/// How far a sum of parts may stray from the score: floating-point rounding.
const TOLERANCE: f64 = 1e-9;

fn main() -> Result<(), Box<dyn Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let interactions = io::read_interactions(&data.join("social.csv"), InputFormat::Auto)?;
    let facts = io::read_facts(&data.join("social-facts.csv"))?;
    let model = ScoreModel::builder(ScoreConfig::default()).facts(facts).build(&interactions)?;
    let calibration = model.fit_calibration()?;

    let users: Vec<String> = match std::env::args().nth(1) {
        Some(user) => {
            // `main` would show the library error's `Debug` form; say it plainly.
            if model.raw_score(&user).is_err() {
                let example = model.users().next().unwrap_or("u0001");
                return Err(format!("no user {user} in the sample (ids look like {example})").into());
            }
            vec![user]
        }
        None => {
            let scores = model.scores(&calibration)?;
            let median = &scores[scores.len() / 2];
            println!(
                "no user given: explaining the top user and the median user (rank {} of {})\n",
                scores.len() / 2 + 1,
                scores.len()
            );
            vec![scores[0].user.clone(), median.user.clone()]
        }
    };

    for user in &users {
        let why = model.explain(&calibration, user, PARTNERS)?;
        print!("{why}");
        check_sums(&why)?;
        println!();
    }
    Ok(())
}

/// Prints the three sums and errs if one misses the score.
fn check_sums(why: &Explanation) -> Result<(), Box<dyn Error>> {
    let by_network = why.floor + why.networks.iter().map(|n| n.points).sum::<f64>();
    let by_kind = why.floor + why.audience_points + why.kinds.iter().map(|k| k.points).sum::<f64>();
    let by_partner = why.floor
        + why.audience_points
        + why.partners.iter().map(|p| p.points).sum::<f64>()
        + why.other_partners_points;
    println!("the breakdowns add up to the score {:.6}:", why.score);
    let mut worst = 0.0f64;
    for (what, sum) in [("networks", by_network), ("kinds + audience", by_kind), ("partners + audience", by_partner)] {
        let off = sum - why.score;
        println!("  floor + {what:<20} = {sum:.6}  (off by {off:+.1e})");
        worst = worst.max(off.abs());
    }
    if worst > TOLERANCE {
        return Err(format!("{}: a breakdown misses the score {} by {worst:e} points", why.user, why.score).into());
    }
    Ok(())
}
