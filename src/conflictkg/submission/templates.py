"""`conflictkg new`: commented templates of a submission, one field per line with an example.

The examples use IRIs that exist in the graph (places, actors, conflicts, vocabulary concepts), so
a template is valid Turtle as written; its `ckg:draftNote` line makes `submit` refuse it until the
analyst has replaced the examples and deleted that line.
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from conflictkg.core.errors import UserError
from conflictkg.model.namespaces import PREFIXES
from conflictkg.rdf import jsonld
from conflictkg.rdf.readable_jsonld import to_readable_jsonld

KINDS = ("strike", "offensive")
FORMATS = ("turtle", "jsonld")
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")

_PREFIXES = ("actor", "actortype", "ckg", "event", "eventtype", "geo", "group", "hedge", "measure", "place",
             "placetype", "precision", "qualifier", "rdfs", "role", "skos", "source", "stance", "status",
             "support", "geoprecision", "xsd")

_HEADER = """\
# A new {kind}: template made by `conflictkg new {kind}`.
#
# How to fill it in:
# - Replace every example value with what your source says; delete the lines that do not apply
#   (lines marked "required" must stay). Every fact cites the section it is in (ckg:source) and,
#   where it can, quotes it word for word (ckg:quote).
# - Blank nodes (_:name) are temporary IDs: `conflictkg submit` gives them readable IRIs. To point
#   at something already in the graph, use its IRI (place:palmyra, actor:sohr, event:...).
# - Contested facts (figures, perpetrator, target, time, denials) are claims: one ckg:Claim per
#   claimant and statement, never a bare property of the event.
# - Controlled values (ckg:eventType, ckg:role, ckg:measure, ckg:qualifier, ckg:stance, ckg:hedge,
#   ckg:datePrecision, ckg:placeType, ckg:actorType) are concepts of ontology/vocabularies.ttl.
# - When done, delete the ckg:draftNote line and run: conflictkg submit FILE
"""

_SOURCE = """\
# ---- The source document and the sections the facts come from. To cite a document already in
# ---- the graph, use its section IRIs (source:...) and delete these nodes.
_:article a ckg:SourceDocument ;
    rdfs:label "Example news report (Example Agency)"@en ;  # required
    ckg:url "https://example.org/news/example-report"^^xsd:anyURI ;  # required
    ckg:publisher actor:sana .  # an actor of the graph, or a new one (see _:new-actor below)

_:lead a ckg:DocumentSection ;
    rdfs:label "Lead"@en ;  # required: the section's heading ("Lead", "Infobox", "Aftermath"...)
    ckg:sectionOf _:article ;  # required
    ckg:url "https://example.org/news/example-report"^^xsd:anyURI .
"""

_STRIKE_EVENT = """\
# ---- The event.
{event} a ckg:Strike ;
    ckg:draftNote "Template: replace the example values, delete what does not apply, then delete this line." ;
    rdfs:label "Example airstrike (15 March 2025)"@en ;  # required: the name the source gives, in English
    ckg:eventType eventtype:airstrike ;  # required: eventtype:airstrike or eventtype:missile-strike (or both)
    ckg:startDate "2025-03-15"^^xsd:date ;  # required; a month-precision date is the 1st of the month
    ckg:endDate "2025-03-16"^^xsd:date ;  # only if it lasted more than a day
    ckg:datePrecision precision:day ;  # required: precision:day, precision:month or precision:year
    ckg:location place:tiyas-air-base ;  # one or more places where it happened
    ckg:nearLocation place:palmyra ;  # "near the city of ..." (instead of or beside ckg:location)
    ckg:launchedFrom place:al-tanf ;  # only when the source says it in its own voice; else a launch-direction claim
    ckg:partOf event:iran-israel-conflict-in-the-syrian-civil-war ;  # the conflict or campaign it belongs to
    ckg:precededBy event:2024-palmyra-airstrike ;  # an earlier event the source relates it to
    ckg:relatedEvent event:2021-01-syria-missile-strikes ;  # an event the source points to ("See also")
    ckg:hasParticipation _:perpetrator, _:target, _:supporter ;
    ckg:source _:lead ;  # required: the section(s) the event is described in
    ckg:quote "Example: an airstrike hit Tiyas Air Base near Palmyra on 15 March 2025." .

# ---- Who took part, and how. The agent is an actor IRI, or ckg:unknownActor when the source
# ---- says "unknown". Use a claim instead (measure:perpetrator) when the attribution is disputed.
_:perpetrator a ckg:Participation ;
    ckg:agent actor:israeli-air-force ;  # required
    ckg:role role:perpetrator ;  # required: perpetrator | target | supporter | combatant | commander
    ckg:hedge hedge:reportedly ;  # if the source hedges it: reportedly | according-to | likely | initially
    ckg:source _:lead ;  # required
    ckg:quote "Example: the Israeli Air Force reportedly carried out the strike." .

_:target a ckg:Participation ;
    ckg:agent actor:hezbollah ;
    ckg:role role:target ;
    ckg:source _:lead ;
    ckg:quote "Example: the strike targeted a Hezbollah depot." .

_:supporter a ckg:Participation ;
    ckg:agent actor:united-states ;
    ckg:role role:supporter ;
    ckg:supportKind support:intelligence ;  # logistical | intelligence | military | training
    ckg:supports actor:israel ;  # whom it supported
{evidenced}    ckg:source _:lead ;
    ckg:quote "Example: US officials said the strike used US intelligence." .
"""

_OFFENSIVE_EVENT = """\
# ---- The event.
{event} a ckg:Offensive ;
    ckg:draftNote "Template: replace the example values, delete what does not apply, then delete this line." ;
    rdfs:label "Example offensive (2025)"@en ;  # required: the name the source gives, in English
    ckg:eventType eventtype:offensive ;  # required
    ckg:startDate "2025-03-15"^^xsd:date ;  # required; a month-precision date is the 1st of the month
    ckg:endDate "2025-03-20"^^xsd:date ;  # the last day, for an offensive that lasted more than a day
    ckg:datePrecision precision:day ;  # required: precision:day, precision:month or precision:year
    ckg:location place:tiyas-air-base ;  # one or more places where it happened
    ckg:launchedFrom place:al-tanf-deconfliction-zone ;  # only when the source says it in its own voice
    ckg:partOf event:2024-syrian-opposition-offensives ;  # the conflict or campaign it belongs to
    ckg:precededBy event:2024-palmyra-offensive ;  # an earlier event the source relates it to
    ckg:followedBy event:2024-capture-of-damascus ;  # a later event the source relates it to
    ckg:relatedEvent event:2024-southern-syria-offensive ;  # an event the source points to ("See also")
    ckg:outcome "Example: Syrian opposition victory" ;  # the result as the source states it
    ckg:territorialChange "Example: opposition forces capture Tiyas Air Base" ;  # one line per change
    ckg:hasParticipation _:side-1, _:side-1-unit, _:side-2, _:commander-1, _:commander-2, _:supporter ;
    ckg:source _:lead ;  # required: the section(s) the event is described in
    ckg:quote "Example: on 15 March 2025 opposition forces launched an offensive on Tiyas Air Base." .

# ---- The sides, numbered as the source numbers them (1 for the first column of an infobox).
_:side-1 a ckg:Participation ;
    ckg:agent actor:syrian-free-army ;  # required: an actor IRI
    ckg:role role:combatant ;  # required: combatant | commander | supporter | perpetrator | target
    ckg:side 1 ;  # 1, 2, ...
    ckg:source _:lead ;  # required
    ckg:quote "Example: Combatant1: Syrian Free Army" .

_:side-1-unit a ckg:Participation ;
    ckg:agent actor:suqour-al-sham ;
    ckg:role role:combatant ;
    ckg:side 1 ;
    ckg:source _:lead ;
    ckg:quote "Example: Units1: Suqour al-Sham Brigades" .

_:side-2 a ckg:Participation ;
    ckg:agent actor:syrian-arab-army ;
    ckg:role role:combatant ;
    ckg:side 2 ;
    ckg:source _:lead ;
    ckg:quote "Example: Combatant2: Syrian Arab Army" .

_:commander-1 a ckg:Participation ;
    ckg:agent actor:abdulrazzaq-abu-khatib ;
    ckg:role role:commander ;
    ckg:side 1 ;
    ckg:source _:lead ;
    ckg:quote "Example: Commander1: Abdulrazzaq Abu Khatib" .

_:commander-2 a ckg:Participation ;
    ckg:agent ckg:unknownActor ;  # only when the source says "Unknown"
    ckg:role role:commander ;
    ckg:side 2 ;
    ckg:source _:lead ;
    ckg:quote "Example: Commander2: Unknown" .

_:supporter a ckg:Participation ;
    ckg:agent actor:united-states ;
    ckg:role role:supporter ;
    ckg:supportKind support:logistical ;  # logistical | intelligence | military | training
    ckg:supports actor:syrian-free-army ;  # whom it supported
    ckg:hedge hedge:reportedly ;  # if the source hedges it
{evidenced}    ckg:source _:lead ;
    ckg:quote "Example: the United States reportedly gave logistical support." .
"""

_CLAIMS = """\
# ---- Claims: who said what, where, when. One node per claimant and statement.
_:claim-killed a ckg:Claim ;
    ckg:about {event} ;  # required: the event (or an existing event IRI)
    ckg:claimant actor:sohr ;  # required: who said it; actor:wikipedia for an encyclopedia's own voice
    ckg:source _:lead ;  # required: the section that reports it
    ckg:measure measure:killed ;  # required: killed | injured | strikes | fighters | perpetrator | target | ...
    ckg:minValue "12"^^xsd:nonNegativeInteger ;  # lower bound ("at least 12", "12+", "more than 12")
    ckg:maxValue "20"^^xsd:nonNegativeInteger ;  # upper bound ("up to 20", "12-20")
    ckg:qualifier qualifier:range ;  # exact | at-least | more-than | approximately | at-most | range | unquantified
    ckg:figureText "12 to 20" ;  # required with a figure: as written
    ckg:appliesTo _:group ;  # what the figure counts, when the source narrows it
    ckg:stance stance:asserts ;  # required: asserts | confirms | denies | declines-to-comment
    ckg:hedge hedge:according-to ;  # if hedged: reportedly | according-to | likely | initially
    ckg:claimDate "2025-03-16"^^xsd:date ;  # when the claimant said it, if the source says
    ckg:claimDatePrecision precision:day ;
    ckg:breakdownCompleteness completeness:partial ;  # on a total that parts below break down
    ckg:quote "Example: the Syrian Observatory for Human Rights said 12 to 20 fighters were killed." .  # required

_:claim-killed-civilians a ckg:Claim ;
    ckg:about {event} ;
    ckg:claimant actor:sohr ;
    ckg:source _:lead ;
    ckg:measure measure:killed ;
    ckg:bestValue "3"^^xsd:nonNegativeInteger ;  # an exact figure has min = best = max
    ckg:minValue "3"^^xsd:nonNegativeInteger ;
    ckg:maxValue "3"^^xsd:nonNegativeInteger ;
    ckg:qualifier qualifier:exact ;
    ckg:figureText "three civilians" ;
    ckg:appliesTo group:civilians ;
    ckg:breakdownOf _:claim-killed ;  # this figure is part of that total
    ckg:stance stance:asserts ;
    ckg:quote "Example: including three civilians" .

_:claim-killed-denial a ckg:Claim ;
    ckg:about {event} ;
    ckg:claimant actor:syrian-ministry-of-defense ;
    ckg:source _:lead ;
    ckg:measure measure:killed ;
    ckg:stance stance:denies ;  # a denial is a claim too
    ckg:disputes _:claim-killed ;  # the claim it contradicts
    ckg:textValue "denied that anyone was killed" ;  # the content in short, when it is not a number
    ckg:quote "Example: the ministry denied that anyone was killed." .

_:claim-injured-first a ckg:Claim ;
    ckg:about {event} ;
    ckg:claimant actor:sohr ;
    ckg:source _:lead ;
    ckg:measure measure:injured ;
    ckg:bestValue "20"^^xsd:nonNegativeInteger ;  # "about 20": only a best value
    ckg:qualifier qualifier:approximately ;
    ckg:figureText "about 20" ;
    ckg:hedge hedge:initially ;
    ckg:stance stance:asserts ;
    ckg:quote "Example: the observatory first said about 20 were injured." .

_:claim-injured a ckg:Claim ;
    ckg:about {event} ;
    ckg:claimant actor:sohr ;
    ckg:source _:lead ;
    ckg:measure measure:injured ;
    ckg:minValue "30"^^xsd:nonNegativeInteger ;
    ckg:qualifier qualifier:more-than ;  # "more than 30": the bound itself is excluded
    ckg:figureText "more than 30" ;
    ckg:revises _:claim-injured-first ;  # the earlier claim by the same claimant that this one updates
    ckg:referenceDate "2025-03-16"^^xsd:date ;  # the date the content refers to, when not the event's
    ckg:referenceDatePrecision precision:day ;
    ckg:stance stance:asserts ;
    ckg:quote "Example: the observatory later said more than 30 were injured by the next day." .

_:claim-time a ckg:Claim ;
    ckg:about {event} ;
    ckg:claimant actor:sana ;
    ckg:source _:lead ;
    ckg:measure measure:time-of-day ;
    ckg:timeValue "2025-03-15T01:10:00"^^xsd:dateTime ;  # local time; add an offset only if the source gives one
    ckg:timeZone "Asia/Damascus" ;  # only if the source gives one
    ckg:textValue "1:10am" ;
    ckg:stance stance:asserts ;
    ckg:quote "Example: SANA said the attack came at 1:10am." .

_:claim-target a ckg:Claim ;
    ckg:about {event} ;
    ckg:claimant actor:sana ;
    ckg:source _:lead ;
    ckg:measure measure:target ;  # also: perpetrator, launch-direction, damage, superlative, reaction...
    ckg:objectValue place:tiyas-air-base ;  # the actor, place or event the claim names
    ckg:textValue "ammunition depots at Tiyas Air Base" ;
    ckg:statedTo actor:un-security-council ;  # the audience, when the source says ("told the UN Security Council")
    ckg:stance stance:asserts ;
    ckg:quote "Example: SANA said ammunition depots at Tiyas Air Base were hit." .

_:claim-support a ckg:Claim ;
    ckg:about {event} ;
    ckg:claimant actor:us-officials ;
    ckg:source _:lead ;
    ckg:measure measure:support ;
    ckg:objectValue actor:united-states ;
    ckg:stance stance:confirms ;
    ckg:quote "Example: US officials confirmed the support." .

# ---- New nodes, only for what the graph does not have yet (look first: `conflictkg query`).
_:group a ckg:Group ;
    rdfs:label "Example: Iranian-backed fighters"@en ;  # what a figure counts
    ckg:affiliation actor:hezbollah ;  # whom they belong to, as stated
    ckg:backedBy actor:iran ;
    ckg:combatantStatus status:combatant ;  # civilian | combatant
    ckg:source _:lead .

_:new-actor a ckg:ArmedGroup ;  # State, Government, GovernmentBody, ArmedForce, ArmedGroup, Unit, Person, Monitor, MediaOutlet...
    rdfs:label "Example Brigade"@en ;  # required
    skos:altLabel "Example Brigades"@en ;  # other names the sources use
    ckg:actorType actortype:militia ;
    ckg:backedBy actor:iran ;
    ckg:basedAt place:deir-ez-zor ;
    ckg:source _:lead .  # required

_:new-place a ckg:Place ;
    rdfs:label "Example village"@en ;  # required
    ckg:placeType placetype:city ;  # country | governorate | district | city | region | military-base | air-base | zone | border-area
    ckg:locatedIn place:homs-governorate ;  # the administrative area it is in
    geo:hasGeometry _:new-place-point ;
    ckg:geoPrecision geoprecision:settlement ;  # exact | settlement | region
    ckg:source _:lead .  # required

_:new-place-point a geo:Geometry ;
    geo:asWKT "POINT(38.30 34.60)"^^geo:wktLiteral ;  # longitude first
    ckg:source _:lead .  # where the coordinates come from
"""


def template(kind: str, *, slug: str | None = None, fmt: str = "turtle") -> str:
    """The template for a new `kind` of event ("strike" or "offensive"), its event named
    `event:<slug>` when a slug is given, else a temporary ID."""
    if kind not in KINDS:
        raise UserError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise UserError(f"--format {fmt}: use one of {', '.join(FORMATS)}")
    if slug is not None and not SLUG.match(slug):
        raise UserError(f"--id {slug!r}: use lower-case letters, digits and hyphens (e.g. 2025-03-15-tiyas-airstrike)")
    event = f"event:{slug}" if slug else "_:event"
    body = _STRIKE_EVENT if kind == "strike" else _OFFENSIVE_EVENT
    # event -> participation -> claim -> event: temporary IDs may not refer to each other in a cycle,
    # so with a temporary event ID the link is shown commented out.
    evidenced = ("    ckg:evidencedBy _:claim-support ;  # the claim that states it, when someone is quoted\n" if slug else
                 "    # ckg:evidencedBy _:claim-support ;  # the claim that states it: needs an event IRI (new --id),\n"
                 "    #   as temporary IDs may not refer to each other in a cycle (event, participation, claim)\n")
    used = sorted(set(_PREFIXES) | {"completeness"})
    prefixes = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in used)
    turtle = "\n".join([
        _HEADER.format(kind=kind),
        prefixes,
        _SOURCE,
        body.format(event=event, evidenced=evidenced),
        _CLAIMS.format(event=event),
    ])
    return turtle if fmt == "turtle" else jsonld_template(turtle)


def jsonld_template(turtle: str) -> str:
    """The Turtle template as plain JSON with the readable keys of the project's JSON-LD context
    (same triples; JSON has no comments: the keys are documented in docs/submitting.md)."""

    if not jsonld.CONTEXT_FILE.is_file():
        raise UserError("--format jsonld needs the project's JSON-LD context "
                        "(src/conflictkg/context/conflict-kg.jsonld), which this version does not have yet: use Turtle")
    graph = labelled_graph(turtle)
    names = {b: f"_:{b}" for triple in graph for b in triple if isinstance(b, BNode)}
    return json.dumps(to_readable_jsonld(graph, jsonld.CONTEXT_FILE, names=names), indent=2, ensure_ascii=False) + "\n"


def labelled_graph(turtle: str) -> Graph:
    """A trusted template parsed with its blank-node labels kept (rdflib renames them)."""

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        return Literal(t.value, datatype=URIRef(t.datatype.value))

    graph = Graph()
    for quad in ox.parse(input=turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE):
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph
