"""Settings read once from `INNOGRAPH_*` environment variables and passed down explicitly."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

import platformdirs

from innograph.credentials import Credentials, credentials_from_environment
from innograph.errors import SettingsError

__all__ = [
    "Settings",
    "QueryLimits",
    "QUERY_LIMITS",
    "Admission",
    "ADMISSION",
    "MEMORY",
    "Remote",
    "Credentials",
]

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


def _switch(env: Mapping[str, str], name: str, default: bool) -> bool:
    """`on` → True, `off` → False; unset → the default."""
    value = env.get(name) or ("on" if default else "off")
    if value not in ("on", "off"):
        raise SettingsError(f"{name} must be 'on' or 'off', not {value!r}")
    return value == "on"


def _paths(value: str) -> tuple[Path, ...]:
    return tuple(Path(part) for part in value.split(os.pathsep) if part)


@dataclass(frozen=True)
class QueryLimits:
    """The largest query (or update) text the service sends to the engine.

    pyoxigraph's parser and planner recurse once per nested group, so a deep enough text
    overflows the stack and kills the process (a segfault, no exception). Measured with
    pyoxigraph 0.5 in a process of its own (8 MiB stack): 2,500 nested `{}` crash it, 2,000
    parse in 9 ms; 3,000 nested OPTIONALs crash it, 1,000 take 2.2 s and 200 take 0.09 s;
    5,000 nested `(` crash it; 1,000 nested blank nodes `[]` take 58 s (200: 0.45 s, 100: 0.04 s);
    a 7,000-way UNION crashes it, 5,000 branches take 2.3 s, 1,000 take 0.14 s, 500 0.04 s;
    an update of 3,000 nested groups crashes the process that runs it. The queries this project
    ships nest 7 deep at most and use 5 UNIONs. Screening reads the text at ~0.3 µs a character
    (0.25 s for 860,000), which the length bounds.
    """

    max_length: int = 200_000
    """Characters (INNOGRAPH_QUERY_MAX_LENGTH)."""
    max_depth: int = 100
    """Nesting of `{`, `(` and `[` together (INNOGRAPH_QUERY_MAX_DEPTH): 20 times below a crash."""
    max_unions: int = 500
    """UNION keywords (INNOGRAPH_QUERY_MAX_UNIONS): 10 to 14 times below a crash."""

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if value < 1:
                variable = f"INNOGRAPH_QUERY_{name.upper()}"
                raise SettingsError(f"{variable} must be 1 or more, not {value}")


QUERY_LIMITS = QueryLimits()
"""The default limits."""


@dataclass(frozen=True)
class Admission:
    """How many queries run at once, how many of them one client may run, and how long a
    query waits for a turn.

    A long query must not hold up a short one. pyoxigraph cannot pause a query, so the pool
    runs more query processes than there are cores and lets the operating system share the
    CPU: a one-triple ASK beside eight queries running to the limit answers in milliseconds
    instead of waiting for one of them to stop (`benchmarks/bench_fairness.py`). The pool keeps
    `INNOGRAPH_QUERY_WORKERS` processes ready and starts more while queries wait, up to
    `concurrency`; the extra ones stop after a minute idle. Each client address may hold
    `per_client` of them (more are refused with 429 at once), and a query that finds all of
    them busy waits at most `queue_wait` seconds (then 503 with `Retry-After`).
    """

    concurrency: int = 16
    """Queries running at once, each in its own process (INNOGRAPH_QUERY_CONCURRENCY)."""
    per_client: int = 4
    """Queries one client address may have running or waiting (INNOGRAPH_QUERIES_PER_CLIENT)."""
    queue_wait: float = 5.0
    """Seconds a query waits for a free process (INNOGRAPH_QUERY_QUEUE_WAIT)."""

    def __post_init__(self) -> None:
        for variable, value in (
            ("INNOGRAPH_QUERY_CONCURRENCY", self.concurrency),
            ("INNOGRAPH_QUERIES_PER_CLIENT", self.per_client),
        ):
            if value < 1:
                raise SettingsError(f"{variable} must be 1 or more, not {value}")
        if self.queue_wait < 0:
            raise SettingsError(
                f"INNOGRAPH_QUERY_QUEUE_WAIT must be 0 or more, not {self.queue_wait}"
            )


ADMISSION = Admission()
"""The default admission rules."""


ShaclEngine = Literal["compiled", "turbo", "pyshacl"]
SHACL_ENGINES: tuple[ShaclEngine, ...] = ("compiled", "turbo", "pyshacl")
"""The SHACL engines a validator may run (`innograph.ingest.validation`), the default first."""


def _shacl_engine(value: str) -> ShaclEngine:
    for engine in SHACL_ENGINES:
        if value == engine:
            return engine
    raise SettingsError(
        f"INNOGRAPH_SHACL_ENGINE must be one of {', '.join(SHACL_ENGINES)}, not {value!r}"
    )


@dataclass(frozen=True)
class Remote:
    """A remote SPARQL 1.1 store (INNOGRAPH_BACKEND=sparql): where it answers queries,
    updates and, if it offers the Graph Store HTTP Protocol, graph uploads (which writes need),
    and the credentials it wants."""

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None
    credentials: Credentials = field(default_factory=Credentials)
    local_folder: Path = field(default_factory=lambda: Path(_default_store() + ".remote"))
    """Where files derived from the remote store's contents (the lookup tables) are kept on
    this machine (INNOGRAPH_SPARQL_LOCAL)."""

    def __post_init__(self) -> None:
        for variable, url in (
            ("INNOGRAPH_SPARQL_QUERY_URL", self.query_url),
            ("INNOGRAPH_SPARQL_UPDATE_URL", self.update_url),
            ("INNOGRAPH_SPARQL_GRAPH_STORE_URL", self.graph_store_url),
        ):
            if url is not None and not url.startswith(("http://", "https://")):
                raise SettingsError(f"{variable} must be an http:// or https:// URL, not {url!r}")


def _remote(env: Mapping[str, str]) -> Remote | None:
    """The remote store INNOGRAPH_BACKEND=sparql names, or None for the embedded one."""
    backend = env.get("INNOGRAPH_BACKEND") or "embedded"
    if backend not in ("embedded", "sparql"):
        raise SettingsError(f"INNOGRAPH_BACKEND must be 'embedded' or 'sparql', not {backend!r}")
    if backend == "embedded":
        return None
    query_url = env.get("INNOGRAPH_SPARQL_QUERY_URL")
    if not query_url:
        raise SettingsError("INNOGRAPH_BACKEND=sparql needs INNOGRAPH_SPARQL_QUERY_URL")
    local = env.get("INNOGRAPH_SPARQL_LOCAL")
    return Remote(
        query_url=query_url,
        update_url=env.get("INNOGRAPH_SPARQL_UPDATE_URL") or None,
        graph_store_url=env.get("INNOGRAPH_SPARQL_GRAPH_STORE_URL") or None,
        credentials=credentials_from_environment(env),
        **({"local_folder": Path(local)} if local else {}),
    )


@dataclass(frozen=True)
class Settings:
    """Where the store lives and how the service behaves.

    | variable                   | default                              |
    |----------------------------|--------------------------------------|
    | INNOGRAPH_STORE            | <user data dir>/innograph/store      |
    | INNOGRAPH_SEED             | ontology:data (loaded into an empty store by `serve`) |
    | INNOGRAPH_SHAPES           | ontology/shapes.ttl if it exists     |
    | INNOGRAPH_ONTOLOGY         | ontology (class hierarchy for SHACL) |
    | INNOGRAPH_SHACL_ENGINE     | compiled (shapes as SPARQL), turbo or pyshacl |
    | INNOGRAPH_UPDATE_TOKEN     | unset: the service is read-only      |
    | INNOGRAPH_QUERY_TIMEOUT    | 30 (seconds)                         |
    | INNOGRAPH_RESULT_LIMIT     | 10000 (rows)                         |
    | INNOGRAPH_SERVICE_ALLOW    | empty: SERVICE reaches no host       |
    | INNOGRAPH_QUERY_WORKERS    | CPU count, 2 to 8 (query processes kept ready) |
    | INNOGRAPH_QUERY_CONCURRENCY| 16, or the workers if more (queries running at once) |
    | INNOGRAPH_QUERIES_PER_CLIENT | 4 (queries one client address may run at once) |
    | INNOGRAPH_QUERY_QUEUE_WAIT | 5 (seconds a query waits for a free process) |
    | INNOGRAPH_REASONING        | on (writes keep the inferred graph in step) |
    | INNOGRAPH_QUERIES          | queries (named queries served at /api/queries) |
    | INNOGRAPH_PROCESSES        | 1 (HTTP serving processes; more than one serves read-only) |
    | INNOGRAPH_FAST_LANE        | on (read-only from several processes: queries run in them) |
    | INNOGRAPH_DEFAULT_GRAPH    | union (of every graph) or own (the store's default graph only) |
    | INNOGRAPH_QUERY_MAX_LENGTH | 200000 (characters of a query or update) |
    | INNOGRAPH_QUERY_MAX_DEPTH  | 100 (nesting of `{`, `(`, `[`)       |
    | INNOGRAPH_QUERY_MAX_UNIONS | 500 (UNION keywords)                 |
    | INNOGRAPH_PUBLIC_URL       | unset: pages link this service's paths (`/id/…`) |
    | INNOGRAPH_BACKEND          | embedded, or sparql (a remote store: `Remote`) |
    | INNOGRAPH_SPARQL_QUERY_URL, _UPDATE_URL, _GRAPH_STORE_URL | the remote store's endpoints |
    | INNOGRAPH_SPARQL_USER, _PASSWORD, _AUTH, _TOKEN, _CREDENTIALS_FILE | its credentials |
    | INNOGRAPH_SPARQL_LOCAL     | <store>.remote (local files derived from the remote store) |

    Several serving processes use several cores, but only one process may write an embedded
    RocksDB store: with more than one, every process opens the store read-only, so writes
    (`INNOGRAPH_UPDATE_TOKEN`) and a store in memory are refused when the settings are made.
    """

    store: str = field(default_factory=_default_store)
    seed_paths: tuple[Path, ...] = (Path("ontology"), Path("data"))
    shapes: Path | None = None
    ontology_paths: tuple[Path, ...] = (Path("ontology"),)
    shacl_engine: ShaclEngine = "compiled"
    """The engine that runs the shapes: pyshacl-turbo (Rust) or pySHACL, its reference."""
    update_token: str | None = None
    query_timeout: float = 30.0
    result_limit: int = 10_000
    service_allow: tuple[str, ...] = ()
    query_workers: int = field(default_factory=_default_workers)
    queries: Path = Path("queries")
    processes: int = 1
    fast_lane: bool = True
    """Whether several read-only serving processes run queries themselves, each retiring
    after a runaway (`innograph.sparql.fast_lane`), rather than in worker processes
    (INNOGRAPH_FAST_LANE, on or off)."""
    union_default_graph: bool = True
    """Whether a SPARQL query without a dataset of its own reads the union of every graph
    (each loaded file is a named graph) or, as plain SPARQL stores do, the default graph only."""
    query_limits: QueryLimits = QUERY_LIMITS
    admission: Admission = ADMISSION
    reasoning: bool = True
    """Whether every write also updates the OWL 2 RL closure in the inferred graph, in its own
    transaction (INNOGRAPH_REASONING, on or off): `innograph.reasoning.writes`."""
    public_url: str | None = None
    """The base under which the service is published (`https://kg.example.org/`), where
    `https://w3id.org/innograph/` redirects: pages and the reconciliation manifest link
    resources there; unset, pages link this service's own paths."""
    remote: Remote | None = None
    """The remote SPARQL store to use instead of the embedded one (INNOGRAPH_BACKEND=sparql)."""

    def __post_init__(self) -> None:
        if self.admission.concurrency < self.query_workers:
            raise SettingsError(
                f"INNOGRAPH_QUERY_CONCURRENCY ({self.admission.concurrency}) must be at least "
                f"INNOGRAPH_QUERY_WORKERS ({self.query_workers}): the workers kept ready"
            )
        if self.public_url is not None and not (
            self.public_url.startswith(("https://", "http://")) and self.public_url.endswith("/")
        ):
            raise SettingsError(
                f"INNOGRAPH_PUBLIC_URL must be an http(s) URL ending in /, not {self.public_url!r}"
            )
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
    def queries_in_process(self) -> bool:
        """Whether queries run in the serving process (`innograph.sparql.fast_lane`): the
        store on disk, read-only, served from several processes, with the fast lane on."""
        return self.fast_lane and self.serves_read_only and self.remote is None

    @property
    def is_in_memory(self) -> bool:
        return self.remote is None and self.store == MEMORY

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Given the process environment, return the settings it describes."""
        env = os.environ if environ is None else environ
        default_shapes = Path("ontology/shapes.ttl")
        shapes = env.get("INNOGRAPH_SHAPES", str(default_shapes) if default_shapes.exists() else "")
        workers = _number(env, "INNOGRAPH_QUERY_WORKERS", _default_workers())
        return cls(
            store=env.get("INNOGRAPH_STORE") or _default_store(),
            seed_paths=_paths(env.get("INNOGRAPH_SEED", f"ontology{os.pathsep}data")),
            shapes=Path(shapes) if shapes else None,
            ontology_paths=_paths(env.get("INNOGRAPH_ONTOLOGY", "ontology")),
            shacl_engine=_shacl_engine(env.get("INNOGRAPH_SHACL_ENGINE") or SHACL_ENGINES[0]),
            update_token=env.get("INNOGRAPH_UPDATE_TOKEN") or None,
            query_timeout=_number(env, "INNOGRAPH_QUERY_TIMEOUT", 30.0),
            result_limit=_number(env, "INNOGRAPH_RESULT_LIMIT", 10_000),
            service_allow=tuple(
                host for host in env.get("INNOGRAPH_SERVICE_ALLOW", "").split(",") if host
            ),
            query_workers=workers,
            queries=Path(env.get("INNOGRAPH_QUERIES") or "queries"),
            processes=_number(env, "INNOGRAPH_PROCESSES", 1),
            fast_lane=_switch(env, "INNOGRAPH_FAST_LANE", True),
            union_default_graph=_default_graph(env.get("INNOGRAPH_DEFAULT_GRAPH") or "union"),
            query_limits=QueryLimits(
                max_length=_number(env, "INNOGRAPH_QUERY_MAX_LENGTH", QUERY_LIMITS.max_length),
                max_depth=_number(env, "INNOGRAPH_QUERY_MAX_DEPTH", QUERY_LIMITS.max_depth),
                max_unions=_number(env, "INNOGRAPH_QUERY_MAX_UNIONS", QUERY_LIMITS.max_unions),
            ),
            admission=Admission(
                concurrency=_number(
                    env, "INNOGRAPH_QUERY_CONCURRENCY", max(ADMISSION.concurrency, workers)
                ),
                per_client=_number(env, "INNOGRAPH_QUERIES_PER_CLIENT", ADMISSION.per_client),
                queue_wait=_number(env, "INNOGRAPH_QUERY_QUEUE_WAIT", ADMISSION.queue_wait),
            ),
            reasoning=_switch(env, "INNOGRAPH_REASONING", True),
            public_url=env.get("INNOGRAPH_PUBLIC_URL") or None,
            remote=_remote(env),
        )
