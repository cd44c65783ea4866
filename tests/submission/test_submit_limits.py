"""Limits on claims: per submission, and per event over all accepted submissions; `submit`
refuses a submission that goes over one, before validating it, with data/ left as it was."""

from __future__ import annotations

import pytest

from conflictkg.cli import run
from test_submit import PREFIXES, tree, write
from test_submit_identity import copy  # noqa: F401  (the fixture: a project copy with texts/)

ENV_PER_SUBMISSION = "CONFLICTKG_MAX_CLAIMS_PER_SUBMISSION"  # as docs/submitting.md documents them
ENV_PER_EVENT = "CONFLICTKG_MAX_SUBMITTED_CLAIMS_PER_EVENT"


@pytest.fixture(autouse=True)
def default_limits(monkeypatch):
    for name in (ENV_PER_SUBMISSION, ENV_PER_EVENT):
        monkeypatch.delenv(name, raising=False)


def claims(n: int, start: int = 0) -> str:
    """`n` claims about the curated 2024 Palmyra airstrike, each with its own figure, quoting its
    lead verbatim. Named, as a bulk submission's would be: a file of many blank nodes takes the safe
    reader long to compare with its round trip (a blank-node isomorphism)."""
    return PREFIXES + "@prefix claim: <https://w3id.org/conflict-kg/id/claim/> .\n" + "".join(f"""
claim:test-bulk-{i} a ckg:Claim ; ckg:about event:2024-palmyra-airstrike ; ckg:claimant actor:sohr ;
    ckg:source source:wikipedia-2024-palmyra-airstrike-lead ; ckg:measure measure:injured ;
    ckg:minValue "{i}"^^xsd:nonNegativeInteger ; ckg:qualifier qualifier:at-least ; ckg:figureText "at least {i}" ;
    ckg:stance stance:asserts ; ckg:quote "The strikes also injured more than 50 people." .
""" for i in range(start, start + n))


def test_1500_claims_on_a_curated_event_are_refused_by_default(copy, tmp_path, capsys):
    path = write(tmp_path, "bulk.ttl", claims(1500))
    before = tree(copy.data_dir)
    assert run(["submit", str(path), "--author", "a", "--force"]) == 1
    err = capsys.readouterr().err
    assert (f"{path}: 1500 claims in one submission, over the limit of 500 ({ENV_PER_SUBMISSION}): split it into "
            f"submissions of at most 500 claims each") in err
    assert (f"{path}: event:2024-palmyra-airstrike: this submission adds 1500 claims about it and accepted submissions "
            f"have added 0, over the limit of 1000 claims that submissions may add to one event ({ENV_PER_EVENT})") in err
    assert "refused: over a limit on claims; data/ is unchanged" in err and "Traceback" not in err
    assert tree(copy.data_dir) == before


def test_the_limits_are_configurable(copy, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(ENV_PER_SUBMISSION, "2")
    assert run(["submit", str(write(tmp_path, "three.ttl", claims(3))), "--author", "a"]) == 1
    assert "3 claims in one submission, over the limit of 2" in capsys.readouterr().err
    # Per event: what accepted submissions added counts, curated claims do not.
    monkeypatch.setenv(ENV_PER_SUBMISSION, "10")
    monkeypatch.setenv(ENV_PER_EVENT, "3")
    assert run(["submit", str(write(tmp_path, "two.ttl", claims(2))), "--author", "a"]) == 0
    capsys.readouterr()
    before = tree(copy.data_dir)
    assert run(["submit", str(write(tmp_path, "two-more.ttl", claims(2, start=2))), "--author", "a"]) == 1
    err = capsys.readouterr().err
    assert ("event:2024-palmyra-airstrike: this submission adds 2 claims about it and accepted submissions have "
            "added 2, over the limit of 3") in err and "ask the maintainers of this graph" in err
    assert tree(copy.data_dir) == before
    assert run(["submit", str(write(tmp_path, "one-more.ttl", claims(1, start=4))), "--author", "a"]) == 0


@pytest.mark.parametrize("value", ["many", "0", "-5", "1.5"])
def test_a_bad_limit_is_a_one_line_error(copy, tmp_path, capsys, monkeypatch, value):
    monkeypatch.setenv(ENV_PER_EVENT, value)
    assert run(["submit", str(write(tmp_path, "one.ttl", claims(1))), "--author", "a"]) == 2
    err = capsys.readouterr().err
    assert f"{ENV_PER_EVENT}={value!r} is not a whole number of at least 1" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
