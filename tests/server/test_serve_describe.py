"""What the server says about itself: the OpenAPI document (valid OpenAPI 3, one operation per
stored query with its parameters), the SPARQL service description and the VoID description
(both parse as RDF and describe the endpoint), and the "did you mean" of 404 pages."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from conflictkg.core.paths import Project
from conflictkg.query import library
from conflictkg.query.sparqltext import query_form
from conflictkg.server import describe
from conflictkg.server.suggest import suggest
from servekit import ROOT, start_server, stop_server

SD = describe.SD
VOID = describe.VOID


def stored_queries() -> list[dict]:
    lib = library.library(Project(ROOT))
    return [{**library.describe(q), "form": query_form(q.text)} for q in lib.values()]


def test_the_openapi_document_is_valid_and_has_every_stored_query():
    from openapi_spec_validator import validate

    queries = stored_queries()
    doc = describe.openapi(queries, server_url="https://kg.example.org", version="1.2.3")
    validate(doc)  # raises on anything that is not OpenAPI 3
    for q in queries:
        op = doc["paths"][f"/api/queries/{q['name']}"]["get"]
        assert op["summary"] == q["summary"]
        assert [p["name"] for p in op["parameters"]] == [p["name"] for p in q["params"]]
        for p, spec in zip(q["params"], op["parameters"]):
            assert spec["required"] == p["required"] and spec["in"] == "query"
            if p["type"] == "date":
                assert spec["schema"] == {"type": "string", "format": "date"}
        media = set(op["responses"]["200"]["content"])
        assert ("text/turtle" in media) == (q["form"] in ("construct", "describe"))
    ids = [o["operationId"] for ops in doc["paths"].values() for o in ops.values()]
    assert len(ids) == len(set(ids))
    assert doc["servers"] == [{"url": "https://kg.example.org"}]


def test_a_broken_document_is_refused_by_the_validator():
    """The validator used above does refuse what is not OpenAPI 3 (so the test above can fail)."""
    from openapi_spec_validator import validate

    doc = describe.openapi(stored_queries(), server_url="/", version="1")
    doc["paths"]["/api/queries/participants"]["get"]["parameters"][0]["in"] = "body"
    with pytest.raises(Exception):
        validate(doc)


def test_the_service_description_describes_the_endpoint():
    g = describe.service_description(endpoint="https://kg.example.org/sparql",
                                     void_url="https://kg.example.org/.well-known/void", triples=42)
    g2 = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    (service,) = list(g2.subjects(RDF.type, SD.Service))
    assert g2.value(service, SD.endpoint) == URIRef("https://kg.example.org/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g2
    assert (service, SD.resultFormat, URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in g2
    graph = g2.value(g2.value(service, SD.defaultDataset), SD.defaultGraph)
    assert g2.value(graph, VOID.triples) == Literal(42, datatype=XSD.integer)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("serve-describe"), "--timeout", "20", "--refresh", "0",
                     "--base-url", "https://kg.example.org")
    yield s
    stop_server(s)


def test_openapi_json_and_its_page(served):
    from openapi_spec_validator import validate

    r = httpx.get(served.url + "/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    validate(doc)
    assert "/api/queries/figures-as-of" in doc["paths"]
    assert doc["servers"] == [{"url": "https://kg.example.org"}]
    page = httpx.get(served.url + "/api", headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'id="query_figures_as_of"' in page.text
    assert "/api/queries/figures-as-of?asof=2021-01-13&amp;format=csv" in page.text


@pytest.mark.parametrize("accept,fmt", [(None, "turtle"), ("text/turtle", "turtle"),
                                        ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_sparql_without_a_query_is_the_service_description(served, accept, fmt):
    r = httpx.get(served.url + "/sparql", headers={"Accept": accept} if accept else {})
    assert r.status_code == 200, r.text
    g = Graph().parse(data=r.text, format=fmt)
    (service,) = list(g.subjects(RDF.type, SD.Service))
    assert g.value(service, SD.endpoint) == URIRef("https://kg.example.org/sparql")
    assert int(g.value(g.value(g.value(service, SD.defaultDataset), SD.defaultGraph), VOID.triples)) > 1000
    # A browser is still sent to the query page, and a POST without a query is still an error.
    assert httpx.get(served.url + "/sparql", headers={"Accept": "text/html"}).status_code == 303
    assert httpx.post(served.url + "/sparql", data={}).status_code == 400


def test_void_describes_the_dataset(served):
    r = httpx.get(served.url + "/.well-known/void", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    d = describe.DATASET
    assert (d, RDF.type, VOID.Dataset) in g
    assert g.value(d, VOID.sparqlEndpoint) == URIRef("https://kg.example.org/sparql")
    triples = int(g.value(d, VOID.triples))
    answer = httpx.get(served.url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                       headers={"Accept": "application/sparql-results+json"}).json()
    assert triples == int(answer["results"]["bindings"][0]["n"]["value"])
    strike = [p for p in g.objects(d, VOID.classPartition)
              if g.value(p, VOID["class"]) == URIRef("https://w3id.org/conflict-kg/ontology#Strike")]
    assert len(strike) == 1 and int(g.value(strike[0], VOID.entities)) >= 3
    examples = set(g.objects(d, VOID.exampleResource))
    assert len(examples) == 3 and all(str(e).startswith("https://w3id.org/conflict-kg/id/event/") for e in examples)


def test_suggestions_rank_the_right_page_first():
    candidates = [("2024 Palmyra airstrike", "https://w3id.org/conflict-kg/id/event/2024-palmyra-airstrike"),
                  ("Palmyra offensive (2024)", "https://w3id.org/conflict-kg/id/event/2024-palmyra-offensive"),
                  ("Gaza war", "https://w3id.org/conflict-kg/id/event/gaza-war")]
    assert suggest("palmyra-airstrike-2024", candidates)[0] == ("/id/event/2024-palmyra-airstrike", "2024 Palmyra airstrike")
    assert suggest("palmyra-airstrke", candidates)[0][0] == "/id/event/2024-palmyra-airstrike"
    assert suggest("zzz-qqq", candidates) == []


def test_a_404_page_suggests_the_right_page(served):
    r = httpx.get(served.url + "/id/event/palmyra-airstrike-2024", headers={"Accept": "text/html"})
    assert r.status_code == 404
    section = r.text.split('id="did-you-mean"', 1)[1]
    first = section.split('<a href="', 2)[1].split('"', 1)[0]
    assert first == "/id/event/2024-palmyra-airstrike"
    # An actor by an alias's spelling: SOHR's label is its long name.
    r = httpx.get(served.url + "/id/actor/syrian-observatory-human-rights", headers={"Accept": "text/html"})
    assert '<a href="/id/actor/sohr">' in r.text.split('id="did-you-mean"', 1)[1]
