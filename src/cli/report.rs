//! `influence report`: one self-contained HTML page about INPUT's scores,
//! with charts drawn by plotters' SVG backend and written inline.
//!
//! The page loads nothing: no script, font, style sheet or image from
//! anywhere (a Content-Security-Policy says so to the browser), so it can
//! be mailed or archived as one file. Every number comes from the library
//! (the model's scores and explanations, its daily updates, the temporal
//! validation); this module only selects, lays out and draws them.

mod charts;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Result, bail};
use influence::score::{Calibration, Explanation, ScoreModel, ScoreModelBuilder, UserScore};
use influence::temporal::{self, Candidate, Split, TemporalConfig, TemporalReport};
use influence::{Interaction, io};

use super::args::ReportArgs;
use super::output::write_to;
use super::progress::Ui;
use super::scoring::{self, CalibrationSource};

const DAY: i64 = 86_400;
/// Users given a section when `--user` is not.
const DEFAULT_USERS: usize = 10;
/// Partners named in a user's chart; the rest are one bar.
const PARTNERS: usize = 8;
/// Topics charted; the rest are named.
const TOPICS: usize = 6;
/// Leaders charted per topic.
const LEADERS: usize = 5;

pub(crate) fn run(args: &ReportArgs, ui: &Ui) -> Result<()> {
    if !(args.split > 0.0 && args.split < 1.0) {
        bail!("--split {} must lie strictly between 0 and 1 (a share of the input's events)", args.split);
    }
    let (config, builder) = scoring::prepare(&args.model)?;
    let read = match &args.calibration.calibration {
        Some(path) => Some(scoring::read_calibration(path, &config)?),
        None => None,
    };
    let reader = args.model.read.reader(args.model.input_format, args.model.limits.limits());
    let interactions = scoring::read_all(&args.model.input, reader, ui)?;
    let model = scoring::build_from(&args.model, builder.clone(), &interactions, ui)?;
    let calibration = scoring::calibrate(&model, read)?;
    let scores = model.scores(&calibration)?;
    let users: Vec<String> = if args.users.is_empty() {
        scores.iter().take(DEFAULT_USERS).map(|s| s.user.clone()).collect()
    } else {
        for user in &args.users {
            // The library's error names the user and says why.
            model.raw_score(user)?;
        }
        args.users.clone()
    };

    let mut page = Page::default();
    page.distribution(&scores, &calibration)?;
    page.top_users(&model, &calibration, &scores, args.top)?;
    let pb = ui.spinner("scoring each day of the history");
    let history = history(builder, &model, &calibration, &interactions, &users, args.history_days, &|k, days| {
        pb.set_message(format!("scoring day {k} of {days} of the history"));
    });
    pb.finish_and_clear();
    page.history(history?, args.history_days)?;
    let pb = ui.spinner("validating against later reactions");
    let validation = validation(&model, &interactions, args.split);
    pb.finish_and_clear();
    page.validation(validation, args.split)?;
    page.topics(&model)?;
    page.users(&model, &calibration, &users)?;

    let title = if args.model.input.as_os_str() == "-" {
        String::from("standard input")
    } else {
        args.model
            .input
            .file_name()
            .map_or_else(|| args.model.input.display().to_string(), |n| n.to_string_lossy().into())
    };
    let at_floor = scores.iter().filter(|s| s.raw == 0.0).count();
    let as_of = model
        .as_of()
        .map_or_else(|| String::from("no interaction is dated"), |t| format!("as of {}", io::format_time(t)));
    let summary = format!(
        "{as_of} · {} users with an interaction in the window · {} at the floor (1) · scale fitted on {} users holding influence",
        model.user_count(),
        at_floor,
        calibration.population()
    );
    let html = page.html(&title, &summary);
    write_to(Some(&args.output), |out| Ok(out.write_all(html.as_bytes())?))?;
    let source = match &args.calibration.calibration {
        Some(path) => CalibrationSource::Read(path),
        None => CalibrationSource::Fitted(None),
    };
    scoring::summary(&args.model, &model, Some((source, &calibration)), ui);
    if !ui.quiet() && args.output.as_os_str() != "-" {
        eprintln!(
            "report: wrote {} ({} charts, {} users with a section of their own)",
            args.output.display(),
            page.charts,
            users.len()
        );
    }
    Ok(())
}

/// The selected users' scores at the end of each of the last `days` days
/// (the last one the model's as-of time), from warm-started daily updates
/// of a model built on what came before; every day under `calibration`.
/// `None` when the input is not dated or spans less than a day.
struct History {
    days: Vec<String>,
    series: Vec<(String, Vec<Option<f64>>)>,
}

fn history(
    builder: ScoreModelBuilder,
    model: &ScoreModel,
    calibration: &Calibration,
    interactions: &[Interaction],
    users: &[String],
    days: usize,
    progress: &dyn Fn(usize, usize),
) -> Result<Option<History>> {
    let Some(end) = model.as_of() else { return Ok(None) };
    let Some(first) = interactions.iter().filter_map(|i| i.time).min() else { return Ok(None) };
    let span = (end.saturating_sub(first) / DAY) as usize;
    let days = days.min(span);
    if days == 0 {
        return Ok(None);
    }
    let at = |k: usize| end - (days - k) as i64 * DAY;
    let before: Vec<&Interaction> = interactions.iter().filter(|i| i.time.is_none_or(|t| t <= at(0))).collect();
    let mut day_model = builder.as_of(at(0)).build(before)?;
    let mut series: Vec<(String, Vec<Option<f64>>)> = users.iter().map(|u| (u.clone(), Vec::new())).collect();
    let mut labels = Vec::with_capacity(days + 1);
    for k in 0..=days {
        progress(k + 1, days + 1);
        if k > 0 {
            let today: Vec<&Interaction> =
                interactions.iter().filter(|i| i.time.is_some_and(|t| t > at(k - 1) && t <= at(k))).collect();
            day_model.update(today, Some(at(k)))?;
        }
        labels.push(io::format_time(at(k)).chars().take(10).collect());
        for (user, values) in &mut series {
            values.push(day_model.score(calibration, user).ok().map(|s| s.score));
        }
    }
    Ok(Some(History { days: labels, series }))
}

/// The score and the count of reactions (same window and fading) from the
/// first `split` of the events up to the model's as-of time, against the
/// reactions received after.
fn validation(model: &ScoreModel, interactions: &[Interaction], split: f64) -> Result<TemporalReport> {
    if interactions.iter().any(|i| i.time.is_none()) {
        bail!("some interactions have no time, so there is no before and after to compare");
    }
    let until: Vec<Interaction> = interactions
        .iter()
        .filter(|i| model.as_of().is_none_or(|end| i.time.is_some_and(|t| t <= end)))
        .cloned()
        .collect();
    let config = model.config().clone();
    let candidates = [Candidate::Score(config.clone()), Candidate::Reactions(config)];
    let settings = TemporalConfig::default().split(Split::Quantile(split)).top(vec![100]);
    Ok(temporal::validate(&until, &candidates, &settings)?)
}

/// The page as it is assembled: sections of HTML, and how many charts.
#[derive(Default)]
struct Page {
    sections: Vec<String>,
    charts: usize,
    networks: BTreeMap<String, usize>,
}

impl Page {
    /// A chart as a figure the browser test can find.
    fn figure(&mut self, name: &str, svg: &str, caption: &str) -> String {
        self.charts += 1;
        format!(
            "<figure class=\"chart\" data-chart=\"{}\">{svg}<figcaption>{caption}</figcaption></figure>\n",
            escape(name)
        )
    }

    /// The colour of a network, the same in every chart.
    fn network_colour(&mut self, network: &str) -> usize {
        let next = self.networks.len();
        *self.networks.entry(network.to_string()).or_insert(next)
    }

    fn distribution(&mut self, scores: &[UserScore], calibration: &Calibration) -> Result<()> {
        let held: Vec<f64> = scores.iter().filter(|s| s.raw > 0.0).map(|s| s.score).collect();
        let floor = scores.len() - held.len();
        let mut html = String::from("<section id=\"distribution\"><h2>Score distribution</h2>\n");
        if held.is_empty() {
            html.push_str("<p>Nobody holds influence: every user is at the floor (1).</p></section>");
            self.sections.push(html);
            return Ok(());
        }
        let mean = held.iter().sum::<f64>() / held.len() as f64;
        let mut sorted = held.clone();
        sorted.sort_by(f64::total_cmp);
        let p95 = sorted[((0.95 * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1];
        let svg = charts::histogram(&held, &[(String::from("mean"), mean), (String::from("95th percentile"), p95)])?;
        let fitted = if calibration.is_approximate() {
            " (too few users to solve for the targets: placed as a large population would be)"
        } else {
            ""
        };
        let caption = format!(
            "The {} users holding influence, in bins of two points; {floor} more are at the floor (1) and not drawn. \
             The scale is fitted so that this population's mean is 40 and its 95th percentile 63{fitted}.",
            held.len()
        );
        html.push_str(&self.figure("distribution", &svg, &caption));
        html.push_str("</section>");
        self.sections.push(html);
        Ok(())
    }

    fn top_users(
        &mut self,
        model: &ScoreModel,
        calibration: &Calibration,
        scores: &[UserScore],
        top: usize,
    ) -> Result<()> {
        let mut rows = Vec::new();
        for s in scores.iter().take(top) {
            let why = model.explain(calibration, &s.user, 0)?;
            let mut parts = vec![(charts::GREY_SERIES, why.floor)];
            for n in &why.networks {
                parts.push((self.network_colour(n.network.name()), n.points));
            }
            if why.audience_points > 0.0 {
                parts.push((self.network_colour("audience"), why.audience_points));
            }
            rows.push((format!("{} {:.1}", s.user, s.score), parts));
        }
        let svg = charts::bars(&rows, "points", 900)?;
        let legend = self.legend();
        let caption = format!(
            "The {} best users; each bar is the score, split into the points from each network (the first point, in \
             grey, is the floor every user has). {legend}",
            rows.len()
        );
        let mut html = String::from("<section id=\"top\"><h2>Top users by network</h2>\n");
        html.push_str(&self.figure("top", &svg, &caption));
        html.push_str("</section>");
        self.sections.push(html);
        Ok(())
    }

    /// The networks' colours as an HTML legend.
    fn legend(&self) -> String {
        let mut by_colour: Vec<(&String, &usize)> = self.networks.iter().collect();
        by_colour.sort_by_key(|(_, c)| **c);
        by_colour
            .iter()
            .map(|(name, c)| {
                format!("<span class=\"key\" style=\"background:{}\"></span>{}", charts::css_colour(**c), escape(name))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn history(&mut self, history: Option<History>, asked: usize) -> Result<()> {
        let mut html = String::from("<section id=\"history\"><h2>Score over time</h2>\n");
        match history {
            Some(h) => {
                let svg = charts::lines(&h.days, &h.series)?;
                let caption = format!(
                    "The selected users' scores at the end of each of the last {} days: the model as of the first \
                     day, then one warm-started update a day, every day under this report's calibration (as a \
                     saved calibration keeps days comparable). A gap is a day the user had no interaction in the \
                     window.",
                    h.days.len() - 1
                );
                html.push_str(&self.figure("history", &svg, &caption));
            }
            None if asked == 0 => html.push_str("<p>Left out (--history-days 0).</p>"),
            None => html.push_str("<p>No history: the input is not dated, or spans less than a day.</p>"),
        }
        html.push_str("</section>");
        self.sections.push(html);
        Ok(())
    }

    fn validation(&mut self, report: Result<TemporalReport>, split: f64) -> Result<()> {
        let mut html = String::from("<section id=\"validation\"><h2>Does the score predict later reactions?</h2>\n");
        match report {
            Ok(r) => {
                let groups: Vec<String> = (0..r.rows[0].deciles.len())
                    .map(|g| if g == 0 { String::from("best") } else { format!("{}", g + 1) })
                    .collect();
                let series: Vec<(String, Vec<f64>)> =
                    r.rows.iter().map(|row| (row.candidate.clone(), row.deciles.clone())).collect();
                let svg = charts::grouped(
                    &groups,
                    &series,
                    "tenth of the users reacted to before",
                    "later reactions per user",
                )?;
                let figures: Vec<String> = r
                    .rows
                    .iter()
                    .map(|row| {
                        format!(
                            "{}: Spearman {}, top 100 receive {:.0}",
                            escape(&row.candidate),
                            if row.spearman_reacted.is_nan() {
                                String::from("n/a")
                            } else {
                                format!("{:.3}", row.spearman_reacted)
                            },
                            row.top.first().map_or(f64::NAN, |t| t.1)
                        )
                    })
                    .collect();
                let caption = format!(
                    "Scores from the first {:.0} % of the events (before {}), against the reactions each user \
                     received after. The {} users reacted to before are split into tenths by each ranking, best \
                     first; each bar is the reactions a user of that tenth received later, on average. {} (best \
                     possible top 100: {:.0}). `influence validate --split {split}` compares every measure.",
                    split * 100.0,
                    io::format_time(r.split),
                    r.users_reacted,
                    figures.join("; "),
                    r.best.first().map_or(f64::NAN, |b| b.1)
                );
                html.push_str(&self.figure("validation", &svg, &caption));
            }
            Err(e) => {
                let _ = write!(html, "<p>No validation: {}.</p>", escape(&e.to_string()));
            }
        }
        html.push_str("</section>");
        self.sections.push(html);
        Ok(())
    }

    fn topics(&mut self, model: &ScoreModel) -> Result<()> {
        let topics = model.topics_in_window()?;
        if topics.is_empty() {
            return Ok(());
        }
        let mut html = String::from("<section id=\"topics\"><h2>Topic leaders</h2>\n<div class=\"grid\">\n");
        for (k, topic) in topics.iter().take(TOPICS).enumerate() {
            let leaders = model.topic_leaders(topic, LEADERS)?;
            let rows: Vec<(String, Vec<(usize, f64)>)> = leaders.into_iter().map(|(u, v)| (u, vec![(k, v)])).collect();
            let svg = charts::bars(&rows, "topic influence (1 = average)", 300)?;
            html.push_str(&self.figure(&format!("topic-{topic}"), &svg, &format!("#{}", escape(topic))));
        }
        html.push_str("</div>\n");
        if topics.len() > TOPICS {
            let _ = write!(
                html,
                "<p>{} more topics: {} (`influence topics INPUT --topic T` lists a topic's leaders).</p>",
                topics.len() - TOPICS,
                escape(&topics[TOPICS..].join(", "))
            );
        }
        html.push_str("</section>");
        self.sections.push(html);
        Ok(())
    }

    fn users(&mut self, model: &ScoreModel, calibration: &Calibration, users: &[String]) -> Result<()> {
        let mut html = String::from("<section id=\"users\"><h2>Why each score</h2>\n");
        for user in users {
            let why = model.explain(calibration, user, PARTNERS)?;
            html.push_str(&self.user(&why)?);
        }
        html.push_str("</section>");
        self.sections.push(html);
        Ok(())
    }

    fn user(&mut self, why: &Explanation) -> Result<String> {
        let mut html = format!(
            "<article><h3>{} <span class=\"score\">{:.1}</span></h3>\n<p>{}</p>\n<div class=\"grid\">\n",
            escape(&why.user),
            why.score,
            escape(&breakdown(why))
        );
        let networks: Vec<(String, Vec<(usize, f64)>)> = why
            .networks
            .iter()
            .map(|n| (n.network.name().to_string(), vec![(self.network_colour(n.network.name()), n.points)]))
            .collect();
        let kinds: Vec<(String, Vec<(usize, f64)>)> =
            why.kinds.iter().enumerate().map(|(k, part)| (part.kind.clone(), vec![(k, part.points)])).collect();
        let partners: Vec<(String, Vec<(usize, f64)>)> =
            why.partners.iter().map(|p| (p.user.clone(), vec![(0, p.points)])).collect();
        let others = if why.other_partners > 0 {
            format!("; {} other partners gave {:.1} points", why.other_partners, why.other_partners_points)
        } else {
            String::new()
        };
        let name = |what: &str| format!("{what}-{}", why.user);
        for (what, rows) in [("network", networks), ("kind", kinds), ("partner", partners)] {
            if rows.is_empty() {
                let _ = write!(html, "<p class=\"empty\">No points by {what}: the score is the floor.</p>");
                continue;
            }
            let svg = charts::bars(&rows, "points", 300)?;
            let caption = if what == "partner" {
                format!("points by partner, the {} who gave most{others}", rows.len())
            } else {
                format!("points by {what}")
            };
            html.push_str(&self.figure(&name(what), &svg, &caption));
        }
        html.push_str("</div></article>\n");
        Ok(html)
    }

    fn html(&self, title: &str, summary: &str) -> String {
        let mut page = String::with_capacity(1 << 16);
        let _ = write!(
            page,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>influence report: {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <header><h1>Influence report: {title}</h1>\n<p>{summary}</p></header>\n",
            title = escape(title),
            summary = escape(summary)
        );
        for s in &self.sections {
            page.push_str(s);
            page.push('\n');
        }
        let _ = write!(
            page,
            "<footer>Made by influence {} (`influence report`). Scores are 1–100: the floor, 1, for users no \
             reaction passed influence to; the rest calibrated to a mean of 40 and a 95th percentile of 63.</footer>\n\
             </body>\n</html>\n",
            env!("CARGO_PKG_VERSION")
        );
        page
    }
}

/// `score = floor + network points (+ audience)`, in words.
fn breakdown(why: &Explanation) -> String {
    let mut parts = vec![format!("{:.1} floor", why.floor)];
    parts.extend(why.networks.iter().map(|n| format!("{:.1} {}", n.points, n.network.name())));
    if why.audience_points > 0.0 {
        parts.push(format!("{:.1} audience", why.audience_points));
    }
    format!("score {:.1} = {} (raw influence {:.4})", why.score, parts.join(" + "), why.raw)
}

/// `text` with HTML's special characters escaped, for element content and
/// quoted attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222;background:#fff}\
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}h3{margin-bottom:.3em}\
.score{color:#4e79a7}figure{margin:1em 0}figcaption{font-size:.9em;color:#555;max-width:900px}\
.grid{display:flex;flex-wrap:wrap;gap:12px}.grid figure{width:300px;margin:0}\
.key{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 .6em;vertical-align:middle}\
footer{margin-top:3em;font-size:.85em;color:#666}svg{max-width:100%;height:auto}.empty{color:#777}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_html_specials() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
