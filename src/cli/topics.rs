//! `influence topics`: a user's strongest topics, or a topic's most
//! influential users.

use anyhow::{Result, anyhow, bail};
use influence::Interaction;
use serde_json::json;

use super::args::TopicsArgs;
use super::output::write_to;
use super::progress::Ui;
use super::scoring;

pub(crate) fn run(args: &TopicsArgs, ui: &Ui) -> Result<()> {
    let (_, builder) = scoring::prepare(&args.model)?;
    let model = scoring::build(&args.model, builder, ui)?;
    match (&args.user, &args.topic) {
        (Some(user), _) => {
            let pb = ui.spinner("ranking topics");
            let topics = model.top_topics(user, args.top);
            pb.finish_and_clear();
            let topics = topics?;
            write_to(None, |out| {
                if args.format.json() {
                    serde_json::to_writer_pretty(&mut *out, &topics)?;
                    writeln!(out)?;
                } else {
                    for t in &topics {
                        writeln!(out, "{}\t{}\t{}", t.topic, t.influence, t.reactions)?;
                    }
                }
                Ok(())
            })?;
            scoring::summary(&args.model, &model, None, ui);
            if topics.is_empty() && !ui.quiet() {
                eprintln!("topics: no topic carries influence to {user} in the window");
            }
            Ok(())
        }
        (None, Some(topic)) => {
            // Normalized as the readers normalize the input's topics.
            let Some(topic) = Interaction::new("", "").topic(topic.as_str()).topic else {
                bail!("--topic {topic:?} names no topic (nothing is left without # and spaces)");
            };
            let pb = ui.spinner("ranking topics");
            let leaders = model.topic_leaders(&topic, args.top);
            pb.finish_and_clear();
            let leaders = leaders.map_err(|e| match model.topics_in_window() {
                Ok([]) => anyhow!("{e} (no interaction in the window has a topic)"),
                Ok(known) if !known.contains(&topic) => anyhow!("{e} (topics in the window: {})", known.join(", ")),
                _ => e.into(),
            })?;
            write_to(None, |out| {
                if args.format.json() {
                    let leaders: Vec<_> = leaders.iter().map(|(u, v)| json!({"user": u, "influence": v})).collect();
                    serde_json::to_writer_pretty(&mut *out, &leaders)?;
                    writeln!(out)?;
                } else {
                    for (user, influence) in &leaders {
                        writeln!(out, "{user}\t{influence}")?;
                    }
                }
                Ok(())
            })?;
            scoring::summary(&args.model, &model, None, ui);
            Ok(())
        }
        (None, None) => bail!("give a USER, or --topic T for a topic's leaders"),
    }
}
