//! The settings of a build: [`GraphConfig`] (what the builder keeps,
//! drops, merges and how it numbers users) and [`KindWeights`] (what each
//! kind of reaction is worth).

use crate::error::{Error, Result};
use crate::interaction::InteractionKind;
use crate::io::Limits;

/// How much one interaction of each kind is worth, before its own weight
/// multiplier.
///
/// The defaults follow the effort and endorsement a reaction expresses, the
/// ordering Klout and most engagement studies use: passing content on is the
/// strongest signal, a written reply or comment next, a mention, a like, and a
/// follow (a one-time act that says little about any one post) last.
///
/// | kind | default |
/// |---|---|
/// | reshare | 1.0 |
/// | reply | 0.8 |
/// | comment | 0.8 |
/// | mention | 0.6 |
/// | like | 0.3 |
/// | follow | 0.2 |
/// | other | 0.5 |
/// | none given | 1.0 (a plain weighted edge) |
///
/// A weight of 0 makes the builder ignore that kind (its interactions add
/// their users but no edge, and are counted in [`BuildStats::ignored`](super::BuildStats::ignored)).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct KindWeights {
    /// Weight of [`InteractionKind::Reshare`].
    pub reshare: f64,
    /// Weight of [`InteractionKind::Reply`].
    pub reply: f64,
    /// Weight of [`InteractionKind::Comment`].
    pub comment: f64,
    /// Weight of [`InteractionKind::Mention`].
    pub mention: f64,
    /// Weight of [`InteractionKind::Like`].
    pub like: f64,
    /// Weight of [`InteractionKind::Follow`].
    pub follow: f64,
    /// Weight of every [`InteractionKind::Other`].
    pub other: f64,
}

impl Default for KindWeights {
    fn default() -> Self {
        KindWeights { reshare: 1.0, reply: 0.8, comment: 0.8, mention: 0.6, like: 0.3, follow: 0.2, other: 0.5 }
    }
}

impl KindWeights {
    /// Every kind weighted 1: the kind does not matter.
    pub fn uniform() -> Self {
        KindWeights { reshare: 1.0, reply: 1.0, comment: 1.0, mention: 1.0, like: 1.0, follow: 1.0, other: 1.0 }
    }

    /// The weight of `kind` (1 for `None`).
    pub fn weight(&self, kind: Option<&InteractionKind>) -> f64 {
        match kind {
            None => 1.0,
            Some(InteractionKind::Reshare) => self.reshare,
            Some(InteractionKind::Reply) => self.reply,
            Some(InteractionKind::Comment) => self.comment,
            Some(InteractionKind::Mention) => self.mention,
            Some(InteractionKind::Like) => self.like,
            Some(InteractionKind::Follow) => self.follow,
            Some(InteractionKind::Other(_)) => self.other,
        }
    }

    /// Sets the weight of `kind` (all `Other` kinds share one weight).
    pub fn set(mut self, kind: &InteractionKind, weight: f64) -> Self {
        match kind {
            InteractionKind::Reshare => self.reshare = weight,
            InteractionKind::Reply => self.reply = weight,
            InteractionKind::Comment => self.comment = weight,
            InteractionKind::Mention => self.mention = weight,
            InteractionKind::Like => self.like = weight,
            InteractionKind::Follow => self.follow = weight,
            InteractionKind::Other(_) => self.other = weight,
        }
        self
    }

    pub(crate) fn validate(&self) -> Result<()> {
        let all = [
            ("reshare", self.reshare),
            ("reply", self.reply),
            ("comment", self.comment),
            ("mention", self.mention),
            ("like", self.like),
            ("follow", self.follow),
            ("other", self.other),
        ];
        for (name, w) in all {
            if !(w.is_finite() && w >= 0.0) {
                return Err(Error::config(
                    "kind weight",
                    format!("{name}={w}"),
                    "kind weights must be finite and at least 0",
                ));
            }
        }
        Ok(())
    }
}

/// How a [`GraphBuilder`](super::GraphBuilder) turns records into edges.
///
/// # Example
///
/// ```
/// use influence::{GraphBuilder, GraphConfig, KindWeights};
///
/// let config = GraphConfig::default()
///     .kind_weights(KindWeights::default().set(&influence::InteractionKind::Like, 0.0))
///     .layers(false)
///     .limits(influence::Limits::default().max_users(1_000_000));
/// let builder = GraphBuilder::new(config)?;
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GraphConfig {
    kind_weights: KindWeights,
    unweighted: bool,
    layers: bool,
    #[cfg_attr(feature = "serde", serde(default))]
    limits: Limits,
    #[cfg_attr(feature = "serde", serde(default = "yes"))]
    canonical_order: bool,
    #[cfg_attr(feature = "serde", serde(default))]
    degree_order: bool,
    #[cfg_attr(feature = "serde", serde(default))]
    f32_weights: bool,
}

#[cfg(feature = "serde")]
fn yes() -> bool {
    true
}

impl Default for GraphConfig {
    fn default() -> Self {
        GraphConfig {
            kind_weights: KindWeights::default(),
            unweighted: false,
            layers: true,
            limits: Limits::default(),
            canonical_order: true,
            degree_order: false,
            f32_weights: false,
        }
    }
}

impl GraphConfig {
    /// The table of kind weights (default [`KindWeights::default`]).
    pub fn kind_weights(mut self, weights: KindWeights) -> Self {
        self.kind_weights = weights;
        self
    }

    /// Ignore weights and kinds: every distinct `(actor, target)` pair becomes
    /// one edge of weight 1, however many interactions it had (default
    /// `false`). This is NetworkX's and igraph's unweighted PageRank.
    pub fn unweighted(mut self, yes: bool) -> Self {
        self.unweighted = yes;
        self
    }

    /// Build one layer per network besides the combined graph (default
    /// `true`). Turn off to save memory when only the combined graph is used.
    pub fn layers(mut self, yes: bool) -> Self {
        self.layers = yes;
        self
    }

    /// Caps on the users and edges the builder takes, and on the line length
    /// of the `load_*` readers feeding it (default [`Limits::default`]).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{ErrorKind, GraphBuilder, GraphConfig, Limits};
    ///
    /// let mut b = GraphBuilder::new(GraphConfig::default().limits(Limits::default().max_edges(2)))?;
    /// b.add_edge("a", "b", 1.0)?;
    /// b.add_edge("a", "b", 1.0)?; // a repeat is held until build merges it, so it counts
    /// b.add_edge("c", "c", 1.0)?; // a self-interaction is not held, so it does not
    /// let err = b.add_edge("b", "a", 1.0).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::TooLarge { what: influence::Counted::Edges, limit: 2 }));
    /// assert_eq!(err.to_string(), "too many edges: more than 2");
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Number users in order of id at build (default `true`): ids that are
    /// canonical decimal numbers (`0`, `42`, no sign or leading zero) first,
    /// by value, then the others in byte order. The numbering, and so every
    /// sum of every algorithm, is then the same whatever the order of the
    /// input lines, and results are bit-identical for any line order.
    /// `false` keeps the order of first appearance and saves sorting the ids
    /// (about 0.1 s per million users).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{GraphBuilder, GraphConfig};
    ///
    /// let mut b = GraphBuilder::default();
    /// b.add_edge("zoe", "10", 1.0)?;
    /// b.add_edge("9", "ann", 1.0)?;
    /// let g = b.build()?;
    /// assert_eq!(g.user_ids().collect::<Vec<_>>(), ["9", "10", "ann", "zoe"]);
    ///
    /// let mut b = GraphBuilder::new(GraphConfig::default().canonical_order(false))?;
    /// b.add_edge("zoe", "10", 1.0)?;
    /// assert_eq!(b.build()?.user_ids().collect::<Vec<_>>(), ["zoe", "10"]);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn canonical_order(mut self, yes: bool) -> Self {
        self.canonical_order = yes;
        self
    }

    /// Whether users are numbered in order of id.
    pub fn get_canonical_order(&self) -> bool {
        self.canonical_order
    }

    /// Number users by degree at build, most interactions (given plus
    /// received, repeats included) first, ties in order of id (or of first
    /// appearance without [`GraphConfig::canonical_order`]); default `false`.
    ///
    /// Results by user id are the same as with any other numbering (up to
    /// rounding: sums run in another order), and still bit-identical for any
    /// line order and thread count, since degrees do not depend on either.
    /// What changes is speed: an iteration gathers the scores of the users
    /// reacting, and with the active users numbered together those gathers
    /// mostly hit the cache. On the scale-20 R-MAT graph one PageRank
    /// iteration ran about 1.25 times faster at the median
    /// (`docs/perf/2026-11-26-degree-numbering-and-work-chunks.md`). The price is a
    /// counting pass over the edges at build, and indices that no longer
    /// follow the ids (rankings break score ties by index, so by degree).
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{GraphBuilder, GraphConfig};
    ///
    /// let mut b = GraphBuilder::new(GraphConfig::default().degree_order(true))?;
    /// b.add_edge("ann", "hub", 1.0)?;
    /// b.add_edge("bob", "hub", 1.0)?;
    /// b.add_edge("hub", "cy", 1.0)?;
    /// let g = b.build()?;
    /// assert_eq!(g.user_ids().collect::<Vec<_>>(), ["hub", "ann", "bob", "cy"]);
    /// assert_eq!(g.user_index("hub"), Some(0));
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn degree_order(mut self, yes: bool) -> Self {
        self.degree_order = yes;
        self
    }

    /// Whether users are numbered by degree.
    pub fn get_degree_order(&self) -> bool {
        self.degree_order
    }

    /// Store every edge weight as the nearest `f32`, in 4 bytes, even where
    /// it is not exactly an `f32` (default `false`: such weights, like the
    /// default kind weights 0.8, 0.6, 0.3 and 0.2 and their sums, take 8
    /// bytes, so that nothing is rounded). Weights that are exactly an `f32`
    /// (whole numbers below 2^24, halves, …) are stored in 4 bytes either
    /// way, and weight-1 graphs store none.
    ///
    /// What rounding costs: each weight moves by at most 2⁻²⁴ of itself and
    /// each user's out-weight is summed from the rounded weights, so every
    /// transition probability moves by at most 2·2⁻²⁴ of itself and
    /// PageRank's scores by at most d/(1−d)·2·2⁻²⁴ ≈ 6.8e-7 in L1 at
    /// d = 0.85 (in practice far less: the roundings do not all lean the same
    /// way; BENCHMARKS.md). Every other measure sees the rounded weights
    /// too, and explanations add up to scores computed from them.
    ///
    /// # Errors
    ///
    /// [`GraphBuilder::build`](super::GraphBuilder::build) fails on a (merged) weight that no `f32` can
    /// hold to that accuracy: above `f32::MAX` or below `f32::MIN_POSITIVE`
    /// (about 1.2e-38) but not 0.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::{EdgeWeights, GraphBuilder, GraphConfig};
    ///
    /// let mut b = GraphBuilder::new(GraphConfig::default().f32_weights(true))?;
    /// b.add_edge("ann", "bob", 0.8)?;
    /// let g = b.build()?;
    /// let Some(EdgeWeights::F32(w)) = g.combined().weights() else { panic!("4-byte weights") };
    /// assert_eq!(w, [0.8f32]);
    /// # Ok::<(), influence::Error>(())
    /// ```
    pub fn f32_weights(mut self, yes: bool) -> Self {
        self.f32_weights = yes;
        self
    }

    /// Whether every weight is stored as the nearest `f32`.
    pub fn get_f32_weights(&self) -> bool {
        self.f32_weights
    }

    /// The configured limits.
    pub fn get_limits(&self) -> &Limits {
        &self.limits
    }

    /// The configured kind weights.
    pub fn get_kind_weights(&self) -> &KindWeights {
        &self.kind_weights
    }

    /// Whether weights are ignored.
    pub fn get_unweighted(&self) -> bool {
        self.unweighted
    }

    /// Whether per-network layers are built besides the combined one.
    pub fn get_layers(&self) -> bool {
        self.layers
    }
}
