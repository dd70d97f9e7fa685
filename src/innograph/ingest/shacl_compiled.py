"""Run the compiled shapes (`innograph.ingest.shacl_plan`) over data in a pyoxigraph store:
which focus nodes break which shape, by which path.

The focus nodes of every shape are found first and marked in a scratch graph of the same
store (`<urn:innograph:shacl#focus>`: node `focusOf` shape), by one update from the shapes'
targets recorded there (`shacl/mark-focus.ru`) and by the SPARQL targets' queries; every
constraint's template reads them there, so a constraint is one query for all of a shape's
focus nodes, however many (a whole file on a bulk load, a handful on an update). The scratch
graph is removed before returning; the data sits in the default graph, which the templates read.

A SPARQL constraint runs once per focus node with `$this` bound, as SHACL pre-binds it, or,
past `_BOUND_UP_TO` focus nodes and when its select has no subquery, once for the whole store,
its rows kept for the shape's focus nodes: for such a select, `$this` joined to its pattern
gives the rows pre-binding gives, without a query per node (a file of 500,000 triples has
thousands of documents).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph
import rdflib

from innograph._types import Term
from innograph.ingest.shacl_plan import Check, NodeShapePlan, Plan, SparqlCheck, template

__all__ = ["Found", "LiteralFocus", "violations_found"]

_FOCUS_GRAPH = pyoxigraph.NamedNode("urn:innograph:shacl#focus")
_FOCUS_OF = pyoxigraph.NamedNode("urn:innograph:shacl#focusOf")
_ALLOWS = pyoxigraph.NamedNode("urn:innograph:shacl#allows")
_TARGET_CLASS = pyoxigraph.NamedNode("urn:innograph:shacl#targetClass")
_TARGET_OBJECTS_OF = pyoxigraph.NamedNode("urn:innograph:shacl#targetObjectsOf")
_BOUND_UP_TO = 1000
"""Focus nodes up to which a SPARQL constraint runs once per node, `$this` bound (a bound
query costs about 0.1 ms on the part of a store around a write; the traced-facts constraint
run once over that part, 0.7 s)."""

Node = pyoxigraph.NamedNode | pyoxigraph.BlankNode


@dataclass(frozen=True)
class Found:
    """One violation: the focus node (IRI or blank-node label, `iri` saying which), the path
    (`<iri>`, None for the node itself), the shape's name (`shape_name`) and the shape whose
    `sh:message` describes it."""

    focus: str
    iri: bool
    path: str | None
    shape: str
    source: rdflib.term.Node | None


class LiteralFocus(Exception):
    """A shape targets a literal: the engine has to check this data (a literal cannot be
    marked as a focus node in the scratch graph)."""


def violations_found(
    plan: Plan, store: pyoxigraph.Store, focus: Collection[str] | None = None
) -> set[Found]:
    """Every violation of the compiled shapes in the store's default graph; with `focus`
    (IRIs), only those of the IRIs it names and of blank nodes."""
    try:
        _mark(plan, store)
        found = {item for shape in plan.shapes for item in _shape(shape, store, focus)}
    finally:
        if store.contains_named_graph(_FOCUS_GRAPH):
            store.remove_graph(_FOCUS_GRAPH)
    if focus is None:
        return found
    return {item for item in found if not item.iri or item.focus in focus}


def _rows(
    store: pyoxigraph.Store, text: str, **bindings: object
) -> Iterator[pyoxigraph.QuerySolution]:
    result = store.query(
        text,
        substitutions={pyoxigraph.Variable(k): v for k, v in bindings.items()},  # type: ignore[misc]
    )
    assert isinstance(result, pyoxigraph.QuerySolutions)
    return iter(result)


def _found(node: object, path: str | None, shape: str, source: rdflib.term.Node | None) -> Found:
    assert isinstance(node, pyoxigraph.NamedNode | pyoxigraph.BlankNode)
    return Found(node.value, isinstance(node, pyoxigraph.NamedNode), path, shape, source)


def _mark(plan: Plan, store: pyoxigraph.Store) -> None:
    """Mark every shape's focus nodes in the focus graph, where the templates read them:
    its targets recorded there, then marked by one update; a SPARQL target's nodes from
    here. LiteralFocus if a target selects a literal."""
    for shape in plan.shapes:
        found = {row["this"] for sparql in shape.sparql_targets for row in _select(store, sparql)}
        if any(_literal_objects(store, target) for target in shape.target_objects_of) or any(
            isinstance(node, pyoxigraph.Literal | pyoxigraph.Triple) for node in found
        ):
            raise LiteralFocus(shape.name)
        store.extend(
            [
                *(
                    pyoxigraph.Quad(shape.key, _TARGET_CLASS, c, _FOCUS_GRAPH)
                    for c in shape.target_classes
                ),
                *(
                    pyoxigraph.Quad(shape.key, _TARGET_OBJECTS_OF, p, _FOCUS_GRAPH)
                    for p in shape.target_objects_of
                ),
                *(
                    pyoxigraph.Quad(n, _FOCUS_OF, shape.key, _FOCUS_GRAPH)
                    for n in found
                    if isinstance(n, pyoxigraph.NamedNode | pyoxigraph.BlankNode)
                ),
            ]
        )
    store.update(template("mark-focus.ru"))


def _focus_nodes(shape: NodeShapePlan, store: pyoxigraph.Store) -> set[Node]:
    """The shape's focus nodes (for its SPARQL constraints)."""
    rows = _rows(store, template("focus-nodes.rq"), shape=shape.key)
    return {
        node
        for row in rows
        if isinstance(node := row["this"], pyoxigraph.NamedNode | pyoxigraph.BlankNode)
    }


def _shape(
    shape: NodeShapePlan, store: pyoxigraph.Store, focus: Collection[str] | None
) -> Iterator[Found]:
    for check in shape.checks:
        for node in _violators(check, shape, store):
            yield _found(node, check.path, shape.name, check.source)
    for alternatives in shape.alternatives:
        members = [
            {n for check in member for n in _violators(check, shape, store)}
            for member in alternatives.members
        ]
        breaking = set.intersection(*members) if members else set()
        yield from (_found(node, None, shape.name, None) for node in breaking)
    if shape.sparql:
        nodes = {
            node
            for node in _focus_nodes(shape, store)
            if focus is None or isinstance(node, pyoxigraph.BlankNode) or node.value in focus
        }
        for sparql in shape.sparql:
            for row in _constraint(store, sparql, nodes):
                path = row["path"]  # None when the select has no ?path
                named = str(path) if isinstance(path, pyoxigraph.NamedNode) else None
                yield _found(row["this"], named, shape.name, None)


def _literal_objects(store: pyoxigraph.Store, target: Term) -> bool:
    """Whether a sh:targetObjectsOf property has a literal value (a literal focus node)."""
    return any(True for _ in _rows(store, template("literal-objects.rq"), property=target))


def _violators(check: Check, shape: NodeShapePlan, store: pyoxigraph.Store) -> set[object]:
    """The focus nodes of `shape` that break one Core constraint."""
    if check.allowed:
        constraint = check.bindings["constraint"]
        assert isinstance(constraint, pyoxigraph.NamedNode)
        store.extend(
            pyoxigraph.Quad(constraint, _ALLOWS, term, _FOCUS_GRAPH) for term in check.allowed
        )
    text = template(f"{check.template}.rq")
    return {row["this"] for row in _rows(store, text, shape=shape.key, **check.bindings)}


def _select(
    store: pyoxigraph.Store, sparql: SparqlCheck, **bindings: object
) -> Iterable[pyoxigraph.QuerySolution]:
    result = store.query(
        sparql.select,
        prefixes=sparql.prefixes,
        substitutions={pyoxigraph.Variable(k): v for k, v in bindings.items()},  # type: ignore[misc]
    )
    assert isinstance(result, pyoxigraph.QuerySolutions)
    return result


def _constraint(
    store: pyoxigraph.Store, sparql: SparqlCheck, nodes: set[Node]
) -> Iterator[pyoxigraph.QuerySolution]:
    """The rows of a SPARQL constraint for the focus nodes."""
    if sparql.unbound_allowed and len(nodes) > _BOUND_UP_TO:
        yield from (row for row in _select(store, sparql) if row["this"] in nodes)
        return
    for node in nodes:
        yield from _select(store, sparql, this=node)
