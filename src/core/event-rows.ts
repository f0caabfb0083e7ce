// One row per event key (name, host): its attempts, start, end and status. No tree yet.

import { markAttempts, pairAttempts } from './pairing.ts'
import type { Attempt, Row, Stored } from './types.ts'

/**
 * Rows of real events from deduplicated messages. A key with starts or ends gives a 'span' row; a key with
 * marks gives a 'mark' row (both when it has both). `new` messages give none. Rows come unordered, without children.
 */
export function eventRows(messages: readonly Stored[]): Row[] {
  const keys = new Map<string, { name: string, host: string, spans: Stored[], marks: Stored[] }>()
  for (const m of messages) {
    if (m.kind === 'new') continue
    const id = JSON.stringify([m.name, m.host])
    let key = keys.get(id)
    if (key === undefined) {
      key = { name: m.name, host: m.host, spans: [], marks: [] }
      keys.set(id, key)
    }
    if (m.kind === 'mark') key.marks.push(m)
    else key.spans.push(m)
  }
  const rows: Row[] = []
  for (const { name, host, spans, marks } of keys.values()) {
    if (spans.length > 0) rows.push(row(name, host, 'span', pairAttempts(spans)))
    if (marks.length > 0) rows.push(row(name, host, 'mark', markAttempts(marks)))
  }
  return rows
}

/** Number of dots in a name: 0 for a root. */
export function depthOf(name: string): number {
  return name.split('.').length - 1
}

function row(name: string, host: string, kind: 'span' | 'mark', attempts: Attempt[]): Row {
  let start = Infinity
  let end = -Infinity
  for (const a of attempts) {
    start = Math.min(start, a.start ?? a.end ?? Infinity)
    if (a.end !== undefined) end = Math.max(end, a.end)
  }
  const last = attempts[attempts.length - 1]
  const running = last?.state === 'running'
  return {
    name,
    host,
    depth: depthOf(name),
    kind,
    start,
    ...(running || end === -Infinity ? {} : { end }),
    status: last?.status ?? 'ok',
    attempts,
    children: [],
  }
}
