"""Paths between actors: shortest first, bounded by hops and by the number kept per node."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from innograph.loading import load
from innograph.lookups.models import ActorPath
from innograph.lookups.paths import paths
from innograph.store import Store
from tests.conftest import REPOSITORY, FileFactory, StoreFactory

EX = "http://example.org/"
IG = "https://w3id.org/innograph/ontology#"
ORG = "http://www.w3.org/ns/org#"


def org(name: str) -> str:
    return f"<{EX}{name}> a <{IG}Organisation> .\n"


def member(who: str, of: str) -> str:
    node = f"<{EX}m-{who}-{of}>"
    return f"{node} <{ORG}member> <{EX}{who}> ; <{ORG}organization> <{EX}{of}> .\n"


@pytest.fixture
def chain(store_factory: StoreFactory, file_factory: FileFactory) -> Store:
    """a —founded→ b —hosts→ c —agreement— d, and a hub association with a, d and 30 others."""
    others = [f"x{i}" for i in range(30)]
    text = "".join(org(name) for name in ["a", "b", "c", "d", "hub", *others])
    text += f"<{EX}b> <{IG}foundedBy> <{EX}a> .\n<{EX}b> <{IG}hosts> <{EX}c> .\n"
    text += f"<{EX}mou> <{IG}hasParty> <{EX}c> , <{EX}d> .\n"
    text += "".join(member(name, "hub") for name in ["a", "d", *others])
    store = store_factory()
    load([file_factory("chain.ttl", text)], store=store)
    return store


def hops(found: tuple[ActorPath, ...]) -> list[list[str]]:
    return [[f"{hop.relation}>{hop.end.iri[len(EX) :]}" for hop in path.hops] for path in found]


def test_paths_come_shortest_first_each_hop_read_from_its_start(chain: Store) -> None:
    assert hops(paths(chain, EX + "a", EX + "d")) == [
        ["member-of>hub", "has-member>d"],
        ["founded>b", "hosts>c", "agreement-partner>d"],
    ]


def test_paths_stop_at_max_hops_and_limit(chain: Store) -> None:
    assert hops(paths(chain, EX + "a", EX + "d", max_hops=2)) == [["member-of>hub", "has-member>d"]]
    assert len(paths(chain, EX + "a", EX + "d", limit=1)) == 1
    assert paths(chain, EX + "c", EX + "x0", max_hops=1) == ()


def test_paths_through_a_hub_keep_only_the_asked_number(chain: Store) -> None:
    found = paths(chain, EX + "x0", EX + "x1", max_hops=4, limit=3)
    assert hops(found)[0] == ["member-of>hub", "has-member>x1"]
    assert len(found) <= 3


def test_paths_from_an_actor_to_itself_are_none(chain: Store) -> None:
    """A simple path of one hop or more never comes back to where it started."""
    assert paths(chain, EX + "a", EX + "a") == ()


_EVERY_SEED_PATH = """
import dataclasses, itertools, json, sys
from innograph.loading import load
from innograph.lookups.paths import paths
from innograph.settings import MEMORY
from innograph.store import open_store
from tests.conftest import REPOSITORY

store = open_store(MEMORY)
load([REPOSITORY / "ontology", REPOSITORY / "data"], store=store)
ends = sorted(f"https://w3id.org/innograph/id/organisation/{name}" for name in sys.argv[1:])
found = [
    [dataclasses.asdict(path) for path in paths(store, start, end)]
    for start, end in itertools.permutations(ends, 2)
]
print(json.dumps(found, sort_keys=True))
"""


def test_paths_and_their_evidence_are_the_same_in_every_process() -> None:
    """Two serving processes must give one answer: the search met a path from either end in
    the order of a hashed set, and a link read from either end quoted its passage with either
    triple's excerpt, so each process seeded its own paths and excerpts."""
    ends = ["openzone", "tuspark-jiangsu", "iasp", "zambon"]
    answers = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", _EVERY_SEED_PATH, *ends],
            cwd=REPOSITORY,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        answers.add(done.stdout)
    assert len(answers) == 1
    assert "OpenZone e TusPark sono membri attivi della IASP" in answers.pop()
