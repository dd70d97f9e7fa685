"""Schemathesis hooks for `test_openapi_conformance`: values the document names but Schemathesis
cannot make itself.

- `/sparql`'s `query` is a SPARQL 1.1 query and its `update` an update (`format:
  sparql-query`, `sparql-update`, `api.routes.sparql`): a grammar no JSON Schema can state.
- `POST /api/reconcile`'s form field `queries` is JSON (`encoding: {contentType:
  application/json}`), which Schemathesis does not apply to a form: it is encoded here.

Negative tests still send what the document excludes, and the service must refuse it.
"""

from __future__ import annotations

import json

import schemathesis
from hypothesis import strategies as st

from api.routes.sparql import QUERY_FORMAT, UPDATE_FORMAT

_QUERIES = (
    "SELECT ?organisation ?name WHERE { ?organisation a ig:Organisation ; rdfs:label ?name }",
    "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }",
    "ASK { <https://w3id.org/innograph/id/organisation/openzone> ?property ?value }",
    "CONSTRUCT { ?s rdfs:label ?name } WHERE { ?s rdfs:label ?name } LIMIT 5",
    "DESCRIBE <https://w3id.org/innograph/id/organisation/openzone>",
)
_PREFIXES = (
    "PREFIX ig: <https://w3id.org/innograph/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
_UPDATES = (
    'INSERT DATA { GRAPH <urn:example:graph> { <urn:example:a> <urn:example:b> "c" } }',
    "CLEAR SILENT GRAPH <urn:example:graph>",
)

schemathesis.openapi.format(QUERY_FORMAT, st.sampled_from([_PREFIXES + q for q in _QUERIES]))
schemathesis.openapi.format(UPDATE_FORMAT, st.sampled_from(_UPDATES))


@schemathesis.hook("before_call").apply_to(method="POST", path="/api/reconcile")
def json_encoded_queries(context: object, case: schemathesis.Case, **kwargs: object) -> None:
    """The form's `queries` sent as its encoding says: as JSON text."""
    body = case.body
    if isinstance(body, dict) and "queries" in body and not isinstance(body["queries"], str):
        case.body = {**body, "queries": json.dumps(body["queries"])}
