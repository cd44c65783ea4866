"""The project's base IRI and prefixes as plain strings, without rdflib: what `conflictkg query`
needs to name terms, so that it starts without importing rdflib (a quarter of its start-up).
`conflictkg.model.namespaces` builds rdflib namespaces from these."""

from __future__ import annotations

BASE = "https://w3id.org/conflict-kg/"

# Prefix -> namespace, in the order they are written at the top of Turtle files and SPARQL queries.
PREFIXES: dict[str, str] = {
    "ckg": BASE + "ontology#",
    "ckv": BASE + "vocab/",
    "event": BASE + "id/event/",
    "actor": BASE + "id/actor/",
    "place": BASE + "id/place/",
    "geom": BASE + "id/geometry/",
    "claim": BASE + "id/claim/",
    "part": BASE + "id/participation/",
    "group": BASE + "id/group/",
    "source": BASE + "id/source/",
    "submission": BASE + "id/submission/",
    "record": BASE + "id/record/",
    "measure": BASE + "vocab/measure/",
    "stance": BASE + "vocab/stance/",
    "role": BASE + "vocab/role/",
    "hedge": BASE + "vocab/hedge/",
    "qualifier": BASE + "vocab/figure-qualifier/",
    "precision": BASE + "vocab/precision/",
    "geoprecision": BASE + "vocab/geo-precision/",
    "eventtype": BASE + "vocab/event-type/",
    "actortype": BASE + "vocab/actor-type/",
    "placetype": BASE + "vocab/place-type/",
    "support": BASE + "vocab/support-kind/",
    "completeness": BASE + "vocab/completeness/",
    "status": BASE + "vocab/combatant-status/",
    "counted": BASE + "vocab/counted/",
    "fate": BASE + "vocab/fate/",
    "dcterms": "http://purl.org/dc/terms/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "wd": "http://www.wikidata.org/entity/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
