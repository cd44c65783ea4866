"""A claim as one readable sentence: "Syrian Observatory for Human Rights said at least 108 people
were killed (according to) — 2024 Palmyra airstrike, Lead section, 2024 Palmyra airstrike
(Wikipedia)".

Claims are read as `{local property name: [values as strings]}` (the shape of
`conflictkg.publish.tables`), with a labels dictionary for the IRIs they name. The figure is the
source's own words (ckg:figureText) when kept, else it is written from the bounds.
"""

from __future__ import annotations

from dataclasses import dataclass

from conflictkg.publish.tables import PERSON, format_figure

# How the count of each measure reads after "N people"; measures not listed read "measure: N".
PASSIVE = {
    "killed": "killed", "injured": "injured", "killed-or-injured": "killed or injured", "missing": "missing",
    "captured": "captured", "arrested": "arrested", "executed": "executed", "displaced": "displaced",
    "held-captive": "held captive", "destroyed": "destroyed", "damaged": "damaged", "lost": "lost",
    "shot-down": "shot down", "intercepted": "intercepted", "launched": "launched", "defected": "defected",
}
VERBS = {"asserts": "said", "confirms": "confirmed", "denies": "denied", "declines-to-comment": "declined to comment on"}


def _slug(iri: str | None) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if iri else ""


def _first(props: dict[str, list[str]], name: str) -> str | None:
    values = props.get(name)
    return values[0] if values else None


@dataclass(frozen=True)
class Where:
    """Where a claim was read: the event, the section and its document (with its publisher)."""

    event: str | None = None
    section: str | None = None
    document: str | None = None
    publisher: str | None = None

    def text(self) -> str:
        parts = [p for p in (self.event, f"{self.section} section" if self.section else None) if p]
        doc = self.document
        if doc and self.publisher and self.publisher.lower() not in doc.lower():
            doc = f"{doc} ({self.publisher})"
        if doc:
            parts.append(doc)
        return ", ".join(parts)


def what_is_claimed(props: dict[str, list[str]], labels: dict[str, str]) -> str:
    """The claim's content without its claimant: "at least 108 people were killed"."""
    measure = _slug(_first(props, "measure"))
    figure = format_figure(props)
    counted_iri = _first(props, "countedThing")
    counted = "people" if not counted_iri or counted_iri == PERSON else (labels.get(counted_iri) or _slug(counted_iri).replace("-", " "))
    whose = [labels.get(g) or _slug(g).replace("-", " ") for g in props.get("appliesTo", ())]
    side = _first(props, "forSide")
    if whose:
        counted = f"{counted} ({', '.join(whose)})" if counted != "people" else ", ".join(whose)
    elif side:
        counted += f" of side {side}"
    if figure and measure in PASSIVE:
        one = figure.strip().lower() in ("1", "one")
        if one and counted == "people":
            counted = "person"
        return f"{figure} {counted} {'was' if one else 'were'} {PASSIVE[measure]}"
    label = labels.get(_first(props, "measure") or "") or measure.replace("-", " ") or "claim"
    if figure:
        return f"{label}: {figure}"
    content = [v for v in props.get("textValue", ())] + [labels.get(o) or _slug(o) for o in props.get("objectValue", ())] \
        + list(props.get("timeValue", ()))
    return f"{label}: {'; '.join(content)}" if content else label


def sentence(props: dict[str, list[str]], labels: dict[str, str], where: Where | None = None) -> str:
    """The whole sentence: claimant, verb (by stance), what, hedge, date, and where it was read."""
    claimant_iri = _first(props, "claimant")
    claimant = labels.get(claimant_iri or "") or (_slug(claimant_iri).replace("-", " ") if claimant_iri else "Someone")
    stance = _slug(_first(props, "stance")) or "asserts"
    what = what_is_claimed(props, labels)
    verb = VERBS.get(stance, "said")
    text = f"{claimant} {verb} {'that ' if stance == 'denies' else ''}{what}"
    # "according to" only says who said it, which the sentence already does.
    hedges = [labels.get(h) or _slug(h).replace("-", " ") for h in props.get("hedge", ()) if _slug(h) != "according-to"]
    if hedges:
        text += f" ({', '.join(hedges)})"
    date = _first(props, "claimDate")
    if date:
        text += f", on {date}"
    if where is not None and where.text():
        text += " — " + where.text()
    return text
