//! Sharded input: every worker reads its own piece of the input, sends each
//! edge to the worker that owns its target, and the owners build their
//! shares from what they receive; no process holds the whole input or the
//! whole graph.
//!
//! Users are owned by a fixed hash of their id (CRC-32 of its bytes, modulo
//! the workers), the same in every process. Each owner numbers its users in
//! id order; a worker asks each owner for the users it needs by id, once,
//! and the iteration then runs exactly as for a graph in memory.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use timely::worker::Worker;

use super::{Cluster, DistributedRun, Exchanger, Ids, Message, Settings, Share, ShareWeights, execute};
use crate::algo::driver::Outcome;
use crate::algo::pagerank::{Distribution, normalized};
use crate::algo::{Dangling, PageRank, Ranking};
use crate::error::{Error, ErrorKind, Result};
use crate::graph::{
    BuildStats, EdgeWeights, FREE, GraphBuilder, GraphConfig, InfluenceGraph, Users, canonical_number, empty_graph,
};
use crate::io::{ReadStats, Reader};

/// An input that the workers of a distributed run read in pieces
/// ([`PageRank::run_sharded`]).
///
/// - **One file** is cut into one byte range per worker, at line breaks;
///   a first line that is a header (read as no record on its own) is
///   given to every piece. The file must not break a line inside a quoted
///   CSV field (split such a file into several files instead). A gzipped
///   file cannot be cut: worker 0 decompresses it alone (the others only
///   build), handing on [`ShardedInput::piece_bytes`] of text at a time.
/// - **Several files** (or a [directory](ShardedInput::directory)) are
///   dealt out: file `k` to worker `k mod W`, each read a piece at a time
///   (gzipped ones as they decompress).
///
/// Each worker reads [`ShardedInput::piece_bytes`] at a time (cut at a
/// line break) and sends what it read on before the next piece, so what a
/// worker holds while reading does not grow with its files.
///
/// Every piece is read by the same [`Reader`] (format, columns, kinds) and
/// its interactions are weighted by the same [`GraphConfig`] (kind weights,
/// unweighted, f32 weights) as one machine would; per-network layers are
/// not built (PageRank ranks the combined graph). The [`Limits`](crate::Limits)
/// of the graph configuration apply to each worker's part.
///
/// # Example
///
/// ```
/// use influence::distributed::{Cluster, ShardedInput};
/// use influence::PageRank;
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("ties.csv");
/// std::fs::write(&path, "actor,target,kind\nann,bob,reshare\ncy,bob,like\nbob,ann,reply\ndee,cy,like\n").unwrap();
/// let run = PageRank::default().run_sharded(&ShardedInput::file(&path), &Cluster::threads(3)?)?;
/// let ranking = run.ranking.expect("process 0 holds the ranking");
/// assert_eq!(ranking.len(), 4);
/// assert_eq!(ranking.top(1)[0].0, "bob");
/// assert_eq!(run.build.expect("a sharded run builds").edges, 4);
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ShardedInput {
    paths: Vec<PathBuf>,
    reader: Reader,
    graph: GraphConfig,
    piece_bytes: u64,
}

impl ShardedInput {
    /// One file, cut into a byte range per worker.
    pub fn file(path: impl Into<PathBuf>) -> ShardedInput {
        ShardedInput {
            paths: vec![path.into()],
            reader: Reader::default(),
            graph: GraphConfig::default(),
            piece_bytes: ShardedInput::DEFAULT_PIECE_BYTES,
        }
    }

    /// Several files, dealt out whole (file `k` to worker `k mod W`); one
    /// file is cut as by [`ShardedInput::file`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidConfig`] for no file.
    pub fn files<P: Into<PathBuf>>(paths: impl IntoIterator<Item = P>) -> Result<ShardedInput> {
        let paths: Vec<PathBuf> = paths.into_iter().map(Into::into).collect();
        if paths.is_empty() {
            return Err(Error::config("files", "none", "a sharded input needs at least one file"));
        }
        Ok(ShardedInput::file("").with_paths(paths))
    }

    /// The files of directory `dir` (not those whose name starts with a dot,
    /// nor subdirectories), in order of name, as [`ShardedInput::files`].
    ///
    /// # Errors
    ///
    /// An I/O error naming `dir`, and [`ErrorKind::InvalidConfig`] when it
    /// holds no file.
    pub fn directory(dir: impl AsRef<Path>) -> Result<ShardedInput> {
        let dir = dir.as_ref();
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(Some(dir), e))? {
            let entry = entry.map_err(|e| Error::io(Some(dir), e))?;
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let is_file = entry.file_type().map_err(|e| Error::io(Some(dir), e))?.is_file();
            if is_file && !hidden {
                paths.push(entry.path());
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(Error::config("directory", dir.display(), "it holds no file to read"));
        }
        Ok(ShardedInput::file("").with_paths(paths))
    }

    /// How every piece is read [default: [`Reader::default`]].
    pub fn reader(mut self, reader: Reader) -> ShardedInput {
        self.reader = reader;
        self
    }

    /// How interactions become edges [default: [`GraphConfig::default`]];
    /// layers are never built.
    pub fn graph_config(mut self, config: GraphConfig) -> ShardedInput {
        self.graph = config;
        self
    }

    /// Bytes of a file read by default before what was read is sent on:
    /// 8 MiB.
    pub const DEFAULT_PIECE_BYTES: u64 = 8 << 20;

    /// How many bytes of a file a worker reads before it sends what it read
    /// to the workers that own it (cut at a line break) [default:
    /// [`ShardedInput::DEFAULT_PIECE_BYTES`]]: what a worker holds while
    /// reading grows with it (a gzipped file: bytes of decompressed text).
    pub fn piece_bytes(mut self, bytes: u64) -> ShardedInput {
        self.piece_bytes = bytes.max(1);
        self
    }

    /// The files read.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    fn with_paths(mut self, paths: Vec<PathBuf>) -> ShardedInput {
        self.paths = paths;
        self
    }

    /// The pieces worker `index` of `workers` reads, in order.
    fn pieces(&self, index: usize, workers: usize) -> Result<Vec<Piece>> {
        if let [path] = &self.paths[..] {
            let mut file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
            if is_gzip(path, &mut file)? {
                let whole = Piece::Stream { path: path.clone() };
                return Ok(if index == 0 { vec![whole] } else { Vec::new() });
            }
            let len = file.metadata().map_err(|e| Error::io(Some(path), e))?.len();
            let cut = |k: usize| ((u128::from(len) * k as u128) / workers as u128) as u64;
            let start = line_start(&mut file, cut(index), len).map_err(|e| Error::io(Some(path), e))?;
            let end = line_start(&mut file, cut(index + 1), len).map_err(|e| Error::io(Some(path), e))?;
            return self.ranges(path, &mut file, start..end);
        }
        let mut pieces = Vec::new();
        for path in self.paths.iter().skip(index).step_by(workers) {
            let mut file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
            if is_gzip(path, &mut file)? {
                pieces.push(Piece::Stream { path: path.clone() });
            } else {
                let len = file.metadata().map_err(|e| Error::io(Some(path), e))?.len();
                pieces.extend(self.ranges(path, &mut file, 0..len)?);
            }
        }
        Ok(pieces)
    }

    /// The bytes `span` of the plain file at `path` (cut at line breaks),
    /// as pieces of about [`ShardedInput::piece_bytes`] each, cut at line
    /// breaks, the file's header in front of every one but the first.
    fn ranges(&self, path: &Path, file: &mut File, span: Range<u64>) -> Result<Vec<Piece>> {
        if span.start >= span.end {
            return Ok(Vec::new());
        }
        let header = self.header(path, file)?;
        let mut pieces = Vec::new();
        let mut at = span.start;
        while at < span.end {
            let next = line_start(file, at.saturating_add(self.piece_bytes), span.end)
                .map_err(|e| Error::io(Some(path), e))?;
            let header = if at > 0 { header.clone() } else { None };
            pieces.push(Piece::Range { path: path.to_path_buf(), range: at..next, header });
            at = next;
        }
        Ok(pieces)
    }

    /// The file's first line when it is a header to repeat at the head of
    /// every piece: a line that does not read as a record on its own (a
    /// header, or a comment, which is skipped again). A first line that is
    /// a record is not repeated.
    fn header(&self, path: &Path, file: &mut File) -> Result<Option<Vec<u8>>> {
        file.seek(SeekFrom::Start(0)).map_err(|e| Error::io(Some(path), e))?;
        let most = self.reader.limits_ref().get_max_line_bytes().min(1 << 20);
        let mut line = Vec::new();
        let mut buf = [0u8; 8192];
        while (line.len() as u64) < most {
            let k = file.read(&mut buf).map_err(|e| Error::io(Some(path), e))?;
            if k == 0 {
                break;
            }
            if let Some(i) = memchr::memchr(b'\n', &buf[..k]) {
                line.extend_from_slice(&buf[..=i]);
                // A header alone may be an error (CSV without rows).
                return Ok(match self.reader.collect(&line[..], Some(path)) {
                    Ok((records, _)) if !records.is_empty() => None,
                    _ => Some(line),
                });
            }
            line.extend_from_slice(&buf[..k]);
        }
        Ok(None)
    }
}

/// Whether `file` is gzipped: by its magic bytes, or its name.
fn is_gzip(path: &Path, file: &mut File) -> Result<bool> {
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        match file.read(&mut magic[got..]).map_err(|e| Error::io(Some(path), e))? {
            0 => break,
            k => got += k,
        }
    }
    let named = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    Ok(named || (got == 2 && magic == [0x1f, 0x8b]))
}

/// The start of the first line that starts at or after byte `at` of a file
/// of `len` bytes (`len` when none does).
fn line_start(file: &mut File, at: u64, len: u64) -> std::io::Result<u64> {
    if at == 0 || at >= len {
        return Ok(at.min(len));
    }
    // A line starts at `at` when the byte before it ends one.
    file.seek(SeekFrom::Start(at - 1))?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut pos = at - 1;
    loop {
        let k = file.read(&mut buf)?;
        if k == 0 {
            return Ok(len);
        }
        if let Some(i) = memchr::memchr(b'\n', &buf[..k]) {
            return Ok((pos + i as u64 + 1).min(len));
        }
        pos += k as u64;
    }
}

/// Line breaks in the first `end` bytes of the file at `path`.
fn lines_before(path: &Path, end: u64) -> std::io::Result<u64> {
    let mut file = File::open(path)?.take(end);
    let mut buf = vec![0u8; 1 << 20];
    let mut lines = 0;
    loop {
        let k = file.read(&mut buf)?;
        if k == 0 {
            return Ok(lines);
        }
        lines += memchr::memchr_iter(b'\n', &buf[..k]).count() as u64;
    }
}

/// What one worker reads: a byte range of a plain file with the file's
/// header line in front, or a gzipped file, decompressed and cut into
/// pieces as it is read ([`Feed`]).
#[derive(Debug)]
enum Piece {
    Range { path: PathBuf, range: Range<u64>, header: Option<Vec<u8>> },
    Stream { path: PathBuf },
}

/// A worker's pieces, handed out one at a time: a range whole, a gzipped
/// file [`ShardedInput::piece_bytes`] of decompressed text at a time.
struct Feed {
    pieces: std::collections::VecDeque<Piece>,
    stream: Option<Stream>,
}

/// A gzipped file being read: what follows the last line break read, the
/// header to repeat, and the line breaks handed out so far.
struct Stream {
    path: PathBuf,
    input: crate::io::gzip::Input<File>,
    carry: Vec<u8>,
    header: Option<Vec<u8>>,
    lines: u64,
    first: bool,
}

impl Feed {
    fn new(pieces: Vec<Piece>) -> Feed {
        Feed { pieces: pieces.into(), stream: None }
    }

    /// Loads the next piece into `builder`: `None` when there is none left.
    /// Errors name the line of the whole file.
    fn load_next(&mut self, input: &ShardedInput, builder: &mut GraphBuilder) -> Option<Result<ReadStats>> {
        loop {
            if let Some(stream) = &mut self.stream {
                match stream.next_chunk(input) {
                    Ok(Some((text, lines_before, headed))) => {
                        let path = stream.path.clone();
                        return Some(input.reader.load(&text[..], Some(&path), builder).map_err(|e| {
                            if e.position().is_none() || lines_before == 0 {
                                return e;
                            }
                            e.lines_down(lines_before - u64::from(headed))
                        }));
                    }
                    Ok(None) => self.stream = None,
                    Err(e) => {
                        self.stream = None;
                        return Some(Err(e));
                    }
                }
            }
            match self.pieces.pop_front()? {
                Piece::Range { path, range, header } => {
                    return Some(load_range(input, &path, range, header, builder));
                }
                Piece::Stream { path } => {
                    let opened = File::open(&path).and_then(crate::io::gzip::open);
                    match opened {
                        Ok(gz) => {
                            let stream =
                                Stream { path, input: gz, carry: Vec::new(), header: None, lines: 0, first: true };
                            self.stream = Some(stream);
                        }
                        Err(e) => return Some(Err(Error::io(Some(&path), e))),
                    }
                }
            }
        }
    }
}

impl Stream {
    /// The next piece of decompressed text, cut after a line break (the
    /// header in front after the first), with the file's line breaks before
    /// it and whether a header was put in front; `None` at the end.
    fn next_chunk(&mut self, input: &ShardedInput) -> Result<Option<(Vec<u8>, u64, bool)>> {
        let path = self.path.clone();
        let mut text = std::mem::take(&mut self.carry);
        let mut buf = vec![0u8; 1 << 16];
        let mut ended = false;
        // At least a piece's bytes, and a line break to cut at.
        while (text.len() as u64) < input.piece_bytes || memchr::memchr(b'\n', &text).is_none() {
            let k = self.input.read(&mut buf).map_err(|e| Error::io(Some(&path), e))?;
            if k == 0 {
                ended = true;
                break;
            }
            text.extend_from_slice(&buf[..k]);
        }
        if text.is_empty() {
            return Ok(None);
        }
        if !ended {
            let cut = memchr::memrchr(b'\n', &text).map_or(text.len(), |i| i + 1);
            self.carry = text.split_off(cut);
        }
        let before = self.lines;
        self.lines += memchr::memchr_iter(b'\n', &text).count() as u64;
        if self.first {
            self.first = false;
            let line = memchr::memchr(b'\n', &text).map_or(&text[..], |i| &text[..=i]);
            self.header = match input.reader.collect(line, Some(&path)) {
                Ok((records, _)) if !records.is_empty() => None,
                _ => Some(line.to_vec()),
            };
            return Ok(Some((text, before, false)));
        }
        match &self.header {
            Some(header) => {
                let mut headed = header.clone();
                headed.extend_from_slice(&text);
                Ok(Some((headed, before, true)))
            }
            None => Ok(Some((text, before, false))),
        }
    }
}

/// Reads the bytes `range` of the plain file at `path` with `header` in
/// front into `builder`; errors name the line of the whole file.
fn load_range(
    input: &ShardedInput,
    path: &Path,
    range: Range<u64>,
    header: Option<Vec<u8>>,
    builder: &mut GraphBuilder,
) -> Result<ReadStats> {
    let mut file = File::open(path).map_err(|e| Error::io(Some(path), e))?;
    file.seek(SeekFrom::Start(range.start)).map_err(|e| Error::io(Some(path), e))?;
    let header = header.unwrap_or_default();
    let text = (&header[..]).chain(file.take(range.end - range.start));
    input.reader.load(text, Some(path), builder).map_err(|e| {
        if e.position().is_none() || range.start == 0 {
            return e;
        }
        // Line k of the piece is line `before + k` of the file, one less
        // with the header in front.
        match lines_before(path, range.start) {
            Ok(before) => e.lines_down(before - u64::from(!header.is_empty())),
            Err(_) => e,
        }
    })
}

/// The worker that owns user `id` among `workers`: the same in every
/// process and on every machine.
fn owner(id: &str, workers: usize) -> u32 {
    (crc32fast::hash(id.as_bytes()) as usize % workers) as u32
}

/// What a worker hands back to the process that runs it.
struct Done {
    /// In worker 0: every user's id and score, ids increasing, and how the
    /// iteration ended.
    ranking: Option<(Users, Vec<f64>, Outcome)>,
    sent: u64,
    took: Duration,
    /// Until the share was ready to iterate.
    setup: Duration,
    share_bytes: u64,
    /// The whole graph's build counts.
    build: BuildStats,
    read: ReadStats,
}

/// What every worker runs, besides the input.
#[derive(Debug, Clone)]
struct Job {
    settings: Settings,
    personalization: Option<Vec<(String, f64)>>,
    dangling: Dangling,
}

impl PageRank {
    /// Ranks the combined graph of `input` on the workers of `cluster`, each
    /// worker reading its own piece of the input ([`ShardedInput`]): no
    /// process reads the whole input or holds the whole graph. `ranking` in
    /// the result is `Some` in process 0; its users are numbered in id order
    /// as `influence rank --order id` numbers them (decimal ids by value,
    /// then the others byte by byte), so users with equal scores are listed
    /// in that order. Every process must be
    /// given the same input, reader, graph configuration and PageRank
    /// configuration; the input's files must be readable by every process
    /// at the same paths (a shared or copied directory).
    ///
    /// The scores are those of [`PageRank::run`] on the graph that
    /// [`GraphBuilder`] builds from the same input, to rounding: the edges
    /// of a user are merged in the order they arrive from the readers.
    ///
    /// # Errors
    ///
    /// Those of reading the input (naming the file and line), building the
    /// graph and [`PageRank::run`] (an unknown personalization user, an empty
    /// graph), whichever worker finds them; those of
    /// [`PageRank::run_distributed`].
    pub fn run_sharded(&self, input: &ShardedInput, cluster: &Cluster) -> Result<DistributedRun> {
        let settings = self.distributed_settings()?;
        let config = self.config();
        // Checked here, so that no worker fails alone on it.
        input.graph.get_kind_weights().validate()?;
        let job = Job {
            settings,
            personalization: config.personalization_pairs().map(<[_]>::to_vec),
            dangling: config.dangling_policy().clone(),
        };
        let shared = Arc::new((input.clone(), job));
        let done = execute(cluster, move |worker| {
            let (input, job) = &*shared;
            work(worker, input, job)
        })?;
        // A worker's own error first: the others only report that one failed.
        let mut failed = None;
        let mut finished = Vec::new();
        for result in done {
            match result {
                Ok(done) => finished.push(done),
                Err(e) => {
                    let own = !matches!(e.kind(), ErrorKind::Cluster { .. });
                    if failed.is_none() || own {
                        failed = Some(e);
                    }
                    if own {
                        break;
                    }
                }
            }
        }
        if let Some(e) = failed {
            return Err(e);
        }
        let mut run = DistributedRun {
            ranking: None,
            values_sent: 0,
            workers: cluster.workers(),
            local_workers: cluster.threads,
            shares_time: Duration::ZERO,
            iterating: Duration::ZERO,
            share_bytes: 0,
            build: None,
            read: Some(ReadStats::default()),
        };
        for done in finished {
            run.values_sent += done.sent;
            run.iterating = run.iterating.max(done.took);
            run.shares_time = run.shares_time.max(done.setup);
            run.share_bytes += done.share_bytes;
            if let Some(read) = &mut run.read {
                add_read(read, done.read);
            }
            let edges = done.build.edges as u64;
            run.build = Some(done.build);
            if let Some((users, x, outcome)) = done.ranking {
                let edge_visits = outcome.iterations as u64 * edges;
                run.ranking = Some(Ranking::of_users(Arc::new(users), x, outcome, "pagerank", edge_visits)?);
            }
        }
        Ok(run)
    }
}

/// Adds what one worker read to what others did; notes said once.
fn add_read(total: &mut ReadStats, read: ReadStats) {
    total.lines += read.lines;
    total.records += read.records;
    total.skipped += read.skipped;
    total.kinds_skipped += read.kinds_skipped;
    total.negative_skipped += read.negative_skipped;
    for note in read.notes {
        if !total.notes.contains(&note) {
            total.notes.push(note);
        }
    }
}

/// Every worker's result of a step, agreed by all: this worker's own error,
/// or [`ErrorKind::Cluster`] naming the first worker that failed, or `Ok`.
fn agree<T>(exchange: &mut Exchanger, worker: &mut Worker, me: u32, peers: usize, mine: Result<T>) -> Result<T> {
    let message = mine.as_ref().err().map(ToString::to_string);
    let out = (0..peers as u32).map(|to| (to, me, Message::Failed(message.clone()))).collect();
    let got = exchange.round(worker, out);
    let mine = mine?;
    for (from, message) in got {
        if let Message::Failed(Some(reason)) = message {
            return Err(Error::cluster(format!("worker {from} failed: {reason}")));
        }
    }
    Ok(mine)
}

/// One worker's whole run: read, send, build, agree on the numbering,
/// iterate, gather.
fn work(worker: &mut Worker, input: &ShardedInput, job: &Job) -> Result<Done> {
    let started = Instant::now();
    let me = worker.index() as u32;
    let peers = worker.peers();
    let mut exchange = Exchanger::new(worker);
    let config = input.graph.clone().layers(false);

    // Read this worker's pieces, one builder each, in rounds of one piece
    // per worker: send every edge record to its target's owner, and add
    // those that arrive to this worker's part once the round is over (so
    // what is in flight is one piece per worker at most).
    let mut part = GraphBuilder::new(config.clone())?;
    let mut read = ReadStats::default();
    // Interactions, self-interactions and zero weights, counted by readers.
    let mut counted = [0u64; 3];
    // A piece with no record (only comments, or a header) is no error
    // unless the whole input has none: the first such error is kept.
    let mut no_records = None;
    let pieces = agree(&mut exchange, worker, me, peers, input.pieces(me as usize, peers))?;
    let mut feed = Feed::new(pieces);
    // Rounds go on while any worker loaded a piece in the last one.
    loop {
        let mut result = Ok(());
        let mut local = GraphBuilder::new(config.clone())?;
        let loaded = feed.load_next(input, &mut local);
        let more = loaded.is_some();
        match loaded {
            None => {}
            Some(Ok(stats)) => {
                add_read(&mut read, stats);
                let c = local.counted();
                counted[0] += c.interactions;
                counted[1] += c.self_loops_dropped;
                counted[2] += c.ignored;
                ship(&local, me, peers, &mut exchange);
            }
            Some(Err(e)) if e.is_no_records() => no_records = no_records.take().or(Some(e)),
            Some(Err(e)) => result = Err(e),
        }
        drop(local);
        let got = exchange.end_round(worker);
        if result.is_ok() {
            result = receive(&mut part, got);
        }
        agree(&mut exchange, worker, me, peers, result)?;
        let out = (0..peers as u32).map(|to| (to, me, Message::Counts(vec![u64::from(more)]))).collect();
        let mut loading = 0;
        for (_, message) in exchange.round(worker, out) {
            if let Message::Counts(c) = message {
                loading += c[0];
            }
        }
        if loading == 0 {
            break;
        }
    }
    let out = (0..peers as u32).map(|to| (to, me, Message::Counts(vec![read.records]))).collect();
    let mut records = 0;
    for (_, message) in exchange.round(worker, out) {
        if let Message::Counts(c) = message {
            records += c.iter().sum::<u64>();
        }
    }
    if records == 0 {
        return Err(no_records.unwrap_or_else(|| Error::cluster("no worker read a record (see worker 0's error)")));
    }
    let part = if part.user_count() == 0 { Ok(None) } else { part.build_part().map(Some) };
    let part = agree(&mut exchange, worker, me, peers, part)?;

    // Every user of this part, with its out-weight here, to its owner; the
    // owner adds them up (in worker order) and numbers its users by id.
    let mut told: Vec<(Ids, Vec<f64>)> = vec![Default::default(); peers];
    if let Some(part) = &part {
        let out = part.combined().out_weights();
        for (u, id) in part.user_ids().enumerate() {
            let (ids, weights) = &mut told[owner(id, peers) as usize];
            ids.push(id);
            weights.push(out[u]);
        }
    }
    let out = told.into_iter().enumerate().map(|(to, (ids, w))| (to as u32, me, Message::Users(ids, w))).collect();
    let mut rows = Users::default();
    let mut weight: Vec<f64> = Vec::new();
    let mut numbering = Ok(());
    for (_, message) in exchange.round(worker, out) {
        if let Message::Users(ids, weights) = message {
            for (id, w) in ids.iter().zip(weights) {
                match id.and_then(|id| rows.intern(id)) {
                    Ok(i) if i as usize == weight.len() => weight.push(w),
                    Ok(i) => weight[i as usize] += w,
                    Err(e) => numbering = Err(e),
                }
            }
        }
    }
    // Rows in the part's order (its users are numbered by degree, so the
    // sweep reads its hubs from cache), those the part lacks last, ties by
    // id: the same in every run.
    if let Some(new_index) = rows.sort_by_id() {
        let mut sorted = vec![0.0; weight.len()];
        for (old, &new) in new_index.iter().enumerate() {
            sorted[new as usize] = weight[old];
        }
        weight = sorted;
    }
    let place = |id: &str| part.as_ref().and_then(|p| p.user_index(id)).unwrap_or(u32::MAX);
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by_cached_key(|&i| (place(rows.name(i).unwrap_or_default()), i));
    let new_index = rows.reorder(&order);
    let mut placed = vec![0.0; weight.len()];
    for (old, &new) in new_index.iter().enumerate() {
        placed[new as usize] = weight[old];
    }
    weight = placed;
    let overflow = numbering.and_then(|()| match weight.iter().position(|w| w.is_infinite()) {
        Some(i) => Err(Error::weight(
            weight[i],
            format!("the weights of the interactions of {:?} sum past the largest number", rows.name(i as u32)),
        )),
        None => Ok(()),
    });
    agree(&mut exchange, worker, me, peers, overflow)?;

    // The whole graph's counts: users, and what each part's build counted.
    let local = part.as_ref().map(|p| p.stats().clone()).unwrap_or_default();
    let counts = vec![
        rows.len() as u64,
        local.edges as u64,
        counted[0],
        local.merged,
        counted[1],
        counted[2],
        weight.iter().filter(|&&w| w == 0.0).count() as u64,
    ];
    let out = (0..peers as u32).map(|to| (to, me, Message::Counts(counts.clone()))).collect();
    let mut total = [0u64; 7];
    for (_, message) in exchange.round(worker, out) {
        if let Message::Counts(c) = message {
            total.iter_mut().zip(c).for_each(|(t, c)| *t += c);
        }
    }
    let n = total[0] as usize;
    let build = BuildStats {
        users: n,
        edges: total[1] as usize,
        interactions: total[2],
        merged: total[3],
        self_loops_dropped: total[4],
        ignored: total[5],
        dangling: total[6] as usize,
        ..BuildStats::default()
    };
    // The same in every worker, so all stop here together.
    if let Some(e) = empty_graph(n, &build, false) {
        return Err(e);
    }
    if n > u32::MAX as usize {
        return Err(Error::new(ErrorKind::TooLarge { what: crate::error::Counted::Users, limit: u64::from(u32::MAX) }));
    }

    // Columns: own users first (by id), then the other workers' users this
    // part's edges come from, by owner and by id; each owner is asked for
    // those once, by id.
    let (share, wanted) = {
        let empty = Vec::new();
        let (part_ids, part_out): (Vec<&str>, &[f64]) = match &part {
            Some(p) => (p.user_ids().collect(), p.combined().out_weights()),
            None => (Vec::new(), &empty),
        };
        let mut needed: Vec<Vec<(&str, u32)>> = vec![Vec::new(); peers];
        for (u, id) in part_ids.iter().enumerate() {
            let o = owner(id, peers) as usize;
            if o != me as usize && part_out[u] > 0.0 {
                needed[o].push((id, u as u32));
            }
        }
        let mut column = vec![u32::MAX; part_ids.len()];
        for (u, id) in part_ids.iter().enumerate() {
            if owner(id, peers) == me {
                column[u] = rows.get(id).unwrap_or_else(|| unreachable!("every user of the part was told its owner"));
            }
        }
        let mut owned_by = vec![0..0; peers];
        let own = rows.len();
        let mut next = own;
        for (o, users) in needed.iter_mut().enumerate() {
            // In the part's order (by degree), as the rows are.
            users.sort_unstable_by_key(|&(_, u)| u);
            let start = next - own;
            for &(_, u) in users.iter() {
                column[u as usize] = next as u32;
                next += 1;
            }
            owned_by[o] = start..next - own;
        }
        let asks = needed.iter().enumerate().filter(|&(o, _)| o != me as usize);
        let asks = asks.map(|(o, users)| {
            let mut ids = Ids::default();
            users.iter().for_each(|(id, _)| ids.push(id));
            (o as u32, me, Message::NeedIds(ids))
        });
        let mut wanted = Vec::new();
        let mut unknown = None;
        for (from, message) in exchange.round(worker, asks.collect()) {
            if let Message::NeedIds(ids) = message {
                if ids.len() == 0 {
                    continue;
                }
                let found: Vec<u32> = ids.iter().filter_map(|id| id.ok().and_then(|id| rows.get(id))).collect();
                if found.len() != ids.len() {
                    unknown = Some(Error::cluster(format!("worker {from} asked for a user worker {me} does not own")));
                }
                wanted.push((from, found));
            }
        }
        agree(&mut exchange, worker, me, peers, unknown.map_or(Ok(()), Err))?;

        // The in-edges of each own user, row by row.
        let mut offsets = Vec::with_capacity(own + 1);
        offsets.push(0usize);
        let mut sources = Vec::new();
        let layer = part.as_ref().map(InfluenceGraph::combined);
        let weighted = layer.and_then(|l| l.weights());
        let mut weights = match weighted {
            None => ShareWeights::One,
            Some(EdgeWeights::F32(_)) => ShareWeights::F32(Vec::new()),
            Some(EdgeWeights::F64(_)) => ShareWeights::F64(Vec::new()),
        };
        for id in rows.iter() {
            if let (Some(layer), Some(p)) = (layer, &part) {
                if let Some(v) = p.user_index(id) {
                    let edges = layer.offsets()[v as usize]..layer.offsets()[v as usize + 1];
                    sources.extend(layer.sources()[edges.clone()].iter().map(|&u| column[u as usize]));
                    match (&mut weights, weighted) {
                        (ShareWeights::F32(w), Some(EdgeWeights::F32(all))) => w.extend_from_slice(&all[edges]),
                        (ShareWeights::F64(w), Some(EdgeWeights::F64(all))) => w.extend_from_slice(&all[edges]),
                        _ => {}
                    }
                }
            }
            offsets.push(sources.len());
        }
        let inv_out = weight.iter().map(|&w| if w > 0.0 { 1.0 / w } else { 0.0 }).collect();
        drop(column);
        drop(part);
        let teleport = match &job.personalization {
            None => Ok(Distribution::Uniform),
            Some(pairs) => distribution(&mut exchange, worker, me, peers, &rows, pairs, "personalization"),
        };
        let dangling = match &job.dangling {
            Dangling::Weights(pairs) => {
                distribution(&mut exchange, worker, me, peers, &rows, pairs, "dangling distribution").map(Some)
            }
            Dangling::Uniform => Ok(Some(Distribution::Uniform)),
            Dangling::Personalization => Ok(None),
        };
        let (teleport, dangling) = (teleport?, dangling?);
        let share = Share {
            index: me as usize,
            peers,
            n,
            offsets,
            sources,
            weights,
            inv_out,
            foreign: next - own,
            owned_by,
            teleport,
            dangling,
        };
        (share, wanted)
    };
    let share_bytes = share.memory_bytes();
    let setup = started.elapsed();
    let (scores, outcome, sent, took) = share.iterate(worker, &mut exchange, &wanted, job.settings);

    // Worker 0 gathers every user's id and score, and numbers them by id.
    let mut ids = Ids::default();
    rows.iter().for_each(|id| ids.push(id));
    drop(rows);
    let got = exchange.round(worker, vec![(0, me, Message::Named(ids, scores))]);
    if me != 0 {
        return Ok(Done { ranking: None, sent, took, setup, share_bytes, build, read });
    }
    let mut all = Users::default();
    let mut x = Vec::with_capacity(n);
    for (_, message) in got {
        if let Message::Named(ids, scores) = message {
            for id in ids.iter() {
                all.intern(id?)?;
            }
            x.extend(scores);
        }
    }
    if let Some(new_index) = all.sort_by_id() {
        let mut sorted = vec![0.0; x.len()];
        for (old, &new) in new_index.iter().enumerate() {
            sorted[new as usize] = x[old];
        }
        x = sorted;
    }
    Ok(Done { ranking: Some((all, x, outcome)), sent, took, setup, share_bytes, build, read })
}

/// Sends the edge records `local` holds to the workers that own their
/// targets, in chunks of at most [`CHUNK_EDGES`] records with the ids they
/// name, and every user `local` holds to its owner (users without an edge
/// count too).
fn ship(local: &GraphBuilder, me: u32, peers: usize, exchange: &mut Exchanger) {
    let users = local.users();
    let owner_of: Vec<u32> = users.iter().map(|id| owner(id, peers)).collect();
    // Where each user of `local` is in the chunk being filled.
    let mut slot = vec![u32::MAX; owner_of.len()];
    let mut chunk = Chunk::default();
    for to in 0..peers as u32 {
        local.for_each_record(|s, d, w| {
            if owner_of[d as usize] != to {
                return;
            }
            let (a, b) = (chunk.slot(s, &mut slot, users), chunk.slot(d, &mut slot, users));
            chunk.edges.push((a, b));
            chunk.weights.push(w);
            if chunk.edges.len() >= CHUNK_EDGES {
                exchange.send(to, me, chunk.take(&mut slot));
            }
        });
        for (u, &o) in owner_of.iter().enumerate() {
            if o == to {
                chunk.slot(u as u32, &mut slot, users);
            }
        }
        exchange.send(to, me, chunk.take(&mut slot));
    }
}

/// Edge records at most in one message.
const CHUNK_EDGES: usize = 1 << 14;

/// Edge records for one owner being collected, with the ids they name:
/// as numbers while every id is a canonical decimal number (SNAP's files,
/// generated graphs), as text otherwise.
struct Chunk {
    ids: Ids,
    numbers: Vec<u64>,
    all_numbers: bool,
    /// The users of the reading builder in `ids`, to clear their slots.
    users: Vec<u32>,
    edges: Vec<(u32, u32)>,
    weights: Vec<f64>,
}

impl Default for Chunk {
    fn default() -> Chunk {
        Chunk {
            ids: Ids::default(),
            numbers: Vec::new(),
            all_numbers: true,
            users: Vec::new(),
            edges: Vec::new(),
            weights: Vec::new(),
        }
    }
}

impl Chunk {
    /// User `u`'s place in this chunk's ids, adding it if new.
    fn slot(&mut self, u: u32, slot: &mut [u32], users: &Users) -> u32 {
        if slot[u as usize] == u32::MAX {
            slot[u as usize] = self.ids.len() as u32;
            let id = users.name(u).unwrap_or_default();
            if self.all_numbers {
                match canonical_number(id) {
                    Some(k) => self.numbers.push(k),
                    None => self.all_numbers = false,
                }
            }
            self.ids.push(id);
            self.users.push(u);
        }
        slot[u as usize]
    }

    /// The chunk as a message (no weights when all are 1), emptied.
    fn take(&mut self, slot: &mut [u32]) -> Message {
        for &u in &self.users {
            slot[u as usize] = u32::MAX;
        }
        self.users.clear();
        let mut weights = std::mem::take(&mut self.weights);
        if weights.iter().all(|&w| w == 1.0) {
            weights = Vec::new();
        }
        let (mut ids, mut numbers) = (std::mem::take(&mut self.ids), std::mem::take(&mut self.numbers));
        if self.all_numbers {
            ids = Ids::default();
        } else {
            numbers = Vec::new();
        }
        self.all_numbers = true;
        Message::Part { ids, numbers, edges: std::mem::take(&mut self.edges), weights }
    }
}

/// Adds the edge records that arrived to this worker's `part`.
fn receive(part: &mut GraphBuilder, got: Vec<(u32, Message)>) -> Result<()> {
    let limits = *part.limits();
    for (_, message) in got {
        if let Message::Part { ids, numbers, edges, weights } = message {
            // All looked up at once (their cache misses overlap); the new
            // ones interned in order (a chunk names each user once).
            let mut index = Vec::new();
            if ids.len() == 0 {
                part.users().find_numbers(&numbers, &mut index);
                for (slot, &k) in index.iter_mut().zip(&numbers) {
                    if *slot == FREE {
                        *slot = part.users_mut().intern_number_within(k, &limits)?;
                    }
                }
            } else {
                let names = ids.iter().collect::<Result<Vec<&str>>>()?;
                let mut hashes = Vec::new();
                part.users().find_ids(&names, &mut hashes, &mut index);
                for (slot, id) in index.iter_mut().zip(&names) {
                    if *slot == FREE {
                        *slot = part.users_mut().intern_within(id, &limits)?;
                    }
                }
            }
            for (k, &(a, b)) in edges.iter().enumerate() {
                let w = weights.get(k).copied().unwrap_or(1.0);
                part.add_edge_by_index(index[a as usize], index[b as usize], w)?;
            }
        }
    }
    Ok(())
}

/// The `(id, weight)` pairs as a distribution over this worker's own users
/// (`rows`), normalized by the total over every worker: the pairs of users
/// this worker owns are checked and added here, the totals summed by all.
fn distribution(
    exchange: &mut Exchanger,
    worker: &mut Worker,
    me: u32,
    peers: usize,
    rows: &Users,
    pairs: &[(String, f64)],
    what: &str,
) -> Result<Distribution> {
    let mut p = vec![0.0; rows.len()];
    let mut mine = Ok(());
    for (user, w) in pairs {
        // Every worker sees every pair: bad weights fail everywhere alike.
        if !(w.is_finite() && *w >= 0.0) {
            return Err(Error::weight(w, format!("{what} weight of user {user:?} must be finite and at least 0")));
        }
        if owner(user, peers) != me {
            continue;
        }
        match rows.get(user) {
            Some(i) => p[i as usize] += w,
            None => {
                mine = Err(Error::unknown_user(user, what));
                break;
            }
        }
    }
    agree(exchange, worker, me, peers, mine)?;
    let local: f64 = p.iter().sum();
    let out = (0..peers as u32).map(|to| (to, me, Message::Sums(local, 0.0))).collect();
    let mut total = 0.0;
    for (_, message) in exchange.round(worker, out) {
        if let Message::Sums(t, _) = message {
            total += t;
        }
    }
    normalized(p, total, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_of(name: &str, text: &str) -> Option<String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let input = ShardedInput::file(&path);
        let header = input.header(&path, &mut File::open(&path).unwrap()).unwrap();
        header.map(|h| String::from_utf8(h).unwrap())
    }

    #[test]
    fn a_first_line_is_repeated_only_when_it_is_no_record() {
        let csv = "actor,target,kind\nann,bob,like\n";
        assert_eq!(header_of("a.csv", csv).as_deref(), Some("actor,target,kind\n"));
        assert_eq!(header_of("a.edges", "1 2\n2 3\n"), None);
        assert_eq!(header_of("a.edges", "# made by hand\n1 2\n").as_deref(), Some("# made by hand\n"));
        assert_eq!(header_of("a.jsonl", "{\"actor\":\"a\",\"target\":\"b\"}\n"), None);
    }

    #[test]
    fn pieces_start_at_line_breaks_and_cover_the_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.edges");
        let text: String = (0..1000).map(|i| format!("{i} {}\n", i * 7 % 1000)).collect();
        std::fs::write(&path, &text).unwrap();
        for (workers, bytes) in [(1, 1 << 20), (2, 1 << 20), (3, 1 << 20), (7, 1 << 20), (64, 1 << 20), (3, 100)] {
            let input = ShardedInput::file(&path).piece_bytes(bytes);
            let mut covered = 0;
            for w in 0..workers {
                for piece in input.pieces(w, workers).unwrap() {
                    let Piece::Range { range, header, .. } = piece else { panic!("a plain file is cut") };
                    assert_eq!(range.start, covered, "{workers} workers");
                    assert!(range.start == 0 || text.as_bytes()[range.start as usize - 1] == b'\n');
                    assert!(header.is_none(), "a record is not a header");
                    covered = range.end;
                }
            }
            assert_eq!(covered, text.len() as u64, "{workers} workers");
        }
    }

    #[test]
    fn owners_are_fixed_and_spread() {
        // The same in every process: CRC-32 of the id, not a seeded hash.
        assert_eq!(owner("ann", 4), (crc32fast::hash(b"ann") % 4) as u32);
        let mut counts = [0usize; 4];
        for i in 0..10_000 {
            counts[owner(&format!("u{i}"), 4) as usize] += 1;
        }
        assert!(counts.iter().all(|&c| (2_300..2_700).contains(&c)), "{counts:?}");
    }
}
