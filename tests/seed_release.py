"""The seed press release as the tests read it: its text, its passages, and the files encoding it.

The seed's text lives in the repository beside its encoding, in `data/sources/`, so a clone
on its own has everything its tests read. The division into passages follows one rule, so
tests can derive the expected passages from the text itself: every paragraph is a passage;
a dateline ("Bresso, 17 maggio 2021 - ...") is a passage of its own; a paragraph without a
quotation is cut into sentences.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

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

_DATELINE = re.compile(r"^(\w+, \d{1,2} \w+ \d{4}) - (.*)$", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=\.) (?=[A-Z])")


@cache
def seed_text() -> str:
    """Return the seed release's text, exactly as stored."""
    return SEED_PATH.read_text(encoding="utf-8")


def seed_passages() -> list[str]:
    """Given the seed, return its passages in reading order, e.g. ['OpenZone sigla ...', ...]."""
    passages: list[str] = []
    for block in re.split(r"\n\s*\n", seed_text()):
        paragraph = block.strip()
        if not paragraph:
            continue
        dateline = _DATELINE.match(paragraph)
        if dateline:
            passages.append(dateline.group(1))
            paragraph = dateline.group(2)
        if '"' in paragraph:
            passages.append(paragraph)
        else:
            passages.extend(_SENTENCE_END.split(paragraph))
    return passages
