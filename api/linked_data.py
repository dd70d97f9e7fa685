"""The JSON-LD context of the REST answers (`/api/context.jsonld`), and how an answer names it.

An `application/ld+json` answer is its JSON with `@context` naming the served context by URL,
so that a JSON-LD processor expands each key to the term of the graph it presents: `founders`
to `ig:foundedBy`, `names` to language-tagged `rdfs:label`s, `people` to the posts that are
`org:postIn` the organisation… Keys that only present the answer (REST ids, display names,
scores, counts, cursors, search hits) map to `null` and stay out of the RDF. The
context is a file (`api/context.jsonld`), read once: it is data, not code.

A link between actors (of `/links`, a path's hop, a network's edge) reads differently from
each end (`relation`, `direction`), so none of its own keys is a term: its `statements` are the
triples of the graph that carry it, node objects keyed by the property's prefixed name, which
the answer includes (`@included`) from links, paths and hops folded into it (`@nest`). A
network's edges say `kind` and `sectors`, which are terms of its nodes, so `edges` carries a
context of its own: the JSON-LD 1.1 API applies a nesting term's context (w3c/json-ld-api#380,
tests tc037-tc038); pyld and Ruby's processor do, jsonld.js and rdflib not yet, which read an
edge's `kind` as a type of the (blank) answer node. `/links` and `/api/paths` need no such
context.

A few keys present different terms in different answers (`sectors` is `ig:activeInSector` of
an organisation, `ig:focusSector` of an agreement, and a table of counts in `/api/sectors`).
JSON-LD can only tell them apart by the node's `@type`, which would add a class the store may
not state, so those answers add a small inline context after the URL instead
(`ANSWER_CONTEXTS`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from fastapi import Request

from api import schemas
from innograph.lookups import models

__all__ = ["CONTEXT_PATH", "CONTEXT_DOCUMENT", "CONTEXT_TAG", "context_reference"]

CONTEXT_PATH = "api/context.jsonld"
"""Where the context is served, below the service's base URL."""
CONTEXT_DOCUMENT = Path(__file__).with_name("context.jsonld").read_bytes()
CONTEXT_TAG = '"' + hashlib.sha256(CONTEXT_DOCUMENT).hexdigest()[:32] + '"'
"""A strong ETag: the served bytes are the file's, whatever the store holds."""

_FOCUS_SECTORS = {"sectors": {"@id": "ig:focusSector", "@type": "@id"}}
_ANNOTATION = {
    "owl": "http://www.w3.org/2002/07/owl#",
    "triple": "@nest",
    "subject": {"@id": "owl:annotatedSource"},
    "property": {"@id": "owl:annotatedProperty"},
    "object": {"@id": "owl:annotatedTarget"},
    "value": {"@id": "owl:annotatedTarget"},
    "evidence": "@nest",
    "passage": {"@id": "ig:statedIn"},
    "excerpt": {"@id": "ig:evidenceText"},
    "source": None,
    "index": None,
    "text": None,
    "premises": "@included",
}
"""An explanation as the OWL axiom annotation of its triple, as a release records one: the
triple's parts, the passages stating it and their words; each premise the same, included."""
ANSWER_CONTEXTS: dict[type, dict[str, Any]] = {
    models.Agreement: _FOCUS_SECTORS,
    models.AgreementPage: _FOCUS_SECTORS,
    models.Source: {"language": {"@id": "ig:language"}},
    models.Derivation: _ANNOTATION,
    models.Network: {
        "nodes": "@included",
        "kind": {"@id": "rdf:type", "@type": "@id"},
        "hops": None,
        "edges": {"@id": "@nest", "@context": {"kind": None, "sectors": None}},
    },
    schemas.LinkList: {"date": None, "sectors": None},
    schemas.SectorList: {"sectors": None},
}
"""Per answer type, the keys whose term differs from the shared context's."""


def context_reference(request: Request, kind: type) -> str | list[Any]:
    """Given a request and the type of its answer, return the answer's `@context`: the
    context's absolute URL (at `INNOGRAPH_PUBLIC_URL`, else this service's base), followed
    by the answer's own terms where it has some."""
    base = request.app.state.settings.public_url or str(request.base_url)
    url = base + CONTEXT_PATH
    own = ANSWER_CONTEXTS.get(kind)
    return [url, own] if own else url
