// The service graph's own store: nodes, edge counts in minute and hour buckets, each pair's latest description.
// Two implementations, over a key space (LevelDB, memory) and over tables (PostgreSQL), one contract suite
// (test/graph/graph-store.test.ts).

import type { EdgeInfo, EdgeRow, GraphNode, Report, Resolution } from './model/types.ts'

export interface GraphStore {
  /**
   * Adds the reports' counts to their buckets and keeps their nodes (the latest report of a node wins); resolves
   * once it is durable. Reports submitted while a write is under way are written together in the next one.
   */
  submit(report: Report): Promise<void>
  /** The project's nodes, or only those named. */
  nodes(projectId: number, ids?: readonly string[]): Promise<GraphNode[]>
  /** Buckets of one resolution whose start is within [from, to], inclusive. */
  rows(projectId: number, resolution: Resolution, from: number, to: number): Promise<EdgeRow[]>
  /** The latest description and class of each pair of the project. */
  edgeInfo(projectId: number): Promise<EdgeInfo[]>
  /** Every project reported, in order. */
  projects(): Promise<number[]>
  /** Retention: removes minute buckets before `cutoff`, and hour buckets that ended before it; answers how many. */
  deleteBefore(cutoff: number): Promise<number>
}
