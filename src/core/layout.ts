// Timeline → Gantt layout: pure numbers shared by the terminal and web renderers.

import { formatDuration } from './format.ts'
import { barsOf } from './layout-bars.ts'
import { toneOf } from './layout-tone.ts'
import type { GanttAxis, GanttFrame, GanttLayout, GanttRow } from './layout-types.ts'
import { summarize } from './summary.ts'
import type { RowCounts } from './summary.ts'
import { makeTicks } from './ticks.ts'
import type { Millis, Row, Timeline } from './types.ts'

export type { GanttAxis, GanttBar, GanttFrame, GanttLayout, GanttRow } from './layout-types.ts'
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
  const f = layoutFrame(timeline, options)
  const rows = timeline.rows.map((row) => layoutRow(row, f.axis))
  return {
    width: f.width, start: f.start, end: f.end, span: f.span, running: f.running, status: f.status, tone: f.tone,
    duration: f.duration, durationText: f.durationText, events: f.events, errors: f.errors, retried: f.retried,
    ...(f.failed === undefined ? {} : { failed: f.failed }), ...(f.stale === undefined ? {} : { stale: f.stale }), rows,
    interval: f.interval, ticks: f.ticks,
  }
}

/**
 * layoutGantt without the rows, and the axis they go on: for a renderer that lays out each row (layoutRow) as
 * it draws it and keeps none, which for thousands of rows is much less memory held. `counts` are the rows'
 * (summary.ts), when the caller has counted them.
 */
export function layoutFrame(timeline: Timeline, options: LayoutOptions, counts?: RowCounts): GanttFrame {
  const { rows } = timeline
  const width = Math.max(0, options.width)
  const { start, end } = axisEnds(timeline, options.now)
  const span = end - start
  const axis: GanttAxis = { start, end, now: options.now, width, scale: span > 0 ? width / span : 0 }
  const { status, events, errors, retried, failed, stale } = summarize(timeline, options.now, counts)
  const duration = rows.length === 0 ? undefined : span
  const { interval, ticks } = makeTicks(span, width, options.tickGap ?? 10)
  return {
    width, start, end, span, running: timeline.running, status, tone: toneOf(status), duration,
    durationText: duration === undefined ? '-' : formatDuration(duration),
    events, errors, retried, ...(failed === undefined ? {} : { failed }), ...(stale === undefined ? {} : { stale }), interval, ticks, axis,
  }
}

/** Where the axis starts and ends, whatever its width. */
export function axisEnds(timeline: Timeline, now: Millis): AxisEnds {
  const start = timeline.first ?? timeline.rows[0]?.start ?? timeline.created
  const last = Math.max(start, timeline.last ?? start)
  return { start, end: timeline.running ? Math.max(last, now) : last }
}

type AxisEnds = Pick<GanttAxis, 'start' | 'end'>

/** The last segment of a dotted name: `migrate` of `deploy.db.migrate`. */
export function segmentOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return (dot >= 0 && name.slice(dot + 1)) || name
}

/** One row on the axis; `durationText` is the row's durationTextOf, passed when the caller has it already. */
export function layoutRow(row: Row, axis: GanttAxis, durationText = durationTextOf(row, axis)): GanttRow {
  const bars = barsOf(row, axis)
  const segment = segmentOf(row.name)
  const last = row.attempts[row.attempts.length - 1]
  return {
    name: row.name, segment, label: indent(row.depth) + segment, depth: row.depth, host: row.host,
    kind: row.kind, status: row.status, tone: toneOf(row.status, last?.state), attempts: row.attempts.length,
    duration: durationOf(row, axis), durationText, bars, row,
  }
}

/** `4.20s`; `+1.50s` (offset from the axis start) for a mark; `?` when unknown. */
export function durationTextOf(row: Row, axis: AxisEnds): string {
  if (row.kind === 'mark') return `+${formatDuration(row.start - axis.start)}`
  if (row.status === 'stale' && row.kind === 'span') return 'no end'
  const duration = durationOf(row, axis)
  return duration === undefined ? '?' : formatDuration(duration)
}

/** Undefined for a mark, and for a row known only by orphan ends; a running row's runs to the axis end. */
function durationOf(row: Row, axis: AxisEnds): Millis | undefined {
  if (row.kind === 'mark') return undefined
  let known = row.attempts.length === 0
  for (const a of row.attempts) known ||= a.start !== undefined
  return known ? (row.end ?? Math.max(row.start, axis.end)) - row.start : undefined
}

const INDENTS: string[] = []

function indent(depth: number): string {
  return (INDENTS[depth] ??= '  '.repeat(depth))
}
