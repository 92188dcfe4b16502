//! Progress on stderr: bars and spinners that exist only when stderr is a
//! terminal and the user did not ask for quiet, so pipes, files and tests see
//! clean output.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use influence::Progress;

/// Makes progress indicators, visible or hidden once for the whole run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ui {
    visible: bool,
    quiet: bool,
}

impl Ui {
    pub(crate) fn new(quiet: bool) -> Ui {
        Ui { visible: !quiet && std::io::stderr().is_terminal(), quiet }
    }

    /// Whether informational lines (not progress) go to stderr.
    pub(crate) fn quiet(&self) -> bool {
        self.quiet
    }

    /// A byte-progress bar for reading `len` bytes of `name`, or a spinner
    /// counting bytes when the length is unknown (standard input).
    pub(crate) fn reading(&self, name: &str, len: Option<u64>) -> ProgressBar {
        if !self.visible {
            return ProgressBar::hidden();
        }
        let pb = match len {
            Some(len) => ProgressBar::new(len).with_style(style(
                "{spinner} reading {msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta})",
            )),
            None => ProgressBar::new_spinner().with_style(style("{spinner} reading {msg} {bytes} ({bytes_per_sec})")),
        };
        pb.set_message(name.to_string());
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    }

    /// A spinner for a step without a measure of progress.
    pub(crate) fn spinner(&self, message: &'static str) -> ProgressBar {
        if !self.visible {
            return ProgressBar::hidden();
        }
        let pb = ProgressBar::new_spinner().with_style(style("{spinner} {msg} ({elapsed})"));
        pb.set_message(message);
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    }

    /// A spinner for an iterative ranking, and the callback that updates it.
    pub(crate) fn ranking(&self) -> (ProgressBar, impl FnMut(Progress)) {
        let pb = self.spinner("ranking");
        let handle = pb.clone();
        let update = move |p: Progress| {
            if !handle.is_hidden() {
                handle.set_message(format!(
                    "ranking: iteration {}/{}, residual {:.3e} (tolerance {:e})",
                    p.iteration, p.max_iterations, p.residual, p.tolerance
                ));
            }
        };
        (pb, update)
    }
}

fn style(template: &str) -> ProgressStyle {
    // The templates are constants of this file; a bad one is a programming
    // error, so fall back to the default style rather than fail the run.
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner()).progress_chars("=> ")
}
