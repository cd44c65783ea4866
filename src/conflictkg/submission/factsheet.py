"""A fact sheet turned into a submission.

A fact sheet is the YAML an analyst writes while reading an article: every entity the article
names and every fact it states, each with its section and its exact words (the format of
benchmarks/gold/README.md). `convert` writes each fact in the model's form:

- figures and statements become claims (claimant, measure, counted thing, side, group, bounds,
  qualifier, hedge, stance, breakdowns, revisions and disputes, when it was said), each citing its
  section with its quote;
- participants become participations (role, side, hedge, from/until, fate), with the unit they
  belong to and the title given as statements about the actor; one attributed to a named claimant
  is evidenced by that claimant's claim, and a denial ("(denied by Russia)") is the denier's claim;
- dates, places, part-of and other links, outcomes, territorial changes and aliases are statements
  about the event (or the entity they name), each with a `ckg:StatementRecord` citing the fact's
  section and quote.

Entities are linked to the graph by `iri:`, by a link the caller gives, or by name and alias
(`conflictkg.model.names`); a node the graph holds is enriched, never described twice. A new node
is made for the others. Beyond the gold format, an entity may carry `type:` (a place-type slug for a
new place, an event-type slug for an event the sheet gives no `event` fact for, an actor-type slug)
and `comment:` (a note kept as `rdfs:comment`).

An event the sheet names without a date or a place (a "part of" conflict, an operation it mentions
in passing) is written as a `ckg:Event` with its name and kind: the shapes ask a military event for
a date and a place, and a later submission about it refines its class when it gives them.

Every problem is one line naming the fact or entity: an unknown name, a slug not in its scheme, a
section the graph does not hold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from conflictkg.core.errors import UserError
from conflictkg.model.names import NameIndex, normalise, qname
from conflictkg.model.namespaces import ACTOR, CKG, CKV, EVENT, GROUP, PLACE, PREFIXES, bind_prefixes
from conflictkg.rdf.rdfio import canonical_turtle

__all__ = ["FactSheetError", "Conversion", "read_sheet", "convert", "as_iso"]

KINDS = {"event", "date", "alias", "place", "part-of", "related", "participant", "figure", "statement", "outcome",
         "territory"}
ENTITY_KINDS = {"actor", "place", "event", "group"}
ACTOR_CLASSES = {"State", "Government", "GovernmentBody", "Monitor", "MediaOutlet", "InternationalOrganisation",
                 "ArmedForce", "ArmedGroup", "Unit", "Person", "CollectiveSource", "Organisation", "Actor"}
EVENT_CLASSES = {"Strike", "Offensive", "MilitaryEvent", "Conflict", "Event"}
PLACE_RELATIONS = {"location": CKG.location, "near": CKG.nearLocation, "launched-from": CKG.launchedFrom}
# "X caused Y" is said as "Y ckg:causedBy X" (fact_related turns it round).
EVENT_RELATIONS = {"followed-by": CKG.followedBy, "preceded-by": CKG.precededBy, "related": CKG.relatedEvent,
                   "caused": CKG.causedBy, "caused-by": CKG.causedBy}
# What a claim that evidences (or denies) a participation measures, by role.
ROLE_MEASURE = {"perpetrator": "perpetrator", "planner": "perpetrator", "executor": "perpetrator", "target": "target",
                "supporter": "support", "combatant": "presence", "commander": "presence"}
SLUG_SCHEMES = {"type": "event-type", "measure": "measure", "counted": "counted", "role": "role", "hedge": "hedge",
                "stance": "stance", "qualifier": "figure-qualifier", "precision": "precision", "fate": "fate"}
DATE_KEYS = ("start", "end", "from", "until", "date")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
DEFAULT_CLAIMANT = "Wikipedia"


class FactSheetError(UserError):
    """Problems with a fact sheet, one line each, all reported at once."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Conversion:
    """What `convert` made: the submission as a graph and as Turtle, and what it did."""

    graph: Graph
    text: str
    facts: dict[str, int] = field(default_factory=dict)  # kind -> facts converted
    linked: dict[str, URIRef] = field(default_factory=dict)  # entity name -> node the graph holds
    minted: dict[str, object] = field(default_factory=dict)  # entity name -> new node
    notes: list[str] = field(default_factory=list)  # what a reviewer should know, one line each


def as_iso(value):
    """YAML reads 2024-11-20 as a date and 2024 as an int: both as the ISO text they were written as."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def read_sheet(path: Path) -> dict:
    """The fact sheet at `path`, dates as ISO text. A file that is not a YAML mapping is a one-line error."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("facts"), list) or not isinstance(data.get("entities"), list):
        raise UserError(f"{path}: not a fact sheet: a YAML mapping with url, entities and facts")
    for fact in data["facts"]:
        if isinstance(fact, dict):
            for key in DATE_KEYS:
                if key in fact:
                    fact[key] = as_iso(fact[key])
    return data


def _date(text: str) -> tuple[Literal, str]:
    """ISO "2024-11-20" / "2024-11" / "2024" -> the xsd:date of its first day and its precision."""
    m = _ISO.match(str(text))
    if not m:
        raise ValueError(f"'{text}' is not an ISO date (2024-11-20, 2024-11 or 2024)")
    year, month, day = m.group(1), m.group(2), m.group(3)
    precision = "day" if day else "month" if month else "year"
    value = dt.date(int(year), int(month or 1), int(day or 1))
    return Literal(value.isoformat(), datatype=XSD.date), precision


class _Converter:
    def __init__(self, sheet: dict, index: NameIndex, graph: Graph, links: dict[str, str], name: str):
        self.sheet, self.index, self.base, self.name = sheet, index, graph, name
        self.links = links
        self.g = Graph()
        bind_prefixes(self.g)
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.entities: dict[str, dict] = {}
        self.nodes: dict[str, object] = {}
        self.existing: dict[str, URIRef] = {}
        self.sections: dict[str, URIRef] = {}
        self.figures: dict[str, BNode] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.entity_sections: dict[str, set] = defaultdict(set)
        self.event_dates: dict[str, tuple] = {}

    # ---- vocabulary and names --------------------------------------------------------------------

    def concept(self, where: str, key: str, slug) -> URIRef | None:
        scheme = SLUG_SCHEMES.get(key, key)
        iri = URIRef(f"{CKV}{scheme}/{slug}")
        if (iri, RDF.type, SKOS.Concept) not in self.base:
            self.problems.append(f"{self.name}: {where}: {key}: '{slug}' is not a slug of the {scheme} scheme "
                                 f"(ontology/vocabularies.ttl)")
            return None
        return iri

    def expand(self, text: str) -> URIRef | None:
        prefix, _, local = str(text).partition(":")
        if prefix in PREFIXES and local and not local.startswith("//"):
            return URIRef(PREFIXES[prefix] + local)
        if str(text).startswith(("http://", "https://")):
            return URIRef(text)
        return None

    def node(self, where: str, key: str, name, kinds: set[str] | None = None):
        if name is None:
            return None
        entity = self.entities.get(str(name))
        if entity is None:
            alias_of = [n for n, e in self.entities.items() if str(name) in (e.get("aliases") or [])]
            hint = f" (an alias of '{alias_of[0]}': use its name)" if alias_of else ""
            self.problems.append(f"{self.name}: {where}: {key}: '{name}' is not the name of an entity of the sheet{hint}")
            return None
        if kinds and entity["kind"] not in kinds:
            self.problems.append(f"{self.name}: {where}: {key}: '{name}' is of kind {entity['kind']}, not "
                                 f"{' or '.join(sorted(kinds))}")
            return None
        self.entity_sections[str(name)].add(where)
        return self.nodes.get(str(name))

    # ---- entities --------------------------------------------------------------------------------

    def resolve_entities(self) -> None:
        for i, entity in enumerate(self.sheet.get("entities") or [], 1):
            if not isinstance(entity, dict) or "name" not in entity or entity.get("kind") not in ENTITY_KINDS:
                self.problems.append(f"{self.name}: entity {i}: needs name and kind (one of {', '.join(sorted(ENTITY_KINDS))})")
                continue
            name = str(entity["name"])
            if name in self.entities:
                self.problems.append(f"{self.name}: entity {name}: named twice")
                continue
            self.entities[name] = entity
            node = self.link(entity)
            if node is not None:
                self.nodes[name] = node
                self.existing[name] = node
            else:
                self.nodes[name] = self.new_node(entity)

    def link(self, entity: dict) -> URIRef | None:
        name, kind = str(entity["name"]), entity["kind"]
        given = self.links.get(name) or entity.get("iri")
        if given:
            iri = self.expand(given)
            if iri is None or (iri, None, None) not in self.base:
                self.problems.append(f"{self.name}: entity {name}: {given} is not a node of the graph")
                return None
            return iri
        if name == "Unknown" and entity.get("class") == "Actor":
            return CKG.unknownActor
        found: set = set()
        for text in [name] + [str(a) for a in entity.get("aliases") or []]:
            found |= set(self.index.find(kind, text))
        if len(found) > 1:
            self.problems.append(f"{self.name}: entity {name}: the name matches {len(found)} nodes of the graph "
                                 f"({', '.join(qname(n) for n in sorted(found))}): say which with iri:")
            return None
        if found:
            return next(iter(found))
        variants = set(self.index.find_variant(kind, name))
        if len(variants) == 1:
            node = next(iter(variants))
            self.notes.append(f"entity {name}: linked to {qname(node)} by its spelling "
                              f"('{self.base.value(node, RDFS.label)}')")
            return node
        return None

    def new_node(self, entity: dict):
        name, kind, cls = str(entity["name"]), entity["kind"], str(entity.get("class") or "")
        node = BNode()
        allowed = {"actor": ACTOR_CLASSES, "place": {"Place"}, "event": EVENT_CLASSES, "group": {"Group"}}[kind]
        if cls not in allowed:
            self.problems.append(f"{self.name}: entity {name}: class: '{cls}' is not a class for a new {kind} "
                                 f"({', '.join(sorted(allowed))})")
            return node
        self.g.add((node, RDFS.label, Literal(name, lang="en")))
        for alias in entity.get("aliases") or []:
            self.g.add((node, SKOS.altLabel, Literal(str(alias), lang="en")))
        if entity.get("comment"):
            self.g.add((node, RDFS.comment, Literal(str(entity["comment"]), lang="en")))
        if kind == "event":
            if entity.get("type"):
                concept = self.concept(f"entity {name}", "type", entity["type"])
                if concept is not None:
                    self.g.add((node, CKG.eventType, concept))
            return node  # typed once its facts are known (finish_events)
        self.g.add((node, RDF.type, CKG[cls if cls != "Actor" else "Actor"]))
        if kind == "place":
            slug = entity.get("type")
            if slug is None:
                found = self.index.find_concept("place-type", name.split()[-1]) if name.split() else []
                slug = str(found[0]).rsplit("/", 1)[-1] if len(found) == 1 else None
                if slug is not None:
                    self.notes.append(f"entity {name}: place type {slug}, from its name")
            if slug is None:
                self.problems.append(f"{self.name}: entity {name}: a new place needs its place type: add "
                                     f"type: <a slug of the place-type scheme> to the entity")
            else:
                concept = self.concept(f"entity {name}", "place-type", slug)
                if concept is not None:
                    self.g.add((node, CKG.placeType, concept))
        elif kind == "actor" and entity.get("type"):
            concept = self.concept(f"entity {name}", "actor-type", entity["type"])
            if concept is not None:
                self.g.add((node, CKG.actorType, concept))
        return node

    # ---- sections and provenance -----------------------------------------------------------------

    def find_sections(self) -> None:
        url = str(self.sheet.get("url") or "")
        docs = [d for d in self.index.find_url(url) if (d, RDF.type, CKG.SourceDocument) in self.base]
        if not docs:
            self.problems.append(f"{self.name}: url: {url or '(none)'} is not a source document of the graph: "
                                 f"submit the document and its sections first")
            return
        for section in self.base.subjects(CKG.sectionOf, docs[0]):
            for label in self.base.objects(section, RDFS.label):
                self.sections[str(label)] = section

    def section(self, fact: dict, where: str) -> URIRef | None:
        name = str(fact.get("section") or "")
        found = self.sections.get(name)
        if found is None and self.sections:
            self.problems.append(f"{self.name}: {where}: section: '{name}' is not a section of {self.sheet.get('url')} "
                                 f"in the graph ({', '.join(sorted(self.sections))})")
        return found

    def cite(self, node, fact: dict, section) -> None:
        if section is not None:
            self.g.add((node, CKG.source, section))
        if fact.get("quote"):
            self.g.add((node, CKG.quote, Literal(str(fact["quote"]))))

    def state(self, subject, predicate, obj, fact: dict, section) -> None:
        """A statement about an event, actor or place, with a record of the fact it comes from."""
        if subject is None or obj is None:
            return
        # Said again when the graph holds it already, so that its record (this article's section and
        # words) accompanies it: every fact stays traceable to every article that states it.
        self.g.add((subject, predicate, obj))
        record = BNode()
        self.g.add((record, RDF.type, CKG.StatementRecord))
        self.g.add((record, RDF.subject, subject))
        self.g.add((record, RDF.predicate, predicate))
        self.g.add((record, RDF.object, obj))
        self.cite(record, fact, section)
        if section is not None:
            self.g.add((subject, CKG.source, section))

    # ---- facts -----------------------------------------------------------------------------------

    def convert(self) -> None:
        self.find_sections()
        self.resolve_entities()
        facts = [f for f in self.sheet.get("facts") or [] if isinstance(f, dict)]
        events = [f for f in facts if f.get("kind") == "event"]
        self.main = None
        if len(events) != 1:
            self.problems.append(f"{self.name}: the sheet needs exactly one fact of kind event (it has {len(events)})")
        else:
            self.main = self.node(f"fact {events[0].get('id')}", "label", events[0].get("label"), {"event"})
            self.main_name = str(events[0].get("label"))
        ids = [f.get("id") for f in facts]
        for fact in facts:
            if ids.count(fact.get("id")) > 1:
                self.problems.append(f"{self.name}: fact {fact.get('id')}: id: not unique")
        # Figures first, so that a breakdown, a revision or a dispute can name a later figure.
        for fact in facts:
            if fact.get("kind") == "figure":
                self.figures[str(fact.get("id"))] = BNode()
        for fact in facts:
            where = f"fact {fact.get('id')}"
            kind = fact.get("kind")
            if kind not in KINDS:
                self.problems.append(f"{self.name}: {where}: kind: '{kind}' is not one of {', '.join(sorted(KINDS))}")
                continue
            section = self.section(fact, where)
            before = len(self.problems)
            getattr(self, "fact_" + kind.replace("-", "_"))(fact, where, section)
            if len(self.problems) == before:
                self.counts[kind] += 1
        self.finish_entities()

    def of(self, fact: dict, where: str):
        if "of" in fact:
            return self.node(where, "of", fact["of"], {"event"})
        return self.main

    def required(self, fact: dict, where: str, *keys: str) -> bool:
        missing = [k for k in keys if fact.get(k) in (None, "")]
        for k in missing:
            self.problems.append(f"{self.name}: {where}: {k}: missing (required for {fact.get('kind')})")
        return not missing

    def fact_event(self, fact, where, section):
        if not self.required(fact, where, "label", "class", "type") or self.main is None:
            return
        cls = str(fact["class"])
        if cls not in EVENT_CLASSES - {"Conflict", "Event"}:
            self.problems.append(f"{self.name}: {where}: class: '{cls}' is not Strike, Offensive or MilitaryEvent")
            return
        self.main_class = cls
        self.state(self.main, CKG.eventType, self.concept(where, "type", fact["type"]), fact, section)

    def fact_date(self, fact, where, section):
        if not self.required(fact, where, "start", "precision"):
            return
        event = self.of(fact, where)
        try:
            start, precision = _date(fact["start"])
            end = _date(fact["end"])[0] if fact.get("end") else None
        except ValueError as exc:
            self.problems.append(f"{self.name}: {where}: {exc}")
            return
        concept = self.concept(where, "precision", fact["precision"])
        if concept is None or event is None:
            return
        if str(fact["precision"]) != precision:
            self.problems.append(f"{self.name}: {where}: precision: {fact['precision']} does not go with '{fact['start']}'")
            return
        if event in self.event_dates and self.event_dates[event][:2] != (start, precision):
            # Another date than the one the sheet gave first: the article dates it twice, so the
            # second is a claim that the event took place then (the model's rule, not a second date).
            node = self.claim(dict(fact, claimant=DEFAULT_CLAIMANT), where, section, event, "occurrence")
            if node is not None:
                self.g.add((node, CKG.referenceDate, start))
                self.g.add((node, CKG.referenceDatePrecision, concept))
                self.notes.append(f"{where}: a second date for the event ({fact['start']}): written as a claim "
                                  f"(measure:occurrence)")
            return
        self.event_dates[event] = (start, precision)
        self.state(event, CKG.startDate, start, fact, section)
        self.state(event, CKG.datePrecision, concept, fact, section)
        if end is not None:
            self.state(event, CKG.endDate, end, fact, section)

    def fact_alias(self, fact, where, section):
        if not self.required(fact, where, "of", "name"):
            return
        target = self.node(where, "of", fact["of"])
        self.state(target, SKOS.altLabel, Literal(str(fact["name"]), lang="en"), fact, section)

    def fact_place(self, fact, where, section):
        if not self.required(fact, where, "place", "relation"):
            return
        predicate = self.relation(fact, where, PLACE_RELATIONS)
        if predicate is None:
            return
        event, place = self.of(fact, where), self.node(where, "place", fact["place"], {"place"})
        self.state(event, predicate, place, fact, section)
        if fact.get("in"):
            outer = self.node(where, "in", fact["in"], {"place"})
            if place is not None and outer is not None and place != outer and not self._contains(outer, place):
                self.state(place, CKG.locatedIn, outer, fact, section)

    def relation(self, fact, where, relations: dict):
        """The predicate of the fact's `relation` in `relations`, or None with a problem naming the choices."""
        predicate = relations.get(str(fact["relation"]))
        if predicate is None:
            self.problems.append(f"{self.name}: {where}: relation: '{fact['relation']}' is not one of "
                                 f"{', '.join(relations)}")
        return predicate

    def _contains(self, outer, inner) -> bool:
        """True when `inner` already lies in `outer` (in the graph, transitively) or `outer` in `inner`."""
        if isinstance(outer, URIRef) and isinstance(inner, URIRef):
            seen = set(self.base.transitive_objects(inner, CKG.locatedIn))
            return outer in seen or inner in set(self.base.transitive_objects(outer, CKG.locatedIn))
        return False

    def fact_part_of(self, fact, where, section):
        if not self.required(fact, where, "event"):
            return
        self.state(self.of(fact, where), CKG.partOf, self.node(where, "event", fact["event"], {"event"}), fact, section)

    def fact_related(self, fact, where, section):
        if not self.required(fact, where, "event", "relation"):
            return
        predicate = self.relation(fact, where, EVENT_RELATIONS)
        if predicate is None:
            return
        subject, other = self.of(fact, where), self.node(where, "event", fact["event"], {"event"})
        if fact["relation"] == "caused":
            subject, other = other, subject
        self.state(subject, predicate, other, fact, section)

    def fact_outcome(self, fact, where, section):
        if self.required(fact, where, "text"):
            self.state(self.main, CKG.outcome, Literal(str(fact["text"])), fact, section)

    def fact_territory(self, fact, where, section):
        if self.required(fact, where, "text"):
            self.state(self.main, CKG.territorialChange, Literal(str(fact["text"])), fact, section)

    def claim(self, fact, where, section, about, measure_slug) -> BNode | None:
        node = self.figures.get(str(fact.get("id"))) if fact.get("kind") == "figure" else BNode()
        claimant = self.node(where, "claimant", fact.get("claimant", DEFAULT_CLAIMANT), {"actor"})
        measure = self.concept(where, "measure", measure_slug)
        stance = self.concept(where, "stance", fact.get("stance", "asserts"))
        if None in (claimant, measure, stance, about):
            return None
        self.g.add((node, RDF.type, CKG.Claim))
        self.g.add((node, CKG.about, about))
        self.g.add((node, CKG.claimant, claimant))
        self.g.add((node, CKG.measure, measure))
        self.g.add((node, CKG.stance, stance))
        if fact.get("hedge"):
            hedge = self.concept(where, "hedge", fact["hedge"])
            if hedge is not None:
                self.g.add((node, CKG.hedge, hedge))
        if fact.get("date"):
            try:
                when, precision = _date(fact["date"])
            except ValueError as exc:
                self.problems.append(f"{self.name}: {where}: date: {exc}")
            else:
                self.g.add((node, CKG.claimDate, when))
                self.g.add((node, CKG.claimDatePrecision, URIRef(f"{CKV}precision/{precision}")))
        self.cite(node, fact, section)
        return node

    def fact_figure(self, fact, where, section):
        if not self.required(fact, where, "measure", "qualifier", "text"):
            return
        node = self.claim(fact, where, section, self.of(fact, where), fact["measure"])
        if node is None:
            return
        values = {}
        for key, predicate in (("min", CKG.minValue), ("best", CKG.bestValue), ("max", CKG.maxValue)):
            if fact.get(key) is not None:
                value = fact[key]
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    self.problems.append(f"{self.name}: {where}: {key}: '{value}' is not a whole number from 0")
                    continue
                values[key] = value
                self.g.add((node, predicate, Literal(str(value), datatype=XSD.nonNegativeInteger)))
        order = [values[k] for k in ("min", "best", "max") if k in values]
        if order != sorted(order):
            self.problems.append(f"{self.name}: {where}: min, best and max are not in order ({values})")
        qualifier = self.concept(where, "qualifier", fact["qualifier"])
        if qualifier is not None:
            self.g.add((node, CKG.qualifier, qualifier))
        self.g.add((node, CKG.figureText, Literal(str(fact["text"]))))
        if fact.get("counted") and str(fact["counted"]) != "person":
            counted = self.concept(where, "counted", fact["counted"])
            if counted is not None:
                self.g.add((node, CKG.countedThing, counted))
        if fact.get("side") is not None:
            side = fact["side"]
            if not isinstance(side, int) or isinstance(side, bool) or side < 1:
                self.problems.append(f"{self.name}: {where}: side: '{side}' is not a whole number from 1")
            else:
                self.g.add((node, CKG.forSide, Literal(str(side), datatype=XSD.positiveInteger)))
        if fact.get("group"):
            group = self.node(where, "group", fact["group"], {"group"})
            if group is not None:
                self.g.add((node, CKG.appliesTo, group))
        for key, predicate in (("part-of-figure", CKG.breakdownOf), ("revises", CKG.revises), ("disputes", CKG.disputes)):
            if fact.get(key):
                other = self.figures.get(str(fact[key]))
                if other is None or other == node:
                    self.problems.append(f"{self.name}: {where}: {key}: '{fact[key]}' is not the id of another figure")
                else:
                    self.g.add((node, predicate, other))

    def fact_statement(self, fact, where, section):
        if not self.required(fact, where, "measure"):
            return
        about = self.of(fact, where)
        node = self.claim(fact, where, section, about, fact["measure"])
        if node is None:
            return
        if fact.get("object"):
            target = self.node(where, "object", fact["object"], {"actor", "place", "event", "group"})
            if target is not None:
                self.g.add((node, CKG.objectValue, target))
        if fact.get("statedTo"):
            to = self.node(where, "statedTo", fact["statedTo"], {"actor"})
            if to is not None:
                self.g.add((node, CKG.statedTo, to))
        if fact.get("value") is not None:
            self.g.add((node, CKG.textValue, Literal(str(fact["value"]))))
        if fact.get("timezone"):
            self.g.add((node, CKG.timeZone, Literal(str(fact["timezone"]))))
        if str(fact["measure"]) == "time-of-day":
            self.time_value(node, fact, where, about)

    def time_value(self, node, fact, where, about) -> None:
        m = _TIME.match(str(fact.get("value") or ""))
        if not m:  # "around 11:00", "15:55–16:56": the words stay as ckg:textValue
            self.notes.append(f"{where}: the time '{fact.get('value')}' is not one HH:MM: kept as text")
            return
        day = self.event_dates.get(about)
        if day is None and isinstance(about, URIRef):
            dates = list(self.base.objects(about, CKG.startDate))
            precisions = {str(p).rsplit("/", 1)[-1] for p in self.base.objects(about, CKG.datePrecision)}
            day = (max(dates), "day") if dates and "day" in precisions else None
        if day is None or day[1] != "day":
            self.notes.append(f"{where}: the event has no day to put the time {fact['value']} on: kept as text")
            return
        stamp = f"{day[0]}T{int(m.group(1)):02d}:{m.group(2)}:00"
        self.g.add((node, CKG.timeValue, Literal(stamp, datatype=XSD.dateTime)))

    def fact_participant(self, fact, where, section):
        if not self.required(fact, where, "actor", "role"):
            return
        event, actor = self.of(fact, where), self.node(where, "actor", fact["actor"], {"actor"})
        role = self.concept(where, "role", fact["role"])
        if None in (event, actor, role):
            return
        claimant = fact.get("claimant", DEFAULT_CLAIMANT)
        stance = str(fact.get("stance", "asserts"))
        evidence = None
        if claimant != DEFAULT_CLAIMANT or stance != "asserts":
            evidence = self.claim(fact, where, section, event, ROLE_MEASURE[str(fact["role"])])
            if evidence is None:
                return
            self.g.add((evidence, CKG.objectValue, actor))
            if stance == "denies":
                return  # a denial is the denier's claim, not a participation
        part = BNode()
        self.g.add((event, CKG.hasParticipation, part))
        self.g.add((part, RDF.type, CKG.Participation))
        self.g.add((part, CKG.agent, actor))
        self.g.add((part, CKG.role, role))
        self.cite(part, fact, section)
        if evidence is not None:
            self.g.add((part, CKG.evidencedBy, evidence))
        if fact.get("side") is not None:
            self.g.add((part, CKG.side, Literal(str(fact["side"]), datatype=XSD.positiveInteger)))
        if fact.get("hedge"):
            hedge = self.concept(where, "hedge", fact["hedge"])
            if hedge is not None:
                self.g.add((part, CKG.hedge, hedge))
        if fact.get("fate"):
            fate = self.concept(where, "fate", fact["fate"])
            if fate is not None:
                self.g.add((part, CKG.fate, fate))
        precisions = set()
        for key, predicate in (("from", CKG.activeFrom), ("until", CKG.activeUntil)):
            if fact.get(key):
                try:
                    when, precision = _date(fact[key])
                except ValueError as exc:
                    self.problems.append(f"{self.name}: {where}: {key}: {exc}")
                    continue
                self.g.add((part, predicate, when))
                precisions.add(precision)
        if len(precisions) > 1:
            self.problems.append(f"{self.name}: {where}: from and until are given at different precisions")
        elif precisions:
            self.g.add((part, CKG.activeDatePrecision, URIRef(f"{CKV}precision/{precisions.pop()}")))
        if fact.get("unit-of"):
            parent = self.node(where, "unit-of", fact["unit-of"], {"actor"})
            if parent is not None and actor != CKG.unknownActor and not (
                    isinstance(actor, URIRef) and (actor, CKG.subUnitOf, parent) in self.base):
                self.state(actor, CKG.subUnitOf, parent, fact, section)
        if fact.get("title") and actor != CKG.unknownActor:
            self.state(actor, CKG.positionTitle, Literal(str(fact["title"])), fact, section)

    # ---- after the facts -------------------------------------------------------------------------

    def finish_entities(self) -> None:
        for name, entity in self.entities.items():
            node = self.nodes.get(name)
            if node is None:
                continue
            if name in self.existing:
                if entity["kind"] == "event":
                    self.refine_class(name, entity, node)
                self.add_aliases(name, entity, node)
                if node != CKG.unknownActor and (node, None, None) in self.g:
                    for cls in self.base.objects(node, RDF.type):
                        if str(cls).startswith(str(CKG)):
                            self.g.add((node, RDF.type, cls))
                continue
            # A new node cites the sections of the facts that name it.
            for where in sorted(self.entity_sections.get(name, ())):
                fact_id = where.split(" ", 1)[1]
                fact = next((f for f in self.sheet["facts"] if isinstance(f, dict) and str(f.get("id")) == fact_id), None)
                if fact is not None and self.sections.get(str(fact.get("section"))) is not None:
                    self.g.add((node, CKG.source, self.sections[str(fact["section"])]))
            if entity["kind"] == "event":
                self.type_event(name, entity, node)

    def add_aliases(self, name: str, entity: dict, node) -> None:
        """The names the article uses for a node the graph holds, when the graph does not know them
        ("Hay'at Tahrir al-Sham", "ISIL", "Tel Rifaat"), become its aliases, each recorded with the sections that name the entity, so every name lookup
        finds them."""
        if node == CKG.unknownActor:
            return
        known = {normalise(str(o)) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for o in self.base.objects(node, p)}
        known |= {normalise(str(o)) for o in self.g.objects(node, SKOS.altLabel)}
        sections = sorted({self.sections[str(f.get("section"))] for f in self.sheet["facts"] if isinstance(f, dict)
                           and f"fact {f.get('id')}" in self.entity_sections.get(name, ())
                           and str(f.get("section")) in self.sections}, key=str)
        if not sections:
            return
        for alias in [name, *(entity.get("aliases") or [])]:
            if normalise(str(alias)) in known:
                continue
            known.add(normalise(str(alias)))
            literal = Literal(str(alias), lang="en")
            self.g.add((node, SKOS.altLabel, literal))
            record = BNode()
            self.g.add((record, RDF.type, CKG.StatementRecord))
            self.g.add((record, RDF.subject, node))
            self.g.add((record, RDF.predicate, SKOS.altLabel))
            self.g.add((record, RDF.object, literal))
            for section in sections:
                self.g.add((record, CKG.source, section))
                self.g.add((node, CKG.source, section))

    def refine_class(self, name: str, entity: dict, node) -> None:
        """An event the graph knows only by name (a ckg:Event) gets the sheet's class once the sheet
        gives what that class needs: a kind, a date and a place."""
        if {c for c in self.base.objects(node, RDF.type) if str(c).startswith(str(CKG))} != {CKG.Event}:
            return
        cls = getattr(self, "main_class", None) if node == self.main else str(entity.get("class"))
        if cls in (None, "Event", "Conflict"):
            if cls == "Conflict":
                self.g.add((node, RDF.type, CKG.Conflict))
            return
        has = lambda *ps: any((node, p, None) in self.g or (node, p, None) in self.base for p in ps)  # noqa: E731
        if has(CKG.startDate) and has(CKG.location, CKG.nearLocation) and has(CKG.eventType):
            self.g.add((node, RDF.type, CKG[cls]))
            self.notes.append(f"entity {name}: {qname(node)}, known to the graph only by name, becomes a ckg:{cls}")

    def type_event(self, name: str, entity: dict, node) -> None:
        cls = getattr(self, "main_class", None) if node == self.main else str(entity.get("class"))
        has_place = any((node, p, None) in self.g for p in (CKG.location, CKG.nearLocation))
        has_date = (node, CKG.startDate, None) in self.g
        if (node, CKG.eventType, None) not in self.g and cls != "Conflict":
            found = [c for word in re.findall(r"[\w-]+", name) for c in self.index.find_concept("event-type", word)]
            if found:
                self.g.add((node, CKG.eventType, found[0]))
                self.notes.append(f"entity {name}: event type {qname(found[0])}, from its name")
        if cls in ("Conflict", "Event") or (has_place and has_date and (node, CKG.eventType, None) in self.g):
            self.g.add((node, RDF.type, CKG[cls]))
            if cls != "Conflict" and cls != "Event":
                return
            return
        self.g.add((node, RDF.type, CKG.Event))
        missing = [w for w, ok in (("a date", has_date), ("a place", has_place),
                                   ("a kind", (node, CKG.eventType, None) in self.g)) if not ok]
        self.notes.append(f"entity {name}: the sheet gives no {' or '.join(missing)} for this {cls}: written as a "
                          f"ckg:Event, which a later submission about it refines")

    def mint(self) -> None:
        """Give new events, actors, places and groups IRIs, as submit would name them, so that a
        statement record can name its subject (an IRI) and claims, participations and links never
        form a cycle of blank nodes."""
        # Imported here: submit's naming rules, shared so the names agree with what it mints.
        from conflictkg.submission.submit import _event_slug, slugify

        spaces = {"event": EVENT, "actor": ACTOR, "place": PLACE, "group": GROUP}
        taken = {s for s in self.base.subjects() if isinstance(s, URIRef)}
        mapping = {}
        for name, node in self.nodes.items():
            kind = self.entities[name]["kind"]
            if not isinstance(node, BNode) or (node, RDF.type, None) not in self.g:
                continue
            slug = _event_slug(self.g, node) if kind == "event" else slugify(name) or kind
            iri, n = spaces[kind][slug], 2
            while iri in taken or iri in mapping.values():
                iri, n = spaces[kind][f"{slug}-{n}"], n + 1
            mapping[node] = iri
        if not mapping:
            return
        renamed = Graph()
        bind_prefixes(renamed)
        for s, p, o in self.g:
            renamed.add((mapping.get(s, s), p, mapping.get(o, o)))
        self.g = renamed
        for name, node in list(self.nodes.items()):
            if node in mapping:
                self.nodes[name] = mapping[node]


def convert(sheet: dict, graph: Graph, *, index: NameIndex | None = None, links: dict[str, str] | None = None,
            name: str = "sheet") -> Conversion:
    """The submission for `sheet` (as `read_sheet` reads it) against `graph` (ontology, vocabularies
    and data). Raises FactSheetError with every problem found, one line each."""
    index = index or NameIndex.from_graph(graph)
    converter = _Converter(sheet, index, graph, links or {}, name)
    converter.convert()
    if converter.problems:
        raise FactSheetError(converter.problems)
    converter.mint()
    header = (f"Submission made by `conflictkg facts` from {name}: {sheet.get('title', '')} <{sheet.get('url', '')}>.\n"
              f"Every fact cites its section and quote; statements about events, actors and places carry a\n"
              f"ckg:StatementRecord with the fact's section and quote.")
    text = canonical_turtle(converter.g, header=header)
    linked = {n: node for n, node in converter.existing.items()}
    minted = {n: node for n, node in converter.nodes.items() if n not in converter.existing}
    return Conversion(graph=converter.g, text=text, facts=dict(converter.counts), linked=linked, minted=minted,
                      notes=converter.notes)
