"""The JSON-LD answers are the graph: a JSON-LD processor (pyld) expands every REST answer into
terms the ontology or the W3C vocabularies define, and into no link between two resources that
the store does not hold (the links between actors: `test_linked_data_links.py`).

The operations are read from the OpenAPI document (every `/api/` operation offering
`application/ld+json`), so a new one fails here until it has sample requests below. The context
is fetched from the served app by URL, as a client would, and from nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph
import pytest
from fastapi.testclient import TestClient
from pyld import jsonld
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from api.main import create_app
from innograph.namespaces import IG, IGID
from innograph.store import Store
from tests.api.conftest import seed_settings
from tests.conftest import REPOSITORY

JSON_LD = "application/ld+json"
SAMPLES: dict[str, tuple[str, ...]] = {
    "GET /api/organizations": ("/api/organizations", "/api/organizations?q=open"),
    "GET /api/organizations/{id}/links": (
        "/api/organizations/openzone/links",
        "/api/organizations/iasp/links",
        "/api/organizations/person/fabrizio-conicella/links",
    ),
    "GET /api/organizations/{id}": (
        "/api/organizations/openzone",
        "/api/organizations/tuspark-jiangsu",
        "/api/organizations/iasp",
        "/api/organizations/zambon",
        "/api/organizations/image-building",
    ),
    "GET /api/agreements": ("/api/agreements",),
    "GET /api/agreements/{id}": ("/api/agreements/openzone-tuspark-2021-mou",),
    "GET /api/people/{id}": (
        "/api/people/fabrizio-conicella",
        "/api/people/hao-tang",
        "/api/people/marco-allegrini",
        "/api/people/cristina-fossati",
    ),
    "GET /api/sectors": ("/api/sectors",),
    "GET /api/places/{id}": ("/api/places/milan", "/api/places/china", "/api/places/bresso"),
    "GET /api/sources/{id}": ("/api/sources/2021-05-17-openzone-tuspark",),
    "GET /api/explanation": (
        "/api/explanation?subject=openzone&property=ig:foundedBy&object=zambon",
    ),
    "GET /api/network": ("/api/network", "/api/network?around=openzone"),
    "GET /api/paths": ("/api/paths?from=openzone&to=iasp", "/api/paths?from=zambon&to=iasp"),
    "GET /api/search": ("/api/search?q=openzone", "/api/search?q=conic", "/api/search?q=salute"),
    "GET /api/match": ("/api/match?name=OpenZone",),
    "GET /api/queries": ("/api/queries",),
    "GET /api/queries/{name}": (
        "/api/queries/agreement-parties",
        "/api/queries/figures-with-approximation",
    ),
}
"""Requests answering each operation on the seed store, chosen to reach every shape of answer:
figures with a currency, memberships, posts, contact points of a person and of an office."""


def json_ld_operations(client: TestClient) -> set[str]:
    """Every `/api/` operation whose OpenAPI document says it answers `application/ld+json`."""
    paths = client.get("/openapi.json").json()["paths"]
    return {
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        if path.startswith("/api/")
        for method, operation in operations.items()
        if JSON_LD in operation.get("responses", {}).get("200", {}).get("content", {})
    }


def served_loader(client: TestClient, fetched: list[str]) -> Callable[..., dict[str, Any]]:
    """A pyld document loader that fetches from the app under test (nothing from a network),
    noting each URL it was asked for."""

    def load(url: str, options: object = None) -> dict[str, Any]:
        fetched.append(url)
        parts = urlsplit(url)
        assert parts.netloc == urlsplit(str(client.base_url)).netloc, url
        response = client.get(parts.path, headers={"Accept": JSON_LD})
        assert response.status_code == 200, url
        assert response.headers["content-type"] == JSON_LD
        return {"contextUrl": None, "documentUrl": url, "document": response.json()}

    return load


def ontology_terms() -> set[str]:
    """The properties the ontology declares (its own and those it aligns to: ORG, FOAF, SKOS,
    PROV, Dublin Core, schema.org), read from the ontology file itself."""
    kinds = {str(OWL.ObjectProperty), str(OWL.DatatypeProperty), str(OWL.AnnotationProperty)}
    parsed = pyoxigraph.parse(
        path=REPOSITORY / "ontology" / "innograph.ttl", format=pyoxigraph.RdfFormat.TURTLE
    )
    return {
        quad.subject.value
        for quad in parsed
        if quad.predicate.value == str(RDF.type) and quad.object.value in kinds
    }


def w3c_term(iri: str) -> bool:
    """Whether an IRI is a term of RDF, RDFS or OWL (as rdflib lists them), which the ontology
    is written in."""
    return any(URIRef(iri) in space for space in (RDF, RDFS, OWL))


def expanded(
    client: TestClient, url: str
) -> tuple[dict[str, Any], list[pyoxigraph.Quad], list[str], list[str]]:
    """Given a URL, return its JSON-LD answer, the quads pyld makes of it, the keys pyld found
    undefined (dropped without a mapping) and the URLs it fetched."""
    response = client.get(url, headers={"Accept": JSON_LD})
    assert response.status_code == 200, (url, response.text[:300])
    assert response.headers["content-type"] == JSON_LD, url
    document = response.json()
    fetched: list[str] = []
    undefined: list[str] = []
    options = {"documentLoader": served_loader(client, fetched)}
    expansion = jsonld.expand(
        document, options, on_property_dropped=lambda key: undefined.append(key) if key else None
    )
    nquads = jsonld.to_rdf(expansion, {**options, "format": "application/n-quads"})
    quads = list(pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS))
    return document, quads, undefined, fetched


@pytest.fixture(scope="module")
def defined_terms() -> set[str]:
    return ontology_terms()


@pytest.fixture(autouse=True)
def fresh_context_cache() -> Iterator[None]:
    """pyld keeps resolved contexts between calls; each test resolves the served one anew."""
    jsonld._resolved_context_cache.clear()
    yield


def test_every_json_ld_operation_has_sample_requests(seed_client: TestClient) -> None:
    assert json_ld_operations(seed_client) == set(SAMPLES)


def links_not_held(store: Store, quads: list[pyoxigraph.Quad]) -> list[str]:
    """The triples between two IRIs that no graph of the store holds: `Store.quads` reads
    every data graph, the inferred one too, the dataset the lookups read."""
    return [
        str(quad.triple)
        for quad in quads
        if isinstance(quad.subject, pyoxigraph.NamedNode)
        and isinstance(quad.object, pyoxigraph.NamedNode)
        and next(store.quads(quad.subject, quad.predicate, quad.object), None) is None
    ]


def values_not_held(store: Store, quads: list[pyoxigraph.Quad]) -> list[str]:
    """The resources given a literal for a property of which the store holds no literal of
    theirs (a literal's form may differ: `29` for the graph's `29.0`, a date for a dateTime)."""
    given = {
        (quad.subject, quad.predicate)
        for quad in quads
        if isinstance(quad.subject, pyoxigraph.NamedNode)
        and isinstance(quad.object, pyoxigraph.Literal)
    }
    return [
        f"{subject} {predicate}"
        for subject, predicate in given
        if not any(
            isinstance(quad.object, pyoxigraph.Literal) for quad in store.quads(subject, predicate)
        )
    ]


Annotation = dict[str, frozenset[str]]
"""An axiom annotation's parts: each property (`owl:annotatedSource` …) with its values."""
ANNOTATING = {
    str(OWL.annotatedSource),
    str(OWL.annotatedProperty),
    str(OWL.annotatedTarget),
    IG + "statedIn",
}


def annotations(quads: Iterable[pyoxigraph.Quad]) -> list[Annotation]:
    """The axiom annotations among quads: each blank node's annotating parts (a literal target
    by its text, which JSON gives without its language)."""
    parts: dict[pyoxigraph.BlankNode, dict[str, set[str]]] = {}
    for quad in quads:
        if isinstance(quad.subject, pyoxigraph.BlankNode) and quad.predicate.value in ANNOTATING:
            node = parts.setdefault(quad.subject, {})
            node.setdefault(quad.predicate.value, set()).add(quad.object.value)
    return [{part: frozenset(values) for part, values in node.items()} for node in parts.values()]


def annotations_not_held(held: list[Annotation], quads: list[pyoxigraph.Quad]) -> list[str]:
    """The axiom annotations the quads give that no axiom of the store (`held`) matches: the
    same triple, stated in (at least) the same passages."""
    return [
        str(given)
        for given in annotations(quads)
        if not any(
            all(values <= axiom.get(part, frozenset()) for part, values in given.items())
            for axiom in held
        )
    ]


@pytest.fixture(scope="module")
def held_annotations(seed_store: Store) -> list[Annotation]:
    """The store's axiom annotations, read in one pass (blank nodes name nothing across
    requests to a remote store)."""
    return annotations(seed_store.quads())


@pytest.mark.parametrize("operation", sorted(SAMPLES))
def test_json_ld_expands_to_defined_terms_and_held_links(
    seed_client: TestClient,
    seed_store: Store,
    defined_terms: set[str],
    held_annotations: list[Annotation],
    operation: str,
) -> None:
    context_url = str(seed_client.base_url) + "/api/context.jsonld"
    for url in SAMPLES[operation]:
        document, quads, undefined, fetched = expanded(seed_client, url)
        reference = document["@context"]
        assert (reference if isinstance(reference, str) else reference[0]) == context_url, url
        assert fetched == [context_url], url
        assert undefined == [], f"{url}: keys the context does not define: {set(undefined)}"
        predicates = {quad.predicate.value for quad in quads}
        invented = {term for term in predicates if term not in defined_terms and not w3c_term(term)}
        assert invented == set(), f"{url}: predicates no vocabulary defines"
        assert links_not_held(seed_store, quads) == [], f"{url}: links the store does not hold"
        assert values_not_held(seed_store, quads) == [], f"{url}: values the store does not hold"
        not_annotated = annotations_not_held(held_annotations, quads)
        assert not_annotated == [], f"{url}: axiom annotations the store does not hold"


def test_json_ld_profile_is_the_organisation_in_the_graph(seed_client: TestClient) -> None:
    _, quads, _, _ = expanded(seed_client, "/api/organizations/openzone")
    triples = {quad.triple for quad in quads}
    openzone = pyoxigraph.NamedNode(IGID + "organisation/openzone")
    zambon = pyoxigraph.NamedNode(IGID + "organisation/zambon")
    stated = {
        (pyoxigraph.NamedNode(IG + "foundedBy"), zambon),
        (pyoxigraph.NamedNode(str(RDFS.label)), pyoxigraph.Literal("OpenZone", language="it")),
        (pyoxigraph.NamedNode(str(RDF.type)), pyoxigraph.NamedNode(IG + "SciencePark")),
        (
            pyoxigraph.NamedNode(IG + "activeInSector"),
            pyoxigraph.NamedNode(IGID + "sector/healthcare"),
        ),
    }
    assert {pyoxigraph.Triple(openzone, *pair) for pair in stated} <= triples
    assert {quad.predicate.value for quad in quads if quad.subject == openzone} >= {
        IG + "mission",
        IG + "description",
        IG + "near",
        IG + "website",
    }


def test_json_ld_context_is_served_cacheable(seed_client: TestClient) -> None:
    first = seed_client.get("/api/context.jsonld")
    tag = first.headers["etag"]
    again = seed_client.get("/api/context.jsonld", headers={"If-None-Match": tag})
    assert first.headers["content-type"] == JSON_LD
    assert "@context" in first.json()
    assert "public" in first.headers["cache-control"]
    assert again.status_code == 304
    assert seed_client.head("/api/context.jsonld").status_code == 200


def test_json_ld_names_the_context_at_the_public_url(seed_store: Store) -> None:
    settings = replace(seed_settings(REPOSITORY / "queries"), public_url="https://kg.example.org/")
    with TestClient(create_app(settings, seed_store)) as client:
        answer = client.get("/api/organizations/openzone", headers={"Accept": JSON_LD})
    assert answer.json()["@context"] == "https://kg.example.org/api/context.jsonld"
