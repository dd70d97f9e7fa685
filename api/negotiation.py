"""Media types ↔ result formats: one table, so a new format is one line."""

from __future__ import annotations

__all__ = ["RESULT_MEDIA_TYPES", "GRAPH_MEDIA_TYPES", "choose"]

RESULT_MEDIA_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
"""SELECT and ASK results; the first entry is the default."""

GRAPH_MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
"""CONSTRUCT and DESCRIBE results; the first entry is the default."""


def _ranges(accept: str) -> list[tuple[float, str]]:
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, f"{position:04d}{media.lower()}"))
    return sorted(ranges)


def choose(accept: str | None, offered: dict[str, str]) -> str | None:
    """Given an Accept header and the offered media types, return the best one or None.

    `text/csv;q=0.5, application/sparql-results+json` → `application/sparql-results+json`;
    a missing header or `*/*` gets the first offered type.
    """
    default = next(iter(offered))
    if not accept:
        return default
    for _, keyed in _ranges(accept):
        media = keyed[4:]
        if media in offered:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            family = media[:-1]
            match = next((m for m in offered if m.startswith(family)), None)
            if match:
                return match
    return None
