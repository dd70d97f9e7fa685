"""`innograph export`: the store as RDF, for another store or for an OWL tool such as Protégé.

A quad format (TriG, N-Quads, JSON-LD) keeps every graph apart, as loaded. A triple format
merges them into the one document an OWL tool reads: ontology, data and, unless asserted triples
only are asked for, the inferred graph, so that Protégé shows the OWL 2 RL entailments without
running a reasoner of its own. The merge leaves out what is not OWL: the graphs named in
`leave_out` (the SHACL shapes, whose `sh:` terms would be undeclared annotation properties,
outside OWL 2 DL), and the closure's reflexive equivalences (`export.rq` says why).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import IO

import pyoxigraph

from innograph._types import GraphName
from innograph.namespaces import PREFIXES
from innograph.queries import asserted_dataset, read_query
from innograph.store import DEFAULT_GRAPH, Store

__all__ = ["export"]

_MERGED = Path(__file__).with_name("export.rq")


def export(
    store: Store,
    output: IO[bytes],
    *,
    rdf_format: pyoxigraph.RdfFormat,
    graph: GraphName | None = None,
    inferred: bool = True,
    leave_out: Collection[GraphName] = (),
) -> None:
    """Write one graph, or every graph (with the inferred one unless `inferred` is False), to
    `output`: graph by graph in a quad format, merged but `leave_out` in a triple format."""
    if graph is not None or (inferred and rdf_format.supports_datasets):
        store.dump(output, rdf_format=rdf_format, graph=graph)
        return
    graphs = asserted_dataset(store).named_graphs if not inferred else store.named_graphs()
    if rdf_format == pyoxigraph.RdfFormat.JSON_LD:  # one JSON document: the graphs in one go
        quads = (quad for name in graphs for quad in store.quads(graph=name))
        pyoxigraph.serialize(quads, output, rdf_format, prefixes=PREFIXES)
        return
    if rdf_format.supports_datasets:
        for name in graphs:
            store.dump(output, rdf_format=rdf_format, graph=name)
        return
    kept = [DEFAULT_GRAPH, *(name for name in graphs if name not in leave_out)]
    triples = store.query(read_query(_MERGED).text, default_graphs=kept)
    assert isinstance(triples, pyoxigraph.QueryTriples)
    pyoxigraph.serialize(triples, output, rdf_format, prefixes=PREFIXES)
