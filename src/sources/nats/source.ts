// The NATS JetStream source: a durable pull consumer read in batches. Collectors that share the durable
// (several on one PostgreSQL store) share its messages as a work queue: each message goes to one of them,
// and comes again to any of them until one acknowledges it, which it does only once it is durable.

import { type ConsumerMessages, jetstream, jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import type { RunningSource, SourceContext, SourceType } from '../types.ts'
import { type Logger, errorMessage } from '../../pipeline/log.ts'
import { createBatcher } from './batcher.ts'
import { NatsStartError, connectNats } from './connect.ts'
import { NatsSettingsError, natsSettings, readNatsOptions } from './settings.ts'
import { ensureConsumer, ensureStream } from './stream.ts'

export const natsSource: SourceType = {
  type: 'nats',
  settings: natsSettings,
  async start(raw, context) {
    const options = readNatsOptions(context.name, raw)
    const format = context.formats.get(options.format)
    if (format === undefined) {
      throw new NatsSettingsError(`[sources.${context.name}] format "${options.format}" is not known: expected one of ${context.formats.names().join(', ')}`)
    }
    const { log, name } = context
    const nc = await connectNats(name, options, log)
    let messages: ConsumerMessages
    try {
      const jsm = await jetstreamManager(nc)
      await ensureStream(jsm, name, options, log)
      await ensureConsumer(jsm, name, options, log)
      const consumer = await jetstream(nc).consumers.get(options.stream, options.durable)
      const { batch, retryDelay, ackWait } = options
      const batcher = createBatcher({ source: name, format, deliver: context.deliver, log, batch, retryDelay, ackWait })
      messages = await consumer.consume({ max_messages: options.batch, callback: (message) => batcher.take(message) })
      void watchConsumer(name, messages, log)
      log.info(`${name}: consuming ${options.subject} from JetStream stream ${options.stream} as ${options.durable}`)
      return running(nc, messages, batcher)
    } catch (error) {
      await nc.close().catch(() => undefined)
      throw new NatsStartError(`[sources.${name}] could not set up stream ${options.stream} and consumer ${options.durable}: ${errorMessage(error)}`, { cause: error })
    }
  },
}

function running(nc: NatsConnection, messages: ConsumerMessages, batcher: ReturnType<typeof createBatcher>): RunningSource {
  let closed: Promise<void> | undefined
  const close = async () => {
    batcher.stop()
    await messages.close().catch(() => undefined)
    await batcher.settled()
    // drain: the acknowledgements sent so far reach the server before the connection closes
    await nc.drain().catch(() => undefined)
  }
  return { close: () => (closed ??= close()) }
}

/** Logs what the consumer tells of trouble: missed heartbeats, the consumer or stream gone. */
async function watchConsumer(source: string, messages: ConsumerMessages, log: Logger): Promise<void> {
  try {
    for await (const status of messages.status()) {
      switch (status.type) {
        case 'heartbeats_missed':
          log.limited('warn', `${source} nats heartbeats`, `${source}: JetStream heartbeats missed (${status.count}); still trying`)
          break
        case 'consumer_not_found':
        case 'consumer_deleted':
        case 'stream_not_found':
          log.limited('error', `${source} nats ${status.type}`, `${source}: JetStream says ${status.type.replaceAll('_', ' ')}; still trying`)
          break
        default:
      }
    }
  } catch (error) {
    log.error(`${source}: JetStream consumer status: ${errorMessage(error)}`)
  }
}
