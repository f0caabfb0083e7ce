// Where nothing ran: the stretches of a chart's axis that no attempt of a real step covers. Waiting
// time is often the answer to "why was it slow". Implied ancestors, marks and orphan ends cover nothing.

import type { GanttLayout, GanttRow } from '../../core/layout.ts'
import type { Millis } from '../../core/types.ts'

export interface Gap {
  start: Millis
  end: Millis
}

/** Gaps of at least `minMs` (default: 0.2 % of the span, at least 1 ms), in time order, at most `max` (the longest). */
export function findGaps(layout: Pick<GanttLayout, 'start' | 'end' | 'span'> & { rows: readonly Pick<GanttRow, 'kind' | 'bars'>[] }, options: { minMs?: number; max?: number } = {}): Gap[] {
  const { start, end, span } = layout
  if (!(span > 0)) return []
  const min = options.minMs ?? Math.max(1, span * 0.002)
  const covered: Array<[Millis, Millis]> = []
  for (const row of layout.rows) {
    if (row.kind !== 'span') continue
    for (const bar of row.bars) if (!bar.point && bar.end > bar.start) covered.push([bar.start, bar.end])
  }
  covered.sort((a, b) => a[0] - b[0])
  const gaps: Gap[] = []
  let reached = start
  for (const [from, to] of covered) {
    if (from - reached >= min) gaps.push({ start: reached, end: from })
    if (to > reached) reached = to
  }
  if (end - reached >= min) gaps.push({ start: reached, end })
  return keepLongest(gaps, options.max ?? 500)
}

/** At most `max` gaps, the longest, still in time order. */
export function keepLongest(gaps: Gap[], max: number): Gap[] {
  if (gaps.length <= max) return gaps
  return gaps
    .map((gap, i) => ({ gap, i }))
    .sort((a, b) => b.gap.end - b.gap.start - (a.gap.end - a.gap.start) || a.i - b.i)
    .slice(0, max)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.gap)
}
