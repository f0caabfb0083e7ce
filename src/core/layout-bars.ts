// The bars of one row: one per attempt, a point per mark or orphan end, a span for an implied ancestor.

import type { GanttAxis, GanttBar } from './layout-types.ts'
import { toneOf } from './layout-tone.ts'
import type { Attempt, AttemptState, Millis, Row } from './types.ts'

export function position(axis: GanttAxis, t: Millis): number {
  const x = (t - axis.start) * axis.scale
  return x <= 0 ? 0 : x >= axis.width ? axis.width : x
}

export function barsOf(row: Row, axis: GanttAxis): GanttBar[] {
  const { attempts } = row
  if (attempts.length === 0) {
    if (row.kind === 'mark') return [bar(axis, row.start, row.start, true, 'done', row.status, 0)]
    const state: AttemptState = row.end === undefined ? 'running' : 'done'
    const end = row.end ?? Math.max(row.start, axis.end)
    return [bar(axis, row.start, end, false, state, row.status, 0)]
  }
  // map, not push: the layout keeps the array, and one pushed to takes room for 17
  return attempts.map((a, i) => {
    const at = a.start ?? a.end ?? row.start
    if (row.kind === 'mark' || a.state === 'orphan') return bar(axis, at, at, true, a.state, a.status, a.attempt, a)
    if (a.state === 'running') return bar(axis, at, Math.max(at, axis.end), false, a.state, a.status, a.attempt, a)
    // to the last thing known of the run: the axis is not stretched to now for it
    if (a.state === 'stale') return bar(axis, at, Math.max(at, axis.end), false, a.state, a.status, a.attempt, a)
    if (a.state === 'abandoned') {
      const next = attempts[i + 1]?.start
      return bar(axis, at, next !== undefined && next > at ? next : at, false, a.state, a.status, a.attempt, a)
    }
    return bar(axis, at, Math.max(at, a.end ?? at), false, a.state, a.status, a.attempt, a)
  })
}

function bar(
  axis: GanttAxis,
  start: Millis,
  end: Millis,
  point: boolean,
  state: AttemptState,
  status: string,
  attempt: number,
  source?: Attempt,
): GanttBar {
  const from = position(axis, start)
  const to = point ? from : position(axis, end)
  return { from, to, start, end, point, state, status, tone: toneOf(status, state), attempt, source }
}
