//! [`Explanation`]: the exact additive breakdown of one user's score.

use std::collections::BTreeMap;
use std::fmt;

use super::ScoreModel;
use crate::interaction::Network;

/// The name under which reactions without a kind are explained.
pub const GENERIC_KIND: &str = "reaction";

/// One network's part of a score.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct NetworkPart {
    /// The network.
    pub network: Network,
    /// Points of the score from this network.
    pub points: f64,
    /// Raw influence from this network (weight × (posts factor × influence
    /// + audience)).
    pub raw: f64,
    /// The network's weight.
    pub weight: f64,
    /// The reactions-per-post factor (1 when posts are unknown).
    pub posts_factor: f64,
}

/// One interaction kind's part of a score, over all networks.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct KindPart {
    /// The kind's name (`reshare`, ..., or [`GENERIC_KIND`]).
    pub kind: String,
    /// Points of the score from reactions of this kind.
    pub points: f64,
    /// Raw influence from reactions of this kind.
    pub raw: f64,
}

/// One partner's part of a score: what their reactions passed on.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PartnerPart {
    /// The partner's id.
    pub user: String,
    /// Points of the score from this partner's reactions.
    pub points: f64,
    /// `points / score`.
    pub share: f64,
    /// Raw influence from this partner.
    pub raw: f64,
}

/// The exact additive breakdown of one user's score, from
/// [`ScoreModel::explain`].
///
/// The score is `floor` (1, the bottom of the scale) plus the points above
/// it, and those points are shared among the parts of the raw influence in
/// proportion to their raw size. The raw influence on each network is
/// `weight × (posts factor × Σ partners + audience)`, where each partner
/// passes on `credit·s`: the saturated weight `s` of their reactions to
/// this user times their credit, `α·t + (1 − α)·K·d·x/W` with `α` the
/// volume weight ([`ScoreConfig::volume_weight`](crate::score::ScoreConfig::volume_weight)),
/// `t` the partner's standing ([`Standing`](crate::score::Standing)), and
/// `K·d·x/W` what their PageRank `x` passes on per unit of the total weight
/// `W` of their reactions (times `min(1, K·x)^c` with a credibility
/// exponent `c`; `K` the network's scale, `d` the damping). Each kind of a
/// partner's reactions saturates on its own, so `s` is the sum of the
/// kinds' saturated weights and splits among them exactly. So, within
/// floating-point rounding,
///
/// - `floor + Σ networks.points = score`,
/// - `floor + audience_points + Σ kinds.points = score`,
/// - `floor + audience_points + Σ partners.points + other_partners_points = score`.
///
/// A part is an attribution of the score as it stands, not what the score
/// would lose without it: removing a partner also changes everyone's
/// PageRank (and so what the other partners pass on), so the score after
/// [`ScoreModel::forget`] can differ from `score − points` either way.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Explanation {
    /// The user's id.
    pub user: String,
    /// The score, 1 to 100.
    pub score: f64,
    /// The raw influence.
    pub raw: f64,
    /// The bottom of the scale, 1 point, which every user has.
    pub floor: f64,
    /// Points from audience sizes (followers given as facts).
    pub audience_points: f64,
    /// By network, most points first.
    pub networks: Vec<NetworkPart>,
    /// By kind of reaction received, most points first.
    pub kinds: Vec<KindPart>,
    /// The partners who contributed most, most points first.
    pub partners: Vec<PartnerPart>,
    /// How many partners contributed but are not listed.
    pub other_partners: usize,
    /// The points from the partners not listed.
    pub other_partners_points: f64,
}

/// Explains user `u`, with `calibrate` mapping raw influence to the score.
pub(crate) fn explain(model: &ScoreModel, calibrate: &dyn Fn(f64) -> f64, u: u32, top: usize) -> Explanation {
    let raw = model.raw_of(u);
    let score = calibrate(raw);
    let per_raw = if raw > 0.0 { (score - 1.0) / raw } else { 0.0 };
    let mut networks = Vec::new();
    let mut kinds: BTreeMap<String, f64> = BTreeMap::new();
    let mut partners: BTreeMap<u32, f64> = BTreeMap::new();
    let mut audience = 0.0;
    for net in &model.nets {
        let ui = u as usize;
        let net_raw = net.contribution(ui);
        if net_raw == 0.0 {
            continue;
        }
        networks.push(NetworkPart {
            network: net.network.clone(),
            points: net_raw * per_raw,
            raw: net_raw,
            weight: net.weight,
            posts_factor: net.factor[ui],
        });
        audience += net.weight * net.audience[ui];
        let scale = net.weight * net.factor[ui];
        // Parts of u's in-edges, sorted by (target, actor, kind).
        let lo = net.parts.partition_point(|p| (p.key >> 32) < u64::from(u));
        let hi = net.parts.partition_point(|p| (p.key >> 32) <= u64::from(u));
        let parts = &net.parts[lo..hi];
        let mut i = 0;
        for (a, s) in net.layer.in_edges(u) {
            let passed = scale * net.credit[a as usize] * s;
            *partners.entry(a).or_default() += passed;
            // The kinds of this partner's reactions: their saturated weights.
            let start = i;
            while i < parts.len() && (parts[i].key as u32) == a {
                i += 1;
            }
            let total: f64 = parts[start..i].iter().map(|p| p.weight).sum();
            for p in &parts[start..i] {
                let name = model.kind(p.kind).map_or(GENERIC_KIND, |k| k.name()).to_string();
                *kinds.entry(name).or_default() += passed * p.weight / total;
            }
        }
    }
    networks.sort_by(|a, b| b.points.total_cmp(&a.points).then_with(|| a.network.cmp(&b.network)));
    let mut kinds: Vec<KindPart> =
        kinds.into_iter().map(|(kind, r)| KindPart { kind, points: r * per_raw, raw: r }).collect();
    kinds.sort_by(|a, b| b.points.total_cmp(&a.points).then_with(|| a.kind.cmp(&b.kind)));
    let mut all: Vec<(u32, f64)> = partners.into_iter().collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| model.user_name(a.0).cmp(model.user_name(b.0))));
    let listed: Vec<PartnerPart> = all
        .iter()
        .take(top)
        .map(|&(a, r)| PartnerPart {
            user: model.user_name(a).to_string(),
            points: r * per_raw,
            share: if score > 0.0 { r * per_raw / score } else { 0.0 },
            raw: r,
        })
        .collect();
    let rest: f64 = all.iter().skip(top).map(|p| p.1).sum();
    Explanation {
        user: model.user_name(u).to_string(),
        score,
        raw,
        floor: 1.0,
        audience_points: audience * per_raw,
        networks,
        kinds,
        partners: listed,
        other_partners: all.len().saturating_sub(top),
        other_partners_points: rest * per_raw,
    }
}

impl fmt::Display for Explanation {
    /// A readable breakdown, one part per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: score {:.1} (raw influence {:.4})", self.user, self.score, self.raw)?;
        writeln!(f, "  {:>6.2}  floor of the scale", self.floor)?;
        if self.raw == 0.0 {
            return writeln!(f, "  nobody reacted to {} in the window, so the score is the floor", self.user);
        }
        writeln!(f, "by network:")?;
        for n in &self.networks {
            write!(f, "  {:>6.2}  {} (raw {:.4}", n.points, n.network, n.raw)?;
            if n.weight != 1.0 {
                write!(f, ", weight {}", n.weight)?;
            }
            if n.posts_factor != 1.0 {
                write!(f, ", reactions-per-post factor {:.2}", n.posts_factor)?;
            }
            writeln!(f, ")")?;
        }
        writeln!(f, "by kind of reaction received:")?;
        for k in &self.kinds {
            writeln!(f, "  {:>6.2}  {}", k.points, k.kind)?;
        }
        if self.audience_points != 0.0 {
            writeln!(f, "  {:>6.2}  audience", self.audience_points)?;
        }
        writeln!(f, "by partner:")?;
        for p in &self.partners {
            writeln!(f, "  {:>6.2}  {} ({:.1} % of the score)", p.points, p.user, 100.0 * p.share)?;
        }
        if self.other_partners > 0 {
            writeln!(f, "  {:>6.2}  {} other partners", self.other_partners_points, self.other_partners)?;
        }
        Ok(())
    }
}
