//! The Klout-style score: every user's influence across several networks on
//! a calibrated 1–100 scale, explained, kept up to date day by day.
//!
//! # How a score is made
//!
//! 1. **The window.** Scores are computed *as of* a time (by default the
//!    latest interaction's). Interactions after it, or more than
//!    `window_days` (90) before it, are out; within the window a reaction's
//!    weight halves every `half_life_days` (30). Undated interactions count
//!    fully. Self-reactions are dropped.
//! 2. **Per network**, each reaction weighs its kind's weight (reshare 1,
//!    reply and comment 0.8, mention 0.6, like 0.3, follow 0.2) times its
//!    own weight times its fade. The reactions of one kind from one person
//!    to another add up to `n` reactions of that kind and then
//!    **saturate**: `s = k·S·(1 − e^(−n/S))` for a kind weighing `k`, with
//!    `S = 2`, so a hundred likes from one fan count as two likes at most,
//!    less than a single reshare, and unique reactors matter more than
//!    repeated ones. A pair's edge weight is the sum over its kinds.
//! 3. **Influence** on the network is PageRank on the graph of saturated
//!    reactions (damping 0.85). Dividing by each reactor's total weight
//!    makes a reaction from a selective person worth more; weighting by
//!    the reactor's own PageRank makes a reaction from an influential
//!    person worth more. Influence starts at **established** users
//!    ([`Teleport::established`]): PageRank teleports to each user in
//!    proportion to `min(1, r/15)^4`, where `r` counts their distinct
//!    reactors on the network who were themselves reacted to there. So
//!    accounts nobody reacts to, or only dead accounts, a few low-influence
//!    accounts or a sparse ring of fakes react to, hold (almost) nothing
//!    and pass (almost) nothing on. Influence is pseudo-PageRank
//!    `x = (1 − d)·(I − d·S)⁻¹·g` (the mass of users who react to nobody is
//!    dropped, not redistributed, and nothing is normalized), which is what
//!    keeps every score from falling when anyone receives a reaction. A
//!    user's influence on the network is what the reactions they received
//!    passed on, `v = d·Σ_a x_a·s_a/W_a` over their reactors `a` (saturated
//!    weight `s_a` of a's reactions to the user, `a`'s total weight `W_a`,
//!    damping `d`). The teleport share itself earns nothing: posting and
//!    reacting alone, or being reacted to only by accounts nobody reacts
//!    to, leave a score at 1. [`Teleport::Engaged`] (every user someone
//!    reacted to holds a full share; normalized so that `K` holders make 1
//!    an average share, `v = K·d·Σ_a x_a·s_a/W_a`), `Uniform` and
//!    `Trusted` seeds are the alternatives.
//!    With a `credibility` exponent `c > 0` (default 0), a reactor passes
//!    on `x_a·min(1, K·x_a)^c` instead of `x_a`, so reactors of less than
//!    average influence count for much less (see
//!    [`ScoreConfig::credibility`] for what that buys and costs).
//! 4. **Facts**, when given ([`UserFacts`](crate::UserFacts)): with posts
//!    known, `v` is multiplied by `2r/(r + r̃)`, where `r = v / posts` is
//!    the influence received per post and `r̃` the median of the network's
//!    users with posts known (100 reshares of 10 posts beat 100 reshares of
//!    1,000; reactions from accounts that hold no influence raise neither);
//!    with an audience
//!    known, `0.02·log10(1 + audience)` is added (follower counts barely
//!    count).
//! 5. **Across networks** the raw score is `Σ weight(network) × (factor·v +
//!    audience)`: every term is at least 0, so linking another network
//!    never lowers it, and receiving a reaction never lowers it either
//!    (both tested as properties).
//! 6. **Scale.** A [`Calibration`], fitted once on the users of a
//!    population who hold influence (mean 40, 95th percentile 63, top user
//!    99; everyone else at 1, outside the fit) and saved as versioned JSON,
//!    maps raw scores to 1–100 on every later day. Fitting never refuses a
//!    population.
//!
//! [`ScoreModel::explain`] breaks a score down exactly by network, by kind
//! and by partner ([`Explanation`]); [`ScoreModel::top_topics`] gives
//! per-topic influence from topic-tagged interactions;
//! [`ScoreModel::update`] adds a day's interactions and warm-starts every
//! PageRank; [`ScoreModel::forget`] erases a user. [`learn_network_weights`]
//! and [`learn_kind_weights`] fit weights to labelled comparisons.
//!
//! # Example
//!
//! ```
//! use influence::generate::SocialConfig;
//! use influence::score::{ScoreConfig, ScoreModel};
//!
//! let interactions = SocialConfig::default().users(300).interactions()?;
//! let model = ScoreModel::builder(ScoreConfig::default()).build(&interactions)?;
//! let calibration = model.fit_calibration()?;
//! let scores = model.scores(&calibration)?;
//! let best = &scores[0];
//! assert!(best.score >= 95.0 && best.score <= 100.0);
//!
//! let why = model.explain(&calibration, &best.user, 3)?;
//! let by_network: f64 = why.networks.iter().map(|n| n.points).sum();
//! assert!((why.floor + by_network - why.score).abs() < 1e-9);
//! println!("{why}");
//! # Ok::<(), influence::Error>(())
//! ```

mod calibration;
mod config;
mod explain;
mod learn;
mod model;
mod standing;
mod topics;

pub use calibration::{Calibration, MIN_POPULATION, TARGET_MEAN, TARGET_P95, TOP_SCORE};
pub use config::{Measure, NetworkWeights, ScoreConfig, Standing, Teleport};
pub use explain::{Explanation, GENERIC_KIND, KindPart, NetworkPart, PartnerPart};
pub use learn::{Comparison, PairwiseFit, PairwiseLogistic, learn_kind_weights, learn_network_weights};
pub use model::{ScoreModel, ScoreModelBuilder, UNSPECIFIED_NETWORK, UpdateReport, UserScore};
pub use topics::TopicInfluence;
