// The bodies of the query routes (/api/graph, /api/active-nodes, /api/service-map, /api/histogram), checked:
// a project, a window (the last hour by default, bounds inclusive, by bucket start) and filters.

import { InvalidField, isRecord, kindOf, projectId } from './problem.ts'
import { oneOf } from './report.ts'
import { parseRfc3339 } from './time.ts'
import { edgeStatuses, HOUR, nodeTypes, type EdgeStatus, type NodeType } from './types.ts'

export interface GraphQuery {
  projectId: number
  start: number
  end: number
  /** Absent: every type (or status). */
  fromTypes?: NodeType[]
  toTypes?: NodeType[]
  edgeStatuses?: EdgeStatus[]
  /** Active nodes of these types only. */
  types?: NodeType[]
  /** 0–100: keep edges whose volume percentile is at least this. */
  trafficVolume: number
}

export function parseQuery(body: unknown, now: number): GraphQuery {
  if (!isRecord(body)) throw new InvalidField('$', `expected an object with project_id, got ${kindOf(body)}`)
  const end = time(body.end_date, 'end_date') ?? now
  const start = time(body.start_date, 'start_date') ?? end - HOUR
  if (start > end) throw new InvalidField('start_date', 'is after end_date')
  const query: GraphQuery = { projectId: projectId(body.project_id, 'project_id'), start, end, trafficVolume: 0 }
  const fromTypes = list(body.from_types, 'from_types', nodeTypes)
  const toTypes = list(body.to_types, 'to_types', nodeTypes)
  const statuses = list(body.edge_statuses, 'edge_statuses', edgeStatuses)
  const types = list(body.types, 'types', nodeTypes)
  if (fromTypes) query.fromTypes = fromTypes as NodeType[]
  if (toTypes) query.toTypes = toTypes as NodeType[]
  if (statuses) query.edgeStatuses = statuses as EdgeStatus[]
  if (types) query.types = types as NodeType[]
  const volume = body.traffic_volume
  if (volume !== undefined && volume !== null) {
    if (typeof volume !== 'number' || !(volume >= 0 && volume <= 100)) throw new InvalidField('traffic_volume', `expected a number from 0 to 100, got ${kindOf(volume)}`)
    query.trafficVolume = volume
  }
  return query
}

function time(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined
  const ms = typeof value === 'string' ? parseRfc3339(value) : undefined
  if (ms === undefined) throw new InvalidField(path, `expected an RFC 3339 time with an offset, like 2026-12-02T12:34:00Z, got ${kindOf(value)}`)
  return ms
}

function list(value: unknown, path: string, allowed: readonly string[]): string[] | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) throw new InvalidField(path, `expected an array of ${allowed.join(', ')}, got ${kindOf(value)}`)
  return value.map((item, i) => oneOf(item, `${path}[${i}]`, allowed))
}
