"""What every `innograph` command shares: the store opened for one command, innograph errors
reported as one line (exit 1), the consoles, and where output goes."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer
from rich.console import Console

from innograph.errors import InnographError, ValidationError
from innograph.languages import ENGLISH
from innograph.settings import Settings
from innograph.store import Store, open_configured

if TYPE_CHECKING:
    from innograph.ingest.validation import Validator

__all__ = [
    "out",
    "err",
    "session",
    "reported_errors",
    "command_validator",
    "output_stream",
    "print_lines",
]

out = Console()
err = Console(stderr=True)


@contextmanager
def session(
    settings: Settings | None = None, languages: Sequence[str] = ENGLISH
) -> Iterator[Store]:
    """Open the configured store, report innograph errors as one line, exit non-zero."""
    settings = settings or Settings.from_environment()
    with reported_errors(languages):
        store = open_configured(settings)
        try:
            yield store
        finally:
            store.close()


@contextmanager
def reported_errors(languages: Sequence[str] = ENGLISH) -> Iterator[None]:
    """Report innograph errors as one line and exit non-zero; SHACL messages in `languages`
    where the shapes have them."""
    try:
        yield
    except InnographError as error:
        message = error.describe(languages) if isinstance(error, ValidationError) else error
        err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from None


def command_validator(settings: Settings, shapes: Path | None, validate: bool) -> Validator | None:
    """The SHACL validator a writing command uses: the configured shapes, or `shapes`."""
    if not validate:
        return None
    from innograph.serving import validator_for

    return validator_for(replace(settings, shapes=shapes or settings.shapes))


@contextmanager
def output_stream(path: Path | None) -> Iterator[IO[bytes]]:
    """The file named, or standard output (flushed, never closed)."""
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with path.open("wb") as stream:
        yield stream


def print_lines(lines: Iterable[str]) -> None:
    """Print lines as they are: no markup, no highlighting, long lines unbroken."""
    for line in lines:
        out.print(line, markup=False, highlight=False, soft_wrap=True)
