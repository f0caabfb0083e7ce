// MessagePack events: one map, or an array of maps (a batch). Field names are the original client's.

import type { Candidate } from '../core/validate.ts'
import type { Decoded, Millis } from '../core/types.ts'
import { describeValue } from '../core/wire-values.ts'
import { type Item, batchTooLarge, refuseAll, settle } from './batch.ts'
import { MsgpackReader } from './msgpack-reader.ts'
import { msgpackTime } from './msgpack-time.ts'

type Field = Exclude<keyof Candidate, 'time'>
const FIELDS: ReadonlySet<string> = new Set<Field>([
  'context', 'name', 'type', 'host', 'autoIP', 'timeline', 'status', 'message', 'attrs', 'id',
])

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
  const item: Candidate = {}
  for (let i = 0; i < size; i++) {
    const key = reader.key()
    if (key === 'time') item.time = msgpackTime(reader.value(1))
    else if (typeof key === 'string' && FIELDS.has(key)) item[key as Field] = reader.value(1)
    else reader.skip()
  }
  return item
}
