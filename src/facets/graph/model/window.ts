// A window read at the coarsest resolution that answers it: whole hours from the hour buckets, the minutes at
// either end from the minute buckets, so a day is 24 hour rows per pair, not 1,440.

import { HOUR, MINUTE, type Resolution } from './types.ts'

export interface Span {
  resolution: Resolution
  /** Bucket starts, inclusive both. */
  from: number
  to: number
}

/** The spans whose buckets start within [start, end] (inclusive), none overlapping. */
export function windowSpans(start: number, end: number): Span[] {
  const firstHour = Math.ceil(start / HOUR) * HOUR
  // the last hour whose every minute starts within the window
  const lastHour = Math.floor((end - (HOUR - MINUTE)) / HOUR) * HOUR
  if (lastHour < firstHour) return [{ resolution: 'minute', from: start, to: end }]
  const spans: Span[] = []
  if (start < firstHour) spans.push({ resolution: 'minute', from: start, to: firstHour - 1 })
  spans.push({ resolution: 'hour', from: firstHour, to: lastHour })
  if (lastHour + HOUR <= end) spans.push({ resolution: 'minute', from: lastHour + HOUR, to: end })
  return spans
}
