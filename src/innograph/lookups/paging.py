"""Keyset pagination: an opaque cursor names the last row of the previous page.

A cursor is the URL-safe base64 of a JSON list of the sort-key values of that row, so pages
stay stable while rows are added elsewhere in the order, and no offset is ever scanned. A
cursor of that alphabet this service did not issue names no page: NotFound, as any id that
names nothing (the REST API documents the alphabet, `CURSOR_PATTERN`, and refuses the rest).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator
from typing import TypeVar

from innograph.errors import NotFound

__all__ = ["CURSOR_PATTERN", "encode_cursor", "decode_cursor", "take_page"]

CURSOR_PATTERN = "^[A-Za-z0-9_-]+$"
"""Every cursor `encode_cursor` writes matches it (URL-safe base64 without padding)."""

T = TypeVar("T")


def encode_cursor(keys: tuple[str, ...]) -> str:
    """Given `('openzone', 'https://…/openzone')`, return an opaque cursor string."""
    raw = json.dumps(list(keys), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, *, size: int) -> tuple[str, ...]:
    """Given a cursor from `encode_cursor` (or None), return its keys (empty strings for None)."""
    if cursor is None:
        return ("",) * size
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        keys = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise NotFound(_FOREIGN) from None
    if not (isinstance(keys, list) and len(keys) == size and all(isinstance(k, str) for k in keys)):
        raise NotFound(_FOREIGN)
    return tuple(keys)


_FOREIGN = "parameter 'cursor': no page; not a cursor this service issued"


def take_page(
    rows: Iterator[T], *, limit: int, keys: Callable[[T], tuple[str, ...]]
) -> tuple[list[T], str | None]:
    """Read up to `limit` rows; return them and the next page's cursor (None on the last page)."""
    page: list[T] = []
    for row in rows:
        if len(page) == limit:
            return page, encode_cursor(keys(page[-1]))
        page.append(row)
    return page, None
