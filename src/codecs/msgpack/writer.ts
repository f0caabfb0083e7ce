// Just enough MessagePack writing for the client: maps, arrays, str, small uints, bool, the ext 5 time.

// made on first use: creating a TextEncoder loads node's encoding module (~0.3 ms), and a client call's
// strings are nearly always ASCII
let encoder: InstanceType<typeof TextEncoder> | undefined
/** 0001-01-01T00:00:00Z in Unix milliseconds. */
const GO_ZERO_TIME = -62_135_596_800_000

export class MsgpackWriter {
  private buf = new Uint8Array(256)
  private view = new DataView(this.buf.buffer)
  private pos = 0

  /** The bytes written so far. */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.pos)
  }

  mapHeader(n: number): void {
    this.header(n, 0x80, 0xde)
  }

  arrayHeader(n: number): void {
    this.header(n, 0x90, 0xdc)
  }

  str(s: string): void {
    const data = isAscii(s) ? undefined : (encoder ??= new TextEncoder()).encode(s)
    const n = data === undefined ? s.length : data.length
    if (n < 32) this.u8(0xa0 | n)
    else if (n < 0x100) this.u8(0xd9, n)
    else if (n < 0x10000) this.u8(0xda).u16(n)
    else this.u8(0xdb).u32(n)
    this.room(n)
    if (data !== undefined) this.buf.set(data, this.pos)
    else for (let i = 0; i < n; i++) this.buf[this.pos + i] = s.charCodeAt(i)
    this.pos += n
  }

  /** A non-negative integer below 2^32, in its shortest form. */
  uint(n: number): void {
    if (n < 0x80) this.u8(n)
    else if (n < 0x100) this.u8(0xcc, n)
    else if (n < 0x10000) this.u8(0xcd).u16(n)
    else this.u8(0xce).u32(n)
  }

  bool(b: boolean): void {
    this.u8(b ? 0xc3 : 0xc2)
  }

  /**
   * tinylib/msgp's time: ext8, length 12, type 5, int64 seconds, int32 nanoseconds, big-endian.
   * A time that is not a number goes out as Go's zero time, which the collector refuses (except for new).
   */
  msgpTime(ms: number): void {
    if (!Number.isFinite(ms)) ms = GO_ZERO_TIME
    let seconds = Math.floor(ms / 1000)
    let nanos = Math.round((ms - seconds * 1000) * 1e6)
    if (nanos >= 1e9) {
      seconds += 1
      nanos -= 1e9
    }
    this.u8(0xc7, 12, 5)
    this.room(12)
    this.view.setBigInt64(this.pos, BigInt(seconds))
    this.view.setInt32(this.pos + 8, nanos)
    this.pos += 12
  }

  private header(n: number, fix: number, at16: number): void {
    if (n < 16) this.u8(fix | n)
    else if (n < 0x10000) this.u8(at16).u16(n)
    else this.u8(at16 + 1).u32(n)
  }

  private u8(...bytes: number[]): this {
    this.room(bytes.length)
    for (const b of bytes) this.buf[this.pos++] = b
    return this
  }

  private u16(n: number): this {
    this.room(2)
    this.view.setUint16(this.pos, n)
    this.pos += 2
    return this
  }

  private u32(n: number): this {
    this.room(4)
    this.view.setUint32(this.pos, n)
    this.pos += 4
    return this
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n))
    bigger.set(this.buf)
    this.buf = bigger
    this.view = new DataView(bigger.buffer)
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false
  return true
}
