"""The embedded store: built once, rebuilt exactly when ontology/ or data/ change, safe to read
from several processes while another one rebuilds it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from rdflib import Graph

from conflictkg.storage import store
from conflictkg.core.errors import UserError
from conflictkg.model.namespaces import CKG, EVENT

from conftest import ROOT, copy_project, run_cli

PART_OF_CIVIL_WAR = f"SELECT ?e WHERE {{ ?e <{CKG.partOf}> <{EVENT}syrian-civil-war> }} ORDER BY ?e"


@pytest.fixture
def proj(tmp_path):
    return copy_project(ROOT, tmp_path / "proj")


def labels(build) -> list[str]:
    s = store.open_store(build)
    q = "SELECT ?l WHERE { ?e a <https://w3id.org/conflict-kg/ontology#Strike> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    return [row["l"].value for row in s.query(q, use_default_graph_as_union=True)]


def test_build_holds_one_named_graph_per_file_and_queries_see_their_union(proj):
    build, rebuilt = store.ensure(proj, progress=False)
    assert rebuilt and build.path.is_dir()
    s = store.open_store(build)
    graphs = sorted(g.value for g in s.named_graphs())
    assert graphs == sorted(store.graph_iri(proj, p) for p in store.source_files(proj))
    assert store.graph_iri(proj, proj.data_dir / "places.ttl") == "https://w3id.org/conflict-kg/graph/data/places"
    assert build.statements == len(s) > 2000
    assert "2024 Palmyra airstrike" in labels(build)
    pointer = json.loads((proj.cache_dir / "store" / "base.json").read_text())
    assert pointer["build"] == build.path.name
    assert [f["path"] for f in pointer["files"]] == [
        p.relative_to(proj.root).as_posix() for p in store.source_files(proj)
    ]


def test_fresh_store_is_reused_without_reading_the_files(proj, monkeypatch):
    first, _ = store.ensure(proj, progress=False)
    _age_files(proj, monkeypatch)
    store.ensure(proj, force=True, progress=False)  # a build whose files are not "racy"
    calls = []
    monkeypatch.setattr(store, "_hash_files", lambda *a: calls.append(a) or "x")
    again, rebuilt = store.ensure(proj, progress=False)
    assert not rebuilt and calls == []


def test_a_build_of_an_older_format_is_rebuilt(proj):
    # A checkout keeps its .conflictkg/ across upgrades: a build made by an older conflictkg, here
    # one that did not record each file's digest yet, is rebuilt, and the daemon can load the new one.
    from conflictkg.query import daemon

    first, _ = store.ensure(proj, progress=False)
    pointer_path = proj.cache_dir / "store" / "base.json"
    pointer = json.loads(pointer_path.read_text())
    pointer["engine"]["format"] = store.STORE_FORMAT - 1
    del pointer["file_sha256"]
    pointer_path.write_text(json.dumps(pointer))
    second, rebuilt = store.ensure(proj, progress=False)
    assert rebuilt and second.path != first.path and len(second.manifest["file_sha256"]) == len(store.source_files(proj))
    assert daemon.load(proj, "base").statements == second.statements


def test_touched_but_unchanged_files_do_not_rebuild(proj):
    first, _ = store.ensure(proj, progress=False)
    for path in store.source_files(proj):
        os.utime(path)
    second, rebuilt = store.ensure(proj, progress=False)
    assert not rebuilt and second.path == first.path
    state = store.check(proj)
    assert state.fresh


def test_changed_added_and_removed_files_rebuild(proj):
    first, _ = store.ensure(proj, progress=False)
    data = proj.data_dir / "syria-missile-strikes-2021-01.ttl"
    data.write_text(data.read_text().replace('"Hama airstrike (22 January 2021)"@en', '"Hama strike"@en'))
    second, rebuilt = store.ensure(proj, progress=False)
    assert rebuilt and second.path != first.path
    assert "Hama strike" in labels(second)
    assert not first.path.exists(), "the old build is collected once nobody reads it"

    (proj.data_dir / "extra.ttl").write_text(
        f'<{EVENT}x> a <https://w3id.org/conflict-kg/ontology#Strike> ; <http://www.w3.org/2000/01/rdf-schema#label> "Extra" .\n'
    )
    third, rebuilt = store.ensure(proj, progress=False)
    assert rebuilt and "Extra" in labels(third)
    (proj.data_dir / "extra.ttl").unlink()
    fourth, rebuilt = store.ensure(proj, progress=False)
    assert rebuilt and "Extra" not in labels(fourth)


def test_an_edit_within_the_timestamp_granularity_is_still_seen(proj):
    """Same size, same mtime: a build made right after the edit is 'racy' and checked by hash."""
    data = proj.data_dir / "syria-missile-strikes-2021-01.ttl"
    data.write_text(data.read_text())  # edited just now...
    store.ensure(proj, progress=False)  # ...and built at once
    st = data.stat()
    data.write_text(data.read_text().replace("Hama airstrike (22", "Hama air strike(22"))
    os.utime(data, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert data.stat().st_size == st.st_size
    state = store.check(proj)
    assert not state.fresh and state.reason == "files changed"


def test_a_syntax_error_names_the_file_and_publishes_nothing(proj):
    good, _ = store.ensure(proj, progress=False)
    (proj.data_dir / "broken.ttl").write_text("@prefix ex: <http://e/> .\nex:a ex:b \"unterminated .\n")
    with pytest.raises(UserError) as err:
        store.ensure(proj, progress=False)
    assert "data/broken.ttl" in err.value.message and "line 2" in err.value.message
    pointer = json.loads((proj.cache_dir / "store" / "base.json").read_text())
    assert pointer["build"] == good.path.name
    assert not [p for p in (proj.cache_dir / "store" / "builds").iterdir() if p.name.startswith(".tmp-")]


def test_a_build_in_use_is_not_deleted_by_a_rebuild(proj):
    with store.reader(proj, progress=False) as old:
        store.ensure(proj, force=True, progress=False)
        assert old.path.is_dir(), "a reader holds it"
        assert labels(old), "and can still read it"
    newest, _ = store.ensure(proj, force=True, progress=False)
    assert not old.path.exists()
    assert sorted(p.name for p in (proj.cache_dir / "store" / "builds").iterdir()) == [
        newest.path.name,
        newest.path.name + ".lock",
    ]


READER = """
import sys, time
from pathlib import Path
from conflictkg.storage import store
from conflictkg.core.paths import Project
project = Project(Path(sys.argv[1]))
with store.reader(project, progress=False) as build:
    print(build.path, flush=True)
    sys.stdin.readline()          # hold the build until told to go on
    s = store.open_store(build)
    print(len(s), flush=True)
"""


@pytest.mark.slow
def test_another_process_keeps_reading_its_build_while_the_store_is_rebuilt(proj):
    store.ensure(proj, progress=False)
    proc = subprocess.Popen([sys.executable, "-c", READER, str(proj.root)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        held = proc.stdout.readline().strip()
        data = proj.data_dir / "places.ttl"
        data.write_text(data.read_text() + "\n# edited\n")
        new, rebuilt = store.ensure(proj, progress=False)
        assert rebuilt and str(new.path) != held
        assert os.path.isdir(held)
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert int(proc.stdout.readline()) > 2000
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    assert proc.returncode == 0
    store.ensure(proj, force=True, progress=False)
    assert not os.path.exists(held)


@pytest.mark.slow
def test_concurrent_commands_after_an_edit_agree_and_leave_one_build(proj):
    store.ensure(proj, progress=False)
    data = proj.data_dir / "syria-missile-strikes-2021-01.ttl"
    data.write_text(data.read_text().replace('"Hama airstrike (22 January 2021)"@en', '"Hama strike"@en'))
    env = dict(os.environ, CONFLICTKG_ROOT=str(proj.root))
    cmd = [str(ROOT / ".venv" / "bin" / "conflictkg") if (ROOT / ".venv").exists() else "conflictkg",
           "query", "event-timeline", "--format", "csv"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1] for o in outs]
    assert all("Hama strike" in o[0] for o in outs)
    assert len({o[0] for o in outs}) == 1
    builds = [p for p in (proj.cache_dir / "store" / "builds").iterdir() if p.is_dir()]
    assert len(builds) == 1


# --------------------------------------------------------------------------------------------
# The reasoned variant
# --------------------------------------------------------------------------------------------


def transitive_part_of(graph: Graph) -> Graph:
    """A stand-in for conflictkg.model.entailment.entailments: only the new triples, as that function gives."""
    new = Graph()
    for event, parent in graph.subject_objects(CKG.partOf):
        for ancestor in graph.transitive_objects(parent, CKG.partOf):
            if (event, CKG.partOf, ancestor) not in graph:
                new.add((event, CKG.partOf, ancestor))
    return new


def test_reasoned_variant_adds_the_entailments_in_their_own_graph(proj):
    base, _ = store.ensure(proj, progress=False)
    reasoned, rebuilt = store.ensure(proj, reason=True, entail=transitive_part_of, progress=False)
    assert rebuilt and reasoned.variant == "reasoned" and reasoned.path != base.path
    plain = [r["e"].value for r in store.open_store(base).query(PART_OF_CIVIL_WAR, use_default_graph_as_union=True)]
    inferred = [r["e"].value for r in store.open_store(reasoned).query(PART_OF_CIVIL_WAR, use_default_graph_as_union=True)]
    assert f"{EVENT}2024-capture-of-palmyra" in inferred and f"{EVENT}2024-capture-of-palmyra" not in plain
    assert store.ENTAILMENTS_GRAPH in {g.value for g in store.open_store(reasoned).named_graphs()}
    # Cached with its own fingerprint; both variants live side by side.
    again, rebuilt = store.ensure(proj, reason=True, entail=transitive_part_of, progress=False)
    assert not rebuilt and again.path == reasoned.path
    assert store.ensure(proj, progress=False)[0].path == base.path
    # A data change rebuilds it.
    data = proj.data_dir / "conflicts.ttl"
    data.write_text(data.read_text() + "\n# edited\n")
    assert store.ensure(proj, reason=True, entail=transitive_part_of, progress=False)[1]


def test_reason_without_the_reasoner_module_says_so(proj, monkeypatch):
    monkeypatch.setitem(sys.modules, "conflictkg.model.entailment", None)  # as on a branch without it
    with pytest.raises(UserError) as err:
        store.ensure(proj, reason=True, progress=False)
    assert "conflictkg.model.entailment" in err.value.message


# --------------------------------------------------------------------------------------------
# Export, progress, command
# --------------------------------------------------------------------------------------------


def test_export_keeps_datatypes_the_store_normalises(proj, tmp_path):
    """pyoxigraph stores xsd:nonNegativeInteger as xsd:integer; export reads the files instead."""
    build, _ = store.ensure(proj, progress=False)
    out = tmp_path / "all.nt"
    count = store.export_ntriples(proj, out, build=build)
    text = out.read_text()
    assert count == len(text.splitlines())
    assert '"108"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in text
    one = tmp_path / "places.nt"
    n = store.export_ntriples(proj, one, graph=store.graph_iri(proj, proj.data_dir / "places.ttl"))
    assert 0 < n < count


def test_progress_shows_on_a_terminal_and_does_not_get_in_the_way(proj, monkeypatch, capsys):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(store, "PROGRESS_DELAY", 0.0)
    with store.BuildProgress(True, delay=0.0) as bar:
        time.sleep(0.2)
        bar.update("loading data/x.ttl", total=2, advance=1)
        assert bar._progress is not None
    build, rebuilt = store.ensure(proj, force=True, progress=True)
    assert rebuilt


def test_build_command(proj):
    code, out, err = run_cli("build", env_root=proj.root)
    assert code == 0 and out.startswith("built .conflictkg/store/builds/base-") and "triples" in out
    code, out, err = run_cli("build", env_root=proj.root)
    assert code == 0 and out.startswith("up to date")
    code, out, err = run_cli("build", "--quiet", "--force", env_root=proj.root)
    assert code == 0 and out == ""


def _age_files(proj, monkeypatch) -> None:
    old = time.time() - 3600
    for path in store.source_files(proj):
        os.utime(path, (old, old))
    # A file's ctime cannot be set back, and a build counts files changed (ctime) within the racy
    # window before it as possibly changing still: close the window so this build is not racy.
    monkeypatch.setattr(store, "RACY_NS", 0)


def test_an_unwritable_cache_is_one_clear_error(proj, tmp_path, monkeypatch):
    (tmp_path / "cache-file").write_text("not a directory")
    monkeypatch.setenv("CONFLICTKG_CACHE_DIR", str(tmp_path / "cache-file"))
    with pytest.raises(UserError) as err:
        store.ensure(proj, progress=False)
    assert "cannot build the embedded store" in err.value.message or "cannot write" in err.value.message
    assert "\n" not in err.value.message


def test_a_checkout_whose_cache_cannot_be_made_builds_in_the_user_cache(proj, tmp_path, monkeypatch):
    # .conflictkg/ unusable (here a file; a read-only checkout in test_write_path): the derived
    # store goes to $XDG_CACHE_HOME/conflictkg/<name>-<hash>, and queries still answer.
    (proj.root / ".conflictkg").write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    build, _ = store.ensure(proj, progress=False)
    assert build.path.is_relative_to(tmp_path / "xdg" / "conflictkg")
    assert "2024 Palmyra airstrike" in labels(build)
