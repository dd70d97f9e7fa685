"""Credentials against real servers over real HTTP: HTTP digest on Virtuoso's protected
endpoints (`/sparql-auth`, `/sparql-graph-crud-auth`, its `dba` account), and a bearer token
or HTTP basic through a reverse proxy started here, which checks the Authorization header of
every request and forwards it to the Oxigraph server (which has no authentication of its own),
as a deployment behind an authenticating gateway would."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from innograph.errors import StoreError
from innograph.settings import Remote, Settings
from innograph.store import open_configured
from innograph.store.remote import RemoteStore
from tests.api.conftest import live_server
from tests.conftest import RemoteServers, emptied

EX = "http://example.org/"
GRAPH = EX + "graph"
TOKEN = "t0ken-for-the-test"


def _write_and_read(store: RemoteStore) -> list[str]:
    """Write a graph (Graph Store upload and SPARQL Update) and read it back (SPARQL query)."""
    quad = pyoxigraph.Quad(
        pyoxigraph.NamedNode(EX + "s"),
        pyoxigraph.NamedNode(EX + "p"),
        pyoxigraph.Literal("guarded"),
        pyoxigraph.NamedNode(GRAPH),
    )
    store.write({GRAPH: [quad]})
    return [found.object.value for found in store.quads(graph=GRAPH)]


def _settings(remote: Remote, credentials: Path, text: str) -> Settings:
    """Settings for the remote store as a user gives them: URLs in the environment,
    credentials in a file."""
    credentials.write_text(text, encoding="utf-8")
    return Settings.from_environment(
        {
            "INNOGRAPH_BACKEND": "sparql",
            "INNOGRAPH_SPARQL_QUERY_URL": remote.query_url,
            "INNOGRAPH_SPARQL_UPDATE_URL": remote.update_url or "",
            "INNOGRAPH_SPARQL_GRAPH_STORE_URL": remote.graph_store_url or "",
            "INNOGRAPH_SPARQL_LOCAL": str(credentials.parent / "derived"),
            "INNOGRAPH_SPARQL_CREDENTIALS_FILE": str(credentials),
        }
    )


# -- digest on Virtuoso ------------------------------------------------------------------


@pytest.fixture
def protected_virtuoso(remote_servers: RemoteServers) -> Remote:
    """Virtuoso's endpoints that ask for HTTP digest credentials, on an emptied store."""
    remote, _ = remote_servers.get("virtuoso")
    emptied(remote).close()
    base = remote.query_url.rsplit("/", 1)[0]
    return Remote(
        query_url=base + "/sparql-auth",
        update_url=base + "/sparql-auth",
        graph_store_url=base + "/sparql-graph-crud-auth",
    )


def test_digest_credentials_write_and_read_virtuoso(
    protected_virtuoso: Remote, tmp_path: Path
) -> None:
    settings = _settings(
        protected_virtuoso, tmp_path / "credentials", "user = dba\npassword = dba\nauth = digest\n"
    )
    store = open_configured(settings)
    assert isinstance(store, RemoteStore)
    assert _write_and_read(store) == ["guarded"]


@pytest.mark.parametrize(
    "credentials",
    ["user = dba\npassword = wrong\nauth = digest\n", "user = dba\npassword = dba\nauth = basic\n"],
    ids=["wrong-password", "basic"],
)
def test_virtuoso_refuses_a_wrong_password_and_basic_credentials(
    protected_virtuoso: Remote, tmp_path: Path, credentials: str
) -> None:
    """A wrong password is named at start; so is HTTP basic, which Virtuoso's protected
    endpoints do not take (digest only: README, "Running in production")."""
    settings = _settings(protected_virtuoso, tmp_path / "credentials", credentials)
    with pytest.raises(StoreError, match="refused innograph's credentials"):
        open_configured(settings, read_only=True)


# -- bearer and basic through an authenticating proxy --------------------------------------


def _guarding_proxy(upstream: str, expected: str, seen: list[str]) -> Starlette:
    """An app that answers 401 to a request whose Authorization header is not `expected`,
    and forwards the others to `upstream` (method, path, query string, body, media types)."""

    async def forward(request: Request) -> Response:
        authorization = request.headers.get("authorization", "")
        seen.append(authorization)
        if authorization != expected:
            return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})
        headers = {
            name: value
            for name in ("content-type", "accept")
            if (value := request.headers.get(name)) is not None
        }
        async with httpx.AsyncClient(timeout=60) as client:
            answer = await client.request(
                request.method,
                upstream + request.url.path,
                params=list(request.query_params.multi_items()),
                content=await request.body(),
                headers=headers,
            )
        media_type = answer.headers.get("content-type", "")
        return Response(answer.content, answer.status_code, {"Content-Type": media_type})

    methods = ["GET", "POST", "PUT", "DELETE", "HEAD"]
    return Starlette(routes=[Route("/{path:path}", forward, methods=methods)])


@contextmanager
def _proxied(remote_servers: RemoteServers, expected: str, seen: list[str]) -> Iterator[Remote]:
    """The emptied Oxigraph server behind a guarding proxy: the proxy's URLs."""
    remote, _ = remote_servers.get("oxigraph")
    emptied(remote).close()
    upstream = remote.query_url.rsplit("/", 1)[0]
    with live_server(_guarding_proxy(upstream, expected, seen)) as base:  # type: ignore[arg-type]
        yield Remote(
            query_url=base + "/query",
            update_url=base + "/update",
            graph_store_url=base + "/store",
        )


@pytest.mark.parametrize(
    ("credentials", "expected"),
    [
        (f"token = {TOKEN}\n", f"Bearer {TOKEN}"),
        (
            "user = reader\npassword = pa:ss\nauth = basic\n",
            "Basic " + base64.b64encode(b"reader:pa:ss").decode("ascii"),
        ),
    ],
    ids=["bearer", "basic"],
)
def test_every_request_carries_the_credentials_through_a_proxy(
    remote_servers: RemoteServers, tmp_path: Path, credentials: str, expected: str
) -> None:
    seen: list[str] = []
    with _proxied(remote_servers, expected, seen) as remote:
        store = open_configured(_settings(remote, tmp_path / "credentials", credentials))
        assert isinstance(store, RemoteStore)
        assert _write_and_read(store) == ["guarded"]
    assert len(seen) > 5 and set(seen) == {expected}  # queries, updates and uploads alike


def test_a_wrong_token_is_named_at_start(remote_servers: RemoteServers, tmp_path: Path) -> None:
    seen: list[str] = []
    with _proxied(remote_servers, f"Bearer {TOKEN}", seen) as remote:
        settings = _settings(remote, tmp_path / "credentials", "token = stale\n")
        with pytest.raises(StoreError, match="refused innograph's credentials"):
            open_configured(settings, read_only=True)
    assert seen == ["Bearer stale"]
