// Reports that are written together, merged first: one count per bucket (a minute, and the hour it is in), the
// latest of each node and of each pair's description (and class) given, so that a store writes each key once per batch.

import { HOUR, type EdgeInfo, type EdgeStatus, type GraphNode, type Report } from './types.ts'

export interface BucketSum {
  projectId: number
  ts: number
  from: string
  to: string
  status: EdgeStatus
  n: number
  last: number
}

export interface MergedBatch {
  nodes: Array<GraphNode & { projectId: number }>
  minutes: BucketSum[]
  hours: BucketSum[]
  infos: Array<EdgeInfo & { projectId: number }>
  projects: number[]
}

export function mergeReports(reports: readonly Report[]): MergedBatch {
  const nodes = new Map<string, GraphNode & { projectId: number }>()
  const minutes = new Map<string, BucketSum>()
  const hours = new Map<string, BucketSum>()
  const infos = new Map<string, EdgeInfo & { projectId: number }>()
  const projects = new Set<number>()
  const sum = (into: Map<string, BucketSum>, row: BucketSum) => {
    const key = `${row.projectId} ${row.ts} ${row.from} ${row.to} ${row.status}`
    const had = into.get(key)
    if (had === undefined) into.set(key, row)
    else {
      had.n += row.n
      if (row.last > had.last) had.last = row.last
    }
  }
  for (const { projectId, nodes: reported, edges } of reports) {
    projects.add(projectId)
    for (const node of reported) nodes.set(`${projectId} ${node.nodeId}`, { ...node, projectId }) // the latest wins
    for (const edge of edges) {
      const base = { projectId, from: edge.from, to: edge.to, status: edge.status, n: edge.n, last: edge.minute }
      sum(minutes, { ...base, ts: edge.minute })
      sum(hours, { ...base, ts: Math.floor(edge.minute / HOUR) * HOUR })
      // a report without a description keeps the one reported before
      if (edge.description === null && edge.class === null) continue
      const key = `${projectId} ${edge.from} ${edge.to}`
      const had = infos.get(key)
      infos.set(key, { projectId, from: edge.from, to: edge.to, description: edge.description ?? had?.description ?? null, class: edge.class ?? had?.class ?? null })
    }
  }
  return { nodes: [...nodes.values()], minutes: [...minutes.values()], hours: [...hours.values()], infos: [...infos.values()], projects: [...projects] }
}
