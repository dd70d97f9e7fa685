"""`/sparql` with real clients: SPARQLWrapper and rdflib's SPARQLStore against a live uvicorn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper

from api.main import create_app
from tests.api.conftest import EX, live_server, make_sparql_store, sparql_settings

TOKEN = "s3cret"
LABEL = rdflib.RDFS.label
ORGANISATIONS = (
    f"SELECT ?s ?label WHERE {{ ?s a <{EX}SciencePark> ; <{LABEL}> ?label }} ORDER BY ?s"
)
ASK = f"ASK {{ <{EX}alice> <{EX}worksAt> <{EX}openzone> }}"
CONSTRUCT = f"CONSTRUCT {{ ?s <{EX}partner> ?o }} WHERE {{ ?s <{EX}partner> ?o }}"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of `/sparql` on a live server over the fixture files, writable with TOKEN."""
    store, _ = make_sparql_store(tmp_path_factory.mktemp("clients"))
    app = create_app(sparql_settings(update_token=TOKEN), store)
    with live_server(app) as base:
        yield base + "/sparql"
    store.close()


def wrapper(endpoint: str, query: str, return_format: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    return client


@pytest.mark.parametrize("return_format", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_in_each_results_format(endpoint: str, return_format: str) -> None:
    converted = wrapper(endpoint, ORGANISATIONS, return_format).query().convert()
    if return_format == JSON:
        assert isinstance(converted, dict)
        rows = [(b["s"]["value"], b["label"]["value"]) for b in converted["results"]["bindings"]]
        assert rows == [(f"{EX}openzone", "OpenZone"), (f"{EX}tuspark", "TusPark")]
    elif return_format == XML:
        assert len(converted.getElementsByTagName("result")) == 2  # type: ignore[union-attr]
    else:
        assert isinstance(converted, bytes)
        separator = b"," if return_format == CSV else b"\t"
        lines = converted.strip().splitlines()
        assert len(lines) == 3 and separator in lines[0]


@pytest.mark.parametrize("return_format", [JSON, XML])
def test_sparqlwrapper_ask(endpoint: str, return_format: str) -> None:
    converted = wrapper(endpoint, ASK, return_format).query().convert()
    if return_format == JSON:
        assert converted == {"head": {}, "boolean": True}
    else:
        boolean = converted.getElementsByTagName("boolean")[0]  # type: ignore[union-attr]
        assert boolean.toxml() == "<boolean>true</boolean>"


@pytest.mark.parametrize("return_format", [TURTLE, XML, "json-ld", "n3"])
def test_sparqlwrapper_construct_in_each_rdf_format(endpoint: str, return_format: str) -> None:
    result = wrapper(endpoint, CONSTRUCT, return_format).query()
    body = result.response.read()
    content_type = result.info()["content-type"].split(";")[0]
    parse_as = {
        "text/turtle": "turtle",
        "application/rdf+xml": "xml",
        "application/ld+json": "json-ld",
    }[content_type]
    if parse_as == "json-ld":
        assert b'"http://example.org/partner"' in body
        return
    graph = rdflib.Graph().parse(data=body, format=parse_as)
    assert set(graph) == {
        (
            rdflib.URIRef(f"{EX}openzone"),
            rdflib.URIRef(f"{EX}partner"),
            rdflib.URIRef(f"{EX}tuspark"),
        )
    }


def test_sparqlwrapper_update_round_trip_with_the_token(endpoint: str) -> None:
    update = SPARQLWrapper(endpoint)
    update.setMethod(POST)
    update.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    update.setQuery(f'INSERT DATA {{ GRAPH <{EX}wrapper> {{ <{EX}carol> <{LABEL}> "Carol" }} }}')
    assert update.query().response.status == 204
    check = wrapper(endpoint, f'ASK {{ <{EX}carol> <{LABEL}> "Carol" }}', JSON)
    assert check.query().convert() == {"head": {}, "boolean": True}
    update.setQuery(f"DROP GRAPH <{EX}wrapper>")
    assert update.query().response.status == 204
    assert check.query().convert() == {"head": {}, "boolean": False}


@pytest.mark.parametrize("return_format", ["json", "xml", "csv"])
def test_rdflib_sparqlstore_select_and_ask(endpoint: str, return_format: str) -> None:
    graph = rdflib.Graph(SPARQLStore(endpoint, returnFormat=return_format))
    rows = [
        (str(row[0]), str(row[1]))
        for row in graph.query(ORGANISATIONS)
        if isinstance(row, rdflib.query.ResultRow)
    ]
    assert rows == [(f"{EX}openzone", "OpenZone"), (f"{EX}tuspark", "TusPark")]
    if return_format != "csv":
        assert graph.query(ASK).askAnswer is True


def test_rdflib_sparqlstore_construct(endpoint: str) -> None:
    """rdflib asks for `application/sparql-results+xml, application/rdf+xml` with "xml"."""
    graph = rdflib.Graph(SPARQLStore(endpoint, returnFormat="xml"))
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None and len(constructed) == 1


def test_rdflib_sparqlupdatestore_round_trip_with_the_token(endpoint: str) -> None:
    store = SPARQLUpdateStore(
        endpoint, endpoint, returnFormat="json", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    graph = rdflib.Graph(store, identifier=rdflib.URIRef(f"{EX}rdflib"))
    triple = (rdflib.URIRef(f"{EX}dave"), LABEL, rdflib.Literal("Dave"))
    graph.add(triple)
    assert triple in graph
    graph.remove(triple)
    assert triple not in graph


def test_rdflib_sparqlupdatestore_is_refused_without_the_token(endpoint: str) -> None:
    store = SPARQLUpdateStore(endpoint, endpoint, returnFormat="json")
    graph = rdflib.Graph(store, identifier=rdflib.URIRef(f"{EX}rdflib"))
    with pytest.raises(Exception, match="401"):
        graph.add((rdflib.URIRef(f"{EX}eve"), LABEL, rdflib.Literal("Eve")))


def test_endpoint_fixture_store_is_file_backed(tmp_path: Path) -> None:
    """The module's server reads what `make_sparql_store` wrote: two files, two graphs."""
    store, graphs = make_sparql_store(tmp_path)
    assert sorted(store.named_graphs()) == sorted(graphs.values())
    store.close()
