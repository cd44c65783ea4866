"""conflictkg.submission.quotes on its own: the texts/ index, folding, and which quotes are not in the held
text they cite (the function tests/test_data.py and `submit` share)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from conflictkg.core.errors import UserError
from conflictkg.core.paths import Project
from conflictkg.submission.quotes import fold, load_texts, unverbatim_quotes, url_key
from conflictkg.rdf.rdfio import load_graph

ROOT = Path(__file__).resolve().parents[2]
HEAD = """\
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix event: <https://w3id.org/conflict-kg/id/event/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix source: <https://w3id.org/conflict-kg/id/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
AIRSTRIKE = "https://en.wikipedia.org/wiki/2024_Palmyra_airstrike"
VERBATIM = 'caused "significant material damage"'


@pytest.fixture(scope="module")
def base(project) -> Graph:
    return load_graph(project)


@pytest.fixture(scope="module")
def texts(project):
    return load_texts(project)


def g(text: str) -> Graph:
    return Graph().parse(data=HEAD + text, format="turtle")


def claim(source: str, quote: str, extra: str = "") -> str:
    return f'_:c a ckg:Claim ; ckg:about event:2024-palmyra-airstrike ; ckg:source {source} ; ckg:quote """{quote}""" .\n' + extra


def test_fold():
    assert fold("caused \u201csignificant\u00a0material\n  damage\u201d") == VERBATIM
    assert fold("Iran\u2013Israel proxy conflict \u2014 it\u2019s") == "Iran-Israel proxy conflict - it's"
    assert fold("Ha\u0308ma") == fold("H\u00e4ma")  # NFC


def test_url_key():
    assert url_key(AIRSTRIKE + "#Airstrikes") == url_key(AIRSTRIKE) == url_key("http://EN.wikipedia.org/wiki/2024_Palmyra_airstrike/")
    assert url_key("https://en.wikipedia.org/wiki/Palmyra_offensive_%282024%29") == url_key(
        "https://en.wikipedia.org/wiki/Palmyra_offensive_(2024)")
    assert url_key(AIRSTRIKE) != url_key("https://en.wikipedia.org/wiki/2024_palmyra_airstrike")  # paths keep case


def test_the_project_holds_the_curated_and_the_dev_articles(texts):
    # The three curated articles and the ten development articles the graph grows by (texts/README.md).
    assert len(texts) == 13
    held = texts.for_url(AIRSTRIKE + "#Lead")
    assert held.file == "palmyra-airstrike-2024.txt" and held.contains("caused \u201csignificant material damage\u201d")
    assert held.text == (ROOT / "texts" / held.file).read_text(encoding="utf-8")


@pytest.mark.parametrize("quote, refused", [
    (VERBATIM, False),
    ("caused \u201csignificant\nmaterial damage\u201d", False),
    ("The strikes also destroyed the city hospital.", True),
    ("caused significant material damage", True),  # the article's quotation marks are its words too
])
def test_a_quote_citing_a_curated_section(base, texts, quote, refused):
    found = unverbatim_quotes(g(claim("source:wikipedia-2024-palmyra-airstrike-airstrikes", quote)), texts, [base])
    assert bool(found) == refused
    if refused:
        [(doc, held)] = found[0].documents
        assert str(doc).endswith("/source/wikipedia-2024-palmyra-airstrike") and held.url == AIRSTRIKE


def test_a_new_document_with_the_articles_url_is_the_article(texts):
    # Citing the held article through a section and document of one's own changes nothing.
    doc = (f'_:doc a ckg:SourceDocument ; rdfs:label "Palmyra"@en ; ckg:url "{AIRSTRIKE.replace("2024", "%32024")}"^^xsd:anyURI .\n'
           '_:sec a ckg:DocumentSection ; rdfs:label "Lead"@en ; ckg:sectionOf _:doc .\n')
    assert unverbatim_quotes(g(claim("_:sec", "Made up.", doc)), texts)
    section_only = f'_:sec a ckg:DocumentSection ; rdfs:label "Lead"@en ; ckg:url "{AIRSTRIKE}#Lead"^^xsd:anyURI .\n'
    assert unverbatim_quotes(g(claim("_:sec", "Made up.", section_only)), texts)


def test_documents_the_project_does_not_hold_are_not_checked(texts):
    doc = ('_:doc a ckg:SourceDocument ; ckg:url "https://example.org/report"^^xsd:anyURI .\n'
           '_:sec a ckg:DocumentSection ; ckg:sectionOf _:doc .\n')
    assert unverbatim_quotes(g(claim("_:sec", "Anything the report says.", doc)), texts) == []


def test_a_second_source_does_not_excuse_a_quote_of_the_first(base, texts):
    doc = ('_:doc a ckg:SourceDocument ; ckg:url "https://example.org/report"^^xsd:anyURI .\n'
           '_:sec a ckg:DocumentSection ; ckg:sectionOf _:doc .\n')
    graph = g(claim("source:wikipedia-2024-palmyra-airstrike-airstrikes, _:sec", "Words of the report.", doc))
    assert len(unverbatim_quotes(graph, texts, [base])) == 1


# ------------------------------------------------------------------------------------------------
# The index
# ------------------------------------------------------------------------------------------------


@pytest.fixture
def held(tmp_path) -> Project:
    shutil.copytree(ROOT / "texts", tmp_path / "texts")
    return Project(tmp_path)


def test_no_texts_folder_holds_nothing(tmp_path):
    assert not load_texts(Project(tmp_path))


@pytest.mark.parametrize("change, message", [
    (lambda d: (d / "palmyra-offensive-2024.txt").write_text("edited\n"),
     "texts/index.tsv:3: texts/palmyra-offensive-2024.txt has SHA-256"),
    (lambda d: (d / "palmyra-offensive-2024.txt").unlink(),
     "texts/index.tsv:3: texts/palmyra-offensive-2024.txt is listed but cannot be read"),
    (lambda d: (d / "index.tsv").write_text("url,file,sha256\n"), "texts/index.tsv:1: the first line must be the header"),
    (lambda d: (d / "index.tsv").write_text("url\tfile\tsha256\nhttps://x\t../data/actors.ttl\tab\n"),
     "texts/index.tsv:2: '../data/actors.ttl' is not a file name in texts/"),
    (lambda d: (d / "index.tsv").write_text("url\tfile\tsha256\nhttps://x\ta.txt\n"),
     "texts/index.tsv:2: a line is URL<tab>FILE<tab>SHA-256"),
])
def test_a_broken_index_is_a_one_line_error(held, change, message):
    change(held.texts_dir)
    with pytest.raises(UserError) as err:
        load_texts(held)
    assert message in err.value.message and "\n" not in err.value.message


def test_a_document_can_be_added(held):
    text = "= Test =\n\nThe test said “so”.\n".encode()
    (held.texts_dir / "test.txt").write_bytes(text)
    before = len(load_texts(held))
    with (held.texts_dir / "index.tsv").open("a", encoding="utf-8") as fh:
        fh.write(f"https://example.org/test\ttest.txt\t{hashlib.sha256(text).hexdigest()}\n")
    texts = load_texts(held)
    assert len(texts) == before + 1 and texts.for_url("https://example.org/test#Lead").contains('said "so"')
