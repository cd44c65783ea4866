"""Progress on long operations: on stderr, only when stderr is a terminal (a pseudo-terminal here),
never in the output, absent when piped, and silenced by -q."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import threading

import pytest

from conflictkg.cli import run
from conftest import ROOT, VENV_BIN, run_cli


def on_terminal(*args: str, root=None, cwd=None) -> tuple[int, str, str]:
    """`conflictkg ARGS` with stderr on a pseudo-terminal and stdout on a pipe: (code, stdout, stderr)."""
    # What a terminal shows must not depend on the machine's speed: draw every update, at once.
    env = dict(os.environ, CONFLICTKG_PROGRESS="eager")
    if root is not None:
        env["CONFLICTKG_ROOT"] = str(root)
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(VENV_BIN / "conflictkg"), *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    chunks: list[bytes] = []

    def drain():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the last writer closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    out, _ = proc.communicate(timeout=300)
    reader.join(timeout=30)
    os.close(master)
    return proc.returncode, out.decode("utf-8"), b"".join(chunks).decode("utf-8", errors="replace")


def make_project(root, triples: str):
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "data").mkdir()
    code, _, err = run_cli("generate", "--triples", triples, "-q", "-o", str(root / "data" / "graph.nt"))
    assert code == 0 and err == ""
    return root


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """10k triples: about 1.6 MB of N-Triples, enough for validate and reason to show progress."""
    return make_project(tmp_path_factory.mktemp("small"), "10k")


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """60k triples (about 10 MB): over the sizes from which a build and every export show their
    progress (50k triples for the RDF writers), and over several of the build's one-megabyte steps
    (CONFLICTKG_PROGRESS=eager draws each, so the test does not depend on the machine's speed)."""
    return make_project(tmp_path_factory.mktemp("large"), "60k")


def test_generate_shows_progress_on_a_terminal_only(tmp_path):
    code, out, err = on_terminal("generate", "--triples", "100k", "-o", str(tmp_path / "g.nt"))
    assert code == 0 and out == ""
    assert "\rgenerate: " in err and "/100,000 triples (100%)" in err and "wrote 100," in err
    code, out, err = run_cli("generate", "--triples", "100k", "-o", str(tmp_path / "g.nt"))
    assert code == 0 and "generate: " not in err and "\r" not in err and err.startswith("wrote 100,")
    code, out, err = on_terminal("generate", "--triples", "100k", "-q", "-o", str(tmp_path / "g.nt"))
    assert code == 0 and err == ""


def test_validate_shows_its_phases_on_a_terminal_only(small):
    code, out, err = on_terminal("validate", root=small)
    assert code == 0 and "Traceback" not in err
    assert "validate: loading data/graph.nt" in err
    assert "validate: checking: " in err and " checks (100%)" in err and "validate: locating" in err
    assert out.startswith("conforms: 0 violation(s)") and "validate:" not in out and "\r" not in out
    code, out, err = run_cli("validate", env_root=small)
    assert code == 0 and err == "" and out.startswith("conforms: 0 violation(s)")
    code, out, err = on_terminal("validate", "-q", root=small)
    assert code == 0 and err == "" and out.startswith("conforms")


def test_validate_of_the_small_curated_graph_stays_quiet_on_a_terminal():
    code, out, err = on_terminal("validate", "--summary", cwd=ROOT)
    assert code in (0, 1) and "validate:" not in err


def test_reason_shows_progress_on_a_terminal_only(small, tmp_path):
    code, out, err = on_terminal("reason", "-o", str(tmp_path / "e.nt"), root=small)
    assert code == 0 and "reason: computing the entailments of" in err and "reason: writing: " in err
    code, out, err = run_cli("reason", "-o", str(tmp_path / "e.nt"), env_root=small)
    assert code == 0 and "reason:" not in err and err.startswith("wrote ")
    code, out, err = on_terminal("reason", "-q", "-o", str(tmp_path / "e.nt"), root=small)
    assert code == 0 and err == ""


def test_build_names_the_file_it_loads_and_the_indexing(large):
    code, out, err = on_terminal("build", "--force", root=large)
    assert code == 0 and out.startswith("built ")
    assert re.search(r"loading data/graph\.nt \(\d+\.\d MB\)", err) and "index" in err
    code, out, err = run_cli("build", "--force", env_root=large)
    assert code == 0 and err == ""
    code, out, err = on_terminal("build", "--force", "-q", root=large)
    assert code == 0 and out == "" and err == ""


def test_build_shows_how_far_it_has_read_a_large_file(large):
    """The bar follows the bytes read, so one big file shows its progress while it loads."""
    code, out, err = on_terminal("build", "--force", root=large)
    assert code == 0
    loading = [int(p) for p in re.findall(r"loading data/graph\.nt \(\d+\.\d MB\)[^\r]*?(\d+)%", err)]
    assert loading and any(0 < p < 100 for p in loading), err[-400:]
    assert "indexed the store" in err


@pytest.mark.parametrize("name,args,unit", [
    ("events.csv", (), "rows"),
    ("claims.csv", ("--table", "claims"), "rows"),
    ("events.geojson", (), "features"),
])
def test_table_exports_show_progress_on_a_terminal_only(large, tmp_path, name, args, unit):
    target = str(tmp_path / name)
    fmt = name.rsplit(".", 1)[1]
    code, out, err = on_terminal("export", *args, "-o", target, root=large)
    assert code == 0 and out == ""
    assert f"export {fmt}: reading the " in err
    done = re.search(rf"\rexport {fmt}: writing: ([\d,]+)/([\d,]+) {unit} \(100%\)", err)
    assert done and done.group(1) == done.group(2) and int(done.group(1).replace(",", "")) > 100, err[-300:]
    assert re.search(rf"\rexport {fmt}: writing: [\d,]+/[\d,]+ {unit} \(([1-9]|[1-9]\d)%\)", err)  # on the way
    assert err.rstrip().splitlines()[-1].startswith(f"wrote ")
    with open(target, "rb") as fh:
        written = fh.read()
    assert b"export " not in written and b"\x1b" not in written
    code, out, err = run_cli("export", *args, "-o", target, env_root=large)
    assert code == 0 and "\r" not in err and "export " not in err and err.startswith("wrote ")
    code, out, err = on_terminal("export", *args, "-q", "-o", target, root=large)
    assert code == 0 and err == ""
    code, out, err = on_terminal("export", *args, "--no-progress", "-o", target, root=large)
    assert code == 0 and "\r" not in err.replace("\r\n", "\n") and err.startswith("wrote ")


@pytest.mark.parametrize("name,args", [("events.csv", ()), ("claims.csv", ("--table", "claims")),
                                       ("events.geojson", ())])
def test_table_export_progress_in_process(large, tmp_path, monkeypatch, capsys, name, args):
    """In process stderr is no terminal: no progress unless asked for with --progress, and then
    on stderr only."""
    monkeypatch.setenv("CONFLICTKG_ROOT", str(large))
    target = tmp_path / name
    fmt = name.rsplit(".", 1)[1]
    assert run(["export", *args, "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err and err.startswith("wrote ")
    assert run(["export", *args, "--progress", "-o", str(target)]) == 0
    captured = capsys.readouterr()
    assert f"export {fmt}: writing: " in captured.err and "(100%)" in captured.err and captured.out == ""
    assert b"writing:" not in target.read_bytes()


def test_table_export_of_the_small_curated_graph_stays_quiet_on_a_terminal(tmp_path):
    assert on_terminal("build", cwd=ROOT)[0] == 0  # a store to rebuild would show its own progress
    code, out, err = on_terminal("export", "--table", "claims", "-o", str(tmp_path / "c.csv"), cwd=ROOT)
    assert code == 0 and "export csv:" not in err and err.startswith("wrote ")


def test_export_is_quiet_with_q(large, tmp_path):
    code, out, err = on_terminal("export", "-o", str(tmp_path / "g.nt"), root=large)
    assert code == 0 and "\rexport ntriples: " in err and "(100%)" in err
    code, out, err = on_terminal("export", "-q", "-o", str(tmp_path / "g.nt"), root=large)
    assert code == 0 and err == ""
    code, out, err = run_cli("export", "-o", str(tmp_path / "g.nt"), env_root=large)
    assert code == 0 and "\r" not in err and err.startswith("wrote ")
