"""The N-Triples copy of each project file, kept compressed in `.conflictkg/ntriples/` under the
SHA-256 of the file's bytes: reading it back costs a fraction of parsing the file again. A changed
file has another hash, so a stale copy is never read; the store build, which reads every file,
prunes the copies of files that no longer exist (`prune_ntriples_cache`).

An entry, `<SHA-256>.nt.gz`, is the file's triples as pyoxigraph writes N-Triples, compressed with
gzip at level 1 in members of about 256 KiB of whole lines (`zcat` reads it). Why compressed: the
copy used to take as much disk as the N-Triples of the whole graph (1,549 MB at 10M triples, next
to a 1.6 GB store); compressed it is 14 to 15 times smaller (generated graphs and the curated
data alike) and costs about 0.4 s more per million triples to read and 0.5 s to write
(benchmarks/scale_notes.md). zstd would read about 0.3 s per million triples faster: a few per
cent of an export, not worth a dependency.

Reading checks each member's CRC-32 and length before any of its lines is given out, so a damaged
entry never feeds a wrong line to an export or a validation: found before the first line, it is
removed and made again from the file; found later, it is removed and the command stops with one
line saying so (`DamagedCopy` inside, `StorageError` outside). Entries are written through
`conflictkg.core.atomic`, so a reader sees a whole entry or none.

Older versions kept `<SHA-256>.nt` uncompressed: such an entry is compressed into the new form
the first time it is read (no parse) and then removed; where the cache cannot be written, it is
read as it is.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

import pyoxigraph as ox

from conflictkg.core import atomic
from conflictkg.core.errors import StorageError, UserError
from conflictkg.core.paths import Project
from conflictkg.rdf import datafiles

SUFFIX = ".nt.gz"
OLD_SUFFIX = ".nt"  # uncompressed entries of earlier versions
LEVEL = 1  # gzip level: 10.8 MB a million generated triples, against 7.9 MB at 6 for 3 times the time
# Uncompressed bytes a member holds (whole lines; a longer line makes it longer): what a reader holds
# at a time. 1 MiB took Python's peak while reading to 9 MB, 256 KiB to 2.3 MB, for 2% more on disk.
MEMBER = 1 << 18
_READ = 1 << 18  # compressed bytes read at a time
_MEMBER_LIMIT = 256 << 20  # a member claiming more than this was not written here


class DamagedCopy(Exception):
    """A cache entry that is not what was written: a failed check, cut short, not gzip."""


def parse_error(path: Path, exc: SyntaxError) -> UserError:
    line = getattr(exc, "lineno", None)
    where = f"{path}:{line}" if line else str(path)
    reason = str(getattr(exc, "msg", None) or exc).splitlines()[0][:200]
    return UserError(f"{where}: cannot parse {datafiles.syntax_name(path)}: {reason}")


# ---------------------------------------------------------------------------------- the format


class _MemberWriter:
    """A write-only stream that writes gzip members of about `MEMBER` bytes of whole lines to `out`
    (and one empty member if nothing was written, so that an empty entry is still gzip)."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.buf = bytearray()
        self.members = 0

    def write(self, data) -> int:
        self.buf += data
        if len(self.buf) >= MEMBER:
            cut = self.buf.rfind(b"\n") + 1
            if cut:
                self._member(self.buf[:cut])
                del self.buf[:cut]
        return len(data)

    def flush(self) -> None:
        """Nothing to do: members are written whole (pyoxigraph calls this when it is done)."""

    def _member(self, block) -> None:
        z = zlib.compressobj(LEVEL, zlib.DEFLATED, 31)  # 31: with gzip's header and trailer
        self.out.write(z.compress(block) + z.flush())
        self.members += 1

    def close(self) -> None:
        if self.buf or not self.members:
            self._member(bytes(self.buf))
            self.buf.clear()


def _members(fh: BinaryIO) -> Iterator[bytes]:
    """The decompressed members of an entry, each given out only once zlib has checked its trailer
    (CRC-32 and length). Raises DamagedCopy for anything else."""
    data = fh.read(_READ)
    if not data:
        raise DamagedCopy("empty")
    d = zlib.decompressobj(31)
    parts: list[bytes] = []
    size = 0
    while True:
        try:
            out = d.decompress(data)
        except zlib.error as exc:
            raise DamagedCopy(str(exc)) from None
        if out:
            parts.append(out)
            size += len(out)
            if size > _MEMBER_LIMIT:
                raise DamagedCopy("a member larger than any written")
        if d.eof:
            yield b"".join(parts)
            parts, size = [], 0
            data = d.unused_data
            d = zlib.decompressobj(31)
            if not data:
                data = fh.read(_READ)
                if not data:
                    return
            continue
        data = fh.read(_READ)
        if not data:
            raise DamagedCopy("cut short")


def _lines(fh: BinaryIO) -> Iterator[str]:
    """The lines (without their newline) of an entry, one member at a time."""
    rest = ""
    for block in _members(fh):
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError:
            raise DamagedCopy("not UTF-8") from None
        lines = text.split("\n")
        lines[0] = rest + lines[0]
        rest = lines.pop()
        yield from lines
    if rest:
        raise DamagedCopy("the last line has no newline")


def _observed(blocks: Iterator[bytes], observe: Callable[[bytes], None]) -> Iterator[bytes]:
    for block in blocks:
        observe(block)
        yield block


class _Stream(io.RawIOBase):
    """An entry's N-Triples as a binary stream of checked bytes (for pyoxigraph's `load`)."""

    def __init__(self, fh: BinaryIO, observe: Callable[[bytes], None] | None = None):
        self._blocks = _members(fh) if observe is None else _observed(_members(fh), observe)
        self._block = memoryview(b"")
        self._pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._pos >= len(self._block):
            block = next(self._blocks, None)
            if block is None:
                return 0
            self._block, self._pos = memoryview(block), 0
        n = min(len(buffer), len(self._block) - self._pos)
        buffer[:n] = self._block[self._pos:self._pos + n]
        self._pos += n
        return n


# ---------------------------------------------------------------------------- making entries


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return digest.hexdigest()


def _write_entry(entry: Path, fill) -> bool:
    """Write `entry` atomically, `fill(stream)` writing the uncompressed N-Triples to `stream`.
    False when the cache cannot be written (a read-only checkout goes without)."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with atomic.atomic_writer(entry) as out:
            members = _MemberWriter(out)
            fill(members)
            members.close()
    except (OSError, StorageError):
        return False
    return True


def _serialize(path: Path, out) -> None:
    try:
        ox.serialize(datafiles.parse(path), out, format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        raise parse_error(path, exc) from None


def _upgrade(old: Path, entry: Path) -> bool:
    """Compress an uncompressed entry of an earlier version into `entry` and remove it. False when
    `old` is gone (another process upgraded it) or the cache cannot be written."""
    try:
        fh = old.open("rb")
    except OSError:
        return False
    with fh:
        def fill(out):
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                out.write(chunk)
        if not _write_entry(entry, fill):
            return False
    old.unlink(missing_ok=True)
    return True


def ntriples_file(path: Path, cache: Path) -> Path | None:
    """The cached N-Triples copy of `path` (an `.nt.gz` entry, see above), made if missing without
    holding the file or its triples in memory: the bytes are hashed in chunks and the parser's
    triples compressed into the entry as they come. An uncompressed entry of an earlier version is
    compressed instead of parsing the file again. None when the cache cannot be written (a read-only
    checkout: the caller reads the triples with `read_ntriples` instead; an old entry is then read
    as it is by `iter_ntriples`)."""
    digest = _digest(path)
    entry = cache / (digest + SUFFIX)
    if entry.is_file():
        return entry
    old = cache / (digest + OLD_SUFFIX)
    if old.is_file() and _upgrade(old, entry):
        return entry
    if entry.is_file():  # upgraded meanwhile by another process
        return entry
    return entry if _write_entry(entry, lambda out: _serialize(path, out)) else None


def _damaged(path: Path, entry: Path, why: str) -> StorageError:
    entry.unlink(missing_ok=True)
    return StorageError(f"{entry}: the cached N-Triples copy of {path} was damaged ({why}); it has been "
                        f"removed and will be made again from the file: run the command again")


# ------------------------------------------------------------------------------------ reading


def read_ntriples(path: Path, cache: Path | None = None) -> list[str]:
    """The triples of one file as N-Triples lines (without the newline), all in memory.

    With `cache` (a directory), the copy kept there (see `ntriples_file`) is read instead of parsing
    the same bytes again; a damaged one is made again. Without it, or where the cache cannot be
    written, the file is parsed."""
    if cache is not None:
        for _ in range(2):
            entry = ntriples_file(path, cache)
            if entry is None:
                break
            try:
                with entry.open("rb") as fh:
                    return list(_lines(fh))
            except DamagedCopy:
                entry.unlink(missing_ok=True)
            except OSError:
                break
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = ox.serialize(datafiles.parse(path, raw), format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        raise parse_error(path, exc) from None
    return data.decode("utf-8").split("\n")[:-1] if data else []


def iter_ntriples(path: Path, cache: Path) -> Iterator[str]:
    """The triples of one file as N-Triples lines, one by one from its cached copy on disk: memory
    does not grow with the file. A copy found damaged before its first line is made again; found
    damaged later (some lines already given out), it is removed and StorageError says so. Where
    the cache cannot be written: an uncompressed entry of an earlier version is read as it is,
    else the file is parsed into memory (`read_ntriples`)."""
    for attempt in range(2):
        entry = ntriples_file(path, cache)
        if entry is None:
            old = cache / (_digest(path) + OLD_SUFFIX)
            try:
                fh = old.open("r", encoding="utf-8", newline="\n")
            except OSError:
                yield from read_ntriples(path)
                return
            with fh:
                for line in fh:
                    yield line[:-1]
            return
        given = 0
        try:
            with entry.open("rb") as fh:
                for line in _lines(fh):
                    yield line
                    given += 1
            return
        except DamagedCopy as exc:
            if given or attempt:
                raise _damaged(path, entry, str(exc)) from None
            entry.unlink(missing_ok=True)


def load_ntriples(store: ox.Store, path: Path, cache: Path, graph: ox.NamedNode,
                  observe: Callable[[bytes], None] | None = None) -> None:
    """Load the triples of one file into `graph` of `store` from its cached copy, streamed (the
    store's own memory only). A damaged copy is made again and loaded afresh; without a writable
    cache the file itself is parsed by the store. With `observe`, it is also given the triples as
    N-Triples lines, as written (the store re-encodes some literals), in blocks of whole lines."""
    for attempt in range(2):
        entry = ntriples_file(path, cache)
        if entry is None:
            def quads():
                for q in datafiles.parse(path):
                    if observe is not None:
                        observe(f"{q.subject} {q.predicate} {q.object} .\n".encode())
                    yield ox.Quad(q.subject, q.predicate, q.object, graph)
            try:
                store.extend(quads())
            except SyntaxError as exc:
                raise parse_error(path, exc) from None
            except OSError as exc:
                raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None
            return
        try:
            with entry.open("rb") as fh:
                store.load(input=io.BufferedReader(_Stream(fh, observe), MEMBER), format=ox.RdfFormat.N_TRIPLES,
                           to_graph=graph)
            return
        except DamagedCopy as exc:
            store.clear_graph(graph)
            if attempt:
                raise _damaged(path, entry, str(exc)) from None
            entry.unlink(missing_ok=True)


# -------------------------------------------------------------------------------- the folder


def prune_ntriples_cache(project: Project, digests: list[str]) -> None:
    """Remove cached N-Triples copies other than those of `digests`, the SHA-256 of the project's
    current files (the store build has them: it reads every file). An uncompressed entry of an
    earlier version of a current file is kept: the next reader compresses it."""
    cache = ntriples_cache(project)
    if not cache.is_dir():
        return
    keep = {d + SUFFIX for d in digests} | {d + OLD_SUFFIX for d in digests}
    for entry in [*cache.glob("*" + SUFFIX), *cache.glob("*" + OLD_SUFFIX)]:
        if entry.name not in keep and not entry.name.startswith("."):
            entry.unlink(missing_ok=True)


def ntriples_cache(project: Project) -> Path:
    return project.cache_dir / "ntriples"
