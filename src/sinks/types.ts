// Sinks: where stored messages are forwarded once they are durable (stdout, HTTP, NATS, a database, …). Each
// configured sink gets its own bounded queue with retries (forward.ts), so a slow or dead sink never slows ingest.
// A sink type is registered in sinks/index.ts with the settings its `[sinks.NAME]` section takes.

import type { Stored } from '../core/types.ts'
import type { Logger } from '../pipeline/log.ts'
import type { Settings } from '../config/settings.ts'

export interface Sink {
  /** Forwards a batch; resolves once the other side has it, rejects to have it retried. */
  write(batch: readonly Stored[]): Promise<void>
  close?(): Promise<void>
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
