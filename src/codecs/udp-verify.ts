// Datagrams of a collector started with --udp-key: each must carry an HMAC-SHA256 of its content made
// with that key (proto/udp-signature.md). Checked before anything is decoded; compared in constant time.

import { createHmac, timingSafeEqual } from 'node:crypto'
import { limits } from '../core/limits.ts'
import type { Decoded, Millis } from '../core/types.ts'
import { refuseAll } from './batch.ts'
import { decodeDatagram } from './datagram.ts'
import { signedParts, withSignature } from './udp-signature.ts'

export type DatagramDecoder = (bytes: Uint8Array, now: Millis, sender: string) => Decoded

const expected = "expected an HMAC-SHA256 of the datagram made with the collector's --udp-key (proto/udp-signature.md)"

/** Decodes only datagrams signed with `key`; the others are refused `unsigned` or `bad_signature`. Never throws. */
export function signedDatagramDecoder(key: string): DatagramDecoder {
  const mac = hmac(key)
  return (bytes, now, sender) => {
    // too large or empty: refused for that, as without a key
    if (bytes.length === 0 || bytes.length > limits.datagramBytes) return decodeDatagram(bytes, now, sender)
    const parts = signedParts(bytes)
    if (parts === undefined) return refuseAll('unsigned', `datagram of ${bytes.length} bytes carries no signature: ${expected}`)
    if (!timingSafeEqual(mac(parts.content), parts.signature)) {
      return refuseAll('bad_signature', `datagram signature does not match its ${parts.content.length} bytes: ${expected}`)
    }
    return decodeDatagram(parts.payload, now, sender, true)
  }
}

/** HMAC-SHA256 with `key` (its UTF-8 bytes). */
export function hmac(key: string): (content: Uint8Array) => Uint8Array {
  const secret = Buffer.from(key, 'utf8')
  return (content) => createHmac('sha256', secret).update(content).digest()
}

/** A datagram signed with `key`: for tests and tools; the client signs in src/cli/udp-sign.ts. */
export function signDatagram(bytes: Uint8Array, key: string): Uint8Array {
  return withSignature(bytes, hmac(key))
}
