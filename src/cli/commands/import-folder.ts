// `upto import --data DIR`: events into a data folder that no collector holds, through the collector's decoder
// (the same checks as over HTTP) and its ingest queue (the same placement in timelines).

import { createIngest } from '../../ingest/ingest.ts'
import { createMetrics } from '../../ingest/metrics.ts'
import { limits } from '../../core/limits.ts'
import type { Millis } from '../../core/types.ts'
import { type ClientEvent, encodeBatch } from '../../protocol/encode.ts'
import { decodeHttpBody } from '../../protocol/http-body.ts'
import { createLogger } from '../../server/log.ts'
import { StoreError } from '../../store/errors.ts'
import { openLevelStore } from '../../store/level.ts'
import { CliError } from '../errors.ts'

export async function importIntoFolder(dir: string, events: ClientEvent[], now: Millis): Promise<number> {
  let store
  try {
    store = await openLevelStore(dir)
  } catch (error) {
    if (error instanceof StoreError && error.code === 'locked') {
      throw new CliError(`data folder ${error.dir} is in use by a running collector: leave out --data to import through it`)
    }
    if (error instanceof StoreError) throw new CliError(error.message)
    throw error
  }
  const ingest = createIngest({ store, metrics: createMetrics(), now: () => now, log: createLogger({ sink: () => {} }) })
  let accepted = 0
  try {
    const batches = []
    for (let i = 0; i < events.length; i += limits.batchItems) {
      const decoded = decodeHttpBody(encodeBatch(events.slice(i, i + limits.batchItems)), 'application/msgpack', now)
      if (decoded.refused.length > 0) throw new CliError(`nothing imported: event ${i + decoded.refused[0]!.index + 1} refused: ${decoded.refused[0]!.detail}`)
      batches.push(decoded.events)
    }
    for (const batch of batches) {
      await ingest.submit(batch)
      accepted += batch.length
    }
  } finally {
    await ingest.close()
    await store.close()
  }
  return accepted
}
