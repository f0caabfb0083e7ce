// Short ASCII strings straight from bytes, remembered: the context, host, timeline and field names of one
// sender repeat in every datagram and every stored message. A string seen before comes back as the same
// string, its hash already known to every Map it meets; building and hashing a new one costs far more.

// Sets of two slots, the newer string first: two strings whose hashes meet both stay, where one slot each
// would have them push each other out (and make a new string each time).
const SETS = 4096 // a power of two
const MAX = 32
const LONG = 1024
const slots: string[] = new Array<string>(2 * SETS).fill('')
const units: number[] = []

/**
 * The text of `size` bytes at `at` when they are all ASCII (any ASCII is valid UTF-8); undefined when they
 * are not, or are too many to be worth it here (TextDecoder is the way for those).
 */
export function asciiText(bytes: Uint8Array, at: number, size: number): string | undefined {
  if (size > MAX) return size > LONG ? undefined : longAscii(bytes, at, size)
  // two bytes a step: half the multiplications, each of which waits for the one before
  let hash = size
  const end = at + size
  let i = at
  for (; i + 1 < end; i += 2) {
    const pair = bytes[i]! | (bytes[i + 1]! << 8)
    if ((pair & 0x8080) !== 0) return undefined
    hash = Math.imul(hash ^ pair, 0x9e3779b1)
  }
  if (i < end) {
    const b = bytes[i]!
    if (b >= 0x80) return undefined
    hash = Math.imul(hash ^ b, 0x9e3779b1)
  }
  const slot = 2 * ((hash >>> 20) & (SETS - 1))
  const newer = slots[slot]!
  if (newer.length === size && same(newer, bytes, at)) return newer
  const older = slots[slot + 1]!
  if (older.length === size && same(older, bytes, at)) {
    slots[slot + 1] = newer
    return (slots[slot] = older)
  }
  slots[slot + 1] = newer
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
