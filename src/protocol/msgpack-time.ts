// The three ways a msgpack `time` arrives, turned into Unix milliseconds (fraction kept).

import { BadTime, WireExt, describeValue } from '../core/wire-values.ts'
import type { WireValue } from './msgpack-reader.ts'

/** tinylib/msgp's time.Time: int64 seconds + int32 nanoseconds, big-endian. */
export const MSGP_TIME_EXT = 5
/** The standard msgpack timestamp. */
export const TIMESTAMP_EXT = -1

const EXPECTED = 'ext 5 (12 bytes), a msgpack timestamp (ext -1) or an integer of Unix nanoseconds'

/**
 * Milliseconds, or a BadTime saying why not; strings pass through (validation reads RFC 3339),
 * absent stays absent.
 */
export function msgpackTime(v: WireValue | undefined): number | string | BadTime | undefined {
  if (v === undefined || v === null || typeof v === 'string') return v ?? undefined
  if (typeof v === 'number') return v / 1e6
  if (typeof v === 'bigint') return Number(v / 1_000_000n) + Number(v % 1_000_000n) / 1e6
  if (!(v instanceof WireExt)) return new BadTime(`time is ${describeValue(v)}: expected ${EXPECTED}`)
  const view = new DataView(v.data.buffer, v.data.byteOffset, v.data.byteLength)
  const size = v.data.length
  let seconds: number
  let nanos: number
  if (v.type === MSGP_TIME_EXT && size === 12) {
    seconds = Number(view.getBigInt64(0))
    nanos = view.getInt32(8)
  } else if (v.type === TIMESTAMP_EXT && size === 4) {
    seconds = view.getUint32(0)
    nanos = 0
  } else if (v.type === TIMESTAMP_EXT && size === 8) {
    // 30 bits of nanoseconds, then 34 bits of seconds
    const high = view.getUint32(0)
    nanos = high >>> 2
    seconds = (high & 0x3) * 2 ** 32 + view.getUint32(4)
  } else if (v.type === TIMESTAMP_EXT && size === 12) {
    nanos = view.getUint32(0)
    seconds = Number(view.getBigInt64(4))
  } else {
    return new BadTime(`time is an extension of type ${v.type} with ${size} bytes: expected ${EXPECTED}`)
  }
  if (nanos < 0 || nanos > 999_999_999) {
    return new BadTime(`time has ${nanos} nanoseconds: expected 0 to 999999999 after the seconds`)
  }
  return seconds * 1000 + nanos / 1e6
}
