"""Reading an article's prose, sentence by sentence, for `conflictkg draft`.

Every sentence is read for who says it (the claimant: "according to X", "X said/reported/
claimed/announced/told Y", "X denied", "X declined to comment"; the article's own voice when
nobody is named), how (stance and hedge: "reportedly", "allegedly", "initially ... later adjusted
to", "believed to"), and what: figures with their measure, what they count and whom ("killed at
least 108 people, including 73 Iranian-backed Syrian militiamen"), times of day, dates resolved
against the event ("on 15 January", "the following day"), superlatives ("the deadliest since"),
targets, perpetrators, participants and supporters, other names ("the Syrian National Army
(SNA)"), the events the article's event is part of, follows or precedes. Each becomes a claim,
participation or event statement citing the section, with the sentence as its quote.

What a sentence says that no rule reads is named in the draft's header, with the text, so that
the analyst knows what is left to record by hand. The rules are general patterns of encyclopedia
conflict articles (docs/drafting.md lists them); tests/data/draft/ holds an example of each.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rdflib.namespace import RDF, RDFS, SKOS

from conflictkg.model.figures import Figure, parse_figure
from conflictkg.model.namespaces import CKG
from conflictkg.submission import lexicon
from conflictkg.submission.facts import ClaimSpec, EventFact, Name, PartSpec, Unread

_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                 "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred").split()
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)"
# The words before a figure that bound or approximate it (conflictkg.model.figures reads them).
_QUAL_WORDS = (r"at\s+least|(?:well\s+|just\s+|slightly\s+)?(?:more\s+than|over)|upwards\s+of|in\s+excess\s+of|up\s+to|as\s+many\s+as|as\s+high\s+as|"
               r"around|about|approximately|nearly|almost|close\s+to|some|roughly|an\s+estimated|estimated|a\s+total\s+of|"
               r"(?:no|not)\s+(?:fewer|less)\s+than|(?:just\s+)?(?:fewer|less)\s+than|just\s+under|a\s+minimum\s+of")
_QUAL = rf"(?:(?:{_QUAL_WORDS}|ca\.|c\.|~)\s*)"
VAGUE_WORDS = r"(?:several\s+(?:dozen|hundred|thousand)s?|dozens|hundreds|thousands|scores|several|many|numerous|multiple|a\s+few|some)"
_VAGUE = r"(?:several\s+(?:dozen|hundred|thousand)s?|dozens|hundreds|thousands|tens\s+of\s+thousands|scores|several|many|numerous|multiple|a\s+few|some|an\s+unknown\s+number|unknown\s+number|a\s+number)"
_WORDNUM = r"(?:" + "|".join(_NUMBER_WORDS) + r")(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
_RANGE_TAIL = rf"(?:\s*(?:–|—|-|to|and)\s*{_NUM})?"
# "two hundred", "a hundred and twenty", "three thousand": a number in words with its scale, read whole.
_SCALED = rf"(?:(?:a|an|{_WORDNUM})\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?{_WORDNUM}\b(?![\s-]+(?:hundred|thousand)))?)"
# A figure at the start of a phrase: "Up to 80", "33–34", "~277+", "Dozens of", "None", "two".
_FIGURE_START = re.compile(
    rf"^(?:(?:total|overall)\s*(?:–|—|-|:)?\s*)?(?:{_QUAL}?{_NUM}{_RANGE_TAIL}\+?|{_QUAL}?{_SCALED}\b|{_QUAL}?(?:a\s+)?{_WORDNUM}\b|"
    rf"{_VAGUE}(?:\s+of)?\b|none\b|no\b|a\s+dozen\b)",
    re.IGNORECASE,
)
# Where a new figure starts inside a phrase: a number after "and", or right after the word that says
# what the figure before it measures ("35 killed 30 killed").
_NEXT_FIGURE = re.compile(rf"(?:\s+and\s+|(?:(?<=killed)|(?<=dead)|(?<=wounded)|(?<=injured)|(?<=captured)|(?<=destroyed)|"
                          rf"(?<=lost)|(?<=missing)|(?<=executed))\s+)(?={_QUAL}?{_NUM}\b(?![-–]\w))", re.IGNORECASE)


def first_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[0][1] if sentences else ""


def split_figures(text: str) -> list[tuple[str, str]]:
    """A phrase cut into its figures, each as (as written, as read): "26 artillery guns and 12 MLRS"
    gives two; in "2 SU-24 and 1 L-39 shot down" and "5 Syrian and 2 Turkish civilians killed" the
    words after the last figure are read with the earlier ones too ("5 Syrian" is read as "5 Syrian
    civilians killed")."""
    text = " ".join(text.split())
    if not _FIGURE_START.match(text):
        return []
    cuts = [0] + [m.end() for m in _NEXT_FIGURE.finditer(text) if m.end() > 0]
    parts = []
    for a, b in zip(cuts, cuts[1:] + [len(text)]):
        chunk = text[a:b].strip()
        chunk = re.sub(r"\s+and$", "", chunk).strip(" ,")
        if chunk:
            parts.append(chunk)
    if len(parts) <= 1:
        return [(text, text)] if parts else []
    last = parts[-1]
    m = _FIGURE_START.match(last)
    tail = last[m.end():].strip() if m else ""
    out = []
    for p in parts[:-1]:
        pm = _FIGURE_START.match(p)
        words = p[pm.end():].strip() if pm else p
        reading = p
        if not lexicon.measure_in(words) and tail:
            # What the last figure says it counts, and how, goes for the earlier ones that say neither.
            tail_words = tail.split()
            if words and not lexicon.counted_in(words) and not lexicon.PEOPLE.search(words):
                noun = _head_noun(tail)
                reading = f"{p} {noun} {_after_noun(tail, noun)}".strip() if noun else f"{p} {tail}"
            elif not words:
                reading = f"{p} {tail}"
            else:
                measure = lexicon.measure_in(tail)
                if measure:
                    reading = f"{p} {tail[tail.lower().find(measure[1].lower()):]}"
            del tail_words
        out.append((p, reading))
    out.append((last, last))
    return out


def _head_noun(phrase: str) -> str:
    """The noun a figure's words end on before what happened to them: "Turkish civilians killed by
    shelling" -> "civilians"."""
    m = lexicon.PEOPLE.search(phrase)
    if m:
        return m.group(0)
    c = lexicon.counted_in(phrase)
    return c[1] if c else ""


def _after_noun(phrase: str, noun: str) -> str:
    i = phrase.find(noun)
    return phrase[i + len(noun):].strip() if i >= 0 else ""


@dataclass
class Phrase:
    figure: Figure
    counted: str | None
    measure: str | None
    measure_words: str
    group: str | None
    rest: str


def read_figure_phrase(text: str) -> tuple[Figure, str | None, str | None, str, str | None, str] | None:
    """Read "33–34 soldiers killed", "42 vehicles destroyed", "Dozens of rebels killed", "2 SU-24"
    into (figure, counted thing, measure, measure words, group, words left over). The group is
    the people the figure counts when the words narrow them beyond a side's fighters
    ("civilians", "ISIL fighters"); materiel has a counted thing instead."""
    if isinstance(text, tuple):
        written, reading = text
    else:
        written = reading = text
    reading = " ".join(reading.split())
    hedge_free = re.sub(r"^(?:an\s+)?estimated\s+", "", reading, flags=re.I)
    fig = parse_figure(hedge_free)
    if fig is None:
        m = re.match(r"^a\s+family\s+of\s+(\w+)", hedge_free, re.I)
        if m and (inner := parse_figure(m.group(1))) is not None:
            fig = Figure(written, inner.qualifier, inner.min_value, inner.best_value, inner.max_value, hedge_free[m.end():].strip())
            return fig, None, None, "", "a family of " + m.group(1), fig.rest
        return None
    words = fig.rest
    words = re.sub(r"^(?:of|of\s+the)\s+", "", words, flags=re.I)
    words = re.sub(r"^among\s+(?:the\s+)?", "", words, flags=re.I)  # "60 among the rebels": the rebels, no group "among the rebels"
    rest = ""
    # What the figure counts: materiel words or designations, else people.
    # What it counts is read from its own noun phrase, not from a place or occasion after it ("eight
    # fighters in two separate strikes" counts fighters).
    counted = lexicon.counted_in(re.split(r"\s+(?:in|on|at|near|during|across|inside|around|after|before)\s+", words, maxsplit=1)[0])
    measure_hit = lexicon.measure_in(words)
    measure = measure_hit[0] if measure_hit else None
    measure_words = measure_hit[1] if measure_hit else ""
    noun_part = words
    if measure_hit:
        i = words.lower().find(measure_words.lower())
        noun_part, after = words[:i].strip(), words[i + len(measure_words):].strip()
        rest = after
    else:
        # Words after the noun that are not a measure ("on 13 January") are left over.
        m = re.search(r"\s+(?:on|in|at|near|by|from|during|between)\s+.*$", noun_part)
        if m:
            rest = m.group(0).strip()
            noun_part = noun_part[: m.start()].strip()
    counted_thing = counted[0] if counted and (not measure_hit or words.lower().find(counted[1].lower()) < words.lower().find(measure_words.lower())) else None
    if counted_thing in ("attack",) and measure in ("killed", "injured"):
        counted_thing = None
    group = None
    if counted_thing is None and noun_part:
        noun = re.sub(r"^(?:other|more|further|additional)\s+", "", noun_part.strip(" ,"), flags=re.I)
        # The noun phrase ends where a verb starts: "Russian contractors were among the dead", "citizens may have".
        noun = re.split(r"\s+(?:were|was|had|have|has|are|is|been|may|might|could|would|will|who|which|that|took|participated|"
                        r"numbering|massed|remain(?:ed|s)?|still|later|reportedly|allegedly|also|lost|died|fled)\b", noun)[0]
        noun = noun.strip(" \"'“”‘’")
        if noun and (lexicon.PEOPLE.search(noun) or "/" in noun) and not lexicon.COMBATANT_NOUNS.match(noun) \
                and not lexicon.GENERIC_PEOPLE.match(noun) and len(noun.split()) <= 5:
            group = noun
        elif noun and not lexicon.PEOPLE.search(noun) and not lexicon.GENERIC_PEOPLE.match(noun):
            rest = (noun + " " + rest).strip()
    if counted_thing == "attack" and measure is None:
        measure, measure_words = "strikes", counted[1]
    if measure == "captured" and counted_thing == "square-kilometre":
        measure = "area-captured"
    elif measure == "captured" and counted_thing == "locality":
        measure = "places-captured"
    fig = Figure(written, fig.qualifier, fig.min_value, fig.best_value, fig.max_value, fig.rest, fig.label)
    return fig, counted_thing, measure, measure_words, group, rest


_TIME = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b"
    r"(?:\s*(?:hrs|hours|h)\b)?|\b(?P<word>midnight|noon|midday)\b",
    re.IGNORECASE,
)


def read_time(text: str) -> str | None:
    """"1:30 p.m." -> "13:30"; "11 a.m." -> "11:00"; "00:00 hrs" -> "00:00"; "midnight" -> "00:00"."""
    m = _TIME.search(text)
    if not m:
        return None
    return _time_of(m)


def _time_of(m: re.Match) -> str | None:
    if m.group("word"):
        return "00:00" if m.group("word").lower() == "midnight" else "12:00"
    if m.group("h24") is not None:
        return f"{int(m.group('h24')):02d}:{m.group('m24')}"
    h, mi = int(m.group("h")), int(m.group("m") or 0)
    if h > 12 or mi > 59:
        return None
    pm = m.group("ap").lower().startswith("p")
    if pm and h != 12:
        h += 12
    if not pm and h == 12:
        h = 0
    return f"{h:02d}:{mi:02d}"


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------

_ABBREVIATIONS = {"u.s", "u.k", "u.n", "p.m", "a.m", "gen", "lt", "col", "capt", "maj", "brig", "sgt", "dr", "mr", "mrs",
                  "ms", "st", "no", "vs", "e.g", "i.e", "d.c", "jr", "sr", "adm", "cmdr", "mt", "approx", "ca", "c", "inc",
                  "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


def split_sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of `text` with their offsets; list lines ("- X") are sentences of their own."""
    out: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        start_of_line = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        if re.match(r"^\s*-\s", line):
            out.append((start_of_line, line.strip()))
            continue
        i, start = 0, 0
        while i < len(line):
            ch = line[i]
            if ch in ".!?":
                j = i + 1
                while j < len(line) and line[j] in "\"'”’)":
                    j += 1
                if j >= len(line) or (line[j] == " " and j + 1 < len(line) and (line[j + 1].isupper() or line[j + 1].isdigit()
                                                                          or line[j + 1] in "\"“'(")):
                    word = re.search(r"([\w.]+)$", line[start:i])
                    w = word.group(1).lower().rstrip(".") if word else ""
                    if ch == "." and (w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha())):
                        i += 1
                        continue
                    sentence = line[start:j].strip()
                    if sentence:
                        out.append((start_of_line + start, sentence))
                    start = j + 1
                    i = j + 1
                    continue
            i += 1
        rest = line[start:].strip()
        if rest:
            out.append((start_of_line + start, rest))
    return out


@dataclass
class SectionResult:
    claims: list[ClaimSpec] = field(default_factory=list)
    parts: list[PartSpec] = field(default_factory=list)
    event_facts: list[EventFact] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str | None  # actor, place, event, group; None: a proper name the draft does not know
    known: bool  # found in the graph or the draft
    stand_in: bool = False  # words that stand for the name ("Israeli jets" for Israel), not the name as written

    def name(self) -> Name:
        return Name(self.text, (self.kind,) if self.kind else ("actor",))


@dataclass
class Clause:
    """A stretch of a sentence with one claimant, stance and hedges."""

    start: int
    end: int
    claimant: Name | None = None
    stance: str = "asserts"
    hedges: list[str] = field(default_factory=list)
    verb: str = ""
    stated_to: Name | None = None
    claim_date: tuple[str, str] | None = None
    reviews: list[tuple[str, str]] = field(default_factory=list)
    declined: bool = False
    disputes: bool = False  # "however": sets itself against an earlier claim
    np_start: int | None = None  # where the words naming the claimant start
    about: Name | None = None  # another event the clause is about
    object_it: bool = False  # "X first reported it on ...": the verb's object is the event itself


# Words that begin a sentence without being part of a name.
_LEADING = {"the", "a", "an", "on", "in", "at", "according", "after", "since", "also", "while", "by", "during", "following",
            "with", "as", "around", "about", "later", "before", "when", "however", "therefore", "it", "its", "this", "that",
            "these", "those", "some", "among", "one", "two", "both", "other", "until", "from", "of", "to", "and", "but", "for",
            "he", "she", "they", "there", "his", "her", "their"}
# Sections about what came before the event: who took part in "the operation" there is of another one.
# Lower-case nouns that end a place's name after capitalised words ("Sheikh Najjar district").
_PLACE_NOUNS = {"district", "neighbourhood", "neighborhood", "camp", "airbase", "airport", "dam", "countryside", "governorate",
                "province", "crossing", "hospital", "quarter", "subdistrict"}
_BACKGROUND = re.compile(r"\b(?:background|context|prelude|history|origins?)\b", re.IGNORECASE)
# A transliterated name with its article run on ("al-Bab", "as-Safirah", "wal-Ansar"): a capitalised word.
_ARTICLED = lexicon.ARTICLED_NAME
_NAME_CONNECTORS = {"of", "for", "the", "de", "al", "el", "bin", "ibn", "wal", "ul"}
# Lower-case nouns that end an event's name after capitalised words ("2022 Istanbul bombing",
# "Turkish invasion of Cyprus").
_EVENT_NOUNS = {"bombing", "bombings", "offensive", "invasion", "airstrike", "airstrikes", "attack", "attacks", "massacre",
                "siege", "ceasefire", "war", "conflict", "operation", "intervention", "uprising", "clashes", "crisis", "campaign",
                "raid", "strike", "strikes", "battle"}
_EVENT_WORDS = re.compile(r"\b(?:operation|offensive|battle|bombing|airstrikes?|air\s+raid|strikes?|war|conflict|invasion|"
                          r"ceasefire|crisis|intervention|siege|massacre|clashes|uprising|campaign|attack|raid|capture|fall)\b", re.I)
_PLACE_WORDS = re.compile(r"\b(?:governorate|province|district|city|airport|air\s*base|airbase|base|camp|mountains?|crossing|"
                          r"highway|region|countryside|hospital|hill|canton|village|town|square|citadel|border|river|valley|dam|bridge|"
                          r"prison|university|academy|mosque|stadium|refinery|port|barracks|airfield|checkpoint|castle|fort|"
                          r"lake|island|plain|mount|gate)\b", re.I)
_TITLE_WORDS = re.compile(
    r"\b(?:president|prime\s+minister|minister|secretary[\s-]general|secretary(?:\s+of\s+state)?|spokesman|spokeswoman|spokesperson|"
    r"commander|chief|captain|general|colonel|lieutenant|major|brigadier|admiral|envoy|ambassador|official|"
    r"leader|head|director|deputy|defen[cs]e\s+minister|foreign\s+minister|chairman|governor|mayor|king|emir|sheikh)\b",
    re.IGNORECASE)
_SAY = "|".join(sorted((re.escape(v) for v in lexicon.SAY_VERBS), key=len, reverse=True))
# Adverbs between a speaker and the verb: "also said", "strongly condemned", "later revised"; any
# lower-case word in -ly ("swiftly", "publicly") but the nouns and names that end so ("family", "Italy").
_ADVERBS = r"(?:(?:also|later|however|initially|first|further|generally|officially|previously|then|had|has|have|would|earlier|since|" \
           r"had\s+also|subsequently|publicly|repeatedly|immediately|soon|quickly|" \
           r"(?-i:(?!(?:family|only|ally|assembly|supply|rally|anomaly|daily|weekly|monthly)\b)[a-z]{3,}ly))\s+)*"
_DECLINE = (r"(?:declined|refused)\s+to\s+(?:comment|confirm|respond|discuss|elaborate)|"
            r"(?:did|has|have|had|would|could)\s+not\s+(?:immediately\s+|publicly\s+|officially\s+)?"
            r"(?:comment(?:ed)?|confirm(?:ed)?|acknowledge(?:d)?|respond(?:ed)?\s+to\s+(?:a\s+)?requests?\s+for\s+comment|"
            r"be\s+reached\s+for\s+comment)|(?:would\s+)?neither\s+confirm(?:ed)?\s+nor\s+den(?:y|ied)")
# Words that call a claim untrue: "called the reports false", "dismissed it as propaganda".
_FALSE = r"(?:an?\s+)?[\"“]?(?:false|baseless|fabricated|fabrications?|fake|untrue|lies|propaganda|unfounded|groundless)\b"
_CALLED_FALSE = r"called(?=\s+(?:[\w\"'’-]+\s+){0,8}?" + _FALSE + ")"
_ATTRIB_VERB = re.compile(rf"\b{_ADVERBS}(?:would\s+(?:later\s+)?)?(?P<verb>{_SAY}|{lexicon.REACTION_PATTERN}|called(?=\s+(?:it|this|them|the\s+(?:[\w-]+\s+){{0,2}}?(?:attack|attacks|strike|strikes|airstrikes?|bombing|raid|operation|offensive|incident|killings?|assault|massacre|shelling))\s+(?:an?\s+|[\x22“]|[\w-]+ly\s+|[\w-]+\s+(?:crime|act|violation|massacre|aggression)))|{_CALLED_FALSE}|claim|deny|say|report|confirm|warn|argue|"
                          rf"mention(?:ed)?|suggest(?:ed)?|{_DECLINE}|"
                          rf"(?:gave|put\s+forward|cited|reported)(?=\s+(?:a|the|its|their)\s+(?:(?:higher|lower|new|revised|preliminary|final|total|"
                          rf"updated|different|separate)\s+)?(?:death\s+|casualty\s+)?toll\b)|"
                          rf"(?:raised|revised|updated|lowered|adjusted|increased|put)(?=\s+(?:the|its|their)\s+(?:(?:death\s+|casualty\s+)?(?:toll|count)\b|"
                          rf"number\s+of\s+(?:[\w-]+\s+){{0,3}}?(?:dead|deaths|fatalities|killed|wounded|injured)\b)))\b(?!\s+the\s+lives\s+of)"
                          rf"(?!\s+(?:at\s+least\s+|more\s+than\s+|over\s+|about\s+|some\s+|nearly\s+|up\s+to\s+)?[\w,–-]+\s+(?:more\s+|other\s+"
                          rf"|civilian\s+|innocent\s+)?lives\b)",
                          re.IGNORECASE)
_DATE_TEXT = re.compile(r"\b(?:on\s+)?(?P<date>\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|"
                        r"October|November|December)(?:\s+\d{4})?|(?:January|February|March|April|May|June|July|August|"
                        r"September|October|November|December)\s+\d{1,2}(?:,\s+\d{4})?|(?:January|February|March|April|May|"
                        r"June|July|August|September|October|November|December)\s+\d{4}|\d{4}-\d{2}-\d{2})\b")


def _clean_sentence(sentence: str) -> str:
    # List items of a Reactions section open with a dash, the remains of a flag and sometimes the
    # name of who reacts before a dash ("- – A deputy commander ...", "- Liwa Fatemiyoun – The commander ...").
    if re.match(r"^\s*-\s", sentence):
        sentence = re.sub(r"^\s*-\s*(?:[–—-]\s*)?", "", sentence)
        sentence = re.sub(r"^[^–—.,]{1,60}?\s[–—]\s+(?=[A-Z0-9])", "", sentence)
        sentence = re.sub(r"^[A-Z][^:–—.,;]{0,58}?:\s+(?=[A-Za-z0-9~\"“])", "", sentence)  # "- Iran: The ministry ...", "- SOHR: 12 killed"
    return sentence.strip()


RDF_TYPE = RDF.type
_STOPWORDS = set("""a an the of in on at to by for from with and or but as that which who whom whose this these those it its
their his her he she they was were is are be been being had has have also then there here after before during
since while when where what than so such some any all both each other into onto over under about around between
through across per not no more most very would could should will may might can did do does later that's it's
reportedly allegedly according said says reported""".split())


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ProseReader:
    """Reads the sections of one article, in order (later sentences refer to earlier ones)."""

    def __init__(self, builder):
        self.b = builder
        self.last_person: Name | None = None
        self.last_org: Name | None = None
        self.section_claims: list[ClaimSpec] = []
        self.included: list[ClaimSpec] = []  # the items of "the dead included A and B": parts, never a total
        self.title = builder.article.title
        self.aliases_made = 0
        self.previous_other = False
        self.covered_words: list[str] = []
        self.list_head: str | None = None  # the name the list item being read opens with
        self.speakers: list[Name] = []  # who spoke, in the order the article names them (last: the latest)
        self.speaker_words: list[tuple[str, Name]] = []  # the words each was named by
        self._article_words: str | None = None  # the article's text, for names a description refers back to
        self._labels: list | None = None

    # -- names -------------------------------------------------------------------------------

    def find(self, text: str, kinds=("actor", "place", "event", "group")):
        return self.b.entities.lookup(text, kinds)

    def mentions(self, sentence: str) -> list[Mention]:
        """Names in `sentence`: the longest spans the graph or the draft knows, then other proper
        names (runs of capitalised words, connectors between them)."""
        tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(
            r"[A-Z](?:\.[A-Z])+\.?|[\w\u00C0-\u024F][\w\u00C0-\u024F'’\-]*|\.", sentence)]
        tokens = [t for t in tokens if t[2] != "."]
        out: list[Mention] = []
        # "Israeli jets", "Russian warplanes": the aircraft of a country stand for the country.
        for am in re.finditer(rf"\b(?P<dem>[A-Z][a-z]+|U\.S\.)\s+(?:(?:military|combat|armed|attack|fighter|unmanned)\s+)?"
                              rf"{lexicon.AIRCRAFT_NOUNS}\b", sentence):
            country = lexicon.demonym_country(am.group("dem"))
            if country:
                out.append(Mention(am.start(), am.end(), country, "actor", self.find(country, ("actor",)) is not None, True))
        taken = [(m.start, m.end) for m in out]
        tokens = [t for t in tokens if not any(a <= t[0] < b for a, b in taken)]
        i = 0
        while i < len(tokens):
            tok = tokens[i][2]
            if re.search(r"-(?:based|backed|led|linked|allied|affiliated|controlled|held)$", tok.lower()):
                i += 1  # "The United Kingdom-based Syrian Observatory", "Iran-backed groups": a description
                continue
            starts = tok[:1].isupper() or _ARTICLED.match(tok) or tok[:1].isdigit() and i + 1 < len(tokens) and tokens[i + 1][2][:1].isupper() \
                or tok.lower() in ("central", "northern", "southern", "eastern", "western", "northwestern", "northeastern",
                                   "southwestern", "southeastern", "north", "south", "east", "west")
            if not starts:
                i += 1
                continue
            hit = None
            # "the U.S.-led Coalition", "Saudi-led coalition": a name leading another one with "-led" is
            # part of that name, whether or not the graph knows the leader's name on its own.
            led = re.match(r"[-–]led\s+((?:[A-Z][\w-]*\s*)+|(?:coalition|alliance|forces)\b)", sentence[tokens[i][1]:]) \
                if tok[:1].isupper() and tok.lower() not in _LEADING else None
            if led:
                text = sentence[tokens[i][0]:tokens[i][1] + led.end()].strip()
                link = self.find(text, ("actor",))
                out.append(Mention(tokens[i][0], tokens[i][0] + len(text), text, "actor", link is not None))
                while i < len(tokens) and tokens[i][0] < out[-1].end:
                    i += 1
                continue
            for j in range(min(len(tokens), i + 10), i, -1):
                a, b = tokens[i][0], tokens[j - 1][1]
                text = sentence[a:b]
                link = self.find(text)
                if link is not None:
                    hit = Mention(a, b, text, link.kind, True)
                    i = j
                    break
            if hit:
                # "the U.S.-led Coalition": a known name leading another one is part of that name.
                lm = re.match(r"-led\s+((?:[A-Z][\w-]*\s*)+|(?:coalition|alliance|forces)\b)", sentence[hit.end:])
                if lm:
                    text = sentence[hit.start:hit.end + lm.end()].strip()
                    out.append(Mention(hit.start, hit.start + len(text), text, "actor", self.find(text, ("actor",)) is not None))
                    while i < len(tokens) and tokens[i][0] < hit.start + len(text):
                        i += 1
                    continue
                if re.match(r"[-–—](?:based|backed|led|linked|allied|affiliated|controlled|held|supported)\b", sentence[hit.end:]):
                    continue  # "the United States–backed Syrian Free Army": a description of the name after it
                # "Damascus International Airport", "Aleppo University Hospital": a known name run on into the
                # name of a site is part of that name (the site, not the city).
                site = re.match(r"(?:\s+[A-Z][\w'’-]*){0,3}?\s+(?:International\s+)?(?:Airport|Air\s+Base|Airbase|Military\s+Airport|"
                                r"Governorate|Province|District|Hospital|University|Dam|Bridge|Prison|Mosque|Stadium|Academy|"
                                r"Barracks|Crossing|Refinery|Power\s+Plant|Port)\b", sentence[hit.end:])
                if site and hit.kind in ("place", "actor"):
                    text = sentence[hit.start:hit.end + site.end()]
                    link = self.find(text, ("place",))
                    out.append(Mention(hit.start, hit.start + len(text), text, "place", link is not None))
                    while i < len(tokens) and tokens[i][0] < hit.start + len(text):
                        i += 1
                    continue
                out.append(hit)
                continue
            # An unknown proper name: capitalised words and the connectors between them.
            j = i
            while j < len(tokens):
                t = tokens[j][2]
                if re.search(r"-(?:based|backed|led|linked|allied|affiliated|controlled|held)$", t.lower()):
                    break
                gap = sentence[tokens[j - 1][1]:tokens[j][0]] if j > i else ""
                # "William (Bill) Urban": a nickname in parentheses inside a name; other parentheses end it.
                nick = gap.strip() == "(" and re.match(r"\((?:[A-Z][a-z]+)\)\s+[A-Z]", sentence[tokens[j - 1][1] + gap.find("("):])
                nick_end = gap.strip() == ")" and re.search(r"\s\([A-Z][a-z]+$", sentence[:tokens[j - 1][1]])
                if j > i and gap.strip() not in ("", "'s") and not nick and not nick_end:
                    break
                # "the 2022 Istanbul bombing": a year before capitalised words may begin an event's name.
                year_first = j == i and re.fullmatch(r"(?:19|20)\d\d", t) and j + 1 < len(tokens) and \
                    tokens[j + 1][2][:1].isupper() and re.fullmatch(r"\s+", sentence[tokens[j][1]:tokens[j + 1][0]])
                if t[:1].isupper() or _ARTICLED.match(t) or (t[:1].isdigit() and j > i) or year_first or \
                        (t.lower() in _NAME_CONNECTORS and j > i and j + 1 < len(tokens) and tokens[j + 1][2][:1].isupper()):
                    j += 1
                    continue
                break
            # "Turkish invasion of Cyprus", "2022 Istanbul bombing": an event noun after capitalised words.
            if j < len(tokens) and j > i and tokens[j][2].lower() in _EVENT_NOUNS and \
                    re.fullmatch(r"\s+", sentence[tokens[j - 1][1]:tokens[j][0]]):
                j += 1
                if j + 1 < len(tokens) and tokens[j][2] == "of" and tokens[j + 1][2][:1].isupper():
                    j += 2
            # "the Sheikh Najjar district", "the Kuweires airbase": a place noun after capitalised words names the place.
            elif j < len(tokens) and j > i and tokens[j][2] in _PLACE_NOUNS and re.fullmatch(r"\s+", sentence[tokens[j - 1][1]:tokens[j][0]]):
                j += 1
            k = i
            while k < j and tokens[k][2].lower() in _LEADING:
                k += 1
            # The year is part of an event's name only ("2022 Istanbul bombing"; "In 2022 Turkey ..." is Turkey).
            if k < j and re.fullmatch(r"(?:19|20)\d\d", tokens[k][2]) and tokens[j - 1][2].lower() not in _EVENT_NOUNS:
                k += 1
            if k < j and not tokens[k][2][:1].isupper() and not _ARTICLED.match(tokens[k][2]) and not (re.fullmatch(r"(?:19|20)\d\d", tokens[k][2]) and k + 1 < j):
                k = j
            if k < j and j - k == 2 and lexicon.demonym_country(tokens[k][2]) and tokens[j - 1][2].lower() in _EVENT_NOUNS:
                k = j  # "The Israeli strikes", "a Turkish offensive": a description of the event, not a name
            if k < j and j - k == 1 and tokens[k][2].lower() in _EVENT_NOUNS | {"fighting", "airstrike", "shelling", "bombardment"}:
                k = j  # "Clashes continued ...": a common noun capitalised as the sentence's first word
            if k < j:
                a, b = tokens[k][0], tokens[j - 1][1]
                text = sentence[a:b].strip(" (")
                if text and not re.fullmatch(r"(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|"
                                             r"October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                                             r"Sunday)(?:\s+\d{1,2})?(?:,?\s+\d{4})?", text, re.I) \
                        and not lexicon.AIRCRAFT_DESIGNATION.search(text):
                    # "Both Russia and ...", "Also Hezbollah ...": without the leading word, a name the graph knows.
                    link = self.find(text) if k > i else None
                    out.append(Mention(a, a + len(text), text, link.kind, True) if link is not None else
                               Mention(a, a + len(text), text, self.guess_kind(text, sentence, a), False))
            i = max(j, i + 1)
        out.sort(key=lambda m: m.start)
        # "the towns of as-Safirah and Khanasir": a name the graph does not hold, listed after a place, is one too.
        for prev, m in zip(out, out[1:]):
            if prev.kind == "place" and m.kind == "actor" and not m.known and not m.stand_in and \
                    re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?", sentence[prev.end:m.start]):
                m.kind = "place"
        return out

    def guess_kind(self, text: str, sentence: str, at: int) -> str | None:
        before = sentence[max(0, at - 30):at].lower()
        if _EVENT_WORDS.search(text) and (not _PLACE_WORDS.search(text) or re.search(
                r"\b(?:attack|attacks|bombing|bombings|offensive|strike|strikes|airstrike|airstrikes|massacre|raid|battle|siege)"
                r"(?:\s+\(\d{4}(?:[–-]\d{4})?\))?$", text, re.I)):
            return "event"  # ("the Example Airport attack": an attack, at an airport)
        after = sentence[at + len(text):at + len(text) + 120]
        if re.match(r",\s+an?\s+(?:[\w-]+\s+){0,2}?(?:town|village|city|district|neighbou?rhood|suburb|hamlet)\b", after) or \
                _PLACE_LIST_TAIL.match(after) or \
                re.search(r"\b(?:(?:re)?captured|seized|entered|retook|overran|took\s+(?:control\s+of|over))\s+(?:the\s+)?"
                          r"(?:(?:parts?|most|much)\s+of\s+(?:the\s+)?)?$", before):
            return "place"
        if _PLACE_WORDS.search(text) or re.search(r"\b(?:in|near|at|towards?|outside|(?:city|town|village|district|"
                                                  r"neighbou?rhood)s?\s+of|in\s+both|"
                                                  r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
                                                  r"\s+of)\s+(?:the\s+)?$", before):
            return "place"
        return "actor"

    # -- a section ---------------------------------------------------------------------------

    def read_section(self, section: str, text: str) -> SectionResult:
        result = SectionResult()
        self.section_claims = []
        self.included = []
        low = section.lower()
        if low in ("references", "external links", "notes", "further reading", "sources", "bibliography"):
            return result
        if low == "see also":
            self.see_also(section, text, result)
            return result
        for sentence, head in self._sentences(text):
            self.list_head = head
            before = (len(result.claims), len(result.parts), len(result.event_facts), self.aliases_made)
            try:
                denial = _WHICH_DENIED.match(sentence)
                self.read_sentence(section, denial.group("main") + "." if denial else sentence, result)
                self.denials(section, sentence, denial, result, before[0])
            except Exception as exc:  # noqa: BLE001 - a sentence the rules trip on is reported, never fatal
                result.unread.append(Unread(section, sentence, f"the draft failed on it ({type(exc).__name__})"))
                continue
            after = (len(result.claims), len(result.parts), len(result.event_facts), self.aliases_made)
            if after == before:
                if not any(u.text == sentence for u in result.unread):
                    result.unread.append(Unread(section, sentence, "no rule read it"))
            else:
                rest = self.residue(sentence, result, before)
                if rest and not any(u.text == sentence for u in result.unread):
                    # The sentence whole, so that what it says besides is found where it is said; the words
                    # no statement was read from, to say what is left.
                    result.unread.append(Unread(section, sentence, "read in part; not read: " + " … ".join(f"'{r}'" for r in rest)))
        return result

    def denials(self, section: str, sentence: str, denial: re.Match | None, result: SectionResult, first: int) -> None:
        """Who denies the accusation the sentence or the one before made. "X blamed Y for the attack,
        which Y denied": Y's denial of the same claim (the relative clause is read apart from what it
        denies). "Y denied it" ("the accusation", "the claims") after "X blamed Y": Y's denial of who
        carried the attack out, never a denial of nothing in particular."""
        new = result.claims[first:]
        for c in new:
            c.quote = sentence
        if denial is not None:
            blamed = [c for c in new if c.measure == "perpetrator" and c.object is not None and c.stance == "asserts"]
            who = denial.group("who")
            if not blamed:
                result.unread.append(Unread(section, sentence, f"'{denial.group('rel').strip()}': what {who} denies is not read"))
                return
            for c in blamed[:1]:
                spec = ClaimSpec("perpetrator", section, sentence, claimant=Name(who, ("actor",)), about=c.about, object=c.object,
                                 stance="denies", text_value=_short_value(denial.group("rel").strip(" ,.")),
                                 claim_date=c.claim_date)
                spec.review("ckg:stance", f"'{denial.group('rel').strip(' ,.')}': read as {who}'s denial that {c.object.text} "
                                          f"carried it out, as {c.claimant.text if c.claimant else 'the article'} says")
                spec.cover.append(denial.group("rel"))
                result.claims.append(spec)
                self.section_claims.append(spec)
            return
        for c in new:
            if c.stance == "denies" and c.measure == "statement" and c.object is None and re.fullmatch(
                    r"(?:it|this|that|them|the\s+(?:claims?|accusations?|allegations?|reports?|charges?))", (c.text_value or "").strip(" ."),
                    re.I):
                earlier = next((e for e in reversed(result.claims[:first]) if e.measure == "perpetrator"
                                and e.object is not None and e.stance == "asserts"), None)
                if earlier is not None:
                    c.measure, c.object = "perpetrator", earlier.object
                    c.review("ckg:measure", f"'{c.text_value}' read as the accusation said before, that {earlier.object.text} "
                                            f"carried it out")

    def _sentences(self, text: str):
        """The sentences of a section, each with the name a list item opens with ("- Iran: The
        ministry condemned ...", "- Hezbollah – Its leader said ..."): who the item's sentences speak for."""
        for _, raw in split_sentences(text):
            head = None
            if re.match(r"^\s*-\s", raw):
                hm = re.match(r"^\s*-\s*(?:[–—-]\s*)?(?P<head>[A-Z][^:–—.,;]{0,58}?)\s*(?::|\s[–—])\s+(?=[A-Za-z0-9~\"“])", raw)
                if hm and len(hm.group("head").split()) <= 6:
                    head = hm.group("head").strip()
                item = _clean_sentence(raw)
                parts = [t for _, t in split_sentences(item)] if item else []
            else:
                parts = [raw]
            for sentence in parts:
                sentence = sentence.strip()
                if sentence:
                    yield sentence, head

    def residue(self, sentence: str, result: SectionResult, before: tuple) -> list[str]:
        """The stretches of `sentence` that no drafted statement accounts for: what the analyst should
        still read. A statement accounts for the words it was read from (the claimant and the verb,
        the figure and what it counts, the names it links, the words of its review notes); a
        statement with no more precise measure than "statement" accounts for its whole clause."""
        covered = [False] * len(sentence)

        def cover(text: str | None) -> None:
            if not text:
                return
            text = text.strip(" '\".,")
            if len(text) < 2:
                return
            i = sentence.find(text)
            if i < 0:
                i = sentence.lower().find(text.lower())
            while i >= 0:
                for k in range(i, min(len(sentence), i + len(text))):
                    covered[k] = True
                i = sentence.find(text, i + len(text))

        claims = result.claims[before[0]:]
        parts = result.parts[before[1]:]
        facts = result.event_facts[before[2]:]
        for c in claims:
            for name in (c.claimant, c.object, c.stated_to):
                if name is not None:
                    cover(name.text)
            cover(c.figure_text)
            cover(c.group)
            if c.measure in ("statement", "reaction") or c.measure in ("time-of-day", "weapon") and c.text_value:
                cover(c.text_value)
            for r in c.reviews:
                for q in re.findall(r"'([^']{2,80})'", r.reason):
                    cover(q)
            for w in c.cover:
                cover(w)
        for p in parts:
            if p.agent is not None:
                cover(p.agent.text)
            for r in p.reviews:
                for q in re.findall(r"'([^']{2,80})'", r.reason):
                    cover(q)
        for f in facts:
            cover(f.value.text if isinstance(f.value, Name) else f.value if isinstance(f.value, str) else None)
            cover(f.comment.strip('"'))
            for r in f.reviews:
                for q in re.findall(r"'([^']{2,80})'", r.reason):
                    cover(q)
        for words in self.covered_words:
            cover(words)
        runs, current = [], []
        for ch, hit in zip(sentence, covered):
            if hit or ch in ",;:()\"“”":
                if current:
                    runs.append("".join(current))
                current = []
            else:
                current.append(ch)
        if current:
            runs.append("".join(current))
        out = []
        for run in runs:
            words = [w for w in re.findall(r"[\w’'-]+", run) if w.lower() not in _STOPWORDS]
            if len(words) >= 2 and len(run.split()) >= 3:
                out.append(" ".join(run.split()))
        return out

    def see_also(self, section: str, text: str, result: SectionResult) -> None:
        """"See also" lists related events; an item indented under another is a part of it."""
        stack: list[tuple[int, str]] = []
        for line in text.split("\n"):
            m = re.match(r"^(\s*)-\s+(.+?)\s*$", line)
            if not m:
                continue
            depth, name = len(m.group(1)), m.group(2)
            while stack and stack[-1][0] >= depth:
                stack.pop()
            result.event_facts.append(EventFact("ckg:relatedEvent", Name(name, ("event",)), section, name,
                                                comment=f"See also: {name}"))
            if stack:
                result.event_facts.append(EventFact("ckg:partOf", Name(stack[-1][1], ("event",)), section, name,
                                                    about=Name(name, ("event",)), comment=f"See also: {name}, under {stack[-1][1]}",
                                                    reviews=[_r("ckg:partOf", f"'{name}' is listed under '{stack[-1][1]}' in See also")]))
            stack.append((depth, name))

    # -- a sentence --------------------------------------------------------------------------

    def read_sentence(self, section: str, sentence: str, result: SectionResult) -> None:
        self.covered_words = []
        mentions = self.mentions(sentence)
        for m in mentions:  # names a later "the ministry", "the monitor" may refer to
            if m.known and m.kind == "actor" and not m.stand_in:
                self.speakers = [n for n in self.speakers if n.text != m.text] + [Name(m.text, ("actor",))]
        other = self.about_other_event(sentence, mentions)
        self.previous_other = bool(other)
        if other:
            # A sentence about another event than the article's (its own date, place, toll): the draft
            # does not mint events for these; the header names it for the analyst.
            self.event_relations(section, sentence, mentions, result)
            result.unread.append(Unread(section, sentence, other))
            return
        self.aliases(section, sentence, mentions, result)
        self.event_relations(section, sentence, mentions, result)
        # Parts joined by a semicolon are read as sentences of their own ("According to Russia, ...;
        # SOHR reported ..."), the quote staying the whole sentence.
        clauses = []
        for a, b in _semicolon_parts(sentence):
            sub = [Mention(m.start - a, m.end - a, m.text, m.kind, m.known, m.stand_in) for m in mentions if a <= m.start and m.end <= b]
            for c in self.clauses(sentence[a:b], sub):
                c.start += a
                c.end += a
                clauses.append(c)
        # ", making it the deadliest ...": the article's own comment on what it reports.
        extra = []
        for c in clauses:
            if c.claimant is None:
                continue
            cm = re.search(r",\s+making\s+it\s+", sentence[c.start:c.end])
            if cm:
                extra.append(Clause(c.start + cm.start() + 1, c.end))
                c.end = c.start + cm.start()
        clauses += extra
        # "Since the Gaza war started on 7 October 2023, Israel increased ...": about that event.
        sm = re.match(r"^(?:Since|Before|Prior\s+to)\s+(?:the\s+(?:beginning|start|outbreak)\s+of\s+)?(?:the\s+)?", sentence)
        if sm:
            ev = next((m for m in mentions if m.kind == "event" and m.start == sm.end() and not _same_name(m.text, self.title)), None)
            if ev is not None:
                for c in clauses:
                    c.about = c.about or Name(ev.text, ("event",))
        for clause in clauses:
            # "The following day, SOHR reported ...", "On 17 June, the ministry said ...": when the claim was made.
            if clause.claimant is not None and clause.claim_date is None and clause.start > 0 and clause.verb != "according to":
                when = self.reference_date(sentence[:clause.start])
                if when is not None:
                    clause.claim_date = when[0]
                    clause.reviews = list(clause.reviews) + [("ckg:claimDate", f"'{when[1]}' read as the day the claim was "
                                                                               f"made: {when[0][0]}")]
        for clause in clauses:
            if clause.claimant is not None:
                lo = clause.np_start if clause.np_start is not None else None
                if clause.verb == "according to":
                    am = re.search(r"[Aa]ccording\s+to\s+[^,]*", sentence)
                    if am:
                        self.covered_words.append(am.group(0))
                elif lo is not None:
                    self.covered_words.append(sentence[lo:clause.start])
            # A clause inside another one ("(the ministry announced 33 deaths)") is read on its own.
            nested = [(o.start, o.end) for o in clauses if o is not clause and clause.start <= o.start and o.end <= clause.end
                      and (o.start, o.end) != (clause.start, clause.end)]
            self.read_clause(section, sentence, clause, mentions, result, nested)

    def about_other_event(self, sentence: str, mentions: list[Mention]) -> str:
        """Why a sentence is about another event than the article's, or ""."""
        if re.search(r"\banother\s+(?:\w+\s+)?(?:air\s*strike|strike|attack|raid|bombing|offensive)\b", sentence, re.I):
            return "about another event than the article's (\"another ...\"): record it as an event of its own"
        if re.search(r"\b(?:an?|the)\s+(?:wider|broader|larger|separate|parallel|subsequent)\s+(?:[\w-]+\s+)?(?:offensive|operation|"
                     r"campaign|air\s*strike|strike|attack|raid|bombing|assault)\b", sentence, re.I):
            return ("about another event than the article's (\"a wider ...\", \"a separate ...\"): record it as an event of its own "
                    "if it matters")
        if self.previous_other and re.match(r"^(?:This|It|That)\s+(?:marked|was|became)\b", sentence):
            return "goes on about the other event of the sentence before"
        # "In response, the army shelled ..., killing 20": what answered the event is an event of its own.
        if re.match(r"^(?:In\s+(?:response|retaliation|reprisal)|As\s+(?:a\s+)?(?:response|retaliation|reprisal))\b[^,]*,\s+"
                    r"(?:the\s+)?[^,]{2,80}?\b(?:shelled|struck|bombed|launched|carried\s+out|conducted|attacked|targeted|hit|fired)\b",
                    sentence) and re.search(r"\b(?:killing|killed|wounding|wounded|injuring|injured|dead)\b", sentence):
            return "about the response to the article's event, an event of its own (\"in response, ...\"): record it as one"
        if before := self.dated_before(sentence, mentions):
            return (f"dated before the article's event ('{before}'): what came before it, not drafted as the event's; "
                    "record it by hand if it matters")
        strike_article = self.strike_like()
        if not strike_article and re.search(r"\b(?:carried\s+out|conducted|launched)\s+(?:an?|two|three|several)\s+(?:\w+\s+)?"
                                             r"(?:air\s*strikes?|strikes?|drone\s+strikes?|missile\s+strikes?)\s+on\b", sentence):
            return "a strike of its own within the article's event: record it as an event part of it"
        return ""

    _MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")

    def dated_before(self, sentence: str, mentions: list[Mention]) -> str:
        """The words that date a sentence before the article's event, when it opens with them ("Since
        2019, ...", "In May 2019, ..." for an event of June 2019, "Between 2015 and 2018, ..."), else "".
        A sentence that opens with another event's name ("Since the Gaza war started ...") is read as
        about that event instead; one dated after the event may still be a claim about it (a report
        published later), and is read."""
        start = self.b.event_start
        lead = re.match(r"^(?:Since|In|By|Until|Before|Between|During|From|Throughout|As\s+of|Prior\s+to)\s+(?P<when>[^,;]{0,70}?)\s*,",
                        sentence)
        if start is None or lead is None:
            return ""
        if any(m.kind == "event" and m.start < lead.end() and not _same_name(m.text, self.title) for m in mentions):
            return ""
        dates = list(re.finditer(r"\b(?:(?P<m>January|February|March|April|May|June|July|August|September|October|November|"
                                 r"December)\s+)?(?P<y>(?:19|20)\d{2})\b", lead.group("when")))
        if not dates:
            return ""
        last = dates[-1]  # "Between 2015 and 2018": the later bound decides
        year = int(last.group("y"))
        month = self._MONTHS.index(last.group("m").lower()) + 1 if last.group("m") else None
        if year < start.year or (year == start.year and month is not None and month < start.month):
            return lead.group(0).rstrip(", ")
        return ""

    def strike_like(self) -> bool:
        """Whether the article's event is a strike (its attackers are perpetrators) rather than a
        battle or an offensive (whose sides are combatants)."""
        cls = self.b.event.types[0] if self.b.event.types else ""
        return cls == "ckg:Strike" or (self.b.enriched is not None and "Strike" in str(self.b.graph.value(self.b.enriched, RDF_TYPE)))

    # -- aliases ---------------------------------------------------------------------------

    def aliases(self, section: str, sentence: str, mentions: list[Mention], result: SectionResult) -> None:
        """"the Syrian National Army (SNA; a Turkish-backed coalition)": SNA is another name of it;
        "Operation Claw-Sword (Pençe-Kılıç Operasyonu)" opening the lead: another name of the event."""
        for m in re.finditer(r"\((?P<inner>[^()]{1,80})\)", sentence):
            inner = m.group("inner").split(";")[0].strip()
            before = sentence[:m.start()].rstrip()
            name = next((x for x in reversed(mentions) if x.end == len(before) or x.end == m.start() - 1), None)
            if re.fullmatch(r"[A-Z][A-Za-z]{0,2}[A-Z][A-Z0-9\-]{0,6}", inner) and name is not None:
                if self.b.entities_alias(name.text, name.kind or "actor", inner, section, sentence):
                    self.aliases_made += 1
            elif section == "Lead" and m.start() > 0 and _same_name(before, self.title) and not re.search(r"\d", inner):
                result.event_facts.append(EventFact("skos:altLabel", inner, section, sentence[: m.end()],
                                                    comment=f"another name of the event: \"{sentence[: m.end()]}\""))

    # -- other events ------------------------------------------------------------------------

    def event_relations(self, section: str, sentence: str, mentions: list[Mention], result: SectionResult) -> None:
        """Part of ("during the X", "in the course of the X"), what came before and after ("came
        after the X", "as a direct response to the X", "In response, ... launched X"), and other
        events' dates ("the X began on 27 November", "Since the X started on 7 October 2023")."""
        events = [m for m in mentions if m.kind == "event" and not _same_name(m.text, self.title)]
        year = self.b.event_start.year if self.b.event_start else None
        for m in events:
            before = sentence[max(0, m.start - 40):m.start].lower()
            after = sentence[m.end:m.end + 60]
            name = Name(m.text, ("event",))
            if ym := re.match(r"\s*\((\d{4}(?:\s*[–-]\s*\d{4})?)\)", after):
                name = Name(f"{m.text} ({ym.group(1)})", ("event",))  # "the Example offensive (2021)": the year is part of its name
                after = after[ym.end():]
            if re.search(r"\b(?:during|in\s+the\s+course\s+of|as\s+part\s+of|amid)\s+(?:the\s+)?$", before):
                result.event_facts.append(EventFact("ckg:partOf", name, section, sentence, comment=f"\"{before.strip()} {m.text}\"",
                                                    reviews=[_r("ckg:partOf", f"read from '... {before.split()[-2] if len(before.split()) > 1 else ''} {before.split()[-1] if before.split() else ''} {m.text}'")]))
            elif re.search(r"\b(?:came\s+(?:after|following)|following|in\s+(?:direct\s+)?response\s+to|(?:as\s+)?an?\s+(?:direct\s+)?"
                           r"response\s+to|in\s+(?:retaliation|revenge|reprisal)\s+for|(?:was|were)\s+preceded\s+by|"
                           r"(?:strikes?|operation|offensive|attack|raid|battle|it)\s+followed)\s+(?:the\s+)?$", before):
                result.event_facts.append(EventFact("ckg:precededBy", name, section, sentence, comment=f"\"... {m.text}\"",
                                                    reviews=[_r("ckg:precededBy", f"read from '{before.strip()} {m.text}'")]))
            elif re.search(r"\bin\s+response\b.*\blaunched\s+$", sentence[:m.start].lower()[-80:]) or \
                    re.search(r"\b(?:led\s+to|triggered|prompted|sparked|(?:was|were)\s+followed\s+by)\s+(?:the\s+)?$", before):
                result.event_facts.append(EventFact("ckg:followedBy", name, section, sentence, comment=f"\"... {m.text}\"",
                                                    reviews=[_r("ckg:followedBy", f"read from '{before.strip()} {m.text}'")]))
            if not re.search(r"\b(?:beginning|start|outbreak|since)\s+(?:of\s+)?(?:the\s+)?$", before) and \
                    not re.match(r"^\s*(?:,\s*)?(?:which\s+)?(?:began|started|was\s+launched|broke\s+out|of\s+\d)", after):
                continue
            dm = re.match(r"^\s*(?:,\s*)?(?:(?:which\s+)?(?:began|started|was\s+launched|broke\s+out)\s+(?:on|in)\s+|of\s+|in\s+)"
                          r"(?P<date>\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{4}|\d{4})\b", after)
            if dm:
                span = _read_date(dm.group("date"), year)
                if span:
                    result.event_facts.append(EventFact("ckg:startDate", span, section, sentence, about=name,
                                                        comment=f"\"{m.text}{after[:dm.end()]}\"",
                                                        reviews=[] if re.search(r"\d{4}", dm.group("date")) else
                                                        [_r("ckg:startDate", f"'{dm.group('date')}' gives no year: {year} assumed")]))
        # "which began in 2012 and ended in 2016": an earlier event's years.
        # "It was launched on 27 February 2020": the article's event.
        if m := re.match(r"^(?:It|The\s+(?:operation|offensive|strike|airstrike|attack|battle))\s+(?:was\s+)?(?:launched|began|started)\s+on\s+"
                         r"(?P<date>\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?)", sentence):
            span = _read_date(m.group("date"), year)
            if span:
                result.event_facts.append(EventFact("ckg:startDate", span, section, sentence, comment=f"\"{m.group(0)}\""))

    # -- attribution -------------------------------------------------------------------------

    def claimant_of(self, text: str, mentions: list[Mention], offset: int) -> tuple[Name | None, str, list[tuple[str, str]]]:
        who, words, reviews = self._claimant_of(text, mentions, offset)
        if who is not None:
            self.said_by(" ".join(text.split()), who)
        return who, words, reviews

    def _claimant_of(self, text: str, mentions: list[Mention], offset: int) -> tuple[Name | None, str, list[tuple[str, str]]]:
        """The claimant named by a noun phrase ("The United Kingdom-based Syrian Observatory for Human
        Rights", "Turkish President Recep Tayyip Erdoğan", "Iranian sources", "its report"), the
        words it was read from, and review notes."""
        np = re.sub(r"\s+(?:both|all|each|jointly|together)$", "", text.strip(" ,"))  # "X and Y both denied"
        np = re.sub(r"^(?:[Bb]oth|[Ee]ach\s+of|[Aa]ll\s+of)\s+(?=\S+.*\band\b)", "", np)  # "Both X and Y denied"
        # "Two U.S. officials", "Several Turkish sources": how many speak is no part of who they are.
        np = re.sub(r"^(?i:two|three|four|five|several|some|many|multiple|a\s+few|a\s+number\s+of|\d+)\s+(?=\S.*\b(?i:officials|"
                    r"sources|diplomats|commanders|officers|representatives|spokesmen|analysts|activists|witnesses|residents)$)", "", np)
        reviews: list[tuple[str, str]] = []
        low = np.lower()
        if low in ("he", "she") or low.startswith(("he ", "she ")):
            if self.last_person is not None:
                return self.last_person, np, [("ckg:claimant", f"'{np}' read as {self.last_person.text}, named before")]
            return None, np, []
        if low in ("it", "its report", "the report", "the report also", "its statement", "they") or low.startswith(("its ", "it ")):
            if self.last_org is not None:
                return self.last_org, np, [("ckg:claimant", f"'{np}' read as {self.last_org.text}, named before")]
            return None, np, []
        # "The war monitor", "the ministry", "the Britain-based observatory": a description of a
        # speaker named before, whose name has the same head ("Observatory", "Ministry").
        if back := self.named_before(np):
            return back, np, [("ckg:claimant", f"'{np}' read as {back.text}, named before")]
        # "a Syrian military source told SANA ... the source said": the speaker the same noun described.
        if dm := re.fullmatch(r"(?:the|this|that)\s+(?P<head>source|official|spokes(?:man|woman|person)|witness|resident|activist|"
                              r"commander|officer|doctor|medic|diplomat)", np.strip(), re.I):
            head = dm.group("head").lower()
            for words, name in reversed(self.speaker_words):
                if re.search(rf"\b{head}\b", words, re.I):
                    return name, np, [("ckg:claimant", f"'{np}' read as {name.text}, named before as '{words}'")]
            return Name(head, ("actor",)), np, []  # no one named so before: no clear name, the claim is left out
        # "Iran, Russia and Turkey condemned ...": several speakers the graph or the draft knows, one claim each.
        parts = [p.strip() for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", np.strip()) if p.strip()]
        if len(parts) >= 2:
            inside_all = [m for m in mentions if m.start >= offset and m.end <= offset + len(text) and m.known and m.kind == "actor"]
            names = [next((_strip_article(m.text) for m in inside_all if _strip_article(p) == _strip_article(m.text)), None) for p in parts]
            # "SANA, the Syrian state news agency,": without "and" two names are one speaker and its
            # apposition; names of one node are one speaker.
            nodes = [self.find(n, ("actor",)) for n in names] if all(names) else []
            if all(names) and (not re.search(r"\band\b|&", np) or len({str(getattr(x, "ref", x)) for x in nodes}) < len(names)):
                apposition = names[0]
                names = []
                np = apposition
            # "Egypt, Jordan and the United Arab Emirates condemned ...": proper names joined by "and", each
            # a speaker of its own even when the graph knows none of them (each minted, and marked).
            if not all(names) and re.search(r"\band\b", np) and len(parts) <= 8 and all(
                    re.fullmatch(r"(?:the\s+)?(?:[A-Z][\w.'’-]*|al-[A-Z][\w'’-]*)(?:\s+(?:of\s+|for\s+|the\s+|al-)?[A-Z][\w.'’-]*){0,5}", p)
                    and not _TITLE_WORDS.search(p) for p in parts):
                names = [_strip_article(p) for p in parts]
            if all(names) and names:
                return Name(names[0], ("actor",)), np, [("ckg:claimant", f"one of {len(names)} claimants read from '{np}'")] + \
                    [("__second__", n) for n in names[1:]]
        # "- Iran: The Ministry of Foreign Affairs condemned ...", "- Qatar: Qatar's foreign ministry said": a
        # generic office (its own or the item's name's) speaks for the country or group the list item opens with.
        own = re.sub(r"^(?:the\s+)?" + re.escape(self.list_head) + r"['’]s?\s+", "", np, flags=re.I) if self.list_head else np
        if self.list_head and re.search(r"[A-Za-z]", own) and all(
                w.lower() in _INSTITUTION_WORDS or w.lower() in ("its", "their", "leader", "leadership", "spokesperson", "chief",
                                                                 "policy", "head", "secretary")
                for w in re.findall(r"[\w'’-]+", _strip_article(own))):
            return Name(self.list_head, ("actor",)), np, [("ckg:claimant", f"'{np}' read as {self.list_head}'s, the name "
                                                                           f"the list item opens with")]
        # "the SDF's spokesman", "Hezbollah's media office", "the EU's foreign policy chief": who speaks for the
        # owner, described in lower case; the owner is the claimant.
        if sm := re.match(r"^(?:the\s+)?(?P<owner>[A-Z][^,]*?)['’]s?\s+(?:(?:chief|official|senior|top|main)\s+)?(?:spokes(?:man|woman|person)|"
                          r"press\s+(?:office|service)|media\s+(?:office|centre|center|wing)|officials?|representatives?|"
                          r"(?:foreign|defen[cs]e|security|foreign\s+policy|military|political)\s+(?:chief|head|spokes(?:man|woman|person)|"
                          r"envoy|official|officials|minister|secretary))$", np):
            owner = sm.group("owner")
            return self.claimant_of(owner, mentions, offset + (text.find(owner) if owner in text else 0))[0], np, \
                [("ckg:claimant", f"'{np}' read as said by {owner}")]
        # "An Israeli military spokesman", "a Turkish defence ministry official": who speaks for the body.
        if sm := re.match(r"^(?:an?\s+|the\s+)?(?P<org>[A-Z][\w.-]*\s+(?:[\w-]+\s+){0,2}?(?:military|army|armed\s+forces|ministry|government|"
                          r"police|navy|air\s+force))\s+(?:spokes(?:man|woman|person)|official|press\s+office)$", np):
            org = sm.group("org")
            return self.claimant_of(org, mentions, offset + (text.find(org) if org in text else 0))[0], np, \
                [("ckg:claimant", f"'{np}' read as said by {org}")]
        # "the Islamic State's Amaq News Agency": the name after the possessive is the speaker's own.
        if pm := re.match(r"^(?:the\s+)?(?P<owner>[A-Z][^,]*?)['’]s\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][\w.'’-]*)+)$", np):
            if not all(w.lower() in _INSTITUTION_WORDS for w in pm.group("name").split()):  # "Turkey's Defense Ministry" stays whole
                reviews.append(("ckg:claimant", f"'{np}': {pm.group('name')}, of {pm.group('owner')}"))
                np = pm.group("name")
        # "A military source quoted by SANA": the source says it; who relays it is named for review.
        if qm := re.search(r",?\s+(?:quoted|cited)\s+by\s+(?P<relay>[^,]+),?$", np):
            np = np[:qm.start()].strip(" ,")
            text = text[:text.find(qm.group(0).strip())] if qm.group(0).strip() in text else text
            reviews.append(("ckg:claimant", f"read as {np}'s word, relayed by {qm.group('relay').strip()}"))
        # "Reuters, citing sources close to the group,": who reports it, with the source it cites.
        if cm := re.search(r",\s*(?:citing|quoting)\s+(?P<src>[^,]+),?$", np):
            np = np[:cm.start()].strip(" ,")
            reviews.append(("ckg:claimant", f"read as {np}'s report, which cites {cm.group('src').strip()}"))
        inside = [m for m in mentions if m.start >= offset and m.end <= offset + len(text)]
        # An apposition names the speaker: "The Minister of Settlement Affairs, Tzachi Hanegbi,".
        if "," in np:
            parts = [p.strip() for p in np.split(",") if p.strip()]
            # ("Colonel Hassan Ali, a local commander,": the name after the rank, not the description.)
            parts = [lexicon.RANK.sub("", p) for p in parts]
            person = next((p for p in reversed(parts) if _person_like(p)), None)
            if person:
                np = person
                inside = [m for m in inside if m.text in person or person in m.text]
        # "The Syrian and Russian governments": one claimant each.
        if m := re.match(r"^(?:the\s+)?(\w+)\s+and\s+(\w+)\s+(governments|militaries|armies|ministries|forces)$", np, re.I):
            head = m.group(3)[:-1] if not m.group(3).endswith("ies") else m.group(3)[:-3] + "y"
            return Name(f"{m.group(1)} {head}", ("actor",)), np, [("ckg:claimant", f"one of two claimants read from '{np}'")] \
                + [("__second__", f"{m.group(2)} {head}")]
        whole = _strip_article(np)
        words = re.sub(r"^(?:the\s+)?[\w.\-]+-based\s+", "", whole, flags=re.I).split()
        titled = _titled(words)
        if titled and titled[-1] + 1 < len(words) and _person_like(" ".join(words[titled[-1] + 1:])):
            rest = " ".join(words[titled[-1] + 1:])
            known_person = [m for m in inside if m.known and m.text in rest]
            name = known_person[-1].text if known_person else rest
            self.remember(Name(name), person=True)
            return Name(name, ("actor",)), np, [("ckg:claimant", f"the person named in '{np}'")]
        known = [m for m in inside if m.known and m.kind in ("actor", "group")]
        # "the United States Central Command": a name the graph holds, run on into a longer proper
        # name, is part of that name; the longer name speaks.
        if known and re.match(r"^\s+(?:(?:of|for|and|the|on|in)\s+)*[A-Z][\w.'’-]*(?:\s+(?:(?:of|for|and|the|on|in)\s+)*[A-Z][\w.'’-]*)*"
                              r"(?:\s*\([^()]*\))?\s*$",
                              np[known[-1].end - offset:]) and not _person_like(known[-1].text) \
                and not _TITLE_WORDS.search(np[known[-1].end - offset:]):
            known = []
        # "The U.S. investigation into the incident": the phrase's own head noun, not the name in it, speaks.
        if known and re.search(r"[a-z]{3,}", np[known[-1].end - offset:]) and \
                re.search(r"\b(?:investigation|report|reports|officials?|sources|media|spokes\w+|colonel|commander|statement|"
                          r"outlet|agency|government|governments|ministry|military|army|forces|analysts?|observers|experts?)\b",
                          np[known[-1].end - offset:], re.I) and not _person_like(known[-1].text):
            known = []
        # "Sources close to Hezbollah", "media linked to the group": sources of their own, not the name they are close to.
        if known and re.match(r"^(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:sources?|officials?|media|activists?|outlets?|circles|accounts)\s+"
                              r"(?:close|linked|loyal|affiliated|allied|sympathetic)\s+(?:to|with)\b", _strip_article(np), re.I):
            known = []
        # "A spokesperson for the United States Department of Defense": a spokesman or official of a
        # body the graph does not hold speaks for it; the body is the claimant (as it is when the graph
        # holds it), never the description.
        if not known and (om := re.match(r"^(?:an?\s+|the\s+|one\s+|two\s+|several\s+)?(?:senior\s+|unnamed\s+|anonymous\s+)?"
                                         r"(?:spokes(?:man|woman|person)|officials?|representatives?|press\s+office|"
                                         r"press\s+service|statement|report|communiqu[ée])\s+(?:of|for|from|by|issued\s+by|released\s+by)\s+"
                                         r"(?:the\s+)?(?P<org>[A-Z].*)$",
                                         _strip_article(np) if not np[:1].isupper() else np, re.I)) and \
                re.match(r"[A-Z]", om.group("org")):
            org = om.group("org").strip()
            self.remember(Name(org), person=False)
            return Name(org, ("actor",)), np, reviews + [("ckg:claimant", f"'{np}' read as said by {org}")]
        if known:
            # The speaker is the last name the phrase holds ("U.S. Central Command spokesman ... Urban").
            best = known[-1]
            whole = _strip_article(np)
            if _TITLE_WORDS.search(whole[: max(0, whole.find(best.text))]) and best.kind == "actor":
                self.remember(Name(best.text), person=True)
            else:
                self.remember(Name(best.text), person=_personish(best.text))
            return Name(best.text, ("actor",)), np, reviews
        name = _strip_article(np)
        name = re.sub(r"^(?:the\s+)?[\w.\-]+-based\s+", "", name, flags=re.I)
        # "Kurdish news agency Hawar News Agency", "rights group Amnesty International", "state broadcaster
        # Al-Ikhbariya": a description in lower case before a proper name; the name speaks, never the description.
        if dm := re.fullmatch(r"(?:[A-Z][\w.'’-]*\s+)?(?:[a-z][\w-]*\s+){0,3}?(?P<head>" + _DESCRIPTION_HEADS + r")\s+"
                              r"(?P<name>(?:[A-Z]|al-|Al-)[\w.'’-]*(?:\s+(?:of\s+|for\s+|the\s+|al-)?[A-Z][\w.'’-]*){0,6})", name):
            reviews.append(("ckg:claimant", f"'{np}': read as {dm.group('name')}, the name after the description "
                                            f"'{name[:dm.start('name')].strip()}'"))
            name = dm.group("name")
        # "Turkish President Recep Tayyip Erdoğan": the person after the title words.
        words = name.split()
        titled = _titled(words)
        if titled and titled[-1] + 1 < len(words):
            rest = " ".join(words[titled[-1] + 1:])
            if _person_like(rest):
                self.remember(Name(rest), person=True)
                return Name(rest, ("actor",)), np, [("ckg:claimant", f"the person named in '{np}'")]
        # (A long name is a name when every word of it is: "United Nations Office for the Coordination of
        # Humanitarian Affairs (OCHA)".)
        proper = all(w[:1].isupper() or w.lower() in _NAME_CONNECTORS or w.startswith("(") for w in name.split())
        if not name or len(name.split()) > (14 if proper else 9) or not re.search(r"[A-Za-z]", name):
            return None, np, []
        # "The commander of the Liwa Fatemiyoun": a person by title, whom "he" refers to next.
        self.remember(Name(name), person=_personish(name))
        return Name(name, ("actor",)), np, reviews + [("node", "")]

    def said_by(self, words: str, name: Name) -> None:
        """Keep the words a speaker was named by ("a Syrian military source"), for a later "the source"."""
        self.speaker_words = [(w, n) for w, n in self.speaker_words if w != words][-9:] + [(words, name)]

    def remember(self, name: Name, person: bool) -> None:
        if person:
            self.last_person = name
        else:
            self.last_org = name
        self.speakers = [n for n in self.speakers if n.text != name.text] + [name]

    def named_before(self, np: str) -> Name | None:
        """The speaker named before that a definite description refers to: "the (war) monitor" (an
        observatory or monitor), "the ministry", "the agency", "the observatory", "the army"."""
        m = re.fullmatch(r"(?:the|this)\s+(?:[\w.-]+-based\s+)?(?:(?:war|rights|human\s+rights|state|news|defen[cs]e|health|"
                         r"foreign|interior|opposition|pro-government)\s+)?(?P<head>monitor|observatory|ministry|agency|army|"
                         r"military|government|organi[sz]ation|militia|movement|coalition|alliance|outlet|newspaper|channel|"
                         r"broadcaster|network|group|command)", np.strip(), re.I)
        if not m:
            return None
        head = m.group("head").lower()
        heads = {"monitor": ("monitor", "observatory"), "observatory": ("observatory", "monitor"),
                 "military": ("military", "army", "armed forces"), "organization": ("organization", "organisation"),
                 "organisation": ("organisation", "organization")}.get(head, (head,))
        for name in reversed(self.speakers):
            if any(re.search(rf"\b{h}\b", name.text, re.I) for h in heads):
                return name
        # "Hay'at Tahrir al-Sham launched ... The group said ...": no name has the head, but the head
        # says the kind of actor; the latest of the last three actors named that the graph holds as
        # that kind is meant (an armed group, an armed force, a government, a monitor).
        kind = _HEAD_CLASSES.get(head)
        if kind is not None:
            for name in list(reversed(self.speakers))[:3]:
                link = self.find(name.text, ("actor",))
                if link is not None and link.iri is not None and (link.iri, RDF.type, kind) in self.b.graph:
                    return name
        # No speaker of the prose has that head: an actor the draft linked before (in the infobox: "per
        # SOHR") whose name has it, when exactly one has ("the Observatory" is the SOHR).
        if self._article_words is None:
            art = self.b.article
            self._article_words = " ".join([e.value for e in art.infobox] + [art.lead] + [sec.text for sec in art.sections])
        found = {}
        for node, label in self._actor_labels():
            if any(re.search(rf"\b{h}\b", label, re.I) for h in heads) and any(
                    re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", self._article_words)
                    for n in [label, *map(str, self.b.graph.objects(node, SKOS.altLabel))] if len(n) >= 3):
                found[node] = label
        if len(found) == 1:
            return Name(next(iter(found.values())), ("actor",))
        return None

    def _actor_labels(self) -> list:
        """The graph's actors with their labels (once per draft)."""
        if self._labels is None:
            self._labels = [(node, str(label)) for node, label in self.b.graph.subject_objects(RDFS.label)
                            if self.b.index.kind_of(node) & {"actor"}]
        return self._labels

    def clauses(self, sentence: str, mentions: list[Mention]) -> list[Clause]:
        """The sentence cut where its claimant changes: "According to X, ...", "..., according to X",
        "X said (that) ...", "X denied ...", "X declined to comment", "whereas Y claimed ...", and the
        continuations "but said that", "and that", ", saying that"."""
        clauses: list[Clause] = []
        s = sentence
        # Parenthetical statements of their own: "(the Turkish Ministry of National Defense announced 33 deaths)".
        for pm in re.finditer(r"\((?P<inner>[^()]{10,200})\)", s):
            inner = pm.group("inner")
            am = _ATTRIB_VERB.search(inner)
            if am and _noun_phrase(inner[:am.start()]):
                who, words, reviews = self.claimant_of(inner[:am.start()], mentions, pm.start("inner"))
                if who is not None:
                    stance, hedge = lexicon.SAY_VERBS.get(am.group("verb").lower(), ("asserts", None))
                    rest = re.match(r"\s*(?:that\s+)?", inner[am.end():])
                    clauses.append(Clause(pm.start("inner") + am.end() + rest.end(), pm.end("inner"), who, stance,
                                          [hedge] if hedge else [], am.group("verb"), reviews=reviews))
        boxed = [(pm.start(), pm.end()) for pm in re.finditer(r"\([^()]{10,200}\)", s)] if clauses else []
        # "According to X, S", "According to X S" (X a name), and "S, according to X".
        # ("Per SOHR, ...": "per" at the head of a sentence says the same as "according to".)
        m = re.match(r"^(?:Also\s+)?(?:[Aa]ccording\s+to|Per|As\s+(?:reported|stated|announced|claimed|documented)\s+by)\s+(?P<who>[^,]+?),\s*", s)
        if m and len(m.group("who").split()) > 10:
            m = None
        if m is None and (lead := re.match(r"^(?:Also\s+)?[Aa]ccording\s+to\s+(?:the\s+)?", s)):
            chain = [x for x in mentions if x.start >= lead.end()]
            if chain and chain[0].start <= lead.end() + 1 and chain[0].known and not chain[0].stand_in:
                end = chain[0].end
                for x in chain[1:]:
                    if re.fullmatch(r"\s*", s[end:x.start]) and x.known and not x.stand_in:
                        end = x.end
                    else:
                        break
                who, words, reviews = self.claimant_of(s[lead.end():end], mentions, lead.end())
                c = Clause(end, len(s), who, "asserts", ["according-to"], "according to", reviews=reviews)
                return clauses + self._continuations(s, c)
        if m:
            who, words, reviews = self.claimant_of(m.group("who"), mentions, m.start("who"))
            seconds = [v for k, v in reviews if k == "__second__"]
            reviews = [r for r in reviews if r[0] != "__second__"]
            c = Clause(m.end(), len(s), who, "asserts", ["according-to"], "according to", reviews=reviews)
            out = clauses + self._continuations(s, c)
            for second in seconds:  # "According to SOHR and SANA, ...": each says it
                out += self._continuations(s, Clause(m.end(), len(s), Name(second, ("actor",)), "asserts", ["according-to"],
                                                     "according to", reviews=list(reviews)))
            return out
        # "The attack, according to SOHR, killed 16 people.": the attribution inside the clause says all of it.
        mid = re.search(r"^(?P<subj>[^,]{3,80}),\s+according\s+to\s+(?P<who>[^,.;]{2,80}?),\s+(?=[a-z])", s)
        if mid and _noun_phrase(mid.group("who")):
            who, words, reviews = self.claimant_of(mid.group("who"), mentions, mid.start("who"))
            if who is not None:
                seconds = [v for k, v in reviews if k == "__second__"]
                reviews = [r for r in reviews if r[0] != "__second__"]
                self.covered_words.append(s[mid.end("subj"):mid.end()])
                out = [Clause(0, len(s), who, "asserts", ["according-to"], "according to", reviews=reviews, np_start=0)]
                out += [Clause(0, len(s), Name(x, ("actor",)), "asserts", ["according-to"], "according to", np_start=0,
                               reviews=list(reviews)) for x in seconds]
                return clauses + out
        tail = re.search(r",?\s+according\s+to\s+(?P<who>[^,.;]+?)\s*[.]?$", s)
        if tail:
            who, words, reviews = self.claimant_of(tail.group("who"), mentions, tail.start("who"))
            lead_start = 0
            # "Israel carried out another airstrike ..., killing a family of four, including two children,
            # according to X": X says what the strike did (from the first participle on), the article
            # says the strike; "40 people were killed, including 12 children, according to X": X says all.
            cut = re.search(r",\s+(?:killing|wounding|injuring|leaving)\b", s[:tail.start()])
            if cut:
                clauses.append(Clause(0, cut.start()))
                lead_start = cut.start() + 2
            seconds = [v for k, v in reviews if k == "__second__"]
            reviews = [r for r in reviews if r[0] != "__second__"]
            clauses.append(Clause(lead_start, tail.start(), who, "asserts", ["according-to"], "according to", reviews=reviews))
            for second in seconds:
                clauses.append(Clause(lead_start, tail.start(), Name(second, ("actor",)), "asserts", ["according-to"],
                                      "according to", reviews=list(reviews)))
            return clauses
        # "S was reported by X", "The attack was condemned by X, Y and Z": the passive names who says it.
        pv = re.search(r"\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:(?:also|later|widely|strongly|initially|"
                       r"first|officially|publicly|independently|swiftly|quickly|sharply)\s+)*(?P<verb>reported|confirmed|denied|"
                       r"claimed|announced|acknowledged|documented|stated|verified|disputed|recorded|condemned|criticised|"
                       r"criticized|denounced|welcomed|praised|deplored|declared|"
                       # "The toll was later raised to 43 by SOHR", "... was put at 30 by the ministry".
                       r"(?:raised|revised|updated|increased|lowered|adjusted|put|placed|estimated)(?:\s+(?:up|down)?\s*(?:to|at)\s+"
                       r"(?:(?:at\s+least|about|around|some|over|more\s+than|nearly|almost)\s+)?[\d,]+(?:\s+\w+)?)?)\s+by\s+(?:the\s+)?", s)
        if pv:
            chain = []
            at = pv.end()
            for x in mentions:
                if x.start < at or x.kind not in ("actor", None):
                    continue
                if (not chain and x.start - at > 4) or \
                        (chain and not re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+as\s+well\s+as)\s+(?:the\s+)?", s[at:x.start])) or \
                        (chain and (not x.known or _TITLE_WORDS.match(x.text))):
                    break  # "by Abdurrahman Mustafa, the Prime Minister of ...": an apposition, not a second speaker
                chain.append(x)
                at = x.end
            if chain:
                verb = pv.group("verb").lower()
                stance, hedge = lexicon.SAY_VERBS.get(verb, ("asserts", None))
                for x in chain:
                    who, words, reviews = self.claimant_of(x.text, mentions, x.start)
                    if who is None:
                        continue
                    reviews = [r for r in reviews if r[0] != "__second__"] + [("ckg:claimant", f"read from '{verb} by {x.text}'")]
                    # A toll revised or put at a figure by X: X's figure ("was raised to 43 by SOHR").
                    upto = pv.start() if not re.match(r"(?:raised|revised|updated|increased|lowered|adjusted|put|placed|estimated)\s",
                                                      verb + " ") or not re.search(r"\d", pv.group(0)) \
                        else pv.start() + pv.group(0).rfind(" by ")
                    clauses.append(Clause(0, upto, who, stance, [hedge] if hedge else [], verb, reviews=reviews))
                if clauses:
                    self.covered_words.append(s[pv.start():at])
                    return clauses
        # "X cited Y as saying (that) S": X reports what Y said; X is who the article names as its source.
        cm = re.match(r"^(?P<who>[^,]{2,80}?)\s+(?:also\s+)?(?:cited|quoted)\s+(?P<src>.{2,80}?)\s+as\s+(?:saying|stating|telling\s+\w+)\s+(?:that\s+)?", s)
        if cm and _noun_phrase(cm.group("who")):
            # Who said it is the claimant ("Reuters cited SOHR as saying": SOHR's claim, relayed by
            # Reuters); when the source is no name the draft can read ("a local official"), the one who cites it.
            src, src_words, src_reviews = self.claimant_of(cm.group("src"), mentions, cm.start("src"))
            who, words, reviews = self.claimant_of(cm.group("who"), mentions, cm.start("who"))
            if src is not None and who is not None:
                reviews = list(src_reviews) + [("ckg:claimant", f"'{cm.group(0).strip()}': {src.text} said it, {who.text} relays "
                                                                f"it; {src.text} is the claimant")]
                c = Clause(cm.end(), len(s), src, "asserts", ["according-to"], "cited ... as saying", reviews=reviews,
                           np_start=0)
                return clauses + self._continuations(s, c)
            if who is not None:
                reviews = list(reviews) + [("ckg:claimant", f"{who.text} cites {cm.group('src')} as saying it: the claim is "
                                                            f"{who.text}'s report; make {cm.group('src')} the claimant if the graph "
                                                            f"should hold the original statement")]
                c = Clause(cm.end(), len(s), who, "asserts", ["according-to"], "cited ... as saying", reviews=reviews, np_start=0)
                return clauses + self._continuations(s, c)
        # "X <verb> (Y) (that) S", at the start or after "whereas"/"while"/"but".
        found: list[Clause] = []
        for am in _ATTRIB_VERB.finditer(s):
            if any(a <= am.start() < b for a, b in boxed):
                continue
            if am.start("verb") > 0 and s[am.start("verb")].isupper():
                continue  # "the United States", "Reports": a capitalised word inside a name is no verb
            verb = am.group("verb").lower()
            if verb == "held" and not re.match(r"\s+\S+(?:\s+\S+){0,5}?\s+responsible\b", s[am.end():]):
                continue  # "held" only as "held X responsible"
            # "some reports", "the claims": a noun, not a verb; "told his men to": an order, not a statement.
            determiner = re.search(r"\b(?:some|the|these|those|such|first|initial|early|media|news|several|many|other|conflicting|"
                                   r"unconfirmed|western|its|their|his|her)\s+$", s[:am.start("verb")], re.I)
            if determiner and (verb in ("reports", "claims", "states", "says") or
                               verb in ("reported", "claimed") and determiner.group(0).strip().lower() in ("the", "these", "those", "some", "such")):
                continue
            if verb == "told" and re.match(r"\s+(?:his|her|their|the)\s+\w+\s+to\s", s[am.end():]):
                continue
            prefix = s[:am.start()]
            starts = []
            intro = re.match(r"^(?:(?:In|On|By|After|Later|Since)\s+(?:early\s+|late\s+|mid-)?(?:\d{1,2}\s+)?[A-Z][a-z]+(?:\s+\d{4})?,?\s+|"
                             r"(?:In|On|By)\s+\d{4},?\s+|Therefore,\s+|However,\s+|Also,?\s+|"
                             r"(?:In|Through)\s+(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+){0,2}?(?:statement|report|interview|post|"
                             r"briefing|communiqu[ée]|update|message),\s+|"
                             # Sentence adverbials of time and sequence: "Later, the group said", "Meanwhile, SOHR reported".
                             r"(?:Later|Meanwhile|Subsequently|Afterwards|Afterward|Earlier|Separately|Additionally|Moreover|"
                             r"Furthermore|Nevertheless|Nonetheless|Initially|Eventually|Finally|Overnight|Elsewhere|"
                             r"In\s+(?:response|addition|turn|total|all)|At\s+the\s+same\s+time|"
                             r"(?:The\s+(?:following|next)|Later\s+that|That|Earlier\s+that)\s+(?:day|morning|afternoon|evening|night|week)|"
                             r"(?:A|One|Two|Three|Four|Five|Several|\d+)\s+(?:days?|weeks?|hours?)\s+(?:later|after\s+the\s+\w+))"
                             r",\s+)", prefix)
            starts.append(intro.end() if intro else 0)
            for sep in re.finditer(r",\s*|\bwhereas\s+|\bwhile\s+|;\s*|\b(?:although|though)\s+", prefix):
                starts.append(sep.end())
            chosen = None
            which_about = None
            # "Fires burned for hours, local residents told Reuters.": when nothing but whom, when and how
            # follows the verb, the speaker is the last phrase set off before it, not the sentence's start.
            if len(starts) > 1 and _ADJUNCTS_ONLY.fullmatch(s[am.end():]):
                starts = [starts[0]] + [st for st in reversed(starts[1:])
                                        if not re.match(r"(?:which|who|whose|where|in\s+a|for\s+its|citing|quoting)\b", s[st:])]
                starts = starts[1:] + starts[:1]
            for start_np in starts:
                who_text = re.sub(r",?\s*however,?", "", s[start_np:am.start()]).strip(" ,")
                # "SOHR, which has sources across Syria, said", "Hezbollah, in a statement, denied": the
                # speaker without what is said of it in passing.
                who_text = re.sub(r",\s*(?:which|who|whose|in\s+a\s+(?:\w+\s+)?(?:statement|release|interview|post)|for\s+(?:its|their|his|"
                                  r"her)\s+part|meanwhile|in\s+turn|in\s+response)\b[^,]*$", "", who_text).strip(" ,")
                if re.match(r"^(?:no|none|nobody|neither|no\s+one)\b", who_text, re.I):
                    continue  # "No group claimed responsibility": the article says no one did
                lead_conj = re.match(r"^(?:whereas|while|but|and|which|(?:even\s+)?though|although|yet)\s+", who_text)
                if lead_conj and lead_conj.group(0).startswith("which"):
                    # "the 2022 Istanbul bombing, which the Turkish government says ...": about that event.
                    ev = next((m for m in reversed(mentions) if m.kind == "event" and m.end <= start_np + 2
                               and re.fullmatch(r"[\s,]*(?:of\s+\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?)?[\s,]*", s[m.end:start_np])), None)
                    which_about = Name(ev.text, ("event",)) if ev is not None else None
                else:
                    which_about = None
                if lead_conj:
                    start_np += s[start_np:].find(who_text) + lead_conj.end()
                    who_text = who_text[lead_conj.end():]
                # "Reuters, citing sources close to the group,": the one who reports is the subject.
                if _noun_phrase(re.sub(r",\s*(?:citing|quoting)\s+[^,]+,?$", "", who_text)):
                    chosen = (start_np, who_text)
                    break
            if chosen is None:
                # "..., but said that", "and denied": the subject said before goes on.
                last = prefix.rsplit(",", 1)[-1].strip()
                # "X rejected some reports and denied ...": a second verb of the same speaker.
                if found and (re.fullmatch(r"(?:but|and|and\s+also|but\s+also|also|then)?", last, re.I) or
                              re.search(r"\s(?:and|but)(?:\s+also|\s+then|\s+later)?\s*$", prefix) and
                              found[-1].start <= len(prefix) and len(s[found[-1].start:am.start()].split()) <= 8
                              and not re.search(r"\bthat\b", s[found[-1].start:am.start()])):
                    prev = found[-1]
                    chosen = (am.start(), None)
                else:
                    continue
            start_np, who_text = chosen
            if who_text is None:
                who, reviews = prev.claimant, list(prev.reviews)
                seconds = []
            else:
                who, words, reviews = self.claimant_of(who_text, mentions, start_np)
                seconds = [v for c, v in reviews if c == "__second__"]
                reviews = [r for r in reviews if r[0] != "__second__"]
            if who is None:
                continue
            c = Clause(am.end(), len(s), who, "asserts", [], verb, reviews=reviews, np_start=start_np)
            # "said in a statement that", "announced on Telegram that", "told Reuters on Monday that": how and
            # when it was said is no part of what was said.
            if how := re.match(r"(?:\s*,?\s*(?:in\s+(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+){0,2}?(?:statement|report|interview|post|"
                               r"briefing|communiqu[ée]|update|message)|on\s+(?:Telegram|Twitter|X|Facebook|its\s+website|"
                               r"state\s+television|television)|on\s+(?:\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+day)|later|also))+"
                               r"\s*,?\s+(?=that\s)", s[am.end():]):
                c.start = am.end() + how.end()
                self.covered_words.append(how.group(0))
            c.about = which_about if who_text is not None else None
            if "declined" in verb or "refused" in verb or re.search(r"\b(?:not|neither)\s+", verb):
                c.stance, c.declined = "declines-to-comment", True
            else:
                base = {"claim": "claimed", "deny": "denied", "say": "said", "report": "reported", "confirm": "confirmed",
                        "warn": "warned", "argue": "argued"}.get(verb, verb)
                stance, hedge = lexicon.SAY_VERBS.get(base.split()[-1], ("asserts", None))
                if verb == "called" and re.match(_CALLED_FALSE, s[am.start("verb"):]):
                    stance = "denies"  # "he called the claims false"
                c.stance = stance
                if hedge:
                    c.hedges.append(hedge)
            adverbs = s[start_np:am.end()].lower()
            if "initially" in adverbs or re.search(r"\bfirst\s+reports?\b", adverbs):
                c.hedges.append("initially")
            # "X reportedly denied": the hedge of the attribution itself.
            c.hedges += [h for h, _ in lexicon.hedges_in(s[am.start():am.start("verb")])
                         if h in ("reportedly", "allegedly") and h not in c.hedges]
            if "however" in s[max(0, start_np - 12):am.end()].lower():
                c.disputes = True
            self._object_of_verb(s, c, verb, am.end())
            # "S, X said.", "S, X told Reuters on 4 December.", "S, the monitor reported in a statement.":
            # an attribution set off after what it says, followed only by whom it was told, when and how,
            # gives X everything before it (the date, "on 4 December", is when the claim was made).
            if who_text is not None and start_np > 0 and re.search(r"[,\"”]\s*$", s[:start_np]) and not found \
                    and not re.match(r"(?:an?|the)\s+(?:claim|accusation|allegation|report|charge|assertion|version)s?\b", who_text, re.I) \
                    and not c.declined and _ADJUNCTS_ONLY.fullmatch(s[am.end():]):
                tail_date = self.reference_date(s[am.end():])
                c = Clause(0, len(s[:start_np].rstrip(" ,")), who, c.stance, c.hedges, verb, c.stated_to,
                           tail_date[0] if tail_date else None,
                           list(reviews) + [("ckg:claimant", f"read from the attribution after the statement: "
                                                             f"'{s[start_np:].strip(' .')}'")], np_start=0)
                self.covered_words.append(s[start_np:])
                for second in seconds:
                    found.append(Clause(c.start, c.end, Name(second, ("actor",)), c.stance, list(c.hedges), verb,
                                        claim_date=c.claim_date, np_start=0,
                                        reviews=[("ckg:claimant", f"another of the claimants read from '{who_text}'")]))
                return clauses + self._continuations(s, c) + found[-len(seconds):] if seconds else clauses + self._continuations(s, c)
            if found and found[-1].end > start_np:
                found[-1].end = start_np if who_text is not None else am.start()
                found[-1].end = _trim_end(s, found[-1].start, found[-1].end)
            found.append(c)
            for second in seconds:
                c2 = Clause(c.start, c.end, Name(second, ("actor",)), c.stance, list(c.hedges), verb,
                            reviews=[("ckg:claimant", f"another of the claimants read from '{who_text}'")])
                found.append(c2)
        for c in found:
            clauses.extend(self._continuations(s, c))
        # The article's own voice before the first attribution.
        first = min((c.start for c in found), default=None)
        if found:
            head_end = min(s.find(_first_words(found[0], s)), found[0].start) if False else None
            del head_end
        starts = sorted(c.start for c in found)
        if found:
            np_start = min(c.np_start if c.np_start is not None else c.start for c in found)
            if np_start > 0:
                text = s[:np_start].strip(" ,;")
                if len(text.split()) >= 4 and not re.match(r"^(?:In|On|By|After|Later|Since|Therefore|However|Also)\b[^,]*,?$", text):
                    clauses.insert(0, Clause(0, np_start))
        del first, starts
        # A trailing "(, ) X said/added." gives the whole sentence to X.
        tm = re.search(r"[,\"”]\s*(?P<who>he|she|they|(?:the\s+)?[A-Za-z][\w\s.'’-]{1,60}?)\s+(?P<verb>said|added|stated|wrote|noted|"
                       r"reported|claimed|announced|confirmed|estimated|alleged)(?P<cite>,\s*(?:citing|quoting)\s+[^,]+?)?\.?$", s)
        if tm and tm.group("who") not in ("he", "she", "they") and not _noun_phrase(tm.group("who")):
            tm = None
        if tm and (not clauses or all(not re.sub(r"^,?\s*(?:citing|quoting)\s.*$", "", s[c.start:c.end].strip(" .")).strip(" .,")
                                     or c.claimant is None for c in clauses)):
            who, words, reviews = self.claimant_of(tm.group("who"), mentions, tm.start("who"))
            if who is not None:
                if tm.group("cite"):
                    cited = re.sub(r"^,?\s*(?:citing|quoting)\s+", "", tm.group("cite"))
                    reviews = list(reviews) + [("ckg:claimant", f"read as {who.text}'s report, which cites {cited}")]
                return [Clause(0, tm.start() + 1, who, "asserts", [], tm.group("verb"), reviews=reviews)]
        if not clauses:
            clauses.append(Clause(0, len(s)))
        # "- Iran: Condemned the attack.", "- SOHR: 123 killed": a list item whose words name no speaker
        # is said by the one its head names (a name the graph or the draft knows).
        if self.list_head and all(c.claimant is None for c in clauses) and self.find(self.list_head, ("actor",)) is not None:
            head = Name(self.list_head, ("actor",))
            for c in clauses:
                c.claimant = head
                c.reviews = list(c.reviews) + [("ckg:claimant", f"read from the list item's head '{self.list_head}'")]
                # "- Turkey: Denied any involvement.": the item opens with the verb its head says it with.
                if c.start == 0 and (vm := _ATTRIB_VERB.match(s)) and vm.start("verb") == 0:
                    verb = vm.group("verb").lower()
                    c.verb = verb
                    if "declined" in verb or "refused" in verb:
                        c.stance, c.declined = "declines-to-comment", True
                    else:
                        c.stance, hedge = lexicon.SAY_VERBS.get(verb, ("asserts", None))
                        if hedge:
                            c.hedges.append(hedge)
                    c.start = vm.end()
        return clauses

    def _object_of_verb(self, s: str, c: Clause, verb: str, at: int) -> None:
        """After the verb: "told the UN Security Council (that)" names the audience; "on 15 January"
        dates the claim; "that" is skipped."""
        year = self.b.event_start.year if self.b.event_start else None
        rest = s[at:]
        if verb == "told":
            tm = re.match(r"\s*(?P<aud>(?:the\s+)?[A-Z][\w.\-]*(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][\w.\-]*)*)\s+(?:that\s+)?", rest)
            if tm:
                c.stated_to = Name(_strip_article(tm.group("aud")))
                c.start = at + tm.end()
                rest = s[c.start:]
        dm = re.match(r"\s*(?:it\s+)?(?:on|in)\s+(?P<date>\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{4})\b,?", rest)
        if dm:
            span = _read_date(dm.group("date"), year)
            if span:
                c.claim_date = span
            c.object_it = bool(re.match(r"\s*it\s", rest))
            c.start += dm.end()
        tm = re.match(r"\s*(?:that\s+)?", s[c.start:])
        c.start += tm.end()

    def _continuations(self, s: str, clause: Clause) -> list[Clause]:
        """", saying that ...", "and that ...", "; it also reported that ...": the same claimant says more."""
        body = s[clause.start:clause.end]
        cuts = list(re.finditer(r",\s+(?:saying|adding|noting|stating|claiming|insisting|arguing)\s+(?:that\s+)?|\s+and\s+that\s+|"
                                r";\s+(?:it|he|she|they)\s+also\s+(?:reported|said)\s+that\s+", body))
        if not cuts:
            return [clause]
        out = []
        bounds = [clause.start] + [clause.start + cm.end() for cm in cuts]
        ends = [clause.start + cm.start() for cm in cuts] + [clause.end]
        for k, (a, b) in enumerate(zip(bounds, ends)):
            hedges = list(clause.hedges) if k == 0 or "and that" in cuts[k - 1].group(0) else [h for h in clause.hedges if h == "according-to"]
            stance = clause.stance if k == 0 or "and that" in cuts[k - 1].group(0) else "asserts"
            out.append(Clause(a, b, clause.claimant, stance, hedges, clause.verb, clause.stated_to, clause.claim_date,
                              list(clause.reviews), clause.declined, clause.disputes, object_it=clause.object_it and k == 0))
        return out

    # -- what a clause says ------------------------------------------------------------------

    def read_clause(self, section: str, sentence: str, clause: Clause, mentions: list[Mention], result: SectionResult,
                    nested: list[tuple[int, int]] = ()) -> None:
        text = sentence[clause.start:clause.end]
        for a, b in nested:
            text = text[: a - clause.start] + " " * (b - a) + text[b - clause.start:]
        if clause.object_it and clause.claimant is not None and not text.strip(" ,.;"):
            text = "it"
        if not text.strip():
            return
        inner = [m for m in mentions if m.start >= clause.start and m.end <= clause.end]
        hedges = list(clause.hedges) + [h for h, _ in lexicon.hedges_in(text) if h not in clause.hedges]
        if clause.claimant is not None and "according-to" in hedges and "initially" in hedges:
            pass
        base = dict(section=section, quote=sentence)
        made = 0

        reference = self.reference_date(text)
        if reference is not None and clause.claimant is None and clause.about is None and self.b.event_start is not None and \
                reference[0][0] < (self.b.event_start - dt.timedelta(days=1)).isoformat():
            # "Turkey launched a wider offensive on 9 October 2019", in an article about an offensive that began
            # on 14 October: what the article says of a day before its event is not the event's.
            result.unread.append(Unread(section, sentence, f"'{reference[1]}' is before the article's event: what came before "
                                                           "it, not drafted as the event's"))
            return

        def claim(measure, **kw) -> ClaimSpec:
            if reference is not None and "reference_date" not in kw and measure not in ("time-of-day",):
                kw["reference_date"] = reference[0]
            spec = ClaimSpec(measure, claimant=clause.claimant, stance=kw.pop("stance", clause.stance), about=clause.about,
                             hedges=[h for h in kw.pop("hedges", hedges) if h], stated_to=clause.stated_to,
                             claim_date=clause.claim_date, **base, **kw)
            for check, reason in clause.reviews:
                if check == "node" and clause.claimant is not None:
                    continue
                if reason:
                    spec.review(check, reason)
            if clause.claimant is not None:
                how = f"'{clause.verb}'" if clause.verb else "the sentence"
                if clause.verb == "according to":
                    pass
                elif clause.verb:
                    spec.comment = f"{section}: {clause.claimant.text} {clause.verb} ..."
                del how
            return spec

        # "X declined to comment on the ministry's statement": on something else than the event; quoted
        # in "Not read", never read as declining to say who carried the attack out.
        if clause.declined and (om := re.match(r"^\s*(?:(?:on|about|regarding)\s+)?(?P<what>(?:the|its|their|any|a|an|his|her)\b[^.;,]*)",
                                                text, re.I)) and not re.search(
                r"\b(?:strikes?|air\s*strikes?|attacks?|raids?|bombings?|incidents?|operations?|reports?|allegations?|claims?|"
                r"accusations?|matter|events?|shelling|killings?|deaths|dead|losses|casualties|toll|involvement|responsibility|role|it|"
                r"them|this|that|"
                r"the\s+\w+\s+(?:on|in)\s+)\b", om.group("what"), re.I) and not _same_name(om.group("what").strip(), self.title):
            what = om.group("what").strip()
            result.unread.append(Unread(section, sentence, f"declined to comment on '{what}', not on the "
                                                           "article's event: what it is about is not read"))
            return
        # "X declined to comment (on the strike)": on who carried it out.
        if clause.declined:
            spec = claim("perpetrator", text_value=f"declined to comment{(' ' + text.strip(' .')) if text.strip(' .') else ''}")
            spec.review("ckg:measure", f"'{clause.verb}': read as declining to comment on who carried the attack out")
            result.claims.append(spec)
            return
        # "X condemned the attack", "Y called for restraint": a reaction, whatever else the words say.
        if clause.claimant is not None and clause.verb.lower() in lexicon.REACTION_VERBS:
            spec = claim("reaction", text_value=_short_value(f"{clause.verb} {text}"))
            spec.cover.append(clause.verb)
            result.claims.append(spec)
            return
        # "Syria declared three days of mourning", "X sent its condolences": a reaction.
        if clause.claimant is not None and clause.stance == "asserts" and \
                re.search(r"\b(?:mourning|condolences|sympathy|sympathies|solidarity)\b", text, re.I) and not re.search(r"\d{2,}", text):
            spec = claim("reaction", text_value=_short_value(f"{clause.verb} {text}"))
            result.claims.append(spec)
            return
        # "X claimed responsibility", "X denied any involvement": who carried it out, by its own word.
        if clause.claimant is not None and lexicon.RESPONSIBILITY.match(text) and not re.search(r"\d", text) and \
                (clause.stance in ("denies", "confirms") or re.match(r"(?:claim|admit|accept|took|assum)", clause.verb.lower())):
            spec = claim("perpetrator", text_value=_short_value(text), object=clause.claimant)
            spec.review("ckg:objectValue", f"'{clause.verb} {_cut(text, 40)}': read as {clause.claimant.text} "
                                           f"{'denying' if clause.stance == 'denies' else 'saying'} it carried the attack out")
            result.claims.append(spec)
            return
        # "Russia denied that its aircraft had conducted any strikes in the area", "X denied that its
        # forces were involved": the speaker denies (or admits) carrying it out.
        own = re.match(r"^(?:that\s+)?(?:its|their|his|her)\s+(?:own\s+)?(?:[\w-]+\s+){0,2}?(?:aircraft|jets|warplanes|planes|"
                       r"forces|troops|drones|fighters|soldiers|units|military|army|air\s+force|navy|militia|members)\s+"
                       r"(?:had\s+|have\s+|has\s+)?(?:been\s+)?(?:conducted|carried\s+out|launched|struck|targeted|bombed|"
                       r"attacked|(?:were|was)\s+(?:involved|responsible|behind))\b", text, re.I)
        if clause.claimant is not None and own and clause.stance in ("denies", "confirms") and not re.search(r"\d", text):
            spec = claim("perpetrator", text_value=_short_value(text), object=clause.claimant)
            spec.review("ckg:objectValue", f"'{clause.verb} {own.group(0)}': read as {clause.claimant.text} "
                                           f"{'denying' if clause.stance == 'denies' else 'saying'} its own carried the attack out")
            spec.cover.append(text)
            result.claims.append(spec)
            return
        # "The attack was blamed on X": who did it, as the article reports it (no one named says so).
        # ("attributed to X", "ascribed to X", "pinned on X" say the same.)
        bm = re.search(r"\b(?:was|were|has\s+been|had\s+been|is|are)\s+(?:(?:widely|initially|later|also|largely|generally|officially)\s+)?"
                       r"(?:blamed\s+on|pinned\s+on|attributed\s+to|ascribed\s+to)\s+(?:the\s+)?", text)
        if clause.claimant is None and bm:
            who = next((x for x in inner if 0 <= x.start - clause.start - bm.end() <= 2 and x.kind in ("actor", None)), None)
            if who is not None:
                spec = claim("perpetrator", text_value=_short_value(text), object=Name(who.text, ("actor",)))
                spec.cover.append(text[:bm.end()])
                # "... attributed to Israel by Syrian media": who attributes it is named after the accused.
                by = re.match(r"^\s+by\s+(?P<c>(?:the\s+)?[^,;.()]+?)\s*(?:[,;.]|$)", sentence[who.end:])
                by_who = self.claimant_of(by.group("c"), mentions, who.end + by.start("c"))[0] if by else None
                if by_who is not None:
                    spec.claimant = by_who
                    spec.review("ckg:claimant", f"'{by.group(0).strip(' ,;.')}': read as who attributes it")
                    spec.cover.append(by.group(0))
                else:
                    spec.review("ckg:objectValue", f"read from '{bm.group(0).strip()} {who.text}': who blames them is not named")
                result.claims.append(spec)
                return
        # "Israel is widely believed to have carried out the strike": the subject, hedged, in the article's voice.
        sm = re.search(r"^(?P<subj>.{2,80}?)\s+(?:is|are|was|were)\s+(?:(?:widely|generally|largely|also|strongly)\s+)?"
                       r"(?P<h>believed|thought|suspected|alleged|said|reported)\s+to\s+(?:have\s+)?(?:carried\s+out|been\s+behind|"
                       r"conducted|launched)\s+(?:the|this|these)\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|airstrikes?|bombing|raids?)\b",
                       text)
        if clause.claimant is None and sm:
            who = next((x for x in inner if x.kind in ("actor", None) and x.start - clause.start <= 4
                        and x.end - clause.start == len(sm.group("subj"))), None)
            if who is not None:
                spec = claim("perpetrator", text_value=_short_value(text), object=Name(who.text, ("actor",)))
                spec.review("ckg:objectValue", f"read from '{_cut(sm.group(0), 80)}': suspected, not established")
                spec.cover.append(sm.group(0))
                result.claims.append(spec)
                return
        # "X blamed Y for the attack", "X accused Y of carrying it out", "X held Y responsible": who did it.
        if clause.claimant is not None and clause.verb in lexicon.ACCUSE_VERBS and \
                (om := re.search(r"\b(?:of|for)\s+(?P<what>(?:[\w'’-]+\s+){0,2}?[\w'’-]+ing\b(?:\s+[\w'’-]+){0,4})", text)) and \
                not re.search(r"\b(?:carrying\s+out|conducting|launching|perpetrating|orchestrating|ordering|planning|being\s+behind|"
                              r"involvement|attacking|bombing|striking|shelling|targeting|firing|the\s+(?:attack|strike|bombing|raid))\b",
                              om.group("what"), re.I):
            # "HRW accused SNA factions of executing three captured fighters": an accusation of something else
            # than carrying out the event, quoted in "Not read", never read as who carried it out.
            result.unread.append(Unread(section, sentence, f"'{clause.verb} ... of {om.group('what')}': an accusation of something "
                                                           "else than carrying out the event; record it by hand"))
            return
        if clause.claimant is not None and clause.verb in lexicon.ACCUSE_VERBS and not re.search(r"\d", text):
            accused = next((m for m in inner if m.kind in ("actor", None) and m.start - clause.start < 40), None)
            spec = claim("perpetrator", text_value=_short_value(text),
                         object=Name(accused.text, ("actor",)) if accused is not None else None)
            spec.review("ckg:measure", f"'{clause.verb}': read as a claim of who carried it out"
                        + (f", {accused.text}" if accused is not None else " (whom it names is no name the draft reads)"))
            result.claims.append(spec)
            return
        # Figures.
        figures = self.figures(text, clause, section, sentence, inner)
        if not figures and clause.stance == "denies":
            figures = self.denied_figures(text, clause, section, sentence)
        # "Iranian sources confirmed the strikes", "The New York Times first reported it on 14 November":
        # that the event happened, by the word of who says so.
        if not figures and clause.claimant is not None and not clause.declined and re.fullmatch(
                r"\s*(?:it|them|the\s+(?:[\w-]+\s+){0,2}?(?:air\s*strikes?|strikes?|attacks?|raids?|bombings?|operation|incident|"
                r"assault|shelling))\s*(?:,\s*(?:but|and)?\s*)?", text.rstrip(" .")) and clause.stance in ("asserts", "confirms"):
            spec = claim("occurrence", text_value=_short_value(f"{clause.verb} {text}"))
            spec.review("ckg:measure", f"'{clause.verb} {text.strip(' ,.')}': read as saying that the event took place")
            result.claims.append(spec)
            return
        for spec in figures:
            result.claims.append(spec)
            self.section_claims.append(spec)
        made += len(figures)
        # A time of day: "at 1:30 p.m.", "Around midnight local time", "from 3:55 p.m. to 4:56 p.m. Damascus time".
        tm = _TIME.search(text)
        if tm and re.search(r"\b(?:[Bb]y|[Uu]ntil|[Tt]ill)\s+$", text[max(0, tm.start() - 8):tm.start()]):
            tm = None  # "By midnight, the rebels had ...": a deadline, not when the event happened
        if tm and self.b.event_start is not None:
            hhmm = _time_of(tm)
            if hhmm:
                zone = re.search(r"\b(local\s+time|[A-Z][a-z]+\s+time|UTC\s*[+−-]\s*\d{1,2}(?::\d{2})?|GMT\s*[+−-]?\s*\d{0,2})\b",
                                 text[tm.end():tm.end() + 40])
                day = self.b.event_start
                dm = _DATE_TEXT.search(text)
                if dm and (span := _read_date(dm.group("date"), day.year)):
                    day_text = span[0]
                else:
                    day_text = day.isoformat()
                spec = claim("time-of-day", text_value=_time_words(text, tm), time_value=f"{day_text}T{hhmm}:00",
                             time_zone=zone.group(1) if zone else None)
                if not dm:
                    spec.review("ckg:timeValue", f"the day is the event's first day ({day.isoformat()}): the sentence gives none")
                result.claims.append(spec)
                made += 1
        # Participants: who carried it out, who was attacked, who supported whom.
        made += self.participants(section, sentence, text, clause, inner, result, hedges)
        # Weapons named by their designation ("two Russian Sukhoi Su-34s", "by a Su-22").
        for wm in lexicon.AIRCRAFT_DESIGNATION.finditer(text):
            words = re.search(rf"(?:[A-Z][\w-]*\s+){{0,2}}{re.escape(wm.group(0))}(?:\s+(?:fighter[\s-]bombers?|fighter\s+jets?|"
                              rf"fighter-attack\s+aircraft|aircraft|jets?|bombers?))?", text)
            phrase = words.group(0) if words else wm.group(0)
            phrase = re.sub(r"^(?:Russian|Syrian|Turkish|Israeli|American|Iranian|U\.S\.|US|The|A|An)\s+", "", phrase)
            spec = claim("weapon", text_value=phrase)
            spec.review("ckg:textValue", f"the weapon named '{phrase}'")
            result.claims.append(spec)
            made += 1
        # Weapons named by what they are: "by Turkish drone and artillery strikes", "with drones laden
        # with explosives", "using barrel bombs", "to anti-tank guided missiles".
        if not lexicon.AIRCRAFT_DESIGNATION.search(text):
            for wm in _WEAPON.finditer(text):
                phrase = " ".join(wm.group("w").split())
                spec = claim("weapon", text_value=phrase)
                spec.review("ckg:textValue", f"the weapon read from '{wm.group(0).strip()}'")
                spec.cover.append(wm.group(0))
                result.claims.append(spec)
                made += 1
                break
            else:
                # "armed drones struck a ceremony", "two ballistic missiles hit the base": the weapon as the subject.
                sw = re.search(r"(?:^|,\s*)(?:(?:On|In|At)\b[^,]{0,40},\s*)?(?:the\s+|an?\s+|two\s+|several\s+|multiple\s+)?"
                               r"(?P<w>(?:(?:armed|suicide|kamikaze|explosive-laden|explosives-laden|attack|unidentified|Turkish|Israeli|"
                               r"Russian|American|Iranian|Syrian)\s+)?(?:drones?|(?:ballistic|cruise|guided|surface-to-surface)\s+missiles?|"
                               r"missiles?|rockets?|car\s+bombs?))\s+(?:(?:reportedly|allegedly|then|later)\s+)?(?:struck|hit|targeted|"
                               r"exploded|slammed\s+into|attacked|bombed)\b", text)
                if sw:
                    phrase = re.sub(r"^(?:Turkish|Israeli|Russian|American|Iranian|Syrian|unidentified)\s+", "", sw.group("w"))
                    spec = claim("weapon", text_value=phrase)
                    spec.review("ckg:textValue", f"the weapon read from '{sw.group(0).strip(' ,')}'")
                    spec.cover.append(sw.group("w"))
                    result.claims.append(spec)
                    made += 1
        # Statements by kind (several kinds in one clause are several claims).
        kinds = self.statement_kinds(text, figures, inner, clause.start)
        for kind, words, obj in kinds:
            if kind == "target" and clause.claimant is None and obj is not None and obj.kinds == ("place",):
                continue  # "struck Balyun": where it struck is a place of the event (read below), no target claim
            spec = claim(kind, text_value=_short_value(text), object=obj)
            spec.cover.append(words)
            if clause.claimant is None and kind in ("assessment",):
                spec.review("ckg:measure", f"read from '{words}'")
            result.claims.append(spec)
            made += 1
        if not made and clause.claimant is not None:
            # An attributed statement that no rule narrows: a statement of its claimant (in a section
            # of reactions, its reaction).
            in_reactions = bool(lexicon.REACTION_SECTION.search(section)) and clause.stance == "asserts"
            by_verb = lexicon.VERB_MEASURES.get(clause.verb.lower()) if not in_reactions and clause.stance == "asserts" else None
            spec = claim("reaction" if in_reactions else by_verb or "statement", text_value=_short_value(text))
            if by_verb:
                spec.review("ckg:measure", f"read as {by_verb} from the verb '{clause.verb}' of {clause.claimant.text}")
                spec.cover.append(text)  # what the verb introduces is the whole of what is assessed
            if in_reactions:
                spec.review("ckg:measure", f"'{_cut(text.strip(' ,.'), 50)}', said in the section '{section}': read as "
                                           f"{clause.claimant.text}'s reaction")
            if clause.stance == "denies":
                spec.review("ckg:measure", f"what {clause.claimant.text} denies is not read: check the measure")
            result.claims.append(spec)
            made += 1
        elif not made and clause.claimant is None and (actor := self.acting_actor(text, inner, clause.start)) is not None:
            # "On 1 December, the SNA captured the towns of ...": what a named actor did, in the
            # article's own voice: a statement about that actor.
            spec = claim("statement", text_value=_short_value(text), object=Name(actor.text, ("actor",)))
            spec.review("ckg:measure", f"what {actor.text} did, in the article's own voice: check the measure")
            result.claims.append(spec)
            made += 1
        elif not made and clause.claimant is None and self.statement_worthy(text, inner):
            # The article's own voice, and no rule says what it states: left to the analyst, named in
            # the header, rather than drafted as a claim whose measure would be a guess.
            result.unread.append(Unread(section, sentence if text.strip() == sentence.strip() else text.strip(),
                                        "a statement in the article's own voice that no rule reads"))
            self.covered_words.append(text)
        # Places of the article's event.
        self.places(section, sentence, text, clause, inner, result)

    def denied_figures(self, text: str, clause: Clause, section: str, sentence: str) -> list[ClaimSpec]:
        """"X denied that any of its fighters were killed", "denied the killing of any of its members":
        a denied figure with no number (unquantified), of the people the denial names."""
        m = re.search(r"\bany\s+(?P<g>(?:of\s+(?:its|their|his|her|the)\s+)?[^,.;]{1,50}?)\s+(?:were|was|had\s+been|have\s+been|"
                      r"being)\s+(?:\w+\s+)?(?P<m>killed|wounded|injured|captured|hurt|detained|arrested)\b", text) or \
            re.search(r"\b(?P<m>killing|deaths?|wounding|capture|arrest|detention)\s+of\s+(?P<g>any\s+[^,.;]{1,50}?)"
                      r"(?=\s+(?:during|in|on|at|by|from)\b|[,.;\"]|$)", text)
        if not m:
            return []
        measure = {"killing": "killed", "death": "killed", "deaths": "killed", "wounding": "injured", "wounded": "injured",
                   "hurt": "injured", "capture": "captured", "detention": "arrested", "detained": "arrested",
                   "arrest": "arrested"}.get(m.group("m").lower(), m.group("m").lower())
        written = m.group("g") if m.group("g").lower().startswith("any") else f"any {m.group('g')}"
        group = re.sub(r"^(?:any\s+)?(?:of\s+(?:its|their|his|her|the)\s+)?", "", written, flags=re.I).strip()
        if lexicon.COMBATANT_NOUNS.match(group) or lexicon.GENERIC_PEOPLE.match(group) or not lexicon.PEOPLE.search(group):
            group = None
        spec = ClaimSpec(measure, section, sentence, claimant=clause.claimant, about=clause.about,
                         figure=Figure(written, "unquantified", None, None, None, "", ""), figure_text=written,
                         group=group, stance="denies", hedges=list(clause.hedges), stated_to=clause.stated_to,
                         claim_date=clause.claim_date)
        for check, reason in clause.reviews:
            if reason and check != "node":
                spec.review(check, reason)
        spec.review("ckg:measure", f"'{m.group(0).strip()}': read as a denial that any were {measure}")
        return [spec]

    def reference_date(self, text: str) -> tuple[tuple[str, str], str] | None:
        """The day a clause says its content happened, resolved against the event: "on 15 January"
        (the event's year), "the following day", "later that day", "two days earlier", "nine days
        later". Returns ((ISO date, precision), the words)."""
        import datetime as dt  # noqa: PLC0415 - local: only relative dates need date arithmetic

        start = self.b.event_start
        if start is None:
            return None
        end = self.b.event_end or start
        words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
        if m := re.search(r"\b(?:the\s+)?(?:following|next)\s+day\b", text, re.I):
            return ((end + dt.timedelta(days=1)).isoformat(), "day"), m.group(0)
        if m := re.search(r"\b(?:later\s+that|that\s+same|the\s+same|on\s+that)\s+day\b|\b(?:later\s+)?that\s+(?:evening|night|"
                          r"morning|afternoon)\b", text, re.I):
            return (start.isoformat(), "day"), m.group(0)
        if m := re.search(r"\b(?:a|one)\s+(day|week)\s+(later|after(?:wards)?|earlier|before)\b|\bthe\s+(?:next|following)\s+"
                          r"(?:morning|evening|night)\b", text, re.I):
            n = 7 if m.group(1) and m.group(1).lower() == "week" else 1
            sign = -1 if m.group(2) and m.group(2).lower() in ("earlier", "before") else 1
            base = end if sign > 0 else start
            return ((base + dt.timedelta(days=sign * n)).isoformat(), "day"), m.group(0)
        if m := re.search(r"\b(?:the\s+)?(?:previous\s+day|day\s+before)\b", text, re.I):
            return ((start - dt.timedelta(days=1)).isoformat(), "day"), m.group(0)
        if m := re.search(r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+(later|earlier|before|after)\b", text, re.I):
            n = int(m.group(1)) if m.group(1).isdigit() else words[m.group(1).lower()]
            sign = 1 if m.group(2).lower() in ("later", "after") else -1
            base = end if sign > 0 else start
            return ((base + dt.timedelta(days=sign * n)).isoformat(), "day"), m.group(0)
        # "on 15 January", "on the night of 15 January", "in the early hours of 15 January", "on 15–16
        # January" (its first day), "on January 15" and "January 15, 2024" (the American order).
        months = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
        if m := re.search(r"\b(?:[Oo]n|[Ii]n)\s+(?:the\s+(?:(?:early|small|late)\s+)?(?:night|morning|evening|afternoon|hours|dawn)"
                          r"\s+of\s+)?(?:(?P<d>\d{1,2})(?:\s*(?:–|-|to|and)\s*\d{1,2})?\s+(?P<m>" + months + r")|(?P<m2>" + months +
                          r")\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:–|-)\s*\d))(?:,?\s+(?P<y>\d{4}))?\b", text):
            day, month = (m["d"], m["m"]) if m["d"] else (m["d2"], m["m2"])
            span = _read_date(f"{day} {month}" + (f" {m['y']}" if m["y"] else ""), start.year)
            if span:
                return span, m.group(0)
        return None

    def acting_actor(self, text: str, inner: list[Mention], offset: int) -> Mention | None:
        """The actor the graph knows that is the subject of an action verb in `text` ("the SNA
        captured", "SDF fighters withdrew from"), or None."""
        verb = _ACTION_VERB.search(text)
        if verb is None:
            return self.subject_of_clause(text, inner, offset)
        before = [m for m in inner if m.known and m.kind == "actor" and m.end - offset <= verb.start()]
        if not before:
            return None
        subject = before[-1]
        # "The SDF, backed by the United States, repelled ...": the subject is the name before the apposition.
        if len(before) > 1 and re.fullmatch(r",[^,;]{1,80},\s*(?:(?:also|then|later|had|have|has)\s+)*", text[before[0].end - offset:verb.start()]):
            return before[0]
        # Only the words of the subject's phrase between it and the verb ("SNA fighters", "the SNA, backed by Turkey,").
        gap = text[subject.end - offset:verb.start()]
        if len(gap.split()) > 4 or re.search(r"[;:]|\b(?:after|before|when|while|as|since|which|that|who)\b", gap):
            return None
        return subject

    def subject_of_clause(self, text: str, inner: list[Mention], offset: int) -> Mention | None:
        """The actor a clause is about when it opens with it, after an adverbial opening ("On 1
        December, ...", "Later that day, after heavy clashes ..., "), and goes on with a verb in the
        past ("The SFA has established checkpoints", "the U.S.-led coalition had been striking"):
        what the article says that actor did."""
        starts = [re.match(r"^(?:(?:On|In|By)\s+(?:\d{1,2}(?:[–-]\d{1,2})?\s+)?(?:January|February|March|April|May|June|July|"
                           r"August|September|October|November|December)(?:\s+\d{1,2})?(?:,?\s+\d{4})?\s+)?(?:the\s+)?", text).end()]
        if re.match(r"^(?:On|In|By|At|After|Later|Earlier|Following|During|Before|Since|Shortly|Then|Meanwhile|Subsequently|"
                    r"Also|However|Eventually|Ultimately|Afterwards|Overnight)\b", text):
            starts = [m.end() for m in re.finditer(r",\s*(?:the\s+)?", text[:160])]
        for at in starts:
            subject = self.mention_at(inner, offset + at)
            if subject is None or not subject.known or subject.kind != "actor" or subject.stand_in or \
                    subject.start - offset > at + 4:
                continue
            if self._acts(text[subject.end - offset:]):
                return subject
        return None

    @staticmethod
    def _acts(rest: str) -> bool:
        """Whether the words after a subject go on with what it did, in the past."""
        return bool(re.match(r"(?:\s+and\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+(?:of\s+)?[A-Z][\w.'’-]*){0,4})?"
                    r"(?:\s+(?:forces|fighters|troops|units|militants|soldiers|officials|leaders?|members|militias?|"
                    r"government|command))?(?:,[^,]{1,80},)?\s+(?:(?:[a-z]+ly|also|then|later|again|had|has|have|was|were|is|are|"
                    r"been|would|could)\s+){0,3}(?:[a-z]{3,}ed|took|taken|fought|held|began|begun|led|made|came|come|brought|sent|"
                    r"gave|given|left|won|lost|met|told|saw|seen|went|gone|struck|hit|fled|kept|ran|set|cut|shot|spoke|broke|"
                    r"broken|drew|drawn|built|sought|became|become|stood|withdrew|withdrawn|seized|overran|overrun|retook|retaken)"
                    r"\b(?!\s+by\b)", rest))  # not "X was told by": the passive's subject did nothing

    def statement_worthy(self, text: str, inner: list[Mention]) -> bool:
        return bool(inner) and len(text.split()) >= 6

    def statement_kinds(self, text: str, figures: list[ClaimSpec], inner: list[Mention] = (),
                        offset: int = 0) -> list[tuple[str, str, Name | None]]:
        """(measure, the words it was read from, object) for each kind of statement the clause makes;
        a target, launch direction or perpetrator names its objects (one claim each): "aimed at
        positions of the SDF and the Syrian Army ... and at PKK positions" is three targets."""
        out: list[tuple[str, str, Name | None]] = []
        low = text.lower()
        seen = set()
        starts: dict[str, int] = {}
        for kind, rx in STATEMENT_RULES:
            m = rx.search(text)
            if not m or kind in seen:
                continue
            if kind == "damage" and figures:
                continue
            if kind == "result" and figures and re.search(r"\bresulted\s+in\s+(?:the\s+)?(?:deaths?|killing|injur\w*|wounding)\b", text, re.I):
                continue  # "resulted in the deaths of 30 people": the figure says it; no result of its own
            if kind == "target" and (figures and not re.search(r"\btarget", low) or
                                     re.search(r"\b(?:deadliest|largest|worst|first|bloodiest|heaviest)\b", text[:m.end()])):
                continue
            if kind == "target" and not self.strike_like() and re.search(r"\b(?:in|by|during)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:air\s*)?"
                                                                          r"(?:strikes?|raids?|attacks?)\s+on\s*$", text[:m.end()], re.I):
                # "Rebel commander X was killed in a strike on his headquarters": in a battle, a strike of its own
                # inside the event, whose target is not the battle's.
                continue
            seen.add(kind)
            starts[kind] = m.start()
            objects: list[Name] = []
            subject_last = [x for x in inner if x.end - offset <= m.start() and (x.known or x.kind == "actor") and not x.stand_in][-1:]
            if kind == "target" and re.match(r"(?:was|were)\s+(?:targeted|hit|struck)", m.group(0), re.I) and (
                    re.match(r"\s+by\b", text[m.end():]) or
                    # "A and B were targeted": without "by", only when the names are the subject right before the verb.
                    re.match(r"\s*(?:[.,;]|$)|\s+(?:in|near|on|at|during)\b", text[m.end():]) and subject_last and
                    subject_last[0].kind != "place" and re.fullmatch(r"\s*", text[subject_last[0].end - offset:m.start()])):
                # "a convoy was targeted by an airstrike on the road ...": what was targeted is the subject.
                before_verb = [x for x in inner if x.end - offset <= m.start() and (x.known or x.kind == "actor") and not x.stand_in]
                objects = [Name(x.text, (x.kind or "actor",)) for x in before_verb][-1:]
                # "A and B were targeted": each.
                k = len(before_verb) - 1
                while k > 0 and re.fullmatch(r"\s*(?:,|,?\s+and)\s+(?:the\s+)?", text[before_verb[k - 1].end - offset:before_verb[k].start - offset]):
                    objects.insert(0, Name(before_verb[k - 1].text, (before_verb[k - 1].kind or "actor",)))
                    k -= 1
                seen.add(kind)
                out += [(kind, m.group(0), o) for o in objects] or [(kind, m.group(0), None)]
                continue
            if kind == "target" and m.group(0).lower().endswith("targets"):
                pass  # "on multiple Iranian-linked targets in X": the targets are the noun; what follows is where
            elif kind in ("target", "launch-direction", "perpetrator"):
                tail_start = offset + m.end()
                stop = re.search(r"[.;]|,\s+(?:which|who|killing|injuring|wounding|and\s+caused|caused|before|after|while|an?)\b|"
                                 r"\s+(?:and\s+)?(?:caused|killed|killing|injured|wounding|was|were|is|are|had|has|that)\b", text[m.end():])
                tail_end = tail_start + (stop.start() if stop else len(text) - m.end())
                wanted = ("actor", "place") if kind == "target" else ("place",) if kind == "launch-direction" else ("actor",)
                for x in inner:
                    if tail_start <= x.start < tail_end and (x.kind in wanted or x.kind is None and "actor" in wanted):
                        if any(x.start < o_end for o_end in []):
                            continue
                        if not x.known and kind == "target" and x.kind != "actor":
                            continue
                        # "an attack on a ceremony ... in Homs, Syria": where it was, not what it targeted.
                        if kind == "target" and re.search(r"\b(?:in|near|outside|inside|across|throughout)\s+(?:the\s+)?(?:(?:city|town|village|"
                                                          r"province|region|governorate)\s+of\s+)?(?:[A-Z][\w'’-]*,?\s+){0,3}$",
                                                          text[max(0, x.start - offset - 40): x.start - offset]):
                            continue
                        # A place inside the one before it ("in Northern Syria (in Aleppo, Raqqa)") is no target of its own.
                        if objects and x.kind == "place" and any(o.kinds == ("place",) for o in objects):
                            continue
                        objects.append(Name(x.text, (x.kind or "actor",)))
            if objects:
                for o in objects:
                    out.append((kind, m.group(0), o))
            else:
                out.append((kind, m.group(0), None))
        # "the main objective ... was to reach a ceasefire agreement", "sought to take control of":
        # what the words after an objective name is what was aimed at, not a result, target,
        # movement or support that happened.
        if "objective" in starts:
            aimed = {"result", "target", "movement", "support", "damage"}
            out = [o for o in out if not (o[0] in aimed and starts[o[0]] > starts["objective"])]
        return out

    # -- participants --------------------------------------------------------------------------

    def participants(self, section, sentence, text, clause, inner, result, hedges) -> int:
        made = 0
        mainish = self.about_main(text) and clause.about is None
        # "Rebel commander Abu Example was killed in the fighting", "General X was captured": a commander
        # of the event and his fate (his side is not said: marked).
        fm = _COMMANDER_FATE.search(text) or _COMMANDER_FATE_APPOSED.search(text) or _COMMANDER_AMONG_DEAD.search(text)
        if fm and mainish and clause.claimant is None and _person_like(fm.group("name")):
            fate = {"killed": "killed", "captured": "captured", "wounded": "wounded", "injured": "wounded",
                    "among the dead": "killed", "among those killed": "killed"}[" ".join(fm.group("fate").lower().split())]
            title = " ".join(w for w in (fm.group("title") or "commander").split()
                             if w.lower() not in ("rebel", "senior", "top", "field", "local", "a", "an", "the"))
            part = PartSpec(Name(fm.group("name")), "commander", section, sentence, fate=fate,
                            title=title if title.lower() != "commander" else None)
            part.review("ckg:fate", f"'{fm.group(0).strip()}': read as a commander of the event, {fate}; check his side")
            result.parts.append(part)
            made += 1
        # "carried out by X", "an offensive by X against Y and Z", "X, and allegedly the Y, carried out".
        for m in re.finditer(r"\b(?:carried\s+out|conducted|launched|perpetrated)\s+(?:(?:jointly|together|reportedly|allegedly)\s+)?"
                             r"by\s+(?:the\s+)?", text):
            who = self.mention_at(inner, clause.start + m.end())
            # "carried out by A and B": each carried it out.
            whos = [who] if who is not None else []
            while whos and (nm := re.match(r"(?:\s*,\s*|\s+)(?:and\s+|as\s+well\s+as\s+)?(?:the\s+)?", sentence[whos[-1].end:])) \
                    and (nxt := self.mention_at(inner, whos[-1].end + nm.end())) is not None and nxt.kind in ("actor", None) \
                    and nm.group(0).strip(" ,") in ("and", "as well as", "and the", "as well as the", "") and nm.group(0).strip():
                whos.append(nxt)
            for also in whos[1:]:
                if mainish and not re.search(r"\b(?:rocket|mortar)\s+attack\b|\bbombing\b", text[:m.start()]):
                    part = PartSpec(Name(also.text), "perpetrator", section, sentence, hedge=_part_hedge(hedges))
                    part.review("ckg:role", f"read from '{m.group(0).strip()} {whos[0].text} ... {also.text}'")
                    if clause.claimant is not None:
                        part.evidence = self.evidence(clause, section, sentence, "perpetrator", also)
                    result.parts.append(part)
                    made += 1
            if who is not None and who.kind in ("actor", None) and not re.search(r"\b(?:rocket|mortar)\s+attack\b|\bbombing\b",
                                                                                  text[:m.start()]):
                part = PartSpec(Name(who.text), "perpetrator", section, sentence, hedge=_part_hedge(hedges))
                part.review("ckg:role", f"read from '{m.group(0).strip()} {who.text}'")
                if clause.claimant is not None:
                    part.evidence = self.evidence(clause, section, sentence, "perpetrator", who)
                if mainish:
                    result.parts.append(part)
                    made += 1
        # "Israeli jets struck the airport", "Turkish drones targeted a vehicle": in an article about a
        # strike, who struck; "X clashed with Y", "X and Y fought": in a battle, who fought.
        lead = re.match(r"^(?:(?:On|In|By|At|Later|Earlier|Shortly|Then|After)\b[^,]{0,40},\s*|(?:On|In|By)\s+(?:\d{1,2}(?:[–-]\d{1,2})?\s+)?"
                        r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
                        r"(?:\s+\d{1,2})?(?:,?\s+\d{4})?\s+)?(?:the\s+)?", text)
        subj = self.mention_at(inner, clause.start + lead.end()) if lead else None
        if subj is not None and subj.kind in ("actor", None) and (subj.known or subj.kind == "actor") and mainish \
                and subj.start - clause.start <= lead.end() + 4:
            tail = sentence[subj.end:clause.end]
            vm = re.match(r"(?:\s+(?:forces|fighters|troops|units|militants|soldiers))?\s+(?:(?:reportedly|allegedly|then|also|later|"
                          r"again|repeatedly|first)\s+)?(?P<v>struck|bombed|shelled|targeted|hit|attacked|raided|fired\s+(?:on|at|upon)|"
                          r"clashed\s+with|fought(?:\s+against)?|engaged)\b", tail)
            both = re.match(r"\s+and\s+(?:the\s+)?", tail)
            if both:
                other = self.mention_at(inner, subj.end + both.end() - 0)
                if other is not None and other.kind in ("actor", None):
                    vm2 = re.match(r"(?:\s+(?:forces|fighters|troops))?\s+(?:(?:also|then|later|heavily|repeatedly)\s+)?(?P<v>clashed|fought)\b",
                                   sentence[other.end:clause.end])
                    if vm2 and not self.strike_like():
                        for x in (subj, other):
                            result.parts.append(PartSpec(Name(x.text), "combatant", section, sentence, hedge=_part_hedge(hedges)).review(
                                "ckg:role", f"read from '{sentence[subj.start:other.end + vm2.end()].strip()}'"))
                            made += 1
            elif vm:
                v = vm.group("v").lower()
                fight = v.startswith(("clashed", "fought", "engaged"))
                if not fight and self.strike_like():
                    part = PartSpec(Name(subj.text), "perpetrator", section, sentence, hedge=_part_hedge(hedges))
                    part.review("ckg:role", f"'{subj.text}' is the subject of '{vm.group('v')}' in an article about a strike")
                    if clause.claimant is not None:
                        spec = self.evidence(clause, section, sentence, "perpetrator", subj)
                        spec.review("ckg:objectValue", f"'{subj.text}' is the subject of '{vm.group('v')}'")
                        result.claims.append(spec)
                    else:
                        result.parts.append(part)
                    made += 1
                elif fight and not self.strike_like():
                    foe = self.mention_at(inner, subj.end + vm.end() + (4 if sentence[subj.end + vm.end():].startswith(" the") else 0))
                    for x in [subj] + ([foe] if foe is not None and foe.kind in ("actor", None) else []):
                        result.parts.append(PartSpec(Name(x.text), "combatant", section, sentence, hedge=_part_hedge(hedges)).review(
                            "ckg:role", f"read from '{sentence[subj.start:subj.end + vm.end()].strip()}'"))
                        made += 1
        # "Among the participants were SNA units such as A, B and C", "militias joined the operation,
        # among them A, B and C": each named group fought in it.
        lm = re.search(r"\b(?:participants|took\s+part|joined|participated|were\s+involved)\b[^.;]{0,120}?\b(?:among\s+them|"
                       r"such\s+as|including|namely)\s+(?:the\s+)?", text)
        if lm and mainish and clause.claimant is None and not self.strike_like() and not _BACKGROUND.search(section):
            at = clause.start + lm.end()
            listed: list[Mention] = []
            for x in inner:
                if x.start < at:
                    continue
                if (listed and not re.fullmatch(r",?\s*(?:,|and)\s+(?:the\s+)?|,\s+(?:the\s+)?", sentence[at:x.start])) or \
                        (not listed and x.start - at > 2) or x.kind not in ("actor", None):
                    break
                listed.append(x)
                at = x.end
            for x in listed:
                result.parts.append(PartSpec(Name(x.text), "combatant", section, sentence).review(
                    "ckg:role", f"listed in '{_cut(sentence[clause.start + lm.start():clause.start + lm.end()], 50)}'"))
                made += 1
        # "Clashes broke out between X and Y", "fighting between X and Y": in a battle, both fought.
        bw = re.search(r"\b(?:clashes|fighting|battles?|skirmishes|hostilities|confrontations|(?:was|were)\s+fought|fought)\s+(?:(?:broke\s+out|erupted|took\s+place|"
                       r"occurred|continued|raged|ensued|resumed|intensified)\s+)?(?:[\w\s]{0,30}?\s)?between\s+(?:the\s+)?", text, re.I)
        if bw and mainish and clause.claimant is None and not self.strike_like():
            first = self.mention_at(inner, clause.start + bw.end())
            if first is not None and first.kind in ("actor", None):
                am = re.match(r"(?:\s+(?:forces|fighters|troops|units))?\s+and\s+(?:the\s+)?", sentence[first.end:clause.end])
                second = self.mention_at(inner, first.end + am.end()) if am else None
                if am and second is None:
                    second = first  # "between the SDF and pro-government forces": the one named fought (the other is no name)
                if second is not None and second.kind in ("actor", None):
                    # (A party the infobox already lists on a side is not repeated: the infobox says it.)
                    for x in ((first, second) if second is not first else (first,)):
                        if self.b.side_of(x.text) is not None:
                            continue
                        result.parts.append(PartSpec(Name(x.text), "combatant", section, sentence, hedge=_part_hedge(hedges)).review(
                            "ckg:role", f"read from '{_cut(sentence[clause.start + bw.start():second.end], 70)}'"))
                        made += 1
        # "X was an offensive by Y against Z", "a series of 37 airstrikes by Y": the article's event described.
        if m := re.search(r"\b(?:(?:was|were|is)\s+(?:an?|the)\s+(?:series\s+of\s+(?:\d+\s+)?)?(?:[\w-]+\s+){0,2}?"
                          r"(?:offensive|operation|attack|airstrikes?|strikes?|campaign|raid)|"
                          # "The X offensive was launched by Y against Z": the article's event, in the passive.
                          r"^(?:the\s+)?(?:[\w()-]+\s+){0,6}?(?:offensive|operation|attack|airstrikes?|strikes?|campaign|raid|assault)\s+"
                          r"(?:was|were)\s+(?:launched|carried\s+out|conducted|initiated|begun|started|mounted))\s+by\s+(?:the\s+)?", text, re.I):
            who = self.mention_at(inner, clause.start + m.end())
            if who is None and (bm := re.match(r"[\w.]+[-–](?:backed|supported|allied)\s+", text[m.end():])):
                who = self.mention_at(inner, clause.start + m.end() + bm.end())  # "by the Turkish-backed SNA": the SNA
            if who is not None and mainish and not re.search(r"carried\s+out\s+by\s*$", text[:m.end()]):
                result.parts.append(PartSpec(Name(who.text), "perpetrator", section, sentence, hedge=_part_hedge(hedges)).review(
                    "ckg:role", f"read from '{m.group(0).strip()} {who.text}'"))
                made += 1
                am = re.search(r"\bagainst\s+(?:both\s+)?", text[m.end():])
                if am:
                    for target in [x for x in inner if x.start >= clause.start + m.end() + am.end() and x.kind in ("actor", None)][:3]:
                        between = sentence[clause.start + m.end() + am.end():target.start]
                        if re.search(r"[.;]|\b(?:in|at|near|within)\b", between):
                            break
                        result.parts.append(PartSpec(Name(target.text), "target", section, sentence).review(
                            "ckg:role", f"read from 'against ... {target.text}'"))
                        made += 1
        # "X (, and allegedly the Y,) carried out / conducted (an|a|the) (joint) airstrike".
        sm = re.search(r"\b(?:carried\s+out|conducted|launched|began)\s+(?:an?\s+|the\s+)?(?:joint\s+|series\s+of\s+)?(?:\w+\s+){0,2}?"
                       r"(?:air\s*strikes?|strikes?|attacks?|offensive|operation|raids?|bombing|assaults?|bombardment|shelling)\b", text, re.I)
        if sm and not re.search(r"\bby\s*$", text[:sm.start()]) and mainish_subject(text[:sm.start()]):
            # "launched Operation Spring Shield": the subject is the perpetrator of that named event.
            other = next((x for x in inner if x.kind == "event" and x.start <= clause.start + sm.end() and x.end > clause.start + sm.start()
                          and not _same_name(x.text, self.title)), None)
            subject = [x for x in inner if x.end <= clause.start + sm.start() and x.kind in ("actor", None)
                       and not lexicon.AIRCRAFT_DESIGNATION.search(x.text) and (x.known or other is not None or
                                                                                 re.search(r"\b(?:Forces|Army|Force|Group|Front|Brigade|"
                                                                                           r"Movement|Council|Party|Corps|Guard)\b", x.text))]
            if other is not None:
                for x in subject[:2]:
                    result.parts.append(PartSpec(Name(x.text), "perpetrator", section, sentence, about=Name(other.text, ("event",))).review(
                        "ckg:role", f"'{x.text}' is the subject of '{sm.group(0)}'"))
                    made += 1
                subject = []
            for x in subject:
                between = sentence[x.end:clause.start + sm.start()]
                pre = sentence[max(clause.start, x.start - 25):x.start].lower()
                hedge = _part_hedge(hedges)
                if re.search(r"\ballegedly\b", pre):
                    hedge = "allegedly"
                elif re.search(r"\breportedly\b", pre):
                    hedge = "reportedly"
                else:
                    hedge = None if "allegedly" in pre else hedge
                # In a battle, who launched an assault fought in it: a combatant, not a perpetrator.
                battle = (self.b.event.types[:1] or [""])[0] == "ckg:MilitaryEvent"
                part = PartSpec(Name(x.text), "combatant" if battle else "perpetrator", section, sentence, hedge=hedge)
                part.review("ckg:role", f"'{x.text}' is the subject of '{sm.group(0)}'" + (" in a battle: a combatant" if battle else ""))
                if self.another_event(text):
                    continue
                if clause.claimant is not None and battle:
                    # "According to X, the Tiger Forces launched an assault": a combatant, by X's word.
                    part.evidence = self.evidence(clause, section, sentence, "statement", x)
                    result.parts.append(part)
                elif clause.claimant is not None:
                    # "According to SANA, Israeli aircraft carried out ...": SANA's claim of who did it.
                    spec = self.evidence(clause, section, sentence, "perpetrator", x)
                    spec.hedges = list(dict.fromkeys(spec.hedges + ([hedge] if hedge else [])))
                    spec.review("ckg:objectValue", f"'{x.text}' is the subject of '{sm.group(0)}'")
                    result.claims.append(spec)
                else:
                    result.parts.append(part)
                made += 1
                del between
            # "X launched an offensive against Y": in a battle, the side it was launched against fought in it too.
            foe_at = re.match(r"\s+(?:on\s+\d{1,2}\s+[A-Z][a-z]+\s+)?against\s+(?:the\s+)?", text[sm.end():])
            if foe_at and subject and clause.claimant is None and not self.strike_like() and mainish and not self.another_event(text):
                foe = self.mention_at(inner, clause.start + sm.end() + foe_at.end())
                if foe is not None and foe.kind in ("actor", None) and (foe.known or foe.kind == "actor"):
                    result.parts.append(PartSpec(Name(foe.text), "combatant", section, sentence, hedge=_part_hedge(hedges)).review(
                        "ckg:role", f"read from '{sm.group(0)}{foe_at.group(0)}{foe.text}' in a battle: a combatant"))
                    made += 1
        # "a series of airstrikes that the Turkish Air Force began on 20 November": who carried them out.
        if m := re.search(r"\b(?:air\s*strikes?|strikes?|offensive|operation|campaign|attacks?)\s+(?:that|which)\s+(?:the\s+)?", text):
            who = self.mention_at(inner, clause.start + m.end())
            vm = re.match(r"\s*(?:began|launched|started|carried\s+out|conducted)\b", sentence[who.end:]) if who is not None else None
            if who is not None and vm and mainish and who.kind in ("actor", None):
                result.parts.append(PartSpec(Name(who.text), "perpetrator", section, sentence).review(
                    "ckg:role", f"read from '{m.group(0).strip()} {who.text}{vm.group(0)}'"))
                made += 1
        # "a rocket attack believed to have been carried out by the SDF": a hedged attribution, as a claim.
        for m in re.finditer(r"\b(?:believed|thought|suspected|reported|alleged|said|claimed)\s+to\s+have\s+been\s+"
                             r"(?:carried\s+out|conducted|launched|perpetrated)\s+by\s+(?:the\s+)?", text):
            who = self.mention_at(inner, clause.start + m.end())
            if who is not None and who.kind in ("actor", None):
                hedge = {"believed": "believed", "thought": "believed", "suspected": "believed", "reported": "reportedly",
                         "alleged": "allegedly", "said": "reportedly", "claimed": "claimed"}[m.group(0).split()[0]]
                spec = ClaimSpec("perpetrator", section, sentence, claimant=clause.claimant, about=clause.about,
                                 object=Name(who.text), hedges=[hedge], text_value=_short_value(text))
                spec.review("ckg:objectValue", f"read from '{m.group(0).strip()} {who.text}'")
                result.claims.append(spec)
                made += 1
        # "fighting broke out ... between forces of X and those of Y": both fought in it.
        if m := re.search(r"\b(?:fighting|clashes|battles?)\b[^.;]{0,80}?\bbetween\s+(?:the\s+)?(?:forces\s+of\s+(?:the\s+)?)?", text):
            first = self.mention_at(inner, clause.start + m.end())
            if first is not None and mainish and first.kind in ("actor", None):
                second = next((x for x in inner if x.start > first.end and re.fullmatch(
                    r"\s+and\s+(?:those\s+of\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}?", sentence[first.end:x.start])
                    and x.kind in ("actor", None)), None)
                for x in [first] + ([second] if second else []):
                    result.parts.append(PartSpec(Name(x.text), "combatant", section, sentence).review(
                        "ckg:role", f"read from '{m.group(0).strip()} ... {x.text}'"))
                    made += 1
        # "bombing raids on Hayat Tahrir al-Sham forces": who was attacked.
        for m in re.finditer(r"\b(?:air\s*strikes?|strikes?|raids?|attacks?|bombing|assault|shelling)\s+on\s+(?:the\s+)?(?:positions\s+of\s+(?:the\s+)?)?", text):
            who = self.mention_at(inner, clause.start + m.end())
            if who is not None and who.kind == "actor" and who.known and mainish and clause.claimant is None:
                result.parts.append(PartSpec(Name(who.text), "target", section, sentence).review(
                    "ckg:role", f"read from '{m.group(0).strip()} {who.text}'"))
                made += 1
        # Supporters: "with support from X", "X (reportedly) gave/provided logistical support to Y".
        for m in re.finditer(r"\bwith\s+(?:the\s+)?support\s+(?:of|from)\s+", text):
            who = self.mention_at(inner, clause.start + m.end())
            if who is not None and mainish:
                part = PartSpec(Name(who.text), "supporter", section, sentence, hedge=_part_hedge(hedges))
                side = self.b.side_of(who.text)
                if side is None:
                    first = next((x for x in inner if x.start < clause.start + m.start() and x.kind == "actor"), None)
                    if first is not None:
                        side = self.b.side_of(first.text)
                part.side = side
                part.review("ckg:role", f"read from 'with support from {who.text}'")
                result.parts.append(part)
                made += 1
        # "X, backed by the United States,", "X was supported by Russian airstrikes": who supported X.
        for m in re.finditer(r"(?:,\s*|\s+(?:was|were|is|are|had\s+been)\s+)(?:(?:heavily|reportedly|allegedly|also|strongly)\s+)?"
                             r"(?:backed|supported|assisted|aided)\s+by\s+(?:the\s+)?", text):
            at = clause.start + m.end()
            who = self.mention_at(inner, at)
            name = who.text if who is not None and who.kind in ("actor", None) else None
            dm = re.match(r"([A-Z][\w-]*)\s+(?:air\s*strikes?|aircraft|warplanes|jets|artillery|drones|forces|troops|air\s+power)\b",
                          sentence[at:clause.end])
            if (name is None or lexicon.demonym_country(name)) and dm and lexicon.demonym_country(dm.group(1)):
                name = lexicon.demonym_country(dm.group(1))  # "supported by Russian airstrikes": Russia
            if name is not None and mainish and not self.strike_like():
                part = PartSpec(Name(name), "supporter", section, sentence, hedge=_part_hedge(hedges),
                                support_kind="military" if dm else None)
                part.side = self.b.side_of(name)
                part.review("ckg:role", f"read from '{m.group(0).strip(' ,')} {sentence[at:at + 40].split(',')[0].strip()}'")
                result.parts.append(part)
                made += 1
        if m := re.search(r"^(?P<who>.+?)\s+(?:(?P<hedge>reportedly|allegedly)\s+)?(?:gave|provided|offered|lent)\s+"
                          r"(?P<kind>logistical|intelligence|military|air|artillery|financial)?\s*support\s+to\s+", text):
            who = next((x for x in inner if x.start < clause.start + len(m.group("who")) + 1), None)
            if who is not None:
                kind = {"logistical": "logistical", "intelligence": "intelligence", "military": "military",
                        "air": "military", "artillery": "military"}.get((m.group("kind") or "").lower())
                part = PartSpec(Name(who.text), "supporter", section, sentence,
                                hedge=m.group("hedge") or _part_hedge(hedges), support_kind=kind)
                part.review("ckg:role", f"read from '{m.group(0).strip()}'")
                result.parts.append(part)
                made += 1
        # "with intelligence provided by the United States": support, evidenced by its claimant.
        if m := re.search(r"\bwith\s+(?P<kind>intelligence|logistical\s+support|support|weapons)\s+provided\s+by\s+", text):
            who = self.mention_at(inner, clause.start + m.end())
            if who is not None:
                part = PartSpec(Name(who.text), "supporter", section, sentence, hedge=_part_hedge(hedges),
                                support_kind="intelligence" if "intelligence" in m.group("kind") else "military")
                part.review("ckg:role", f"read from '{m.group(0).strip()} {who.text}'")
                if clause.claimant is not None:
                    part.evidence = self.evidence(clause, section, sentence, "support", who)
                result.parts.append(part)
                made += 1
        return made

    def evidence(self, clause, section, sentence, measure, who) -> ClaimSpec:
        spec = ClaimSpec(measure, section, sentence, claimant=clause.claimant, stance=clause.stance,
                         hedges=list(clause.hedges), object=Name(who.text))
        for check, reason in clause.reviews:
            if reason and check != "node":
                spec.review(check, reason)
        return spec

    def mention_at(self, mentions: list[Mention], at: int) -> Mention | None:
        """The name that starts at `at` (after an optional "the")."""
        for m in mentions:
            if at <= m.start <= at + 5:
                return m
        return None

    def about_main(self, text: str) -> bool:
        """Whether a clause is about the article's own event rather than another one."""
        return not self.another_event(text)

    def another_event(self, text: str) -> bool:
        return bool(re.search(r"\banother\s+(?:air)?strike\b|\bpreviously\b|\bearlier\s+(?:battle|offensive|strike)\b", text, re.I))

    # -- places --------------------------------------------------------------------------------

    def places(self, section, sentence, text, clause, inner, result) -> None:
        """Where the article's event happened, from sentences about it: "an airstrike ... in Palmyra",
        "near the Deir ez-Zor Airport"."""
        if clause.claimant is not None or self.another_event(text):
            return
        head = re.search(r"\b(?:air\s*strikes?|strikes?|attack|raid|offensive|operation|bombing|air\s+raid|fighting|clashes|fought|"
                         r"skirmish(?:es)?|firefight|"
                         r"(?:were|was)\s+targeted|targeted|struck|(?:re)?captured|seized|entered|took\s+control\s+of|retook|overran)\b",
                         text, re.I)
        if not head or re.search(r"\b(?:deadliest|largest|first\s+time|worst)\b", text):
            return
        # A sentence dated outside the event ("the groups captured Damascus the following day", after
        # the offensive ended) is about what came before or after it, not where it happened.
        when = self.reference_date(text)
        if when is not None and self.b.event_start is not None:
            import datetime as dt  # noqa: PLC0415 - local: only this comparison needs date arithmetic

            day = dt.date.fromisoformat(when[0][0])
            end = self.b.event_end or self.b.event_start
            if day < self.b.event_start - dt.timedelta(days=1) or day > end + dt.timedelta(days=1) \
                    or when[1].lower().endswith(("following day", "next day")) and day > end:
                return
        # "launched Operation Spring Shield in Idlib province": the places of that named event.
        about = None
        other = next((x for x in inner if x.kind == "event" and x.start <= clause.start + head.end() and x.end > clause.start + head.start()
                      and not _same_name(x.text, self.title)), None)
        if other is not None:
            about = Name(other.text, ("event",))
        listed = False
        list_mode = False  # the place taken before opened or continued a list of places
        last: tuple[int, str] | None = None  # the end of the place taken before, and its property
        for m in inner:
            if m.kind != "place" or m.start < clause.start + head.start():
                continue
            before = sentence[max(clause.start, m.start - 60):m.start].lower()
            if last is not None and re.fullmatch(r"(?:,\s*|\s+)(?:and\s+)?(?:the\s+)?", sentence[last[0]:m.start]):
                prop = last[1]  # "the towns of as-Safirah and Khanasir": the next place of a list
            elif re.search(r"\b(?:(?:re)?captured|seized|entered|took\s+(?:control\s+of|over)|retook|overran)\s+(?:the\s+)?"
                           r"(?:(?:parts?|most|much|control)\s+of\s+(?:the\s+)?)?(?:{_DESCRIBED}(?:city|town|village|district|neighbou?rhood|base|"
                           r"airbase|airport)s?\s+of\s+)?$".replace("{_DESCRIBED}", _DESCRIBED), before):
                prop = "ckg:location"  # "the SNA captured the towns of as-Safirah": where the fighting was
            elif re.search(rf"\bnear\s+(?:the\s+)?(?:{_DESCRIBED}(?:city|town|village)\s+of\s+)?$", before) or \
                    re.search(r"\b(?:kilomet(?:er|re)s?|km|miles?)\s+(?:north|south|east|west|north-?east|north-?west|south-?east|"
                              r"south-?west)(?:ern)?\s+of\s+$", before):
                prop = "ckg:nearLocation"
            elif re.search(rf"\b(?:in|at|on)\s+(?:both\s+)?(?:the\s+)?(?:{_DESCRIBED}(?:city|town|village|region)\s+of\s+)?$", before):
                prop = "ckg:location"
            elif re.search(r"\bfrom\s+(?:the\s+)?$", before) and re.search(r"\blaunched\b", text[:m.start - clause.start]):
                prop = "ckg:launchedFrom"
            elif re.search(rf"\b(?:targeted|struck|hit|bombed|shelled)\s+(?:the\s+)?(?:{_DESCRIBED}(?:city|town|village)\s+of\s+)?$", before) and (
                    m.known or re.match(r",\s+an?\s+(?:town|village|city)\b", sentence[m.end:])):
                prop = "ckg:location"  # "It also targeted Makman, a town in ...", "Israeli jets struck Palmyra"
            else:
                continue
            prev = [x for x in inner if x.kind == "place" and x.end <= m.start and m.start - x.end <= 8]
            in_list = _PLACE_LIST_TAIL.match(sentence[m.end:]) or re.match(
                r"(?:,\s*(?:al-)?[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,2})*,?\s+and\s+(?:the\s+)?(?:al-|as-)?[A-Z]", sentence[m.end:])
            # "(in Aleppo, Raqqa, al-Hasaka)": three names or more closed by a parenthesis are a list, not
            # a place and the larger one around it.
            in_list = in_list or re.match(r"(?:,\s*(?:the\s+)?(?:al-|as-|el-)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)+\s*\)", sentence[m.end:]) \
                or (list_mode and last is not None and re.fullmatch(r"(?:,\s*|,?\s+and\s+)(?:the\s+)?", sentence[last[0]:m.start]))
            if prev and re.fullmatch(r"\s*(?:,|in|of)\s*(?:the\s+)?", sentence[prev[-1].end:m.start]) and \
                    not (in_list and sentence[prev[-1].end:m.start].strip() == ","):
                continue  # "in Palmyra in central Syria", "Deir ez-Zor Governorate of Syria": the larger place around it
            # A name the graph does not hold is a place when the words say so: "the town of X", "near X",
            # "X, a town in", "X Governorate", "X, Y and Z districts", or the list of places it goes on.
            # ("captured X", "seized X": what a side captures is a place, when the name reads as one.)
            captured = re.search(r"\b(?:(?:re)?captured|seized|retook|overran|took\s+(?:control\s+of|over))\s+(?:the\s+)?$", before) \
                and not _person_like(m.text) and not re.match(r"(?:Abu|Umm|Sheikh|General|Colonel|Commander)\b", m.text)
            if m.known or captured or re.search(r"\b(?:(?:city|town|village|district|neighbou?rhood)s?\s+of|near)\s+$", before) or \
                    (list_mode and last is not None and last[0] >= m.start - 8) or \
                    prop == "ckg:nearLocation" or re.match(r",\s+an?\s+(?:\w+\s+)?(?:town|village|city)\b", sentence[m.end:]) or \
                    _PLACE_WORDS.search(m.text) or _PLACE_LIST_TAIL.match(sentence[m.end:]) or \
                    (last is not None and last[0] >= m.start - 8 and listed):
                result.event_facts.append(EventFact(prop, Name(m.text, ("place",)), section, sentence, about=about,
                                                    comment=f"\"{before.strip()} {m.text}\"",
                                                    reviews=[] if m.known else [_r(prop, f"'{m.text}' read as a place from '{before.strip()} {m.text}'")]))
                listed = True
                list_mode = bool(in_list)
                last = (m.end, prop)
        del listed

    # -- figures ---------------------------------------------------------------------------------

    def figures(self, text: str, clause: Clause, section: str, sentence: str, inner: list[Mention]) -> list[ClaimSpec]:
        out: list[ClaimSpec] = []
        year = self.b.event_start.year if self.b.event_start else None
        if clause.claimant is None and _SOURCE_SUBJECT.match(text):
            # "Turkish state media gave a lower toll of 35", "Local sources estimated the dead at 20": a
            # source is the subject, but no rule read its verb as one of saying; its figures are not the
            # article's own, and are left out (quoted in "Not read") rather than given to the article.
            return out
        for hit in find_figures(text):
            fig, measure, words, group, counted, kind = hit["figure"], hit["measure"], hit["words"], hit["group"], hit["counted"], hit["kind"]
            if measure == "__revision__":
                earlier = next((c for c in reversed(self.section_claims + out) if c.figure is not None and c.breakdown_of is None), None)
                if earlier is None:
                    continue
                measure = hit["measure"] = earlier.measure
                counted = counted or earlier.counted
            if measure is None:
                continue
            hedges = list(clause.hedges) + [h for h, _ in lexicon.hedges_in(text) if h not in clause.hedges]
            if hit.get("estimated") and "estimated" not in hedges:
                hedges.append("estimated")
            spec = ClaimSpec(measure, section, sentence, claimant=clause.claimant, about=clause.about, figure=fig, figure_text=hit["text"].strip(),
                             counted=counted, group=group, stance=clause.stance, hedges=[h for h in hedges if h != "likely"],
                             stated_to=clause.stated_to, claim_date=clause.claim_date)
            for check, reason in clause.reviews:
                if reason and check != "node":
                    spec.review(check, reason)
            spec.review("ckg:measure", f"'{hit['text']}' read as {measure}{(' of ' + counted.replace('-', ' ') + 's') if counted else ''} "
                                       f"from '{words}'")
            if hit.get("uncounted"):
                spec.review("ckg:countedThing", f"'{hit['text']}' counts {hit['uncounted']}: neither people nor a thing the vocabulary "
                                                "has a term for; drafted without a counted thing: say what it counts or leave it out")
            if hit.get("part_of") is not None:
                spec.breakdown_of = out[hit["part_of"]] if hit["part_of"] < len(out) else None
                if spec.breakdown_of is not None and clause.claimant is None and spec.breakdown_of.claimant is not None:
                    spec.claimant, spec.hedges = spec.breakdown_of.claimant, list(spec.breakdown_of.hedges)
            elif hit.get("include_previous"):
                # The total said before: never another item of the same list ("The dead included 6 children
                # and 4 women": two parts of a total the sentence does not give, not one part of the other).
                total = next((c for c in reversed(self.section_claims + out) if c.measure == measure and c.breakdown_of is None
                              and (c.claimant == clause.claimant or clause.claimant is None) and c.figure is not None
                              and not any(c is x for x in self.included)), None)
                if total is not None:
                    spec.breakdown_of = total
                    total.completeness = total.completeness or "partial"
                    spec.review("ckg:breakdownOf", f"'{hit['text']}' read as a part of '{total.figure_text}', said before")
                    if clause.claimant is None and total.claimant is not None:
                        # "The dead include ...": the breakdown goes on with what its total's claimant said.
                        spec.claimant, spec.hedges = total.claimant, list(total.hedges)
                        spec.review("ckg:claimant", f"'{hit['text']}' breaks down '{total.figure_text}' of {total.claimant.text}: "
                                                    f"read as said by {total.claimant.text} too")
            if hit.get("include_previous"):
                self.included.append(spec)
            if spec.breakdown_of is not None and spec.breakdown_of.completeness is None:
                spec.breakdown_of.completeness = "partial"
            if not hit.get("revision") and clause.verb.lower() in ("raised", "revised", "updated", "lowered", "adjusted",
                                                                   "increased", "put") and measure == "killed" and \
                    re.match(r"\s*(?:the|its|their)\s+(?:death\s+|casualty\s+)?(?:toll|count)\b", text) and clause.verb.lower() != "put":
                hit["revision"] = f"{clause.verb} the toll"  # "SOHR later raised the toll to 25"
            if hit.get("revision"):
                # What it revises: the last figure of that measure, its own claimant's first ("a toll it later
                # revised to 19"), else anyone's before this sentence ("first reports ...; the toll was adjusted to 57").
                candidates = [c for c in reversed(self.section_claims + out) if c.measure == measure and c.breakdown_of is None]
                earlier = next((c for c in candidates if c.claimant == spec.claimant),
                               next((c for c in candidates if c not in out), None))
                if earlier is not None and earlier.claimant == spec.claimant:
                    spec.revises = earlier
                    spec.review("ckg:revises", f"'{hit['revision']}': read as a revision of '{earlier.figure_text}' said before")
                elif earlier is not None:
                    # A revision is its claimant's own (the model: same claimant). "The first reports
                    # mentioned ... 23. Later that day the death toll was adjusted to 57": the passive names
                    # no one, so the figure stays as the article says it; whose toll it revises is named
                    # for the analyst, not guessed.
                    who = earlier.claimant.text if earlier.claimant is not None else "the article"
                    mine = spec.claimant.text if spec.claimant is not None else "the article's own voice"
                    spec.review("ckg:claimant", f"'{hit['revision']}' revises '{earlier.figure_text}' of {who}, but is read as "
                                                f"{mine}'s: if {who} revised it, make it {who}'s and add ckg:revises")
            if clause.disputes:
                earlier = next((c for c in reversed(self.section_claims) if c.measure == measure and c.claimant != clause.claimant
                                and c.breakdown_of is None), None)
                if earlier is not None:
                    spec.disputes = earlier
            if kind == "subject-side":
                pass
            side_name = hit.get("possessor")
            if side_name:
                side = self.b.side_of(side_name)
                if side is not None:
                    spec.side = side
                    spec.review("ckg:forSide", f"'{side_name}' is on side {side} in the infobox")
            # "on 22 January": the figure refers to that day.
            dm = re.search(r"\bon\s+(\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?)\b", hit.get("after", ""))
            if dm and (span := _read_date(dm.group(1), year)):
                spec.reference_date = span
            out.append(spec)
        # Subject of the clause with a side: "the SNA had captured approximately 850km²".
        return out


# (Not inside a word: "at" of "Hay'at", "as" of "as-Safirah".)
_NOT_IN_SUBJECT = re.compile(r"(?<![\w'’-])(?:was|were|is|are|had|has|have|been|which|that|who|killed|carried|launched|took|began|"
                             r"started|struck|captured|hit|did|do|does|after|before|because|when|as|if|to|by|on|at|in\s+the|"
                             r"from|with)(?![\w'’-])", re.I)


def _semicolon_parts(sentence: str) -> list[tuple[int, int]]:
    """Where `sentence` is cut by semicolons outside parentheses and quotes."""
    cuts, depth, quoted = [], 0, False
    for i, ch in enumerate(sentence):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in '"“”':
            quoted = not quoted
        elif ch == ";" and depth == 0 and not quoted:
            cuts.append(i)
    bounds, start = [], 0
    for c in cuts:
        bounds.append((start, c))
        start = c + 1
        while start < len(sentence) and sentence[start] == " ":
            start += 1
    bounds.append((start, len(sentence)))
    return [(a, b) for a, b in bounds if b > a]


# "Rebel commander Abu Example was killed", "IRGC General Example was killed": a commander's fate.
_COMMANDER_FATE = re.compile(
    r"(?:^|[,;]\s+|\b(?:the|and)\s+)(?P<title>(?:(?:[A-Z][\w-]*|rebel|senior|top|field|local)\s+){0,3}?"
    r"(?:[Cc]ommander|General|Colonel|Brigadier|Major\s+General|Emir|emir))\s+"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:al-|bin\s+|ibn\s+|abu\s+)?[A-Z][\w'’-]+){0,3}),?\s+(?:was|had\s+been)\s+"
    r"(?:(?:reportedly|also)\s+)?(?P<fate>killed|captured|wounded|injured)\b")
# "Abu Example, a senior commander of the X, was killed", "General Y, who commanded the convoy, was among the
# dead": a commander's fate, his post in apposition.
_COMMANDER_FATE_APPOSED = re.compile(
    r"(?:^|[,;]\s+)(?:(?P<title>(?:[A-Z][\w.-]*\s+){0,3}?(?:General|Colonel|Brigadier|Commander|Major|Lieutenant|Captain))\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:al-|bin\s+|ibn\s+|abu\s+)?[A-Z][\w'’-]+){1,3}),\s+(?:(?:an?|the)\s+(?:senior\s+|top\s+|local\s+|"
    r"field\s+|military\s+)?commander\s+(?:of|in|with)\s+[^,;]{2,60}|who\s+(?:commanded|led)\s+[^,;]{2,60}),\s+(?:was|had\s+been)\s+"
    r"(?:(?:reportedly|also|later)\s+)?(?P<fate>killed|captured|wounded|injured|among\s+the\s+dead|among\s+those\s+killed)\b")
# "Among the dead was Abu Example, a commander of the X": the commander killed.
_COMMANDER_AMONG_DEAD = re.compile(
    r"\b(?P<fate>[Aa]mong\s+the\s+dead|[Aa]mong\s+those\s+killed)\s+(?:was|were)\s+(?:(?P<title>(?:[A-Z][\w.-]*\s+){0,3}?"
    r"(?:General|Colonel|Brigadier|Commander|Major|Lieutenant|Captain))\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+(?:al-|bin\s+|ibn\s+|abu\s+)?"
    r"[A-Z][\w'’-]+){1,3}),\s+(?:an?|the)\s+(?:senior\s+|top\s+|local\s+|field\s+|military\s+)?commander\b")
# Words of an institution's generic name ("Defense Ministry", "Air Force"): after a possessive they
# need their owner ("Turkey's Defense Ministry"); a distinctive name does not ("Amaq News Agency").
# Verbs of what a party to the fighting did ("captured", "withdrew from"): a sentence with one and
# a named actor as its subject is a statement about that actor.
# Weapons by what they are, after the word that says they were used ("by", "with", "using", "to").
_WEAPON_WORDS = (r"(?:drone|artillery|missile|rocket|mortar|air|tank)(?:\s+and\s+(?:drone|artillery|missile|rocket|mortar|air))?"
                 r"\s+(?:strikes|fire|attacks|shelling|barrages?)|(?:(?:armed|suicide|kamikaze|explosive-laden|attack)\s+)?drones?|(?:anti-tank\s+)?guided\s+missiles?|barrel\s+bombs?|"
                 r"cluster\s+(?:munitions|bombs)|(?:ballistic|cruise)\s+missiles?|car\s+bombs?|improvised\s+explosive\s+devices?|"
                 r"IEDs?|(?:heavy\s+)?artillery|mortars?|rockets?|grad\s+rockets?")
_WEAPON = re.compile(rf"\b(?:by|with|using|to)\s+(?:an?\s+|the\s+)?(?P<w>(?:(?-i:[A-Z])[\w-]+\s+)?(?:{_WEAPON_WORDS})"
                     rf"(?:\s+(?:loaded|laden|packed|armed)\s+with\s+(?:\w+\s+){{0,2}}?explosives)?)\b", re.I)
# The rest of a list of places that ends on what they are: ", Al-Furqan and Saif al-Dawla districts".
_PLACE_LIST_TAIL = re.compile(r"(?:(?:,\s*|,?\s+and\s+)(?:the\s+)?(?:[A-Z\u00C0-\u024F]|(?:al|el|as|ash|ad|ar|at|az|an)-)[\w'’-]*"
                              r"(?:\s+(?:al-|el-)?[A-Z\u00C0-\u024F][\w'’-]*){0,3})*\s+(?:districts?|neighbou?rhoods?|villages?|towns?|"
                              r"quarters?|suburbs?|hamlets?|fronts?|axes|areas)\b")
# Words that describe a place before "city of", "town of": "the government-held Syrian city of Aleppo".
# (Read on lower-cased words.)
_DESCRIBED = r"(?:(?:[a-z]+-(?:held|controlled|majority|populated)|[a-z]+(?:an|ian|i|ish)|strategic|key|northern|" \
             r"southern|eastern|western|central|northeastern|northwestern|southeastern|southwestern|border|nearby|small|large|" \
             r"ancient|frontline|besieged|coastal|desert|rebel|opposition|government|regime|arab)\s+){0,3}"
_ACTION_VERB = re.compile(
    r"\b(?:(?:re)?captured|seized|took\s+(?:control|over)|entered|withdrew|retreated|advanced|launched|repelled|"
    r"recaptured|retook|besieged|encircled|surrounded|stormed|overran|shelled|bombed|struck|attacked|ambushed|"
    r"evacuated|deployed|announced|declared|began|started|ended|halted|resumed|killed|destroyed)\b")

_INSTITUTION_WORDS = {"ministry", "minister", "defense", "defence", "foreign", "interior", "affairs", "national", "army", "air",
                      "force", "forces", "navy", "military", "government", "armed", "general", "staff", "command", "intelligence",
                      "agency", "news", "state", "media", "president", "presidency", "office", "spokesman", "spokesperson",
                      "of", "the", "and", "for", "health", "information", "security", "services", "police", "embassy"}


# What may follow a verb of saying at the end of a sentence without being what is said: whom it was
# told, when, where and how ("told Reuters", "on 4 December", "in a statement", "on Telegram", "later").
_ADJUNCTS_ONLY = re.compile(
    r"(?:\s*,?\s*(?:(?:to|told)\s+)?(?:the\s+)?(?:[A-Z][\w.'’&-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w.'’&-]*)*)(?=\s*(?:,|\.|$|\s+(?:on|in|later|late|early|that|via)\b))|"
    r"\s*,?\s*(?:on|late\s+on|early\s+on)\s+(?:the\s+)?(?:\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{1,2}(?:,?\s+\d{4})?|"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|same\s+day|following\s+day|next\s+day)|"
    r"\s*,?\s*(?:later|afterwards|the\s+(?:following|next)\s+day|that\s+(?:day|evening|night|week)|a\s+day\s+later)|"
    r"\s*,?\s*(?:to\s+)?(?:the\s+)?(?:reporters|journalists|press|media|state\s+media|state\s+television|news\s+agencies)|"
    r"\s*,?\s*in\s+(?:a|an|its|their|his|her)\s+(?:\w+\s+){0,2}?(?:statement|report|interview|post|briefing|"
    r"press\s+conference|communiqu[ée]|update|tweet|message)|"
    r"\s*,?\s*(?:on|via)\s+(?:Telegram|Twitter|X|Facebook|its\s+website|social\s+media|state\s+television|television)|"
    r"\s*,\s*(?:citing|quoting)\s+[^,.;]+)*\s*[.]?\s*")
# The head nouns of a speaker described in lower case ("the monitor said", "a doctor told Reuters").
_SPEAKER_HEADS = (r"monitor|observatory|ministry|agency|army|military|government|group|militia|movement|coalition|organi[sz]ation|"
                  r"official|officials|source|sources|spokes(?:man|woman|person)|doctor|doctors|medic|medics|witness|witnesses|"
                  r"resident|residents|activist|activists|commander|rescuers|hospital|authorities|police|outlet|newspaper|"
                  r"channel|broadcaster|network|command|office|statement|report|ministry\s+official")


# The kind of actor the head of a definite description names ("the group" an armed group).
_HEAD_CLASSES = {"group": CKG.ArmedGroup, "militia": CKG.ArmedGroup, "movement": CKG.ArmedGroup, "army": CKG.ArmedForce,
                 "military": CKG.ArmedForce, "government": CKG.Government, "monitor": CKG.Monitor,
                 "observatory": CKG.Monitor, "agency": CKG.MediaOutlet, "ministry": CKG.GovernmentBody}


def _noun_phrase(text: str) -> bool:
    """Whether `text`, before a verb of saying, can be who says it: a name or a description
    ("The Syrian Ministry of Defense", "Iranian sources", "Observers", "He", "its report",
    "A deputy commander of the Quds Force of the IRGC, Ahmad Karimkhani")."""
    t = " ".join(text.split()).strip(" ,")
    t = re.sub(r"\s+(?:both|all|each|jointly|together)$", "", t)  # "X and Y both denied"
    t = re.sub(r"\s+(?:also|later|however|initially|first|further|generally|officially|then|would|have|has|had)$", "", t)
    t = re.sub(r"\s+(?:also|later|however|initially|first|further|generally|officially|then|would|have|has|had)$", "", t)
    if not t or len(t.split()) > 14:
        return False
    if re.fullmatch(r"(?i:he|she|they|it|its\s+report|the\s+report|its\s+statement)", t):
        return True
    if re.fullmatch(r"(?:the\s+)?[A-Z][\w.'’-]*(?:\s+(?:of\s+|al-)?[A-Z][\w.'’-]*)*(?:(?:,\s*|,?\s+and\s+)(?:the\s+)?[A-Z][\w.'’-]*"
                    r"(?:\s+(?:of\s+|al-)?[A-Z][\w.'’-]*)*)+", t):
        return True  # "Iran, Russia and Turkey": several names
    if re.search(r"(?:,\s*|\s)(?:and|but|or)$", t) or re.search(r",\s+(?:and|but)\s", t):
        return False
    if re.fullmatch(r"(?i:but|and|also|then|and\s+also|an?|the|some|this|these|it\s+was|none|nothing|no\s+one|nobody)", t):
        return False
    if re.fullmatch(r"(?i:(?:the|its|their|this)\s+)?(?i:death\s+|casualty\s+)?(?i:toll|figure|number|count|estimate)s?", t):
        return False  # "The toll, initially reported as 12, ...": what is reported, not who reports it
    body = re.sub(r"\b(?:of\s+the|for|of|to|in\s+the\s+region|into\s+the\s+incident|at\s+[A-Z][\w-]+)\b", " ", t)
    # ("sources close to Hezbollah", "media linked to the group": whose sources, not a verb.)
    if _NOT_IN_SUBJECT.search(re.sub(r"\bin\s+the\s+region\b|\binto\s+the\s+incident\b|\bto\s+Syria\b|"
                                     r"\b(?:close|loyal|linked|affiliated|allied|sympathetic)\s+(?:to|with)\b|\b(?:quoted|cited)\s+by\b|"
                                     r"^(?i:an?\s+|the\s+)?(?i:statement|spokes(?:man|woman|person)|officials?|representatives?)\s+from\b", "", t)) and \
            not re.search(r"\b(?:envoy|special|investigation)\b", t, re.I):
        return False
    del body
    if re.fullmatch(rf"(?i:(?:the|a|an|one|this|two|several)\s+(?:[a-z][\w-]*\s+){{0,3}}(?:{_SPEAKER_HEADS}))", t):
        return True  # "the monitor", "a hospital official", "the health ministry": a speaker described
    return bool(re.search(r"[A-Z]", t)) or bool(re.fullmatch(r"(?i:(?:other|some|several|unnamed|local|first)\s+\w+(?:\s+\w+){0,5})", t)) \
        or t.lower() in ("observers", "officials", "sources", "witnesses", "residents", "activists")


def _np_start(s: str, c: Clause) -> int:
    """Where the noun phrase of the attributing verb before `c` starts (for the text before it)."""
    head = s[:c.start]
    m = list(_ATTRIB_VERB.finditer(head))
    if not m:
        return c.start
    verb_start = m[-1].start()
    prefix = s[:verb_start]
    cut = max(prefix.rfind(", "), prefix.rfind("whereas "), prefix.rfind("while "), prefix.rfind("; "))
    return 0 if cut < 0 else cut + 1


def _trim_end(s: str, start: int, end: int) -> int:
    """The end of a clause before the next attribution: without "whereas", "while", "but" and commas."""
    text = s[start:end]
    text = re.sub(r"(?:,?\s*(?:whereas|while|but|and)?\s*)$", "", text)
    return start + len(text)


def _first_words(c: Clause, s: str) -> str:
    return s[c.start:c.start + 10]


def mainish_subject(text: str) -> bool:
    return not re.search(r"\b(?:which|that|who)\s*$", text)


def _part_hedge(hedges: list[str]) -> str | None:
    for h in ("allegedly", "reportedly", "believed", "unconfirmed"):
        if h in hedges:
            return h
    return None


def _r(check: str, reason: str):
    from conflictkg.submission.facts import Review  # noqa: PLC0415 - local: keeps the module's top light

    return Review(check, reason)


def _same_name(a: str, b: str) -> bool:
    from conflictkg.model.names import normalise  # noqa: PLC0415 - local: names imports rdflib

    return normalise(a) == normalise(b) or normalise(re.sub(r"\s*\([^)]*\)", "", a)) == normalise(re.sub(r"\s*\([^)]*\)", "", b))


def _strip_article(text: str) -> str:
    text = re.sub(r"^(?:the|a|an|some|both)\s+", "", text.strip(), flags=re.I)
    # "One Syrian Army colonel" is a Syrian Army colonel; "one official" stays as the text names it.
    return re.sub(r"^[Oo]ne\s+(?=[A-Z])", "", text)


# Words of an office after "of" in a title ("Secretary of Defense", "Minister of Foreign Affairs", "Chief of
# the General Staff"): part of the title, never of the person's name after it.
_OFFICE_WORDS = {"defense", "defence", "state", "foreign", "affairs", "interior", "justice", "health",
                 "information", "finance", "war", "army", "navy", "staff", "general", "joint", "chiefs", "national", "security",
                 "homeland", "intelligence", "operations", "media", "communications", "public", "relations", "armed", "forces"}


def _titled(words: list[str]) -> list[int]:
    """The positions of the title words in a speaker's words, a title's office after "of" included
    ("Secretary of Defense Jim Mattis": up to "Defense")."""
    titled = [i for i, w in enumerate(words) if _TITLE_WORDS.fullmatch(w.strip(",")) or w.lower() in ("state", "staff")]
    if titled:
        k = titled[-1] + 1
        if k < len(words) and words[k].lower() in ("of", "for"):
            j = k + 2 if k + 1 < len(words) and words[k + 1].lower() == "the" else k + 1
            end = j
            while end < len(words) and words[end][:1].isupper() and words[end].strip(",").lower() in _OFFICE_WORDS:
                end += 1
            if end > j:  # "Secretary of Defense", "Chief of the General Staff"; never "commander of the Liwa ..."
                titled += list(range(k, end))
    return titled


def _person_like(text: str) -> bool:
    """"Recep Tayyip Erdoğan", "Ahmad Karimkhani", "William (Bill) Urban": two to four capitalised words."""
    words = re.sub(r"\([^)]*\)", "", text).split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() or w.lower() in ("al", "bin", "ibn", "de", "van", "von", "al-")
                                        or re.match(r"(?:al|el|as|ash|ad|ar|at|az|an|ul)-[A-Z\u00C0-\u024F]", w)  # "al-Ghabash"
                                        for w in words) and words[0][:1].isupper() and not _TITLE_WORDS.search(text) \
        and not re.search(r"\b(?:Forces|Army|Ministry|Council|Observatory|Agency|Times|Institute|Government|Command|News|"
                          r"Party|Front|Brigade|Division|Units|Guard|Corps|Force|Organization|Organisation|Nations|"
                          r"Republic|State|States|Kingdom|Media|Sources|Reports|Officials|Group|Movement)\b", text) \
        and not _PLACE_WORDS.search(text)  # "Tishrin Dam", "Kuweires Airport": a place


def _personish(name: str) -> bool:
    """A person's name, or a person named by title ("The commander of the Liwa Fatemiyoun"), whom a
    later "he" or "she" refers to."""
    return _person_like(name) or (any(_TITLE_WORDS.fullmatch(w) for w in name.split()[:3])
                                  and not re.search(r"\b(?:office|ministry|command|forces|army)\b", name, re.I))


def _short_value(text: str) -> str:
    return " ".join(text.strip(" ,;.").split())


def _time_words(text: str, tm: re.Match) -> str:
    a = max(0, tm.start() - 12)
    pre = text[a:tm.start()]
    pm = re.search(r"(?:around|about|after|before|from|at|by|until|approximately)\s+$", pre, re.I)
    start = a + pm.start() if pm else tm.start()
    end = tm.end()
    rng = re.match(r"\s*(?:to|–|-|and)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?\s?m\.?|p\.?\s?m\.?)?", text[end:])
    if rng:
        end += rng.end()
    return text[start:end].strip()


def _read_date(text: str, year: int | None) -> tuple[str, str] | None:
    from conflictkg.model.dates import parse_date  # noqa: PLC0415 - local: only dates in prose need it

    try:
        span = parse_date(text if re.search(r"\d{4}", text) or year is None else f"{text} {year}")
    except ValueError:
        return None
    return span.start.isoformat(), span.precision


# --------------------------------------------------------------------------------------------
# Kinds of statement (prose): the words that say what a claim without a figure states
# --------------------------------------------------------------------------------------------

STATEMENT_RULES: list[tuple[str, re.Pattern]] = [(k, re.compile(p, re.I)) for k, p in [
    ("superlative", r"\b(?:deadliest|bloodiest|worst|largest|biggest|heaviest|highest|most\s+(?:intense|severe|significant|serious)|"
                    # "the first attack" alone is an ordinal ("repelled the first attack"): a superlative
                    # only with "since", "ever", "of its kind" or "time".
                    r"(?:the\s+)?first\s+(?:time|such|of\s+its\s+kind|(?:fighting|attack|strike|offensive)\s+(?:ever|of\s+its\s+kind)|"
                    r"[\w\s]{0,40}?\bsince))\b"),
    ("launch-direction", r"\b(?:launched|fired)\s+from\s+(?:the\s+direction\s+of|the\s+area\s+of)\b|\bfrom\s+the\s+direction\s+of\b"),
    ("damage", r"\b(?:material\s+damage|damage[ds]?\b(?!\s+(?:to\s+)?(?:\d)))|\bdestroyed\s+(?!\d)(?:the\s+)?(?=[a-z])"),
    ("target", r"\b(?:targeted|targeting|targets?\s+(?:was|were|included)|its\s+target|aimed\s+at|meant\s+to\s+hit|were\s+hit|"
               r"was\s+hit|were\s+targeted|was\s+targeted|were\s+to\s+hit|struck\s+(?!by\b|because\b|when\b|after\b|as\b)(?=\w)|\b(?:an?|the|these|its)\s+(?:[\w-]+\s+){0,4}?(?:air\s*)?"
               r"(?:strikes?|attacks?|raids?|assault)\s+on\s+(?!\d)(?=[a-zA-Z])|"
               # "on multiple Iranian-linked targets", "an aerial assault at 1:10am on Deir ez-Zor"
               r"\b(?:on|against)\s+(?:[\w-]+\s+){0,3}?targets\b|\bassaults?\b[^.;]{0,30}?\bon\s+(?=[A-Z]))"),
    # ("those responsible must be held to account", "whoever was responsible": a demand, not who did it.)
    ("perpetrator", r"\b(?:carried\s+out\s+by\s+(?:Kurdish|unknown|the\s+[A-Z])|blamed|accus(?:ed|ation)|"
                    r"(?<!those\s)(?<!whoever\s)(?<!anyone\s)(?<!whoever\swas\s)(?<!whoever\sis\s)(?<!those\swho\sare\s)"
                    r"(?<!those\swho\swere\s)responsible|responsibility|"
                    # "Israel is widely believed to have carried out the strike"
                    r"(?:believed|thought|suspected|alleged|said|reported)\s+to\s+(?:have\s+)?(?:carried\s+out|been\s+behind|conducted)|"
                    r"retaliatory\s+attack\s+by|perpetrated\s+by)\b"),
    ("objective", r"\b(?:objectives?|aims?\s+(?:of|was|were)|with\s+the\s+aim|goals?|sought\s+to|intended\s+to|in\s+order\s+to|"
                  r"aim(?:ed|ing)\s+to|designed\s+to|purpose\s+(?:of|was)|intention\s+(?:of|to|was)|with\s+the\s+intent(?:ion)?)\b"),
    ("support", r"\b(?:gave\s+[\w\s]*support|provided\s+[\w\s]*support|unprecedented\s+support|(?<!-)[\w.]+[-–]backed\s+"
                r"(?:the\s+)?(?-i:[A-Z])(?![\w-]*\s+(?:militiamen|fighters|militias|groups|factions|forces)\b))"),
    ("movement", r"\b(?:withdrew|retreated|advanced|redeploy(?:ed)?|entering|entered|sent\s+to\s+reinforce|approached|bypassed|"
                 r"in\s+the\s+direction\s+of|abandon(?:ed|ing)|moved\s+(?:into|to|towards))\b"),
    ("presence", r"\b(?:were\s+held\s+by|was\s+held\s+by|still\s+on\s+the\s+outskirts|under\s+the\s+[\w\s]*occupation|"
                 r"took\s+up\s+positions|had\s+largely\s+been\s+withdrawn)\b"),
    ("result", r"\b(?:as\s+a\s+result(?!\s+of)|consequence|resulted\s+in|took\s+control\s+of|ceasefire\s+agreement|"
               r"to\s+take\s+effect|terms\s+included|culminated\s+in|ended\s+(?:with|in)\s+(?:the|a|an)\b)\b"),
    ("reaction", r"\b(?:condemned|condemnation|denounced|call(?:ed|ing)\s+(?:an?\s+)?emergency|to\s+justify|called\s+off|vowed|"
                 r"called\s+for)\b"),
    ("assessment", r"\b(?:concluded|argued|anticipated|unlikely|did\s+not\s+violate|helped\s+lead\s+to|will\s+increase)\b"),
    ("occurrence", r"\bconfirmed\s+the\s+(?:air)?strikes?\b|\bfirst\s+reported\s+it\b"),
    ("casualties-ranking", r"\btook\s+the\s+most\s+casualties\b"),
]]


# --------------------------------------------------------------------------------------------
# Figures in prose
# --------------------------------------------------------------------------------------------

_VERB_BEFORE = [
    (r"(?:killed|killing|kills|slew)", "killed"), (r"(?:injured|injuring|wounded|wounding)", "injured"),
    (r"(?:cost|claimed|took)\s+the\s+lives\s+of", "killed"), (r"(?:(?:re)?captured|(?:re)?capturing|seized|seizing|took\s+control\s+of)", "captured"),
    (r"(?:executed|executing)", "executed"),
    (r"(?:destroyed|destroying)", "destroyed"), (r"(?:lost|losing)", "lost"), (r"(?:launched|fired|firing)", "launched"),
    (r"(?:shot\s+down|downed)", "shot-down"), (r"(?:intercepted)", "intercepted"), (r"(?:displaced)", "displaced"),
    (r"(?:a\s+)?death\s+toll\s+(?:of|at)", "killed"), (r"(?:deaths?|killings?)\s+of", "killed"),
    (r"(?:injur(?:y|ies)|wounding)\s+of", "injured"), (r"capture\s+of", "captured"), (r"displacement\s+of", "displaced"), (r"(?:detention|arrest)\s+of", "arrested"), (r"death\s+toll\s+(?:was\s+)?(?:\w+\s+)?(?:to|at)", "killed"),
    (r"(?:losses|equipment\s+losses)\s+(?:[\w\s]{0,30}?)came\s+to", "lost"),
    (r"announced", None), (r"reported", None), (r"mentioned", None),
]
_VERB_BEFORE_RE = [(re.compile(rf"\b{p}\s+(?:(?:{_QUAL_WORDS})\s+)?$", re.I), m) for p, m in _VERB_BEFORE]
_NUMBER_IN_TEXT = re.compile(
    rf"(?<![\w.,:/-])(?P<fig>(?:(?:{_QUAL_WORDS}|ranging\s+from|from|between)\s+)?"
    rf"(?:{_NUM}(?:\s*(?:–|—|-|to|and)\s*{_NUM})?\+?(?:\s*km²)?|(?:half\s+a|a|{_WORDNUM})\s+dozen\b(?!\s+of\b)|{_SCALED}|(?:a\s+)?(?:{_WORDNUM})|"
    rf"dozens|hundreds|thousands|scores|several|a\s+number\s+of(?=\s+[a-z])|a\s+family\s+of\s+\w+|some(?=\s+(?:[A-Z][\w-]*\s+)?(?:aircraft|jets|vehicles|tanks|drones|civilians|soldiers|fighters))))"
    rf"(?![\w]|-(?!man\b|strong\b))",
    re.IGNORECASE,
)


# "revised to", "raised it to", "before revising the figure to": a figure that revises one said before.
_REVISED_TO = (r"\b(?:adjust(?:ed|ing)|revis(?:ed|ing)|rais(?:ed|ing)|updat(?:ed|ing)|rose|risen|rising|increas(?:ed|ing)|climbed|"
               r"climbing|correct(?:ed|ing)|lower(?:ed|ing)|reduc(?:ed|ing))(?:\s+(?:it|them|the\s+(?:death\s+)?(?:figure|toll|number|"
               r"count|estimate)|its\s+(?:death\s+)?(?:figure|toll|estimate|count)))?\s+to")
# "revised its toll from 12 to 19": the toll before and the revision, not a range from 12 to 19.
_REVISED_FROM_TO = re.compile(r"(\b(?:toll|figure|estimate|count)\s+(?:(?:rose|climbed|increased|fell|was\s+(?:raised|revised|"
                              r"lowered|updated))\s+)?)from\s+([\d,]+)\s+to\s+([\d,]+)", re.I)


def find_figures(text: str) -> list[dict]:
    """The figures of a clause, each with what it measures (from the verb before it, the words after
    it, or its noun), what it counts and whom; breakdowns ("including 73 ...", "64 of them ...",
    "The dead include ...") point at their total; "adjusted to 57" is a revision."""
    out: list[dict] = []
    text = _REVISED_FROM_TO.sub(r"\1of \2, revised to \3", text)
    for m in _NUMBER_IN_TEXT.finditer(text):
        fig_text = m.group("fig")
        if re.match(r"^(?:from|between)\s", fig_text, re.I) and not re.search(r"\d\s*(?:to|and|–|-)\s*\d", fig_text):
            continue
        after = text[m.end():m.end() + 90]
        before = text[max(0, m.start() - 60):m.start()]
        # Not a figure: dates, years, times, designations, distances, durations, ordinals.
        if re.match(r"^\s*(?:January|February|March|April|May|June|July|August|September|October|November|December)\b", after) \
                or re.search(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s*$", before) \
                or re.match(r"^\d{4}$", fig_text.strip()) or re.match(r"^\s*(?:[ap]\.?\s?m\b|hrs\b|:|h\b|o'clock)", after, re.I) \
                or re.match(r"^\s*(?:km|kilomet|miles?|met(?:er|re)s?|minutes?|hours?|days?|weeks?|months?|years?|percent|%|"
                            r"st\b|nd\b|rd\b|th\b|times\b)", after, re.I) \
                or re.search(r"[A-Za-z]-$", before) or re.search(r"\b(?:Task\s+Force|Regiment|Brigade|Division|Corps|Resolution|Route|"
                                                                  r"M|No\.|number|Point|points?)\s*$", before) \
                or re.search(r"\b(?:the|a)\s+$", before) and re.match(r"^(?:one|two)$", fig_text.strip(), re.I) and not re.match(r"^\s+\w+\s+(?:people|civilians|soldiers)", after):
            continue
        if re.search(rf"(?:\d|\b(?:{'|'.join(_NUMBER_WORDS)}))\s+(?:of|out\s+of)\s+(?:the\s+|its\s+|their\s+)?$", before, re.I):
            continue  # "two of the three drones": the whole a part is taken from, not a figure of its own
        if re.match(r"^\s*(?:of\s+)?(?:its|the|their|his|her)\s+kind\b", after) or fig_text.strip().lower() == "a" or \
                fig_text.strip().lower() == "one" and not re.match(r"^\s+(?:[A-Z][\w-]*\s+)?(?:soldier|civilian|person|fighter|child|"
                                                                 r"woman|man|journalist|officer|member)\b", after):
            continue
        if re.match(r"^\s+(?:parts?|areas?|sections?|portions?|neighbou?rhoods?\s+of\s+the\s+city)\s+of\b", after, re.I) and \
                not re.search(r"\d", fig_text):
            continue  # "several parts of the city": where, not how many
        reading = fig_text + after
        if re.match(r"^(?:ranging\s+from|from|between)\s+", reading, re.I):
            # "between 100 and 200 attackers": one range, not two figures joined by "and".
            reading = re.sub(r"^(?:ranging\s+from|from|between)\s+", "", reading, flags=re.I)
            reading = re.sub(r"^([\d,]+)\s+(?:and|to)\s+([\d,]+)", r"\1–\2", reading)
        estimated = bool(re.match(r"^(?:an\s+)?estimated\s", reading, re.I))
        read = read_figure_phrase(_phrase(reading))
        if read is None:
            continue
        fig, counted, measure, words, group, rest = read
        # "recaptured two checkpoints": not people, and no thing of the vocabulary; the figure is kept, marked.
        uncounted = uncounted_noun(fig.rest) if counted is None and group is None and measure not in _PEOPLE_MEASURES else None
        if re.match(r"^\s*of\s+(?:the|those)\s+(?:wounded|injured|dead|killed|victims|casualties|detainees|prisoners|captured)\b", after, re.I) \
                and not re.match(r"^\s+of\s+(?:the\s+dead|those\s+killed|the\s+victims|the\s+casualties)\s+(?:were|was)\s+"
                                 r"(?:(?:all|mostly|reportedly)\s+)?(?:[\w-]+\s+){0,2}?(?:people|civilians?|soldiers|children|women|"
                                 r"men|fighters|militants|members|[A-Z][\w-]*s)\b", after):
            continue  # "three of the wounded died", "several of the wounded were in critical condition": a part of a figure said before
        written = _figure_written(fig_text, after, fig, counted, group)
        # What it measures: the verb before it ("killed at least 108"), the words after it
        # ("57 people were killed", "33 deaths"), or its noun ("37 airstrikes").
        measure_before = None
        verb_words = ""
        for rx, mm in _VERB_BEFORE_RE:
            if vm := rx.search(before):
                measure_before = mm or "__report__"
                verb_words = vm.group(0).strip()
                break
        hit = {"figure": Figure(written, fig.qualifier, fig.min_value, fig.best_value, fig.max_value, fig.rest, fig.label),
               "text": written, "counted": counted, "group": group, "kind": None, "after": after, "estimated": estimated,
               "uncounted": uncounted}
        if measure_before and measure_before != "__report__":
            hit["measure"], hit["words"] = measure_before, verb_words
            if measure is not None and measure != measure_before and counted is None:
                hit["measure"] = measure
        elif measure is not None:
            hit["measure"], hit["words"] = measure, words
        elif re.match(r"^\s*(?:people|persons|civilians|soldiers|fighters|residents|[\w-]+\s+(?:soldiers|civilians|fighters))?\s*"
                      r"(?:were|had\s+been|have\s+been|has\s+been|was)?\s*(?:also\s+|reportedly\s+|allegedly\s+)?"
                      r"(?:(?:may|might|could|are\s+believed\s+to|were\s+(?:believed|reported|said|thought)\s+to)\s+have\s+(?:been\s+)?)?"
                      r"(?:killed|dead|died|wounded|injured|displaced|"
                      r"captured|arrested|detained|executed|abducted|kidnapped|missing)",
                      re.sub(r"^(\s*[\w-]+),\s*(?:including|among\s+them|among\s+whom|of\s+whom)\s+[^,;]{1,60},", r"\1", after), re.I):
            # ("Seven people, including a child, were killed": the breakdown set off by commas is skipped.)
            w = lexicon.measure_in(re.sub(r"^(\s*[\w-]+),\s*(?:including|among\s+them|among\s+whom|of\s+whom)\s+[^,;]{1,60},", r"\1", after))
            hit["measure"], hit["words"] = (w[0], w[1]) if w else (None, "")
        else:
            hit["measure"], hit["words"] = None, ""
        # "21 fighters of the SNA and 9 of the SDF had been killed": figures joined by "and" share the verb after the last.
        if hit["measure"] is None and not measure_before:
            sv = re.match(r"^(?:[^,;.()]|,(?=\s*(?:and\s+)?(?:at\s+least\s+)?\d))*?\band\s+(?:[^,;.()]{0,60}?)\s(?:were|was|had\s+been|"
                          r"have\s+been)\s+(?:also\s+|reportedly\s+|allegedly\s+)?(?P<m>killed|wounded|injured|captured|arrested|"
                          r"detained|executed|missing|displaced)\b", text[m.end():m.end() + 200])
            if sv and re.search(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens)\b", sv.group(0)[:sv.start("m")]):
                w = lexicon.measure_in(sv.group("m"))
                if w:
                    hit["measure"], hit["words"] = w[0], sv.group("m")
        # "a 400-man battalion", "two Russian Sukhoi Su-34s": the strength of what took part.
        if hit["measure"] is None and counted is None and re.match(
                r"^\s*(?:[\w'’-]+\s+){0,4}?(?:(?:had\s+)?took\s+part|participated|(?:were|was)\s+(?:involved|deployed|mobili[sz]ed|"
                r"committed|engaged)|numbering|(?:had\s+)?massed)\b", after, re.I):
            hit["measure"], hit["words"] = "strength", re.search(r"took\s+part|participated|involved|deployed|mobili[sz]ed|committed|"
                                                                r"engaged|numbering|massed", after, re.I).group(0)
        if hit["measure"] is None:
            sm = re.match(r"^-(?:man|strong)\s+(?P<unit>(?:[A-Z][\w-]*\s+)?(?:[\w-]+\s+){0,3}?(?:battalion|brigade|force|unit|"
                          r"company|regiment|convoy|division))\b", after)
            if sm:
                hit["measure"], hit["words"], hit["group"] = "strength", "-man", sm.group("unit")
                hit["text"] = fig_text + after[: len("-man")]
            elif counted in ("fixed-wing-aircraft", "helicopter", "drone", "aircraft") and not re.search(r"\b(?:shot|lost|destroyed|downed|damaged)\b", after[:60]):
                hit["measure"], hit["words"] = "strength", counted
            elif measure_before == "__report__" and counted is None and re.match(r"^\s*(?:deaths|dead|killed|casualties)", after):
                pass
        # "captured 9 villages", "captured 850 km²": places or area captured, not people.
        if hit["measure"] == "captured" and counted == "locality":
            hit["measure"] = "places-captured"
        elif hit["measure"] == "captured" and counted == "square-kilometre":
            hit["measure"] = "area-captured"
        # The parts of a total take its measure: "killed at least 108 people, including 73 ... and 29 ...".
        if hit["measure"] is None and out and (re.search(r"\b(?:including|among\s+them|of\s+whom)\s+(?:at\s+least\s+)?$", before, re.I)
                                               or re.search(r"(?:,|\band)\s+(?:as\s+well\s+as\s+)?$", before)
                                               and (out[-1].get("part_of") is not None or out[-1].get("include_previous"))
                                               or re.match(r"^\s+of\s+them\b", after)):
            hit["measure"], hit["words"] = out[-1]["measure"] if out[-1].get("part_of") is None else out[out[-1]["part_of"]]["measure"], "its total"
        # A list of figures after one verb: "losses came to 50 tanks, 38 artilleries, 21 IFVs and 31 other
        # vehicles", "destroyed 4 tanks, 2 trucks and 3 technicals": each takes the measure of the first.
        if hit["measure"] is None and out and out[-1].get("part_of") is None and not out[-1].get("include_previous") and \
                re.search(r"\d[\d,]*\+?\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+(?:,\s*|,?\s+and\s+)$", before) and \
                (counted is not None or out[-1]["counted"] is None):
            hit["measure"], hit["words"] = out[-1]["measure"], f"the list after '{out[-1]['words']}'"
            if out[-1].get("possessor") and not hit.get("possessor"):
                hit["possessor"] = out[-1]["possessor"]
        if hit["measure"] is None and re.search(r"\b(?:the\s+dead|the\s+victims|those\s+killed)\s+(?:include|included|were)\s+$", before, re.I):
            hit["measure"], hit["words"] = "killed", _last_words(before, 3)
        # "The force numbered about 500 fighters", "the contingent consisted of 300 men": a strength.
        if hit["measure"] is None and re.search(r"\b(?:force|forces|troops|fighters|contingent|column|convoy|garrison|army|militia)\s+"
                                                r"(?:had\s+|was\s+|were\s+)?(?:numbered|numbering|totall?ed|consisted\s+of|comprised|"
                                                r"was\s+made\s+up\s+of)\s+$", before, re.I):
            hit["measure"], hit["words"] = "strength", _last_words(before, 2)
        # "The dead numbered 60", "the wounded totalled 120", "fatalities reached 30": the group counted, before the figure.
        if hit["measure"] is None and (tm := re.search(r"\b(?P<m>(?:the\s+)?(?:dead|deaths|fatalities|victims|those\s+killed|wounded|"
                                                        r"injured|casualties|displaced))\s+(?:had\s+|has\s+)?(?:numbered|number|"
                                                        r"totall?ed|totals|reached|stood\s+at|came\s+to|amounted\s+to)\s+$", before, re.I)):
            word = tm.group("m").lower().split()[-1]
            hit["measure"] = {"wounded": "injured", "injured": "injured", "displaced": "displaced",
                              "casualties": "killed-or-injured"}.get(word, "killed")
            hit["words"] = tm.group(0).strip()
        revision = re.search(_REVISED_TO + r"\s+$", before, re.I)
        if hit["measure"] is None and re.search(r"\b(?:(?:death\s+)?toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|fatalities|people\s+killed))"
                                                r"\b[^.;]{0,40}$", before, re.I):
            # "the toll had risen to 21", "a toll it later revised to 19", "the number of dead rose to 100": the dead.
            hit["measure"], hit["words"] = "killed", _last_words(before, 4)
        elif hit["measure"] is None and (nm := re.search(r"\bnumber\s+of\s+(?:the\s+)?(?P<who>(?:[\w-]+\s+){0,3}?)(?P<m>dead|deaths|"
                                                          r"fatalities|killed|wounded|injured)\b\s+(?:at|to|as)\s+$", before, re.I)):
            # "put the number of militants killed at 150": the measure and whom it counts, before the figure.
            w = lexicon.measure_in(nm.group("m"))
            hit["measure"], hit["words"] = w[0], nm.group(0).strip()
            if nm.group("who").strip() and lexicon.PEOPLE.search(nm.group("who")) and not hit.get("group"):
                hit["group"] = nm.group("who").strip()
        elif hit["measure"] is None and re.search(r"\b(?:of\s+(?:those|the\s+people)\s+killed|of\s+the\s+dead)\s*,?\s*$", before, re.I):
            hit["measure"], hit["words"] = "killed", _last_words(before, 3)  # "Of those killed, 20 were civilians"
            gm = re.match(r"^\s+were\s+(?P<g>(?:[\w-]+\s+)?[\w-]+)\b", after)
            if gm and lexicon.PEOPLE.search(gm.group("g")) and not lexicon.measure_in(gm.group("g")):
                hit["group"] = gm.group("g")
        elif hit["measure"] is None and re.search(r"\bcasualties\s+(?:include|included|were)\s+$", before, re.I):
            hit["measure"], hit["words"] = "killed-or-injured", _last_words(before, 2)  # "Casualties included 14 civilians"
        elif hit["measure"] is None and revision and out:
            hit["measure"], hit["words"] = out[-1]["measure"], f"'{revision.group(0).strip()}' the figure before it"
        elif hit["measure"] is None and revision:
            # "...; it was later raised to 19": the figure said before this clause (the reader knows it).
            hit["measure"], hit["words"] = "__revision__", f"'{revision.group(0).strip()}' the figure said before"
        if hit["measure"] is None:
            continue
        # Breakdowns.
        if re.search(r"\b(?:including|among\s+them|of\s+whom)\s+(?:at\s+least\s+)?$", before, re.I) and out:
            hit["part_of"] = _total_for(out, before)
        elif re.match(r"^\s+of\s+them\b", after):
            if out:
                hit["part_of"] = len(out) - 1
                g = re.match(r"^\s+of\s+them\s+(?:reportedly\s+)?(?P<g>[\w-]+(?:\s+[\w-]+)?)", after)
                if g and lexicon.PEOPLE.search(g.group("g")):
                    hit["group"] = g.group("g").split()[0] if g.group("g").split()[0].lower() not in ("in", "were") else None
                hit["text"] = fig_text
            else:
                continue
        elif re.search(r"\b(?:the\s+dead|the\s+victims|those\s+killed|the\s+casualties)\s+(?:include|included|were)\s+$", before, re.I):
            hit["include_previous"] = True
        elif out and re.search(r"(?:,|\band)\s+(?:as\s+well\s+as\s+)?$", before) and out[-1].get("part_of") is not None \
                and hit["measure"] == out[-1]["measure"]:
            hit["part_of"] = out[-1]["part_of"]
        elif out and re.search(r"(?:,|\band)\s+(?:as\s+well\s+as\s+)?$", before) and out[-1].get("include_previous") \
                and hit["measure"] == out[-1]["measure"]:
            hit["include_previous"] = True
        if revision:
            hit["revision"] = _last_words(before, 4)
        # A qualifier before the first of two coordinated figures goes for the second too
        # ("at least 80 killed and 120 wounded").
        if out and re.search(r"\band\s+$", before) and hit["figure"].qualifier == "exact" and \
                out[-1]["figure"].qualifier in ("at-least", "more-than") and out[-1]["measure"] != hit["measure"] \
                and out[-1].get("part_of") is None and len(before) < 60 and not re.search(r"[,;]", before[-25:]):
            f = hit["figure"]
            hit["figure"] = Figure(f.text, out[-1]["figure"].qualifier, f.min_value, None, None, f.rest, f.label)
        # "Sixteen of the dead were civilians": a part of the dead said before, counting that group.
        dm = re.match(r"^\s+of\s+(?:the\s+dead|those\s+killed|the\s+people\s+killed|the\s+victims|the\s+fatalities)\s+(?:were|was)\s+"
                      r"(?:(?:all|mostly|reportedly)\s+)?(?P<g>(?:[\w-]+\s+){0,2}?[\w-]+)\b", after, re.I)
        if dm and lexicon.PEOPLE.search(dm.group("g")) and not lexicon.measure_in(dm.group("g")):
            hit.update(measure="killed", words=dm.group(0).strip(), group=dm.group("g"), include_previous=True,
                       text=(fig_text + " " + " ".join(after.split()[:3])).strip())
            hit.pop("part_of", None)
        # "21 fighters of the Syrian National Army", "9 of the SDF": whose they are is a side, not a group.
        om = re.match(r"^\s+(?:(?:[\w-]+\s+){0,2}?(?:fighters|soldiers|troops|members|militants|personnel|servicemen|militiamen)\s+)?"
                      r"of\s+(?:the\s+)?(?P<who>[A-Z][\w.'’-]*(?:\s+(?:of\s+|al-)?[A-Z][\w.'’-]*){0,4})", after)
        if om and counted is None and not re.search(r"(?:dozens|hundreds|thousands|scores|several|number|family)\s*$", fig_text, re.I) \
                and not (lexicon.demonym_country(om.group("who").split()[0]) and len(om.group("who").split()) == 1):
            hit["possessor"] = om.group("who")
            if hit.get("group") and om.group("who").lower() in hit["group"].lower():
                hit["group"] = None
                hit["text"] = fig_text
        # Who the figure belongs to: "Syrian government equipment losses", "the SNA had captured".
        pm = re.search(r"(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?:had\s+)?(?:equipment\s+)?(?:losses|lost|had\s+captured|captured)\b", before)
        if pm:
            hit["possessor"] = pm.group("who")
        out.append(hit)
    return out


# "..., which Ankara denied.", "..., a claim which the group rejected.": a denial of what the sentence says.
_WHICH_DENIED = re.compile(r"^(?P<main>.+?)(?P<rel>,\s+(?:(?:a|an)\s+(?:claim|accusation|allegation|charge)\s+)?(?:which|that)\s+"
                           r"(?P<who>(?:the\s+)?[A-Z][\w.'’-]*(?:\s+(?:of\s+|for\s+|al-)?[A-Z][\w.'’-]*){0,5})\s+"
                           r"(?:has\s+|had\s+|later\s+|strongly\s+|immediately\s+)*(?:denied|rejected|disputed|dismissed)\s*\.?)$")

# A clause whose subject is a source ("Turkish state media", "Local officials", "The health ministry")
# acting by a verb that is not a passive: what it gives is that source's, not the article's.
_SOURCE_SUBJECT = re.compile(
    r"^\s*(?:(?:The|A|An|Some|Several|Other|Local|Two|Three)\s+)?(?:[A-Z][\w.'’-]*\s+){0,3}(?:[a-z][\w'’-]*\s+){0,2}"
    r"(?:media|sources|officials|reports|activists|monitors?|agency|ministry|spokes(?:man|woman|person)|observatory|outlets?|"
    r"television|newspaper|witnesses|residents|medics|doctors)\s+(?:later\s+|also\s+|initially\s+|first\s+)?"
    r"(?!(?:were|was|is|are|had|have|has|been|in|of|on|at|from|for|and|with|close|linked|loyal)\b)[a-z]+(?:ed|ave|ut|ound|ook)\b")

# Words a figure's noun phrase may hold besides its noun: adjectives of kind and place, not what is counted.
_NOT_A_COUNTED_NOUN = re.compile(
    r"^(?:more|other|others|further|additional|separate|different|several|many|few|fewer|some|all|total|new|small|large|"
    r"major|minor|main|local|foreign|military|civilian|armed|senior|junior|high|low|top|key|first|last|next|previous|"
    r"total|terrorists|extremists|jihadis|islamists|loyalists|gunmen|assailants|terrorist|extremist|wounded|injured|"
    r"dead|killed|alive|times|percent|per|cent|years?|months?|weeks?|days?|hours?|minutes?|advis[eo]rs?|doctors?|medics?|"
    r"paramedics?|nurses?|students?|cadets?|teachers?|mourners?|worshippers?|pilgrims?|guests?|relatives?|engineers?|"
    r"experts?|instructors?|trainers?|shepherds?|farmers?|traders?|drivers?|passengers?|patients?|refugees?|migrants?)$", re.IGNORECASE)


# Measures only people suffer: whatever noun such a figure has ("4 advisers killed") counts people.
_PEOPLE_MEASURES = {"killed", "injured", "killed-or-injured", "executed", "held-captive", "arrested", "missing", "displaced",
                    "defected"}


# The head nouns of a description written before a speaker's name ("news agency", "rights group").
_DESCRIPTION_HEADS = (r"(?:agency|outlet|broadcaster|newspaper|daily|weekly|channel|television|TV|station|website|network|"
                      r"group|monitor|watchdog|organi[sz]ation|NGO|charity|think\s+tank|institute|observatory|media)")


def uncounted_noun(words: str) -> str | None:
    """The noun a figure counts when it is neither people nor a thing the vocabulary has a term for
    ("two checkpoints", "three buildings", "50 tons"), else None. A figure of it is drafted without a
    counted thing and marked for the analyst to say what it counts. A capitalised word (a name whose
    members are counted, "12 Hezbollah"), a number's own words ("a dozen"), a measure word or a verb
    count no thing of their own."""
    words = re.sub(r"^\s*(?:of\s+(?:the\s+|its\s+|their\s+)?)", "", " ".join(words.split()), flags=re.I)
    words = words.strip(" \"'“”‘’")
    if not words or lexicon.counted_in(words) or lexicon.PEOPLE.search(words.split(" ")[0]):
        return None
    phrase = []
    for w in re.findall(r"[\w'’.-]+", words)[:4]:
        if re.match(r"^(?:were|was|had|have|has|are|is|been|be|may|might|could|would|will|who|which|that|and|or|but|in|on|at|"
                    r"near|by|from|to|for|with|during|after|before|across|inside|around|of|as|than|into|per|a|an|the|each|"
                    r"reportedly|allegedly|also|still|later|then|were|among|including)$", w, re.I):
            break
        phrase.append(w)
    if not phrase:
        return None
    noun = phrase[-1]
    if lexicon.measure_in(" ".join(phrase)) or lexicon.PEOPLE.search(" ".join(phrase)) or lexicon.GENERIC_PEOPLE.match(noun):
        return None
    if not re.fullmatch(r"[a-z][a-z'-]+", noun) or _NOT_A_COUNTED_NOUN.match(noun) or re.fullmatch(r"(?:hundred|thousand|million|dozen|"
                                                                                                    r"hundreds|thousands|millions|dozens)", noun):
        return None
    if re.fullmatch(r"[a-z-]+(?:ed|ing|ly)", noun):
        return None  # a verb or an adverb cut in, not a noun ("12 reported", "30 fleeing")
    return noun


def _phrase(reading: str) -> str:
    """The figure and the words that belong to it, up to the next clause."""
    m = re.match(r"^(?P<p>(?:[^,;:()]|(?<=\d),(?=\d{3}\b))*?)(?=,(?!(?<=\d,)\d{3}\b)|;|:|\(|(?<!hundred)(?<!thousand)\s+and\b(?!\s+(?:[A-Z][\w-]*\s+)+(?:soldiers|fighters|civilians|militants|"
                 r"troops|members|officers)\b)|\s+(?:as(?!\s+\d)|while|but|which|who|after|before|because|making|saying|"
                 r"according|at\s+the|near|in\s+the|on\s+the|to\s+the|from\s+the)\b|$)", reading)
    p = m.group("p") if m else reading
    # "80 killed and 120 wounded": the second figure is read on its own.
    p = re.split(r"\s+and\s+(?=\d)", p)[0]
    return p.strip().rstrip(".!?\"'”’ ")


def _figure_written(fig_text: str, after: str, fig: Figure, counted, group) -> str:
    words = after.strip()
    m = re.match(r"^[^,;:()]*", words)
    head = (m.group(0) if m else "").split()
    keep = []
    for k, w in enumerate(head[:7]):
        if w.lower() == "and" and k + 1 < len(head) and head[k + 1][:1].isupper() and not head[k + 1][:1].isdigit():
            keep.append(w)  # "36 SDF fighters and Syrian soldiers": one group
            continue
        if re.match(r"^(?:were|was|had|have|has|been|killed|died|dead|wounded|injured|in|on|at|near|by|and|but|later|then|before|"
                    r"after|as|who|which|from|to|"
                    r"took|participated|numbering|massed|may|might|could|would|are|is)$", w, re.I):
            break
        keep.append(w)
    text = (fig_text + (" " + " ".join(keep) if keep else "")).strip()
    return text.rstrip(".,;:!?\"'”’")


def _total_for(out: list[dict], before: str) -> int:
    return len(out) - 1 if out[-1].get("part_of") is None else out[-1]["part_of"]


def _last_words(text: str, n: int = 3) -> str:
    return " ".join(text.split()[-n:])
