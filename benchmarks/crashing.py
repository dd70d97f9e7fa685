"""Kill a write with SIGKILL at moments spread over its duration, and judge what it left.

Issue #14 asks that, killed anywhere, "each graph is wholly old or wholly new, the version
moved iff the data did, and the REST tables match the data". Three writes replace one graph
of a store on disk: a Graph Store PUT and a SPARQL Update sent to a served process (uvicorn,
as `innograph serve` runs it, with the update token), and `innograph load` of the graph's
file once it has changed. Each runs in a process group of its own, so that the kill can hit
the process alone (its query workers and forkserver live on, orphaned) or the whole group.

A write's duration runs from its start until its outcome is usable: for a served write, until
a REST lookup answers after the write did (the service prepares the new version's lookup
tables once it has answered), for `innograph load`, until the command exits (it prepares them
before exiting). Kills spread over that span therefore also land in the preparation.

After each kill the store is opened as a restart opens it, then served again, and compared
with the store before the write and with one the uninterrupted write left (`judge`).

Shared by `benchmarks/bench_crash.py` (full size, 20 points per write) and
`tests/api/test_crash_served_writes.py` (small, a few points).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import httpx

from benchmarks.bench_load import dataset
from benchmarks.servers import ROOT, free_port, innograph_environment, serving, uvicorn_command
from innograph.loading import load
from innograph.lookups import prepare
from innograph.store import open_store

__all__ = [
    "TOKEN",
    "REPLACEMENT",
    "State",
    "Observed",
    "Verdict",
    "Running",
    "Write",
    "ServedWrite",
    "LoadWrite",
    "Trial",
    "replacements",
    "observe",
    "judge",
    "delays",
    "measure",
    "kill_during",
]

TOKEN = "crash-test-token"
"""The update token the served writes carry."""

REPLACEMENT = "http://example.org/replacement"
"""The graph the SPARQL Update copies into the replaced graph."""

ONTOLOGY = ROOT / "ontology"

REST_PATHS = ("/api/organizations?limit=50", "/api/sectors")
"""REST answers compared after a kill: the first page of the organisation directory with its
type and country counts, and the sector counts (tables of the version, `innograph.lookups`)."""

_ETAG_QUERY = {"query": "ASK {}"}
"""A query whose answer never changes: its ETag moves with the store version alone."""

State = Literal["old", "new", "neither"]


@dataclass(frozen=True)
class Observed:
    """What a store holds after a restart: its data graphs (triples and digest of each), its
    version, and what the service, restarted over it, answers."""

    triples: dict[str, int]
    digests: dict[str, bytes]
    version: str
    etag: str
    rest: dict[str, Any]


@dataclass(frozen=True)
class Verdict:
    """Whether a killed write left the store old, new or neither, and what disagreed."""

    state: State
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Running:
    """A write under way: the process to kill (its group's leader), when it began, and how to
    wait for its end (True if it completed)."""

    pid: int
    started: float
    finished: Callable[[], bool]


class Write(Protocol):
    """One kind of write, run on copies of the store it starts from."""

    @property
    def name(self) -> str:
        """What the write is, for reports."""
        ...

    def running(self, store: Path) -> AbstractContextManager[Running]:
        """Start the write on `store`; on leaving, whatever it started is stopped."""
        ...


def _environment(store: Path) -> dict[str, str]:
    """The environment of a server that takes writes: the token set, one query worker, no
    SHACL shapes (generated data is not what the shapes check)."""
    environment = innograph_environment(store, workers=1)
    return environment | {"INNOGRAPH_UPDATE_TOKEN": TOKEN, "INNOGRAPH_SHAPES": ""}


@contextmanager
def service(store: Path, *, new_session: bool = False) -> Iterator[tuple[str, int]]:
    """Serve a store as `innograph serve` does; yield its URL and pid."""
    port = free_port()
    command, _ = uvicorn_command(port)
    base = f"http://127.0.0.1:{port}"
    environment = _environment(store)
    with serving(command, f"{base}/sparql", environment, new_session=new_session) as pid:
        yield base, pid


@dataclass(frozen=True)
class ServedWrite:
    """A write sent over HTTP to a server over the store, started before the clock starts."""

    name: str
    send: Callable[[httpx.Client], httpx.Response]

    @contextmanager
    def running(self, store: Path) -> Iterator[Running]:
        with (
            service(store, new_session=True) as (base, pid),
            httpx.Client(base_url=base, timeout=None) as client,
            ThreadPoolExecutor(1) as sender,
        ):
            started = time.monotonic()
            done = sender.submit(self._write_and_look_up, client)
            yield Running(pid, started, done.result)

    def _write_and_look_up(self, client: httpx.Client) -> bool:
        """Send the write, then a lookup, which waits for the new version's tables."""
        try:
            return (
                self.send(client).is_success
                and client.get(REST_PATHS[0]).status_code == httpx.codes.OK
            )
        except httpx.TransportError:  # killed
            return False


@dataclass(frozen=True)
class LoadWrite:
    """`innograph load` of a changed file (validation off, lookup tables prepared)."""

    name: str
    file: Path

    @contextmanager
    def running(self, store: Path) -> Iterator[Running]:
        command = [sys.executable, "-m", "innograph", "load", str(self.file), "--no-validate"]
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=_environment(store),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            yield Running(process.pid, time.monotonic(), lambda: process.wait() == 0)
        finally:
            process.kill()
            process.wait()


def _put(graph: str, data: Path) -> Callable[[httpx.Client], httpx.Response]:
    def send(client: httpx.Client) -> httpx.Response:
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/n-triples"}
        return client.put(
            "/rdf-graphs", params={"graph": graph}, content=data.read_bytes(), headers=headers
        )

    return send


def _update(text: str) -> Callable[[httpx.Client], httpx.Response]:
    def send(client: httpx.Client) -> httpx.Response:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        return client.post("/sparql", data={"update": text}, headers=headers)

    return send


def replacements(
    folder: Path, *, old: int, new: int, generated: Path | None = None
) -> tuple[Path, list[Write]]:
    """A store on disk, built in `folder`, and the three writes that replace its graph of at
    least `old` generated triples with another of at least `new` (generated files are kept in
    `generated`, by default in `folder`).

    The store holds the ontology, the old graph loaded from `ecosystem.nt`, and the new one
    loaded beside it as `REPLACEMENT`, with its lookup tables prepared, as a served store has
    them; `ecosystem.nt` is then rewritten with the new graph. The PUT sends that file, the
    load reloads it, and the update copies `REPLACEMENT` over the old graph (a body of a few
    hundred bytes that runs as long as the PUT, where an `INSERT DATA` of the graph would be
    refused as too long): every write leaves the same data.
    """
    folder.mkdir(parents=True, exist_ok=True)
    changed = folder / "ecosystem.nt"
    generated = generated or folder / "generated"
    replacement = dataset(new, seed=2, folder=generated)
    shutil.copyfile(dataset(old, seed=1, folder=generated), changed)
    before = folder / "before"
    store = open_store(str(before))
    try:
        load([ONTOLOGY, changed], store=store)
        load([replacement], store=store, graph=REPLACEMENT)
        prepare(store)
    finally:
        store.close()
    shutil.copyfile(replacement, changed)
    graph = changed.resolve().as_uri()
    update = (
        f"DELETE WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} ;\n"
        f"INSERT {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}\n"
        f"WHERE {{ GRAPH <{REPLACEMENT}> {{ ?s ?p ?o }} }}"
    )
    return before, [
        ServedWrite("Graph Store PUT (served)", _put(graph, changed)),
        ServedWrite("SPARQL Update (served)", _update(update)),
        LoadWrite("innograph load", changed),
    ]


def copy_store(source: Path, target: Path) -> Path:
    """Copy a store folder and its lookup tables (`<store>.derived`) beside it."""
    shutil.copytree(source, target)
    derived = source.with_name(source.name + ".derived")
    if derived.exists():
        shutil.copytree(derived, target.with_name(target.name + ".derived"))
    return target


def remove_store(store: Path) -> None:
    for path in (store, store.with_name(store.name + ".derived")):
        shutil.rmtree(path, ignore_errors=True)
    store.with_name(store.name + ".lock").unlink(missing_ok=True)


def observe(store: Path) -> Observed:
    """Open the store as a restart would (which removes a crashed write's leftovers), read its
    graphs, then serve it and read its version's ETag and the REST answers."""
    opened = open_store(str(store))
    try:
        triples = {graph: opened.triple_count(graph) for graph in opened.named_graphs()}
        digests, version = opened.graph_digests(), opened.version
    finally:
        opened.close()
    with service(store) as (base, _), httpx.Client(base_url=base, timeout=None) as client:
        etag = client.get("/sparql", params=_ETAG_QUERY).headers["etag"]
        rest = {path: client.get(path).json() for path in REST_PATHS}
    return Observed(triples, digests, version, etag, rest)


def judge(observed: Observed, old: Observed, new: Observed) -> Verdict:
    """Old (every graph as before, same version, same ETag), new (every graph as the whole
    write left it, another version and ETag), or neither; and the REST answers those of a
    store in that state."""
    if observed.digests == old.digests:
        state: State = "old"
    elif observed.digests == new.digests:
        state = "new"
    else:
        torn = {
            graph: observed.triples.get(graph, 0)
            for graph, digest in observed.digests.items()
            if digest not in (old.digests.get(graph), new.digests.get(graph))
        }
        what = f"graphs neither old nor new (triples): {torn}" if torn else "old and new graphs"
        return Verdict("neither", (what,))
    moved = state == "new"
    problems = [
        f"{what} {'stayed' if moved else 'moved'} while the data {'moved' if moved else 'stayed'}"
        for what, is_moved in (
            ("the version", observed.version != old.version),
            ("the ETag", observed.etag != old.etag),
        )
        if is_moved != moved
    ]
    expected = new if moved else old
    problems += [
        f"{path} answers other than a store left {state}"
        for path in REST_PATHS
        if observed.rest[path] != expected.rest[path]
    ]
    return Verdict(state, tuple(problems))


def delays(seconds: float, points: int) -> list[float]:
    """`points` moments spread evenly inside a write of `seconds` (never at its ends)."""
    return [seconds * point / (points + 1) for point in range(1, points + 1)]


@dataclass(frozen=True)
class Trial:
    """A write, the store it starts from, the states it is judged against (`old`, observed
    on `before`; `new`, what the uninterrupted write left), and its uninterrupted duration."""

    write: Write
    before: Path
    old: Observed
    new: Observed
    seconds: float


def measure(write: Write, before: Path, old: Observed, folder: Path) -> Trial:
    """Run the write uninterrupted on a copy of `before`: its duration, and what it left."""
    store = copy_store(before, folder / "whole")
    try:
        with write.running(store) as running:
            if not running.finished():
                raise RuntimeError(f"{write.name} failed without being killed")
            seconds = time.monotonic() - running.started
        return Trial(write, before, old, observe(store), seconds)
    finally:
        remove_store(store)


def kill_during(trial: Trial, folder: Path, delay: float, *, group: bool) -> Verdict:
    """Run the write on a copy of its store, kill it (its process, or its whole process group)
    `delay` seconds in, and judge what it left; the copy is removed afterwards."""
    store = copy_store(trial.before, folder / "killed")
    try:
        with trial.write.running(store) as running:
            time.sleep(max(0.0, running.started + delay - time.monotonic()))
            try:
                _kill(running.pid, group=group)
                running.finished()
                # The orphans of a process killed alone are still alive here, as they would be.
                return judge(observe(store), trial.old, trial.new)
            finally:
                with suppress(ProcessLookupError):
                    os.killpg(running.pid, signal.SIGKILL)
    finally:
        remove_store(store)


def _kill(pid: int, *, group: bool) -> None:
    """SIGKILL a process, or its group, and wait until every thread of it has exited.

    Its files, and so its lock on the store, are released with its last thread, and a thread
    inside a system call (RocksDB writing a file) exits only when the call returns: the
    process's leader may show as a zombie, and a client see its connection reset, before then.
    """
    if group:
        os.killpg(pid, signal.SIGKILL)
    else:
        os.kill(pid, signal.SIGKILL)
    while _runs(pid):
        time.sleep(0.01)


def _runs(pid: int) -> bool:
    """Whether some thread of a process is neither gone nor a zombie."""
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with suppress(FileNotFoundError):
            stat = (task / "stat").read_text(encoding="ascii")
            if stat.rpartition(")")[2].split()[0] not in ("Z", "X"):
                return True
    return False
