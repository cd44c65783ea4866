"""Ontology quality: it parses, every term is labelled and defined, the data uses only defined terms,
alignments are subclass/subproperty only, and the OWL RL consistency check can find an inconsistency
(that the curated graph has none is tested in tests/model/test_reason.py)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from conflictkg.model.entailment import owlrl_closure
from conflictkg.model.namespaces import CKG, CKV, ONTOLOGY_IRI
from conflictkg.rdf.rdfio import load_graph

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)


@pytest.fixture(scope="module")
def onto(project) -> Graph:
    return load_graph(project, data=False)


@pytest.fixture(scope="module")
def data(project) -> Graph:
    return load_graph(project, ontology=False)


def ckg_terms(onto):
    return sorted({s for t in TERM_TYPES for s in onto.subjects(RDF.type, t) if str(s).startswith(str(CKG))})


def test_one_versioned_ontology(onto):
    ontologies = list(onto.subjects(RDF.type, OWL.Ontology))
    assert ontologies == [URIRef(ONTOLOGY_IRI)]
    assert onto.value(ontologies[0], OWL.versionIRI) is not None
    assert onto.value(ontologies[0], OWL.versionInfo) is not None


def test_required_classes_exist(onto):
    for name in ["MilitaryEvent", "Strike", "Offensive", "Conflict", "Actor", "Unit", "Person", "ArmedGroup",
                 "ArmedForce", "State", "Organisation", "Monitor", "MediaOutlet", "Claim", "Participation",
                 "Place", "SourceDocument", "DocumentSection", "Group"]:
        assert (CKG[name], RDF.type, OWL.Class) in onto, name


def test_every_term_has_label_and_definition(onto):
    missing = [t for t in ckg_terms(onto)
               if not onto.value(t, RDFS.label) or not onto.value(t, SKOS.definition)]
    assert missing == []
    assert len(ckg_terms(onto)) > 80


def test_every_concept_is_labelled_defined_and_in_a_scheme(onto):
    concepts = list(onto.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 80
    for c in concepts:
        assert onto.value(c, SKOS.prefLabel), c
        assert onto.value(c, SKOS.definition), c
        scheme = onto.value(c, SKOS.inScheme)
        assert scheme is not None and (scheme, RDF.type, SKOS.ConceptScheme) in onto, c
    for scheme in ["event-type", "actor-type", "role", "measure", "stance", "hedge", "precision", "geo-precision"]:
        assert (CKV[scheme], RDF.type, SKOS.ConceptScheme) in onto, scheme


def test_names_follow_conventions(onto):
    for t in ckg_terms(onto):
        local = str(t)[len(str(CKG)):]
        if (t, RDF.type, OWL.Class) in onto:
            assert local[0].isupper(), f"class {local} must be UpperCamelCase"
        elif (t, RDF.type, OWL.NamedIndividual) not in onto:
            assert local[0].islower(), f"property {local} must be lowerCamelCase"


def test_alignments_use_no_equivalent_class(onto):
    assert list(onto.triples((None, OWL.equivalentClass, None))) == []
    assert list(onto.triples((None, OWL.equivalentProperty, None))) == []
    external = {str(o) for s, o in onto.subject_objects(RDFS.subClassOf) if isinstance(o, URIRef)} | {
        str(o) for s, o in onto.subject_objects(RDFS.subPropertyOf)}
    for ns in ["http://semanticweb.cs.vu.nl/2009/11/sem/", "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#",
               "http://www.opengis.net/ont/geosparql#", "https://schema.org/"]:
        assert any(e.startswith(ns) for e in external), f"no alignment to {ns}"
    time_matches = {str(o) for o in onto.objects(None, SKOS.exactMatch)}
    assert "http://www.w3.org/2006/time#unitDay" in time_matches


def test_wikidata_matches(onto):
    wd = Namespace("http://www.wikidata.org/entity/")
    assert (CKV["event-type/airstrike"], SKOS.closeMatch, wd.Q2380335) in onto
    assert (CKV["event-type/offensive"], SKOS.closeMatch, wd.Q2001676) in onto


def test_data_uses_only_defined_terms(onto, data):
    defined = set(onto.subjects())
    allowed_external = (str(RDF), str(RDFS), str(SKOS), "http://www.opengis.net/ont/geosparql#")
    used = set()
    for s, p, o in data:
        used.add(p)
        if p == RDF.type:
            used.add(o)
        if isinstance(o, URIRef) and (str(o).startswith(str(CKV)) or str(o).startswith(str(CKG))):
            used.add(o)
    undefined = sorted(str(u) for u in used if u not in defined and not str(u).startswith(allowed_external))
    assert undefined == []


def _closure_errors(graph: Graph) -> list[str]:
    return owlrl_closure(graph)[1]


# That the ontology and data are consistent under OWL RL is tested where owlrl's closure of them is
# computed once for every reasoning test (tests/model/test_reason.py,
# test_curated_data_is_consistent_under_owl_rl): the closure takes 20 s, too long to compute twice.


def test_owl_rl_check_detects_inconsistency(project):
    # The consistency check can fail: a node that is both a claim and a place is caught.
    graph = load_graph(project, data=False)
    bad = URIRef("https://w3id.org/conflict-kg/id/claim/also-a-place")
    graph.add((bad, RDF.type, CKG.Claim))
    graph.add((bad, RDF.type, CKG.Place))
    assert _closure_errors(graph) != []
    graph.remove((bad, RDF.type, CKG.Place))
    assert _closure_errors(graph) == []


def test_docs_diagram_is_generated_from_the_ontology(project, onto):
    from conflictkg.publish.diagram import markdown_block, mermaid

    doc = (project.root / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert markdown_block(onto) in doc, "run `conflictkg diagram --update docs/ontology.md`"
    diagram = mermaid(onto)
    assert "MilitaryEvent <|-- Strike" in diagram
    assert "Claim --> Actor : claimant" in diagram


def test_diagram_check_fails_when_stale(project, tmp_path, capsys):
    from conflictkg.cli import run

    stale = tmp_path / "doc.md"
    stale.write_text("x\n<!-- diagram:start (generated by `conflictkg diagram --update docs/ontology.md`) -->\nold\n<!-- diagram:end -->\n")
    assert run(["diagram", "--update", str(stale), "--check"]) == 1
    assert run(["diagram", "--update", str(stale)]) == 0
    assert run(["diagram", "--update", str(stale), "--check"]) == 0
