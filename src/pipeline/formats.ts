// Formats: what a source's messages are written in. A source names one (`format = "upto"` by default) and
// hands each message's bytes to it; facets register their own (payload status messages, CDEvents, …), so any
// source can carry any facet's messages. Decoding never throws: what cannot be read is a refusal.

import type { Decoded, Millis } from '../core/types.ts'
import { decodeHttpBody } from '../codecs/http-body.ts'

export interface MessageMeta {
  /** When the message arrived. */
  received: Millis
  /** The media type it came with (an HTTP Content-Type, a NATS header), when it has one. */
  contentType?: string | undefined
  /** Who sent it (an address), for the host of items that say autoIP and for refusal logs. */
  from?: string | undefined
}

export interface Format {
  /** Its name in the configuration: `format = "upto"`. */
  name: string
  /** Turns one message into events and refusals. */
  decode(bytes: Uint8Array, meta: MessageMeta): Decoded
  /** Where the collector's HTTP takes bodies in this format (POST, answered once durable), besides any source. */
  http?: readonly string[]
  /** The subject its producers publish on, for a NATS source of this format that names none. */
  subject?: string
  /**
   * A format whose facet takes its messages in itself (CDEvents keep a lake beside the events, and recognise
   * duplicates there): sources that have it call it instead of decode() and deliver, and it resolves once what it
   * took is durable. decode() then answers a refusal for the sources that cannot.
   */
  take?(bytes: Uint8Array, meta: TakeMeta): Promise<Taken>
}

export interface TakeMeta extends MessageMeta {
  /** The source's name, for what needs one (a CDEvent without a source). */
  source: string
  /** The message's headers (HTTP, NATS), names in lower case, when it has some. */
  headers?: Readonly<Record<string, string>>
}

/** What take() did with a message: items kept, items already known, items refused with their reason. */
export interface Taken {
  accepted: number
  duplicates: number
  refused: Array<{ index: number; reason: string; detail: string }>
}

/** upto's own events: JSON (one or an array), msgpack, or text lines, told apart by the media type or the first byte. */
export const uptoFormat: Format = {
  name: 'upto',
  decode(bytes, { received, contentType, from }) {
    return decodeHttpBody(bytes, contentType ?? sniff(bytes), received, from)
  },
}

/** A message without a media type: JSON when it starts like JSON, else msgpack (an array or a map). */
function sniff(bytes: Uint8Array): string {
  let i = 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++
  const first = bytes[i]
  return first === 0x7b || first === 0x5b ? 'application/json' : 'application/msgpack'
}

export interface Formats {
  get(name: string): Format | undefined
  names(): string[]
}

export function createFormats(formats: readonly Format[]): Formats {
  const byName = new Map(formats.map((format) => [format.name, format]))
  return { get: (name) => byName.get(name), names: () => [...byName.keys()].sort() }
}
