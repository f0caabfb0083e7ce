// `upto import --data DIR`: events into a data folder that no collector holds, through the collector's decoder
// (the same checks as over HTTP) and its ingest queue (the same placement in timelines).

import { createIngest } from '../../ingest/ingest.ts'
import { createMetrics } from '../../ingest/metrics.ts'
import { limits } from '../../core/limits.ts'
import type { Millis } from '../../core/types.ts'
import { type ClientEvent, encodeBatch } from '../../protocol/encode.ts'
import { decodeHttpBody } from '../../protocol/http-body.ts'
import { createLogger } from '../../server/log.ts'
import { openDataFolder } from '../data-folder.ts'
import { CliError } from '../errors.ts'

export async function importIntoFolder(dir: string, events: ClientEvent[], now: Millis): Promise<number> {
  const store = await openDataFolder(dir, 'leave out --data to import through it')
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
