"""Reading an infobox cell the way an encyclopedia renders it: a list, not a string.

A cell is cut into blocks at separators (`----`, `<hr>`, `<hr/>`), each block into items at the
commas outside parentheses and numbers ("3,159"), and each item is read for:

- its nesting (`*`, `**`: a unit of the item above it),
- rendering noise that is no part of any name (`20px`, `22px|border`, `File:….png`, `link=`,
  `border`, a lone `'`, empty items), which is dropped and reported,
- headings that introduce the items after them and are never names themselves ("Supported by:",
  "In Syria:", "Per SOHR:"),
- what the source runs onto a name: a fate ("KIA", "WIA"), a rank ("Brig. Gen."), and in
  parentheses, written after it or as an item of its own, a claimant ("(per SOHR)", "(SDF claim)",
  "(Russian claim)", "(per Turkey & SOHR)"), a denial ("(denied by Russia)"), a time in the event
  ("(from 8 December)", "(until 8 December)"), an abbreviation ("(YPG)"), a kind of support
  ("(artillery support)") or a role title ("(Minister of National Defense)").

The reader only splits and labels text; what a label means in the graph is decided by
`conflictkg.submission.draft`, which reports every choice it is not sure of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from conflictkg.submission import lexicon

SEPARATOR = re.compile(r"-{4,}|<hr\s*/?\s*>", re.IGNORECASE)
_DATE_WORDS = r"(?:\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{1,2}(?:,?\s+\d{4})?|[A-Z][a-z]+\s+\d{4}|\d{4}(?:-\d{2}(?:-\d{2})?)?)"
_FROM = re.compile(rf"^(?:from|since|after|joined(?:\s+on)?)\s+(?P<d>{_DATE_WORDS})$", re.IGNORECASE)
_UNTIL = re.compile(rf"^(?:until|till|to|up\s+to|before|left(?:\s+on)?)\s+(?P<d>{_DATE_WORDS})$", re.IGNORECASE)
_FROM_UNTIL = re.compile(rf"^(?:from\s+)?(?P<a>{_DATE_WORDS})\s*(?:–|—|-|until|to)\s*(?P<b>{_DATE_WORDS})$", re.IGNORECASE)
_PER = re.compile(r"^(?:per|according\s+to|source:?)\s+(?P<who>.+?)\s*:?$", re.IGNORECASE)
_CLAIM = re.compile(r"^(?P<who>.+?)\s+(?:claims?|figures?|estimates?|sources?)\s*:?$", re.IGNORECASE)
_DENIED = re.compile(r"^(?:denied|disputed)\s+by\s+(?P<who>.+)$", re.IGNORECASE)
_ALLEGED = re.compile(r"^(?:alleged(?:ly)?|reportedly|unconfirmed|claimed|suspected|presumed|possibly|probably)$", re.IGNORECASE)
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9\-]{0,2}[A-Z0-9][A-Za-z0-9\-]{0,6}$")
_SUPPORT = re.compile(r"^(?P<kind>[\w\s-]*?)\s*support$", re.IGNORECASE)
_HEADING = re.compile(r"^(?P<text>[^:()]{2,60}):$")
_SUPPORTED_BY = re.compile(r"^(?:supported|backed|assisted)\s+by$", re.IGNORECASE)
_TRAILING_PARENS = re.compile(r"\s*\((?P<inner>[^()]*)\)\s*$")


def split_outside(text: str, sep: str = ",") -> list[str]:
    """`text` cut at `sep` outside parentheses, and for commas not between digits ("3,159")."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            if sep == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1 : i + 4].isdigit() \
                    and (i + 4 >= len(text) or not text[i + 4].isdigit()):
                continue
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


@dataclass
class Qualifier:
    """What a parenthesis (or an item of its own) says about the item it follows."""

    kind: str  # claimant | denial | from | until | during | alias | support | title | hedge | other
    value: str  # the words it was read from, inner text of the parenthesis
    whom: list[str] = field(default_factory=list)  # claimants or deniers, as written
    raw: str = ""  # as written, with its parentheses


def read_qualifier(inner: str) -> Qualifier:
    """What the words of a parenthesis say: "per SOHR" is a claimant, "SDF claim" too (with the
    hedge claimed), "denied by Russia" a denial, "from 8 December" a time, "YPG" an abbreviation."""
    text = " ".join(inner.split()).strip(" ,;")
    raw = f"({inner})"
    if text.upper() in lexicon.FATES and text.isupper():
        return Qualifier("fate", text, [], raw)  # "(WIA)": a fate, no abbreviation of a name
    if m := _DENIED.match(text):
        return Qualifier("denial", text, _split_whom(m["who"]), raw)
    if m := _PER.match(text):
        return Qualifier("claimant", text, _split_whom(m["who"]), raw)
    if m := _CLAIM.match(text):
        # "Other sources", "Russian sources": the sources are the claimant, as the cell names them;
        # "US claim", "SDF figures": the one named claims.
        who = text.rstrip(" :") if re.search(r"\bsources?\s*:?$", text, re.I) else m["who"]
        return Qualifier("claimant", text, _split_whom(who) if who == m["who"] else [who], raw)
    if m := _FROM_UNTIL.match(text):
        return Qualifier("during", text, [m["a"], m["b"]], raw)
    if m := _FROM.match(text):
        return Qualifier("from", text, [m["d"]], raw)
    if m := _UNTIL.match(text):
        return Qualifier("until", text, [m["d"]], raw)
    if _ALLEGED.match(text):
        return Qualifier("hedge", text.lower(), [], raw)
    if m := _SUPPORT.match(text):
        return Qualifier("support", text, [m["kind"].strip()], raw)
    if _ABBREVIATION.match(text) and sum(c.isupper() for c in text) >= 2:
        return Qualifier("alias", text, [], raw)
    # A breakdown of the figure before it: "(incl. 31 women and 5 children)", "(of whom 12 civilians)".
    if re.match(r"^(?:including|incl\.?|of\s+whom|of\s+which|among\s+them)\s", text, re.I) and re.search(r"\d", text):
        return Qualifier("other", text, [], raw)
    # Words that are not a figure ("2nd Army commander" is a title, "64 civilians and 16 fighters" is not).
    if text and re.match(r"^[A-Za-z]|^\d+(?:st|nd|rd|th)\b", text) and not re.match(r"^\d[\d,.]*(?:\s|$)", text):
        return Qualifier("title", text, [], raw)
    return Qualifier("other", text, [], raw)


def _split_whom(text: str) -> list[str]:
    """"Turkey & SOHR" -> ["Turkey", "SOHR"]; "other sources close to Turkey" stays whole."""
    parts = re.split(r"\s*(?:&|\band\b|/)\s*", text.strip())
    # A full stop ends an abbreviation ("U.S.") more often than a sentence here: keep it there.
    out = [p.strip() if re.search(r"\b[A-Z]\.$", p.strip()) else p.strip(" .") for p in parts]
    return [p for p in out if p]


@dataclass
class Item:
    """One item of a cell, as read."""

    text: str  # the name or figure, without nesting, noise, rank, fate or parentheses
    raw: str  # as written, for the quote
    block: int  # which separator-delimited block of the cell (0 for the first)
    depth: int = 0  # "*" nesting: 1 for "* X", 2 for "** X"
    heading: str | None = None  # "claimant" | "supporters" | "context": the item is a heading
    qualifiers: list[Qualifier] = field(default_factory=list)
    fate: str | None = None  # fate slug, from "KIA" and the like
    fate_words: str = ""
    rank: str = ""  # "Brig. Gen.", dropped from the name
    noise: list[str] = field(default_factory=list)  # what was dropped as rendering noise
    under: "Item | None" = None  # the heading this item is listed under, if any

    @property
    def is_empty(self) -> bool:
        return not self.text and self.heading is None

    def of_kind(self, kind: str) -> list[Qualifier]:
        return [q for q in self.qualifiers if q.kind == kind]


def strip_noise(text: str) -> tuple[str, list[str]]:
    """`text` without icon leftovers ("20px", "22px|border", "File:….png"), and what was dropped."""
    dropped = [m.group(0) for m in lexicon.ICON.finditer(text) if m.group(0).strip()]
    cleaned = lexicon.ICON.sub(" ", text)
    cleaned = re.sub(r"\s*\|\s*", " ", cleaned) if dropped else cleaned
    return " ".join(cleaned.split()), dropped


def read_cell(value: str) -> list[Item]:
    """The items of a cell in order, with the blocks separators make, nesting, noise, headings
    and qualifiers. Empty items are kept (text "") so that the caller can report them."""
    items: list[Item] = []
    for block, chunk in enumerate(SEPARATOR.split(value)):
        for raw in (r for piece in split_outside(chunk) for part in _claimed_parts(piece) for r in _prefixed(part)):
            item = _read_item(raw, block)
            if item is None:
                continue
            # A parenthesis written as an item of its own qualifies the item before it.
            if not item.text and item.qualifiers and items and items[-1].block == block and not items[-1].heading:
                items[-1].qualifiers.extend(item.qualifiers)
                items[-1].raw = f"{items[-1].raw.rstrip()}, {item.raw.strip()}"
                continue
            items.append(item)
    heading = None
    for item in items:
        if item.heading:
            heading = item
        elif heading is not None and item.block == heading.block:
            item.under = heading
    return items


_PREFIX = re.compile(r"^(?P<head>\s*[*•·]*\s*[^:()\d=|]{2,60}:)\s+(?P<rest>\S.*)$")


def _prefixed(raw: str) -> list[str]:
    """An item with a heading run onto it ("SOHR claim: 31 killed", "Per Turkey: 60 killed",
    "Supported by: Turkey", "In Syria: Hezbollah"): the heading, then the item, as if listed apart.
    Icon leftovers ("File:Flag.png") are no heading."""
    m = _PREFIX.match(raw)
    if m is None or lexicon.ICON.search(raw[: m.end("head") + 4]) or not _HEADING.match(m["head"].strip(" *•·")):
        return [raw]
    return [m["head"], m["rest"]]


def _claimed_parts(raw: str) -> list[str]:
    """"2 (per CENTCOM) to 5 (per local activists)": a claimant's parenthesis closes its figure, and
    what follows it is another figure with its own claimant."""
    out, start = [], 0
    for m in re.finditer(r"\((?P<inner>[^()]*)\)\s*(?:to|–|—|-|and|or|/|;)\s+(?=\S)", raw):
        if read_qualifier(m["inner"]).kind == "claimant" and re.search(r"\d", raw[m.end():]) and re.search(r"\d", raw[start:m.start()]):
            out.append(raw[start:m.start() + len(m.group(0).split(")")[0]) + 1])
            start = m.end()
    out.append(raw[start:])
    return out


def _read_item(raw: str, block: int) -> Item | None:
    text = raw.strip()
    if not text:
        return Item("", raw, block)
    depth = 0
    m = re.match(r"^([*•·]+)\s*", text)
    if m:
        depth = len(m.group(1))
        text = text[m.end():]
    text, noise = strip_noise(text)
    text = text.strip().strip("'\"`").strip()
    item = Item("", raw, block, depth, noise=noise)
    # Parentheses at the end, innermost last: "Syrian Arab Republic (until 8 December)".
    while (pm := _TRAILING_PARENS.search(text)) and pm.start() >= 0:
        item.qualifiers.insert(0, read_qualifier(pm["inner"]))
        text = text[: pm.start()].strip()
        if not text:
            break
    for q in [q for q in item.qualifiers if q.kind == "fate"]:
        item.qualifiers.remove(q)
        item.fate, item.fate_words = lexicon.FATES[q.value][0], q.raw
    # A parenthesis of its own that is all the item says: "(per SOHR)".
    if not text:
        return item
    # "Per Turkey" as an item of its own, without its colon: a heading all the same.
    if re.match(r"^per\s+[A-Z][^\d:]*$", text, re.I):
        text = text + ":"
    if m := _HEADING.match(text):
        words = m["text"].strip()
        item.text = words
        if (q := read_qualifier(words)).kind == "claimant":
            item.heading = "claimant"
            item.qualifiers.insert(0, q)
        elif _SUPPORTED_BY.match(words):
            item.heading = "supporters"
        else:
            item.heading = "context"
        return item
    if m := lexicon.FATE_SUFFIX.search(text):
        if text[: m.start()].strip():
            word = m.group(1) or m.group(2)
            item.fate, item.fate_words = lexicon.FATES[word][0], word
            text = text[: m.start()].strip(" ,")
    if m := lexicon.RANK.match(text):
        item.rank = m.group(0).strip()
        text = text[m.end():].strip()
    item.text = re.sub(r"\s+", " ", text).strip(" ,;")
    if not re.search(r"\w", item.text):
        item.noise.append(item.text)
        item.text = ""
    return item
