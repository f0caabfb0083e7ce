// Event times: RFC 3339 text or Unix milliseconds, between 1970 and a year after the receive time.

import { limits } from './limits.ts'
import type { Millis } from './types.ts'
import { BadTime, describeValue } from './wire-values.ts'
import { Problem, quote } from './validate-detail.ts'

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/
const EXPECTED = 'an RFC 3339 time like 2024-05-01T12:00:00Z or Unix milliseconds'
/** Date can show times up to ±8.64e15 ms; past that we print the number. */
const DATE_RANGE = 8.64e15

/** Unix milliseconds of an RFC 3339 time (fraction kept below the millisecond), or undefined. */
export function parseRfc3339(s: string): Millis | undefined {
  const m = RFC3339.exec(s)
  if (!m) return undefined
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return undefined
  // setUTCFullYear, unlike Date.UTC, leaves years 0–99 alone
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  date.setUTCHours(h, mi, sec, 0)
  // Date rolls Feb 30 over to March: refuse days the month does not have
  if (date.getUTCDate() !== d) return undefined
  const ms = date.getTime()
  let offset = 0
  if (m[9]) {
    const oh = Number(m[10])
    const om = Number(m[11])
    if (oh > 23 || om > 59) return undefined
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000
  }
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0
  return ms - offset + fraction
}

/** A time for a detail: ISO 8601 when Date can show it. */
export function showTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= DATE_RANGE ? new Date(ms).toISOString() : String(ms)
}

/**
 * The event time of a wire value: undefined when absent, else Unix milliseconds in range, else a Problem.
 * Format decoders turn their own encodings (msgpack nanoseconds, ext types) into milliseconds first.
 */
export function readTime(v: unknown, now: Millis): Millis | undefined | Problem {
  if (v === undefined || v === null) return undefined
  let ms: number
  if (typeof v === 'number') ms = v
  else if (v instanceof BadTime) return new Problem(v.detail)
  else if (typeof v === 'string') {
    const parsed = parseRfc3339(v)
    if (parsed === undefined) return new Problem(`time ${quote(v)} is not a valid time: expected ${EXPECTED}`)
    ms = parsed
  } else return new Problem(`time is ${describeValue(v)}: expected ${EXPECTED}`)
  if (!Number.isFinite(ms)) return new Problem(`time ${ms} is not a finite number: expected ${EXPECTED}`)
  if (ms < 0) return new Problem(`time ${showTime(ms)} is before 1970-01-01: expected a time from 1970 on`)
  const latest = now + limits.futureMillis
  if (ms > latest) {
    return new Problem(
      `time ${showTime(ms)} is more than ${limits.futureMillis / 86_400_000} days after the receive time ` +
        `${showTime(now)}: expected a time no later than ${showTime(latest)}`,
    )
  }
  return ms
}
