"""N-Triples lines sorted, de-duplicated and looked up by subject on disk, in bounded memory.

The whole-graph exports write the graph in a canonical order (subjects by IRI, then each
subject's distinct predicate-object pairs), which needs every triple before the first can be
written. Held in Python lists and dictionaries that costs about 700 bytes a triple (7.5 GB at ten
million); here the lines go into a throw-away SQLite database in a temporary folder, SQLite sorts
them on disk (its sorter and page cache are bounded, `CACHE_KIB`), and the writers read them back
one subject at a time. The embedded Oxigraph store cannot serve instead: it normalises literals
(see `conflictkg.storage.graphs`), and an export must be the curated triples as written.

Triples with blank nodes are kept aside in memory (`blank`): their labels must be replaced by
canonical ones (RDFC-1.0), which needs them all at once. Generated and curated graphs have few.

Standard library and pyoxigraph only.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

# SQLite's page cache (KiB, per connection); the sorter spills to temporary files beyond it.
CACHE_KIB = 32 * 1024
_BATCH = 5_000


def sort_key(subject: str) -> str:
    """The text SQLite sorts a subject by: IRIs by their IRI (without the brackets: `<a>` before
    `<a-b>`), then blank nodes, as `conflictkg.rdf.rdfwrite` orders subjects."""
    return "0" + subject[1:-1] if subject[0] == "<" else "2" + subject


def subject_of(key: str) -> str:
    return "<" + key[1:] + ">" if key[0] == "0" else key[1:]


def has_blank(s: str, o: str) -> bool:
    return s[0] == "_" or o[0] == "_"


class ScratchDatabase:
    """A throw-away SQLite database in a temporary folder of its own, for one process that fills it
    and reads it back: no journal, no syncing, a bounded page cache (`CACHE_KIB`), sorts spilled to
    files. Removed by `close`, or on leaving a `with` block."""

    def __init__(self, prefix: str, directory: str | Path | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=directory))
        try:
            self.db = sqlite3.connect(str(self.folder / "scratch.sqlite"))
            for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{CACHE_KIB}", "temp_store=FILE",
                           "locking_mode=EXCLUSIVE"):
                self.db.execute(f"PRAGMA {pragma}")
        except BaseException:
            self.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            db = getattr(self, "db", None)
            if db is not None:
                db.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


class Spool(ScratchDatabase):
    """Triples `(graph, subject, predicate, object)` (N-Triples terms; graph names as given) on
    disk. Add lines with `add`, then call `index` once and read them back sorted."""

    def __init__(self, directory: str | Path | None = None, *, by_graph: bool = False):
        super().__init__("conflictkg-spool-", directory)
        self.db.execute("CREATE TABLE t(k TEXT NOT NULL, p TEXT NOT NULL, o TEXT NOT NULL, g INTEGER NOT NULL)")
        self.graph_ids: dict[str, int] = {}
        self.graph_names: list[str] = []
        self.blank: list[tuple[str, str, str, str]] = []  # (s, p, o, graph) with a blank node
        self.count = 0
        self._indexed = False
        # Sorted by graph first (`subjects(graph)` one graph after another: TriG) or by subject.
        self.by_graph = by_graph

    def _gid(self, graph: str) -> int:
        gid = self.graph_ids.get(graph)
        if gid is None:
            gid = self.graph_ids[graph] = len(self.graph_names)
            self.graph_names.append(graph)
        return gid

    def add(self, graph: str, lines: Iterable[str]) -> None:
        """Add N-Triples lines (without newline) of `graph`; lines with a blank node go to `blank`."""
        gid = self._gid(graph)
        blank = self.blank

        def rows():
            for line in lines:
                s, p, rest = line.split(" ", 2)
                o = rest[:-2]
                if (s[0] == "_" or o[0] == "_") and "_:" in line:
                    blank.append((s, p, o, graph))
                    continue
                yield ("0" + s[1:-1], p, o, gid)

        self._insert(rows())

    def add_triples(self, graph: str, triples: Iterable[tuple[str, str, str]]) -> None:
        """Add (s, p, o) without blank nodes (relabelled ones, say) to `graph`."""
        gid = self._gid(graph)
        self._insert((sort_key(s), p, o, gid) for s, p, o in triples)

    def add_quads(self, quads: Iterable[tuple[str, str, str, str]]) -> None:
        """Add (graph, s, p, o) without blank nodes."""
        gid = self._gid
        self._insert((sort_key(s), p, o, gid(g)) for g, s, p, o in quads)

    def _insert(self, rows: Iterator[tuple]) -> None:
        batch: list[tuple] = []
        execute = self.db.executemany
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                execute("INSERT INTO t VALUES (?, ?, ?, ?)", batch)
                self.count += len(batch)
                batch.clear()
        if batch:
            execute("INSERT INTO t VALUES (?, ?, ?, ?)", batch)
            self.count += len(batch)

    def index(self) -> None:
        """Sort on disk (one index by subject, predicate, object, graph)."""
        if not self._indexed:
            self.db.execute("CREATE INDEX t_gspo ON t(g, k, p, o)" if self.by_graph else
                            "CREATE INDEX t_spog ON t(k, p, o, g)")
            self._indexed = True

    def subjects(self, graph: str | None = None) -> Iterator[tuple[str, list[str]]]:
        """(subject, its distinct `"<predicate> object"` strings, sorted) in subject order: of the
        union of every graph, or of `graph` only."""
        self.index()
        if graph is None:
            cursor = self.db.execute("SELECT DISTINCT k, p, o FROM t ORDER BY k, p, o")
        else:
            gid = self.graph_ids.get(graph)
            if gid is None:
                return
            cursor = self.db.execute("SELECT DISTINCT k, p, o FROM t WHERE g = ? ORDER BY k, p, o", (gid,))
        yield from _grouped(cursor)

    def lines_by_subject(self) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
        """(subject, [(predicate, object, graph)...]) in subject order, every graph's lines (a triple
        in two graphs twice)."""
        self.index()
        names = self.graph_names
        key = None
        rows: list[tuple[str, str, str]] = []
        for k, p, o, g in self.db.execute("SELECT k, p, o, g FROM t ORDER BY k, p, o, g"):
            if k != key:
                if rows:
                    yield subject_of(key), rows
                key, rows = k, []
            rows.append((p, o, names[g]))
        if rows:
            yield subject_of(key), rows

    def assign(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Record `(name, subject, graph)` rows: the triples of `subject` in `graph` (a graph added
        with `add`) belong to the graph called `name` (TriG's provenance graphs). One row per subject
        and graph, so far fewer rows than triples; `assigned` reads the triples back regrouped. Call
        after `index`, at most once."""
        self.index()
        self.db.execute("CREATE TABLE a(n TEXT NOT NULL, k TEXT NOT NULL, g INTEGER NOT NULL)")
        ids = self.graph_ids
        batch: list[tuple[str, str, int]] = []
        for name, subject, graph in rows:
            batch.append((name, sort_key(subject), ids[graph]))
            if len(batch) >= _BATCH:
                self.db.executemany("INSERT INTO a VALUES (?, ?, ?)", batch)
                batch.clear()
        if batch:
            self.db.executemany("INSERT INTO a VALUES (?, ?, ?)", batch)
        self.db.execute("CREATE INDEX a_nkg ON a(n, k, g)")

    def assigned(self, term=None) -> Iterator[tuple[str, str, list[str]]]:
        """(name, subject, its distinct `"<predicate> object"` strings, sorted) of the `assign`ed
        rows, by name then subject: the same groups as a spool by graph filled with every triple
        under its name would give (`subjects(name)`, name after name), without copying and sorting
        the triples a second time. One read of the assignments in order, each looking up its
        subject's triples in the index by subject. `term`, if given, rewrites each object first."""
        # CROSS JOIN: the assignments in order, the triples looked up by subject (never a sort).
        cursor = self.db.execute("SELECT a.n, a.k, t.p, t.o FROM a CROSS JOIN t ON t.k = a.k AND t.g = a.g "
                                 "ORDER BY a.n, a.k")
        name = key = None
        rests: list[str] = []
        for n, k, p, o in cursor:
            if k != key or n != name:
                if rests:
                    yield name, subject_of(key), sorted(set(rests))
                name, key, rests = n, k, []
            rests.append(f"{p} {term(o) if term is not None else o}")
        if rests:
            yield name, subject_of(key), sorted(set(rests))

    def graphs(self) -> list[str]:
        """The graphs that hold a triple, sorted."""
        self.index()
        used = {row[0] for row in self.db.execute("SELECT DISTINCT g FROM t")}
        return sorted(self.graph_names[g] for g in used)

    def lookup(self, subject: str) -> list[str]:
        """The distinct `"<predicate> object"` strings of one subject, sorted."""
        self.index()
        return [f"{p} {o}" for p, o in self.db.execute(
            "SELECT DISTINCT p, o FROM t WHERE k = ? ORDER BY p, o", (sort_key(subject),))]

    def subjects_with(self, predicate: str, objects: Iterable[str]) -> list[str]:
        """Subjects with one of `objects` as value of `predicate`, sorted (a scan: for small answers,
        such as the events of a graph)."""
        self.index()
        wanted = set(objects)
        found = {k for k, o in self.db.execute("SELECT k, o FROM t WHERE p = ?", (predicate,)) if o in wanted}
        return [subject_of(k) for k in sorted(found)]

    def objects_by_subject(self, predicate: str) -> Iterator[tuple[str, list[str]]]:
        """(subject, its distinct objects of `predicate`) in subject order, for the subjects that have
        one: a pass over one property done in SQLite, instead of every triple through Python."""
        self.index()
        key = None
        objects: list[str] = []
        # The index read in order (no sort, not even for DISTINCT: a subject's objects are few).
        for k, o in self.db.execute("SELECT k, o FROM t WHERE p = ? ORDER BY k", (predicate,)):
            if k != key:
                if objects:
                    yield subject_of(key), objects
                key, objects = k, [o]
            elif o not in objects:
                objects.append(o)
        if objects:
            yield subject_of(key), objects

    def pairs(self, predicate: str) -> Iterator[tuple[str, str]]:
        """(subject, object) of every triple with `predicate`, in no particular order (a scan)."""
        for k, o in self.db.execute("SELECT k, o FROM t WHERE p = ?", (predicate,)):
            yield subject_of(k), o


def _grouped(cursor) -> Iterator[tuple[str, list[str]]]:
    key = None
    rests: list[str] = []
    for k, p, o in cursor:
        if k != key:
            if rests:
                yield subject_of(key), rests
            key, rests = k, []
        rests.append(f"{p} {o}")
    if rests:
        yield subject_of(key), rests
