// The critical path on the web Gantt chart: rows on it get `data-critical` — a dark outline on their
// bars and a bold name — so "what decided the end" reads at a glance, with or without script.

import { criticalPath } from '../../core/critical-path.ts'
import type { Millis, Timeline } from '../../core/types.ts'

const S = '.upto-gantt'

export const CRITICAL_CSS =
  `${S} .row[data-critical] .bar:not(.mark){stroke:currentColor;stroke-width:1.5;stroke-opacity:.85}` +
  `${S} .row[data-critical] .label{font-weight:600}`

/** Indices of the timeline's rows on its critical path. */
export function criticalRows(timeline: Timeline, now: Millis): Set<number> {
  return new Set(criticalPath(timeline, { now }).rows)
}
