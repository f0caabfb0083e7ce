// MessagePack events: one map, or an array of maps (a batch). Field names are the original client's.
// Each item is checked as soon as its map is read; bytes that do not decode refuse the whole input.

import type { Decoded, Incoming, Millis, Refusal } from '../../core/types.ts'
import { type Candidate, Refused, checkEvent, isRefused } from '../../core/validate.ts'
import { describeValue } from '../../core/wire-values.ts'
import { batchTooLarge, refuseAll } from '../batch.ts'
import { type LastText, PLAIN_FIELDS, readPlainMap } from './plain-map.ts'
import { KnownKeys, MsgpackReader } from './reader.ts'

const FIELDS = new KnownKeys(PLAIN_FIELDS)

// One reader and one candidate serve every call (decoding never waits, so calls never overlap): a
// datagram costs no objects but the event it holds.
const reader = new MsgpackReader()
const EMPTY = new Uint8Array(0)
const last: LastText = { context: '', host: '', timeline: '' }
const item: Candidate = {
  type: undefined, context: undefined, name: undefined, host: undefined, time: undefined, autoIP: undefined,
  timeline: undefined, status: undefined, message: undefined, attrs: undefined, id: undefined,
}

/** Decodes msgpack bytes; `sender` fills the host of items that say autoIP. Never throws. */
export function decodeMsgpack(bytes: Uint8Array, now: Millis, sender?: string): Decoded {
  reader.reset(bytes)
  try {
    const count = reader.arraySize()
    if (count === undefined) {
      // one map, what every datagram of the original client is
      const checked = readItem(bytes, now, sender)
      reader.end()
      return isRefused(checked)
        ? { events: [], refused: [{ index: 0, reason: checked.reason, detail: checked.detail }] }
        : { events: [checked], refused: [] }
    }
    const tooLarge = batchTooLarge(count)
    if (tooLarge) return tooLarge
    const out: Decoded = { events: [], refused: [] }
    for (let index = 0; index < count; index++) {
      const checked = readItem(bytes, now, sender)
      if (isRefused(checked)) out.refused.push(refusal(index, checked))
      else out.events.push(checked)
    }
    reader.end()
    return out
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return refuseAll('malformed', `msgpack does not decode (${why}): expected one map or an array of maps`)
  } finally {
    // neither the bytes nor their values are kept past the call
    reader.reset(EMPTY)
    clear()
  }
}

function refusal(index: number, r: Refused): Refusal {
  return { index, reason: r.reason, detail: r.detail }
}

/** The next item, read and checked; throws (MsgpackError) only when the bytes do not decode. */
function readItem(bytes: Uint8Array, now: Millis, sender: string | undefined): Incoming | Refused {
  const size = reader.mapSize()
  if (size === undefined) {
    const what = describeValue(reader.value())
    return new Refused('not_an_event', `item is ${what}: expected a map of event fields`)
  }
  clear()
  const end = readPlainMap(bytes, reader.pos, size, FIELDS, item, last)
  if (end >= 0) reader.pos = end
  else readMap(size)
  return checkEvent(item, now, sender)
}

/** Any map, entry by entry (unknown keys skipped): what readPlainMap leaves. */
function readMap(size: number): void {
  clear()
  for (let i = 0; i < size; i++) {
    switch (FIELDS.words[reader.field(FIELDS)]) {
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
}

function clear(): void {
  item.type = item.context = item.name = item.host = item.time = item.autoIP = undefined
  item.timeline = item.status = item.message = item.attrs = item.id = undefined
}
