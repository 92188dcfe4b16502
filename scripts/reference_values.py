#!/usr/bin/env python3
"""Regenerate the bundled sample data and the PageRank reference values.

What it writes (paths relative to the repository root):

  examples/data/karate.edges        Zachary's karate club, both directions, unweighted
  examples/data/lesmis.edges        Les Miserables co-appearances, both directions, weighted
  tests/data/reference/*.txt        one reference case per file (format below)
  tests/data/reference/README.md    table of the cases

How to run (from the repository root, in a virtual environment kept outside
the repository):

  python3 -m venv <venv>
  <venv>/bin/pip install networkx python-igraph numpy scipy
  <venv>/bin/python scripts/reference_values.py

Versions used for the committed files: Python 3.11, networkx 3.6.1,
python-igraph 1.0.0 (igraph C core 1.0.0), numpy 2.4.6, scipy 1.17.1.
The networkx version is written into the `source` line of the computed cases,
so a rerun with another version changes those lines (and perhaps the last
digit or two of some values, far below the 1e-10 precision they claim).

The script also checks every case and stops with an error if a check fails:
  * every case (copied or computed) is solved exactly with a dense numpy linear
    solve, and the expected values must agree within the case's precision;
  * cases copied from NetworkX's tests are re-run with networkx.pagerank,
    igraph cases and the computed cases with python-igraph's pagerank /
    personalized_pagerank (PRPACK; not for the explicit-dangling case, which
    igraph cannot express); these must agree within the case's precision.

Reference file format (one case per file, '#' header lines, then data):

  # case: <name>
  # source: <where graph and expected values come from>
  # damping: <alpha>
  # weighted: yes|no
  # personalization: none | <node weight; node weight; ...>
  # dangling: personalization | <node weight; node weight; ...>
  # precision: <absolute per-entry tolerance>
  # note: <free text>                      (zero or more lines)
  edge <src> <dst> [weight]
  node <id>                                (isolated nodes only)
  expect <id> <value>

Semantics are NetworkX's: personalization and dangling weights are normalized
by their sum; nodes missing from them get 0. `dangling: personalization` means
the mass of dangling nodes (no out-edges, or only zero-weight out-edges) is
redistributed like the teleport vector (uniform when personalization is none).
Parallel edges (repeated `edge` lines) count with multiplicity, i.e. their
weights add up, as in igraph and in NetworkX MultiGraphs.
"""

import os
import sys

import igraph as ig
import networkx as nx
import numpy as np
import scipy  # noqa: F401  (networkx.pagerank needs it)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF_DIR = os.path.join(ROOT, "tests", "data", "reference")
DATA_DIR = os.path.join(ROOT, "examples", "data")

NX_VERSION = nx.__version__
IG_VERSION = ig.__version__

NX_TEST = "networkx/networkx networkx/algorithms/link_analysis/tests/test_pagerank.py"
IG_C_TEST = "igraph/igraph tests/unit/igraph_pagerank.c (expected output tests/unit/igraph_pagerank.out)"
IG_PY_TEST = "igraph/python-igraph tests/test_structural.py"

TIGHT = dict(tol=1e-15, max_iter=10000)


def fmt(v):
    """17 significant digits: round-trips any f64 exactly."""
    return f"{v:.17g}"


def fmt_w(w):
    if float(w) == int(w):
        return str(int(w))
    return fmt(float(w))


class Case:
    def __init__(self, name, source, damping, edges, expected, precision,
                 nodes=None, weighted=False, personalization=None,
                 dangling=None, notes=(), peer=None, peer_args=None):
        self.name = name
        self.source = source
        self.damping = damping
        self.edges = list(edges)  # (src, dst) or (src, dst, w)
        self.weighted = weighted
        self.personalization = personalization  # dict or None
        self.dangling = dangling  # dict or None (None = personalization)
        self.precision = precision  # string, e.g. "1e-4"
        self.notes = list(notes)
        self.peer = peer  # "networkx" | "igraph"
        self.peer_args = peer_args or {}
        # Node order: as given, else first appearance in the edge list.
        order = list(nodes) if nodes is not None else []
        seen = set(order)
        for e in self.edges:
            for n in e[:2]:
                if n not in seen:
                    seen.add(n)
                    order.append(n)
        self.nodes = order
        self.expected = expected  # dict node -> float, or None (compute)

    # -- exact dense solve with NetworkX semantics --------------------------
    def dense_solve(self):
        idx = {n: i for i, n in enumerate(self.nodes)}
        n = len(self.nodes)
        W = np.zeros((n, n))
        for e in self.edges:
            w = float(e[2]) if (self.weighted and len(e) > 2) else 1.0
            W[idx[e[0]], idx[e[1]]] += w
        out = W.sum(axis=1)
        M = np.zeros((n, n))
        nz = out != 0
        M[nz] = W[nz] / out[nz, None]
        dang = (~nz).astype(float)

        def vec(d):
            if d is None:
                return np.full(n, 1.0 / n)
            v = np.zeros(n)
            for k, w in d.items():
                v[idx[k]] = w
            return v / v.sum()

        p = vec(self.personalization)
        u = p if self.dangling is None else vec(self.dangling)
        a = self.damping
        A = np.eye(n) - a * M.T - a * np.outer(u, dang)
        x = np.linalg.solve(A, (1 - a) * p)
        x /= x.sum()
        return {k: float(x[i]) for k, i in idx.items()}

    # -- peers ---------------------------------------------------------------
    def nx_graph(self):
        G = nx.MultiDiGraph()
        G.add_nodes_from(self.nodes)
        for e in self.edges:
            w = float(e[2]) if (self.weighted and len(e) > 2) else 1.0
            G.add_edge(e[0], e[1], weight=w)
        # Collapse parallel edges into summed weights (networkx.pagerank does
        # the same for multigraphs, but a DiGraph keeps the result simple).
        D = nx.DiGraph()
        D.add_nodes_from(self.nodes)
        for u, v, d in G.edges(data=True):
            if D.has_edge(u, v):
                D[u][v]["weight"] += d["weight"]
            else:
                D.add_edge(u, v, weight=d["weight"])
        return D

    def run_networkx(self, **kw):
        args = dict(alpha=self.damping, weight="weight",
                    personalization=self.personalization,
                    dangling=self.dangling)
        args.update(kw)
        return nx.pagerank(self.nx_graph(), **args)

    def run_igraph(self):
        idx = {n: i for i, n in enumerate(self.nodes)}
        g = ig.Graph(n=len(self.nodes), directed=True,
                     edges=[(idx[e[0]], idx[e[1]]) for e in self.edges])
        weights = None
        if self.weighted:
            weights = [float(e[2]) for e in self.edges]
        assert self.dangling is None, "igraph: dangling follows the reset vector"
        if self.personalization is None:
            r = g.pagerank(directed=True, damping=self.damping,
                           weights=weights, implementation="prpack")
        else:
            reset = [0.0] * len(self.nodes)
            for k, w in self.personalization.items():
                reset[idx[k]] = float(w)
            r = g.personalized_pagerank(directed=True, damping=self.damping,
                                        reset=reset, weights=weights,
                                        implementation="prpack")
        return {k: r[i] for k, i in idx.items()}

    # -- output ----------------------------------------------------------------
    def text(self):
        def kv(d):
            return "; ".join(f"{k} {fmt_w(w)}" for k, w in d.items())

        lines = [
            f"# case: {self.name}",
            f"# source: {self.source}",
            f"# damping: {self.damping}",
            f"# weighted: {'yes' if self.weighted else 'no'}",
            "# personalization: "
            + ("none" if self.personalization is None else kv(self.personalization)),
            "# dangling: "
            + ("personalization" if self.dangling is None else kv(self.dangling)),
            f"# precision: {self.precision}",
        ]
        lines += [f"# note: {t}" for t in self.notes]
        with_edge = set()
        for e in self.edges:
            with_edge.update(e[:2])
            if self.weighted:
                lines.append(f"edge {e[0]} {e[1]} {fmt_w(e[2])}")
            else:
                lines.append(f"edge {e[0]} {e[1]}")
        for n in self.nodes:
            if n not in with_edge:
                lines.append(f"node {n}")
        for n in self.nodes:
            v = self.expected[n]
            lines.append(f"expect {n} {v if isinstance(v, str) else fmt(v)}")
        return "\n".join(lines) + "\n"


def both_directions(pairs, weights=None):
    """Undirected edge list -> directed edges in both directions."""
    out = []
    for i, (u, v) in enumerate(pairs):
        if weights is None:
            out += [(u, v), (v, u)]
        else:
            out += [(u, v, weights[i]), (v, u, weights[i])]
    return out


def merged_both_directions(pairs):
    """Undirected multigraph -> directed edges both ways, multiplicity as weight."""
    mult = {}
    for u, v in pairs:
        key = (min(u, v), max(u, v))
        mult[key] = mult.get(key, 0) + 1
    out = []
    for (u, v), m in mult.items():
        out += [(u, v, m), (v, u, m)]
    return out


# =============================================================================
# Sample data
# =============================================================================

def karate_edges():
    K = nx.karate_club_graph()
    pairs = sorted({(u, v) for a, b in K.edges() for u, v in ((a, b), (b, a))})
    return list(K.nodes()), pairs


def lesmis_edges():
    L = nx.les_miserables_graph()
    for n in L.nodes():
        assert " " not in n and "#" not in n and "%" not in n and n.isascii(), n
    out = []
    for u, v, d in L.edges(data=True):
        out += [(u, v, d["weight"]), (v, u, d["weight"])]
    return list(L.nodes()), out


def write_sample_data():
    os.makedirs(DATA_DIR, exist_ok=True)
    _, pairs = karate_edges()
    hdr = [
        "# Zachary's karate club: 34 members (ids 0..33), 78 friendships,",
        "# each written in both directions (156 directed edges), unweighted.",
        "# Source: W. W. Zachary, \"An information flow model for conflict and fission",
        "#   in small groups\", Journal of Anthropological Research 33(4), 452-473, 1977.",
        f"# Data as distributed with NetworkX (networkx.karate_club_graph(), networkx {NX_VERSION});",
        "#   node ids as there. NetworkX also attaches interaction-count weights to these",
        "#   edges; they are deliberately left out here (unweighted friendship graph).",
        "# Format: \"source target\" per line. \"a b\" means a reacted to b: an edge a -> b",
        "#   through which a passes influence to b.",
        "# Regenerate with scripts/reference_values.py.",
    ]
    with open(os.path.join(DATA_DIR, "karate.edges"), "w") as f:
        f.write("\n".join(hdr) + "\n")
        for u, v in pairs:
            f.write(f"{u} {v}\n")

    nodes, edges = lesmis_edges()
    hdr = [
        "# Les Miserables co-appearance network: 77 characters, 254 weighted",
        "# co-appearance edges, each written in both directions (508 directed edges).",
        "# Weight = number of chapters in which the two characters appear together.",
        "# Source: D. E. Knuth, The Stanford GraphBase: A Platform for Combinatorial",
        "#   Computing, Addison-Wesley, 1993 (from Victor Hugo's novel).",
        f"# Data as distributed with NetworkX (networkx.les_miserables_graph(), networkx {NX_VERSION}).",
        "#   Character names are used unchanged: none contains a space, '#' or '%'.",
        "# Format: \"source target weight\" per line. \"a b w\" means a reacted to b: an",
        "#   edge a -> b of weight w through which a passes influence to b.",
        "# Regenerate with scripts/reference_values.py.",
    ]
    with open(os.path.join(DATA_DIR, "lesmis.edges"), "w") as f:
        f.write("\n".join(hdr) + "\n")
        for u, v, w in edges:
            f.write(f"{u} {v} {w}\n")


# =============================================================================
# Cases copied from the peers' own test suites
# =============================================================================

def networkx_cases():
    cases = []
    # TestPageRank.setup_class: Langville & Meyer example, node 2 dangling.
    edges = [(1, 2), (1, 3), (3, 1), (3, 2), (3, 5), (4, 5), (4, 6), (5, 4),
             (5, 6), (6, 4)]
    nodes = [1, 2, 3, 4, 5, 6]
    expected = dict(zip(nodes, ["0.03721197", "0.05395735", "0.04150565",
                                "0.37508082", "0.20599833", "0.28624589"]))
    cases.append(Case(
        "networkx_langville_meyer",
        f"{NX_TEST}: TestPageRank graph and G.pagerank (A. Langville and C. Meyer, "
        "\"A survey of eigenvector methods of web information retrieval\")",
        0.9, edges, expected, "1e-7", nodes=nodes, peer="networkx",
        notes=["node 2 is dangling (no out-edges)",
               "test_pagerank asserts pytest.approx(abs=1e-4) with pagerank(alpha=0.9, tol=1e-08); "
               "test_google_matrix asserts abs=1e-7 for the same values, used here"]))

    dangling = {1: 2, 2: 3, 3: 0, 4: 0, 5: 0, 6: 0}
    expected = dict(zip(nodes, ["0.10844518", "0.18618601", "0.0710892",
                                "0.2683668", "0.15919783", "0.20671497"]))
    cases.append(Case(
        "networkx_dangling",
        f"{NX_TEST}: test_dangling_pagerank, pagerank(G, dangling=dangling_edges), "
        "expected G.dangling_pagerank",
        0.85, edges, expected, "1e-4", nodes=nodes, dangling=dangling,
        peer="networkx",
        notes=["same graph as networkx_langville_meyer but default alpha 0.85",
               "dangling weights are normalized (sum 5); only node 2 is dangling, its mass goes "
               "2/5 to node 1 and 3/5 to node 2 itself; teleport stays uniform"]))

    k4 = both_directions([(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)])
    cases.append(Case(
        "networkx_personalization",
        f"{NX_TEST}: test_personalization (complete_graph(4), undirected)",
        0.85, k4,
        {0: "0.23246732615667579", 1: "0.23246732615667579",
         2: "0.267532673843324", 3: "0.2675326738433241"},
        "1e-4", nodes=[0, 1, 2, 3], personalization={0: 1, 1: 1, 2: 4, 3: 4},
        peer="networkx",
        notes=["undirected K4 written as both directions",
               "personalization is normalized by its sum (10)"]))
    cases.append(Case(
        "networkx_one_nonzero_personalization",
        f"{NX_TEST}: test_one_nonzero_personalization_value and "
        "test_incomplete_personalization (personalization {3: 1})",
        0.85, k4,
        {0: "0.22077931820379187", 1: "0.22077931820379187",
         2: "0.22077931820379187", 3: "0.3376620453886241"},
        "1e-4", nodes=[0, 1, 2, 3], personalization={3: 1}, peer="networkx",
        notes=["undirected K4 written as both directions",
               "nodes missing from personalization get 0 (same answer as {0:0,1:0,2:0,3:1})"]))

    # test_multigraph: MultiGraph with parallel edges and a str node "3".
    mg = [(1, 2), (1, 2), (1, 2), (2, 3), (2, 3), ("s3", 3), ("s3", 3)]
    cases.append(Case(
        "networkx_multigraph",
        f"{NX_TEST}: test_multigraph (undirected MultiGraph, default alpha)",
        0.85, both_directions(mg),
        {1: "0.21066048614468322", 2: "0.3395308825985378",
         3: "0.28933951385531687", "s3": "0.16046911740146227"},
        "1e-4", nodes=[1, 2, 3, "s3"], peer="networkx",
        notes=["undirected parallel edges written in both directions; repeated edge lines "
               "count with multiplicity (1-2 x3, 2-3 x2, s3-3 x2)",
               "the NetworkX test has both the int node 3 and the str node \"3\"; "
               "the str one is renamed s3 here"]))
    return cases


def igraph_cases():
    cases = []
    c_ok = "the .out file prints %g (6 significant digits) and the test diffs that text"

    g1 = [(0, 1), (1, 2), (2, 0), (3, 2), (0, 2)]
    cases.append(Case(
        "igraph_test_graph_1",
        f"{IG_C_TEST}: \"Test graph 1\" (pagerank with directed=0)",
        0.85, merged_both_directions(g1),
        dict(zip(range(4), ["0.288717", "0.201989", "0.389109", "0.120186"])),
        "1e-6", nodes=range(4), weighted=True, peer="igraph",
        notes=["the test builds a directed graph but calls igraph_pagerank with directed=0, "
               "so edges are undirected: 2->0 and 0->2 become a double edge 0-2",
               "written as both directions with multiplicity as weight", c_ok]))

    g2 = [(0, 1), (0, 2), (0, 3), (1, 0), (2, 0), (3, 0), (3, 4), (3, 5), (3, 6),
          (3, 7), (4, 0), (5, 0), (6, 0), (7, 0)]
    cases.append(Case(
        "igraph_test_graph_2",
        f"{IG_C_TEST}: \"Test graph 2\" (pagerank with directed=0)",
        0.85, merged_both_directions(g2),
        dict(zip(range(8), ["0.336204", "0.0759047", "0.0759047", "0.205964",
                            "0.0765056", "0.0765056", "0.0765056", "0.0765056"])),
        "1e-6", nodes=range(8), weighted=True, peer="igraph",
        notes=["directed=0 as in test graph 1: reciprocal pairs become double undirected "
               "edges (weight 2 here)", c_ok]))

    star = both_directions([(0, i) for i in range(1, 11)])
    cases.append(Case(
        "igraph_star",
        f"{IG_C_TEST}: \"Undirected star\" (igraph_star(11, UNDIRECTED, center 0)); "
        f"also {IG_PY_TEST} testPageRank (max 0.4668, places=3)",
        0.85, star,
        dict(zip(range(11), ["0.46683"] + ["0.053317"] * 10)),
        "1e-6", nodes=range(11), peer="igraph",
        notes=["undirected star written as both directions", c_ok]))

    cases.append(Case(
        "igraph_star_personalized",
        f"{IG_C_TEST}: \"Personalized PageRank\" (personalized_pagerank_vs, damping 0.5, "
        f"reset vertex 1); also {IG_PY_TEST} testPersonalizedPageRank (places=3)",
        0.5, star,
        dict(zip(range(11), ["0.333333", "0.516667"] + ["0.0166667"] * 9)),
        "1e-6", nodes=range(11), personalization={1: 1}, peer="igraph",
        notes=["undirected star written as both directions", c_ok]))

    cases.append(Case(
        "igraph_edgeless",
        f"{IG_C_TEST}: \"Edgeless graph\" (10 isolated vertices)",
        0.85, [], dict(zip(range(10), ["0.1"] * 10)),
        "1e-6", nodes=range(10), peer="igraph",
        notes=["every node is dangling; result is uniform", c_ok]))

    cases.append(Case(
        "igraph_edgeless_personalized",
        f"{IG_C_TEST}: \"Edgeless graph, personalized PageRank\" (4 vertices, reset 1,2,3,4)",
        0.85, [], dict(zip(range(4), ["0.1", "0.2", "0.3", "0.4"])),
        "1e-6", nodes=range(4), personalization={0: 1, 1: 2, 2: 3, 3: 4},
        peer="igraph",
        notes=["all nodes dangling; igraph sends dangling mass along the reset vector "
               "(= NetworkX default dangling=personalization), so the result is the reset "
               "vector itself", c_ok]))

    cases.append(Case(
        "igraph_one_edge_personalized",
        f"{IG_C_TEST}: \"One edge, two isolated vertices, personalized\" "
        "(undirected edge 0-1 plus isolated 2 and 3, reset 1,2,3,4)",
        0.85, both_directions([(0, 1)]),
        dict(zip(range(4), ["0.36036", "0.38038", "0.111111", "0.148148"])),
        "1e-6", nodes=range(4), personalization={0: 1, 1: 2, 2: 3, 3: 4},
        peer="igraph",
        notes=["the graph is undirected (igraph_empty(4, UNDIRECTED) + add_edge(0,1)); "
               "written as both directions", "nodes 2 and 3 are isolated (dangling)", c_ok]))

    k10 = both_directions([(i, j) for i in range(10) for j in range(i + 1, 10)],
                          weights=[0] * 45)
    cases.append(Case(
        "igraph_complete_zero_weights",
        f"{IG_C_TEST}: \"Complete graph, zero weights\" (full graph on 10 vertices, all weights 0)",
        0.85, k10, dict(zip(range(10), ["0.1"] * 10)),
        "1e-6", nodes=range(10), weighted=True, peer="igraph",
        notes=["all 90 directed edges have weight 0, so every node has zero out-weight and "
               "counts as dangling; result is uniform", c_ok]))

    g3 = [(0, 5), (1, 5), (2, 0), (3, 1), (5, 4), (5, 7), (6, 0), (8, 0), (8, 1)]
    w3 = [4, 5, 5, 4, 4, 4, 3, 4, 4]
    cases.append(Case(
        "igraph_test_graph_3",
        f"{IG_C_TEST}: \"Test graph 3\" (bug #792352; directed, weighted)",
        0.85, [(u, v, w) for (u, v), w in zip(g3, w3)],
        dict(zip(range(9), ["0.143734", "0.104639", "0.045995", "0.045995",
                            "0.155268", "0.257112", "0.045995", "0.155268",
                            "0.045995"])),
        "1e-6", nodes=range(9), weighted=True, peer="igraph",
        notes=["nodes 4 and 7 are dangling; nodes 2, 3, 6, 8 have no in-edges", c_ok]))

    mg = [(0, 1), (1, 2), (1, 2)]
    exp_mg = dict(zip(range(3), ["0.187838", "0.486486", "0.325676"]))
    cases.append(Case(
        "igraph_multigraph_parallel",
        f"{IG_C_TEST}: \"Small undirected multigraph (unweighted)\" (edges 0-1, 1-2, 1-2)",
        0.85, both_directions(mg), exp_mg, "1e-6", nodes=range(3), peer="igraph",
        notes=["parallel edges are repeated edge lines and count with multiplicity", c_ok]))
    cases.append(Case(
        "igraph_multigraph_merged",
        f"{IG_C_TEST}: \"Small undirected multigraph (unit weights)\", parallel edges merged "
        "into one edge of weight 2",
        0.85, merged_both_directions(mg), exp_mg, "1e-6", nodes=range(3),
        weighted=True, peer="igraph",
        notes=["same expected values as igraph_multigraph_parallel", c_ok]))
    return cases


# =============================================================================
# Cases computed here with networkx
# =============================================================================

def computed(name, call, edges, nodes=None, weighted=False, personalization=None,
             dangling=None, damping=0.85, notes=()):
    c = Case(name, None, damping, edges, None, "1e-10", nodes=nodes,
             weighted=weighted, personalization=personalization,
             dangling=dangling, notes=notes, peer="networkx")
    c.source = f"computed with networkx {NX_VERSION} {call}; cross-checked with a dense numpy linear solve"
    return c


def computed_cases():
    cases = []
    nodes, pairs = karate_edges()
    cases.append(computed(
        "karate", "pagerank(G, alpha=0.85, weight=None, tol=1e-15, max_iter=10000)",
        pairs, nodes=nodes,
        notes=["graph = examples/data/karate.edges (networkx.karate_club_graph(), both directions)",
               "weight=None: NetworkX's karate graph carries weights that pagerank would use by "
               "default; this case is the unweighted friendship graph"]))

    nodes, edges = lesmis_edges()
    cases.append(computed(
        "lesmis", "pagerank(G, alpha=0.85, weight='weight', tol=1e-15, max_iter=10000)",
        edges, nodes=nodes, weighted=True,
        notes=["graph = examples/data/lesmis.edges (networkx.les_miserables_graph(), both directions)"]))

    small = [
        ("ana", "ben", 3), ("ana", "cy", 1), ("ben", "cy", 2), ("ben", "dee", 1.5),
        ("cy", "ana", 1), ("cy", "eli", 4), ("dee", "fay", 2), ("eli", "fay", 1),
        ("eli", "ben", 0.5), ("gus", "ana", 2), ("gus", "hal", 1), ("dee", "hal", 0.25),
    ]
    nodes = ["ana", "ben", "cy", "dee", "eli", "fay", "gus", "hal"]
    pers = {"ana": 1, "dee": 2, "gus": 3}
    common = ["fay and hal are dangling (no out-edges); gus has no in-edges",
              "personalization weights are normalized by their sum (6); other nodes get 0"]
    cases.append(computed(
        "small_personalized",
        "pagerank(G, alpha=0.85, personalization=p, weight='weight', tol=1e-15, max_iter=10000)",
        small, nodes=nodes, weighted=True, personalization=pers,
        notes=common + ["dangling mass follows the personalization vector (NetworkX default)"]))
    cases.append(computed(
        "small_personalized_dangling",
        "pagerank(G, alpha=0.85, personalization=p, dangling=d, weight='weight', tol=1e-15, max_iter=10000)",
        small, nodes=nodes, weighted=True, personalization=pers,
        dangling={"ben": 1, "eli": 2, "hal": 1},
        notes=common + ["dangling weights are normalized by their sum (4); hal sends part of "
                        "its dangling mass to itself"]))
    for c in cases:
        c.expected = c.run_networkx(**TIGHT)
    return cases


# =============================================================================

def check(case):
    """Return (max |expected - dense|, max |expected - peer| or None, peer label).

    Copied cases are re-run with the peer whose test they come from. Computed
    cases (which come from networkx.pagerank) are compared with python-igraph
    (PRPACK), an independent implementation, where igraph can express the case
    (it has no separate dangling vector: its dangling mass follows the reset
    vector, i.e. NetworkX's default).
    """
    exp = {k: float(v) for k, v in case.expected.items()}
    dense = case.dense_solve()
    d1 = max(abs(exp[k] - dense[k]) for k in case.nodes)
    if case.peer == "igraph" or (case.source.startswith("computed") and case.dangling is None):
        peer, label = case.run_igraph(), f"python-igraph {IG_VERSION}"
    elif case.source.startswith("computed"):
        return d1, None, "-"
    else:
        peer, label = case.run_networkx(**TIGHT), f"networkx {NX_VERSION}"
    d2 = max(abs(exp[k] - peer[k]) for k in case.nodes)
    return d1, d2, label


README_HEAD = """# PageRank reference values

One case per `*.txt` file, generated by `scripts/reference_values.py`
(run it to regenerate; it also re-checks every case, see below).
The file format is described at the top of that script: `# key: value`
header lines (`case`, `source`, `damping`, `weighted`, `personalization`,
`dangling`, `precision`, zero or more `note`), then `edge src dst [weight]`,
`node id` (isolated nodes only) and `expect id value` lines.

Semantics are NetworkX's `pagerank`: an edge `a b` passes influence from a to
b; personalization and dangling weights are normalized by their sum and
missing nodes get 0; `dangling: personalization` means dangling nodes (no
out-edges, or only zero-weight ones) redistribute their mass like the teleport
vector (uniform if personalization is `none`). Repeated `edge` lines count
with multiplicity (weights add up).

`precision` is an absolute per-entry tolerance: for cases copied from a
peer's test suite it is what that test asserts (igraph: its expected output
is printed with 6 significant digits); computed cases use 1e-10.
Every case was also solved exactly (dense linear solve) and re-run with a
peer (copied cases: the peer whose test they come from; computed cases:
python-igraph's PRPACK, where igraph can express the case); the last two
columns are the largest absolute differences from the expected values.

| case | nodes | edges | damping | weighted | personalization | dangling | precision | source | max diff vs exact | max diff vs peer |
|---|---|---|---|---|---|---|---|---|---|---|
"""


def main():
    write_sample_data()
    cases = networkx_cases() + igraph_cases() + computed_cases()
    os.makedirs(REF_DIR, exist_ok=True)
    for f in os.listdir(REF_DIR):
        if f.endswith(".txt"):
            os.remove(os.path.join(REF_DIR, f))
    rows = []
    failed = False
    for c in cases:
        d1, d2, label = check(c)
        prec = float(c.precision)
        ok = d1 <= prec and (d2 is None or d2 <= prec)
        failed |= not ok
        d2s = "n/a" if d2 is None else f"{d2:.1e}"
        print(f"{'ok ' if ok else 'BAD'} {c.name:38s} n={len(c.nodes):3d} m={len(c.edges):4d} "
              f"prec={c.precision:6s} |exp-exact|={d1:.1e} |exp-peer|={d2s} ({label})")
        with open(os.path.join(REF_DIR, c.name + ".txt"), "w") as f:
            f.write(c.text())
        if c.name.startswith("networkx_"):
            src = "NetworkX test_pagerank.py"
        elif c.name.startswith("igraph_"):
            src = "igraph tests/unit/igraph_pagerank.c + .out"
        else:
            src = f"computed, networkx {NX_VERSION}"
        rows.append(
            f"| {c.name} | {len(c.nodes)} | {len(c.edges)} | {c.damping} | "
            f"{'yes' if c.weighted else 'no'} | "
            f"{'none' if c.personalization is None else 'yes'} | "
            f"{'personalization' if c.dangling is None else 'explicit'} | "
            f"{c.precision} | {src} | {d1:.1e} | {d2s} ({label}) |")
    with open(os.path.join(REF_DIR, "README.md"), "w") as f:
        f.write(README_HEAD + "\n".join(rows) + "\n")
        f.write(f"\nGenerated with networkx {NX_VERSION}, python-igraph {IG_VERSION}, "
                f"numpy {np.__version__}. `edges` counts directed edge lines.\n")
    if failed:
        sys.exit("some checks failed")


if __name__ == "__main__":
    main()
