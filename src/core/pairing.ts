// Starts and ends of one event key → attempts, paired in the order of their event times.

import { compareMessages } from './message-order.ts'
import type { Attempt, AttemptState, Stored } from './types.ts'

/**
 * Attempts of one key from its (deduplicated) starts and ends, in any order. Walking by event time:
 * a start opens an attempt (abandoning one still open); an end closes the open one, or is an orphan.
 * Ties at one instant: an end first closes an attempt opened earlier, then starts open and ends close in turn,
 * so `start end` at one instant is a zero-length attempt and `end start` after an open one is a retry.
 * Within a kind, ties go by receive time, then content.
 */
export function pairAttempts(events: readonly Stored[]): Attempt[] {
  return pairSorted([...events].sort(compareMessages))
}

/** pairAttempts of starts and ends already in canonical order (compareMessages). */
export function pairSorted(sorted: readonly Stored[]): Attempt[] {
  // the common keys, as the walk below pairs them: a start and a later end; a start alone; an end alone
  const first = sorted[0]
  if (sorted.length === 1 && first !== undefined) {
    if (first.kind === 'start') return [unfinished(first, 'running', 1)]
    if (first.kind === 'end') return [orphan(first, 1)]
  }
  const second = sorted[1]
  if (sorted.length === 2 && first?.kind === 'start' && second?.kind === 'end' && first.time !== second.time) {
    return [done(first, second, 1)]
  }
  const attempts: Attempt[] = []
  let open: Stored | undefined
  for (let i = 0; i < sorted.length;) {
    // the messages of one instant: [i, j)
    let j = i + 1
    while (j < sorted.length && sorted[j]!.time === sorted[i]!.time) j++
    if (j === i + 1) {
      // one message at this instant, the common case: an end closes the open attempt, a start opens one
      const m = sorted[i++]!
      const n = attempts.length + 1
      if (m.kind === 'end') {
        attempts.push(open === undefined ? orphan(m, n) : done(open, m, n))
        open = undefined
      } else if (m.kind === 'start') {
        if (open !== undefined) attempts.push(unfinished(open, 'abandoned', n))
        open = m
      }
      continue
    }
    const starts: Stored[] = []
    const ends: Stored[] = []
    for (let k = i; k < j; k++) {
      const m = sorted[k]!
      if (m.kind === 'start') starts.push(m)
      else if (m.kind === 'end') ends.push(m)
    }
    i = j
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
  // the row keeps it: an exact copy, not an array pushed to (room for 17)
  return attempts.slice()
}

/** One attempt per mark: an instant, with the mark's status or 'ok'. */
export function markAttempts(marks: readonly Stored[]): Attempt[] {
  const sorted = marks.length > 1 ? [...marks].sort(compareMessages) : marks
  return sorted.map((m, i) => attempt(i + 1, m.time, m.time, 'done', m.status ?? 'ok', m.message, { ...m.attrs }))
}

function done(start: Stored, end: Stored, n: number): Attempt {
  const attrs = start.attrs === undefined && end.attrs === undefined ? {} : { ...start.attrs, ...end.attrs }
  return attempt(n, start.time, end.time, 'done', end.status ?? 'ok', end.message ?? start.message, attrs)
}

function unfinished(start: Stored, state: 'running' | 'abandoned', n: number): Attempt {
  return attempt(n, start.time, undefined, state, state, start.message, { ...start.attrs })
}

// The end's own status is not kept: an orphan's status is always 'orphan'.
function orphan(end: Stored, n: number): Attempt {
  return attempt(n, undefined, end.time, 'orphan', 'orphan', end.message, { ...end.attrs })
}

/** One object literal per shape: fields in one order, absent ones left out (not undefined). */
function attempt(
  n: number,
  start: number | undefined,
  end: number | undefined,
  state: AttemptState,
  status: string,
  message: string | undefined,
  attrs: Record<string, string>,
): Attempt {
  if (start === undefined) {
    return message === undefined
      ? { attempt: n, end, state, status, attrs }
      : { attempt: n, end, state, status, message, attrs }
  }
  if (end === undefined) {
    return message === undefined
      ? { attempt: n, start, state, status, attrs }
      : { attempt: n, start, state, status, message, attrs }
  }
  return message === undefined
    ? { attempt: n, start, end, state, status, attrs }
    : { attempt: n, start, end, state, status, message, attrs }
}
