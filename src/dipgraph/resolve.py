"""Resolve: mentions → canonical entities, so the same person or place gets one IRI everywhere.

Deterministic: the same mention always resolves to the same key, whatever release it is in.
"""
from __future__ import annotations

import re
import unicodedata

_HONORIFICS = re.compile(r"^(?:(?:H\.?\s?E\.?|Mr|Mrs|Ms|Dr|Prof|His|Her|Excellency|Hon|Honourable|Honorable)\.?\s+)+",
                         re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case without accents: ``"Mélanie"`` → ``"melanie"``."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def slug(text: str, *, max_length: int = 80) -> str:
    """A lowercase ASCII slug of ``text`` for use in an IRI path segment (never empty)."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    result = "-".join(words)[:max_length].strip("-")
    return result or "x"


def person_key(name: str) -> str:
    """The key that identifies a person's name within one country (honorifics and case ignored)."""
    name = _HONORIFICS.sub("", name.strip())
    return slug(name.replace("-", ""))
