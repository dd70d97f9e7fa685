"""Check a write against the SHACL shapes in a process of its own, which can be stopped.

pySHACL is pure Python: a thread running it can be neither interrupted nor given a time limit,
and it is slow (here, the synthetic ecosystem of `benchmarks.generate` against the project's
shapes and ontology: 2,000 triples in 18 s, 10,000 in 125 s; a PUT of 65,000 had no answer in
300 s, a core busy long after its client left). So the service checks each write in a child
process (`innograph.children`) and kills it when the time limit passes (QueryTimeout: nothing
is written), when `stop` is set (the client went away, or the service is stopping:
Withdrawn), or when the service itself ends.

What it costs, measured (this 2-core machine, load ~1.6, median of 5): 0.27-0.28 s a write,
from 1.11 to 1.38 s for the seed release's 1,894 triples and from 0.19 to 0.47 s for one
triple; the child imports pySHACL and rdflib, and receives the shapes and the ontology. With the
forkserver importing pySHACL once for all its children, 0.09-0.10 s, but every query worker is
forked from it too and would carry it: an idle worker's PSS went from 6.8 to 13 MB, with up to
`Admission.concurrency` (16) workers. Writes are rare next to queries, and a write's
validation takes seconds anyway on real data, so the child imports pySHACL itself.

A small check by the compiled shapes (`Validator.is_quick`: at most `QUICK_TRIPLES` triples
around the write) runs in this process instead: its queries take about 0.1 s on the part of a
2M-triple store a one-triple update touches, and 0.5 s on 10,000 triples, where starting the
child took 1.1-1.6 s under load (`benchmarks/README.md`), which kept a one-triple update with
shapes past a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from innograph.children import context, die_with_parent
from innograph.errors import QueryCrashed, QueryTimeout, ValidationError, Violation, Withdrawn

if TYPE_CHECKING:  # pySHACL is imported where a validator is made, not by importing this
    from innograph.ingest.validation import CheckJob, Validator

__all__ = ["check_apart", "QUICK_TRIPLES"]

QUICK_TRIPLES = 20_000
"""Triples around a write up to which the compiled shapes check it without a child process."""

_LOOK = 0.1
"""Seconds between two looks at `stop` while the child works."""

_Verdict = tuple[Path, tuple[Violation, ...]] | None
"""What the child sends back: the violations of the first graph that breaks the shapes."""


def check_apart(
    validator: Validator,
    jobs: Sequence[CheckJob],
    *,
    timeout: float,
    stop: threading.Event | None = None,
    since: float | None = None,
) -> None:
    """Given the checks of one write (`innograph.validation.checks_of_write`), run them all in
    one child process; ValidationError for the first that finds a violation. The child is
    killed `timeout` seconds after `since` (a `time.monotonic()`, by default now: the limit
    may cover finding the checks too; QueryTimeout) or once `stop` is set (Withdrawn)."""
    if not jobs:
        return
    if validator.is_quick(jobs, QUICK_TRIPLES):
        for job in jobs:
            validator.check_job(job)
        return
    deadline = (time.monotonic() if since is None else since) + timeout
    processes = context()
    ours, theirs = processes.Pipe(duplex=False)
    process = processes.Process(
        target=_check,
        args=(validator, list(jobs), theirs),
        name="innograph-validation",
        daemon=True,
    )
    process.start()
    theirs.close()
    try:
        verdict = _await(ours, deadline, timeout, stop)
    except EOFError:
        process.join()
        raise QueryCrashed(
            "the process checking this write with the SHACL shapes ended without a verdict "
            f"(exit code {process.exitcode}); nothing was changed"
        ) from None
    finally:
        process.kill()
        process.join()
        process.close()
        ours.close()
    if verdict is not None:
        raise ValidationError(*verdict)


def _await(
    connection: Connection, deadline: float, timeout: float, stop: threading.Event | None
) -> _Verdict:
    """The child's verdict (EOFError if it ended without one), waited for until the deadline
    or until `stop` is set."""
    while not connection.poll(min(_LOOK, max(0.0, deadline - time.monotonic()))):
        if stop is not None and stop.is_set():
            raise Withdrawn("the validation was stopped: its request was withdrawn")
        if time.monotonic() >= deadline:
            raise QueryTimeout.stopped("validation of this write", timeout, "; nothing was changed")
    verdict: _Verdict = connection.recv()
    return verdict


def _check(validator: Validator, jobs: list[CheckJob], answer: Connection) -> None:
    """In the child: run each check in turn, and send the verdict."""
    die_with_parent()
    try:
        for job in jobs:
            validator.check_job(job)
    except ValidationError as error:
        answer.send((error.path, error.violations))
        return
    answer.send(None)
