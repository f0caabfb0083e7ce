// Builders for store tests: messages and timelines with plausible defaults.

import type { Stored, TimelineInfo } from '../../src/core/types.ts'

export const t0 = 1_700_000_000_000

export function timeline(context: string, id: string, created = t0): TimelineInfo {
  return { context, id, created }
}

export function message(context: string, timeline: string, name: string, more: Partial<Stored> = {}): Stored {
  return { kind: 'start', context, timeline, name, host: '', time: t0, received: t0, ...more }
}

/** `count` timelines of one context, created one millisecond apart, oldest first. */
export function timelines(context: string, count: number): TimelineInfo[] {
  return Array.from({ length: count }, (_, i) => timeline(context, `run-${i + 1}`, t0 + i))
}
