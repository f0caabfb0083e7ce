// One service hour by hour: how many payloads it took, what part of its stays ended in success, and the p50 and
// p90 of its time in service (its received to its success or error, per payload and source).

import type { Millis } from '../../../core/types.ts'
import type { StatusRow } from './payload.ts'

export interface ServiceHour {
  /** The hour's start, Unix milliseconds. */
  hour: Millis
  payloads: number
  /** Per cent of the stays that ended in this hour with success; undefined when none ended. */
  rate: number | undefined
  p50: Millis | undefined
  p90: Millis | undefined
}

const HOUR = 3_600_000

export function serviceHours(statuses: readonly StatusRow[]): ServiceHour[] {
  const hours = new Map<number, { payloads: Set<string>; success: number; ended: number; times: number[] }>()
  const hourOf = (t: Millis) => {
    const h = Math.floor(t / HOUR) * HOUR
    let entry = hours.get(h)
    if (entry === undefined) hours.set(h, (entry = { payloads: new Set(), success: 0, ended: 0, times: [] }))
    return entry
  }
  const received = new Map<string, Millis>()
  for (const s of [...statuses].sort((a, b) => a.date - b.date)) {
    hourOf(s.date).payloads.add(s.request_id)
    const stay = `${s.request_id}\0${s.source ?? ''}`
    if (s.status === 'received') received.set(stay, s.date)
    else if (s.status === 'success' || s.status === 'error') {
      const entry = hourOf(s.date)
      entry.ended++
      if (s.status === 'success') entry.success++
      const from = received.get(stay)
      if (from !== undefined) entry.times.push(s.date - from)
      received.delete(stay)
    }
  }
  return [...hours].sort(([a], [b]) => a - b).map(([hour, e]) => {
    const times = e.times.sort((a, b) => a - b)
    const at = (q: number) => (times.length === 0 ? undefined : times[Math.min(times.length - 1, Math.floor(q * times.length))])
    return { hour, payloads: e.payloads.size, rate: e.ended === 0 ? undefined : Math.round((1_000 * e.success) / e.ended) / 10, p50: at(0.5), p90: at(0.9) }
  })
}
