"""What innograph does about Virtuoso 7.2's ways (README, "Running in production"): its
silent row cap, its own graphs, its blank node names. `innograph.store.remote` calls this
module for a store whose answers carry a `Server: Virtuoso/…` header."""

from __future__ import annotations

import json
import re
from pathlib import Path

from innograph.errors import QueryError, StoreError
from innograph.store.endpoint import Endpoint

__all__ = ["OWN_GRAPHS", "row_cap", "readable"]

_ROW_CAP = Path(__file__).with_name("virtuoso-row-cap.rq").read_text(encoding="utf-8")

OWN_GRAPHS = frozenset(
    {
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
        "http://www.w3.org/2002/07/owl#",
    }
)
"""The graphs a new Virtuoso database holds (its mappings, LDP and OWL vocabularies, its
service description): Virtuoso's, not data."""
_NOT_IN_BLANK_NODE = re.compile(r"[^A-Za-z0-9_]+")


def row_cap(endpoint: Endpoint, *, timeout: float) -> int:
    """The rows Virtuoso cuts every answer at (ResultSetMaxRows), read from the store."""
    response = endpoint.query(_ROW_CAP, timeout=timeout)
    rows = json.loads(response.body)["results"]["bindings"]
    try:
        return int(rows[0]["cap"]["value"])
    except (IndexError, KeyError, ValueError):
        raise StoreError("Virtuoso did not say how many rows it cuts answers at") from None


def readable(body: bytes, *, row_cap: int) -> bytes:
    """Given Virtuoso's SPARQL Results JSON, refuse it if it reached the row cap, and write
    its blank nodes (`nodeID://b10006`) as blank node identifiers (`nodeID_b10006`)."""
    answer = json.loads(body)
    rows = answer.get("results", {}).get("bindings", ())
    if len(rows) >= row_cap:
        raise QueryError(
            f"the answer reached {row_cap:,} rows, where Virtuoso cuts answers without "
            "saying so (ResultSetMaxRows, [SPARQL] of virtuoso.ini): ask for fewer rows "
            "(LIMIT), or raise ResultSetMaxRows"
        )
    for row in rows:
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = _NOT_IN_BLANK_NODE.sub("_", term["value"])
    return json.dumps(answer).encode("utf-8")
