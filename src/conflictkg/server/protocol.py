"""The HTTP/1.1 protocol of `conflictkg serve`: uvicorn's h11 protocol, with the limits it lacks.

uvicorn (0.55 as installed) has a keep-alive timeout (`timeout_keep_alive`: idle between
requests) and a header size limit (h11's 16 KB), but no time limit on receiving a request: a client
that sends its headers, or its body, a byte every few seconds keeps its connection, and its file
descriptor, for ever. Three hundred such clients exhausted the server's descriptors and every
request timed out. Its `limit_concurrency` answers 503 only once a request has been received, so
connections that never finish one are not turned away by it. This protocol adds:

- a header timeout: a request's headers must arrive within `header_timeout` seconds of its first
  byte (of the connection, for the first request), however slowly they trickle;
- a body timeout: its body must arrive within `body_timeout` seconds of the end of its headers;
- a connection cap: past `max_connections` open connections (or requests still being answered),
  a new connection is answered 503 with `Retry-After` as soon as it is accepted, without reading a
  request, and closed a second later (what it sends meanwhile is read and dropped: closing with
  unread data would reset the connection, and the client might not see the 503). Past twice the
  cap, it is closed at once. So a flood holds at most twice `max_connections` descriptors, and
  `max_connections` once its refused connections are closed.

A client cut off by a timeout gets `408 Request Timeout` (if nothing was answered yet) and the
connection is closed; the application sees the client go (`http.disconnect`), as when a client
hangs up.
"""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

LINGER = 1.0  # seconds a refused connection is read (and ignored) before it is closed


def _plain(status: bytes, message: bytes, extra: bytes = b"") -> bytes:
    return (b"HTTP/1.1 " + status + b"\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n" + extra
            + b"content-length: " + str(len(message)).encode() + b"\r\n\r\n" + message)


REQUEST_TIMEOUT = _plain(b"408 Request Timeout", b"the request was not received in time\n")
BUSY = _plain(b"503 Service Unavailable", b"too many connections: try again shortly\n", b"retry-after: 1\r\n")


class BoundedH11Protocol(H11Protocol):
    """H11Protocol with header and body timeouts and a connection cap (class attributes, set by
    `protocol_class`)."""

    header_timeout: float = 10.0
    body_timeout: float = 60.0
    max_connections: int = 512

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._timer = None
        self._timing: str | None = None
        self._refused = False
        if len(self.connections) > self.max_connections or len(self.tasks) >= self.max_connections:
            self._refuse()
            return
        self._arm("header", self.header_timeout)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # read and dropped: closing with unread data would reset, and lose the 503
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self._refused:
            self._follow()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    # -------------------------------------------------------------------------------------------

    def _follow(self) -> None:
        """Arm the timer the request's state calls for: headers (waiting for a request that has
        begun), body (headers in, body not yet), or none (request in, or an idle keep-alive
        connection, which uvicorn's `timeout_keep_alive` closes)."""
        state = self.conn.their_state
        if state is h11.IDLE:
            if self.conn.trailing_data[0] and self._timing != "header":
                self._arm("header", self.header_timeout)  # the next request has begun
        elif state is h11.SEND_BODY:
            if self._timing != "body":
                self._arm("body", self.body_timeout)
        else:
            self._disarm()

    def _arm(self, what: str, seconds: float) -> None:
        self._disarm()
        self._timing = what
        self._timer = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if getattr(self, "_timer", None) is not None:
            self._timer.cancel()
        self._timer, self._timing = None, None

    def _expired(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        if (self._timing == "header" and state is h11.IDLE) or (self._timing == "body" and state is h11.SEND_BODY):
            if self.cycle is None or not self.cycle.response_started:
                self.transport.write(REQUEST_TIMEOUT)
            self.transport.close()  # the application's receive() then says http.disconnect
        self._timing = None

    def _refuse(self) -> None:
        self._refused = True
        self.transport.write(BUSY)
        if len(self.connections) > 2 * self.max_connections:
            self.transport.close()  # a flood: descriptors first, politeness second
            return
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER, self.transport.close)


def protocol_class(header_timeout: float, body_timeout: float, max_connections: int) -> type[BoundedH11Protocol]:
    """A BoundedH11Protocol with these limits, for `uvicorn.Config(http=...)`."""
    return type("ConflictkgH11Protocol", (BoundedH11Protocol,), {
        "header_timeout": header_timeout, "body_timeout": body_timeout, "max_connections": max_connections,
    })
