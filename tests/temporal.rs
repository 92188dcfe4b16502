//! Temporal validation (`influence::temporal`): the split, the outcome,
//! the metrics against hand-computed answers, and the errors.

use influence::score::ScoreConfig;
use influence::temporal::{self, Candidate, Split, TemporalConfig};
use influence::{ErrorKind, Interaction};

const DAY: i64 = 86_400;

/// Before day 10: a gets 3 reactions (from b, c, d), b gets 1 (from c, on
/// day 0), c gets 2 from d. From day 10: a gets 1, b gets 4, c gets 0, and
/// e (new) gets 5.
fn records() -> Vec<Interaction> {
    let r = |a: &str, t: &str, day: i64| Interaction::new(a, t).time(day * DAY);
    vec![
        r("b", "a", 8),
        r("c", "a", 9),
        r("d", "a", 9),
        r("c", "b", 0),
        r("d", "c", 5),
        r("d", "c", 6),
        r("a", "a", 7), // a self-interaction: neither a reaction nor an outcome
        r("c", "a", 10),
        r("a", "b", 11),
        r("c", "b", 11),
        r("d", "b", 12),
        r("e", "b", 12),
        r("a", "e", 12),
        r("b", "e", 12),
        r("c", "e", 13),
        r("d", "e", 13),
        r("a", "e", 13),
    ]
}

#[test]
fn counts_against_hand_computed_answers() {
    let config = ScoreConfig::default().half_life_days(f64::INFINITY);
    let split = TemporalConfig::default().split(Split::Time(10 * DAY)).top(vec![1, 2]);
    let report =
        temporal::validate(&records(), &[Candidate::Reactions(config.clone()), Candidate::Reactors(config)], &split)
            .unwrap();
    assert_eq!(report.split, 10 * DAY);
    assert_eq!((report.past_interactions, report.future_interactions), (7, 10));
    // Seen before: a, b, c, d; reacted to: a, b, c.
    assert_eq!((report.users_seen, report.users_reacted), (4, 3));
    // After: a 1, b 4 (e's 5 are to a user not seen before).
    assert_eq!(report.future_reactions, 5.0);
    assert_eq!(report.best, vec![(1, 4.0), (2, 5.0)]);
    // Reactions a 3, b 1, c 2, d 0 against outcomes 1, 4, 0, 0: the top
    // user (a) receives 1, the top two (a, c) 1.
    let reactions = &report.rows[0];
    assert_eq!(reactions.top, vec![(1, 1.0), (2, 1.0)]);
    // Spearman over a, b, c: ranks (3, 1, 2) against (2, 3, 1): -0.5.
    assert!((reactions.spearman_reacted + 0.5).abs() < 1e-12, "{}", reactions.spearman_reacted);
    // Distinct reactors: a 3, b 1, c 1 (d twice), d 0.
    let reactors = &report.rows[1];
    assert_eq!(reactors.top, vec![(1, 1.0), (2, 5.0)]);
    assert!(reactors.count && reactions.count);
    // Three users reacted to before: three groups of one, best-scored
    // first. Reactions order a, c, b (outcomes 1, 0, 4); distinct
    // reactors a, then b and c tied at 1, ties by id: a, b, c.
    assert_eq!(reactions.deciles, vec![1.0, 0.0, 4.0]);
    assert_eq!(reactors.deciles, vec![1.0, 4.0, 0.0]);
}

#[test]
fn deciles_split_the_reacted_users_into_ten_near_equal_groups() {
    // 23 users reacted to before day 10, user k by k + 1 distinct reactors
    // (so counting orders them k = 22 first); after it, user k receives k
    // reactions. Groups of 3, 3, 3, 2, ... (23 = 3·3 + 7·2).
    let mut records = Vec::new();
    for k in 0..23 {
        for r in 0..=k {
            records.push(Interaction::new(format!("fan{r}"), format!("u{k:02}")).time(DAY));
        }
        for _ in 0..k {
            records.push(Interaction::new("later", format!("u{k:02}")).time(20 * DAY));
        }
    }
    let config = ScoreConfig::default();
    let split = TemporalConfig::default().split(Split::Time(10 * DAY)).top(vec![1]);
    let report = temporal::validate(&records, &[Candidate::Reactors(config)], &split).unwrap();
    let expected = [21.0, 18.0, 15.0, 12.5, 10.5, 8.5, 6.5, 4.5, 2.5, 0.5];
    assert_eq!(report.rows[0].deciles, expected);
    // Every reaction after the split lands in some group.
    let sizes = [3.0, 3.0, 3.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0];
    let total: f64 = expected.iter().zip(sizes).map(|(m, n)| m * n).sum();
    assert_eq!(total, report.future_reactions);
}

#[test]
fn the_window_and_fading_of_the_counts_are_the_scores() {
    // With a 3-day window before day 10, b's reaction of day 0 and c's of
    // days 5 and 6 are out: only a's count.
    let config = ScoreConfig::default().window_days(3.0);
    let split = TemporalConfig::default().split(Split::Time(10 * DAY)).top(vec![2]);
    let report = temporal::validate(&records(), &[Candidate::Reactions(config)], &split).unwrap();
    // a first, then b, c, d tied at 0 by id: b.
    assert_eq!(report.rows[0].top, vec![(2, 5.0)]);
}

#[test]
fn quantile_split_and_every_candidate() {
    let report =
        temporal::validate(&records(), &temporal::candidates(&ScoreConfig::default()), &TemporalConfig::default())
            .unwrap();
    // 17 interactions: the 0.8 quantile is the time at index 13 of 17
    // (0.8 · 17 = 13.6, rounded down), day 12.
    assert_eq!(report.split, 12 * DAY);
    assert_eq!(report.rows[0].candidate, "score");
    assert!(report.rows.iter().any(|r| r.candidate == "score, --measure tunkrank"));
    assert!(report.rows.iter().any(|r| r.candidate == "pagerank (plain, no window)"));
    assert_eq!(report.rows.iter().filter(|r| r.count).count(), 2);
}

#[test]
fn bad_settings_and_inputs_are_errors() {
    let score = [Candidate::Reactions(ScoreConfig::default())];
    for config in [
        TemporalConfig::default().split(Split::Quantile(1.0)),
        TemporalConfig::default().split(Split::Quantile(0.0)),
        TemporalConfig::default().horizon_days(0.0),
        TemporalConfig::default().top(vec![]),
        TemporalConfig::default().top(vec![0]),
    ] {
        let err = temporal::validate(&records(), &score, &config).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidConfig { .. }), "{err}");
    }
    let mut undated = records();
    undated.push(Interaction::new("x", "y"));
    let err = temporal::validate(&undated, &score, &TemporalConfig::default()).unwrap_err();
    assert!(err.to_string().contains("needs a time on every interaction"), "{err}");
    let late = TemporalConfig::default().split(Split::Time(100 * DAY));
    let err = temporal::validate(&records(), &score, &late).unwrap_err();
    assert!(err.to_string().contains("0 after it"), "{err}");
}

/// `until` ends the counted period: at day 12, only a's one reaction and
/// b's of day 11 count (b gets 2); with a horizon too, the earlier end
/// counts; an end at or before the split is an error.
#[test]
fn until_ends_the_counted_period() {
    let score = [Candidate::Reactions(ScoreConfig::default())];
    let split = TemporalConfig::default().split(Split::Time(10 * DAY)).top(vec![1]);
    let until = temporal::validate(&records(), &score, &split.clone().until(Split::Time(12 * DAY))).unwrap();
    assert_eq!((until.horizon_end, until.future_interactions), (Some(12 * DAY), 3));
    assert_eq!(until.future_reactions, 3.0);
    assert_eq!(until.best, vec![(1, 2.0)]);
    let both = split.clone().until(Split::Time(12 * DAY)).horizon_days(1.5);
    let both = temporal::validate(&records(), &score, &both).unwrap();
    assert_eq!(both.horizon_end, Some(10 * DAY + 3 * DAY / 2));
    // As a quantile: the 0.8 quantile of the times is day 12.
    let q = temporal::validate(&records(), &score, &split.clone().until(Split::Quantile(0.8))).unwrap();
    assert_eq!(q.horizon_end, Some(12 * DAY));
    for bad in [split.clone().until(Split::Time(10 * DAY)), split.until(Split::Quantile(1.5))] {
        let err = temporal::validate(&records(), &score, &bad).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidConfig { .. }), "{err}");
    }
}

/// The default score's ranking puts users at the floor in order of the
/// reactions they received from users without standing, so the score's
/// row is not a tie among them.
#[test]
fn the_score_orders_the_floor_by_crowd() {
    // Nobody has standing here (no one has two reactors who keep theirs),
    // so every raw score is 0; the crowd still orders a (3 before) above
    // c (2) above b (1) and d (0).
    let split = TemporalConfig::default().split(Split::Time(10 * DAY)).top(vec![1, 2]);
    let report = temporal::validate(&records(), &[Candidate::Score(ScoreConfig::default())], &split).unwrap();
    let reactions = temporal::validate(&records(), &[Candidate::Reactions(ScoreConfig::default())], &split).unwrap();
    assert_eq!(report.rows[0].top, reactions.rows[0].top);
    assert!((report.rows[0].spearman_reacted - reactions.rows[0].spearman_reacted).abs() < 1e-12);
}
