"""Reading the catalog: the records, kept in the store's catalog graph, of the files each
load wrote (`innograph.store.commit` writes them in the same transaction as the data)."""

from __future__ import annotations

import pyoxigraph

from innograph._types import GraphName
from innograph.namespaces import CATALOG_GRAPH
from innograph.store.commit import RECORD_GRAPH, RECORD_LOADED_AT, RECORD_PATH, RECORD_SHA256
from innograph.store.protocol import CatalogRecord

__all__ = ["read_catalog"]

_CATALOG_GRAPH = pyoxigraph.NamedNode(CATALOG_GRAPH)


def read_catalog(store: pyoxigraph.Store) -> dict[GraphName, CatalogRecord]:
    """The catalog's records (which file each graph came from, its digest, when), by source."""
    records: dict[GraphName, CatalogRecord] = {}
    for quad in store.quads_for_pattern(None, RECORD_SHA256, None, _CATALOG_GRAPH):
        subject = quad.subject
        assert isinstance(subject, pyoxigraph.NamedNode)
        graphs = tuple(
            sorted(
                _value(graph.object)
                for graph in store.quads_for_pattern(subject, RECORD_GRAPH, None, _CATALOG_GRAPH)
            )
        )
        records[subject.value] = CatalogRecord(
            source=subject.value,
            path=_one(store, subject, RECORD_PATH),
            sha256=_value(quad.object),
            graphs=graphs,
            loaded_at=_one(store, subject, RECORD_LOADED_AT),
        )
    return records


def _one(
    store: pyoxigraph.Store, subject: pyoxigraph.NamedNode, predicate: pyoxigraph.NamedNode
) -> str:
    for quad in store.quads_for_pattern(subject, predicate, None, _CATALOG_GRAPH):
        return _value(quad.object)
    return ""


def _value(
    term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple,
) -> str:
    """The lexical value of a catalog object; catalog objects are never quoted triples."""
    return str(term) if isinstance(term, pyoxigraph.Triple) else term.value
