// A timeline as Chrome / Perfetto trace-event JSON (the "JSON Array/Object Format"). Steps are async events
// (`b`/`e` with an `id`): events of one id must nest like a stack, so rows go on numbered lanes, each lane a set
// of intervals that are disjoint or inside one another; a step that overlaps its sibling takes another lane.
// A step with retries holds one nested event per attempt. Marks and orphan ends are instant events.
// Times are microseconds since the Unix epoch.

import type { Attempt, Millis, Row, Timeline } from '../core/types.ts'
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
}

const CAT = 'upto'
const PID = 1

export function chromeTrace(timeline: Timeline, now: Millis): ChromeTrace {
  const until = untilOf(timeline, now)
  const lanes: Span[][] = []
  const laneOf = new Map<string, number>()
  const events: { lane: number; span: Span; begin: boolean }[] = []
  const instants: TraceEvent[] = []
  for (const row of timeline.rows) {
    const to = row.end ?? until
    if (row.kind === 'mark' || !(to > row.start)) {
      instants.push({ name: label(row), cat: CAT, ph: 'i', s: 'p', ts: micros(row.start), pid: PID, args: argsOf(row) })
      continue
    }
    const span: Span = { from: row.start, to, depth: row.depth, name: label(row), args: argsOf(row) }
    const lane = place(lanes, span, laneOf.get(parentName(row.name)))
    laneOf.set(row.name, laneOf.get(row.name) ?? lane)
    events.push({ lane, span, begin: true }, { lane, span, begin: false })
    if (row.attempts.length > 1) {
      for (const [i, a] of row.attempts.entries()) {
        const attempt = attemptSpan(row, a, row.attempts[i + 1], until)
        if (attempt === undefined) continue
        lanes[lane]!.push(attempt)
        events.push({ lane, span: attempt, begin: true }, { lane, span: attempt, begin: false })
      }
    }
  }
  events.sort((x, y) => {
    const tx = x.begin ? x.span.from : x.span.to
    const ty = y.begin ? y.span.from : y.span.to
    if (tx !== ty) return tx - ty
    if (x.begin !== y.begin) return x.begin ? 1 : -1 // ends first
    const outer = length(y.span) - length(x.span) || x.span.depth - y.span.depth
    return x.begin ? outer : -outer // begins outer first, ends inner first
  })
  const traceEvents: TraceEvent[] = [
    { name: 'process_name', cat: CAT, ph: 'M', pid: PID, args: { name: `${timeline.context} / ${timeline.id}` } },
    ...events.map(({ lane, span, begin }): TraceEvent => ({
      name: span.name, cat: CAT, ph: begin ? 'b' : 'e', ts: micros(begin ? span.from : span.to), pid: PID, tid: lane + 1,
      id: `0x${(lane + 1).toString(16)}`, ...(begin ? { args: span.args } : {}),
    })),
    ...instants,
  ]
  return { traceEvents, displayTimeUnit: 'ms', otherData: { context: timeline.context, timeline: timeline.id } }
}

/** The parent's lane when the span fits there, else the first lane it fits, else a new one. */
function place(lanes: Span[][], span: Span, preferred: number | undefined): number {
  const fits = (lane: Span[]) => lane.every((x) => x.to <= span.from || span.to <= x.from || (x.from <= span.from && span.to <= x.to))
  let lane = preferred !== undefined && fits(lanes[preferred]!) ? preferred : lanes.findIndex(fits)
  if (lane < 0) lane = lanes.push([]) - 1
  lanes[lane]!.push(span)
  return lane
}

function attemptSpan(row: Row, a: Attempt, next: Attempt | undefined, until: Millis): Span | undefined {
  const from = a.start
  const to = a.end ?? (a.state === 'running' ? until : next?.start)
  if (from === undefined || to === undefined || !(to > from)) return undefined
  return {
    from, to, depth: row.depth + 0.5, name: `attempt ${a.attempt}`,
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

function parentName(name: string): string {
  return name.slice(0, Math.max(0, name.lastIndexOf('.')))
}

function length(span: Span): number {
  return span.to - span.from
}

function micros(ms: Millis): number {
  return Math.round(ms * 1_000)
}
