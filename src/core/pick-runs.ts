// Which runs a comparison takes when not both are named: the target (named, else the newest) and the finished,
// successful runs just before it — one, or the N of a baseline. Failed runs stopped early: they are passed over
// and named beside. Also the runs that give each step its usual spread (at least `spreadRuns`).

import { didYouMean } from './closest.ts'

export interface RunRef {
  id: string
  running: boolean
  /** Finished with a failed step (summary status `error`). */
  failed: boolean
}

export interface PickedRuns {
  target: string
  before: string[]
  /** Failed runs passed over on the way to `before`'s last. */
  leftOut: string[]
  /** The successful runs before the target that give each step its spread, newest first; `before` leads it. */
  spread: string[]
}

export type Picked = PickedRuns | { problem: string }

/** How many earlier successful runs give a step its usual spread, when a baseline asks for fewer. */
export const spreadRuns = 20

/** `list` newest first. */
export function pickRuns(list: readonly RunRef[], context: string, target: string | undefined, count: number): Picked {
  if (list.length === 0) return { problem: `"${context}" has no timeline yet` }
  const at = target === undefined ? 0 : list.findIndex((t) => t.id === target)
  if (at < 0) {
    return { problem: `timeline "${target}" is not among the newest ${list.length} of "${context}": name both runs${didYouMean(target!, list.map((t) => t.id))}` }
  }
  const id = list[at]!.id
  const finished = list.slice(at + 1).filter((t) => !t.running)
  const passed = finished.filter((t) => !t.failed)
  const before = passed.slice(0, count).map((t) => t.id)
  if (before.length === 0) {
    const failed = finished.length === 0 ? '' : ` successful`
    const why = finished.length === 0 ? '' : ` (${finished.length} failed)`
    return { problem: `"${context}" has no${failed} finished run before ${id}${why}: nothing to compare it with` }
  }
  const last = finished.findIndex((t) => t.id === before[before.length - 1])
  const leftOut = finished.slice(0, last).filter((t) => t.failed).map((t) => t.id)
  return { target: id, before, leftOut, spread: successfulBefore(list, id, Math.max(count, spreadRuns)) }
}

/** Up to `count` finished, successful runs after `id` in `list` (newest first); none when `id` is not there. */
export function successfulBefore(list: readonly RunRef[], id: string, count = spreadRuns): string[] {
  const at = list.findIndex((t) => t.id === id)
  if (at < 0) return []
  return list.slice(at + 1).filter((t) => !t.running && !t.failed).slice(0, count).map((t) => t.id)
}
