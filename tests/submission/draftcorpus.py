"""The rule-by-rule corpus of `conflictkg draft` (tests/data/draft/*.yaml): each case is an infobox
cell or a prose passage; it is drafted inside a small article of its own and the draft is projected
onto plain facts (figures, statements, participations, event dates) that the case's expectations are
compared with. See tests/data/draft/README.md for the format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from conflictkg.model.names import normalise, qname
from conflictkg.model.namespaces import CKG
from conflictkg.submission.article import parse_article
from conflictkg.submission.draft import DRAFT_NOTE, draft_submission

CORPUS = Path(__file__).resolve().parents[1] / "data" / "draft"
KINDS = ("figure", "statement", "participant", "date", "place", "outcome", "territory", "related")
DEFAULT_INFOBOX = {"Date": "14 June 2022", "Type": "Airstrike"}


@dataclass
class Case:
    id: str
    file: str
    patterns: list[str]
    title: str
    infobox: list[tuple[str, str]]
    section: str | None
    text: str
    expect: list[dict]
    absent: list[str]  # names no node of the draft may carry, and no fact may name
    none_of: list[dict]  # facts the draft must not hold
    flagged: list[str]  # words a review marker must quote
    unread: list[str]  # words the header's "Not read" must quote

    def article(self) -> str:
        lines = [f"= {self.title} =", "", "Infobox"]
        keys = {k.lower() for k, _ in self.infobox}
        for key, value in DEFAULT_INFOBOX.items():
            if key.lower() not in keys:
                lines.append(f"- {key}: {value}")
        lines += [f"- {k}: {v}" for k, v in self.infobox]
        lines.append("")
        if self.section is None:
            lines.append(f"The {self.title} was an airstrike.")
        elif self.section == "Lead":
            lines.append(self.text)
        else:
            lines += [f"The {self.title} was an airstrike.", "", f"== {self.section} ==", self.text]
        return "\n".join(lines) + "\n"


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
            infobox = [tuple(str(x).split(": ", 1)) for x in raw.get("infobox", [])]
            cases.append(Case(
                id=raw["id"], file=path.name, patterns=list(raw.get("patterns", [])),
                title=raw.get("title", "Example strike"), infobox=infobox,
                section=raw.get("section", "Strike") if raw.get("text") else None,
                text=raw.get("text", ""), expect=list(raw.get("expect", [])), absent=list(raw.get("absent", [])),
                none_of=list(raw.get("none_of", [])), flagged=list(raw.get("flagged", [])),
                unread=list(raw.get("unread", [])),
            ))
    return cases


def _name(g: Graph, node) -> str | None:
    if node is None:
        return None
    if isinstance(node, BNode) or str(node).startswith("_:"):
        label = g.value(node, RDFS.label)
        return str(label) if label is not None else str(node)
    return qname(node)


def _slug(node) -> str | None:
    return str(node).rstrip("/").rsplit("/", 1)[-1] if node is not None else None


def _int(node):
    return int(node) if node is not None else None


def project(g: Graph) -> list[dict]:
    """The draft's statements as plain facts."""
    facts = []
    for c in g.subjects(RDF.type, CKG.Claim):
        base = {"claimant": _name(g, g.value(c, CKG.claimant)), "measure": _slug(g.value(c, CKG.measure)),
                "stance": _slug(g.value(c, CKG.stance)), "hedge": sorted(_slug(h) for h in g.objects(c, CKG.hedge)),
                "quote": str(g.value(c, CKG.quote) or ""), "section": _name(g, g.value(c, CKG.source)),
                "claim-date": str(g.value(c, CKG.claimDate)) if g.value(c, CKG.claimDate) is not None else None,
                "reference-date": str(g.value(c, CKG.referenceDate)) if g.value(c, CKG.referenceDate) is not None else None,
                "revises": g.value(c, CKG.revises) is not None, "node": c}
        if g.value(c, CKG.qualifier) is not None:
            base.update(kind="figure", counted=_slug(g.value(c, CKG.countedThing)) or "person",
                        side=_int(g.value(c, CKG.forSide)), group=_name(g, g.value(c, CKG.appliesTo)),
                        min=_int(g.value(c, CKG.minValue)), best=_int(g.value(c, CKG.bestValue)),
                        max=_int(g.value(c, CKG.maxValue)), qualifier=_slug(g.value(c, CKG.qualifier)),
                        text=str(g.value(c, CKG.figureText) or ""),
                        **{"part-of": g.value(c, CKG.breakdownOf) is not None})
        else:
            base.update(kind="statement", object=_name(g, g.value(c, CKG.objectValue)),
                        value=str(g.value(c, CKG.textValue) or ""), time=str(g.value(c, CKG.timeValue) or "") or None,
                        timezone=str(g.value(c, CKG.timeZone) or "") or None,
                        **{"stated-to": _name(g, g.value(c, CKG.statedTo))})
        facts.append(base)
    for p in g.subjects(RDF.type, CKG.Participation):
        agent = g.value(p, CKG.agent)
        parent = g.value(agent, CKG.subUnitOf) if agent is not None else None
        title = g.value(agent, CKG.positionTitle) if agent is not None else None
        evidence = g.value(p, CKG.evidencedBy)
        facts.append({"kind": "participant", "actor": _name(g, agent), "role": _slug(g.value(p, CKG.role)),
                      "side": _int(g.value(p, CKG.side)), "fate": _slug(g.value(p, CKG.fate)),
                      "hedge": [_slug(h) for h in g.objects(p, CKG.hedge)],
                      "unit-of": _name(g, parent), "title": str(title) if title is not None else None,
                      "from": str(g.value(p, CKG.activeFrom)) if g.value(p, CKG.activeFrom) is not None else None,
                      "until": str(g.value(p, CKG.activeUntil)) if g.value(p, CKG.activeUntil) is not None else None,
                      "claimant": _name(g, g.value(evidence, CKG.claimant)) if evidence is not None else None,
                      "support": _slug(g.value(p, CKG.supportKind)), "node": p})
    for e in set(g.subjects(CKG.hasParticipation, None)) | set(g.subjects(CKG.startDate, None)):
        if g.value(e, CKG.startDate) is not None:
            facts.append({"kind": "date", "of": _name(g, e), "start": str(g.value(e, CKG.startDate)),
                          "end": str(g.value(e, CKG.endDate)) if g.value(e, CKG.endDate) is not None else None,
                          "precision": _slug(g.value(e, CKG.datePrecision)), "node": e})
        for prop, kind in ((CKG.outcome, "outcome"), (CKG.territorialChange, "territory")):
            for text in g.objects(e, prop):
                facts.append({"kind": kind, "of": _name(g, e), "text": str(text), "node": e})
        for prop, relation in ((CKG.location, "location"), (CKG.nearLocation, "near"), (CKG.launchedFrom, "launched-from")):
            for place in g.objects(e, prop):
                facts.append({"kind": "place", "of": _name(g, e), "place": _name(g, place), "relation": relation, "node": e})
        for prop, relation in ((CKG.precededBy, "preceded-by"), (CKG.followedBy, "followed-by"), (CKG.relatedEvent, "related")):
            for other in g.objects(e, prop):
                facts.append({"kind": "related", "of": _name(g, e), "event": _name(g, other), "relation": relation, "node": e})
    return facts


def _same(want, got) -> bool:
    if isinstance(want, list):
        return isinstance(got, list) and all(w in got for w in want)
    if isinstance(want, str) and isinstance(got, str):
        return normalise(want) == normalise(got) or want == got
    return want == got


def matches(want: dict, fact: dict) -> bool:
    return all(_same(v, fact.get(k)) for k, v in want.items())


def names_in(g: Graph) -> set[str]:
    out = set()
    for p in (RDFS.label, SKOS.altLabel):
        for s, o in g.subject_objects(p):
            if (s, RDF.type, CKG.SourceDocument) not in g and (s, RDF.type, CKG.DocumentSection) not in g:
                out.add(normalise(str(o)))
    return out


def draft_case(case: Case, index):
    article = parse_article(case.article(), f"{case.id}.txt")
    result = draft_submission(article, index, url=f"https://en.wikipedia.org/wiki/{case.id}")
    graph = Graph().parse(data=result.text, format="turtle")
    return result, graph


def notes_of(g: Graph, node) -> list[str]:
    return [str(n) for n in g.objects(node, DRAFT_NOTE)]


def check(case: Case, index) -> list[str]:
    """What is wrong with the draft of `case`, one line each (nothing: it is right)."""
    result, g = draft_case(case, index)
    facts = project(g)
    if case.section is not None:
        # A passage is compared with the claims read from it, not with those of the default lead.
        facts = [f for f in facts if f.get("section") in (None, case.section)]
    problems = []
    for want in case.expect:
        kind = want.get("kind")
        assert kind in KINDS, f"{case.id}: unknown kind {kind!r}"
        if not any(matches(want, f) for f in facts):
            near = [({k: f.get(k) for k in want}) for f in facts if f["kind"] == kind]
            problems.append(f"missing {want}; drafted {kind}s: {near}")
    for unwanted in case.none_of:
        hits = [f for f in facts if matches(unwanted, f)]
        if hits:
            problems.append(f"drafted what it must not: {unwanted}")
    names = names_in(g)
    for name in case.absent:
        if normalise(name) in names or any(normalise(name) == normalise(str(f.get(k) or "")) for f in facts
                                           for k in ("actor", "claimant", "object", "group", "place")):
            problems.append(f"'{name}' became a name of the draft")
    all_notes = [str(o) for o in g.objects(None, DRAFT_NOTE)]
    for words in case.flagged:
        if not any(words.lower() in n.lower() for n in all_notes):
            problems.append(f"no review marker quotes '{words}': {all_notes}")
    header = "\n".join(l for l in result.text.splitlines() if l.startswith("#"))
    for words in case.unread:
        if words.lower() not in header.lower():
            problems.append(f"the header does not name '{words}' as not read")
    return problems
