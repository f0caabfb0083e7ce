// One line about a timeline, as `upto ls` and the context pages show it.

import { isFailure } from './status.ts'
import type { Millis, Timeline, TimelineSummary } from './types.ts'

/**
 * Status precedence: 'empty' (no rows) > 'running' > 'error' (a real row whose last attempt failed: status error, failed, timeout...) >
 * 'orphan' (an end that never found its start, in any real row) > 'ok'.
 * While running, duration runs to `now`, or to the latest known time if the clock is behind it.
 */
export function summarize(timeline: Timeline, now: Millis): TimelineSummary {
  const real = timeline.rows.filter((r) => r.kind !== 'implied')
  const errors = real.filter((r) => isFailure(r.status)).length
  const orphans = real.some((r) => r.attempts.some((a) => a.state === 'orphan'))
  const { first, last, running } = timeline
  const end = running ? undefined : last
  const until = running && last !== undefined ? Math.max(now, last) : end
  const status = timeline.rows.length === 0 ? 'empty'
    : running ? 'running'
    : errors > 0 ? 'error'
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
    events: real.length,
    errors,
    running,
  }
}
