"""The JSON-LD answers are the graph: a JSON-LD processor (pyld) expands every REST answer into
terms the ontology or the W3C vocabularies define, and into no link between two resources that
the store does not hold; the links between actors (`/links`, paths, the network's edges) into
the triples of the graph that carry them, stated or, on a reasoned store, inferred.

The operations are read from the OpenAPI document (every `/api/` operation offering
`application/ld+json`), so a new one fails here until it has sample requests below. The context
is fetched from the served app by URL, as a client would, and from nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph
import pytest
import rdflib
from fastapi.testclient import TestClient
from pyld import jsonld
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from api.main import create_app
from innograph.lookups.identifiers import resolve
from innograph.namespaces import IG, IGID, INFERRED_GRAPH, PREFIXES
from innograph.store import Store
from tests.api.conftest import ACME, ACME_MOU, seed_settings
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


LINKED = ("GET /api/organizations/{id}/links", "GET /api/paths", "GET /api/network")
"""The operations whose answers are links between actors."""

Connection = tuple[str, str, str | None]
"""A link as its JSON gives it: the IRIs of its two actors and of the node carrying it."""


def connections(url: str, document: dict[str, Any]) -> list[Connection]:
    """The links a JSON answer of `LINKED` gives, read from their own keys (not `statements`):
    `/links` from the actor asked for, a path's hops from end to end, the network's edges
    between the nodes their ids name."""

    def via(link: dict[str, Any]) -> str | None:
        return link["via"]["iri"] if link["via"] else None

    if "links" in document:
        asked = urlsplit(url).path.removeprefix("/api/organizations/").removesuffix("/links")
        actor = resolve(asked, kind="organisation", what="actor").value
        return [(actor, link["other"]["iri"], via(link)) for link in document["links"]]
    if "paths" in document:
        hops = [hop for path in document["paths"] for hop in path["hops"]]
        return [(hop["start"]["iri"], hop["end"]["iri"], via(hop)) for hop in hops]
    iris = {node["id"]: node["iri"] for node in document["nodes"]}
    return [(iris[edge["source"]], iris[edge["target"]], via(edge)) for edge in document["edges"]]


def unconnected(links: list[Connection], quads: list[pyoxigraph.Quad]) -> list[Connection]:
    """The links no triple of the expansion carries: a triple between the two actors (either
    way), or for a link through a node, a triple from the node to each."""
    pairs = {(quad.subject.value, quad.object.value) for quad in quads}
    return [
        (one, other, node)
        for one, other, node in links
        if not (
            {(node, one), (node, other)} <= pairs
            if node
            else (one, other) in pairs or (other, one) in pairs
        )
    ]


@pytest.mark.parametrize("operation", LINKED)
def test_json_ld_links_expand_to_the_triples_that_carry_them(
    seed_client: TestClient, operation: str
) -> None:
    for url in SAMPLES[operation]:
        document, quads, _, _ = expanded(seed_client, url)
        links = connections(url, document)
        assert links, f"{url}: a sample with no links tests nothing"
        assert unconnected(links, quads) == [], f"{url}: links that expand to nothing"


def test_json_ld_links_of_openzone_are_its_statements(seed_client: TestClient) -> None:
    _, quads, _, _ = expanded(seed_client, "/api/organizations/openzone/links")
    node = pyoxigraph.NamedNode
    openzone, mou, membership = (
        node(IGID + name)
        for name in (
            "organisation/openzone",
            "agreement/openzone-tuspark-2021-mou",
            "membership/openzone-iasp",
        )
    )
    stated = {
        pyoxigraph.Triple(mou, node(IG + "hasParty"), openzone),
        pyoxigraph.Triple(mou, node(IG + "hasParty"), node(IGID + "organisation/tuspark-jiangsu")),
        pyoxigraph.Triple(openzone, node(IG + "foundedBy"), node(IGID + "organisation/zambon")),
        pyoxigraph.Triple(membership, node(PREFIXES["org"] + "member"), openzone),
        pyoxigraph.Triple(
            membership, node(PREFIXES["org"] + "organization"), node(IGID + "organisation/iasp")
        ),
    }
    assert stated <= {quad.triple for quad in quads}


REASONED_SAMPLES = (
    f"/api/organizations/{ACME}/links",
    "/api/organizations/zambon/links",
    "/api/organizations/iasp/links",
    f"/api/paths?from={ACME}&to=openzone",
    "/api/network?around=zambon",
    "/api/network",
)
"""Link answers on the reasoned store: Acme's links rest on inferences (ig:hasParty's inverse,
ig:hasAgreementWith's symmetry), and Zambon's `founded` is held both as stated and inferred."""


@pytest.fixture(scope="module")
def reasoned_client(reasoned_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings(REPOSITORY / "queries"), reasoned_store)) as client:
        yield client


@pytest.mark.parametrize("url", REASONED_SAMPLES)
def test_json_ld_links_on_a_reasoned_store_expand_to_held_triples(
    reasoned_client: TestClient, reasoned_store: Store, defined_terms: set[str], url: str
) -> None:
    document, quads, undefined, _ = expanded(reasoned_client, url)
    assert undefined == [], f"{url}: keys the context does not define: {set(undefined)}"
    predicates = {quad.predicate.value for quad in quads}
    assert {
        term for term in predicates if term not in defined_terms and not w3c_term(term)
    } == set()
    assert links_not_held(reasoned_store, quads) == [], f"{url}: links the store does not hold"
    assert unconnected(connections(url, document), quads) == [], f"{url}: links expand to nothing"


def test_json_ld_link_only_a_rule_entails_expands_to_the_inferred_triple(
    reasoned_client: TestClient, reasoned_store: Store
) -> None:
    """Acme's agreement with Zambon rests on `<mou> ig:hasParty <acme>`, which only the inverse
    of Acme's own ig:partyTo gives: the link expands to that triple of the inferred graph."""
    url = f"/api/organizations/{ACME}/links"
    document, quads, _, _ = expanded(reasoned_client, url)
    (link,) = [link for link in document["links"] if link["via"] and link["via"]["iri"] == ACME_MOU]
    assert link["inferred_by"] is not None
    inferred = pyoxigraph.Triple(
        pyoxigraph.NamedNode(ACME_MOU),
        pyoxigraph.NamedNode(IG + "hasParty"),
        pyoxigraph.NamedNode(ACME),
    )
    assert inferred in {quad.triple for quad in quads}
    assert next(reasoned_store.quads(*inferred, graph=INFERRED_GRAPH), None) is not None


def test_json_ld_stated_link_expands_to_its_statement_not_its_inferred_inverse(
    reasoned_client: TestClient,
) -> None:
    """Zambon `founded` OpenZone is held twice on the reasoned store: the release's
    `openzone ig:foundedBy zambon`, and its inferred inverse; the link gives the statement."""
    document, quads, _, _ = expanded(reasoned_client, "/api/organizations/zambon/links")
    zambon = pyoxigraph.NamedNode(IGID + "organisation/zambon")
    openzone = pyoxigraph.NamedNode(IGID + "organisation/openzone")
    triples = {quad.triple for quad in quads}
    assert pyoxigraph.Triple(openzone, pyoxigraph.NamedNode(IG + "foundedBy"), zambon) in triples
    assert pyoxigraph.Triple(zambon, pyoxigraph.NamedNode(IG + "founded"), openzone) not in triples


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("operation", ["GET /api/organizations/{id}/links", "GET /api/paths"])
def test_json_ld_links_expand_alike_in_rdflib(seed_client: TestClient, operation: str) -> None:
    """rdflib's JSON-LD parser applies no context of a nesting term (w3c/json-ld-api#380): the
    links and paths need none, so it reads the same triples from them as pyld does. (Its
    parser builds a ConjunctiveGraph, which rdflib itself deprecates.)"""
    shared = seed_client.get("/api/context.jsonld").json()["@context"]
    for url in SAMPLES[operation]:
        document, quads, _, _ = expanded(seed_client, url)
        reference = document["@context"]
        own = reference[1:] if isinstance(reference, list) else []
        graph = rdflib.Graph().parse(
            data=json.dumps({**document, "@context": [shared, *own]}), format="json-ld"
        )
        read = {(str(s), str(p), str(o)) for s, p, o in graph}
        assert read == {(q.subject.value, q.predicate.value, q.object.value) for q in quads}, url


def test_json_ld_context_defines_every_prefix_of_the_ids(seed_client: TestClient) -> None:
    """A statement's key is its property's prefixed name (`rest_id`): each prefix an id may
    use must be the context's, or a processor reads `foaf:…` as an IRI of a `foaf` scheme."""
    context = seed_client.get("/api/context.jsonld").json()["@context"]
    assert {prefix: context.get(prefix) for prefix in PREFIXES} == PREFIXES
