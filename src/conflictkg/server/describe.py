"""What the server says about itself, for programs: the OpenAPI 3 document of its JSON and SPARQL
API (`/openapi.json`), the SPARQL 1.1 service description of `/sparql` (GET without a query), and
the VoID description of the dataset (`/.well-known/void`).

Each is built from what the server holds: every stored query of queries/ becomes an operation with
its parameters; the service description and VoID count the current build's triples, entities,
classes and properties (the SPARQL below), so they stay true as the graph grows.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from conflictkg.model.namespaces import BASE

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
DATASET = URIRef(BASE + "id/dataset")  # the dataset the VoID describes

SELECT_MEDIA = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"]
GRAPH_MEDIA = ["text/turtle", "application/n-triples", "application/ld+json"]
RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD"]

# A stored query's parameter type (conflictkg.query.library) as a JSON Schema.
PARAM_SCHEMAS = {
    "iri": {"type": "string", "minLength": 1},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "dateTime": {"type": "string", "format": "date-time"},
    "gYear": {"type": "string", "pattern": "^-?[0-9]{4}$"},
    "integer": {"type": "integer"},
    "nonNegativeInteger": {"type": "integer", "minimum": 0},
    "positiveInteger": {"type": "integer", "minimum": 1},
    "decimal": {"type": "number"},
    "double": {"type": "number"},
    "boolean": {"type": "boolean"},
    "anyURI": {"type": "string", "format": "uri"},
}

# The dataset's numbers, for VoID and the service description.
STATISTICS = """SELECT
  (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
  (COUNT(DISTINCT ?p) AS ?properties) WHERE { ?s ?p ?o }"""
CLASSES = """SELECT ?class (COUNT(DISTINCT ?s) AS ?entities) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class"""
PROPERTIES = """SELECT ?p (COUNT(*) AS ?triples) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"""
EXAMPLES = """SELECT DISTINCT ?e WHERE { ?e a ?c . VALUES ?c { ckg:Strike ckg:Offensive ckg:MilitaryEvent ckg:Event } }
ORDER BY ?e LIMIT 3"""

ERROR = {"type": "object", "required": ["error"],
         "properties": {"error": {"type": "string", "description": "What was wrong and what to send, in one line"},
                        "status": {"type": "integer"}}}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _results(form: str | None) -> dict:
    media = GRAPH_MEDIA if form in ("construct", "describe") else SELECT_MEDIA
    return {m: {"schema": {"type": "object"} if "json" in m else {"type": "string"}} for m in media}


def openapi(queries: list[dict], *, server_url: str, version: str) -> dict:
    """The OpenAPI 3.0 document: the SPARQL endpoint, the map, the list of stored queries, and one
    GET operation per stored query (`queries` as the server's /api/queries lists them)."""
    paths: dict[str, dict] = {}
    common = {"400": _error("A missing, unknown or ill-typed parameter"),
              "406": {"description": "No media type in Accept can be given"},
              "503": _error("The query ran past the time or memory limit, or every worker was busy (see Retry-After)")}
    paths["/sparql"] = {
        "get": {
            "operationId": "sparqlQuery", "tags": ["sparql"],
            "summary": "Run a SPARQL 1.1 query (read-only); without a query, the SPARQL service description",
            "description": "The SPARQL 1.1 Protocol's query operation. Updates, SERVICE, FROM and the dataset "
                           "parameters are refused (403). Without `query`, the service description in Turtle.",
            "parameters": [{"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
                            "example": "SELECT ?e WHERE { ?e a ckg:Strike }",
                            "description": "The query; the project prefixes (ckg:, event:, measure:...) may be used undeclared"}],
            "responses": {"200": {"description": "The results, or the service description",
                                  "content": {**_results("select"), **_results("construct")}},
                          "403": _error("A refused query: an update, SERVICE, FROM, or a dataset parameter"), **common},
        },
        "post": {
            "operationId": "sparqlQueryPost", "tags": ["sparql"], "summary": "Run a SPARQL 1.1 query sent in the body",
            "requestBody": {"required": True, "content": {
                "application/sparql-query": {"schema": {"type": "string"}},
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"],
                                                                 "properties": {"query": {"type": "string"}}}}}},
            "responses": {"200": {"description": "The results", "content": {**_results("select"), **_results("construct")}},
                          "403": _error("A refused query"), "413": {"description": "The body is too large"},
                          "415": {"description": "Another media type (updates are not accepted)"}, **common},
        },
    }
    paths["/api/queries"] = {"get": {
        "operationId": "listStoredQueries", "tags": ["stored queries"], "summary": "The stored queries, with their parameters",
        "responses": {"200": {"description": "One object per stored query", "content": {"application/json": {
            "schema": {"type": "array", "items": {"$ref": "#/components/schemas/StoredQuery"}}}}}}}}
    paths["/api/map"] = {"get": {
        "operationId": "eventMap", "tags": ["pages"],
        "summary": "GeoJSON of the events the home page's filters select, each at the precision of its place",
        "parameters": [
            {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200},
             "description": "Words that must all be in a name of the event, of its place or of an actor in it"},
            {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
            {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
            {"name": "type", "in": "query", "schema": {"type": "string"}, "description": "An event-type concept's slug"},
            {"name": "place", "in": "query", "schema": {"type": "string"}, "description": "A place's slug; places within it count"},
            {"name": "actor", "in": "query", "schema": {"type": "string"}, "description": "An actor's slug"},
            {"name": "role", "in": "query", "schema": {"type": "string"}, "description": "A role concept's slug"},
            {"name": "contested", "in": "query", "schema": {"type": "string", "enum": ["1", "0"]}},
            {"name": "event", "in": "query", "schema": {"type": "string"}, "description": "One event's slug, instead of the filters"},
        ],
        "responses": {"200": {"description": "A GeoJSON FeatureCollection, with `unplaced` events",
                              "content": {"application/geo+json": {"schema": {"type": "object"}},
                                          "application/json": {"schema": {"type": "object"}}}},
                      "400": _error("A filter that cannot be used"), "404": _error("No such event")}}}
    for q in sorted(queries, key=lambda q: q["name"]):
        params = []
        for p in q["params"]:
            schema = dict(PARAM_SCHEMAS.get(p["type"], {"type": "string"}))
            if p.get("default") is not None:
                schema["default"] = p["default"]
            param = {"name": p["name"], "in": "query", "required": bool(p["required"]), "schema": schema,
                     "description": p.get("description") or p["type"]}
            if p.get("example") is not None:
                param["example"] = p["example"]
            params.append(param)
        columns = q.get("columns") or {}
        description = q.get("description") or q.get("summary") or ""
        if columns:
            description += "\n\nColumns:\n" + "\n".join(f"- `{k}`: {v}" for k, v in columns.items())
        paths[f"/api/queries/{q['name']}"] = {"get": {
            "operationId": "query_" + q["name"].replace("-", "_"),
            "tags": ["stored queries"] + list(q.get("tags") or []),
            "summary": q.get("summary") or q["name"], "description": description,
            "parameters": params,
            "responses": {"200": {"description": f"The results of {q['name']}", "content": _results(q.get("form"))},
                          **common},
        }}
    tags = sorted({t for op in paths.values() for o in op.values() for t in o.get("tags", [])})
    return {
        "openapi": "3.0.3",
        "info": {"title": "conflict-kg", "version": version,
                 "description": "Armed-conflict events in which every contested fact is a sourced claim: the read-only "
                                "SPARQL endpoint, the stored queries as an API, and the map's data. Every stored query "
                                "of queries/ is an operation under /api/queries/NAME."},
        "servers": [{"url": server_url or "/"}],
        "tags": [{"name": t} for t in tags],
        "paths": paths,
        "components": {"schemas": {
            "Error": ERROR,
            "StoredQuery": {"type": "object", "properties": {
                "name": {"type": "string"}, "summary": {"type": "string"}, "description": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}}, "form": {"type": "string"},
                "url": {"type": "string"}, "sparql": {"type": "string"},
                "params": {"type": "array", "items": {"type": "object"}}, "columns": {"type": "object"}}},
        }},
    }


def _int(row: dict, name: str) -> int:
    try:
        return int(row[name].value)
    except (KeyError, ValueError, AttributeError):
        return 0


def void_graph(stats: dict, classes: list[dict], properties: list[dict], examples: list[str], *,
               endpoint: str, base_url: str) -> Graph:
    """The VoID description of the dataset, from the SPARQL rows of STATISTICS, CLASSES, PROPERTIES."""
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, DCTERMS.title, Literal("conflict-kg", lang="en")))
    g.add((d, DCTERMS.description, Literal("Armed-conflict events in which every contested fact is a sourced claim: "
                                           "who claimed it, when, in which document, what it revised and who denied it.",
                                           lang="en")))
    g.add((d, VOID.sparqlEndpoint, URIRef(endpoint)))
    g.add((d, VOID.uriSpace, Literal(BASE + "id/")))
    g.add((d, VOID.vocabulary, URIRef(BASE + "ontology#")))
    g.add((d, VOID.vocabulary, URIRef(BASE + "vocab/")))
    g.add((d, VOID.feature, FORMATS.Turtle))
    g.add((d, VOID.feature, URIRef("http://www.w3.org/ns/formats/JSON-LD")))
    g.add((d, VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Triples")))
    g.add((d, VOID.uriLookupEndpoint, Literal(base_url + "/id/")))
    for name, prop in (("triples", VOID.triples), ("subjects", VOID.distinctSubjects),
                       ("objects", VOID.distinctObjects), ("properties", VOID.properties)):
        g.add((d, prop, Literal(_int(stats, name), datatype=XSD.integer)))
    g.add((d, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    g.add((d, VOID.entities, Literal(sum(_int(c, "entities") for c in classes if c["class"].value.startswith(BASE + "ontology#")),
                                     datatype=XSD.integer)))
    for e in examples:
        g.add((d, VOID.exampleResource, URIRef(e)))
    for row in classes:
        part = BNode()
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(row["class"].value)))
        g.add((part, VOID.entities, Literal(_int(row, "entities"), datatype=XSD.integer)))
    for row in properties:
        part = BNode()
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(row["p"].value)))
        g.add((part, VOID.triples, Literal(_int(row, "triples"), datatype=XSD.integer)))
    return g


def service_description(*, endpoint: str, void_url: str, triples: int) -> Graph:
    """The SPARQL 1.1 service description of the endpoint (https://www.w3.org/TR/sparql11-service-description/)."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("formats", FORMATS)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))  # the default graph is the union of the project's files
    for f in RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[f]))
    dataset, graph = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, DCTERMS.source, DATASET))
    g.add((dataset, SD.defaultGraph, graph))
    g.add((graph, RDF.type, SD.Graph))
    g.add((graph, RDF.type, VOID.Dataset))
    g.add((graph, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, RDF.type, SD.Dataset))
    g.add((DATASET, DCTERMS.description, Literal("The VoID description of this dataset", lang="en")))
    g.add((DATASET, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"), URIRef(void_url)))
    return g
