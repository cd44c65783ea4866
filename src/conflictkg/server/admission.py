"""Who may validate a submission now: the server's few validation slots, shared fairly.

Validating a submission forks a sandboxed worker that may use a CPU for seconds; the server runs
only a few at once (`--validations`). Anyone may ask for a dry run, only token holders may write,
and a write must not wait behind a crowd of anonymous dry runs (eight 2 MB dry runs once held a
1.3 s write for 66 s). So:

- a write (a request with the write token) waiting for a slot always gets the next one before any
  waiting anonymous request, whatever their order of arrival; within each kind, first come first
  served;
- anonymous requests may queue only so deep (`queue`): beyond, 503 at once;
- nobody waits longer than `wait` seconds for a slot: then 503, never an endless wait;
- each anonymous client (by address) has at most `per_client` requests in progress, uploads
  included: beyond, 429 at once.

Every refusal is a `Busy` with its status and the seconds to say in `Retry-After`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import AsyncIterator


class Busy(Exception):
    """The server will not validate this now: answer `status` (429 or 503) with `Retry-After`."""

    def __init__(self, status: int, message: str, retry_after: int):
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


class ValidationGate:
    def __init__(self, slots: int, *, queue: int, wait: float, per_client: int = 1,
                 client_retry: int = 5, busy_retry: int = 10):
        self.slots = max(1, slots)
        self.queue = max(0, queue)
        self.wait = wait
        self.per_client = max(1, per_client)
        self.client_retry = client_retry
        self.busy_retry = busy_retry
        self.running = 0
        self._writes: deque[asyncio.Future] = deque()
        self._anonymous: deque[asyncio.Future] = deque()
        self.clients: dict[str, int] = {}

    @property
    def waiting(self) -> int:
        return sum(not f.done() for f in self._writes) + sum(not f.done() for f in self._anonymous)

    def stats(self) -> dict:
        return {"slots": self.slots, "running": self.running, "waiting": self.waiting,
                "waiting_writes": sum(not f.done() for f in self._writes)}

    @contextlib.asynccontextmanager
    async def slot(self, *, trusted: bool) -> AsyncIterator[None]:
        """Hold a validation slot for the block; `trusted`: the request carries the write token."""
        await self._acquire(trusted)
        try:
            yield
        finally:
            self._release()

    @contextlib.asynccontextmanager
    async def client(self, address: str | None) -> AsyncIterator[None]:
        """Count an anonymous request of `address` for the block (its upload and its validation)."""
        key = address or "?"
        held = self.clients.get(key, 0)
        if held >= self.per_client:
            raise Busy(429, f"this address already has {held} validation(s) in progress without the write token "
                            f"(at most {self.per_client} at once): wait for them to finish", self.client_retry)
        self.clients[key] = held + 1
        try:
            yield
        finally:
            left = self.clients[key] - 1
            if left:
                self.clients[key] = left
            else:
                del self.clients[key]

    async def _acquire(self, trusted: bool) -> None:
        if self.running < self.slots and not self.waiting:
            self.running += 1
            return
        if not trusted and sum(not f.done() for f in self._anonymous) >= self.queue:
            raise Busy(503, f"the validation queue is full (every slot taken, {self.queue} more waiting): "
                            "try again later", self.busy_retry)
        line = self._writes if trusted else self._anonymous
        granted = asyncio.get_running_loop().create_future()
        line.append(granted)
        try:
            async with asyncio.timeout(self.wait):
                await granted
        except BaseException as exc:
            if granted.done() and not granted.cancelled():
                self._release()  # the slot was handed over just as this request gave up: pass it on
            else:
                granted.cancel()
                with contextlib.suppress(ValueError):
                    line.remove(granted)
            if isinstance(exc, TimeoutError):
                raise Busy(503, f"no validation slot came free within {self.wait:g} s: try again later",
                           self.busy_retry) from None
            raise

    def _release(self) -> None:
        self.running -= 1
        # Hand the free slots on: waiting writes first, then anonymous requests, each in order.
        while self.running < self.slots:
            line = self._writes if self._writes else self._anonymous
            if not line:
                return
            granted = line.popleft()
            if granted.done():  # its request gave up meanwhile
                continue
            granted.set_result(None)
            self.running += 1
