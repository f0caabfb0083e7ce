// A timeline as CSV (RFC 4180: CRLF line ends, fields with commas, quotes or line breaks quoted): one line per
// attempt of each row, and one for each implied ancestor; the time each attempt spent on the critical path.
// Durations in ms with at most 3 decimals. A field that begins with =, +, -, @, a tab or a carriage return gets
// a leading ' (OWASP's rule against CSV injection: a spreadsheet would run it as a formula), unless `raw`.

import { criticalPath, type CriticalSegment } from '../../core/critical-path.ts'
import { formatTime } from '../../core/format.ts'
import type { Millis, Timeline } from '../../core/types.ts'
import { untilOf } from './timeline-end.ts'

export const csvColumns = [
  'context', 'timeline', 'name', 'host', 'depth', 'kind', 'attempt', 'state', 'status', 'start', 'end', 'duration_ms',
  'critical_ms', 'message',
] as const

export function timelineCsv(timeline: Timeline, now: Millis, options: { raw?: boolean } = {}): string {
  const path = criticalPath(timeline, { now })
  const until = untilOf(timeline, now)
  const segmentsOf = new Map<number, CriticalSegment[]>()
  for (const s of path.segments) {
    const list = segmentsOf.get(s.row)
    if (list) list.push(s)
    else segmentsOf.set(s.row, [s])
  }
  const onPath = (row: number, from: Millis, to: Millis) => {
    let total = 0
    for (const s of segmentsOf.get(row) ?? []) total += Math.max(0, Math.min(to, s.to) - Math.max(from, s.from))
    return total
  }
  const line = (fields: string[]) => fields.map((f) => quoted(options.raw ? f : neutral(f))).join(',')
  const lines = [csvColumns.join(',')]
  const time = (ms: Millis | undefined) => (ms === undefined ? '' : formatTime(ms))
  timeline.rows.forEach((row, index) => {
    const base = [timeline.context, timeline.id, row.name, row.host, String(row.depth), row.kind]
    if (row.attempts.length === 0) {
      const end = row.end ?? until
      lines.push(line([...base, '0', 'implied', row.status, time(row.start), time(row.end), ms(end - row.start), ms(onPath(index, row.start, end)), '']))
      return
    }
    row.attempts.forEach((a, i) => {
      const duration = a.start !== undefined && a.end !== undefined ? ms(a.end - a.start) : ''
      // an attempt's share of its row's time on the path: the part within the attempt
      const from = a.start ?? a.end ?? row.start
      const critical = ms(onPath(index, from, a.end ?? row.attempts[i + 1]?.start ?? until))
      lines.push(line([...base, String(a.attempt), a.state, a.status, time(a.start), time(a.end), duration, critical, a.message ?? '']))
    })
  })
  return `${lines.join('\r\n')}\r\n`
}

/** At most 3 decimals, no trailing zeros. */
function ms(value: Millis): string {
  return String(Math.round(value * 1_000) / 1_000)
}

function neutral(field: string): string {
  return /^[=+\-@\t\r]/.test(field) ? `'${field}` : field
}

function quoted(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field
}
