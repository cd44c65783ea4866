"""docs/generating.md's step by step for a generated graph, run line by line as written (at 10k
triples instead of 100k), then served."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

import httpx

from conftest import ROOT, VENV_BIN

DOC = ROOT / "docs" / "generating.md"


def documented_lines() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Build, validate, query and serve a generated graph", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_the_documented_steps_build_validate_query_and_serve_a_generated_graph(tmp_path):
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    lines = documented_lines()
    assert lines[-1].startswith("conflictkg serve")
    steps = [line.replace("--triples 100k", "--triples 10k") for line in lines[:-1]]
    script = "set -euo pipefail\n" + "\n".join(f"echo '>>> {i}'\n{line}" for i, line in enumerate(steps)) + "\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFLICTKG_")}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(["bash", "-c", script + 'echo "ROOT=$CONFLICTKG_ROOT"'], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    out = done.stdout.split("\n")
    outputs = {}
    current = None
    for line in out:
        if line.startswith(">>> "):
            current = int(line[4:])
            outputs[current] = []
        elif current is not None:
            outputs[current].append(line)
    assert (tmp_path / "synthetic" / "data" / "graph.nt").is_file()
    validate = next(i for i, s in enumerate(steps) if s.startswith("conflictkg validate"))
    assert "conforms: 0 violation(s), 0 warning(s)" in "\n".join(outputs[validate])
    assert re.search(r"\(10,?0\d\d triples in 1 file", "\n".join(outputs[validate]))
    timeline = next(i for i, s in enumerate(steps) if "event-timeline" in s)
    assert outputs[timeline][0].startswith("start,end")
    assert "gen-" in outputs[timeline][1]
    claims = next(i for i, s in enumerate(steps) if "casualty-claims" in s)
    assert "claim/gen-e1-c1" in "\n".join(outputs[claims]) or "gen-e1-c1" in "\n".join(outputs[claims])

    # The last line serves the graph: on a port of its own here.
    serve = lines[-1].replace("--port 8000", "--host 127.0.0.1 --port 0").split()
    log = tmp_path / "serve.log"
    env["CONFLICTKG_ROOT"] = str(tmp_path / "synthetic")
    with open(log, "wb") as err:
        proc = subprocess.Popen([str(VENV_BIN / serve[0]), *serve[1:]], stdout=subprocess.DEVNULL, stderr=err,
                                env=env, cwd=tmp_path)
    try:
        url = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and url is None:
            assert proc.poll() is None, log.read_text()
            text = log.read_text(errors="replace")
            if " at http://" in text:
                url = text.split(" at ", 1)[1].split()[0].rstrip("/")
            time.sleep(0.1)
        assert url, log.read_text()
        while True:
            try:
                answer = httpx.get(url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/conflict-kg/ontology#Claim> }"},
                                   headers={"Accept": "application/sparql-results+json"}, timeout=30)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert answer.status_code == 200
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) > 300
    finally:
        proc.terminate()
        proc.wait(timeout=15)
