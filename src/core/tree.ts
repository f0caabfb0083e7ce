// The tree of dotted names: implied ancestors, children, and display order.

import { depthOf } from './event-rows.ts'
import { compareText } from './message-order.ts'
import { type Steps, every, finish } from './steps.ts'
import type { Row } from './types.ts'
import { isFailure } from './status.ts'

interface Node {
  name: string
  /** eventRows' array of the name's rows, or an implied row. */
  rows: Row[]
  /** Absent for a leaf: most nodes are. */
  children: Node[] | undefined
  /** The earliest start of its own rows (or of its implied row): siblings are ordered by it. */
  start: number
  // What the real rows of its subtree span, as an implied ancestor needs it: a leaf's are its own rows'.
  from: number
  to: number
  running: boolean
  failed: boolean
}

/**
 * Every row in display order, with implied rows added for nodes that have no row of their own, and `children` set.
 * Depth-first; sibling nodes by start time, then name; a node's own rows (one per host) by start, host, then
 * span before mark, all before its children. The rows are eventRows' own, by name: the children of a parent's
 * rows are set in place (a leaf's rows keep their own empty arrays).
 */
export function arrangeRows(byName: readonly Row[][]): Row[] {
  return finish(arrangeRowsSteps(byName, Infinity))
}

/** arrangeRows, yielding every `slice` names or so (steps.ts). */
export function* arrangeRowsSteps(byName: readonly Row[][], slice: number): Steps<Row[]> {
  const pace = every(slice)
  // Only the nodes that are a parent are found by name: few (stages, jobs), where most nodes are leaves,
  // reached from their parent.
  const parents = new Map<string, Node>()
  const roots: Node[] = []
  const adopt = (parent: Node | undefined, node: Node): void => {
    if (parent === undefined) roots.push(node)
    else if (parent.children === undefined) parent.children = [node]
    else parent.children.push(node)
  }
  const parentOf = (name: string): Node | undefined => {
    const dot = name.lastIndexOf('.')
    if (dot < 0) return undefined
    const parentName = name.slice(0, dot)
    let parent = parents.get(parentName)
    if (parent === undefined) {
      parent = newNode(parentName, NO_ROWS)
      parents.set(parentName, parent)
      adopt(parentOf(parentName), parent)
    }
    return parent
  }
  // every parent first, so that a name with rows of its own is known to be one whatever the order
  const up: (Node | undefined)[] = []
  for (const rows of byName) {
    up.push(parentOf(rows[0]!.name))
    if (pace.due()) yield
  }
  for (let i = 0; i < byName.length; i++) {
    if (pace.due()) yield
    const rows = byName[i]!
    const node = parents.get(rows[0]!.name)
    if (node !== undefined) node.rows = rows
    else {
      // a leaf is summed up now, its rows in the order they were made: later passes go by tree order
      const leaf = newNode(rows[0]!.name, rows)
      own(leaf)
      adopt(up[i], leaf)
    }
  }
  for (const root of roots) if (root.children !== undefined) yield* imply(root, pace)
  const out: Row[] = []
  for (const root of inOrder(roots)) yield* emit(root, out, pace)
  return out
}

/** A row spanning the real descendants of a node that has no row of its own. */
function impliedRow(node: Node): Row {
  const { name, from: start, to: end, running, failed } = node
  const depth = depthOf(name)
  // By row status: a failed attempt that a retry fixed does not fail the ancestor.
  const status = running ? 'running' : failed ? 'error' : 'ok'
  // the fields in the order of every other row (event-rows.ts): one object shape for all rows
  return running
    ? { name, host: '', depth, kind: 'implied', start, status, attempts: [], children: [] }
    : { name, host: '', depth, kind: 'implied', start, end, status, attempts: [], children: [] }
}

/**
 * Post-order over the parents: sums up each subtree, adds the implied row where needed, orders the node's
 * children and names them in its rows.
 */
function* imply(node: Node, pace: ReturnType<typeof every>): Steps<void> {
  const children = node.children!
  if (pace.due(children.length)) yield
  for (const child of children) {
    if (child.children !== undefined) yield* imply(child, pace)
    node.from = Math.min(node.from, child.from)
    node.to = Math.max(node.to, child.to)
    node.running ||= child.running
    node.failed ||= child.failed
  }
  if (node.rows.length === 0) {
    node.rows = [impliedRow(node)]
    node.start = node.from
  } else own(node)
  inOrder(children)
  // each row its own array of names
  for (const row of node.rows) row.children = children.map((c) => c.name)
}

/** Sets a node's start from its own rows, adds them to what its subtree spans, and orders them. */
function own(node: Node): void {
  const { rows } = node
  for (const r of rows) {
    node.start = Math.min(node.start, r.start)
    node.from = Math.min(node.from, r.start)
    if (r.end === undefined) node.running = true
    else node.to = Math.max(node.to, r.end)
    if (isFailure(r.status)) node.failed = true
  }
  if (rows.length > 1) {
    rows.sort((a, b) => a.start - b.start || compareText(a.host, b.host) || kindRank[a.kind] - kindRank[b.kind])
  }
}

function newNode(name: string, rows: Row[]): Node {
  return { name, rows, children: undefined, start: Infinity, from: Infinity, to: -Infinity, running: false, failed: false }
}

function inOrder(level: Node[]): Node[] {
  return level.sort((a, b) => a.start - b.start || compareText(a.name, b.name))
}

const kindRank: Record<Row['kind'], number> = { span: 0, mark: 1, implied: 2 }
/** A parent's rows before it has any: never pushed to, replaced. */
const NO_ROWS: Row[] = []

/** Pre-order, everything already in order: rows only pushed, not read. */
function* emit(node: Node, out: Row[], pace: ReturnType<typeof every>): Steps<void> {
  for (const row of node.rows) out.push(row)
  if (pace.due(node.rows.length)) yield
  if (node.children !== undefined) for (const child of node.children) yield* emit(child, out, pace)
}
