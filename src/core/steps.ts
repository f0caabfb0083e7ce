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
