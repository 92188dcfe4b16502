//! Computing a [`ScoreModel`]'s scores from its records: the window and
//! its fading, per-day saturation, standing's anchor, and each network's
//! layer, standing, PageRank, credit, influence and facts terms. A child of
//! `model` so that it reads the model's fields directly; it changes nothing
//! but what [`ScoreModel::install`] installs.

use super::*;

impl ScoreModel {
    /// The anchor of standing as of `now`: the configured share of the way
    /// from the window's first dated interaction to `now`; `None` (every
    /// interaction old) when nothing is dated.
    fn anchor(&self, now: Option<i64>) -> Option<i64> {
        let now = now?;
        let first = self
            .records
            .iter()
            .filter(|r| r.time != UNDATED && r.actor != r.target && fade_at(&self.config, r.time, Some(now)) > 0.0)
            .map(|r| r.time)
            .min()?;
        let share = self.config.get_standing().get_anchor();
        Some(first + (share * (now - first) as f64) as i64)
    }

    /// Recomputes everything from the records as of the time `given`, and
    /// installs it.
    pub(super) fn recompute(&mut self) -> Result<()> {
        let computed = self.compute(self.as_of, None)?;
        self.install(computed);
        Ok(())
    }

    /// Puts a computation's results in place.
    pub(super) fn install(&mut self, computed: Computed) {
        self.topic_table = OnceLock::new();
        self.effective_as_of = computed.as_of;
        self.present = computed.present;
        self.nets = computed.nets;
        self.raw = computed.raw;
        self.crowd = computed.crowd;
    }

    /// Everything computed from the records as of the time `given` (else
    /// the latest record's), changing nothing. With `warm`, the new index
    /// of each user of the current results, each network's PageRank starts
    /// from its current result.
    pub(super) fn compute(&self, given: Option<i64>, warm: Option<&[u32]>) -> Result<Computed> {
        let n = self.users.len();
        let now = self.latest_time(given);
        let mut present = vec![false; n];
        let mut by_network: Vec<Vec<Part>> = vec![Vec::new(); self.networks.len()];
        let mut on_network: Vec<Vec<bool>> = vec![Vec::new(); self.networks.len()];
        let mut old_network: Vec<Vec<u64>> = vec![Vec::new(); self.networks.len()];
        let anchor = self.anchor(now);
        for r in &self.records {
            let fade = fade_at(&self.config, r.time, now);
            if fade == 0.0 || r.actor == r.target {
                continue;
            }
            present[r.actor as usize] = true;
            present[r.target as usize] = true;
            let on = &mut on_network[r.network as usize];
            if on.is_empty() {
                on.resize(n, false);
            }
            on[r.actor as usize] = true;
            on[r.target as usize] = true;
            let w = self.kind_weight(r.kind) * r.weight * fade;
            // A weight faded below the smallest normal number counts as 0:
            // a subnormal out-weight would make 1 / out-weight overflow.
            if w >= f64::MIN_POSITIVE {
                let key = (u64::from(r.target) << 32) | u64::from(r.actor);
                let day = if r.time == UNDATED { UNDATED_DAY } else { r.time.div_euclid(DAY) as i32 };
                by_network[r.network as usize].push(Part { key, kind: r.kind, day, weight: w });
                if r.time == UNDATED || anchor.is_none_or(|a| r.time < a) {
                    old_network[r.network as usize].push(key);
                }
            }
        }
        // Each network's previous PageRank in the new numbering.
        let previous: BTreeMap<&Network, Vec<f64>> = match warm {
            Some(new_index) => self
                .nets
                .iter()
                .filter(|s| !s.x.is_empty())
                .map(|s| {
                    let mut x = vec![0.0; n];
                    for (old, &v) in s.x.iter().enumerate() {
                        x[new_index[old] as usize] = v;
                    }
                    (&s.network, x)
                })
                .collect(),
            None => BTreeMap::new(),
        };
        // Networks by name, so that the order of the input does not matter.
        let mut order: Vec<usize> = (0..self.networks.len()).filter(|&k| !on_network[k].is_empty()).collect();
        order.sort_by(|&a, &b| self.networks[a].cmp(&self.networks[b]));
        let mut nets = Vec::with_capacity(order.len());
        for k in order {
            let parts = saturate(std::mem::take(&mut by_network[k]), &self.config, |kind| self.kind_weight(kind));
            let mut old = std::mem::take(&mut old_network[k]);
            old.par_sort_unstable();
            old.dedup();
            let on = std::mem::take(&mut on_network[k]);
            let network = self.networks[k].clone();
            let start = previous.get(&network).map(Vec::as_slice);
            nets.push(self.network_score(k as u16, network, parts, &old, &on, &present, start)?);
        }
        let mut raw = vec![0.0; n];
        let mut crowd = vec![0.0; n];
        for s in &nets {
            for (u, r) in raw.iter_mut().enumerate() {
                *r += s.contribution(u);
            }
            for (u, c) in crowd.iter_mut().enumerate() {
                *c += s.weight * s.crowd[u];
            }
        }
        Ok(Computed { as_of: now, present, nets, raw, crowd })
    }

    #[allow(clippy::too_many_arguments)] // one network's inputs, all needed
    fn network_score(
        &self,
        k: u16,
        network: Network,
        parts: Vec<Part>,
        old: &[u64],
        on: &[bool],
        present: &[bool],
        start: Option<&[f64]>,
    ) -> Result<NetworkScore> {
        let n = self.users.len();
        let config = &self.config;
        let mut edges: Vec<(u64, f64)> = Vec::new();
        let mut i = 0;
        while i < parts.len() {
            let key = parts[i].key;
            let mut total = 0.0;
            while i < parts.len() && parts[i].key == key {
                total += parts[i].weight;
                i += 1;
            }
            edges.push((key, total));
        }
        let layer = Layer::from_sorted(n, &edges);
        if let Some(at) = layer.weight_overflow() {
            let whose = match at {
                WeightOverflow::Out(u) => format!("the reactions of {:?}", self.user_name(u)),
                WeightOverflow::In(v) => format!("the reactions into {:?}", self.user_name(v)),
                WeightOverflow::Total => String::from("all reactions"),
            };
            return Err(Error::weight(
                "inf",
                format!(
                    "the faded, saturated weights of {whose} on {network} add up to more than the largest number \
                     (about 1.8e308); divide the weights by a common factor, or saturate them"
                ),
            ));
        }
        let trusted: Vec<u32> = match config.get_teleport() {
            Teleport::Trusted(seeds) => {
                let mut t: Vec<u32> =
                    seeds.iter().filter_map(|s| self.users.get(s.as_str())).filter(|&u| on[u as usize]).collect();
                t.sort_unstable();
                t.dedup();
                t
            }
            _ => Vec::new(),
        };
        let standing = {
            let rules = config.get_standing();
            let seed = if matches!(config.get_teleport(), Teleport::Trusted(_)) {
                let mut seed = vec![0.0; n];
                for &u in &trusted {
                    seed[u as usize] = 1.0;
                }
                seed
            } else {
                standing::seeds(old, n, rules.get_seed_reactors())
            };
            standing::grow(&layer, &seed, rules.get_reactors())
        };
        let net = NetInputs { k, network, layer, parts, standing };
        if config.get_volume_weight() == 1.0 {
            // Standing alone: no PageRank to run.
            return Ok(self.finish(net, None, present));
        }
        if let Measure::Algorithm(algorithm) = config.get_measure() {
            // The teleport is PageRank's; another measure runs on the layer
            // as it is.
            if net.layer.edge_count() == 0 {
                return Ok(self.finish(net, None, present));
            }
            return self.measured_network_score(algorithm, net, present);
        }
        let NetInputs { ref layer, ref network, .. } = net;
        let teleport: Vec<f64> = match config.get_teleport() {
            Teleport::Standing => net.standing.clone(),
            Teleport::Engaged => (0..n).map(|v| if layer.in_degree(v as u32) > 0 { 1.0 } else { 0.0 }).collect(),
            Teleport::Established { reactors, exponent } => established(layer, *reactors, *exponent),
            Teleport::Uniform => on.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect(),
            Teleport::Trusted(_) => {
                let mut t = vec![0.0; n];
                for &u in &trusted {
                    t[u as usize] = 1.0;
                }
                t
            }
        };
        let t_total: f64 = teleport.iter().sum();
        if t_total == 0.0 {
            return Ok(self.finish(net, None, present));
        }
        let d = config.get_damping();
        let pagerank = PageRank::new(config.pagerank())?;
        let reach = reachable(layer, &teleport);
        let holders = reach.iter().filter(|r| **r).count();
        // A warm start only on users the teleport reaches: the others stay
        // exactly 0, as in a cold start.
        let start = start.map(|s| {
            let mut v: Vec<f64> =
                (0..n).map(|u| if reach[u] { s.get(u).copied().unwrap_or(0.0) } else { 0.0 }).collect();
            let total: f64 = v.iter().sum();
            if total > 0.0 {
                v.iter_mut().for_each(|x| *x /= total);
            } else {
                v.fill(1.0 / n as f64);
            }
            v
        });
        let (x, outcome) = pagerank.solve_layer(layer, Some(&teleport), start.as_deref());
        if !outcome.converged {
            return Err(Error::not_converged(format!("PageRank on {network}"), outcome.iterations, outcome.residual));
        }
        let scale = match config.get_teleport() {
            Teleport::Established { .. } | Teleport::Standing => pseudo_scale(layer, &x, t_total, d),
            _ => holders as f64,
        };
        let solved = Solved { x, scale, iterations: outcome.iterations };
        Ok(self.finish(net, Some(solved), present))
    }

    /// A network's score from its inputs and its reactors' influence
    /// `solved` (`None`: nobody holds any): credit, influence and facts
    /// terms.
    fn finish(&self, net: NetInputs, solved: Option<Solved>, present: &[bool]) -> NetworkScore {
        let NetInputs { k, network, layer, parts, standing } = net;
        let weight = self.config.get_network_weights().weight(&network);
        let Solved { x, scale, iterations } = solved.unwrap_or(Solved { x: Vec::new(), scale: 0.0, iterations: 0 });
        let alpha = self.config.get_volume_weight();
        let power = if x.is_empty() {
            Vec::new()
        } else {
            // K: the users holding influence here (so accounts nobody
            // reacts to change nothing), or the pseudo-PageRank mass.
            passing_power(&layer, &x, scale, self.config.get_credibility())
        };
        let passes = scale * self.config.get_damping();
        let credit: Vec<f64> = (0..standing.len())
            .map(|a| {
                let pagerank = power.get(a).map_or(0.0, |p| passes * p);
                if alpha == 0.0 { pagerank } else { alpha * standing[a] + (1.0 - alpha) * pagerank }
            })
            .collect();
        let value = passed_on(&layer, &credit, 1.0);
        let crowd = passed_on(&layer, &standing.iter().map(|t| 1.0 - t).collect::<Vec<f64>>(), 1.0);
        let (factor, audience) = self.facts_terms(k, &value, present);
        NetworkScore { network, weight, layer, parts, x, standing, credit, crowd, iterations, value, factor, audience }
    }

    /// A network whose reactors' influence comes from another measure.
    fn measured_network_score(
        &self,
        algorithm: &crate::algo::Algorithm,
        net: NetInputs,
        present: &[bool],
    ) -> Result<NetworkScore> {
        let n = self.users.len();
        let network = &net.network;
        let graph = self.graph_of(&net.layer);
        let ranking = algorithm.run(&graph)?;
        if !ranking.converged() {
            return Err(Error::not_converged(
                format!("{} on {network}", ranking.algorithm()),
                ranking.iterations(),
                ranking.residual(),
            ));
        }
        let scores = ranking.scores();
        if let Some(bad) = scores.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
            return Err(Error::config(
                "measure",
                ranking.algorithm(),
                format!("gave the score {bad}, not one at least 0"),
            ));
        }
        let total: f64 = scores.iter().sum();
        let x: Vec<f64> = if total > 0.0 { scores.iter().map(|v| v / total).collect() } else { vec![0.0; n] };
        let holders = x.iter().filter(|v| **v > 0.0).count();
        Ok(self.finish(net, Some(Solved { x, scale: holders as f64, iterations: ranking.iterations() }), present))
    }

    /// A one-layer graph of `layer` over this model's users, for the
    /// measures of the registry: the model's own interned ids, shared.
    fn graph_of(&self, layer: &Layer) -> crate::graph::InfluenceGraph {
        crate::graph::InfluenceGraph::of_layer(Arc::clone(&self.users), layer.clone())
    }

    /// The reactions-per-post factor and the audience term of every user on
    /// network `k`, whose influence before facts is `value` (empty: none).
    ///
    /// The rate is influence received per post, not reactions per post, so
    /// reactions from accounts that hold no influence raise it no more than
    /// they raise the influence itself.
    fn facts_terms(&self, k: u16, value: &[f64], present: &[bool]) -> (Vec<f64>, Vec<f64>) {
        let n = self.users.len();
        let mut factor = vec![1.0; n];
        let mut audience = vec![0.0; n];
        let aw = self.config.get_audience_weight();
        let mut rates: Vec<(u32, f64)> = Vec::new();
        for (&(u, net), f) in self.facts.range((0, 0)..) {
            if net != k || !present[u as usize] {
                continue;
            }
            if let Some(a) = f.audience {
                audience[u as usize] = aw * (1.0 + a as f64).log10();
            }
            if let Some(p) = f.posts {
                let received = value.get(u as usize).copied().unwrap_or(0.0);
                rates.push((u, received / p.max(1) as f64));
            }
        }
        if !rates.is_empty() {
            let mut sorted: Vec<f64> = rates.iter().map(|r| r.1).collect();
            sorted.sort_by(f64::total_cmp);
            let m = sorted.len();
            let median = if m % 2 == 1 { sorted[m / 2] } else { 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]) };
            if median > 0.0 {
                for (u, r) in rates {
                    factor[u as usize] = 2.0 * r / (r + median);
                }
            }
        }
        (factor, audience)
    }
}

/// What each user passes on per unit of reaction weight: `x·min(1, K·x)^c /
/// W` (exactly `x / W` for `c = 0`), 0 for users who react to nobody.
fn passing_power(layer: &Layer, x: &[f64], k: f64, credibility: f64) -> Vec<f64> {
    (0..x.len())
        .map(|u| {
            let w = layer.out_weight(u as u32);
            if w == 0.0 {
                0.0
            } else if credibility == 0.0 {
                x[u] / w
            } else {
                x[u] * (k * x[u]).min(1.0).powf(credibility) / w
            }
        })
        .collect()
}

/// The teleport weight of [`Teleport::Established`]: `min(1, r/reactors)^exponent`
/// for `r` distinct reactors who were themselves reacted to on this layer.
///
/// Both `r` and the weight only grow when a reaction is added anywhere,
/// which the accumulation guarantee relies on.
fn established(layer: &Layer, reactors: f64, exponent: f64) -> Vec<f64> {
    let n = layer.user_count() as u32;
    (0..n)
        .map(|v| {
            let r = layer.in_edges(v).filter(|&(a, _)| layer.in_degree(a) > 0).count();
            if r == 0 { 0.0 } else { (r as f64 / reactors).min(1.0).powf(exponent) }
        })
        .collect()
}

/// The `K` that turns PageRank `x` (sum 1; the mass of users who react to
/// nobody sent along the teleport, whose weights add up to `g`) into
/// pseudo-PageRank `(1 − d)·(I − d·S)⁻¹·teleport`, where that mass is
/// dropped instead.
///
/// Both are the same vector up to a factor: with `D` the mass the PageRank
/// fixed point holds at users who react to nobody, `x = λ·(I − d·S)⁻¹·t/g`
/// with `λ = (1 − d) + d·D`, so the factor is `g·(1 − d)/λ`. Unlike a
/// normalized PageRank, the pseudo-PageRank of every user only grows when
/// the teleport weights or the reactions grow.
fn pseudo_scale(layer: &Layer, x: &[f64], g: f64, d: f64) -> f64 {
    let dangling: f64 = x.iter().enumerate().filter(|&(u, _)| layer.out_weight(u as u32) == 0.0).map(|(_, x)| x).sum();
    g * (1.0 - d) / ((1.0 - d) + d * dangling)
}

/// What each user's reactors pass on: `factor · Σ_a power_a·s_a` over the
/// in-edges of `layer`.
fn passed_on(layer: &Layer, power: &[f64], factor: f64) -> Vec<f64> {
    (0..power.len())
        .into_par_iter()
        .map(|v| factor * layer.in_edges(v as u32).map(|(a, w)| power[a as usize] * w).sum::<f64>())
        .collect()
}

/// The users reachable along edges from the support of `teleport`: those
/// whose PageRank is positive.
fn reachable(layer: &Layer, teleport: &[f64]) -> Vec<bool> {
    let out = crate::graph::OutEdges::of(layer);
    let mut seen: Vec<bool> = teleport.iter().map(|t| *t > 0.0).collect();
    let mut stack: Vec<usize> = (0..seen.len()).filter(|&u| seen[u]).collect();
    while let Some(u) = stack.pop() {
        for (v, _) in out.edges(u) {
            if !seen[v as usize] {
                seen[v as usize] = true;
                stack.push(v as usize);
            }
        }
    }
    seen
}

/// The fade of a record of time `time` as of `now` (1 when either is
/// unknown).
pub(super) fn fade_at(config: &ScoreConfig, time: i64, now: Option<i64>) -> f64 {
    match (time, now) {
        (UNDATED, _) | (_, None) => 1.0,
        (t, Some(now)) => config.fade(now.saturating_sub(t)),
    }
}

/// Saturates `parts` per (pair, kind, day), then sums each (pair, kind)
/// over its days: the parts of the layer, sorted by (pair, kind). Sorting
/// by (key, kind, day, weight) first fixes the order of every sum, so the
/// result does not depend on the input order. Each kind saturates in units
/// of that kind's reactions (`kind_weight`); a weight that falls below the
/// smallest normal number counts as 0, as when it was gathered.
fn saturate(mut parts: Vec<Part>, config: &ScoreConfig, kind_weight: impl Fn(u16) -> f64) -> Vec<Part> {
    parts.par_sort_unstable_by_key(|p| (p.key, p.kind, p.day, p.weight.to_bits()));
    let mut out: Vec<Part> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        let (key, kind) = (parts[i].key, parts[i].kind);
        let mut total = 0.0;
        while i < parts.len() && parts[i].key == key && parts[i].kind == kind {
            let day = parts[i].day;
            let mut w = 0.0;
            while i < parts.len() && parts[i].key == key && parts[i].kind == kind && parts[i].day == day {
                w += parts[i].weight;
                i += 1;
            }
            total += config.saturate_kind(w, kind_weight(kind));
        }
        if total >= f64::MIN_POSITIVE {
            out.push(Part { key, kind, day: 0, weight: total });
        }
    }
    out.shrink_to_fit();
    out
}
