//! `influence rank`: load, build, run PageRank, write the ranking.

use std::time::Instant;

use anyhow::{Result, bail};
use influence::{Algorithm, Dangling, PageRank, PageRankConfig, Ranking};

use super::args::{DanglingArg, RankArgs};
use super::load::load_graph;
use super::output::write_to;
use super::progress::Ui;

pub(crate) fn run(args: &RankArgs, ui: &Ui) -> Result<()> {
    let algorithm = Algorithm::from_name(&args.algorithm)?;
    let is_pagerank = matches!(algorithm, Algorithm::PageRank(_));
    if !is_pagerank {
        // Settings that only PageRank reads are refused rather than ignored.
        let given = [
            ("--damping", args.damping.is_some()),
            ("--personalization", args.personalization.is_some()),
            ("--dangling", args.dangling.is_some()),
        ];
        if let Some((flag, _)) = given.iter().chain(&args.solver.given()).find(|(_, set)| *set) {
            bail!("{flag} applies to --algorithm pagerank only; {} runs with its documented defaults", args.algorithm);
        }
    }
    let mut config = PageRankConfig::default();
    if let Some(d) = args.damping {
        config = config.damping(d);
    }
    if let Some(dangling) = args.dangling {
        config = config.dangling(match dangling {
            DanglingArg::Personalization => Dangling::Personalization,
            DanglingArg::Uniform => Dangling::Uniform,
        });
    }
    config = args.solver.apply(config);
    // Validate before the (possibly long) load, so a bad setting fails fast.
    PageRank::new(config.clone())?;

    #[cfg(feature = "distributed")]
    if args.distributed.distributed && sharded_input(&args.input.input)? {
        return sharded(args, &algorithm, config, ui);
    }

    // Ranking reads only the combined graph: per-network layers would be
    // memory spent for nothing.
    let graph_config = args.input.graph_config(false);
    let loaded = load_graph(&args.input, graph_config, ui)?;
    let graph = &loaded.graph;
    if !ui.quiet() {
        let s = graph.stats();
        eprintln!(
            "graph: {} users, {} edges, {} interactions, {} merged into an edge (networks combined), {} \
             self-loops dropped, {} ignored",
            s.users, s.edges, s.interactions, s.merged, s.self_loops_dropped, s.ignored
        );
    }

    if let Some(path) = &args.personalization {
        // The seed format of --trusted too; users not in the graph get a note.
        let seeds = super::load::read_seeds(path, args.input.limits.limits())?;
        let known = |u: &str| graph.user_index(u).is_some();
        config = config.personalization(super::load::known_seeds(
            seeds,
            |s| s.0.as_str(),
            known,
            path,
            "not in the graph",
            ui,
        )?);
    }

    let tolerance = if is_pagerank { format!("{:e}", config.get_tolerance()) } else { String::from("it aims for") };
    // PageRank with the flags' settings; any other measure with its defaults.
    let algorithm = if is_pagerank { Algorithm::PageRank(config) } else { algorithm };
    let start = Instant::now();
    #[cfg(feature = "distributed")]
    let ranking = match distributed(args, &algorithm, graph, ui)? {
        Some(Some(ranking)) => ranking,
        Some(None) => return Ok(()),
        None => ranked(&algorithm, graph, ui)?,
    };
    #[cfg(not(feature = "distributed"))]
    let ranking = ranked(&algorithm, graph, ui)?;
    let rank_time = start.elapsed();

    if args.timings {
        eprintln!("timing load {:.6} s", loaded.load_time.as_secs_f64());
        eprintln!("timing build {:.6} s", loaded.build_time.as_secs_f64());
        eprintln!(
            "timing rank {:.6} s ({} iterations, residual {:.6e})",
            rank_time.as_secs_f64(),
            ranking.iterations(),
            ranking.residual()
        );
    }
    write_ranking(args, &ranking, &tolerance)
}

/// Writes `ranking` as the flags ask, unless it did not converge (an error
/// naming `tolerance`).
fn write_ranking(args: &RankArgs, ranking: &Ranking, tolerance: &str) -> Result<()> {
    if !ranking.converged() {
        bail!(
            "{} did not converge: the residual {:.6e} after {} iterations is still above the tolerance {}; \
             raise --max-iterations (or --tolerance)",
            ranking.algorithm(),
            ranking.residual(),
            ranking.iterations(),
            tolerance,
        );
    }
    let writer = args.table.writer(args.output_format, args.top);
    write_to(args.output.as_deref(), |out| Ok(writer.write_ranking(ranking, out)?))
}

/// `algorithm` run on `graph` on this machine, with a progress bar.
fn ranked(algorithm: &Algorithm, graph: &influence::InfluenceGraph, ui: &Ui) -> Result<Ranking> {
    let (pb, progress) = ui.ranking();
    let ranking = algorithm.run_with_progress(graph, progress);
    pb.finish_and_clear();
    Ok(ranking?)
}

/// With `--distributed`: PageRank on the timely workers the flags name,
/// `Some(None)` in a process other than 0 (which writes nothing). `None`
/// without the flag.
#[cfg(feature = "distributed")]
fn distributed(
    args: &RankArgs,
    algorithm: &Algorithm,
    graph: &influence::InfluenceGraph,
    ui: &Ui,
) -> Result<Option<Option<Ranking>>> {
    let d = &args.distributed;
    if !d.distributed {
        return Ok(None);
    }
    let Algorithm::PageRank(config) = algorithm else {
        bail!("--distributed runs PageRank only, not {}", args.algorithm);
    };
    let cluster = cluster(args, ui)?;
    let pr = influence::PageRank::new(config.clone())?;
    let run = pr.run_distributed_report(graph, &cluster).map_err(|e| name_broken_peer(e, &cluster))?;
    distributed_timings(args, &run, "besides the whole graph every process reads");
    let ranking = run.ranking;
    if ranking.is_none() && !ui.quiet() {
        eprintln!("distributed: done; process 0 writes the ranking");
    }
    Ok(Some(ranking))
}

/// With `--timings`: what the distributed run took, held and sent.
#[cfg(feature = "distributed")]
fn distributed_timings(args: &RankArgs, run: &influence::distributed::DistributedRun, held: &str) {
    if args.timings {
        let iterations = run.ranking.as_ref().map_or(0, Ranking::iterations);
        eprintln!("timing shares {:.6} s", run.shares_time.as_secs_f64());
        eprintln!(
            "timing iterations {:.6} s (from the first exchange to the last iteration{})",
            run.iterating.as_secs_f64(),
            if iterations > 0 {
                format!(": {:.6} s per iteration", run.iterating.as_secs_f64() / iterations as f64)
            } else {
                String::new()
            }
        );
        eprintln!(
            "memory shares {} bytes ({} MiB) for this process's workers, {held}",
            run.share_bytes,
            run.share_bytes / (1 << 20)
        );
        eprintln!(
            "timing exchange {} contributions, {} bytes per iteration sent by this process's {} workers",
            run.values_sent,
            run.bytes_per_iteration(),
            run.local_workers
        );
    }
}

/// The timely workers the flags name.
#[cfg(feature = "distributed")]
fn cluster(args: &RankArgs, ui: &Ui) -> Result<influence::distributed::Cluster> {
    use anyhow::Context;
    use influence::distributed::Cluster;

    let d = &args.distributed;
    let threads = d.workers.map_or(1, std::num::NonZeroUsize::get);
    let cluster = match &d.hosts {
        None => Cluster::threads(threads)?,
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            let hosts: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(String::from)
                .collect();
            if hosts.is_empty() {
                bail!("{} names no process (one `host:port` per line)", path.display());
            }
            if args.output.is_none() {
                // timely reports on its connections on standard output.
                bail!("--hosts needs --output FILE: timely writes its connection reports on standard output");
            }
            let cluster = Cluster::processes(threads, d.process.unwrap_or(0), hosts)?;
            watch_peers();
            match d.connect_timeout {
                Some(seconds) => cluster.connect_timeout(std::time::Duration::from_secs(seconds as u64)),
                None => cluster,
            }
        }
    };
    if !ui.quiet() {
        eprintln!("distributed: {} timely workers in all, {threads} in this process", cluster.workers());
    }
    Ok(cluster)
}

/// The remote process whose connection broke first, as timely's network
/// threads (named `timely:recv-K` and `timely:send-K` for process K) say by
/// panicking; recorded by the panic hook [`watch_peers`] installs.
#[cfg(feature = "distributed")]
static BROKEN_PEER: std::sync::Mutex<Option<usize>> = std::sync::Mutex::new(None);

/// Records in [`BROKEN_PEER`] which connection broke first. That panic, and
/// every one after it (timely's workers and guards failing in turn, which
/// the library turns into one error), are not printed: the error names the
/// peer instead. Any other panic is printed as before. The program's to
/// install, not the library's: a panic hook is the whole process's.
#[cfg(feature = "distributed")]
fn watch_peers() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let name = std::thread::current().name().map(String::from);
            let peer = name.as_deref().and_then(|n| n.strip_prefix("timely:recv-").or(n.strip_prefix("timely:send-")));
            let mut broken = BROKEN_PEER.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(k) = peer.and_then(|k| k.parse::<usize>().ok()) {
                broken.get_or_insert(k);
            }
            if broken.is_none() {
                drop(broken);
                previous(info);
            }
        }));
    });
}

/// A failed distributed run's error, with the peer whose connection broke
/// first named when timely's network threads said which.
#[cfg(feature = "distributed")]
fn name_broken_peer(e: influence::Error, cluster: &influence::distributed::Cluster) -> anyhow::Error {
    let broken = *BROKEN_PEER.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    match (e.kind(), broken) {
        (influence::ErrorKind::Cluster { .. }, Some(k)) if k < cluster.hosts().len() => anyhow::anyhow!(
            "the distributed run failed: the connection to process {k} ({}) broke (that process stopped or cannot be \
             reached); nothing was written: rerun every process",
            cluster.hosts()[k]
        ),
        _ => e.into(),
    }
}

/// Whether `--distributed` reads `input` in pieces: a directory, or a file
/// that is not a graph file (which every process reads whole); standard
/// input cannot be shared out.
#[cfg(feature = "distributed")]
fn sharded_input(input: &std::path::Path) -> Result<bool> {
    if input.as_os_str() == "-" {
        bail!("--distributed reads its input in pieces, one per worker: give a file or a directory, not -");
    }
    if input.is_dir() {
        return Ok(true);
    }
    let mut head = [0u8; 8];
    let read = std::fs::File::open(input).and_then(|mut f| std::io::Read::read(&mut f, &mut head)).unwrap_or(0);
    Ok(!influence::is_graph_file(&head[..read]))
}

/// `rank --distributed` on a file or directory: every worker reads its
/// piece of the input (`influence::distributed::ShardedInput`), and
/// process 0 writes the ranking.
#[cfg(feature = "distributed")]
fn sharded(args: &RankArgs, algorithm: &Algorithm, mut config: PageRankConfig, ui: &Ui) -> Result<()> {
    use influence::distributed::ShardedInput;

    if !matches!(algorithm, Algorithm::PageRank(_)) {
        bail!("--distributed runs PageRank only, not {}", args.algorithm);
    }
    let cluster = cluster(args, ui)?;
    if let Some(path) = &args.personalization {
        // No process holds every user: a seed not in the graph is an error
        // here, where one machine leaves it out with a note.
        config = config.personalization(super::load::read_seeds(path, args.input.limits.limits())?);
    }
    let path = args.input.input.as_path();
    let input = if path.is_dir() { ShardedInput::directory(path)? } else { ShardedInput::file(path) };
    let input = input
        .reader(args.input.read.reader(args.input.input_format, args.input.limits.limits()))
        .graph_config(args.input.graph_config(false));
    if !ui.quiet() {
        eprintln!("distributed: each worker reads its piece of {}", path.display());
    }
    let tolerance = format!("{:e}", config.get_tolerance());
    let pb = ui.spinner("reading in pieces, building the shares and ranking on the timely workers");
    let run = PageRank::new(config)?.run_sharded(&input, &cluster);
    pb.finish_and_clear();
    let run = run.map_err(|e| name_broken_peer(e, &cluster))?;
    if let Some(read) = &run.read {
        super::load::print_notes(&read.notes, ui);
    }
    if let Some(s) = run.build.as_ref().filter(|_| !ui.quiet()) {
        eprintln!(
            "graph: {} users, {} edges, {} interactions, {} merged into an edge (networks combined), {} \
             self-loops dropped, {} ignored",
            s.users, s.edges, s.interactions, s.merged, s.self_loops_dropped, s.ignored
        );
    }
    distributed_timings(args, &run, "each worker's part of the graph dropped once its share is cut");
    match &run.ranking {
        Some(ranking) => write_ranking(args, ranking, &tolerance),
        None => {
            if !ui.quiet() {
                eprintln!("distributed: done; process 0 writes the ranking");
            }
            Ok(())
        }
    }
}
