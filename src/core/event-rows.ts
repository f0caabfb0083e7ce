// One row per event key (name, host): its attempts, start, end and status. No tree yet.

import { dedupe } from './dedupe.ts'
import { markAttempts, pairSorted } from './pairing.ts'
import type { Attempt, Millis, Row, Stored } from './types.ts'

export interface EventRows {
  /** The rows of each name (one a host, a span and a mark row for a key with both) in one array. */
  byName: Row[][]
  /** The earliest row start, the latest start or end of any attempt, and whether any row is still open. */
  first: Millis
  last: Millis
  running: boolean
}

/**
 * Rows of real events from the stored messages of a timeline, in any order; duplicates count once (dedupe.ts).
 * A key with starts or ends gives a 'span' row; a key with marks gives a 'mark' row (both when it has both).
 * `new` messages give none. Rows come by name, unordered; each with an empty array of children of its own.
 */
export function eventRows(messages: readonly Stored[]): EventRows {
  // By name, then host: no key to build. Duplicates share their key, so each key is deduplicated (and put in
  // canonical order) on its own. Most names have one host: a Map for each would cost more than the rows.
  const byName = new Map<string, Key | Key[]>()
  for (const m of messages) {
    if (m.kind === 'new') continue
    const found = byName.get(m.name)
    if (found === undefined) byName.set(m.name, key(m))
    else if (!Array.isArray(found)) {
      if (found.host === m.host) add(found, m)
      else byName.set(m.name, [found, key(m)])
    } else {
      const k = found.find((x) => x.host === m.host)
      if (k === undefined) found.push(key(m))
      else add(k, m)
    }
  }
  // the bounds gathered as each row is made, while its attempts are at hand
  const out: EventRows = { byName: [], first: Infinity, last: -Infinity, running: false }
  // by value, not entry: no [name, key] pair a name (a key's messages hold its name)
  for (const found of byName.values()) {
    if (!Array.isArray(found)) out.byName.push(rowsOf(found, depthOf(found.first.name), out))
    else {
      const depth = depthOf(found[0]!.first.name)
      out.byName.push(found.flatMap((k) => rowsOf(k, depth, out)))
    }
  }
  return out
}

/** The row of a key's spans, of its marks, or both. */
function rowsOf(k: Key, depth: number, out: EventRows): Row[] {
  const list = k.more !== undefined ? [k.first, k.second!, ...k.more] : k.second !== undefined ? [k.first, k.second] : [k.first]
  const kept = list.length === 1 ? list : dedupe(list)
  const { name } = k.first
  let marks = 0
  for (const m of kept) if (m.kind === 'mark') marks++
  if (marks === 0) return [row(name, k.host, depth, 'span', pairSorted(kept), out)]
  if (marks === kept.length) return [row(name, k.host, depth, 'mark', markAttempts(kept), out)]
  return [
    row(name, k.host, depth, 'span', pairSorted(kept.filter((m) => m.kind !== 'mark')), out),
    row(name, k.host, depth, 'mark', markAttempts(kept.filter((m) => m.kind === 'mark')), out),
  ]
}

/**
 * The messages of one (name, host), in arrival order. Most keys hold a start and an end: kept in fields,
 * an array made only for more (a pushed-to array takes room for 17).
 */
interface Key {
  host: string
  first: Stored
  second: Stored | undefined
  more: Stored[] | undefined
}

function key(m: Stored): Key {
  return { host: m.host, first: m, second: undefined, more: undefined }
}

function add(k: Key, m: Stored): void {
  if (k.second === undefined) k.second = m
  else (k.more ??= []).push(m)
}

/** Number of dots in a name: 0 for a root. */
export function depthOf(name: string): number {
  let dots = 0
  for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) dots++
  return dots
}

function row(name: string, host: string, depth: number, kind: 'span' | 'mark', attempts: Attempt[], out: EventRows): Row {
  let start = Infinity
  let end = -Infinity
  for (const a of attempts) {
    start = Math.min(start, a.start ?? a.end ?? Infinity)
    if (a.end !== undefined) end = Math.max(end, a.end)
    out.last = Math.max(out.last, a.start ?? -Infinity, a.end ?? -Infinity)
  }
  out.first = Math.min(out.first, start)
  const last = attempts[attempts.length - 1]
  const running = last?.state === 'running'
  const status = last?.status ?? 'ok'
  if (running || end === -Infinity) {
    out.running = true
    return { name, host, depth, kind, start, status, attempts, children: [] }
  }
  return { name, host, depth, kind, start, end, status, attempts, children: [] }
}
