"""`/rdf-graphs` (api/routes/graph_store.py, innograph/sparql/graph_store.py): the Graph Store
Protocol."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest

from innograph.lookups.labels import naming
from innograph.lookups.tables import derived_path
from tests.api.conftest import EX, SparqlClientFactory, SparqlStoreFactory

AUTH = {"Authorization": "Bearer s3cret"}
TURTLE = {"Content-Type": "text/turtle", **AUTH}
NEW = f"{EX}graphs/new"
LABELLED = f'<{EX}acme> a <{EX}Company> ; <http://www.w3.org/2000/01/rdf-schema#label> "Acme" .'

SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{EX}CompanyShape> a sh:NodeShape ;
    sh:targetClass <{EX}Company> ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .
"""


def triples(body: bytes, rdf_format: pyoxigraph.RdfFormat) -> set[tuple[str, str, str]]:
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in pyoxigraph.parse(body, format=rdf_format)
    }


def count(client: object, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    response = client.get("/sparql", params={"query": query})  # type: ignore[attr-defined]
    return int(json.loads(response.content)["results"]["bindings"][0]["n"]["value"])


def test_graph_store_reads_a_named_graph_without_a_token(
    sparql_client_factory: SparqlClientFactory, sparql_store_factory: SparqlStoreFactory
) -> None:
    store, graphs = sparql_store_factory()
    client = sparql_client_factory(store)
    response = client.get(
        "/rdf-graphs",
        params={"graph": graphs["people.ttl"]},
        headers={"Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/n-triples"
    assert len(triples(response.content, pyoxigraph.RdfFormat.N_TRIPLES)) == 3
    repeated = client.get(
        "/rdf-graphs",
        params={"graph": graphs["people.ttl"]},
        headers={"Accept": "application/n-triples", "If-None-Match": response.headers["etag"]},
    )
    assert repeated.status_code == 304


def test_graph_store_reads_the_default_graph_as_the_union(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    response = sparql_client_factory().get("/rdf-graphs?default", headers={"Accept": "text/turtle"})
    assert len(triples(response.content, pyoxigraph.RdfFormat.TURTLE)) == 59


@pytest.mark.parametrize(
    ("query", "status", "detail"),
    [
        # no graph named
        ("", 400, "name exactly one graph: ?graph=<IRI> or ?default"),
        # both
        (f"?default&graph={EX}g", 400, "name exactly one graph: ?graph=<IRI> or ?default"),
        # not an IRI
        ("?graph=not%20an%20iri", 400, None),
        # a graph the store does not hold
        (f"?graph={EX}nothing", 404, f"no graph {EX}nothing"),
    ],
)
def test_graph_store_get_refuses_bad_targets(
    sparql_client_factory: SparqlClientFactory, query: str, status: int, detail: str | None
) -> None:
    response = sparql_client_factory().get("/rdf-graphs" + query)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    if detail is not None:
        assert json.loads(response.content)["detail"] == detail


def test_graph_store_put_creates_then_replaces_a_graph(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory(update_token="s3cret")
    created = client.put("/rdf-graphs", params={"graph": NEW}, content=LABELLED, headers=TURTLE)
    assert created.status_code == 201
    assert count(client, NEW) == 2
    replacement = f"<{EX}x> <{EX}p> <{EX}y> ."
    replaced = client.put("/rdf-graphs", params={"graph": NEW}, content=replacement, headers=TURTLE)
    assert replaced.status_code == 204
    read = client.get("/rdf-graphs", params={"graph": NEW}, headers={"Accept": "text/turtle"})
    assert triples(read.content, pyoxigraph.RdfFormat.TURTLE) == {
        (f"<{EX}x>", f"<{EX}p>", f"<{EX}y>")
    }


def test_graph_store_post_merges_into_a_graph(
    sparql_client_factory: SparqlClientFactory, sparql_store_factory: SparqlStoreFactory
) -> None:
    store, graphs = sparql_store_factory()
    client = sparql_client_factory(store, update_token="s3cret")
    added = f"<{EX}bob> <{EX}worksAt> <{EX}tuspark> ."
    response = client.post(
        "/rdf-graphs",
        params={"graph": graphs["people.ttl"]},
        content=added,
        headers={"Content-Type": "application/n-triples", **AUTH},
    )
    assert response.status_code == 204
    assert count(client, graphs["people.ttl"]) == 4


def test_graph_store_delete_drops_a_graph_and_forgets_its_file(
    sparql_client_factory: SparqlClientFactory, sparql_store_factory: SparqlStoreFactory
) -> None:
    store, graphs = sparql_store_factory()
    client = sparql_client_factory(store, update_token="s3cret")
    response = client.delete("/rdf-graphs", params={"graph": graphs["people.ttl"]}, headers=AUTH)
    assert response.status_code == 204
    assert graphs["people.ttl"] not in store.named_graphs()
    assert graphs["people.ttl"] not in store.catalog()
    again = client.delete("/rdf-graphs", params={"graph": graphs["people.ttl"]}, headers=AUTH)
    assert again.status_code == 404


@pytest.mark.parametrize(
    ("token", "headers", "status"),
    [
        # no token configured: read-only service
        (None, TURTLE, 403),
        # token configured, none sent
        ("s3cret", {"Content-Type": "text/turtle"}, 401),
        # wrong token
        ("s3cret", {"Content-Type": "text/turtle", "Authorization": "Bearer nope"}, 401),
    ],
)
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_graph_store_writes_need_the_token(
    sparql_client_factory: SparqlClientFactory,
    token: str | None,
    headers: dict[str, str],
    status: int,
    method: str,
) -> None:
    client = sparql_client_factory(update_token=token)
    response = client.request(
        method, "/rdf-graphs", params={"graph": NEW}, content=LABELLED, headers=headers
    )
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert NEW not in client.app.state.store.named_graphs()  # type: ignore[attr-defined]


def test_graph_store_refuses_to_write_the_default_graph(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory(update_token="s3cret")
    response = client.put("/rdf-graphs?default", content=LABELLED, headers=TURTLE)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"


def test_graph_store_returns_415_for_an_unknown_upload_type(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory(update_token="s3cret")
    response = client.put(
        "/rdf-graphs",
        params={"graph": NEW},
        content=LABELLED,
        headers={"Content-Type": "application/json", **AUTH},
    )
    assert response.status_code == 415
    assert json.loads(response.content)["detail"] == (
        "unsupported content type 'application/json'; send text/turtle, application/n-triples, "
        "text/plain, application/rdf+xml, application/ld+json"
    )


def test_graph_store_refuses_malformed_data_and_keeps_the_graph(
    sparql_client_factory: SparqlClientFactory, sparql_store_factory: SparqlStoreFactory
) -> None:
    store, graphs = sparql_store_factory()
    client = sparql_client_factory(store, update_token="s3cret")
    response = client.put(
        "/rdf-graphs",
        params={"graph": graphs["people.ttl"]},
        content=f"<{EX}a> <{EX}b> .",
        headers=TURTLE,
    )
    assert response.status_code == 400
    assert json.loads(response.content)["detail"].startswith("request body:1:")
    assert count(client, graphs["people.ttl"]) == 3


def test_graph_store_validates_writes_with_the_shapes(
    sparql_client_factory: SparqlClientFactory,
    sparql_store_factory: SparqlStoreFactory,
    tmp_path: Path,
) -> None:
    """A company without a label breaks the shape: 422, and the graph is left as it was."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    store, graphs = sparql_store_factory()
    client = sparql_client_factory(store, update_token="s3cret", shapes=shapes, ontology_paths=())
    unlabelled = f"<{EX}nameless> a <{EX}Company> ."
    for method in ("PUT", "POST"):
        response = client.request(
            method,
            "/rdf-graphs",
            params={"graph": graphs["people.ttl"]},
            content=unlabelled,
            headers=TURTLE,
        )
        assert response.status_code == 422
        detail = json.loads(response.content)["detail"]
        assert detail.startswith("request body: 1 SHACL violation(s):")
        assert f"focus node {EX}nameless" in detail
    assert count(client, graphs["people.ttl"]) == 3
    ok = client.put("/rdf-graphs", params={"graph": NEW}, content=LABELLED, headers=TURTLE)
    assert ok.status_code == 201


def test_graph_store_writes_prepare_the_lookups_of_the_new_version(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    """REST lookups answer from the new version at once: its tables are built after the write."""
    client = sparql_client_factory(update_token="s3cret")
    store = client.app.state.store  # type: ignore[attr-defined]
    client.put("/rdf-graphs", params={"graph": NEW}, content=LABELLED, headers=TURTLE)
    assert derived_path(store, "names").is_file()
    assert derived_path(store, "search").is_file()
    assert naming(store, f"{EX}acme").display == "Acme"


def test_sparql_update_is_validated_with_the_shapes_like_a_graph_store_write(
    sparql_client_factory: SparqlClientFactory,
    sparql_store_factory: SparqlStoreFactory,
    tmp_path: Path,
) -> None:
    """An update that leaves a company without a label: 422 naming the focus node, and the
    store unchanged; the same update with the label is applied."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    store, graphs = sparql_store_factory()
    client = sparql_client_factory(store, update_token="s3cret", shapes=shapes, ontology_paths=())
    version = store.version
    graph = graphs["people.ttl"]
    unlabelled = f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}nameless> a <{EX}Company> }} }}"
    refused = client.post("/sparql", data={"update": unlabelled}, headers=AUTH)
    assert refused.status_code == 422
    detail = json.loads(refused.content)["detail"]
    assert detail.startswith("SPARQL Update: 1 SHACL violation(s):")
    assert f"focus node {EX}nameless" in detail
    assert (store.version, count(client, graph)) == (version, 3)
    # a change the shapes allow, in another graph, and one to the default graph
    labelled = (
        f"INSERT DATA {{ GRAPH <{NEW}> {{ <{EX}acme> a <{EX}Company> ; "
        f'<http://www.w3.org/2000/01/rdf-schema#label> "Acme" }} }}'
    )
    assert client.post("/sparql", data={"update": labelled}, headers=AUTH).status_code == 204
    assert count(client, NEW) == 2
    nameless_default = f"INSERT DATA {{ <{EX}ghost> a <{EX}Company> }}"
    assert (
        client.post("/sparql", data={"update": nameless_default}, headers=AUTH).status_code == 422
    )
