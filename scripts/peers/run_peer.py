#!/usr/bin/env python3
"""Run one peer library's PageRank on a prepared graph and time the call.

Started by compare.py, one process per (peer, tolerance) so that a peer's
threads, memory and crashes stay its own. Usage:

  run_peer.py PEER --graph GRAPH.npz --tol T --runs R --threads N --out SCORES.npy

GRAPH.npz holds the graph every tool ranks, as compare.py made it from the
edge list: `n` users 0..n-1, a CSR matrix over sources (`indptr`, `indices`,
`data`: row u lists the users u reacted to, with the summed weights;
self-loops already dropped, duplicates already merged) and `weighted`.

The model is the same for every peer: damping 0.85, uniform teleport,
dangling (sink) mass spread uniformly, weights used when `weighted`.
T is the peer's own stopping tolerance, converted here to its own rule
(see each function). Only the PageRank call is timed: building the
library's graph object happens before the clock starts. The best of R runs
is reported; the scores of the last run are saved.

Prints one JSON line on stdout: {"times": [...], "iterations": k|null,
"threads": n, "tol_param": value passed to the library}.
"""

import argparse
import json
import sys
import time

import numpy as np

DAMPING = 0.85
MAX_ITER = 100_000


def load_graph(path):
    z = np.load(path)
    n = int(z["n"])
    indptr, indices, data = z["indptr"], z["indices"], z["data"]
    weighted = bool(z["weighted"])
    src = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    dst = indices.astype(np.int64)
    return n, indptr, indices, data, weighted, src, dst


def timed(call, runs):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return times, result


def peer_networkx(g, tol, runs, threads):
    """NetworkX stops when the L1 change is below N*tol: pass tol/N."""
    import networkx as nx

    n, _, _, data, weighted, src, dst = g
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    if weighted:
        G.add_weighted_edges_from(zip(src.tolist(), dst.tolist(), data.tolist()))
    else:
        G.add_edges_from(zip(src.tolist(), dst.tolist()))
    nx_tol = tol / n
    # dangling=None: sink mass follows the (uniform) personalization.
    call = lambda: nx.pagerank(G, alpha=DAMPING, tol=nx_tol, max_iter=MAX_ITER,
                               weight="weight" if weighted else None)
    times, pr = timed(call, runs)
    scores = np.fromiter((pr[u] for u in range(n)), dtype=np.float64, count=n)
    return times, scores, None, 1, nx_tol


def peer_igraph(g, tol, runs, threads):
    """PRPACK is a direct solver: no tolerance to set."""
    import igraph as ig

    n, _, _, data, weighted, src, dst = g
    G = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist())), directed=True)
    if weighted:
        G.es["weight"] = data.tolist()
    call = lambda: G.pagerank(damping=DAMPING, directed=True,
                              weights="weight" if weighted else None,
                              implementation="prpack")
    times, pr = timed(call, runs)
    return times, np.asarray(pr, dtype=np.float64), None, 1, None


def peer_networkit(g, tol, runs, threads):
    """Sinks distributed uniformly (DistributeSinks); L1 change <= tol."""
    import networkit as nk

    nk.setNumberOfThreads(threads)
    n, _, _, data, weighted, src, dst = g
    G = nk.graph.GraphFromCoo((data.astype(np.float64), (src, dst)), n=n,
                              weighted=weighted, directed=True)
    sinks = nk.centrality.SinkHandling.DistributeSinks

    def call():
        pr = nk.centrality.PageRank(G, damp=DAMPING, tol=tol, normalized=False,
                                    distributeSinks=sinks)
        pr.norm = nk.centrality.Norm.L1_NORM
        pr.maxIterations = MAX_ITER
        pr.run()
        return pr

    times, pr = timed(call, runs)
    scores = np.asarray(pr.scores(), dtype=np.float64)
    return times, scores, int(pr.numberOfIterations()), nk.getMaxNumberOfThreads(), tol


def peer_fast_pagerank(g, tol, runs, threads):
    """pagerank_power stops when the L2 norm of the change is <= tol; dangling
    rows teleport along the (uniform) personalization (Moler's formulation)."""
    from scipy import sparse
    from fast_pagerank import pagerank_power

    n, indptr, indices, data, weighted, _, _ = g
    values = data.astype(np.float64) if weighted else np.ones(len(indices))
    A = sparse.csr_matrix((values, indices, indptr), shape=(n, n))
    call = lambda: pagerank_power(A, p=DAMPING, tol=tol, max_iter=MAX_ITER)
    times, pr = timed(call, runs)
    return times, np.asarray(pr, dtype=np.float64).reshape(-1), None, 1, tol


def peer_scikit_network(g, tol, runs, threads):
    """BiCGSTAB ('bicgstab', absolute residual tolerance atol = tol), with
    restart weights that make it compute our model exactly.

    scikit-network 0.33 builds the operator x -> d*P^T x + b*sum(x) with
    b_i = (1 - d*[i has out-edges]) * s_i: the mass of a dangling user goes
    to itself (scaled), not along the restart vector s, so its default
    power iteration ('piteration') solves another model. 'bicgstab' solves
    (I - d*P^T) x = b; the uniform-dangling PageRank is (I - d*P^T)^-1 s up
    to its sum, so restart weights w_i ~ 1 / (1 - d*[i has out-edges])
    (b ~ s) give exactly our model once normalized, which scikit-network
    does. The weights are computed before the clock starts."""
    from scipy import sparse
    from sknetwork.ranking import PageRank

    n, indptr, indices, data, weighted, _, _ = g
    values = data.astype(np.float64) if weighted else np.ones(len(indices))
    A = sparse.csr_matrix((values, indices, indptr), shape=(n, n))
    has_out = np.diff(indptr) > 0
    restart = 1.0 / (1.0 - DAMPING * has_out)
    restart /= restart.sum()

    call = lambda: PageRank(damping_factor=DAMPING, solver="bicgstab", tol=tol).fit(
        A, weights=restart).scores_
    times, scores = timed(call, runs)
    return times, np.asarray(scores, dtype=np.float64), None, 1, tol


PEERS = {
    "networkx": peer_networkx,
    "igraph": peer_igraph,
    "networkit": peer_networkit,
    "fast-pagerank": peer_fast_pagerank,
    "scikit-network": peer_scikit_network,
}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("peer", choices=sorted(PEERS))
    p.add_argument("--graph", required=True)
    p.add_argument("--tol", type=float, required=True)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    g = load_graph(a.graph)
    times, scores, iterations, threads, tol_param = PEERS[a.peer](g, a.tol, a.runs, a.threads)
    if scores.shape != (g[0],):
        sys.exit(f"{a.peer} returned {scores.shape} scores for {g[0]} users")
    np.save(a.out, scores)
    print(json.dumps({"times": times, "iterations": iterations, "threads": threads,
                      "tol_param": tol_param}))


if __name__ == "__main__":
    main()
