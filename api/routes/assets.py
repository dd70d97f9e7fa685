"""`/assets/<package>/<file>` and `/static/<file>`: the front-end files the pages use
(`api.assets`), nothing else."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.assets import asset, static_file
from api.problems import ProtocolError

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/assets/{package}/{name}")
def front_end_file(package: str, name: str) -> FileResponse:
    """One file a page uses, from the installed npm packages; 404 for any other path."""
    found = asset(package, name)
    if found is None:
        raise ProtocolError(404, f"no file {package}/{name} here")
    path, media_type = found
    return FileResponse(path, media_type=media_type)


@router.get("/static/{name}")
def page_file(name: str) -> FileResponse:
    """The pages' own stylesheet or a script of theirs; 404 for any other path."""
    found = static_file(name)
    if found is None:
        raise ProtocolError(404, f"no file {name} here")
    path, media_type = found
    return FileResponse(path, media_type=media_type)
