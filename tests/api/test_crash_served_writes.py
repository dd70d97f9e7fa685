"""A write to a served store, killed with SIGKILL (the server alone, or its whole process
group), leaves every graph wholly old or wholly new, the store version and the ETag of
`GET /sparql` moved if and only if the data did, and the REST answers of a restarted server
those of a store in that state (issue #14).

Real processes, no mock: uvicorn serving a store on disk with the update token, as
`innograph serve` runs it; a Graph Store PUT and a SPARQL Update each replace a generated
graph of 12 k triples by one of 10 k, and are killed at a third (the server) and two thirds
(its process group) of their measured duration, which runs until a lookup answers from the
new version's tables. `benchmarks/crashing.py` runs, kills and judges them;
`benchmarks/bench_crash.py` does the same at full size, with `innograph load` too
(`tests/test_crash_writes.py` kills that one here).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.crashing import (
    Observed,
    ServedWrite,
    delays,
    kill_during,
    measure,
    observe,
    replacements,
)

OLD, NEW = 12_000, 10_000
"""Triples of the graph before and after: a write takes ~2-5 s here, checks ~5-15 s a kill."""

KILLED_GROUPS = (False, True)
"""The kills of each write, in order: the server alone, then its whole process group."""

Prepared = tuple[Path, dict[str, ServedWrite], Observed]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """The store before, its served writes by name, and what it holds served."""
    before, writes = replacements(tmp_path_factory.mktemp("crash-served"), old=OLD, new=NEW)
    served = {write.name: write for write in writes if isinstance(write, ServedWrite)}
    return before, served, observe(before)


@pytest.mark.parametrize("name", ["Graph Store PUT (served)", "SPARQL Update (served)"])
def test_a_served_write_killed_leaves_each_graph_old_or_new_and_the_version_and_tables_with_it(
    name: str, prepared: Prepared, tmp_path: Path
) -> None:
    before, writes, old = prepared
    trial = measure(writes[name], before, old, tmp_path)
    assert trial.new.digests != old.digests and trial.new.version != old.version
    assert trial.new.rest != old.rest  # the REST answers tell the two states apart
    for delay, group in zip(delays(trial.seconds, len(KILLED_GROUPS)), KILLED_GROUPS, strict=True):
        verdict = kill_during(trial, tmp_path, delay, group=group)
        assert verdict.state != "neither" and not verdict.problems, (delay, group, verdict)
