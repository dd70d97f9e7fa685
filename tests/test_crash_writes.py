"""A write killed with SIGKILL at any moment leaves each graph wholly old or wholly new, and the
store version moved if and only if the data did (issue #14, defects 1 and 2).

Real processes on a store on disk, no mock: `innograph load` of a changed file, the store's
`write` (what a Graph Store PUT runs) and a SPARQL Update replace a large graph, and are killed
(their whole process group) at points spread over the write's measured duration.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.crashing import delays
from innograph.store import open_store
from tests.conftest import REPOSITORY

GRAPH = "http://example.org/big"
OLD, NEW = 30_000, 24_000
"""Triples of the graph before and after: large enough that a write takes ~1-3 s here."""

KILL_POINTS = 5

_WRITE = """
import sys
import pyoxigraph
from innograph.store import open_store
store = open_store(sys.argv[1])
name = pyoxigraph.NamedNode(sys.argv[2])
quads = [quad for quad in pyoxigraph.parse(path=sys.argv[3], format=pyoxigraph.RdfFormat.N_TRIPLES)]
store.write({sys.argv[2]: [pyoxigraph.Quad(q.subject, q.predicate, q.object, name) for q in quads]})
store.close()
"""

_UPDATE = """
import sys
from pathlib import Path
from innograph.store import open_store
store = open_store(sys.argv[1])
store.update(Path(sys.argv[3]).read_text())
store.close()
"""


def _triples(path: Path, count: int, tag: str) -> Path:
    lines = (
        f'<http://example.org/s{n // 4}> <http://example.org/p{n % 4}> "{tag} {n}" .\n'
        for n in range(count)
    )
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _load(store: Path, path: Path) -> list[str]:
    return [
        *("-m", "innograph", "load", str(path), "--graph", GRAPH),
        *("--no-validate", "--no-prepare"),
    ]


def _run(args: list[str], store: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "INNOGRAPH_STORE": str(store), "PYTHONPATH": f"{REPOSITORY / 'src'}"}
    return subprocess.Popen(
        [sys.executable, *args],
        env=env,
        cwd=REPOSITORY,
        start_new_session=True,  # its own process group, killed whole
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _state(location: Path) -> tuple[int, str, set[str]]:
    """The graph's triple count, the store version, and the tags of its objects."""
    store = open_store(str(location), read_only=True)
    try:
        count = store.triple_count(GRAPH) if GRAPH in store.named_graphs() else 0
        result = store.query(
            "SELECT DISTINCT ?tag WHERE { ?s ?p ?o BIND (STRBEFORE(STR(?o), ' ') AS ?tag) }",
            default_graphs=[GRAPH],
        )
        tags = {str(row["tag"].value) for row in result}  # type: ignore[union-attr]
        return count, store.version, tags
    finally:
        store.close()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    """A store holding the old graph, the new graph as a file, and an update making it new."""
    folder = tmp_path_factory.mktemp("crash")
    old = _triples(folder / "old.nt", OLD, "old")
    new = _triples(folder / "graph.nt", NEW, "new")
    base = folder / "base"
    assert _run(_load(base, old), base).wait() == 0
    update = folder / "update.ru"
    update.write_text(
        f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{GRAPH}> {{\n{new.read_text(encoding='utf-8')}}} }}\n",
        encoding="utf-8",
    )
    yield base, new, update


def _command(kind: str, store: Path, new: Path, update: Path) -> list[str]:
    if kind == "load":
        return _load(store, new)
    script = _WRITE if kind == "write" else _UPDATE
    return ["-c", script, str(store), GRAPH, str(new if kind == "write" else update)]


@pytest.mark.parametrize("kind", ["load", "write", "update"])
def test_a_write_killed_anywhere_leaves_the_graph_old_or_new_and_the_version_with_it(
    kind: str, prepared: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    base, new, update = prepared
    before = _state(base)
    assert before[0] == OLD
    whole = tmp_path / "whole"
    shutil.copytree(base, whole)
    started = time.monotonic()
    assert _run(_command(kind, whole, new, update), whole).wait() == 0
    duration = time.monotonic() - started
    after = _state(whole)
    assert (after[0], after[2]) == (NEW, {"new"}) and after[1] != before[1]
    outcomes = []
    for point, delay in enumerate(delays(duration, KILL_POINTS), start=1):
        store = tmp_path / f"killed-{point}"
        shutil.copytree(base, store)
        process = _run(_command(kind, store, new, update), store)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        count, version, tags = _state(store)
        is_old = (count, tags, version) == (OLD, {"old"}, before[1])
        is_new = (count, tags) == (NEW, {"new"}) and version != before[1]
        outcomes.append((point, count, sorted(tags), version == before[1]))
        assert is_old or is_new, outcomes


def test_a_write_that_changes_nothing_keeps_the_version(
    prepared: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    base, _, _ = prepared
    store_folder = tmp_path / "same"
    shutil.copytree(base, store_folder)
    store = open_store(str(store_folder))
    try:
        version = store.version
        quads = list(store.raw.quads_for_pattern(None, None, None, None))  # type: ignore[attr-defined]
        graph = [quad for quad in quads if getattr(quad.graph_name, "value", "") == GRAPH]
        assert store.write({GRAPH: graph}) is False
        assert store.version == version
        assert store.write({GRAPH: graph[1:]}) is True
        assert store.version != version
    finally:
        store.close()
