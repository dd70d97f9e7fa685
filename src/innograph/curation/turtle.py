"""A release's encoding written as Turtle in the seed's layout, byte for byte the same for the
same sheet.

rdflib's serializer orders subjects by hash and names blank nodes at random, so each ingest
of an unchanged sheet would write a different file (and `load`, which skips a file whose SHA-256
it has seen, would reload it). Here the order is the sheet's: the file's header, the release
and its passages, then each entry with its facts, each followed by the `owl:Axiom` blocks
annotating them, written as anonymous nodes (`[] a owl:Axiom ; …`), IRIs relative to `@base`.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from innograph.curation.encoding import Encoding
from innograph.namespaces import IGID, PREFIXES

__all__ = ["turtle_of"]

IG = Namespace(PREFIXES["ig"])
_PREFIXES = ("foaf", "ig", "org", "owl", "rdf", "rdfs", "skos", "xsd")
_ANNOTATIONS = (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)


def turtle_of(encoding: Encoding, header: str) -> str:
    """Given a release's encoding and a comment to open the file with, return its Turtle."""
    graph = encoding.graph
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    lines += ["", f"@base <{IGID}> ."]
    lines += [f"@prefix {prefix}: <{PREFIXES[prefix]}> ." for prefix in _PREFIXES]
    axioms = _axioms_by_fact(graph)
    for subject in _subjects(encoding):
        lines.append("")
        lines.extend(_block(graph, subject))
        for fact in sorted(axioms.get(subject, {}), key=_order):
            lines.extend(_axiom(graph, axioms[subject][fact]))
    return "\n".join(lines) + "\n"


def _subjects(encoding: Encoding) -> list[URIRef]:
    """The header, the release, its passages in order, then the sheet's entries in order."""
    graph = encoding.graph
    passages = sorted(graph.subject_objects(IG.passageIndex), key=lambda pair: int(str(pair[1])))
    ordered: list[Node] = [
        *sorted(graph.subjects(RDF.type, OWL.Ontology), key=str),
        *sorted(graph.subjects(IG.headline), key=str),
        *(passage for passage, _ in passages),
        *(subject for subject, _, _ in encoding.facts),
        *encoding.entries,
        *sorted(graph.subjects(), key=str),
    ]
    return [s for s in dict.fromkeys(ordered) if isinstance(s, URIRef)]


def _order(fact: tuple[Node, Node]) -> tuple[bool, str, str]:
    predicate, value = fact
    return (predicate != RDF.type, _term(predicate), _term(value))


def _axioms_by_fact(graph: Graph) -> dict[Node, dict[tuple[Node, Node], Node]]:
    found: dict[Node, dict[tuple[Node, Node], Node]] = {}
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        source, prop, target = (graph.value(axiom, p) for p in _ANNOTATIONS)
        if source is not None and prop is not None and target is not None:
            found.setdefault(source, {})[(prop, target)] = axiom
    return found


def _block(graph: Graph, subject: URIRef) -> Iterator[str]:
    properties = sorted(
        {p for p in graph.predicates(subject) if isinstance(p, URIRef)},
        key=lambda p: (p != RDF.type, _term(p)),
    )
    yield _term(subject)
    yield from _properties(graph, subject, properties, ".")


def _axiom(graph: Graph, axiom: Node) -> Iterator[str]:
    properties = [RDF.type, *_ANNOTATIONS]
    properties += sorted(
        {p for p in graph.predicates(axiom) if p not in properties and isinstance(p, URIRef)},
        key=_term,
    )
    yield "[]"
    yield from _properties(graph, axiom, properties, ".")


def _properties(graph: Graph, subject: Node, properties: list[URIRef], end: str) -> Iterator[str]:
    for number, predicate in enumerate(properties):
        values = sorted((_term(v) for v in graph.objects(subject, predicate)), key=_value_order)
        last = end if number == len(properties) - 1 else ";"
        name = "a" if predicate == RDF.type else _term(predicate)
        for position, value in enumerate(values):
            lead = f"    {name} " if position == 0 else "        "
            yield f"{lead}{value} {last if position == len(values) - 1 else ','}"


def _value_order(text: str) -> tuple[bool, str]:
    """`owl:NamedIndividual` first, as in the seed; then as text."""
    return (text != "owl:NamedIndividual", text)


def _term(term: Node) -> str:
    if isinstance(term, Literal):
        return term.n3(_NAMES)
    iri = str(term)
    if iri.startswith(IGID):
        return f"<{iri[len(IGID) :]}>"
    for prefix in _PREFIXES:
        if iri.startswith(PREFIXES[prefix]) and iri[len(PREFIXES[prefix]) :].isidentifier():
            return f"{prefix}:{iri[len(PREFIXES[prefix]) :]}"
    return f"<{iri}>"


_NAMES = Graph().namespace_manager
_NAMES.bind("xsd", PREFIXES["xsd"], replace=True)
