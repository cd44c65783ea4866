"""Competency questions: what an analyst asks of the graph, with the answer taken from the articles.

Each question is a SPARQL query over ontology + data without reasoning (transitive relations use
property paths), and its expected rows written as prefixed names and lexical values. The answers are
the curated graph's (data/*.ttl, from the three seed articles): accepted submissions
(data/submissions/) only add to it, and are left out so that the answers stay those of the articles.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import curated_graph
from rdfhelpers import rows


@dataclass(frozen=True)
class CQ:
    id: str
    question: str
    query: str
    expected: set | list  # a list when order matters

    def __str__(self) -> str:
        return self.id


TOP_LEVEL = "FILTER NOT EXISTS { ?c ckg:breakdownOf [] }"

QUESTIONS = [
    CQ("cq01", "All fatality claims for the 2024 Palmyra airstrike, with claimant and bounds (totals only).",
       f"""SELECT ?claimant ?min ?best ?max ?text WHERE {{
             ?c ckg:about event:2024-palmyra-airstrike ; ckg:measure measure:killed ; ckg:claimant ?claimant ;
                ckg:figureText ?text . {TOP_LEVEL}
             OPTIONAL {{ ?c ckg:minValue ?min }} OPTIONAL {{ ?c ckg:bestValue ?best }} OPTIONAL {{ ?c ckg:maxValue ?max }} }}""",
       {("actor:wikipedia", "108", None, None, "108+"), ("actor:sohr", "108", None, None, "at least 108"),
        ("actor:sohr", "108", None, None, "more than 108"), ("actor:syrian-state-media", "36", "36", "36", "36")}),
    CQ("cq02", "Which claims were revised, from what to what, by whom?",
       """SELECT ?claimant ?old ?new WHERE { ?later ckg:revises ?earlier ; ckg:claimant ?claimant ; ckg:bestValue ?new .
             ?earlier ckg:bestValue ?old }""",
       {("actor:unnamed-reports", "23", "57")}),
    CQ("cq03", "Who denied what about which event?",
       """SELECT ?claimant ?event ?measure ?group WHERE { ?c ckg:stance stance:denies ; ckg:claimant ?claimant ;
             ckg:about ?event ; ckg:measure ?measure ; ckg:appliesTo ?group }""",
       {("actor:ahmad-karimkhani", "event:2021-01-syria-missile-strikes", "measure:killed", "group:irgc-and-fatemiyoun-members"),
        ("actor:liwa-fatemiyoun-commander", "event:2021-01-syria-missile-strikes", "measure:killed", "group:liwa-fatemiyoun-fighters")}),
    CQ("cq04", "Who declined to comment on what?",
       """SELECT ?claimant ?event ?measure WHERE { ?c ckg:stance stance:declines-to-comment ; ckg:claimant ?claimant ;
             ckg:about ?event ; ckg:measure ?measure }""",
       {("actor:israel-defense-forces", "event:2024-palmyra-airstrike", "measure:perpetrator")}),
    CQ("cq05", "Which forces and units fought on each side of the Palmyra offensive?",
       """SELECT ?side ?agent WHERE { event:2024-palmyra-offensive ckg:hasParticipation ?p .
             ?p ckg:role role:combatant ; ckg:side ?side ; ckg:agent ?agent }""",
       {("1", "actor:syrian-free-army"), ("1", "actor:suqour-al-sham"), ("2", "actor:syrian-government"),
        ("2", "actor:syrian-armed-forces"), ("2", "actor:syrian-arab-army")}),
    CQ("cq06", "Who commanded each side of the Palmyra offensive (Unknown included)?",
       """SELECT ?side ?agent WHERE { event:2024-palmyra-offensive ckg:hasParticipation ?p .
             ?p ckg:role role:commander ; ckg:side ?side ; ckg:agent ?agent }""",
       {("1", "actor:salem-turki-al-antri"), ("1", "actor:abdulrazzaq-abu-khatib"), ("2", "ckg:unknownActor")}),
    CQ("cq07", "Which events are, transitively, part of the Syrian civil war?",
       "SELECT ?e WHERE { ?e ckg:partOf+ event:syrian-civil-war }",
       {("event:2024-syrian-opposition-offensives",), ("event:iran-israel-conflict-in-the-syrian-civil-war",),
        ("event:2021-01-syria-missile-strikes",), ("event:2024-palmyra-offensive",), ("event:2024-capture-of-palmyra",),
        ("event:2024-northwestern-syria-offensive",), ("event:2024-deir-ez-zor-offensive",),
        ("event:2024-southern-syria-offensive",)}),
    CQ("cq08", "Strikes launched from where, according to whom?",
       """SELECT ?event ?claimant ?place WHERE { ?c ckg:measure measure:launch-direction ; ckg:about ?event ;
             ckg:claimant ?claimant ; ckg:objectValue ?place }""",
       {("event:2024-palmyra-airstrike", "actor:syrian-ministry-of-defense", "place:al-tanf-base")}),
    CQ("cq09", "Where was the Palmyra offensive launched from (in the article's own voice)?",
       "SELECT ?place WHERE { event:2024-palmyra-offensive ckg:launchedFrom ?place }",
       {("place:al-tanf-deconfliction-zone",)}),
    CQ("cq10", "At what time of day did each strike take place, according to whom?",
       """SELECT ?event ?time ?claimant WHERE { ?c ckg:measure measure:time-of-day ; ckg:about ?event ;
             ckg:timeValue ?time ; ckg:claimant ?claimant }""",
       {("event:2024-palmyra-airstrike", "2024-11-20T13:30:00", "actor:syrian-ministry-of-defense"),
        ("event:2021-01-syria-missile-strikes", "2021-01-13T01:10:00", "actor:sana")}),
    CQ("cq11", "How far apart are the fatality totals for each event, like with like (the same counted thing and population)?",
       """SELECT ?event ?counted ?population (MIN(?lo) AS ?low) (MAX(?hi) AS ?high) WHERE {
             ?c ckg:about ?event ; ckg:measure measure:killed . {TOP}
             OPTIONAL { ?c ckg:minValue ?min } OPTIONAL { ?c ckg:bestValue ?best } OPTIONAL { ?c ckg:maxValue ?max }
             BIND(COALESCE(?min, ?best) AS ?lo) BIND(COALESCE(?max, ?best, ?min) AS ?hi) FILTER(BOUND(?lo))
             OPTIONAL { ?c ckg:countedThing ?thing } OPTIONAL { ?c ckg:forSide ?side } OPTIONAL { ?c ckg:appliesTo ?group }
             BIND(COALESCE(?thing, counted:person) AS ?counted)
             BIND(COALESCE(?group, IF(BOUND(?side), CONCAT("side ", STR(?side)), "all")) AS ?population)
           } GROUP BY ?event ?counted ?population""".replace("{TOP}", TOP_LEVEL),
       # Hama: "a family of four" and "4 civilians" count different groups, so they are not compared.
       {("event:2024-palmyra-airstrike", "counted:person", "all", "36", "108"),
        ("event:2021-01-syria-missile-strikes", "counted:person", "all", "23", "61"),
        ("event:2021-01-22-hama-airstrike", "counted:person", "group:hama-family", "4", "4"),
        ("event:2021-01-22-hama-airstrike", "counted:person", "group:civilians", "4", "4")}),
    CQ("cq12", "How does SOHR break down its lead fatality figure for the Palmyra airstrike?",
       """SELECT ?group ?n WHERE { ?c ckg:breakdownOf claim:2024-palmyra-airstrike-sohr-killed-lead ;
             ckg:appliesTo ?group ; ckg:bestValue ?n }""",
       {("group:iranian-backed-syrian-militiamen", "73"), ("group:foreign-iranian-backed-militiamen", "29"),
        ("group:hezbollah-militants", "15")}),
    CQ("cq13", "Which breakdowns add up to more than their stated total?",
       """SELECT ?total ?stated ?sum WHERE {
             { SELECT ?total (SUM(COALESCE(?pb, ?pmin, ?pmax)) AS ?sum) WHERE {
                 ?part ckg:breakdownOf ?total . OPTIONAL { ?part ckg:bestValue ?pb }
                 OPTIONAL { ?part ckg:minValue ?pmin } OPTIONAL { ?part ckg:maxValue ?pmax } } GROUP BY ?total }
             OPTIONAL { ?total ckg:bestValue ?tb } OPTIONAL { ?total ckg:maxValue ?tmax } OPTIONAL { ?total ckg:minValue ?tmin }
             BIND(COALESCE(?tb, ?tmax, ?tmin) AS ?stated) FILTER(?sum > ?stated) }""",
       {("claim:2024-palmyra-airstrike-sohr-killed-lead", "108", "117")}),
    CQ("cq14", "Which places lie, at any depth, in Deir ez-Zor Governorate?",
       "SELECT ?p WHERE { ?p ckg:locatedIn+ place:deir-ez-zor-governorate }",
       {("place:deir-ez-zor-district",), ("place:mayadin-district",), ("place:abu-kamal-district",),
        ("place:deir-ez-zor",), ("place:mayadin",), ("place:abu-kamal",)}),
    CQ("cq15", "Which military events happened in Homs Governorate (administrative containment included)?",
       """SELECT DISTINCT ?e WHERE { ?e a/rdfs:subClassOf* ckg:MilitaryEvent ; ckg:location|ckg:nearLocation ?p .
             ?p ckg:locatedIn* place:homs-governorate }""",
       {("event:2024-palmyra-airstrike",), ("event:2024-palmyra-offensive",), ("event:2024-capture-of-palmyra",)}),
    CQ("cq16", "Which actors are backed by whom, in general?",
       "SELECT ?a ?b WHERE { ?a a/rdfs:subClassOf* ckg:Actor ; ckg:backedBy ?b }",
       {("actor:syrian-free-army", "actor:united-states"), ("actor:harakat-hezbollah-al-nujaba", "actor:iran")}),
    CQ("cq17", "Who supported whom in which event, with what kind of support and which hedge?",
       """SELECT ?event ?supporter ?kind ?supported ?hedge WHERE { ?event ckg:hasParticipation ?p .
             ?p ckg:role role:supporter ; ckg:agent ?supporter ; ckg:supports ?supported .
             OPTIONAL { ?p ckg:supportKind ?kind } OPTIONAL { ?p ckg:hedge ?hedge } }""",
       {("event:2024-palmyra-offensive", "actor:united-states", "support:logistical", "actor:syrian-free-army", "hedge:reportedly"),
        ("event:2024-palmyra-offensive", "actor:united-states", "support:logistical", "actor:suqour-al-sham", "hedge:reportedly"),
        ("event:2024-palmyra-offensive", "actor:suqour-al-sham", None, "actor:syrian-free-army", None),
        ("event:2021-01-syria-missile-strikes", "actor:united-states", "support:intelligence", "actor:israel", None)}),
    CQ("cq18", "What did SOHR say against Syrian state media, and where is it written?",
       """SELECT ?event ?sohrFigure ?theirFigure ?url WHERE { ?c ckg:claimant actor:sohr ; ckg:disputes ?other ;
             ckg:about ?event ; ckg:figureText ?sohrFigure ; ckg:source/ckg:url ?url .
             ?other ckg:claimant actor:syrian-state-media ; ckg:figureText ?theirFigure }""",
       {("event:2024-palmyra-airstrike", "more than 108", "36", "https://en.wikipedia.org/wiki/2024_Palmyra_airstrike#Airstrikes")}),
    CQ("cq19", "How many claims does SOHR make in the graph, per event?",
       "SELECT ?event (COUNT(?c) AS ?n) WHERE { ?c ckg:claimant actor:sohr ; ckg:about ?event } GROUP BY ?event",
       {("event:2024-palmyra-airstrike", "9"), ("event:2021-01-syria-missile-strikes", "2")}),
    CQ("cq20", "Which reports were initial reports?",
       "SELECT ?claimant ?measure ?text WHERE { ?c ckg:hedge hedge:initially ; ckg:claimant ?claimant ; ckg:measure ?measure ; ckg:figureText ?text }",
       {("actor:syrian-state-media", "measure:killed", "36"), ("actor:syrian-state-media", "measure:injured", "at least 50"),
        ("actor:unnamed-reports", "measure:killed", "23"), ("actor:unnamed-reports", "measure:injured", "around 30")}),
    CQ("cq21", "What is the timeline of military events (first and last three)?",
       """SELECT ?e ?d WHERE { ?e a/rdfs:subClassOf* ckg:MilitaryEvent ; ckg:startDate ?d } ORDER BY ?d ?e""",
       None),
    CQ("cq22", "Who carried out each strike?",
       """SELECT ?e ?agent WHERE { ?e a ckg:Strike ; ckg:hasParticipation ?p . ?p ckg:role role:perpetrator ; ckg:agent ?agent }""",
       {("event:2024-palmyra-airstrike", "actor:israeli-air-force"), ("event:2021-01-syria-missile-strikes", "actor:israeli-air-force"),
        ("event:2021-01-22-hama-airstrike", "actor:israel")}),
    CQ("cq23", "Who was targeted by each strike?",
       """SELECT ?e ?agent WHERE { ?e ckg:hasParticipation ?p . ?p ckg:role role:target ; ckg:agent ?agent }""",
       {("event:2024-palmyra-airstrike", "actor:syrian-arab-army"), ("event:2024-palmyra-airstrike", "actor:harakat-hezbollah-al-nujaba"),
        ("event:2021-01-syria-missile-strikes", "actor:liwa-fatemiyoun")}),
    CQ("cq24", "Which formations are, at any depth, under a larger force or organisation?",
       "SELECT ?unit ?parent WHERE { ?unit ckg:subUnitOf+ ?parent }",
       {("actor:syrian-arab-army", "actor:syrian-armed-forces"), ("actor:quds-force", "actor:irgc"),
        ("actor:sfa-jordan-trained-unit", "actor:syrian-free-army"), ("actor:un-security-council", "actor:united-nations"),
        ("actor:syrian-ministry-of-defense", "actor:syrian-government")}),
    CQ("cq25", "Which organisations does each named person belong to, at any depth?",
       "SELECT ?person ?org WHERE { ?person a ckg:Person ; ckg:memberOf/ckg:subUnitOf* ?org }",
       {("actor:ahmad-karimkhani", "actor:quds-force"), ("actor:ahmad-karimkhani", "actor:irgc"),
        ("actor:abdulrazzaq-abu-khatib", "actor:suqour-al-sham"), ("actor:yossi-cohen", "actor:mossad"),
        ("actor:bashar-al-assad", "actor:syrian-government"), ("actor:un-deputy-special-envoy-for-syria", "actor:united-nations"),
        ("actor:liwa-fatemiyoun-commander", "actor:liwa-fatemiyoun")}),
    CQ("cq26", "Which sections of its article does the Palmyra airstrike's data cite?",
       """SELECT DISTINCT ?section WHERE { { event:2024-palmyra-airstrike ckg:source ?section } UNION
             { ?c ckg:about event:2024-palmyra-airstrike ; ckg:source ?section } UNION
             { event:2024-palmyra-airstrike ckg:hasParticipation/ckg:source ?section } }""",
       {("source:wikipedia-2024-palmyra-airstrike-infobox",), ("source:wikipedia-2024-palmyra-airstrike-lead",),
        ("source:wikipedia-2024-palmyra-airstrike-airstrikes",)}),
    CQ("cq27", "Which fatality figures for the January 2021 strikes had been reported by 13 January 2021 (dated claims)?",
       """SELECT ?claimant ?best ?date WHERE { ?c ckg:about event:2021-01-syria-missile-strikes ; ckg:measure measure:killed ;
             ckg:claimDate ?date ; ckg:claimant ?claimant ; ckg:bestValue ?best . {TOP}
             FILTER(?date <= "2021-01-13"^^xsd:date) }""".replace("{TOP}", TOP_LEVEL),
       {("actor:unnamed-reports", "23", "2021-01-13"), ("actor:unnamed-reports", "57", "2021-01-13")}),
    CQ("cq28", "What was each claimant's latest fatality figure for the January 2021 strikes (revisions superseded)?",
       """SELECT ?claimant ?figure WHERE { ?c ckg:about event:2021-01-syria-missile-strikes ; ckg:measure measure:killed ;
             ckg:claimant ?claimant ; ckg:figureText ?figure . {TOP}
             FILTER NOT EXISTS { ?later ckg:revises ?c } FILTER NOT EXISTS { ?c ckg:stance stance:denies } }""".replace("{TOP}", TOP_LEVEL),
       {("actor:unnamed-reports", "57"), ("actor:israeli-reports", "57"), ("actor:wikipedia", "57 on 13 January"),
        ("actor:wikipedia", "Total – 61")}),
    CQ("cq29", "Which events followed which?",
       "SELECT ?a ?b WHERE { ?a ckg:followedBy|^ckg:precededBy ?b }",
       {("event:2021-01-syria-missile-strikes", "event:2021-01-22-hama-airstrike"),
        ("event:2024-palmyra-offensive", "event:2024-capture-of-damascus"),
        ("event:2024-northwestern-syria-offensive", "event:2024-palmyra-offensive")}),
    CQ("cq30", "Where, with coordinates, did the January 2021 strikes hit?",
       """SELECT ?place ?wkt WHERE { event:2021-01-syria-missile-strikes ckg:location ?place .
             ?place geo:hasGeometry/geo:asWKT ?wkt }""",
       {("place:deir-ez-zor", "POINT(40.15 35.33)"), ("place:mayadin", "POINT(40.45 35.02)"), ("place:abu-kamal", "POINT(40.92 34.45)")}),
    CQ("cq31", "Which place is also called Al Bukamal?",
       'SELECT ?p WHERE { ?p skos:altLabel "Al Bukamal"@en }',
       {("place:abu-kamal",)}),
    CQ("cq32", "What did officials say in reaction to the January 2021 strikes, and in which post?",
       """SELECT ?person ?post WHERE { ?c ckg:measure measure:reaction ; ckg:about event:2021-01-syria-missile-strikes ;
             ckg:claimant ?person . ?person ckg:positionTitle ?post }""",
       {("actor:ahmad-karimkhani", "deputy commander of the Quds Force of the IRGC"),
        ("actor:benny-gantz", "Israel's Defense Minister"), ("actor:tzachi-hanegbi", "Minister of Settlement Affairs")}),
    CQ("cq33", "Which superlatives were claimed, by whom, with which hedge?",
       """SELECT ?event ?claimant ?hedge WHERE { ?c ckg:measure measure:superlative ; ckg:about ?event ; ckg:claimant ?claimant .
             OPTIONAL { ?c ckg:hedge ?hedge } }""",
       {("event:2024-palmyra-airstrike", "actor:un-deputy-special-envoy-for-syria", "hedge:likely"),
        ("event:2021-01-syria-missile-strikes", "actor:wikipedia", None), ("event:2021-01-22-hama-airstrike", "actor:wikipedia", None)}),
    CQ("cq34", "How strong was the Syrian Free Army before and after October 2024?",
       """SELECT ?text ?ref WHERE { ?c ckg:measure measure:fighters ; ckg:appliesTo group:syrian-free-army-fighters ;
             ckg:figureText ?text . OPTIONAL { ?c ckg:referenceDate ?ref } }""",
       {("800", None), ("around 3,000", "2024-10-01")}),
    CQ("cq35", "When, where and with what outcome did the Palmyra offensive take place?",
       """SELECT ?start ?end ?outcome WHERE { event:2024-palmyra-offensive ckg:startDate ?start ; ckg:endDate ?end ;
             ckg:outcome ?outcome }""",
       {("2024-12-06", "2024-12-07", "Syrian opposition victory")}),
    CQ("cq36", "Which claims were made to the UN Security Council?",
       "SELECT ?c ?claimant WHERE { ?c ckg:statedTo actor:un-security-council ; ckg:claimant ?claimant }",
       {("claim:2024-palmyra-airstrike-un-deputy-special-envoy-superlative", "actor:un-deputy-special-envoy-for-syria")}),
    CQ("cq37", "Which injury figures were given for the Palmyra airstrike?",
       """SELECT ?claimant ?text WHERE { ?c ckg:about event:2024-palmyra-airstrike ; ckg:measure measure:injured ;
             ckg:claimant ?claimant ; ckg:figureText ?text }""",
       {("actor:wikipedia", "50+"), ("actor:wikipedia", "more than 50"), ("actor:syrian-state-media", "at least 50")}),
]


@pytest.fixture(scope="module")
def graph(project):
    return curated_graph(project)


def test_there_are_at_least_thirty_questions():
    assert len(QUESTIONS) >= 30
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)


@pytest.mark.parametrize("cq", [q for q in QUESTIONS if q.expected is not None], ids=str)
def test_competency_question(graph, cq):
    assert set(rows(graph, cq.query)) == set(cq.expected), cq.question


def test_timeline_order(graph):
    cq = next(q for q in QUESTIONS if q.id == "cq21")
    timeline = rows(graph, cq.query)
    assert len(timeline) == 12
    assert [e for e, _ in timeline[:3]] == ["event:2018-09-syria-missile-strikes", "event:2019-08-syria-missile-strikes",
                                            "event:2019-11-syria-missile-strikes"]
    assert timeline[-3:] == [("event:2024-palmyra-offensive", "2024-12-06"), ("event:2024-capture-of-palmyra", "2024-12-07"),
                             ("event:2024-capture-of-damascus", "2024-12-08")]
