"""`conflictkg export`: the graph in Turtle, N-Triples, N-Quads, TriG, JSON-LD, CSV or GeoJSON.

What is exported: the curated data (every file in data/), optionally with the ontology and
vocabularies (`with_ontology`) and with the OWL RL entailments (`reason`), or only what concerns
one event (`event`, see `event_nodes`). RDF formats are written from the files' own triples (see
`conflictkg.storage.graphs` for why not from the store); the events table (CSV, GeoJSON) of the whole
graph from the same triples through a database on disk (`conflictkg.publish.tablespool`), the claims
table and the tables of `--event` and `--reason` with SPARQL over a store.

TriG and N-Quads keep provenance with one named graph per source document or submission. A triple goes to
the graph of:
  1. the submission, when its file records exactly one ckg:Submission (a submission file);
  2. else the source document its subject cites, when every ckg:source of the subject is a
     section of (or is) one and the same ckg:SourceDocument; a document's own description and
     its sections' go to the document's graph too;
  3. else the file it comes from, `https://w3id.org/conflict-kg/graph/data/<file stem>`
     (actors, places and nodes that several documents describe).
Blank nodes go with the triple that refers to them. The ontology and vocabularies, when included,
keep their file graphs (`graph/ontology/...`), the entailments are in `graph/entailments`.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import heapq
import io
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from conflictkg.core.errors import UserError
from conflictkg.core.paths import Project
from conflictkg.model.entailment import ntriples_entailments
from conflictkg.model.namespaces import CKG, EVENT
from conflictkg.publish.tables import EVENT_COLUMNS, ClaimTable, GraphTables, event_rows
from conflictkg.publish.tablespool import EventTable
from conflictkg.rdf import nquads, rdfwrite
from conflictkg.rdf.jsonld import Framer, write_jsonld, write_jsonld_objects
from conflictkg.rdf.outputs import Phases, Progress, open_output, progress_wanted
from conflictkg.storage.graphs import ENTAILMENTS_GRAPH, RDF_TYPE, ProjectTriples, project_store
from conflictkg.storage.spool import Spool, sort_key

FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "csv", "geojson")
RDF_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")
EXTENSIONS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld",
    ".json": "jsonld", ".csv": "csv", ".geojson": "geojson",
}
TABLES = ("events", "claims")
# Exports of the tables from data this large (bytes of data/) show their progress on a terminal.
PROGRESS_BYTES = 1_000_000

_C = str(CKG)
SOURCE = f"<{_C}source>"
SECTION_OF = f"<{_C}sectionOf>"
ABOUT = f"<{_C}about>"
ADDED = f"<{_C}added>"
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT_LABEL = "<http://www.w3.org/2004/02/skos/core#altLabel>"
EVENT_CLASS = f"<{_C}Event>"
DEFAULT_EVENT_CLASSES = {f"<{_C}{c}>" for c in ("Event", "MilitaryEvent", "Strike", "Offensive", "Conflict")}

# `--event`: from the event, the nodes reached through these properties are included whole;
# any other node it mentions comes with its type and labels only (so names still resolve).
FOLLOW = {f"<{_C}{p}>" for p in (
    "hasParticipation", "agent", "supports", "evidencedBy", "claimant", "statedTo", "objectValue",
    "appliesTo", "affiliation", "source", "sectionOf", "publisher", "location", "nearLocation",
    "launchedFrom", "locatedIn", "basedAt", "subUnitOf", "forceOf", "memberOf", "backedBy",
    "establishedBy", "breakdownOf", "revises", "disputes",
)} | {"<http://www.opengis.net/ont/geosparql#hasGeometry>"}

_HEADER = "conflict-kg export: {what}.\nWritten by `conflictkg export`; the curated source is data/ (do not edit this copy)."


def format_for(output: str | Path, fmt: str | None) -> str:
    """The export format: `fmt` when given, else from the output's extension, else Turtle."""
    if fmt:
        if fmt not in FORMATS:
            raise UserError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        return fmt
    if str(output) == "-":
        return "turtle"
    name = Path(output)
    if name.suffix.lower() == ".gz":  # graph.nq.gz: gzip'd N-Quads
        name = name.with_suffix("")
    ext = name.suffix.lower()
    if ext not in EXTENSIONS:
        raise UserError(f"{output}: cannot tell the format from the extension {ext or '(none)'!r}; "
                        f"use --format {'|'.join(FORMATS)}")
    return EXTENSIONS[ext]


# --------------------------------------------------------------------------------------------
# What to export
# --------------------------------------------------------------------------------------------


@dataclass
class Selection:
    """The triples to export, as N-Triples lines per named graph (file graphs, entailments)."""

    graphs: dict[str, list[str]]
    event_classes: set[str]
    description: str
    event: str | None = None  # `<IRI>` of the --event

    def lines(self) -> list[list[str]]:
        return list(self.graphs.values())


def event_classes(pt: ProjectTriples) -> set[str]:
    """`<IRI>` of ckg:Event and its subclasses in the ontology."""
    sub: dict[str, set[str]] = {}
    for g in pt.graphs(data=False, ontology=True, extra=False):
        for line in pt.lines(g):
            s, p, rest = line.split(" ", 2)
            if p == SUBCLASS:
                sub.setdefault(rest[:-2], set()).add(s)
    out, stack = set(), [EVENT_CLASS]
    while stack:
        c = stack.pop()
        if c not in out:
            out.add(c)
            stack.extend(sub.get(c, ()))
    return out if len(out) > 1 else DEFAULT_EVENT_CLASSES


def resolve_event(ident: str, subjects: set[str], classes: set[str], types: dict[str, set[str]]) -> str:
    """`<IRI>` of the event a user names as `event:slug`, a slug, or a full IRI."""
    if ident.startswith("<") and ident.endswith(">"):
        ident = ident[1:-1]
    if ident.startswith("event:"):
        iri = str(EVENT) + ident[len("event:"):]
    elif "://" in ident:
        iri = ident
    else:
        iri = str(EVENT) + ident
    term = f"<{iri}>"
    if term not in subjects or not (types.get(term, set()) & classes):

        slugs = sorted(s[len(str(EVENT)) + 1:-1] for s, ts in types.items() if ts & classes and s.startswith(f"<{EVENT}"))
        close = difflib.get_close_matches(ident.split("/")[-1].split(":")[-1], slugs, n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise UserError(f"no event {ident!r} in the data.{hint}")
    return term


def event_nodes(by_s: dict[str, list[tuple[str, str]]], event: str, classes: set[str],
                types: dict[str, set[str]]) -> tuple[set[str], set[str]]:
    """(nodes included whole, nodes included by type and label only) for an `--event` export.

    Whole: the event, its participations, the claims about it, the submissions that added any of
    those, and every node reached from them through FOLLOW properties (actors, places and their
    geometries and enclosing places, groups, document sections and documents...), except other
    events and the claims and participations of other events; blank nodes go with their parent.
    """
    about: dict[str, list[str]] = {}
    added_by: dict[str, list[str]] = {}
    for s, pos in by_s.items():
        for p, o in pos:
            if p == ABOUT:
                about.setdefault(o, []).append(s)
            elif p == ADDED:
                added_by.setdefault(o, []).append(s)
    claim_cls, part_cls = f"<{_C}Claim>", f"<{_C}Participation>"
    own = {event} | set(about.get(event, ()))
    own |= {o for p, o in by_s.get(event, ()) if p == f"<{_C}hasParticipation>"}

    def foreign(node: str) -> bool:
        ts = types.get(node, set())
        if node in own:
            return False
        return bool(ts & classes) or claim_cls in ts or part_cls in ts

    whole: set[str] = set()
    stack = sorted(own)
    while stack:
        node = stack.pop()
        if node in whole:
            continue
        whole.add(node)
        for p, o in by_s.get(node, ()):
            if o in by_s and o not in whole and (o[0] == "_" or (p in FOLLOW and not foreign(o))):
                stack.append(o)
    for node in list(whole):
        for sub in added_by.get(node, ()):
            if sub not in whole:
                whole.add(sub)
    named = {o for node in whole for _, o in by_s.get(node, ()) if o in by_s and o not in whole}
    return whole, named


def select(pt: ProjectTriples, *, event: str | None = None, reason: bool = False,
           with_ontology: bool = False) -> Selection:
    """The triples an export writes, per named graph."""
    classes = event_classes(pt)
    graphs = {g: pt.lines(g) for g in pt.graphs(data=True, ontology=with_ontology, extra=False)}
    what = "the curated data" + (" with the ontology and vocabularies" if with_ontology else "")
    if reason:

        everything = [line for g in pt.graphs(data=True, ontology=True, extra=False) for line in pt.lines(g)]
        known = set(everything)
        graphs[ENTAILMENTS_GRAPH] = sorted(line for line in ntriples_entailments(everything) if line not in known)
        what += " and its OWL RL entailments"
    if event:
        by_s: dict[str, list[tuple[str, str]]] = {}
        for g in pt.graphs(data=True, ontology=False, extra=False):
            for line in pt.lines(g):
                s, p, rest = line.split(" ", 2)
                by_s.setdefault(s, []).append((p, rest[:-2]))
        types: dict[str, set[str]] = {}
        for s, pos in by_s.items():
            types[s] = {o for p, o in pos if p == RDF_TYPE}
        term = resolve_event(event, set(by_s), classes, types)
        whole, named = event_nodes(by_s, term, classes, types)
        brief = {RDF_TYPE, LABEL, ALT_LABEL}
        for g, ls in list(graphs.items()):
            if g in pt.ontology:
                continue
            keep = []
            for line in ls:
                s, p, _ = line.split(" ", 2)
                if s in whole or (s in named and p in brief):
                    keep.append(line)
            graphs[g] = keep
        what = f"event {term[1:-1]} with its claims, participations, sources, actors and places" + (
            " and their entailments" if reason else "")
    return Selection(graphs={g: ls for g, ls in graphs.items() if ls}, event_classes=classes, description=what,
                     event=term if event else None)


def trig_graphs(pt: ProjectTriples, selection: Selection) -> dict[str, list[str]]:
    """The selection's lines regrouped into provenance graphs (see the module docstring)."""
    union: dict[str, list[tuple[str, str]]] = {}
    for g in pt.graphs(data=True, ontology=False, extra=False):
        for line in pt.lines(g):
            s, p, rest = line.split(" ", 2)
            if p in (SOURCE, SECTION_OF) or p == RDF_TYPE:
                union.setdefault(s, []).append((p, rest[:-2]))
    doc_class = f"<{_C}SourceDocument>"
    docs = {s for s, pos in union.items() if (RDF_TYPE, doc_class) in pos}
    section_doc = {s: o for s, pos in union.items() for p, o in pos if p == SECTION_OF}

    def document_of(s: str) -> str | None:
        if s in docs:
            return s  # a document's own description goes with it
        if s in section_doc and not any(p == SOURCE for p, _ in union.get(s, ())):
            return section_doc[s]  # and so do its sections
        found = set()
        for p, o in union.get(s, ()):
            if p == SOURCE:
                found.add(o if o in docs else section_doc.get(o, o))
        return found.pop() if len(found) == 1 else None

    out: dict[str, list[str]] = {}
    for g, ls in selection.graphs.items():
        if g not in pt.data:
            out.setdefault(g, []).extend(ls)
            continue
        submission = _single_submission(ls)
        parent: dict[str, str] = {}
        by_subject: dict[str, list[str]] = {}
        for line in ls:
            s, _, rest = line.split(" ", 2)
            by_subject.setdefault(s, []).append(line)
            o = rest[:-2]
            if o[0] == "_":
                parent.setdefault(o, s)
        cache: dict[str, str] = {}

        def graph_of(s: str, depth: int = 0) -> str:
            if s in cache:
                return cache[s]
            if submission:
                name = submission
            elif s[0] == "_" and s in parent and depth < 50:
                name = graph_of(parent[s], depth + 1)
            else:
                name = document_of(s) or g
            cache[s] = name
            return name

        for s, lines in by_subject.items():
            out.setdefault(graph_of(s), []).extend(lines)
    return out


def _single_submission(lines: list[str]) -> str | None:
    suffix = f" {RDF_TYPE} <{_C}Submission> ."
    subs = {line.split(" ", 1)[0] for line in lines if line.endswith(suffix)}
    return subs.pop() if len(subs) == 1 else None


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


@dataclass
class ExportResult:
    format: str
    output: str
    count: int  # triples, rows or features
    unit: str


def export(project: Project, output: str | Path = "-", fmt: str | None = None, *, event: str | None = None,
           reason: bool = False, with_ontology: bool = False, table: str = "events",
           progress: bool | None = None, pt: ProjectTriples | None = None) -> ExportResult:
    """Export the project's graph to `output` ("-" for stdout) and return what was written."""
    fmt = format_for(output, fmt)
    if table not in TABLES:
        raise UserError(f"unknown table {table!r}: use events or claims")
    pt = pt or ProjectTriples.of(project)
    # The whole graph streams from a spool on disk; `--event` and `--reason` are written from a selection.
    if fmt in RDF_FORMATS and not event and not reason:
        return _export_streamed(pt, output, fmt, with_ontology=with_ontology, progress=progress)
    if fmt in RDF_FORMATS:
        selection = select(pt, event=event, reason=reason, with_ontology=with_ontology)
        header = _HEADER.format(what=selection.description)

        if fmt == "nquads":
            by_graph = {g: nquads.nfc_lines(ls) for g, ls in trig_graphs(pt, selection).items()}
            quads = nquads.skolemise(rdfwrite.group_graphs(by_graph))
            bar = Progress(sum(len(ts) for ts in quads.values()), f"export {fmt}", progress)
            try:
                with _open(output) as out:
                    nquads.write_nquads(quads, out, progress=bar)
            finally:
                bar.close()
            return ExportResult(fmt, str(output), sum(len(ts) for ts in quads.values()), "quads")
        if fmt == "trig":
            quads = rdfwrite.group_graphs(trig_graphs(pt, selection))
            bar = Progress(sum(len(ts) for ts in quads.values()), f"export {fmt}", progress)
            try:
                with _open(output) as out:
                    rdfwrite.write_trig(quads, out, header=header, progress=bar)
            finally:
                bar.close()
            return ExportResult(fmt, str(output), sum(len(ts) for ts in quads.values()), "quads")
        triples = rdfwrite.group(selection.lines())
        bar = Progress(len(triples), f"export {fmt}", progress)
        try:
            with _open(output) as out:
                if fmt == "ntriples":
                    rdfwrite.write_ntriples(triples, out, progress=bar)
                elif fmt == "turtle":
                    rdfwrite.write_turtle(triples, out, header=header, progress=bar)
                else:

                    write_jsonld(triples, out, event_classes=selection.event_classes, progress=bar,
                                 first=selection.event)
        finally:
            bar.close()
        return ExportResult(fmt, str(output), len(triples), "triples")

    if not (event or reason):
        # The whole graph: the claims table a row at a time as the store's query gives them; the
        # events table from the files' N-Triples copies, through a database on disk (`tablespool`).
        large = sum(p.stat().st_size for p in pt.data.values()) >= PROGRESS_BYTES
        phases = Phases(f"export {fmt}", progress if progress is not None else large and progress_wanted())
        unit = "rows" if fmt == "csv" else "features"
        try:
            if fmt == "csv" and table == "claims":
                with project_store(project, progress=progress is not False) as store:
                    phases.step("reading the claims and what they refer to")
                    claim_table = ClaimTable(project, store)
                    columns, rows = claim_table.rows()
                    bar = phases.counter(len(claim_table), "writing", unit)
                    with _open(output) as out:
                        n = write_csv(rows, columns, out, progress=bar)
            else:
                what = "reading the events and what they refer to"
                phases.step(what)
                with EventTable(pt) as event_table:
                    event_table.build(progress=phases.counter(len(event_table), what, "events"))
                    bar = phases.counter(len(event_table), "writing", unit)
                    with _open(output) as out:
                        if fmt == "csv":
                            n = write_csv(event_table, EVENT_COLUMNS, out, progress=bar)
                        else:
                            n = write_geojson(event_table, out, progress=bar)
        finally:
            phases.close()
        return ExportResult(fmt, str(output), n, unit)

    selection = select(pt, event=event, reason=reason)
    store = _store_for(pt, selection)
    only = selection.event and selection.event[1:-1]
    if fmt == "csv" and table == "claims":
        columns, rows = ClaimTable(project, store, event=only or None).rows()
        with _open(output) as out:
            n = write_csv(rows, columns, out)
        return ExportResult(fmt, str(output), n, "rows")
    tables = GraphTables.read(store)

    def events_table():
        rows = event_rows(tables)
        return [r for r in rows if r["event_iri"] == only] if only else rows  # not the events it only names

    if fmt == "csv":
        rows = events_table()
        with _open(output) as out:
            write_csv(rows, EVENT_COLUMNS, out)
        return ExportResult(fmt, str(output), len(rows), "rows")
    rows = events_table()
    with _open(output) as out:
        write_geojson(rows, out)
    return ExportResult(fmt, str(output), len(rows), "features")


@contextmanager
def _open(output: str | Path):
    """`open_output`, gzip'd when the file name ends in .gz (no name or time in the gzip header,
    so the same graph gives the same bytes)."""
    with open_output(output) as out:
        if str(output) != "-" and str(output).lower().endswith(".gz"):
            with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as zipped:
                yield zipped
        else:
            yield out


# --------------------------------------------------------------------------------------------
# The whole graph, streamed: bounded memory whatever its size
# --------------------------------------------------------------------------------------------
#
# `select` and the writers above hold every triple in Python (about 700 bytes a triple). The whole
# graph goes instead through a spool on disk (`conflictkg.storage.spool`) that sorts the lines and
# gives them back one subject at a time, and the writers render one subject at a time: memory is
# that of the triples with blank nodes (canonical labels need them all), the events of the graph,
# and for JSON-LD the event of each claim and participation. The bytes are the same as
# `select` plus the writers above give (the tests compare them). `--event` and `--reason` select a
# part or add entailments and stay in memory.


def _export_streamed(pt: ProjectTriples, output: str | Path, fmt: str, *, with_ontology: bool,
                     progress: bool | None) -> ExportResult:
    what = "the curated data" + (" with the ontology and vocabularies" if with_ontology else "")
    header = _HEADER.format(what=what)
    classes = event_classes(pt) if fmt == "jsonld" else set()
    submission_suffix = f" {RDF_TYPE} <{_C}Submission> ."
    submissions: dict[str, set[str]] = {}

    def lines(g: str):
        subs = submissions.setdefault(g, set())
        for line in pt.iter_lines(g):
            if line.endswith(submission_suffix):
                subs.add(line.split(" ", 1)[0])
            yield line

    with Spool() as spool:
        for g in pt.graphs(data=True, ontology=with_ontology, extra=False):
            spool.add(g, lines(g))
        bar = Progress(spool.count + len(spool.blank), f"export {fmt}", progress)
        try:
            if fmt in ("trig", "nquads"):
                nfc = fmt == "nquads"
                # The quads with a blank node (few), relabelled, in a spool of their own; the others stay
                # where they are, each subject's provenance graph recorded beside them (`_trig_spool`).
                with Spool(by_graph=True) as quads:
                    relabelled = _trig_spool(pt, spool, submissions, nfc=nfc)
                    if fmt == "nquads":
                        # Skolemised, the triples with a blank node are plain triples, sorted with the others.
                        names = nquads.skolem_names_of(relabelled)
                        quads.add_quads(nquads.skolemised_quads(relabelled, names))
                        with _open(output) as out:
                            n = nquads.write_nquads_stream(_provenance_graphs(spool, quads, nfc=nfc), out,
                                                           progress=bar)
                    else:
                        quads.add_quads((g, s, p, o) for s, p, o, g in relabelled)
                        blank: dict[str, list[tuple[str, str, str]]] = {}
                        for s, p, o, g in relabelled:
                            blank.setdefault(g, []).append((s, p, o))
                        with _open(output) as out:
                            n = rdfwrite.write_trig_stream(_provenance_graphs(spool, quads, nfc=nfc), blank,
                                                           out, header=header, progress=bar)
                return ExportResult(fmt, str(output), n, "quads")
            relabelled = [(s, p, o) for s, p, o, _ in
                          rdfwrite.canonical_blank([(s, p, o, "") for s, p, o, _ in spool.blank])]
            spool.add_triples("", relabelled)
            with _open(output) as out:
                if fmt == "ntriples":
                    n = rdfwrite.write_ntriples_stream(spool.subjects(), out, progress=bar)
                elif fmt == "turtle":
                    n = rdfwrite.write_turtle_stream(spool.subjects(), relabelled, out, header=header, progress=bar)
                else:
                    n = _jsonld_streamed(spool, classes, relabelled, out, bar)
        finally:
            bar.close()
    return ExportResult(fmt, str(output), n, "triples")


def _pairs(rests: list[str]) -> list[tuple[str, str]]:
    return [(r[:r.find(" ")], r[r.find(" ") + 1:]) for r in rests]


def _jsonld_streamed(spool: Spool, classes: set[str], blank: list[tuple[str, str, str]], out, bar) -> int:
    """JSON-LD framed per event from the spool: each node's triples are looked up on disk."""
    events = spool.subjects_with(RDF_TYPE, classes)

    def lookup(s: str):
        return _pairs(spool.lookup(s)) or None

    framer = Framer(lookup)
    # Placing the claims needs only each subject's ckg:about: read that property alone.
    framer.place(events, ((s, [(ABOUT, o) for o in objects]) for s, objects in spool.objects_by_subject(ABOUT)),
                 blank=blank)
    count = 0

    def counted():
        nonlocal count
        for s, rests in spool.subjects():
            count += len(rests)
            yield s, _pairs(rests)

    write_jsonld_objects(framer.nodes(events, counted()), out, total=spool.count, progress=bar)
    return count


def _trig_spool(pt: ProjectTriples, spool: Spool, submissions: dict[str, set[str]], *,
                nfc: bool = False) -> list[tuple[str, str, str, str]]:
    """Record in `spool` (`Spool.assign`) the provenance graph of `trig_graphs` (see the module
    docstring) of each subject's triples without blank nodes in each file graph; returns the quads
    `(s, p, o, graph)` with a blank node, relabelled (RDFC-1.0), for the caller to add. With `nfc`,
    literals are in Unicode NFC (N-Quads: `nquads.nfc_lines`), so the labels are those of NFC text;
    the other triples are normalised as they are read back (`_provenance_graphs`)."""
    data = set(pt.data)
    doc_class = f"<{_C}SourceDocument>"
    docs = set(spool.subjects_with(RDF_TYPE, [doc_class]))
    section_doc = dict(spool.pairs(SECTION_OF))
    single = {g: next(iter(subs)) for g, subs in submissions.items() if len(subs) == 1}

    def document_of(s: str, rows) -> str | None:
        if s in docs:
            return s  # a document's own description goes with it
        sources = [o for p, o in rows if p == SOURCE]
        if s in section_doc and not sources:
            return section_doc[s]  # and so do its sections
        found = {o if o in docs else section_doc.get(o, o) for o in sources}
        return found.pop() if len(found) == 1 else None

    # IRI subjects that refer to a blank node: their graph (per file) is needed for the blank triples.
    wanted = {s for s, _, _, _ in spool.blank if s[0] == "<"}
    graph_of_iri: dict[tuple[str, str], str] = {}
    blank_rows: dict[str, list[tuple[str, str]]] = {}
    for s, p, o, g in spool.blank:
        if g in data:
            blank_rows.setdefault(s, []).append((p, o))

    def provenance(g: str, s: str, rows) -> str:
        return g if g not in data else single.get(g) or document_of(s, rows) or g

    def assignments():
        for s, rows in spool.lines_by_subject():
            data_rows = [(p, o) for p, o, g in rows if g in data] + blank_rows.get(s, [])
            names: dict[str, str] = {}
            for _, _, g in rows:
                if g not in names:
                    name = names[g] = provenance(g, s, data_rows)
                    if s in wanted:
                        graph_of_iri[(g, s)] = name
                    yield name, s, g

    spool.assign(assignments())
    # Blank nodes go with the triple that refers to them, in the same file.
    parent: dict[tuple[str, str], str] = {}
    for s, _, o, g in spool.blank:
        if o[0] == "_":
            parent.setdefault((g, o), s)

    def graph_of(g: str, s: str, depth: int = 0) -> str:
        if g not in data:
            return g
        if g in single:
            return single[g]
        if s[0] == "_" and (g, s) in parent and depth < 50:
            return graph_of(g, parent[(g, s)], depth + 1)
        hit = graph_of_iri.get((g, s))
        return hit if hit is not None else document_of(s, blank_rows.get(s, [])) or g

    return rdfwrite.canonical_blank([(s, p, nquads.nfc_term(o) if nfc else o, graph_of(g, s))
                                     for s, p, o, g in spool.blank])


def _provenance_graphs(spool: Spool, extra: Spool, *, nfc: bool = False):
    """(graph name, its (subject, sorted distinct rests) pairs) in graph order, as a spool by graph
    holding every quad would give them: the triples `_trig_spool` assigned to provenance graphs in
    `spool` (literals in NFC with `nfc`), merged with the quads in `extra` (those with a blank node).
    Each graph's pairs are to be read before the next graph is asked for."""
    rows = spool.assigned(nquads.nfc_term if nfc else None)
    pending = extra.graphs()  # few: the graphs of the quads with a blank node
    head = next(rows, None)
    while head is not None or pending:
        g = head[0] if head is not None and (not pending or head[0] <= pending[0]) else pending[0]
        state = {"head": head}

        def assigned(g=g, state=state):
            row = state["head"]
            while row is not None and row[0] == g:
                yield row[1], row[2]
                row = next(rows, None)
                state["head"] = row

        if pending and pending[0] == g:
            pending.pop(0)
            yield g, _merged(assigned(), extra.subjects(g))
        else:
            yield g, assigned()
        for _ in assigned():  # what the writer left unread of this graph
            pass
        head = state["head"]


def _merged(a, b):
    """Two runs of (subject, sorted distinct rests) in subject order as one; a subject in both gets
    the union of its rests."""
    last, rests = None, []
    for s, r in heapq.merge(a, b, key=lambda pair: sort_key(pair[0])):
        if s == last:
            rests = sorted(set(rests) | set(r))
            continue
        if last is not None:
            yield last, rests
        last, rests = s, r
    if last is not None:
        yield last, rests


def _store_for(pt: ProjectTriples, selection: Selection) -> ox.Store:
    """A store with the selection plus the ontology (the tables need class and place hierarchies)."""
    store = ox.Store()
    graphs = dict(selection.graphs)
    for g in pt.graphs(data=False, ontology=True, extra=False):
        graphs.setdefault(g, pt.lines(g))
    for g, ls in graphs.items():
        store.load(("\n".join(ls) + "\n").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode(g[1:-1]))
    return store


# --------------------------------------------------------------------------------------------
# CSV and GeoJSON
# --------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
    return) gets a leading apostrophe, so it shows as text. Plain numbers are left alone."""
    if cell and cell[0] in "=+-@\t\r" and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(str(value))


def write_csv(rows, columns: list[str], out, *, progress=None) -> int:
    """RFC 4180 CSV, UTF-8, a header row, formula-like cells neutralised; written as the rows come
    (`progress(n)` after each row). Returns the number of rows."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
        n += 1
        if progress is not None:
            progress(n)
        if text.tell() > 1 << 18:
            out.write(text.getvalue().encode("utf-8"))
            text.seek(0)
            text.truncate()
    out.write(text.getvalue().encode("utf-8"))
    return n


def write_geojson(rows, out, *, progress=None) -> int:
    """A GeoJSON FeatureCollection (RFC 7946) with one feature per event; events without
    coordinates have a null geometry. One feature per line, so large files stay greppable.
    `progress(n)` after each feature."""
    out.write(b'{"type": "FeatureCollection", "features": [')
    n = 0
    for i, row in enumerate(rows):
        geometry = None
        if row.get("longitude") is not None and row.get("latitude") is not None:
            geometry = {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}
        feature = {"type": "Feature", "id": row["event_iri"], "geometry": geometry,
                   "properties": {k: v for k, v in row.items()}}
        out.write((("\n" if i == 0 else ",\n") + json.dumps(feature, ensure_ascii=False)).encode("utf-8"))
        n = i + 1
        if progress is not None:
            progress(n)
    out.write(b"\n]}\n")
    return n
