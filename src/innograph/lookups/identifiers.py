"""REST ids ↔ IRIs: `openzone`, `organisation/openzone` and the full IRI name one thing.

Real-world resources have slug IRIs under `igid:` (`https://w3id.org/innograph/id/<kind>/<slug>`);
their REST id is `<kind>/<slug>`. Any other resource (synthetic benchmark data, external
vocabularies) is named by its full IRI.
"""

from __future__ import annotations

import functools

import pyoxigraph

from innograph.errors import NotFound
from innograph.namespaces import IGID, PREFIXES

__all__ = ["resolve", "rest_id"]

_VOCABULARIES = tuple(
    (prefix, namespace) for prefix, namespace in PREFIXES.items() if prefix != "igid"
)


@functools.lru_cache(maxsize=1 << 16)
def rest_id(iri: str) -> str:
    """Given `https://w3id.org/innograph/id/organisation/openzone`, return `organisation/openzone`.

    Vocabulary terms get their prefixed name (`ig:SciencePark`); other IRIs stay whole.
    """
    if iri.startswith(IGID) and len(iri) > len(IGID):
        return iri[len(IGID) :]
    for prefix, namespace in _VOCABULARIES:
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and all(c.isalnum() or c in "_-" for c in local):
            return f"{prefix}:{local}"
    return iri


def resolve(identifier: str, *, kind: str, what: str) -> pyoxigraph.NamedNode:
    """Given an id, a default kind and what it should name, return its IRI, or raise NotFound.

    `openzone` → `igid:organisation/openzone` (with kind `organisation`);
    `organisation/openzone` → the same; `igid:organisation/openzone` and the full IRI too.
    """
    candidate = _expand(identifier.strip(), kind)
    try:
        return pyoxigraph.NamedNode(candidate)
    except ValueError:
        raise NotFound(f"no {what} {identifier!r}: not a valid id or IRI") from None


def _expand(identifier: str, kind: str) -> str:
    prefix, colon, rest = identifier.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix] + rest
    if colon and "/" not in prefix and rest.startswith("//"):
        return identifier
    if colon and prefix.isalpha() and prefix.lower() in {"urn", "mailto", "tag"}:
        return identifier
    if "/" in identifier:
        return IGID + identifier
    return f"{IGID}{kind}/{identifier}"
