"""Read a release sheet: YAML → `Sheet`, every error naming the sheet's line and field.

PyYAML's node tree keeps the line of every key and item; the sheet is built from it with those
lines noted by location (`("organisations", "openzone", "founded_by", 0, "to")`), so a pydantic
error (whose `loc` is such a location) and every later check (evidence words, ids) can name the
line of the field it is about. The source text is read from the repository, beside the sheet,
and cut into passages by `innograph.curation.passages`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError as PydanticError

from innograph.curation.passages import passages_of
from innograph.curation.sheet import Sheet
from innograph.errors import ParseError

__all__ = ["Location", "SheetFile", "read_sheet"]

Location = tuple[str | int, ...]
"""A field's place in the sheet: keys and list indexes from the top."""


@dataclass(frozen=True)
class SheetFile:
    """A sheet as read: its model, its source's passages, and the line of each location."""

    path: Path
    sheet: Sheet
    passages: tuple[str, ...]
    lines: Mapping[Location, int]

    def error(self, location: Location, reason: str) -> ParseError:
        """Given a field's location and what is wrong with it, return the error naming its line."""
        return _error(self.path, self.lines, location, reason)


def read_sheet(path: Path) -> SheetFile:
    """Given a sheet's path, return it read and validated; ParseError (file:line: field: reason)
    if it is not YAML, breaks the schema, or its text file cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ParseError(path, None, None, f"cannot read the sheet: {error.strerror}") from None
    lines: dict[Location, int] = {}
    data = _document(path, text, lines)
    try:
        sheet = Sheet.model_validate(data)
    except PydanticError as error:
        first = error.errors()[0]
        location = tuple(part for part in first["loc"] if not isinstance(part, str) or part)
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        raise _error(path, lines, location, first["msg"] + more) from None
    source_text = path.parent / sheet.source.text
    try:
        passages = passages_of(source_text.read_text(encoding="utf-8"))
    except OSError as error:
        reason = f"cannot read the source text {source_text}: {error.strerror}"
        raise _error(path, lines, ("source", "text"), reason) from None
    return SheetFile(path, sheet, tuple(passages), lines)


def _document(path: Path, text: str, lines: dict[Location, int]) -> Any:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ParseError(path, 1, None, "the sheet is empty")
        return _build(loader, node, (), lines, path)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ParseError(path, line, column, f"not YAML: {error.problem}") from None
    finally:
        loader.dispose()


def _build(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    location: Location,
    lines: dict[Location, int],
    path: Path,
) -> Any:
    lines.setdefault(location, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        built: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if key in built:
                line = key_node.start_mark.line + 1
                raise ParseError(path, line, None, f"{_dotted(location + (key,))}: given twice")
            lines[location + (key,)] = key_node.start_mark.line + 1
            built[key] = _build(loader, value_node, location + (key,), lines, path)
        return built
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, item, location + (index,), lines, path)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node)


def _error(
    path: Path, lines: Mapping[Location, int], location: Location, reason: str
) -> ParseError:
    for end in range(len(location), -1, -1):
        if location[:end] in lines:
            return ParseError(path, lines[location[:end]], None, f"{_dotted(location)}: {reason}")
    return ParseError(path, None, None, f"{_dotted(location)}: {reason}")


def _dotted(location: Location) -> str:
    """("organisations", "openzone", "cite", 0) → `organisations.openzone.cite[0]`."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(the sheet)"
