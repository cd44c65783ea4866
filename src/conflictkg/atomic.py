"""Atomic file writes: a reader sees the old file or the new one, never a part, and a crash leaves
one of the two. Standard library only, so that commands that write no RDF (`conflictkg query`)
need not import rdflib for them."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterator


@contextmanager
def atomic_writer(path: Path, *, tmp_dir: Path | None = None, buffering: int = -1,
                  before_replace: Callable[[], None] | None = None) -> Iterator[BinaryIO]:
    """A binary stream that replaces `path` only when the block ends without an exception, so
    readers see the old file or the new one, never a mix, and a failure leaves the old file.

    Write to a temporary file in the same directory, fsync it, rename it over the target, then
    fsync the directory so the rename itself survives a crash. With `tmp_dir` (on the same file
    system) the temporary file is made there instead, so that a process killed before the rename
    leaves nothing at all in the target's directory. `before_replace` runs just before the rename.
    """
    path = Path(path)
    directory = path.parent
    if tmp_dir is not None:
        Path(tmp_dir).mkdir(parents=True, exist_ok=True)
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=tmp_dir or directory)
    try:
        with os.fdopen(fd, "wb", buffering=buffering) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, (path.stat().st_mode & 0o777) if path.exists() else 0o644)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def atomic_write_bytes(path: Path, data: bytes, *, tmp_dir: Path | None = None,
                       before_replace: Callable[[], None] | None = None) -> None:
    """Replace `path` with `data` atomically (see `atomic_writer`)."""
    with atomic_writer(path, tmp_dir=tmp_dir, before_replace=before_replace) as fh:
        fh.write(data)


def atomic_write_text(path: Path, text: str, **options) -> None:
    """`atomic_write_bytes` of the UTF-8 text (same keyword options)."""
    atomic_write_bytes(path, text.encode("utf-8"), **options)
