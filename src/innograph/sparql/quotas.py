"""Each client's share of the query workers: how many queries one address may have at once.

Without a share, one client sending queries in parallel (a crawler, a misbehaving script, an
attack) takes every worker, and every other user waits for its queries to finish or be
stopped. With one, its extra queries are refused at once (429), and the others are served.
The count covers queries waiting for a worker as well as running ones, so a client cannot
fill the queue either. A request without a known address (a query from the library itself,
an update's rehearsal) is not counted.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from innograph.errors import TooManyQueries

__all__ = ["ClientQuotas"]


class ClientQuotas:
    """Queries in progress per client address, at most `per_client` each."""

    def __init__(self, per_client: int) -> None:
        self.per_client = per_client
        self._lock = threading.Lock()
        self._in_progress: collections.Counter[str] = collections.Counter()

    @contextmanager
    def admitted(self, client: str | None) -> Iterator[None]:
        """Count one query of `client` while the block runs; TooManyQueries if it has its
        share already."""
        if client is None:
            yield
            return
        with self._lock:
            if self._in_progress[client] >= self.per_client:
                raise TooManyQueries(
                    f"this client already has {self.per_client} queries in progress, as many as "
                    "this service runs for one client at once (INNOGRAPH_QUERIES_PER_CLIENT); "
                    "send the next one when one of them has been answered"
                )
            self._in_progress[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._in_progress[client] -= 1
                if not self._in_progress[client]:
                    del self._in_progress[client]
