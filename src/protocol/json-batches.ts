// Events as JSON bodies for `POST /api/events`: at most `limits.batchItems` events and `limits.bodyBytes` bytes
// a body. JSON because V8 writes it natively, several times faster than our msgpack writer for big imports.

import { limits } from '../core/limits.ts'
import type { ClientEvent } from './encode.ts'

/** Room left in a body for the brackets and commas. */
const SLACK = 1_024

export function* jsonBatches(events: Iterable<ClientEvent>): Generator<Buffer> {
  let parts: string[] = []
  let bytes = 0
  for (const event of events) {
    const text = JSON.stringify(event)
    const size = Buffer.byteLength(text)
    if (parts.length > 0 && (parts.length >= limits.batchItems || bytes + size + parts.length + SLACK > limits.bodyBytes)) {
      yield Buffer.from(`[${parts.join(',')}]`)
      parts = []
      bytes = 0
    }
    parts.push(text)
    bytes += size
  }
  if (parts.length > 0) yield Buffer.from(`[${parts.join(',')}]`)
}
