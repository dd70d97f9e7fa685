"""The exceptions innograph raises, each carrying the context a user needs to act.

InnographError
├── SourceError       a path that is not a readable RDF file of a known format
├── ParseError        a syntax error, with file, line and column
├── ValidationError   SHACL violations (`Violation`), with file, shape and focus node
├── StoreError        the store cannot be opened or written (locked, missing)
├── QueryError        a query that cannot be parsed or run, with the query's name
├── QueryRefused      a query the service will not run (SERVICE off the allow-list, LOAD)
├── QueryTooLarge     a query past a shape limit (length, nesting depth, UNIONs), with the value
├── QueryTimeout      a query, update or write's validation stopped at the time limit, or no
│                     worker free in time
├── TooManyQueries    a client with as many queries running as the service allows one client
├── QueryCrashed      a query or update whose worker process died while running it
├── Withdrawn         work stopped because its client went away or the service is stopping
├── NotFound          a named resource (query, graph, organisation) that does not exist
├── InvalidParameter  a request parameter whose value cannot be used, with its name
├── InconsistencyError data the ontology makes contradictory, with each broken rule and triple
└── SettingsError     settings that cannot work together, naming the variables
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from innograph.languages import ENGLISH, choose_language

__all__ = [
    "InnographError",
    "SourceError",
    "ParseError",
    "Violation",
    "ValidationError",
    "StoreError",
    "QueryError",
    "QueryRefused",
    "QueryTooLarge",
    "QueryTimeout",
    "TooManyQueries",
    "QueryCrashed",
    "Withdrawn",
    "NotFound",
    "InvalidParameter",
    "InconsistencyError",
    "SettingsError",
]


class InnographError(Exception):
    """Base of every error innograph raises on purpose."""


class SourceError(InnographError):
    """A path that cannot be loaded: missing, unreadable, or of an unknown format."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class ParseError(InnographError):
    """A file that is not valid in its format; the message reads `file:line:column: reason`."""

    def __init__(self, path: Path, line: int | None, column: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.reason = reason
        location = str(path)
        if line is not None:
            location += f":{line}"
            if column is not None:
                location += f":{column}"
        super().__init__(f"{location}: {reason}")


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the focus node, the shape (and path) it breaks, and its message in
    each language the shapes give (`sh:message "…"@en, "…"@it`; pySHACL's own, untagged,
    when they give none), by language tag ("" for untagged)."""

    focus: str
    shape: str
    path: str | None
    messages: Mapping[str, str]

    def language(self, languages: Sequence[str] = ENGLISH) -> str:
        """The tag of the message a reader of `languages` gets ("" for an untagged one)."""
        return choose_language(self.messages, languages) or ""

    def describe(self, languages: Sequence[str] = ENGLISH) -> str:
        """`focus node … (shape … path …): message`, the message in the reader's language."""
        where = f" path {self.path}" if self.path is not None else ""
        message = self.messages.get(self.language(languages), "")
        return f"focus node {self.focus} (shape {self.shape}{where}): {message}"


class ValidationError(InnographError):
    """A file whose data breaks the SHACL shapes; lists every violation found.

    `str()` gives each violation's message in English; `describe(languages)` in the reader's
    languages, where the shapes have them."""

    def __init__(self, path: Path, violations: Sequence[Violation]) -> None:
        self.path = path
        self.violations = tuple(violations)
        super().__init__(self.describe())

    def describe(self, languages: Sequence[str] = ENGLISH) -> str:
        """Given a reader's languages, best first, return the report of every violation."""
        lines = sorted(violation.describe(languages) for violation in self.violations)
        details = "\n".join(f"  - {line}" for line in lines)
        return f"{self.path}: {len(lines)} SHACL violation(s):\n{details}"

    def languages(self, languages: Sequence[str] = ENGLISH) -> list[str]:
        """The language tags of the messages `describe(languages)` writes (untagged left out)."""
        return sorted({violation.language(languages) for violation in self.violations} - {""})


class StoreError(InnographError):
    """The store cannot be opened or changed."""

    @classmethod
    def overtaken(cls, what: str, attempts: int) -> StoreError:
        """Given a write validated without the write lock that other writes came before
        `attempts` times, return the error that says so: nothing was changed, try again."""
        return cls(
            f"{what} was overtaken by other writes {attempts} times while it was validated; "
            "nothing was changed, please retry"
        )


class QueryError(InnographError):
    """A query that is malformed or failed while running."""

    def __init__(self, message: str, *, query_name: str | None = None) -> None:
        self.query_name = query_name
        prefix = f"query {query_name!r}: " if query_name else ""
        super().__init__(prefix + message)


class QueryRefused(InnographError):
    """A query or update that would reach the network, refused before it runs."""


class QueryTooLarge(InnographError):
    """A query or update past one of the service's shape limits, refused before it runs."""

    def __init__(self, measure: str, value: int, limit: int, variable: str) -> None:
        self.measure = measure
        self.value = value
        self.limit = limit
        super().__init__(
            f"the query's {measure} is {value}, over this service's limit of {limit} ({variable})"
        )


class QueryTimeout(InnographError):
    """A query, an update or the validation of a write that ran past the time limit and was
    stopped (`stopped`), or a query that found no worker free in time."""

    def __init__(self, message: str, *, timeout: float) -> None:
        self.timeout = timeout
        super().__init__(message)

    @classmethod
    def stopped(cls, what: str, timeout: float, outcome: str = "") -> QueryTimeout:
        """Given what was stopped after `timeout` seconds, and what became of the store, return
        the error that says so, naming the setting."""
        return cls(
            f"the {what} was stopped after {timeout:g} s, the time limit of this service "
            f"(INNOGRAPH_QUERY_TIMEOUT){outcome}",
            timeout=timeout,
        )


class TooManyQueries(InnographError):
    """A query from a client that already has its share of the query workers busy: refused
    at once, so one client's burst cannot take every worker from the others."""


class QueryCrashed(InnographError):
    """A query or update that killed the process running it (pyoxigraph segfaults on some
    texts): not worth sending again, unlike a query stopped at the time limit."""


class Withdrawn(InnographError):
    """Work stopped because its request was withdrawn: the client went away, or the service is
    stopping. Nothing was changed, and no client is left to read this."""


class NotFound(InnographError):
    """A named thing that does not exist: a query, a graph, a resource."""


class InvalidParameter(InnographError):
    """A parameter (of a lookup or a named query) whose value cannot be used."""

    def __init__(self, parameter: str, reason: str) -> None:
        self.parameter = parameter
        self.reason = reason
        super().__init__(f"invalid parameter {parameter!r}: {reason}")


class InconsistencyError(InnographError):
    """Data whose OWL 2 RL closure is inconsistent (two disjoint classes, two values of a
    functional property, …): a write that would make it so is refused, not closed silently."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        details = "\n".join(f"  - {violation}" for violation in violations)
        super().__init__(
            f"the data would be inconsistent: {len(violations)} violation(s):\n{details}"
        )


class SettingsError(InnographError):
    """`INNOGRAPH_*` settings that contradict each other or cannot be read."""
