"""What the HTML pages show, read from the store with SPARQL and shaped for the templates.

Each page runs a few small queries about one IRI (written into the query as an N-Triples term
checked by pyoxigraph) through the worker pool, concurrently, and groups the rows here. Queries
are project code, not user input, so they skip the ad hoc query check.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Awaitable, Callable

import pyoxigraph as ox

from conflictkg.model.dates import PRECISIONS
from conflictkg.model.namespaces import CKG
from conflictkg.publish.headline import Headline, headlines
from conflictkg.publish.tables import parse_point
from conflictkg.server.browse import CHOICES, KINDS, PLACE_TYPE_ORDER, Filters, claims_query
from conflictkg.server.sentences import Where, sentence, what_is_claimed
from conflictkg.server.terms import Term, best_label, local_path, qname

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
CK = str(CKG)

PROLOGUE = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# Runs a trusted query; returns (rows, truncated).
Runner = Callable[[str, int], Awaitable[tuple[list[dict[str, Term]], bool]]]


def with_iri(query: str, iri: str) -> str:
    return PROLOGUE + query.replace("{{IRI}}", str(ox.NamedNode(iri)))


OUTGOING = """SELECT ?p ?o ?plabel ?olabel WHERE {
  {{IRI}} ?p ?o .
  OPTIONAL { ?p rdfs:label ?plabel }
  OPTIONAL { ?o rdfs:label|skos:prefLabel ?olabel }
}"""

INCOMING = """SELECT ?s ?p ?plabel ?slabel WHERE {
  ?s ?p {{IRI}} .
  OPTIONAL { ?p rdfs:label ?plabel }
  OPTIONAL { ?s rdfs:label|skos:prefLabel ?slabel }
}"""

# Everything the claims, participations and the event itself say, with labels of what they name.
EVENT_NODES = """SELECT ?node ?p ?o ?olabel WHERE {
  { ?node ckg:about {{IRI}} } UNION { {{IRI}} ckg:hasParticipation ?node }
  ?node ?p ?o .
  OPTIONAL { ?o rdfs:label|skos:prefLabel ?olabel }
}"""

# Which submission added each claim and participation of an event (curated ones have none).
EVENT_ADDED = """SELECT ?node ?submission ?by ?at WHERE {
  { ?node ckg:about {{IRI}} } UNION { {{IRI}} ckg:hasParticipation ?node }
  ?submission ckg:added ?node ; a ckg:Submission .
  OPTIONAL { ?submission ckg:submittedBy ?by }
  OPTIONAL { ?submission ckg:submittedAt ?at }
}"""

# The sections cited on an event page, with their documents.
EVENT_SOURCES = """SELECT DISTINCT ?source ?label ?url ?document ?documentLabel ?documentUrl WHERE {
  { {{IRI}} ckg:source ?source } UNION { ?c ckg:about {{IRI}} ; ckg:source ?source }
  UNION { {{IRI}} ckg:hasParticipation/ckg:source ?source }
  OPTIONAL { ?source rdfs:label ?label }
  OPTIONAL { ?source ckg:url ?url }
  OPTIONAL { ?source ckg:sectionOf ?document
             OPTIONAL { ?document rdfs:label ?documentLabel } OPTIONAL { ?document ckg:url ?documentUrl } }
}"""

EVENT_PLACES = """SELECT ?rel ?place ?label ?type ?typeLabel ?wkt ?precision ?a ?b ?bLabel WHERE {
  {{IRI}} ?rel ?place . FILTER(?rel IN (ckg:location, ckg:nearLocation, ckg:launchedFrom))
  OPTIONAL { ?place rdfs:label ?label }
  OPTIONAL { ?place ckg:geoPrecision ?precision }
  OPTIONAL { ?place ckg:placeType ?type OPTIONAL { ?type skos:prefLabel ?typeLabel } }
  OPTIONAL { ?place geo:hasGeometry/geo:asWKT ?wkt }
  OPTIONAL { ?place ckg:locatedIn* ?a . ?a ckg:locatedIn ?b OPTIONAL { ?b rdfs:label ?bLabel } }
}"""

PLACE_CHAIN = """SELECT ?wkt ?a ?b ?bLabel WHERE {
  { {{IRI}} geo:hasGeometry/geo:asWKT ?wkt }
  UNION { {{IRI}} ckg:locatedIn* ?a . ?a ckg:locatedIn ?b OPTIONAL { ?b rdfs:label ?bLabel } }
}"""

PLACE_EVENTS = """SELECT DISTINCT ?event ?label ?start ?rel ?at ?atLabel WHERE {
  ?at ckg:locatedIn* {{IRI}} .
  ?event ?rel ?at . FILTER(?rel IN (ckg:location, ckg:nearLocation, ckg:launchedFrom))
  OPTIONAL { ?event rdfs:label ?label }
  OPTIONAL { ?event ckg:startDate ?start FILTER NOT EXISTS { ?event ckg:startDate ?later FILTER (?later > ?start) } }
  OPTIONAL { ?at rdfs:label ?atLabel }
} ORDER BY ?start ?event"""

ACTOR_PARTICIPATIONS = """SELECT ?event ?eventLabel ?start ?role ?roleLabel ?side ?part WHERE {
  ?part ckg:agent {{IRI}} ; ckg:role ?role .
  ?event ckg:hasParticipation ?part .
  OPTIONAL { ?event rdfs:label ?eventLabel }
  OPTIONAL { ?event ckg:startDate ?start FILTER NOT EXISTS { ?event ckg:startDate ?later FILTER (?later > ?start) } }
  OPTIONAL { ?role skos:prefLabel ?roleLabel }
  OPTIONAL { ?part ckg:side ?side }
} ORDER BY ?start ?event ?role"""

ACTOR_CLAIMS = """SELECT ?claim ?event ?eventLabel ?measure ?measureLabel ?figure ?stance ?stanceLabel ?claimDate ?quote WHERE {
  ?claim ckg:claimant {{IRI}} ; ckg:about ?event .
  OPTIONAL { ?event rdfs:label ?eventLabel }
  OPTIONAL { ?claim ckg:measure ?measure OPTIONAL { ?measure skos:prefLabel ?measureLabel } }
  OPTIONAL { ?claim ckg:figureText ?figure }
  OPTIONAL { ?claim ckg:stance ?stance OPTIONAL { ?stance skos:prefLabel ?stanceLabel } }
  OPTIONAL { ?claim ckg:claimDate ?claimDate }
  OPTIONAL { ?claim ckg:quote ?quote }
} ORDER BY ?event ?measure ?claim"""

SOURCE_CITED_BY = """SELECT ?node ?nodeLabel ?type ?section ?quote ?event ?eventLabel WHERE {
  { ?node ckg:source {{IRI}} BIND({{IRI}} AS ?section) } UNION { ?section ckg:sectionOf {{IRI}} . ?node ckg:source ?section }
  OPTIONAL { ?node a ?type }
  OPTIONAL { ?node rdfs:label ?nodeLabel }
  OPTIONAL { ?node ckg:quote ?quote }
  OPTIONAL { ?node ckg:about ?event OPTIONAL { ?event rdfs:label ?eventLabel } }
} ORDER BY ?section ?node"""

EVENTS_INDEX = """SELECT ?event ?class ?label ?type ?typeLabel ?start ?end ?precision ?place ?placeLabel ?partOf ?partOfLabel WHERE {
  { {{MATCHING}} }
  ?event a ?class . VALUES ?class { ckg:Event ckg:MilitaryEvent ckg:Strike ckg:Offensive ckg:Conflict }
  OPTIONAL { ?event rdfs:label ?label }
  OPTIONAL { ?event ckg:eventType ?type OPTIONAL { ?type skos:prefLabel ?typeLabel } }
  OPTIONAL { ?event ckg:endDate ?end }
  OPTIONAL { ?event ckg:datePrecision ?precision }
  OPTIONAL { ?event ckg:location ?place OPTIONAL { ?place rdfs:label ?placeLabel } }
  OPTIONAL { ?event ckg:partOf ?partOf OPTIONAL { ?partOf rdfs:label ?partOfLabel } }
}"""

SCHEMES = """SELECT ?scheme ?label ?definition (COUNT(DISTINCT ?c) AS ?concepts) WHERE {
  ?scheme a skos:ConceptScheme .
  OPTIONAL { ?scheme skos:prefLabel ?label }
  OPTIONAL { ?scheme skos:definition ?definition }
  OPTIONAL { ?c skos:inScheme ?scheme }
} GROUP BY ?scheme ?label ?definition ORDER BY ?scheme"""

SCHEME_CONCEPTS = """SELECT ?concept ?label ?definition ?broader WHERE {
  ?concept skos:inScheme {{IRI}} .
  OPTIONAL { ?concept skos:prefLabel ?label }
  OPTIONAL { ?concept skos:definition ?definition }
  OPTIONAL { ?concept skos:broader ?broader }
} ORDER BY ?concept"""

CLASS_ORDER = [CK + "Strike", CK + "Offensive", CK + "MilitaryEvent", CK + "Conflict", CK + "Event"]


# --------------------------------------------------------------------------------------------
# Shapes the templates read
# --------------------------------------------------------------------------------------------


@dataclass
class Statement:
    predicate: str
    label: str
    values: list[Term] = field(default_factory=list)


@dataclass
class Resource:
    iri: str
    label: str | None
    types: list[Term]
    statements: list[Statement]  # outgoing, grouped by property, rdf:type and label excluded
    referenced_by: list[tuple[Term, Statement]]  # (subject, property) pointing here
    referenced_truncated: bool
    labels: dict[str, str]  # IRI -> label for everything named on the page

    def values(self, local: str) -> list[Term]:
        for s in self.statements:
            if s.predicate == CK + local:
                return s.values
        return []

    def value(self, local: str) -> Term | None:
        values = self.values(local)
        return values[0] if values else None

    def dates(self) -> tuple[Term | None, Term | None, Term | None]:
        """(start, end, precision) as the event is read: a refined event keeps its coarse date beside
        the finer one, and the finest is its date (conflictkg.model.dates.effective_dates)."""
        starts, ends, precisions = self.values("startDate"), self.values("endDate"), self.values("datePrecision")
        start = max(starts, key=lambda t: t.value) if starts else None
        end = max(ends, key=lambda t: t.value) if ends else None
        ranked = [p for p in precisions if _local(p.value) in PRECISIONS]
        precision = min(ranked, key=lambda p: PRECISIONS.index(_local(p.value))) if ranked else None
        return start, end, precision

    def has_type(self, *locals_: str) -> bool:
        return any(t.value in {CK + n for n in locals_} for t in self.types)

    @property
    def title(self) -> str:
        return self.label or qname(self.iri)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def collect_labels(rows, pairs) -> dict[str, str]:
    """IRI -> best label from rows, for (IRI variable, label variable) pairs."""
    candidates: dict[str, list[Term]] = defaultdict(list)
    for row in rows:
        for node, label in pairs:
            n, lab = row.get(node), row.get(label)
            if n is not None and lab is not None and n.is_iri and lab not in candidates[n.value]:
                candidates[n.value].append(lab)
    return {k: best_label(v) for k, v in candidates.items() if v}


async def resource(run: Runner, iri: str, *, incoming_limit: int = 300) -> Resource | None:
    (out, _), (inc, inc_truncated) = await asyncio.gather(
        run(with_iri(OUTGOING, iri), 5000), run(with_iri(INCOMING, iri), incoming_limit)
    )
    if not out:
        return None
    labels = collect_labels(out, [("p", "plabel"), ("o", "olabel")])
    labels.update(collect_labels(inc, [("p", "plabel"), ("s", "slabel")]))
    own_labels = [r["o"] for r in out if r["p"].value == RDFS_LABEL and r["o"].is_literal]
    label = best_label(list(dict.fromkeys(own_labels)))
    types, groups = [], {}
    for row in out:
        p, o = row["p"].value, row["o"]
        if p == RDF_TYPE:
            if o not in types:
                types.append(o)
            continue
        # rdfs:comment holds a curator's note (what the curator did and why), not a description.
        name = "curator's note" if p == RDFS_COMMENT else labels.get(p) or _local(p)
        st = groups.setdefault(p, Statement(p, name))
        if o not in st.values:
            st.values.append(o)
    statements = sorted(groups.values(), key=lambda s: (s.predicate != RDFS_LABEL, s.label.lower()))
    for st in statements:
        st.values.sort(key=lambda t: (labels.get(t.value, t.value).lower(), t.value))
    referenced = {}
    for row in inc:
        key = (row["s"], row["p"].value)
        if key not in referenced:
            referenced[key] = (row["s"], Statement(row["p"].value, labels.get(row["p"].value) or _local(row["p"].value)))
    ref = sorted(referenced.values(), key=lambda sr: (sr[1].label.lower(), labels.get(sr[0].value, sr[0].value).lower()))
    types.sort(key=lambda t: (CLASS_ORDER.index(t.value) if t.value in CLASS_ORDER else 99, t.value))
    return Resource(iri, label, types, statements, ref, inc_truncated, labels)


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------


@dataclass
class Node:
    iri: str
    props: dict[str, list[Term]] = field(default_factory=dict)

    def all(self, local: str) -> list[Term]:
        return self.props.get(CK + local, [])

    def one(self, local: str) -> Term | None:
        values = self.all(local)
        return values[0] if values else None


def group_nodes(rows) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    for row in rows:
        n = row["node"].value
        node = nodes.setdefault(n, Node(n))
        values = node.props.setdefault(row["p"].value, [])
        if row["o"] not in values:
            values.append(row["o"])
    return nodes


@dataclass
class Source:
    iri: str
    label: str | None
    url: str | None
    document: str | None
    document_label: str | None
    document_url: str | None


@dataclass
class PlaceInfo:
    iri: str
    relation: str
    label: str | None
    type: Term | None
    wkt: str | None
    chain: list[str]  # enclosing places, nearest first
    geo_precision: str | None = None  # exact, settlement, region

    @property
    def point(self) -> tuple[float, float] | None:
        """(longitude, latitude) of its point, if it has one."""
        return parse_point(self.wkt) if self.wkt else None


def _chain(rows, start: str) -> list[str]:
    parent: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        a, b = row.get("a"), row.get("b")
        if a is not None and b is not None and b.value not in parent[a.value]:
            parent[a.value].append(b.value)
    chain, seen, current = [], {start}, start
    while parent.get(current):
        nxt = sorted(parent[current])[0]
        if nxt in seen:
            break
        chain.append(nxt)
        seen.add(nxt)
        current = nxt
    return chain


@dataclass(frozen=True)
class Added:
    """The ckg:Submission record of a node that a submission added: which, by whom, when."""

    submission: str
    by: str | None
    at: str | None  # xsd:dateTime

    @property
    def date(self) -> str | None:
        return self.at[:10] if self.at else None


@dataclass
class EventPage:
    resource: Resource
    claims: list[Node]
    participations: dict[str, list[Node]]  # side label -> participations
    places: list[PlaceInfo]
    sources: dict[str, Source]
    labels: dict[str, str]
    # claim or participation -> the submission that added it; absent: curated.
    added: dict[str, Added] = field(default_factory=dict)

    @property
    def submitted_claims(self) -> int:
        return sum(1 for c in self.claims if c.iri in self.added)

    def props(self, c: Node) -> dict[str, list[str]]:
        """A claim's properties by local name, values as strings (the shape of publish.tables)."""
        return {_local(p): [t.value for t in values] for p, values in c.props.items() if p != RDF_TYPE}

    @property
    def headlines(self) -> list[Headline]:
        return headlines({c.iri: self.props(c) for c in self.claims})

    def where(self, c: Node, *, with_event: bool = True) -> Where:
        src = c.one("source")
        s = self.sources.get(src.value) if src is not None else None
        return Where(self.resource.title if with_event else None,
                     s.label if s and s.document else None,
                     (s.document_label if s and s.document else s.label if s else None))

    def sentence(self, c: Node, *, with_source: bool = False) -> str:
        return sentence(self.props(c), self.labels, self.where(c, with_event=False) if with_source else None)

    def short(self, iri: str) -> str:
        """Another claim of this event in a few words: "Syrian Observatory for Human Rights: at least 108
        people were killed"; a claim of another event by its name."""
        for c in self.claims:
            if c.iri == iri:
                who = c.one("claimant")
                return f"{self.labels.get(who.value, qname(who.value)) if who else 'unknown claimant'}: " \
                       f"{what_is_claimed(self.props(c), self.labels)}"
        return self.labels.get(iri) or qname(iri)

    def referring(self, c: Node, local: str) -> list[Node]:
        """The claims of this event that point at `c` with ckg:<local> (revises, disputes, breakdownOf)."""
        return [o for o in self.claims if any(t.value == c.iri for t in o.all(local))]


def _num(term: Term | None) -> int:
    try:
        return int(term.value) if term is not None else 0
    except ValueError:
        return 0


async def event_page(run: Runner, iri: str, res: Resource) -> EventPage:
    (nodes_rows, _), (src_rows, _), (place_rows, _), (added_rows, _) = await asyncio.gather(
        run(with_iri(EVENT_NODES, iri), 20000), run(with_iri(EVENT_SOURCES, iri), 5000),
        run(with_iri(EVENT_PLACES, iri), 5000), run(with_iri(EVENT_ADDED, iri), 20000),
    )
    labels = dict(res.labels)
    labels.update(collect_labels(nodes_rows, [("o", "olabel")]))
    nodes = group_nodes(nodes_rows)
    claims = [n for n in nodes.values() if CK + "Claim" in {t.value for t in n.props.get(RDF_TYPE, [])}]
    parts = [n for n in nodes.values() if CK + "Participation" in {t.value for t in n.props.get(RDF_TYPE, [])}]

    def claim_key(c: Node):
        measure = c.one("measure")
        claimant = c.one("claimant")
        date = c.one("claimDate")
        return (labels.get(measure.value, measure.value) if measure else "~",
                labels.get(claimant.value, claimant.value).lower() if claimant else "~",
                date.value if date else "9999", c.iri)

    claims.sort(key=claim_key)
    by_side: dict[str, list[Node]] = {}
    role_order = ["perpetrator", "target", "combatant", "commander", "supporter"]

    def part_key(p: Node):
        role = p.one("role")
        local = _local(role.value) if role else "~"
        agent = p.one("agent")
        return (role_order.index(local) if local in role_order else 99, labels.get(agent.value, agent.value).lower() if agent else "", p.iri)

    for p in sorted(parts, key=lambda p: (_num(p.one("side")) or 999, part_key(p))):
        side = p.one("side")
        by_side.setdefault(f"Side {side.value}" if side else "No side given", []).append(p)

    sources = {}
    for row in src_rows:
        s = row["source"].value
        if s in sources:
            continue
        sources[s] = Source(
            s,
            row["label"].value if "label" in row else None,
            row["url"].value if "url" in row else None,
            row["document"].value if "document" in row else None,
            row["documentLabel"].value if "documentLabel" in row else None,
            row["documentUrl"].value if "documentUrl" in row else None,
        )
        if sources[s].label:
            labels.setdefault(s, sources[s].label)

    places: dict[str, PlaceInfo] = {}
    for row in place_rows:
        p = row["place"].value
        if p not in places:
            places[p] = PlaceInfo(p, _local(row["rel"].value), row["label"].value if "label" in row else None,
                                  row.get("type"), row["wkt"].value if "wkt" in row else None, [],
                                  _local(row["precision"].value) if "precision" in row else None)
        if "typeLabel" in row:
            labels.setdefault(row["type"].value, row["typeLabel"].value)
    labels.update(collect_labels(place_rows, [("b", "bLabel"), ("place", "label")]))
    for p, info in places.items():
        info.chain = _chain([r for r in place_rows if r["place"].value == p], p)
    added: dict[str, Added] = {}
    for row in sorted(added_rows, key=lambda r: r["submission"].value):  # one per node: submit never adds twice
        added.setdefault(row["node"].value, Added(row["submission"].value, row["by"].value if "by" in row else None,
                                                  row["at"].value if "at" in row else None))
    return EventPage(res, claims, by_side, sorted(places.values(), key=lambda i: (i.relation, i.iri)), sources, labels,
                     added)


# --------------------------------------------------------------------------------------------
# Index, actors, places, sources, vocabularies
# --------------------------------------------------------------------------------------------


@dataclass
class EventRow:
    iri: str
    label: str | None
    cls: str
    type: Term | None
    start: str | None
    end: str | None
    precision: str | None
    places: list[str]
    part_of: list[str]
    headlines: list[Headline] = field(default_factory=list)

    @property
    def casualties(self) -> list[Headline]:
        return [h for h in self.headlines if h.is_casualty]


async def events_index(run: Runner, *, limit: int, offset: int,
                       filters: Filters | None = None) -> tuple[list[EventRow], dict[str, str], bool]:
    """A page of the events that match the filters, newest first, each with its headlines."""
    filters = filters or Filters()
    query = PROLOGUE + EVENTS_INDEX.replace("{{MATCHING}}", filters.matching(limit=limit + 1, offset=offset))
    rows, _ = await run(query, 100_000)
    labels = collect_labels(rows, [("type", "typeLabel"), ("place", "placeLabel"), ("partOf", "partOfLabel"), ("event", "label")])
    events: dict[str, EventRow] = {}
    for row in rows:
        e = row["event"].value
        ev = events.get(e)
        if ev is None:
            ev = events[e] = EventRow(e, None, row["class"].value, row.get("type"),
                                      row["start"].value if "start" in row else None,
                                      row["end"].value if "end" in row else None,
                                      _local(row["precision"].value) if "precision" in row else None, [], [])
        if CLASS_ORDER.index(row["class"].value) < CLASS_ORDER.index(ev.cls):
            ev.cls = row["class"].value
        # A refined event has several dates: its latest end and finest precision are its own.
        if "end" in row and (ev.end is None or row["end"].value > ev.end):
            ev.end = row["end"].value
        if "precision" in row and _local(row["precision"].value) in PRECISIONS and (
                ev.precision is None or PRECISIONS.index(_local(row["precision"].value)) < PRECISIONS.index(ev.precision)):
            ev.precision = _local(row["precision"].value)
        for var, target in (("place", ev.places), ("partOf", ev.part_of)):
            if var in row and row[var].value not in target:
                target.append(row[var].value)
    for ev in events.values():
        ev.label = labels.get(ev.iri)
        ev.cls = _local(ev.cls)
    ordered = sorted(events.values(), key=lambda e: (e.start or "", e.iri), reverse=True)
    # Undated events (conflicts) sort last, as in the query.
    ordered = [e for e in ordered if e.start] + sorted((e for e in ordered if not e.start), key=lambda e: e.iri)
    more = len(ordered) > limit
    ordered = ordered[:limit]
    if ordered:
        claim_rows, _ = await run(PROLOGUE + claims_query([e.iri for e in ordered]), 200_000)
        for iri, label in collect_labels(claim_rows, [("o", "olabel")]).items():
            labels.setdefault(iri, label)
        by_event: dict[str, dict[str, dict[str, list[str]]]] = defaultdict(dict)
        for row in claim_rows:
            props = by_event[row["event"].value].setdefault(row["claim"].value, {})
            values = props.setdefault(_local(row["p"].value), [])
            if row["o"].value not in values:
                values.append(row["o"].value)
        for ev in ordered:
            ev.headlines = headlines(by_event.get(ev.iri, {}))
    return ordered, labels, more


async def count_events(run: Runner, filters: Filters) -> int:
    rows, _ = await run(PROLOGUE + filters.count(), 1)
    return _num(rows[0].get("n")) if rows else 0


@dataclass
class Choice:
    iri: str
    label: str
    detail: str = ""  # the place type, for places


async def filter_choices(run: Runner) -> dict[str, list[Choice]]:
    """What the filter menus offer (browse.CHOICES), each sorted by label; places by type, then label."""
    rows, _ = await run(PROLOGUE + CHOICES, 100_000)
    labels = collect_labels(rows, [("node", "label")])
    out: dict[str, dict[str, Choice]] = defaultdict(dict)
    for row in rows:
        node, kind = row["node"], row["kind"].value
        if not node.is_iri or not node.value.startswith(KINDS[kind][0]):
            continue  # the filters take the graph's own types, places, actors and roles (not ckg:unknownActor)
        choice = out[kind].setdefault(node.value, Choice(node.value, labels.get(node.value) or qname(node.value)))
        if "ptype" in row:
            choice.detail = _local(row["ptype"].value)
    result = {}
    for kind, choices in out.items():
        if kind == "place":
            def rank(c: Choice):
                t = c.detail
                return (PLACE_TYPE_ORDER.index(t) if t in PLACE_TYPE_ORDER else len(PLACE_TYPE_ORDER), c.label.lower())
            result[kind] = sorted(choices.values(), key=rank)
        else:
            result[kind] = sorted(choices.values(), key=lambda c: c.label.lower())
    return result


async def actor_extra(run: Runner, iri: str, limit: int):
    (parts, _), (claims, claims_truncated) = await asyncio.gather(
        run(with_iri(ACTOR_PARTICIPATIONS, iri), limit), run(with_iri(ACTOR_CLAIMS, iri), limit)
    )
    labels = collect_labels(parts, [("event", "eventLabel"), ("role", "roleLabel")])
    labels.update(collect_labels(claims, [("event", "eventLabel"), ("measure", "measureLabel"), ("stance", "stanceLabel")]))
    seen, unique_parts = set(), []
    for row in parts:
        key = (row["part"].value)
        if key not in seen:
            seen.add(key)
            unique_parts.append(row)
    seen, unique_claims = set(), []
    for row in claims:
        if row["claim"].value not in seen:
            seen.add(row["claim"].value)
            unique_claims.append(row)
    return unique_parts, unique_claims, claims_truncated, labels


async def place_extra(run: Runner, iri: str, limit: int):
    (chain_rows, _), (events, truncated) = await asyncio.gather(
        run(with_iri(PLACE_CHAIN, iri), 1000), run(with_iri(PLACE_EVENTS, iri), limit)
    )
    labels = collect_labels(chain_rows, [("b", "bLabel")])
    labels.update(collect_labels(events, [("event", "label"), ("at", "atLabel")]))
    wkt = next((r["wkt"].value for r in chain_rows if "wkt" in r), None)
    seen, rows = set(), []
    for row in events:
        key = (row["event"].value, row["rel"].value, row["at"].value)
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return wkt, _chain(chain_rows, iri), rows, truncated, labels


async def source_extra(run: Runner, iri: str, limit: int):
    rows, truncated = await run(with_iri(SOURCE_CITED_BY, iri), limit)
    labels = collect_labels(rows, [("node", "nodeLabel"), ("event", "eventLabel")])
    nodes: dict[str, dict] = {}
    for row in rows:
        n = row["node"].value
        entry = nodes.setdefault(n, {"node": row["node"], "section": row.get("section"), "types": [], "quote": row.get("quote"),
                                     "event": row.get("event")})
        if "type" in row and row["type"].value not in entry["types"]:
            entry["types"].append(row["type"].value)
    return list(nodes.values()), truncated, labels


async def schemes(run: Runner):
    rows, _ = await run(PROLOGUE + SCHEMES, 1000)
    return rows


async def scheme_concepts(run: Runner, iri: str):
    rows, _ = await run(with_iri(SCHEME_CONCEPTS, iri), 10000)
    seen, out = set(), []
    for row in rows:
        if row["concept"].value not in seen:
            seen.add(row["concept"].value)
            out.append(row)
    return out


# --------------------------------------------------------------------------------------------
# Maps
# --------------------------------------------------------------------------------------------

MAP_EVENTS = """SELECT ?event ?start ?label ?precision ?rel ?place ?placeLabel WHERE {
  { {{MATCHING}} }
  OPTIONAL { ?event rdfs:label ?label }
  OPTIONAL { ?event ckg:datePrecision ?precision }
  OPTIONAL { ?event ?rel ?place FILTER(?rel IN (ckg:location, ckg:nearLocation)) OPTIONAL { ?place rdfs:label ?placeLabel } }
}"""

MAX_MAP_EVENTS = 5000


def one_event(iri: str) -> str:
    """The SELECT ?event ?start of one event, in the shape of Filters.matching."""
    return ("SELECT DISTINCT ?event ?start WHERE { VALUES ?event { " + str(ox.NamedNode(iri)) + " } ?event a ?c . "
            "VALUES ?c { ckg:Event ckg:MilitaryEvent ckg:Strike ckg:Offensive ckg:Conflict } OPTIONAL { ?event ckg:startDate ?start "
            "FILTER NOT EXISTS { ?event ckg:startDate ?later FILTER (?later > ?start) } } }")


async def map_events(run: Runner, matching: str, places) -> dict:
    """The map's GeoJSON for the events `matching` selects (conflictkg.server.mapdata)."""
    from conflictkg.server import mapdata  # noqa: PLC0415 - the basemap is read only by the maps

    rows, truncated = await run(PROLOGUE + MAP_EVENTS.replace("{{MATCHING}}", matching), 200_000)
    labels = collect_labels(rows, [("event", "label"), ("place", "placeLabel")])
    events: dict[str, dict] = {}
    for row in rows:
        e = row["event"].value
        ev = events.setdefault(e, {"iri": e, "label": None, "path": local_path(e), "start": row["start"].value if "start" in row else None,
                                   "precision": None, "places": []})
        if "precision" in row and _local(row["precision"].value) in PRECISIONS and (
                ev["precision"] is None or PRECISIONS.index(_local(row["precision"].value)) < PRECISIONS.index(ev["precision"])):
            ev["precision"] = _local(row["precision"].value)
        if "place" in row and row["place"].is_iri:
            entry = (_local(row["rel"].value), row["place"].value)
            if entry not in ev["places"]:
                ev["places"].append(entry)
    for ev in events.values():
        ev["label"] = labels.get(ev["iri"]) or qname(ev["iri"])
        ev["places"].sort()
    ordered = sorted(events.values(), key=lambda e: (e["start"] or "", e["iri"]), reverse=True)
    out = mapdata.event_features(ordered, places, labels)
    out["truncated"] = truncated
    return out


# --------------------------------------------------------------------------------------------
# An event's claims as CSV
# --------------------------------------------------------------------------------------------

CLAIMS_CSV_COLUMNS = [
    "claim_id", "sentence", "measure", "counted", "population", "claimant", "claimant_id", "figure_text", "min", "best",
    "max", "qualifier", "stance", "hedge", "claim_date", "breakdown_of", "revises", "disputes", "source_section",
    "source_document", "source_url", "quote", "added_by", "added_at", "claim_iri",
]


def claims_csv_rows(ev: EventPage) -> list[dict]:
    """One row per claim of the event page, in its order: what the claims table shows, with labels
    and the claim's comparison key (counted thing and population, as contested-range writes them)."""
    from conflictkg.publish.tables import comparison_keys, concept_slug, short_id  # noqa: PLC0415 - CSV only

    def label(iri: str | None) -> str:
        return (ev.labels.get(iri) or concept_slug(short_id(iri))) if iri else ""

    rows = []
    for c in ev.claims:
        p = ev.props(c)
        first = {k: (v[0] if v else None) for k, v in p.items()}
        keys = comparison_keys(p)
        src = ev.sources.get(first.get("source") or "")
        added = ev.added.get(c.iri)
        rows.append({
            "claim_id": short_id(c.iri), "sentence": ev.sentence(c), "measure": label(first.get("measure")),
            "counted": concept_slug(keys[0].counted) if keys else "",
            "population": "; ".join(k.population if k.population == "all" or k.population.startswith("side ")
                                    else label(k.population) for k in keys),
            "claimant": label(first.get("claimant")), "claimant_id": short_id(first.get("claimant") or ""),
            "figure_text": first.get("figureText"), "min": first.get("minValue"), "best": first.get("bestValue"),
            "max": first.get("maxValue"), "qualifier": label(first.get("qualifier")), "stance": label(first.get("stance")),
            "hedge": "; ".join(label(h) for h in p.get("hedge", ())), "claim_date": first.get("claimDate"),
            "breakdown_of": "; ".join(short_id(x) for x in p.get("breakdownOf", ())),
            "revises": "; ".join(short_id(x) for x in p.get("revises", ())),
            "disputes": "; ".join(short_id(x) for x in p.get("disputes", ())),
            "source_section": src.label if src else short_id(first.get("source") or ""),
            "source_document": (src.document_label or "") if src else "",
            "source_url": (src.url or src.document_url or "") if src else "",
            "quote": " / ".join(p.get("quote", ())), "added_by": added.by if added else "curated",
            "added_at": added.at if added else "", "claim_iri": c.iri,
        })
    return rows
