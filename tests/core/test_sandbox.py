"""`conflictkg.core.sandbox`: a worker whose parent dies stops by itself, within its budget; several
workers at once (`run_all_with_budget`) return their results in order, and the first failure stops
them all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# A parent that runs endless work in a sandboxed worker, after printing its pid. With "alarm-only",
# the worker cannot ask to die with its parent, so its own clock is what must stop it.
PARENT = textwrap.dedent("""
    import os, sys
    from conflictkg.core import sandbox

    if sys.argv[2] == "alarm-only":
        sandbox._die_with_parent = lambda parent: None

    def forever():
        while True:
            pass

    print(os.getpid(), flush=True)
    sandbox.run_with_budget(forever, budget=sandbox.Budget(timeout=float(sys.argv[1]), memory_mb=256), what="spinning")
""")


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().split(b") ", 1)[1][:1] != b"Z"  # a zombie has finished
    except FileNotFoundError:
        return False


def orphan_after_parent_killed(tmp_path, budget: float, mode: str) -> tuple[int, float]:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen([sys.executable, str(script), str(budget), mode], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    try:
        pid = int(parent.stdout.readline())
        deadline = time.monotonic() + 30
        while not children(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        worker = children(pid)[0]
        time.sleep(0.3)  # the worker is spinning under its budget
        assert alive(worker)
        os.kill(pid, signal.SIGKILL)  # the parent dies without a word: no one left to kill the worker
        parent.wait()
        killed = time.monotonic()
        return worker, killed
    except BaseException:
        parent.kill()
        raise


def wait_gone(pid: int, seconds: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if not alive(pid):
            return time.monotonic() - start
        time.sleep(0.02)
    return None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_worker_dies_with_its_parent(tmp_path):
    worker, _ = orphan_after_parent_killed(tmp_path, 60, "normal")
    try:
        took = wait_gone(worker, 5)
        assert took is not None, "the orphaned worker is still running"
    finally:
        if alive(worker):
            os.kill(worker, signal.SIGKILL)


def test_an_orphaned_worker_stops_at_its_own_deadline(tmp_path):
    budget = 3.0
    worker, killed = orphan_after_parent_killed(tmp_path, budget, "alarm-only")
    try:
        assert alive(worker)  # nothing kills it with its parent here
        # It started at most a second or so before the parent was killed: its own clock (the budget,
        # plus the grace that lets a living parent report first) stops it.
        took = wait_gone(worker, budget + 5)
        assert took is not None, "the orphaned worker outlived its budget"
    finally:
        if alive(worker):
            os.kill(worker, signal.SIGKILL)


def _square(x):
    return x * x


def _refuse(message):
    from conflictkg.core.errors import UserError

    raise UserError(message)


def _sleep(seconds):
    time.sleep(seconds)


def _spin():
    while True:
        pass


def test_several_workers_return_their_results_in_order():
    from conflictkg.core import sandbox

    results = sandbox.run_all_with_budget([(_square, (n,)) for n in range(5)],
                                          budget=sandbox.Budget(timeout=30, memory_mb=256), what="squaring")
    assert results == [0, 1, 4, 9, 16]


def test_the_first_failing_worker_stops_the_others_and_its_error_is_raised():
    from conflictkg.core import sandbox
    from conflictkg.core.errors import UserError

    start = time.monotonic()
    with pytest.raises(UserError, match="^bad input: fix line 3$"):
        sandbox.run_all_with_budget([(_sleep, (10.0,)), (_refuse, ("bad input: fix line 3",))],
                                    budget=sandbox.Budget(timeout=30, memory_mb=256), what="checking")
    # The sleeping worker was killed, not waited for (it would take 10 s).
    assert time.monotonic() - start < 8


def test_several_workers_share_one_time_budget():
    from conflictkg.core import sandbox

    start = time.monotonic()
    with pytest.raises(sandbox.BudgetExceeded, match="spinning: took longer than the time budget of 0.5 s"):
        sandbox.run_all_with_budget([(_spin, ()), (_spin, ())], budget=sandbox.Budget(timeout=0.5, memory_mb=256),
                                    what="spinning")
    assert time.monotonic() - start < 5
