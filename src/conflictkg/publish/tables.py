"""The graph as tables, in the column style of ACLED and UCDP: one row per event, one row per claim.

The event rows are read with SPARQL from a pyoxigraph store (`conflictkg.storage.graphs.project_store`)
and then assembled in Python; they feed the charts and the CSV and GeoJSON exports of one event. The
exports of the whole graph fill the same `GraphTables` from the files' N-Triples copies instead
(`conflictkg.publish.tablespool`), whose time grows with the graph where lookups in the store do not. The claims table
is the project's stored query `claims` (queries/claims.rq, `ClaimTable`), so that
`conflictkg export --table claims` and `conflictkg query claims` are one table.

Figures are compared like with like (docs/ontology.md): only with figures of the same measure,
counted thing (ckg:countedThing, people when absent) and population (the group, ckg:appliesTo, else
the side, ckg:forSide, else the whole event); `comparison_keys` gives a claim's keys.

Fatality and injury figures of an event (`fatalities_low/best/high`, `injured_...`) are taken
across its claims with that measure that count the event's people as a whole: no counted thing
other than people, no group, no side, so that a side's losses or a commander's death never widen
the event's range. Of those, claims that are only a part of another figure (ckg:breakdownOf),
claims whose claimant denies or declines to comment, and claims that a later claim revises
(ckg:revises) are left out. `fatalities_side_1_...` and `fatalities_side_2_...` are taken the same
way from the killed figures for that side (ckg:forSide) as a whole (no group, people). For each
remaining claim, its low figure is the first of ckg:minValue,
ckg:bestValue, ckg:maxValue that it states, its high figure the first of ckg:maxValue,
ckg:bestValue, ckg:minValue, and its central figure ckg:bestValue, else the one bound it has, else
the middle of its range (rounded down). The event's low is the lowest low, its high the highest
high, its best the median of the central figures (the lower of the two middle ones, so it is
always a figure someone gave). `fatalities_high_open` says the highest figure is open-ended
("more than 108", "108+": no ckg:maxValue).
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import pyoxigraph as ox

from conflictkg.core.errors import UserError
from conflictkg.model.dates import PRECISIONS
from conflictkg.model.namespaces import BASE, sparql_prologue
from conflictkg.query import library
from conflictkg.query.sparqltext import bind_values, without_comments

ID_BASE = BASE + "id/"
VOCAB_BASE = BASE + "vocab/"

EVENT_COLUMNS = [
    "event_id", "event_label", "event_class", "event_type", "start_date", "end_date", "date_precision",
    "part_of", "place_id", "place", "place_type", "admin2", "admin1", "country", "latitude", "longitude",
    "geo_precision", "location_is_near", "perpetrators", "targets", "supporters", "combatants", "commanders",
    "side_1", "side_2", "fatalities_low", "fatalities_best", "fatalities_high", "fatalities_high_open",
    "injured_low", "injured_best", "injured_high", "injured_high_open",
    "fatalities_side_1_low", "fatalities_side_1_best", "fatalities_side_1_high", "fatalities_side_1_high_open",
    "fatalities_side_2_low", "fatalities_side_2_best", "fatalities_side_2_high", "fatalities_side_2_high_open",
    "n_claims", "n_claimants", "n_sources", "claims_summary", "event_iri",
]
ROLE_COLUMNS = {"perpetrator": "perpetrators", "target": "targets", "supporter": "supporters",
                "combatant": "combatants", "commander": "commanders"}
NOT_ASSERTED = {"denies", "declines-to-comment"}
PERSON = VOCAB_BASE + "counted/person"  # what a figure counts when it does not say (ckg:countedThing)
WHOLE_EVENT = "all"  # the population of a figure with neither a group nor a side, as contested-range writes it
_POINT = re.compile(r"^\s*(?:<([^>]*)>\s*)?POINT\s*(?:Z\s*)?\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)", re.I)
_EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"


def short_id(iri: str) -> str:
    """`https://w3id.org/conflict-kg/id/event/x` -> `x`; other IRIs unchanged."""
    if iri.startswith(ID_BASE):
        rest = iri[len(ID_BASE):]
        if "/" in rest:
            return rest.split("/", 1)[1]
    return iri


def concept_slug(iri: str) -> str:
    """`https://w3id.org/conflict-kg/vocab/measure/killed` -> `killed`; other IRIs unchanged."""
    if iri.startswith(VOCAB_BASE):
        return iri.rsplit("/", 1)[1]
    return iri


def parse_point(wkt: str) -> tuple[float, float] | None:
    """(longitude, latitude) of a WKT point; CRS84 (lon lat) unless it names EPSG:4326 (lat lon)."""
    m = _POINT.match(wkt or "")
    if not m:
        return None
    x, y = float(m.group(2)), float(m.group(3))
    return (y, x) if m.group(1) == _EPSG_4326 else (x, y)


def _q(store: ox.Store, query: str):
    return store.query(sparql_prologue() + query, use_default_graph_as_union=True)


def _val(term) -> str | None:
    return None if term is None else term.value


@dataclass
class Figure:
    low: int | None
    high: int | None
    central: int | None
    open_high: bool


def claim_figure(props: dict[str, list[str]]) -> Figure | None:
    """The figure a claim gives (see the module docstring), or None when it gives no number."""

    def first(name: str) -> int | None:
        vals = props.get(name)
        if not vals:
            return None
        try:
            return int(vals[0])
        except ValueError:
            return None

    lo, best, hi = first("minValue"), first("bestValue"), first("maxValue")
    if lo is None and best is None and hi is None:
        return None
    low = next(v for v in (lo, best, hi) if v is not None)
    high = next(v for v in (hi, best, lo) if v is not None)
    if best is not None:
        central = best
    elif lo is not None and hi is not None:
        central = (lo + hi) // 2
    else:
        central = lo if lo is not None else hi
    return Figure(low, high, central, open_high=hi is None and best is None and lo is not None)


class Key(NamedTuple):
    """What a figure is compared with: figures of the same measure, counted thing and population."""

    measure: str  # the measure's IRI
    counted: str  # the counted thing's IRI, PERSON when the claim does not say
    population: str  # a group's IRI, "side N" or WHOLE_EVENT, as the stored query contested-range gives it


def claim_side(props: dict[str, list[str]]) -> int | str | None:
    """The side a claim's figure counts (ckg:forSide) as a number, or None."""
    sides = props.get("forSide")
    if not sides:
        return None
    try:
        return int(sides[0])
    except ValueError:
        return sides[0]  # not a number: the shapes refuse it, but say what is there


def comparison_keys(props: dict[str, list[str]]) -> list[Key]:
    """The keys under which a claim's figure is compared (docs/ontology.md, "Like with like"):
    one, or one per group when the claim names several (ckg:appliesTo), as contested-range does."""
    measure = (props.get("measure") or [""])[0]
    counted = (props.get("countedThing") or [PERSON])[0]
    groups = props.get("appliesTo") or []
    if groups:
        return [Key(measure, counted, g) for g in groups]
    side = claim_side(props)
    return [Key(measure, counted, WHOLE_EVENT if side is None else f"side {side}")]


def population_id(t: "GraphTables", population: str) -> str:
    """A population as the tables write it: `all`, `side N`, or the group's short id (its label
    when the group is a blank node, whose id changes from one load to the next)."""
    if population == WHOLE_EVENT or population.startswith("side "):
        return population
    if ":" not in population:  # a blank node: every IRI has a scheme, a blank node's id has no colon
        return t.label(population)
    return short_id(population)


def counts_people_of(props: dict[str, list[str]], side: int | None) -> bool:
    """Whether a claim counts the people of the whole event (side None) or of one whole side:
    people, no group, and that side or none."""
    if props.get("appliesTo") or (props.get("countedThing") or [PERSON])[0] != PERSON:
        return False
    return claim_side(props) == side


@dataclass
class GraphTables:
    """Everything the tables and charts need, read from the store once."""

    labels: dict[str, str] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)  # event -> most specific ckg class
    event_props: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    claims: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    participations: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    places: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    located_in: dict[str, list[str]] = field(default_factory=dict)
    section_doc: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    revised_by: dict[str, list[str]] = field(default_factory=dict)
    # claim -> [(submittedBy, submittedAt)] of the ckg:Submission that added it; curated claims have none.
    submitted: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _about: dict[str, list[str]] | None = field(default=None, repr=False)
    _part: bool = field(default=False, repr=False)  # read_shared(part=True): labels are read per part

    @classmethod
    def read(cls, store: ox.Store, *, events: list[str] | None = None, claims: list[str] | None = None,
             shared: "GraphTables | None" = None) -> "GraphTables":
        """Everything the tables need, or only part of it: with `events` (IRIs), those events with the
        claims about them and their participations; with `claims`, those claims. What every part
        needs (labels, places, documents, URLs, revisions) comes from `shared` (`read_shared`)
        when given. The tables of a part are the rows of the whole for those events or claims."""
        if events is None and claims is None:
            t = cls.read_shared(store)
            t._read_part(store, None, None)
            for c, props in t.claims.items():
                for old in props.get("revises", ()):
                    t.revised_by.setdefault(old, []).append(c)
            return t
        base = shared or cls.read_shared(store, revisions=True, part=True)
        t = cls(labels=dict(base.labels), places=base.places, located_in=base.located_in,
                section_doc=dict(base.section_doc), urls=dict(base.urls), revised_by=base.revised_by)
        t._read_part(store, events, claims)
        if shared is None or shared._part:
            t._read_context(store)
        return t

    @classmethod
    def read_shared(cls, store: ox.Store, *, revisions: bool = False, part: bool = False) -> "GraphTables":
        """Places (and with `revisions`, which claims revise which), and the labels, documents and
        URLs of every node, or with `part` only the labels of blank nodes (`read` then fetches
        those of the nodes a part refers to): what the rows of any event or claim may need."""
        t = cls()
        t._part = part
        t.labels = _labels(store, None, blank_only=part)
        t.places = _props(store, """SELECT ?s ?p ?o WHERE {
            { ?s ?p ?o . VALUES ?p { ckg:placeType ckg:geoPrecision } }
            UNION { ?s geo:hasGeometry/geo:asWKT ?o . BIND(geo:asWKT AS ?p) } }""")
        for row in _q(store, "SELECT ?a ?b WHERE { ?a ckg:locatedIn ?b }"):
            t.located_in.setdefault(row["a"].value, []).append(row["b"].value)
        for v in t.located_in.values():
            v.sort()
        if not part:
            for row in _q(store, "SELECT ?sec ?doc WHERE { ?sec ckg:sectionOf ?doc }"):
                t.section_doc[row["sec"].value] = row["doc"].value
            for row in _q(store, "SELECT ?s ?u WHERE { ?s ckg:url ?u }"):
                t.urls.setdefault(row["s"].value, row["u"].value)
        if revisions:
            for row in _q(store, "SELECT ?new ?old WHERE { ?new a ckg:Claim ; ckg:revises ?old }"):
                if isinstance(row["new"], ox.NamedNode):
                    t.revised_by.setdefault(row["old"].value, []).append(row["new"].value)
        return t

    def referenced(self) -> set[str]:
        """The IRIs of the nodes this part refers to: its events, claims and participations, the IRIs
        their properties name, and the places that hold the places among them."""
        refs: set[str] = set(self.events) | set(self.claims) | set(self.participations)
        for table in (self.event_props, self.claims, self.participations):
            for props in table.values():
                for values in props.values():
                    refs.update(v for v in values if _IRI.match(v))
        for place in list(refs):
            if place in self.located_in:
                refs.update(self.ancestors(place))
        return refs

    def _read_context(self, store: ox.Store) -> None:
        """The labels, documents and URLs of the nodes this part refers to (and of the places that
        hold them, and the documents of their sections)."""
        refs = self.referenced()
        for row in _q(store, "SELECT ?sec ?doc WHERE { %s ?sec ckg:sectionOf ?doc }" % _values("sec", sorted(refs))):
            self.section_doc[row["sec"].value] = row["doc"].value
        refs.update(self.section_doc.values())
        for row in _q(store, "SELECT ?s ?u WHERE { %s ?s ckg:url ?u }" % _values("s", sorted(refs))):
            self.urls.setdefault(row["s"].value, row["u"].value)
        self.labels.update(_labels(store, sorted(refs)))

    def _read_part(self, store: ox.Store, events: list[str] | None, claims: list[str] | None) -> None:
        """Events, their properties, claims, participations and who submitted the claims: all of
        them, or those of `events`, or the claims `claims`."""
        t = self
        only_e = _values("e", events) if events is not None else ""
        only_s = _values("s", events) if events is not None else ""
        if claims is None:
            # The most specific class of each event, by the ontology's class hierarchy.
            classes: dict[str, set[str]] = defaultdict(set)
            for row in _q(store, "SELECT ?e ?c WHERE { %s ?e a ?c . ?c rdfs:subClassOf* ckg:Event }" % only_e):
                if isinstance(row["e"], ox.NamedNode):
                    classes[row["e"].value].add(row["c"].value)
            supers: dict[str, set[str]] = defaultdict(set)
            for row in _q(store, "SELECT ?c ?d WHERE { ?c rdfs:subClassOf+ ?d . ?c rdfs:subClassOf* ckg:Event }"):
                supers[row["c"].value].add(row["d"].value)
            for e, cs in classes.items():
                specific = sorted(c for c in cs if not any(c in supers[o] for o in cs if o != c))
                t.events[e] = ",".join(c.rsplit("#", 1)[-1] for c in specific)
            # The given events that are events (their classes were just read): with a VALUES list,
            # Oxigraph evaluates the class path for every node (4 s a batch of 250 at 200k triples).
            # (and FILTER IN rather than a second VALUES list: ten times faster on a batch).
            if events is not None:
                only_s, is_event = _values("s", list(t.events)), ""
            else:
                is_event = "?s a/rdfs:subClassOf* ckg:Event ."
            t.event_props = _props(store, """SELECT ?s ?p ?o WHERE { %s %s
                ?s ?p ?o .
                FILTER(?p IN (ckg:eventType, ckg:startDate, ckg:endDate, ckg:datePrecision, ckg:location,
                              ckg:nearLocation, ckg:partOf, ckg:source, ckg:hasParticipation)) }""" % (only_s, is_event))
        if events is not None:
            t.claims = _props(store, """SELECT ?s ?p ?o WHERE {
                { SELECT DISTINCT ?s WHERE { %s ?s a ckg:Claim ; ckg:about ?e } }
                ?s ?p ?o . FILTER(?p != rdf:type) }""" % only_e)
            t.participations = _props(store, """SELECT ?s ?p ?o WHERE {
                { SELECT DISTINCT ?s WHERE { %s ?e ckg:hasParticipation ?s . ?s a ckg:Participation } }
                ?s ?p ?o . FILTER(?p != rdf:type) }""" % only_e)
        elif claims is not None:
            t.claims = _props(store, "SELECT ?s ?p ?o WHERE { %s ?s a ckg:Claim ; ?p ?o . FILTER(?p != rdf:type) }"
                              % _values("s", claims))
        else:
            t.claims = _props(store, "SELECT ?s ?p ?o WHERE { ?s a ckg:Claim ; ?p ?o . FILTER(?p != rdf:type) }")
            t.participations = _props(store, "SELECT ?s ?p ?o WHERE { ?s a ckg:Participation ; ?p ?o . "
                                             "FILTER(?p != rdf:type) }")
        only_c = _values("c", list(t.claims)) if events is not None or claims is not None else ""
        for row in _q(store, """SELECT ?c ?by ?at WHERE { %s ?s a ckg:Submission ; ckg:added ?c . ?c a ckg:Claim .
                OPTIONAL { ?s ckg:submittedBy ?by } OPTIONAL { ?s ckg:submittedAt ?at } }""" % only_c):
            entry = (row["by"].value if row["by"] is not None else "", row["at"].value if row["at"] is not None else "")
            t.submitted.setdefault(row["c"].value, []).append(entry)
        for v in t.submitted.values():
            v.sort(key=lambda e: (e[1], e[0]))


    # ---- helpers -------------------------------------------------------------------------

    def label(self, iri: str | None) -> str:
        if iri is None:
            return ""
        return self.labels.get(iri) or short_id(concept_slug(iri))

    def claims_about(self, event: str) -> list[str]:
        if self._about is None:
            index: dict[str, list[str]] = {}
            for c in sorted(self.claims):
                for e in self.claims[c].get("about", ()):
                    index.setdefault(e, []).append(c)
            self._about = index
        return list(self._about.get(event, ()))

    def ancestors(self, place: str) -> list[str]:
        """The place and the places it lies in, nearest first."""
        out, queue, seen = [], [place], {place}
        while queue:
            p = queue.pop(0)
            out.append(p)
            for q in self.located_in.get(p, ()):
                if q not in seen:
                    seen.add(q)
                    queue.append(q)
        return out

    def document_of(self, section: str) -> str:
        return self.section_doc.get(section, section)

    def counted(self, claim: str) -> bool:
        """Whether a claim counts towards an event's figures (see the module docstring)."""
        p = self.claims[claim]
        if p.get("breakdownOf") or claim in self.revised_by:
            return False
        return not any(concept_slug(s) in NOT_ASSERTED for s in p.get("stance", ()))


# A value of `_props` that is an IRI (the values are strings; literals may be anything).
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


def _labels(store: ox.Store, iris: list[str] | None, *, blank_only: bool = False) -> dict[str, str]:
    """The label of every node (or of `iris`, or of the blank nodes): plain or English first, then A-Z."""
    labels: dict[str, str] = {}
    rank_of: dict[str, tuple] = {}
    where = "FILTER(isBlank(?s))" if blank_only else (_values("s", iris) if iris is not None else "")
    if iris is not None and not iris:
        return labels
    for row in _q(store, "SELECT ?s ?l WHERE { %s ?s rdfs:label ?l }" % where):
        s, lit = row["s"].value, row["l"]
        lang = getattr(lit, "language", None) or ""
        rank = (lang not in ("", "en"), lang != "", lit.value)  # plain or English first, then A-Z
        if s not in rank_of or rank < rank_of[s]:
            rank_of[s] = rank
            labels[s] = lit.value
    return labels


def _values(var: str, iris: list[str]) -> str:
    return "VALUES ?%s { %s }" % (var, " ".join(f"<{i}>" for i in iris))


# --------------------------------------------------------------------------------------------
# The claims table: the stored query `claims`
# --------------------------------------------------------------------------------------------

CLAIMS_QUERY = "claims"  # queries/claims.rq


class ClaimTable:
    """The claims table: the rows of the project's stored query `claims` (queries/claims.rq), run on
    `store`, as `conflictkg query claims` gives them: one table for the export and the query (the
    columns are the query's). Rows are dicts of plain values, read as Oxigraph gives them (it sorts
    and groups them itself, in Rust); `len()` counts the claims it will give, for progress."""

    def __init__(self, project, store: ox.Store, event: str | None = None):
        try:
            stored = library.find(project, CLAIMS_QUERY)
        except UserError:
            raise UserError(f"the claims table is the stored query {CLAIMS_QUERY!r} "
                            f"({project.queries_dir / (CLAIMS_QUERY + '.rq')}), which this project does not have; "
                            "copy it from conflict-kg's queries/") from None
        bindings = {}
        if event is not None:
            param = stored.param("event")
            if param is None:
                raise UserError(f"{stored.path}: the claims table has no event parameter, so --event cannot limit it")
            bindings[param.var] = ox.NamedNode(event)
        self.store = store
        self.event = event
        self.path = stored.path
        self.text = bind_values(without_comments(stored.text), bindings)
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            about = "?c ckg:about <%s> ." % self.event if self.event else ""
            (row,) = _q(self.store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ckg:Claim . %s FILTER(isIRI(?c)) }"
                        % about)
            self._count = int(row["n"].value)
        return self._count

    def rows(self):
        """The columns, and an iterator over the rows."""
        try:
            solutions = self.store.query(self.text, use_default_graph_as_union=True)
        except SyntaxError as exc:  # an edited queries/claims.rq
            raise UserError(f"{self.path}: cannot run the claims table: {' '.join(str(exc).split())}") from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise UserError(f"{self.path}: the claims table must be a SELECT query")
        columns = [v.value for v in solutions.variables]
        return columns, ({c: (t.value if t is not None else None) for c, t in zip(columns, s)} for s in solutions)


def _props(store: ox.Store, query: str) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for row in _q(store, query):
        s = row["s"]
        if not isinstance(s, ox.NamedNode):
            continue
        p = row["p"].value
        key = p.rsplit("#", 1)[-1] if "#" in p else p.rsplit("/", 1)[-1]
        out.setdefault(s.value, {}).setdefault(key, []).append(row["o"].value)
    # The same statement in two files (an event a submission enriched) is one value.
    for props in out.values():
        for key, vals in props.items():
            props[key] = sorted(set(vals))
    return out


def _finest(precisions) -> str | None:
    """The finest of an event's date precisions ("day" before "month" before "year")."""
    known = [p for p in precisions if p in PRECISIONS]
    return min(known, key=PRECISIONS.index) if known else None


def _join(values) -> str:
    return "; ".join(v for v in values if v)


def format_figure(props: dict[str, list[str]]) -> str:
    """How a claim's figure reads in a summary: as written if the source's words are kept."""
    if props.get("figureText"):
        return props["figureText"][0]
    lo, best, hi = (props.get(k, [None])[0] for k in ("minValue", "bestValue", "maxValue"))
    if best is not None:
        return best
    if lo is not None and hi is not None:
        return f"{lo}–{hi}"
    if lo is not None:
        return f"{lo}+"
    if hi is not None:
        return f"up to {hi}"
    return ""


def claim_summary(t: GraphTables, claim: str) -> str:
    """One claim in a few words: `killed: more than 108 (Syrian Observatory for Human Rights, 2024-11-20)`."""
    p = t.claims[claim]
    measure = concept_slug(p.get("measure", [""])[0]) or "claim"
    who = t.label(p.get("claimant", [None])[0]) or "unknown claimant"
    stance = concept_slug(p.get("stance", ["asserts"])[0])
    what = (format_figure(p) or p.get("textValue", [""])[0] or _join(t.label(o) for o in p.get("objectValue", []))
            or p.get("timeValue", [""])[0])
    notes = [who]
    if stance and stance != "asserts":
        notes.append(stance)
    notes += p.get("claimDate", [])[:1]
    if claim in t.revised_by:
        notes.append("revised")
    return f"{measure}: {what} ({', '.join(notes)})" if what else f"{measure} ({', '.join(notes)})"


def _aggregate(t: GraphTables, claims: list[str], measure: str, side: int | None = None) -> dict:
    """The low, best and high figure (module docstring) of the claims that count `measure` of the
    people of the whole event, or of one whole side: like with like, never a group's or a side's
    figure against the event's."""
    figures = []
    for c in claims:
        p = t.claims[c]
        if concept_slug(p.get("measure", [""])[0]) != measure or not t.counted(c) or not counts_people_of(p, side):
            continue
        f = claim_figure(p)
        if f is not None:
            figures.append(f)
    if not figures:
        return {"low": None, "best": None, "high": None, "open": None}
    high = max(f.high for f in figures)
    return {
        "low": min(f.low for f in figures),
        "best": statistics.median_low(f.central for f in figures),
        "high": high,
        "open": any(f.open_high and f.high == high for f in figures),
    }


def event_rows(t: GraphTables) -> list[dict]:
    """One row per event, sorted by start date then id; values are str, int, float, bool or None."""
    rows = []
    for e in t.events:
        p = t.event_props.get(e, {})
        claims = t.claims_about(e)
        locations = p.get("location", [])
        near = not locations and bool(p.get("nearLocation"))
        place = (locations or p.get("nearLocation") or [None])[0]
        lat = lon = geo_prec = None
        country = admin1 = admin2 = place_type = None
        if place:
            place_type = concept_slug(t.places.get(place, {}).get("placeType", [""])[0]) or None
            for a in t.ancestors(place):
                ptype = concept_slug(t.places.get(a, {}).get("placeType", [""])[0])
                if ptype == "country" and country is None:
                    country = t.label(a)
                elif ptype == "governorate" and admin1 is None:
                    admin1 = t.label(a)
                elif ptype == "district" and admin2 is None:
                    admin2 = t.label(a)
                if lon is None:
                    for wkt in t.places.get(a, {}).get("asWKT", []):
                        pt = parse_point(wkt)
                        if pt:
                            lon, lat = pt
                            prec = t.places.get(a, {}).get("geoPrecision")
                            geo_prec = concept_slug(prec[0]) if prec else None
                            break
        by_role: dict[str, set[str]] = defaultdict(set)
        by_side: dict[str, set[str]] = defaultdict(set)
        sections = set(p.get("source", []))
        for part in p.get("hasParticipation", []):
            pp = t.participations.get(part, {})
            names = {t.label(a) for a in pp.get("agent", [])}
            for role in pp.get("role", []):
                col = ROLE_COLUMNS.get(concept_slug(role))
                if col:
                    by_role[col] |= names
            for side in pp.get("side", []):
                by_side[side] |= names
            sections |= set(pp.get("source", []))
        claimants = set()
        for c in claims:
            sections |= set(t.claims[c].get("source", []))
            claimants |= set(t.claims[c].get("claimant", []))
        killed = _aggregate(t, claims, "killed")
        injured = _aggregate(t, claims, "injured")
        by_side_killed = {n: _aggregate(t, claims, "killed", side=n) for n in (1, 2)}
        row = {
            "event_id": short_id(e),
            "event_label": t.label(e),
            "event_class": t.events[e],
            "event_type": _join(concept_slug(x) for x in p.get("eventType", [])),
            # A refined event keeps its coarse date beside the finer one: the finest is its date.
            "start_date": max(p.get("startDate") or [None], key=lambda d: d or ""),
            "end_date": max(p.get("endDate") or [None], key=lambda d: d or ""),
            "date_precision": _finest(concept_slug(x) for x in p.get("datePrecision", [])),
            "part_of": _join(short_id(x) for x in p.get("partOf", [])),
            "place_id": short_id(place) if place else None,
            "place": t.label(place) if place else None,
            "place_type": place_type,
            "admin2": admin2,
            "admin1": admin1,
            "country": country,
            "latitude": lat,
            "longitude": lon,
            "geo_precision": geo_prec,
            "location_is_near": near if place else None,
            **{col: _join(sorted(by_role.get(col, ()))) for col in ROLE_COLUMNS.values()},
            "side_1": _join(sorted(by_side.get("1", ()))),
            "side_2": _join(sorted(by_side.get("2", ()))),
            "fatalities_low": killed["low"], "fatalities_best": killed["best"], "fatalities_high": killed["high"],
            "fatalities_high_open": killed["open"],
            "injured_low": injured["low"], "injured_best": injured["best"], "injured_high": injured["high"],
            "injured_high_open": injured["open"],
            **{f"fatalities_side_{n}_{col}": by_side_killed[n][key] for n in (1, 2)
               for col, key in (("low", "low"), ("best", "best"), ("high", "high"), ("high_open", "open"))},
            "n_claims": len(claims),
            "n_claimants": len(claimants),
            "n_sources": len({t.document_of(s) for s in sections}),
            "claims_summary": _join(claim_summary(t, c) for c in sorted(claims, key=lambda c: _claim_order(t, c))),
            "event_iri": e,
        }
        rows.append(row)
    rows.sort(key=lambda r: (r["start_date"] or "9999", r["event_id"]))
    return rows


def _claim_order(t: GraphTables, c: str) -> tuple:
    p = t.claims[c]
    return (concept_slug(p.get("measure", [""])[0]), t.label(p.get("claimant", [None])[0]),
            p.get("claimDate", [""])[0], c)
