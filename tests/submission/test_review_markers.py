"""Review is enforced: the markers `conflictkg draft` leaves (ckg:draftNote "CHECK: WHY") are
warnings of `conflictkg validate`, one per marker, and `conflictkg submit` refuses a file that still
has one, naming each on a line of its own, with data/ unchanged; the draft's header counts what it
drafted, what needs review and what it could not read."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import copy_project
from conflictkg.cli import run
from conflictkg.model.namespaces import CKG
from conflictkg.submission.submit import policy_problems

HERE = Path(__file__).resolve().parents[1]
ROOT = HERE.parent
OWN = HERE / "data" / "articles"


def listing(folder: Path) -> list[tuple[str, bytes]]:
    return sorted((str(p.relative_to(folder)), p.read_bytes()) for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """A copy of the project (for submit, which may write), and the draft of an unseen article with
    review markers in it."""
    tmp = tmp_path_factory.mktemp("review")
    project = copy_project(ROOT, tmp / "project")
    for name in ("shapes", "texts"):
        shutil.copytree(ROOT / name, project.root / name)
    mp = pytest.MonkeyPatch()
    mp.setenv("CONFLICTKG_ROOT", str(ROOT))
    path = tmp / "draft.ttl"
    assert run(["draft", str(OWN / "qaryatayn-drone-strike-2024.txt"), "--url", "https://example.org/qaryatayn",
                "-o", str(path)]) == 0
    yield project, path
    mp.undo()


def markers(path: Path) -> list[str]:
    return sorted(str(o) for o in Graph().parse(path, format="turtle").objects(None, CKG.draftNote))


def test_validate_warns_of_every_open_marker(drafted, capsys, monkeypatch):
    project, path = drafted
    monkeypatch.setenv("CONFLICTKG_ROOT", str(ROOT))  # validate writes nothing but its store cache
    expected = markers(path)
    assert len(expected) >= 3
    capsys.readouterr()
    code = run(["validate", "--format", "json", str(path)])
    report = json.loads(capsys.readouterr().out)
    opened = [r for r in report["results"] if r["source_shape"].endswith("#OpenReviewMarkerShape")]
    assert all(r["severity"] == "Warning" for r in opened)
    assert sorted(next(m for m in expected if m in r["message"]) for r in opened) == expected
    # The marker is no unknown term: no violation is about ckg:draftNote.
    assert not [r for r in report["results"] if r["severity"] == "Violation" and "draftNote" in (r["result_path"] or "")]
    assert code == (0 if report["counts"]["violation"] == 0 else 1)
    # --strict: open markers fail.
    assert run(["validate", "--strict", str(path)]) == 1
    capsys.readouterr()


def test_submit_refuses_a_draft_naming_each_marker(drafted, capsys, monkeypatch):
    project, path = drafted
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    before = listing(project.data_dir)
    expected = markers(path)
    capsys.readouterr()
    assert run(["submit", str(path), "--author", "Ana Lyst"]) == 1
    err = capsys.readouterr().err.splitlines()
    named = [l for l in err if l.startswith(f"{path}: unresolved draft note on ")]
    assert len(named) == len(expected)
    for marker in expected:
        assert sum(marker in l for l in named) >= 1, marker
    assert any("refused" in l and "data/ is unchanged" in l for l in err)
    assert listing(project.data_dir) == before


def test_a_draft_without_its_markers_is_no_longer_refused_for_them(drafted, tmp_path, capsys, monkeypatch):
    project, path = drafted
    monkeypatch.setenv("CONFLICTKG_ROOT", str(ROOT))
    cleared = tmp_path / "cleared.ttl"
    cleared.write_text("".join(l for l in path.read_text().splitlines(True) if "ckg:draftNote" not in l))
    assert len(policy_problems(Graph().parse(path, format="turtle"))) >= len(markers(path))
    assert not [p for p in policy_problems(Graph().parse(cleared, format="turtle")) if "draft note" in p]
    capsys.readouterr()
    run(["validate", "--format", "json", str(cleared)])
    report = json.loads(capsys.readouterr().out)
    assert not [r for r in report["results"] if r["source_shape"].endswith("#OpenReviewMarkerShape")]


def test_the_header_counts_statements_reviews_and_what_was_not_read(drafted):
    project, path = drafted
    text = path.read_text()
    head = [l for l in text.splitlines() if l.startswith("#")]
    graph = Graph().parse(path, format="turtle")
    noted = {s for s in graph.subjects(CKG.draftNote, None)}
    m = re.match(r"# Drafted: (\d+) statements on (\d+) nodes; (\d+) of them on (\d+) nodes to review \((\d+) review "
                 r"markers\)", next(l for l in head if l.startswith("# Drafted:")))
    assert m, head
    statements, nodes, to_review, review_nodes, count = map(int, m.groups())
    assert count == len(markers(path)) and review_nodes == len(noted)
    assert 0 < to_review <= statements
    # Every statement of a node with a marker is counted as needing review.
    from rdflib.namespace import RDF  # noqa: PLC0415 - local: only this count needs it

    assert to_review == sum(1 for s in noted for p, o in graph.predicate_objects(s) if p not in (RDF.type, CKG.draftNote))
    unread = next(l for l in head if l.startswith("# Not read ("))
    n = int(re.match(r"# Not read \((\d+)\)", unread).group(1))
    listed = [l for l in head[head.index(unread) + 1:] if l.startswith("#  - ")][:n]
    assert len(listed) == n and all(re.search(r': ".+" \(', l) for l in listed)
