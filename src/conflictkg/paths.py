"""Where the project's files are: ontology/, shapes/, data/, queries/, texts/ and the cache of derived stores."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from conflictkg.errors import UserError

ENV_ROOT = "CONFLICTKG_ROOT"


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
        texts/README.md): what quotes citing them are checked against (conflictkg.quotes)."""
        return self.root / "texts"

    @property
    def cache_dir(self) -> Path:
        """Derived state (the embedded store, locks). Never source of truth: safe to delete."""
        return self.root / ".conflictkg"

    def ontology_files(self) -> list[Path]:
        return sorted(self.ontology_dir.glob("*.ttl"))

    @property
    def submissions_dir(self) -> Path:
        """Accepted submissions, one canonical Turtle file each (written by `conflictkg submit`)."""
        return self.data_dir / "submissions"

    def data_files(self) -> list[Path]:
        """Every Turtle file under data/, sub-folders (data/submissions/) included, hidden ones not."""
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
    checkout = Path(__file__).resolve().parents[2]
    if _looks_like_root(checkout):
        return Project(checkout)
    raise UserError(
        "no conflict-kg project found: run the command inside a checkout, or set "
        f"{ENV_ROOT} to a folder with ontology/ and data/"
    )
