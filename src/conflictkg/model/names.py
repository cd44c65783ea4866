"""Finding existing nodes of the graph by name: actors, places, events, groups and vocabulary
concepts by rdfs:label, skos:prefLabel and skos:altLabel, compared without case, diacritics,
punctuation or a leading "the"; source documents by URL.

The names come from whatever graph the caller builds the index from: for the project, its ontology,
vocabularies and data as `conflictkg.rdf.rdfio.load_graph` reads them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from conflictkg.model.fuzzy import normalise
from conflictkg.model.namespaces import CKG, CKV, PREFIXES

KINDS = ("actor", "place", "event", "group", "source", "section")
_ROOTS = {"actor": CKG.Actor, "place": CKG.Place, "event": CKG.Event, "group": CKG.Group,
          "source": CKG.SourceDocument, "section": CKG.DocumentSection}


# Leading Arabic articles written with a hyphen or a space ("al-Mayadin", "As-Safira", "Ad Dana").
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash|ath|adh)[\s-]+(?=\w)", re.IGNORECASE)


_SPELLED_OUT = [(re.compile(r"\bunited\s+states(?:\s+of\s+america)?\b"), "us"), (re.compile(r"\bu\.\s?s\.(?:\s?a\.)?"), "us"),
                (re.compile(r"\bunited\s+kingdom\b"), "uk"), (re.compile(r"\bu\.\s?k\."), "uk"),
                (re.compile(r"\bunited\s+nations\b"), "un"), (re.compile(r"\bu\.\s?n\."), "un")]


# British and American spellings of the words names are made of ("Ministry of Defence").
_AMERICAN = {"defence": "defense", "offence": "offense", "organisation": "organization", "organisations": "organizations",
             "centre": "center", "centres": "centers", "armoured": "armored", "armour": "armor", "labour": "labor",
             "programme": "program", "honour": "honor", "neighbourhood": "neighborhood", "theatre": "theater"}


@functools.lru_cache(maxsize=65536)
def variant_key(text: str) -> str:
    """A looser form than `normalise`, for spellings of one transliterated name: apostrophes and
    leading articles dropped, spaces and hyphens ignored, doubled letters single, "oo"/"ou" as "u",
    a final "ah" as "a". "Tell Rifaat" and "Tel Rifaat", "Hay'at" and "Hayat", "Sheikh Maqsood" and
    "Sheikh Maqsoud", "Deir ez-Zor" and "Deir Ezzor", "as-Safirah" and "As-Safira", "Erdoğan" and
    "Erdogan", "United States officials" and "US officials", "Ministry of Defence" and "Ministry of
    Defense" have one key. Only a fallback: a name found by it is always reported for review."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    lowered = re.sub(r"['\u2018\u2019\u02bc\u02bf\u02be`]", "", stripped.casefold())
    lowered = re.sub(r"^the\s+", "", lowered.strip())
    lowered = _ARTICLE.sub("", lowered)
    # A country written out or by its initials: "United States officials" and "US officials".
    for full, short in _SPELLED_OUT:
        lowered = re.sub(full, short, lowered)
    words = re.sub(r"[\W_]+", " ", lowered).split()
    words = [_AMERICAN.get(w, w) for w in words]
    words = [re.sub(r"ah$", "a", w) for w in words]
    joined = "".join(words).replace("oo", "u").replace("ou", "u")
    return re.sub(r"(.)\1+", r"\1", joined)


# Arabic articles and particles written as words of their own inside a name ("Deir ez-Zor",
# "Dayr az-Zawr", "Abu Mohammad al-Julani", "Liwa al-Quds").
_PARTICLES = {"al", "el", "ad", "ar", "as", "at", "az", "an", "ash", "ath", "adh", "ed", "er", "es", "et", "ez", "en",
              "ul", "ud", "the"}


@functools.lru_cache(maxsize=65536)
def skeleton_key(text: str) -> str:
    """The loosest key, for transliterations of one Arabic, Persian, Turkish or Kurdish name that
    differ in their vowels: each word by its first letter (any vowel as "a") and its consonants,
    "y" and "w" read as vowels, "q" as "k", doubled letters single, a final "h" after a vowel
    dropped, a final vowel kept as one ("Israeli" is not "Israel"), articles ("al-", "ez-") left
    out. "Deir ez-Zor", "Dayr az-Zawr" and "Deir el-Zour"; "Hezbollah" and "Hizbullah"; "Abu
    Mohammad al-Julani" and "Abu Muhammad al-Jawlani" have one key. A key of fewer than four
    letters is no key (too many names share it: "Homs", "Hama"). Only a last fallback: a name
    found by it is always reported for review."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    lowered = re.sub(r"['\u2018\u2019\u02bc\u02bf\u02be`]", "", stripped.casefold())
    for full, short in _SPELLED_OUT:
        lowered = re.sub(full, short, lowered)
    out = []
    for word in re.sub(r"[\W_]+", " ", lowered).split():
        if word in _PARTICLES:
            continue
        word = word.replace("q", "k").replace("ph", "f").replace("ou", "u").replace("ee", "i")
        word = re.sub(r"(?<=[aeiouyw])h$", "", word)
        head = "a" if word[0] in "aeiouy" else word[0]
        tail = re.sub(r"[aeiouyw]", "", word[1:])
        # A final vowel is kept as one: "Israeli" is no spelling of "Israel", nor "Pakistani" of "Pakistan".
        end = "a" if len(word) > 1 and word[-1] in "aeiouy" else ""
        out.append(re.sub(r"(.)\1+", r"\1", head + tail) + end)
    key = " ".join(out)
    return key if len(key.replace(" ", "")) >= 4 else ""


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")


def qname(iri) -> str:
    """An IRI as a prefixed name (`event:2024-palmyra-airstrike`) when it can be one, else `<iri>`."""
    s = str(iri)
    for prefix, ns in _BY_LENGTH:
        if s.startswith(ns) and _LOCAL.match(s[len(ns):]):
            return f"{prefix}:{s[len(ns):]}"
    return f"<{s}>"


@dataclass
class NameIndex:
    """Names of the graph's nodes, by kind. Build it with `NameIndex.from_graph`."""

    by_kind: dict[str, dict[str, set[URIRef]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    concepts: dict[str, dict[str, set[URIRef]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    urls: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    kinds: dict[URIRef, set[str]] = field(default_factory=lambda: defaultdict(set))
    variants: dict[str, dict[str, set[URIRef]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    skeletons: dict[str, dict[str, set[URIRef]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    graph: Graph | None = None

    @classmethod
    def from_graph(cls, graph: Graph) -> "NameIndex":
        index = cls(graph=graph)
        for kind, root in _ROOTS.items():
            classes = set(graph.transitive_subjects(RDFS.subClassOf, root))
            for cls_ in classes:
                for node in graph.subjects(RDF.type, cls_):
                    if isinstance(node, URIRef):
                        index.kinds[node].add(kind)
                        for name in _names(graph, node):
                            index.by_kind[kind][normalise(name)].add(node)
                            index.variants[kind][variant_key(name)].add(node)
                            if key := skeleton_key(name):
                                index.skeletons[kind][key].add(node)
        for concept in graph.subjects(RDF.type, SKOS.Concept):
            scheme = graph.value(concept, SKOS.inScheme)
            if not isinstance(concept, URIRef) or scheme is None or not str(scheme).startswith(str(CKV)):
                continue
            key = str(scheme)[len(str(CKV)):]
            names = _names(graph, concept) + [str(concept).rsplit("/", 1)[-1].replace("-", " ")]
            for name in names:
                index.concepts[key][normalise(name)].add(concept)
        for node, url in graph.subject_objects(CKG.url):
            index.urls[_url_key(str(url))].add(node)
        return index

    def find(self, kind: str, text: str) -> list[URIRef]:
        """Every node of `kind` with this name, sorted; more than one means the name is ambiguous."""
        return sorted(self.by_kind[kind].get(normalise(text), ()))

    def find_variant(self, kind: str, text: str) -> list[URIRef]:
        """Every node of `kind` whose name has the same `variant_key` as `text`, sorted."""
        key = variant_key(text)
        return sorted(self.variants[kind].get(key, ())) if len(key) >= 4 else []

    def find_skeleton(self, kind: str, text: str) -> list[URIRef]:
        """Every node of `kind` whose name has the same `skeleton_key` as `text`, sorted."""
        key = skeleton_key(text)
        return sorted(self.skeletons[kind].get(key, ())) if key else []

    def find_concept(self, scheme: str, text: str) -> list[URIRef]:
        """Concepts of a scheme ("event-type") by label, alternative label or slug; also tries the
        singular of a plural ("Airstrikes")."""
        key = normalise(text)
        found = self.concepts[scheme].get(key)
        if not found and key.endswith("s"):
            found = self.concepts[scheme].get(key[:-1])
        return sorted(found or ())

    def concept_names(self, scheme: str) -> dict[str, set[URIRef]]:
        return self.concepts[scheme]

    def find_url(self, url: str) -> list[URIRef]:
        return sorted(self.urls.get(_url_key(url), ()))

    def kind_of(self, node: URIRef) -> set[str]:
        return self.kinds.get(node, set())


def _names(graph: Graph, node) -> list[str]:
    return [str(o) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(node, p)
            if isinstance(o, Literal)]


def _url_key(url: str) -> str:
    return url.strip().rstrip("/")
