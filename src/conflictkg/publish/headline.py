"""An event's figures in one line per comparison key: "Killed: 36–108+ · 3 claimants · contested".

The rules are those of the stored queries `contested-range` (the range) and `is-contested` (the
verdict), applied in Python to an event's claims so that the pages read them from the claims they
already hold. Figures are compared like with like (docs/ontology.md): within one measure, counted
thing (people when absent) and population (the group, else the side, else the whole event).

- **Range.** Of the event's claims with a number, leave out parts of a breakdown
  (ckg:breakdownOf), denials and no-comments, and claims that another claim revises; of a
  claimant's dated claims with the same key keep those of its latest date (undated ones all
  count). The low is the lowest figure a remaining claim states (its minimum, else best, else
  maximum), the high the highest (maximum, else best, else minimum). The high is open-ended
  ("108+") when a claim that gives it states only a minimum ("more than 108").
- **Contested.** Two different claimants give different figures (best, else minimum) for the same
  key, counting every claim that is not a part of a breakdown (as `is-contested`).

Claims are given as `{claim IRI: {local property name: [values as strings]}}`, the shape
`conflictkg.publish.tables` reads them in.
"""

from __future__ import annotations

from dataclasses import dataclass

from conflictkg.publish.tables import NOT_ASSERTED, PERSON, WHOLE_EVENT, Key, claim_figure, comparison_keys, concept_slug

# Casualty and loss measures first, people before materiel (the claims chart's order).
MEASURE_ORDER = ("killed", "injured", "killed-or-injured", "missing", "captured", "arrested", "executed",
                 "displaced", "held-captive", "destroyed", "damaged", "lost", "shot-down")
CASUALTY_MEASURES = frozenset(MEASURE_ORDER)


@dataclass(frozen=True)
class Headline:
    key: Key
    low: int
    high: int
    high_open: bool
    claimants: int  # claimants with a current figure in the range
    claims: int  # claims in the range
    contested: bool

    @property
    def measure(self) -> str:
        return concept_slug(self.key.measure)

    @property
    def is_casualty(self) -> bool:
        return self.measure in CASUALTY_MEASURES

    @property
    def figure(self) -> str:
        """`36–108+`, `4`, `7+`."""
        high = f"{self.high:,}" + ("+" if self.high_open else "")
        return high if self.low == self.high else f"{self.low:,}–{high}"

    def text(self, labels: dict[str, str] | None = None) -> str:
        """`Killed: 36–108+ · 3 claimants · contested`; a group, side or counted thing is named."""
        return f"{self.title(labels)}: {self.figure} · {self.summary}"

    @property
    def summary(self) -> str:
        n = f"{self.claimants} claimant" + ("" if self.claimants == 1 else "s")
        return n + (" · contested" if self.contested else "")

    def title(self, labels: dict[str, str] | None = None) -> str:
        labels = labels or {}
        measure = labels.get(self.key.measure) or self.measure.replace("-", " ")
        title = measure[:1].upper() + measure[1:]
        qualifiers = []
        if self.key.counted != PERSON:
            qualifiers.append(labels.get(self.key.counted) or concept_slug(self.key.counted).replace("-", " "))
        if self.key.population != WHOLE_EVENT:
            pop = self.key.population
            qualifiers.append(pop if pop.startswith("side ") else labels.get(pop) or pop.rsplit("/", 1)[-1])
        return title + (f" ({', '.join(qualifiers)})" if qualifiers else "")


def _value_for_contest(props: dict[str, list[str]]) -> int | None:
    for name in ("bestValue", "minValue"):
        for v in props.get(name, ()):
            try:
                return int(v)
            except ValueError:
                continue
    return None


def headlines(claims: dict[str, dict[str, list[str]]]) -> list[Headline]:
    """One headline per comparison key that has a figure, in reading order: casualty measures
    first (killed, injured...), the whole event before sides and groups, people before things."""
    revised = {old for props in claims.values() for old in props.get("revises", ())}
    # key -> claimant -> [(date or None, claim, figure)]
    current: dict[Key, dict[str, list]] = {}
    contest: dict[Key, set[tuple[str, int]]] = {}
    for claim, props in claims.items():
        if not props.get("measure") or props.get("breakdownOf"):
            continue
        claimant = (props.get("claimant") or [""])[0]
        keys = comparison_keys(props)
        value = _value_for_contest(props)
        if value is not None and claimant:
            for key in keys:
                contest.setdefault(key, set()).add((claimant, value))
        if claim in revised or any(concept_slug(s) in NOT_ASSERTED for s in props.get("stance", ())):
            continue
        figure = claim_figure(props)
        if figure is None:
            continue
        date = (props.get("claimDate") or [None])[0]
        for key in keys:
            current.setdefault(key, {}).setdefault(claimant, []).append((date, claim, figure))
    out = []
    for key, by_claimant in current.items():
        kept = []
        for entries in by_claimant.values():
            dated = [e for e in entries if e[0] is not None]
            latest = max((e[0] for e in dated), default=None)
            kept += [e for e in entries if e[0] is None or e[0] == latest]
        figures = [e[2] for e in kept]
        low = min(f.low for f in figures)
        high = max(f.high for f in figures)
        pairs = contest.get(key, set())
        contested = len({c for c, _ in pairs}) > 1 and len({v for _, v in pairs}) > 1
        out.append(Headline(key, low, high, any(f.open_high and f.high == high for f in figures),
                            len({c for c, entries in by_claimant.items() if any(e in kept for e in entries)}),
                            len({e[1] for e in kept}), contested))
    return sorted(out, key=_order)


def _order(h: Headline):
    m = h.measure
    return (MEASURE_ORDER.index(m) if m in MEASURE_ORDER else len(MEASURE_ORDER), m,
            h.key.counted != PERSON, h.key.counted, h.key.population != WHOLE_EVENT,
            not h.key.population.startswith("side "), h.key.population)
