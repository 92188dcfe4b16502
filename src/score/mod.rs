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
//!    to another on one UTC day add up to `n` reactions of that kind and
//!    then **saturate**: `s = k·S·(1 − e^(−n/S))` for a kind weighing `k`,
//!    with `S = 2`, so a hundred likes from one fan at once count as two
//!    likes at most, less than a single reshare, and unique reactors
//!    matter more than repeated ones; the days add up. A pair's edge weight
//!    is the sum over its kinds.
//! 3. **Standing** ([`Standing`]): whose reactions count on the network.
//!    Before the anchor (halfway between the window's first interaction
//!    and the as-of time), a user keeps full standing while two of their
//!    reactors keep theirs (the largest fixed point of
//!    `t = min(1, Σ t_reactors / 2)`); over the whole window, one reaction
//!    from such a user gives full standing. Fresh accounts, however many
//!    and however densely they react to each other, have none unless users
//!    of standing react to them.
//! 4. **Influence** on the network: each reaction passes on its saturated
//!    weight `s` times its reactor's **credit**
//!    `α·t_a + (1 − α)·K·d·x_a/W_a`, with `α` the volume weight (0.5,
//!    [`ScoreConfig::volume_weight`]), `t_a` the reactor's standing, and
//!    `x_a/W_a` the reactor's PageRank per unit of the weight `W_a` of all
//!    their reactions (damping `d` 0.85; `K` the network's scale). So a
//!    user's influence `v = Σ_a credit_a·s_a` is mostly the volume of
//!    reactions from users of standing, which predicts later reactions
//!    best on real data (`VALIDITY.md`), and partly who those reactors
//!    are: dividing by each reactor's total weight makes a reaction from a
//!    selective person worth more, weighting by PageRank one from an
//!    influential person. PageRank teleports to users of standing
//!    ([`Teleport::Standing`]) and is pseudo-PageRank
//!    `x = (1 − d)·(I − d·S)⁻¹·g` (the mass of users who react to nobody
//!    is dropped, nothing is normalized), which is what keeps every score
//!    from falling when anyone receives a reaction. Accounts without
//!    standing earn nothing and pass nothing on; posting and reacting
//!    alone leave a score at 1, and the reactions a user received from
//!    accounts without standing ([`ScoreModel::crowd`]) only order the
//!    users at the floor. [`Teleport::established`] (the default before,
//!    with volume weight 0), [`Teleport::Engaged`], `Uniform` and
//!    `Trusted` seeds (where standing then starts) are the alternatives;
//!    volume weight 0 is PageRank alone.
//!    With a `credibility` exponent `c > 0` (default 0), a reactor passes
//!    on `x_a·min(1, K·x_a)^c` instead of `x_a`, so reactors of less than
//!    average influence count for much less (see
//!    [`ScoreConfig::credibility`] for what that buys and costs).
//! 5. **Facts**, when given ([`UserFacts`](crate::UserFacts)): with posts
//!    known, `v` is multiplied by `2r/(r + r̃)`, where `r = v / posts` is
//!    the influence received per post and `r̃` the median of the network's
//!    users with posts known (100 reshares of 10 posts beat 100 reshares of
//!    1,000; reactions from accounts that hold no influence raise neither);
//!    with an audience
//!    known, `0.02·log10(1 + audience)` is added (follower counts barely
//!    count).
//! 6. **Across networks** the raw score is `Σ weight(network) × (factor·v +
//!    audience)`: every term is at least 0, so linking another network
//!    never lowers it, and receiving a reaction never lowers it either
//!    (both tested as properties; the one exception: a reaction dated
//!    before every other in the window moves standing's anchor).
//! 7. **Scale.** A [`Calibration`], fitted once on the users of a
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
mod learn;
mod model;
mod standing;

pub use calibration::{Calibration, MIN_POPULATION, TARGET_MEAN, TARGET_P95, TOP_SCORE};
pub use config::{Measure, NetworkWeights, ScoreConfig, Standing, Teleport};
pub use learn::{Comparison, PairwiseFit, PairwiseLogistic, learn_kind_weights, learn_network_weights};
pub use model::explain::{Explanation, GENERIC_KIND, KindPart, NetworkPart, PartnerPart};
pub use model::topics::TopicInfluence;
pub use model::{ScoreModel, ScoreModelBuilder, UNSPECIFIED_NETWORK, UpdateReport, UserScore};
