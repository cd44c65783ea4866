"""The daemon's answers kept as text (`conflictkg.query.textrows`): read back term for term, sorted
as `sparql.sort_rows` sorts terms, and written by every output format byte for byte as the same
rows of terms are written, so that the daemon path and the on-disk path print the same output.

The last tests run the whole-graph stored queries on a generated graph (with seeded violations, so
odd values too) through a real daemon and through the on-disk store, in every format."""

from __future__ import annotations

import io
import json
import random

import pyoxigraph as ox
import pytest

from conftest import generated_project
from conflictkg.core.errors import UserError
from conflictkg.core.paths import Project
from conflictkg.query import daemon, library, lookup, resultformats, sparql, textable
from conflictkg.query.textrows import TextRows, parse_tsv, sort_text_rows
from conflictkg.storage import store

XSD = "http://www.w3.org/2001/XMLSchema#"
FORMATS = resultformats.SELECT_FORMATS  # table, csv, tsv, json, xml: what `conflictkg query --format` offers


def lit(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


# Values that are hard to write or to read back: escapes and control characters, formulas, language
# tags, numbers in short and long forms, unlike literals, non-ASCII IRIs, blank nodes.
ODD = [
    ox.NamedNode("https://w3id.org/conflict-kg/id/event/e1"), ox.NamedNode("http://example.org/é?a=%3C&b#f"),
    ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/a/b"), ox.BlankNode("b0"),
    ox.Literal("x"), ox.Literal(""), ox.Literal("=1+1"), ox.Literal("-5"), ox.Literal("@x", language="en"),
    ox.Literal("t\tab\nnl\r \"q\" \\ é😀 \x01\x7f\u2028 <&>'"), ox.Literal("hi", language="en-gb"),
    ox.Literal("", language="fr"), lit("42", "integer"), lit("042", "integer"), lit("-4.5", "decimal"),
    lit("1e3", "double"), lit("NaN", "double"), lit("true", "boolean"), lit("1", "boolean"), lit("5", "int"),
    lit("abc", "integer"), lit("2020-01-02", "date"), lit("2020-01-01T12:00:00Z", "dateTime"), lit("=x", "date"),
]


def oxigraph_tsv(names: list[str], rows: list[tuple]) -> bytes:
    """SPARQL TSV results as the daemon's worker writes them: Oxigraph's own TSV serializer, on an
    in-memory store (blank nodes get the store's labels; numbers are read as values, as there)."""
    graph = ox.Store()
    position = ox.NamedNode("http://example.org/position")
    for i, row in enumerate(rows):
        subject = ox.NamedNode(f"http://example.org/row/{i}")
        graph.add(ox.Quad(subject, position, lit(str(i), "integer")))
        for name, term in zip(names, row):
            if term is not None:
                graph.add(ox.Quad(subject, ox.NamedNode(f"http://example.org/{name}"), term))
    if not names:
        return graph.query("SELECT * WHERE {}").serialize(format=ox.QueryResultsFormat.TSV)
    columns = " ".join(f"OPTIONAL {{ ?row <http://example.org/{n}> ?{n} }}" for n in names)
    text = f"SELECT {' '.join('?' + n for n in names)} WHERE {{ ?row <{position.value}> ?i {columns} }} ORDER BY ?i"
    return graph.query(text).serialize(format=ox.QueryResultsFormat.TSV)


def random_rows(names: list[str], count: int, seed: int) -> list[tuple]:
    pick = random.Random(seed)
    return [tuple(pick.choice(ODD + [None]) for _ in names) for _ in range(count)]


@pytest.mark.parametrize("width,count", [(1, 0), (1, 1), (3, 0), (3, 40), (6, 300)])
def test_the_cells_read_back_as_the_terms_oxigraph_reads(width, count):
    names = [f"v{i}" for i in range(width)]
    data = oxigraph_tsv(names, random_rows(names, count, seed=width * 1000 + count))
    expected = sparql.parse_result(data, "select", tsv=True)
    variables, rows = parse_tsv(io.BufferedReader(io.BytesIO(data), 7))  # read in odd blocks
    assert variables == expected.variables
    assert isinstance(rows, TextRows) and len(rows) == count
    assert list(rows) == expected.rows and rows == expected.rows
    assert rows[1:3] == expected.rows[1:3]


def test_an_answer_of_no_variables_is_rows_of_nothing():
    variables, rows = parse_tsv(io.BytesIO(oxigraph_tsv([], [])))
    assert variables == [] and list(rows) == [()]


@pytest.mark.parametrize("data", [
    b"?a\t?b\n<http://x/1>\t<http://x/2>",  # cut: no newline after the last row
    b"?a\t?b\n<http://x/1>\n",  # a row with too few cells
    b"?a\n<http://x/1>\t<http://x/2>\n",  # too many
    b"a\n<http://x/1>\n",  # no header
    b"",  # nothing at all
])
def test_a_cut_or_malformed_answer_is_refused(data):
    with pytest.raises(ValueError):
        parse_tsv(io.BytesIO(data))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_value_that_is_not_a_term_is_an_error_not_a_wrong_answer(fmt):
    _, rows = parse_tsv(io.BytesIO(b'?a\n"unterminated\n'))
    result = sparql.Result("select", variables=["a"], rows=rows)
    with pytest.raises(UserError, match="cannot be read.*--no-daemon"):
        written(result, fmt)


def test_values_written_from_their_text_are_written_as_from_their_terms():
    # The formats write most cells from their text, without making a term (resultformats._from_text):
    # every character, at the start of a value and inside it, in every kind of literal.
    texts = []
    for code in list(range(0, 0x300)) + [0x2028, 0x2029, 0xFEFF, 0x1F600]:
        c = chr(code)
        texts += [c, c + "x", "x" + c, "=" + c, c + "=1"]
    values = [ox.Literal(t) for t in texts] + [ox.Literal(t, language="en") for t in texts[::7]]
    values += [lit(t, "date") for t in texts[::5]] + [lit(t, "integer") for t in ["1", "-1", "+1", "1.0", "x"]]
    rows = [(v,) for v in values]
    terms, text = both(["v"], rows)
    for fmt in FORMATS:
        assert written(text, fmt) == written(terms, fmt)


@pytest.mark.parametrize("seed", range(40))
def test_rows_sort_as_sort_rows_sorts_their_terms(seed):
    pick = random.Random(seed)
    names = ["a", "b", "c"]
    iris = [ox.NamedNode(f"http://example.org/{i}") for i in range(20)] + [ox.NamedNode("http://example.org/1/")]
    rows = [(pick.choice(ODD + [None]), pick.choice(iris), pick.choice(ODD[:5] + [None])) for _ in range(pick.randint(0, 80))]
    keys = [(pick.choice(names + ["unbound"]), pick.random() < 0.5) for _ in range(pick.randint(1, 3))]
    _, text_rows = parse_tsv(io.BytesIO(oxigraph_tsv(names, rows)))
    terms = list(text_rows)
    assert list(sort_text_rows(names, text_rows, keys, sparql.order_key)) == sparql.sort_rows(names, terms, keys)


def both(names: list[str], rows: list[tuple]) -> tuple[sparql.Result, sparql.Result]:
    """The same answer as rows of terms and as the daemon's text rows."""
    data = oxigraph_tsv(names, rows)
    terms = sparql.parse_result(data, "select", tsv=True)
    variables, text_rows = parse_tsv(io.BytesIO(data))
    return terms, sparql.Result("select", variables=variables, rows=text_rows)


def written(result, fmt: str, names: dict | None = None, width: int | None = None) -> bytes:
    """What `conflictkg query` writes in `fmt` (a table as drawn for a file, or for a terminal `width` wide)."""
    if fmt == "table":
        headers, cells = resultformats.table_cells(result, names)
        return textable.draw(headers, cells, width)[0].encode("utf-8")
    return resultformats.render(result, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_text_rows_as_it_writes_their_terms(fmt):
    names = ["event", "value", "other", "note"]
    terms, text = both(names, random_rows(names, 400, seed=7))
    labels = {"https://w3id.org/conflict-kg/id/event/e1": "Event one", "http://example.org/a": "=A"}
    named = {iri: (label, "E") for iri, label in labels.items()}
    for width in (None, 60):
        assert written(text, fmt, named, width) == written(terms, fmt, named, width)
    # --columns (reordered, one twice) and --labels
    for pick in (["other", "event"], ["value", "value", "event"]):
        assert written(resultformats.select_columns(text, pick), fmt) == written(resultformats.select_columns(terms, pick), fmt)
    labelled = resultformats.with_label_columns(text, labels)
    assert isinstance(labelled.rows, TextRows)
    assert written(labelled, fmt) == written(resultformats.with_label_columns(terms, labels), fmt)
    assert resultformats.iris(text) == resultformats.iris(terms)


def test_json_results_are_json_dumps_of_the_document():
    names = ["a", "b", "c"]
    for rows in ([], [(None, None, None)], random_rows(names, 200, seed=3)):
        terms, text = both(names, rows)
        bindings = [{n: resultformats._json_term(t) for n, t in zip(names, row) if t is not None} for row in terms.rows]
        document = {"head": {"vars": names}, "results": {"bindings": bindings}}
        expected = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        assert resultformats.render(text, "json").decode("utf-8") == expected
        assert resultformats.render(terms, "json").decode("utf-8") == expected


# --------------------------------------------------------------------------------------------
# A generated graph through the daemon and the on-disk store
# --------------------------------------------------------------------------------------------

WHOLE_GRAPH = {
    "contested-range": {}, "figures-as-of": {"asof": "2020-01-02"}, "revision-chains": {}, "event-timeline": {},
    "single-source-violation": {}, "unsourced-violation": {}, "casualty-claims": {"event": "gen-e1"},
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated graph of 30k triples with two of every seeded violation, built, its daemon running."""
    root = generated_project(tmp_path_factory.mktemp("generated"), "--triples", "30k", "--violations", "all=2")
    (root / "data" / "graph.nt.manifest.json").unlink()
    project = Project(root)
    store.ensure(project, progress=False)
    daemon.start(project, workers=1, idle_minutes=10)
    yield project
    daemon.stop(daemon.place_for(project))


@pytest.mark.parametrize("name", sorted(WHOLE_GRAPH))
def test_the_daemon_and_the_disk_write_the_same_bytes_in_every_format(name, generated):
    query = library.find(generated, name)
    prepared = sparql.prepare_stored(query)
    bindings = library.bind(query.params, WHOLE_GRAPH[name], query_name=name)
    limits = sparql.Limits(timeout=60)
    with store.reader(generated, progress=False) as build:
        from_daemon = daemon.run(build, prepared, bindings, limits)
        assert from_daemon is not None and isinstance(from_daemon.rows, TextRows)
        on_disk = sparql.run_embedded(build, prepared, bindings, limits)
        assert not isinstance(on_disk.rows, TextRows)
        names = lookup.names(lambda q: daemon.run(build, q, {}, limits), resultformats.iris(on_disk))
    # The whole-graph queries give hundreds of rows; the seeded violations and one event's claims, a few.
    assert len(on_disk.rows) >= (1 if name in ("unsourced-violation", "casualty-claims") else 100)
    for fmt in FORMATS:
        for width in (None, 100):
            assert written(from_daemon, fmt, names, width) == written(on_disk, fmt, names, width), (fmt, width)
    labels = {iri: found[0] for iri, found in names.items()}
    for fmt in ("csv", "json"):
        assert (written(resultformats.with_label_columns(from_daemon, labels), fmt)
                == written(resultformats.with_label_columns(on_disk, labels), fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_conflictkg_query_prints_the_same_with_and_without_the_daemon(fmt, generated, tmp_path, monkeypatch):
    # The CLI in process, as a user runs it.
    from conflictkg.cli import run as main

    monkeypatch.setenv("CONFLICTKG_ROOT", str(generated.root))
    calls = []
    real = sparql._run_worker
    monkeypatch.setattr(sparql, "_run_worker", lambda *a, **k: calls.append(1) or real(*a, **k))
    outputs, disk_reads = [], []
    for extra in ([], ["--no-daemon"]):
        out = tmp_path / f"timeline{len(outputs)}.{'txt' if fmt == 'table' else fmt}"
        assert main(["query", "event-timeline", "--format", fmt, "-o", str(out), *extra]) == 0
        outputs.append(out.read_bytes())
        disk_reads.append(len(calls))
    assert disk_reads[0] == 0 and disk_reads[1] > 0  # the first from the daemon, the second from the disk
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") > 100
