// The common datagram read in one pass: a map whose keys are short strings and whose values have the plain
// types of the original client (ASCII strings, small integers, booleans, nil, an extension time, a name as
// an array of strings). Anything else, and anything that might not decode, is left to the general reader
// (reader.ts), which reads the map again from its start: both give the same fields.

import type { Candidate } from '../../core/validate.ts'
import { asciiText } from './ascii-text.ts'
import { extTime } from './time.ts'
import type { KnownKeys } from './reader.ts'

/** Event fields, in the order of the `fields` given to readPlainMap. */
export const PLAIN_FIELDS = [
  'context', 'name', 'type', 'time', 'host', 'autoIP', 'timeline', 'status', 'message', 'attrs', 'id',
] as const satisfies ReadonlyArray<keyof Candidate>
const CONTEXT = 0
const NAME = 1
const TYPE = 2
const TIME = 3
const HOST = 4
const AUTO_IP = 5
const TIMELINE = 6
const STATUS = 7
const MESSAGE = 8
const ID = 10

/** The fields that repeat from one datagram to the next, as last read. */
export interface LastText {
  context: string
  host: string
  timeline: string
}

/** Where the last string read ended. */
let after = 0

/**
 * Reads the `count` entries of a map from byte `at` into `item` (whose fields start undefined); the position
 * after the map, or -1 when some entry is not plain (the item is then half filled).
 */
export function readPlainMap(
  bytes: Uint8Array, at: number, count: number, fields: KnownKeys, item: Candidate, last: LastText,
): number {
  let p = at
  for (let i = 0; i < count; i++) {
    const k = bytes[p]
    if (k === undefined || k < 0xa0 || k > 0xbf) return -1
    const size = k & 0x1f
    if (size > bytes.length - p - 1) return -1
    const field = fields.find(bytes, p + 1, size)
    p += 1 + size
    const b = bytes[p]
    if (b === undefined) return -1
    switch (field) {
      case CONTEXT: {
        const s = text(bytes, p, last.context)
        if (s === undefined) return -1
        item.context = last.context = s
        break
      }
      case HOST: {
        const s = text(bytes, p, last.host)
        if (s === undefined) return -1
        item.host = last.host = s
        break
      }
      case TIMELINE: {
        const s = text(bytes, p, last.timeline)
        if (s === undefined) return -1
        item.timeline = last.timeline = s
        break
      }
      case NAME: {
        if (b >= 0x90 && b <= 0x9f) {
          // the original client's array of segments
          const n = b & 0x0f
          const segments: string[] = []
          after = p + 1
          for (let j = 0; j < n; j++) {
            const s = text(bytes, after, '')
            if (s === undefined) return -1
            segments.push(s)
          }
          item.name = segments
          break
        }
        const s = text(bytes, p, '')
        if (s === undefined) return -1
        item.name = s
        break
      }
      case STATUS:
      case MESSAGE:
      case ID: {
        const s = text(bytes, p, '')
        if (s === undefined) return -1
        if (field === STATUS) item.status = s
        else if (field === MESSAGE) item.message = s
        else item.id = s
        break
      }
      case TYPE:
        if (b > 0x7f) return -1
        item.type = b
        after = p + 1
        break
      case AUTO_IP:
        if (b === 0xc2 || b === 0xc3) item.autoIP = b === 0xc3
        else if (b === 0xc0) item.autoIP = null
        else return -1
        after = p + 1
        break
      case TIME: {
        // ext 8 of the original client's 12 bytes (0xc7 0x0c type), or a fixext
        let size: number
        let data: number
        if (b === 0xc7) {
          size = bytes[p + 1] ?? -1
          data = p + 3
        } else if (b >= 0xd4 && b <= 0xd8) {
          size = 1 << (b - 0xd4)
          data = p + 2
        } else return -1
        if (size < 0 || size > bytes.length - data) return -1
        item.time = extTime((bytes[data - 1]! << 24) >> 24, bytes, data, size)
        after = data + size
        break
      }
      default:
        // attrs, unknown keys: the general reader
        return -1
    }
    p = after
  }
  return p
}

/** A str at `p` (fix or 8-bit length) of ASCII: `previous` when it is that text; undefined when not plain. */
function text(bytes: Uint8Array, p: number, previous: string): string | undefined {
  const b = bytes[p]
  let size: number
  let at: number
  if (b !== undefined && b >= 0xa0 && b <= 0xbf) {
    size = b & 0x1f
    at = p + 1
  } else if (b === 0xd9) {
    size = bytes[p + 1] ?? 0
    at = p + 2
  } else return undefined
  if (size > bytes.length - at) return undefined
  after = at + size
  if (size === previous.length && size > 0) {
    let i = 0
    while (i < size && bytes[at + i] === previous.charCodeAt(i)) i++
    if (i === size) return previous
  }
  return asciiText(bytes, at, size)
}
