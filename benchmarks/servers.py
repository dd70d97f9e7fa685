"""Servers and clients shared by the HTTP benchmarks: start a server, time requests from threads.

Each server runs as a subprocess on a free loopback port and is stopped afterwards; clients
are threads of the benchmark process, each with its own keep-alive connection.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = [
    "ROOT",
    "BIN",
    "INNOGRAPH_APPLICATION",
    "Runner",
    "free_port",
    "resident_memory",
    "reset_peak_memory",
    "serving",
    "innograph_environment",
    "uvicorn_stack",
    "uvicorn_command",
    "descendants",
    "serving_processes",
    "timed_threads",
    "Served",
    "wrk",
]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk-paths.lua"

INNOGRAPH_APPLICATION = ("api.main:create_app", "--factory")
"""uvicorn's arguments naming the innograph service."""

Runner = Callable[[str], bool]
"""Send one request (a query, a URL); return whether it was answered successfully."""


def timed_threads(
    make: Callable[[], Runner], items: list[str], concurrency: int
) -> tuple[list[float], float, int]:
    """Run the items from `concurrency` threads, each with its own runner (connection).

    Returns each request's latency, the wall time of them all, and the number that failed.
    """
    pending = list(reversed(items))
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    def worker() -> None:
        nonlocal failures
        runner = make()
        while True:
            with lock:
                if not pending:
                    return
                item = pending.pop()
            started = time.perf_counter()
            ok = runner(item)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                failures += not ok

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    return latencies, time.perf_counter() - started, failures


@dataclass(frozen=True)
class Served:
    """What wrk measured for one operation against the server, at a fixed concurrency."""

    operation: str
    concurrency: int
    requests: int
    seconds: float
    p50: float
    p99: float
    errors: int

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def wrk(
    base: str,
    paths: list[str],
    *,
    concurrency: int,
    seconds: int,
    operation: str,
    headers: dict[str, str] | None = None,
) -> Served:
    """Send the paths in turn for `seconds` with wrk (C, up to two threads, keep-alive
    connections).

    A Python client cannot load the server: on two cores, eight httpx threads topped out near
    300 requests a second even against the Oxigraph server.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        threads = min(2, concurrency)  # wrk wants at least one connection per thread
        command = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{seconds}s"]
        command += ["-s", str(WRK_SCRIPT)]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        command.append(base)
        environment = {**os.environ, "WRK_PATHS": listing.name}
        output = subprocess.run(
            command, env=environment, capture_output=True, text=True, check=True
        ).stdout
    fields = next(line for line in output.splitlines() if line.startswith("RESULT")).split()
    return Served(
        operation=operation,
        concurrency=concurrency,
        requests=int(fields[1]),
        seconds=int(fields[2]) / 1e6,
        p50=float(fields[3]) / 1000,
        p99=float(fields[4]) / 1000,
        errors=int(fields[5]),
    )


def resident_memory(process: int | str = "self", field: str = "VmRSS") -> int:
    """A process's resident memory in bytes, from one field of /proc/<pid>/status (`VmRSS`,
    or `RssAnon` for its anonymous pages only); 0 if the process has gone."""
    try:
        status = Path(f"/proc/{process}/status").read_text(encoding="ascii")
    except FileNotFoundError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith(f"{field}:")), "")
    return int(line.split()[1]) * 1024 if line else 0


def reset_peak_memory(process: int) -> None:
    """Set a process's peak resident memory (`VmHWM`) back to its current one, so that the peak
    read later is that of what happened since (Linux 4.0+, `clear_refs`); nothing if it has
    gone."""
    try:
        Path(f"/proc/{process}/clear_refs").write_text("5", encoding="ascii")
    except (FileNotFoundError, ProcessLookupError):
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(
    command: list[str], url: str, env: dict[str, str] | None = None, *, new_session: bool = False
) -> Iterator[int]:
    """Start a server subprocess, wait until `url` answers ASK {}, yield its pid, then stop it.

    With `new_session` it leads a process group of its own (its pid is the group's id), so
    that it can be killed together with every process it started (`os.killpg`)."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=new_session,
    )
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"{command[0]} exited: {error[-2000:]}")
            try:
                if httpx.get(url, params={"query": "ASK {}"}, timeout=10).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not answer {url}")
            time.sleep(0.2)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def innograph_environment(
    store: Path, workers: int, processes: int = 1, *, fast_lane: bool = True
) -> dict[str, str]:
    """The environment of `innograph serve` over a store; with several processes, prepare the
    store first (`innograph.serving.prepare_for_processes`), as `serve` does. Several
    processes run queries themselves unless `fast_lane` is off (then in worker processes)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("INNOGRAPH_")}
    env |= {
        "INNOGRAPH_STORE": str(store),
        "INNOGRAPH_SEED": "",
        "INNOGRAPH_QUERY_WORKERS": str(workers),
        "INNOGRAPH_PROCESSES": str(processes),
        "INNOGRAPH_FAST_LANE": "on" if fast_lane else "off",
        # Every request of a benchmark comes from one address: with the default share (4 at
        # once), eight connections would be half refused (429), as no other target refuses.
        "INNOGRAPH_QUERIES_PER_CLIENT": "64",
        # This tree's code, even when the venv's editable install points at another checkout.
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    return env


def uvicorn_stack() -> tuple[str, str]:
    """The HTTP parser and event loop uvicorn picks by itself (`auto`), as `innograph serve`."""
    has_httptools = importlib.util.find_spec("httptools") is not None
    has_uvloop = importlib.util.find_spec("uvloop") is not None
    return ("httptools" if has_httptools else "h11"), ("uvloop" if has_uvloop else "asyncio")


def uvicorn_command(
    port: int, processes: int = 1, *, application: tuple[str, ...] = INNOGRAPH_APPLICATION
) -> tuple[list[str], str]:
    """The command that serves this tree's app (or another `application`) with uvicorn as
    `innograph serve` would, and a label naming the HTTP parser, the event loop and the number
    of serving processes."""
    http, loop = uvicorn_stack()
    command = [sys.executable, "-m", "uvicorn", *application]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    command += ["--http", http, "--loop", loop, "--workers", str(processes)]
    plural = "es" if processes > 1 else ""
    return command, f"uvicorn, {http}+{loop}, {processes} process{plural}"


def descendants(pid: int) -> list[int]:
    """The processes `pid` started, and theirs (query workers, the forkserver, granian's)."""
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:  # the process ended meanwhile
        return []
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except FileNotFoundError:  # the thread ended meanwhile
            continue
        for child in children:
            found += [int(child), *descendants(int(child))]
    return found


def serving_processes(pid: int) -> list[int]:
    """The processes that answer HTTP for a server: itself, or the processes uvicorn spawned
    to serve when it runs several (not its query workers, which are forked)."""
    spawned = [
        child
        for child in descendants(pid)
        if b"multiprocessing.spawn" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]
    return spawned or [pid]
