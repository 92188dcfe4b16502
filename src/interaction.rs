//! The vocabulary: who reacted to whom, how, where and when.
//!
//! This module is plain data. It knows nothing about graphs or scores; the
//! builder in `graph` gives these records their weights.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// The way one user reacted to another.
///
/// Parsing (`"retweet".parse()`) accepts the names below and common synonyms,
/// case-insensitively; any other non-empty name becomes [`InteractionKind::Other`]
/// with the name in lower case, so exports with new kinds still load (and get
/// [`KindWeights::other`](crate::KindWeights::other) as their weight).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum InteractionKind {
    /// Passing the target's content on: a retweet, a share, a repost. Synonyms:
    /// `retweet`, `share`, `repost`, `rt`.
    Reshare,
    /// A reply to the target's post.
    Reply,
    /// A comment on the target's post.
    Comment,
    /// Naming the target in one's own post (`@target`).
    Mention,
    /// A like, favourite or reaction emoji. Synonyms: `favorite`, `favourite`, `fav`.
    Like,
    /// Following or befriending the target. Synonyms: `friend`, `connect`, `subscribe`.
    Follow,
    /// Any other kind, by name.
    Other(String),
}

impl InteractionKind {
    /// The canonical lower-case name (`reshare`, `reply`, ..., or the other name).
    pub fn name(&self) -> &str {
        match self {
            InteractionKind::Reshare => "reshare",
            InteractionKind::Reply => "reply",
            InteractionKind::Comment => "comment",
            InteractionKind::Mention => "mention",
            InteractionKind::Like => "like",
            InteractionKind::Follow => "follow",
            InteractionKind::Other(name) => name,
        }
    }
}

impl fmt::Display for InteractionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for InteractionKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let lower = s.trim().to_ascii_lowercase();
        Ok(match lower.as_str() {
            "" => return Err(Error::parse("empty interaction kind")),
            "reshare" | "retweet" | "share" | "repost" | "rt" => InteractionKind::Reshare,
            "reply" => InteractionKind::Reply,
            "comment" => InteractionKind::Comment,
            "mention" => InteractionKind::Mention,
            "like" | "favorite" | "favourite" | "fav" => InteractionKind::Like,
            "follow" | "friend" | "connect" | "subscribe" => InteractionKind::Follow,
            _ => InteractionKind::Other(lower),
        })
    }
}

/// The social network an interaction happened on.
///
/// Parsing accepts the names below case-insensitively (`x` is Twitter); any
/// other non-empty name becomes [`Network::Other`] in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Network {
    /// Twitter / X. Synonym: `x`.
    Twitter,
    /// Facebook.
    Facebook,
    /// LinkedIn.
    LinkedIn,
    /// Instagram.
    Instagram,
    /// YouTube.
    YouTube,
    /// Wikipedia (edits, talk-page replies, thanks).
    Wikipedia,
    /// Any other network, by name.
    Other(String),
}

impl Network {
    /// The canonical lower-case name.
    pub fn name(&self) -> &str {
        match self {
            Network::Twitter => "twitter",
            Network::Facebook => "facebook",
            Network::LinkedIn => "linkedin",
            Network::Instagram => "instagram",
            Network::YouTube => "youtube",
            Network::Wikipedia => "wikipedia",
            Network::Other(name) => name,
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Network {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let lower = s.trim().to_ascii_lowercase();
        Ok(match lower.as_str() {
            "" => return Err(Error::parse("empty network name")),
            "twitter" | "x" => Network::Twitter,
            "facebook" | "fb" => Network::Facebook,
            "linkedin" => Network::LinkedIn,
            "instagram" | "ig" => Network::Instagram,
            "youtube" | "yt" => Network::YouTube,
            "wikipedia" | "wiki" => Network::Wikipedia,
            _ => Network::Other(lower),
        })
    }
}

/// One reaction: `actor` reacted to `target`, so `actor` passes influence to
/// `target`.
///
/// Only `actor` and `target` are required. A missing `kind` is a generic
/// reaction with weight 1; a missing `network` puts the interaction in the
/// combined graph only; `time` is Unix seconds; `weight` multiplies the
/// kind's weight (default 1); `topic` says what the reaction was about (a
/// hashtag, a subject) and does not change the graph.
///
/// # Topics
///
/// Topics are normalized wherever they come in — the readers in
/// [`io`](crate::io), [`Interaction::topic()`] and serde deserialization: the
/// text is trimmed, leading `#` signs are dropped (with any space after
/// them) and the rest is lower-cased (Unicode lower case), so `#Tech`,
/// ` tech ` and `TECH` are all `tech`; a topic that is empty after that is
/// no topic (`None`). The writers refuse a topic set directly on the field
/// that is not in this form, since it would not read back as written.
///
/// # Example
///
/// ```
/// use influence::{Interaction, InteractionKind, Network};
///
/// let i = Interaction::new("alice", "bob")
///     .kind(InteractionKind::Reshare)
///     .network(Network::Twitter)
///     .time(1_700_000_000)
///     .topic("#RustLang");
/// assert_eq!(i.actor, "alice");
/// assert_eq!(i.weight, None);
/// assert_eq!(i.topic.as_deref(), Some("rustlang"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Interaction {
    /// The user who reacted.
    pub actor: String,
    /// The user who was reacted to.
    pub target: String,
    /// How; `None` is a generic reaction.
    #[cfg_attr(feature = "serde", serde(default))]
    pub kind: Option<InteractionKind>,
    /// Where; `None` counts in the combined graph only.
    #[cfg_attr(feature = "serde", serde(default))]
    pub network: Option<Network>,
    /// When, in Unix seconds.
    #[cfg_attr(feature = "serde", serde(default))]
    pub time: Option<i64>,
    /// A multiplier on the kind's weight; `None` means 1.
    #[cfg_attr(feature = "serde", serde(default))]
    pub weight: Option<f64>,
    /// What the reaction was about, normalized (see [Topics](#topics)); `None`
    /// when unknown. The graph ignores it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "deserialize_topic")
    )]
    pub topic: Option<String>,
}

impl Interaction {
    /// A generic reaction of `actor` to `target`.
    pub fn new(actor: impl Into<String>, target: impl Into<String>) -> Interaction {
        Interaction {
            actor: actor.into(),
            target: target.into(),
            kind: None,
            network: None,
            time: None,
            weight: None,
            topic: None,
        }
    }

    /// Sets the kind.
    pub fn kind(mut self, kind: InteractionKind) -> Interaction {
        self.kind = Some(kind);
        self
    }

    /// Sets the network.
    pub fn network(mut self, network: Network) -> Interaction {
        self.network = Some(network);
        self
    }

    /// Sets the time (Unix seconds).
    pub fn time(mut self, time: i64) -> Interaction {
        self.time = Some(time);
        self
    }

    /// Sets the weight multiplier.
    pub fn weight(mut self, weight: f64) -> Interaction {
        self.weight = Some(weight);
        self
    }

    /// Sets the topic, normalized as the readers do (see
    /// [Topics](#topics)); a topic that normalizes to nothing (`""`, `"#"`)
    /// clears it.
    ///
    /// # Example
    ///
    /// ```
    /// use influence::Interaction;
    ///
    /// assert_eq!(Interaction::new("ann", "bob").topic(" #Tech ").topic.as_deref(), Some("tech"));
    /// assert_eq!(Interaction::new("ann", "bob").topic("#").topic, None);
    /// ```
    pub fn topic(mut self, topic: impl Into<String>) -> Interaction {
        self.topic = normalize_topic(&topic.into());
        self
    }
}

/// What a user published and how many people see it, on one network:
/// optional facts that refine the score.
///
/// Interactions say who reacted to whom; these say what the reactions are
/// out of. `posts` is how many posts the user published in the period the
/// interactions cover, `audience` how many accounts follow them (or would
/// see their posts) on `network`. Either may be unknown (`None`). A data
/// set has at most one `UserFacts` per (user, network) pair; `user` is the
/// same id the interactions use.
///
/// [`io::read_facts`](crate::io::read_facts) reads them from CSV and
/// [`SocialConfig::facts`](crate::generate::SocialConfig::facts) generates
/// them alongside a synthetic sample.
///
/// # Example
///
/// ```
/// use influence::{Network, UserFacts};
///
/// let facts = UserFacts::new("ann", Network::Instagram).posts(42).audience(12_500);
/// assert_eq!((facts.posts, facts.audience), (Some(42), Some(12_500)));
/// assert_eq!(UserFacts::new("bob", Network::Twitter).posts, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UserFacts {
    /// The user's id, as in the interactions.
    pub user: String,
    /// The network these facts are about.
    pub network: Network,
    /// How many posts the user published there; `None` when unknown.
    #[cfg_attr(feature = "serde", serde(default))]
    pub posts: Option<u64>,
    /// How many accounts follow the user there; `None` when unknown.
    #[cfg_attr(feature = "serde", serde(default))]
    pub audience: Option<u64>,
}

impl UserFacts {
    /// Facts about `user` on `network`, none known yet.
    pub fn new(user: impl Into<String>, network: Network) -> UserFacts {
        UserFacts { user: user.into(), network, posts: None, audience: None }
    }

    /// Sets the number of posts.
    pub fn posts(mut self, posts: u64) -> UserFacts {
        self.posts = Some(posts);
        self
    }

    /// Sets the audience (followers).
    pub fn audience(mut self, audience: u64) -> UserFacts {
        self.audience = Some(audience);
        self
    }
}

/// The normal form of a topic: trimmed, without leading `#` signs (nor the
/// space after them), lower-cased; `None` when nothing is left.
///
/// Applying it twice gives what applying it once does, so a normalized topic
/// written out reads back unchanged.
pub(crate) fn normalize_topic(text: &str) -> Option<String> {
    let bare = text.trim_start_matches(|c: char| c == '#' || c.is_whitespace()).trim_end();
    (!bare.is_empty()).then(|| bare.to_lowercase())
}

/// Deserializes a topic through [`normalize_topic`], so that serde input
/// gets the same normal form as the readers'.
#[cfg(feature = "serde")]
fn deserialize_topic<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<String>, D::Error> {
    let topic: Option<String> = serde::Deserialize::deserialize(deserializer)?;
    Ok(topic.as_deref().and_then(normalize_topic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_with_synonyms() {
        assert_eq!("RT".parse::<InteractionKind>().unwrap(), InteractionKind::Reshare);
        assert_eq!("Favourite".parse::<InteractionKind>().unwrap(), InteractionKind::Like);
        assert_eq!("Upvote".parse::<InteractionKind>().unwrap(), InteractionKind::Other("upvote".into()));
        assert!("  ".parse::<InteractionKind>().is_err());
    }

    #[test]
    fn networks_parse_with_synonyms() {
        assert_eq!("X".parse::<Network>().unwrap(), Network::Twitter);
        assert_eq!("LinkedIn".parse::<Network>().unwrap(), Network::LinkedIn);
        assert_eq!("Mastodon".parse::<Network>().unwrap(), Network::Other("mastodon".into()));
        assert!("".parse::<Network>().is_err());
    }

    #[test]
    fn topics_normalize_once_and_for_all() {
        for (raw, normal) in [
            ("Tech", Some("tech")),
            ("  #Tech ", Some("tech")),
            ("## Tech", Some("tech")),
            ("#ÉtéSport", Some("étésport")),
            ("c#", Some("c#")),
            ("", None),
            (" # ", None),
        ] {
            let got = normalize_topic(raw);
            assert_eq!(got.as_deref(), normal, "{raw:?}");
            assert_eq!(got.as_deref().and_then(normalize_topic), got, "{raw:?} twice");
        }
    }

    #[test]
    fn names_round_trip() {
        for k in ["reshare", "reply", "comment", "mention", "like", "follow", "vote"] {
            assert_eq!(k.parse::<InteractionKind>().unwrap().name(), k);
        }
        for n in ["twitter", "facebook", "linkedin", "instagram", "youtube", "wikipedia", "bsky"] {
            assert_eq!(n.parse::<Network>().unwrap().name(), n);
        }
    }
}
