// The ingest queue with group commit. Receivers push decoded events; one writer loop takes all
// that is pending (up to maxBatch events), places it in timelines, and appends it to the store in
// one call. While that append runs, the next batch gathers. push() is fire-and-forget (UDP);
// submit() resolves once its events are durable (HTTP answers only then).

import type { Incoming } from '../core/types.ts'
import type { Store } from '../store/types.ts'
import { type Logger, createLogger, errorMessage } from '../server/log.ts'
import type { Metrics } from './metrics.ts'
import { type Chunk, createPlacer } from './placer.ts'

export interface IngestOptions {
  store: Store
  metrics: Metrics
  now?: () => number
  /** Most events in one append (whole chunks are taken, so one large chunk may exceed it). */
  maxBatch?: number
  log?: Logger
}

export interface Ingest {
  /** Queues events; never throws, never waits. Ignored once closing. */
  push(events: Incoming[]): void
  /** Queues events; resolves once they are durable, rejects with the store's error. */
  submit(events: Incoming[]): Promise<void>
  /** Resolves once everything queued so far has been written (or has failed). */
  drain(): Promise<void>
  /** Stops taking events, writes everything queued, then resolves. */
  close(): Promise<void>
}

/** Thrown by submit() once the ingest is closing: HTTP answers 503. */
export class IngestClosedError extends Error {
  override name = 'IngestClosedError'
  readonly code = 'closed'
}

interface Pending extends Chunk {
  /** Set for submit(): told when the batch holding this chunk is durable or failed. */
  resolve?: () => void
  reject?: (error: unknown) => void
}

export const defaultMaxBatch = 5_000

export function createIngest(options: IngestOptions): Ingest {
  const { store, metrics } = options
  const now = options.now ?? Date.now
  const maxBatch = options.maxBatch ?? defaultMaxBatch
  const log = options.log ?? createLogger()
  const placer = createPlacer(store)

  let queue: Pending[] = []
  let queued = 0
  let scheduled = false
  let writing = false
  let closing = false
  let idle: Array<() => void> = []
  metrics.queueLength(() => queued)

  function enqueue(chunk: Pending): void {
    // A bounded queue goes here: when `queued` is over its limit, count a drop (UDP) or
    // answer 503 (HTTP) instead of queueing.
    queue.push(chunk)
    queued += chunk.events.length
    if (!scheduled && !writing) {
      scheduled = true
      // setImmediate, not a microtask: every datagram read in this turn of the loop joins the batch.
      setImmediate(run)
    }
  }

  /** Whole chunks, oldest first, up to maxBatch events (at least one chunk). */
  function take(): Pending[] {
    let count = 0
    let n = 0
    while (n < queue.length) {
      const size = queue[n]!.events.length
      if (n > 0 && count + size > maxBatch) break
      count += size
      n++
    }
    queued -= count
    if (n === queue.length) {
      const all = queue
      queue = []
      return all
    }
    return queue.splice(0, n)
  }

  async function write(batch: Pending[]): Promise<void> {
    let placed: Awaited<ReturnType<typeof placer.place>> | undefined
    let events = 0
    for (const chunk of batch) events += chunk.events.length
    try {
      placed = await placer.place(batch)
      await store.append(placed.messages, placed.created)
      metrics.stored(events)
      for (const chunk of batch) chunk.resolve?.()
    } catch (error) {
      placed?.undo()
      metrics.failed(events)
      log.error(`could not store a batch of ${events} events: ${errorMessage(error)}`)
      for (const chunk of batch) chunk.reject?.(error)
    }
  }

  async function run(): Promise<void> {
    scheduled = false
    writing = true
    try {
      while (queue.length > 0) await write(take())
    } finally {
      writing = false
      const waiting = idle
      idle = []
      for (const resolve of waiting) resolve()
    }
  }

  function drain(): Promise<void> {
    if (!scheduled && !writing) return Promise.resolve()
    return new Promise((resolve) => idle.push(resolve))
  }

  return {
    push(events) {
      if (closing || events.length === 0) return
      enqueue({ events, received: now() })
    },
    submit(events) {
      if (closing) return Promise.reject(new IngestClosedError('the collector is shutting down'))
      if (events.length === 0) return Promise.resolve()
      return new Promise((resolve, reject) => enqueue({ events, received: now(), resolve, reject }))
    },
    drain,
    async close() {
      closing = true
      await drain()
    },
  }
}
