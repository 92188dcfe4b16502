//! `SocialConfig`: a seeded model of people reacting to each other on several
//! social networks, producing [`Interaction`] records like a real export.
//!
//! The model is documented on [`SocialConfig`]. The population is drawn
//! from one random stream; reactions are drawn in fixed chunks of
//! `EVENT_CHUNK`, each from its own stream derived from the seed and the
//! chunk index; real numbers come only from `+ − × ÷ sqrt`, which IEEE 754
//! rounds exactly. So a configuration gives the same records on every
//! platform and for every number of threads. This module must never depend
//! on the thread count, a clock or `ln`/`exp`/`powf`.
//!
//! What was added to the model later (interests and topics, user facts)
//! draws from streams of its own, numbered from 2⁶² up, so that adding it
//! left every earlier field of every record as it was: the interests from
//! `INTEREST_STREAM`, the topics of chunk `k`'s reactions from
//! `TOPIC_STREAMS + k`, the facts from `FACTS_STREAM`. A new addition must
//! do the same.
//!
//! The broadcast shape ([`PopulationShape::Broadcast`], `social/broadcast.rs`)
//! shares the population and chunk streams and adds one stream per post,
//! from `2⁶³` up, for the time the post was made; it changes nothing in the
//! communities shape, whose output the committed samples pin.

mod broadcast;

use rayon::prelude::*;

use super::alias::AliasTable;
use super::rng::Rng;
use crate::error::{Error, ErrorKind, Result};
use crate::interaction::{Interaction, InteractionKind, Network, UserFacts};

/// Reactions per parallel work unit (and per random stream). Fixed, so the
/// output does not depend on the thread count; changing it changes every
/// generated data set.
const EVENT_CHUNK: usize = 4096;

/// The random stream of the population; reaction chunk `k` uses `1 + k`.
const POPULATION_STREAM: u64 = 0;
/// The topics of reaction chunk `k` come from stream `TOPIC_STREAMS + k`.
/// Chunk indices stay far below 2⁶² (a chunk holds 4096 records of more
/// than 2⁶ bytes each), so these never meet the reaction streams.
const TOPIC_STREAMS: u64 = 1 << 62;
/// The users' interests.
const INTEREST_STREAM: u64 = u64::MAX;
/// The users' facts ([`SocialConfig::facts`]).
const FACTS_STREAM: u64 = u64::MAX - 1;

/// The topics of the model, by index, the bit of a user's interests.
const TOPICS: [&str; 8] = ["tech", "sports", "music", "politics", "food", "travel", "fashion", "science"];
/// The most interests one user has (the fewest is 1).
const MAX_INTERESTS: u64 = 3;
/// The topic index of a reaction without a topic (a follow).
const NO_TOPIC: u8 = u8::MAX;

/// Posts per day per unit of activity plus influence, before the
/// network's volume and the noise.
const POSTS_PER_DAY: f64 = 0.05;
/// Followers per unit of influence, before the noise.
const AUDIENCE_PER_INFLUENCE: f64 = 50.0;
/// Followers everyone has whatever their influence (friends, family): up to
/// this many, uniformly.
const AUDIENCE_BASE: u64 = 20;

const LURKER_SHARE: f64 = 0.10;
const LONER_SHARE: f64 = 0.01;
const LOCALITY: f64 = 0.6;
const RECIPROCITY: f64 = 0.2;
const MIN_COMMUNITY: u64 = 10;
const MAX_COMMUNITY: u64 = 90;
/// The longest delay of a reaction back, in seconds.
const MAX_REPLY_DELAY: u64 = 2 * 86_400;
/// Attempts at drawing a target other than the actor before giving up.
const TARGET_ATTEMPTS: usize = 8;
const SECONDS_PER_DAY: i64 = 86_400;

/// Kinds by index, the `u8` stored in compact records.
const RESHARE: u8 = 0;
const REPLY: u8 = 1;
const COMMENT: u8 = 2;
const MENTION: u8 = 3;
const LIKE: u8 = 4;
const FOLLOW: u8 = 5;

fn kind(k: u8) -> InteractionKind {
    match k {
        RESHARE => InteractionKind::Reshare,
        REPLY => InteractionKind::Reply,
        COMMENT => InteractionKind::Comment,
        MENTION => InteractionKind::Mention,
        LIKE => InteractionKind::Like,
        _ => InteractionKind::Follow,
    }
}

/// How people use one network: the chance of being on it, its share of
/// reactions, its kinds in percent and the kind of a loner's self-reaction.
#[derive(Debug, Clone, Copy)]
struct Profile {
    presence: f64,
    volume: u64,
    mix: &'static [(u8, u64)],
    own: u8,
}

fn profile(network: &Network) -> Profile {
    let (presence, volume, mix, own): (f64, u64, &'static [(u8, u64)], u8) = match network {
        Network::Twitter => (0.55, 100, &[(LIKE, 45), (RESHARE, 20), (REPLY, 15), (MENTION, 10), (FOLLOW, 10)], REPLY),
        Network::Facebook => (0.70, 80, &[(LIKE, 60), (COMMENT, 28), (RESHARE, 12)], COMMENT),
        Network::LinkedIn => (0.35, 35, &[(LIKE, 50), (COMMENT, 20), (FOLLOW, 20), (RESHARE, 10)], COMMENT),
        Network::Instagram => (0.50, 90, &[(LIKE, 65), (COMMENT, 20), (FOLLOW, 10), (MENTION, 5)], COMMENT),
        Network::YouTube => (0.40, 50, &[(LIKE, 55), (COMMENT, 30), (FOLLOW, 15)], COMMENT),
        Network::Wikipedia => (0.10, 20, &[(REPLY, 50), (LIKE, 30), (MENTION, 20)], REPLY),
        _ => (0.30, 50, &[(LIKE, 50), (COMMENT, 25), (RESHARE, 15), (FOLLOW, 10)], COMMENT),
    };
    Profile { presence, volume, mix, own }
}

impl Profile {
    fn draw_kind(&self, rng: &mut Rng) -> u8 {
        let mut r = rng.below(100);
        for &(k, pct) in self.mix {
            if r < pct {
                return k;
            }
            r -= pct;
        }
        self.mix[0].0
    }
}

/// The shape of a population that [`SocialConfig`] generates: who reacts to
/// whom, how unequally, and when.
///
/// Both shapes take the same settings, produce exactly
/// [`SocialConfig::interaction_count`] records sorted by time, and give the
/// same records for a seed whatever the thread count or platform. What they
/// look like with 10,000 users and the other settings' defaults (four
/// networks, 90 days, 270,000 reactions):
///
/// | | communities | broadcast |
/// |---|---|---|
/// | users never reacted to | 1 % (the loners) | 81 % |
/// | reactions to the top 1 % of users | 16 % | 64 % |
/// | reactions to the top 10 % of users | 44 % | 94 % |
/// | reacted pairs that react back | 39 % | 4 % |
/// | when | uniformly over the window | in bursts after posts and news |
///
/// # Example
///
/// ```
/// use influence::generate::{PopulationShape, SocialConfig};
///
/// let broadcast = SocialConfig::default().users(5_000).shape(PopulationShape::Broadcast);
/// let records = broadcast.interactions()?;
/// let mut received = std::collections::HashMap::new();
/// for i in &records {
///     *received.entry(i.target.as_str()).or_insert(0) += 1;
/// }
/// // A passive majority: most users are never reacted to ...
/// assert!(received.len() < 5_000 / 4);
/// // ... and a few accounts receive a large share of all reactions.
/// let top = received.values().max().copied().unwrap_or(0);
/// assert!(top * 50 > records.len());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PopulationShape {
    /// The model documented on [`SocialConfig`] (the default, and the
    /// bundled samples'): nearly everyone is reacted to, 60 % of reactions
    /// stay within small communities, a fifth are answered, and times are
    /// uniform over the window.
    #[default]
    Communities,
    /// A broadcast network shaped after real Twitter activity: a passive
    /// majority that only reacts, a heavy-tailed minority of accounts that
    /// receive nearly every reaction, reactions in bursts after posts and
    /// news, pairs that react again.
    ///
    /// # The model
    ///
    /// **Users.** Each user, independently, is
    ///
    /// - a **broadcaster** with probability 0.19: someone others react to. A
    ///   quarter of them are **silent** (institutions, news desks): reacted
    ///   to, never reacting (dangling users in the graph);
    /// - else **passive**, the majority: they react and are never reacted
    ///   to (unless no broadcaster is on a network, in populations of a few
    ///   users).
    ///
    /// The broadcasters, in a random order, get an **attention** by rank: the
    /// `r`-th (from 1) gets `(r + 1/2)^(−17/16)` (Zipf–Mandelbrot), times a
    /// factor uniform in [0.8, 1.2) on each network. Reactions received
    /// follow it, so their distribution has a power-law tail with a density
    /// exponent near `1 + 16/17 ≈ 1.94` (the fit on the Higgs data below
    /// gives 1.92) and the top account receives several percent of all
    /// reactions, more in smaller populations. Activity, networks and
    /// interests are drawn as in the communities model (each network has
    /// two users at least), except that activity is capped at `2√n` for `n`
    /// users, so that no one gives more than about `1/√n` of all
    /// reactions; there are no communities and no loners.
    ///
    /// **Reactions.** Each is drawn as follows, and everything it brings
    /// along counts towards the total:
    ///
    /// 1. the actor in proportion to activity, the network among the
    ///    actor's in proportion to its volume (as in the communities model);
    /// 2. the target among the other broadcasters on that network in
    ///    proportion to their attention there;
    /// 3. the kind from the network's mix: on Twitter reshare 70 %, mention
    ///    23 %, reply 7 % (the retweets, mentions and replies of the Higgs
    ///    export, which has no likes or follows), and a reply on Twitter is
    ///    written twice, as a reply and as a mention of the same target in
    ///    the same second, as Twitter's exports do; the other networks keep
    ///    the mixes of the table on [`SocialConfig`];
    /// 4. the time: the reaction is to one of the target's posts on that
    ///    network (2 per day of the window), uniformly. A post was made at a
    ///    uniform time or, with probability 0.75, after one of the window's
    ///    news events (one per 7 days, at least one, at uniform times) by a
    ///    delay of scale 3 hours; the reaction follows its post by a delay of
    ///    scale 20 minutes. A delay of scale `s` is `s · (1/u − 1)` for `u`
    ///    uniform in (0, 1] (Lomax: median `s`, a long tail); a time beyond
    ///    the window wraps around into what is left of it after the post;
    /// 5. with probability 0.06 the actor reacts to the same target again,
    ///    `m` more times with `P(m ≥ j) = 1/j²` (at most 64), each a delay of
    ///    scale 270 seconds after the one before, while within the window;
    /// 6. when both are broadcasters who react, with probability 0.15 the
    ///    target reacts back, a delay of scale 30 minutes later;
    /// 7. the topic as in the communities model.
    ///
    /// There are no self-interactions, except in a population of one user.
    ///
    /// **Against real data.** At about the size of the first four days of
    /// SNAP's higgs-twitter (410,134 reactions among 223,321 users),
    /// `users(342_000).days(4).networks([Network::Twitter])` gives 410,400
    /// reactions among about 208,000 users (the others neither react nor
    /// are reacted to in the window; at the default 27 reactions per user
    /// everyone appears): 81 % never reacted to (Higgs 81 %), the top
    /// account receiving 7–9 % of all reactions (8.1 %), the top 1 % of users
    /// 75 % (74 %), 3.4 % of pairs reacted back (3.4 %), 13.6 % of pairs
    /// more than once (13.3 %). `VALIDITY.md` in the repository has the
    /// whole table and the commands that make it.
    ///
    /// [`SocialConfig::facts`] works as in the communities model, with the
    /// attention, scaled to a mean of 4 over the broadcasters, as the
    /// influence: passive users have only the base audience.
    Broadcast,
}

/// The settings of a multi-network social interaction model: who reacts
/// to whom, how, on which network and when.
///
/// # The model
///
/// This is the model of the default shape,
/// [`PopulationShape::Communities`]; [`SocialConfig::shape`] chooses
/// another ([`PopulationShape::Broadcast`] documents its own).
///
/// **Users.** Users `u0001`, `u0002`, … (zero-padded to at least four
/// digits) each get:
///
/// - a *role*: 10 % are **lurkers**, who are reacted to but never react
///   (dangling users in the graph); 1 % are **loners**, who only ever reply
///   to their own posts and whom nobody reacts to (isolated users in the graph,
///   present in the data through those self-interactions); the rest are
///   regular users;
/// - a latent **influence** from a Pareto distribution with tail index 4/3
///   (`u^(−3/4)` for `u` uniform in (0, 1]: mean 4, infinite variance), the
///   heavy tail of follower and in-degree counts in real networks (about 2.3
///   as a density exponent; Kwak et al., WWW 2010, report 2.276 for Twitter);
///   loners have none;
/// - an **activity** level from a Pareto distribution with tail index 2
///   (`u^(−1/2)`): most people react a little, a few a lot; lurkers have none;
/// - a **presence** on a random subset of the networks (at least one), with a
///   per-network probability, and on each network a multiplier, uniform in
///   [0.25, 1.75), of their influence, so rankings differ between networks;
/// - a **community**: consecutive users form communities of 10 to 90 (uniform);
/// - 1 to 3 **interests** (uniform in number, then uniform without repeats)
///   among the 8 topics of [`SocialConfig::TOPICS`].
///
/// **Reactions.** The configured number of reactions is drawn one at a time:
///
/// 1. the actor is drawn in proportion to activity;
/// 2. the network among the actor's, in proportion to its volume (below);
/// 3. the time uniformly, to the second, within the window of `days` days
///    from `start_time`;
/// 4. a loner's reaction is a reply (Twitter, Wikipedia) or comment (the
///    others) to themselves; otherwise the target is drawn among the other
///    users on that network in proportion to their influence there —
///    preferential attachment — from the actor's own community with
///    probability 0.6 (locality, which gives the graph communities) and from
///    the whole network otherwise;
/// 5. the kind from the network's mix (below);
/// 6. with probability 0.2 the target, unless a lurker, reacts back
///    (reciprocity) on the same network within two days (clamped to the
///    window): a follow back for a follow, else a kind from the mix. A
///    reaction back counts towards the total;
/// 7. every reaction but a follow gets a **topic**: one of its target's
///    interests, uniformly (a reaction back is about an interest of *its*
///    target, the first actor). Follows have no topic.
///
/// | network | presence | volume | kinds (%) |
/// |---|---|---|---|
/// | Twitter | 0.55 | 100 | like 45, reshare 20, reply 15, mention 10, follow 10 |
/// | Facebook | 0.70 | 80 | like 60, comment 28, reshare 12 |
/// | LinkedIn | 0.35 | 35 | like 50, comment 20, follow 20, reshare 10 |
/// | Instagram | 0.50 | 90 | like 65, comment 20, follow 10, mention 5 |
/// | YouTube | 0.40 | 50 | like 55, comment 30, follow 15 |
/// | Wikipedia | 0.10 | 20 | reply 50, like 30 (thanks), mention 20 |
/// | any other | 0.30 | 50 | like 50, comment 25, reshare 15, follow 10 |
///
/// Records are returned sorted by time (stably), with kind, network and time
/// set, a topic on all but follows, and no weight. The only
/// self-interactions are the loners' — and, in populations so small that a
/// network has no other user with influence, a reaction that finds no other
/// target (never in the defaults).
///
///
/// # Settings
///
/// | setting | default |
/// |---|---|
/// | `users` | 1000 |
/// | `networks` | Twitter, Facebook, LinkedIn, Instagram |
/// | `days` | 90 (Klout's window) |
/// | `reactions_per_user_per_day` | 0.3 (27,000 reactions with the other defaults) |
/// | `seed` | 1 |
/// | `start_time` | 1704067200 (2024-01-01T00:00:00Z) |
/// | `shape` | [`PopulationShape::Communities`] |
///
/// [`SocialConfig::facts`] adds, for every user on every network they are
/// on, their number of posts and their audience ([`UserFacts`]); its
/// documentation gives that part of the model.
///
/// The bundled samples `examples/data/social.csv` and
/// `examples/data/social-facts.csv` are `SocialConfig::default()`'s
/// interactions and facts.
///
/// # Example
///
/// ```
/// use influence::generate::SocialConfig;
/// use influence::{GraphBuilder, PageRankConfig};
///
/// let config = SocialConfig::default().users(200).days(30).seed(42);
/// let interactions = config.interactions()?;
/// assert_eq!(interactions.len() as u64, config.interaction_count()); // 200 · 30 · 0.3
/// assert_eq!(interactions, config.interactions()?); // deterministic
///
/// let mut builder = GraphBuilder::default();
/// builder.add_interactions(&interactions)?;
/// let graph = builder.build()?;
/// let ranking = PageRankConfig::default().run(&graph)?;
/// assert!(ranking.converged());
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SocialConfig {
    users: u32,
    networks: Vec<Network>,
    days: u32,
    reactions_per_user_per_day: f64,
    seed: u64,
    start_time: i64,
    // Absent from configurations saved before shapes existed: the default.
    #[cfg_attr(feature = "serde", serde(default))]
    shape: PopulationShape,
}

impl Default for SocialConfig {
    fn default() -> Self {
        SocialConfig {
            users: 1000,
            networks: vec![Network::Twitter, Network::Facebook, Network::LinkedIn, Network::Instagram],
            days: 90,
            reactions_per_user_per_day: 0.3,
            seed: 1,
            start_time: SocialConfig::DEFAULT_START_TIME,
            shape: PopulationShape::Communities,
        }
    }
}

impl SocialConfig {
    /// The topics users are interested in and reactions are about, in the
    /// normal form of [`Interaction::topic`](crate::Interaction#topics).
    pub const TOPICS: [&'static str; 8] = TOPICS;
    /// The default start of the window, 2024-01-01T00:00:00Z in Unix seconds.
    pub const DEFAULT_START_TIME: i64 = 1_704_067_200;
    /// The longest window, 36,500 days (a hundred years).
    pub const MAX_DAYS: u32 = 36_500;
    /// The most networks one configuration may name.
    pub const MAX_NETWORKS: usize = 64;

    /// The number of users (1 to `u32::MAX − 1`).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::generate::SocialConfig;
    ///
    /// let records = SocialConfig::default().users(50).interactions()?;
    /// assert!(records.iter().all(|i| i.actor.as_str() <= "u0050" && i.target.as_str() <= "u0050"));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn users(mut self, users: u32) -> Self {
        self.users = users;
        self
    }

    /// The networks, each named once (1 to [`SocialConfig::MAX_NETWORKS`]);
    /// networks other than those in the table of the module documentation
    /// share one generic profile.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::generate::SocialConfig;
    /// use influence::Network;
    ///
    /// let records = SocialConfig::default().users(50).networks([Network::YouTube]).interactions()?;
    /// assert!(records.iter().all(|i| i.network == Some(Network::YouTube)));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn networks(mut self, networks: impl IntoIterator<Item = Network>) -> Self {
        self.networks = networks.into_iter().collect();
        self
    }

    /// The length of the window in days (1 to [`SocialConfig::MAX_DAYS`]).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::generate::SocialConfig;
    ///
    /// let config = SocialConfig::default().users(50).days(7);
    /// let end = SocialConfig::DEFAULT_START_TIME + 7 * 86_400;
    /// assert!(config.interactions()?.iter().all(|i| i.time.unwrap() < end));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn days(mut self, days: u32) -> Self {
        self.days = days;
        self
    }

    /// The mean number of reactions per user and day (finite, at least 0):
    /// the total is `users · days · rate`, rounded to the nearest integer.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::generate::SocialConfig;
    ///
    /// assert_eq!(SocialConfig::default().reactions_per_user_per_day(1.0).interaction_count(), 90_000);
    /// ```
    pub fn reactions_per_user_per_day(mut self, rate: f64) -> Self {
        self.reactions_per_user_per_day = rate;
        self
    }

    /// The random seed (default 1).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::generate::SocialConfig;
    ///
    /// let small = SocialConfig::default().users(30).days(5);
    /// assert_ne!(small.clone().seed(1).interactions()?, small.seed(2).interactions()?);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The start of the window in Unix seconds (default
    /// [`SocialConfig::DEFAULT_START_TIME`]).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::generate::SocialConfig;
    ///
    /// let records = SocialConfig::default().users(30).days(1).start_time(0).interactions()?;
    /// assert!(records.iter().all(|i| (0..86_400).contains(&i.time.unwrap())));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn start_time(mut self, start_time: i64) -> Self {
        self.start_time = start_time;
        self
    }

    /// The shape of the population (default
    /// [`PopulationShape::Communities`], the model above).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::generate::{PopulationShape, SocialConfig};
    ///
    /// let config = SocialConfig::default().users(2_000).days(30).shape(PopulationShape::Broadcast);
    /// let records = config.interactions()?;
    /// assert_eq!(records.len() as u64, config.interaction_count());
    /// // Most users are never reacted to.
    /// let targets: std::collections::HashSet<&str> = records.iter().map(|i| i.target.as_str()).collect();
    /// assert!(targets.len() < 2_000 / 3);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn shape(mut self, shape: PopulationShape) -> Self {
        self.shape = shape;
        self
    }

    /// The number of users.
    pub fn get_users(&self) -> u32 {
        self.users
    }

    /// The networks, in order.
    pub fn get_networks(&self) -> &[Network] {
        &self.networks
    }

    /// The days covered.
    pub fn get_days(&self) -> u32 {
        self.days
    }

    /// The reactions per user and day.
    pub fn get_reactions_per_user_per_day(&self) -> f64 {
        self.reactions_per_user_per_day
    }

    /// The random seed.
    pub fn get_seed(&self) -> u64 {
        self.seed
    }

    /// The Unix time of the first day's start.
    pub fn get_start_time(&self) -> i64 {
        self.start_time
    }

    /// The population's shape.
    pub fn get_shape(&self) -> PopulationShape {
        self.shape
    }

    /// The number of records [`SocialConfig::interactions`] returns:
    /// `users · days · reactions_per_user_per_day`, rounded.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::generate::SocialConfig;
    ///
    /// assert_eq!(SocialConfig::default().interaction_count(), 27_000);
    /// ```
    pub fn interaction_count(&self) -> u64 {
        // `as` saturates (and maps NaN to 0); validate rejects those rates.
        (f64::from(self.users) * f64::from(self.days) * self.reactions_per_user_per_day).round() as u64
    }

    /// Checks every setting.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::generate::SocialConfig;
    /// use influence::Network;
    ///
    /// assert!(SocialConfig::default().validate().is_ok());
    /// assert!(SocialConfig::default().users(0).validate().is_err());
    /// assert!(SocialConfig::default().days(0).validate().is_err());
    /// assert!(SocialConfig::default().networks([]).validate().is_err());
    /// assert!(SocialConfig::default().networks([Network::Twitter, Network::Twitter]).validate().is_err());
    /// assert!(SocialConfig::default().reactions_per_user_per_day(f64::NAN).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        if self.users == 0 || self.users == u32::MAX {
            return Err(Error::config("users", self.users, "must lie between 1 and 2^32 − 2"));
        }
        if self.networks.is_empty() || self.networks.len() > SocialConfig::MAX_NETWORKS {
            return Err(Error::config("networks", self.networks.len(), "name between 1 and 64 networks"));
        }
        for (i, n) in self.networks.iter().enumerate() {
            if self.networks[..i].contains(n) {
                return Err(Error::config("networks", n, "each network may be named only once"));
            }
        }
        if !(1..=SocialConfig::MAX_DAYS).contains(&self.days) {
            return Err(Error::config("days", self.days, "must lie between 1 and 36,500"));
        }
        if self.start_time.checked_add(i64::from(self.days) * SECONDS_PER_DAY).is_none() {
            return Err(Error::config("start_time", self.start_time, "the window ends beyond the largest time"));
        }
        let rate = self.reactions_per_user_per_day;
        if !(rate.is_finite() && rate >= 0.0) {
            return Err(Error::config("reactions_per_user_per_day", rate, "must be a finite number at least 0"));
        }
        let limit = (isize::MAX as usize / std::mem::size_of::<Interaction>()) as u64;
        if self.interaction_count() > limit {
            return Err(ErrorKind::TooLarge { what: crate::Counted::Interactions, limit }.into());
        }
        Ok(())
    }

    /// Generates the interactions, sorted by time: exactly
    /// [`SocialConfig::interaction_count`] of them, in parallel, identical for
    /// every thread count.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::generate::SocialConfig;
    /// use influence::InteractionKind;
    ///
    /// let records = SocialConfig::default().users(100).days(10).interactions()?;
    /// assert_eq!(records.len(), 300);
    /// assert!(records.windows(2).all(|w| w[0].time <= w[1].time));
    /// assert!(records.iter().all(|i| i.kind.is_some() && i.network.is_some() && i.weight.is_none()));
    /// assert!(records.iter().all(|i| (i.kind == Some(InteractionKind::Follow)) == i.topic.is_none()));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn interactions(&self) -> Result<Vec<Interaction>> {
        self.validate()?;
        let (population, _) = Population::draw(self);
        let mut raw = self.reactions(&population)?;
        // Stable, so records of the same second keep their generation order.
        raw.par_sort_by_key(|r| r.offset);
        let ids = user_ids(self.users);
        let networks = &self.networks;
        Ok(raw
            .par_iter()
            .map(|r| Interaction {
                actor: ids[r.actor as usize].clone(),
                target: ids[r.target as usize].clone(),
                kind: Some(kind(r.kind)),
                network: Some(networks[r.network as usize].clone()),
                time: Some(self.start_time + i64::from(r.offset)),
                weight: None,
                topic: TOPICS.get(usize::from(r.topic)).map(|t| t.to_string()),
            })
            .collect())
    }

    /// Generates what each user published and how many follow them: one
    /// [`UserFacts`] for every user on every network they are on, with both
    /// `posts` and `audience` set, ordered by user and then by network in the
    /// configured order.
    ///
    /// It draws the same population and the same reactions as
    /// [`SocialConfig::interactions`] (the reactions to know who received
    /// any), so it costs about as much; like them, it is identical for every
    /// thread count.
    ///
    /// # The model
    ///
    /// With `a` the user's activity, `w` their influence on the network (both
    /// as in the [model](SocialConfig#the-model): 0 for a lurker's activity
    /// and a loner's influence), `v` the network's volume (100 for Twitter)
    /// and `u`, `u′` uniform in [0, 1) for each user and network:
    ///
    /// - **posts**: `days · 0.05 · (a + w) · v/100 · (0.5 + u)`, rounded:
    ///   active users post because they are active, popular ones (lurkers
    ///   too) because they are followed for it; at least 1 when the user
    ///   received any reaction on the network in the window (what people
    ///   reacted to was posted there), else possibly 0;
    /// - **audience**: `50 · w · (0.5 + u′)`, rounded, plus a base uniform in
    ///   0 to 19 (friends and family): followers on the whole network, not
    ///   only among the generated users, and as heavy-tailed as influence
    ///   (Pareto with tail index 4/3). A loner has only the base.
    ///
    /// With the defaults the median user posts 14 times on Twitter in the 90
    /// days (5 on LinkedIn, whose volume is 35) and has about 90 followers
    /// there; the most popular have tens of thousands. Both counts rise with
    /// the reactions a user receives (Spearman's ρ about 0.7 in the sample).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::generate::SocialConfig;
    ///
    /// let config = SocialConfig::default().users(200).days(30).seed(42);
    /// let facts = config.facts()?;
    /// assert_eq!(facts, config.facts()?); // deterministic
    /// assert!(facts.iter().all(|f| f.posts.is_some() && f.audience.is_some()));
    /// // Everyone who was reacted to on a network posted there.
    /// for i in config.interactions()? {
    ///     let on = |f: &&influence::UserFacts| f.user == i.target && Some(&f.network) == i.network.as_ref();
    ///     assert!(facts.iter().find(on).and_then(|f| f.posts) >= Some(1));
    /// }
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn facts(&self) -> Result<Vec<UserFacts>> {
        self.validate()?;
        let (population, traits) = Population::draw(self);
        let k = self.networks.len();
        // Whether user i received a reaction on network j, at i * k + j.
        let mut reacted_to = vec![false; self.users as usize * k];
        for r in self.reactions(&population)? {
            reacted_to[r.target as usize * k + usize::from(r.network)] = true;
        }
        let ids = user_ids(self.users);
        let days = f64::from(self.days);
        let mut rng = Rng::stream(self.seed, FACTS_STREAM);
        let mut out = Vec::new();
        for (i, (id, person)) in ids.into_iter().zip(&population.people).enumerate() {
            let a = traits.activity[i];
            for (j, audience) in population.audiences.iter().enumerate() {
                if person.presence & (1 << j) == 0 {
                    continue;
                }
                let w = traits.influence[i * k + j];
                let volume = audience.profile.volume as f64 / 100.0;
                let mean_posts = days * POSTS_PER_DAY * (a + w) * volume;
                let mut posts = rounded(mean_posts * (0.5 + rng.unit()));
                if reacted_to[i * k + j] {
                    posts = posts.max(1);
                }
                let followers =
                    rounded(AUDIENCE_PER_INFLUENCE * w * (0.5 + rng.unit())).saturating_add(rng.below(AUDIENCE_BASE));
                let network = self.networks[j].clone();
                out.push(UserFacts::new(id.clone(), network).posts(posts).audience(followers));
            }
        }
        Ok(out)
    }

    /// The reactions of `population`, in generation order: exactly
    /// [`SocialConfig::interaction_count`] of them, in parallel, identical for
    /// every thread count.
    fn reactions(&self, population: &Population) -> Result<Vec<Raw>> {
        let total = self.interaction_count() as usize;
        let window = u32::try_from(i64::from(self.days) * SECONDS_PER_DAY)
            .map_err(|_| Error::config("days", self.days, "must lie between 1 and 36,500"))?;
        let chunks: Vec<Vec<Raw>> = (0..total.div_ceil(EVENT_CHUNK))
            .into_par_iter()
            .map(|k| {
                let events = EVENT_CHUNK.min(total - k * EVENT_CHUNK);
                let mut rng = Rng::stream(self.seed, 1 + k as u64);
                let mut chunk = population.react(&mut rng, events, window);
                population.give_topics(&mut Rng::stream(self.seed, TOPIC_STREAMS + k as u64), &mut chunk);
                chunk
            })
            .collect();
        let mut raw: Vec<Raw> = Vec::with_capacity(total);
        for chunk in chunks {
            let room = total - raw.len();
            raw.extend(chunk.into_iter().take(room));
        }
        Ok(raw)
    }
}

/// `x` (finite, at least 0) rounded to the nearest integer, saturating.
fn rounded(x: f64) -> u64 {
    // `as` truncates towards 0 (and saturates): exact, so the same everywhere.
    (x + 0.5) as u64
}

/// The ids `u0001`… of `n` users, zero-padded to the width of `n` (at least 4).
fn user_ids(n: u32) -> Vec<String> {
    let width = n.to_string().len().max(4);
    (1..=n).map(|i| format!("u{i:0width$}")).collect()
}

/// One reaction before it becomes an [`Interaction`], in 16 bytes.
#[derive(Debug, Clone, Copy)]
struct Raw {
    /// Seconds since the start of the window.
    offset: u32,
    actor: u32,
    target: u32,
    network: u8,
    kind: u8,
    /// An index into `TOPICS`, or `NO_TOPIC`.
    topic: u8,
}

/// The users of one network, with their influence arranged for drawing
/// targets: an alias table over all of them, and cumulative sums for drawing
/// within a community (a short, contiguous range).
#[derive(Debug)]
struct Audience {
    profile: Profile,
    /// Users on this network, ascending.
    members: Vec<u32>,
    /// Draws a position in `members` by influence; `None` when nobody has any.
    everyone: Option<AliasTable>,
    /// `cumulative[j]` is the influence of `members[..j]`.
    cumulative: Vec<f64>,
    /// `members[community_start[c]..community_start[c + 1]]` are community `c`'s.
    community_start: Vec<u32>,
}

impl Audience {
    /// A member drawn in proportion to influence among all members.
    fn draw(&self, rng: &mut Rng) -> Option<u32> {
        self.everyone.as_ref().map(|t| self.members[t.draw(rng)])
    }

    /// A member drawn in proportion to influence among `members[lo..hi]`, or
    /// `None` when they have none.
    fn draw_among(&self, rng: &mut Rng, community: u32) -> Option<u32> {
        let c = community as usize;
        let (lo, hi) = (self.community_start[c] as usize, self.community_start[c + 1] as usize);
        let (base, top) = (self.cumulative[lo], self.cumulative[hi]);
        let total = top - base;
        if total <= 0.0 {
            return None;
        }
        let mut r = base + rng.unit() * total;
        if r >= top {
            // Rounding reached the end: take the first member with influence.
            r = base;
        }
        // The first j with cumulative[j + 1] > r has cumulative[j] <= r < cumulative[j + 1]:
        // a member with positive influence.
        let j = lo + self.cumulative[lo + 1..=hi].partition_point(|&c| c <= r);
        Some(self.members[j])
    }
}

/// What the population's draw computes besides [`Population`], for
/// [`SocialConfig::facts`].
#[derive(Debug)]
struct Traits {
    /// Each user's activity (0 for lurkers).
    activity: Vec<f64>,
    /// Influence of user i on network j at i * k + j (0 when absent).
    influence: Vec<f64>,
}

/// Every user's role, activity, networks, community and interests, and each
/// network's audience.
#[derive(Debug)]
struct Population {
    /// Draws a user by activity.
    actors: AliasTable,
    people: Vec<Person>,
    audiences: Vec<Audience>,
    /// What the broadcast shape adds; `None` in the communities shape.
    broadcast: Option<broadcast::Broadcast>,
}

/// What the reactions need to know of one user, packed into one cache line's
/// quarter.
#[derive(Debug, Clone, Copy)]
struct Person {
    /// Bit `k` set when the user is on network `k`.
    presence: u64,
    community: u32,
    role: Role,
    /// Bit `t` set when the user is interested in `TOPICS[t]`.
    interests: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Regular,
    /// Reacted to, never reacts.
    Lurker,
    /// Reacts only to themselves; nobody reacts to them.
    Loner,
    /// Reacts; never drawn as a target (the broadcast shape's majority).
    Passive,
}

impl Population {
    fn draw(config: &SocialConfig) -> (Population, Traits) {
        if config.shape == PopulationShape::Broadcast {
            return broadcast::draw(config, broadcast::window_of(config.days));
        }
        let n = config.users as usize;
        let profiles: Vec<Profile> = config.networks.iter().map(profile).collect();
        let k = profiles.len();
        let mut rng = Rng::stream(config.seed, POPULATION_STREAM);
        let mut interest_rng = Rng::stream(config.seed, INTEREST_STREAM);
        let mut people = Vec::with_capacity(n);
        let mut activity = Vec::with_capacity(n);
        // Influence of user i on network j at i * k + j (0 when absent).
        let mut influence = Vec::with_capacity(n * k);
        for _ in 0..n {
            let r = rng.unit();
            let role = if r < LURKER_SHARE {
                Role::Lurker
            } else if r < LURKER_SHARE + LONER_SHARE {
                Role::Loner
            } else {
                Role::Regular
            };
            // Pareto with tail index 4/3: u^(−3/4) = 1 / (√u · √√u).
            let u = rng.unit_open0();
            let latent = if role == Role::Loner { 0.0 } else { 1.0 / (u.sqrt() * u.sqrt().sqrt()) };
            // Pareto with tail index 2: u^(−1/2).
            let a = 1.0 / rng.unit_open0().sqrt();
            activity.push(if role == Role::Lurker { 0.0 } else { a });
            let mut mask = 0u64;
            for (j, p) in profiles.iter().enumerate() {
                let on = rng.chance(p.presence);
                let factor = 0.25 + 1.5 * rng.unit();
                if on {
                    mask |= 1 << j;
                }
                influence.push(latent * factor);
            }
            if mask == 0 {
                let j = rng.below(k as u64) as usize;
                mask = 1 << j;
            }
            let own = influence.len() - k;
            for (j, w) in influence[own..].iter_mut().enumerate() {
                if mask & (1 << j) == 0 {
                    *w = 0.0;
                }
            }
            people.push(Person { presence: mask, community: 0, role, interests: draw_interests(&mut interest_rng) });
        }
        let mut starts = Vec::new();
        let mut next = 0;
        while next < n {
            let c = starts.len() as u32;
            starts.push(next as u32);
            let size = MIN_COMMUNITY + rng.below(MAX_COMMUNITY - MIN_COMMUNITY + 1);
            let end = n.min(next + size as usize);
            people[next..end].iter_mut().for_each(|p| p.community = c);
            next = end;
        }
        starts.push(n as u32);
        let audiences = profiles
            .iter()
            .enumerate()
            .map(|(j, &profile)| {
                let members: Vec<u32> =
                    (0..n as u32).filter(|&i| people[i as usize].presence & (1 << j) != 0).collect();
                let weights: Vec<f64> = members.iter().map(|&i| influence[i as usize * k + j]).collect();
                let everyone = AliasTable::new(&weights);
                let mut cumulative = Vec::with_capacity(members.len() + 1);
                let mut sum = 0.0;
                cumulative.push(sum);
                for w in weights {
                    sum += w;
                    cumulative.push(sum);
                }
                let community_start = starts.iter().map(|&s| members.partition_point(|&m| m < s) as u32).collect();
                Audience { profile, members, everyone, cumulative, community_start }
            })
            .collect();
        // Someone must react: in a tiny population of lurkers, the first user is not one.
        let actors = AliasTable::new(&activity).unwrap_or_else(|| {
            people[0].role = Role::Regular;
            AliasTable::only(0, n)
        });
        (Population { actors, people, audiences, broadcast: None }, Traits { activity, influence })
    }

    /// Draws `events` reactions (and the reactions back).
    ///
    /// The actors are drawn and looked up first, all of them: these lookups
    /// are independent, so the processor overlaps their cache misses, which
    /// a population larger than the caches would otherwise pay one by one.
    fn react(&self, rng: &mut Rng, events: usize, window: u32) -> Vec<Raw> {
        let actors: Vec<u32> = (0..events).map(|_| self.actors.draw(rng) as u32).collect();
        let people: Vec<Person> = actors.iter().map(|&a| self.people[a as usize]).collect();
        let mut out = Vec::with_capacity(events + events / 4);
        for (&actor, &person) in actors.iter().zip(&people) {
            match &self.broadcast {
                None => self.react_once(rng, actor, person, window, &mut out),
                Some(b) => b.react_once(self, rng, actor, person, &mut out),
            }
        }
        out
    }

    /// Draws the reaction of `actor` (and perhaps the reaction back) into `out`.
    fn react_once(&self, rng: &mut Rng, actor: u32, person: Person, window: u32, out: &mut Vec<Raw>) {
        let network = draw_network(rng, person.presence, &self.audiences);
        let audience = &self.audiences[network as usize];
        let offset = rng.below(u64::from(window)) as u32;
        if person.role == Role::Loner {
            out.push(Raw { offset, actor, target: actor, network, kind: audience.profile.own, topic: NO_TOPIC });
            return;
        }
        let mut target = None;
        for _ in 0..TARGET_ATTEMPTS {
            // Drawing oneself locally (alone with influence in one's community
            // on this network) falls back to the whole network.
            let local = if rng.chance(LOCALITY) { audience.draw_among(rng, person.community) } else { None };
            let t = local.filter(|&t| t != actor).or_else(|| audience.draw(rng));
            if t.is_some_and(|t| t != actor) {
                target = t;
                break;
            }
        }
        let Some(target) = target else {
            // Nobody else on this network has influence: a tiny population.
            out.push(Raw { offset, actor, target: actor, network, kind: audience.profile.own, topic: NO_TOPIC });
            return;
        };
        let kind = audience.profile.draw_kind(rng);
        out.push(Raw { offset, actor, target, network, kind, topic: NO_TOPIC });
        if rng.chance(RECIPROCITY) && self.people[target as usize].role != Role::Lurker {
            let back = if kind == FOLLOW { FOLLOW } else { audience.profile.draw_kind(rng) };
            let delay = 1 + rng.below(MAX_REPLY_DELAY);
            let later = (u64::from(offset) + delay).min(u64::from(window) - 1) as u32;
            out.push(Raw { offset: later, actor: target, target: actor, network, kind: back, topic: NO_TOPIC });
        }
    }

    /// Gives every reaction of `chunk` but a follow one of its target's
    /// interests, uniformly, drawn from `rng` in the chunk's order.
    fn give_topics(&self, rng: &mut Rng, chunk: &mut [Raw]) {
        for r in chunk.iter_mut().filter(|r| r.kind != FOLLOW) {
            let interests = self.people[r.target as usize].interests;
            r.topic = nth_bit(interests, rng.below(u64::from(interests.count_ones())) as u32);
        }
    }
}

/// 1 to `MAX_INTERESTS` distinct topics, as bits of `TOPICS`.
fn draw_interests(rng: &mut Rng) -> u8 {
    let count = 1 + rng.below(MAX_INTERESTS) as u32;
    let mut interests = 0u8;
    while interests.count_ones() < count {
        interests |= 1 << rng.below(TOPICS.len() as u64);
    }
    interests
}

/// The index of the `n`-th set bit of `bits` (counting from 0, lowest
/// first); `bits` has more than `n` set bits.
fn nth_bit(bits: u8, n: u32) -> u8 {
    let mut rest = bits;
    for _ in 0..n {
        rest &= rest - 1;
    }
    rest.trailing_zeros() as u8
}

/// A network among those of `presence`, in proportion to their volumes.
fn draw_network(rng: &mut Rng, presence: u64, audiences: &[Audience]) -> u8 {
    let on = |j: &usize| presence & (1 << j) != 0;
    let total: u64 = (0..audiences.len()).filter(on).map(|j| audiences[j].profile.volume).sum();
    let mut r = rng.below(total);
    let mut last = 0;
    for j in (0..audiences.len()).filter(on) {
        let v = audiences[j].profile.volume;
        if r < v {
            return j as u8;
        }
        r -= v;
        last = j;
    }
    // Not reached: r < total, the sum of the volumes above.
    last as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_padded_and_one_based() {
        assert_eq!(user_ids(3), ["u0001", "u0002", "u0003"]);
        assert_eq!(user_ids(12345)[0], "u00001");
    }

    #[test]
    fn mixes_sum_to_one_hundred() {
        for n in [
            Network::Twitter,
            Network::Facebook,
            Network::LinkedIn,
            Network::Instagram,
            Network::YouTube,
            Network::Wikipedia,
            Network::Other("x".into()),
        ] {
            let p = profile(&n);
            assert_eq!(p.mix.iter().map(|&(_, w)| w).sum::<u64>(), 100, "{n}");
        }
    }

    #[test]
    fn interests_are_one_to_three_topics() {
        let mut rng = Rng::stream(5, INTEREST_STREAM);
        let mut counts = [0; 4];
        for _ in 0..1000 {
            let n = draw_interests(&mut rng).count_ones() as usize;
            counts[n] += 1;
        }
        assert_eq!(counts[0], 0);
        assert!(counts[1..].iter().all(|&c| c > 250), "{counts:?}");
        assert_eq!(nth_bit(0b1010_0100, 0), 2);
        assert_eq!(nth_bit(0b1010_0100, 1), 5);
        assert_eq!(nth_bit(0b1010_0100, 2), 7);
    }

    #[test]
    fn raw_records_stay_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Raw>(), 16);
    }

    #[test]
    fn a_single_user_reacts_to_themselves_only() {
        let records = SocialConfig::default().users(1).days(2).interactions().unwrap();
        assert!(!records.is_empty());
        assert!(records.iter().all(|i| i.actor == "u0001" && i.target == "u0001"));
    }
}
