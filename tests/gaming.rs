//! Gaming resistance, measured on the bundled multi-network population with
//! the calibrated 1–100 score. Each scenario prints its figure (run with
//! `cargo test --test gaming -- --nocapture`); README.md quotes them.
//!
//! The calibration is fitted once on the clean population and kept, as it
//! would be in production, so gains are in the points users would see.

use std::path::Path;

use influence::score::{Calibration, ScoreConfig, ScoreModel, Teleport};
use influence::{Interaction, InteractionKind, Network, UserFacts, io};

mod common;

const DAY: i64 = 86_400;

/// How far a figure may move from what README.md claims before a test
/// fails, in points: scores are deterministic, so only a change of the
/// code moves them, and a change beyond this must update README too.
const MARGIN: f64 = 0.5;

/// Asserts that `value` is README's `claimed` figure for `what`, within
/// [`MARGIN`].
fn claimed(what: &str, value: f64, claimed: f64) {
    assert!(
        (value - claimed).abs() <= MARGIN,
        "{what}: {value:.2} points, README claims {claimed} (± {MARGIN}): update README or fix the regression"
    );
}
/// README's figures for the default score that `claimed` checks in more
/// than one place.
const NEWCOMER_LOW: f64 = 61.6;
const RING_WITH_EDGES: f64 = 8.34;
/// The previous default's figures (established teleport, volume weight 0).
const PREV_NEWCOMER_LOW: f64 = 27.0;
const PREV_RINGS: [f64; 3] = [0.4, 1.7, 13.4];
const PREV_ORDINARY_FARM: f64 = 5.41;
const PREV_HONEST: f64 = 61.1;

const NETWORKS: [Network; 4] = [Network::Twitter, Network::Facebook, Network::LinkedIn, Network::Instagram];

struct World {
    records: Vec<Interaction>,
    facts: Vec<UserFacts>,
    config: ScoreConfig,
    calibration: Calibration,
    now: i64,
    /// Users best first, by their clean score.
    ranked: Vec<String>,
}

impl World {
    fn new(config: ScoreConfig) -> World {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
        let records = io::read_interactions(&dir.join("social.csv"), io::InputFormat::Auto).unwrap();
        let facts = io::read_facts(&dir.join("social-facts.csv")).unwrap();
        World::from_records(config, records, facts)
    }

    /// A world of `records` and `facts` scored under `config`; users at the
    /// floor come after everyone else in `ranked`.
    fn from_records(config: ScoreConfig, records: Vec<Interaction>, facts: Vec<UserFacts>) -> World {
        let model = ScoreModel::builder(config.clone()).facts(facts.clone()).build(&records).unwrap();
        let calibration = model.fit_calibration().unwrap();
        let ranked = model.scores(&calibration).unwrap().into_iter().map(|s| s.user).collect();
        let now = model.as_of().unwrap();
        World { records, facts, config, calibration, now, ranked }
    }

    /// The population with `extra` interactions and facts, scored as of the
    /// same moment with the same calibration: `user`'s score.
    fn score_with(&self, extra: &[Interaction], extra_facts: &[UserFacts], user: &str) -> f64 {
        let mut records = self.records.clone();
        records.extend_from_slice(extra);
        let mut facts = self.facts.clone();
        facts.extend_from_slice(extra_facts);
        let model = ScoreModel::builder(self.config.clone()).facts(facts).as_of(self.now).build(&records).unwrap();
        model.score(&self.calibration, user).unwrap().score
    }

    fn gain(&self, extra: &[Interaction], user: &str) -> f64 {
        self.score_with(extra, &[], user) - self.score_with(&[], &[], user)
    }

    /// The user the attacks target: the median of the clean population.
    fn target(&self) -> &str {
        &self.ranked[self.ranked.len() / 2]
    }
}

fn react(actor: &str, target: &str, kind: InteractionKind, network: &Network, time: i64) -> Interaction {
    Interaction::new(actor, target).kind(kind).network(network.clone()).time(time)
}

/// A ring of `size` fake accounts, each resharing three others and the
/// target, on Twitter, today.
fn sybil_ring(size: usize, target: &str, now: i64) -> Vec<Interaction> {
    let mut out = Vec::new();
    for i in 0..size {
        for j in 1..=3 {
            out.push(react(
                &format!("fake{i}"),
                &format!("fake{}", (i + j) % size),
                InteractionKind::Reshare,
                &NETWORKS[0],
                now,
            ));
        }
        out.push(react(&format!("fake{i}"), target, InteractionKind::Reshare, &NETWORKS[0], now));
    }
    out
}

/// 50 distinct established users (from the top fifth, none the target)
/// reshare the target once.
fn honest_growth(world: &World, target: &str) -> Vec<Interaction> {
    let top_fifth = &world.ranked[..world.ranked.len() / 5];
    top_fifth
        .iter()
        .filter(|u| u.as_str() != target)
        .step_by(3)
        .take(50)
        .map(|u| react(u, target, InteractionKind::Reshare, &NETWORKS[0], world.now))
        .collect()
}

/// The newcomer's score: alone, liked back by 100 follow-back accounts, and
/// liked back daily by the 100 least influential real users, whom it likes
/// daily too.
fn newcomer(world: &World) -> (f64, f64, f64) {
    let newbie = "newbie";
    // For 7 days it likes 1,000 accounts a day (the 800 most influential
    // and the 100 least influential of the population, and 100 follow-back
    // accounts) across four networks, and posts 100 times a day on each.
    let bots: Vec<String> = (0..100).map(|i| format!("followback{i}")).collect();
    let low = &world.ranked[world.ranked.len() - 100..];
    let everyone: Vec<&str> =
        world.ranked[..800].iter().chain(low).map(String::as_str).chain(bots.iter().map(String::as_str)).collect();
    let mut activity = Vec::new();
    for day in 0..7 {
        let t = world.now - (6 - day) * DAY;
        for (i, u) in everyone.iter().enumerate() {
            activity.push(react(newbie, u, InteractionKind::Like, &NETWORKS[i % 4], t));
        }
    }
    let posts: Vec<UserFacts> = NETWORKS.iter().map(|n| UserFacts::new(newbie, n.clone()).posts(700)).collect();

    // Follow-back accounts like back everyone who likes them, 200 accounts
    // a day, the newcomer among them.
    let mut followback = activity.clone();
    for day in 0..7 {
        let t = world.now - (6 - day) * DAY;
        for (b, bot) in bots.iter().enumerate() {
            let network = &NETWORKS[b % 4];
            followback.push(react(bot, newbie, InteractionKind::Like, network, t));
            for k in 0..199 {
                let other = &world.ranked[(b * 37 + k * 11 + day as usize) % world.ranked.len()];
                followback.push(react(bot, other, InteractionKind::Like, network, t));
            }
        }
    }
    // The 100 least influential real users, whom it likes, like it back
    // daily.
    let mut lowest = activity.clone();
    for day in 0..7 {
        let t = world.now - (6 - day) * DAY;
        for (i, u) in low.iter().enumerate() {
            lowest.push(react(u, newbie, InteractionKind::Like, &NETWORKS[(i + day as usize) % 4], t));
        }
    }
    (
        world.score_with(&activity, &posts, newbie),
        world.score_with(&followback, &posts, newbie),
        world.score_with(&lowest, &posts, newbie),
    )
}

/// Four ordinary users, from the median down, who are active on Twitter,
/// where the reaction attacks happen: each has reacted to at least five
/// users there and been reacted to by at least five, so each holds some
/// influence there and spreads its reactions over several people.
fn ordinary_twitter_users(world: &World) -> Vec<String> {
    use std::collections::{HashMap, HashSet};
    let mut reacted_to: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut reactors: HashMap<&str, HashSet<&str>> = HashMap::new();
    for r in world.records.iter().filter(|r| r.network.as_ref() == Some(&NETWORKS[0])) {
        reacted_to.entry(r.actor.as_str()).or_default().insert(r.target.as_str());
        reactors.entry(r.target.as_str()).or_default().insert(r.actor.as_str());
    }
    let active =
        |u: &str| reacted_to.get(u).is_some_and(|s| s.len() >= 5) && reactors.get(u).is_some_and(|s| s.len() >= 5);
    let middle = world.ranked.len() / 2;
    world.ranked[middle + 1..].iter().filter(|u| active(u)).take(4).cloned().collect()
}

/// Gains of the target from a new account's 10,000 likes, an ordinary
/// account's 10,000 likes, and three other ordinary users liking once.
fn farms(world: &World) -> (f64, f64, f64) {
    let target = world.target().to_string();
    let likes = |from: &str| -> Vec<Interaction> {
        (0..10_000).map(|_| react(from, &target, InteractionKind::Like, &NETWORKS[0], world.now)).collect()
    };
    let ordinary = ordinary_twitter_users(world);
    let three: Vec<Interaction> =
        ordinary[..3].iter().map(|u| react(u, &target, InteractionKind::Like, &NETWORKS[0], world.now)).collect();
    (world.gain(&likes("farm"), &target), world.gain(&likes(&ordinary[3]), &target), world.gain(&three, &target))
}

#[test]
fn hyperactive_newcomer() {
    let (alone, with_bots, with_low_users) = newcomer(&World::new(ScoreConfig::default()));
    println!("hyperactive newcomer: {alone:.1} with no reaction back");
    println!("hyperactive newcomer: {with_bots:.1} with likes back from 100 follow-back accounts");
    println!("hyperactive newcomer: {with_low_users:.1} with likes back from the 100 least influential real users");
    assert_eq!(alone, 1.0, "activity alone earns nothing");
    claimed("newcomer liked back by follow-back accounts", with_bots, 1.0);
    // Here the least influential users are real users of standing, each
    // liking the newcomer once a day for a week: 700 real reactions, which
    // the score counts (per day). README says so.
    claimed("newcomer liked back by the least influential users", with_low_users, NEWCOMER_LOW);
}

#[test]
fn sybil_rings() {
    let default = World::new(ScoreConfig::default());
    let target = default.target().to_string();
    // TrustRank-style: the 50 most influential users of the clean
    // population as trusted seeds.
    let seeds: Vec<String> = default.ranked[..50].to_vec();
    let trusted = World::new(ScoreConfig::default().teleport(Teleport::Trusted(seeds)));
    for size in [10, 100, 1000] {
        let ring = sybil_ring(size, &target, default.now);
        let (open, guarded) = (default.gain(&ring, &target), trusted.gain(&ring, &target));
        println!("sybil ring of {size}: {open:+.1} points, {guarded:+.1} with trusted seeds");
        // Nobody of standing reacts to a fake, so no fake has standing.
        assert_eq!(open, 0.0, "sybil ring of {size}");
        assert_eq!(guarded, 0.0, "sybil ring of {size} with trusted seeds");
    }
}

/// Rings buy nothing by size: what a ring passes on is bounded by the
/// reactions of real users of standing to its members (the attack edges),
/// whatever its size.
#[test]
fn rings_gain_by_attack_edges_not_by_size() {
    let world = World::new(ScoreConfig::default());
    let target = world.target().to_string();
    // Three ordinary users each reshare one fake, the day before.
    let ordinary = ordinary_twitter_users(&world);
    let attack = |size: usize| -> Vec<Interaction> {
        let mut out = sybil_ring(size, &target, world.now);
        for (i, u) in ordinary[..3].iter().enumerate() {
            out.push(react(u, &format!("fake{i}"), InteractionKind::Reshare, &NETWORKS[0], world.now - DAY));
        }
        out
    };
    let gains = [10, 100, 1000].map(|size| world.gain(&attack(size), &target));
    println!(
        "sybil rings with 3 attack edges: {:+.2} / {:+.2} / {:+.2} points for 10 / 100 / 1,000 fakes",
        gains[0], gains[1], gains[2]
    );
    let spread = gains.iter().cloned().fold(f64::MIN, f64::max) - gains.iter().cloned().fold(f64::MAX, f64::min);
    assert!(spread < 0.5, "{gains:?}");
    claimed("a ring with 3 attack edges", gains[2], RING_WITH_EDGES);
    // The same three users resharing the target directly gain it more.
    let direct: Vec<Interaction> = ordinary[..3]
        .iter()
        .map(|u| react(u, &target, InteractionKind::Reshare, &NETWORKS[0], world.now - DAY))
        .collect();
    let direct = world.gain(&direct, &target);
    println!("the same three users resharing the target instead: {direct:+.2} points");
    // The three fakes they reshared pass on about what the three users'
    // own reshares would: the fakes' are a day fresher, and the three
    // fakes, having standing, hold a PageRank share of their own.
    assert!(gains.iter().all(|g| *g < direct + 0.5), "{gains:?} vs {direct}");
}

/// No population can stop the scoring, and accounts nobody reacts to
/// change nobody's score: 10,000 of them, each reacting to a random user,
/// move no user's score under the saved calibration, and a calibration
/// fitted on the grown population still fits.
#[test]
fn dead_accounts_change_nobody() {
    let world = World::new(ScoreConfig::default());
    let mut rng = common::Rng(7);
    let dead: Vec<Interaction> = (0..10_000)
        .map(|i| {
            let u = &world.ranked[rng.below(world.ranked.len() as u64) as usize];
            react(&format!("dead{i}"), u, InteractionKind::Follow, &NETWORKS[i % 4], world.now)
        })
        .collect();
    let score = |extra: &[Interaction]| {
        let mut records = world.records.clone();
        records.extend_from_slice(extra);
        let model = ScoreModel::builder(world.config.clone())
            .facts(world.facts.clone())
            .as_of(world.now)
            .build(&records)
            .unwrap();
        let scores = model.scores(&world.calibration).unwrap();
        (model, scores)
    };
    let (_, before) = score(&[]);
    let (grown, after) = score(&dead);
    let after: std::collections::HashMap<&str, f64> = after.iter().map(|s| (s.user.as_str(), s.score)).collect();
    let moved = before.iter().map(|s| (after[s.user.as_str()] - s.score).abs()).fold(0.0, f64::max);
    println!("10,000 dead accounts: no user's score moves by more than {moved:.2} points");
    assert!(moved <= 0.5, "{moved}");
    let refit = grown.fit_calibration().unwrap();
    assert_eq!(refit.population(), world.calibration.population(), "dead accounts hold nothing");
    assert_eq!(refit.floor(), 10_000);
}

#[test]
fn reaction_farm() {
    let world = World::new(ScoreConfig::default());
    let (farm_gain, ordinary_gain, three_gain) = farms(&world);
    let target = world.target().to_string();
    let farmer = &ordinary_twitter_users(&world)[3];
    let like = |kind| [react(farmer, &target, kind, &NETWORKS[0], world.now)];
    let (one_like, one_reshare) =
        (world.gain(&like(InteractionKind::Like), &target), world.gain(&like(InteractionKind::Reshare), &target));
    println!(
        "reaction farm: {farm_gain:+.2} points from a new account's 10,000 likes, {ordinary_gain:+.2} from an \
         ordinary account's, against {three_gain:+.2} from three other ordinary users liking once"
    );
    println!(
        "reaction farm: the ordinary account liking once instead {one_like:+.2}, resharing once {one_reshare:+.2}"
    );
    assert_eq!(farm_gain, 0.0, "a new account has no standing");
    claimed("an ordinary account's 10,000 likes", ordinary_gain, 2.40);
    claimed("three ordinary users liking once", three_gain, 2.74);
    claimed("the ordinary account liking once", one_like, 0.73);
    claimed("the ordinary account resharing once", one_reshare, 2.96);
    assert!(farm_gain <= three_gain, "{farm_gain} vs {three_gain}");
    // Likes from one account on one day saturate at two likes' worth (2.5
    // single likes, as a single like counts 1 − e^(−1/2) of one), so an
    // ordinary account's farm gains less than three other ordinary users
    // liking once, and less than its single reshare. (In points about 2.5
    // single likes, a little more where the scale is steeper.)
    assert!(ordinary_gain < three_gain, "{ordinary_gain} vs {three_gain}");
    assert!(one_like < ordinary_gain && ordinary_gain < one_reshare, "{one_like} {ordinary_gain} {one_reshare}");
}

#[test]
fn spam_followers() {
    let world = World::new(ScoreConfig::default());
    let target = world.target().to_string();
    let gain = world.gain(&spam(&world, &target), &target);
    println!("spam followers: {:+.2} points from 10,000 dead accounts following", (gain * 100.0).round() / 100.0 + 0.0);
    claimed("10,000 dead accounts following", gain, 0.0);
}

fn spam(world: &World, target: &str) -> Vec<Interaction> {
    (0..10_000)
        .map(|i| react(&format!("dead{i}"), target, InteractionKind::Follow, &NETWORKS[i % 4], world.now))
        .collect()
}

#[test]
fn honest_growth_counts_more_than_attacks() {
    let world = World::new(ScoreConfig::default());
    let target = world.target().to_string();
    let honest = world.gain(&honest_growth(&world, &target), &target);
    let (_, _, newcomer) = newcomer(&world);
    let (new_farm, ordinary_farm, _) = farms(&world);
    let (_, with_bots, _) = self::newcomer(&world);
    println!("hyperactive newcomer liked back daily by 100 real users: {newcomer:.1} points in all");
    let mut attacks = vec![
        ("hyperactive newcomer liked back by bots (its whole score)", with_bots),
        ("reaction farm, new account", new_farm),
        ("reaction farm, ordinary account", ordinary_farm),
        ("spam followers", world.gain(&spam(&world, &target), &target)),
    ];
    for size in [10, 100, 1000] {
        attacks.push(("sybil ring", world.gain(&sybil_ring(size, &target, world.now), &target)));
    }
    println!("honest growth: {honest:+.1} points from 50 established users resharing once");
    claimed("honest growth", honest, 45.5);
    for (name, gain) in attacks {
        assert!(honest > gain + 10.0, "{name}: {gain} vs honest {honest}");
    }
    // Not an attack by fakes: 100 real users of standing liking the
    // newcomer daily for a week are 700 real reactions, and the newcomer's
    // whole score is above what 50 top users resharing once give a median
    // user (README says so).
    assert!(newcomer > honest, "{newcomer} vs {honest}");
}

/// The same attacks under the previous default: the established teleport
/// with PageRank influence alone (volume weight 0), whose sybil rings grew
/// with their size.
#[test]
fn previous_default_for_comparison() {
    let previous = World::new(ScoreConfig::default().teleport(Teleport::established()).volume_weight(0.0));
    let target = previous.target().to_string();
    let (alone, with_bots, with_low_users) = newcomer(&previous);
    let rings = [10, 100, 1000].map(|size| previous.gain(&sybil_ring(size, &target, previous.now), &target));
    let (new_farm, ordinary_farm, three) = farms(&previous);
    let spam = previous.gain(&spam(&previous, &target), &target);
    let honest = previous.gain(&honest_growth(&previous, &target), &target);
    println!(
        "previous default: hyperactive newcomer {alone:.1} / {with_bots:.1} / {with_low_users:.1}; sybil rings of \
         10/100/1,000 {:+.1}/{:+.1}/{:+.1}; farms {new_farm:+.2} and {ordinary_farm:+.2} against {three:+.2} \
         for three likes; spam {spam:+.2}; honest growth {honest:+.1}",
        rings[0], rings[1], rings[2]
    );
    assert_eq!(alone, 1.0);
    claimed("previous: newcomer liked back by the least influential users", with_low_users, PREV_NEWCOMER_LOW);
    for (gain, readme) in rings.iter().zip(PREV_RINGS) {
        claimed("previous: sybil ring", *gain, readme);
    }
    claimed("previous: an ordinary account's 10,000 likes", ordinary_farm, PREV_ORDINARY_FARM);
    claimed("previous: honest growth", honest, PREV_HONEST);
}

/// The same attacks under the engaged teleport (every user someone reacted
/// to holds a full share) with PageRank alone, the default before the
/// established one: a
/// hyperactive newcomer liked back by low-influence users and a sybil ring
/// climb high, which is why it is no longer the default. With a
/// `credibility` exponent the newcomer stays low, but a reactor's
/// influence then no longer grows smoothly with the reactions it receives.
#[test]
fn engaged_teleport_for_comparison() {
    let engaged = World::new(ScoreConfig::default().teleport(Teleport::Engaged).volume_weight(0.0));
    let target = engaged.target().to_string();
    let (alone, with_bots, with_low_users) = newcomer(&engaged);
    let rings = [10, 100, 1000].map(|size| engaged.gain(&sybil_ring(size, &target, engaged.now), &target));
    let (new_farm, ordinary_farm, three) = farms(&engaged);
    let spam = engaged.gain(&spam(&engaged, &target), &target);
    let honest = engaged.gain(&honest_growth(&engaged, &target), &target);
    println!(
        "engaged: hyperactive newcomer {alone:.1} / {with_bots:.1} / {with_low_users:.1}; sybil rings of \
         10/100/1,000 {:+.1}/{:+.1}/{:+.1}; farms {new_farm:+.2} and {ordinary_farm:+.2} against {three:+.2} \
         for three likes; spam {spam:+.2}; honest growth {honest:+.1}",
        rings[0], rings[1], rings[2]
    );
    assert_eq!(alone, 1.0);
    claimed("engaged: newcomer liked back by follow-back accounts", with_bots, 1.1);
    claimed("engaged: newcomer liked back by the least influential users", with_low_users, 83.2);
    for (gain, readme) in rings.iter().zip([21.1, 52.9, 61.5]) {
        claimed("engaged: sybil ring", *gain, readme);
    }
    claimed("engaged: a new account's 10,000 likes", new_farm, 0.0);
    claimed("engaged: an ordinary account's 10,000 likes", ordinary_farm, 1.45);
    claimed("engaged: three ordinary users liking once", three, 3.48);
    claimed("engaged: spam followers", spam, 0.0);
    claimed("engaged: honest growth", honest, 60.8);

    let credible = World::new(ScoreConfig::default().teleport(Teleport::Engaged).volume_weight(0.0).credibility(3.0));
    let (alone, with_bots, with_low_users) = newcomer(&credible);
    let (new_farm, ordinary_farm, three) = farms(&credible);
    let target = credible.target().to_string();
    let honest = credible.gain(&honest_growth(&credible, &target), &target);
    println!(
        "engaged, credibility 3: newcomer {alone:.1} / {with_bots:.1} / {with_low_users:.1}; farms \
         {new_farm:+.2} and {ordinary_farm:+.2} against {three:+.2} for three likes; honest growth {honest:+.1}"
    );
    claimed("credibility 3: newcomer liked back by follow-back accounts", with_bots, 1.0);
    claimed("credibility 3: newcomer liked back by the least influential users", with_low_users, 28.8);
    claimed("credibility 3: a new account's 10,000 likes", new_farm, 0.0);
    claimed("credibility 3: an ordinary account's 10,000 likes", ordinary_farm, 0.12);
    claimed("credibility 3: three ordinary users liking once", three, 0.73);
    claimed("credibility 3: honest growth", honest, 58.8);
}

/// The attacks on a population shaped like real Twitter data
/// (`PopulationShape::Broadcast`: a passive majority, heavy-tailed
/// attention; VALIDITY.md compares it with Higgs): rings and farms gain
/// nothing, dead accounts move nobody, 50 of the top users gain the target
/// more than any attack.
#[test]
fn broadcast_population_resists_the_attacks() {
    use influence::generate::{PopulationShape, SocialConfig};
    let records = SocialConfig::default()
        .users(6_000)
        .days(14)
        .networks([Network::Twitter])
        .shape(PopulationShape::Broadcast)
        .seed(5)
        .interactions()
        .unwrap();
    let world = World::from_records(ScoreConfig::default(), records, Vec::new());
    // The median user above the floor.
    let model = ScoreModel::builder(world.config.clone()).as_of(world.now).build(&world.records).unwrap();
    let holders: Vec<&String> = world.ranked.iter().filter(|u| model.raw_score(u).unwrap() > 0.0).collect();
    assert!(holders.len() >= 50, "{} users hold influence", holders.len());
    let target = holders[holders.len() / 2].clone();
    let react_now =
        |a: &str, t: &str, kind| Interaction::new(a, t).kind(kind).network(Network::Twitter).time(world.now);
    for size in [10, 100, 1000] {
        let gain = world.gain(&sybil_ring(size, &target, world.now), &target);
        assert!(gain.abs() < 1e-9, "ring of {size}: {gain}");
    }
    let farm: Vec<Interaction> = (0..10_000).map(|_| react_now("farm", &target, InteractionKind::Like)).collect();
    assert_eq!(world.gain(&farm, &target), 0.0);
    let dead: Vec<Interaction> = (0..10_000)
        .map(|i| react_now(&format!("dead{i}"), holders[i % holders.len()], InteractionKind::Follow))
        .collect();
    let before = model.scores(&world.calibration).unwrap();
    let mut grown = world.records.clone();
    grown.extend_from_slice(&dead);
    let after = ScoreModel::builder(world.config.clone()).as_of(world.now).build(&grown).unwrap();
    for s in &before {
        let moved = (after.score(&world.calibration, &s.user).unwrap().score - s.score).abs();
        assert!(moved <= 0.5, "{}: {moved}", s.user);
    }
    let honest: Vec<Interaction> = holders
        .iter()
        .take(500)
        .filter(|u| ***u != target)
        .step_by(10)
        .take(50)
        .map(|u| react_now(u, &target, InteractionKind::Reshare))
        .collect();
    let honest = world.gain(&honest, &target);
    println!("broadcast population: 50 of the top users resharing the median holder once: {honest:+.1} points");
    assert!(honest > 5.0, "{honest}");
}

/// The volume weights the default was chosen between (VALIDITY.md, "How the
/// default was chosen"): they predict alike, and the attacks decided. At 0.3
/// one account's farm beats three other users liking once; at 0.8 honest
/// growth gains least. The default, 0.5, is checked by the tests above.
#[test]
fn volume_weights_the_default_was_chosen_between() {
    for (weight, newcomer_low, ordinary_farm, three_likes, honest_growth) in
        [(0.3, 63.1, 4.44, 3.62, 56.5), (0.8, 61.3, 2.64, 2.88, 39.7)]
    {
        let world = World::new(ScoreConfig::default().volume_weight(weight));
        let target = world.target().to_string();
        let (_, _, with_low_users) = newcomer(&world);
        let (_, ordinary, three) = farms(&world);
        let honest = world.gain(&self::honest_growth(&world, &target), &target);
        println!(
            "volume weight {weight}: newcomer {with_low_users:.1}, ordinary farm {ordinary:+.2} against \
             {three:+.2} for three likes, honest growth {honest:+.1}"
        );
        claimed(&format!("volume {weight}: newcomer"), with_low_users, newcomer_low);
        claimed(&format!("volume {weight}: ordinary farm"), ordinary, ordinary_farm);
        claimed(&format!("volume {weight}: three likes"), three, three_likes);
        claimed(&format!("volume {weight}: honest growth"), honest, honest_growth);
    }
}
