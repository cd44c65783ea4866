"""`conflictkg new`: templates that parse, name the event when asked, and cannot be submitted as they are."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from conflictkg.cli import run
from conflictkg.submission.draft import DRAFT_NOTE
from conflictkg.core.errors import UserError
from conflictkg.model.namespaces import CKG, EVENT
from conflictkg.submission.submit import load_submission
from conflictkg.submission.templates import template


@pytest.mark.parametrize("kind, cls", [("strike", CKG.Strike), ("offensive", CKG.Offensive)])
def test_templates_parse_and_carry_a_note(kind, cls):
    graph = Graph().parse(data=template(kind, slug="2025-example"), format="turtle")
    events = list(graph.subjects(RDF.type, cls))
    assert len(events) == 1 and graph.value(events[0], DRAFT_NOTE) is not None
    # Every claim field of the model appears in the template with an example.
    used = set(graph.predicates())
    for prop in ("about", "claimant", "source", "measure", "minValue", "bestValue", "maxValue", "qualifier", "figureText",
                 "appliesTo", "breakdownOf", "breakdownCompleteness", "stance", "hedge", "claimDate", "referenceDate",
                 "timeValue", "objectValue", "textValue", "statedTo", "revises", "disputes", "quote"):
        assert CKG[prop] in used, prop
    for prop in ("eventType", "startDate", "endDate", "datePrecision", "location", "partOf", "hasParticipation",
                 "agent", "role", "supportKind", "supports", "evidencedBy"):
        assert CKG[prop] in used, prop


def test_template_without_its_note_lines_still_parses():
    text = "".join(line for line in template("offensive").splitlines(True) if "ckg:draftNote" not in line)
    graph = Graph().parse(data=text, format="turtle")
    assert (None, DRAFT_NOTE, None) not in graph and (None, CKG.side, None) in graph


def test_cli_new(tmp_path, capsys):
    assert run(["new", "strike", "--id", "2025-03-15-example-airstrike"]) == 0
    graph = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert (EVENT["2025-03-15-example-airstrike"], RDF.type, CKG.Strike) in graph
    assert run(["new", "strike", "--id", "2024-palmyra-airstrike"]) == 2
    assert "already in the graph" in capsys.readouterr().err
    assert run(["new", "strike", "--id", "Not A Slug"]) == 2
    out = tmp_path / "t.ttl"
    assert run(["new", "offensive", "-o", str(out)]) == 0
    assert run(["new", "offensive", "-o", str(out)]) == 2
    assert run(["new", "drone"]) == 2


def _without_notes(doc):
    if isinstance(doc, dict):
        return {k: _without_notes(v) for k, v in doc.items() if k != "draftNote"}
    if isinstance(doc, list):
        return [_without_notes(v) for v in doc]
    return doc




@pytest.mark.parametrize("kind", ["strike", "offensive"])
def test_jsonld_templates_say_what_the_turtle_ones_say(kind, tmp_path, project):
    ttl, jsonld = tmp_path / "t.ttl", tmp_path / "t.jsonld"
    ttl.write_text(template(kind, slug="2025-example"), encoding="utf-8")
    jsonld.write_text(template(kind, slug="2025-example", fmt="jsonld"), encoding="utf-8")
    a, b = load_submission(project, ttl).graph, load_submission(project, jsonld).graph
    assert isomorphic(a, b), "the JSON-LD template does not expand to the Turtle template's triples"


def test_jsonld_template_lands(tmp_path, monkeypatch, capsys):
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / "project"
    for name in ("ontology", "shapes", "data", "queries"):  # without shapes, submit would refuse to validate
        shutil.copytree(root / name, copy / name)
    monkeypatch.setenv("CONFLICTKG_ROOT", str(copy))
    path = tmp_path / "new.jsonld"
    assert run(["new", "offensive", "--format", "jsonld", "-o", str(path)]) == 0
    assert run(["submit", str(path), "--author", "a"]) == 1
    assert "unresolved draft note" in capsys.readouterr().err
    path.write_text(json.dumps(_without_notes(json.loads(path.read_text()))), encoding="utf-8")
    assert run(["submit", str(path), "--author", "a"]) == 0
    assert "event:2025-example-offensive" in capsys.readouterr().out


def test_jsonld_templates_need_the_context(monkeypatch, tmp_path):
    # An install without the context file (a broken package) gets a clear error, not a traceback.
    import conflictkg.rdf.jsonld

    monkeypatch.setattr(conflictkg.rdf.jsonld, "CONTEXT_FILE", tmp_path / "missing.jsonld")
    with pytest.raises(UserError, match="JSON-LD context"):
        template("strike", fmt="jsonld")
