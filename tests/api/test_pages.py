"""The pages and dereferenceable IRIs over HTTP: `/`, `/id/{path}`, `/ontology`, `/network`.

A browser gets a page, a linked-data client the resource's RDF, from the same IRI (`Vary:
Accept`); every value a page shows is escaped; links follow `INNOGRAPH_PUBLIC_URL`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pyoxigraph
import pytest
import rdflib
from fastapi.testclient import TestClient

from api.main import create_app
from innograph.loading import load
from innograph.namespaces import IGID, ONTOLOGY
from innograph.settings import MEMORY
from innograph.store import Store, open_store
from tests.api.conftest import seed_settings
from tests.conftest import REPOSITORY

HTML = {"Accept": "text/html"}
OPENZONE = "/id/organisation/openzone"
SOURCE = "/id/source/2021-05-17-openzone-tuspark"
HOSTILE = "<script>alert('label')</script>"


def _page(client: TestClient, url: str, **headers: str) -> str:
    response = client.get(url, headers={**HTML, **headers})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "Accept" in response.headers["vary"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # No inline script: each one is a file (`src`), or data no browser runs (JSON-LD).
    assert (
        re.search(r"<script(?![^>]*\b(src=|type=\"application/ld\+json\"))", response.text) is None
    )
    return response.text


def test_the_home_page_says_what_the_graph_holds_and_where_to_go(seed_client: TestClient) -> None:
    page = _page(seed_client, "/")
    assert 'href="/id/source/2021-05-17-openzone-tuspark"' in page
    assert "2021-05-17" in page
    assert re.search(r'href="/ontology#Organisation">organisation</a></td><td>5<', page)
    for link in ('href="/sparql"', 'href="/ontology"', 'href="/docs"', 'href="/dumps/"'):
        assert link in page
    assert 'id="q"' in page and "/static/search.js" in page


@pytest.mark.parametrize(
    ("url", "headers", "language"),
    [
        ("/?lang=it", {}, "it"),
        ("/", {"Accept-Language": "it-IT,it;q=0.9,en;q=0.5"}, "it"),
        ("/", {"Accept-Language": "de"}, "en"),
        ("/?lang=en", {"Accept-Language": "it"}, "en"),
    ],
)
def test_pages_speak_italian_or_english(
    seed_client: TestClient, url: str, headers: dict[str, str], language: str
) -> None:
    page = _page(seed_client, url, **headers)
    assert f'<html lang="{language}">' in page
    heading = "Che cosa contiene il grafo" if language == "it" else "What the graph holds"
    assert heading in page
    other = "en" if language == "it" else "it"
    assert f'class="switch" href="/?lang={other}"' in page


def test_an_entity_page_shows_each_stated_fact_beside_its_words(seed_client: TestClient) -> None:
    page = _page(seed_client, OPENZONE)
    assert "<h1>OpenZone</h1>" in page
    assert 'href="/ontology#SciencePark"' in page
    founded = page[page.index('href="/ontology#foundedBy"') :]
    founded = founded[: founded.index("</tr>")]
    assert 'href="/id/organisation/zambon">Zambon</a>' in founded
    assert 'href="/id/source/2021-05-17-openzone-tuspark/passage/9"' in founded
    assert "What points here" in page and 'href="/id/person/fabrizio-conicella' not in page
    assert 'href="/network?around=organisation/openzone' in page.replace("%2F", "/")


def test_a_source_page_gives_the_release_as_text_with_each_passage_s_facts(
    seed_client: TestClient,
) -> None:
    page = _page(seed_client, SOURCE)
    assert page.count('class="passage"') >= 15
    passage = page[page.index('id="passage-10"') :]
    passage = passage[: passage.index("</section>")]
    assert "membri attivi della IASP" in passage
    assert 'href="/id/organisation/iasp">IASP</a>' in passage


@pytest.mark.parametrize(
    "media", ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
)
def test_an_iri_gives_a_linked_data_client_the_resource_s_rdf(
    seed_client: TestClient, media: str
) -> None:
    response = seed_client.get(OPENZONE, headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.headers["vary"].startswith("Accept")
    rdf_format = pyoxigraph.RdfFormat.from_media_type(media)
    assert rdf_format is not None
    triples = {q.triple for q in pyoxigraph.parse(response.content, format=rdf_format)}
    founded_by = pyoxigraph.Triple(
        pyoxigraph.NamedNode(IGID + "organisation/openzone"),
        pyoxigraph.NamedNode("https://w3id.org/innograph/ontology#foundedBy"),
        pyoxigraph.NamedNode(IGID + "organisation/zambon"),
    )
    assert founded_by in triples


def test_an_unknown_iri_is_not_found_and_an_unoffered_type_not_acceptable(
    seed_client: TestClient,
) -> None:
    missing = seed_client.get("/id/organisation/nowhere", headers={"Accept": "text/turtle"})
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    page = seed_client.get("/id/organisation/nowhere", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "404 · Not Found" in page.text and "organisation/nowhere" in page.text
    assert seed_client.get(OPENZONE, headers={"Accept": "image/png"}).status_code == 406


def test_the_ontology_iri_gives_its_reference_page_or_its_rdf(seed_client: TestClient) -> None:
    page = _page(seed_client, "/ontology")
    for term in ("SciencePark", "foundedBy", "hasAgreementWith", "Agreement"):
        assert f'id="{term}"' in page, term
    turtle = seed_client.get("/ontology", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=turtle.content, format="turtle")
    assert (rdflib.URIRef(ONTOLOGY), rdflib.RDF.type, rdflib.OWL.Ontology) in graph


def test_the_network_of_an_actor_lists_its_neighbours_and_links(seed_client: TestClient) -> None:
    answer = seed_client.get("/api/network", params={"around": "openzone", "hops": 1}).json()
    assert answer["centre"]["id"] == "organisation/openzone"
    kinds = {node["id"]: node["kind"]["id"] for node in answer["nodes"]}
    assert kinds["organisation/tuspark-jiangsu"] == "ig:ResearchInstitute"
    assert "person/hao-tang" not in kinds  # two links away
    edges = {(e["source"], e["relation"], e["target"]) for e in answer["edges"]}
    assert ("organisation/openzone", "member-of", "organisation/iasp") in edges
    assert ("organisation/iasp", "has-member", "organisation/openzone") not in edges  # once
    page = _page(seed_client, "/network?around=openzone&hops=1")
    assert 'data-url="/api/network?hops=1&amp;limit=300&amp;around=openzone"' in page
    assert "/assets/cytoscape/cytoscape.min.js" in page
    assert "member-of → IASP" in page  # the list beside the view
    whole = seed_client.get("/api/network", params={"limit": 3}).json()
    assert len(whole["nodes"]) == 3 and whole["truncated"] is True
    assert (
        seed_client.get("/api/network", params={"around": "sector/healthcare"}).status_code == 404
    )


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A service over a store whose labels hold markup, and published under a base of its own."""
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "hostile.ttl"
    data.write_text(
        "@prefix ig: <https://w3id.org/innograph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"<{IGID}organisation/hostile> a ig:SciencePark ; rdfs:label {_turtle(HOSTILE)}@en ;\n"
        f"    ig:description {_turtle(HOSTILE)} ;\n"
        f"    ig:hasAgreementWith <{IGID}organisation/openzone> ;\n"
        "    ig:website <javascript:alert(1)> .\n",
        encoding="utf-8",
    )
    store: Store = open_store(MEMORY)
    load([REPOSITORY / "ontology", REPOSITORY / "data", data], store=store)
    settings = replace(seed_settings(REPOSITORY / "queries"), public_url="https://kg.example.org/")
    app = create_app(settings, store)
    with TestClient(app) as client:
        yield client
    store.close()


def _turtle(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize(
    "url",
    [
        "/id/organisation/hostile",
        OPENZONE,
        "/network?around=hostile&hops=1",
        "/api/explanation?subject=hostile&property=ig:hasAgreementWith&object=openzone",
    ],
)
def test_markup_in_the_data_is_shown_as_text_never_run(
    hostile_client: TestClient, url: str
) -> None:
    page = _page(hostile_client, url)
    assert HOSTILE not in page and "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page
    assert 'href="javascript:' not in page


def test_links_follow_the_public_url(hostile_client: TestClient) -> None:
    page = _page(hostile_client, OPENZONE)
    assert 'href="https://kg.example.org/id/organisation/zambon"' in page
    assert 'href="https://kg.example.org/static/pages.css"' in page
    assert '<a href="/id/' not in page


def test_a_bad_public_url_is_refused_when_the_settings_are_made() -> None:
    from innograph.errors import SettingsError
    from innograph.settings import Settings

    with pytest.raises(SettingsError, match="INNOGRAPH_PUBLIC_URL"):
        Settings.from_environment({"INNOGRAPH_PUBLIC_URL": "kg.example.org"})


def test_the_reconciliation_view_opens_the_candidate_s_page(
    seed_client: TestClient, hostile_client: TestClient
) -> None:
    """OpenRefine links a candidate through the manifest's view template: it must open."""
    view = seed_client.get("/api/reconcile").json()["view"]["url"]
    assert view == "http://testserver/id/{{id}}"
    (candidate,) = (seed_client.get("/api/match", params={"name": "Open Zone"}).json()["match"],)
    page = seed_client.get(view.replace("{{id}}", candidate["id"]), headers=HTML)
    assert page.status_code == 200 and "<h1>OpenZone</h1>" in page.text
    published = hostile_client.get("/api/reconcile").json()["view"]["url"]
    assert published == "https://kg.example.org/id/{{id}}"


def test_an_italian_page_names_things_in_italian(seed_client: TestClient) -> None:
    english = _page(seed_client, OPENZONE + "?lang=en")
    italian = _page(seed_client, OPENZONE + "?lang=it")
    assert 'href="/ontology#SciencePark">science park</a>' in english
    assert 'href="/ontology#SciencePark">parco scientifico</a>' in italian
