// What the agent counts: shown in its log, its /status, and sent as a service's runtime figures.

export interface AgentCounters {
  /** Events taken in from UDP. */
  received: number
  /** Items of datagrams that did not decode, by reason (malformed, bad_name, …): never buffered. */
  refusedOnEntry: Record<string, number>
  /** Events the buffer dropped unacknowledged because it was full. */
  droppedFull: number
  /** Events the collector acknowledged (pushed or pulled). */
  forwarded: number
  /** Events the collector refused as invalid, by reason: dropped, not sent again. */
  refusedByCollector: Record<string, number>
  /** Batches sent again after the collector did not take them. */
  retries: number
}

export function createCounters(): AgentCounters {
  return { received: 0, refusedOnEntry: {}, droppedFull: 0, forwarded: 0, refusedByCollector: {}, retries: 0 }
}

export function countReason(counts: Record<string, number>, reason: string, n = 1): void {
  counts[reason] = (counts[reason] ?? 0) + n
}
