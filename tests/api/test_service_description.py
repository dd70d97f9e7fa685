"""`GET /sparql` without a query: the Service Description (innograph/sparql/service_description.py),
or for a browser the query page (api/query_page.py, api/templates/sparql.html)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from api import assets
from innograph.namespaces import PREFIXES
from tests.api.conftest import SparqlClientFactory, SparqlStoreFactory

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")


def description(body: bytes) -> tuple[rdflib.Graph, rdflib.term.Node]:
    graph = rdflib.Graph().parse(data=body, format="turtle")
    services = list(graph.subjects(rdflib.RDF.type, SD.Service))
    assert len(services) == 1
    return graph, services[0]


def test_service_description_describes_endpoint_languages_formats_and_features(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    response = sparql_client_factory().get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    graph, service = description(response.content)
    assert graph.value(service, SD.endpoint) == rdflib.URIRef("http://testserver/sparql")
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    formats = set(graph.objects(service, SD.resultFormat))
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_CSV, FORMATS.Turtle} <= formats
    assert len(formats) == 10
    assert set(graph.objects(service, SD.feature)) == {SD.UnionDefaultGraph}


def test_service_description_lists_every_named_graph_with_its_size(
    sparql_client_factory: SparqlClientFactory, sparql_store_factory: SparqlStoreFactory
) -> None:
    store, graphs = sparql_store_factory()
    response = sparql_client_factory(store).get("/sparql", headers={"Accept": "*/*"})
    graph, service = description(response.content)
    dataset = graph.value(service, SD.defaultDataset)
    default = graph.value(dataset, SD.defaultGraph)
    assert graph.value(default, VOID.triples) == rdflib.Literal(59)
    sizes = {
        str(graph.value(named, SD.name)): graph.value(graph.value(named, SD.graph), VOID.triples)
        for named in graph.objects(dataset, SD.namedGraph)
    }
    assert {name: int(str(size)) for name, size in sizes.items()} == {
        graphs["organisations.ttl"]: 56,
        graphs["people.ttl"]: 3,
    }


def test_service_description_names_update_and_federation_when_configured(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory(update_token="s3cret", service_allow=("query.wikidata.org",))
    graph, service = description(client.get("/sparql").content)
    assert set(graph.objects(service, SD.supportedLanguage)) == {
        SD.SPARQL11Query,
        SD.SPARQL11Update,
    }
    assert SD.BasicFederatedQuery in set(graph.objects(service, SD.feature))


def test_service_description_says_when_the_default_graph_is_the_stores_own(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    union = description(sparql_client_factory().get("/sparql").content)
    own = description(sparql_client_factory(union_default_graph=False).get("/sparql").content)
    assert SD.UnionDefaultGraph in set(union[0].objects(union[1], SD.feature))
    assert SD.UnionDefaultGraph not in set(own[0].objects(own[1], SD.feature))
    graph, service = own
    default = graph.value(graph.value(service, SD.defaultDataset), SD.defaultGraph)
    assert graph.value(default, VOID.triples) == rdflib.Literal(0)


def test_service_description_is_offered_in_other_rdf_formats(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    response = sparql_client_factory().get("/sparql", params={"format": "ntriples"})
    assert response.headers["content-type"] == "application/n-triples"
    graph = rdflib.Graph().parse(data=response.content, format="nt")
    assert len(list(graph.subjects(rdflib.RDF.type, SD.Service))) == 1


HOSTILE = "</textarea><script>alert(1)</script>"


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "who-signed.rq").write_text(
        "# name: who-signed\n# question (en): Who signed the agreement?\n"
        "SELECT ?who WHERE { ?agreement ig:hasParty ?who }\n",
        encoding="utf-8",
    )
    (folder / "hostile.rq").write_text(
        f"# question (en): {HOSTILE}\nSELECT * WHERE {{ ?s ?p '{HOSTILE}' }}\n", encoding="utf-8"
    )
    return folder


def test_query_page_offers_a_form_and_every_example_query(
    sparql_client_factory: SparqlClientFactory, examples: Path
) -> None:
    client = sparql_client_factory(queries=examples)
    response = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert '<textarea id="query" name="query"' in page
    assert 'href="?example=who-signed"' in page
    assert "Who signed the agreement?" in page
    assert "SELECT ?who WHERE { ?agreement ig:hasParty ?who }" in page
    assert "http://" not in page.split("<body>")[0]  # nothing loaded from elsewhere


def test_query_page_escapes_every_value(
    sparql_client_factory: SparqlClientFactory, examples: Path
) -> None:
    page = sparql_client_factory(queries=examples).get("/sparql", headers={"Accept": "text/html"})
    assert HOSTILE not in page.text
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_query_page_puts_the_chosen_example_in_the_editor(
    sparql_client_factory: SparqlClientFactory, examples: Path
) -> None:
    client = sparql_client_factory(queries=examples)
    page = client.get(
        "/sparql", params={"example": "who-signed"}, headers={"Accept": "text/html"}
    ).text
    editor = page.split('<textarea id="query" name="query" spellcheck="false">')[1]
    assert editor.startswith("# name: who-signed\n")


def test_query_page_works_without_example_queries(
    sparql_client_factory: SparqlClientFactory, tmp_path: Path
) -> None:
    client = sparql_client_factory(queries=tmp_path / "missing")
    page = client.get("/sparql", headers={"Accept": "text/html"}).text
    assert "No example queries are installed." in page


def test_query_page_serves_its_editor_itself(sparql_client_factory: SparqlClientFactory) -> None:
    """YASQE (installed by ./run.sh from the npm registry) comes from this service, with the
    service's prefixes for completion written into the page as JSON."""
    client = sparql_client_factory()
    page = client.get("/sparql", headers={"Accept": "text/html"}).text
    assert '<link rel="stylesheet" href="/assets/yasqe/yasqe.min.css">' in page
    assert '<script src="/assets/yasqe/yasqe.min.js"></script>' in page
    listed = page.split("var prefixes = ")[1].split(";\n")[0]
    assert f"ig: <{PREFIXES['ig']}>" in json.loads(listed)
    for name, media in (("yasqe.min.js", "javascript"), ("yasqe.min.css", "text/css")):
        asset = client.get(f"/assets/yasqe/{name}")
        assert asset.status_code == 200
        assert media in asset.headers["content-type"]
        assert len(asset.content) > 10_000
    for elsewhere in ("yasqe.html", "ts/src/index.d.ts", "../../package.json", "%2e%2e/x"):
        assert client.get(f"/assets/yasqe/{elsewhere}").status_code == 404


def test_query_page_keeps_a_text_area_without_the_editor(
    sparql_client_factory: SparqlClientFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Installed without ./run.sh (no web/node_modules): a plain text area, and 404s."""
    monkeypatch.setattr(assets, "NODE_MODULES", tmp_path)
    client = sparql_client_factory()
    page = client.get("/sparql", headers={"Accept": "text/html"}).text
    assert "/assets/yasqe/" not in page
    assert '<textarea id="query" name="query"' in page
    assert client.get("/assets/yasqe/yasqe.min.js").status_code == 404
