"""Enriching what the graph holds (conflictkg.submission.enrich): a submission adds a finer date,
places, participations and aliases to existing nodes, each statement recorded with the section that
supports it and who added it; what would contradict or rewrite them is refused, with how to say it
as a claim. The enriched stub then answers the stored queries at its new detail."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from conflictkg.cli import run
from conflictkg.model.names import NameIndex
from conflictkg.model.namespaces import ACTOR, CKG, EVENT
from conflictkg.rdf.rdfio import load_graph
from conflictkg.submission import enrich

from test_submit import PREFIXES, copy, real_copy, submissions, tree, verify_file, write  # noqa: F401

STUB = "event:2024-northwestern-syria-offensive"  # curated from a "See also" list: year precision only
SOURCE = PREFIXES + """@prefix precision: <https://w3id.org/conflict-kg/vocab/precision/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
_:doc a ckg:SourceDocument ;
    rdfs:label "Test chronology of the 2024 offensives"@en ;
    ckg:url "https://example.org/chronology-2024"^^xsd:anyURI ;
    ckg:publisher actor:sohr .
_:sec a ckg:DocumentSection ;
    rdfs:label "November"@en ;
    ckg:sectionOf _:doc ;
    ckg:url "https://example.org/chronology-2024#november"^^xsd:anyURI .
"""


def enrichment(body: str) -> str:
    return SOURCE + body


REFINE = enrichment(f"""
{STUB} a ckg:Offensive ;
    ckg:startDate "2024-11-27"^^xsd:date ;
    ckg:datePrecision precision:day ;
    ckg:location place:hama ;
    ckg:hasParticipation _:army ;
    ckg:source _:sec ;
    ckg:quote "The offensive began on 27 November 2024 near Hama." .
_:army a ckg:Participation ;
    ckg:agent actor:syrian-arab-army ;
    ckg:role role:combatant ;
    ckg:side 2 ;
    ckg:source _:sec ;
    ckg:quote "The Syrian Arab Army defended the city." .
actor:isis a ckg:ArmedGroup ;
    skos:altLabel "Daesh"@en ;
    ckg:source _:sec ;
    ckg:quote "the Islamic State (Daesh)" .
""")


def _query(name: str, capsys, **params) -> list[dict]:
    args = ["query", name, "--format", "json"] + [x for k, v in params.items() for x in ("--param", f"{k}={v}")]
    assert run(args) == 0, capsys.readouterr().err
    data = json.loads(capsys.readouterr().out)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_a_stub_enriched_shows_its_finer_date_places_and_sides(real_copy, tmp_path, capsys):
    path = write(tmp_path, "refine.ttl", REFINE)
    assert run(["submit", str(path), "--author", "Ana <a@e.org>"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    [written] = submissions(real_copy)
    graph = verify_file(written)
    iri = EVENT["2024-northwestern-syria-offensive"]

    timeline = [r for r in _query("event-timeline", capsys) if r["event"] == str(iri)]
    assert {(r["start"], r["precision"].rsplit("/", 1)[1]) for r in timeline} == {("2024-11-27", "day")}
    assert any(r["event"] == str(iri) for r in _query("events-by-place", capsys, place="hama"))
    sides = {(r["agent"].rsplit("/", 1)[1], r.get("side")) for r in _query("participants", capsys, event=str(iri))}
    assert ("syrian-arab-army", "2") in sides and ("tahrir-al-sham", None) in sides

    # Every added statement is recorded: its section, its quote, who added it and when.
    provenance = _query("statement-provenance", capsys, node="2024-northwestern-syria-offensive")
    properties = {r["property"].rsplit("#", 1)[1] for r in provenance}
    assert properties == {"startDate", "datePrecision", "location", "hasParticipation"}
    assert all(r["submittedBy"] == "Ana <a@e.org>" and r["quote"].startswith("The offensive began") for r in provenance)
    assert all("chronology" in r["section"] and r["section"].endswith("-november") for r in provenance)
    # The existing nodes are enriched, not added; the records are.
    record = next(graph.subjects(RDF.type, CKG.Submission))
    added = set(graph.objects(record, CKG.added))
    assert iri not in added and ACTOR.isis not in added
    assert {a for a in added if "/record/" in str(a)} == set(graph.subjects(RDF.type, CKG.StatementRecord))
    # The curated coarse date is still there: nothing curated is removed.
    assert (iri, CKG.startDate, Literal("2024-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))) \
        in load_graph(real_copy)

    # An alias added to an existing actor is found by every name lookup.
    assert NameIndex.from_graph(load_graph(real_copy)).find("actor", "Daesh") == [ACTOR.isis]
    # And the whole graph still validates.
    assert run(["validate", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["conforms"]


CONTRADICTIONS = {
    "another-day": (f"""{STUB} a ckg:Offensive ; ckg:startDate "2025-03-01"^^xsd:date ;
                        ckg:datePrecision precision:day ; ckg:source _:sec .""",
                    "is not inside it", "measure:occurrence with ckg:referenceDate"),
    "same-precision": ("""event:2024-palmyra-airstrike a ckg:Strike ; ckg:startDate "2024-11-21"^^xsd:date ;
                          ckg:source _:sec .""",
                       "not at a finer ckg:datePrecision", "measure:occurrence with ckg:referenceDate"),
    "second-perpetrator": (f"""{STUB} a ckg:Offensive ; ckg:hasParticipation _:p ; ckg:source _:sec .
                               _:p a ckg:Participation ; ckg:agent actor:syrian-free-army ; ckg:role role:perpetrator ;
                               ckg:source _:sec .""",
                           "already has its perpetrator", "measure:perpetrator with ckg:objectValue"),
    "new-label": ("""actor:sohr a ckg:Monitor ; rdfs:label "The Observatory"@en ; ckg:source _:sec .""",
                  "rdfs:label refused", "skos:altLabel"),
    "claim-rewritten": ("""claim:2024-palmyra-airstrike-sohr-killed-lead a ckg:Claim ; ckg:bestValue "200"^^xsd:nonNegativeInteger .""",
                        "ckg:bestValue refused", "new ckg:Claim"),
    "unsupported": (f"""{STUB} a ckg:Offensive ; ckg:location place:hama .""",
                    "say which section supports", "ckg:source <section>"),
}


@pytest.mark.parametrize("case", sorted(CONTRADICTIONS))
def test_a_contradiction_is_refused_with_how_to_say_it_as_a_claim(copy, tmp_path, capsys, case):
    body, what, how = CONTRADICTIONS[case]
    text = enrichment(body).replace("@prefix", "@prefix claim: <https://w3id.org/conflict-kg/id/claim/> .\n@prefix", 1)
    path = write(tmp_path, f"{case}.ttl", text)
    before = tree(copy.data_dir)
    assert run(["submit", str(path), "--author", "a"]) == 1
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if what in line)
    assert how in line, err
    assert tree(copy.data_dir) == before


def test_an_alias_that_reads_like_another_node_is_a_possible_duplicate(copy, tmp_path, capsys):
    path = write(tmp_path, "alias.ttl", enrichment("""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        actor:isis a ckg:ArmedGroup ; skos:altLabel "SOHR"@en ; ckg:source _:sec ."""))
    assert run(["submit", str(path), "--author", "a"]) == 1
    assert "reads like the name of actor:sohr" in capsys.readouterr().err
    assert run(["submit", str(path), "--author", "a", "--force"]) == 0


def test_refinement_rule_units(copy):
    base = load_graph(copy)
    from rdflib import Graph

    def problems(turtle: str) -> list[str]:
        g = Graph().parse(data=PREFIXES + "@prefix precision: <https://w3id.org/conflict-kg/vocab/precision/> .\n"
                          + turtle, format="turtle")
        return enrich.analyse(g, base).problems

    ok = 'ckg:source source:wikipedia-palmyra-offensive-2024-lead'
    # Year 2024 refined to a day of 2024, with an end inside the year: a refinement.
    assert problems(f'{STUB} a ckg:Offensive ; ckg:startDate "2024-11-27"^^xsd:date ; ckg:endDate "2024-12-08"^^xsd:date ; '
                    f'ckg:datePrecision precision:day ; {ok} .') == []
    # An end date where the event has none, at its precision: an addition.
    assert problems(f'event:2024-capture-of-damascus a ckg:MilitaryEvent ; ckg:endDate "2024-12-09"^^xsd:date ; {ok} .') == []
    # An end outside the year, a month precision without its date, a coarser date: contradictions.
    assert problems(f'{STUB} a ckg:Offensive ; ckg:startDate "2024-11-27"^^xsd:date ; ckg:endDate "2025-01-08"^^xsd:date ; '
                    f'ckg:datePrecision precision:day ; {ok} .')
    assert problems(f'{STUB} a ckg:Offensive ; ckg:datePrecision precision:month ; {ok} .')
    assert problems(f'event:2024-palmyra-airstrike a ckg:Strike ; ckg:startDate "2024-11-01"^^xsd:date ; '
                    f'ckg:datePrecision precision:month ; {ok} .')


def test_an_event_known_only_by_name_may_get_its_class(copy):
    # A ckg:Event (what a submission makes of an event another article names in passing) may be
    # narrowed to the class a later source gives it; a class beside or above the one it has may not.
    from rdflib import Graph

    base = load_graph(copy)
    base.add((EVENT["named-only"], RDF.type, CKG.Event))
    ok = 'ckg:source source:wikipedia-palmyra-offensive-2024-lead'

    def analysed(turtle: str):
        return enrich.analyse(Graph().parse(data=PREFIXES + turtle, format="turtle"), base)

    narrowed = analysed(f"event:named-only a ckg:Offensive ; {ok} .")
    assert narrowed.problems == [] and (EVENT["named-only"], RDF.type, CKG.Offensive) in narrowed.statements
    assert "rdf:type refused" in " ".join(analysed(f"{STUB} a ckg:Strike ; {ok} .").problems)  # an Offensive already
    assert analysed(f"event:2024-palmyra-airstrike a ckg:Event ; {ok} .").problems  # wider than its class


def test_a_drafted_other_name_of_a_curated_actor_lands_as_a_recorded_enrichment(real_copy, tmp_path):
    """`conflictkg draft` adds "Syrian Arab Army (SAA)"'s abbreviation, which the graph lacks, as an
    enrichment of the curated actor; once its marker is resolved, `submit` accepts it and records the
    added statement with the section that gives it."""
    from conflictkg.submission.article import parse_article  # noqa: PLC0415 - local: only this test drafts
    from conflictkg.submission.draft import draft_submission  # noqa: PLC0415 - local: only this test drafts
    from rdflib.namespace import SKOS  # noqa: PLC0415 - local: only this test reads aliases

    article = parse_article("= Example clashes near Mayadin =\n\nInfobox\n- Date: 14 June 2022\n- Type: Battle\n"
                            "- Location: Mayadin, Syria\n- Combatant1: Syrian Arab Army (SAA)\n- Combatant2: Islamic State\n",
                            "example.txt")
    graph = load_graph(real_copy)
    army = ACTOR["syrian-arab-army"]
    assert (army, SKOS.altLabel, Literal("SAA", lang="en")) not in graph
    draft = draft_submission(article, NameIndex.from_graph(graph), url="https://en.wikipedia.org/wiki/Example")
    assert any(node == "actor:syrian-arab-army" and note.startswith("skos:altLabel: 'SAA'") for node, note in draft.notes)
    path = tmp_path / "draft.ttl"
    path.write_text("".join(l for l in draft.text.splitlines(True) if "ckg:draftNote" not in l), encoding="utf-8")
    assert run(["submit", str(path), "--author", "Ana Lyst <ana@example.org>"]) == 0
    [written] = submissions(real_copy)
    added = verify_file(written)
    record = next(r for r in added.subjects(RDF.subject, army) if added.value(r, RDF.predicate) == SKOS.altLabel)
    assert added.value(record, RDF.object) == Literal("SAA", lang="en")
    assert (army, SKOS.altLabel, Literal("SAA", lang="en")) in load_graph(real_copy)
