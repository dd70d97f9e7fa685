"""Named SPARQL queries: `.rq` files with a comment header, run with bound parameters.

A query file starts with comment lines of the form `# key: value`:

    # name: organisations-in-association
    # question (en): Which organisations are members of an association?
    # domanda (it): Quali organizzazioni sono membri di un'associazione?
    # parameters: ?association (IRI)

Callers bind parameters through pyoxigraph's substitutions (SEP-0007), never by editing the
query text, so user input cannot change what a query means.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from innograph._types import Bindings
from innograph.errors import NotFound, QueryError
from innograph.store import QueryResult, Store

__all__ = [
    "NamedQuery",
    "read_query",
    "query_catalogue",
    "run_query",
    "serialize_result",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
]

_HEADER = re.compile(r"^#\s*([^:]+?)\s*:\s*(.*?)\s*$")
_PARAMETER = re.compile(r"\?(\w+)")


@dataclass(frozen=True)
class NamedQuery:
    """A query read from a `.rq` file, with the metadata of its header."""

    name: str
    path: Path
    text: str
    header: Mapping[str, str] = field(default_factory=dict)

    @property
    def parameters(self) -> tuple[str, ...]:
        """Variable names a caller may bind, from the `parameters:` header line."""
        return tuple(_PARAMETER.findall(self.header.get("parameters", "")))


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


def run_query(
    store: Store, query: str | NamedQuery, *, bindings: Bindings | None = None
) -> QueryResult:
    """Run SPARQL text or a named query; unknown parameters of a named query are refused."""
    if isinstance(query, str):
        return store.query(query, bindings=bindings)
    unknown = sorted(set(bindings or {}) - set(query.parameters))
    if unknown:
        raise NotFound(f"query {query.name!r} has no parameter {', '.join(unknown)}")
    try:
        return store.query(query.text, bindings=bindings)
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
