// "Running" you can trust: a step whose end never came is not running for ever. Once its last attempt has had no
// end for longer than the stale limit (the collector's --stale, one hour by default) it is stale — shown as such,
// not running — and it no longer stretches the time axis: its bar stops at the last thing known of the run, with
// a marker. A run is running while it has an open step that is not stale. Pure: views apply it with their clock.

import { isFailure } from './status.ts'
import type { Attempt, Millis, Row, Timeline } from './types.ts'

export const defaultStaleMs = 3_600_000

/** The timeline with its long-open attempts stale; the same object when there are none. */
export function markStale(timeline: Timeline, now: Millis, limitMs: Millis = defaultStaleMs): Timeline {
  if (!timeline.running) return timeline
  let changed = false
  const rows = timeline.rows.map((row) => {
    const last = row.attempts[row.attempts.length - 1]
    if (row.kind !== 'span' || last?.state !== 'running' || last.start === undefined || now - last.start <= limitMs) return row
    changed = true
    const stale: Attempt = { ...last, state: 'stale', status: 'stale' }
    return { ...row, status: 'stale', attempts: [...row.attempts.slice(0, -1), stale] }
  })
  if (!changed) return timeline
  // each ancestor again from what is under it: running while a step under it runs, else failed, stale or ok
  const open = (r: Row) => r.kind !== 'implied' && r.end === undefined && r.status !== 'stale'
  for (const [i, row] of rows.entries()) {
    if (row.kind !== 'implied' || row.end !== undefined) continue
    const prefix = `${row.name}.`
    const under = rows.filter((r) => r.kind !== 'implied' && r.name.startsWith(prefix))
    if (under.some(open)) continue
    let end = row.start
    for (const r of under) end = Math.max(end, r.end ?? r.attempts[r.attempts.length - 1]?.start ?? r.start)
    const status = under.some((r) => isFailure(r.status)) ? 'error' : under.some((r) => r.status === 'stale') ? 'stale' : 'ok'
    rows[i] = { ...row, end, status }
  }
  return { ...timeline, rows, running: rows.some(open) }
}

/** The first stale step of a timeline (by start) and since when it has had no end; undefined when none. */
export function firstStale(timeline: Timeline): { name: string; since: Millis } | undefined {
  let found: { name: string; since: Millis } | undefined
  for (const row of timeline.rows) {
    const last = row.attempts[row.attempts.length - 1]
    if (last?.state !== 'stale' || last.start === undefined) continue
    if (found === undefined || last.start < found.since) found = { name: row.name, since: last.start }
  }
  return found
}
