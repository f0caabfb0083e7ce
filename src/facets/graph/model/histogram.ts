// Edge counts over time for the frontend's histogram: 60 s buckets up to a day, an hour up to 14 days, a day beyond.

import { isoSeconds } from './time.ts'
import { DAY, HOUR, MINUTE, type EdgeRow, type Resolution } from './types.ts'

export interface HistogramAnswer {
  buckets: Array<{ ts: string; n: number }>
  granularity_seconds: number
}

export function granularityOf(start: number, end: number): number {
  const span = end - start
  return span <= DAY ? MINUTE : span <= 14 * DAY ? HOUR : DAY
}

/** The store's buckets the histogram is summed from: minutes for minute bars, hours for the rest. */
export const resolutionFor = (granularity: number): Resolution => (granularity === MINUTE ? 'minute' : 'hour')

/** Every bucket from the one holding `start` to the one holding `end`, empty ones as 0. */
export function histogram(rows: readonly EdgeRow[], start: number, end: number, keep: (row: EdgeRow) => boolean = () => true): HistogramAnswer {
  const step = granularityOf(start, end)
  const first = Math.floor(start / step) * step
  const counts = new Array<number>(Math.floor(end / step) - first / step + 1).fill(0)
  for (const row of rows) {
    if (!keep(row)) continue
    const i = Math.floor(row.ts / step) - first / step
    if (i >= 0 && i < counts.length) counts[i]! += row.n
  }
  return { buckets: counts.map((n, i) => ({ ts: isoSeconds(first + i * step), n })), granularity_seconds: step / 1_000 }
}
