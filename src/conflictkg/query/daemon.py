"""The query daemon: the graph held in memory by a resident process, for repeated `conflictkg query`.

A one-shot `conflictkg query` reads the on-disk (RocksDB) store, whose every lookup costs several
times a lookup in memory, and a new process cannot load a large graph into memory quickly
(about 5 s per million triples). `conflictkg daemon start` pays that once: it loads the current
build of the store into an in-memory Oxigraph store and answers queries on a Unix socket in the
project's cache directory until it is stopped (or has been idle too long). `conflictkg query`
uses it when it runs and answers for the current build, and reads the on-disk store otherwise:
same query text, same results, only faster.

Shape of the process:
- The supervisor loads the graph (each source file checked against the build's SHA-256 digests,
  so it holds exactly the build the pointer names), binds the socket (mode 0600, in a directory
  only its user can enter, and a peer of another user is turned away), then forks workers.
  Workers share the loaded graph copy-on-write and each answers one connection at a time.
- Limits, as in the one-shot worker: RLIMIT_DATA caps what a query may allocate on top of the
  graph (a Rust allocation failure aborts the worker); an interval timer whose SIGALRM is left at
  its default action kills a worker whose query runs past its time limit, the only way to stop a
  query inside the engine. The supervisor replaces a worker that died.
- Never stale: a request names the build it expects. A worker holding another build answers
  "stale" (the client then reads the on-disk store) and asks the supervisor to reload, which loads
  the new build beside the old one and then replaces the workers.

Protocol: the client sends one JSON line; the worker answers with one JSON header line. For a
query that parsed, the answer follows as it is written, in frames (a 4-byte length, then bytes:
SPARQL TSV results for SELECT, JSON for ASK, N-Triples for graphs), so the client parses while
the worker still serializes; an empty frame and a JSON trailer line end it, and say whether the
answer is complete (evaluation errors surface only while writing).
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import fcntl
import hashlib
import io
import json
import math
import mmap
import os
import resource
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from conflictkg.core.errors import EXIT_FAILURE, UserError
from conflictkg.core.paths import Project
from conflictkg.core.sandbox import on_own_thread
from conflictkg.query import library, sparql, textrows
from conflictkg.rdf import datafiles
from conflictkg.storage import store

PROTOCOL = 2  # 2: answers are streamed in frames
MAX_REQUEST = 16 * 1024 * 1024  # bytes of one request line (query text and bindings)
STOP_WAIT = 10.0  # seconds `stop` waits for the daemon to go
REQUEST_WAIT = 10.0  # seconds a worker waits for a connected client's request
WARM_UP_SECONDS = 1.0  # of small queries a new worker runs before it answers
LOG_BYTES = 1024 * 1024  # a daemon's log is rotated at its next start once past this
UNIX_PATH_MAX = 100  # sun_path holds 108 bytes on Linux; keep a margin
DEFAULT_IDLE_MINUTES = 120.0
SLOT_BYTES = 16  # a worker's slot: the id of the request it answers (16 hex digits), zeros when idle
LAST_WORDS_BYTES = 4096  # of a worker's stderr kept, to tell how it died


# --------------------------------------------------------------------------------------------
# Where a project's daemon lives
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """The files of one project's daemon for one store variant ("base" or "reasoned")."""

    store_root: Path  # <project>/.conflictkg/store
    variant: str

    @property
    def directory(self) -> Path:
        return self.store_root / "daemon"

    @property
    def lock_path(self) -> Path:
        return self.directory / f"{self.variant}.lock"

    @property
    def log_path(self) -> Path:
        return self.directory / f"{self.variant}.log"

    @property
    def socket_path(self) -> Path:
        path = self.directory / f"{self.variant}.sock"
        if len(os.fsencode(path)) <= UNIX_PATH_MAX:
            return path
        # A deep checkout: a socket path cannot be that long, so use a private directory in /tmp.
        key = hashlib.sha256(os.fsencode(self.store_root.resolve())).hexdigest()[:20]
        return Path(tempfile.gettempdir()) / f"conflictkg-{os.getuid()}" / f"{key}-{self.variant}.sock"


def place_for(project, variant: str = "base") -> Place:
    return Place(project.cache_dir / "store", variant)


def place_of_build(build) -> Place:
    # builds/<name> sits in the store root
    return Place(build.path.parent.parent, build.variant)


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_uid != os.getuid():
        raise UserError(f"{path} belongs to another user; remove it or set TMPDIR")
    os.chmod(path, 0o700)


# --------------------------------------------------------------------------------------------
# Client
# --------------------------------------------------------------------------------------------


def _connect(place: Place, timeout: float | None) -> socket.socket | None:
    path = place.socket_path
    try:
        folder = os.stat(path.parent)
        if not path.exists() or folder.st_uid != os.getuid() or folder.st_mode & 0o077:
            return None  # only ever talk to a daemon of this user, in a directory only it can enter
    except OSError:
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(str(path))
    except OSError:  # a socket left by a daemon that died, or one starting up
        sock.close()
        return None
    return sock


def _exchange(sock: socket.socket, request: dict) -> dict | None:
    """Send a request that is answered with one line; return it, or None if the worker went away."""
    with sock:
        sock.sendall(json.dumps(request).encode("utf-8") + b"\n")
        line = sock.makefile("rb").readline(MAX_REQUEST)
        return json.loads(line) if line else None


def status(place: Place, timeout: float = 5.0) -> dict | None:
    """What the running daemon says about itself, or None when none answers."""
    sock = _connect(place, timeout)
    if sock is None:
        return None
    try:
        header = _exchange(sock, {"protocol": PROTOCOL, "op": "status"})
    except (OSError, ValueError):
        return None
    return header if header and header.get("ok") and "pid" in header else None


def _holder(place: Place) -> int | None:
    """The pid of the daemon holding the lock, whether or not it answers (one of another version
    does not speak this protocol)."""
    try:
        fd = os.open(place.lock_path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return None  # nobody holds it
    except OSError:
        text = os.read(fd, 32).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    finally:
        os.close(fd)


def run_embedded(build, prepared, bindings: dict | None = None, limits=None, *, daemon: bool = True):
    """Run a query on a store build (`conflictkg.storage.store.reader`): on the project's query daemon
    when one runs for this build (and `daemon`), else in a one-shot worker on the on-disk store
    (`sparql.run_embedded`). Both give the same rows in the same order."""
    limits = limits or sparql.Limits()
    if daemon:
        answer = run(build, prepared, bindings, limits)
        if answer is not None:
            return answer
    return sparql.run_embedded(build, prepared, bindings, limits)


def run(build, prepared, bindings: dict | None, limits):
    """Run a query (`sparql.Prepared`, with its parameter bindings) on the daemon of `build`'s
    project. Returns a `sparql.Result` in the query's order, or None when no daemon answers for
    this build (the caller then reads the on-disk store). Raises UserError when the query fails.

    The answer is sorted here, in the order the on-disk path gives (`sparql.sort_rows`): measured
    at 1M triples this is also quicker than Oxigraph's in-memory ORDER BY (it compares terms
    through its dictionary), and the worker starts writing rows at once, which this process splits
    into cells as they come. A SELECT answer's rows are a `textrows.TextRows`: each value's text,
    with one term per distinct value, which the output formats write once."""
    text, order = sparql.engine_text(prepared, bindings)
    request_id = os.urandom(8).hex()  # names this request in the supervisor's record if its worker dies
    message = json.dumps({
        "protocol": PROTOCOL,
        "op": "query",
        "build": build.path.name,
        "query": text,
        "timeout": limits.timeout,
        "memory_mb": limits.memory_mb,
        "id": request_id,
    }).encode("utf-8") + b"\n"
    place = place_of_build(build)
    sock = _connect(place, limits.timeout + 5)
    if sock is None:
        return None
    started = time.monotonic()

    def died() -> UserError:
        """The worker died answering: the supervisor recorded how (`Supervisor._record_death`)."""
        record = _death_record(place, request_id)
        if record is None:  # no record (a daemon of an earlier version, or it is gone too)
            if time.monotonic() - started >= limits.timeout * 0.95:
                return sparql.timed_out(prepared, limits)
            return UserError(f"{prepared.source}: stopped: the daemon's worker stopped while answering, for no "
                             f"recorded reason (see {place.log_path}); run it again", exit_code=EXIT_FAILURE)
        if record.get("memory"):  # its allocator said an allocation was refused: it was at its cap
            return sparql.out_of_memory(prepared, limits)
        if record.get("signal") == signal.SIGALRM:  # its timer: the time limit
            return sparql.timed_out(prepared, limits)
        if record.get("signal"):
            return sparql.killed_by_signal(prepared, int(record["signal"]))
        return UserError(f"{prepared.source}: stopped: the daemon's worker exited while answering (exit status "
                         f"{record.get('exit')}; see {place.log_path}); run it again", exit_code=EXIT_FAILURE)

    with sock:
        try:
            sock.sendall(message)
            reader = sock.makefile("rb", buffering=1 << 16)
            line = reader.readline(MAX_REQUEST)
        except socket.timeout:
            raise sparql.timed_out(prepared, limits) from None
        except OSError:
            return None
        if not line:
            raise died()
        try:
            header = json.loads(line)
        except ValueError:
            return None
        if header.get("error") in ("stale", "protocol"):
            return None
        if not header.get("ok"):
            raise sparql.failure(prepared, header, limits)
        frames = FrameReader(reader)
        try:
            stream = io.BufferedReader(frames, 1 << 16)
            if header["kind"] == "select":
                # Cells, not terms: one term per distinct value (see textrows), and the output
                # formats write each distinct value once.
                variables, rows = textrows.parse_tsv(stream)
                result = sparql.Result("select", variables=variables, rows=rows)
            else:
                result = sparql.parse_result(stream, header["kind"])
        except (SyntaxError, ValueError, OSError):
            result = None  # a cut stream; the trailer says why
        trailer = frames.trailer()
    if frames.timed_out:
        raise sparql.timed_out(prepared, limits)
    if trailer is None:
        raise died()
    if not trailer.get("ok"):
        raise sparql.failure(prepared, trailer, limits)
    if result is None:
        return None  # a complete answer that did not parse: the on-disk store answers
    return sparql.sort_result(result, order)


DEATH_WAIT = 2.0  # seconds a client waits for the supervisor's record of a worker that died answering it
DEATH_RECORD_SECONDS = 60.0  # records nobody read are removed after this long


def _deaths_dir(place: Place) -> Path:
    return place.directory / "deaths"


def _death_record(place: Place, request_id: str, wait: float = DEATH_WAIT) -> dict | None:
    """What the supervisor recorded about the worker that died answering `request_id` (and removes
    it), waiting for it a moment: the supervisor writes it once it has reaped the worker."""
    path = _deaths_dir(place) / f"{request_id}.json"
    deadline = time.monotonic() + wait
    while True:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            path.unlink(missing_ok=True)
            return record
        except (OSError, ValueError):
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.02)


def start(project, *, reason: bool = False, workers: int | None = None, idle_minutes: float = DEFAULT_IDLE_MINUTES,
          wait: float = 600.0) -> dict:
    """Start the daemon of `project` in the background and wait until it answers. Returns its
    status. Raises UserError if it is already running or fails. The daemon builds the store
    itself if it is not fresh; `conflictkg daemon start` builds it first, to show progress."""

    variant = "reasoned" if reason else "base"
    place = place_for(project, variant)
    running = status(place)
    if running is not None:
        raise UserError(f"a query daemon already runs for this project ({variant}, pid {running['pid']}); "
                        "`conflictkg daemon stop` stops it")
    _private_dir(place.directory)
    _private_dir(place.socket_path.parent)
    command = [sys.executable, "-m", "conflictkg.query.daemon", str(project.root), "--variant", variant,
               "--workers", str(workers or default_workers()), "--idle-minutes", str(idle_minutes)]
    _rotate(place.log_path)
    with open(place.log_path, "ab") as log:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True, env=dict(os.environ, RUST_BACKTRACE="0"))
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        found = status(place)
        if found is not None:
            return found
        if proc.poll() is not None:
            raise UserError(f"the query daemon stopped while starting: {_log_tail(place)}", exit_code=EXIT_FAILURE)
        time.sleep(0.05)
    proc.terminate()
    raise UserError(f"the query daemon did not answer within {wait:g} s (see {place.log_path})", exit_code=EXIT_FAILURE)


def _rotate(log: Path, keep_bytes: int = LOG_BYTES) -> None:
    """Keep one previous log (`.log.1`) once the log has grown past `keep_bytes`."""
    try:
        if log.stat().st_size > keep_bytes:
            os.replace(log, log.with_name(log.name + ".1"))
    except FileNotFoundError:
        pass


def stop(place: Place, wait: float = STOP_WAIT) -> dict | None:
    """Stop the running daemon; return the status it had, or None if none was running."""
    found = status(place)
    if found is None:
        pid = _holder(place)
        if pid is None:
            return None
        found = {"pid": pid}
    try:
        os.kill(int(found["pid"]), signal.SIGTERM)
    except ProcessLookupError:
        return found
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if status(place, timeout=1.0) is None and not place.socket_path.exists():
            return found
        time.sleep(0.05)
    raise UserError(f"the query daemon (pid {found['pid']}) did not stop within {wait:g} s", exit_code=EXIT_FAILURE)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _log_tail(place: Place) -> str:
    try:
        lines = [line for line in place.log_path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    except OSError:
        return f"see {place.log_path}"
    return lines[-1][:300] if lines else f"see {place.log_path}"


# --------------------------------------------------------------------------------------------
# Daemon: the supervisor
# --------------------------------------------------------------------------------------------


@dataclass
class Loaded:
    store: object  # an in-memory pyoxigraph Store
    build: str  # the build directory's name, which requests name
    statements: int
    seconds: float
    warm_up: list[str]  # query texts a new worker runs before it answers (`Worker.warm_up`)


def load(project, variant: str) -> Loaded:
    """The current build of `variant`, read into memory from its source files. Each file must
    still have the digest the build recorded, else the build is being replaced: try again.

    Loaded on a thread of its own (`sandbox.on_own_thread`), so that the graph's allocations stay
    out of the main malloc arena, which the forked workers allocate from as they answer: in paired
    runs at 1M triples, queries through the daemon took 5-15% less time than with the graph loaded
    on the main thread."""

    return on_own_thread(_load, project, variant)


def _load(project, variant: str) -> Loaded:
    for _ in range(5):
        started = time.monotonic()
        with store.reader(project, reason=variant == "reasoned", progress=False) as build:
            digests = build.manifest.get("file_sha256", [])
            graphs = store.source_graphs(project, build)
            memory = ox.Store()
            matches = True
            for i, (iri, path, fmt) in enumerate(graphs):
                data = path.read_bytes()
                if i < len(digests) and hashlib.sha256(data).hexdigest() != digests[i]:
                    matches = False
                    break
                if fmt == ox.RdfFormat.TURTLE:
                    datafiles.bulk_load(memory, path, data, graph=iri)
                else:  # a reasoned build's entailments, written by the store as N-Triples
                    memory.bulk_load(input=data, format=fmt, to_graph=ox.NamedNode(iri))
            if matches and len(digests) == sum(1 for _, _, f in graphs if f == ox.RdfFormat.TURTLE):
                return Loaded(memory, build.path.name, len(memory), time.monotonic() - started, warm_up_texts(project))
        del memory
    raise UserError("the project's files keep changing while the daemon loads them; try again")


def warm_up_texts(project) -> list[str]:
    """The stored queries about one node (an IRI parameter), bound to their examples: small queries
    whose runs make a new worker as fast as its parent (see `Worker.warm_up`)."""

    texts = []
    try:
        for name, q in sorted(library.library(project).items()):
            if not any(p.kind == "iri" and p.required for p in q.params):
                continue
            values = {p.name: p.example for p in q.params if p.required}
            if any(v is None for v in values.values()):
                continue
            bindings = library.bind(q.params, values, query_name=name)
            texts.append(sparql.engine_text(sparql.prepare_stored(q), bindings)[0])
    except UserError:
        return texts  # a broken stored query is for `conflictkg query` to report, not the daemon
    return texts


class Supervisor:
    def __init__(self, project, variant: str, workers: int, idle_minutes: float):
        self.project = project
        self.variant = variant
        self.place = place_for(project, variant)
        self.n_workers = workers
        self.idle_seconds = idle_minutes * 60 if idle_minutes > 0 else math.inf
        self.workers: set[int] = set()
        self.flags: set[str] = set()
        # Workers write the time of their last request here; the supervisor reads it for --idle.
        self.activity = mmap.mmap(-1, 8)
        self.activity[:8] = struct.pack("d", time.time())
        # One slot per worker (twice as many, for a reload's overlap): the id of the request it is
        # answering, so that if it dies the supervisor can tell that client how (`_record_death`).
        self.slots = mmap.mmap(-1, SLOT_BYTES * (2 * workers + 2))
        self.slot_of: dict[int, int] = {}
        # Each worker's stderr comes through a pipe: passed on to the log, and its last words kept,
        # which say whether an allocation was refused (the worker at its memory cap).
        self.stderr_of: dict[int, int] = {}
        self.last_words: dict[int, bytes] = {}

    def last_activity(self) -> float:
        return struct.unpack("d", self.activity[:8])[0]

    def serve(self) -> int:
        lock = _single_instance(self.place)
        if lock is None:
            print(f"another query daemon already runs for {self.project.root} ({self.variant})", file=sys.stderr)
            return 1
        self.loaded = load(self.project, self.variant)
        print(f"loaded build {self.loaded.build}: {self.loaded.statements} statements in {self.loaded.seconds:.1f} s",
              file=sys.stderr, flush=True)
        listener = self._listen()
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_w, False)
        os.set_blocking(wake_r, False)
        signal.set_wakeup_fd(wake_w)
        for sig, flag in ((signal.SIGTERM, "stop"), (signal.SIGINT, "stop"), (signal.SIGHUP, "stop"),
                          (signal.SIGUSR1, "reload"), (signal.SIGCHLD, "child")):
            signal.signal(sig, lambda _s, _f, flag=flag: self.flags.add(flag))
        try:
            self._fill(listener)
            while "stop" not in self.flags:
                self.flags.discard("child")
                self._reap()
                if "reload" in self.flags:
                    self.flags.discard("reload")
                    self._reload(listener)
                self._fill(listener)
                if time.time() - self.last_activity() > self.idle_seconds:
                    print("idle: stopping", file=sys.stderr, flush=True)
                    break
                try:

                    readable, _, _ = select.select([wake_r, *self.stderr_of.values()], [], [], 1.0)
                    for pid in [p for p, fd in self.stderr_of.items() if fd in readable]:
                        self._pump(pid)
                    os.read(wake_r, 512)
                except (BlockingIOError, InterruptedError):
                    pass
        finally:
            self._stop_workers(list(self.workers))
            try:
                self.place.socket_path.unlink()
            except FileNotFoundError:
                pass
            os.close(lock)
        return 0

    def _listen(self) -> socket.socket:
        path = self.place.socket_path
        _private_dir(path.parent)
        try:
            path.unlink()  # left by a daemon that died: the lock says none runs now
        except FileNotFoundError:
            pass
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            listener.bind(str(path))
        finally:
            os.umask(old)
        listener.listen(64)
        return listener

    def _fill(self, listener: socket.socket) -> None:
        supervisor = os.getpid()
        while len(self.workers) < self.n_workers and "stop" not in self.flags:
            used = set(self.slot_of.values())
            slot = next((i for i in range(len(self.slots) // SLOT_BYTES) if i not in used), -1)
            if slot >= 0:
                self.slots[slot * SLOT_BYTES:(slot + 1) * SLOT_BYTES] = bytes(SLOT_BYTES)
            err_r, err_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    os.dup2(err_w, 2)
                    for fd in (err_r, err_w, *self.stderr_of.values()):
                        os.close(fd)
                    code = Worker(listener, self.loaded, self.activity, self.variant, supervisor,
                                  self.slots, slot).loop()
                finally:
                    os._exit(code)
            os.close(err_w)
            os.set_blocking(err_r, False)
            self.workers.add(pid)
            self.stderr_of[pid], self.last_words[pid] = err_r, b""
            if slot >= 0:
                self.slot_of[pid] = slot
            # Idle time counts from when a worker can answer, after its warm-up.
            self.activity[:8] = struct.pack("d", max(self.last_activity(), time.time() + WARM_UP_SECONDS))

    def _pump(self, pid: int) -> None:
        """Pass what worker `pid` wrote to stderr on to the log, keeping its last words."""
        fd = self.stderr_of.get(pid)
        while fd is not None:
            try:
                data = os.read(fd, 65536)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                data = b""
            if not data:
                os.close(fd)
                del self.stderr_of[pid]
                return
            self.last_words[pid] = (self.last_words.get(pid, b"") + data)[-LAST_WORDS_BYTES:]
            try:
                sys.stderr.buffer.write(data)
                sys.stderr.flush()
            except (OSError, ValueError):
                pass

    def _reap(self) -> None:
        while self.workers:
            try:
                pid, status, _ = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                self.workers.clear()
                return
            if pid == 0:
                return
            self.workers.discard(pid)
            self._gone(pid, status)

    def _gone(self, pid: int, status: int) -> None:
        """Worker `pid` has been reaped: if it died answering a request, record how for that client."""
        self._pump(pid)
        if pid in self.stderr_of:
            os.close(self.stderr_of.pop(pid))
        words = self.last_words.pop(pid, b"").decode("utf-8", "replace")
        slot = self.slot_of.pop(pid, -1)
        if slot < 0:
            return
        request_id = bytes(self.slots[slot * SLOT_BYTES:(slot + 1) * SLOT_BYTES]).rstrip(b"\0").decode("ascii", "replace")
        if not request_id:
            return  # it was between requests: nobody waits for an answer from it
        signum = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        record = {"signal": signum, "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                  # Blame memory only when the worker's allocator said an allocation was refused, i.e. the
                  # worker was at its cap: a SIGKILL (a user, the system's OOM killer) is not the query's doing.
                  "memory": sparql.at_memory_cap(words)}
        self._record_death(request_id, record)

    def _record_death(self, request_id: str, record: dict) -> None:
        folder = _deaths_dir(self.place)
        try:
            _private_dir(folder)
            now = time.time()
            for old in folder.glob("*.json"):  # records of clients that never came for them
                if now - old.stat().st_mtime > DEATH_RECORD_SECONDS:
                    old.unlink(missing_ok=True)
            tmp = folder / f".{request_id}.tmp"
            tmp.write_text(json.dumps(record), encoding="utf-8")
            os.replace(tmp, folder / f"{request_id}.json")
        except (OSError, UserError) as exc:
            print(f"cannot record how a worker died: {exc}", file=sys.stderr, flush=True)

    def _reload(self, listener: socket.socket) -> None:
        pointer = store.Layout(self.project).read_pointer(self.variant)
        if pointer is None or pointer.get("build") == self.loaded.build:
            return  # the client that asked held an older build than ours
        try:
            fresh = load(self.project, self.variant)
        except UserError as exc:
            print(f"reload failed: {exc}", file=sys.stderr, flush=True)
            return
        old = list(self.workers)
        self.loaded = fresh
        self.workers = set()
        self._fill(listener)
        self._stop_workers(old)
        print(f"reloaded build {fresh.build}: {fresh.statements} statements in {fresh.seconds:.1f} s",
              file=sys.stderr, flush=True)

    def _stop_workers(self, pids: list[int]) -> None:
        # SIGUSR2: finish the request in hand, then go.
        for pid in pids:
            try:
                os.kill(pid, signal.SIGUSR2)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + STOP_WAIT
        for pid in pids:
            status = 0
            while True:
                try:
                    done, status = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    break
                if done:
                    break
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    _, status = os.waitpid(pid, 0)
                    break
                self._pump(pid)  # a worker finishing its request may still write to stderr
                time.sleep(0.01)
            self.workers.discard(pid)
            self._gone(pid, status)


def _single_instance(place: Place) -> int | None:
    _private_dir(place.directory)
    fd = os.open(place.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


# --------------------------------------------------------------------------------------------
# Daemon: a worker
# --------------------------------------------------------------------------------------------


class Worker:
    def __init__(self, listener: socket.socket, loaded: Loaded, activity: mmap.mmap, variant: str, supervisor: int,
                 slots: mmap.mmap | None = None, slot: int = -1):
        self.slots = slots
        self.slot = slot
        self.listener = listener
        self.supervisor = supervisor
        self.loaded = loaded
        self.activity = activity
        self.variant = variant
        self.busy = False
        self.leaving = False
        self.data_size = 0

    def loop(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD, signal.SIGUSR1):
            signal.signal(sig, signal.SIG_DFL)
        # SIGUSR2 (leave) only sets a flag and wakes the wait below through this pipe: a worker never
        # leaves between accepting a connection and answering it (it used to exit in the handler,
        # which could drop a request accepted the moment a reload replaced the workers).
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
        signal.signal(signal.SIGUSR2, self._leave)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # a query past its time limit ends this process
        _die_with_parent()
        if os.getppid() != self.supervisor:
            return 0  # it died before the line above
        self.warm_up()
        self.activity[:8] = struct.pack("d", time.time())  # idle time counts from when it can answer
        # The workers share the listener: each waits for it to be readable and takes a connection
        # without blocking, since another worker may have taken it first.
        self.listener.setblocking(False)
        while not self.leaving:
            # What this process holds now, read before a request comes rather than while one
            # waits (reading /proc costs about 60 us): a query's memory cap is on top of it.
            self.data_size = _data_size()
            try:
                readable, _, _ = select.select([self.listener, wake_r], [], [])
            except InterruptedError:
                continue
            if wake_r in readable:
                try:
                    os.read(wake_r, 512)
                except BlockingIOError:
                    pass
            if self.leaving or self.listener not in readable:
                continue
            try:
                conn, _ = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                continue  # another worker took it
            conn.setblocking(True)
            self.busy = True
            try:
                with conn:
                    self._answer(conn)
            except OSError:
                pass  # the client went away
            finally:
                self.busy = False
        return 0

    def warm_up(self, budget: float = WARM_UP_SECONDS) -> None:
        """Run small queries for a moment before answering. A forked worker shares the graph and the
        heap with the supervisor, and its first queries copy the heap pages they write: measured at
        1M triples, a per-event query took 3-6 ms in a new worker against under 1 ms in the
        supervisor, and as little once the worker had run a few hundred small queries."""

        if not self.loaded.warm_up:
            return
        deadline = time.monotonic() + budget
        while time.monotonic() < deadline and not self.leaving:
            for text in self.loaded.warm_up:
                try:
                    result = self.loaded.store.query(text, use_default_graph_as_union=True)
                    if isinstance(result, ox.QueryTriples):
                        ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
                    else:
                        result.serialize(format=ox.QueryResultsFormat.TSV)
                except (SyntaxError, OSError, RuntimeError, ValueError):
                    pass
                if time.monotonic() >= deadline:
                    break

    def _leave(self, _signum, _frame) -> None:
        self.leaving = True  # the loop ends once the request in hand, if any, is answered

    def _answer(self, conn: socket.socket) -> None:
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", creds)
        if uid != os.getuid():
            return
        conn.settimeout(REQUEST_WAIT)  # a client that never finishes its request does not hold a worker
        try:
            line = conn.makefile("rb").readline(MAX_REQUEST)
            request = json.loads(line)
        except (OSError, ValueError):
            return
        conn.settimeout(None)
        if request.get("protocol") != PROTOCOL:
            self._send(conn, {"ok": False, "error": "protocol", "message": f"this daemon speaks protocol {PROTOCOL}"})
            return
        if os.getppid() != self.supervisor:  # orphaned: answer nothing, and go
            self.leaving = True
            return
        if request.get("op") == "status":  # not activity: a status check must not keep it alive
            self._send(conn, {"ok": True, "pid": self.supervisor, "build": self.loaded.build, "variant": self.variant,
                              "statements": self.loaded.statements, "load_seconds": round(self.loaded.seconds, 3),
                              "rss_mb": _status_mb(self.supervisor, "VmRSS"), "peak_mb": _status_mb(self.supervisor, "VmHWM")})
            return
        self.activity[:8] = struct.pack("d", time.time())
        if request.get("build") != self.loaded.build:
            os.kill(self.supervisor, signal.SIGUSR1)
            self._send(conn, {"ok": False, "error": "stale", "message": f"holds build {self.loaded.build}"})
            return
        self._mark(str(request.get("id") or ""))
        try:
            self._query(conn, request)
        finally:
            self._mark("")

    def _mark(self, request_id: str) -> None:
        """Write in this worker's slot the request it answers ("" once answered): if the worker dies
        meanwhile, the supervisor tells that request's client how (`Supervisor._gone`)."""
        if self.slots is not None and self.slot >= 0:
            at = self.slot * SLOT_BYTES
            self.slots[at:at + SLOT_BYTES] = request_id.encode("ascii", "replace")[:SLOT_BYTES].ljust(SLOT_BYTES, b"\0")

    def _query(self, conn: socket.socket, request: dict) -> None:
        """Answer a query: a header line once the query is parsed (it goes out with the first batch
        of frames, see FrameWriter), then the answer in frames as it is written (the client parses
        while this worker still serializes), then a trailer line saying whether it is complete.
        Evaluation errors surface while writing, so only the trailer can tell."""

        limit = int(request["memory_mb"]) * 1024 * 1024
        soft = self.data_size + limit
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
        signal.setitimer(signal.ITIMER_REAL, max(0.001, float(request["timeout"])))
        try:
            try:
                result = self.loaded.store.query(request["query"], use_default_graph_as_union=True)
            except SyntaxError as exc:
                self._send(conn, {"ok": False, "error": "syntax", "message": str(exc)})
                return
            except (OSError, RuntimeError, ValueError, MemoryError) as exc:
                self._send(conn, _engine_error(exc))
                return
            kind = "ask" if isinstance(result, ox.QueryBoolean) else "select" if isinstance(result, ox.QuerySolutions) else "graph"
            frames = FrameWriter(conn, limit, header={"ok": True, "kind": kind})
            try:
                if kind == "ask":
                    frames.write(result.serialize(format=ox.QueryResultsFormat.JSON))
                elif kind == "select":
                    # TSV: every term in N-Triples syntax, so lossless, and quicker both ways than JSON
                    result.serialize(frames, format=ox.QueryResultsFormat.TSV)
                else:
                    ox.serialize(result, frames, format=ox.RdfFormat.N_TRIPLES)
                trailer = {"ok": True}
            except (OSError, RuntimeError, ValueError, MemoryError, SyntaxError) as exc:
                if frames.gone:
                    return  # the client went away: nobody to tell, and this worker answers the next
                trailer = ({"ok": False, "error": "too-large", "message": "result too large"} if frames.too_large
                           else _engine_error(exc))
            frames.end(trailer)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            resource.setrlimit(resource.RLIMIT_DATA, (hard, hard))

    @staticmethod
    def _send(conn: socket.socket, header: dict) -> None:
        conn.sendall(json.dumps(header).encode("utf-8") + b"\n")


def _engine_error(exc: BaseException) -> dict:
    if isinstance(exc, MemoryError):
        return {"ok": False, "error": "memory", "message": "out of memory"}
    text = str(exc)
    return {"ok": False, "error": "engine", "message": text.splitlines()[0][:300] if text else type(exc).__name__}


class FrameWriter:
    """The worker's side of an answer: each write (the serializer's 8 KB buffers) becomes one
    frame, a 4-byte big-endian length and the bytes; an empty frame and a JSON line end it. Frames
    go out in batches of FLUSH_BYTES: a small answer, header to trailer, is one send (each send
    wakes the client: three sends cost a small query about 0.3 ms more), and a larger one starts
    reaching the client early, which parses it meanwhile (64 KB batches held back conflict-events'
    91 KB answer until two thirds of it were written)."""

    FLUSH_BYTES = 16 * 1024

    def __init__(self, conn: socket.socket, limit: int, header: dict):
        self.conn = conn
        self.limit = limit
        self.written = 0
        self.too_large = False
        self.gone = False
        self.pending = bytearray(json.dumps(header).encode("utf-8") + b"\n")

    def write(self, data) -> int:
        size = len(data)
        if not size:
            return 0
        self.written += size
        if self.written > self.limit:
            self.too_large = True
            raise OSError("result too large")
        self.pending += struct.pack(">I", size)
        self.pending += data
        if len(self.pending) >= self.FLUSH_BYTES:
            self._flush()
        return size

    def flush(self) -> None:
        pass  # the serializer's flush: batches go out when full, and at the end

    def _flush(self) -> None:
        try:
            self.conn.sendall(self.pending)
        except OSError:
            self.gone = True
            raise
        self.pending.clear()

    def end(self, trailer: dict) -> None:
        self.pending += struct.pack(">I", 0) + json.dumps(trailer).encode("utf-8") + b"\n"
        self._flush()


class FrameReader(io.RawIOBase):
    """The client's side: the frames of an answer read as one binary file, so that a parser reads
    it as it arrives. `cut` is set when the stream ends before its empty frame (the worker died:
    killed by its timer, or out of memory) and `timed_out` when the socket's wait ran out."""

    def __init__(self, reader):
        super().__init__()
        self._reader = reader
        self._left = 0
        self.ended = False
        self.cut = False
        self.timed_out = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            if self._left == 0:
                if self.ended or self.cut:
                    return 0
                prefix = self._reader.read(4)
                if len(prefix) < 4:
                    self.cut = True
                    return 0
                self._left = struct.unpack(">I", prefix)[0]
                if self._left == 0:
                    self.ended = True
                    return 0
            got = self._reader.readinto(memoryview(buffer)[: self._left])
        except socket.timeout:
            self.cut = self.timed_out = True
            return 0
        except OSError:
            self.cut = True
            return 0
        if not got:
            self.cut = True
            return 0
        self._left -= got
        return got

    def trailer(self) -> dict | None:
        """The worker's last word (after reading whatever the parser left), or None if it died."""
        spare = bytearray(1 << 16)
        while not (self.ended or self.cut):
            self.readinto(spare)
        if self.cut:
            return None
        try:
            line = self._reader.readline(MAX_REQUEST)
            return json.loads(line) if line else None
        except (OSError, ValueError):
            return None


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the supervisor dies (even by SIGKILL), so that no
    orphan goes on answering for a graph nobody supervises."""

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the getppid() checks still stop an orphan at its next request


def _data_size() -> int:
    """This process's data segment in bytes (what RLIMIT_DATA counts)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def _status_mb(pid: int, field: str) -> float | None:
    """A memory figure of a process from /proc (VmRSS: resident now; VmHWM: its peak)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m conflictkg.query.daemon")
    ap.add_argument("project")
    ap.add_argument("--variant", choices=("base", "reasoned"), default="base")
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--idle-minutes", type=float, default=DEFAULT_IDLE_MINUTES)
    args = ap.parse_args(argv)
    try:
        return Supervisor(Project(Path(args.project)), args.variant, max(1, args.workers), args.idle_minutes).serve()
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print("error: the daemon's socket is in use", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
