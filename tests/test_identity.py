"""conflictkg.identity on its own: RFC 3986 normal forms, and the checks `submit` builds on them."""

from __future__ import annotations

import pytest
from rdflib import Graph

from conflictkg.identity import iri_problems, normal_iri, remove_dot_segments
from conflictkg.rdfio import load_graph

HEAD = """\
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix place: <https://w3id.org/conflict-kg/id/place/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


@pytest.fixture(scope="module")
def base(project) -> Graph:
    return load_graph(project)


def g(text: str) -> Graph:
    return Graph().parse(data=HEAD + text, format="turtle")


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
