"""The fact sheets the development articles were submitted from (factsheets/) say what their gold
annotations say (benchmarks/gold/): the same entities and facts, plus only what the model needs that
the gold format does not carry (an entity's `type:` and `comment:`), and the one fact documented in
factsheets/README.md. Every fact of each article is in the graph: its quote is a quote of the graph."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Literal

from conftest import ROOT
from conflictkg.core.paths import Project
from conflictkg.model.namespaces import CKG
from conflictkg.rdf.rdfio import load_graph
from conflictkg.submission.factsheet import read_sheet

sys.path.insert(0, str(ROOT / "benchmarks"))
import gold  # noqa: E402

SHEETS = sorted((ROOT / "factsheets").glob("*.yaml"))
EXTRA_ENTITY_KEYS = {"type", "comment"}
# factsheets/README.md: a claim cannot be dated before the event it is about.
DOCUMENTED = {("battle-of-khasham-2018", "f69"): {"of": "Syrian civil war"}}


def test_there_is_a_sheet_for_each_development_article():
    dev = {p.stem for p in (ROOT / "benchmarks" / "gold").glob("*.yaml") if gold.load(p)["split"] != "seed"}
    assert {p.stem for p in SHEETS} == dev and len(dev) == 10


@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.stem)
def test_sheet_says_what_the_gold_file_says(path):
    sheet, reference = read_sheet(path), gold.load(ROOT / "benchmarks" / "gold" / path.name)
    assert {k: v for k, v in sheet.items() if k not in ("entities", "facts")} == \
        {k: v for k, v in reference.items() if k not in ("entities", "facts")}
    strip = lambda e: {k: v for k, v in e.items() if k not in EXTRA_ENTITY_KEYS}  # noqa: E731
    assert [strip(e) for e in sheet["entities"]] == reference["entities"]
    for mine, theirs in zip(sheet["facts"], reference["facts"], strict=True):
        extra = DOCUMENTED.get((path.stem, mine["id"]), {})
        assert {k: v for k, v in mine.items() if k not in extra} == theirs, mine["id"]


@pytest.fixture(scope="module")
def quotes():
    graph = load_graph(Project(ROOT))
    return {str(q) for q in graph.objects(None, CKG.quote) if isinstance(q, Literal)}


@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.stem)
def test_every_fact_of_the_article_is_in_the_graph(path, quotes):
    """Each fact's quote is the quote of a claim, participation or statement record of the graph."""
    missing = [f["id"] for f in read_sheet(path)["facts"] if str(f["quote"]) not in quotes]
    assert missing == []
