"""`conflictkg serve` facing hostile or unlucky clients, over real HTTP on 127.0.0.1: what lands in
data/ is exactly what was validated (authors, storage errors), content negotiation by q-values, CORS
on the read-only routes only, clients that go away mid-body, leftovers of a crash, query workers
that die (out of memory, or killed), and writes admitted before anonymous dry runs."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from servekit import FIXTURES, TOKEN, start_server, stop_server

pytestmark = pytest.mark.server

CKG = "https://w3id.org/conflict-kg/ontology#"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("hardening"), "--timeout", "10", "--refresh", "0")
    yield s
    stop_server(s)


def strike(n: int) -> bytes:
    """The valid test strike, made a different event for each `n` (another date and label), so that
    each test can merge one without it being taken for a duplicate."""
    import datetime as dt

    day = dt.date(2020, 1, 1) + dt.timedelta(days=7 * n)  # a week apart: never "within a day"
    text = (FIXTURES / "new-strike.ttl").read_text(encoding="utf-8")
    text = text.replace("2025-03-15", day.isoformat()).replace("(March 2025)", f"(hardening test {n})")
    return text.encode("utf-8")


def data_files(served) -> list[str]:
    return sorted(p.relative_to(served.root).as_posix() for p in (served.root / "data").rglob("*.ttl"))


def post_submission(served, body: bytes, *, headers=None, params=None, token: str | None = TOKEN):
    h = {"Content-Type": "text/turtle", **(headers or {})}
    if token:
        h["Authorization"] = f"Bearer {token}"
    return httpx.post(served.url + "/api/submissions", content=body, headers=h, params=params or {}, timeout=120)


def log_lines(served) -> list[str]:
    return served.log.read_text(errors="replace").splitlines()


# --------------------------------------------------------------------------------------------
# Authors: UTF-8 headers, and one check for every way an author arrives
# --------------------------------------------------------------------------------------------


def test_a_utf8_author_header_is_stored_as_sent(served):
    author = "Zoë Ó Dálaigh-Łukasiewicz <zoe@example.org>"
    r = post_submission(served, strike(1), headers={"X-Conflictkg-Author": author.encode("utf-8")})
    assert r.status_code == 201, r.text
    text = (served.root / r.json()["file"]).read_text(encoding="utf-8")
    assert f"submitted by {author}." in text
    assert f'ckg:submittedBy "{author}"' in text


def test_an_author_header_that_is_not_utf8_is_refused(served):
    before = data_files(served)
    r = post_submission(served, strike(2), headers={"X-Conflictkg-Author": b"Zo\xeb <zoe@example.org>"})
    assert r.status_code == 400, r.text
    assert "X-Conflictkg-Author" in r.json()["error"] and "UTF-8" in r.json()["error"]
    assert data_files(served) == before


@pytest.mark.parametrize("how,value,words", [
    ("param", "Ana\nLyst <ana@example.org>", "U+000A LINE FEED at position 4"),
    ("param", "Ana\rX-Evil: 1", "U+000D CARRIAGE RETURN at position 4"),
    ("param", "Ana Lyst\u2028<ana@example.org>", "U+2028 LINE SEPARATOR at position 9"),
    ("param", "x" * 201, "at most 200"),
    ("header", "Ana\u0085Lyst", "U+0085 NEXT LINE at position 4"),
    ("header", "Ana \u202egro.elpmaxe@ana", "U+202E RIGHT-TO-LEFT OVERRIDE at position 5"),
    ("header", "Ana\u2066Lyst\u2069", "U+2066 LEFT-TO-RIGHT ISOLATE at position 4"),
    ("header", "Ana\x1b[2JLyst", "U+001B ESCAPE at position 4"),
])
def test_authors_with_controls_or_format_characters_are_refused(served, how, value, words):
    before = data_files(served)
    if how == "param":
        r = post_submission(served, strike(3), params={"author": value})
        field = "?author="
    else:
        r = post_submission(served, strike(3), headers={"X-Conflictkg-Author": value.encode("utf-8")})
        field = "X-Conflictkg-Author"
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert words in error and field in error and "\n" not in error
    assert data_files(served) == before


def test_the_form_shows_a_refused_author_next_to_its_field(served):
    before = data_files(served)
    form = {"action": "submit", "token": TOKEN, "author": "Ana\u2028Lyst <ana@example.org>",
            "event_label": "Form author test strike", "event_class": "Strike", "start_date": "2023-05-06",
            "date_precision": "day", "location": "mayadin", "part_of": "syrian-civil-war", "event_type": "airstrike",
            "source_url": "https://example.org/reports/form-author", "source_title": "Example report",
            "source_publisher": "sohr", "source_section": "Lead"}
    r = httpx.post(served.url + "/submit", data=form, headers={"Accept": "application/json"}, timeout=120)
    assert r.status_code == 422, r.text
    assert any("U+2028 LINE SEPARATOR at position 4" in m for m in r.json()["fields"]["author"])
    page = httpx.post(served.url + "/submit", data=form, headers={"Accept": "text/html"}, timeout=120)
    assert page.status_code == 422
    field = page.text[page.text.index('for="author"'):]
    assert "U+2028 LINE SEPARATOR at position 4" in field[:2000]
    # A form that does not conform either: both are shown, each by its field.
    r = httpx.post(served.url + "/submit", data=dict(form, start_date=""), headers={"Accept": "application/json"},
                   timeout=120)
    assert r.status_code == 422
    assert any("U+2028" in m for m in r.json()["fields"]["author"]) and r.json()["fields"]["start_date"]
    assert data_files(served) == before


# --------------------------------------------------------------------------------------------
# Content negotiation: q=0 is "not acceptable"
# --------------------------------------------------------------------------------------------


def test_q0_refuses_html_even_when_star_star_would_take_it(served):
    path = "/id/event/2024-palmyra-airstrike"
    r = httpx.get(served.url + path, headers={"Accept": "text/html;q=0, */*"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle"), r.headers
    r = httpx.get(served.url + path, headers={"Accept": "text/html;q=0.1, application/ld+json;q=0.2"})
    assert r.headers["content-type"].startswith("application/ld+json")
    r = httpx.get(served.url + path, headers={"Accept": "text/html;q=0"})
    assert r.status_code == 406 and not r.headers["content-type"].startswith("text/html")
    # Errors and the endpoint's page redirect follow the same rule.
    r = httpx.get(served.url + "/id/actor/nobody", headers={"Accept": "text/html;q=0, */*"})
    assert r.status_code == 404 and not r.headers["content-type"].startswith("text/html")
    r = httpx.get(served.url + "/sparql", headers={"Accept": "text/html;q=0, */*"})
    # Not a browser: the service description, in RDF, never the query page.
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    r = httpx.get(served.url + "/vocab/measure/killed", headers={"Accept": "text/html;q=0, text/turtle;q=0.5"})
    assert r.headers["content-type"].startswith("text/turtle")


# --------------------------------------------------------------------------------------------
# CORS: the read-only routes are open to scripts of any origin; writes stay same-origin
# --------------------------------------------------------------------------------------------

ORIGIN = {"Origin": "https://yasgui.example.org"}
READ_ONLY = ["/sparql", "/api/queries", "/api/queries/event-claims", "/id/event/2024-palmyra-airstrike",
             "/ontology", "/vocab/", "/vocab/measure/killed"]


def test_read_only_answers_allow_any_origin(served):
    q = {"query": "SELECT ?e WHERE { ?e a ckg:Strike }"}
    answers = [
        httpx.get(served.url + "/sparql", params=q, headers={**ORIGIN, "Accept": "application/sparql-results+json"}),
        httpx.post(served.url + "/sparql", data=q, headers={**ORIGIN, "Accept": "text/csv"}),
        httpx.post(served.url + "/sparql", content=q["query"].encode(),
                   headers={**ORIGIN, "Content-Type": "application/sparql-query"}),
        httpx.get(served.url + "/api/queries/event-claims", params={"event": "2024-palmyra-airstrike"}, headers=ORIGIN),
        httpx.get(served.url + "/api/queries", headers=ORIGIN),
        httpx.get(served.url + "/id/event/2024-palmyra-airstrike", headers={**ORIGIN, "Accept": "text/turtle"}),
        httpx.get(served.url + "/vocab/measure/killed", headers={**ORIGIN, "Accept": "application/ld+json"}),
        httpx.get(served.url + "/ontology", headers={**ORIGIN, "Accept": "text/turtle"}),
    ]
    for r in answers:
        assert r.status_code == 200, (r.request.url, r.text)
        assert r.headers["access-control-allow-origin"] == "*", r.request.url
        assert "access-control-allow-credentials" not in r.headers
        assert "Conflictkg-Truncated" in r.headers["access-control-expose-headers"]
    # An error is readable by the script too (it says what was wrong).
    bad = httpx.get(served.url + "/sparql", params={"query": "SELECT * WHERE {"}, headers=ORIGIN)
    assert bad.status_code == 400 and bad.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("path", READ_ONLY)
def test_read_only_preflight(served, path):
    method = "POST" if path == "/sparql" else "GET"
    r = httpx.options(served.url + path, headers={**ORIGIN, "Access-Control-Request-Method": method,
                                                  "Access-Control-Request-Headers": "content-type, accept"})
    assert r.status_code == 204, r.text
    assert r.headers["access-control-allow-origin"] == "*"
    allowed = {m.strip() for m in r.headers["access-control-allow-methods"].split(",")}
    assert method in allowed and "GET" in allowed
    assert not allowed & {"PUT", "DELETE", "PATCH"}
    assert {"content-type", "accept"} <= {h.strip().lower() for h in r.headers["access-control-allow-headers"].split(",")}
    assert int(r.headers["access-control-max-age"]) > 0
    assert not r.content
    if path != "/sparql":
        assert "POST" not in allowed


@pytest.mark.parametrize("path", ["/api/submissions", "/submit"])
def test_writes_stay_same_origin(served, path):
    r = httpx.options(served.url + path, headers={**ORIGIN, "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "content-type, authorization"})
    assert "access-control-allow-origin" not in r.headers and r.status_code >= 400
    r = httpx.post(served.url + path, content=b"x", headers={**ORIGIN, "Content-Type": "text/turtle"},
                   params={"dry_run": "1"})
    assert "access-control-allow-origin" not in r.headers
    r = httpx.get(served.url + "/submit", headers=ORIGIN)
    assert "access-control-allow-origin" not in r.headers


# --------------------------------------------------------------------------------------------
# Storage errors: the file system refuses the write; the client is told why, nothing is written
# --------------------------------------------------------------------------------------------


def project_files(root) -> dict[str, bytes]:
    """Every file of data/ and what it holds, and what is left in .conflictkg/tmp."""
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}
    tmp = root / ".conflictkg" / "tmp"
    files.update({p.relative_to(root).as_posix(): b"" for p in tmp.rglob("*")} if tmp.is_dir() else {})
    return files


@pytest.fixture(scope="module")
def in_process(tmp_path_factory):
    """The app in this process (Starlette's TestClient, lifespan included), so that a test can make
    the file system refuse a write where no real disk can be made full."""
    import shutil

    from starlette.testclient import TestClient

    from conftest import ROOT, copy_project
    from conflictkg.server.app import create_app
    from conflictkg.server.state import Settings

    project = copy_project(ROOT, tmp_path_factory.mktemp("storage") / "project")
    shutil.copytree(ROOT / "shapes", project.root / "shapes")
    app = create_app(project, Settings(refresh=0, write_token=TOKEN, workers=1))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, project


@pytest.mark.parametrize("code,status,words", [
    (28, 507, "the disk is full"),  # ENOSPC
    (30, 503, "the file system is read-only"),  # EROFS
])
def test_a_refused_write_answers_its_status_and_writes_nothing(in_process, monkeypatch, code, status, words):
    import errno
    import os

    assert (errno.ENOSPC, errno.EROFS) == (28, 30)
    client, project = in_process
    real = os.replace

    def refusing(src, dst, *args, **kwargs):
        if "submissions" in str(dst):
            raise OSError(code, os.strerror(code), str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refusing)
    before = project_files(project.root)
    r = client.post("/api/submissions", content=strike(20 + code), params={"author": "Test <t@example.org>"},
                    headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == status, r.text
    body = r.json()
    assert words in body["error"] and "nothing was written" in body["error"] and "\n" not in body["error"]
    assert body["written"] is False and str(project.root) not in r.text
    assert project_files(project.root) == before
    # The form shows the reason.
    form = {"action": "submit", "token": TOKEN, "author": "Ana Lyst <ana@example.org>",
            "event_label": f"Storage test strike {code}", "event_class": "Strike", "start_date": f"2022-0{code % 9 + 1}-03",
            "date_precision": "day", "location": "mayadin", "part_of": "syrian-civil-war", "event_type": "airstrike",
            "source_url": f"https://example.org/reports/storage-{code}", "source_title": "Example report",
            "source_publisher": "sohr", "source_section": "Lead"}
    page = client.post("/submit", data=form, headers={"Accept": "text/html"})
    assert page.status_code == status
    assert words in page.text and "Traceback" not in page.text
    assert project_files(project.root) == before
    monkeypatch.undo()
    ok = client.post("/api/submissions", content=strike(20 + code), params={"author": "Test <t@example.org>"},
                     headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 201, ok.text  # the server goes on once the disk takes writes again


def test_a_full_disk_is_507_over_real_http(tmp_path):
    """On a real full file system (a tmpfs, where the test may mount one)."""
    import os
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the in-process test covers the refusal")
    s = None
    try:
        s = start_server(mount, "--refresh", "0")
        with open(mount / "filler", "wb") as fh:  # fill the disk
            try:
                while True:
                    fh.write(b"\0" * (1 << 20))
                    fh.flush()
            except OSError:
                pass
        before = project_files(s.root)
        r = post_submission(s, strike(40), params={"author": "Test <t@example.org>"})
        assert r.status_code == 507, r.text
        assert "the disk is full" in r.json()["error"] and "\n" not in r.json()["error"]
        assert project_files(s.root) == before
        (mount / "filler").unlink()
        assert post_submission(s, strike(40), params={"author": "Test <t@example.org>"}).status_code == 201
    finally:
        try:
            if s is not None:
                stop_server(s)
        finally:  # even when stopping the server fails the test: never leave the mount behind
            subprocess.run(["umount", "-l", str(mount)], check=False)


# --------------------------------------------------------------------------------------------
# A client that goes away mid-body
# --------------------------------------------------------------------------------------------


def open_fds(pid: int) -> int:
    import os

    return len(os.listdir(f"/proc/{pid}/fd"))


def half_a_request(served, path: str, media: str, headers: str = "") -> None:
    """Send the head of a POST and part of its body, then hang up."""
    host, port = served.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {media}\r\n{headers}"
                     f"Content-Length: 60000\r\n\r\n".encode() + b"@prefix x: <http://x/> .\n" * 400)
        time.sleep(0.05)


def test_a_client_leaving_mid_body_costs_one_log_line_at_most_and_nothing_else(served):
    def settle():
        time.sleep(0.5)
        return open_fds(served.proc.pid)

    half_a_request(served, "/api/submissions?dry_run=1", "text/turtle")  # warm: first use opens what stays open
    before_fds, before_log = settle(), len(log_lines(served))
    cases = [("/api/submissions?dry_run=1", "text/turtle", ""),
             ("/api/submissions?author=x", "text/turtle", f"Authorization: Bearer {TOKEN}\r\n"),
             ("/sparql", "application/sparql-query", ""),
             ("/submit", "application/x-www-form-urlencoded", "")]
    for _ in range(5):
        for path, media, headers in cases:
            half_a_request(served, path, media, headers)
    after_fds = settle()
    new_lines = log_lines(served)[before_log:]
    assert "Traceback" not in "\n".join(new_lines)
    assert len(new_lines) <= 5 * len(cases), new_lines
    assert after_fds <= before_fds, (before_fds, after_fds)
    tmp = served.root / ".conflictkg" / "tmp"
    assert not list(tmp.glob("http-submission-*")) if tmp.is_dir() else True
    assert httpx.get(served.url + "/healthz").status_code == 200


# --------------------------------------------------------------------------------------------
# Request bodies left in .conflictkg/tmp by a server that crashed
# --------------------------------------------------------------------------------------------


def test_folders_a_crashed_server_left_are_removed_at_start_and_live_ones_kept(tmp_path):
    import os
    import subprocess

    from conftest import ROOT, copy_project
    from conflictkg.server import submissions

    gone = subprocess.Popen(["true"])
    gone.wait()
    me = submissions.owner_tag(os.getpid())
    assert me is not None and me.startswith(f"{os.getpid()}-")
    tmp = tmp_path / "project" / ".conflictkg" / "tmp"
    tmp.mkdir(parents=True)
    folders = {
        f"http-submission-{gone.pid}-12345-abcd1234": False,  # its process is gone
        f"http-submission-{os.getpid()}-1-abcd1234": False,  # the pid was reused by another process
        f"http-submission-{me}-abcd1234": True,  # a live process (this one) owns it
        "http-submission-old12345": False,  # an earlier version's name, long untouched
        "http-submission-new12345": True,  # an earlier version's name, just made: maybe in use
        "other-folder": True,  # not ours
    }
    for name in folders:
        (tmp / name).mkdir()
        (tmp / name / "submission.ttl").write_bytes(b"x")
    os.utime(tmp / "http-submission-old12345", (time.time() - 7200, time.time() - 7200))
    copy_project(ROOT, tmp_path / "project")  # data/, ontology/, queries/ beside the cache
    s = start_server(tmp_path, "--refresh", "0", existing=True)
    try:
        left = {p.name for p in tmp.iterdir()}
        assert left == {name for name, kept in folders.items() if kept}, left
        assert any("left in .conflictkg/tmp" in line for line in log_lines(s))
    finally:
        stop_server(s)


# --------------------------------------------------------------------------------------------
# Query workers that die: out of memory is 503, as is a worker killed by someone else
# --------------------------------------------------------------------------------------------

# 30 doublings of 16 characters would be 16 GiB: the worker's memory cap stops it.
HUGE_STRING = "SELECT (STRLEN(?s30) AS ?n) WHERE { BIND(\"0123456789abcdef\" AS ?s0) " + " ".join(
    f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(30)) + " }"
CUBE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("small"), "--memory-limit", "256", "--workers", "1",
                     "--timeout", "30", "--refresh", "0")
    yield s
    stop_server(s)


def ad_hoc_workers(served) -> list[int]:
    """The ad hoc pool's worker processes (`python -m conflictkg.server.worker MB 10`)."""
    from pathlib import Path

    pid = served.proc.pid
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        if b"conflictkg.server.worker" in argv and argv[-2:] == [b"10", b""]:
            found.append(int(child))
    return found


def test_a_query_past_the_memory_limit_is_503(small):
    r = httpx.post(small.url + "/sparql", data={"query": HUGE_STRING}, timeout=120)
    assert r.status_code == 503, r.text
    assert "256 MB" in r.text and "memory" in r.text and len(r.text.strip().splitlines()) == 1
    ok = httpx.get(small.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert ok.status_code == 200  # its worker was replaced


def test_a_query_worker_killed_by_a_signal_says_so_and_blames_no_limit(small):
    import os
    import signal
    import threading

    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(r=httpx.post(small.url + "/sparql", data={"query": CUBE},
                                                                         timeout=120)))
    thread.start()
    time.sleep(1.5)
    workers = ad_hoc_workers(small)
    assert workers
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    thread.join(60)
    r = outcome["r"]
    assert r.status_code == 503, r.text
    assert "killed by signal 9 (SIGKILL)" in r.text and "MB" not in r.text, r.text
    assert r.headers.get("retry-after")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the pool replaces its workers
        if httpx.get(small.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60).status_code == 200:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the ad hoc pool did not recover")


# --------------------------------------------------------------------------------------------
# Writes cannot be starved by anonymous dry runs
# --------------------------------------------------------------------------------------------


def validations(served) -> dict:
    return httpx.get(served.url + "/healthz", timeout=30).json().get("validations", {})


def wait_until(check, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.mark.slow
def test_a_write_is_admitted_before_dry_runs_that_queued_first(tmp_path):
    """The one validation slot is held by a write (blocked in its merge on the data lock, which
    this test holds); three anonymous dry runs queue (from three addresses), then a token holder's
    write. When the slot comes free, the write is validated first: its answer (422, it does not
    conform) comes before any dry run's. One slot, so the order answers come in is the order the
    gate admitted them (with two, a quick dry run could overtake the write it was admitted after)."""
    import threading

    from conflictkg.core.lock import data_lock
    from conflictkg.core.paths import Project

    s = start_server(tmp_path, "--refresh", "0", "--validations", "1")
    finished: list[str] = []
    threads = []

    def send(name: str, **kw):
        def go():
            r = post_submission(s, **kw)
            finished.append(f"{name}:{r.status_code}")
        t = threading.Thread(target=go)
        t.start()
        threads.append(t)

    try:
        with data_lock(Project(s.root)):
            send("held", body=strike(70), params={"author": "Test <t@example.org>"})
            wait_until(lambda: validations(s).get("running") == 1 and len(finished) == 0, "a write in the slot")
            time.sleep(1.0)  # its validation ends; its merge waits for the lock, in the slot
            assert finished == [] and validations(s)["running"] == 1
            for i in range(3):
                send(f"dry{i}", body=strike(80 + i), params={"dry_run": "1"}, token=None,
                     headers={"X-Forwarded-For": f"10.0.0.{i + 1}"})
                wait_until(lambda i=i: validations(s).get("waiting") == i + 1, f"dry run {i} to queue")
            invalid = (FIXTURES / "invalid-strike.ttl").read_bytes()
            send("write", body=invalid, params={"author": "Test <t@example.org>"})
            wait_until(lambda: validations(s).get("waiting") == 4, "the write to queue")
        for t in threads:
            t.join(120)
        order = [f for f in finished if not f.startswith("held")]
        assert order[0] == "write:422", finished
        assert sorted(order[1:]) == ["dry0:200", "dry1:200", "dry2:200"], finished
        assert [f for f in finished if f.startswith("held")] == ["held:201"]
    finally:
        stop_server(s)


@pytest.fixture(scope="module")
def gated(tmp_path_factory):
    # A millisecond: no validation of a submission (a fork, then dozens of SPARQL queries) fits in it.
    s = start_server(tmp_path_factory.mktemp("gated"), "--refresh", "0", "--anonymous-max-request-size", "32768",
                     "--anonymous-per-client", "1", "--anonymous-timeout", "0.001")
    yield s
    stop_server(s)


def padded(n: int, size: int) -> bytes:
    body = strike(n)
    return body + b"# padding\n" * ((size - len(body)) // 10 + 1)


def with_claims(n: int, claims: int) -> bytes:
    """The test strike `n` with `claims` claims (each one more node for validation to check)."""
    text = strike(n).decode("utf-8")
    start = text.index("_:claim a ckg:Claim")
    block = text[start:]
    extra = "".join("\n" + block.replace("_:claim ", f"_:claim{i} ").replace("at least 12", f"at least {12 + i}")
                    .replace('"12"', f'"{12 + i}"') for i in range(claims))
    return (text + extra).encode("utf-8")


def test_anonymous_validation_has_a_smaller_body_limit(gated):
    body = padded(90, 40000)
    r = post_submission(gated, body, params={"dry_run": "1"}, token=None)
    assert r.status_code == 413, r.text
    assert "without the write token" in r.json()["error"]
    # A token holder's dry run of the same body is validated (within the server's own limit).
    r = post_submission(gated, body, params={"dry_run": "1"})
    assert r.status_code == 200, r.text


def test_anonymous_validation_has_a_shorter_time_budget(gated):
    body = with_claims(91, 20)
    r = post_submission(gated, body, params={"dry_run": "1"}, token=None)
    assert r.status_code == 422, r.text
    refused = r.json()["report"]["refused"]
    assert "time budget of 0.001 s" in refused and "without the write token" in refused and "--timeout" not in refused
    r = post_submission(gated, body, params={"dry_run": "1"})  # a token holder's: the server's own budget
    assert r.status_code in (200, 422) and "time budget" not in (r.json()["report"].get("refused") or ""), r.text


def test_one_anonymous_validation_at_a_time_per_address(gated):
    host, port = gated.url.removeprefix("http://").split(":")
    # An anonymous dry run whose body is still coming: it counts for its address.
    with socket.create_connection((host, int(port)), timeout=10) as held:
        held.sendall(f"POST /api/submissions?dry_run=1 HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/turtle\r\n"
                     "Content-Length: 2000\r\n\r\n@prefix x: <http://x/> .\n".encode())
        time.sleep(0.3)
        r = post_submission(gated, strike(92), params={"dry_run": "1"}, token=None)
        assert r.status_code == 429, r.text
        assert int(r.headers["retry-after"]) >= 1 and "in progress" in r.json()["error"]
        # Another address, or the token, is not held up by it.
        other = post_submission(gated, with_claims(92, 20), params={"dry_run": "1"}, token=None,
                                headers={"X-Forwarded-For": "192.0.2.7"})
        assert other.status_code == 422 and "time budget" in other.json()["report"]["refused"]  # validated
        assert post_submission(gated, strike(92), params={"dry_run": "1"}).status_code == 200
    # Once that request is gone, the address may validate again.
    wait_until(lambda: post_submission(gated, strike(92), params={"dry_run": "1"}, token=None).status_code != 429,
               "the address's slot to be free again", 10)
