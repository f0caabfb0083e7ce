// A small MessagePack reader: strict UTF-8, bounded depth, never trusts a length it cannot back with bytes.

import { InvalidUtf8, TooDeep, WireExt } from '../core/wire-values.ts'

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

export class MsgpackReader {
  pos = 0
  private readonly bytes: Uint8Array
  private readonly view: DataView
  // the last header read: its kind, its length or count, its scalar value, its ext type
  private kind: Kind = 'nil'
  private size = 0
  private scalar: boolean | number | bigint | null = null
  private extType = 0

  constructor(bytes: Uint8Array) {
    this.bytes = bytes
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
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

  /** A map key: its text when it is a str, else undefined (the key is skipped). */
  key(): string | InvalidUtf8 | undefined {
    this.head()
    if (this.kind === 'str') return this.text(this.size)
    this.skipFrom(this.children())
    return undefined
  }

  value(depth = 0): WireValue {
    this.head()
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
    if (this.kind === 'str' || this.kind === 'bin' || this.kind === 'ext') this.take(this.size)
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
    const bytes = this.take(size)
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
    return this.view.getUint8(this.at(1))
  }
  private u16(): number {
    return this.view.getUint16(this.at(2))
  }
  private u32(): number {
    return this.view.getUint32(this.at(4))
  }

  /** Reserves n bytes and returns where they start. */
  private at(n: number): number {
    const p = this.pos
    this.take(n)
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
      case 0xd0: return this.set('number', 0, this.view.getInt8(this.at(1)))
      case 0xd1: return this.set('number', 0, this.view.getInt16(this.at(2)))
      case 0xd2: return this.set('number', 0, this.view.getInt32(this.at(4)))
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
    this.extType = this.view.getInt8(this.at(1))
  }

  private big(n: bigint): void {
    const safe = n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER)
    if (safe) this.set('number', 0, Number(n))
    else this.set('bigint', 0, n)
  }
}
