"""The words `conflictkg draft` reads meaning from: what a figure measures ("killed", "shot down"),
what it counts ("tanks", "UAVs"), who says so ("(per SOHR)", "(Russian claim)"), how a statement is
hedged ("reportedly", "allegedly") and what kind of statement it is ("deadliest since": a superlative).

Each list is a general pattern of encyclopedia conflict articles, not of one article; every entry
here is exercised by the corpus in tests/data/draft/. Lookups return concept slugs of
ontology/vocabularies.ttl (measure, counted, hedge, stance, fate, role).
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------------------------
# What a figure measures: the words around the number (longest phrases first)
# --------------------------------------------------------------------------------------------

MEASURE_WORDS: list[tuple[str, str]] = [
    (r"killed\s+or\s+(?:wounded|injured)|killed\s+and\s+(?:wounded|injured)|dead\s+or\s+wounded|casualties", "killed-or-injured"),
    (r"shot\s+down|downed", "shot-down"),
    (r"held\s+captive|taken\s+hostage|hostages?|abducted|kidnapped", "held-captive"),
    (r"taken\s+prisoner|captured|prisoners?(?:\s+of\s+war)?|POWs?", "captured"),
    (r"executed|summarily\s+killed", "executed"),
    (r"lost\s+(?:their|his|her|its)\s+lives?|killed|dead|deaths?|died|fatalities|lives|slain", "killed"),
    (r"wounded|injured|injuries|hurt", "injured"),
    (r"arrested|detained", "arrested"),
    (r"missing", "missing"),
    (r"displaced|fled|refugees", "displaced"),
    (r"destroyed", "destroyed"),
    (r"damaged", "damaged"),
    (r"lost|losses", "lost"),
    (r"launched|fired", "launched"),
    (r"intercepted", "intercepted"),
    (r"defected|deserted|left\s+their\s+(?:militias?|units?|groups?|ranks|factions?)", "defected"),
]
_MEASURE_RES = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), m) for p, m in MEASURE_WORDS]


def measure_in(text: str) -> tuple[str, str] | None:
    """(measure slug, the words it was read from) for the first measure word in `text`, the
    longest phrase winning at a position ("killed or wounded" before "killed")."""
    best = None
    for rx, measure in _MEASURE_RES:
        m = rx.search(text)
        if m and (best is None or m.start() < best[0] or (m.start() == best[0] and m.end() > best[1])):
            best = (m.start(), m.end(), measure, m.group(0))
    return (best[2], best[3]) if best else None


# --------------------------------------------------------------------------------------------
# What a figure counts: materiel, munitions, places, area (people when none matches)
# --------------------------------------------------------------------------------------------

# Aircraft designations ("SU-24", "Su-34s", "L-39", "MiG-29", "F-16", "Aero L-39 Albatros"): fixed wing.
AIRCRAFT_DESIGNATION = re.compile(r"\b(?:Su|SU|MiG|Mig|L|F|A|B|C|Tu|Il|Yak|An|Mi)-\d+[A-Z0-9]*s?\b")
HELICOPTER_DESIGNATION = re.compile(r"\b(?:Mi|Ka|AH|UH|CH)-\d+[A-Z0-9]*s?\b")
AIR_DEFENCE_DESIGNATION = re.compile(r"\b(?:SA|ZU|ZSU|S)-\d+[A-Z0-9]*s?\b|\bPantsir|\bBuk\b|\bTor\b")

COUNTED_WORDS: list[tuple[str, str]] = [
    (r"air[\s-]+defen[cs]e\s+(?:systems?|guns?|batter(?:y|ies)|units?)|anti[\s-]+aircraft\s+(?:guns?|systems?)|"
     r"surface[\s-]+to[\s-]+air\s+missile\s+systems?|SAM\s+systems?|SAMs|missile\s+systems?", "air-defence-system"),
    (r"ammunition\s+(?:depots?|storages?|dumps?|stores?|warehouses?)|arms\s+depots?|weapons?\s+depots?", "ammunition-depot"),
    (r"infantry\s+fighting\s+vehicles?|IFV'?s?|BMP-?\d*s?|armou?red\s+personnel\s+carriers?|APC'?s?", "infantry-fighting-vehicle"),
    (r"(?:other\s+)?armou?red\s+vehicles?|AFV'?s?", "armoured-vehicle"),
    (r"tanks?", "tank"),
    (r"technicals?", "technical"),
    (r"(?:multiple\s+)?rocket\s+launchers?|MLRS(?:'?s)?|MRLs?", "rocket-launcher"),
    (r"artillery(?:\s+(?:pieces?|guns?))?|artilleries|howitzers?|guns", "artillery"),
    (r"anti[\s-]+tank\s+(?:guided\s+)?(?:missiles?|weapons?)|ATGMs?|ATGM\s+launchers?", "anti-tank-weapon"),
    (r"(?:combat\s+|armed\s+|attack\s+)?drones?|UAVs?|unmanned\s+aerial\s+vehicles?", "drone"),
    (r"(?:attack\s+)?helicopters?", "helicopter"),
    (r"fighter[\s-]+(?:jets?|bombers?|aircraft)|fighter[\s-]+attack\s+aircraft|jets?|warplanes?|bombers?|planes?|"
     r"fighters?\s+jets?", "fixed-wing-aircraft"),
    (r"aircraft", "aircraft"),
    (r"vehicles?|trucks?|cars?|pickups?|Humvees?|MRAPs?", "vehicle"),
    (r"missiles?", "missile"),
    (r"rockets?", "rocket"),
    (r"bombs?", "bomb"),
    (r"(?:air)?strikes|raids|attacks|sorties", "attack"),
    (r"villages?|towns?|localities|settlements?|hamlets?", "locality"),
    (r"km²|km2|square\s+kilomet(?:re|er)s?|sq\.?\s*km", "square-kilometre"),
]
_COUNTED_RES = [(re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.IGNORECASE), c) for p, c in COUNTED_WORDS]


def counted_in(text: str) -> tuple[str, str] | None:
    """(counted slug, the words) for the thing a figure's noun phrase counts, or None for people.
    Designations count before words: "2 SU-24 type aircraft" are fixed-wing aircraft."""
    if HELICOPTER_DESIGNATION.search(text) and not re.search(r"\bmissiles?\b", text, re.I):
        return "helicopter", HELICOPTER_DESIGNATION.search(text).group(0)
    if AIR_DEFENCE_DESIGNATION.search(text):
        return "air-defence-system", AIR_DEFENCE_DESIGNATION.search(text).group(0)
    if AIRCRAFT_DESIGNATION.search(text):
        return "fixed-wing-aircraft", AIRCRAFT_DESIGNATION.search(text).group(0)
    best = None
    for rx, counted in _COUNTED_RES:
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), counted, m.group(0))
    return (best[1], best[2]) if best else None


# Words for people: a figure whose noun is one of these counts people.
PEOPLE = re.compile(
    r"\b(?:people|persons?|civilians?|soldiers?|troops?|fighters?|militants?|militiamen|militias?|rebels?|"
    r"insurgents?|members?|officers?|servicemen|personnel|men|women|children|journalists?|residents?|"
    r"workers?|police(?:men)?|guards?|commanders?|mercenaries|contractors|jihadists?|combatants?|forces|"
    r"recruits?|volunteers?|operatives?|individuals?|bodies|family|families|prisoners?|detainees?|attackers?|"
    r"assailants?|gunmen|gunman|raiders?|crew|crewmen|pilots?|sailors?|marines?|airmen|citizens?|nationals?|"
    r"paramilitaries|militiamen|servicemembers?|victims?|casualties|dead|staff|employees?|"
    # The people of a country, named in the plural ("80 Russians", "two Americans").
    r"Russians|Americans|Syrians|Iranians|Iraqis|Israelis|Turks|Kurds|Lebanese|Jordanians|Afghans|Pakistanis|"
    r"Palestinians|Britons|Ukrainians|Saudis|Egyptians|Chechens|Uzbeks|Uyghurs|Tajiks|Libyans|Yemenis|Sudanese)\b",
    re.IGNORECASE,
)
# Nouns that only restate a side's own fighters: under a side's key, no group of their own.
COMBATANT_NOUNS = re.compile(
    r"^(?:soldiers?|troops?|fighters?|militants?|rebels?|insurgents?|combatants?|servicemen|personnel|forces|"
    r"men|militiamen)$",
    re.IGNORECASE,
)
GENERIC_PEOPLE = re.compile(r"^(?:people|persons?|individuals?|others?|more)$", re.IGNORECASE)

# --------------------------------------------------------------------------------------------
# Who says so: demonyms for "(Russian claim)", "Turkish sources"
# --------------------------------------------------------------------------------------------

DEMONYMS = {
    "russian": "Russia", "turkish": "Turkey", "syrian": "Syria", "american": "United States", "u.s.": "United States",
    "us": "United States", "israeli": "Israel", "iranian": "Iran", "iraqi": "Iraq", "british": "United Kingdom",
    "french": "France", "german": "Germany", "lebanese": "Lebanon", "jordanian": "Jordan", "kurdish": "Kurds",
    "ukrainian": "Ukraine", "saudi": "Saudi Arabia", "egyptian": "Egypt", "qatari": "Qatar", "emirati": "United Arab Emirates",
}


# Capitals that articles name for their governments ("Damascus blamed Ankara"), with their states.
CAPITALS = {"damascus": "Syria", "ankara": "Turkey", "tehran": "Iran", "moscow": "Russia", "washington": "United States",
            "jerusalem": "Israel", "beirut": "Lebanon", "baghdad": "Iraq", "amman": "Jordan", "riyadh": "Saudi Arabia",
            "doha": "Qatar", "cairo": "Egypt", "abu dhabi": "United Arab Emirates", "london": "United Kingdom",
            "paris": "France", "berlin": "Germany", "beijing": "China", "kyiv": "Ukraine", "kiev": "Ukraine",
            # Seats of government named for it the same way ("The Kremlin said", "the White House condemned").
            "kremlin": "Russia", "white house": "United States"}


def demonym_country(word: str) -> str | None:
    return DEMONYMS.get(word.strip().lower())


# --------------------------------------------------------------------------------------------
# What may be the name of a new node: a clear name, never a fragment of a sentence
# --------------------------------------------------------------------------------------------

# Words a name never holds: verbs, auxiliaries and adverbs a reading cut too long ("people had",
# "soldiers were also").
NOT_IN_NAME = re.compile(
    r"(?<![\w'’-])(?:had|has|have|was|were|is|are|been|being|also|would|will|could|should|did|does|said|says|reported|"
    r"claimed|killed|wounded|injured|died|reportedly|allegedly|however|which|who|whom|that|this|these|those|it|its|"
    r"they|their|there|then|when|while)(?![\w'’-])",
)
_AUXILIARIES = {"had", "has", "have", "was", "were", "is", "are", "been", "being"}
# Verbs that make an infobox item a sentence ("Syrian government blamed rebel groups"), not a name.
_INFOBOX_VERBS = re.compile(r"\b(?:blamed|blames|accused|accuses|denied|denies|said|says|attributed|condemned)\b")
# Capitalised words that begin a name but are none on their own ("United" of "United States").
NAME_PARTS = {"united", "islamic", "national", "democratic", "arab", "free", "popular", "supreme", "central", "royal",
              "republican", "federal", "people's", "peoples", "new", "northern", "southern", "eastern", "western",
              "general", "special", "joint", "state", "states", "army", "forces", "front", "the"}
# Heads of a demonym's phrase that name an actor ("Russian government", "Turkish sources"); with any
# other head the phrase is a description ("Turkish operation", "Turkish soldier").
ACTOR_HEADS = re.compile(
    r"\b(?:government|authorities|military|army|forces|force|navy|sources|media|officials|ministry|intelligence|"
    r"investigation|inquiry|report|reports|command|embassy|agency|outlet|television|press|presidency|parliament|"
    r"spokesman|spokesperson|monitor|observers|activists|state|minister|governor|commander|ambassador|envoy|"
    r"president|prime\s+minister|official|representative)$",
    re.IGNORECASE,
)


# Head nouns of names that are no actor: agreements and documents, events, places and roads.
NOT_AN_AGENT = re.compile(
    r"(?:Agreement|Agreements|Accord|Accords|Treaty|Resolution|Protocol|Memorandum|Deal|Declaration|Ceasefire|Truce|Plan|"
    r"Initiative|Process|Talks|Summit|Conference|Offensive|Battle|War|Campaign|Siege|Massacre|Bombing|Airstrike|Airstrikes|"
    r"Strike|Strikes|Attack|Attacks|Crisis|Conflict|Uprising|Insurgency|Clashes|Highway|Road|Street|Square|Bridge|River|"
    r"Valley|Mountains|District|Governorate|Province|Subdistrict|Camp|Crossing)",
)

# Heads of a generic attribution ("first reports", "local sources", "one official"): the article names
# no one more precisely, and the graph records such a source as the article names it.
SOURCE_HEAD = re.compile(
    r"\b(?:reports?|sources?|officials?|media|activists?|witnesses|witness|residents?|observers?|analysts?|"
    r"spokes(?:man|person|woman)|monitors?|investigators?|investigation|journalists?|correspondents?)$",
    re.IGNORECASE,
)
_SINGULAR_PERSON = re.compile(r"\b(?:official|activist|witness|resident|observer|analyst|spokes(?:man|person|woman)|"
                              r"investigator|journalist|correspondent|source)$", re.IGNORECASE)


# The nouns an article refers back to a speaker by ("the Observatory", "the Ministry", "the Army").
COMMON_HEADS = re.compile(
    r"(?:monitor|observatory|ministry|agency|army|military|government|organi[sz]ation|militia|movement|coalition|"
    r"alliance|outlet|newspaper|channel|broadcaster|network|group|command|council|administration|authorities|"
    r"presidency|regime|opposition|rebels|forces|force|office|department|embassy|spokesman|spokesperson)", re.IGNORECASE)


def generic_source_class(text: str) -> str | None:
    """The class of a generic attribution named in lower case: a person ("one official") or a
    collective source ("first reports"); None when `text` is none."""
    text = text[:1].lower() + text[1:]  # "Witnesses told ...": capitalised only as the sentence's first word
    if re.search(r"[A-Z]", text) or not SOURCE_HEAD.search(text) or NOT_IN_NAME.search(text):
        return None
    if re.fullmatch(r"(?:(?:the|this|that)\s+)?(?:official|activist|witness|resident|observer|analyst|spokes(?:man|person|woman)|"
                    r"investigator|journalist|correspondent|source|report|monitor|investigation)", text.strip(), re.I):
        return None  # "the source said": one named before, not a source of its own (a back-reference)
    return "ckg:Person" if _SINGULAR_PERSON.search(text) and not re.search(r"\bsource$", text) else "ckg:CollectiveSource"


_IRREGULAR_PLURALS = {"man": "men", "woman": "women", "child": "children", "person": "people", "policeman": "policemen",
                      "serviceman": "servicemen", "militiaman": "militiamen"}


def group_name(text: str) -> str:
    """A group is named in the plural, as a class of people: "one Turkish soldier" counts one of the
    "Turkish soldiers"."""
    words = text.split()
    if not words or not PEOPLE.fullmatch(words[-1]):
        return text
    last = words[-1]
    if last.lower() in _IRREGULAR_PLURALS:
        words[-1] = _IRREGULAR_PLURALS[last.lower()]
    elif not re.search(r"(?:s|men|children|people|personnel|police|family)$", last, re.I):
        words[-1] = last + "s"
    return " ".join(words)


# A transliterated name with its article run on ("al-Bab", "as-Safirah"): a capitalised word.
ARTICLED_NAME = re.compile(r"(?:al|el|as|ash|ad|ar|at|az|an|ed|es|wal|wa|bil|fil)-[A-Z\u00C0-\u024F]")


def unclear_name(text: str, kind: str, *, prose: bool) -> str | None:
    """Why `text` is no clear name for a new node of `kind` (None: it is one). A name from the prose
    must read as one: a capitalised word that is not a lone part of a name or a demonym, no
    verb or pronoun, and after a demonym a head that names an actor; a group ("civilians",
    "Turkish soldiers") may be in lower case. An infobox item is a name by its place in the list,
    unless it reads as part of a sentence."""
    words = text.split()
    if not words or not re.search(r"[A-Za-z\u00C0-\u024F\u0600-\u06FF]", text):
        return "it has no letters"
    hit = NOT_IN_NAME.search(text) or (None if prose else _INFOBOX_VERBS.search(text))
    if hit and (prose or hit.group(0) in _AUXILIARIES or _INFOBOX_VERBS.fullmatch(hit.group(0))):
        return f"'{hit.group(0)}' is no word of a name: it reads as part of a sentence"
    if kind == "group" and (m := re.search(r"[,;]|\b(?:per|according\s+to|claimed|reported)\b", text)):
        # "soldiers, per SANA": who says so is no part of the group counted.
        return f"'{m.group(0)}' is no word of a group's name: it reads as part of a clause"
    if not prose or kind == "group":
        return None
    if m := re.search(r",\s+(?:a|an|the|[a-z][\w-]*)\b", text):
        # "Colonel Hassan Ali, a local commander": an apposition describes the name; it is no part of it.
        return f"'{text[m.start():].strip(', ')}' after a comma describes a name; it is no part of one"
    if len(words) == 1 and demonym_country(words[0]):
        return "a demonym on its own names no actor"
    if len(words) == 1 and words[0].lower() in NAME_PARTS:
        return "a word that begins a name, not a name"
    if not any(w[:1].isupper() or w[:1].isdigit() or ARTICLED_NAME.match(w) for w in words) and generic_source_class(text) is None:
        return "no word of it is capitalised: a description, not a name"
    # (The head is the noun before a preposition: "U.S. investigation into the incident" is an investigation.)
    head_words = re.split(r"\s+(?:of|into|in|on|for|from|at|by|with|about)\s+", " ".join(words[1:]))[0]
    if demonym_country(words[0]) and all(w[:1].islower() for w in words[1:]) and not ACTOR_HEADS.search(head_words):
        return "a demonym and a common noun: a description, not a name"
    bare = words[1:] if words[0].lower() in ("the", "a", "an") and len(words) > 1 else words
    if len(bare) == 1 and PEOPLE.fullmatch(bare[0]) and bare[0][:1].isupper() and bare[0][1:].islower() and \
            not demonym_country(bare[0]) and generic_source_class(text) is None:
        # "Civilians said ...", "Attackers ...": a plural common noun, capitalised as a sentence's first word.
        return f"'{bare[0]}' is a common noun for people, not a name"
    if len(bare) == 1 and re.fullmatch(r"(?:Missiles|Rockets|Drones|Jets|Warplanes|Aircraft|Planes|Bombers|Helicopters|Shells|Bombs|"
                                       r"Mortars|Projectiles|Munitions|Explosions|Airstrikes|Strikes|Artillery|Gunmen|Forces|Troops)", bare[0]):
        # "Missiles struck a warehouse", "Drones hit the base": a weapon's common noun opening a sentence.
        return f"'{bare[0]}' is a common noun for a weapon or force, not a name"
    if len(bare) == 1 and COMMON_HEADS.fullmatch(bare[0]):
        # "The Observatory said", "the Ministry added": a speaker named before, by its kind, not a name.
        return f"'{bare[0]}' is the common noun of a kind of speaker, not a name"
    if kind == "actor" and len(bare) >= 2 and NOT_AN_AGENT.fullmatch(bare[-1]) and not re.search(
            r"\b(?:Ministry|Department|Minister|Office|Council|Committee|Commission|Institute|Center|Centre|Study)\b", text):
        # "The Sinjar Agreement called for ...", "the Kafr Nabudah offensive": an agreement, an event or a
        # place by its head noun; none of them says or does anything, and none is an actor.
        return f"'{bare[-1]}' names an agreement, an event or a place, not an actor"
    if bare[0][:1].islower() and not ARTICLED_NAME.match(bare[0]) and generic_source_class(text) is None:
        # "spokesperson for the X", "officers working for X": a common noun heads the phrase; the
        # name in it is another node's, and the phrase describes someone of it.
        return f"it begins with the common noun '{bare[0]}': a description, not a name"
    return None


# --------------------------------------------------------------------------------------------
# Hedges and stances
# --------------------------------------------------------------------------------------------

HEDGES: list[tuple[str, str]] = [
    (r"\breportedly\b|\bwere\s+reported\s+to\b|\bwas\s+reported\s+to\b|\bis\s+reported\s+to\b", "reportedly"),
    (r"\ballegedly\b|\balleged\b", "allegedly"),
    (r"\bbelieved\s+to\b|\bthought\s+to\b|\bsuspected\s+(?:of|to)\b|\bpresumably\b|\bit\s+is\s+(?:thought|believed)\b", "believed"),
    (r"\bunconfirmed\b", "unconfirmed"),
    (r"\ban\s+estimated\b|\bestimated\b", "estimated"),
    (r"\binitially\b|\bfirst\s+reports?\b|\bearly\s+reports?\b", "initially"),
    (r"\blikely\b|\bprobably\b", "likely"),
]
_HEDGE_RES = [(re.compile(p, re.IGNORECASE), h) for p, h in HEDGES]


def hedges_in(text: str) -> list[tuple[str, str]]:
    """Every hedge in `text`, as (slug, words), in text order."""
    found = []
    for rx, hedge in _HEDGE_RES:
        for m in rx.finditer(text):
            found.append((m.start(), hedge, m.group(0)))
    return [(h, w) for _, h, w in sorted(found)]


# --------------------------------------------------------------------------------------------
# Infobox: rank prefixes and fates run onto names
# --------------------------------------------------------------------------------------------

RANK = re.compile(
    r"^(?:(?:Lt\.?|Lieutenant|Maj\.?|Major|Brig\.?|Brigadier|Gen\.?|General|Col\.?|Colonel|Capt\.?|Captain|"
    r"Adm\.?|Admiral|Cmdr\.?|Commander|Sgt\.?|Sergeant|Field\s+Marshal|Marshal|Staff)"
    r"\s+)+(?=[A-Z\u00C0-\u024F])"
)
# "Burhan RahmunKIA", "Ismael Ali KIA", "(KIA)", "WIA", "POW", "MIA".
FATE_SUFFIX = re.compile(r"(?:\s*\(?\b|(?<=[a-z\u00E0-\u024F]))(KIA|WIA|POW|MIA|DOW)\)?\s*$|\s*(†)\s*$")
FATES = {"KIA": ("killed", "killed in action"), "DOW": ("killed", "died of wounds"), "WIA": ("wounded", "wounded in action"),
         "POW": ("captured", "prisoner of war"), "MIA": ("missing", "missing in action"), "†": ("killed", "a dagger: died")}
# Coordinates a rendering leaves in a place cell: "35°21′N 40°09′E", "35.35°N 40.15°E", "35°21′12″N".
COORDINATES = re.compile(r"\s*\d{1,3}(?:\.\d+)?°(?:\s*\d{1,2}(?:\.\d+)?[′'])?(?:\s*\d{1,2}(?:\.\d+)?[″\"])?\s*[NS]\b"
                         r"[\s,]*\d{1,3}(?:\.\d+)?°(?:\s*\d{1,2}(?:\.\d+)?[′'])?(?:\s*\d{1,2}(?:\.\d+)?[″\"])?\s*[EW]\b(?:\s*/\s*[\d.;\s°NSEW-]+)?")

# Rendering noise of flag icons and images: "20px", "22px|border", "File:Flag.png", "link=", "border".
ICON = re.compile(
    r"(?:\b\d{1,3}px\b(?:\|(?:border|bordure|link=[^|,]*|alt=[^|,]*))*|\[\[?File:[^\]|,]*(?:\|[^\],]*)*\]?\]?|"
    r"\b(?:File|Image):[^,|\]]*?\.(?:png|svg|jpg|jpeg|gif)\b(?:\|[^,]*)?|\blink=\S*|(?<![\w-])(?:border|bordure|thumb|frameless)(?![\w-]))",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------------
# Prose: what kind of statement a clause makes (the measure of a claim without a figure)
# --------------------------------------------------------------------------------------------

STATEMENT_KINDS: list[tuple[str, str]] = [
    (r"\b(?:deadliest|worst|largest|biggest|heaviest|most\s+(?:intense|severe|significant|serious)|"
     r"highest|first\s+(?:time|such|fighting|attack|strike|offensive|of\s+its\s+kind)|"
     r"(?:the\s+)?first\b[^.]{0,60}\bsince)\b", "superlative"),
    (r"\b(?:objectives?|aims?|goals?|purpose|intended\s+to|sought\s+to|seeks?\s+to|in\s+order\s+to|with\s+the\s+aim)\b",
     "objective"),
    (r"\b(?:targeted|targeting|targets?|aimed\s+at|meant\s+to\s+hit|were\s+hit|was\s+hit|struck|hit)\b", "target"),
    (r"\b(?:carried\s+out\s+by|conducted\s+by|perpetrated\s+by|(?<!those\s)(?<!whoever\s)(?<!anyone\s)(?<!whoever\swas\s)"
     r"(?<!whoever\sis\s)(?<!those\swho\sare\s)(?<!those\swho\swere\s)responsible|responsibility|blamed|accused|"
     r"accusation|attributed\s+to)\b", "perpetrator"),
    (r"\b(?:damage|damaged|destroyed)\b", "damage"),
]
_STATEMENT_RES = [(re.compile(p, re.IGNORECASE), k) for p, k in STATEMENT_KINDS]


def statement_kind(text: str) -> tuple[str, str] | None:
    """(measure slug, the words) for the first kind of statement `text` makes, or None."""
    for rx, kind in _STATEMENT_RES:
        m = rx.search(text)
        if m:
            return kind, m.group(0)
    return None


# Verbs that attribute what follows to their subject: verb -> (stance, hedge).
SAY_VERBS: dict[str, tuple[str, str | None]] = {
    "said": ("asserts", None), "says": ("asserts", None), "stated": ("asserts", None), "states": ("asserts", None),
    "reported": ("asserts", None), "reports": ("asserts", None), "announced": ("asserts", None),
    "told": ("asserts", None), "wrote": ("asserts", None), "added": ("asserts", None), "noted": ("asserts", None),
    "commented": ("asserts", None), "warned": ("asserts", None), "argued": ("asserts", None),
    "concluded": ("asserts", None), "found": ("asserts", None), "estimated": ("asserts", "estimated"),
    "suggested": ("asserts", None), "mentioned": ("asserts", None), "declared": ("asserts", None),
    "insisted": ("asserts", None), "maintained": ("asserts", None), "acknowledged": ("confirms", None),
    "claimed": ("asserts", "claimed"), "claims": ("asserts", "claimed"), "alleged": ("asserts", "allegedly"),
    "alleges": ("asserts", "allegedly"), "confirmed": ("confirms", None), "confirms": ("confirms", None),
    "denied": ("denies", None), "denies": ("denies", None), "rejected": ("denies", None), "dismissed": ("denies", None),
    "anticipated": ("asserts", None), "predicted": ("asserts", None), "reiterated": ("asserts", None),
    "blamed": ("asserts", None), "accused": ("asserts", None), "held": ("asserts", None),
    "admitted": ("confirms", None), "disputed": ("denies", None), "documented": ("asserts", None),
    "recorded": ("asserts", None), "stressed": ("asserts", None), "asserted": ("asserts", None),
    "explained": ("asserts", None), "emphasized": ("asserts", None), "emphasised": ("asserts", None),
    "revealed": ("asserts", None), "disclosed": ("asserts", None), "indicated": ("asserts", None),
    "tweeted": ("asserts", None), "affirmed": ("asserts", None), "contended": ("asserts", None),
    "pointed out": ("asserts", None), "verified": ("confirms", None), "counted": ("asserts", None),
    "tallied": ("asserts", None), "posted": ("asserts", None), "published": ("asserts", None), "registered": ("asserts", None),
}
# Verbs of saying whose meaning says what the claim is when its words do not: "X argued (anticipated,
# predicted, warned) that ..." is X's assessment ("X found that ..." states a finding: no). Read with a marker.
VERB_MEASURES: dict[str, str] = {
    "argued": "assessment", "anticipated": "assessment", "predicted": "assessment", "concluded": "assessment",
    "warned": "assessment", "contended": "assessment", "assessed": "assessment", "judged": "assessment",
    "estimated": "assessment", "suggested": "assessment",
    "blamed": "perpetrator", "accused": "perpetrator",
}
# Verbs of a reaction to the event ("X condemned the attack", "Y called for restraint", "Z expressed
# its condolences"): the claim is X's reaction (measure:reaction), whatever section it is in.
REACTION_VERBS = {"condemned", "condemns", "denounced", "criticised", "criticized", "deplored", "welcomed", "praised",
                  "mourned", "urged", "called for", "calls for", "expressed", "offered", "extended", "vowed", "pledged",
                  "described", "lamented", "decried", "threatened", "promised"}
# The forms of those verbs that are attributions only before what they say: "expressed its
# condolences" (not "expressed"), "described the attack as" (not "described the scene").
REACTION_PATTERN = (r"condemned|condemns|denounced|criticised|criticized|deplored|welcomed|praised|mourned|urged|"
                    r"called\s+for|calls\s+for|vowed|pledged|lamented|decried|threatened|promised|"
                    r"(?:expressed|offered|extended)(?=\s+(?:its|their|his|her|the|deep|deepest|sincere|full|\w+\s+)?"
                    r"(?:condolences|concern|solidarity|sympathy|sympathies|regret|outrage|support|sorrow|shock)\b)|"
                    r"described(?=\s+(?:it|the\s+\w+(?:\s+\w+)?|them|this)\s+as\b)")
# Sections that hold the reactions to the event: what is said there is a reaction unless a rule
# reads something more precise.
REACTION_SECTION = re.compile(r"\b(?:reactions?|responses?|condemnation|international\s+reaction)\b", re.IGNORECASE)
# What a claim of responsibility or a denial is about: "claimed responsibility", "denied any involvement".
RESPONSIBILITY = re.compile(r"^\s*(?:any\s+|all\s+|full\s+|sole\s+|its\s+|their\s+|direct\s+)*(?:responsibility|involvement|role|"
                            r"participation|part)\b(?!\s+of\s+(?:the\s+)?(?:city|town|area|region))", re.IGNORECASE)
# "Israeli jets", "Russian warplanes", "Turkish drones": the aircraft of a country stand for it.
AIRCRAFT_NOUNS = r"(?:fighter\s+jets|jets|warplanes|aircraft|planes|drones|bombers|helicopters|air\s+force)"
# Verbs whose claim is who did it: "X blamed Y for the attack", "X accused Y of carrying it out".
ACCUSE_VERBS = {"blamed", "accused", "held"}
