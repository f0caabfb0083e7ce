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
  const pace = every(slice)
  const run = Math.max(1, Math.min(slice, items.length))
  let from: T[] = []
  for (let lo = 0; lo < items.length; lo += run) {
    for (const x of items.slice(lo, lo + run).sort(compare)) from.push(x)
    yield
  }
  let to: T[] = new Array<T>(from.length)
  for (let width = run; width < from.length; width *= 2) {
    for (let lo = 0; lo < from.length; lo += 2 * width) {
      const mid = Math.min(from.length, lo + width)
      const hi = Math.min(from.length, lo + 2 * width)
      let i = lo
      let j = mid
      let k = lo
      // the left run first on ties: stable; two long runs are merged over several turns
      while (i < mid && j < hi) {
        to[k++] = compare(from[j]!, from[i]!) < 0 ? from[j++]! : from[i++]!
        if (pace.due()) yield
      }
      while (i < mid) to[k++] = from[i++]!
      while (j < hi) to[k++] = from[j++]!
    }
    ;[from, to] = [to, from]
  }
  return from
}

/**
 * Numbers sorted ascending in steps: runs of `slice` sorted natively in place, then merged pairwise, yielding
 * after each run and each `slice` numbers merged. A native sort of 200,000 numbers at once holds the thread
 * for ten milliseconds. Returns a new array.
 */
export function* sortNumbersSteps(numbers: ArrayLike<number>, slice: number): Steps<Float64Array> {
  let from = Float64Array.from(numbers)
  const run = Math.max(1, Math.min(slice, from.length))
  for (let lo = 0; lo < from.length; lo += run) {
    from.subarray(lo, lo + run).sort()
    yield
  }
  let to = new Float64Array(from.length)
  const pace = every(slice)
  for (let width = run; width < from.length; width *= 2) {
    for (let lo = 0; lo < from.length; lo += 2 * width) {
      const mid = Math.min(from.length, lo + width)
      const hi = Math.min(from.length, lo + 2 * width)
      let i = lo
      let j = mid
      let k = lo
      while (i < mid && j < hi) {
        to[k++] = from[j]! < from[i]! ? from[j++]! : from[i++]!
        if (pace.due()) yield
      }
      while (i < mid) to[k++] = from[i++]!
      while (j < hi) to[k++] = from[j++]!
    }
    ;[from, to] = [to, from]
  }
  return from
}
