"""The change of an update made of INSERT DATA and DELETE DATA only, read from its text.

Such an update names every quad it writes, so its change needs no rehearsal: the quads it
inserts that the store lacks and those it deletes that the store has. A rehearsal finds an
update's change by comparing every graph before and after it on a copy of the store, a pass
over the store (40-45 s at 1.9 M triples: `innograph.sparql.execution`); this costs a lookup a
quad, so a one-triple update is validated and reasoned about in milliseconds at any size.

Any other update, a long one (rdflib's parser is pure Python: a large INSERT DATA is left to
the rehearsal and its time limit), and one inserting blank nodes (the store gives them labels
of its own when it runs the update, which the change must name) are rehearsed as before.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph
import rdflib
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate

from innograph.reasoning import Change
from innograph.reasoning.bridge import from_rdflib
from innograph.reasoning.change import canonical
from innograph.store import DEFAULT_GRAPH, Store

__all__ = ["data_change", "DATA_UPDATE_MAX_LENGTH"]

DATA_UPDATE_MAX_LENGTH = 16_384
"""Characters beyond which an update is rehearsed whatever it holds (rdflib parses about
1 MB/s of INSERT DATA)."""

_OPERATIONS = {"InsertData", "DeleteData"}


def data_change(store: Store, sparql: str) -> Change | None:
    """The change the update would make, if it is made of INSERT DATA and DELETE DATA only
    (None otherwise, or if it is long or inserts blank nodes). Operations apply in order."""
    if len(sparql) > DATA_UPDATE_MAX_LENGTH or "DATA" not in sparql.upper():
        return None
    try:
        operations = translateUpdate(parseUpdate(sparql)).algebra
    except Exception:  # noqa: BLE001  # rdflib's parse errors have no common base
        return None  # the rehearsal reports the error as the store's engine words it
    if not operations or any(op.name not in _OPERATIONS for op in operations):
        return None
    added: set[pyoxigraph.Quad] = set()
    removed: set[pyoxigraph.Quad] = set()
    for operation in operations:
        quads = canonical(_quads(operation))
        if any(_has_blank(quad) for quad in quads):
            return None
        for quad in quads:
            present = quad not in removed and (quad in added or _stored(store, quad))
            if operation.name == "InsertData" and not present:
                (removed.discard if quad in removed else added.add)(quad)
            elif operation.name == "DeleteData" and present:
                (added.discard if quad in added else removed.add)(quad)
    return Change(tuple(added), tuple(removed))


def _quads(operation: rdflib.plugins.sparql.parserutils.CompValue) -> Iterable[pyoxigraph.Quad]:
    """An operation's quads: its default-graph triples, then those of each GRAPH block."""
    default = pyoxigraph.DefaultGraph()
    for triple in from_rdflib(operation.triples or ()):
        yield pyoxigraph.Quad(triple.subject, triple.predicate, triple.object, default)
    for graph, triples in (operation.quads or {}).items():
        name = pyoxigraph.NamedNode(str(graph))
        for triple in from_rdflib(triples):
            yield pyoxigraph.Quad(triple.subject, triple.predicate, triple.object, name)


def _has_blank(quad: pyoxigraph.Quad) -> bool:
    return isinstance(quad.subject, pyoxigraph.BlankNode) or isinstance(
        quad.object, pyoxigraph.BlankNode
    )


def _stored(store: Store, quad: pyoxigraph.Quad) -> bool:
    graph = quad.graph_name
    name = graph.value if isinstance(graph, pyoxigraph.NamedNode) else DEFAULT_GRAPH
    return any(True for _ in store.quads(quad.subject, quad.predicate, quad.object, graph=name))
