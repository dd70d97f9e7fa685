"""Security headers: what a browser may do with this service's answers.

Every answer says `nosniff` (a JSON or CSV answer is never run as a script or shown as a page)
and sends no referrer onwards. An HTML answer also gets a content security policy: it may load
scripts, styles, images and data from this service only, may not be framed by another site
(clickjacking), and its forms post here. The two pages with inline scripts (the query page, the
API documentation) carry a fresh nonce each (`page_policy`), so only their own inline scripts
run: a value that slipped past escaping still could not run as a script. Inline styles are
allowed: YASQE and Swagger UI set style attributes as they draw.
"""

from __future__ import annotations

import secrets

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityHeaders", "page_policy", "new_nonce"]

_EVERY_ANSWER = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

_PAGE = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def new_nonce() -> str:
    """A fresh nonce for one page's inline scripts (128 random bits)."""
    return secrets.token_urlsafe(16)


def page_policy(nonce: str | None = None) -> str:
    """The policy of an HTML page; with a nonce, its inline scripts carrying it may run."""
    scripts = f"script-src 'self' 'nonce-{nonce}'" if nonce else "script-src 'self'"
    return f"{_PAGE}; {scripts}"


class SecurityHeaders:
    """ASGI middleware adding the headers above to every answer; an HTML answer that set no
    policy of its own gets `page_policy()` (no inline scripts)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _EVERY_ANSWER.items():
                    headers.setdefault(name, value)
                is_page = headers.get("content-type", "").startswith("text/html")
                if is_page:
                    headers.setdefault("Content-Security-Policy", page_policy())
                    headers.setdefault("X-Frame-Options", "DENY")
            await send(message)

        await self.app(scope, receive, send_with_headers)
