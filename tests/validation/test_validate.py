"""Validation of submissions against the curated graph: the valid and invalid example corpora, the
curated data itself, and the properties of validation in context."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conflictkg.core.paths import Project
from conflictkg.rdf.safeload import Limits, read_source
from conflictkg.validation.validate import extract_context, memory_store, render_json, render_text, short, validate

DATA = Path(__file__).resolve().parents[1] / "data"
VALID = sorted(p for p in (DATA / "valid").iterdir())
INVALID = sorted((DATA / "invalid").glob("*.ttl"))


@pytest.fixture(scope="session")
def store(project):
    return memory_store(project)


def _source(path: Path):
    return read_source(str(path), None, Limits())


def _short_results(report) -> list[dict]:
    return [
        {
            "severity": r.severity,
            "focus_node": short(r.focus_node),
            "result_path": short(r.result_path) if r.result_path else None,
            "source_shape": short(r.source_shape),
            "constraint_component": short(r.constraint_component),
            "source_constraint": short(r.source_constraint) if r.source_constraint else None,
            "value": short(r.value) if r.value is not None else None,
        }
        for r in report.results
    ]


def _key(result: dict, with_value: bool) -> tuple:
    return (
        result["severity"],
        result["focus_node"],
        result["result_path"],
        result["source_shape"],
        result["constraint_component"],
        result.get("source_constraint"),
        result.get("value") if with_value else None,
    )


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_example_conforms_without_any_result(path, project, store):
    report = validate([_source(path)], project=project, store=store)
    assert _short_results(report) == []
    assert report.conforms and report.exit_code(strict=True) == 0


def _graph_mode_project(tmp_path: Path, project: Project, example: Path) -> Project:
    for folder in ("ontology", "shapes"):
        shutil.copytree(project.root / folder, tmp_path / folder)
    (tmp_path / "data").mkdir()
    (tmp_path / "queries").mkdir()
    shutil.copy(example, tmp_path / "data" / example.name)
    return Project(tmp_path)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_example_raises_exactly_its_expected_results(path, project, store, tmp_path):
    expected = json.loads(path.with_suffix(".expected.json").read_text())
    if expected.get("mode") == "graph":
        report = validate(None, project=_graph_mode_project(tmp_path, project, path))
    else:
        report = validate([_source(path)], project=project, store=store)
    actual = _short_results(report)
    assert Counter(_key(r, False) for r in actual) == Counter(_key(r, False) for r in expected["results"])
    for wanted in expected["results"]:
        if "value" in wanted:
            assert any(_key(r, True) == _key(wanted, True) for r in actual), wanted
    has_violation = any(r["severity"] == "Violation" for r in expected["results"])
    assert report.exit_code() == (1 if has_violation else 0)
    # Every result says where its node is.
    assert all(r.file and r.line for r in report.results)


@pytest.fixture(scope="module")
def curated_report(project):
    return validate(None, project=project)


def test_the_curated_graph_conforms(curated_report):
    report = curated_report
    violations = [r for r in report.results if r.severity == "Violation"]
    assert violations == [], render_text(report)
    assert report.mode == "graph" and report.exit_code() == 0
    assert all(r.file and r.file.startswith("data/") and r.line for r in report.results)


def test_curated_graph_known_warning_is_the_partial_breakdown_kept_as_stated(curated_report):
    # data/palmyra-airstrike-2024.ttl records SOHR's 73 + 29 + 15 = 117 against "at least 108"
    # on purpose (its rdfs:comment says so): the shapes warn, they do not block.
    report = curated_report
    warnings = {(short(r.focus_node), short(r.source_shape)) for r in report.results if r.severity == "Warning"}
    assert ("claim:2024-palmyra-airstrike-sohr-killed-lead", "shape:PartialBreakdownShape") in warnings


def test_results_point_at_the_line_of_the_node(project, store):
    path = DATA / "invalid" / "claim-before-event.ttl"
    report = validate([_source(path)], project=project, store=store)
    (result,) = report.results
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("claim:"))
    assert (result.file, result.line) == (str(path), line)


def test_trig_results_name_their_graph(project, store, tmp_path):
    path = tmp_path / "graphs.trig"
    path.write_text(
        "@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/conflict-kg/id/submission/g1> {\n"
        "  <https://w3id.org/conflict-kg/id/actor/test> a ckg:ArmedGroup ;\n"
        "      ckg:source <https://w3id.org/conflict-kg/id/source/wikipedia-2024-palmyra-airstrike-lead> .\n"
        "}\n"
    )
    report = validate([_source(path)], project=project, store=store)
    (result,) = report.results
    assert result.source_shape.endswith("#Actor-label")
    assert result.graphs == ["https://w3id.org/conflict-kg/id/submission/g1"]
    assert "in graph submission:g1" in render_text(report)


def test_a_submission_spread_over_two_files_resolves_across_them(project, store, tmp_path):
    place = tmp_path / "place.ttl"
    place.write_text((DATA / "valid" / "strike-submission.ttl").read_text())
    report = validate([_source(place), _source(DATA / "valid" / "actors.ttl")], project=project, store=store)
    assert report.results == []
    assert [i.file for i in report.inputs] == [str(place), str(DATA / "valid" / "actors.ttl")]


def test_json_report_has_the_documented_schema(project, store):
    report = validate([_source(DATA / "invalid" / "revision-dated-earlier.ttl")], project=project, store=store)
    doc = json.loads(render_json(report))
    assert set(doc) == {"schema", "mode", "conforms", "strict", "exit_code", "counts", "inputs", "results"}
    assert doc["schema"] == "https://w3id.org/conflict-kg/validate-report/1"
    assert doc["counts"] == {"violation": 2, "warning": 0, "info": 0}
    assert set(doc["inputs"][0]) == {"file", "format", "triples", "graphs"}
    assert set(doc["results"][0]) == {
        "severity", "focus_node", "result_path", "value", "message", "source_shape", "constraint_component",
        "source_constraint", "file", "line", "graphs",
    }
    assert doc["results"][0]["focus_node"].startswith("https://w3id.org/conflict-kg/id/claim/")


def test_turtle_report_is_the_shacl_report_graph(project, store):
    from rdflib import Graph
    from rdflib.namespace import RDF

    from conflictkg.model.namespaces import SH

    report = validate([_source(DATA / "invalid" / "claim-bare.ttl")], project=project, store=store)
    graph = Graph().parse(data=report.report_turtle, format="turtle")
    (root,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert len(list(graph.objects(root, SH.result))) == 5
    assert str(graph.value(root, SH.conforms)) == "false"


def test_context_comes_from_targeted_lookups_only(project, store):
    """Context extraction never scans the store: every lookup names a subject or an object."""

    class Counting:
        def __init__(self, inner):
            self.inner, self.calls = inner, []

        def quads_for_pattern(self, s, p, o, g=None):
            self.calls.append((s, p, o))
            assert s is not None or o is not None, "a lookup without subject or object scans the graph"
            return self.inner.quads_for_pattern(s, p, o, g)

    from conflictkg.rdf.safeload import load_sources
    from conflictkg.validation.validate import _project_schema

    policy = _project_schema(str(project.root))[3]
    loaded = load_sources([_source(DATA / "valid" / "strike-submission.ttl")], Limits(), policy)
    counting = Counting(store)
    context, totals = extract_context(counting, [(s, p, o) for s, p, o, g in loaded.quads])
    assert counting.calls and context
    assert len(context) < len(store) / 5


def test_context_of_a_revision_brings_the_revised_claim(project, store):
    from conflictkg.rdf.safeload import load_sources
    from conflictkg.validation.validate import _project_schema

    policy = _project_schema(str(project.root))[3]
    loaded = load_sources([_source(DATA / "invalid" / "revision-dated-earlier.ttl")], Limits(), policy)
    context, _ = extract_context(store, [(s, p, o) for s, p, o, g in loaded.quads])
    revised = "https://w3id.org/conflict-kg/id/claim/2021-01-syria-missile-strikes-unnamed-reports-killed-first"
    props = {str(p).rsplit("#", 1)[-1] for s, p, o in context if str(s) == revised}
    assert {"claimant", "about", "measure", "claimDate"} <= props


def _as_type(event_type: str) -> str:
    text = (DATA / "invalid" / "strike-possible-duplicate.ttl").read_text(encoding="utf-8")
    return text.replace("eventtype:airstrike", f"eventtype:{event_type}")


def test_context_of_a_dated_event_brings_same_type_candidates_only(project, store):
    """The duplicate check joins on the event type: an existing event of another type on the same
    days is not fetched, and of one with the type only what the check reads comes in."""
    from rdflib import Graph

    airstrike = "https://w3id.org/conflict-kg/id/event/2024-palmyra-airstrike"

    def context_of(event_type):
        g = Graph().parse(data=_as_type(event_type), format="turtle")
        context, _ = extract_context(store, list(g))
        return {str(p).rsplit("#", 1)[-1] for s, p, o in context if str(s) == airstrike}

    assert context_of("airstrike") == {"startDate", "eventType", "datePrecision", "location"}
    assert context_of("missile-strike") == set()


@pytest.mark.parametrize("event_type, warned", [("airstrike", True), ("missile-strike", False)])
def test_a_possible_duplicate_needs_the_same_type(project, store, event_type, warned):
    from conflictkg.rdf.safeload import Source

    source = Source("strike.ttl", _as_type(event_type).encode("utf-8"), "turtle")
    for engine in ("sparql", "pyshacl"):
        report = validate([source], project=project, store=store, engine=engine)
        shapes = {short(r.source_constraint or "") for r in report.results}
        assert ("shape:DuplicateEventConstraint" in shapes) == warned, engine


@pytest.mark.parametrize("link, warned", [("ckg:partOf event:2024-palmyra-airstrike", False),
                                          ("ckg:partOf event:2024-palmyra-offensive", True)])
def test_an_event_part_of_another_is_not_its_duplicate(project, store, link, warned):
    """A strike inside another event shares its days and place; the rule (model.duplicates) exempts
    it, in both engines. Part of a third event, it is still a possible duplicate of the airstrike."""
    from conflictkg.rdf.safeload import Source

    text = _as_type("airstrike").replace("ckg:location place:palmyra ;", f"ckg:location place:palmyra ; {link} ;")
    source = Source("strike.ttl", text.encode("utf-8"), "turtle")
    for engine in ("sparql", "pyshacl"):
        report = validate([source], project=project, store=store, engine=engine)
        assert ("shape:DuplicateEventConstraint" in {short(r.source_constraint or "") for r in report.results}) == warned, engine


def test_validation_uses_any_given_store(project):
    """The validator takes the graph from whatever pyoxigraph store it is given."""
    import pyoxigraph as ox

    empty = ox.Store()
    report = validate([_source(DATA / "valid" / "actors.ttl")], project=project, store=empty)
    # Without the curated graph, the section the actors cite does not resolve.
    unresolved = {
        short(r.value) for r in report.results if short(r.source_constraint or "") == "shape:ResolvedReferenceConstraint"
    }
    assert "source:wikipedia-2024-palmyra-airstrike-lead" in unresolved
    assert not report.conforms
