// findGaps (gantt-gaps.ts) for a big chart: the same gaps, from the starts and the ends of what ran sorted
// apart as numbers (a native sort of a Float64Array), not from intervals sorted by a comparator — which for
// 200,000 rows holds the thread for a tenth of a second. A time is covered while more intervals have begun
// than ended; a gap runs from the end that leaves none open to the next start.

import { finish, sortNumbersSteps } from '../../core/steps.ts'
import { type Gap, keepLongest } from './gantt-gaps.ts'

export interface Covered {
  starts: number[]
  ends: number[]
}

type Axis = { start: number; end: number; span: number }
type GapOptions = { minMs?: number; max?: number }

export function coveredGaps(covered: Covered, axis: Axis, options: GapOptions = {}): Gap[] {
  return finish(coveredGapsParts(covered, axis, options))
}

/** Numbers sorted between two pauses. */
const SORT_SLICE = 20_000

/** The same, pausing (a yielded '') as the starts and the ends are sorted, and before the sweep. */
export function* coveredGapsParts(covered: Covered, axis: Axis, options: GapOptions = {}): Generator<string, Gap[], undefined> {
  const { start, end, span } = axis
  if (!(span > 0)) return []
  const min = options.minMs ?? Math.max(1, span * 0.002)
  const starts = yield* paused(sortNumbersSteps(covered.starts, SORT_SLICE))
  const ends = yield* paused(sortNumbersSteps(covered.ends, SORT_SLICE))
  yield ''
  const gaps: Gap[] = []
  let open = 0
  let free = start
  let j = 0
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!
    // every end before this start closes an interval
    for (; j < ends.length && ends[j]! < s; j++) if (--open === 0) free = ends[j]!
    if (open === 0 && s - free >= min) gaps.push({ start: free, end: s })
    open++
  }
  for (; j < ends.length; j++) if (--open === 0) free = ends[j]!
  if (end - free >= min) gaps.push({ start: free, end })
  return keepLongest(gaps, options.max ?? 500)
}

/** Steps as parts of a page: each pause an empty part. */
function* paused<T>(steps: Generator<void, T, undefined>): Generator<string, T, undefined> {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    yield ''
  }
}
