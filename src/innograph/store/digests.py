"""Digests of a store's graphs, to tell which graphs two stores hold differently without
comparing their quads in Python (17 s a side at 1.9 M triples, against 30 s for sets)."""

from __future__ import annotations

import hashlib
from typing import IO, cast

import pyoxigraph

__all__ = ["EMPTY_DIGEST", "graph_digest"]

EMPTY_DIGEST = hashlib.sha256().digest()
"""The digest of a graph with no quads: what a graph one store lacks has there."""


class _Hashing:
    """A binary sink that keeps only a SHA-256 of what is written to it."""

    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        return len(data)

    def flush(self) -> None:
        pass


def graph_digest(
    store: pyoxigraph.Store,
    graph: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph,
) -> bytes:
    """The SHA-256 of the graph as the store writes it (N-Triples, in index order), so that
    equal graphs of a store and its copy give the same digest."""
    sink = _Hashing()
    # pyoxigraph only calls write() (and flush()) on what it writes to.
    store.dump(cast(IO[bytes], sink), pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)
    return sink.hash.digest()
