"""Export: the stored graph as NetworkX projections, written as GEXF (Gephi) or GraphML.

One module per format, each with a ``write_*`` and a matching ``read_*``.
"""
from dipgraph.export.gexf import read_gexf, write_gexf
from dipgraph.export.graphml import read_graphml, write_graphml
from dipgraph.export.projections import PROJECTIONS, projection

WRITERS = {"gexf": write_gexf, "graphml": write_graphml}
READERS = {"gexf": read_gexf, "graphml": read_graphml}

__all__ = ["PROJECTIONS", "projection", "write_gexf", "read_gexf", "write_graphml", "read_graphml",
           "WRITERS", "READERS"]
