// The last day of edge counts, in memory, for the queries: a day of 10,000 pairs is 240,000 hour buckets, which
// take a second to read from LevelDB and a few milliseconds to sum here. Each pair and status is a series with
// an index; the counts are kept by hour slot (hour mod RECENT_HOURS) in typed arrays indexed by series, so a
// window's hours are summed by running along a few arrays instead of chasing one object per series. Minutes
// (the loose minutes at a window's ends) are kept by minute, each a list of series and counts (a count that comes
// after its minute closed is a second entry for that series: the sums are the same). The answer is one
// row per pair and status, in the order of (from, to): the series' order is sorted once each time series were
// added, not per query. Node ids are interned: the rows carry the same string objects as the node maps, so
// looking a row's nodes up compares no characters. A window that starts before what is covered is read from
// the store.

import { compareText } from '../../../core/message-order.ts'
import type { BucketSum } from './merge.ts'
import { windowSpans } from './window.ts'
import { HOUR, MINUTE, type EdgeRow, type EdgeStatus } from './types.ts'

/** Hours kept: a day and the hours at either end of a day's window. */
export const RECENT_HOURS = 26

interface Series {
  from: string
  to: string
  status: EdgeStatus
}

interface Minute {
  /** Position in the lists by series index, while the minute is open; a late count after that is a new entry. */
  at: Map<number, number> | undefined
  series: number[]
  n: number[]
}

/** How long a minute takes counts into its entries: reports come within seconds; later ones are added beside. */
const OPEN_MINUTES = 10

interface Project {
  index: Map<string, number>
  series: Series[]
  /** The hour each slot holds (-1: none yet). */
  slotHour: Float64Array
  /** By slot, by series index: the count and the newest minute of that hour. */
  n: Float64Array[]
  last: Float64Array[]
  minutes: Map<number, Minute>
  /** Series indices by (from, to, status), while no series was added since. */
  order: Uint32Array | undefined
}

export interface RecentBuckets {
  /** Whether a window starting at `start` is answered here. */
  covers(start: number): boolean
  /** Counts made durable: a minute's, and the same counts for its hour. */
  add(minutes: readonly BucketSum[], hours: readonly BucketSum[]): void
  /** The window's counts (bucket starts within [start, end], as `windowSpans` reads them): one row per pair and status. */
  totals(projectId: number, start: number, end: number): EdgeRow[]
  /** Retention removed what started before `cutoff`. */
  dropBefore(cutoff: number): void
}

/** One string object per id: what the node maps are keyed by and the rows carry. */
export type Intern = (id: string) => string

export function interner(): Intern {
  const ids = new Map<string, string>()
  return (id) => {
    let canonical = ids.get(id)
    if (canonical === undefined) {
      // a copy of its own: a slice of a key or a body would keep the whole of it alive
      canonical = Buffer.from(id, 'utf8').toString('utf8')
      ids.set(canonical, canonical)
    }
    return canonical
  }
}

/** Covers the hours from `from` (a whole hour) on. */
export function recentBuckets(from: number, intern: Intern = interner()): RecentBuckets {
  let covered = from
  let newest = from
  let newestMinute = from
  const projects = new Map<number, Project>()
  const slotOf = (hour: number) => (hour / HOUR) % RECENT_HOURS

  function projectOf(id: number): Project {
    let p = projects.get(id)
    if (p === undefined) {
      const columns = () => Array.from({ length: RECENT_HOURS }, () => new Float64Array(64))
      p = { index: new Map(), series: [], slotHour: new Float64Array(RECENT_HOURS).fill(-1), n: columns(), last: columns(), minutes: new Map(), order: undefined }
      projects.set(id, p)
    }
    return p
  }

  function seriesOf(p: Project, b: BucketSum): number {
    const key = `${b.from} ${b.to} ${b.status}`
    let i = p.index.get(key)
    if (i === undefined) {
      i = p.series.length
      p.series.push({ from: intern(b.from), to: intern(b.to), status: b.status })
      p.index.set(key, i)
      p.order = undefined
      if (i === p.n[0]!.length) { // full: twice the room, for every slot
        const grow = (column: Float64Array) => {
          const wider = new Float64Array(column.length * 2)
          wider.set(column)
          return wider
        }
        p.n = p.n.map(grow)
        p.last = p.last.map(grow)
      }
    }
    return i
  }

  function advance(to: number): void {
    if (to <= covered) return
    covered = to
    for (const p of projects.values()) for (const minute of p.minutes.keys()) if (minute < covered) p.minutes.delete(minute)
  }

  function addHour(b: BucketSum): void {
    const p = projectOf(b.projectId)
    const i = seriesOf(p, b)
    const slot = slotOf(b.ts)
    if (p.slotHour[slot] !== b.ts) { // the slot held an hour no longer covered
      p.slotHour[slot] = b.ts
      p.n[slot]!.fill(0)
      p.last[slot]!.fill(0)
    }
    p.n[slot]![i]! += b.n
    if (b.last > p.last[slot]![i]!) p.last[slot]![i] = b.last
  }

  function addMinute(b: BucketSum): void {
    const p = projectOf(b.projectId)
    const i = seriesOf(p, b)
    let minute = p.minutes.get(b.ts)
    if (minute === undefined) p.minutes.set(b.ts, (minute = { at: b.ts > newestMinute - OPEN_MINUTES * MINUTE ? new Map() : undefined, series: [], n: [] }))
    const at = minute.at?.get(i)
    if (at !== undefined) minute.n[at]! += b.n
    else {
      minute.at?.set(i, minute.series.length)
      minute.series.push(i)
      minute.n.push(b.n)
    }
  }

  /** The newest minute moved to `to`: the minutes that are no longer open drop their positions. */
  function closeMinutes(to: number): void {
    if (to <= newestMinute) return
    const closing = Math.max(newestMinute, to - RECENT_HOURS * HOUR) - OPEN_MINUTES * MINUTE
    newestMinute = to
    for (let ts = closing; ts <= to - OPEN_MINUTES * MINUTE; ts += MINUTE) {
      for (const p of projects.values()) {
        const minute = p.minutes.get(ts)
        if (minute !== undefined) minute.at = undefined
      }
    }
  }

  function orderOf(p: Project): Uint32Array {
    if (p.order === undefined) {
      const { series } = p
      p.order = Uint32Array.from(series.keys()).sort((a, b) => {
        const x = series[a]!
        const y = series[b]!
        return compareText(x.from, y.from) || compareText(x.to, y.to) || compareText(x.status, y.status)
      })
    }
    return p.order
  }

  return {
    covers: (start) => start >= covered,

    add(minutes, hours) {
      for (const b of hours) if (b.ts > newest) newest = b.ts
      advance(newest - (RECENT_HOURS - 1) * HOUR)
      for (const b of hours) if (b.ts >= covered) addHour(b)
      for (const b of minutes) if (b.ts >= covered) addMinute(b)
      let latest = newestMinute
      for (const b of minutes) if (b.ts > latest) latest = b.ts
      closeMinutes(latest)
    },

    totals(projectId, start, end) {
      const p = projects.get(projectId)
      if (p === undefined) return []
      const count = p.series.length
      const sumN = new Float64Array(count)
      const sumLast = new Float64Array(count)
      for (const span of windowSpans(start, end)) {
        if (span.resolution === 'minute') {
          for (let ts = Math.ceil(span.from / MINUTE) * MINUTE; ts <= span.to; ts += MINUTE) {
            const minute = p.minutes.get(ts)
            if (minute === undefined) continue
            for (let k = 0; k < minute.series.length; k++) {
              const i = minute.series[k]!
              sumN[i]! += minute.n[k]!
              if (ts > sumLast[i]!) sumLast[i] = ts
            }
          }
          continue
        }
        for (let hour = span.from, hours = 0; hour <= span.to && hours < RECENT_HOURS; hour += HOUR, hours++) {
          const slot = slotOf(hour)
          if (p.slotHour[slot] !== hour) continue
          const n = p.n[slot]!
          const last = p.last[slot]!
          for (let i = 0; i < count; i++) {
            sumN[i]! += n[i]!
            if (last[i]! > sumLast[i]!) sumLast[i] = last[i]!
          }
        }
      }
      const rows: EdgeRow[] = []
      for (const i of orderOf(p)) {
        if (!(sumN[i]! > 0)) continue
        const s = p.series[i]!
        rows.push({ ts: start, from: s.from, to: s.to, status: s.status, n: sumN[i]!, last: sumLast[i]! })
      }
      return rows
    },

    dropBefore(cutoff) {
      advance(Math.ceil(cutoff / HOUR) * HOUR)
    },
  }
}
