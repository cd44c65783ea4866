"""Casualty and other figures as articles write them ("108+", "~40", "dozens", "18–27", "more than 50",
"at least 50", "around 3,000") turned into the bounds a ckg:Claim records.

The bounds follow the data model: an exact figure has min = best = max; "108+" and "at least 108"
have only a minimum (qualifier at-least); "more than 108" has the minimum 108 with qualifier
more-than (the bound itself excluded); "around 3,000" has only a best value; "up to 20" only a
maximum; "18–27" a minimum and a maximum ("approximately 100–200" too, qualifier approximately);
"~277+" only a minimum (at least); "dozens" no number at all (unquantified). The text is
always kept as written in `text` (ckg:figureText). Words after the figure ("on 13 January",
"civilians") are returned in `rest` for the caller to deal with: they are never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUALIFIERS = ("exact", "at-least", "more-than", "approximately", "at-most", "range", "unquantified")


@dataclass(frozen=True)
class Figure:
    text: str  # as written (ckg:figureText)
    qualifier: str  # local name of a figure-qualifier concept
    min_value: int | None = None
    best_value: int | None = None
    max_value: int | None = None
    rest: str = ""  # what follows the figure, unparsed ("on 13 January")
    label: str = ""  # a word before the figure ("Total" in "Total – 61")


_WORDS = {
    "zero": 0, "none": 0, "no": 0, "one": 1, "a single": 1, "single": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "one hundred": 100,
}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")[\s-](?:" + "|".join(_UNITS) + r"))|"
    + "|".join(sorted((re.escape(w) for w in _WORDS if w != "no"), key=len, reverse=True))
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
_MULTIPLIER = r"(?:\s*(?:million|thousand|k)\b)?"
# "two hundred", "a hundred and twenty", "three thousand", "twenty-five thousand": numbers in words
# with a multiplier, read whole (never "two" and a group "hundred soldiers").
_SCALED_WORDS = (rf"(?:(?:{_WORD_NUMBER})|an?)\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?(?:{_WORD_NUMBER})(?![\s-]+(?:hundred|thousand)))?")
_NUMBER = rf"(?:{_DIGITS}){_MULTIPLIER}|(?:{_SCALED_WORDS})\b|(?:{_WORD_NUMBER})\b"
_DASH = "[\u2010\u2011\u2012\u2013\u2014\u2015\u2212-]"

# Each pattern reads a qualifier word and the number after it, at the start of the text.
_PREFIXES = [
    ("at-least", r"at\s+least|(?:no|not)\s+(?:fewer|less)\s+than|a\s+minimum\s+of|minimum(?:\s+of)?|min\.?"),
    ("more-than", r"(?:well\s+|just\s+|slightly\s+)?(?:more\s+than|over|above)|upwards\s+of|in\s+excess\s+of|>"),
    ("at-most", r"up\s+to|as\s+many\s+as|as\s+high\s+as|at\s+most|no\s+more\s+than|(?:just\s+|slightly\s+)?(?:fewer\s+than|less\s+than|under|below)|"
                r"a\s+maximum\s+of|maximum(?:\s+of)?|max\.?|<"),
    ("approximately", r"around|about|approximately|approx\.?|roughly|some|nearly|almost|close\s+to|an\s+estimated|estimated|circa|ca\.|c\.|~|\u2248"),
]
_LABEL = re.compile(rf"^(total|overall|in\s+total|a\s+total\s+of)\s*(?::|{_DASH}|=)?\s*", re.IGNORECASE)
_RANGE = re.compile(rf"^(?:between\s+)?(?P<a>{_NUMBER})\s*(?:{_DASH}|\bto\b|\band\b)\s*(?P<b>{_NUMBER})", re.IGNORECASE)
_PLUS = re.compile(rf"^(?P<a>{_NUMBER})\s*\+", re.IGNORECASE)
_PREFIXED = re.compile(
    r"^(?:" + "|".join(f"(?P<q{i}>{p})" for i, (_, p) in enumerate(_PREFIXES)) + rf")\s*(?P<a>{_NUMBER})",
    re.IGNORECASE,
)
_PLAIN = re.compile(rf"^(?P<a>{_NUMBER})", re.IGNORECASE)
_DOZEN = re.compile(r"^(?:(?P<approx>about|around|some|roughly|nearly|almost)\s+)?(?P<n>a|half\s+a|two|three|four|five|six|seven|eight|"
                    r"nine|ten)\s+dozen\b(?!\s+of\b)", re.IGNORECASE)
_DOZENS = {"a": 12, "half a": 6}
_VAGUE = re.compile(
    r"^(?:several\s+(?:dozen|hundred|thousand)s?|dozens|hundreds|thousands|tens\s+of\s+thousands|scores|"
    r"several|many|numerous|multiple|a\s+few|few|some|an\s+unknown\s+number|unknown\s+number|a\s+number)\b",
    re.IGNORECASE,
)
_NONE = re.compile(r"^(?:none|no\s+one|nobody|zero|nil)\b", re.IGNORECASE)


def _number(text: str) -> int | None:
    """The integer a number token stands for, or None for a fraction that is not a count."""
    t = " ".join(text.lower().replace("-", " ").split())
    multiplier = 1
    for word, factor in (("million", 1_000_000), ("thousand", 1_000), ("k", 1_000)):
        if t.endswith(word) and (len(t) == len(word) or not t[-len(word) - 1].isalpha()):
            multiplier, t = factor, t[: -len(word)].strip()
            break
    if t in _WORDS:
        return _WORDS[t] * multiplier
    if t in ("a", "an") and multiplier > 1:
        return multiplier  # "a thousand"
    if m := re.fullmatch(r"(?P<n>.+?)\s+(?P<scale>hundred|thousand|million)(?:\s+(?:and\s+)?(?P<rest>.+))?", t):
        # "two hundred", "a hundred and twenty", "three thousand" (the "thousand" after a number in
        # words is its scale, not the multiplier of digits).
        n = 1 if m["n"] in ("a", "an") else _number(m["n"])
        rest = _number(m["rest"]) if m["rest"] else 0
        if n is None or rest is None:
            return None
        return (n * {"hundred": 100, "thousand": 1000, "million": 1_000_000}[m["scale"]] + rest) * multiplier
    parts = t.split()
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return (_WORDS[parts[0]] + _WORDS[parts[1]]) * multiplier
    t = t.replace(",", "")
    if re.fullmatch(r"\d+", t):
        return int(t) * multiplier
    if re.fullmatch(r"\d+\.\d+", t) and multiplier > 1:
        value = float(t) * multiplier
        return int(value) if value == int(value) else None
    return None


def _rest(text: str, end: int) -> str:
    return text[end:].strip(" \t,;:")


def parse_figure(text: str | None) -> Figure | None:
    """Read the figure at the start of `text`; None if there is none ("unknown", "", "a family").

    Examples: "108+" -> at-least, min 108; "~40" -> approximately, best 40; "dozens" ->
    unquantified; "18–27" -> range 18..27; "more than 50" -> more-than, min 50; "57 on 13 January"
    -> exact 57 with rest "on 13 January"; "Total – 61" -> exact 61 with label "Total".
    """
    if text is None:
        return None
    written = " ".join(text.replace("\u00a0", " ").split())
    if not written:
        return None
    body, label = written, ""
    if m := _LABEL.match(body):
        label = m.group(1)
        body = body[m.end():]
    m = _RANGE.match(body)
    if m and re.match(rf"(?:{'|'.join(_TENS)})-(?:{'|'.join(_UNITS)})\b", body, re.IGNORECASE):
        m = None  # "twenty-five thousand": one number in words, not a range from twenty
    bounds = (_number(m["a"]), _number(m["b"])) if m else (None, None)
    # A descending "range" is no range ("twenty-five" reads as 20 then 5): read the text another way.
    if m and None not in bounds and bounds[0] <= bounds[1]:
        a, b = bounds
        if a == b:
            return Figure(written, "exact", a, a, a, _rest(body, m.end()), label)
        return Figure(written, "range", a, None, b, _rest(body, m.end()), label)
    if m := _PLUS.match(body):
        a = _number(m["a"])
        return None if a is None else Figure(written, "at-least", a, None, None, _rest(body, m.end()), label)
    if m := _DOZEN.match(body):
        # "a dozen", "half a dozen", "two dozen": a round number, read as approximately 12, 6, 24.
        n = " ".join(m["n"].lower().split())
        return Figure(written, "approximately", None, _DOZENS.get(n) or _WORDS[n] * 12, None, _rest(body, m.end()), label)
    if m := _PREFIXED.match(body):
        a = _number(m["a"])
        if a is None:
            return None
        qualifier = next(q for i, (q, _) in enumerate(_PREFIXES) if m[f"q{i}"] is not None)
        rest = _rest(body, m.end())
        if qualifier == "approximately":
            # "Approximately 100–200": an approximate range keeps both bounds; "~277+": an
            # approximate minimum is still an open-ended figure (at least).
            after = body[m.start("a"):]
            if (r := _RANGE.match(after)) and None not in (b := (_number(r["a"]), _number(r["b"]))) and b[0] < b[1]:
                return Figure(written, "approximately", b[0], None, b[1], _rest(after, r.end()), label)
            if (p := _PLUS.match(after)) and _number(p["a"]) == a:
                return Figure(written, "at-least", a, None, None, _rest(after, p.end()), label)
        if qualifier == "at-least":
            return Figure(written, qualifier, a, None, None, rest, label)
        if qualifier == "more-than":
            return Figure(written, qualifier, a, None, None, rest, label)
        if qualifier == "at-most":
            return Figure(written, qualifier, None, None, a, rest, label)
        return Figure(written, qualifier, None, a, None, rest, label)
    if m := _VAGUE.match(body):
        return Figure(written, "unquantified", None, None, None, _rest(body, m.end()), label)
    if m := _NONE.match(body):
        return Figure(written, "exact", 0, 0, 0, _rest(body, m.end()), label)
    if m := _PLAIN.match(body):
        a = _number(m["a"])
        if a is None:
            return None
        return Figure(written, "exact", a, a, a, _rest(body, m.end()), label)
    return None
