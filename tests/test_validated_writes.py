"""Writes validated without the write lock (issue #14, defect 6): a SPARQL Update and a Graph
Store POST are checked in a process of their own while other writes go on, and are checked
again when another write came first (the verdict is on the store as the write leaves it,
issue #16).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from innograph.errors import QueryCrashed, StoreError
from innograph.ingest.validation import CheckJob, Validator
from innograph.ingest.validation_process import check_apart
from innograph.sparql.execution import QueryPool
from innograph.sparql.graph_store import merge_graph
from innograph.sparql.updates import WRITE_ATTEMPTS
from innograph.store import Store
from tests.conftest import StoreFactory

EX = "http://example.org/"
COUNTED, TARGET = f"{EX}counted", f"{EX}target"
COUNT = (
    f"INSERT {{ GRAPH <{TARGET}> {{ <{EX}a> <{EX}count> ?n }} }} "
    f"WHERE {{ SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{COUNTED}> {{ ?s ?p ?o }} }} }}"
)
"""An update whose effect depends on another graph than the one it changes."""


class Recording(Validator):
    """Finds every write valid, slowly, and records the triples of each check it was given: in
    the child process, where checks run, so through files in `folder` (`started-*`, then
    `checked-*`)."""

    def __init__(self, folder: Path, seconds: float) -> None:
        super().__init__(rdflib.Graph(), engine="turbo")  # an engine checked in a child process
        self.folder = folder
        self.seconds = seconds

    def check_job(self, job: CheckJob) -> None:
        name = f"{time.monotonic_ns()}"
        (self.folder / f"started-{name}").touch()
        time.sleep(self.seconds)
        (self.folder / f"checked-{name}").write_bytes(job.triples)

    def checked(self) -> list[set[str]]:
        """The triples of each check, in order."""
        files = sorted(self.folder.glob("checked-*"), key=lambda path: int(path.name[8:]))
        return [set(path.read_text().splitlines()) for path in files]

    def wait_for_check(self, count: int) -> None:
        """Wait until the `count`-th check has begun."""
        deadline = time.monotonic() + 30
        while len(list(self.folder.glob("started-*"))) < count:
            assert time.monotonic() < deadline, "no check began"
            time.sleep(0.01)


class Crashing(Validator):
    """A check that ends its process, as a crash would."""

    def check_job(self, job: CheckJob) -> None:
        os._exit(3)


def triple(subject: str, value: str, graph: str) -> pyoxigraph.Quad:
    return pyoxigraph.Quad(
        pyoxigraph.NamedNode(EX + subject),
        pyoxigraph.NamedNode(f"{EX}p"),
        pyoxigraph.Literal(value),
        pyoxigraph.NamedNode(graph),
    )


def graph_of(store: Store, graph: str) -> set[str]:
    result = store.query("CONSTRUCT WHERE { ?s ?p ?o }", default_graphs=[graph])
    return {f"{t} ." for t in result}  # type: ignore[union-attr]


@pytest.fixture
def pool(store_factory: StoreFactory) -> Iterator[QueryPool]:
    """A started pool of one worker over a store whose counted graph holds two triples."""
    store = store_factory()
    store.write({COUNTED: [triple("s1", "1", COUNTED), triple("s2", "2", COUNTED)]})
    started = QueryPool(store, workers=1, timeout=30.0, result_limit=100).start()
    yield started
    started.close()


def in_thread(call: Callable[[], object]) -> Callable[[], object]:
    """Run `call` in a thread; return what waits for it and returns (or raises) its outcome."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()

    def result() -> object:
        thread.join(60)
        if isinstance(outcome[0], Exception):
            raise outcome[0]
        return outcome[0]

    return result


def write_counted(pool: QueryPool, count: int) -> float:
    """Give the counted graph `count` triples under the write lock; return the seconds the lock
    took to get."""
    started = time.monotonic()
    with pool.writing() as store:
        took = time.monotonic() - started
        store.write({COUNTED: [triple(f"s{n}", str(n), COUNTED) for n in range(count)]})
    return took


def test_an_update_is_checked_without_the_lock_and_again_when_a_write_came_first(
    pool: QueryPool, tmp_path: Path
) -> None:
    """While the update's graphs are checked, another write takes the lock at once; it moved
    the store, so the update is rehearsed and checked again, and what is written is what was
    checked last (the count of three triples, not two)."""
    validator = Recording(tmp_path, seconds=1.5)
    update = in_thread(lambda: pool.update(COUNT, validator=validator))
    validator.wait_for_check(1)
    assert write_counted(pool, 3) < 0.5
    update()
    store = pool._store
    checked = validator.checked()
    assert len(checked) == 2
    assert checked[-1] == graph_of(store, TARGET)
    assert any('"3"' in line for line in checked[-1])


def test_an_update_overtaken_every_time_is_refused_and_changes_nothing(
    pool: QueryPool, tmp_path: Path
) -> None:
    validator = Recording(tmp_path, seconds=0.5)
    update = in_thread(lambda: pool.update(COUNT, validator=validator))
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        validator.wait_for_check(attempt)
        write_counted(pool, 3 + attempt)
    with pytest.raises(StoreError, match=f"overtaken by other writes {WRITE_ATTEMPTS} times"):
        update()
    assert TARGET not in pool._store.named_graphs()


def test_a_merge_is_checked_again_when_a_write_came_first(pool: QueryPool, tmp_path: Path) -> None:
    """A POST is checked on the nodes it touches in the store as it will leave it: another
    write meanwhile, to any graph, makes it check again, and what that write added stays."""
    validator = Recording(tmp_path, seconds=1.0)
    added = f'<{EX}new> <{EX}p> "added" .'.encode()
    fmt = pyoxigraph.RdfFormat.N_TRIPLES
    merge = in_thread(lambda: merge_graph(pool, COUNTED, added, fmt, validator=validator))
    validator.wait_for_check(1)
    write_counted(pool, 7)  # the graph being merged into
    assert merge() is False
    store = pool._store
    checked = validator.checked()
    assert len(checked) == 2
    assert checked[-1] == {added.decode()}
    assert len(graph_of(store, COUNTED)) == 8


def test_a_check_whose_process_dies_is_a_crash_that_says_so() -> None:
    with pytest.raises(QueryCrashed, match="exit code 3"):
        check_apart(
            Crashing(rdflib.Graph(), engine="turbo"),  # an engine checked in a child process
            [CheckJob(Path("upload"), b"", frozenset())],
            timeout=30,
        )
