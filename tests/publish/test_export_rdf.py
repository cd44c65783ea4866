"""RDF exports: every format parses back to the curated graph, Turtle is the canonical form,
TriG keeps provenance, JSON-LD is framed per event and expands the same with pyld and rdflib."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic

from conflictkg.cli import run
from conflictkg.core.paths import Project
from conflictkg.publish.export import export, format_for
from conflictkg.core.errors import UserError
from conflictkg.storage.graphs import ProjectTriples
from conflictkg.storage.ntcache import read_ntriples
from conflictkg.rdf.jsonld import CONTEXT_IRI, context, document_loader, inline_context, to_nquads
from conflictkg.rdf.rdfio import canonical_turtle
from conflictkg.rdf.rdfwrite import group_graphs, sorted_lines, write_trig
from exportkit import ROOT, CONFLICTKG, data_graph, mini_project, tree_digest  # noqa: F401

CKG = "https://w3id.org/conflict-kg/ontology#"
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}
EXT = {"turtle": "ttl", "ntriples": "nt", "trig": "trig", "jsonld": "jsonld"}


def assert_same(expected: Graph, got: Graph) -> None:
    if not isomorphic(expected, got):
        _, missing, extra = graph_diff(expected, got)
        raise AssertionError(f"missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}")


def union_of(path) -> tuple[Graph, Dataset]:
    ds = Dataset()
    ds.parse(path, format="trig")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g, ds


@pytest.fixture(params=["curated", "fixture"])
def any_project(request, project, mini_project):
    return project if request.param == "curated" else mini_project


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_export_round_trips(any_project, tmp_path, fmt):
    out = tmp_path / f"graph.{EXT[fmt]}"
    result = export(any_project, out)
    assert result.format == fmt
    got = Graph().parse(out, format=RDFLIB_FORMAT[fmt])
    assert_same(data_graph(any_project), got)


def test_trig_round_trips(any_project, tmp_path):
    out = tmp_path / "graph.trig"
    export(any_project, out)
    union, ds = union_of(out)
    assert_same(data_graph(any_project), union)
    assert len([g for g in ds.graphs() if len(g)]) > 2


def test_turtle_is_the_canonical_form(mini_project, tmp_path):
    out = tmp_path / "graph.ttl"
    export(mini_project, out)
    body = out.read_text().split("\n\n", 1)[1]  # after the export's own header
    assert body.startswith("@prefix ")
    assert body == canonical_turtle(data_graph(mini_project))


def test_exports_are_byte_stable(mini_project, tmp_path):
    for fmt in ("turtle", "ntriples", "trig", "jsonld"):
        a, b = tmp_path / f"a.{EXT[fmt]}", tmp_path / f"b.{EXT[fmt]}"
        export(mini_project, a)
        export(mini_project, b)
        assert a.read_bytes() == b.read_bytes(), fmt


def test_blank_nodes_get_stable_canonical_labels(tmp_path):
    ttl = tmp_path / "b.ttl"
    ttl.write_text("""@prefix ex: <http://example.org/> .
        _:a ex:p ex:x . ex:s ex:q _:a . ex:t ex:q _:a . _:b ex:p "v" .""")
    lines = read_ntriples(ttl)
    first = sorted_lines([lines])
    second = sorted_lines([read_ntriples(ttl)])
    assert first == second and any("_:c14n" in line for line in first)
    assert_same(Graph().parse(ttl), Graph().parse(data="\n".join(first) + "\n", format="nt"))


def test_trig_blank_node_shared_by_two_graphs_stays_one_node():
    graphs = group_graphs({
        "<http://example.org/g1>": ['_:b <http://example.org/p> "1" .', '<http://example.org/s> <http://example.org/q> _:b .'],
        "<http://example.org/g2>": ['_:b <http://example.org/p> "2" .', '<http://example.org/t> <http://example.org/q> _:b .'],
    })
    buf = io.BytesIO()
    write_trig(graphs, buf)
    ds = Dataset()
    ds.parse(data=buf.getvalue(), format="trig")
    nodes = {o for _, _, o, _ in ds.quads((None, URIRef("http://example.org/q"), None, None))}
    assert len(nodes) == 1 and isinstance(nodes.pop(), BNode)


def test_trig_graphs_follow_the_provenance_rule(mini_project, tmp_path):
    out = tmp_path / "graph.trig"
    export(mini_project, out)
    _, ds = union_of(out)
    src = "https://w3id.org/conflict-kg/id/source/"
    palmyra = ds.graph(URIRef(src + "wikipedia-2024-palmyra-airstrike"))
    claim = URIRef("https://w3id.org/conflict-kg/id/claim/2024-palmyra-airstrike-sohr-killed")
    event = URIRef("https://w3id.org/conflict-kg/id/event/2024-palmyra-airstrike")
    assert (claim, URIRef(CKG + "minValue"), None) in palmyra  # a claim goes with its source document
    assert (event, None, None) in palmyra
    assert (URIRef(src + "wikipedia-2024-palmyra-airstrike-lead"), None, None) in palmyra  # and its sections
    common = ds.graph(URIRef("https://w3id.org/conflict-kg/graph/data/common"))
    assert (URIRef("https://w3id.org/conflict-kg/id/actor/israel"), None, None) in common  # no source: the file
    edge = ds.graph(URIRef("https://w3id.org/conflict-kg/graph/data/edge-cases"))
    group = [o for o in edge.objects(None, URIRef(CKG + "appliesTo"))]
    assert group and isinstance(group[0], BNode) and (group[0], None, None) in edge  # blank node with its parent


def test_submission_file_becomes_one_graph(mini_project, tmp_path):
    sub = mini_project.data_dir / "submission-test.ttl"
    sub.write_text("""@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix submission: <https://w3id.org/conflict-kg/id/submission/> .
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
submission:s1 a ckg:Submission ; ckg:submittedBy "Tester" ; ckg:added actor:new-actor .
actor:new-actor a ckg:Monitor ; <http://www.w3.org/2000/01/rdf-schema#label> "New" .
""")
    try:
        out = tmp_path / "graph.trig"
        export(mini_project, out)
        _, ds = union_of(out)
        g = ds.graph(URIRef("https://w3id.org/conflict-kg/id/submission/s1"))
        assert len(g) == 5
    finally:
        sub.unlink()


def test_jsonld_expands_the_same_with_pyld_and_rdflib(any_project, tmp_path):
    out = tmp_path / "graph.jsonld"
    export(any_project, out)
    doc = json.loads(out.read_text())
    expected = data_graph(any_project)
    assert_same(expected, Graph().parse(data=to_nquads(doc), format="nt"))
    assert_same(expected, Graph().parse(data=json.dumps(doc), format="json-ld"))


def test_jsonld_is_framed_per_event(mini_project, tmp_path):
    out = tmp_path / "graph.jsonld"
    export(mini_project, out)
    doc = json.loads(out.read_text())
    assert doc["@context"] == context()
    nodes = {n["id"]: n for n in doc["@graph"]}
    event = nodes["event:2024-palmyra-airstrike"]
    assert event["type"] == "Strike" and event["date"] == "2024-11-20" and event["eventType"] == "airstrike"
    claims = {c["id"]: c for c in event["claims"]}
    sohr = claims["claim:2024-palmyra-airstrike-sohr-killed"]
    assert sohr["min"] == 108 and sohr["measure"] == "killed" and sohr["qualifier"] == "more-than"
    assert sohr["claimant"] == "actor:syrian-observatory-for-human-rights" and "about" not in sohr
    assert {p["role"] for p in event["participations"]} == {"perpetrator", "target"}
    assert not any(k.startswith("claim:") or k.startswith("part:") for k in nodes)  # nested, not repeated
    first_non_event = next(i for i, n in enumerate(doc["@graph"]) if "claims" not in n and n.get("type") not in
                           ("Strike", "Offensive", "Conflict", "MilitaryEvent"))
    assert all(n.get("type") not in ("Strike", "Offensive", "Conflict") for n in doc["@graph"][first_non_event:])
    edge = nodes["event:test-edge-case"]
    group = next(c for c in edge["claims"] if c["id"].endswith("killed-3"))["appliesTo"]
    assert group == {"type": "Group", "label": {"@value": "@fighters"}}  # inline blank node; label without language


def test_context_resolves_offline_by_its_iri():
    doc = {"@context": CONTEXT_IRI, "id": "claim:x", "type": "Claim", "measure": "killed", "min": "12",
           "hedge": "reportedly", "claimant": "actor:sohr", "claimDate": "2024-01-02", "claims": []}
    g = Graph().parse(data=to_nquads(doc), format="nt")
    g2 = Graph().parse(data=json.dumps(inline_context(doc)), format="json-ld")
    assert_same(g, g2)
    claim = URIRef("https://w3id.org/conflict-kg/id/claim/x")
    assert (claim, URIRef(CKG + "measure"), URIRef("https://w3id.org/conflict-kg/vocab/measure/killed")) in g
    assert (claim, URIRef(CKG + "hedge"), URIRef("https://w3id.org/conflict-kg/vocab/hedge/reportedly")) in g
    minimum = g.value(claim, URIRef(CKG + "minValue"))
    assert str(minimum) == "12" and str(minimum.datatype).endswith("#nonNegativeInteger")


def test_document_loader_refuses_other_remote_contexts():
    with pytest.raises(Exception, match="refused"):
        document_loader("https://example.org/context.jsonld")
    with pytest.raises(Exception):
        to_nquads({"@context": "https://example.org/context.jsonld", "@id": "http://x", "http://p": "v"})


def test_context_terms_do_not_shadow_vocabulary_values(project):
    """A vocabulary value such as "killed" is read against the property's scoped @vocab, unless a
    term of the same name exists: no term may be named like a concept."""
    from conflictkg.rdf.rdfio import load_graph

    g = load_graph(project, data=False)
    slugs = {str(s).rsplit("/", 1)[1] for s in g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                                             URIRef("http://www.w3.org/2004/02/skos/core#Concept"))}
    assert slugs and not (slugs & set(context()))


def test_event_export_contains_the_event_and_what_it_needs(project, tmp_path):
    out = tmp_path / "palmyra.ttl"
    export(project, out, event="event:2024-palmyra-airstrike")
    g = Graph().parse(out)
    full = data_graph(project)
    assert_same(full, full + g)  # a subset of the data
    event = URIRef("https://w3id.org/conflict-kg/id/event/2024-palmyra-airstrike")
    claims = set(full.subjects(URIRef(CKG + "about"), event))
    assert claims and all((c, None, None) in g for c in claims)
    for c in claims:  # whole claims: every triple of each claim is there
        assert set(full.triples((c, None, None))) <= set(g)
    for actor in full.objects(None, URIRef(CKG + "claimant")):
        if any((c, URIRef(CKG + "claimant"), actor) in full for c in claims):
            assert (actor, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None) in g
    other = URIRef("https://w3id.org/conflict-kg/id/event/2021-01-syria-missile-strikes")
    assert not set(full.subjects(URIRef(CKG + "about"), other)) & set(g.subjects())
    assert (URIRef("https://w3id.org/conflict-kg/id/place/palmyra"), URIRef(CKG + "locatedIn"), None) in g


def test_event_export_in_jsonld_round_trips(project, tmp_path):
    ttl, js = tmp_path / "e.ttl", tmp_path / "e.jsonld"
    export(project, ttl, event="2024-palmyra-airstrike")
    export(project, js, event="2024-palmyra-airstrike")
    doc = json.loads(js.read_text())
    assert doc["@graph"][0]["id"] == "event:2024-palmyra-airstrike"
    export(project, js, event="event:2021-01-22-hama-airstrike")  # the event comes first, whatever its IRI
    assert json.loads(js.read_text())["@graph"][0]["id"] == "event:2021-01-22-hama-airstrike"
    assert_same(Graph().parse(ttl), Graph().parse(data=to_nquads(doc), format="nt"))


def test_reason_and_ontology_options(mini_project, tmp_path):
    plain, reasoned, onto = tmp_path / "a.ttl", tmp_path / "b.trig", tmp_path / "c.nt"
    export(mini_project, plain)
    export(mini_project, reasoned, reason=True)
    export(mini_project, onto, with_ontology=True)
    union, ds = union_of(reasoned)
    ent = ds.graph(URIRef("https://w3id.org/conflict-kg/graph/entailments"))
    event = URIRef("https://w3id.org/conflict-kg/id/event/2024-palmyra-airstrike")
    assert (event, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(CKG + "Event")) in ent
    assert_same(Graph().parse(plain) + ent, union)
    g = Graph().parse(onto, format="nt")
    assert (URIRef(CKG + "Strike"), URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), URIRef(CKG + "MilitaryEvent")) in g


def test_format_from_extension_and_override(tmp_path):
    assert format_for("x.ttl", None) == "turtle"
    assert format_for("x.geojson", None) == "geojson"
    assert format_for("x.json", None) == "jsonld"
    assert format_for("-", None) == "turtle"
    assert format_for("x.txt", "ntriples") == "ntriples"
    with pytest.raises(UserError, match="cannot tell the format"):
        format_for("x.txt", None)


def test_failed_export_leaves_the_destination_alone(mini_project, tmp_path, monkeypatch):
    out = tmp_path / "graph.ttl"
    out.write_text("previous export\n")
    import conflictkg.rdf.rdfwrite as rdfwrite

    def boom(triples, out, **kw):
        out.write(b"@prefix half: <written> .\n")
        raise RuntimeError("disk full")

    monkeypatch.setattr(rdfwrite, "write_turtle", boom)
    monkeypatch.setattr(rdfwrite, "write_turtle_stream", lambda groups, blank, out, **kw: boom(groups, out))
    with pytest.raises(RuntimeError):
        export(mini_project, out)
    assert out.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no temporary file left behind


def test_cli_export_errors_are_one_line_and_write_nothing(mini_project, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CONFLICTKG_ROOT", str(mini_project.root))
    out = tmp_path / "x.ttl"
    out.write_text("keep\n")
    assert run(["export", "--event", "2024-palmyra-airstrik", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("conflictkg: error: no event") and "Did you mean: 2024-palmyra-airstrike" in err
    assert len(err.strip().splitlines()) == 1 and out.read_text() == "keep\n"
    assert run(["export", "-o", str(tmp_path / "x.docx")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    before = tree_digest(mini_project.data_dir)
    assert run(["export", "-o", str(mini_project.data_dir / "copy.ttl")]) == 2
    assert tree_digest(mini_project.data_dir) == before
    broken = mini_project.data_dir / "zz-broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    try:
        assert run(["export", "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert "zz-broken.ttl:2" in err and "cannot parse Turtle" in err and out.read_text() == "keep\n"
    finally:
        broken.unlink()


def test_cli_export_to_stdout(mini_project, capsysbinary, monkeypatch):
    monkeypatch.setenv("CONFLICTKG_ROOT", str(mini_project.root))
    assert run(["export", "--format", "ntriples"]) == 0
    out = capsysbinary.readouterr().out
    assert_same(data_graph(mini_project), Graph().parse(data=out, format="nt"))


def test_export_end_to_end(project, tmp_path):
    out = tmp_path / "graph.jsonld"
    proc = subprocess.run([str(CONFLICTKG), "export", "-o", str(out), "--event", "2024-palmyra-airstrike"],
                          capture_output=True, text=True, cwd=project.root)
    assert proc.returncode == 0, proc.stderr
    assert "triples as jsonld" in proc.stderr
    assert json.loads(out.read_text())["@graph"][0]["id"] == "event:2024-palmyra-airstrike"


def test_documented_example_expands_to_curated_triples(project):
    """The submission example in docs/jsonld.md means exactly triples of the curated data."""
    import re

    from conflictkg.core.paths import Project  # noqa: F401

    text = (project.root / "docs" / "jsonld.md").read_text()
    doc = json.loads(re.search(r"```json\n(.*?)```", text, re.S).group(1))
    example = Graph().parse(data=to_nquads(doc), format="nt")
    curated = data_graph(project)
    assert len(example) > 20
    assert set(example) <= set(curated), sorted(set(example) - set(curated))[:3]


def test_jsonld_with_ontology_round_trips(project, tmp_path):
    """The ontology's blank nodes (property chains, AllDisjointClasses lists) survive framing."""
    from conflictkg.rdf.rdfio import load_graph

    out = tmp_path / "all.jsonld"
    export(project, out, with_ontology=True)
    doc = json.loads(out.read_text())
    expected = load_graph(project)
    assert_same(expected, Graph().parse(data=to_nquads(doc), format="nt"))
    assert_same(expected, Graph().parse(out, format="json-ld"))


def test_progress_is_reported_on_stderr_when_asked(mini_project, tmp_path, capsys):
    export(mini_project, tmp_path / "g.nt", progress=True)
    err = capsys.readouterr().err
    assert "export ntriples:" in err and "(100%)" in err and err.endswith("\n")
    export(mini_project, tmp_path / "g.nt", progress=False)
    assert capsys.readouterr().err == ""


def test_sorted_lines_keep_the_order_of_grouped_triples():
    """The N-Triples export sorts whole lines; Turtle and TriG group by subject: same order."""
    from conflictkg.rdf.rdfwrite import group

    x = "https://example.org/"
    subjects = [f"<{x}a>", f"<{x}a-b>", f"<{x}a.b>", f"<{x}a/b>", f"<{x}ab>", f"<{x}a0>", f"<{x}a=b>", f"<{x}a!>",
                "_:b1", "_:b10", "_:b2"]
    objects = [f"<{x}o>", f"<{x}o-1>", '"a"', '"a"@en', '"a"^^<http://www.w3.org/2001/XMLSchema#token>', '"a b"',
               '""', "_:b1", '"\\u00E9"', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>']
    predicates = [f"<{x}p>", f"<{x}p-q>", f"<{x}pq>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"]
    lines = [f"{s} {p} {o} ." for s in subjects for p in predicates for o in objects]
    lines = lines[::-1] + lines[:50]  # out of order, with duplicates
    assert sorted_lines([lines]) == list(group([lines]).lines())
    assert sorted_lines([lines[:300], lines[300:]]) == list(group([lines]).lines())


def test_pretty_json_writes_what_json_dumps_writes():
    import json
    import random

    from conflictkg.rdf.jsonld import pretty_json

    rng = random.Random(7)

    def value(depth):
        kind = rng.randrange(8 if depth < 4 else 5)
        if kind == 0:
            return rng.choice(["", "é\n\"\\\u2028", "plain", "\x00\x1f"])
        if kind == 1:
            return rng.choice([0, -3, 10**25, 2.5, -0.0, 1e-9])
        if kind == 2:
            return rng.choice([True, False, None])
        if kind in (3, 4):
            return "x" * kind
        if kind == 5:
            return [value(depth + 1) for _ in range(rng.randrange(4))]
        return {f"k{i}\u00e9": value(depth + 1) for i in range(rng.randrange(4))}

    for _ in range(300):
        v = value(0)
        assert pretty_json(v, "    ") == json.dumps(v, indent=2, ensure_ascii=False).replace("\n", "\n    ")


def test_parsed_files_are_cached_by_content_and_never_stale(tmp_path):
    from conflictkg.storage import store
    from conflictkg.storage.graphs import ProjectTriples
    from conflictkg.storage.ntcache import ntriples_cache

    root = tmp_path / "p"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    (root / "data").mkdir()
    data = root / "data" / "d.ttl"
    data.write_text('<http://example.org/s> <http://example.org/p> "one" .\n')
    project = Project(root)
    first = ProjectTriples.of(project)
    graph = first.graphs()[0]
    assert first.lines(graph) == ['<http://example.org/s> <http://example.org/p> "one" .']
    cache = ntriples_cache(project)
    assert len(list(cache.glob("*.nt.gz"))) == 1  # the data file (the ontology is not read yet)
    data.write_text('<http://example.org/s> <http://example.org/p> "two" .\n')
    assert ProjectTriples.of(project).lines(graph) == ['<http://example.org/s> <http://example.org/p> "two" .']
    # Copies are named by the hash of their source; a rebuild of the store drops those of files
    # that changed or are gone.
    assert len(list(cache.glob("*.nt.gz"))) == 2
    store.ensure(project, progress=False)
    assert len(list(cache.glob("*.nt.gz"))) == 1


def test_export_works_without_a_writable_cache(mini_project, tmp_path, monkeypatch):
    from conflictkg.storage.ntcache import ntriples_cache

    root = tmp_path / "p"
    for sub in ("ontology", "data"):
        shutil.copytree(mini_project.root / sub, root / sub)
    project = Project(root)

    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr("conflictkg.core.atomic.atomic_write_bytes", refuse)
    monkeypatch.setattr("conflictkg.core.atomic.atomic_writer", refuse)  # the streamed copy (ntcache)
    out, reference = tmp_path / "x.nt", tmp_path / "reference.nt"
    export(project, out)
    assert not list(ntriples_cache(project).glob("*.nt*"))
    monkeypatch.undo()
    export(project, reference)
    assert out.read_bytes() == reference.read_bytes() and out.stat().st_size > 0


# ------------------------------------------------------------------------------ bounded memory

def _in_memory(pt: ProjectTriples, fmt: str, with_ontology: bool) -> bytes:
    """The whole graph as the in-memory writers give it (`select`, `group`, `write_*`): what the
    streamed export must equal byte for byte."""
    from conflictkg.publish import export as ex
    from conflictkg.rdf import nquads, rdfwrite
    from conflictkg.rdf.jsonld import write_jsonld

    sel = ex.select(pt, with_ontology=with_ontology)
    header = ex._HEADER.format(what=sel.description)
    out = io.BytesIO()
    if fmt == "nquads":
        by_graph = {g: nquads.nfc_lines(ls) for g, ls in ex.trig_graphs(pt, sel).items()}
        nquads.write_nquads(nquads.skolemise(rdfwrite.group_graphs(by_graph)), out)
        return out.getvalue()
    if fmt == "trig":
        rdfwrite.write_trig(rdfwrite.group_graphs(ex.trig_graphs(pt, sel)), out, header=header)
        return out.getvalue()
    triples = rdfwrite.group(sel.lines())
    if fmt == "ntriples":
        rdfwrite.write_ntriples(triples, out)
    elif fmt == "turtle":
        rdfwrite.write_turtle(triples, out, header=header)
    else:
        write_jsonld(triples, out, event_classes=sel.event_classes)
    return out.getvalue()


@pytest.mark.parametrize("with_ontology", [False, True])  # the ontology has blank nodes (lists, restrictions)
def test_streamed_export_is_the_in_memory_export(any_project, tmp_path, with_ontology):
    for fmt in ("ntriples", "turtle", "trig", "nquads", "jsonld"):
        out = tmp_path / f"x.{fmt}"
        export(any_project, out, fmt, with_ontology=with_ontology, progress=False)
        assert out.read_bytes() == _in_memory(ProjectTriples.of(any_project), fmt, with_ontology), fmt
