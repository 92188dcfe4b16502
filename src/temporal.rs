//! Temporal validation on real data: does a score computed from the
//! interactions before a time T predict who receives reactions after T?
//!
//! Each [`Candidate`] ranks the users from the interactions before T
//! alone (as of T, with the score's window and fading); the outcome is the
//! number of reactions each user receives in `[T, T + horizon)` (every
//! interaction whose actor is not its target). A candidate is judged by:
//!
//! - the Spearman correlation of its scores with the outcome, over the
//!   users who were reacted to before T (ever, not only in the window), and
//!   over every user seen before T;
//! - the reactions its top 100 and top 1,000 users receive after T, beside
//!   the most any 100 or 1,000 users seen before T receive.
//!
//! The counting baselines ([`Candidate::Reactions`],
//! [`Candidate::Reactors`]) use the score's window and half-life, so that
//! a score is compared with counting under the same memory. This is how
//! `VALIDITY.md` reports the default score against counting, and what
//! `influence validate --split` prints. This module must never change a
//! score or an interaction; it only splits, scores and counts.
//!
//! # Example
//!
//! ```
//! use influence::score::ScoreConfig;
//! use influence::temporal::{self, Candidate, Split, TemporalConfig};
//! use influence::Interaction;
//!
//! let day = 86_400;
//! let mut records = Vec::new();
//! for d in 0..40 {
//!     // "star" is reacted to every day; "quiet" once in a while.
//!     records.push(Interaction::new(format!("fan{}", d % 7), "star").time(d * day));
//!     if d % 10 == 0 {
//!         records.push(Interaction::new("star", "quiet").time(d * day));
//!     }
//! }
//! let config = TemporalConfig::default().split(Split::Quantile(0.8)).top(vec![1]);
//! let candidates = [Candidate::Score(ScoreConfig::default()), Candidate::Reactions(ScoreConfig::default())];
//! let report = temporal::validate(&records, &candidates, &config)?;
//! assert_eq!(report.rows.len(), 2);
//! // Both put "star" first, who receives every reaction after the split.
//! assert_eq!(report.rows[1].top[0], (1, report.best[0].1));
//! # Ok::<(), influence::Error>(())
//! ```

use std::collections::HashMap;

use crate::agreement::spearman;
use crate::algo::{Algorithm, PageRank};
use crate::error::{Error, ErrorKind, Result};
use crate::graph::GraphBuilder;
use crate::interaction::Interaction;
use crate::score::{Measure, ScoreConfig, ScoreModel};

const DAY: f64 = 86_400.0;

/// Where the interactions are split into past and future.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Split {
    /// At this time (Unix seconds): the past is every interaction before it.
    Time(i64),
    /// At this quantile of the interactions' times, in (0, 1): `0.8` puts
    /// 80 % of the interactions in the past.
    Quantile(f64),
}

/// The settings of a temporal validation.
#[derive(Debug, Clone, PartialEq)]
pub struct TemporalConfig {
    split: Split,
    horizon_days: Option<f64>,
    until: Option<Split>,
    top: Vec<usize>,
}

impl Default for TemporalConfig {
    fn default() -> Self {
        TemporalConfig { split: Split::Quantile(0.8), horizon_days: None, until: None, top: vec![100, 1000] }
    }
}

impl TemporalConfig {
    /// Where to split (default: the 0.8 quantile of the times).
    pub fn split(mut self, split: Split) -> Self {
        self.split = split;
        self
    }

    /// Count the reactions of this many days after the split (> 0;
    /// default: every later interaction).
    pub fn horizon_days(mut self, days: f64) -> Self {
        self.horizon_days = Some(days);
        self
    }

    /// Count the reactions before this time or quantile of the
    /// interactions' times (after the split; default: every later
    /// interaction). With [`TemporalConfig::horizon_days`] too, the earlier
    /// end counts. Fitting settings on `split(0.6).until(Quantile(0.8))`
    /// and reporting on `split(0.8)` keeps the reported period out of the
    /// fit.
    pub fn until(mut self, until: Split) -> Self {
        self.until = Some(until);
        self
    }

    /// The end of the counted period, if any.
    pub fn get_until(&self) -> Option<Split> {
        self.until
    }

    /// The sizes of the top groups whose future reactions are counted
    /// (each at least 1; default 100 and 1,000).
    pub fn top(mut self, sizes: Vec<usize>) -> Self {
        self.top = sizes;
        self
    }

    /// Where to split.
    pub fn get_split(&self) -> Split {
        self.split
    }

    /// The horizon in days, if any.
    pub fn get_horizon_days(&self) -> Option<f64> {
        self.horizon_days
    }

    /// The sizes of the top groups.
    pub fn get_top(&self) -> &[usize] {
        &self.top
    }

    fn validate(&self) -> Result<()> {
        if let Split::Quantile(q) = self.split {
            if !(q > 0.0 && q < 1.0) {
                return Err(Error::config("split", q, "a quantile must lie strictly between 0 and 1 (0.8 is usual)"));
            }
        }
        if let Some(Split::Quantile(q)) = self.until {
            if !(q > 0.0 && q < 1.0) {
                return Err(Error::config("until", q, "a quantile must lie strictly between 0 and 1"));
            }
        }
        if let Some(h) = self.horizon_days {
            if h.is_nan() || h <= 0.0 {
                return Err(Error::config("horizon", h, "must be more than 0 days"));
            }
        }
        if self.top.is_empty() || self.top.contains(&0) {
            return Err(Error::config("top", format!("{:?}", self.top), "give at least one size, each at least 1"));
        }
        Ok(())
    }
}

/// A way to rank users from the interactions before the split.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Candidate {
    /// The Klout-style score's raw influence under this configuration.
    Score(ScoreConfig),
    /// PageRank (default settings) on the graph of every interaction before
    /// the split, as `influence rank` ranks it: no window, no fading.
    PlainPageRank,
    /// Counting: the reactions received in this configuration's window,
    /// each weighing its fade (the configuration's half-life); nothing else
    /// of the configuration counts.
    Reactions(ScoreConfig),
    /// Counting: the distinct reactors in the window, each weighing the fade
    /// of their latest reaction.
    Reactors(ScoreConfig),
}

impl Candidate {
    /// The candidate's name in reports: `score`, `score, --measure NAME`,
    /// `pagerank (plain, no window)`, `count: reactions`, `count: distinct
    /// reactors`.
    pub fn name(&self) -> String {
        match self {
            Candidate::Score(c) => match c.get_measure() {
                Measure::PageRank => String::from("score"),
                m => format!("score, --measure {}", m.name()),
            },
            Candidate::PlainPageRank => String::from("pagerank (plain, no window)"),
            Candidate::Reactions(_) => String::from("count: reactions"),
            Candidate::Reactors(_) => String::from("count: distinct reactors"),
        }
    }

    /// Whether this is a counting baseline.
    pub fn is_count(&self) -> bool {
        matches!(self, Candidate::Reactions(_) | Candidate::Reactors(_))
    }
}

/// The candidates `influence validate --split` compares: the score under
/// `score`, the score with every other measure of the registry (but
/// `followers`), plain PageRank, and the two counts under `score`'s window
/// and fading.
pub fn candidates(score: &ScoreConfig) -> Vec<Candidate> {
    let mut out = vec![Candidate::Score(score.clone())];
    for name in Algorithm::NAMES.iter().filter(|n| !matches!(**n, "followers")) {
        if let Ok(measure) = Measure::from_name(name) {
            if measure != *score.get_measure() {
                out.push(Candidate::Score(score.clone().measure(measure)));
            }
        }
    }
    out.push(Candidate::PlainPageRank);
    out.push(Candidate::Reactions(score.clone()));
    out.push(Candidate::Reactors(score.clone()));
    out
}

/// One candidate's results.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct TemporalRow {
    /// [`Candidate::name`].
    pub candidate: String,
    /// Whether it is a counting baseline.
    pub count: bool,
    /// Spearman over the users reacted to before the split (NaN when
    /// undefined: every score or every outcome tied).
    pub spearman_reacted: f64,
    /// Spearman over every user seen before the split.
    pub spearman_seen: f64,
    /// `(k, reactions)`: the reactions the candidate's top `k` receive after
    /// the split (ties broken by user id).
    pub top: Vec<(usize, f64)>,
    /// The users reacted to before the split in ten groups of (nearly)
    /// equal size by the candidate's score, best-scored tenth first: the
    /// reactions each group receives after the split, on average per user.
    /// Fewer groups when fewer than ten users were reacted to; NaN each
    /// when the candidate has no figures.
    pub deciles: Vec<f64>,
    /// Why a candidate other than the first has no figures (a measure that
    /// did not converge on this input, say): its figures are then NaN.
    /// The first candidate's errors end the validation instead.
    pub error: Option<String>,
}

/// The results of [`validate`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct TemporalReport {
    /// The split time (Unix seconds): the past is before it.
    pub split: i64,
    /// The end of the horizon (exclusive), if any.
    pub horizon_end: Option<i64>,
    /// Interactions before the split, and in the horizon after it.
    pub past_interactions: usize,
    /// Interactions in the horizon (self-interactions included).
    pub future_interactions: usize,
    /// Users seen before the split.
    pub users_seen: usize,
    /// Users reacted to before the split.
    pub users_reacted: usize,
    /// Reactions received after the split by users seen before it.
    pub future_reactions: f64,
    /// `(k, reactions)`: the most any `k` users seen before the split
    /// receive after it.
    pub best: Vec<(usize, f64)>,
    /// One row per candidate, in the order given.
    pub rows: Vec<TemporalRow>,
}

/// Scores every candidate on the interactions before the split and
/// compares each with the reactions received after it (see the module
/// documentation).
///
/// # Errors
///
/// An invalid [`TemporalConfig`], an interaction without a time, a split
/// that leaves no interaction before or after it, and the errors of
/// building a candidate's model or graph.
pub fn validate(
    interactions: &[Interaction],
    candidates: &[Candidate],
    config: &TemporalConfig,
) -> Result<TemporalReport> {
    config.validate()?;
    let mut times = Vec::with_capacity(interactions.len());
    for i in interactions {
        match i.time {
            Some(t) => times.push(t),
            None => {
                return Err(Error::config(
                    "split",
                    format!("{} → {}", i.actor, i.target),
                    "temporal validation needs a time on every interaction; this one has none",
                ));
            }
        }
    }
    if times.is_empty() {
        return Err(Error::config("split", "no interactions", "nothing to validate on"));
    }
    times.sort_unstable();
    let at = |s: Split| match s {
        Split::Time(t) => t,
        Split::Quantile(q) => times[((q * times.len() as f64) as usize).min(times.len() - 1)],
    };
    let split = at(config.split);
    let horizon_end = config.horizon_days.map(|d| split.saturating_add((d * DAY).ceil() as i64));
    let horizon_end = match (horizon_end, config.until.map(at)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if horizon_end.is_some_and(|end| end <= split) {
        return Err(Error::config(
            "until",
            horizon_end.unwrap_or_default(),
            "the end of the counted period must come after the split",
        ));
    }
    let in_future = |t: i64| t >= split && horizon_end.is_none_or(|end| t < end);
    let past: Vec<Interaction> = interactions.iter().filter(|i| i.time.is_some_and(|t| t < split)).cloned().collect();
    let future_interactions = interactions.iter().filter(|i| i.time.is_some_and(in_future)).count();
    if past.is_empty() || future_interactions == 0 {
        return Err(Error::config(
            "split",
            split,
            format!(
                "leaves {} interactions before it and {future_interactions} after it; both sides need some",
                past.len()
            ),
        ));
    }
    // Users seen before the split, numbered in order of id.
    let mut ids: Vec<&str> = past.iter().flat_map(|i| [i.actor.as_str(), i.target.as_str()]).collect();
    ids.sort_unstable();
    ids.dedup();
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(k, u)| (*u, k)).collect();
    let n = ids.len();
    let mut reacted = vec![false; n];
    for i in past.iter().filter(|i| i.actor != i.target) {
        reacted[index[i.target.as_str()]] = true;
    }
    let mut outcome = vec![0.0f64; n];
    for i in interactions.iter().filter(|i| i.actor != i.target && i.time.is_some_and(in_future)) {
        if let Some(&u) = index.get(i.target.as_str()) {
            outcome[u] += 1.0;
        }
    }
    let reacted_users: Vec<usize> = (0..n).filter(|&u| reacted[u]).collect();
    let mut best_sorted = outcome.clone();
    best_sorted.sort_by(|a, b| b.total_cmp(a));
    let best = config.top.iter().map(|&k| (k, best_sorted.iter().take(k).sum())).collect();

    let mut rows = Vec::with_capacity(candidates.len());
    for (c, candidate) in candidates.iter().enumerate() {
        let scores = match rank(candidate, &past, split, &ids, &index) {
            Ok(scores) => scores,
            Err(e) if c > 0 && matches!(e.kind(), ErrorKind::NotConverged { .. }) => {
                rows.push(TemporalRow {
                    candidate: candidate.name(),
                    count: candidate.is_count(),
                    spearman_reacted: f64::NAN,
                    spearman_seen: f64::NAN,
                    top: config.top.iter().map(|&k| (k, f64::NAN)).collect(),
                    deciles: vec![f64::NAN; reacted_users.len().min(DECILES)],
                    error: Some(e.to_string()),
                });
                continue;
            }
            Err(e) => return Err(e),
        };
        let pick = |users: &[usize], v: &[f64]| -> Vec<f64> { users.iter().map(|&u| v[u]).collect() };
        let all: Vec<usize> = (0..n).collect();
        let spearman_reacted = spearman(&pick(&reacted_users, &scores), &pick(&reacted_users, &outcome))?;
        let spearman_seen = spearman(&scores, &outcome)?;
        // Best first; ties by id (users are numbered in order of id).
        let mut order = all;
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        let top = config.top.iter().map(|&k| (k, order.iter().take(k).map(|&u| outcome[u]).sum())).collect();
        let ranked: Vec<usize> = order.iter().copied().filter(|&u| reacted[u]).collect();
        rows.push(TemporalRow {
            candidate: candidate.name(),
            count: candidate.is_count(),
            spearman_reacted,
            spearman_seen,
            top,
            deciles: deciles(&ranked, &outcome),
            error: None,
        });
    }
    Ok(TemporalReport {
        split,
        horizon_end,
        past_interactions: past.len(),
        future_interactions,
        users_seen: n,
        users_reacted: reacted_users.len(),
        future_reactions: outcome.iter().sum(),
        best,
        rows,
    })
}

/// The candidate's score of every user of `ids` from `past`, as of `split`.
fn rank(
    candidate: &Candidate,
    past: &[Interaction],
    split: i64,
    ids: &[&str],
    index: &HashMap<&str, usize>,
) -> Result<Vec<f64>> {
    let n = ids.len();
    match candidate {
        Candidate::Score(config) => {
            let model = ScoreModel::builder(config.clone()).as_of(split).build(past)?;
            // The score's order: raw influence, then (at the floor) the
            // reactions from users without standing; as a dense rank, so
            // that one number orders as the pair does.
            let mut keyed = vec![(0.0, 0.0); n];
            for ((u, raw), crowd) in model.users().zip(model.raw_scores()).zip(model.crowd_scores()) {
                if let Some(&k) = index.get(u) {
                    keyed[k] = (raw, crowd);
                }
            }
            Ok(dense_rank(&keyed))
        }
        Candidate::PlainPageRank => {
            let mut builder = GraphBuilder::default();
            builder.add_interactions(past)?;
            let graph = builder.build()?;
            let ranking = PageRank::default().run(&graph)?;
            Ok(ids.iter().map(|u| ranking.score(u).unwrap_or(0.0)).collect())
        }
        Candidate::Reactions(config) => Ok(count(false, past, split, config, n, index)),
        Candidate::Reactors(config) => Ok(count(true, past, split, config, n, index)),
    }
}

/// How many groups [`TemporalRow::deciles`] has (at most).
const DECILES: usize = 10;

/// The mean of `outcome` over each of [`DECILES`] consecutive groups of
/// `ranked` (best first), as equal in size as they can be: the first
/// `len % DECILES` groups hold one user more.
fn deciles(ranked: &[usize], outcome: &[f64]) -> Vec<f64> {
    let groups = ranked.len().min(DECILES);
    let mut out = Vec::with_capacity(groups);
    let mut start = 0;
    for g in 0..groups {
        let size = ranked.len() / groups + usize::from(g < ranked.len() % groups);
        let sum: f64 = ranked[start..start + size].iter().map(|&u| outcome[u]).sum();
        out.push(sum / size as f64);
        start += size;
    }
    out
}

/// 1 for the lowest `(first, second)` pair, counting up, equal pairs equal.
fn dense_rank(keys: &[(f64, f64)]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    let cmp = |a: &(f64, f64), b: &(f64, f64)| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1));
    order.sort_by(|&a, &b| cmp(&keys[a], &keys[b]));
    let mut out = vec![0.0; keys.len()];
    let mut rank = 0.0;
    for (i, &u) in order.iter().enumerate() {
        if i == 0 || cmp(&keys[order[i - 1]], &keys[u]).is_ne() {
            rank += 1.0;
        }
        out[u] = rank;
    }
    out
}

/// The counting baselines under `config`'s window and half-life: reactions,
/// or with `distinct` reactors.
fn count(
    distinct: bool,
    past: &[Interaction],
    split: i64,
    config: &ScoreConfig,
    n: usize,
    index: &HashMap<&str, usize>,
) -> Vec<f64> {
    let mut out = vec![0.0; n];
    let fade = |i: &Interaction| i.time.map_or(0.0, |t| config.fade(split.saturating_sub(t)));
    if !distinct {
        for i in past.iter().filter(|i| i.actor != i.target) {
            out[index[i.target.as_str()]] += fade(i);
        }
    } else {
        {
            let mut latest: HashMap<(usize, usize), f64> = HashMap::new();
            for i in past.iter().filter(|i| i.actor != i.target) {
                let key = (index[i.target.as_str()], index[i.actor.as_str()]);
                let f = fade(i);
                let e = latest.entry(key).or_insert(0.0);
                *e = e.max(f);
            }
            let mut pairs: Vec<((usize, usize), f64)> = latest.into_iter().collect();
            // A fixed order of addition, so the sums do not depend on hashing.
            pairs.sort_by_key(|p| p.0);
            for ((target, _), f) in pairs {
                out[target] += f;
            }
        }
    }
    out
}
