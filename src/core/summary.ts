// One line about a timeline, as `upto ls` and the context pages show it.

import { formatAgo } from './format.ts'
import { isFailure } from './status.ts'
import { firstStale } from './stale.ts'
import type { Millis, Row, Timeline, TimelineSummary } from './types.ts'

/**
 * What summarize counts of a timeline's rows: the real ones, those whose last attempt failed (the first of them
 * by name), those tried more than once, and whether one has an orphan end.
 */
export interface RowCounts {
  events: number
  errors: number
  retried: number
  failed?: string
  orphans: boolean
}

/** Counts one more row: for a caller that walks the rows anyway, and passes the counts to summarize. */
export function countRow(counts: RowCounts, row: Row): void {
  if (row.kind === 'implied') return
  counts.events++
  if (isFailure(row.status)) {
    counts.errors++
    counts.failed ??= row.name
  }
  if (row.kind !== 'mark' && row.attempts.length > 1) counts.retried++
  if (!counts.orphans) for (const a of row.attempts) counts.orphans ||= a.state === 'orphan'
}

/**
 * Status precedence: 'empty' (no rows) > 'running' > 'error' (a real row whose last attempt failed: status error, failed, timeout...) >
 * 'stale' (a step whose end never came: stale.ts) > 'orphan' (an end that never found its start, in any real row) > 'ok'.
 * While running, duration runs to `now`, or to the latest known time if the clock is behind it.
 */
/**
 * `2 failed (unit first), 1 retried`, `1 retried`, or '' when nothing failed or was tried again; with `now`, a
 * stale step too: `deploy: no end since 12:03 UTC, 6m ago`.
 */
export function outcomeNote(s: Pick<TimelineSummary, 'errors' | 'retried' | 'failed' | 'stale'>, now?: Millis): string {
  const failed = s.errors > 0 ? `${s.errors} failed${s.failed === undefined ? '' : s.errors === 1 ? ` (${s.failed})` : ` (${s.failed} first)`}` : ''
  const retried = s.retried > 0 ? `${s.retried} retried` : ''
  const stale = s.stale === undefined || now === undefined ? '' : staleNote(s.stale, now)
  return [failed, retried, stale].filter((part) => part !== '').join(', ')
}

/** `deploy: no end since 12:03 UTC, 6m ago`. */
export function staleNote(stale: { name: string; since: Millis }, now: Millis): string {
  return `${stale.name}: no end since ${new Date(stale.since).toISOString().slice(11, 16)} UTC, ${formatAgo(stale.since, now)}`
}

export function summarize(timeline: Timeline, now: Millis, counts = countRows(timeline.rows)): TimelineSummary {
  const { events, errors, retried, failed, orphans } = counts
  const { first, last, running } = timeline
  const end = running ? undefined : last
  const until = running && last !== undefined ? Math.max(now, last) : end
  const stale = firstStale(timeline)
  const status = timeline.rows.length === 0 ? 'empty'
    : running ? 'running'
    : errors > 0 ? 'error'
    : stale ? 'stale'
    : orphans ? 'orphan'
    : 'ok'
  return {
    context: timeline.context,
    id: timeline.id,
    created: timeline.created,
    ...(first === undefined ? {} : { start: first }),
    ...(end === undefined ? {} : { end }),
    ...(first === undefined || until === undefined ? {} : { duration: until - first }),
    status,
    events,
    errors,
    retried,
    ...(failed === undefined ? {} : { failed }),
    running,
    ...(stale === undefined ? {} : { stale }),
  }
}

function countRows(rows: readonly Row[]): RowCounts {
  const counts: RowCounts = { events: 0, errors: 0, retried: 0, orphans: false }
  for (const row of rows) countRow(counts, row)
  return counts
}
