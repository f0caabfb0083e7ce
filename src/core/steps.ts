// Long pure work as a generator that yields now and then: run at once (finish), or by a server in turns
// that let its event loop run between them (src/http/turns.ts). The yields carry nothing.

export type Steps<T> = Generator<void, T, undefined>

/** Runs steps to their end, at once (what they yield, if anything, is dropped). */
export function finish<T>(steps: Generator<unknown, T, undefined>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** Runs steps to their end, giving `pause` (a server's turns) its chance after each. */
export async function finishInTurns<T>(steps: Steps<T>, pause: () => Promise<void> | undefined): Promise<T> {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await pause()
  }
}

/** Counts work; `due()` is true once every `every` units (Infinity: never). */
export function every(units: number): { due(by?: number): boolean } {
  let left = units
  return {
    due(by = 1) {
      left -= by
      if (left > 0) return false
      left = units
      return true
    },
  }
}

/**
 * A stable sort in steps: runs of `slice` elements sorted by Array.sort (native, stable), then merged pairwise,
 * yielding after each run and each `slice` elements merged or so. Array.sort of 200,000 objects at once holds the
 * thread for a tenth of a second; this does the same work in turns. Returns a new array.
 */
export function* sortSteps<T>(items: readonly T[], compare: (a: T, b: T) => number, slice: number): Steps<T[]> {
  const run = Math.max(1, Math.min(slice, items.length))
  const from: T[] = []
  for (let lo = 0; lo < items.length; lo += run) {
    for (const x of items.slice(lo, lo + run).sort(compare)) from.push(x)
    yield
  }
  return yield* mergeRuns<T, T[]>(from, new Array<T>(from.length), run, (a, b) => compare(a, b) < 0, slice)
}

/**
 * Numbers sorted ascending in steps: runs of `slice` sorted natively in place, then merged as sortSteps does. A
 * native sort of 200,000 numbers at once holds the thread for ten milliseconds. Returns a new array.
 */
export function* sortNumbersSteps(numbers: ArrayLike<number>, slice: number): Steps<Float64Array> {
  const from = Float64Array.from(numbers)
  const run = Math.max(1, Math.min(slice, from.length))
  for (let lo = 0; lo < from.length; lo += run) {
    from.subarray(lo, lo + run).sort()
    yield
  }
  return yield* mergeRuns<number, Float64Array>(from, new Float64Array(from.length), run, (a, b) => a < b, slice)
}

/** What mergeRuns reads and writes: an array, or a typed array. */
interface Slots<T> {
  readonly length: number
  [index: number]: T
}

/**
 * Sorted runs of `run` elements of `from` merged pairwise until one is left, `to` the room to merge into; stable
 * (the left run first unless `before(right, left)`), yielding every `slice` elements merged, so that two long
 * runs are merged over several turns. Returns the array holding the result: `from` or `to`.
 */
function* mergeRuns<T, A extends Slots<T>>(from: A, to: A, run: number, before: (a: T, b: T) => boolean, slice: number): Steps<A> {
  const pace = every(slice)
  for (let width = run; width < from.length; width *= 2) {
    for (let lo = 0; lo < from.length; lo += 2 * width) {
      const mid = Math.min(from.length, lo + width)
      const hi = Math.min(from.length, lo + 2 * width)
      let i = lo
      let j = mid
      let k = lo
      while (i < mid && j < hi) {
        to[k++] = before(from[j]!, from[i]!) ? from[j++]! : from[i++]!
        if (pace.due()) yield
      }
      while (i < mid) to[k++] = from[i++]!
      while (j < hi) to[k++] = from[j++]!
    }
    ;[from, to] = [to, from]
  }
  return from
}
