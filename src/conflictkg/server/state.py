"""What the server serves: its settings, and the current build of the embedded store.

The store (`conflictkg.storage.store`) is rebuilt into a new directory and published by replacing a
pointer file. The server reads the pointer on every request (cached on the pointer file's stat
data), so a build published by anyone (an accepted submission, `conflictkg build`, a rebuild by
`conflictkg query` after data/ changed) is served from the next request on, and the workers move to
it. A background task checks data/ every `refresh` seconds and rebuilds when it changed; an
accepted submission rebuilds at once, before its response, so what was added is visible to the
client that added it.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from conflictkg.core.errors import UserError
from conflictkg.core.paths import Project
from conflictkg.storage import store

ENV_WRITE_TOKEN = "CONFLICTKG_WRITE_TOKEN"


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0  # seconds a query may run
    result_limit: int = 10_000  # rows or triples a query may return
    max_request_bytes: int = 2 * 1024 * 1024
    base_url: str | None = None  # the public URL the server is reached at, if not http://host:port/
    workers: int = 2
    memory_mb: int = 2048
    max_result_bytes: int | None = None  # the largest answer a query may give; None: half of memory_mb
    refresh: float = 2.0  # seconds between checks of data/ (0: never)
    reason: bool = False
    write_token: str | None = field(default=None, repr=False)
    # Submissions (see conflictkg.server.admission): validations at once, and what a request
    # without the write token may ask (a smaller body, a shorter time, a few at once per address).
    validations: int = 2
    validation_timeout: float = 60.0  # seconds a token holder's validation may take
    anonymous_timeout: float = 10.0  # seconds an anonymous validation may take
    anonymous_max_request_bytes: int = 256 * 1024
    anonymous_per_client: int = 1  # anonymous validations in progress per client address
    validation_queue: int = 8  # anonymous validations waiting for a slot; beyond, 503
    validation_wait: float = 30.0  # seconds any request waits for a slot; then 503
    # Slow clients (see conflictkg.server.protocol).
    header_timeout: float = 10.0  # seconds a request's headers may take to arrive
    body_timeout: float = 60.0  # seconds its body may take, from the end of its headers
    max_connections: int = 512  # open connections; past it, 503 as they connect

    def __post_init__(self):
        if self.timeout <= 0:
            raise UserError("--timeout must be a positive number of seconds")
        if self.result_limit < 1:
            raise UserError("--result-limit must be at least 1")
        if self.max_request_bytes < 1024:
            raise UserError("--max-request-size must be at least 1024 bytes")
        if self.workers < 1:
            raise UserError("--workers must be at least 1")
        if self.memory_mb < 256:
            raise UserError("--memory-limit must be at least 256 (MB)")
        if self.max_result_bytes is None:
            # The worker holds the answer while it is written out: half its memory leaves room to make it.
            self.max_result_bytes = self.memory_mb * 1024 * 1024 // 2
        if self.max_result_bytes < 1024:
            raise UserError("--max-result-size must be at least 1024 bytes")
        if self.validations < 1:
            raise UserError("--validations must be at least 1")
        if self.validation_timeout <= 0:
            raise UserError("--validation-timeout must be positive (seconds)")
        if self.anonymous_timeout <= 0:
            raise UserError("--anonymous-timeout must be positive (seconds)")
        if self.anonymous_max_request_bytes < 1024:
            raise UserError("--anonymous-max-request-size must be at least 1024 bytes")
        # Never more for anonymous requests than for token holders.
        self.anonymous_max_request_bytes = min(self.anonymous_max_request_bytes, self.max_request_bytes)
        self.anonymous_timeout = min(self.anonymous_timeout, self.validation_timeout)
        if self.anonymous_per_client < 1:
            raise UserError("--anonymous-per-client must be at least 1")
        if self.validation_queue < 0:
            raise UserError("--validation-queue must be 0 or more")
        if self.validation_wait <= 0:
            raise UserError("--validation-wait must be a positive number of seconds")
        if self.header_timeout <= 0:
            raise UserError("--header-timeout must be a positive number of seconds")
        if self.body_timeout <= 0:
            raise UserError("--body-timeout must be a positive number of seconds")
        if self.max_connections < 1:
            raise UserError("--max-connections must be at least 1")
        if self.base_url:

            parts = urlsplit(self.base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise UserError(f"--base-url {self.base_url!r}: expected an http:// or https:// URL")
            self.base_url = self.base_url.rstrip("/")

    @property
    def public_url(self) -> str:
        return self.base_url or f"http://{self.host}:{self.port}"

    @property
    def writes_enabled(self) -> bool:
        return bool(self.write_token)


class StoreState:
    """The current build, re-read when its pointer changes; rebuilds in a thread, one at a time."""

    def __init__(self, project: Project, *, reason: bool = False):
        self.project = project
        self.reason = reason
        self.variant = "reasoned" if reason else "base"
        self.layout = store.Layout(project)
        self._stat: tuple | None = None
        self._build = None
        self._lock = asyncio.Lock()
        self.generation = 0  # bumped whenever the build changes (caches key on the build name)

    def _ensure(self):
        build, _ = store.ensure(self.project, reason=self.reason, progress=False)
        return build

    async def refresh(self) -> None:
        """Rebuild if ontology/ or data/ changed (in a thread: the event loop goes on)."""
        async with self._lock:
            await asyncio.to_thread(self._ensure)

    def current(self):
        """The published build (pointer re-read only when the pointer file changed)."""
        pointer = self.layout.pointer(self.variant)
        try:
            st = pointer.stat()
        except FileNotFoundError:
            raise UserError("the embedded store has not been built") from None
        key = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
        if key != self._stat or self._build is None:
            data = self.layout.read_pointer(self.variant)
            if data is None:
                raise UserError("the embedded store pointer cannot be read")
            build = self.layout.build_of(self.variant, data)
            if self._build is None or build.path != self._build.path:
                self.generation += 1
            self._build, self._stat = build, key
        return self._build

    def request_fields(self) -> dict:
        build = self.current()
        return {"store": str(build.path), "lock": str(build.lock_path)}

    @property
    def build_name(self) -> str:
        return self.current().path.name


async def refresher(state: StoreState, every: float) -> None:
    """Check data/ every `every` seconds; rebuild when it changed. Errors (a file being edited
    that does not parse yet) leave the current build in place and are retried."""

    log = logging.getLogger("conflictkg.serve")
    last_error = None
    while True:
        await asyncio.sleep(every)
        try:
            await state.refresh()
            last_error = None
        except UserError as exc:
            if exc.message != last_error:
                log.warning("the store was not rebuilt: %s (still serving the last good build)", exc.message)
            last_error = exc.message
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # keep serving whatever happens to one refresh
            log.warning("the store refresh failed: %s", exc)


def token_from_env() -> str | None:
    token = os.environ.get(ENV_WRITE_TOKEN, "")
    return token or None


def package_dir() -> Path:
    return Path(__file__).resolve().parent
