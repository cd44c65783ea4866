"""The embedded store: a persistent pyoxigraph (RocksDB) copy of ontology/ and data/.

Layout of `<project>/.conflictkg/store/`:

    build.lock            exclusive fcntl lock held while a process builds, publishes or deletes builds
    base.json             pointer to the current build of the plain graph, with its fingerprint
    reasoned.json         the same for the graph plus its OWL RL entailments (`--reason`)
    builds/<name>/        one RocksDB directory per build; never written again once published
    builds/<name>.lock    readers hold a shared lock on it while they use the build

Why this shape: pyoxigraph 0.5 lets several processes open one RocksDB directory with
`Store.read_only`, but opening it read-only while another process writes it is undefined
behaviour. So a build is written once, in a temporary directory, closed, renamed into place and
only then published by atomically replacing the pointer file. Readers (`conflictkg query`, a
later `conflictkg serve`) resolve the pointer, take a shared lock on the build they chose and
open it read-only; a rebuild never touches a directory anyone can be reading. Old builds are
deleted by the next builder once no reader holds their lock.

Each named graph holds one source file (`graph_iri`), so a TriG export keeps provenance; queries
read the union of all graphs (`use_default_graph_as_union`).

Freshness: the pointer records every source file's path, size, mtime_ns, ctime_ns and inode and a
SHA-256 of their contents (the ctime and inode catch an edit that keeps size and mtime, as `cp -p`
or `rsync -t` make). If the stat data still match, the build is fresh without reading a byte. If they do not
(a `git checkout` touches mtimes), the contents are hashed: same hash, and only the pointer is
refreshed; different hash, and the store is rebuilt. Files modified within two seconds of a
build may change again within the timestamp granularity, so such a build is marked "racy" and
checked by hash until it is older.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import inspect
import io
import json
import os
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import quote

import pyoxigraph
import pyoxigraph as ox

from conflictkg.core.atomic import atomic_write_bytes, atomic_write_text
from conflictkg.core.errors import StorageError, UserError
from conflictkg.core.paths import Project, file_stamp
from conflictkg.model.prefixes import BASE
from conflictkg.rdf import datafiles
from conflictkg.rdf.outputs import eager_progress
from conflictkg.storage.ntcache import prune_ntriples_cache

# Bump when the layout or the content of builds changes, so old builds are rebuilt.
# 2: the pointer records each file's SHA-256 (file_sha256), which the query daemon checks.
STORE_FORMAT = 2
GRAPH_BASE = BASE + "graph/"
ENTAILMENTS_GRAPH = GRAPH_BASE + "entailments"
VARIANTS = ("base", "reasoned")
RACY_NS = 2_000_000_000
PROGRESS_DELAY = 0.4  # seconds before a build shows a progress indicator
READ_STEP = 1 << 20  # bytes read between two updates of the build's progress display

Entail = Callable[["object"], "object"]  # rdflib.Graph -> rdflib.Graph (only the new triples)


@dataclass(frozen=True)
class Build:
    """One published build: its RocksDB directory and the pointer that describes it."""

    variant: str
    path: Path
    manifest: dict

    @property
    def statements(self) -> int:
        return int(self.manifest.get("statements", 0))

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")


class Layout:
    def __init__(self, project: Project):
        self.project = project
        self.root = project.cache_dir / "store"
        self.builds = self.root / "builds"
        self.lock_path = self.root / "build.lock"

    def pointer(self, variant: str) -> Path:
        return self.root / f"{variant}.json"

    def read_pointer(self, variant: str) -> dict | None:
        try:
            return json.loads(self.pointer(variant).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None

    def build_of(self, variant: str, pointer: dict) -> Build:
        return Build(variant, self.builds / pointer["build"], pointer)


# --------------------------------------------------------------------------------------------
# Fingerprints
# --------------------------------------------------------------------------------------------


def source_files(project: Project) -> list[Path]:
    """The files a store is built from, in load order."""
    return project.ontology_files() + project.data_files()


def _rel(project: Project, path: Path) -> str:
    try:
        return path.resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def graph_iri(project: Project, path: Path) -> str:
    """The named graph a source file is loaded into: <.../graph/data/palmyra-airstrike-2024>."""
    rel = _rel(project, path)
    if rel.endswith(".ttl"):
        rel = rel[: -len(".ttl")]
    return GRAPH_BASE + quote(rel, safe="/-._~")


def _stat_entries(project: Project, files: list[Path]) -> list[dict]:
    entries = []
    for path in files:
        size, mtime_ns, ctime_ns, ino = file_stamp(path)
        entries.append({"path": _rel(project, path), "size": size, "mtime_ns": mtime_ns, "ctime_ns": ctime_ns,
                        "ino": ino})
    return entries


def _hash_files(project: Project, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(_rel(project, path).encode() + b"\0")
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def _engine_id() -> dict:
    return {"format": STORE_FORMAT, "pyoxigraph": pyoxigraph.__version__}


def _is_racy(entries: list[dict], started_ns: int) -> bool:
    # The ctime, not the mtime: a copy that keeps an old mtime (`cp -p`) is still a fresh write.
    return any(max(e["mtime_ns"], e.get("ctime_ns", 0)) >= started_ns - RACY_NS for e in entries)


def reasoner_id(entail: Entail | None) -> dict:
    """What the reasoned variant depends on besides the files: the reasoner's own code."""
    func = entail or _default_entail()
    try:
        source = inspect.getsource(inspect.getmodule(func) or func)
    except (OSError, TypeError):
        source = repr(func)
    try:
        # owlrl only for this (0.2 s to load).
        import owlrl

        owlrl_version = getattr(owlrl, "__version__", "?")
    except ImportError:  # pragma: no cover - owlrl is a dependency
        owlrl_version = "missing"
    return {
        "reasoner": f"{func.__module__}.{getattr(func, '__qualname__', repr(func))}",
        "source_sha256": hashlib.sha256(source.encode()).hexdigest(),
        "owlrl": owlrl_version,
    }


def _default_entail() -> Entail:
    try:
        from conflictkg.model.entailment import entailments  # written on another branch; imported lazily
    except ImportError:
        raise UserError(
            "--reason needs the OWL RL reasoner (conflictkg.model.entailment), which this checkout does not have yet"
        ) from None
    return entailments


# --------------------------------------------------------------------------------------------
# Freshness
# --------------------------------------------------------------------------------------------


@dataclass
class Freshness:
    fresh: bool
    reason: str
    pointer: dict | None
    files: list[Path]
    entries: list[dict]
    sha256: str | None = None  # computed only when the stat data did not settle it


def check(project: Project, variant: str = "base", *, entail: Entail | None = None) -> Freshness:
    """Is the published build of `variant` up to date with ontology/ and data/?"""
    layout = Layout(project)
    files = source_files(project)
    entries = _stat_entries(project, files)
    pointer = layout.read_pointer(variant)
    if pointer is None:
        return Freshness(False, "no store built yet", None, files, entries)
    if pointer.get("engine") != _engine_id():
        return Freshness(False, "store was built by another version", pointer, files, entries)
    if variant == "reasoned" and pointer.get("extra") != reasoner_id(entail):
        return Freshness(False, "the reasoner changed", pointer, files, entries)
    if not (layout.builds / pointer.get("build", "")).is_dir():
        return Freshness(False, "store directory is missing", pointer, files, entries)
    if pointer.get("files") == entries and not pointer.get("racy"):
        return Freshness(True, "up to date", pointer, files, entries)
    if [e["path"] for e in pointer.get("files", [])] != [e["path"] for e in entries]:
        return Freshness(False, "files were added or removed", pointer, files, entries)
    digest = _hash_files(project, files)
    if digest == pointer.get("sha256"):
        return Freshness(True, "up to date (content unchanged)", pointer, files, entries, digest)
    return Freshness(False, "files changed", pointer, files, entries, digest)


# --------------------------------------------------------------------------------------------
# Locks
# --------------------------------------------------------------------------------------------


@contextmanager
def _exclusive(layout: Layout, progress: "BuildProgress") -> Iterator[None]:
    layout.root.mkdir(parents=True, exist_ok=True)
    fd = os.open(layout.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress.update("waiting for another conflictkg process to finish building the store")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


# --------------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------------


class BuildProgress:
    """A rich progress display on stderr that appears only if a build takes longer than a moment:
    the file being loaded, the share of the data's bytes read so far, then the indexing."""

    def __init__(self, enabled: bool = True, *, delay: float = PROGRESS_DELAY):
        self.enabled = enabled and sys.stderr.isatty()
        self.delay = 0.0 if eager_progress() else delay
        self._lock = threading.Lock()
        self._progress = None
        self._task = None
        self._timer: threading.Timer | None = None
        self._description = "building the embedded store"
        self._total: int | None = None
        self._completed = 0
        self._shown_at = 0  # bytes read when the display was last updated (`read`)
        self._closed = False

    def __enter__(self) -> "BuildProgress":
        if self.enabled and self.delay <= 0:
            self._start()
        elif self.enabled:
            self._timer = threading.Timer(self.delay, self._start)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _start(self) -> None:
        # rich only where a table or progress bar is drawn (it costs start-up).
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

        with self._lock:
            if self._closed:
                return
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self._description, total=self._total, completed=self._completed)

    def update(self, description: str, *, total: int | None = None, advance: int = 0) -> None:
        with self._lock:
            self._description = description
            if total is not None:
                self._total = total
            self._completed += advance
            if self._progress is not None:
                self._progress.update(self._task, description=description, total=self._total, completed=self._completed)

    def read(self, n: int) -> None:
        """`n` more bytes of data read by the loader; the display follows every megabyte or so."""
        with self._lock:
            self._completed += n
            if self._progress is not None and self._completed - self._shown_at >= READ_STEP:
                self._progress.update(self._task, completed=self._completed)
                self._progress.refresh()  # drawn now, not at rich's next tick: a fast load shows its way too
                self._shown_at = self._completed

    def __exit__(self, *exc) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._progress is not None:
                self._progress.stop()


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------


def ensure(
    project: Project,
    *,
    reason: bool = False,
    force: bool = False,
    progress: bool = True,
    entail: Entail | None = None,
) -> tuple[Build, bool]:
    """The current build of the store, rebuilt first if the sources changed (or `force`).

    Returns (build, rebuilt). Safe to call from several processes at once: one builds, the
    others wait for the lock and then find the store fresh.
    """
    try:
        return _ensure(project, reason=reason, force=force, progress=progress, entail=entail)
    except OSError as exc:  # a read-only checkout, a full disk...
        where = getattr(exc, "filename", None) or project.cache_dir
        raise UserError(f"cannot build the embedded store in {where}: {exc.strerror or exc}") from None


def _ensure(project: Project, *, reason: bool, force: bool, progress: bool, entail: Entail | None) -> tuple[Build, bool]:
    variant = "reasoned" if reason else "base"
    if reason and entail is None:
        entail = _default_entail()
    layout = Layout(project)
    state = check(project, variant, entail=entail)
    if state.fresh and not force:
        if state.sha256 is None:
            return layout.build_of(variant, state.pointer), False
    with BuildProgress(progress) as bar, _exclusive(layout, bar):
        state = check(project, variant, entail=entail)  # another process may have just built it
        if state.fresh and not force:
            if state.sha256 is not None or state.pointer.get("racy"):
                _refresh_pointer(layout, variant, state)
            return layout.build_of(variant, layout.read_pointer(variant)), False
        build = _build(project, layout, variant, state.files, bar, entail)
        _collect_garbage(layout)

        prune_ntriples_cache(project, build.manifest["file_sha256"])  # the old files' copies are stale
        return build, True


def _refresh_pointer(layout: Layout, variant: str, state: Freshness) -> None:
    """Same content, new stat data (e.g. after a checkout): record them so the next check is cheap.
    Only a saving: a disk that refuses the write (full, read-only) leaves the build as fresh as it is."""
    pointer = dict(state.pointer)
    started = time.time_ns()
    pointer["files"] = state.entries
    pointer["racy"] = _is_racy(state.entries, started)
    try:
        atomic_write_text(layout.pointer(variant), json.dumps(pointer, indent=1, sort_keys=True) + "\n")
    except StorageError:
        pass


def _build(
    project: Project,
    layout: Layout,
    variant: str,
    files: list[Path],
    bar: BuildProgress,
    entail: Entail | None,
) -> Build:

    started_ns = time.time_ns()
    t0 = time.monotonic()
    layout.builds.mkdir(parents=True, exist_ok=True)
    name = f"{variant}-{started_ns}-{os.getpid()}"
    tmp = layout.builds / f".tmp-{name}"
    entries = _stat_entries(project, files)  # before reading, so a later edit is seen as a change
    digest = hashlib.sha256()
    file_digests: list[str] = []  # each file's own, for the N-Triples cache (conflictkg.storage.graphs)
    # The bar follows the bytes read; indexing and entailments show as steps of their own (spinner).
    sizes = [path.stat().st_size for path in files]
    bar.update("building the embedded store", total=max(sum(sizes), 1))
    rdflib_graph = None
    store = None
    if variant == "reasoned":
        # rdflib only for the reasoned variant: `conflictkg query` runs a stored query without loading it.
        from rdflib import Graph

        from conflictkg.model.namespaces import bind_prefixes
        from conflictkg.rdf.rdfio import parse_turtle_file

        rdflib_graph = Graph()
        bind_prefixes(rdflib_graph)
    try:
        store = ox.Store(str(tmp))
        for path in files:
            rel = _rel(project, path)
            bar.update(f"loading {rel} ({_size(path)})")
            digest.update(rel.encode() + b"\0")
            own = hashlib.sha256()
            try:
                if rdflib_graph is not None:
                    data = path.read_bytes()
                    digest.update(data)
                    own.update(data)
                    datafiles.bulk_load(store, path, data, graph=graph_iri(project, path))
                    # The same parser as the store's (never rdflib's own, which reads comments differently).
                    parse_turtle_file(path, rdflib_graph, data=data)
                    bar.read(len(data))
                else:
                    # The file is read once, in chunks, and hashed as the loader reads it: the hashes are
                    # of the very bytes loaded, without holding the file in memory (10M triples: 1.6 GB).
                    with path.open("rb") as raw:
                        datafiles.bulk_load(store, path, reader=_Hashing(raw, digest, own, on_read=bar.read),
                                            graph=graph_iri(project, path))
            except SyntaxError as exc:
                raise UserError(f"{rel}: cannot parse {datafiles.syntax_name(path)}: "
                                f"{exc.msg if hasattr(exc, 'msg') else exc}") from None
            digest.update(b"\0")
            file_digests.append(own.hexdigest())
            bar.update(f"loaded {rel}")
        extra = None
        if variant == "reasoned":
            bar.update("computing OWL RL entailments")
            new = entail(rdflib_graph)
            bar.update("loading entailments")
            entailed = new.serialize(format="nt", encoding="utf-8")
            store.bulk_load(input=entailed, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(ENTAILMENTS_GRAPH))
            bar.update("loaded entailments")
            extra = reasoner_id(entail)
        bar.update("indexing the store")
        statements = len(store)
        bar.update(f"indexing the store ({statements:,} triples)")
        store.flush()
        # No `store.optimize()`: after a bulk load (which writes sorted files straight into RocksDB) the
        # compaction rewrote every file and left the build twice as large on disk (1M triples: 330 MB
        # against 169 MB, and a third more time) for whole-graph queries within the noise of each other.
        bar.update("indexed the store")
        del store
        gc.collect()  # RocksDB closes when the last reference goes
        final = layout.builds / name
        if variant == "reasoned":
            atomic_write_bytes(final.with_name(name + ".entailments.nt"), entailed)
        os.rename(tmp, final)
        fd = os.open(final.with_name(name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
        os.close(fd)
    except BaseException:
        store = None  # close RocksDB before deleting its directory
        gc.collect()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pointer = {
        "build": name,
        "variant": variant,
        "engine": _engine_id(),
        "files": entries,
        "racy": _is_racy(entries, started_ns),
        # Fed exactly as _hash_files feeds it, from the very bytes that were loaded.
        "sha256": digest.hexdigest(),
        "file_sha256": file_digests,
        "statements": statements,
        "seconds": round(time.monotonic() - t0, 3),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if extra is not None:
        pointer["extra"] = extra
    atomic_write_text(layout.pointer(variant), json.dumps(pointer, indent=1, sort_keys=True) + "\n")
    return Build(variant, final, pointer)


def _size(path: Path) -> str:
    """A file's size for the progress display: "161 MB"."""
    size = path.stat().st_size
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1000
    return f"{size} GB"


class _Hashing(io.RawIOBase):
    """A binary file that feeds every byte read from it to hashes (and its count to `on_read`)."""

    def __init__(self, raw, *hashes, on_read=None):
        self.raw = raw
        self.hashes = hashes
        self.on_read = on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        if n:
            view = memoryview(buffer)[:n]
            for h in self.hashes:
                h.update(view)
            if self.on_read is not None:
                self.on_read(n)
        return n or 0


def _collect_garbage(layout: Layout) -> None:
    """Delete builds no pointer names and no reader uses. Called with the build lock held."""
    live = {p["build"] for v in VARIANTS if (p := layout.read_pointer(v))}
    if not layout.builds.is_dir():
        return
    for entry in sorted(layout.builds.iterdir()):
        name = entry.name
        if name.startswith(".tmp-"):
            shutil.rmtree(entry, ignore_errors=True)  # left by a build that crashed
        elif entry.is_dir() and name not in live:
            lock = entry.with_name(name + ".lock")
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a reader still uses it; a later build will collect it
                shutil.rmtree(entry, ignore_errors=True)
                entry.with_name(name + ".entailments.nt").unlink(missing_ok=True)
                lock.unlink(missing_ok=True)
            finally:
                os.close(fd)
        elif name.endswith((".lock", ".entailments.nt")) and not (layout.builds / name.split(".")[0]).exists():
            entry.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


@contextmanager
def reader(
    project: Project,
    *,
    reason: bool = False,
    progress: bool = True,
    entail: Entail | None = None,
) -> Iterator[Build]:
    """A fresh build, protected from deletion while the caller (or its worker) reads it.

    Open it with `pyoxigraph.Store.read_only(str(build.path))`, in this process or another.
    """
    for _ in range(10):
        build, _ = ensure(project, reason=reason, progress=progress, entail=entail)
        try:
            fd = os.open(build.lock_path, os.O_RDWR)
        except FileNotFoundError:
            continue  # collected between ensure() and now: resolve the pointer again
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            if not build.path.is_dir():
                continue
            yield build
            return
        finally:
            os.close(fd)
    raise UserError("the embedded store keeps changing while this command starts; try again")


def open_store(build: Build):
    """Open a build read-only (any number of processes may do this at once)."""

    try:
        return ox.Store.read_only(str(build.path))
    except OSError as exc:
        raise UserError(f"cannot open the embedded store {build.path}: {exc}") from None


def entailments_path(build: Build) -> Path:
    """The N-Triples file of a reasoned build's entailments (kept for push and export)."""
    return build.path.with_name(build.path.name + ".entailments.nt")


def source_graphs(project: Project, build: Build | None = None) -> list[tuple[str, Path, "object"]]:
    """(graph IRI, path, format) of everything a build holds: the source files, and for a
    reasoned build its entailments. Read these rather than the store to export the graph:
    pyoxigraph's storage writes xsd:nonNegativeInteger and other integer types back as
    xsd:integer, while its parser keeps them as written."""

    out = [(graph_iri(project, p), p, ox.RdfFormat.TURTLE) for p in source_files(project)]
    if build is not None and build.variant == "reasoned":
        out.append((ENTAILMENTS_GRAPH, entailments_path(build), ox.RdfFormat.N_TRIPLES))
    return out


def export_ntriples(project: Project, output: Path, *, build: Build | None = None, graph: str | None = None) -> int:
    """Write all graphs (or the one named `graph`) as N-Triples, losslessly; return the triple count."""

    count = 0
    with open(output, "wb") as fh:
        for iri, path, fmt in source_graphs(project, build):
            if graph is not None and iri != graph:
                continue
            quads = datafiles.parse(path) if fmt == ox.RdfFormat.TURTLE else ox.parse(path=str(path), format=fmt)
            triples = [q.triple for q in quads]
            count += len(triples)
            ox.serialize(triples, fh, ox.RdfFormat.N_TRIPLES)
    return count
