// MessagePack for the store's values, written by hand: packing every message is on the ingest hot path.
// Packs what @msgpack/msgpack packed before it (maps with string keys, arrays, strings, numbers, booleans,
// null; undefined map values left out), in the same formats, so old and new records read alike.

const encoder = new TextEncoder()
const TWO_32 = 2 ** 32

export class Packer {
  private buf = new Uint8Array(64 * 1024)
  private view = new DataView(this.buf.buffer)
  private pos = 0
  /** Map keys repeat in every message: their bytes are kept. */
  private readonly keys = new Map<string, Uint8Array>()

  /** The bytes of one value; the packer is reused, the answer is a copy. */
  pack(value: unknown): Uint8Array {
    this.begin()
    this.value(value)
    return this.finish()
  }

  // Writing a value part by part, for shapes known in advance (src/store/level-record.ts): begin, then the parts, then finish.
  begin(): void {
    this.pos = 0
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos)
  }

  arrayHeader(n: number): void {
    this.header(n, 0x90, 0xdc)
  }

  mapHeader(n: number): void {
    this.header(n, 0x80, 0xde)
  }

  string(s: string): void {
    this.str(s)
  }

  num(n: number): void {
    this.number(n)
  }

  any(v: unknown): void {
    this.value(v)
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        return this.str(v)
      case 'number':
        return this.number(v)
      case 'boolean':
        return this.byte(v ? 0xc3 : 0xc2)
      case 'object':
        if (v === null) return this.byte(0xc0)
        if (Array.isArray(v)) return this.array(v)
        return this.map(v as Record<string, unknown>)
      default:
        // undefined in an array is nil, as in @msgpack/msgpack; nothing else is ever stored
        if (v === undefined) return this.byte(0xc0)
        throw new TypeError(`cannot pack a ${typeof v}`)
    }
  }

  private array(items: readonly unknown[]): void {
    this.header(items.length, 0x90, 0xdc)
    for (const item of items) this.value(item)
  }

  private map(object: Record<string, unknown>): void {
    // one pass: a fixmap header now, its count set after, moved up for the rare map of 16 entries or more
    this.room(1)
    const head = this.pos++
    let size = 0
    for (const k in object) {
      if (!Object.hasOwn(object, k)) continue
      const v = object[k]
      if (v === undefined) continue
      this.key(k)
      this.value(v)
      size++
    }
    if (size < 16) {
      this.buf[head] = 0x80 | size
      return
    }
    const extra = size < 0x10000 ? 2 : 4
    this.room(extra)
    this.buf.copyWithin(head + 1 + extra, head + 1, this.pos)
    this.pos += extra
    const end = this.pos
    this.pos = head
    this.header(size, 0x80, 0xde)
    this.pos = end
  }

  private key(k: string): void {
    let bytes = this.keys.get(k)
    if (bytes === undefined) {
      const start = this.pos
      this.str(k)
      if (this.keys.size < 1_000) this.keys.set(k, this.buf.slice(start, this.pos))
      return
    }
    this.room(bytes.length)
    this.buf.set(bytes, this.pos)
    this.pos += bytes.length
  }

  private str(s: string): void {
    const n = s.length
    // UTF-8 takes at most 3 bytes per UTF-16 unit; the header is sized for that, shifted back if too big
    this.room(5 + 3 * n)
    const head = n < 32 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5
    const buf = this.buf
    let at = this.pos + head
    let i = 0
    for (; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c >= 0x80) break
      buf[at++] = c
    }
    let bytes = n
    if (i < n) bytes = i + encoder.encodeInto(s.slice(i), buf.subarray(at)).written
    const need = bytes < 32 ? 1 : bytes < 0x100 ? 2 : bytes < 0x10000 ? 3 : 5
    if (need !== head) buf.copyWithin(this.pos + need, this.pos + head, this.pos + head + bytes)
    if (need === 1) buf[this.pos] = 0xa0 | bytes
    else if (need === 2) {
      buf[this.pos] = 0xd9
      buf[this.pos + 1] = bytes
    } else if (need === 3) {
      buf[this.pos] = 0xda
      this.view.setUint16(this.pos + 1, bytes)
    } else {
      buf[this.pos] = 0xdb
      this.view.setUint32(this.pos + 1, bytes)
    }
    this.pos += need + bytes
  }

  private number(n: number): void {
    this.room(9)
    const view = this.view
    const p = this.pos
    if (!Number.isSafeInteger(n)) {
      this.buf[p] = 0xcb
      view.setFloat64(p + 1, n)
      this.pos += 9
    } else if (n >= 0) {
      if (n < 0x80) {
        this.buf[p] = n
        this.pos += 1
      } else if (n < 0x100) {
        this.buf[p] = 0xcc
        this.buf[p + 1] = n
        this.pos += 2
      } else if (n < 0x10000) {
        this.buf[p] = 0xcd
        view.setUint16(p + 1, n)
        this.pos += 3
      } else if (n < TWO_32) {
        this.buf[p] = 0xce
        view.setUint32(p + 1, n)
        this.pos += 5
      } else {
        this.buf[p] = 0xcf
        view.setUint32(p + 1, Math.floor(n / TWO_32))
        view.setUint32(p + 5, n >>> 0)
        this.pos += 9
      }
    } else if (n >= -32) {
      this.buf[p] = n & 0xff
      this.pos += 1
    } else if (n >= -0x80) {
      this.buf[p] = 0xd0
      view.setInt8(p + 1, n)
      this.pos += 2
    } else if (n >= -0x8000) {
      this.buf[p] = 0xd1
      view.setInt16(p + 1, n)
      this.pos += 3
    } else if (n >= -0x80000000) {
      this.buf[p] = 0xd2
      view.setInt32(p + 1, n)
      this.pos += 5
    } else {
      this.buf[p] = 0xd3
      view.setInt32(p + 1, Math.floor(n / TWO_32))
      view.setUint32(p + 5, n >>> 0)
      this.pos += 9
    }
  }

  private header(n: number, fix: number, at16: number): void {
    this.room(5)
    if (n < 16) this.buf[this.pos++] = fix | n
    else if (n < 0x10000) {
      this.buf[this.pos] = at16
      this.view.setUint16(this.pos + 1, n)
      this.pos += 3
    } else {
      this.buf[this.pos] = at16 + 1
      this.view.setUint32(this.pos + 1, n)
      this.pos += 5
    }
  }

  private byte(b: number): void {
    this.room(1)
    this.buf[this.pos++] = b
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n))
    bigger.set(this.buf.subarray(0, this.pos))
    this.buf = bigger
    this.view = new DataView(bigger.buffer)
  }
}
