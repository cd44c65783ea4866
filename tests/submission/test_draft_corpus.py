"""`conflictkg draft` rule by rule: every case of the corpus in tests/data/draft/ (an infobox cell
or a prose passage with the claims an analyst records from it, negative cases included: a heading,
a title, a date qualifier or an icon that must not become a name) is drafted in an article of its
own and compared with its expectations (tests/submission/draftcorpus.py)."""

from __future__ import annotations

import pytest

from conflictkg.model.names import NameIndex
from conftest import ground_graph
from draftcorpus import check, load_cases

CASES = load_cases()

# The patterns of issue 20 the corpus must cover, each with at least one case.
PATTERNS = [
    "claimant in parentheses", "claimant as a prefix", "injured/wounded", "captured", "destroyed", "2,000+", "allegedly",
    "KIA/WIA", "list headings", "separators", "nesting", "icon noise", "time qualifiers", "role title in parentheses",
    "several claims in one cell", "strike keys", "one name listed twice", "approximations", "ranges",
    "according to X", "X said/reported/claimed/told", "X denied", "declined to comment", "initially ... later revised to ...",
    "nested attribution", "unattributed", "superlatives", "relative dates", "figures in prose", "negative", "linking",
    "reactions", "passive attribution", "responsibility",
    "attribution after the statement", "attribution inside the clause", "back-reference",
]


@pytest.fixture(scope="module")
def index(project) -> NameIndex:
    """Names of the graph a new article is drafted against (conftest.ground_graph): the cases say
    which names it holds; the accepted articles' own names (such as "Turkish soldiers") are not theirs."""
    return NameIndex.from_graph(ground_graph(project))


def test_every_pattern_has_a_case():
    covered = {p for case in CASES for p in case.patterns}
    assert [p for p in PATTERNS if p not in covered] == []
    assert len({c.id for c in CASES}) == len(CASES)


def test_negative_cases_name_what_must_not_become_a_name():
    negatives = [c for c in CASES if "negative" in c.patterns]
    assert len(negatives) >= 5 and all(c.absent or c.none_of for c in negatives)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case, index):
    assert case.expect or case.absent or case.none_of, f"{case.id}: a case with nothing to check"
    problems = check(case, index)
    assert problems == [], f"{case.file} {case.id}:\n" + "\n".join(problems)
