"""The remote store on real servers (the Oxigraph server and Virtuoso, `tests.remote_servers`):
writes replace graphs atomically, the catalog and version live in the store, queries and
updates behave as on the embedded store, and each store's differences are hidden or reported."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest

from innograph.errors import SettingsError, StoreError
from innograph.ingest.sources import SourceFile
from innograph.loading import load
from innograph.settings import Remote, Settings
from innograph.store import CatalogRecord, Patch, open_configured
from innograph.store.commit import STAGING
from innograph.store.remote import RemoteStore
from tests.conftest import REMOTE_KINDS, RemoteServers, emptied

EX = "http://example.org/"
GRAPH = EX + "graph"


def _quads(*objects: str, graph: str = GRAPH) -> list[pyoxigraph.Quad]:
    return [
        pyoxigraph.Quad(
            pyoxigraph.NamedNode(EX + "s"),
            pyoxigraph.NamedNode(EX + "p"),
            pyoxigraph.Literal(value),
            pyoxigraph.NamedNode(graph),
        )
        for value in objects
    ]


def _objects(store: RemoteStore, graph: str = GRAPH) -> set[str]:
    return {quad.object.value for quad in store.quads(graph=graph)}


@pytest.fixture(params=REMOTE_KINDS)
def server(request: pytest.FixtureRequest, remote_servers: RemoteServers) -> Remote:
    remote, _ = remote_servers.get(request.param)
    return remote


@pytest.fixture
def store(server: Remote) -> Iterator[RemoteStore]:
    opened = emptied(server)
    assert isinstance(opened, RemoteStore)
    yield opened
    opened.close()


def test_a_write_replaces_a_graph_and_moves_the_version(store: RemoteStore) -> None:
    before = store.version
    assert store.write({GRAPH: _quads("a", "b")}) is True
    first = store.version
    assert store.write({GRAPH: _quads("c")}) is True
    assert _objects(store) == {"c"}
    assert len({before, first, store.version}) == 3
    assert store.named_graphs() == [GRAPH]
    assert store.triple_count() == 1


def test_an_identical_write_changes_nothing(store: RemoteStore) -> None:
    store.write({GRAPH: _quads("a", "b")})
    version = store.version
    assert store.write({GRAPH: _quads("b", "a")}) is False
    assert store.version == version


def test_a_write_that_fails_midway_leaves_the_graph_and_no_staging_graph(
    store: RemoteStore, tmp_path: Path
) -> None:
    store.write({GRAPH: _quads("old")})
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "".join(f"<{EX}s> <{EX}p> {n} .\n" for n in range(60_000)) + "<{EX}s> oops .\n"
    )
    with pytest.raises(Exception, match="broken.ttl"):
        store.bulk_load(SourceFile(broken, pyoxigraph.RdfFormat.TURTLE, GRAPH))
    assert _objects(store) == {"old"}
    every_graph = store.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", use_query_dataset=True
    )
    assert not [row for row in every_graph if row["g"].value.startswith(STAGING)]


def test_a_refused_commit_leaves_every_graph_as_it_was(store: RemoteStore) -> None:
    store.write({GRAPH: _quads("old")})
    version = store.version
    store._endpoint.remote = Remote(  # the update endpoint goes wrong after the upload
        query_url=store._endpoint.remote.query_url,
        update_url=store._endpoint.remote.query_url.rsplit("/", 1)[0] + "/nowhere",
        graph_store_url=store._endpoint.remote.graph_store_url,
    )
    with pytest.raises(StoreError):
        store.write({GRAPH: _quads("new")})
    assert _objects(store) == {"old"}
    assert store.version == version


def test_the_catalog_and_version_are_shared_by_every_process(
    store: RemoteStore, server: Remote
) -> None:
    record = CatalogRecord(EX + "file", "data/x.ttl", "ab" * 32, (GRAPH,), "2026-01-01T00:00:00")
    store.write({GRAPH: _quads("a")}, records=[record])
    other = RemoteStore.open(server, timeout=30, read_only=True)
    assert other.catalog() == {EX + "file": record}
    assert other.version == store.version


def test_patches_go_in_the_same_update(store: RemoteStore) -> None:
    inferred = EX + "inferred"
    store.write({GRAPH: _quads("a"), inferred: _quads("x", "y", graph=inferred)})
    patch = Patch(added=_quads("z", graph=inferred), removed=_quads("x", graph=inferred))
    store.update(
        f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{EX}s> <{EX}p> 'b' }} }}", patches={inferred: patch}
    )
    assert _objects(store) == {"a", "b"}
    assert _objects(store, inferred) == {"y", "z"}


def test_queries_read_the_union_of_data_graphs_with_bound_values(store: RemoteStore) -> None:
    store.write({GRAPH: _quads("a", "b"), EX + "other": _quads("c", graph=EX + "other")})
    rows = store.query(
        f"SELECT ?o ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o",
        bindings={"s": pyoxigraph.NamedNode(EX + "s")},
    )
    assert [(row["o"].value, row["s"].value) for row in rows] == [
        ("a", EX + "s"),
        ("b", EX + "s"),
        ("c", EX + "s"),
    ]
    graph = store.query("CONSTRUCT WHERE { ?s ?p 'c' }")
    assert isinstance(graph, pyoxigraph.QueryTriples)
    assert len(list(graph)) == 1
    assert "catalog" not in " ".join(store.named_graphs())


def test_a_file_loads_with_its_catalog_record(store: RemoteStore, tmp_path: Path) -> None:
    (tmp_path / "one.ttl").write_text(f"<{EX}s> <{EX}p> 'loaded' .\n")
    load([tmp_path], store=store)
    graph = (tmp_path / "one.ttl").resolve().as_uri()
    assert _objects(store, graph) == {"loaded"}
    assert list(store.catalog()) == [graph]


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"INNOGRAPH_SPARQL_QUERY_URL": "http://127.0.0.1:9/sparql"}, "cannot be reached"),
        ({"INNOGRAPH_SPARQL_QUERY_URL": "ftp://x"}, "http:// or https://"),
        ({}, "needs INNOGRAPH_SPARQL_QUERY_URL"),
        (
            {"INNOGRAPH_SPARQL_QUERY_URL": "http://x", "INNOGRAPH_SPARQL_AUTH": "kerberos"},
            "INNOGRAPH_SPARQL_AUTH",
        ),
    ],
)
def test_bad_configuration_is_a_clear_error_at_start(
    environment: dict[str, str], message: str
) -> None:
    with pytest.raises((SettingsError, StoreError), match=message):
        open_configured(Settings.from_environment({"INNOGRAPH_BACKEND": "sparql", **environment}))


def test_a_store_without_update_is_refused_for_writing(server: Remote) -> None:
    read_only = Remote(query_url=server.query_url)
    with pytest.raises(StoreError, match="INNOGRAPH_SPARQL_UPDATE_URL"):
        RemoteStore.open(read_only, timeout=30)
    assert RemoteStore.open(read_only, timeout=30, read_only=True).version


def test_a_credentials_file_line_that_is_not_a_setting_is_named(tmp_path: Path) -> None:
    credentials = tmp_path / "credentials"
    credentials.write_text("user = reader\npasword = typo\n")
    with pytest.raises(SettingsError, match=r"credentials:2: expected"):
        Settings.from_environment(
            {
                "INNOGRAPH_BACKEND": "sparql",
                "INNOGRAPH_SPARQL_QUERY_URL": "http://x/sparql",
                "INNOGRAPH_SPARQL_CREDENTIALS_FILE": str(credentials),
            }
        )


def test_the_store_going_away_is_a_store_error_and_it_recovers(tmp_path: Path) -> None:
    from tests.remote_servers import oxigraph_server

    with oxigraph_server(tmp_path) as (remote, process):
        store = RemoteStore.open(remote, timeout=10)
        store.write({GRAPH: _quads("a")})
        process.terminate()
        process.wait()
        with pytest.raises(StoreError, match="cannot be reached"):
            store.query("ASK { ?s ?p ?o }")
        port = remote.query_url.split(":")[2].split("/")[0]
        restarted = subprocess.Popen(
            [
                process.args[0],
                "serve",
                "--location",
                str(tmp_path / "db"),  # type: ignore[index]
                "--bind",
                f"127.0.0.1:{port}",
            ]
        )
        try:
            for _ in range(100):
                try:
                    assert _objects(store) == {"a"}
                    break
                except StoreError:
                    import time

                    time.sleep(0.1)
            assert _objects(store) == {"a"}
        finally:
            restarted.terminate()
            restarted.wait()


def test_a_query_s_own_from_clauses_choose_its_dataset(store: RemoteStore) -> None:
    store.write({GRAPH: _quads("a"), EX + "other": _quads("b", graph=EX + "other")})
    rows = store.query(f"SELECT ?o FROM <{EX}other> WHERE {{ ?s ?p ?o }}", use_query_dataset=True)
    assert [row["o"].value for row in rows] == ["b"]
