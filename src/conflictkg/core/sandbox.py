"""Run untrusted work (parsing a submission, validating it) in a worker process under a budget.

The worker is forked, so it starts at once with everything already imported. Before it runs the
work it:

- caps its heap (RLIMIT_DATA) at what it already holds plus the memory budget, so a parse or
  validation that balloons raises MemoryError (or, in Rust code, aborts) instead of taking the
  machine down;
- installs an audit hook that refuses every network connection and every file opened for writing
  or outside the Python installation, so no library under us (rdflib's JSON-LD loader, an
  owl:imports, a SERVICE clause) can reach the network or read a local file.

The parent waits at most `timeout` seconds, then kills the worker. The worker does not count on
that: if the parent dies (a server killed, or out of memory), nobody is left to kill it, so it also
asks Linux to kill it with its parent (PR_SET_PDEATHSIG), and keeps a clock of its own: SIGALRM at
the budget plus a second of grace (a parent alive reports first), and RLIMIT_CPU as a last stop. The work's return value comes
back through a pipe (it must be picklable); a UserError raised in the worker is re-raised in the
parent with its message, anything else becomes a one-line UserError without a traceback.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import multiprocessing.connection
import os
import pickle
import resource
import signal
import sys
import sysconfig
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable

import conflictkg
from conflictkg.core.errors import EXIT_USAGE, UserError


@dataclass(frozen=True)
class Budget:
    timeout: float = 60.0  # seconds of wall-clock time
    memory_mb: int = 2048  # extra address space the worker may map


# True in a worker: what it changes is its own copy of the parent's memory, thrown away on exit.
IN_WORKER = False


class BudgetExceeded(UserError):
    """The worker ran out of time or memory."""


def on_own_thread(fn: Callable[..., Any], *args, **kwargs) -> Any:
    """Call `fn(*args, **kwargs)` on a new thread and return its result (or raise its exception).

    For building a large in-memory store that forked workers will read: glibc gives the new
    thread its own malloc arena, so the store, and the garbage of parsing it, stay out of the main
    thread's. A worker forked afterwards allocates on its main thread; had the store been built
    there, each of its allocations would walk free chunks scattered among the store, on pages
    shared with the parent, and copy them. Measured at 1M triples, whole-graph validation's
    queries took 32-35 s in the worker instead of 39-42 s (three runs each)."""
    outcome: dict = {}

    def body() -> None:
        try:
            outcome["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - raised again on the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=body, name=getattr(fn, "__name__", "conflictkg"), daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def give_back_freed_memory() -> None:
    """Return the memory freed so far to the system (glibc's malloc_trim), so that the process's
    resident size falls with what it holds. Without it glibc keeps what a large structure freed
    (the validation's in-memory copy: 260 MB at 1M triples, 2.6 GB at 10M) and the process stays
    that large through the work that follows. Elsewhere than glibc, nothing to do."""

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _data_bytes() -> int:
    """What the (forked) worker already counts against RLIMIT_DATA: its inherited heap."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _allowed_read_prefixes() -> tuple[str, ...]:
    """Where the worker may still read: the Python installation and this package (for imports)."""


    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.__file__)}
    for key in ("purelib", "platlib", "stdlib", "platstdlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            prefixes.add(path)
    prefixes.add(os.path.dirname(os.path.abspath(conflictkg.__file__)))
    return tuple(sorted(os.path.realpath(p) + os.sep for p in prefixes if p))


def _install_guards() -> None:
    """Refuse network access and file access beyond the Python installation, for good."""
    allowed = _allowed_read_prefixes()

    def hook(event: str, args: tuple) -> None:
        if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
            raise PermissionError("network access is not allowed while reading a submission")
        if event == "open":
            path, mode, flags = (list(args) + [None, None, None])[:3]
            if isinstance(path, int) or path is None:
                return
            writing = bool(mode and any(c in str(mode) for c in "wax+")) or bool(
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            )
            real = os.path.realpath(os.fsdecode(path))
            if writing or not (real.startswith(allowed) or real.startswith("/proc/self/")):
                raise PermissionError("file access is not allowed while reading a submission")
        if event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"):
            raise PermissionError("starting programs is not allowed while reading a submission")

    sys.addaudithook(hook)


def _ask(conn, payload):
    """In the worker: ask the parent to run its `serve` callback on `payload`, and wait."""
    conn.send_bytes(pickle.dumps(("ask", payload), protocol=pickle.HIGHEST_PROTOCOL))
    kind, value = pickle.loads(conn.recv_bytes())
    if kind == "user":
        message, code = value
        raise UserError(message, exit_code=code)
    return value


ORPHAN_GRACE = 1.0  # seconds past its budget a worker gives its parent to stop it before it stops itself


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when its parent dies (even by SIGKILL). PR_SET_PDEATHSIG
    fires when the parent *thread* that forked ends: that thread waits for this worker in
    run_with_budget, so it ends no sooner than the worker unless the whole parent dies."""

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the worker's own clock below still stops it
    if os.getppid() != parent:  # the parent died before the call above: it cannot fire any more
        os._exit(1)


def _own_deadline(timeout: float) -> None:
    """Stop this worker by itself soon after its budget, whether or not the parent is there to."""

    # SIGALRM's default action ends the process, from the kernel, even inside C or Rust code.
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(max(1, math.ceil(timeout + ORPHAN_GRACE)))
    # CPU time: a last stop if the alarm were lost. Threads add up CPU faster than the clock, so
    # allow the budget on every core (never less than what the work may legitimately take).
    cpu = math.ceil((timeout + ORPHAN_GRACE) * max(1, os.cpu_count() or 1)) + 5
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard == resource.RLIM_INFINITY or hard > cpu:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    except (ValueError, OSError):
        pass


def _child(conn, fn: Callable, args: tuple, kwargs: dict, memory_mb: int, serving: bool, timeout: float = 0.0,
           parent: int = 0, confined: bool = True) -> None:
    global IN_WORKER
    IN_WORKER = True
    if parent:
        _die_with_parent(parent)
    if timeout:
        _own_deadline(timeout)
    if serving:
        kwargs = {**kwargs, "ask": lambda payload: _ask(conn, payload)}
    try:
        # Libraries log warnings with tracebacks (rdflib on ill-typed literals): the worker's only
        # output is its result.
        import logging

        logging.disable(logging.CRITICAL)
        if memory_mb and hasattr(os, "getpid"):

            # RLIMIT_DATA, not RLIMIT_AS: it counts the heap (and anonymous mappings) only, not
            # the address space that thread stacks and allocator arenas reserve.
            limit = _data_bytes() + memory_mb * 1024 * 1024
            try:
                resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
            except (ValueError, OSError):
                pass
        if confined:
            _install_guards()
        try:
            result = ("ok", fn(*args, **kwargs))
        except UserError as exc:
            result = ("user", (exc.message, exc.exit_code))
        except MemoryError:
            result = ("memory", None)
        except RecursionError:
            result = ("user", ("input nests too deeply to process", EXIT_USAGE))
        except BaseException as exc:  # noqa: BLE001 - report, never print a traceback
            result = ("error", f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}")
            if os.environ.get("CONFLICTKG_DEBUG"):
                traceback.print_exc()
        try:
            conn.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except MemoryError:
            conn.send_bytes(pickle.dumps(("memory", None)))
    finally:
        conn.close()
        os._exit(0)


def _start(ctx, fn: Callable, args: tuple, kwargs: dict, budget: Budget, duplex: bool, confined: bool = True):
    """Fork one worker running `fn` under `budget`; return it and the parent's end of its pipe."""
    parent_conn, child_conn = ctx.Pipe(duplex=duplex)
    proc = ctx.Process(
        target=_child,
        args=(child_conn, fn, args, kwargs, budget.memory_mb, duplex, budget.timeout, os.getpid(), confined),
        # A daemonic process may not start processes of its own, which a worker that is not
        # confined may (its own workers); the caller stops and joins it either way.
        daemon=confined,
    )
    proc.start()
    child_conn.close()
    return proc, parent_conn


def _received(conn) -> tuple:
    try:
        return pickle.loads(conn.recv_bytes())
    except (EOFError, OSError):
        return "died", None


def _too_long(what: str, budget: Budget) -> BudgetExceeded:
    return BudgetExceeded(f"{what}: took longer than the time budget of {budget.timeout:g} s (raise it with --timeout)")


def _outcome(proc, status: str, payload, what: str, budget: Budget) -> Any:
    """The worker's result, or the one-line error its end calls for."""
    if status == "died":
        proc.join(5)
        code = proc.exitcode
        if code is not None and code < 0 and -code in (signal.SIGALRM, signal.SIGXCPU):
            raise _too_long(what, budget)
        if code is not None and code < 0 and -code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT):
            raise BudgetExceeded(
                f"{what}: the worker ran out of its memory budget of {budget.memory_mb} MB (raise it with --memory)"
            )
        raise UserError(f"{what}: the worker stopped unexpectedly (exit status {code})")
    if status == "ok":
        return payload
    if status == "user":
        message, code = payload
        raise UserError(message, exit_code=code)
    if status == "memory":
        raise BudgetExceeded(
            f"{what}: ran out of the memory budget of {budget.memory_mb} MB (raise it with --memory)"
        )
    raise UserError(f"{what}: internal error ({payload})")


def run_with_budget(
    fn: Callable[..., Any],
    *args,
    budget: Budget,
    what: str,
    serve: Callable[[Any], Any] | None = None,
    confined: bool = True,
    **kwargs,
) -> Any:
    """Call `fn(*args, **kwargs)` in a forked worker under `budget` and return its result.

    `what` names the work in error messages ("validating submission.ttl"). With `serve`, `fn` also
    receives `ask`: `ask(x)` returns `serve(x)` computed in this (the parent) process, for what
    only the parent should touch (the store); the time budget covers the whole exchange.

    `confined=False` leaves out the guards (network, files, programs) and keeps the budget: for the
    project's own work on its own files that runs in a worker only so that the memory it builds up
    goes back to the system the moment it ends (a process's exit frees gigabytes at once, where
    freeing them object by object takes seconds), never for reading untrusted input.
    """
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork: run in-process, no budget
        if serve is not None:
            kwargs = {**kwargs, "ask": serve}
        return fn(*args, **kwargs)
    deadline = time.monotonic() + budget.timeout
    proc, parent_conn = _start(ctx, fn, args, kwargs, budget, serve is not None, confined)
    try:
        while True:
            if not parent_conn.poll(max(0.0, deadline - time.monotonic())):
                raise _too_long(what, budget)
            status, payload = _received(parent_conn)
            if status != "ask":
                break
            try:
                reply = ("ok", serve(payload))
            except UserError as exc:
                reply = ("user", (exc.message, exc.exit_code))
            try:
                parent_conn.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
            except OSError:  # the worker is gone (stopped by its own clock while `serve` ran)
                status = "died"
                break
        return _outcome(proc, status, payload, what, budget)
    finally:
        parent_conn.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)


def run_all_with_budget(calls: list[tuple[Callable[..., Any], tuple]], *, budget: Budget, what: str,
                        confined: bool = True) -> list:
    """Run each `fn(*args)` of `calls` in a forked worker of its own, all at once, and return their
    results in order. Each worker has the memory budget; the time budget covers them all. The
    first worker to fail stops the others, and its error is raised. `confined` as for
    `run_with_budget`.

    All the workers are forked from this thread before any is waited for: forking from several
    threads at once risks a child inheriting a lock another thread held."""
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork: run in-process, no budget
        return [fn(*args) for fn, args in calls]
    deadline = time.monotonic() + budget.timeout
    started = []
    try:
        for fn, args in calls:
            started.append(_start(ctx, fn, args, {}, budget, False, confined))
        results: dict[int, Any] = {}
        waiting = {conn: index for index, (_, conn) in enumerate(started)}
        while waiting:
            ready = multiprocessing.connection.wait(list(waiting), max(0.0, deadline - time.monotonic()))
            if not ready:
                raise _too_long(what, budget)
            for conn in ready:
                index = waiting.pop(conn)
                status, payload = _received(conn)
                results[index] = _outcome(started[index][0], status, payload, what, budget)
        return [results[i] for i in range(len(calls))]
    finally:
        for proc, conn in started:
            conn.close()
            if proc.is_alive():
                proc.kill()
        for proc, _ in started:
            proc.join(5)
