"""Dates as articles write them ("6–7 December 2024", "2021-01-13", "December 2024", "2023–present")
turned into a start date, an optional end date and a precision (day, month or year).

A month- or year-precision date is written as the first day of its month or year, as the ontology
says (ckg:startDate with ckg:datePrecision). Anything the parser does not fully understand is
refused with a ValueError rather than approximated: the caller reports it for a person to fix.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PRECISIONS = ("day", "month", "year")  # finest first

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_RANGE_SEP = re.compile(rf"\s*(?:[{_DASHES}-]|\bto\b|\buntil\b)\s*")
_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_FUZZY = re.compile(r"^(?:early|mid|late|c\.|ca\.|circa|around|about)[\s-]+", re.IGNORECASE)

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?$")
_MONTH_DAY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})$")
_DAY = re.compile(r"^(\d{1,2})$")
_MONTH = re.compile(r"^([A-Za-z]+)\.?$")
_OPEN_END = {"present", "ongoing", "now", "today"}


@dataclass(frozen=True)
class DateSpan:
    """A parsed date: `start`, `end` (None for a single day, month or year, and for an open end),
    the precision of both, whether the end is open ("2023–present") and whether the text hedged
    the date ("mid-December 2024"), which the caller should flag."""

    start: dt.date
    end: dt.date | None
    precision: str
    text: str
    open_end: bool = False
    approximate: bool = False

    def last_day(self) -> dt.date:
        """The last day the span can cover, given its precision (open ends count as their start)."""
        return last_day(self.end or self.start, self.precision)


def last_day(day: dt.date, precision: str) -> dt.date:
    """The last day a date written at `precision` ("day", "month", "year") can stand for."""
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def _month(name: str) -> int:
    month = MONTHS.get(name.lower().rstrip("."))
    if month is None:
        raise ValueError(f"'{name}' is not a month")
    return month


def _make(year: int, month: int = 1, day: int = 1) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{year:04d}-{month:02d}-{day:02d} is not a calendar date") from None


@dataclass
class _Part:
    """One side of a range, possibly incomplete ("6" in "6–7 December 2024")."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"


def _parse_part(text: str) -> _Part:
    text = text.strip().strip(",").strip()
    if m := _ISO_DAY.match(text):
        return _Part(int(m[1]), int(m[2]), int(m[3]))
    if m := _ISO_MONTH.match(text):
        return _Part(int(m[1]), int(m[2]))
    if m := _YEAR.match(text):
        return _Part(int(m[1]))
    if m := _DAY_MONTH_YEAR.match(text):
        return _Part(int(m[3]), _month(m[2]), int(m[1]))
    if m := _MONTH_DAY_YEAR.match(text):
        return _Part(int(m[3]), _month(m[1]), int(m[2]))
    if m := _MONTH_YEAR.match(text):
        return _Part(int(m[2]), _month(m[1]))
    if m := _DAY_MONTH.match(text):
        return _Part(None, _month(m[2]), int(m[1]))
    if m := _MONTH_DAY.match(text):
        return _Part(None, _month(m[1]), int(m[2]))
    if m := _DAY.match(text):
        return _Part(None, None, int(m[1]))
    if m := _MONTH.match(text):
        return _Part(None, _month(m[1]))
    raise ValueError(f"cannot read '{text}' as a date")


def _clean(text: str) -> tuple[str, bool]:
    cleaned = _PAREN.sub(" ", text)
    cleaned = _ORDINAL.sub(r"\1", cleaned)
    cleaned = cleaned.replace("\u00a0", " ").replace(" of ", " ")
    cleaned = re.sub(r",?\s*\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?", " ", cleaned)  # "7 February 2018, 22:00": the day
    cleaned = " ".join(cleaned.split()).strip(" .;,")
    # The American order of a range: "February 7–8, 2018", "February 28 – March 2, 2018".
    if m := re.fullmatch(rf"([A-Za-z]+)\.?\s+(\d{{1,2}})\s*[{_DASHES}-]\s*(?:([A-Za-z]+)\.?\s+)?(\d{{1,2}}),?\s+(\d{{4}})", cleaned):
        cleaned = f"{m[2]} {m[1]} {m[5]} – {m[4]} {m[3] or m[1]} {m[5]}"
    approximate = False
    while m := _FUZZY.match(cleaned):
        approximate = True
        cleaned = cleaned[m.end():]
    return cleaned, approximate


def parse_date(text: str) -> DateSpan:
    """Parse an infobox or prose date; raise ValueError with a reason if it cannot.

    "6–7 December 2024 (1 day)" gives 2024-12-06 to 2024-12-07 at day precision; "December 2024"
    gives 2024-12-01 at month precision; "2023–present" gives 2023-01-01, year precision, open end.
    """
    if text is None or not text.strip():
        raise ValueError("the date is empty")
    cleaned, approximate = _clean(text)
    if not cleaned:
        raise ValueError("the date is empty")
    # ISO dates contain hyphens: read them whole before looking for a range.
    if _ISO_DAY.match(cleaned) or _ISO_MONTH.match(cleaned):
        part = _parse_part(cleaned)
        start = _make(part.year, part.month, part.day or 1)
        return DateSpan(start, None, part.precision, text.strip(), approximate=approximate)
    iso_range = re.match(rf"^(\d{{4}}-\d{{2}}(?:-\d{{2}})?)\s*(?:[{_DASHES}]|\s-\s|/|\bto\b)\s*(\d{{4}}-\d{{2}}(?:-\d{{2}})?)$", cleaned)
    if iso_range:
        pieces = [iso_range[1], iso_range[2]]
    else:
        pieces = [p for p in _RANGE_SEP.split(cleaned) if p is not None]
    if len(pieces) == 1:
        part = _parse_part(pieces[0])
        if part.year is None:
            raise ValueError(f"'{text.strip()}' has no year")
        start = _make(part.year, part.month or 1, part.day or 1)
        return DateSpan(start, None, part.precision, text.strip(), approximate=approximate)
    if len(pieces) != 2 or not pieces[0].strip() or not pieces[1].strip():
        raise ValueError(f"cannot read '{text.strip()}' as a date or a range of two dates")
    left_text, right_text = pieces[0].strip(), pieces[1].strip()
    if right_text.lower() in _OPEN_END:
        left = _parse_part(left_text)
        if left.year is None:
            raise ValueError(f"'{text.strip()}' has no year")
        start = _make(left.year, left.month or 1, left.day or 1)
        return DateSpan(start, None, left.precision, text.strip(), open_end=True, approximate=approximate)
    if _FUZZY.match(right_text):
        approximate = True
        right_text = _FUZZY.sub("", right_text)
    left, right = _parse_part(left_text), _parse_part(right_text)
    if right.year is None:
        raise ValueError(f"'{text.strip()}' has no year at the end of the range")
    # Complete the left side from the right: "6–7 December 2024", "30 November – 2 December 2024".
    if left.year is None:
        left.year = right.year
        if left.month is None and left.day is not None:
            left.month = right.month
    if left.precision != right.precision:
        if left.day is not None and right.day is None or left.day is None and right.day is not None:
            raise ValueError(f"'{text.strip()}' mixes a day and a month in one range")
    if left.month is None and left.day is not None:
        raise ValueError(f"'{text.strip()}' has a day without a month")
    precision = left.precision if PRECISIONS.index(left.precision) >= PRECISIONS.index(right.precision) else right.precision
    start = _make(left.year, left.month or 1, left.day or 1)
    end = _make(right.year, right.month or 1, right.day or 1)
    if end < start:
        raise ValueError(f"'{text.strip()}' ends before it starts")
    return DateSpan(start, None if end == start else end, precision, text.strip(), approximate=approximate)


# --------------------------------------------------------------------------------------------
# An event's dates when a submission refined them
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventDates:
    """The dates an event is read with: `start`, `end` (or None) and `precision` ("day", "month",
    "year"; None when the event has no date)."""

    start: dt.date | None
    end: dt.date | None
    precision: str | None

    def first_day(self) -> dt.date | None:
        return self.start

    def last_day(self) -> dt.date | None:
        return last_day(self.end or self.start, self.precision or "day") if self.start else None


def effective_dates(starts, ends, precisions) -> EventDates:
    """The dates of an event that may carry a curated coarse date and finer ones added by
    submissions (docs/ontology.md, "Enriching an event"). Refinements nest: a finer date lies
    inside the span of the coarser one, and a coarse date is written as the first day of its span,
    so the finest date is the latest start, the latest end and the finest precision. Every reader
    of event dates (stored queries, tables, pages, the duplicate rule) takes them this way.

    `starts`, `ends`: datetime.date values; `precisions`: "day", "month" or "year"."""
    starts, ends = [d for d in starts if d is not None], [d for d in ends if d is not None]
    known = [p for p in precisions if p in PRECISIONS]
    precision = min(known, key=PRECISIONS.index) if known else None
    return EventDates(max(starts) if starts else None, max(ends) if ends else None, precision)


def precision_rank(precision: str) -> int:
    """0 for day, 1 for month, 2 for year: a lower rank is finer."""
    return PRECISIONS.index(precision)
