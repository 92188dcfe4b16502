//! Influence per topic: who leads each topic of the bundled sample, and
//! what a few users are influential on.
//!
//! ```text
//! cargo run --example topics
//! ```
//!
//! Every reaction in `examples/data/social.csv` but the follows carries a
//! topic (an interest of the user reacted to). For each topic,
//! [`influence::score::ScoreModel::top_topics`] runs a PageRank over all
//! networks in the manner of TwitterRank: it teleports to users in
//! proportion to the reactions their posts on that topic drew, and follows
//! each reaction with its weight times the target's share of tagged
//! reactions on the topic. A user's influence on the topic is their share
//! of it (1 = an average user's).
//!
//! The example prints the topics in the window, the three leaders of each,
//! and the strongest topics of the top user and the median user. It checks,
//! for every user, that their strongest topic is one their posts drew
//! tagged reactions on (a hub read by everyone does not lead topics it
//! never posted about), and exits with an error otherwise.

use std::collections::HashMap;
use std::error::Error;
use std::path::Path;

use influence::io::{self, InputFormat};
use influence::score::{ScoreConfig, ScoreModel};

fn main() -> Result<(), Box<dyn Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let interactions = io::read_interactions(&data.join("social.csv"), InputFormat::Auto)?;
    let facts = io::read_facts(&data.join("social-facts.csv"))?;
    let model = ScoreModel::builder(ScoreConfig::default()).facts(facts).build(&interactions)?;
    let calibration = model.fit_calibration()?;
    let scores = model.scores(&calibration)?;

    let topics = model.topics_in_window()?.to_vec();
    println!("{} topics in the window: {}", topics.len(), topics.join(", "));
    println!("\nleaders (influence on the topic, 1 = average; * drew no reaction tagged with the topic):");
    // Everyone's influence per topic, for the checks below.
    let mut influence: HashMap<&str, HashMap<String, f64>> = HashMap::new();
    let mut untagged_leaders = 0;
    for topic in &topics {
        let mut line = Vec::new();
        for (user, v) in model.topic_leaders(topic, 3)? {
            let drew = model.top_topics(&user, usize::MAX)?.iter().any(|t| t.topic == *topic && t.reactions > 0.0);
            untagged_leaders += usize::from(!drew);
            line.push(format!("{user}{} {v:>6.1}", if drew { ' ' } else { '*' }));
        }
        println!("  {topic:<9} {}", line.join("   "));
        influence.insert(topic, model.topic_leaders(topic, usize::MAX)?.into_iter().collect());
    }
    if untagged_leaders > 0 {
        println!(
            "  ({untagged_leaders} of the {} places go to users who drew no reaction on the topic: \
             influence on a topic also flows in from those who react to a user)",
            3 * topics.len()
        );
    }

    // Every user's strongest topic drew them tagged reactions.
    let mut checked = 0;
    for s in &scores {
        let Some(first) = model.top_topics(&s.user, 1)?.into_iter().next() else { continue };
        if first.reactions == 0.0 {
            return Err(
                format!("{} is strongest on {} but drew no reaction tagged with it", s.user, first.topic).into()
            );
        }
        checked += 1;
    }

    let median = &scores[scores.len() / 2];
    for (user, who) in [(&scores[0].user, "the top user"), (&median.user, "the median user")] {
        let rank = scores.iter().position(|s| s.user == *user).map_or(0, |r| r + 1);
        println!("\n{user}, {who} (rank {rank} of {}):", scores.len());
        let top = model.top_topics(user, 3)?;
        for t in &top {
            println!(
                "  {:<9} influence {:>6.2}   tagged reactions received {:>6.2}",
                t.topic, t.influence, t.reactions
            );
        }
        if let Some(first) = top.first() {
            println!(
                "  strongest on {}: their posts on it drew reactions ({:.2}, saturated and faded)",
                first.topic, first.reactions
            );
        }
    }

    println!(
        "\nchecked: each of the {checked} users with topic influence is strongest on a topic their posts drew reactions on"
    );
    Ok(())
}
