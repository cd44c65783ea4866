"""Deterministic synthetic graphs in the conflict-kg ontology, streamed at any size.

`generate_graph(target, seed, out)` writes a realistic graph of about `target` triples: countries with
governorates, districts, cities and bases (WKT points, `ckg:locatedIn` chains); states, governments,
ministries, armed forces with unit hierarchies several levels deep, armed groups, persons, monitors,
media, international organisations and collective sources; wars > campaigns > phases; and then, one by
one, events (strikes, offensives and their sub-events) with participations, a source document with
sections, and 2-6 claims each (bounds, qualifiers, figure text, stances, hedges, claim dates, revision
chains, disputes, denials and breakdowns).

Design points:

* Streaming. Only the reference layer (places, actors, groups, conflicts: some 25k small records
  at 10M triples) and the days taken at each city are held in memory; events are generated,
  written and forgotten (71 MB peak at 10M triples). Output is N-Triples or Turtle, optionally
  gzipped.
* Deterministic. One `random.Random` stream per layer, seeded from strings (stable across runs and
  platforms), no dict or set iteration order in the output, gzip with a zero timestamp: the same seed
  and size give the same bytes.
* Sized by counting. Reference layers are scaled from an estimate of the number of events; events
  are then written until the triple count reaches the target, so the result lands within one event
  (about 100 triples) of it.
* Vocabulary from the file. Every concept comes from the SKOS schemes in `ontology/vocabularies.ttl`,
  read at run time; concepts the generator gives a special structure (the numeric measures, say) are
  looked up by name and a missing one is an error, so the generator cannot drift from the schemes.
* Seeded violations. `violations={"min-gt-max": 3, ...}` breaks that many otherwise-valid nodes of
  each kind, with a separate random stream, and returns a manifest of what was broken where (the
  focus node), so a validator can be checked against it. The clean parts of the graph are the same
  bytes as without violations.
* Synthetic IRIs carry a `gen-` slug prefix (`event:gen-e42`, `actor:gen-c3-army`), so they can
  never be mistaken for curated data.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Callable, Iterator

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.namespace import SKOS as SKOS_NS

from conflictkg.core.atomic import atomic_write_text
from conflictkg.core.errors import UserError
from conflictkg.core.paths import find_project
from conflictkg.model.namespaces import (
    ACTOR,
    CKG,
    CLAIM,
    EVENT,
    GEO,
    GEOM,
    GROUP,
    PART,
    PLACE,
    PREFIXES,
    SOURCE,
)
from conflictkg.rdf.rdfio import parse_turtle_file

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
VOCAB_BASE = "https://w3id.org/conflict-kg/vocab/"

# Rough triples per event (with its participations, claims and source document) and per event of
# reference layer; only used to size the reference layers, the count itself is exact.
TRIPLES_PER_EVENT = 105
MIN_TRIPLES = 5000
FORMATS = ("nt", "ttl")

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)\s*$")


def parse_size(text: str | int) -> int:
    """A triple count as users write it: 10000, 10_000, 10k, 2.5M, 1G."""
    if isinstance(text, int):
        return text
    m = _SIZE.match(str(text).replace("_", "").replace(",", ""))
    if not m:
        raise UserError(f"--triples {text!r}: expected a number such as 10000, 100k or 1M")
    scale = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}[m.group(2).lower()]
    return int(float(m.group(1)) * scale)


# ============================================================================================
# Vocabulary: the SKOS schemes, read from ontology/vocabularies.ttl
# ============================================================================================


class Vocab:
    """Concept schemes by short name ("measure", "figure-qualifier"...), each a sorted list of IRIs."""

    def __init__(self, path: Path):
        self.path = Path(path)
        graph: Graph = parse_turtle_file(self.path)
        self.schemes: dict[str, list[str]] = {}
        for scheme in graph.subjects(RDF.type, SKOS_NS.ConceptScheme):
            if not isinstance(scheme, URIRef) or not str(scheme).startswith(VOCAB_BASE):
                continue
            name = str(scheme)[len(VOCAB_BASE):]
            self.schemes[name] = sorted(str(c) for c in graph.subjects(SKOS_NS.inScheme, scheme))

    def concepts(self, scheme: str) -> list[str]:
        if scheme not in self.schemes or not self.schemes[scheme]:
            raise UserError(f"{self.path}: the generator needs the concept scheme <{VOCAB_BASE}{scheme}>, "
                            "which is missing or empty")
        return self.schemes[scheme]

    def concept(self, scheme: str, slug: str) -> str:
        iri = f"{VOCAB_BASE}{scheme}/{slug}"
        if iri not in self.concepts(scheme):
            raise UserError(f"{self.path}: the generator needs the concept <{iri}>, which is not in the "
                            f"scheme <{VOCAB_BASE}{scheme}>: update conflictkg/synth.py with the vocabulary")
        return iri


def default_vocab() -> Vocab:
    return Vocab(find_project().ontology_dir / "vocabularies.ttl")


# ============================================================================================
# Syntax: how terms are written in N-Triples or Turtle
# ============================================================================================

_PN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")

# Prefixes a Turtle output declares: the ones the generator uses.
TURTLE_PREFIXES = ("ckg", "event", "actor", "place", "geom", "claim", "part", "group", "source",
                   "measure", "stance", "role", "hedge", "qualifier", "precision", "geoprecision",
                   "eventtype", "actortype", "placetype", "support", "completeness", "status",
                   "geo", "rdfs", "skos", "xsd")


def full_iri(term: str) -> str:
    """The full IRI of a term as the generator writes it (`<...>` or `prefix:local`)."""
    if term.startswith("<"):
        return term[1:-1]
    prefix, _, local = term.partition(":")
    return PREFIXES[prefix] + local


def _escape(text: str) -> str:
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return text


class Syntax:
    """Pre-formatted terms for one output syntax, so the hot loop only concatenates strings."""

    def __init__(self, fmt: str):
        if fmt not in FORMATS:
            raise UserError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        self.fmt = fmt
        self.turtle = fmt == "ttl"
        self._ns_by_iri = {PREFIXES[p]: p for p in TURTLE_PREFIXES} if self.turtle else {}
        self._cache: dict[str, str] = {}
        t = self.iri
        self.a = "a" if self.turtle else f"<{RDF_TYPE}>"
        self.label = t(RDFS + "label")
        self.alt = t(SKOS + "altLabel")
        self.has_geometry = t(str(GEO) + "hasGeometry")
        self.as_wkt = t(str(GEO) + "asWKT")
        self.geometry_class = t(str(GEO) + "Geometry")
        self.dt_date = t(XSD + "date")
        self.dt_datetime = t(XSD + "dateTime")
        self.dt_nni = t(XSD + "nonNegativeInteger")
        self.dt_posint = t(XSD + "positiveInteger")
        self.dt_anyuri = t(XSD + "anyURI")
        self.dt_wkt = t(str(GEO) + "wktLiteral")
        self._dates: dict[int, str] = {}
        # Node IRI makers, one per kind of data node.
        self.event = self._maker(str(EVENT))
        self.actor = self._maker(str(ACTOR))
        self.place = self._maker(str(PLACE))
        self.geom = self._maker(str(GEOM))
        self.claim = self._maker(str(CLAIM))
        self.part = self._maker(str(PART))
        self.group = self._maker(str(GROUP))
        self.source = self._maker(str(SOURCE))

    def iri(self, full: str) -> str:
        """A full IRI written as `prefix:local` in Turtle when it can be, else `<...>`."""
        cached = self._cache.get(full)
        if cached is not None:
            return cached
        out = f"<{full}>"
        if self.turtle:
            for sep in ("#", "/"):
                ns, _, local = full.rpartition(sep)
                prefix = self._ns_by_iri.get(ns + sep)
                if prefix and _PN_LOCAL.match(local):
                    out = f"{prefix}:{local}"
                    break
        self._cache[full] = out
        return out

    def ckg(self, local: str) -> str:
        return self.iri(str(CKG) + local)

    def _maker(self, ns: str) -> Callable[[str], str]:
        if self.turtle:
            prefix = self._ns_by_iri[ns] + ":"
            return lambda slug: prefix + slug
        head = "<" + ns
        return lambda slug: head + slug + ">"

    # Literals
    def date(self, ordinal: int) -> str:
        out = self._dates.get(ordinal)
        if out is None:
            out = self._dates[ordinal] = f'"{date.fromordinal(ordinal).isoformat()}"^^{self.dt_date}'
        return out

    def nni(self, n: int) -> str:
        return f'"{n}"^^{self.dt_nni}'

    def posint(self, n: int) -> str:
        return f'"{n}"^^{self.dt_posint}'

    def en(self, text: str) -> str:
        return f'"{_escape(text)}"@en'

    def string(self, text: str) -> str:
        return f'"{_escape(text)}"'

    def anyuri(self, url: str) -> str:
        return f'"{url}"^^{self.dt_anyuri}'

    def datetime(self, ordinal: int, hour: int, minute: int) -> str:
        return f'"{date.fromordinal(ordinal).isoformat()}T{hour:02d}:{minute:02d}:00"^^{self.dt_datetime}'

    def wkt(self, lon: float, lat: float, digits: int) -> str:
        return f'"POINT({lon:.{digits}f} {lat:.{digits}f})"^^{self.dt_wkt}'

    def header(self, comment: str) -> str:
        if not self.turtle:
            return ""
        lines = [f"# {line}".rstrip() for line in comment.splitlines()]
        lines.append("")
        lines += [f"@prefix {p}: <{PREFIXES[p]}> ." for p in sorted(TURTLE_PREFIXES)]
        return "\n".join(lines) + "\n\n"

    def block(self, subject: str, pairs: list) -> str:
        if self.turtle:
            return subject + "\n    " + " ;\n    ".join([f"{p} {o}" for p, o in pairs]) + " .\n\n"
        return "".join([f"{subject} {p} {o} .\n" for p, o in pairs])


# A block is one subject with its (predicate, object) pairs, all pre-formatted. Lists, not tuples,
# so that seeded violations can edit them in place.
Block = list  # [subject: str, pairs: list[list[str, str]]]


def _scheme_map(syn: "Syntax", vocab: Vocab, scheme: str, needed) -> dict[str, str]:
    """slug -> written concept for one scheme, after checking the slugs the generator needs are in it."""
    for slug in sorted(needed):
        vocab.concept(scheme, slug)
    return {s.rsplit("/", 1)[1]: syn.iri(s) for s in vocab.concepts(scheme)}


# ============================================================================================
# Names: pronounceable, deterministic, obviously invented
# ============================================================================================

_SYLLABLES = ("ka", "ra", "ma", "sa", "din", "tal", "qa", "mir", "zan", "hal", "bar", "nu", "el", "shi",
              "lor", "ven", "ta", "ri", "ya", "bek", "dor", "fa", "gan", "il", "jas", "kor", "lu", "mar",
              "nab", "or", "pel", "sur", "tir", "um", "var", "wen", "zor", "ash", "ber", "cal")
_ORDINALS = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "12th",
             "14th", "15th", "17th", "18th", "21st", "23rd", "25th", "30th", "42nd", "55th", "66th", "77th")
_FIRST = ("Adel", "Basim", "Dana", "Farid", "Hala", "Imad", "Jamal", "Karim", "Lina", "Maher", "Nadia",
          "Omar", "Rami", "Salma", "Tarek", "Yara", "Zaid", "Aram", "Mira", "Selim", "Leyla", "Hakan", "Ines")


def _name(rng: random.Random, parts: int | None = None) -> str:
    n = parts or rng.choice((2, 2, 3))
    return "".join(rng.choice(_SYLLABLES) for _ in range(n)).capitalize()


def _person_name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {_name(rng)}"


# ============================================================================================
# The reference layer: places, actors, groups, conflicts
# ============================================================================================


@dataclass
class Place:
    slug: str
    label: str
    ptype: str  # place-type concept slug
    parent: "Place | None"
    lon: float
    lat: float
    precision: str  # geo-precision concept slug
    digits: int
    source: str  # slug of the directory section it cites
    alt: str | None = None


@dataclass
class Actor:
    slug: str
    label: str
    cls: str  # local name of the ckg class
    atype: str | None  # actor-type concept slug
    source: str
    rels: list = field(default_factory=list)  # (ckg property local name, Actor | Place)
    title: str | None = None
    alt: str | None = None
    children: list = field(default_factory=list)


@dataclass
class Group:
    slug: str
    label: str
    source: str
    status: str | None = None  # combatant-status slug
    affiliation: Actor | None = None
    backed_by: Actor | None = None


@dataclass
class Campaign:
    slug: str
    label: str
    etype: str
    start: int  # date ordinal
    end: int | None
    precision: str
    parent: "Campaign | None"
    location: Place
    country: "Country"
    source: str


@dataclass
class Country:
    index: int
    name: str
    place: Place
    governorates: list = field(default_factory=list)
    districts: dict = field(default_factory=dict)  # governorate slug -> [district]
    cities: dict = field(default_factory=dict)  # governorate slug -> [city]
    bases: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    state: Actor | None = None
    government: Actor | None = None
    ministry: Actor | None = None
    intelligence: Actor | None = None
    forces: Actor | None = None
    army: Actor | None = None
    air_force: Actor | None = None
    ground_units: list = field(default_factory=list)
    air_units: list = field(default_factory=list)
    armed_groups: list = field(default_factory=list)  # [(group, [its units])]
    officials: list = field(default_factory=list)
    commanders: list = field(default_factory=list)
    group_leaders: dict = field(default_factory=dict)  # armed-group slug -> person
    state_media: Actor | None = None
    news_agency: Actor | None = None
    reports: Actor | None = None
    groups: list = field(default_factory=list)  # population groups
    civilians: Group | None = None


FIRST_DAY = date(2012, 1, 1).toordinal()
LAST_DAY = date(2024, 12, 31).toordinal()


@dataclass(frozen=True)
class Plan:
    """How big each layer is, from the target triple count."""

    target: int
    seed: int
    events: int
    countries: int
    cities_per_country: int
    corps: int
    armed_groups: int
    monitors: int
    wars: int
    campaigns_per_war: int

    @classmethod
    def for_target(cls, target: int, seed: int) -> "Plan":
        events = max(4, target // TRIPLES_PER_EVENT)
        countries = min(40, 2 + events // 500)
        return cls(
            target=target,
            seed=seed,
            events=events,
            countries=countries,
            cities_per_country=max(6, events // (6 * countries)),
            corps=min(6, 2 + events // (countries * 2000)),
            armed_groups=min(30, 2 + events // (countries * 300)),
            monitors=2 + events // 20000,
            wars=countries,
            campaigns_per_war=max(2, min(400, events // (countries * 150))),
        )


class Model:
    """The reference layer, built from its own random streams so that it can be rebuilt alone
    (the submission generator does) without generating any event."""

    def __init__(self, plan: Plan, vocab: Vocab):
        self.plan = plan
        self.vocab = vocab
        self.countries: list[Country] = []
        self.places: list[Place] = []
        self.actors: list[Actor] = []
        self.groups: list[Group] = []
        self.campaigns: list[Campaign] = []
        self.leaf_campaigns: list[Campaign] = []
        self.monitors: list[Actor] = []
        self.agencies: list[Actor] = []
        self.ios: list[Actor] = []
        self.envoys: list[Actor] = []
        self.collective: list[Actor] = []
        self.directory_sections: list[tuple[str, str]] = []  # (slug, label)
        seed = plan.seed
        self._build_places(random.Random(f"conflictkg-synth:{seed}:places"))
        self._build_actors(random.Random(f"conflictkg-synth:{seed}:actors"))
        self._build_groups(random.Random(f"conflictkg-synth:{seed}:groups"))
        self._build_conflicts(random.Random(f"conflictkg-synth:{seed}:conflicts"))

    # ---------------------------------------------------------------- places
    def _build_places(self, rng: random.Random) -> None:
        plan = self.plan
        for c in range(plan.countries):
            name = _name(rng)
            section = f"gen-gazetteer-c{c}"
            self.directory_sections.append((section, f"Gazetteer: {name}"))
            lon, lat = rng.uniform(20.0, 60.0), rng.uniform(10.0, 45.0)
            cp = Place(f"gen-c{c}", name, "country", None, lon, lat, "region", 2, section)
            country = Country(c, name, cp)
            self.places.append(cp)
            n_gov = rng.randint(3, 8)
            per_gov = max(1.0, plan.cities_per_country / n_gov)
            d_mean = max(1.5, math.sqrt(per_gov))
            c_mean = max(1.5, per_gov / d_mean)
            for g in range(n_gov):
                gname = _name(rng)
                gov = Place(f"gen-c{c}-g{g}", f"{gname} Governorate", "governorate", cp,
                            lon + rng.uniform(-2, 2), lat + rng.uniform(-2, 2), "region", 2, section)
                self.places.append(gov)
                country.governorates.append(gov)
                dists, cities = [], []
                for d in range(rng.randint(max(1, int(d_mean * 0.5)), max(1, int(d_mean * 1.5)))):
                    dname = _name(rng)
                    dist = Place(f"gen-c{c}-g{g}-d{d}", f"{dname} District", "district", gov,
                                 gov.lon + rng.uniform(-0.6, 0.6), gov.lat + rng.uniform(-0.6, 0.6), "region", 2,
                                 section)
                    self.places.append(dist)
                    dists.append(dist)
                    for k in range(rng.randint(max(1, int(c_mean * 0.5)), max(1, int(c_mean * 1.5)))):
                        city_name = dname if k == 0 else _name(rng)
                        city = Place(f"gen-c{c}-g{g}-d{d}-t{k}", city_name, "city", dist,
                                     dist.lon + rng.uniform(-0.2, 0.2), dist.lat + rng.uniform(-0.2, 0.2),
                                     "settlement", 2, section,
                                     alt=f"al-{city_name.lower()}" if rng.random() < 0.2 else None)
                        self.places.append(city)
                        cities.append(city)
                country.districts[gov.slug] = dists
                country.cities[gov.slug] = cities
            for b in range(rng.randint(1, 3)):
                dist = rng.choice(rng.choice(list(country.districts.values())))
                kind = rng.choice(("military-base", "air-base"))
                label = f"{_name(rng)} {'Air Base' if kind == 'air-base' else 'military base'}"
                base = Place(f"gen-c{c}-base{b}", label, kind, dist, dist.lon + rng.uniform(-0.1, 0.1),
                             dist.lat + rng.uniform(-0.1, 0.1), "exact", 4, section)
                self.places.append(base)
                country.bases.append(base)
            for r, direction in enumerate(rng.sample(("northern", "southern", "eastern", "western", "central"), 2)):
                region = Place(f"gen-c{c}-region{r}", f"{direction} {name}", "region", cp,
                               lon + rng.uniform(-1, 1), lat + rng.uniform(-1, 1), "region", 2, section)
                self.places.append(region)
                country.regions.append(region)
            if rng.random() < 0.5:
                zone = Place(f"gen-c{c}-zone", f"{country.regions[0].label} deconfliction zone", "zone",
                             country.regions[0], country.regions[0].lon, country.regions[0].lat, "region", 2, section)
                self.places.append(zone)
                country.regions.append(zone)
            self.countries.append(country)
        for c, country in enumerate(self.countries):
            other = self.countries[(c + 1) % len(self.countries)]
            border = Place(f"gen-c{c}-border", f"{country.name}\u2013{other.name} border", "border-area", None,
                           (country.place.lon + other.place.lon) / 2, (country.place.lat + other.place.lat) / 2,
                           "region", 2, country.place.source)
            self.places.append(border)

    # ---------------------------------------------------------------- actors
    def _actor(self, slug, label, cls, atype, source, **kw) -> Actor:
        actor = Actor(slug, label, cls, atype, source, **kw)
        self.actors.append(actor)
        return actor

    def _units(self, rng, parent: Actor, levels: list[tuple[str, int, int]], section: str, out: list) -> None:
        """A unit hierarchy under `parent`: one (name, min, max) fan-out per level, subUnitOf chains."""
        if not levels:
            return
        (kind, lo, hi), rest = levels[0], levels[1:]
        for k in range(rng.randint(lo, hi)):
            unit = self._actor(f"{parent.slug}-u{k}", f"{rng.choice(_ORDINALS)} {kind}", "Unit", None, section,
                               rels=[("subUnitOf", parent)])
            parent.children.append(unit)
            out.append(unit)
            self._units(rng, unit, rest, section, out)

    def _build_actors(self, rng: random.Random) -> None:
        plan = self.plan
        global_section = "gen-directory-global"
        self.directory_sections.append((global_section, "Actor directory: international"))
        self.encyclopedia = self._actor("gen-encyclopedia", "Synthetic Encyclopedia", "Organisation",
                                        "encyclopedia", global_section)
        for country in self.countries:
            c, name = country.index, country.name
            section = f"gen-directory-c{c}"
            self.directory_sections.append((section, f"Actor directory: {name}"))
            capital = next(iter(country.cities.values()))[0]
            country.state = self._actor(f"gen-c{c}", name, "State", "state", section)
            country.government = self._actor(f"gen-c{c}-government", f"Government of {name}", "Government",
                                             "government", section, rels=[("basedAt", capital)])
            country.ministry = self._actor(f"gen-c{c}-ministry-of-defence", f"{name} Ministry of Defence",
                                           "GovernmentBody", "ministry", section,
                                           rels=[("subUnitOf", country.government)])
            country.intelligence = self._actor(f"gen-c{c}-intelligence", f"{name} Intelligence Directorate",
                                               "GovernmentBody", "intelligence-agency", section,
                                               rels=[("subUnitOf", country.government)])
            country.forces = self._actor(f"gen-c{c}-armed-forces", f"{name} Armed Forces", "ArmedForce",
                                         "armed-forces", section, rels=[("forceOf", country.government)])
            country.army = self._actor(f"gen-c{c}-army", f"{name} Army", "ArmedForce", "army", section,
                                       rels=[("subUnitOf", country.forces), ("forceOf", country.state)],
                                       alt=f"{name}n Army")
            country.air_force = self._actor(f"gen-c{c}-air-force", f"{name} Air Force", "ArmedForce", "air-force",
                                            section, rels=[("subUnitOf", country.forces), ("forceOf", country.state)])
            self._units(rng, country.army, [("Corps", plan.corps, plan.corps), ("Division", 2, 3),
                                            ("Brigade", 2, 4), ("Battalion", 0, 3)], section, country.ground_units)
            self._units(rng, country.air_force, [("Wing", 2, 3), ("Squadron", 2, 3)], section, country.air_units)
            if rng.random() < 0.5:
                sf = self._actor(f"gen-c{c}-special-forces", f"{name} Special Forces", "Unit", "special-forces",
                                 section, rels=[("subUnitOf", country.army), ("basedAt", rng.choice(country.bases))])
                country.ground_units.append(sf)
            for g in range(plan.armed_groups):
                gname = _name(rng)
                kind = rng.choice(("rebel-group", "militia", "paramilitary"))
                label = {"rebel-group": f"{gname} Front", "militia": f"{gname} Brigades",
                         "paramilitary": f"{gname} Defence Forces"}[kind]
                base_gov = rng.choice(country.governorates)
                group = self._actor(f"gen-c{c}-ag{g}", label, "ArmedGroup", kind, section,
                                    rels=[("basedAt", rng.choice(country.cities[base_gov.slug]))],
                                    alt=gname if rng.random() < 0.3 else None)
                units: list[Actor] = []
                self._units(rng, group, [("Brigade", 0, 3), ("Battalion", 0, 2)], section, units)
                country.armed_groups.append((group, units))
                leader = self._actor(f"gen-c{c}-ag{g}-leader", _person_name(rng), "Person", "commander", section,
                                     rels=[("memberOf", group)], title=f"leader of the {label}")
                country.group_leaders[group.slug] = leader
            for k, (title, body) in enumerate((("Defence Minister", country.ministry),
                                               ("President", country.government),
                                               ("military spokesperson", country.forces))):
                country.officials.append(self._actor(f"gen-c{c}-official{k}", _person_name(rng), "Person", "official",
                                                     section, rels=[("memberOf", body)],
                                                     title=f"{name} {title}"))
            for unit in [country.army, *country.army.children]:
                country.commanders.append(self._actor(f"{unit.slug}-commander", _person_name(rng), "Person",
                                                      "commander", section, rels=[("memberOf", unit)],
                                                      title=f"commander of the {unit.label}"))
            country.state_media = self._actor(f"gen-c{c}-state-media", f"{name} state media", "MediaOutlet",
                                              "state-media", section)
            country.news_agency = self._actor(f"gen-c{c}-news-agency", f"{name} News Agency", "MediaOutlet",
                                              "news-agency", section, rels=[("subUnitOf", country.state_media)])
            country.reports = self._actor(f"gen-c{c}-reports", f"{name}n reports", "CollectiveSource",
                                          "collective-source", section)
        # Backing: some armed groups are backed by another country's state.
        established = False
        for country in self.countries:
            for group, _ in country.armed_groups:
                if rng.random() < 0.4:
                    backer = rng.choice([k for k in self.countries if k is not country])
                    group.rels.append(("backedBy", backer.state))
                    if rng.random() < 0.3 or not established:
                        group.rels.append(("establishedBy", backer.intelligence))
                        established = True
        for m in range(plan.monitors):
            base = rng.choice(self.places[:1] + [p for p in self.places if p.ptype == "city"][:50])
            self.monitors.append(self._actor(f"gen-monitor{m}", f"{_name(rng)} Observatory for Human Rights",
                                             "Monitor", "monitor", global_section, rels=[("basedAt", base)],
                                             alt=f"{_name(rng, 1).upper()}OHR"))
        for a in range(2 + plan.events // 20000):
            self.agencies.append(self._actor(f"gen-agency{a}", f"{_name(rng)} Press", "MediaOutlet", "news-agency",
                                             global_section))
        for k in range(2):
            io = self._actor(f"gen-io{k}", f"{_name(rng)} Union of Nations", "InternationalOrganisation",
                             "intergovernmental-organisation", global_section)
            council = self._actor(f"gen-io{k}-council", f"{io.label} Security Council", "InternationalOrganisation",
                                  "intergovernmental-organisation", global_section, rels=[("subUnitOf", io)])
            self.ios.append(council)
            self.envoys.append(self._actor(f"gen-io{k}-envoy", _person_name(rng), "Person", "official",
                                           global_section, rels=[("memberOf", io)], title="special envoy"))
        for k, label in enumerate(("local sources", "opposition activists", "military sources", "residents",
                                   "first reports", "observers")):
            self.collective.append(self._actor(f"gen-collective{k}", label.capitalize(), "CollectiveSource",
                                               "collective-source", global_section))

    # ---------------------------------------------------------------- population groups
    def _build_groups(self, rng: random.Random) -> None:
        for country in self.countries:
            c, section = country.index, f"gen-directory-c{country.index}"
            country.civilians = Group(f"gen-c{c}-civilians", f"civilians in {country.name}", section, "civilian")
            soldiers = Group(f"gen-c{c}-soldiers", f"soldiers of the {country.army.label}", section, "combatant",
                             affiliation=country.army)
            children = Group(f"gen-c{c}-children", "children", section)
            country.groups = [country.civilians, soldiers, children]
            for group, _ in country.armed_groups:
                country.groups.append(Group(f"{group.slug}-fighters", f"{group.label} fighters", section, "combatant",
                                            affiliation=group))
            backer = rng.choice([k for k in self.countries if k is not country])
            country.groups.append(Group(f"gen-c{c}-backed-fighters", f"{backer.name}-backed fighters", section,
                                        "combatant", backed_by=backer.state))
            self.groups.extend(country.groups)

    # ---------------------------------------------------------------- conflicts
    def _build_conflicts(self, rng: random.Random) -> None:
        plan = self.plan
        war_types = ("civil-war", "war", "proxy-conflict", "regional-crisis")
        section = "gen-directory-global"
        for w in range(plan.wars):
            country = self.countries[w % len(self.countries)]
            start_year = rng.randint(2011, 2016)
            war = Campaign(f"gen-war{w}", f"{country.name} {rng.choice(('civil war', 'war', 'conflict'))} "
                                          f"({start_year}\u2013present)", rng.choice(war_types),
                           date(start_year, 1, 1).toordinal(), None, "year", None, country.place, country, section)
            self.campaigns.append(war)
            for k in range(plan.campaigns_per_war):
                start = rng.randint(max(FIRST_DAY, war.start), LAST_DAY - 60)
                end = min(LAST_DAY, start + rng.randint(30, 540))
                gov = rng.choice(country.governorates)
                camp = Campaign(f"gen-war{w}-k{k}", f"{gov.label} campaign ({date.fromordinal(start).year})",
                                "campaign", start, end, "day", war, gov, country, section)
                self.campaigns.append(camp)
                phases = rng.choice((0, 0, 2, 3))
                for p in range(phases):
                    span = (end - start) // phases
                    ph = Campaign(f"gen-war{w}-k{k}-p{p}", f"{camp.label}, phase {p + 1}", "campaign",
                                  start + p * span, start + (p + 1) * span - 1 if p < phases - 1 else end, "day",
                                  camp, gov, country, section)
                    self.campaigns.append(ph)
                    self.leaf_campaigns.append(ph)
                if not phases:
                    self.leaf_campaigns.append(camp)

    # ---------------------------------------------------------------- writing
    def blocks(self, syn: Syntax, vocab: Vocab) -> Iterator[Block]:
        """The reference layer as blocks, in a fixed order."""
        S = syn
        ckg = S.ckg
        src = S.source
        c_source = ckg("source")
        # The directory: one document, one section per country, read by every reference node.
        yield [src("gen-directory"), [[S.a, ckg("SourceDocument")], [S.label, S.en("Synthetic gazetteer and actor directory")],
                                      [ckg("publisher"), S.actor("gen-encyclopedia")],
                                      [ckg("url"), S.anyuri("https://directory.example.org/synthetic/")]]]
        for slug, label in self.directory_sections:
            yield [src(slug), [[S.a, ckg("DocumentSection")], [S.label, S.en(label)],
                               [ckg("sectionOf"), src("gen-directory")],
                               [ckg("url"), S.anyuri(f"https://directory.example.org/synthetic/#{slug}")]]]
        ptype = _scheme_map(S, vocab, "place-type", {p.ptype for p in self.places})
        gprec = _scheme_map(S, vocab, "geo-precision", {p.precision for p in self.places})
        atype = _scheme_map(S, vocab, "actor-type", {a.atype for a in self.actors if a.atype})
        status = _scheme_map(S, vocab, "combatant-status", {g.status for g in self.groups if g.status})
        for p in self.places:
            pairs = [[S.a, ckg("Place")], [S.label, S.en(p.label)], [ckg("placeType"), ptype[p.ptype]],
                     [S.has_geometry, S.geom(p.slug)], [ckg("geoPrecision"), gprec[p.precision]],
                     [c_source, src(p.source)]]
            if p.parent is not None:
                pairs.append([ckg("locatedIn"), S.place(p.parent.slug)])
            if p.alt:
                pairs.append([S.alt, S.en(p.alt)])
            yield [S.place(p.slug), pairs]
            yield [S.geom(p.slug), [[S.a, S.geometry_class], [S.as_wkt, S.wkt(p.lon, p.lat, p.digits)],
                                    [c_source, src(p.source)]]]
        for a in self.actors:
            pairs = [[S.a, ckg(a.cls)], [S.label, S.en(a.label)], [c_source, src(a.source)]]
            if a.atype:
                pairs.append([ckg("actorType"), atype[a.atype]])
            if a.alt:
                pairs.append([S.alt, S.en(a.alt)])
            if a.title:
                pairs.append([ckg("positionTitle"), S.string(a.title)])
            for prop, target in a.rels:
                ref = S.place(target.slug) if isinstance(target, Place) else S.actor(target.slug)
                pairs.append([ckg(prop), ref])
            yield [S.actor(a.slug), pairs]
        for g in self.groups:
            pairs = [[S.a, ckg("Group")], [S.label, S.en(g.label)], [c_source, src(g.source)]]
            if g.status:
                pairs.append([ckg("combatantStatus"), status[g.status]])
            if g.affiliation:
                pairs.append([ckg("affiliation"), S.actor(g.affiliation.slug)])
            if g.backed_by:
                pairs.append([ckg("backedBy"), S.actor(g.backed_by.slug)])
            yield [S.group(g.slug), pairs]
        etype = _scheme_map(S, vocab, "event-type", {k.etype for k in self.campaigns})
        prec = _scheme_map(S, vocab, "precision", {k.precision for k in self.campaigns})
        for k in self.campaigns:
            pairs = [[S.a, ckg("Conflict")], [S.label, S.en(k.label)], [ckg("eventType"), etype[k.etype]],
                     [ckg("startDate"), S.date(k.start)], [ckg("datePrecision"), prec[k.precision]],
                     [ckg("location"), S.place(k.location.slug)], [c_source, src(k.source)]]
            if k.end is not None:
                pairs.append([ckg("endDate"), S.date(k.end)])
            if k.parent is not None:
                pairs.append([ckg("partOf"), S.event(k.parent.slug)])
            yield [S.event(k.slug), pairs]


# ============================================================================================
# Events
# ============================================================================================

NUMERIC_MEASURES = ("killed", "injured", "strikes", "fighters", "defected")
OBJECT_MEASURES = ("perpetrator", "target", "launch-direction", "support", "presence", "movement")
TIME_MEASURES = ("time-of-day",)
# Figures of other things than people killed or injured (materiel, captures, strengths): never used
# as text measures; the generated graph keeps its casualty figures as its numeric claims.
COUNT_MEASURES = ("killed-or-injured", "captured", "arrested", "missing", "executed", "displaced", "held-captive",
                  "destroyed", "damaged", "lost", "shot-down", "launched", "intercepted", "strength",
                  "area-captured", "places-captured")
UNQUANTIFIED_WORDS = ("dozens", "scores", "hundreds", "several", "many")
TEXTS = {
    "superlative": "the deadliest strike in the province this year",
    "damage": "significant material damage",
    "occurrence": "explosions were heard across the city",
    "casualties-ranking": "the highest toll of any single attack in the campaign",
    "reaction": "condemned the attack and called for restraint",
    "assessment": "the operation achieved its objectives",
    "statement": "the strikes were a response to earlier attacks",
    "support": "the operation was carried out with foreign intelligence support",
    "presence": "foreign advisers were present at the site",
    "movement": "reinforcements were moved towards the front line",
    "target": "weapons depots and a command post",
    "launch-direction": "from the direction of the border",
    "perpetrator": "the attack was carried out by the air force",
}


class ClaimInfo:
    """What the violation seeder needs to know about a claim it may break."""

    __slots__ = ("block", "measure", "claimant", "day", "qual", "lo", "best", "hi", "revises", "revised_by",
                 "parts", "complete", "part_of", "text", "stance", "event_start")

    def __init__(self, block, measure, claimant, day, stance):
        self.block = block
        self.stance = stance
        self.measure = measure
        self.claimant = claimant
        self.day = day
        self.qual = None
        self.lo = self.best = self.hi = None
        self.revises = None
        self.revised_by = None
        self.parts = []
        self.complete = False
        self.part_of = None
        self.text = None  # figure text or text value, for quotes
        self.event_start = None  # start date of the event it is about


class EventOut:
    """One event unit (an event with its sub-events) as blocks, plus what the seeder needs."""

    __slots__ = ("blocks", "claims", "events", "parts", "slug")

    def __init__(self, slug):
        self.slug = slug
        self.blocks: list[Block] = []
        self.claims: list[ClaimInfo] = []
        self.events: list[tuple[Block, int, int | None]] = []  # (block, start, end)
        self.parts: list[Block] = []

    def count(self) -> int:
        return sum(len(b[1]) for b in self.blocks)


class EventGenerator:
    def __init__(self, model: Model, syn: Syntax, vocab: Vocab):
        self.m = model
        self.S = syn
        self.vocab = vocab
        S = syn
        k = S.ckg
        self.p = {name: k(name) for name in (
            "eventType", "startDate", "endDate", "datePrecision", "location", "nearLocation", "partOf",
            "precededBy", "followedBy", "causedBy", "relatedEvent", "launchedFrom", "outcome", "hasParticipation", "source",
            "agent", "role", "side", "supportKind", "supports", "hedge", "evidencedBy", "quote", "about",
            "claimant", "measure", "minValue", "bestValue", "maxValue", "qualifier", "figureText", "appliesTo",
            "breakdownOf", "breakdownCompleteness", "stance", "claimDate", "claimDatePrecision", "referenceDate",
            "referenceDatePrecision", "timeValue", "timeZone", "objectValue", "textValue", "statedTo", "revises",
            "disputes", "sectionOf", "url", "publisher", "territorialChange", "countedThing", "forSide",
            "activeFrom", "activeUntil", "activeDatePrecision", "fate")}
        self.cls = {name: k(name) for name in ("Strike", "Offensive", "MilitaryEvent", "Participation", "Claim",
                                                 "SourceDocument", "DocumentSection")}
        self.unknown = k("unknownActor")

        def scheme(name):
            return {s.rsplit("/", 1)[1]: S.iri(s) for s in vocab.concepts(name)}

        def need(name, *slugs):
            for slug in slugs:
                vocab.concept(name, slug)
            return scheme(name)

        self.measure = need("measure", *NUMERIC_MEASURES, *OBJECT_MEASURES, *TIME_MEASURES)
        self.text_measures = sorted(set(self.measure) - set(NUMERIC_MEASURES) - set(OBJECT_MEASURES)
                                    - set(TIME_MEASURES) - set(COUNT_MEASURES))
        self.other_measures = ["injured", "injured", "strikes", "time-of-day", "target", "launch-direction",
                               "perpetrator", "support", "presence", "movement", *self.text_measures]
        self.stance = need("stance", "asserts", "confirms", "denies", "declines-to-comment")
        self.hedge = need("hedge", "initially")
        self.hedges_any = sorted(h for h in self.hedge if h != "initially")
        self.qual = need("figure-qualifier", "exact", "at-least", "more-than", "approximately", "at-most", "range",
                         "unquantified")
        self.prec = need("precision", "day", "month", "year")
        self.etype = need("event-type", "airstrike", "missile-strike", "offensive", "capture", "withdrawal")
        self.role = need("role", "perpetrator", "target", "supporter", "combatant", "commander")
        self.support = scheme("support-kind")
        self.support_kinds = sorted(self.support)
        self.complete = need("completeness", "partial", "complete")
        self.counted = need("counted", "attack")
        self.fate = need("fate", "killed")
        self.last_in_campaign: dict[str, tuple[str, int]] = {}
        self._country_lists: dict[int, tuple[list, list, list]] = {}
        self.taken: dict[str, set[int]] = {}
        self.main_events = 0

    # ------------------------------------------------------------------ helpers
    def _figure(self, rng, measure: str, qual: str | None = None):
        """(qualifier, min, best, max, figure text) for a numeric claim."""
        if measure == "fighters":
            n = rng.randint(2, 60) * 50
        elif measure == "strikes":
            n = rng.randint(1, 30)
        elif measure == "defected":
            n = rng.randint(5, 200)
        else:
            n = int(math.exp(rng.random() * 5.5))
        if qual is None:
            r = rng.random()
            qual = ("exact" if r < 0.45 else "at-least" if r < 0.6 else "more-than" if r < 0.7 else
                    "approximately" if r < 0.8 else "range" if r < 0.9 else "at-most" if r < 0.95 else "unquantified")
        if qual == "exact":
            return qual, n, n, n, str(n)
        if qual == "at-least":
            return qual, n, None, None, rng.choice((f"at least {n}", f"{n}+"))
        if qual == "more-than":
            return qual, n, None, None, rng.choice((f"more than {n}", f"over {n}"))
        if qual == "approximately":
            return qual, None, n, None, rng.choice((f"around {n}", f"about {n}", f"~{n}"))
        if qual == "at-most":
            return qual, None, None, n, f"up to {n}"
        if qual == "range":
            hi = n + rng.randint(1, max(2, n // 2))
            return qual, n, None, hi, f"{n}-{hi}"
        return qual, None, None, None, rng.choice(UNQUANTIFIED_WORDS)

    def _claim(self, out: EventOut, slug: str, event_iri: str, claimant: Actor, measure: str, day: int,
               section: str, rng, stance: str = "asserts") -> ClaimInfo:
        S, p = self.S, self.p
        pairs = [[S.a, self.cls["Claim"]], [p["about"], event_iri], [p["claimant"], S.actor(claimant.slug)],
                 [p["measure"], self.measure[measure]], [p["stance"], self.stance[stance]],
                 [p["source"], section], [p["claimDate"], S.date(day)],
                 [p["claimDatePrecision"], self.prec["day"]]]
        block = [S.claim(slug), pairs]
        out.blocks.append(block)
        info = ClaimInfo(block, measure, claimant, day, stance)
        out.claims.append(info)
        return info

    def _set_figure(self, info: ClaimInfo, qual, lo, best, hi, text) -> None:
        S, p = self.S, self.p
        pairs = info.block[1]
        pairs.append([p["qualifier"], self.qual[qual]])
        pairs.append([p["figureText"], S.string(text)])
        if lo is not None:
            pairs.append([p["minValue"], S.nni(lo)])
        if best is not None:
            pairs.append([p["bestValue"], S.nni(best)])
        if hi is not None:
            pairs.append([p["maxValue"], S.nni(hi)])
        info.qual, info.lo, info.best, info.hi, info.text = qual, lo, best, hi, text

    def _participation(self, out, slug, agent: Actor | None, role, side, sections, rng, supports=None,
                       kind=None, hedge=None) -> str:
        S, p = self.S, self.p
        iri = S.part(slug)
        pairs = [[S.a, self.cls["Participation"]], [p["agent"], S.actor(agent.slug) if agent else self.unknown],
                 [p["role"], self.role[role]], [p["source"], rng.choice(sections)]]
        if side:
            pairs.append([p["side"], S.posint(side)])
        if supports is not None:
            pairs.append([p["supports"], S.actor(supports.slug)])
            pairs.append([p["supportKind"], self.support[kind]])
        if hedge:
            pairs.append([p["hedge"], self.hedge[hedge]])
        block = [iri, pairs]
        out.blocks.append(block)
        out.parts.append(block)
        return iri

    def _roles_in_time(self, out, slug: str, start: int, end: int | None) -> None:
        """Now and then a combatant that joined the offensive after it began, and a commander killed in
        it. A random stream of its own, so the rest of the graph is what it was before these existed."""
        rng = random.Random(f"conflictkg-synth:roles:{slug}")
        S, p = self.S, self.p
        combatants = [b for b in out.parts if [p["role"], self.role["combatant"]] in b[1]]
        if end is not None and end > start + 1 and combatants and rng.random() < 0.2:
            joined = rng.randint(start + 1, end)
            rng.choice(combatants)[1].extend([[p["activeFrom"], S.date(joined)],
                                              [p["activeDatePrecision"], self.prec["day"]]])
        supporters = [b for b in out.parts if [p["role"], self.role["supporter"]] in b[1]]
        if end is not None and end > start + 1 and supporters and rng.random() < 0.3:
            rng.choice(supporters)[1].extend([[p["activeUntil"], S.date(rng.randint(start, end - 1))],
                                              [p["activeDatePrecision"], self.prec["day"]]])
        commanders = [b for b in out.parts if [p["role"], self.role["commander"]] in b[1]]
        if commanders and rng.random() < 0.15:
            rng.choice(commanders)[1].append([p["fate"], self.fate["killed"]])

    # ------------------------------------------------------------------ one event unit
    def event(self, i: int, rng: random.Random, slug: str | None = None, *, force_place: Place | None = None,
              force_perpetrator: Actor | None = None, small: bool = False, max_claims: int = 6) -> EventOut:
        """Event number `i` (slug `gen-e<i>` unless given) with its participations, claims and report.
        `small` (for submissions): a strike with 2 sections, no sub-event and all places given."""
        m, S, p = self.m, self.S, self.p
        slug = slug or f"gen-e{i}"
        out = EventOut(slug)
        camp = rng.choice(m.leaf_campaigns)
        country = camp.country
        cities = country.cities[camp.location.slug]
        offensive = rng.random() < 0.25 and not small
        r = rng.random()
        precision = "day" if r < 0.93 else "month" if r < 0.99 else "year"
        city, start = self._where_when(rng, [force_place] if force_place else cities, camp.start, camp.end)
        crowded = start is None
        if crowded:  # every day of the campaign is taken in its cities: say only the month
            start, precision = rng.randint(camp.start, camp.end), "month"
        if precision != "day":
            # A coarse date is written as the first day of its month or year; keep it inside the campaign,
            # or else dated to the day, on the free day found. A crowded event has no free day: its month
            # is the campaign's at month precision, even if the campaign starts after the 1st.
            d = date.fromordinal(start)
            rounded = date(d.year, d.month if precision == "month" else 1, 1).toordinal()
            if rounded >= camp.start or crowded:
                start = rounded
            else:
                precision = "day"
        if precision == "day":
            self._occupy(city, start)
        end = start + rng.randint(1, 40) if offensive else (start + 1 if rng.random() < 0.08 else None)
        event_iri = S.event(slug)

        # The report the event's facts and claims come from.
        publisher = rng.choice(self._per_country(country)[2])
        doc = S.source(f"{slug}-report")
        url = f"https://reports.example.org/synthetic/{slug}"
        section_names = ["lead", "infobox", "casualties", "reactions"][: 2 if small else rng.randint(2, 4)]
        sections = [S.source(f"{slug}-report-{name}") for name in section_names]
        out.blocks.append([doc, [[S.a, self.cls["SourceDocument"]],
                                 [S.label, S.en(f"Synthetic report {slug}")],
                                 [p["publisher"], S.actor(publisher.slug)], [p["url"], S.anyuri(url)]]])
        for name, sec in zip(section_names, sections):
            out.blocks.append([sec, [[S.a, self.cls["DocumentSection"]], [S.label, S.en(name.capitalize())],
                                     [p["sectionOf"], doc], [p["url"], S.anyuri(f"{url}#{name}")]]])

        # Who took part.
        enemy = rng.choice(self._per_country(country)[0])
        groups = country.armed_groups
        parts: list[str] = []
        if offensive:
            attacker, attacker_units = rng.choice(groups)
            cls, etype = self.cls["Offensive"], ["offensive"]
            parts.append(self._participation(out, f"{slug}-p{len(parts)}", force_perpetrator or attacker, "combatant", 1,
                                             sections, rng))
            if attacker_units and rng.random() < 0.6:
                parts.append(self._participation(out, f"{slug}-p{len(parts)}", rng.choice(attacker_units), "combatant",
                                                 1, sections, rng))
            defender = rng.choice(country.ground_units) if country.ground_units else country.army
            parts.append(self._participation(out, f"{slug}-p{len(parts)}", defender, "combatant", 2, sections, rng))
            parts.append(self._participation(out, f"{slug}-p{len(parts)}", country.group_leaders[attacker.slug],
                                             "commander", 1, sections, rng))
            commander = rng.choice(country.commanders) if rng.random() < 0.6 else None
            parts.append(self._participation(out, f"{slug}-p{len(parts)}", commander, "commander", 2, sections, rng))
            if rng.random() < 0.4:
                parts.append(self._participation(out, f"{slug}-p{len(parts)}", enemy.state, "supporter", 1, sections,
                                                 rng, supports=attacker, kind=rng.choice(self.support_kinds),
                                                 hedge="reportedly" if rng.random() < 0.5 and "reportedly" in self.hedge
                                                 else None))
            self._roles_in_time(out, slug, start, end)
            perpetrator, target = attacker, defender
            perp_state = None
        else:
            foreign = rng.random() < 0.5
            source_country = enemy if foreign else country
            units = source_country.air_units or [source_country.air_force]
            perpetrator = force_perpetrator or (rng.choice(units) if rng.random() < 0.6 else source_country.air_force)
            target = rng.choice(groups)[0] if groups and (foreign is False or rng.random() < 0.6) else \
                rng.choice(country.ground_units or [country.army])
            cls = self.cls["Strike"]
            etype = ["missile-strike" if rng.random() < 0.3 else "airstrike"]
            if rng.random() < 0.05:
                etype.append("airstrike" if etype[0] == "missile-strike" else "missile-strike")
            parts.append(self._participation(out, f"{slug}-p{len(parts)}", perpetrator, "perpetrator", 1, sections,
                                             rng, hedge="likely" if rng.random() < 0.1 and "likely" in self.hedge else None))
            parts.append(self._participation(out, f"{slug}-p{len(parts)}", target, "target", 2, sections, rng))
            if rng.random() < 0.2:
                helper = rng.choice(self._per_country(source_country)[0])
                parts.append(self._participation(out, f"{slug}-p{len(parts)}", helper.state, "supporter", 1,
                                                 sections, rng, supports=source_country.state,
                                                 kind=rng.choice(self.support_kinds)))
            perp_state = source_country

        # The event itself.
        pairs = [[S.a, cls], [S.label, S.en(self._label(etype[0], city, start, precision))],
                 *[[p["eventType"], self.etype[t]] for t in etype],
                 [p["startDate"], S.date(start)], [p["datePrecision"], self.prec[precision]],
                 [p["location"], S.place(city.slug)], [p["partOf"], S.event(camp.slug)],
                 *[[p["hasParticipation"], part] for part in parts],
                 *[[p["source"], sec] for sec in sections[:2]]]
        if end is not None:
            pairs.append([p["endDate"], S.date(end)])
        if rng.random() < 0.1 and not small:  # a submission's places are all new (see generate_submission)
            near = rng.choice(cities)
            if near is not city and (precision != "day" or self._free(near, start)):
                pairs.append([p["nearLocation"], S.place(near.slug)])
                if precision == "day":
                    self._occupy(near, start)
        if offensive:
            if rng.random() < 0.5:
                launch = rng.choice(country.regions + country.bases)
                pairs.append([p["launchedFrom"], S.place(launch.slug)])
            pairs.append([p["outcome"], S.string(rng.choice(("side 1 victory", "side 2 victory", "inconclusive",
                                                             "stalemate")))])
            if rng.random() < 0.3:
                pairs.append([p["territorialChange"], S.string(f"side 1 captured {city.label}")])
        last = self.last_in_campaign.get(camp.slug)
        if last is not None and last[1] <= start:
            pairs.append([p["precededBy"], last[0]])
            if i % 17 == 0:  # now and then a response to the campaign's previous event (no draw: the stream is kept)
                pairs.append([p["causedBy"], last[0]])
        self.last_in_campaign[camp.slug] = (event_iri, start)
        if i > 10 and rng.random() < 0.05:
            pairs.append([p["relatedEvent"], S.event(f"gen-e{rng.randrange(i)}")])
        event_block = [event_iri, pairs]
        out.blocks.insert(0, event_block)
        out.events.append((event_block, start, end))

        # Claims about it.
        ctx = _Ctx(slug, event_iri, start, end, sections, country, perpetrator, target, perp_state, city, camp,
                   out.parts[0])
        self._claims(out, ctx, rng, rng.randint(2, max_claims), offensive)

        # Sub-events of an offensive: captures and withdrawals inside its span.
        if offensive and rng.random() < 0.5:
            previous_block = None
            subs = []
            for _ in range(rng.randint(1, 2)):
                sub_city, day = self._where_when(rng, cities, start, end)
                if day is not None:
                    self._occupy(sub_city, day)
                    subs.append((day, sub_city.slug, sub_city))
            for k, (day, _, sub_city) in enumerate(sorted(subs)):
                sub_slug = f"{slug}-s{k}"
                sub_iri = S.event(sub_slug)
                kind = "capture" if k == 0 or rng.random() < 0.6 else "withdrawal"
                agent = perpetrator if kind == "capture" else target
                sp = [self._participation(out, f"{sub_slug}-p0", agent, "perpetrator", 1 if kind == "capture" else 2,
                                          sections, rng)]
                spairs = [[S.a, self.cls["MilitaryEvent"]], [S.label, S.en(self._label(kind, sub_city, day, "day"))],
                          [p["eventType"], self.etype[kind]], [p["startDate"], S.date(day)],
                          [p["datePrecision"], self.prec["day"]], [p["location"], S.place(sub_city.slug)],
                          [p["partOf"], event_iri], [p["hasParticipation"], sp[0]], [p["source"], sections[0]]]
                sub_block = [sub_iri, spairs]
                if previous_block is not None:
                    previous_block[1].append([p["followedBy"], sub_iri])
                out.blocks.append(sub_block)
                out.events.append((sub_block, day, None))
                sctx = _Ctx(sub_slug, sub_iri, day, None, sections, country, agent, target, None, sub_city, camp)
                self._claims(out, sctx, rng, rng.randint(2, 3), False)
                previous_block = sub_block
        return out

    # No two events dated to the day at the same place within a day of each other: the shapes warn
    # of those as possible duplicates. One set of taken days per city (a few bytes per event).
    def _free(self, city: Place, day: int) -> bool:
        taken = self.taken.get(city.slug)
        return taken is None or not (day in taken or day - 1 in taken or day + 1 in taken)

    def _occupy(self, city: Place, day: int) -> None:
        self.taken.setdefault(city.slug, set()).add(day)

    def _where_when(self, rng, cities: list, lo: int, hi: int) -> tuple[Place, int | None]:
        """A city and a day between lo and hi with no other event there within a day."""
        for _ in range(8):
            city, day = rng.choice(cities), rng.randint(lo, hi)
            if self._free(city, day):
                return city, day
        for day in range(lo, hi + 1):  # crowded: the first free slot, in a fixed order
            for city in cities:
                if self._free(city, day):
                    return city, day
        return cities[0], None

    @staticmethod
    def _label(kind: str, city: Place, day: int, precision: str) -> str:
        d = date.fromordinal(day)
        when = d.isoformat() if precision == "day" else f"{d.year}-{d.month:02d}" if precision == "month" else str(d.year)
        words = {"airstrike": "Airstrike on", "missile-strike": "Missile strike on", "offensive": "Offensive on",
                 "capture": "Capture of", "withdrawal": "Withdrawal from"}[kind]
        return f"{words} {city.label} ({when})"

    # ------------------------------------------------------------------ claims
    def _per_country(self, c: Country) -> tuple[list, list, list]:
        """(the other countries, who makes claims about events there, who publishes reports), cached."""
        got = self._country_lists.get(c.index)
        if got is None:
            m = self.m
            got = self._country_lists[c.index] = (
                [k for k in m.countries if k is not c],
                [*m.monitors, c.state_media, c.news_agency, c.ministry, c.reports, c.officials[0], *m.agencies,
                 *m.collective, m.encyclopedia],
                [m.encyclopedia, *m.monitors, *m.agencies, c.news_agency])
        return got

    def _claimants(self, ctx: "_Ctx") -> list[Actor]:
        return self._per_country(ctx.country)[1]

    def _claims(self, out: EventOut, ctx: "_Ctx", rng, n: int, offensive: bool) -> None:
        S, p = self.S, self.p
        claimants = self._claimants(ctx)
        first_index = len(out.claims)
        k = 0

        def slug():
            nonlocal k
            k += 1
            return f"{ctx.slug}-c{k}"

        def day(after=0):
            return ctx.start + after + rng.randint(0, 3)

        left = n
        # 1. The headline toll, maybe revised once or twice by the same claimant, maybe disputed.
        claimant = rng.choice(claimants)
        measure = "killed"
        first = self._claim(out, slug(), ctx.iri, claimant, measure, day(), rng.choice(ctx.sections), rng)
        left -= 1
        revise = left >= 1 and rng.random() < 0.4
        if revise:
            q, lo, best, hi, text = self._figure(rng, measure, "exact")
            self._set_figure(first, q, lo, best, hi, text)
            first.block[1].append([p["hedge"], self.hedge["initially"]])
            prev = first
            for _ in range(1 if left < 3 or rng.random() < 0.7 else 2):
                later = self._claim(out, slug(), ctx.iri, claimant, measure, prev.day + rng.randint(1, 7),
                                    rng.choice(ctx.sections), rng)
                n2 = prev.lo + rng.randint(1, max(2, prev.lo))
                q2 = rng.choice(("exact", "at-least"))
                if q2 == "exact":
                    self._set_figure(later, q2, n2, n2, n2, str(n2))
                else:
                    self._set_figure(later, q2, n2, None, None, f"at least {n2}")
                later.block[1].append([p["revises"], prev.block[0]])
                later.revises, prev.revised_by = prev, later
                prev = later
                left -= 1
        else:
            self._set_figure(first, *self._figure(rng, measure))

        # 2. A breakdown: a total with two or three parts by group, partial or complete.
        if left >= 3 and rng.random() < 0.45:
            c2 = rng.choice(claimants)
            total_day = day()
            total_section = rng.choice(ctx.sections)
            total = self._claim(out, slug(), ctx.iri, c2, "killed", total_day, total_section, rng)
            n_parts = 3 if left >= 4 and rng.random() < 0.4 else 2
            t = rng.randint(n_parts * 3, 300)
            self._set_figure(total, "exact", t, t, t, str(t))
            complete = rng.random() < 0.4
            total.block[1].append([p["breakdownCompleteness"], self.complete["complete" if complete else "partial"]])
            total.complete = complete
            groups = rng.sample(ctx.country.groups, n_parts)
            budget = t if complete else rng.randint(n_parts, t)
            cuts = sorted(rng.sample(range(1, budget), n_parts - 1))
            values = [b - a for a, b in zip([0, *cuts], [*cuts, budget])]
            for group, v in zip(groups, values):
                part = self._claim(out, slug(), ctx.iri, c2, "killed", total_day, total_section, rng)
                self._set_figure(part, "exact", v, v, v, str(v))
                part.block[1].append([p["breakdownOf"], total.block[0]])
                part.block[1].append([p["appliesTo"], S.group(group.slug)])
                part.part_of = total
                total.parts.append(part)
            left -= 1 + n_parts

        # 3. A dispute: another claimant, another figure.
        if left >= 1 and rng.random() < 0.4:
            other = rng.choice([c for c in claimants if c is not claimant])
            d = self._claim(out, slug(), ctx.iri, other, "killed", day(1), rng.choice(ctx.sections), rng)
            self._set_figure(d, *self._figure(rng, "killed"))
            d.block[1].append([p["disputes"], first.block[0]])
            left -= 1

        # 4. A denial (or no comment) by the perpetrator's side.
        if left >= 1 and ctx.perp_state is not None and rng.random() < 0.35:
            denier = rng.choice((ctx.perp_state.forces, ctx.perp_state.officials[2], ctx.perp_state.government))
            stance = "denies" if rng.random() < 0.7 else "declines-to-comment"
            d = self._claim(out, slug(), ctx.iri, denier, "perpetrator", day(), rng.choice(ctx.sections), rng,
                            stance=stance)
            d.block[1].append([p["objectValue"], S.actor(ctx.perpetrator.slug)])
            if left >= 2 and stance == "denies":
                a = self._claim(out, slug(), ctx.iri, rng.choice(claimants), "perpetrator", day(),
                                rng.choice(ctx.sections), rng, stance=rng.choice(("asserts", "confirms")))
                a.block[1].append([p["objectValue"], S.actor(ctx.perpetrator.slug)])
                d.block[1].append([p["disputes"], a.block[0]])
                self._evidence(ctx, a)
                left -= 1
            left -= 1

        # 5. Whatever else reports say.
        while left > 0:
            measure = rng.choice(self.other_measures)
            if offensive and rng.random() < 0.3:
                measure = "fighters"
            c = self._claim(out, slug(), ctx.iri, rng.choice(claimants), measure, day(), rng.choice(ctx.sections),
                            rng, stance="confirms" if rng.random() < 0.1 else "asserts")
            pairs = c.block[1]
            if measure in NUMERIC_MEASURES:
                self._set_figure(c, *self._figure(rng, measure))
                local = re.split(r"[/:]", c.block[0].rstrip(">"))[-1]  # the same in N-Triples and Turtle
                what = random.Random(f"conflictkg-synth:counted:{local}")  # a stream of its own, as above
                if measure == "strikes" and what.random() < 0.5:
                    pairs.append([p["countedThing"], self.counted["attack"]])
                if measure == "fighters" and offensive:
                    pairs.append([p["forSide"], S.posint(what.choice((1, 2)))])
                if measure == "fighters":
                    ref = date.fromordinal(ctx.start - rng.randint(10, 90))
                    pairs.append([p["referenceDate"], S.date(date(ref.year, ref.month, 1).toordinal())])
                    pairs.append([p["referenceDatePrecision"], self.prec["month"]])
            elif measure == "time-of-day":
                hour, minute = rng.randint(0, 23), rng.choice((0, 15, 30, 45))
                c.text = f"{(hour - 1) % 12 + 1}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}"
                pairs.append([p["timeValue"], S.datetime(ctx.start, hour, minute)])
                pairs.append([p["textValue"], S.string(c.text)])
                if rng.random() < 0.3:
                    pairs.append([p["timeZone"], S.string("+03:00")])
            elif measure in ("target", "launch-direction", "presence", "movement", "support"):
                if measure == "support":
                    pairs.append([p["objectValue"], S.actor(rng.choice(self.m.countries).state.slug)])
                else:
                    place = ctx.city if measure == "target" else rng.choice(ctx.country.regions + ctx.country.bases)
                    pairs.append([p["objectValue"], S.place(place.slug)])
                c.text = TEXTS[measure]
                pairs.append([p["textValue"], S.string(c.text)])
            elif measure == "perpetrator":
                pairs.append([p["objectValue"], S.actor(ctx.perpetrator.slug)])
                self._evidence(ctx, c)
            else:
                c.text = TEXTS.get(measure, f"a {measure} statement")
                pairs.append([p["textValue"], S.string(c.text)])
                if measure == "reaction" and rng.random() < 0.5:
                    pairs.append([p["statedTo"], S.actor(rng.choice(self.m.ios).slug)])
            if rng.random() < 0.2:
                pairs.append([p["hedge"], self.hedge[rng.choice(self.hedges_any)]])
            left -= 1

        # The report's words for each claim, as the curated data keeps them.
        for c in out.claims[first_index:]:
            c.block[1].append([p["quote"], S.string(self._quote(c, ctx))])
            c.event_start = ctx.start

    def _evidence(self, ctx: "_Ctx", claim: ClaimInfo) -> None:
        """The perpetrator's participation is evidenced by a claim naming it (once)."""
        if ctx.perp_part is not None:
            ctx.perp_part[1].append([self.p["evidencedBy"], claim.block[0]])
            ctx.perp_part = None

    @staticmethod
    def _quote(c: ClaimInfo, ctx: "_Ctx") -> str:
        """A sentence a report could contain, stating the claim."""
        who, where, text = c.claimant.label, ctx.city.label, c.text
        if c.stance == "denies":
            return f"{who} denied that the {ctx.perpetrator.label} carried out the attack on {where}."
        if c.stance == "declines-to-comment":
            return f"{who} declined to comment on the attack on {where}."
        if c.measure == "perpetrator":
            return f"{who} said the attack on {where} was carried out by the {ctx.perpetrator.label}."
        if c.measure in ("killed", "injured") and text:
            return f"{who} reported {text} {c.measure} in the attack on {where}."
        if c.measure in NUMERIC_MEASURES and text:
            return f"According to {who}, the {c.measure} figure for the fighting around {where} was {text}."
        return f"{who} said that {text or 'the attack took place'} in {where}."


@dataclass
class _Ctx:
    slug: str
    iri: str
    start: int
    end: int | None
    sections: list
    country: Country
    perpetrator: Actor
    target: Actor
    perp_state: Country | None
    city: Place
    campaign: Campaign
    perp_part: Block | None = None  # the perpetrator's participation, for ckg:evidencedBy


# ============================================================================================
# Seeded violations
# ============================================================================================

VIOLATION_KINDS: dict[str, str] = {
    "min-gt-max": "a figure whose minimum is greater than its maximum",
    "best-out-of-range": "a best value above the figure's maximum",
    "revision-before-revised": "a revision dated before the claim it revises",
    "revision-mismatch": "a revision by another claimant than the claim it revises",
    "claim-before-event": "a claim dated before the event it is about",
    "end-before-start": "an event that ends before it starts",
    "missing-claimant": "a claim without a claimant",
    "missing-source": "a claim without a source section",
    "breakdown-exceeds-total": "a complete breakdown whose parts add up to more than its total",
    "dangling-reference": "a reference to a node that does not exist",
    "unknown-concept": "a value that is not a concept of the property's scheme",
    "wrong-datatype": "a date written as a plain string",
}


def parse_violations(spec: str | dict | None) -> dict[str, int]:
    """`min-gt-max=3,missing-claimant=2`, `all=2` (each kind) or `dangling-reference` (one)."""
    if not spec:
        return {}
    if isinstance(spec, dict):
        items = list(spec.items())
    else:
        items = []
        for part in str(spec).split(","):
            part = part.strip()
            if not part:
                continue
            name, _, count = part.partition("=")
            try:
                items.append((name.strip(), int(count) if count else 1))
            except ValueError:
                raise UserError(f"--violations {spec!r}: {count!r} is not a whole number") from None
    out: dict[str, int] = {}
    for name, count in items:
        if count < 0:
            raise UserError(f"--violations: the count for {name} must not be negative")
        if name == "all":
            for kind in VIOLATION_KINDS:
                out[kind] = out.get(kind, 0) + count
        elif name in VIOLATION_KINDS:
            out[name] = out.get(name, 0) + count
        else:
            raise UserError(f"--violations: unknown kind {name!r}; known kinds: all, {', '.join(VIOLATION_KINDS)}")
    return {k: v for k, v in out.items() if v}


class Seeder:
    """Breaks a few otherwise-valid nodes, spread over the graph, and records each in the manifest."""

    def __init__(self, counts: dict[str, int], events: int, seed: int, syn: Syntax, gen: EventGenerator):
        self.rng = random.Random(f"conflictkg-synth:{seed}:violations")
        self.S = syn
        self.gen = gen
        # Round-robin over the kinds so each is spread over the whole graph.
        queue, pending = [], dict(counts)
        while any(pending.values()):
            for kind in VIOLATION_KINDS:
                if pending.get(kind):
                    queue.append(kind)
                    pending[kind] -= 1
        self.queue = queue
        total = len(queue)
        if total and total > events // 3:
            raise UserError(f"--violations: {total} violations do not fit in a graph of about {events} events; "
                            f"ask for at most {max(0, events // 3)} or generate a larger graph")
        self.stride = max(1, int(events * 0.8) // max(1, total))
        self.next_at = self.stride // 2
        self.records: list[dict] = []
        self.delta = 0  # triples added (+) or removed (-) by the mutations
        # Nodes already broken: each violation breaks a node of its own, so that two kinds seeded in one
        # event (as in a submission) never edit the same node and one never hides or replaces the other.
        self.touched: set[str] = set()

    def maybe_apply(self, i: int, ev: EventOut) -> None:
        if not self.queue or i < self.next_at:
            return
        for pos, kind in enumerate(self.queue):
            before = ev.count()
            record = getattr(self, "_" + kind.replace("-", "_"))(ev)
            if record is not None:
                self.delta += ev.count() - before
                record["kind"] = kind
                self.records.append(dict(sorted(record.items())))
                del self.queue[pos]
                self.next_at = i + self.stride
                return

    def done(self) -> bool:
        return not self.queue

    # Each mutation changes one node in one way and returns {"focus", "path", ...}, or None when
    # this event has nothing it can break cleanly.
    def _pick(self, items):
        return items[self.rng.randrange(len(items))] if items else None

    def _untouched(self, *blocks) -> bool:
        return not any(b[0] in self.touched for b in blocks)

    def _touch(self, *blocks) -> None:
        self.touched.update(b[0] for b in blocks)

    @staticmethod
    def _iri(term: str) -> str:
        return full_iri(term)

    def _record(self, focus: str, path: str, **extra) -> dict:
        self.touched.add(focus)
        return {"focus": self._iri(focus), "path": str(CKG) + path, **extra}

    @staticmethod
    def _set(pairs, pred, value) -> None:
        for pair in pairs:
            if pair[0] == pred:
                pair[1] = value
                return
        pairs.append([pred, value])

    @staticmethod
    def _drop(pairs, pred) -> None:
        pairs[:] = [pair for pair in pairs if pair[0] != pred]

    def _plain(self, c: ClaimInfo) -> bool:
        """Not in a revision chain or breakdown, and not broken already: breaking it cannot break a
        second rule too."""
        return (c.revises is None and c.revised_by is None and not c.parts and c.part_of is None
                and self._untouched(c.block))

    def _min_gt_max(self, ev):
        c = self._pick([c for c in ev.claims if c.qual in ("range", "exact") and self._plain(c)])
        if c is None:
            return None
        p, S, pairs = self.gen.p, self.S, c.block[1]
        hi = c.hi
        lo = hi + 1 + self.rng.randint(0, 5)
        self._drop(pairs, p["bestValue"])
        self._set(pairs, p["qualifier"], self.gen.qual["range"])
        self._set(pairs, p["minValue"], S.nni(lo))
        self._set(pairs, p["figureText"], S.string(f"{lo}-{hi}"))
        return self._record(c.block[0], "minValue", value=lo, maxValue=hi)

    def _best_out_of_range(self, ev):
        c = self._pick([c for c in ev.claims if c.qual == "range" and self._plain(c)])
        if c is None:
            return None
        best = c.hi + 1 + self.rng.randint(0, 5)
        c.block[1].append([self.gen.p["bestValue"], self.S.nni(best)])
        return self._record(c.block[0], "bestValue", value=best, maxValue=c.hi)

    def _revision_before_revised(self, ev):
        # The day before the revised claim, which is still not before the event (no second violation).
        # A claim in the middle of a chain will do: the claim revising it stays later than it.
        c = self._pick([c for c in ev.claims if c.revises is not None
                        and c.revises.day > c.event_start and self._untouched(c.block, c.revises.block)])
        if c is None:
            return None
        day = c.revises.day - 1
        self._set(c.block[1], self.gen.p["claimDate"], self.S.date(day))
        self._touch(c.revises.block)
        return self._record(c.block[0], "claimDate", revises=self._iri(c.revises.block[0]),
                            value=date.fromordinal(day).isoformat(),
                            revisedDate=date.fromordinal(c.revises.day).isoformat())

    def _revision_mismatch(self, ev):
        # The last of its chain, so that no later revision turns into a mismatch too.
        c = self._pick([c for c in ev.claims if c.revises is not None and c.revised_by is None
                        and self._untouched(c.block)])
        if c is None:
            return None
        other = self._pick([a for a in self.gen.m.collective if a is not c.claimant])
        self._set(c.block[1], self.gen.p["claimant"], self.S.actor(other.slug))
        return self._record(c.block[0], "claimant", revises=self._iri(c.revises.block[0]),
                            value=str(ACTOR) + other.slug)

    def _claim_before_event(self, ev):
        c = self._pick([c for c in ev.claims if self._plain(c)])
        if c is None:
            return None
        start = c.event_start
        day = start - 1 - self.rng.randint(0, 30)
        self._set(c.block[1], self.gen.p["claimDate"], self.S.date(day))
        return self._record(c.block[0], "claimDate", value=date.fromordinal(day).isoformat(),
                            eventStart=date.fromordinal(start).isoformat())

    def _end_before_start(self, ev):
        block, start, end = ev.events[0]
        if end is None or not self._untouched(block):
            return None
        # Only where no claim or sub-event depends on the end date.
        day = start - 1 - self.rng.randint(0, 10)
        self._set(block[1], self.gen.p["endDate"], self.S.date(day))
        return self._record(block[0], "endDate", value=date.fromordinal(day).isoformat(),
                            startDate=date.fromordinal(start).isoformat())

    def _missing_claimant(self, ev):
        c = self._pick([c for c in ev.claims if self._plain(c)])
        if c is None:
            return None
        self._drop(c.block[1], self.gen.p["claimant"])
        return self._record(c.block[0], "claimant")

    def _missing_source(self, ev):
        c = self._pick([c for c in ev.claims if self._plain(c)])
        if c is None:
            return None
        self._drop(c.block[1], self.gen.p["source"])
        return self._record(c.block[0], "source")

    def _breakdown_exceeds_total(self, ev):
        total = self._pick([c for c in ev.claims if c.complete and c.parts
                            and self._untouched(c.block, *(x.block for x in c.parts))])
        if total is None:
            return None
        part = self._pick(total.parts)
        v = part.best + 1 + self.rng.randint(0, 3)
        p, S = self.gen.p, self.S
        for pred in ("minValue", "bestValue", "maxValue"):
            self._set(part.block[1], p[pred], S.nni(v))
        self._set(part.block[1], p["figureText"], S.string(str(v)))
        total_value = total.best
        parts_sum = sum(x.best for x in total.parts) - part.best + v
        self._touch(*(x.block for x in total.parts))
        return self._record(total.block[0], "breakdownCompleteness", part=self._iri(part.block[0]),
                            total=total_value, partsSum=parts_sum)

    def _dangling_reference(self, ev):
        variant = self.rng.randrange(3)
        p, S = self.gen.p, self.S
        missing_slug = f"gen-missing-{len(self.records)}"
        parts = [b for b in ev.parts if self._untouched(b)]
        if variant == 0 and parts:
            block = self._pick(parts)
            self._set(block[1], p["agent"], S.actor(missing_slug))
            return self._record(block[0], "agent", value=str(ACTOR) + missing_slug)
        if variant == 1 and self._untouched(ev.events[0][0]):
            block = ev.events[0][0]
            self._set(block[1], p["location"], S.place(missing_slug))
            return self._record(block[0], "location", value=str(PLACE) + missing_slug)
        c = self._pick([c for c in ev.claims if self._plain(c)])
        if c is None:
            return None
        self._set(c.block[1], p["claimant"], S.actor(missing_slug))
        return self._record(c.block[0], "claimant", value=str(ACTOR) + missing_slug)

    def _unknown_concept(self, ev):
        c = self._pick([c for c in ev.claims if self._plain(c)])
        if c is None:
            return None
        bad = VOCAB_BASE + "stance/gen-unknown-stance"
        self._set(c.block[1], self.gen.p["stance"], self.S.iri(bad))
        return self._record(c.block[0], "stance", value=bad)

    def _wrong_datatype(self, ev):
        c = self._pick([c for c in ev.claims if self._plain(c)])
        if c is None:
            return None
        text = date.fromordinal(c.day).isoformat()
        self._set(c.block[1], self.gen.p["claimDate"], self.S.string(text))
        return self._record(c.block[0], "claimDate", value=text)


# ============================================================================================
# Writing
# ============================================================================================


@dataclass
class Result:
    triples: int
    events: int
    claims: int
    seconds: float
    manifest: dict


def _format_for(path: str | None, fmt: str | None) -> tuple[str, bool]:
    """(format, gzip) from an explicit format or the file name."""
    gz = bool(path) and path.endswith(".gz")
    name = path[:-3] if gz else (path or "")
    if fmt is None:
        if name.endswith(".nt"):
            fmt = "nt"
        elif name.endswith(".ttl"):
            fmt = "ttl"
        elif not path or path == "-":
            fmt = "nt"
        else:
            raise UserError(f"{path}: cannot tell the format from the file name; use .nt or .ttl "
                            "(optionally .gz), or give --format")
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt, gz


class _Writer:
    """Buffers text and writes it out in large UTF-8 chunks."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.buf: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.buf.append(text)
        self.size += 1
        if self.size >= 4096:
            self.flush()

    def flush(self) -> None:
        if self.buf:
            self.raw.write("".join(self.buf).encode("utf-8"))
            self.buf.clear()
            self.size = 0


def stream_graph(raw: IO[bytes], target: int, seed: int = 0, fmt: str = "nt",
                 violations: dict[str, int] | str | None = None, vocab: Vocab | None = None,
                 progress: Callable[[int], None] | None = None) -> Result:
    """Write a synthetic graph of about `target` triples to the binary stream `raw`; `progress(n)`
    is told the triples written so far, every hundred events."""
    if target < MIN_TRIPLES:
        raise UserError(f"--triples {target}: the smallest graph is {MIN_TRIPLES} triples")
    began = time.perf_counter()
    vocab = vocab or default_vocab()
    counts = parse_violations(violations)
    syn = Syntax(fmt)
    plan = Plan.for_target(target, seed)
    model = Model(plan, vocab)
    gen = EventGenerator(model, syn, vocab)
    # How many events there will be, to spread the violations over them: what the reference layer
    # leaves of the target, at the average size of an event.
    reference = sum(len(block[1]) for block in model.blocks(syn, vocab))
    expected_events = max(1, (target - reference) // TRIPLES_PER_EVENT)
    seeder = Seeder(counts, expected_events, seed, syn, gen) if counts else None
    out = _Writer(raw)
    out.write(syn.header(f"Synthetic conflict-kg graph (not real data): seed {seed}, about {target} triples.\n"
                         "Generated by `conflictkg generate`; every IRI slug starts with gen-."))
    clean = 0
    for block in model.blocks(syn, vocab):
        clean += len(block[1])
        out.write(syn.block(block[0], block[1]))
    rng = random.Random(f"conflictkg-synth:{seed}:events")
    events = claims = 0
    block_text = syn.block
    while clean < target:
        ev = gen.event(events, rng)
        # Counted before any violation is seeded, so the clean parts of the graph do not move.
        clean += ev.count()
        if seeder is not None:
            seeder.maybe_apply(events, ev)
        for block in ev.blocks:
            out.write(block_text(block[0], block[1]))
        events += 1
        claims += len(ev.claims)
        if progress is not None and events % 100 == 0:
            progress(clean)
    out.flush()
    if progress is not None:
        progress(clean)
    if seeder is not None and not seeder.done():
        raise UserError(f"--violations: could place only {len(seeder.records)} of the "
                        f"{len(seeder.records) + len(seeder.queue)} violations in {events} events; "
                        "ask for fewer or generate a larger graph")
    triples = clean + (seeder.delta if seeder else 0)
    manifest = {
        "generator": "conflictkg.generate.synth",
        "seed": seed,
        "target": target,
        "triples": triples,
        "events": events,
        "claims": claims,
        "violations": seeder.records if seeder else [],
        "counts": {k: sum(1 for r in seeder.records if r["kind"] == k) for k in VIOLATION_KINDS
                   if seeder and any(r["kind"] == k for r in seeder.records)},
    }
    return Result(triples, events, claims, time.perf_counter() - began, manifest)


def generate_graph(output: str | Path, target: int, seed: int = 0, fmt: str | None = None,
                   violations: dict[str, int] | str | None = None, manifest: str | Path | None = None,
                   vocab: Vocab | None = None, compresslevel: int = 6,
                   progress: Callable[[int], None] | None = None) -> Result:
    """Write a synthetic graph to `output` (a path, or "-" for standard output); `progress` as for
    `stream_graph`.

    Files are written to a temporary name and renamed when complete, so a failed run leaves nothing
    behind. With violations, the manifest goes to `manifest` (default: `<output>.manifest.json`)."""
    output = str(output)
    if output != "-" and Path(output).is_dir():
        raise UserError(f"{output}: is a folder; give a file name ending in .nt or .ttl")
    fmt, gz = _format_for(None if output == "-" else output, fmt)
    counts = parse_violations(violations)
    if output == "-":
        result = stream_graph(sys.stdout.buffer, target, seed, fmt, counts, vocab, progress)
        sys.stdout.buffer.flush()
    else:
        path = Path(output)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as exc:
            raise UserError(f"{output}: cannot write here: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as fh:
                # filename="" and mtime=0: the gzip header must not make equal graphs differ.
                if gz:
                    with gzip.GzipFile(filename="", fileobj=fh, mode="wb", mtime=0,
                                       compresslevel=compresslevel) as stream:
                        result = stream_graph(stream, target, seed, fmt, counts, vocab, progress)
                else:
                    result = stream_graph(fh, target, seed, fmt, counts, vocab, progress)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException as exc:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            if isinstance(exc, OSError) and not isinstance(exc, UserError):
                raise UserError(f"{output}: cannot write: {exc.strerror or exc}") from None
            raise
    if counts or manifest:
        target_path = manifest or (None if output == "-" else f"{output}.manifest.json")
        if target_path:

            atomic_write_text(Path(target_path), json.dumps(result.manifest, indent=2) + "\n")
    return result


# ============================================================================================
# One submission: a new event for an existing generated graph
# ============================================================================================


@dataclass
class Submission:
    text: str  # the submission, in the requested syntax
    triples: int
    added: list[str]  # IRIs of the nodes it adds
    references: list[str]  # IRIs of existing nodes of the generated graph it points to
    manifest: dict


def generate_submission(target: int, seed: int = 0, index: int = 0, fmt: str = "ttl",
                        violations: dict[str, int] | str | None = None, vocab: Vocab | None = None) -> Submission:
    """One new event (with participations, claims, its report, a new city and maybe a new unit) that
    fits the graph `generate_graph(target, seed)` writes: it references that graph's campaigns,
    districts, actors and groups, and adds nodes whose IRIs the graph does not use."""
    if target < MIN_TRIPLES:
        raise UserError(f"--triples {target}: the smallest graph is {MIN_TRIPLES} triples")
    vocab = vocab or default_vocab()
    syn = Syntax(fmt)
    plan = Plan.for_target(target, seed)
    model = Model(plan, vocab)
    gen = EventGenerator(model, syn, vocab)
    rng = random.Random(f"conflictkg-synth:{seed}:submission:{index}")
    slug = f"gen-submission{index}"
    S = syn
    ckg = S.ckg
    lead = f"{slug}-report-lead"  # every generated report has a lead section
    campaign = rng.choice(model.leaf_campaigns)
    country = campaign.country
    model.leaf_campaigns = [campaign]  # pin the event to it (this model is thrown away afterwards)
    new: list[Block] = []
    unit = None
    # A city the graph does not know yet, in one of its districts: the event cannot duplicate one of
    # the graph's (same place, same day).
    district = rng.choice(country.districts[campaign.location.slug])
    city = Place(f"{slug}-city", _name(rng), "city", district, district.lon + rng.uniform(-0.2, 0.2),
                 district.lat + rng.uniform(-0.2, 0.2), "settlement", 2, lead)
    new.append([S.place(city.slug), [[S.a, ckg("Place")], [S.label, S.en(city.label)],
                                     [ckg("placeType"), S.iri(vocab.concept("place-type", "city"))],
                                     [ckg("locatedIn"), S.place(district.slug)],
                                     [S.has_geometry, S.geom(city.slug)],
                                     [ckg("geoPrecision"), S.iri(vocab.concept("geo-precision", "settlement"))],
                                     [ckg("source"), S.source(lead)]]])
    new.append([S.geom(city.slug), [[S.a, S.geometry_class], [S.as_wkt, S.wkt(city.lon, city.lat, 2)],
                                    [ckg("source"), S.source(lead)]]])
    if rng.random() < 0.5:
        # A squadron the graph does not know yet, under one of its air-force units.
        parent = rng.choice(country.air_units or [country.air_force])
        unit = Actor(f"{slug}-unit", f"{rng.choice(_ORDINALS)} Squadron", "Unit", None, lead,
                     rels=[("subUnitOf", parent)])
        new.append([S.actor(unit.slug), [[S.a, ckg("Unit")], [S.label, S.en(unit.label)],
                                         [ckg("subUnitOf"), S.actor(parent.slug)], [ckg("source"), S.source(lead)]]])
    counts = parse_violations(violations)
    records: list[dict] = []
    # With violations, draw the event again until it has something of each kind to break.
    # Each violation breaks a node of its own, so several kinds need more claims (and kinds such as
    # end-before-start need an event with an end date, which one strike in twelve has).
    wanted = sum(counts.values())
    for attempt in range(1000):
        # Two or three claims; four when a violation needs a breakdown (a total and two parts), and up
        # to one more per further violation.
        ev = gen.event(0, rng, slug, force_place=city, force_perpetrator=unit, small=True,
                       max_claims=3 if attempt < 10 else 4 + min(attempt // 50, max(0, wanted - 1)))
        if not counts:
            break
        seeder = Seeder(counts, 10 ** 9, seed, syn, gen)
        seeder.stride = seeder.next_at = 0
        for _ in range(sum(counts.values())):
            seeder.maybe_apply(0, ev)
        if seeder.done():
            records = seeder.records
            break
    else:
        raise UserError(f"--violations: a submission cannot hold {', '.join(seeder.queue)}; ask for fewer")
    blocks = ev.blocks + new
    added = [full_iri(b[0]) for b in blocks]
    added_set = set(added)
    refs: set[str] = set()
    for b in blocks:
        for _, o in b[1]:
            if o.startswith("<https://w3id.org/conflict-kg/id/") or (
                    not o.startswith(('"', "<")) and o.split(":", 1)[0] in
                    ("event", "actor", "place", "geom", "claim", "part", "group", "source")):
                iri = full_iri(o)
                if iri not in added_set:
                    refs.add(iri)
    header = syn.header(f"Synthetic submission {index} for the graph of seed {seed}, about {target} triples "
                        "(not real data).")
    text = header + "".join(syn.block(b[0], b[1]) for b in blocks)
    manifest = {"generator": "conflictkg.generate.synth", "seed": seed, "target": target, "submission": index,
                "violations": records}
    return Submission(text, sum(len(b[1]) for b in blocks), sorted(added), sorted(refs), manifest)
