"""Open the store as the HTTP service needs it: seeded, with its lookups prepared.

One serving process owns the store read-write: it loads the seed into an empty store and
prepares the lookups of each version (`innograph.lookups.prepare`). Several serving processes
(`Settings.processes`) cannot: RocksDB lets one process write a store. So `innograph serve`
seeds and prepares the store once, closes it, and only then starts the processes, each of
which opens the store read-only and finds its lookups ready in `<store>.derived/`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from innograph.loading import seed_if_empty
from innograph.lookups import prepare
from innograph.settings import Settings
from innograph.store import Store, open_configured

if TYPE_CHECKING:  # pySHACL is imported only where validation runs
    from innograph.ingest.validation import Validator

__all__ = ["validator_for", "open_for_serving", "make_ready", "prepare_for_processes"]


def validator_for(settings: Settings) -> Validator | None:
    """The SHACL validator of every write, or None when no shapes are configured."""
    if settings.shapes is None:
        return None
    from innograph.ingest.validation import Validator

    return Validator.from_paths(
        settings.shapes, settings.ontology_paths, engine=settings.shacl_engine
    )


def open_for_serving(settings: Settings, validator: Validator | None = None) -> Store:
    """Open the configured store for one serving process, ready (`make_ready`)."""
    store = open_configured(settings, read_only=settings.serves_read_only)
    try:
        make_ready(store, settings, validator)
    except BaseException:
        store.close()
        raise
    return store


def make_ready(store: Store, settings: Settings, validator: Validator | None = None) -> None:
    """Prepare a store's lookups; a writable store with no data is loaded from
    `settings.seed_paths` first, while a read-only one is served as it is."""
    if not settings.serves_read_only:
        seed_if_empty(store, settings.seed_paths, validator=validator, reasoning=settings.reasoning)
    prepare(store)


def prepare_for_processes(settings: Settings) -> None:
    """Before several serving processes open the store read-only: seed and prepare it once."""
    single = replace(settings, processes=1)
    open_for_serving(single, validator_for(single)).close()
