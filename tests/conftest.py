"""Shared fixtures: the project under test and its graph, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkg.paths import Project

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)
