"""Close names, for "did you mean" suggestions: a misspelled or partial name ("palmyra",
"Palmira", "kiled", "idf") against the names of the graph's nodes (labels, aliases and IRI slugs).

Standard library only (difflib), so that `conflictkg query` can suggest without loading rdflib.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import Hashable, Iterable, Mapping


def normalise(text: str) -> str:
    """The form names are compared in: "the Iran–Israel proxy conflict" -> "iran israel proxy conflict",
    "Al-Tanf" -> "al tanf", "Ḥamā" -> "hama"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    lowered = stripped.casefold().replace("&", " and ")
    words = re.sub(r"[\W_]+", " ", lowered).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def similarity(query: str, name: str) -> float:
    """How close `name` is to what the user typed, from 0 to 1. Equal names score 1; a name that
    contains every word typed ("palmyra" in "2024 Palmyra airstrike") at least 0.8, more the
    shorter the name; otherwise the best of difflib's ratio over the whole names, over the names
    without spaces ("idf" against "IDF", "israeli defense forces" initials), and word by word
    (a typo in one word of several)."""
    q, n = normalise(query), normalise(name)
    if not q or not n:
        return 0.0
    if q == n:
        return 1.0
    q_words, n_words = q.split(), n.split()
    if all(any(w == v or (len(w) >= 3 and v.startswith(w)) for v in n_words) for w in q_words):
        return 0.8 + 0.19 * len(q) / len(n)
    q_flat, n_flat = q.replace(" ", ""), n.replace(" ", "")
    best = max(SequenceMatcher(None, q, n).ratio(), SequenceMatcher(None, q_flat, n_flat).ratio())
    if len(n_words) > 1 and len(q_flat) >= 3 and q_flat == "".join(v[0] for v in n_words):
        best = max(best, 0.85)  # initials: "idf" for "Israel Defense Forces"
    per_word = sum(max(SequenceMatcher(None, w, v).ratio() for v in n_words) for w in q_words) / len(q_words)
    if per_word >= 0.8:  # every word typed is close to a word of the name: "palmira" in "Palmyra offensive"
        best = max(best, 0.85 * per_word)
    return best


def suggest(query: str, names: Mapping[Hashable, Iterable[str]], *, n: int = 3, cutoff: float = 0.6,
            spread: float = 0.1) -> list:
    """The keys of `names` (node -> its names) whose best name is closest to `query`, best first,
    at most `n`, none below `cutoff` nor more than `spread` below the best. Ties keep the keys'
    order."""
    scored = []
    for index, (key, key_names) in enumerate(names.items()):
        score = max((similarity(query, name) for name in key_names), default=0.0)
        if score >= cutoff:
            scored.append((-score, index, key))
    scored.sort()
    if not scored:
        return []
    top = -scored[0][0]
    return [key for score, _, key in scored[:n] if -score >= top - spread]
