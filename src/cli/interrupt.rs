//! Ctrl-C and termination: the temporary output files of this process are
//! removed and the program exits with 128 + the signal (130 for SIGINT).
//!
//! Outputs are written under a temporary name and renamed when complete
//! (`output.rs`), so an interrupted run must not leave that name behind.
//! Every temporary file is created, renamed and removed while holding the
//! one lock of [`PENDING`]; the signal thread takes the same lock, removes
//! what is pending and exits without releasing it, so no file can appear or
//! be renamed between its cleanup and the exit. SIGKILL cannot be caught:
//! what it leaves, a later run recognises by name and removes
//! (`output::remove_stale`).

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

/// The temporary files this process has created and not yet renamed.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The lock on the pending temporary files; a poisoned lock (a panic while
/// holding it) still guards the list.
pub(crate) fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Starts the thread that waits for SIGINT, SIGTERM and SIGHUP. Without it
/// (on platforms other than Unix) the default handling applies.
pub(crate) fn install() {
    #[cfg(unix)]
    {
        use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
        use signal_hook::iterator::Signals;
        // Without the handler, an interrupt still stops the program; only the
        // cleanup is lost, so a failure to install it is not an error.
        if let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) {
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let files = pending();
                    for path in files.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                    // The lock is held until the process is gone.
                    std::process::exit(128 + signal);
                }
            });
        }
    }
}
