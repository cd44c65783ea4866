"""`conflictkg submit` end to end on a copy of the project: what lands, what is refused with data/
left byte for byte as it was, provenance, naming, concurrency and a process killed mid-write."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ignore_accepted_submissions
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from conflictkg.cli import run
from conflictkg.model.namespaces import CKG, EVENT, sparql_prologue
from conflictkg.core.paths import Project
from conflictkg.rdf.rdfio import canonical_turtle, load_graph, parse_turtle_file, read_header
from conflictkg.rdf.jsonld import CONTEXT_FILE
from conflictkg.rdf.jsonld import CONTEXT_IRI as CONTEXT_URL
from conflictkg.core.atomic import temporary_files
from conflictkg.submission.submit import content_hash
from rdfhelpers import short

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parents[1]
PREFIXES = """\
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix event: <https://w3id.org/conflict-kg/id/event/> .
@prefix eventtype: <https://w3id.org/conflict-kg/vocab/event-type/> .
@prefix measure: <https://w3id.org/conflict-kg/vocab/measure/> .
@prefix place: <https://w3id.org/conflict-kg/id/place/> .
@prefix precision: <https://w3id.org/conflict-kg/vocab/precision/> .
@prefix qualifier: <https://w3id.org/conflict-kg/vocab/figure-qualifier/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix role: <https://w3id.org/conflict-kg/vocab/role/> .
@prefix source: <https://w3id.org/conflict-kg/id/source/> .
@prefix stance: <https://w3id.org/conflict-kg/vocab/stance/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def strike(n: int, *, place: str = "tiyas-air-base", day: dt.date | None = None, quote: bool = True) -> str:
    """A new strike with its source, a perpetrator and a casualty claim; strikes n and m are at
    least three days apart, so they are never duplicates of each other."""
    day = day or dt.date(2025, 1, 1) + dt.timedelta(days=3 * n)
    return PREFIXES + f"""
_:doc a ckg:SourceDocument ;
    rdfs:label "Test report {n} (Example Agency)"@en ;
    ckg:url "https://example.org/report-{n}"^^xsd:anyURI ;
    ckg:publisher actor:sana .
_:lead a ckg:DocumentSection ;
    rdfs:label "Lead"@en ;
    ckg:sectionOf _:doc ;
    ckg:url "https://example.org/report-{n}"^^xsd:anyURI .
_:event a ckg:Strike ;
    rdfs:label "Test airstrike {n}"@en ;
    ckg:eventType eventtype:airstrike ;
    ckg:startDate "{day.isoformat()}"^^xsd:date ;
    ckg:datePrecision precision:day ;
    ckg:location place:{place} ;
    ckg:hasParticipation _:perpetrator ;
    ckg:source _:lead {'; ckg:quote "An airstrike hit the base."' if quote else ''} .
_:perpetrator a ckg:Participation ;
    ckg:agent actor:israeli-air-force ;
    ckg:role role:perpetrator ;
    ckg:source _:lead ;
    ckg:quote "The Israeli Air Force carried out the strike." .
_:killed a ckg:Claim ;
    ckg:about _:event ;
    ckg:claimant actor:sohr ;
    ckg:source _:lead ;
    ckg:measure measure:killed ;
    ckg:minValue "12"^^xsd:nonNegativeInteger ;
    ckg:qualifier qualifier:at-least ;
    ckg:figureText "at least 12" ;
    ckg:stance stance:asserts ;
    ckg:quote "SOHR said at least 12 people were killed." .
"""


def claim_about_existing(n: int) -> str:
    """A new claim about the curated 2024 Palmyra airstrike, citing its existing lead section."""
    return PREFIXES + f"""
_:claim a ckg:Claim ;
    ckg:about event:2024-palmyra-airstrike ;
    ckg:claimant actor:sohr ;
    ckg:source source:wikipedia-2024-palmyra-airstrike-lead ;
    ckg:measure measure:injured ;
    ckg:bestValue "{50 + n}"^^xsd:nonNegativeInteger ;
    ckg:minValue "{50 + n}"^^xsd:nonNegativeInteger ;
    ckg:maxValue "{50 + n}"^^xsd:nonNegativeInteger ;
    ckg:qualifier qualifier:exact ;
    ckg:figureText "{50 + n}" ;
    ckg:stance stance:asserts ;
    ckg:quote "The strikes also injured more than 50 people." .
"""


def project_copy(tmp_path: Path, monkeypatch) -> Project:
    """A copy of the project with the curated data, without the submissions accepted into the
    repository (so that `submissions` lists what a test added)."""
    root = tmp_path / "project"
    for name in ("ontology", "shapes", "data", "queries", "texts"):
        if (ROOT / name).is_dir():
            # The curated graph: submissions accepted in data/submissions/ are not these tests' concern.
            shutil.copytree(ROOT / name, root / name, ignore=ignore_accepted_submissions)
        else:
            (root / name).mkdir(parents=True)
    monkeypatch.setenv("CONFLICTKG_ROOT", str(root))
    return Project(root)


def with_test_shapes(project: Project) -> None:
    shutil.rmtree(project.shapes_dir, ignore_errors=True)
    project.shapes_dir.mkdir()
    shutil.copy(HERE / "data" / "shapes" / "minimal.ttl", project.shapes_dir / "minimal.ttl")


@pytest.fixture
def copy(tmp_path, monkeypatch) -> Project:
    """A copy of the project validating with the small test shapes, so that these tests check
    submit (refusals, naming, locking) quickly whatever the project's shapes weigh; the project's
    own shapes are used by test_submissions_conform_to_the_project_shapes."""
    project = project_copy(tmp_path, monkeypatch)
    with_test_shapes(project)
    return project


@pytest.fixture
def real_copy(tmp_path, monkeypatch) -> Project:
    return project_copy(tmp_path, monkeypatch)


def tree(path: Path, *, hidden: bool = True) -> str:
    """A hash of every file and folder under `path`, names and bytes (without hidden ones: what
    the project's readers see)."""
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        if not hidden and any(part.startswith(".") for part in p.relative_to(path).parts):
            continue
        h.update(str(p.relative_to(path)).encode() + b"\0")
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "conflictkg"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "conflictkg"]


def cli_env(project: Project, **extra) -> dict:
    env = dict(os.environ, CONFLICTKG_ROOT=str(project.root))
    env.update(extra)
    return env


def submissions(project: Project) -> list[Path]:
    return sorted(project.submissions_dir.glob("*.ttl"))


def verify_file(path: Path) -> Graph:
    """A written submission: canonical Turtle, one record, and a content hash that checks out."""
    graph = parse_turtle_file(path)
    assert path.read_text(encoding="utf-8") == canonical_turtle(graph, header=read_header(path))
    records = list(graph.subjects(RDF.type, CKG.Submission))
    assert len(records) == 1
    data = Graph()
    for t in graph:
        if t[0] != records[0]:
            data.add(t)
    assert str(graph.value(records[0], CKG.contentHash)) == content_hash(data)
    # Every node it added; the existing nodes it enriched are the subjects of its statement records.
    enriched = set(data.objects(None, RDF.subject))
    assert set(graph.objects(records[0], CKG.added)) == {s for s in data.subjects()} - enriched
    return graph


# ------------------------------------------------------------------------------------------------
# Accepted submissions
# ------------------------------------------------------------------------------------------------


def test_turtle_submission_lands_and_answers_the_stored_query(copy, tmp_path):
    path = write(tmp_path, "strike.ttl", strike(1) + claim_about_existing(1).split("\n", 13)[-1])
    before = {p.name for p in copy.data_files()}
    out = subprocess.run(cli() + ["submit", str(path), "--author", "Test Analyst"], env=cli_env(copy),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "accepted" in out.stderr and "event:2025-01-04-test-airstrike-1" in out.stdout
    [written] = submissions(copy)
    assert {p.name for p in copy.data_files()} == before | {written.name}
    graph = verify_file(written)
    record = next(graph.subjects(RDF.type, CKG.Submission))
    assert str(graph.value(record, CKG.submittedBy)) == "Test Analyst"
    assert {str(u) for u in graph.objects(record, CKG.citesSource)} == {
        "https://example.org/report-1", "https://en.wikipedia.org/wiki/2024_Palmyra_airstrike"}
    # The new claim about the curated event is found with the stored provenance query.
    whole = load_graph(copy)
    query = (copy.queries_dir / "submissions-adding-claims.rq").read_text(encoding="utf-8")
    rows = list(whole.query(query, initBindings={"_event_iri": EVENT["2024-palmyra-airstrike"]}))
    assert [(short(r.submission), str(r.submittedBy), short(r.claim)) for r in rows] == [
        (short(record), "Test Analyst", "claim:2024-palmyra-airstrike-sohr-injured-lead")]
    # The new event is in the graph with readable IRIs and its claim.
    found = whole.query(sparql_prologue() + """
        SELECT ?event ?claim ?part WHERE { ?event a ckg:Strike ; rdfs:label "Test airstrike 1"@en ;
            ckg:hasParticipation ?part . ?claim ckg:about ?event }""")
    assert [tuple(short(v) for v in row) for row in found] == [(
        "event:2025-01-04-test-airstrike-1", "claim:2025-01-04-test-airstrike-1-sohr-killed-lead",
        "part:2025-01-04-test-airstrike-1-israeli-air-force-perpetrator")]
    # fmt agrees the file is canonical.
    assert run(["fmt", "--check", str(written)]) == 0
    # The stored query answers through the command line, on the embedded store rebuilt with the submission.
    out = subprocess.run(cli() + ["query", "submissions-adding-claims", "-p", "event=2024-palmyra-airstrike",
                                  "--format", "csv"], env=cli_env(copy), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2 and "Test Analyst" in lines[1]
    assert lines[1].endswith("claim/2024-palmyra-airstrike-sohr-injured-lead")


def test_jsonld_submission_lands(copy, tmp_path):
    doc = {
        "@context": {
            "ckg": "https://w3id.org/conflict-kg/ontology#",
            "event": "https://w3id.org/conflict-kg/id/event/",
            "actor": "https://w3id.org/conflict-kg/id/actor/",
            # Prefixes named like keys would be shadowed by them ("source": ckg:source): other names.
            "src": "https://w3id.org/conflict-kg/id/source/",
            "msr": "https://w3id.org/conflict-kg/vocab/measure/",
            "st": "https://w3id.org/conflict-kg/vocab/stance/",
            "type": "@type",
            "Claim": "ckg:Claim",
            "about": {"@id": "ckg:about", "@type": "@id"},
            "claimant": {"@id": "ckg:claimant", "@type": "@id"},
            "source": {"@id": "ckg:source", "@type": "@id"},
            "measure": {"@id": "ckg:measure", "@type": "@id"},
            "stance": {"@id": "ckg:stance", "@type": "@id"},
            "quote": "ckg:quote",
            "textValue": "ckg:textValue",
        },
        "@graph": [{
            "type": "Claim",
            "about": "event:2024-palmyra-airstrike",
            "claimant": "actor:syrian-ministry-of-defense",
            "source": "src:wikipedia-2024-palmyra-airstrike-airstrikes",
            "measure": "msr:damage",
            "stance": "st:asserts",
            "textValue": "significant material damage",
            "quote": "caused \"significant material damage\"",
        }],
    }
    path = write(tmp_path, "claim.jsonld", json.dumps(doc))
    assert run(["submit", str(path), "--author", "JSON Analyst"]) == 0
    [written] = submissions(copy)
    graph = verify_file(written)
    claim = URIRef("https://w3id.org/conflict-kg/id/claim/2024-palmyra-airstrike-syrian-ministry-of-defense-damage-airstrikes")
    assert (claim, CKG.about, EVENT["2024-palmyra-airstrike"]) in graph
    # Date, an ASCII slug of what it is about, and the first 8 hex digits of its content hash.
    assert re.fullmatch(r"\d{4}-\d\d-\d\d-2024-palmyra-airstrike-claims-[0-9a-f]{8}\.ttl", written.name)


def test_template_is_refused_until_its_note_is_deleted_then_lands(copy, tmp_path, capsys):
    path = tmp_path / "new.ttl"
    assert run(["new", "strike", "-o", str(path)]) == 0
    before = tree(copy.data_dir)
    assert run(["submit", str(path), "--author", "a"]) == 1
    assert "unresolved draft note" in capsys.readouterr().err
    assert tree(copy.data_dir) == before
    path.write_text("".join(l for l in path.read_text().splitlines(True) if "ckg:draftNote" not in l))
    assert run(["submit", str(path), "--author", "a"]) == 0
    verify_file(submissions(copy)[0])


def test_offensive_template_with_id(copy, tmp_path):
    path = tmp_path / "new.ttl"
    assert run(["new", "offensive", "--id", "2025-tiyas-offensive", "-o", str(path)]) == 0
    path.write_text("".join(l for l in path.read_text().splitlines(True) if "ckg:draftNote" not in l))
    assert run(["submit", str(path), "--author", "a"]) == 0
    graph = verify_file(submissions(copy)[0])
    assert (EVENT["2025-tiyas-offensive"], RDF.type, CKG.Offensive) in graph
    assert (None, CKG.agent, CKG.unknownActor) in graph


def test_dry_run_writes_nothing(copy, tmp_path, capsys):
    path = write(tmp_path, "s.ttl", strike(2))
    before = tree(copy.data_dir)
    assert run(["submit", str(path), "--author", "a", "--dry-run"]) == 0
    out = capsys.readouterr()
    assert "a ckg:Submission" in out.out and "nothing written" in out.err
    assert tree(copy.data_dir) == before and not (copy.cache_dir / "data.lock").exists()


def test_duplicates_are_reported_and_force_accepts_them(copy, tmp_path, capsys):
    # Same type, the next day, in Palmyra's district: a possible duplicate of the 2024 airstrike.
    path = write(tmp_path, "dup.ttl", strike(3, place="eastern-homs-governorate", day=dt.date(2024, 11, 21)))
    before = tree(copy.data_dir)
    assert run(["submit", str(path), "--author", "a"]) == 1
    err = capsys.readouterr().err
    assert "may duplicate event:2024-palmyra-airstrike" in err and "--force" in err
    assert tree(copy.data_dir) == before
    assert run(["submit", str(path), "--author", "a", "--force"]) == 0


def test_names_are_stable_and_deduplicated(copy, tmp_path, capsys):
    path = write(tmp_path, "c.ttl", claim_about_existing(7))
    assert run(["submit", str(path), "--author", "a", "--dry-run"]) == 0
    first = capsys.readouterr().out
    assert run(["submit", str(path), "--author", "a", "--dry-run"]) == 0
    untimed = lambda text: re.sub(r"\d{4}-\d\d-\d\dT[\d:+Z-]+", "<time>", text)  # noqa: E731
    assert untimed(capsys.readouterr().out) == untimed(first)
    assert run(["submit", str(path), "--author", "a"]) == 0
    assert run(["submit", str(path), "--author", "a"]) == 0  # the same claim again is a new claim
    out = capsys.readouterr().out.split()
    assert out == ["claim:2024-palmyra-airstrike-sohr-injured-lead", "claim:2024-palmyra-airstrike-sohr-injured-lead-2"]
    # Two submissions of one claim: their content (the minted IRIs) differs, so do the hashes in their names.
    names = [p.name[11:] for p in submissions(copy)]
    assert len(names) == 2 and all(re.fullmatch(r"2024-palmyra-airstrike-claims-[0-9a-f]{8}\.ttl", n) for n in names)


def test_author_from_git_identity_or_refused(copy, tmp_path):
    path = write(tmp_path, "s.ttl", strike(4))
    isolated = dict(HOME=str(tmp_path), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    out = subprocess.run(cli() + ["submit", str(path)], env=cli_env(copy, **isolated), capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "--author" in out.stderr and "Traceback" not in out.stderr
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    init = subprocess.run(["git", "init", "-q", str(copy.root)], env=cli_env(copy, **isolated), capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    subprocess.run(["git", "-C", str(copy.root), "config", "user.name", "Ana Lyst"], check=True)
    subprocess.run(["git", "-C", str(copy.root), "config", "user.email", "ana@example.org"], check=True)
    out = subprocess.run(cli() + ["submit", str(path)], env=cli_env(copy, **isolated), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    graph = verify_file(submissions(copy)[0])
    assert str(graph.value(next(graph.subjects(RDF.type, CKG.Submission)), CKG.submittedBy)) == "Ana Lyst <ana@example.org>"


# ------------------------------------------------------------------------------------------------
# Refused submissions leave data/ byte for byte unchanged
# ------------------------------------------------------------------------------------------------

# case -> (file name, text, [(exit code, what the message says)]). The safe loader refuses some input
# while reading it (exit 2) before submit's own checks (exit 1) see it.
HINT = "ckg:Claim with ckg:about"
REFUSED = {
    "syntax": ("s.ttl", PREFIXES + "_:x a ckg:Claim ; ckg:about .", [(2, "invalid Turtle")]),
    "empty": ("s.ttl", PREFIXES, [(2, "holds no triples")]),
    "rewrite": ("s.ttl", PREFIXES + """
        event:2024-palmyra-airstrike ckg:hasParticipation _:p .
        _:p a ckg:Participation ; ckg:agent actor:israel ; ckg:role role:perpetrator .""",
                [(2, HINT)]),
    "rewrite-typed": ("s.ttl", PREFIXES + "event:2024-palmyra-airstrike a ckg:Strike ; ckg:hasParticipation _:p . "
                      "_:p a ckg:Participation ; ckg:agent actor:israel ; ckg:role role:perpetrator .",
                      [(1, "measure:perpetrator")]),
    "label": ("s.ttl", PREFIXES + 'actor:sohr rdfs:label "Observatory"@en .', [(2, HINT)]),
    "label-typed": ("s.ttl", PREFIXES + 'actor:sohr a ckg:Monitor ; rdfs:label "Observatory"@en .', [(1, "curated by hand")]),
    "provenance": ("s.ttl", PREFIXES + '<https://w3id.org/conflict-kg/id/submission/x> a ckg:Submission .',
                   [(1, "provenance records are written by submit")]),
    "vocabulary": ("s.ttl", PREFIXES + 'eventtype:drone-strike a <http://www.w3.org/2004/02/skos/core#Concept> .',
                   [(2, "cannot describe ontology or vocabulary terms")]),
    "untyped": ("s.ttl", PREFIXES + '_:x rdfs:label "what am I"@en .', [(2, "no rdf:type")]),
    "relative": ("s.ttl", PREFIXES + '<foo> a ckg:Claim .', [(2, "absolute IRI")]),
    "remote-context": ("s.jsonld", json.dumps({"@context": "https://example.org/ctx.jsonld", "@type": "x"}),
                       [(2, "remote JSON-LD @context is not allowed")]),
    "import-context": ("s.jsonld", json.dumps({"@context": {"@version": 1.1, "@import": "https://example.org/c.jsonld"},
                                               "@type": "https://w3id.org/conflict-kg/ontology#Claim"}),
                       [(2, "remote JSON-LD @import is not allowed")]),
    "not-json": ("s.jsonld", "{nope", [(2, "invalid JSON")]),
    "extension": ("s.xml", "<rdf/>", [(2, "RDF/XML is not accepted")]),
    "draft": ("s.ttl", None, [(1, "unresolved draft note")]),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_submissions_leave_data_unchanged(copy, tmp_path, capsys, case):
    name, text, answers = REFUSED[case]
    if text is None:  # a draft straight from `conflictkg draft`
        path = tmp_path / name
        assert run(["draft", str(HERE / "data" / "articles" / "qaryatayn-drone-strike-2024.txt"), "-o", str(path)]) == 0
    else:
        path = write(tmp_path, name, text)
    before = tree(copy.data_dir)
    code = run(["submit", str(path), "--author", "a"])
    err = capsys.readouterr().err
    assert any(code == c and message in err for c, message in answers), (code, err)
    assert "Traceback" not in err
    assert tree(copy.data_dir) == before


def test_violations_refuse_warnings_show_strict_refuses(copy, tmp_path, capsys):
    before = tree(copy.data_dir)
    no_claimant = write(tmp_path, "a.ttl", strike(5).replace("    ckg:claimant actor:sohr ;\n", ""))
    assert run(["submit", str(no_claimant), "--author", "a"]) == 1
    assert "A claim needs a claimant" in capsys.readouterr().err
    assert tree(copy.data_dir) == before
    no_quote = write(tmp_path, "b.ttl", strike(6, quote=False))
    assert run(["submit", str(no_quote), "--author", "a", "--strict"]) == 1
    assert "warning (refused with --strict): " in capsys.readouterr().err
    assert tree(copy.data_dir) == before
    assert run(["submit", str(no_quote), "--author", "a"]) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and "should quote its source" in err
    assert len(submissions(copy)) == 1


# ------------------------------------------------------------------------------------------------
# Concurrency and crashes
# ------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_twenty_concurrent_submissions_all_land(copy, tmp_path):
    baseline = shape_violations(copy)
    files = [write(tmp_path, f"s{n}.ttl", strike(n) if n % 2 else claim_about_existing(n)) for n in range(20)]
    procs = [subprocess.Popen(cli() + ["submit", str(f), "--author", f"analyst {i}"], env=cli_env(copy),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i, f in enumerate(files)]
    results = [(p.wait(timeout=280), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [r[0] for r in results] == [0] * 20, [r[2] for r in results if r[0]]
    written = submissions(copy)
    assert len(written) == 20
    added = [set(verify_file(p).objects(None, CKG.added)) for p in written]
    assert sum(len(a) for a in added) == len(set().union(*added))  # no IRI given twice
    whole = load_graph(copy)
    assert len(set(whole.subjects(RDF.type, CKG.Submission))) == 20
    new_claims = {c for c in whole.subjects(CKG.about, EVENT["2024-palmyra-airstrike"])
                  if str(c).split("/")[-1].startswith("2024-palmyra-airstrike-sohr-injured-lead")}
    assert len(new_claims) == 10
    assert len([e for e in whole.subjects(RDF.type, CKG.Strike) if "test-airstrike" in str(e)]) == 10
    # The graph still validates: no blank node, every claim about an event, no new shape violation.
    assert not any(isinstance(t, BNode) for triple in load_graph(copy, ontology=False) for t in triple)
    events = set(whole.transitive_subjects(RDFS.subClassOf, CKG.Event))
    for claim in whole.subjects(RDF.type, CKG.Claim):
        assert set(whole.objects(whole.value(claim, CKG.about), RDF.type)) & events, claim
    assert shape_violations(copy) == baseline
    out = subprocess.run(cli() + ["query", "submissions-adding-claims", "-p", "event=2024-palmyra-airstrike",
                                  "--format", "csv"], env=cli_env(copy), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and len(out.stdout.strip().splitlines()) == 1 + 10, out.stderr
    again = write(tmp_path, "after.ttl", strike(40))
    assert run(["submit", str(again), "--author", "a", "--dry-run"]) == 0


def shape_violations(project: Project) -> set:
    """Focus nodes and messages of the violations of the whole graph under the project's shapes."""
    if not project.shapes_files():
        return set()
    from pyshacl import validate

    shapes = Graph()
    for path in project.shapes_files():
        parse_turtle_file(path, shapes)
    _, results, _ = validate(load_graph(project), shacl_graph=shapes, inference="none", allow_warnings=True)
    sh = "http://www.w3.org/ns/shacl#"
    return {(str(results.value(r, URIRef(sh + "focusNode"))), str(results.value(r, URIRef(sh + "resultMessage"))))
            for r in results.subjects(URIRef(sh + "resultSeverity"), URIRef(sh + "Violation"))}


def _kill_at(copy: Project, tmp_path: Path, point: str) -> None:
    flag = tmp_path / f"{point}.flag"
    path = write(tmp_path, f"{point}.ttl", strike(8))
    before, tree_before = tree(copy.data_dir), tree(copy.data_dir, hidden=False)
    proc = subprocess.Popen(cli() + ["submit", str(path), "--author", "a"],
                            env=cli_env(copy, CONFLICTKG_TEST_HOOK=f"{point}:{flag}"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not flag.exists():
            assert proc.poll() is None, "the submit process ended before its test hook"
            assert time.monotonic() < deadline, "the test hook was never reached"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    # Nothing half-written: what any reader sees of data/ is byte for byte as it was. The
    # temporary file is made beside its target (so the rename never crosses file systems), hidden.
    assert tree(copy.data_dir, hidden=False) == tree_before
    stale = temporary_files(copy.submissions_dir)
    assert len(stale) == (1 if point == "before-rename" else 0)  # killed with its file written, not renamed
    assert tree(copy.data_dir) == before or stale
    # The lock died with the process: the same submission now lands.
    out = subprocess.run(cli() + ["submit", str(path), "--author", "a"], env=cli_env(copy, CONFLICTKG_LOCK_TIMEOUT="30"),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    verify_file(submissions(copy)[0])
    assert not temporary_files(copy.submissions_dir)  # the next writer cleared what the dead one left
    assert not any(p.name.startswith(".") for p in copy.data_dir.rglob("*"))


@pytest.mark.slow
@pytest.mark.parametrize("point", ["locked", "before-rename"])
def test_killed_submission_loses_nothing(copy, tmp_path, point):
    _kill_at(copy, tmp_path, point)


def documented_json() -> list[str]:
    text = (ROOT / "docs" / "submitting.md").read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```json\n")[1:]]


def test_the_documented_inline_context_example_lands(copy, tmp_path):
    [example] = [b for b in documented_json() if '"@context": {' in b]
    path = write(tmp_path, "doc.jsonld", example)
    assert run(["submit", str(path), "--author", "a"]) == 0
    verify_file(submissions(copy)[0])


def test_the_documented_plain_json_example_lands(copy, tmp_path, capsys):
    [example] = [b for b in documented_json() if CONTEXT_URL in b]
    path = write(tmp_path, "doc.jsonld", example)
    assert run(["submit", str(path), "--author", "a"]) == 0
    assert capsys.readouterr().out.split() == [
        "claim:2025-03-15-example-airstrike-sohr-killed-lead",
        "event:2025-03-15-example-airstrike",
        "part:2025-03-15-example-airstrike-israeli-air-force-perpetrator",
        "source:sana-tiyas-strike",
        "source:sana-tiyas-strike-lead",
    ]


def test_the_documented_keys_are_the_contexts():
    import re as _re

    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    text = (ROOT / "docs" / "submitting.md").read_text(encoding="utf-8")
    rows = _re.findall(r"^\| `(\w+)` \| `([\w:]+)` \|", text, _re.MULTILINE)
    assert len(rows) > 50
    for key, prop in rows:
        definition = context[key]
        iri = definition if isinstance(definition, str) else definition.get("@id")
        assert iri == prop or (iri, prop) == ("@type", "rdf:type"), (key, prop, iri)
