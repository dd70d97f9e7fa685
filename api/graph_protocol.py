"""Read Graph Store Protocol requests (https://www.w3.org/TR/sparql11-http-rdf-update/).

A request names its graph with `?graph=<IRI>` or `?default` (exactly one). The default graph
is the union of every graph, so it can be read but not written (405). Uploads are Turtle,
N-Triples, RDF/XML or JSON-LD, at most `MAX_GRAPH_BYTES`; other content types get 415.
"""

from __future__ import annotations

import pyoxigraph
from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from api.negotiation import GRAPH_MEDIA_TYPES, choose, etag_matches, weak_etag
from api.problems import ProtocolError
from api.protocol import read_body
from innograph.queries import GRAPH_FORMATS
from innograph.sparql.graph_store import read_graph
from innograph.store import Store

__all__ = [
    "MAX_GRAPH_BYTES",
    "UPLOAD_MEDIA_TYPES",
    "graph_target",
    "named_target",
    "read_upload",
    "graph_response",
]

MAX_GRAPH_BYTES = 64 << 20
"""Largest upload accepted by PUT and POST, in bytes."""

UPLOAD_MEDIA_TYPES: dict[str, pyoxigraph.RdfFormat] = {
    media: GRAPH_FORMATS[name]
    for media, name in GRAPH_MEDIA_TYPES.items()
    if name not in ("trig", "nquads")
}
"""One graph's triples: TriG and N-Quads, which name graphs themselves, are not accepted."""


def graph_target(request: Request) -> str | None:
    """Given a request, return the graph IRI it names, or None for `?default`."""
    graphs = request.query_params.getlist("graph")
    is_default = "default" in request.query_params
    if len(graphs) + is_default != 1:
        raise ProtocolError(400, "name exactly one graph: ?graph=<IRI> or ?default")
    if graphs:
        try:
            pyoxigraph.NamedNode(graphs[0])
        except ValueError as error:
            raise ProtocolError(400, f"the graph name is not an IRI: {error}") from None
        return graphs[0]
    return None


def named_target(request: Request) -> str:
    """Like `graph_target`, but the default graph (the union of all graphs) is refused."""
    graph = graph_target(request)
    if graph is None:
        raise ProtocolError(
            405,
            "the default graph is the union of all graphs and cannot be written; "
            "write a named graph with ?graph=<IRI>",
            headers={"Allow": "GET, HEAD, OPTIONS"},
        )
    return graph


async def read_upload(request: Request) -> tuple[bytes, pyoxigraph.RdfFormat]:
    """Given a PUT or POST, return its body and RDF format (415 for other content types)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    rdf_format = UPLOAD_MEDIA_TYPES.get(media)
    if rdf_format is None:
        offered = ", ".join(UPLOAD_MEDIA_TYPES)
        raise ProtocolError(415, f"unsupported content type {media or '(none)'!r}; send {offered}")
    return await read_body(request, limit=MAX_GRAPH_BYTES), rdf_format


async def graph_response(request: Request, store: Store, graph: str | None) -> Response:
    """Given a GET of a graph, return it in the negotiated RDF format, with an ETag."""
    media = choose(request.headers.get("accept"), GRAPH_MEDIA_TYPES)
    if media is None:
        raise ProtocolError(406, f"offered media types: {', '.join(GRAPH_MEDIA_TYPES)}")
    tag = weak_etag(store.version, graph or "", media)
    headers = {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Accept"}
    if etag_matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    rdf_format = GRAPH_FORMATS[GRAPH_MEDIA_TYPES[media]]
    body = await run_in_threadpool(read_graph, store, graph, rdf_format)
    return Response(body, media_type=media, headers=headers)
