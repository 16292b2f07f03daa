"""Writing a finished file: every writer builds its whole output first, so a graph that cannot be
written leaves no truncated file behind."""
from __future__ import annotations

from typing import BinaryIO

from networkx.utils import open_file


@open_file(1, mode="wb")
def write_bytes(data: bytes, path: str | BinaryIO) -> None:
    """Write ``data`` to ``path``: a file name (``.gz`` and ``.bz2`` compress) or an open binary file."""
    path.write(data)
