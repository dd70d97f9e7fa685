"""A write through the service that changes no quad keeps the store version, so every ETag,
cache and lookup table of that version stays valid (issue #14, defect 2)."""

from __future__ import annotations

from tests.api.conftest import EX, SparqlClientFactory, SparqlStoreFactory

AUTH = {"Authorization": "Bearer s3cret"}
GRAPH = f"{EX}graphs/same"
BODY = f'<{EX}x> <{EX}p> <{EX}y> .\n<{EX}x> <{EX}q> "1" .'


def test_an_identical_put_and_a_no_op_update_keep_the_version_and_a_change_moves_it(
    sparql_client_factory: SparqlClientFactory, sparql_store_factory: SparqlStoreFactory
) -> None:
    store, _ = sparql_store_factory()
    client = sparql_client_factory(store, update_token="s3cret")
    headers = {"Content-Type": "application/n-triples", **AUTH}
    created = client.put("/rdf-graphs", params={"graph": GRAPH}, content=BODY, headers=headers)
    assert created.status_code == 201
    version = store.version
    again = client.put("/rdf-graphs", params={"graph": GRAPH}, content=BODY, headers=headers)
    assert (again.status_code, store.version) == (204, version), again.content
    present = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{EX}x> <{EX}p> <{EX}y> }} }}"
    assert client.post("/sparql", data={"update": present}, headers=AUTH).status_code == 204
    absent = f"DELETE DATA {{ GRAPH <{GRAPH}> {{ <{EX}nobody> <{EX}p> <{EX}y> }} }}"
    assert client.post("/sparql", data={"update": absent}, headers=AUTH).status_code == 204
    assert store.version == version
    changed = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{EX}x> <{EX}p> <{EX}z> }} }} ;"
    assert client.post("/sparql", data={"update": changed}, headers=AUTH).status_code == 204
    assert store.version != version
