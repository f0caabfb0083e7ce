// The numbers of a Gantt chart, shared by the terminal and web renderers.

import type { Tone } from './layout-tone.ts'
import type { Tick } from './ticks.ts'
import type { Attempt, AttemptState, Millis, Row } from './types.ts'

/** The time axis: positions are (time − start) × scale, clamped to [0, width]. */
export interface GanttAxis {
  start: Millis
  end: Millis
  now: Millis
  width: number
  /** Units per millisecond; 0 for an empty or zero-length axis. */
  scale: number
}

/** One attempt (or the implied span of an ancestor, or one mark) as drawn. */
export interface GanttBar {
  /** [from, to) in units of the layout width; floats, renderers round. from === to for a point. */
  from: number
  to: number
  /** The drawn times in ms: `end` is the axis end (now) for a running attempt, the next start for an abandoned one. */
  start: Millis
  end: Millis
  /** Marks and orphan ends are points in time. */
  point: boolean
  state: AttemptState
  status: string
  tone: Tone
  /** 1-based attempt number; 0 for a synthesized implied span or a mark without attempts. */
  attempt: number
  /** The attempt this bar draws, for its message and attrs. */
  source?: Attempt
}

export interface GanttRow {
  name: string
  /** The last segment of the name. */
  segment: string
  /** The segment indented by two spaces per depth. */
  label: string
  depth: number
  host: string
  kind: Row['kind']
  status: string
  tone: Tone
  attempts: number
  /** Absent for marks and rows known only by orphan ends. */
  duration?: Millis
  /** `4.20s`; `+1.50s` (offset from the start) for a mark; `?` when unknown. */
  durationText: string
  bars: GanttBar[]
  row: Row
}

export interface GanttLayout {
  width: number
  start: Millis
  end: Millis
  /** end − start. */
  span: Millis
  running: boolean
  /** Like TimelineSummary: 'empty', 'running', 'error', 'orphan' or 'ok'. */
  status: string
  tone: Tone
  duration?: Millis
  durationText: string
  /** Rows that are real events (not implied ancestors), and those of them that failed. */
  events: number
  errors: number
  /** The first failed row's name, and how many rows were tried more than once (summary.ts). */
  failed?: string
  /** The first step whose end never came within the stale limit, and since when (stale.ts). */
  stale?: { name: string; since: Millis }
  retried: number
  rows: GanttRow[]
  /** Tick interval in ms (0 when the axis has no length). */
  interval: Millis
  ticks: Tick[]
}

/** A layout without its rows, and the axis to lay each out on (layoutRow). */
export interface GanttFrame extends Omit<GanttLayout, 'rows'> {
  axis: GanttAxis
}
