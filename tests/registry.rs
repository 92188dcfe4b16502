//! Every registered algorithm, with its default configuration, runs on the
//! bundled sample and on a generated power-law graph: `compare` and
//! `validate` iterate over all of them, so none may fail on ordinary data.

use std::path::Path;

use influence::generate::RmatConfig;
use influence::{Algorithm, GraphConfig, io};

#[test]
fn every_algorithm_runs_on_ordinary_graphs() {
    let social = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/social.csv");
    let graphs = [
        ("social.csv", io::read_file(&social, io::InputFormat::Auto, GraphConfig::default()).unwrap()),
        ("rmat10", RmatConfig::default().scale(10).build().unwrap()),
        ("rmat10-weighted", RmatConfig::default().scale(10).weighted(true).build().unwrap()),
    ];
    for (name, graph) in &graphs {
        let applicable = Algorithm::all_for(graph);
        // The sample has follow interactions; generated edge lists do not.
        assert_eq!(applicable.len(), Algorithm::NAMES.len() - usize::from(*name != "social.csv"), "{name}");
        for algorithm in applicable {
            let ranking = algorithm.run(graph).unwrap_or_else(|e| panic!("{} on {name}: {e}", algorithm.name()));
            assert_eq!(ranking.len(), graph.user_count());
            assert!(ranking.scores().iter().all(|x| x.is_finite() && *x >= 0.0), "{} on {name}", algorithm.name());
        }
    }
}
