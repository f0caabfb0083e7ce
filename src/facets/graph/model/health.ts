// When a node or an edge is unhealthy, and when it is stale, as servicegraph decides it.

import { HOUR } from './types.ts'

export interface Counters {
  ok: number
  expected: number
  unexpected: number
}

export const noCounts = (): Counters => ({ ok: 0, expected: 0, unexpected: 0 })

/** ok/(ok+expected) under 0.98 or ok/(ok+unexpected) under 0.99; nothing at all is healthy. */
export function isUnhealthy({ ok, expected, unexpected }: Counters): boolean {
  const ratio = (errors: number) => (ok + errors === 0 ? 1 : ok / (ok + errors))
  return ratio(expected) < 0.98 || ratio(unexpected) < 0.99
}

/** Silent for an hour, or never heard of. */
export function isStale(lastActivity: number | undefined, now: number): boolean {
  return lastActivity === undefined || now - lastActivity >= HOUR
}

/** Errors of both kinds over all: 0 when there was nothing. */
export function errorRate({ ok, expected, unexpected }: Counters): number {
  const all = ok + expected + unexpected
  return all === 0 ? 0 : (expected + unexpected) / all
}
