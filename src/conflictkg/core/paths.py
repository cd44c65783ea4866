"""Where the project's files are: ontology/, shapes/, data/, queries/, texts/ and the cache of derived stores."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from conflictkg.core.errors import UserError

ENV_ROOT = "CONFLICTKG_ROOT"

# The RDF syntaxes the graph reads from data/ (see conflictkg.rdf.datafiles), by file extension.
DATA_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".jsonld")
# Files in data/ that hold RDF the graph does not read: refused by name rather than left out in
# silence (a graph without them would answer queries and pass validation as if they were not there).
UNREAD_SUFFIXES = {
    ".rdf": "RDF/XML", ".owl": "RDF/XML or OWL", ".xml": "XML", ".n3": "Notation3", ".json": "JSON",
    ".gz": "compressed", ".bz2": "compressed", ".xz": "compressed", ".zst": "compressed", ".zip": "compressed",
}
ENV_CACHE = "CONFLICTKG_CACHE_DIR"


def file_stamp(path: Path) -> tuple[int, int, int, int]:
    """What says, without reading it, that a file may have changed: size, mtime, ctime and inode.

    Size and mtime alone miss an edit that keeps both (`cp -p`, `rsync -t`, `touch -r`); the
    ctime cannot be set from user space and changes with every write, and a file replaced by a
    rename has a new inode. A changed stamp is only a hint: callers then compare contents."""
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _writable(folder: Path) -> bool:
    """Can this process create files in `folder` (or create `folder` itself)? A read-only file
    system says no even to root (access(2) checks EROFS)."""
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def texts_dir(self) -> Path:
        """The text of the source documents the graph was curated from, with their index (see
        texts/README.md): what quotes citing them are checked against (conflictkg.submission.quotes)."""
        return self.root / "texts"

    @property
    def cache_dir(self) -> Path:
        """Derived state (the embedded store, caches, locks). Never source of truth: safe to delete.

        `.conflictkg/` in the checkout; $CONFLICTKG_CACHE_DIR if set; and for a checkout that
        cannot be written (a read-only mount, another user's files) a folder of its own under the
        user's cache ($XDG_CACHE_HOME or ~/.cache), so that query, validate and export still work."""
        env = os.environ.get(ENV_CACHE)
        if env:
            return Path(env).expanduser().resolve()
        local = self.root / ".conflictkg"
        if _writable(local):
            return local
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        key = hashlib.sha256(str(self.root.resolve()).encode("utf-8")).hexdigest()[:12]
        return base / "conflictkg" / f"{self.root.name}-{key}"

    def ontology_files(self) -> list[Path]:
        return sorted(self.ontology_dir.glob("*.ttl"))

    @property
    def submissions_dir(self) -> Path:
        """Accepted submissions, one canonical Turtle file each (written by `conflictkg submit`)."""
        return self.data_dir / "submissions"

    def data_files(self) -> list[Path]:
        """Every RDF file under data/ the graph is built from, sub-folders (data/submissions/)
        included, hidden ones not (a writer's temporary files are hidden: see
        conflictkg.core.atomic): Turtle, N-Triples, N-Quads, TriG and JSON-LD, by extension.

        A file in data/ with RDF in a syntax the graph does not read (RDF/XML, N3, compressed) is
        refused with a UserError naming it, never skipped; other files (README.md) are not RDF.
        JSON files are RDF only when named .jsonld; a generator's `.manifest.json` is not refused."""
        found = []
        for p in self.data_dir.rglob("*"):
            rel = p.relative_to(self.data_dir)
            if any(part.startswith(".") for part in rel.parts) or not p.is_file():
                continue
            suffix = p.suffix.lower()
            if suffix in DATA_SUFFIXES:
                found.append(p)
            elif suffix in UNREAD_SUFFIXES and not _not_rdf(p):
                raise UserError(_unread_message(self, p))
        return sorted(found)
    def curated_files(self) -> list[Path]:
        """The hand-curated files directly in data/ (one per source article, plus shared ones);
        accepted submissions live in data/submissions/."""
        return sorted(self.data_dir.glob("*.ttl"))

    def shapes_files(self) -> list[Path]:
        return sorted(self.shapes_dir.glob("*.ttl"))


def _not_rdf(path: Path) -> bool:
    """Files with an unread extension that are known not to be RDF data: a generator's manifest."""
    return path.name.endswith(".manifest.json")


def _unread_message(project: "Project", path: Path) -> str:
    rel = path.relative_to(project.root).as_posix() if path.is_relative_to(project.root) else str(path)
    kind = UNREAD_SUFFIXES[path.suffix.lower()]
    if kind == "compressed":
        how = "decompress it (e.g. gunzip)"
    elif kind == "JSON":
        how = "if it is JSON-LD, name it .jsonld"
    else:
        how = f"convert it to Turtle or N-Triples (e.g. riot --output=turtle {path.name})"
    readable = ", ".join(DATA_SUFFIXES)
    return (f"{rel}: {kind} files in data/ are not read (the graph reads {readable}): {how}, "
            "or move it out of data/")


def _looks_like_root(path: Path) -> bool:
    return (path / "ontology").is_dir() and (path / "data").is_dir()


def find_project(start: Path | str | None = None) -> Project:
    """The project a command works on: $CONFLICTKG_ROOT, else the nearest folder above the
    working directory that holds ontology/ and data/, else the checkout this package
    was installed from (an editable install)."""
    env = os.environ.get(ENV_ROOT)
    if env:
        root = Path(env).expanduser().resolve()
        if not _looks_like_root(root):
            raise UserError(f"{ENV_ROOT}={env} is not a conflict-kg project: it needs ontology/ and data/")
        return Project(root)
    here = Path(start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if _looks_like_root(candidate):
            return Project(candidate)
    checkout = Path(__file__).resolve().parents[3]
    if _looks_like_root(checkout):
        return Project(checkout)
    raise UserError(
        "no conflict-kg project found: run the command inside a checkout, or set "
        f"{ENV_ROOT} to a folder with ontology/ and data/"
    )
