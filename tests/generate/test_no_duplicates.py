"""A clean generated graph has no possible duplicate events, as docs/generating.md promises: no
two of its strikes, offensives and their sub-events (not the wars and campaigns: conflicts) dated
to the day, of one type, at one city within a day of each other. Checked on
the N-Triples as written, at a size where campaigns run out of free days (300k triples: about 280
events find every day of their campaign taken in its cities and must be dated to the month)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict

from conflictkg.generate.synth import stream_graph

CKG = "https://w3id.org/conflict-kg/ontology#"
LINE = re.compile(r'^<([^>]+/id/event/gen-e[0-9][^>]*)> <' + re.escape(CKG) + r'(startDate|datePrecision|location|eventType)> (\S+)')


def test_no_two_events_of_a_type_share_a_city_within_a_day():
    raw = io.BytesIO()
    stream_graph(raw, 300_000)
    events: dict[str, dict[str, str]] = defaultdict(dict)
    for line in raw.getvalue().decode("utf-8").splitlines():
        if m := LINE.match(line):
            events[m.group(1)].setdefault(m.group(2), m.group(3))
    seen: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    day_precision = 0
    for iri, facts in events.items():
        if not facts.get("datePrecision", "").endswith("/day>") or "startDate" not in facts:
            continue
        day_precision += 1
        day = dt.date.fromisoformat(facts["startDate"].split('"')[1]).toordinal()
        seen[(facts.get("location"), facts.get("eventType"))].append((day, iri))
    clashes = [(a, b) for days in seen.values() for (d1, a), (d2, b) in zip(sorted(days), sorted(days)[1:]) if d2 - d1 <= 1]
    assert day_precision > 2000
    assert clashes == []
