// Each step's stale limit, learned from earlier runs of its context: three times its p90 over the runs in which
// it finished without failing, never under a minute (a step that usually takes a second is not stale after three
// of a slow one: a live page would flicker). A step no earlier run finished keeps the default (stale.ts).

import { percentile } from './percentiles.ts'
import { defaultStaleMs } from './stale.ts'
import { isFailure } from './status.ts'
import { type Steps, every, finish } from './steps.ts'
import type { Millis, Timeline } from './types.ts'

export const staleFactor = 3
export const minimumStaleMs = 60_000

/** By dotted step name; the default for a step the runs never finished. */
export function learnedStaleLimits(earlier: readonly Timeline[]): (name: string) => Millis {
  return finish(learnedStaleLimitsSteps(earlier, Infinity))
}

/** The same, yielding every `slice` rows or so (steps.ts): ten earlier runs of a big timeline are millions of rows. */
export function* learnedStaleLimitsSteps(earlier: readonly Timeline[], slice: number): Steps<(name: string) => Millis> {
  const pace = every(slice)
  const durations = new Map<string, Millis[]>()
  for (const timeline of earlier) {
    for (const row of timeline.rows) {
      if (pace.due()) yield
      const last = row.attempts[row.attempts.length - 1]
      if (row.kind !== 'span' || last?.state !== 'done' || last.start === undefined || last.end === undefined) continue
      if (isFailure(last.status)) continue
      let list = durations.get(row.name)
      if (list === undefined) durations.set(row.name, (list = []))
      list.push(last.end - last.start)
    }
  }
  const limits = new Map<string, Millis>()
  for (const [name, list] of durations) {
    if (pace.due(list.length)) yield
    limits.set(name, Math.max(minimumStaleMs, staleFactor * percentile(list, 90)!))
  }
  return (name) => limits.get(name) ?? defaultStaleMs
}
