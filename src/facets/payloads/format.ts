// The `payload-status` format: payload-tracker's status messages, JSON, one or an array, from any source (HTTP
// POST /api/v1/payloads/status, NATS with `format = "payload-status"`; a Kafka source would use it the same way).
// Each becomes one upto event (model/status.ts), checked as every event is; a bad item is refused, the rest kept.

import { checkEvent, isRefused } from '../../core/validate.ts'
import type { Decoded, Incoming } from '../../core/types.ts'
import type { Format } from '../../pipeline/formats.ts'
import { defaultRequestIdLength, isProblem, payloadsContext, readStatus, refusalOf, statusEvent } from './model/status.ts'

export const payloadStatusFormat = 'payload-status'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

export function createPayloadFormat(requestIdLength = defaultRequestIdLength, context = payloadsContext): Format {
  return {
    name: payloadStatusFormat,
    http: ['/api/v1/payloads/status', '/app/payload-tracker/api/v1/payloads/status'],
    subject: 'platform.payload-status',
    decode(bytes, { received }) {
      let value: unknown
      try {
        value = JSON.parse(utf8.decode(bytes))
      } catch (error) {
        const why = error instanceof SyntaxError ? error.message : 'not UTF-8'
        return { events: [], refused: [{ index: 0, reason: 'malformed', detail: `body is not JSON (${why}): expected a status message or an array of them` }] }
      }
      const items = Array.isArray(value) ? value : [value]
      const decoded: Decoded = { events: [], refused: [] }
      items.forEach((item, index) => {
        const read = readStatus(item, requestIdLength)
        if (isProblem(read)) {
          decoded.refused.push(refusalOf(index, read))
          return
        }
        const event = statusEvent(read, context)
        const checked = checkEvent(candidate(event), received)
        if (isRefused(checked)) decoded.refused.push({ index, reason: checked.reason, detail: checked.detail })
        else decoded.events.push(checked)
      })
      return decoded
    },
  }
}

/** An event as the collector's check reads one off the wire. */
function candidate(e: Incoming): Parameters<typeof checkEvent>[0] {
  return { type: e.kind, context: e.context, name: e.name, host: e.host, time: e.time, timeline: e.timeline, status: e.status, message: e.message, attrs: e.attrs }
}
