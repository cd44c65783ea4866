"""`conflictkg serve` against slow clients, over real sockets on 127.0.0.1: a client that sends its
headers or its body a byte at a time is cut off after the timeout, and a flood of such connections
past the connection cap neither exhausts the server's descriptors nor keeps a normal request from
an answer."""

from __future__ import annotations

import os
import resource
import socket
import threading
import time

import httpx
import pytest

from servekit import start_server, stop_server

pytestmark = [pytest.mark.server, pytest.mark.slow]

HEADER_TIMEOUT = 2.0
BODY_TIMEOUT = 3.0
CAP = 40
SLOW = 300


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("slow"), "--refresh", "0", "--header-timeout", str(HEADER_TIMEOUT),
                     "--body-timeout", str(BODY_TIMEOUT), "--max-connections", str(CAP))
    yield s
    stop_server(s)


def address(served) -> tuple[str, int]:
    host, port = served.url.removeprefix("http://").split(":")
    return host, int(port)


def dribble(sock: socket.socket, data: bytes, every: float, until: float) -> tuple[bytes, float]:
    """Send `data` a byte every `every` seconds until the server answers or hangs up (or `until`
    seconds pass); return what it sent back and when (seconds from the start)."""
    start = time.monotonic()
    sock.settimeout(every)
    for byte in data:
        try:
            sock.sendall(bytes([byte]))
        except OSError:  # reset: the server closed
            return b"", time.monotonic() - start
        try:
            got = sock.recv(65536)
            return got, time.monotonic() - start  # b"": closed
        except socket.timeout:
            pass
        except OSError:
            return b"", time.monotonic() - start
        if time.monotonic() - start > until:
            break
    raise AssertionError(f"still connected after {time.monotonic() - start:.1f} s")


def test_headers_sent_a_byte_at_a_time_are_cut_off(served):
    with socket.create_connection(address(served)) as sock:
        head = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 200
        got, after = dribble(sock, head, 0.25, HEADER_TIMEOUT + 5)
    assert got == b"" or got.startswith(b"HTTP/1.1 408 "), got
    assert HEADER_TIMEOUT - 0.5 <= after <= HEADER_TIMEOUT + 2, after


def test_a_connection_that_sends_nothing_is_cut_off(served):
    with socket.create_connection(address(served)) as sock:
        sock.settimeout(HEADER_TIMEOUT + 5)
        start = time.monotonic()
        try:
            got = sock.recv(65536)
        except OSError:
            got = b""
        after = time.monotonic() - start
    assert got == b"" or got.startswith(b"HTTP/1.1 408 "), got
    assert after <= HEADER_TIMEOUT + 2


def test_a_body_sent_a_byte_at_a_time_is_cut_off(served):
    with socket.create_connection(address(served)) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 500\r\n\r\n")
        got, after = dribble(sock, b"ASK {" + b" " * 495, 0.25, BODY_TIMEOUT + 5)
    assert got == b"" or got.startswith(b"HTTP/1.1 408 "), got
    assert BODY_TIMEOUT - 0.5 <= after <= BODY_TIMEOUT + 2, after
    assert httpx.get(served.url + "/healthz", timeout=10).status_code == 200


def test_a_normal_request_is_answered_at_once(served):
    r = httpx.post(served.url + "/sparql", content=b"ASK { ?s ?p ?o }", timeout=10,
                   headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.json()["boolean"] is True


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def test_a_flood_of_slow_connections_past_the_cap_leaves_the_server_answering(served):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < SLOW + 200:  # the test's own sockets: it is the server's limit that is under test
        if hard != resource.RLIM_INFINITY and hard < SLOW + 200:
            pytest.skip(f"this process may open only {hard} files")
        resource.setrlimit(resource.RLIMIT_NOFILE, (SLOW + 200 if hard == resource.RLIM_INFINITY else hard, hard))
    baseline = open_fds(served.proc.pid)
    stop = threading.Event()
    socks: list[socket.socket] = []
    try:
        for _ in range(SLOW):
            sock = socket.create_connection(address(served), timeout=10)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and no more for now
            socks.append(sock)

        def keep_dribbling():  # every slow client adds a header byte now and then
            while not stop.wait(0.5):
                for sock in socks:
                    try:
                        sock.send(b"a")
                    except OSError:
                        pass

        dribbler = threading.Thread(target=keep_dribbling, daemon=True)
        dribbler.start()
        # Bounded by the cap, not by the flood: connections past it are refused as they come (and
        # closed a second later, at once past twice the cap).
        time.sleep(0.3)  # the server accepts the backlog in batches
        peak = open_fds(served.proc.pid)
        assert peak <= baseline + 2 * CAP + 20, (baseline, peak)
        time.sleep(1.5)
        held = open_fds(served.proc.pid)
        assert held <= baseline + CAP + 20, (baseline, held)
        # A normal request gets an answer at once: served, or 503 with Retry-After while the cap is reached.
        started = time.monotonic()
        r = httpx.get(served.url + "/healthz", timeout=10)
        assert time.monotonic() - started < 5
        assert r.status_code in (200, 503), r.text
        if r.status_code == 503:
            assert int(r.headers["retry-after"]) >= 1
        # Once the slow ones are cut off at the header timeout, normal requests are served again.
        deadline = time.monotonic() + HEADER_TIMEOUT + 10
        while True:
            try:
                if httpx.get(served.url + "/healthz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server never answered 200 again"
            time.sleep(0.2)
        # Every slow connection was closed by the server (answered 503 or 408, or cut).
        closed = 0
        for sock in socks:
            sock.settimeout(HEADER_TIMEOUT + 5)
            try:
                while sock.recv(65536):
                    pass
                closed += 1
            except OSError:
                closed += 1
        assert closed == SLOW
    finally:
        stop.set()
        for sock in socks:
            sock.close()
    time.sleep(0.5)
    assert open_fds(served.proc.pid) <= baseline + 2
    log = served.log.read_text(errors="replace")
    assert "Traceback" not in log and "Too many open files" not in log
