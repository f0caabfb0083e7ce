// The comparison of picked runs (pick-runs.ts): the target against the run before it or the median of a
// baseline, with every step's usual spread over the successful runs before the target.

import { compareRuns, type Comparison } from './compare.ts'
import type { PickedRuns } from '../../../core/pick-runs.ts'
import { medianProfile, type RunProfile } from './run-profile.ts'
import { spreadsOf } from './step-spread.ts'

/** `profile` gives each picked id's profile; `baseline` is the N asked for, undefined for one run. */
export function comparePicked(picked: PickedRuns, profile: (id: string) => RunProfile, baseline?: number): Comparison {
  const before = picked.before.map(profile)
  const a = baseline === undefined ? before[0]! : medianProfile(before)
  return compareRuns(a, profile(picked.target), { spread: spreadsOf(picked.spread.map(profile)), leftOut: picked.leftOut })
}

/** Every id a comparison of `picked` reads, once. */
export function pickedIds(picked: PickedRuns): string[] {
  return [...new Set([picked.target, ...picked.before, ...picked.spread])]
}
