// The hover text of one bar: full name, host, times, duration, status, message and attrs.

import { formatDuration, formatTime as iso } from '../core/format.ts'
import type { GanttBar, GanttRow } from '../core/layout.ts'
import type { Millis } from '../core/types.ts'

/** `formatTime` is injected so a whole chart can share a faster one (see iso-time.ts). */
export function barTitle(row: GanttRow, bar: GanttBar, formatTime: (ms: Millis) => string = iso): string {
  const lines = [row.host ? `${row.name} @ ${row.host}` : row.name]
  if (row.attempts > 1 && bar.attempt > 0) lines.push(`attempt ${bar.attempt} of ${row.attempts}`)
  if (row.kind === 'implied') lines.push('implied by its steps')
  if (row.kind === 'mark') lines.push(`at ${formatTime(bar.start)}`)
  else if (bar.state === 'orphan') lines.push(`end ${formatTime(bar.end)} (its start never arrived)`)
  else {
    lines.push(`start ${formatTime(bar.start)}`)
    if (bar.state === 'running') lines.push(`running, ${formatDuration(bar.end - bar.start)} so far`)
    else if (bar.state === 'abandoned') lines.push(`abandoned: started again ${formatTime(bar.end)}`)
    else lines.push(`end ${formatTime(bar.end)}`, `duration ${formatDuration(bar.end - bar.start)}`)
  }
  lines.push(`status ${bar.status}`)
  const attempt = bar.source
  if (attempt?.message) lines.push(`message ${attempt.message}`)
  if (attempt) for (const [key, value] of Object.entries(attempt.attrs)) lines.push(`${key}=${value}`)
  return lines.join('\n')
}
