"""Triples to a remote store's graph by the Graph Store HTTP Protocol, in chunks.

A file of millions of triples is not one request: it goes in requests of about `CHUNK`
triples, each cut where no blank node's triples would be split apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph

from innograph.store.endpoint import Endpoint

__all__ = ["CHUNK", "WRITE_SECONDS", "triple", "upload"]

CHUNK = 50_000
"""Triples a Graph Store request uploads: ~5 MB of N-Triples."""
WRITE_SECONDS = 3600.0
"""The time limit of one upload or commit: loading is not a query."""


def upload(
    endpoint: Endpoint, graph: pyoxigraph.NamedNode, triples: Iterable[pyoxigraph.Triple]
) -> None:
    """Add triples to a graph (POST: the graph grows), in requests of about `CHUNK`."""
    for chunk in _chunks(triples):
        body = pyoxigraph.serialize(chunk, format=pyoxigraph.RdfFormat.N_TRIPLES)
        assert body is not None
        endpoint.upload(
            graph.value, body, media_type="application/n-triples", timeout=WRITE_SECONDS
        )


def triple(quad: pyoxigraph.Quad) -> pyoxigraph.Triple:
    """A quad's triple, its graph left out (the upload names the graph)."""
    return pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)


def _chunks(triples: Iterable[pyoxigraph.Triple]) -> Iterator[list[pyoxigraph.Triple]]:
    """Cut triples into lists of `CHUNK` or a little more. A store reads the blank nodes of
    each request apart (`_:b1` of two requests are two nodes), so a list ends only before a
    triple without blank nodes: a blank node's triples, which parsers give together (`[ … ]`,
    an axiom's annotation), stay in one request."""
    chunk: list[pyoxigraph.Triple] = []
    for each in triples:
        if len(chunk) >= CHUNK and not _has_blank_node(each):
            yield chunk
            chunk = []
        chunk.append(each)
    if chunk:
        yield chunk


def _has_blank_node(each: pyoxigraph.Triple) -> bool:
    return isinstance(each.subject, pyoxigraph.BlankNode) or isinstance(
        each.object, pyoxigraph.BlankNode
    )
