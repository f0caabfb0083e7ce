// formatTime, faster for many nearby times: the date part is cached per minute (SVG titles of big timelines).

import { formatTime } from '../../core/format.ts'
import type { Millis } from '../../core/types.ts'

/** Returns a function equal to formatTime for every valid time, that builds no Date within a known minute. */
export function makeIsoTime(): (ms: Millis) => string {
  let minute = Number.NaN
  let prefix = ''
  return (ms) => {
    const t = Math.trunc(ms)
    const m = Math.floor(t / 60_000)
    if (m !== minute) {
      const iso = formatTime(m * 60_000)
      minute = m
      prefix = iso.slice(0, iso.length - 7) // drop `SS.mmmZ`
    }
    const rest = t - m * 60_000
    const s = Math.floor(rest / 1_000)
    const milli = rest - s * 1_000
    return `${prefix}${s < 10 ? '0' : ''}${s}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`
  }
}
