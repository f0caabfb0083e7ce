// Two runs side by side: per step, its duration in each and the difference, sorted by how much it added to the
// total — its change of time on the critical path, so a step that got slower off the path adds nothing.
// With the change in waiting, those additions sum to the change of the total (exactly for two runs; a median
// baseline's medians need not add up). Given the steps' usual spread over earlier successful runs, each change
// says whether it is beyond it. A run that failed has no speed: the verdict says where it failed instead.

import { formatDuration } from '../../../core/format.ts'
import type { RunFailure, RunProfile, StepProfile } from './run-profile.ts'
import { placeInSpread, totalKey, type Spread } from './step-spread.ts'
import type { Millis } from '../../../core/types.ts'

export interface StepChange {
  name: string
  depth: number
  a?: StepProfile
  b?: StepProfile
  /** b − a; undefined when either duration is unknown (missing or running). */
  delta?: Millis
  /** b's time on the critical path − a's: what the step added to the total. */
  added: Millis
  appeared: boolean
  disappeared: boolean
  hostsChanged: boolean
  attemptsChanged: boolean
  /** Where b's duration falls in the step's usual spread: `within p10–p90`, `6× its p90`; absent when unknown. */
  usual?: string
  /** b's duration is above the step's p90. */
  beyond?: boolean
  spread?: Spread
}

export interface CompareOptions {
  /** Per step name (and '' for the total), its spread over earlier successful runs: step-spread.ts spreadsOf. */
  spread?: ReadonlyMap<string, Spread>
  /** Failed runs passed over when picking a's runs: named beside, never measured. */
  leftOut?: readonly string[]
}

export interface Comparison {
  a: RunProfile
  b: RunProfile
  /** b.total − a.total; undefined while either is running. */
  delta?: Millis
  /** b.waiting − a.waiting. */
  waitingAdded: Millis
  /** Where b's total falls in the usual spread of totals, and whether above its p90. */
  usual?: string
  beyond?: boolean
  /** Failed runs left out of a (they are no yardstick). */
  leftOut: string[]
  /** Most added first, then the largest change of duration, then by name. */
  steps: StepChange[]
  verdict: string
}

/** Differences under this share of a's total (or 100 ms) are "about the same". */
export const sameShare = 0.01

export function compareRuns(a: RunProfile, b: RunProfile, options: CompareOptions = {}): Comparison {
  const before = new Map(a.steps.map((s) => [s.name, s]))
  const after = new Map(b.steps.map((s) => [s.name, s]))
  const names = [...b.steps.map((s) => s.name), ...a.steps.filter((s) => !after.has(s.name)).map((s) => s.name)]
  const spread = options.spread ?? new Map<string, Spread>()
  const steps = names.map((name) => change(name, before.get(name), after.get(name), spread.get(name)))
  steps.sort((x, y) => y.added - x.added || Math.abs(y.delta ?? 0) - Math.abs(x.delta ?? 0) || (x.name < y.name ? -1 : 1))
  const delta = a.total === undefined || b.total === undefined ? undefined : b.total - a.total
  const waitingAdded = b.waiting - a.waiting
  const place = b.total === undefined || b.failed ? undefined : placeInSpread(b.total, spread.get(totalKey))
  return {
    a, b, ...(delta === undefined ? {} : { delta }), waitingAdded, ...(place === undefined ? {} : { usual: place.text, beyond: place.beyond }),
    leftOut: [...(options.leftOut ?? [])], steps,
    verdict: verdict(a, b, delta, waitingAdded, steps),
  }
}

function change(name: string, a: StepProfile | undefined, b: StepProfile | undefined, spread: Spread | undefined): StepChange {
  const known = a?.duration !== undefined && b?.duration !== undefined
  // A failed step stopped early: its time says nothing about its speed.
  const place = b?.duration === undefined || b.failed ? undefined : placeInSpread(b.duration, spread)
  return {
    name,
    depth: (a ?? b)!.depth,
    ...(a ? { a } : {}),
    ...(b ? { b } : {}),
    ...(known ? { delta: b!.duration! - a!.duration! } : {}),
    added: (b?.critical ?? 0) - (a?.critical ?? 0),
    appeared: a === undefined,
    disappeared: b === undefined,
    hostsChanged: a !== undefined && b !== undefined && a.hosts.join('\n') !== b.hosts.join('\n'),
    attemptsChanged: a !== undefined && b !== undefined && a.attempts !== b.attempts,
    ...(place === undefined ? {} : { usual: place.text, beyond: place.beyond }),
    ...(spread === undefined ? {} : { spread }),
  }
}

/** What else changed about a step: `new`, `gone`, `host ci-1 → ci-2`, `attempts 1 → 2`, its new status. */
export function changeNotes(s: StepChange): string[] {
  const hosts = (list: readonly string[]) => list.map((h) => h || '(none)').join(' ')
  const out: string[] = []
  if (s.appeared) out.push('new')
  if (s.disappeared) out.push('gone')
  if (s.hostsChanged) out.push(`host ${hosts(s.a!.hosts)} → ${hosts(s.b!.hosts)}`)
  if (s.attemptsChanged) out.push(`attempts ${s.a!.attempts} → ${s.b!.attempts}`)
  if (s.b && s.b.status !== 'ok' && s.b.status !== s.a?.status) out.push(s.b.status)
  return out
}

/** `failed at e2e after 1m05s` */
export function failedText(failure: RunFailure): string {
  return `failed at ${failure.step} after ${formatDuration(failure.after)}`
}

/**
 * One line: `1234 is 1m20s slower than 1233 (+25%): build.compile +55s, waiting +20s`. The reasons are the
 * largest additions in the direction of the change, until they explain 80% of it (three at most).
 */
export function verdict(a: RunProfile, b: RunProfile, delta: Millis | undefined, waitingAdded: Millis, steps: readonly StepChange[]): string {
  if (delta === undefined) return `${b.running ? b.label : a.label} is still running: no verdict yet`
  const passed = (run: RunProfile) => `${run.label} passed in ${formatDuration(run.total ?? 0)}`
  if (b.failed) return `${b.label} ${failedText(b.failed)}${a.failed ? ` (${a.label} ${failedText(a.failed)})` : ` (${passed(a)})`}`
  if (a.failed) return `${passed(b)}; ${a.label} ${failedText(a.failed)}, so their times do not compare`
  const total = a.total ?? 0
  if (Math.abs(delta) <= Math.max(100, total * sameShare)) {
    return `${b.label} took about as long as ${a.label} (${signed(delta)})`
  }
  const sign = Math.sign(delta)
  const causes = [
    ...steps.map((s) => ({ what: s.appeared ? `${s.name} (new)` : s.disappeared ? `${s.name} (gone)` : s.name, added: s.added })),
    { what: 'waiting', added: waitingAdded },
  ].filter((c) => Math.sign(c.added) === sign && Math.abs(c.added) >= 1)
  causes.sort((x, y) => Math.abs(y.added) - Math.abs(x.added))
  const named: string[] = []
  let explained = 0
  for (const cause of causes) {
    if (named.length === 3 || Math.abs(explained) >= Math.abs(delta) * 0.8) break
    named.push(`${cause.what} ${signed(cause.added)}`)
    explained += cause.added
  }
  const share = total > 0 ? ` (${delta > 0 ? '+' : '−'}${Math.round((Math.abs(delta) / total) * 100)}%)` : ''
  const how = `${b.label} is ${formatDuration(Math.abs(delta))} ${delta > 0 ? 'slower' : 'faster'} than ${a.label}${share}`
  return named.length === 0 ? how : `${how}: ${named.join(', ')}`
}

/** `+1.50s`, `−300ms`, `±0ms`. */
export function signed(ms: Millis): string {
  if (ms === 0) return '±0ms'
  return `${ms > 0 ? '+' : '−'}${formatDuration(Math.abs(ms))}`
}
