"""A real Virtuoso (Debian's `virtuoso-opensource`) on 127.0.0.1 with a database in a temporary
folder, as docs/deploying.md sets one up: its Graph Store endpoint opened to writes with isql."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import free_port, stop, wait_for_debian_packages

VIRTUOSO = "/usr/bin/virtuoso-t"
ISQL = "/usr/bin/isql-vt"
INSTALL = "sudo apt-get install virtuoso-opensource"
GRANTS = ('GRANT SPARQL_UPDATE TO "SPARQL";'
          ' GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";'
          ' GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL";')


def ini(folder: Path, sql_port: int, http_port: int, max_rows: int) -> str:
    db = folder / "db"
    db.mkdir(exist_ok=True)
    return f"""[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
DirsAllowed = ., {folder}/load
CaseMode = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 3600
"""


@dataclass
class Virtuoso:
    proc: subprocess.Popen
    base: str  # http://127.0.0.1:PORT
    sql_port: int
    load_dir: Path  # a folder the bulk loader may read (DirsAllowed)

    def isql(self, statements: str, timeout: float = 120) -> str:
        """Run SQL statements as dba with isql-vt; returns its output, raises on an error."""
        done = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {done.stdout} {done.stderr}")
        return done.stdout

    def stop(self) -> None:
        stop(self.proc)


def start_virtuoso(folder: Path, *, max_rows: int = 10000) -> Virtuoso:
    """Start Virtuoso in `folder`. Skips, saying what to install, where the package is missing
    (CI=true: fails, since scripts/test installs it)."""
    wait_for_debian_packages()
    if not (os.path.exists(VIRTUOSO) and os.path.exists(ISQL)):
        message = f"Virtuoso is not installed: {INSTALL} (scripts/test installs it when run as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(ini(folder, sql_port, http_port, max_rows))
    (folder / "load").mkdir(exist_ok=True)
    log = (folder / "virtuoso.out").open("wb")
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", "virtuoso.ini"], cwd=folder,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"virtuoso exited: {(folder / 'virtuoso.out').read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        stop(proc)
        raise RuntimeError("virtuoso did not answer within 120 s")
    server = Virtuoso(proc, base, sql_port, folder / "load")
    try:
        # The Graph Store endpoint (/sparql-graph-crud) writes only once SPARQL may update.
        server.isql(GRANTS)
    except Exception:
        stop(proc)
        raise
    return server
