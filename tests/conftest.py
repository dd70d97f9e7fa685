"""Shared fixtures: factories for stores and files, and a clean `INNOGRAPH_*` environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from innograph.settings import Remote
from innograph.store import Store, open_store

REPOSITORY = Path(__file__).resolve().parents[1]
"""The project root, whatever the current directory is."""

SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""Runs for minutes on the seed release (its triples cubed): keeps a query worker busy."""

StoreFactory = Callable[[], Store]
FileFactory = Callable[[str, str], Path]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own INNOGRAPH_* settings."""
    import os

    for name in list(os.environ):
        if name.startswith("INNOGRAPH_"):
            monkeypatch.delenv(name)


@pytest.fixture
def store_factory() -> Iterator[StoreFactory]:
    """Return a factory of in-memory stores, closed after the test."""
    opened: list[Store] = []

    def factory() -> Store:
        store = open_store(":memory:")
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def file_factory(tmp_path: Path) -> FileFactory:
    """Return a factory that writes a file under tmp_path and returns its path."""

    def factory(name: str, content: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        return path

    return factory


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def served(
    folder: Path, *options: str, **variables: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run `innograph serve` from the project root on a fresh store in `folder` (or as the
    `INNOGRAPH_*` `variables` say); yield its URL and process."""
    port = _free_port()
    environment = {**os.environ, "INNOGRAPH_STORE": str(folder / "store"), **variables}
    command = [sys.executable, "-m", "innograph", "serve", "--port", str(port), *options]
    log = folder / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=REPOSITORY, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not start:\n{log.read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.terminate()
        server.wait(timeout=30)


REMOTE_KINDS = ("oxigraph", "virtuoso")
"""The remote stores the tests start (`tests.remote_servers`)."""


@pytest.fixture(scope="session")
def remote_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteServers]:
    """Start each remote store at most once a session, when a test first asks for it."""
    with RemoteServers(tmp_path_factory) as servers:
        yield servers


class RemoteServers:
    """The remote stores started so far, by kind; stopped together at the session's end."""

    def __init__(self, folders: pytest.TempPathFactory) -> None:
        from contextlib import ExitStack

        self._folders = folders
        self._stack = ExitStack()
        self._started: dict[str, tuple[Remote, subprocess.Popen[bytes]]] = {}

    def __enter__(self) -> RemoteServers:
        return self

    def __exit__(self, *_: object) -> None:
        self._stack.close()

    def get(self, kind: str, use: str = "shared") -> tuple[Remote, subprocess.Popen[bytes]]:
        """The settings and process of the server of one kind for one use (tests that empty
        it and tests that keep the seed in it need a server each), started if need be."""
        from tests import remote_servers

        key = f"{kind}-{use}"
        if key not in self._started:
            start = {
                "oxigraph": remote_servers.oxigraph_server,
                "virtuoso": remote_servers.virtuoso_server,
            }[kind]
            self._started[key] = self._stack.enter_context(start(self._folders.mktemp(key)))
        return self._started[key]


def emptied(remote: Remote, *, timeout: float = 30.0) -> Store:
    """A store over a remote server, emptied of every graph and catalog record (through the
    store's own writes), for a test that needs a fresh one."""
    from innograph.store.remote import RemoteStore

    store = RemoteStore.open(remote, timeout=timeout)
    store.write({}, drop=store.named_graphs(), forget=list(store.catalog()))
    return store
