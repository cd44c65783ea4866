"""A real `conflictkg serve` for the tests: a subprocess on 127.0.0.1 (a free port it picks itself)
serving a throwaway copy of the project, with a write token."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from conftest import ROOT, VENV_BIN, copy_project

TOKEN = "test-write-token"
FIXTURES = Path(__file__).resolve().parent / "data" / "serve"


@dataclass
class Served:
    url: str
    root: Path
    proc: subprocess.Popen
    log: Path

    def get(self, path: str, **kw) -> httpx.Response:
        return httpx.get(self.url + path, timeout=60, **kw)

    def post(self, path: str, **kw) -> httpx.Response:
        return httpx.post(self.url + path, timeout=120, **kw)


def start_server(tmp: Path, *args: str, token: str | None = TOKEN, extra_data: list[Path] = (),
                 existing: bool = False, env: dict | None = None) -> Served:
    """Start `conflictkg serve --port 0` on a copy of the project and wait until it answers.
    With `existing`, tmp/project already holds the copy (data/, ontology/, queries/)."""
    from conflictkg.core.paths import Project

    project = Project(tmp / "project") if existing else copy_project(ROOT, tmp / "project")
    if (ROOT / "shapes").is_dir() and not (project.root / "shapes").is_dir():
        shutil.copytree(ROOT / "shapes", project.root / "shapes")
    for path in extra_data:
        shutil.copy(path, project.data_dir / path.name)
    log = tmp / "serve.log"
    env = dict(os.environ, CONFLICTKG_ROOT=str(project.root), **(env or {}))
    env.pop("CONFLICTKG_WRITE_TOKEN", None)
    if token:
        env["CONFLICTKG_WRITE_TOKEN"] = token
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            [str(VENV_BIN / "conflictkg"), "serve", "--host", "127.0.0.1", "--port", "0", *args],
            stdout=subprocess.DEVNULL, stderr=err, env=env,
        )
    deadline = time.monotonic() + 120
    url = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"conflictkg serve exited: {log.read_text(errors='replace')}")
        text = log.read_text(errors="replace")
        if url is None and " at http://" in text:
            url = text.split(" at ", 1)[1].split()[0].rstrip("/")
        if url is not None:
            try:
                if httpx.get(url + "/healthz", timeout=5).status_code == 200:
                    return Served(url, project.root, proc, log)
            except httpx.HTTPError:
                pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"conflictkg serve did not start: {log.read_text(errors='replace')}")


def stop_server(served: Served) -> None:
    served.proc.terminate()
    try:
        served.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        served.proc.kill()
        served.proc.wait()
    text = served.log.read_text(errors="replace")
    assert "Traceback" not in text, text
