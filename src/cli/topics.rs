//! `influence topics`: a user's strongest topics, or a topic's most
//! influential users.

use anyhow::{Result, anyhow, bail};
use influence::Interaction;
use influence::io::OutputFormat;

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
            let rows: Vec<(&str, [f64; 2])> =
                topics.iter().map(|t| (t.topic.as_str(), [t.influence, t.reactions])).collect();
            let writer = args.table.writer(format(args), None);
            write_to(None, |out| Ok(writer.write_table(&["topic", "influence", "reactions"], &rows, out)?))?;
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
            let rows: Vec<(&str, [f64; 1])> = leaders.iter().map(|(u, v)| (u.as_str(), [*v])).collect();
            let writer = args.table.writer(format(args), None);
            write_to(None, |out| Ok(writer.write_table(&["user", "influence"], &rows, out)?))?;
            scoring::summary(&args.model, &model, None, ui);
            Ok(())
        }
        (None, None) => bail!("give a USER, or --topic T for a topic's leaders"),
    }
}

/// `--output-format`, or JSON for `--json`.
fn format(args: &TopicsArgs) -> OutputFormat {
    if args.json { OutputFormat::Json } else { args.output_format }
}
