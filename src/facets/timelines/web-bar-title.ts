// The hover text of one bar: full name, host, times, duration, status, message and attrs.

import { formatTime as iso } from '../../core/format.ts'
import type { GanttBar, GanttRow } from '../../core/layout.ts'
import type { Millis } from '../../core/types.ts'
import { barLines } from './bar-lines.ts'

/** `formatTime` is injected so a whole chart can share a faster one (see iso-time.ts). */
export function barTitle(row: GanttRow, bar: GanttBar, formatTime: (ms: Millis) => string = iso): string {
  const attempt = bar.source
  return barLines(
    {
      name: row.name,
      host: row.host,
      kind: row.kind,
      attempts: row.attempts,
      attempt: bar.attempt,
      state: bar.state,
      start: bar.start,
      end: bar.end,
      status: bar.status,
      message: attempt?.message,
      attrs: attempt?.attrs,
    },
    formatTime,
  ).join('\n')
}
