//! The command line: every subcommand, option and default, declared with
//! clap's derive API.
//!
//! This module only describes arguments; it never reads input or runs
//! anything. Defaults come from the library's public constants so that the
//! help text cannot drift from what the library does.

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::LazyLock;

use clap::{Args, Parser, Subcommand, ValueEnum};
use influence::generate::RmatConfig;
use influence::io::{Columns, Delimiter, Header, InputFormat, KindMap, NegativeWeights, OutputFormat, Reader};
use influence::score::ScoreConfig;
use influence::{GraphConfig, InteractionKind, Limits, Network, PageRankConfig};

/// Help texts that quote the library's defaults, so they cannot drift.
static DAMPING_HELP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "PageRank: probability of following an edge rather than teleporting, in (0, 1) [default: {}]",
        PageRankConfig::DEFAULT_DAMPING
    )
});
static TOLERANCE_HELP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "PageRank: stop when the L1 change between iterations falls below T [default: {:e}]",
        PageRankConfig::DEFAULT_TOLERANCE
    )
});
static MAX_ITERATIONS_HELP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "PageRank: give up (with an error) after N iterations without convergence [default: {}]",
        PageRankConfig::DEFAULT_MAX_ITERATIONS
    )
});
static MAX_LINE_BYTES_HELP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "Refuse any line (CSV record) of an input longer than N bytes, before reading it whole [default: {}]",
        Limits::DEFAULT_MAX_LINE_BYTES
    )
});
static MAX_USERS_HELP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "Refuse an input with more than N distinct users [default: {}, what u32 indices can number]",
        Limits::DEFAULT_MAX_USERS
    )
});
static MEASURE_HELP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "How each network measures the influence its reactors pass on: pagerank (with the teleport; the default) \
         or another measure with its documented defaults: {}",
        influence::Algorithm::NAMES
            .iter()
            .filter(|n| !["pagerank", "followers"].contains(n))
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    )
});
static ALGORITHM_HELP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "The ranking algorithm: {}. The other algorithms run with their documented defaults",
        influence::Algorithm::NAMES.join(", ")
    )
});
static WINDOW_HELP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "Leave out interactions more than D days before the as-of time; inf keeps everything [default: {}]",
        ScoreConfig::DEFAULT_WINDOW_DAYS
    )
});
static HALF_LIFE_HELP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "A reaction's weight halves every D days of age; inf turns fading off [default: {}]",
        ScoreConfig::DEFAULT_HALF_LIFE_DAYS
    )
});
static SATURATION_HELP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "One person's repeated reactions of one kind to another count for at most S reactions of that kind: n \
         of a kind weighing k count k·S·(1 − e^(−n/S)), each kind on its own; inf turns saturation off \
         [default: {}]",
        ScoreConfig::DEFAULT_SATURATION
    )
});

/// Rank the users of social networks by influence: weighted, personalized
/// PageRank over who reacted to whom.
///
/// An edge `a b` (or an interaction with actor a and target b) means a
/// reacted to b, so a passes influence to b.
#[derive(Debug, Parser)]
#[command(name = "influence", version = env!("INFLUENCE_VERSION"), about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,

    /// Print nothing on stderr but errors: no progress, no graph summary.
    #[arg(long, short, global = true, help_heading = "Global options")]
    pub(crate) quiet: bool,

    /// Worker threads for building and ranking [default: all cores].
    #[arg(long, global = true, value_name = "N", help_heading = "Global options", allow_negative_numbers = true)]
    pub(crate) threads: Option<NonZeroUsize>,

    /// Colour in help and errors: auto (on a terminal, unless the NO_COLOR
    /// environment variable is set), always or never.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto", help_heading = "Global options")]
    pub(crate) color: ColorWhen,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    /// What `--color` asks for on the command line `args`, read before
    /// clap parses them so that clap's own help and errors obey it too.
    pub(crate) fn from_args(args: &[std::ffi::OsString]) -> ColorWhen {
        let mut when = ColorWhen::Auto;
        let mut iter = args.iter().filter_map(|a| a.to_str());
        while let Some(arg) = iter.next() {
            let value = match arg.strip_prefix("--color") {
                Some("") => iter.next(),
                Some(rest) => rest.strip_prefix('='),
                None => None,
            };
            match value {
                Some("always") => when = ColorWhen::Always,
                Some("never") => when = ColorWhen::Never,
                Some("auto") => when = ColorWhen::Auto,
                _ => {}
            }
        }
        when
    }

    /// Whether to colour what goes to standard error.
    pub(crate) fn stderr(self) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::IsTerminal::is_terminal(&std::io::stderr())
            }
        }
    }

    /// The same choice for clap.
    pub(crate) fn clap(self) -> clap::ColorChoice {
        match self {
            ColorWhen::Always => clap::ColorChoice::Always,
            ColorWhen::Never => clap::ColorChoice::Never,
            ColorWhen::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => clap::ColorChoice::Never,
            ColorWhen::Auto => clap::ColorChoice::Auto,
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Rank every user of INPUT; print a `user<TAB>score` header, then one
    /// line per user, highest first.
    #[command(
        after_help = "Examples:\n  influence rank examples/data/karate.edges --top 5\n  influence rank edges.txt \
                            --algorithm tunkrank --output-format csv -o ranking.csv\n  influence rank edges.txt \
                            --personalization seeds.txt   # seeds.txt: \"user [weight]\" lines"
    )]
    Rank(RankArgs),
    /// Describe the graph INPUT makes: sizes, degrees, layers, memory.
    #[command(after_help = "Examples:\n  influence stats examples/data/social.csv\n  influence stats \
                            higgs-activity_time.txt.gz --columns actor,target,time,kind --kinds \
                            RT=reshare,MT=mention,RE=reply --json")]
    Stats(StatsArgs),
    /// Run every algorithm on INPUT: time, iterations, edge visits and
    /// pairwise agreement (Spearman, Kendall tau, top-k overlap).
    #[command(after_help = "Examples:\n  influence compare examples/data/karate.edges\n  influence compare \
                            edges.txt --top-k 10 --pairs   # one line per pair, for scripts")]
    Compare(CompareArgs),
    /// How well each candidate predicts who drives reactions: with --split
    /// T, scores from the interactions before T against the reactions
    /// received after it (real data); without, Spearman correlation with
    /// simulated cascade sizes and the spread of each algorithm's top-k.
    #[command(after_help = "Examples:\n  influence validate CollegeMsg.txt.gz --columns actor,target,time \
                            --split 0.8\n  influence validate data.csv --split 2024-03-01 --horizon 30 --json\n  \
                            influence validate examples/data/karate.edges --simulations 200   # simulated cascades")]
    Validate(ValidateArgs),
    /// Score every user of INPUT on the calibrated 1–100 scale, best first:
    /// a table on a terminal; otherwise a `user<TAB>score<TAB>raw` header
    /// and one line per user.
    #[command(after_help = "Examples:\n  influence score examples/data/social.csv --top 10\n  influence score \
                            export.csv --save-calibration calibration.json\n  influence score later.csv \
                            --calibration calibration.json --output-format json -o scores.json")]
    Score(ScoreArgs),
    /// Break one user's score down by network, kind of reaction and partner.
    #[command(after_help = "Examples:\n  influence explain examples/data/social.csv u0173\n  influence explain \
                            examples/data/social.csv u0173 --partners 10 --json")]
    Explain(ExplainArgs),
    /// A user's strongest topics (`topic<TAB>influence<TAB>reactions`), or
    /// with --topic the topic's most influential users (`user<TAB>influence`).
    #[command(after_help = "Examples:\n  influence topics examples/data/social.csv u0173\n  influence topics \
                            examples/data/social.csv --topic tech --top 10")]
    Topics(TopicsArgs),
    /// Write one self-contained HTML page about INPUT's scores: their
    /// distribution, the top users by network, each selected user's
    /// explanation, topic leaders, the score over recent days and how well
    /// the score predicts later reactions, as charts.
    #[command(
        after_help = "Examples:\n  influence report examples/data/social.csv -o report.html\n  influence report \
                            export.csv --user alice --user bob --history-days 90 -o report.html"
    )]
    Report(ReportArgs),
    /// Write a synthetic graph or interaction sample.
    #[command(subcommand)]
    Generate(GenerateCommand),
    /// Measure end to end on a synthetic graph: time and memory of
    /// generating, building and ranking it.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Read and build INPUT once and write the graph to a binary graph
    /// file (versioned, checksummed; see `InfluenceGraph::write_to`) that
    /// rank, stats, compare and validate read without parsing.
    #[command(after_help = "Examples:\n  influence convert rmat20.edges -o rmat20.ifg\n  influence rank rmat20.ifg \
                            --top 10   # no parsing, no building\n  influence convert higgs-activity_time.txt.gz \
                            --columns actor,target,time,kind --kinds RT=reshare,MT=mention,RE=reply -o higgs.ifg")]
    Convert(ConvertArgs),
    /// Print the shell completion script for SHELL on standard output.
    #[command(
        after_help = "Examples:\n  influence completions bash > ~/.local/share/bash-completion/completions/influence\n  \
                            influence completions zsh > ~/.zfunc/_influence   # a folder on $fpath\n  influence \
                            completions fish > ~/.config/fish/completions/influence.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on standard output, or write one page
    /// per command into a folder.
    #[command(after_help = "Examples:\n  influence man | man -l -\n  influence man --dir ~/.local/share/man/man1")]
    Man(ManArgs),
}

/// How `rank` and `score` write their machine formats.
#[derive(Debug, Args)]
pub(crate) struct TableArgs {
    /// Leave out the header line of TSV and CSV output. (`--no-header`
    /// is the input's: it reads an edge list's first line as data.)
    #[arg(long)]
    pub(crate) no_output_header: bool,

    /// Write numbers with N digits after the decimal point [default: in
    /// full, the shortest text that reads back to the same number].
    /// (`rank --precision` is the arithmetic's: f64 or f32.)
    #[arg(long, value_name = "N")]
    pub(crate) digits: Option<usize>,
}

impl TableArgs {
    /// The writer these flags ask for.
    pub(crate) fn writer(&self, format: OutputFormat, top: Option<usize>) -> influence::io::Writer {
        influence::io::Writer::new(format).header(!self.no_output_header).precision(self.digits).top(top)
    }

    /// Whether any of these flags was given.
    pub(crate) fn given(&self) -> bool {
        self.no_output_header || self.digits.is_some()
    }
}

#[derive(Debug, Args)]
pub(crate) struct ConvertArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    /// Write the graph file to FILE (replaced only once complete).
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: PathBuf,

    /// Keep each network's layer too, as `stats` builds the graph. Without
    /// it the graph is built as `rank`, `compare` and `validate` build it
    /// (the combined layer alone), so that they print what they print for
    /// INPUT, bit for bit; with it the combined layer's weights are summed
    /// through the layers, which can move a score in its last digits.
    #[arg(long)]
    pub(crate) layers: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_name = "SHELL", value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Write `influence.1` and one `influence-COMMAND.1` per command into
    /// DIR (created if missing) instead.
    #[arg(long, value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,
}

/// Caps on what an input may hold, so that a hostile or broken file fails
/// with one clear line instead of exhausting memory.
#[derive(Debug, Args)]
pub(crate) struct LimitArgs {
    #[arg(long, value_name = "N", help = MAX_LINE_BYTES_HELP.as_str(), help_heading = "Limits", allow_negative_numbers = true)]
    max_line_bytes: Option<u64>,

    #[arg(long, value_name = "N", help = MAX_USERS_HELP.as_str(), help_heading = "Limits", allow_negative_numbers = true)]
    max_users: Option<u64>,

    /// Refuse an input with more than N interactions (edge-list lines),
    /// repeats of one pair included [default: no limit].
    #[arg(long, value_name = "N", help_heading = "Limits", allow_negative_numbers = true)]
    max_edges: Option<u64>,
}

impl LimitArgs {
    /// The library's limits, with the flags given.
    pub(crate) fn limits(&self) -> Limits {
        let mut limits = Limits::default();
        if let Some(n) = self.max_line_bytes {
            limits = limits.max_line_bytes(n);
        }
        if let Some(n) = self.max_users {
            limits = limits.max_users(n);
        }
        if let Some(n) = self.max_edges {
            limits = limits.max_edges(n);
        }
        limits
    }
}

/// How to read INPUT beyond its format: what its columns hold, how cells
/// are separated, how kinds map. Shared by every command that reads
/// interactions, so that one data set reads the same way everywhere.
#[derive(Debug, Args)]
pub(crate) struct ReadArgs {
    /// What each column of INPUT holds, comma-separated: actor, target,
    /// weight, time, kind, network, topic, or - to skip a column (SNAP's
    /// `u v t` files: actor,target,time). Times are Unix seconds (a fraction
    /// rounded down) or dates YYYY-MM-DD[ HH:MM:SS], UTC unless they carry a
    /// zone (Z, +02:00) [default: an edge list's source target [weight
    /// [time]], a CSV header's names].
    #[arg(long, value_name = "COLUMNS", allow_hyphen_values = true, help_heading = "Reading INPUT")]
    pub(crate) columns: Option<Columns>,

    /// Map the values of the kind column: NAME=KIND pairs, comma-separated
    /// (RT=reshare,MT=mention,RE=reply); KIND - leaves those rows out,
    /// counted and noted on stderr. A value not in the map is an error.
    #[arg(long, value_name = "MAP", allow_hyphen_values = true, help_heading = "Reading INPUT")]
    pub(crate) kinds: Option<KindMap>,

    /// The kind of every interaction that has none: reshare, reply,
    /// comment, mention, like, follow, or any other name.
    #[arg(long, value_name = "KIND", allow_hyphen_values = true, help_heading = "Reading INPUT")]
    pub(crate) kind: Option<InteractionKind>,

    /// The network of every interaction that has none (twitter, or any
    /// name).
    #[arg(long, value_name = "NETWORK", allow_hyphen_values = true, help_heading = "Reading INPUT")]
    pub(crate) network: Option<Network>,

    /// What separates the cells of INPUT: auto, whitespace, tab or comma.
    /// auto: an edge list splits at whitespace and commas, CSV at commas,
    /// and named --columns at tabs when the first line has one.
    #[arg(
        long,
        value_name = "DELIMITER",
        default_value_t = Delimiter::Auto,
        allow_hyphen_values = true,
        help_heading = "Reading INPUT"
    )]
    pub(crate) delimiter: Delimiter,

    /// The first line of INPUT is a header: skip it (with --columns; CSV
    /// without --columns always has one) [default: with --columns, a first
    /// line whose weight or time cell is not a number is taken for a
    /// header, noted on stderr].
    #[arg(long, conflicts_with = "no_header", help_heading = "Reading INPUT")]
    pub(crate) header: bool,

    /// The first line of INPUT is a record, whatever it looks like.
    #[arg(long, help_heading = "Reading INPUT")]
    pub(crate) no_header: bool,

    /// A negative weight: `error` (the default), or `skip` the row
    /// (counted and noted on stderr; for signed ratings such as Bitcoin
    /// OTC's).
    #[arg(
        long,
        value_name = "WHAT",
        default_value_t = NegativeWeights::Error,
        allow_hyphen_values = true,
        help_heading = "Reading INPUT"
    )]
    pub(crate) negative_weights: NegativeWeights,
}

impl ReadArgs {
    /// The library's reader for these flags, reading `format` under `limits`.
    pub(crate) fn reader(&self, format: InputFormat, limits: Limits) -> Reader {
        let header = match (self.header, self.no_header) {
            (true, _) => Header::Present,
            (_, true) => Header::Absent,
            _ => Header::Auto,
        };
        let mut reader = Reader::default()
            .format(format)
            .delimiter(self.delimiter)
            .header(header)
            .negative_weights(self.negative_weights)
            .limits(limits);
        if let Some(columns) = &self.columns {
            reader = reader.columns(columns.clone());
        }
        if let Some(kinds) = &self.kinds {
            reader = reader.kinds(kinds.clone());
        }
        if let Some(kind) = &self.kind {
            reader = reader.default_kind(kind.clone());
        }
        if let Some(network) = &self.network {
            reader = reader.default_network(network.clone());
        }
        reader
    }
}

/// Where the graph comes from and how to read it.
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// The input file (gzipped or not); `-` reads standard input. With
    /// `rank --distributed`, a directory too (its files dealt out).
    #[arg(value_name = "INPUT")]
    pub(crate) input: PathBuf,

    /// Input format: auto (from the file name, looking through .gz),
    /// edgelist, csv or jsonl.
    #[arg(long, value_name = "FORMAT", default_value_t = InputFormat::Auto)]
    pub(crate) input_format: InputFormat,

    /// Ignore weights and kinds: each distinct (actor, target) pair is one
    /// edge of weight 1.
    #[arg(long)]
    pub(crate) unweighted: bool,

    /// Store every weight as the nearest f32: 4 bytes per edge instead of 8
    /// for weights that are not exactly f32s (the default kind weights 0.8,
    /// 0.6, 0.3, 0.2 and their sums); PageRank moves by at most 6.8e-7 (L1).
    #[arg(long)]
    pub(crate) f32_weights: bool,

    /// How users are numbered inside the graph: `degree` (most active
    /// first, ties by id; iterations gather mostly from cache, so ranking is
    /// faster) or `id`. Output is by id either way; only the order of users
    /// with exactly equal scores follows the numbering.
    #[arg(long, value_name = "ORDER", default_value = "degree", value_parser = ["degree", "id"])]
    pub(crate) order: String,

    #[command(flatten)]
    pub(crate) read: ReadArgs,

    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

impl InputArgs {
    /// The graph configuration these options ask for, with or without
    /// per-network layers.
    /// The flags that shape a graph as it is read and built, given with
    /// non-default values: a graph file was built already, so they would
    /// change nothing.
    pub(crate) fn shaping_flags(&self) -> Vec<&'static str> {
        let r = &self.read;
        let given = [
            ("--input-format", self.input_format != InputFormat::Auto),
            ("--unweighted", self.unweighted),
            ("--f32-weights", self.f32_weights),
            ("--order", self.order != "degree"),
            ("--columns", r.columns.is_some()),
            ("--kinds", r.kinds.is_some()),
            ("--kind", r.kind.is_some()),
            ("--network", r.network.is_some()),
            ("--delimiter", r.delimiter != Delimiter::default()),
            ("--header", r.header),
            ("--no-header", r.no_header),
            ("--negative-weights", r.negative_weights != NegativeWeights::default()),
        ];
        given.iter().filter(|(_, g)| *g).map(|(f, _)| *f).collect()
    }

    pub(crate) fn graph_config(&self, layers: bool) -> GraphConfig {
        GraphConfig::default()
            .unweighted(self.unweighted)
            .f32_weights(self.f32_weights)
            .layers(layers)
            .degree_order(self.order == "degree")
            .limits(self.limits.limits())
    }
}

#[derive(Debug, Args)]
pub(crate) struct RankArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    #[arg(
        long,
        value_name = "NAME",
        default_value = "pagerank",
        help = ALGORITHM_HELP.as_str(),
        value_parser = clap::builder::PossibleValuesParser::new(influence::Algorithm::NAMES),
    )]
    pub(crate) algorithm: String,

    #[arg(long, short, value_name = "D", help = DAMPING_HELP.as_str(), allow_negative_numbers = true)]
    pub(crate) damping: Option<f64>,

    #[command(flatten)]
    pub(crate) solver: SolverArgs,

    /// PageRank: teleport to the users of FILE (`user [weight]` lines, a
    /// user alone weighing 1) in proportion to their weights instead of
    /// uniformly. Users not in the graph get a note and no teleport.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) personalization: Option<PathBuf>,

    /// PageRank: where users who react to nobody send their score
    /// [default: personalization].
    #[arg(long, value_enum)]
    pub(crate) dangling: Option<DanglingArg>,

    /// Write the ranking to FILE (replaced only once complete) instead of
    /// standard output.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Output format: tsv or csv (a `user score` header line, then one row
    /// per user) or json.
    #[arg(long, value_name = "FORMAT", default_value_t = OutputFormat::default())]
    pub(crate) output_format: OutputFormat,

    #[command(flatten)]
    pub(crate) table: TableArgs,

    /// Write only the K highest-ranked users (at least 1).
    #[arg(long, short, value_name = "K", allow_negative_numbers = true, value_parser = at_least_one)]
    pub(crate) top: Option<usize>,

    /// Print load, build and rank times on stderr (`timing <phase> <seconds> s`).
    #[arg(long)]
    pub(crate) timings: bool,

    #[cfg(feature = "distributed")]
    #[command(flatten)]
    pub(crate) distributed: DistributedArgs,
}

/// Where `rank --distributed` runs its timely workers.
#[cfg(feature = "distributed")]
#[derive(Debug, Args)]
pub(crate) struct DistributedArgs {
    /// PageRank on timely-dataflow workers (threads, processes, machines):
    /// the same ranking as without, written by process 0 only. Each worker
    /// reads its piece of INPUT (a byte range of a file, or its files of a
    /// directory); a graph file is read whole by every process.
    #[arg(long)]
    pub(crate) distributed: bool,

    /// With --distributed: timely worker threads in this process [default: 1].
    #[arg(long, value_name = "N", requires = "distributed")]
    pub(crate) workers: Option<NonZeroUsize>,

    /// With --distributed: the processes' `host:port`, one per line (`#`
    /// comments and blank lines skipped), the same file for every process;
    /// line k is process k. Without it: one process.
    #[arg(long, value_name = "FILE", requires = "distributed")]
    pub(crate) hosts: Option<PathBuf>,

    /// With --distributed and --hosts: this process's number, from 0.
    #[arg(long, value_name = "I", requires = "hosts")]
    pub(crate) process: Option<usize>,

    /// With --hosts: give up (exit 1, write nothing) when the processes
    /// have not all connected within SECONDS [default: 60].
    #[arg(long, value_name = "SECONDS", requires = "hosts", value_parser = at_least_one)]
    pub(crate) connect_timeout: Option<usize>,
}

/// How PageRank iterates, shared by `rank` and `bench rmat`: each flag left
/// out keeps the library's default.
#[derive(Debug, Args)]
pub(crate) struct SolverArgs {
    #[arg(long, value_name = "T", help = TOLERANCE_HELP.as_str(), allow_negative_numbers = true)]
    pub(crate) tolerance: Option<f64>,

    #[arg(long, value_name = "N", help = MAX_ITERATIONS_HELP.as_str(), allow_negative_numbers = true)]
    pub(crate) max_iterations: Option<usize>,

    /// PageRank: the solver, power (Jacobi, parallel), gauss-seidel (fewer
    /// sweeps, one thread) or push (residual push) [default: power].
    #[arg(long, value_name = "SOLVER")]
    pub(crate) solver: Option<influence::Solver>,

    /// PageRank with the power solver: f64, or f32 contribution storage
    /// (faster; L1 error up to about 3.4e-7) [default: f64].
    #[arg(long, value_name = "PRECISION")]
    pub(crate) precision: Option<influence::Precision>,
}

impl SolverArgs {
    /// `config` with every flag given applied.
    pub(crate) fn apply(&self, mut config: PageRankConfig) -> PageRankConfig {
        if let Some(t) = self.tolerance {
            config = config.tolerance(t);
        }
        if let Some(n) = self.max_iterations {
            config = config.max_iterations(n);
        }
        if let Some(solver) = self.solver {
            config = config.solver(solver);
        }
        if let Some(precision) = self.precision {
            config = config.precision(precision);
        }
        config
    }

    /// Each flag, with whether it was given.
    pub(crate) fn given(&self) -> [(&'static str, bool); 4] {
        [
            ("--tolerance", self.tolerance.is_some()),
            ("--max-iterations", self.max_iterations.is_some()),
            ("--solver", self.solver.is_some()),
            ("--precision", self.precision.is_some()),
        ]
    }
}

/// The dangling-user policies selectable on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DanglingArg {
    /// Along the personalization vector (uniform without one), as NetworkX.
    Personalization,
    /// Uniformly to every user.
    Uniform,
}

#[derive(Debug, Args)]
pub(crate) struct StatsArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    #[command(flatten)]
    pub(crate) format: ReportFormatArg,
}

/// A choice of algorithms for `compare` and `validate`.
#[derive(Debug, Args)]
pub(crate) struct AlgorithmsArg {
    /// The algorithms, comma-separated [default: every one that applies to
    /// the input].
    #[arg(
        long = "algorithms",
        value_name = "NAMES",
        value_delimiter = ',',
        value_parser = clap::builder::PossibleValuesParser::new(influence::Algorithm::NAMES),
    )]
    names: Option<Vec<String>>,
}

impl AlgorithmsArg {
    /// Whether `--algorithms` was given.
    pub(crate) fn given(&self) -> bool {
        self.names.is_some()
    }

    /// The algorithms named, or every one that applies to `graph`
    /// (`followers` only where the input has follows).
    pub(crate) fn select(&self, graph: &influence::InfluenceGraph) -> influence::Result<Vec<influence::Algorithm>> {
        match &self.names {
            Some(names) => names.iter().map(|n| influence::Algorithm::from_name(n)).collect(),
            None => Ok(influence::Algorithm::all_for(graph)),
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct CompareArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    #[command(flatten)]
    pub(crate) algorithms: AlgorithmsArg,

    /// The K of the top-K overlap.
    #[arg(long, value_name = "K", default_value_t = 100, allow_negative_numbers = true)]
    pub(crate) top_k: usize,

    /// Print the agreement as one line per pair of algorithms (for
    /// scripts) instead of three matrices (Spearman, Kendall, top-K
    /// overlap).
    #[arg(long)]
    pub(crate) pairs: bool,

    #[command(flatten)]
    pub(crate) format: ReportFormatArg,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    #[command(flatten)]
    pub(crate) algorithms: AlgorithmsArg,

    /// Monte Carlo simulations per estimate.
    #[arg(long, value_name = "N", default_value_t = influence::spread::CascadeConfig::DEFAULT_SIMULATIONS, allow_negative_numbers = true)]
    pub(crate) simulations: usize,

    /// Users whose single-seed spread is estimated (all when the graph is smaller).
    #[arg(long, value_name = "N", default_value_t = 1000, allow_negative_numbers = true)]
    pub(crate) sample: usize,

    /// The seed-set size compared with random seeds.
    #[arg(long, value_name = "K", default_value_t = 10, allow_negative_numbers = true)]
    pub(crate) top_k: usize,

    /// The random seed of the simulations.
    #[arg(long, value_name = "SEED", default_value_t = influence::spread::CascadeConfig::DEFAULT_SEED, allow_negative_numbers = true)]
    pub(crate) seed: u64,

    /// Temporal validation instead of simulated cascades: score every user
    /// from the interactions before T (a date or Unix seconds as for
    /// --as-of, or a quantile of the interactions' times such as 0.8) and
    /// compare with the reactions each receives after T. Candidates: the
    /// score under the score flags, the score with every measure, plain
    /// PageRank, and counting reactions and distinct reactors with the same
    /// window and fading.
    #[arg(long, value_name = "T", help_heading = "Temporal validation")]
    pub(crate) split: Option<String>,

    /// With --split: count the reactions of D days after T [default: every
    /// later interaction].
    #[arg(long, value_name = "D", allow_negative_numbers = true, help_heading = "Temporal validation")]
    pub(crate) horizon: Option<f64>,

    /// With --split: count the reactions before U only (a time, or a
    /// quantile of the interactions' times such as 0.8, after --split's):
    /// `--split 0.6 --until 0.8` fits settings on a period that `--split
    /// 0.8` does not report on [default: every later interaction].
    #[arg(long, value_name = "U", help_heading = "Temporal validation")]
    pub(crate) until: Option<String>,

    #[command(flatten, next_help_heading = "Temporal validation")]
    pub(crate) format: ReportFormatArg,

    #[command(flatten, next_help_heading = "Score settings (with --split)")]
    pub(crate) settings: ScoreSettingsArgs,
}

/// The interactions a score is computed from and every score setting:
/// shared by `score`, `explain` and `topics`, so that the three always
/// build the same model from the same flags.
#[derive(Debug, Args)]
pub(crate) struct ModelArgs {
    /// The interactions (CSV, JSON lines or an edge list, gzipped or not);
    /// `-` reads standard input.
    #[arg(value_name = "INPUT")]
    pub(crate) input: PathBuf,

    /// Input format: auto (from the file name, looking through .gz),
    /// edgelist, csv or jsonl.
    #[arg(long, value_name = "FORMAT", default_value_t = InputFormat::Auto)]
    pub(crate) input_format: InputFormat,

    #[command(flatten)]
    pub(crate) read: ReadArgs,

    /// Score as of DATE (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS, UTC unless a zone
    /// such as Z or +02:00 follows, or Unix seconds): later interactions are
    /// left out and ages count from there [default: the latest interaction].
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,

    /// The users' posts and audience per network, as user facts CSV
    /// (`user,network,posts,audience`).
    #[arg(long, value_name = "FILE")]
    pub(crate) facts: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) settings: ScoreSettingsArgs,

    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

/// Every setting of the score (`ScoreConfig`), for the commands that
/// build a score model: `score`, `explain`, `topics`, and `validate
/// --split`.
#[derive(Debug, Args)]
pub(crate) struct ScoreSettingsArgs {
    #[arg(long, value_name = "D", allow_negative_numbers = true, help = WINDOW_HELP.as_str())]
    pub(crate) window_days: Option<f64>,

    #[arg(long, value_name = "D", allow_negative_numbers = true, help = HALF_LIFE_HELP.as_str())]
    pub(crate) half_life_days: Option<f64>,

    #[arg(long, value_name = "S", allow_negative_numbers = true, help = SATURATION_HELP.as_str())]
    pub(crate) saturation: Option<f64>,

    /// Standing starts only at the trusted users listed in FILE (`user
    /// [weight]` lines as for --personalization; trusted users are alike, so
    /// a weight must be 1), and PageRank teleports only to them
    /// (TrustRank), instead of standing earned from the data. Users without
    /// an interaction in the window get a note.
    #[arg(long, value_name = "FILE", conflicts_with = "teleport")]
    pub(crate) trusted: Option<PathBuf>,

    /// Where each network's PageRank teleports, and so where influence
    /// starts: `standing` (users of standing, in proportion to it),
    /// `established` (users with many distinct reactors who are themselves
    /// reacted to), `engaged` (every user someone reacted to) or `uniform`
    /// (every user on the network) [default: standing].
    #[arg(long, value_enum, value_name = "MODE")]
    pub(crate) teleport: Option<TeleportMode>,

    /// The distinct reactors, themselves reacted to, that give a user full
    /// teleport weight under the established teleport [default: 15].
    #[arg(long, value_name = "R", allow_negative_numbers = true)]
    pub(crate) established_reactors: Option<f64>,

    /// How steeply the established teleport's weight falls below that,
    /// `min(1, r/R)^E` [default: 4].
    #[arg(long, value_name = "E", allow_negative_numbers = true)]
    pub(crate) established_exponent: Option<f64>,

    /// The share of a reaction's credit that is its reactor's standing (a
    /// count of reactions from users of standing), in [0, 1]; the rest is
    /// the PageRank influence the reactor passes on. 0 is PageRank alone
    /// [default: 0.5].
    #[arg(long, value_name = "A", allow_negative_numbers = true)]
    pub(crate) volume_weight: Option<f64>,

    /// Reactors of standing that keep a user's standing before the anchor,
    /// at least 1 [default: 2].
    #[arg(long, value_name = "R", allow_negative_numbers = true)]
    pub(crate) standing_seed_reactors: Option<f64>,

    /// Reactors of standing from before the anchor that give a user full
    /// standing after it, at least 1 [default: 1].
    #[arg(long, value_name = "R", allow_negative_numbers = true)]
    pub(crate) standing_reactors: Option<f64>,

    /// Where standing's anchor lies between the window's first interaction
    /// (0) and the as-of time (1): standing is earned before it, and only
    /// passed one step after it [default: 0.5].
    #[arg(long, value_name = "SHARE", allow_negative_numbers = true)]
    pub(crate) standing_anchor: Option<f64>,

    #[arg(long, value_name = "NAME", help = MEASURE_HELP.as_str())]
    pub(crate) measure: Option<String>,

    /// Reactors of below-average influence pass on x·min(1, K·x)^C instead
    /// of x (0, the default, is plain PageRank; 3 resists reciprocity
    /// gaming at the cost of the accumulation guarantee).
    #[arg(long, value_name = "C", allow_negative_numbers = true)]
    pub(crate) credibility: Option<f64>,
}

/// `--teleport`: the teleports named on the command line (trusted seeds
/// come with `--trusted FILE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TeleportMode {
    /// Users of standing, in proportion to it.
    Standing,
    /// Every user someone reacted to.
    Engaged,
    /// Every user on the network.
    Uniform,
    /// Users with many distinct engaged reactors.
    Established,
}

/// A saved calibration, for `score` and `explain`.
#[derive(Debug, Args)]
pub(crate) struct CalibrationArg {
    /// Map raw influence to 1–100 with the calibration in FILE (written by
    /// `score --save-calibration` under the same settings), so that scores
    /// compare across days [default: fit one on INPUT].
    #[arg(long, value_name = "FILE")]
    pub(crate) calibration: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ScoreArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,

    #[command(flatten)]
    pub(crate) calibration: CalibrationArg,

    /// Write the calibration fitted on INPUT to FILE (replaced only once
    /// complete), for --calibration on later days.
    #[arg(long, value_name = "FILE", conflicts_with = "calibration")]
    pub(crate) save_calibration: Option<PathBuf>,

    /// Write only the K best users (at least 1).
    #[arg(long, short, value_name = "K", allow_negative_numbers = true, value_parser = at_least_one)]
    pub(crate) top: Option<usize>,

    /// Output format: tsv or csv (a `user score raw` header line, then one
    /// row per user: the score from 1 to 100 and the raw influence it
    /// calibrates) or json [default: on a terminal, a table for people
    /// (rank, user, score to one decimal, the network and the partner that
    /// gave the most points); otherwise tsv].
    #[arg(long, value_name = "FORMAT")]
    pub(crate) output_format: Option<OutputFormat>,

    #[command(flatten)]
    pub(crate) table: TableArgs,

    /// Write the scores to FILE (replaced only once complete) instead of
    /// standard output.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,

    /// The user whose score to explain.
    #[arg(value_name = "USER")]
    pub(crate) user: String,

    #[command(flatten)]
    pub(crate) calibration: CalibrationArg,

    /// List the N partners whose reactions contributed most by name (the
    /// rest are summed up).
    #[arg(long, value_name = "N", default_value_t = 5, allow_negative_numbers = true)]
    pub(crate) partners: usize,

    #[command(flatten)]
    pub(crate) format: ReportFormatArg,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,

    #[command(flatten)]
    pub(crate) calibration: CalibrationArg,

    /// Give USER a section of their own: the explanation by network, kind
    /// and partner, and a line in the score history; repeat for more
    /// [default: the 10 best users].
    #[arg(long = "user", value_name = "USER")]
    pub(crate) users: Vec<String>,

    /// The users in the chart of top users, split by network (at least 1).
    #[arg(long, value_name = "K", default_value_t = 20, allow_negative_numbers = true, value_parser = at_least_one)]
    pub(crate) top: usize,

    /// Chart the selected users' scores at the end of each of the last D
    /// days (warm-started daily updates, under the report's calibration);
    /// 0 leaves the history out.
    #[arg(long, value_name = "D", default_value_t = 30, allow_negative_numbers = true)]
    pub(crate) history_days: usize,

    /// Where the validation section splits the input's events: scores from
    /// the first Q of them against the reactions received after (as
    /// `validate --split Q`).
    #[arg(long, value_name = "Q", default_value_t = 0.8, allow_negative_numbers = true)]
    pub(crate) split: f64,

    /// Write the report to FILE (replaced only once complete); `-` writes
    /// it to standard output.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct TopicsArgs {
    #[command(flatten)]
    pub(crate) model: ModelArgs,

    /// The user whose strongest topics to print.
    #[arg(value_name = "USER", required_unless_present = "topic", conflicts_with = "topic")]
    pub(crate) user: Option<String>,

    /// Print the most influential users on topic T instead (`#Tech` is
    /// `tech`, as in the input).
    #[arg(long, value_name = "T")]
    pub(crate) topic: Option<String>,

    /// Print the K strongest topics (or leaders), at least 1.
    #[arg(long, short, value_name = "K", default_value_t = 5, allow_negative_numbers = true, value_parser = at_least_one)]
    pub(crate) top: usize,

    /// Output format: tsv or csv (a header line, then `topic influence
    /// reactions` rows, or `user influence` with --topic) or json.
    #[arg(long, value_name = "FORMAT", default_value_t = OutputFormat::default())]
    pub(crate) output_format: OutputFormat,

    /// The same as --output-format json.
    #[arg(long, conflicts_with = "output_format")]
    pub(crate) json: bool,

    #[command(flatten)]
    pub(crate) table: TableArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum GenerateCommand {
    /// An R-MAT (Graph500 Kronecker) graph as an edge list: `src dst [w]` lines.
    Rmat(RmatArgs),
    /// A multi-network sample of social interactions (CSV or JSON lines).
    Social(SocialArgs),
}

/// The R-MAT graph of `generate rmat` and `bench rmat`: the same flags give
/// the same graph in both.
#[derive(Debug, Args)]
pub(crate) struct RmatGraphArgs {
    /// 2^S users.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub(crate) scale: u32,

    /// F · 2^S edges.
    #[arg(long, value_name = "F", default_value_t = 16, allow_negative_numbers = true)]
    pub(crate) edge_factor: u32,

    /// Random seed: the same seed gives the same graph.
    #[arg(long, value_name = "N", default_value_t = 1, allow_negative_numbers = true)]
    pub(crate) seed: u64,

    /// Give each edge a weight from 1 to 10 (a third column in an edge list).
    #[arg(long)]
    pub(crate) weighted: bool,

    /// Keep R-MAT's own user numbers instead of relabelling users by a
    /// random permutation as Graph500 does: user 0 is the largest hub and
    /// users whose numbers share leading bits react to each other more.
    /// Generating is faster; the graph's shape is the same.
    #[arg(long)]
    pub(crate) no_permute: bool,
}

impl RmatGraphArgs {
    /// The library's configuration for these flags (Graph500 probabilities;
    /// users permuted unless `--no-permute`).
    pub(crate) fn config(&self) -> RmatConfig {
        RmatConfig::default()
            .scale(self.scale)
            .edge_factor(self.edge_factor)
            .seed(self.seed)
            .weighted(self.weighted)
            .permute(!self.no_permute)
    }
}

#[derive(Debug, Args)]
pub(crate) struct RmatArgs {
    #[command(flatten)]
    pub(crate) graph: RmatGraphArgs,

    /// Write to FILE (replaced only once complete) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum BenchCommand {
    /// Generate, build and rank an R-MAT graph in memory; print the time and
    /// memory of each phase.
    ///
    /// One table (or JSON with --json): users, edges, graph memory and
    /// bytes per edge, times, iterations, time per iteration, residual,
    /// convergence, the top user, and the process's resident memory after
    /// the build and at its peak (from /proc/self/status; "unknown" where
    /// there is none). "generate" is the edges generated chunk by chunk
    /// and handed to the graph builder (never all held at once), "build"
    /// the builder's sort, merge and compressed rows. The graph is never
    /// written out.
    ///
    /// The graph is `generate rmat`'s with the same flags, built as `rank
    /// --unweighted` builds an edge list (or as `rank` does with
    /// --weighted), except that all 2^S users are kept, isolated ones too.
    /// PageRank runs with `rank`'s defaults (damping 0.85, uniform
    /// teleport, dangling users' score spread uniformly).
    Rmat(BenchRmatArgs),
}

#[derive(Debug, Args)]
pub(crate) struct BenchRmatArgs {
    #[command(flatten)]
    pub(crate) graph: RmatGraphArgs,

    #[command(flatten)]
    pub(crate) solver: SolverArgs,

    /// How users are numbered inside the graph: `degree` (most active
    /// first, as `rank` does by default) or `id`.
    #[arg(long, value_name = "ORDER", default_value = "degree", value_parser = ["degree", "id"])]
    pub(crate) order: String,

    /// After the timed ranking, rank the same graph again with each of
    /// these thread counts (each twice, in its own pool of that many
    /// threads, whatever `--threads` says) and report the faster time per
    /// iteration, the speedup over the first count listed and whether the
    /// scores are bit-identical to the first count's (they must be; the
    /// command fails otherwise). Example: `--scaling 1,2,4,8,16`.
    #[arg(long, value_name = "T,T,...", value_delimiter = ',', num_args = 1.., allow_negative_numbers = true)]
    pub(crate) scaling: Vec<NonZeroUsize>,

    #[command(flatten)]
    pub(crate) format: ReportFormatArg,
}

#[derive(Debug, Args)]
pub(crate) struct SocialArgs {
    /// Number of users [default: the library's].
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub(crate) users: Option<u32>,

    /// Random seed: the same seed gives the same sample [default: the library's].
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub(crate) seed: Option<u64>,

    /// The population's shape: `communities` (nearly everyone reacted to,
    /// mostly within small communities) or `broadcast` (a passive majority
    /// reacting to a heavy-tailed few, in bursts, as on Twitter).
    #[arg(long, value_name = "SHAPE", default_value = "communities", value_parser = ["communities", "broadcast"])]
    pub(crate) shape: String,

    /// Length of the window in days [default: the library's].
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub(crate) days: Option<u32>,

    /// The networks, comma-separated (twitter, facebook, linkedin,
    /// instagram, youtube, wikipedia or any other name) [default: the
    /// library's].
    #[arg(long, value_name = "NAME,NAME,...", value_delimiter = ',', num_args = 1..)]
    pub(crate) networks: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SocialFormat::Csv)]
    pub(crate) format: SocialFormat,

    /// Write to FILE (replaced only once complete) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Also write the users' facts (posts and audience per network) as CSV
    /// to FILE (replaced only once complete).
    #[arg(long, value_name = "FILE")]
    pub(crate) facts: Option<PathBuf>,
}

/// The formats `generate social` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SocialFormat {
    /// A header and one `actor,target,kind,network,time,weight,topic` row per interaction.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// A count of at least 1 (`--top 0` would print nothing, which is never
/// what was meant).
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err(String::from("0 would print nothing; give at least 1")),
        Ok(k) => Ok(k),
        Err(e) => Err(format!("{e}; give a whole number, at least 1")),
    }
}

/// `--output-format text|json` for the commands whose output is a report
/// (stats, explain, topics, validate --split, bench), with `--json` as the
/// short form: the same convention as rank's and score's `--output-format`.
#[derive(Debug, Args)]
pub(crate) struct ReportFormatArg {
    /// Output format: text (for people) or json (for scripts).
    #[arg(long = "output-format", value_name = "FORMAT", value_enum)]
    pub(crate) output_format: Option<ReportFormat>,

    /// The same as --output-format json.
    #[arg(long, conflicts_with = "output_format")]
    pub(crate) json: bool,
}

impl ReportFormatArg {
    /// Whether JSON was asked for.
    pub(crate) fn json(&self) -> bool {
        self.json || self.output_format == Some(ReportFormat::Json)
    }

    /// Whether either flag was given.
    pub(crate) fn given(&self) -> bool {
        self.json || self.output_format.is_some()
    }
}

/// The formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// For people.
    Text,
    /// For scripts.
    Json,
}
