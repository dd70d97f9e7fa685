"""A store holding the ontology and the seed, validated and reasoned as `innograph load` does,
and the fictional second release's sheet, copied beside its text so tests may edit it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from innograph.ingest.validation import Validator
from innograph.loading import load
from innograph.store import Store, open_store
from tests.seed_release import REPOSITORY, SHAPES_PATH

FIXTURES = REPOSITORY / "tests/fixtures/curation"
FICTIONAL = "2022-03-01-esempio-fittizio"


@cache
def validator() -> Validator:
    return Validator.from_paths(SHAPES_PATH, [REPOSITORY / "ontology"])


@pytest.fixture
def seeded() -> Iterator[Store]:
    store = open_store(":memory:")
    load([REPOSITORY / "ontology", REPOSITORY / "data"], store=store, reasoning=True)
    yield store
    store.close()


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    """The fictional release's sheet and text, in a folder of their own."""
    folder = tmp_path / "sheets"
    folder.mkdir()
    for name in (f"{FICTIONAL}.yaml", f"{FICTIONAL}.it.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder / f"{FICTIONAL}.yaml"


def edit(sheet: Path, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in a sheet."""
    content = sheet.read_text(encoding="utf-8")
    assert content.count(old) == 1, old
    sheet.write_text(content.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """The number of the first line of a file holding `text`."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)
