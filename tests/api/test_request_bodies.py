"""Every route that reads a body reads it counted, and refuses one past its limit (413).

Measured in a server of its own (a subprocess), so that its memory is the service's alone: an
unbounded `POST /api/reconcile` of 800 MB took the service to 1.7 GB (issue #14).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from api.protocol import MAX_BODY_BYTES
from benchmarks.bench_abuse import body_pieces
from benchmarks.servers import reset_peak_memory, resident_memory
from tests.conftest import served

_GROWTH = 100 << 20
"""The most the server's peak memory may grow while refusing it."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """`innograph serve` on an empty in-memory store; its URL and process id."""
    folder = tmp_path_factory.mktemp("server")
    variables = {"INNOGRAPH_STORE": ":memory:", "INNOGRAPH_SEED": "", "INNOGRAPH_SHAPES": ""}
    with served(folder, INNOGRAPH_QUERY_WORKERS="1", **variables) as (base, process):
        yield base, process.pid


def _post(url: str, content: bytes | Iterator[bytes]) -> int | None:
    """POST a form; the status, or None if the server closed the connection before reading it
    all (as it may, once it has refused the body)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    try:
        return httpx.post(url, content=content, headers=headers, timeout=60).status_code
    except httpx.TransportError:
        return None


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_reconcile_refuses_a_64_mb_form_without_reading_it_whole(
    server: tuple[str, int], declared: bool
) -> None:
    base, pid = server
    content = b"".join(body_pieces()) if declared else body_pieces()
    reset_peak_memory(pid)  # so that the peak read afterwards is this request's
    before = resident_memory(pid)
    status = _post(f"{base}/api/reconcile", content)
    grown = resident_memory(pid, "VmHWM") - before
    assert grown < _GROWTH, f"the server grew by {grown >> 20} MiB"
    assert status in (413, None)
    assert httpx.get(f"{base}/health", timeout=10).status_code == 200


def test_every_body_reading_route_answers_413_past_its_limit(server: tuple[str, int]) -> None:
    base, _ = server
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    too_long = b"queries=" + b"a" * MAX_BODY_BYTES
    reconcile = httpx.post(f"{base}/api/reconcile", content=too_long, headers=form, timeout=30)
    sparql = httpx.post(f"{base}/sparql", content=too_long, headers=form, timeout=30)
    for response in (reconcile, sparql):
        assert response.status_code == 413
        assert f"limit of {MAX_BODY_BYTES} bytes" in response.json()["detail"]
