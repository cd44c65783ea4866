"""What lands in data/ is what was validated: `submit` refuses new actors and places that read like
existing ones (unless --force), IRIs not in their normal form or, in the project's namespace, not
ASCII, and quotes that are not in the curated article they cite (claim limits: test_submit_limits.py).

The example files are in tests/data/submit/: each `.ttl` with an `.expected.json` beside it giving
the exit code without and with --force and what the messages say."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ignore_accepted_submissions

from conflictkg.cli import run
from conflictkg.core.paths import Project
from test_submit import submissions, tree

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parents[1]
CASES = sorted((HERE / "data" / "submit").glob("*.ttl"))


@pytest.fixture
def copy(tmp_path, monkeypatch) -> Project:
    """A copy of the project with its texts/ and its curated data (without the submissions accepted
    into the repository, as in test_submit.py), validating with the small test shapes, so that these
    tests check submit's own refusals quickly."""
    root = tmp_path / "project"
    for name in ("ontology", "data", "queries", "texts"):
        shutil.copytree(ROOT / name, root / name, ignore=ignore_accepted_submissions)
    (root / "shapes").mkdir()
    shutil.copy(HERE / "data" / "shapes" / "minimal.ttl", root / "shapes" / "minimal.ttl")
    monkeypatch.setenv("CONFLICTKG_ROOT", str(root))
    return Project(root)


def test_the_corpus_covers_every_kind_of_refusal():
    names = {p.stem for p in CASES}
    assert {"impersonate-same-label", "impersonate-same-alias", "impersonate-homoglyph-label",
            "impersonate-confusable-iri", "iri-dot-segments", "iri-homoglyph", "quote-made-up",
            "accepted-distinct-names"} <= names
    assert all(p.with_suffix(".expected.json").is_file() for p in CASES)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_submission_examples(copy, capsys, path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    before = tree(copy.data_dir)
    code = run(["submit", str(path), "--author", "a", "--dry-run"])
    err = capsys.readouterr().err
    assert code == expected["exit"], err
    assert "Traceback" not in err
    problems = [line for line in err.splitlines() if line.startswith(f"{path}: ") and "refused" not in line]
    for message in expected["messages"]:
        assert any(message in line for line in problems), (message, err)
    assert run(["submit", str(path), "--author", "a", "--force", "--dry-run"]) == expected["exit_with_force"]
    capsys.readouterr()
    assert tree(copy.data_dir) == before


def test_a_possible_impersonation_lands_with_force(copy, capsys):
    path = HERE / "data" / "submit" / "impersonate-same-alias.ttl"
    before = tree(copy.data_dir)
    assert run(["submit", str(path), "--author", "a"]) == 1
    assert tree(copy.data_dir) == before
    assert run(["submit", str(path), "--author", "a", "--force"]) == 0
    assert capsys.readouterr().out.split() == ["actor:observatory-in-coventry"]
    assert len(submissions(copy)) == 1


def test_without_texts_no_quote_is_checked(copy, capsys):
    """The check needs the text: a project without texts/ holds none (the example is accepted)."""
    shutil.rmtree(copy.texts_dir)
    assert run(["submit", str(HERE / "data" / "submit" / "quote-made-up.ttl"), "--author", "a", "--dry-run"]) == 0


def test_a_text_that_is_not_the_indexed_one_is_an_error(copy, tmp_path, capsys):
    (copy.texts_dir / "palmyra-airstrike-2024.txt").write_text("The strikes also destroyed the city hospital.\n")
    code = run(["submit", str(HERE / "data" / "submit" / "quote-made-up.ttl"), "--author", "a", "--dry-run"])
    err = capsys.readouterr().err
    assert code == 2 and "texts/index.tsv:2: texts/palmyra-airstrike-2024.txt has SHA-256" in err
    assert "restore the file from git" in err and "Traceback" not in err
