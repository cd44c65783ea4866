"""The safe loader's own guarantees, function by function (the hostile corpus tests them end to end)."""

from __future__ import annotations

import pytest
from rdflib import BNode, URIRef

from conflictkg.rdf import safeload
from conflictkg.rdf.safeload import Limits, Policy, Refused, Source, iri_problem, literal_problem, load_sources

CKG = "https://w3id.org/conflict-kg/ontology#"
POLICY = Policy(classes=frozenset({CKG + "Place", CKG + "Strike", CKG + "Claim"}))
HEAD = "@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"


def load(*texts: tuple[str, str, str]):
    return load_sources([Source(n, t.encode(), f) for n, t, f in texts], Limits(), POLICY)


def test_blank_nodes_are_relabelled_per_file():
    body = HEAD + "<https://w3id.org/conflict-kg/id/place/{0}> a ckg:Place ; rdfs:seeAlso _:a .\n_:a a ckg:Place .\n"
    loaded = load(("a.ttl", body.format("a"), "turtle"), ("b.ttl", body.format("b"), "turtle"))
    blanks = {t for q in loaded.quads for t in q[:3] if isinstance(t, BNode)}
    assert blanks == {BNode("f1b1"), BNode("f2b1")}


def test_named_graphs_are_kept_with_their_names():
    text = HEAD + (
        "<https://w3id.org/conflict-kg/id/place/a> a ckg:Place .\n"
        "<https://w3id.org/conflict-kg/id/submission/g> { <https://w3id.org/conflict-kg/id/place/b> a ckg:Place . }\n"
    )
    loaded = load(("g.trig", text, "trig"))
    assert {q[3] for q in loaded.quads} == {None, URIRef("https://w3id.org/conflict-kg/id/submission/g")}
    assert loaded.files[0].graphs == ["", "https://w3id.org/conflict-kg/id/submission/g"]


def test_positions_point_at_the_subject_line():
    text = HEAD + "\n<https://w3id.org/conflict-kg/id/place/a>\n    a ckg:Place ;\n    rdfs:label \"A\"@en .\n"
    loaded = load(("p.ttl", text, "turtle"))
    assert loaded.positions[URIRef("https://w3id.org/conflict-kg/id/place/a")] == ("p.ttl", 4)


def test_round_trip_failure_is_refused(monkeypatch):
    """If what would be written did not read back the same, the submission is refused."""
    from conflictkg.rdf import rdfio

    real = rdfio.canonical_turtle

    def lossy(graph, **kw):
        text = real(graph, **kw)
        return text.replace(' ;\n    rdfs:label "A"@en', "")

    monkeypatch.setattr(rdfio, "canonical_turtle", lossy)
    text = HEAD + "<https://w3id.org/conflict-kg/id/place/a> a ckg:Place ;\n    rdfs:label \"A\"@en .\n"
    with pytest.raises(Refused) as info:
        load(("p.ttl", text, "turtle"))
    assert "round-trip check failed" in info.value.message


@pytest.mark.parametrize("blank", [False, True], ids=["iris-only", "with-blank-node"])
def test_round_trip_catches_a_changed_value(monkeypatch, blank):
    """Same number of triples, one value changed: refused, whether the graph is compared as a set of
    triples (no blank nodes) or by isomorphism (blank nodes)."""
    from rdflib import BNode, Literal
    from rdflib.namespace import RDFS

    from conflictkg.rdf import rdfio
    from conflictkg.rdf.safeload import _check_round_trip

    real = rdfio.canonical_turtle
    monkeypatch.setattr(rdfio, "canonical_turtle", lambda graph, **kw: real(graph, **kw).replace('"A"@en', '"B"@en'))
    place = URIRef("https://w3id.org/conflict-kg/id/place/a")
    quads = [(place, RDFS.label, Literal("A", lang="en"), None)]
    if blank:
        quads.append((place, RDFS.seeAlso, BNode(), None))
    _check_round_trip([(place, RDFS.comment, Literal("kept"), None)], {}, [])  # unchanged: accepted
    with pytest.raises(Refused) as info:
        _check_round_trip(quads, {}, [])
    assert "round-trip check failed" in info.value.message


@pytest.mark.parametrize(
    "iri, ok",
    [
        ("https://w3id.org/conflict-kg/id/place/a", True),
        ("http://example.org/a#b", True),
        ("https://w3id.org/conflict-kg/id/place/a>b", False),
        ("https://example.org/a b", False),
        ("https://example.org/a\u202eb", False),
        ("file:///etc/passwd", False),
        ("urn:x:y", False),
        ("place/a", False),
        ("https://", False),
    ],
)
def test_iri_checks(iri, ok):
    assert (iri_problem(iri, Limits()) is None) == ok


@pytest.mark.parametrize(
    "lexical, datatype, language, ok",
    [
        ("1.5", "http://www.w3.org/2001/XMLSchema#double", None, True),
        ("NaN", "http://www.w3.org/2001/XMLSchema#double", None, False),
        ("-INF", "http://www.w3.org/2001/XMLSchema#float", None, False),
        ("1e400", "http://www.w3.org/2001/XMLSchema#double", None, False),
        ("9" * 41, "http://www.w3.org/2001/XMLSchema#integer", None, False),
        ("text\twith tab\nand line", None, None, True),
        ("bell\x07", None, None, False),
        ("x", None, "en-GB", True),
        ("x", None, "en_GB", False),
        ("x", "http://www.w3.org/2001/XMLSchema#string>", None, False),
    ],
)
def test_literal_checks(lexical, datatype, language, ok):
    assert (literal_problem(lexical, datatype, language, Limits()) is None) == ok


def test_format_choice():
    assert safeload.format_for("a.TTL", None) == "turtle"
    assert safeload.format_for("a.json", None) == "jsonld"
    assert safeload.format_for("-", None) == "turtle"
    assert safeload.format_for("a.txt", "nt") == "ntriples"
    for name, fmt in (("a.rdf", None), ("a.owl", None), ("a.n3", None), ("a.ttl", "rdfxml")):
        with pytest.raises(Refused):
            safeload.format_for(name, fmt)


def test_a_directory_is_refused(tmp_path):
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(Refused) as info:
        safeload.read_source(str(tmp_path / "dir.ttl"), None, Limits())
    assert "is a directory" in info.value.message
