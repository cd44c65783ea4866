"""N-Quads for bulk loaders (issue 23): the TriG export's named graphs, blank nodes skolemised to
stable IRIs, literals in NFC, gzip'd when the file name ends in .gz; oxigraph and Jena's riot read
it back as the same dataset."""

from __future__ import annotations

import gzip
import shutil
import unicodedata

import pyoxigraph as ox
import pytest

from conflictkg.cli import run
from conflictkg.core.paths import Project
from conflictkg.publish.export import export, format_for
from conflictkg.rdf import nquads
from conflictkg.rdf.rdfwrite import group_graphs
from exportkit import mini_project  # noqa: F401
from jenakit import java, jena_or_skip

GENID = nquads.GENID


def dataset(data: bytes, fmt) -> ox.Dataset:
    return ox.Dataset(ox.parse(data, format=fmt))


def unskolemised(ds: ox.Dataset) -> ox.Dataset:
    """The dataset with every genid IRI back as a blank node (one per IRI)."""
    nodes: dict[str, ox.BlankNode] = {}

    def back(t):
        if isinstance(t, ox.NamedNode) and t.value.startswith(GENID):
            return nodes.setdefault(t.value, ox.BlankNode())
        return t

    return ox.Dataset(ox.Quad(back(q.subject), q.predicate, back(q.object), q.graph_name) for q in ds)


def canonical(ds: ox.Dataset) -> set[str]:
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in ds}


@pytest.fixture(params=["curated", "fixture"])
def any_project(request, project, mini_project):
    return project if request.param == "curated" else mini_project


def test_nquads_is_the_trig_dataset_with_skolem_iris(any_project, tmp_path):
    nq, trig = tmp_path / "graph.nq", tmp_path / "graph.trig"
    result = export(any_project, nq)
    assert result.format == "nquads" and result.unit == "quads"
    export(any_project, trig)
    got = dataset(nq.read_bytes(), ox.RdfFormat.N_QUADS)
    assert not any(isinstance(t, ox.BlankNode) for q in got for t in (q.subject, q.object))
    assert len(got) == result.count
    expected = dataset(trig.read_bytes(), ox.RdfFormat.TRIG)
    assert canonical(unskolemised(got)) == canonical(expected)
    # One named graph per source, as TriG: nothing in the default graph.
    assert all(not isinstance(q.graph_name, ox.DefaultGraph) for q in got)
    assert len({q.graph_name for q in got}) > 1


def test_the_fixture_blank_node_gets_a_stable_genid_iri(mini_project, tmp_path):
    a, b = tmp_path / "a.nq", tmp_path / "b.nq"
    export(mini_project, a)
    export(mini_project, b)
    assert a.read_bytes() == b.read_bytes()
    assert f"<{GENID}" in a.read_text()


def test_gzip_when_the_name_ends_in_gz(mini_project, tmp_path):
    plain, zipped, again = tmp_path / "g.nq", tmp_path / "g.nq.gz", tmp_path / "h.nq.gz"
    export(mini_project, plain)
    export(mini_project, zipped)
    export(mini_project, again)
    assert zipped.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(zipped.read_bytes()) == plain.read_bytes()
    assert zipped.read_bytes() == again.read_bytes()  # no time or name in the gzip header
    # Other formats too: the extension before .gz picks the format.
    assert format_for(tmp_path / "g.nt.gz", None) == "ntriples"
    export(mini_project, tmp_path / "g.ttl.gz")
    assert gzip.decompress((tmp_path / "g.ttl.gz").read_bytes()).startswith(b"# conflict-kg export")


def test_the_cli_writes_gzipd_nquads(mini_project, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONFLICTKG_ROOT", str(mini_project.root))
    out = tmp_path / "dump.nq.gz"
    assert run(["export", "-o", str(out)]) == 0
    assert "as nquads to" in capsys.readouterr().err
    assert len(dataset(gzip.decompress(out.read_bytes()), ox.RdfFormat.N_QUADS)) > 0
    assert run(["export", "--format", "nquads", "-o", str(tmp_path / "x.gz")]) == 0
    assert run(["export", "-o", str(tmp_path / "x.gz")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err


def test_literals_are_written_in_nfc(mini_project, tmp_path):
    root = tmp_path / "nfc"
    shutil.copytree(mini_project.root, root)
    decomposed = unicodedata.normalize("NFD", "Hama\u0301 café")
    (root / "data" / "zz-nfc.ttl").write_text(
        '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
        f'<https://w3id.org/conflict-kg/id/place/nfc-test> rdfs:label "{decomposed}"@en .\n', encoding="utf-8")
    out = tmp_path / "nfc.nq"
    export(Project(root), out)
    text = out.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", decomposed) in text and decomposed not in text


def test_streamed_nquads_are_the_in_memory_bytes_with_nfc_and_blank_nodes(mini_project, tmp_path):
    """The whole-graph N-Quads stream from the spool on disk; they are the bytes the writers give
    from a selection in memory (as `--event` still does), also when NFC makes two literals one
    and when a blank node's literal is decomposed (its skolem name hashes the NFC text)."""
    import io

    from conflictkg.publish import export as ex
    from conflictkg.storage.graphs import ProjectTriples

    root = tmp_path / "nfc"
    shutil.copytree(mini_project.root, root)
    nfd, nfc = unicodedata.normalize("NFD", "Hama\u0301"), unicodedata.normalize("NFC", "Hama\u0301")
    (root / "data" / "zz-nfc.ttl").write_text(
        '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
        '@prefix ex: <https://w3id.org/conflict-kg/id/place/> .\n'
        f'ex:nfc-test rdfs:label "{nfd}"@en, "{nfc}"@en ; rdfs:seeAlso [ rdfs:label "{nfd} b" ] , [ rdfs:label "{nfc} b" ] .\n',
        encoding="utf-8")
    project = Project(root)
    for name in ("g.nq", "g.nq.gz"):
        export(project, tmp_path / name, progress=False)
    pt = ProjectTriples.of(project)
    sel = ex.select(pt)
    reference = io.BytesIO()
    by_graph = {g: nquads.nfc_lines(ls) for g, ls in ex.trig_graphs(pt, sel).items()}
    nquads.write_nquads(nquads.skolemise(group_graphs(by_graph)), reference)
    got = (tmp_path / "g.nq").read_bytes()
    assert got == reference.getvalue() and gzip.decompress((tmp_path / "g.nq.gz").read_bytes()) == got
    text = got.decode("utf-8")
    assert text.count(f'"{nfc}"@en') == 1 and nfd not in text
    # The two blank nodes are the same after NFC: one skolem IRI each, told apart by number.
    assert len({line.split(" ")[0] for line in text.splitlines() if f'"{nfc} b"' in line}) == 2


def _graphs(lines_by_graph):
    return group_graphs(lines_by_graph)


def test_skolem_names_do_not_change_with_unrelated_blank_nodes():
    g = "<https://example.org/g>"
    one = ["<https://example.org/s> <https://example.org/p> _:x .", '_:x <https://example.org/v> "1" .']
    other = ["<https://example.org/t> <https://example.org/p> _:y .", '_:y <https://example.org/v> "2" .']
    before = set(nquads.skolem_names(_graphs({g: one})).values())
    after = set(nquads.skolem_names(_graphs({g: one + other})).values())
    assert len(before) == 1 and before < after and len(after) == 2


def test_indistinguishable_blank_nodes_get_distinct_names():
    g = "<https://example.org/g>"
    lines = ["<https://example.org/s> <https://example.org/p> _:x .", "<https://example.org/s> <https://example.org/p> _:y ."]
    names = nquads.skolem_names(_graphs({g: lines}))
    assert len(set(names.values())) == 2
    assert all(n.startswith(f"<{GENID}") for n in names.values())


@pytest.mark.debian
def test_jena_riot_reads_it_back_as_the_same_dataset(any_project, tmp_path):
    cp = jena_or_skip(tmp_path)
    out = tmp_path / "graph.nq.gz"
    export(any_project, out)
    proc = java(cp, "riotcmd.riot", "--output=nquads", str(out))
    assert proc.returncode == 0 and "WARN" not in proc.stderr and "ERROR" not in proc.stderr, proc.stderr
    ours = dataset(gzip.decompress(out.read_bytes()), ox.RdfFormat.N_QUADS)
    jena = dataset(proc.stdout.encode("utf-8"), ox.RdfFormat.N_QUADS)
    assert canonical(jena) == canonical(ours)
