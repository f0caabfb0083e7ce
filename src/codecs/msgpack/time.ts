// The three ways a msgpack `time` arrives, turned into Unix milliseconds (fraction kept).

import { BadTime, WireExt, describeValue } from '../../core/wire-values.ts'
import type { WireValue } from './reader.ts'

/** tinylib/msgp's time.Time: int64 seconds + int32 nanoseconds, big-endian. */
export const MSGP_TIME_EXT = 5
/** The standard msgpack timestamp. */
export const TIMESTAMP_EXT = -1

const EXPECTED = 'ext 5 (12 bytes), a msgpack timestamp (ext -1) or an integer of Unix nanoseconds'
const TWO_32 = 2 ** 32

/**
 * Milliseconds, or a BadTime saying why not; strings pass through (validation reads RFC 3339),
 * absent stays absent.
 */
export function msgpackTime(v: WireValue | undefined): number | string | BadTime | undefined {
  if (v === undefined || v === null || typeof v === 'string') return v ?? undefined
  if (typeof v === 'number') return v / 1e6
  if (typeof v === 'bigint') return Number(v / 1_000_000n) + Number(v % 1_000_000n) / 1e6
  if (!(v instanceof WireExt)) return new BadTime(`time is ${describeValue(v)}: expected ${EXPECTED}`)
  return extTime(v.type, v.data, 0, v.data.length)
}

/** An extension value as a time, read where it lies: `size` bytes of `bytes` from `at`. */
export function extTime(type: number, bytes: Uint8Array, at: number, size: number): number | BadTime {
  let seconds: number
  let nanos: number
  if (type === MSGP_TIME_EXT && size === 12) {
    seconds = int64(bytes, at)
    nanos = int32(bytes, at + 8)
  } else if (type === TIMESTAMP_EXT && size === 4) {
    seconds = int32(bytes, at) >>> 0
    nanos = 0
  } else if (type === TIMESTAMP_EXT && size === 8) {
    // 30 bits of nanoseconds, then 34 bits of seconds
    const high = int32(bytes, at) >>> 0
    nanos = high >>> 2
    seconds = (high & 0x3) * TWO_32 + (int32(bytes, at + 4) >>> 0)
  } else if (type === TIMESTAMP_EXT && size === 12) {
    nanos = int32(bytes, at) >>> 0
    seconds = int64(bytes, at + 4)
  } else {
    return new BadTime(`time is an extension of type ${type} with ${size} bytes: expected ${EXPECTED}`)
  }
  if (nanos < 0 || nanos > 999_999_999) {
    return new BadTime(`time has ${nanos} nanoseconds: expected 0 to 999999999 after the seconds`)
  }
  return seconds * 1000 + nanos / 1e6
}

function int32(b: Uint8Array, at: number): number {
  return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!
}

/** A big-endian int64 as the nearest double: one rounding of the exact sum, as Number(bigint) does. */
function int64(b: Uint8Array, at: number): number {
  return int32(b, at) * TWO_32 + (int32(b, at + 4) >>> 0)
}
