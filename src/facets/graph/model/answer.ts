// The answers of the query routes, in the shape servicegraph's frontend reads: edges summed per pair of nodes
// over the window, each node with the same counters over its incoming edges (a transaction's count for its
// service too), active nodes with their last activity, the service map cut by traffic volume.

import { compareText } from '../../../core/message-order.ts'
import { noCounts, type Counters } from './health.ts'
import type { GraphQuery } from './query.ts'
import { isoSeconds } from './time.ts'
import type { EdgeInfos, EdgeRow, GraphNode } from './types.ts'

export interface CounterFields {
  status_ok: number
  status_expected_error: number
  status_unexpected_error: number
}

export interface EdgeAnswer extends CounterFields {
  from_node_id: string
  to_node_id: string
  description: string | null
  class: string | null
}

export interface NodeAnswer extends CounterFields {
  node_id: string
  node_type: string
  name: string
  parent_id: string | null
  description: string | null
  class: string | null
}

export interface GraphAnswer {
  edges: EdgeAnswer[]
  nodes: NodeAnswer[]
}

export interface ActiveNode extends Omit<NodeAnswer, keyof CounterFields> {
  last_activity: string
}

export interface Pair {
  from: GraphNode
  to: GraphNode
  counts: Counters
  last: number
}

/** The rows of the window summed per pair of registered nodes, after the type and status filters, in pair order. */
export function sumPairs(nodes: ReadonlyMap<string, GraphNode>, rows: readonly EdgeRow[], query: GraphQuery): Pair[] {
  const list: Pair[] = []
  let pair: Pair | undefined
  // rows in pair order (the recent counts give them so) are summed as they come; others are put in order first
  for (const row of inPairOrder(rows)) {
    if (query.edgeStatuses && !query.edgeStatuses.includes(row.status)) continue
    if (pair === undefined || row.from !== pair.from.nodeId || row.to !== pair.to.nodeId) {
      const from = nodes.get(row.from)
      const to = nodes.get(row.to)
      if (from === undefined || to === undefined) continue // kept: it appears once its nodes are registered
      if (query.fromTypes && !query.fromTypes.includes(from.nodeType)) continue
      if (query.toTypes && !query.toTypes.includes(to.nodeType)) continue
      list.push((pair = { from, to, counts: noCounts(), last: row.last }))
    }
    add(pair.counts, row.status, row.n)
    if (row.last > pair.last) pair.last = row.last
  }
  return list
}

function inPairOrder(rows: readonly EdgeRow[]): readonly EdgeRow[] {
  const order = (a: EdgeRow, b: EdgeRow) => compareText(a.from, b.from) || compareText(a.to, b.to)
  for (let i = 1; i < rows.length; i++) if (order(rows[i - 1]!, rows[i]!) > 0) return [...rows].sort(order)
  return rows
}

export function graphAnswer(nodes: ReadonlyMap<string, GraphNode>, pairs: readonly Pair[], info: EdgeInfos): GraphAnswer {
  const incoming = new Map<string, Counters>()
  const count = (id: string, counts: Counters) => {
    const into = incoming.get(id) ?? noCounts()
    into.ok += counts.ok
    into.expected += counts.expected
    into.unexpected += counts.unexpected
    incoming.set(id, into)
  }
  for (const pair of pairs) {
    count(pair.to.nodeId, pair.counts)
    if (pair.to.parentId !== null) count(pair.to.parentId, pair.counts)
  }
  return {
    edges: pairs.map((pair) => {
      const about = info.get(pair.from.nodeId)?.get(pair.to.nodeId)
      // written out, not spread: ten thousand of them are made per answer
      return {
        from_node_id: pair.from.nodeId,
        to_node_id: pair.to.nodeId,
        status_ok: pair.counts.ok,
        status_expected_error: pair.counts.expected,
        status_unexpected_error: pair.counts.unexpected,
        description: about?.description ?? null,
        class: about?.class ?? null,
      }
    }),
    nodes: [...nodes.values()].sort((a, b) => compareText(a.nodeId, b.nodeId))
      .map((node) => ({ ...nodeFields(node), ...counterFields(incoming.get(node.nodeId) ?? noCounts()) })),
  }
}

/** Nodes heard from in the window (as caller or callee; a transaction's activity is its service's too). */
export function activeNodes(nodes: ReadonlyMap<string, GraphNode>, pairs: readonly Pair[], query: GraphQuery): ActiveNode[] {
  const last = new Map<string, number>()
  const seen = (node: GraphNode, at: number) => {
    for (const id of node.parentId === null ? [node.nodeId] : [node.nodeId, node.parentId]) {
      if ((last.get(id) ?? -Infinity) < at) last.set(id, at)
    }
  }
  for (const pair of pairs) {
    seen(pair.from, pair.last)
    seen(pair.to, pair.last)
  }
  return [...last].flatMap(([id, at]) => {
    const node = nodes.get(id)
    if (node === undefined || (query.types && !query.types.includes(node.nodeType))) return []
    return [{ ...nodeFields(node), last_activity: isoSeconds(at) }]
  }).sort((a, b) => compareText(a.node_id, b.node_id))
}

/** Pairs whose volume percentile (the share of pairs with no more volume) is at least `percent`. */
export function byTraffic(pairs: readonly Pair[], percent: number): Pair[] {
  if (percent <= 0 || pairs.length === 0) return [...pairs]
  const volume = (p: Pair) => p.counts.ok + p.counts.expected + p.counts.unexpected
  const sorted = pairs.map(volume).sort((a, b) => a - b)
  const atMost = (v: number) => { // pairs with volume <= v: binary search for the first above
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (sorted[mid]! <= v) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return pairs.filter((p) => (100 * atMost(volume(p))) / sorted.length >= percent)
}

export function nodeFields(node: GraphNode): Omit<NodeAnswer, keyof CounterFields> {
  return { node_id: node.nodeId, node_type: node.nodeType, name: node.name, parent_id: node.parentId, description: node.description, class: node.class }
}

function counterFields(c: Counters): CounterFields {
  return { status_ok: c.ok, status_expected_error: c.expected, status_unexpected_error: c.unexpected }
}

function add(counts: Counters, status: EdgeRow['status'], n: number): void {
  if (status === 'ok') counts.ok += n
  else if (status === 'expected_error') counts.expected += n
  else counts.unexpected += n
}

