"""Atomic file writes: a reader sees the old file or the new one, never a part, and a crash leaves
one of the two. Standard library only, so that commands that write no RDF (`conflictkg query`)
need not import rdflib for them.

The temporary file is always made beside its target, as a hidden `.NAME.XXXX.tmp`: a rename
within one folder never crosses file systems (a `data/` that is a mount or a symlink to another
disk used to fail every write with EXDEV), and every reader of the project's folders skips hidden
files. A file system that refuses the write (full, read-only, no permission, name too long)
raises `conflictkg.core.errors.StorageError`, one line, with the target untouched and the temporary
file removed.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from conflictkg.core.errors import StorageError

TMP_SUFFIX = ".tmp"


def temporary_files(directory: Path) -> list[Path]:
    """The temporary files `atomic_writer` may have left in `directory` when its process was killed
    between writing and renaming. Only a caller that holds the writers' lock may delete them."""
    directory = Path(directory)
    return sorted(directory.glob(f".*{TMP_SUFFIX}")) if directory.is_dir() else []


@contextmanager
def atomic_writer(path: Path, *, buffering: int = -1,
                  before_replace: Callable[[], None] | None = None) -> Iterator[BinaryIO]:
    """A binary stream that replaces `path` only when the block ends without an exception, so
    readers see the old file or the new one, never a mix, and a failure leaves the old file.

    Write to a hidden temporary file in the same folder, fsync it, rename it over the target, then
    fsync the folder so the rename itself survives a crash. `before_replace` runs just before the
    rename.
    """
    path = Path(path)
    if _special(path):
        # A device, FIFO or socket (`-o /dev/null`, `-o /dev/stdout`, a named pipe): written in place.
        # Renaming a file over it would replace the device itself (as root, /dev/null became a file).
        yield from _write_in_place(path, buffering)
        return
    directory = path.parent
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # The temporary name is bounded whatever the target's length: ".<up to 100 bytes>.XXXXXXXX.tmp".
        stem = path.name.encode("utf-8")[:100].decode("utf-8", "ignore")
        fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=TMP_SUFFIX, dir=directory)
        with os.fdopen(fd, "wb", buffering=buffering) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, (path.stat().st_mode & 0o777) if path.exists() else 0o644)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
        tmp = None
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        raise StorageError.from_os_error(exc, f"cannot write {path}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _special(path: Path) -> bool:
    """Does `path` name something other than a regular file or a missing one?"""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_in_place(path: Path, buffering: int) -> Iterator[BinaryIO]:
    try:
        with open(path, "wb", buffering=buffering) as fh:
            yield fh
    except OSError as exc:
        raise StorageError.from_os_error(exc, f"cannot write {path}") from None


def atomic_write_bytes(path: Path, data: bytes, *, before_replace: Callable[[], None] | None = None) -> None:
    """Replace `path` with `data` atomically (see `atomic_writer`)."""
    with atomic_writer(path, before_replace=before_replace) as fh:
        fh.write(data)


def atomic_write_text(path: Path, text: str, **options) -> None:
    """`atomic_write_bytes` of the UTF-8 text (same keyword options)."""
    atomic_write_bytes(path, text.encode("utf-8"), **options)
