// From JetStream messages to durable events. Messages wait here as they arrived, undecoded; each is decoded
// when a submit takes it (at most `batch` messages and about one append of events), two submits at most under
// way (the server delivers no more than the consumer's max_ack_pending). Decoding late keeps the events of
// hundreds of waiting messages from outliving the young generation: they are made, stored and dropped within
// one append, which costs the garbage collector far less. Each message is acknowledged only once its submit
// resolved, i.e. once its events are durable. Then:
//   - the collector cannot store now (queue full, store down, shutting down): nak with a delay, the message
//     comes again later, nothing is lost;
//   - nothing in a message can be stored (it does not decode, every item is refused): term, so it is never
//     delivered again; its refusals are counted and logged by the delivery under the source's name;
//   - a mixed batch: its valid events are stored, the message acknowledged, the rest counted as refused.

import type { JsMsg } from '@nats-io/jetstream'
import type { Incoming } from '../../core/types.ts'
import type { Delivery } from '../../pipeline/deliver.ts'
import { sendAgain } from '../../pipeline/deliver.ts'
import type { Format } from '../../pipeline/formats.ts'
import { type Logger, errorMessage } from '../../pipeline/log.ts'
import { addMessageIds } from './message-ids.ts'
import { defaultMaxBatch } from '../../pipeline/ingest.ts'

/** Events in one submit: about one append of the ingest queue (a message is never split). */
const maxEvents = defaultMaxBatch

export interface BatcherOptions {
  source: string
  format: Format
  deliver: Delivery
  log: Logger
  /** Most messages in one submit. */
  batch: number
  /** Milliseconds before a message the collector could not store is delivered again. */
  retryDelay: number
  /** The consumer's ack wait: messages whose submit takes longer are kept from being delivered elsewhere. */
  ackWait: number
}

export interface Batcher {
  /** Takes one delivered message: it is acknowledged, nak'ed or terminated later. */
  take(message: JsMsg): void
  /** From now on, messages taken are given back at once (nak without delay): another collector takes them. */
  stop(): void
  /** Resolves once every message taken so far has been acknowledged, nak'ed or terminated. */
  settled(): Promise<void>
}

/** Submits under way at once: one being written while the next gathers, as the ingest's group commit does. */
const maxInFlight = 2

export function createBatcher(options: BatcherOptions): Batcher {
  const { source, format, deliver, log, batch, retryDelay, ackWait } = options
  /** Messages waiting for a submit, oldest first from `next`. */
  let waiting: JsMsg[] = []
  let next = 0
  /** The message a submit could not take (its events would have made the submit too big), decoded: the next one's first. */
  let carried: { message: JsMsg; events: Incoming[] } | undefined
  let scheduled = false
  let stopped = false
  const inFlight = new Set<Promise<void>>()
  const idle: Array<() => void> = []

  const hasWaiting = () => carried !== undefined || next < waiting.length

  function schedule(): void {
    if (scheduled || !hasWaiting()) return
    scheduled = true
    // setImmediate: every message the client read in this turn joins the submit
    setImmediate(flush)
  }

  /** Starts submits while fewer than maxInFlight run, each of at most `batch` messages and maxEvents events. */
  function flush(): void {
    scheduled = false
    while (hasWaiting() && inFlight.size < maxInFlight) {
      const taken: Array<{ message: JsMsg; events: Incoming[] }> = []
      let events = 0
      if (carried !== undefined) {
        taken.push(carried)
        events = carried.events.length
        carried = undefined
      }
      while (taken.length < batch && next < waiting.length) {
        const message = waiting[next++]!
        const decoded = decode(message)
        if (decoded === undefined) continue
        if (taken.length > 0 && events + decoded.length > maxEvents) {
          carried = { message, events: decoded }
          break
        }
        taken.push({ message, events: decoded })
        events += decoded.length
      }
      if (next === waiting.length) {
        waiting = []
        next = 0
      } else if (next >= 1024) {
        // dropping the taken head now and then, not at every submit: no copy of hundreds of waiting messages each time
        waiting = waiting.slice(next)
        next = 0
      }
      if (taken.length === 0) continue
      const done = store(taken, events)
      inFlight.add(done)
      void done.finally(() => {
        inFlight.delete(done)
        schedule()
        if (inFlight.size === 0 && !hasWaiting()) for (const resolve of idle.splice(0)) resolve()
      })
    }
    if (inFlight.size === 0 && !hasWaiting()) for (const resolve of idle.splice(0)) resolve()
  }

  /** Submits the events of `taken` at once, then settles each message. Never rejects. */
  async function store(taken: Array<{ message: JsMsg; events: Incoming[] }>, count: number): Promise<void> {
    const events: Incoming[] = new Array(count)
    let i = 0
    for (const item of taken) for (const event of item.events) events[i++] = event
    // a submit slower than the ack wait (a store catching up) must not see its messages delivered elsewhere
    const keep = setInterval(() => {
      for (const item of taken) item.message.working()
    }, Math.max(500, ackWait / 2))
    try {
      await deliver.submit({ events, refused: [] })
      for (const item of taken) item.message.ack()
    } catch (error) {
      for (const item of taken) item.message.nak(retryDelay)
      const level = sendAgain(error) ? 'warn' : 'error'
      log.limited(level, `${source} not stored`,
        `${source}: ${taken.length} NATS messages not stored, delivered again in ${retryDelay} ms: ${errorMessage(error)}`)
    } finally {
      clearInterval(keep)
    }
  }

  /** The message's valid events with their ids; undefined when it was settled here (nothing to store). */
  function decode(message: JsMsg): Incoming[] | undefined {
    const { stream, streamSequence } = message.info
    const contentType = mediaTypeOf(message)
    const received = Number(message.timestampNanos / 1_000_000n)
    let decoded
    try {
      decoded = format.decode(message.data, { received, contentType })
    } catch (error) {
      // formats never throw; one that does must not stop the source, nor have its message come back for ever
      decoded = { events: [], refused: [{ index: 0, reason: 'malformed' as const, detail: `format ${format.name} failed: ${errorMessage(error)}` }] }
    }
    if (decoded.refused.length > 0) deliver.push({ events: [], refused: decoded.refused }, `stream ${stream} message ${streamSequence}`)
    if (decoded.events.length > 0) {
      addMessageIds(decoded.events, stream, streamSequence)
      return decoded.events
    }
    if (decoded.refused.length === 0) {
      message.ack() // an empty batch: nothing to store
      return undefined
    }
    // no reason given: a server before 2.10 ignores a +TERM that carries one, and would deliver it again
    message.term()
    log.limited('warn', `${source} terminated`,
      `${source}: NATS message ${streamSequence} of stream ${stream} on ${message.subject} terminated, not delivered ` +
      `again: none of its ${decoded.refused.length} items could be stored (${decoded.refused[0]!.reason})`)
    return undefined
  }

  return {
    take(message) {
      if (stopped) {
        message.nak()
        return
      }
      waiting.push(message)
      if (waiting.length - next >= batch) flush()
      else schedule()
    },
    stop() {
      stopped = true
    },
    settled() {
      flush()
      if (inFlight.size === 0 && !hasWaiting()) return Promise.resolve()
      return new Promise((resolve) => idle.push(resolve))
    },
  }
}

/** The message's Content-Type header, whatever the case of its name (as in HTTP); undefined without one. */
function mediaTypeOf(message: JsMsg): string | undefined {
  const headers = message.headers
  if (headers === undefined) return undefined
  const exact = headers.get('Content-Type')
  if (exact !== '') return exact
  return headers.values('content-type', 'insensitive')[0] || undefined
}
