"""What the query pool and a worker process say to each other over their pipe.

The service sends a `Query` (answer a job from a snapshot) or a `Rehearsal` (run an update on a
writable copy of the store). The worker replies to a query with the `Answer` itself or with
`Failed`; to a rehearsal with `Updated` once the update has run (the time limit ends there),
then with `Changed` or `Failed`. Errors cross the pipe as a kind and a text, not as exceptions,
which do not all survive pickling: `Failed.of` writes one, `Failed.error` reads it back.

Paths travel as strings: a query message holding two `Path`s took 13 µs to unpickle, against
5 µs with strings (Python 3.11), and one is sent for every query.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Literal

import pyoxigraph

from innograph._types import GraphName
from innograph.errors import InnographError, QueryError, StoreError
from innograph.sparql.results import Answer, ResultFormats

__all__ = ["READY", "QueryJob", "Query", "Rehearsal", "Updated", "Changed", "Failed", "Reply"]

READY = "ready"
"""What a new worker sends once it has imported its modules."""


@dataclass(frozen=True)
class QueryJob:
    """One query to run: its text, its dataset, and the formats the client accepts."""

    text: str
    formats: ResultFormats
    default_graphs: tuple[GraphName, ...] | None = None
    named_graphs: tuple[GraphName, ...] | None = None

    def fingerprint(self, version: str) -> str:
        """Given a store version, return a key that changes with the version or the request."""
        key = json.dumps(
            [version, self.text, self.formats.results, self.formats.graph]
            + [self.default_graphs, self.named_graphs]
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Query:
    """Answer `job` from the snapshot folder `snapshot`, cut at `limit` rows, with the dataset
    chosen by the query's own FROM clauses if `use_query_dataset`; an answer too large for
    memory is written to the file `spill`."""

    snapshot: str
    job: QueryJob
    limit: int
    use_query_dataset: bool
    spill: str


@dataclass(frozen=True)
class Rehearsal:
    """Run `sparql` on `copy` (a writable checkpoint) and, if `compare`, compare it with
    `snapshot` (the same version, read-only)."""

    snapshot: str
    copy: str
    sparql: str
    compare: bool


@dataclass(frozen=True)
class Updated:
    """The rehearsed update has run; what it changed follows."""


@dataclass(frozen=True)
class Changed:
    """The graphs a rehearsed update changed, with their quads (none unless it was asked to
    compare: the comparison is a pass over the store, needed only to validate what changed)."""

    graphs: dict[GraphName, list[pyoxigraph.Quad]]
    moved: bool
    """Whether the update changed any quad: if not, the live store is left alone, version and
    all (nothing a cache keys on changed)."""


@dataclass(frozen=True)
class Failed:
    """A job that raised: a store error, or anything else, which the client caused."""

    kind: Literal["store", "query"]
    text: str

    @classmethod
    def of(cls, error: Exception) -> Failed:
        """Given what a job raised, return the reply that reports it."""
        if isinstance(error, StoreError):
            return cls("store", str(error))
        if isinstance(error, InnographError):
            return cls("query", str(error))
        # Evaluation errors of pyoxigraph (a failed SERVICE call, say) name their type.
        return cls("query", f"{type(error).__name__}: {error}")

    def error(self) -> InnographError:
        """The error to raise in the service."""
        return StoreError(self.text) if self.kind == "store" else QueryError(self.text)


Reply = Answer | Updated | Changed | Failed
"""Whatever a worker sends after READY."""
