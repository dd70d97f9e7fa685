"""Answer `/sparql` in the serving process when it serves read-only from several processes.

Why: the query pool (`innograph.sparql.execution`) runs each query in a worker process so that
one past its time limit can be killed, since pyoxigraph cannot cancel a query. The hop to the
worker and back is much of what a small query costs. Measured at 20,000 organisations at low
load (`benchmarks/README.md`, "The fast lane", run B), one organisation's links from two
processes: 757 requests/s through the pool, 1,277 here, 3,711 from a bare ASGI app running
pyoxigraph; p50 at one connection 1.18, 0.85 and 0.44 ms.

When the service is read-only and served by several processes (`Settings.queries_in_process`:
the public deployment), the process that is to be killed can be the serving process itself,
since another one answers meanwhile. So queries run on threads of the serving process
(`innograph.sparql.query_threads`), with the pool's rules: the same screening (SERVICE, LOAD,
shape limits), each client's share, the result limit and the same serialisation
(`innograph.sparql.results`), hence the same bytes, large answers streamed from a file. A query
past `Settings.query_timeout` is answered 503 at the limit, as by the pool, and its process
*retires*: it stops accepting connections, waits until those it has accepted have sent their
request, then sends itself SIGTERM, on which uvicorn lets the requests in flight finish, and
exits; uvicorn's supervisor (`workers=N`) then starts a fresh
process. Retirements are staggered (`innograph.sparql.roster`): a process retires only while
another one answers; until then it keeps serving with the runaway holding one of its query
threads (listed as waiting in `/health`), and asks again every `_RETRY_RETIREMENT` seconds.
The processes must run under uvicorn's supervisor, as `innograph serve --processes N` starts
them: a process started alone with `INNOGRAPH_PROCESSES` over 1 is not replaced once it retires.

A service that takes writes, or runs in one process, keeps the pool: there, killing the
serving process would leave no one to answer.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import threading
import uuid
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING

from innograph.errors import QueryRefused
from innograph.settings import Settings
from innograph.sparql.messages import QueryJob
from innograph.sparql.query_threads import QueryThreads
from innograph.sparql.quotas import ClientQuotas
from innograph.sparql.results import Answer, write_answer
from innograph.sparql.roster import ProcessCounts, Roster
from innograph.sparql.screening import screen_as_configured
from innograph.store import EmbeddedStore, Store

if TYPE_CHECKING:
    from innograph.ingest.validation import Validator

__all__ = ["FastLane"]

_RETRY_RETIREMENT = 0.5
"""Seconds between a process's attempts to retire while no other process answers."""


_UNSENT_WAIT = 5.0
"""Seconds at most a retiring process waits for connections it accepted to send a request."""


def _uvicorn_server() -> object | None:
    """This process's uvicorn `Server`, or None when uvicorn does not serve it.

    uvicorn has no public call for it: it is reached through the SIGTERM handler uvicorn
    installs, a bound method of its `Server`."""
    return getattr(signal.getsignal(signal.SIGTERM), "__self__", None)


def _stop_accepting(server: object | None) -> None:
    """Stop the server's listeners, if it has any; the listening socket, which every serving
    process shares, then hands new connections to the others."""
    for listener in getattr(server, "servers", None) or ():
        if isinstance(listener, asyncio.AbstractServer):
            listener.close()


def _holds_unsent(server: object | None) -> bool:
    """Whether the server holds a connection that has not sent its first request yet."""
    connections = getattr(getattr(server, "server_state", None), "connections", None) or ()
    return any(getattr(connection, "cycle", True) is None for connection in connections)


class FastLane:
    """The query service of one read-only serving process among several (see the module)."""

    def __init__(self, store: EmbeddedStore, settings: Settings, roster: Roster) -> None:
        self._store = store
        self._settings = settings
        self._roster = roster
        self.timeout = settings.query_timeout
        self.result_limit = settings.result_limit
        self.reasoning = settings.reasoning
        self._quotas = ClientQuotas(settings.admission.per_client)
        self._threads = QueryThreads(
            settings.admission.concurrency,
            timeout=settings.query_timeout,
            queue_wait=settings.admission.queue_wait,
            on_runaway=self._retire_when_possible,
        )
        self._answers = roster.folder / f"answers-{os.getpid()}"
        self._is_retiring = False
        self._is_asking_again = False

    @classmethod
    def from_settings(cls, store: EmbeddedStore, settings: Settings) -> FastLane:
        """The fast lane of a store, its roster and answer files in the store's scratch folder."""
        return cls(store, settings, Roster.beside(store.scratch_folder, settings.processes))

    @property
    def version(self) -> str:
        """The store's version: a read-only store keeps one."""
        return self._store.version

    def start(self) -> FastLane:
        """Start the query threads, and list this process as answering."""
        self._roster.join()
        self._answers.mkdir(exist_ok=True)
        self._threads.start()
        return self

    def close(self) -> None:
        """Let the idle query threads end, leave the roster, remove the answer files."""
        self._threads.close()
        self._roster.leave()
        shutil.rmtree(self._answers, ignore_errors=True)

    def processes(self) -> ProcessCounts:
        """The serving processes: answering, retiring, restarted."""
        return self._roster.counts()

    async def run_async(self, job: QueryJob, *, client: str | None = None) -> Answer:
        """Given a job, return its answer, run on a query thread of this process; refused as
        the pool refuses (QueryRefused, QueryTooLarge, TooManyQueries), QueryTimeout past the
        time limit (and the process retires)."""
        with self._quotas.admitted(client):
            return await self._threads.run(lambda: self._answer(job))

    def update(
        self,
        sparql: str,
        *,
        validator: Validator | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        """Refused: the store is read-only in every serving process."""
        raise self._read_only()

    def writing(self) -> AbstractContextManager[Store]:
        """Refused: the store is read-only in every serving process."""
        raise self._read_only()

    def _answer(self, job: QueryJob) -> Answer:
        """On a query thread: screen the job, run it, write its answer (a file if large)."""
        screened, use_query_dataset = screen_as_configured(job, self._settings)
        result = self._store.query(
            screened.text,
            default_graphs=screened.default_graphs,
            named_graphs=screened.named_graphs,
            use_query_dataset=use_query_dataset,
        )
        spill = self._answers / uuid.uuid4().hex
        answer = write_answer(
            result, formats=screened.formats, limit=self.result_limit, spill=spill
        )
        return replace(answer, version=self._store.version)

    def _retire_when_possible(self) -> None:
        """On the loop, after a runaway: retire if another process answers, else wait (listed
        as waiting) and ask again later, until it may or its runaways have ended."""
        if self._is_retiring or self._is_asking_again:
            return
        if not self._threads.runaways:  # they ended by themselves while it waited
            self._roster.stay()
            return
        if self._roster.retire():
            self._is_retiring = True
            server = _uvicorn_server()
            _stop_accepting(server)
            self._shut_down(server, asyncio.get_running_loop().time() + _UNSENT_WAIT)
            return
        self._is_asking_again = True
        asyncio.get_running_loop().call_later(_RETRY_RETIREMENT, self._ask_again)

    def _shut_down(self, server: object | None, deadline: float) -> None:
        """uvicorn's graceful shutdown, once every connection accepted has sent its request
        (or at the deadline): the shutdown closes a connection that has not as idle, which left
        a client whose new connection this process had just accepted without an answer."""
        loop = asyncio.get_running_loop()
        if _holds_unsent(server) and loop.time() < deadline:
            loop.call_later(0.05, self._shut_down, server, deadline)
        else:
            os.kill(os.getpid(), signal.SIGTERM)

    def _ask_again(self) -> None:
        self._is_asking_again = False
        self._retire_when_possible()

    def _read_only(self) -> QueryRefused:
        return QueryRefused(
            f"this service is read-only: it is served by {self._settings.processes} processes "
            "(INNOGRAPH_PROCESSES), and only one process may write the store"
        )
