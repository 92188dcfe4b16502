//! The broadcast population shape ([`PopulationShape::Broadcast`]): a
//! passive majority that only reacts, a heavy-tailed minority of accounts
//! that receive almost every reaction, reactions in bursts around posts and
//! news, and pairs that react again.
//!
//! Like the rest of the generator this must never depend on the thread
//! count, a clock or `ln`/`exp`/`powf`: powers are built from `sqrt` (an
//! exponent of `17/16` is `x · x^(1/16)`, four square roots), delays from
//! reciprocals of uniform numbers. Everything a reaction needs beyond its
//! chunk's stream (when a post was made) is a pure function of the seed and
//! the post, drawn from a stream of its own (`POST_STREAMS`), so chunks stay
//! independent.
//!
//! [`PopulationShape::Broadcast`]: super::PopulationShape::Broadcast

use super::{
    Audience, INTEREST_STREAM, MENTION, POPULATION_STREAM, Person, Population, Profile, REPLY, RESHARE, Raw, Role,
    SECONDS_PER_DAY, SocialConfig, TARGET_ATTEMPTS, Traits, draw_interests, draw_network, profile,
};
use crate::generate::alias::AliasTable;
use crate::generate::rng::Rng;
use crate::interaction::Network;

/// The share of users who broadcast: who can be drawn as the target of a
/// reaction. The rest react only.
pub(super) const BROADCASTER_SHARE: f64 = 0.19;
/// The share of broadcasters who never react (news desks, institutions).
const SILENT_SHARE: f64 = 0.25;
/// The offset `q` of the Zipf–Mandelbrot attention `(rank + q)^(−17/16)`.
const ZIPF_OFFSET: f64 = 0.5;
/// Posts per broadcaster, network and day; a reaction is to one of them.
const POSTS_PER_DAY: u64 = 2;
/// The most posts per broadcaster and network (the post's index has 20 bits).
const MAX_POSTS: u64 = (1 << 20) - 1;
/// Days per news event: a window of `d` days has `max(1, d / 7)` of them.
const DAYS_PER_NEWS: u32 = 7;
/// The share of posts made about a news event (the rest at a uniform time).
const NEWS_SHARE: f64 = 0.75;
/// The scale of a post's delay after its news event, in seconds.
const NEWS_SPREAD: f64 = 3.0 * 3_600.0;
/// The scale of a reaction's delay after its post, in seconds.
const REACTION_SPREAD: f64 = 1_200.0;
/// The chance that an actor reacts to the same target again.
pub(super) const AGAIN: f64 = 0.06;
/// The most reactions again in one run.
const MAX_AGAIN: f64 = 64.0;
/// The scale of the delay between reactions again, in seconds.
const AGAIN_SPREAD: f64 = 270.0;
/// The chance that a target reacts back to the actor.
pub(super) const BACK: f64 = 0.15;
/// The scale of the delay of a reaction back, in seconds.
const BACK_SPREAD: f64 = 1_800.0;
/// Twitter's kinds in this shape, in percent of reactions before a reply's
/// mention is written beside it: the proportions of the Higgs export.
const TWITTER_MIX: &[(u8, u64)] = &[(RESHARE, 70), (MENTION, 23), (REPLY, 7)];
/// The stream of post `j` of user `u` on network `n` is
/// `POST_STREAMS + (u << 26 | n << 20 | j)`: above every other stream of the
/// generator (chunk streams, `TOPIC_STREAMS + k` below 2⁶³) and below the
/// last two (interests, facts), since `u < 2³²` and `n < 2⁶`.
const POST_STREAMS: u64 = 1 << 63;
const _: () = assert!(POST_STREAMS | (u32::MAX as u64) << 26 | 63 << 20 | MAX_POSTS < super::FACTS_STREAM);
const _: () = assert!(SocialConfig::MAX_NETWORKS <= 64 && MAX_POSTS < 1 << 20);

/// The network's profile in this shape: Twitter's kinds are the
/// [`TWITTER_MIX`]; the others keep their kinds.
fn broadcast_profile(network: &Network) -> Profile {
    let mut p = profile(network);
    if *network == Network::Twitter {
        p.mix = TWITTER_MIX;
    }
    p
}

/// What the broadcast shape adds to a [`Population`]: when things happen.
#[derive(Debug)]
pub(super) struct Broadcast {
    seed: u64,
    /// The window in seconds.
    window: u32,
    /// Posts per broadcaster and network.
    posts: u64,
    /// When each news event starts, in seconds into the window.
    news: Vec<u32>,
    /// Whether network `j` writes a reply's mention beside it (Twitter).
    echoes: u64,
}

/// `x^(17/16)` for `x ≥ 0`: `x · x^(1/16)`, with square roots only.
fn pow_17_16(x: f64) -> f64 {
    x * x.sqrt().sqrt().sqrt().sqrt()
}

/// A delay of scale `scale` from a Lomax (Pareto II) distribution with tail
/// index 1: `scale · (1/u − 1)`, median `scale`, heavy-tailed.
fn delay(rng: &mut Rng, scale: f64) -> u64 {
    // `as` saturates: a huge delay is wrapped into the window by the caller.
    (scale * (1.0 / rng.unit_open0() - 1.0)) as u64
}

/// `from + later`, wrapped into `from..window` when it falls beyond
/// (`from < window`).
fn within(from: u32, later: u64, window: u32) -> u32 {
    let room = u64::from(window - from);
    from + (if later < room { later } else { later % room }) as u32
}

/// Draws the broadcast population of `config`.
pub(super) fn draw(config: &SocialConfig, window: u32) -> (Population, Traits) {
    let n = config.users as usize;
    let profiles: Vec<Profile> = config.networks.iter().map(broadcast_profile).collect();
    let k = profiles.len();
    let mut rng = Rng::stream(config.seed, POPULATION_STREAM);
    let mut interest_rng = Rng::stream(config.seed, INTEREST_STREAM);
    let mut people = Vec::with_capacity(n);
    let mut activity = Vec::with_capacity(n);
    // Per-network multipliers of attention, at i * k + j; 0 where absent.
    let mut influence = Vec::with_capacity(n * k);
    let mut broadcasters: Vec<u32> = Vec::new();
    let floor = 1.0 / (4.0 * n as f64);
    for i in 0..n {
        let role = if !rng.chance(BROADCASTER_SHARE) {
            Role::Passive
        } else if rng.chance(SILENT_SHARE) {
            Role::Lurker
        } else {
            Role::Regular
        };
        if role != Role::Passive {
            broadcasters.push(i as u32);
        }
        // Pareto with tail index 2, u^(−1/2), at most 2√n: one account
        // gives at most about 1/√n of all reactions (Higgs's busiest actor
        // gave 550 of 410,134), not a share that a seed happens to give.
        let a = 1.0 / rng.unit_open0().max(floor).sqrt();
        activity.push(if role == Role::Lurker { 0.0 } else { a });
        let mut mask = 0u64;
        for (j, p) in profiles.iter().enumerate() {
            let on = rng.chance(p.presence);
            let factor = 0.8 + 0.4 * rng.unit();
            if on {
                mask |= 1 << j;
            }
            influence.push(if role == Role::Passive { 0.0 } else { factor });
        }
        if mask == 0 {
            mask = 1 << rng.below(k as u64);
        }
        people.push(Person { presence: mask, community: 0, role, interests: draw_interests(&mut interest_rng) });
    }
    // Every network has two users at least, so that nobody is left to react
    // to themselves (unless the population has one user).
    for j in 0..k {
        let mut members = people.iter().filter(|p| p.presence & (1 << j) != 0).count();
        for p in people.iter_mut() {
            if members >= 2.min(n) {
                break;
            }
            if p.presence & (1 << j) == 0 {
                p.presence |= 1 << j;
                members += 1;
            }
        }
    }
    // Attention by rank: the broadcasters in a random order (Fisher–Yates),
    // the r-th (from 1) getting (r + q)^(−17/16) times their network's factor.
    for i in (1..broadcasters.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        broadcasters.swap(i, j);
    }
    let mut attention = vec![0.0; n];
    let mut total = 0.0;
    for (r, &b) in broadcasters.iter().enumerate() {
        let a = 1.0 / pow_17_16(r as f64 + 1.0 + ZIPF_OFFSET);
        attention[b as usize] = a;
        total += a;
    }
    // Scaled to a mean of 4 over the broadcasters, the communities shape's
    // mean influence, which the facts' audience and posts are made for.
    // (Targets are drawn in proportion: the scale changes no reaction.)
    let scale = if total > 0.0 { 4.0 * broadcasters.len() as f64 / total } else { 0.0 };
    attention.iter_mut().for_each(|a| *a *= scale);
    for (i, person) in people.iter().enumerate() {
        for j in 0..k {
            let w = &mut influence[i * k + j];
            *w = if person.presence & (1 << j) == 0 { 0.0 } else { *w * attention[i] };
        }
    }
    let news_count = (config.days / DAYS_PER_NEWS).max(1);
    let news = (0..news_count).map(|_| rng.below(u64::from(window)) as u32).collect();
    let audiences = profiles
        .iter()
        .enumerate()
        .map(|(j, &profile)| {
            let members: Vec<u32> = (0..n as u32).filter(|&i| people[i as usize].presence & (1 << j) != 0).collect();
            let weights: Vec<f64> = members.iter().map(|&i| influence[i as usize * k + j]).collect();
            let everyone = AliasTable::new(&weights);
            // One community: the shape draws no local targets.
            let cumulative = vec![0.0, weights.iter().sum()];
            Audience { profile, members, everyone, cumulative, community_start: vec![0, 1] }
        })
        .collect();
    let actors = AliasTable::new(&activity).unwrap_or_else(|| AliasTable::only(0, n));
    let echoes =
        config.networks.iter().enumerate().filter(|(_, n)| **n == Network::Twitter).fold(0, |m, (j, _)| m | 1 << j);
    let posts = (u64::from(config.days) * POSTS_PER_DAY).min(MAX_POSTS);
    let broadcast = Broadcast { seed: config.seed, window, posts, news, echoes };
    (Population { actors, people, audiences, broadcast: Some(broadcast) }, Traits { activity, influence })
}

impl Broadcast {
    /// Draws the reaction of `actor` into `out`, with what follows it: the
    /// reply's mention, reactions again, a reaction back.
    pub(super) fn react_once(
        &self,
        population: &Population,
        rng: &mut Rng,
        actor: u32,
        person: Person,
        out: &mut Vec<Raw>,
    ) {
        let network = draw_network(rng, person.presence, &population.audiences);
        let audience = &population.audiences[usize::from(network)];
        let target = draw_target(rng, audience, actor);
        let kind = audience.profile.draw_kind(rng);
        let offset = self.time(rng, target, network);
        self.push(out, Raw { offset, actor, target, network, kind, topic: super::NO_TOPIC });
        if rng.chance(AGAIN) {
            // u^(−1/2) more, rounded down: P(at least m) = 1/m², as the
            // repeated pairs of the Higgs export fall off.
            let more = (1.0 / rng.unit_open0().sqrt()).min(MAX_AGAIN) as u32;
            let mut at = offset;
            for _ in 0..more {
                let later = u64::from(at) + delay(rng, AGAIN_SPREAD);
                if later >= u64::from(self.window) {
                    break;
                }
                at = later as u32;
                let kind = audience.profile.draw_kind(rng);
                self.push(out, Raw { offset: at, actor, target, network, kind, topic: super::NO_TOPIC });
            }
        }
        // Broadcasters talk to each other; nobody reacts back to the passive.
        let back = person.role == Role::Regular && population.people[target as usize].role == Role::Regular;
        if back && target != actor && rng.chance(BACK) {
            let kind = audience.profile.draw_kind(rng);
            let at = within(offset, delay(rng, BACK_SPREAD), self.window);
            self.push(out, Raw { offset: at, actor: target, target: actor, network, kind, topic: super::NO_TOPIC });
        }
    }

    /// Pushes `r`, and on Twitter a reply's mention of the same target in the
    /// same second (every reply of the Higgs export comes with one).
    fn push(&self, out: &mut Vec<Raw>, r: Raw) {
        out.push(r);
        if r.kind == REPLY && self.echoes & (1 << r.network) != 0 {
            out.push(Raw { kind: MENTION, ..r });
        }
    }

    /// When a reaction to `target` on `network` happens: after one of the
    /// target's posts there, by a heavy-tailed delay.
    fn time(&self, rng: &mut Rng, target: u32, network: u8) -> u32 {
        let post = rng.below(self.posts.max(1));
        let key = u64::from(target) << 26 | u64::from(network) << 20 | post;
        let mut post_rng = Rng::stream(self.seed, POST_STREAMS | key);
        let posted = if post_rng.chance(NEWS_SHARE) {
            let event = self.news[post_rng.below(self.news.len() as u64) as usize];
            within(event, delay(&mut post_rng, NEWS_SPREAD), self.window)
        } else {
            post_rng.below(u64::from(self.window)) as u32
        };
        within(posted, delay(rng, REACTION_SPREAD), self.window)
    }
}

/// A target other than `actor` drawn by attention, or failing that (nobody
/// else on the network has any) uniformly among the other members; `actor`
/// only when alone on the network (a population of one).
fn draw_target(rng: &mut Rng, audience: &Audience, actor: u32) -> u32 {
    for _ in 0..TARGET_ATTEMPTS {
        match audience.draw(rng) {
            Some(t) if t != actor => return t,
            Some(_) => continue,
            None => break,
        }
    }
    let members = &audience.members;
    match members.len() {
        0 | 1 => actor,
        len => {
            let i = rng.below(len as u64 - 1) as usize;
            // Skip the actor: the others, uniformly.
            let m = members[i];
            if m == actor { members[len - 1] } else { m }
        }
    }
}

/// The window of `days` days in seconds.
pub(super) fn window_of(days: u32) -> u32 {
    // Validation keeps days ≤ 36,500: far below u32::MAX seconds.
    (u64::from(days) * SECONDS_PER_DAY as u64).min(u64::from(u32::MAX)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::social::FOLLOW;

    #[test]
    fn the_twitter_mix_sums_to_one_hundred() {
        assert_eq!(TWITTER_MIX.iter().map(|&(_, w)| w).sum::<u64>(), 100);
        assert!(TWITTER_MIX.iter().all(|&(k, _)| k != FOLLOW));
    }

    #[test]
    fn powers_and_delays_are_what_they_say() {
        assert_eq!(pow_17_16(1.0), 1.0);
        assert!((pow_17_16(65_536.0) - 65_536.0 * 2.0).abs() < 1e-9);
        assert_eq!(within(10, 5, 100), 15);
        assert_eq!(within(90, 25, 100), 95);
        assert_eq!(within(99, u64::MAX, 100), 99);
        let mut rng = Rng::stream(1, 2);
        let mut d: Vec<u64> = (0..10_001).map(|_| delay(&mut rng, 100.0)).collect();
        d.sort_unstable();
        assert!((80..125).contains(&d[5_000]), "median {}", d[5_000]);
    }
}
