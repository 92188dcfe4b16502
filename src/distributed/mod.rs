//! PageRank beyond one machine, on [timely-dataflow](https://docs.rs/timely)
//! (feature `distributed`, which needs Rust 1.86).
//!
//! The same weighted, personalized PageRank as [`PageRank::run`], with the
//! same definition, dangling policy and stopping rule, run by `W` timely
//! workers: threads of one process, or of several processes on one or more
//! machines ([`Cluster`]).
//!
//! Two ways in:
//!
//! - [`PageRank::run_sharded`] reads the input in pieces
//!   ([`ShardedInput`]: byte ranges of one file, or the files of a
//!   directory): no process reads the whole input or holds the whole
//!   graph. This is what `influence rank --distributed` does with a file or
//!   a directory.
//! - [`PageRank::run_distributed`] is given a graph every process has
//!   built already (an [`InfluenceGraph`] in memory, or a graph file read
//!   whole), and keeps each worker's share of it.
//!
//! # How it runs
//!
//! - **Owners.** Every user has one owner among the `W` workers: in a
//!   sharded run, a fixed hash of the id (CRC-32 of its bytes, the same in
//!   every process and on every machine); for a graph in memory, `u mod W`
//!   of the user's index (users are numbered by degree, so the hubs are
//!   dealt out evenly).
//! - **Sharded reading.** A worker reads its pieces a few MiB at a time
//!   ([`ShardedInput::piece_bytes`]) with the same readers as one machine,
//!   and sends each edge record to the owner of its target, with the ids
//!   it names once per message; all workers do so in lockstep, one piece
//!   each per round, so what is in flight stays small. Each owner builds
//!   its part from the records it receives (merging repeated pairs, as one
//!   machine does, since all records of a pair reach the same owner), then
//!   tells every user's owner the user's out-weight in that part; owners
//!   add these up and number their users in id order.
//! - **Shares.** Worker `w` holds the in-edges of the users it owns only: a
//!   CSR whose sources are its own users first, then the other workers'
//!   users it needs (its *columns*), grouped by owner.
//! - **One sweep per iteration, the single-machine one.** Each worker runs
//!   the power iteration's own sweep (`algo/pagerank/power.rs`, the same
//!   code as [`PageRank::run`]) over its share, on the rayon pool.
//! - **One exchange per iteration.** Before the first iteration every worker
//!   tells every other which of its users it needs (by index, or by id in a
//!   sharded run). Then, after each sweep, a worker sends each other worker
//!   one message: the contributions `x_u / W(u)` of exactly the users that
//!   worker needs, in the agreed order (one value per distinct source per
//!   destination worker, not one per edge), and to every worker its L1
//!   change and dangling mass. Every worker adds these in worker order, so
//!   all agree on the global residual and dangling mass, and stop at the
//!   same iteration.
//! - **Errors are agreed.** A worker that fails to read or build tells the
//!   others at the end of that step, and every worker stops there: the
//!   failing worker's process returns its error (a bad line names its line
//!   in the whole file), the others [`ErrorKind::Cluster`](crate::ErrorKind::Cluster).
//! - **The answer** goes to worker 0, which returns the [`Ranking`]; the
//!   other workers (and processes) return `None`.
//!
//! Results match [`PageRank::run`] to rounding (the sums run over the same
//! edges in another grouping): within 1e-9 in L1 at a tolerance of 1e-10 or
//! below (tested for 1, 3 and 4 threads and 2 processes of 2 threads, on
//! CSV, gzip, weighted edge lists, directories and the Higgs layout).
//!
//! # What is not here yet
//!
//! The score across networks (`influence score`) is not distributed: only
//! PageRank on the combined graph is. A peer that stops during a run is an
//! error in the others ([`ErrorKind::Cluster`](crate::ErrorKind::Cluster)),
//! once timely's connection to it breaks (timely's threads print their
//! panics on standard error first, naming the connection by their thread,
//! `timely:recv-K` for process `K`; the library does not install a panic
//! hook to catch that, and `influence rank` does, to name the process);
//! processes that never connect are an error after
//! [`Cluster::connect_timeout`] that names those waited for.
//!
//! # Example
//!
//! ```
//! use influence::distributed::Cluster;
//! use influence::{GraphBuilder, PageRank, PageRankConfig};
//!
//! let mut b = GraphBuilder::default();
//! for (a, t) in [("ann", "bob"), ("cy", "bob"), ("bob", "ann"), ("dee", "cy")] {
//!     b.add_edge(a, t, 1.0)?;
//! }
//! let g = b.build()?;
//! let pr = PageRank::new(PageRankConfig::default().tolerance(1e-12))?;
//! let one = pr.run(&g)?;
//! let four = pr.run_distributed(&g, &Cluster::threads(4)?)?.expect("this process has worker 0");
//! for (a, b) in one.scores().iter().zip(four.scores()) {
//!     assert!((a - b).abs() < 1e-12);
//! }
//! # Ok::<(), influence::Error>(())
//! ```

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use timely::container::CapacityContainerBuilder;
use timely::dataflow::channels::pact::Exchange;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::{Input, Probe};
use timely::dataflow::{InputHandle, ProbeHandle};
use timely::worker::Worker;

use crate::algo::driver::{self, Outcome};
use crate::algo::pagerank::{Distribution, PowerState, Rows};
use crate::algo::{PageRank, Precision, Ranking, Solver};
use crate::error::{Error, Result};
use crate::graph::{EdgeWeights, InfluenceGraph, Layer};

mod sharded;

pub use sharded::ShardedInput;

/// Where the workers run: how many threads in each process, how many
/// processes, and which one this is.
///
/// # Example
///
/// ```
/// use influence::distributed::Cluster;
///
/// let here = Cluster::threads(4)?;
/// assert_eq!(here.workers(), 4);
/// // Process 1 of two, each with 2 worker threads; every process is given
/// // the same list of addresses, in the same order.
/// let two = Cluster::processes(2, 1, vec!["10.0.0.1:2101".into(), "10.0.0.2:2101".into()])?;
/// assert_eq!(two.workers(), 4);
/// # Ok::<(), influence::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    threads: usize,
    process: usize,
    /// `host:port` of every process, in order; empty for one process.
    hosts: Vec<String>,
    connect_timeout: Duration,
}

impl Cluster {
    /// One process with `threads` workers (at least 1).
    pub fn threads(threads: usize) -> Result<Cluster> {
        Cluster::processes(threads, 0, Vec::new())
    }

    /// Process `process` of `hosts.len()`, each with `threads` workers
    /// (at least 1); `hosts` holds every process's `host:port`, the same
    /// list in every process. An empty list is one process.
    pub fn processes(threads: usize, process: usize, hosts: Vec<String>) -> Result<Cluster> {
        if threads == 0 {
            return Err(Error::config("threads", threads, "at least one worker thread per process"));
        }
        if !hosts.is_empty() && process >= hosts.len() {
            return Err(Error::config(
                "process",
                process,
                format!("the processes are numbered 0 to {} (one per host given)", hosts.len() - 1),
            ));
        }
        if hosts.is_empty() && process != 0 {
            return Err(Error::config("process", process, "a single process is process 0"));
        }
        Ok(Cluster { threads, process, hosts, connect_timeout: Cluster::DEFAULT_CONNECT_TIMEOUT })
    }

    /// How long the processes wait for one another by default: 60 s.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(60);

    /// How long to wait for every process to connect before giving up
    /// with [`ErrorKind::Cluster`](crate::ErrorKind::Cluster) (default
    /// [`Cluster::DEFAULT_CONNECT_TIMEOUT`]). Once connected, a run takes
    /// as long as it needs. timely keeps trying to connect on a thread of
    /// its own after the timeout; a program that gives up should exit.
    pub fn connect_timeout(mut self, timeout: Duration) -> Cluster {
        self.connect_timeout = timeout;
        self
    }

    /// Every process's `host:port`, in order (empty for one process).
    pub fn hosts(&self) -> &[String] {
        &self.hosts
    }

    /// This process's number, from 0.
    pub fn process(&self) -> usize {
        self.process
    }

    /// Workers in all: threads per process times processes.
    pub fn workers(&self) -> usize {
        self.threads * self.hosts.len().max(1)
    }

    fn config(&self) -> timely::Config {
        let communication = if self.hosts.len() > 1 {
            timely::CommunicationConfig::Cluster {
                threads: self.threads,
                process: self.process,
                addresses: self.hosts.clone(),
                report: false,
                zerocopy: false,
            }
        } else if self.threads > 1 {
            timely::CommunicationConfig::Process(self.threads)
        } else {
            timely::CommunicationConfig::Thread
        };
        timely::Config { communication, worker: timely::WorkerConfig::default() }
    }

    /// The global indices of this process's workers.
    fn local_workers(&self) -> Range<usize> {
        let first = self.process * self.threads;
        first..first + self.threads
    }
}

impl PageRank {
    /// Ranks the combined graph on the workers of `cluster` (see the
    /// [module docs](crate::distributed)): `Some` ranking in the process
    /// holding worker 0 (process 0), `None` in the others. Every process
    /// must be given the same graph and configuration.
    ///
    /// # Errors
    ///
    /// Those of [`PageRank::run`]; a solver other than the power iteration
    /// or `f32` precision (not distributed);
    /// [`ErrorKind::Cluster`](crate::ErrorKind::Cluster) when the processes
    /// cannot connect or a worker fails.
    pub fn run_distributed(&self, graph: &InfluenceGraph, cluster: &Cluster) -> Result<Option<Ranking>> {
        Ok(self.run_distributed_report(graph, cluster)?.ranking)
    }

    /// [`PageRank::run_distributed`], with what this process's workers sent
    /// one another per iteration ([`DistributedRun`]).
    pub fn run_distributed_report(&self, graph: &InfluenceGraph, cluster: &Cluster) -> Result<DistributedRun> {
        let settings = self.distributed_settings()?;
        let (teleport, dangling) = self.distributions(graph)?;
        let layer = graph.combined();
        let peers = cluster.workers();
        let started = std::time::Instant::now();
        let mut column = Vec::new();
        let shares: Vec<Mutex<Option<Asking>>> = cluster
            .local_workers()
            .map(|w| Mutex::new(Some(Share::of(layer, w, peers, &teleport, dangling.as_ref(), &mut column))))
            .collect();
        drop(column);
        let shares_time = started.elapsed();
        let share_bytes =
            shares.iter().filter_map(|s| s.lock().ok().and_then(|s| s.as_ref().map(|(s, _)| s.memory_bytes()))).sum();
        let shares = Arc::new(shares);
        let first = cluster.local_workers().start;
        let joined = execute(cluster, move |worker| {
            let (share, asks) = shares[worker.index() - first]
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take()
                .unwrap_or_else(|| unreachable!("each worker takes its own share once"));
            share.run(worker, asks, settings)
        })?;
        let mut answer = None;
        let mut values_sent = 0;
        let mut iterating = Duration::ZERO;
        for (found, sent, took) in joined {
            values_sent += sent;
            iterating = iterating.max(took);
            answer = answer.or(found);
        }
        let ranking = match answer {
            None => None,
            Some((x, outcome)) => {
                let edge_visits = outcome.iterations as u64 * layer.edge_count() as u64;
                Some(Ranking::iterative(graph, x, outcome, "pagerank", edge_visits)?)
            }
        };
        Ok(DistributedRun {
            ranking,
            values_sent,
            workers: cluster.workers(),
            local_workers: cluster.threads,
            shares_time,
            iterating,
            share_bytes,
            build: None,
            read: None,
        })
    }
}

impl PageRank {
    /// The stopping rule and damping every worker runs with; an error for
    /// what the distributed iteration does not do (another solver, `f32`).
    fn distributed_settings(&self) -> Result<Settings> {
        let config = self.config();
        if config.get_solver() != Solver::Power {
            return Err(Error::config(
                "solver",
                format!("{:?}", config.get_solver()),
                "only the power iteration runs distributed",
            ));
        }
        if config.get_precision() != Precision::F64 {
            return Err(Error::config("precision", "f32", "the distributed power iteration stores f64 contributions"));
        }
        Ok(Settings {
            damping: config.get_damping(),
            tolerance: config.get_tolerance(),
            max_iterations: config.get_max_iterations(),
        })
    }
}

/// Runs `work` on every worker of `cluster` that lives in this process and
/// returns what each returned, in worker order.
///
/// timely connects the processes before it returns the workers' guards,
/// retrying forever: that is waited for on another thread, so that a
/// process that never comes is an error after the cluster's timeout, not
/// a hang. A peer that stops makes timely's network threads panic, then
/// the workers, then the guards as they are dropped: all of it is one
/// [`ErrorKind::Cluster`](crate::ErrorKind::Cluster) here, not a panic of
/// the caller.
fn execute<T, F>(cluster: &Cluster, work: F) -> Result<Vec<T>>
where
    T: Send + 'static,
    F: Fn(&mut Worker) -> T + Send + Sync + 'static,
{
    let config = cluster.config();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(timely::execute(config, work));
    });
    let guards = match receiver.recv_timeout(cluster.connect_timeout) {
        Ok(started) => started.map_err(Error::cluster)?,
        Err(_) => {
            let others: Vec<String> = (0..cluster.hosts.len())
                .filter(|&k| k != cluster.process)
                .map(|k| format!("process {k} ({})", cluster.hosts[k]))
                .collect();
            return Err(Error::cluster(format!(
                "the {} processes did not all connect within {:?}: process {} waited for {} (is every process of \
                 the hosts list started, with the same list, and reachable?)",
                cluster.hosts.len(),
                cluster.connect_timeout,
                cluster.process,
                others.join(", ")
            )));
        }
    };
    let broken = |detail: &str| {
        Error::cluster(format!(
            "a worker or a connection between processes failed ({detail}); a peer process may have stopped: rerun \
             every process"
        ))
    };
    let joined = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| guards.join()))
        .map_err(|_| broken("timely's network threads stopped"))?;
    joined.into_iter().map(|result| result.map_err(|e| broken(&e))).collect()
}

/// What [`PageRank::run_distributed_report`] found: the ranking (in the
/// process holding worker 0) and what this process's workers sent.
#[derive(Debug)]
#[non_exhaustive]
pub struct DistributedRun {
    /// The ranking, in process 0; `None` in the others.
    pub ranking: Option<Ranking>,
    /// Contributions this process's workers send other workers per
    /// iteration: one per distinct source per destination worker (8 bytes
    /// each), besides the residual and dangling mass (16 bytes per pair
    /// of workers).
    pub values_sent: u64,
    /// Workers in all.
    pub workers: usize,
    /// This process's workers.
    pub local_workers: usize,
    /// Time this process took to cut its workers' shares from the graph; in
    /// a [sharded](PageRank::run_sharded) run, the slowest local worker's
    /// time to read, exchange and build until its share was ready.
    pub shares_time: Duration,
    /// The slowest local worker's time from the first exchange to the last
    /// iteration (the exchange of who needs what and the gathering of the
    /// scores left out).
    pub iterating: Duration,
    /// Bytes this process's workers hold for their shares while they
    /// iterate: in-edges (offsets, sources, weights), 1/W(u), teleport and
    /// the iteration's vectors (scores and contributions, received ones
    /// included). [`PageRank::run_distributed`] is given the whole graph,
    /// which every process holds besides; [`PageRank::run_sharded`] drops
    /// each worker's part of the graph once its share is cut.
    pub share_bytes: u64,
    /// The whole graph's build counts (users, edges, interactions, merged,
    /// self-loops, ignored, dangling users), added up across every worker:
    /// a [sharded](PageRank::run_sharded) run only.
    pub build: Option<crate::BuildStats>,
    /// What this process's workers read (notes said once): a
    /// [sharded](PageRank::run_sharded) run only.
    pub read: Option<crate::io::ReadStats>,
}

impl DistributedRun {
    /// Bytes this process's workers send per iteration, before timely's
    /// framing: 8 per contribution and 16 per pair of workers (the sums),
    /// own messages to itself included.
    pub fn bytes_per_iteration(&self) -> u64 {
        8 * self.values_sent + 16 * (self.local_workers * self.workers) as u64
    }
}

/// The stopping rule and damping, sent to every worker.
#[derive(Debug, Clone, Copy)]
struct Settings {
    damping: f64,
    tolerance: f64,
    max_iterations: usize,
}

/// What workers send one another: a message is `(to, from, round,
/// Message)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Message {
    /// The users the sender needs from the receiver, increasing.
    Need(Vec<u32>),
    /// The contributions of the users the receiver said it needs, in that
    /// order.
    Values(Vec<f64>),
    /// The sender's L1 change and dangling mass after its last sweep.
    Sums(f64, f64),
    /// The sender's users' scores, for worker 0.
    Scores(Vec<f64>),
    /// Edge records read by the sender whose targets the receiver owns:
    /// `(actor, target)` as places in the ids, and their weights (none when
    /// all are 1). The ids are `numbers` when every one is a canonical
    /// decimal number (`ids` empty), else `ids`; they also list users the
    /// receiver owns that have no edge here.
    Part { ids: Ids, numbers: Vec<u64>, edges: Vec<(u32, u32)>, weights: Vec<f64> },
    /// Whether the sender's last step failed, and why.
    Failed(Option<String>),
    /// Users of the sender's part that the receiver owns, with their
    /// out-weight in that part.
    Users(Ids, Vec<f64>),
    /// Counts every worker adds up.
    Counts(Vec<u64>),
    /// The users the sender needs from the receiver, by id.
    NeedIds(Ids),
    /// The sender's users' ids and scores, for worker 0.
    Named(Ids, Vec<f64>),
}

/// User ids in one buffer, as workers send them: the bytes one after
/// another, and where each id ends (one allocation, not one per id).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Ids {
    bytes: Vec<u8>,
    ends: Vec<u64>,
}

impl Ids {
    fn push(&mut self, id: &str) {
        self.bytes.extend_from_slice(id.as_bytes());
        self.ends.push(self.bytes.len() as u64);
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The ids in order; one that is not UTF-8 (a message cut wrongly: a
    /// bug, never a user's mistake) is an error.
    fn iter(&self) -> impl Iterator<Item = Result<&str>> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, &end)| {
            std::str::from_utf8(&self.bytes[start as usize..end as usize])
                .map_err(|_| Error::cluster("a worker received an id that is not UTF-8"))
        })
    }
}

type Envelope = (u32, u32, u64, Message);

/// A share and the rows it asks each worker for.
type Asking = (Share, Vec<Vec<u32>>);

/// A worker's part of the problem: its users' in-edges, with the sources
/// renumbered into its columns.
struct Share {
    index: usize,
    peers: usize,
    /// Users in the whole graph.
    n: usize,
    offsets: Vec<usize>,
    sources: Vec<u32>,
    weights: ShareWeights,
    /// 1/W(u) of each own user (0: dangling), W over the whole graph.
    inv_out: Vec<f64>,
    /// The other workers' users among the sources, by owner: column
    /// `rows + k` is the `k`-th of them.
    foreign: usize,
    /// Where each worker's users lie among the `foreign` columns.
    owned_by: Vec<Range<usize>>,
    teleport: Distribution,
    dangling: Option<Distribution>,
}

enum ShareWeights {
    One,
    F32(Vec<f32>),
    F64(Vec<f64>),
}

/// The users worker `index` of `peers` holds: `index`, `index + peers`, …
fn owned(index: usize, peers: usize, n: usize) -> impl Iterator<Item = usize> {
    (index..n).step_by(peers)
}

impl Share {
    /// Worker `index`'s share of `layer` among `peers` workers, with the
    /// rows it needs from each worker (empty for itself); `column` is
    /// scratch space of one slot per user.
    fn of(
        layer: &Layer,
        index: usize,
        peers: usize,
        teleport: &Distribution,
        dangling: Option<&Distribution>,
        column: &mut Vec<u32>,
    ) -> (Share, Vec<Vec<u32>>) {
        let n = layer.user_count();
        let (offsets, sources) = (layer.offsets(), layer.sources());
        let rows: Vec<usize> = owned(index, peers, n).collect();
        // Mark the sources, then list the other workers' users among them
        // by owner and in order: no sort.
        column.clear();
        column.resize(n, u32::MAX);
        for &v in &rows {
            for &u in &sources[offsets[v]..offsets[v + 1]] {
                column[u as usize] = 0;
            }
        }
        let mut foreign = Vec::new();
        let mut owned_by = vec![0..0; peers];
        for (w, range) in owned_by.iter_mut().enumerate().filter(|(w, _)| *w != index) {
            let start = foreign.len();
            foreign.extend(owned(w, peers, n).filter(|&u| column[u] == 0).map(|u| u as u32));
            *range = start..foreign.len();
        }
        // Each source's column: own users first, then the others' in order.
        for (k, &v) in rows.iter().enumerate() {
            column[v] = k as u32;
        }
        for (k, &u) in foreign.iter().enumerate() {
            column[u as usize] = (rows.len() + k) as u32;
        }
        let column = &column[..];
        let mut share_offsets = Vec::with_capacity(rows.len() + 1);
        share_offsets.push(0);
        for &v in &rows {
            share_offsets.push(share_offsets[share_offsets.len() - 1] + offsets[v + 1] - offsets[v]);
        }
        let share_sources: Vec<u32> = rows
            .par_iter()
            .flat_map_iter(|&v| sources[offsets[v]..offsets[v + 1]].iter().map(|&u| column[u as usize]))
            .collect();
        let edges: Vec<Range<usize>> = rows.iter().map(|&v| offsets[v]..offsets[v + 1]).collect();
        let weights = match layer.weights() {
            None => ShareWeights::One,
            Some(EdgeWeights::F32(w)) => ShareWeights::F32(edges.iter().flat_map(|r| &w[r.clone()]).copied().collect()),
            Some(EdgeWeights::F64(w)) => ShareWeights::F64(edges.iter().flat_map(|r| &w[r.clone()]).copied().collect()),
        };
        let out = layer.out_weights();
        let inv_out = rows.iter().map(|&v| if out[v] > 0.0 { 1.0 / out[v] } else { 0.0 }).collect();
        let local = |d: &Distribution| match d {
            Distribution::Uniform => Distribution::Uniform,
            Distribution::Vector(p) => Distribution::Vector(rows.iter().map(|&v| p[v]).collect()),
        };
        // What to ask each owner for: its rows, `u / peers` for user `u`.
        let asks = owned_by.iter().map(|r| foreign[r.clone()].iter().map(|&u| u / peers as u32).collect()).collect();
        let share = Share {
            index,
            peers,
            n,
            offsets: share_offsets,
            sources: share_sources,
            weights,
            inv_out,
            foreign: foreign.len(),
            owned_by,
            teleport: local(teleport),
            dangling: dangling.map(local),
        };
        (share, asks)
    }

    /// What this share and its iteration state hold, in bytes: per edge 4
    /// (source) plus its weight's 0, 4 or 8; per own user 8 (offset), 8
    /// (1/W(u)), 16 (scores), 16 (contributions) and 8 per teleport or
    /// dangling vector; per user received from another worker 4 (its id)
    /// and 16 (contributions).
    fn memory_bytes(&self) -> u64 {
        let (rows, edges, foreign) = (self.rows() as u64, self.sources.len() as u64, self.foreign as u64);
        let weight = match self.weights {
            ShareWeights::One => 0,
            ShareWeights::F32(_) => 4,
            ShareWeights::F64(_) => 8,
        };
        let vectors = [Some(&self.teleport), self.dangling.as_ref()]
            .into_iter()
            .flatten()
            .filter(|d| matches!(d, Distribution::Vector(_)))
            .count() as u64;
        8 * (rows + 1) + (4 + weight) * edges + (8 + 16 + 16 + 8 * vectors) * rows + (4 + 16) * foreign
    }

    fn rows(&self) -> usize {
        self.offsets.len() - 1
    }

    fn gather(&self) -> Rows<'_> {
        let weights = match &self.weights {
            ShareWeights::One => None,
            ShareWeights::F32(w) => Some(EdgeWeights::F32(w)),
            ShareWeights::F64(w) => Some(EdgeWeights::F64(w)),
        };
        Rows::checked(&self.offsets, &self.sources, weights, self.rows() + self.foreign)
            .unwrap_or_else(|| unreachable!("a share's sources are its columns"))
    }

    /// Runs the iteration on `worker` for a share cut from a whole graph,
    /// asking each worker for the rows `asks` lists: worker 0 returns every
    /// user's score and the outcome.
    fn run(
        self,
        worker: &mut Worker,
        asks: Vec<Vec<u32>>,
        settings: Settings,
    ) -> (Option<(Vec<f64>, Outcome)>, u64, Duration) {
        let mut exchange = Exchanger::new(worker);
        let me = self.index as u32;
        let (peers, n) = (self.peers, self.n);
        // Who needs what: each worker asks each owner for its users.
        let asks = asks.into_iter().enumerate().filter(|&(w, _)| w != self.index);
        let asks = asks.map(|(w, rows)| (w as u32, me, Message::Need(rows))).collect();
        let mut wanted: Vec<(u32, Vec<u32>)> = Vec::new();
        for (from, message) in exchange.round(worker, asks) {
            if let Message::Need(rows) = message {
                if !rows.is_empty() {
                    wanted.push((from, rows));
                }
            }
        }
        let (scores, outcome, sent, took) = self.iterate(worker, &mut exchange, &wanted, settings);
        let scores = exchange.round(worker, vec![(0, me, Message::Scores(scores))]);
        if me != 0 {
            return (None, sent, took);
        }
        let mut x = vec![0.0; n];
        for (from, message) in scores {
            if let Message::Scores(values) = message {
                for (v, value) in owned(from as usize, peers, n).zip(values) {
                    x[v] = value;
                }
            }
        }
        (Some((x, outcome)), sent, took)
    }

    /// The power iteration over this share, exchanging contributions through
    /// `exchange`: `wanted` lists, per other worker, the rows of this share
    /// it needs, in the order it needs them. Returns this share's scores,
    /// how the iteration ended, the contributions sent per iteration and
    /// the time it took.
    fn iterate(
        mut self,
        worker: &mut Worker,
        exchange: &mut Exchanger,
        wanted: &[(u32, Vec<u32>)],
        settings: Settings,
    ) -> (Vec<f64>, Outcome, u64, Duration) {
        let me = self.index as u32;
        let peers = self.peers;
        let sent: u64 = wanted.iter().map(|(_, rows)| rows.len() as u64).sum();
        let x = vec![1.0 / self.n as f64; self.rows()];
        let inv_out = std::mem::take(&mut self.inv_out);
        let gather = self.gather();
        let mut state = PowerState::<f64>::share(gather, inv_out, x, self.n);
        // What a worker sends after each sweep (and before the first).
        let post = |state: &PowerState<f64>, residual: f64| -> Vec<(u32, u32, Message)> {
            let own = state.own_contributions();
            let mut out: Vec<(u32, u32, Message)> = wanted
                .iter()
                .map(|(to, rows)| (*to, me, Message::Values(rows.iter().map(|&k| own[k as usize]).collect())))
                .collect();
            let dangling = state.own_dangling_mass();
            out.extend((0..peers as u32).map(|to| (to, me, Message::Sums(residual, dangling))));
            out
        };
        // Sets the received contributions and the global dangling mass;
        // returns the global residual.
        let receive = |state: &mut PowerState<f64>, got: Vec<(u32, Message)>| -> f64 {
            let (mut residual, mut dangling) = (0.0, 0.0);
            for (from, message) in got {
                match message {
                    Message::Values(values) => {
                        state.received()[self.owned_by[from as usize].clone()].copy_from_slice(&values);
                    }
                    Message::Sums(r, m) => {
                        residual += r;
                        dangling += m;
                    }
                    _ => {}
                }
            }
            state.set_dangling_mass(dangling);
            residual
        };
        let started = std::time::Instant::now();
        let first = exchange.round(worker, post(&state, f64::INFINITY));
        receive(&mut state, first);
        let outcome = driver::iterate(
            settings.tolerance,
            settings.max_iterations,
            || {
                let residual = state.step(gather, settings.damping, &self.teleport, self.dangling.as_ref());
                let got = exchange.round(worker, post(&state, residual));
                receive(&mut state, got)
            },
            &mut |_| {},
        );
        let took = started.elapsed();
        (state.scores().to_vec(), outcome, sent, took)
    }
}

/// One dataflow that carries each round's messages to their workers.
struct Exchanger {
    input: InputHandle<u64, CapacityContainerBuilder<Vec<Envelope>>>,
    probe: ProbeHandle<u64>,
    /// Messages received, with their round: a worker may already be a
    /// round ahead and send the next round's before this one's ends here.
    inbox: Rc<RefCell<Vec<(u32, u64, Message)>>>,
}

impl Exchanger {
    fn new(worker: &mut Worker) -> Exchanger {
        let mut input = InputHandle::new();
        let probe = ProbeHandle::new();
        let inbox: Rc<RefCell<Vec<(u32, u64, Message)>>> = Rc::default();
        let sink = Rc::clone(&inbox);
        worker.dataflow::<u64, _, _>(|scope| {
            // Messages are moved into the inbox, not copied; the operator
            // holds no capability, so its output's frontier (what the probe
            // watches) passes a round once its messages are all taken.
            scope
                .input_from(&mut input)
                .container::<Vec<Envelope>>()
                .unary::<CapacityContainerBuilder<Vec<()>>, _, _, _>(
                    Exchange::new(|e: &Envelope| u64::from(e.0)),
                    "Inbox",
                    move |_, _| {
                        move |input, _| {
                            input.for_each(|_, data| {
                                let mut inbox = sink.borrow_mut();
                                inbox.extend(data.drain(..).map(|(_, from, round, message)| (from, round, message)));
                            });
                        }
                    },
                )
                .probe_with(&probe);
        });
        Exchanger { input, probe, inbox }
    }

    /// Sends one message of the current round.
    fn send(&mut self, to: u32, from: u32, message: Message) {
        let now = *self.input.time();
        self.input.send((to, from, now, message));
    }

    /// Ends the current round: waits until every worker's messages of it
    /// have arrived, and returns those sent here not yet taken, in order of
    /// sender.
    fn end_round(&mut self, worker: &mut Worker) -> Vec<(u32, Message)> {
        let now = *self.input.time();
        self.input.advance_to(now + 1);
        while self.probe.less_than(self.input.time()) {
            worker.step();
        }
        let mut got = self.take(now);
        // Sums added in worker order: every worker gets the same totals.
        got.sort_by_key(|(from, _)| *from);
        got
    }

    /// The messages of `round` in the inbox, taken out.
    fn take(&mut self, round: u64) -> Vec<(u32, Message)> {
        let mut inbox = self.inbox.borrow_mut();
        let (got, later): (Vec<_>, Vec<_>) = inbox.drain(..).partition(|(_, r, _)| *r == round);
        *inbox = later;
        got.into_iter().map(|(from, _, message)| (from, message)).collect()
    }

    /// Sends `out` (`(to, from, message)`), waits until every worker's
    /// messages of this round have arrived, and returns those sent here, in
    /// order of sender.
    fn round(&mut self, worker: &mut Worker, out: Vec<(u32, u32, Message)>) -> Vec<(u32, Message)> {
        for (to, from, message) in out {
            self.send(to, from, message);
        }
        self.end_round(worker)
    }
}
