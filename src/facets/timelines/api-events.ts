// The `Events` of a timeline answer: the original upto's {Name, Host, Start, End} (RFC 3339), one
// per attempt of each row, extended with what the timeline builder knows.

import { formatTime } from '../../core/format.ts'
import type { Attempt, Row, Timeline } from '../../core/types.ts'

export interface ApiEvent {
  Name: string
  Host: string
  Start: string
  /** null while running, or for an attempt that never ended. */
  End: string | null
  status: string
  /** 'done' | 'running' | 'abandoned' | 'orphan'; 'implied' for an ancestor with no events of its own. */
  state: string
  /** 1-based; 0 for an implied ancestor, which has no attempts. */
  attempt: number
  attempts: number
  depth: number
  kind: Row['kind']
  children: string[]
  /** Milliseconds; null while running or when start or end is unknown. */
  duration: number | null
  message: string | null
  attrs: Record<string, string>
}

export function apiEvents(timeline: Timeline): ApiEvent[] {
  const out: ApiEvent[] = []
  for (const row of timeline.rows) {
    if (row.attempts.length === 0) out.push(impliedEvent(row))
    else for (const attempt of row.attempts) out.push(attemptEvent(row, attempt))
  }
  return out
}

function attemptEvent(row: Row, a: Attempt): ApiEvent {
  return event(row, {
    start: a.start ?? a.end ?? row.start,
    end: a.end,
    status: a.status,
    state: a.state,
    attempt: a.attempt,
    duration: a.start === undefined || a.end === undefined ? null : a.end - a.start,
    message: a.message ?? null,
    attrs: a.attrs,
  })
}

function impliedEvent(row: Row): ApiEvent {
  return event(row, {
    start: row.start,
    end: row.end,
    status: row.status,
    state: 'implied',
    attempt: 0,
    duration: row.end === undefined ? null : row.end - row.start,
    message: null,
    attrs: {},
  })
}

interface Part extends Pick<ApiEvent, 'status' | 'state' | 'attempt' | 'duration' | 'message' | 'attrs'> {
  start: number
  end: number | undefined
}

/** Fields in the original's order first: Name, Host, Start, End. */
function event(row: Row, p: Part): ApiEvent {
  return {
    Name: row.name,
    Host: row.host,
    Start: formatTime(p.start),
    End: p.end === undefined ? null : formatTime(p.end),
    status: p.status,
    state: p.state,
    attempt: p.attempt,
    attempts: row.attempts.length,
    depth: row.depth,
    kind: row.kind,
    children: row.children,
    duration: p.duration,
    message: p.message,
    attrs: p.attrs,
  }
}
