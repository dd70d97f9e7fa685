"""Settings read once from `INNOGRAPH_*` environment variables and passed down explicitly."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import platformdirs

from innograph.errors import SettingsError

__all__ = ["Settings", "MEMORY"]

MEMORY = ":memory:"
"""The store location that means an in-memory store (tests, one-off queries)."""


def _default_store() -> str:
    return str(Path(platformdirs.user_data_dir("innograph")) / "store")


def _default_workers() -> int:
    return min(8, max(2, os.cpu_count() or 2))


_Number = TypeVar("_Number", int, float)


def _number(env: Mapping[str, str], name: str, default: _Number) -> _Number:
    """The variable read as a number of the default's kind (a whole number for an int)."""
    value = env.get(name) or str(default)
    try:
        return type(default)(value)
    except ValueError:
        kind = "a whole number" if isinstance(default, int) else "a number"
        raise SettingsError(f"{name} must be {kind}, not {value!r}") from None


def _default_graph(value: str) -> bool:
    """`union` → True, `own` → False."""
    if value not in ("union", "own"):
        raise SettingsError(f"INNOGRAPH_DEFAULT_GRAPH must be 'union' or 'own', not {value!r}")
    return value == "union"


def _paths(value: str) -> tuple[Path, ...]:
    return tuple(Path(part) for part in value.split(os.pathsep) if part)


@dataclass(frozen=True)
class Settings:
    """Where the store lives and how the service behaves.

    | variable                   | default                              |
    |----------------------------|--------------------------------------|
    | INNOGRAPH_STORE            | <user data dir>/innograph/store      |
    | INNOGRAPH_SEED             | ontology:data (loaded into an empty store by `serve`) |
    | INNOGRAPH_SHAPES           | ontology/shapes.ttl if it exists     |
    | INNOGRAPH_ONTOLOGY         | ontology (class hierarchy for SHACL) |
    | INNOGRAPH_UPDATE_TOKEN     | unset: the service is read-only      |
    | INNOGRAPH_QUERY_TIMEOUT    | 30 (seconds)                         |
    | INNOGRAPH_RESULT_LIMIT     | 10000 (rows)                         |
    | INNOGRAPH_SERVICE_ALLOW    | empty: SERVICE reaches no host       |
    | INNOGRAPH_QUERY_WORKERS    | CPU count, 2 to 8 (query processes)  |
    | INNOGRAPH_QUERIES          | queries (named queries served at /api/queries) |
    | INNOGRAPH_PROCESSES        | 1 (HTTP serving processes; more than one serves read-only) |
    | INNOGRAPH_DEFAULT_GRAPH    | union (of every graph) or own (the store's default graph only) |

    Several serving processes use several cores, but only one process may write an embedded
    RocksDB store: with more than one, every process opens the store read-only, so writes
    (`INNOGRAPH_UPDATE_TOKEN`) and a store in memory are refused when the settings are made.
    """

    store: str = field(default_factory=_default_store)
    seed_paths: tuple[Path, ...] = (Path("ontology"), Path("data"))
    shapes: Path | None = None
    ontology_paths: tuple[Path, ...] = (Path("ontology"),)
    update_token: str | None = None
    query_timeout: float = 30.0
    result_limit: int = 10_000
    service_allow: tuple[str, ...] = ()
    query_workers: int = field(default_factory=_default_workers)
    queries: Path = Path("queries")
    processes: int = 1
    union_default_graph: bool = True
    """Whether a SPARQL query without a dataset of its own reads the union of every graph
    (each loaded file is a named graph) or, as plain SPARQL stores do, the default graph only."""

    def __post_init__(self) -> None:
        if self.processes < 1:
            raise SettingsError(f"INNOGRAPH_PROCESSES must be 1 or more, not {self.processes}")
        if self.processes > 1 and self.takes_writes:
            raise SettingsError(
                "INNOGRAPH_PROCESSES > 1 serves the store read-only, so it cannot take writes: "
                "unset INNOGRAPH_UPDATE_TOKEN, or serve from one process"
            )
        if self.processes > 1 and self.is_in_memory:
            raise SettingsError(
                "INNOGRAPH_PROCESSES > 1 needs a store on disk (INNOGRAPH_STORE), not :memory:"
            )

    @property
    def takes_writes(self) -> bool:
        """Whether holders of the update token may write (SPARQL Update, Graph Store)."""
        return self.update_token is not None

    @property
    def serves_read_only(self) -> bool:
        """Whether the store is opened read-only, by each of several serving processes."""
        return self.processes > 1

    @property
    def is_in_memory(self) -> bool:
        return self.store == MEMORY

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Given the process environment, return the settings it describes."""
        env = os.environ if environ is None else environ
        default_shapes = Path("ontology/shapes.ttl")
        shapes = env.get("INNOGRAPH_SHAPES", str(default_shapes) if default_shapes.exists() else "")
        return cls(
            store=env.get("INNOGRAPH_STORE") or _default_store(),
            seed_paths=_paths(env.get("INNOGRAPH_SEED", f"ontology{os.pathsep}data")),
            shapes=Path(shapes) if shapes else None,
            ontology_paths=_paths(env.get("INNOGRAPH_ONTOLOGY", "ontology")),
            update_token=env.get("INNOGRAPH_UPDATE_TOKEN") or None,
            query_timeout=_number(env, "INNOGRAPH_QUERY_TIMEOUT", 30.0),
            result_limit=_number(env, "INNOGRAPH_RESULT_LIMIT", 10_000),
            service_allow=tuple(
                host for host in env.get("INNOGRAPH_SERVICE_ALLOW", "").split(",") if host
            ),
            query_workers=_number(env, "INNOGRAPH_QUERY_WORKERS", _default_workers()),
            queries=Path(env.get("INNOGRAPH_QUERIES") or "queries"),
            processes=_number(env, "INNOGRAPH_PROCESSES", 1),
            union_default_graph=_default_graph(env.get("INNOGRAPH_DEFAULT_GRAPH") or "union"),
        )
