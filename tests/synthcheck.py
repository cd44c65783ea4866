"""An independent check of generated graphs: finds each kind of violation the generator can seed.

Written directly over rdflib, without the generator's own bookkeeping, so that a clean graph having
none and a seeded graph having exactly the manifest's are two real checks of the generator.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from conflictkg.model.namespaces import CKG, CKV, ID

# Which scheme each concept-valued property takes its values from.
SCHEME_OF = {
    CKG.eventType: "event-type",
    CKG.datePrecision: "precision",
    CKG.claimDatePrecision: "precision",
    CKG.referenceDatePrecision: "precision",
    CKG.role: "role",
    CKG.supportKind: "support-kind",
    CKG.hedge: "hedge",
    CKG.measure: "measure",
    CKG.qualifier: "figure-qualifier",
    CKG.breakdownCompleteness: "completeness",
    CKG.stance: "stance",
    CKG.placeType: "place-type",
    CKG.geoPrecision: "geo-precision",
    CKG.actorType: "actor-type",
    CKG.combatantStatus: "combatant-status",
}
DATE_PROPERTIES = (CKG.startDate, CKG.endDate, CKG.claimDate, CKG.referenceDate)


def _value(g: Graph, s, p):
    v = g.value(s, p)
    return v.toPython() if isinstance(v, Literal) else v


def find_violations(g: Graph, vocab: Graph) -> set[tuple[str, str]]:
    """(kind, focus IRI) for every rule a generated graph breaks."""
    found: set[tuple[str, str]] = set()

    def add(kind, node):
        found.add((kind, str(node)))

    claims = set(g.subjects(RDF.type, CKG.Claim))
    for c in claims:
        lo, best, hi = _value(g, c, CKG.minValue), _value(g, c, CKG.bestValue), _value(g, c, CKG.maxValue)
        if lo is not None and hi is not None and lo > hi:
            add("min-gt-max", c)
        if best is not None and ((lo is not None and best < lo) or (hi is not None and best > hi)):
            add("best-out-of-range", c)
        if g.value(c, CKG.claimant) is None:
            add("missing-claimant", c)
        if g.value(c, CKG.source) is None:
            add("missing-source", c)
        day = g.value(c, CKG.claimDate)
        event = g.value(c, CKG.about)
        start = g.value(event, CKG.startDate) if event is not None else None
        if _is_date(day) and _is_date(start) and day.toPython() < start.toPython():
            add("claim-before-event", c)
        earlier = g.value(c, CKG.revises)
        if earlier is not None:
            d0 = g.value(earlier, CKG.claimDate)
            if _is_date(day) and _is_date(d0) and day.toPython() < d0.toPython():  # same day allowed
                add("revision-before-revised", c)
            if any(g.value(c, p) != g.value(earlier, p) for p in (CKG.claimant, CKG.about, CKG.measure)):
                add("revision-mismatch", c)
    for e in set(g.subjects(CKG.startDate, None)):
        start, end = g.value(e, CKG.startDate), g.value(e, CKG.endDate)
        if _is_date(start) and _is_date(end) and end.toPython() < start.toPython():
            add("end-before-start", e)
    # Breakdowns: complete ones must add up to their total (never more).
    parts = defaultdict(list)
    for part, total in g.subject_objects(CKG.breakdownOf):
        parts[total].append(part)
    for total, ps in parts.items():
        if g.value(total, CKG.breakdownCompleteness) == CKV["completeness/complete"]:
            values = [_value(g, p, CKG.bestValue) for p in ps]
            if all(v is not None for v in values) and sum(values) > _value(g, total, CKG.bestValue):
                add("breakdown-exceeds-total", total)
    typed = set(g.subjects(RDF.type, None))
    for s, p, o in g:
        if isinstance(o, URIRef) and str(o).startswith(str(ID)) and o not in typed:
            add("dangling-reference", s)
    in_scheme = {(c, str(s)) for c, s in vocab.subject_objects(SKOS.inScheme)}
    for prop, scheme in SCHEME_OF.items():
        for s, o in g.subject_objects(prop):
            if (o, f"{CKV}{scheme}") not in in_scheme:
                add("unknown-concept", s)
    for prop in DATE_PROPERTIES:
        for s, o in g.subject_objects(prop):
            if not _is_date(o):
                add("wrong-datatype", s)
    return found


def _is_date(v) -> bool:
    return isinstance(v, Literal) and v.datatype == XSD.date


def structural_problems(g: Graph) -> list[str]:
    """Invariants beyond the seedable kinds that a clean generated graph keeps."""
    problems = []
    for c in g.subjects(RDF.type, CKG.Claim):
        if g.value(c, CKG.about) is None or g.value(c, CKG.measure) is None or g.value(c, CKG.stance) is None:
            problems.append(f"{c}: claim without about, measure or stance")
        if g.value(c, CKG.qualifier) == CKV["figure-qualifier/exact"]:
            if not (_value(g, c, CKG.minValue) == _value(g, c, CKG.bestValue) == _value(g, c, CKG.maxValue)):
                problems.append(f"{c}: exact figure whose bounds differ")
    for part, total in g.subject_objects(CKG.breakdownOf):
        if _value(g, part, CKG.bestValue) > _value(g, total, CKG.bestValue):
            problems.append(f"{part}: part larger than its total")
        for p in (CKG.claimant, CKG.about, CKG.measure):
            if g.value(part, p) != g.value(total, p):
                problems.append(f"{part}: breakdown part differs from its total in {p}")
    for sub, parent in g.subject_objects(CKG.partOf):
        s0, p0, p1 = g.value(sub, CKG.startDate), g.value(parent, CKG.startDate), g.value(parent, CKG.endDate)
        if _is_date(s0) and _is_date(p0) and s0.toPython() < p0.toPython():
            problems.append(f"{sub}: starts before {parent}, which it is part of")
        if _is_date(s0) and _is_date(p1) and s0.toPython() > p1.toPython():
            problems.append(f"{sub}: starts after {parent}, which it is part of, ends")
    for e, earlier in g.subject_objects(CKG.precededBy):
        if g.value(e, CKG.startDate).toPython() < g.value(earlier, CKG.startDate).toPython():
            problems.append(f"{e}: preceded by a later event")
    for part in g.subjects(RDF.type, CKG.Participation):
        if g.value(part, CKG.agent) is None or g.value(part, CKG.role) is None:
            problems.append(f"{part}: participation without agent or role")
        side = g.value(part, CKG.side)
        if side is not None and (side.datatype != XSD.positiveInteger or side.toPython() < 1):
            problems.append(f"{part}: side {side!r} is not a positive integer")
    for s in set(g.subjects()):
        slug = str(s).rsplit("/", 1)[1]
        if str(s).startswith(str(ID)) and not slug.startswith("gen-"):
            problems.append(f"{s}: generated IRI without the gen- marker")
    return problems
