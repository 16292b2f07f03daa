"""Shared fixtures. Tests that need ../shared (the annotated corpora) skip where it is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["sparql_servers"]  # real SPARQL servers and stores to push, for the endpoint tests

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


def sample_extraction():
    """A small hand-made extraction (what the rules would find in a short readout), for the stages
    after extraction: their tests then do not depend on the extractor's rules."""
    from dipgraph.models import Agreement, Extraction, Meeting, Official, Release, Resolution

    text = ("Foreign Minister Meets Russian Counterpart\n\n"
            "Foreign Minister Yun Byung-se met Foreign Minister Sergey Lavrov of Russia in Moscow on June 13. "
            "They signed the plan of exchanges. Resolution 2270 should be implemented. "
            "Minister Lavrov will visit Seoul.")
    release = Release(source="sample.txt", text=text, title="Foreign Minister Meets Russian Counterpart",
                      date="2016-06-13", url="http://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=316644",
                      publisher="Ministry of Foreign Affairs, Republic of Korea", publisher_country="KOR",
                      body_start=44)
    return Extraction(
        release=release,
        countries=("KOR", "RUS"),
        officials=(Official("Yun Byung-se", "Foreign Minister", "KOR"),
                   Official("Sergey Lavrov", "Foreign Minister", "RUS")),
        meetings=(Meeting("meeting", "2016-06-13", "Moscow", ("Yun Byung-se", "Sergey Lavrov"), ("KOR", "RUS"), True),
                  Meeting("visit", None, None, ("Sergey Lavrov",), ("KOR", "RUS"), False)),
        agreements=(Agreement("plan of exchanges", ("KOR", "RUS"), True, "2016-06-13"),),
        resolutions=(Resolution("UNSC", "2270"),),
    )


@pytest.fixture
def sample():
    return sample_extraction()
