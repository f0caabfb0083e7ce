// The facts about one bar as lines of text: the SVG's <title> on the server, the tooltip in the browser.
// Pure: the browser bundle imports it.

import { formatDuration, formatTime as iso } from '../../core/format.ts'
import type { AttemptState, Millis, Row } from '../../core/types.ts'

export interface BarFacts {
  name: string
  host: string
  kind: Row['kind']
  /** Attempts of the row; 0 for an implied ancestor. */
  attempts: number
  /** 1-based; 0 when the bar is no attempt (an implied span). */
  attempt: number
  state: AttemptState
  /** Drawn times: `end` is now for a running bar, the next start for an abandoned one. */
  start: Millis
  end: Millis
  status: string
  message?: string | undefined
  attrs?: Record<string, string> | undefined
}

/** Full name and host, attempt, times, duration, status, message and attrs, one per line. */
export function barLines(f: BarFacts, formatTime: (ms: Millis) => string = iso): string[] {
  const lines = [f.host ? `${f.name} @ ${f.host}` : f.name]
  if (f.attempts > 1 && f.attempt > 0) lines.push(`attempt ${f.attempt} of ${f.attempts}`)
  if (f.kind === 'implied') lines.push('implied by its steps')
  if (f.kind === 'mark') lines.push(`at ${formatTime(f.start)}`)
  else if (f.state === 'orphan') lines.push(`end ${formatTime(f.end)} (its start never arrived)`)
  else {
    lines.push(`start ${formatTime(f.start)}`)
    if (f.state === 'running') lines.push(`running, ${formatDuration(f.end - f.start)} so far`)
    else if (f.state === 'stale') lines.push('stale: no end within the stale limit, not running')
    else if (f.state === 'abandoned') lines.push(`abandoned: started again ${formatTime(f.end)}`)
    else lines.push(`end ${formatTime(f.end)}`, `duration ${formatDuration(f.end - f.start)}`)
  }
  lines.push(`status ${f.status}`)
  if (f.message) lines.push(`message ${f.message}`)
  for (const [key, value] of Object.entries(f.attrs ?? {})) lines.push(`${key}=${value}`)
  return lines
}
