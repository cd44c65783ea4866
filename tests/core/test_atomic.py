"""Atomic writes (conflictkg.core.atomic): a target that is not a regular file is written in place,
never replaced: `-o /dev/null` once turned the machine's /dev/null into a regular file."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from conflictkg.core.atomic import atomic_write_bytes, temporary_files
from conflictkg.cli import run


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    atomic_write_bytes(pipe, b"hello")
    reader.join(timeout=10)
    assert got == [b"hello"] and stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert not temporary_files(tmp_path)


def test_a_device_given_as_output_stays_a_device(tmp_path, capsys, cli_env):
    # A character device of our own (the null device's numbers), so a regression cannot break the
    # machine's /dev/null; making one needs root (CI runs as root).
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    assert run(["query", "event-timeline", "-o", str(null), "--format", "csv"]) == 0
    assert run(["export", "-o", str(null), "--format", "ntriples"]) == 0
    assert stat.S_ISCHR(os.stat(null).st_mode)
    assert not temporary_files(tmp_path)


def test_a_regular_file_is_replaced_atomically(tmp_path):
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and not temporary_files(tmp_path)
