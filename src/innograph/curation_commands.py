"""The curation commands of `innograph`: write a release sheet, ingest it (or a dry run),
retract a release, list an entity's history, print the sheet's schema. Each maps its options
to one call of `innograph.curation`; `innograph.cli` adds them to the command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from innograph.console import (
    command_validator,
    out,
    output_stream,
    print_lines,
    reported_errors,
    session,
)
from innograph.errors import InnographError
from innograph.settings import Settings

__all__ = ["commands"]

commands = typer.Typer()
"""Added to `innograph.cli.app` without a group name: `innograph ingest …`."""

_RELEASES = Path("data/releases")
"""Where `ingest` writes a release's Turtle: a folder `serve` seeds an empty store from."""


@commands.command("new-release")
def new_release(
    output: Annotated[Path, typer.Argument(help="The sheet to write (data/sheets/<id>.yaml).")],
    text: Annotated[
        Path | None, typer.Option(help="The release's text (data/sources/…): lists its passages.")
    ] = None,
) -> None:
    """Write an empty release sheet, commented, with the text's numbered passages."""
    from innograph.curation.template import empty_sheet

    with reported_errors():
        if output.exists():
            raise InnographError(f"{output}: already exists; choose another name")
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(empty_sheet(text, output), encoding="utf-8")
    out.print(f"wrote {output}: fill it in, then `innograph ingest {output} --dry-run`")


@commands.command()
def ingest(
    sheet: Annotated[Path, typer.Argument(help="A release sheet (.yaml) or an encoded .ttl.")],
    dry_run: Annotated[bool, typer.Option(help="Show what would change; write nothing.")] = False,
    releases: Annotated[
        Path, typer.Option(help="Folder the release's Turtle goes to.")
    ] = _RELEASES,
    validate: Annotated[bool, typer.Option(help="Validate with SHACL shapes.")] = True,
) -> None:
    """Add a release: compare it with the graph, then write and load it, all or nothing."""
    from innograph.curation.ingesting import ingest as ingest_release
    from innograph.curation.report import ingest_lines

    settings = Settings.from_environment()
    with session(settings) as store:
        done = ingest_release(
            sheet,
            store=store,
            releases=releases,
            validator=None if dry_run else command_validator(settings, None, validate),
            reasoning=settings.reasoning,
            dry_run=dry_run,
        )
        print_lines(ingest_lines(done))


@commands.command()
def retract(
    release: Annotated[str, typer.Argument(help="A release's name, file or graph IRI.")],
) -> None:
    """Remove a release and every fact only it states; delete its Turtle file."""
    from innograph.curation.report import retraction_lines
    from innograph.curation.retraction import retract as retract_release

    settings = Settings.from_environment()
    with session(settings) as store:
        print_lines(
            retraction_lines(retract_release(release, store=store, reasoning=settings.reasoning))
        )


@commands.command()
def history(
    entity: Annotated[str, typer.Argument(help="An id (organisation/openzone) or an IRI.")],
) -> None:
    """List the releases that say something about a resource, oldest first, with what each said."""
    from innograph.curation.history import history as entity_history
    from innograph.curation.report import history_lines

    with session() as store:
        print_lines(history_lines(entity_history(store, entity)))


@commands.command("sheet-schema")
def sheet_schema(
    output: Annotated[
        Path | None, typer.Option("-o", help="File to write; stdout if absent.")
    ] = None,
) -> None:
    """Print the release sheet's JSON Schema (data/sheets/release-sheet.schema.json)."""
    from innograph.curation.sheet import schema_json

    with output_stream(output) as stream:
        stream.write(schema_json().encode())
