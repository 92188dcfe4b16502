#!/usr/bin/env python3
"""Read an edge list into a peer library's graph object and time the read.

Started by compare.py, one process per measurement, so that its peak
resident memory (measured by compare.py around this process) is this
read's own. Usage:

  load_peer.py LOADER FILE [--weighted] [--threads N]

LOADER is one of

  networkit  networkit.graphio.EdgeListReader(' ', 0, '#', continuous=True,
             directed=True).read(FILE): ids 0..max as they are, comment
             lines `#`; a third column (the weight) makes the graph weighted
             (the reader decides that from the file; of repeated pairs it
             keeps the first weight, where influence sums them);
  networkx   networkx.read_edgelist(FILE, create_using=DiGraph, nodetype=int,
             data=False), or data=(("weight", float),) with --weighted (a
             repeated pair keeps its last weight).

Only the read call is timed: starting Python and importing the library are
not. Prints one JSON line on stdout: {"time": seconds, "nodes": n,
"edges": m, "threads": n}.
"""

import argparse
import json
import time


def load_networkit(path, weighted, threads):
    import networkit as nk

    nk.setNumberOfThreads(threads)
    reader = nk.graphio.EdgeListReader(" ", 0, "#", True, True)
    start = time.perf_counter()
    g = reader.read(path)
    elapsed = time.perf_counter() - start
    return elapsed, g.numberOfNodes(), g.numberOfEdges(), nk.getMaxNumberOfThreads()


def load_networkx(path, weighted, threads):
    import networkx as nx

    data = (("weight", float),) if weighted else False
    start = time.perf_counter()
    g = nx.read_edgelist(path, create_using=nx.DiGraph, nodetype=int, data=data)
    elapsed = time.perf_counter() - start
    return elapsed, g.number_of_nodes(), g.number_of_edges(), 1


LOADERS = {"networkit": load_networkit, "networkx": load_networkx}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("loader", choices=sorted(LOADERS))
    p.add_argument("file")
    p.add_argument("--weighted", action="store_true")
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    elapsed, nodes, edges, threads = LOADERS[a.loader](a.file, a.weighted, a.threads)
    print(json.dumps({"time": elapsed, "nodes": nodes, "edges": edges, "threads": threads}))


if __name__ == "__main__":
    main()
