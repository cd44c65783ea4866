"""The command line never answers a wrong question with a plausible empty answer: parameters that
name nothing, data files it would not read and empty inputs are errors; an empty result says so.
In process (`conflictkg.cli.run`) and end to end (the installed `conflictkg`)."""

from __future__ import annotations

import pytest

from conflictkg.cli import run

from conftest import ROOT, copy_project, run_cli, start_oxigraph, stop


def out_err(capsys):
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.out, captured.err


# --------------------------------------------------------------------------------------------
# Parameters checked against the graph
# --------------------------------------------------------------------------------------------


def test_an_event_that_names_nothing_is_an_error_with_suggestions(cli_env, capsys):
    assert run(["query", "casualty-claims", "--param", "event=palmyra"]) == 2
    out, err = out_err(capsys)
    assert out == ""
    assert err.count("\n") == 1
    assert "--param event=palmyra: no event palmyra in the graph" in err
    assert 'Did you mean: 2024-palmyra-airstrike "2024 Palmyra airstrike", 2024-palmyra-offensive' in err


def test_a_misspelled_slug_suggests_the_one_meant(cli_env, capsys):
    assert run(["query", "event-claims", "-p", "event=event:2024-palmyra-airstrik"]) == 2
    err = out_err(capsys)[1]
    assert err.endswith('Did you mean: 2024-palmyra-airstrike "2024 Palmyra airstrike"?\n')


def test_an_actor_is_found_by_its_initials_and_labels(cli_env, capsys):
    assert run(["query", "actor-claims", "-p", "actor=idf"]) == 2
    assert 'Did you mean: israel-defense-forces "Israel Defense Forces"?' in out_err(capsys)[1]


def test_a_place_and_a_conflict_are_checked_too(cli_env, capsys):
    assert run(["query", "events-by-place", "-p", "place=palmira"]) == 2
    assert "Did you mean: palmyra" in out_err(capsys)[1]
    assert run(["query", "conflict-events", "-p", "conflict=zzqqxx"]) == 2
    assert "no conflict zzqqxx in the graph. No conflict has a name like 'zzqqxx'" in out_err(capsys)[1]


def test_an_iri_outside_the_graph_is_an_error(cli_env, capsys):
    assert run(["query", "casualty-claims", "-p", "event=<http://example.org/x>"]) == 2
    assert "The graph holds nothing under http://example.org/" in out_err(capsys)[1]


def test_a_value_that_names_something_runs(cli_env, capsys):
    assert run(["query", "casualty-claims", "-p", "event=2024-palmyra-airstrike", "--format", "csv"]) == 0
    out, err = out_err(capsys)
    assert len(out.splitlines()) > 5 and "note" not in err


def test_an_empty_result_says_so_with_a_hint(cli_env, capsys):
    assert run(["query", "figures-as-of", "-p", "asof=1990-01-01", "--format", "csv"]) == 0
    out, err = out_err(capsys)
    assert out.splitlines() == ["event,measure,counted,population,claimant,claimDate,figure,min,best,max,claim"]
    assert err == ("conflictkg: note: no rows: the query matched nothing; with --param asof=1990-01-01: "
                   "a parameter may filter everything out\n")


def test_parameters_end_to_end(cli_env):
    code, out, err = run_cli("query", "casualty-claims", "--param", "event=palmyra", env_root=cli_env.root)
    assert code == 2 and out == "" and "Did you mean: 2024-palmyra-airstrike" in err and "Traceback" not in err
    code, out, err = run_cli("query", "figures-as-of", "-p", "asof=1990-01-01", env_root=cli_env.root)
    assert code == 0 and "no rows: the query matched nothing" in err


# --------------------------------------------------------------------------------------------
# Every RDF file in data/ is read or refused
# --------------------------------------------------------------------------------------------

EXTRA_EVENT = ("<https://w3id.org/conflict-kg/id/event/nt-test-event> "
               "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/conflict-kg/ontology#Strike> .\n"
               "<https://w3id.org/conflict-kg/id/event/nt-test-event> "
               "<http://www.w3.org/2000/01/rdf-schema#label> \"N-Triples test event\"@en .\n")


def test_an_ntriples_file_in_data_is_part_of_the_graph(tmp_path, monkeypatch, capsys):
    project = copy_project(ROOT, tmp_path / "p")
    (project.data_dir / "extra.nt").write_text(EXTRA_EVENT, encoding="utf-8")
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    query = "SELECT ?l WHERE { event:nt-test-event rdfs:label ?l }"
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(query))
    assert run(["query", "-", "--format", "csv"]) == 0
    assert out_err(capsys)[0].splitlines() == ["l", "N-Triples test event"]
    # A suggestion finds it by its label, from the .nt file.
    assert run(["query", "casualty-claims", "-p", "event=ntriples-test"]) == 2
    assert 'nt-test-event "N-Triples test event"' in out_err(capsys)[1]
    code, out, err = run_cli("query", "-", "--format", "csv", input=query, env_root=project.root)
    assert code == 0 and out.splitlines() == ["l", "N-Triples test event"]


def test_an_rdf_file_the_graph_does_not_read_is_refused_by_every_command(tmp_path, monkeypatch, capsys):
    project = copy_project(ROOT, tmp_path / "p", shapes=True)
    (project.data_dir / "graph.nt.gz").write_bytes(b"\x1f\x8b")
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    for argv in (["validate"], ["query", "event-timeline"], ["build"]):
        assert run(argv) == 2
        out, err = out_err(capsys)
        assert err.startswith("conflictkg: error: data/graph.nt.gz: compressed files in data/ are not read"), argv
    code, _, err = run_cli("validate", env_root=project.root)
    assert code == 2 and "data/graph.nt.gz: compressed files in data/ are not read" in err


def test_validate_counts_an_ntriples_file(tmp_path, monkeypatch, capsys):
    project = copy_project(ROOT, tmp_path / "p", shapes=True)
    (project.data_dir / "extra.nt").write_text(EXTRA_EVENT, encoding="utf-8")
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    run(["validate", "--format", "json"])
    import json

    report = json.loads(out_err(capsys)[0])
    entry = next(i for i in report["inputs"] if i["file"].endswith("extra.nt"))
    assert entry["format"] == "ntriples" and entry["triples"] == 2


def test_validate_on_zero_triples_is_an_error(cli_env, tmp_path, capsys):
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing but a comment\n@prefix ex: <http://example.org/> .\n")
    assert run(["validate", str(empty)]) == 2
    assert "holds no triples: nothing to validate" in out_err(capsys)[1]
    code, out, err = run_cli("validate", str(empty), env_root=cli_env.root)
    assert code == 2 and "holds no triples" in err


def test_validate_on_an_empty_data_folder_is_an_error(tmp_path, monkeypatch, capsys):
    project = copy_project(ROOT, tmp_path / "p", shapes=True)
    for path in project.data_files():
        path.unlink()
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    assert run(["validate"]) == 2
    assert "holds no RDF file (.ttl, .nt, .nq, .trig, .jsonld): nothing to validate" in out_err(capsys)[1]


def test_validate_without_shapes_is_an_error(tmp_path, monkeypatch, capsys):
    project = copy_project(ROOT, tmp_path / "p")  # without shapes/
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    assert run(["validate"]) == 2
    assert "shapes/ holds no SHACL shapes (.ttl): nothing to validate against" in out_err(capsys)[1]
    assert run(["validate", str(ROOT / "tests" / "data" / "valid" / "strike-submission.ttl")]) == 2
    assert "shapes/ holds no SHACL shapes" in out_err(capsys)[1]


def test_an_ask_about_an_event_that_names_nothing_is_an_error_not_false(cli_env, capsys):
    assert run(["query", "is-contested", "-p", "event=palmyra-airstrike", "--format", "json"]) == 2
    out, err = out_err(capsys)
    assert out == "" and "Did you mean: 2024-palmyra-airstrike" in err


@pytest.mark.server
def test_parameters_and_labels_on_a_remote_endpoint(cli_env, tmp_path, capsys, monkeypatch):
    """The look-ups run where the query runs: on a real Oxigraph server given with --endpoint."""
    proc, base = start_oxigraph(tmp_path / "oxigraph-data")
    try:
        assert run(["push", "--endpoint", f"{base}/store"]) == 0
        capsys.readouterr()
        assert run(["query", "casualty-claims", "-p", "event=palmyra", "--endpoint", f"{base}/query"]) == 2
        assert 'Did you mean: 2024-palmyra-airstrike "2024 Palmyra airstrike"' in out_err(capsys)[1]
        monkeypatch.setenv("COLUMNS", "100")
        assert run(["query", "casualty-claims", "-p", "event=2024-palmyra-airstrike", "--format", "table",
                    "--endpoint", f"{base}/query"]) == 0
        remote = out_err(capsys)[0]
        assert "SOHR" in remote and "actor:sohr" not in remote
        assert run(["query", "casualty-claims", "-p", "event=2024-palmyra-airstrike", "--format", "table"]) == 0
        assert out_err(capsys)[0] == remote
    finally:
        stop(proc)
