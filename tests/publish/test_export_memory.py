"""Every export of the whole graph runs in bounded memory: Python's peak for a generated graph of
100k triples is about that of one of 10k (issue 25). The RDF formats go through a spool on disk
(`conflictkg.storage.spool`), one subject at a time; the events table (CSV, GeoJSON) is built a batch
of events at a time from the N-Triples copies through SQLite on disk (`conflictkg.publish.tablespool`),
and the claims table is the stored query `claims`, streamed from the store. Python's own
allocations, measured with tracemalloc; SQLite's cache and sorter are bounded by
`conflictkg.storage.spool.CACHE_KIB`."""

from __future__ import annotations

import tracemalloc

import pytest

from conflictkg.publish.export import export
from conflictkg.storage import store as embedded
from exportkit import generated_project

SMALL, LARGE = 10_000, 100_000  # ten times the graph; 20k against 200k gives the same verdict, twice as slowly


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """A generated project of each size, with its store (tables) and N-Triples copy made once."""
    out = {}
    for size in (SMALL, LARGE):
        root = tmp_path_factory.mktemp(f"memory{size}")
        project = generated_project(root / "project", size)
        embedded.ensure(project, progress=False)
        export(project, root / "warm.nt", progress=False)
        out[size] = project
    return out


# (output, table, most bytes the peak may grow per added triple). Held in memory, a triple took about
# 700 bytes (RDF formats) and 300 (tables). What still grows, streamed: the triples with a blank
# node, the events (JSON-LD), each section's document (TriG, N-Quads); for the tables the order of
# the whole table, the places and which claims revise which.
@pytest.mark.parametrize("name, table, per_triple", [
    ("out.nt", "events", 40), ("out.ttl", "events", 40), ("out.trig", "events", 40), ("out.nq", "events", 40),
    ("out.jsonld", "events", 40), ("events.csv", "events", 60), ("claims.csv", "claims", 60),
    ("events.geojson", "events", 60),
])
def test_export_peak_does_not_grow_with_the_graph(projects, tmp_path, name, table, per_triple):
    peaks = {}
    for size, project in projects.items():
        tracemalloc.start()
        try:
            result = export(project, tmp_path / name, table=table, progress=False)
            peaks[size] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert result.count > 0 and (tmp_path / name).stat().st_size > 0
    assert peaks[LARGE] - peaks[SMALL] < (LARGE - SMALL) * per_triple, peaks
