//! The Klout-style score on structured input: a few dozen users on one to
//! three networks, interactions of every kind with times (mostly within a
//! few months, sometimes any `i64`), optional weights and topics, optional
//! facts, under an arbitrary `ScoreConfig`; then `fit_calibration`,
//! `scores`, `explain`, `top_topics`, `topic_leaders`, a day's `update` and
//! `forget`.
//!
//! Must never panic; errors are fine (a tiny population cannot be
//! calibrated, so a calibration fitted on a fixed population stands in).
//! Every score lies in [1, 100] and every explanation adds up to its score.
//!
//! With `INFLUENCE_FUZZ_SKIP_KNOWN=1` in the environment, inputs of the
//! crash already known and recorded in FUZZING.md (and in the ignored tests
//! of `tests/fuzz_regressions.rs`) are skipped, so that a run can look for
//! other ones: times so far apart (beyond ±2^61 seconds) that `as_of - time`
//! can overflow an `i64`; and models with a raw influence that is not
//! finite (what a subnormal reaction weight gives with a measure other than
//! PageRank), which are not checked any further.

#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use influence::score::{Calibration, Measure, ScoreConfig, ScoreModel, Teleport};
use influence::{Algorithm, Interaction, InteractionKind, Network, UserFacts};
use libfuzzer_sys::fuzz_target;

mod common;

const USERS: u8 = 40;
const KINDS: [&str; 7] = ["reshare", "reply", "comment", "mention", "like", "follow", "quote"];
const NETWORKS: [&str; 3] = ["twitter", "linkedin", "mastodon"];
const TOPICS: [&str; 4] = ["tech", "food", "#Travel", "sports"];
const MAX_RECORDS: usize = 300;
/// 2024-01-01T00:00:00Z.
const EPOCH: i64 = 1_704_067_200;
const HOUR: i64 = 3_600;

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Time {
    /// Within about 273 days of `EPOCH`, by the hour.
    Hours(u16),
    /// Any time at all.
    Any(i64),
}

impl Time {
    fn value(self) -> i64 {
        match self {
            Time::Hours(h) => EPOCH + i64::from(h % 6_552) * HOUR,
            Time::Any(t) => t,
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Number {
    Default,
    /// `n / 8`.
    Small(u8),
    Any(f64),
}

impl Number {
    fn or(self, default: f64) -> f64 {
        match self {
            Number::Default => default,
            Number::Small(n) => f64::from(n) / 8.0,
            Number::Any(x) => x,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Record {
    actor: u8,
    target: u8,
    kind: u8,
    network: u8,
    time: Option<Time>,
    weight: Option<Number>,
    topic: Option<u8>,
}

#[derive(Arbitrary, Debug)]
struct Fact {
    user: u8,
    network: u8,
    posts: Option<u16>,
    audience: Option<u64>,
}

#[derive(Arbitrary, Debug)]
enum TeleportChoice {
    /// Reactors and exponent as fuzzed floats (bad ones must be refused).
    Established(f64, f64),
    Engaged,
    Uniform,
    Trusted(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct Config {
    window_days: Number,
    half_life_days: Number,
    saturation: Number,
    damping: Number,
    audience_weight: Number,
    network_weight: Option<(u8, Number)>,
    teleport: TeleportChoice,
    /// An index into `Algorithm::NAMES`; past its end, PageRank.
    measure: u8,
}

#[derive(Arbitrary, Debug)]
struct Input {
    networks: u8,
    records: Vec<Record>,
    later: Vec<Record>,
    facts: Vec<Fact>,
    config: Config,
    as_of: Option<Time>,
    update_as_of: Option<Time>,
    user: u8,
    top: u8,
    forget: u8,
}

/// Whether `time` is a known crash's trigger (see the module docs).
fn known_crash(time: Option<Time>) -> bool {
    const LIMIT: i64 = 1 << 61;
    skip_known() && time.is_some_and(|t| !(-LIMIT..=LIMIT).contains(&t.value()))
}

fn skip_known() -> bool {
    static SKIP: OnceLock<bool> = OnceLock::new();
    *SKIP.get_or_init(|| std::env::var_os("INFLUENCE_FUZZ_SKIP_KNOWN").is_some_and(|v| v == "1"))
}

fn user(n: u8) -> String {
    format!("u{}", n % USERS)
}

fn interaction(r: &Record, networks: usize) -> Interaction {
    let mut i = Interaction::new(user(r.actor), user(r.target));
    i.kind = KINDS.get(usize::from(r.kind)).map(|k| k.parse::<InteractionKind>().expect("a kind name"));
    i.network = NETWORKS[..networks].get(usize::from(r.network)).map(|n| n.parse().expect("a network name"));
    i.time = r.time.map(Time::value);
    i.weight = r.weight.map(|w| w.or(1.0));
    if let Some(t) = r.topic.and_then(|t| TOPICS.get(usize::from(t))) {
        i = i.topic(*t);
    }
    i
}

fn config(c: &Config) -> ScoreConfig {
    let mut config = ScoreConfig::default()
        .window_days(c.window_days.or(ScoreConfig::DEFAULT_WINDOW_DAYS))
        .half_life_days(c.half_life_days.or(ScoreConfig::DEFAULT_HALF_LIFE_DAYS))
        .saturation(c.saturation.or(ScoreConfig::DEFAULT_SATURATION))
        .damping(c.damping.or(ScoreConfig::DEFAULT_DAMPING))
        .audience_weight(c.audience_weight.or(ScoreConfig::DEFAULT_AUDIENCE_WEIGHT))
        .teleport(match &c.teleport {
            TeleportChoice::Established(reactors, exponent) => {
                Teleport::Established { reactors: *reactors, exponent: *exponent }
            }
            TeleportChoice::Engaged => Teleport::Engaged,
            TeleportChoice::Uniform => Teleport::Uniform,
            TeleportChoice::Trusted(seeds) => Teleport::Trusted(seeds.iter().take(8).map(|&u| user(u)).collect()),
        });
    if let Some((n, w)) = c.network_weight {
        let network: Network = NETWORKS[usize::from(n) % NETWORKS.len()].parse().expect("a network name");
        let weights = config.get_network_weights().clone().set(network, w.or(1.0));
        config = config.network_weights(weights);
    }
    if let Some(name) = Algorithm::NAMES.get(usize::from(c.measure)) {
        config = config.measure(Measure::Algorithm(Algorithm::from_name(name).expect("a registered name")));
    }
    config
}

/// A population that always calibrates: a few zeros and a spread of raws.
fn stand_in_calibration(config: &ScoreConfig) -> Calibration {
    let raws: Vec<f64> = (0..60).map(|i| if i % 6 == 0 { 0.0 } else { (f64::from(i) / 15.0).exp() / 10.0 }).collect();
    Calibration::fit(config, &raws, None).expect("a fixed population calibrates")
}

fn check_scores(model: &ScoreModel, calibration: &Calibration, who: &str, top: usize) {
    if skip_known() && model.raw_scores().iter().any(|r| !r.is_finite()) {
        return;
    }
    if let Ok(scores) = model.scores(calibration) {
        for s in &scores {
            assert!((1.0..=100.0).contains(&s.score), "score of {:?} is {} (raw {})", s.user, s.score, s.raw);
        }
    }
    if let Ok(e) = model.explain(calibration, who, top) {
        assert!((1.0..=100.0).contains(&e.score), "explained score of {who:?} is {}", e.score);
        let networks: f64 = e.networks.iter().map(|n| n.points).sum();
        let kinds: f64 = e.kinds.iter().map(|k| k.points).sum();
        let partners: f64 = e.partners.iter().map(|p| p.points).sum::<f64>() + e.other_partners_points;
        let tol = 1e-6;
        assert!((e.floor + networks - e.score).abs() < tol, "networks do not add up: {e:?}");
        assert!((e.floor + e.audience_points + kinds - e.score).abs() < tol, "kinds do not add up: {e:?}");
        assert!((e.floor + e.audience_points + partners - e.score).abs() < tol, "partners do not add up: {e:?}");
    }
}

fuzz_target!(init: common::single_thread(), |input: Input| {
    let times = input.records.iter().take(MAX_RECORDS).chain(input.later.iter().take(64)).map(|r| r.time);
    if [input.as_of, input.update_as_of].into_iter().chain(times).any(known_crash) {
        return;
    }
    let networks = 1 + usize::from(input.networks % 3);
    let records: Vec<Interaction> =
        input.records.iter().take(MAX_RECORDS).map(|r| interaction(r, networks)).collect();
    let facts = input.facts.iter().take(40).map(|f| {
        let network: Network = NETWORKS[usize::from(f.network) % networks].parse().expect("a network name");
        UserFacts { user: user(f.user), network, posts: f.posts.map(u64::from), audience: f.audience }
    });
    let config = config(&input.config);
    let mut builder = ScoreModel::builder(config.clone()).facts(facts);
    if let Some(t) = input.as_of {
        builder = builder.as_of(t.value());
    }
    let Ok(mut model) = builder.build(&records) else { return };
    if skip_known() && model.raw_scores().iter().any(|r| !r.is_finite()) {
        return;
    }

    let calibration = match model.fit_calibration() {
        Ok(c) => c,
        Err(_) => stand_in_calibration(&config),
    };
    let who = user(input.user);
    let top = usize::from(input.top % 8);
    check_scores(&model, &calibration, &who, top);
    let _ = model.topics_in_window();
    let _ = model.top_topics(&who, top);
    for topic in TOPICS {
        let _ = model.topic_leaders(topic, top);
    }

    let later: Vec<Interaction> = input.later.iter().take(64).map(|r| interaction(r, networks)).collect();
    if model.update(&later, input.update_as_of.map(Time::value)).is_ok() {
        check_scores(&model, &calibration, &who, top);
    }
    let gone = user(input.forget);
    if model.forget(&gone).is_ok() {
        assert!(model.users().all(|u| u != gone), "{gone:?} is still scored after forget");
        check_scores(&model, &calibration, &who, top);
        let _ = model.top_topics(&who, top);
    }
});
