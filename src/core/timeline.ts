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
  const { byName, first, last, running } = eventRows(messages)
  return assembleTimeline(info, arrangeRows(byName), first, last, running)
}

/** A timeline of its arranged rows; also built in turns (http/read-in-turns.ts). */
export function assembleTimeline(info: TimelineInfo, rows: Row[], first: Millis, last: Millis, running: boolean): Timeline {
  return {
    context: info.context,
    id: info.id,
    created: info.created,
    // the implied rows span real ones: the real rows' bounds are the timeline's
    ...(rows.length === 0 ? {} : { first, last }),
    running,
    rows,
  }
}
