#!/usr/bin/env python3
"""Compare PageRank time to equal accuracy: `influence` against Python peers
and the Rust crates `graph` and `petgraph` (through scripts/peers/rust-peers).

Run through scripts/compare-peers, which makes the virtual environment,
builds the release binary and unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE
for this process. It first measures the machine's streaming memory
bandwidth (scripts/peers/stream.c, see BANDWIDTH below). Then for each scale
and each weighting (--weightings) it

  1. generates an R-MAT graph with `influence generate rmat` (Graph500:
     A=0.57, B=C=0.19, edge factor 16, seed 1, 2^S users);
  2. reads the edge list into the graph every tool ranks: all 2^S users
     (isolated ones too), self-loops dropped, duplicate edges merged (weights
     summed with --weighted; weight 1 without it, which is what
     `influence rank --unweighted` does);
  3. ranks it with `influence` at tolerance 1e-13 as the reference vector,
     checking its user and edge counts against the graph above, and
     cross-checks that reference with igraph's direct PRPACK solve;
  4. times `influence` (the rank phase of `--timings`) and each peer's
     PageRank call (in its own process, graph already built), best of
     --runs runs (one run for NetworkX unless --nx-runs says more);
  5. checks every result against the reference (L1 distance): a result
     above the --target (1e-6) is rerun with a 10x tighter tolerance, up to
     --tighten times; what was finally reached is reported, never assumed;
  6. compares influence's time per iteration with the bandwidth bound
     (BANDWIDTH below);
  7. times loading the same edge-list file (LOADING below).

Every tool runs in its own process; its peak resident memory (ru_maxrss of
that process) is reported. MEMORY: before a peer runs, its peak memory on
this graph is estimated as baseline + (bytes per distinct edge) x edges,
the bytes per edge measured on an earlier (smaller) graph of this run with
the same tool, phase and weighting, or, before any, the constant in
BYTES_PER_EDGE (measured here on R-MAT scale 16); the baseline is the peak
memory of a process that only imports the library. A peer whose estimate
exceeds --memory-limit (default: 90 % of MemTotal in /proc/meminfo) is not
run; the table says so and why.

Model for every tool: damping 0.85, uniform teleport, dangling mass spread
uniformly, weights used with --weighted -- except the Rust crates, which rank
with their own models (see STOPPING_RULE); their L1 is measured all the same,
and their tolerance is tightened only while it still brings them closer.

BANDWIDTH: scripts/peers/stream.c is compiled with `gcc -O3 -march=native
-fopenmp` into the work folder and run with --threads OpenMP threads (all
cores by default) on three arrays of doubles, each max(256 MiB, 4 x the
last-level cache); it runs copy, scale, add, triad and a read-only sum of
the three arrays (`read`),
each 10 times per process, 3 processes, and the best rate of each kernel is
kept. Bytes are counted as STREAM counts them: each element read or written
once, no write-allocate traffic. The bandwidth used for the bound is the
best of the kernels (the report names it). One influence power iteration
(`State::sweep_with` in src/algo/pagerank.rs, uniform teleport) must move
at least

  offsets      8 B x (users + 1)        read
  sources      4 B x edges              read
  weights      w B x edges              read (w = 0 unweighted; weighted: the
                                        bytes per weight that `influence stats`
                                        reports, 8 for f64)
  scores       8 B x users              read (the residual)
  1/out-weight 8 B x users              read
  contributions c B x users             read (gathered at random through the
                                        sources, but counted once per user, as
                                        if the vector streamed: a lower bound)
  next scores  8 B x users              written (counted once, no write-allocate)
  next contributions c B x users        written

with c = 8 (f64) or 4 (--precision f32): 8(n+1) + (4+w)m + (24+2c)n bytes.
bound = bytes / bandwidth; achieved = influence's `timing rank` / iterations,
where `timing rank` also holds the set-up (allocating the vectors, 1/out-weight)
and building the ranking, so achieved slightly overstates one iteration.

LOADING: on the same edge-list file every tool ranks, each in its own
process, best of --runs (NetworkX: --nx-runs): influence's `timing load` +
`timing build` from `influence rank FILE [--unweighted] --timings
--algorithm in-degree` (in-degree, so that ranking adds next to nothing to
the peak memory), NetworKit's `EdgeListReader(' ', 0, '#', continuous=True,
directed=True).read` and NetworkX's `read_edgelist(create_using=DiGraph,
nodetype=int)` (scripts/peers/load_peer.py; only the read call is timed, not
starting Python). The same --threads for influence and NetworKit. The file
was just written, so it is read from the page cache.
"""

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

np = None  # numpy and scipy are imported in main(), so --help needs neither
sparse = None

HERE = os.path.dirname(os.path.abspath(__file__))
ALL_PEERS = ["networkx", "igraph", "networkit", "fast-pagerank", "scikit-network", "graph",
             "petgraph"]
# Rust crates, run by the rust-peers binary (scripts/peers/rust-peers), built by compare-peers.
RUST_PEERS = {"graph", "petgraph"}
RUST_PEERS_DIR = os.path.join(HERE, "rust-peers")
PETGRAPH_MAX_USERS = 4096  # its page_rank is O(V*E) per iteration
DISTRIBUTION = {  # peer -> distribution whose version is reported
    "networkx": "networkx",
    "igraph": "python-igraph",
    "networkit": "networkit",
    "fast-pagerank": "fast-pagerank",
    "scikit-network": "scikit-network",
    "graph": "graph",
    "petgraph": "petgraph",
}
MODULE = {"networkx": "networkx", "igraph": "igraph", "networkit": "networkit",
          "fast-pagerank": "fast_pagerank", "scikit-network": "sknetwork"}
TOLERANCE_BASED = {"influence", "networkx", "networkit", "fast-pagerank", "scikit-network",
                   "graph", "petgraph"}
STOPPING_RULE = {
    "influence": "L1 change < tol",
    "networkx": "L1 change < N*tol_nx, tol_nx = tol/N",
    "igraph": "PRPACK (direct; no tolerance)",
    "networkit": "L1 change <= tol (norm = L1_NORM), DistributeSinks",
    "fast-pagerank": "L2 change <= tol (pagerank_power)",
    "scikit-network": "BiCGSTAB residual (L2) <= max(tol, 1e-5 * |b|) (solver='bicgstab'); restart "
                      "weights ~ 1/(1 - 0.85*[has out-edges]) so that it solves this model (its "
                      "'piteration' sends a dangling user's mass to itself, another model)",
    "graph": "sum of |score change| over one in-place sweep < tol (PageRankConfig::new(1000, tol, "
             "0.85)); another model: f32 scores, unweighted, the mass of dangling users is dropped "
             "(scores sum to less than 1, not rescaled here); threads: all the cores it sees",
    "petgraph": "no tolerance: a fixed K = ceil(ln(tol/2)/ln(0.85)) iterations (the a-priori bound "
                "2*0.85^K <= tol), page_rank(&g, 0.85, K), O(V*E) per iteration, only up to "
                f"{PETGRAPH_MAX_USERS:,} users; its model: unweighted, dangling mass spread uniformly "
                "but a linked pair (w -> v) gets no teleport share from w, scores renormalized each "
                "iteration",
}
NO_GAIN = 2.0  # Rust peers: stop tightening once L1 improves by less than this factor (model floor)

TIMING_RANK = re.compile(r"^timing rank\s+([0-9.eE+-]+)\s*s(?:\s*\((\d+) iterations)?", re.M)
GRAPH_LINE = re.compile(r"graph:\s*(\d+) users,\s*(\d+) edges")


def log(msg=""):
    print(msg, file=sys.stderr, flush=True)


def cargo_lock_version(crate):
    """The version of `crate` in rust-peers' Cargo.lock (None if absent)."""
    try:
        with open(os.path.join(RUST_PEERS_DIR, "Cargo.lock")) as f:
            lock = f.read()
    except OSError:
        return None
    m = re.search(r'\[\[package\]\]\nname = "' + re.escape(crate) + r'"\nversion = "([^"]+)"', lock)
    return m.group(1) if m else None


def version(dist):
    if dist in RUST_PEERS:
        return cargo_lock_version(dist)
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


# Peak memory of a child: GNU time's %M (the child's own ru_maxrss). Waiting
# for the child here would not do: a child forked from this process starts
# with this process's resident memory as its high-water mark, and keeps it
# through exec. GNU time is small, so its children start near zero.
GNU_TIME = None  # "/usr/bin/time" once found to be GNU time; "" when not
RSS_DIR = None   # where GNU time writes its report (the work folder, once known)


def gnu_time():
    global GNU_TIME
    if GNU_TIME is None:
        GNU_TIME = ""
        try:
            p = subprocess.run(["/usr/bin/time", "--version"], capture_output=True, text=True)
            if "GNU" in p.stdout + p.stderr:
                GNU_TIME = "/usr/bin/time"
        except OSError:
            pass
    return GNU_TIME


def run(cmd, timeout=None, env=None):
    """subprocess.run(capture_output=True, text=True), plus `maxrss`: the
    peak resident memory of the child in bytes (GNU time's %M where there is
    GNU time, else ru_maxrss from wait4, which counts this process's
    resident memory at the fork too). The child runs in its own process
    group, killed whole on the timeout or when this process is interrupted."""
    report = None
    full = list(cmd)
    if gnu_time():
        fd, report = tempfile.mkstemp(prefix="rss-", dir=RSS_DIR)
        os.close(fd)
        full = [GNU_TIME, "-f", "%M", "-o", report, "--"] + full
    try:
        p = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env, process_group=0)
    except OSError as e:  # a missing binary: reported like a failed run
        if report:
            os.unlink(report)
        raise RuntimeError(f"cannot run {os.path.basename(cmd[0])}: {e.strerror}") from e
    streams = {}

    def drain(name, f):
        streams[name] = f.read()
        f.close()

    readers = [threading.Thread(target=drain, args=(name, f))
               for name, f in (("out", p.stdout), ("err", p.stderr))]
    for t in readers:
        t.start()
    killed = threading.Event()
    lock = threading.Lock()
    exited = False

    def kill():
        with lock:  # never once the child has exited (reaped, its group id could be reused)
            if not exited:
                killed.set()
                os.killpg(p.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    try:
        os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)  # exited, not yet reaped
    except BaseException:  # interrupted (Ctrl-C): take the child's group down too
        kill()
        raise
    with lock:
        exited = True
    if timer:
        timer.cancel()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    for t in readers:
        t.join()
    maxrss = usage.ru_maxrss * 1024  # KiB on Linux
    if report:
        with open(report) as f:
            lines = f.read().split("\n")
        os.unlink(report)
        for line in lines:
            m = re.match(r"Command terminated by signal (\d+)", line)
            if m:
                p.returncode = -int(m.group(1))
        last = [line for line in lines if line.strip()]
        maxrss = int(last[-1]) * 1024 if last and last[-1].strip().isdigit() else 0
    if killed.is_set():
        raise subprocess.TimeoutExpired(cmd, timeout, streams.get("out"), streams.get("err"))
    done = subprocess.CompletedProcess(cmd, p.returncode, streams.get("out", ""),
                                       streams.get("err", ""))
    done.maxrss = maxrss
    return done


def failure(p):
    """What went wrong with a finished child, in one line."""
    lines = p.stderr.strip().splitlines()
    if p.returncode < 0:
        name = signal.Signals(-p.returncode).name if -p.returncode in signal.valid_signals() else ""
        why = f"killed by signal {-p.returncode} {name}".rstrip()
        if p.returncode == -signal.SIGKILL:
            why += " (out of memory?)"
        return why + (f": {lines[-1][-200:]}" if lines else "")
    return lines[-1][-300:] if lines else f"exit {p.returncode}"


# ---------------------------------------------------------------- machine


def meminfo_bytes(field="MemTotal"):
    """A field of /proc/meminfo in bytes (None where there is none)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    return None


def last_level_cache_bytes():
    """The total size of the last-level caches (each shared cache counted
    once), from /sys (None where it says nothing)."""
    caches = {}
    base = "/sys/devices/system/cpu"
    try:
        cpus = [d for d in os.listdir(base) if re.fullmatch(r"cpu\d+", d)]
    except OSError:
        return None
    for cpu in cpus:
        folder = os.path.join(base, cpu, "cache")
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for index in entries:
            d = os.path.join(folder, index)
            try:
                with open(os.path.join(d, "level")) as f:
                    level = int(f.read())
                with open(os.path.join(d, "type")) as f:
                    kind = f.read().strip()
                with open(os.path.join(d, "size")) as f:
                    size = f.read().strip()
                with open(os.path.join(d, "shared_cpu_list")) as f:
                    shared = f.read().strip()
            except (OSError, ValueError):
                continue
            if kind == "Instruction":
                continue
            m = re.fullmatch(r"(\d+)([KMG]?)", size)
            if m:
                factor = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2)]
                caches[(level, shared)] = int(m.group(1)) * factor
    if not caches:
        return None
    top = max(level for level, _ in caches)
    return sum(size for (level, _), size in caches.items() if level == top)


def gib(b):
    x = b / (1 << 30)
    return f"{x:.1f} GiB" if x >= 10 else f"{x:.2f} GiB"


def command_line():
    """The command as typed (compare-peers passes it), else this process's."""
    return os.environ.get("COMPARE_PEERS_COMMAND") or shlex.join(sys.argv)


def machine_lines(threads):
    lines = [f"command: `{command_line()}`",
             f"date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}"]
    try:
        nproc = run(["nproc"]).stdout.strip() or str(os.cpu_count())
    except RuntimeError:
        nproc = str(os.cpu_count())
    cpu = platform.processor() or "?"
    topology = {}
    try:
        for line in run(["lscpu"]).stdout.splitlines():
            key, _, value = line.partition(":")
            topology[key.strip()] = value.strip()
        cpu = topology.get("Model name", cpu)
    except RuntimeError:
        pass
    cores = ", ".join(f"{v} {k.lower()}" for k, v in topology.items()
                      if k in ("Socket(s)", "Core(s) per socket", "Thread(s) per core"))
    llc = last_level_cache_bytes()
    lines.append(f"CPU: {cpu}; nproc: {nproc}" + (f" ({cores})" if cores else "")
                 + (f"; last-level cache {llc >> 20} MiB in all" if llc else "")
                 + f"; threads given to multi-threaded tools: {threads}")
    total, available = meminfo_bytes("MemTotal"), meminfo_bytes("MemAvailable")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines.append(f"memory: {gib(total) if total else '?'} (MemTotal), "
                 f"{gib(available) if available else '?'} available at the start; "
                 f"load average at the start: {load} (other processes share the machine "
                 "when it is above 0)")
    lines.append(f"Python {platform.python_version()}, numpy {np.__version__}, "
                 f"scipy {version('scipy')}")
    env_note = ", ".join(f"{k}={os.environ[k]}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
                         if k in os.environ) or "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset"
    try:
        from threadpoolctl import threadpool_info
        blas = [f"{i.get('internal_api')} {i.get('version')} kernel {i.get('architecture')} "
                f"({i.get('num_threads')} threads)"
                for i in threadpool_info() if i.get("user_api") == "blas"]
        lines.append(f"numpy BLAS: {'; '.join(blas) or 'none found'} [{env_note}]")
    except ImportError:
        lines.append(f"numpy BLAS: threadpoolctl missing [{env_note}]")
    return lines


# ---------------------------------------------------------------- memory


# Peak resident memory per distinct edge above the import baseline, in bytes,
# used for a peer's first graph in a run (later graphs use what the same
# peer, phase and weighting measured on an earlier graph of the run). Measured
# with GNU time on R-MAT scale 16 (954,909 distinct edges, 65,536 users of
# which 18,817 isolated) on 2026-11-26, the larger of unweighted and weighted
# (NetworkX: 634 and 473 B/edge ranking, 412 and 248 loading), rounded up. For
# R-MAT graphs, where users are a fixed share of edges, the users' memory is
# included. petgraph has none: it never runs above 4,096 users.
BYTES_PER_EDGE = {
    ("rank", "networkx"): 640,
    ("rank", "igraph"): 230,
    ("rank", "networkit"): 90,
    ("rank", "fast-pagerank"): 70,
    ("rank", "scikit-network"): 80,
    ("rank", "graph"): 30,
    ("load", "networkit"): 80,
    ("load", "networkx"): 420,
}
# What a peer's process imports before it builds anything (its baseline):
# run_peer.py imports numpy and then the library, load_peer.py only the library.
IMPORTS = {("rank", "networkx"): "numpy, networkx", ("rank", "igraph"): "numpy, igraph",
           ("rank", "networkit"): "numpy, networkit",
           ("rank", "fast-pagerank"): "numpy, scipy.sparse, fast_pagerank",
           ("rank", "scikit-network"): "numpy, scipy.sparse, sknetwork",
           ("load", "networkx"): "networkx", ("load", "networkit"): "networkit"}
MEMORY_SHARE = 0.9  # of MemTotal: the default --memory-limit


class MemoryGate:
    """Whether a peer's process may run on a graph: its estimated peak memory
    (baseline + bytes per edge x distinct edges) against the limit."""

    def __init__(self, limit, limit_how):
        self.limit, self.limit_how = limit, limit_how
        self.measured = {}   # (phase, tool, weighted) -> (bytes per edge, scale, edges)
        self.baselines = {}  # (phase, tool) -> bytes

    def baseline(self, phase, tool):
        key = (phase, tool)
        if key not in self.baselines:
            b = 0
            if key in IMPORTS:
                try:
                    p = run([sys.executable, "-c", f"import {IMPORTS[key]}"])
                    if p.returncode == 0:
                        b = p.maxrss
                except RuntimeError:
                    pass
            self.baselines[key] = b
        return self.baselines[key]

    def record(self, phase, tool, weighted, edges, scale, maxrss):
        """What the tool used on a graph; the largest graph measured is kept."""
        key = (phase, tool, weighted)
        if maxrss and edges and edges >= self.measured.get(key, (0, 0, 0))[2]:
            per_edge = max(maxrss - self.baseline(phase, tool), 0) / edges
            self.measured[key] = (per_edge, scale, edges)

    def estimate(self, phase, tool, weighted, edges):
        """(bytes, how it was estimated)."""
        key = (phase, tool, weighted)
        if key in self.measured:
            per_edge, scale, _ = self.measured[key]
            how = f"{per_edge:.0f} B/edge measured at scale {scale}"
        else:
            per_edge = BYTES_PER_EDGE.get((phase, tool), 0)
            how = f"{per_edge} B/edge (BYTES_PER_EDGE, measured at scale 16)"
        base = self.baseline(phase, tool)
        return base + per_edge * edges, f"{how} + {base / (1 << 20):.0f} MiB baseline"

    def refuse(self, phase, tool, weighted, edges):
        """Why the tool must not run on this graph (None: it may)."""
        need, how = self.estimate(phase, tool, weighted, edges)
        if need <= self.limit:
            return None
        return (f"skipped: estimated peak memory {gib(need)} > limit {gib(self.limit)} "
                f"({self.limit_how}); estimate: {how}")


# ---------------------------------------------------------------- bandwidth


STREAM_SOURCE = os.path.join(HERE, "stream.c")
STREAM_REPEATS = 10    # runs of each kernel in one process (the best is kept)
STREAM_PROCESSES = 3   # processes (the best of each kernel over all is kept)


def measure_bandwidth(workdir, threads, memory_limit):
    """{kernel: GB/s} (best of all runs), the array size in bytes and the
    compiler; raises RuntimeError when it cannot be measured."""
    binary = os.path.join(workdir, "stream")
    cmd = ["gcc", "-O3", "-march=native", "-fopenmp", STREAM_SOURCE, "-o", binary]
    p = run(cmd)
    if p.returncode != 0:
        raise RuntimeError(f"`{shlex.join(cmd)}` failed: {failure(p)}")
    gcc = run(["gcc", "--version"]).stdout.splitlines()[0]
    llc = last_level_cache_bytes() or (32 << 20)
    array = max(256 << 20, 4 * llc)
    array = min(array, max(memory_limit // 6, 64 << 20))  # three arrays in half the limit
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    best = {}
    for _ in range(STREAM_PROCESSES):
        p = run([binary, str(array // 8), str(STREAM_REPEATS)], env=env)
        if p.returncode != 0:
            raise RuntimeError(f"stream failed: {failure(p)}")
        for line in p.stdout.splitlines():
            name, _, value = line.partition(" ")
            if name in ("threads", "check"):
                continue
            best[name] = max(best.get(name, 0.0), float(value))
    if not best:
        raise RuntimeError("stream printed no rates")
    return best, array, gcc


def influence_weight_bytes(binary, workdir):
    """Bytes per stored edge weight in influence's graph: the difference of
    `influence stats --json` memory_bytes with and without --unweighted on a
    small weighted R-MAT graph, per edge; (bytes, how)."""
    path = os.path.join(workdir, "rmat8w.edges")
    try:
        g = run([binary, "generate", "rmat", "--scale", "8", "--edge-factor", "16", "--seed", "1",
                 "--weighted", "--quiet", "--output", path])
        if g.returncode != 0:
            raise RuntimeError(failure(g))
        stats = []
        for extra in ([], ["--unweighted"]):
            p = run([binary, "stats", path, "--json", "--quiet"] + extra)
            if p.returncode != 0:
                raise RuntimeError(failure(p))
            stats.append(json.loads(p.stdout))
        (w, u) = stats
        if w["edges"] != u["edges"] or not w["edges"]:
            raise RuntimeError("weighted and unweighted edge counts differ")
        per_edge = (w["memory_bytes"] - u["memory_bytes"]) / w["edges"]
        if per_edge not in (4.0, 8.0):
            raise RuntimeError(f"{per_edge:.2f} B/edge, neither 4 nor 8")
        return int(per_edge), ("from `influence stats --json` memory_bytes, weighted minus "
                               "unweighted, per edge")
    except (RuntimeError, ValueError, KeyError) as e:
        return 8, f"assumed (f64): could not read it from `influence stats` ({e})"


def iteration_bytes(users, edges, weight_bytes, contrib_bytes):
    """The bytes one power iteration moves at least (see BANDWIDTH)."""
    return (8 * (users + 1) + (4 + weight_bytes) * edges
            + (8 + 8 + contrib_bytes + 8 + contrib_bytes) * users)


# ---------------------------------------------------------------- graph


def read_edge_list(path, weighted):
    """The edge list as arrays (every line, self-loops and duplicates kept)."""
    cols = (0, 1, 2) if weighted else (0, 1)
    a = np.loadtxt(path, comments=("#", "%"), usecols=cols, dtype=np.float64, ndmin=2)
    src, dst = a[:, 0].astype(np.int64), a[:, 1].astype(np.int64)
    if not (np.array_equal(src, a[:, 0]) and np.array_equal(dst, a[:, 1])):
        raise SystemExit(f"{path}: user ids are not integers")
    w = a[:, 2] if weighted else np.ones(len(src))
    return src, dst, w


def canonical_graph(src, dst, w, n, weighted):
    """CSR over sources: self-loops dropped, duplicates merged."""
    keep = src != dst
    m = sparse.coo_matrix((w[keep], (src[keep], dst[keep])), shape=(n, n)).tocsr()
    m.sum_duplicates()
    m.eliminate_zeros()
    if not weighted:
        m.data[:] = 1.0
    return m


def ensure_all_users(path, src, dst, n, workdir, weighted=False):
    """If the file does not name all n users, write a copy that does.

    Every tool must rank the same users, isolated ones included (they get
    teleport mass). An edge list can only name a user on an edge line, so a
    missing user gets a self-loop line `u u`, which every tool drops (the
    peers get the canonical graph, where self-loops are gone, and
    `influence` drops self-loops but keeps their users)."""
    present = np.zeros(n, dtype=bool)
    present[src] = True
    present[dst] = True
    missing = np.flatnonzero(~present)
    if len(missing) == 0:
        return path, None
    full = os.path.join(workdir, os.path.basename(path).replace(".edges", ".all-users.edges"))
    shutil.copyfile(path, full)
    with open(full, "a") as f:
        f.write(f"# {len(missing)} isolated users, as self-loops (dropped by every tool)\n")
        # Weighted: `u u 1`, since a reader that sees weights (NetworKit) wants
        # three columns on every line.
        f.write("".join(f"{u} {u} 1\n" if weighted else f"{u} {u}\n" for u in missing))
    note = (f"the generated file names {n - len(missing)} of {n} users; the other "
            f"{len(missing)} (isolated) were appended as self-loop lines "
            f"`{'u u 1' if weighted else 'u u'}`, which every "
            f"tool drops, so that every tool ranks all {n} users")
    return full, note


def l1(x, ref):
    return float(np.abs(x - ref).sum())


# ---------------------------------------------------------------- influence


def read_ranking(path, n):
    x = np.full(n, np.nan)
    with open(path) as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 2 or line.startswith("#"):
                continue
            try:
                u, s = int(fields[0]), float(fields[1])
            except ValueError:
                continue  # a header line
            if not 0 <= u < n:
                raise SystemExit(f"influence ranked user {u}, outside 0..{n - 1}")
            x[u] = s
    return x


class Ours:
    def __init__(self, binary, edges, weighted, threads, n, workdir, precision="f64"):
        self.binary, self.edges, self.weighted = binary, edges, weighted
        self.threads, self.n, self.workdir = threads, n, workdir
        self.precision = precision
        self.maxrss = 0  # the largest peak memory of the timed runs

    def command(self, tol, out, quiet=True):
        cmd = [self.binary, "rank", self.edges, "--tolerance", repr(tol), "--timings",
               "--threads", str(self.threads), "--output", out]
        if not self.weighted:
            cmd.append("--unweighted")  # duplicates count once, as for the peers
        if quiet:
            cmd.append("--quiet")
        return cmd

    def reference(self, tol):
        """Always f64, whatever --precision says."""
        out = os.path.join(self.workdir, "reference.tsv")
        cmd = self.command(tol, out, quiet=False) + ["--max-iterations", "100000"]
        p = run(cmd)
        if p.returncode != 0:
            raise RuntimeError(f"`influence rank --tolerance {tol}` failed: {p.stderr.strip()[-500:]}")
        g = GRAPH_LINE.search(p.stderr)
        counts = (int(g.group(1)), int(g.group(2))) if g else None
        return read_ranking(out, self.n), counts

    def run_once(self, tol, runs):
        out = os.path.join(self.workdir, "ours.tsv")
        times, iterations = [], None
        cmd = self.command(tol, out)
        if self.precision != "f64":
            cmd += ["--precision", self.precision]
        for _ in range(runs):
            p = run(cmd)
            if p.returncode != 0:
                raise RuntimeError(failure(p))
            self.maxrss = max(self.maxrss, p.maxrss)
            m = TIMING_RANK.search(p.stderr)
            if not m:
                raise RuntimeError(f"no `timing rank` line in: {p.stderr.strip()[-300:]}")
            times.append(float(m.group(1)))
            iterations = int(m.group(2)) if m.group(2) else None
        return times, read_ranking(out, self.n), iterations, self.threads, tol


class RustPeer:
    """graph or petgraph, through the rust-peers binary, on the same edge list
    as influence (it drops self-loops and merges duplicates itself)."""

    def __init__(self, name, binary, edges, n, workdir, timeout):
        self.name, self.binary, self.edges, self.n = name, binary, edges, n
        self.workdir, self.timeout = workdir, timeout
        self.maxrss = 0

    def run_once(self, tol, runs):
        out = os.path.join(self.workdir, f"{self.name}.scores")
        cmd = [self.binary, "--peer", self.name, "--input", self.edges, "--users", str(self.n),
               "--tol", repr(tol), "--runs", str(runs), "--scores", out]
        p = run(cmd, timeout=self.timeout)
        if p.returncode != 0:
            raise RuntimeError(failure(p))
        self.maxrss = max(self.maxrss, p.maxrss)
        r = json.loads(p.stdout.strip().splitlines()[-1])
        x = np.loadtxt(out, dtype=np.float64, ndmin=1)
        if x.shape != (self.n,):
            raise RuntimeError(f"{self.name} returned {x.shape} scores for {self.n} users")
        return r["times"], x, r["iterations"], r["threads"], r["tol_param"]


class Peer:
    def __init__(self, name, graph_path, threads, workdir, timeout):
        self.name, self.graph_path, self.threads = name, graph_path, threads
        self.workdir, self.timeout = workdir, timeout
        self.maxrss = 0

    def run_once(self, tol, runs):
        out = os.path.join(self.workdir, f"{self.name}.npy")
        env = dict(os.environ)
        threads = self.threads if self.name == "networkit" else 1
        env["OMP_NUM_THREADS"] = str(threads)
        cmd = [sys.executable, os.path.join(HERE, "run_peer.py"), self.name, "--graph",
               self.graph_path, "--tol", repr(tol), "--runs", str(runs),
               "--threads", str(threads), "--out", out]
        p = run(cmd, timeout=self.timeout, env=env)
        if p.returncode != 0:
            raise RuntimeError(failure(p))
        self.maxrss = max(self.maxrss, p.maxrss)
        r = json.loads(p.stdout.strip().splitlines()[-1])
        return r["times"], np.load(out), r["iterations"], r["threads"], r["tol_param"]


def bench(label, tool, ref, args, runs):
    """Best-of-`runs` time at the loosest tolerance (from --tol, 10x tighter
    each step) whose result is within --target of the reference."""
    tol = args.tol
    steps = args.tighten if label in TOLERANCE_BASED else 0
    last = None
    for step in range(steps + 1):
        log(f"  {label}: tolerance {tol:g} ...")
        times, x, iterations, threads, tol_param = tool.run_once(tol, 1)
        dist = l1(x, ref)
        if dist <= args.target or step == steps:
            break
        if label in RUST_PEERS and last is not None and dist > last[0] / NO_GAIN:
            # Another model: a tighter tolerance no longer gets closer. Report
            # the looser run (the one before), as measured.
            log(f"  {label}: L1 {dist:.2e} (was {last[0]:.2e}): no gain; its model's floor")
            dist, tol, times, x, iterations, threads, tol_param = last
            break
        last = (dist, tol, times, x, iterations, threads, tol_param)
        log(f"  {label}: L1 {dist:.2e} > {args.target:g}; tightening the tolerance")
        tol /= 10
    if runs > 1:
        more, x2, _, _, _ = tool.run_once(tol, runs - 1)
        times += more
        dist = max(dist, l1(x2, ref))
    return {"time": min(times), "runs": len(times), "iterations": iterations, "x": x,
            "threads": threads, "tol": tol if label in TOLERANCE_BASED else None,
            "tol_param": tol_param, "l1": dist, "sum": float(x.sum()), "rss": tool.maxrss}


# ---------------------------------------------------------------- table


def fmt_time(t):
    return f"{t:.4f}" if t < 10 else f"{t:.2f}"


def mib(b):
    return f"{b / (1 << 20):,.0f}" if b else ""


def graph_cells(g):
    return [str(g["scale"]), f"{g['users']:,}", f"{g['edges']:,}", "yes" if g["weighted"] else "no"]


def table(rows):
    head = ["scale", "users", "edges", "weighted", "library", "version", "threads",
            "tol", "PageRank time (s)", "runs", "iterations", "L1 vs reference", "ratio (peer/ours)",
            "peak RSS (MiB)"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = graph_cells(r["graph"]) + [r.get("shown", r["library"]), r["version"] or "?"]
        if "skipped" in r:
            cells += ["", "", r["skipped"], "", "", "", "", ""]
        elif "error" in r:
            cells += ["", "", f"failed: {r['error']}", "", "", "", "", mib(r.get("rss"))]
        else:
            ours = r.get("ours_time")
            cells += [str(r["threads"]),
                      f"{r['tol']:g}" if r["tol"] is not None else "direct",
                      fmt_time(r["time"]), str(r["runs"]),
                      str(r["iterations"]) if r["iterations"] is not None else "",
                      f"{r['l1']:.1e}" + ("" if r["l1"] <= r["target"] else " (above target)"),
                      f"{r['time'] / ours:.2f}" if ours else "", mib(r.get("rss"))]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def bandwidth_table(rows):
    head = ["scale", "users", "edges", "weighted", "precision", "bytes/iteration (MB)",
            "bandwidth (GB/s)", "bound (ms)", "iterations", "achieved (ms)", "achieved / bound"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = graph_cells(r["graph"]) + [r["precision"], f"{r['bytes'] / 1e6:,.1f}"]
        if "error" in r:
            cells += ["", "", "", r["error"], ""]
        else:
            cells += [f"{r['bandwidth']:.1f}", f"{r['bound'] * 1e3:.2f}", str(r["iterations"]),
                      f"{r['achieved'] * 1e3:.2f}", f"{r['achieved'] / r['bound']:.2f}"
                      + (" (fits in cache)" if r["in_cache"] else "")]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def loading_table(rows):
    head = ["scale", "users", "edges", "weighted", "library", "version", "threads", "load (s)",
            "build (s)", "load + build (s)", "runs", "peak RSS (MiB)", "ratio (peer/ours)"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = graph_cells(r["graph"]) + [r["library"], r["version"] or "?"]
        if "skipped" in r:
            cells += ["", "", "", r["skipped"], "", "", ""]
        elif "error" in r:
            cells += ["", "", "", f"failed: {r['error']}", "", mib(r.get("rss")), ""]
        else:
            ours = r.get("ours_time")
            cells += [str(r["threads"]),
                      fmt_time(r["load"]) if r.get("load") is not None else "",
                      fmt_time(r["build"]) if r.get("build") is not None else "",
                      fmt_time(r["time"]), str(r["runs"]), mib(r["rss"]),
                      f"{r['time'] / ours:.2f}" if ours else ""]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


# ---------------------------------------------------------------- loading


TIMING_PHASE = re.compile(r"^timing (load|build)\s+([0-9.eE+-]+)\s*s", re.M)
LOADERS = ["influence", "networkit", "networkx"]


def load_once(tool, binary, path, weighted, threads, workdir, timeout):
    """One loading measurement in its own process: (load, build, total, threads, peak RSS)."""
    if tool == "influence":
        cmd = [binary, "rank", path, "--algorithm", "in-degree", "--timings", "--quiet",
               "--threads", str(threads), "--top", "1",
               "--output", os.path.join(workdir, "loaded.tsv")]
        if not weighted:
            cmd.append("--unweighted")
        p = run(cmd, timeout=timeout)
        if p.returncode != 0:
            raise RuntimeError(failure(p))
        phases = dict((k, float(v)) for k, v in TIMING_PHASE.findall(p.stderr))
        if set(phases) != {"load", "build"}:
            raise RuntimeError(f"no `timing load` / `timing build` in: {p.stderr.strip()[-300:]}")
        return phases["load"], phases["build"], phases["load"] + phases["build"], threads, p.maxrss
    env = dict(os.environ, OMP_NUM_THREADS=str(threads if tool == "networkit" else 1))
    cmd = [sys.executable, os.path.join(HERE, "load_peer.py"), tool, path,
           "--threads", str(threads)] + (["--weighted"] if weighted else [])
    p = run(cmd, timeout=timeout, env=env)
    if p.returncode != 0:
        raise RuntimeError(failure(p))
    r = json.loads(p.stdout.strip().splitlines()[-1])
    return None, None, r["time"], r["threads"], p.maxrss


def loading_rows(graph, path, loaders, versions, args, binary, workdir, gate, log_prefix="  "):
    rows, ours_time = [], None
    for tool in loaders:
        row = {"graph": graph, "library": tool, "version": versions.get(tool)}
        why = None if tool == "influence" else gate.refuse("load", tool, graph["weighted"],
                                                           graph["edges"])
        if why:
            row["skipped"] = why
            log(f"{log_prefix}load {tool}: {why}")
            rows.append(row)
            continue
        runs = args.nx_runs if tool == "networkx" else args.runs
        try:
            best, rss = None, 0
            for _ in range(runs):
                m = load_once(tool, binary, path, graph["weighted"], args.threads, workdir,
                              args.peer_timeout)
                rss = max(rss, m[4])
                if best is None or m[2] < best[2]:
                    best = m
            load, build, total, threads, _ = best
            row.update(load=load, build=build, time=total, threads=threads, runs=runs, rss=rss)
            if tool == "influence":
                ours_time = total
            row["ours_time"] = ours_time
            gate.record("load", tool, graph["weighted"], graph["edges"], graph["scale"], rss)
            log(f"{log_prefix}load {tool}: {total:.3f} s (best of {runs}), peak RSS {mib(rss)} MiB")
        except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError) as e:
            row["error"] = str(e).replace("|", "/").replace("\n", " ")[:200]
            log(f"{log_prefix}load {tool}: FAILED: {row['error']}")
        rows.append(row)
    return rows


# ---------------------------------------------------------------- main


def parse_args():
    intro, _, details = __doc__.partition("\n\n")
    p = argparse.ArgumentParser(
        prog="scripts/compare-peers",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="PageRank time to equal accuracy: influence vs NetworkX, igraph, NetworKit, "
                    "fast-pagerank, scikit-network and the Rust crates graph and petgraph, on Graph500 "
                    "R-MAT graphs; influence's time per iteration against the memory-bandwidth "
                    "bound; loading the edge list.",
        epilog=details)
    p.add_argument("--scales", default="16,20", help="comma-separated R-MAT scales (default 16,20)")
    p.add_argument("--weighted", action="store_true",
                   help="weights 1..10 on the edges (the same as --weightings weighted)")
    p.add_argument("--weightings", metavar="LIST",
                   help="comma-separated subset of unweighted,weighted: rank and load each scale "
                        "once per weighting, in one run and one report (default: unweighted, or "
                        "weighted with --weighted)")
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="threads for influence, NetworKit and the bandwidth measurement "
                        "(default: all cores)")
    p.add_argument("--peers", default=",".join(ALL_PEERS),
                   help=f"comma-separated subset of {','.join(ALL_PEERS)} (default: all)")
    p.add_argument("--loaders", default=",".join(LOADERS), metavar="LIST",
                   help=f"comma-separated subset of {','.join(LOADERS)} timed reading the edge "
                        "list (influence is always included when any is), or `none` for no "
                        "loading table (default: all)")
    p.add_argument("--runs", type=int, default=3, help="best of R runs (default 3)")
    p.add_argument("--nx-runs", type=int, default=1,
                   help="runs for NetworkX, PageRank and loading (default 1)")
    p.add_argument("--petgraph-runs", type=int, default=1, help="runs for petgraph (default 1)")
    p.add_argument("--rust-peers-binary", default=os.path.join(RUST_PEERS_DIR, "target", "release",
                                                                "rust-peers"),
                   help="the graph/petgraph runner (compare-peers builds it)")
    p.add_argument("--target", type=float, default=1e-6,
                   help="L1 distance to the reference each result must reach (default 1e-6)")
    p.add_argument("--tol", type=float, default=1e-6,
                   help="first tolerance tried, in each tool's own rule (default 1e-6)")
    p.add_argument("--tighten", type=int, default=3,
                   help="at most this many 10x tighter retries to reach --target (default 3)")
    p.add_argument("--reference-tol", type=float, default=1e-13,
                   help="influence's tolerance for the reference vector (default 1e-13)")
    p.add_argument("--precision", choices=["f64", "f32"], default="f64",
                   help="`influence rank --precision` for the timed runs (f32: contributions "
                        "stored in 4 bytes, counted so in the bound); the reference is always "
                        "f64 (default f64)")
    p.add_argument("--no-permute", action="store_true",
                   help="generate the graphs with `influence generate rmat --no-permute`: R-MAT's "
                        "own user numbers (users whose numbers share leading bits react to each "
                        "other more), the same file for every tool, instead of Graph500's random "
                        "relabelling")
    p.add_argument("--memory-limit", type=float, metavar="GIB",
                   help="skip a peer whose estimated peak memory exceeds GIB GiB (see MEMORY; "
                        f"default: {MEMORY_SHARE * 100:.0f}%% of MemTotal)")
    p.add_argument("--bandwidth", type=float, metavar="GBS",
                   help="use GBS GB/s as the streaming bandwidth instead of measuring it; 0: no "
                        "bandwidth table (default: measure it, see BANDWIDTH)")
    p.add_argument("--peer-timeout", type=float, default=3600, help="seconds per peer process")
    p.add_argument("--binary", default="target/release/influence")
    p.add_argument("--workdir", help="where graphs and rankings go (default: a new temporary folder)")
    p.add_argument("--out", help="also write the report here (default: WORKDIR/compare.md)")
    args = p.parse_args()

    args.scale_list = [int(s) for s in args.scales.split(",") if s.strip()]
    if args.weightings:
        if args.weighted:
            p.error("give --weighted or --weightings, not both")
        args.weighting_list = [w.strip() for w in args.weightings.split(",") if w.strip()]
        for w in args.weighting_list:
            if w not in ("unweighted", "weighted"):
                p.error(f"unknown weighting {w!r}; choose from unweighted, weighted")
        if not args.weighting_list:
            p.error("--weightings names no weighting")
    else:
        args.weighting_list = ["weighted" if args.weighted else "unweighted"]
    args.peer_list = [s.strip() for s in args.peers.split(",") if s.strip()]
    for peer in args.peer_list:
        if peer not in ALL_PEERS:
            p.error(f"unknown peer {peer!r}; choose from {', '.join(ALL_PEERS)}")
    if args.loaders.strip() == "none":
        args.loader_list = []
    else:
        args.loader_list = [s.strip() for s in args.loaders.split(",") if s.strip()]
        for tool in args.loader_list:
            if tool not in LOADERS:
                p.error(f"unknown loader {tool!r}; choose from {', '.join(LOADERS)} or none")
        if args.loader_list and "influence" not in args.loader_list:
            args.loader_list.insert(0, "influence")  # the ratios need it
        args.loader_list = [t for t in LOADERS if t in args.loader_list]
    if args.threads < 1:
        p.error("--threads must be at least 1")
    return args


def rank_graph(scale, weighted, args, binary, workdir, available, versions, rust_binary, gate,
               notes):
    """Generate, check and rank one graph: (graph, edge file ranked, PageRank rows)."""
    n = 1 << scale
    suffix = "w" if weighted else ""
    what = f"scale {scale}{' weighted' if weighted else ''}"
    edges = os.path.join(workdir, f"rmat{scale}{suffix}.edges")
    log(f"\n== R-MAT scale {scale} ({n:,} users), {'weighted' if weighted else 'unweighted'}"
        f"{', not permuted' if args.no_permute else ''}")
    cmd = [binary, "generate", "rmat", "--scale", str(scale), "--edge-factor", "16",
           "--seed", "1", "--quiet", "--output", edges] + (["--weighted"] if weighted else []) \
        + (["--no-permute"] if args.no_permute else [])
    t = time.perf_counter()
    try:
        g = run(cmd)
    except RuntimeError as e:
        raise SystemExit(f"generate failed: {e}")
    if g.returncode != 0:
        raise SystemExit(f"generate failed: {g.stderr.strip()}")
    log(f"  generated in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    src, dst, w = read_edge_list(edges, weighted)
    if len(src) and max(src.max(), dst.max()) >= n:
        raise SystemExit(f"{edges}: a user id is not below 2^{scale}")
    m = canonical_graph(src, dst, w, n, weighted)
    ranked_file, note = ensure_all_users(edges, src, dst, n, workdir, weighted)
    if note:
        notes.append(f"{what}: {note}")
        log(f"  note: {note}")
    graph_path = os.path.join(workdir, f"rmat{scale}{suffix}.npz")
    np.savez(graph_path, n=n, indptr=m.indptr, indices=m.indices, data=m.data, weighted=weighted)
    graph = {"scale": scale, "users": n, "edges": int(m.nnz), "weighted": weighted,
             "lines": len(src)}
    log(f"  {len(src):,} lines, {int((src == dst).sum()):,} self-loops, "
        f"{m.nnz:,} distinct edges; read in {time.perf_counter() - t:.1f} s")
    del src, dst, w, m

    ours = Ours(binary, ranked_file, weighted, args.threads, n, workdir, args.precision)
    ref, ref_name = None, f"influence at tolerance {args.reference_tol:g}"
    try:
        ref, counts = ours.reference(args.reference_tol)
        if counts and counts != (n, graph["edges"]):
            raise RuntimeError(f"influence built {counts[0]:,} users and {counts[1]:,} edges, "
                               f"the peers {n:,} and {graph['edges']:,}: not the same graph")
        if np.isnan(ref).any():
            raise RuntimeError(f"influence ranked {int((~np.isnan(ref)).sum()):,} of {n:,} users")
    except RuntimeError as e:
        notes.append(f"{what}: no reference from influence ({e})")
        log(f"  {notes[-1]}")
        ref = None

    # The cross-check (and the fallback reference): igraph's PRPACK.
    if "igraph" in available:
        why = gate.refuse("rank", "igraph", weighted, graph["edges"])
        if why:
            notes.append(f"{what}: no igraph cross-check: {why}")
            log(f"  {notes[-1]}")
        else:
            try:
                peer = Peer("igraph", graph_path, args.threads, workdir, args.peer_timeout)
                _, x, _, _, _ = peer.run_once(0.0, 1)
                gate.record("rank", "igraph", weighted, graph["edges"], scale, peer.maxrss)
                if ref is None:
                    ref, ref_name = x, "igraph PRPACK (influence gave none)"
                else:
                    d = l1(x, ref)
                    notes.append(f"{what}: reference = {ref_name}; L1 to igraph PRPACK = {d:.1e}")
                    log(f"  {notes[-1]}")
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                notes.append(f"{what}: igraph cross-check failed: {e}")
    if ref is None:
        raise SystemExit(f"{what}: no reference vector; stopping")

    rows = []
    tools = [("influence", versions["influence"], ours, args.runs)]
    for peer in available:
        if peer == "petgraph" and n > PETGRAPH_MAX_USERS:
            notes.append(f"{what}: petgraph skipped: {n:,} users > {PETGRAPH_MAX_USERS:,} "
                         "(its page_rank is O(V*E) per iteration)")
            log(f"  {notes[-1]}")
            continue
        why = gate.refuse("rank", peer, weighted, graph["edges"])
        if why:
            tools.append((peer, versions[peer], why, 0))
            log(f"  {peer}: {why}")
            continue
        if peer in RUST_PEERS:
            tool = RustPeer(peer, rust_binary, ranked_file, n, workdir, args.peer_timeout)
        else:
            tool = Peer(peer, graph_path, args.threads, workdir, args.peer_timeout)
        tools.append((peer, versions[peer], tool,
                      {"networkx": args.nx_runs, "petgraph": args.petgraph_runs}.get(peer, args.runs)))
    ours_time = ours_iter = None
    for label, ver, tool, runs in tools:
        row = {"graph": graph, "library": label, "version": ver, "target": args.target}
        if isinstance(tool, str):  # why it was not run
            row["skipped"] = tool
            rows.append(row)
            continue
        try:
            row.update(bench(label, tool, ref, args, runs))
            x = row.pop("x")
            gate.record("rank", label, weighted, graph["edges"], scale, row["rss"])
            if label == "influence":
                ours_time, ours_iter = row["time"], row["iterations"]
                if args.precision != "f64":
                    row["shown"] = f"influence (--precision {args.precision})"
            row["ours_time"] = ours_time
            if label in RUST_PEERS:
                per = f"{label} {row['time'] / max(row['iterations'] or 1, 1) * 1e3:.3g} ms per " \
                      f"iteration ({row['iterations']} iterations)"
                if ours_time and ours_iter:
                    per += f", influence {ours_time / ours_iter * 1e3:.3g} ms ({ours_iter})"
                if row["l1"] > args.target and abs(row["sum"] - 1) > 1e-9:
                    per += (f"; scores sum to {row['sum']:.6f}, L1 after rescaling them to sum 1: "
                            f"{l1(x / x.sum(), ref):.1e}")
                notes.append(f"{what}: {per}")
            log(f"  {label}: {row['time']:.4f} s (best of {row['runs']}), "
                f"iterations {row['iterations']}, L1 {row['l1']:.1e}, sum {row['sum']:.12f}, "
                f"peak RSS {mib(row['rss'])} MiB")
        except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as e:
            row["error"] = str(e).replace("|", "/").replace("\n", " ")[:200]
            row["rss"] = getattr(tool, "maxrss", 0)
            log(f"  {label}: FAILED: {row['error']}")
        rows.append(row)
    return graph, ranked_file, rows


def bound_row(graph, ours_row, bandwidth, weight_bytes, precision, llc):
    """influence's time per iteration against the bandwidth bound (BANDWIDTH)."""
    contrib = 4 if precision == "f32" else 8
    nbytes = iteration_bytes(graph["users"], graph["edges"],
                             weight_bytes if graph["weighted"] else 0, contrib)
    row = {"graph": graph, "precision": precision, "bytes": nbytes,
           "in_cache": bool(llc) and nbytes <= llc}
    if ours_row is None or "error" in ours_row or not ours_row.get("iterations"):
        row["error"] = "no influence time or iteration count"
        return row
    bound = nbytes / (bandwidth * 1e9)
    row.update(bandwidth=bandwidth, bound=bound, iterations=ours_row["iterations"],
               achieved=ours_row["time"] / ours_row["iterations"])
    return row


def main():
    args = parse_args()
    global np, sparse
    import numpy as np
    from scipy import sparse

    cwd = os.environ.get("COMPARE_PEERS_CWD", os.getcwd())
    if args.workdir:
        args.workdir = os.path.join(cwd, args.workdir)
    if args.out:
        args.out = os.path.join(cwd, args.out)
    workdir = args.workdir or tempfile.mkdtemp(prefix="compare-peers-")
    os.makedirs(workdir, exist_ok=True)
    global RSS_DIR
    RSS_DIR = workdir
    out_path = args.out or os.path.join(workdir, "compare.md")
    binary = os.path.abspath(args.binary)

    header = machine_lines(args.threads)
    try:
        ours_version = (run([binary, "--version"]).stdout.strip() or "?").split()[-1]
    except RuntimeError:
        ours_version = "?"

    total = meminfo_bytes("MemTotal")
    if args.memory_limit is not None:
        gate = MemoryGate(int(args.memory_limit * (1 << 30)), "--memory-limit")
    elif total:
        gate = MemoryGate(int(total * MEMORY_SHARE),
                          f"{MEMORY_SHARE:.0%} of MemTotal {gib(total)}")
    else:
        gate = MemoryGate(1 << 62, "no MemTotal in /proc/meminfo: no limit")
    header.append(f"memory limit for a peer's process: {gib(gate.limit)} ({gate.limit_how}); "
                  "a peer estimated above it is skipped; peak RSS measured with "
                  + ("GNU time (%M)" if gnu_time() else "wait4's ru_maxrss (no GNU time: it "
                     "also counts this driver's resident memory at the fork)"))

    notes = []
    available = []
    rust_binary = os.path.abspath(args.rust_peers_binary)
    for peer in args.peer_list:
        if peer in RUST_PEERS:
            if not os.access(rust_binary, os.X_OK):
                notes.append(f"{peer}: no rust-peers binary (cargo build failed?); skipped")
            else:
                available.append(peer)
            continue
        if version(DISTRIBUTION[peer]) is None:
            notes.append(f"{peer}: not installed in the virtual environment (no wheel?); skipped")
            continue
        probe = run([sys.executable, "-c", f"import {MODULE[peer]}"])
        if probe.returncode != 0:
            notes.append(f"{peer}: cannot be imported ({failure(probe)}); skipped")
            continue
        available.append(peer)
    loaders = []
    for tool in args.loader_list:
        if tool != "influence" and version(DISTRIBUTION[tool]) is None:
            notes.append(f"loading with {tool}: not installed in the virtual environment; skipped")
            continue
        loaders.append(tool)
    versions = {"influence": ours_version}
    versions.update({t: version(DISTRIBUTION[t]) for t in set(available) | set(loaders)
                     if t != "influence"})
    header.append("versions: " + ", ".join([f"influence {ours_version}"] +
                                           [f"{t} {versions[t]}" for t in ALL_PEERS
                                            if t in versions]))

    # Bandwidth, and what one iteration moves.
    bandwidth = bandwidth_how = None
    if args.bandwidth is None:
        log("measuring the memory bandwidth (stream.c) ...")
        try:
            rates, array, gcc = measure_bandwidth(workdir, args.threads, gate.limit)
            kernel = max(rates, key=rates.get)
            bandwidth = rates[kernel]
            bandwidth_how = (f"measured: best of {STREAM_PROCESSES} x {STREAM_REPEATS} runs of "
                             "scripts/peers/stream.c (" + ", ".join(f"{k} {v:.1f}"
                                                                     for k, v in rates.items())
                             + f" GB/s; {args.threads} OpenMP threads, 3 arrays of "
                             f"{array >> 20} MiB; {gcc}, -O3 -march=native -fopenmp); the bound "
                             f"uses the best, {kernel}: {bandwidth:.1f} GB/s")
        except (RuntimeError, OSError) as e:
            notes.append(f"memory bandwidth not measured ({e}); no bound table "
                         "(give one with --bandwidth)")
            log(notes[-1])
    elif args.bandwidth > 0:
        bandwidth = args.bandwidth
        bandwidth_how = f"given with --bandwidth: {bandwidth:g} GB/s (not measured)"
    if bandwidth_how:
        header.append(f"memory bandwidth: {bandwidth_how}")
    weight_bytes, weight_how = 8, "not needed (no weighted graph)"
    if bandwidth and "weighted" in args.weighting_list:
        weight_bytes, weight_how = influence_weight_bytes(binary, workdir)

    for line in header + notes:
        log(line)
    log(f"work folder: {workdir}")

    rows, bound_rows, load_rows = [], [], []
    for scale in args.scale_list:
        for weighting in args.weighting_list:
            weighted = weighting == "weighted"
            graph, ranked_file, graph_rows = rank_graph(scale, weighted, args, binary, workdir,
                                                        available, versions, rust_binary, gate,
                                                        notes)
            rows += graph_rows
            if bandwidth:
                ours_row = next((r for r in graph_rows if r["library"] == "influence"), None)
                b = bound_row(graph, ours_row, bandwidth, weight_bytes, args.precision,
                              last_level_cache_bytes())
                bound_rows.append(b)
                if "error" not in b:
                    log(f"  bound: {b['bytes'] / 1e6:.1f} MB per iteration, {b['bound'] * 1e3:.2f} "
                        f"ms at {bandwidth:.1f} GB/s; achieved {b['achieved'] * 1e3:.2f} ms "
                        f"({b['achieved'] / b['bound']:.2f}x)")
            if loaders:
                load_rows += loading_rows(graph, ranked_file, loaders, versions, args, binary,
                                          workdir, gate)

    weightings = " and ".join(args.weighting_list)
    report = ["# PageRank time to equal accuracy: influence and its peers", ""]
    report += [f"- {line}" for line in header]
    report += [
        "- graphs: `influence generate rmat --scale S --edge-factor 16 --seed 1"
        f"{' --no-permute' if args.no_permute else ''}` (and "
        "`--weighted` for the weighted ones: weights 1..10) (Graph500 R-MAT, A=0.57, B=C=0.19, "
        f"{'R-MAT' + chr(39) + 's own user numbers, not permuted' if args.no_permute else 'random user ids'}), "
        f"{weightings}; every tool ranks all 2^S users (isolated ones too), "
        "self-loops dropped, duplicate edges merged (weighted: weights summed; unweighted: into "
        "weight 1, `influence rank --unweighted`); `edges` below = distinct edges",
        "- model: damping 0.85, uniform teleport, dangling mass spread uniformly, edge weights "
        "used on the weighted graphs",
        f"- accuracy: L1 distance to the reference vector, target {args.target:g}; a tool above it "
        f"is rerun with a 10x tighter tolerance (first {args.tol:g}, at most {args.tighten} times); "
        "`tol` is the tolerance finally used, in that tool's own stopping rule:",
    ]
    report += [f"  - {k}: {v}" for k, v in STOPPING_RULE.items()
               if k == "influence" or k in available]
    report += [
        "- time: the PageRank call only (influence: the `timing rank` line of `--timings`, loading "
        "and building excluded" + (f", `--precision {args.precision}`" if args.precision != "f64"
                                   else "") + "; peers: the library call on a graph object built "
        "beforehand), best of `runs`; threads = what the tool was allowed to use "
        "(single-threaded libraries: 1); peak RSS: the largest peak resident memory of the "
        "tool's processes (building its graph included)",
    ]
    report += [f"- note: {note}" for note in notes]
    report += ["", table(rows), ""]
    if bound_rows:
        report += [
            "## influence's power iteration against the memory-bandwidth bound", "",
            f"- bandwidth: {bandwidth_how}",
            "- bytes/iteration: the least one iteration of `State::sweep_with` must move: offsets "
            "8 B x (users+1), sources 4 B x edges, weights "
            f"{weight_bytes} B x edges on weighted graphs ({weight_how}), and per user: scores "
            "8 B read, 1/out-weight 8 B read, contributions "
            f"{4 if args.precision == 'f32' else 8} B read, next scores 8 B written, next "
            f"contributions {4 if args.precision == 'f32' else 8} B written. The contributions "
            "are gathered at random through the sources (once per edge) but counted once per "
            "user, as if the vector streamed; writes are counted once (no write-allocate), as "
            "STREAM counts them. So the bound is optimistic: no iteration can beat it",
            "- bound = bytes/iteration / bandwidth; achieved = influence's `timing rank` / "
            "iterations (the row above, at its final tolerance; `timing rank` also holds the "
            "set-up and building the ranking, so achieved slightly overstates one iteration)",
            "- (fits in cache): the bytes of one iteration fit in the last-level cache ("
            + (f"{last_level_cache_bytes() >> 20} MiB" if last_level_cache_bytes() else "size unknown")
            + "), so they need not come from memory: the bound does not hold there",
            "", bandwidth_table(bound_rows), ""]
    if load_rows:
        report += [
            "## Loading the edge list", "",
            "- the same file every tool ranks (the generated one, plus the isolated users as "
            "self-loop lines when some are missing), warm in the page cache; each measurement "
            "in its own process, best of `runs`; peak RSS: the largest over those processes",
            "- influence: `timing load` + `timing build` of `influence rank FILE [--unweighted] "
            "--timings --algorithm in-degree` (users interned, duplicates merged, CSR built; "
            "in-degree so that ranking adds next to nothing to the peak memory)",
            "- NetworKit: `networkit.graphio.EdgeListReader(' ', 0, '#', continuous=True, "
            "directed=True).read(FILE)` after `networkit.setNumberOfThreads(threads)` (a third "
            "column makes it weighted; of repeated pairs it keeps the first weight)",
            "- NetworkX: `networkx.read_edgelist(FILE, create_using=DiGraph, nodetype=int, "
            "data=False)` (weighted: `data=((\"weight\", float),)`; a repeated pair keeps its last "
            "weight), single-threaded",
            "- peers: only the read call is timed (not starting Python or importing the library); "
            "the peak RSS includes the interpreter and the library",
            "", loading_table(load_rows), ""]
    text = "\n".join(report)
    print(text)
    with open(out_path, "w") as f:
        f.write(text)
    log(f"\nwritten to {out_path}")


if __name__ == "__main__":
    main()
