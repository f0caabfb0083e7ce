// The critical path of a timeline: the chain of steps that decided when it ended, and the waiting in between.
//
// Walk back from the end. At each time t, the step that decided t is the one that was still running latest
// before t (the greatest min(end, t) among steps that started before t); it covers [its start, that time], and
// any time between that time and t when no step ran is a gap. Then the walk goes on from the step's start. A step
// with children (the steps under its name whose time lies within its own) is walked into the same way over the
// part it covers; the time there when none of its children ran is its own ("self") time. Implied ancestors are
// not steps: their children stand at their level, as do children that stick out of their parent's time.
// Segments and gaps tile [start, end] exactly: step time + waiting = total.

import type { Millis, Row, Timeline } from './types.ts'
import { mergeIntervals, type Interval } from './gaps.ts'
import { type Steps, every, finish, sortSteps } from './steps.ts'

type Pace = ReturnType<typeof every>

const byStart = (a: Item, b: Item) => a.start - b.start || a.index - b.index
/** Up to this many steps side by side are sorted at once; more, in steps (the same order). */
const SORT_AT_ONCE = 5_000
const SORT_SLICE = 2_000

export interface CriticalSegment {
  /** The row's index in `timeline.rows`. */
  row: number
  name: string
  host: string
  from: Millis
  to: Millis
  /** Time a step with children spent on its own, while none of its children ran. */
  self: boolean
}

export interface CriticalPath {
  start: Millis
  end: Millis
  /** end − start = busy + waiting. */
  total: Millis
  /** Chronological, not overlapping; with the gaps they cover [start, end]. */
  segments: CriticalSegment[]
  /** Chronological: the times when no step of the timeline was running. */
  gaps: Interval[]
  busy: Millis
  waiting: Millis
  /** Indices of the rows on the path, ascending: rows with a segment, the steps they ran in, implied ancestors. */
  rows: number[]
  /** Time on the path per row index (rows with a segment only). */
  time: Map<number, Millis>
}

export interface CriticalPathOptions {
  /** A running step counts until max(now, the latest known time); the latest known time without it. */
  now?: Millis
}

interface Item {
  index: number
  row: Row
  start: Millis
  end: Millis
  /** Steps under it whose time lies within its own. */
  children: Item[]
}

export function criticalPath(timeline: Timeline, options: CriticalPathOptions = {}): CriticalPath {
  return finish(criticalPathSteps(timeline, options, Infinity))
}

/** criticalPath, yielding every `slice` rows or so (steps.ts). */
export function* criticalPathSteps(timeline: Timeline, options: CriticalPathOptions, slice: number): Steps<CriticalPath> {
  const pace = every(slice)
  const start = timeline.first ?? timeline.created
  const last = timeline.last ?? start
  const end = timeline.running ? Math.max(last, options.now ?? last) : last
  const roots = yield* steps(timeline.rows, end, pace)
  const pieces: Piece[] = []
  yield* walk(roots, start, end, undefined, pieces, pace)
  pieces.reverse()
  const segments: CriticalSegment[] = []
  const gaps: Interval[] = []
  const time = new Map<number, Millis>()
  const onPath = new Set<number>()
  let busy = 0
  for (const piece of pieces) {
    if (pace.due()) yield
    if (piece.item === undefined) {
      gaps.push({ from: piece.from, to: piece.to })
      continue
    }
    const { index, row } = piece.item
    segments.push({ row: index, name: row.name, host: row.host, from: piece.from, to: piece.to, self: piece.self })
    time.set(index, (time.get(index) ?? 0) + piece.to - piece.from)
    busy += piece.to - piece.from
    for (const owner of piece.owners) onPath.add(owner)
  }
  yield* addImpliedAncestors(timeline.rows, onPath, pace)
  return {
    start, end, total: end - start, segments, gaps, busy, waiting: end - start - busy,
    rows: [...onPath].sort((a, b) => a - b), time,
  }
}

interface Piece {
  from: Millis
  to: Millis
  item?: Item
  self: boolean
  /** The item and the steps it ran inside. */
  owners: number[]
}

/** Walks back from `to` to `from` over `items`; idle time is a gap, or the owner's self time. Pushes newest first. */
function* walk(items: Item[], from: Millis, to: Millis, owner: Piece['owners'] | undefined, out: Piece[], pace: Pace, parent?: Item): Steps<void> {
  const sorted = items.length > SORT_AT_ONCE
    ? yield* sortSteps(items, byStart, SORT_SLICE)
    : [...items].sort(byStart)
  const best: number[] = [] // best[i]: the item ending latest among sorted[0..i] (the earliest start on ties)
  for (let i = 0; i < sorted.length; i++) {
    if (pace.due()) yield
    const prev = best[i - 1]
    best.push(prev === undefined || sorted[i]!.end > sorted[prev]!.end ? i : prev)
  }
  let t = to
  while (t > from) {
    if (pace.due()) yield
    const k = startedBefore(sorted, t)
    const chosen = k > 0 ? sorted[best[k - 1]!] : undefined
    const reached = chosen === undefined ? from : Math.max(from, Math.min(chosen.end, t))
    if (reached < t) out.push(idle(reached, t, parent, owner))
    if (chosen === undefined || reached <= from) return
    const begin = Math.max(chosen.start, from)
    const owners = [...(owner ?? []), chosen.index]
    if (chosen.children.length === 0) out.push({ from: begin, to: reached, item: chosen, self: false, owners })
    else yield* walk(chosen.children, begin, reached, owners, out, pace, chosen)
    t = begin
  }
}

/** Idle time of a walk: a gap at the top, a step's own time inside it (its children lie within its time). */
function idle(from: Millis, to: Millis, parent: Item | undefined, owners: number[] | undefined): Piece {
  return parent === undefined ? { from, to, self: false, owners: [] } : { from, to, item: parent, self: true, owners: owners ?? [] }
}

/** How many of `sorted` (by start) started strictly before t. */
function startedBefore(sorted: readonly Item[], t: Millis): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]!.start < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The spans of a timeline as a forest: each span under its nearest ancestor span whose time holds it (the one on
 * the same host first); a span that sticks out of its ancestors' time stands beside them. A running span lasts
 * until `until`. Marks and spans of no length are not steps.
 */
function* steps(rows: readonly Row[], until: Millis, pace: Pace): Steps<Item[]> {
  const parents = yield* parentNames(rows, pace)
  // only the names above another name can hold a step: few (stages, jobs), where a map of every name would be as
  // big as the timeline, and growing it holds the thread for milliseconds at a time
  const above = new Set<string>()
  let added = ''
  for (let index = 0; index < rows.length; index++) {
    if (pace.due()) yield
    if (parents[index] === added) continue // a sibling of the row before
    added = parents[index]!
    for (let name = added; name !== '' && !above.has(name); name = parentName(name)) above.add(name) // and so are the names above it
  }
  const byName = new Map<string, Item[]>()
  const items: Item[] = []
  for (let index = 0; index < rows.length; index++) {
    if (pace.due()) yield
    const row = rows[index]!
    if (row.kind !== 'span') continue
    const end = row.end ?? until
    if (!(end > row.start)) continue
    const item = { index, row, start: row.start, end, children: [] }
    items.push(item)
    if (!above.has(row.name)) continue
    const named = byName.get(row.name)
    if (named) named.push(item)
    else byName.set(row.name, [item])
  }
  const roots: Item[] = []
  for (const item of items) {
    if (pace.due()) yield
    const parent = parentOf(item, parents[item.index]!, byName)
    if (parent) parent.children.push(item)
    else roots.push(item)
  }
  return roots
}

/** A name up to its last dot; '' for a name at the top. */
function parentName(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(0, dot) : ''
}

/**
 * parentName of each row, siblings one after another sharing one string, looked up already hashed: slicing and
 * hashing the name afresh for each of 200,000 rows took a fifth of the critical path's time (measured).
 */
function* parentNames(rows: readonly Row[], pace: Pace): Steps<string[]> {
  const parents = new Array<string>(rows.length)
  let last = ''
  for (let index = 0; index < rows.length; index++) {
    if (pace.due()) yield
    const name = rows[index]!.name
    const dot = name.lastIndexOf('.')
    if (dot <= 0) parents[index] = ''
    else parents[index] = dot === last.length && name.startsWith(last) ? last : (last = name.slice(0, dot))
  }
  return parents
}

/** The nearest ancestor span whose time holds the item, the one on the same host first. */
function parentOf(item: Item, parent: string, byName: ReadonlyMap<string, Item[]>): Item | undefined {
  for (let name = parent; name !== ''; name = parentName(name)) {
    const named = byName.get(name)
    if (named === undefined) continue
    // one pass, no array: a timeline of 200,000 steps asks this of each
    let first: Item | undefined
    for (const c of named) {
      if (!(c.start <= item.start && c.end >= item.end)) continue
      if (c.row.host === item.row.host) return c
      first ??= c
    }
    if (first) return first
  }
  return undefined
}

function* addImpliedAncestors(rows: readonly Row[], onPath: Set<number>, pace: Pace): Steps<void> {
  const implied = new Map<string, number>()
  for (let index = 0; index < rows.length; index++) {
    if (pace.due()) yield
    if (rows[index]!.kind === 'implied') implied.set(rows[index]!.name, index)
  }
  for (const index of [...onPath]) {
    if (pace.due()) yield
    let name = rows[index]!.name
    for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.')) {
      name = name.slice(0, dot)
      const found = implied.get(name)
      if (found !== undefined) onPath.add(found)
    }
  }
}

/** The idle times of a timeline computed directly: what no span covers. Equal to `criticalPath().gaps`. */
export function idleTimes(timeline: Timeline, options: CriticalPathOptions = {}): Interval[] {
  const start = timeline.first ?? timeline.created
  const last = timeline.last ?? start
  const end = timeline.running ? Math.max(last, options.now ?? last) : last
  const spans = timeline.rows
    .filter((row) => row.kind === 'span')
    .map((row) => ({ from: row.start, to: row.end ?? end }))
  const gaps: Interval[] = []
  let at = start
  for (const busy of mergeIntervals(spans)) {
    if (busy.from > at) gaps.push({ from: at, to: Math.min(busy.from, end) })
    at = Math.max(at, busy.to)
  }
  if (at < end) gaps.push({ from: at, to: end })
  return gaps
}
