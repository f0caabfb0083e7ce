// A timeline as CSV (RFC 4180: CRLF line ends, fields with commas, quotes or line breaks quoted): one line per
// attempt of each row, and one for each implied ancestor; the time each row spent on the critical path.

import { criticalPath } from '../core/critical-path.ts'
import { formatTime } from '../core/format.ts'
import type { Millis, Timeline } from '../core/types.ts'
import { untilOf } from './timeline-end.ts'

export const csvColumns = [
  'context', 'timeline', 'name', 'host', 'depth', 'kind', 'attempt', 'state', 'status', 'start', 'end', 'duration_ms',
  'critical_ms', 'message',
] as const

export function timelineCsv(timeline: Timeline, now: Millis): string {
  const path = criticalPath(timeline, { now })
  const until = untilOf(timeline, now)
  const lines = [csvColumns.join(',')]
  const time = (ms: Millis | undefined) => (ms === undefined ? '' : formatTime(ms))
  timeline.rows.forEach((row, index) => {
    const critical = String(path.time.get(index) ?? 0)
    const base = [timeline.context, timeline.id, row.name, row.host, String(row.depth), row.kind]
    if (row.attempts.length === 0) {
      const end = row.end ?? until
      lines.push(line([...base, '0', 'implied', row.status, time(row.start), time(row.end), String(end - row.start), critical, '']))
      return
    }
    for (const a of row.attempts) {
      const duration = a.start !== undefined && a.end !== undefined ? String(a.end - a.start) : ''
      lines.push(line([...base, String(a.attempt), a.state, a.status, time(a.start), time(a.end), duration, critical, a.message ?? '']))
    }
  })
  return `${lines.join('\r\n')}\r\n`
}

function line(fields: string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')
}
