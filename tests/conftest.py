"""Shared fixtures: the project under test and its graph, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from conflictkg.core.paths import Project
from conflictkg.model.namespaces import CKG, bind_prefixes
from conflictkg.rdf.rdfio import parse_turtle_file

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


# --------------------------------------------------------------------------------------------
# Debian's packages installed while the suite runs
# --------------------------------------------------------------------------------------------

# On a fresh machine (CI) scripts/test installs Chromium, Virtuoso and Apache Jena in the background
# while the tests that need none of them run (about a minute saved: apt's download and unpacking no
# longer come before the first test). The files that need them run last, and wait for the install
# here before they look for the programs.
PACKAGES_PENDING = "CONFLICTKG_TEST_PACKAGES_PENDING"


def wait_for_debian_packages(timeout: float = 280.0) -> None:
    """Return once scripts/test's background install has ended (at once when none is running).
    It ends by writing apt's exit status to the file named by the environment variable; a failed
    install leaves the programs missing, which the caller then reports (CI=true: a failure)."""
    flag = os.environ.get(PACKAGES_PENDING)
    if not flag:
        return
    deadline = time.monotonic() + timeout
    while not Path(flag).exists():
        if time.monotonic() > deadline:
            pytest.fail(f"scripts/test's install of Debian's packages did not end within {timeout:.0f} s "
                        f"(see its log beside {flag})")
        time.sleep(0.5)


def pytest_collection_modifyitems(config, items):
    """The files that need Debian's packages (marked `debian`) run after all the others, so that
    scripts/test's background install has ended by the time they start. Whole files move, since
    the tests are handed to the workers a file at a time (`--dist loadfile`); the order is the same
    in every worker, as pytest-xdist requires."""
    late = {item.path for item in items if item.get_closest_marker("debian")}
    items.sort(key=lambda item: item.path in late)


# --------------------------------------------------------------------------------------------
# Stores, servers and projects for the query tests
# --------------------------------------------------------------------------------------------

import http.server
import os
import shutil
import threading
import socket
import subprocess
import sys
import time

VENV_BIN = Path(sys.executable).parent


def threads_calling(monkeypatch, owner, name: str) -> list[int]:
    """Wrap `owner.name` so that each call records the thread it runs on; returns that record."""
    seen: list[int] = []
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        seen.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return seen


def curated_graph(project: Project) -> Graph:
    """The ontology and the curated data files (data/*.ttl), without the accepted submissions."""
    graph = Graph()
    bind_prefixes(graph)
    for path in [*project.ontology_files(), *project.curated_files()]:
        parse_turtle_file(path, graph)
    return graph


def ground_graph(project: Project) -> Graph:
    """The ontology, the curated data and the accepted submissions that lay shared ground (the source
    documents, the actors and places several articles name), without the submissions that record an
    article's own events and claims: the graph a new article is drafted against in the draft tests,
    as benchmarks/draft_accuracy.py drafts each article."""
    graph = Graph()
    bind_prefixes(graph)
    for path in [*project.ontology_files(), *project.data_files()]:
        one = parse_turtle_file(path, Graph())
        article = any(True for _ in one.subjects(RDF.type, CKG.Claim)) or any(True for _ in one.subjects(CKG.eventType, None))
        if path.parent == project.data_dir or not article:
            graph += one
    return graph


def copy_project(root: Path, dest: Path, *, submissions: bool = False, shapes: bool = False) -> Project:
    """A throwaway copy of the project's ontology/, data/ and queries/ (its own store cache), and
    shapes/ when asked for (validation refuses to run without shapes).

    The accepted submissions (data/submissions/*.ttl) are left out unless asked for: the tests of
    code check it against the curated graph, whose content they spell out, and so do not change as
    the graph grows; the tests of the project's own content (tests/project/) read the whole graph."""
    for sub in ("ontology", "shapes", "data", "queries") if shapes else ("ontology", "data", "queries"):
        ignore = None if submissions or sub != "data" else ignore_accepted_submissions
        shutil.copytree(root / sub, dest / sub, ignore=ignore)
    return Project(dest)


def generated_project(root: Path, *generate_args: str) -> Path:
    """`root` as a project with the repository's ontology, shapes and queries, and a data/graph.nt
    made by `conflictkg generate` (run in process, as a user runs it) with `generate_args`."""
    from conflictkg.cli import run  # the CLI, imported when a test asks for a generated project

    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "data").mkdir()
    assert run(["generate", *generate_args, "-o", str(root / "data" / "graph.nt")]) == 0
    return root


def ignore_accepted_submissions(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if Path(folder).name == "submissions" and n.endswith(".ttl")]


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory) -> Project:
    """A copy of the project whose embedded store the tests may build (read-only use only)."""
    return copy_project(ROOT, tmp_path_factory.mktemp("project"), shapes=True)


LIKE_WITH_LIKE = ROOT / "tests" / "data" / "likewith" / "like-with-like.ttl"


@pytest.fixture(scope="session")
def likewith_project(tmp_path_factory) -> Project:
    """A copy of the project plus tests/data/likewith/like-with-like.ttl: events whose figures
    count different things of different people (sides, a commander, tanks), which no comparison
    may mix (docs/ontology.md, "Like with like")."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("likewith"))
    shutil.copy(LIKE_WITH_LIKE, project.data_dir / LIKE_WITH_LIKE.name)
    return project


@pytest.fixture(scope="session")
def embedded_build(project_copy):
    from conflictkg.storage import store

    build, _ = store.ensure(project_copy, progress=False)
    return build


@pytest.fixture(scope="session")
def rdflib_graph(project_copy):
    from conflictkg.rdf.rdfio import load_graph

    return load_graph(project_copy)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_oxigraph(location: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """Start the real Oxigraph server on 127.0.0.1 (the command docs/deploying.md shows)."""
    binary = VENV_BIN / "oxigraph"
    if not binary.exists():
        pytest.skip("the oxigraph server binary is not installed (pip install -e '.[test]')")
    port = free_port()
    proc = subprocess.Popen(
        [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph exited: {proc.stderr.read().decode(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, base
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("oxigraph did not start listening within 20 s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A plain Oxigraph server (no union default graph), as a team would run it."""
    proc, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield base
    stop(proc)


@pytest.fixture
def cli_env(project_copy, monkeypatch):
    """Run `conflictkg` in-process on the project copy."""
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project_copy.root))
    for name in ("CONFLICTKG_ENDPOINT", "CONFLICTKG_ENDPOINT_USER", "CONFLICTKG_ENDPOINT_PASSWORD", "CONFLICTKG_ENDPOINT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return project_copy


def run_cli(*args: str, env_root: Path | None = None, input: str | None = None, extra_env: dict | None = None):
    """`.venv/bin/conflictkg ARGS` as a subprocess: (exit code, stdout, stderr)."""
    env = dict(os.environ)
    if env_root is not None:
        env["CONFLICTKG_ROOT"] = str(env_root)
    env.update(extra_env or {})
    proc = subprocess.run(
        [str(VENV_BIN / "conflictkg"), *args], input=input, capture_output=True, text=True, env=env, timeout=120
    )
    return proc.returncode, proc.stdout, proc.stderr


EMPTY_RESULTS = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'


class Listener:
    """An HTTP server on 127.0.0.1 that answers every request with empty SPARQL results."""

    def __init__(self):
        self.hits: list[str] = []
        self.headers: list[dict] = []
        hits, headers = self.hits, self.headers

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                hits.append(f"{self.command} {self.path}")
                headers.append(dict(self.headers))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(EMPTY_RESULTS)))
                self.end_headers()
                self.wfile.write(EMPTY_RESULTS)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()
