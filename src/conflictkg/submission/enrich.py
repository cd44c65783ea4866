"""Enrichment: what a submission may add to a node already in the graph, and how each added
statement keeps where it came from.

A submission mostly adds new nodes. It may also add statements about an event, actor or place the
graph already holds, when they refine or extend it without contradicting it:

- an event: a finer date inside the one it has (a month-precision "February 2018" refined to
  7 February 2018 at day precision), a narrower class (an event known only by name, a `ckg:Event`,
  becomes a `ckg:Offensive`), places, participations, part-of and other event links,
  outcomes, territorial changes, event types and aliases;
- an actor: aliases, the units or forces it belongs to, where it is based, backing, a position title;
- a place: aliases, the places it lies in, and a place type, a geometry and its precision when it
  has none.

What it says must be supported: the submission adds `<node> ckg:source <section>` for the
section(s) that say it, and `submit` writes one `ckg:StatementRecord` per added statement
(rdf:subject, rdf:predicate, rdf:object, the sections, and the node's ckg:quote when it gives one),
listed by the submission's record, so every added statement is queryable with who added it, when
and from which section (`queries/statement-provenance.rq`). A submitter may write a record for a
statement itself, to cite a different section or quote for it; then none is generated for it.

Anything that would contradict what is there is refused, with how to say it as a claim instead:
another start date that is not inside the existing one, a coarser precision, a second perpetrator,
a second geometry or place type, a new label (add an alias instead), a change to a claim or to a
participation. Curated statements are never removed: refinement adds the finer date beside the
coarser one, and every reader takes the finest (`conflictkg.model.dates.effective_dates`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from conflictkg.model.dates import effective_dates, last_day, precision_rank
from conflictkg.model.identity import name_keys
from conflictkg.model.namespaces import CKG, GEO, PRECISION
from conflictkg.submission.problems import term as _q

# What may be added to an existing node, by kind. Everything else about an existing node is refused.
ADDITIVE = {
    "event": {SKOS.altLabel, CKG.location, CKG.nearLocation, CKG.launchedFrom, CKG.partOf, CKG.followedBy,
              CKG.precededBy, CKG.causedBy, CKG.relatedEvent, CKG.outcome, CKG.territorialChange, CKG.hasParticipation,
              CKG.eventType},
    "actor": {SKOS.altLabel, CKG.subUnitOf, CKG.forceOf, CKG.memberOf, CKG.backedBy, CKG.basedAt,
              CKG.establishedBy, CKG.positionTitle, CKG.actorType},
    "place": {SKOS.altLabel, CKG.locatedIn},
}
# Single-valued facts a node may receive only while it has none.
ONCE = {"place": {CKG.placeType, GEO.hasGeometry, CKG.geoPrecision}}
DATES = {CKG.startDate, CKG.endDate, CKG.datePrecision}
# Where the added statements come from: not statements that need a record of their own.
SUPPORT = {CKG.source, CKG.quote}

_ROOTS = {"event": CKG.Event, "actor": CKG.Actor, "place": CKG.Place}
_HOW = {
    "date": "if a source gives another date, say it as a claim: measure:occurrence with ckg:referenceDate and "
            "ckg:referenceDatePrecision",
    "perpetrator": "that another actor carried it out is a claim: measure:perpetrator with ckg:objectValue <actor>",
    "label": "its name is curated by hand in data/: add the other name as skos:altLabel",
    "once": "it already has one: if a source says otherwise, say it as a claim with measure:statement and "
            "ckg:textValue (or ckg:objectValue)",
    "other": "say it as a new ckg:Claim with ckg:about the node, ckg:claimant, ckg:source, ckg:stance and ckg:quote "
             "(see docs/submitting.md)",
}


@dataclass
class Enrichment:
    """What a submission adds to existing nodes."""

    statements: list[tuple] = field(default_factory=list)  # new statements about existing nodes
    problems: list[str] = field(default_factory=list)  # refusals, one line each
    possible_duplicates: list[str] = field(default_factory=list)  # aliases that read like another node's (--force)
    nodes: set = field(default_factory=set)  # the existing nodes enriched

    @property
    def empty(self) -> bool:
        return not self.statements


def _kind(base: Graph, node) -> str | None:
    types = set(base.objects(node, RDF.type))
    for kind, root in _ROOTS.items():
        if types & (set(base.transitive_subjects(RDFS.subClassOf, root)) | {root}):
            return kind
    return None


def _as_date(value) -> dt.date | None:
    value = value.toPython() if isinstance(value, Literal) else value
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def _precision(value) -> str | None:
    text = str(value) if value is not None else ""
    return text.rsplit("/", 1)[-1] if text.startswith(str(PRECISION)) else None


def _date_problems(node, graph: Graph, base: Graph) -> list[str]:
    """The rule for dates: a submission may give an event a finer start date (with its finer
    precision) inside the span of the date it has, with an end date inside that span too; or an
    end date, at the precision it has, where it has none. Anything else contradicts it."""
    old = effective_dates([_as_date(v) for v in base.objects(node, CKG.startDate)],
                          [_as_date(v) for v in base.objects(node, CKG.endDate)],
                          [_precision(v) for v in base.objects(node, CKG.datePrecision)])
    added = lambda p: [o for o in graph.objects(node, p) if (node, p, o) not in base]  # noqa: E731
    starts, ends = [_as_date(v) for v in added(CKG.startDate)], [_as_date(v) for v in added(CKG.endDate)]
    precisions = [_precision(v) for v in added(CKG.datePrecision)]
    if not (starts or ends or precisions) or old.start is None:
        return []  # nothing added, or nothing to contradict (the shapes say what a date needs)
    where = f"{_q(node)} is dated {old.start}" + (f" to {old.end}" if old.end else "") + f" ({old.precision})"
    if len(starts) > 1 or len(ends) > 1 or len(precisions) > 1 or None in starts + ends + precisions:
        return [f"{where}: a refinement gives one start date, at most one end date and one precision; {_HOW['date']}"]
    span_end = last_day(old.end or old.start, old.precision or "day")
    if starts:
        start, precision = starts[0], (precisions[0] if precisions else None)
        if precision is None or precision_rank(precision) >= precision_rank(old.precision or "day"):
            return [f"{where}: another start date ({start}) that is not at a finer ckg:datePrecision contradicts it; "
                    f"{_HOW['date']}"]
        if not old.start <= start <= span_end:
            return [f"{where}: {start} is not inside it (it covers {old.start} to {span_end}); {_HOW['date']}"]
        if ends and not start <= ends[0] <= span_end:
            return [f"{where}: the end date {ends[0]} is not between {start} and {span_end}; {_HOW['date']}"]
        return []
    if precisions:
        return [f"{where}: another ckg:datePrecision needs the finer ckg:startDate it applies to; {_HOW['date']}"]
    if old.end is not None:
        return [f"{where}: another end date ({ends[0]}) contradicts it; {_HOW['date']}"]
    if ends[0] < old.start:
        return [f"{where}: the end date {ends[0]} is before its start; {_HOW['date']}"]
    return []  # an end date, at the precision the event has, where it had none


def _refines_class(base: Graph, node, cls) -> bool:
    """A class narrower than every class the event has: an event the graph knows only by name (a
    `ckg:Event`) becomes a `ckg:Offensive` when a source describes it."""
    mine = {c for c in base.objects(node, RDF.type) if str(c).startswith(str(CKG))}
    return bool(mine) and all(c != cls and c in set(base.transitive_objects(cls, RDFS.subClassOf)) for c in mine)


def _perpetrators(graph: Graph, event) -> set:
    return {graph.value(p, CKG.agent) for p in graph.objects(event, CKG.hasParticipation)
            if (p, CKG.role, URIRef("https://w3id.org/conflict-kg/vocab/role/perpetrator")) in graph}


def analyse(graph: Graph, base: Graph) -> Enrichment:
    """What the submission `graph` says about nodes of `base`: the statements it may add, and one
    line per statement it may not, with how to say it instead."""
    out = Enrichment()
    existing = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and (s, None, None) in base}, key=str)
    for node in existing:
        before = len(out.problems)
        kind = _kind(base, node)
        refused: dict[str, list] = {}
        for p, o in sorted(graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if (node, p, o) in base:
                continue  # said already (a submission restates a node's type to describe it)
            if p in SUPPORT:
                continue
            if kind is not None and p in ADDITIVE.get(kind, set()):
                out.statements.append((node, p, o))
            elif kind is not None and p in ONCE.get(kind, set()):
                if (node, p, None) in base:
                    refused.setdefault(_HOW["once"], []).append(p)
                else:
                    out.statements.append((node, p, o))
            elif kind == "event" and p in DATES:
                out.statements.append((node, p, o))
            elif kind == "event" and p == RDF.type and _refines_class(base, node, o):
                out.statements.append((node, p, o))
            elif p in (RDFS.label, SKOS.prefLabel):
                refused.setdefault(_HOW["label"], []).append(p)
            else:
                refused.setdefault(_HOW["other"], []).append(p)
        if kind == "event":
            out.problems += _date_problems(node, graph, base)
            old, new = _perpetrators(base, node), _perpetrators(graph, node) - _perpetrators(base, node)
            if old and new:
                out.problems.append(f"{_q(node)} already has its perpetrator ({', '.join(sorted(_q(a) for a in old))}): "
                                    f"a participation of {', '.join(sorted(_q(a) for a in new))} as perpetrator "
                                    f"contradicts it; {_HOW['perpetrator']}")
        for how, preds in refused.items():
            what = "it is not an event, actor or place" if kind is None else f"a submission cannot add this to a {kind}"
            out.problems.append(f"{_q(node)} is already in the graph: {', '.join(_q(p) for p in sorted(set(preds), key=str))} "
                                f"refused ({what}); {how}")
        mine = [s for s in out.statements if s[0] == node]
        if mine:
            out.nodes.add(node)
            if len(out.problems) == before and (node, CKG.source, None) not in graph and \
                    not any(_explicit(graph, s) for s in mine):
                out.problems.append(f"{_q(node)}: say which section supports what this submission adds to it: add "
                                    f"`{_q(node)} ckg:source <section>` (or a ckg:StatementRecord per statement)")
        out.possible_duplicates += _alias_problems(node, mine, base)
    return out


def _alias_problems(node, statements: list[tuple], base: Graph) -> list[str]:
    """An alias added to a node that reads like another node's name would make lookups ambiguous."""
    aliases = [o for s, p, o in statements if p == SKOS.altLabel and isinstance(o, Literal)]
    if not aliases:
        return []
    kind = _kind(base, node)
    root = _ROOTS.get(kind)
    classes = set(base.transitive_subjects(RDFS.subClassOf, root)) | {root} if root is not None else set()
    others = {s for c in classes for s in base.subjects(RDF.type, c) if isinstance(s, URIRef) and s != node}
    problems = []
    for alias in aliases:
        keys = name_keys(str(alias))
        for other in sorted(others, key=str):
            names = [n for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel) for n in base.objects(other, p)]
            if any(keys & name_keys(str(n)) for n in names):
                problems.append(f"the alias \"{alias}\" added to {_q(node)} reads like the name of {_q(other)} "
                                f"\"{base.value(other, RDFS.label)}\": two nodes would answer to it (--force if "
                                f"both are right)")
    return problems


def _explicit(graph: Graph, statement: tuple) -> bool:
    s, p, o = statement
    return any((r, RDF.predicate, p) in graph and (r, RDF.object, o) in graph
               for r in graph.subjects(RDF.subject, s) if (r, RDF.type, CKG.StatementRecord) in graph)


def add_records(graph: Graph, enrichment: Enrichment) -> Graph:
    """`graph` with one ckg:StatementRecord (a blank node, named when minted) per added statement
    that the submitter did not record themselves: its sections are those the submission adds to
    the node, its quote the node's added ckg:quote when there is exactly one."""
    out = Graph()
    for t in graph:
        out.add(t)
    for s, p, o in enrichment.statements:
        if _explicit(graph, (s, p, o)):
            continue
        record = BNode(f"record{hashlib.sha256(f'{s.n3()} {p.n3()} {o.n3()}'.encode()).hexdigest()[:16]}")
        out.add((record, RDF.type, CKG.StatementRecord))
        out.add((record, RDF.subject, s))
        out.add((record, RDF.predicate, p))
        out.add((record, RDF.object, o))
        for section in graph.objects(s, CKG.source):
            out.add((record, CKG.source, section))
        quotes = list(graph.objects(s, CKG.quote))
        if len(quotes) == 1:
            out.add((record, CKG.quote, quotes[0]))
    return out
