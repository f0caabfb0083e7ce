// The tree of dotted names: implied ancestors, children, and display order.

import { depthOf } from './event-rows.ts'
import { compareText } from './message-order.ts'
import type { Row } from './types.ts'
import { isFailure } from './status.ts'

interface Node {
  name: string
  rows: Row[]
  /** Absent for a leaf: most nodes are. */
  children: Node[] | undefined
  start: number
}

/** What an implied ancestor needs of the real rows below it. */
interface Below {
  start: number
  end: number
  running: boolean
  failed: boolean
}

/**
 * Every row in display order, with implied rows added for nodes that have no row of their own, and `children` set.
 * Depth-first; sibling nodes by start time, then name; a node's own rows (one per host) by start, host, then
 * span before mark, all before its children. The rows are eventRows' own: their `children` are set in place.
 */
export function arrangeRows(rows: readonly Row[]): Row[] {
  const nodes = new Map<string, Node>()
  const roots: Node[] = []
  const nodeFor = (name: string): Node => {
    let node = nodes.get(name)
    if (node !== undefined) return node
    node = { name, rows: NO_ROWS, children: undefined, start: Infinity }
    nodes.set(name, node)
    const dot = name.lastIndexOf('.')
    if (dot < 0) roots.push(node)
    else {
      const parent = nodeFor(name.slice(0, dot))
      if (parent.children === undefined) parent.children = [node]
      else parent.children.push(node)
    }
    return node
  }
  for (const row of rows) {
    const node = nodeFor(row.name)
    // most nodes have one row: an array literal, not one pushed to (room for 17)
    if (node.rows.length === 0) node.rows = [row]
    else node.rows.push(row)
  }
  for (const root of roots) imply(root)
  const out: Row[] = []
  for (const root of inOrder(roots)) emit(root, out)
  return out
}

/** A row spanning the real descendants of a node that has no row of its own. */
function impliedRow(name: string, below: Below): Row {
  const { start, end, running, failed } = below
  const depth = depthOf(name)
  // By row status: a failed attempt that a retry fixed does not fail the ancestor.
  const status = running ? 'running' : failed ? 'error' : 'ok'
  // the fields in the order of every other row (event-rows.ts): one object shape for all rows
  return running
    ? { name, host: '', depth, kind: 'implied', start, status, attempts: [], children: [] }
    : { name, host: '', depth, kind: 'implied', start, end, status, attempts: [], children: [] }
}

/** Post-order: adds the implied row where needed and sets `start`; returns what the subtree's real rows span. */
function imply(node: Node): Below {
  const below: Below = { start: Infinity, end: -Infinity, running: false, failed: false }
  for (const child of node.children ?? []) {
    const b = imply(child)
    below.start = Math.min(below.start, b.start)
    below.end = Math.max(below.end, b.end)
    below.running ||= b.running
    below.failed ||= b.failed
  }
  const own = node.rows.length > 0
  if (!own) node.rows = [impliedRow(node.name, below)]
  for (const r of node.rows) node.start = Math.min(node.start, r.start)
  if (own) {
    for (const r of node.rows) {
      below.start = Math.min(below.start, r.start)
      if (r.end === undefined) below.running = true
      else below.end = Math.max(below.end, r.end)
      if (isFailure(r.status)) below.failed = true
    }
  }
  return below
}

function inOrder(level: Node[]): Node[] {
  return level.sort((a, b) => a.start - b.start || compareText(a.name, b.name))
}

const kindRank: Record<Row['kind'], number> = { span: 0, mark: 1, implied: 2 }
/** A node's rows before it has any: never pushed to, replaced by the first. */
const NO_ROWS: Row[] = []

function emit(node: Node, out: Row[]): void {
  const children = node.children === undefined ? [] : inOrder(node.children)
  const rows = node.rows
  if (rows.length > 1) {
    rows.sort((a, b) => a.start - b.start || compareText(a.host, b.host) || kindRank[a.kind] - kindRank[b.kind])
  }
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    // each row its own array of names
    row.children = i === 0 ? children.map((c) => c.name) : [...rows[0]!.children]
    out.push(row)
  }
  for (const child of children) emit(child, out)
}
