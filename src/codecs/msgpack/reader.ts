// A small MessagePack reader: strict UTF-8, bounded depth, never trusts a length it cannot back with bytes.
// It reads every datagram the collector receives: numbers come straight from the bytes, ASCII strings
// without TextDecoder (ascii-text.ts), expected map keys without building a string at all.

import { type BadTime, InvalidUtf8, TooDeep, WireExt } from '../../core/wire-values.ts'
import { asciiText } from './ascii-text.ts'
import { extTime, msgpackTime } from './time.ts'

export type WireValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | InvalidUtf8
  | WireExt
  | TooDeep
  | WireValue[]
  | Map<WireValue, WireValue>

/** Thrown inside the reader only; decoders catch it and refuse the bytes as malformed. */
export class MsgpackError extends Error {}

type Kind = 'nil' | 'bool' | 'number' | 'bigint' | 'str' | 'bin' | 'ext' | 'array' | 'map'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
/** Event fields sit at most three levels down (batch, event, attrs); deeper values are skipped. */
const MAX_DEPTH = 8
const TOO_DEEP = new TooDeep()
const EMPTY = new Uint8Array(0)

/**
 * Strings a decoder expects (its field names), matched against the bytes of a key: a table indexed by
 * length and first byte names the candidates, whose other bytes are then compared.
 */
export class KnownKeys {
  readonly words: readonly string[]
  private readonly bytes: Uint8Array[] = []
  /** (length, first byte) → 1 + index of the first word that has them; 0 for none. */
  private readonly first = new Uint8Array(32 * 128)
  /** 1 + index of the next word of the same length and first byte; 0 for none. */
  private readonly next: number[] = []

  constructor(words: readonly string[]) {
    this.words = words
    for (const [index, text] of words.entries()) {
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0))
      if (bytes.some((b) => b >= 0x80) || bytes.length < 1 || bytes.length > 31 || words.length > 255) {
        throw new RangeError(`known key ${text} is not 1–31 bytes of ASCII, or there are over 255`)
      }
      this.bytes.push(bytes)
      const slot = (bytes.length << 7) | bytes[0]!
      this.next.push(this.first[slot]!)
      this.first[slot] = index + 1
    }
  }

  /** The index of the word held by `size` bytes at `at`, or -1. */
  find(bytes: Uint8Array, at: number, size: number): number {
    const b = bytes[at]
    if (size > 31 || b === undefined || b >= 0x80) return -1
    next: for (let n = this.first[(size << 7) | b]!; n !== 0; n = this.next[n - 1]!) {
      const word = this.bytes[n - 1]!
      for (let i = 1; i < size; i++) if (bytes[at + i] !== word[i]) continue next
      return n - 1
    }
    return -1
  }
}

export class MsgpackReader {
  pos = 0
  private bytes: Uint8Array
  private dataView: DataView | undefined
  // the last header read: its kind, its length or count, its scalar value, its ext type
  private kind: Kind = 'nil'
  private size = 0
  private scalar: boolean | number | bigint | null = null
  private extType = 0

  constructor(bytes: Uint8Array = EMPTY) {
    this.bytes = bytes
  }

  /** Starts over on other bytes: one reader can serve every datagram. */
  reset(bytes: Uint8Array): void {
    this.bytes = bytes
    this.pos = 0
    this.dataView = undefined
  }

  /** Only floats and 64-bit integers need one. */
  private get view(): DataView {
    return (this.dataView ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength))
  }

  /** Throws unless every byte was read: a datagram holds exactly one value. */
  end(): void {
    if (this.pos !== this.bytes.length) {
      throw new MsgpackError(`${this.bytes.length - this.pos} bytes follow the value at byte ${this.pos}`)
    }
  }

  /** Consumes a map header and returns its entry count; undefined, consuming nothing, if no map is next. */
  mapSize(): number | undefined {
    return this.container('map')
  }

  /** Consumes an array header and returns its length; undefined, consuming nothing, if no array is next. */
  arraySize(): number | undefined {
    return this.container('array')
  }

  /**
   * A map key that is one of `known`: its index there; -1, the key read past, for any other key. Keys are
   * compared as bytes: no string is made.
   */
  field(known: KnownKeys): number {
    // a short str, what every key of ours is, read without the general header machinery
    const b = this.bytes[this.pos]
    if (b !== undefined && b >= 0xa0 && b <= 0xbf) {
      this.pos++
      this.size = b & 0x1f
      this.kind = 'str'
    } else this.head()
    if (this.kind !== 'str') {
      this.skipFrom(this.children())
      return -1
    }
    const at = this.at(this.size)
    return known.find(this.bytes, at, this.size)
  }

  value(depth = 0): WireValue {
    // a short str, what most fields hold, read without the general header machinery
    const b = this.bytes[this.pos]
    if (b !== undefined && b >= 0xa0 && b <= 0xbf) {
      this.pos++
      return this.text(b & 0x1f)
    }
    this.head()
    return this.current(depth)
  }

  /** The next value as an event time (time.ts); an extension is read where it lies, not copied. */
  time(): number | string | BadTime | undefined {
    this.head()
    if (this.kind !== 'ext') return msgpackTime(this.current(1))
    const size = this.size
    return extTime(this.extType, this.bytes, this.at(size), size)
  }

  /** The value whose header was just read. */
  private current(depth: number): WireValue {
    switch (this.kind) {
      case 'nil':
      case 'bool':
      case 'number':
      case 'bigint':
        return this.scalar
      case 'str':
        return this.text(this.size)
      case 'bin':
        return this.take(this.size).slice()
      case 'ext':
        return new WireExt(this.extType, this.take(this.size).slice())
      case 'array': {
        const n = this.size
        if (depth >= MAX_DEPTH) return this.skipFrom(n)
        const out: WireValue[] = []
        for (let i = 0; i < n; i++) out.push(this.value(depth + 1))
        return out
      }
      case 'map': {
        const n = this.size
        if (depth >= MAX_DEPTH) return this.skipFrom(2 * n)
        const out = new Map<WireValue, WireValue>()
        for (let i = 0; i < n; i++) out.set(this.value(depth + 1), this.value(depth + 1))
        return out
      }
    }
  }

  /** Skips one value of any depth, without recursion. */
  skip(): void {
    this.skipFrom(1)
  }

  private skipFrom(pending: number): TooDeep {
    while (pending > 0) {
      pending--
      this.head()
      pending += this.children()
      if (pending > this.bytes.length - this.pos) throw this.truncated()
    }
    return TOO_DEEP
  }

  /** After a header: skips a str/bin/ext payload, or returns how many values a container holds. */
  private children(): number {
    if (this.kind === 'str' || this.kind === 'bin' || this.kind === 'ext') this.at(this.size)
    else if (this.kind === 'array') return this.size
    else if (this.kind === 'map') return 2 * this.size
    return 0
  }

  private container(kind: 'map' | 'array'): number | undefined {
    const start = this.pos
    this.head()
    if (this.kind === kind) return this.size
    this.pos = start
    return undefined
  }

  private text(size: number): string | InvalidUtf8 {
    const start = this.at(size)
    const ascii = asciiText(this.bytes, start, size)
    if (ascii !== undefined) return ascii
    const bytes = this.bytes.subarray(start, start + size)
    try {
      return utf8.decode(bytes)
    } catch {
      return new InvalidUtf8(bytes.slice())
    }
  }

  private take(n: number): Uint8Array {
    if (n > this.bytes.length - this.pos) throw this.truncated()
    const out = this.bytes.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  private truncated(): MsgpackError {
    return new MsgpackError(`truncated at byte ${this.pos} of ${this.bytes.length}`)
  }

  private u8(): number {
    return this.bytes[this.at(1)]!
  }
  private u16(): number {
    const p = this.at(2)
    return (this.bytes[p]! << 8) | this.bytes[p + 1]!
  }
  private u32(): number {
    const p = this.at(4)
    const b = this.bytes
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0
  }

  /** Reserves n bytes and returns where they start. */
  private at(n: number): number {
    const p = this.pos
    if (n > this.bytes.length - p) throw this.truncated()
    this.pos = p + n
    return p
  }

  private set(kind: Kind, size: number, scalar: boolean | number | bigint | null = null): void {
    this.kind = kind
    this.size = size
    this.scalar = scalar
  }

  /** Reads one header, with the payload of numbers; containers must then hold at least `size` bytes. */
  private head(): void {
    const b = this.u8()
    if (b <= 0x7f) return this.set('number', 0, b)
    if (b >= 0xe0) return this.set('number', 0, b - 0x100)
    if (b <= 0x8f) return this.sized('map', b & 0x0f)
    if (b <= 0x9f) return this.sized('array', b & 0x0f)
    if (b <= 0xbf) return this.set('str', b & 0x1f)
    switch (b) {
      case 0xc0: return this.set('nil', 0, null)
      case 0xc2: return this.set('bool', 0, false)
      case 0xc3: return this.set('bool', 0, true)
      case 0xc4: return this.set('bin', this.u8())
      case 0xc5: return this.set('bin', this.u16())
      case 0xc6: return this.set('bin', this.u32())
      case 0xc7: return this.ext(this.u8())
      case 0xc8: return this.ext(this.u16())
      case 0xc9: return this.ext(this.u32())
      case 0xca: return this.set('number', 0, this.view.getFloat32(this.at(4)))
      case 0xcb: return this.set('number', 0, this.view.getFloat64(this.at(8)))
      case 0xcc: return this.set('number', 0, this.u8())
      case 0xcd: return this.set('number', 0, this.u16())
      case 0xce: return this.set('number', 0, this.u32())
      case 0xcf: return this.big(this.view.getBigUint64(this.at(8)))
      case 0xd0: return this.set('number', 0, (this.u8() << 24) >> 24)
      case 0xd1: return this.set('number', 0, (this.u16() << 16) >> 16)
      case 0xd2: return this.set('number', 0, this.u32() | 0)
      case 0xd3: return this.big(this.view.getBigInt64(this.at(8)))
      case 0xd4: return this.ext(1)
      case 0xd5: return this.ext(2)
      case 0xd6: return this.ext(4)
      case 0xd7: return this.ext(8)
      case 0xd8: return this.ext(16)
      case 0xd9: return this.set('str', this.u8())
      case 0xda: return this.set('str', this.u16())
      case 0xdb: return this.set('str', this.u32())
      case 0xdc: return this.sized('array', this.u16())
      case 0xdd: return this.sized('array', this.u32())
      case 0xde: return this.sized('map', this.u16())
      case 0xdf: return this.sized('map', this.u32())
      default: throw new MsgpackError(`byte 0x${b.toString(16)} at ${this.pos - 1} is never used in msgpack`)
    }
  }

  private sized(kind: 'map' | 'array', n: number): void {
    // every element takes at least one byte: refuse impossible counts before allocating
    if ((kind === 'map' ? 2 * n : n) > this.bytes.length - this.pos) throw this.truncated()
    this.set(kind, n)
  }

  private ext(size: number): void {
    this.set('ext', size)
    this.extType = (this.u8() << 24) >> 24
  }

  private big(n: bigint): void {
    const safe = n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER)
    if (safe) this.set('number', 0, Number(n))
    else this.set('bigint', 0, n)
  }
}
