"""Where the project's files are: ontology/, shapes/, data/, queries/, texts/ and the cache of derived stores."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from conflictkg.core.errors import UserError

ENV_ROOT = "CONFLICTKG_ROOT"
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
        """Every Turtle file under data/, sub-folders (data/submissions/) included, hidden ones not
        (a writer's temporary files are hidden: see conflictkg.core.atomic)."""
        return sorted(
            p for p in self.data_dir.rglob("*.ttl")
            if not any(part.startswith(".") for part in p.relative_to(self.data_dir).parts)
        )

    def curated_files(self) -> list[Path]:
        """The hand-curated files directly in data/ (one per source article, plus shared ones);
        accepted submissions live in data/submissions/."""
        return sorted(self.data_dir.glob("*.ttl"))

    def shapes_files(self) -> list[Path]:
        return sorted(self.shapes_dir.glob("*.ttl"))


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
