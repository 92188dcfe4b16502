//! The broadcast population shape (`PopulationShape::Broadcast`) through the
//! public API: determinism (per seed and per thread count), the statistics
//! that make it look like real Twitter activity (a passive majority, the
//! share of the top account, a heavy tail, kinds, reciprocity, repeated
//! pairs, bursts) within stated ranges, its user facts, and proptest
//! invariants over small populations. `scripts/population-stats` and
//! VALIDITY.md compare it with the real data at full size.

use std::collections::{HashMap, HashSet};

use influence::generate::{PopulationShape, SocialConfig};
use influence::{GraphBuilder, Interaction, InteractionKind, Network, PageRankConfig};
use proptest::prelude::*;

fn broadcast() -> SocialConfig {
    SocialConfig::default().shape(PopulationShape::Broadcast)
}

fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(f)
}

/// What `scripts/population-stats` measures, for the tests' ranges.
#[derive(Debug)]
struct Stats {
    /// Distinct users in the records.
    users: usize,
    /// Reactions: records whose actor and target differ.
    reactions: usize,
    /// The share of users never reacted to.
    passive: f64,
    /// The share of all reactions received by the top account, the top 1 %
    /// and the top 10 % of users.
    top: f64,
    top_1pct: f64,
    top_10pct: f64,
    /// Reactions received per reacted user, descending.
    received: Vec<usize>,
    /// The share of reacted pairs whose reverse occurs.
    reciprocity: f64,
    /// The share of reacted pairs with two or more reactions.
    repeated: f64,
    /// The share of reactions of each kind.
    kinds: HashMap<InteractionKind, f64>,
    /// The busiest hour's share of all reactions.
    peak_hour: f64,
}

fn stats(records: &[Interaction]) -> Stats {
    let mut users = HashSet::new();
    let mut received: HashMap<&str, usize> = HashMap::new();
    let mut pairs: HashMap<(&str, &str), usize> = HashMap::new();
    let mut kinds: HashMap<InteractionKind, usize> = HashMap::new();
    let mut hours: HashMap<i64, usize> = HashMap::new();
    let mut reactions = 0;
    for i in records {
        users.insert(i.actor.as_str());
        users.insert(i.target.as_str());
        if i.actor == i.target {
            continue;
        }
        reactions += 1;
        *received.entry(&i.target).or_default() += 1;
        *pairs.entry((&i.actor, &i.target)).or_default() += 1;
        *kinds.entry(i.kind.clone().unwrap()).or_default() += 1;
        *hours.entry(i.time.unwrap() / 3600).or_default() += 1;
    }
    let n = users.len();
    let mut ranked: Vec<usize> = received.values().copied().collect();
    ranked.sort_unstable_by(|a, b| b.cmp(a));
    let share = |k: usize| ranked.iter().take(k.max(1)).sum::<usize>() as f64 / reactions as f64;
    let reciprocated = pairs.keys().filter(|&&(a, b)| pairs.contains_key(&(b, a))).count();
    Stats {
        users: n,
        reactions,
        passive: 1.0 - received.len() as f64 / n as f64,
        top: share(1),
        top_1pct: share(n / 100),
        top_10pct: share(n / 10),
        reciprocity: reciprocated as f64 / pairs.len() as f64,
        repeated: pairs.values().filter(|&&c| c > 1).count() as f64 / pairs.len() as f64,
        kinds: kinds.into_iter().map(|(k, c)| (k, c as f64 / reactions as f64)).collect(),
        peak_hour: *hours.values().max().unwrap() as f64 / reactions as f64,
        received: ranked,
    }
}

/// The maximum-likelihood exponent of a power law fitted to the values of
/// at least `xmin` (the discrete approximation of Clauset, Shalizi & Newman,
/// SIAM Review 51(4), 2009, eq. 3.7).
fn power_law_exponent(values: &[usize], xmin: usize) -> f64 {
    let tail: Vec<f64> = values.iter().filter(|&&x| x >= xmin).map(|&x| x as f64).collect();
    let denominator: f64 = tail.iter().map(|x| (x / (xmin as f64 - 0.5)).ln()).sum();
    1.0 + tail.len() as f64 / denominator
}

#[test]
fn the_default_shape_is_communities() {
    assert_eq!(PopulationShape::default(), PopulationShape::Communities);
    let small = SocialConfig::default().users(200).days(10);
    assert_eq!(small, small.clone().shape(PopulationShape::Communities));
    assert_eq!(
        small.interactions().unwrap(),
        small.clone().shape(PopulationShape::Communities).interactions().unwrap()
    );
    assert_ne!(small.interactions().unwrap(), small.clone().shape(PopulationShape::Broadcast).interactions().unwrap());
}

#[test]
fn broadcast_is_deterministic_per_seed() {
    let config = broadcast().users(500).days(10);
    let a = config.interactions().unwrap();
    assert_eq!(a.len(), 1500);
    assert_eq!(a, config.interactions().unwrap());
    assert_ne!(a, config.clone().seed(2).interactions().unwrap());
    assert_eq!(config.facts().unwrap(), config.facts().unwrap());
}

#[test]
fn broadcast_is_the_same_on_one_thread_and_on_many() {
    // 18,000 reactions span five chunks of generation.
    let config = broadcast().users(2_000).days(30);
    let one = on_threads(1, || (config.interactions().unwrap(), config.facts().unwrap()));
    let many = on_threads(4, || (config.interactions().unwrap(), config.facts().unwrap()));
    assert!(one == many);
}

#[test]
fn broadcast_at_the_defaults_has_a_passive_majority_and_a_heavy_tail() {
    for seed in 1..=3 {
        let config = broadcast().users(10_000).seed(seed);
        let records = config.interactions().unwrap();
        assert_eq!(records.len(), 270_000);
        let s = stats(&records);
        let what = format!("seed {seed}: {s:?}");
        assert_eq!(s.reactions, records.len(), "no self-interactions; {what}");
        assert!(s.users > 9_900, "{what}");
        // A passive majority: about 19 % of users broadcast, so at the
        // default rate (27 reactions per user) about 81 % are never reacted to.
        assert!((0.76..0.86).contains(&s.passive), "passive {}; {what}", s.passive);
        // The top account receives several percent of all reactions.
        assert!((0.03..0.25).contains(&s.top), "top {}; {what}", s.top);
        assert!((0.5..0.8).contains(&s.top_1pct), "top 1 % {}; {what}", s.top_1pct);
        assert!(s.top_10pct > 0.88, "top 10 % {}; {what}", s.top_10pct);
        // Heavy-tailed: the busiest accounts receive hundreds of times the
        // median, and the tail follows a power law with an exponent near 2.
        let median = s.received[s.received.len() / 2];
        assert!(s.received[0] > 200 * median, "max {} median {median}; {what}", s.received[0]);
        let alpha = power_law_exponent(&s.received, 100);
        assert!((1.7..2.3).contains(&alpha), "exponent {alpha}; {what}");
        assert!((0.02..0.07).contains(&s.reciprocity), "reciprocity {}; {what}", s.reciprocity);
        // Bursts: the busiest hour of 2,160 holds far more than 1/2,160 of the reactions.
        assert!(s.peak_hour > 0.005, "peak hour {}; {what}", s.peak_hour);
    }
}

#[test]
fn broadcast_at_the_density_of_real_twitter_data_has_its_shape() {
    // SNAP higgs-twitter's first four days hold 1.2 reactions per user of
    // a population of this shape; VALIDITY.md compares the full size.
    for seed in 1..=3 {
        let config = broadcast().users(50_000).days(4).networks([Network::Twitter]).seed(seed);
        let records = config.interactions().unwrap();
        assert_eq!(records.len(), 60_000);
        let s = stats(&records);
        let what = format!("seed {seed}: {s:?}");
        // Many users neither react nor are reacted to within four days.
        assert!((25_000..36_000).contains(&s.users), "{what}");
        assert!((0.76..0.86).contains(&s.passive), "passive {}; {what}", s.passive);
        assert!((0.05..0.15).contains(&s.top), "top {}; {what}", s.top);
        assert!((0.6..0.8).contains(&s.top_1pct), "top 1 % {}; {what}", s.top_1pct);
        assert!((0.02..0.05).contains(&s.reciprocity), "reciprocity {}; {what}", s.reciprocity);
        assert!((0.09..0.18).contains(&s.repeated), "repeated {}; {what}", s.repeated);
        // Higgs: 65.1 % retweets, 28.6 % mentions, 6.2 % replies.
        let kind = |k: InteractionKind| s.kinds.get(&k).copied().unwrap_or(0.0);
        assert!((0.62..0.69).contains(&kind(InteractionKind::Reshare)), "{what}");
        assert!((0.25..0.32).contains(&kind(InteractionKind::Mention)), "{what}");
        assert!((0.05..0.08).contains(&kind(InteractionKind::Reply)), "{what}");
        assert!(s.kinds.len() == 3, "{what}");
        assert!(s.peak_hour > 0.05, "peak hour {}; {what}", s.peak_hour);
    }
}

#[test]
fn a_reply_on_twitter_comes_with_a_mention_in_the_same_second() {
    let records =
        broadcast().users(5_000).days(4).networks([Network::Twitter, Network::Facebook]).interactions().unwrap();
    let key = |i: &Interaction| (i.actor.clone(), i.target.clone(), i.time, i.network.clone());
    let mentions: HashSet<_> = records.iter().filter(|i| i.kind == Some(InteractionKind::Mention)).map(key).collect();
    let replies: Vec<&Interaction> = records.iter().filter(|i| i.kind == Some(InteractionKind::Reply)).collect();
    assert!(replies.len() > 100);
    // The last record may be a reply whose mention fell beyond the count.
    let unmatched = replies.iter().filter(|i| !mentions.contains(&key(i))).count();
    assert!(unmatched <= 1, "{unmatched} replies without their mention");
    assert!(replies.iter().all(|i| i.network == Some(Network::Twitter)), "Facebook has no replies");
}

#[test]
fn broadcast_graphs_rank_and_passive_users_are_never_reacted_to() {
    let config = broadcast().users(5_000).days(30);
    let records = config.interactions().unwrap();
    let mut builder = GraphBuilder::default();
    builder.add_interactions(&records).unwrap();
    let graph = builder.build().unwrap();
    assert_eq!(graph.stats().self_loops_dropped, 0);
    let ranking = PageRankConfig::default().run(&graph).unwrap();
    assert!(ranking.converged());
    // Who reacts back is a broadcaster: the users reacted to are the same
    // few whatever the rate.
    let reacted = |records: &[Interaction]| records.iter().map(|i| i.target.clone()).collect::<HashSet<_>>();
    let more = config.clone().reactions_per_user_per_day(1.0).interactions().unwrap();
    let (few, many) = (reacted(&records), reacted(&more));
    assert!(many.len() < 5_000 / 4, "{} users reacted to at 30 reactions per user", many.len());
    assert!(few.len() <= many.len());
}

#[test]
fn broadcast_facts_follow_attention() {
    let config = broadcast().users(3_000).days(30).seed(7);
    let facts = config.facts().unwrap();
    let records = config.interactions().unwrap();
    let mut received: HashMap<(&str, &Network), u64> = HashMap::new();
    for i in &records {
        *received.entry((&i.target, i.network.as_ref().unwrap())).or_default() += 1;
    }
    let users: HashSet<&str> = facts.iter().map(|f| f.user.as_str()).collect();
    assert_eq!(users.len(), 3_000, "every user is on at least one network");
    let mut reacted_audience = Vec::new();
    let mut passive_audience = Vec::new();
    for f in &facts {
        match received.get(&(f.user.as_str(), &f.network)) {
            Some(_) => {
                assert!(f.posts >= Some(1), "{f:?} was reacted to and posted nothing");
                reacted_audience.push(f.audience.unwrap());
            }
            None => passive_audience.push(f.audience.unwrap()),
        }
    }
    // Those reacted to have audiences; most of the others only the base (0 to 19).
    reacted_audience.sort_unstable();
    passive_audience.sort_unstable();
    assert!(passive_audience[passive_audience.len() / 2] < 20);
    assert!(reacted_audience[reacted_audience.len() * 9 / 10] > 100, "{reacted_audience:?}");
}

/// `u` and a decimal number from 1 to `users`, zero-padded to the width of
/// `users` (at least 4).
fn well_formed(id: &str, users: u32) -> bool {
    let width = users.to_string().len().max(4);
    id.len() == width + 1
        && id.starts_with('u')
        && id[1..].bytes().all(|b| b.is_ascii_digit())
        && id[1..].parse::<u32>().is_ok_and(|i| (1..=users).contains(&i))
}

fn networks() -> impl Strategy<Value = Vec<Network>> {
    let all = [Network::Twitter, Network::Facebook, Network::LinkedIn, Network::Instagram, Network::Wikipedia];
    proptest::sample::subsequence(all.to_vec(), 1..=3)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn broadcast_records_keep_the_invariants(
        users in 2u32..400,
        days in 1u32..40,
        rate in 0.0f64..2.0,
        seed in 0u64..1_000,
        networks in networks(),
        start in -1_000_000i64..2_000_000_000,
    ) {
        let config = broadcast().users(users).days(days).reactions_per_user_per_day(rate).seed(seed)
            .networks(networks.clone()).start_time(start);
        let records = config.interactions().unwrap();
        prop_assert_eq!(records.len() as u64, config.interaction_count());
        let end = start + i64::from(days) * 86_400;
        for i in &records {
            prop_assert!(i.actor != i.target, "a self-interaction: {:?}", i);
            prop_assert!(well_formed(&i.actor, users) && well_formed(&i.target, users), "{:?}", i);
            let time = i.time.unwrap();
            prop_assert!((start..end).contains(&time), "{:?} outside [{start}, {end})", i);
            prop_assert!(networks.contains(i.network.as_ref().unwrap()), "{:?}", i);
            prop_assert!(i.weight.is_none());
            prop_assert_eq!(i.kind == Some(InteractionKind::Follow), i.topic.is_none(), "{:?}", i);
        }
        prop_assert!(records.windows(2).all(|w| w[0].time <= w[1].time), "sorted by time");
        prop_assert_eq!(&records, &config.interactions().unwrap());
    }

    #[test]
    fn broadcast_facts_cover_every_user(users in 1u32..200, seed in 0u64..1_000, networks in networks()) {
        let config = broadcast().users(users).days(5).seed(seed).networks(networks);
        let facts = config.facts().unwrap();
        let covered: HashSet<&str> = facts.iter().map(|f| f.user.as_str()).collect();
        prop_assert_eq!(covered.len(), users as usize);
        let on: HashSet<(String, Network)> = facts.iter().map(|f| (f.user.clone(), f.network.clone())).collect();
        for i in config.interactions().unwrap() {
            let key = (i.target.clone(), i.network.clone().unwrap());
            prop_assert!(on.contains(&key), "{:?}: the target is not on the network", i);
        }
    }
}

#[test]
fn a_population_of_one_reacts_to_itself_only() {
    let records = broadcast().users(1).days(3).interactions().unwrap();
    assert!(!records.is_empty());
    assert!(records.iter().all(|i| i.actor == "u0001" && i.target == "u0001"));
}

/// `influence generate social --shape broadcast --days D --networks ...`
/// writes the library's records.
#[cfg(feature = "cli")]
#[test]
fn the_cli_generates_the_broadcast_shape() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_influence"))
        .args(["generate", "social", "--shape", "broadcast", "--users", "300", "--days", "4"])
        .args(["--networks", "twitter,facebook", "--seed", "3"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let config = broadcast().users(300).days(4).networks([Network::Twitter, Network::Facebook]).seed(3);
    let mut expected = Vec::new();
    influence::io::write_interactions_csv(&config.interactions().unwrap(), &mut expected).unwrap();
    assert!(output.stdout == expected, "the CLI's records differ from the library's");
}
