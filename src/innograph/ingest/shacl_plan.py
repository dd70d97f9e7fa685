"""The project's SHACL shapes compiled to SPARQL queries that pyoxigraph runs over the data
(`innograph.ingest.shacl_compiled` runs them).

Each Core constraint of a property shape becomes one prepared query: a fixed template per
component (`innograph/ingest/shacl/*.rq`: `count` for sh:minCount and sh:maxCount, `datatype`,
`class`, `node-kind`, `in`, `min-inclusive`), each reading the focus nodes of its node shape,
marked beforehand in a scratch graph by one fixed update (`mark-focus.ru`) from the shapes'
targets, recorded there as data (an instance of sh:targetClass or of a subclass, an object of
sh:targetObjectsOf), and by the SPARQL targets. The shape's own terms (its path, class, count…)
are bound through pyoxigraph's substitutions, never written into the text: no SPARQL is
assembled from strings, the project's rule, even though the shapes file is the project's own.
(One template for every component was tried: the expression for the components a property shape
lacks, evaluated on every value, made it slower than one query per component; so did reading
the targets in every template.) sh:or is the intersection, over its members, of the focus nodes
that break a member (each member a property shape compiled the same way). A SHACL-SPARQL
constraint and a SPARQL target (SHACL-AF) are queries already: their `sh:select` text runs as
written, its prefixes (`sh:prefixes` → `sh:declare`) passed as pyoxigraph's `prefixes`, and
`$this` bound by substitution.

A shape that uses anything else (another component, a path that is not one property, a
severity other than sh:Violation, a SPARQL constraint that reads `$shapesGraph`…) is not
compiled: it is left to the engine (`Plan.engine_shapes`), so it is never passed over.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from innograph._types import Term
from innograph.ingest.terms import rdflib_term

__all__ = [
    "Check",
    "SparqlCheck",
    "Alternatives",
    "NodeShapePlan",
    "Plan",
    "compile_shapes",
    "shape_name",
]

_TEMPLATES = Path(__file__).with_name("shacl")
_TARGETS = (SH.targetClass, SH.targetObjectsOf, SH.targetNode, SH.targetSubjectsOf, SH.target)
_ANNOTATIONS = {RDFS.label, RDFS.comment, SH.name, SH.description, SH.message, SH.order}
_NODE_SHAPE_KEYS = {RDF.type, SH.targetClass, SH.targetObjectsOf, SH.target, SH.property}
_NODE_SHAPE_KEYS |= {SH.sparql, SH.severity, SH["or"]}
_COMPONENTS = {  # a Core constraint checked value by value: its template, the variable it binds
    SH.datatype: ("datatype", "datatype"),
    SH["class"]: ("class", "class"),
    SH.nodeKind: ("node-kind", "kind"),
    SH.minInclusive: ("min-inclusive", "minimum"),
}
_COUNTS = {SH.minCount: "minCount", SH.maxCount: "maxCount"}
_NO_COUNT: dict[str, Term] = {"minCount": pyoxigraph.Literal(0), "maxCount": pyoxigraph.Literal(-1)}
"""`shacl/count.rq` with no lower bound, and no upper bound (a negative one)."""
_SHAPE_VARIABLES = re.compile(r"\$(shapesGraph|currentShape)\b")
_SELECTS = re.compile(r"\bSELECT\b", re.IGNORECASE)


class Unsupported(Exception):
    """A shape uses something the compiler does not translate: the engine checks it."""


@cache
def template(name: str) -> str:
    """The text of one prepared query or update (`shacl/NAME`, with its suffix)."""
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def shape_name(shape: rdflib.term.Node | None, shapes: rdflib.Graph) -> str:
    """Name a shape by its IRI, or by the IRI of the node shape owning a blank property shape."""
    if isinstance(shape, rdflib.URIRef):
        return shape.n3()
    owner = shapes.value(None, SH.property, shape) if shape is not None else None
    return owner.n3() if isinstance(owner, rdflib.URIRef) else "an anonymous shape"


@dataclass(frozen=True)
class Check:
    """One Core constraint of a property shape: its template (`shacl/NAME.rq`) and bindings
    (the node shape's targets are bound when it runs), its path as `<iri>`, the property
    shape, and the terms sh:in allows."""

    template: str
    bindings: dict[str, Term]
    path: str
    source: rdflib.term.Node
    allowed: tuple[Term, ...] = ()


@dataclass(frozen=True)
class SparqlCheck:
    """A SHACL-SPARQL constraint: its select, its prefixes, and whether it may run once for
    every focus node (no subquery: `$this` joins the pattern as a pre-bound value would)."""

    select: str
    prefixes: dict[str, str]
    unbound_allowed: bool


@dataclass(frozen=True)
class Alternatives:
    """sh:or: a focus node breaks it when it breaks every member (each a list of checks)."""

    members: tuple[tuple[Check, ...], ...]


@dataclass(frozen=True)
class NodeShapePlan:
    """A node shape compiled: how to find its focus nodes, and its checks."""

    key: pyoxigraph.NamedNode
    name: str
    target_classes: tuple[Term, ...] = ()
    target_objects_of: tuple[Term, ...] = ()
    sparql_targets: tuple[SparqlCheck, ...] = ()
    checks: tuple[Check, ...] = ()
    alternatives: tuple[Alternatives, ...] = ()
    sparql: tuple[SparqlCheck, ...] = ()


@dataclass(frozen=True)
class Plan:
    """The compiled shapes, and the shapes graph the engine checks for the rest (None when
    every shape compiled)."""

    shapes: tuple[NodeShapePlan, ...]
    engine_shapes: rdflib.Graph | None = None
    uncompiled: tuple[str, ...] = field(default=())


def _node_shapes(shapes: rdflib.Graph) -> list[rdflib.term.Node]:
    found = set(shapes.subjects(RDF.type, SH.NodeShape))
    for target in _TARGETS:
        found.update(shapes.subjects(target, None))
    return sorted(found, key=str)


def compile_shapes(shapes: rdflib.Graph) -> Plan:
    """Compile every node shape that can be; the others stay with the engine, in a copy of
    the shapes graph where the compiled shapes have no targets (so they select nothing)."""
    compiled: dict[rdflib.term.Node, NodeShapePlan] = {}
    uncompiled = []
    for index, shape in enumerate(_node_shapes(shapes)):
        try:
            compiled[shape] = _node_shape(shapes, shape, index)
        except Unsupported:
            uncompiled.append(shape)
    if not uncompiled:
        return Plan(tuple(compiled.values()))
    rest = rdflib.Graph()
    for triple in shapes:
        if triple[1] not in _TARGETS or triple[0] not in compiled:
            rest.add(triple)
    return Plan(tuple(compiled.values()), rest, tuple(shape_name(s, shapes) for s in uncompiled))


def _only(shapes: rdflib.Graph, node: rdflib.term.Node, allowed: set[rdflib.URIRef]) -> None:
    for predicate, value in shapes.predicate_objects(node):
        if predicate in _ANNOTATIONS:
            continue
        if predicate == SH.severity and value == SH.Violation:
            continue
        if predicate not in allowed or predicate == SH.severity:
            raise Unsupported(f"{predicate} on {node}")


def _node_shape(shapes: rdflib.Graph, shape: rdflib.term.Node, index: int) -> NodeShapePlan:
    if set(shapes.objects(shape, RDF.type)) - {SH.NodeShape}:
        raise Unsupported("a shape that is also a class, or a property shape with targets")
    _only(shapes, shape, _NODE_SHAPE_KEYS)
    name = shape_name(shape, shapes)
    checks = tuple(c for p in shapes.objects(shape, SH.property) for c in _property(shapes, p))
    alternatives = tuple(
        Alternatives(tuple(tuple(_property(shapes, m)) for m in _list(shapes, members)))
        for members in shapes.objects(shape, SH["or"])
    )
    return NodeShapePlan(
        key=pyoxigraph.NamedNode(f"urn:innograph:shacl:shape:{index}"),
        name=name,
        target_classes=tuple(map(rdflib_term, shapes.objects(shape, SH.targetClass))),
        target_objects_of=tuple(map(rdflib_term, shapes.objects(shape, SH.targetObjectsOf))),
        sparql_targets=tuple(
            _sparql(shapes, target, SH.SPARQLTarget) for target in shapes.objects(shape, SH.target)
        ),
        checks=checks,
        alternatives=alternatives,
        sparql=tuple(
            _sparql(shapes, node, SH.SPARQLConstraint) for node in shapes.objects(shape, SH.sparql)
        ),
    )


def _list(shapes: rdflib.Graph, head: rdflib.term.Node) -> list[rdflib.term.Node]:
    return list(rdflib.collection.Collection(shapes, head))


def _property(shapes: rdflib.Graph, shape: rdflib.term.Node) -> Iterator[Check]:
    """The checks of one property shape (a simple path: one property): its sh:minCount and
    sh:maxCount in one query (a node breaks both the same way), each other component in one."""
    _only(shapes, shape, {RDF.type, SH.path, SH["in"], *_COUNTS, *_COMPONENTS})
    if set(shapes.objects(shape, RDF.type)) - {SH.PropertyShape}:
        raise Unsupported("a property shape of another type")
    paths = list(shapes.objects(shape, SH.path))
    if len(paths) != 1 or not isinstance(paths[0], rdflib.URIRef):
        raise Unsupported("a path that is not one property")
    path, name = rdflib_term(paths[0]), paths[0].n3()
    counts = {
        variable: rdflib_term(value)
        for predicate, variable in _COUNTS.items()
        for value in shapes.objects(shape, predicate)
    }
    if len(counts) < sum(1 for p in _COUNTS for _ in shapes.objects(shape, p)):
        raise Unsupported("a count given twice")
    if counts:
        yield Check("count", {"path": path, **_NO_COUNT, **counts}, name, shape)
    for predicate, (template_name, variable) in _COMPONENTS.items():
        for value in shapes.objects(shape, predicate):
            bindings = {"path": path, variable: rdflib_term(value)}
            yield Check(template_name, bindings, name, shape)
    for index, members in enumerate(shapes.objects(shape, SH["in"])):
        digest = hashlib.sha256(f"{shape} {index}".encode()).hexdigest()[:16]
        constraint = pyoxigraph.NamedNode(f"urn:innograph:shacl:in:{digest}")
        allowed = tuple(map(rdflib_term, _list(shapes, members)))
        yield Check("in", {"path": path, "constraint": constraint}, name, shape, allowed)


def _sparql(shapes: rdflib.Graph, node: rdflib.term.Node, kind: rdflib.URIRef) -> SparqlCheck:
    """A SPARQL constraint or target, as written, with its declared prefixes."""
    _only(shapes, node, {RDF.type, SH.select, SH.prefixes})
    if kind not in set(shapes.objects(node, RDF.type)):
        raise Unsupported(f"a SPARQL node that is not a {kind}")
    select = shapes.value(node, SH.select)
    if select is None or _SHAPE_VARIABLES.search(str(select)):
        raise Unsupported("a SPARQL select that reads the shapes graph")
    prefixes = {
        str(shapes.value(declared, SH.prefix)): str(shapes.value(declared, SH.namespace))
        for source in shapes.objects(node, SH.prefixes)
        for declared in shapes.objects(source, SH.declare)
    }
    text = str(select)
    return SparqlCheck(text, prefixes, len(_SELECTS.findall(text)) == 1)
