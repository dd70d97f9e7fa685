"""The SPARQL 1.1 Service Description of the endpoint, as RDF built from the store.

https://www.w3.org/TR/sparql11-service-description/: an `sd:Service` with its endpoint, the
languages it speaks, the result formats it writes, its features, and a default dataset naming
every named graph with its size (`void:triples`). The inferred graph is described as such, and
while the default graph includes it, the service declares the entailment it approximates (OWL 2
RDF-Based Semantics, for the OWL 2 RL profile); the `infer` parameter that leaves it out has no
Service Description term, so a comment names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from innograph.caching import PerVersion
from innograph.namespaces import INFERRED_GRAPH, PREFIXES
from innograph.queries import serialize_triples
from innograph.store import DEFAULT_GRAPH, Store

__all__ = ["ServiceFeatures", "describe_service", "FORMAT_IRIS"]

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
_FORMATS = "http://www.w3.org/ns/formats/"
_RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_COMMENT = NamedNode(PREFIXES["rdfs"] + "comment")
_OWL_RDF_BASED = NamedNode("http://www.w3.org/ns/entailment/OWL-RDF-Based")
_OWL_RL = NamedNode("http://www.w3.org/ns/owl-profile/RL")
_INFER_COMMENT = Literal(
    "A query sees the triples the sources assert and those the OWL 2 RL rules infer from them"
    f" (the named graph <{INFERRED_GRAPH}>). With the request parameter infer=false (as in the"
    " RDF4J protocol) its default dataset leaves the inferred graph out.",
    language="en",
)
_INFERRED_COMMENT = Literal(
    "The OWL 2 RL closure of the other graphs: what the rules entail and no source graph"
    " asserts, written by the reasoner only.",
    language="en",
)

FORMAT_IRIS: dict[str, str] = {
    "json": _FORMATS + "SPARQL_Results_JSON",
    "xml": _FORMATS + "SPARQL_Results_XML",
    "csv": _FORMATS + "SPARQL_Results_CSV",
    "tsv": _FORMATS + "SPARQL_Results_TSV",
    "turtle": _FORMATS + "Turtle",
    "ntriples": _FORMATS + "N-Triples",
    "rdfxml": _FORMATS + "RDF_XML",
    "jsonld": _FORMATS + "JSON-LD",
    "trig": _FORMATS + "TriG",
    "nquads": _FORMATS + "N-Quads",
}
"""W3C format IRIs (https://www.w3.org/ns/formats/) of the formats the endpoint writes."""


@dataclass(frozen=True)
class ServiceFeatures:
    """What this deployment offers beyond plain queries."""

    is_update_enabled: bool
    has_federation: bool
    has_union_default_graph: bool = True


def _sizes(store: Store) -> tuple[int, int, dict[str, int]]:
    """The size of the union of every graph, of the store's own default graph, and of each
    named graph."""
    sizes = {name: store.triple_count(name) for name in store.named_graphs()}
    return store.triple_count(), store.triple_count(DEFAULT_GRAPH), sizes


_SIZES = PerVersion(_sizes)
"""Graph sizes, counted once per store version (counting a large store takes seconds)."""


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def _triples(store: Store, endpoint: str, features: ServiceFeatures) -> Iterator[Triple]:
    service = BlankNode()
    yield Triple(service, _RDF_TYPE, _sd("Service"))
    yield Triple(service, _sd("endpoint"), NamedNode(endpoint))
    yield Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query"))
    if features.is_update_enabled:
        yield Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update"))
    for iri in FORMAT_IRIS.values():
        yield Triple(service, _sd("resultFormat"), NamedNode(iri))
    if features.has_union_default_graph:
        yield Triple(service, _sd("feature"), _sd("UnionDefaultGraph"))
    if features.has_federation:
        yield Triple(service, _sd("feature"), _sd("BasicFederatedQuery"))
    yield Triple(service, _COMMENT, _INFER_COMMENT)
    total, own, sizes = _SIZES.get(store)
    if features.has_union_default_graph and INFERRED_GRAPH in sizes:
        yield Triple(service, _sd("defaultEntailmentRegime"), _OWL_RDF_BASED)
        yield Triple(service, _sd("supportedEntailmentProfile"), _OWL_RL)
    dataset, default = BlankNode(), BlankNode()
    yield Triple(service, _sd("defaultDataset"), dataset)
    yield Triple(dataset, _RDF_TYPE, _sd("Dataset"))
    yield Triple(dataset, _sd("defaultGraph"), default)
    yield Triple(default, _RDF_TYPE, _sd("Graph"))
    size = total if features.has_union_default_graph else own
    yield Triple(default, NamedNode(VOID + "triples"), _count(size))
    for name, size in sizes.items():
        named, graph = BlankNode(), BlankNode()
        yield Triple(dataset, _sd("namedGraph"), named)
        yield Triple(named, _RDF_TYPE, _sd("NamedGraph"))
        yield Triple(named, _sd("name"), NamedNode(name))
        if name == INFERRED_GRAPH:
            yield Triple(named, _COMMENT, _INFERRED_COMMENT)
        yield Triple(named, _sd("graph"), graph)
        yield Triple(graph, _RDF_TYPE, _sd("Graph"))
        yield Triple(graph, NamedNode(VOID + "triples"), _count(size))


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=_XSD_INTEGER)


def describe_service(
    store: Store, *, endpoint: str, features: ServiceFeatures, format_name: str = "turtle"
) -> bytes:
    """Given the store and the endpoint's URL, return its service description as RDF bytes.

    `describe_service(store, endpoint='http://localhost:8000/sparql', …)` →
    `b'… [] a sd:Service ; sd:endpoint <http://localhost:8000/sparql> ; …'`.
    """
    triples = list(_triples(store, endpoint, features))
    return serialize_triples(triples, format_name, {**PREFIXES, "sd": SD, "void": VOID})
