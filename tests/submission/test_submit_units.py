"""The parts of `submit` on their own: naming, duplicates, rewrites, hashing, the lock."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from rdflib import Graph

from conflictkg.core.errors import UserError
from conflictkg.core.lock import data_lock
from conflictkg.core.paths import Project
from conflictkg.rdf.rdfio import load_graph
from conflictkg.submission.submit import canonical_ntriples, duplicate_problems, mint, record, rewrite_problems
from rdfhelpers import short

HEAD = """\
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix event: <https://w3id.org/conflict-kg/id/event/> .
@prefix measure: <https://w3id.org/conflict-kg/vocab/measure/> .
@prefix place: <https://w3id.org/conflict-kg/id/place/> .
@prefix precision: <https://w3id.org/conflict-kg/vocab/precision/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix role: <https://w3id.org/conflict-kg/vocab/role/> .
@prefix source: <https://w3id.org/conflict-kg/id/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.fixture(scope="module")
def base(project) -> Graph:
    return load_graph(project)


def g(text: str) -> Graph:
    return Graph().parse(data=HEAD + text, format="turtle")


def names(graph: Graph) -> list[str]:
    return sorted(short(s) for s in set(graph.subjects()))


def event(label: str, date: str, precision: str = "day", cls: str = "Strike", place: str = "palmyra", extra: str = "") -> str:
    return (f'_:e a ckg:{cls} ; rdfs:label "{label}"@en ; ckg:startDate "{date}"^^xsd:date ; '
            f'ckg:datePrecision precision:{precision} ; ckg:location place:{place} {extra}.\n')


@pytest.mark.parametrize("label, date, precision, expected", [
    ("Palmyra offensive (2024)", "2024-12-06", "day", "event:2024-palmyra-offensive-2"),  # curated one exists
    ("Hama airstrike (22 January 2021)", "2021-01-22", "day", "event:2021-01-22-hama-airstrike-2"),
    ("Syria missile strikes (March 2022)", "2022-03-01", "month", "event:2022-03-syria-missile-strikes"),
    ("2025 Tiyas airstrike", "2025-03-15", "day", "event:2025-tiyas-airstrike"),
    ("Tiyas airstrike", "2025-03-15", "day", "event:2025-03-15-tiyas-airstrike"),
    ("Tiyas airstrike", "2025-03-01", "month", "event:2025-03-tiyas-airstrike"),
    ("Tiyas airstrike (near the base)", "2025-03-15", "day", "event:2025-03-15-tiyas-airstrike-near-the-base"),
])
def test_event_names(base, label, date, precision, expected):
    assert names(mint(g(event(label, date, precision)), base)) == [expected]


def test_claims_and_participations_are_named_after_their_event(base):
    minted = mint(g(event("Tiyas airstrike", "2025-03-15", extra="; ckg:hasParticipation _:p ") + """
        _:p a ckg:Participation ; ckg:agent ckg:unknownActor ; ckg:role role:perpetrator ; ckg:side 2 .
        _:c a ckg:Claim ; ckg:about _:e ; ckg:claimant actor:sohr ; ckg:measure measure:killed ;
            ckg:source source:wikipedia-2024-palmyra-airstrike-lead .
        _:d a ckg:Claim ; ckg:about event:2024-palmyra-airstrike ; ckg:claimant actor:sohr ; ckg:measure measure:killed ;
            ckg:source source:wikipedia-2024-palmyra-airstrike-lead ."""), base)
    assert names(minted) == [
        "claim:2024-palmyra-airstrike-sohr-killed-lead-2",  # the curated claim has the plain name
        "claim:2025-03-15-tiyas-airstrike-sohr-killed-lead",
        "event:2025-03-15-tiyas-airstrike",
        "part:2025-03-15-tiyas-airstrike-unknown-perpetrator-side-2",
    ]


def test_the_file_is_named_after_the_main_event_not_a_part_of_it(base):
    # A battle with one of its airstrikes: the airstrike's IRI sorts first, but the file is the battle's.
    minted = mint(g(event("Battle of Tiyas", "2025-03-01", "month", cls="Offensive") + """
        _:s a ckg:Strike ; rdfs:label "Airstrike on the Tiyas hospital"@en ; ckg:startDate "2025-03-02"^^xsd:date ;
            ckg:datePrecision precision:day ; ckg:location place:palmyra ; ckg:partOf _:e .
        _:c a ckg:Claim ; ckg:about _:s ; ckg:claimant actor:sohr ; ckg:measure measure:killed ;
            ckg:source source:wikipedia-2024-palmyra-airstrike-lead ."""), base)
    assert names(minted)[1:] == ["event:2025-03-02-airstrike-on-the-tiyas-hospital", "event:2025-03-battle-of-tiyas"]
    now = dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc)
    stem = record(minted, base, set(), author="a", now=now, existing_files=set())[2]
    assert re.fullmatch(r"2026-12-07-2025-03-battle-of-tiyas-[0-9a-f]{8}", stem), stem
    # Of two events neither part of the other, the one the claims are about.
    two = mint(g(event("Tiyas airstrike", "2025-03-15") + """
        _:f a ckg:Strike ; rdfs:label "Al-Bab airstrike"@en ; ckg:startDate "2025-03-16"^^xsd:date ;
            ckg:datePrecision precision:day ; ckg:location place:palmyra .
        _:c a ckg:Claim ; ckg:about _:f ; ckg:claimant actor:sohr ; ckg:measure measure:killed ;
            ckg:source source:wikipedia-2024-palmyra-airstrike-lead ."""), base)
    stem = record(two, base, set(), author="a", now=now, existing_files=set())[2]
    assert re.fullmatch(r"2026-12-07-2025-03-16-al-bab-airstrike-[0-9a-f]{8}", stem), stem


def test_naming_does_not_depend_on_order(base):
    a = "_:x a ckg:Claim ; ckg:about event:2024-palmyra-airstrike ; ckg:claimant actor:sohr ; ckg:measure measure:injured ; ckg:quote \"A\" .\n"
    b = "_:y a ckg:Claim ; ckg:about event:2024-palmyra-airstrike ; ckg:claimant actor:sohr ; ckg:measure measure:injured ; ckg:quote \"B\" .\n"
    assert canonical_ntriples(mint(g(a + b), base)) == canonical_ntriples(mint(g(b + a), base))


@pytest.mark.parametrize("text, dup", [
    (event("x", "2024-11-21"), True),  # a day later, same place
    (event("x", "2024-11-19", place="homs-governorate"), True),  # a day earlier, a place that contains Palmyra
    (event("x", "2024-11-01", precision="month", place="syria"), True),  # a month-precision date covers the 20th
    (event("x", "2024-11-22"), False),  # two days later
    (event("x", "2024-11-20", place="hama"), False),  # another place
    (event("x", "2024-11-20", cls="Offensive"), False),  # another type (but it may be an offensive of 2024 in Syria)
    (event("x", "2024-01-01", precision="year"), False),  # a year is too coarse to match by kind and place
    (event("2024 Palmyra airstrike", "2024-01-01", precision="year"), True),  # but it matches by name
    (event("x", "2024-11-20", extra="; ckg:partOf event:2024-palmyra-airstrike "), False),  # a part of it
    (event("x", "2024-11-20", extra="; ckg:partOf [ a ckg:Strike ; ckg:partOf event:2024-palmyra-airstrike ] "), False),
])
def test_duplicates(base, text, dup):
    problems = duplicate_problems(mint(g(text), base), base)
    assert any("may duplicate event:2024-palmyra-airstrike " in p for p in problems) == dup


def test_rewrites_name_the_subject_and_the_claim_to_write(base):
    problems = rewrite_problems(g('event:2024-palmyra-airstrike ckg:startDate "2024-11-21"^^xsd:date .\n'
                                  'actor:sohr rdfs:label "Observatory"@en .\n'), base)
    assert len(problems) == 2
    assert problems[0].startswith("actor:sohr is already in the graph") and "curated by hand" in problems[0]
    assert "measure:occurrence with ckg:referenceDate" in problems[1]


def test_lock_times_out_with_a_clear_message(tmp_path):
    project = Project(tmp_path)
    with data_lock(project):
        with pytest.raises(UserError) as err:
            with data_lock(project, timeout=0.2):
                pass
    assert err.value.exit_code == 1 and "locked by another writer" in err.value.message
    with data_lock(project, timeout=0.2):  # released
        pass
