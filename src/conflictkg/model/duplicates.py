"""Possible duplicate events: the one rule `conflictkg draft`, `conflictkg validate` (the SPARQL
constraint shape:DuplicateEventConstraint in shapes/events.ttl) and `conflictkg submit` share.

Two military events (ckg:Strike, ckg:Offensive, ckg:MilitaryEvent) are possible duplicates when
their dates overlap, taken as the spans their precision allows with a day's slack either side
(a strike at night is dated either day; "December 2024" at month precision covers every day of
the month; an event without ckg:endDate ends on its start), and

- by name: a label or alternative label of one is a label or alternative label of the other,
  written the same way (the same text and language); an event without a start date then
  matches by name alone; or
- by kind and place, when both are dated finer than the year (a stub known as "an offensive in
  Syria in 2024" would otherwise match every one): they are of the same kind (an event type of one is an event type of the
  other, or broader or narrower than it through skos:broader; when either has no event type,
  they share a class) and a place of one (ckg:location or ckg:nearLocation) is a place of the
  other, lies inside it or contains it (ckg:locatedIn, transitively);

and neither is part of the other (ckg:partOf, transitively): a battle and a strike in it share
their place and days without being one event.

Tested in tests/submission/test_submit_units.py (test_duplicates: submit), tests/validation/
test_validate.py (the warning, in both engines) and tests/submission/test_draft.py (enrichment).
The SPARQL constraint of `validate` checks the events dated to the day only (the rest would be a
scan of every pair); `draft` and `submit` apply the whole rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from conflictkg.model.dates import effective_dates
from conflictkg.model.namespaces import CKG, PRECISION

# The event classes whose events can be duplicates of one another (conflicts are not dated
# precisely enough to be compared this way).
EVENT_CLASSES = (CKG.Strike, CKG.Offensive, CKG.MilitaryEvent)
SLACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class EventFacts:
    """What the duplicate rule compares of an event."""

    node: URIRef | object
    classes: frozenset  # its asserted classes among EVENT_CLASSES
    first: dt.date | None  # the first day it can cover
    last: dt.date | None  # the last day it can cover, given its precision
    places: frozenset  # ckg:location and ckg:nearLocation
    types: frozenset = frozenset()  # ckg:eventType concepts
    names: frozenset = frozenset()  # rdfs:label and skos:altLabel literals
    wholes: frozenset = frozenset()  # the events it is part of (ckg:partOf, transitively)
    yearly: bool = False  # dated to the year only


def _as_date(value) -> dt.date | None:
    if isinstance(value, Literal):
        try:
            value = value.toPython()
        except Exception:  # noqa: BLE001 - an ill-typed literal is no date
            return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def span_end(day: dt.date, precision) -> dt.date:
    """The last day a date written at `precision` (a precision concept) can stand for."""
    if precision == PRECISION.year:
        return dt.date(day.year, 12, 31)
    if precision == PRECISION.month:
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def event_facts(graph: Graph, node) -> EventFacts:
    """What the rule compares, read from `graph` (the submission, the draft or the project)."""
    classes = frozenset(c for c in graph.objects(node, RDF.type) if c in EVENT_CLASSES)
    # The finest date of an event a submission refined (conflictkg.model.dates.effective_dates).
    dates = effective_dates([_as_date(v) for v in graph.objects(node, CKG.startDate)],
                            [_as_date(v) for v in graph.objects(node, CKG.endDate)],
                            [str(v).rsplit("/", 1)[-1] for v in graph.objects(node, CKG.datePrecision)])
    start, end = dates.start, dates.end
    precision = PRECISION[dates.precision] if dates.precision else None
    last = span_end(end or start, precision) if start else None
    places = frozenset(list(graph.objects(node, CKG.location)) + list(graph.objects(node, CKG.nearLocation)))
    types = frozenset(graph.objects(node, CKG.eventType))
    names = frozenset(o for p in (RDFS.label, SKOS.altLabel) for o in graph.objects(node, p) if isinstance(o, Literal))
    wholes = frozenset(graph.transitive_objects(node, CKG.partOf)) - {node}
    return EventFacts(node, classes, start, last, places, types, names, wholes, precision == PRECISION.year)


def _containers(graph: Graph, place) -> set:
    return set(graph.transitive_objects(place, CKG.locatedIn))  # includes the place itself


def places_related(graph: Graph, a: frozenset, b: frozenset) -> bool:
    """Some place of `a` is a place of `b`, or inside one, or contains one."""
    for p in a:
        up = _containers(graph, p)
        for q in b:
            if q in up or p in _containers(graph, q):
                return True
    return False


def _types_related(graph: Graph, a: frozenset, b: frozenset) -> bool:
    for t in a:
        up = set(graph.transitive_objects(t, SKOS.broader))  # includes t itself
        for u in b:
            if u in up or t in set(graph.transitive_objects(u, SKOS.broader)):
                return True
    return False


def dates_overlap(a: EventFacts, b: EventFacts) -> bool:
    if a.first is None or b.first is None or a.last is None or b.last is None:
        return False
    return not (a.first > b.last + SLACK or b.first > a.last + SLACK)


def same_kind(graph: Graph, a: EventFacts, b: EventFacts) -> bool:
    if a.types and b.types:
        return _types_related(graph, a.types, b.types)
    return bool(a.classes & b.classes)


def is_duplicate(graph: Graph, a: EventFacts, b: EventFacts) -> bool:
    """The rule, for two events read with `event_facts` (`graph` holds the places' ckg:locatedIn
    links and the event types' skos:broader links)."""
    if a.node == b.node or not a.classes or not b.classes:
        return False
    if b.node in a.wholes or a.node in b.wholes:
        return False
    if a.names & b.names and (a.first is None or b.first is None or dates_overlap(a, b)):
        return True
    if a.yearly or b.yearly:
        return False
    return dates_overlap(a, b) and same_kind(graph, a, b) and places_related(graph, a.places, b.places)


def _candidates(graph: Graph, new: EventFacts) -> set:
    """Events of `graph` that may match `new`: those sharing a name, and those at a place related
    to one of its places (looked up, not scanned)."""
    found = set()
    for name in new.names:
        for p in (RDFS.label, SKOS.altLabel):
            found.update(graph.subjects(p, name))
    related = set()
    for place in new.places:
        related |= _containers(graph, place)
        related |= set(graph.transitive_subjects(CKG.locatedIn, place))
    for place in related:
        for p in (CKG.location, CKG.nearLocation):
            found.update(graph.subjects(p, place))
    return found


def possible_duplicates(graph: Graph, new: EventFacts, *, exclude: set | None = None) -> list[URIRef]:
    """Events of `graph` that `new` may duplicate, sorted. `graph` must hold the places' ckg:locatedIn
    links and the vocabularies (the project graph, with the submission's own new places added when
    it has some)."""
    exclude = exclude or set()
    found = set()
    for node in _candidates(graph, new):
        if node in exclude or node == new.node or not isinstance(node, URIRef):
            continue
        old = event_facts(graph, node)
        if is_duplicate(graph, new, old):
            found.add(node)
    return sorted(found)
