"""The N-Triples cache (`conflictkg.storage.ntcache`): each file's triples kept compressed under the
SHA-256 of its bytes, read back identically, upgraded from the uncompressed entries of earlier
versions, and a damaged entry made again or reported in one line, never fed to a reader."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import zlib

import pyoxigraph as ox
import pytest

from conflictkg.core.errors import StorageError
from conflictkg.core.paths import Project
from conflictkg.generate import synth
from conflictkg.rdf import datafiles
from conflictkg.storage import ntcache, store

from conftest import ROOT, run_cli

EX = "http://example.org/"


def _write_graph(path, triples: int = 12_000) -> None:
    """A data file whose N-Triples spans several members: long lines, non-ASCII, escapes."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write("@prefix ex: <http://example.org/> .\n")
        for i in range(triples):
            fh.write(f'ex:s{i} ex:label "Tadmur \u062a\u062f\u0645\u0631 {i} \\"quoted\\"\\n{"x" * 80}"@ar ;'
                     f' ex:n {i} .\n')


def _expected(path) -> bytes:
    return ox.serialize(datafiles.parse(path), format=ox.RdfFormat.N_TRIPLES)


def _members(entry) -> list[int]:
    """The compressed size of each gzip member of an entry."""
    data, sizes = entry.read_bytes(), []
    while data:
        d = zlib.decompressobj(31)
        d.decompress(data)
        assert d.eof
        sizes.append(len(data) - len(d.unused_data))
        data = d.unused_data
    return sizes


@pytest.fixture
def graph(tmp_path):
    path = tmp_path / "data" / "graph.ttl"
    path.parent.mkdir()
    _write_graph(path)
    return path


def test_the_copy_is_gzip_in_members_and_reads_back_identically(graph, tmp_path):
    cache = tmp_path / "cache"
    entry = ntcache.ntriples_file(graph, cache)
    digest = hashlib.sha256(graph.read_bytes()).hexdigest()
    assert entry == cache / f"{digest}.nt.gz"
    expected = _expected(graph)
    assert gzip.decompress(entry.read_bytes()) == expected  # any gzip reader reads it (`zcat`)
    assert len(_members(entry)) >= 3 and entry.stat().st_size < len(expected) / 4
    lines = expected.decode("utf-8").split("\n")[:-1]
    assert list(ntcache.iter_ntriples(graph, cache)) == lines
    assert ntcache.read_ntriples(graph, cache) == lines
    assert ntcache.read_ntriples(graph) == lines  # parsed, without the cache
    loaded = ox.Store()
    ntcache.load_ntriples(loaded, graph, cache, ox.NamedNode(EX + "g"))
    reference = ox.Store()
    reference.load(input=expected, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(EX + "g"))
    assert set(loaded) == set(reference) and len(loaded) == len(lines)


def test_loading_shows_the_lines_as_written_to_an_observer(graph, tmp_path, monkeypatch):
    # Whole-graph validation watches the integers as written while its copy loads: the observer
    # sees every line, in blocks of whole lines, from the cached copy and, without one, parsed.
    lines = _expected(graph).decode("utf-8").split("\n")[:-1]
    seen: list[bytes] = []
    ntcache.load_ntriples(ox.Store(), graph, tmp_path / "cache", ox.NamedNode(EX + "g"), observe=seen.append)
    assert len(seen) >= 3 and all(block.endswith(b"\n") for block in seen)
    assert b"".join(seen).decode().split("\n")[:-1] == lines
    monkeypatch.setattr(ntcache, "ntriples_file", lambda path, cache: None)
    parsed: list[bytes] = []
    ntcache.load_ntriples(ox.Store(), graph, tmp_path / "cache", ox.NamedNode(EX + "g"), observe=parsed.append)
    assert sorted(b"".join(parsed).decode().split("\n")[:-1]) == sorted(lines)


def test_an_empty_file_has_an_entry_that_is_still_gzip(tmp_path):
    path = tmp_path / "empty.ttl"
    path.write_text("# nothing yet\n")
    entry = ntcache.ntriples_file(path, tmp_path / "cache")
    assert gzip.decompress(entry.read_bytes()) == b""
    assert list(ntcache.iter_ntriples(path, tmp_path / "cache")) == [] == ntcache.read_ntriples(path, tmp_path / "cache")


def test_an_uncompressed_entry_of_an_earlier_version_is_compressed_without_parsing(graph, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    digest = hashlib.sha256(graph.read_bytes()).hexdigest()
    old = cache / f"{digest}.nt"
    old.write_bytes(_expected(graph))

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed again instead of reading the old entry")

    monkeypatch.setattr(datafiles, "parse", no_parse)
    lines = list(ntcache.iter_ntriples(graph, cache))
    monkeypatch.undo()
    assert lines == _expected(graph).decode("utf-8").split("\n")[:-1]
    assert not old.exists()
    assert gzip.decompress((cache / f"{digest}.nt.gz").read_bytes()) == _expected(graph)


def test_an_old_entry_is_read_as_it_is_where_the_cache_cannot_be_written(graph, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    old = cache / (hashlib.sha256(graph.read_bytes()).hexdigest() + ".nt")
    expected = _expected(graph)
    old.write_bytes(expected)

    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr("conflictkg.core.atomic.atomic_writer", refuse)
    monkeypatch.setattr(datafiles, "parse", refuse)  # and not parsed either
    assert list(ntcache.iter_ntriples(graph, cache)) == expected.decode("utf-8").split("\n")[:-1]
    assert old.exists() and not list(cache.glob("*.gz"))


def test_the_build_prunes_entries_of_files_that_changed_but_keeps_current_old_ones(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    (root / "data").mkdir()
    one, two = root / "data" / "one.ttl", root / "data" / "two.ttl"
    one.write_text(f"<{EX}a> <{EX}p> 1 .\n")
    two.write_text(f"<{EX}b> <{EX}p> 2 .\n")
    project = Project(root)
    cache = ntcache.ntriples_cache(project)
    ntcache.ntriples_file(one, cache)
    current_old = cache / (hashlib.sha256(two.read_bytes()).hexdigest() + ".nt")
    current_old.write_bytes(_expected(two))
    gone_old, gone_new = cache / ("0" * 64 + ".nt"), cache / ("1" * 64 + ".nt.gz")
    gone_old.write_bytes(b"")
    gone_new.write_bytes(b"")
    store.ensure(project, force=True, progress=False)
    names = sorted(p.name for p in cache.iterdir())
    assert names == sorted([hashlib.sha256(one.read_bytes()).hexdigest() + ".nt.gz", current_old.name])


def _damage(entry, how: str) -> None:
    data = entry.read_bytes()
    first = _members(entry)[0]
    if how == "garbage":
        entry.write_bytes(b"not gzip at all\n" * 10)
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "flipped":  # a byte inside the first member's compressed data: its CRC no longer matches
        at = first // 2
        entry.write_bytes(data[:at] + bytes([data[at] ^ 0x55]) + data[at + 1:])
    elif how == "cut":  # cut inside the second member: the first one's lines are good
        entry.write_bytes(data[:first + 200])


@pytest.mark.parametrize("how", ["garbage", "empty", "flipped"])
def test_an_entry_damaged_from_its_start_is_made_again(graph, tmp_path, how):
    cache = tmp_path / "cache"
    entry = ntcache.ntriples_file(graph, cache)
    lines = _expected(graph).decode("utf-8").split("\n")[:-1]
    for read in (lambda: list(ntcache.iter_ntriples(graph, cache)), lambda: ntcache.read_ntriples(graph, cache)):
        _damage(entry, how)
        assert read() == lines
        assert gzip.decompress(entry.read_bytes()) == _expected(graph)
    _damage(entry, how)
    loaded = ox.Store()
    ntcache.load_ntriples(loaded, graph, cache, ox.NamedNode(EX + "g"))
    assert len(loaded) == len(lines)


def test_an_entry_damaged_after_lines_were_given_out_is_removed_and_said_in_one_line(graph, tmp_path):
    cache = tmp_path / "cache"
    entry = ntcache.ntriples_file(graph, cache)
    lines = _expected(graph).decode("utf-8").split("\n")[:-1]
    _damage(entry, "cut")
    given = []
    with pytest.raises(StorageError) as caught:
        for line in ntcache.iter_ntriples(graph, cache):
            given.append(line)
    message = str(caught.value)
    assert "\n" not in message and "damaged" in message and "run the command again" in message
    assert str(graph) in message and caught.value.exit_code == 3
    assert given and given == lines[:len(given)]  # only checked lines came out
    assert not entry.exists()
    assert list(ntcache.iter_ntriples(graph, cache)) == lines  # the next run makes it again
    # Whole reads and loads into a store start again instead.
    for how in ("cut", "flipped"):
        _damage(entry, how)
        assert ntcache.read_ntriples(graph, cache) == lines
        _damage(entry, how)
        loaded = ox.Store()
        ntcache.load_ntriples(loaded, graph, cache, ox.NamedNode(EX + "g"))
        assert len(loaded) == len(lines)


def test_export_stops_in_one_line_on_an_entry_damaged_mid_way_and_works_on_the_next_run(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    (root / "data").mkdir()
    data = root / "data" / "graph.nt"
    with data.open("wb") as fh:
        synth.stream_graph(fh, 20_000, seed=0, fmt="nt")
    out = tmp_path / "all.nt"
    code, _, err = run_cli("export", "-q", "-o", str(out), env_root=root)
    assert code == 0, err
    first = out.read_bytes()
    out.unlink()
    (entry,) = ntcache.ntriples_cache(Project(root)).glob("*.nt.gz")
    assert len(_members(entry)) >= 2
    _damage(entry, "cut")
    code, _, err = run_cli("export", "-q", "-o", str(out), env_root=root)
    assert code == 3 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "damaged" in err and not out.exists() and not entry.exists()
    code, _, err = run_cli("export", "-q", "-o", str(out), env_root=root)
    assert code == 0, err
    assert out.read_bytes() == first
