"""Load test of `conflictkg serve`: concurrent stored queries, ad hoc SPARQL and pages.

    python benchmarks/load.py --url http://127.0.0.1:8000 --clients 50 --requests 2000
    python benchmarks/load.py --root /path/to/project --clients 50 --duration 60   # starts a server

Each client keeps one HTTP/1.1 connection open and loops over a mix of requests (by default 60% stored queries with parameters drawn
from the graph, 20% ad hoc SPARQL, 20% pages) until the request budget or the time limit runs
out. The report gives, per kind and overall: requests, errors (any status other than 200, or a
transport error), p50, p99 and max latency in milliseconds. Loopback only: the script refuses any
other host, so it cannot be pointed at someone else's server by mistake.

Target (issue 7): at 1M triples on 2 cores, 50 clients, no errors, stored-query p99 under 500 ms.

The clients speak HTTP/1.1 over asyncio streams directly rather than through an HTTP library: on
a 2-core machine the load generator shares the cores with the server, and httpx spends several
times the server's own CPU per request, which would measure the client. The script also reports
the CPU time the server and its workers used, when it started the server itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ADHOC = [
    "SELECT ?e ?l WHERE { ?e a ckg:Strike ; rdfs:label ?l } ORDER BY ?e LIMIT 50",
    "SELECT ?claimant (COUNT(?c) AS ?n) WHERE { ?c ckg:about <EVENT> ; ckg:claimant ?claimant } GROUP BY ?claimant",
    "ASK { <EVENT> ckg:hasParticipation ?p }",
    "CONSTRUCT { <EVENT> ?p ?o } WHERE { <EVENT> ?p ?o }",
]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


class Stats:
    def __init__(self):
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.examples: dict[str, str] = {}

    def add(self, kind: str, ms: float, ok: bool, detail: str = "") -> None:
        self.latencies.setdefault(kind, []).append(ms)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            self.examples.setdefault(kind, detail[:200])

    def summary(self) -> dict:
        out = {}
        everything = []
        for kind, values in sorted(self.latencies.items()):
            everything += values
            out[kind] = self._line(values, self.errors.get(kind, 0))
        out["all"] = self._line(everything, sum(self.errors.values()))
        return out

    @staticmethod
    def _line(values: list[float], errors: int) -> dict:
        return {
            "requests": len(values),
            "errors": errors,
            "p50_ms": round(percentile(values, 50), 1),
            "p99_ms": round(percentile(values, 99), 1),
            "max_ms": round(max(values), 1) if values else float("nan"),
            "mean_ms": round(statistics.fmean(values), 1) if values else float("nan"),
        }


async def discover(client: httpx.AsyncClient) -> list[str]:
    """Events with claims, to draw parameters from (at most 500)."""
    q = "SELECT DISTINCT ?e WHERE { ?c ckg:about ?e . ?e a ckg:Strike } LIMIT 500"
    r = await client.post("/sparql", data={"query": q}, headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    events = [b["e"]["value"] for b in r.json()["results"]["bindings"]]
    if not events:
        raise SystemExit("the graph has no strikes with claims to query")
    return events


def request_for(kind: str, rng: random.Random, events: list[str]) -> tuple[str, str, dict]:
    event = rng.choice(events)
    slug = event.rsplit("/", 1)[1]
    if kind == "stored":
        name = rng.choice(["event-claims", "participants", "casualty-claims", "event-sources"])
        return "GET", f"/api/queries/{name}", {"params": {"event": slug},
                                                "headers": {"Accept": "application/sparql-results+json"}}
    if kind == "sparql":
        q = rng.choice(ADHOC).replace("EVENT", event)
        accept = "text/turtle" if q.startswith("CONSTRUCT") else "application/sparql-results+json"
        return "POST", "/sparql", {"data": {"query": q}, "headers": {"Accept": accept}}
    page = rng.choice([f"/id/event/{slug}", f"/id/event/{slug}", "/"])
    return "GET", page, {"headers": {"Accept": "text/html"}}


class Connection:
    """One keep-alive HTTP/1.1 connection: just enough of the protocol for our server's answers,
    which always carry Content-Length."""

    def __init__(self, host: str, port: int, timeout: float):
        self.host, self.port, self.timeout = host, port, timeout
        self.reader = self.writer = None

    async def request(self, method: str, path: str, kw: dict) -> tuple[int, bytes]:
        from urllib.parse import urlencode

        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        params = kw.get("params")
        if params:
            path += ("&" if "?" in path else "?") + urlencode(params)
        headers = {"Host": f"{self.host}:{self.port}", **kw.get("headers", {})}
        body = b""
        if "data" in kw:
            body = urlencode(kw["data"]).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Content-Length"] = str(len(body))
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        try:
            self.writer.write(head.encode() + body)
            return await asyncio.wait_for(self._response(), self.timeout)
        except BaseException:
            self.close()
            raise

    async def _response(self) -> tuple[int, bytes]:
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        length, close = None, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        if length is None:
            raise ConnectionError("a response without Content-Length")
        body = await self.reader.readexactly(length)
        if close:
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def client_loop(i: int, url: str, timeout: float, events: list[str], mix: list[tuple[str, float]],
                      budget: list[int], deadline: float, stats: Stats, seed: int) -> None:
    rng = random.Random(seed * 1000 + i)
    kinds, weights = zip(*mix)
    parts = urlsplit(url)
    conn = Connection(parts.hostname, parts.port or 80, timeout)
    try:
        while budget[0] > 0 and time.monotonic() < deadline:
            budget[0] -= 1
            kind = rng.choices(kinds, weights)[0]
            method, path, kw = request_for(kind, rng, events)
            t0 = time.perf_counter()
            try:
                status, body = await conn.request(method, path, kw)
                ok, detail = status == 200, f"{status} {path}: {body[:120]!r}"
            except (OSError, ConnectionError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
                ok, detail = False, f"{type(exc).__name__} {path}: {exc}"
            stats.add(kind, (time.perf_counter() - t0) * 1000, ok, detail)
    finally:
        conn.close()


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its children (the workers)."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, IndexError, ValueError):
        return total
    return total + sum(process_cpu(int(c)) for c in children)


def _die_with_parent() -> None:
    """In the server's process: be killed if the process that started it dies (Linux), so a load
    run that is itself killed (the suite's time cap) leaves no server behind."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_server(root: Path, port: int, workers: int, *, startup: float = 1800) -> tuple[subprocess.Popen, str]:
    exe = Path(sys.executable).with_name("conflictkg")
    log = tempfile.NamedTemporaryFile(prefix="conflictkg-load-", suffix=".log", delete=False)
    env = dict(os.environ, CONFLICTKG_ROOT=str(root))
    env.pop("CONFLICTKG_WRITE_TOKEN", None)
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--workers", str(workers), "--refresh", "0"],
                            stdout=subprocess.DEVNULL, stderr=log, env=env, preexec_fn=_die_with_parent)
    deadline = time.monotonic() + startup  # a first build of a large graph takes a while
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {Path(log.name).read_text()}")
        text = Path(log.name).read_text(errors="replace")
        if " at http://" in text:
            url = text.split(" at ", 1)[1].split()[0].rstrip("/")
            try:
                if httpx.get(url + "/healthz", timeout=5).status_code == 200:
                    return proc, url
            except httpx.HTTPError:
                pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start in time")


async def main_async(args, stats: "Stats | None" = None) -> dict:
    async with httpx.AsyncClient(base_url=args.url, timeout=args.request_timeout) as client:
        health = (await client.get("/healthz")).json()
        events = await discover(client)
        mix = [("stored", args.stored), ("sparql", args.sparql), ("page", args.pages)]
        # Warm-up, not counted: one request of each kind, and the index page, which the server
        # renders once per store build (its query sorts every event).
        await client.get("/", headers={"Accept": "text/html"})
        for kind, _ in mix:
            method, path, kw = request_for(kind, random.Random(0), events)
            await client.request(method, path, **kw)
    stats = Stats() if stats is None else stats
    budget = [args.requests]
    server_cpu0 = process_cpu(args.server_pid) if args.server_pid else None
    client_cpu0 = time.process_time()
    t0 = time.monotonic()
    deadline = t0 + args.duration
    await asyncio.gather(*(client_loop(i, args.url, args.request_timeout, events, mix, budget, deadline, stats, args.seed)
                           for i in range(args.clients)))
    elapsed = time.monotonic() - t0
    client_cpu = time.process_time() - client_cpu0
    server_cpu = process_cpu(args.server_pid) - server_cpu0 if args.server_pid else None
    summary = stats.summary()
    return {
        "server": {"url": args.url, "statements": health.get("statements"), "workers": health.get("workers")},
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "throughput_rps": round(summary["all"]["requests"] / elapsed, 1) if elapsed else None,
        "cpu_seconds": {"client": round(client_cpu, 1),
                        "server_and_workers": None if server_cpu is None else round(server_cpu, 1)},
        "by_kind": summary,
        "error_examples": stats.examples,
    }


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its children, in MB."""
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1]) / 1024
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, ValueError):
        return total
    return total + sum(peak_rss_mb(int(c)) for c in children)


def suite_run(project_root: Path, clients: int, cap: float, quick: bool) -> dict:
    """The hook of `benchmarks/suite.py`: stored queries (the issue's target) from `clients`
    clients against a server started on `project_root`, everything within about `cap` seconds."""
    import types

    started = time.monotonic()
    proc, url = start_server(Path(project_root), 0, 2, startup=cap)
    try:
        left = cap - (time.monotonic() - started)
        args = types.SimpleNamespace(
            url=url, clients=clients, requests=2000 if quick else 100_000, duration=max(1.0, 0.6 * left),
            request_timeout=max(5.0, left), stored=1.0, sparql=0.0, pages=0.0, seed=1, server_pid=proc.pid,
        )
        stats = Stats()
        report = asyncio.run(main_async(args, stats))
        peak = peak_rss_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {
        "latencies_s": [ms / 1000 for ms in stats.latencies.get("stored", [])],
        "requests_per_s": report["throughput_rps"],
        "errors": report["by_kind"]["all"]["errors"],
        "peak_mb": round(peak, 1),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a running server on this machine (http://127.0.0.1:PORT)")
    where.add_argument("--root", type=Path, help="start `conflictkg serve` on this project for the run")
    ap.add_argument("--port", type=int, default=0, help="with --root: the port (default: any free one)")
    ap.add_argument("--workers", type=int, default=2, help="with --root: query workers of the server")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000, help="total requests (upper bound)")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds (upper bound)")
    ap.add_argument("--request-timeout", type=float, default=60.0)
    ap.add_argument("--stored", type=float, default=0.6, help="share of stored-query requests")
    ap.add_argument("--sparql", type=float, default=0.2, help="share of ad hoc SPARQL requests")
    ap.add_argument("--pages", type=float, default=0.2, help="share of page requests")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, help="also write the report here as JSON")
    args = ap.parse_args(argv)
    if not (1 <= args.clients <= 500 and 1 <= args.requests <= 1_000_000 and 0 < args.duration <= 3600):
        ap.error("keep --clients in 1..500, --requests in 1..1000000 and --duration in (0, 3600]")
    proc = None
    args.server_pid = None
    if args.root:
        proc, args.url = start_server(args.root, args.port, args.workers)
        args.server_pid = proc.pid
    host = urlsplit(args.url).hostname
    if host not in LOOPBACK:
        ap.error(f"--url must be on this machine ({', '.join(sorted(LOOPBACK))}), not {host}")
    try:
        report = asyncio.run(main_async(args))
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    print(f"{report['server']['statements']} statements, {report['server']['workers']} workers, "
          f"{report['clients']} clients, {report['seconds']} s, {report['throughput_rps']} requests/s")
    print(f"{'kind':8} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind, line in report["by_kind"].items():
        print(f"{kind:8} {line['requests']:>8} {line['errors']:>6} {line['p50_ms']:>8} {line['p99_ms']:>8} {line['max_ms']:>8}")
    cpu = report["cpu_seconds"]
    if cpu["server_and_workers"] is not None:
        busy = (cpu["client"] + cpu["server_and_workers"]) / (report["seconds"] * (os.cpu_count() or 1))
        print(f"CPU: server and workers {cpu['server_and_workers']} s, load client {cpu['client']} s "
              f"({busy:.0%} of the machine; the rest went to other processes or idled)")
    for kind, example in report["error_examples"].items():
        print(f"first {kind} error: {example}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 1 if report["by_kind"]["all"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
