"""How the suite runs while scripts/test installs Debian's packages in the background: the files that
need them run last, and wait for the install to end (tests/conftest.py)."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from conftest import PACKAGES_PENDING, wait_for_debian_packages


def test_files_that_need_debian_packages_run_after_all_the_others(request):
    items = request.session.items
    files = list(dict.fromkeys(item.path for item in items))
    marked = {item.path for item in items if item.get_closest_marker("debian")}
    if not marked:
        pytest.skip("no test that needs Debian's packages was selected")
    first = min(files.index(path) for path in marked)
    assert [p.name for p in files[first:] if p not in marked] == [], "unmarked files run among the marked ones"


def test_every_file_that_starts_chromium_virtuoso_or_jena_is_marked():
    """A test that starts one of them without the mark might run before the install has ended."""
    tests = Path(__file__).resolve().parents[1]
    users = [p for p in tests.rglob("test_*.py")
             if re.search(r"^from (jenakit|virtuosokit) import|sync_playwright", p.read_text(encoding="utf-8"), re.M)]
    assert len(users) >= 5
    for path in users:
        assert "pytest.mark.debian" in path.read_text(encoding="utf-8"), f"{path.name}: mark it `debian`"


def test_the_wait_ends_when_the_install_writes_its_status(tmp_path, monkeypatch):
    flag = tmp_path / "status"
    monkeypatch.setenv(PACKAGES_PENDING, str(flag))
    writer = threading.Timer(0.3, flag.write_text, args=("0\n",))
    writer.start()
    wait_for_debian_packages(timeout=30)
    writer.join()
    assert flag.read_text() == "0\n"


def test_a_wait_past_its_timeout_fails_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv(PACKAGES_PENDING, str(tmp_path / "never-written"))
    with pytest.raises(pytest.fail.Exception, match=r"did not end within 1 s"):
        wait_for_debian_packages(timeout=1)


def test_no_install_running_means_no_wait(monkeypatch):
    monkeypatch.delenv(PACKAGES_PENDING, raising=False)
    wait_for_debian_packages(timeout=0)
