"""IRIs of the ontology, the vocabularies and the data, and the prefixes used everywhere we write RDF."""

from __future__ import annotations

from rdflib import Namespace

from conflictkg.prefixes import BASE, PREFIXES  # noqa: F401 - re-exported

ONTOLOGY_IRI = BASE + "ontology"

CKG = Namespace(BASE + "ontology#")
CKV = Namespace(BASE + "vocab/")
ID = Namespace(BASE + "id/")

# One namespace per kind of data node, so an IRI says what it names.
EVENT = Namespace(BASE + "id/event/")
ACTOR = Namespace(BASE + "id/actor/")
PLACE = Namespace(BASE + "id/place/")
GEOM = Namespace(BASE + "id/geometry/")
CLAIM = Namespace(BASE + "id/claim/")
PART = Namespace(BASE + "id/participation/")
GROUP = Namespace(BASE + "id/group/")
SOURCE = Namespace(BASE + "id/source/")
SUBMISSION = Namespace(BASE + "id/submission/")

# One namespace per SKOS concept scheme.
MEASURE = Namespace(BASE + "vocab/measure/")
STANCE = Namespace(BASE + "vocab/stance/")
ROLE = Namespace(BASE + "vocab/role/")
HEDGE = Namespace(BASE + "vocab/hedge/")
QUALIFIER = Namespace(BASE + "vocab/figure-qualifier/")
PRECISION = Namespace(BASE + "vocab/precision/")
GEOPRECISION = Namespace(BASE + "vocab/geo-precision/")
EVENTTYPE = Namespace(BASE + "vocab/event-type/")
ACTORTYPE = Namespace(BASE + "vocab/actor-type/")
PLACETYPE = Namespace(BASE + "vocab/place-type/")
SUPPORT = Namespace(BASE + "vocab/support-kind/")
COMPLETENESS = Namespace(BASE + "vocab/completeness/")
STATUS = Namespace(BASE + "vocab/combatant-status/")

GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph, replacing rdflib's defaults."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, for ad hoc queries and tests."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
