// The tree of dotted names: implied ancestors, children, and display order.

import { depthOf } from './event-rows.ts'
import { compareText } from './message-order.ts'
import type { Row } from './types.ts'
import { isFailure } from './status.ts'

interface Node {
  name: string
  rows: Row[]
  children: Map<string, Node>
  start: number
}

/**
 * Every row in display order, with implied rows added for nodes that have no row of their own, and `children` set.
 * Depth-first; sibling nodes by start time, then name; a node's own rows (one per host) by start, host, then
 * span before mark, all before its children.
 */
export function arrangeRows(rows: readonly Row[]): Row[] {
  const roots = new Map<string, Node>()
  for (const row of rows) nodeFor(roots, row.name).rows.push(row)
  for (const root of roots.values()) imply(root)
  const out: Row[] = []
  for (const root of inOrder(roots)) emit(root, out)
  return out
}

/** A row spanning the real descendants of a node that has no row of its own. */
function impliedRow(name: string, descendants: readonly Row[]): Row {
  let start = Infinity
  let end = -Infinity
  let running = false
  let failed = false
  for (const r of descendants) {
    start = Math.min(start, r.start)
    if (r.end === undefined) running = true
    else end = Math.max(end, r.end)
    // By row status: a failed attempt that a retry fixed does not fail the ancestor.
    if (isFailure(r.status)) failed = true
  }
  return {
    name,
    host: '',
    depth: depthOf(name),
    kind: 'implied',
    start,
    ...(running ? {} : { end }),
    status: running ? 'running' : failed ? 'error' : 'ok',
    attempts: [],
    children: [],
  }
}

function nodeFor(roots: Map<string, Node>, name: string): Node {
  const dot = name.lastIndexOf('.')
  const level = dot < 0 ? roots : nodeFor(roots, name.slice(0, dot)).children
  let node = level.get(name)
  if (node === undefined) {
    node = { name, rows: [], children: new Map(), start: Infinity }
    level.set(name, node)
  }
  return node
}

/** Post-order: adds the implied row where needed and sets `start`; returns the real rows of the subtree. */
function imply(node: Node): Row[] {
  const below = [...node.children.values()].flatMap(imply)
  const own = node.rows.length > 0
  if (!own) node.rows.push(impliedRow(node.name, below))
  for (const r of node.rows) node.start = Math.min(node.start, r.start)
  return own ? [...node.rows, ...below] : below
}

function inOrder(level: Map<string, Node>): Node[] {
  return [...level.values()].sort((a, b) => a.start - b.start || compareText(a.name, b.name))
}

const kindRank: Record<Row['kind'], number> = { span: 0, mark: 1, implied: 2 }

function emit(node: Node, out: Row[]): void {
  const children = inOrder(node.children)
  const names = children.map((c) => c.name)
  node.rows.sort((a, b) => a.start - b.start || compareText(a.host, b.host) || kindRank[a.kind] - kindRank[b.kind])
  for (const row of node.rows) out.push({ ...row, children: [...names] })
  for (const child of children) emit(child, out)
}
