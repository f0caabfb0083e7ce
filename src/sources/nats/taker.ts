// From JetStream messages to a format that takes its messages itself (cdevents): each message is handed to
// format.take() in order, and settled once it resolved: acknowledged when something of it was taken or already
// known, terminated when every item was refused (never delivered again; counted by the format), given back with a
// delay when the collector could not store it. The same interface as the batcher, so the source runs either.

import type { JsMsg } from '@nats-io/jetstream'
import type { Format } from '../../pipeline/formats.ts'
import { type Logger, errorMessage } from '../../pipeline/log.ts'
import type { Batcher } from './batcher.ts'

export interface TakerOptions {
  source: string
  format: Format & Required<Pick<Format, 'take'>>
  log: Logger
  retryDelay: number
}

export function createTaker({ source, format, log, retryDelay }: TakerOptions): Batcher {
  let stopped = false
  let tail: Promise<void> = Promise.resolve()

  async function settle(message: JsMsg): Promise<void> {
    const headers: Record<string, string> = {}
    for (const name of message.headers?.keys() ?? []) headers[name.toLowerCase()] = message.headers!.get(name)
    try {
      const taken = await format.take(message.data, {
        received: Number(message.timestampNanos / 1_000_000n), contentType: headers['content-type'], source, headers,
      })
      if (taken.accepted === 0 && taken.duplicates === 0 && taken.refused.length > 0) {
        message.term()
        log.limited('warn', `${source} terminated`, `${source}: NATS message ${message.info.streamSequence} on ${message.subject} terminated: ${taken.refused[0]!.reason}: ${taken.refused[0]!.detail}`)
      } else message.ack()
    } catch (error) {
      message.nak(retryDelay)
      log.limited('warn', `${source} not stored`, `${source}: NATS message not stored, delivered again in ${retryDelay} ms: ${errorMessage(error)}`)
    }
  }

  return {
    take(message) {
      if (stopped) {
        message.nak()
        return
      }
      tail = tail.then(() => settle(message))
    },
    stop() {
      stopped = true
    },
    settled: () => tail,
  }
}
