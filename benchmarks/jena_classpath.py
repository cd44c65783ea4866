"""The class path of Apache Jena from Debian's `libapache-jena-java`, shared by the benchmark suite
(Jena's SHACL as a baseline) and the tests (Jena ARQ and SHACL as other engines).

Debian packages Jena as jars without launchers; a class path of every jar in /usr/share/java pulls in
conflicting ones, so only these are used, and jena-core's Xerces message bundles, left behind where
the package relocated the classes, are copied to where the classes look for them (docs/deploying.md).
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

JAVA_DIR = Path("/usr/share/java")
JENA_JARS = ("jena-cmds jena-base jena-core jena-arq jena-iri jena-shacl jena-shex jena-tdb jena-tdb2 jena-dboe-base "
             "jena-dboe-index jena-dboe-storage jena-dboe-trans-data jena-dboe-transaction jena-rdfconnection "
             "slf4j-api slf4j-nop commons-lang3 commons-io commons-codec commons-compress commons-cli "
             "dexx.collection gson guava jsonld-java titanium-json-ld jakarta.json-api jackson-core "
             "jackson-databind jackson-annotations httpclient httpcore protobuf thrift").split()


def classpath(work: Path) -> str | None:
    """The class path of Debian's Jena (the bundle fix made under `work`), or None when java or one
    of the jars is missing."""
    if shutil.which("java") is None:
        return None
    jars = [JAVA_DIR / f"{name}.jar" for name in JENA_JARS]
    if not all(j.exists() for j in jars):
        return None
    fix = work / "jena-xerces-fix"
    if not fix.exists():
        # Made aside and renamed, so that a half-made fix is never taken for a whole one.
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
