"""Shared pieces of the export, reasoning and chart tests: a small project built from fixtures."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from conflictkg.core.paths import Project

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "export" / "data"
CONFLICTKG = ROOT / ".venv" / "bin" / "conflictkg"


@pytest.fixture(scope="session")
def mini_project(tmp_path_factory) -> Project:
    """A project with the real ontology and the fixture data (tests/fixtures/export/data):
    an event with revised figures, a denial, an open-ended range, a blank node, owl:sameAs, and
    strings that spreadsheets and SVG must not interpret."""
    root = tmp_path_factory.mktemp("mini")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "queries", root / "queries")  # the claims table is the stored query claims
    shutil.copytree(FIXTURE_DATA, root / "data")
    return Project(root)


def data_graph(project: Project) -> Graph:
    """The curated data of `project` parsed by rdflib (the reference the exports are checked against)."""
    g = Graph()
    for path in project.data_files():
        g.parse(path, format="turtle")
    return g


def tree_digest(folder: Path) -> str:
    """A hash of every file's name and bytes under `folder`, to prove nothing was written there."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def generated_project(root: Path, triples: int) -> Project:
    """A project of the ontology and one generated graph of about `triples` triples (N-Triples text in
    data/graph.ttl), for the tests that compare exports of two sizes."""
    # Imported here: only the memory tests generate graphs.
    from conflictkg.generate import synth

    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "queries", root / "queries")  # the claims table is the stored query claims
    (root / "data").mkdir()
    with (root / "data" / "graph.ttl").open("wb") as fh:
        synth.stream_graph(fh, triples, seed=0, fmt="nt")
    return Project(root)
