"""The dataset's VoID and DCAT description, served at `/.well-known/void` (RFC 5785, VoID §6.2).

One resource is both a `void:Dataset` (sizes, class and property partitions, the vocabularies
used, the SPARQL endpoint, the dumps) and a `dcat:Dataset` (a `dcat:Distribution` per dump with
its media type, the endpoint as a `dcat:DataService`), so that VoID tools (LOD Cloud, SPARQL
clients) and DCAT catalogues both read it. The sizes are those of what the endpoint's default
graph joins, the inferred graph included; the inferred graph is also described as a subset.

The statistics come from `.rq` files run once per store version. The dataset's licence is the
one the ontology's header declares (`dcterms:license`): the releases declare none of their own.
Every URL (endpoint, dumps, the description itself) is built from the base URL the caller gives,
so that it is right behind whatever host and path the service is reached by.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from innograph.caching import PerVersion
from innograph.namespaces import IGID, INFERRED_GRAPH, ONTOLOGY, PREFIXES
from innograph.queries import read_query, run_query, serialize_triples
from innograph.sparql.dumps import DUMPS, GZIP_SUFFIX, Dump
from innograph.sparql.statistics import instances_per_class
from innograph.store import Store

__all__ = ["DatasetStatistics", "dataset_statistics", "describe_dataset", "VOID_PATH"]

VOID_PATH = ".well-known/void"
"""Where the description is served, below the service's base URL."""

_VOID = "http://rdfs.org/ns/void#"
_DCAT = "http://www.w3.org/ns/dcat#"
_DCTERMS = PREFIXES["dcterms"]
_RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
_XSD_INTEGER = NamedNode(PREFIXES["xsd"] + "integer")
_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
_GZIP = NamedNode(_MEDIA_TYPES + "application/gzip")
_HERE = Path(__file__).parent


@dataclass(frozen=True)
class DatasetStatistics:
    """What VoID counts of the dataset, and what it names: sources, licences."""

    triples: int
    inferred_triples: int
    distinct_subjects: int
    distinct_objects: int
    properties: dict[str, int]
    """Triples per property."""
    classes: dict[str, int]
    """Instances per class."""
    sources: tuple[str, ...]
    licences: tuple[str, ...]


def _rows(
    store: Store, file_name: str, **bindings: pyoxigraph.NamedNode
) -> pyoxigraph.QuerySolutions:
    result = run_query(store, read_query(_HERE / file_name), bindings=bindings or None)
    assert isinstance(result, pyoxigraph.QuerySolutions)
    return result


def _integer(term: object) -> int:
    return int(term.value) if isinstance(term, pyoxigraph.Literal) else 0


def _statistics(store: Store) -> DatasetStatistics:
    totals = next(iter(_rows(store, "void-statistics.rq")))
    properties = {
        row["property"].value: _integer(row["triples"])
        for row in _rows(store, "triples-per-property.rq")
        if isinstance(row["property"], NamedNode)
    }
    sources = (row["source"] for row in _rows(store, "source-documents.rq"))
    licences = (
        row["licence"] for row in _rows(store, "ontology-licence.rq", ontology=NamedNode(ONTOLOGY))
    )
    has_inferred = INFERRED_GRAPH in store.named_graphs()
    return DatasetStatistics(
        triples=store.triple_count(),
        inferred_triples=store.triple_count(INFERRED_GRAPH) if has_inferred else 0,
        distinct_subjects=_integer(totals["subjects"]),
        distinct_objects=_integer(totals["objects"]),
        properties=properties,
        classes=instances_per_class(store),
        sources=tuple(term.value for term in sources if isinstance(term, NamedNode)),
        licences=tuple(term.value for term in licences if isinstance(term, NamedNode)),
    )


_STATISTICS = PerVersion(_statistics)
"""Counted once per store version: counting distinct subjects reads every triple."""


def dataset_statistics(store: Store) -> DatasetStatistics:
    """Given a store, return the statistics of its current version (computed once)."""
    return _STATISTICS.get(store)


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=_XSD_INTEGER)


def _namespace(iri: str) -> str:
    """The vocabulary a term belongs to: its IRI up to the last `#` or `/`."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _distribution(dataset: NamedNode, dump: Dump, url: str, *, gzipped: bool) -> Iterator[Triple]:
    node = BlankNode()
    media = NamedNode(_MEDIA_TYPES + dump.media_type)
    content = "asserted and inferred (OWL 2 RL) triples" if dump.inferred else "asserted triples"
    layout = "one named graph per source file" if dump.has_graphs else "the graphs merged"
    yield Triple(dataset, NamedNode(_VOID + "dataDump"), NamedNode(url))
    yield Triple(dataset, NamedNode(_DCAT + "distribution"), node)
    yield Triple(node, _RDF_TYPE, NamedNode(_DCAT + "Distribution"))
    yield Triple(node, NamedNode(_DCAT + "downloadURL"), NamedNode(url))
    yield Triple(node, NamedNode(_DCAT + "mediaType"), media)
    yield Triple(node, NamedNode(_DCTERMS + "format"), Literal(dump.media_type))
    if gzipped:
        yield Triple(node, NamedNode(_DCAT + "compressFormat"), _GZIP)
    description = f"{content}, {layout}{', gzipped' if gzipped else ''}"
    yield Triple(node, NamedNode(_DCTERMS + "description"), Literal(description, language="en"))


def _triples(statistics: DatasetStatistics, base: str) -> Iterator[Triple]:
    dataset = NamedNode(f"{base}{VOID_PATH}#dataset")
    yield Triple(dataset, _RDF_TYPE, NamedNode(_VOID + "Dataset"))
    yield Triple(dataset, _RDF_TYPE, NamedNode(_DCAT + "Dataset"))
    yield Triple(
        dataset,
        NamedNode(_DCTERMS + "title"),
        Literal("innograph: a knowledge graph of innovation ecosystems", language="en"),
    )
    yield Triple(dataset, NamedNode(_VOID + "uriSpace"), Literal(IGID))
    for licence in statistics.licences:
        yield Triple(dataset, NamedNode(_DCTERMS + "license"), NamedNode(licence))
    for source in statistics.sources:
        yield Triple(dataset, NamedNode(_DCTERMS + "source"), NamedNode(source))
    endpoint = NamedNode(f"{base}sparql")
    service = BlankNode()
    yield Triple(dataset, NamedNode(_VOID + "sparqlEndpoint"), endpoint)
    yield Triple(dataset, NamedNode(_DCAT + "accessService"), service)
    yield Triple(service, _RDF_TYPE, NamedNode(_DCAT + "DataService"))
    yield Triple(service, NamedNode(_DCAT + "endpointURL"), endpoint)
    for name, dump in DUMPS.items():
        yield from _distribution(dataset, dump, f"{base}dumps/{name}", gzipped=False)
        yield from _distribution(dataset, dump, f"{base}dumps/{name}{GZIP_SUFFIX}", gzipped=True)
    yield Triple(dataset, NamedNode(_VOID + "triples"), _count(statistics.triples))
    yield Triple(dataset, NamedNode(_VOID + "classes"), _count(len(statistics.classes)))
    yield Triple(dataset, NamedNode(_VOID + "properties"), _count(len(statistics.properties)))
    subjects, objects = statistics.distinct_subjects, statistics.distinct_objects
    yield Triple(dataset, NamedNode(_VOID + "distinctSubjects"), _count(subjects))
    yield Triple(dataset, NamedNode(_VOID + "distinctObjects"), _count(objects))
    vocabularies = {_namespace(iri) for iri in [*statistics.properties, *statistics.classes]}
    for vocabulary in sorted(vocabularies):
        yield Triple(dataset, NamedNode(_VOID + "vocabulary"), NamedNode(vocabulary))
    for iri, instances in statistics.classes.items():
        partition = BlankNode()
        yield Triple(dataset, NamedNode(_VOID + "classPartition"), partition)
        yield Triple(partition, NamedNode(_VOID + "class"), NamedNode(iri))
        yield Triple(partition, NamedNode(_VOID + "entities"), _count(instances))
    for iri, triples in statistics.properties.items():
        partition = BlankNode()
        yield Triple(dataset, NamedNode(_VOID + "propertyPartition"), partition)
        yield Triple(partition, NamedNode(_VOID + "property"), NamedNode(iri))
        yield Triple(partition, NamedNode(_VOID + "triples"), _count(triples))
    if statistics.inferred_triples:
        inferred = BlankNode()
        yield Triple(dataset, NamedNode(_VOID + "subset"), inferred)
        yield Triple(inferred, _RDF_TYPE, NamedNode(_VOID + "Dataset"))
        yield Triple(inferred, NamedNode(_DCTERMS + "identifier"), Literal(INFERRED_GRAPH))
        yield Triple(inferred, NamedNode(_VOID + "triples"), _count(statistics.inferred_triples))
        yield Triple(
            inferred,
            NamedNode(_DCTERMS + "description"),
            Literal(
                "The OWL 2 RL closure: the triples the rules entail and no source asserts,"
                f" in the named graph <{INFERRED_GRAPH}>.",
                language="en",
            ),
        )


def describe_dataset(store: Store, *, base: str, format_name: str = "turtle") -> bytes:
    """Given the store and the service's base URL (ending in `/`), return the VoID and DCAT
    description of the dataset in a graph format (`turtle`, `jsonld`, `ntriples`, …)."""
    triples = list(_triples(dataset_statistics(store), base))
    prefixes = {**PREFIXES, "void": _VOID, "dcat": _DCAT}
    return serialize_triples(triples, format_name, prefixes)
