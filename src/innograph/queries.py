"""Named SPARQL queries: `.rq` files with a comment header, run with bound parameters.

A query file starts with comment lines of the form `# key: value`:

    # name: organisations-in-association
    # question (en): Which organisations are members of an association?
    # domanda (it): Quali organizzazioni sono membri di un'associazione?
    # parameters: ?association (IRI)

A parameter may declare its kind in parentheses (`IRI`, `xsd:integer`, `literal`, …), for
whoever turns text into terms (the REST named queries). Callers bind parameters through
pyoxigraph's substitutions (SEP-0007), never by editing the query text, so user input cannot
change what a query means.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph

from innograph._types import Bindings, GraphName
from innograph.caching import PerVersion
from innograph.errors import NotFound, QueryError
from innograph.namespaces import INFERRED_GRAPH, PREFIXES
from innograph.store import DEFAULT_GRAPH, QueryResult, Store

__all__ = [
    "NamedQuery",
    "read_query",
    "query_catalogue",
    "run_query",
    "Dataset",
    "asserted_dataset",
    "serialize_result",
    "serialize_triples",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
    "ResultTerm",
    "term_json",
]

_HEADER = re.compile(r"^#\s*([^:]+?)\s*:\s*(.*?)\s*$")
_PARAMETER = re.compile(r"\?(\w+)\s*(?:\(([^)]*)\))?")


@dataclass(frozen=True)
class NamedQuery:
    """A query read from a `.rq` file, with the metadata of its header."""

    name: str
    path: Path
    text: str
    header: Mapping[str, str] = field(default_factory=dict)

    @property
    def parameters(self) -> dict[str, str]:
        """The variables a caller may bind, each with the kind the `parameters:` header line
        declares in parentheses, `literal` when it declares none: `?org (IRI) ?name` →
        `{'org': 'IRI', 'name': 'literal'}`."""
        declared = _PARAMETER.findall(self.header.get("parameters", ""))
        return {name: (kind or "literal").strip() for name, kind in declared}


def read_query(path: Path) -> NamedQuery:
    """Given `queries/who-signed.rq`, return NamedQuery(name='who-signed', header={...})."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            header[match.group(1).lower()] = match.group(2)
    return NamedQuery(name=header.get("name", path.stem), path=path, text=text, header=header)


def query_catalogue(folder: Path) -> dict[str, NamedQuery]:
    """Given a folder of `.rq` files, return its queries by name."""
    queries = (read_query(path) for path in sorted(folder.glob("*.rq")))
    return {query.name: query for query in queries}


@dataclass(frozen=True)
class Dataset:
    """A query's dataset: the graphs merged into its default graph, and those GRAPH can see."""

    default_graphs: tuple[GraphName, ...]
    named_graphs: tuple[GraphName, ...]


def _asserted(store: Store) -> Dataset:
    named = tuple(graph for graph in store.named_graphs() if graph != INFERRED_GRAPH)
    return Dataset(default_graphs=(DEFAULT_GRAPH, *named), named_graphs=named)


_ASSERTED = PerVersion(_asserted)
"""Built once per store version: the graphs change only with a write, and a store of thousands
of source files would otherwise list them again for every query."""


def asserted_dataset(store: Store) -> Dataset:
    """The dataset of what the sources say, without the reasoner's: the union of the store's own
    default graph and every named graph but the inferred one (`INFERRED_GRAPH`), which GRAPH
    cannot see either. The union the store reads by default includes the inferred graph, being
    a named graph like any other; this is the one choice that leaves it out."""
    return _ASSERTED.get(store)


def run_query(
    store: Store,
    query: str | NamedQuery,
    *,
    bindings: Bindings | None = None,
    asserted: bool = False,
) -> QueryResult:
    """Run SPARQL text or a named query over the union of every graph, or over the asserted
    graphs only (`asserted_dataset`); unknown parameters of a named query are refused."""
    dataset = asserted_dataset(store) if asserted else None
    default = dataset.default_graphs if dataset else None
    named = dataset.named_graphs if dataset else None
    if isinstance(query, str):
        return store.query(query, bindings=bindings, default_graphs=default, named_graphs=named)
    unknown = sorted(set(bindings or {}) - set(query.parameters))
    if unknown:
        raise NotFound(f"query {query.name!r} has no parameter {', '.join(unknown)}")
    try:
        return store.query(
            query.text, bindings=bindings, default_graphs=default, named_graphs=named
        )
    except QueryError as error:
        raise QueryError(str(error), query_name=query.name) from None


RESULT_FORMATS: dict[str, pyoxigraph.QueryResultsFormat] = {
    "json": pyoxigraph.QueryResultsFormat.JSON,
    "xml": pyoxigraph.QueryResultsFormat.XML,
    "csv": pyoxigraph.QueryResultsFormat.CSV,
    "tsv": pyoxigraph.QueryResultsFormat.TSV,
}
"""Names of the SPARQL results formats (SELECT and ASK)."""

GRAPH_FORMATS: dict[str, pyoxigraph.RdfFormat] = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
}
"""Names of the RDF formats (CONSTRUCT and DESCRIBE, exports)."""


def serialize_result(result: QueryResult, format_name: str) -> bytes:
    """Given a query result and a format name (`json`, `turtle`, …), return its bytes."""
    if isinstance(result, pyoxigraph.QueryTriples):
        rdf_format = GRAPH_FORMATS.get(format_name)
        if rdf_format is None:
            raise QueryError(f"a graph result cannot be written as {format_name!r}")
        return result.serialize(format=rdf_format) or b""
    results_format = RESULT_FORMATS.get(format_name)
    if results_format is None:
        raise QueryError(f"a SELECT or ASK result cannot be written as {format_name!r}")
    return result.serialize(format=results_format) or b""


def serialize_triples(
    triples: Sequence[pyoxigraph.Triple], format_name: str, prefixes: dict[str, str]
) -> bytes:
    """Given triples built in Python (a description of the service or of the dataset), return
    them in a graph format (`turtle`, …); a quad format puts them in the default graph."""
    rdf_format = GRAPH_FORMATS[format_name]
    if rdf_format.supports_datasets:
        quads = [pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples]
        return pyoxigraph.serialize(quads, format=rdf_format, prefixes=prefixes) or b""
    return pyoxigraph.serialize(triples, format=rdf_format, prefixes=prefixes) or b""


ResultTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple
"""A term a query answer may hold: a bindable term, or a triple term (RDF 1.2)."""

_IMPLIED_DATATYPES = frozenset(
    {PREFIXES["xsd"] + "string", PREFIXES["rdf"] + "langString", PREFIXES["rdf"] + "dirLangString"}
)
"""Datatypes SPARQL JSON leaves unsaid: a literal without a language, or the one it has."""


def term_json(term: ResultTerm) -> dict[str, Any]:
    """Given a term, return its SPARQL 1.1 Results JSON form (the `/sparql` answers and the
    REST named-query answers are both written from it): `Literal('1', language='en')` →
    `{'type': 'literal', 'value': '1', 'xml:lang': 'en'}`."""
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    literal: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language is not None:
        literal["xml:lang"] = term.language
        if term.direction is not None:
            literal["its:dir"] = str(term.direction)
    elif term.datatype.value not in _IMPLIED_DATATYPES:
        literal["datatype"] = term.datatype.value
    return literal
