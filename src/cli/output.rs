//! Where results go: standard output, or a file replaced only once it is
//! complete.
//!
//! A file is written under a temporary name in its own directory and renamed
//! over the destination after everything was written and synced, so an
//! error (or a full disk) never leaves a truncated result behind. A symbolic
//! link is followed: the file it points to is replaced, the link stays.
//!
//! A destination that exists and is not a regular file (`/dev/null`, a
//! named pipe) is written in place instead: renaming over it would replace
//! the device or pipe with a regular file. Standard output and error named
//! by a path (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/2`, ...) are
//! written through the process's own streams: they may lead to a regular
//! file that a shell opened for a whole block, whose other writes a rename
//! (or a second opening at offset 0) would lose.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::interrupt;

/// Runs `write` on a buffered writer to `path` (standard output for `None`
/// or `-`), then commits: flushes standard output, or syncs and renames the
/// temporary file over `path`.
pub(crate) fn write_to(path: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let Some(path) = path else { return write_stdout(write) };
    match stream(path) {
        Some(Stream::Stdout) => write_stdout(write),
        Some(Stream::Stderr) => write_stderr(write),
        None => write_file(path, write),
    }
}

/// One of the process's own output streams.
enum Stream {
    Stdout,
    Stderr,
}

/// The stream `path` names: `-`, or standard output or error by a path of
/// the system (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`, and the same
/// for 2).
fn stream(path: &Path) -> Option<Stream> {
    match path.to_str()? {
        "-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(Stream::Stdout),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(Stream::Stderr),
        _ => None,
    }
}

fn write_stderr(write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stderr().lock());
    write(&mut out).context("cannot write to standard error")?;
    out.flush().context("cannot write to standard error")
}

fn write_stdout(write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    write(&mut out).context("cannot write to standard output")?;
    out.flush().context("cannot write to standard output")
}

/// Like [`write_to`] for two outputs, the second always a file: the file
/// is written under its temporary name (or into memory, for a device or
/// pipe) first, then the first output is
/// written and committed, then the file. So an error in either (a missing
/// directory, a full disk) leaves the file untouched, and an error in the
/// file leaves the first output untouched too.
pub(crate) fn write_to_and_file(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
    file: &Path,
    write_file: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let staged = stage(file, write_file)?;
    write_to(path, write)?;
    staged.commit()
}

fn write_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    match destination(path)? {
        Destination::Replace(real) => write_temp(&real, write)?.persist(&real),
        Destination::InPlace => {
            let file = open_in_place(path)?;
            let mut out = BufWriter::with_capacity(1 << 16, file);
            write(&mut out).with_context(|| format!("cannot write {}", path.display()))?;
            out.flush().with_context(|| format!("cannot write {}", path.display()))
        }
    }
}

/// How a file destination is written.
enum Destination {
    /// A regular file, or nothing yet: written under a temporary name beside
    /// this path (the link target for a symbolic link) and renamed over it.
    Replace(PathBuf),
    /// A device, pipe or socket: written in place.
    InPlace,
}

fn destination(path: &Path) -> Result<Destination> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => anyhow::bail!("cannot write {}: it is a directory", path.display()),
        Ok(meta) if meta.is_file() => {
            let real = fs::canonicalize(path).with_context(|| format!("cannot write {}", path.display()))?;
            Ok(Destination::Replace(real))
        }
        Ok(_) => Ok(Destination::InPlace),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Destination::Replace(path.to_path_buf())),
        Err(e) => Err(e).with_context(|| format!("cannot write {}", path.display())),
    }
}

fn open_in_place(path: &Path) -> Result<File> {
    OpenOptions::new().write(true).open(path).with_context(|| format!("cannot write {}", path.display()))
}

/// A file output prepared by [`stage`] and committed by [`Staged::commit`].
enum Staged {
    Temp(TempFile, PathBuf),
    /// The bytes for a device or pipe, written at commit.
    InPlace(Vec<u8>, PathBuf),
    /// The bytes for standard output or error, written at commit.
    Stream(Vec<u8>, Stream),
}

/// Writes the output for `path` where it cannot be seen yet: a temporary
/// file, or memory for a destination written in place.
fn stage(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<Staged> {
    if let Some(stream) = stream(path) {
        let mut bytes = Vec::new();
        write(&mut bytes).with_context(|| format!("cannot write {}", path.display()))?;
        return Ok(Staged::Stream(bytes, stream));
    }
    match destination(path)? {
        Destination::Replace(real) => Ok(Staged::Temp(write_temp(&real, write)?, real)),
        Destination::InPlace => {
            let mut bytes = Vec::new();
            write(&mut bytes).with_context(|| format!("cannot write {}", path.display()))?;
            Ok(Staged::InPlace(bytes, path.to_path_buf()))
        }
    }
}

impl Staged {
    fn commit(self) -> Result<()> {
        match self {
            Staged::Temp(temp, real) => temp.persist(&real),
            Staged::InPlace(bytes, path) => {
                let mut file = open_in_place(&path)?;
                file.write_all(&bytes).with_context(|| format!("cannot write {}", path.display()))
            }
            Staged::Stream(bytes, Stream::Stdout) => write_stdout(|out| Ok(out.write_all(&bytes)?)),
            Staged::Stream(bytes, Stream::Stderr) => write_stderr(|out| Ok(out.write_all(&bytes)?)),
        }
    }
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
/// unless persisted, and on SIGINT or SIGTERM (`interrupt.rs`).
///
/// The name, `.NAME.influence-PID.N.tmp`, says whose it is: a later run
/// writing NAME removes those whose process is gone ([`remove_stale`]).
struct TempFile {
    file: File,
    path: PathBuf,
    persisted: bool,
}

/// The prefix of the temporary files for the output file `name`.
fn temp_prefix(name: &str) -> String {
    format!(".{name}.influence-")
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
        remove_stale(dir, &name);
        let pid = std::process::id();
        // A few attempts in case a stale temporary file of a process with the
        // same id is lying around.
        let mut last_err = None;
        let mut pending = interrupt::pending();
        for attempt in 0..16u32 {
            let path = dir.join(format!("{}{pid}.{attempt}.tmp", temp_prefix(&name)));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => {
                    pending.push(path.clone());
                    return Ok(TempFile { file, path, persisted: false });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_err = Some(e),
                Err(e) => return Err(e).with_context(|| format!("cannot create {}", dest.display())),
            }
        }
        let err = last_err.unwrap_or_else(|| io::Error::other("no free temporary name"));
        Err(err).with_context(|| format!("cannot create {}", dest.display()))
    }

    fn persist(mut self, dest: &Path) -> Result<()> {
        self.file.sync_all().with_context(|| format!("cannot write {}", dest.display()))?;
        let mut pending = interrupt::pending();
        fs::rename(&self.path, dest).with_context(|| format!("cannot create {}", dest.display()))?;
        pending.retain(|p| *p != self.path);
        self.persisted = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.persisted {
            let mut pending = interrupt::pending();
            // Best effort: the error being reported matters more than a
            // leftover temporary file.
            let _ = fs::remove_file(&self.path);
            pending.retain(|p| *p != self.path);
        }
    }
}

/// Removes the temporary files for the output `name` in `dir` that runs of
/// `influence` left when they were killed: named by [`TempFile`], of a
/// process that no longer runs (on Linux, by `/proc`; elsewhere, only those
/// older than a day). Best effort: nothing here is an error.
fn remove_stale(dir: &Path, name: &str) {
    let prefix = temp_prefix(name);
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|f| f.strip_prefix(&prefix)) else { continue };
        let Some((pid, attempt)) = rest.strip_suffix(".tmp").and_then(|r| r.split_once('.')) else { continue };
        let (Ok(pid), Ok(_)) = (pid.parse::<u32>(), attempt.parse::<u32>()) else { continue };
        if pid != std::process::id() && !running(pid, &entry) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether the process `pid` that made the temporary file `entry` may still
/// be writing it.
fn running(pid: u32, entry: &fs::DirEntry) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        age.is_none_or(|a| a.as_secs() < 86_400)
    }
}
