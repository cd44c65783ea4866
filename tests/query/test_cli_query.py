"""`conflictkg queries`, `query` and `push`, in-process and end to end."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET

import pytest

from conflictkg.cli import run

from conftest import Listener, run_cli, start_oxigraph, stop

PALMYRA = ["--param", "event=2024-palmyra-airstrike"]


def out_err(capsys):
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.out, captured.err


# --------------------------------------------------------------------------------------------
# conflictkg queries
# --------------------------------------------------------------------------------------------


def test_queries_lists_names_summaries_and_parameters(cli_env, capsys):
    assert run(["queries"]) == 0
    out, _ = out_err(capsys)
    assert "casualty-claims" in out and "Casualty claims (killed, injured)" in out and "event:iri" in out
    assert "figures-as-of" in out and "asof:date" in out


def test_queries_shows_one_in_full(cli_env, capsys):
    assert run(["queries", "casualty-claims"]) == 0
    out, _ = out_err(capsys)
    assert "example: 2024-palmyra-airstrike" in out
    assert "columns:" in out and "claimant: who made the claim" in out
    assert "run: conflictkg query casualty-claims --param event=2024-palmyra-airstrike" in out


def test_queries_json(cli_env, capsys):
    assert run(["queries", "--json"]) == 0
    listing = json.loads(out_err(capsys)[0])
    entry = next(q for q in listing if q["name"] == "figures-as-of")
    assert entry["params"] == [{"name": "asof", "type": "date", "required": True, "default": None,
                                "example": "2021-01-13", "description": "The date, as YYYY-MM-DD"}]


# --------------------------------------------------------------------------------------------
# conflictkg query: formats
# --------------------------------------------------------------------------------------------


def test_csv_by_default_when_piped(cli_env, capsys):
    assert run(["query", "casualty-claims", *PALMYRA]) == 0
    lines = out_err(capsys)[0].splitlines()
    assert lines[0] == "claimant,measure,figure,min,best,max,stance,counts,partOf,date,section,claim"
    assert len(lines) == 1 + 13
    assert any(",36,36,36," in line and "syrian-state-media" in line for line in lines)


def test_json_is_sparql_results_json(cli_env, capsys):
    assert run(["query", "commanders", "--format", "json"]) == 0
    doc = json.loads(out_err(capsys)[0])
    assert doc["head"]["vars"] == ["event", "side", "commander", "label", "position", "memberOf"]
    first = doc["results"]["bindings"][0]
    assert first["commander"] == {"type": "uri", "value": "https://w3id.org/conflict-kg/id/actor/abdulrazzaq-abu-khatib"}
    assert first["label"] == {"type": "literal", "value": "Abdulrazzaq Abu Khatib", "xml:lang": "en"}
    assert "position" not in first  # unbound


def test_xml_is_sparql_results_xml(cli_env, capsys):
    assert run(["query", "commanders", "--format", "xml"]) == 0
    root = ET.fromstring(out_err(capsys)[0])
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)][:3] == ["event", "side", "commander"]
    assert len(root.findall("r:results/r:result", ns)) == 3


def test_tsv_and_table(cli_env, capsys):
    assert run(["query", "denials", "--format", "tsv"]) == 0
    lines = out_err(capsys)[0].splitlines()
    assert lines[0].startswith("?event\t?claimant\t?stance")
    assert lines[1].startswith("<https://w3id.org/conflict-kg/id/event/2021-01-syria-missile-strikes>\t")
    assert run(["query", "denials", "--format", "table", "--wide"]) == 0
    table = out_err(capsys)[0]
    assert "declines to comment" in table and "stance:declines-to-comment" not in table  # labels by default
    assert run(["query", "denials", "--format", "table", "--wide", "--no-labels"]) == 0
    table = out_err(capsys)[0]
    assert "actor:liwa-fatemiyoun-commander" in table and "stance:declines-to-comment" in table


def test_ask_results(cli_env, capsys):
    assert run(["query", "is-contested", *PALMYRA, "--format", "json"]) == 0
    assert json.loads(out_err(capsys)[0]) == {"head": {}, "boolean": True}
    assert run(["query", "is-contested", "-p", "event=2024-capture-of-damascus", "--format", "csv"]) == 0
    assert out_err(capsys)[0].split() == ["boolean", "false"]


def test_construct_results_as_turtle_ntriples_and_jsonld(cli_env, capsys):
    import pyoxigraph as ox

    args = ["query", "event-graph", "-p", "event=2021-01-22-hama-airstrike"]
    assert run(args) == 0
    turtle = out_err(capsys)[0]
    assert "@prefix claim: <https://w3id.org/conflict-kg/id/claim/>" in turtle
    assert len(list(ox.parse(turtle.encode(), ox.RdfFormat.TURTLE))) == 69
    assert run([*args, "--format", "ntriples"]) == 0
    assert len(out_err(capsys)[0].splitlines()) == 69
    assert run([*args, "--format", "jsonld"]) == 0
    assert len(list(ox.parse(out_err(capsys)[0].encode(), ox.RdfFormat.JSON_LD))) == 69


def test_output_file_format_from_its_extension(cli_env, tmp_path, capsys):
    for name, check in [
        ("t.csv", lambda t: t.startswith("start,end,precision")),
        ("t.tsv", lambda t: t.startswith("?start\t?end")),
        ("t.json", lambda t: json.loads(t)["head"]["vars"][0] == "start"),
        ("t.xml", lambda t: t.startswith('<?xml version="1.0"?>')),
        ("t.txt", lambda t: "2024 Palmyra airstrike" in t and "event:2024-palmyra-airstrike" not in t),
    ]:
        path = tmp_path / name
        assert run(["query", "event-timeline", "-o", str(path)]) == 0
        assert check(path.read_text()), name
        assert f"wrote 19 rows to {path}" in out_err(capsys)[1]
    graph = tmp_path / "g.ttl"
    assert run(["query", "event-graph", *PALMYRA, "-o", str(graph)]) == 0
    assert "@prefix" in graph.read_text()


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "event-timeline", "-o", "out.xlsx"], "cannot tell the format from '.xlsx'"),
        (["query", "event-timeline", "--format", "turtle"], "a SELECT query gives results"),
        (["query", "event-graph", *PALMYRA, "--format", "csv"], "gives a graph"),
        (["query", "casualty-claim"], "Did you mean: casualty-claims"),
        (["query", "casualty-claims"], "needs --param event=<IRI"),
        (["query", "casualty-claims", "-p", "event"], "write it as name=value"),
        (["query", "figures-as-of", "-p", "asof=yesterday"], "expected date (YYYY-MM-DD)"),
        (["query", "event-timeline", "--file", "x.rq"], "either a stored query NAME or --file"),
        (["query"], "either a stored query NAME or --file"),
        (["query", "--file", "/nonexistent/q.rq"], "no such file"),
        (["query", "event-timeline", "--reason", "--endpoint", "http://127.0.0.1:9/q"], "--reason works on the embedded store"),
        (["query", "event-timeline", "--endpoint", "ftp://x"], "expected an http:// or https:// URL"),
        (["query", "event-timeline", "--timeout", "0"], "--timeout must be a positive"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(cli_env, capsys, args, message):
    assert run(args) == 2
    _, err = out_err(capsys)
    assert message in err
    assert len(err.strip().splitlines()) <= 2


def test_reason_without_the_reasoner_says_so(cli_env, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "conflictkg.model.entailment", None)
    assert run(["query", "event-timeline", "--reason"]) == 2
    assert "conflictkg.model.entailment" in out_err(capsys)[1]


def test_ad_hoc_query_from_stdin_with_declared_parameters(cli_env, capsys, monkeypatch):
    import io

    text = (
        "#+ params:\n#+   place:\n#+     prefix: place\n"
        "SELECT ?e WHERE { ?e ckg:location ?_place_iri } ORDER BY ?e\n"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert run(["query", "-", "-p", "place=damascus"]) == 0
    assert out_err(capsys)[0].split() == ["e", "https://w3id.org/conflict-kg/id/event/2024-capture-of-damascus"]


def test_an_unreachable_endpoint_is_one_line(cli_env, capsys):
    from conftest import free_port

    assert run(["query", "event-timeline", "--endpoint", f"http://127.0.0.1:{free_port()}/query"]) == 1
    assert "cannot reach" in out_err(capsys)[1]


@pytest.mark.server
def test_credentials_come_from_the_environment(cli_env, capsys, monkeypatch):
    listener = Listener()
    try:
        monkeypatch.setenv("CONFLICTKG_ENDPOINT_USER", "analyst")
        monkeypatch.setenv("CONFLICTKG_ENDPOINT_PASSWORD", "s3cret")
        assert run(["query", "event-timeline", "--endpoint", f"{listener.url}/query"]) == 0
        expected = "Basic " + base64.b64encode(b"analyst:s3cret").decode()
        assert listener.headers[-1]["Authorization"] == expected
        monkeypatch.setenv("CONFLICTKG_ENDPOINT_TOKEN", "tok")
        assert run(["push", "--endpoint", f"{listener.url}/store"]) == 0
        assert listener.hits[-1] == "PUT /store?default"
        assert listener.headers[-1]["Authorization"] == "Bearer tok"
        assert listener.headers[-1]["Content-Type"] == "application/n-triples"
    finally:
        listener.close()


# --------------------------------------------------------------------------------------------
# End to end: the installed command, a real Oxigraph server
# --------------------------------------------------------------------------------------------


def test_end_to_end_stored_query(project_copy):
    code, out, err = run_cli("query", "casualty-claims", "--param", "event=2024-palmyra-airstrike", "--format", "csv",
                             env_root=project_copy.root)
    assert code == 0, err
    assert out.splitlines()[0].startswith("claimant,measure,figure")
    assert "more than 108" in out


def test_end_to_end_errors_have_no_traceback(project_copy):
    code, out, err = run_cli("query", "casualty-claims", env_root=project_copy.root)
    assert code == 2 and err.startswith("conflictkg: error: casualty-claims needs --param event=")
    code, out, err = run_cli("query", "-", input="SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                             env_root=project_copy.root)
    assert code == 2 and "refused: SERVICE" in err and "Traceback" not in err


@pytest.mark.server
def test_end_to_end_push_and_query_a_remote_oxigraph(project_copy, tmp_path):
    """The exact commands of docs/deploying.md (Oxigraph server)."""
    proc, base = start_oxigraph(tmp_path / "oxigraph-data")
    try:
        code, out, err = run_cli("push", "--endpoint", f"{base}/store", env_root=project_copy.root)
        assert code == 0, err
        assert out.startswith("loaded ") and "into the default graph" in out
        code, out, err = run_cli("query", "casualty-claims", "--param", "event=2024-palmyra-airstrike",
                                 "--endpoint", f"{base}/query", "--format", "csv", env_root=project_copy.root)
        assert code == 0, err
        code2, local, _ = run_cli("query", "casualty-claims", "--param", "event=2024-palmyra-airstrike",
                                  "--format", "csv", env_root=project_copy.root)
        assert out == local
        # --append adds (POST) instead of replacing (PUT): the same triples, so the same answer.
        code, out, err = run_cli("push", "--append", "--endpoint", f"{base}/store", env_root=project_copy.root)
        assert code == 0 and out.startswith("added ")
    finally:
        stop(proc)


@pytest.mark.server
def test_push_named_graphs_to_a_union_default_graph_server(project_copy, tmp_path, capsys, cli_env):
    proc, base = start_oxigraph(tmp_path / "union", "--union-default-graph")
    try:
        assert run(["push", "--named-graphs", "--endpoint", f"{base}/store"]) == 0
        out = out_err(capsys)[0]
        assert "into 9 named graphs" in out
        assert run(["query", "commanders", "--endpoint", f"{base}/query", "--format", "csv"]) == 0
        remote = out_err(capsys)[0]
        assert run(["query", "commanders", "--format", "csv"]) == 0
        assert out_err(capsys)[0] == remote
    finally:
        stop(proc)


def test_push_errors(cli_env, capsys):
    from conftest import free_port

    assert run(["push", "--endpoint", f"http://127.0.0.1:{free_port()}/store"]) == 1
    assert "cannot reach" in out_err(capsys)[1]
    assert run(["push", "--endpoint", "http://x/store", "--graph", "urn:g", "--named-graphs"]) == 2


def test_a_query_starts_without_rdflib(project_copy, embedded_build):
    # rdflib and urllib.request (which xml.sax.saxutils imports) were a quarter of a query's start-up;
    # the query path names terms with conflictkg.model.prefixes and imports saxutils only for XML results.
    import os
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from conflictkg.cli import run\n"
        "code = run(['query', 'event-claims', '--param', 'event=2024-palmyra-airstrike', '--format', sys.argv[1]])\n"
        "print(code, sorted(m for m in ('rdflib', 'urllib.request') if m in sys.modules))\n"
    )
    env = dict(os.environ, CONFLICTKG_ROOT=str(project_copy.root))
    for fmt, imported in (("csv", "[]"), ("json", "[]"), ("xml", "['urllib.request']")):
        done = subprocess.run([sys.executable, "-c", probe, fmt], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == f"0 {imported}", fmt


def test_the_plain_prefixes_of_standard_vocabularies_are_those_rdflib_knows():
    # The project's own namespaces are built from conflictkg.model.prefixes; the standard ones are
    # written out there as strings, so they are checked against rdflib's.
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

    from conflictkg.model import namespaces
    from conflictkg.model.prefixes import PREFIXES

    standard = {"dcterms": DCTERMS, "owl": OWL, "prov": PROV, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD}
    assert {prefix: PREFIXES[prefix] for prefix in standard} == {p: str(ns) for p, ns in standard.items()}
    assert namespaces.PREFIXES is PREFIXES and str(namespaces.CKG) == PREFIXES["ckg"]
