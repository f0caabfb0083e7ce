// `upto import --data DIR`: events into a data folder that no collector holds, through the collector's decoder
// (the same checks as over HTTP) and its ingest queue (the same placement in timelines).

import { createIngest } from '../../pipeline/ingest.ts'
import { createMetrics } from '../../pipeline/metrics.ts'
import type { Millis } from '../../core/types.ts'
import { decodeHttpBody } from '../../codecs/http-body.ts'
import { createLogger } from '../../pipeline/log.ts'
import { openDataFolder } from '../../cli/data-folder.ts'
import { CliError } from '../../cli/errors.ts'

export async function openFolderDelivery(dir: string, now: Millis): Promise<{ send(body: Buffer): Promise<number>; close(): Promise<void> }> {
  const store = await openDataFolder(dir, 'leave out --data to import through it')
  const ingest = createIngest({ store, metrics: createMetrics(), now: () => now, log: createLogger({ sink: () => {} }) })
  let sent = 0
  return {
    async send(body) {
      const decoded = decodeHttpBody(body, 'application/json', now)
      if (decoded.refused.length > 0) {
        throw new CliError(`event ${sent + decoded.refused[0]!.index + 1} refused: ${decoded.refused[0]!.detail} (the events before it are imported)`)
      }
      sent += decoded.events.length
      await ingest.submit(decoded.events)
      return decoded.events.length
    },
    async close() {
      await ingest.close()
      await store.close()
    },
  }
}
