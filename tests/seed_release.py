"""The seed press release as the tests read it: its text, its passages, and the files encoding it.

The seed's text lives in the repository beside its encoding, in `data/sources/`, so a clone
on its own has everything its tests read. The division into passages follows one rule
(`innograph.curation.passages`), the one release sheets cite, so tests derive the expected
passages from the text itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from innograph.curation.passages import passages_of

__all__ = [
    "SEED_PATH",
    "RELEASE_PATH",
    "ONTOLOGY_PATH",
    "SHAPES_PATH",
    "DOCUMENT",
    "seed_text",
    "seed_passages",
]

REPOSITORY = Path(__file__).resolve().parents[1]

SEED_PATH = REPOSITORY / "data/sources/2021-05-17-openzone-tuspark.it.txt"
RELEASE_PATH = REPOSITORY / "data/releases/2021-05-17-openzone-tuspark.ttl"
ONTOLOGY_PATH = REPOSITORY / "ontology/innograph.ttl"
SHAPES_PATH = REPOSITORY / "ontology/shapes.ttl"
DOCUMENT = "https://w3id.org/innograph/id/source/2021-05-17-openzone-tuspark"


@cache
def seed_text() -> str:
    """Return the seed release's text, exactly as stored."""
    return SEED_PATH.read_text(encoding="utf-8")


def seed_passages() -> list[str]:
    """Given the seed, return its passages in reading order, e.g. ['OpenZone sigla ...', ...]."""
    return passages_of(seed_text())
