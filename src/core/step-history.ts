// A context's steps over its last runs: how often each ran, its p50 and p90, its last duration, and whether the
// last is above p90 (the newest run is part of the sample).

import { percentile } from './percentiles.ts'
import type { RunProfile } from './run-profile.ts'
import type { Millis } from './types.ts'

export interface StepHistory {
  /** A dotted step name, or '' for the whole run. */
  name: string
  depth: number
  /** Runs with a known duration of the step. */
  count: number
  p50?: Millis
  p90?: Millis
  /** The step's duration in the newest run; undefined when it did not run there (or still runs). */
  last?: Millis
  /** last > p90. */
  slow: boolean
  /** One value per run, oldest first; undefined where the step has no known duration. */
  values: (Millis | undefined)[]
}

export interface History {
  /** The runs' labels, oldest first. */
  runs: string[]
  total: StepHistory
  steps: StepHistory[]
}

/**
 * `profiles` oldest first. Steps in the order of the newest run that has them, then those only older runs had.
 * With `step`, only that step and the steps under it.
 */
export function stepHistory(profiles: readonly RunProfile[], options: { step?: string } = {}): History {
  const order: { name: string; depth: number }[] = []
  const known = new Set<string>()
  for (const profile of [...profiles].reverse()) {
    for (const step of profile.steps) {
      if (known.has(step.name)) continue
      known.add(step.name)
      order.push({ name: step.name, depth: step.depth })
    }
  }
  const { step } = options
  const wanted = step === undefined ? order : order.filter((s) => s.name === step || s.name.startsWith(`${step}.`))
  const durations = profiles.map((p) => new Map(p.steps.map((s) => [s.name, s.duration])))
  return {
    runs: profiles.map((p) => p.label),
    total: line('', 0, profiles.map((p) => p.total)),
    steps: wanted.map(({ name, depth }) => line(name, depth, durations.map((d) => d.get(name)))),
  }
}

function line(name: string, depth: number, values: (Millis | undefined)[]): StepHistory {
  const present = values.filter((v): v is Millis => v !== undefined)
  const p50 = percentile(present, 50)
  const p90 = percentile(present, 90)
  const last = values[values.length - 1]
  return {
    name, depth, count: present.length,
    ...(p50 === undefined ? {} : { p50 }),
    ...(p90 === undefined ? {} : { p90 }),
    ...(last === undefined ? {} : { last }),
    slow: last !== undefined && p90 !== undefined && last > p90,
    values,
  }
}
