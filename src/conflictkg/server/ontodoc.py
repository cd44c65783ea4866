"""HTML documentation of the ontology, generated from the ontology graph itself.

pyLODE would be the usual tool, but its current release (3.4) fails when installed from a wheel
(it reads its own pyproject.toml at import time), so the same kind of page is generated here:
metadata, then every class, property and named individual of the ontology's namespace with its
label, definition, hierarchy, domain and range, characteristics, inverse, property chain and
disjointness, each at `#LocalName` so that `ckg:Claim` (https://w3id.org/conflict-kg/ontology#Claim)
resolves to its entry. Nothing on the page is written by hand: change the ontology and the page
follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from conflictkg.model.namespaces import CKG, ONTOLOGY_IRI, PREFIXES
from conflictkg.rdf.rdfio import parse_turtle_file

OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"

CHARACTERISTICS = {
    OWL + "TransitiveProperty": "transitive",
    OWL + "SymmetricProperty": "symmetric",
    OWL + "FunctionalProperty": "functional",
    OWL + "InverseFunctionalProperty": "inverse functional",
    OWL + "AsymmetricProperty": "asymmetric",
    OWL + "IrreflexiveProperty": "irreflexive",
    OWL + "ReflexiveProperty": "reflexive",
}
KINDS = {
    OWL + "ObjectProperty": "object property",
    OWL + "DatatypeProperty": "datatype property",
    OWL + "AnnotationProperty": "annotation property",
}


@dataclass
class Entry:
    iri: str
    anchor: str
    label: str
    kind: str
    definition: str = ""
    comments: list[str] = field(default_factory=list)
    supers: list[str] = field(default_factory=list)
    subs: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)
    inverse: list[str] = field(default_factory=list)
    chains: list[list[str]] = field(default_factory=list)
    disjoint: list[str] = field(default_factory=list)
    in_domain_of: list[str] = field(default_factory=list)
    in_range_of: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    matches: list[tuple[str, str]] = field(default_factory=list)  # (relation, IRI)
    see_also: list[str] = field(default_factory=list)


@dataclass
class OntologyDoc:
    iri: str
    title: str
    definition: str
    version: str | None
    version_iri: str | None
    license: str | None
    see_also: list[str]
    classes: list[Entry]
    properties: list[Entry]
    individuals: list[Entry]
    labels: dict[str, str]  # IRI -> label, for links
    namespaces: list[tuple[str, str]]


def _text(graph, node, *predicates) -> str:
    values = []
    for p in predicates:
        values += [o for o in graph.objects(node, p) if isinstance(o, Literal)]
    english = [v for v in values if v.language in (None, "en")]
    chosen = sorted(english or values, key=str)
    return str(chosen[0]) if chosen else ""


def _iris(graph, node, predicate) -> list[str]:
    return sorted(str(o) for o in graph.objects(node, predicate) if isinstance(o, URIRef))


def build(paths: list[Path]) -> OntologyDoc:
    """The documentation of the ontology in `paths` (Turtle files)."""

    g = Graph()
    for path in paths:
        parse_turtle_file(path, g)
    U = URIRef
    ns = str(CKG)

    def ours(node) -> bool:
        return isinstance(node, URIRef) and str(node).startswith(ns)

    labels: dict[str, str] = {}
    for s in set(g.subjects()):
        if isinstance(s, URIRef):
            label = _text(g, s, U(RDFS + "label"), U(SKOS + "prefLabel"))
            if label:
                labels[str(s)] = label

    def entry(node, kind: str) -> Entry:
        iri = str(node)
        return Entry(
            iri=iri,
            anchor=iri[len(ns):],
            label=labels.get(iri, iri[len(ns):]),
            kind=kind,
            definition=_text(g, node, U(SKOS + "definition"), U(DCTERMS + "description")),
            comments=sorted(str(c) for c in g.objects(node, U(RDFS + "comment"))),
            see_also=_iris(g, node, U(RDFS + "seeAlso")),
        )

    classes: dict[str, Entry] = {}
    for c in g.subjects(U(RDF + "type"), U(OWL + "Class")):
        if ours(c):
            e = entry(c, "class")
            e.supers = _iris(g, c, U(RDFS + "subClassOf"))
            e.disjoint = _iris(g, c, U(OWL + "disjointWith"))
            classes[e.iri] = e
    for group in g.subjects(U(RDF + "type"), U(OWL + "AllDisjointClasses")):
        members = [str(m) for lst in g.objects(group, U(OWL + "members")) for m in Collection(g, lst)]
        for m in members:
            if m in classes:
                classes[m].disjoint = sorted(set(classes[m].disjoint) | {o for o in members if o != m})
    for e in classes.values():
        for sup in e.supers:
            if sup in classes:
                classes[sup].subs.append(e.iri)

    properties: dict[str, Entry] = {}
    for kind_iri, kind in KINDS.items():
        for p in g.subjects(U(RDF + "type"), U(kind_iri)):
            if not ours(p) or str(p) in properties:
                continue
            e = entry(p, kind)
            e.supers = _iris(g, p, U(RDFS + "subPropertyOf"))
            e.domains = _iris(g, p, U(RDFS + "domain"))
            e.ranges = _iris(g, p, U(RDFS + "range"))
            e.characteristics = sorted(
                CHARACTERISTICS[str(t)] for t in g.objects(p, U(RDF + "type")) if str(t) in CHARACTERISTICS
            )
            e.inverse = sorted(set(_iris(g, p, U(OWL + "inverseOf")))
                               | {str(s) for s in g.subjects(U(OWL + "inverseOf"), p) if isinstance(s, URIRef)})
            for chain in g.objects(p, U(OWL + "propertyChainAxiom")):
                if isinstance(chain, BNode):
                    e.chains.append([str(x) for x in Collection(g, chain)])
            properties[e.iri] = e
    for e in properties.values():
        for sup in e.supers:
            if sup in properties:
                properties[sup].subs.append(e.iri)
        for d in e.domains:
            if d in classes:
                classes[d].in_domain_of.append(e.iri)
        for r in e.ranges:
            if r in classes:
                classes[r].in_range_of.append(e.iri)

    individuals = []
    for i in g.subjects(U(RDF + "type"), U(OWL + "NamedIndividual")):
        if ours(i):
            e = entry(i, "named individual")
            e.types = sorted(t for t in _iris(g, i, U(RDF + "type")) if t != OWL + "NamedIndividual")
            individuals.append(e)

    for e in list(classes.values()) + list(properties.values()):
        for rel in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"):
            e.matches += [(rel, o) for o in _iris(g, U(e.iri), U(SKOS + rel))]
        e.subs.sort()
        e.in_domain_of.sort()
        e.in_range_of.sort()

    onto = U(ONTOLOGY_IRI)
    used = {str(t) for triple in g for t in triple if isinstance(t, URIRef)}
    namespaces = [(p, n) for p, n in PREFIXES.items() if any(u.startswith(n) for u in used)]
    return OntologyDoc(
        iri=ONTOLOGY_IRI,
        title=_text(g, onto, U(RDFS + "label"), U(DCTERMS + "title")) or "Ontology",
        definition=_text(g, onto, U(SKOS + "definition"), U(DCTERMS + "description"), U(RDFS + "comment")),
        version=_text(g, onto, U(OWL + "versionInfo")) or None,
        version_iri=next(iter(_iris(g, onto, U(OWL + "versionIRI"))), None),
        license=next(iter(_iris(g, onto, U(DCTERMS + "license"))), None),
        see_also=_iris(g, onto, U(RDFS + "seeAlso")),
        classes=sorted(classes.values(), key=lambda e: e.anchor.lower()),
        properties=sorted(properties.values(), key=lambda e: e.anchor.lower()),
        individuals=sorted(individuals, key=lambda e: e.anchor.lower()),
        labels=labels,
        namespaces=namespaces,
    )
