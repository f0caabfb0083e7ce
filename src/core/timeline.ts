// The timeline builder: the stored messages of one timeline → rows in display order. Pure; arrival order is ignored.

import { eventRows } from './event-rows.ts'
import { arrangeRows } from './tree.ts'
import type { Millis, Row, Stored, Timeline, TimelineInfo } from './types.ts'

/**
 * Derives a timeline from every message stored for it (all of them, in any order; they are assumed to belong to
 * `info`). Duplicates count once (dedupe.ts), starts and ends pair by event time (pairing.ts), ancestors are
 * implied and rows ordered (tree.ts).
 */
export function buildTimeline(info: TimelineInfo, messages: readonly Stored[]): Timeline {
  const rows = arrangeRows(eventRows(messages))
  const { first, last } = bounds(rows)
  return {
    context: info.context,
    id: info.id,
    created: info.created,
    ...(first === undefined ? {} : { first }),
    ...(last === undefined ? {} : { last }),
    running: rows.some((r) => r.end === undefined),
    rows,
  }
}

/** Earliest row start, and the latest start or end of any attempt (a running timeline's latest known time). */
function bounds(rows: readonly Row[]): { first?: Millis, last?: Millis } {
  let first = Infinity
  let last = -Infinity
  for (const row of rows) {
    first = Math.min(first, row.start)
    for (const a of row.attempts) last = Math.max(last, a.start ?? -Infinity, a.end ?? -Infinity)
  }
  return rows.length === 0 ? {} : { first, last }
}
