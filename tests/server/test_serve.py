"""`conflictkg serve` over real HTTP: SPARQL protocol (SPARQLWrapper, httpx, `conflictkg query
--endpoint`), stored queries, linked data with content negotiation, status codes, submissions."""

from __future__ import annotations

import csv
import io
import json
import threading
import xml.etree.ElementTree as ET

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conftest import run_cli
from servekit import FIXTURES, TOKEN, start_server, stop_server

pytestmark = pytest.mark.server

CKG = "https://w3id.org/conflict-kg/ontology#"
EVENT = "https://w3id.org/conflict-kg/id/event/"
PALMYRA = EVENT + "2024-palmyra-airstrike"
STRIKES = "SELECT ?e ?l WHERE { ?e a ckg:Strike ; rdfs:label ?l } ORDER BY ?e"
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIMIT = 500
MAX_RESULT = 8 * 1024 * 1024


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("serve"), "--timeout", "5", "--result-limit", str(LIMIT),
                     "--base-url", "https://kg.example.org",
                     "--max-request-size", "65536", "--max-result-size", str(MAX_RESULT), "--refresh", "0.5",
                     extra_data=[FIXTURES / "zz-hostile.ttl"])
    yield s
    stop_server(s)


def sparql_url(served) -> str:
    return served.url + "/sparql"


def strikes_from_json(doc: dict) -> list[str]:
    return [b["e"]["value"] for b in doc["results"]["bindings"]]


# --------------------------------------------------------------------------------------------
# SPARQL protocol with real clients
# --------------------------------------------------------------------------------------------


def test_sparqlwrapper_select_in_json_and_xml(served):
    from SPARQLWrapper import JSON, XML, SPARQLWrapper

    sw = SPARQLWrapper(sparql_url(served))
    sw.setQuery("PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>\n"
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + STRIKES)
    sw.setReturnFormat(JSON)
    doc = sw.query().convert()
    events = strikes_from_json(doc)
    assert PALMYRA in events and len(events) >= 3
    sw.setReturnFormat(XML)
    root = sw.query().convert()  # a minidom document
    uris = [n.firstChild.data for n in root.getElementsByTagName("uri")]
    assert uris == events


def test_sparqlwrapper_construct_as_turtle(served):
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(sparql_url(served))
    sw.setQuery(f"CONSTRUCT {{ <{PALMYRA}> ?p ?o }} WHERE {{ <{PALMYRA}> ?p ?o }}")
    sw.setReturnFormat(TURTLE)
    data = sw.query().convert()
    g = Graph().parse(data=data, format="turtle")
    assert (URIRef(PALMYRA), RDF.type, URIRef(CKG + "Strike")) in g
    assert (URIRef(PALMYRA), RDFS.label, Literal("2024 Palmyra airstrike", lang="en")) in g


def test_get_post_form_and_post_query_agree(served):
    accept = {"Accept": "application/sparql-results+json"}
    by_get = httpx.get(sparql_url(served), params={"query": STRIKES}, headers=accept)
    by_form = httpx.post(sparql_url(served), data={"query": STRIKES}, headers=accept)
    by_body = httpx.post(sparql_url(served), content=STRIKES.encode(),
                         headers={**accept, "Content-Type": "application/sparql-query"})
    for r in (by_get, by_form, by_body):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert strikes_from_json(by_get.json()) == strikes_from_json(by_form.json()) == strikes_from_json(by_body.json())


def test_conflictkg_query_endpoint_gives_what_the_embedded_store_gives(served):
    args = ["query", "event-claims", "--param", "event=2024-palmyra-airstrike", "--format", "csv"]
    code, remote, err = run_cli(*args, "--endpoint", sparql_url(served), env_root=served.root)
    assert code == 0, err
    code, embedded, err = run_cli(*args, env_root=served.root)
    assert code == 0, err
    assert remote == embedded and len(remote.splitlines()) > 10


# --------------------------------------------------------------------------------------------
# Content negotiation and status codes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("accept,fmt,media", [
    ("text/csv", None, "text/csv"),
    ("text/tab-separated-values", None, "text/tab-separated-values"),
    ("application/sparql-results+xml", None, "application/sparql-results+xml"),
    ("application/json", None, "application/json"),
    ("text/html, */*;q=0.5", None, "application/sparql-results+json"),
    (None, "csv", "text/csv"),
    ("application/sparql-results+json", "tsv", "text/tab-separated-values"),
])
def test_select_results_formats(served, accept, fmt, media):
    headers = {"Accept": accept} if accept else {}
    params = {"query": STRIKES, **({"format": fmt} if fmt else {})}
    r = httpx.get(sparql_url(served), params=params, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers.get("vary", "")
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["e", "l"] and [PALMYRA, "2024 Palmyra airstrike"] in rows
    elif media == "text/tab-separated-values":
        assert r.text.splitlines()[0] == "?e\t?l" and f"<{PALMYRA}>" in r.text
    elif media.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        assert [v.get("name") for v in ET.fromstring(r.text).findall("r:head/r:variable", ns)] == ["e", "l"]
    else:
        assert PALMYRA in strikes_from_json(r.json())


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld")])
def test_construct_formats(served, accept, fmt):
    q = f"CONSTRUCT {{ <{PALMYRA}> ?p ?o }} WHERE {{ <{PALMYRA}> ?p ?o }}"
    r = httpx.post(sparql_url(served), data={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == accept
    g = Graph().parse(data=r.text, format=fmt)
    assert (URIRef(PALMYRA), URIRef(CKG + "startDate"), None) in g


def test_ask(served):
    r = httpx.get(sparql_url(served), params={"query": f"ASK {{ <{PALMYRA}> a ckg:Strike }}"},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.json()["boolean"] is True


@pytest.mark.parametrize("kind,request_kw,status,words", [
    ("update as body", {"content": b"INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }",
                        "headers": {"Content-Type": "application/sparql-update"}}, 415, "read-only"),
    ("update form field", {"data": {"update": "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }"}}, 403, "read-only"),
    ("update as query", {"data": {"query": "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }"}}, 403, "read-only"),
    ("LOAD", {"data": {"query": "LOAD <http://example.org/x.ttl>"}}, 403, "LOAD"),
    ("SERVICE", {"data": {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}}, 403, "SERVICE"),
    ("FROM", {"data": {"query": "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"}}, 403, "FROM"),
    ("dataset parameter", {"data": {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "http://example.org/g"}}, 403, "default-graph-uri"),
    ("syntax error", {"data": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "syntax error"),
    ("no query", {"data": {}}, 400, "no query"),
    ("other media type", {"content": b"{}", "headers": {"Content-Type": "application/json"}}, 415, "application/sparql-query"),
    ("too large", {"data": {"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70000}}, 413, "larger than"),
])
def test_sparql_refusals(served, kind, request_kw, status, words):
    r = httpx.post(sparql_url(served), **request_kw)
    assert r.status_code == status, (kind, r.status_code, r.text)
    assert words in r.text
    assert "Traceback" not in r.text and "--allow-service" not in r.text


def test_an_answer_larger_than_the_server_gives_is_a_client_error_with_a_hint(served):
    # 500 rows of 20,000 characters each: about 10 MB of JSON, over the 8 MiB this server gives.
    wide = "SELECT ?s (CONCAT(STR(?s), \"%s\") AS ?long) WHERE { ?s ?p ?o } LIMIT 500" % ("x" * 20000)
    r = httpx.post(sparql_url(served), data={"query": wide}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 400, r.text
    assert "larger than this server gives (8 MiB, --max-result-size)" in r.text and "LIMIT" in r.text
    assert "Traceback" not in r.text
    # The same question, smaller, is answered.
    r = httpx.post(sparql_url(served), data={"query": wide.replace("LIMIT 500", "LIMIT 5")},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 5


def test_method_and_media_type_errors(served):
    assert httpx.put(sparql_url(served), content=b"x").status_code == 405
    assert httpx.delete(served.url + "/id/event/2024-palmyra-airstrike").status_code == 405
    r = httpx.get(sparql_url(served), params={"query": STRIKES}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "text/csv" in r.text
    r = httpx.get(sparql_url(served), params={"query": STRIKES, "format": "turtle"})
    assert r.status_code == 406


def test_head_browsers_at_the_endpoint_and_html_errors(served):
    head = httpx.head(served.url + "/id/event/2024-palmyra-airstrike", headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/turtle") and not head.content
    r = httpx.get(sparql_url(served), headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 303 and r.headers["location"] == "/query"
    missing = served.get("/id/actor/nobody", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "actor:nobody is not in the graph" in missing.text


@pytest.mark.parametrize("where", ["?s ?p ?o", "?s a ckg:Strike ; ?p ?o"])
def test_sorted_answers_match_the_engine_sort_whole_or_cut(served, where):
    """Answers sorted after the engine (sparqltext.split_order) are the engine's own sort; an answer
    cut at the row limit is asked again of the engine, so the rows kept are the first ones."""
    ordered = f"SELECT ?s ?p ?o WHERE {{ {where} }} ORDER BY DESC(?s) ?p ?o"
    by_engine = f"{ordered} LIMIT {LIMIT}"  # a LIMIT leaves the sort to the engine
    a = httpx.get(sparql_url(served), params={"query": ordered, "format": "json"})
    b = httpx.get(sparql_url(served), params={"query": by_engine, "format": "json"})
    assert a.status_code == b.status_code == 200
    rows = a.json()["results"]["bindings"]
    assert rows and rows == b.json()["results"]["bindings"]


def test_results_are_cut_at_the_limit_and_say_so(served):
    r = httpx.get(sparql_url(served), params={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "json"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == LIMIT
    assert r.headers["conflictkg-truncated"] == str(LIMIT)
    small = httpx.get(sparql_url(served), params={"query": STRIKES, "format": "json"})
    assert "conflictkg-truncated" not in small.headers


def test_a_slow_query_is_stopped_and_does_not_block_other_requests(served):
    outcome = {}

    def slow():
        outcome["slow"] = httpx.post(sparql_url(served), data={"query": EXPENSIVE}, timeout=60)

    thread = threading.Thread(target=slow)
    thread.start()
    try:
        # While the slow query runs (5 s limit), the other worker, the pages and the API still answer.
        # (httpx's own 5 s timeout is no measure of that on a loaded machine: still_running is.)
        for _ in range(3):
            assert httpx.get(sparql_url(served), params={"query": STRIKES, "format": "json"}, timeout=30).status_code == 200
            assert served.get("/id/actor/sohr", headers={"Accept": "text/html"}).status_code == 200
            assert served.get("/api/queries").status_code == 200
        still_running = thread.is_alive()
    finally:
        thread.join()
    assert still_running
    assert outcome["slow"].status_code == 503 and "time limit" in outcome["slow"].text
    # The worker that was stopped has been replaced.
    for _ in range(4):
        assert httpx.get(sparql_url(served), params={"query": STRIKES, "format": "json"}, timeout=30).status_code == 200


# --------------------------------------------------------------------------------------------
# Stored queries
# --------------------------------------------------------------------------------------------


def test_api_lists_stored_queries_with_parameters(served):
    listing = served.get("/api/queries").json()
    by_name = {q["name"]: q for q in listing}
    assert "event-claims" in by_name and "figures-as-of" in by_name
    assert by_name["figures-as-of"]["params"] == [{"name": "asof", "type": "date", "required": True, "default": None,
                                                   "example": "2021-01-13", "description": "The date, as YYYY-MM-DD"}]
    assert by_name["event-claims"]["url"] == "https://kg.example.org/api/queries/event-claims"
    assert all("file" not in q for q in listing)  # no server paths


def test_api_runs_a_stored_query_with_typed_parameters(served):
    r = served.get("/api/queries/participants", params={"event": "2024-palmyra-offensive"},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    agents = {b["agent"]["value"] for b in r.json()["results"]["bindings"]}
    assert "https://w3id.org/conflict-kg/id/actor/hezbollah" in agents
    csv_text = served.get("/api/queries/figures-as-of", params={"asof": "2021-01-13", "format": "csv"}).text
    assert csv_text.splitlines()[0].startswith("event,measure,counted,population,claimant")


@pytest.mark.parametrize("path,params,status,words", [
    ("/api/queries/figures-as-of", {"asof": "13 January"}, 400, "date (YYYY-MM-DD)"),
    ("/api/queries/figures-as-of", {}, 400, "needs asof="),
    ("/api/queries/figures-as-of", {"asof": "2021-01-13", "eventt": "x"}, 400, "no parameter 'eventt'"),
    ("/api/queries/participants", {"event": "<not an iri>"}, 400, "expected"),
    ("/api/queries/no-such-query", {}, 404, "no stored query"),
    ("/api/queries/..%2Fetc", {}, 404, None),
    ("/api/queries/.hidden", {}, 404, "no stored query"),
])
def test_api_query_errors(served, path, params, status, words):
    r = served.get(path, params=params)
    assert r.status_code == status, r.text
    assert words is None or words in r.json()["error"]
    assert "--param" not in r.json()["error"]


@pytest.mark.parametrize("path,params,param,wanted", [
    ("/api/queries/event-claims", {"event": "palmyra"}, "event", "2024-palmyra-airstrike"),
    ("/api/queries/actor-claims", {"actor": "actor:sorh"}, "actor", "sohr"),
    ("/api/queries/is-contested", {"event": "2024-palmyra-airstrik"}, "event", "2024-palmyra-airstrike"),
])
def test_api_query_parameter_naming_nothing_is_a_400_with_suggestions(served, path, params, param, wanted):
    """As `conflictkg query` does: an IRI parameter that names nothing in the graph is the client's
    mistake (400, with the closest names), not an empty 200 that reads as "no claims"."""
    r = served.get(path, params=params, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["status"] == 400 and "Did you mean:" in body["error"] and wanted in body["error"]
    assert body["error"].startswith(f"{param}=") and "--param" not in body["error"]
    (problem,) = body["params"]
    assert problem["param"] == param and problem["value"] == params[param]
    assert wanted in [s["value"] for s in problem["suggestions"]]
    assert all(s["iri"].startswith("https://w3id.org/conflict-kg/id/") for s in problem["suggestions"])


def test_api_query_empty_answer_for_a_real_node_stays_200(served):
    """A parameter that names a node of the graph, with nothing to answer, is still an answer."""
    r = served.get("/api/queries/actor-claims", params={"actor": "israel"},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text


# --------------------------------------------------------------------------------------------
# Linked data
# --------------------------------------------------------------------------------------------


def test_an_entity_is_a_page_for_browsers_and_rdf_for_programs(served):
    path = "/id/event/2024-palmyra-airstrike"
    page = served.get(path, headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "2024 Palmyra airstrike" in page.text and 'id="claims-table"' in page.text
    assert "Accept" in page.headers["vary"]
    turtle = served.get(path, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(PALMYRA), RDF.type, URIRef(CKG + "Strike")) in g
    jsonld = served.get(path, headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(g)
    nt = served.get(path, headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=nt.text, format="nt")) == len(g)
    by_param = served.get(path + "?format=ttl", headers={"Accept": "text/html"})
    assert by_param.headers["content-type"].startswith("text/turtle")
    assert '<https://kg.example.org/id/event/2024-palmyra-airstrike?format=ttl>; rel="alternate"; type="text/turtle"' in page.headers["link"]
    assert by_param.headers["content-location"] == "https://kg.example.org/id/event/2024-palmyra-airstrike?format=ttl"


@pytest.mark.parametrize("path", ["/id/actor/sohr", "/id/place/palmyra", "/id/source/wikipedia-2024-palmyra-airstrike",
                                  "/id/source/wikipedia-2024-palmyra-airstrike-airstrikes",
                                  "/id/claim/2024-palmyra-airstrike-sohr-killed-airstrikes", "/vocab/measure/killed",
                                  "/vocab/measure", "/vocab/", "/"])
def test_pages_of_each_kind(served, path):
    r = served.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200, r.text
    assert "<h1>" in r.text


@pytest.mark.parametrize("path", ["/id/claim/2024-palmyra-airstrike-sohr-killed-airstrikes", "/id/event/2024-palmyra-offensive",
                                  "/id/participation/2024-palmyra-offensive-unknown-commander-side-2", "/id/place/palmyra"])
def test_the_rdf_of_a_resource_is_what_the_files_say(served, path):
    """Oxigraph stores every integer subtype as xsd:integer; the served RDF gives integer values the
    datatype the ontology declares for their property (as the files write figures; ckg:side, which
    the files may write as a plain integer, becomes xsd:positiveInteger, its range)."""
    from conflictkg.core.paths import Project
    from conflictkg.rdf.rdfio import load_graph

    iri = URIRef("https://w3id.org/conflict-kg" + path)
    files = load_graph(Project(served.root), ontology=False)
    xsd = "http://www.w3.org/2001/XMLSchema#"
    side = URIRef(CKG + "side")
    expected = {(p, Literal(str(o), datatype=URIRef(xsd + "positiveInteger")) if p == side else o)
                for p, o in files.predicate_objects(iri)}
    assert expected
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        r = served.get(path, headers={"Accept": accept})
        assert r.status_code == 200, r.text
        got = Graph().parse(data=r.text, format=fmt)
        assert {(p, o) for p, o in got.predicate_objects(iri)} == expected, accept
    doc = served.get(path, headers={"Accept": "application/ld+json"}).json()
    assert doc["@context"]["@vocab"] == CKG  # compacted with the project's context, inline


def test_unknown_iris_are_404_and_unsupported_types_406(served):
    for accept in ("text/html", "text/turtle", "application/ld+json"):
        assert served.get("/id/event/no-such-event", headers={"Accept": accept}).status_code == 404
    assert served.get("/vocab/measure/no-such-concept", headers={"Accept": "text/turtle"}).status_code == 404
    assert served.get("/nothing-here", headers={"Accept": "text/html"}).status_code == 404
    r = served.get("/id/event/2024-palmyra-airstrike", headers={"Accept": "application/rdf+xml"})
    assert r.status_code == 406 and "text/turtle" in r.text
    assert served.get("/id/event/2024-palmyra-airstrike?format=rdfxml").status_code == 406


def test_the_ontology_is_documented_and_served_as_rdf(served):
    page = served.get("/ontology", headers={"Accept": "text/html"})
    assert page.status_code == 200
    for anchor in ('id="Claim"', 'id="claimant"', 'id="unknownActor"', 'id="partOf"'):
        assert anchor in page.text
    assert "transitive" in page.text and "Generated from the ontology graph" in page.text
    g = Graph().parse(data=served.get("/ontology", headers={"Accept": "text/turtle"}).text, format="turtle")
    assert (URIRef(CKG + "Claim"), RDF.type, OWL.Class) in g
    vocab = Graph().parse(data=served.get("/vocab/", headers={"Accept": "text/turtle"}).text, format="turtle")
    assert (URIRef("https://w3id.org/conflict-kg/vocab/measure/killed"), None, None) in vocab


def test_literals_are_escaped_and_only_web_urls_are_links(served):
    page = served.get("/id/source/zz-hostile", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;" in page.text
    assert 'href="javascript:' not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"


def wait_for(check, what: str, seconds: float = 60):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def test_edits_to_data_are_served_without_a_restart_and_a_broken_file_is_not(served):
    label_query = {"query": "SELECT ?l WHERE { event:zz-live-edit rdfs:label ?l }", "format": "json"}

    def label():
        rows = httpx.get(sparql_url(served), params=label_query).json()["results"]["bindings"]
        return rows[0]["l"]["value"] if rows else None

    path = served.root / "data" / "zz-live-edit.ttl"
    prefixes = "@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n@prefix event: <https://w3id.org/conflict-kg/id/event/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    try:
        path.write_text(prefixes + 'event:zz-live-edit a ckg:Conflict ; rdfs:label "Live edit"@en .\n')
        wait_for(lambda: label() == "Live edit", "the new file to be served")
        path.write_text(prefixes + 'event:zz-live-edit a ckg:Conflict ; rdfs:label "Broken" \n')  # no final dot
        wait_for(lambda: "still serving the last good build" in served.log.read_text(), "the refresh to fail")
        assert label() == "Live edit"
        assert served.get("/id/event/zz-live-edit", headers={"Accept": "text/html"}).status_code == 200
    finally:
        path.unlink()
    wait_for(lambda: label() is None, "the removed file to be gone")


# --------------------------------------------------------------------------------------------
# Submissions
# --------------------------------------------------------------------------------------------


def turtle_of(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def submit(served, body: bytes, *, token: str | None = None, params=None, media="text/turtle"):
    headers = {"Content-Type": media}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return served.post("/api/submissions", content=body, headers=headers, params=params or {})


def data_files(served) -> list[str]:
    return sorted(p.relative_to(served.root).as_posix() for p in (served.root / "data").rglob("*.ttl"))


def test_submissions_need_the_token_and_a_bounded_body(served):
    before = data_files(served)
    r = submit(served, turtle_of("new-strike.ttl"))
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert submit(served, turtle_of("new-strike.ttl"), token="wrong").status_code == 403
    assert submit(served, b"x" * 70000, token=TOKEN).status_code == 413
    r = submit(served, turtle_of("new-strike.ttl"), token=TOKEN, media="application/rdf+xml")
    assert r.status_code == 415
    assert served.get("/api/submissions").status_code == 405
    assert data_files(served) == before


def test_a_server_without_a_token_refuses_writes(tmp_path):
    s = start_server(tmp_path, "--refresh", "0", token=None)
    try:
        before = data_files(s)
        r = submit(s, turtle_of("new-strike.ttl"), token="anything")
        assert r.status_code == 403 and "disabled" in r.json()["error"]
        assert data_files(s) == before
    finally:
        stop_server(s)


def _have(*modules: str) -> bool:
    import importlib.util

    where = {"validate": "validation.validate", "submit": "submission.submit", "safeload": "rdf.safeload"}
    return all(importlib.util.find_spec(f"conflictkg.{where[m]}") for m in modules)


needs_validation = pytest.mark.skipif(not _have("validate", "safeload"), reason="conflictkg.validation.validate has not landed yet")
needs_submit = pytest.mark.skipif(not _have("validate", "submit"), reason="conflictkg.submission.submit has not landed yet")


@needs_validation
def test_an_invalid_submission_gets_its_report_and_writes_nothing(served):
    before = data_files(served)
    r = submit(served, turtle_of("invalid-strike.ttl"), params={"dry_run": "1"})
    assert r.status_code == 422
    report = r.json()["report"]
    assert report["conforms"] is False and report["counts"]["violation"] >= 3
    paths = {x["result_path"] for x in report["results"]}
    assert CKG + "startDate" in paths and CKG + "claimant" in paths
    assert r.json()["written"] is False
    r = submit(served, turtle_of("invalid-strike.ttl"), token=TOKEN, params={"author": "Test <t@example.org>"})
    assert r.status_code == 422 and r.json()["written"] is False
    assert data_files(served) == before


@needs_validation
def test_submissions_in_json_ld_and_unreadable_ones(served):
    doc = {
        "@context": {"ckg": CKG, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
        "@id": "_:e", "@type": "ckg:Strike", "rdfs:label": {"@value": "JSON-LD test strike", "@language": "en"},
    }
    r = submit(served, json.dumps(doc).encode(), params={"dry_run": "1"}, media="application/ld+json")
    assert r.status_code == 422 and CKG + "startDate" in {x["result_path"] for x in r.json()["report"]["results"]}
    remote = dict(doc, **{"@context": "https://example.org/context.jsonld"})
    r = submit(served, json.dumps(remote).encode(), params={"dry_run": "1"}, media="application/ld+json")
    assert r.status_code == 422 and r.json()["report"]["refused"]
    r = submit(served, b"this is not turtle", params={"dry_run": "1"})
    assert r.status_code == 422 and "submission.ttl" in r.json()["report"]["refused"]
    assert str(served.root) not in r.text


@needs_validation
def test_a_valid_submission_passes_a_dry_run(served):
    dry = submit(served, turtle_of("new-strike.ttl"), params={"dry_run": "1"})
    assert dry.status_code == 200, dry.text
    assert dry.json()["conforms"] is True and dry.json()["written"] is False


@needs_submit
def test_a_valid_submission_is_merged_and_served_at_once(served):
    r = submit(served, turtle_of("new-strike.ttl"), token=TOKEN, params={"author": "Test <t@example.org>"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["written"] is True and body["file"].startswith("data/submissions/") and body["visible"] is True
    event = next(a for a in body["added"] if a.startswith(EVENT))
    page = served.get(event[len("https://w3id.org/conflict-kg"):], headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Mayadin test strike (March 2025)" in page.text
    q = f"SELECT ?c WHERE {{ ?c ckg:about <{event}> }}"
    assert len(httpx.get(sparql_url(served), params={"query": q, "format": "json"}).json()["results"]["bindings"]) == 1
    again = submit(served, turtle_of("new-strike.ttl"), token=TOKEN, params={"author": "Test <t@example.org>"})
    assert again.status_code in (409, 422)  # a possible duplicate of what was just added
