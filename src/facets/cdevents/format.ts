// The `cdevents` format, for any source (`format = "cdevents"`: NATS, a webhook, a folder): each message is a
// CDEvent or a CloudEvent carrying one (cloudevents.ts), taken by the facet's intake, which keeps it in the lake
// and recognises duplicates. Sources that only decode get a refusal that says so.

import type { Format } from '../../pipeline/formats.ts'
import { itemsOf } from './cloudevents.ts'
import type { Intake } from './intake.ts'

export const cdeventsFormat = 'cdevents'

/** `intake` answers the collector's intake once its routes are made (before any source starts). */
export function createCdeventFormat(intake: () => Intake | undefined): Format {
  return {
    name: cdeventsFormat,
    subject: 'cdevents.>',
    decode: () => ({ events: [], refused: [{ index: 0, reason: 'unsupported_media_type', detail: 'cdevents messages are taken by the cdevents facet: use a nats, webhook or folder source' }] }),
    async take(bytes, meta) {
      const taker = intake()
      if (taker === undefined) throw new Error('the cdevents facet keeps no state in this store: it cannot take CDEvents')
      const headers = meta.headers ?? (meta.contentType === undefined ? {} : { 'content-type': meta.contentType })
      return taker.accept(itemsOf(headers, bytes), { received: meta.received, sourceName: meta.source })
    },
  }
}
