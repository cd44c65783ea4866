"""Validation reports that scale: the verdict and the kinds of result first, repeated results
counted once per kind, --summary and --max-results; JSON and Turtle keep every result."""

from __future__ import annotations

import re

import json

import pytest
from rdflib import Graph, URIRef

from conflictkg.cli import run

from conftest import ROOT, generated_project, run_cli

SH_RESULT = URIRef("http://www.w3.org/ns/shacl#result")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A project holding a generated graph with 5 + 3 seeded violations of two kinds."""
    root = tmp_path_factory.mktemp("seeded")
    return generated_project(root, "--triples", "10k", "--violations", "min-gt-max=5,missing-source=3",
                             "--manifest", str(root / "manifest.json"))


def validate(monkeypatch, capsys, root, *args):
    monkeypatch.setenv("CONFLICTKG_ROOT", str(root))
    code = run(["validate", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


# The verdict line; the triple count is the generator's (about 10k), not this test's concern.
VERDICT = re.compile(r"FAILS: 8 violation\(s\), 0 warning\(s\), 0 info \(\d+ triples in 1 file\(s\)")


def test_the_verdict_and_the_kinds_come_first(seeded, monkeypatch, capsys):
    code, out, _ = validate(monkeypatch, capsys, seeded)
    lines = out.splitlines()
    assert code == 1
    assert VERDICT.match(lines[0]) and lines[-1] == lines[0]
    assert lines[1].startswith("  5 × Violation [shape:Claim-minValue, sh:LessThanOrEqualsConstraintComponent], "
                               "e.g. data/graph.nt:")
    assert lines[2].startswith("  3 × Violation [shape:Claim-source, sh:MinCountConstraintComponent], e.g. data/graph.nt:")
    assert lines[3] == ""
    assert sum(1 for line in lines if line.startswith("  Violation: ")) == 8


def test_summary_is_the_verdict_and_the_kinds_only(seeded, monkeypatch, capsys):
    code, out, _ = validate(monkeypatch, capsys, seeded, "--summary")
    lines = out.splitlines()
    assert code == 1 and len(lines) == 3 and VERDICT.match(lines[0])
    assert [line.split(" [")[0] for line in lines[1:]] == ["  5 × Violation", "  3 × Violation"]


def test_max_results_details_at_most_n(seeded, monkeypatch, capsys):
    code, out, _ = validate(monkeypatch, capsys, seeded, "--max-results", "3")
    lines = out.splitlines()
    assert code == 1 and sum(1 for line in lines if line.startswith("  Violation: ")) == 3
    assert "... 5 more result(s) not shown (--max-results N shows more, --max-results 0 all; " \
           "--format json lists every one)" in lines
    assert VERDICT.match(lines[-1])


def test_json_and_turtle_keep_every_result(seeded, monkeypatch, capsys):
    code, out, _ = validate(monkeypatch, capsys, seeded, "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["counts"]["violation"] == 8 and len(doc["results"]) == 8
    code, out, _ = validate(monkeypatch, capsys, seeded, "--format", "turtle")
    assert len(list(Graph().parse(data=out, format="turtle").objects(None, SH_RESULT))) == 8
    code, _, err = validate(monkeypatch, capsys, seeded, "--format", "json", "--summary")
    assert code == 2 and "--format json always holds every result" in err


def test_a_reference_to_nothing_is_reported_once_with_what_follows_from_it(cli_env, capsys, tmp_path):
    text = (ROOT / "tests" / "data" / "valid" / "strike-submission.ttl").read_text().replace("actor:sohr", "actor:idf")
    path = tmp_path / "s.ttl"
    path.write_text(text)
    assert run(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    block = out.split(": claim:2025-03-10-test-airstrike-sohr-killed-first\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert block[0] == "  Violation: ckg:claimant = actor:idf"
    assert block[1].startswith("    actor:idf is not in the graph or in this submission")
    assert block[2] == ("    (so also: A claim needs exactly one ckg:claimant, the ckg:Actor who made it "
                        "(actor:wikipedia for the article's own voice).)")
    assert sum(1 for line in block if line.startswith("  Violation: ckg:claimant")) == 1


def test_grouped_report_end_to_end(seeded):
    code, out, err = run_cli("validate", "--summary", env_root=seeded)
    assert code == 1 and "Traceback" not in err
    assert VERDICT.match(out.splitlines()[0]) and "  5 × Violation" in out
