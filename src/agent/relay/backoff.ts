// How long to wait before sending again while the collector is down: doubling from `first` up to `most`,
// with a random part so that many agents do not come back all at once.

export interface Backoff {
  /** The next wait, in milliseconds. */
  next(): number
  reset(): void
}

export function createBackoff(first: number, most: number, random: () => number = Math.random): Backoff {
  let failures = 0
  return {
    next() {
      const base = Math.min(most, first * 2 ** failures)
      failures = Math.min(failures + 1, 30)
      return Math.round(base * (0.75 + random() * 0.25))
    },
    reset() {
      failures = 0
    },
  }
}
