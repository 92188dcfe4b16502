//! Reading an input into a graph, timed in two phases: load (reading and
//! parsing into the builder) and build (`GraphBuilder::build`).

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use influence::io::{Note, ReadStats};
use influence::{GraphBuilder, GraphConfig, InfluenceGraph};

use super::args::InputArgs;
use super::progress::Ui;

/// A graph and what it took to make it.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) graph: InfluenceGraph,
    pub(crate) read: ReadStats,
    pub(crate) load_time: Duration,
    pub(crate) build_time: Duration,
}

/// Reads `args.input` (standard input for `-`) with `config` and builds the
/// graph, showing progress through `ui`.
pub(crate) fn load_graph(args: &InputArgs, config: GraphConfig, ui: &Ui) -> Result<Loaded> {
    if args.input.as_os_str() != "-" {
        if let Some(loaded) = load_graph_file(args, ui)? {
            return Ok(loaded);
        }
    }
    let reader = args.read.reader(args.input_format, args.limits.limits());
    let mut builder = GraphBuilder::new(config)?;
    let start = Instant::now();
    let read = if args.input.as_os_str() == "-" {
        let pb = ui.reading("standard input", None);
        // Named in errors as `<stdin>:LINE`; the name has no extension, so
        // `auto` reads an edge list, as for any unnamed input.
        let name = Path::new("<stdin>");
        let read = reader.load(pb.wrap_read(std::io::stdin().lock()), Some(name), &mut builder);
        pb.finish_and_clear();
        read?
    } else {
        let path = args.input.as_path();
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        // A length of 0 is what pipes and special files report: no bar then.
        let len = file.metadata().ok().map(|m| m.len()).filter(|&len| len > 0);
        let pb = ui.reading(&path.display().to_string(), len);
        let read = reader.load(pb.wrap_read(file), Some(path), &mut builder);
        pb.finish_and_clear();
        read?
    };
    let load_time = start.elapsed();

    let pb = ui.spinner("building the graph");
    let start = Instant::now();
    let graph = builder.build();
    let build_time = start.elapsed();
    pb.finish_and_clear();
    // A build error (an empty graph, an overflowing sum) concerns the whole
    // input rather than a line: name the input.
    let graph = graph.with_context(|| {
        if args.input.as_os_str() == "-" { String::from("<stdin>") } else { args.input.display().to_string() }
    })?;
    // Said once the graph stands: after an error, the error alone.
    print_notes(&read.notes, ui);
    Ok(Loaded { graph, read, load_time, build_time })
}

/// The graph in `args.input` when it is a graph file (`influence
/// convert`), read without parsing or building; `None` for any other file.
fn load_graph_file(args: &InputArgs, ui: &Ui) -> Result<Option<Loaded>> {
    let path = args.input.as_path();
    let mut file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut head = [0u8; 8];
    let read = std::io::Read::read(&mut file, &mut head).unwrap_or(0);
    if !influence::is_graph_file(&head[..read]) {
        return Ok(None);
    }
    if let Some(flag) = args.shaping_flags().first() {
        anyhow::bail!(
            "{flag} shapes a graph as it is read and built, but {} is a graph file, built already; give the flag to \
             `influence convert` instead",
            path.display()
        );
    }
    let start = Instant::now();
    let len = file.metadata().with_context(|| format!("cannot read {}", path.display()))?.len();
    let pb = ui.reading(&path.display().to_string(), Some(len).filter(|&len| len > 0));
    let graph = InfluenceGraph::read_file_with_progress(path, |bytes| pb.inc(bytes));
    pb.finish_and_clear();
    let graph = graph.with_context(|| path.display().to_string())?;
    let limits = args.limits.limits();
    if graph.user_count() as u64 > limits.get_max_users() {
        anyhow::bail!(
            "{}: {} users, more than --max-users {}",
            path.display(),
            graph.user_count(),
            limits.get_max_users()
        );
    }
    let load_time = start.elapsed();
    let read = ReadStats::default();
    Ok(Some(Loaded { graph, read, load_time, build_time: Duration::ZERO }))
}

/// Prints what the reader assumed or left out, one `note:` line each on
/// stderr (unless quiet), naming the flag that would say otherwise.
pub(crate) fn print_notes(notes: &[Note], ui: &Ui) {
    if ui.quiet() {
        return;
    }
    for note in notes {
        match note {
            Note::WeightsAssumed { min, max, .. } => eprintln!(
                "note: the third column was read as weights ({min} to {max}); if it is a time, give --columns {}",
                note.time_columns().unwrap_or_default()
            ),
            Note::HeaderAssumed { .. } => eprintln!("note: {note} (--header or --no-header says so)"),
            Note::KindSkipped { .. } => eprintln!("note: {note} (--kinds)"),
            Note::NegativeWeightsSkipped { .. } => eprintln!("note: {note} (--negative-weights skip)"),
            _ => eprintln!("note: {note}"),
        }
    }
}

/// Reads a seed file (`--personalization`, `--trusted`): `user [weight]`
/// lines, a user alone weighing 1, under `limits`.
pub(crate) fn read_seeds(path: &Path, limits: influence::Limits) -> Result<Vec<(String, f64)>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(influence::io::Reader::default().limits(limits).read_personalization(file, Some(path))?)
}

/// Keeps the seeds that `known` knows; the others get one note (unless
/// quiet) with their count and the first of them, and none known is an
/// error. `absent` says what an unknown one is (`not in the graph`).
pub(crate) fn known_seeds<T>(
    seeds: Vec<T>,
    user: impl Fn(&T) -> &str,
    known: impl Fn(&str) -> bool,
    path: &Path,
    absent: &str,
    ui: &Ui,
) -> Result<Vec<T>> {
    let total = seeds.len();
    let (kept, unknown): (Vec<T>, Vec<T>) = seeds.into_iter().partition(|s| known(user(s)));
    if kept.is_empty() {
        let who = match unknown.as_slice() {
            [one] => format!("the user {:?} of {} is", user(one), path.display()),
            _ => format!("all {total} users of {} are", path.display()),
        };
        anyhow::bail!("{who} {absent}, so there is nobody to start from");
    }
    if let (Some(first), false) = (unknown.first(), ui.quiet()) {
        eprintln!(
            "note: {} of the {total} users of {} are {absent} (the first: {:?}); they are left out",
            unknown.len(),
            path.display(),
            user(first)
        );
    }
    Ok(kept)
}
