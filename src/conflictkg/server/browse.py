"""The home page's search and filters, as SPARQL: which events match, in which order, and what the
filter menus offer.

A filter comes from the URL (`/?q=palmyra&from=2024-01-01&type=airstrike&place=homs-governorate&
actor=israel&role=perpetrator&contested=1`), so a view can be shared; `Filters.parse` checks each
value (a date that is not YYYY-MM-DD, a type, place, actor or role the graph does not hold is a
`FilterError` with one line saying what to send) and `Filters.where` writes the graph patterns
that select the matching `?event`s. The same filters drive the table (`/`), the map (`/api/map`)
and their counts.
"""

from __future__ import annotations

import re
from datetime import date
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox

from conflictkg.model.namespaces import BASE

EVENT_CLASSES = "ckg:Event ckg:MilitaryEvent ckg:Strike ckg:Offensive ckg:Conflict"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_SEARCH = 200
MAX_WORDS = 8  # words of a search that must match; more only slow the query

# What each filter names, and where its IRIs live.
KINDS = {
    "type": (BASE + "vocab/event-type/", "event type"),
    "place": (BASE + "id/place/", "place"),
    "actor": (BASE + "id/actor/", "actor"),
    "role": (BASE + "vocab/role/", "role"),
}

# A claim's comparison key (docs/ontology.md, "Like with like"), as contested-range computes it.
_KEY = """OPTIONAL { ?claim ckg:countedThing ?thing }
        OPTIONAL { ?claim ckg:forSide ?side }
        OPTIONAL { ?claim ckg:appliesTo ?group }
        BIND(COALESCE(?thing, <https://w3id.org/conflict-kg/vocab/counted/person>) AS ?counted)
        BIND(COALESCE(?group, IF(BOUND(?side), CONCAT("side ", STR(?side)), "all")) AS ?population)"""

# Contested as `is-contested` says it: two claimants, two different totals (best, else minimum)
# for the same measure, counted thing and population.
CONTESTED = """{ SELECT DISTINCT ?event WHERE {
    { SELECT ?event ?measure ?counted ?population (COUNT(DISTINCT ?claimant) AS ?claimants) (COUNT(DISTINCT ?value) AS ?values)
      WHERE {
        ?claim ckg:about ?event ; ckg:measure ?measure ; ckg:claimant ?claimant .
        FILTER NOT EXISTS { ?claim ckg:breakdownOf ?whole }
        OPTIONAL { ?claim ckg:bestValue ?best }
        OPTIONAL { ?claim ckg:minValue ?min }
        BIND(xsd:integer(COALESCE(?best, ?min)) AS ?value)
        FILTER(BOUND(?value))
        """ + _KEY + """
      } GROUP BY ?event ?measure ?counted ?population }
    FILTER(?claimants > 1 && ?values > 1) } }"""


def _valid_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


CONTESTED_EVENTS = "SELECT ?event WHERE " + CONTESTED


class FilterError(ValueError):
    """A filter value that cannot be used: the message says which and what to send."""


@dataclass(frozen=True)
class Filters:
    q: str = ""
    date_from: str = ""
    date_to: str = ""
    type: str = ""  # IRIs
    place: str = ""
    actor: str = ""
    role: str = ""
    contested: bool = False
    # The contested events, when the caller has them (CONTESTED_EVENTS, once per build): used instead
    # of computing the verdict in every query (8 s on 1M triples).
    contested_events: tuple[str, ...] | None = field(default=None, compare=False, hash=False, repr=False)

    @classmethod
    def parse(cls, params, known: dict[str, set[str]] | None = None) -> "Filters":
        """From the query string (a mapping or a Starlette QueryParams); `known` holds the IRIs the
        graph has for each kind (type, place, actor, role), to refuse one it does not hold."""
        get = params.get
        q = " ".join((get("q") or "").split())
        if len(q) > MAX_SEARCH:
            raise FilterError(f"q: the search is longer than {MAX_SEARCH} characters")
        dates = {}
        for name in ("from", "to"):
            value = (get(name) or "").strip()
            if value and not _valid_date(value):
                raise FilterError(f"{name}={value[:40]}: write the date as YYYY-MM-DD, such as 2024-12-08")
            dates[name] = value
        if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
            raise FilterError(f"from={dates['from']} is after to={dates['to']}: swap them")
        iris = {}
        for name, (base, what) in KINDS.items():
            value = (get(name) or "").strip()
            if not value:
                iris[name] = ""
                continue
            iri = value if value.startswith(base) else base + value
            try:
                ox.NamedNode(iri)
            except ValueError:
                raise FilterError(f"{name}={value[:60]}: not a {what} of this graph") from None
            if known is not None and iri not in known.get(name, set()):
                raise FilterError(f"{name}={value[:60]}: no event of this graph has this {what}; pick one from the list")
            iris[name] = iri
        contested = (get("contested") or "").lower() in ("1", "true", "yes", "on")
        return cls(q, dates["from"], dates["to"], iris["type"], iris["place"], iris["actor"], iris["role"], contested)

    @property
    def active(self) -> bool:
        return bool(self.q or self.date_from or self.date_to or self.type or self.place or self.actor or self.role
                    or self.contested)

    def params(self) -> dict[str, str]:
        """The query-string fields of these filters (slugs, not IRIs), for links."""
        out = {}
        if self.q:
            out["q"] = self.q
        if self.date_from:
            out["from"] = self.date_from
        if self.date_to:
            out["to"] = self.date_to
        for name, (base, _) in KINDS.items():
            value = getattr(self, name)
            if value:
                out[name] = value[len(base):] if value.startswith(base) else value
        if self.contested:
            out["contested"] = "1"
        return out

    def query_string(self, **more) -> str:
        return urlencode({**self.params(), **{k: v for k, v in more.items() if v is not None}})

    def where(self) -> str:
        """Graph patterns that keep the matching ?event (its class already bound), with ?start the
        event's date (the latest start: a refined event keeps its coarse date beside the finer one)."""
        parts = ["OPTIONAL { ?event ckg:startDate ?start FILTER NOT EXISTS { ?event ckg:startDate ?later FILTER (?later > ?start) } }"]
        # Every word of the search is in a name (label or alias) of the event, of a place it is at
        # or near, or of an actor taking part: "al-Mayadin strikes" finds the strikes at Mayadin.
        # Each word is a sub-SELECT of the events it finds, evaluated once and joined (a FILTER
        # EXISTS per event took 30 s on 1M triples; this scans the names once per word).
        for word in self.q.split()[:MAX_WORDS]:
            needle = str(ox.Literal(word.lower()))
            parts.append("{ SELECT DISTINCT ?event WHERE { "
                         "{ ?event rdfs:label|skos:altLabel ?name } "
                         "UNION { ?event ckg:location|ckg:nearLocation ?namedPlace . ?namedPlace rdfs:label|skos:altLabel ?name } "
                         "UNION { ?event ckg:hasParticipation/ckg:agent ?namedActor . ?namedActor rdfs:label|skos:altLabel ?name } "
                         f"FILTER(CONTAINS(LCASE(STR(?name)), {needle})) }} }}")
        if self.date_from or self.date_to:
            parts.append("FILTER(BOUND(?start))")
        if self.date_to:
            parts.append(f'FILTER(STR(?start) <= "{self.date_to}")')
        if self.date_from:
            # The event overlaps the range: it ends (or, undated end, starts) on or after `from`.
            parts.append("OPTIONAL { ?event ckg:endDate ?endF FILTER NOT EXISTS { ?event ckg:endDate ?laterEnd FILTER (?laterEnd > ?endF) } }")
            parts.append(f'FILTER(STR(COALESCE(?endF, ?start)) >= "{self.date_from}")')
        if self.type:
            parts.append(f"FILTER EXISTS {{ ?event ckg:eventType/skos:broader* {ox.NamedNode(self.type)} }}")
        if self.place:
            parts.append("FILTER EXISTS { ?event ckg:location|ckg:nearLocation|ckg:launchedFrom ?at . "
                         f"?at ckg:locatedIn* {ox.NamedNode(self.place)} }}")
        if self.actor or self.role:
            agent = f"ckg:agent {ox.NamedNode(self.actor)} ; " if self.actor else ""
            role = f"ckg:role {ox.NamedNode(self.role)} ; " if self.role else ""
            parts.append(f"FILTER EXISTS {{ ?event ckg:hasParticipation ?fpart . ?fpart {agent}{role}a ckg:Participation }}")
        if self.contested:
            if self.contested_events is not None:  # computed once per build by the server
                values = " ".join(str(ox.NamedNode(e)) for e in self.contested_events)
                parts.append(f"VALUES ?event {{ {values} }}")
            else:
                parts.append(CONTESTED)
        return "\n  ".join(parts)

    def matching(self, *, limit: int, offset: int = 0) -> str:
        """SELECT ?event ?start of the matching events, newest first, undated last."""
        return f"""SELECT DISTINCT ?event ?start WHERE {{
  ?event a ?c . VALUES ?c {{ {EVENT_CLASSES} }}
  {self.where()}
}} ORDER BY (!BOUND(?start)) DESC(?start) ?event LIMIT {int(limit)} OFFSET {int(offset)}"""

    def count(self) -> str:
        return f"""SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {{
  ?event a ?c . VALUES ?c {{ {EVENT_CLASSES} }}
  {self.where()}
}}"""


# What the filter menus offer: event types events have, places events are at and the places
# that contain them, actors that take part in events, and roles.
CHOICES = """SELECT DISTINCT ?kind ?node ?label ?ptype WHERE {
  { ?e ckg:eventType ?node . BIND("type" AS ?kind) }
  UNION { ?e ckg:location|ckg:nearLocation|ckg:launchedFrom ?at . ?at ckg:locatedIn* ?node . BIND("place" AS ?kind)
          OPTIONAL { ?node ckg:placeType ?ptype } }
  UNION { ?e ckg:hasParticipation ?part . ?part ckg:agent ?node . BIND("actor" AS ?kind) }
  UNION { ?part ckg:role ?node . BIND("role" AS ?kind) }
  OPTIONAL { ?node rdfs:label|skos:prefLabel ?label }
}"""

PLACE_TYPE_ORDER = ["country", "governorate", "province", "district", "region", "city", "town", "village"]


def claims_query(events: list[str]) -> str:
    """The claims about these events, as (?event ?claim ?p ?o) for the headlines."""
    values = " ".join(str(ox.NamedNode(e)) for e in events)
    return f"""SELECT ?event ?claim ?p ?o ?olabel WHERE {{
  VALUES ?event {{ {values} }}
  ?claim ckg:about ?event ; ?p ?o .
  OPTIONAL {{ ?o rdfs:label|skos:prefLabel ?olabel }}
  VALUES ?p {{ ckg:measure ckg:claimant ckg:minValue ckg:bestValue ckg:maxValue ckg:claimDate ckg:stance
              ckg:breakdownOf ckg:revises ckg:countedThing ckg:forSide ckg:appliesTo }}
}}"""
