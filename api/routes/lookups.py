"""`/api/…`: lookups of organisations, their links, agreements, people, places and sources."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from api import schemas
from api.deps import OrganisationFiltersDep, PagingDep, StoreDep
from api.representation import (
    FOUND_RESPONSES,
    LIST_RESPONSES,
    PAGE_RESPONSES,
    RESOURCE_RESPONSES,
    LookupRoute,
    describes_from_store,
    represent,
)
from innograph import lookups
from innograph.lookups import models

router = APIRouter(prefix="/api", tags=["lookups"], route_class=LookupRoute)


def _id(*examples: str) -> Any:
    """A path's id, with examples from the seed release (`slug`, `kind/slug`): the requests
    that reach a resource, and so check its answer's schema, in the document's own tests."""
    return Path(
        description="A REST id (`openzone`, `organisation/openzone`), a prefixed name or an IRI.",
        openapi_examples={
            "kind and slug" if "/" in example else "slug": {"value": example}
            for example in examples
        },
    )


Id = Annotated[str, _id("openzone", "organisation/openzone")]
AgreementId = Annotated[str, _id("agreement/openzone-tuspark-2021-mou")]
PersonId = Annotated[str, _id("person/fabrizio-conicella")]
PlaceId = Annotated[str, _id("place/milan")]
SourceId = Annotated[str, _id("source/2021-05-17-openzone-tuspark")]
Filter = Annotated[str | None, Query(min_length=1, max_length=500)]
Kind = Literal["agreement", "membership", "founding", "hosting", "post"]
Direction = Literal["outgoing", "incoming", "mutual"]


@router.get("/organizations", response_model=models.OrganisationPage, responses=FOUND_RESPONSES)
def organisations(
    request: Request, store: StoreDep, filters: OrganisationFiltersDep, paging: PagingDep
) -> Response:
    """List organisations by name; filter by type, sector, country, association or name text."""
    page = lookups.organisations(store, **vars(filters), limit=paging.limit, cursor=paging.cursor)
    return represent(request, page, store=store)


@router.get(
    "/organizations/{id:id}/links",
    response_model=schemas.LinkList,
    responses=FOUND_RESPONSES,
)
async def organisation_links(
    request: Request,
    store: StoreDep,
    id: Id,
    kind: Kind | None = None,
    direction: Direction | None = None,
) -> Response:
    """Every typed link of an organisation (or person) to another actor, with its evidence."""
    # Answered on the event loop when the answer is at hand (tables open, few links), else in
    # a worker thread, so that an association with hundreds of members holds up no one.
    find = partial(lookups.organisation_links, store, id, kind=kind, direction=direction)
    found = find() if lookups.links_at_hand(store, id) else await run_in_threadpool(find)
    return represent(request, schemas.LinkList(actor=id, links=found), store=store)


@router.get(
    "/organizations/{id:id}",
    response_model=models.OrganisationProfile,
    responses=RESOURCE_RESPONSES,
)
async def organisation(request: Request, store: StoreDep, id: Id) -> Response:
    """One organisation's profile: names, kinds, place, founders, sectors, figures, people."""

    # Read from tables open for the store's version, it is answered on the event loop, as
    # /links is; while they are being prepared (after a write), or for Turtle (a query), in
    # a worker thread.
    def answer() -> Response:
        profile = lookups.organisation(store, id)
        return represent(request, profile, store=store, iri=profile.iri)

    at_once = lookups.profile_at_hand(store) and not describes_from_store(request)
    return answer() if at_once else await run_in_threadpool(answer)


@router.get("/agreements", response_model=models.AgreementPage, responses=FOUND_RESPONSES)
def agreements(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    party: Filter = None,
    sector: Filter = None,
) -> Response:
    """List agreements by signing date; filter by party or focus sector."""
    page = lookups.agreements(
        store, party=party, sector=sector, limit=paging.limit, cursor=paging.cursor
    )
    return represent(request, page, store=store)


@router.get("/agreements/{id:id}", response_model=models.Agreement, responses=RESOURCE_RESPONSES)
def agreement(request: Request, store: StoreDep, id: AgreementId) -> Response:
    """One agreement: parties, date, place, focus sectors, aims, quotes and sources."""
    found = lookups.agreement(store, id)
    return represent(request, found, store=store, iri=found.iri)


@router.get("/people/{id:id}", response_model=models.Person, responses=RESOURCE_RESPONSES)
def person(request: Request, store: StoreDep, id: PersonId) -> Response:
    """One person: posts, organisations founded, quotes, contact points and sources."""
    found = lookups.person(store, id)
    return represent(request, found, store=store, iri=found.iri)


@router.get("/sectors", response_model=schemas.SectorList, responses=LIST_RESPONSES)
def sectors(request: Request, store: StoreDep) -> Response:
    """Every sector and service line, with counts of organisations and agreements."""
    return represent(request, schemas.SectorList(sectors=lookups.sectors(store)), store=store)


@router.get("/places/{id:id}", response_model=models.Place, responses=RESOURCE_RESPONSES)
def place(request: Request, store: StoreDep, id: PlaceId) -> Response:
    """One place: what it is part of, what it contains, and the organisations located there."""
    found = lookups.place(store, id)
    return represent(request, found, store=store, iri=found.iri)


@router.get("/sources/{id:id}", response_model=models.Source, responses=RESOURCE_RESPONSES)
def source(request: Request, store: StoreDep, id: SourceId) -> Response:
    """One source document: its passages in order, and the facts drawn from each."""
    found = lookups.source(store, id)
    return represent(request, found, store=store, iri=found.iri)


@router.get("/explanation", response_model=models.Derivation, responses=PAGE_RESPONSES)
def explanation(
    request: Request,
    store: StoreDep,
    subject: Annotated[str, Query(min_length=1, max_length=500, examples=["zambon"])],
    property: Annotated[str, Query(min_length=1, max_length=500, examples=["ig:founded"])],
    object: Annotated[str, Query(min_length=1, max_length=500, examples=["openzone"])],
) -> Response:
    """Why the graph holds a triple: the OWL 2 RL rule, its axiom and premises, down to the
    passages that state them; an HTML page for a browser (`Accept: text/html`)."""
    found = lookups.explanation(store, subject, property, object)
    return represent(request, found, store=store, page="explanation.html")


Hops = Annotated[int, Query(ge=1, le=4, description="Links out from `around`.")]
Limit = Annotated[int, Query(ge=1, le=2000, description="Nodes at most.")]


@router.get("/network", response_model=models.Network, responses=FOUND_RESPONSES)
def network(
    request: Request,
    store: StoreDep,
    around: Annotated[
        str | None, Query(min_length=1, max_length=500, examples=["openzone"])
    ] = None,
    hops: Hops = 2,
    limit: Limit = 300,
) -> Response:
    """The actors within `hops` links of one (or the whole ecosystem without `around`) and
    the typed links between them, for a network view; `truncated` when `limit` cut it."""
    found = lookups.network(store, around, hops=hops, limit=limit)
    return represent(request, found, store=store)


@router.get("/paths", response_model=schemas.ActorPathList, responses=FOUND_RESPONSES)
def paths(
    request: Request,
    store: StoreDep,
    start: Annotated[str, Query(alias="from", min_length=1, max_length=500, examples=["openzone"])],
    end: Annotated[str, Query(alias="to", min_length=1, max_length=500, examples=["iasp"])],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> Response:
    """Shortest paths between two actors through agreements, memberships, founding and hosting."""
    found = lookups.paths(store, start, end, max_hops=max_hops, limit=limit)
    return represent(request, schemas.ActorPathList(paths=found), store=store)
