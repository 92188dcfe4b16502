//! [`ScoreModel`]: the records of a window, each network's influence, and
//! the raw score they add up to.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::calibration::Calibration;
use super::config::{Measure, ScoreConfig, Teleport};

use super::standing;

mod compute;
pub(super) mod explain;
pub(super) mod topics;
mod update;
use crate::algo::PageRank;
use crate::error::{Error, Result};
use crate::graph::{Layer, Users, WeightOverflow};
use crate::interaction::{Interaction, InteractionKind, Network, UserFacts};
use compute::fade_at;
use explain::Explanation;
use topics::{TopicInfluence, TopicTable};

/// The name under which interactions without a network are scored.
pub const UNSPECIFIED_NETWORK: &str = "unspecified";

/// Marks an interaction without a time.
const UNDATED: i64 = i64::MIN;
/// Seconds in a day: saturation is per day.
const DAY: i64 = 86_400;
/// Marks an interaction without a topic.
pub(crate) const NO_TOPIC: u32 = u32::MAX;

/// One interaction, interned.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    pub(crate) actor: u32,
    pub(crate) target: u32,
    pub(crate) network: u16,
    pub(crate) kind: u16,
    pub(crate) topic: u32,
    pub(crate) time: i64,
    pub(crate) weight: f64,
}

/// One (reactor → user, kind) weight after fading: per day before
/// saturation while the parts are gathered, then saturated per day and
/// summed over the days ([`saturate`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Part {
    /// `target << 32 | actor`.
    pub(crate) key: u64,
    pub(crate) kind: u16,
    /// The UTC day of the reactions (`time / 86,400`), [`UNDATED_DAY`] for
    /// undated ones; 0 once summed over the days.
    pub(crate) day: i32,
    pub(crate) weight: f64,
}

/// The day of undated reactions, which saturate together.
const UNDATED_DAY: i32 = i32::MIN;

/// One network's share of the score.
#[derive(Debug)]
pub(crate) struct NetworkScore {
    pub(crate) network: Network,
    pub(crate) weight: f64,
    /// Faded, saturated reactions, CSR over incoming edges.
    pub(crate) layer: Layer,
    /// Faded weights per (target, actor, kind), sorted.
    pub(crate) parts: Vec<Part>,
    /// PageRank; empty when nobody holds influence on this network.
    pub(crate) x: Vec<f64>,
    /// Each user's standing on this network, 0 to 1.
    pub(crate) standing: Vec<f64>,
    /// A reaction's credit per unit of its weight, by reactor: `α·t +
    /// (1 − α)·K·d·power` (`α` the volume weight, `t` the standing).
    pub(crate) credit: Vec<f64>,
    /// The reaction weight each user received from reactors without
    /// standing: `Σ s·(1 − t)`. It earns nothing; it orders the users at
    /// the floor.
    pub(crate) crowd: Vec<f64>,
    pub(crate) iterations: usize,
    /// Influence on this network before its weight: the credit of the
    /// reactions received, `Σ_a credit_a·s_au`.
    pub(crate) value: Vec<f64>,
    /// The reactions-per-post factor, 1 without facts.
    pub(crate) factor: Vec<f64>,
    /// Audience influence, 0 without facts.
    pub(crate) audience: Vec<f64>,
}

impl NetworkScore {
    /// The influence this network adds to `u`'s raw score.
    pub(crate) fn contribution(&self, u: usize) -> f64 {
        let v = if self.value.is_empty() { 0.0 } else { self.value[u] };
        self.weight * (self.factor[u] * v + self.audience[u])
    }
}

/// A network's reactors' influence: normalized scores, how many hold some,
/// and the iterations it took.
#[derive(Debug)]
struct Solved {
    x: Vec<f64>,
    scale: f64,
    iterations: usize,
}

/// What a network's score is built from: its layer of saturated
/// reactions, their parts by kind and its users' standing.
#[derive(Debug)]
struct NetInputs {
    k: u16,
    network: Network,
    layer: Layer,
    parts: Vec<Part>,
    standing: Vec<f64>,
}

/// Posts and audience of one user on one network.
#[derive(Debug, Clone, Copy, Default)]
struct Facts {
    posts: Option<u64>,
    audience: Option<u64>,
}

/// What [`ScoreModel::compute`] found, to be installed.
#[derive(Debug)]
struct Computed {
    as_of: Option<i64>,
    present: Vec<bool>,
    nets: Vec<NetworkScore>,
    raw: Vec<f64>,
    crowd: Vec<f64>,
}

/// What a day's [`ScoreModel::update`] did.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UpdateReport {
    /// Interactions added.
    pub added: usize,
    /// Interactions dropped because they left the window for good.
    pub expired: usize,
    /// PageRank iterations per network, warm-started from the day before.
    pub iterations: Vec<(Network, usize)>,
}

/// One user's calibrated score.
///
/// `#[non_exhaustive]`: build one with [`UserScore::new`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct UserScore {
    /// The user's id.
    pub user: String,
    /// The score, 1 to 100.
    pub score: f64,
    /// The raw influence the score calibrates: the sum over networks of
    /// network weight × influence on that network (1 = an average user's
    /// influence on one network).
    pub raw: f64,
}

impl UserScore {
    /// A user's score, as [`io::write_scores`](crate::io::write_scores)
    /// writes it.
    ///
    /// ```
    /// use influence::score::UserScore;
    ///
    /// let s = UserScore::new("ann", 63.5, 2.25);
    /// assert_eq!((s.user.as_str(), s.score, s.raw), ("ann", 63.5, 2.25));
    /// ```
    pub fn new(user: impl Into<String>, score: f64, raw: f64) -> UserScore {
        UserScore { user: user.into(), score, raw }
    }
}

/// Builds a [`ScoreModel`]: interactions, optional facts and an optional
/// as-of time.
#[derive(Debug, Clone, Default)]
pub struct ScoreModelBuilder {
    config: ScoreConfig,
    facts: Vec<UserFacts>,
    as_of: Option<i64>,
}

impl ScoreModelBuilder {
    /// Per-user, per-network facts (posts, audience). Facts of users without
    /// interactions in the window are kept but change nothing.
    pub fn facts(mut self, facts: impl IntoIterator<Item = UserFacts>) -> Self {
        self.facts.extend(facts);
        self
    }

    /// Scores as they stood at `time` (Unix seconds): later interactions
    /// are left out and ages count from here. Default: the time of the
    /// latest interaction.
    pub fn as_of(mut self, time: i64) -> Self {
        self.as_of = Some(time);
        self
    }

    /// Interns `interactions`, then computes every network's influence.
    ///
    /// # Errors
    ///
    /// An invalid configuration, an invalid interaction weight, a repeated
    /// (user, network) in the facts, a network whose PageRank does not
    /// converge, and more than 65,535 networks or kinds; and
    /// [`ErrorKind::EmptyGraph`](crate::ErrorKind::EmptyGraph), saying why,
    /// when no interaction is left to score (none given, every one a
    /// self-interaction, or none in the window).
    pub fn build<'a>(self, interactions: impl IntoIterator<Item = &'a Interaction>) -> Result<ScoreModel> {
        self.build_from(|push| interactions.into_iter().try_for_each(push))
    }

    /// [`ScoreModelBuilder::build`] from interactions that `feed` hands over
    /// one at a time, calling its argument on each: nothing is held of an
    /// interaction but its interned record (ids once per user, 40 bytes per
    /// interaction), so a file can be scored without reading it into
    /// memory first (with [`io::for_each_interaction`](crate::io::for_each_interaction)).
    /// An error from the argument is the interaction's; `feed` returns it
    /// (or its own), and so does this.
    ///
    /// # Errors
    ///
    /// Those of [`ScoreModelBuilder::build`], and those of `feed`.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::score::{ScoreConfig, ScoreModel};
    /// use influence::{io, Limits};
    ///
    /// // ann, bob and cy reply to each other and reshare star.
    /// let mut input = String::from("actor,target,kind,network\n");
    /// for (a, b) in [("ann", "bob"), ("bob", "cy"), ("cy", "ann"), ("bob", "ann"), ("cy", "bob"), ("ann", "cy")] {
    ///     input += &format!("{a},{b},reply,twitter\n{a},star,reshare,twitter\n");
    /// }
    /// let model = ScoreModel::builder(ScoreConfig::default()).build_from(|push| {
    ///     io::for_each_interaction(input.as_bytes(), None, io::InputFormat::Csv, Limits::default(), |i| push(&i))
    ///         .map(|_| ())
    /// })?;
    /// assert!(model.raw_score("star")? > model.raw_score("bob")?);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn build_from(
        self,
        feed: impl FnOnce(&mut dyn FnMut(&Interaction) -> Result<()>) -> Result<()>,
    ) -> Result<ScoreModel> {
        self.config.validate()?;
        let mut model = ScoreModel::empty(self.config, self.as_of);
        feed(&mut |i| model.push(i))?;
        model.renumber(&model.canonical_order());
        for f in &self.facts {
            model.add_facts(f)?;
        }
        model.recompute()?;
        if model.user_count() == 0 {
            return Err(model.nothing_to_score());
        }
        Ok(model)
    }
}

/// The Klout-style score of every user of a window of interactions.
///
/// Built by [`ScoreModel::builder`]. For each network it builds the graph of
/// faded reactions (saturated per pair, kind and day), finds who has
/// [`Standing`](super::Standing) there (whose reactions count), and runs
/// PageRank teleporting to the users of standing ([`Teleport`]). Each
/// reaction then passes on a credit per unit of its weight: the volume
/// weight's share of its reactor's standing plus the rest of the PageRank
/// influence the reactor passes on ([`ScoreConfig::volume_weight`]). A
/// user's influence on a network is the credit received, times the
/// reactions-per-post factor when posts are known, plus the audience term.
/// The raw score is the weighted sum over networks; a [`Calibration`] maps
/// it to 1–100. See the [module documentation](crate::score) for the
/// formulas.
///
/// # Example
///
/// ```
/// use influence::score::{Calibration, ScoreConfig, ScoreModel};
/// use influence::{Interaction, InteractionKind, Network};
///
/// let day = 86_400;
/// let tw = |a: &str, t: &str, k, d: i64| Interaction::new(a, t).kind(k).network(Network::Twitter).time(d * day);
/// let friends = ["ann", "bob", "cy", "dee", "eve"];
/// let mut records = Vec::new();
/// // The first days: five friends reply to each other, so they have standing.
/// for (i, a) in friends.iter().enumerate() {
///     for b in &friends[i + 1..] {
///         records.push(tw(a, b, InteractionKind::Reply, 0));
///         records.push(tw(b, a, InteractionKind::Reply, 1));
///     }
/// }
/// // Later they reshare star; and ten fresh accounts reshare each other
/// // and "bought" a hundred times each.
/// for a in friends {
///     records.push(tw(a, "star", InteractionKind::Reshare, 9));
/// }
/// for i in 0..10 {
///     let fake = format!("fake{i}");
///     records.push(tw(&fake, &format!("fake{}", (i + 1) % 10), InteractionKind::Reshare, 9));
///     for _ in 0..100 {
///         records.push(tw(&fake, "bought", InteractionKind::Reshare, 9));
///     }
/// }
/// let model = ScoreModel::builder(ScoreConfig::default()).build(&records)?;
/// assert!(model.raw_score("star")? > model.raw_score("ann")?);
/// // Nobody of standing reacts to the fakes: their reactions earn nothing.
/// assert_eq!(model.raw_score("bought")?, 0.0);
/// assert!(model.crowd("bought")? > 0.0);
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug)]
pub struct ScoreModel {
    config: ScoreConfig,
    as_of: Option<i64>,
    effective_as_of: Option<i64>,
    /// The users' ids, interned as the graph side interns them; shared
    /// with the one-layer graphs the registry's measures run on.
    users: Arc<Users>,
    networks: Vec<Network>,
    kinds: Vec<Option<InteractionKind>>,
    pub(crate) topics: Vec<String>,
    pub(crate) records: Vec<Record>,
    facts: BTreeMap<(u32, u16), Facts>,
    present: Vec<bool>,
    pub(crate) nets: Vec<NetworkScore>,
    raw: Vec<f64>,
    crowd: Vec<f64>,
    topic_table: OnceLock<TopicTable>,
}

impl ScoreModel {
    /// A builder with `config`.
    pub fn builder(config: ScoreConfig) -> ScoreModelBuilder {
        ScoreModelBuilder { config, ..ScoreModelBuilder::default() }
    }

    fn empty(config: ScoreConfig, as_of: Option<i64>) -> ScoreModel {
        ScoreModel {
            config,
            as_of,
            effective_as_of: None,
            users: Arc::default(),
            networks: Vec::new(),
            kinds: Vec::new(),
            topics: Vec::new(),
            records: Vec::new(),
            facts: BTreeMap::new(),
            present: Vec::new(),
            nets: Vec::new(),
            raw: Vec::new(),
            crowd: Vec::new(),
            topic_table: OnceLock::new(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ScoreConfig {
        &self.config
    }

    /// The time the scores are computed as of: the one given, else the
    /// latest interaction's, else `None` (no interaction has a time).
    #[allow(clippy::misnamed_getters)] // the effective time, not the one given
    pub fn as_of(&self) -> Option<i64> {
        self.effective_as_of
    }

    /// The networks with interactions in the window, in order of name.
    pub fn networks(&self) -> impl Iterator<Item = &Network> + '_ {
        self.nets.iter().map(|n| &n.network)
    }

    /// PageRank iterations per network in the last computation.
    pub fn iterations(&self) -> Vec<(Network, usize)> {
        self.nets.iter().map(|n| (n.network.clone(), n.iterations)).collect()
    }

    /// The users with at least one interaction in the window, in index order.
    pub fn users(&self) -> impl Iterator<Item = &str> + '_ {
        self.users.iter().zip(&self.present).filter(|(_, p)| **p).map(|(u, _)| u)
    }

    /// The number of users with at least one interaction in the window.
    pub fn user_count(&self) -> usize {
        self.present.iter().filter(|p| **p).count()
    }

    /// Every topic the interactions named, in order of first appearance.
    pub fn topics(&self) -> &[String] {
        &self.topics
    }

    /// The raw influence of every user in the window (see
    /// [`UserScore::raw`]), in the order of [`ScoreModel::users`].
    pub fn raw_scores(&self) -> Vec<f64> {
        self.raw.iter().zip(&self.present).filter(|(_, p)| **p).map(|(r, _)| *r).collect()
    }

    /// The raw influence of `user`; 0 for a user whose interactions all
    /// lie outside the window.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownUser`](crate::ErrorKind::UnknownUser) for a user
    /// the input never named (or one forgotten).
    pub fn raw_score(&self, user: &str) -> Result<f64> {
        Ok(self.raw[self.user_index(user)? as usize])
    }

    /// `user`'s standing on each network of the window, 0 to 1 (see
    /// [`Standing`](super::Standing)): whether their reactions count.
    ///
    /// # Errors
    ///
    /// An unknown user.
    pub fn standing(&self, user: &str) -> Result<Vec<(Network, f64)>> {
        let u = self.user_index(user)? as usize;
        Ok(self.nets.iter().map(|n| (n.network.clone(), n.standing[u])).collect())
    }

    /// How many users of the window have standing (above 0) on at least
    /// one network: the users whose reactions count.
    pub fn users_with_standing(&self) -> usize {
        (0..self.users.len()).filter(|&u| self.present[u] && self.nets.iter().any(|n| n.standing[u] > 0.0)).count()
    }

    /// The reaction weight `user` received from reactors without standing
    /// (summed over networks with their weights). It earns no points: it
    /// orders the users whose raw influence is 0, below everyone else
    /// ([`ScoreModel::scores`]).
    ///
    /// # Errors
    ///
    /// An unknown user.
    pub fn crowd(&self, user: &str) -> Result<f64> {
        Ok(self.crowd[self.user_index(user)? as usize])
    }

    /// [`ScoreModel::crowd`] of every user of the window, in the order of
    /// [`ScoreModel::users`].
    pub fn crowd_scores(&self) -> Vec<f64> {
        self.crowd.iter().zip(&self.present).filter(|(_, p)| **p).map(|(c, _)| *c).collect()
    }

    /// The calibrated score of `user`.
    ///
    /// # Errors
    ///
    /// An unknown user, and a calibration fitted with another configuration.
    pub fn score(&self, calibration: &Calibration, user: &str) -> Result<UserScore> {
        calibration.check(&self.config)?;
        let raw = self.raw_score(user)?;
        Ok(UserScore { user: user.to_string(), score: calibration.apply(raw), raw })
    }

    /// Every user of the window with their calibrated score, best first:
    /// by raw influence, then (among users without any, at the floor) by
    /// [`ScoreModel::crowd`], then by id.
    ///
    /// # Errors
    ///
    /// A calibration fitted with another configuration.
    pub fn scores(&self, calibration: &Calibration) -> Result<Vec<UserScore>> {
        calibration.check(&self.config)?;
        let mut out: Vec<(UserScore, f64)> = self
            .users()
            .zip(self.raw_scores())
            .zip(self.crowd_scores())
            .map(|((u, raw), crowd)| (UserScore { user: u.to_string(), score: calibration.apply(raw), raw }, crowd))
            .collect();
        out.sort_by(|(a, ca), (b, cb)| {
            b.raw.total_cmp(&a.raw).then_with(|| cb.total_cmp(ca)).then_with(|| a.user.cmp(&b.user))
        });
        Ok(out.into_iter().map(|(s, _)| s).collect())
    }

    /// Fits a calibration on this model's population; see
    /// [`Calibration::fit`].
    pub fn fit_calibration(&self) -> Result<Calibration> {
        Calibration::fit(&self.config, &self.raw_scores(), self.effective_as_of)
    }

    /// The exact additive breakdown of `user`'s score, with the
    /// `top_partners` partners who contributed most listed by name (the
    /// rest summed up).
    ///
    /// # Errors
    ///
    /// An unknown user, and a calibration fitted with another configuration.
    pub fn explain(&self, calibration: &Calibration, user: &str, top_partners: usize) -> Result<Explanation> {
        calibration.check(&self.config)?;
        let u = self.user_index(user)?;
        Ok(explain::explain(self, &|raw| calibration.apply(raw), u, top_partners))
    }

    /// The topics with reactions in the window, sorted.
    ///
    /// # Errors
    ///
    /// A topic whose PageRank does not converge (topics are computed on
    /// first use).
    pub fn topics_in_window(&self) -> Result<&[String]> {
        Ok(self.topic_table()?.topics())
    }

    /// `user`'s `k` strongest topics, strongest first: topic-sensitive
    /// PageRank over all networks (weighted as in the score), one per
    /// topic, in the manner of TwitterRank: it teleports to users in
    /// proportion to the reactions their posts on the topic drew, and
    /// follows each reaction with its weight times the target's share of
    /// tagged reactions on the topic. So a user has influence on a topic
    /// only if posts of theirs on it drew reactions, and more when those
    /// reactions came from people influential on it.
    ///
    /// # Errors
    ///
    /// An unknown user, and a topic whose PageRank does not converge.
    pub fn top_topics(&self, user: &str, k: usize) -> Result<Vec<TopicInfluence>> {
        let u = self.user_index(user)?;
        Ok(self.topic_table()?.top(u, k))
    }

    /// The `k` most influential users on `topic` (normalized as topics are
    /// when read: `#Tech` is `tech`), most first, with their topic
    /// influence (1 = average).
    ///
    /// # Errors
    ///
    /// A topic without reactions in the window, and a topic whose PageRank
    /// does not converge.
    pub fn topic_leaders(&self, topic: &str, k: usize) -> Result<Vec<(String, f64)>> {
        // Named as in the input: `#Tech` is `tech`.
        let normalized = crate::interaction::normalize_topic(topic).unwrap_or_default();
        let leaders = self
            .topic_table()?
            .leaders(&normalized, k)
            .ok_or_else(|| Error::config("topic", topic, "no reaction in the window carries this topic"))?;
        Ok(leaders.into_iter().map(|(u, v)| (self.user_name(u).to_string(), v)).collect())
    }

    fn topic_table(&self) -> Result<&TopicTable> {
        if let Some(t) = self.topic_table.get() {
            return Ok(t);
        }
        let table = TopicTable::compute(self)?;
        Ok(self.topic_table.get_or_init(|| table))
    }

    pub(crate) fn user_index(&self, user: &str) -> Result<u32> {
        self.users.get(user).ok_or_else(|| Error::unknown_user(user, "the scored interactions"))
    }

    pub(crate) fn user_name(&self, u: u32) -> &str {
        self.users.name(u).unwrap_or_default()
    }

    pub(crate) fn kind(&self, k: u16) -> Option<&InteractionKind> {
        self.kinds[k as usize].as_ref()
    }

    pub(crate) fn users_len(&self) -> usize {
        self.users.len()
    }

    /// The configured weight of the kind interned as `kind`.
    pub(crate) fn kind_weight(&self, kind: u16) -> f64 {
        self.config.get_kind_weights().weight(self.kinds[kind as usize].as_ref())
    }

    /// A record's weight in the window: kind weight × own weight × fade (0
    /// outside the window).
    pub(crate) fn faded_weight(&self, r: &Record) -> f64 {
        let fade = fade_at(&self.config, r.time, self.effective_as_of);
        if fade == 0.0 {
            return 0.0;
        }
        self.kind_weight(r.kind) * r.weight * fade
    }

    pub(crate) fn raw_of(&self, u: u32) -> f64 {
        self.raw[u as usize]
    }

    fn intern_user(&mut self, id: &str) -> Result<u32> {
        if let Some(i) = self.users.get(id) {
            return Ok(i);
        }
        Arc::make_mut(&mut self.users).intern(id)
    }

    fn intern_network(&mut self, network: Option<&Network>) -> Result<u16> {
        let network = network.cloned().unwrap_or_else(|| Network::Other(UNSPECIFIED_NETWORK.to_string()));
        if let Some(i) = self.networks.iter().position(|n| *n == network) {
            return Ok(i as u16);
        }
        if self.networks.len() >= u16::MAX as usize {
            return Err(Error::new(crate::error::ErrorKind::TooLarge {
                what: crate::Counted::Networks,
                limit: u16::MAX as u64,
            }));
        }
        self.networks.push(network);
        Ok((self.networks.len() - 1) as u16)
    }

    fn intern_kind(&mut self, kind: Option<&InteractionKind>) -> Result<u16> {
        if let Some(i) = self.kinds.iter().position(|k| k.as_ref() == kind) {
            return Ok(i as u16);
        }
        if self.kinds.len() >= u16::MAX as usize {
            return Err(Error::new(crate::error::ErrorKind::TooLarge {
                what: crate::Counted::Kinds,
                limit: u16::MAX as u64,
            }));
        }
        self.kinds.push(kind.cloned());
        Ok((self.kinds.len() - 1) as u16)
    }

    fn intern_topic(&mut self, topic: Option<&str>) -> u32 {
        match topic {
            None => NO_TOPIC,
            Some(t) => match self.topics.iter().position(|x| x == t) {
                Some(i) => i as u32,
                None => {
                    self.topics.push(t.to_string());
                    (self.topics.len() - 1) as u32
                }
            },
        }
    }

    fn push(&mut self, i: &Interaction) -> Result<()> {
        let weight = i.weight.unwrap_or(1.0);
        if !(weight.is_finite() && (weight == 0.0 || weight >= f64::MIN_POSITIVE)) {
            return Err(Error::weight(
                format!("{weight:e}"),
                format!("the weight of {:?} → {:?} must be finite and 0 or at least 2.2e-308", i.actor, i.target),
            ));
        }
        let network = self.intern_network(i.network.as_ref())?;
        let kind = self.intern_kind(i.kind.as_ref())?;
        let topic = self.intern_topic(topic_of(i));
        let actor = self.intern_user(&i.actor)?;
        let target = self.intern_user(&i.target)?;
        self.records.push(Record { actor, target, network, kind, topic, time: i.time.unwrap_or(UNDATED), weight });
        Ok(())
    }

    fn add_facts(&mut self, f: &UserFacts) -> Result<()> {
        let Some(u) = self.users.get(f.user.as_str()) else { return Ok(()) };
        let network = self.intern_network(Some(&f.network))?;
        if self.facts.insert((u, network), Facts { posts: f.posts, audience: f.audience }).is_some() {
            return Err(Error::config(
                "facts",
                format!("{}@{}", f.user, f.network),
                "each (user, network) may have one row of facts",
            ));
        }
        Ok(())
    }

    /// The error for a model without a user in the window, saying why.
    fn nothing_to_score(&self) -> Error {
        let total = self.records.len();
        let selfish = self.records.iter().filter(|r| r.actor == r.target).count();
        let hint = if total == 0 {
            String::from(": no interaction was given")
        } else if selfish == total {
            let each = if total == 1 {
                String::from("its only interaction is")
            } else {
                format!("each of the {total} interactions is")
            };
            format!(
                ": nothing to score: {each} a self-interaction (actor = target), and those are dropped (are the actor \
                 and target columns the same?)"
            )
        } else {
            let now = self.effective_as_of.map_or_else(|| String::from("?"), crate::io::format_time);
            format!(
                ": nothing to score: of {total} interactions, {selfish} are self-interactions and the other {} lie \
                 outside the {}-day window before the as-of time {now} (or after it)",
                total - selfish,
                self.config.get_window_days()
            )
        };
        Error::new(crate::error::ErrorKind::EmptyGraph { hint })
    }

    /// The as-of time: the one given, else the latest dated record.
    fn latest_time(&self, given: Option<i64>) -> Option<i64> {
        given.or_else(|| self.records.iter().filter(|r| r.time != UNDATED).map(|r| r.time).max())
    }
}

/// The new index of each item when `items` are sorted by `order` (stable).
fn sorted_order<T>(items: &[T], order: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<u32> {
    let mut perm: Vec<u32> = (0..items.len() as u32).collect();
    perm.sort_by(|&a, &b| order(&items[a as usize], &items[b as usize]));
    let mut new_index = vec![0u32; perm.len()];
    for (new, &old) in perm.iter().enumerate() {
        new_index[old as usize] = new as u32;
    }
    new_index
}

/// Moves each item to its new index.
fn permute<T>(items: &mut Vec<T>, new_index: &[u32]) {
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (old, item) in std::mem::take(items).into_iter().enumerate() {
        slots[new_index[old] as usize] = Some(item);
    }
    items.extend(slots.into_iter().flatten());
}

fn topic_of(i: &Interaction) -> Option<&str> {
    i.topic.as_deref()
}
