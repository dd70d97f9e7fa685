"""Kept-alive HTTP connections to a remote store's query URL, one per thread.

A query through SPARQLWrapper (urllib) opens a TCP connection, sends, reads and closes it:
on a one-organisation lookup that is a third of what innograph adds in front of the store
(benchmarks/README.md, bench_remote: connect, the socket's file, close, and the store's own
accept). Here each thread keeps one connection (`http.client`, the standard library's; urllib
has no pool) and reuses it. A query is safe to send twice, so a connection the store closed
meanwhile (Virtuoso's KeepAliveTimeout, a restart) is opened again and the query resent once.
"""

from __future__ import annotations

import http.client
import socket
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Connections", "Answer"]

_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)
"""What a request on a connection the store has closed meets."""


@dataclass(frozen=True)
class Answer:
    """An HTTP answer, read whole."""

    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes


class Connections:
    """The connections of every thread to one URL (POST only)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._kind = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        self._host = parts.hostname or ""
        self._port = parts.port
        self._target = parts.path + ("?" + parts.query if parts.query else "")
        self._local = threading.local()
        self._opened: weakref.WeakSet[http.client.HTTPConnection] = weakref.WeakSet()
        self._lock = threading.Lock()

    def post(self, body: bytes, headers: Mapping[str, str], *, timeout: float) -> Answer:
        """Send a POST on this thread's connection (a new one if it has none, or if the one
        it had was closed by the store); return the answer. OSError as the socket raises it."""
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        reused = connection is not None
        if connection is None:
            connection = self._open()
        try:
            return self._send(connection, body, headers, timeout)
        except _STALE:
            self._forget(connection)
            if not reused:
                raise
        except BaseException:
            self._forget(connection)
            raise
        connection = self._open()
        try:
            return self._send(connection, body, headers, timeout)
        except BaseException:
            self._forget(connection)
            raise

    def close(self) -> None:
        """Close every thread's connection (a thread's next request opens another)."""
        with self._lock:
            opened = list(self._opened)
            self._opened.clear()
        for connection in opened:
            connection.close()

    def _send(
        self,
        connection: http.client.HTTPConnection,
        body: bytes,
        headers: Mapping[str, str],
        timeout: float,
    ) -> Answer:
        connection.timeout = timeout
        if connection.sock is not None:
            connection.sock.settimeout(timeout)
        connection.request("POST", self._target, body=body, headers=dict(headers))
        response = connection.getresponse()
        answer = Answer(response.status, response.reason, response.headers, response.read())
        if response.will_close:
            self._forget(connection)
        return answer

    def _open(self) -> http.client.HTTPConnection:
        connection = self._kind(self._host, self._port)
        connection.connect()
        # http.client sends the headers and the body apart: without this the body may wait
        # for the store's acknowledgement of the headers (Nagle's algorithm).
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # A thread that ends drops its connection, and a store never closed its own: the
        # socket is closed when the connection goes.
        weakref.finalize(connection, connection.sock.close)
        self._local.connection = connection
        with self._lock:
            self._opened.add(connection)
        return connection

    def _forget(self, connection: http.client.HTTPConnection) -> None:
        connection.close()
        self._local.connection = None
        with self._lock:
            self._opened.discard(connection)
