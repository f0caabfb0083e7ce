// A step's usual spread over earlier successful runs (p10, p50, p90 of its durations), and where a new
// duration falls in it: `within p10–p90`, `below p10`, `6× its p90`.

import { percentile } from '../../../core/percentiles.ts'
import type { RunProfile } from './run-profile.ts'
import type { Millis } from '../../../core/types.ts'

export interface Spread {
  /** Durations it is made of. */
  count: number
  p10: Millis
  p50: Millis
  p90: Millis
}

/** Fewer earlier durations than this say nothing about what is usual. */
export const spreadMinimum = 3

/** The key of the whole run's total in a map of spreads (no step is named ''). */
export const totalKey = ''

/** undefined for no values. */
export function spreadOf(values: readonly Millis[]): Spread | undefined {
  if (values.length === 0) return undefined
  return { count: values.length, p10: percentile(values, 10)!, p50: percentile(values, 50)!, p90: percentile(values, 90)! }
}

/** Per step name (and `totalKey` for the total), over the profiles given: the caller passes successful runs. */
export function spreadsOf(profiles: readonly RunProfile[]): Map<string, Spread> {
  const durations = new Map<string, Millis[]>([[totalKey, []]])
  for (const profile of profiles) {
    if (profile.total !== undefined) durations.get(totalKey)!.push(profile.total)
    for (const step of profile.steps) {
      if (step.duration === undefined) continue
      const list = durations.get(step.name)
      if (list === undefined) durations.set(step.name, [step.duration])
      else list.push(step.duration)
    }
  }
  const spreads = new Map<string, Spread>()
  for (const [name, values] of durations) {
    const spread = spreadOf(values)
    if (spread !== undefined) spreads.set(name, spread)
  }
  return spreads
}

export interface Place {
  text: string
  /** Above the usual spread: slower than p90. */
  beyond: boolean
}

/** Where `duration` falls in `spread`; undefined when the spread has too few runs to say. */
export function placeInSpread(duration: Millis, spread: Spread | undefined): Place | undefined {
  if (spread === undefined || spread.count < spreadMinimum) return undefined
  if (duration < spread.p10) return { text: 'below p10', beyond: false }
  if (duration <= spread.p90) return { text: 'within p10–p90', beyond: false }
  if (spread.p90 <= 0) return { text: 'above p90', beyond: true }
  const times = duration / spread.p90
  const text = times < 10 ? String(Math.round(times * 10) / 10) : String(Math.round(times))
  return { text: text === '1' ? 'just above p90' : `${text}× its p90`, beyond: true }
}
