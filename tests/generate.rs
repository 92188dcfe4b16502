//! The synthetic generators through the public API: determinism (per seed
//! and per thread count), the documented sizes, skewed degrees, validation,
//! the social model's properties (topics and user facts included), and the
//! committed samples `examples/data/social.csv` and
//! `examples/data/social-facts.csv`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use influence::generate::{RmatConfig, SocialConfig, numbered_graph, preferential_attachment};
use influence::{ErrorKind, GraphBuilder, GraphConfig, Interaction, InteractionKind, Network, UserFacts};

/// The committed sample, relative to the crate root.
const SAMPLE: &str = "examples/data/social.csv";
/// The committed facts of the sample's users, relative to the crate root.
const FACTS_SAMPLE: &str = "examples/data/social-facts.csv";

/// The configuration that produced the committed sample.
fn sample_config() -> SocialConfig {
    SocialConfig::default()
}

/// Interaction CSV as `influence::io` writes it: header
/// `actor,target,kind,network,time,weight,topic`, `\n` line ends, an empty
/// cell for a missing value, time in Unix seconds.
fn to_csv(interactions: &[Interaction]) -> String {
    let mut out = String::from("actor,target,kind,network,time,weight,topic\n");
    for i in interactions {
        let topic = i.topic.as_deref().unwrap_or_default();
        for field in [&i.actor, &i.target, topic] {
            assert!(!field.contains([',', '"', '\n', '\r']), "{field:?} would need quoting");
        }
        let kind = i.kind.as_ref().map(|k| k.name()).unwrap_or_default();
        let network = i.network.as_ref().map(|n| n.name()).unwrap_or_default();
        let time = i.time.map(|t| t.to_string()).unwrap_or_default();
        let weight = i.weight.map(|w| w.to_string()).unwrap_or_default();
        writeln!(out, "{},{},{kind},{network},{time},{weight},{topic}", i.actor, i.target).unwrap();
    }
    out
}

/// User facts CSV as `influence::io::write_facts_csv` writes it: header
/// `user,network,posts,audience`, `\n` line ends, an empty cell for a
/// missing value.
fn facts_to_csv(facts: &[UserFacts]) -> String {
    let mut out = String::from("user,network,posts,audience\n");
    for f in facts {
        assert!(!f.user.contains([',', '"', '\n', '\r']), "{:?} would need quoting", f.user);
        let posts = f.posts.map(|n| n.to_string()).unwrap_or_default();
        let audience = f.audience.map(|n| n.to_string()).unwrap_or_default();
        writeln!(out, "{},{},{posts},{audience}", f.user, f.network).unwrap();
    }
    out
}

fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(f)
}

#[test]
fn rmat_is_deterministic_per_seed() {
    let config = RmatConfig::default().scale(10).edge_factor(8);
    let a = config.edges().unwrap();
    assert_eq!(a, config.edges().unwrap());
    assert_ne!(a, config.clone().seed(2).edges().unwrap());
    assert_ne!(a, config.clone().permute(false).edges().unwrap());
}

/// FNV-1a over every edge's source, target and weight bits, in order.
fn fingerprint(edges: &[(u32, u32, f64)]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &(u, v, w) in edges {
        for byte in u.to_le_bytes().into_iter().chain(v.to_le_bytes()).chain(w.to_bits().to_le_bytes()) {
            h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The generated graphs are pinned: a change to the generator that moves
/// any edge (its draws, its relabelling, their order) fails here, so that
/// figures recorded for a seed stay reproducible.
#[test]
fn rmat_edges_are_pinned() {
    let edges = |permute: bool, weighted: bool| {
        RmatConfig::default().scale(12).seed(1).permute(permute).weighted(weighted).edges().unwrap()
    };
    let permuted = edges(true, true);
    assert_eq!(permuted.len(), 65_536);
    assert_eq!(&permuted[..3], &PINNED_FIRST_EDGES);
    assert_eq!(fingerprint(&permuted), PINNED_WEIGHTED);
    assert_eq!(fingerprint(&edges(true, false)), PINNED_UNWEIGHTED);
    assert_eq!(fingerprint(&edges(false, false)), PINNED_NOT_PERMUTED);
}

const PINNED_FIRST_EDGES: [(u32, u32, f64); 3] = [(2918, 2522, 9.0), (3417, 64, 7.0), (669, 3991, 10.0)];
const PINNED_WEIGHTED: u64 = 12_685_541_824_909_697_024;
const PINNED_UNWEIGHTED: u64 = 945_749_338_726_420_103;
const PINNED_NOT_PERMUTED: u64 = 13_144_522_407_224_352_788;

#[test]
fn rmat_has_the_documented_sizes() {
    for (scale, factor) in [(1, 1), (4, 3), (9, 16)] {
        let config = RmatConfig::default().scale(scale).edge_factor(factor);
        let n = 1usize << scale;
        let edges = config.edges().unwrap();
        assert_eq!(edges.len(), n * factor as usize);
        assert_eq!(config.edge_count(), edges.len() as u64);
        assert!(edges.iter().all(|&(u, v, w)| (u as usize) < n && (v as usize) < n && w == 1.0));
        let g = config.build().unwrap();
        assert_eq!(g.user_count(), n, "every user, isolated ones too");
        assert_eq!(g.user_id(n as u32 - 1), Some((n - 1).to_string().as_str()));
        let s = g.stats();
        assert_eq!(s.interactions, edges.len() as u64);
        assert_eq!(s.edges as u64 + s.merged + s.self_loops_dropped, s.interactions);
        assert!(!g.combined().is_weighted(), "unweighted duplicates merge to weight 1");
        assert_eq!(s.layers, 0);
    }
}

#[test]
fn rmat_weights_are_integers_from_1_to_10_on_the_same_edges() {
    let plain = RmatConfig::default().scale(12).edges().unwrap();
    let weighted = RmatConfig::default().scale(12).weighted(true).edges().unwrap();
    let mut seen = HashSet::new();
    for (p, w) in plain.iter().zip(&weighted) {
        assert_eq!((p.0, p.1), (w.0, w.1));
        assert!(w.2.fract() == 0.0 && (1.0..=10.0).contains(&w.2));
        seen.insert(w.2 as u32);
    }
    assert_eq!(seen.len(), 10);
    let g = RmatConfig::default().scale(12).weighted(true).build().unwrap();
    assert!(g.combined().is_weighted());
}

#[test]
fn rmat_degrees_are_skewed() {
    let g = RmatConfig::default().scale(12).build().unwrap();
    let layer = g.combined();
    let n = g.user_count() as u32;
    let max_in = (0..n).map(|v| layer.in_degree(v)).max().unwrap();
    let mean_in = g.edge_count() as f64 / f64::from(n);
    assert!(max_in as f64 > 20.0 * mean_in, "max in-degree {max_in}, mean {mean_in}");
    // Graph500 graphs leave many users without any edge.
    let isolated = (0..n).filter(|&v| layer.in_degree(v) == 0 && layer.out_weight(v) == 0.0).count();
    assert!(isolated > 0);
}

#[test]
fn rmat_is_the_same_on_one_thread_and_on_many() {
    // Scale 14 at edge factor 16 spans four chunks of generation.
    let config = RmatConfig::default().scale(14).weighted(true);
    let one = on_threads(1, || config.edges().unwrap());
    let many = on_threads(4, || config.edges().unwrap());
    assert!(one == many);
}

/// Asserts that two graphs are the same bit for bit: ids, statistics and
/// every array of the combined layer.
fn assert_same_graph(a: &influence::InfluenceGraph, b: &influence::InfluenceGraph, what: &str) {
    assert_eq!(a.stats(), b.stats(), "{what}");
    assert!(a.user_ids().eq(b.user_ids()), "{what}: ids");
    let (a, b) = (a.combined(), b.combined());
    assert_eq!(a.offsets(), b.offsets(), "{what}: offsets");
    assert_eq!(a.sources(), b.sources(), "{what}: sources");
    let weight_bits = |x: influence::EdgeWeights| x.iter().map(|w| w.to_bits()).collect::<Vec<_>>();
    assert_eq!(a.weights().map(weight_bits), b.weights().map(weight_bits), "{what}: weights");
    let bits = |x: &[f64]| x.iter().map(|w| w.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(a.out_weights()), bits(b.out_weights()), "{what}: out-weights");
}

#[test]
fn rmat_build_streams_the_graph_of_its_edges() {
    // One chunk, a part of one, several with a short last one (scale 14 at
    // edge factor 9: 2.25 chunks of 2^16), and exactly four; windows of
    // one, two and three chunks.
    let configs = [
        RmatConfig::default().scale(1).edge_factor(1),
        RmatConfig::default().scale(7).edge_factor(3),
        RmatConfig::default().scale(14).edge_factor(9),
        RmatConfig::default().scale(14),
        RmatConfig::default().scale(9).probabilities(0.25, 0.25, 0.25).seed(11),
    ];
    for config in configs {
        for weighted in [false, true] {
            for permute in [true, false] {
                let config = config.clone().weighted(weighted).permute(permute);
                let expected = config.build_from_edges(&config.edges().unwrap()).unwrap();
                for threads in [1, 2, 3] {
                    let streamed = on_threads(threads, || config.build().unwrap());
                    assert_same_graph(&streamed, &expected, &format!("{config:?} on {threads} threads"));
                }
            }
        }
    }
}

#[test]
fn rmat_add_to_feeds_an_empty_builder_only() {
    let config = RmatConfig::default().scale(6);
    let mut builder = GraphBuilder::new(config.graph_config()).unwrap();
    builder.add_user("someone").unwrap();
    let err = config.add_to(&mut builder).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidConfig { parameter: "builder", .. }), "{err}");
    // The builder's limits apply to the streamed edges.
    let limited = config.graph_config().limits(influence::Limits::default().max_edges(100));
    let err = config.add_to(&mut GraphBuilder::new(limited).unwrap()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooLarge { what: influence::Counted::Edges, .. }), "{err}");
    assert!(config.clone().scale(0).add_to(&mut GraphBuilder::default()).is_err());
}

#[test]
fn rmat_rejects_invalid_settings() {
    let bad = [
        RmatConfig::default().scale(0),
        RmatConfig::default().scale(32),
        RmatConfig::default().edge_factor(0),
        RmatConfig::default().probabilities(-0.1, 0.2, 0.2),
        RmatConfig::default().probabilities(0.5, 0.3, 0.3),
        RmatConfig::default().probabilities(f64::NAN, 0.2, 0.2),
        RmatConfig::default().probabilities(0.5, f64::INFINITY, 0.2),
    ];
    for config in bad {
        let err = config.edges().unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidConfig { .. }), "{config:?}: {err}");
        assert!(config.build().is_err());
    }
    assert!(RmatConfig::default().probabilities(1.0, 0.0, 0.0).validate().is_ok());
    assert!(RmatConfig::default().probabilities(0.7, 0.2, 0.1).validate().is_ok(), "rounds just above 1");
    // 2^31 users at edge factor 2^32 − 1 edges cannot be addressed.
    assert!(RmatConfig::default().scale(31).edge_factor(u32::MAX).validate().is_err());
}

#[test]
fn preferential_attachment_has_the_documented_shape() {
    let edges = preferential_attachment(2000, 4, 9).unwrap();
    assert_eq!(edges.len(), 2000 * 4 - 10);
    assert_eq!(edges, preferential_attachment(2000, 4, 9).unwrap());
    assert_ne!(edges, preferential_attachment(2000, 4, 10).unwrap());
    assert!(edges.iter().all(|&(u, v)| v < u));
    assert_eq!(edges.iter().collect::<HashSet<_>>().len(), edges.len(), "no duplicates");
    let g = numbered_graph(2000, edges.iter().map(|&(u, v)| (u, v, 1.0)), GraphConfig::default()).unwrap();
    let max_in = (0..2000).map(|v| g.combined().in_degree(v)).max().unwrap();
    assert!(max_in > 40, "max in-degree {max_in} for a mean of 4");
    assert!(preferential_attachment(10, 0, 1).is_err());
    assert!(preferential_attachment(0, 3, 1).unwrap().is_empty());
}

#[test]
fn numbered_graph_rejects_unknown_indices() {
    assert!(numbered_graph(2, [(0, 2, 1.0)], GraphConfig::default()).is_err());
    assert!(numbered_graph(0, [], GraphConfig::default()).is_err());
    assert!(numbered_graph(2, [(0, 1, f64::NAN)], GraphConfig::default()).is_err());
}

#[test]
fn social_is_deterministic_per_seed() {
    let config = SocialConfig::default().users(300).days(20);
    let a = config.interactions().unwrap();
    assert_eq!(a.len(), 1800);
    assert_eq!(a, config.interactions().unwrap());
    assert_ne!(a, config.clone().seed(2).interactions().unwrap());
}

#[test]
fn social_is_the_same_on_one_thread_and_on_many() {
    // 9,000 reactions span three chunks of generation.
    let config = SocialConfig::default().days(30);
    let one = on_threads(1, || config.interactions().unwrap());
    let many = on_threads(4, || config.interactions().unwrap());
    assert!(one == many);
}

#[test]
fn social_rejects_invalid_settings() {
    let bad = [
        SocialConfig::default().users(0),
        SocialConfig::default().users(u32::MAX),
        SocialConfig::default().days(0),
        SocialConfig::default().days(36_501),
        SocialConfig::default().networks([]),
        SocialConfig::default().networks([Network::Facebook, Network::LinkedIn, Network::Facebook]),
        SocialConfig::default().networks((0..65).map(|i| Network::Other(format!("n{i}")))),
        SocialConfig::default().reactions_per_user_per_day(-1.0),
        SocialConfig::default().reactions_per_user_per_day(f64::INFINITY),
        SocialConfig::default().start_time(i64::MAX - 86_400),
    ];
    for config in bad {
        let err = config.interactions().unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidConfig { .. }), "{err}");
    }
    assert!(SocialConfig::default().reactions_per_user_per_day(0.0).interactions().unwrap().is_empty());
}

#[test]
fn the_social_sample_has_the_documented_properties() {
    let config = sample_config();
    let records = config.interactions().unwrap();
    assert_eq!(records.len(), 27_000);
    let start = SocialConfig::DEFAULT_START_TIME;
    let end = start + 90 * 86_400;
    let mut networks = HashSet::new();
    let mut self_interacting = HashSet::new();
    let mut kinds_by_network: HashMap<Network, HashSet<InteractionKind>> = HashMap::new();
    for i in &records {
        let (kind, network, time) = (i.kind.clone().unwrap(), i.network.clone().unwrap(), i.time.unwrap());
        assert!((start..end).contains(&time), "{i:?}");
        assert_eq!(i.weight, None);
        networks.insert(network.clone());
        kinds_by_network.entry(network).or_default().insert(kind);
        if i.actor == i.target {
            self_interacting.insert(i.actor.clone());
        }
    }
    assert!(records.windows(2).all(|w| w[0].time <= w[1].time), "sorted by time");
    assert_eq!(networks.len(), 4);
    let facebook = &kinds_by_network[&Network::Facebook];
    assert!(!facebook.contains(&InteractionKind::Follow) && !facebook.contains(&InteractionKind::Mention));
    assert_eq!(kinds_by_network[&Network::Twitter].len(), 5);
    // Self-interactions are the loners' (about 1 % of users) and only theirs:
    // nobody else reacts to a loner, and a loner reacts to nobody else.
    let self_loops = records.iter().filter(|i| i.actor == i.target).count();
    assert!(self_loops > 0 && self_loops < records.len() / 50, "{self_loops} self-interactions");
    assert!((3..=30).contains(&self_interacting.len()), "{} loners", self_interacting.len());
    for i in records.iter().filter(|i| i.actor != i.target) {
        assert!(!self_interacting.contains(&i.actor) && !self_interacting.contains(&i.target), "{i:?}");
    }

    let mut builder = GraphBuilder::default();
    builder.add_interactions(&records).unwrap();
    let g = builder.build().unwrap();
    let s = g.stats();
    assert!(s.users > 950 && s.users <= 1000, "{} users", s.users);
    assert_eq!(s.self_loops_dropped as usize, self_loops);
    assert_eq!(s.layers, 4);
    // Lurkers (about 10 %) and loners react to nobody.
    assert!((60..=200).contains(&s.dangling), "{} dangling", s.dangling);
    let layer = g.combined();
    let n = g.user_count() as u32;
    let isolated = (0..n).filter(|&v| layer.in_degree(v) == 0 && layer.out_weight(v) == 0.0).count();
    assert_eq!(isolated, self_interacting.len());
    let max_in = (0..n).map(|v| layer.in_degree(v)).max().unwrap();
    let mean_in = g.edge_count() as f64 / f64::from(n);
    assert!(max_in as f64 > 5.0 * mean_in, "max in-degree {max_in}, mean {mean_in}");
    // Reciprocity: a good share of edges have their reverse.
    let reciprocated = (0..n)
        .flat_map(|v| layer.in_edges(v).map(move |(u, _)| (u, v)))
        .filter(|&(u, v)| layer.in_edges(u).any(|(w, _)| w == v))
        .count();
    assert!(reciprocated * 10 > g.edge_count(), "{reciprocated} of {} edges reciprocated", g.edge_count());
}

#[test]
fn the_committed_social_sample_is_reproduced_byte_for_byte() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    let committed = std::fs::read_to_string(&path).expect("the committed sample is readable");
    let regenerated = to_csv(&sample_config().interactions().unwrap());
    assert!(
        committed == regenerated,
        "{SAMPLE} differs from SocialConfig::default(): regenerate it with \
         `cargo test --test generate -- --ignored regenerate_social_sample` if the change is intended"
    );
}

#[test]
fn the_sample_format_is_what_io_writes_and_reads() {
    let records = SocialConfig::default().users(100).days(5).interactions().unwrap();
    let mut written = Vec::new();
    influence::io::write_interactions_csv(&records, &mut written).unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), to_csv(&records));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    let file = std::fs::File::open(&path).unwrap();
    let read = influence::io::read_interactions_csv(file, Some(&path)).unwrap();
    assert!(read == sample_config().interactions().unwrap());
}

#[test]
fn social_reactions_are_about_their_targets_interests() {
    let records = SocialConfig::default().users(400).days(30).interactions().unwrap();
    let mut topics_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    for i in &records {
        match (&i.kind, i.topic.as_deref()) {
            (Some(InteractionKind::Follow), topic) => assert_eq!(topic, None, "{i:?}"),
            (_, Some(topic)) => {
                assert!(SocialConfig::TOPICS.contains(&topic), "{i:?}");
                topics_of.entry(&i.target).or_default().insert(topic);
            }
            (_, None) => panic!("a reaction without a topic: {i:?}"),
        }
    }
    // One to three interests each: a target is reacted to about at most three topics.
    assert!(topics_of.values().all(|t| t.len() <= 3));
    assert!(topics_of.values().any(|t| t.len() == 3));
    let all: HashSet<&str> = topics_of.values().flatten().copied().collect();
    assert_eq!(all.len(), 8);
    // Topics do not change the graph.
    let untagged: Vec<Interaction> = records.iter().map(|i| Interaction { topic: None, ..i.clone() }).collect();
    let build = |records: &[Interaction]| {
        let mut b = GraphBuilder::default();
        b.add_interactions(records).unwrap();
        let g = b.build().unwrap();
        (g.user_ids().map(String::from).collect::<Vec<_>>(), g.edge_count(), g.stats().clone())
    };
    assert_eq!(build(&records), build(&untagged));
}

#[test]
fn social_facts_cover_every_user_on_their_networks() {
    let config = SocialConfig::default().users(500).days(30).seed(4);
    let facts = config.facts().unwrap();
    assert_eq!(facts, config.facts().unwrap());
    assert_ne!(facts, config.clone().seed(5).facts().unwrap());
    let mut pairs = HashSet::new();
    let mut users = HashSet::new();
    for f in &facts {
        assert!(pairs.insert((f.user.clone(), f.network.clone())), "{f:?} twice");
        users.insert(f.user.as_str());
        assert!(config_networks().contains(&f.network), "{f:?}");
        assert!(f.posts.is_some() && f.audience.is_some(), "{f:?}");
    }
    assert_eq!(users.len(), 500, "every user is on at least one network");
    assert!(facts.windows(2).all(|w| w[0].user <= w[1].user), "ordered by user");
    // Whoever was reacted to on a network posted there.
    for i in config.interactions().unwrap() {
        let key = (i.target.clone(), i.network.clone().unwrap());
        assert!(pairs.contains(&key), "{i:?}: the target is not on the network");
    }
    let posts: HashMap<(String, Network), u64> =
        facts.iter().map(|f| ((f.user.clone(), f.network.clone()), f.posts.unwrap())).collect();
    for i in config.interactions().unwrap() {
        assert!(posts[&(i.target.clone(), i.network.clone().unwrap())] >= 1, "{i:?}");
    }
}

fn config_networks() -> Vec<Network> {
    vec![Network::Twitter, Network::Facebook, Network::LinkedIn, Network::Instagram]
}

#[test]
fn social_facts_are_the_same_on_one_thread_and_on_many() {
    // 9,000 reactions span three chunks of generation.
    let config = SocialConfig::default().days(30);
    let one = on_threads(1, || config.facts().unwrap());
    let many = on_threads(4, || config.facts().unwrap());
    assert!(one == many);
}

#[test]
fn social_facts_follow_popularity_and_activity() {
    let config = sample_config();
    let facts = config.facts().unwrap();
    let records = config.interactions().unwrap();
    let mut received: HashMap<(&str, &Network), u64> = HashMap::new();
    let mut given: HashMap<(&str, &Network), u64> = HashMap::new();
    for i in &records {
        let network = i.network.as_ref().unwrap();
        *received.entry((&i.target, network)).or_default() += 1;
        *given.entry((&i.actor, network)).or_default() += 1;
    }
    let count = |map: &HashMap<(&str, &Network), u64>, f: &UserFacts| {
        map.get(&(f.user.as_str(), &f.network)).copied().unwrap_or(0) as f64
    };
    let audience: Vec<f64> = facts.iter().map(|f| f.audience.unwrap() as f64).collect();
    let posts: Vec<f64> = facts.iter().map(|f| f.posts.unwrap() as f64).collect();
    let popularity: Vec<f64> = facts.iter().map(|f| count(&received, f)).collect();
    let activity: Vec<f64> = facts.iter().map(|f| count(&given, f)).collect();
    let rho = |a: &[f64], b: &[f64]| influence::agreement::spearman(a, b).unwrap();
    assert!(rho(&audience, &popularity) > 0.5, "audience ~ popularity {}", rho(&audience, &popularity));
    assert!(rho(&posts, &popularity) > 0.4, "posts ~ popularity {}", rho(&posts, &popularity));
    assert!(rho(&posts, &activity) > 0.3, "posts ~ activity {}", rho(&posts, &activity));
    // Heavy-tailed audiences: the largest is far above the median.
    let mut sorted = audience.clone();
    sorted.sort_by(f64::total_cmp);
    let (median, max) = (sorted[sorted.len() / 2], sorted[sorted.len() - 1]);
    assert!(max > 50.0 * median, "max audience {max}, median {median}");
}

#[test]
fn the_committed_facts_sample_is_reproduced_byte_for_byte() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FACTS_SAMPLE);
    let committed = std::fs::read_to_string(&path).expect("the committed facts sample is readable");
    let facts = sample_config().facts().unwrap();
    let regenerated = facts_to_csv(&facts);
    assert!(
        committed == regenerated,
        "{FACTS_SAMPLE} differs from SocialConfig::default().facts(): regenerate it with \
         `cargo test --test generate -- --ignored regenerate_social_facts_sample` if the change is intended"
    );
    let mut written = Vec::new();
    influence::io::write_facts_csv(&facts, &mut written).unwrap();
    assert!(written == committed.as_bytes(), "the format is what io::write_facts_csv writes");
    assert!(influence::io::read_facts(&path).unwrap() == facts);
}

/// Rewrites the committed sample. Run it only when the model changes on
/// purpose: `cargo test --test generate -- --ignored regenerate_social_sample`.
#[test]
#[ignore = "writes examples/data/social.csv"]
fn regenerate_social_sample() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    std::fs::write(path, to_csv(&sample_config().interactions().unwrap())).unwrap();
}

/// Rewrites the committed facts sample. Run it only when the model changes
/// on purpose: `cargo test --test generate -- --ignored regenerate_social_facts_sample`.
#[test]
#[ignore = "writes examples/data/social-facts.csv"]
fn regenerate_social_facts_sample() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FACTS_SAMPLE);
    std::fs::write(path, facts_to_csv(&sample_config().facts().unwrap())).unwrap();
}
