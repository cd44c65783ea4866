"""Messages that help: what a syntax error is missing, which prefix is undeclared, the names a
misspelled IRI may have meant, usage errors on one line. In process and end to end."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conflictkg.cli import run

from conftest import ROOT, run_cli

STRIKE = ROOT / "tests" / "data" / "valid" / "strike-submission.ttl"


def err_of(capsys) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err


def adhoc(monkeypatch, text: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    return run(["query", "-", "--format", "csv"])


# --------------------------------------------------------------------------------------------
# SPARQL syntax
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("SELECT ?e WHERE { ?e a ckg:Strike ", "<stdin>:1:17: syntax error: a '}' is missing: the '{' opened here is never closed"),
    ("SELECT ?e WHERE {\n  ?e a ckg:Strike FILTER(?e = 1 }",
     "<stdin>:2:33: syntax error: '}' here closes the '(' opened at line 2, column 25: a ')' is missing before it"),
    ("SELECT ?e WHERE { ?e a ckg:Strike } }", "<stdin>:1:37: syntax error: unexpected '}': no '{' is open here"),
    ("SELECT ?e WHERE {\n  ?e a ckg:Strike\n  ?e ckg:startDate ?d }",
     "<stdin>:3:3: syntax error: the query cannot go on with '?e ckg:startDate ?d }' here (a '.' may be missing before it"),
    ("SELECT ?e WHERE { ?e a evnt:x }", "the prefix 'evnt:' is not declared (line 1, column 24: evnt:x); did you mean event:?"),
    ("SELECT ?e WHERE { ?e a foo:x }", "the prefix 'foo:' is not declared (line 1, column 24: foo:x); add PREFIX foo: <...>"),
])
def test_a_syntax_error_says_what_is_missing(cli_env, capsys, monkeypatch, text, expected):
    assert adhoc(monkeypatch, text) == 2
    err = err_of(capsys)
    assert expected in err and len(err.splitlines()) == 1


def test_a_bracket_in_a_string_or_iri_does_not_count(cli_env, capsys, monkeypatch):
    assert adhoc(monkeypatch, 'SELECT ?e WHERE { ?e <http://example.org/p> "{(" . }') == 0


def test_a_missing_brace_end_to_end(cli_env, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?e\nWHERE {\n  ?e a ckg:Strike .\n")
    code, out, err = run_cli("query", "--file", str(path), env_root=cli_env.root)
    assert code == 2 and out == ""
    assert err == f"conflictkg: error: {path}:2:7: syntax error: a '}}' is missing: the '{{' opened here is never closed\n"


def test_an_undeclared_prefix_end_to_end(cli_env):
    code, out, err = run_cli("query", "-", "--format", "csv", input="SELECT ?e WHERE { ?e a evnt:Strike }",
                             env_root=cli_env.root)
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "the prefix 'evnt:' is not declared (line 1, column 24: evnt:Strike); did you mean event:?" in err


# --------------------------------------------------------------------------------------------
# Misspelled IRIs of the project's namespaces
# --------------------------------------------------------------------------------------------

def test_misspelled_iris_in_a_query_get_suggestions(cli_env, capsys, monkeypatch):
    assert adhoc(monkeypatch, "SELECT ?c WHERE { ?c ckg:measure measure:kiled ; ckg:claimant actor:idf ; a ckg:Claims }") == 0
    err = err_of(capsys)
    assert 'conflictkg: note: <stdin>: measure:kiled is in no triple of the graph. Did you mean: measure:killed "killed"?' in err
    assert 'actor:idf is in no triple of the graph. Did you mean: actor:israel-defense-forces "Israel Defense Forces"?' in err
    assert 'ckg:Claims is in no triple of the graph. Did you mean: ckg:Claim "Claim"?' in err


def test_iris_the_graph_holds_get_no_note(cli_env, capsys, monkeypatch):
    assert adhoc(monkeypatch, "SELECT ?c WHERE { ?c ckg:measure measure:killed ; ckg:claimant actor:sohr } LIMIT 1") == 0
    assert err_of(capsys) == ""


def misspelled_submission(tmp_path) -> Path:
    text = STRIKE.read_text(encoding="utf-8").replace("measure:killed", "measure:kiled").replace("actor:sohr", "actor:idf")
    path = tmp_path / "misspelled.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def test_misspelled_iris_in_a_submission_get_suggestions(cli_env, capsys, tmp_path):
    path = misspelled_submission(tmp_path)
    assert run(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert ("measure:kiled is not in the graph or in this submission: check the IRI, or add the node it names "
            '(with its type). Did you mean: measure:killed "killed"?') in out
    assert 'actor:idf is not in the graph or in this submission' in out
    assert 'Did you mean: actor:israel-defense-forces "Israel Defense Forces"?' in out


def test_a_submission_misspelling_end_to_end(cli_env, tmp_path):
    code, out, err = run_cli("validate", str(misspelled_submission(tmp_path)), env_root=cli_env.root)
    assert code == 1 and 'Did you mean: measure:killed "killed"?' in out and "Traceback" not in err


def test_an_undeclared_prefix_in_a_submission_is_named_with_its_declaration(cli_env, capsys, tmp_path):
    path = tmp_path / "undeclared.ttl"
    path.write_text("@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\nevent:x a ckg:Strike .\n")
    assert run(["validate", str(path)]) == 2
    assert err_of(capsys) == (f"conflictkg: error: {path}:2:1: invalid Turtle: the prefix event: is used but not "
                              "declared: add @prefix event: <https://w3id.org/conflict-kg/id/event/> .\n")


# --------------------------------------------------------------------------------------------
# Usage errors on one line
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, line", [
    (["query", "--format", "xx"], "conflictkg: error: query: invalid value for '--format': 'xx' is not one of 'table'"),
    (["submit"], "conflictkg: error: submit: missing argument 'FILE' (see conflictkg submit --help)"),
    (["qurey"], "conflictkg: error: no such command 'qurey'. Did you mean: query? (see conflictkg --help)"),
    (["--bogus"], "conflictkg: error: no such option '--bogus' (see conflictkg --help)"),
    (["plot", "claims"], "conflictkg: error: plot claims: missing argument 'EVENT' (see conflictkg plot claims --help)"),
])
def test_usage_errors_take_one_line(argv, line, capsys):
    assert run(argv) == 2
    err = err_of(capsys)
    assert err.startswith(line) and len(err.splitlines()) == 1


def test_usage_errors_take_one_line_end_to_end():
    code, out, err = run_cli("query", "--format", "xx")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("conflictkg: error: query: invalid value for '--format'")


def test_blank_nodes_are_named_as_the_file_names_them(cli_env, capsys, tmp_path):
    path = tmp_path / "blank.ttl"
    path.write_text("@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n\n_:event a ckg:Strike .\n")
    assert run(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"\n{path}:3: _:event\n" in out and "_:f1b" not in out
    assert run(["validate", "--format", "json", str(path)]) == 1
    doc = __import__("json").loads(capsys.readouterr().out)
    assert {r["focus_node"] for r in doc["results"]} == {"_:f1b1"}  # the JSON report is unchanged


def test_blank_node_names_end_to_end(cli_env, tmp_path):
    path = tmp_path / "blank.ttl"
    path.write_text("@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n_:strike a ckg:Strike .\n")
    code, out, err = run_cli("validate", "--summary", str(path), env_root=cli_env.root)
    assert code == 1 and f"{path}:2 _:strike: " in out
