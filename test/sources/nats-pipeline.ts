// A real pipeline for source tests: LevelDB in a temp folder (behind a spy that can hold or fail appends),
// the ingest queue, the one delivery path, and a SourceContext for `natsSource.start()`.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { dedupe } from '../../src/core/dedupe.ts'
import type { Stored } from '../../src/core/types.ts'
import { createDelivery } from '../../src/pipeline/deliver.ts'
import { createFormats, uptoFormat } from '../../src/pipeline/formats.ts'
import { type IngestOptions, createIngest } from '../../src/pipeline/ingest.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { createStoreHealth } from '../../src/pipeline/store-health.ts'
import type { SourceContext } from '../../src/sources/types.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { createSpyStore } from '../pipeline/spy-store.ts'

export const source = 'events'

export interface PipelineOptions extends Pick<IngestOptions, 'maxBatch'> {
  /** With a store health: a failed append makes everything refused (StoreUnavailableError) until check() sees it recovered. */
  health?: boolean
}

export async function createPipeline(dir?: string, { health: withHealth = false, ...tuning }: PipelineOptions = {}) {
  const folder = dir ?? (await mkdtemp(join(tmpdir(), 'upto-nats-')))
  const level = await openLevelStore(folder)
  const store = createSpyStore(level)
  const metrics = createMetrics()
  const lines: string[] = []
  const log = createLogger({ sink: (line) => lines.push(line) })
  // a long interval: the tests call check() themselves
  const health = withHealth ? createStoreHealth({ store, log, interval: 3_600_000, space: async () => undefined }) : undefined
  const ingest = createIngest({ store, metrics, log, ...tuning, ...(health === undefined ? {} : { health }) })
  const deliver = createDelivery({ source, ingest, metrics, log, now: Date.now })
  const context: SourceContext = {
    name: source, deliver, formats: createFormats([uptoFormat]), log, metrics, now: Date.now, app: new Hono(),
  }
  return {
    folder, store, metrics, lines, context, health,
    /** Every message stored for context/timeline, duplicates included. */
    stored: (context: string, timeline = 'run'): Promise<Stored[]> => store.messages(context, timeline),
    /** The same, counted once each as every view counts them (core/dedupe.ts). */
    unique: async (context: string, timeline = 'run') => dedupe(await store.messages(context, timeline)),
    async close(removeFolder = true) {
      health?.stop()
      await ingest.close()
      await store.close()
      if (removeFolder) await rm(folder, { recursive: true, force: true })
    },
  }
}

export type Pipeline = Awaited<ReturnType<typeof createPipeline>>
