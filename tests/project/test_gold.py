"""The gold annotations (benchmarks/gold/*.yaml) pass their checker, benchmarks/gold.py; and the
checker finds what it is meant to find.

The quotes are checked against the shared articles folder ($CONFLICTKG_ARTICLES, else
../shared/articles beside the checkout); where it is absent (CI) those checks are skipped."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import gold  # noqa: E402

GOLD_FILES = sorted((ROOT / "benchmarks" / "gold").glob("*.yaml"))
ARTICLES = gold.articles_root()


def test_there_are_gold_files():
    assert GOLD_FILES


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_is_valid(path):
    assert gold.check(path, quotes=False) == []


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_quotes_are_verbatim(path):
    if not ARTICLES.is_dir():
        pytest.skip(f"no articles folder at {ARTICLES} (set ${gold.ENV_ARTICLES})")
    assert gold.check(path, quotes=True) == []


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_is_named_after_its_article(path):
    data = gold.load(path)
    assert Path(data["article"]).stem == path.stem
    assert data["split"] in gold.SPLITS


# --------------------------------------------------------------------------------------------
# The checker itself, on small files made here
# --------------------------------------------------------------------------------------------

ARTICLE = """= Test strike =

Infobox
- Date: 1 May 2020
- Fatalities: 80 (64 civilians and 16 fighters)

The strike killed at least 12 people, according to the Syrian Observatory for Human Rights.

== Aftermath ==
Nothing else happened.
"""

GOOD = """\
article: test-strike.txt
url: https://en.wikipedia.org/wiki/Test_strike
title: Test strike
split: dev
entities:
  - {name: Test strike, kind: event, class: Strike}
  - {name: Wikipedia, kind: actor, class: Organisation, iri: actor:wikipedia}
  - {name: Syrian Observatory for Human Rights, aliases: [SOHR], kind: actor, class: Monitor, iri: actor:sohr}
  - {name: civilians, kind: group, class: Group}
facts:
  - {id: f1, kind: event, where: infobox, section: Infobox, quote: "Date: 1 May 2020", label: Test strike,
     class: Strike, type: airstrike}
  - {id: f2, kind: date, where: infobox, section: Infobox, quote: "Date: 1 May 2020", start: 2020-05-01,
     precision: day}
  - {id: f3, kind: figure, where: infobox, section: Infobox, quote: "80 (64 civilians", measure: killed,
     min: 80, best: 80, max: 80, qualifier: exact, text: "80"}
  - {id: f4, kind: figure, where: infobox, section: Infobox, quote: "64 civilians", measure: killed,
     group: civilians, min: 64, best: 64, max: 64, qualifier: exact, part-of-figure: f3, text: "64"}
  - {id: f5, kind: figure, where: prose, section: Lead, quote: "The strike killed at least 12 people",
     claimant: Syrian Observatory for Human Rights, measure: killed, min: 12, qualifier: at-least,
     hedge: according-to, text: "at least 12"}
"""


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "test-strike.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setenv(gold.ENV_ARTICLES, str(articles))

    def write(text: str) -> Path:
        path = tmp_path / "test-strike.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_a_good_file_has_no_problem(workspace):
    path = workspace(GOOD)
    assert gold.check(path) == []
    assert gold.load(path)["facts"][1]["start"] == "2020-05-01"  # YAML's date read back as ISO text


@pytest.mark.parametrize("old, new, expected", [
    ("civilians\", measure: killed", "civilians\", measure: slain", "fact f3: measure: 'slain' is not a slug of measure"),
    ("hedge: according-to", "hedge: perhaps", "fact f5: hedge: 'perhaps' is not a slug of hedge"),
    ("type: airstrike", "type: skirmish", "fact f1: type: 'skirmish' is not a slug of event-type"),
    ("precision: day", "precision: hour", "fact f2: precision: 'hour' is not a slug of precision"),
    ("id: f4", "id: f3", "fact f3: id: not unique"),
    ("kind: date", "kind: when", "fact f2: kind: 'when' is not one of"),
    ("start: 2020-05-01,", "", "fact f2: start: missing (required for date)"),
    ("quote: \"64 civilians\"", "quote: \"65 civilians\"", "fact f4: quote: not verbatim in section 'Infobox'"),
    ("quote: \"The strike killed at least 12 people\"", "quote: \"Nothing else happened.\"",
     "fact f5: quote: not verbatim in section 'Lead' (it is in 'Aftermath')"),
    ("section: Lead", "section: Reactions", "fact f5: section: 'Reactions' is not a section of the article"),
    ("where: prose", "where: infobox", "fact f5: section: 'Lead' does not go with where: infobox"),
    ("claimant: Syrian Observatory for Human Rights", "claimant: SOHR",
     "fact f5: claimant: 'SOHR' is not the name of an entity (an alias of 'Syrian Observatory for Human Rights'"),
    ("group: civilians", "group: Wikipedia", "fact f4: group: 'Wikipedia' is of kind actor, not group"),
    ("part-of-figure: f3", "part-of-figure: f9", "fact f4: part-of-figure: 'f9' is not the id of a fact"),
    ("part-of-figure: f3", "part-of-figure: f1", "fact f4: part-of-figure: 'f1' is of kind event, not figure"),
    ("min: 64, best: 64", "min: 65, best: 64", "fact f4: best: min 65 > best 64"),
    ("min: 12, qualifier: at-least", "min: 12, max: 20, qualifier: at-least",
     "fact f5: qualifier: at-least needs min and no max"),
    ("iri: actor:sohr", "iri: actor:no-such-monitor", "entity Syrian Observatory for Human Rights: iri: actor:no-such-monitor is not in data/*.ttl"),
    ("iri: actor:sohr", "iri: actor:israel", "entity Syrian Observatory for Human Rights: iri: actor:israel is a State in data/, not a Monitor"),
    ("title: Test strike", "title: Test strikes", "title: 'Test strikes' is not the article's title 'Test strike'"),
    ("text: \"64\"}", "text: \"64\", colour: red}", "fact f4: colour: not a key of figure"),
    ("  - {name: civilians,", "  - {name: fighters, kind: group, class: Group}\n  - {name: civilians,",
     "entity fighters: name: no fact names it"),
    ("  - {name: Wikipedia, kind: actor, class: Organisation, iri: actor:wikipedia}\n", "",
     "fact f3: claimant: 'Wikipedia' is not the name of an entity"),
])
def test_the_checker_finds(workspace, old, new, expected):
    assert old in GOOD
    path = workspace(GOOD.replace(old, new, 1))
    problems = gold.check(path)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(str(path) + ": ") for p in problems)


def test_quotes_are_not_checked_without_the_articles(workspace, monkeypatch, tmp_path):
    path = workspace(GOOD.replace('quote: "64 civilians"', 'quote: "65 civilians"'))
    monkeypatch.setenv(gold.ENV_ARTICLES, str(tmp_path / "absent"))
    assert gold.check(path) == []
    problems = gold.check(path, quotes=True)  # asked for: the missing article is the problem
    assert any("is not a file under" in p for p in problems) and not any("not verbatim" in p for p in problems)


def test_command_line(workspace, capsys):
    good = workspace(GOOD)
    assert gold.main([str(good)]) == 0
    out = capsys.readouterr().out
    assert f"{good}: 5 facts (infobox 4, prose 1); event 1, date 1, figure 3; 4 entities" in out
    bad = workspace(GOOD.replace("civilians\", measure: killed", "civilians\", measure: slain", 1))
    assert gold.main([str(bad)]) == 1
    assert "1 problem" in capsys.readouterr().out


