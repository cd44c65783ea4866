"""What `conflictkg draft` reads from an article before it is written as Turtle: claims,
participations and facts about events, each with the words it was read from and the review
markers that say what the analyst must check and why.

Names are kept as written here; `conflictkg.submission.draft` links them to nodes of the graph
(or mints new ones) when it writes the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from conflictkg.model.figures import Figure


@dataclass(frozen=True)
class Review:
    """A review marker: what to check (a property's prefixed name, or "node" for the node itself)
    and why, in words specific to this statement ("claimant read from '(per SOHR)'")."""

    check: str
    reason: str

    def text(self) -> str:
        return f"{self.check}: {self.reason}"


@dataclass(frozen=True)
class Name:
    """A name as written, and the kinds of node it may be (actor, place, event, group)."""

    text: str
    kinds: tuple[str, ...] = ("actor",)


@dataclass
class ClaimSpec:
    """A claim as read: every field optional but the measure, the section and the quote."""

    measure: str  # measure slug
    section: str  # "Infobox", "Lead" or a heading
    quote: str  # verbatim words of the article
    about: Name | None = None  # None: the article's event
    claimant: Name | None = None  # None: the article's own voice
    figure: Figure | None = None
    figure_text: str | None = None
    counted: str | None = None  # counted slug (None: people)
    side: int | None = None
    group: str | None = None  # the group the figure counts, as written
    stance: str = "asserts"
    hedges: list[str] = field(default_factory=list)
    object: Name | None = None
    text_value: str | None = None
    time_value: str | None = None  # "2024-11-20T13:30:00"
    time_zone: str | None = None
    claim_date: tuple[str, str] | None = None  # (ISO date, precision slug)
    reference_date: tuple[str, str] | None = None  # (ISO date, precision): the day the content refers to
    stated_to: Name | None = None
    breakdown_of: "ClaimSpec | None" = None
    completeness: str | None = None  # on a total: partial | complete
    revises: "ClaimSpec | None" = None
    disputes: "ClaimSpec | None" = None
    reviews: list[Review] = field(default_factory=list)
    comment: str = ""  # what the draft says next to the claim
    ref: str | None = None  # set by the writer: the claim's reference in the draft
    cover: list[str] = field(default_factory=list)  # the words it was read from (for what is left unread)

    def review(self, check: str, reason: str) -> "ClaimSpec":
        r = Review(check, reason)
        if r not in self.reviews:
            self.reviews.append(r)
        return self


@dataclass
class PartSpec:
    """A participation as read."""

    agent: Name | None  # None: ckg:unknownActor
    role: str  # role slug
    section: str
    quote: str
    about: Name | None = None
    side: int | None = None
    parent: "PartSpec | None" = None  # the unit this one is listed under ("*" nesting)
    title: str | None = None  # ckg:positionTitle of the person
    fate: str | None = None  # fate slug
    active_from: tuple[str, str] | None = None  # (ISO date, precision)
    active_until: tuple[str, str] | None = None
    hedge: str | None = None
    support_kind: str | None = None
    supports: list[Name] = field(default_factory=list)
    evidence: ClaimSpec | None = None  # the claim that states it, when someone else says so
    reviews: list[Review] = field(default_factory=list)
    comment: str = ""
    alias: str | None = None  # an abbreviation the source gives with the name ("(YPG)")
    ref: str | None = None

    def review(self, check: str, reason: str) -> "PartSpec":
        r = Review(check, reason)
        if r not in self.reviews:
            self.reviews.append(r)
        return self


@dataclass
class EventFact:
    """A statement about an event (the article's or another): a date, a place, a part-of or a
    relation, an alias, an outcome."""

    prop: str  # ckg:startDate... ckg:location, ckg:partOf, ckg:followedBy, skos:altLabel, ckg:outcome
    value: object  # a Name, a literal text, or (ISO date, precision) for dates
    section: str
    quote: str
    about: Name | None = None
    reviews: list[Review] = field(default_factory=list)
    comment: str = ""


@dataclass
class Unread:
    """Text the draft could not turn into statements, named in its header."""

    section: str
    text: str
    why: str
