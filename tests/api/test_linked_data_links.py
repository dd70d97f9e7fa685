"""The links between actors are the graph: a JSON-LD processor expands each of `/links`, each
hop of `/api/paths` and each edge of `/api/network` into the triples of the graph that carry it
(its `statements`), stated or, on a reasoned store, inferred; and into nothing the store does
not hold. The context is fetched from the served app, as in `test_linked_data.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph
import pytest
import rdflib
from fastapi.testclient import TestClient

from api.main import create_app
from innograph.lookups.identifiers import resolve
from innograph.namespaces import IG, IGID, INFERRED_GRAPH, PREFIXES
from innograph.store import Store
from tests.api.conftest import ACME, ACME_MOU, seed_settings
from tests.api.test_linked_data import SAMPLES, expanded, links_not_held, ontology_terms, w3c_term
from tests.conftest import REPOSITORY

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
def vocabulary() -> set[str]:
    """The properties the ontology declares (`ontology_terms`)."""
    return ontology_terms()


@pytest.fixture(scope="module")
def reasoned_client(reasoned_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings(REPOSITORY / "queries"), reasoned_store)) as client:
        yield client


@pytest.mark.parametrize("url", REASONED_SAMPLES)
def test_json_ld_links_on_a_reasoned_store_expand_to_held_triples(
    reasoned_client: TestClient, reasoned_store: Store, vocabulary: set[str], url: str
) -> None:
    document, quads, undefined, _ = expanded(reasoned_client, url)
    assert undefined == [], f"{url}: keys the context does not define: {set(undefined)}"
    predicates = {quad.predicate.value for quad in quads}
    assert {term for term in predicates if term not in vocabulary and not w3c_term(term)} == set()
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
