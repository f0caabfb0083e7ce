// The service graph's own store: nodes, edge counts in minute and hour buckets, each pair's latest description.
// Two implementations, over a key space (LevelDB, memory) and over tables (PostgreSQL), one contract suite
// (test/graph/graph-store.test.ts).

import { windowSpans } from './model/window.ts'
import { edgeInfos, type EdgeInfo, type EdgeInfos, type EdgeRow, type GraphNode, type Report, type Resolution } from './model/types.ts'

export interface Known {
  nodes: ReadonlyMap<string, GraphNode>
  infos: EdgeInfos
}

export interface GraphStore {
  /**
   * Adds the reports' counts to their buckets and keeps their nodes (the latest report of a node wins); resolves
   * once it is durable. Reports submitted while a write is under way are written together in the next one.
   */
  submit(report: Report): Promise<void>
  /** The project's nodes, or only those named. */
  nodes(projectId: number, ids?: readonly string[]): Promise<GraphNode[]>
  /**
   * The counts of a window (bucket starts within [start, end]): whole hours from the hour buckets, the minutes at
   * either end from the minute buckets (windowSpans); a pair and status may come summed into one row per span.
   */
  totals(projectId: number, start: number, end: number): Promise<EdgeRow[]>
  /** The project's nodes by id and each pair's latest description: what a query names its counts with. */
  known(projectId: number): Promise<Known>
  /** Loads what the queries are answered from, when the store keeps something in memory; else the first query does. */
  warm?(): Promise<void>
  /** Buckets of one resolution whose start is within [from, to], inclusive. */
  rows(projectId: number, resolution: Resolution, from: number, to: number): Promise<EdgeRow[]>
  /** The latest description and class of each pair of the project. */
  edgeInfo(projectId: number): Promise<EdgeInfo[]>
  /** Every project reported, in order. */
  projects(): Promise<number[]>
  /** Retention: removes minute buckets before `cutoff`, and hour buckets that ended before it; answers how many. */
  deleteBefore(cutoff: number): Promise<number>
}

/** A window's counts read bucket by bucket: `totals` of a store that keeps no sums of its own. */
export async function windowRows(store: GraphStore, projectId: number, start: number, end: number): Promise<EdgeRow[]> {
  const spans = windowSpans(start, end)
  return (await Promise.all(spans.map((span) => store.rows(projectId, span.resolution, span.from, span.to)))).flat()
}

/** `known` from a store's lists. */
export function knownOf(nodes: readonly GraphNode[], infos: readonly EdgeInfo[]): Known {
  return { nodes: new Map(nodes.map((node) => [node.nodeId, node])), infos: edgeInfos(infos) }
}
