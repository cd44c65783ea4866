"""Errors a user can act on. The CLI prints their message on one line and exits with their code."""

from __future__ import annotations

import errno as _errno

# pySHACL's CLI contract, which we follow for every command, plus one code of our own for a file
# system that refuses a write (so a script can tell "fix your input" from "fix your disk").
EXIT_OK = 0
EXIT_FAILURE = 1  # violations, or a query/export that ran and failed its check
EXIT_USAGE = 2  # bad arguments, unreadable or unparseable input
EXIT_STORAGE = 3  # the file system refused a write: disk full, read-only, no permission, name too long


class UserError(Exception):
    """A problem with the user's input or environment, reported without a traceback."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self)


# What to tell the user for each file-system refusal, and the HTTP status a server answers with.
_STORAGE_REASONS = {
    _errno.ENOSPC: ("the disk is full: free some space and try again", 507),
    _errno.EDQUOT: ("the disk quota is exhausted: free some space and try again", 507),
    _errno.EROFS: ("the file system is read-only: make it writable, or work in a writable copy", 503),
    _errno.EACCES: ("permission denied: check the folder's owner and permissions", 503),
    _errno.EPERM: ("operation not permitted: check the folder's owner and permissions", 503),
    _errno.EXDEV: ("the target is on another file system than its temporary file", 503),
    _errno.ENAMETOOLONG: ("the file name is too long for this file system", 503),
    _errno.EIO: ("input/output error: the disk may be failing", 503),
}


class StorageError(UserError):
    """The file system refused to store something (exit 3; over HTTP 507 for a full disk, else 503).

    Nothing was written: every write in the project goes through a temporary file renamed into place.
    """

    exit_code = EXIT_STORAGE

    def __init__(self, message: str, *, errno_code: int | None = None):
        super().__init__(message)
        self.errno_code = errno_code

    @property
    def http_status(self) -> int:
        return _STORAGE_REASONS.get(self.errno_code, ("", 503))[1]

    @classmethod
    def from_os_error(cls, exc: OSError, doing: str) -> "StorageError":
        """`doing` says what failed ("cannot write data/submissions/x.ttl"); the reason follows."""
        reason = _STORAGE_REASONS.get(exc.errno, (exc.strerror or str(exc), 503))[0]
        return cls(f"{doing}: {reason}; nothing was written", errno_code=exc.errno)
