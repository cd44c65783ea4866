""""Did you mean": the pages whose name is closest to what a missing path asked for.

`/id/event/palmyra-airstrike-2024` is not in the graph; its slug read as words ("palmyra airstrike
2024") is compared with every label and alias of the events (and with their own slugs), by the
words they share and by difflib's ratio, so a reordered, misspelt or shortened name still finds
"2024 Palmyra airstrike".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from urllib.parse import unquote

from conflictkg.server.terms import local_path

MAX_SUGGESTIONS = 5
THRESHOLD = 0.55


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", folded)


def score(wanted: str, name: str) -> float:
    """How close two names are, 0 to 1: the larger of difflib's ratio on the words in order and
    on the words sorted, and the share of the wanted words that the name has."""
    a, b = _words(wanted), _words(name)
    if not a or not b:
        return 0.0
    in_order = difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()
    sorted_ = difflib.SequenceMatcher(None, " ".join(sorted(a)), " ".join(sorted(b))).ratio()
    shared = sum(1 for w in set(a) if w in b or any(difflib.SequenceMatcher(None, w, x).ratio() > 0.85 for x in b))
    return max(in_order, sorted_, shared / max(len(set(a)), len(set(b))))


def suggest(wanted_slug: str, candidates: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """[(page path, name)] of the best matches among (name, IRI) candidates, best first."""
    wanted = unquote(wanted_slug)
    best: dict[str, tuple[float, str]] = {}
    for name, iri in candidates:
        slug = iri.rstrip("/").rsplit("/", 1)[-1]
        s = max(score(wanted, name), score(wanted, slug))
        if s >= THRESHOLD and (iri not in best or s > best[iri][0]):
            best[iri] = (s, name)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1].lower()))[:MAX_SUGGESTIONS]
    return [(local_path(iri) or iri, name) for iri, (_, name) in ranked]
