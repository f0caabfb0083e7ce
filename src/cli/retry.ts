// When `upto --http` sends again: only when the collector answered 503 (its queue is full, or it is
// stopping: nothing was stored). Never after a timeout or a broken connection: the events may have been
// stored. A collector that does not answer at all fails at once, as before.

/** Longest single wait, whatever Retry-After says. */
export const maxRetryWait = 5_000
const firstWait = 200

/**
 * Milliseconds to wait before attempt `attempt + 1`: 200 ms doubling with each attempt, but never less than
 * the collector's Retry-After (seconds); at most 5 s; spread by ±25 % so that many clients do not come back
 * at once.
 */
export function retryWait(attempt: number, retryAfter: string | null | undefined, random: () => number = Math.random): number {
  const seconds = retryAfter === null || retryAfter === undefined || retryAfter.trim() === '' ? NaN : Number(retryAfter)
  const asked = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1_000 : 0
  const base = Math.max(asked, firstWait * 2 ** (attempt - 1))
  return Math.round(Math.min(base, maxRetryWait) * (0.75 + random() / 2))
}
