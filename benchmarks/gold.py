"""Gold annotations (benchmarks/gold/*.yaml, format in benchmarks/gold/README.md): load and check them.

    .venv/bin/python benchmarks/gold.py [--no-quotes] FILE.yaml ...

prints every problem, one line each (`FILE: fact ID: KEY: what`), then per file the number of
facts by kind and by where (infobox, prose), and exits 1 if there was a problem (2 on a usage
error). What is checked:

- the file: its top-level keys, `split`, and (when the article is at hand) that `title` is the
  article's title;
- entities: `name`, `kind`, `class` (a class of the ontology that fits the kind), `aliases`, `iri`
  (a node of data/*.ttl, data/submissions/ included, of that class); names and aliases unique;
- facts: `id` (unique), `kind` (one of the format's kinds), the keys each kind requires and allows,
  `where` and `section` (`where: infobox` exactly when `section: Infobox`), exactly one `event`;
- names: every name a fact uses is the `name` of an entity (not an alias) of the right kind
  (a place for `place`/`in`, an event for `of`/`event`, an actor for `actor`/`claimant`/`statedTo`/
  `unit-of`, a group for `group`), `Wikipedia` too when a figure, statement or participant names no
  claimant; every entity is named by some fact; a `unit-of` parent is itself a participant of the
  same event;
- values from the project's vocabularies (`type`, `measure`, `counted`, `role`, `hedge`, `stance`,
  `qualifier`, `precision`, `fate`): the slug of a concept of ontology/vocabularies.ttl, in the
  scheme the key takes and, for `measure`, one a figure (or a statement) can have; the format's own
  relations (`relation`) and `where`;
- figures: `min <= best <= max`, non-negative integers, the bounds the `qualifier` implies
  (exact: min = best = max; at-least, more-than: min and no max; at-most: max and no min; range:
  min < max; unquantified: no number); `part-of-figure`, `revises`, `disputes` name figures of the
  file, not the figure itself;
- dates (`start`, `end`, `from`, `until`, `date`): ISO dates (2024-11-20, 2024-11 or 2024) whose
  form agrees with `precision` where it is given; `end` not before `start`;
- quotes: each `quote` occurs in the article text, white space collapsed, and in the section the
  fact names (the infobox lines for `Infobox`). The article is `article:` under the shared
  articles folder: $CONFLICTKG_ARTICLES, else `../shared/articles` beside the checkout. When that
  folder does not exist (CI) the quote and title checks are skipped and the CLI says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from conflictkg.submission.factsheet import as_iso  # noqa: E402 - after the path to src/ is set

ENV_ARTICLES = "CONFLICTKG_ARTICLES"
VOCAB_FILE = ROOT / "ontology" / "vocabularies.ttl"
DATA_DIR = ROOT / "data"
BASE = "https://w3id.org/conflict-kg/"

TOP_KEYS = {"article", "url", "title", "split", "entities", "facts"}
SPLITS = {"seed", "dev", "held-out"}
ENTITY_KEYS = {"name", "aliases", "kind", "class", "iri"}
ENTITY_CLASSES = {
    # The README's classes; Organisation too, the class of actor:wikipedia in data/actors.ttl.
    "actor": {"State", "Government", "GovernmentBody", "Monitor", "MediaOutlet", "InternationalOrganisation",
              "ArmedForce", "ArmedGroup", "Unit", "Person", "CollectiveSource", "Organisation",
              # "Perpetrators: Unknown", "Commander2: Unknown": the model's ckg:unknownActor.
              "Actor"},
    "place": {"Place"},
    "event": {"Strike", "Offensive", "MilitaryEvent", "Conflict"},
    "group": {"Group"},
}
IRI_PREFIXES = {"actor": BASE + "id/actor/", "place": BASE + "id/place/", "event": BASE + "id/event/",
                "group": BASE + "id/group/"}

COMMON = ("id", "kind", "where", "section", "quote")
# kind -> (required keys, optional keys), besides COMMON.
KINDS: dict[str, tuple[set[str], set[str]]] = {
    "event": ({"label", "class", "type"}, set()),
    "date": ({"start", "precision"}, {"of", "end"}),
    "alias": ({"of", "name"}, set()),
    "place": ({"place", "relation"}, {"of", "in"}),
    "part-of": ({"event"}, {"of"}),
    "related": ({"event", "relation"}, {"of"}),
    "participant": ({"actor", "role"}, {"of", "side", "unit-of", "title", "from", "until", "fate", "hedge",
                                         "stance", "claimant"}),
    "figure": ({"measure", "qualifier", "text"}, {"claimant", "counted", "side", "group", "of", "min", "best", "max",
                                                   "hedge", "stance", "part-of-figure", "revises", "disputes", "date"}),
    "statement": ({"measure"}, {"claimant", "stance", "hedge", "object", "value", "statedTo", "date", "of",
                                "timezone"}),
    "outcome": ({"text"}, set()),
    "territory": ({"text"}, set()),
}
EVENT_CLASSES = {"Strike", "Offensive", "MilitaryEvent"}
WHERE = {"infobox", "prose"}
RELATIONS = {
    "place": {"location", "near", "launched-from"},
    "related": {"followed-by", "preceded-by", "caused-by", "caused", "related"},
}
# Keys whose values are slugs of a vocabulary scheme (ontology/vocabularies.ttl).
SLUG_KEYS = {"type": "event-type", "measure": "measure", "counted": "counted", "role": "role", "hedge": "hedge",
             "stance": "stance", "qualifier": "figure-qualifier", "precision": "precision", "fate": "fate"}
# Measures a figure can have (it counts something) and measures a statement can have.
FIGURE_MEASURES = {"killed", "injured", "killed-or-injured", "captured", "arrested", "missing", "executed", "displaced",
                   "held-captive", "destroyed", "damaged", "lost", "shot-down", "launched", "intercepted", "strength",
                   "area-captured", "places-captured", "strikes", "fighters", "defected"}
STATEMENT_MEASURES = {"perpetrator", "target", "objective", "result", "assessment", "reaction", "statement",
                      "superlative", "occurrence", "time-of-day", "weapon", "presence", "movement", "damage",
                      "support", "launch-direction", "casualties-ranking"}
# Which keys name entities, and of which kind (None: any kind).
NAME_KEYS = {"of": "event", "place": "place", "in": "place", "event": "event", "actor": "actor",
             "claimant": "actor", "statedTo": "actor", "unit-of": "actor", "group": "group", "object": None}
DEFAULT_CLAIMANT = "Wikipedia"  # the article's own voice: the claimant of a fact that names none
DATE_KEYS = ("start", "end", "from", "until", "date")
FIGURE_REFS = ("part-of-figure", "revises", "disputes")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

def load(path) -> dict:
    """The gold file at `path` as a dict, dates as ISO strings. Raises ValueError (naming the
    file) when it is not YAML or not a mapping."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the file is not a YAML mapping")
    for fact in data.get("facts") or []:
        if isinstance(fact, dict):
            for key in DATE_KEYS:
                if key in fact:
                    fact[key] = as_iso(fact[key])
    return data


# --------------------------------------------------------------------------------------------
# What the checks compare against: vocabularies, data, articles
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def vocabulary(path: Path = VOCAB_FILE) -> dict[str, frozenset[str]]:
    """Scheme name ("measure", "figure-qualifier"...) -> the slugs of its concepts."""
    from rdflib import URIRef
    from rdflib.namespace import RDF, SKOS

    from conflictkg.rdf.rdfio import parse_turtle_file

    graph = parse_turtle_file(path)
    prefix = BASE + "vocab/"
    schemes: dict[str, set[str]] = {}
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        for scheme in graph.objects(concept, SKOS.inScheme):
            s, c = str(scheme), str(concept)
            if isinstance(scheme, URIRef) and s.startswith(prefix) and c.startswith(s + "/"):
                schemes.setdefault(s[len(prefix):], set()).add(c[len(s) + 1:])
    return {k: frozenset(v) for k, v in schemes.items()}


@lru_cache(maxsize=None)
def data_nodes(data_dir: Path = DATA_DIR) -> dict[str, frozenset[str]]:
    """Every subject IRI of data/*.ttl (data/submissions/ included) -> the local names of its ckg classes."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from conflictkg.rdf.rdfio import parse_turtle_file

    ckg = BASE + "ontology#"
    nodes: dict[str, set[str]] = {}
    for path in sorted(p for p in Path(data_dir).rglob("*.ttl") if not any(
            part.startswith(".") for part in p.relative_to(data_dir).parts)):
        graph = parse_turtle_file(path)
        for s, o in graph.subject_objects(RDF.type):
            if isinstance(s, URIRef):
                classes = nodes.setdefault(str(s), set())
                if str(o).startswith(ckg):
                    classes.add(str(o)[len(ckg):])
    return {k: frozenset(v) for k, v in nodes.items()}


def articles_root() -> Path:
    """The shared articles folder: $CONFLICTKG_ARTICLES, else ../shared/articles beside the checkout."""
    env = os.environ.get(ENV_ARTICLES)
    return Path(env).expanduser() if env else ROOT.parent / "shared" / "articles"


def collapse(text: str) -> str:
    return " ".join(str(text).split())


@lru_cache(maxsize=None)
def article_sections(path: Path) -> tuple[str, dict[str, str]]:
    """(title, section name -> text with white space collapsed) of an article: `Infobox` (its
    label line and `- Key: value` lines), `Lead`, then each heading as written."""
    from conflictkg.submission.article import parse_article

    text = path.read_text(encoding="utf-8")
    article = parse_article(text, str(path))
    lines = text.splitlines()
    infobox = ""
    if article.infobox:
        first, last = article.infobox[0].line, article.infobox[-1].line
        infobox = "\n".join(lines[first - 2:last])  # the label line too
    sections = {"Infobox": collapse(infobox), "Lead": collapse(article.lead)}
    for section in article.sections:
        sections[section.title] = collapse(section.text)
    return article.title, sections


# --------------------------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------------------------

def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check(path, *, quotes: bool | None = None) -> list[str]:
    """The problems of the gold file at `path`, one line each, naming the file, the fact (or entity)
    and the key. `quotes`: check quotes and title against the article (default: when the articles
    folder exists)."""
    path = Path(path)
    where_file = str(path)
    problems: list[str] = []

    def problem(*parts) -> None:
        problems.append(": ".join([where_file, *[str(p) for p in parts]]))

    try:
        data = load(path)
    except ValueError as exc:
        return [str(exc)]

    vocab = vocabulary()
    # ---- the file
    for key in sorted(set(data) - TOP_KEYS, key=str):
        problem(key, "unknown top-level key")
    for key in ("article", "url", "title", "split"):
        if not isinstance(data.get(key), str) or not data.get(key).strip():
            problem(key, "missing (a non-empty string)")
    if isinstance(data.get("split"), str) and data["split"] not in SPLITS:
        problem("split", f"{data['split']!r} is not one of {', '.join(sorted(SPLITS))}")
    if isinstance(data.get("url"), str) and not data["url"].startswith(("https://", "http://")):
        problem("url", f"{data['url']!r} is not a URL")

    # ---- entities
    entities: dict[str, dict] = {}
    aliases: dict[str, str] = {}
    raw_entities = data.get("entities")
    if not isinstance(raw_entities, list) or not raw_entities:
        problem("entities", "missing (a list of entities)")
        raw_entities = []
    nodes = None
    for n, ent in enumerate(raw_entities, 1):
        if not isinstance(ent, dict):
            problem(f"entity #{n}", "not a mapping")
            continue
        name = ent.get("name")
        label = f"entity {name}" if isinstance(name, str) else f"entity #{n}"
        if not isinstance(name, str) or not name.strip():
            problem(label, "name", "missing (a non-empty string)")
            continue
        for key in sorted(set(ent) - ENTITY_KEYS, key=str):
            problem(label, key, "unknown key")
        if name in entities:
            problem(label, "name", "used by two entities")
        entities[name] = ent
        kind = ent.get("kind")
        if kind not in ENTITY_CLASSES:
            problem(label, "kind", f"{kind!r} is not one of {', '.join(ENTITY_CLASSES)}")
        elif ent.get("class") not in ENTITY_CLASSES[kind]:
            problem(label, "class", f"{ent.get('class')!r} is not a class of a {kind} "
                                    f"({', '.join(sorted(ENTITY_CLASSES[kind]))})")
        als = ent.get("aliases", [])
        if not isinstance(als, list) or not all(isinstance(a, str) and a.strip() for a in als):
            problem(label, "aliases", "not a list of names")
        else:
            for a in als:
                if a == name:
                    problem(label, "aliases", f"{a!r} is the entity's own name")
                elif a in aliases and aliases[a] != name:
                    problem(label, "aliases", f"{a!r} is also an alias of {aliases[a]!r}")
                aliases.setdefault(a, name)
        if "iri" in ent:
            iri = ent["iri"]
            m = re.match(r"^([a-z]+):([A-Za-z0-9._~-]+)$", iri) if isinstance(iri, str) else None
            if iri == "ckg:unknownActor" and kind == "actor":
                pass  # the ontology's individual for an actor the source says is unknown
            elif m is None or m.group(1) not in IRI_PREFIXES:
                problem(label, "iri", f"{iri!r} is not a CURIE with prefix {', '.join(IRI_PREFIXES)}")
            else:
                if nodes is None:
                    nodes = data_nodes()
                full = IRI_PREFIXES[m.group(1)] + m.group(2)
                if full not in nodes:
                    problem(label, "iri", f"{iri} is not in data/*.ttl")
                elif ent.get("class") and ent.get("class") not in nodes[full]:
                    problem(label, "iri", f"{iri} is a {'/'.join(sorted(nodes[full])) or 'node without ckg class'} "
                                          f"in data/, not a {ent.get('class')}")
                if kind in IRI_PREFIXES and m.group(1) != kind:
                    problem(label, "iri", f"{iri} is not an IRI of kind {kind}")
    for a, owner in aliases.items():
        if a in entities and a != owner:
            problem(f"entity {owner}", "aliases", f"{a!r} is the name of another entity")

    # ---- facts
    raw_facts = data.get("facts")
    if not isinstance(raw_facts, list) or not raw_facts:
        problem("facts", "missing (a list of facts)")
        raw_facts = []
    facts: list[dict] = []
    ids: dict[str, dict] = {}
    for n, fact in enumerate(raw_facts, 1):
        if not isinstance(fact, dict):
            problem(f"fact #{n}", "not a mapping")
            continue
        fid = fact.get("id")
        if not isinstance(fid, str) or not fid.strip():
            problem(f"fact #{n}", "id", "missing (a non-empty string)")
            fid = f"#{n}"
        elif fid in ids:
            problem(f"fact {fid}", "id", "not unique")
        else:
            ids[fid] = fact
        fact = dict(fact, _label=f"fact {fid}")
        facts.append(fact)

    events = [f for f in facts if f.get("kind") == "event"]
    if len(events) != 1:
        problem("facts", f"{len(events)} facts of kind event (the article's own event: exactly one)")
    main_event = events[0].get("label") if events else None

    # Article text, for quotes and sections.
    if quotes is None:
        quotes = articles_root().is_dir()
    sections: dict[str, str] | None = None
    if quotes and isinstance(data.get("article"), str):
        art = articles_root() / data["article"]
        if not art.is_file():
            problem("article", f"{data['article']!r} is not a file under {articles_root()}")
        else:
            title, sections = article_sections(art.resolve())
            if isinstance(data.get("title"), str) and data["title"] != title:
                problem("title", f"{data['title']!r} is not the article's title {title!r}")

    used: set[str] = set()

    def name_ok(fact: dict, key: str, kind: str | None) -> None:
        value = fact.get(key)
        if isinstance(value, str):
            used.add(value)
        if not isinstance(value, str) or not value.strip():
            problem(fact["_label"], key, f"{value!r} is not a name")
            return
        if value not in entities:
            hint = f" (an alias of {aliases[value]!r}: use the name)" if value in aliases else ""
            problem(fact["_label"], key, f"{value!r} is not the name of an entity{hint}")
        elif kind and entities[value].get("kind") != kind:
            problem(fact["_label"], key, f"{value!r} is of kind {entities[value].get('kind')}, not {kind}")

    def slug_ok(fact: dict, key: str) -> None:
        value, scheme = fact.get(key), SLUG_KEYS[key]
        if not isinstance(value, str):
            problem(fact["_label"], key, f"{value!r} is not a slug")
            return
        if value in vocab.get(scheme, ()):
            return
        known = sorted(vocab.get(scheme, set()))
        problem(fact["_label"], key, f"{value!r} is not a slug of {scheme} ({', '.join(known)})")

    participants: dict[str, set[str]] = {}
    for fact in facts:
        if fact.get("kind") == "participant" and isinstance(fact.get("actor"), str):
            participants.setdefault(fact.get("of", main_event), set()).add(fact["actor"])

    for fact in facts:
        label, kind = fact["_label"], fact.get("kind")
        if kind not in KINDS:
            problem(label, "kind", f"{kind!r} is not one of {', '.join(KINDS)}")
            continue
        required, optional = KINDS[kind]
        present = set(fact) - {"_label"}
        for key in sorted((set(COMMON) | required) - present):
            problem(label, key, f"missing (required for {kind})")
        for key in sorted(present - set(COMMON) - required - optional, key=str):
            problem(label, key, f"not a key of {kind}")
        where, section = fact.get("where"), fact.get("section")
        if "where" in fact and where not in WHERE:
            problem(label, "where", f"{where!r} is not infobox or prose")
        if "section" in fact:
            if not isinstance(section, str) or not section.strip():
                problem(label, "section", f"{section!r} is not a section name")
            elif where in WHERE and (where == "infobox") != (section == "Infobox"):
                problem(label, "section", f"{section!r} does not go with where: {where}")
        quote = fact.get("quote")
        if "quote" in fact and (not isinstance(quote, str) or not quote.strip()):
            problem(label, "quote", f"{quote!r} is not a quote")
        elif sections is not None and isinstance(quote, str) and isinstance(section, str):
            q = collapse(quote)
            if section not in sections:
                problem(label, "section", f"{section!r} is not a section of the article "
                                          f"({', '.join(sections)})")
            elif q not in sections[section]:
                found = [s for s, text in sections.items() if q in text]
                problem(label, "quote", f"not verbatim in section {section!r}"
                                        + (f" (it is in {', '.join(map(repr, found))})" if found else ""))

        # names
        for key, ekind in NAME_KEYS.items():
            if key in fact and (kind != "alias" or key != "of"):
                name_ok(fact, key, ekind)
        if kind == "alias":
            name_ok(fact, "of", None)
            if isinstance(fact.get("name"), str) and isinstance(fact.get("of"), str) and fact["of"] in entities:
                if fact["name"] not in entities[fact["of"]].get("aliases", []) and fact["name"] != fact["of"]:
                    problem(label, "name", f"{fact['name']!r} is not among the aliases of entity {fact['of']!r}")
        if kind == "event":
            if fact.get("class") not in EVENT_CLASSES:
                problem(label, "class", f"{fact.get('class')!r} is not one of {', '.join(sorted(EVENT_CLASSES))}")
            if isinstance(fact.get("label"), str):
                name_ok(dict(fact, event=fact["label"]), "event", "event")
                ent = entities.get(fact["label"])
                if ent and ent.get("class") != fact.get("class"):
                    problem(label, "class", f"{fact.get('class')!r} is not the entity's class {ent.get('class')!r}")

        if kind in ("figure", "statement", "participant") and "claimant" not in fact:
            name_ok(dict(fact, claimant=DEFAULT_CLAIMANT), "claimant", "actor")

        # vocabulary slugs
        for key in SLUG_KEYS:
            if key in fact:
                slug_ok(fact, key)
        measure = fact.get("measure")
        if measure in vocab.get("measure", frozenset()):  # else said above
            if kind == "figure" and measure not in FIGURE_MEASURES:
                problem(label, "measure", f"{measure!r} is not a measure a figure can have")
            if kind == "statement" and measure not in STATEMENT_MEASURES:
                problem(label, "measure", f"{measure!r} is not a measure a statement can have")
        if kind in RELATIONS and "relation" in fact and fact["relation"] not in RELATIONS[kind]:
            problem(label, "relation", f"{fact['relation']!r} is not one of {', '.join(sorted(RELATIONS[kind]))}")

        # text values
        for key in ("label", "name", "text", "title", "value", "timezone"):
            if key in fact and (not isinstance(fact[key], str) or not fact[key].strip()):
                problem(label, key, f"{fact[key]!r} is not text (quote it in YAML)")
        if "side" in fact and not (_is_int(fact["side"]) and fact["side"] >= 1):
            problem(label, "side", f"{fact['side']!r} is not a side number (1, 2, 3...)")

        # dates
        iso: dict[str, tuple] = {}
        for key in DATE_KEYS:
            if key in fact:
                value = fact[key]
                m = _ISO.match(value) if isinstance(value, str) else None
                if m is None:
                    problem(label, key, f"{value!r} is not an ISO date (2024-11-20, 2024-11 or 2024)")
                    continue
                try:
                    dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
                except ValueError:
                    problem(label, key, f"{value!r} is not a date")
                    continue
                iso[key] = tuple(int(g) for g in m.groups() if g)
        if kind == "date":
            prec = {"day": 3, "month": 2, "year": 1}.get(fact.get("precision"))
            for key in ("start", "end"):
                if key in iso and prec and len(iso[key]) != prec:
                    problem(label, key, f"{fact[key]!r} is not written to the {fact.get('precision')} "
                                        f"(precision: {fact.get('precision')})")
            if "start" in iso and "end" in iso and iso["end"] < iso["start"][:len(iso["end"])]:
                problem(label, "end", f"{fact['end']} is before start {fact['start']}")
        if "from" in iso and "until" in iso and iso["until"] < iso["from"][:len(iso["until"])]:
            problem(label, "until", f"{fact['until']} is before from {fact['from']}")

        # participants
        # (unit-of relates two actors, whatever the event: "SNA units such as the Sham Legion" need not
        # list the SNA itself among the participants.)
            if fact["unit-of"] == fact.get("actor"):
                problem(label, "unit-of", "a unit cannot be its own parent")

        # figures
        if kind == "figure":
            nums = {}
            for key in ("min", "best", "max"):
                if key in fact:
                    if not (_is_int(fact[key]) and fact[key] >= 0):
                        problem(label, key, f"{fact[key]!r} is not a non-negative integer")
                    else:
                        nums[key] = fact[key]
            if "min" in nums and "best" in nums and nums["min"] > nums["best"]:
                problem(label, "best", f"min {nums['min']} > best {nums['best']}")
            if "best" in nums and "max" in nums and nums["best"] > nums["max"]:
                problem(label, "max", f"best {nums['best']} > max {nums['max']}")
            if "min" in nums and "max" in nums and nums["min"] > nums["max"]:
                problem(label, "max", f"min {nums['min']} > max {nums['max']}")
            q = fact.get("qualifier")
            has = set(nums)
            if q == "exact" and has != {"min", "best", "max"}:
                problem(label, "qualifier", "exact needs min, best and max (all equal)")
            elif q == "exact" and len(set(nums.values())) != 1:
                problem(label, "qualifier", "exact needs min = best = max")
            elif q in ("at-least", "more-than") and ("min" not in has or "max" in has):
                problem(label, "qualifier", f"{q} needs min and no max")
            elif q == "at-most" and ("max" not in has or "min" in has):
                problem(label, "qualifier", "at-most needs max and no min")
            elif q == "range" and not ({"min", "max"} <= has and nums["min"] < nums["max"]):
                problem(label, "qualifier", "range needs min < max")
            elif q == "approximately" and not ("best" in has or {"min", "max"} <= has):
                problem(label, "qualifier", "approximately needs best (or min and max)")
            elif q == "unquantified" and has:
                problem(label, "qualifier", "unquantified takes no min, best or max")
            for key in FIGURE_REFS:
                if key in fact:
                    ref = fact[key]
                    if ref == fact.get("id"):
                        problem(label, key, "refers to the figure itself")
                    elif not isinstance(ref, str) or ref not in ids:
                        problem(label, key, f"{ref!r} is not the id of a fact")
                    elif ids[ref].get("kind") != "figure":
                        problem(label, key, f"{ref!r} is of kind {ids[ref].get('kind')}, not figure")
    for name in entities:
        if name not in used:
            problem(f"entity {name}", "name", "no fact names it")
    return problems


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------

def counts(path) -> str:
    """One line: the file's facts by kind and by where."""
    try:
        data = load(path)
    except ValueError:
        return f"{path}: unreadable"
    facts = [f for f in data.get("facts") or [] if isinstance(f, dict)]
    by_where = Counter(str(f.get("where")) for f in facts)
    by_kind = Counter(str(f.get("kind")) for f in facts)
    kinds = ", ".join(f"{k} {by_kind[k]}" for k in [*KINDS, *sorted(set(by_kind) - set(KINDS))] if by_kind[k])
    wheres = ", ".join(f"{w} {by_where[w]}" for w in ["infobox", "prose", *sorted(set(by_where) - WHERE)]
                       if by_where[w])
    ents = len([e for e in data.get("entities") or [] if isinstance(e, dict)])
    return f"{path}: {len(facts)} facts ({wheres}); {kinds}; {ents} entities"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check gold annotation files (benchmarks/gold/README.md).")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--no-quotes", action="store_true", help="do not check quotes against the articles")
    args = parser.parse_args(argv)
    quotes = False if args.no_quotes else articles_root().is_dir()
    if not quotes and not args.no_quotes:
        print(f"note: no articles folder at {articles_root()} (set ${ENV_ARTICLES}): quotes not checked")
    total = 0
    for path in args.files:
        problems = check(path, quotes=quotes)
        total += len(problems)
        for line in problems:
            print(line)
    for path in args.files:
        print(counts(path))
    if total:
        print(f"{total} problem{'s' if total != 1 else ''}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
