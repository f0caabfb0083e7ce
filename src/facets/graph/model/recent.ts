// The last day of edge counts, in memory, for the queries: a day of 10,000 pairs is 240,000 hour buckets, which
// take a second to read from LevelDB and a millisecond to sum here. Each pair and status keeps its hours in a
// ring of typed arrays; minute buckets (the loose minutes at a window's ends) are kept by minute. A window that
// starts before what is covered is read from the store.

import type { BucketSum } from './merge.ts'
import { windowSpans } from './window.ts'
import { HOUR, MINUTE, type EdgeRow, type EdgeStatus } from './types.ts'

/** Hours kept: a day and the hours at either end of a day's window. */
export const RECENT_HOURS = 26

interface Series {
  from: string
  to: string
  status: EdgeStatus
  /** Per slot (hour mod RECENT_HOURS): the hour it holds, its count and its newest minute. */
  hour: Float64Array
  n: Float64Array
  last: Float64Array
}

interface ProjectBuckets {
  series: Map<string, Series>
  /** By minute start, by pair and status. */
  minutes: Map<number, Map<string, EdgeRow>>
}

export interface RecentBuckets {
  /** Whether a window starting at `start` is answered here. */
  covers(start: number): boolean
  /** Counts made durable: a minute's, and the same counts for its hour. */
  add(minutes: readonly BucketSum[], hours: readonly BucketSum[]): void
  /** The window's counts, as `windowSpans` reads them, each pair and status summed once per span. */
  totals(projectId: number, start: number, end: number): EdgeRow[]
  /** Retention removed what started before `cutoff`. */
  dropBefore(cutoff: number): void
}

/** Covers the hours from `from` (a whole hour) on. */
export function recentBuckets(from: number): RecentBuckets {
  let covered = from
  let newest = from
  const projects = new Map<number, ProjectBuckets>()
  const projectOf = (id: number) => {
    let p = projects.get(id)
    if (p === undefined) projects.set(id, (p = { series: new Map(), minutes: new Map() }))
    return p
  }
  const slotOf = (hour: number) => (hour / HOUR) % RECENT_HOURS

  function advance(to: number): void {
    if (to <= covered) return
    covered = to
    for (const p of projects.values()) for (const minute of p.minutes.keys()) if (minute < covered) p.minutes.delete(minute)
  }

  function addHour(b: BucketSum): void {
    const key = `${b.from} ${b.to} ${b.status}`
    const p = projectOf(b.projectId)
    let s = p.series.get(key)
    if (s === undefined) {
      s = { from: b.from, to: b.to, status: b.status, hour: new Float64Array(RECENT_HOURS).fill(-1), n: new Float64Array(RECENT_HOURS), last: new Float64Array(RECENT_HOURS) }
      p.series.set(key, s)
    }
    const slot = slotOf(b.ts)
    if (s.hour[slot] !== b.ts) { // the slot held an hour no longer covered
      s.hour[slot] = b.ts
      s.n[slot] = 0
      s.last[slot] = 0
    }
    s.n[slot]! += b.n
    if (b.last > s.last[slot]!) s.last[slot] = b.last
  }

  function addMinute(b: BucketSum): void {
    const p = projectOf(b.projectId)
    let rows = p.minutes.get(b.ts)
    if (rows === undefined) p.minutes.set(b.ts, (rows = new Map()))
    const key = `${b.from} ${b.to} ${b.status}`
    const row = rows.get(key)
    if (row === undefined) rows.set(key, { ts: b.ts, from: b.from, to: b.to, status: b.status, n: b.n, last: b.last })
    else row.n += b.n
  }

  return {
    covers: (start) => start >= covered,

    add(minutes, hours) {
      for (const b of hours) if (b.ts > newest) newest = b.ts
      advance(newest - (RECENT_HOURS - 1) * HOUR)
      for (const b of hours) if (b.ts >= covered) addHour(b)
      for (const b of minutes) if (b.ts >= covered) addMinute(b)
    },

    totals(projectId, start, end) {
      const p = projects.get(projectId)
      if (p === undefined) return []
      const rows: EdgeRow[] = []
      for (const span of windowSpans(start, end)) {
        if (span.resolution === 'minute') {
          for (let minute = Math.ceil(span.from / MINUTE) * MINUTE; minute <= span.to; minute += MINUTE) {
            for (const row of p.minutes.get(minute)?.values() ?? []) rows.push(row)
          }
          continue
        }
        const hours = Math.min(RECENT_HOURS, (span.to - span.from) / HOUR + 1)
        const first = slotOf(span.from)
        for (const s of p.series.values()) {
          let n = 0
          let last = 0
          for (let i = 0, hour = span.from; i < hours; i++, hour += HOUR) {
            const slot = (first + i) % RECENT_HOURS
            if (s.hour[slot] !== hour) continue
            n += s.n[slot]!
            if (s.last[slot]! > last) last = s.last[slot]!
          }
          if (n > 0) rows.push({ ts: span.from, from: s.from, to: s.to, status: s.status, n, last })
        }
      }
      return rows
    },

    dropBefore(cutoff) {
      advance(Math.ceil(cutoff / HOUR) * HOUR)
    },
  }
}
