// Events as JSON bodies for `POST /api/events`: at most `limits.batchItems` events and `limits.bodyBytes` bytes
// a body. JSON because V8 writes it natively, several times faster than our msgpack writer for big imports; a
// batch is written whole, and split in two when it comes out bigger than a body may be.

import { limits } from '../core/limits.ts'
import type { ClientEvent } from './encode.ts'

export function* jsonBatches(events: Iterable<ClientEvent>): Generator<Buffer> {
  let batch: ClientEvent[] = []
  for (const event of events) {
    batch.push(event)
    if (batch.length >= limits.batchItems) {
      yield* bodies(batch)
      batch = []
    }
  }
  if (batch.length > 0) yield* bodies(batch)
}

function* bodies(batch: ClientEvent[]): Generator<Buffer> {
  const body = Buffer.from(JSON.stringify(batch))
  if (body.length <= limits.bodyBytes || batch.length === 1) {
    yield body
    return
  }
  const half = Math.ceil(batch.length / 2)
  yield* bodies(batch.slice(0, half))
  yield* bodies(batch.slice(half))
}
