"""`/api/context.jsonld`: the JSON-LD context every `application/ld+json` answer names."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.linked_data import CONTEXT_DOCUMENT, CONTEXT_PATH, CONTEXT_TAG
from api.negotiation import etag_matches
from api.representation import CACHE_CONTROL, JSON_LD

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/" + CONTEXT_PATH)
def context(request: Request) -> Response:
    """The context document, as the file holds it; 304 when If-None-Match has its tag."""
    headers = {"ETag": CONTEXT_TAG, "Cache-Control": CACHE_CONTROL}
    if etag_matches(request.headers.get("if-none-match"), CONTEXT_TAG):
        return Response(status_code=304, headers=headers)
    return Response(CONTEXT_DOCUMENT, media_type=JSON_LD, headers=headers)
