// The client's side of the wire: events as the original Go client sends them, plus our extension keys.
// Imported by the client bundle: keep it free of anything but the small writer.

import type { Incoming, MessageKind } from '../core/types.ts'
import { MsgpackWriter } from './msgpack/writer.ts'

export interface ClientEvent extends Incoming {
  time: number
  /** Ask the collector to use the sender's address as the host. */
  autoIP?: boolean
}

const TYPES: Readonly<Record<MessageKind, number>> = { start: 0, end: 1, mark: 2, new: 3 }

/** One datagram: a map with the original six keys (name as a string, time as ext 5) and any extension keys. */
export function encodeEvent(event: ClientEvent): Uint8Array {
  const w = new MsgpackWriter()
  writeEvent(w, event)
  return w.bytes()
}

/** Several events as one msgpack array, for `POST /api/events`. */
export function encodeBatch(events: ClientEvent[]): Uint8Array {
  const w = new MsgpackWriter()
  w.arrayHeader(events.length)
  for (const event of events) writeEvent(w, event)
  return w.bytes()
}

function writeEvent(w: MsgpackWriter, e: ClientEvent): void {
  const extras: Array<[string, string]> = []
  for (const key of ['timeline', 'status', 'message', 'id'] as const) {
    const value = e[key]
    if (value !== undefined) extras.push([key, value])
  }
  const attrs = Object.entries(e.attrs ?? {})
  w.mapHeader(6 + extras.length + (attrs.length > 0 ? 1 : 0))
  w.str('context')
  w.str(e.context)
  w.str('name')
  w.str(e.name)
  w.str('type')
  w.uint(TYPES[e.kind])
  w.str('time')
  w.msgpTime(e.time)
  w.str('host')
  w.str(e.host)
  w.str('autoIP')
  w.bool(e.autoIP ?? false)
  for (const [key, value] of extras) {
    w.str(key)
    w.str(value)
  }
  if (attrs.length === 0) return
  w.str('attrs')
  w.mapHeader(attrs.length)
  for (const [key, value] of attrs) {
    w.str(key)
    w.str(value)
  }
}
