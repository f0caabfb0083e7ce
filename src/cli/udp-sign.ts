// The client's side of --udp-key: with UPTO_UDP_KEY set, each datagram carries an HMAC-SHA256 of its
// content (proto/udp-signature.md). node:crypto is loaded only then: it costs ~20 ms, the fast path none.

import { withSignature } from '../codecs/udp-signature.ts'

/** The datagram as it goes on the wire: signed when `key` is set (and not empty). */
export async function forUdp(bytes: Uint8Array, key: string | undefined): Promise<Uint8Array> {
  if (key === undefined || key === '') return bytes
  const { createHmac } = await import('node:crypto')
  const secret = Buffer.from(key, 'utf8')
  return withSignature(bytes, (content) => createHmac('sha256', secret).update(content).digest())
}
