"""The curated data: canonical form, traceability to the source articles, and provenance on every node.

The articles' texts are the project's own copies in texts/ (texts/index.tsv, checked against their
SHA-256 by `conflictkg.submission.quotes.load_texts`), so these checks run on any clean checkout.

Accepted submissions (data/submissions/) cite their own sources and are checked by the shapes and by
submit itself; these checks are about the hand-curated files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from conflictkg.model.namespaces import CKG, GEOM, ID, SOURCE
from conflictkg.submission.quotes import SourceTexts, cited_texts, load_texts, unverbatim_quotes
from conflictkg.submission.submit import content_hash
from conflictkg.rdf.rdfio import canonical_turtle, parse_turtle_file, read_header

ROOT = Path(__file__).resolve().parents[2]

# The documents the curated files were made from, whose texts the project holds in texts/.
ARTICLE_FILES = {
    "wikipedia-2024-palmyra-airstrike": "palmyra-airstrike-2024.txt",
    "wikipedia-palmyra-offensive-2024": "palmyra-offensive-2024.txt",
    "wikipedia-syria-missile-strikes-2021-01": "syria-missile-strikes-2021-01.txt",
}


def _normalise(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def data(project) -> Graph:
    graph = Graph()
    for path in project.curated_files():
        parse_turtle_file(path, graph)
    return graph


@pytest.fixture(scope="module")
def texts(project) -> SourceTexts:
    return load_texts(project)


@pytest.fixture(scope="module")
def article_texts(data, texts) -> dict[str, str]:
    """The held text of each source article, by the local name of its document node."""
    out = {}
    for doc, name in ARTICLE_FILES.items():
        held = texts.for_url(data.value(SOURCE[doc], CKG.url))
        assert held is not None and held.file == name, f"texts/ does not hold {name} for source:{doc}"
        out[doc] = held.text
    return out


def test_the_project_holds_the_texts_of_its_articles(texts):
    # The curated articles, and the development articles the graph grows by through submissions
    # (benchmarks/gold/*.yaml with `split: dev` or `held-out`), each under its gold file's URL and name.
    gold = {}
    for path in sorted((ROOT / "benchmarks" / "gold").glob("*.yaml")):
        head = yaml.safe_load(path.read_text(encoding="utf-8"))
        if head.get("split") in ("dev", "held-out"):
            gold[head["url"]] = f"{path.stem}.txt"
    assert len(gold) == 10
    for url, name in gold.items():
        held = texts.for_url(url)
        assert held is not None and held.file == name, f"texts/ does not hold {name} for {url}"
    assert sorted(h.file for h in texts.by_url.values()) == sorted([*ARTICLE_FILES.values(), *gold.values()])


def test_accepted_submissions_are_as_submit_wrote_them(project):
    graphs = {p: parse_turtle_file(p) for p in sorted(project.data_dir.rglob("*.ttl"))}

    def elsewhere(path):
        return [g for p, g in graphs.items() if p != path]

    # Each file of data/submissions/ is canonical, holds one ckg:Submission record, and its content
    # hash and ckg:added list check out against the rest of the file (no hand edits).
    for path in sorted(project.submissions_dir.glob("*.ttl")):
        graph = parse_turtle_file(path)
        assert path.read_text(encoding="utf-8") == canonical_turtle(graph, header=read_header(path)), path.name
        [record] = graph.subjects(RDF.type, CKG.Submission)
        data = Graph()
        for triple in graph:
            if triple[0] != record:
                data.add(triple)
        assert str(graph.value(record, CKG.contentHash)) == content_hash(data), path.name
        added = set(graph.objects(record, CKG.added))
        assert added <= set(data.subjects()), path.name
        # What it did not add, it enriched: nodes described in another file of the graph.
        for node in set(data.subjects()) - added:
            assert any((node, RDF.type, None) in other for other in elsewhere(path)), (path.name, node)
        assert path.stem.endswith(str(graph.value(record, CKG.contentHash))[:8]), path.name


def test_data_files_are_in_canonical_form(project):
    for path in project.curated_files():
        graph = parse_turtle_file(path)
        assert path.read_text(encoding="utf-8") == canonical_turtle(graph, header=read_header(path)), (
            f"{path.name} is not canonical: run `conflictkg fmt`")


def test_one_file_per_article_plus_shared_files(project):
    names = {p.name for p in project.curated_files()}
    assert {"palmyra-airstrike-2024.ttl", "palmyra-offensive-2024.ttl", "syria-missile-strikes-2021-01.ttl",
            "actors.ttl", "places.ttl", "sources.ttl"} <= names


def test_every_data_file_header_names_its_source(project):
    for path in project.curated_files():
        header = read_header(path)
        assert header, f"{path.name} has no header comment"


def test_no_blank_nodes(data):
    assert not any(isinstance(t, BNode) for triple in data for t in triple)


def test_every_quote_is_verbatim_in_its_article(data, texts, article_texts):
    # The check `conflictkg submit` makes of submissions (typographic quotes and dashes folded)...
    assert [(str(m.node), m.quote[:80]) for m in unverbatim_quotes(data, texts)] == []
    # ...and, for the curated files, the stricter one they have always passed: the article's own
    # characters, only white space collapsed.
    missing = []
    for node, quote in data.subject_objects(CKG.quote):
        docs = {str(doc)[len(str(SOURCE)):] for sec in data.objects(node, CKG.source)
                for doc in data.objects(sec, CKG.sectionOf)}
        held = [_normalise(article_texts[d]) for d in docs if d in article_texts]
        assert held, f"{node} has a quote but no source section in one of the articles"
        assert cited_texts(node, [data], texts), f"{node} cites no document whose text texts/ holds"
        if not any(_normalise(str(quote)) in t for t in held):
            missing.append((str(node), str(quote)[:80]))
    assert missing == []


def test_every_described_node_cites_a_source_section(data):
    exempt = {str(CKG.unknownActor)}
    uncited = []
    for s in set(data.subjects()):
        if not isinstance(s, URIRef) or not str(s).startswith(str(ID)) or str(s) in exempt:
            continue
        if (s, RDF.type, CKG.SourceDocument) in data or (s, RDF.type, CKG.DocumentSection) in data:
            continue
        if not any((sec, RDF.type, CKG.DocumentSection) in data for sec in data.objects(s, CKG.source)):
            uncited.append(str(s))
    assert uncited == []


def test_every_section_is_a_section_of_its_article(data, article_texts):
    for sec in data.subjects(RDF.type, CKG.DocumentSection):
        doc = str(data.value(sec, CKG.sectionOf))[len(str(SOURCE)):]
        label = str(data.value(sec, RDFS.label))
        if doc in article_texts and label not in ("Lead", "Infobox"):
            assert f"== {label} ==" in article_texts[doc] or f"=={label}==" in article_texts[doc], (doc, label)


def test_every_claim_has_its_core_fields(data):
    for claim in data.subjects(RDF.type, CKG.Claim):
        for prop in (CKG.about, CKG.claimant, CKG.source, CKG.measure, CKG.stance, CKG.quote):
            assert data.value(claim, prop) is not None, f"{claim} lacks {prop}"


def test_figures_keep_their_written_form(data):
    for claim in data.subjects(RDF.type, CKG.Claim):
        has_number = any(data.value(claim, p) is not None for p in (CKG.minValue, CKG.bestValue, CKG.maxValue))
        if has_number:
            assert data.value(claim, CKG.figureText) is not None, claim
            assert data.value(claim, CKG.qualifier) is not None, claim


def test_coordinates_cite_their_own_source(data):
    for geom in data.subjects(RDF.type, URIRef("http://www.opengis.net/ont/geosparql#Geometry")):
        assert str(geom).startswith(str(GEOM))
        assert data.value(geom, CKG.source) is not None


def test_curated_checks_ignore_accepted_submissions(project, tmp_path):
    from conflictkg.core.paths import Project

    (tmp_path / "data" / "submissions").mkdir(parents=True)
    (tmp_path / "data" / "a.ttl").write_text("")
    (tmp_path / "data" / "submissions" / "2026-01-01-x.ttl").write_text("")
    copy = Project(tmp_path)
    assert [p.name for p in copy.curated_files()] == ["a.ttl"]
    assert [p.name for p in copy.data_files()] == ["a.ttl", "2026-01-01-x.ttl"]
