// The ingest queue with group commit. Receivers push decoded events; one writer loop takes all
// that is pending (up to maxBatch events), places it in timelines, and appends it to the store in
// one call. While that append runs, the next batch gathers; under load appends are paced (commitInterval),
// so batches grow with the load instead of their number. push() is fire-and-forget (UDP);
// submit() resolves once its events are durable (HTTP answers only then).

import type { Incoming, Millis, Stored, TimelineInfo } from '../core/types.ts'
import { UptoError } from '../core/errors.ts'
import type { Store } from '../store/types.ts'
import { type Logger, errorMessage } from './log.ts'
import type { Metrics } from './metrics.ts'
import { type Chunk, createPlacer } from './placer.ts'
import { type StoreHealth, reasonOf } from './store-health.ts'

export interface IngestOptions {
  store: Store
  metrics: Metrics
  now?: () => number
  /** Most events in one append (whole chunks are taken, so one large chunk may exceed it). */
  maxBatch?: number
  /**
   * Least milliseconds from the start of one append to the start of the next, while only push()ed events
   * (UDP, nobody waiting) are queued. An event arriving after a quiet spell is written at once; under load,
   * each append takes what arrived meanwhile — a few large appends a second instead of thousands of tiny
   * ones, which cost the store far more per event. A submit() (an HTTP caller waiting) is never held back.
   */
  commitInterval?: number
  /**
   * Most events waiting to be written. Beyond it push() drops what it is given (the UDP receiver counts it)
   * and submit() rejects with IngestFullError (HTTP answers 503): memory stays bounded when the store
   * cannot keep up. Default 100,000 (a few tens of MB).
   */
  maxQueue?: number
  /**
   * Appends a batch holding submit()ted events with { sync: true }: an HTTP acknowledgement then means on
   * disk, surviving a crash of the machine. Batches of push()ed events only (UDP) are not synced. Default true.
   */
  syncAcknowledged?: boolean
  log: Logger
  /**
   * Whether the store takes writes (store-health.ts). With it, a failed append makes the collector refuse
   * everything (push() drops, submit() rejects with StoreUnavailableError) until the store has recovered.
   */
  health?: StoreHealth
  /** Told after each durable append what it held (the web pages' live updates). Must not throw. */
  onStored?: (messages: readonly Stored[], created: readonly TimelineInfo[]) => void
}

export interface Ingest {
  /**
   * Queues events received at `received` (default now); never throws, never waits. Ignored once closing.
   * False when the queue was full: dropped.
   */
  push(events: readonly Incoming[], received?: Millis): boolean
  /** Why the store takes no writes now (push() then drops everything), or undefined. */
  refusing(): string | undefined
  /** Queues events; resolves once they are durable, rejects with the store's error (IngestFullError when full). */
  submit(events: Incoming[]): Promise<void>
  /**
   * Runs `task` between two appends (nothing placed or being written meanwhile), then forgets what the
   * placer remembers of timelines: retention deletes through it without pausing ingest for longer than one task.
   */
  between<T>(task: () => Promise<T>): Promise<T>
  /** Resolves once everything queued so far has been written (or has failed). */
  drain(): Promise<void>
  /** Stops taking events, writes everything queued, then resolves. */
  close(): Promise<void>
}

/** Thrown by submit() when the queue holds maxQueue events: HTTP answers 503 with Retry-After. */
export class IngestFullError extends UptoError {
  override name = 'IngestFullError'

  constructor(message: string) {
    super('unavailable', message)
  }
}

/** Thrown by submit() while the store takes no writes (it failed, or the disk is nearly full): HTTP answers 503. */
export class StoreUnavailableError extends UptoError {
  override name = 'StoreUnavailableError'

  constructor(message: string) {
    super('unavailable', message)
  }
}

/** Thrown by submit() once the ingest is closing: HTTP answers 503. */
export class IngestClosedError extends UptoError {
  override name = 'IngestClosedError'

  constructor(message: string) {
    super('unavailable', message)
  }
}

interface Pending extends Chunk {
  /** Set for submit(): told when the batch holding this chunk is durable or failed. */
  resolve?: () => void
  reject?: (error: unknown) => void
}

export const defaultMaxBatch = 5_000
/**
 * Each append costs the main thread a fixed part (a LevelDB worker woken, its answer, the promises around it)
 * beside its part per event: at 100,000 UDP events/s, 10 ms (about 1,000 events an append) takes a tenth less
 * CPU per event than 2 ms, and 20 ms no less than 10.
 */
export const defaultCommitInterval = 10
export const defaultMaxQueue = 100_000

export function createIngest(options: IngestOptions): Ingest {
  const { store, metrics } = options
  const now = options.now ?? Date.now
  const maxBatch = options.maxBatch ?? defaultMaxBatch
  const interval = options.commitInterval ?? defaultCommitInterval
  const { log } = options
  const maxQueue = options.maxQueue ?? defaultMaxQueue
  const syncAcknowledged = options.syncAcknowledged ?? true
  const health = options.health
  const refusing = () => health?.refusing()
  let placer = createPlacer(store)
  const tasks: Array<() => Promise<void>> = []

  let queue: Pending[] = []
  let queued = 0
  let scheduled = false
  let writing = false
  let closing = false
  let idle: Array<() => void> = []
  /** performance.now() when the last append started: pacing needs a clock that only moves forward. */
  let lastStart = -Infinity
  /** Queued chunks of submit(): while there is one, appends are not paced. */
  let submitted = 0
  /** Ends the pacing pause early, when a submit() arrives during it. */
  let wake: (() => void) | undefined
  metrics.queueLength(() => queued)

  const full = (events: number) => queued > 0 && queued + events > maxQueue

  function enqueue(chunk: Pending): void {
    queue.push(chunk)
    queued += chunk.events.length
    if (chunk.resolve !== undefined) {
      submitted++
      wake?.()
    }
    schedule()
  }

  function schedule(): void {
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
    for (let i = 0; i < n; i++) if (queue[i]!.resolve !== undefined) submitted--
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
    const unavailable = refusing()
    if (unavailable !== undefined) {
      // queued before the store stopped taking writes: not written, not acknowledged
      metrics.failed(events)
      const error = new StoreUnavailableError(`the store takes no writes: ${unavailable}`)
      for (const chunk of batch) chunk.reject?.(error)
      return
    }
    try {
      placed = await placer.place(batch)
      if (syncAcknowledged && batch.some((chunk) => chunk.resolve !== undefined)) {
        await store.append(placed.messages, placed.created, { sync: true })
      } else {
        await store.append(placed.messages, placed.created)
      }
      metrics.stored(events)
      for (const chunk of batch) chunk.resolve?.()
      options.onStored?.(placed.messages, placed.created)
    } catch (error) {
      placed?.undo()
      metrics.failed(events)
      if (health === undefined) {
        log.limited('error', `store failed ${reasonOf(error)}`, `could not store a batch of ${events} events: ${errorMessage(error)}`)
        for (const chunk of batch) chunk.reject?.(error)
        return
      }
      health.failed(error)
      const unavailable = new StoreUnavailableError(`could not store a batch of ${events} events: ${errorMessage(error)}`)
      for (const chunk of batch) chunk.reject?.(unavailable)
    }
  }

  async function run(): Promise<void> {
    scheduled = false
    writing = true
    try {
      while (queue.length > 0 || tasks.length > 0) {
        if (queue.length > 0) {
          await pace()
          lastStart = performance.now()
          await write(take())
        }
        // then at most one task (retention) before the next append: neither waits for all of the other
        const task = tasks.shift()
        if (task !== undefined) {
          await task()
          placer = createPlacer(store)
        }
      }
    } finally {
      writing = false
      const waiting = idle
      idle = []
      for (const resolve of waiting) resolve()
    }
  }

  /** Waits out the rest of the commit interval, unless a submit() is queued or arrives meanwhile. */
  async function pace(): Promise<void> {
    const wait = lastStart + interval - performance.now()
    if (wait <= 0 || submitted > 0 || closing) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
    wake = undefined
  }

  function drain(): Promise<void> {
    if (!scheduled && !writing) return Promise.resolve()
    return new Promise((resolve) => idle.push(resolve))
  }

  return {
    push(events, received = now()) {
      if (closing || events.length === 0) return true
      if (full(events.length) || refusing() !== undefined) return false
      // datagrams received in the same millisecond join one chunk: one object for many, not one each
      const last = queue[queue.length - 1]
      if (last !== undefined && last.resolve === undefined && last.received === received &&
        last.events.length + events.length <= maxBatch) {
        for (const event of events) last.events.push(event)
        queued += events.length
        return true
      }
      enqueue({ events: events.slice(), received })
      return true
    },
    submit(events) {
      if (closing) return Promise.reject(new IngestClosedError('the collector is shutting down'))
      if (events.length === 0) return Promise.resolve()
      const unavailable = refusing()
      if (unavailable !== undefined) return Promise.reject(new StoreUnavailableError(`the store takes no writes: ${unavailable}`))
      if (full(events.length)) {
        return Promise.reject(new IngestFullError(`the ingest queue holds ${queued} events, its limit is ${maxQueue}`))
      }
      return new Promise((resolve, reject) => enqueue({ events, received: now(), resolve, reject }))
    },
    refusing,
    between(task) {
      return new Promise((resolve, reject) => {
        tasks.push(() => task().then(resolve, reject))
        schedule()
      })
    },
    drain,
    async close() {
      closing = true
      wake?.()
      await drain()
    },
  }
}
