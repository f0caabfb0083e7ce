// Starts the configured sources (`[sources.NAME]`), each with its own delivery into the ingest queue, and stops
// them together. A source that cannot start stops the collector from starting: a configuration that says
// "read from NATS" must not run without it.

import type { ConfiguredSource } from '../config/sections.ts'
import type { Hono } from 'hono'
import { createDelivery } from '../pipeline/deliver.ts'
import type { Formats } from '../pipeline/formats.ts'
import type { Ingest } from '../pipeline/ingest.ts'
import type { Logger } from '../pipeline/log.ts'
import type { Metrics } from '../pipeline/metrics.ts'
import { sourceTypes } from './index.ts'
import type { RunningSource } from './types.ts'

export interface SourcesContext {
  ingest: Ingest
  metrics: Metrics
  log: Logger
  now: () => number
  formats: Formats
  app: Hono
  dataDir?: string
}

export type { ConfiguredSource }

export interface RunningSources {
  close(): Promise<void>
}

export async function startSources(configured: readonly ConfiguredSource[], context: SourcesContext): Promise<RunningSources> {
  const running: RunningSource[] = []
  const close = async () => {
    await Promise.allSettled(running.map((source) => source.close()))
  }
  try {
    for (const source of configured) {
      if (!source.enabled) continue
      const type = sourceTypes.find((t) => t.type === source.type)
      if (type === undefined) throw new TypeError(`sources.${source.name}: unknown type "${source.type}"`)
      if (context.formats.get(source.format) === undefined) {
        throw new TypeError(`sources.${source.name}: unknown format "${source.format}": expected one of ${context.formats.names().join(', ')}`)
      }
      const { ingest, metrics, log, now, formats, app, dataDir } = context
      const deliver = createDelivery({ source: source.name, ingest, metrics, log, now })
      const options = { ...source.options, format: source.format } as never
      running.push(await type.start(options, { name: source.name, deliver, formats, log, metrics, now, app, ...(dataDir === undefined ? {} : { dataDir }) }))
    }
  } catch (error) {
    await close()
    throw error
  }
  return { close }
}
