"""Readers can tell curated claims from submitted ones: the claims CSV has `submitted_by` and
`submitted_at` (empty for curated claims), and the event page says on each claim which submission
added it, by whom and when, or that it is curated."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from conftest import ignore_accepted_submissions

from conflictkg.publish.export import export
from conflictkg.core.paths import Project
from servekit import FIXTURES, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
SUBMISSION = FIXTURES / "submission-adding-a-claim.ttl"
SUBMITTED = "https://w3id.org/conflict-kg/id/claim/2024-palmyra-airstrike-sohr-injured-lead"
SUBMISSION_IRI = "https://w3id.org/conflict-kg/id/submission/2026-01-02-2024-palmyra-airstrike-claims"
CURATED = "https://w3id.org/conflict-kg/id/claim/2024-palmyra-airstrike-syrian-state-media-killed"


@pytest.fixture(scope="module")
def with_submission(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("provenance")
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, root / name, ignore=ignore_accepted_submissions)
    (root / "data" / "submissions").mkdir(exist_ok=True)
    shutil.copy(SUBMISSION, root / "data" / "submissions" / "2026-01-02-2024-palmyra-airstrike-claims.ttl")
    return Project(root)


def read(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open(newline="", encoding="utf-8")))


@pytest.mark.parametrize("event", [None, "2024-palmyra-airstrike"])
def test_the_claims_csv_says_who_submitted_a_claim(with_submission, tmp_path, event):
    out = tmp_path / "claims.csv"
    export(with_submission, out, table="claims", event=event)
    rows = read(out)
    assert list(rows[0])[-3:] == ["submitted_by", "submitted_at", "claim_iri"]
    by_iri = {r["claim_iri"]: r for r in rows}
    assert (by_iri[SUBMITTED]["submitted_by"], by_iri[SUBMITTED]["submitted_at"]) == (
        "Ana Lyst <ana@example.org>", "2026-01-02T03:04:05Z")  # the store's canonical form of +00:00
    curated = [r for iri, r in by_iri.items() if iri != SUBMITTED]
    assert curated and all(r["submitted_by"] == r["submitted_at"] == "" for r in curated)


def test_the_curated_graph_has_only_curated_claims(project_copy, tmp_path):
    # The curated graph: data/*.ttl without the accepted submissions (tests/conftest.py copy_project).
    out = tmp_path / "claims.csv"
    export(project_copy, out, table="claims")
    assert {(r["submitted_by"], r["submitted_at"]) for r in read(out)} == {("", "")}


def _row(page: str, claim: str) -> str:
    match = re.search(rf'<tr data-claim="{re.escape(claim)}"[^>]*>(.*?)</tr>', page, re.DOTALL)
    assert match, claim
    return match.group(0)


@pytest.mark.server
def test_the_event_page_marks_each_claim_curated_or_submitted(tmp_path):
    served = start_server(tmp_path, "--refresh", "0", token=None, extra_data=[SUBMISSION])
    try:
        page = served.get("/id/event/2024-palmyra-airstrike", headers={"Accept": "text/html"}).text
    finally:
        stop_server(served)
    assert "<th>Added by</th>" in page
    submitted = _row(page, SUBMITTED)
    assert 'class="submitted"' in submitted and f'data-submission="{SUBMISSION_IRI}"' in submitted
    assert "Ana Lyst &lt;ana@example.org&gt;" in submitted  # escaped
    assert '<time datetime="2026-01-02T03:04:05Z">2026-01-02</time>' in submitted
    assert 'href="/id/submission/2026-01-02-2024-palmyra-airstrike-claims"' in submitted
    curated = _row(page, CURATED)
    assert 'class="curated"' in curated and "Ana Lyst" not in curated and "data-submission" not in curated
    assert re.search(r"Claims <small>\(\d+, 1 added by a submission\)</small>", page)
