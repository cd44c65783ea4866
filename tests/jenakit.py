"""Apache Jena from Debian's `libapache-jena-java` for the tests: its class path (with the fix for
the package's Xerces message bundles, see docs/deploying.md), or a skip saying how to install it."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

JAVA_DIR = Path("/usr/share/java")
JENA_JARS = ("jena-cmds jena-base jena-core jena-arq jena-iri jena-shacl jena-shex jena-tdb jena-tdb2 jena-dboe-base "
             "jena-dboe-index jena-dboe-storage jena-dboe-trans-data jena-dboe-transaction jena-rdfconnection "
             "slf4j-api slf4j-nop commons-lang3 commons-io commons-codec commons-compress commons-cli "
             "dexx.collection gson guava jsonld-java titanium-json-ld jakarta.json-api jackson-core "
             "jackson-databind jackson-annotations httpclient httpcore protobuf thrift").split()
INSTALL = "sudo apt-get install libapache-jena-java default-jdk-headless"


def classpath(work: Path) -> str | None:
    """The class path of Debian's Jena, or None when java or one of the jars is missing."""
    if shutil.which("java") is None:
        return None
    jars = [JAVA_DIR / f"{name}.jar" for name in JENA_JARS]
    if not all(j.exists() for j in jars):
        return None
    fix = work / "jena-xerces-fix"
    if not fix.exists():
        # Debian's jena-core relocates Xerces to xerces.* but leaves its message bundles behind.
        staging = work / "jena-xerces-fix.partial"
        with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as z:
            for name in z.namelist():
                for src, dst in (("org/apache/jena/ext/xerces/impl/msg/", "xerces/impl/msg/"),
                                 ("org/apache/jena/ext/xerces/impl/xpath/regex/", "xerces/impl/xpath/regex/")):
                    if name.startswith(src) and name.endswith(".properties"):
                        target = staging / dst / name[len(src):]
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(z.read(name))
        staging.rename(fix)
    return os.pathsep.join([str(fix)] + [str(j) for j in jars])


def jena_or_skip(work: Path) -> str:
    """The class path, or skip the test saying what to install (CI installs it: scripts/test)."""
    cp = classpath(work)
    if cp is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Apache Jena is not installed: {INSTALL} (scripts/test installs it when run as root)")
        pytest.skip(f"Apache Jena is not installed: {INSTALL} (scripts/test installs it when run as root)")
    return cp


def java(cp: str, main: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(["java", "-Xshare:auto", "-cp", cp, main, *args], capture_output=True, text=True,
                          timeout=timeout)
