#!/usr/bin/env python3
"""Compare PageRank time to equal accuracy: `influence` against Python peers
and the Rust crates `graph` and `petgraph` (through scripts/peers/rust-peers).

Run through scripts/compare-peers, which makes the virtual environment,
builds the release binary and unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE
for this process. For each scale it

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
     --tighten times; what was finally reached is reported, never assumed.

Model for every tool: damping 0.85, uniform teleport, dangling mass spread
uniformly, weights used with --weighted -- except the Rust crates, which rank
with their own models (see STOPPING_RULE); their L1 is measured all the same,
and their tolerance is tightened only while it still brings them closer.
"""

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
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


def run(cmd, timeout=None, env=None):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except OSError as e:  # a missing binary: reported like a failed run
        raise RuntimeError(f"cannot run {os.path.basename(cmd[0])}: {e.strerror}") from e


# ---------------------------------------------------------------- machine


def machine_lines(threads):
    lines = [f"date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}"]
    try:
        nproc = run(["nproc"]).stdout.strip()
    except RuntimeError:
        nproc = str(os.cpu_count())
    cpu = platform.processor() or "?"
    try:
        for line in run(["lscpu"]).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except RuntimeError:
        pass
    lines.append(f"nproc: {nproc}; CPU: {cpu}; threads given to multi-threaded tools: {threads}")
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


def ensure_all_users(path, src, dst, n, workdir):
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
        f.write("".join(f"{u} {u}\n" for u in missing))
    note = (f"the generated file names {n - len(missing)} of {n} users; the other "
            f"{len(missing)} (isolated) were appended as self-loop lines `u u`, which every "
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
    def __init__(self, binary, edges, weighted, threads, n, workdir):
        self.binary, self.edges, self.weighted = binary, edges, weighted
        self.threads, self.n, self.workdir = threads, n, workdir

    def command(self, tol, out, quiet=True):
        cmd = [self.binary, "rank", self.edges, "--tolerance", repr(tol), "--timings",
               "--threads", str(self.threads), "--output", out]
        if not self.weighted:
            cmd.append("--unweighted")  # duplicates count once, as for the peers
        if quiet:
            cmd.append("--quiet")
        return cmd

    def reference(self, tol):
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
        for _ in range(runs):
            p = run(self.command(tol, out))
            if p.returncode != 0:
                raise RuntimeError(p.stderr.strip()[-500:])
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

    def run_once(self, tol, runs):
        out = os.path.join(self.workdir, f"{self.name}.scores")
        cmd = [self.binary, "--peer", self.name, "--input", self.edges, "--users", str(self.n),
               "--tol", repr(tol), "--runs", str(runs), "--scores", out]
        p = run(cmd, timeout=self.timeout)
        if p.returncode != 0:
            raise RuntimeError((p.stderr.strip() or f"exit {p.returncode}").splitlines()[-1][-300:])
        r = json.loads(p.stdout.strip().splitlines()[-1])
        x = np.loadtxt(out, dtype=np.float64, ndmin=1)
        if x.shape != (self.n,):
            raise RuntimeError(f"{self.name} returned {x.shape} scores for {self.n} users")
        return r["times"], x, r["iterations"], r["threads"], r["tol_param"]


class Peer:
    def __init__(self, name, graph_path, threads, workdir, timeout):
        self.name, self.graph_path, self.threads = name, graph_path, threads
        self.workdir, self.timeout = workdir, timeout

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
            raise RuntimeError((p.stderr.strip() or f"exit {p.returncode}").splitlines()[-1][-300:])
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
            "tol_param": tol_param, "l1": dist, "sum": float(x.sum())}


# ---------------------------------------------------------------- table


def fmt_time(t):
    return f"{t:.4f}" if t < 10 else f"{t:.2f}"


def table(rows):
    head = ["scale", "users", "edges", "weighted", "library", "version", "threads",
            "tol", "PageRank time (s)", "runs", "iterations", "L1 vs reference", "ratio (peer/ours)"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        g = r["graph"]
        cells = [str(g["scale"]), f"{g['users']:,}", f"{g['edges']:,}",
                 "yes" if g["weighted"] else "no", r["library"], r["version"] or "?"]
        if "error" in r:
            cells += ["", "", f"failed: {r['error']}", "", "", "", ""]
        else:
            ours = r.get("ours_time")
            cells += [str(r["threads"]),
                      f"{r['tol']:g}" if r["tol"] is not None else "direct",
                      fmt_time(r["time"]), str(r["runs"]),
                      str(r["iterations"]) if r["iterations"] is not None else "",
                      f"{r['l1']:.1e}" + ("" if r["l1"] <= r["target"] else " (above target)"),
                      f"{r['time'] / ours:.2f}" if ours else ""]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


# ---------------------------------------------------------------- main


def main():
    p = argparse.ArgumentParser(
        prog="scripts/compare-peers",
        description="PageRank time to equal accuracy: influence vs NetworkX, igraph, NetworKit, "
                    "fast-pagerank, scikit-network and the Rust crates graph and petgraph, on Graph500 "
                    "R-MAT graphs.")
    p.add_argument("--scales", default="16,20", help="comma-separated R-MAT scales (default 16,20)")
    p.add_argument("--weighted", action="store_true", help="weights 1..10 on the edges")
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="threads for influence and NetworKit (default: all cores)")
    p.add_argument("--peers", default=",".join(ALL_PEERS),
                   help=f"comma-separated subset of {','.join(ALL_PEERS)} (default: all)")
    p.add_argument("--runs", type=int, default=3, help="best of R runs (default 3)")
    p.add_argument("--nx-runs", type=int, default=1, help="runs for NetworkX (default 1)")
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
    p.add_argument("--peer-timeout", type=float, default=3600, help="seconds per peer process")
    p.add_argument("--binary", default="target/release/influence")
    p.add_argument("--workdir", help="where graphs and rankings go (default: a new temporary folder)")
    p.add_argument("--out", help="also write the report here (default: WORKDIR/compare.md)")
    args = p.parse_args()
    global np, sparse
    import numpy as np
    from scipy import sparse

    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    peers = [s.strip() for s in args.peers.split(",") if s.strip()]
    for peer in peers:
        if peer not in ALL_PEERS:
            p.error(f"unknown peer {peer!r}; choose from {', '.join(ALL_PEERS)}")
    cwd = os.environ.get("COMPARE_PEERS_CWD", os.getcwd())
    if args.workdir:
        args.workdir = os.path.join(cwd, args.workdir)
    if args.out:
        args.out = os.path.join(cwd, args.out)
    workdir = args.workdir or tempfile.mkdtemp(prefix="compare-peers-")
    os.makedirs(workdir, exist_ok=True)
    out_path = args.out or os.path.join(workdir, "compare.md")
    binary = os.path.abspath(args.binary)

    header = machine_lines(args.threads)
    try:
        ours_version = (run([binary, "--version"]).stdout.strip() or "?").split()[-1]
    except RuntimeError:
        ours_version = "?"

    notes = []
    available = []
    rust_binary = os.path.abspath(args.rust_peers_binary)
    for peer in peers:
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
            notes.append(f"{peer}: cannot be imported ({probe.stderr.strip().splitlines()[-1]}); skipped")
            continue
        available.append(peer)
    header.append("versions: " + ", ".join([f"influence {ours_version}"] +
                                           [f"{peer} {version(DISTRIBUTION[peer])}" for peer in available]))
    for line in header + notes:
        log(line)
    log(f"work folder: {workdir}")

    rows = []
    for scale in scales:
        n = 1 << scale
        suffix = "w" if args.weighted else ""
        edges = os.path.join(workdir, f"rmat{scale}{suffix}.edges")
        log(f"\n== R-MAT scale {scale} ({n:,} users), {'weighted' if args.weighted else 'unweighted'}")
        cmd = [binary, "generate", "rmat", "--scale", str(scale), "--edge-factor", "16",
               "--seed", "1", "--quiet", "--output", edges] + (["--weighted"] if args.weighted else [])
        t = time.perf_counter()
        try:
            g = run(cmd)
        except RuntimeError as e:
            raise SystemExit(f"generate failed: {e}")
        if g.returncode != 0:
            raise SystemExit(f"generate failed: {g.stderr.strip()}")
        log(f"  generated in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        src, dst, w = read_edge_list(edges, args.weighted)
        if len(src) and max(src.max(), dst.max()) >= n:
            raise SystemExit(f"{edges}: a user id is not below 2^{scale}")
        m = canonical_graph(src, dst, w, n, args.weighted)
        ranked_file, note = ensure_all_users(edges, src, dst, n, workdir)
        if note:
            notes.append(f"scale {scale}: {note}")
            log(f"  note: {note}")
        graph_path = os.path.join(workdir, f"rmat{scale}{suffix}.npz")
        np.savez(graph_path, n=n, indptr=m.indptr, indices=m.indices, data=m.data,
                 weighted=args.weighted)
        graph = {"scale": scale, "users": n, "edges": int(m.nnz), "weighted": args.weighted}
        log(f"  {len(src):,} lines, {int((src == dst).sum()):,} self-loops, "
            f"{m.nnz:,} distinct edges; read in {time.perf_counter() - t:.1f} s")
        del src, dst, w, m

        ours = Ours(binary, ranked_file, args.weighted, args.threads, n, workdir)
        ref, ref_name = None, f"influence at tolerance {args.reference_tol:g}"
        try:
            ref, counts = ours.reference(args.reference_tol)
            if counts and counts != (n, graph["edges"]):
                raise RuntimeError(f"influence built {counts[0]:,} users and {counts[1]:,} edges, "
                                   f"the peers {n:,} and {graph['edges']:,}: not the same graph")
            if np.isnan(ref).any():
                raise RuntimeError(f"influence ranked {int((~np.isnan(ref)).sum()):,} of {n:,} users")
        except RuntimeError as e:
            notes.append(f"scale {scale}: no reference from influence ({e})")
            log(f"  {notes[-1]}")
            ref = None

        # The cross-check (and the fallback reference): igraph's PRPACK.
        if "igraph" in available:
            try:
                peer = Peer("igraph", graph_path, args.threads, workdir, args.peer_timeout)
                _, x, _, _, _ = peer.run_once(0.0, 1)
                if ref is None:
                    ref, ref_name = x, "igraph PRPACK (influence gave none)"
                else:
                    d = l1(x, ref)
                    notes.append(f"scale {scale}: reference = {ref_name}; "
                                 f"L1 to igraph PRPACK = {d:.1e}")
                    log(f"  {notes[-1]}")
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                notes.append(f"scale {scale}: igraph cross-check failed: {e}")
        if ref is None:
            raise SystemExit(f"scale {scale}: no reference vector; stopping")

        tools = [("influence", ours_version, ours, args.runs)]
        for peer in available:
            if peer == "petgraph" and n > PETGRAPH_MAX_USERS:
                notes.append(f"scale {scale}: petgraph skipped: {n:,} users > {PETGRAPH_MAX_USERS:,} "
                             "(its page_rank is O(V*E) per iteration)")
                log(f"  {notes[-1]}")
                continue
            if peer in RUST_PEERS:
                tool = RustPeer(peer, rust_binary, ranked_file, n, workdir, args.peer_timeout)
            else:
                tool = Peer(peer, graph_path, args.threads, workdir, args.peer_timeout)
            tools.append((peer, version(DISTRIBUTION[peer]), tool,
                          {"networkx": args.nx_runs, "petgraph": args.petgraph_runs}.get(peer, args.runs)))
        ours_time = ours_iter = None
        for label, ver, tool, runs in tools:
            row = {"graph": graph, "library": label, "version": ver, "target": args.target}
            try:
                row.update(bench(label, tool, ref, args, runs))
                x = row.pop("x")
                if label == "influence":
                    ours_time, ours_iter = row["time"], row["iterations"]
                row["ours_time"] = ours_time
                if label in RUST_PEERS:
                    per = f"{label} {row['time'] / max(row['iterations'] or 1, 1) * 1e3:.3g} ms per " \
                          f"iteration ({row['iterations']} iterations)"
                    if ours_time and ours_iter:
                        per += f", influence {ours_time / ours_iter * 1e3:.3g} ms ({ours_iter})"
                    if row["l1"] > args.target and abs(row["sum"] - 1) > 1e-9:
                        per += (f"; scores sum to {row['sum']:.6f}, L1 after rescaling them to sum 1: "
                                f"{l1(x / x.sum(), ref):.1e}")
                    notes.append(f"scale {scale}: {per}")
                log(f"  {label}: {row['time']:.4f} s (best of {row['runs']}), "
                    f"iterations {row['iterations']}, L1 {row['l1']:.1e}, sum {row['sum']:.12f}")
            except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as e:
                row["error"] = str(e).replace("|", "/").replace("\n", " ")[:200]
                log(f"  {label}: FAILED: {row['error']}")
            rows.append(row)

    report = ["# PageRank time to equal accuracy: influence and its peers", ""]
    report += [f"- {line}" for line in header]
    report += [
        "- graphs: `influence generate rmat --scale S --edge-factor 16 --seed 1"
        + (" --weighted" if args.weighted else "") + "` (Graph500 R-MAT, A=0.57, B=C=0.19, "
        "random user ids); every tool ranks all 2^S users (isolated ones too), self-loops dropped, "
        "duplicate edges merged" + (" (weights summed)" if args.weighted else " into weight 1 "
                                   "(`influence rank --unweighted`)"),
        "- model: damping 0.85, uniform teleport, dangling mass spread uniformly"
        + (", edge weights used" if args.weighted else ""),
        f"- accuracy: L1 distance to the reference vector, target {args.target:g}; a tool above it "
        f"is rerun with a 10x tighter tolerance (first {args.tol:g}, at most {args.tighten} times); "
        "`tol` is the tolerance finally used, in that tool's own stopping rule:",
    ]
    report += [f"  - {k}: {v}" for k, v in STOPPING_RULE.items()
               if k == "influence" or k in available]
    report += [
        "- time: the PageRank call only (influence: the `timing rank` line of `--timings`, loading "
        "and building excluded; peers: the library call on a graph object built beforehand), best "
        "of `runs`; threads = what the tool was allowed to use (single-threaded libraries: 1)",
    ]
    report += [f"- note: {note}" for note in notes]
    report += ["", table(rows), ""]
    text = "\n".join(report)
    print(text)
    with open(out_path, "w") as f:
        f.write(text)
    log(f"\nwritten to {out_path}")


if __name__ == "__main__":
    main()
