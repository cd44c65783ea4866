"""The whole-graph validation engines agree: the shapes compiled to SPARQL on the store
(`conflictkg.validation.shaclsparql`) find exactly what pySHACL finds, on the curated graph, on every example
of the invalid corpus merged into it, and on a generated graph with seeded violations."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from conflictkg.validation import shaclsparql
from conflictkg.generate import synth
from conflictkg.cli import run
from conflictkg.core.paths import Project
from conflictkg.core.sandbox import Budget
from conflictkg.storage.store import graph_iri
from conflictkg.validation.validate import (
    BREAKDOWN_SHAPES,
    _run_shacl,
    file_positions,
    load_shapes,
    memory_store,
    render_json,
    render_text,
    short,
    validate,
)

DATA = Path(__file__).resolve().parents[1] / "data"
INVALID = sorted((DATA / "invalid").glob("*.ttl"))
VALID = sorted((DATA / "valid").glob("*.ttl"))
FIELDS = ("severity", "focus_node", "result_path", "value", "message", "source_shape", "constraint_component",
          "source_constraint")

logging.getLogger("rdflib").setLevel(logging.ERROR)


def _tuple(result) -> tuple:
    get = result.get if isinstance(result, dict) else lambda k: getattr(result, k)
    # Blank nodes are labelled by whoever parsed the file: compare them as blank nodes.
    return tuple(re.sub(r"^_:.*", "_:", get(k)) if isinstance(get(k), str) else get(k) for k in FIELDS)


@pytest.fixture(scope="module")
def plan(project):
    return shaclsparql.compile_shapes(load_shapes(project))


@pytest.fixture(scope="module")
def project(project_copy):
    """The curated graph (a copy without the accepted submissions): the engines are compared on data
    whose results this module spells out, and pySHACL's time stays within the validation budget as
    the submissions grow (the whole graph is validated with our engine by tests/validation/test_validate.py)."""
    return project_copy


@pytest.fixture(scope="module")
def ontology_graphs(project):
    return [graph_iri(project, p) for p in project.ontology_files()]


# --------------------------------------------------------------------------------------------
# The curated graph
# --------------------------------------------------------------------------------------------


def _cli_validate(args: list[str]) -> tuple[int, str]:
    """`conflictkg validate ARGS` in process: (exit code, stdout)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = run(["validate", *args])
    return code, out.getvalue()


@pytest.fixture(scope="module")
def pyshacl_cli(project):
    """`conflictkg validate --engine pyshacl --format json` of the curated copy, in process, with the
    report pySHACL gave it: (exit code, stdout, report). pySHACL takes several seconds on the whole
    graph, so it runs once for the module: the report is compared with ours in process and, rendered
    by the CLI in each format, through the CLI (`cli_outputs`)."""
    from conflictkg.validation import validate as module  # the function the command looks up when it runs

    real, reports = module.validate, []

    def recording(*args, **kwargs):
        reports.append((kwargs.get("engine"), real(*args, **kwargs)))
        return reports[-1][1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONFLICTKG_ROOT", str(project.root))
        mp.setattr(module, "validate", recording)
        code, out = _cli_validate(["--engine", "pyshacl", "--format", "json"])
    ((engine, report),) = reports
    assert engine == "pyshacl"
    return code, out, report


@pytest.fixture(scope="module")
def both_reports(project, pyshacl_cli):
    return validate(None, project=project, engine="sparql"), pyshacl_cli[2]


def test_curated_graph_same_results_as_pyshacl(both_reports):
    ours, theirs = both_reports
    assert ours.results, "the curated graph has known warnings and infos"
    assert Counter(map(_tuple, ours.results)) == Counter(map(_tuple, theirs.results))
    assert [(r.file, r.line) for r in ours.results] == [(r.file, r.line) for r in theirs.results]
    assert ours.focus_nodes == theirs.focus_nodes and ours.inputs == theirs.inputs


def test_on_the_persistent_store_when_no_memory_copy_fits(project, both_reports, monkeypatch):
    """The in-memory copy is skipped when it would not fit the budget; the store gives the same."""
    from conflictkg.validation import validate as module

    assert module._memory_copy(project, 0) is None
    opened = []
    monkeypatch.setattr(module, "_copy_mb", lambda project: 2049)  # one MB more than the budget below
    monkeypatch.setattr(module, "_check_on_copy", lambda *a: pytest.fail("the in-memory copy was used"))
    real_reader = module.store_module.reader
    monkeypatch.setattr(module.store_module, "reader", lambda *a, **k: opened.append(a) or real_reader(*a, **k))
    on_store = validate(None, project=project, engine="sparql", budget=Budget(timeout=600, memory_mb=2048))
    assert opened and on_store.results == both_reports[0].results and on_store.inputs == both_reports[0].inputs


def test_on_the_persistent_store_running_out_of_time_says_what_memory_the_copy_needs(project, monkeypatch):
    """On the on-disk store the queries take several times longer: a run that exceeds its time budget
    there says so, and names the --memory under which the in-memory copy would have been used."""
    from conflictkg.core.sandbox import BudgetExceeded
    from conflictkg.validation import validate as module

    # As if the graph were a hundred thousand times larger: its copy would not fit the worker's 2,048 MB.
    monkeypatch.setattr(module, "MEMORY_COPY_FACTOR", module.MEMORY_COPY_FACTOR * 100_000)
    needed = module._copy_mb(project)
    assert needed > 2048 and module._memory_copy(project, 2048) is None
    with pytest.raises(BudgetExceeded) as caught:
        validate(None, project=project, engine="sparql", budget=Budget(timeout=0.1, memory_mb=2048))
    message = caught.value.message
    assert f"on the on-disk store (the in-memory copy, several times faster, needs --memory {needed} or more)" in message
    assert "took longer than the time budget of 0.1 s" in message and "\n" not in message


def test_the_memory_copy_is_built_in_a_worker_off_its_main_thread(project, both_reports, monkeypatch, tmp_path):
    """In a worker of its own, whose exit gives the copy back to the system at once (freeing it
    object by object took 8 s at 10M triples), and there off the main thread, so that its
    allocations stay out of the main malloc arena the query workers allocate from
    (sandbox.on_own_thread); the report is the same."""
    import os
    import threading

    from conflictkg.validation import validate as module

    record = tmp_path / "built-on"
    real = module._memory_copy

    def recorded(*args, **kwargs):  # runs in the worker: what it saw goes through a file
        record.write_text(f"{os.getpid()} {threading.get_ident() == threading.main_thread().ident}")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "_memory_copy", recorded)
    report = validate(None, project=project, engine="sparql")
    pid, on_main_thread = record.read_text().split()
    assert int(pid) != os.getpid() and on_main_thread == "False"
    assert report.results == both_reports[0].results


def test_on_own_thread_returns_the_value_and_raises_the_error():
    import threading

    from conflictkg.core.errors import UserError
    from conflictkg.core.sandbox import on_own_thread

    assert on_own_thread(lambda a, b=0: (a + b, threading.get_ident()), 2, b=3)[0] == 5
    assert on_own_thread(threading.get_ident) != threading.get_ident()

    def refuse():
        raise UserError("data/x.ttl: cannot read", exit_code=2)

    with pytest.raises(UserError) as info:
        on_own_thread(refuse)
    assert info.value.message == "data/x.ttl: cannot read" and info.value.exit_code == 2


def test_curated_positions_are_those_of_file_positions(project, both_reports):
    ours, _ = both_reports
    expected = file_positions(project.data_files(), project.root)
    for r in ours.results:
        assert (r.file, r.line) == expected[URIRef(r.focus_node)]
    # And for every subject of the curated data, not only those with results.
    scan = shaclsparql.scan_files(project.data_files(), project.root, set(expected))
    assert scan.positions == {k: v for k, v in expected.items() if isinstance(k, URIRef)}


def test_triple_counts_come_from_the_store_and_match_a_parse(project, both_reports):
    ours, _ = both_reports
    for summary, path in zip(ours.inputs, project.data_files()):
        assert summary.triples == len(Graph().parse(path, format="turtle"))


def test_turtle_report_is_a_shacl_report(both_reports):
    from conflictkg.model.namespaces import SH

    ours, _ = both_reports
    g = Graph().parse(data=ours.report_turtle, format="turtle")
    assert len(set(g.subjects(None, SH.ValidationResult))) == len(ours.results)


# --------------------------------------------------------------------------------------------
# The invalid corpus, each example merged into the curated graph
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def merged(project):
    """The curated graph in memory, one named graph per file; each case adds its own graph."""
    return memory_store(project)


@pytest.fixture(scope="module")
def ontology_only(project):
    store = ox.Store()
    for path in project.ontology_files():
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph_iri(project, path)))
    return store


CASE = ox.NamedNode("urn:conflictkg:test:case")


def _run_case(plan, store, path: Path, ontology_graphs):
    quads = [ox.Quad(q.subject, q.predicate, q.object, CASE) for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    store.extend(quads)
    try:
        raw = shaclsparql.run_plan(plan, store, ontology_graphs)
    finally:
        for q in quads:
            store.remove(q)
    scan = shaclsparql.scan_files([path], path.parent, shaclsparql.wanted_subjects(raw))
    outcome = shaclsparql.finish(plan, raw, scan)
    subjects = {URIRef(q.subject.value) for q in quads if isinstance(q.subject, ox.NamedNode)}
    totals = {URIRef(q.object.value) for q in quads if q.predicate.value.endswith("#breakdownOf")} - subjects
    # The nodes of the file, and existing totals it adds a part to (for the breakdown rules only),
    # as validating the file as a submission reports them.
    results = [r for r in outcome["results"]
               if r["focus"] in subjects or (r["focus"] in totals and r["source_shape"] in BREAKDOWN_SHAPES)]
    return results, scan, subjects, totals


def _key(r: dict, with_value: bool) -> tuple:
    return (
        r["severity"], short(r["focus_node"]), short(r["result_path"]) if r["result_path"] else None,
        short(r["source_shape"]), short(r["constraint_component"]),
        short(r["source_constraint"]) if r.get("source_constraint") else None,
        (short(r["value"]) if r.get("value") is not None else None) if with_value else None,
    )


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_example_sparql_engine_raises_exactly_its_expected_results(path, plan, merged, ontology_only,
                                                                            ontology_graphs):
    expected = json.loads(path.with_suffix(".expected.json").read_text())
    store = ontology_only if expected.get("mode") == "graph" else merged
    results, scan, subjects, _ = _run_case(plan, store, path, ontology_graphs)
    assert Counter(_key(r, False) for r in results) == Counter(_key(r, False) for r in expected["results"])
    for wanted in expected["results"]:
        if "value" in wanted:
            assert any(_key(r, True) == _key(wanted, True) for r in results), wanted
    assert all(r["focus"] in scan.positions for r in results if r["focus"] in subjects)


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_example_sparql_engine_finds_nothing(path, plan, merged, ontology_graphs):
    results, _, _, _ = _run_case(plan, merged, path, ontology_graphs)
    assert results == []


# Every third example, with every field compared to pySHACL on the same merged graph.
SAMPLE = INVALID[::3]


@pytest.mark.parametrize("path", SAMPLE, ids=[p.stem for p in SAMPLE])
def test_invalid_example_same_results_as_pyshacl(path, project, plan, merged, ontology_graphs):
    from conflictkg.rdf.rdfio import load_graph

    expected = json.loads(path.with_suffix(".expected.json").read_text())
    if expected.get("mode") == "graph":
        pytest.skip("validated alone, in a project of its own (test_validate)")
    results, _, subjects, totals = _run_case(plan, merged, path, ontology_graphs)
    graph = load_graph(project)
    graph.parse(path, format="turtle")
    reference = _run_shacl(list(graph), load_shapes(project), subjects, totals - subjects)
    assert Counter(map(_tuple, results)) == Counter(map(_tuple, reference["results"]))


# --------------------------------------------------------------------------------------------
# A generated graph with seeded violations
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(project, tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    for folder in ("ontology", "shapes"):
        shutil.copytree(project.root / folder, root / folder)
    (root / "data").mkdir()
    with (root / "data" / "graph.ttl").open("wb") as fh:
        result = synth.stream_graph(fh, 10_000, seed=3, fmt="nt", violations="all=2")
    integers = _write_integers_otherwise(root / "data", {e["focus"] for e in result.manifest["violations"]})
    return Project(root), result.manifest, integers


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _write_integers_otherwise(data, seeded: set) -> dict:
    """Rewrite some figures and sides of data/graph.ttl (N-Triples) in other integer datatypes and
    forms, and add a figure again in another file (what `WrittenIntegers` must notice), away from the
    seeded violations. Returns the subjects whose datatype the shapes refuse and those they allow."""
    path = data / "graph.ttl"
    lines = path.read_text().splitlines()

    def free(kind):
        return [i for i, line in enumerate(lines)
                if f'"^^<{_XSD}{kind}>' in line and line[1:line.index(">")] not in seeded]

    figures, sides = free("nonNegativeInteger"), free("positiveInteger")
    assert len(figures) > 12 and len(sides) > 4

    def rewrite(i, form, datatype):
        head = lines[i][:lines[i].index(' "')]
        lines[i] = f'{head} "{form}"^^<{_XSD}{datatype}> .'

    rewrite(figures[3], "7", "int")  # an integer datatype the shapes do not allow
    rewrite(figures[5], "007", "nonNegativeInteger")  # allowed, not the canonical form
    rewrite(figures[7], "+9", "integer")  # the other allowed datatype, with a sign
    rewrite(figures[9], "12", "integer")
    rewrite(sides[2], "02", "positiveInteger")
    rewrite(sides[3], "3", "long")
    path.write_text("\n".join(lines) + "\n")
    # The same figure again in another file, written otherwise.
    again = lines[figures[11]]
    (data / "more.nt").write_text(again[:again.index(' "')] + f' "12"^^<{_XSD}short> .\n')

    def subject(i):
        return lines[i][1:lines[i].index(">")]

    return {"refused": {subject(i) for i in (figures[3], sides[3], figures[11])},
            "allowed": {subject(i) for i in (figures[5], figures[7], figures[9], sides[2])}}


def test_generated_graph_same_results_as_pyshacl_and_every_seeded_violation(generated):
    # The graph also holds integers written in other datatypes and forms (`_write_integers_otherwise`).
    project, manifest, _ = generated
    ours = validate(None, project=project, engine="sparql")
    # pySHACL is the reference here, not what is tested: the default 60 s budget is too short for it
    # on a loaded machine (it takes about 20 s alone).
    theirs = validate(None, project=project, engine="pyshacl", budget=Budget(timeout=600, memory_mb=4096))
    assert Counter(map(_tuple, ours.results)) == Counter(map(_tuple, theirs.results))
    assert render_json(ours) == render_json(theirs)
    found = {(r.focus_node, r.severity) for r in ours.results}
    for entry in manifest["violations"]:
        assert (entry["focus"], "Violation") in found, entry


def test_integers_written_in_other_forms_are_read_from_their_files(generated):
    """The in-memory copy watches the integers as written (`WrittenIntegers`): values in the usual
    datatype and form are decided at once, any other through its file, with pySHACL's verdicts
    either way (the report equals pySHACL's: test_generated_graph_same_results_as_pyshacl...)."""
    from conflictkg.validation import validate as module

    project, _, integers = generated
    written = shaclsparql.WrittenIntegers(shaclsparql.integer_predicates(module._sparql_plan(project)))
    assert module._memory_copy(project, 4096, None, written) is not None
    assert len(written.deviant) == 7
    ours = validate(None, project=project, engine="sparql")
    # The three datatypes the shapes refuse are found; the allowed forms are not.
    focus = {str(r.focus_node) for r in ours.results if r.constraint_component.endswith("#OrConstraintComponent")
             or r.constraint_component.endswith("#DatatypeConstraintComponent")}
    assert integers["refused"] <= focus and not (integers["allowed"] - integers["refused"]) & focus


def test_written_integers_notes_only_what_the_store_cannot_tell():
    p = "https://w3id.org/conflict-kg/ontology#minValue"
    written = shaclsparql.WrittenIntegers([p])
    written.feed(("\n".join([
        f'<http://x/a> <{p}> "5"^^<{_XSD}nonNegativeInteger> .',
        f'<http://x/b> <{p}> "05"^^<{_XSD}nonNegativeInteger> .',
        f'<http://x/c> <{p}> "5"^^<{_XSD}integer> .',
        f'<http://x/d> <http://x/other> "5"^^<{_XSD}integer> .',
        f'<http://x/e> <{p}> "-0"^^<{_XSD}nonNegativeInteger> .',
        f'<http://x/f> <{p}> "five"^^<{_XSD}string> .',
    ]) + "\n").encode())
    assert written.usual[p] == _XSD + "nonNegativeInteger"
    assert written.deviant == {("http://x/b", p), ("http://x/c", p), ("http://x/e", p)}
    stored = Literal("5", datatype=URIRef(_XSD + "integer"))
    assert written.literal(URIRef("http://x/a"), p, stored) == Literal("5", datatype=URIRef(_XSD + "nonNegativeInteger"))
    assert written.literal(URIRef("http://x/b"), p, stored) is None  # through the file
    assert written.literal(URIRef("http://x/a"), "http://x/other", stored) is None  # not watched
    assert written.literal(BNode(), p, stored) is None  # a blank node's label differs in the store
    assert written.literal(URIRef("http://x/a"), p, Literal("5.0", datatype=URIRef(_XSD + "decimal"))) is None


@pytest.mark.parametrize("jobs", [1, 3])
def test_the_report_does_not_depend_on_how_many_workers_run_the_checks(generated, jobs):
    """The checks are handed out to whichever worker asks next: one worker, or three (more than this
    machine's cores), give the report the default gives, to the byte."""
    from conflictkg.validation import validate as module

    project, _, _ = generated
    assert module.default_jobs() >= 1
    default = render_json(validate(None, project=project, engine="sparql"))
    assert render_json(validate(None, project=project, engine="sparql", jobs=jobs)) == default


# --------------------------------------------------------------------------------------------
# The compiler refuses what it does not implement
# --------------------------------------------------------------------------------------------


SHAPES_HEAD = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
"""


@pytest.mark.parametrize("body, feature", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .", "sh:closed"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:uniqueLang true ] .", "sh:uniqueLang"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:xone ( [ sh:class ex:A ] [ sh:class ex:B ] ) .", "sh:xone"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:equals ex:q ] .", "sh:equals"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select \"SELECT $this WHERE { SERVICE <http://x> { $this ?p ?o } }\" ] .", "SERVICE"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select \"SELECT $this WHERE { { SELECT ?o WHERE { $this ?p ?o } } }\" ] .",
     "uses $this without selecting it"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .", "sh:message"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:datatype ex:D ; sh:message \"m\" ] .",
     "single property"),
])
def test_unsupported_features_are_refused_at_compile_time(body, feature):
    shapes = Graph().parse(data=SHAPES_HEAD + body, format="turtle")
    with pytest.raises(shaclsparql.UnsupportedShapes, match=re.escape(feature)):
        shaclsparql.compile_shapes(shapes)


def test_compiled_queries_never_use_service(plan):
    assert plan.checks and not any(re.search(r"\bSERVICE\b", t, re.I) for t in plan.texts())


def test_unsupported_shapes_are_a_one_line_error(tmp_path, project, capsys):
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(project.root / folder, tmp_path / folder)
    (tmp_path / "shapes").mkdir()
    (tmp_path / "shapes" / "s.ttl").write_text(SHAPES_HEAD + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .\n")
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert run(["validate"]) == 2
        assert "sh:closed" in capsys.readouterr().err
        assert run(["validate", "--engine", "pyshacl"]) == 0
    finally:
        os.chdir(cwd)


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_outputs(project, pyshacl_cli):
    """`conflictkg validate` of the curated copy with each engine and format, in process:
    {(engine, format): (exit code, stdout)}. pySHACL's report is the one `pyshacl_cli` got, which
    the command renders as text here (pySHACL is slow on the whole graph: it runs once)."""
    from conflictkg.validation import validate as module  # the function the command looks up when it runs

    code, out, report = pyshacl_cli
    outputs = {("pyshacl", "json"): (code, out)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONFLICTKG_ROOT", str(project.root))
        for fmt in ("text", "json"):
            outputs["sparql", fmt] = _cli_validate(["--engine", "sparql", "--format", fmt])
        mp.setattr(module, "validate", lambda *args, **kwargs: report)
        outputs["pyshacl", "text"] = _cli_validate(["--engine", "pyshacl", "--format", "text"])
    return outputs


def test_cli_both_engines_same_output_and_exit_code(cli_outputs):
    for fmt in ("text", "json"):
        assert cli_outputs["sparql", fmt] == cli_outputs["pyshacl", fmt]
    assert cli_outputs["sparql", "text"][0] == 0 and "conforms" in cli_outputs["sparql", "text"][1]


def test_cli_end_to_end_engine_option(project, cli_outputs):
    # Through the installed command (the project found from the working folder), --engine sparql
    # prints what both engines print in process (compared with each other above); pySHACL is not run
    # a third time.
    exe = Path(sys.executable).parent / "conflictkg"
    ran = subprocess.run([str(exe), "validate", "--engine", "sparql"], cwd=project.root, capture_output=True, text=True)
    assert (ran.returncode, ran.stdout) == cli_outputs["pyshacl", "text"] == cli_outputs["sparql", "text"]
    bad = subprocess.run([str(exe), "validate", "--engine", "jena"], cwd=project.root, capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


# --------------------------------------------------------------------------------------------
# The possible-duplicate rule (looked up by the neighbouring days' dates): both engines
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("first, second, warned", [
    ("2024-02-29", "2024-03-01", True),  # leap day, across a month
    ("2023-12-31", "2024-01-01", True),  # across a year
    ("2024-03-01", "2024-02-28", False),  # two days apart in a leap year
    ("2023-03-01", "2023-02-28", True),  # one day apart in a common year
    ("2024-11-20", "2024-11-20", True),
    ("2024-02-30", "2024-02-30", True),  # the same invalid date, as written
])
def test_possible_duplicate_across_day_boundaries(first, second, warned, project, plan, merged, ontology_graphs, tmp_path):
    text = "\n".join(
        f"""<https://w3id.org/conflict-kg/id/event/test-{i}> a <https://w3id.org/conflict-kg/ontology#Strike> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "Test {i}"@en ;
    <https://w3id.org/conflict-kg/ontology#eventType> <https://w3id.org/conflict-kg/vocab/event-type/airstrike> ;
    <https://w3id.org/conflict-kg/ontology#startDate> "{day}"^^<http://www.w3.org/2001/XMLSchema#date> ;
    <https://w3id.org/conflict-kg/ontology#datePrecision> <https://w3id.org/conflict-kg/vocab/precision/day> ;
    <https://w3id.org/conflict-kg/ontology#location> <https://w3id.org/conflict-kg/id/place/palmyra> ."""
        for i, day in ((1, first), (2, second))
    )
    path = tmp_path / "pair.ttl"
    path.write_text(text + "\n")
    results, _, subjects, _ = _run_case(plan, merged, path, ontology_graphs)
    duplicates = {r["focus_node"] for r in results if r["source_shape"].endswith("#DuplicateEventShape")}
    assert duplicates == ({str(s) for s in subjects} if warned else set())
    from conflictkg.rdf.rdfio import load_graph

    graph = load_graph(project)
    graph.parse(path, format="turtle")
    reference = _run_shacl(list(graph), load_shapes(project), subjects, set())
    assert Counter(map(_tuple, results)) == Counter(map(_tuple, reference["results"]))

_TEST_PLACES = """
<https://w3id.org/conflict-kg/id/place/test-governorate> a <https://w3id.org/conflict-kg/ontology#Place> .
<https://w3id.org/conflict-kg/id/place/test-district> a <https://w3id.org/conflict-kg/ontology#Place> ;
    <https://w3id.org/conflict-kg/ontology#locatedIn> <https://w3id.org/conflict-kg/id/place/test-governorate> .
<https://w3id.org/conflict-kg/id/place/test-city> a <https://w3id.org/conflict-kg/ontology#Place> ;
    <https://w3id.org/conflict-kg/ontology#locatedIn> <https://w3id.org/conflict-kg/id/place/test-district> .
<https://w3id.org/conflict-kg/id/place/test-elsewhere> a <https://w3id.org/conflict-kg/ontology#Place> .
"""


@pytest.mark.parametrize("first, second, warned", [
    ("location test-city", "location test-city", True),
    ("location test-city", "location test-district", True),  # the second's place contains the first's
    ("location test-governorate", "location test-city", True),  # two levels down, the other way
    ("location test-city", "nearLocation test-city", True),
    ("location test-city", "location test-elsewhere", False),
    ("location test-district", "location test-elsewhere, <https://w3id.org/conflict-kg/id/place/test-city>", True),
])
def test_possible_duplicate_by_place_both_engines(first, second, warned, project, plan, merged, ontology_graphs,
                                                   tmp_path):
    """The other event is at the same place, at one that contains this event's, or at one within it
    (ckg:locatedIn, at any depth), either way round; both events are warned of; pySHACL agrees."""
    from conflictkg.rdf.rdfio import load_graph

    def place(spec: str) -> str:
        key, _, names = spec.partition(" ")
        objects = ", ".join(n if n.startswith("<") else f"<https://w3id.org/conflict-kg/id/place/{n}>"
                            for n in names.split(", "))
        return f"<https://w3id.org/conflict-kg/ontology#{key}> {objects}"

    text = _TEST_PLACES + "\n".join(
        f"""<https://w3id.org/conflict-kg/id/event/test-{i}> a <https://w3id.org/conflict-kg/ontology#Strike> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "Test {i}"@en ;
    <https://w3id.org/conflict-kg/ontology#eventType> <https://w3id.org/conflict-kg/vocab/event-type/airstrike> ;
    <https://w3id.org/conflict-kg/ontology#startDate> "2024-11-{19 + i}"^^<http://www.w3.org/2001/XMLSchema#date> ;
    <https://w3id.org/conflict-kg/ontology#datePrecision> <https://w3id.org/conflict-kg/vocab/precision/day> ;
    {place(spec)} ."""
        for i, spec in ((1, first), (2, second))
    )
    path = tmp_path / "pair.ttl"
    path.write_text(text + "\n")
    results, _, subjects, _ = _run_case(plan, merged, path, ontology_graphs)
    events = {s for s in subjects if "/event/" in str(s)}
    duplicates = {r["focus_node"] for r in results if r["source_shape"].endswith("#DuplicateEventShape")}
    assert duplicates == ({str(s) for s in events} if warned else set())
    graph = load_graph(project)
    graph.parse(path, format="turtle")
    reference = _run_shacl(list(graph), load_shapes(project), subjects, set())
    assert duplicates == {r["focus_node"] for r in reference["results"] if r["source_shape"].endswith("#DuplicateEventShape")}



@pytest.mark.parametrize("chunk", [40, 300, 4096, 1 << 20])
def test_positions_do_not_depend_on_the_chunk_size(project, tmp_path, chunk):
    """`scan_files` feeds the parser whole lines, about `chunk` bytes at a time: the positions it
    finds are `file_positions`' whatever the size, with lines longer than a chunk, multi-line
    subjects, and a last line without its newline."""
    with (tmp_path / "generated.ttl").open("wb") as fh:
        synth.stream_graph(fh, 5_000, seed=7, fmt="ttl")
    text = (tmp_path / "generated.ttl").read_text()
    long_literal = "x" * 5000
    text += f'\n<https://w3id.org/conflict-kg/id/actor/long> <http://www.w3.org/2000/01/rdf-schema#label> "{long_literal}" ;\n' \
            '    <http://www.w3.org/2000/01/rdf-schema#comment> "after a long line" .\n' \
            '<https://w3id.org/conflict-kg/id/actor/last> <http://www.w3.org/2000/01/rdf-schema#label> "no newline" .'
    (tmp_path / "generated.ttl").write_text(text)
    paths = [tmp_path / "generated.ttl"]
    expected = {k: v for k, v in file_positions(paths, tmp_path).items() if isinstance(k, URIRef)}
    scan = shaclsparql.scan_files(paths, tmp_path, set(expected), chunk_bytes=chunk)
    assert scan.positions == expected
    last = URIRef("https://w3id.org/conflict-kg/id/actor/last")
    assert expected[last][1] == text.count("\n") + 1


@pytest.mark.parametrize("jobs", [2, 3])
def test_scan_in_pieces_finds_what_one_pass_finds(tmp_path, jobs):
    """Workers reading N-Triples cut at line ends (and a Turtle file whole) find the same first
    descriptions, lines and literals as written as one pass over the files in order."""
    with (tmp_path / "b-graph.nt").open("wb") as fh:
        synth.stream_graph(fh, 5_000, seed=11, fmt="nt")
    text = (tmp_path / "b-graph.nt").read_text()
    # A subject described again at the end, and a last line without its newline.
    first = text.split(" ", 1)[0]
    (tmp_path / "b-graph.nt").write_text(
        text + f'{first} <https://w3id.org/conflict-kg/ontology#side> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        '<https://w3id.org/conflict-kg/id/actor/last> <http://www.w3.org/2000/01/rdf-schema#label> "no newline" .')
    with (tmp_path / "a-graph.ttl").open("wb") as fh:
        synth.stream_graph(fh, 5_000, seed=12, fmt="ttl")
    paths = [tmp_path / "a-graph.ttl", tmp_path / "b-graph.nt"]
    subjects = {k for k in file_positions(paths, tmp_path) if isinstance(k, URIRef)}

    def scanned(**options):
        scan = shaclsparql.scan_files(paths, tmp_path, subjects, **options)
        return scan.positions, {k: [(str(x), str(x.datatype)) for x in v] for k, v in scan.written.items()}

    one_pass = scanned()
    assert one_pass[0] == {k: v for k, v in file_positions(paths, tmp_path).items() if isinstance(k, URIRef)}
    assert scanned(jobs=jobs, parallel_from=0) == one_pass
    assert shaclsparql._pieces(paths, jobs, 0)[1:] != [(1, paths[1], 0, paths[1].stat().st_size)]  # it was cut


@pytest.mark.parametrize("query, rewritten", [
    # Only $this shared, bound by a triple pattern of the block: MINUS at the end of the group.
    ("SELECT $this WHERE { FILTER NOT EXISTS { $this a ?c . ?c a <C> . FILTER (isIRI(?c)) } ?this <p> ?o }",
     "SELECT $this WHERE { ?this <p> ?o MINUS { $this a ?c . ?c a <C> . FILTER (isIRI(?c)) } }"),
    ("select $this where { filter not exists { $this a <G> } }", "select $this where {   MINUS { $this a <G> } }"),
    # Another variable shared with the query: a correlated test, left alone.
    ("SELECT $this ?d WHERE { $this <p> ?d . FILTER NOT EXISTS { $this <t> ?d } }", None),
    # $this not in the block, only in a FILTER, or only in a nested group: left alone.
    ("SELECT $this WHERE { $this <p> ?v . FILTER NOT EXISTS { ?v a ?t } }", None),
    ("SELECT $this WHERE { ?x <p> $this . FILTER NOT EXISTS { ?y <q> ?z . FILTER (?y = $this) } }", None),
    ("SELECT $this WHERE { ?x <p> $this . FILTER NOT EXISTS { { $this <q> ?z } UNION { ?a <b> ?c } } }", None),
    ("SELECT $this WHERE { ?x <p> $this . FILTER NOT EXISTS { $this <q> ?z . BIND (1 AS ?one) } }", None),
    # Nested deeper than the top-level group: left alone.
    ("SELECT $this WHERE { ?x <p> $this . OPTIONAL { FILTER NOT EXISTS { $this <q> ?z } } }", None),
    # Braces in strings and comments are not structure.
    ('SELECT $this WHERE { ?x <p> "}" . # }\n FILTER NOT EXISTS { $this <q> "{" } }',
     'SELECT $this WHERE { ?x <p> "}" . # }\n  MINUS { $this <q> "{" } }'),
])
def test_not_exists_becomes_minus_only_when_it_means_the_same(query, rewritten):
    start = query.lower().index("where {") + len("where {")
    got = shaclsparql.not_exists_as_minus(query, start)
    if rewritten is None:
        assert got == query
    else:
        assert " ".join(got.split()) == " ".join(rewritten.split())


_MINUS_DATA = """
<n1> <p> <v1> . <n1> <t> <v1> . <v1> a <C> .
<n2> <p> <v2> . <n2> <q> <w2> . <w2> a <C> . <v2> <d> <D> .
<n3> <p> <v3> . <n3> <t> <C> . <C> <s> <D> . <n3> <p> <D> . <D> <d> <C> .
<n4> <q> <v4> . <n4> <p> <v1> . <n4> <t> <v4> . <v4> <d> <v4> .
<n5> <p> "5" . <n5> <q> "7" .
<p> <d> <C> . <q> <d> <D> .
"""


@pytest.mark.parametrize("query", [
    "SELECT $this ?d WHERE { $this <p> ?d . FILTER NOT EXISTS { $this <t> ?d } }",
    "SELECT $this WHERE { $this <p> ?v . FILTER NOT EXISTS { ?v a ?t } }",
    "SELECT DISTINCT $this ?p ?d WHERE { $this ?p ?o . ?p <d> ?d . FILTER NOT EXISTS { $this <t>/<s>* ?d } }",
    "SELECT DISTINCT $this ?p ?d WHERE { $this ?p ?o . ?o <d> ?d . FILTER NOT EXISTS { $this <t>/<s>* ?d } }",
    "SELECT $this WHERE { $this <p> ?v . OPTIONAL { $this <q> ?w } FILTER NOT EXISTS { ?w a <C> } }",
    "SELECT $this WHERE { $this <p> ?v . FILTER NOT EXISTS { $this <q> ?w . FILTER (?w > ?v) } }",
    "SELECT $this WHERE { ?this ?p ?o . FILTER NOT EXISTS { $this <q> ?w . ?w a <C> } }",
])
def test_not_exists_and_its_rewrite_give_the_same_rows(query):
    # The rewrite must not change an answer: each query, as written and as rewritten, on data
    # where the pattern matches some rows, none, or through the path's zero-length step.
    store = ox.Store()
    store.load(_MINUS_DATA.replace("<", "<http://x/").encode(), ox.RdfFormat.TURTLE)
    text = query.replace("<", "<http://x/")
    start = text.lower().index("where {") + len("where {")
    rewritten = shaclsparql.not_exists_as_minus(text, start)

    def rows(q):
        return sorted(str(r) for r in store.query(q))

    assert rows(rewritten) == rows(text)
    assert rows(text)  # the data gives each query some rows to keep or drop


def test_class_closure_spells_out_the_subclasses_and_keeps_the_answers():
    store = ox.Store()
    store.load(b"""
<http://x/Sub> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://x/C> .
<http://x/SubSub> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://x/Sub> .
<http://x/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/SubSub> .
<http://x/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/Other> .
<http://x/c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/C> .
<http://x/n> <http://x/ref> <http://x/a> . <http://x/n> <http://x/ref> <http://x/b> .
<http://x/n> <http://x/ref> <http://x/c> . <http://x/n> <http://x/ref> <http://x/untyped> .
""", ox.RdfFormat.TURTLE)
    test = shaclsparql._instances("?v", "?t1", "<http://x/C>")
    query = f"SELECT ?v WHERE {{ <http://x/n> <http://x/ref> ?v . FILTER NOT EXISTS {{ {test} }} }}"
    closure = shaclsparql.store_class_closure(store)
    spelled = shaclsparql.with_class_closures(query, closure)
    assert "subClassOf" not in spelled
    assert "FILTER (?t1 IN (<http://x/C>, <http://x/Sub>, <http://x/SubSub>))" in spelled
    rows = lambda q: sorted(str(r["v"]) for r in store.query(q))  # noqa: E731
    assert rows(spelled) == rows(query) == ["<http://x/b>", "<http://x/untyped>"]
    # A class with a blank node among its subclasses cannot be spelled out: the path stays.
    store.add(ox.Quad(ox.BlankNode(), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                      ox.NamedNode("http://x/C")))
    assert shaclsparql.with_class_closures(query, shaclsparql.store_class_closure(store)) == query


def test_project_class_checks_are_spelled_out(plan):
    closure = lambda cls: [cls, "<http://x/Sub>"]  # noqa: E731
    spelled = [c for c in plan.checks if shaclsparql.with_class_closures(c.text, closure) != c.text]
    assert len(spelled) >= 10 and all(c.kind == "value" for c in spelled)


def test_project_typed_node_check_runs_as_minus(plan):
    typed = [c for c in plan.checks if str(c.source_constraint).endswith("TypedNodeConstraint")]
    assert typed and "MINUS" in typed[0].text and "NOT EXISTS" not in typed[0].text and "LATERAL" not in typed[0].text
    domain = [c for c in plan.checks if str(c.source_constraint).endswith("DomainConstraint")]
    assert domain and "NOT EXISTS" in domain[0].text and "MINUS" not in domain[0].text


@pytest.mark.parametrize("query, node_by_node", [
    ("SELECT $this ?p WHERE { $this ?p ?o . FILTER NOT EXISTS { ?p a <P> } }", True),
    ("SELECT DISTINCT $this ?p WHERE { ?x <q> ?y . $this ?p ?o } ORDER BY ?p", True),
    # A fixed predicate, $this as object, or the pattern in a nested group or a filter: joined.
    ("SELECT $this WHERE { $this <p> ?o }", False),
    ("SELECT $this WHERE { ?s ?p $this }", False),
    ("SELECT $this WHERE { OPTIONAL { $this ?p ?o } }", False),
    ("SELECT $this WHERE { ?s <p> ?o . FILTER EXISTS { $this ?p ?o } }", False),
    ("SELECT $this WHERE { ?s <p> ?o . FILTER (?o != $this) }", False),
])
def test_constraints_that_read_every_triple_of_the_node_run_node_by_node(query, node_by_node):
    start = query.index("WHERE {") + len("WHERE {")
    close = shaclsparql.reads_every_triple(query, start)
    if not node_by_node:
        assert close is None
    else:
        assert query[close] == "}" and query[close + 1:].strip() in ("", "ORDER BY ?p")


def test_project_scans_of_every_triple_run_node_by_node(plan):
    lateral = sorted(str(c.source_constraint).rsplit("#", 1)[-1] for c in plan.checks if "LATERAL {" in c.text
                     and c.kind == "sparql")
    assert {"DomainConstraint", "KnownPropertyConstraint", "ResolvedReferenceConstraint",
            "RevisionSameSubjectConstraint"} <= set(lateral)
