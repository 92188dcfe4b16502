//! One shape for every configuration: each setting `x`, set by `x(value)`,
//! reads back through `get_x()`, and the stopping rule (tolerance and
//! iteration cap) is the same on every iterative measure: the same setters,
//! getters and checks.

use influence::generate::{PopulationShape, RmatConfig, SocialConfig};
use influence::score::ScoreConfig;
use influence::spread::{Activation, CascadeConfig};
use influence::{
    EigenvectorConfig, GraphBuilder, GraphConfig, HitsConfig, InfluencePassivityConfig, KatzConfig, LeaderRankConfig,
    Network, PageRankConfig, TrustRankConfig, TunkRankConfig,
};

/// Sets the stopping rule on a configuration, reads it back, and checks
/// that a bad tolerance or cap is refused when `$runnable` (the default,
/// unless it needs more to run) runs.
macro_rules! stopping_rule_round_trips {
    ($config:ty) => {
        stopping_rule_round_trips!($config, <$config>::default())
    };
    ($config:ty, $runnable:expr) => {{
        let c = <$config>::default().tolerance(1e-7).max_iterations(42);
        assert_eq!((c.get_tolerance(), c.get_max_iterations()), (1e-7, 42), "{}", stringify!($config));
        let d = <$config>::default();
        assert_eq!(
            (d.get_tolerance(), d.get_max_iterations()),
            (<$config>::DEFAULT_TOLERANCE, <$config>::DEFAULT_MAX_ITERATIONS),
            "{}",
            stringify!($config)
        );
        let mut b = GraphBuilder::default();
        b.add_edge("a", "b", 1.0).unwrap();
        b.add_edge("b", "a", 1.0).unwrap();
        let g = b.build().unwrap();
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let err = $runnable.tolerance(bad).run(&g).unwrap_err();
            assert!(err.to_string().contains("tolerance"), "{}: {err}", stringify!($config));
        }
        let err = $runnable.max_iterations(0).run(&g).unwrap_err();
        assert!(err.to_string().contains("max_iterations"), "{}: {err}", stringify!($config));
    }};
}

#[test]
fn every_iterative_measure_has_the_same_stopping_rule() {
    stopping_rule_round_trips!(PageRankConfig);
    stopping_rule_round_trips!(HitsConfig);
    stopping_rule_round_trips!(KatzConfig);
    stopping_rule_round_trips!(EigenvectorConfig);
    stopping_rule_round_trips!(LeaderRankConfig);
    // TrustRank needs seeds before anything runs.
    stopping_rule_round_trips!(TrustRankConfig, TrustRankConfig::default().seeds_top_by_in_degree(1));
    stopping_rule_round_trips!(TunkRankConfig);
    stopping_rule_round_trips!(InfluencePassivityConfig);
    let s = ScoreConfig::default().tolerance(1e-7).max_iterations(42);
    assert_eq!((s.get_tolerance(), s.get_max_iterations()), (1e-7, 42));
    assert!(ScoreConfig::default().tolerance(0.0).validate().is_err());
    assert!(ScoreConfig::default().max_iterations(0).validate().is_err());
}

#[test]
fn every_setting_reads_back_through_get() {
    let k = KatzConfig::default().alpha(0.05).beta(2.0).normalized(false);
    assert_eq!(
        (k.get_alpha(), k.get_beta(), k.get_normalized(), k.get_alpha_from_spectrum()),
        (0.05, 2.0, false, None)
    );
    assert_eq!(KatzConfig::default().alpha_from_spectrum(0.5).get_alpha_from_spectrum(), Some(0.5));
    let l = LeaderRankConfig::default().weighted(true).beta(0.5);
    assert_eq!((l.get_weighted(), l.get_beta()), (true, 0.5));
    assert_eq!(TrustRankConfig::default().damping(0.7).get_damping(), 0.7);
    assert_eq!(TunkRankConfig::default().retweet_probability(0.2).get_retweet_probability(), 0.2);
    let p = PageRankConfig::default().damping(0.9);
    assert_eq!(p.get_damping(), 0.9);
    let c = CascadeConfig::default().activation(Activation::default()).simulations(7).seed(9);
    assert_eq!((c.get_activation(), c.get_simulations(), c.get_seed()), (Activation::default(), 7, 9));
    let r = RmatConfig::default()
        .scale(5)
        .edge_factor(3)
        .probabilities(0.5, 0.2, 0.2)
        .seed(4)
        .permute(false)
        .weighted(true);
    assert_eq!(
        (r.get_scale(), r.get_edge_factor(), r.get_probabilities(), r.get_seed(), r.get_permute(), r.get_weighted()),
        (5, 3, (0.5, 0.2, 0.2), 4, false, true)
    );
    let s = SocialConfig::default()
        .users(12)
        .networks([Network::Twitter])
        .days(3)
        .reactions_per_user_per_day(1.5)
        .seed(2)
        .start_time(86_400)
        .shape(PopulationShape::Broadcast);
    assert_eq!((s.get_users(), s.get_networks(), s.get_days()), (12, &[Network::Twitter][..], 3));
    assert_eq!((s.get_reactions_per_user_per_day(), s.get_seed(), s.get_start_time()), (1.5, 2, 86_400));
    assert_eq!(s.get_shape(), PopulationShape::Broadcast);
    let g = GraphConfig::default().canonical_order(false).degree_order(true).f32_weights(true).unweighted(true);
    assert!(GraphConfig::default().get_layers() && !GraphConfig::default().layers(false).get_layers());
    assert_eq!(
        (g.get_canonical_order(), g.get_degree_order(), g.get_f32_weights(), g.get_unweighted()),
        (false, true, true, true)
    );
}
