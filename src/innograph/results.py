"""[query] Write a query result in the format a client asked for, cut at a row limit.

pyoxigraph can only serialise a whole result, so a capped SELECT result is written here as
SPARQL 1.1 Results JSON (https://www.w3.org/TR/sparql11-results-json/) and, for XML, CSV and
TSV, read back by pyoxigraph and written again in the asked format. Graph results are cut by
taking the first triples and handing them to pyoxigraph's serialisers directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pyoxigraph

from innograph.namespaces import PREFIXES
from innograph.queries import GRAPH_FORMATS, RESULT_FORMATS
from innograph.store import QueryResult

__all__ = ["ResultFormats", "Answer", "write_result"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"

_Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple


@dataclass(frozen=True)
class ResultFormats:
    """The format names a client accepts: one for SELECT/ASK, one for CONSTRUCT/DESCRIBE.

    Names are keys of `innograph.queries.RESULT_FORMATS` and `GRAPH_FORMATS`; None means the
    client accepts no format of that kind.
    """

    results: str | None
    graph: str | None


@dataclass(frozen=True)
class Answer:
    """A serialised result: bytes, what kind of result, and whether the limit cut it.

    `version` is the store version the result was computed from (set by the query pool).
    """

    body: bytes
    is_graph: bool
    format_name: str | None
    count: int
    is_truncated: bool
    version: str = ""

    @property
    def is_acceptable(self) -> bool:
        """False when the client accepts no format for this kind of result."""
        return self.format_name is not None


def write_result(result: QueryResult, *, formats: ResultFormats, limit: int) -> Answer:
    """Given a result, return its first `limit` rows (or triples) in the accepted format.

    A SELECT with 12 solutions, `ResultFormats('csv', None)` and limit 10 →
    `Answer(body=b'x\\r\\n…', is_graph=False, format_name='csv', count=10, is_truncated=True)`.
    """
    if isinstance(result, pyoxigraph.QueryTriples):
        return _write_graph(result, formats.graph, limit)
    if formats.results is None:
        return Answer(b"", is_graph=False, format_name=None, count=0, is_truncated=False)
    results_format = RESULT_FORMATS[formats.results]
    if isinstance(result, pyoxigraph.QueryBoolean):
        body = result.serialize(format=results_format) or b""
        return Answer(
            body, is_graph=False, format_name=formats.results, count=1, is_truncated=False
        )
    variables = [variable.value for variable in result.variables]
    rows = list(islice(result, limit + 1))
    shown = rows[:limit]
    document = _results_json(variables, shown)
    if results_format != pyoxigraph.QueryResultsFormat.JSON:
        parsed = pyoxigraph.parse_query_results(document, format=pyoxigraph.QueryResultsFormat.JSON)
        document = parsed.serialize(format=results_format) or b""
    return Answer(
        document,
        is_graph=False,
        format_name=formats.results,
        count=len(shown),
        is_truncated=len(rows) > limit,
    )


def _write_graph(result: pyoxigraph.QueryTriples, format_name: str | None, limit: int) -> Answer:
    if format_name is None:
        return Answer(b"", is_graph=True, format_name=None, count=0, is_truncated=False)
    rdf_format = GRAPH_FORMATS[format_name]
    triples = list(islice(result, limit + 1))
    shown = triples[:limit]
    items: Iterable[pyoxigraph.Triple] | Iterable[pyoxigraph.Quad] = shown
    if rdf_format.supports_datasets:
        items = [pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in shown]
    body = pyoxigraph.serialize(items, format=rdf_format, prefixes=PREFIXES) or b""
    return Answer(
        body,
        is_graph=True,
        format_name=format_name,
        count=len(shown),
        is_truncated=len(triples) > limit,
    )


def _results_json(variables: list[str], rows: list[pyoxigraph.QuerySolution]) -> bytes:
    bindings = []
    for row in rows:
        binding = {}
        for name in variables:
            term = row[name]
            if term is not None:
                binding[name] = _term_json(term)
        bindings.append(binding)
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _term_json(term: _Term) -> dict[str, Any]:
    """Given a term, return its SPARQL JSON form: `Literal('1', language='en')` →
    `{'type': 'literal', 'value': '1', 'xml:lang': 'en'}`."""
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term_json(term.subject),
                "predicate": _term_json(term.predicate),
                "object": _term_json(term.object),
            },
        }
    literal: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language is not None:
        literal["xml:lang"] = term.language
        if term.direction is not None:
            literal["its:dir"] = str(term.direction)
    elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING, _RDF_DIR_LANG_STRING):
        literal["datatype"] = term.datatype.value
    return literal
