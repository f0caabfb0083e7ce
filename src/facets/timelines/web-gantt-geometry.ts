// Sizes of the web Gantt chart: rows, the axis band, and the columns left of the bars.
// The browser script reads the numbers it needs from the SVG's data attributes, not from here.

import { segmentOf } from '../../core/layout.ts'
import { type RowCounts, countRow } from '../../core/summary.ts'
import type { Timeline } from '../../core/types.ts'
import { rowTagOf } from './status-label.ts'

export const ROW = 22
export const BAR = 14
export const THIN = 6
/** The axis band: tick labels, then the labels of gaps. */
export const TOP = 46
export const BOTTOM = 12
/** Monospace advance at 12px is 7.2: leave room for a wider fallback font. */
export const CHAR = 7.8
export const INDENT = 14
export const PAD = 8
/** Room for the ▾ of a collapsible row. */
export const GUTTER = 14
/** Widest duration text: `+59m59s`. */
const DURATION_CHARS = 7

export interface Columns {
  width: number
  /** Right edge of the names. */
  labelW: number
  /** Durations end here (right-aligned). */
  durX: number
  /** Status tags start here. */
  tagX: number
  /** The bars span [x0, x1]. */
  x0: number
  x1: number
}

/** Names take what their longest label needs (at most 35 %), the status what its longest tag needs. */
export function columnsOf(timeline: Timeline, width: number): Columns {
  const parts = columnsParts(timeline, width, Infinity)
  for (let step = parts.next(); ; step = parts.next()) if (step.done) return step.value
}

/**
 * columnsOf, yielding an empty part every `slice` rows (a point where a caller drawing a big chart may pause);
 * counts the rows into `counts` on the way, for summarize.
 */
export function* columnsParts(timeline: Timeline, width: number, slice: number, counts?: RowCounts): Generator<string, Columns, undefined> {
  let labelPx = 0
  let tagChars = 1
  let i = 0
  for (const row of timeline.rows) {
    if (counts) countRow(counts, row)
    const chars = segmentOf(row.name).length + (row.host ? row.host.length + 2 : 0)
    labelPx = Math.max(labelPx, labelX(row.depth) + chars * CHAR)
    tagChars = Math.max(tagChars, rowTagOf(row).length)
    if (++i % slice === 0) yield ''
  }
  const labelW = Math.ceil(Math.min(width * 0.35, Math.max(120, labelPx + PAD)))
  const durX = labelW + Math.round(DURATION_CHARS * CHAR)
  const tagX = durX + CHAR
  const x0 = Math.round(Math.min(tagX + width * 0.2, tagX + tagChars * CHAR + 2 * PAD))
  return { width, labelW, durX, tagX, x0, x1: width - PAD }
}

/** Where a row's name starts. */
export function labelX(depth: number): number {
  return PAD + GUTTER + depth * INDENT
}
