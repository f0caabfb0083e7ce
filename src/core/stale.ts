// "Running" you can trust: a step whose end never came is not running for ever. Once its last attempt has had no
// end for longer than its stale limit (the collector's --stale, else learned from earlier runs: stale-limits.ts)
// it is stale — shown as such,
// not running — and it no longer stretches the time axis: its bar stops at the last thing known of the run, with
// a marker. A run is running while it has an open step that is not stale. Pure: views apply it with their clock.

import { isFailure } from './status.ts'
import { finish, finishInTurns } from './steps.ts'
import type { Attempt, Millis, Row, Timeline } from './types.ts'

/** The limit of a step no earlier run tells about. */
export const defaultStaleMs = 3_600_000

/** One limit for every step, or each step's own (by dotted name). */
export type StaleLimit = Millis | ((name: string) => Millis)

/** The timeline with its long-open attempts stale; the same object when there are none. */
export function markStale(timeline: Timeline, now: Millis, limit: StaleLimit = defaultStaleMs): Timeline {
  return finish(staleSteps(timeline, now, limit))
}

/** The same, pausing every ROWS_A_STEP rows (`pause`: the collector's turns), for a timeline of many. */
export function markStaleInTurns(timeline: Timeline, now: Millis, limit: StaleLimit, pause: () => Promise<void> | undefined): Promise<Timeline> {
  return finishInTurns(staleSteps(timeline, now, limit), pause)
}

/** Rows between two pauses: well under a millisecond of work. */
const ROWS_A_STEP = 250

/** markStale's work, yielding every ROWS_A_STEP rows. */
function* staleSteps(timeline: Timeline, now: Millis, limit: StaleLimit): Generator<void, Timeline> {
  if (!timeline.running) return timeline
  const limitOf = typeof limit === 'number' ? () => limit : limit
  let changed = false
  let first: { name: string; since: Millis } | undefined
  const rows: Row[] = []
  for (let i = 0; i < timeline.rows.length; i++) {
    if (i > 0 && i % ROWS_A_STEP === 0) yield
    const row = timeline.rows[i]!
    const last = row.attempts[row.attempts.length - 1]
    if (row.kind !== 'span' || last?.state !== 'running' || last.start === undefined || now - last.start <= limitOf(row.name)) {
      rows.push(row)
      continue
    }
    changed = true
    if (first === undefined || last.start < first.since) first = { name: row.name, since: last.start }
    const stale: Attempt = { ...last, state: 'stale', status: 'stale' }
    rows.push({ ...row, status: 'stale', attempts: [...row.attempts.slice(0, -1), stale] })
  }
  if (!changed) return timeline
  // each ancestor again from what is under it: running while a step under it runs, else failed, stale or ok. In one
  // pass from the last row up: rows come depth first, so a node's descendants are summed before it is reached.
  const open = (r: Row) => r.kind !== 'implied' && r.end === undefined && r.status !== 'stale'
  const under = new Map<string, { open: boolean; failed: boolean; stale: boolean; end: Millis }>()
  for (let i = rows.length - 1; i >= 0; i--) {
    if (i % ROWS_A_STEP === 0) yield
    let row = rows[i]!
    const sum = under.get(row.name)
    if (row.kind === 'implied' && row.end === undefined && sum !== undefined && !sum.open) {
      const status = sum.failed ? 'error' : sum.stale ? 'stale' : 'ok'
      row = rows[i] = { ...row, end: Math.max(row.start, sum.end), status }
    }
    const dot = row.name.lastIndexOf('.')
    if (dot < 0) continue
    const parent = row.name.slice(0, dot)
    const into = under.get(parent) ?? { open: false, failed: false, stale: false, end: -Infinity }
    const own = sum ?? { open: false, failed: false, stale: false, end: -Infinity }
    into.open ||= own.open || open(row)
    into.failed ||= own.failed || (row.kind !== 'implied' && isFailure(row.status))
    into.stale ||= own.stale || row.status === 'stale'
    into.end = Math.max(into.end, own.end, row.end ?? row.attempts[row.attempts.length - 1]?.start ?? row.start)
    under.set(parent, into)
  }
  let running = false
  for (let i = 0; i < rows.length && !running; i++) {
    if (i % ROWS_A_STEP === 0) yield
    running = open(rows[i]!)
  }
  return { ...timeline, rows, running, ...(first === undefined ? {} : { stale: first }) }
}

/** The start of the longest-open step of a running timeline; undefined when none is open. */
export function oldestOpen(timeline: Timeline): Millis | undefined {
  return finish(oldestOpenSteps(timeline))
}

/** The same, pausing every ROWS_A_STEP rows. */
export function oldestOpenInTurns(timeline: Timeline, pause: () => Promise<void> | undefined): Promise<Millis | undefined> {
  return finishInTurns(oldestOpenSteps(timeline), pause)
}

function* oldestOpenSteps(timeline: Timeline): Generator<void, Millis | undefined> {
  if (!timeline.running) return undefined
  let oldest: Millis | undefined
  for (let i = 0; i < timeline.rows.length; i++) {
    if (i > 0 && i % ROWS_A_STEP === 0) yield
    const row = timeline.rows[i]!
    const last = row.attempts[row.attempts.length - 1]
    if (row.kind !== 'span' || last?.state !== 'running' || last.start === undefined) continue
    if (oldest === undefined || last.start < oldest) oldest = last.start
  }
  return oldest
}

/** The first stale step of a timeline (by start) and since when it has had no end; undefined when none. */
export function firstStale(timeline: Timeline): { name: string; since: Millis } | undefined {
  return timeline.stale
}
