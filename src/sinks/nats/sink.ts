// `[sinks.NAME] type = "nats"`: each event published on a subject as JSON, with its CloudEvent attributes as ce-*
// headers (NATS's binary mode), through JetStream when the subject is in a stream (published and acknowledged),
// else plainly, flushed before the batch resolves.

import { jetstream } from '@nats-io/jetstream'
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node'
import { storedAsItem, type Sink, type SinkType } from '../types.ts'

export interface NatsSinkOptions {
  url?: string
  subject: string
  /** Publish through JetStream and wait for its acknowledgement. */
  jetstream?: boolean
}

export const natsSink: SinkType<NatsSinkOptions> = {
  type: 'nats',
  settings: {
    url: { type: 'url', default: 'nats://127.0.0.1:4222', description: 'The NATS server (several: separated by commas).' },
    subject: { type: 'string', required: true, description: 'The subject each event is published on.' },
    jetstream: { type: 'boolean', default: false, description: 'Publish through JetStream (the subject is in a stream) and wait for each acknowledgement.' },
  },
  create(options, context) {
    if (typeof options.subject !== 'string' || options.subject === '') throw new TypeError(`sinks.${context.name}: subject is missing`)
    const servers = (options.url ?? 'nats://127.0.0.1:4222').split(',').map((s) => s.trim())
    let connection: Promise<NatsConnection> | undefined
    const connected = () => (connection ??= connect({ servers, name: `upto sink ${context.name}` }).catch((error: unknown) => {
      connection = undefined
      throw error
    }))
    const sink: Sink = {
      async writeItems(batch) {
        const nc = await connected()
        const js = options.jetstream ? jetstream(nc) : undefined
        for (const item of batch) {
          const h = natsHeaders()
          h.set('content-type', 'application/json')
          h.set('ce-specversion', item.specversion)
          h.set('ce-id', item.id)
          h.set('ce-source', item.source)
          h.set('ce-type', item.type)
          h.set('ce-time', item.time)
          const body = JSON.stringify(item.data)
          if (js !== undefined) await js.publish(options.subject, body, { headers: h, msgID: item.id })
          else nc.publish(options.subject, body, { headers: h })
        }
        await nc.flush()
      },
      write: (batch) => sink.writeItems!(batch.map(storedAsItem)),
      async close() {
        if (connection !== undefined) await (await connection.catch(() => undefined))?.drain().catch(() => undefined)
      },
    }
    return sink
  },
}
