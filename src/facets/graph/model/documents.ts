// The graph for people and documents: a terminal table (unhealthy in red), Graphviz DOT and Mermaid.
// Renderers return text; the command prints it.

import type { GraphAnswer, NodeAnswer } from './answer.ts'
import { errorRate, isUnhealthy, type Counters } from './health.ts'

const countsOf = (x: { status_ok: number; status_expected_error: number; status_unexpected_error: number }): Counters =>
  ({ ok: x.status_ok, expected: x.status_expected_error, unexpected: x.status_unexpected_error })
const total = (c: Counters) => c.ok + c.expected + c.unexpected
const rate = (c: Counters) => `${(100 * errorRate(c)).toFixed(1)}%`

/** `service` or `service / transaction`. */
function labelOf(nodes: ReadonlyMap<string, NodeAnswer>, id: string): string {
  const node = nodes.get(id)
  if (node === undefined) return id
  const parent = node.parent_id === null ? undefined : nodes.get(node.parent_id)
  return parent === undefined ? node.name : `${parent.name} / ${node.name}`
}

export function graphTable(graph: GraphAnswer, red: (text: string) => string, title: string): string[] {
  const nodes = new Map(graph.nodes.map((n) => [n.node_id, n]))
  const services = graph.nodes.filter((n) => n.node_type === 'service' && total(countsOf(n)) > 0)
  const rows = graph.edges.map((e) => {
    const c = countsOf(e)
    return { from: labelOf(nodes, e.from_node_id), to: labelOf(nodes, e.to_node_id), calls: String(total(c)), errors: rate(c), bad: isUnhealthy(c) }
  }).sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1))
  const lines = [`${title}: ${graph.edges.length} edge${graph.edges.length === 1 ? '' : 's'}`]
  if (rows.length === 0) return [...lines, '(no edges in this window)']
  const header = { from: 'FROM', to: 'TO', calls: 'CALLS', errors: 'ERRORS', bad: false }
  const all = [header, ...rows]
  const w = (key: 'from' | 'to' | 'calls' | 'errors') => Math.max(...all.map((r) => r[key].length))
  const line = (r: typeof header) =>
    `${r.from.padEnd(w('from'))}  ${r.to.padEnd(w('to'))}  ${r.calls.padStart(w('calls'))}  ${r.errors.padStart(w('errors'))}${r.bad ? '  unhealthy' : ''}`
  lines.push(line(header), ...rows.map((r) => (r.bad ? red(line(r)) : line(r))))
  if (services.length > 0) {
    lines.push('', 'SERVICES (calls in)')
    const width = Math.max(...services.map((s) => s.name.length))
    for (const s of services.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const c = countsOf(s)
      const text = `${s.name.padEnd(width)}  ${String(total(c)).padStart(8)}  ${rate(c).padStart(6)}${isUnhealthy(c) ? '  unhealthy' : ''}`
      lines.push(isUnhealthy(c) ? red(text) : text)
    }
  }
  return lines
}

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

/** Drawn nodes: those the edges touch and their services. */
function drawn(graph: GraphAnswer): { nodes: Map<string, NodeAnswer>; services: NodeAnswer[]; inside: Map<string, NodeAnswer[]> } {
  const nodes = new Map(graph.nodes.map((n) => [n.node_id, n]))
  const ids = new Set<string>()
  for (const e of graph.edges) for (const id of [e.from_node_id, e.to_node_id]) {
    const node = nodes.get(id)
    if (node === undefined) continue
    ids.add(id)
    if (node.parent_id !== null && nodes.has(node.parent_id)) ids.add(node.parent_id)
  }
  const inside = new Map<string, NodeAnswer[]>()
  const services: NodeAnswer[] = []
  for (const id of [...ids].sort()) {
    const node = nodes.get(id)!
    if (node.parent_id !== null && ids.has(node.parent_id)) inside.set(node.parent_id, [...(inside.get(node.parent_id) ?? []), node])
    else services.push(node)
  }
  return { nodes, services, inside }
}

export function graphDot(graph: GraphAnswer): string {
  const { services, inside } = drawn(graph)
  const out = ['digraph servicegraph {', '  rankdir=LR;', '  node [shape=box];']
  const node = (n: NodeAnswer, indent: string) =>
    `${indent}${quote(n.node_id)} [label=${quote(n.name)}${isUnhealthy(countsOf(n)) ? ', color=red' : ''}];`
  for (const s of services) {
    const children = inside.get(s.node_id) ?? []
    if (children.length === 0) {
      out.push(node(s, '  '))
      continue
    }
    out.push(`  subgraph ${quote(`cluster_${s.node_id}`)} {`, `    label=${quote(s.name)};`, node(s, '    '), ...children.map((c) => node(c, '    ')), '  }')
  }
  for (const e of graph.edges) {
    const c = countsOf(e)
    out.push(`  ${quote(e.from_node_id)} -> ${quote(e.to_node_id)} [label=${quote(`${total(c)} (${rate(c)} errors)`)}${isUnhealthy(c) ? ', color=red' : ''}];`)
  }
  out.push('}')
  return out.join('\n') + '\n'
}

export function graphMermaid(graph: GraphAnswer): string {
  const { services, inside } = drawn(graph)
  const short = new Map<string, string>()
  const idOf = (id: string) => {
    let s = short.get(id)
    if (s === undefined) short.set(id, (s = `n${short.size + 1}`))
    return s
  }
  const label = (text: string) => `["${text.replace(/"/g, '#quot;')}"]`
  const out = ['flowchart LR']
  for (const s of services) {
    const children = inside.get(s.node_id) ?? []
    if (children.length === 0) {
      out.push(`  ${idOf(s.node_id)}${label(s.name)}`)
      continue
    }
    out.push(`  subgraph ${idOf(`cluster ${s.node_id}`)}${label(s.name)}`, `    ${idOf(s.node_id)}${label(s.name)}`,
      ...children.map((c) => `    ${idOf(c.node_id)}${label(c.name)}`), '  end')
  }
  const red: number[] = []
  graph.edges.forEach((e, i) => {
    const c = countsOf(e)
    out.push(`  ${idOf(e.from_node_id)} -->|"${total(c)} (${rate(c)} errors)"| ${idOf(e.to_node_id)}`)
    if (isUnhealthy(c)) red.push(i)
  })
  if (red.length > 0) out.push(`  linkStyle ${red.join(',')} stroke:#d64545,stroke-width:2px`)
  return out.join('\n') + '\n'
}
