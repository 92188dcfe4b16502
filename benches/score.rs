//! The Klout-style score: building a model, fitting a calibration, and the
//! daily update warm-started from yesterday against a cold rebuild.
//!
//! Run with `cargo bench --bench score`, or one case with a filter:
//! `cargo bench --bench score -- 'score/social1k'`. Populations come from
//! `SocialConfig` (seed 1, four networks) over 91 days: "yesterday" is the
//! first 90 days, "today" adds the last day (and drops the first, which
//! leaves the 90-day window).
//!
//! - `score/{social1k,social100k}/build`: `ScoreModel::builder(..).build`
//!   on all 91 days (interning, fading, saturation, four PageRanks).
//! - `score/{social1k,social100k}/update`: `update` with the last day on
//!   yesterday's model (warm starts), built outside the timing.
//! - `score/{social1k,social100k}/calibrate`: `fit_calibration`.
//!
//! Before timing, each population prints once to stderr the PageRank
//! iterations per network of the warm update and of the cold build, their
//! ratio, and the largest score difference between the two, for
//! BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use influence::Interaction;
use influence::generate::SocialConfig;
use influence::score::{ScoreConfig, ScoreModel};

const DAY: i64 = 86_400;

struct Population {
    all: Vec<Interaction>,
    yesterday: Vec<Interaction>,
    today: Vec<Interaction>,
}

fn population(users: u32) -> Population {
    let all = SocialConfig::default().users(users).days(91).interactions().expect("a valid configuration");
    let last = all.iter().filter_map(|i| i.time).max().expect("dated interactions");
    let (yesterday, today) = all.iter().cloned().partition(|i| i.time.is_some_and(|t| t <= last - DAY));
    Population { all, yesterday, today }
}

fn build(records: &[Interaction]) -> ScoreModel {
    ScoreModel::builder(ScoreConfig::default()).build(records).expect("the score builds")
}

/// Prints warm against cold iterations and the largest score difference.
fn report(name: &str, p: &Population) {
    let mut warm = build(&p.yesterday);
    let update = warm.update(&p.today, None).expect("the update runs");
    let cold = build(&p.all);
    let calibration = cold.fit_calibration().expect("the calibration fits");
    let cold_scores = cold.scores(&calibration).expect("scores");
    let worst = cold_scores
        .iter()
        .map(|s| (warm.score(&calibration, &s.user).expect("same users").score - s.score).abs())
        .fold(0.0f64, f64::max);
    let w: usize = update.iterations.iter().map(|i| i.1).sum();
    let c: usize = cold.iterations().iter().map(|i| i.1).sum();
    eprintln!(
        "score/{name}: {} users, {} interactions, {} added today, {} expired; iterations warm {:?} = {w}, \
         cold {:?} = {c}, ratio {:.3}; largest warm/cold score difference {worst:.1e} points",
        cold.user_count(),
        p.all.len(),
        update.added,
        update.expired,
        update.iterations,
        cold.iterations(),
        w as f64 / c as f64,
    );
}

fn bench_population(c: &mut Criterion, name: &str, users: u32, samples: usize) {
    let p = population(users);
    report(name, &p);
    let full = build(&p.all);
    let mut group = c.benchmark_group(format!("score/{name}"));
    group.sample_size(samples).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(10));
    group.bench_function("build", |b| b.iter(|| black_box(build(&p.all))));
    group.bench_function("update", |b| {
        b.iter_batched(
            || build(&p.yesterday),
            |mut m| black_box(m.update(&p.today, None).expect("the update runs")),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("calibrate", |b| b.iter(|| black_box(full.fit_calibration().expect("fits"))));
    group.finish();
}

fn score(c: &mut Criterion) {
    bench_population(c, "social1k", 1_000, 30);
    bench_population(c, "social100k", 100_000, 10);
}

criterion_group!(benches, score);
criterion_main!(benches);
