// Creates the configured sinks (`[sinks.NAME]`), each behind its own queue (forward.ts), and fans every durable
// batch out to them.

import type { ConfiguredSink } from '../config/sections.ts'
import type { Stored } from '../core/types.ts'
import type { Logger } from '../pipeline/log.ts'
import type { Metrics } from '../pipeline/metrics.ts'
import { type Forwarder, createForwarder } from './forward.ts'
import { sinkTypes } from './index.ts'
import { eventsFeed, type FeedItem } from './types.ts'

export type { ConfiguredSink }

export interface Sinks {
  forward(messages: readonly Stored[]): void
  /** Forwards a facet's feed (FacetContext.feed) to the sinks configured with `feed = NAME`. */
  feed(name: string, items: readonly FeedItem[]): void
  close(): Promise<void>
}

export function startSinks(configured: readonly ConfiguredSink[], context: { metrics: Metrics; log: Logger; now: () => number }): Sinks {
  const forwarders: Forwarder[] = []
  const feeds = new Map<string, Forwarder<FeedItem>[]>()
  for (const { name, type, enabled, options, feed = eventsFeed } of configured) {
    if (!enabled) continue
    const sinkType = sinkTypes.find((t) => t.type === type)
    if (sinkType === undefined) throw new TypeError(`sinks.${name}: unknown type "${type}"`)
    const { max_queue: maxQueue, max_batch: maxBatch, ...rest } = options as { max_queue?: number; max_batch?: number }
    const sink = sinkType.create(rest as never, { name, log: context.log, now: context.now })
    const queue = { name, metrics: context.metrics, log: context.log, ...(maxQueue === undefined ? {} : { maxQueue }), ...(maxBatch === undefined ? {} : { maxBatch }) }
    const close = sink.close?.bind(sink)
    if (feed === eventsFeed) {
      forwarders.push(createForwarder({ ...queue, sink: { write: sink.write.bind(sink), ...(close ? { close } : {}) } }))
    } else {
      if (sink.writeItems === undefined) throw new TypeError(`sinks.${name}: a ${type} sink forwards stored events only, not the feed "${feed}"`)
      const list = feeds.get(feed) ?? []
      list.push(createForwarder({ ...queue, sink: { write: sink.writeItems.bind(sink), ...(close ? { close } : {}) } }))
      feeds.set(feed, list)
    }
    context.log.info(`forwarding ${feed === eventsFeed ? 'stored events' : `the ${feed} feed`} to sink ${name} (${type})`)
  }
  return {
    forward(messages) {
      for (const forwarder of forwarders) forwarder.forward(messages)
    },
    feed(name, items) {
      for (const forwarder of feeds.get(name) ?? []) forwarder.forward(items)
    },
    async close() {
      await Promise.allSettled([...forwarders, ...[...feeds.values()].flat()].map((forwarder) => forwarder.close()))
    },
  }
}
