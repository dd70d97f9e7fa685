"""No process of the service outlives it, and what a killed one leaves is cleared at the next
start (issue #14, defect 7).

Real processes: `innograph serve` (one HTTP process, then two) killed with SIGKILL on its main
process alone while its query workers are busy, and `innograph load` killed while it writes a
lookup table.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from benchmarks.generate import write
from tests.conftest import REPOSITORY, SLOW_QUERY, served
from tests.processes import commands, descendants, wait_until_gone
from tests.test_upload_validation import SLOW, WRITER, send_write

SERVER = {
    "INNOGRAPH_SHAPES": "",
    "INNOGRAPH_QUERY_WORKERS": "2",
    "INNOGRAPH_QUERY_TIMEOUT": "300",
    # Query workers in both cases: two read-only processes would otherwise run queries on their
    # own threads (the fast lane), which end with them by construction.
    "INNOGRAPH_FAST_LANE": "off",
}
SEED = {"INNOGRAPH_SEED": os.pathsep.join(["ontology", "data"])}
"""The seed release, which the writable server of `WRITER` would not load."""

GONE_WITHIN = 5.0
"""Seconds the processes of a killed server may take to end."""


def _ask_slowly(base: str, count: int) -> None:
    """Send `count` slow queries, each from a thread that gives up when the server dies."""

    def ask() -> None:
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(f"{base}/sparql", params={"query": SLOW_QUERY}, timeout=300)

    for _ in range(count):
        threading.Thread(target=ask, daemon=True).start()


def _upload_slowly(base: str) -> None:
    """Send a PUT whose validation takes minutes, from a thread that gives up with the server."""

    def upload() -> None:
        with contextlib.suppress(httpx.HTTPError):
            send_write(base, "PUT", SLOW, 300)

    threading.Thread(target=upload, daemon=True).start()


@pytest.mark.parametrize("processes", [1, 2])
def test_no_process_outlives_a_killed_server_and_the_next_start_clears_what_it_left(
    tmp_path: Path, processes: int
) -> None:
    """SIGKILL on the server's main process while queries run (and, served from one process,
    which takes writes, a PUT is being validated): within seconds none of the processes it
    started (query workers, validation, forkserver, resource tracker, HTTP processes) runs;
    the next start removes the workers' snapshots it left beside the store."""
    writes = processes == 1  # several processes serve read-only
    variables = {**SERVER, **(WRITER | SEED if writes else {})}
    with served(tmp_path, "--processes", str(processes), **variables) as (base, server):
        _ask_slowly(base, 2 * processes)
        if writes:
            _upload_slowly(base)
        time.sleep(3)  # the queries reach their workers, the upload its validation
        tree = descendants(server.pid)
        left = set(tmp_path.rglob("innograph-snapshots-*"))
        server.kill()
        server.wait()
        remaining = wait_until_gone(tree, GONE_WITHIN)
    # forkserver, resource tracker, two workers at least, and the validation
    assert len(tree) >= 4 + writes, commands(tree)
    assert not remaining, commands(remaining)
    assert left, "a killed server leaves its workers' snapshots"
    with served(tmp_path, **SERVER):
        assert not [path for path in left if path.exists()]


def test_a_killed_load_leaves_files_the_next_load_removes(tmp_path: Path) -> None:
    """`innograph load` killed while it writes a lookup table leaves the table's `.partial`
    file; the next load removes it when it opens the store, before anything else."""
    data = tmp_path / "ecosystem.nt"
    with data.open("w", encoding="utf-8") as output:
        write(2_000, output, seed=7)
    environment = {
        **os.environ,
        "INNOGRAPH_STORE": str(tmp_path / "store"),
        "PYTHONPATH": str(REPOSITORY / "src"),
    }
    command = [sys.executable, "-m", "innograph", "load", str(data), "--no-validate"]
    loading = subprocess.Popen(
        command,
        cwd=REPOSITORY,
        env=environment,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    partial: list[Path] = []
    while loading.poll() is None and not partial:
        partial = list((tmp_path / "store.derived").glob("*.partial"))
        time.sleep(0.002)
    os.killpg(loading.pid, signal.SIGKILL)
    loading.wait()
    assert partial, "the load ended before it wrote a lookup table"
    again = subprocess.run(
        [*command, "--no-prepare"], cwd=REPOSITORY, env=environment, capture_output=True
    )
    assert again.returncode == 0, again.stderr
    assert not [path for path in partial if path.exists()]
