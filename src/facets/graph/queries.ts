// The query routes' answers, read from the graph store: the window's counts (GraphStore.totals), then summed by
// the pure model.

import type { GraphStore } from './graph-store.ts'
import { activeNodes, byTraffic, graphAnswer, sumPairs, type ActiveNode, type GraphAnswer, type Pair } from './model/answer.ts'
import { histogram, granularityOf, resolutionFor, type HistogramAnswer } from './model/histogram.ts'
import type { GraphQuery } from './model/query.ts'
import { HOUR, type EdgeInfos, type EdgeRow, type GraphNode } from './model/types.ts'

export interface Window {
  nodes: ReadonlyMap<string, GraphNode>
  pairs: Pair[]
  info: EdgeInfos
}

export async function readWindow(store: GraphStore, query: GraphQuery): Promise<Window> {
  const [{ nodes, infos }, rows] = await Promise.all([store.known(query.projectId), store.totals(query.projectId, query.start, query.end)])
  return { nodes, pairs: sumPairs(nodes, rows, query), info: infos }
}

export async function graphOf(store: GraphStore, query: GraphQuery): Promise<GraphAnswer> {
  const { nodes, pairs, info } = await readWindow(store, query)
  return graphAnswer(nodes, byTraffic(pairs, query.trafficVolume), info)
}

export async function activeNodesOf(store: GraphStore, query: GraphQuery): Promise<ActiveNode[]> {
  const { nodes, pairs } = await readWindow(store, query)
  return activeNodes(nodes, pairs, query)
}

export async function serviceMapOf(store: GraphStore, query: GraphQuery): Promise<{ graph: GraphAnswer; active_nodes: ActiveNode[] }> {
  const { nodes, pairs, info } = await readWindow(store, query)
  return { graph: graphAnswer(nodes, byTraffic(pairs, query.trafficVolume), info), active_nodes: activeNodes(nodes, pairs, query) }
}

/** Counts of the edges between registered nodes that pass the filters, over time. */
export async function histogramOf(store: GraphStore, query: GraphQuery): Promise<HistogramAnswer> {
  const resolution = resolutionFor(granularityOf(query.start, query.end))
  // hour buckets holding the window's start count whole: the bars are an hour or a day wide
  const from = resolution === 'hour' ? Math.floor(query.start / HOUR) * HOUR : query.start
  const [nodes, rows] = await Promise.all([store.nodes(query.projectId), store.rows(query.projectId, resolution, from, query.end)])
  const byId = new Map(nodes.map((node) => [node.nodeId, node]))
  const keep = (row: EdgeRow) => {
    const a = byId.get(row.from)
    const b = byId.get(row.to)
    return a !== undefined && b !== undefined && (!query.edgeStatuses || query.edgeStatuses.includes(row.status))
      && (!query.fromTypes || query.fromTypes.includes(a.nodeType)) && (!query.toTypes || query.toTypes.includes(b.nodeType))
  }
  return histogram(rows, query.start, query.end, keep)
}
