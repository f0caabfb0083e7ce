// A run reduced to what comparisons and history need: per step, its duration, hosts, attempts and its time on
// the critical path; for the run, its total, its waiting, and where it failed.

import { criticalPath } from '../../../core/critical-path.ts'
import { median } from '../../../core/percentiles.ts'
import { isFailure } from '../../../core/status.ts'
import { summarize } from '../../../core/summary.ts'
import type { Millis, Timeline } from '../../../core/types.ts'

export interface StepProfile {
  /** The dotted name: one step however many hosts it ran on. */
  name: string
  depth: number
  kind: 'span' | 'implied'
  /** Distinct hosts, sorted ('' for none named). */
  hosts: string[]
  /** From its first start to its last end over every host; undefined while running or when unknown. */
  duration?: Millis
  /** Its first start, from the run's start. */
  offset?: Millis
  /** Its own time on the critical path (children's time counts for the children). */
  critical: Millis
  /** The most attempts on any host. */
  attempts: number
  status: string
  /** Its last attempt failed on some host (a failure that a retry made good does not count). */
  failed: boolean
}

/** Where a failed run failed: the step whose failure ended first, and when, from the run's start. */
export interface RunFailure {
  step: string
  after: Millis
}

export interface RunProfile {
  /** The timeline id, or what a baseline is made of: `median of 5`. */
  label: string
  /** The timelines it stands for: one, or a baseline's. */
  ids: string[]
  start?: Millis
  total?: Millis
  waiting: Millis
  running: boolean
  status: string
  /** Set when the run finished with a failed step. */
  failed?: RunFailure
  /** In the timeline's display order. */
  steps: StepProfile[]
}

export function profileOf(timeline: Timeline, now: Millis): RunProfile {
  const path = criticalPath(timeline, { now })
  const summary = summarize(timeline, now)
  const seen = new Map<string, { step: StepProfile; first: Millis; last: Millis; open: boolean }>()
  timeline.rows.forEach((row, index) => {
    if (row.kind === 'mark') return
    let acc = seen.get(row.name)
    if (acc === undefined) {
      const step: StepProfile = { name: row.name, depth: row.depth, kind: row.kind, hosts: [], critical: 0, attempts: 0, status: row.status, failed: false }
      acc = { step, first: row.start, last: row.start, open: false }
      seen.set(row.name, acc)
    }
    const { step } = acc
    if (row.kind === 'span') step.kind = 'span'
    if (!step.hosts.includes(row.host)) step.hosts.push(row.host)
    step.critical += path.time.get(index) ?? 0
    step.attempts = Math.max(step.attempts, row.attempts.length)
    if (row.status !== 'ok') step.status = row.status
    if (isFailure(row.status)) step.failed = true
    acc.first = Math.min(acc.first, row.start)
    if (row.end === undefined) acc.open = true
    else acc.last = Math.max(acc.last, row.end)
  })
  const steps = [...seen.values()].map(({ step, first, last, open }) => {
    step.hosts.sort()
    if (summary.start !== undefined) step.offset = first - summary.start
    return open ? step : { ...step, duration: last - first }
  })
  const failed = summary.status === 'error' ? failureOf(timeline, summary.start ?? 0) : undefined
  return {
    label: timeline.id,
    ids: [timeline.id],
    ...(summary.start === undefined ? {} : { start: summary.start }),
    ...(timeline.running || summary.start === undefined ? {} : { total: path.total }),
    waiting: path.waiting,
    running: timeline.running,
    status: summary.status,
    ...(failed === undefined ? {} : { failed }),
    steps,
  }
}

/** The step or mark (not an implied ancestor) whose failed last attempt ended first. */
function failureOf(timeline: Timeline, start: Millis): RunFailure | undefined {
  let first: RunFailure | undefined
  for (const row of timeline.rows) {
    if (row.kind === 'implied' || !isFailure(row.status)) continue
    const after = (row.end ?? row.start) - start
    if (first === undefined || after < first.after) first = { step: row.name, after }
  }
  return first
}

/**
 * The median run of several (newest first or last, any order): per step, the median of its durations and
 * critical times over the runs it appears in; its hosts and attempts from the newest run it appears in.
 */
export function medianProfile(profiles: readonly RunProfile[], label = `median of ${profiles.length}`): RunProfile {
  const steps = new Map<string, StepProfile[]>()
  for (const profile of profiles) {
    for (const step of profile.steps) steps.set(step.name, [...(steps.get(step.name) ?? []), step])
  }
  const totals = profiles.flatMap((p) => (p.total === undefined ? [] : [p.total]))
  const total = median(totals)
  return {
    label,
    ids: profiles.flatMap((p) => p.ids),
    ...(total === undefined ? {} : { total }),
    waiting: median(profiles.map((p) => p.waiting)) ?? 0,
    running: false,
    status: 'baseline',
    steps: [...steps.values()].map((seen) => {
      const newest = seen[0]!
      const duration = median(seen.flatMap((s) => (s.duration === undefined ? [] : [s.duration])))
      const offset = median(seen.flatMap((s) => (s.offset === undefined ? [] : [s.offset])))
      return {
        ...newest,
        critical: median(seen.map((s) => s.critical)) ?? 0,
        ...(duration === undefined ? {} : { duration }),
        ...(offset === undefined ? {} : { offset }),
      }
    }),
  }
}
