// Starts and ends of one event key → attempts, paired in the order of their event times.

import { compareMessages } from './message-order.ts'
import type { Attempt, Stored } from './types.ts'

/**
 * Attempts of one key from its (deduplicated) starts and ends, in any order. Walking by event time:
 * a start opens an attempt (abandoning one still open); an end closes the open one, or is an orphan.
 * Ties at one instant: an end first closes an attempt opened earlier, then starts open and ends close in turn,
 * so `start end` at one instant is a zero-length attempt and `end start` after an open one is a retry.
 * Within a kind, ties go by receive time, then content.
 */
export function pairAttempts(events: readonly Stored[]): Attempt[] {
  const attempts: Attempt[] = []
  let open: Stored | undefined
  for (const group of byInstant([...events].sort(compareMessages))) {
    const starts = group.filter((m) => m.kind === 'start')
    const ends = group.filter((m) => m.kind === 'end')
    let s = 0
    let e = 0
    while (s < starts.length || e < ends.length) {
      const end = (open !== undefined || s === starts.length) ? ends[e] : undefined
      if (end !== undefined) {
        e++
        const n = attempts.length + 1
        attempts.push(open === undefined ? orphan(end, n) : done(open, end, n))
        open = undefined
        continue
      }
      const start = starts[s++]
      if (start === undefined) break
      if (open !== undefined) attempts.push(unfinished(open, 'abandoned', attempts.length + 1))
      open = start
    }
  }
  if (open !== undefined) attempts.push(unfinished(open, 'running', attempts.length + 1))
  return attempts
}

/** One attempt per mark: an instant, with the mark's status or 'ok'. */
export function markAttempts(marks: readonly Stored[]): Attempt[] {
  return [...marks].sort(compareMessages).map((m, i) => ({
    attempt: i + 1,
    start: m.time,
    end: m.time,
    state: 'done',
    status: m.status ?? 'ok',
    ...messageOf(m.message),
    attrs: { ...m.attrs },
  }))
}

function done(start: Stored, end: Stored, attempt: number): Attempt {
  return {
    attempt,
    start: start.time,
    end: end.time,
    state: 'done',
    status: end.status ?? 'ok',
    ...messageOf(end.message ?? start.message),
    attrs: { ...start.attrs, ...end.attrs },
  }
}

function unfinished(start: Stored, state: 'running' | 'abandoned', attempt: number): Attempt {
  return { attempt, start: start.time, state, status: state, ...messageOf(start.message), attrs: { ...start.attrs } }
}

// The end's own status is not kept: an orphan's status is always 'orphan'.
function orphan(end: Stored, attempt: number): Attempt {
  return {
    attempt, end: end.time, state: 'orphan', status: 'orphan', ...messageOf(end.message), attrs: { ...end.attrs },
  }
}

function messageOf(message: string | undefined): { message?: string } {
  return message === undefined ? {} : { message }
}

function* byInstant(sorted: readonly Stored[]): Generator<Stored[]> {
  let group: Stored[] = []
  for (const m of sorted) {
    if (group.length > 0 && group[0]?.time !== m.time) {
      yield group
      group = []
    }
    group.push(m)
  }
  if (group.length > 0) yield group
}
