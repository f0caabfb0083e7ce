// The request bodies all connections may hold at once (--max-body-bytes-in-flight). Each body is limited on its
// own (1 MiB), but 400 clients each sending most of one and stalling would hold 400 MiB. A request reserves what
// it declares (its Content-Length, or the per-body limit when it does not say) before a byte is read, and gives
// it back once answered; one that does not fit is answered 503 at once, its body unread.

export const defaultBodyBytesInFlight = 64 * 1024 * 1024

export interface BodyBudget {
  /** Reserves `bytes`; false when they do not fit beside what is held. */
  take(bytes: number): boolean
  give(bytes: number): void
  readonly held: number
  readonly limit: number
}

export function createBodyBudget(limit = defaultBodyBytesInFlight): BodyBudget {
  let held = 0
  return {
    take(bytes) {
      // one body is always let through when nothing is held, whatever its size
      if (held > 0 && held + bytes > limit) return false
      held += bytes
      return true
    },
    give(bytes) {
      held -= bytes
    },
    get held() {
      return held
    },
    limit,
  }
}
