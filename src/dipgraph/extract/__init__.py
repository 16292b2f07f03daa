"""Extract: a :class:`~dipgraph.models.Release` → an :class:`~dipgraph.models.Extraction`.

One module per fact kind; this module only runs them in order (officials need countries, meetings
need officials, and so on).
"""
from __future__ import annotations

from dipgraph.models import Extraction, Release

EXTRACTOR_VERSION = "0.1"


def extract(release: Release) -> Extraction:
    """Every fact the rules find in ``release``."""
    return Extraction(release=release)
