"""Quotes checked against the source texts the project holds (texts/, see texts/README.md).

The curated graph was made from documents whose text is kept in texts/, indexed by their
`ckg:url` with a SHA-256 of each file. A node (a claim, a participation, an event...) whose
`ckg:source` is a section of one of those documents, or the document itself, says what that
document says: its `ckg:quote` must be in the document's text. The tests hold the curated data to
this (tests/test_data.py) and `conflictkg submit` holds submissions to it, through the same
function (`unverbatim_quotes`), so that a made-up quote cannot be put in the mouth of a curated
source.

Quote and text are compared after folding both the same way (`fold`): Unicode NFC, typographic
quotes and dashes as their ASCII forms, and every run of white space as one space; so a quote
typed with straight quotes, or copied across a line break, still matches.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import unquote

from rdflib import Graph, Literal, URIRef

from conflictkg.core.errors import UserError
from conflictkg.core.paths import Project
from conflictkg.model.names import qname
from conflictkg.model.namespaces import CKG
from conflictkg.submission.problems import show as _show

INDEX_FILE = "index.tsv"
INDEX_HEADER = ("url", "file", "sha256")

# Typographic forms a copied quote may or may not keep, folded to ASCII on both sides.
_FOLDS = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),  # ‘ ’ ‚ ‛ ′ ʼ
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),  # “ ” „ ‟ ″ « »
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),  # ‐ ‑ ‒ – — ― − ...
    "\u2026": "...",  # …
}
_FOLD_TABLE = str.maketrans(_FOLDS)


def fold(text: str) -> str:
    """The form quotes and texts are compared in: NFC, typographic quotes and dashes folded, white
    space collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_FOLD_TABLE).split())


def url_key(url: str) -> str:
    """What two URLs of one document have in common: no #fragment (a section's URL is its
    document's with one), %-escapes decoded ("_%282024%29" is "_(2024)"), scheme and host in lower
    case, http as https, no trailing slash."""
    text = unquote(str(url).strip().split("#", 1)[0])
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://([^/]*)(.*)$", text, re.DOTALL)
    if m:
        scheme = m.group(1).lower()
        text = ("https" if scheme == "http" else scheme) + "://" + m.group(2).lower() + m.group(3)
    return text.rstrip("/")


@dataclass(frozen=True)
class HeldText:
    """One document whose text the project holds."""

    url: str
    file: str  # its file name in texts/
    text: str = field(repr=False)  # as written
    folded: str = field(repr=False)  # `fold(text)`

    def contains(self, quote: str) -> bool:
        return fold(quote) in self.folded


@dataclass(frozen=True)
class SourceTexts:
    """The texts of texts/, by document URL (`url_key`)."""

    by_url: dict[str, HeldText] = field(default_factory=dict)

    def for_url(self, url) -> HeldText | None:
        return self.by_url.get(url_key(str(url)))

    def __bool__(self) -> bool:
        return bool(self.by_url)

    def __len__(self) -> int:
        return len(self.by_url)


def load_texts(project: Project) -> SourceTexts:
    """The project's source texts, each checked against its SHA-256 in texts/index.tsv. A project
    without texts/ holds none (and no quote is checked against a text); a broken index or a text
    that is not what the index says is an error (exit 2), never a silent pass."""
    folder = project.texts_dir
    index = folder / INDEX_FILE
    if not index.is_file():
        return SourceTexts()
    where = f"texts/{INDEX_FILE}"
    try:
        lines = index.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{where}: cannot be read ({type(exc).__name__}): restore it from git") from None
    if not lines or tuple(lines[0].split("\t")) != INDEX_HEADER:
        raise UserError(f"{where}:1: the first line must be the header {'<tab>'.join(INDEX_HEADER)} (see texts/README.md)")
    texts: dict[str, HeldText] = {}
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            raise UserError(f"{where}:{n}: a line is URL<tab>FILE<tab>SHA-256, with no other tab (see texts/README.md)")
        url, name, digest = (c.strip() for c in cells)
        if not name or Path(name).name != name or name.startswith("."):
            raise UserError(f"{where}:{n}: {name!r} is not a file name in texts/ (no folders)")
        try:
            data = (folder / name).read_bytes()
        except OSError:
            raise UserError(f"{where}:{n}: texts/{name} is listed but cannot be read: restore it, or remove its line") from None
        actual = hashlib.sha256(data).hexdigest()
        if actual != digest.lower():
            raise UserError(f"{where}:{n}: texts/{name} has SHA-256 {actual}, not the indexed {digest}: the texts are kept "
                            f"as curated; restore the file from git (a new version of a document is a new document)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise UserError(f"{where}:{n}: texts/{name} is not UTF-8") from None
        key = url_key(url)
        if key in texts:
            raise UserError(f"{where}:{n}: {url} is listed twice")
        texts[key] = HeldText(url, name, text, fold(text))
    return SourceTexts(texts)


# --------------------------------------------------------------------------------------------
# Which held texts a node cites, and which of its quotes are not in them
# --------------------------------------------------------------------------------------------


def _objects(graphs: Sequence[Graph], s, p) -> list:
    seen = []
    for g in graphs:
        for o in g.objects(s, p):
            if o not in seen:
                seen.append(o)
    return seen


def cited_texts(node, graphs: Sequence[Graph], texts: SourceTexts) -> list[tuple[object, HeldText]]:
    """(document node, text) for each held document `node` cites: its `ckg:source` sections'
    documents (`ckg:sectionOf`), found by their URLs or the sections' own, or a document cited
    directly. Read from `graphs` in turn (the submission, then the graph it is added to)."""
    found: list[tuple[object, HeldText]] = []
    # The node's own sources come from the first graph only: a quote a submission adds to a node the
    # graph holds is the words of the sections the submission cites, not of those it was curated from.
    for source in _objects(graphs[:1], node, CKG.source):
        docs = _objects(graphs, source, CKG.sectionOf)
        # A section's own URL names its document (the section is shown by its document).
        candidates = [(docs[0] if docs else source, u) for u in _objects(graphs, source, CKG.url)]
        candidates += [(doc, u) for doc in docs for u in _objects(graphs, doc, CKG.url)]
        for doc, url in candidates:
            held = texts.for_url(url)
            if held is not None and all(h.url != held.url for _, h in found):
                found.append((doc, held))
    return found


@dataclass(frozen=True)
class Unquoted:
    """A quote that is in none of the held texts its node cites."""

    node: object
    quote: str
    documents: tuple[tuple[object, HeldText], ...]


def unverbatim_quotes(graph: Graph, texts: SourceTexts, context: Iterable[Graph] = ()) -> list[Unquoted]:
    """Every `ckg:quote` of a node of `graph` that cites a held document (see `cited_texts`) and is
    in none of the held texts it cites; sections and documents are looked up in `graph`, then in
    `context` (the project graph, for a submission citing curated sections). A node citing a held
    document and another one too must still quote a held one: to quote the other document, make a
    separate node citing only that one (else any made-up quote could hide behind a second source)."""
    if not texts:
        return []
    graphs = [graph, *context]
    out = []
    for node, quote in sorted(graph.subject_objects(CKG.quote), key=lambda so: (str(so[0]), str(so[1]))):
        if not isinstance(quote, Literal):
            continue
        docs = cited_texts(node, graphs, texts)
        if docs and not any(held.contains(str(quote)) for _, held in docs):
            out.append(Unquoted(node, str(quote), tuple(docs)))
    return out


def _excerpt(text: str, limit: int = 80) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"


def quote_problems(project: Project, graph: Graph, base: Graph) -> list[str]:
    """One line per quote of the submission `graph` that is not in the held text it cites."""

    problems = []
    for miss in unverbatim_quotes(graph, load_texts(project), [base]):
        docs = "; ".join(f"{qname(doc) if isinstance(doc, URIRef) else 'its document'} ({held.url}, held in "
                         f"texts/{held.file})" for doc, held in miss.documents)
        problems.append(f"{_show(graph, miss.node)}: its ckg:quote \"{_excerpt(miss.quote)}\" is not in the text of "
                        f"{docs}, which its ckg:source is a section of: quote the article verbatim (spacing, "
                        f"typographic quotes and dashes aside), or cite the document the words are from instead")
    return problems
