// One UDP datagram: msgpack (the original client's) or text lines, told apart by the first byte.

import { limits } from '../core/limits.ts'
import type { Decoded, Millis } from '../core/types.ts'
import { refuseAll } from './batch.ts'
import { decodeMsgpack } from './msgpack/index.ts'
import { decodeText } from './text.ts'
import { utf8Text } from './utf8.ts'

/** Printable ASCII, tab, CR or LF: a text line. Anything else, msgpack map and array headers included: msgpack. */
export function startsAsText(first: number): boolean {
  return first === 0x09 || first === 0x0a || first === 0x0d || (first >= 0x20 && first <= 0x7e)
}

/**
 * Decodes one datagram received at `now` from `sender` (its address: the host of autoIP items). Never throws.
 * `signed`: the datagram's signature was checked, and its text lines must carry time= (text.ts).
 */
export function decodeDatagram(bytes: Uint8Array, now: Millis, sender: string, signed = false): Decoded {
  if (bytes.length > limits.datagramBytes) {
    return refuseAll('too_large', `datagram is ${bytes.length} bytes: expected at most ${limits.datagramBytes}`)
  }
  const first = bytes[0]
  if (first === undefined) return refuseAll('malformed', 'datagram is empty: expected a msgpack map or text lines')
  if (!startsAsText(first)) return decodeMsgpack(bytes, now, sender)
  const text = utf8Text(bytes)
  if (text === undefined) {
    return refuseAll('malformed', 'datagram starts as text but is not valid UTF-8: expected text lines')
  }
  return decodeText(text, now, sender, { timeRequired: signed })
}
