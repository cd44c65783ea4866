"""The N-Triples copy of each project file, kept in `.conflictkg/ntriples/` under the SHA-256 of
the file's bytes: reading it back costs a third of parsing the Turtle again. A changed file has
another hash, so a stale copy is never read; the store build, which reads every file, prunes the
copies of files that no longer exist (`prune_ntriples_cache`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from conflictkg.core import atomic
from conflictkg.core.errors import StorageError, UserError
from conflictkg.core.paths import Project
from conflictkg.rdf import datafiles


def parse_error(path: Path, exc: SyntaxError) -> UserError:
    line = getattr(exc, "lineno", None)
    where = f"{path}:{line}" if line else str(path)
    reason = str(getattr(exc, "msg", None) or exc).splitlines()[0][:200]
    return UserError(f"{where}: cannot parse {datafiles.syntax_name(path)}: {reason}")


def read_ntriples(path: Path, cache: Path | None = None) -> list[str]:
    """The triples of one Turtle file as N-Triples lines (without the newline).

    With `cache` (a directory), the N-Triples text is kept there under the SHA-256 of the file's
    bytes and read back instead of parsing the same bytes again: hashing and reading it costs a
    third of parsing. A changed file has another hash, so a stale copy is never read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None
    copy = cache / (hashlib.sha256(raw).hexdigest() + ".nt") if cache is not None else None
    if copy is not None:
        try:
            data = copy.read_bytes()
            return data.decode("utf-8").split("\n")[:-1] if data else []
        except (OSError, UnicodeDecodeError):
            pass
    try:
        data = ox.serialize(datafiles.parse(path, raw), format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        raise parse_error(path, exc) from None
    if copy is not None:
        _keep(copy, data)
    return data.decode("utf-8").split("\n")[:-1] if data else []


def ntriples_file(path: Path, cache: Path) -> Path | None:
    """The cached N-Triples copy of `path` (see `read_ntriples`), made if missing without holding the
    file or its triples in memory: the bytes are hashed in chunks and the parser's triples are
    written to the copy as they come. None when the cache cannot be written (a read-only checkout:
    the caller reads the triples with `read_ntriples` instead)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None
    copy = cache / (digest.hexdigest() + ".nt")
    if copy.is_file():
        return copy
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with atomic.atomic_writer(copy) as out:
            try:
                ox.serialize(datafiles.parse(path), out, format=ox.RdfFormat.N_TRIPLES)
            except SyntaxError as exc:
                raise parse_error(path, exc) from None
    except (OSError, StorageError):
        return None
    return copy


def _keep(copy: Path, data: bytes) -> None:
    """Write a cache entry atomically, and drop entries of files that no longer exist. Best effort:
    a read-only checkout just goes without."""
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        atomic.atomic_write_bytes(copy, data)
    except (OSError, StorageError):
        pass


def prune_ntriples_cache(project: Project, digests: list[str]) -> None:
    """Remove cached N-Triples copies other than those of `digests`, the SHA-256 of the project's
    current files (the store build has them: it reads every file)."""
    cache = ntriples_cache(project)
    if not cache.is_dir():
        return
    keep = {d + ".nt" for d in digests}
    for entry in cache.glob("*.nt"):
        if entry.name not in keep:
            entry.unlink(missing_ok=True)


def ntriples_cache(project: Project) -> Path:
    return project.cache_dir / "ntriples"
