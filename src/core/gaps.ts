// Intervals of time: merging overlaps, and what a set of intervals leaves uncovered.

import type { Millis } from './types.ts'

export interface Interval {
  from: Millis
  to: Millis
}

/** Sorted, overlapping and touching intervals merged; empty ones dropped. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from)
  const out: Interval[] = []
  for (const next of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && next.from <= last.to) last.to = Math.max(last.to, next.to)
    else out.push({ from: next.from, to: next.to })
  }
  return out
}

/** Total length of a list of intervals that do not overlap. */
export function lengthOf(intervals: readonly Interval[]): Millis {
  let sum = 0
  for (const i of intervals) sum += i.to - i.from
  return sum
}
