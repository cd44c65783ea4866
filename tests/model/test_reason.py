"""Reasoning: the fast OWL RL rules give exactly owlrl's entailments, and data/ is never touched."""

from __future__ import annotations

import logging
import subprocess

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import to_isomorphic

from conflictkg.cli import run
from conflictkg.rdf.rdfio import load_graph
from conflictkg.model.entailment import (
    entailments,
    inconsistencies,
    is_trivial,
    ntriples_entailments,
    owlrl_closure,
    owlrl_entailments,
)
from exportkit import CONFLICTKG, mini_project, tree_digest  # noqa: F401

PREFIXES = """
@prefix : <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.fixture(scope="module")
def curated(project):
    """The project's ontology and data, with owlrl's closure computed once (slow: seconds)."""
    before = tree_digest(project.data_dir)
    graph = load_graph(project)
    closure, errors = owlrl_closure(graph)
    owl = {t for t in closure if t not in graph and not is_trivial(t)}
    return graph, owl, errors, before


def test_entailments_match_owlrl_on_curated_data(curated, project):
    graph, owl, _, before = curated
    mine = set(entailments(graph))
    assert mine == owl
    assert len(mine) > 500  # the comparison is not vacuous
    assert tree_digest(project.data_dir) == before


def test_curated_data_is_consistent_under_owl_rl(curated):
    _, _, errors, _ = curated
    assert errors == []


def test_expected_entailments_are_there(curated):
    graph, _, _, _ = curated
    new = entailments(graph)
    ckg = "https://w3id.org/conflict-kg/ontology#"
    strike = URIRef("https://w3id.org/conflict-kg/id/event/2024-palmyra-airstrike")
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert (strike, rdf_type, URIRef(ckg + "Event")) in new  # subclass
    assert (strike, URIRef(ckg + "participant"), None) in new  # property chain
    assert (strike, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace"), None) in new  # sub-property
    assert not (set(new) & set(graph))  # only new triples


def test_ntriples_engine_matches_rdflib_engine(curated):
    graph, owl, _, _ = curated
    lines = [f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph]
    got = Graph().parse(data="\n".join(ntriples_entailments(lines)) + "\n", format="nt")
    expected = Graph()
    for t in owl:
        expected.add(t)
    assert to_isomorphic(got) == to_isomorphic(expected)


def test_every_supported_rule_matches_owlrl():
    g = Graph().parse(data=PREFIXES + """
        :A rdfs:subClassOf :B . :B rdfs:subClassOf :C . :C owl:equivalentClass :D .
        :p rdfs:subPropertyOf :q . :q owl:equivalentProperty :r .
        :q rdfs:domain :A ; rdfs:range :C .
        :t a owl:TransitiveProperty . :s a owl:SymmetricProperty .
        :f owl:inverseOf :g .
        :chain owl:propertyChainAxiom ( :p :t :s ) .
        :x :p :y . :y :t :z . :z :t :w . :w :s :v .
        :x :f :y . :z :g :w .
        :y owl:sameAs :y2 . :y2 owl:sameAs :y3 .
        :y3 :label "shared" .
        :x :age "5"^^xsd:integer .
    """, format="turtle")
    assert set(entailments(g)) == owlrl_entailments(g)


def test_unsupported_construct_falls_back_to_owlrl(caplog):
    g = Graph().parse(data=PREFIXES + """
        :hasMother a owl:FunctionalProperty .
        :ann :hasMother :mary . :ann :hasMother :maria .
    """, format="turtle")
    with caplog.at_level(logging.WARNING, logger="conflictkg.model.entailment"):
        new = set(entailments(g))
    assert new == owlrl_entailments(g)
    assert (URIRef("http://example.org/mary"), URIRef("http://www.w3.org/2002/07/owl#sameAs"),
            URIRef("http://example.org/maria")) in new
    assert "falling back to owlrl" in caplog.text


def test_entailments_match_owlrl_on_fixture_with_same_as(mini_project):
    graph = load_graph(mini_project)
    assert set(entailments(graph)) == owlrl_entailments(graph)


def test_disjoint_kinds_are_reported_as_inconsistent(project):
    graph = load_graph(project, data=False)
    graph.parse(data="""
        @prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
        <https://w3id.org/conflict-kg/id/event/x> a ckg:Strike, ckg:Person .
    """, format="turtle")
    assert inconsistencies(graph)


def test_cli_reason_writes_only_the_entailments(project, tmp_path, curated):
    graph, owl, _, before = curated
    out = tmp_path / "entailed.ttl"
    assert run(["reason", "-o", str(out)]) == 0
    written = Graph().parse(out, format="turtle")
    expected = Graph()
    for t in owl:
        expected.add(t)
    assert to_isomorphic(written) == to_isomorphic(expected)
    assert out.read_text().startswith("# OWL RL entailments")
    assert tree_digest(project.data_dir) == before


def test_cli_reason_refuses_to_write_into_data(project, capsys):
    before = tree_digest(project.data_dir)
    assert run(["reason", "-o", str(project.data_dir / "entailed.ttl")]) == 2
    assert "refusing to write derived output into data/" in capsys.readouterr().err
    assert tree_digest(project.data_dir) == before


def test_reason_end_to_end(tmp_path, project):
    out = tmp_path / "entailed.nt"
    proc = subprocess.run([str(CONFLICTKG), "reason", "-o", str(out)], capture_output=True, text=True,
                          cwd=project.root)
    assert proc.returncode == 0, proc.stderr
    lines = out.read_text().splitlines()
    subjects = [line.split(" ", 1)[0][1:-1] for line in lines]
    assert subjects == sorted(subjects) and len(lines) > 500  # sorted by subject IRI
    assert "wrote" in proc.stderr
