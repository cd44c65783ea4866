"""The events table of the whole graph from the files' N-Triples copies, in time that grows with the
graph and memory that does not (issue 25).

The rows used to be built a batch of events at a time with SPARQL lookups in the embedded store;
each lookup costs more in a larger store (RocksDB's block cache holds less of it), so
the export grew faster than the graph (33.6 s at 1M triples, 150 s at 3M, unfinished after 14 minutes
at 10M). Here the triples the rows read are copied once, sequentially, from each file's N-Triples
copy (`conflictkg.storage.ntcache`) into a throw-away SQLite database on disk, sorted there by
subject; the events are then read in subject order, a batch at a time, so that each batch's lookups
land next to the previous batch's, and the finished rows go back to disk, where SQLite sorts them
into the table's order (start date, then id) for writing. Memory: SQLite's bounded page cache and
sorter (`conflictkg.storage.spool.CACHE_KIB`), one batch, and what every row may need (places, the
class of each event, which claims are revised, the labels of blank nodes), as before.

The rows are those of `tables.event_rows`, byte for byte: the values are the store's (literals as
Oxigraph normalises them, "05"^^xsd:integer as "5": `Values`), and the batch is a `GraphTables`
filled as `GraphTables.read(store, events=...)` fills it. What is copied is what `event_rows` reads:
the types, labels and `ckg:sectionOf` of every node, the properties of events it lists, and of
claims and participations the properties whose local name it uses (`CLAIM_KEYS`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from conflictkg.model.prefixes import BASE
from conflictkg.publish.tables import GraphTables, event_rows
from conflictkg.storage.graphs import RDF_TYPE, ProjectTriples
from conflictkg.storage.spool import ScratchDatabase

_CKG = BASE + "ontology#"
_GEO = "http://www.opengis.net/ont/geosparql#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"

LABEL = f"<{_RDFS}label>"
SUBCLASS = f"<{_RDFS}subClassOf>"
ABOUT = f"<{_CKG}about>"
SECTION_OF = f"<{_CKG}sectionOf>"
LOCATED_IN = f"<{_CKG}locatedIn>"
REVISES = f"<{_CKG}revises>"
HAS_GEOMETRY = f"<{_GEO}hasGeometry>"
AS_WKT = f"<{_GEO}asWKT>"
PLACE_PROPERTIES = (f"<{_CKG}placeType>", f"<{_CKG}geoPrecision>")
EVENT = f"<{_CKG}Event>"
CLAIM = f"<{_CKG}Claim>"
PARTICIPATION = f"<{_CKG}Participation>"
# The properties of an event the rows read (`GraphTables._read_part`).
EVENT_PROPERTIES = tuple(f"<{_CKG}{p}>" for p in (
    "eventType", "startDate", "endDate", "datePrecision", "location", "nearLocation", "partOf", "source",
    "hasParticipation"))
# The properties of claims and participations, by local name (as `GraphTables` keys them), that
# `event_rows` and what it calls read; a claim's other properties make no difference to a row.
CLAIM_KEYS = frozenset({
    "about", "source", "claimant", "measure", "stance", "figureText", "minValue", "bestValue", "maxValue",
    "textValue", "objectValue", "timeValue", "claimDate", "breakdownOf", "appliesTo", "countedThing", "forSide",
    "agent", "role", "side"})

# Events read from the database at a time (Python holds one batch: its peak does not grow with the
# graph once it has a few batches); terms in one SQL `IN (...)` list.
BATCH = 100
_CHUNK = 900
_INSERT = 5_000
# Typed literals Oxigraph keeps as written: no need to ask it how it normalises them.
_AS_WRITTEN = {f"<{_XSD}string>", f"<{_XSD}anyURI>"}
_MEMO = 200_000  # normalised literals remembered (most graphs have a few thousand distinct ones)


@lru_cache(maxsize=4096)
def local_name(predicate: str) -> str:
    """The key `GraphTables` gives a property (`<...#about>` -> `about`)."""
    p = predicate[1:-1]
    return p.rsplit("#", 1)[-1] if "#" in p else p.rsplit("/", 1)[-1]


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        code = m.group(1) or m.group(2)
        return chr(int(code, 16)) if code else _ECHAR.get(m.group(3), m.group(3))
    return _ESCAPE.sub(one, text)


def split_literal(term: str) -> tuple[str, str, str]:
    """(lexical form, language, datatype term) of an N-Triples literal; language and datatype "" when absent."""
    end = term.rfind('"')
    lexical = term[1:end]
    if "\\" in lexical:
        lexical = _unescape(lexical)
    rest = term[end + 1:]
    if rest.startswith("@"):
        return lexical, rest[1:], ""
    return lexical, "", rest[2:] if rest.startswith("^^") else ""


class Values:
    """N-Triples terms as the values the store gives (`term.value`): an IRI without its brackets, a
    blank node's id, a literal's lexical form, normalised as Oxigraph normalises it when it stores
    it (asked of Oxigraph itself, once per distinct typed literal)."""

    def __init__(self):
        self._memo: dict[tuple[str, str], str] = {}
        self._oxigraph = ox.Store()

    def __call__(self, term: str) -> str:
        first = term[0]
        if first == "<":
            return term[1:-1]
        if first == "_":
            return term[2:]
        lexical, _, datatype = split_literal(term)
        if not datatype or datatype in _AS_WRITTEN or not datatype.startswith(f"<{_XSD}"):
            return lexical
        key = (lexical, datatype)
        value = self._memo.get(key)
        if value is None:
            if len(self._memo) >= _MEMO:
                self._memo.clear()
            literal = ox.Literal(lexical, datatype=ox.NamedNode(datatype[1:-1]))
            (row,) = self._oxigraph.query(f"SELECT ?v WHERE {{ VALUES ?v {{ {literal} }} }}")
            value = self._memo[key] = row[0].value
        return value


class EventTable(ScratchDatabase):
    """The rows of `tables.event_rows` for the whole graph of `pt` (ontology and data, as in the
    store), in its order. `len()` is the number of events, known once the copy is read; iterating
    builds the rows (`build`, with `progress(n)` after each event, when not called before) and gives
    them back sorted. Use as a context manager: the database is removed on leaving."""

    def __init__(self, pt: ProjectTriples, directory: str | Path | None = None):
        super().__init__("conflictkg-events-", directory)
        try:
            self.db.execute("CREATE TABLE t(s TEXT NOT NULL, p TEXT NOT NULL, o TEXT NOT NULL)")
            self.db.execute("CREATE TABLE about(e TEXT NOT NULL, c TEXT NOT NULL)")
            self.db.execute("CREATE TABLE types(o TEXT NOT NULL, s TEXT NOT NULL)")
            self.db.execute("CREATE TABLE rows(k1 TEXT NOT NULL, k2 TEXT NOT NULL, k3 TEXT NOT NULL, r TEXT NOT NULL)")
            self.value = Values()
            self._read(pt)
        except BaseException:
            self.close()
            raise
        self._built = False

    def __len__(self) -> int:
        return len(self.events)

    # ---- reading the copies -------------------------------------------------------------------

    def _read(self, pt: ProjectTriples) -> None:
        """One pass over every file's lines: the rows' triples into the database, what every row may
        need (classes, places, revisions, blank nodes' labels) into memory; then the index."""
        keep: dict[str, bool] = {}  # predicate -> copied into t
        exact = {RDF_TYPE, LABEL, SECTION_OF, *EVENT_PROPERTIES}
        subclass: list[tuple[str, str]] = []
        located: list[tuple[str, str]] = []
        place_rows: list[tuple[str, str, str]] = []
        geometry: list[tuple[str, str]] = []
        wkt: dict[str, list[str]] = defaultdict(list)
        revises: list[tuple[str, str]] = []
        blank_labels: list[tuple[str, str]] = []
        batch: list[tuple[str, str, str]] = []
        about: list[tuple[str, str]] = []  # (event, claim)
        types: list[tuple[str, str]] = []  # (class, IRI subject)
        insert = "INSERT INTO t VALUES (?, ?, ?)"
        execute = self.db.executemany
        for n, g in enumerate(pt.graphs(data=True, ontology=True, extra=False)):
            # A blank node is one file's: the copy keeps a label such as `_:x` as written, so `_:x` of
            # two files would be one node here where the store, which loads each file apart, has two.
            scope = f"_:{n}."
            for line in pt.iter_lines(g):
                s, p, rest = line.split(" ", 2)
                o = rest[:-2]
                if s[0] == "_":
                    s = scope + s[2:]
                if o[0] == "_":
                    o = scope + o[2:]
                copied = keep.get(p)
                if copied is None:
                    copied = keep[p] = p in exact or local_name(p) in CLAIM_KEYS
                if copied:
                    batch.append((s, p, o))
                    if len(batch) >= _INSERT:
                        execute(insert, batch)
                        batch.clear()
                    if p == RDF_TYPE:
                        if s[0] == "<":
                            types.append((o, s))
                            if len(types) >= _INSERT:
                                execute("INSERT INTO types VALUES (?, ?)", types)
                                types.clear()
                    elif p == ABOUT:
                        about.append((o, s))
                        if len(about) >= _INSERT:
                            execute("INSERT INTO about VALUES (?, ?)", about)
                            about.clear()
                    elif p == LABEL and s[0] == "_":
                        blank_labels.append((s, o))
                elif p == REVISES:
                    if s[0] == "<":
                        revises.append((s, o))
                elif p == SUBCLASS:
                    subclass.append((s, o))
                elif p == LOCATED_IN:
                    located.append((s, o))
                elif p in PLACE_PROPERTIES:
                    if s[0] == "<":
                        place_rows.append((s, p, o))
                elif p == HAS_GEOMETRY:
                    geometry.append((s, o))
                elif p == AS_WKT:
                    wkt[s].append(o)
        execute(insert, batch)
        execute("INSERT INTO about VALUES (?, ?)", about)
        execute("INSERT INTO types VALUES (?, ?)", types)
        self.db.execute("CREATE INDEX t_spo ON t(s, p, o)")
        self.db.execute("CREATE INDEX about_ec ON about(e, c)")
        self.db.execute("CREATE INDEX types_os ON types(o, s)")

        value = self.value
        self._event_classes(subclass)
        self.blank_labels = _ranked(((value(s), o) for s, o in blank_labels), value)
        self.located_in: dict[str, list[str]] = {}
        for a, b in located:
            self.located_in.setdefault(value(a), []).append(value(b))
        for v in self.located_in.values():
            v.sort()
        rows = list(place_rows)
        for s, g in geometry:
            if s[0] == "<":
                rows.extend((s, AS_WKT, w) for w in wkt.get(g, ()))
        self.places = self._props(rows)
        self.revised_by: dict[str, list[str]] = {}
        claims = set(self._typed([s for s, _ in revises], CLAIM))
        for new, old in revises:
            if new in claims:
                self.revised_by.setdefault(value(old), []).append(value(new))

    def _event_classes(self, subclass: list[tuple[str, str]]) -> None:
        """Each event's most specific classes (`GraphTables._read_part`), for every event."""
        value = self.value
        sub: dict[str, set[str]] = defaultdict(set)
        sup: dict[str, set[str]] = defaultdict(set)
        for c, d in subclass:
            sub[d].add(c)
            sup[c].add(d)
        event_classes, stack = set(), [EVENT]  # rdfs:subClassOf* ckg:Event
        while stack:
            c = stack.pop()
            if c not in event_classes:
                event_classes.add(c)
                stack.extend(sub.get(c, ()))
        supers: dict[str, set[str]] = {}  # rdfs:subClassOf+ of each of them
        for c in event_classes:
            seen: set[str] = set()
            stack = list(sup.get(c, ()))
            while stack:
                d = stack.pop()
                if d not in seen:
                    seen.add(d)
                    stack.extend(sup.get(d, ()))
            supers[value(c)] = {value(d) for d in seen}
        classes: dict[str, set[str]] = defaultdict(set)
        for s, o in self._select("SELECT s, o FROM types WHERE o IN ({})", sorted(event_classes)):
            classes[s].add(value(o))
        self.events: dict[str, str] = {}  # `<IRI>` -> the class column, in subject order
        for e in sorted(classes):
            cs = classes[e]
            specific = sorted(c for c in cs if not any(c in supers.get(o, ()) for o in cs if o != c))
            self.events[e] = ",".join(c.rsplit("#", 1)[-1] for c in specific)

    # ---- lookups ------------------------------------------------------------------------------

    def _select(self, sql: str, terms: list[str], *extra) -> Iterator[tuple]:
        """`sql` with `{}` replaced by a list of placeholders, for `terms` a chunk at a time."""
        for i in range(0, len(terms), _CHUNK):
            chunk = terms[i:i + _CHUNK]
            yield from self.db.execute(sql.format(",".join("?" * len(chunk))), (*chunk, *extra))

    def _typed(self, subjects: Iterable[str], cls: str) -> list[str]:
        """Those of `subjects` (IRIs) with `rdf:type cls`."""
        terms = sorted({s for s in subjects if s[0] == "<"})
        return [s for (s,) in self._select("SELECT s FROM t WHERE s IN ({}) AND p = ? AND o = ?", terms, RDF_TYPE, cls)]

    def _props(self, rows: Iterable[tuple[str, str, str]]) -> dict[str, dict[str, list[str]]]:
        """`tables._props`: IRI subject -> local name -> its distinct values, sorted."""
        value = self.value
        out: dict[str, dict[str, list[str]]] = {}
        for s, p, o in rows:
            if s[0] != "<":
                continue
            out.setdefault(s[1:-1], {}).setdefault(local_name(p), []).append(value(o))
        for props in out.values():
            for key, vals in props.items():
                props[key] = sorted(set(vals))
        return out

    def _labels(self, refs: list[str]) -> dict[str, str]:
        """`tables._labels` of the IRIs `refs`."""
        value = self.value
        return _ranked(((value(s), o) for s, o in self._select("SELECT s, o FROM t WHERE s IN ({}) AND p = ?",
                                                               [f"<{r}>" for r in refs], LABEL)), value)

    def batch(self, events: list[str]) -> GraphTables:
        """What `GraphTables.read(store, events=...)` reads for `events` (`<IRI>`s of events, sorted)."""
        t = GraphTables(labels=dict(self.blank_labels), places=self.places, located_in=self.located_in,
                        revised_by=self.revised_by)
        t.events = {e[1:-1]: self.events[e] for e in events}
        t.event_props = self._props(self._select(
            "SELECT s, p, o FROM t WHERE s IN ({}) AND p IN (%s)" % ",".join("?" * len(EVENT_PROPERTIES)),
            events, *EVENT_PROPERTIES))
        claims = self._typed((c for _, c in self._select("SELECT e, c FROM about WHERE e IN ({})", events)), CLAIM)
        t.claims = self._props(self._select("SELECT s, p, o FROM t WHERE s IN ({}) AND p != ?", claims, RDF_TYPE))
        parts = self._typed((o for e, p, o in self._select("SELECT s, p, o FROM t WHERE s IN ({}) AND p = ?", events,
                                                           EVENT_PROPERTIES[-1])), PARTICIPATION)
        t.participations = self._props(self._select("SELECT s, p, o FROM t WHERE s IN ({}) AND p != ?", parts,
                                                    RDF_TYPE))
        # `GraphTables._read_context`: the labels and documents of the nodes the batch refers to.
        refs = t.referenced()
        value = self.value
        for s, o in self._select("SELECT s, o FROM t WHERE s IN ({}) AND p = ?", [f"<{r}>" for r in sorted(refs)],
                                 SECTION_OF):
            t.section_doc[value(s)] = value(o)
        refs.update(t.section_doc.values())
        t.labels.update(self._labels(sorted(refs)))
        return t

    # ---- the rows -----------------------------------------------------------------------------

    def build(self, progress=None) -> None:
        """Build every row, a batch of events at a time in subject order, into the database."""
        if self._built:
            return
        order = list(self.events)
        done = 0
        for i in range(0, len(order), BATCH):
            part = order[i:i + BATCH]
            rows = event_rows(self.batch(part))
            self.db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?)", (
                (r["start_date"] or "9999", r["event_id"], r["event_iri"], json.dumps(r, ensure_ascii=False))
                for r in rows))
            done += len(part)
            if progress is not None:
                progress(done)
        self._built = True

    def __iter__(self) -> Iterator[dict]:
        self.build()
        for (r,) in self.db.execute("SELECT r FROM rows ORDER BY k1, k2, k3"):
            yield json.loads(r)


def _ranked(pairs: Iterable[tuple[str, str]], value: Values) -> dict[str, str]:
    """`tables._labels`: of each node's labels, the plain or English one first, then A-Z. `pairs`
    are (the node's value, a label's N-Triples term)."""
    labels: dict[str, str] = {}
    rank_of: dict[str, tuple] = {}
    for s, lit in pairs:
        lang = split_literal(lit)[1] if lit[0] == '"' else ""
        text = value(lit)
        rank = (lang not in ("", "en"), lang != "", text)
        if s not in rank_of or rank < rank_of[s]:
            rank_of[s] = rank
            labels[s] = text
    return labels
