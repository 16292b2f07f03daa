"""Export: the stored graph as NetworkX projections, and writers for the tools researchers use.

One module per format, each with a ``write_*`` and a matching ``read_*`` that take a path or an open
binary file: GEXF 1.3 (Gephi), GraphML (yEd, Cytoscape), node-link JSON (d3, sigma.js) and edge-list
CSV (R, igraph). :func:`add_metrics` adds centralities and communities as node attributes.
"""
from dipgraph.export.edgelist import read_edgelist_csv, write_edgelist_csv
from dipgraph.export.gexf import read_gexf, write_gexf
from dipgraph.export.graphml import read_graphml, write_graphml
from dipgraph.export.metrics import add_metrics
from dipgraph.export.nodelink import read_node_link, write_node_link
from dipgraph.export.projections import EVENT_KINDS, PROJECTIONS, Filters, projection, query_projection

FORMATS: tuple[str, ...] = ("gexf", "graphml", "json", "csv")
WRITERS = {"gexf": write_gexf, "graphml": write_graphml, "json": write_node_link, "csv": write_edgelist_csv}
READERS = {"gexf": read_gexf, "graphml": read_graphml, "json": read_node_link, "csv": read_edgelist_csv}
SUFFIXES = {".gexf": "gexf", ".graphml": "graphml", ".json": "json", ".csv": "csv"}
"""The format a file name's suffix implies."""

__all__ = ["PROJECTIONS", "EVENT_KINDS", "FORMATS", "Filters", "projection", "query_projection", "add_metrics",
           "write_gexf", "read_gexf", "write_graphml", "read_graphml", "write_node_link", "read_node_link",
           "write_edgelist_csv", "read_edgelist_csv", "WRITERS", "READERS", "SUFFIXES"]
