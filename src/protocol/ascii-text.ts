// Short ASCII strings straight from bytes, remembered: the context, host, timeline and field names of one
// sender repeat in every datagram and every stored message. A string seen before comes back as the same
// string, its hash already known to every Map it meets; building and hashing a new one costs far more.

const SLOTS = 1024 // a power of two
const MAX = 32
const LONG = 1024
const slots: string[] = new Array<string>(SLOTS).fill('')
const units: number[] = []

/**
 * The text of `size` bytes at `at` when they are all ASCII (any ASCII is valid UTF-8); undefined when they
 * are not, or are too many to be worth it here (TextDecoder is the way for those).
 */
export function asciiText(bytes: Uint8Array, at: number, size: number): string | undefined {
  if (size > MAX) return size > LONG ? undefined : longAscii(bytes, at, size)
  let hash = size
  for (let i = at; i < at + size; i++) {
    const b = bytes[i]!
    if (b >= 0x80) return undefined
    hash = Math.imul(hash ^ b, 0x9e3779b1)
  }
  const slot = (hash >>> 22) & (SLOTS - 1)
  const known = slots[slot]!
  if (known.length === size && same(known, bytes, at)) return known
  return (slots[slot] = fromBytes(bytes, at, size))
}

function longAscii(bytes: Uint8Array, at: number, size: number): string | undefined {
  for (let i = at; i < at + size; i++) if (bytes[i]! >= 0x80) return undefined
  return fromBytes(bytes, at, size)
}

/** The bytes against the string itself (ASCII: a byte a character), so no copy of the bytes is kept. */
function same(known: string, bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < known.length; i++) if (known.charCodeAt(i) !== bytes[at + i]) return false
  return true
}

/** One flat string (concatenating characters would build a rope that every later use must flatten). */
function fromBytes(bytes: Uint8Array, at: number, size: number): string {
  units.length = size
  for (let i = 0; i < size; i++) units[i] = bytes[at + i]!
  return String.fromCharCode.apply(null, units)
}
