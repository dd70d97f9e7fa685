"""Fixtures for the REST API tests: the ontology and seed release in a store, and a client."""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from api.main import create_app
from innograph.loading import load
from innograph.namespaces import IGID
from innograph.reasoning.closure import materialise
from innograph.reasoning.rules import rules_for
from innograph.settings import MEMORY, Settings
from innograph.store import Store, open_store
from tests.conftest import REPOSITORY, RemoteServers, emptied

STORE_KINDS = ("embedded", "oxigraph", "virtuoso")
"""The stores the read-only API tests run on: the embedded one, the Oxigraph server and
Virtuoso (each remote server started once a session, `tests.conftest.RemoteServers`)."""


@pytest.fixture(scope="session", params=STORE_KINDS)
def seed_store(request: pytest.FixtureRequest, remote_servers: RemoteServers) -> Iterator[Store]:
    """A store holding `ontology/` and `data/`, shared by the read-only API tests: in memory,
    or on a remote server of its own (`tests.remote_servers`), loaded through the store."""
    if request.param == "embedded":
        store = open_store(MEMORY)
    else:
        store = emptied(remote_servers.get(request.param, "seed")[0])
    load([REPOSITORY / "ontology", REPOSITORY / "data"], store=store)
    yield store
    store.close()


# -- A reasoned store (tests/api/test_inference.py, test_linked_data.py) -----------------------

ACME = "https://example.org/acme"
ACME_MOU = "https://example.org/acme-zambon-mou"
MEMBERSHIP_PASSAGE = IGID + "source/2021-05-17-openzone-tuspark/passage/10"
_ANNOTATED = """[] a owl:Axiom ; owl:annotatedSource <{0}> ; owl:annotatedProperty {1} ;
    owl:annotatedTarget <{2}> ; ig:statedIn <{3}> ; ig:evidenceText "{4}"@it .
"""
_ACME_FILE = f"""
@prefix ig: <https://w3id.org/innograph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{ACME}> a ig:Company ; rdfs:label "Acme"@en ;
    ig:hasAgreementWith <{IGID}organisation/zambon> ;
    ig:partyTo <{ACME_MOU}> .
<{ACME_MOU}> a ig:MemorandumOfUnderstanding ; ig:hasParty <{IGID}organisation/zambon> .
<{IGID}organisation/iasp> org:hasMember <{ACME}> .
{
    _ANNOTATED.format(
        IGID + "organisation/iasp",
        "org:hasMember",
        ACME,
        MEMBERSHIP_PASSAGE,
        "sono membri attivi della IASP",
    )
}
{_ANNOTATED.format(ACME, "ig:partyTo", ACME_MOU, MEMBERSHIP_PASSAGE, "membri attivi")}
"""
"""Test data, not a source: an agreement stated in one direction only (the other is
ig:hasAgreementWith's symmetry); a membership stated from IASP's side only (org:hasMember);
and a memorandum whose node names Zambon as a party but not Acme, which states its own part
(ig:partyTo), so that Acme's link to Zambon through it rests on ig:hasParty's inverse. The
annotations cite the seed's membership passage for want of a source of Acme's own."""


@pytest.fixture(scope="session")
def reasoned_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The ontology, the seed and Acme, with the inferred graph materialised."""
    extra = tmp_path_factory.mktemp("acme") / "acme.ttl"
    extra.write_text(_ACME_FILE, encoding="utf-8")
    store = open_store(MEMORY)
    load([REPOSITORY / "ontology", REPOSITORY / "data", extra], store=store)
    materialise(store, rules_for(store))
    yield store
    store.close()


def seed_settings(queries: Path) -> Settings:
    """Settings for an app over a store the test provides (nothing seeded, no shapes)."""
    return Settings(store=MEMORY, seed_paths=(), shapes=None, queries=queries)


@pytest.fixture(scope="session")
def seed_app(seed_store: Store) -> FastAPI:
    return create_app(seed_settings(REPOSITORY / "queries"), seed_store)


@pytest.fixture(scope="session")
def seed_client(seed_app: FastAPI) -> Iterator[TestClient]:
    """A client of the service over the seed store (the app's lifespan runs once)."""
    with TestClient(seed_app) as client:
        yield client


# -- SPARQL endpoint and Graph Store (tests/api/test_sparql_*.py, test_graph_store.py) --------

EX = "http://example.org/"

_COMPANIES = "".join(
    f'ex:company{n:02d} a ex:Company ; rdfs:label "Company {n:02d}" .\n' for n in range(25)
)

SPARQL_FIXTURE_FILES = {
    "organisations.ttl": "".join(
        [
            "@prefix ex: <http://example.org/> .\n",
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n",
            'ex:openzone a ex:SciencePark ; rdfs:label "OpenZone"@en ; ex:partner ex:tuspark .\n',
            'ex:tuspark a ex:SciencePark ; rdfs:label "TusPark"@en ; ex:founded 1994 .\n',
            _COMPANIES,
        ]
    ),
    "people.ttl": (
        "@prefix ex: <http://example.org/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'ex:alice a ex:Person ; rdfs:label "Alice" ; ex:worksAt ex:openzone .\n'
    ),
}
"""Two source files: 56 + 3 triples; 27 labelled organisations and one person."""

SparqlStoreFactory = Callable[[], tuple[Store, dict[str, str]]]
SparqlClientFactory = Callable[..., TestClient]


def make_sparql_store(folder: Path) -> tuple[Store, dict[str, str]]:
    """Given an empty folder, write the fixture files there and return a store holding them."""
    for name, content in SPARQL_FIXTURE_FILES.items():
        (folder / name).write_text(content, encoding="utf-8")
    store = open_store(MEMORY)
    load([folder], store=store)
    return store, {name: (folder / name).resolve().as_uri() for name in SPARQL_FIXTURE_FILES}


@pytest.fixture
def sparql_store_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlStoreFactory]:
    """Return a factory of fresh in-memory stores holding the fixture files, with their graphs."""
    opened: list[Store] = []

    def factory() -> tuple[Store, dict[str, str]]:
        store, graphs = make_sparql_store(tmp_path_factory.mktemp("sparql-data"))
        opened.append(store)
        return store, graphs

    yield factory
    for store in opened:
        store.close()


def sparql_settings(**changes: Any) -> Settings:
    """Settings for the SPARQL tests: nothing seeded, no shapes, two workers, then `changes`."""
    base = Settings(store=MEMORY, seed_paths=(), shapes=None, query_workers=2)
    return dataclasses.replace(base, **changes)


@pytest.fixture
def sparql_client_factory(
    sparql_store_factory: SparqlStoreFactory,
) -> Iterator[SparqlClientFactory]:
    """Return a factory `(store=None, **settings) -> TestClient` whose app's lifespan runs."""
    stack = contextlib.ExitStack()

    def factory(store: Store | None = None, **changes: Any) -> TestClient:
        chosen = store if store is not None else sparql_store_factory()[0]
        app = create_app(sparql_settings(**changes), chosen)
        return stack.enter_context(TestClient(app))

    with stack:
        yield factory


@contextlib.contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve an app with uvicorn on a free 127.0.0.1 port in a thread; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join()
        sock.close()


@pytest.fixture
def live_server_factory() -> Iterator[Callable[[FastAPI], str]]:
    """Return a factory that serves an app on a free 127.0.0.1 port and returns its URL."""
    with contextlib.ExitStack() as stack:
        yield lambda app: stack.enter_context(live_server(app))


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    """Debian's Chromium, headless, through chromedriver; fails (never skips) without them."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.fail(
            "Chromium and chromedriver are required (Debian: apt-get install chromium "
            "chromium-driver; ./run.sh test installs them)",
            pytrace=False,
        )
    options = Options()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    session = webdriver.Chrome(service=Service(driver), options=options)
    yield session
    session.quit()
