//! The builder and PageRank on structured input: interactions between a
//! few hundred users with arbitrary weights, kinds and networks, built with
//! `GraphBuilder` under an arbitrary `GraphConfig`, then ranked under
//! arbitrary settings (damping, tolerance, iteration cap, solver, precision,
//! dangling distribution, personalization), cold, per network and warm.
//!
//! Invalid settings must be `Err`, never a panic. A ranking returned `Ok`
//! holds finite scores, and a converged one sums to 1 (within 1e-6, plus
//! the tolerance for the push solver).
//!
//! With `INFLUENCE_FUZZ_SKIP_KNOWN=1` in the environment, inputs of the
//! crash already known and recorded in FUZZING.md (and in the ignored tests
//! of `tests/fuzz_regressions.rs`) are skipped, so that a run can look for
//! other ones: a positive out-weight so small that `1 / out-weight`
//! overflows (f64), or, with f32 contributions, so small or so large that
//! `score / out-weight` overflows or underflows an `f32`; and a warm-started
//! push solver whose `tolerance · (1 − damping)` underflows to 0.

#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use influence::{
    Dangling, GraphBuilder, GraphConfig, InfluenceGraph, Interaction, InteractionKind, KindWeights, Network, PageRank,
    PageRankConfig, Precision, Solver,
};
use libfuzzer_sys::fuzz_target;

mod common;

/// A weight: usually an ordinary one, sometimes any `f64` at all (NaN,
/// infinities, negatives, subnormals, 1e308).
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Weight {
    Small(u8),
    Any(f64),
}

impl Weight {
    fn value(self) -> f64 {
        match self {
            Weight::Small(n) => f64::from(n) / 16.0,
            Weight::Any(x) => x,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Record {
    actor: u8,
    target: u8,
    /// `None`: no weight (1).
    weight: Option<Weight>,
    /// An index into `KINDS`; past its end, no kind.
    kind: u8,
    /// An index into `NETWORKS`; past its end, no network.
    network: u8,
    /// Add by index (`add_edge_by_index`) instead of as an interaction.
    by_index: bool,
}

#[derive(Arbitrary, Debug)]
enum DanglingChoice {
    Personalization,
    Uniform,
    Weights(Vec<(u8, Weight)>),
}

#[derive(Arbitrary, Debug)]
enum Damping {
    /// `n / 256`.
    Fraction(u8),
    Any(f64),
}

#[derive(Arbitrary, Debug)]
enum Tolerance {
    /// `10^-(n % 16)`.
    Power(u8),
    Any(f64),
}

#[derive(Arbitrary, Debug)]
struct Input {
    records: Vec<Record>,
    isolated: Vec<u8>,
    kind_weights: Option<[Weight; 7]>,
    unweighted: bool,
    no_layers: bool,
    damping: Damping,
    tolerance: Tolerance,
    max_iterations: u8,
    solver: u8,
    precision: bool,
    dangling: DanglingChoice,
    personalization: Option<Vec<(u8, Weight)>>,
    /// Rank this network's layer too (an index into `NETWORKS`).
    layer: u8,
    warm: bool,
}

const KINDS: [&str; 7] = ["reshare", "reply", "comment", "mention", "like", "follow", "quote"];
const NETWORKS: [&str; 3] = ["twitter", "linkedin", "mastodon"];
const MAX_RECORDS: usize = 512;
const MAX_ITERATIONS: usize = 50;

/// Whether the graph has a known crash's trigger (see the module docs): a
/// positive out-weight below 1e-300, or, with f32 contributions, outside
/// 1e-25 to 1e25, in the combined graph or a network's layer.
fn known_crash(graph: &InfluenceGraph, precision: Precision) -> bool {
    let (low, high) = if precision == Precision::F32 { (1e-25, 1e25) } else { (1e-300, f64::INFINITY) };
    let bad = |w: &f64| *w > 0.0 && (*w < low || *w > high);
    graph.combined().out_weights().iter().any(bad)
        || (0..NETWORKS.len() as u8)
            .filter_map(network)
            .filter_map(|n| graph.layer(&n))
            .any(|layer| layer.out_weights().iter().any(bad))
}

fn skip_known() -> bool {
    static SKIP: OnceLock<bool> = OnceLock::new();
    *SKIP.get_or_init(|| std::env::var_os("INFLUENCE_FUZZ_SKIP_KNOWN").is_some_and(|v| v == "1"))
}

fn user(n: u8) -> String {
    format!("u{n}")
}

fn kind(n: u8) -> Option<InteractionKind> {
    KINDS.get(usize::from(n)).map(|k| k.parse().expect("a kind name"))
}

fn network(n: u8) -> Option<Network> {
    NETWORKS.get(usize::from(n)).map(|k| k.parse().expect("a network name"))
}

fn weights(list: &[(u8, Weight)]) -> Vec<(String, f64)> {
    list.iter().take(64).map(|&(u, w)| (user(u), w.value())).collect()
}

fuzz_target!(init: common::single_thread(), |input: Input| {
    let mut config = GraphConfig::default().unweighted(input.unweighted).layers(!input.no_layers);
    if let Some(w) = input.kind_weights {
        let mut kw = KindWeights::default();
        for (k, w) in KINDS.iter().zip(w) {
            kw = kw.set(&k.parse().expect("a kind name"), w.value());
        }
        config = config.kind_weights(kw);
    }
    let Ok(mut builder) = GraphBuilder::new(config) else { return };
    for &u in input.isolated.iter().take(16) {
        let _ = builder.add_user(&user(u));
    }
    for r in input.records.iter().take(MAX_RECORDS) {
        let weight = r.weight.map(Weight::value);
        if r.by_index {
            let _ = builder.add_edge_by_index(u32::from(r.actor), u32::from(r.target), weight.unwrap_or(1.0));
            continue;
        }
        let mut i = Interaction::new(user(r.actor), user(r.target));
        i.kind = kind(r.kind);
        i.network = network(r.network);
        i.weight = weight;
        let _ = builder.add_interaction(&i);
    }
    let Ok(graph) = builder.build() else { return };

    let solver = match input.solver % 3 {
        0 => Solver::Power,
        1 => Solver::GaussSeidel,
        _ => Solver::Push,
    };
    let damping = match input.damping {
        Damping::Fraction(n) => f64::from(n) / 256.0,
        Damping::Any(x) => x,
    };
    let tolerance = match input.tolerance {
        Tolerance::Power(n) => 10f64.powi(-i32::from(n % 16)),
        Tolerance::Any(x) => x,
    };
    let dangling = match &input.dangling {
        DanglingChoice::Personalization => Dangling::Personalization,
        DanglingChoice::Uniform => Dangling::Uniform,
        DanglingChoice::Weights(w) => Dangling::Weights(weights(w)),
    };
    let mut config = PageRankConfig::default()
        .damping(damping)
        .tolerance(tolerance)
        .max_iterations(usize::from(input.max_iterations).min(MAX_ITERATIONS))
        .solver(solver)
        .precision(if input.precision { Precision::F32 } else { Precision::F64 })
        .dangling(dangling);
    if let Some(p) = &input.personalization {
        config = config.personalization(weights(p));
    }
    let Ok(pagerank) = PageRank::new(config) else { return };
    if skip_known() && known_crash(&graph, pagerank.config().get_precision()) {
        return;
    }
    let endless_push = solver == Solver::Push && tolerance * (1.0 - damping) == 0.0;
    let Ok(ranking) = pagerank.run(&graph) else { return };
    assert_eq!(ranking.len(), graph.user_count());
    common::check_ranking(&ranking, solver, tolerance, "combined graph");
    if let Some(net) = network(input.layer) {
        if let Ok(r) = pagerank.run_layer(&graph, &net) {
            common::check_ranking(&r, solver, tolerance, "layer");
        }
    }
    if input.warm && !(skip_known() && endless_push) {
        if let Ok(r) = pagerank.run_from(&graph, &ranking) {
            common::check_ranking(&r, solver, tolerance, "warm start");
        }
    }
});
