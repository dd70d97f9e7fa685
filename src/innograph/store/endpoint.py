"""HTTP to a remote SPARQL store: queries as SPARQL 1.1 Protocol forms on kept-alive
connections (`innograph.store.connections`; through SPARQLWrapper when a digest challenge
must be answered), updates through SPARQLWrapper, graph uploads through the Graph Store HTTP
Protocol, and every failure turned into an error that says what to do.

Queries go as POST forms (`application/x-www-form-urlencoded`): every store accepts them, where
Virtuoso 7.2 answers a POST of `application/sparql-query` as a query without its dataset
parameters, and a GET of many `default-graph-uri` may pass a URL's length. Each request is
time-limited (`timeout`): the HTTP call is the remote store's only handle on a query past its
deadline (the connection is closed; the store may go on running it, README says how to cap
that on the store's side).

A store that cannot be reached, or answers 5xx, raises `StoreError` (the service answers 503
with Retry-After, and the next request tries again); wrong credentials, a refused update or a
malformed query raise errors that name the URL and the variable to check.
"""

from __future__ import annotations

import base64
import io
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

from SPARQLWrapper import DIGEST, INSERT, POST, SELECT, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from innograph._types import GraphName
from innograph.credentials import Credentials
from innograph.errors import QueryError, QueryTimeout, StoreError
from innograph.settings import Remote
from innograph.store.connections import Answer, Connections

__all__ = ["Endpoint", "Response"]

RESULTS_ACCEPT = "application/sparql-results+json"
"""What a SELECT or ASK query asks for."""
_FORM = "application/x-www-form-urlencoded"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8"
"""What a CONSTRUCT or DESCRIBE query asks for: one header for both kinds gets a table from
Virtuoso for a CONSTRUCT, or a 406."""


@dataclass(frozen=True)
class Response:
    """An answer's bytes, its media type, and the `Server` header (which tells Virtuoso)."""

    body: bytes
    media_type: str
    server: str


class Endpoint:
    """One remote store's URLs and credentials; every request to it goes through here."""

    def __init__(self, remote: Remote) -> None:
        self.remote = remote
        self._opener = _opener(remote)
        self._connections = (
            None if remote.credentials.scheme == "digest" else Connections(remote.query_url)
        )
        """Kept-alive connections for queries (`innograph.store.connections`); a digest
        challenge is answered by urllib's handler, through SPARQLWrapper."""

    def close(self) -> None:
        """Close the kept-alive connections."""
        if self._connections is not None:
            self._connections.close()

    def query(
        self,
        sparql: str,
        *,
        timeout: float,
        is_graph: bool = False,
        default_graphs: list[GraphName] | None = None,
        named_graphs: list[GraphName] | None = None,
    ) -> Response:
        """Send a query with its dataset (None: let the store choose); return the answer, a
        graph if `is_graph` (CONSTRUCT, DESCRIBE), else a table or a boolean."""
        accept = GRAPH_ACCEPT if is_graph else RESULTS_ACCEPT
        if self._connections is None:
            return self._query_by_wrapper(sparql, timeout, accept, default_graphs, named_graphs)
        form = [("query", sparql)]
        form += [("default-graph-uri", graph) for graph in default_graphs or ()]
        form += [("named-graph-uri", graph) for graph in named_graphs or ()]
        headers = {"Accept": accept, "Content-Type": _FORM, **self._authorization()}
        with _errors(self.remote.query_url, "INNOGRAPH_SPARQL_QUERY_URL", timeout):
            answer = self._connections.post(urlencode(form).encode(), headers, timeout=timeout)
            if answer.status >= 300:
                raise _refusal(self.remote.query_url, answer)
        return Response(
            body=answer.body,
            media_type=(answer.headers.get("Content-Type") or "").split(";")[0].strip(),
            server=answer.headers.get("Server") or "",
        )

    def _query_by_wrapper(
        self,
        sparql: str,
        timeout: float,
        accept: str,
        default_graphs: list[GraphName] | None,
        named_graphs: list[GraphName] | None,
    ) -> Response:
        """A query through SPARQLWrapper, which answers a digest challenge (urllib's
        handler): a connection of its own each time."""
        wrapper = self._wrapper(self.remote.query_url, timeout)
        wrapper.setQuery(sparql)
        wrapper.queryType = SELECT  # a query, whatever SPARQLWrapper's keyword search guessed
        wrapper.addCustomHttpHeader("Accept", accept)
        for graph in default_graphs or ():
            wrapper.addDefaultGraph(graph)
        for graph in named_graphs or ():
            wrapper.addNamedGraph(graph)
        with _errors(self.remote.query_url, "INNOGRAPH_SPARQL_QUERY_URL", timeout):
            with wrapper.query().response as answer:  # closed: Virtuoso has few HTTP threads
                return Response(
                    body=answer.read(),
                    media_type=(answer.headers.get("Content-Type") or "").split(";")[0].strip(),
                    server=answer.headers.get("Server") or "",
                )

    def update(self, sparql: str, *, timeout: float) -> None:
        """Send an update (one request: one transaction on the stores innograph supports)."""
        url = self.remote.update_url
        if url is None:
            raise StoreError(
                "this remote store takes no writes: set INNOGRAPH_SPARQL_UPDATE_URL "
                "(and INNOGRAPH_SPARQL_GRAPH_STORE_URL for loading)"
            )
        wrapper = self._wrapper(url, timeout)
        wrapper.setQuery(sparql)
        wrapper.queryType = INSERT  # an update, whatever SPARQLWrapper's keyword search guessed
        with _errors(url, "INNOGRAPH_SPARQL_UPDATE_URL", timeout):
            with wrapper.query().response as answer:
                answer.read()

    def upload(self, graph: GraphName, body: bytes, *, media_type: str, timeout: float) -> None:
        """Add RDF to a graph with the Graph Store HTTP Protocol (POST: the graph grows)."""
        url = self.remote.graph_store_url
        if url is None:
            raise StoreError(
                "writing to this remote store needs its Graph Store HTTP Protocol endpoint: "
                "set INNOGRAPH_SPARQL_GRAPH_STORE_URL"
            )
        request = urllib.request.Request(
            url + ("&" if "?" in url else "?") + urlencode({"graph": graph}),
            data=body,
            method="POST",
            headers={"Content-Type": media_type, **self._authorization()},
        )
        with _errors(url, "INNOGRAPH_SPARQL_GRAPH_STORE_URL", timeout):
            with self._opener.open(request, timeout=timeout) as answer:
                answer.read()

    def _wrapper(self, url: str, timeout: float) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url, updateEndpoint=self.remote.update_url)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)  # else a `format=xml` parameter contradicts the Accept header
        wrapper.timeout = timeout  # type: ignore[assignment]  # setTimeout rounds to seconds
        credentials = self.remote.credentials
        if credentials.scheme in ("basic", "digest") and credentials.user:
            wrapper.setCredentials(credentials.user, credentials.password)
            if credentials.scheme == "digest":
                wrapper.setHTTPAuth(DIGEST)
        for name, value in self._authorization().items():
            wrapper.addCustomHttpHeader(name, value)
        return wrapper

    def _authorization(self) -> dict[str, str]:
        """The Authorization header sent with every request (digest answers a challenge)."""
        credentials = self.remote.credentials
        if credentials.scheme == "bearer":
            return {"Authorization": "Bearer " + credentials.token}
        if credentials.scheme == "basic" and credentials.user:
            pair = f"{credentials.user}:{credentials.password}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        return {}


@contextmanager
def _errors(url: str, variable: str, timeout: float) -> Iterator[None]:
    """Turn what urllib and SPARQLWrapper raise into innograph's errors."""
    try:
        yield
    except (SPARQLWrapperException, OSError) as error:
        raise _translated(error, f"the remote store at {url} ({variable})", timeout) from None


def _translated(error: BaseException, where: str, timeout: float) -> Exception:
    if isinstance(error, Unauthorized) or (
        isinstance(error, urllib.error.HTTPError) and error.code in (401, 403)
    ):
        return StoreError(
            f"{where} refused innograph's credentials: check INNOGRAPH_SPARQL_USER, "
            "INNOGRAPH_SPARQL_PASSWORD, INNOGRAPH_SPARQL_AUTH or INNOGRAPH_SPARQL_TOKEN "
            "(or INNOGRAPH_SPARQL_CREDENTIALS_FILE)"
        )
    if isinstance(error, QueryBadFormed) or _COMPILER_ERROR in str(error):
        return QueryError(f"{where} refused the request: {_message(error)}")
    if isinstance(error, EndPointNotFound):
        return StoreError(f"{where} answers 404: is the URL right?")
    if isinstance(error, urllib.error.HTTPError):
        if error.code < 500:
            return QueryError(f"{where} refused the request ({error.code}): {_body(error)}")
        return StoreError(f"{where} failed ({error.code}): {_body(error)}")
    if isinstance(error, TimeoutError) or (
        isinstance(error, urllib.error.URLError) and isinstance(error.reason, TimeoutError)
    ):
        return QueryTimeout.stopped("query", timeout, " (the remote store's connection closed)")
    if isinstance(error, urllib.error.URLError):
        return StoreError(f"{where} cannot be reached: {error.reason}")
    if isinstance(error, OSError):
        return StoreError(f"{where} cannot be reached: {error}")
    return StoreError(f"{where} failed: {_message(error)}")


_COMPILER_ERROR = "Virtuoso 37000 Error"
"""How Virtuoso begins the answer (a 500) to a query its SPARQL compiler cannot compile: a
query it will never answer, not a store that failed (SQL state 37000: syntax error)."""


def _refusal(url: str, answer: Answer) -> Exception:
    """The exception SPARQLWrapper raises for an answer of this status (its `_query`), so
    that a kept-alive query fails as one through SPARQLWrapper does."""
    exception = {
        400: QueryBadFormed,
        401: Unauthorized,
        404: EndPointNotFound,
        414: URITooLong,
        500: EndPointInternalError,
    }.get(answer.status)
    if exception is not None:
        return exception(answer.body)
    return urllib.error.HTTPError(
        url, answer.status, answer.reason, answer.headers, io.BytesIO(answer.body)
    )


def _message(error: BaseException) -> str:
    """SPARQLWrapper's message without its boilerplate; the store's own text, shortened."""
    return " ".join(str(error).split())[:500]


def _body(error: urllib.error.HTTPError) -> str:
    try:
        return " ".join(error.read().decode("utf-8", "replace").split())[:500]
    except OSError:
        return error.reason


def _opener(remote: Remote) -> urllib.request.OpenerDirector:
    """urllib's opener for Graph Store requests, answering a digest challenge if need be."""
    credentials: Credentials = remote.credentials
    if credentials.scheme != "digest":
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in (remote.query_url, remote.update_url, remote.graph_store_url):
        if url is not None:
            passwords.add_password(None, url, credentials.user, credentials.password)
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))
