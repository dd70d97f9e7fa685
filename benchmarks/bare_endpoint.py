"""The ceiling of any SPARQL endpoint served by Python: a bare ASGI app with nothing else.

`GET ?query=…` runs the query with pyoxigraph in the serving process and answers with
pyoxigraph's own SPARQL Results JSON writer. No time limit, no result cap, no screening of
SERVICE, no negotiation, no ETag, no error handling: none of what `/sparql` must do. Served by
uvicorn like `/sparql`, it shows how much of the gap to the Oxigraph server (Rust) belongs to
Python's HTTP serving itself, whatever an endpoint does on top. Benchmarks only: never serve it.

    BARE_ENDPOINT_STORE=path/to/store uvicorn benchmarks.bare_endpoint:app --workers 2
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph

__all__ = ["app"]

_HEADERS = [(b"content-type", b"application/sparql-results+json")]
_store: pyoxigraph.Store | None = None


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answer every HTTP request with the result of its `query` parameter."""
    global _store
    if scope["type"] != "http":
        return  # no lifespan: the store opens on the first request
    if _store is None:
        _store = pyoxigraph.Store.read_only(os.environ["BARE_ENDPOINT_STORE"])
    text = parse_qs(scope["query_string"].decode())["query"][0]
    result = _store.query(text)
    assert isinstance(result, pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean)
    body = result.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
    assert body is not None  # without an output, serialize returns the bytes
    headers = [*_HEADERS, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
