// One sink's queue: messages wait here (at most maxQueue), one batch at a time goes to the sink, a failed batch
// is retried with back-off (0.1 s doubling to 30 s) until it goes through. Beyond maxQueue the newest messages
// are dropped and counted: memory stays bounded and ingest never waits for a sink.

import type { Stored } from '../core/types.ts'
import { errorMessage, type Logger } from '../pipeline/log.ts'
import type { Metrics } from '../pipeline/metrics.ts'
/** What a forwarder writes to: a sink's write() or writeItems(). */
export interface BatchWriter<T> {
  write(batch: readonly T[]): Promise<void>
  close?(): Promise<void>
}

export interface ForwarderOptions<T = Stored> {
  name: string
  sink: BatchWriter<T>
  metrics: Metrics
  log: Logger
  /** Most messages waiting; default 100,000. */
  maxQueue?: number
  /** Most messages in one write; default 1,000. */
  maxBatch?: number
  /** First wait after a failure, doubled each time up to maxBackoff; default 100 ms. */
  backoff?: number
  maxBackoff?: number
}

export interface Forwarder<T = Stored> {
  /** Queues messages made durable; never throws, never waits. */
  forward(messages: readonly T[]): void
  /** Forwards what is queued; a batch that fails now is not retried: it and the rest are dropped and counted. */
  close(): Promise<void>
}

export function createForwarder<T = Stored>(options: ForwarderOptions<T>): Forwarder<T> {
  const { name, sink, metrics, log } = options
  const maxQueue = options.maxQueue ?? 100_000
  const maxBatch = options.maxBatch ?? 1_000
  const maxBackoff = options.maxBackoff ?? 30_000
  let queue: T[] = []
  let running: Promise<void> | undefined
  let closing = false
  let wake: (() => void) | undefined
  metrics.sinkQueue(name, () => queue.length)

  const sleep = (ms: number) => new Promise<void>((done) => {
    const timer = setTimeout(done, ms)
    wake = () => {
      clearTimeout(timer)
      done()
    }
  })

  async function run(): Promise<void> {
    let wait = options.backoff ?? 100
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch)
      try {
        await sink.write(batch)
        queue = queue.slice(batch.length)
        metrics.sinkForwarded(name, batch.length)
        wait = options.backoff ?? 100
      } catch (error) {
        metrics.sinkFailed(name)
        log.limited('warn', `sink ${name} failed`, `sink ${name}: ${errorMessage(error)}; ${queue.length} messages wait, trying again in ${wait} ms`)
        if (closing) return
        await sleep(wait)
        wait = Math.min(wait * 2, maxBackoff)
      }
    }
  }

  const kick = () => {
    running ??= run().finally(() => {
      running = undefined
      if (queue.length > 0 && !closing) kick()
    })
  }

  return {
    forward(messages) {
      if (closing || messages.length === 0) return
      const room = maxQueue - queue.length
      if (room < messages.length) {
        metrics.sinkDropped(name, messages.length - Math.max(room, 0))
        log.limited('warn', `sink ${name} full`, `sink ${name}: its queue holds ${maxQueue} messages; newer ones are dropped until it catches up`)
      }
      if (room > 0) {
        for (let i = 0; i < Math.min(room, messages.length); i++) queue.push(messages[i]!)
        kick()
      }
    },
    async close() {
      closing = true
      wake?.()
      await running
      if (queue.length > 0) {
        metrics.sinkDropped(name, queue.length)
        log.warn(`sink ${name}: ${queue.length} messages not forwarded at shutdown`)
        queue = []
      }
      await sink.close?.()
    },
  }
}
