"""Writing command output safely: to stdout, or to a file that is replaced only when complete,
with an optional progress indicator on stderr."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from conflictkg.core.errors import UserError
from conflictkg.core.atomic import atomic_writer


@contextmanager
def open_output(path: str | Path) -> Iterator[BinaryIO]:
    """A binary stream for `path` ("-" is stdout).

    A file is written to a temporary file in the same folder, flushed to disk and renamed over
    `path` only when the block finishes without an exception, so a failed or interrupted export
    leaves the previous file untouched (rdflib's `serialize(destination=...)` truncates it first).
    """
    if str(path) == "-":
        out = sys.stdout.buffer
        yield out
        out.flush()
        return
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file name")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise UserError(f"{path}: folder {directory} does not exist")
    with atomic_writer(path, buffering=1 << 20) as fh:
        yield fh


def refuse_project_sources(path: str | Path, project) -> None:
    """Refuse to write derived output over the curated files (data/, ontology/, shapes/)."""
    if str(path) == "-":
        return
    target = Path(path).resolve()
    for folder in (project.data_dir, project.ontology_dir, project.shapes_dir):
        try:
            target.relative_to(folder.resolve())
        except ValueError:
            continue
        raise UserError(f"{path}: refusing to write derived output into {folder.name}/, which holds curated files")


# CONFLICTKG_PROGRESS=eager: progress displays start at once and redraw on every update, instead
# of after a moment and at most a few times a second. For tests (what a terminal shows must not
# depend on how fast the machine is) and screen recordings; it changes nothing else.
PROGRESS_ENV = "CONFLICTKG_PROGRESS"


def eager_progress() -> bool:
    return os.environ.get(PROGRESS_ENV, "") == "eager"


class Progress:
    """`progress(n)` callback that shows "label: n/total (p%)" on stderr, at most five times a
    second (every update with CONFLICTKG_PROGRESS=eager), when enabled (by default: stderr is a
    terminal and the job is large)."""

    def __init__(self, total: int, label: str, enabled: bool | None = None, unit: str = "triples"):
        self.total = max(total, 1)
        self.label = label
        self.unit = unit
        if enabled is None:
            enabled = sys.stderr.isatty() and total >= 50_000
        self.enabled = enabled
        self._last = 0.0
        self._shown = False
        self._interval = 0.0 if eager_progress() else 0.2

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < self._interval and done < self.total:
            return
        self._last = now
        pct = min(100, 100 * done // self.total)
        sys.stderr.write(f"\r{self.label}: {done:,}/{self.total:,} {self.unit} ({pct}%)")
        sys.stderr.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def progress_wanted(quiet: bool = False) -> bool:
    """Progress is shown on stderr only when stderr is a terminal, and not with -q."""
    return not quiet and sys.stderr.isatty()


class Phases:
    """The phases of a long operation on one line of stderr ("validate: checking 12/40 checks"),
    when enabled; `step(...)` names the phase, a `Progress` for its counted part comes from
    `counter(...)`. `close()` ends the line."""

    def __init__(self, label: str, enabled: bool):
        self.label = label
        self.enabled = enabled
        self._shown = False

    def step(self, what: str) -> None:
        if not self.enabled:
            return
        sys.stderr.write(f"\r\x1b[K{self.label}: {what}")
        sys.stderr.flush()
        self._shown = True

    def counter(self, total: int, what: str, unit: str) -> "Progress":
        if self.enabled:
            sys.stderr.write("\r\x1b[K")
        bar = Progress(total, f"{self.label}: {what}", self.enabled, unit=unit)
        self._shown = self._shown or self.enabled
        return bar

    def close(self) -> None:
        if self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._shown = False
