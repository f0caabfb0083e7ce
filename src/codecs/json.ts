// JSON events over HTTP: one object or an array of objects, the msgpack field names.

import type { Decoded, Millis } from '../core/types.ts'
import type { Candidate } from '../core/validate.ts'
import { describeValue } from '../core/wire-values.ts'
import { type Item, batchTooLarge, refuseAll, settle } from './batch.ts'
import { utf8Text } from './utf8.ts'

const FIELDS = ['context', 'name', 'host', 'time', 'autoIP', 'timeline', 'status', 'message', 'attrs', 'id'] as const

/** Decodes a JSON body; `time` is RFC 3339 text or Unix milliseconds. Never throws. */
export function decodeJson(bytes: Uint8Array, now: Millis, sender?: string): Decoded {
  const text = utf8Text(bytes)
  if (text === undefined) return refuseAll('malformed', 'JSON body is not valid UTF-8: expected UTF-8 text')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (err) {
    const why = err instanceof Error ? err.message.slice(0, 120) : String(err)
    return refuseAll('malformed', `JSON does not parse (${why}): expected one object or an array of objects`)
  }
  if (!Array.isArray(body)) return settle([readItem(body)], now, sender)
  return batchTooLarge(body.length) ?? settle(body.map(readItem), now, sender)
}

function readItem(v: unknown): Item {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return { unreadable: 'not_an_event', detail: `item is ${describeValue(v)}: expected an object of event fields` }
  }
  const obj = v as Record<string, unknown>
  const item: Candidate = {}
  for (const field of FIELDS) if (Object.hasOwn(obj, field)) item[field] = obj[field]
  // `kind`, the model's own name for the type, is accepted too
  item.type = Object.hasOwn(obj, 'type') ? obj.type : Object.hasOwn(obj, 'kind') ? obj.kind : undefined
  return item
}
