//! Where results go: standard output, or a file replaced only once it is
//! complete.
//!
//! A file is written under a temporary name in its own directory and renamed
//! over the destination after everything was written and synced, so an
//! error (or a full disk) never leaves a truncated result behind.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Runs `write` on a buffered writer to `path` (standard output for `None`
/// or `-`), then commits: flushes standard output, or syncs and renames the
/// temporary file over `path`.
pub(crate) fn write_to(path: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    match path {
        None => write_stdout(write),
        Some(p) if p.as_os_str() == "-" => write_stdout(write),
        Some(p) => write_file(p, write),
    }
}

fn write_stdout(write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    write(&mut out).context("cannot write to standard output")?;
    out.flush().context("cannot write to standard output")
}

/// Like [`write_to`] for two outputs, the second always a file: the file
/// is written under its temporary name first, then the first output is
/// written and committed, then the file. So an error in either (a missing
/// directory, a full disk) leaves the file untouched, and an error in the
/// file leaves the first output untouched too.
pub(crate) fn write_to_and_file(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
    file: &Path,
    write_file: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let temp = write_temp(file, write_file)?;
    write_to(path, write)?;
    temp.persist(file)
}

fn write_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    write_temp(path, write)?.persist(path)
}

/// The temporary file for `path`, written by `write` and flushed.
fn write_temp(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<TempFile> {
    let temp = TempFile::create(path)?;
    let mut out = BufWriter::with_capacity(1 << 16, &temp.file);
    write(&mut out).with_context(|| format!("cannot write {}", path.display()))?;
    out.flush().with_context(|| format!("cannot write {}", path.display()))?;
    drop(out);
    Ok(temp)
}

/// A file under a temporary name beside its destination, removed on drop
/// unless persisted.
struct TempFile {
    file: File,
    path: PathBuf,
    persisted: bool,
}

impl TempFile {
    fn create(dest: &Path) -> Result<TempFile> {
        let name = dest
            .file_name()
            .with_context(|| format!("cannot write {}: not a file name", dest.display()))?
            .to_string_lossy();
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let pid = std::process::id();
        // A few attempts in case a stale temporary file of a process with the
        // same id is lying around.
        let mut last_err = None;
        for attempt in 0..16u32 {
            let path = dir.join(format!(".{name}.{pid}.{attempt}.tmp"));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => return Ok(TempFile { file, path, persisted: false }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_err = Some(e),
                Err(e) => return Err(e).with_context(|| format!("cannot create {}", dest.display())),
            }
        }
        let err = last_err.unwrap_or_else(|| io::Error::other("no free temporary name"));
        Err(err).with_context(|| format!("cannot create {}", dest.display()))
    }

    fn persist(mut self, dest: &Path) -> Result<()> {
        self.file.sync_all().with_context(|| format!("cannot write {}", dest.display()))?;
        fs::rename(&self.path, dest).with_context(|| format!("cannot create {}", dest.display()))?;
        self.persisted = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.persisted {
            // Best effort: the error being reported matters more than a
            // leftover temporary file.
            let _ = fs::remove_file(&self.path);
        }
    }
}
