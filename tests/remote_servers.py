"""Real remote SPARQL stores for the tests: the Oxigraph server (PyPI `oxigraph`) and Virtuoso
open source (Debian `virtuoso-opensource`), each started on loopback in a temporary folder,
waited for until it answers, and stopped at the end.

Without Virtuoso installed its tests fail when `CI` is set (./run.sh test installs it) and are
skipped elsewhere; the Oxigraph server comes with the test dependencies.
"""

from __future__ import annotations

import configparser
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from innograph.settings import Remote
from tests.conftest import REPOSITORY

VIRTUOSO_INI = REPOSITORY / "deploy" / "virtuoso" / "virtuoso.ini"
VIRTUOSO_ROW_CAP = 10_000
"""Virtuoso's own default ResultSetMaxRows, in place of the shipped file's higher cap: the
tests' answers past it are read in pages, as on a Virtuoso configured by default."""
_READY_SECONDS = 120.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def require(program: str, package: str) -> str:
    """The path of a program the tests need; fails under CI, skips elsewhere, without it."""
    found = shutil.which(program) or (
        str(Path(sys.executable).with_name(program))
        if Path(sys.executable).with_name(program).exists()
        else None
    )
    if found is None:
        message = f"{program} is required ({package}; ./run.sh test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found


def _wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + _READY_SECONDS
    probe = url + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {probe} in {_READY_SECONDS:g} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[tuple[Remote, subprocess.Popen[bytes]]]:
    """Run `oxigraph serve` on a store in `folder`; yield its settings and process."""
    program = require("oxigraph", "the PyPI package oxigraph")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = folder / "oxigraph.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [program, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_answering(base + "/query", process, log)
        yield (
            Remote(
                query_url=base + "/query",
                update_url=base + "/update",
                graph_store_url=base + "/store",
                local_folder=folder / "derived",
            ),
            process,
        )
    finally:
        _stop(process)


@contextmanager
def virtuoso_server(
    folder: Path, *, row_cap: int | None = VIRTUOSO_ROW_CAP
) -> Iterator[tuple[Remote, subprocess.Popen[bytes]]]:
    """Run Virtuoso with the project's `deploy/virtuoso/virtuoso.ini` on free ports and with
    `row_cap` (None: the file's), in `folder` (its database), with SPARQL_UPDATE granted to
    its anonymous SPARQL account; yield its settings and process."""
    program = require("virtuoso-t", "Debian package virtuoso-opensource")
    isql = require("isql-vt", "Debian package virtuoso-opensource")
    sql_port, http_port = _free_port(), _free_port()
    config = configparser.ConfigParser(
        comment_prefixes=(";",), inline_comment_prefixes=(";",), interpolation=None
    )
    config.optionxform = str  # type: ignore[assignment,method-assign]  # keep the keys' case
    config.read(VIRTUOSO_INI)
    config["Parameters"]["ServerPort"] = f"127.0.0.1:{sql_port}"
    config["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    if row_cap is not None:
        config["SPARQL"]["ResultSetMaxRows"] = str(row_cap)
    with (folder / "virtuoso.ini").open("w") as ini:
        config.write(ini)
    log = folder / "virtuoso.out"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [program, "+foreground", "+configfile", "virtuoso.ini"],
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_until_answering(base + "/sparql", process, log)
        subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield (
            Remote(
                query_url=base + "/sparql",
                update_url=base + "/sparql",
                graph_store_url=base + "/sparql-graph-crud",
                local_folder=folder / "derived",
            ),
            process,
        )
    finally:
        _stop(process)
