// Where a running step ends in an export: the latest known time, or now when it is later.

import type { Millis, Timeline } from '../../core/types.ts'

export function untilOf(timeline: Timeline, now: Millis): Millis {
  const last = timeline.last ?? timeline.first ?? timeline.created
  return timeline.running ? Math.max(last, now) : last
}
