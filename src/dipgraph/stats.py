"""What the store holds, counted."""
from __future__ import annotations

from dipgraph.query import run_local, with_prefixes

# One count per subquery, each pattern in its own subquery (hash joins): 3.0 → 0.3 s on 19,000 releases.
_COUNTS = """
SELECT ?releases ?countries ?officials ?meetings ?agreements ?resolutions WHERE {
  { SELECT (COUNT(DISTINCT ?release) AS ?releases) WHERE { GRAPH ?release { ?release a dip:Release } } }
  { SELECT (COUNT(DISTINCT ?country) AS ?countries) WHERE {
      { SELECT * WHERE { GRAPH ?release { ?release a dip:Release } } }
      { SELECT * WHERE { GRAPH ?release { ?release dip:mentionsCountry ?country } } } } }
  { SELECT (COUNT(DISTINCT ?official) AS ?officials) WHERE {
      { SELECT * WHERE { GRAPH ?release { ?release a dip:Release } } }
      { SELECT * WHERE { GRAPH ?release { ?official a dip:Official } } } } }
  { SELECT (COUNT(DISTINCT ?meeting) AS ?meetings) WHERE {
      { SELECT * WHERE { GRAPH ?release { ?release a dip:Release } } }
      { SELECT * WHERE { GRAPH ?release { ?meeting a dip:Meeting } } } } }
  { SELECT (COUNT(DISTINCT ?agreement) AS ?agreements) WHERE {
      { SELECT * WHERE { GRAPH ?release { ?release a dip:Release } } }
      { SELECT * WHERE { GRAPH ?release { ?release dip:mentionsAgreement ?agreement } } } } }
  { SELECT (COUNT(DISTINCT ?resolution) AS ?resolutions) WHERE {
      { SELECT * WHERE { GRAPH ?release { ?release a dip:Release } } }
      { SELECT * WHERE { GRAPH ?release { ?release dip:citesResolution ?resolution } } } } }
}"""


def store_stats(store) -> dict[str, int]:
    """Releases, triples (quads), countries mentioned, officials, meetings, agreements, resolutions."""
    result = run_local(store, with_prefixes(_COUNTS))
    row = dict(zip(result.variables, result.rows[0]))
    counts = {"releases": int(row["releases"]), "triples": len(store)}
    for key in ("countries", "officials", "meetings", "agreements", "resolutions"):
        counts[key] = int(row[key])
    return counts
