"""Fact sheets into submissions (conflictkg.submission.factsheet, `conflictkg facts`): each kind of
fact in the model's form, linked to the graph's nodes by iri, link or name, an event the graph holds
enriched with statement records, and every problem one line naming the fact or entity."""

from __future__ import annotations

import textwrap

import pytest
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from conftest import ROOT, curated_graph
from conflictkg.cli import run
from conflictkg.core.paths import Project
from conflictkg.model.namespaces import ACTOR, CKG, CKV, EVENT, PLACE
from conflictkg.submission.factsheet import FactSheetError, convert

from test_submit import real_copy, submissions  # noqa: F401

URL = "https://en.wikipedia.org/wiki/2024_Palmyra_airstrike"
SECTION = URIRef("https://w3id.org/conflict-kg/id/source/wikipedia-2024-palmyra-airstrike-airstrikes")
LEAD = URIRef("https://w3id.org/conflict-kg/id/source/wikipedia-2024-palmyra-airstrike-lead")
AIRSTRIKE = EVENT["2024-palmyra-airstrike"]

# A sheet about the (curated) 2024 Palmyra airstrike: the article's event is in the graph, so the
# sheet enriches it. Its quotes are the article's words.
SHEET = f"""
article: palmyra-airstrike-2024.txt
url: {URL}
title: 2024 Palmyra airstrike
split: seed
entities:
  - {{name: 2024 Palmyra airstrike, kind: event, class: Strike}}
  - {{name: Wikipedia, kind: actor, class: Organisation, iri: actor:wikipedia}}
  - {{name: Syrian Observatory for Human Rights, aliases: [SOHR], kind: actor, class: Monitor}}
  - {{name: Syrian state media, kind: actor, class: MediaOutlet}}
  - {{name: Israel Defense Forces, kind: actor, class: ArmedForce}}
  - {{name: Israeli Air Force, kind: actor, class: ArmedForce}}
  - {{name: Palmyra, kind: place, class: Place}}
  - {{name: Iranian-backed Syrian militiamen, kind: group, class: Group}}
  - {{name: weapons depot near the industrial area, kind: place, class: Place, type: facility}}
facts:
  - {{id: f1, kind: event, where: infobox, section: Infobox, quote: "Type: Airstrikes", label: 2024 Palmyra airstrike,
     class: Strike, type: airstrike}}
  - {{id: f2, kind: figure, where: prose, section: Airstrikes,
     quote: "Syrian state media initially reported that the attacks killed 36 people", claimant: Syrian state media,
     measure: killed, min: 36, best: 36, max: 36, qualifier: exact, hedge: initially, text: "36"}}
  - {{id: f3, kind: figure, where: prose, section: Airstrikes,
     quote: "The United Kingdom-based Syrian Observatory for Human Rights however reported that the airstrikes killed more than 108 people.",
     claimant: Syrian Observatory for Human Rights, measure: killed, min: 108, qualifier: more-than, disputes: f2,
     text: "more than 108"}}
  - {{id: f4, kind: figure, where: prose, section: Airstrikes, quote: "The dead include 73 Iranian-backed Syrian militiamen",
     claimant: Syrian Observatory for Human Rights, measure: killed, group: Iranian-backed Syrian militiamen, side: 2,
     min: 73, best: 73, max: 73, qualifier: exact, part-of-figure: f3, text: "73"}}
  - {{id: f5, kind: statement, where: prose, section: Airstrikes,
     quote: "The Israel Defense Forces declined to comment on the airstrike.", claimant: Israel Defense Forces,
     measure: perpetrator, stance: declines-to-comment, value: "declined to comment on the airstrike"}}
  - {{id: f6, kind: participant, where: prose, section: Lead,
     quote: "On 20 November 2024, the Israeli Air Force conducted an airstrike", actor: Israeli Air Force,
     role: perpetrator, claimant: Syrian Observatory for Human Rights, hedge: reportedly}}
  - {{id: f7, kind: participant, where: prose, section: Airstrikes,
     quote: "The Israel Defense Forces declined to comment on the airstrike.", actor: Israel Defense Forces,
     role: perpetrator, claimant: Israel Defense Forces, stance: denies}}
  - {{id: f8, kind: place, where: prose, section: Airstrikes, quote: "a weapons depot near the industrial area",
     place: weapons depot near the industrial area, relation: near, in: Palmyra}}
  - {{id: f9, kind: alias, where: prose, section: Airstrikes, quote: "Syrian Observatory for Human Rights",
     of: Syrian Observatory for Human Rights, name: The Observatory}}
  - {{id: f10, kind: statement, where: prose, section: Airstrikes, quote: "which took place at 1:30 p.m. on 20 November 2024",
     claimant: Syrian state media, measure: time-of-day, value: "13:30"}}
"""


@pytest.fixture(scope="module")
def graph():
    return curated_graph(Project(ROOT))


def sheet(text: str = SHEET) -> dict:
    return yaml.safe_load(textwrap.dedent(text))


def claims(g, **where):
    found = []
    for c in g.subjects(RDF.type, CKG.Claim):
        if all((c, CKG[k], v) in g for k, v in where.items()):
            found.append(c)
    return found


def test_figures_become_claims_with_claimant_population_bounds_and_links(graph):
    g = convert(sheet(), graph).graph
    [state] = claims(g, claimant=ACTOR["syrian-state-media"], measure=CKV["measure/killed"])
    assert (state, CKG.bestValue, None) in g and (state, CKG.hedge, CKV["hedge/initially"]) in g
    [sohr] = claims(g, claimant=ACTOR.sohr, qualifier=CKV["figure-qualifier/more-than"])  # linked by name
    assert (sohr, CKG.disputes, state) in g and (sohr, CKG.about, AIRSTRIKE) in g
    assert str(g.value(sohr, CKG.minValue)) == "108" and (sohr, CKG.maxValue, None) not in g
    assert (sohr, CKG.source, SECTION) in g
    [part] = claims(g, breakdownOf=sohr)
    assert g.value(part, CKG.appliesTo) == URIRef("https://w3id.org/conflict-kg/id/group/iranian-backed-syrian-militiamen")
    assert str(g.value(part, CKG.forSide)) == "2"
    assert str(g.value(part, CKG.quote)) == "The dead include 73 Iranian-backed Syrian militiamen"


def test_statements_keep_stance_and_a_time_on_the_events_day(graph):
    g = convert(sheet(), graph).graph
    [no_comment] = claims(g, stance=CKV["stance/declines-to-comment"])
    assert g.value(no_comment, CKG.claimant) == ACTOR["israel-defense-forces"]
    [time] = claims(g, measure=CKV["measure/time-of-day"])
    assert str(g.value(time, CKG.timeValue)) == "2024-11-20T13:30:00"  # the day the graph has for the event


def test_attributed_participation_is_evidenced_and_a_denial_is_only_a_claim(graph):
    g = convert(sheet(), graph).graph
    parts = list(g.objects(AIRSTRIKE, CKG.hasParticipation))
    assert [g.value(p, CKG.agent) for p in parts] == [ACTOR["israeli-air-force"]]
    [part] = parts
    assert g.value(part, CKG.hedge) == CKV["hedge/reportedly"]
    evidence = g.value(part, CKG.evidencedBy)
    assert g.value(evidence, CKG.claimant) == ACTOR.sohr and g.value(evidence, CKG.objectValue) == ACTOR["israeli-air-force"]
    [denial] = claims(g, stance=CKV["stance/denies"])
    assert g.value(denial, CKG.objectValue) == ACTOR["israel-defense-forces"]
    assert g.value(denial, CKG.measure) == CKV["measure/perpetrator"]


def test_statements_about_existing_nodes_are_recorded_with_their_fact(graph):
    result = convert(sheet(), graph)
    g = result.graph
    assert result.linked["Syrian Observatory for Human Rights"] == ACTOR.sohr
    assert (ACTOR.sohr, SKOS.altLabel, Literal("The Observatory", lang="en")) in g
    assert (ACTOR.sohr, RDF.type, CKG.Monitor) in g  # restated as the graph has it
    [record] = [r for r in g.subjects(RDF.subject, ACTOR.sohr) if (r, RDF.predicate, SKOS.altLabel) in g]
    assert (record, RDF.type, CKG.StatementRecord) in g and (record, CKG.source, SECTION) in g
    depot = result.minted["weapons depot near the industrial area"]
    assert depot == PLACE["weapons-depot-near-the-industrial-area"]
    assert (AIRSTRIKE, CKG.nearLocation, depot) in g and (depot, CKG.locatedIn, PLACE.palmyra) in g
    assert (depot, CKG.placeType, CKV["place-type/facility"]) in g
    # The event type the graph already has is said again with this sheet's record: the fact stays traceable.
    [record] = g.subjects(RDF.predicate, CKG.eventType)
    assert (AIRSTRIKE, CKG.eventType, CKV["event-type/airstrike"]) in g
    assert str(g.value(record, CKG.quote)) == "Type: Airstrikes"


def test_a_new_event_known_only_by_name_is_a_ckg_event(graph):
    text = SHEET.replace("  - {name: Palmyra, kind: place, class: Place}",
                         "  - {name: Palmyra, kind: place, class: Place}\n"
                         "  - {name: Test offensive, kind: event, class: Offensive}") + \
        '  - {id: f11, kind: part-of, where: prose, section: Lead, quote: "an airstrike", event: Test offensive}\n'
    result = convert(sheet(text), graph)
    node = result.minted["Test offensive"]
    assert (node, RDF.type, CKG.Event) in result.graph and (node, RDF.type, CKG.Offensive) not in result.graph
    assert (AIRSTRIKE, CKG.partOf, node) in result.graph
    assert (node, CKG.eventType, CKV["event-type/offensive"]) in result.graph  # read from its name
    assert any("Test offensive" in n and "ckg:Event" in n for n in result.notes)


@pytest.mark.parametrize("old, new, expected", [
    ("claimant: Syrian state media,\n     measure: killed", "claimant: State TV,\n     measure: killed",
     "fact f2: claimant: 'State TV' is not the name of an entity of the sheet"),
    ("claimant: Syrian Observatory for Human Rights, measure: killed, min: 108",
     "claimant: SOHR, measure: killed, min: 108",
     "fact f3: claimant: 'SOHR' is not the name of an entity of the sheet (an alias of 'Syrian Observatory for Human Rights'"),
    ("measure: killed, min: 36", "measure: slain, min: 36", "fact f2: measure: 'slain' is not a slug of the measure scheme"),
    ("section: Lead,\n     quote: \"On 20", "section: Reactions,\n     quote: \"On 20",
     "fact f6: section: 'Reactions' is not a section of"),
    ("part-of-figure: f3", "part-of-figure: f99", "fact f4: part-of-figure: 'f99' is not the id of another figure"),
    (", type: facility}", "}", "entity weapons depot near the industrial area: a new place needs its place type"),
    ("{name: Syrian state media, kind: actor, class: MediaOutlet}",
     "{name: Syrian state media, kind: actor, class: MediaOutlet, iri: actor:no-such-outlet}",
     "entity Syrian state media: actor:no-such-outlet is not a node of the graph"),
])
def test_each_problem_is_one_line_naming_the_fact(graph, old, new, expected):
    assert old in SHEET
    with pytest.raises(FactSheetError) as info:
        convert(sheet(SHEET.replace(old, new, 1)), graph, name="s.yaml")
    assert any(p.startswith("s.yaml: ") and expected in p for p in info.value.problems), info.value.problems
    assert all("\n" not in p for p in info.value.problems)


def test_a_link_names_the_node_when_names_differ(graph):
    text = SHEET.replace("{name: Palmyra, kind: place, class: Place}", "{name: Tadmur, kind: place, class: Place}") \
        .replace("in: Palmyra", "in: Tadmur")
    with pytest.raises(FactSheetError) as info:
        convert(sheet(text), graph)  # not a name of the graph: a new place, which needs a type
    assert any("entity Tadmur: a new place needs its place type" in p for p in info.value.problems)
    result = convert(sheet(text), graph, links={"Tadmur": "place:palmyra"})
    assert result.linked["Tadmur"] == PLACE.palmyra


def test_the_command_writes_a_submission_that_submit_accepts(real_copy, tmp_path, capsys):  # noqa: F811
    path = tmp_path / "sheet.yaml"
    path.write_text(SHEET, encoding="utf-8")
    out = tmp_path / "out.ttl"
    assert run(["facts", str(path), "-o", str(out)]) == 0
    assert "10 facts converted" in capsys.readouterr().err
    assert run(["facts", str(path), "-o", str(out)]) == 2  # exists: --force
    assert run(["submit", str(out), "--author", "Ana Lyst <ana@example.org>"]) == 0
    assert len(submissions(real_copy)) == 1


def test_the_command_refuses_a_bad_sheet_with_one_line_each(real_copy, tmp_path, capsys):  # noqa: F811
    path = tmp_path / "sheet.yaml"
    path.write_text(SHEET.replace("measure: killed, min: 36", "measure: slain, min: 36")
                    .replace("claimant: Syrian state media, measure: time-of-day",
                             "claimant: State TV, measure: time-of-day"), encoding="utf-8")
    out = tmp_path / "out.ttl"
    assert run(["facts", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert any("fact f2: measure: 'slain'" in line for line in err)
    assert any("fact f10: claimant: 'State TV'" in line for line in err)
    assert all(line.startswith("conflictkg: error: ") for line in err)
    assert not out.exists()
    path.write_text("- just a list\n", encoding="utf-8")
    assert run(["facts", str(path)]) == 2
    assert "not a fact sheet" in capsys.readouterr().err
    assert run(["facts", str(path), "--link", "nothing"]) == 2


def test_names_the_graph_does_not_know_become_aliases_of_the_linked_node(graph):
    # "Syrian Observatory" is linked through its alias SOHR; the name the sheet uses becomes an alias,
    # recorded with the sections of the facts that name it. A name the graph knows is not added.
    text = SHEET.replace("{name: Syrian Observatory for Human Rights, aliases: [SOHR], kind: actor, class: Monitor}",
                         "{name: The Syrian Observatory, aliases: [SOHR, Syrian Observatory for Human Rights], "
                         "kind: actor, class: Monitor}").replace("claimant: Syrian Observatory for Human Rights",
                                                                 "claimant: The Syrian Observatory") \
        .replace("of: Syrian Observatory for Human Rights", "of: The Syrian Observatory")
    g = convert(sheet(text), graph).graph
    assert set(g.objects(ACTOR.sohr, SKOS.altLabel)) == {Literal("The Syrian Observatory", lang="en"),
                                                          Literal("The Observatory", lang="en")}
    [record] = [r for r in g.subjects(RDF.object, Literal("The Syrian Observatory", lang="en"))]
    assert set(g.objects(record, CKG.source)) == {SECTION, LEAD}  # the Airstrikes and Lead facts name it


def test_causes_are_said_as_caused_by(graph):
    # "caused-by": this event ckg:causedBy the other; "caused": the other ckg:causedBy this one.
    text = SHEET.replace("  - {name: Palmyra, kind: place, class: Place}",
                         "  - {name: Palmyra, kind: place, class: Place}\n"
                         "  - {name: Gaza war, kind: event, class: Conflict, iri: event:gaza-war}\n"
                         "  - {name: Test reprisal, kind: event, class: Strike}")
    text += ('  - {id: f11, kind: related, where: prose, section: Lead, quote: "an airstrike", event: Gaza war, '
             'relation: caused-by}\n'
             '  - {id: f12, kind: related, where: prose, section: Lead, quote: "an airstrike", event: Test reprisal, '
             'relation: caused}\n')
    result = convert(sheet(text), graph)
    assert (AIRSTRIKE, CKG.causedBy, EVENT["gaza-war"]) in result.graph
    assert (result.minted["Test reprisal"], CKG.causedBy, AIRSTRIKE) in result.graph
