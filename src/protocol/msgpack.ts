// MessagePack events: one map, or an array of maps (a batch). Field names are the original client's.

import type { Candidate } from '../core/validate.ts'
import type { Decoded, Millis } from '../core/types.ts'
import { describeValue } from '../core/wire-values.ts'
import { type Item, batchTooLarge, refuseAll, settle } from './batch.ts'
import { KnownKeys, MsgpackReader } from './msgpack-reader.ts'

const FIELDS = new KnownKeys([
  'context', 'name', 'type', 'time', 'host', 'autoIP', 'timeline', 'status', 'message', 'attrs', 'id',
] satisfies Array<keyof Candidate>)

/** Decodes msgpack bytes; `sender` fills the host of items that say autoIP. Never throws. */
export function decodeMsgpack(bytes: Uint8Array, now: Millis, sender?: string): Decoded {
  let items: Item[]
  try {
    const reader = new MsgpackReader(bytes)
    const count = reader.arraySize()
    if (count !== undefined) {
      const tooLarge = batchTooLarge(count)
      if (tooLarge) return tooLarge
    }
    items = []
    for (let i = 0; i < (count ?? 1); i++) items.push(readItem(reader))
    reader.end()
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return refuseAll('malformed', `msgpack does not decode (${why}): expected one map or an array of maps`)
  }
  return settle(items, now, sender)
}

function readItem(reader: MsgpackReader): Item {
  const size = reader.mapSize()
  if (size === undefined) {
    const what = describeValue(reader.value())
    return { unreadable: 'not_an_event', detail: `item is ${what}: expected a map of event fields` }
  }
  // every field present from the start: one object shape for all items
  const item: Candidate = {
    type: undefined, context: undefined, name: undefined, host: undefined, time: undefined, autoIP: undefined,
    timeline: undefined, status: undefined, message: undefined, attrs: undefined, id: undefined,
  }
  for (let i = 0; i < size; i++) {
    switch (reader.key(FIELDS)) {
      case 'context': item.context = reader.value(1); break
      case 'name': item.name = reader.value(1); break
      case 'type': item.type = reader.value(1); break
      case 'time': item.time = reader.time(); break
      case 'host': item.host = reader.value(1); break
      case 'autoIP': item.autoIP = reader.value(1); break
      case 'timeline': item.timeline = reader.value(1); break
      case 'status': item.status = reader.value(1); break
      case 'message': item.message = reader.value(1); break
      case 'attrs': item.attrs = reader.value(1); break
      case 'id': item.id = reader.value(1); break
      default: reader.skip()
    }
  }
  return item
}
