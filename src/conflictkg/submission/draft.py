"""`conflictkg draft`: an article's infobox turned into a draft submission in Turtle.

What the draft converts: the title (label), Type (event type and class), Date, Location/Place,
Partof, Target, Combatant/Units/Commander per side, Perpetrator, Result, Territory, and the
Fatalities/Casualties/Injuries figures as claims in the article's own voice, sourced to the
article's Infobox section with the infobox line as quote. Names are linked to the graph's actors,
places and events by label and alternative label (see conflictkg.model.names).

What it cannot decide it marks with `ckg:draftNote "..."` on the node concerned: an unknown name,
an ambiguous one, an unreadable date or figure, words next to a figure, an infobox key it does not
know, a possible duplicate. `ckg:draftNote` is not a term of the ontology and `submit` refuses a
file that still has one, so a draft cannot be submitted before a person has resolved every note
(and deleted it). Nothing is ever filled in from a guess; what the draft skips on purpose (empty
values, map parameters) is said in a comment.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote as urlquote

from rdflib import URIRef
from rdflib.namespace import RDFS

from conflictkg.submission.article import Article, InfoboxEntry
from conflictkg.model.dates import last_day, parse_date
from conflictkg.model.duplicates import EventFacts, possible_duplicates
from conflictkg.model.figures import Figure, parse_figure
from conflictkg.model.names import NameIndex, normalise, qname
from conflictkg.model.namespaces import ACTOR, CKG, PRECISION, PREFIXES

DRAFT_NOTE = CKG.draftNote

ROLE_KEYS = {
    "target": "target", "targets": "target",
    "combatant": "combatant", "combatants": "combatant",
    "units": "combatant", "unit": "combatant", "units involved": "combatant",
    "commander": "commander", "commanders": "commander", "commanders and leaders": "commander",
    "perpetrator": "perpetrator", "perpetrators": "perpetrator", "attacker": "perpetrator", "attackers": "perpetrator",
}
FIGURE_KEYS = {
    "fatalities": "killed", "deaths": "killed", "killed": "killed", "dead": "killed",
    "casualties": "killed", "injuries": "injured", "injured": "injured", "wounded": "injured",
    "non-fatal injuries": "injured", "strength": "fighters",
}
# Keys whose meaning is only part of what the figure may count: the draft asks the analyst.
AMBIGUOUS_FIGURE_KEYS = {"casualties": "\"Casualties\" often counts the dead and the wounded together: check that measure:killed is right, or change it"}
IGNORED_KEYS = {"map type", "map label", "map", "map caption", "image", "caption", "image size", "map size",
                "map relief", "coordinates", "alt", "image caption"}
_PARENS = re.compile(r"\([^()]*\)")
_PARENS_INNER = re.compile(r"\(([^()]*)\)")
# Words after a figure that say no more than the key already does.
_GENERIC_REST = re.compile(r"^(?:people|persons|person|killed|dead|deaths|fatalities|injured|wounded|casualties|"
                           r"total|in total|reported|overall)?$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# A tiny Turtle writer that keeps comments next to what they explain
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

    def add(self, predicate: str, obj: str, comment: str = "") -> None:
        self.props.append((predicate, obj, comment))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def render(self) -> str:
        lines = [f"# {_one_line(c)}" for c in self.comments]
        items: list[tuple[str, str]] = [("a " + ", ".join(self.types), "")]
        # Notes come right after the type, so that deleting a note's line never breaks the Turtle.
        for note in self.notes:
            items.append((f"ckg:draftNote {string(_one_line(note))}", ""))
        for predicate, obj, comment in self.props:
            items.append((f"{predicate} {obj}", comment))
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


# --------------------------------------------------------------------------------------------
# The draft
# --------------------------------------------------------------------------------------------


def wikipedia_url(title: str) -> str:
    return "https://en.wikipedia.org/wiki/" + urlquote(title.replace(" ", "_"), safe="()_,-.'!:")


def _slug(text: str) -> str:
    return normalise(text).replace(" ", "-")[:60].strip("-") or "x"


class _Builder:
    def __init__(self, article: Article, index: NameIndex, url: str | None):
        self.article = article
        self.index = index
        self.graph = index.graph
        self.nodes: list[Node] = []
        self.skipped: list[str] = []
        self.header: list[str] = []
        self.taken: set[str] = set()
        self.url_given = url is not None
        self.url = url or wikipedia_url(article.title)
        self.is_wikipedia = "wikipedia.org/" in self.url

    # -- helpers -----------------------------------------------------------------------------

    def bnode(self, hint: str) -> str:
        base = "_:" + _slug(hint)
        ref, n = base, 2
        while ref in self.taken:
            ref, n = f"{base}-{n}", n + 1
        self.taken.add(ref)
        return ref

    def new_node(self, hint: str, types: list[str], *comments: str) -> Node:
        node = Node(self.bnode(hint), types, list(comments))
        self.nodes.append(node)
        return node

    def placeholder(self, kind: str, cls: str, text: str, comment: str, infobox: str, advice: str) -> Node:
        """A new node for a name the graph does not have: labelled with it, citing the infobox, and
        noted with `advice` on how to resolve it (`{ref}` in it becomes the node's reference)."""
        node = self.new_node(f"{kind} {text}", [cls], comment)
        node.add("rdfs:label", string(text, "en"))
        node.add("ckg:source", infobox)
        node.note(advice.replace("{ref}", node.ref))  # not format(): the name may hold braces
        return node

    def resolve(self, items: list[str], kinds: tuple[str, ...]) -> list[tuple[str, list[URIRef], str | None]]:
        """Link comma-separated names to nodes, trying the longest run of items first so that a
        name with a comma in it ("Washington, D.C.") is found whole."""
        out, i = [], 0
        while i < len(items):
            for j in range(len(items), i, -1):
                text = ", ".join(items[i:j])
                hit = next(((self.index.find(k, text), k) for k in kinds if self.index.find(k, text)), None)
                if hit:
                    out.append((text, hit[0], hit[1]))
                    i = j
                    break
            else:
                out.append(self.resolve_without_parentheses(items[i], kinds))
                i += 1
        return out

    def resolve_without_parentheses(self, text: str, kinds: tuple[str, ...]) -> tuple[str, list[URIRef], str | None]:
        """"Syrian Free Army (SFA)": try the name without its parenthesis, then the parenthesis alone;
        only an answer both readings agree on (or only one gives) is taken, and it is commented."""
        outside = " ".join(_PARENS.sub(" ", text).split())
        inside = [m.strip() for m in _PARENS_INNER.findall(text)]
        if outside == text:
            return text, [], None
        for kind in kinds:
            hits = set(self.index.find(kind, outside)) if outside else set()
            for alias in inside:
                alias_hits = set(self.index.find(kind, alias))
                if hits and alias_hits and not hits & alias_hits:
                    return text, sorted(hits | alias_hits), kind  # the readings disagree: ambiguous
                hits = hits & alias_hits if hits and alias_hits else hits or alias_hits
            if hits:
                self.skipped.append(f"'{text}' matched by its name without the parenthesis: {', '.join(qname(h) for h in sorted(hits))}")
                return text, sorted(hits), kind
        return text, [], None

    def note_noise(self, entry: InfoboxEntry) -> None:
        noise = entry.noise()
        if noise:
            self.skipped.append(f"{entry.key} (line {entry.line}): {len(noise)} empty item(s) in \"{entry.value}\"")

    def drop_containers(self, found: list[URIRef], what: str, entry: InfoboxEntry) -> list[URIRef]:
        """"Palmyra, Syria" names Palmyra and the country it is in: keep only the innermost places."""
        keep = []
        for p in found:
            inner = [q for q in found if q != p and p in set(self.graph.transitive_objects(q, CKG.locatedIn))]
            if inner:
                self.skipped.append(f"{entry.key}: {qname(p)} left out: it contains {qname(inner[0])}, also listed")
            else:
                keep.append(p)
        return keep

    # -- the parts ---------------------------------------------------------------------------

    def source(self) -> tuple[str, str, str | None]:
        """(document, infobox section, claimant for the article's own voice)."""
        docs = [d for d in self.index.find_url(self.url) if "source" in self.index.kind_of(d)]
        wikipedia = ACTOR.wikipedia if (ACTOR.wikipedia, None, None) in self.graph else None
        how = "given with --url" if self.url_given else "made from the title"
        if docs:
            doc = docs[0]
            self.header.append(f"Source: {qname(doc)}, already in the graph ({self.url}, URL {how}).")
            section = next((s for s in self.graph.subjects(CKG.sectionOf, doc)
                            if str(self.graph.value(s, RDFS.label)) == "Infobox"), None)
            publisher = self.graph.value(doc, CKG.publisher)
            claimant = qname(publisher) if publisher is not None else (qname(wikipedia) if wikipedia and self.is_wikipedia else None)
            if section is not None:
                return qname(doc), qname(section), claimant
            sec = self.new_node("infobox", ["ckg:DocumentSection"], f"The infobox of {qname(doc)}.")
            sec.add("rdfs:label", string("Infobox", "en"))
            sec.add("ckg:sectionOf", qname(doc))
            sec.add("ckg:url", string(self.url, datatype="xsd:anyURI"))
            return qname(doc), sec.ref, claimant
        doc = self.new_node("article", ["ckg:SourceDocument"], f"The article, new to the graph ({self.url}).")
        doc.add("rdfs:label", string(f"{self.article.title} (Wikipedia)" if self.is_wikipedia else self.article.title, "en"))
        doc.add("ckg:url", string(self.url, datatype="xsd:anyURI"))
        if not self.url_given:
            doc.note(f"The URL {self.url} was made from the title: check it is the article's address "
                     f"(or draft again with --url).")
        claimant = None
        if self.is_wikipedia and wikipedia is not None:
            doc.add("ckg:publisher", qname(wikipedia))
            claimant = qname(wikipedia)
        else:
            doc.note("Who publishes this document? Add ckg:publisher with an actor IRI.")
        sec = self.new_node("infobox", ["ckg:DocumentSection"], "The article's infobox, which every fact below cites.")
        sec.add("rdfs:label", string("Infobox", "en"))
        sec.add("ckg:sectionOf", doc.ref)
        sec.add("ckg:url", string(self.url, datatype="xsd:anyURI"))
        return doc.ref, sec.ref, claimant

    def event_types(self, event: Node) -> list[URIRef]:
        types: list[URIRef] = []
        entries = self.article.entries("type")
        for entry in entries:
            if entry.is_empty:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
            for item in entry.items():
                found = self.index.find_concept("event-type", item)
                if len(found) == 1:
                    types.append(found[0])
                    event.add("ckg:eventType", qname(found[0]), f"{entry.key}: {item}")
                else:
                    event.note(f"{entry.key} '{item}' (line {entry.line}) is not a concept of the event-type scheme: "
                               f"add ckg:eventType with one (eventtype:airstrike, eventtype:missile-strike, "
                               f"eventtype:offensive, eventtype:capture...) and the class that goes with it "
                               f"(ckg:Strike, ckg:Offensive or ckg:MilitaryEvent).")
        if not entries:
            # No Type line: read the kind of event from the title's words, and say so.
            title = " " + _slug(self.article.title).replace("-", " ") + " "
            for name, concepts in sorted(self.index.concept_names("event-type").items()):
                for concept in concepts:
                    if any(f" {form} " in title for form in (name, name + "s", name + "es")) and concept not in types:
                        types.append(concept)
                        event.add("ckg:eventType", qname(concept), f"from the title's words \"{name}\"")
        if not types and not entries:
            event.note("No event type found (no Type line, no known kind of event in the title): "
                       "add ckg:eventType and the matching class (ckg:Strike, ckg:Offensive or ckg:MilitaryEvent).")
        return types

    def event_class(self, event: Node, types: list[URIRef]) -> URIRef:
        # Each event type names the class its events belong to (ckg:eventClass, ontology/vocabularies.ttl).
        graph = self.index.graph
        classes = {c for t in types for c in graph.objects(t, CKG.eventClass)} if graph is not None else set()
        if len(classes) == 1:
            return classes.pop()
        if len(classes) > 1:
            event.note("The event types point to different classes (" + ", ".join(sorted(qname(c) for c in classes))
                       + "): choose one class, or split the event in two.")
        return CKG.MilitaryEvent

    def dates(self, event: Node) -> tuple[dt.date | None, dt.date | None, str | None]:
        entries = self.article.entries("date", "dates")
        if not entries:
            event.note("The infobox has no Date: add ckg:startDate (and ckg:endDate) with ckg:datePrecision.")
            return None, None, None
        entry = entries[0]
        for extra in entries[1:]:
            event.note(f"A second {extra.key} line (line {extra.line}: \"{extra.value}\"): keep the right date.")
        try:
            span = parse_date(entry.value)
        except ValueError as exc:
            event.note(f"{entry.key} \"{entry.value}\" (line {entry.line}) could not be read ({exc}): "
                       f"add ckg:startDate, ckg:endDate and ckg:datePrecision by hand.")
            return None, None, None
        event.add("ckg:startDate", string(span.start.isoformat(), datatype="xsd:date"), f"{entry.key}: {entry.value}")
        if span.end:
            event.add("ckg:endDate", string(span.end.isoformat(), datatype="xsd:date"))
        event.add("ckg:datePrecision", qname(PRECISION[span.precision]))
        if span.approximate:
            event.note(f"{entry.key} \"{entry.value}\" is hedged: it is written as the start of the "
                       f"{span.precision}; check the precision.")
        if span.open_end:
            event.note(f"{entry.key} \"{entry.value}\" has no end: is the event still going on? Leave ckg:endDate out if so.")
        return span.start, span.end, span.precision

    def places(self, event: Node, infobox: str) -> list[URIRef]:
        located: list[URIRef] = []
        for entry in self.article.entries("location", "locations", "place", "places"):
            if entry.is_empty:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
                continue
            self.note_noise(entry)
            resolved = self.resolve(entry.items(), ("place",))
            found = [iris[0] for _, iris, _ in resolved if len(iris) == 1]
            keep = self.drop_containers(found, "place", entry)
            for text, iris, _ in resolved:
                if len(iris) == 1 and iris[0] in keep:
                    event.add("ckg:location", qname(iris[0]), f"{entry.key}: {text}")
                    located.append(iris[0])
                elif len(iris) > 1:
                    event.add("ckg:location", ", ".join(qname(i) for i in iris), f"{entry.key}: {text}")
                    event.note(f"{entry.key} '{text}' matches several places ({', '.join(qname(i) for i in iris)}): keep one.")
                elif not iris:
                    place = self.placeholder(
                        "place", "ckg:Place", text, f"{entry.key}: {text} (line {entry.line}), not in the graph.", infobox,
                        f"'{text}' is not a place of the graph: replace {{ref}} by an existing place IRI, "
                        "or complete it as a new place (ckg:placeType, ckg:locatedIn).")
                    event.add("ckg:location", place.ref, f"{entry.key}: {text}")
        return located

    def part_of(self, event: Node, infobox: str) -> None:
        for entry in self.article.entries("partof", "part of"):
            value = re.sub(r"^(?:part\s+of\s+)?", "", entry.value.strip(), flags=re.IGNORECASE)
            # "A and B", "A during B", "A; B": several wholes, or a whole inside a larger one.
            pieces = [p.strip(" ,;") for p in re.split(r"\s+and\s+the\s+|\s+and\s+|;|\s+during\s+(?:the\s+)?|,\s+", value) if p.strip(" ,;")]
            if not pieces:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
                continue
            resolved: list[tuple[str, list[URIRef]]] = []
            for piece in pieces:
                hits = self.index.find("event", piece)
                if not hits and " and " in value:
                    hits = self.index.find("event", value)  # a name with "and" in it
                resolved.append((piece, hits))
            singles = [h[0] for _, h in resolved if len(h) == 1]
            for piece, hits in resolved:
                if len(hits) == 1:
                    inner = [o for o in singles if o != hits[0] and hits[0] in set(self.graph.transitive_objects(o, CKG.partOf))]
                    if inner:
                        self.skipped.append(f"{entry.key}: {qname(hits[0])} left out: {qname(inner[0])}, also listed, is part of it")
                        continue
                    event.add("ckg:partOf", qname(hits[0]), f"{entry.key}: {piece}")
                elif hits:
                    event.add("ckg:partOf", ", ".join(qname(h) for h in hits), f"{entry.key}: {piece}")
                    event.note(f"{entry.key} '{piece}' matches several events: keep one.")
                else:
                    whole = self.placeholder(
                        "conflict", "ckg:Conflict", piece, f"{entry.key}: {piece} (line {entry.line}), not in the graph.",
                        infobox, f"'{piece}' is not an event or conflict of the graph: replace {{ref}} by an existing "
                        "event IRI, or complete it (ckg:eventType, dates if the article gives them).")
                    event.add("ckg:partOf", whole.ref, f"{entry.key}: {piece}")

    def literals(self, event: Node) -> None:
        for entry in self.article.entries("result", "outcome"):
            if entry.is_empty:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
            else:
                event.add("ckg:outcome", string(entry.value.strip(" ,")), f"{entry.key}")
        for entry in self.article.entries("territory", "territorial changes", "territorial change"):
            if entry.is_empty:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
            for item in entry.items():
                event.add("ckg:territorialChange", string(item), f"{entry.key}")

    def participations(self, event: Node, infobox: str) -> list[str]:
        parts: list[str] = []
        for entry in self.article.infobox:
            role = ROLE_KEYS.get(entry.name)
            if role is None:
                continue
            if entry.is_empty:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty (\"{entry.value}\")")
                continue
            self.note_noise(entry)
            kinds = ("actor", "place") if role == "target" else ("actor",)
            for text, iris, kind in self.resolve(entry.items(), kinds):
                if kind == "place" and len(iris) == 1:
                    parts.append(self.place_target(event, entry, text, iris[0], infobox))
                    continue
                part = self.new_node(f"{role} {text}", ["ckg:Participation"], f"{entry.key}: {text} (line {entry.line})")
                if len(iris) == 1:
                    part.add("ckg:agent", qname(iris[0]), text)
                elif iris:
                    part.add("ckg:agent", ", ".join(qname(i) for i in iris), text)
                    part.note(f"'{text}' matches several actors ({', '.join(qname(i) for i in iris)}): keep one.")
                else:
                    actor = self.placeholder(
                        "actor", "ckg:Actor", text, f"{entry.key}: {text}, not in the graph.", infobox,
                        f"'{text}' is not an actor of the graph: replace {{ref}} by an existing actor IRI, or complete "
                        "it as a new actor with a precise class (ckg:State, ckg:ArmedForce, ckg:ArmedGroup, ckg:Unit, "
                        "ckg:Person...).")
                    if role == "target":
                        actor.note("If the target is not an actor (a building, an area), replace the participation "
                                   "by a claim with measure:target and ckg:textValue.")
                    part.add("ckg:agent", actor.ref, text)
                part.add("ckg:role", f"role:{role}")
                if entry.side is not None:
                    part.add("ckg:side", str(entry.side))
                part.add("ckg:source", infobox)
                part.add("ckg:quote", string(entry.quote))
                parts.append(part.ref)
        return parts

    def place_target(self, event: Node, entry: InfoboxEntry, text: str, place: URIRef, infobox: str) -> str:
        claim = self.new_node(f"claim target {text}", ["ckg:Claim"],
                              f"{entry.key}: {text} is a place, so the target is a claim, not a participation.")
        claim.add("ckg:about", event.ref)
        if self.claimant:
            claim.add("ckg:claimant", self.claimant)
        claim.add("ckg:measure", "measure:target")
        claim.add("ckg:objectValue", qname(place))
        claim.add("ckg:source", infobox)
        claim.add("ckg:stance", "stance:asserts")
        claim.add("ckg:quote", string(entry.quote))
        if not self.claimant:
            claim.note("Who makes this claim? Set ckg:claimant (the article's publisher for its own voice).")
        return ""

    def figures(self, event: Node, infobox: str) -> None:
        for entry in self.article.infobox:
            measure = FIGURE_KEYS.get(entry.name)
            if measure is None:
                continue
            items = [i.strip() for i in re.split(r",(?!\d{3}(?!\d))", entry.value) if i.strip(" '\"*")]
            if not items:
                self.skipped.append(f"{entry.key} (line {entry.line}): empty")
                continue
            for item in items:
                self.figure_claim(event, entry, measure, item.strip(), infobox)

    def figure_claim(self, event: Node, entry: InfoboxEntry, measure: str, item: str, infobox: str) -> None:
        fig: Figure | None = parse_figure(item)
        claim = self.new_node(f"claim {measure} {entry.key}", ["ckg:Claim"], f"{entry.key}: {item} (line {entry.line})")
        claim.add("ckg:about", event.ref)
        if self.claimant:
            claim.add("ckg:claimant", self.claimant)
        claim.add("ckg:measure", f"measure:{measure}")
        if fig is not None:
            for prop, value in (("ckg:minValue", fig.min_value), ("ckg:bestValue", fig.best_value), ("ckg:maxValue", fig.max_value)):
                if value is not None:
                    claim.add(prop, string(str(value), datatype="xsd:nonNegativeInteger"))
            claim.add("ckg:qualifier", f"qualifier:{fig.qualifier}")
        claim.add("ckg:figureText", string(item))
        claim.add("ckg:source", infobox)
        claim.add("ckg:stance", "stance:asserts")
        claim.add("ckg:quote", string(entry.quote))
        if not self.claimant:
            claim.note("Who makes this claim? Set ckg:claimant (the article's publisher for its own voice).")
        if fig is None:
            claim.note(f"No figure could be read in \"{item}\": add ckg:minValue/ckg:bestValue/ckg:maxValue "
                       f"and ckg:qualifier by hand (qualifier:unquantified if the text gives no number).")
        elif fig.rest and not _GENERIC_REST.match(fig.rest):
            claim.note(f"The figure is followed by \"{fig.rest}\": say what it counts (ckg:appliesTo a group), "
                       f"when (ckg:referenceDate), who says so (ckg:claimant), or whether it is about another event.")
        if entry.name in AMBIGUOUS_FIGURE_KEYS:
            claim.note(AMBIGUOUS_FIGURE_KEYS[entry.name] + ".")
        if entry.side is not None:
            claim.note(f"{entry.key} counts side {entry.side} only: add ckg:appliesTo a group for that side.")

    def unknown_keys(self, event: Node) -> None:
        known = set(ROLE_KEYS) | set(FIGURE_KEYS) | IGNORED_KEYS | {
            "type", "date", "dates", "location", "locations", "place", "places", "partof", "part of",
            "result", "outcome", "territory", "territorial changes", "territorial change", "conflict", "time", "title"}
        for entry in self.article.infobox:
            if entry.name in IGNORED_KEYS:
                self.skipped.append(f"{entry.key} (line {entry.line}): a display parameter, not a fact")
            elif entry.name == "conflict":
                self.skipped.append(f"{entry.key} (line {entry.line}): the event's name (\"{entry.value}\"); "
                                    f"the title is used as label")
            elif entry.name == "time":
                if entry.is_empty:
                    self.skipped.append(f"{entry.key} (line {entry.line}): empty (\"{entry.value}\")")
                else:
                    event.note(f"{entry.key} \"{entry.value}\" (line {entry.line}) is not converted: record a time of day as "
                               f"a claim with measure:time-of-day and ckg:timeValue.")
            elif entry.name not in known:
                if entry.is_empty:
                    self.skipped.append(f"{entry.key} (line {entry.line}): empty")
                else:
                    event.note(f"Infobox line {entry.line} \"{entry.quote}\" is not converted: record it by hand "
                               f"(a claim or an event property) or delete this note.")

    # -- all together ------------------------------------------------------------------------

    def build(self) -> Draft:
        event = Node("_:event", [], [f"The event, from the infobox of \"{self.article.title}\"."])
        self.taken.add("_:event")
        self.nodes.append(event)
        doc, infobox, self.claimant = self.source()
        event.add("rdfs:label", string(self.article.title, "en"), "the title")
        types = self.event_types(event)
        cls = self.event_class(event, types)
        event.types = [qname(cls)]
        start, end, precision = self.dates(event)
        places = self.places(event, infobox)
        self.part_of(event, infobox)
        self.literals(event)
        parts = [p for p in self.participations(event, infobox) if p]
        for p in parts:
            event.add("ckg:hasParticipation", p)
        self.figures(event, infobox)
        self.unknown_keys(event)
        event.add("ckg:source", infobox)
        if not self.article.infobox:
            event.note("The article has no infobox lines: fill the event in by hand (see `conflictkg new`).")
        # Without a known type the class is only a fallback: the duplicate check waits for submit.
        if start is not None and places and types:
            facts = EventFacts("_:event", frozenset({cls}), start,
                               _last(end or start, precision), frozenset(places))
            for dup in possible_duplicates(self.graph, facts):
                event.note(f"Possible duplicate of {qname(dup)} ({self.graph.value(dup, RDFS.label)}): if it is the "
                           f"same event, do not submit a new one; submit only new claims with ckg:about {qname(dup)}.")
        return self.finish()

    def finish(self) -> Draft:
        notes = [(n.ref, note) for n in self.nodes for note in n.notes]
        body = "\n\n".join(n.render() for n in self.nodes)
        used = set(re.findall(r"(?<![\w<])([a-z][a-z0-9]*):[A-Za-z0-9_]", body))
        prefixes = "\n".join(f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items()) if p in used)
        sections = [s.title for s in self.article.sections if s.title.lower() not in ("see also", "references", "external links")]
        head = [
            f"Draft submission from \"{self.article.title}\" ({Path(self.article.name).name}), made by `conflictkg draft`.",
            *self.header,
            f"Notes to resolve: {len(notes)}. Each `ckg:draftNote` says what to check or add; fix it, then delete",
            "the note. `conflictkg submit` refuses a file that still has a note.",
            "Blank nodes (_:name) are temporary IDs: `conflictkg submit` gives them readable IRIs.",
        ]
        if sections:
            head.append("Not drafted: claims from the prose (lead, " + ", ".join(sections) + "); add them by hand")
            head.append("as ckg:Claim nodes with claimant, section, quote and stance (docs/submitting.md).")
        else:
            head.append("Not drafted: claims from the prose (lead); add them by hand (docs/submitting.md).")
        if self.skipped:
            head.append("Left out on purpose:")
            head += [f"  - {s}" for s in self.skipped]
        text = "\n".join("# " + _one_line(h) if not h.startswith("  ") else "#" + h for h in head)
        text += "\n\n" + prefixes + "\n\n" + body + "\n"
        return Draft(text, notes, list(self.skipped))


def _last(day: dt.date, precision: str | None) -> dt.date:
    return last_day(day, precision or "day")


def draft_submission(article: Article, index: NameIndex, *, url: str | None = None) -> Draft:
    """The draft submission for `article`, its names linked through `index`."""
    if index.graph is None:
        raise ValueError("the name index needs its graph")
    return _Builder(article, index, url).build()
