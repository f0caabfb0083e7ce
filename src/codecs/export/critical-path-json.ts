// The critical path as JSON, for the API and `upto export --format json`: times in Unix milliseconds, rows as
// indices into the timeline's `rows`.

import type { CriticalPath } from '../../core/critical-path.ts'
import type { Millis } from '../../core/types.ts'

export interface CriticalPathJson {
  start: Millis
  end: Millis
  total: Millis
  busy: Millis
  waiting: Millis
  segments: { row: number; name: string; host: string; from: Millis; to: Millis; self: boolean }[]
  gaps: { from: Millis; to: Millis }[]
  rows: number[]
}

export function criticalPathJson(path: CriticalPath): CriticalPathJson {
  const { start, end, total, busy, waiting, segments, gaps, rows } = path
  return { start, end, total, busy, waiting, segments, gaps, rows }
}
