"""Hostile submissions: every one is refused with exit code 2 and one line that names the file (and
the line where it applies), with no traceback, no content of the file and no machine path; nothing
reaches the network (a loopback listener fails the test on any connection) and every case ends
within a time bound."""

from __future__ import annotations

import http.server
import io
import json
import os
import socket
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from conflictkg import cli

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
EXPECTED = json.loads((HOSTILE / "expected.json").read_text())["cases"]
CANARY = "CANARY"


class _Listener:
    """A loopback HTTP server that records every request it receives."""

    def __init__(self):
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                listener.requests.append(self.path)
                body = b'{"@context": {"Strike": "https://w3id.org/conflict-kg/ontology#Strike"}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener():
    with _Listener() as server:
        yield server
        # Checked again at the end: no case may have reached it, even one that passed.
        assert server.requests == [], f"the validator made network requests: {server.requests}"


@pytest.fixture
def workdir(tmp_path, listener, monkeypatch):
    """A copy of the hostile corpus with the listener's port in its URLs, as the working directory
    (so that refusals name files by the relative name given, and any machine path would stand out)."""
    for path in HOSTILE.iterdir():
        data = path.read_bytes().replace(b"LISTENER_PORT", str(listener.port).encode())
        (tmp_path / path.name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_cli(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.run(args)
    return code, out.getvalue(), err.getvalue()


def test_the_corpus_covers_every_rule():
    assert len(EXPECTED) >= 30
    assert sorted(p.name for p in HOSTILE.iterdir() if p.name != "expected.json") == sorted(EXPECTED)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_input_is_refused(name, workdir, listener, project, monkeypatch):
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    case = EXPECTED[name]
    code, out, err = run_cli(["validate", "--timeout", "30", *case.get("args", []), name])
    lines = err.splitlines()
    assert code == 2, err
    assert out == ""
    assert len(lines) == 1, err
    line = lines[0]
    prefix = f"conflictkg: error: {name}"
    assert line.startswith(prefix + (f":{case['line']}" if case["line"] else "")), line
    assert case["error"] in line, line
    assert "Traceback" not in err and CANARY not in err
    assert str(workdir) not in err and str(project.root) not in err and "/etc/passwd" not in err
    assert all(c.isprintable() for c in line)
    assert listener.requests == []


@pytest.mark.timeout(60)
def test_hostile_input_on_standard_input_is_refused(listener, project, monkeypatch):
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    data = (HOSTILE / "remote-context.jsonld").read_bytes().replace(b"LISTENER_PORT", str(listener.port).encode())
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run_cli(["validate", "--input-format", "jsonld", "-"])
    assert code == 2
    assert err.startswith("conflictkg: error: <stdin>: a remote JSON-LD @context is not allowed")
    assert listener.requests == []


@pytest.mark.timeout(60)
def test_time_budget_stops_a_long_validation(tmp_path, project, monkeypatch):
    """A large (but well-formed) submission cannot run past --timeout."""
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    lines = ["@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    for i in range(3000):
        lines.append(f"<https://w3id.org/conflict-kg/id/actor/budget-{i}> a ckg:ArmedGroup ; rdfs:label \"Group {i}\"@en .")
    path = tmp_path / "large.ttl"
    path.write_text("\n".join(lines) + "\n")
    code, out, err = run_cli(["validate", "--timeout", "0.5", str(path)])
    assert code == 2
    assert "took longer than the time budget of 0.5 s" in err and len(err.splitlines()) == 1


@pytest.mark.timeout(120)
def test_memory_budget_stops_a_large_parse(tmp_path, project):
    """Run end to end: the budget is an address-space limit on the worker, measured from what the
    command has mapped, so it is checked in a fresh process."""
    import subprocess
    import sys

    lines = ["@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    for i in range(60000):
        lines.append(f"<https://w3id.org/conflict-kg/id/actor/memory-{i}> a ckg:ArmedGroup ; rdfs:label \"Group {i}\"@en .")
    path = tmp_path / "heavy.ttl"
    path.write_text("\n".join(lines) + "\n")
    command = Path(sys.executable).parent / "conflictkg"
    done = subprocess.run(
        [str(command), "validate", "--memory", "64", "--max-triples", "200000", str(path)],
        capture_output=True, text=True, timeout=110, env={**os.environ, "CONFLICTKG_ROOT": str(project.root)},
    )
    assert done.returncode == 2
    assert "memory budget of 64 MB" in done.stderr and len(done.stderr.splitlines()) == 1


def test_the_worker_cannot_open_files_or_sockets():
    from conflictkg.core.sandbox import Budget, run_with_budget
    from conflictkg.core.errors import UserError

    def read_passwd():
        with open("/etc/passwd", encoding="utf-8") as fh:
            return fh.read()

    def connect():
        socket.create_connection(("127.0.0.1", 9), timeout=1)

    def write_file():
        with open(os.path.join(os.getcwd(), "written-by-worker"), "w", encoding="utf-8") as fh:
            fh.write("x")

    for fn in (read_passwd, connect, write_file):
        with pytest.raises(UserError) as info:
            run_with_budget(fn, budget=Budget(timeout=20), what="probing")
        assert "not allowed" in info.value.message
    assert not os.path.exists("written-by-worker")


def test_project_context_is_mapped_to_its_local_copy(tmp_path, project, monkeypatch):
    """The project's own context URL is never fetched: it is read from the package's copy, and a
    missing copy is a clear refusal."""
    from conflictkg.rdf import safeload
    from conflictkg.core.errors import UserError
    from conflictkg.validation.validate import validate

    doc = {
        "@context": safeload.PROJECT_CONTEXT_URL,
        "@id": "https://w3id.org/conflict-kg/id/actor/test-context",
        "@type": "ArmedGroup",
        "label": "Test context group",
        "source": "https://w3id.org/conflict-kg/id/source/wikipedia-2024-palmyra-airstrike-lead",
    }
    source = safeload.Source("group.jsonld", json.dumps(doc).encode(), "jsonld")
    local = tmp_path / "conflict-kg.jsonld"
    local.write_text(json.dumps({"@context": {
        "ckg": "https://w3id.org/conflict-kg/ontology#",
        "ArmedGroup": "ckg:ArmedGroup",
        "label": {"@id": "http://www.w3.org/2000/01/rdf-schema#label", "@language": "en"},
        "source": {"@id": "ckg:source", "@type": "@id"},
    }}))
    monkeypatch.setattr(safeload, "CONTEXT_FILE", local)
    report = validate([source], project=project)
    assert report.results == []
    monkeypatch.setattr(safeload, "CONTEXT_FILE", tmp_path / "missing.jsonld")
    with pytest.raises(UserError) as info:
        validate([source], project=project)
    assert "is not installed" in info.value.message
