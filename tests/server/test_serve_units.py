"""Pieces of `conflictkg serve` that need no server: content negotiation, the submission form's
Turtle, token checks, placing report results by the fields, and safe links."""

from __future__ import annotations

import importlib.util

import pytest
from rdflib import Graph, Literal, URIRef

from conflictkg.server import conneg, submissions, terms

CKG = "https://w3id.org/conflict-kg/ontology#"


@pytest.mark.parametrize("accept,offers,expected", [
    (None, conneg.PAGE, "html"),
    ("*/*", conneg.PAGE, "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", conneg.PAGE, "html"),
    ("text/turtle", conneg.PAGE, "turtle"),
    ("application/ld+json;q=0.9, text/turtle;q=0.5", conneg.PAGE, "jsonld"),
    ("text/*;q=0.3, application/n-triples", conneg.PAGE, "ntriples"),
    ("text/turtle;q=0, */*;q=0.1", conneg.GRAPH, "ntriples"),
    ("application/rdf+xml", conneg.PAGE, None),
    ("application/sparql-results+json,application/json,text/javascript,application/javascript", conneg.RESULTS, "json"),
    ("application/sparql-results+xml", conneg.RESULTS, "xml"),
    ("text/csv;q=0.5, text/tab-separated-values", conneg.RESULTS, "tsv"),
    ("garbage", conneg.RESULTS, "json"),
    # q=0 is "not acceptable", whatever else matches (RFC 9110 12.5.1)
    ("text/html;q=0, */*", conneg.PAGE, "turtle"),
    ("text/html;q=0.0, */*;q=0.5", conneg.PAGE, "turtle"),
    ("text/html; q=0, application/xhtml+xml", conneg.PAGE, None),  # pages are text/html, never XHTML
    ("text/*;q=0, */*", conneg.PAGE, "ntriples"),
    ("*/*;q=0", conneg.PAGE, None),
    ("text/html;q=0", conneg.PAGE, None),
    ("text/turtle;q=0, text/*", conneg.GRAPH, "ntriples"),
    ("application/sparql-results+json;q=0, application/json;q=0, */*", conneg.RESULTS, "xml"),
    # q-values generally: the highest wins, a more specific range overrides a broader one
    ("text/html;q=0.2, text/turtle;q=0.3", conneg.PAGE, "turtle"),
    ("text/html;q=0.4, */*;q=0.5", conneg.PAGE, "turtle"),
    ("text/*;q=0.9, text/html;q=0.1, application/ld+json;q=0.5", conneg.PAGE, "turtle"),
    ("text/html;Q=0, */*", conneg.PAGE, "turtle"),
    ("text/html;q=0.001, text/turtle;q=0", conneg.PAGE, "html"),
    ("text/html;q=abc, text/turtle;q=0.5", conneg.PAGE, "turtle"),
])
def test_negotiation(accept, offers, expected):
    chosen = conneg.negotiate(accept, offers)
    assert (chosen[1] if chosen else None) == expected


def test_format_names():
    assert conneg.by_name("ttl", conneg.PAGE) == ("text/turtle", "turtle")
    assert conneg.by_name("JSON-LD", conneg.GRAPH) == ("application/ld+json", "jsonld")
    assert conneg.by_name("csv", conneg.GRAPH) is None
    assert conneg.by_name("rdfxml", conneg.PAGE) is None


@pytest.mark.parametrize("configured,header,expected", [
    (None, "Bearer x", 403), ("", None, 403), ("s3cret", None, 401), ("s3cret", "Basic abc", 401),
    ("s3cret", "Bearer ", 401), ("s3cret", "Bearer wrong", 403), ("s3cret", "Bearer s3cret", None),
    ("s3cret", "bearer s3cret", None),
])
def test_token(configured, header, expected):
    assert submissions.check_token(configured, header) == expected


def test_form_fields_cannot_inject_turtle():
    hostile = 'x"@en ; <http://evil/p> "y'
    doc = submissions.form_to_turtle({
        "event_label": hostile, "event_class": "Strike", "start_date": "2025-01-02", "location": "palmyra",
        "claim-0-claimant": "actor:sohr", "claim-0-quote": 'he said "no" \\ then\nleft', "claim-0-min": "3",
        "part-0-agent": "<http://evil> . <x>", "source_url": "https://example.org/a",
    })
    g = Graph().parse(data=doc.turtle, format="turtle")
    labels = list(g.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert Literal(hostile, lang="en") in labels
    assert not list(g.triples((None, URIRef("http://evil/p"), None)))
    assert Literal('he said "no" \\ then\nleft') in set(g.objects(None, URIRef(CKG + "quote")))
    assert (None, URIRef(CKG + "location"), URIRef("https://w3id.org/conflict-kg/id/place/palmyra")) in g
    assert "part-0-agent" in doc.field_errors  # not an IRI: reported on its field, not written
    assert doc.claims == 1 and doc.parts == 1


def test_report_results_are_placed_by_their_fields():
    doc = submissions.form_to_turtle({"event_label": "A", "claim-3-claimant": "actor:sohr", "claim-3-best": "2"})
    event_line = next(line for line, kind in doc.nodes.items() if kind == "event")
    claim_line = max(line for line, kind in doc.nodes.items() if kind == "claim-3")
    report = {"results": [
        {"severity": "Violation", "message": "needs a date", "line": event_line, "result_path": CKG + "startDate"},
        {"severity": "Violation", "message": "needs a place",
         "line": event_line, "result_path": f"(<{CKG}location>|<{CKG}nearLocation>)"},
        {"severity": "Warning", "message": "quote it", "line": claim_line, "result_path": CKG + "quote"},
        {"severity": "Violation", "message": "cite it", "line": claim_line, "result_path": CKG + "source"},
        {"severity": "Violation", "message": "odd", "line": None, "result_path": None},
    ]}
    fields, general = submissions.field_messages(report, doc)
    # In the form's words: a Violation is a "Problem".
    assert fields == {"start_date": ["Problem: needs a date"], "location": ["Problem: needs a place"],
                      "claim-3-quote": ["Warning: quote it"], "source_url": ["Problem: cite it"]}
    assert general == ["Problem: odd"]


@pytest.mark.parametrize("message,expected", [
    ('Violation: ckg:startDate must be one valid xsd:date, such as "2024-11-20"^^xsd:date',
     "Problem: the start date must be a valid date written YYYY-MM-DD, such as 2024-11-20"),
    ("Violation: ckg:minValue must be an xsd:nonNegativeInteger", "Problem: the minimum must be a whole number (0 or more)"),
    ("Violation: A claim needs exactly one ckg:stance: stance:asserts or stance:declines-to-comment.",
     "Problem: A claim needs exactly one stance: “asserts” or “declines to comment”."),
    ("x.ttl: refused: possible duplicate(s) of what the graph holds; data/ is unchanged (--force to submit anyway)",
     "x.ttl: refused: possible duplicate(s) of what the graph holds; data/ is unchanged (press Submit anyway if it is not a duplicate)"),
    ("it may be event:x; submit claims with ckg:about event:x instead; if not, submit again with --force",
     "it may be event:x; submit claims with the event event:x instead; if it is not a duplicate, press Submit anyway"),
    ("Warning: ckg:breakdownCompleteness is unusual", "Warning: breakdown completeness is unusual"),
])
def test_messages_in_the_forms_words(message, expected):
    assert submissions.plain(message) == expected


def test_a_claim_about_an_event_the_graph_holds():
    doc = submissions.form_to_turtle({
        "mode": "claim", "existing_event": "event:2024-palmyra-airstrike",
        "source_existing": "source:wikipedia-2024-palmyra-airstrike-lead", "event_label": "ignored in this mode",
        "claim-0-claimant": "actor:sohr", "claim-0-measure": "measure:injured", "claim-0-best": "3",
        "part-0-agent": "actor:israel"})
    g = Graph().parse(data=doc.turtle, format="turtle")
    event = URIRef("https://w3id.org/conflict-kg/id/event/2024-palmyra-airstrike")
    assert doc.about == str(event) and doc.field_errors == {}
    (claim,) = list(g.subjects(URIRef(CKG + "about"), event))
    assert (claim, URIRef(CKG + "source"), URIRef("https://w3id.org/conflict-kg/id/source/wikipedia-2024-palmyra-airstrike-lead")) in g
    # Nothing else: the event is not described again, no new source, no participation.
    assert set(g.subjects()) == {claim}
    assert "existing_event" in submissions.form_to_turtle({"mode": "claim", "claim-0-best": "3"}).field_errors


def test_links_only_to_our_pages_and_web_urls():
    assert str(terms.link("https://w3id.org/conflict-kg/id/event/x")) == '<a href="/id/event/x">event:x</a>'
    assert terms.local_path("https://w3id.org/conflict-kg/ontology#Claim") == "/ontology#Claim"
    assert terms.local_path("https://w3id.org/conflict-kg/graph/data/x") is None
    assert 'href="javascript' not in str(terms.link("javascript:alert(1)", "x"))
    rendered = str(terms.render(terms.Term("literal", "javascript:alert(1)", None, "http://www.w3.org/2001/XMLSchema#anyURI")))
    assert "<a" not in rendered
    assert str(terms.render(terms.Term("literal", "<b>&</b>"))) == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert str(terms.link("https://example.org/?a=1&b=<2>", 'say "hi"')) == (
        '<a href="https://example.org/?a=1&amp;b=&lt;2&gt;" rel="nofollow noopener noreferrer">say &#34;hi&#34;</a>')


@pytest.mark.skipif(importlib.util.find_spec("conflictkg.publish.charts") is None, reason="conflictkg.publish.charts has not landed yet")
def test_charts_from_the_events_subgraph_are_the_charts_from_the_whole_graph(embedded_build):
    """The worker draws charts from the part of the graph they read; they must be the very charts
    the whole graph gives."""
    from conflictkg.publish import charts
    from conflictkg.server.worker import subgraph
    from conflictkg.storage.store import open_store
    from conflictkg.publish.tables import GraphTables

    store = open_store(embedded_build)
    whole = GraphTables.read(store)
    for slug in ("2024-palmyra-airstrike", "2021-01-syria-missile-strikes"):
        event = "https://w3id.org/conflict-kg/id/event/" + slug
        assert charts.claims_svg(GraphTables.read(subgraph(store, [event])), event) == charts.claims_svg(whole, event)
    events = sorted(whole.events)
    assert charts.timeline_svg(GraphTables.read(subgraph(store, events))) == charts.timeline_svg(whole)


# --------------------------------------------------------------------------------------------
# The command's own errors, in-process and end to end
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args,message", [
    (["--timeout", "0"], "--timeout must be a positive number"),
    (["--workers", "0"], "--workers must be at least 1"),
    (["--result-limit", "0"], "--result-limit must be at least 1"),
    (["--base-url", "ftp://example.org"], "expected an http:// or https:// URL"),
    (["--max-request-size", "10"], "--max-request-size must be at least 1024"),
    (["--validations", "0"], "--validations must be at least 1"),
    (["--anonymous-per-client", "0"], "--anonymous-per-client must be at least 1"),
    (["--anonymous-max-request-size", "100"], "--anonymous-max-request-size must be at least 1024"),
    (["--validation-wait", "0"], "--validation-wait must be a positive number"),
    (["--anonymous-timeout", "-1"], "--anonymous-timeout must be positive"),
    (["--header-timeout", "0"], "--header-timeout must be a positive number"),
    (["--body-timeout", "0"], "--body-timeout must be a positive number"),
    (["--max-connections", "0"], "--max-connections must be at least 1"),
])
def test_serve_refuses_bad_options(cli_env, capsys, args, message):
    from conflictkg.cli import run

    assert run(["serve", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_serve_says_when_the_port_is_taken(project_copy):
    import socket

    from conftest import run_cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, _, err = run_cli("serve", "--port", str(port), env_root=project_copy.root)
    assert code == 2
    assert f"conflictkg: error: cannot listen on 127.0.0.1:{port}: Address already in use" in err
    assert "Traceback" not in err
    code, _, err = run_cli("serve", "--port", "70000", env_root=project_copy.root)
    assert code == 2 and "70000" in err and "Traceback" not in err
