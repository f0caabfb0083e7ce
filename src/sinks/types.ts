// Sinks: where stored messages are forwarded once they are durable (stdout, HTTP, NATS, a database, …). Each
// configured sink gets its own bounded queue with retries (forward.ts), so a slow or dead sink never slows ingest.
// A sink type is registered in sinks/index.ts with the settings its `[sinks.NAME]` section takes.

import type { Stored } from '../core/types.ts'
import type { Logger } from '../pipeline/log.ts'
import type { Settings } from '../config/settings.ts'

export interface Sink {
  /** Forwards a batch of stored messages; resolves once the other side has it, rejects to have it retried. */
  write(batch: readonly Stored[]): Promise<void>
  /** Forwards a batch of a facet's feed (`feed = "cdevents"`); the same contract. */
  writeItems?(batch: readonly FeedItem[]): Promise<void>
  close?(): Promise<void>
}

/**
 * What a facet's feed forwards (`[sinks.NAME] feed = "cdevents"`): an event with the attributes of a CloudEvent,
 * so any sink can send it on as one (HTTP binary mode, a NATS message with ce-* headers, a file named by its id).
 */
export interface FeedItem {
  id: string
  source: string
  type: string
  /** RFC 3339. */
  time: string
  specversion: '1.0'
  /** The event itself (a CDEvent), sent as JSON. */
  data: unknown
}

/** The feed of stored upto messages, the default of every sink. */
export const eventsFeed = 'events'

/** A stored upto message as a feed item, for the sinks that send CloudEvents. */
export function storedAsItem(m: Stored): FeedItem {
  const id = m.id ?? `${m.context}/${m.timeline}/${m.kind}/${m.name}/${m.host}/${m.time}`
  return { id, source: `upto/${m.context}`, type: `dev.upto.event.${m.kind}`, time: new Date(m.time).toISOString(), specversion: '1.0', data: m }
}

export interface SinkContext {
  /** The NAME of `[sinks.NAME]`: its label in metrics and logs. */
  name: string
  log: Logger
  now: () => number
}

export interface SinkType<Options = Record<string, unknown>> {
  /** `type = "…"` in `[sinks.NAME]`. */
  type: string
  /** What its section takes, besides `type`, `enabled` and the queue's `max_queue` and `max_batch`. */
  settings: Settings
  create(options: Options, context: SinkContext): Sink
}
