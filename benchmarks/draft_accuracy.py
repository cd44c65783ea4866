"""How well `conflictkg draft` drafts what an article says: every annotated article
(benchmarks/gold/*.yaml) is drafted and its draft scored against the gold facts.

    .venv/bin/python benchmarks/draft_accuracy.py [--split seed,dev] [--only NAME] [--facts] [--json FILE]
    .venv/bin/python benchmarks/draft_accuracy.py --split held-out      # reported separately, summary only

Articles are read from $CONFLICTKG_ARTICLES (else ../shared/articles beside the checkout); an
article that is not there is skipped and said so. Each article is drafted against the project's
graph without the article's own curated file (data/<stem>.ttl, for the three seed articles), so
that every article is drafted as a new one; the draft's time is measured without loading the graph.

The projection (docs/drafting.md says the same in prose)
----------------------------------------------------------
The draft's Turtle is read back and projected onto the gold format, one fact per statement:

- the article's event (the draft's `_:event`, or the event it enriches): `event` (class, event type);
  its ckg:startDate/endDate/datePrecision: `date`; ckg:location, ckg:nearLocation, ckg:launchedFrom:
  `place` (relation location, near, launched-from); ckg:partOf: `part-of`; ckg:followedBy,
  ckg:precededBy, ckg:relatedEvent: `related`; ckg:outcome, ckg:territorialChange: `outcome`,
  `territory`; skos:altLabel on any node: `alias`. The same statements about another event of the
  draft project with `of` that event; a claim with measure:occurrence and a reference date is a
  `date` of the event it is about.
- a ckg:Participation: `participant` (actor, role, side, `unit-of` from the agent's ckg:subUnitOf,
  `title` from its ckg:positionTitle, `from`/`until`, `fate`, `hedge`; claimant and stance from the
  claim it is ckg:evidencedBy); a claim with measure:perpetrator, target or support whose
  ckg:objectValue is an actor also projects as a `participant` with that role, claimant and stance.
- a ckg:Claim with a ckg:qualifier: `figure` (claimant, measure, counted, side from ckg:forSide,
  group from ckg:appliesTo, min/best/max, qualifier, hedge, stance, of); any other claim: `statement`
  (claimant, measure, stance, hedge, object from ckg:objectValue, of).

Nodes are mapped to gold entities by IRI (a gold entity with `iri:`), else by name: a label or
alternative label of the node equal to the entity's name or an alias, compared as
`conflictkg.model.names` compares names (normalised, then by spelling variant). A node the draft
minted that maps to no gold entity is an invented entity.

A drafted fact and a gold fact are the same fact (anchored) when they are about the same event and:
event, date: nothing more; place, part-of, related, alias: the same entity (or name); participant:
the same actor and a compatible role (executor and planner are kinds of perpetrator); outcome,
territory: the same text; figure, statement: the same section, quotes that overlap (one contains
the other, white space, dashes and quotes normalised) and, for figures, the same number or figure
text. Among anchored pairs, each gold fact takes at most one drafted fact and the reverse, best first.

An anchored pair is compared key by key: claimant, measure, counted thing, figure (min, best, max),
qualifier, side, group, object, actor, role, place, event, relation, unit-of, title, from, until,
fate, stance, start, end, precision, class and type. A key both give differently makes the drafted
fact wrong; a key only the gold gives makes it incomplete (still right); a key only the draft gives
is extra (still right). Hedges, texts and claim dates are reported as agreement, not scored.

- precision = right drafted facts / all drafted facts (wrong ones and those anchored to no gold fact
  count against it); invented entities are counted apart;
- recall = gold facts with a right drafted fact / gold facts, for the infobox, the prose and all;
- a gold fact not recalled is flagged when the draft names it for review: a review marker on the
  drafted fact anchored to it or on a node quoting its words, or its words in the header's "Not read".
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

import gold as goldfile  # noqa: E402

HELD_OUT = ("battle-of-khasham-2018", "homs-drone-strike-2023", "manbij-offensive-2024")
ROLE_FAMILY = {"executor": "perpetrator", "planner": "perpetrator"}
RELATED = {"followed-by": {"followed-by", "caused"}, "preceded-by": {"preceded-by", "caused-by"},
           "related": {"followed-by", "preceded-by", "caused-by", "caused", "related"}}
KEYS = ("class", "type", "start", "end", "precision", "place", "relation", "event", "actor", "role", "side", "unit-of",
        "title", "from", "until", "fate", "claimant", "measure", "counted", "group", "min", "best", "max", "qualifier",
        "object", "stance", "of", "name", "text")
SOFT = ("hedge", "value", "date", "statedTo", "timezone", "in", "part-of-figure", "revises", "disputes")


def norm_text(text) -> str:
    t = " ".join(str(text).split())
    for a, b in (("\u2013", "-"), ("\u2014", "-"), ("\u2212", "-"), ("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'),
                 ("\u201d", '"'), ("\u00a0", " ")):
        t = t.replace(a, b)
    return t.lower().strip(" .,;:")


def overlaps(a: str, b: str) -> bool:
    a, b = norm_text(a), norm_text(b)
    return bool(a) and bool(b) and (a in b or b in a)


@dataclass
class Drafted:
    kind: str
    where: str  # infobox | prose
    section: str
    quote: str
    fields: dict
    node: object  # the node it is read from
    reviewed: bool  # the node carries a review marker
    new_entities: list = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Drafting
# --------------------------------------------------------------------------------------------

def project_graph_without(stem: str):
    from conflictkg.core.paths import find_project
    from conflictkg.rdf.rdfio import load_graph, parse_turtle_file
    from rdflib import Graph

    project = find_project(ROOT)
    graph = load_graph(project, data=False)
    for path in project.data_files():
        if path.stem == stem and path.parent == project.data_dir:
            continue  # the article's own curated file: draft it as a new article
        one = parse_turtle_file(path, Graph())
        if path.parent != project.data_dir and _records_an_article(one):
            continue  # an article's accepted submission: every article is drafted against the same ground
        graph += one
    return graph


def _parent_unit(draft, both, agent):
    """The unit an agent is listed under: the draft's own ckg:subUnitOf, else the graph's; when the
    graph holds several (a unit listed under different parents by different articles), the one the
    draft names as a participant too, else the first by IRI, so that a run scores the same each time."""
    from conflictkg.model.namespaces import CKG  # noqa: PLC0415 - local: the script's --help stays quick

    own = sorted(draft.objects(agent, CKG.subUnitOf))
    if own:
        return own[0]
    parents = sorted(both.objects(agent, CKG.subUnitOf))
    listed = {draft.value(part, CKG.agent) for part in draft.objects(None, CKG.hasParticipation)}
    return next((p for p in parents if p in listed), parents[0] if parents else None)


def _records_an_article(graph) -> bool:
    """A submission of an article's events and claims, as opposed to the shared ground the drafter
    may link to (the source documents, the actors and places several articles name)."""
    # Imported here like the rest of the drafting code: the script's --help stays quick.
    from conflictkg.model.namespaces import CKG
    from rdflib.namespace import RDF

    return any(True for _ in graph.subjects(RDF.type, CKG.Claim)) or any(True for _ in graph.subjects(CKG.eventType, None))


def draft_article(path: Path, url: str, stem: str):
    from conflictkg.model.names import NameIndex
    from conflictkg.submission.article import read_article
    from conflictkg.submission.draft import draft_submission

    graph = project_graph_without(stem)
    index = NameIndex.from_graph(graph)
    article = read_article(path)
    started = time.perf_counter()
    result = draft_submission(article, index, url=url)
    elapsed = time.perf_counter() - started
    return article, graph, result, elapsed


# --------------------------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------------------------

class EntityMap:
    def __init__(self, gold: dict, graph, draft_graph):
        from conflictkg.model.names import normalise, variant_key

        self.normalise, self.variant = normalise, variant_key
        self.graph, self.draft = graph, draft_graph
        self.by_iri, self.by_name, self.by_variant = {}, {}, {}
        self.kind = {}
        for ent in gold["entities"]:
            name = ent["name"]
            self.kind[name] = ent["kind"]
            if "iri" in ent:
                self.by_iri[self._expand(ent["iri"])] = name
            for n in [name] + list(ent.get("aliases", [])):
                self.by_name.setdefault(normalise(n), name)
                self.by_variant.setdefault(variant_key(n), name)

    @staticmethod
    def _expand(qname: str) -> str:
        from conflictkg.model.namespaces import PREFIXES

        if qname == "ckg:unknownActor":
            return PREFIXES["ckg"] + "unknownActor"
        prefix, local = qname.split(":", 1)
        return PREFIXES[prefix] + local

    def names_of(self, node) -> list[str]:
        from rdflib.namespace import RDFS, SKOS

        out = []
        for g in (self.draft, self.graph):
            for p in (RDFS.label, SKOS.altLabel):
                out += [str(o) for o in g.objects(node, p)]
        return out

    def entity(self, node) -> str | None:
        if node is None:
            return None
        if str(node) in self.by_iri:
            return self.by_iri[str(node)]
        return self.entity_from_names(self.names_of(node))

    def entity_from_names(self, names) -> str | None:
        """The gold entity one of `names` names: exactly (normalised) first, then by spelling variant."""
        for n in names:
            if self.normalise(n) in self.by_name:
                return self.by_name[self.normalise(n)]
        for n in names:
            if self.variant(n) in self.by_variant:
                return self.by_variant[self.variant(n)]
        return None


# --------------------------------------------------------------------------------------------
# Projection
# --------------------------------------------------------------------------------------------

def _slug(term) -> str | None:
    return None if term is None else re.split(r"[/#]", str(term))[-1]


def _date(value, precision) -> str | None:
    if value is None:
        return None
    text = str(value)[:10]
    p = _slug(precision) or "day"
    return text[:4] if p == "year" else text[:7] if p == "month" else text


def project(draft_graph, graph, result, title: str, ents: EntityMap) -> tuple[list[Drafted], set, list]:
    """The drafted facts, the nodes the draft minted and the invented entities (minted, unmapped)."""
    from rdflib import BNode, URIRef
    from rdflib.namespace import RDF, RDFS, SKOS

    from conflictkg.model.namespaces import CKG

    g = draft_graph
    both = graph + g
    ev_classes = {CKG.Strike, CKG.Offensive, CKG.MilitaryEvent, CKG.Conflict}
    main = result.enriches
    if main is None:
        main = next((s for s in g.subjects(RDFS.label, None) if any((s, RDF.type, c) in g for c in ev_classes)
                     and str(g.value(s, RDFS.label)) == title), None)
    facts: list[Drafted] = []

    def section_of(node):
        sec = g.value(node, CKG.source)
        if sec is None:
            return "Infobox"
        label = both.value(sec, RDFS.label)
        return str(label) if label is not None else "Infobox"

    def where(section):
        return "infobox" if section == "Infobox" else "prose"

    def reviewed(node):
        return (node, CKG.draftNote, None) in g

    def of(node):
        if node == main:
            return "@main"
        return ents.entity(node) or f"?{node}"

    def add(kind, node, fields, section=None, quote=""):
        section = section or section_of(node)
        facts.append(Drafted(kind, where(section), section, quote, fields, node, reviewed(node)))

    events = {s for c in ev_classes for s in g.subjects(RDF.type, c)} | ({main} if main is not None else set())
    for ev in events:
        sec = "Infobox"
        if ev == main:
            cls = next((_slug(c) for c in g.objects(ev, RDF.type) if c in ev_classes), None)
            if cls is None and isinstance(ev, URIRef):
                cls = next((_slug(c) for c in graph.objects(ev, RDF.type) if c in ev_classes), None)
            types = {_slug(t) for t in g.objects(ev, CKG.eventType)} | (
                {_slug(t) for t in graph.objects(ev, CKG.eventType)} if isinstance(ev, URIRef) else set())
            facts.append(Drafted("event", "infobox", "Infobox", "", {"class": cls, "type": types}, ev, reviewed(ev)))
        start = g.value(ev, CKG.startDate)
        if start is not None:
            prec = g.value(ev, CKG.datePrecision)
            facts.append(Drafted("date", "infobox", sec, "", {"of": of(ev), "start": _date(start, prec),
                                 "end": _date(g.value(ev, CKG.endDate), prec), "precision": _slug(prec) or "day"}, ev, reviewed(ev)))
        for prop, rel in ((CKG.location, "location"), (CKG.nearLocation, "near"), (CKG.launchedFrom, "launched-from")):
            for p in g.objects(ev, prop):
                facts.append(Drafted("place", "infobox", sec, "", {"of": of(ev), "place": ents.entity(p) or f"?{p}", "relation": rel}, ev, reviewed(ev)))
        for w in g.objects(ev, CKG.partOf):
            facts.append(Drafted("part-of", "infobox", sec, "", {"of": of(ev), "event": ents.entity(w) or f"?{w}"}, ev, reviewed(ev)))
        for prop, rel in ((CKG.followedBy, "followed-by"), (CKG.precededBy, "preceded-by"), (CKG.relatedEvent, "related")):
            for w in g.objects(ev, prop):
                facts.append(Drafted("related", "infobox", sec, "", {"of": of(ev), "event": ents.entity(w) or f"?{w}", "relation": rel}, ev, reviewed(ev)))
        for o in g.objects(ev, CKG.outcome):
            facts.append(Drafted("outcome", "infobox", sec, "", {"text": norm_text(o)}, ev, reviewed(ev)))
        for o in g.objects(ev, CKG.territorialChange):
            facts.append(Drafted("territory", "infobox", sec, "", {"text": norm_text(o)}, ev, reviewed(ev)))
    for s, o in g.subject_objects(SKOS.altLabel):
        if s == main and normalise_eq(ents, str(o), title):
            continue
        facts.append(Drafted("alias", "infobox", "Infobox", "", {"of": of(s), "name": ents.normalise(str(o))}, s, reviewed(s)))
    # Participations.
    for ev, part in g.subject_objects(CKG.hasParticipation):
        agent = g.value(part, CKG.agent)
        role = _slug(g.value(part, CKG.role))
        fields = {"of": of(ev), "actor": ents.entity(agent) or f"?{agent}", "role": role}
        if (side := g.value(part, CKG.side)) is not None:
            fields["side"] = int(side)
        parent = _parent_unit(g, both, agent) if agent is not None else None
        if parent is not None:
            fields["unit-of"] = ents.entity(parent) or f"?{parent}"
        if (title_ := both.value(agent, CKG.positionTitle)) is not None:
            fields["title"] = norm_text(title_)
        prec = g.value(part, CKG.activeDatePrecision)
        for prop, key in ((CKG.activeFrom, "from"), (CKG.activeUntil, "until")):
            if (v := g.value(part, prop)) is not None:
                fields[key] = _date(v, prec)
        if (fate := g.value(part, CKG.fate)) is not None:
            fields["fate"] = _slug(fate)
        if (h := g.value(part, CKG.hedge)) is not None:
            fields["hedge"] = _slug(h)
        ev_claim = g.value(part, CKG.evidencedBy)
        fields["claimant"] = ents.entity(g.value(ev_claim, CKG.claimant)) if ev_claim is not None else "Wikipedia"
        fields["stance"] = _slug(g.value(ev_claim, CKG.stance)) if ev_claim is not None else "asserts"
        add("participant", part, fields, quote=str(g.value(part, CKG.quote) or ""))
    # Claims.
    for claim in g.subjects(RDF.type, CKG.Claim):
        about = g.value(claim, CKG.about)
        fields = {"of": of(about), "claimant": ents.entity(g.value(claim, CKG.claimant)) or f"?{g.value(claim, CKG.claimant)}",
                  "measure": _slug(g.value(claim, CKG.measure)), "stance": _slug(g.value(claim, CKG.stance)) or "asserts"}
        hedges = sorted(_slug(h) for h in g.objects(claim, CKG.hedge))
        if hedges:
            fields["hedge"] = hedges
        quote = str(g.value(claim, CKG.quote) or "")
        if g.value(claim, CKG.qualifier) is not None:
            fields["qualifier"] = _slug(g.value(claim, CKG.qualifier))
            for prop, key in ((CKG.minValue, "min"), (CKG.bestValue, "best"), (CKG.maxValue, "max")):
                if (v := g.value(claim, prop)) is not None:
                    fields[key] = int(v)
            fields["counted"] = _slug(g.value(claim, CKG.countedThing)) or "person"
            if (side := g.value(claim, CKG.forSide)) is not None:
                fields["side"] = int(side)
            if (grp := g.value(claim, CKG.appliesTo)) is not None:
                fields["group"] = ents.entity(grp) or f"?{grp}"
            fields["text"] = str(g.value(claim, CKG.figureText) or "")
            add("figure", claim, fields, quote=quote)
            continue
        obj = g.value(claim, CKG.objectValue)
        if obj is not None:
            fields["object"] = ents.entity(obj) or f"?{obj}"
        if fields["measure"] == "occurrence" and g.value(claim, CKG.referenceDate) is not None:
            prec = g.value(claim, CKG.referenceDatePrecision)
            add("date", claim, {"of": fields["of"], "start": _date(g.value(claim, CKG.referenceDate), prec),
                                "precision": _slug(prec) or "day"}, quote=quote)
            continue
        if fields["measure"] in ("perpetrator", "target", "support") and obj is not None and (obj, None, None) in both \
                and ents.kind.get(fields["object"]) == "actor":
            role = {"support": "supporter"}.get(fields["measure"], fields["measure"])
            pf = {"of": fields["of"], "actor": fields["object"], "role": role, "claimant": fields["claimant"],
                  "stance": fields["stance"]}
            if hedges:
                pf["hedge"] = hedges[0]
            add("participant-or-statement", claim, {**fields, "participant": pf}, quote=quote)
            continue
        add("statement", claim, fields, quote=quote)
    minted = set()
    for link_ref in re.findall(r"^(_:[\w-]+)\n    a ckg:(?:Actor|Person|Place|Group|Conflict|Offensive|Strike|MilitaryEvent|ArmedGroup|"
                               r"ArmedForce|Unit|State)", result.text, re.M):
        minted.add(link_ref)
    return facts, minted


def normalise_eq(ents, a, b) -> bool:
    return ents.normalise(a) == ents.normalise(b)


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------

def gold_fields(fact: dict, main: str) -> dict:
    f = {k: v for k, v in fact.items() if k not in ("id", "kind", "where", "section", "quote")}
    f["of"] = "@main" if f.get("of", main) == main else f["of"]
    kind = fact["kind"]
    if kind in ("figure", "statement", "participant"):
        f.setdefault("claimant", "Wikipedia")
        f.setdefault("stance", "asserts")
    if kind == "figure":
        f.setdefault("counted", "person")
        f["text"] = norm_text(f.get("text", ""))
    if kind in ("outcome", "territory"):
        f["text"] = norm_text(f["text"])
    if kind == "alias":
        from conflictkg.model.names import normalise

        f["name"] = normalise(f["name"])
    if kind == "participant" and "title" in f:
        f["title"] = norm_text(f["title"])
    if kind == "date" and "end" not in f:
        f["end"] = None
    return f


def anchored(g: dict, gf: dict, d: Drafted) -> bool:
    kind = g["kind"]
    df = d.fields
    if d.kind == "participant-or-statement":
        if kind == "participant":
            df = df["participant"]
        elif kind == "statement":
            pass
        else:
            return False
    elif kind == "statement" and d.kind == "participant" and gf.get("measure") in ("perpetrator", "target", "support") \
            and gf.get("object") is not None:
        # A statement that someone carried out or was the target of the event, drafted as a participation.
        role = {"support": "supporter"}.get(gf["measure"], gf["measure"])
        return g["section"] == d.section and overlaps(g["quote"], d.quote) and gf["object"] == df["actor"] and \
            ROLE_FAMILY.get(df["role"], df["role"]) == role
    elif d.kind != kind:
        return False
    if kind in ("date", "event"):
        return gf.get("of", "@main") == df.get("of", "@main")
    if kind == "place":
        return gf["of"] == df["of"] and gf["place"] == df["place"]
    if kind in ("part-of", "related"):
        return gf["of"] == df["of"] and gf["event"] == df["event"]
    if kind == "alias":
        return gf["name"] == df["name"]
    if kind in ("outcome", "territory"):
        return overlaps(gf["text"], df["text"])
    if kind == "participant":
        return gf["of"] == df["of"] and gf["actor"] == df["actor"] and \
            ROLE_FAMILY.get(gf["role"], gf["role"]) == ROLE_FAMILY.get(df["role"], df["role"])
    if kind in ("figure", "statement"):
        if g["section"] != d.section or not overlaps(g["quote"], d.quote):
            return False
        if kind == "figure":
            same_number = any(gf.get(k) is not None and gf.get(k) == df.get(k) for k in ("min", "best", "max"))
            return same_number or overlaps(gf.get("text", ""), df.get("text", "")) or \
                (gf.get("qualifier") == df.get("qualifier") == "unquantified")
        return True
    return False


def compare(kind: str, gf: dict, df: dict) -> tuple[list, list, list]:
    """(wrong keys, keys the gold gives and the draft does not, keys only the draft gives)."""
    if "participant" in df and kind == "participant":
        df = df["participant"]
    if kind == "statement" and "actor" in df and "measure" not in df:
        df = {**df, "measure": {"supporter": "support"}.get(df["role"], ROLE_FAMILY.get(df["role"], df["role"])), "object": df["actor"]}
    wrong, missing, extra = [], [], []
    for key in KEYS:
        if kind in ("outcome", "territory") and key == "text":
            continue
        if kind == "figure" and key == "text":
            continue
        g, d = gf.get(key), df.get(key)
        if key == "type" and kind == "event":
            if g not in (d or set()):
                (wrong if d else missing).append(key)
            continue
        if key == "relation" and kind == "related":
            if d not in RELATED.get(g, {g}) and g not in RELATED.get(d, {d}):
                wrong.append(key)
            continue
        if key == "role":
            if g is not None and d is not None and ROLE_FAMILY.get(g, g) != ROLE_FAMILY.get(d, d):
                wrong.append(key)
            continue
        if g is None and d is None:
            continue
        if g is None:
            if key not in ("end",):
                extra.append(key)
            continue
        if d is None:
            missing.append(key)
            continue
        if g != d:
            wrong.append(key)
    return wrong, missing, extra


def score_article(gold: dict, facts: list[Drafted], minted: set, ents: EntityMap, result) -> dict:
    main = next(f for f in gold["facts"] if f["kind"] == "event")["label"]
    golds = [(g, gold_fields(g, main)) for g in gold["facts"]]
    pairs = []
    for gi, (g, gf) in enumerate(golds):
        for di, d in enumerate(facts):
            if anchored(g, gf, d):
                wrong, missing, extra = compare(g["kind"], gf, d.fields)
                pairs.append((len(wrong), len(missing), gi, di, wrong, missing, extra))
    pairs.sort(key=lambda p: (p[0], p[1]))
    gold_taken, draft_taken = {}, {}
    for nwrong, nmissing, gi, di, wrong, missing, extra in pairs:
        if gi in gold_taken or di in draft_taken:
            continue
        gold_taken[gi] = (di, wrong, missing, extra)
        draft_taken[di] = (gi, wrong)
    # Set-like facts (the same statement supports several gold facts: a place given by the infobox
    # and the lead) are right for every gold fact they agree with.
    for nwrong, nmissing, gi, di, wrong, missing, extra in pairs:
        if gi not in gold_taken and not wrong and golds[gi][0]["kind"] not in ("figure", "statement"):
            gold_taken[gi] = (di, wrong, missing, extra)
    right = sum(1 for di, (gi, wrong) in draft_taken.items() if not wrong)
    drafted = len(facts)
    recall = Counter()
    totals = Counter()
    complete = Counter()
    flagged = 0
    missed = 0
    per_fact = []
    unread = " || ".join(norm_text(u.text) for u in result.unread)
    known = 0
    for gi, (g, gf) in enumerate(golds):
        totals[g["where"]] += 1
        hit = gold_taken.get(gi)
        ok = hit is not None and not hit[1]
        if not ok and hit is None and in_graph(g, gf, ents, main):
            # About nodes the graph already holds, and already in it: nothing for the analyst to record.
            known += 1
            recall[g["where"]] += 1
            complete[g["where"]] += 1
            per_fact.append((g["id"], g["where"], g["kind"], "right (already in the graph)", g["quote"][:90]))
            continue
        if ok:
            recall[g["where"]] += 1
            if not hit[2]:
                complete[g["where"]] += 1
            status = "right" + (f" (incomplete: {', '.join(hit[2])})" if hit[2] else "")
        else:
            missed += 1
            flag = False
            if hit is not None and facts[hit[0]].reviewed:
                flag = True
            q = norm_text(g["quote"])
            pieces = [norm_text(p.strip("'")) for u in result.unread for p in u.text.split(" … ")]
            if q and (q in unread or any(len(p.split()) >= 2 and (p in q or q in p) for p in pieces)):
                flag = True
            flagged += flag
            status = ("wrong: " + ", ".join(hit[1]) if hit else "missed") + (" (flagged)" if flag else "")
        per_fact.append((g["id"], g["where"], g["kind"], status, g["quote"][:90]))
    invented = []
    for ref in sorted(minted):
        node = next((d.node for d in facts if False), None)
    # Invented entities: nodes the draft minted that no gold entity names.
    for node, name in _minted_nodes(result):
        if ents.entity_from_names([name]) is None:
            invented.append(name)
    wrong_drafted = []
    for di, d in enumerate(facts):
        if di not in draft_taken:
            wrong_drafted.append((d.kind, d.section, "not in gold", _short_fields(d.fields), d.quote[:80]))
        elif draft_taken[di][1]:
            gi = draft_taken[di][0]
            wrong_drafted.append((d.kind, d.section, f"{golds[gi][0]['id']} wrong {','.join(draft_taken[di][1])}",
                                  _short_fields(d.fields), d.quote[:80]))
    n = {w: totals[w] for w in ("infobox", "prose")}
    return {
        "facts": sum(totals.values()), "infobox": n["infobox"], "prose": n["prose"],
        "drafted": drafted, "right": right, "precision": right / drafted if drafted else 0.0,
        "recall_infobox": recall["infobox"] / n["infobox"] if n["infobox"] else 0.0,
        "recall_prose": recall["prose"] / n["prose"] if n["prose"] else 0.0,
        "recall": (recall["infobox"] + recall["prose"]) / max(1, sum(totals.values())),
        "recall_complete": (complete["infobox"] + complete["prose"]) / max(1, sum(totals.values())),
        "missed": missed, "flagged": flagged, "invented": invented, "per_fact": per_fact, "wrong": wrong_drafted,
        "statements": result.statements, "to_review": result.to_review, "known": known,
    }


def in_graph(g: dict, gf: dict, ents: EntityMap, main: str) -> bool:
    """A gold fact about nodes of the graph that the graph already states (part-of and located-in
    transitively, dates as stored, other names as labels or aliases)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS, SKOS

    from conflictkg.model.namespaces import CKG

    iri = {name: URIRef(i) for i, name in ents.by_iri.items()}
    graph = ents.graph
    of = iri.get(gf.get("of") if gf.get("of") != "@main" else main)
    if of is None:
        return False
    kind = g["kind"]
    if kind == "part-of" and (whole := iri.get(gf["event"])) is not None:
        return whole in set(graph.transitive_objects(of, CKG.partOf)) and whole != of
    if kind == "date":
        start = graph.value(of, CKG.startDate)
        return start is not None and str(start).startswith(str(gf["start"]))
    if kind == "alias":
        return any(ents.normalise(str(o)) == gf["name"] for p in (RDFS.label, SKOS.altLabel) for o in graph.objects(of, p))
    if kind == "place" and (place := iri.get(gf["place"])) is not None:
        prop = {"location": CKG.location, "near": CKG.nearLocation, "launched-from": CKG.launchedFrom}[gf["relation"]]
        return (of, prop, place) in graph
    del Literal
    return False


def _short_fields(f: dict) -> str:
    f = {k: v for k, v in f.items() if k not in ("participant",)}
    return json.dumps(f, ensure_ascii=False, default=str)[:220]


def _minted_nodes(result):
    for m in re.finditer(r"^(_:[\w-]+)\n    a ckg:(?:Actor|Person|Place|Group|Conflict|Offensive|Strike|MilitaryEvent)\b.*?\n"
                         r"(?:    ckg:draftNote .*\n)*    rdfs:label \"((?:[^\"\\\\]|\\\\.)*)\"@en", result.text, re.M):
        if m.group(1) != "_:event":
            yield m.group(1), m.group(2).replace('\\"', '"')




# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------

def run(path: Path, args) -> dict | None:
    from rdflib import Graph

    gold = goldfile.load(path)
    article_path = goldfile.articles_root() / gold["article"]
    if not article_path.is_file():
        print(f"skipped {path.stem}: no article at {article_path}", file=sys.stderr)
        return None
    stem = Path(gold["article"]).stem
    article, graph, result, elapsed = draft_article(article_path, gold["url"], stem)
    draft_graph = Graph().parse(data=result.text, format="turtle")
    ents = EntityMap(gold, graph, draft_graph)
    facts, minted = project(draft_graph, graph, result, article.title, ents)
    scores = score_article(gold, facts, minted, ents, result)
    scores.update({"article": path.stem, "split": gold["split"], "seconds": elapsed})
    return scores


def table(rows: list[dict]) -> str:
    head = ("| article | split | facts (infobox + prose) | drafted | right | precision | recall infobox | recall prose | "
            "recall all | misses flagged | invented entities | time |")
    out = [head, "|" + "---|" * 12]
    for r in rows:
        out.append(f"| {r['article']} | {r['split']} | {r['facts']} ({r['infobox']} + {r['prose']}) | {r['drafted']} | "
                   f"{r['right']} | {r['precision']:.0%} | {r['recall_infobox']:.0%} | {r['recall_prose']:.0%} | "
                   f"{r['recall']:.0%} | {r['flagged']}/{r['missed']} | {len(r['invented'])} | {r['seconds'] * 1000:.0f} ms |")
    if len(rows) > 1:
        t = {k: sum(r[k] for r in rows) for k in ("facts", "infobox", "prose", "drafted", "right", "flagged", "missed")}
        ri = sum(r["recall_infobox"] * r["infobox"] for r in rows)
        rp = sum(r["recall_prose"] * r["prose"] for r in rows)
        out.append(f"| **all {len(rows)}** | | {t['facts']} ({t['infobox']} + {t['prose']}) | {t['drafted']} | {t['right']} | "
                   f"{t['right'] / max(1, t['drafted']):.0%} | {ri / max(1, t['infobox']):.0%} | {rp / max(1, t['prose']):.0%} | "
                   f"{(ri + rp) / max(1, t['facts']):.0%} | {t['flagged']}/{t['missed']} | "
                   f"{sum(len(r['invented']) for r in rows)} | {sum(r['seconds'] for r in rows) * 1000 / len(rows):.0f} ms |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score `conflictkg draft` against the gold annotations.")
    parser.add_argument("--split", default="seed,dev", help="splits to score: seed, dev, held-out (comma-separated)")
    parser.add_argument("--only", help="one article (its stem)")
    parser.add_argument("--facts", action="store_true", help="print every gold fact's result and every wrong drafted fact "
                                                             "(refused for held-out articles)")
    parser.add_argument("--json", type=Path, help="write the scores as JSON")
    args = parser.parse_args(argv)
    splits = set(args.split.split(","))
    rows = []
    for path in sorted((ROOT / "benchmarks" / "gold").glob("*.yaml")):
        gold = goldfile.load(path)
        if gold["split"] not in splits or (args.only and path.stem != args.only):
            continue
        row = run(path, args)
        if row is None:
            continue
        rows.append(row)
        if args.facts:
            if row["split"] == "held-out":
                print(f"{path.stem}: per-fact results of held-out articles are not shown", file=sys.stderr)
            else:
                print(f"== {path.stem}")
                for f in row["per_fact"]:
                    print("  ", *f)
                print("  -- drafted facts that are not right:")
                for w in row["wrong"]:
                    print("  ", *w)
                print("  -- invented:", row["invented"])
    if not rows:
        print("no article scored", file=sys.stderr)
        return 1
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps([{k: v for k, v in r.items() if k not in ("per_fact", "wrong") or r["split"] != "held-out"}
                                         for r in rows], indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
