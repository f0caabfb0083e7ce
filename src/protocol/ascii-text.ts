// Short ASCII strings straight from bytes, remembered: the context, host, timeline and field names of one
// sender repeat in every datagram and every stored message. A string seen before comes back as the same
// string, its hash already known to every Map it meets; building and hashing a new one costs far more.

const SLOTS = 1024 // a power of two
const MAX = 32
const LONG = 1024
const slotBytes: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(SLOTS).fill(undefined)
const slotText: string[] = new Array<string>(SLOTS).fill('')
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
  const known = slotBytes[slot]
  if (known !== undefined && known.length === size && same(known, bytes, at)) return slotText[slot]!
  const text = fromBytes(bytes, at, size)
  // a copy: slice() of a Node Buffer would be a view of the whole datagram
  slotBytes[slot] = Uint8Array.prototype.slice.call(bytes, at, at + size)
  slotText[slot] = text
  return text
}

function longAscii(bytes: Uint8Array, at: number, size: number): string | undefined {
  for (let i = at; i < at + size; i++) if (bytes[i]! >= 0x80) return undefined
  return fromBytes(bytes, at, size)
}

function same(known: Uint8Array, bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < known.length; i++) if (known[i] !== bytes[at + i]) return false
  return true
}

/** One flat string (concatenating characters would build a rope that every later use must flatten). */
function fromBytes(bytes: Uint8Array, at: number, size: number): string {
  units.length = size
  for (let i = 0; i < size; i++) units[i] = bytes[at + i]!
  return String.fromCharCode.apply(null, units)
}
