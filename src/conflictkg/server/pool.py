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
import signal
import sys
from dataclasses import dataclass

from conflictkg.query.sparql import at_memory_cap


class PoolError(Exception):
    """A request the pool could not answer. `error` is one of: timeout, busy, crashed, killed (by a
    signal of someone else's), memory (the worker died at its cap), or the worker's own error kinds
    (bad-query, refused, not-acceptable, too-large, memory, engine, unavailable, stale)."""

    def __init__(self, error: str, message: str):
        super().__init__(message)
        self.error = error
        self.message = message


@dataclass
class Answer:
    header: dict
    payload: bytes


LAST_WORDS_BYTES = 4096  # of a worker's stderr kept, to tell how it died


class Worker:
    def __init__(self, memory_mb: int, niceness: int = 0):
        self.memory_mb = memory_mb
        self.niceness = niceness
        self.proc: asyncio.subprocess.Process | None = None
        self.last_words = b""
        self._stderr: asyncio.Task | None = None

    async def start(self) -> "Worker":
        env = dict(os.environ, RUST_BACKTRACE="0", PYTHONDONTWRITEBYTECODE="1")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "conflictkg.server.worker", str(self.memory_mb), str(self.niceness),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
        )
        self._stderr = asyncio.ensure_future(self._pass_stderr())
        return self

    async def _pass_stderr(self) -> None:
        """The worker's stderr, passed on to the server's; its last words say how it died."""
        assert self.proc is not None and self.proc.stderr is not None
        while True:
            line = await self.proc.stderr.readline()
            if not line:
                return
            self.last_words = (self.last_words + line)[-LAST_WORDS_BYTES:]
            try:
                sys.stderr.buffer.write(line)
                sys.stderr.flush()
            except (OSError, ValueError, AttributeError):
                pass

    async def call(self, request: dict) -> Answer:
        assert self.proc is not None and self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            await self.proc.stdin.drain()
            line = await self.proc.stdout.readline()
            if not line:
                raise EOFError
            header = json.loads(line)
            payload = await self.proc.stdout.readexactly(int(header.get("length", 0)))
        except (EOFError, OSError, asyncio.IncompleteReadError):
            raise await self.death() from None
        return Answer(header, payload)

    async def death(self) -> PoolError:
        """Why the worker stopped: its memory cap only when its allocator said an allocation was
        refused (Rust aborts, SIGABRT); a signal of someone else's (a user's kill, the system's
        out-of-memory killer) is said as such, and blames no limit of the query."""

        assert self.proc is not None
        try:
            await asyncio.wait_for(self.proc.wait(), 5)
            if self._stderr is not None:
                await asyncio.wait_for(asyncio.shield(self._stderr), 1)
        except asyncio.TimeoutError:
            pass
        rc = self.proc.returncode
        if at_memory_cap(self.last_words.decode("utf-8", "replace")):
            return PoolError("memory", f"the query needed more than {self.memory_mb} MB, the memory limit of a query worker")
        if rc is not None and rc < 0:
            try:
                name = signal.Signals(-rc).name
            except ValueError:
                name = "unknown signal"
            return PoolError("killed", f"the query worker was killed by signal {-rc} ({name}), not by a limit of this "
                                       "query (another process, or the system's out-of-memory killer); try again")
        return PoolError("crashed", f"the query worker stopped (exit status {rc})")

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
            raise PoolError("crashed", f"the query worker answered nonsense ({type(exc).__name__})") from None
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
