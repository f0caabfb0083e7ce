// Where a signed datagram keeps its HMAC-SHA256 (proto/udp-signature.md). No crypto here: the collector
// verifies with node:crypto (udp-verify.ts), the client signs with it (src/cli/udp-sign.ts) loaded only
// when a key is set. The signature always covers every byte before it, so neither side re-encodes.
//
//   msgpack: the last key of the (last) map is "sig", a bin 8 of 32 bytes:  … a3 73 69 67 c4 20 <32 bytes>
//   text:    the last line ends in " sig=" and 64 hex digits:                  … sig=9f86d0…\n

export const signatureBytes = 32
/** `a3 "sig"` (fixstr 3) then `c4 20` (bin 8, 32 bytes). */
const msgpackMarker = [0xa3, 0x73, 0x69, 0x67, 0xc4, signatureBytes]
export const msgpackSuffixBytes = msgpackMarker.length + signatureBytes
const textSuffix = / sig=([0-9a-f]{64})(\r?\n)?$/

/** As datagram.ts tells text from msgpack (not imported: the client bundle must stay small). */
const startsAsText = (first: number) => first === 0x09 || first === 0x0a || first === 0x0d || (first >= 0x20 && first <= 0x7e)

export interface SignedParts {
  /** The bytes the signature covers. */
  content: Uint8Array
  signature: Uint8Array
  /** What to decode: the whole datagram ("sig" is a key the decoders skip, in msgpack and in text). */
  payload: Uint8Array
}

/** The signed content and its signature, or undefined when the datagram carries none. */
export function signedParts(bytes: Uint8Array): SignedParts | undefined {
  const first = bytes[0]
  if (first === undefined) return undefined
  return startsAsText(first) ? textParts(bytes) : msgpackParts(bytes)
}

function msgpackParts(bytes: Uint8Array): SignedParts | undefined {
  const at = bytes.length - msgpackSuffixBytes
  if (at < 1) return undefined
  for (let i = 0; i < msgpackMarker.length; i++) if (bytes[at + i] !== msgpackMarker[i]) return undefined
  return { content: bytes.subarray(0, at), signature: bytes.subarray(at + msgpackMarker.length), payload: bytes }
}

function textParts(bytes: Uint8Array): SignedParts | undefined {
  // the signature is short: look at the tail only, never the whole datagram
  const tail = bytes.subarray(Math.max(0, bytes.length - 72))
  const match = textSuffix.exec(String.fromCharCode(...tail))
  if (match === null) return undefined
  return { content: bytes.subarray(0, bytes.length - match[0].length), signature: fromHex(match[1]!), payload: bytes }
}

/**
 * A datagram with its signature added: for a msgpack map, the key "sig" (its header counts one more key);
 * for text, ` sig=HEX` at the end of the last line. `sign` makes the HMAC of the bytes it is given. A msgpack
 * array is refused: sign each event's datagram.
 */
export function withSignature(bytes: Uint8Array, sign: (content: Uint8Array) => Uint8Array): Uint8Array {
  const first = bytes[0]
  if (first === undefined) throw new TypeError('cannot sign an empty datagram: expected a msgpack map or text lines')
  if (startsAsText(first)) {
    let end = bytes.length
    while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--
    const content = bytes.subarray(0, end)
    return concat(content, [...new TextEncoder().encode(` sig=${toHex(sign(content))}\n`)])
  }
  const content = countOneMoreKey(bytes)
  return concat(concat(content, msgpackMarker), sign(content))
}

/** The same map with one more key in its header: fixmap, map 16 or map 32. */
function countOneMoreKey(bytes: Uint8Array): Uint8Array {
  const first = bytes[0]!
  if (first >= 0x80 && first < 0x8f) return concat([first + 1], bytes.subarray(1))
  if (first === 0x8f) return concat([0xde, 0x00, 0x10], bytes.subarray(1))
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (first === 0xde && bytes.length >= 3) {
    const n = view.getUint16(1)
    if (n < 0xffff) return concat([0xde, (n + 1) >> 8, (n + 1) & 0xff], bytes.subarray(3))
    return concat([0xdf, 0x00, 0x01, 0x00, 0x00], bytes.subarray(3))
  }
  if (first === 0xdf && bytes.length >= 5) {
    const out = concat([], bytes)
    new DataView(out.buffer).setUint32(1, view.getUint32(1) + 1)
    return out
  }
  throw new TypeError(`cannot sign a datagram starting with byte 0x${first.toString(16)}: expected a msgpack map or text lines`)
}

function concat(head: Uint8Array | readonly number[], tail: Uint8Array | readonly number[]): Uint8Array {
  const out = new Uint8Array(head.length + tail.length)
  out.set(head, 0)
  out.set(tail, head.length)
  return out
}

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

function fromHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16)
  return out
}
