"""`/dumps/` (the whole store as files) and `/.well-known/void` (the dataset's description).

A dump is a file of the current store version (`innograph.sparql.dumps`): its strong ETag is
derived from the version and the file's name, so a client revalidates with `If-None-Match`
and gets 304 until the store changes (`Cache-Control: no-cache`: always revalidate). Each dump
is also offered gzipped as a file of its own (`innograph.nq.gz`, `application/gzip`: what
`curl -O` and a browser save as it is); a client that asks for the plain name with
`Accept-Encoding: gzip` is sent the same gzipped bytes with `Content-Encoding: gzip`, under an
ETag of their own.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from api.documented import body_schema
from api.negotiation import choose, etag_matches
from api.problems import ProtocolError, problem_responses
from innograph.sparql.dumps import DUMPS, GZIP_SUFFIX, dump_file
from innograph.sparql.void import VOID_PATH, describe_dataset

router = APIRouter(tags=["dataset"])

_VOID_MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
}
"""The description's formats; the first is the default."""

_DUMP_NAMES = [name + suffix for name in DUMPS for suffix in ("", GZIP_SUFFIX)]
"""Every file `/dumps/` serves: each dump, and each gzipped."""

_DUMP_TYPES = sorted({dump.media_type for dump in DUMPS.values()} | {"application/gzip"})

_DUMP_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {media: {"schema": body_schema(media)} for media in _DUMP_TYPES}},
    304: {"description": "Not modified: the ETag in If-None-Match is current."},
    **problem_responses(404, 503),
}

_REVALIDATE = "public, no-cache"
"""A cache may keep a dump, and asks whether it is current (If-None-Match) before using it."""


class DumpEntry(BaseModel):
    """One downloadable file."""

    name: str
    url: str
    media_type: str
    """The RDF format; the `.gz` file of the same name is `application/gzip`."""
    gzip_url: str
    inferred: bool
    """Whether the OWL 2 RL closure is included (as the named graph
    `https://w3id.org/innograph/graph/inferred` where graphs are kept apart)."""
    graphs: bool
    """Whether each graph is kept apart (TriG, N-Quads, JSON-LD) or all are merged (Turtle)."""


@router.get("/dumps/")
def list_dumps(request: Request, response: Response) -> list[DumpEntry]:
    """List the dumps of the whole store: TriG, N-Quads and JSON-LD (graph by graph) and Turtle
    (merged), each with or without the inferred triples, each also gzipped; the `Link` header
    names each file too (`rel="item"`, with its media type), for clients that read no JSON."""
    base = str(request.base_url)
    response.headers["Link"] = ", ".join(
        f'<{base}dumps/{name}>; rel="item"; type="{dump.media_type}"'
        for name, dump in DUMPS.items()
    )
    return [
        DumpEntry(
            name=name,
            url=f"{base}dumps/{name}",
            media_type=dump.media_type,
            gzip_url=f"{base}dumps/{name}{GZIP_SUFFIX}",
            inferred=dump.inferred,
            graphs=dump.has_graphs,
        )
        for name, dump in DUMPS.items()
    ]


@router.get(
    "/dumps/{file_name}",
    response_class=FileResponse,
    responses=_DUMP_RESPONSES,
)
async def download_dump(
    file_name: Annotated[str, Path(json_schema_extra={"enum": _DUMP_NAMES})],
    request: Request,
    store: StoreDep,
) -> Response:
    """Send one dump, written from the store's current version on its first request."""
    name = file_name.removesuffix(GZIP_SUFFIX)
    files = await run_in_threadpool(dump_file, store, name)
    gzipped_file = file_name != name
    headers = {"Cache-Control": _REVALIDATE}
    if gzipped_file:
        path, media_type, tag = files.compressed, "application/gzip", files.version_tag + "-gz"
    elif _accepts_gzip(request.headers.get("accept-encoding")):
        path, media_type, tag = files.compressed, files.dump.media_type, files.version_tag + "-gzip"
        headers["Content-Encoding"] = "gzip"
    else:
        path, media_type, tag = files.path, files.dump.media_type, files.version_tag
    if not gzipped_file:
        headers["Vary"] = "Accept-Encoding"
    headers["ETag"] = f'"{tag}"'
    if etag_matches(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return FileResponse(path, media_type=media_type, headers=headers, filename=file_name)


def _accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether `Accept-Encoding` names gzip, and not with `q=0`; without the header, a client
    is sent the file as it is. (Starlette's GZip middleware, which compresses any answer whose
    request mentions gzip at all, would still compress the file for `gzip;q=0`.)"""
    return bool(accept_encoding) and choose(accept_encoding, {"gzip": "gzip"}) is not None


@router.get(
    f"/{VOID_PATH}",
    response_class=Response,
    responses={
        200: {"content": {media: {"schema": body_schema(media)} for media in _VOID_MEDIA_TYPES}},
        **problem_responses(406, 503),
    },
)
async def describe(request: Request, store: StoreDep) -> Response:
    """Describe the dataset in VoID and DCAT: sizes, classes, properties, sources, licence, the
    SPARQL endpoint and the dumps (Turtle; JSON-LD, N-Triples or RDF/XML by Accept)."""
    media = choose(request.headers.get("accept"), _VOID_MEDIA_TYPES)
    if media is None:
        raise ProtocolError(406, f"offered media types: {', '.join(_VOID_MEDIA_TYPES)}")
    body = await run_in_threadpool(
        describe_dataset,
        store,
        base=str(request.base_url),
        format_name=_VOID_MEDIA_TYPES[media],
    )
    return Response(body, media_type=media, headers={"Vary": "Accept"})
