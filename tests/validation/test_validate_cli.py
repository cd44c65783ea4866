"""`conflictkg validate`, in-process through `cli.run` and end to end through the installed command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from rdflib import Graph

from conflictkg import cli

DATA = Path(__file__).resolve().parents[1] / "data"
VALID = DATA / "valid" / "strike-submission.ttl"
INVALID = DATA / "invalid" / "claim-bare.ttl"
WARNING_ONLY = DATA / "invalid" / "claim-without-quote.ttl"
INFO_ONLY = DATA / "invalid" / "actor-recommendations.ttl"
COMMAND = Path(sys.executable).parent / "conflictkg"


@pytest.fixture(autouse=True)
def _root(project, monkeypatch):
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))


def run(args: list[str], stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.run(args)
    return code, out.getvalue(), err.getvalue()


def test_command_is_registered():
    code, out, _ = run(["--help"])
    assert code == 0 and "validate" in out
    code, out, _ = run(["validate", "--help"])
    assert code == 0 and "--input-format" in out and "--strict" in out


def test_valid_submission_exits_0():
    code, out, err = run(["validate", str(VALID)])
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].startswith("conforms: 0 violation(s), 0 warning(s), 0 info")


def test_violations_exit_1_with_a_report_grouped_by_node():
    code, out, err = run(["validate", str(INVALID)])
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("FAILS: 5 violation(s)")  # the verdict first, and last
    assert f"{INVALID}:12: claim:2025-02-01-test-sohr-killed" in lines
    assert sum(1 for line in lines if line.startswith("  Violation: ")) == 5
    assert "  Violation: ckg:claimant" in lines
    assert "    A claim needs exactly one ckg:claimant, the ckg:Actor who made it (actor:wikipedia for the article's own voice)." in lines
    assert "    [shape:Claim-claimant, sh:MinCountConstraintComponent]" in lines
    assert lines[-1].startswith("FAILS: 5 violation(s)")


def test_warnings_pass_unless_strict():
    assert run(["validate", str(WARNING_ONLY)])[0] == 0
    code, out, _ = run(["validate", "--strict", str(WARNING_ONLY)])
    assert code == 1 and "[--strict: warnings fail]" in out
    # Information never fails.
    assert run(["validate", "--strict", str(INFO_ONLY)])[0] == 0


def test_json_format():
    code, out, _ = run(["validate", "--format", "json", "--strict", str(WARNING_ONLY)])
    doc = json.loads(out)
    assert code == 1 and doc["exit_code"] == 1 and doc["strict"] is True and doc["conforms"] is True
    assert doc["counts"] == {"violation": 0, "warning": 1, "info": 0}
    (result,) = doc["results"]
    assert result["severity"] == "Warning"
    assert result["source_shape"] == "https://w3id.org/conflict-kg/shapes#Claim-quote"
    assert result["result_path"] == "https://w3id.org/conflict-kg/ontology#quote"
    assert result["file"] == str(WARNING_ONLY) and isinstance(result["line"], int)


def test_turtle_format_is_a_shacl_report():
    code, out, _ = run(["validate", "--format", "turtle", str(INVALID)])
    assert code == 1
    graph = Graph().parse(data=out, format="turtle")
    results = list(graph.objects(None, __import__("rdflib").URIRef("http://www.w3.org/ns/shacl#result")))
    assert len(results) == 5


def test_standard_input(monkeypatch):
    code, out, err = run(["validate", "-"], stdin=VALID.read_bytes(), monkeypatch=monkeypatch)
    assert code == 0, err
    code, out, err = run(["validate", "-"], stdin=INVALID.read_bytes(), monkeypatch=monkeypatch)
    assert code == 1 and "\n<stdin>:12: claim:" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["validate", "--format", "xml", "x.ttl"], "invalid value for '--format'"),
        (["validate", "-", "-"], "standard input ('-') can be named only once"),
        (["validate", "no-such-file.ttl"], "conflictkg: error: no-such-file.ttl: no such file"),
        (["validate", "--input-format", "bogus", "x.ttl"], "unknown input format"),
        (["validate", "--max-depth", "0", "x.ttl"], "invalid value for '--max-depth'"),
        (["validate", "--jobs", "0"], "invalid value for '--jobs'"),
        (["validate", "-j", "2", "x.ttl"], "--jobs applies to the whole graph (no FILES)"),
    ],
)
def test_usage_errors_exit_2(args, message):
    code, out, err = run(args)
    assert code == 2 and message in err and "Traceback" not in err


def test_parse_error_names_file_line_and_column(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("broken.ttl").write_text("@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n\n<https://w3id.org/conflict-kg/id/event/x> a ckg:Strike ;\n    ckg:startDate .\n")
    code, out, err = run(["validate", "broken.ttl"])
    assert code == 2 and out == ""
    assert err.startswith("conflictkg: error: broken.ttl:4:19: invalid Turtle: ")
    assert len(err.splitlines()) == 1


def test_limits_are_configurable(tmp_path):
    code, _, err = run(["validate", "--max-triples", "5", str(VALID)])
    assert code == 2 and "more than 5 triples" in err
    assert run(["validate", "--max-triples", "500", "--max-depth", "8", "--max-literal", "1000", str(VALID)])[0] == 0


# --------------------------------------------------------------------------------------------
# End to end
# --------------------------------------------------------------------------------------------


def e2e(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(COMMAND), "validate", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ},
    )


def test_e2e_whole_curated_graph_conforms():
    done = e2e()
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()
    assert done.stdout.decode().splitlines()[-1].startswith("conforms: 0 violation(s)")
    assert done.stderr == b""


def test_e2e_exit_codes_and_json():
    done = e2e("--format", "json", str(INVALID))
    assert done.returncode == 1
    assert json.loads(done.stdout)["counts"]["violation"] == 5
    done = e2e(str(DATA / "hostile" / "subclass-injection.ttl"))
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().count("\n") == 1 and b"Traceback" not in done.stderr


def test_e2e_standard_input_jsonld():
    done = e2e("--input-format", "jsonld", "-", stdin=(DATA / "valid" / "submission-record.jsonld").read_bytes())
    assert done.returncode == 0, done.stderr.decode()
