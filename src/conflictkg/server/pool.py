"""Pools of query workers (`conflictkg.server.worker`), driven from the event loop.

The server keeps two: one for its own queries (pages, stored queries, charts, linked data) and one
for ad hoc SPARQL from anyone, whose workers also run at a lower CPU priority. However many
expensive ad hoc queries arrive, they queue among themselves: pages and stored queries never wait
behind them for a worker, and get the CPU first.

Each request takes an idle worker, writes one JSON line to it and awaits the answer with the time
limit; the event loop is never blocked, so pages, other queries and submissions go on while a
slow query runs. A worker that runs past the limit is killed and replaced, which is the only way
to stop a query in progress. A request that finds no idle worker within the time limit is
answered "busy" rather than queued forever.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from dataclasses import dataclass


class PoolError(Exception):
    """A request the pool could not answer. `error` is one of: timeout, busy, crashed, or the
    worker's own error kinds (bad-query, refused, not-acceptable, too-large, memory, engine,
    unavailable, stale)."""

    def __init__(self, error: str, message: str):
        super().__init__(message)
        self.error = error
        self.message = message


@dataclass
class Answer:
    header: dict
    payload: bytes


class Worker:
    def __init__(self, memory_mb: int, niceness: int = 0):
        self.memory_mb = memory_mb
        self.niceness = niceness
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> "Worker":
        env = dict(os.environ, RUST_BACKTRACE="0", PYTHONDONTWRITEBYTECODE="1")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "conflictkg.server.worker", str(self.memory_mb), str(self.niceness),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
        )
        return self

    async def call(self, request: dict) -> Answer:
        assert self.proc is not None and self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
        await self.proc.stdin.drain()
        line = await self.proc.stdout.readline()
        if not line:
            raise PoolError("crashed", "the query worker stopped (it may have run out of memory)")
        header = json.loads(line)
        payload = await self.proc.stdout.readexactly(int(header.get("length", 0)))
        return Answer(header, payload)

    async def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
            await self.proc.wait()


class QueryPool:
    def __init__(self, size: int, memory_mb: int, *, niceness: int = 0):
        self.size = max(1, size)
        self.memory_mb = memory_mb
        self.niceness = niceness
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._all: set[Worker] = set()
        self._closed = False

    async def start(self) -> None:
        workers = await asyncio.gather(*(Worker(self.memory_mb, self.niceness).start() for _ in range(self.size)))
        for w in workers:
            self._all.add(w)
            self._idle.put_nowait(w)
        # Load pyoxigraph in every worker before the first real request.
        await asyncio.gather(*(self.run({"op": "ping"}, timeout=60) for _ in range(self.size)))

    async def _replace(self, dead: Worker) -> None:
        self._all.discard(dead)
        await dead.kill()
        if self._closed:
            return
        fresh = await Worker(self.memory_mb, self.niceness).start()
        self._all.add(fresh)
        self._idle.put_nowait(fresh)

    async def run(self, request: dict, *, timeout: float) -> Answer:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except asyncio.TimeoutError:
            raise PoolError("busy", f"every query worker stayed busy for {timeout:g} s; try again later") from None
        try:
            answer = await asyncio.wait_for(worker.call(request), max(0.1, deadline - loop.time()))
        except asyncio.TimeoutError:
            await self._replace(worker)
            raise PoolError("timeout", f"the query was stopped after {timeout:g} s, the server's time limit") from None
        except (PoolError, OSError, ValueError, asyncio.IncompleteReadError) as exc:
            await self._replace(worker)
            if isinstance(exc, PoolError):
                raise
            raise PoolError("crashed", "the query worker stopped (it may have run out of memory)") from None
        except BaseException:
            # Cancelled (the client went away): the worker's state is unknown, so replace it.
            asyncio.ensure_future(self._replace(worker))
            raise
        self._idle.put_nowait(worker)
        if not answer.header.get("ok"):
            raise PoolError(answer.header.get("error", "engine"), answer.header.get("message", "the query failed"))
        return answer

    async def close(self) -> None:
        self._closed = True
        await asyncio.gather(*(w.kill() for w in list(self._all)), return_exceptions=True)
        self._all.clear()
