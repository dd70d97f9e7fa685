"""`/sparql` (api/routes/sparql.py, api/protocol.py): the SPARQL 1.1 Protocol, in process."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph
import pytest
import rdflib

from innograph.sparql.results import SPILL_BYTES
from tests.api.conftest import EX, SparqlClientFactory, SparqlStoreFactory
from tests.test_results import ROWS

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABELS = f"SELECT ?label WHERE {{ ?s <{LABEL}> ?label }}"
ORGANISATIONS = (
    "SELECT ?s WHERE { ?s a ?kind "
    f"VALUES ?kind {{ <{EX}SciencePark> <{EX}Company> }} }} ORDER BY ?s"
)
PARTNERS = f"CONSTRUCT {{ ?s <{EX}partner> ?o }} WHERE {{ ?s <{EX}partner> ?o }}"


def labels_of(body: bytes) -> set[str]:
    bindings = json.loads(body)["results"]["bindings"]
    return {binding["label"]["value"] for binding in bindings}


def test_sparql_answers_the_same_query_by_get_form_and_body(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory()
    by_get = client.get("/sparql", params={"query": LABELS})
    by_form = client.post("/sparql", data={"query": LABELS})
    by_body = client.post(
        "/sparql", content=LABELS, headers={"Content-Type": "application/sparql-query"}
    )
    assert [r.status_code for r in (by_get, by_form, by_body)] == [200, 200, 200]
    assert labels_of(by_get.content) == labels_of(by_form.content) == labels_of(by_body.content)
    assert {"OpenZone", "Alice", "Company 07"} <= labels_of(by_get.content)


def test_sparql_default_graph_is_the_union_and_each_file_a_named_graph(
    sparql_client_factory: SparqlClientFactory, sparql_store_factory: SparqlStoreFactory
) -> None:
    store, graphs = sparql_store_factory()
    client = sparql_client_factory(store)
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    named = json.loads(client.get("/sparql", params={"query": query}).content)
    assert {b["g"]["value"] for b in named["results"]["bindings"]} == set(graphs.values())
    assert len(labels_of(client.get("/sparql", params={"query": LABELS}).content)) == 28


@pytest.mark.parametrize(
    ("graph_file", "expected"),
    [
        # only the people file: one label
        ("people.ttl", {"Alice"}),
        # a graph the store does not hold is an empty default graph
        (None, set()),
    ],
)
def test_sparql_default_graph_uri_chooses_the_default_graph(
    sparql_client_factory: SparqlClientFactory,
    sparql_store_factory: SparqlStoreFactory,
    graph_file: str | None,
    expected: set[str],
) -> None:
    store, graphs = sparql_store_factory()
    client = sparql_client_factory(store)
    graph = graphs[graph_file] if graph_file else f"{EX}no-such-graph"
    response = client.get("/sparql", params={"query": LABELS, "default-graph-uri": graph})
    assert response.status_code == 200
    assert labels_of(response.content) == expected


def test_sparql_named_graph_uri_limits_what_graph_can_see(
    sparql_client_factory: SparqlClientFactory, sparql_store_factory: SparqlStoreFactory
) -> None:
    store, graphs = sparql_store_factory()
    client = sparql_client_factory(store)
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.post(
        "/sparql",
        content=query,
        params={"named-graph-uri": graphs["people.ttl"]},
        headers={"Content-Type": "application/sparql-query"},
    )
    bindings = json.loads(response.content)["results"]["bindings"]
    assert [b["g"]["value"] for b in bindings] == [graphs["people.ttl"]]


def test_sparql_from_clause_of_the_query_is_honoured_without_protocol_dataset(
    sparql_client_factory: SparqlClientFactory, sparql_store_factory: SparqlStoreFactory
) -> None:
    store, graphs = sparql_store_factory()
    client = sparql_client_factory(store)
    query = LABELS.replace("WHERE", f"FROM <{graphs['people.ttl']}> WHERE")
    assert labels_of(client.get("/sparql", params={"query": query}).content) == {"Alice"}


def test_sparql_default_graph_can_be_the_stores_own_instead_of_the_union(
    sparql_client_factory: SparqlClientFactory, sparql_store_factory: SparqlStoreFactory
) -> None:
    """INNOGRAPH_DEFAULT_GRAPH=own: loaded files (named graphs) leave the default graph empty,
    as in plain SPARQL stores; GRAPH, default-graph-uri and FROM still reach them."""
    store, graphs = sparql_store_factory()
    client = sparql_client_factory(store, union_default_graph=False)
    assert labels_of(client.get("/sparql", params={"query": LABELS}).content) == set()
    in_graphs = LABELS.replace("{ ?s", "{ GRAPH ?g { ?s").replace("?label }", "?label } }")
    assert len(labels_of(client.get("/sparql", params={"query": in_graphs}).content)) == 28
    chosen = {"query": LABELS, "default-graph-uri": graphs["people.ttl"]}
    assert labels_of(client.get("/sparql", params=chosen).content) == {"Alice"}
    query = LABELS.replace("WHERE", f"FROM <{graphs['people.ttl']}> WHERE")
    assert labels_of(client.get("/sparql", params={"query": query}).content) == {"Alice"}


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        # no Accept header: SPARQL JSON
        (None, "application/sparql-results+json"),
        # a browser's Accept: JSON through */*
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ],
)
def test_sparql_select_is_written_in_each_results_format(
    sparql_client_factory: SparqlClientFactory, accept: str | None, media_type: str
) -> None:
    client = sparql_client_factory()
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": ORGANISATIONS}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    results_format = {
        "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
        "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
        "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
    }.get(media_type.split(";")[0])
    if results_format is None:
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["s"] and len(rows) == 28
    else:
        parsed = pyoxigraph.parse_query_results(response.content, format=results_format)
        assert isinstance(parsed, pyoxigraph.QuerySolutions)
        assert len(list(parsed)) == 27


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
        ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", pyoxigraph.RdfFormat.RDF_XML),
        ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
        ("application/trig", pyoxigraph.RdfFormat.TRIG),
        ("application/n-quads", pyoxigraph.RdfFormat.N_QUADS),
    ],
)
def test_sparql_construct_is_written_in_each_rdf_format(
    sparql_client_factory: SparqlClientFactory, accept: str, rdf_format: pyoxigraph.RdfFormat
) -> None:
    client = sparql_client_factory()
    response = client.get("/sparql", params={"query": PARTNERS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    quads = list(pyoxigraph.parse(response.content, format=rdf_format))
    assert [(q.subject.value, q.object.value) for q in quads] == [(f"{EX}openzone", f"{EX}tuspark")]


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ],
)
def test_sparql_format_parameter_overrides_accept(
    sparql_client_factory: SparqlClientFactory, fmt: str, media_type: str
) -> None:
    client = sparql_client_factory()
    response = client.get(
        "/sparql",
        params={"query": ORGANISATIONS, "format": fmt},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.headers["content-type"] == media_type


def test_sparql_ask_and_describe_are_answered(sparql_client_factory: SparqlClientFactory) -> None:
    client = sparql_client_factory()
    ask = client.get("/sparql", params={"query": f"ASK {{ <{EX}alice> ?p ?o }}"})
    assert json.loads(ask.content) == {"head": {}, "boolean": True}
    describe = client.get(
        "/sparql", params={"query": f"DESCRIBE <{EX}alice>"}, headers={"Accept": "text/turtle"}
    )
    graph = rdflib.Graph().parse(data=describe.content, format="turtle")
    assert (rdflib.URIRef(f"{EX}alice"), rdflib.RDFS.label, rdflib.Literal("Alice")) in graph


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        # no results format at all
        (ORGANISATIONS, "image/png"),
        # a SELECT cannot be Turtle
        (ORGANISATIONS, "text/turtle"),
        # a CONSTRUCT cannot be CSV
        (PARTNERS, "text/csv"),
    ],
)
def test_sparql_returns_406_when_no_accepted_format_fits(
    sparql_client_factory: SparqlClientFactory, query: str, accept: str
) -> None:
    response = sparql_client_factory().get(
        "/sparql", params={"query": query}, headers={"Accept": accept}
    )
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert json.loads(response.content)["status"] == 406


def test_sparql_returns_400_with_position_when_query_is_malformed(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    response = sparql_client_factory().get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert (
        json.loads(response.content)["detail"]
        == "error at 1:25: expected one of LATERAL, SERVICE, [_]"
    )


@pytest.mark.parametrize(
    ("method", "kwargs", "detail"),
    [
        # two query parameters in the URL
        (
            "GET",
            {"params": [("query", LABELS), ("query", LABELS)]},
            "the request carries 2 'query' values; send one",
        ),
        # two in a form
        (
            "POST",
            {"data": {"query": [LABELS, LABELS]}},
            "the request carries 2 'query' values; send one",
        ),
        # one in the URL, one as the body
        (
            "POST",
            {
                "params": {"query": LABELS},
                "content": LABELS,
                "headers": {"Content-Type": "application/sparql-query"},
            },
            "the request carries 2 'query' values; send one",
        ),
        # a query and an update at once
        (
            "POST",
            {"data": {"query": LABELS, "update": "CLEAR ALL"}},
            "a request carries either a query or an update, not both",
        ),
        # an update by GET
        ("GET", {"params": {"update": "CLEAR ALL"}}, "an update must be sent with POST"),
        # an empty form
        ("POST", {"data": {"x": "1"}}, "the request carries neither a query nor an update"),
    ],
)
def test_sparql_returns_400_when_the_request_is_ambiguous(
    sparql_client_factory: SparqlClientFactory,
    method: str,
    kwargs: dict[str, object],
    detail: str,
) -> None:
    response = sparql_client_factory().request(method, "/sparql", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 400
    assert json.loads(response.content)["detail"] == detail


def test_sparql_returns_415_for_another_content_type(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    response = sparql_client_factory().post(
        "/sparql", content=LABELS, headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415
    assert json.loads(response.content)["detail"] == (
        "unsupported content type 'text/plain'; send application/x-www-form-urlencoded, "
        "application/sparql-query or application/sparql-update"
    )


def test_sparql_returns_413_when_the_body_is_too_large(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    query = LABELS + " #" + "x" * (1 << 20)
    response = sparql_client_factory().post(
        "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413
    assert json.loads(response.content)["detail"] == (
        "the request body exceeds the limit of 1048576 bytes"
    )


@pytest.mark.parametrize(
    ("accept", "count_rows"),
    [
        (
            "application/sparql-results+json",
            lambda body: len(json.loads(body)["results"]["bindings"]),
        ),
        ("text/csv", lambda body: len(body.decode().strip().splitlines()) - 1),
        ("application/sparql-results+xml", lambda body: body.count(b"<result>")),
    ],
)
def test_sparql_cuts_results_at_the_limit_and_says_so(
    sparql_client_factory: SparqlClientFactory, accept: str, count_rows: object
) -> None:
    client = sparql_client_factory(result_limit=10)
    response = client.get("/sparql", params={"query": ORGANISATIONS}, headers={"Accept": accept})
    assert response.headers["x-innograph-result-limit"] == "10; truncated"
    assert callable(count_rows) and count_rows(response.content) == 10


def test_sparql_cuts_graph_results_at_the_limit(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory(result_limit=10)
    response = client.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert response.headers["x-innograph-result-limit"] == "10; truncated"
    assert len(response.text.strip().splitlines()) == 10


def test_sparql_reports_the_limit_without_truncated_when_nothing_was_cut(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory(result_limit=27)
    response = client.get("/sparql", params={"query": ORGANISATIONS})
    assert response.headers["x-innograph-result-limit"] == "27"
    assert len(json.loads(response.content)["results"]["bindings"]) == 27


def test_sparql_get_answers_304_until_the_data_changes(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory(update_token="s3cret")
    first = client.get("/sparql", params={"query": LABELS})
    assert first.headers["cache-control"] == "no-cache"
    tag = first.headers["etag"]
    again = client.get("/sparql", params={"query": LABELS}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    other = client.get(
        "/sparql", params={"query": LABELS + " LIMIT 1"}, headers={"If-None-Match": tag}
    )
    assert other.status_code == 200
    update = f'INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}bob> <{LABEL}> "Bob" }} }}'
    written = client.post(
        "/sparql", data={"update": update}, headers={"Authorization": "Bearer s3cret"}
    )
    assert written.status_code == 204
    after = client.get("/sparql", params={"query": LABELS}, headers={"If-None-Match": tag})
    assert after.status_code == 200
    assert "Bob" in labels_of(after.content) and after.headers["etag"] != tag


def test_sparql_allows_cross_origin_requests(sparql_client_factory: SparqlClientFactory) -> None:
    client = sparql_client_factory()
    simple = client.get(
        "/sparql", params={"query": LABELS}, headers={"Origin": "https://example.net"}
    )
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "X-Innograph-Result-Limit" in simple.headers["access-control-expose-headers"]
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.net",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_sparql_compresses_large_results_with_gzip(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory()
    response = client.get(
        "/sparql",
        params={"query": "SELECT * WHERE { ?s ?p ?o }"},
        headers={"Accept-Encoding": "gzip"},
    )
    assert response.headers["content-encoding"] == "gzip"
    assert len(json.loads(response.content)["results"]["bindings"]) == 59


def test_a_large_answer_is_streamed_from_a_file_then_removed(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    """An answer over SPILL_BYTES is not kept in memory: the worker writes it to a file, the
    service streams it with its length known, says it was cut, and removes the file."""
    client = sparql_client_factory(result_limit=20_000)
    accept = {"Accept": "application/sparql-results+json"}
    plain = client.get("/sparql", params={"query": ROWS}, headers=accept | {"Accept-Encoding": ""})
    assert plain.status_code == 200
    assert int(plain.headers["content-length"]) == len(plain.content) > SPILL_BYTES
    assert plain.headers["x-innograph-result-limit"] == "20000; truncated"
    assert len(json.loads(plain.content)["results"]["bindings"]) == 20_000
    zipped = client.get("/sparql", params={"query": ROWS}, headers=accept)
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content
    answers = client.app.state.query_pool._root / "answers"  # type: ignore[attr-defined]
    assert list(answers.iterdir()) == []
