// From JetStream messages to durable events. Messages that arrive together (one turn of the event loop, or
// `batch` of them) are decoded, and their events stored in one submit; each message is acknowledged only
// once that submit resolved, i.e. once its events are durable. Then:
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

export function createBatcher(options: BatcherOptions): Batcher {
  const { source, format, deliver, log, batch, retryDelay, ackWait } = options
  let pending: JsMsg[] = []
  let scheduled = false
  let stopped = false
  const inFlight = new Set<Promise<void>>()

  function flush(): void {
    scheduled = false
    if (pending.length === 0) return
    const messages = pending
    pending = []
    const done = store(messages)
    inFlight.add(done)
    void done.finally(() => inFlight.delete(done))
  }

  /** Decodes, submits and settles `messages`. Never rejects. */
  async function store(messages: JsMsg[]): Promise<void> {
    const events: Incoming[] = []
    const stored: JsMsg[] = []
    for (const message of messages) {
      const own = decode(message)
      if (own === undefined) continue
      for (const event of own) events.push(event)
      stored.push(message)
    }
    if (stored.length === 0) return
    // a submit slower than the ack wait (a store catching up) must not see its messages delivered elsewhere
    const keep = setInterval(() => {
      for (const message of stored) message.working()
    }, Math.max(500, ackWait / 2))
    try {
      await deliver.submit({ events, refused: [] })
      for (const message of stored) message.ack()
    } catch (error) {
      for (const message of stored) message.nak(retryDelay)
      const level = sendAgain(error) ? 'warn' : 'error'
      log.limited(level, `${source} not stored`,
        `${source}: ${stored.length} NATS messages not stored, delivered again in ${retryDelay} ms: ${errorMessage(error)}`)
    } finally {
      clearInterval(keep)
    }
  }

  /** The message's valid events with their ids; undefined when it was settled here (nothing to store). */
  function decode(message: JsMsg): Incoming[] | undefined {
    const { stream, streamSequence } = message.info
    const from = `stream ${stream} message ${streamSequence}`
    const contentType = message.headers?.get('Content-Type')
    const received = Number(message.timestampNanos / 1_000_000n)
    let decoded
    try {
      decoded = format.decode(message.data, { received, contentType: contentType === '' ? undefined : contentType })
    } catch (error) {
      // formats never throw; one that does must not stop the source, nor have its message come back for ever
      decoded = { events: [], refused: [{ index: 0, reason: 'malformed' as const, detail: `format ${format.name} failed: ${errorMessage(error)}` }] }
    }
    if (decoded.refused.length > 0) deliver.push({ events: [], refused: decoded.refused }, from)
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
      pending.push(message)
      if (pending.length >= batch) flush()
      else if (!scheduled) {
        scheduled = true
        // setImmediate: every message the client read in this turn joins the submit
        setImmediate(flush)
      }
    },
    stop() {
      stopped = true
    },
    async settled() {
      flush()
      while (inFlight.size > 0) await Promise.all(inFlight)
    },
  }
}
