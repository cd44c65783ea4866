"""How many claims submissions may add: per submission, and per event over all submissions.

A submission is checked, attributed and additive, but nothing stopped one from adding 1,500
claims to a curated event (its page went from 54 kB to 1.9 MB, and its figures from a dozen
sourced claims to whatever one file said). Two limits, both counted before validation so that an
oversized submission costs nothing to refuse:

- claims in one submission (default 500, `CONFLICTKG_MAX_CLAIMS_PER_SUBMISSION`): split a larger
  one;
- claims about one event added by submissions, the accepted ones (counted from the graph: claims
  about the event named by a `ckg:added` of a `ckg:Submission`) plus this one (default 1000,
  `CONFLICTKG_MAX_SUBMITTED_CLAIMS_PER_EVENT`): past that, the event needs its maintainers, not
  more submissions. Curated claims do not count.

The limits are read from the environment of the process that runs `submit` (or `serve`), so the
people who run the graph set them; a value that is not a whole number of at least 1 is an error.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF

from conflictkg.core.errors import UserError
from conflictkg.model.names import qname
from conflictkg.model.namespaces import CKG
from conflictkg.submission.problems import Refused

ENV_PER_SUBMISSION = "CONFLICTKG_MAX_CLAIMS_PER_SUBMISSION"
ENV_PER_EVENT = "CONFLICTKG_MAX_SUBMITTED_CLAIMS_PER_EVENT"
DEFAULT_PER_SUBMISSION = 500
DEFAULT_PER_EVENT = 1000


@dataclass(frozen=True)
class ClaimLimits:
    per_submission: int = DEFAULT_PER_SUBMISSION
    per_event: int = DEFAULT_PER_EVENT


def _read(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    text = raw.strip().replace("_", "")
    if not text.isdigit() or int(text) < 1:
        raise UserError(f"{name}={raw[:20]!r} is not a whole number of at least 1 (the default is {default})")
    return int(text)


def claim_limits() -> ClaimLimits:
    """The limits in force: the environment's, else the defaults."""
    return ClaimLimits(_read(ENV_PER_SUBMISSION, DEFAULT_PER_SUBMISSION), _read(ENV_PER_EVENT, DEFAULT_PER_EVENT))


def submitted_claims_about(base: Graph, event) -> int:
    """Claims about `event` that accepted submissions added (curated claims do not count)."""
    return sum(1 for claim in set(base.subjects(CKG.about, event)) if (claim, RDF.type, CKG.Claim) in base
               and any((sub, RDF.type, CKG.Submission) in base for sub in base.subjects(CKG.added, claim)))


def limit_problems(graph: Graph, base: Graph, limits: ClaimLimits | None = None) -> list[str]:
    """One line per limit the submission `graph` goes over, against the project graph `base`."""

    limits = limits or claim_limits()
    claims = set(graph.subjects(RDF.type, CKG.Claim))
    problems = []
    if len(claims) > limits.per_submission:
        problems.append(
            f"{len(claims)} claims in one submission, over the limit of {limits.per_submission} "
            f"({ENV_PER_SUBMISSION}): split it into submissions of at most {limits.per_submission} claims each "
            f"(keeping a claim with the claims it ckg:revises, ckg:disputes or is a ckg:breakdownOf), or ask the "
            f"maintainers of this graph to raise the limit")
    about = Counter(e for c in claims for e in set(graph.objects(c, CKG.about)))
    for event, count in sorted(about.items(), key=lambda kv: str(kv[0])):
        earlier = submitted_claims_about(base, event) if (event, None, None) in base else 0
        if earlier + count > limits.per_event:
            name = qname(event) if (event, None, None) in base else "a new event of the submission"
            problems.append(
                f"{name}: this submission adds {count} claims about it and accepted submissions have added "
                f"{earlier}, over the limit of {limits.per_event} claims that submissions may add to one event "
                f"({ENV_PER_EVENT}): ask the maintainers of this graph to curate the event or to raise the "
                f"limit, rather than adding more")
    return problems


def refuse_over_limits(name: str, graph: Graph, base: Graph) -> None:
    """Raise `Refused` (exit 1) when the submission goes over a claim limit."""
    problems = limit_problems(graph, base)
    if problems:

        raise Refused(name, problems, f"{name}: refused: over a limit on claims; data/ is unchanged")
