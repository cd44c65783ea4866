"""Ad hoc queries cannot reach outside, cannot change anything, and cannot run away.

A loopback HTTP listener records every request it receives, so "refused" means "no request
was made", not just "an error was printed".
"""

from __future__ import annotations

import pytest

from conflictkg.cli import run

from conftest import Listener

def query_file(tmp_path, text: str):
    path = tmp_path / "q.rq"
    path.write_text(text)
    return str(path)


REFUSED = [
    ("SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} ORDER BY ?s", "SERVICE"),
    ("SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }} }} ORDER BY ?s", "SERVICE"),
    ("SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }} }} }} ORDER BY ?s", "SERVICE"),
    ("SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }} ORDER BY ?s", "FROM"),
    ("SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?s", "FROM"),
    ("ASK FROM <{url}/data.ttl> {{ ?s ?p ?o }}", "FROM"),
    ("LOAD <{url}/data.ttl>", "LOAD"),
    ("INSERT DATA {{ <urn:a> <urn:b> <urn:c> }}", "INSERT"),
    ("DELETE WHERE {{ ?s ?p ?o }}", "DELETE"),
    ("DROP ALL", "DROP"),
    ("CLEAR DEFAULT ; LOAD <{url}/x>", "CLEAR, LOAD"),
]


@pytest.mark.server
@pytest.mark.parametrize("template, what", REFUSED)
def test_refused_with_no_request_made(template, what, tmp_path, listener, cli_env, capsys):
    path = query_file(tmp_path, template.format(url=listener.url))
    assert run(["query", "--file", path, "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert "refused" in err and what in err
    assert "Traceback" not in err
    # Also when the query would have gone to a remote endpoint (the listener itself).
    assert run(["query", "--file", path, "--endpoint", f"{listener.url}/query"]) == 2
    assert listener.hits == []


@pytest.mark.server
def test_allow_service_lets_a_trusted_query_through(tmp_path, listener, cli_env, capsys):
    """The positive control: the listener does see requests when one is made."""
    path = query_file(tmp_path, f"SELECT ?s WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }} ORDER BY ?s")
    assert run(["query", "--file", path, "--allow-service", "--format", "csv"]) == 0
    assert listener.hits and listener.hits[0].startswith("POST /sparql")
    assert capsys.readouterr().out.strip() == "s"


@pytest.mark.server
def test_remote_queries_go_only_to_the_named_endpoint(tmp_path, listener, cli_env, capsys):
    assert run(["query", "event-timeline", "--endpoint", f"{listener.url}/query", "--format", "csv"]) == 0
    assert listener.hits == ["POST /query"]


def test_nothing_reaches_the_network_without_an_endpoint(listener, cli_env, capsys):
    assert run(["query", "event-timeline", "--format", "csv"]) == 0
    assert listener.hits == []


def test_a_runaway_cross_join_is_stopped_by_the_time_limit(tmp_path, cli_env, capsys):
    # Cubes the graph: billions of rows, minutes of work.
    path = query_file(tmp_path, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert run(["query", "--file", path, "--timeout", "2"]) == 1
    err = capsys.readouterr().err
    assert "stopped after 2 s" in err and "--timeout" in err


def test_a_query_that_builds_a_huge_string_is_stopped_by_the_memory_cap(tmp_path, cli_env, capsys):
    # 30 doublings of 16 characters would be 16 GiB; the cap stops it at 256 MB.
    binds = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(30))
    text = f'SELECT (STRLEN(?s30) AS ?n) WHERE {{ BIND("0123456789abcdef" AS ?s0) {binds} }}'
    path = query_file(tmp_path, text)
    assert run(["query", "--file", path, "--memory-limit", "256", "--timeout", "60"]) == 1
    err = capsys.readouterr().err
    assert "256 MB" in err and "--memory-limit" in err
    assert "Traceback" not in err and "memory allocation" not in err


def test_syntax_errors_give_line_and_column(tmp_path, cli_env, capsys):
    path = query_file(tmp_path, "SELECT ?s\nWHERE {\n  ?s ?p \n}\n")
    assert run(["query", "--file", path]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3:" in err and "syntax error" in err
    assert "Traceback" not in err


def test_syntax_error_on_the_first_line_counts_columns_from_the_users_text(tmp_path, cli_env, capsys):
    path = query_file(tmp_path, "SELECT ?s WHERE { ?s ?p }")
    assert run(["query", "--file", path]) == 2
    err = capsys.readouterr().err
    assert f"{path}:1:" in err
    column = int(err.split(f"{path}:1:")[1].split(":")[0])
    assert column <= len("SELECT ?s WHERE { ?s ?p }")


FORMULAS = 'SELECT ?x WHERE { VALUES ?x { "=HYPERLINK(\\"http://x\\")" "+1+1" "-5" "@SUM(A1)" "-2+3" "plain" 7 } } ORDER BY ?x'


def test_csv_neutralises_cells_a_spreadsheet_would_run(tmp_path, cli_env, capsys):
    assert run(["query", "--file", query_file(tmp_path, FORMULAS), "--format", "csv"]) == 0
    cells = capsys.readouterr().out.splitlines()[1:]
    assert "'=HYPERLINK(\"\"http://x\"\")\"" in "".join(cells) or any(c.startswith("\"'=HYPERLINK") for c in cells)
    assert "'+1+1" in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    assert "-5" in cells and "plain" in cells and "7" in cells  # numbers and text unchanged


def test_tsv_neutralises_inside_the_quoted_literal(tmp_path, cli_env, capsys):
    assert run(["query", "--file", query_file(tmp_path, FORMULAS), "--format", "tsv"]) == 0
    out = capsys.readouterr().out
    assert '"\'@SUM(A1)"' in out and '"\'-2+3"' in out
    assert '"-5"' in out and '"plain"' in out


def test_keywords_are_found_in_any_case_but_not_inside_strings_iris_or_comments(tmp_path, cli_env, capsys):
    path = query_file(tmp_path, "select * where { SeRvIcE <http://127.0.0.1:9/q> { ?s ?p ?o } } order by ?s")
    assert run(["query", "--file", path]) == 2
    assert "refused: SERVICE" in capsys.readouterr().err
    harmless = query_file(
        tmp_path,
        '# SERVICE, FROM and LOAD in a comment\n'
        'SELECT ?x WHERE { BIND("SERVICE <x> FROM LOAD" AS ?x) ?s <http://e/from#service> ?o } ORDER BY ?x',
    )
    assert run(["query", "--file", harmless, "--format", "csv"]) == 0
    assert capsys.readouterr().out.strip() == "x"


def test_the_parse_tree_check_stands_on_its_own():
    """If the keyword check missed a SERVICE, rdflib's parse tree would still show it."""
    from rdflib.plugins.sparql.parser import parseQuery

    from conflictkg.query.sparql import _walk

    found: set = set()
    _walk(parseQuery("SELECT * WHERE { OPTIONAL { SERVICE <http://x/> { ?s ?p ?o } } }"), found)
    assert "ServiceGraphPattern" in found


def test_undeclared_prefixes_are_named(tmp_path, cli_env, capsys):
    path = query_file(tmp_path, "SELECT ?s WHERE { ?s a foo:Strike } ORDER BY ?s")
    assert run(["query", "--file", path]) == 2
    assert "the prefix 'foo:' is not declared" in capsys.readouterr().err


def test_ad_hoc_queries_may_use_the_project_prefixes(tmp_path, cli_env, capsys):
    path = query_file(tmp_path, "SELECT ?e WHERE { ?e a ckg:Offensive ; ckg:location place:palmyra } ORDER BY ?e")
    assert run(["query", "--file", path, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["e", "https://w3id.org/conflict-kg/id/event/2024-palmyra-offensive"]
