"""dipgraph: diplomatic press releases → an RDF knowledge graph of bilateral relations.

The data flows read → extract → resolve → map → store → query/export; :mod:`dipgraph.pipeline`
is the one place that knows the order.
"""
from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("dipgraph")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"

from dipgraph.errors import DipgraphError  # noqa: E402
from dipgraph.models import Agreement, Extraction, Meeting, Official, Release, Resolution  # noqa: E402

__all__ = [
    "__version__",
    "DipgraphError",
    "Release",
    "Extraction",
    "Official",
    "Meeting",
    "Agreement",
    "Resolution",
]
