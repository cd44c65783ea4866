"""The benchmark suite runs end to end on a small graph, so its code cannot rot. Timings are never asserted."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

TIME = r"\d[\d,]*(\.\d+)? (ms|s)"
TIME_CELL = re.compile(rf"^({TIME}|> {TIME} \(cap\)|n/a)$")


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("suite")
    report, raw = out / "performance.md", out / "performance.json"
    # Short caps: the slow baselines are cut off, which exercises the "> cap" path too.
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "suite.py"), "--quick", "--sizes", "10k", "--cap", "4",
         "--query-cap", "2", "-o", str(report), "--json", str(raw)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return report.read_text(encoding="utf-8"), json.loads(raw.read_text(encoding="utf-8"))


def _table_rows(text: str) -> dict[str, list[list[str]]]:
    rows: dict[str, list[list[str]]] = {}
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith(("| operation", "|---")):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.setdefault(cells[0], []).append(cells)
    return rows


def test_report_has_every_operation_with_well_formed_numbers(quick_run):
    import suite

    text, raw = quick_run
    assert text.startswith("# Performance")
    assert "benchmarks/suite.py --quick --sizes 10k" in text  # the exact command
    assert "Load average" in text and "pyoxigraph" in text and "noisy" in text
    rows = _table_rows(text)
    for op in suite.expected_ops():
        label = next((k for k in rows if k == op or k.startswith(op + " (")), None)
        assert label is not None, f"no row for {op}"
        for cells in rows[label]:
            assert len(cells) == 12, cells
            median, runs, base_median = cells[1], cells[3], cells[7]
            assert TIME_CELL.match(median), (op, median)
            assert runs.isdigit(), (op, runs)
            if base_median:
                assert TIME_CELL.match(base_median) or base_median == "error", (op, base_median)
            if cells[9]:
                assert re.match(r"^(> )?\d[\d,]*\.\d×$", cells[9]), (op, cells[9])
    # Our own operations never fail; only the server may be absent (its load script is a hook).
    (result,) = raw["results"]
    for row in result["rows"]:
        if row["engine"] == "ours":
            assert row["status"] in ("ok", "cap", "n/a"), row
            if row["status"] == "n/a":
                assert row["op"].startswith("server"), row
            if row["status"] == "ok":
                assert row["runs"] >= 1 and row["median_s"] > 0 and row["peak_mb"] > 0, row
    assert result["triples"] >= 10_000
    # Every stored query is also timed through the query daemon (the graph in memory), as its own
    # row against the same rdflib baseline, after a row for the daemon's start with its memory.
    names = [op for op in suite.expected_ops() if op.startswith("query ")]
    for op in names:
        label = next(k for k in rows if k.startswith(op + " (") and k.endswith(", daemon"))
        (cells,) = rows[label]
        assert cells[6] == "rdflib" and re.match(r"^(> )?\d[\d,]*\.\d×$", cells[9]), cells
    (start,) = rows["query daemon start"]
    assert TIME_CELL.match(start[1]) and "statements loaded" in start[11] and start[5].endswith("MB"), start
    daemon_rows = [r for r in result["rows"] if r["engine"] == suite.DAEMON]
    assert len(daemon_rows) == len(names) and all(r["status"] == "ok" for r in daemon_rows)
    # The derived data (the store plus every cache, the N-Triples copies included) against Oxigraph's
    # own store, both from this run.
    # Against each of Oxigraph's loads: one named graph per file (as ours) and the default graph only.
    for engine in ("oxigraph load", suite.ONE_GRAPH):
        (against_oxigraph,) = [cells for cells in rows["store build"] if cells[6] == engine]
        assert re.search(r"on disk: store [\d,.]+ MB \+ caches [\d,.]+ MB = [\d,.]+ MB, \d+\.\d\d× Oxigraph's store "
                         r"\([\d,.]+ MB\)", against_oxigraph[11]), against_oxigraph
        assert re.search(r"on disk ≤ 1\.5× Oxigraph's \(\d+\.\d\d×\)", against_oxigraph[10]), against_oxigraph
    (build,) = [r for r in result["rows"] if r["op"] == "store build" and r["engine"] == "ours"]
    assert build["extra"]["store_mb"] > 0 and build["extra"]["caches_mb"] > 0, build


def test_report_can_be_rewritten_from_the_raw_measurements(quick_run, tmp_path):
    import suite

    text, raw = quick_run
    path = tmp_path / "raw.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert suite.main(["--render", str(path), "-o", str(tmp_path / "again.md")]) == 0
    again = (tmp_path / "again.md").read_text(encoding="utf-8")
    strip = lambda t: [line for line in t.splitlines() if not line.startswith("- Wall time")]  # noqa: E731
    assert strip(again) == strip(text)


def test_harness_caps_and_keeps_earlier_samples():
    import time

    import harness

    def body(emit):
        emit({"s": 0.01})
        time.sleep(30)

    outcome = harness.forked(body, 1.0)
    assert outcome.status == "cap" and outcome.seconds == [0.01] and outcome.peak_mb > 0

    failed = harness.forked(lambda emit: 1 / 0, 10)
    assert failed.status == "error" and "ZeroDivisionError" in failed.error

    cmd, stdout = harness.run_command([sys.executable, "-c", "print('hi')"], 30)
    assert cmd.status == "ok" and stdout.strip() == "hi" and len(cmd.seconds) == 1 and cmd.peak_mb > 0


def test_generated_params_name_nodes_of_the_graph(tmp_path):
    from bench_queries import generated_params

    from conflictkg.generate import synth

    path = tmp_path / "g.nt"
    synth.generate_graph(path, 5000, seed=0)
    params = generated_params(path)
    text = path.read_text(encoding="utf-8")
    for kind, key in (("event", "event"), ("actor", "actor"), ("event", "conflict"), ("place", "place")):
        assert f"<https://w3id.org/conflict-kg/id/{kind}/{params[key]}>" in text
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", params["asof"])


def test_merge_replaces_only_the_operations_run_again():
    import suite

    def row(op, engine, s):
        return {"op": op, "engine": engine, "median_s": s}

    earlier = [{"size": 10, "rows": [row("a", "ours", 1), row("a", "base", 2), row("b", "ours", 3), row("c", "ours", 4)]},
               {"size": 20, "rows": [row("a", "ours", 5)]}]
    fresh = [{"size": 10, "rows": [row("b", "ours", 30), row("b", "base", 31), row("d", "ours", 40)]}]
    merged = suite.merge_results(earlier, fresh)
    assert [(r["op"], r["engine"], r["median_s"]) for r in merged[0]["rows"]] == [
        ("a", "ours", 1), ("a", "base", 2), ("b", "ours", 30), ("b", "base", 31), ("c", "ours", 4), ("d", "ours", 40)]
    assert merged[1] == earlier[1]
    settings = suite.Settings(repeat=1, cap=1, query_cap=1, owlrl_max=1, quick=True, only=("export turtle",))
    assert settings.wanted("export turtle") and not settings.wanted("export ntriples")
    assert settings.touches("export") and not settings.touches("query ")


def test_each_row_is_shown_with_the_cap_it_was_measured_under():
    """A merged report holds rows of runs with other caps: "> cap" and lower-bound ratios use the
    row's own cap."""
    import suite

    ours = {"op": "validate whole graph", "engine": "ours", "median_s": 10.0}
    capped_then = {"op": "validate whole graph", "engine": "pySHACL", "status": "cap", "cap_s": 150}
    assert suite.time_cell(capped_then, 1800) == "> 150 s (cap)"
    assert suite.ratio_of(ours, capped_then, 1800, end_to_end=False)[1:] == (15.0, True)
    capped_now = {k: v for k, v in capped_then.items() if k != "cap_s"}  # rows of older reports
    assert suite.time_cell(capped_now, 1800) == "> 1800 s (cap)"


def test_the_header_lists_the_caps_the_rows_were_measured_under():
    """A merged report's header names every cap its rows had, not only the last command's."""
    import suite

    results = [{"size": 10, "rows": [
        {"op": "query a", "engine": "rdflib", "cap_s": 15}, {"op": "query a", "engine": "ours", "cap_s": 150},
        {"op": "query b", "engine": "rdflib", "cap_s": 60}, {"op": "validate whole graph", "engine": "pySHACL", "cap_s": 1800},
        {"op": "export turtle", "engine": "ours"}]}]
    settings = suite.Settings(repeat=1, cap=400, query_cap=15, owlrl_max=1, quick=True)
    assert suite._caps(results, settings) == "150 s or 400 s or 1800 s per operation, 15 s or 60 s per rdflib query"
    assert suite._caps([{"size": 10, "rows": []}], settings) == "400 s per operation, 15 s per rdflib query"


def test_merge_keeps_the_rows_of_skipped_engines_in_place():
    """--skip-engines pySHACL: a run of "validate whole graph" without its slowest baseline keeps
    the earlier pySHACL row, in its place, and replaces the others."""
    import suite

    def row(op, engine, s):
        return {"op": op, "engine": engine, "median_s": s}

    earlier = [{"size": 10, "rows": [row("v", "ours", 1), row("v", "pySHACL", 2), row("v", "Jena shacl", 3),
                                     row("w", "ours", 4), row("w", "pySHACL", 5)]}]
    fresh = [{"size": 10, "rows": [row("v", "ours", 10), row("v", "Jena shacl", 30)]}]
    merged = suite.merge_results(earlier, fresh, keep_engines=("pySHACL",))
    assert [(r["op"], r["engine"], r["median_s"]) for r in merged[0]["rows"]] == [
        ("v", "ours", 10), ("v", "pySHACL", 2), ("v", "Jena shacl", 30), ("w", "ours", 4), ("w", "pySHACL", 5)]
    settings = suite.Settings(repeat=1, cap=1, query_cap=1, owlrl_max=1, quick=True, skip_engines=("pySHACL",))
    assert settings.runs("validate whole graph", "Jena shacl")
    assert not settings.runs("validate whole graph", "pySHACL")


JENA_REPORT = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix shape: <https://w3id.org/conflict-kg/shapes#> .
[ a sh:ValidationReport ; sh:conforms false ;
  sh:result [ a sh:ValidationResult ; sh:focusNode ckg:unknownActor ; sh:resultPath ckg:source ;
              sh:resultSeverity sh:Warning ; sh:sourceConstraintComponent sh:MinCountConstraintComponent ;
              sh:sourceShape shape:Actor-source ] ,
            [ a sh:ValidationResult ; sh:focusNode <https://w3id.org/conflict-kg/id/event/e1> ;
              sh:resultPath [ sh:inversePath ckg:about ] ; sh:resultSeverity sh:Violation ;
              sh:sourceConstraintComponent sh:MinCountConstraintComponent ; sh:sourceShape shape:S ] ,
            [ a sh:ValidationResult ; sh:focusNode <https://w3id.org/conflict-kg/id/event/e1> ;
              sh:value <https://w3id.org/conflict-kg/id/event/e2> ; sh:resultSeverity sh:Warning ;
              sh:sourceConstraintComponent sh:SPARQLConstraintComponent ; sh:sourceShape shape:D ] ,
            [ a sh:ValidationResult ; sh:focusNode <https://w3id.org/conflict-kg/id/event/e1> ;
              sh:value <https://w3id.org/conflict-kg/id/event/e3> ; sh:resultSeverity sh:Warning ;
              sh:sourceConstraintComponent sh:SPARQLConstraintComponent ; sh:sourceShape shape:D ] ,
            [ a sh:ValidationResult ; sh:focusNode <https://w3id.org/conflict-kg/id/claim/c1> ;
              sh:resultPath ckg:minValue ; sh:value -5 ; sh:resultSeverity sh:Violation ;
              sh:sourceConstraintComponent sh:MinInclusiveConstraintComponent ; sh:sourceShape shape:M ] ] .
"""


def test_jena_report_is_compared_result_by_result():
    """The note of the Jena row says whether Jena found the same results as ours, and explains the
    results on ontology nodes, which our whole-graph validation leaves out by design."""
    import suite
    from conflictkg.validation.validate import Result

    sh, ckg, shape = "http://www.w3.org/ns/shacl#", "https://w3id.org/conflict-kg/ontology#", "https://w3id.org/conflict-kg/shapes#"
    event = Result(severity="Violation", focus_node="https://w3id.org/conflict-kg/id/event/e1", result_path=f"^<{ckg}about>",
                   value=None, message="m", source_shape=shape + "S", constraint_component=sh + "MinCountConstraintComponent")
    # Two results on one node that differ by value only are two results.
    duplicates = [Result(severity="Warning", focus_node=event.focus_node, result_path=None,
                         value=f"https://w3id.org/conflict-kg/id/event/{other}", message="m", source_shape=shape + "D",
                         constraint_component=sh + "SPARQLConstraintComponent") for other in ("e2", "e3")]
    # A literal value is written differently by each tool: it matches as a literal.
    negative = Result(severity="Violation", focus_node="https://w3id.org/conflict-kg/id/claim/c1",
                      result_path=ckg + "minValue", value='"-5"^^<http://www.w3.org/2001/XMLSchema#integer>',
                      message="m", source_shape=shape + "M", constraint_component=sh + "MinInclusiveConstraintComponent")
    ours = {suite.ours_result_key(r) for r in [event, *duplicates, negative]}
    jena = suite.jena_result_keys(JENA_REPORT)
    assert len(ours) == 4 and ours < jena
    note = suite.compare_reports(ours, jena, {ckg + "unknownActor"})
    assert note == "the same 4 results as ours; 1 more on ontology nodes (ckg:unknownActor), which ours does not report by design"
    assert suite.compare_reports(jena, jena, set()) == "the same 5 results as ours"
    note = suite.compare_reports(ours, jena, set())
    assert "1 only in Jena (e.g. ckg:unknownActor shape:Actor-source)" in note
    assert "only in ours" in suite.compare_reports(jena, ours, set())


def test_quick_operations_get_more_runs_and_slow_ones_keep_their_minimum():
    import harness

    def runs_of(seconds_each):
        return harness.repeat_timed(lambda: seconds_each, minimum=3, budget_s=1.0, maximum=25)

    assert runs_of(0.001) == 25  # a millisecond: runs until the cap on runs
    assert runs_of(0.2) == 5  # until a second has been spent
    assert runs_of(2.0) == 3  # seconds: the minimum only


def test_the_published_report_comes_from_one_complete_run(capsys):
    # docs/performance.md is regenerated by `suite.py --publish` alone; partial reruns and merges go
    # elsewhere, so the published table never depends on replaying earlier runs.
    import suite

    for partial in (["--only", "validate"], ["--merge", "x.json", "--only", "validate"], ["--quick"],
                    ["--skip-engines", "pySHACL"]):
        with pytest.raises(SystemExit) as exit_:
            suite.main(partial)  # -o defaults to docs/performance.md
        assert exit_.value.code == 2
        assert "one complete run" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        suite.main(["--publish", "--help"])
    assert "--sizes 100k,1M --repeat 3" in " ".join(capsys.readouterr().out.split())


def test_a_run_out_of_budget_says_which_operations_it_did_not_run(tmp_path):
    report = tmp_path / "performance.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "suite.py"), "--quick", "--sizes", "10k", "--budget", "0.001",
         "-o", str(report)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert "the time budget of 0.001 s ran out" in text
    rows = _table_rows(text)
    assert {"store build", "validate whole graph", "export turtle", "reasoning"} <= set(rows)
    assert all(cells[1] == "n/a" for name in ("store build", "validate whole graph") for cells in rows[name])


def test_three_sizes_side_by_side_with_their_exponents():
    """`--sizes 100k,1M,10M`: each operation's time at every size, the exponent of each step and
    overall, and the peak memory at every size."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import suite

    def result(n, t, peak):
        return {"triples": n, "rows": [{"op": "store build", "engine": "ours", "median_s": t, "peak_mb": peak},
                                       {"op": "store build", "engine": "oxigraph load", "median_s": t / 2}]}

    lines = suite.scaling_table([result(100_000, 1.0, 100), result(1_000_000, 10.0, 400),
                                 result(10_000_000, 1000.0, 4000)])
    ours = next(line for line in lines if line.startswith("| store build | ours |"))
    cells = [c.strip() for c in ours.strip("|").split("|")]
    assert cells[5:8] == ["1.00", "2.00", "1.50"]  # 100k → 1M, 1M → 10M, overall
    assert cells[8:11] == ["100 MB", "400 MB", "4,000 MB"] and cells[11] == "superlinear"
    assert any(line.startswith("| store build | oxigraph load |") for line in lines)
