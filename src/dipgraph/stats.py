"""What the store holds, counted."""
from __future__ import annotations

from dipgraph.query import run_local, with_prefixes

_COUNTS = """
SELECT
  (COUNT(DISTINCT ?release) AS ?releases)
  (COUNT(DISTINCT ?country) AS ?countries)
  (COUNT(DISTINCT ?official) AS ?officials)
  (COUNT(DISTINCT ?meeting) AS ?meetings)
  (COUNT(DISTINCT ?agreement) AS ?agreements)
  (COUNT(DISTINCT ?resolution) AS ?resolutions)
WHERE {
  GRAPH ?release {
    ?release a dip:Release .
    { ?release dip:mentionsCountry ?country }
    UNION { ?official a dip:Official }
    UNION { ?meeting a dip:Meeting }
    UNION { ?release dip:mentionsAgreement ?agreement }
    UNION { ?release dip:citesResolution ?resolution }
    UNION { }
  }
}"""


def store_stats(store) -> dict[str, int]:
    """Releases, triples (quads), countries mentioned, officials, meetings, agreements, resolutions."""
    result = run_local(store, with_prefixes(_COUNTS))
    row = dict(zip(result.variables, result.rows[0]))
    counts = {"releases": int(row["releases"]), "triples": len(store)}
    for key in ("countries", "officials", "meetings", "agreements", "resolutions"):
        counts[key] = int(row[key])
    return counts
