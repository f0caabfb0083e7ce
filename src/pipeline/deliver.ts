// The one way into the ingest queue, for every source: decode → count → log refusals → queue → count drops.
// A source gives what it decoded; push() is fire-and-forget (UDP), submit() resolves once the events are
// durable (HTTP answers, NATS acknowledges, only then). Metrics and log lines are labelled with the source's name.

import type { Decoded } from '../core/types.ts'
import { createDropLog } from './drop-log.ts'
import { type Ingest, IngestClosedError, IngestFullError, StoreUnavailableError } from './ingest.ts'
import type { Logger } from './log.ts'
import type { Metrics } from './metrics.ts'

export interface Delivery {
  /** Counts and queues; never throws, never waits. False when the events were dropped (counted and logged). */
  push(decoded: Decoded, from?: string, received?: number): boolean
  /**
   * Counts and queues; resolves once the events are durable. Rejects with IngestFullError,
   * StoreUnavailableError or IngestClosedError when nothing was stored (send again), else the store's error.
   */
  submit(decoded: Decoded, from?: string): Promise<void>
}

export interface DeliveryOptions {
  /** The source's name: `udp`, `http`, or the NAME of `[sources.NAME]`. */
  source: string
  ingest: Ingest
  metrics: Metrics
  log: Logger
  now: () => number
  /** What a refused submit() did to its sender, for the log: 'answered 503 to' (HTTP); default 'refused'. */
  refusedAs?: string
}

export function createDelivery({ source, ingest, metrics, log, now, refusedAs = 'refused' }: DeliveryOptions): Delivery {
  const dropLog = createDropLog(log, now)
  const count = (decoded: Decoded, from: string | undefined) => {
    metrics.decoded(source, decoded)
    for (const refusal of decoded.refused) log.refused(source, refusal, from)
  }
  const dropped = (events: number) => {
    const reason = ingest.refusing() === undefined ? 'queue_full' : 'store_unavailable'
    metrics.dropped(source, events, reason)
    dropLog(source, events, reason, 'dropped')
  }
  return {
    push(decoded, from, received = now()) {
      count(decoded, from)
      if (decoded.events.length === 0 || ingest.push(decoded.events, received)) return true
      dropped(decoded.events.length)
      return false
    },
    async submit(decoded, from) {
      count(decoded, from)
      try {
        await ingest.submit(decoded.events)
      } catch (error) {
        if (error instanceof IngestFullError || error instanceof StoreUnavailableError) {
          const reason = error instanceof IngestFullError ? 'queue_full' : 'store_unavailable'
          metrics.dropped(source, decoded.events.length, reason)
          dropLog(source, decoded.events.length, reason, refusedAs)
        }
        throw error
      }
    },
  }
}

/** Whether an error of submit() means nothing was stored and the sender may send the same again. */
export function sendAgain(error: unknown): error is IngestFullError | StoreUnavailableError | IngestClosedError {
  return error instanceof IngestFullError || error instanceof StoreUnavailableError || error instanceof IngestClosedError
}
