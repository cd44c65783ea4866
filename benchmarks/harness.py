"""Measuring one operation in a fresh process: wall times, peak memory, a time cap.

Shared by the benchmark scripts and `benchmarks/suite.py`. Every measured operation runs in a
forked child; the parent reads the child's samples through a pipe and its peak resident memory
from `os.wait4` (on Linux that is the peak of the child and of every descendant it waited for, so
validation workers and other grandchildren are counted). A child that runs past its cap is killed;
the samples it sent before are kept.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Outcome:
    """What a measured child sent (one dict per run, each with "s": wall seconds) and what it cost."""

    samples: list[dict] = field(default_factory=list)
    peak_mb: float | None = None
    cpu_s: float = 0.0  # CPU seconds of the children (user + system), all runs
    status: str = "ok"  # ok | cap (killed at the cap) | error
    error: str | None = None

    @property
    def seconds(self) -> list[float]:
        return [s["s"] for s in self.samples if "s" in s]

    def summary(self) -> dict:
        times = self.seconds
        out = {"status": self.status, "runs": len(times), "peak_mb": round(self.peak_mb, 1) if self.peak_mb else None}
        if times and self.cpu_s:
            out["cpu_per_run_s"] = self.cpu_s / len(times)
        if self.error:
            out["error"] = self.error
        if times:
            out.update(median_s=statistics.median(times), min_s=min(times), max_s=max(times))
        extra = {k: v for s in self.samples for k, v in s.items() if k != "s"}
        if extra:
            out["extra"] = extra
        return out


def _peak_mb(rusage) -> float:
    return rusage.ru_maxrss / 1024  # kilobytes on Linux


def forked(body: Callable[[Callable[[dict], None]], None], timeout: float) -> Outcome:
    """Run `body(emit)` in a forked child; each `emit(dict)` reaches the parent as it happens.

    The child is killed after `timeout` seconds (status "cap", earlier samples kept).
    """
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into the caller's stack
        code = 0
        try:
            os.close(r)
            out = os.fdopen(w, "w", buffering=1)

            def emit(record: dict) -> None:
                out.write(json.dumps(record, default=str) + "\n")

            try:
                body(emit)
            except BaseException as exc:  # report it as a record; the parent decides
                emit({"error": f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"})
            out.flush()
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    outcome = Outcome()
    deadline = time.monotonic() + timeout
    buffer = b""
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                outcome.status = "cap"
                break
            ready, _, _ = select.select([r], [], [], left)
            if not ready:
                outcome.status = "cap"
                break
            chunk = os.read(r, 1 << 16)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                _take(outcome, line)
    finally:
        os.close(r)
        if outcome.status == "cap":
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status, rusage = os.wait4(pid, 0)
    outcome.peak_mb = _peak_mb(rusage)
    outcome.cpu_s = rusage.ru_utime + rusage.ru_stime
    if outcome.status == "ok" and status != 0 and not outcome.error:
        outcome.status, outcome.error = "error", f"child exited with status {status}"
    return outcome


def _take(outcome: Outcome, line: bytes) -> None:
    if not line.strip():
        return
    record = json.loads(line)
    if "error" in record:
        outcome.status, outcome.error = "error", record["error"]
    else:
        outcome.samples.append(record)


def repeated(one_run: Callable[[], dict | float], repeat: int, cap: float, budget: float | None = None) -> Outcome:
    """Run `one_run` up to `repeat` times, each in its own fresh child with the cap.

    `one_run` returns wall seconds, or a dict with "s" and anything else worth keeping. Runs stop
    early once `budget` seconds (default: the cap) have been spent, so a slow operation is timed
    once rather than `repeat` times. Peak memory is the largest of the runs.
    """
    budget = cap if budget is None else budget
    total = Outcome()
    spent = 0.0
    for _ in range(max(1, repeat)):

        def body(emit):
            value = one_run()
            emit(value if isinstance(value, dict) else {"s": value})

        began = time.monotonic()
        one = forked(body, cap)
        spent += time.monotonic() - began
        total.samples += one.samples
        total.peak_mb = max(total.peak_mb or 0, one.peak_mb or 0)
        total.cpu_s += one.cpu_s if one.samples else 0
        if one.status != "ok":
            if not total.samples:
                total.status, total.error = one.status, one.error
            break
        if spent >= budget:
            break
    return total


def stopwatch(fn: Callable[[], object]) -> tuple[float, object]:
    """(wall seconds, result) of one call."""
    began = time.perf_counter()
    value = fn()
    return time.perf_counter() - began, value


def repeat_timed(once: Callable[[], float], minimum: int, budget_s: float, maximum: int) -> int:
    """Call `once` (which times one run and returns its seconds) at least `minimum` times, and
    again while the runs so far took under `budget_s`, up to `maximum`: operations of a
    millisecond get the runs a steady median needs on these noisy machines, operations of
    seconds keep `minimum`. Returns the number of runs."""
    spent, runs = 0.0, 0
    while runs < minimum or (spent < budget_s and runs < maximum):
        spent += once()
        runs += 1
    return runs


def run_command(argv: list[str], timeout: float, **kwargs) -> tuple[Outcome, str]:
    """Run an external command once: (outcome with one sample and the peak memory, its stdout)."""
    import tempfile

    outcome = Outcome()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, **kwargs)
        deadline = time.monotonic() + timeout
        while True:  # wait4 rather than wait: it gives this child's own peak memory
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, rusage = os.wait4(proc.pid, 0)
                outcome.status = "cap"
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen consistent
        seconds = time.perf_counter() - began
        outcome.peak_mb = _peak_mb(rusage)
        outcome.cpu_s = rusage.ru_utime + rusage.ru_stime
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if outcome.status == "ok":
        if proc.returncode != 0:
            outcome.status, outcome.error = "error", stderr.decode(errors="replace").strip()[-300:]
        else:
            outcome.samples.append({"s": seconds})
    return outcome, stdout.decode(errors="replace")


def make_project(folder: Path, *, graph: Path | None = None, size: int | None = None, seed: int = 0,
                 extras: tuple[str, ...] = ("queries", "shapes")) -> "object":
    """A throw-away project with the real ontology (and `extras`) and one data file.

    The data is `graph` (linked, N-Triples is Turtle too) or a generated graph of `size` triples.
    """
    from conflictkg.generate import synth
    from conflictkg.core.paths import Project

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("ontology", *extras):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "data").mkdir()
    target = folder / "data" / "graph.ttl"
    if graph is not None:
        os.symlink(graph.resolve(), target)
    else:
        with target.open("wb") as fh:
            synth.stream_graph(fh, size, seed=seed, fmt="nt")
    return Project(folder)


def rdflib_graph(project, *, ontology: bool = True, data: bool = True, shapes: bool = False):
    """The project's files parsed by rdflib's own Turtle parser: the baselines are rdflib alone
    (the product reads files with Oxigraph, `conflictkg.rdf.rdfio.parse_turtle_file`)."""
    from rdflib import Graph

    from conflictkg.model.namespaces import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    files = (project.ontology_files() if ontology else []) + (project.data_files() if data else []) + (
        project.shapes_files() if shapes else [])
    for path in files:
        graph.parse(path, format="turtle")
    return graph
