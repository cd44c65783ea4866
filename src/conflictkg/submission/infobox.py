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

from conflictkg.submission import lexicon, prose

SEPARATOR = re.compile(r"-{4,}|<hr\s*/?\s*>", re.IGNORECASE)
_DATE_WORDS = r"(?:\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{1,2}(?:,?\s+\d{4})?|[A-Z][a-z]+\s+\d{4}|\d{4}(?:-\d{2}(?:-\d{2})?)?)"
_FROM = re.compile(rf"^(?:from|since|after|joined(?:\s+on)?)\s+(?P<d>{_DATE_WORDS})$", re.IGNORECASE)
_UNTIL = re.compile(rf"^(?:until|till|to|up\s+to|before|left(?:\s+on)?)\s+(?P<d>{_DATE_WORDS})$", re.IGNORECASE)
_FROM_UNTIL = re.compile(rf"^(?:from\s+)?(?P<a>{_DATE_WORDS})\s*(?:–|—|-|until|to)\s*(?P<b>{_DATE_WORDS})$", re.IGNORECASE)
_PER = re.compile(r"^(?:per|according\s+to|sources?:?|as\s+(?:claimed|reported|stated)\s+by|(?:claimed|reported|stated|"
                  r"alleged|accused|blamed|estimated)\s+by|via)\s+(?P<who>.+?)\s*:?$", re.IGNORECASE)
_CLAIM = re.compile(r"^(?P<who>.+?)\s+(?:claims?|figures?|estimates?|sources?|reports?|"
                    r"says|said|reported|claimed|alleged|allegations?)\s*:?$", re.IGNORECASE)
_DENIED = re.compile(r"^(?:denied|disputed|rejected)\s+by\s+(?P<who>.+)$", re.IGNORECASE)
# "(denied)", "(denies involvement)": the item itself denies it.
_SELF_DENIED = re.compile(r"^(?:denied|denies(?:\s+(?:involvement|it|responsibility|taking\s+part))?|"
                          r"involvement\s+denied)$", re.IGNORECASE)
_ALLEGED = re.compile(r"^(?:alleged(?:ly)?|reportedly|reported|unconfirmed|claimed|suspected|presumed|possibly|probably|"
                      r"disputed|unverified|rumou?red)$", re.IGNORECASE)
_POST = re.compile(r"\b(?:commander|chief|head|leader|minister|president|general|colonel|officer|spokes(?:man|person)|"
                   r"director|deputy|emir|governor|secretary|chairman|adviser|advisor|envoy|ambassador)\b", re.IGNORECASE)
# A fate written in words in parentheses after a name -> the FATES key it means.
_FATE_WORDS = {"killed": "KIA", "killed in action": "KIA", "died": "KIA", "dead": "KIA", "executed": "KIA",
               "assassinated": "KIA", "died of wounds": "DOW", "wounded": "WIA", "injured": "WIA",
               "wounded in action": "WIA", "captured": "POW", "taken prisoner": "POW", "prisoner of war": "POW",
               "missing": "MIA", "missing in action": "MIA"}
# What a heading that is none of the above introduces: when-and-where words ("In Syria:", "On 7
# February:", "Phase 1:", "Total:"), or the people the figures under it count ("Civilians:").
_CONTEXT_HEADING = re.compile(r"^(?:in|at|on|during|from|near|inside|outside|before|after|by|within|phase|stage|day|"
                              r"total|overall|first|second|third|initial|later|final|\d)\b", re.IGNORECASE)
_GROUP_HEADING = re.compile(r"^(?:civilians?|military|militaries|combatants?|non-combatants?|soldiers|troops|fighters|"
                            r"personnel|militants|rebels|children|women|men|foreigners|foreign\s+fighters|"
                            r"(?:\w+\s+)?(?:citizens|nationals|civilians|soldiers|troops|fighters|personnel|contractors|"
                            r"mercenaries|servicemen|service\s+members|militiamen))$", re.IGNORECASE)
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9\-]{0,2}[A-Z0-9][A-Za-z0-9\-]{0,6}$")
_SUPPORT = re.compile(r"^(?P<kind>[\w\s-]*?)\s*support$", re.IGNORECASE)
_HEADING = re.compile(r"^(?P<text>[^:()]{2,60}):$")
_SUPPORTED_BY = re.compile(r"^(?:supported|backed|assisted)\s+by$", re.IGNORECASE)
_TRAILING_PARENS = re.compile(r"\s*\((?P<inner>[^()]*)\)\s*$")


def _unmatched_opening(text: str) -> set[int]:
    """Positions of "(" and "[" that no bracket closes ("Unknown (, Supported by:"): rendering debris."""
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in "([":
            stack.append(i)
        elif ch in ")]" and stack:
            stack.pop()
    return set(stack)


def split_outside(text: str, sep: str = ",") -> list[str]:
    """`text` cut at `sep` outside parentheses, and for commas not between digits ("3,159"); a
    bracket that nothing closes opens nothing."""
    unmatched = _unmatched_opening(text)
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([" and i not in unmatched:
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

    kind: str  # claimant | claimant-after | denial | from | until | during | alias | support | title | hedge | fate | note | other
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
    if (fate := _FATE_WORDS.get(text.lower())) is not None:
        return Qualifier("fate", fate, [], raw)  # "(killed)", "(captured)": the fate in words
    if m := _DENIED.match(text):
        return Qualifier("denial", text, _split_whom(m["who"]), raw)
    if re.match(r"^(?:see|cf\.?|note:?|details|more\s+below|below|above)\b", text, re.IGNORECASE):
        return Qualifier("note", text, [], raw)  # "(see Casualties section)": a pointer, nothing about the item
    if _SELF_DENIED.match(text):
        return Qualifier("denial", text, [], raw)  # the item it follows denies it
    if m := _PER.match(text):
        return Qualifier("claimant", text, _split_whom(m["who"]), raw)
    if m := _CLAIM.match(text):
        # "Other sources", "Russian sources", "unofficial Russian claims": a generic attribution is the
        # claimant as the cell names it; "US claim", "SDF figures", "SOHR reports": the one named claims.
        who = re.sub(r"^the\s+", "", m["who"], flags=re.I)
        words = who.split()
        generic = bool(re.search(r"\bsources?\s*:?$", text, re.I)) or words[0][:1].islower() or (
            bool(re.search(r"\breports\s*:?$", text, re.I)) and lexicon.demonym_country(words[0]) is not None)
        if generic:
            return Qualifier("claimant", text, [text.rstrip(" :")], raw)
        return Qualifier("claimant", text, _split_whom(who), raw)
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
    # A title is capitalised or names a post ("2nd Army commander", "head of the operations room"):
    # "(defected)" is none.
    if text and (re.match(r"^[A-Z]|^\d+(?:st|nd|rd|th)\b", text) or _POST.search(text)) and not re.match(r"^\d[\d,.]*(?:\s|$)", text):
        return Qualifier("title", text, [], raw)
    return Qualifier("other", text, [], raw)


_TRAILING_PER = re.compile(r"(?:\s+|\s*[,;–—-]\s*)(?:per|according\s+to|as\s+(?:claimed|reported|stated)\s+by|"
                           r"(?:claimed|reported)\s+by)\s+(?:the\s+)?(?P<who>[A-Z][^()]*?)\s*$")


def heading_kind(words: str) -> str:
    """What a heading ("X:") that names no claimant and no supporters introduces: "context" (a
    time, a place, a phase or a total: "In Syria", "On 7 February", "Total"), "group" (the people
    the figures under it count: "Civilians", "Russian citizens") or "name" (a name: "SOHR",
    "Syrian government", "Syrian Arab Army"; whether it is the claimant of the figures under it or
    the participant they count depends on the cell, and is decided by the drafter)."""
    words = " ".join(words.split())
    if _CONTEXT_HEADING.match(words) or not words[:1].isupper() and not words[:1].isdigit():
        return "context"
    if _GROUP_HEADING.match(words):
        return "group"
    if re.search(r"\d", words):
        return "context"
    return "name"


# The last word of a name that speaks for others (a source) or of one that fights (a unit).
_SOURCE_HEAD = re.compile(
    r"\b(?:ministry|ministries|government|authorities|media|news|agency|observatory|monitor|university|institute|"
    r"network|command|officials?|sources|reports?|press|times|post|journal|television|tv|radio|channel|newspaper|"
    r"centre|center|foundation|watch|committee|organi[sz]ation|office|department|spokes(?:man|person)|presidency|"
    r"embassy|mission|commission|intelligence|analysts?|researchers?|investigation|inquiry|blog|outlet|"
    r"broadcaster|daily|tribune|guardian|herald|gazette|telegraph|review|bbc|cnn|reuters|afp|ap)\b"
    r"(?:\s+(?:of|for|on)\s+[A-Z][\w'\-]*(?:\s+(?:of|for|and|the|[A-Z][\w'\-]*))*)?(?:\s+[A-Z][\w'\-]*)?$",
    re.IGNORECASE,
)
_UNIT_HEAD = re.compile(
    r"\b(?:army|armies|forces?|corps|brigades?|division|regiments?|battalions?|guards?|militias?|group|front|units?|"
    r"movement|party|council|legion|squad(?:ron)?s?|fleet|navy|air\s+force|battalion|company|detachment|"
    r"mercenaries|contractors|fighters|troops|soldiers|militants|rebels|jihadists|hezbollah|hizbullah)\b",
    re.IGNORECASE,
)


_DESIGNATION = re.compile(r"\b[A-Z]{1,4}-\d{1,3}[A-Z]{0,2}\b")
_WEAPON_WORDS = re.compile(r"\b(?:gunships?|howitzers?|HIMARS|MLRS|MANPADS|cruise\s+missiles?|ballistic\s+missiles?|"
                           r"warships?|frigates?|destroyers?|submarines?)\b", re.IGNORECASE)


def is_materiel(text: str) -> bool:
    """Whether an item listed among a side's units is a weapon or a vehicle ("AC-130 gunships",
    "AH-64 Apache helicopters", "Bayraktar TB2 drones", "F-15E") rather than an actor: materiel
    words or a designation, and no word of a unit ("Air Force", "Drone Regiment")."""
    if _UNIT_HEAD.search(text) or re.search(r"\b(?:wing|squadrons?|command|service|aviation|aerospace)\b", text, re.I):
        return False
    return bool(lexicon.counted_in(text) or _DESIGNATION.search(text) or _WEAPON_WORDS.search(text))


def label_kind(text: str) -> str | None:
    """What a name written beside figures ("SOHR: 68 killed", "68 killed (SOHR)") reads as, by its
    words alone: "source" (a monitor, a ministry, a news outlet, an acronym: it says the figure),
    "unit" (an army, a brigade, a group of fighters: the figure counts its losses), "name" (a name
    that is neither by its words: a person, a state) or None (no name: details such as "(T-72
    tanks)", "(mostly civilians)")."""
    words = " ".join(text.split()).strip(" :")
    if not words or re.search(r"\d", words) and not re.fullmatch(r"[A-Z][A-Za-z]*(?:[\s-][A-Z0-9][\w-]*)*", words):
        return None
    if not words[:1].isupper():
        return None
    if _SOURCE_HEAD.search(words):
        return "source"
    if _UNIT_HEAD.search(words):
        return "unit"
    if re.fullmatch(r"[A-Z][A-Z&.\-]{1,9}", words):
        return "source"  # an acronym: "SOHR", "SANA", "CENTCOM"
    if lexicon.counted_in(words) or lexicon.PEOPLE.search(words):
        return None
    if len(words.split()) > 6:
        return None
    return "name"


_NUM = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+"
# Ways of writing a bound or an approximation that the figure reader takes in words: each
# (pattern at the start of a figure, its reading).
_READINGS = [
    (re.compile(r"^(?:>|&gt;)\s*(?=\d)"), "more than "),
    (re.compile(r"^(?:≥|>=|&ge;)\s*(?=\d)"), "at least "),
    (re.compile(r"^(?:<|&lt;)\s*(?=\d)"), "fewer than "),
    (re.compile(r"^(?:≤|<=|&le;)\s*(?=\d)"), "at most "),
    (re.compile(r"^(?:≈|∼|~)\s*(?=\d)"), "~"),
    (re.compile(r"^(?:est\.?|estimated|an\s+estimated|approx\.?|appr\.)\s*(?=\d)", re.IGNORECASE), "about "),
    (re.compile(r"^(?:over|more\s+than|above)\s+(?=\d)", re.IGNORECASE), "more than "),
    (re.compile(r"^(?:almost|nearly|close\s+to|just\s+under)\s+(?=\d)", re.IGNORECASE), "about "),
    (re.compile(r"^no\s+(?=(?:casualties|losses|deaths|fatalities|injuries|dead|killed|wounded|injured)\b)", re.IGNORECASE), "none "),
    (re.compile(r"^no(?:\s+one|body)\s+(?=(?:was\s+|were\s+)?(?:killed|wounded|injured|hurt|captured)\b)", re.IGNORECASE), "none "),
]
_BETWEEN = re.compile(rf"^between\s+(?P<a>{_NUM})\s+and\s+(?P<b>{_NUM})\b", re.IGNORECASE)
_OR_MORE = re.compile(rf"^(?P<a>{_NUM})\s*(?:or\s+more|and\s+more|plus|or\s+above|at\s+least)\b", re.IGNORECASE)
_HUNDREDS = re.compile(r"^(?P<a>[1-9]0*)0s\b")  # "100s", "1000s": hundreds, thousands
_HEDGED = re.compile(r"^(?P<h>reportedly|allegedly|possibly|probably|unconfirmed|unverified)\s+(?=\S)", re.IGNORECASE)


def figure_reading(text: str) -> tuple[str, list[str]]:
    """How to read a figure the way the figure reader reads words: "> 100 killed" as "more than
    100 killed", "est. 200" as "about 200", "between 100 and 200" as "100–200", "100 or more" as
    "100+", "100s" as "hundreds"; a hedge before it ("reportedly 15 killed") is returned apart.
    The text as written is kept by the caller for ckg:figureText."""
    out, hedges = text.strip(), []
    if m := _HEDGED.match(out):
        hedges.append(m["h"].lower())
        out = out[m.end():]
    for rx, words in _READINGS:
        if m := rx.match(out):
            out = words + out[m.end():]
            break
    if m := _BETWEEN.match(out):
        out = f"{m['a']}–{m['b']}" + out[m.end():]
    elif m := _OR_MORE.match(out):
        out = f"{m['a']}+" + out[m.end():]
    elif m := _HUNDREDS.match(out):
        out = {2: "dozens", 3: "hundreds"}.get(len(m["a"]) + 1, "thousands") + out[m.end():]
    return out, hedges


_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*(?P<sign>[+\-−–])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?\b")
_ZONE_NAME = re.compile(r"\b(?:EEST|EET|AST|IRST|IRDT|TRT|MSK|CEST|CET|IDT|IST|EST|EDT|PST|PDT|UTC|GMT|Z)\b")


def time_zone(text: str) -> str | None:
    """The time zone a value gives: an offset in normal form ("UTC+3", "GMT +03:00 (EEST)" ->
    "UTC+03:00"), else a zone's abbreviation as written ("EEST"); None when it gives none."""
    if m := _OFFSET.search(text):
        sign = "+" if m["sign"] == "+" else "-"
        return f"UTC{sign}{int(m['h']):02d}:{m['m'] or '00'}"
    if m := _ZONE_NAME.search(text):
        return "UTC+00:00" if m.group(0) in ("UTC", "GMT", "Z") else m.group(0)
    return None


_PART_OF_DAY = re.compile(r"^(?:(?:the\s+)?(?:night|morning|evening|afternoon|early\s+(?:hours|morning)|dawn)\s+of\s+|"
                          r"overnight\s+)", re.IGNORECASE)
_TIME_IN_DATE = re.compile(r"(?:,?\s*(?:at\s+)?(?:~|c\.\s*|around\s+|about\s+)?(?P<t>\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
                           r"|\d{1,2}\s*[ap]\.?m\.?)(?:\s*(?:local\s+time|hrs|h))?)?"
                           r"(?:\s*\((?P<z>(?:UTC|GMT)[^)]*)\))?\s*$", re.IGNORECASE)


def date_reading(value: str) -> tuple[str, str | None, str | None]:
    """A Date cell as the date reader reads it, with the time of day it gives, if any: "Night of
    7/8 February 2018" is "7–8 February 2018"; "5 October 2023; 1 year ago" is "5 October 2023";
    "5 October 2023 ~13:00 (UTC+3)" is "5 October 2023" at "13:00" in "UTC+03:00". Returns
    (reading, time as written, time zone)."""
    text = " ".join(value.split())
    text = re.split(r"\s*;\s*(?=\d+\s+(?:years?|months?|days?)\s+ago|\()", text)[0]
    text = re.sub(r"\s*\(?\b\d+\s+(?:years?|months?|weeks?|days?)\s+ago\)?\s*$", "", text)
    text = _PART_OF_DAY.sub("", text)
    text = re.sub(r"^(\d{1,2})\s*/\s*(\d{1,2})(?=\s+[A-Z])", r"\1–\2", text)
    time = zone = None
    times = re.findall(r"\b\d{1,2}:\d{2}\b", text)
    if len(times) >= 2:
        # "7 February 2018, 22:00 – 8 February 2018, 03:00 (UTC+3)": the event began at the first time.
        zm = re.search(r"\((UTC[^()]*|GMT[^()]*)\)", text)
        text = re.sub(r",?\s*\b\d{1,2}:\d{2}\b(?:\s*[ap]\.?m\.?)?", "", text)
        text = re.sub(r"\s*\((?:UTC|GMT)[^()]*\)", "", text).strip(" ,")
        return text, times[0], time_zone(zm.group(1)) if zm else None
    m = _TIME_IN_DATE.search(text)
    if m and (m["t"] or m["z"]) and m.start() > 0:
        time, zone = m["t"], time_zone(m["z"]) if m["z"] else None
        text = text[: m.start()].rstrip(" ,")
    return text, time, zone


_PLACE_SURROUNDINGS = re.compile(r"\s+and\s+(?:its|the)\s+(?:surroundings|countryside|environs|outskirts|suburbs|"
                                 r"surrounding\s+(?:areas?|villages|countryside))$|\s+(?:and\s+)?(?:surrounding|nearby)\s+"
                                 r"(?:areas?|villages|countryside)$", re.IGNORECASE)
_PLACE_AROUND = re.compile(r"\s+(?P<w>countryside|outskirts|suburbs|environs|vicinity|area)$", re.IGNORECASE)
_PLACE_SPREAD = re.compile(r"^(?:multiple|several|various|many|numerous|different)\s+(?:locations|sites|places|areas|targets|"
                           r"positions|cities|towns|villages)\s+(?:across|in|throughout|around|of)\s+(?:the\s+)?(?=[A-Z])",
                           re.IGNORECASE)
_PLACE_BANK = re.compile(r"^(?:the\s+)?(?:(?:east|west|north|south)(?:ern)?\s+)?(?:bank|banks|side|shore|coast)\s+of\s+(?:the\s+)?(?=[A-Z])",
                         re.IGNORECASE)


def place_reading(text: str) -> tuple[str, str | None, str]:
    """A place item as a place's name and how it relates to the event: "Manbij and its
    countryside" is at Manbij ("location", and the words left out); "Multiple locations across
    Syria" is in Syria; "east bank of the Euphrates" is near the Euphrates ("near"). Returns
    (name, the words left out or None, relation)."""
    text = " ".join(text.split())
    if m := _PLACE_SPREAD.match(text):
        return text[m.end():], text[: m.end()].strip(), "location"
    if m := _PLACE_BANK.match(text):
        return text[m.end():], text[: m.end()].strip(), "near"
    if (m := _PLACE_SURROUNDINGS.search(text)) and m.start() > 0:
        return text[: m.start()], text[m.start():].strip(), "location"
    if (m := _PLACE_AROUND.search(text)) and m.start() > 0 and text[:1].isupper():
        # "Tell Abyad countryside" is at Tell Abyad, as "Tell Abyad and its countryside" is; "Idlib
        # outskirts" is near Idlib: never a place named with the word.
        near = m.group("w").lower() in ("outskirts", "suburbs", "environs", "vicinity")
        return text[: m.start()], text[m.start():].strip(), "near" if near else "location"
    return text, None, "location"


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
    heading: str | None = None  # "claimant" | "supporters" | "context" | "group" | "name": the item is a heading
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


# Rendering noise beside the icons: an image's file name without its "File:" ("Flag of France.svg"),
# footnote markers ("[a]", "[12]", "[note 1]", "[citation needed]").
_MORE_NOISE = re.compile(
    r"(?:\b[\w'’().-]+(?:[ _][\w'’().-]+){0,6}\.(?:svg|png|jpe?g|gif)\b|"
    r"\[(?:[a-z]|\d{1,3}|(?:note|nb|n)\s*\d{1,3}|citation\s+needed|clarification\s+needed|better\s+source\s+needed|"
    r"dubious[^\]]*|when\?|who\?|by\s+whom\?)\])",
    re.IGNORECASE,
)


def strip_noise(text: str) -> tuple[str, list[str]]:
    """`text` without icon leftovers ("20px", "22px|border", "File:….png", "Flag of X.svg") and
    footnote markers ("[a]", "[12]"), and what was dropped."""
    dropped = [m.group(0) for rx in (lexicon.ICON, _MORE_NOISE) for m in rx.finditer(text) if m.group(0).strip()]
    cleaned = _MORE_NOISE.sub(" ", lexicon.ICON.sub(" ", text))
    cleaned = re.sub(r"\s*\|\s*", " ", cleaned) if dropped else cleaned
    return " ".join(cleaned.split()), dropped


def read_cell(value: str) -> list[Item]:
    """The items of a cell in order, with the blocks separators make, nesting, noise, headings
    and qualifiers. Empty items are kept (text "") so that the caller can report them."""
    items: list[Item] = []
    # A line break the rendering kept as markup ("5 killed<br>12 wounded") ends an item, as a comma does.
    value = re.sub(r"\s*<br\s*/?>\s*", ", ", value, flags=re.IGNORECASE)
    for block, chunk in enumerate(SEPARATOR.split(value)):
        pieces = [p for piece in split_outside(chunk) for p in split_outside(piece, ";")]
        for raw in (r for piece in pieces for part in _claimed_parts(piece) for r in _prefixed(part)):
            # "Turkey, the SNA, and Hezbollah": the "and" of a list's last item is no part of its name.
            raw = re.sub(r"^(\s*[*•·]*\s*)(?:and|&)\s+(?=\S)", r"\1", raw)
            item = _read_item(raw, block)
            if item is None:
                continue
            # A fate written as an item of its own ("Example Name, KIA") is the fate of the item before it.
            if item.fate and not item.text and items and items[-1].block == block and items[-1].text and not items[-1].heading \
                    and items[-1].fate is None:
                items[-1].fate, items[-1].fate_words = item.fate, item.fate_words
                items[-1].raw = f"{items[-1].raw.rstrip()}, {item.raw.strip()}"
                continue
            # "1st Battalion, 75th Ranger Regiment": a numbered subunit is named with the unit it belongs to;
            # on its own ("1st Battalion") it names nothing.
            if item.text and items and items[-1].block == block and not items[-1].heading and items[-1].depth == item.depth \
                    and _NUMBERED_SUBUNIT.fullmatch(items[-1].text) and not _NUMBERED_SUBUNIT.fullmatch(item.text) \
                    and not items[-1].qualifiers and re.match(r"\d|[A-Z]", item.text):
                items[-1].text = f"{items[-1].text}, {item.text}"
                items[-1].raw = f"{items[-1].raw.rstrip()}, {item.raw.strip()}"
                items[-1].qualifiers.extend(item.qualifiers)
                items[-1].fate = items[-1].fate or item.fate
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


_NUMBERED_SUBUNIT = re.compile(r"\d+(?:st|nd|rd|th)\s+(?:Battalion|Company|Squadron|Platoon|Battery|Troop|Detachment)")
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
    # A parenthesis before the figure or name it qualifies: "(per SOHR) 12 killed".
    while (lm := re.match(r"^\((?P<inner>[^()]*)\)\s*(?=\S)", text)) and read_qualifier(lm["inner"]).kind in ("claimant", "hedge", "denial"):
        item.qualifiers.append(read_qualifier(lm["inner"]))
        text = text[lm.end():]
    # A fate after a parenthesis: "Example Shervan (MMC commander) KIA".
    if (m := lexicon.FATE_SUFFIX.search(text)) and text[: m.start()].rstrip().endswith(")"):
        word = m.group(1) or m.group(2)
        item.fate, item.fate_words = lexicon.FATES[word][0], word
        text = text[: m.start()].strip(" ,")
    # Parentheses at the end, innermost last: "Syrian Arab Republic (until 8 December)"; one that
    # says several things at once ("(air support, until 2 December)") gives each.
    while (pm := _TRAILING_PARENS.search(text)) and pm.start() >= 0:
        read = []
        # A semicolon separates what a parenthesis says ("(per SANA; Israel did not comment)"), a comma
        # only when each part reads as something ("(air support, until 2 December)").
        for clause in (c for c in re.split(r"\s*;\s*", pm["inner"]) if c.strip()):
            parts = [p for p in re.split(r"\s*,\s*", clause) if p.strip()]
            split = [read_qualifier(p) for p in parts]
            if len(parts) > 1 and split[-1].kind == "claimant" and all(q.kind == "other" for q in split[:-1]):
                # "(including 5 soldiers, per SANA)": a breakdown, then who gives the figure and its breakdown.
                read += [read_qualifier(", ".join(parts[:-1])), split[-1]]
                continue
            read += split if len(parts) > 1 and all(q.kind not in ("title", "other") for q in split) else [read_qualifier(clause)]
        item.qualifiers[:0] = read
        text = text[: pm.start()].strip()
        if not text:
            break
    # A claimant written after the figure without parentheses: "12 killed per SOHR", "12 killed
    # according to the Syrian government", "12 killed, as reported by SANA".
    if (pm := _TRAILING_PER.search(text)) and pm.start() > 0:
        item.qualifiers.insert(0, Qualifier("claimant", pm.group(0).strip(" ,;–—-"), _split_whom(pm["who"]), pm.group(0).strip(" ,")))
        text = text[: pm.start()].strip(" ,;–—-")
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
            item.heading = heading_kind(words)
        return item
    if m := lexicon.FATE_SUFFIX.search(text):
        word = m.group(1) or m.group(2)
        item.fate, item.fate_words = lexicon.FATES[word][0], word
        text = text[: m.start()].strip(" ,")
        if not text:
            return item  # "KIA" on its own: the fate of the item before it
    if re.fullmatch(r"(?:Lt|Maj|Brig|Gen|Col|Capt|Adm|Cmdr|Sgt)\.?|Lieutenant|Major|Brigadier|General|Colonel|Captain", text):
        item.noise.append(text)
        return item  # a rank without a name
    if m := lexicon.RANK.match(text):
        item.rank = m.group(0).strip()
        text = text[m.end():].strip()
    item.text = re.sub(r"\s+", " ", text).strip(" ,;")
    if not re.search(r"\w", item.text):
        item.noise.append(item.text)
        item.text = ""
    return item


def extend_claimants(items: list[Item]) -> None:
    """A claimant written after the last of several figures covers the unmarked figures listed
    right before it in a block a separator opens ("---- 53 killed, 33 captured (Turkish claim)").
    Elsewhere the rendering has lost where the lines broke: "80–100 killed, 200 wounded (per X)"
    may be one line of X's or two, and lists that tag each line ("222 killed (SDF claim), 14
    captured (SDF claim)") leave an untagged line to the article's own voice; so the figures right
    before it that measure other things keep their claimant and get a qualifier "claimant-after"
    (the drafter marks them for review). A figure of the same measure ("34 killed, 222 killed (SDF
    claim)": two claims) or under a heading is left as it is."""
    def measure(item: Item) -> str | None:
        read = prose.read_figure_phrase(item.text) if prose.split_figures(item.text) else None
        return read[2] if read else None

    for block in sorted({i.block for i in items}):
        in_block = [i for i in items if i.block == block and i.text and not i.heading]
        for k, item in enumerate(in_block):
            marks = [q for q in item.qualifiers if q.kind == "claimant" and "(after it in the same list)" not in q.raw]
            if not marks or len(marks) < len([q for q in item.qualifiers if q.kind == "claimant"]) or k == 0:
                continue
            seen = {measure(item)}
            for earlier in reversed(in_block[:k]):
                if any(q.kind == "claimant" for q in earlier.qualifiers) or earlier.under is not None:
                    break
                m = measure(earlier)
                if block == 0 and (m is None or m in seen):
                    break
                seen.add(m)
                kind = "claimant" if block > 0 else "claimant-after"
                earlier.qualifiers.append(Qualifier(kind, marks[0].value, marks[0].whom,
                                                    marks[0].raw + " (after it in the same list)"))


def leading_hedges(text: str) -> list[str]:
    """The hedge written before an item's figure ("reportedly 15 killed" -> ["reportedly"])."""
    return figure_reading(text)[1]


def figure_parts(text: str) -> list[tuple[str, str]]:
    """The figures of an item, each (as written, as read), reading bounds written as symbols or
    abbreviations ("> 100", "est. 200", "100 or more") as the figure reader reads words."""
    reading, _ = figure_reading(text)
    if reading == text:
        return prose.split_figures(text)
    parts = prose.split_figures(reading)
    if len(parts) == 1:
        return [(text, parts[0][1])]
    if parts and (second := text.find(parts[1][0])) > 0:
        return [(text[:second].strip(" ,"), parts[0][1])] + parts[1:]
    return parts
