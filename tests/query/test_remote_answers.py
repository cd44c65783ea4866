"""Remote answers read whatever a compliant server sends (issue 23): blank-node labels of any form,
the server's own error text, and answers the server says it cut short.

Oxigraph cannot produce these answers, so a real HTTP server on 127.0.0.1 sends what Virtuoso,
Jena Fuseki and proxies send (the bodies and headers below are theirs, as they send them).
"""

from __future__ import annotations

import http.server
import json
import socket
import threading

import pytest

from conflictkg.cli import run
from conflictkg.query import remote

pytestmark = pytest.mark.server

# What Virtuoso 7.2 sends for a SELECT whose answer holds blank nodes (its labels are not
# N-Triples labels), in the SPARQL 2008 draft's JSON ("typed-literal").
VIRTUOSO_BNODES = json.dumps({
    "head": {"link": [], "vars": ["g", "n", "count"]},
    "results": {"distinct": False, "ordered": True, "bindings": [
        {"g": {"type": "bnode", "value": "nodeID://b10000"}, "n": {"type": "literal", "value": "a"},
         "count": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "2"}},
        {"g": {"type": "bnode", "value": "nodeID://b10000"}, "n": {"type": "literal", "value": "b"},
         "count": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3"}},
        {"g": {"type": "bnode", "value": "nodeID://b10001"}, "n": {"type": "literal", "xml:lang": "en", "value": "c"}},
    ]},
}).encode()

XML_BNODES = b"""<?xml version="1.0"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
 <head><variable name="g"/><variable name="n"/></head>
 <results distinct="false" ordered="true">
  <result><binding name="g"><bnode>nodeID://b10000</bnode></binding><binding name="n"><literal>a</literal></binding></result>
  <result><binding name="g"><bnode>nodeID://b10001</bnode></binding><binding name="n"><literal>b</literal></binding></result>
  <result><binding name="g"><bnode>nodeID://b10000</bnode></binding><binding name="n"><literal>c</literal></binding></result>
 </results>
</sparql>"""

VIRTUOSO_ERROR = (b"Virtuoso 37000 Error SP031: SPARQL compiler: Internal error: "
                  b"sparp_gp_trav_cu_in_subq(): unsupported subquery\r\n\r\nSPARQL query:\r\n"
                  b"define sql:big-data-const 0 SELECT ?e WHERE { ?e ?p ?o }\r\n")

HTML_ERROR = b"""<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style>
<script>alert('x')</script></head><body><h1>Bad Gateway</h1>
<p>The proxy server received an invalid response from an upstream server &amp; gave up.</p></body></html>"""

ROWS = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [
    {"s": {"type": "uri", "value": f"https://example.org/{i}"}} for i in range(3)]}}).encode()

QUERY = "SELECT ?g ?n ?count WHERE { ?g ?n ?count }"


class Canned:
    """A real HTTP server on 127.0.0.1 answering each path with a fixed status, headers and body."""

    def __init__(self, routes: dict[str, tuple[int, dict, bytes]]):
        self.routes = routes
        self.requests: list[tuple[str, str, dict, int]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self):
                path = self.path.split("?")[0]
                length = int(self.headers.get("Content-Length") or 0)
                status, headers, body = outer.routes[path]
                early = headers.get("x-test-refuse-after")
                # A server refusing an upload part-way reads only the start of it, answers, then
                # drains and closes (as nginx and Virtuoso do), instead of reading everything.
                read = self.rfile.read(min(length, int(early))) if early else self.rfile.read(length)
                outer.requests.append((self.command, self.path, dict(self.headers), len(read)))
                self.send_response(status)
                for key, value in headers.items():
                    if not key.startswith("x-test-"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                if early:
                    self.connection.shutdown(socket.SHUT_WR)
                    self.connection.settimeout(5)
                    try:
                        while self.connection.recv(1 << 16):
                            pass
                    except OSError:
                        pass
                self.close_connection = True

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canned():
    servers = []

    def start(routes):
        servers.append(Canned(routes))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def query_endpoint(url, *args, query=QUERY, monkeypatch=None):
    import io
    import sys

    sys.stdin = io.StringIO(query)
    try:
        return run(["query", "-", "--endpoint", url, *args])
    finally:
        sys.stdin = sys.__stdin__


def test_virtuoso_blank_node_labels_and_typed_literals_are_read(cli_env, canned, capsys, tmp_path):
    server = canned({"/sparql": (200, {"Content-Type": "application/sparql-results+json; charset=UTF-8"}, VIRTUOSO_BNODES)})
    out = tmp_path / "answer.json"
    assert query_endpoint(f"{server.url}/sparql", "-o", str(out)) == 0, capsys.readouterr().err
    rows = json.loads(out.read_text())["results"]["bindings"]
    assert [r["g"]["type"] for r in rows] == ["bnode"] * 3
    # The same node keeps one label, a different node another one.
    assert rows[0]["g"]["value"] == rows[1]["g"]["value"] != rows[2]["g"]["value"]
    assert rows[0]["count"] == {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "2"}
    assert rows[2]["n"] == {"type": "literal", "xml:lang": "en", "value": "c"}
    assert "count" not in rows[2]
    # The request was the SPARQL 1.1 Protocol's form-encoded POST.
    method, _, headers, _ = server.requests[-1]
    assert method == "POST" and headers["Content-Type"].startswith("application/x-www-form-urlencoded")


def test_xml_results_with_any_blank_node_label_are_read(cli_env, canned, capsys):
    server = canned({"/sparql": (200, {"Content-Type": "application/sparql-results+xml"}, XML_BNODES)})
    assert query_endpoint(f"{server.url}/sparql", "--format", "csv", query="SELECT ?g ?n WHERE { ?g ?n ?x }") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "g,n"
    labels = [line.split(",")[0] for line in lines[1:]]
    assert all(label.startswith("_:") for label in labels)
    assert labels[0] == labels[2] != labels[1]


@pytest.mark.parametrize("status, content_type, body, expected", [
    (500, "text/plain", VIRTUOSO_ERROR,
     "HTTP 500 Internal Server Error: Virtuoso 37000 Error SP031: SPARQL compiler: Internal error: "
     "sparp_gp_trav_cu_in_subq(): unsupported subquery SPARQL query: define sql:big-data-const 0"),
    (502, "text/html", HTML_ERROR,
     "HTTP 502 Bad Gateway: 502 Bad Gateway: Bad Gateway The proxy server received an invalid response from an "
     "upstream server & gave up."),
    (400, "application/json", b'{"error": "invalid_query", "message": "Parse error at line 1:\\n  expected WHERE"}',
     "HTTP 400 Bad Request: Parse error at line 1: expected WHERE"),
])
def test_the_servers_error_text_is_shown_on_one_line(cli_env, canned, capsys, status, content_type, body, expected):
    server = canned({"/sparql": (status, {"Content-Type": content_type}, body)})
    assert query_endpoint(f"{server.url}/sparql") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert expected in err, err


def test_a_hostile_error_body_cannot_reach_the_terminal(cli_env, canned, capsys):
    body = b"\x1b[2J\x1b]0;owned\x07bad\rthing\x00 happened\n" + b"x" * 5000
    server = canned({"/sparql": (500, {"Content-Type": "text/plain"}, body)})
    assert query_endpoint(f"{server.url}/sparql") == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\r" not in err and "\x00" not in err and "owned" not in err
    assert "bad thing happened" in err
    assert len(err) < 700 and err.endswith("…\n")


@pytest.mark.parametrize("headers, reason", [
    ({"X-SPARQL-MaxRows": "10000"}, "the server cut the answer at 10000 rows"),
    ({"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results, query interrupted by result timeout."},
     "the server stopped the query at its time limit"),
])
def test_a_capped_answer_is_an_error_unless_allowed(cli_env, canned, capsys, tmp_path, headers, reason):
    server = canned({"/sparql": (200, {"Content-Type": "application/sparql-results+json", **headers}, ROWS)})
    out = tmp_path / "rows.csv"
    assert query_endpoint(f"{server.url}/sparql", "-o", str(out), query="SELECT ?s WHERE { ?s ?p ?o }") == 1
    err = capsys.readouterr().err
    assert f"incomplete answer: {reason}" in err and "--allow-partial" in err
    assert not out.exists()
    assert query_endpoint(f"{server.url}/sparql", "-o", str(out), "--allow-partial",
                          query="SELECT ?s WHERE { ?s ?p ?o }") == 0
    err = capsys.readouterr().err
    assert f"warning: {server.url}/sparql: incomplete answer: {reason}" in err
    assert len(out.read_text().splitlines()) == 4


def test_allow_partial_needs_an_endpoint(cli_env, capsys):
    assert run(["query", "event-timeline", "--allow-partial"]) == 2
    assert "--allow-partial applies to --endpoint" in capsys.readouterr().err


def test_push_shows_the_servers_reason(cli_env, canned, capsys):
    body = b"<html><head><title>Error</title></head><body><h3>Error 400: Parse error: [line: 3, col: 1 ] Bad IRI</h3></body></html>"
    server = canned({"/store": (400, {"Content-Type": "text/html"}, body)})
    assert run(["push", "--endpoint", f"{server.url}/store"]) == 1
    err = capsys.readouterr().err
    assert "HTTP 400 Bad Request: Error 400: Parse error: [line: 3, col: 1 ] Bad IRI" in err, err


def test_push_refused_part_way_shows_the_reason_not_a_broken_pipe(cli_env, canned, capsys):
    server = canned({"/store": (413, {"Content-Type": "text/plain", "x-test-refuse-after": "1024"},
                                b"Request entity too large: the limit is 1 KB\n")})
    assert run(["push", "--endpoint", f"{server.url}/store"]) == 1
    err = capsys.readouterr().err
    assert "HTTP 413 Request Entity Too Large: Request entity too large: the limit is 1 KB" in err, err
    assert "Broken pipe" not in err
    assert server.requests[-1][3] == 1024


def test_push_to_a_server_that_hangs_up_says_so(cli_env, capsys):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def hang_up():
        conn, _ = listener.accept()
        conn.recv(1024)
        conn.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    try:
        assert run(["push", "--endpoint", f"http://127.0.0.1:{port}/store"]) == 1
    finally:
        thread.join(5)
        listener.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert ("closed the connection" in err or "no answer from the server" in err), err


def test_server_message_units():
    assert remote.server_message(b"  line one\n\n  line two  ") == "line one line two"
    assert remote.server_message(b"<html><body><p>a &lt; b</p></body></html>", "text/html") == "a < b"
    assert remote.server_message(b"") == ""
    assert remote.server_message("é" * 1000, limit=10) == "é" * 9 + "…"
    assert remote.server_message(b'{"detail": "no such graph"}', "application/json") == "no such graph"
    assert remote.server_message(b"a\x1b]0;title\x1b\\b \x1b[31mred") == "a b red"
    assert remote.http_error_message(500, "Bad\x1b[2J", b"", None) == "HTTP 500 Bad"
    assert remote.truncation({}) is None
    assert remote.truncation({"X-SQL-State": "42000"}).startswith("the server reported SQL state 42000")
