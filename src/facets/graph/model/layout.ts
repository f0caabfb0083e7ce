// The service map laid out by dagre (a layered layout), left to right: services as boxes holding their
// transactions, one row each. Dagre places the services from a skeleton of the traffic — the heaviest spanning
// forest, then the heaviest other links up to a budget — because a layered layout of every link of a dense map
// costs seconds (200 services with 2,000 random links: 6 s) where the skeleton costs a tenth of one and reads
// better. Every edge is then drawn, from its caller's row to its callee's. Pure: the SVG is drawn from this.

import dagre from '@dagrejs/dagre'
import type { GraphAnswer, NodeAnswer } from './answer.ts'
import type { Counters } from './health.ts'

export interface Box {
  id: string
  name: string
  /** Top left corner and size. */
  x: number
  y: number
  width: number
  height: number
  counts: Counters
}

export interface ServiceBox extends Box {
  /** Its transactions, one row each under the service's name. */
  transactions: Box[]
}

export interface EdgeLine {
  from: string
  to: string
  fromName: string
  toName: string
  /** A cubic curve: start, two control points, end. */
  points: [Point, Point, Point, Point]
  counts: Counters
}

export interface Point {
  x: number
  y: number
}

export interface MapLayout {
  width: number
  height: number
  services: ServiceBox[]
  edges: EdgeLine[]
}

const ROW = 24
const PAD = 6
const CHAR = 7
const MAX_WIDTH = 240
/** Links beyond the spanning forest dagre is given, the heaviest first. */
const EXTRA_LINKS = 60

const countsOf = (x: { status_ok: number; status_expected_error: number; status_unexpected_error: number }): Counters =>
  ({ ok: x.status_ok, expected: x.status_expected_error, unexpected: x.status_unexpected_error })
const volume = (c: Counters) => c.ok + c.expected + c.unexpected

/** What the window's edges touch, with the services of their transactions, laid out. */
export function layoutMap(graph: GraphAnswer): MapLayout {
  const byId = new Map(graph.nodes.map((node) => [node.node_id, node]))
  const edges = graph.edges.filter((e) => byId.has(e.from_node_id) && byId.has(e.to_node_id))
  const drawn = new Set<string>()
  for (const e of edges) for (const id of [e.from_node_id, e.to_node_id]) {
    drawn.add(id)
    const parent = byId.get(id)!.parent_id
    if (parent !== null && byId.has(parent)) drawn.add(parent)
  }
  // a transaction whose service is not known is drawn as a service of its own
  const serviceOf = (node: NodeAnswer) => (node.parent_id !== null && drawn.has(node.parent_id) ? node.parent_id : node.node_id)
  const inside = new Map<string, NodeAnswer[]>()
  const services: NodeAnswer[] = []
  for (const id of [...drawn].sort()) {
    const node = byId.get(id)!
    if (serviceOf(node) === id) services.push(node)
    else inside.set(serviceOf(node), [...(inside.get(serviceOf(node)) ?? []), node])
  }

  const g = new dagre.graphlib.Graph({ multigraph: false })
  g.setGraph({ rankdir: 'LR', nodesep: 16, ranksep: 90, marginx: 12, marginy: 12 })
  g.setDefaultEdgeLabel(() => ({}))
  const textWidth = (name: string) => Math.min(MAX_WIDTH, 2 * PAD + CHAR * name.length)
  for (const s of services) {
    const rows = [s, ...(inside.get(s.node_id) ?? [])]
    g.setNode(s.node_id, { width: Math.max(...rows.map((r) => textWidth(r.name))) + 2 * PAD, height: rows.length * ROW + (rows.length > 1 ? PAD * 2 : 0) })
  }
  for (const [from, to] of skeleton(edges.map((e) => ({ from: serviceOf(byId.get(e.from_node_id)!), to: serviceOf(byId.get(e.to_node_id)!), weight: volume(countsOf(e)) })))) {
    g.setEdge(from, to)
  }
  dagre.layout(g)

  const boxes = new Map<string, Box>()
  const laid: ServiceBox[] = services.map((s) => {
    const { x = 0, y = 0, width, height } = g.node(s.node_id)
    const top = y - height / 2
    const left = x - width / 2
    const box: ServiceBox = { id: s.node_id, name: s.name, x: left, y: top, width, height, counts: countsOf(s), transactions: [] }
    boxes.set(s.node_id, { ...box, height: ROW })
    for (const [i, t] of (inside.get(s.node_id) ?? []).entries()) {
      const row: Box = { id: t.node_id, name: t.name, x: left + PAD, y: top + ROW + PAD + i * ROW, width: width - 2 * PAD, height: ROW - 4, counts: countsOf(t) }
      box.transactions.push(row)
      boxes.set(t.node_id, row)
    }
    return box
  })
  const lines: EdgeLine[] = edges.map((e) => {
    const a = boxes.get(e.from_node_id)!
    const b = boxes.get(e.to_node_id)!
    const start = { x: a.x + a.width, y: a.y + a.height / 2 }
    const end = { x: b.x, y: b.y + b.height / 2 }
    // forwards a gentle S; backwards (or to itself) a loop that leaves right and comes in left
    const bend = Math.max(40, Math.abs(end.x - start.x) / 2)
    return {
      from: e.from_node_id, to: e.to_node_id, fromName: a.name, toName: b.name,
      points: [start, { x: start.x + bend, y: start.y }, { x: end.x - bend, y: end.y }, end],
      counts: countsOf(e),
    }
  })
  const { width = 0, height = 0 } = g.graph()
  return { width, height, services: laid, edges: lines }
}

interface Link {
  from: string
  to: string
  weight: number
}

/** The heaviest spanning forest of the links between services (as if undirected), and the next heaviest few. */
export function skeleton(links: readonly Link[]): Array<[string, string]> {
  const summed = new Map<string, Link>()
  for (const l of links) {
    if (l.from === l.to) continue
    const key = `${l.from} ${l.to}`
    const had = summed.get(key)
    if (had) had.weight += l.weight
    else summed.set(key, { ...l })
  }
  const sorted = [...summed.values()].sort((a, b) => b.weight - a.weight || (a.from + a.to < b.from + b.to ? -1 : 1))
  const parent = new Map<string, string>()
  const root = (x: string): string => {
    let r = x
    while (parent.has(r)) r = parent.get(r)!
    if (r !== x) parent.set(x, r) // shorten the path
    return r
  }
  const chosen: Array<[string, string]> = []
  const rest: Link[] = []
  for (const l of sorted) {
    const a = root(l.from)
    const b = root(l.to)
    if (a === b) rest.push(l)
    else {
      parent.set(a, b)
      chosen.push([l.from, l.to])
    }
  }
  for (const l of rest.slice(0, EXTRA_LINKS)) chosen.push([l.from, l.to])
  return chosen
}
