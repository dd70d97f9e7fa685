"""Fixtures for the REST API tests: the ontology and seed release in a store, and a client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from innograph.loading import load
from innograph.settings import MEMORY, Settings
from innograph.store import Store, open_store
from tests.conftest import REPOSITORY


@pytest.fixture(scope="session")
def seed_store() -> Iterator[Store]:
    """An in-memory store holding `ontology/` and `data/`, shared by the read-only API tests."""
    store = open_store(MEMORY)
    load([REPOSITORY / "ontology", REPOSITORY / "data"], store=store)
    yield store
    store.close()


def seed_settings(queries: Path) -> Settings:
    """Settings for an app over a store the test provides (nothing seeded, no shapes)."""
    return Settings(store=MEMORY, seed_paths=(), shapes=None, queries=queries)


@pytest.fixture(scope="session")
def seed_app(seed_store: Store) -> FastAPI:
    return create_app(seed_settings(REPOSITORY / "queries"), seed_store)


@pytest.fixture(scope="session")
def seed_client(seed_app: FastAPI) -> Iterator[TestClient]:
    """A client of the service over the seed store (the app's lifespan runs once)."""
    with TestClient(seed_app) as client:
        yield client
