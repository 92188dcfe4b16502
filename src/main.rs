//! The `influence` command-line program: a thin layer over the library.
//!
//! `main` parses the arguments (clap reports argument errors itself, exit
//! code 2), runs one subcommand, and turns any error into exactly one line
//! `error: <message>` on stderr and exit code 1. Output goes to stdout (or
//! `--output`); progress and summaries to stderr. SIGINT, SIGTERM and
//! SIGHUP remove the temporary output files and exit with 128 + the signal
//! (130 for Ctrl-C).

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use influence::{Counted, ErrorKind, Limits};

use cli::args::{Cli, ColorWhen, Command};
use cli::progress::Ui;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let color = ColorWhen::from_args(&args);
    let matches = Cli::command().color(color.clap()).get_matches_from(&args);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    cli::interrupt::install();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`influence rank x | head`) is the reader's choice, not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let hint = match cli.command {
                Command::Generate(_) | Command::Bench(_) | Command::Completions(_) | Command::Man(_) => None,
                _ => limit_flag(&e),
            };
            let prefix = if cli.color.stderr() { "\x1b[1;31merror:\x1b[0m" } else { "error:" };
            match hint {
                Some(flag) => eprintln!("{prefix} {} (raise the limit with {flag})", one_line(&e)),
                None => eprintln!("{prefix} {}", one_line(&e)),
            }
            ExitCode::FAILURE
        }
    }
}

/// The flag that raises the limit `error` reports, if it reports one that
/// a flag sets (not the `u32` bound on users, which no flag raises).
fn limit_flag(error: &anyhow::Error) -> Option<&'static str> {
    let e = error.chain().find_map(|c| c.downcast_ref::<influence::Error>())?;
    match e.kind() {
        ErrorKind::TooLarge { what: Counted::Users, limit } if *limit < Limits::DEFAULT_MAX_USERS => {
            Some("--max-users")
        }
        ErrorKind::TooLarge { what: Counted::Edges, .. } => Some("--max-edges"),
        ErrorKind::TooLarge { what, .. } if what.is_line_length() => Some("--max-line-bytes"),
        _ => None,
    }
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    if let Some(threads) = cli.threads {
        rayon::ThreadPoolBuilder::new().num_threads(threads.get()).build_global()?;
    }
    let ui = Ui::new(cli.quiet);
    match &cli.command {
        Command::Rank(args) => cli::rank::run(args, &ui),
        Command::Stats(args) => cli::stats::run(args, &ui),
        Command::Compare(args) => cli::compare::run(args, &ui),
        Command::Validate(args) => cli::validate::run(args, &ui),
        Command::Score(args) => cli::score::run(args, &ui),
        Command::Explain(args) => cli::explain::run(args, &ui),
        Command::Topics(args) => cli::topics::run(args, &ui),
        Command::Report(args) => cli::report::run(args, &ui),
        Command::Convert(args) => cli::convert::run(args, &ui),
        Command::Completions(args) => cli::manual::completions(args),
        Command::Man(args) => cli::manual::man(args, &ui),
        Command::Generate(command) => cli::generate::run(command, &ui),
        Command::Bench(command) => cli::bench::run(command, &ui),
    }
}

/// The error and its causes on one line, joined by `: ` (the library's
/// errors carry no source, so nothing repeats).
fn one_line(error: &anyhow::Error) -> String {
    let causes: Vec<String> = error.chain().map(ToString::to_string).collect();
    causes.join(": ").replace(['\n', '\r'], " ")
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let broken = |e: &std::io::Error| e.kind() == std::io::ErrorKind::BrokenPipe;
    error.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(broken)
            || c.downcast_ref::<influence::Error>()
                .is_some_and(|e| matches!(e.kind(), ErrorKind::Io { error, .. } if broken(error)))
    })
}
