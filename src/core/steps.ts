// Long pure work as a generator that yields now and then: run at once (finish), or by a server in turns
// that let its event loop run between them (src/server/turns.ts). The yields carry nothing.

export type Steps<T> = Generator<void, T, undefined>

/** Runs steps to their end, at once. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
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
 * A stable sort in steps: a bottom-up merge sort that yields every `slice` elements merged or so. Array.sort of
 * 200,000 objects holds the thread for a tenth of a second; this lets it be done in turns. Returns a new array.
 */
export function* sortSteps<T>(items: readonly T[], compare: (a: T, b: T) => number, slice: number): Steps<T[]> {
  const pace = every(slice)
  let from = [...items]
  let to: T[] = new Array<T>(from.length)
  // runs of 16 sorted in place first: insertion sort is quickest on short runs
  for (let lo = 0; lo < from.length; lo += 16) {
    const hi = Math.min(from.length, lo + 16)
    for (let i = lo + 1; i < hi; i++) {
      const x = from[i]!
      let j = i - 1
      for (; j >= lo && compare(from[j]!, x) > 0; j--) from[j + 1] = from[j]!
      from[j + 1] = x
    }
    if (pace.due(hi - lo)) yield
  }
  for (let width = 16; width < from.length; width *= 2) {
    for (let lo = 0; lo < from.length; lo += 2 * width) {
      const mid = Math.min(from.length, lo + width)
      const hi = Math.min(from.length, lo + 2 * width)
      let i = lo
      let j = mid
      let k = lo
      while (i < mid && j < hi) to[k++] = compare(from[j]!, from[i]!) < 0 ? from[j++]! : from[i++]!
      while (i < mid) to[k++] = from[i++]!
      while (j < hi) to[k++] = from[j++]!
      if (pace.due(hi - lo)) yield
    }
    ;[from, to] = [to, from]
  }
  return from
}
