// Timeline → Gantt layout: pure numbers shared by the terminal and web renderers.

import { formatDuration } from './format.ts'
import { barsOf } from './layout-bars.ts'
import { toneOf } from './layout-tone.ts'
import type { GanttAxis, GanttLayout, GanttRow } from './layout-types.ts'
import { summarize } from './summary.ts'
import { makeTicks } from './ticks.ts'
import type { Millis, Row, Timeline } from './types.ts'

export type { GanttAxis, GanttBar, GanttLayout, GanttRow } from './layout-types.ts'
export type { Tone } from './layout-tone.ts'
export type { Tick } from './ticks.ts'

export interface LayoutOptions {
  /** Columns (terminal) or units (SVG) the bars are spread over. */
  width: number
  now: Millis
  /** Least distance between ticks, in width units: 10 by default (terminal columns). */
  tickGap?: number
}

/** The axis spans [first, max(last, now while running)]; running attempts reach now. */
export function layoutGantt(timeline: Timeline, options: LayoutOptions): GanttLayout {
  const { rows } = timeline
  const width = Math.max(0, options.width)
  const start = timeline.first ?? rows[0]?.start ?? timeline.created
  const last = Math.max(start, timeline.last ?? start)
  const end = timeline.running ? Math.max(last, options.now) : last
  const span = end - start
  const axis: GanttAxis = { start, end, now: options.now, width, scale: span > 0 ? width / span : 0 }
  const out = rows.map((row) => layoutRow(row, axis))
  const { status, events, errors } = summarize(timeline, options.now)
  const duration = rows.length === 0 ? undefined : span
  const { interval, ticks } = makeTicks(span, width, options.tickGap ?? 10)
  return {
    width, start, end, span, running: timeline.running, status, tone: toneOf(status), duration,
    durationText: duration === undefined ? '-' : formatDuration(duration),
    events, errors, rows: out, interval, ticks,
  }
}

/** The last segment of a dotted name: `migrate` of `deploy.db.migrate`. */
export function segmentOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return (dot >= 0 && name.slice(dot + 1)) || name
}

function layoutRow(row: Row, axis: GanttAxis): GanttRow {
  const bars = barsOf(row, axis)
  const segment = segmentOf(row.name)
  const last = row.attempts[row.attempts.length - 1]
  let duration: Millis | undefined
  let durationText: string
  if (row.kind === 'mark') durationText = `+${formatDuration(row.start - axis.start)}`
  else {
    let known = row.attempts.length === 0
    for (const a of row.attempts) known ||= a.start !== undefined
    if (known) duration = (row.end ?? Math.max(row.start, axis.end)) - row.start
    durationText = duration === undefined ? '?' : formatDuration(duration)
  }
  return {
    name: row.name, segment, label: indent(row.depth) + segment, depth: row.depth, host: row.host,
    kind: row.kind, status: row.status, tone: toneOf(row.status, last?.state), attempts: row.attempts.length,
    duration, durationText, bars, row,
  }
}

const INDENTS: string[] = []

function indent(depth: number): string {
  return (INDENTS[depth] ??= '  '.repeat(depth))
}
