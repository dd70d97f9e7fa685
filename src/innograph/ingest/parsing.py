"""Read an RDF file into quads, turning syntax errors into `file:line:column: reason`."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

import pyoxigraph

from innograph.errors import ParseError
from innograph.ingest.sources import SourceFile

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = ["ProgressCallback", "open_with_progress", "parse_file", "parse_error"]

ProgressCallback = Callable[[int], None]
"""Called with the number of bytes read since the last call."""

_OXIGRAPH_LOCATION = re.compile(r"^Parser error at line \d+ between columns \d+ and \d+: ")


class _CountingReader(io.RawIOBase):
    """A raw binary stream that reports every read to a callback."""

    def __init__(self, stream: IO[bytes], on_progress: ProgressCallback) -> None:
        self._stream = stream
        self._on_progress = on_progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        chunk = self._stream.read(len(view))
        view[: len(chunk)] = chunk
        self._on_progress(len(chunk))
        return len(chunk)


def open_with_progress(stream: IO[bytes], on_progress: ProgressCallback | None) -> IO[bytes]:
    """Given an open binary file, return one whose reads are reported to `on_progress`."""
    if on_progress is None:
        return stream
    return io.BufferedReader(_CountingReader(stream, on_progress), buffer_size=1 << 20)


def parse_error(source: SourceFile, error: SyntaxError) -> ParseError:
    """Given pyoxigraph's SyntaxError, return a ParseError naming the file, line and column.

    `Parser error at line 4 between columns 1 and 5: A dot is expected…` becomes
    `data/x.ttl:4:1: A dot is expected…`.
    """
    reason = _OXIGRAPH_LOCATION.sub("", error.msg or str(error))
    return ParseError(source.path, error.lineno, error.offset, reason)


def parse_file(
    source: SourceFile, *, on_progress: ProgressCallback | None = None
) -> list[pyoxigraph.Quad]:
    """Given a source file, return all its quads; triples land in the file's own graph."""
    graph = pyoxigraph.NamedNode(source.graph)
    with source.path.open("rb") as stream:
        try:
            parsed = pyoxigraph.parse(
                open_with_progress(stream, on_progress),
                format=source.format,
                base_iri=source.path.resolve().as_uri(),
            )
            return [
                quad
                if source.is_dataset and not isinstance(quad.graph_name, pyoxigraph.DefaultGraph)
                else pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, graph)
                for quad in parsed
            ]
        except SyntaxError as error:
            raise parse_error(source, error) from None
