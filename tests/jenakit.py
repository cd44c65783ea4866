"""Apache Jena from Debian's `libapache-jena-java` for the tests: its class path (with the fix for
the package's Xerces message bundles, see docs/deploying.md), or a skip saying how to install it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from jena_classpath import classpath  # noqa: E402 - the benchmark suite's, shared
from conftest import wait_for_debian_packages  # noqa: E402

INSTALL = "sudo apt-get install libapache-jena-java default-jdk-headless"


def jena_or_skip(work: Path) -> str:
    """The class path, or skip the test saying what to install (CI installs it: scripts/test)."""
    wait_for_debian_packages()
    cp = classpath(work)
    if cp is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Apache Jena is not installed: {INSTALL} (scripts/test installs it when run as root)")
        pytest.skip(f"Apache Jena is not installed: {INSTALL} (scripts/test installs it when run as root)")
    return cp


def java(cp: str, main: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(["java", "-Xshare:auto", "-cp", cp, main, *args], capture_output=True, text=True,
                          timeout=timeout)
