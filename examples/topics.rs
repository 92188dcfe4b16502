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
//! networks that teleports to users in proportion to the reactions their
//! posts on that topic drew; a user's influence on the topic is their share
//! of it (1 = an average user's).
//!
//! The example prints the topics in the window, the three leaders of each,
//! and the strongest topics of three users: the top user, the median user
//! and the best-ranked user whose strongest topic is one *nobody reacted to
//! them about*. That happens because influence also flows in from the
//! people who react to a user: someone read mostly by tech leaders becomes
//! influential on tech. The example checks, for every user, that their
//! strongest topic either drew them tagged reactions or reached them
//! through a reactor with influence on that topic, and exits with an error
//! if neither holds.

use std::collections::HashMap;
use std::error::Error;
use std::path::Path;

use influence::io::{self, InputFormat};
use influence::score::{ScoreConfig, ScoreModel, TopicInfluence};

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

    // Every user's strongest topic: drawn by tagged reactions, or carried in
    // by a reactor influential on it.
    let mut carried_in = Vec::new();
    for s in &scores {
        let Some(first) = model.top_topics(&s.user, 1)?.into_iter().next() else { continue };
        if first.reactions == 0.0 {
            carried_in.push((s.user.clone(), first));
        }
    }

    let median = &scores[scores.len() / 2];
    let mut shown = vec![(&scores[0].user, "the top user"), (&median.user, "the median user")];
    if let Some((user, _)) = carried_in.first() {
        shown.push((user, "the best-ranked user whose strongest topic drew them no reaction"));
    }
    for (user, who) in shown {
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
            println!("  {}", why_first(&model, &calibration, user, first, &influence)?);
        }
    }

    println!(
        "\n{} of {} users are strongest on a topic they drew no tagged reaction on; for each, \
         a reactor with influence on that topic carried it in:",
        carried_in.len(),
        scores.len()
    );
    for (user, first) in &carried_in {
        why_first(&model, &calibration, user, first, &influence)?;
    }
    println!("  checked");
    Ok(())
}

/// Why `first` is `user`'s strongest topic, in one line; an error if it drew
/// them no tagged reaction and none of their reactors has influence on it.
fn why_first(
    model: &ScoreModel,
    calibration: &influence::score::Calibration,
    user: &str,
    first: &TopicInfluence,
    influence: &HashMap<&str, HashMap<String, f64>>,
) -> Result<String, Box<dyn Error>> {
    if first.reactions > 0.0 {
        return Ok(format!(
            "strongest on {}: their posts on it drew reactions ({:.2}, saturated and faded)",
            first.topic, first.reactions
        ));
    }
    // Topic influence reaches a user only along reactions, so someone who
    // reacted to them must hold some; name the one holding the most.
    let on_topic = &influence[first.topic.as_str()];
    let partners = model.explain(calibration, user, usize::MAX)?.partners;
    let carrier = partners
        .iter()
        .filter_map(|p| on_topic.get(&p.user).map(|v| (p.user.as_str(), *v)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    match carrier {
        Some((partner, v)) => Ok(format!(
            "strongest on {} without a single reaction tagged {0}: it comes from those who react to them, \
             e.g. {partner} ({0} influence {v:.1})",
            first.topic
        )),
        None => Err(format!(
            "{user} is strongest on {} but drew no reaction tagged with it and none of their {} reactors \
             has influence on it",
            first.topic,
            partners.len()
        )
        .into()),
    }
}
