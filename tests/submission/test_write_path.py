"""What lands in data/ is exactly what was validated: the write path's holes, each tried as a
hostile submitter or an unlucky operator would (issue "What lands in data/ is exactly what was
validated").

- text that reaches a written file (the author, in the header comment) cannot become data;
- the bytes about to be renamed into data/ are read back and must be what was validated;
- every reader of data/ reads the same triples from the same file;
- the file system refusing a write (full, read-only, another file system) is one line and exit 3;
- file names and minted IRIs are ASCII and bounded whatever the label's script;
- an input with no triples never "conforms";
- an edit that keeps a file's size and mtime is still seen.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from conflictkg.rdf import datafiles
from conflictkg.storage import store
from conflictkg.submission import submit
from conflictkg.submission.authors import check_author
from conflictkg.cli import run
from conflictkg.core.errors import EXIT_STORAGE, UserError
from conflictkg.model.namespaces import CKG, ID
from conflictkg.rdf.rdfio import canonical_turtle, parse_turtle_file, to_oxigraph

from test_submit import (  # noqa: F401  (fixtures)
    PREFIXES, cli, cli_env, copy, real_copy, strike, submissions, tree, verify_file, write,
)

HIJACK = '<https://w3id.org/conflict-kg/id/actor/sohr> <http://www.w3.org/2000/01/rdf-schema#label> "HIJACKED"@en .'
# Every character some reader or editor takes as the end of a line, and other controls and
# invisible format characters (bidi overrides: "Trojan Source").
BREAKERS = ["\r", "\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x00", "\x1b", "\x7f", "\x9b", "\u202e", "\u2066",
            "\ufeff"]


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


# ------------------------------------------------------------------------------------------------
# The author cannot become data
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ch", BREAKERS, ids=[f"U+{ord(c):04X}" for c in BREAKERS])
def test_a_line_break_or_control_in_the_author_is_refused(copy, tmp_path, capsys, ch):
    path = write(tmp_path, "s.ttl", strike(1))
    before = tree(copy.data_dir)
    code = run(["submit", str(path), "--author", f"M <m@e.org>{ch}{HIJACK}"])
    line = one_line(capsys.readouterr().err)
    assert code == 2 and f"U+{ord(ch):04X}" in line and "author" in line
    assert tree(copy.data_dir) == before


def test_the_reported_hijack_through_the_real_command_is_refused(copy, tmp_path):
    # The issue's own reproduction: a CR ends the header comment for Oxigraph (not for rdflib).
    path = write(tmp_path, "s.ttl", strike(1))
    before = tree(copy.data_dir)
    for author in (f"M <m@e.org>\r{HIJACK} ", "M\r}}} x"):
        out = subprocess.run(cli() + ["submit", str(path), "--author", author], env=cli_env(copy),
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 2, out.stderr
        assert "U+000D CARRIAGE RETURN" in one_line(out.stderr) and "Traceback" not in out.stderr
    assert tree(copy.data_dir) == before


def test_a_header_is_never_read_as_data():
    # Defence in depth below the author check: whatever a header holds stays a comment.
    g = Graph()
    g.add((URIRef(ID + "event/x"), URIRef(str(CKG) + "note"), Literal("x")))
    for ch in BREAKERS:
        text = canonical_turtle(g, header=f"accepted from a.ttl, submitted by M{ch}{HIJACK}\nsecond line")
        read = set(datafiles.parse_triples(text.encode("utf-8"), Path("/tmp/x.ttl")))
        assert read == {datafiles.triple(*(to_oxigraph(t) for t in triple)) for triple in g}, repr(ch)
        assert len(parse_turtle_file(Path("/tmp/x.ttl"), data=text.encode("utf-8"))) == 1


def test_what_is_about_to_be_written_must_read_back_as_what_was_validated(copy, tmp_path, capsys, monkeypatch):
    # Were some other path to let text into the file (a name, a comment), the read-back refuses it.
    real = submit.canonical_turtle
    monkeypatch.setattr(submit, "canonical_turtle", lambda graph, **kw: real(graph, **kw) + "\n" + HIJACK + "\n")
    path = write(tmp_path, "s.ttl", strike(1))
    before = tree(copy.data_dir)
    code = run(["submit", str(path), "--author", "a"])
    line = one_line(capsys.readouterr().err)
    assert code == 2 and "1 triple(s) that were not validated" in line and "nothing was written" in line
    assert tree(copy.data_dir) == before


def test_check_author_keeps_ordinary_names():
    for name in ("Ana Analyst <ana@example.org>", "محمد العلي", "Дмитрий", "김민준 (OSINT)", "O'Brien, J."):
        assert check_author(f"  {name} ") == name
    for bad in ("", "   ", "x" * 201):
        with pytest.raises(UserError):
            check_author(bad)


# ------------------------------------------------------------------------------------------------
# Every reader reads the same triples
# ------------------------------------------------------------------------------------------------

TRICKY = """@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
# a comment that ends at a carriage return\r<https://w3id.org/conflict-kg/id/actor/x> <http://www.w3.org/2000/01/rdf-schema#label> "x"@en .
# a comment with a line separator \u2028 and a next-line \x85 inside it
<https://w3id.org/conflict-kg/id/actor/y> a ckg:Actor ; <http://www.w3.org/2000/01/rdf-schema#seeAlso> <relative> .
"""


def _ntriples(triples) -> set[str]:
    return {f"{t} ." for t in triples}


def test_every_reader_of_data_reads_the_same_triples(real_copy):
    # The store build, the query daemon, whole-graph validation, export, submit's checks and fmt
    # all read data/ through conflictkg.rdf.datafiles; this checks that they agree, file by file,
    # including a file whose comments end at CR and which holds a relative IRI.
    from conflictkg.query import daemon
    from conflictkg.storage import ntcache
    from conflictkg.validation import validate

    project = real_copy
    (project.data_dir / "tricky.ttl").write_bytes(TRICKY.encode("utf-8"))
    build, _ = store.ensure(project, force=True, progress=False)
    on_disk = store.open_store(build)
    memory = validate.memory_store(project)
    loaded = daemon.load(project, "base").store
    export = project.root / "all.nt"
    store.export_ntriples(project, export)
    exported = set(export.read_text(encoding="utf-8").splitlines())
    every = set()
    for path in project.data_files():
        iri = store.graph_iri(project, path)
        rdflib_view = _ntriples(datafiles.triple(*(to_oxigraph(t) for t in triple)) for triple in parse_turtle_file(path))
        views = {
            "datafiles": _ntriples(q.triple for q in datafiles.parse(path)),
            "rdflib (submit, fmt, names)": rdflib_view,
            "N-Triples cache (export, reason)": set(ntcache.read_ntriples(path)),
            "store build": _ntriples(q.triple for q in on_disk.quads_for_pattern(None, None, None, _node(iri))),
            "validation copy": _ntriples(q.triple for q in memory.quads_for_pattern(None, None, None, _node(iri))),
            "daemon": _ntriples(q.triple for q in loaded.quads_for_pattern(None, None, None, _node(iri))),
        }
        first = views["datafiles"]
        assert first, path
        # A store keeps numbers in its own canonical form (xsd:nonNegativeInteger "108" comes back
        # as xsd:integer; see conflictkg.storage.graphs): the stores are compared with the parse as a store keeps it.
        as_stored = _ntriples(_as_stored(datafiles.parse(path)))
        for name, view in views.items():
            expected = as_stored if name in ("store build", "validation copy", "daemon") else first
            assert view == expected, (path.name, name, sorted(view ^ expected)[:3])
        every |= first
    assert exported >= every
    tricky = _ntriples(q.triple for q in datafiles.parse(project.data_dir / "tricky.ttl"))
    assert any("actor/x>" in t for t in tricky) and any((project.data_dir / "relative").as_uri() in t for t in tricky)


def _as_stored(quads):
    import pyoxigraph as ox

    memory = ox.Store()
    memory.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return [q.triple for q in memory]


def _node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


# ------------------------------------------------------------------------------------------------
# The file system refusing a write
# ------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def mounted(target: Path, *options: str):
    """Mount a real tmpfs (or with "--bind SRC" a bind mount) at `target`; skip where this
    process may not mount (not root, or no mount namespace privileges)."""
    target.mkdir(parents=True, exist_ok=True)
    args = ["mount", *options, str(target)] if "--bind" in options else ["mount", "-t", "tmpfs", *options, "tmpfs", str(target)]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        pytest.skip("no mount command")
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip()[:80]})")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True, timeout=30)


def test_data_on_another_file_system_still_takes_submissions(copy, tmp_path):
    # data/submissions/ a symlink to a folder on another file system: the temporary file is made
    # beside its target, so the rename never crosses file systems (it failed with EXDEV before).
    with mounted(tmp_path / "elsewhere", "-o", "size=8m") as other:
        shutil.copytree(copy.submissions_dir, other / "submissions")
        shutil.rmtree(copy.submissions_dir)
        copy.submissions_dir.symlink_to(other / "submissions")
        path = write(tmp_path, "s.ttl", strike(1))
        assert run(["submit", str(path), "--author", "a"]) == 0
        [written] = submissions(copy)
        verify_file(written)
        assert os.stat(other).st_dev != os.stat(copy.root).st_dev


def test_a_full_disk_is_one_line_exit_3_and_no_partial_file(copy, tmp_path, capsys):
    with mounted(copy.submissions_dir, "-o", "size=4k"):
        with contextlib.suppress(OSError):  # fill it: what is left is less than any submission
            (copy.submissions_dir / "filler").write_bytes(b"x" * 8192)
        path = write(tmp_path, "s.ttl", strike(1))
        code = run(["submit", str(path), "--author", "a"])
        line = one_line(capsys.readouterr().err)
        assert code == EXIT_STORAGE and "disk is full" in line and "nothing was written" in line
        assert not submissions(copy) and not list(copy.submissions_dir.glob(".*"))


def test_a_full_disk_without_mounts(copy, tmp_path, capsys, monkeypatch):
    # The same where the test may not mount: the write itself fails with ENOSPC.
    import errno

    real = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    path = write(tmp_path, "s.ttl", strike(1))
    code = run(["submit", str(path), "--author", "a"])
    monkeypatch.setattr(os, "fsync", real)
    line = one_line(capsys.readouterr().err)
    assert code == EXIT_STORAGE and "disk is full" in line
    assert not submissions(copy) and not list(copy.submissions_dir.glob(".*"))


def test_a_read_only_checkout_can_query_validate_and_export_but_not_submit(real_copy, tmp_path, monkeypatch, capsys):
    ro = tmp_path / "ro"
    with mounted(ro, "--bind", str(real_copy.root)):
        remount = subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], capture_output=True, text=True)
        if remount.returncode != 0:
            pytest.skip("cannot remount read-only here")
        assert not os.access(ro, os.W_OK)
        monkeypatch.setenv("CONFLICTKG_ROOT", str(ro))
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        assert run(["query", "event-timeline", "--format", "csv"]) == 0
        assert "2024-palmyra-airstrike" in capsys.readouterr().out
        assert run(["export", "-o", str(tmp_path / "all.nt")]) == 0
        assert run(["validate", "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["conforms"]
        assert any((tmp_path / "cache" / "conflictkg").iterdir())  # the derived store went to the user cache
        path = write(tmp_path, "s.ttl", strike(1))
        code = run(["submit", str(path), "--author", "a"])
        line = one_line(capsys.readouterr().err)
        assert code == EXIT_STORAGE and "read-only" in line


# ------------------------------------------------------------------------------------------------
# Names bounded in bytes, ASCII
# ------------------------------------------------------------------------------------------------


def test_a_long_non_latin_label_gets_a_short_ascii_file_name_and_iris(copy, tmp_path, capsys):
    label = "巴尔米拉空袭事件" * 12 + "八个字"  # 99 CJK characters: 297 bytes in UTF-8
    text = strike(1).replace('rdfs:label "Test airstrike 1"@en', f'rdfs:label "{label}"@zh')
    path = write(tmp_path, "s.ttl", text)
    assert run(["submit", str(path), "--author", "a"]) == 0, capsys.readouterr().err
    [written] = submissions(copy)
    assert written.name.isascii() and len(written.name.encode()) < 120
    graph = verify_file(written)
    iris = {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(ID))}
    assert iris and all(str(i).isascii() for i in iris)
    assert any("/event/2025-01-04-baermilakongxishijian" in str(i) for i in iris)


# ------------------------------------------------------------------------------------------------
# Nothing never conforms
# ------------------------------------------------------------------------------------------------

EMPTY_INPUTS = {
    "empty.ttl": ("", "holds no triples"),
    "only-prefixes.ttl": (PREFIXES, "holds no triples"),
    "dropped.jsonld": (json.dumps([{"@id": "_:a b", "http://www.w3.org/2000/01/rdf-schema#label": "x"},
                                   {"@id": "_:", "http://www.w3.org/2000/01/rdf-schema#label": "y"}]),
                       "not a valid blank node label"),
}


@pytest.mark.parametrize("name", sorted(EMPTY_INPUTS))
def test_an_input_with_no_triples_is_an_error_for_validate_and_submit(copy, tmp_path, capsys, name):
    text, message = EMPTY_INPUTS[name]
    path = write(tmp_path, name, text)
    assert run(["validate", str(path)]) == 2
    assert message in one_line(capsys.readouterr().err)
    before = tree(copy.data_dir)
    assert run(["submit", str(path), "--author", "a"]) == 2
    assert message in one_line(capsys.readouterr().err)
    assert tree(copy.data_dir) == before


def test_a_graph_with_no_data_does_not_conform(copy, capsys):
    for path in copy.data_files():
        path.unlink()
    assert run(["validate"]) == 2
    assert "nothing to validate" in one_line(capsys.readouterr().err)


# ------------------------------------------------------------------------------------------------
# Freshness by content
# ------------------------------------------------------------------------------------------------


def test_an_edit_that_keeps_size_and_mtime_is_still_rebuilt(real_copy, monkeypatch):
    project = real_copy
    first, _ = store.ensure(project, progress=False)
    monkeypatch.setattr(store, "RACY_NS", 0)  # the build is not "racy": only the stamp can tell
    store.ensure(project, force=True, progress=False)
    path = project.data_dir / "palmyra-airstrike-2024.ttl"
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert '"2024 Palmyra airstrike"@en' in text
    time.sleep(0.01)
    path.write_text(text.replace('"2024 Palmyra airstrike"@en', '"2024 Palmyra airstrikX"@en', 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # as `cp -p` or `rsync -t` leave it
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    build, rebuilt = store.ensure(project, progress=False)
    assert rebuilt
    labels = {str(q.object.value) for q in store.open_store(build).quads_for_pattern(
        None, _node("http://www.w3.org/2000/01/rdf-schema#label"), None, None)}
    assert "2024 Palmyra airstrikX" in labels and "2024 Palmyra airstrike" not in labels


# ------------------------------------------------------------------------------------------------
# Property: whatever the author, every reader reads exactly what was validated
# ------------------------------------------------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

AUTHORS = st.one_of(
    st.text(st.characters(codec=None), min_size=1, max_size=30),  # every Unicode category, surrogates too
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=10), st.sampled_from(BREAKERS + [" ", "#", "\t"]),
              st.just(HIJACK)),
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(author=AUTHORS)
def test_any_author_either_is_refused_or_lands_exactly_as_validated(real_copy, tmp_path, author):
    counter = _examples.setdefault(str(real_copy.root), [0])
    counter[0] += 1
    n = counter[0]
    path = write(tmp_path, f"s{n}.ttl", strike(100 + n))
    before = {p.name for p in submissions(real_copy)}
    try:
        accepted = submit.submit_file(real_copy, path, author=author)
    except UserError as exc:
        assert "\n" not in exc.message and exc.exit_code == 2
        with pytest.raises(UserError):
            check_author(author)
        assert {p.name for p in submissions(real_copy)} == before
        return
    assert check_author(author) == author.strip()
    written = accepted.path
    data = written.read_bytes()
    # What the store's reader reads is the validated submission plus its one record, nothing else.
    read = set(datafiles.parse_triples(data, written))
    record = {t for t in read if t.subject.value == str(accepted.submission)}
    validated = submit.load_submission(real_copy, path).graph
    assert len(read - record) == len(validated)
    assert datafiles.content_hash(read - record) == accepted.content_hash
    by_rdflib = parse_turtle_file(written)
    assert len(by_rdflib) == len(read)
    assert str(by_rdflib.value(URIRef(str(accepted.submission)), CKG.submittedBy)) == author.strip()


_examples: dict = {}


@pytest.mark.slow
def test_after_any_authors_the_whole_graph_still_validates(real_copy, tmp_path, capsys):
    # A few hostile and odd names land or are refused; the whole graph then validates as before.
    for n, author in enumerate(["Ana <a@e.org>", "M\u2028x", "Zoë 🙂", "\u202eevil", "#not a comment"], start=1):
        path = write(tmp_path, f"s{n}.ttl", strike(200 + n))
        code = run(["submit", str(path), "--author", author])
        assert code == (2 if any(c in author for c in "\u2028\u202e") else 0), capsys.readouterr().err
    assert len(submissions(real_copy)) == 3
    capsys.readouterr()
    assert run(["validate", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["conforms"]
