// Parse a GEXF file with graphology-gexf and print what it read as JSON:
// the graph's type, order and size, each node's attributes and each edge's ends and attributes.
import {readFileSync} from 'node:fs';
import Graph from 'graphology';
import gexf from 'graphology-gexf';

const path = process.argv[2];
if (!path) {
  console.error('usage: node parse_gexf.mjs FILE.gexf');
  process.exit(2);
}
const graph = gexf.parse(Graph, readFileSync(path, 'utf-8'));
const nodes = {};
graph.forEachNode((key, attributes) => { nodes[key] = attributes; });
const edges = [];
graph.forEachEdge((key, attributes, source, target) => { edges.push({source, target, attributes}); });
console.log(JSON.stringify({
  type: graph.type, multi: graph.multi, order: graph.order, size: graph.size,
  attributes: graph.getAttributes(), nodes, edges,
}));
