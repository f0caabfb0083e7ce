// The NATS JetStream source: a durable pull consumer read in batches. Collectors that share the durable
// (several on one PostgreSQL store) share its messages as a work queue: each message goes to one of them,
// and comes again to any of them until one acknowledges it, which it does only once it is durable.

import { type ConsumerMessages, jetstream, jetstreamManager } from '@nats-io/jetstream'
import type { RunningSource, SourceType } from '../types.ts'
import { type Logger, errorMessage } from '../../pipeline/log.ts'
import { createBatcher } from './batcher.ts'
import { createTaker } from './taker.ts'
import { NatsStartError, connectNats } from './connect.ts'
import { NatsSettingsError, natsSettings, readNatsOptions } from './settings.ts'
import { ensureConsumer, ensureStream } from './stream.ts'

/** Least milliseconds between two attempts to make the stream and consumer again. */
const remakeInterval = 5_000

export const natsSource: SourceType = {
  type: 'nats',
  settings: natsSettings,
  async start(raw, context) {
    const read = readNatsOptions(context.name, raw)
    const format = context.formats.get(read.format)
    if (format === undefined) {
      throw new NatsSettingsError(`[sources.${context.name}] format "${read.format}" is not known: expected one of ${context.formats.names().join(', ')}`)
    }
    // another format's messages: on the subject its producers publish on, by a durable of its own (a work-queue
    // stream takes no two consumers of one subject), unless the section says otherwise
    const options = read.format === 'upto' ? read : {
      ...read,
      ...(raw.subject === undefined && format.subject !== undefined ? { subject: format.subject } : {}),
      ...(raw.durable === undefined ? { durable: `upto-${read.format}` } : {}),
    }
    const { log, name } = context
    const nc = await connectNats(name, options, log)
    const { batch, retryDelay, ackWait } = options
    const take = format.take
    const batcher = take === undefined
      ? createBatcher({ source: name, format, deliver: context.deliver, log, batch, retryDelay, ackWait })
      : createTaker({ source: name, format: { ...format, take }, log, retryDelay })
    let messages: ConsumerMessages | undefined
    let closing = false
    let lastRemake = -Infinity

    const jsm = await jetstreamManager(nc).catch(async (error: unknown) => {
      await nc.close().catch(() => undefined)
      throw new NatsStartError(`[sources.${name}] JetStream is not available on the server: ${errorMessage(error)}`, { cause: error })
    })
    const ensure = async () => {
      await ensureStream(jsm, name, options, log)
      await ensureConsumer(jsm, name, options, log)
    }
    const consume = async () => {
      const consumer = await jetstream(nc).consumers.get(options.stream, options.durable)
      const started = await consumer.consume({ max_messages: batch, callback: (message) => batcher.take(message) })
      void watchConsumer(name, started, log, remake)
      return started
    }
    /** A consumer or stream deleted under the running source: made again, and read anew. */
    const remake = async () => {
      if (closing || performance.now() - lastRemake < remakeInterval) return
      lastRemake = performance.now()
      try {
        await ensure()
        const old = messages
        messages = await consume()
        await old?.close().catch(() => undefined)
      } catch (error) {
        log.limited('error', `${name} nats remake`, `${name}: could not make stream ${options.stream} and consumer ${options.durable} again: ${errorMessage(error)}`)
      }
    }

    try {
      await ensure()
      messages = await consume()
    } catch (error) {
      await nc.close().catch(() => undefined)
      throw new NatsStartError(`[sources.${name}] could not set up stream ${options.stream} and consumer ${options.durable}: ${errorMessage(error)}`, { cause: error })
    }
    log.info(`${name}: consuming ${options.subject} from JetStream stream ${options.stream} as ${options.durable}`)

    let closed: Promise<void> | undefined
    const close = async () => {
      closing = true
      batcher.stop()
      await messages?.close().catch(() => undefined)
      await batcher.settled()
      // drain: the acknowledgements sent so far reach the server before the connection closes
      await nc.drain().catch(() => undefined)
    }
    const running: RunningSource = { close: () => (closed ??= close()) }
    return running
  },
}

/** Logs what the consumer tells of trouble: missed heartbeats, the consumer or stream gone (then remade). */
async function watchConsumer(source: string, messages: ConsumerMessages, log: Logger, remake: () => Promise<void>): Promise<void> {
  try {
    for await (const status of messages.status()) {
      switch (status.type) {
        case 'heartbeats_missed':
          log.limited('warn', `${source} nats heartbeats`, `${source}: JetStream heartbeats missed (${status.count}); still trying`)
          break
        case 'consumer_not_found':
        case 'consumer_deleted':
        case 'stream_not_found':
          log.limited('error', `${source} nats ${status.type}`, `${source}: JetStream says ${status.type.replaceAll('_', ' ')}; making it again`)
          void remake()
          break
        default:
      }
    }
  } catch (error) {
    log.error(`${source}: JetStream consumer status: ${errorMessage(error)}`)
  }
}
