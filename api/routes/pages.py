"""Pages a person can browse, at the paths the graph's IRIs resolve to.

`https://w3id.org/innograph/` redirects to this service (see `deploy/w3id/`), so every IRI of
the graph is answered here: `/id/{path}` for resources and `/ontology` for the ontology, each
as a page for a browser and as RDF for a linked-data client (`Accept`, answered with `Vary:
Accept`). `/` is the home page.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from api.negotiation import GRAPH_MEDIA_TYPES, choose
from api.pages import PUBLIC_BASE, page_language, render_page
from api.problems import ProtocolError
from innograph import lookups
from innograph.lookups.links import KINDS
from innograph.lookups.models import Source
from innograph.namespaces import IGID, SYNTHETIC
from innograph.queries import GRAPH_FORMATS
from innograph.store import Store

__all__ = ["router", "PAGE_TYPES"]

router = APIRouter(include_in_schema=False)

HTML = "text/html"
PAGE_TYPES: dict[str, str] = {
    HTML: "html",
    **{media: name for media, name in GRAPH_MEDIA_TYPES.items() if name not in ("trig", "nquads")},
}
"""What a resource's IRI answers: its page first (for `*/*`), then its RDF description."""


def _chosen(request: Request) -> str:
    media = choose(request.headers.get("accept"), PAGE_TYPES)
    if media is None:
        raise ProtocolError(406, f"offered media types: {', '.join(PAGE_TYPES)}")
    return media


def _rdf(media: str, body: bytes) -> Response:
    return Response(body, media_type=media, headers={"Vary": "Accept"})


@router.get("/")
def home(request: Request, store: StoreDep) -> Response:
    """The home page: what the graph holds, its sources, a search box, where to go next."""
    overview = lookups.overview(store)
    return render_page(request, "home.html", overview=overview, public_base=PUBLIC_BASE)


@router.get("/id/{path:path}")
async def resource(request: Request, store: StoreDep, path: str) -> Response:
    """A resource of the graph: its page, or its RDF description (Turtle, JSON-LD …)."""
    return await _resource(request, store, IGID + path)


@router.get("/synthetic/{path:path}")
async def synthetic_resource(request: Request, store: StoreDep, path: str) -> Response:
    """A resource of a generated ecosystem (`benchmarks/generate.py`), answered as `/id/`."""
    return await _resource(request, store, SYNTHETIC + path)


async def _resource(request: Request, store: Store, iri: str) -> Response:
    media = _chosen(request)
    if media != HTML:
        rdf_format = GRAPH_FORMATS[PAGE_TYPES[media]]
        description = await run_in_threadpool(lookups.resource_description, store, iri, rdf_format)
        return _rdf(media, description)
    found = await run_in_threadpool(lookups.resource_page, store, iri)
    if isinstance(found, Source):
        return render_page(request, "source.html", source=found)
    return render_page(request, "entity.html", entity=found)


@router.get("/ontology")
async def ontology(request: Request, store: StoreDep) -> Response:
    """The ontology: its reference page (each term at `#Term`), or its RDF."""
    media = _chosen(request)
    if media != HTML:
        rdf_format = GRAPH_FORMATS[PAGE_TYPES[media]]
        return _rdf(media, await run_in_threadpool(lookups.ontology_rdf, store, rdf_format))
    language = page_language(request)
    page = await run_in_threadpool(lookups.ontology_page, store, language)
    return HTMLResponse(page, headers={"Vary": "Accept, Accept-Language"})


@router.get("/network")
async def network_view(
    request: Request,
    store: StoreDep,
    around: Annotated[str | None, Query(min_length=1, max_length=500)] = None,
    hops: Annotated[int, Query(ge=1, le=4)] = 2,
    limit: Annotated[int, Query(ge=1, le=2000)] = 300,
) -> Response:
    """The network view of an actor's neighbourhood (`around`), or of the whole ecosystem."""
    found = await run_in_threadpool(lookups.network, store, around, hops=hops, limit=limit)
    asked = {"hops": hops, "limit": limit, **({"around": around} if around else {})}
    sectors = {s.id: s for node in found.nodes for s in node.sectors}
    sectors.update((s.id, s) for edge in found.edges for s in edge.sectors)
    return render_page(
        request,
        "network.html",
        network=found,
        kinds=KINDS,
        sectors=sorted(sectors.values(), key=lambda sector: sector.name.lower()),
        names={node.id: node.name for node in found.nodes},
        api_query=urlencode(asked),
        public_base=PUBLIC_BASE,
    )
