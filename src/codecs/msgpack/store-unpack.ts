// Reads the store's MessagePack values back into plain objects: every read of a timeline unpacks all of
// its messages. Reads what store-pack.ts and @msgpack/msgpack write; throws on anything else (ext, bin).

import { asciiText } from './ascii-text.ts'

// ignoreBOM: a string that starts with U+FEFF is given back with it, not stripped as if it began a document
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })

export function unpack(bytes: Uint8Array): unknown {
  const reader = new Unpacker(bytes)
  const value = reader.value()
  if (reader.pos !== bytes.length) throw new Error(`${bytes.length - reader.pos} bytes follow a store value`)
  return value
}

class Unpacker {
  pos = 0
  private readonly bytes: Uint8Array
  private readonly view: DataView

  constructor(bytes: Uint8Array) {
    this.bytes = bytes
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  value(): unknown {
    const b = this.u8()
    if (b <= 0x7f) return b
    if (b >= 0xe0) return b - 0x100
    if (b <= 0x8f) return this.map(b & 0x0f)
    if (b <= 0x9f) return this.array(b & 0x0f)
    if (b <= 0xbf) return this.str(b & 0x1f)
    const view = this.view
    switch (b) {
      case 0xc0: return null
      case 0xc2: return false
      case 0xc3: return true
      case 0xca: return view.getFloat32(this.take(4))
      case 0xcb: return view.getFloat64(this.take(8))
      case 0xcc: return this.u8()
      case 0xcd: return view.getUint16(this.take(2))
      case 0xce: return view.getUint32(this.take(4))
      case 0xcf: {
        const at = this.take(8)
        return view.getUint32(at) * 2 ** 32 + view.getUint32(at + 4)
      }
      case 0xd0: return view.getInt8(this.take(1))
      case 0xd1: return view.getInt16(this.take(2))
      case 0xd2: return view.getInt32(this.take(4))
      case 0xd3: {
        const at = this.take(8)
        return view.getInt32(at) * 2 ** 32 + view.getUint32(at + 4)
      }
      case 0xd9: return this.str(this.u8())
      case 0xda: return this.str(view.getUint16(this.take(2)))
      case 0xdb: return this.str(view.getUint32(this.take(4)))
      case 0xdc: return this.array(view.getUint16(this.take(2)))
      case 0xdd: return this.array(view.getUint32(this.take(4)))
      case 0xde: return this.map(view.getUint16(this.take(2)))
      case 0xdf: return this.map(view.getUint32(this.take(4)))
      default: throw new Error(`byte 0x${b.toString(16)} at ${this.pos - 1} is not in a store value`)
    }
  }

  private array(n: number): unknown[] {
    const out = new Array<unknown>(n)
    for (let i = 0; i < n; i++) out[i] = this.value()
    return out
  }

  private map(n: number): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (let i = 0; i < n; i++) {
      const key = String(this.value())
      const value = this.value()
      // an attr named __proto__ is a plain key, never the prototype
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
      else out[key] = value
    }
    return out
  }

  private str(n: number): string {
    const start = this.take(n)
    return asciiText(this.bytes, start, n) ?? utf8.decode(this.bytes.subarray(start, start + n))
  }

  private u8(): number {
    return this.bytes[this.take(1)]!
  }

  /** Reserves n bytes and returns where they start. */
  private take(n: number): number {
    const at = this.pos
    if (n > this.bytes.length - at) throw new Error(`store value truncated at byte ${at}`)
    this.pos = at + n
    return at
  }
}
