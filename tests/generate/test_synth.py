"""The synthetic-graph generator: determinism, size, ontology and vocabulary use, invariants, seeded
violations, submissions, and the `conflictkg generate` command."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from conflictkg.generate import synth
from conflictkg.cli import run
from conflictkg.core.errors import UserError
from conflictkg.model.namespaces import CKG, GEO, ID
from synthcheck import find_violations, structural_problems

SMALL = 12_000


def _bytes(target=SMALL, seed=0, fmt="nt", violations=None, vocab=None) -> tuple[bytes, synth.Result]:
    buf = io.BytesIO()
    result = synth.stream_graph(buf, target, seed, fmt, violations, vocab)
    return buf.getvalue(), result


def _graph(data: bytes, fmt: str = "nt") -> Graph:
    return Graph().parse(data=data.decode("utf-8"), format="nt" if fmt == "nt" else "turtle")


@pytest.fixture(scope="module")
def vocab(project) -> synth.Vocab:
    return synth.Vocab(project.ontology_dir / "vocabularies.ttl")


@pytest.fixture(scope="module")
def vocab_graph(project) -> Graph:
    return Graph().parse(project.ontology_dir / "vocabularies.ttl")


@pytest.fixture(scope="module")
def ontology(project) -> Graph:
    g = Graph()
    for path in project.ontology_files():
        g.parse(path)
    return g


@pytest.fixture(scope="module")
def clean(vocab):
    data, result = _bytes(vocab=vocab)
    return data, result, _graph(data)


# ------------------------------------------------------------------------------ determinism and size

def test_same_seed_same_bytes_other_seed_other_bytes(clean, vocab):
    data, _, _ = clean
    again, _ = _bytes(vocab=vocab)
    assert again == data
    other, _ = _bytes(seed=1, vocab=vocab)
    assert other != data


def test_turtle_is_the_same_graph_and_deterministic(clean, vocab):
    _, _, nt_graph = clean
    ttl, _ = _bytes(fmt="ttl", vocab=vocab)
    assert ttl.startswith(b"# Synthetic conflict-kg graph")
    assert set(_graph(ttl, "ttl")) == set(nt_graph)
    assert _bytes(fmt="ttl", vocab=vocab)[0] == ttl


@pytest.mark.parametrize("target", [5_000, 10_000, 40_000])
def test_triple_count_lands_near_the_target(target, vocab):
    data, result = _bytes(target, vocab=vocab)
    lines = data.count(b"\n")
    assert lines == result.triples == result.manifest["triples"]
    assert len(_graph(data)) == lines, "no triple is written twice"
    # Events are written until the count reaches the target: it overshoots by less than one event.
    assert target <= result.triples < target * (1.02 if target >= 10_000 else 1.05)


def test_sizes_parse():
    assert [synth.parse_size(s) for s in ("10000", "10_000", "10k", "2.5M", "1G")] == [
        10_000, 10_000, 10_000, 2_500_000, 1_000_000_000]
    with pytest.raises(UserError):
        synth.parse_size("ten")


# ------------------------------------------------------------------------------ ontology and vocabulary

# Terms from other vocabularies the data model uses directly (as the curated data does).
EXTERNAL_PREDICATES = {RDF.type, RDFS.label, SKOS.altLabel, GEO.hasGeometry, GEO.asWKT}
EXTERNAL_CLASSES = {GEO.Geometry}


def test_every_predicate_and_class_is_defined_in_the_ontology(clean, ontology):
    _, _, g = clean
    properties = {p for p in ontology.subjects(RDF.type, None)
                  if (p, RDF.type, OWL.ObjectProperty) in ontology or (p, RDF.type, OWL.DatatypeProperty) in ontology}
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    used_predicates = set(g.predicates())
    assert used_predicates - properties - EXTERNAL_PREDICATES == set()
    assert set(g.objects(None, RDF.type)) - classes - EXTERNAL_CLASSES == set()
    # And the generator exercises the model broadly: most of its properties and every actor class.
    ckg_props = {p for p in properties if str(p).startswith(str(CKG))}
    submission_only = {CKG.submittedBy, CKG.submittedAt, CKG.contentHash, CKG.citesSource, CKG.added}
    assert (ckg_props - submission_only) - used_predicates == {CKG.participant}  # entailed, never stated
    actor_classes = {c for c in classes if (c, RDFS.subClassOf, CKG.Actor) in ontology
                     or (c, RDFS.subClassOf, CKG.Organisation) in ontology}
    assert actor_classes - set(g.objects(None, RDF.type)) == set()


def test_clean_graph_breaks_no_rule(clean, vocab_graph):
    """Every concept in its scheme, no dangling reference, min <= best <= max, revisions later and
    consistent, complete breakdowns adding up, claims not before their event..."""
    _, _, g = clean
    assert find_violations(g, vocab_graph) == set()
    assert structural_problems(g) == []


def test_graph_has_the_promised_shapes(clean):
    _, result, g = clean
    q = lambda text: {tuple(r) for r in g.query(text, initNs={"ckg": CKG})}  # noqa: E731
    # Claims per main event between 2 and 6.
    per_event = q("""SELECT ?e (COUNT(?c) AS ?n) WHERE { ?e a ckg:Strike . ?c ckg:about ?e } GROUP BY ?e""")
    assert per_event and all(2 <= n.toPython() <= 6 for _, n in per_event)
    # Revision chains, disputes, denials, breakdowns (partial and complete), sub-events, unit chains.
    assert q("SELECT ?c WHERE { ?c ckg:revises ?o }")
    assert q("SELECT ?c WHERE { ?c ckg:disputes ?o }")
    assert q("SELECT ?c WHERE { ?c ckg:stance <https://w3id.org/conflict-kg/vocab/stance/denies> }")
    completeness = {str(r[0]).rsplit("/", 1)[1] for r in q("SELECT ?k WHERE { ?t ckg:breakdownCompleteness ?k }")}
    assert completeness == {"partial", "complete"}
    assert q("SELECT ?s WHERE { ?s a ckg:MilitaryEvent ; ckg:partOf ?o . ?o a ckg:Offensive }")
    assert q("""SELECT ?u WHERE { ?u ckg:subUnitOf/ckg:subUnitOf/ckg:subUnitOf/ckg:subUnitOf ?top }""")
    assert q("""SELECT ?c WHERE { ?c ckg:locatedIn/ckg:locatedIn/ckg:locatedIn ?country }""")
    assert q("SELECT ?e WHERE { ?e ckg:partOf/ckg:partOf/ckg:partOf ?war . ?war a ckg:Conflict }")
    assert q("SELECT ?p WHERE { ?p ckg:agent ckg:unknownActor }")
    wkt = set(g.objects(None, GEO.asWKT))
    assert wkt and all(str(w).startswith("POINT(") for w in wkt)


def test_vocabulary_is_read_from_the_file(tmp_path, project):
    """A concept the generator relies on disappearing from the schemes is a clear error, not drift."""
    text = (project.ontology_dir / "vocabularies.ttl").read_text(encoding="utf-8")
    broken = text.replace("<https://w3id.org/conflict-kg/vocab/measure/killed> a skos:Concept",
                          "<https://w3id.org/conflict-kg/vocab/measure/killed-gone> a skos:Concept")
    assert broken != text
    path = tmp_path / "vocabularies.ttl"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(UserError, match="measure/killed"):
        _bytes(vocab=synth.Vocab(path))


# ------------------------------------------------------------------------------ seeded violations

def test_seeded_violations_are_exactly_the_manifest(vocab, vocab_graph, clean):
    data, result = _bytes(20_000, violations="all=2", vocab=vocab)
    records = result.manifest["violations"]
    assert len(records) == 2 * len(synth.VIOLATION_KINDS)
    assert result.manifest["counts"] == {k: 2 for k in synth.VIOLATION_KINDS}
    g = _graph(data)
    assert data.count(b"\n") == result.triples
    assert find_violations(g, vocab_graph) == {(r["kind"], r["focus"]) for r in records}
    for r in records:
        assert r["focus"].startswith(str(ID)) and r["path"].startswith(str(CKG))


def test_violations_leave_the_rest_of_the_graph_alone(vocab):
    clean_data, clean_result = _bytes(20_000, vocab=vocab)
    data, result = _bytes(20_000, violations="min-gt-max=2,missing-source=1,dangling-reference=1", vocab=vocab)
    assert result.events == clean_result.events
    a, b = set(clean_data.splitlines()), set(data.splitlines())
    changed = {line.split(b" ", 1)[0].decode()[1:-1] for line in a ^ b}
    assert changed == {r["focus"] for r in result.manifest["violations"]}


def test_violation_spec_errors():
    assert synth.parse_violations("min-gt-max=3, missing-claimant") == {"min-gt-max": 3, "missing-claimant": 1}
    with pytest.raises(UserError, match="unknown kind 'nope'"):
        synth.parse_violations("nope=1")
    with pytest.raises(UserError, match="whole number"):
        synth.parse_violations("min-gt-max=x")
    with pytest.raises(UserError, match="do not fit"):
        _bytes(5_000, violations="all=50")


# ------------------------------------------------------------------------------ submissions

def test_submission_references_the_graph_and_adds_new_nodes(clean, vocab, vocab_graph):
    _, _, g = clean
    typed = set(g.subjects(RDF.type, None))
    subjects = set(g.subjects())
    merged = Graph()
    for index in range(10):
        sub = synth.generate_submission(SMALL, 0, index, vocab=vocab)
        assert 50 <= sub.triples <= 100
        sg = Graph().parse(data=sub.text, format="turtle")
        assert len(sg) == sub.triples
        assert sub.references and {URIRef(r) for r in sub.references} <= typed
        assert not {URIRef(a) for a in sub.added} & subjects
        assert {str(s) for s in sg.subjects()} == set(sub.added)
        merged += sg
    # Each submission is valid with the graph it was made for (they do not collide with each other).
    merged += g
    assert find_violations(merged, vocab_graph) == set()
    assert structural_problems(merged) == []
    assert synth.generate_submission(SMALL, 0, 3, vocab=vocab).text == synth.generate_submission(
        SMALL, 0, 3, vocab=vocab).text


def test_submission_with_a_seeded_violation(clean, vocab, vocab_graph):
    _, _, g = clean
    sub = synth.generate_submission(SMALL, 0, 1, violations="min-gt-max", vocab=vocab)
    sg = Graph().parse(data=sub.text, format="turtle")
    assert find_violations(g + sg, vocab_graph) == {(r["kind"], r["focus"]) for r in sub.manifest["violations"]}
    assert len(sub.manifest["violations"]) == 1


# ------------------------------------------------------------------------------ shapes

def test_generated_graph_conforms_to_the_shapes(project):
    """A clean generated graph passes the project's own validator (as `conflictkg validate` runs it),
    warnings included: no result at all."""
    from conflictkg.rdf.safeload import Source
    from conflictkg.core.sandbox import Budget
    from conflictkg.validation.validate import validate

    data, _ = _bytes(synth.MIN_TRIPLES)
    report = validate([Source("generated.nt", data, "ntriples")], project=project, budget=Budget(timeout=240))
    assert report.conforms
    assert report.results == [], report.to_json()


def test_project_validator_finds_exactly_the_seeded_violations(project):
    """Each kind seeded in a submission for a generated graph is reported by the project's validator
    (in context, as `conflictkg validate` runs it) at the manifest's focus node, and nothing else."""
    import pyoxigraph as ox

    from conflictkg.rdf.safeload import Source
    from conflictkg.validation.validate import memory_store, validate

    data, _ = _bytes(synth.MIN_TRIPLES)
    store = memory_store(project)
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    for index, kind in enumerate([None, *synth.VIOLATION_KINDS]):
        sub = synth.generate_submission(synth.MIN_TRIPLES, 0, index, violations=kind)
        report = validate([Source("submission.ttl", sub.text.encode(), "turtle")], project=project, store=store)
        focus = {r["focus"] for r in sub.manifest["violations"]}
        assert {r.focus_node for r in report.results} == focus, (kind, report.to_json())
        assert {r.severity for r in report.results} <= {"Violation"}, (kind, report.to_json())


def test_every_pair_of_seeded_kinds_is_in_the_submission(project):
    """Two kinds seeded in one submission each break a node of their own (claim-before-event and
    wrong-datatype once both rewrote one claim's date, and the manifest listed a violation the file did
    not hold): for every pair of kinds the validator reports exactly the manifest's two focus nodes."""
    import itertools

    import pyoxigraph as ox

    from conflictkg.rdf.safeload import Source
    from conflictkg.validation.validate import memory_store, validate

    data, _ = _bytes(synth.MIN_TRIPLES)
    store = memory_store(project)
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    # One submission per pair, each with IRIs of its own, validated together (one run instead of 66).
    sources, expected = [], set()
    for index, pair in enumerate(itertools.combinations(synth.VIOLATION_KINDS, 2)):
        sub = synth.generate_submission(synth.MIN_TRIPLES, 0, index, violations=dict.fromkeys(pair, 1))
        records = sub.manifest["violations"]
        assert sorted(r["kind"] for r in records) == sorted(pair)
        focus = {r["focus"] for r in records}
        assert len(focus) == 2, (pair, records)
        expected |= focus
        sources.append(Source(f"submission{index}.ttl", sub.text.encode(), "turtle"))
    report = validate(sources, project=project, store=store)
    assert {r.focus_node for r in report.results} == expected, report.to_json()


def test_seeder_never_breaks_a_node_twice():
    """As many kinds as a submission holds: still one node per violation."""
    sub = synth.generate_submission(synth.MIN_TRIPLES, 0, 3, violations="min-gt-max,claim-before-event,"
                                    "missing-claimant,missing-source,unknown-concept,wrong-datatype")
    focus = [r["focus"] for r in sub.manifest["violations"]]
    assert len(focus) == 6 and len(set(focus)) == 6


def test_whole_graph_validation_finds_every_kind_seeded(project):
    """All kinds seeded together in a generated graph: whole-graph validation (as `conflictkg
    validate` runs it with no file) reports exactly the manifest's focus nodes."""
    from conflictkg.rdf.safeload import Source
    from conflictkg.core.sandbox import Budget
    from conflictkg.validation.validate import validate

    data, result = _bytes(SMALL, violations="all=1")
    focus = {r["focus"] for r in result.manifest["violations"]}
    assert len(focus) == len(synth.VIOLATION_KINDS)
    report = validate([Source("generated.nt", data, "ntriples")], project=project, budget=Budget(timeout=240))
    assert {r.focus_node for r in report.results if r.severity == "Violation"} == focus, report.to_json()


# ------------------------------------------------------------------------------ the command

def test_cli_writes_files_and_manifest(tmp_path, capsys):
    out = tmp_path / "g.ttl"
    assert run(["generate", "--triples", "5k", "--seed", "7", "-o", str(out)]) == 0
    assert "triples" in capsys.readouterr().err
    first = out.read_bytes()
    assert run(["generate", "--triples", "5k", "--seed", "7", "-o", str(out)]) == 0
    assert out.read_bytes() == first
    Graph().parse(out, format="turtle")

    gz = tmp_path / "g.nt.gz"
    assert run(["generate", "-n", "5000", "--violations", "missing-claimant=2", "-o", str(gz)]) == 0
    data = gzip.decompress(gz.read_bytes())
    assert data.startswith(b"<https://w3id.org/conflict-kg/id/")
    gz_first = gz.read_bytes()
    assert run(["generate", "-n", "5000", "--violations", "missing-claimant=2", "-o", str(gz)]) == 0
    assert gz.read_bytes() == gz_first, "gzip output is byte-identical too"
    manifest = json.loads((tmp_path / "g.nt.gz.manifest.json").read_text())
    assert [r["kind"] for r in manifest["violations"]] == ["missing-claimant"] * 2

    sub = tmp_path / "sub.ttl"
    assert run(["generate", "-n", "5000", "--submission", "2", "-o", str(sub)]) == 0
    assert "submission 2" in capsys.readouterr().err
    Graph().parse(sub, format="turtle")


@pytest.mark.parametrize("args, message", [
    (["--triples", "lots"], "expected a number"),
    (["-o", "{tmp}/g.nt"], "--triples N is required"),
    (["--triples", "5k", "-o", "{tmp}"], "is a folder"),
    (["--triples", "4000"], "smallest graph"),
    (["--triples", "5k", "-o", "{tmp}/g.xml"], "cannot tell the format"),
    (["--triples", "5k", "--violations", "bogus", "-o", "{tmp}/g.nt"], "unknown kind"),
])
def test_cli_errors_are_one_line_and_write_nothing(tmp_path, capsys, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert run(["generate", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_cli_lists_violation_kinds(capsys):
    assert run(["generate", "--violations", "list"]) == 0
    out = capsys.readouterr().out
    assert all(kind in out for kind in synth.VIOLATION_KINDS)


def test_end_to_end_to_stdout():
    exe = Path(sys.executable).with_name("conflictkg")
    proc = subprocess.run([str(exe), "generate", "--triples", "5000", "--seed", "5", "-o", "-"],
                          capture_output=True, check=True)
    assert proc.stdout.count(b"\n") >= 5000
    assert Graph().parse(data=proc.stdout.decode(), format="nt")
    assert b"triples" in proc.stderr and b"Traceback" not in proc.stderr
    buf = io.BytesIO()
    synth.stream_graph(buf, 5000, 5, "nt")
    assert proc.stdout == buf.getvalue()
