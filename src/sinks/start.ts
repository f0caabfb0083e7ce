// Creates the configured sinks (`[sinks.NAME]`), each behind its own queue (forward.ts), and fans every durable
// batch out to them.

import type { ConfiguredSink } from '../config/sections.ts'
import type { Stored } from '../core/types.ts'
import type { Logger } from '../pipeline/log.ts'
import type { Metrics } from '../pipeline/metrics.ts'
import { type Forwarder, createForwarder } from './forward.ts'
import { sinkTypes } from './index.ts'

export type { ConfiguredSink }

export interface Sinks {
  forward(messages: readonly Stored[]): void
  close(): Promise<void>
}

export function startSinks(configured: readonly ConfiguredSink[], context: { metrics: Metrics; log: Logger; now: () => number }): Sinks {
  const forwarders: Forwarder[] = []
  for (const { name, type, enabled, options } of configured) {
    if (!enabled) continue
    const sinkType = sinkTypes.find((t) => t.type === type)
    if (sinkType === undefined) throw new TypeError(`sinks.${name}: unknown type "${type}"`)
    const { max_queue: maxQueue, max_batch: maxBatch, ...rest } = options as { max_queue?: number; max_batch?: number }
    const sink = sinkType.create(rest as never, { name, log: context.log, now: context.now })
    forwarders.push(createForwarder({
      name, sink, metrics: context.metrics, log: context.log,
      ...(maxQueue === undefined ? {} : { maxQueue }), ...(maxBatch === undefined ? {} : { maxBatch }),
    }))
    context.log.info(`forwarding stored events to sink ${name} (${type})`)
  }
  return {
    forward(messages) {
      for (const forwarder of forwarders) forwarder.forward(messages)
    },
    async close() {
      await Promise.allSettled(forwarders.map((forwarder) => forwarder.close()))
    },
  }
}
