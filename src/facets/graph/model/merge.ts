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

/** Status in the low bits of a bucket's number: ts (a whole minute, in ms) * 4 + status. */
const statusBits: Record<EdgeStatus, number> = { ok: 0, expected_error: 1, unexpected_error: 2 }

export function mergeReports(reports: readonly Report[]): MergedBatch {
  const nodes = new Map<string, GraphNode & { projectId: number }>()
  const out = { minutes: [] as BucketSum[], hours: [] as BucketSum[] }
  // by project, caller, callee, then bucket: keys that are the report's own strings and numbers, none built per edge
  const buckets = new Map<number, Map<string, Map<string, { minutes: Map<number, BucketSum>; hours: Map<number, BucketSum> }>>>()
  const infos = new Map<string, EdgeInfo & { projectId: number }>()
  const projects = new Set<number>()
  const sum = (into: Map<number, BucketSum>, list: BucketSum[], row: BucketSum) => {
    const key = row.ts * 4 + statusBits[row.status]
    const had = into.get(key)
    if (had === undefined) {
      into.set(key, row)
      list.push(row)
    } else {
      had.n += row.n
      if (row.last > had.last) had.last = row.last
    }
  }
  for (const { projectId, nodes: reported, edges } of reports) {
    projects.add(projectId)
    for (const node of reported) nodes.set(`${projectId} ${node.nodeId}`, { ...node, projectId }) // the latest wins
    let callers = buckets.get(projectId)
    if (callers === undefined) buckets.set(projectId, (callers = new Map()))
    for (const edge of edges) {
      let callees = callers.get(edge.from)
      if (callees === undefined) callers.set(edge.from, (callees = new Map()))
      let pair = callees.get(edge.to)
      if (pair === undefined) callees.set(edge.to, (pair = { minutes: new Map(), hours: new Map() }))
      sum(pair.minutes, out.minutes, { projectId, ts: edge.minute, from: edge.from, to: edge.to, status: edge.status, n: edge.n, last: edge.minute })
      sum(pair.hours, out.hours, { projectId, ts: Math.floor(edge.minute / HOUR) * HOUR, from: edge.from, to: edge.to, status: edge.status, n: edge.n, last: edge.minute })
      // a report without a description keeps the one reported before
      if (edge.description === null && edge.class === null) continue
      const key = `${projectId} ${edge.from} ${edge.to}`
      const had = infos.get(key)
      infos.set(key, { projectId, from: edge.from, to: edge.to, description: edge.description ?? had?.description ?? null, class: edge.class ?? had?.class ?? null })
    }
  }
  return { nodes: [...nodes.values()], minutes: out.minutes, hours: out.hours, infos: [...infos.values()], projects: [...projects] }
}
