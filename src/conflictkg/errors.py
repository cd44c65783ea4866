"""Errors a user can act on. The CLI prints their message on one line and exits with their code."""

from __future__ import annotations

# pySHACL's CLI contract, which we follow for every command.
EXIT_OK = 0
EXIT_FAILURE = 1  # violations, or a query/export that ran and failed its check
EXIT_USAGE = 2  # bad arguments, unreadable or unparseable input


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
