"""The shapes graph itself: well-formed SHACL, tied to the ontology, a message on every constraint,
and every shape covered by the valid and invalid example corpora."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conflictkg.model.namespaces import CKG, SH
from conflictkg.rdf.rdfio import load_graph
from conflictkg.validation.validate import SHAPES_NS, load_shapes, short

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def shapes(project) -> Graph:
    return load_shapes(project)


@pytest.fixture(scope="module")
def ontology(project) -> Graph:
    return load_graph(project, data=False)


def ontology_classes(ontology) -> set:
    return {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(CKG))}


@pytest.mark.slow
def test_shapes_pass_shacl_for_shacl(shapes):
    import pyshacl

    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_class_reference_is_a_class_of_the_ontology(shapes, ontology):
    classes = ontology_classes(ontology)
    named = set(shapes.objects(None, SH["class"])) | set(shapes.objects(None, SH.targetClass))
    assert named, "the shapes name no class at all"
    assert sorted(str(c) for c in named - classes) == []


def test_every_class_of_the_ontology_has_its_node_shape(shapes, ontology):
    targeted = set(shapes.objects(None, SH.targetClass))
    for cls in ontology_classes(ontology):
        own = [s for s in shapes.subjects(SH.targetClass, cls) if str(s) == f"{SHAPES_NS}{str(cls)[len(str(CKG)):]}Shape"]
        assert own, f"no shape:{str(cls)[len(str(CKG)):]}Shape targets {cls}"
    assert targeted <= ontology_classes(ontology)


def test_every_constraint_has_a_message(shapes):
    missing = []
    bookkeeping = {RDF.type, SH.path, SH.severity, SH.sparql, RDFS.comment}
    for shape in set(shapes.subjects(RDF.type, SH.PropertyShape)):
        core = set(shapes.predicates(shape)) - bookkeeping  # a SPARQL constraint carries its own message
        if core and not list(shapes.objects(shape, SH.message)):
            missing.append(short(str(shape)))
    for constraint in set(shapes.objects(None, SH.sparql)):
        if not list(shapes.objects(constraint, SH.message)):
            missing.append(short(str(constraint)))
    # Node-level core constraints report the node shape's own message.
    node_level = [SH["not"], SH["or"], SH["and"], SH.xone, SH["in"], SH["class"], SH.datatype]
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if any((shape, p, None) in shapes for p in node_level) and not list(shapes.objects(shape, SH.message)):
            missing.append(short(str(shape)))
    assert missing == []


def test_node_shapes_with_sparql_carry_no_message_of_their_own(shapes):
    # pySHACL would add the node shape's message to every SPARQL result: keep messages specific.
    both = [
        short(str(s))
        for s in set(shapes.subjects(SH.sparql, None))
        if (s, RDF.type, SH.NodeShape) in shapes and list(shapes.objects(s, SH.message))
    ]
    assert both == []


def test_every_property_shape_is_named_and_reached_from_a_node_shape(shapes):
    reached = set(shapes.objects(None, SH.property))
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        assert isinstance(shape, URIRef)
        assert shape in reached, f"{shape} is not used by any node shape"


def test_typed_node_shape_catches_every_property_of_the_ontology(shapes, ontology):
    props = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    props = {p for p in props if str(p).startswith(str(CKG))}
    targets = set(shapes.objects(URIRef(SHAPES_NS + "TypedNodeShape"), SH.targetSubjectsOf))
    assert sorted(str(p) for p in props - targets) == []


def test_sparql_constraints_declare_their_prefixes(shapes):
    for constraint in set(shapes.objects(None, SH.sparql)):
        assert (constraint, SH.prefixes, URIRef("https://w3id.org/conflict-kg/shapes")) in shapes, constraint


# --------------------------------------------------------------------------------------------
# Coverage by the example corpora
# --------------------------------------------------------------------------------------------


def _named_shapes(shapes) -> set[str]:
    """Every shape that reports results of its own: node shapes with targets, and property shapes."""
    out = set()
    for s in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if not isinstance(s, URIRef):
            continue
        has_target = any((s, p, None) in shapes for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf))
        has_own_constraints = any(
            (s, p, None) in shapes
            for p in (SH.sparql, SH["not"], SH["or"], SH["in"], SH["class"], SH.datatype, SH.minCount, SH.maxCount,
                      SH.node, SH.pattern, SH.nodeKind, SH.minInclusive, SH.lessThanOrEquals, SH.minLength)
        )
        if (s, RDF.type, SH.PropertyShape) in shapes or (has_target and has_own_constraints):
            out.add(short(str(s)))
    return out


def _helper_shapes(shapes) -> set[str]:
    return {short(str(o)) for o in shapes.objects(None, SH.node) if isinstance(o, URIRef)}


def _expected_files():
    return sorted((DATA / "invalid").glob("*.expected.json"))


def test_every_shape_has_a_non_conforming_example(shapes):
    failing = set()
    for path in _expected_files():
        for result in json.loads(path.read_text())["results"]:
            failing.add(result["source_shape"])
    assert sorted(_named_shapes(shapes) - failing) == []


def test_every_closed_vocabulary_has_a_non_conforming_example(shapes):
    """Each helper shape (a value must be a concept of scheme X) is the sh:node of some property
    shape that an invalid example makes fail with sh:NodeConstraintComponent."""
    failing_node = {
        r["source_shape"]
        for path in _expected_files()
        for r in json.loads(path.read_text())["results"]
        if r["constraint_component"] == "sh:NodeConstraintComponent"
    }
    covered = set()
    for shape in failing_node:
        node = shapes.value(URIRef(SHAPES_NS + shape.split(":", 1)[1]), SH.node)
        if node is not None:
            covered.add(short(str(node)))
    assert sorted(_helper_shapes(shapes) - covered) == []


def _valid_graph() -> Graph:
    from conflictkg.rdf.rdfio import from_oxigraph
    from conflictkg.rdf.safeload import Limits, Source, _parse_quads, format_for, read_project_context

    graph = Graph()
    context = read_project_context()
    for path in sorted((DATA / "valid").iterdir()):
        source = Source(path.name, path.read_bytes(), format_for(path.name, None))
        bnodes: dict = {}
        for quad, _ in _parse_quads(source, path.read_text(encoding="utf-8"), Limits(), context):
            graph.add(tuple(from_oxigraph(t, bnodes, path.stem) for t in (quad.subject, quad.predicate, quad.object)))
    return graph


def test_every_shape_has_a_conforming_example(shapes, ontology):
    """Some valid example exercises every shape: a node of its target, with a value for its path
    (a sh:maxCount 0 path is exercised by its absence)."""
    valid = _valid_graph()
    both = Graph()
    for t in ontology:
        both.add(t)
    for t in valid:
        both.add(t)

    def instances(cls):
        subclasses = set(both.transitive_subjects(RDFS.subClassOf, cls))
        return {s for c in subclasses for s in valid.subjects(RDF.type, c)}

    def focus_of(shape):
        nodes = set()
        for cls in shapes.objects(shape, SH.targetClass):
            nodes |= instances(cls)
        for p in shapes.objects(shape, SH.targetSubjectsOf):
            nodes |= set(valid.subjects(p, None))
        for p in shapes.objects(shape, SH.targetObjectsOf):
            nodes |= set(valid.objects(None, p))
        return nodes

    unexercised = []
    for name in sorted(_named_shapes(shapes)):
        shape = URIRef(SHAPES_NS + name.split(":", 1)[1])
        if (shape, RDF.type, SH.PropertyShape) in shapes:
            parents = set(shapes.subjects(SH.property, shape))
            nodes = set().union(*(focus_of(p) for p in parents))
            path = shapes.value(shape, SH.path)
            if isinstance(path, URIRef) and (shape, SH.maxCount, None) in shapes and int(shapes.value(shape, SH.maxCount)) == 0:
                ok = bool(nodes)
            elif isinstance(path, URIRef):
                ok = any((n, path, None) in valid for n in nodes)
            elif isinstance(path, BNode) and (path, SH.inversePath, None) in shapes:
                ok = any((None, shapes.value(path, SH.inversePath), n) in valid for n in nodes)
            else:
                ok = bool(nodes)
        else:
            ok = bool(focus_of(shape))
        if not ok:
            unexercised.append(name)
    assert unexercised == []
