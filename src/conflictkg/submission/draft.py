"""`conflictkg draft`: what an article says, infobox and prose, turned into a draft submission in
Turtle for an analyst to review.

The infobox is read as the lists it renders (`conflictkg.submission.infobox`): sides, units and
their nesting, commanders with their titles, fates and times in the event, casualty and strength
figures with what they measure, what they count, whose side and who claims them. The prose is read
sentence by sentence (`conflictkg.submission.prose`): every attributed statement becomes a claim
with its claimant, stance, hedge and section, the sentence as quote. Names are linked to the graph
by label and alias (`conflictkg.model.names`); a new node is minted only when nothing matches.

Review is enforced: every statement the drafter is not sure of carries a `ckg:draftNote` whose text
says what to check and why ("ckg:claimant: read from '(per SOHR)'"); `conflictkg validate` reports
each as a warning and `conflictkg submit` refuses the file until every one is resolved and deleted.
The header says how many statements were drafted, how many need review, and quotes what the
drafter could not read at all.

When the article's event is already in the graph (the duplicate rule of
`conflictkg.model.duplicates`), the draft enriches it: the existing event is the subject of the new
statements, with the sections that support them, and statements the graph already holds are not
repeated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote as urlquote

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from conflictkg.model.dates import parse_date
from conflictkg.model.duplicates import EventFacts, possible_duplicates, span_end
from conflictkg.model.figures import Figure, parse_figure
from conflictkg.model.names import NameIndex, normalise, qname, skeleton_key, variant_key
from conflictkg.model.namespaces import ACTOR, CKG, PRECISION, PREFIXES
from conflictkg.submission import infobox as cells
from conflictkg.submission import lexicon, prose
from conflictkg.submission.article import Article, InfoboxEntry
from conflictkg.submission.facts import ClaimSpec, EventFact, Name, PartSpec, Review, Unread

DRAFT_NOTE = CKG.draftNote

# Infobox keys (lower case, without the side number) -> the role of the actors they list.
ROLE_KEYS = {
    "target": "target", "targets": "target",
    "combatant": "combatant", "combatants": "combatant", "belligerents": "combatant", "belligerent": "combatant",
    "participants": "combatant",
    "units": "combatant", "unit": "combatant", "units involved": "combatant",
    "commander": "commander", "commanders": "commander", "commanders and leaders": "commander",
    "commanded by": "commander", "leader": "commander", "leaders": "commander",
    "perpetrator": "perpetrator", "perpetrators": "perpetrator", "attacker": "perpetrator", "attackers": "perpetrator",
    "assailant": "perpetrator", "assailants": "perpetrator", "suspected perpetrator": "perpetrator",
    "suspected perpetrators": "perpetrator", "accused": "perpetrator",
    "executed by": "executor", "carried out by": "executor",
    "planned by": "planner", "ordered by": "planner", "organised by": "planner", "organized by": "planner",
}
# Infobox keys -> the measure of a figure that does not say its own ("Fatalities: 108+").
FIGURE_KEYS = {
    "fatalities": "killed", "deaths": "killed", "killed": "killed", "dead": "killed",
    "injuries": "injured", "injured": "injured", "wounded": "injured", "non-fatal injuries": "injured",
    "victims": "killed-or-injured", "casualty": "killed-or-injured", "missing": "missing", "captured": "captured",
    "prisoners": "captured",
    "casualties": "killed-or-injured", "casualties and losses": "killed-or-injured", "losses": "killed-or-injured",
    "strength": "strength",
}
# A hedge in parentheses ("(suspected)") -> the concept of the hedge scheme.
HEDGE_WORDS = {"alleged": "allegedly", "allegedly": "allegedly", "reportedly": "reportedly", "unconfirmed": "unconfirmed",
               "claimed": "claimed", "suspected": "believed", "presumed": "believed", "possibly": "likely",
               "probably": "likely"}
IGNORED_KEYS = {"map type", "map label", "map", "map caption", "image", "caption", "image size", "map size",
                "map relief", "coordinates", "alt", "image caption", "image_size", "map_type", "label"}
EVENT_KEYS = {"type", "attack type", "date", "dates", "location", "locations", "place", "places", "partof", "part of",
              "result", "outcome", "territory", "territorial changes", "territorial change", "conflict", "title",
              "time", "timezone", "time zone", "objective", "objectives", "weapons", "weapon", "cause", "motive"}
_PLACE_RANK = [
    (re.compile(r"\b(?:airport|air\s*base|airbase|base|camp|hospital|academy|college|dam|plant|field|crossing|"
                r"highway|road|bridge|hill|citadel|prison|school|university|square)\b", re.I), 1),
    (re.compile(r"\b(?:district|sub-?district|nahiya|countryside|neighbou?rhood|quarter)\b", re.I), 3),
    (re.compile(r"\b(?:governorate|province|oblast|canton)\b", re.I), 4),
    (re.compile(r"^(?:northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|"
                r"central)\b", re.I), 5),
]
_PLACE_TYPES = [
    (r"\bgovernorate|\bprovince\b", "governorate"), (r"\bdistrict\b", "district"), (r"\bairport\b", "airport"),
    (r"\bair\s*base\b|\bairbase\b", "air-base"), (r"\bbase\b", "military-base"), (r"\bcamp\b", "camp"),
    (r"\bcrossing\b", "border-crossing"), (r"\b(?:highway|road)\b", "road"), (r"\bneighbou?rhood\b|\bquarter\b", "neighbourhood"),
    (r"\b(?:hospital|academy|college|university|dam|plant|prison|school|citadel)\b", "facility"),
    (r"\bvillage\b", "village"), (r"\btown\b", "town"), (r"\bcity\b", "city"), (r"\bhill\b|\bmountains?\b", "terrain-feature"),
]


# --------------------------------------------------------------------------------------------
# A small Turtle writer that keeps comments next to what they explain
# --------------------------------------------------------------------------------------------

def string(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    out = f'"{escaped}"'
    if lang:
        return out + "@" + lang
    if datatype:
        return out + "^^" + datatype
    return out


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


@dataclass
class Node:
    ref: str  # "_:event" or a prefixed name
    types: list[str]
    comments: list[str] = field(default_factory=list)
    props: list[tuple[str, str, str]] = field(default_factory=list)  # predicate, object, comment
    notes: list[str] = field(default_factory=list)
    existing: bool = False  # a node of the graph the draft adds statements to (no type written)

    def add(self, predicate: str, obj: str, comment: str = "") -> None:
        if not any(p == predicate and o == obj for p, o, _ in self.props):
            self.props.append((predicate, obj, comment))

    def has(self, predicate: str, obj: str | None = None) -> bool:
        return any(p == predicate and (obj is None or o == obj) for p, o, _ in self.props)

    def note(self, check: str, reason: str | None = None) -> None:
        """A review marker: what to check (a property, or "node") and why."""
        text = check if reason is None else f"{check}: {reason}"
        text = _one_line(text)
        if text not in self.notes:
            self.notes.append(text)

    def render(self) -> str:
        if self.existing and not self.props and not self.notes:
            return ""  # nothing added to the graph's node
        lines = [f"# {_one_line(c)}" for c in self.comments]
        items: list[tuple[str, str]] = []
        if self.types:
            items.append(("a " + ", ".join(self.types), ""))
        # Notes come right after the type, so that deleting a note's line never breaks the Turtle.
        for note in self.notes:
            items.append((f"ckg:draftNote {string(note)}", ""))
        for predicate, obj, comment in self.props:
            items.append((f"{predicate} {obj}", comment))
        if not items:
            return ""
        lines.append(self.ref)
        for i, (text, comment) in enumerate(items):
            end = " ." if i == len(items) - 1 else " ;"
            lines.append(f"    {text}{end}" + (f"  # {_one_line(comment)}" if comment else ""))
        return "\n".join(lines)


@dataclass
class Draft:
    text: str
    notes: list[tuple[str, str]]  # (node, note)
    skipped: list[str]  # what was left out on purpose, and why
    unread: list[Unread] = field(default_factory=list)  # what could not be read at all
    statements: int = 0  # statements drafted (triples of the draft's nodes, types and notes aside)
    to_review: int = 0  # statements on nodes with a review marker
    enriches: URIRef | None = None  # the existing event the draft enriches


def wikipedia_url(title: str) -> str:
    return "https://en.wikipedia.org/wiki/" + urlquote(title.replace(" ", "_"), safe="()_,-.'!:")


def _slug(text: str) -> str:
    return normalise(text).replace(" ", "-")[:60].strip("-") or "x"


# --------------------------------------------------------------------------------------------
# Names: linking to the graph, and the nodes the draft mints
# --------------------------------------------------------------------------------------------

KIND_CLASS = {"actor": "ckg:Actor", "place": "ckg:Place", "event": "ckg:MilitaryEvent", "group": "ckg:Group"}
_CONNECTORS = {"of", "for", "the", "and", "de", "al", "el", "in", "on", "to", "a", "an", "wal", "ul"}


def initials(text: str, hyphens: bool = False) -> str:
    """"Syrian Democratic Forces" -> "SDF"; "Syrian Observatory for Human Rights" -> "SOHR"; a
    hyphenated word gives one letter unless `hyphens` ("Self-Defense Forces" -> "SF", or "SDF")."""
    words = [w for w in re.split(r"[\s\-]+" if hyphens else r"\s+", text) if w and w.lower() not in _CONNECTORS]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


class UnclearName(Exception):
    """A name the draft will not mint a node for (`lexicon.unclear_name`)."""

    def __init__(self, text: str, kind: str, why: str):
        super().__init__(f"'{text}' is no clear name of {'a' if kind[0] not in 'aeiou' else 'an'} {kind} ({why})")
        self.text, self.kind, self.why = text, kind, why


@dataclass
class Link:
    ref: str  # what the draft writes: a prefixed name, or a blank node of the draft
    kind: str
    iri: URIRef | None = None  # the node of the graph
    node: Node | None = None  # the node the draft minted
    how: str = "label"  # label | alias | variant | acronym | spelt-out | stands-for (a capital for its state) | draft | new | ambiguous
    text: str = ""
    candidates: list[URIRef] = field(default_factory=list)


class Entities:
    """Finds names in the graph (labels and aliases, normalised; then spelling variants) and in the
    draft itself (nodes it minted, with the abbreviations the article gives), and mints a node only
    when nothing matches. One name listed twice is one node."""

    def __init__(self, builder: "_Builder"):
        self.b = builder
        self.index = builder.index
        self.local: dict[str, dict[str, Link]] = {}
        self.local_variants: dict[str, dict[str, Link]] = {}
        self.local_skeletons: dict[str, dict[str, Link]] = {}
        self.minted: list[Link] = []
        self._initials: dict[str, dict[str, set[URIRef]]] | None = None

    def register(self, link: Link, name: str) -> None:
        self.local.setdefault(link.kind, {})[normalise(name)] = link
        key = variant_key(name)
        if len(key) >= 4:
            self.local_variants.setdefault(link.kind, {})[key] = link
        if skeleton := skeleton_key(name):
            self.local_skeletons.setdefault(link.kind, {})[skeleton] = link

    def graph_initials(self, kind: str) -> dict[str, set[URIRef]]:
        """The initials of the labels of the graph's nodes of `kind` ("SAA" for "Syrian Arab Army")."""
        if self._initials is None:
            self._initials = {}
        if kind not in self._initials:
            found: dict[str, set[URIRef]] = {}
            for names in self.index.by_kind[kind].values():
                for node in names:
                    for label in self.b.graph.objects(node, RDFS.label):
                        words = str(label).split()
                        if len(words) >= 3:
                            found.setdefault(initials(str(label)), set()).add(node)
            self._initials[kind] = found
        return self._initials[kind]

    def lookup(self, text: str, kinds: tuple[str, ...], *, acronyms: bool = True) -> Link | None:
        text = text.strip()
        if not normalise(text):
            return None
        for kind in kinds:
            hits = self.index.find(kind, text)
            if len(hits) == 1:
                return Link(qname(hits[0]), kind, iri=hits[0], how="label", text=text)
            if len(hits) > 1:
                return Link(", ".join(qname(h) for h in hits), kind, how="ambiguous", text=text, candidates=hits)
            if (link := self.local.get(kind, {}).get(normalise(text))) is not None:
                return link
        for kind in kinds:
            hits = self.index.find_variant(kind, text)
            if len(hits) == 1:
                return Link(qname(hits[0]), kind, iri=hits[0], how="variant", text=text)
            if (link := self.local_variants.get(kind, {}).get(variant_key(text))) is not None:
                return Link(link.ref, kind, link.iri, link.node, "variant", text)
        # Transliterations that differ in their vowels ("Dayr az-Zawr", "Hizbullah"): the last
        # fallback on spelling, always reported; only an answer with one node is taken.
        for kind in kinds:
            hits = self.index.find_skeleton(kind, text)
            if len(hits) == 1:
                return Link(qname(hits[0]), kind, iri=hits[0], how="variant", text=text)
            if not hits and (key := skeleton_key(text)) and (link := self.local_skeletons.get(kind, {}).get(key)) is not None:
                return Link(link.ref, kind, link.iri, link.node, "variant", text)
        if acronyms and re.fullmatch(r"[A-Z]{3,6}", text) and not re.match(r"^(?:US|UK|UN)", text):
            # The initials of a name the graph holds ("SAA" for "Syrian Arab Army"), when no other
            # node of the graph or the draft has them; never initials that begin with a country's own
            # ("USAF" is not "United States Armed Forces": the US has many bodies with those letters).
            for kind in kinds:
                graph_hits = self.graph_initials(kind).get(text, set())
                local_hits = {l.ref for l in self.local.get(kind, {}).values() if l.node is not None and initials(l.text) == text}
                if len(graph_hits) == 1 and not local_hits:
                    hit = next(iter(graph_hits))
                    return Link(qname(hit), kind, iri=hit, how="acronym", text=text)
        if acronyms and re.fullmatch(r"[A-Z]{2,6}", text):
            # The initials of a name the draft holds ("SDF" after "Syrian Democratic Forces"): whole
            # words first, then hyphenated parts too; only an answer with one node is taken.
            for hyphens in (False, True):
                for kind in kinds:
                    found = {l.ref: l for l in self.local.get(kind, {}).values() if l.node is not None
                             and initials(l.text, hyphens) == text}
                    if len(found) == 1:
                        link = next(iter(found.values()))
                        return Link(link.ref, kind, link.iri, link.node, "acronym", text)
                    if found:
                        return None
        return None

    def link(self, text: str, kinds: tuple[str, ...], *, section: str, quote: str, where: str,
             cls: str | None = None, comment: str = "") -> Link:
        found = self.generic_elsewhere(text, kinds, self.lookup(text, kinds)) or self.spelt_out(text, kinds)
        if found is not None:
            return found
        kind = kinds[0]
        if kind == "actor" and (full := self.expanded(text)) is not None:
            # "(YBŞ claim)" in the infobox, "Sinjar Resistance Units (YBŞ)" in the lead: the name the
            # article gives the abbreviation, wherever it gives it, not a second node of the initials.
            found = self.link(full, kinds, section=section, quote=quote, where=where, cls=cls, comment=comment)
            self.add_alias(found, re.sub(r"^[Tt]he\s+", "", text), section, quote)
            return found
        # A node is minted only from a clear name: never from a fragment of a sentence, a lone
        # demonym or a description ("Turkish soldier"); the statement is then left to the analyst.
        why = lexicon.unclear_name(text, kind, prose=section != "Infobox")
        if why is not None:
            raise UnclearName(text, kind, why)
        if kind == "actor" and section != "Infobox" and (generic := lexicon.generic_source_class(text)):
            cls = generic  # "first reports", "one official": a source the article does not name
        text = re.sub(r"^[Tt]he\s+(?=[A-Z\u00C0-\u00DE])", "", text)  # "(per the White Helmets)": the name is "White Helmets"
        node = self.b.new_node(f"{kind} {text}", [cls or KIND_CLASS[kind]], comment or f"New {kind}: {where}.")
        node.add("rdfs:label", string(text, "en"))
        node.add("ckg:source", self.b.section(section))
        what = {"actor": "actor", "place": "place", "event": "event", "group": "group"}[kind]
        advice = {
            "actor": "set its class (ckg:State, ckg:ArmedForce, ckg:ArmedGroup, ckg:Unit, ckg:Person...) and ckg:actorType",
            "place": "set ckg:placeType and ckg:locatedIn",
            "event": "set its class, ckg:eventType and its dates if the article gives them",
            "group": "set ckg:affiliation or ckg:combatantStatus if the article says",
        }[kind]
        node.note("node", f"'{text}' ({where}) matches no {what} of the graph: a new {what}; replace it by an "
                          f"existing IRI if the graph has it under another name, else {advice}")
        link = Link(node.ref, kind, node=node, how="new", text=text)
        self.register(link, text)
        self.minted.append(link)
        return link

    def spelt_out(self, text: str, kinds: tuple[str, ...]) -> Link | None:
        """"Islamic State of Iraq and the Levant", about to be minted: the one node of the graph whose
        label or other name is its initials ("ISIL"), as the article spells the abbreviation out
        (reported with a marker); None when no node or several have them."""
        words = [w for w in text.split() if w.lower() not in _CONNECTORS]
        if len(words) < 3 or not all(w[:1].isupper() for w in words) or re.search(r"\d", text) or \
                re.fullmatch(r"(?:US|UK|UN)\w*", initials(text)):
            return None
        for kind in kinds:
            hits = self.index.find(kind, initials(text))
            if len(hits) == 1:
                return Link(qname(hits[0]), kind, iri=hits[0], how="spelt-out", text=text)
        return None

    def generic_elsewhere(self, text: str, kinds: tuple[str, ...], found: Link | None) -> Link | None:
        """`found`, unless `text` is a generic attribution ("Other sources", "local sources") that
        the graph holds only as another name of a node another article made of it ("other sources
        close to Turkey"): such words name whoever this article means, so the draft makes a source of
        its own, as the article names it (None)."""
        nodes = [found.iri] if found is not None and found.iri is not None else list(found.candidates) if found is not None else []
        if nodes and "actor" in kinds and lexicon.generic_source_class(text) and not any(
                normalise(text) == normalise(str(o)) for n in nodes for o in self.b.graph.objects(n, RDFS.label)):
            return None
        return found

    def expanded(self, text: str) -> str | None:
        """The name an abbreviation stands for when the article writes it after that name ("Sinjar
        Resistance Units (YBŞ)", "the Syrian National Army (SNA; ...)") anywhere, else None."""
        abbr = text.strip()
        body = "\n".join([self.b.article.lead] + [sec.text for sec in self.b.article.sections]
                         + [f"{e.value}" for e in self.b.article.infobox])
        name_word = r"(?:[A-Z\u00C0-\u00DE][\w'’.\u00C0-\u024F-]*|al-[A-Z][\w'’-]*)"
        bare = re.sub(r"^[Tt]he\s+", "", abbr)
        if re.match(r"[A-Z\u00C0-\u00DE]", bare) and len(bare) >= 3:
            # "the Syria Civil Defence, also known as the White Helmets": the name it is given first.
            for m in re.finditer(rf"(?<![\w'’-])(?P<full>{name_word}(?:(?:\s+(?:of|for|and|the|on|al|de|du|el))*\s+{name_word}){{0,9}})"
                                 rf",?\s+(?:also\s+|commonly\s+|better\s+|widely\s+|locally\s+)?known\s+as\s+(?:the\s+)?"
                                 rf"{re.escape(bare)}(?![\w'’-])", body):
                full = re.sub(r"^(?:The|In|On|By|From|With|And|As|At|According\s+to\s+the|According\s+to)\s+", "",
                              m.group("full").strip())
                if normalise(full) != normalise(bare) and lexicon.unclear_name(full, "actor", prose=True) is None:
                    return full
        if not re.fullmatch(r"[A-Z\u00C0-\u00DE\u0100-\u024F][\w\u00C0-\u024F&-]{1,7}", abbr) or \
                sum(c.isupper() for c in abbr) < 2 or sum(c.islower() for c in abbr) > 2:
            return None
        for m in re.finditer(rf"(?<![\w'’-])(?P<full>{name_word}(?:(?:\s+(?:of|for|and|the|on|al|de|du|el))*\s+{name_word}){{1,9}})\s*\("
                             rf"{re.escape(abbr)}\s*[);,]", body):
            full = re.sub(r"^(?:The|In|On|By|From|With|And|As|At)\s+", "", m.group("full").strip())
            if len(full.split()) >= 2 and normalise(full) != normalise(abbr) and \
                    lexicon.unclear_name(full, "actor", prose=True) is None:
                return full
        return None

    def add_alias(self, link: Link, alias: str, section: str, quote: str) -> None:
        """An abbreviation or other name the article gives ("Syrian National Army (SNA)")."""
        if normalise(alias) == normalise(link.text) or not normalise(alias):
            return
        if link.node is not None:
            link.node.add("skos:altLabel", string(alias, "en"), f"\"{_short(quote)}\"")
            self.register(link, alias)
        elif link.iri is not None:
            names = {normalise(str(o)) for p in (RDFS.label, SKOS.altLabel) for o in self.b.graph.objects(link.iri, p)}
            if normalise(alias) not in names:
                self.b.record_alias(link, alias, section, quote)
            self.local.setdefault(link.kind, {})[normalise(alias)] = link


def _short(text: str, limit: int = 90) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------
# The draft
# --------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, article: Article, index: NameIndex, url: str | None):
        self.article = article
        self.index = index
        self.graph = index.graph
        self.nodes: list[Node] = []
        self.skipped: list[str] = []
        self.unread: list[Unread] = []
        self.header: list[str] = []
        self.already: list[str] = []  # statements the graph already holds (an enrichment)
        self.taken: set[str] = set()
        self.url_given = url is not None
        self.url = url or wikipedia_url(article.title)
        self.is_wikipedia = "wikipedia.org/" in self.url
        self.entities = Entities(self)
        self.sections: dict[str, str] = {}
        self.enriched: URIRef | None = None
        self.event_start: dt.date | None = None
        self.event_end: dt.date | None = None
        self.event_precision: str | None = None
        self.events: dict[str, Node] = {}  # other events the draft says something about, by ref
        self.near_texts: set[str] = set()  # infobox places given as "near X"

    # -- helpers -----------------------------------------------------------------------------

    def bnode(self, hint: str) -> str:
        base = "_:" + _slug(hint)
        ref, n = base, 2
        while ref in self.taken:
            ref, n = f"{base}-{n}", n + 1
        self.taken.add(ref)
        return ref

    def new_node(self, hint: str, types: list[str], *comments: str) -> Node:
        node = Node(self.bnode(hint), types, [c for c in comments if c])
        self.nodes.append(node)
        return node

    def node_of(self, link: Link) -> Node | None:
        """The draft's node for `link`, when statements may be added to it: a node the draft
        minted, or the enriched event."""
        if link.node is not None:
            return link.node
        if link.iri is not None and link.iri == self.enriched:
            return self.event
        return None

    # -- the source --------------------------------------------------------------------------

    def source(self) -> None:
        """The document (found by URL, or new), the claimant of its own voice, and its sections."""
        docs = [d for d in self.index.find_url(self.url) if "source" in self.index.kind_of(d)]
        wikipedia = ACTOR.wikipedia if (ACTOR.wikipedia, None, None) in self.graph else None
        how = "given with --url" if self.url_given else "made from the title"
        self.doc_iri: URIRef | None = None
        if docs:
            self.doc_iri = docs[0]
            self.doc = qname(docs[0])
            self.header.append(f"Source: {self.doc}, already in the graph ({self.url}, URL {how}).")
            publisher = self.graph.value(docs[0], CKG.publisher)
            self.claimant = qname(publisher) if publisher is not None else (
                qname(wikipedia) if wikipedia and self.is_wikipedia else None)
            return
        doc = self.new_node("article", ["ckg:SourceDocument"], f"The article, new to the graph ({self.url}).")
        doc.add("rdfs:label", string(f"{self.article.title} (Wikipedia)" if self.is_wikipedia else self.article.title, "en"))
        doc.add("ckg:url", string(self.url, datatype="xsd:anyURI"))
        if not self.url_given:
            doc.note("ckg:url", f"{self.url} was made from the title: check it is the article's address (or draft again with --url)")
        self.claimant = None
        if self.is_wikipedia and wikipedia is not None:
            doc.add("ckg:publisher", qname(wikipedia))
            self.claimant = qname(wikipedia)
        else:
            self.doc_node = doc
        self.doc = doc.ref

    def section(self, title: str) -> str:
        """The section `title` ("Infobox", "Lead" or a heading) of the document: the graph's, or a new one."""
        if title in self.sections:
            return self.sections[title]
        if self.doc_iri is not None:
            for s in self.graph.subjects(CKG.sectionOf, self.doc_iri):
                if str(self.graph.value(s, RDFS.label)) == title:
                    self.sections[title] = qname(s)
                    return self.sections[title]
        sec = self.new_node(f"section {title}", ["ckg:DocumentSection"], f"The article's section \"{title}\".")
        sec.add("rdfs:label", string(title, "en"))
        sec.add("ckg:sectionOf", self.doc)
        anchor = "" if title in ("Infobox", "Lead") else "#" + urlquote(title.replace(" ", "_"), safe="()_,-.'!:")
        sec.add("ckg:url", string(self.url + anchor, datatype="xsd:anyURI"))
        self.sections[title] = sec.ref
        return sec.ref

    # -- the event ---------------------------------------------------------------------------

    def event_types(self) -> list[URIRef]:
        types: list[URIRef] = []
        self.type_notes: list[tuple[str, str]] = []
        self.type_comments: dict[URIRef, str] = {}
        entries = self.article.entries("type", "cause", "attack type", "attack-type")
        for entry in entries:
            if entry.is_empty:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
            for item in entry.items():
                words = re.split(r"\s+by\s+", item, maxsplit=1)[0] if entry.name == "cause" else item
                found = self.index.find_concept("event-type", words)
                if len(found) == 1 and found[0] not in types:
                    types.append(found[0])
                    self.type_comments[found[0]] = f"{entry.key}: {words}"
                elif entry.name == "type" and not found:
                    self.type_notes.append(("ckg:eventType", f"{entry.key} '{item}' (line {entry.line}) is not a concept of the "
                                            "event-type scheme: add ckg:eventType with one and the class that goes with it"))
        if not types:
            # No usable Type line: the kinds of event named in the title ("2020 Balyun airstrikes").
            title = " " + _slug(self.article.title).replace("-", " ") + " "
            for name, concepts in sorted(self.index.concept_names("event-type").items()):
                for concept in concepts:
                    if any(f" {form} " in title for form in (name, name + "s", name + "es")) and concept not in types:
                        types.append(concept)
                        self.type_comments[concept] = f"from the title's words \"{name}\""
                        self.type_notes.append(("ckg:eventType", f"read from the title's word '{name}'"))
        if not types:
            # Nor there: what the lead's first sentence says the event was ("was a series of airstrikes").
            first = prose.first_sentence(self.article.lead)
            if m := re.search(r"\b(?:was|is|were)\s+(?:a|an|the)\s+(?:series\s+of\s+)?(?:[\w-]+\s+){0,3}?"
                              r"(airstrikes?|air\s+raids?|drone\s+strikes?|missile\s+strikes?|offensives?|battles?|"
                              r"raids?|sieges?|bombings?|ambush(?:es)?|massacres?|military\s+operations?|"
                              r"cross-border\s+(?:military\s+)?operations?|operations?)\b", first, re.I):
                word = m.group(1).lower()
                if "operation" in word:
                    word = "cross-border operation" if "cross-border" in m.group(0).lower() else ""
                found = self.index.find_concept("event-type", word) if word else []
                if word in ("airstrikes", "air raids") and "series" in m.group(0).lower():
                    found = self.index.find_concept("event-type", "air campaign") or found
                if len(found) == 1:
                    types.append(found[0])
                    self.type_comments[found[0]] = f"the lead: \"{m.group(0)}\""
                    self.type_notes.append(("ckg:eventType", f"read from the lead's words '{m.group(0)}'"))
        if not types:
            self.type_notes.append(("ckg:eventType", "no event type found (no Type line, no kind of event in the title or "
                                                     "the lead's first sentence): add ckg:eventType and the matching class"))
        return types

    def event_class(self, types: list[URIRef]) -> URIRef:
        # Each event type names the class its events belong to (ckg:eventClass, ontology/vocabularies.ttl).
        classes = {c for t in types for c in self.graph.objects(t, CKG.eventClass)}
        if not classes:
            for t in types:  # a narrower type without a class of its own takes its broader type's
                classes |= {c for b in self.graph.transitive_objects(t, SKOS.broader) for c in self.graph.objects(b, CKG.eventClass)}
        if len(classes) == 1:
            return classes.pop()
        if len(classes) > 1:
            # An offensive that is also a battle is an offensive: the most specific class wins when
            # one is ckg:MilitaryEvent; otherwise the analyst chooses.
            specific = classes - {CKG.MilitaryEvent}
            if len(specific) == 1:
                return specific.pop()
            self.type_notes.append(("rdf:type", "the event types point to different classes (" + ", ".join(sorted(qname(c) for c in classes))
                                    + "): choose one class, or split the event in two"))
        return CKG.MilitaryEvent

    def dates(self) -> tuple[dt.date | None, dt.date | None, str | None, list[tuple[str, str, str]], list[tuple[str, str]]]:
        props: list[tuple[str, str, str]] = []
        notes: list[tuple[str, str]] = []
        entries = self.article.entries("date", "dates")
        self.date_time = self.date_zone = None
        if not entries:
            notes.append(("ckg:startDate", "the infobox has no Date: add ckg:startDate (and ckg:endDate) with ckg:datePrecision"))
            return None, None, None, props, notes
        entry = entries[0]
        for extra in entries[1:]:
            notes.append(("ckg:startDate", f"a second {extra.key} line (line {extra.line}: \"{extra.value}\"): keep the right date"))
        reading, self.date_time, self.date_zone = cells.date_reading(entry.value)
        try:
            try:
                span = parse_date(entry.value)
            except ValueError:
                if reading == entry.value:
                    raise
                span = parse_date(reading)
                notes.append(("ckg:startDate", f"{entry.key} \"{entry.value}\" read as \"{reading}\""
                                               + (f" at {self.date_time}" if self.date_time else "")))
        except ValueError as exc:
            notes.append(("ckg:startDate", f"{entry.key} \"{entry.value}\" (line {entry.line}) could not be read ({exc}): "
                                           "add ckg:startDate, ckg:endDate and ckg:datePrecision by hand"))
            self.unread.append(Unread("Infobox", entry.quote, f"the date could not be read ({exc})"))
            return None, None, None, props, notes
        props.append(("ckg:startDate", string(span.start.isoformat(), datatype="xsd:date"), f"{entry.key}: {entry.value}"))
        if span.end:
            props.append(("ckg:endDate", string(span.end.isoformat(), datatype="xsd:date"), ""))
        props.append(("ckg:datePrecision", qname(PRECISION[span.precision]), ""))
        if span.approximate:
            notes.append(("ckg:datePrecision", f"{entry.key} \"{entry.value}\" is hedged: it is written as the start of the "
                                               f"{span.precision}; check the precision"))
        if span.open_end:
            notes.append(("ckg:endDate", f"{entry.key} \"{entry.value}\" has no end: is the event still going on? Leave ckg:endDate out if so"))
        return span.start, span.end, span.precision, props, notes

    def place_items(self) -> list[tuple[InfoboxEntry, str]]:
        out = []
        for entry in self.article.entries("location", "locations", "place", "places"):
            if entry.is_empty:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
                continue
            self.note_noise(entry)
            for item in entry.items():
                if lexicon.COORDINATES.search(item):
                    self.skipped.append(f"{entry.key} (line {entry.line}): coordinates left out of '{item}'")
                    item = lexicon.COORDINATES.sub("", item).strip()
                    if not item:
                        continue
                # "Palmyra, Damascus, and Aleppo": the "and" of the last item is no part of its name.
                item = re.sub(r"^(?:and|or)\s+(?=\S)", "", item, flags=re.I)
                # "Northern and eastern Syria and northern Iraq": two places, each with a proper name.
                parts = [p.strip() for p in re.split(r"\s+and\s+", item)]
                groups, current = [], ""
                for p in parts:
                    current = f"{current} and {p}" if current else p
                    if re.search(r"\b[A-Z][a-z]{2,}", re.sub(r"^(?:Northern|Southern|Eastern|Western|Central)\b", "", current)):
                        groups.append(current)
                        current = ""
                if current:
                    groups = groups[:-1] + [f"{groups[-1]} and {current}"] if groups else [current]
                for g in groups:
                    g = re.sub(r"^the\s+(?=\S)", "", g, flags=re.I)  # "the Example countryside"
                    # "Manbij and its countryside", "Multiple locations across Syria", "east bank of the Euphrates".
                    if not any(ch.isupper() or ch.isdigit() for ch in re.sub(
                            r"^(?:near|outside|close\s+to|(?:north|south|east|west)\w*(?:\s+of)?)\b", "", g, flags=re.I)):
                        self.skipped.append(f"{entry.key} (line {entry.line}): '{g}' names no place")
                        continue
                    name, left, relation = cells.place_reading(g)
                    if left:
                        self.skipped.append(f"{entry.key} (line {entry.line}): '{g}' read as the place '{name}'"
                                            + (" (near it)" if relation == "near" else "") + f", without '{left}'")
                        g = name
                        if relation == "near":
                            self.near_texts.add(g[0].upper() + g[1:])
                    # "near Idlib": a place the event is near, not at.
                    if m := re.match(r"^(?:near|outside|close\s+to|(?:on\s+)?the\s+outskirts\s+of|outskirts\s+of|(?:\d+\s*(?:km|kilomet(?:er|re)s?|miles?)\s+)?"
                                     r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of)\s+(?:the\s+)?(?=[A-Z])", g, re.I):
                        g = g[m.end():]
                        self.near_texts.add(g)
                    out.append((entry, g[0].upper() + g[1:] if g else g))
        return out

    def places(self) -> list[tuple[Link, str, str]]:
        """The event's places: (link, comment, quote). In "Balyun, Idlib Governorate, Syria" each
        item lies in the next, larger one: the event is at the first; a new place is given the next
        as ckg:locatedIn. Places the graph already holds are compared as the graph contains them."""
        items = self.place_items()
        located: list[tuple[Link, str, str]] = []
        links: list[tuple[InfoboxEntry, str, Link]] = []
        resolved = self.resolve_commas(items, ("place",))
        for entry, text, link in resolved:
            links.append((entry, text, link))
        inner_of: dict[int, int] = {}
        for i in range(len(links) - 1):
            (_, a_text, a), (_, b_text, b) = links[i], links[i + 1]
            if a.iri is not None and b.iri is not None:
                continue  # the graph says whether one contains the other
            if _place_rank(b_text, b, self.graph) > _place_rank(a_text, a, self.graph):
                inner_of[i + 1] = i
        dropped = set()
        for j, i in inner_of.items():
            outer, inner = links[j][2], links[i][2]
            # "Balyun, Idlib Governorate": Balyun lies in the governorate (new places only).
            node = self.node_of(inner)
            if node is not None and inner.how == "new":
                node.add("ckg:locatedIn", outer.ref, f"\"{links[i][1]}, {links[j][1]}\"")
                node.note("ckg:locatedIn", f"read from the order of the infobox's \"{links[i][1]}, {links[j][1]}\"")
            dropped.add(j)
            self.skipped.append(f"{links[j][0].key}: '{links[j][1]}' left out as a place of the event: it contains "
                                f"'{links[i][1]}', listed before it")
        found = [l.iri for k, (_, _, l) in enumerate(links) if l.iri is not None]
        for k, (entry, text, link) in enumerate(links):
            if k in dropped:
                continue
            if link.iri is not None:
                inner = [q for q in found if q != link.iri and link.iri in set(self.graph.transitive_objects(q, CKG.locatedIn))]
                if inner:
                    self.skipped.append(f"{entry.key}: {link.ref} left out: it contains {qname(inner[0])}, also listed")
                    continue
            located.append((link, f"{entry.key}: {text}", entry.quote))
        return located

    def resolve_commas(self, items: list[tuple[InfoboxEntry, str]], kinds: tuple[str, ...]) -> list[tuple[InfoboxEntry, str, Link]]:
        """Link names, trying the longest run of comma-separated items first so that a name with a
        comma in it ("Washington, D.C.") is found whole."""
        out, i = [], 0
        while i < len(items):
            for j in range(len(items), i, -1):
                if len({id(e) for e, _ in items[i:j]}) > 1:
                    continue
                text = ", ".join(t for _, t in items[i:j])
                found = self.entities.lookup(text, kinds, acronyms=False)
                if found is not None and (j - i == 1 or found.iri is not None):
                    out.append((items[i][0], text, found))
                    i = j
                    break
            else:
                entry, text = items[i]
                i += 1
                try:
                    link = self.link_name(text, kinds, "Infobox", entry.quote, f"infobox {entry.key}, line {entry.line}")
                except UnclearName as exc:
                    self.not_minted("Infobox", f"{entry.key}: {text}", exc, "the place")
                    continue
                out.append((entry, text, link))
        return out

    def link_name(self, text: str, kinds: tuple[str, ...], section: str, quote: str, where: str, cls: str | None = None) -> Link:
        """Link a name, trying it without a parenthesis ("Syrian Free Army (SFA)") if it is not found whole."""
        found = self.entities.generic_elsewhere(text, kinds, self.entities.lookup(text, kinds))
        if found is None:
            outside = " ".join(re.sub(r"\([^()]*\)", " ", text).split())
            inside = [m.strip() for m in re.findall(r"\(([^()]*)\)", text)]
            # "(2019–2020)", "(2024)": the years are part of an event's name; "(SFA)" is another name;
            # "William (Bill) Urban": a nickname is part of the name as written.
            dated = any(re.search(r"\b\d{4}\b|present", i) or re.fullmatch(r"[A-Z][a-z]+", i) for i in inside)
            if outside != text and outside:
                found = self.entities.lookup(outside, kinds)
                if found is not None and (found.iri is not None or not dated):
                    self.skipped.append(f"'{text}' matched by its name without the parenthesis: {found.ref}")
                    for alias in inside:
                        if re.fullmatch(r"[A-Z][A-Za-z0-9\-]{1,9}", alias):
                            self.entities.add_alias(found, alias, section, quote)
                    return found
                if not dated:
                    link = self.entities.link(outside, kinds, section=section, quote=quote, where=where, cls=cls)
                    for alias in inside:
                        if re.fullmatch(r"[A-Z][A-Za-z0-9\-]{1,9}", alias):
                            self.entities.add_alias(link, alias, section, quote)
                    return link
            # "Lebanese Hezbollah": a name the graph holds, with the adjective of a country before it.
            m = re.match(r"^(\w+)\s+(.+)$", text)
            if m and lexicon.demonym_country(m.group(1)) and kinds[0] == "actor" and m.group(2)[:1].isupper() \
                    and not lexicon.demonym_country(m.group(2).split()[0]):
                found = self.entities.lookup(m.group(2), kinds, acronyms=False)
                if found is not None and found.how in ("label", "alias", "new", "draft") :
                    return Link(found.ref, found.kind, found.iri, found.node, "variant", text)
            if found is None and "actor" in kinds and (state := self.state_of(text)) is not None:
                return state
            if found is None and "actor" in kinds and (body := self.body_of(text)) is not None:
                return body
            if found is None and "actor" in kinds and (body := self.abbreviated_body(text)) is not None:
                return body
            if found is None and "actor" in kinds and (force := self.force_of(text)) is not None:
                return force
            if found is None and kinds[0] == "actor" and (state := self.capital_of(text)) is not None:
                return state
        if found is not None:
            return found
        if kinds[0] == "actor" and section != "Infobox" and self.entities.lookup(text, ("place",), acronyms=False) is not None:
            # "Damascus blamed ...", "Tehran vowed ...": a place the graph holds, named as a speaker or an
            # actor, stands for those who govern it; the draft does not mint an actor of that name.
            raise UnclearName(text, kinds[0], "the graph holds it as a place: name who governs it")
        return self.entities.link(text, kinds, section=section, quote=quote, where=where, cls=cls)

    _ABBREVIATED = [(re.compile(r"\bMoD\b"), "Ministry of Defence"), (re.compile(r"\bMoFA\b|\bMFA\b"), "Ministry of Foreign Affairs"),
                    (re.compile(r"\bMoI\b"), "Ministry of Interior")]

    def abbreviated_body(self, text: str) -> Link | None:
        """A government body written with the usual initials of its kind ("Syrian MoD", "Turkish MFA"):
        the graph's body of that country, when it holds one (reported as a variant)."""
        for rx, full in self._ABBREVIATED:
            if rx.search(text):
                spelled = rx.sub(full, text)
                found = self.entities.lookup(spelled, ("actor",), acronyms=False) or self.body_of(spelled)
                if found is not None and found.iri is not None and found.how != "ambiguous":
                    return Link(found.ref, "actor", found.iri, None, "variant", text)
        return None

    _FORCE = re.compile(r"^(?:the\s+)?(?:(?P<owner>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’]s\s+|(?P<adj>[A-Z][\w.]*)\s+)"
                        r"(?:armed\s+forces|military|defen[cs]e\s+forces)$", re.IGNORECASE)

    def force_of(self, text: str) -> Link | None:
        """A state's armed forces named by the state ("Israel's military", "the Israeli military",
        "Turkey's armed forces"): the graph's one ckg:ArmedForce that is ckg:forceOf that state, when
        it holds exactly one (reported as a variant)."""
        m = self._FORCE.match(text.strip())
        if m is None:
            return None
        country = m["owner"] or lexicon.demonym_country(m["adj"] or "") or ""
        state = self.entities.lookup(country, ("actor",), acronyms=False) if country else None
        if state is None or state.iri is None or (state.iri, RDF.type, CKG.State) not in self.graph:
            return None
        forces = sorted(f for f in self.graph.subjects(CKG.forceOf, state.iri) if (f, RDF.type, CKG.ArmedForce) in self.graph)
        # The whole of them, not a branch (an air force that is a unit of them, or named as a branch).
        forces = [f for f in forces if not any(p in forces for p in self.graph.transitive_objects(f, CKG.subUnitOf) if p != f)
                  and not re.search(r"\b(?:air\s+force|navy|army|land\s+forces|air\s+defen[cs]e)\b",
                                    str(self.graph.value(f, RDFS.label) or ""), re.I)]
        if len(forces) != 1:
            return None
        return Link(qname(forces[0]), "actor", forces[0], None, "variant", text)

    def capital_of(self, text: str) -> Link | None:
        """A capital named for its government ("Damascus blamed Ankara", "Moscow denied"): the graph's
        state of that capital (lexicon.CAPITALS), reported as a variant to check."""
        country = lexicon.CAPITALS.get(_strip_the(text).strip().lower())
        if country is None:
            return None
        found = self.entities.lookup(country, ("actor",), acronyms=False)
        if found is not None and found.iri is not None and (found.iri, RDF.type, CKG.State) in self.graph:
            return Link(found.ref, "actor", found.iri, None, "stands-for", text)
        return None

    _FORMAL_STATE = re.compile(
        r"^(?:(?:the\s+)?(?:(?:islamic|arab|federal|democratic|people's|socialist|hashemite)\s+)*"
        r"(?:republic|kingdom|state|federation|emirate|sultanate)\s+of\s+(?P<a>.+)|"
        r"(?P<b>.+?)\s+(?:(?:arab|islamic|federal|democratic|socialist)\s+)*(?:republic|federation|kingdom))$",
        re.IGNORECASE)

    def state_of(self, text: str) -> Link | None:
        """A state written by its formal name ("Syrian Arab Republic", "Russian Federation",
        "Islamic Republic of Iran", "Republic of Türkiye"): the graph's state with the short name,
        when it holds one (reported as a variant)."""
        m = self._FORMAL_STATE.match(text.strip())
        if m is None:
            return None
        core = (m["a"] or m["b"]).strip()
        for name in (core, lexicon.demonym_country(core) or ""):
            if not name:
                continue
            found = self.entities.lookup(name, ("actor",), acronyms=False)
            if found is not None and found.iri is not None and (found.iri, RDF.type, CKG.State) in self.graph:
                return Link(found.ref, "actor", found.iri, None, "variant", text)
        return None

    _BODY = re.compile(r"^(?:the\s+)?(?:(?P<owner>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)(?:'s|’s)\s+|(?P<adj>[A-Z][\w.]*)\s+)?"
                       r"(?P<field>(?:[a-z]+\s+){0,2}?[a-z]+)\s+(?P<kind>ministry|office)"
                       r"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?))?$", re.IGNORECASE)

    def body_of(self, text: str) -> Link | None:
        """A government body written in another word order than the graph's: "Russia's defence
        ministry", "the Russian defence ministry", "the foreign ministry of Iran" are the "Russian
        Ministry of Defence", "Iranian Ministry of Foreign Affairs"... when the graph holds one node by
        one of those forms (reported as a variant)."""
        m = self._BODY.match(text.strip())
        if m is None or not (m["owner"] or m["adj"] or m["of"]):
            return None
        country = m["owner"] or m["of"] or lexicon.demonym_country(m["adj"] or "") or ""
        if not country or (m["adj"] and not lexicon.demonym_country(m["adj"])):
            return None
        adjectives = [a for a, c in lexicon.DEMONYMS.items() if c.lower() == country.lower() and a.isalpha()]
        field_ = m["field"].strip().lower()
        fields = {field_, {"foreign": "foreign affairs", "interior": "internal affairs"}.get(field_, field_)}
        kind = m["kind"].lower()
        forms = []
        for f in fields:
            for adj in adjectives:
                forms += [f"{adj} {kind} of {f}", f"{adj} {f} {kind}"]
            forms += [f"{kind} of {f} of {country}", f"{kind} of {f} ({country})"]
        hits = {}
        for form in forms:
            found = self.entities.lookup(form, ("actor",), acronyms=False)
            if found is not None and found.iri is not None and found.how != "ambiguous":
                hits[found.iri] = found
        if len(hits) != 1:
            return None
        found = next(iter(hits.values()))
        return Link(found.ref, "actor", found.iri, None, "variant", text)

    def part_of(self) -> list[EventFact]:
        facts = self._part_of()
        # "the 2024 Syrian opposition offensives and the Syrian civil war": the war contains the
        # offensives, which the graph says; the event is part of the innermost whole listed.
        mains = [f for f in facts if f.about is None]
        links = {id(f): self.entities.lookup(f.value.text, ("event",)) for f in mains}
        keep = []
        for f in facts:
            link = links.get(id(f))
            if f.about is None and link is not None and link.iri is not None:
                inner = [o for o in mains if o is not f and (l := links.get(id(o))) is not None and l.iri is not None
                         and link.iri in set(self.graph.transitive_objects(l.iri, CKG.partOf)) and l.iri != link.iri]
                if inner:
                    self.skipped.append(f"Partof: {link.ref} left out: {links[id(inner[0])].ref}, also listed, is part of it")
                    continue
            keep.append(f)
        return keep

    def _part_of(self) -> list[EventFact]:
        facts: list[EventFact] = []
        for entry in self.article.entries("partof", "part of"):
            value = re.sub(r"^(?:part\s+of\s+)?", "", entry.value.strip(), flags=re.IGNORECASE)
            # "A and B", "A, B", "A during B", "A as part of B": several wholes, or a whole inside a larger one.
            chunks = [c.strip(" ,;") for c in re.split(r",\s+(?:and\s+)?|;\s*|\s+and\s+(?:the\s+)?(?=[A-Z0-9]|the\b)", value)
                      if c.strip(" ,;")]
            if not chunks:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
                continue
            for chunk in chunks:
                chain = [p.strip() for p in re.split(r"\s+(?:during|as\s+part\s+of|within|in\s+the\s+course\s+of)\s+(?:the\s+)?", chunk) if p.strip()]
                whole = self.entities.lookup(chunk, ("event",))
                reviews = []
                if whole is not None and whole.iri is not None:
                    chain = [chunk]
                elif len(chain) > 1:
                    first = self.entities.lookup(_strip_the(chain[0]), ("event",))
                    if first is None or first.iri is None:
                        # "the Rojava conflict during the Syrian civil war": read as an event inside another,
                        # but encyclopedias also title events so ("... border clashes during the Syrian
                        # Civil War"): the graph knows neither, so the reading is marked.
                        reviews = [Review("ckg:partOf", f"'{_strip_the(chunk)}' read as '{_strip_the(chain[0])}' inside "
                                                        f"'{_strip_the(chain[-1])}'; if the whole is one event's name, "
                                                        "use it as the name instead")]
                facts.append(EventFact("ckg:partOf", Name(_strip_the(chain[0]), ("event",)), "Infobox", entry.quote,
                                       comment=f"{entry.key}: {chain[0]}", reviews=reviews))
                for inner, outer in zip(chain, chain[1:]):
                    facts.append(EventFact("ckg:partOf", Name(_strip_the(outer), ("event",)), "Infobox", entry.quote,
                                           about=Name(_strip_the(inner), ("event",)), comment=f"{entry.key}: {inner} during {outer}"))
        return facts

    def literals(self) -> list[EventFact]:
        facts = []
        for entry in self.article.entries("result", "outcome"):
            if entry.is_empty:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
            # List bullets ("* SNA captures Tell Example") and icon leftovers are no part of an outcome.
            pieces = [cells.strip_noise(re.sub(r"^\s*[*•·]+\s*", "", i))[0].strip(" ,'") for i in cells.split_outside(entry.value)]
            for item in clauses([p for p in pieces if p and re.search(r"\w", p)]):
                facts.append(EventFact("ckg:outcome", item, "Infobox", entry.quote, comment=entry.key))
        for entry in self.article.entries("territory", "territorial changes", "territorial change"):
            if entry.is_empty:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
            for item in clauses(entry.items()):
                facts.append(EventFact("ckg:territorialChange", item, "Infobox", entry.quote, comment=entry.key))
                self.territory_figures(entry, item)
        for entry in self.article.entries("conflict", "title"):
            if normalise(entry.value) and normalise(entry.value) != normalise(self.article.title):
                facts.append(EventFact("skos:altLabel", entry.value.strip(), "Infobox", entry.quote,
                                       comment=f"{entry.key}: another name than the title"))
            else:
                self.skipped.append(f"{entry.key} (line {entry.line}): the event's name (\"{entry.value}\"), the title")
        return facts

    def territory_figures(self, entry: InfoboxEntry, item: str) -> None:
        """"Turkish Armed Forces and their allies capture the Zawiya Mountain and 18 villages": the
        places a side captured, counted, for the side of the actor named before the verb."""
        m = re.search(r"^(?P<who>.+?)\s+(?:capture[sd]?|take[sn]?|took|seize[sd]?|gain(?:s|ed)?)\s+(?P<what>.+)$", item)
        if not m:
            return
        for fm in re.finditer(rf"(?:(?<=\s)|^)(?P<fig>(?:\d[\d,]*|{prose.VAGUE_WORDS})(?:\s+other)?\s+(?:villages?|towns?|localities|settlements?|hamlets?)\b|"
                              rf"(?:approximately\s+|about\s+|around\s+|over\s+|more\s+than\s+)?\d[\d,.]*\s*(?:km²|km2|sq\.?\s*km\b|square\s+kilomet(?:er|re)s\b))",
                              m["what"], re.I):
            read = prose.read_figure_phrase(fm["fig"])
            if read is None:
                continue
            area = bool(re.search(r"km|kilomet|square", fm["fig"], re.I))
            spec = ClaimSpec("area-captured" if area else "places-captured", "Infobox", entry.quote, figure=read[0],
                             figure_text=fm["fig"], counted="square-kilometre" if area else "locality", comment=f"{entry.key}: {item}")
            who = m["who"]
            side = self.side_of(who)
            if side is not None:
                spec.side = side
                spec.review("ckg:forSide", f"'{who}' read as side {side} (its side in the infobox)")
            self.pending_claims.append(spec)

    def side_of(self, text: str) -> int | None:
        """The side of the infobox that the actor named first in `text` is on."""
        words = re.sub(r"\s+and\s+(?:its|their)\s+allies\b.*$", "", text.strip())
        found = self.entities.lookup(words, ("actor",))
        if found is None:
            return None
        sides = {key[2] for items in self.parts.values() for key, _, _ in items if key[0] == found.ref and key[2] is not None}
        return sides.pop() if len(sides) == 1 else None

    # -- writing what was read -----------------------------------------------------------------

    def event_link(self, name: Name | None, section: str, quote: str) -> tuple[str, Node | None]:
        """The reference and, if the draft may add to it, the node of the event a statement is about."""
        if name is None:
            return self.event.ref, self.event
        link = self.link_name(name.text, ("event",), section, quote, f"{section}: \"{_short(quote, 60)}\"")
        node = self.node_of(link)
        if node is not None and link.how == "new":
            node.types = [_event_class_of(name.text)]
        return link.ref, node

    def add_event_statement(self, node: Node | None, ref: str, prop: str, obj: str, comment: str, section: str,
                            reviews: list[Review] = ()) -> bool:
        """Add a statement about an event; on the enriched event, skip what the graph already holds."""
        if node is None:
            self.already.append(f"{ref} {prop} {obj}: {ref} is in the graph and is not the event this draft enriches "
                                f"(\"{_short(comment, 60)}\")")
            return False
        if node.existing and self.enriched is not None and self._in_graph(self.enriched, prop, obj):
            self.already.append(f"{prop} {obj}" + (f" ({comment})" if comment else ""))
            return False
        node.add(prop, obj, comment)
        for r in reviews:
            node.note(r.check, r.reason)
        if node.existing:
            node.add("ckg:source", self.section(section))
        return True

    def _in_graph(self, subject: URIRef, prop: str, obj: str) -> bool:
        p = _expand(prop)
        o = _expand_object(obj)
        if p is None or o is None:
            return False
        return (subject, p, o) in self.graph

    def not_minted(self, section: str, quote: str, exc: UnclearName, what: str) -> None:
        """A statement left undrafted because a name in it is no clear name: named in the header."""
        self.unread.append(Unread(section, quote, f"{what} not drafted: {exc}"))

    def write_event_fact(self, fact: EventFact) -> None:
        try:
            self._write_event_fact(fact)
        except UnclearName as exc:
            self.not_minted(fact.section, fact.quote, exc, fact.prop)

    def _write_event_fact(self, fact: EventFact) -> None:
        ref, node = self.event_link(fact.about, fact.section, fact.quote)
        if fact.prop in ("ckg:location", "ckg:nearLocation", "ckg:launchedFrom"):
            link = self.link_name(fact.value.text, ("place",), fact.section, fact.quote, f"{fact.section}: \"{_short(fact.quote, 60)}\"")
            if node is not None and any(node.has(p, link.ref) for p in ("ckg:location", "ckg:nearLocation")):
                return  # the place is already the event's
            self.add_event_statement(node, ref, fact.prop, link.ref, fact.comment or fact.value.text, fact.section, fact.reviews)
            if link.how in ("variant", "acronym", "spelt-out") and node is not None:
                node.note(fact.prop, f"'{fact.value.text}' linked to {link.ref} by its spelling: check it is the same place")
        elif fact.prop in ("ckg:partOf", "ckg:followedBy", "ckg:precededBy", "ckg:relatedEvent"):
            link = self.link_name(fact.value.text, ("event",), fact.section, fact.quote, f"{fact.section}: \"{_short(fact.quote, 60)}\"")
            if link.how == "new" and link.node is not None:
                link.node.types = [_event_class_of(fact.value.text)]
            if link.ref == ref:
                return
            self.add_event_statement(node, ref, fact.prop, link.ref, fact.comment or fact.value.text, fact.section, fact.reviews)
        elif fact.prop in ("ckg:startDate", "ckg:endDate"):
            iso, precision = fact.value
            if node is None:
                return
            if node is self.event and node.has("ckg:startDate"):
                return
            if node.has("ckg:startDate") and fact.prop == "ckg:startDate":
                return
            ok = self.add_event_statement(node, ref, fact.prop, string(iso, datatype="xsd:date"), fact.comment, fact.section, fact.reviews)
            if ok and not node.has("ckg:datePrecision"):
                node.add("ckg:datePrecision", qname(PRECISION[precision]))
        elif fact.prop == "skos:altLabel":
            text = fact.value if isinstance(fact.value, str) else fact.value.text
            if node is None:
                return
            names = {normalise(p[1]) for p in node.props if p[0] in ("rdfs:label", "skos:altLabel")}
            if node.existing and self.enriched is not None:
                names |= {normalise(str(o)) for p in (RDFS.label, SKOS.altLabel) for o in self.graph.objects(self.enriched, p)}
            if normalise(text) in names or normalise(string(text, "en")) in names:
                return
            self.add_event_statement(node, ref, "skos:altLabel", string(text, "en"), fact.comment, fact.section, fact.reviews)
        else:
            text = fact.value if isinstance(fact.value, str) else fact.value.text
            self.add_event_statement(node, ref, fact.prop, string(text), fact.comment, fact.section, fact.reviews)

    def entities_alias(self, name: str, kind: str, alias: str, section: str, quote: str) -> bool:
        """"the Syrian National Army (SNA)": SNA is another name of the node `name` links to."""
        try:
            link = self.link_name(name, (kind,), section, quote, f"{section}: \"{_short(quote, 60)}\"")
        except UnclearName:
            return False
        if link.how == "ambiguous":
            return False
        before = len(self.already)
        self.entities.add_alias(link, alias, section, quote)
        return link.node is not None or len(self.already) > before or (link.iri is not None and link.iri == self.enriched)

    def record_alias(self, link: Link, alias: str, section: str, quote: str) -> None:
        """Another name the article gives a node the graph holds ("Syrian Arab Army (SAA)"): on the
        enriched event, one of its statements; on an actor or a place, an enrichment of that node
        (skos:altLabel is additive, `conflictkg.submission.enrich`) with a marker naming the words;
        on another event, said in the header."""
        if link.iri is not None and link.iri == self.enriched:
            self.add_event_statement(self.event, self.event.ref, "skos:altLabel", string(alias, "en"), f"\"{_short(quote)}\"", section)
        elif link.iri is not None and link.kind in ("actor", "place") and self._is_abbreviation_of(alias, link):
            node = self.existing_node(link.iri)
            if node.has("skos:altLabel", string(alias, "en")):
                return
            node.add("skos:altLabel", string(alias, "en"), f"\"{_short(quote)}\"")
            node.add("ckg:source", self.section(section))
            how = "" if link.how in ("label", "alias") else f" (the name was linked by its {link.how}: check it is the same)"
            node.note("skos:altLabel", f"'{alias}' written after '{_strip_the(link.text)}' in {section}: read as another name of "
                                       f"{link.ref}, which the graph lacks{how}")
        elif link.kind in ("actor", "place"):
            self.unread.append(Unread(section, quote, f"'({alias})' after '{_strip_the(link.text)}' ({link.ref}) reads as no "
                                                      "abbreviation of it, or names another node of the graph: not added as "
                                                      "another name; check what it says"))
        else:
            self.already.append(f"'{alias}' is another name of {link.ref} (\"{_short(quote, 60)}\"): not added, {link.ref} "
                                f"is not the event this draft enriches")

    def _is_abbreviation_of(self, alias: str, link: Link) -> bool:
        """Whether a parenthesis after a curated node's name reads as its abbreviation ("(SAA)",
        "(PKK)", "(HTS)"): two capitals at least, and no other node of the graph by that name
        ("Hezbollah (Lebanon)" is where, "Kurdish forces (SDF)" another actor's name)."""
        if sum(ch.isupper() for ch in alias) < 2:
            return False
        other = self.entities.lookup(alias, ("actor", "place", "event"), acronyms=False)
        return other is None or other.iri == link.iri

    def existing_node(self, iri: URIRef) -> Node:
        """The draft's node for a node the graph holds (an actor or a place it adds statements to),
        written with its types as a submission must."""
        ref = qname(iri)
        for node in self.nodes:
            if node.existing and node.ref == ref:
                return node
        label = self.graph.value(iri, RDFS.label)
        node = Node(ref, sorted(qname(t) for t in self.graph.objects(iri, RDF.type)),
                    [f"{ref} ({label}), already in the graph: the draft adds another name the article gives it"],
                    existing=True)
        self.nodes.append(node)
        return node

    def write_part(self, spec: PartSpec) -> str | None:
        try:
            return self._write_part(spec)
        except UnclearName as exc:
            self.not_minted(spec.section, spec.quote, exc, f"the {spec.role} participation")
            return None

    def _write_part(self, spec: PartSpec) -> str | None:
        ref, event = self.event_link(spec.about, spec.section, spec.quote)
        where = f"{spec.section}: \"{_short(spec.quote, 60)}\""
        if spec.agent is None:
            agent_ref, link = "ckg:unknownActor", None
        else:
            cls = "ckg:Person" if spec.role == "commander" or spec.title or spec.fate else None
            link = self.link_name(spec.agent.text, spec.agent.kinds, spec.section, spec.quote, where, cls=cls)
            if link.kind == "place" and link.iri is not None:
                # "Target: Palmyra": a place is no participant; what was targeted is a claim.
                claim = ClaimSpec("target", spec.section, spec.quote, about=spec.about, object=Name(spec.agent.text, ("place",)),
                                  comment=f"{spec.comment}: a place, so the target is a claim, not a participation")
                return self.write_claim(claim)
            agent_ref = link.ref
            if spec.alias:
                self.entities.add_alias(link, spec.alias, spec.section, spec.quote)
        # One participation per actor, role and side: the same name listed twice is one.
        for existing in self.parts.get(ref, []):
            if existing[0] == (agent_ref, spec.role, spec.side):
                spec.ref = existing[1]
                if spec.evidence is not None and spec.evidence.claimant is not None:
                    # "Perpetrator: Russia" in the infobox, and "A UN investigation concluded that the
                    # attack was carried out by Russian aircraft": the participation is drafted once; what
                    # another claimant says of it is its own claim (measure and object the same).
                    self.write_claim(spec.evidence)
                return existing[1]
        if event is not None and event.existing and self.enriched is not None and link is not None and link.iri is not None:
            for part in self.graph.objects(self.enriched, CKG.hasParticipation):
                if self.graph.value(part, CKG.agent) == link.iri and str(self.graph.value(part, CKG.role)).endswith("/" + spec.role):
                    self.already.append(f"{link.ref} as {spec.role} (\"{_short(spec.quote, 60)}\")")
                    spec.ref = qname(part)
                    return spec.ref
        if event is None:
            self.already.append(f"{agent_ref} as {spec.role} of {ref} (\"{_short(spec.quote, 60)}\"): {ref} is curated")
            return None
        part = self.new_node(f"{spec.role} {spec.agent.text if spec.agent else 'unknown'}", ["ckg:Participation"],
                             spec.comment or f"{spec.section}: {_short(spec.quote)}")
        part.add("ckg:agent", agent_ref, spec.agent.text if spec.agent else "Unknown")
        part.add("ckg:role", f"role:{spec.role}")
        if spec.side is not None:
            part.add("ckg:side", str(spec.side))
        if spec.fate:
            part.add("ckg:fate", f"fate:{spec.fate}")
        for prop, value in (("ckg:activeFrom", spec.active_from), ("ckg:activeUntil", spec.active_until)):
            if value:
                part.add(prop, string(value[0], datatype="xsd:date"))
        if spec.active_from or spec.active_until:
            part.add("ckg:activeDatePrecision", f"precision:{(spec.active_from or spec.active_until)[1]}")
        if spec.hedge:
            part.add("ckg:hedge", f"hedge:{spec.hedge}")
        if spec.support_kind:
            part.add("ckg:supportKind", f"support:{spec.support_kind}")
        for s in spec.supports:
            try:
                target = self.link_name(s.text, s.kinds, spec.section, spec.quote, where)
                part.add("ckg:supports", target.ref, s.text)
            except UnclearName as exc:
                part.note("ckg:supports", f"'{s.text}' is not linked: {exc}")
        if spec.evidence is not None:
            claim_ref = self.write_claim(spec.evidence)
            if claim_ref:
                part.add("ckg:evidencedBy", claim_ref)
        part.add("ckg:source", self.section(spec.section))
        part.add("ckg:quote", string(spec.quote))
        for r in spec.reviews:
            part.note(r.check, r.reason)
        if link is not None:
            self.link_notes(part, link, "ckg:agent", spec.agent.text)
            node = self.node_of(link)
            if spec.title:
                if node is not None:
                    node.add("ckg:positionTitle", string(spec.title), f"\"({spec.title})\"")
                    if "ckg:Person" not in node.types and node is not self.event:
                        node.types = ["ckg:Person"]
                else:
                    part.note("ckg:agent", f"the infobox gives {link.ref} the title '{spec.title}': the graph's node is curated, "
                                           "so it is not added; check it agrees")
            if spec.parent is not None and spec.parent.ref is not None:
                parent_agent = self._agent_of(spec.parent)
                if node is not None and node is not self.event and parent_agent:
                    node.add("ckg:subUnitOf", parent_agent, f"listed under it (\"{'*' * 1} ...\")")
                    node.note("ckg:subUnitOf", f"read from the infobox's nesting: '{spec.agent.text}' is listed under "
                                               f"'{spec.parent.agent.text if spec.parent.agent else 'Unknown'}'")
                elif link.iri is not None and parent_agent and not parent_agent.startswith("_:"):
                    parent_iri = _expand(parent_agent)
                    if parent_iri is not None and parent_iri not in set(self.graph.transitive_objects(link.iri, CKG.subUnitOf)):
                        part.note("ckg:agent", f"the infobox lists {link.ref} under {parent_agent}, which the graph does not say "
                                               "(ckg:subUnitOf is curated on existing actors)")
        if event is not None:
            event.add("ckg:hasParticipation", part.ref)
            if event.existing:
                event.add("ckg:source", self.section(spec.section))
        self.parts.setdefault(ref, []).append(((agent_ref, spec.role, spec.side), part.ref, part))
        spec.ref = part.ref
        return part.ref

    def _agent_of(self, spec: PartSpec) -> str | None:
        for items in self.parts.values():
            for key, ref, node in items:
                if ref == spec.ref:
                    return key[0]
        return None

    def link_notes(self, node: Node, link: Link, prop: str, text: str) -> None:
        if link.how == "ambiguous":
            node.note(prop, f"'{text}' matches several nodes ({link.ref}): keep one")
        elif link.how == "variant":
            node.note(prop, f"'{text}' linked to {link.ref} by a spelling variant of its name: check it is the same")
        elif link.how == "acronym":
            node.note(prop, f"'{text}' read as the initials of {link.ref}: check it is the same")
        elif link.how == "spelt-out":
            node.note(prop, f"'{text}' read as {link.ref}, whose other name is its initials '{initials(text)}': check it is the same")
        elif link.how == "stands-for":
            node.note(prop, f"'{text}', a capital (or seat of government), read as its state {link.ref}: check the article means the state")

    def write_claim(self, spec: ClaimSpec) -> str | None:
        if spec.ref is not None:
            return spec.ref or None  # "": found in the graph already
        try:
            return self._write_claim(spec)
        except UnclearName as exc:
            spec.ref = ""
            self.not_minted(spec.section, spec.quote, exc, f"the {spec.measure} claim")
            return None

    def _write_claim(self, spec: ClaimSpec) -> str | None:
        about_ref, about_node = self.event_link(spec.about, spec.section, spec.quote)
        where = f"{spec.section}: \"{_short(spec.quote, 60)}\""
        claimant = None
        if spec.claimant is not None:
            claimant = self.link_name(spec.claimant.text, spec.claimant.kinds, spec.section, spec.quote, where)
            claimant_ref = claimant.ref
        else:
            claimant_ref = self.claimant
        hint = f"claim {spec.claimant.text if spec.claimant else 'own'} {spec.measure} {spec.section}"
        claim = self.new_node(hint, ["ckg:Claim"], spec.comment or f"{spec.section}: {_short(spec.quote, 120)}")
        claim.add("ckg:about", about_ref)
        if claimant_ref:
            claim.add("ckg:claimant", claimant_ref, spec.claimant.text if spec.claimant else "the article's own voice")
        else:
            # The document's note asks for its publisher once; validation names each claim without a claimant.
            self.claims_without_claimant += 1
        if claimant is not None:
            self.link_notes(claim, claimant, "ckg:claimant", spec.claimant.text)
        claim.add("ckg:measure", f"measure:{spec.measure}")
        if spec.counted:
            claim.add("ckg:countedThing", f"counted:{spec.counted}")
        if spec.side is not None:
            claim.add("ckg:forSide", str(spec.side))
        if spec.group:
            if re.search(r"\b(?:famil(?:y|ies)|households?)$", spec.group.strip(), re.I) and spec.counted in (None, "person"):
                # "3,000 families fled": the number counts families, not people, and the vocabulary has
                # no counted thing for them.
                claim.note("ckg:countedThing", f"'{spec.figure_text or spec.group}' counts {spec.group.split()[-1]}, not people: "
                                               "the figure is not a number of persons; keep it as the group's count or leave it out")
            try:
                group = self.link_name(lexicon.group_name(spec.group), ("group",), spec.section, spec.quote, where)
                claim.add("ckg:appliesTo", group.ref, spec.group)
            except UnclearName as exc:
                claim.note("ckg:appliesTo", f"the figure counts '{spec.group}', not linked: {exc}; add the group if it is one")
        fig = spec.figure
        if fig is not None:
            for prop, value in (("ckg:minValue", fig.min_value), ("ckg:bestValue", fig.best_value), ("ckg:maxValue", fig.max_value)):
                if value is not None:
                    claim.add(prop, string(str(value), datatype="xsd:nonNegativeInteger"))
            claim.add("ckg:qualifier", f"qualifier:{fig.qualifier}")
        if spec.figure_text:
            claim.add("ckg:figureText", string(spec.figure_text))
        if spec.breakdown_of is not None:
            total = self.write_claim(spec.breakdown_of)
            if total:
                claim.add("ckg:breakdownOf", total)
        if spec.completeness:
            claim.add("ckg:breakdownCompleteness", f"completeness:{spec.completeness}")
        if spec.object is not None:
            try:
                obj = self.link_name(spec.object.text, spec.object.kinds, spec.section, spec.quote, where)
                claim.add("ckg:objectValue", obj.ref, spec.object.text)
                self.link_notes(claim, obj, "ckg:objectValue", spec.object.text)
            except UnclearName as exc:
                if spec.measure in ("target", "perpetrator", "support") and not spec.text_value:
                    self.nodes.remove(claim)  # no half-written claim is left behind
                    raise  # what the claim is about is all it says
                claim.note("ckg:objectValue", f"what it is about, '{spec.object.text}', is not linked: {exc}")
        if spec.text_value:
            claim.add("ckg:textValue", string(spec.text_value))
        if spec.time_value:
            claim.add("ckg:timeValue", string(spec.time_value, datatype="xsd:dateTime"))
        if spec.time_zone:
            claim.add("ckg:timeZone", string(spec.time_zone))
        if spec.claim_date:
            claim.add("ckg:claimDate", string(spec.claim_date[0], datatype="xsd:date"))
            claim.add("ckg:claimDatePrecision", f"precision:{spec.claim_date[1]}")
        if spec.reference_date:
            claim.add("ckg:referenceDate", string(spec.reference_date[0], datatype="xsd:date"))
            claim.add("ckg:referenceDatePrecision", f"precision:{spec.reference_date[1]}")
        if spec.stated_to is not None:
            try:
                audience = self.link_name(spec.stated_to.text, spec.stated_to.kinds, spec.section, spec.quote, where)
                claim.add("ckg:statedTo", audience.ref, spec.stated_to.text)
            except UnclearName:
                pass  # "told reporters": an audience with no name
        for prop, other in (("ckg:revises", spec.revises), ("ckg:disputes", spec.disputes)):
            if other is not None:
                other_ref = self.write_claim(other)
                if other_ref:
                    claim.add(prop, other_ref)
        for hedge in dict.fromkeys(spec.hedges):
            claim.add("ckg:hedge", f"hedge:{hedge}")
        claim.add("ckg:source", self.section(spec.section))
        claim.add("ckg:stance", f"stance:{spec.stance}")
        claim.add("ckg:quote", string(spec.quote))
        for r in spec.reviews:
            claim.note(r.check, r.reason)
        if self.enriched is not None and about_ref == self.event.ref and self._claim_in_graph(spec, claimant_ref):
            self.nodes.remove(claim)
            self.already.append(f"the claim \"{_short(spec.quote, 70)}\" ({spec.measure}"
                                + (f", {spec.figure_text}" if spec.figure_text else "") + ")")
            spec.ref = ""
            return None
        if about_node is not None and about_node.existing:
            about_node.add("ckg:source", self.section(spec.section))
        spec.ref = claim.ref
        return claim.ref

    def _claim_in_graph(self, spec: ClaimSpec, claimant_ref: str | None) -> bool:
        """A claim of the enriched event with the same claimant, measure, figure and section."""
        claimant = _expand(claimant_ref) if claimant_ref else None
        section = _expand(self.section(spec.section))
        for c in self.graph.subjects(CKG.about, self.enriched):
            if self.graph.value(c, CKG.claimant) != claimant or not str(self.graph.value(c, CKG.measure)).endswith("/" + spec.measure):
                continue
            if section is None or (c, CKG.source, section) not in self.graph:
                continue
            fig = spec.figure
            values = tuple(self.graph.value(c, p) for p in (CKG.minValue, CKG.bestValue, CKG.maxValue))
            mine = (fig.min_value, fig.best_value, fig.max_value) if fig else (None, None, None)
            if tuple(int(v) if v is not None else None for v in values) != mine:
                continue
            if spec.object is not None and self.graph.value(c, CKG.objectValue) is not None:
                link = self.entities.lookup(spec.object.text, spec.object.kinds)
                if link is None or link.iri != self.graph.value(c, CKG.objectValue):
                    continue
            return True
        return False

    # -- the infobox -------------------------------------------------------------------------

    def note_noise(self, entry: InfoboxEntry) -> None:
        noise = entry.noise()
        if noise:
            self.skipped.append(f"{entry.key} (line {entry.line}): {len(noise)} empty item(s) in \"{entry.value}\"")

    def infobox_participants(self) -> list[PartSpec]:
        specs: list[PartSpec] = []
        has_planner = any(e.name in ("planned by", "ordered by", "organised by", "organized by") for e in self.article.infobox)
        for entry in self.article.infobox:
            role = ROLE_KEYS.get(entry.name)
            if role is None:
                continue
            if role == "executor" and not has_planner:
                role = "perpetrator"  # without a planner, who carried it out is the perpetrator
            items = cells.read_cell(entry.value)
            named = [i for i in items if i.text and not i.heading]
            empties = [i for i in items if i.is_empty]
            noise = [n for i in items for n in i.noise]
            if empties and named:
                self.skipped.append(f"{entry.key} (line {entry.line}): {len(empties)} empty item(s) in \"{entry.value}\"")
            if noise:
                self.skipped.append(f"{entry.key} (line {entry.line}): rendering noise dropped: " + ", ".join(f"'{n}'" for n in noise))
            for item in items:
                if item.heading in ("context", "name", "group"):
                    self.skipped.append(f"{entry.key} (line {entry.line}): '{item.text}:' is a heading of the list, not an actor")
                elif item.heading == "supporters":
                    self.skipped.append(f"{entry.key} (line {entry.line}): '{item.text}:' introduces the side's supporters"
                                        + ("" if any(i.under is item for i in items) else " (none listed)"))
            if not named:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty (\"{entry.value}\")")
                continue
            stack: list[tuple[int, PartSpec]] = []
            last_block = 0
            for item in items:
                if item.heading or not item.text:
                    if item.block != last_block:
                        stack = []
                        last_block = item.block
                    if not item.text and item.depth == 0:
                        stack = [s for s in stack if s[0] < 0]
                    continue
                if item.block != last_block:
                    stack, last_block = [], item.block
                spec = self.participant_item(entry, item, role)
                if spec is None:
                    continue
                while stack and stack[-1][0] >= item.depth:
                    stack.pop()
                if item.depth > 0 and stack and stack[-1][0] == item.depth - 1:
                    spec.parent = stack[-1][1]
                stack.append((item.depth, spec))
                specs.append(spec)
        return specs

    def participant_item(self, entry: InfoboxEntry, item: cells.Item, role: str) -> PartSpec | None:
        text = item.text
        side = entry.side
        quote = entry.quote
        if normalise(text) in ("none", "n a", "nil", "no one", "none reported", "not applicable") or not normalise(text):
            self.skipped.append(f"{entry.key} (line {entry.line}): '{text}' names no one")
            return None
        if normalise(text) in ("unknown", "unknown perpetrator", "unknown perpetrators", "unidentified", "unclear", "not known") \
                or re.fullmatch(r"(?:unknown|unidentified|unnamed)\s+(?:assailants?|gunm[ae]n|attackers?|perpetrators?|aircraft|"
                                r"warplanes?|jets?|drones?|forces|militants|group|actors?|party|parties|commanders?|leaders?|"
                                r"units?|militias?|fighters|persons?|individuals?|people)", normalise(text)):
            spec = PartSpec(None, role, "Infobox", quote, side=side, comment=f"{entry.key}: {text} (line {entry.line})")
            for q in item.qualifiers:
                if self.blame(entry, q.value, role) or self.suspicion(entry, q, role):
                    continue
                # "Unknown (Syria blamed Israel)": what the parenthesis says is a claim to record by hand.
                spec.review("ckg:agent", f"'{text}' is followed by '{q.raw}', which the draft did not read")
                self.unread.append(Unread("Infobox", q.raw, f"a parenthesis after '{text}' in {entry.key}"))
            return spec
        if re.match(r"^(?:see|cf\.?)\s", text, re.I):
            # "See order of battle": a pointer to another part of the article, no one's name.
            self.skipped.append(f"{entry.key} (line {entry.line}): '{text}' points elsewhere in the article and names no one")
            return None
        if role == "commander" and self.entities.lookup(text, ("actor",)) is None and \
                (um := re.fullmatch(r"(?:an?\s+|the\s+)?(?P<post>(?:[A-Z][\w.'’-]*\s+){0,5}(?:[a-z][\w-]*\s+){0,2}(?:commanders?|officers?|"
                                    r"generals?|colonels?|spokesman|spokesperson|officials?|leaders?|chief|head|emir|governor|"
                                    r"minister|advis[eo]rs?|instructors?|trainers?))", text)):
            # "Turkish Land Forces commander (name not released)": a post, named by what he commands,
            # not a person's name; the participant is unknown, his post the title (never a node).
            spec = PartSpec(None, role, "Infobox", quote, side=side, title=um["post"],
                            comment=f"{entry.key}: {item.raw.strip()} (line {entry.line})")
            spec.review("ckg:agent", f"'{text}' names a post, not a person: read as an unnamed commander with that title")
            for q in item.qualifiers:
                if q.kind != "note" and not re.search(r"\bname", q.value, re.I):
                    self.unread.append(Unread("Infobox", q.raw, f"a parenthesis after '{text}' in {entry.key}"))
            return spec
        if self.blame(entry, item.raw.strip(" *"), role):
            return None
        if role in ("combatant", "supporter") and cells.is_materiel(text) and self.entities.lookup(text, ("actor",)) is None:
            # "Units1: ..., AC-130 gunships, AH-64 Apache helicopters": weapons a side used, not actors.
            self.unread.append(Unread("Infobox", f"{entry.key}: {item.raw.strip()}", "a weapon or vehicle listed among the "
                                                                                      "units, not an actor: record it by hand"))
            return None
        if item.under is not None and item.under.heading == "supporters":
            role = "supporter"
        kinds = ("actor", "place") if role == "target" else ("actor",)
        at = re.match(r"^(?P<what>.+?)\s+(?:at|inside)\s+(?:the\s+)?(?P<site>[A-Z][\w'’-]*(?:\s+(?:of\s+|al-)?[A-Z][\w'’-]*)*)$",
                      text)
        if role == "target" and at and self.entities.lookup(text, kinds) is None and (
                _description(at["what"]) or len(at["what"].split()) == 1 or at["what"][:1].islower()) and (
                any(rx.search(at["site"]) for rx, rank in _PLACE_RANK if rank == 1)):
            # "Graduation ceremony at the Example Military Academy": what was targeted, described, at a site
            # named in it (a facility: "in X", "near X" say where, not what); the site is the object of the
            # target claim, the description its words (never a node).
            claim = ClaimSpec("target", "Infobox", quote, object=Name(at["site"], ("place",)), text_value=text,
                              comment=f"{entry.key}: {item.raw.strip()} (line {entry.line})")
            claim.review("ckg:objectValue", f"'{at['site']}' read as the site of the target described as '{text}'")
            self.pending_claims.append(claim)
            return None
        if role == "target" and self.entities.lookup(text, kinds) is None and any(rx.search(text) for rx, rank in _PLACE_RANK if rank == 1) \
                and not (at and _description(at["what"])):
            # "Target: Example Airport": a place the graph does not hold is the object of a target claim, not an actor.
            claim = ClaimSpec("target", "Infobox", quote, object=Name(text, ("place",)), text_value=text,
                              comment=f"{entry.key}: {item.raw.strip()} (line {entry.line})")
            claim.review("ckg:objectValue", f"'{text}' read as a place (its words name a site)")
            self.pending_claims.append(claim)
            return None
        if role == "target" and self.entities.lookup(text, kinds) is None and _description(text):
            # "Graduation ceremony at the academy", "Hezbollah commanders": what was targeted, described,
            # not a name: a target claim with the words, not a participant minted from them.
            claim = ClaimSpec("target", "Infobox", quote, text_value=text, comment=f"{entry.key}: {item.raw.strip()} (line {entry.line})")
            claim.review("ckg:textValue", f"'{text}' describes the target: no actor of the graph; link the actor it names, if any, "
                                          "with ckg:objectValue")
            self.pending_claims.append(claim)
            return None
        spec = PartSpec(Name(text, kinds), role, "Infobox", quote, side=side, comment=f"{entry.key}: {item.raw.strip()} (line {entry.line})")
        if entry.name in ("accused", "suspected perpetrator", "suspected perpetrators"):
            spec.hedge = "allegedly" if entry.name == "accused" else "believed"
            spec.review("ckg:hedge", f"the key '{entry.key}' says the role is not established: read as hedge:{spec.hedge}")
        if item.fate:
            spec.fate = item.fate
            spec.review("ckg:fate", f"'{item.fate_words}' run onto the name '{text}{item.fate_words}': read as fate:{item.fate}")
        if item.rank:
            spec.comment += f"; rank '{item.rank}' left out of the name"
        year = self.event_start.year if self.event_start else None
        qualifiers = list(item.qualifiers)
        if item.under is not None and item.under.heading == "claimant" and not any(q.kind == "claimant" for q in qualifiers):
            # "Per Turkey:, Kurdistan Workers' Party": listed under a claimant's heading, the participation is its claim.
            head = item.under.qualifiers[0]
            qualifiers.append(cells.Qualifier("claimant", head.value, head.whom, f"'{item.under.text}:' before it"))
        for q in qualifiers:
            if q.kind in ("from", "until", "during"):
                dates = q.whom if q.kind == "during" else [q.whom[0]]
                parsed = [_date_in_event(d, year) for d in dates]
                if None in parsed:
                    spec.review("ckg:activeFrom", f"'{q.raw}' could not be read as a date")
                    continue
                if q.kind in ("from", "during"):
                    spec.active_from = parsed[0]
                if q.kind in ("until", "during"):
                    spec.active_until = parsed[-1]
                prop = "ckg:activeFrom" if q.kind != "until" else "ckg:activeUntil"
                if not re.search(r"\d{4}", " ".join(dates)):
                    spec.review(prop, f"'{q.raw}' gives no year: the year of the event ({year}) is assumed")
            elif q.kind == "denial":
                for who in q.whom or [text]:
                    claim = ClaimSpec("perpetrator" if role in ("perpetrator", "executor", "planner") else "statement",
                                      "Infobox", quote, claimant=Name(who), object=Name(who), stance="denies",
                                      comment=f"{entry.key}: {q.raw} (line {entry.line})")
                    claim.text_value = f"{who} took part as {role}"
                    claim.review("ckg:stance", f"a denial read from '{q.raw}' after '{text}': {who} denies taking part"
                                               + ("" if q.whom else " (the parenthesis names no one else)"))
                    self.pending_claims.append(claim)
            elif q.kind == "claimant":
                measure = "perpetrator" if role in ("perpetrator", "executor", "planner") else "target" if role == "target" else "statement"
                spec.evidence = ClaimSpec(measure, "Infobox", quote,
                                          claimant=Name(q.whom[0]), object=Name(text), hedges=["claimed"])
                spec.review("ckg:evidencedBy", f"'{text}' is given with '{q.raw}': the participation is that claimant's claim")
            elif q.kind == "alias" and role == "commander":
                spec.title = q.value  # "Gen. X (CENTCOM)": the command a person holds, no other name of his
            elif q.kind == "support":
                spec.support_kind = _support_kind(q.whom[0])
                claim = ClaimSpec("support", "Infobox", quote, object=Name(text), text_value=q.value,
                                  comment=f"{entry.key}: {item.raw.strip()} (line {entry.line})")
                self.pending_claims.append(claim)
                spec.support_kind = None
            elif q.kind == "alias":
                spec.alias = q.value
            elif q.kind == "title":
                if role == "commander" or item.rank:
                    spec.title = q.value
                else:
                    spec.review("ckg:agent", f"'{text}' is followed by '{q.raw}', which the draft did not read")
            elif q.kind == "hedge":
                spec.hedge = HEDGE_WORDS.get(q.value)
            elif q.kind == "note":
                self.skipped.append(f"{entry.key} (line {entry.line}): '{q.raw}' after '{text}' points elsewhere in the article")
            else:
                spec.review("ckg:agent", f"'{text}' is followed by '{q.raw}', which the draft did not read")
                self.unread.append(Unread("Infobox", q.raw, f"a parenthesis after '{text}' in {entry.key}"))
        return spec

    _BLAME = re.compile(r"^(?:(?:the|but)\s+)?(?P<who>[A-Z][^()]*?)\s+(?:blamed|blames|accused|accuses|held|holds)\s+"
                        r"(?P<whom>.+?)(?:\s+(?:for|of)\s+.*|\s+responsible)?$")

    def blame(self, entry: InfoboxEntry, text: str, role: str) -> bool:
        """"Syrian government blamed rebel groups", written in a perpetrator cell: a claim of who did
        it by the one who blames, never a name. True when `text` is one (the claim is drafted)."""
        m = self._BLAME.match(" ".join(text.split()))
        if m is None or role not in ("perpetrator", "executor", "planner"):
            return False
        whom = m["whom"].strip(" .")
        claim = ClaimSpec("perpetrator", "Infobox", entry.quote, claimant=Name(_claimant_name(m["who"])), text_value=whom,
                          object=Name(whom) if whom[:1].isupper() else None,
                          comment=f"{entry.key}: {text} (line {entry.line})")
        claim.review("ckg:claimant", f"'{text}' in {entry.key} read as a claim by '{m['who']}' that {whom} did it")
        self.pending_claims.append(claim)
        return True

    _SUSPECTED = re.compile(r"^(?P<h>likely|probably|possibly|suspected(?:\s+to\s+be)?|believed\s+to\s+be|reportedly)\s+"
                            r"(?:by\s+)?(?P<who>[A-Z].*)$")

    def suspicion(self, entry: InfoboxEntry, q: cells.Qualifier, role: str) -> bool:
        """"Unidentified aircraft (likely Israeli)": whom the article suspects, a hedged perpetrator
        claim in its own voice. True when the parenthesis is one (the claim is drafted)."""
        m = self._SUSPECTED.match(q.value)
        if m is None or role not in ("perpetrator", "executor", "planner"):
            return False
        who = _claimant_name(m["who"])
        hedge = {"likely": "likely", "probably": "likely", "possibly": "likely", "reportedly": "reportedly"}.get(m["h"].lower(), "believed")
        claim = ClaimSpec("perpetrator", "Infobox", entry.quote, object=Name(who), text_value=m["who"], hedges=[hedge],
                          comment=f"{entry.key}: {q.raw} (line {entry.line})")
        claim.review("ckg:objectValue", f"'{q.raw}' read as the perpetrator the article suspects ({who}, hedge:{hedge})")
        self.pending_claims.append(claim)
        return True

    def infobox_figures(self) -> list[ClaimSpec]:
        specs: list[ClaimSpec] = []
        for entry in self.article.infobox:
            measure = FIGURE_KEYS.get(entry.name)
            if measure is None:
                continue
            items = cells.read_cell(entry.value)
            if not any(i.text for i in items):
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
                continue
            cells.extend_claimants(items)
            cell_specs: list[ClaimSpec] = []
            by_item: list[tuple[cells.Item, list[ClaimSpec]]] = []
            for item in items:
                if item.heading == "claimant" or not item.text:
                    continue
                if item.heading:
                    self.skipped.append(f"{entry.key} (line {entry.line}): '{item.text}:' is a heading of the list")
                    continue
                made = self.figure_item(entry, item, measure)
                by_item.append((item, made))
                cell_specs.extend(made)
            # "23 killed, 61 wounded (Iraqi MoD)": a name after the last figure may give the ones before it
            # too, as "(per X)" may; they stay the article's own, marked (never silently).
            for (item, made), (nxt, nxt_made) in zip(by_item, by_item[1:]):
                name = next((r.reason.split(", a name after the figure")[0].split("read from ")[-1] for c in nxt_made
                             for r in c.reviews if r.check == "ckg:claimant" and ", a name after the figure" in r.reason), None)
                if name and nxt.block == item.block and item.under is None:
                    for c in made:
                        if c.claimant is None and not any(r.check == "ckg:claimant" for r in c.reviews):
                            c.review("ckg:claimant", f"{name} follows '{item.text}' in the same list: read as the article's own "
                                                     "figure; check whether that claimant gives it")
            # A figure the cell says nothing about takes the measure the cell's other figures agree on
            # ("57 on 13 January" is killed in the prose: so are "4 civilians on 22 January" and the total).
            assumed = [c for c in cell_specs if any(r.check == "ckg:measure" and "unless it says otherwise" in r.reason for r in c.reviews)]
            known = {c.measure for c in cell_specs if c not in assumed and c.counted is None and c.breakdown_of is None}
            if assumed and len(known) == 1:
                measure_ = known.pop()
                for c in assumed:
                    c.measure = measure_
                    c.reviews = [r for r in c.reviews if not (r.check == "ckg:measure" and "unless it says otherwise" in r.reason)]
                    c.review("ckg:measure", f"'{c.figure_text}' says nothing of what it counts: read as {measure_}, as the "
                                            f"cell's other figures")
            # "57 on 13 January, 4 civilians on 22 January, Total – 61": a figure labelled as the total
            # is the whole the cell's other figures break down.
            totals = [c for c in cell_specs if c.figure is not None and c.figure.label and c.breakdown_of is None]
            if len(totals) == 1:
                for c in cell_specs:
                    if c is not totals[0] and c.breakdown_of is None and c.claimant == totals[0].claimant:
                        c.breakdown_of = totals[0]
                        c.review("ckg:breakdownOf", f"'{c.figure_text}' read as a part of '{totals[0].figure_text}'")
                totals[0].completeness = "complete"
            specs.extend(cell_specs)
        return specs

    def figure_label(self, text: str, side: int | None, *, heading: bool) -> str | None:
        """What a name beside figures is ("SOHR: 68 killed", "68 killed (SOHR)"): "claimant" (who
        gives them), "participant" (whose losses they count: a participant of the same side, or an
        armed force, group or unit), or None (no name). A heading that is a name is read as the
        claimant unless it names a participant; a parenthesis only when its words name a source,
        or the graph holds it as one."""
        kind = cells.label_kind(text)
        if kind is None:
            return None
        link = self.entities.lookup(text, ("actor",))
        if link is not None and link.how != "ambiguous":
            refs = {key[0] for items in self.parts.values() for key, _, _ in items
                    if side is None or key[2] == side}
            if link.ref in refs:
                return "participant"
            types = set(self.graph.objects(link.iri, RDF.type)) if link.iri is not None else set()
            names = {qname(t) for t in types} | set(link.node.types if link.node is not None else [])
            if names & {"ckg:ArmedForce", "ckg:ArmedGroup", "ckg:Unit"}:
                return "participant"
            return "claimant"
        if kind == "unit":
            return "participant"
        if kind == "source" or heading:
            return "claimant"
        return "claimant" if kind == "name" and len(text.split()) <= 4 else None

    def figure_item(self, entry: InfoboxEntry, item: cells.Item, key_measure: str) -> list[ClaimSpec]:
        out: list[ClaimSpec] = []
        claimants: list[str] = []
        claimant_words = ""
        notes: list[tuple[str, str]] = []
        group_paren = None
        hedges: list[str] = []
        breakdown: list[str] = []
        alternatives: list[tuple[cells.Qualifier, str, str]] = []
        for q in item.qualifiers:
            if q.kind in ("other", "title", "claimant") and (am := re.match(r"^(?P<head>[^:\d]{2,60}?)\s*:\s*(?P<fig>(?=[^:]*\d)\S[^:]*)$", q.value)) and \
                    ((hq := cells.read_qualifier(am["head"])).kind == "claimant" or
                     hq.kind in ("alias", "title") and self.figure_label(am["head"], entry.side, heading=True) == "claimant"):
                # "14 killed (Russian claim: 5)", "(SOHR: 9–12)": another claimant's figure of the same thing,
                # not a part of it.
                if hq.kind != "claimant":
                    hq = cells.Qualifier("claimant", am["head"], [am["head"]], f"({am['head']})")
                alternatives.append((hq, am["fig"], q.raw))
                continue
            if q.kind == "claimant":
                claimants, claimant_words = q.whom, q.raw
                if re.search(r"\bclaims?\b", q.value, re.I):
                    hedges.append("claimed")
            elif q.kind == "claimant-after":
                notes.append(("ckg:claimant", f"{q.raw.replace(' (after it in the same list)', '')} follows '{item.text}' in the "
                                              "same list: read as the article's own figure; check whether that claimant gives it"))
            elif q.kind == "other" and re.search(r"\d", q.value):
                breakdown.append(q.value)
            elif q.kind == "hedge":
                hedges.append(HEDGE_WORDS.get(q.value, q.value))
            elif q.kind in ("title", "other") and not re.search(r"\d", q.value) and lexicon.PEOPLE.search(q.value) \
                    and cells.label_kind(q.value) in (None, "unit") and q.value[:1].islower() | bool(lexicon.PEOPLE.search(q.value.split()[-1])):
                # "~500 (pro-government forces)", "12 (mostly civilians)": the people the figure counts.
                group_paren = re.sub(r"^(?:mostly|mainly|largely|predominantly|all|only)\s+", "", q.value, flags=re.I)
                notes.append(("ckg:appliesTo", f"{q.raw} after '{item.text}': read as the people the figure counts"))
            elif q.kind in ("title", "alias") and not claimants and (label := self.figure_label(q.value, entry.side, heading=False)):
                if label == "claimant":
                    claimants, claimant_words = [q.value], f"{q.raw}, a name after the figure"
                else:
                    notes.append(("ckg:forSide", f"{q.raw} after '{item.text}' names a participant: the figure counts its "
                                                 f"losses (add ckg:appliesTo a group of it if the side holds others)"))
            elif q.kind in ("other", "title", "alias"):
                if not re.search(r"\d", q.value):
                    notes.append(("ckg:figureText", f"{q.raw} after '{item.text}' was not read: check what it says of the figure"))
                # else details of the figure ("(T-55, T-62 tanks)"): kept in the quote
        group_heading = None
        if item.under is not None and item.under.heading == "claimant" and not claimants:
            claimants = item.under.qualifiers[0].whom
            claimant_words = f"'{item.under.text}:' before it"
            if re.search(r"\bclaims?\b", item.under.qualifiers[0].value, re.I) and "claimed" not in hedges:
                hedges.append("claimed")
        elif item.under is not None and item.under.heading == "name" and not claimants:
            if self.figure_label(item.under.text, entry.side, heading=True) == "claimant":
                claimants, claimant_words = [item.under.text], f"'{item.under.text}:', a name before it"
            else:
                notes.append(("ckg:forSide", f"'{item.under.text}:' before '{item.text}' names a participant: the figure "
                                             "counts its losses (add ckg:appliesTo a group of it if the side holds others)"))
        elif item.under is not None and item.under.heading == "group":
            group_heading = item.under.text
        group_heading = group_paren or group_heading
        if re.fullmatch(r"(?:none|no\s+(?:casualties|deaths|losses|injuries|figures?))\s+(?:reported|known|confirmed|given|"
                        r"released|published|available)", normalise(item.text)):
            # "None reported": that nothing was reported, not that nobody was killed (no figure of zero).
            self.unread.append(Unread("Infobox", f"{entry.key}: {item.raw.strip()}", "says that no figure was reported: no "
                                                                                       "figure of zero is drafted"))
            return out
        parts = cells.figure_parts(item.text)
        hedges.extend(HEDGE_WORDS.get(h, h) for h in cells.leading_hedges(item.text) if HEDGE_WORDS.get(h, h) not in hedges)
        if not parts:
            if normalise(item.text) in ("unknown", "n a", "none reported", "unclear"):
                self.skipped.append(f"{entry.key} (line {entry.line}): '{item.text}' gives no figure")
            else:
                self.unread.append(Unread("Infobox", f"{entry.key}: {item.raw.strip()}", "no figure could be read"))
            return out
        totals = []
        for part in parts:
            spec = self.figure_spec(entry, part, key_measure, hedges)
            if spec is None:
                self.unread.append(Unread("Infobox", f"{entry.key}: {part}", "no figure could be read"))
                continue
            totals.append(spec)
        # "Up to 80 (64 civilians and 16 ISIL fighters)": the parenthesis breaks the figure down.
        for text in breakdown:
            inner = re.sub(r"^(?:including|incl\.?|of\s+whom|of\s+which)\s+", "", text.strip(), flags=re.I)
            if len(totals) != 1:
                break
            total = totals[0]
            total.completeness = "partial" if re.match(r"^(?:including|incl)", text.strip(), re.I) else "complete"
            if total.completeness == "complete":
                total.review("ckg:breakdownCompleteness", f"'({text})' read as the whole of '{total.figure_text}': "
                                                          "check the parts add up to it")
            # ("4 killed (2 SDF, 2 US)": parts listed with commas are parts each.)
            for part_text in (p for chunk in re.split(r",\s*(?=\d)", inner) for p in prose.split_figures(chunk)):
                part = self.figure_spec(entry, part_text, total.measure, hedges, parent=total)
                if part is None:
                    continue
                part.breakdown_of = total
                if part.counted is None and total.counted:
                    part.counted = total.counted
                out.append(part)
        for q, fig_text, raw in alternatives:
            if len(totals) != 1:
                self.unread.append(Unread("Infobox", f"{entry.key}: {raw}", "another claimant's figure after several figures"))
                continue
            alt = self.figure_spec(entry, fig_text, totals[0].measure, [h for h in hedges if h != "claimed"] +
                                   (["claimed"] if re.search(r"\bclaims?\b", q.value, re.I) else []), parent=totals[0])
            if alt is None:
                self.unread.append(Unread("Infobox", f"{entry.key}: {raw}", "no figure could be read"))
                continue
            for who in q.whom:
                c = _copy_claim(alt) if len(q.whom) > 1 else alt
                c.claimant = Name(_claimant_name(who))
                c.review("ckg:claimant", f"read from {raw} after '{totals[0].figure_text}': {who}'s figure of the same thing")
                out.append(c)
        for spec in [*totals]:
            out.insert(totals.index(spec), spec)
        for spec in out:
            for check, reason in notes:
                spec.review(check, reason)
            if group_heading and spec.group is None and spec.counted is None:
                spec.group = group_heading
                if group_heading != group_paren:
                    spec.review("ckg:appliesTo", f"'{group_heading}:' before '{spec.figure_text}': read as the people it counts")
        result = []
        for spec in out:
            if claimants:
                if len(claimants) > 1:
                    for who in claimants:
                        c = _copy_claim(spec)
                        c.claimant = Name(_claimant_name(who))
                        c.review("ckg:claimant", f"read from {claimant_words}, which names {len(claimants)} claimants for "
                                                 f"'{c.figure_text}': one claim each")
                        result.append(c)
                    continue
                spec.claimant = Name(_claimant_name(claimants[0]))
                spec.review("ckg:claimant", f"read from {claimant_words} for '{spec.figure_text}'")
            result.append(spec)
        # Breakdown parts of a total claimed by several: each part follows its own claimant's total.
        by_total: dict[int, list[ClaimSpec]] = {}
        for spec in result:
            if spec.breakdown_of is None:
                by_total.setdefault(id(spec), [])
        for spec in result:
            if spec.breakdown_of is not None and spec.claimant is not None:
                match = next((t for t in result if t.breakdown_of is None and t.figure_text == spec.breakdown_of.figure_text
                              and t.claimant == spec.claimant), None)
                if match is not None:
                    spec.breakdown_of = match
        return result

    def figure_spec(self, entry: InfoboxEntry, text: str, key_measure: str, hedges: list[str],
                    parent: ClaimSpec | None = None) -> ClaimSpec | None:
        written, reading = text if isinstance(text, tuple) else (text, text)
        read = prose.read_figure_phrase((written, reading))
        if read is None:
            return None
        text = written
        fig, counted, measure, measure_words, group, rest = read
        spec = ClaimSpec(measure or key_measure, "Infobox", entry.quote, figure=fig, figure_text=read_text(written),
                         counted=counted, side=entry.side, hedges=list(hedges),
                         comment=f"{entry.key}: {text} (line {entry.line})")
        if measure is None and parent is not None:
            # A part of a breakdown with no word of its own ("8 air defense systems (including 1 SA-17
            # and 2 SA-22)") counts what its total counts, as its total does.
            measure = parent.measure
            if counted is None and parent.counted:
                spec.counted = parent.counted
            spec.measure = measure
        elif measure is None:
            measure = key_measure
            if counted and key_measure in ("killed-or-injured", "killed", "injured"):
                measure = "lost"  # materiel a side lost, with no word for how
                spec.review("ckg:measure", f"'{text}' counts {counted.replace('-', ' ')}s with no word for what happened to them: "
                                           f"read as lost, from the key '{entry.key}'")
            elif entry.name in ("casualties", "losses", "casualties and losses"):
                prose_measure = self.prose_measure_of(fig)
                if prose_measure:
                    measure = prose_measure
                    spec.review("ckg:measure", f"'{entry.key}: {text}' does not say what it counts: the prose gives the same "
                                               f"figure as {prose_measure}")
                else:
                    spec.review("ckg:measure", f"'{entry.key}' counts the dead and the wounded together unless it says "
                                               f"otherwise: read '{text}' as killed-or-injured")
            elif entry.name == "strength" and counted:
                spec.review("ckg:countedThing", f"'{text}': a strength in {counted.replace('-', ' ')}s")
            spec.measure = measure
        elif parent is None and measure != key_measure and key_measure not in ("killed-or-injured", "strength"):
            spec.review("ckg:measure", f"'{text}' says {measure_words!r} under the key '{entry.key}'")
        if parent is not None and measure is None:
            spec.measure = parent.measure
        if group:
            spec.group = group
        if rest:
            spec.review("ckg:figureText", f"words after the figure not read: '{rest}'")
            self.residue.append((entry, text, rest))
        if spec.measure in ("killed", "injured", "killed-or-injured", "captured", "executed", "missing") and counted in ("locality",):
            spec.review("ckg:countedThing", f"'{text}' counts places under '{entry.key}'")
        return spec

    def prose_measure_of(self, fig: Figure) -> str | None:
        """The measure the prose gives a bare infobox figure, when it gives the same number once."""
        if fig is None or fig.best_value is None:
            return None
        found = set()
        for _, text in self.prose_texts():
            for m in re.finditer(rf"(?<![\d,.]){fig.best_value}(?![\d,])\s*(?:people\s+|persons\s+)?(?:were\s+|had\s+been\s+)?(\w+)", text):
                if (hit := lexicon.measure_in(m.group(1))) is not None:
                    found.add(hit[0])
            for m in re.finditer(rf"(?:death\s+toll|toll)\s+(?:was\s+\w+\s+to|of|rose\s+to)\s+{fig.best_value}(?![\d,])", text):
                found.add("killed")
        return found.pop() if len(found) == 1 else None

    def prose_texts(self) -> list[tuple[str, str]]:
        out = [("Lead", self.article.lead)] if self.article.lead else []
        out += [(s.title, s.text) for s in self.article.sections]
        return out

    def strike_keys(self) -> tuple[list[ClaimSpec], list[EventFact]]:
        claims: list[ClaimSpec] = []
        facts: list[EventFact] = []
        if not any(e.name == "time" and re.search(r"\d", e.value) for e in self.article.infobox) and self.date_time \
                and self.event_start is not None and (time := prose.read_time(self.date_time)) is not None:
            # "Date: 5 October 2023 ~13:00 (UTC+3)": the time the Date cell gives, when no Time cell does.
            date_entry = self.article.entries("date", "dates")[0]
            spec = ClaimSpec("time-of-day", "Infobox", date_entry.quote, text_value=self.date_time,
                             time_value=f"{self.event_start.isoformat()}T{time}:00", time_zone=self.date_zone,
                             comment=f"{date_entry.key}: {date_entry.value}")
            spec.review("ckg:timeValue", f"the time '{self.date_time}' read from the Date cell")
            claims.append(spec)
        zone_entry = next((e for e in self.article.entries("timezone", "time zone") if e.value.strip()), None)
        zone = (cells.time_zone(zone_entry.value) or zone_entry.value.strip()) if zone_entry else None
        for entry in self.article.infobox:
            if entry.name == "time":
                if entry.is_empty or not re.search(r"\d", entry.value):
                    self.skipped.append(f"{entry.key} (line {entry.line}): empty (\"{entry.value}\")")
                    continue
                time = prose.read_time(entry.value)
                if time is None or self.event_start is None:
                    self.unread.append(Unread("Infobox", entry.quote, "the time could not be read"))
                    continue
                spec = ClaimSpec("time-of-day", "Infobox", entry.quote, text_value=entry.value.strip(),
                                 time_value=f"{self.event_start.isoformat()}T{time}:00",
                                 time_zone=cells.time_zone(re.sub(r"^[^A-Za-z]*(?:[ap]\.?m\.?)?", "", entry.value)) or zone,
                                 comment=f"{entry.key}: {entry.value}")
                if self.event_end:
                    spec.review("ckg:timeValue", f"the event spans several days: the time '{entry.value}' is put on its first day")
                claims.append(spec)
            elif entry.name in ("objective", "objectives", "motive"):
                for item in entry.items():
                    claims.append(ClaimSpec("objective", "Infobox", entry.quote, text_value=item, comment=entry.key))
            elif entry.name in ("weapons", "weapon"):
                for item in entry.items():
                    claims.append(ClaimSpec("weapon", "Infobox", entry.quote, text_value=item, comment=entry.key))
            elif entry.name == "cause":
                m = re.match(r"^(?P<what>.+?)\s+by\s+(?P<who>.+?)(?:\s+(?:aircraft|forces|troops|jets|drones|planes))?$", entry.value.strip())
                if m:
                    part = PartSpec(Name(m["who"]), "perpetrator", "Infobox", entry.quote, comment=f"{entry.key}: {entry.value}")
                    part.review("ckg:role", f"read from '{entry.key}: {entry.value}': '{m['what']} by {m['who']}'")
                    self.cause_parts.append(part)
                else:
                    self.unread.append(Unread("Infobox", entry.quote, "a cause the draft could not read"))
        return claims, facts

    def unknown_keys(self) -> None:
        known = set(ROLE_KEYS) | set(FIGURE_KEYS) | IGNORED_KEYS | EVENT_KEYS
        for entry in self.article.infobox:
            if entry.name in IGNORED_KEYS:
                self.skipped.append(f"{entry.key} (line {entry.line}): a display parameter, not a fact")
            elif entry.name in ("timezone", "time zone"):
                continue
            elif entry.name not in known:
                if entry.is_empty:
                    self.skipped.append(f"{entry.key} (line {entry.line}): empty")
                else:
                    self.unread.append(Unread("Infobox", entry.quote, f"the key '{entry.key}' is not one the draft reads"))

    # -- all together ------------------------------------------------------------------------

    def build(self) -> Draft:
        self.parts: dict[str, list] = {}
        self.claims_without_claimant = 0
        self.pending_claims: list[ClaimSpec] = []
        self.cause_parts: list[PartSpec] = []
        self.residue: list = []
        self.source()
        types = self.event_types()
        cls = self.event_class(types)
        start, end, precision, date_props, date_notes = self.dates()
        self.event_start, self.event_end, self.event_precision = start, end, precision
        # The event itself: new, or the graph's when the duplicate rule finds it there.
        self.event = Node("_:event", [qname(cls)], [f"The event, from the infobox of \"{self.article.title}\"."])
        places = self.places_before_event()
        existing = self.find_existing(cls, types, start, end, precision, places)
        if existing is not None:
            self.enriched = existing
            # Written with its type as the graph has it: every node of a submission is typed.
            self.event = Node(qname(existing), sorted(qname(t) for t in self.graph.objects(existing, RDF.type)), [f"The event {qname(existing)} ({self.graph.value(existing, RDFS.label)}), already in "
                                                    f"the graph: this draft adds what the article says that the graph does not hold."],
                              existing=True)
            self.header.append(f"Enriches {qname(existing)}: the article's event is already in the graph (same "
                               f"{self.dup_reason}); statements the graph already holds are not repeated.")
        else:
            self.taken.add("_:event")
        self.nodes.insert(0, self.event)
        infobox = self.section("Infobox") if self.article.infobox else None
        # Event statements from the infobox.
        label_comment = "the title"
        if not self.event.existing:
            self.event.add("rdfs:label", string(self.article.title, "en"), label_comment)
        elif normalise(self.article.title) not in {normalise(str(o)) for p in (RDFS.label, SKOS.altLabel) for o in self.graph.objects(existing, p)}:
            self.add_event_statement(self.event, self.event.ref, "skos:altLabel", string(self.article.title, "en"), "the title", "Infobox" if infobox else "Lead")
        added_type = False
        for t in types:
            added_type |= self.add_event_statement(self.event, self.event.ref, "ckg:eventType", qname(t), self.type_comments.get(t, ""), "Infobox")
        for check, reason in self.type_notes:
            if added_type or not types or not self.event.existing:
                self.event.note(check, reason)
        for prop, obj, comment in date_props:
            self.add_event_statement(self.event, self.event.ref, prop, obj, comment, "Infobox")
        for check, reason in date_notes:
            if not self.event.existing:
                self.event.note(check, reason)
        for link, comment, quote in places:
            prop = "ckg:nearLocation" if link.text in self.near_texts else "ckg:location"
            self.add_event_statement(self.event, self.event.ref, prop, link.ref, comment, "Infobox")
            self.link_notes(self.event, link, prop, link.text)
        for fact in self.part_of():
            self.write_event_fact(fact)
        # Participations and figures from the infobox (sides first: territory figures need them).
        for spec in self.infobox_participants():
            self.write_part(spec)
        for fact in self.literals():
            self.write_event_fact(fact)
        strike_claims, strike_facts = self.strike_keys()
        for spec in self.cause_parts:
            self.write_part(spec)
        for spec in self.infobox_figures() + strike_claims + self.pending_claims:
            self.write_claim(spec)
        for fact in strike_facts:
            self.write_event_fact(fact)
        self.unknown_keys()
        if infobox and not self.event.existing:
            self.event.add("ckg:source", infobox)
        # The prose.
        reader = prose.ProseReader(self)
        for section, text, start_line in self.prose_sections():
            result = reader.read_section(section, text)
            for fact in result.event_facts:
                self.write_event_fact(fact)
            for part in result.parts:
                self.write_part(part)
            for claim in result.claims:
                self.write_claim(claim)
            self.unread.extend(result.unread)
        if not self.article.infobox:
            self.event.note("node", "the article has no infobox lines: check the event's dates, places and participants, "
                                    "which the draft read from the prose only")
        if not self.event.existing and not self.event.has("ckg:source"):
            self.event.add("ckg:source", self.section("Lead"))
        return self.finish()

    def prose_sections(self) -> list[tuple[str, str, int]]:
        out = []
        if self.article.lead:
            out.append(("Lead", self.article.lead, 0))
        for s in self.article.sections:
            out.append((s.title, s.text, s.line))
        return out

    def places_before_event(self) -> list[tuple[Link, str, str]]:
        # Places are linked before the event node exists: new places are nodes of their own.
        return self.places()

    def find_existing(self, cls, types, start, end, precision, places) -> URIRef | None:
        """The graph's event this article is about, by the duplicate rule of conflictkg.model.duplicates."""
        place_iris = frozenset(l.iri for l, _, _ in places if l.iri is not None)
        last = span_end(end or start, PRECISION[precision]) if start else None
        facts = EventFacts("_:event", frozenset({cls}), start, last, place_iris,
                           types=frozenset(types), names=frozenset({Literal(self.article.title, lang="en")}),
                           yearly=precision == "year")
        found = possible_duplicates(self.graph, facts)
        if not found:
            return None
        named = [f for f in found if any(normalise(str(o)) == normalise(self.article.title)
                                         for p in (RDFS.label, SKOS.altLabel) for o in self.graph.objects(f, p))]
        # The rule also pairs events it knows too little of to tell apart ("Deir ez-Zor offensive
        # (2024)", dated to the year and placed in Syria, pairs with every 2024 offensive in Syria):
        # the draft enriches an event found by kind and place only when that event is dated to the
        # month or day and placed more precisely than a country; the others are named in the header.
        vague = [f for f in found if f not in named and self._vague_event(f)]
        if vague:
            self.header.append("Possible duplicates in the graph known only to the year or the country ("
                               + ", ".join(qname(f) for f in vague) + "): the draft does not take the article's event "
                               "for them; if it is one of them, draft again against it.")
            found = [f for f in found if f not in vague]
            if not found:
                return None
        if len(found) > 1 and len(named) == 1:
            self.header.append("Other possible duplicates in the graph, not the article's event by name: "
                               + ", ".join(qname(f) for f in found if f != named[0]) + ".")
            found = named
        if len(found) > 1:
            self.event_notes_later = found
            self.header.append("Possible duplicates in the graph: " + ", ".join(qname(f) for f in found)
                               + ": the draft makes a new event; if it is one of these, draft again against it.")
            return None
        self.dup_reason = "name" if any(normalise(str(o)) == normalise(self.article.title)
                                        for p in (RDFS.label, SKOS.altLabel) for o in self.graph.objects(found[0], p)) \
            else "type, overlapping dates and place"
        return found[0]

    def _vague_event(self, event: URIRef) -> bool:
        precisions = {str(p).rsplit("/", 1)[-1] for p in self.graph.objects(event, CKG.datePrecision)}
        places = set(self.graph.objects(event, CKG.location)) | set(self.graph.objects(event, CKG.nearLocation))
        countries = {p for p in places if str(self.graph.value(p, CKG.placeType) or "").endswith("/country")}
        return precisions <= {"year"} or not places or places <= countries

    def finish(self) -> Draft:
        if getattr(self, "doc_node", None) is not None:
            self.doc_node.note("ckg:publisher", "who publishes this document? Add ckg:publisher with an actor IRI; the "
                                                f"{self.claims_without_claimant} claims the article makes in its own voice "
                                                "have no ckg:claimant until you give them that actor")
        for link in self.entities.minted:
            if link.node is not None and link.node not in self.nodes:
                self.nodes.append(link.node)
        # Nodes minted for names but never used by any statement are dropped.
        used = " ".join(o for n in self.nodes for _, o, _ in n.props)
        for link in list(self.entities.minted):
            if link.node is not None and link.node.ref not in used.split(" ") and not _used(link.node.ref, self.nodes):
                self.nodes.remove(link.node)
                self.entities.minted.remove(link)
        rendered = [n.render() for n in self.nodes]
        body = "\n\n".join(r for r in rendered if r)
        notes = [(n.ref, note) for n in self.nodes for note in n.notes]
        statements = sum(len(n.props) for n in self.nodes)
        to_review = sum(len(n.props) for n in self.nodes if n.notes)
        used_prefixes = set(re.findall(r"(?<![\w<])([a-z][a-z0-9]*):[A-Za-z0-9_]", body))
        prefixes = "\n".join(f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items()) if p in used_prefixes)
        head = [
            f"Draft submission from \"{self.article.title}\" ({Path(self.article.name).name}), made by `conflictkg draft`.",
            *self.header,
            f"Drafted: {statements} statements on {len([n for n in self.nodes if n.props])} nodes; {to_review} of them "
            f"on {len({r for r, _ in notes})} nodes to review ({len(notes)} review markers).",
            "Each `ckg:draftNote \"CHECK: WHY\"` says what to check (a property, or the node) and why; check it, fix",
            "the statement if needed, then delete the note. `conflictkg validate` warns of every open note and",
            "`conflictkg submit` refuses a file that still has one.",
            "Blank nodes (_:name) are temporary IDs: `conflictkg submit` gives them readable IRIs.",
        ]
        if self.entities.minted:
            head.append(f"New nodes ({len(self.entities.minted)}), for names the graph does not hold: "
                        + ", ".join(f"{l.ref} '{l.text}'" for l in self.entities.minted))
        head.append(f"Not read ({len(self.unread)}): text the draft could not turn into statements; record it by hand.")
        head += [f"  - {u.section}: \"{_one_line(u.text)}\" ({u.why})" for u in self.unread]
        if self.already:
            head.append("Already in the graph, not repeated:")
            head += [f"  - {a}" for a in self.already]
        if self.skipped:
            head.append("Left out on purpose:")
            head += [f"  - {s}" for s in self.skipped]
        text = "\n".join("# " + _one_line(h) if not h.startswith("  ") else "#" + _one_line(h).join(["  ", ""]) for h in head)
        text += "\n\n" + prefixes + "\n\n" + body + "\n"
        return Draft(text, notes, list(self.skipped), list(self.unread), statements, to_review, self.enriched)


def _description(text: str) -> bool:
    """"Graduation ceremony at the academy", "Hezbollah commanders", "weapons depot": words after the
    first in lower case (other than connectors) describe something rather than name it."""
    words = text.split()[1:]
    return any(w[:1].islower() and w.lower() not in _CONNECTORS and not re.fullmatch(r"(?:al|el|ad|ar|as|ash|bin|ibn|bani|abu)-.*|[a-z]+-[A-Z].*", w)
               for w in words)


def _bare_name(text: str) -> bool:
    """"Tell Rifaat", "As-Safira": a name and nothing else (up to four capitalised words)."""
    words = text.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() or w.lower() in ("al", "el", "of", "de") for w in words)


def clauses(pieces: list[str]) -> list[str]:
    """Comma-separated pieces of a Territory or Result cell joined back into its items: a piece
    continues the item before it when it starts in lower case ("as well as ..."), when it is a bare
    name in a list ("SNA capture Tadef, As-Safira, Tell Rifaat"), or when the piece before it is one
    ("Tell Rifaat, Manbij and numerous other villages")."""
    out: list[str] = []
    for piece in pieces:
        if out and (piece[:1].islower() or _bare_name(piece) or _bare_name(out[-1].rsplit(", ", 1)[-1]) and len(out[-1].split(", ")) > 1
                    or _bare_name(piece.split(" and ")[0]) and _bare_name(out[-1].rsplit(", ", 1)[-1])):
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return out


def _used(ref: str, nodes: list[Node]) -> bool:
    return any(o == ref or ref in o.split(", ") for n in nodes for _, o, _ in n.props)


def read_text(text: str) -> str:
    return " ".join(text.split())


def _strip_the(text: str) -> str:
    return re.sub(r"^the\s+", "", text.strip(), flags=re.I)


def _copy_claim(spec: ClaimSpec) -> ClaimSpec:
    from dataclasses import replace  # noqa: PLC0415 - local: only the rare several-claimants case needs it

    return replace(spec, reviews=list(spec.reviews), hedges=list(spec.hedges))


def _claimant_name(who: str) -> str:
    """"Turkish" (of "(Turkish claim)") -> "Turkey"; "U.S." -> "United States"; other names as written."""
    country = lexicon.demonym_country(who)
    if country:
        return country
    if normalise(who) in ("u s", "us", "usa"):
        return "United States"
    return who


def _support_kind(words: str) -> str | None:
    w = words.lower()
    for key, kind in (("logistic", "logistical"), ("intelligence", "intelligence"), ("training", "training")):
        if key in w:
            return kind
    return "military" if w else None


def _event_class_of(name: str) -> str:
    n = name.lower()
    if re.search(r"\b(?:offensive|operation|campaign|siege|invasion)\b", n) and not re.search(r"\bair\s+campaign\b", n):
        if re.search(r"\b(?:operations|conflict|war|intervention|involvement|crisis|clashes|insurgency)\b", n):
            return "ckg:Conflict"
        return "ckg:Offensive"
    if re.search(r"\b(?:war|conflict|intervention|involvement|crisis|clashes|insurgency|uprising)\b", n):
        return "ckg:Conflict"
    if re.search(r"\b(?:airstrikes?|strikes?|bombing|shelling|attack|raid)\b", n):
        return "ckg:Strike"
    return "ckg:MilitaryEvent"


def _date_in_event(text: str, year: int | None) -> tuple[str, str] | None:
    try:
        span = parse_date(text if re.search(r"\d{4}", text) or year is None else f"{text} {year}")
    except ValueError:
        return None
    return span.start.isoformat(), span.precision


def _place_rank(text: str, link: Link, graph) -> int:
    if link.iri is not None:
        ptype = graph.value(link.iri, CKG.placeType)
        if ptype is not None:
            slug = str(ptype).rsplit("/", 1)[-1]
            return {"country": 6, "region": 5, "governorate": 4, "district": 3, "city": 2, "town": 2, "village": 2,
                    "zone": 2, "military-base": 1, "air-base": 1, "airport": 1, "facility": 1}.get(slug, 2)
    for rx, rank in _PLACE_RANK:
        if rx.search(text):
            return rank
    return 2


def _expand(ref: str | None) -> URIRef | None:
    if not ref or ref.startswith("_:") or ":" not in ref:
        return None
    if ref.startswith("<") and ref.endswith(">"):
        return URIRef(ref[1:-1])
    prefix, local = ref.split(":", 1)
    ns = PREFIXES.get(prefix)
    return URIRef(ns + local) if ns else None


def _expand_object(obj: str):
    if obj.startswith('"'):
        m = re.match(r'^"(.*)"(?:@(\w+)|\^\^(\S+))?$', obj)
        if not m:
            return None
        value = m.group(1).replace('\\"', '"').replace("\\\\", "\\")
        if m.group(2):
            return Literal(value, lang=m.group(2))
        if m.group(3):
            return Literal(value, datatype=_expand(m.group(3)))
        return Literal(value)
    return _expand(obj)


def draft_submission(article: Article, index: NameIndex, *, url: str | None = None) -> Draft:
    """The draft submission for `article`, its names linked through `index`."""
    if index.graph is None:
        raise ValueError("the name index needs its graph")
    return _Builder(article, index, url).build()
