"""Stores for the reasoning tests: the seed (ontology and data), a generated ecosystem beside
it, and small hand-written graphs over the ontology."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.generate import write
from innograph.loading import load
from innograph.store import Store
from tests.conftest import REPOSITORY, StoreFactory

SEED = [REPOSITORY / "ontology" / "innograph.ttl", REPOSITORY / "data"]

PREFIXES = """\
@prefix ig: <https://w3id.org/innograph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
"""
"""Prefixes of the hand-written graphs (`ex:` for their nodes)."""

Builder = Callable[..., Store]


@pytest.fixture
def seeded(store_factory: StoreFactory, tmp_path: Path) -> Builder:
    """Return a factory: a store holding the ontology, and the seed data unless `data=False`,
    a generated ecosystem of `organisations`, and Turtle files given by name → text."""

    def build(*, data: bool = True, organisations: int = 0, **files: str) -> Store:
        store = store_factory()
        paths = SEED if data else SEED[:1]
        if organisations:
            generated = tmp_path / f"eco-{organisations}.nt"
            with generated.open("w", encoding="utf-8") as stream:
                write(organisations, stream, seed=7)
            paths = [*paths, generated]
        for name, text in files.items():
            path = tmp_path / f"{name}.ttl"
            path.write_text(PREFIXES + text, encoding="utf-8")
            paths = [*paths, path]
        load(paths, store=store)
        return store

    return build
