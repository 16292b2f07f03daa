"""Shared fixtures. Tests that need ../shared (the annotated corpora) skip where it is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = REPO / "data" / "examples" / "kor-2016-06-13-lavrov-moscow.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only folder of annotated corpora beside the checkout; skip when it is not there."""
    if not (SHARED / "corpus" / "dev").is_dir():
        pytest.skip(f"the shared corpora are not at {SHARED} (only present beside a development checkout)")
    return SHARED


@pytest.fixture
def seed_path() -> Path:
    return SEED
