"""Answer `/sparql` from a remote store: the query pool's rules without its worker processes.

In front of the embedded store, queries run in worker processes so that one past its time
limit can be killed (`innograph.sparql.execution`). A remote store runs its queries itself:
the HTTP request to it is sent with the time limit as its timeout, and a query past it is
abandoned (`innograph.store.endpoint`). Everything else is the same: the screening (SERVICE,
LOAD, shape limits), each client's share (`Admission.per_client`), at most
`Admission.concurrency` queries at once with `Admission.queue_wait` to wait for a turn, the
result limit, and writes held by `writing()`.

A SPARQL Update is sent to the remote store as it is, in one request with the version's move.
The embedded store rehearses an update on a copy of itself to learn which graphs it changes,
for SHACL and for the inferred graph; a remote store cannot be copied, so with shapes or
reasoning configured an update is refused (the Graph Store protocol and `innograph load`
validate and reason as always).
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from innograph.errors import QueryRefused, QueryTimeout
from innograph.settings import Settings
from innograph.sparql.messages import QueryJob
from innograph.sparql.quotas import ClientQuotas
from innograph.sparql.results import Answer, write_answer
from innograph.sparql.screening import check_update, screen_as_configured
from innograph.store import Store
from innograph.store.remote import RemoteStore

if TYPE_CHECKING:
    from innograph.ingest.validation import Validator

__all__ = ["RemoteQueries"]


class RemoteQueries:
    """The query service in front of a remote store (the embedded one's: `QueryPool`)."""

    def __init__(self, store: RemoteStore, settings: Settings) -> None:
        self._store = store
        self._settings = settings
        self.timeout = settings.query_timeout
        self.result_limit = settings.result_limit
        self.reasoning = settings.reasoning
        self._quotas = ClientQuotas(settings.admission.per_client)
        self._turns = threading.BoundedSemaphore(settings.admission.concurrency)
        self._write_lock = threading.Lock()
        self._answers = Path(tempfile.mkdtemp(prefix="innograph-answers-"))

    @property
    def version(self) -> str:
        return self._store.version

    def start(self) -> RemoteQueries:
        return self

    def close(self) -> None:
        shutil.rmtree(self._answers, ignore_errors=True)

    def run(self, job: QueryJob, *, client: str | None = None) -> Answer:
        """Given a job, return its answer; QueryTimeout past the time limit (see `QueryPool`)."""
        screened, use_query_dataset = self._screen(job)
        with self._quotas.admitted(client), self._turn():
            return self._answer(screened, use_query_dataset)

    async def run_async(self, job: QueryJob, *, client: str | None = None) -> Answer:
        """Like `run`, on a thread: the event loop goes on while the remote store answers."""
        screened, use_query_dataset = self._screen(job)
        with self._quotas.admitted(client):
            return await asyncio.to_thread(self._take_turn_and_answer, screened, use_query_dataset)

    def _take_turn_and_answer(self, job: QueryJob, use_query_dataset: bool) -> Answer:
        with self._turn():
            return self._answer(job, use_query_dataset)

    def _screen(self, job: QueryJob) -> tuple[QueryJob, bool]:
        return screen_as_configured(job, self._settings)

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """One of the `Admission.concurrency` queries at once, waited for `queue_wait` at most."""
        admission = self._settings.admission
        if not self._turns.acquire(timeout=admission.queue_wait):
            raise QueryTimeout(
                f"no turn to query the remote store came within {admission.queue_wait:g} s: "
                f"{admission.concurrency} queries are running (INNOGRAPH_QUERY_QUEUE_WAIT, "
                "INNOGRAPH_QUERY_CONCURRENCY)",
                timeout=admission.queue_wait,
            )
        try:
            yield
        finally:
            self._turns.release()

    def _answer(self, job: QueryJob, use_query_dataset: bool) -> Answer:
        version = self._store.version
        result = self._store.query(
            job.text,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            use_query_dataset=use_query_dataset,
            timeout=self.timeout,
            max_rows=self.result_limit + 1,  # one more tells the answer was cut at the limit
        )
        spill = self._answers / uuid.uuid4().hex
        answer = write_answer(result, formats=job.formats, limit=self.result_limit, spill=spill)
        return replace(answer, version=version)

    def update(
        self,
        sparql: str,
        *,
        validator: Validator | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        """Run a SPARQL Update on the remote store (screened as on the embedded one); refused
        when shapes or reasoning would need to know what it changes (see the module)."""
        check_update(
            sparql, service_allow=self._settings.service_allow, limits=self._settings.query_limits
        )
        if validator is not None or self.reasoning:
            raise QueryRefused(
                "SPARQL Update through innograph on a remote store cannot be checked against "
                "the SHACL shapes nor reasoned over (the store cannot be copied to rehearse it): "
                "write graphs with the Graph Store protocol or `innograph load`, or set "
                "INNOGRAPH_REASONING=off and INNOGRAPH_SHAPES= (empty) to send updates as they are"
            )
        with self.writing() as store:
            store.update(sparql)

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """Hold the store for one write of this process: writes here go one at a time."""
        with self._write_lock:
            yield self._store
