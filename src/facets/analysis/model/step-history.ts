// A context's steps over its last runs: how often each ran, its p10, p50 and p90 over the successful runs, its
// last duration and whether that is above p90 (the newest run is part of the sample), and how often it failed
// and was retried. A failed run stopped early: it is left out of the percentiles and counted beside.

import { percentile } from '../../../core/percentiles.ts'
import type { RunProfile, StepProfile } from './run-profile.ts'
import type { Millis } from '../../../core/types.ts'

export interface StepHistory {
  /** A dotted step name, or '' for the whole run. */
  name: string
  depth: number
  /** Runs it ran in (with a known duration or not). */
  ran: number
  /** Successful runs with a known duration of it: the percentiles' sample. */
  count: number
  p10?: Millis
  p50?: Millis
  p90?: Millis
  /** The step's duration in the newest run; undefined when it did not run there (or still runs). */
  last?: Millis
  /** The newest run failed (for a step: the step failed there). */
  lastFailed: boolean
  /** last > p90. */
  slow: boolean
  /** Runs in which it failed (for the total: failed runs). */
  failures: number
  /** Runs in which it took more than one attempt (for the total: runs with a retried step). */
  retries: number
  /** failures / ran, retries / ran; 0 when it never ran. */
  failureRate: number
  retryRate: number
  /** One value per run, oldest first, failed runs too; undefined where the step has no known duration. */
  values: (Millis | undefined)[]
  /** Per run, oldest first: it failed there (for the total: the run failed). */
  failedIn: boolean[]
}

export interface History {
  /** The runs' labels, oldest first. */
  runs: string[]
  /** Per run, oldest first: it failed. */
  failed: boolean[]
  total: StepHistory
  steps: StepHistory[]
}

/** How one run went for one step. */
interface Outcome {
  duration?: Millis
  failed: boolean
  retried: boolean
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
  const failed = profiles.map((p) => p.failed !== undefined)
  const byName = profiles.map((p) => new Map(p.steps.map((s) => [s.name, s])))
  const totals = profiles.map((p): Outcome => ({
    ...(p.total === undefined ? {} : { duration: p.total }),
    failed: p.failed !== undefined,
    retried: p.steps.some((s) => s.attempts > 1),
  }))
  return {
    runs: profiles.map((p) => p.label),
    failed,
    total: line('', 0, totals, failed),
    steps: wanted.map(({ name, depth }) => line(name, depth, byName.map((steps) => outcome(steps.get(name))), failed)),
  }
}

function outcome(step: StepProfile | undefined): Outcome | undefined {
  if (step === undefined) return undefined
  return { ...(step.duration === undefined ? {} : { duration: step.duration }), failed: step.failed, retried: step.attempts > 1 }
}

function line(name: string, depth: number, outcomes: (Outcome | undefined)[], runFailed: readonly boolean[]): StepHistory {
  const sample = outcomes.flatMap((o, i) => (o?.duration === undefined || runFailed[i] ? [] : [o.duration]))
  const ran = outcomes.filter((o) => o !== undefined).length
  const failures = outcomes.filter((o) => o?.failed).length
  const retries = outcomes.filter((o) => o?.retried).length
  const p10 = percentile(sample, 10)
  const p50 = percentile(sample, 50)
  const p90 = percentile(sample, 90)
  const newest = outcomes[outcomes.length - 1]
  const last = newest?.duration
  return {
    name, depth, ran, count: sample.length,
    ...(p10 === undefined ? {} : { p10 }),
    ...(p50 === undefined ? {} : { p50 }),
    ...(p90 === undefined ? {} : { p90 }),
    ...(last === undefined ? {} : { last }),
    lastFailed: newest?.failed ?? false,
    slow: last !== undefined && p90 !== undefined && last > p90,
    failures,
    retries,
    failureRate: ran === 0 ? 0 : failures / ran,
    retryRate: ran === 0 ? 0 : retries / ran,
    values: outcomes.map((o) => o?.duration),
    failedIn: outcomes.map((o) => o?.failed ?? false),
  }
}
