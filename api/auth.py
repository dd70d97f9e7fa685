"""Who may write: a bearer token compared in constant time with `INNOGRAPH_UPDATE_TOKEN`.

With no token configured the service is read-only and every write is refused with 403; with
one, a write without `Authorization: Bearer <token>` (or with another token) gets 401 and a
`WWW-Authenticate` challenge (RFC 6750).
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import SettingsDep
from api.problems import ProtocolError
from innograph.settings import Settings

__all__ = ["authorise_writer", "WriterDep", "WRITER_SECURITY", "without_writer_security"]

_CHALLENGE = 'Bearer realm="innograph"'

_BEARER = HTTPBearer(
    scheme_name="updateToken",
    description="The update token (`INNOGRAPH_UPDATE_TOKEN`); without one set, the service is "
    "read-only and refuses every write (403).",
    auto_error=False,  # `authorise_writer` refuses, as RFC 6750 says (401 with a challenge)
)
"""Documents the token in OpenAPI; the check itself is `authorise_writer`'s."""

WRITER_SECURITY: list[dict[str, list[str]]] = [{}, {_BEARER.scheme_name: []}]
"""The OpenAPI `security` of an operation that reads freely and writes with the token."""


def authorise_writer(request: Request, settings: Settings) -> None:
    """Given a request, return if it may write; raise ProtocolError 403 or 401 otherwise."""
    token = settings.update_token
    if token is None:
        raise ProtocolError(
            403, "this service is read-only: no update token is configured (INNOGRAPH_UPDATE_TOKEN)"
        )
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise ProtocolError(
            401,
            "writing needs an Authorization: Bearer token",
            headers={"WWW-Authenticate": _CHALLENGE},
        )
    if not hmac.compare_digest(credentials.strip().encode("utf-8"), token.encode("utf-8")):
        raise ProtocolError(
            401,
            "the bearer token is not valid",
            headers={"WWW-Authenticate": _CHALLENGE + ', error="invalid_token"'},
        )


def without_writer_security(document: dict[str, Any]) -> dict[str, Any]:
    """Given the OpenAPI document of a read-only service, return it without the token: no
    token authorises a write there (each is refused with 403), so none is asked for."""
    for operations in document["paths"].values():
        for operation in operations.values():
            operation.pop("security", None)
    schemes = document["components"].get("securitySchemes", {})
    schemes.pop(_BEARER.scheme_name, None)
    if not schemes:
        document["components"].pop("securitySchemes", None)
    return document


def _require_writer(
    request: Request,
    settings: SettingsDep,
    _: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> None:
    authorise_writer(request, settings)


WriterDep = Annotated[None, Depends(_require_writer)]
"""A route parameter that admits only authorised writers."""
