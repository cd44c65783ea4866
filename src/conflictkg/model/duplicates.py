"""Possible duplicate events: the same type, dates within a day of each other, and the same place
or one place inside the other (ckg:locatedIn, transitively).

Dates are compared as the spans their precision allows: an event dated "December 2024" at month
precision overlaps any day of December 2024.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from conflictkg.model.dates import effective_dates
from conflictkg.model.namespaces import CKG, PRECISION

# The event classes whose sharing makes two events "the same type".
EVENT_CLASSES = (CKG.Strike, CKG.Offensive, CKG.MilitaryEvent, CKG.Conflict)
SLACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class EventFacts:
    node: URIRef | object
    classes: frozenset
    first: dt.date | None
    last: dt.date | None
    places: frozenset


def _as_date(value) -> dt.date | None:
    if isinstance(value, Literal):
        value = value.toPython()
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _span_end(day: dt.date, precision) -> dt.date:
    if precision == PRECISION.year:
        return dt.date(day.year, 12, 31)
    if precision == PRECISION.month:
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def event_facts(graph: Graph, node) -> EventFacts:
    """What the duplicate check compares, read from `graph` (the submission or the project)."""
    classes = frozenset(c for c in graph.objects(node, RDF.type) if c in EVENT_CLASSES)
    # A Strike or Offensive is also a MilitaryEvent: compare on the most specific class given.
    if classes - {CKG.MilitaryEvent, CKG.Conflict}:
        classes = classes - {CKG.MilitaryEvent}
    # The finest date of an event a submission refined (conflictkg.model.dates.effective_dates).
    dates = effective_dates([_as_date(v) for v in graph.objects(node, CKG.startDate)],
                            [_as_date(v) for v in graph.objects(node, CKG.endDate)],
                            [str(v).rsplit("/", 1)[-1] for v in graph.objects(node, CKG.datePrecision)])
    start, end = dates.start, dates.end
    precision = PRECISION[dates.precision] if dates.precision else None
    first = start
    last = _span_end(end or start, precision) if start else None
    places = frozenset(list(graph.objects(node, CKG.location)) + list(graph.objects(node, CKG.nearLocation)))
    return EventFacts(node, classes, first, last, places)


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


def possible_duplicates(graph: Graph, new: EventFacts, *, exclude: set | None = None) -> list[URIRef]:
    """Events of `graph` that `new` may duplicate, sorted. `graph` must hold the places' ckg:locatedIn
    links (the project graph, with the submission's own new places added when it has some)."""
    if not new.classes or new.first is None or not new.places:
        return []
    exclude = exclude or set()
    found = set()
    for cls in new.classes:
        for node in graph.subjects(RDF.type, cls):
            if node in exclude or node == new.node or not isinstance(node, URIRef):
                continue
            old = event_facts(graph, node)
            if old.first is None or not (new.classes & old.classes):
                continue
            if new.first > old.last + SLACK or old.first > new.last + SLACK:
                continue
            if places_related(graph, new.places, old.places):
                found.add(node)
    return sorted(found)
