"""Shared fixtures: factories for stores and files, and a clean `INNOGRAPH_*` environment."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from innograph.store import Store, open_store

REPOSITORY = Path(__file__).resolve().parents[1]
"""The project root, whatever the current directory is."""

StoreFactory = Callable[[], Store]
FileFactory = Callable[[str, str], Path]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own INNOGRAPH_* settings."""
    import os

    for name in list(os.environ):
        if name.startswith("INNOGRAPH_"):
            monkeypatch.delenv(name)


@pytest.fixture
def store_factory() -> Iterator[StoreFactory]:
    """Return a factory of in-memory stores, closed after the test."""
    opened: list[Store] = []

    def factory() -> Store:
        store = open_store(":memory:")
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def file_factory(tmp_path: Path) -> FileFactory:
    """Return a factory that writes a file under tmp_path and returns its path."""

    def factory(name: str, content: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        return path

    return factory
