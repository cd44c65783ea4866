"""IRIs of the ontology, the vocabularies and the data, and the prefixes used everywhere we write RDF."""

from __future__ import annotations

from rdflib import Namespace

# The strings live in conflictkg.model.prefixes (no rdflib there); re-exported here.
from conflictkg.model.prefixes import BASE, PREFIXES

ONTOLOGY_IRI = BASE + "ontology"

CKG = Namespace(PREFIXES["ckg"])
CKV = Namespace(PREFIXES["ckv"])
ID = Namespace(BASE + "id/")

# One namespace per kind of data node, so an IRI says what it names.
EVENT = Namespace(PREFIXES["event"])
ACTOR = Namespace(PREFIXES["actor"])
PLACE = Namespace(PREFIXES["place"])
GEOM = Namespace(PREFIXES["geom"])
CLAIM = Namespace(PREFIXES["claim"])
PART = Namespace(PREFIXES["part"])
GROUP = Namespace(PREFIXES["group"])
SOURCE = Namespace(PREFIXES["source"])
SUBMISSION = Namespace(PREFIXES["submission"])
RECORD = Namespace(PREFIXES["record"])

# One namespace per SKOS concept scheme.
MEASURE = Namespace(PREFIXES["measure"])
STANCE = Namespace(PREFIXES["stance"])
ROLE = Namespace(PREFIXES["role"])
HEDGE = Namespace(PREFIXES["hedge"])
QUALIFIER = Namespace(PREFIXES["qualifier"])
PRECISION = Namespace(PREFIXES["precision"])
GEOPRECISION = Namespace(PREFIXES["geoprecision"])
EVENTTYPE = Namespace(PREFIXES["eventtype"])
ACTORTYPE = Namespace(PREFIXES["actortype"])
PLACETYPE = Namespace(PREFIXES["placetype"])
SUPPORT = Namespace(PREFIXES["support"])
COMPLETENESS = Namespace(PREFIXES["completeness"])
STATUS = Namespace(PREFIXES["status"])
COUNTED = Namespace(PREFIXES["counted"])
FATE = Namespace(PREFIXES["fate"])

GEO = Namespace(PREFIXES["geo"])
SCHEMA = Namespace(PREFIXES["schema"])
SEM = Namespace(PREFIXES["sem"])
ORG = Namespace(PREFIXES["org"])
TIME = Namespace(PREFIXES["time"])
SH = Namespace(PREFIXES["sh"])
WD = Namespace(PREFIXES["wd"])


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph, replacing rdflib's defaults."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, for ad hoc queries and tests."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
