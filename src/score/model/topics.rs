//! Topic-sensitive influence: one PageRank per topic over all networks, in
//! the manner of TwitterRank (Weng, Lim, Jiang & He, WSDM 2010): the walk
//! teleports to users in proportion to the reactions their posts on the
//! topic drew, and follows each reaction `a → b` with its weight times
//! `b`'s share of topic-tagged reactions on that topic, so influence on a
//! topic flows only to users whose posts on it drew reactions.

use rayon::prelude::*;

use super::{NO_TOPIC, ScoreModel};
use crate::algo::PageRank;
use crate::error::{Error, Result};
use crate::graph::Layer;

/// A user's influence on one topic, from [`ScoreModel::top_topics`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TopicInfluence {
    /// The topic.
    pub topic: String,
    /// `K·x` for this topic's PageRank `x` over the `K` users of the
    /// window: 1 is an average user's share of the topic's influence.
    pub influence: f64,
    /// The saturated, faded weight of the reactions on this topic the user
    /// received (0 for influence that reached them only through others).
    pub reactions: f64,
}

/// Every topic's PageRank over the combined graph of the window.
#[derive(Debug)]
pub(crate) struct TopicTable {
    topics: Vec<String>,
    /// Per topic (in `topics` order), `K·x` per user.
    influence: Vec<Vec<f64>>,
    /// Per topic, the reactions on it each user received.
    reactions: Vec<Vec<f64>>,
}

impl TopicTable {
    pub(crate) fn compute(model: &ScoreModel) -> Result<TopicTable> {
        let n = model.users_len();
        let config = model.config();
        // The combined graph: every network's saturated edges times its weight.
        let mut edges: Vec<(u64, f64)> = Vec::new();
        for net in &model.nets {
            if net.weight > 0.0 {
                edges.extend(net.layer.edges().map(|(a, t, w)| ((u64::from(t) << 32) | u64::from(a), net.weight * w)));
            }
        }
        edges.par_sort_unstable_by_key(|&(k, w)| (k, w.to_bits()));
        let mut merged: Vec<(u64, f64)> = Vec::with_capacity(edges.len());
        for (k, w) in edges {
            match merged.last_mut() {
                Some(last) if last.0 == k => last.1 += w,
                _ => merged.push((k, w)),
            }
        }
        // Topic reactions per (topic, target, actor, kind), saturated as
        // the score saturates them.
        let mut tagged: Vec<(u32, u64, u16, f64)> = Vec::new();
        for r in &model.records {
            if r.topic == NO_TOPIC || r.actor == r.target {
                continue;
            }
            let w = model.faded_weight(r);
            if w >= f64::MIN_POSITIVE {
                tagged.push((r.topic, (u64::from(r.target) << 32) | u64::from(r.actor), r.kind, w));
            }
        }
        tagged.par_sort_unstable_by_key(|&(t, k, kind, w)| (t, k, kind, w.to_bits()));
        let mut reactions_by_topic: Vec<Vec<f64>> = vec![Vec::new(); model.topics.len()];
        let mut i = 0;
        while i < tagged.len() {
            let (t, k, kind, _) = tagged[i];
            let mut total = 0.0;
            while i < tagged.len() && tagged[i].0 == t && tagged[i].1 == k && tagged[i].2 == kind {
                total += tagged[i].3;
                i += 1;
            }
            let r = &mut reactions_by_topic[t as usize];
            if r.is_empty() {
                r.resize(n, 0.0);
            }
            r[(k >> 32) as usize] += config.saturate_kind(total, model.kind_weight(kind));
        }
        let pagerank = PageRank::new(config.pagerank())?;
        let scale = model.user_count() as f64;
        let mut order: Vec<usize> = (0..model.topics.len()).filter(|&t| !reactions_by_topic[t].is_empty()).collect();
        order.sort_by(|&a, &b| model.topics[a].cmp(&model.topics[b]));
        // Each user's tagged reactions over all topics, for the shares.
        let mut tagged_total = vec![0.0; n];
        for r in &reactions_by_topic {
            for (total, v) in tagged_total.iter_mut().zip(r) {
                *total += v;
            }
        }
        let mut table = TopicTable { topics: Vec::new(), influence: Vec::new(), reactions: Vec::new() };
        for t in order {
            let teleport = std::mem::take(&mut reactions_by_topic[t]);
            let share = |v: usize| if teleport[v] > 0.0 { teleport[v] / tagged_total[v] } else { 0.0 };
            let edges: Vec<(u64, f64)> =
                merged.iter().map(|&(k, w)| (k, w * share((k >> 32) as usize))).filter(|&(_, w)| w > 0.0).collect();
            let layer = Layer::from_sorted(n, &edges);
            let (x, outcome) = pagerank.solve_layer(&layer, Some(&teleport), None);
            if !outcome.converged {
                return Err(Error::not_converged(
                    format!("PageRank on topic {}", model.topics[t]),
                    outcome.iterations,
                    outcome.residual,
                ));
            }
            table.topics.push(model.topics[t].clone());
            table.influence.push(x.into_iter().map(|v| v * scale).collect());
            table.reactions.push(teleport);
        }
        Ok(table)
    }

    /// The topics with reactions in the window, sorted.
    pub(crate) fn topics(&self) -> &[String] {
        &self.topics
    }

    /// User `u`'s `k` strongest topics (influence above 0), strongest first.
    pub(crate) fn top(&self, u: u32, k: usize) -> Vec<TopicInfluence> {
        let u = u as usize;
        let mut all: Vec<TopicInfluence> = (0..self.topics.len())
            .filter(|&t| self.influence[t][u] > 0.0)
            .map(|t| TopicInfluence {
                topic: self.topics[t].clone(),
                influence: self.influence[t][u],
                reactions: self.reactions[t][u],
            })
            .collect();
        all.sort_by(|a, b| b.influence.total_cmp(&a.influence).then_with(|| a.topic.cmp(&b.topic)));
        all.truncate(k);
        all
    }

    /// The `k` most influential users on `topic`, as `(index, influence)`.
    pub(crate) fn leaders(&self, topic: &str, k: usize) -> Option<Vec<(u32, f64)>> {
        let t = self.topics.iter().position(|x| x == topic)?;
        let mut all: Vec<(u32, f64)> =
            self.influence[t].iter().enumerate().filter(|(_, v)| **v > 0.0).map(|(u, v)| (u as u32, *v)).collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(k);
        Some(all)
    }
}
