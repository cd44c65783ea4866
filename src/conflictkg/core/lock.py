"""The lock that serialises writers of data/: an fcntl lock on `.conflictkg/data.lock`.

The kernel releases the lock when its holder exits, killed or not, so a crashed `submit` never
leaves the project locked.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from contextlib import contextmanager
from typing import Iterator

from conflictkg.core.errors import EXIT_FAILURE, UserError
from conflictkg.core.paths import Project

ENV_TIMEOUT = "CONFLICTKG_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 300.0


def lock_path(project: Project):
    return project.cache_dir / "data.lock"


@contextmanager
def data_lock(project: Project, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock on data/ for the duration of the block; wait up to `timeout`
    seconds (default $CONFLICTKG_LOCK_TIMEOUT or 300) for another holder to finish."""
    if timeout is None:
        try:
            timeout = float(os.environ.get(ENV_TIMEOUT, DEFAULT_TIMEOUT))
        except ValueError:
            raise UserError(f"${ENV_TIMEOUT} must be a number of seconds") from None
    path = lock_path(project)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise UserError(f"cannot open the lock file {path}: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + timeout
        delay = 0.01
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise UserError(f"cannot lock {path}: {exc.strerror}") from None
            if time.monotonic() >= deadline:
                raise UserError(
                    f"data/ is locked by another writer (lock file {path}) and stayed locked for {timeout:g}s: "
                    "try again later", exit_code=EXIT_FAILURE)
            time.sleep(delay)
            delay = min(delay * 1.5, 0.2)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
