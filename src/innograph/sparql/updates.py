"""What a SPARQL Update goes through in the query pool: rehearsed, checked, then applied.

A worker rehearses each update on a writable checkpoint of the store and reports the graphs it
changed (which SHACL then checks); one past the limit is stopped there, so the live store never
starts it (`QueryPool.rehearse`). An update whose rehearsal changed no quad (counts compared,
then digests if the counts agree) stops there too: the store and its version are left alone, so
no cache is invalidated for nothing. An update of INSERT DATA and DELETE DATA only needs no
rehearsal: its change is read from its text (`innograph.sparql.data_updates`), a lookup a quad
where the rehearsal compares every graph. With a validator, the nodes the change touches are
checked with the shapes, in the store as the update will leave it (`innograph.validation`), as
`innograph load` checks a file, without the write lock, in a process stopped at the time limit
or once `stop` is set (`check_apart`): an update that breaks them changes nothing. With
reasoning, the change gives the inferred graph's share of the update (`change_patch`; the
inferred graph itself cannot be written).

Only then does the update run on the store, in the service process, in one transaction with
that share and the move of the version (`innograph.store.commit.update_and_move`): it takes
about as long again as its rehearsal. If another write came first, the update may change other
quads now: it is rehearsed and checked again, `WRITE_ATTEMPTS` times at most.

With SHACL shapes configured, the rehearsal also compares every graph before and after (a
digest of each, a pass over the store) to hand the changed graphs to the validator. Measured on
the 100k-organisation store (1.9 M triples), one `INSERT DATA` of one triple: 0.1 s without
shapes, 40-45 s with them (the comparison); the in-memory copy it replaced took 53 s before any
comparison, and no update was time-limited.
"""

from __future__ import annotations

import threading
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyoxigraph

from innograph.errors import StoreError
from innograph.ingest.validation_process import check_apart
from innograph.reasoning import Change, change_of_write, change_patch, refuse_inferred
from innograph.sparql.data_updates import data_change
from innograph.sparql.messages import Changed
from innograph.store import Store
from innograph.validation import checks_of_change

if TYPE_CHECKING:  # pySHACL is imported only where validation runs
    from innograph.ingest.validation import Validator

__all__ = ["UPDATE", "WRITE_ATTEMPTS", "Rehearsing", "apply_update"]

UPDATE = Path("SPARQL Update")
"""The name a SHACL error gives to the data an update would write."""

WRITE_ATTEMPTS = 3
"""Times a write validated without the write lock is validated again when another write came
first, before it is refused (`StoreError.overtaken`)."""


class Rehearsing(Protocol):
    """What an update needs of the query pool: its time limit and reasoning, the write lock,
    and a rehearsal in a worker."""

    @property
    def timeout(self) -> float: ...

    @property
    def reasoning(self) -> bool: ...

    def writing(self) -> AbstractContextManager[Store]: ...

    def rehearse(self, sparql: str, *, compare: bool) -> Changed: ...


def apply_update(
    pool: Rehearsing,
    sparql: str,
    *,
    validator: Validator | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Given a screened update, find its change, check it, and run it on the store (see the
    module); StoreError when other writes overtook it `WRITE_ATTEMPTS` times."""
    for _ in range(WRITE_ATTEMPTS):
        with pool.writing() as store:
            version = store.version
            moved, change = _change(
                pool, store, sparql, compare=validator is not None or pool.reasoning
            )
            checking = time.monotonic()  # the time limit covers finding what to check
            jobs = (
                checks_of_change(validator, store, change, names=UPDATE)
                if validator is not None and moved
                else []
            )
        if not moved:
            return
        if validator is not None:
            check_apart(validator, jobs, timeout=pool.timeout, stop=stop, since=checking)
        with pool.writing() as store:
            if store.version == version:
                patches = change_patch(store, change) if pool.reasoning else None
                store.update(sparql, patches=patches)
                return
    raise StoreError.overtaken("the update", WRITE_ATTEMPTS)


def _change(pool: Rehearsing, store: Store, sparql: str, *, compare: bool) -> tuple[bool, Change]:
    """Whether an update changes any quad and, if `compare`, its change (quads added and
    removed): read from the text of an update of INSERT DATA and DELETE DATA only
    (`data_change`), else found by a rehearsal. QueryRefused if it writes the inferred graph."""
    change = data_change(store, sparql)
    if change is not None:
        written = (quad.graph_name for quad in (*change.added, *change.removed))
        refuse_inferred(g.value for g in written if isinstance(g, pyoxigraph.NamedNode))
        return bool(change.added or change.removed), change
    changed = pool.rehearse(sparql, compare=compare)
    refuse_inferred(changed.graphs)
    return changed.moved, change_of_write(store, changed.graphs) if compare else Change()
