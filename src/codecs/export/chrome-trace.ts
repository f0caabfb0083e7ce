// A timeline as Chrome / Perfetto trace-event JSON (the "JSON Array/Object Format"). Steps are async events
// (`b`/`e` with an `id`): events of one id must nest like a stack, and a viewer draws an event inside the one
// that encloses it on its id, so rows go on numbered lanes where a row lies inside its parent and nothing else:
// a step that overlaps a sibling, or lies outside its parent's time, takes a lane where nothing overlaps it.
// A step with retries holds one nested event per attempt. Marks and orphan ends are instant events.
// Times are microseconds since the Unix epoch. The category is blink.user_timing, so that Chrome DevTools shows
// the steps too (its Timings track), as Perfetto and chrome://tracing do.

import type { Attempt, Millis, Row, Timeline } from '../../core/types.ts'
import { parentRows } from './parent-row.ts'
import { untilOf } from './timeline-end.ts'

export interface TraceEvent {
  name: string
  cat: string
  ph: 'b' | 'e' | 'i' | 'M'
  ts?: number
  pid: number
  tid?: number
  id?: string
  s?: 'p'
  args?: Record<string, unknown>
}

export interface ChromeTrace {
  traceEvents: TraceEvent[]
  displayTimeUnit: 'ms'
  otherData: { context: string; timeline: string }
}

interface Span {
  from: Millis
  to: Millis
  depth: number
  name: string
  args: Record<string, unknown>
  /** The row it draws (its attempts draw the same row). */
  row: number
}

// What DevTools' Performance panel draws (its Timings track, as performance.measure); other viewers draw any category.
const CAT = 'blink.user_timing'
const PID = 1

export function chromeTrace(timeline: Timeline, now: Millis): ChromeTrace {
  const until = untilOf(timeline, now)
  const parents = parentRows(timeline)
  const lanes: Span[][] = []
  const laneOf = new Map<number, number>()
  const events: { lane: number; span: Span; begin: boolean }[] = []
  const instants: TraceEvent[] = []
  timeline.rows.forEach((row, index) => {
    const to = row.end ?? until
    if (row.kind === 'mark' || !(to > row.start)) {
      instants.push({ name: label(row), cat: CAT, ph: 'i', s: 'p', ts: micros(row.start), pid: PID, args: argsOf(row) })
      return
    }
    const span: Span = { from: row.start, to, depth: row.depth, name: label(row), args: argsOf(row), row: index }
    const parent = parents[index]
    const lane = place(lanes, span, parent === undefined ? undefined : laneOf.get(parent), ancestry(parent, parents))
    laneOf.set(index, lane)
    events.push({ lane, span, begin: true }, { lane, span, begin: false })
    if (row.attempts.length > 1) {
      for (const [i, a] of row.attempts.entries()) {
        const attempt = attemptSpan(row, index, a, row.attempts[i + 1], until)
        if (attempt === undefined || attempt.from < span.from || attempt.to > span.to) continue
        lanes[lane]!.push(attempt)
        events.push({ lane, span: attempt, begin: true }, { lane, span: attempt, begin: false })
      }
    }
  })
  events.sort((x, y) => {
    const tx = x.begin ? x.span.from : x.span.to
    const ty = y.begin ? y.span.from : y.span.to
    if (tx !== ty) return tx - ty
    if (x.begin !== y.begin) return x.begin ? 1 : -1 // ends first
    const outer = length(y.span) - length(x.span) || x.span.depth - y.span.depth
    return x.begin ? outer : -outer // begins outer first, ends inner first
  })
  const traceEvents: TraceEvent[] = [
    { name: 'process_name', cat: '__metadata', ph: 'M', pid: PID, args: { name: `${timeline.context} / ${timeline.id}` } },
    ...events.map(({ lane, span, begin }): TraceEvent => ({
      name: span.name, cat: CAT, ph: begin ? 'b' : 'e', ts: micros(begin ? span.from : span.to), pid: PID, tid: lane + 1,
      id: `0x${(lane + 1).toString(16)}`, ...(begin ? { args: span.args } : {}),
    })),
    ...instants,
  ]
  return { traceEvents, displayTimeUnit: 'ms', otherData: { context: timeline.context, timeline: timeline.id } }
}

/** The rows a row may be drawn inside: its parent and the parent's ancestors. */
function ancestry(parent: number | undefined, parents: readonly (number | undefined)[]): Set<number> {
  const rows = new Set<number>()
  for (let p = parent; p !== undefined; p = parents[p]) rows.add(p)
  return rows
}

/**
 * A lane (one async id) where the span is drawn inside its parent, and inside nothing else: on the parent's
 * lane when everything there that overlaps it is the parent or an ancestor of it, enclosing it whole. Else the
 * first lane where nothing overlaps it, else a new one.
 */
function place(lanes: Span[][], span: Span, parentLane: number | undefined, mayEnclose: ReadonlySet<number>): number {
  const overlaps = (x: Span) => x.from < span.to && span.from < x.to
  const underParent = (lane: Span[]) => lane.every((x) => !overlaps(x) || (mayEnclose.has(x.row) && x.from <= span.from && span.to <= x.to))
  let lane = parentLane !== undefined && underParent(lanes[parentLane]!) ? parentLane : lanes.findIndex((l) => !l.some(overlaps))
  if (lane < 0) lane = lanes.push([]) - 1
  lanes[lane]!.push(span)
  return lane
}

function attemptSpan(row: Row, index: number, a: Attempt, next: Attempt | undefined, until: Millis): Span | undefined {
  const from = a.start
  const to = a.end ?? (a.state === 'running' ? until : next?.start)
  if (from === undefined || to === undefined || !(to > from)) return undefined
  return {
    from, to, depth: row.depth + 0.5, name: `attempt ${a.attempt}`, row: index,
    args: { attempt: a.attempt, state: a.state, status: a.status, ...(a.message ? { message: a.message } : {}), ...a.attrs },
  }
}

function argsOf(row: Row): Record<string, unknown> {
  const last = row.attempts[row.attempts.length - 1]
  return {
    name: row.name, host: row.host, kind: row.kind, status: row.status, attempts: row.attempts.length,
    ...(last?.message ? { message: last.message } : {}), ...(last?.attrs ?? {}),
  }
}

function label(row: Row): string {
  const dot = row.name.lastIndexOf('.')
  const segment = row.name.slice(dot + 1)
  return row.host ? `${segment} @${row.host}` : segment
}

function length(span: Span): number {
  return span.to - span.from
}

function micros(ms: Millis): number {
  return Math.round(ms * 1_000)
}
