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


# --------------------------------------------------------------------------------------------
# The ten development articles (benchmarks/gold, submitted from factsheets/ by `conflictkg facts`
# and `conflictkg submit`): questions an analyst asks of each, answered on the whole graph, by the
# stored queries where a user would reach for one (run through the project's query API on the
# embedded store), else by the project's name lookup. Answers are the articles'.
# --------------------------------------------------------------------------------------------

import pyoxigraph as ox  # noqa: E402

from conftest import ROOT, copy_project  # noqa: E402
from conflictkg.model.names import NameIndex, qname  # noqa: E402
from conflictkg.query import library, sparql  # noqa: E402
from conflictkg.rdf.rdfio import load_graph  # noqa: E402
from conflictkg.storage import store  # noqa: E402

BALYUN = "event:2020-balyun-airstrikes"
SPRING_SHIELD = "event:operation-spring-shield"
DAWN = "event:2024-11-30-operation-dawn-of-freedom"
MANBIJ = "event:2024-manbij-offensive"
ALEPPO = "event:2024-battle-of-aleppo"
KHASHAM = "event:2018-02-07-battle-of-khasham"
DEIR_EZ_ZOR = "event:2016-09-17-september-2016-deir-ez-zor-air-raid"
BAGHUZ = "event:2019-u-s-airstrike-in-baghuz"
HOMS = "event:2023-homs-drone-strike"
CLAW_SWORD = "event:2022-11-20-operation-claw-sword"
STUB = "event:2024-northwestern-syria-offensive"


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The whole graph (curated data and accepted submissions) in a copy of the project, its
    embedded store built."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("whole"), submissions=True)
    build, _ = store.ensure(project, progress=False)
    return project, build


def _short(term):
    if term is None:
        return None
    return qname(term.value) if isinstance(term, ox.NamedNode) else term.value


def stored(whole, name: str, **params) -> list[dict]:
    """The rows of stored query `name`, each a dict of column -> prefixed name or lexical value."""
    project, build = whole
    q = library.find(project, name)
    result = sparql.run_embedded(build, sparql.prepare_stored(q), library.bind(q.params, params, query_name=q.name),
                                 sparql.Limits(timeout=120))
    return [dict(zip(result.variables, (_short(x) for x in row))) for row in result.rows]


def pick(rows: list[dict], *columns: str, **where) -> set[tuple]:
    return {tuple(r[c] for c in columns) for r in rows if all(r.get(k) == v for k, v in where.items())}


@pytest.fixture(scope="module")
def names(whole):
    return NameIndex.from_graph(load_graph(whole[0]))


def ranges(whole, event: str) -> set[tuple]:
    return pick(stored(whole, "contested-range"), "measure", "counted", "population", "low", "high", event=event)


# ---- 2020 Balyun airstrikes

def test_balyun_toll_by_claimant(whole):
    """Who said how many Turkish soldiers died at Balyun? (Erdoğan 34, the ministry 33, other sources 50–70.)"""
    rows = stored(whole, "casualty-claims", event=BALYUN)
    assert pick(rows, "claimant", "figure", measure="measure:killed", counts="Turkish soldiers") == {
        ("actor:recep-tayyip-erdogan", "34"), ("actor:turkish-ministry-of-national-defense", "33 deaths")}
    assert ("actor:other-sources-close-to-turkey", "ranging from 50 to 70 dead") in pick(rows, "claimant", "figure")


def test_balyun_russian_part_is_alleged_and_denied(whole):
    """Did Russia take part? Alleged in the lead, denied by Russia in the infobox."""
    parts = stored(whole, "participants", event=BALYUN)
    assert pick(parts, "agent", "hedge", role="role:perpetrator") >= {("actor:russian-air-force", "hedge:allegedly")}
    assert pick(stored(whole, "denials"), "claimant", "measure", "quote", event=BALYUN) == {
        ("actor:russia", "measure:perpetrator", "(denied by Russia)")}


def test_balyun_was_followed_by_spring_shield(whole):
    """What did the Balyun airstrikes lead to? Operation Spring Shield, launched in response (caused by them)."""
    relations = stored(whole, "event-relations")
    assert {("followed by", "Operation Spring Shield"), ("caused", "Operation Spring Shield")} <= pick(
        relations, "relation", "otherLabel", event=BALYUN)
    assert ("caused by", BALYUN) in pick(relations, "relation", "other", event=SPRING_SHIELD)


# ---- Operation Spring Shield

def test_spring_shield_losses_are_compared_like_with_like(whole):
    """How far apart are the claims of Syrian tanks lost? Oryx 50 against the infobox's 151, for side 2 only."""
    got = ranges(whole, SPRING_SHIELD)
    assert ("measure:lost", "counted:tank", "side 2", "50", "151") in got
    assert ("measure:killed-or-injured", "counted:person", "side 2", "3159", "3159") in got
    assert not any(r[0] == "measure:lost" and r[1] == "counted:person" for r in got)


def test_spring_shield_commanders_killed(whole):
    """Which commanders of side 2 were killed (KIA)?"""
    assert pick(stored(whole, "participants", event=SPRING_SHIELD), "agent", role="role:commander", fate="fate:killed",
                side="2") == {("actor:burhan-rahmun",), ("actor:ismael-ali",), ("actor:mazar-farwati",)}


def test_spring_shield_stub_enriched_and_found_by_its_turkish_name(whole, names):
    """The Balyun article named the operation only; its own article gave it a class, a day and a Turkish name."""
    timeline = pick(stored(whole, "event-timeline"), "start", "end", "precision", "class", event=SPRING_SHIELD)
    assert timeline == {("2020-02-27", "2020-03-06", "precision:day", "ckg:Offensive")}
    added = pick(stored(whole, "statement-provenance", node=SPRING_SHIELD), "property", "value", "section")
    assert ("rdf:type", "ckg:Offensive", "source:wikipedia-operation-spring-shield-infobox") in added
    assert [qname(n) for n in names.find("event", "Bahar Kalkanı Harekâtı")] == [SPRING_SHIELD]


# ---- Battle of Aleppo (2024)

def test_aleppo_strengths_are_russian_claims_per_side(whole):
    """What strengths were claimed, and by whom? Only Russia's: 350 militants against 30,000 troops."""
    rows = stored(whole, "event-claims", event=ALEPPO)
    assert pick(rows, "claimant", "figure", measure="measure:strength") == {("actor:russia", "350 militants"),
                                                                          ("actor:russia", "30,000 troops")}
    got = ranges(whole, ALEPPO)
    assert {("measure:strength", "counted:person", "side 1", "350", "350"),
            ("measure:strength", "counted:person", "side 2", "30000", "30000")} <= got


def test_aleppo_is_part_of_the_enriched_northwestern_offensive(whole):
    """The stub from the Palmyra article's See also list now has its day, from the Dawn of Freedom article."""
    assert pick(stored(whole, "event-timeline"), "start", "precision", event=STUB) == {("2024-11-27", "precision:day")}
    provenance = stored(whole, "statement-provenance", node=STUB)
    assert pick(provenance, "value", "section", "quote", property="ckg:startDate") == {
        ("2024-11-27", "source:wikipedia-operation-dawn-of-freedom-background",
         "After the 2024 Northwestern Syria offensive began on 27 November")}
    assert ("ckg:hasParticipation",) in pick(provenance, "property")  # its sides, from the Aleppo infobox


def test_aleppo_events_by_place(whole):
    """Which events took place in Aleppo city? The battle, and Dawn of Freedom's clashes in the Sheikh Najjar
    district "of Aleppo city" (found through ckg:locatedIn)."""
    got = pick(stored(whole, "events-by-place", place="aleppo"), "event", "location")
    assert {(ALEPPO, "place:aleppo"), (DAWN, "place:sheikh-najjar-district")} <= got


# ---- Operation Dawn of Freedom

def test_dawn_of_freedom_sides_in_time(whole):
    """Who fought on each side, and from or until when? The Syrian Arab Republic until 8 December, the
    Syrian Interim Government from 8 December."""
    rows = stored(whole, "participants", event=DAWN)
    assert pick(rows, "agent", "side", "from", "until", role="role:combatant", agent="actor:syria") == {
        ("actor:syria", "2", None, "2024-12-08")}
    assert pick(rows, "agent", "side", "from", "until", agent="actor:syrian-interim-government") == {
        ("actor:syrian-interim-government", "1", "2024-12-08", None)}


def test_dawn_of_freedom_losses_per_side_and_thing(whole):
    """SNA dead: 34 or, by the SDF's claim, 222; the other side 41 or, by Turkey's claim, 53; six SNA tanks
    destroyed by the SDF's claim: each compared only with its own kind."""
    got = ranges(whole, DAWN)
    assert {("measure:killed", "counted:person", "side 1", "34", "222"),
            ("measure:killed", "counted:person", "side 2", "41", "53"),
            ("measure:destroyed", "counted:tank", "side 1", "6", "6"),
            ("measure:captured", "counted:fixed-wing-aircraft", "side 2", "14", "14")} <= got
    assert not any(r[2] == "all" and r[0] == "measure:killed" for r in got)  # no range across the sides


def test_dawn_of_freedom_is_not_the_northwestern_offensive(whole):
    """The SNA's operation began after the Northwestern Syria offensive: preceded by it, not the same event."""
    assert (STUB,) in pick(stored(whole, "event-relations"), "other", event=DAWN, relation="preceded by")


# ---- Manbij offensive (2024)

def test_manbij_is_part_of_dawn_of_freedom(whole):
    assert (MANBIJ,) in pick(stored(whole, "conflict-events", conflict=DAWN.split(":")[1]), "event")


def test_manbij_sdf_dismissed_the_footage(whole):
    """What did the SDF deny? The MMC's footage of SNA build-ups, dismissed as dated."""
    assert pick(stored(whole, "denials"), "claimant", "quote", event=MANBIJ) == {
        ("actor:syrian-democratic-forces", "the SDF leadership dismissed the footage as dated material")}


def test_manbij_losses_per_side_and_alias(whole, names):
    got = ranges(whole, MANBIJ)
    assert {("measure:killed", "counted:person", "side 1", "60", "60"),
            ("measure:killed", "counted:person", "side 2", "112", "112"),
            ("measure:killed", "counted:person", "group:civilians", "37", "37")} <= got
    assert [qname(n) for n in names.find("event", "Manbij offensive")] == [MANBIJ]
    assert [qname(n) for n in names.find("actor", "MMC")] == ["actor:manbij-military-council"]


# ---- Battle of Khasham

def test_khasham_pro_government_losses_by_claimant(whole):
    """Pro-government dead: Syria 55, SOHR 68, unofficial Russian 80–100, the US ~100–200; the Russians
    among them are their own population (65–200, 80)."""
    got = ranges(whole, KHASHAM)
    assert ("measure:killed", "counted:person", "side 2", "55", "200") in got
    assert ("measure:killed", "counted:person", "group:russians", "65", "200") in got
    rows = stored(whole, "casualty-claims", event=KHASHAM)
    assert pick(rows, "claimant", "figure", measure="measure:killed", counts=None) >= {
        ("actor:syria", "55 killed"), ("actor:sohr", "68 killed"), ("actor:united-states", "Approximately 100–200 killed")}


def test_khasham_russian_denial(whole):
    """What did Russia's Ministry of Defence deny? That Russian service members were in the district."""
    rows = pick(stored(whole, "denials"), "claimant", "measure", event=KHASHAM)
    assert rows == {("actor:russian-ministry-of-defence", "measure:presence")}


def test_khasham_found_by_its_other_name(names):
    assert [qname(n) for n in names.find("event", "Battle of Conoco Fields")] == [KHASHAM]


# ---- September 2016 Deir ez-Zor air raid

def test_deir_ez_zor_toll_by_claimant(whole):
    """Russia: at least 62 (Syrian soldiers); SOHR: at least 80 killed and 120 wounded; the infobox 60–90."""
    got = ranges(whole, DEIR_EZ_ZOR)
    assert {("measure:killed", "counted:person", "group:saa-soldiers", "62", "62"),
            ("measure:killed", "counted:person", "all", "80", "80"),
            ("measure:injured", "counted:person", "all", "120", "120"),
            ("measure:killed", "counted:person", "group:soldiers", "60", "90")} <= got


def test_deir_ez_zor_aid_convoy_attack_denied(whole):
    """Who denied the attack on the aid convoy that followed? Both governments accused of it."""
    assert (DEIR_EZ_ZOR, "event:attack-on-an-aid-convoy-near-aleppo") in {
        (r["event"], r["other"]) for r in stored(whole, "event-relations") if r["relation"] == "followed by"}
    assert pick(stored(whole, "denials"), "claimant", event="event:attack-on-an-aid-convoy-near-aleppo") == {
        ("actor:russian-government",), ("actor:syrian-government",)}


def test_deir_ez_zor_names(names):
    assert [qname(n) for n in names.find("actor", "SAA")] == ["actor:syrian-arab-army"]


# ---- 2019 U.S. airstrike in Baghuz

def test_baghuz_two_tolls_each_broken_down(whole):
    """The New York Times: 80 (64 civilians, 16 ISIL fighters); the US: 56 (52 IS fighters, 4 civilians)."""
    rows = stored(whole, "casualty-claims", event=BAGHUZ)
    assert pick(rows, "claimant", "figure", "partOf", measure="measure:killed", counts="civilians") >= {
        ("actor:new-york-times", "64 civilians", "Up to 80"), ("actor:united-states", "4 civilians", "56")}
    assert ("actor:united-states", "52 IS fighters", "56") in pick(rows, "claimant", "figure", "partOf")


def test_baghuz_planner_according_to_centcom(whole):
    """Who called the strike in? Talon Anvil, according to a CENTCOM spokesman (an attributed role)."""
    rows = stored(whole, "participants", event=BAGHUZ)
    [(agent, hedge, evidence)] = pick(rows, "agent", "hedge", "evidencedBy", role="role:planner")
    assert (agent, hedge) == ("actor:talon-anvil", "hedge:according-to")
    assert evidence.startswith("claim:2019-u-s-airstrike-in-baghuz-william-bill-urban")


def test_baghuz_and_khasham_are_separate_events_in_one_governorate(whole, names):
    got = pick(stored(whole, "events-by-place", place="deir-ez-zor-governorate"), "event")
    assert {(BAGHUZ,), (KHASHAM,)} <= got
    assert [qname(n) for n in names.find("actor", "ISIL")] == ["actor:isis"]  # an alias the article added


# ---- 2023 Homs drone strike

def test_homs_figures_of_different_kinds_are_not_mixed(whole):
    """112+ killed and 277+ injured (the article) against 89 casualties (the ministries): three measures."""
    got = ranges(whole, HOMS)
    assert {("measure:killed", "counted:person", "all", "112", "112"),
            ("measure:injured", "counted:person", "all", "277", "277"),
            ("measure:killed-or-injured", "counted:person", "all", "89", "89")} <= got


def test_homs_origin_is_only_believed(whole):
    rows = stored(whole, "event-claims", event=HOMS)
    assert pick(rows, "measure", "hedge", "text", measure="measure:launch-direction") == {
        ("measure:launch-direction", "hedge:believed", "launched from rebel-held territories north-west of Homs")}


def test_homs_followed_by_retaliation(whole):
    assert ("event:2023-10-05-syrian-retaliation-strikes",) in pick(stored(whole, "event-relations"), "other",
                                                                    event=HOMS, relation="caused")


# ---- Operation Claw-Sword

def test_claw_sword_per_side_losses_by_claimant(whole):
    """Per SOHR 1 Turkish soldier killed and 30–35 on the other side; per Turkey 364 killed or wounded: killed
    and killed-or-wounded are never one range."""
    got = ranges(whole, CLAW_SWORD)
    assert {("measure:killed", "counted:person", "side 1", "1", "1"),
            ("measure:killed", "counted:person", "side 2", "30", "35"),
            ("measure:killed-or-injured", "counted:person", "side 2", "364", "364")} <= got


def test_claw_sword_istanbul_bombing_blamed(whole):
    """Whom did the Turkish government blame for the Istanbul bombing that preceded the operation?"""
    rows = stored(whole, "actor-claims", actor="turkish-government")
    assert pick(rows, "event", "measure", "text") == {
        ("event:2022-istanbul-bombing", "measure:perpetrator", "carried out by Kurdish separatists")}
    assert ("event:2022-istanbul-bombing",) in pick(stored(whole, "event-relations"), "other", event=CLAW_SWORD,
                                                    relation="preceded by")


def test_claw_sword_turkish_name(names):
    assert [qname(n) for n in names.find("event", "Pençe-Kılıç Operasyonu")] == [CLAW_SWORD]
