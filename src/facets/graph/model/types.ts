// What the service graph holds: nodes (services and their transactions) and edge counts in one-minute buckets,
// as servicegraph's SDK reports them.

export const nodeTypes = ['service', 'transaction'] as const
export type NodeType = (typeof nodeTypes)[number]

export const edgeStatuses = ['ok', 'expected_error', 'unexpected_error'] as const
export type EdgeStatus = (typeof edgeStatuses)[number]

export interface GraphNode {
  /** A UUID, lower-case and hyphenated. */
  nodeId: string
  nodeType: NodeType
  name: string
  /** A transaction's service; null for a service. */
  parentId: string | null
  description: string | null
  class: string | null
}

/** One reported edge count, its time already cut to the start of its minute. */
export interface EdgeReport {
  /** Milliseconds since the epoch, a whole minute. */
  minute: number
  from: string
  to: string
  status: EdgeStatus
  n: number
  description: string | null
  class: string | null
}

export interface Report {
  projectId: number
  nodes: GraphNode[]
  edges: EdgeReport[]
}

/** A bucket of counts as the store keeps it: a minute, or an hour summed from its minutes. */
export interface EdgeRow {
  /** The bucket's start, in milliseconds. */
  ts: number
  from: string
  to: string
  status: EdgeStatus
  n: number
  /** The newest minute counted in the bucket (its start for a minute bucket). */
  last: number
}

/** The latest description and class reported for a pair of nodes. */
export interface EdgeInfo {
  from: string
  to: string
  description: string | null
  class: string | null
}

/** Each pair's description, by caller, then callee: looked up without making a key per pair. */
export type EdgeInfos = Map<string, Map<string, EdgeInfo>>

export function edgeInfos(infos: Iterable<EdgeInfo>): EdgeInfos {
  const byFrom: EdgeInfos = new Map()
  for (const info of infos) setEdgeInfo(byFrom, info)
  return byFrom
}

export function setEdgeInfo(byFrom: EdgeInfos, info: EdgeInfo): void {
  let callees = byFrom.get(info.from)
  if (callees === undefined) byFrom.set(info.from, (callees = new Map()))
  callees.set(info.to, info)
}

export type Resolution = 'minute' | 'hour'

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000
