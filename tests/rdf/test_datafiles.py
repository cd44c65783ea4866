"""Every RDF file in data/ is read (Turtle, N-Triples, N-Quads, TriG, JSON-LD) or refused by name."""

from __future__ import annotations

import json

import pytest

from conflictkg.core.errors import UserError
from conflictkg.core.paths import Project
from conflictkg.rdf import datafiles

EX = "http://example.org/"


def project_with(tmp_path, files: dict[str, str]) -> Project:
    (tmp_path / "ontology").mkdir()
    data = tmp_path / "data"
    data.mkdir()
    for name, text in files.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Project(tmp_path)


SYNTAXES = {
    "a.ttl": f"@prefix ex: <{EX}> .\nex:a ex:p \"turtle\" .\n",
    "b.nt": f"<{EX}b> <{EX}p> \"ntriples\" .\n",
    "c.nq": f"<{EX}c> <{EX}p> \"nquads\" <{EX}g> .\n",
    "d.trig": f"@prefix ex: <{EX}> .\nex:g {{ ex:d ex:p \"trig\" }}\nex:d2 ex:p \"trig default\" .\n",
    "e.jsonld": json.dumps({"@context": {"ex": EX}, "@id": "ex:e", "ex:p": "jsonld"}),
    "sub/f.TTL": f"<{EX}f> <{EX}p> \"upper-case extension\" .\n",
}


def test_every_syntax_in_data_is_read_and_merged_into_one_graph_per_file(tmp_path):
    project = project_with(tmp_path, {**SYNTAXES, "README.md": "not RDF", "graph.nt.manifest.json": "{}"})
    files = project.data_files()
    assert [p.relative_to(project.data_dir).as_posix() for p in files] == [
        "a.ttl", "b.nt", "c.nq", "d.trig", "e.jsonld", "sub/f.TTL"]
    values = {}
    for path in files:
        quads = list(datafiles.parse(path))
        assert all(q.graph_name == datafiles.ox.DefaultGraph() for q in quads)
        values[path.name] = sorted(q.object.value for q in quads)
    assert values["d.trig"] == ["trig", "trig default"]
    assert values["e.jsonld"] == ["jsonld"]


def test_a_file_is_one_named_graph_in_a_store(tmp_path):
    project = project_with(tmp_path, SYNTAXES)
    store = datafiles.ox.Store()
    for path in project.data_files():
        datafiles.bulk_load(store, path, graph=f"{EX}graph/{path.name}")
    graphs = {str(g) for g in store.named_graphs()}
    assert graphs == {f"<{EX}graph/{name.split('/')[-1]}>" for name in SYNTAXES}
    assert len(store) == 7


@pytest.mark.parametrize("name, what", [("x.rdf", "RDF/XML"), ("graph.nt.gz", "decompress"), ("y.n3", "Notation3"),
                                        ("z.json", "name it .jsonld")])
def test_rdf_the_graph_does_not_read_is_refused_by_name(tmp_path, name, what):
    project = project_with(tmp_path, {"a.ttl": SYNTAXES["a.ttl"], name: "x"})
    with pytest.raises(UserError) as caught:
        project.data_files()
    assert caught.value.message.startswith(f"data/{name}: ") and what in caught.value.message


def test_jsonld_may_name_the_projects_context_but_no_remote_one(tmp_path):
    project = project_with(tmp_path, {
        "ok.jsonld": json.dumps({"@context": "https://w3id.org/conflict-kg/context.jsonld",
                                 "@id": "event:x", "@type": "Strike"}),
        "remote.jsonld": json.dumps({"@context": "https://example.org/context.jsonld", "@id": "x"}),
    })
    ok, remote = project.data_files()
    (quad,) = datafiles.parse(ok)
    assert quad.subject.value == "https://w3id.org/conflict-kg/id/event/x"
    with pytest.raises(SyntaxError, match="would have to be fetched"):
        list(datafiles.parse(remote))


def test_a_syntax_error_names_the_syntax(tmp_path):
    path = tmp_path / "bad.nt"
    path.write_text("<a> <b> .\n")
    with pytest.raises(UserError, match=r"bad.nt(:1)?: cannot parse N-Triples"):
        list(datafiles.parse_triples(path.read_bytes(), path))
