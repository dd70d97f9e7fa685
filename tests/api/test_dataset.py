"""`/dumps/` and `/.well-known/void`, through the app, over the ontology and the seed release
(with the inferred graph), in a store of the test's own: one test writes to it."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator

import pyoxigraph
import pytest
import rdflib
from fastapi.testclient import TestClient

from api.main import create_app
from innograph.loading import load
from innograph.namespaces import IG, IGID, INFERRED_GRAPH
from innograph.settings import MEMORY
from innograph.sparql.dumps import DUMPS
from innograph.store import Store, open_store
from tests.api.conftest import seed_settings
from tests.conftest import REPOSITORY

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
RELEASE_GRAPH = (REPOSITORY / "data" / "releases" / "2021-05-17-openzone-tuspark.ttl").as_uri()


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    store = open_store(MEMORY)
    load([REPOSITORY / "ontology", REPOSITORY / "data"], store=store, reasoning=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(seed_settings(REPOSITORY / "queries"), store)) as client:
        yield client


def quads(body: bytes, media_type: str) -> list[pyoxigraph.Quad]:
    rdf_format = pyoxigraph.RdfFormat.from_media_type(media_type)
    assert rdf_format is not None
    return list(pyoxigraph.parse(io.BytesIO(body), rdf_format))


def test_the_index_lists_every_dump_with_urls_on_the_requested_host(client: TestClient) -> None:
    answer = client.get("/dumps/", headers={"Host": "data.example.org"})

    assert answer.status_code == 200
    entries = {entry["name"]: entry for entry in answer.json()}
    assert (
        set(entries)
        == set(DUMPS)
        == {
            f"{stem}.{suffix}"
            for stem in ("innograph", "innograph-inferred")
            for suffix in ("trig", "nq", "ttl", "jsonld")
        }
    )
    assert (
        '<http://data.example.org/dumps/innograph.ttl>; rel="item"; type="text/turtle"'
        in (answer.headers["link"])
    )
    assert entries["innograph.nq"] == {
        "name": "innograph.nq",
        "url": "http://data.example.org/dumps/innograph.nq",
        "media_type": "application/n-quads",
        "gzip_url": "http://data.example.org/dumps/innograph.nq.gz",
        "inferred": False,
        "graphs": True,
    }


def test_a_quad_dump_keeps_the_graphs_and_leaves_inferences_to_its_inferred_twin(
    client: TestClient, store: Store
) -> None:
    asserted = client.get("/dumps/innograph.trig", headers={"Accept-Encoding": "identity"})
    inferred = client.get("/dumps/innograph-inferred.nq")

    assert asserted.status_code == inferred.status_code == 200
    assert asserted.headers["content-type"] == "application/trig"
    assert asserted.headers["content-length"] == str(len(asserted.content))
    asserted_graphs = {q.graph_name.value for q in quads(asserted.content, "application/trig")}  # type: ignore[union-attr]
    assert RELEASE_GRAPH in asserted_graphs
    assert INFERRED_GRAPH not in asserted_graphs
    inferred_quads = quads(inferred.content, "application/n-quads")
    assert len(inferred_quads) == store.triple_count()
    assert INFERRED_GRAPH in {q.graph_name.value for q in inferred_quads}  # type: ignore[union-attr]


def test_turtle_merges_the_graphs_and_json_ld_holds_the_same_triples(client: TestClient) -> None:
    turtle = client.get("/dumps/innograph.ttl")
    json_ld = client.get("/dumps/innograph.jsonld")

    assert turtle.headers["content-type"].startswith("text/turtle")
    assert json_ld.headers["content-type"] == "application/ld+json"
    triples = {q.triple for q in quads(turtle.content, "text/turtle")}
    assert triples == {q.triple for q in quads(json_ld.content, "application/ld+json")}
    openzone = pyoxigraph.NamedNode(IGID + "organisation/openzone")
    rdf_type = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert (
        pyoxigraph.Triple(openzone, rdf_type, pyoxigraph.NamedNode(IG + "SciencePark")) in triples
    )
    organisation = pyoxigraph.NamedNode("http://www.w3.org/ns/org#Organization")
    assert pyoxigraph.Triple(openzone, rdf_type, organisation) not in triples  # inferred only
    merged = client.get("/dumps/innograph-inferred.ttl")
    assert pyoxigraph.Triple(openzone, rdf_type, organisation) in {
        q.triple for q in quads(merged.content, "text/turtle")
    }


def test_a_dump_is_also_a_gzip_file_and_gzip_encoded_on_request(client: TestClient) -> None:
    plain = client.get("/dumps/innograph.nq", headers={"Accept-Encoding": "identity"})
    gzip_file = client.get("/dumps/innograph.nq.gz", headers={"Accept-Encoding": "gzip"})
    encoded = client.get("/dumps/innograph.nq", headers={"Accept-Encoding": "gzip, br"})

    assert "content-encoding" not in plain.headers
    assert gzip_file.headers["content-type"] == "application/gzip"
    assert "content-encoding" not in gzip_file.headers
    assert 'filename="innograph.nq.gz"' in gzip_file.headers["content-disposition"]
    assert gzip.decompress(gzip_file.content) == plain.content
    assert encoded.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in encoded.headers["vary"]
    assert encoded.content == plain.content  # httpx undoes the encoding
    tags = {plain.headers["etag"], gzip_file.headers["etag"], encoded.headers["etag"]}
    assert len(tags) == 3
    assert not any(tag.startswith("W/") for tag in tags)


def test_a_dump_is_revalidated_by_its_etag_until_the_store_changes(
    client: TestClient, store: Store
) -> None:
    first = client.get("/dumps/innograph.ttl")
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, no-cache"

    unchanged = client.get("/dumps/innograph.ttl", headers={"If-None-Match": tag})
    assert unchanged.status_code == 304
    assert unchanged.headers["etag"] == tag
    assert unchanged.content == b""

    store.update(f"INSERT DATA {{ GRAPH <urn:x-test:dumps> {{ <{IGID}x> <{IG}name> 'x' }} }}")
    changed = client.get("/dumps/innograph.ttl", headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != tag
    assert b"urn:x-test" not in changed.content
    assert f"<{IGID}x>".encode() in changed.content or b"igid:x" in changed.content
    kept = sorted(path.name for path in store.derived_folder.glob("dump-*-innograph.ttl*"))
    assert len(kept) == 4  # this version's and the previous one's, each plain and gzipped


def test_an_unknown_dump_is_not_found(client: TestClient) -> None:
    answer = client.get("/dumps/innograph.xml")

    assert answer.status_code == 404
    assert "innograph.xml" in answer.json()["detail"]


def void_graph(client: TestClient, accept: str = "text/turtle") -> rdflib.Graph:
    answer = client.get("/.well-known/void", headers={"Accept": accept, "Host": "kg.example"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(accept)
    triples = [quad.triple for quad in quads(answer.content, accept)]
    ntriples = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=ntriples, format="nt")


def test_the_void_description_counts_the_dataset(client: TestClient, store: Store) -> None:
    graph = void_graph(client)
    dataset = rdflib.URIRef("http://kg.example/.well-known/void#dataset")

    assert (dataset, rdflib.RDF.type, VOID.Dataset) in graph
    assert (dataset, rdflib.RDF.type, DCAT.Dataset) in graph
    assert graph.value(dataset, VOID.triples).toPython() == store.triple_count()  # type: ignore[union-attr]
    rows = store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    subjects = int(next(iter(rows))["n"].value)  # type: ignore[union-attr]
    assert graph.value(dataset, VOID.distinctSubjects).toPython() == subjects  # type: ignore[union-attr]
    classes = {
        graph.value(node, VOID["class"]): graph.value(node, VOID.entities).toPython()  # type: ignore[union-attr]
        for node in graph.objects(dataset, VOID.classPartition)
    }
    assert graph.value(dataset, VOID.classes).toPython() == len(classes)  # type: ignore[union-attr]
    assert classes[rdflib.URIRef(IG + "SciencePark")] == 1
    properties = {
        graph.value(node, VOID.property): graph.value(node, VOID.triples).toPython()  # type: ignore[union-attr]
        for node in graph.objects(dataset, VOID.propertyPartition)
    }
    assert graph.value(dataset, VOID.properties).toPython() == len(properties)  # type: ignore[union-attr]
    assert properties[rdflib.URIRef(IG + "hasAgreementWith")] >= 2
    vocabularies = set(graph.objects(dataset, VOID.vocabulary))
    assert {rdflib.URIRef(IG), rdflib.URIRef("http://www.w3.org/ns/org#")} <= vocabularies
    inferred = graph.value(dataset, VOID.subset)
    assert graph.value(inferred, VOID.triples).toPython() == store.triple_count(INFERRED_GRAPH)  # type: ignore[union-attr, arg-type]


def test_the_void_description_names_sources_licence_endpoint_and_dumps(
    client: TestClient,
) -> None:
    graph = void_graph(client, "application/ld+json")
    dataset = rdflib.URIRef("http://kg.example/.well-known/void#dataset")

    assert set(graph.objects(dataset, DCTERMS.source)) == {
        rdflib.URIRef(IGID + "source/2021-05-17-openzone-tuspark")
    }
    assert set(graph.objects(dataset, DCTERMS.license)) == {
        rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    }
    assert graph.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef("http://kg.example/sparql")
    dumps = set(graph.objects(dataset, VOID.dataDump))
    assert rdflib.URIRef("http://kg.example/dumps/innograph.trig.gz") in dumps
    assert len(dumps) == 2 * len(DUMPS)
    distributions = {
        graph.value(node, DCAT.downloadURL): graph.value(node, DCAT.mediaType)
        for node in graph.objects(dataset, DCAT.distribution)
    }
    assert distributions[rdflib.URIRef("http://kg.example/dumps/innograph.ttl")] == rdflib.URIRef(
        "https://www.iana.org/assignments/media-types/text/turtle"
    )
    assert set(distributions) == dumps
    for url in dumps:  # each dump the description names is there
        path = str(url).removeprefix("http://kg.example")
        assert client.head(path).status_code == 200


def test_the_void_description_is_negotiated(client: TestClient) -> None:
    assert len(void_graph(client, "application/n-triples")) > 0
    refused = client.get("/.well-known/void", headers={"Accept": "text/csv"})
    assert refused.status_code == 406
