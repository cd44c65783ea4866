"""The query daemon (`conflictkg daemon`): the graph in memory, answering `conflictkg query`.

Every test starts a real daemon process on its own copy of the project and stops it at the end.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import ROOT, copy_project, run_cli
from conflictkg.query import daemon
from conflictkg.query import sparql
from conflictkg.storage import store
from conflictkg.query import library
from test_stored_queries import EXPECTED, normalise, run

LABEL_QUERY = (
    "SELECT ?l WHERE { <https://w3id.org/conflict-kg/id/test/x> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
)


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    """A project copy with its daemon running (two workers)."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("daemon"))
    found = daemon.start(project, workers=2, idle_minutes=10)
    yield project, found
    daemon.stop(daemon.place_for(project))


@pytest.fixture
def own(tmp_path):
    """A project copy for a test that changes it; its daemon is stopped afterwards."""
    project = copy_project(ROOT, tmp_path / "p")
    yield project
    for variant in ("base", "reasoned"):
        daemon.stop(daemon.place_for(project, variant))


def _via_daemon(project, prepared, bindings=None, limits=None):
    """Run on the daemon only: fail if it did not answer."""
    with store.reader(project, progress=False) as build:
        answer = daemon.run(build, prepared, bindings, limits or sparql.Limits(timeout=30))
        assert answer is not None, "the daemon did not answer"
        return answer


def _on_disk(project, prepared, bindings=None):
    with store.reader(project, progress=False) as build:
        return sparql.run_embedded(build, prepared, bindings, sparql.Limits(timeout=30))


def test_status_names_the_current_build_and_its_size(running):
    project, found = running
    build, _ = store.ensure(project, progress=False)
    assert found["build"] == build.path.name
    assert found["statements"] == build.statements
    assert daemon.status(daemon.place_for(project))["pid"] == found["pid"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_stored_query_gives_the_same_rows_as_the_on_disk_store(name, running):
    project, _ = running
    q = library.find(project, name)
    params = EXPECTED[name].params
    in_memory = run(q, params, lambda p, b: _via_daemon(project, p, b))
    on_disk = run(q, params, lambda p, b: _on_disk(project, p, b))
    assert normalise(in_memory) == normalise(on_disk)


def test_construct_and_ask_come_back_whole(running):
    project, _ = running
    graph = sparql.check_query("CONSTRUCT { ?e a ckg:Strike } WHERE { ?e a ckg:Strike }")
    assert sorted(map(str, _via_daemon(project, graph).triples)) == sorted(map(str, _on_disk(project, graph).triples))
    assert _via_daemon(project, sparql.check_query("ASK { ?e a ckg:Strike }")).boolean is True


def test_the_socket_is_private_to_its_user(running):
    project, _ = running
    place = daemon.place_for(project)
    assert place.socket_path.stat().st_mode & 0o077 == 0
    assert place.socket_path.parent.stat().st_mode & 0o777 == 0o700


def test_a_socket_in_a_folder_others_can_enter_is_not_used():
    # A project at a short path, so that its socket is in its own folder: the shared fallback folder
    # of deep paths (test_a_deep_project_gets...) belongs to every daemon of this user at once.
    import tempfile

    short = Path(tempfile.mkdtemp(prefix="ckg-", dir="/tmp"))
    own = copy_project(ROOT, short / "p")
    place = daemon.place_for(own)
    assert place.socket_path.is_relative_to(short)
    place.socket_path.parent.mkdir(parents=True)
    place.socket_path.parent.chmod(0o755)
    place.socket_path.touch()
    assert daemon.status(place) is None
    shutil.rmtree(short)


def test_a_deep_project_gets_its_socket_in_a_private_folder_of_the_temporary_directory(tmp_path):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    place = daemon.place_for(copy_project(ROOT, deep))
    assert len(os.fsencode(place.socket_path)) <= daemon.UNIX_PATH_MAX
    assert place.socket_path.parent.name == f"conflictkg-{os.getuid()}"


def test_query_uses_the_daemon_and_no_daemon_reads_the_disk(running, monkeypatch, capsys):
    from conflictkg.cli import run as main

    project, _ = running
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    calls = []
    real = sparql._run_worker
    monkeypatch.setattr(sparql, "_run_worker", lambda *a, **k: calls.append(1) or real(*a, **k))
    args = ["query", "event-claims", "-p", "event=2024-palmyra-airstrike", "--format", "csv"]
    assert main(args) == 0
    through_daemon = capsys.readouterr().out
    assert calls == []  # answered from memory: no one-shot worker
    assert main([*args, "--no-daemon"]) == 0
    assert calls == [1]
    assert capsys.readouterr().out == through_daemon


def test_no_request_is_dropped_while_a_reload_replaces_the_workers(own):
    """Requests that arrive while the daemon replaces its workers with ones holding a new build are
    all answered: a worker told to leave finishes what it accepted (it used to be able to exit
    between accepting a connection and answering it)."""
    import threading

    daemon.start(own, workers=2, idle_minutes=10)
    place = daemon.place_for(own)
    data = sorted((own.root / "data").glob("*.ttl"))[0]
    prepared = sparql.check_query(LABEL_QUERY)
    answers, stop = [], threading.Event()

    def poll():
        while not stop.is_set():
            answers.append(daemon.status(place, timeout=30))

    pollers = [threading.Thread(target=poll) for _ in range(3)]
    for t in pollers:
        t.start()
    try:
        for i in range(6):
            with data.open("a", encoding="utf-8") as fh:
                fh.write(f'\n<https://w3id.org/conflict-kg/id/test/x> <http://www.w3.org/2000/01/rdf-schema#label> "v{i}" .\n')
            with store.reader(own, progress=False) as build:
                daemon.run_embedded(build, prepared)  # stale: the daemon reloads
                deadline = time.monotonic() + 30
                while (daemon.status(place) or {}).get("build") != build.path.name:
                    assert time.monotonic() < deadline, "the daemon did not load the new build"
                    time.sleep(0.05)
    finally:
        stop.set()
        for t in pollers:
            t.join()
    assert len(answers) > 20 and all(a is not None for a in answers), \
        f"{sum(a is None for a in answers)} of {len(answers)} status requests went unanswered"


def test_a_change_to_data_is_seen_by_the_next_query_and_the_daemon_reloads(own):
    daemon.start(own, workers=1, idle_minutes=10)
    prepared = sparql.check_query(LABEL_QUERY)
    with store.reader(own, progress=False) as build:
        assert daemon.run_embedded(build, prepared).rows == []
    data = sorted((own.root / "data").glob("*.ttl"))[0]
    with data.open("a", encoding="utf-8") as fh:
        fh.write('\n<https://w3id.org/conflict-kg/id/test/x> <http://www.w3.org/2000/01/rdf-schema#label> "new" .\n')
    with store.reader(own, progress=False) as build:
        rows = daemon.run_embedded(build, prepared).rows  # never the old build's answer
        assert [r[0].value for r in rows] == ["new"]
        deadline = time.monotonic() + 30
        while daemon.status(daemon.place_for(own))["build"] != build.path.name:  # answered during a reload too
            assert time.monotonic() < deadline, "the daemon did not load the new build"
            time.sleep(0.1)
    assert [r[0].value for r in _via_daemon(own, prepared).rows] == ["new"]


def test_a_runaway_query_is_stopped_and_its_worker_replaced(running):
    project, _ = running
    prepared = sparql.check_query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    started = time.monotonic()
    with pytest.raises(Exception) as caught:
        _via_daemon(project, prepared, limits=sparql.Limits(timeout=1.5))
    assert "stopped after 1.5 s" in str(caught.value)
    assert time.monotonic() - started < 10
    ask = sparql.check_query("ASK { ?e a ckg:Strike }")
    for _ in range(4):  # both workers answer again
        assert _via_daemon(project, ask).boolean is True


def test_a_query_past_the_memory_limit_is_stopped(running):
    project, _ = running
    binds = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(30))
    prepared = sparql.check_query(f'SELECT (STRLEN(?s30) AS ?n) WHERE {{ BIND("0123456789abcdef" AS ?s0) {binds} }}')
    with pytest.raises(Exception) as caught:
        _via_daemon(project, prepared, limits=sparql.Limits(timeout=60, memory_mb=128))
    assert "128 MB" in str(caught.value) and "--memory-limit" in str(caught.value)
    assert _via_daemon(project, sparql.check_query("ASK { ?e a ckg:Strike }")).boolean is True


def test_an_answer_past_the_size_limit_is_stopped_while_it_streams(running):
    # A cross join streams out with little memory; the bytes written are what reach the cap.
    project, _ = running
    prepared = sparql.check_query("SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 3000000")
    with pytest.raises(Exception) as caught:
        _via_daemon(project, prepared, limits=sparql.Limits(timeout=60, memory_mb=64))
    assert "larger than 64 MB" in str(caught.value)
    assert _via_daemon(project, sparql.check_query("ASK { ?e a ckg:Strike }")).boolean is True


def test_a_client_that_leaves_mid_answer_does_not_cost_a_worker(running):
    import json

    project, found = running
    children = Path(f"/proc/{found['pid']}/task/{found['pid']}/children")
    before = set(children.read_text().split())
    with store.reader(project, progress=False) as build:
        request = {"protocol": daemon.PROTOCOL, "op": "query", "build": build.path.name, "timeout": 30,
                   "memory_mb": 1024, "query": "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 2000000"}
    for _ in range(2):  # both workers, if the second connection reaches the other one
        sock = daemon._connect(daemon.place_for(project), 10)
        sock.sendall(json.dumps(request).encode() + b"\n")
        assert json.loads(sock.makefile("rb").readline())["ok"]
        sock.close()  # gone while the worker still writes
    time.sleep(0.5)
    assert _via_daemon(project, sparql.check_query("ASK { ?e a ckg:Strike }")).boolean is True
    assert set(children.read_text().split()) == before  # the same workers, none died and replaced


def test_frames_carry_an_answer_and_say_whether_it_is_whole():
    import io
    import json
    import socket
    import threading

    chunks = [bytes([65 + i % 26]) * (1000 + 37 * i) for i in range(40)]

    def answer(conn, finish):
        frames = daemon.FrameWriter(conn, limit=1 << 30, header={"ok": True, "kind": "select"})
        for chunk in chunks:
            frames.write(chunk)
        if finish:
            frames.end({"ok": True})
        conn.close()

    for finish in (True, False):
        ours, theirs = socket.socketpair()
        writer = threading.Thread(target=answer, args=(theirs, finish))
        writer.start()
        reader = ours.makefile("rb")
        assert json.loads(reader.readline()) == {"ok": True, "kind": "select"}
        frames = daemon.FrameReader(reader)
        got = io.BufferedReader(frames, 4096).read()
        writer.join()
        whole = b"".join(chunks)
        if finish:
            assert got == whole  # across frames and reads of any size
        else:  # what was sent before the worker died (its frames go out in batches)
            assert whole.startswith(got) and 0 < len(got) < len(whole)
        assert frames.trailer() == ({"ok": True} if finish else None)
        assert frames.cut is not finish  # a stream without its end is a worker that died
        ours.close()
    ours, theirs = socket.socketpair()
    small = daemon.FrameWriter(theirs, limit=10, header={})
    small.write(b"x" * 10)
    with pytest.raises(OSError):
        small.write(b"y")
    assert small.too_large
    ours.close(), theirs.close()


def test_a_second_start_is_refused_and_stop_removes_the_socket(own):
    found = daemon.start(own, workers=1, idle_minutes=10)
    with pytest.raises(Exception) as caught:
        daemon.start(own)
    assert f"pid {found['pid']}" in str(caught.value)
    place = daemon.place_for(own)
    assert daemon.stop(place)["pid"] == found["pid"]
    assert not place.socket_path.exists() and daemon.status(place) is None
    assert daemon.stop(place) is None


def test_a_killed_daemon_leaves_nothing_that_stops_queries(own):
    found = daemon.start(own, workers=1, idle_minutes=10)
    os.kill(found["pid"], signal.SIGKILL)  # its workers are left, orphaned, until they see it
    deadline = time.monotonic() + 5
    while Path(f"/proc/{found['pid']}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    prepared = sparql.check_query("ASK { ?e a ckg:Strike }")
    with store.reader(own, progress=False) as build:
        assert daemon.run_embedded(build, prepared).boolean is True
    daemon.stop(daemon.place_for(own))
    again = daemon.start(own, workers=1, idle_minutes=10)  # the stale socket is replaced
    assert again["pid"] != found["pid"]


def test_an_idle_daemon_stops_by_itself(own):
    found = daemon.start(own, workers=1, idle_minutes=0.02)  # 1.2 s
    deadline = time.monotonic() + 20
    while daemon.status(daemon.place_for(own)) is not None or not _gone(found["pid"]):
        assert time.monotonic() < deadline, "the idle daemon kept running"
        time.sleep(0.2)
    assert not daemon.place_for(own).socket_path.exists()


def _gone(pid: int) -> bool:
    try:  # exited, or exited and not yet reaped by this process (which started it)
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except OSError:
        return True


def test_the_reasoned_daemon_answers_query_reason(own, monkeypatch):
    daemon.start(own, reason=True, workers=1, idle_minutes=10)
    found = daemon.status(daemon.place_for(own, "reasoned"))
    build, _ = store.ensure(own, reason=True, progress=False)
    assert found["build"] == build.path.name and found["statements"] == build.statements
    assert daemon.status(daemon.place_for(own, "base")) is None
    # An entailed type: every Strike is a MilitaryEvent only with the OWL RL entailments.
    prepared = sparql.check_query("ASK { <https://w3id.org/conflict-kg/id/event/2024-palmyra-airstrike> a ckg:MilitaryEvent }")
    monkeypatch.setattr(sparql, "_run_worker", lambda *a, **k: pytest.fail("answered from disk, not by the daemon"))
    with store.reader(own, reason=True, progress=False) as reasoned:
        assert daemon.run_embedded(reasoned, prepared).boolean is True


def test_the_cli_starts_reports_and_stops_it(own):
    env = {"CONFLICTKG_ROOT": str(own.root)}
    code, out, err = run_cli("daemon", "status", extra_env=env)
    assert code == 1 and "no query daemon runs" in err and "Traceback" not in err
    code, out, err = run_cli("daemon", "start", "--idle-minutes", "10", "--workers", "1", extra_env=env)
    assert code == 0, err
    assert "query daemon running" in out and "statements in memory" in out
    code, out, _ = run_cli("daemon", "status", extra_env=env)
    assert code == 0 and "query daemon running" in out
    code, out, err = run_cli("daemon", "start", extra_env=env)
    assert code == 2 and "already runs" in err
    code, out, _ = run_cli("query", "event-claims", "-p", "event=2024-palmyra-airstrike", "--format", "csv", extra_env=env)
    assert code == 0 and "syrian-state-media" in out
    code, out, _ = run_cli("daemon", "stop", extra_env=env)
    assert code == 0 and "stopped the query daemon" in out
    code, out, _ = run_cli("daemon", "stop", extra_env=env)
    assert code == 0 and "no query daemon was running" in out


def test_new_workers_warm_up_on_the_stored_queries_about_one_node(project):
    import pyoxigraph as ox

    texts = daemon.warm_up_texts(project)
    about_one = [n for n, q in library.library(project).items() if any(p.kind == "iri" and p.required for p in q.params)]
    assert len(texts) == len(about_one) >= 5
    assert all("VALUES" in text for text in texts)  # bound to the examples, as a user would run them
    empty = ox.Store()
    for text in texts:
        empty.query(text, use_default_graph_as_union=True)  # each one parses and runs


def test_the_graph_is_loaded_on_a_thread_of_its_own(own, monkeypatch):
    # Off the main thread, so that the graph stays out of the malloc arena the forked workers
    # allocate from (sandbox.on_own_thread).
    import threading

    from conftest import threads_calling

    read_on = threads_calling(monkeypatch, store, "source_graphs")
    loaded = daemon.load(own, "base")
    assert read_on and read_on[0] != threading.get_ident()
    build, _ = store.ensure(own, progress=False)
    assert loaded.build == build.path.name and loaded.statements == build.statements


def test_the_wire_format_keeps_every_kind_of_term(running):
    # The daemon answers SELECT in SPARQL TSV: each term in N-Triples syntax, read back exactly.
    project, _ = running
    text = (
        'SELECT ?v WHERE { VALUES ?v { 1 1.5 1.5e0 true "t\\tab\\nnl \\"q\\""@en "5"^^xsd:nonNegativeInteger '
        '"2024-01-01"^^xsd:date "x" "=1+1" <https://example.org/y> } }'
    )
    # Sorted by a column of unlike literals, whose order SPARQL leaves to the engine: both paths
    # sort the answer the same way (sparql.sort_rows), so they agree even here.
    prepared = sparql.check_query(text + " ORDER BY ?v")
    in_memory = [str(row) for row in _via_daemon(project, prepared).rows]
    assert len(in_memory) == 10 and in_memory == [str(row) for row in _on_disk(project, prepared).rows]


def test_a_graph_answer_keeps_every_kind_of_term(running):
    # Graph answers come back as N-Triples, parsed without checking IRIs again (our own worker
    # wrote them): escapes, language tags, datatypes, non-ASCII IRIs and blank nodes survive.
    project, _ = running
    text = (
        'CONSTRUCT { <https://example.org/s> <https://example.org/p> ?v . ?b <https://example.org/é> ?v } '
        'WHERE { VALUES ?v { 1 1.5 true "t\\tab\\nnl \\"q\\" \\u00e9\\U0001F600"@en-GB '
        '"5"^^xsd:nonNegativeInteger "2024-01-01"^^xsd:date <https://example.org/ü?q=1#f> } BIND(BNODE() AS ?b) }'
    )
    prepared = sparql.check_query(text)
    in_memory = _via_daemon(project, prepared).triples
    on_disk = _on_disk(project, prepared).triples
    assert len(in_memory) == 14
    # The lenient parse gives, term for term, what a strict parse of the same text gives.
    wire = ox.serialize(on_disk, format=ox.RdfFormat.N_TRIPLES)
    strict = [q.triple for q in ox.parse(wire, format=ox.RdfFormat.N_TRIPLES)]
    assert sparql.parse_result(wire, "graph").triples == sparql.sort_triples(strict)
    # Blank nodes get fresh labels in each run: the rest is what the on-disk store gives, in order.
    def named(triples):
        return [t for t in triples if isinstance(t.subject, ox.NamedNode)]

    assert named(in_memory) == named(on_disk)
    assert sum(isinstance(t.subject, ox.BlankNode) for t in in_memory) == 7


def test_a_daemon_that_speaks_another_protocol_is_not_used_but_can_be_stopped(own, monkeypatch):
    found = daemon.start(own, workers=1, idle_minutes=10)
    place = daemon.place_for(own)
    monkeypatch.setattr(daemon, "PROTOCOL", daemon.PROTOCOL + 1)  # as a later version of the client would
    assert daemon.status(place) is None
    prepared = sparql.check_query("ASK { ?e a ckg:Strike }")
    with store.reader(own, progress=False) as build:
        assert daemon.run(build, prepared, None, sparql.Limits(timeout=30)) is None  # the caller reads the disk
    assert daemon.stop(place)["pid"] == found["pid"]
    deadline = time.monotonic() + 10
    while not _gone(found["pid"]):
        assert time.monotonic() < deadline, "the daemon did not stop"
        time.sleep(0.05)


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to act as another user")
def test_another_user_cannot_reach_the_daemon():
    import shutil
    import socket
    import tempfile

    # A project every user may walk into, so that only the daemon's own folder can stop them.
    root = Path(tempfile.mkdtemp(prefix="ckg-shared-"))
    root.chmod(0o755)
    try:
        project = copy_project(ROOT, root / "p")
        daemon.start(project, workers=1, idle_minutes=10)
        path = daemon.place_for(project).socket_path
        pid = os.fork()
        if pid == 0:  # as nobody, straight to the socket, past the client's own checks
            code = 1
            try:
                os.setgid(65534)
                os.setuid(65534)
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    sock.connect(str(path))
                    code = 3
                except PermissionError:
                    code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert daemon.status(daemon.place_for(project)) is not None  # its own user is still answered
    finally:
        daemon.stop(daemon.place_for(project))
        shutil.rmtree(root, ignore_errors=True)


def test_a_build_whose_files_changed_under_it_is_never_loaded(own, monkeypatch):
    # The pointer names a build, but a file no longer has the digest that build recorded (a change
    # landing between the two): the daemon must not load a mix of the two.
    build, _ = store.ensure(own, progress=False)
    data = sorted((own.root / "data").glob("*.ttl"))[0]
    with data.open("a", encoding="utf-8") as fh:
        fh.write("\n# changed\n")
    monkeypatch.setattr(store, "ensure", lambda *a, **k: (build, False))
    with pytest.raises(Exception) as caught:
        daemon.load(own, "base")
    assert "keep changing" in str(caught.value)


def test_a_long_log_is_rotated_at_the_next_start(own):
    place = daemon.place_for(own)
    place.directory.mkdir(parents=True, mode=0o700)
    place.log_path.write_bytes(b"old line\n" * 200_000)  # 1.8 MB
    daemon.start(own, workers=1, idle_minutes=10)
    assert place.log_path.with_name(place.log_path.name + ".1").stat().st_size > daemon.LOG_BYTES
    assert place.log_path.stat().st_size < 10_000 and b"loaded build" in place.log_path.read_bytes()


def test_a_worker_killed_by_a_signal_is_reported_as_killed_not_out_of_memory(running):
    """SIGKILL from a user or the OOM killer, when the worker is not at its memory cap: the error
    says what happened, and blames no memory limit."""
    import threading

    project, found = running
    children = Path(f"/proc/{found['pid']}/task/{found['pid']}/children")
    prepared = sparql.check_query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    outcome = {}

    def ask():
        try:
            _via_daemon(project, prepared, limits=sparql.Limits(timeout=60, memory_mb=2048))
        except Exception as exc:  # noqa: BLE001 - what the client says is the point
            outcome["error"] = str(exc)

    thread = threading.Thread(target=ask)
    thread.start()
    time.sleep(1.5)  # the query runs in one of the workers
    for pid in children.read_text().split():
        os.kill(int(pid), signal.SIGKILL)
    thread.join(60)
    message = outcome["error"]
    assert "killed by signal 9 (SIGKILL)" in message, message
    assert "MB" not in message and "--memory-limit" not in message and "\n" not in message
    deadline = time.monotonic() + 30
    while len(children.read_text().split()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _via_daemon(project, sparql.check_query("ASK { ?e a ckg:Strike }")).boolean is True


def test_the_one_shot_worker_blames_memory_only_when_its_allocator_said_so():
    from types import SimpleNamespace

    prepared = sparql.check_query("ASK { ?s ?p ?o }")
    limits = sparql.Limits(timeout=5, memory_mb=300)

    def crash(rc, err):
        return str(sparql._crash(prepared, SimpleNamespace(returncode=rc, stderr=err.encode()), limits))

    assert "300 MB" in crash(-signal.SIGABRT, "memory allocation of 67108864 bytes failed\nnote: run with ...")
    assert "300 MB" in crash(1, "Traceback ...\nMemoryError")
    for sig in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGTERM):
        message = crash(-sig, "")
        assert f"killed by signal {int(sig)} ({sig.name})" in message and "MB" not in message, message
