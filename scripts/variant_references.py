#!/usr/bin/env python3
"""Regenerate the reference values of HITS, Katz and eigenvector centrality.

What it writes (paths relative to the repository root):

  tests/data/variants/*.txt     one graph per file with its expected values

How to run (from the repository root, in a virtual environment kept outside
the repository, the same one as scripts/reference_values.py):

  <venv>/bin/pip install networkx numpy scipy
  <venv>/bin/python scripts/variant_references.py

Versions used for the committed files: Python 3.11, networkx 3.6.1, numpy,
scipy. The networkx version is written into every file's `source` line.

Graphs: the test graphs of NetworkX's own test suites
(link_analysis/tests/test_hits.py, centrality/tests/test_katz_centrality.py,
centrality/tests/test_eigenvector_centrality.py) and three seeded random
weighted digraphs (G(n, p) plus a Hamiltonian cycle, so that they are strongly
connected and aperiodic and the principal eigenvectors are unique).

The stored values come from exact dense computations (numpy), in NetworkX's
definitions and normalizations, and the script stops with an error unless
they agree with NetworkX's own functions:

  * hits_authority / hits_hub: the principal eigenvector of AᵀA (authorities)
    and A·a (hubs), each scaled to sum to 1, as networkx.hits with
    normalized=True; checked against networkx.hits and, for the test graph,
    the expected values of test_hits.py (NetworkX asserts 1e-4 there);
  * katz: networkx.katz_centrality_numpy (a dense linear solve of
    (I − αAᵀ)x = β·1, scaled to L2 norm 1), weight="weight"; checked against
    the iterative networkx.katz_centrality run to a tight tolerance;
  * eigenvector: the principal eigenvector of Aᵀ from a dense numpy eig,
    scaled to L2 norm 1 (networkx.eigenvector_centrality_numpy's definition),
    weight="weight"; checked against the iterative
    networkx.eigenvector_centrality (which iterates x ← (A + I)ᵀx).

File format (one graph per file, '#' header lines, then data):

  # case: <name>
  # source: <where the graph comes from>
  # precision: <absolute per-entry tolerance of the expected values>
  param katz_alpha <alpha>                 (when the file has katz values)
  edge <src> <dst> <weight>                (src reacted to dst)
  expect <measure> <node> <value>

An undirected NetworkX graph is written with both directions of every edge.
"""

import os
import random
import sys

import networkx as nx
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "variants")
SOURCE_NX = f"networkx {nx.__version__}"


def matrix(G):
    nodes = list(G)
    A = nx.to_numpy_array(G, nodelist=nodes, weight="weight")
    return nodes, A


def hits_exact(G):
    nodes, A = matrix(G)
    w, V = np.linalg.eigh(A.T @ A)
    a = np.abs(V[:, np.argmax(w)])
    assert w[-1] - w[-2] > 1e-6 * w[-1], "the principal singular value must be simple"
    a /= a.sum()
    h = A @ a
    h /= h.sum()
    return dict(zip(nodes, h)), dict(zip(nodes, a))


def katz_exact(G, alpha):
    return nx.katz_centrality_numpy(G, alpha, weight="weight")


def eigenvector_exact(G):
    nodes, A = matrix(G)
    w, V = np.linalg.eig(A.T)
    k = np.argmax(w.real)
    x = V[:, k].real
    x = x / (np.sign(x.sum()) * np.linalg.norm(x))
    return dict(zip(nodes, x))


def close(a, b, tol, what):
    for n in a:
        if abs(a[n] - b[n]) > tol:
            sys.exit(f"{what}: node {n}: {a[n]!r} vs {b[n]!r}")


def write(name, source, G, measures, precision, alpha=None):
    path = os.path.join(OUT, f"{name}.txt")
    with open(path, "w") as f:
        f.write(f"# case: {name}\n# source: {source}\n# precision: {precision:g}\n")
        if alpha is not None:
            f.write(f"param katz_alpha {alpha!r}\n")
        for u, v, d in G.edges(data=True):
            w = float(d.get("weight", 1.0))
            f.write(f"edge {u} {v} {w!r}\n")
            if not G.is_directed():
                f.write(f"edge {v} {u} {w!r}\n")
        for measure, values in measures.items():
            for n in G:
                f.write(f"expect {measure} {n} {float(values[n])!r}\n")


def check_iterative(G, alpha, katz, eig):
    n = G.number_of_nodes()
    if katz is not None:
        it = nx.katz_centrality(G, alpha, weight="weight", tol=1e-15 / n, max_iter=100000)
        close(katz, it, 1e-10, "katz vs networkx.katz_centrality")
    if eig is not None:
        it = nx.eigenvector_centrality(G, weight="weight", tol=1e-15 / n, max_iter=100000)
        close(eig, it, 1e-9, "eigenvector vs networkx.eigenvector_centrality")


def main():
    os.makedirs(OUT, exist_ok=True)

    # test_hits.py (Langville & Meyer's example).
    G = nx.DiGraph()
    G.add_edges_from([(1, 3), (1, 5), (2, 1), (3, 5), (5, 4), (5, 3), (6, 5)], weight=1)
    h, a = hits_exact(G)
    nh, na = nx.hits(G, tol=1e-12, max_iter=10000)
    close(h, nh, 1e-8, "hits hubs vs networkx.hits")
    close(a, na, 1e-8, "hits authorities vs networkx.hits")
    exp_a = dict(zip(sorted(G), [0.000000, 0.000000, 0.366025, 0.133975, 0.500000, 0.000000]))
    exp_h = dict(zip(sorted(G), [0.366025, 0.000000, 0.211325, 0.000000, 0.211325, 0.211325]))
    close(a, exp_a, 1e-4, "hits authorities vs test_hits.py")
    close(h, exp_h, 1e-4, "hits hubs vs test_hits.py")
    write("hits_langville", f"networkx test_hits.py; values exact (numpy eigh), {SOURCE_NX}", G,
          {"hits_hub": h, "hits_authority": a}, 1e-8)

    # test_katz_centrality.py and test_eigenvector_centrality.py: K5, P3.
    for name, G in [("k5", nx.complete_graph(5)), ("p3", nx.path_graph(3))]:
        katz = katz_exact(G, 0.1)
        eig = eigenvector_exact(G)
        check_iterative(G, 0.1, katz, eig)
        write(name, f"networkx test_katz_centrality.py / test_eigenvector_centrality.py; {SOURCE_NX}", G,
              {"katz": katz, "eigenvector": eig}, 1e-8, alpha=0.1)
    close(katz_exact(nx.path_graph(3), 0.1), {0: 0.5598852584152165, 1: 0.6107839182711449,
                                              2: 0.5598852584152162}, 1e-12, "katz P3")

    # The directed test graph, weights 2, reversed as both test files do.
    edges = [(1, 2), (1, 3), (2, 4), (3, 2), (3, 5), (4, 2), (4, 5), (4, 6), (5, 6), (5, 7), (5, 8),
             (6, 8), (7, 1), (7, 5), (7, 8), (8, 6), (8, 7)]
    D = nx.DiGraph()
    D.add_edges_from(edges, weight=2.0)
    G = D.reverse()
    katz = katz_exact(G, 0.1)
    eig = eigenvector_exact(G)
    check_iterative(G, 0.1, katz, eig)
    close(katz, dict(zip(range(1, 9), [0.3289589783189635, 0.2832077296243516, 0.3425906003685471,
                                        0.3970420865198392, 0.41074871061646284, 0.272257430756461,
                                        0.4201989685435462, 0.34229059218038554])), 1e-7, "katz directed")
    close(eig, dict(zip(range(1, 9), [0.25368793, 0.19576478, 0.32817092, 0.40430835, 0.48199885,
                                       0.15724483, 0.51346196, 0.32475403])), 1e-7, "eigenvector directed")
    h, a = hits_exact(G)
    nh, na = nx.hits(G, tol=1e-12, max_iter=10000)
    close(a, na, 1e-8, "hits directed")
    write("directed8", f"networkx test_katz_centrality.py / test_eigenvector_centrality.py (G.reverse()); {SOURCE_NX}",
          G, {"katz": katz, "eigenvector": eig, "hits_hub": h, "hits_authority": a}, 1e-8, alpha=0.1)

    # Three seeded random weighted digraphs.
    for seed, (n, p) in enumerate([(20, 0.15), (60, 0.08), (150, 0.03)], start=1):
        rng = random.Random(seed)
        G = nx.gnp_random_graph(n, p, seed=seed, directed=True)
        for i in range(n):
            G.add_edge(i, (i + 1) % n)
        for u, v in G.edges():
            G[u][v]["weight"] = round(rng.uniform(0.1, 3.0), 3)
        _, A = matrix(G)
        lam = max(abs(np.linalg.eigvals(A)))
        alpha = round(float(min(0.1, 0.5 / lam)), 6)
        katz = katz_exact(G, alpha)
        eig = eigenvector_exact(G)
        check_iterative(G, alpha, katz, eig)
        h, a = hits_exact(G)
        nh, na = nx.hits(G, tol=1e-14, max_iter=100000)
        close(a, na, 1e-8, f"hits random{seed}")
        close(h, nh, 1e-8, f"hits random{seed}")
        write(f"random{seed}", f"seeded gnp_random_graph({n}, {p}, seed={seed}) plus a cycle; {SOURCE_NX}", G,
              {"katz": katz, "eigenvector": eig, "hits_hub": h, "hits_authority": a}, 1e-8, alpha=alpha)


if __name__ == "__main__":
    main()
