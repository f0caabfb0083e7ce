// Sources: where messages come from. Each is started with a way to deliver what it decodes and stopped in
// order (before the ingest queue is written out). A source type (udp, http, nats, …) is registered in
// sources/index.ts with the settings its `[sources.NAME]` section takes.

import type { Hono } from 'hono'
import type { Delivery } from '../pipeline/deliver.ts'
import type { Formats } from '../pipeline/formats.ts'
import type { Logger } from '../pipeline/log.ts'
import type { Metrics } from '../pipeline/metrics.ts'
import type { Settings } from '../config/settings.ts'

export interface SourceContext {
  /** The source's name (`udp`, `http`, the NAME of `[sources.NAME]`): its label in metrics and logs. */
  name: string
  /** Into the ingest queue, counted and logged under the source's name. */
  deliver: Delivery
  /** Every registered format; a source decodes with the one it was configured with. */
  formats: Formats
  log: Logger
  metrics: Metrics
  now: () => number
  /** The collector's HTTP app, for sources that receive over HTTP (webhooks). */
  app: Hono
  /** The collector's data folder, for what a source keeps across restarts (a folder's checkpoint); absent without one. */
  dataDir?: string
}

export interface RunningSource {
  /** Stops receiving; resolves once nothing more will be delivered. */
  close(): Promise<void>
}

export interface SourceType<Options = Record<string, unknown>> {
  /** `type = "…"` in `[sources.NAME]`. */
  type: string
  /** What its `[sources.NAME]` section takes, besides `type`, `enabled` and `format`. */
  settings: Settings
  start(options: Options & { format: string }, context: SourceContext): Promise<RunningSource>
}
