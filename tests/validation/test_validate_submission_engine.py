"""Submissions are validated with the shapes compiled to SPARQL (`conflictkg.validation.shaclsparql`) on a
small in-memory store of the submission and its context; pySHACL (`--engine pyshacl`) stays the
reference. The two must give the same report, field by field, on every example of the corpora,
on every curated file submitted again, and on a generated submission with seeded violations."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from conflictkg.generate import synth
from conflictkg.cli import run
from conflictkg.core.errors import UserError
from conflictkg.rdf.safeload import Limits, Source, read_source
from conflictkg.validation.validate import BREAKDOWN_SHAPES, memory_store, render_json, validate

DATA = Path(__file__).resolve().parents[1] / "data"
VALID = sorted(p for p in (DATA / "valid").iterdir())
INVALID = sorted(
    p for p in (DATA / "invalid").glob("*.ttl")
    if json.loads(p.with_suffix(".expected.json").read_text()).get("mode") != "graph"
)

logging.getLogger("rdflib").setLevel(logging.ERROR)


@pytest.fixture(scope="module")
def store(project):
    return memory_store(project)


def _both(sources, project, store):
    ours = validate(sources, project=project, store=store, engine="sparql")
    theirs = validate(sources, project=project, store=store, engine="pyshacl")
    return ours, theirs


def _same(ours, theirs) -> None:
    # The JSON report holds every field of every result (file, line, graphs too), the counts and
    # the exit code; the SHACL report graph must say the same.
    assert render_json(ours) == render_json(theirs)
    assert ours.focus_nodes == theirs.focus_nodes and ours.context_triples == theirs.context_triples
    from rdflib import Graph
    from rdflib.namespace import SH

    graphs = [Graph().parse(data=r.report_turtle, format="turtle") for r in (ours, theirs)]
    assert [len(list(g.objects(None, SH.result))) for g in graphs] == [len(ours.results)] * 2
    assert [g.value(None, SH.conforms) for g in graphs] == [graphs[1].value(None, SH.conforms)] * 2


@pytest.mark.parametrize("path", VALID + INVALID, ids=[p.name for p in VALID + INVALID])
def test_example_same_report_as_pyshacl(path, project, store):
    ours, theirs = _both([read_source(str(path), None, Limits())], project, store)
    _same(ours, theirs)
    assert (path in VALID) == (not ours.results)


@pytest.mark.parametrize("name", sorted(p.name for p in (Path(__file__).resolve().parents[2] / "data").glob("*.ttl")))
def test_curated_file_submitted_again_same_report_as_pyshacl(name, project, store):
    """Every node is already in the graph: the context then holds their existing descriptions."""
    path = project.data_dir / name
    ours, theirs = _both([read_source(str(path), None, Limits())], project, store)
    _same(ours, theirs)
    # A value stated again counts once (the store's canonical "5"^^xsd:integer and the file's
    # "5"^^xsd:nonNegativeInteger are one value): no count or sum doubles.
    assert not [r for r in ours.results if r.constraint_component.endswith("MaxCountConstraintComponent")]
    assert {(r.focus_node, r.source_shape) for r in ours.results} <= {
        (r.focus_node, r.source_shape) for r in validate(None, project=project).results}


def test_generated_submission_with_seeded_violations(project, store, tmp_path):
    out = tmp_path / "generated.ttl"
    with out.open("wb") as fh:
        result = synth.stream_graph(fh, 6_000, seed=5, fmt="ttl", violations="all=1")
    ours, theirs = _both([read_source(str(out), None, Limits())], project, store)
    _same(ours, theirs)
    found = {(r.focus_node, r.severity) for r in ours.results}
    assert result.manifest["violations"]
    for entry in result.manifest["violations"]:
        assert (entry["focus"], "Violation") in found, entry


def test_submission_that_extends_an_existing_total_is_checked_with_it(project, store):
    """An existing total whose breakdown a submission extends is a focus node of the breakdown
    shapes only: the same with both engines."""
    from conflictkg.model.namespaces import CKG

    total = next(
        s for s in store.query(
            # A total that says how complete its breakdown is: the breakdown shapes check only those.
            f"SELECT ?t WHERE {{ ?part <{CKG.breakdownOf}> ?t . ?t <{CKG.breakdownCompleteness}> ?c }} ORDER BY ?t LIMIT 1",
            use_default_graph_as_union=True
        )
    )["t"].value
    text = f"""
@prefix ckg: <{CKG}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/conflict-kg/id/claim/test-extra-part> a ckg:Claim ;
    ckg:breakdownOf <{total}> ;
    ckg:bestValue "999999"^^xsd:nonNegativeInteger .
"""
    ours, theirs = _both([Source("extra.ttl", text.encode(), "turtle")], project, store)
    _same(ours, theirs)
    on_total = [r for r in ours.results if r.focus_node == total]
    assert on_total and all(r.source_shape in BREAKDOWN_SHAPES for r in on_total)


def test_unknown_engine_is_a_usage_error(project, store):
    with pytest.raises(UserError) as err:
        validate([read_source(str(VALID[0]), None, Limits())], project=project, store=store, engine="jena")
    assert err.value.exit_code == 2 and "sparql, pyshacl" in err.value.message


def test_cli_submission_both_engines_same_output(project, capsys):
    path = str(DATA / "invalid" / "claim-bare.ttl")
    outputs = []
    for engine in ("sparql", "pyshacl"):
        code = run(["validate", path, "--format", "json", "--engine", engine])
        outputs.append((code, capsys.readouterr().out))
    assert outputs[0] == outputs[1] and outputs[0][0] == 1
