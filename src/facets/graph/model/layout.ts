// The service map laid out by dagre (a layered layout): services as boxes holding their transactions, edges
// routed between them, left to right. Pure: the page and the SVG are drawn from what this answers.

import dagre from '@dagrejs/dagre'
import type { GraphAnswer, NodeAnswer } from './answer.ts'
import type { Counters } from './health.ts'

export interface Box {
  id: string
  name: string
  /** Centre and size. */
  x: number
  y: number
  width: number
  height: number
  counts: Counters
}

export interface ServiceBox extends Box {
  /** Transactions drawn inside; the service's own label box is the first line. */
  transactions: Box[]
}

export interface EdgeLine {
  from: string
  to: string
  fromName: string
  toName: string
  points: Array<{ x: number; y: number }>
  counts: Counters
}

export interface MapLayout {
  width: number
  height: number
  services: ServiceBox[]
  edges: EdgeLine[]
}

const LINE = 26
const CHAR = 7
const MAX_WIDTH = 240

const countsOf = (x: { status_ok: number; status_expected_error: number; status_unexpected_error: number }): Counters =>
  ({ ok: x.status_ok, expected: x.status_expected_error, unexpected: x.status_unexpected_error })

/** What the window's edges touch, with the services of their transactions, laid out. */
export function layoutMap(graph: GraphAnswer): MapLayout {
  const byId = new Map(graph.nodes.map((node) => [node.node_id, node]))
  const drawn = new Set<string>()
  const draw = (id: string) => {
    const node = byId.get(id)
    if (node === undefined) return
    drawn.add(id)
    if (node.parent_id !== null && byId.has(node.parent_id)) drawn.add(node.parent_id)
  }
  for (const edge of graph.edges) {
    draw(edge.from_node_id)
    draw(edge.to_node_id)
  }
  const transactionsOf = new Map<string, NodeAnswer[]>()
  for (const id of drawn) {
    const node = byId.get(id)!
    if (node.node_type === 'transaction' && node.parent_id !== null && drawn.has(node.parent_id)) {
      transactionsOf.set(node.parent_id, [...(transactionsOf.get(node.parent_id) ?? []), node])
    }
  }
  // transactions whose service is not known are drawn as services of their own
  const services = [...drawn].map((id) => byId.get(id)!).filter((n) => n.node_type === 'service' || n.parent_id === null || !drawn.has(n.parent_id))

  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false })
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, marginx: 12, marginy: 12 })
  g.setDefaultEdgeLabel(() => ({}))
  const size = (name: string) => ({ width: Math.min(MAX_WIDTH, 20 + CHAR * name.length), height: LINE })
  for (const service of services) {
    const inside = transactionsOf.get(service.node_id) ?? []
    if (inside.length === 0) {
      g.setNode(service.node_id, size(service.name))
      continue
    }
    // a box for the service and its label, the transactions beside it, all in one cluster
    g.setNode(cluster(service.node_id), { width: 0, height: 0, paddingTop: LINE })
    g.setNode(service.node_id, size(service.name))
    g.setParent(service.node_id, cluster(service.node_id))
    for (const t of inside) {
      g.setNode(t.node_id, size(t.name))
      g.setParent(t.node_id, cluster(service.node_id))
    }
  }
  for (const edge of graph.edges) {
    if (drawn.has(edge.from_node_id) && drawn.has(edge.to_node_id) && edge.from_node_id !== edge.to_node_id) {
      g.setEdge(edge.from_node_id, edge.to_node_id)
    }
  }
  dagre.layout(g)

  const boxOf = (id: string, name: string, counts: Counters): Box => {
    const { x = 0, y = 0, width, height } = g.node(id)
    return { id, name, x, y, width, height, counts }
  }
  const laid: ServiceBox[] = services.map((service) => {
    const inside = transactionsOf.get(service.node_id) ?? []
    const own = boxOf(service.node_id, service.name, countsOf(service))
    if (inside.length === 0) return { ...own, transactions: [] }
    const outer = boxOf(cluster(service.node_id), service.name, countsOf(service))
    return { ...outer, id: service.node_id, transactions: [own, ...inside.map((t) => boxOf(t.node_id, t.name, countsOf(t)))] }
  })
  const edges: EdgeLine[] = graph.edges.flatMap((edge) => {
    const line = g.edge(edge.from_node_id, edge.to_node_id)
    if (line?.points === undefined) return []
    return [{
      from: edge.from_node_id, to: edge.to_node_id,
      fromName: byId.get(edge.from_node_id)?.name ?? edge.from_node_id, toName: byId.get(edge.to_node_id)?.name ?? edge.to_node_id,
      points: line.points, counts: countsOf(edge),
    }]
  })
  const { width = 0, height = 0 } = g.graph()
  return { width, height, services: laid, edges }
}

const cluster = (id: string) => `cluster:${id}`
