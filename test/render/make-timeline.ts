// Build Timeline objects by hand for layout and renderer tests. Times are ms after T0.

import type { Attempt, Row, Timeline } from '../../src/core/types.ts'

export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0)

type RowSpec = Omit<Row, 'depth' | 'children'>

/** [start, end?, status?] per attempt; an absent end is running (last) or abandoned (followed by a start). */
export type Try = [start: number | undefined, end?: number, status?: string]

export function span(name: string, tries: Try[] | Try, options: { host?: string; message?: string } = {}): RowSpec {
  const list: Try[] = Array.isArray(tries[0]) || tries.length === 0 ? (tries as Try[]) : [tries as Try]
  const attempts: Attempt[] = list.map(([s, e, status], i) => {
    const running = e === undefined && i === list.length - 1
    const state = s === undefined ? 'orphan' : e !== undefined ? 'done' : running ? 'running' : 'abandoned'
    const a: Attempt = { attempt: i + 1, state, status: status ?? (state === 'done' ? 'ok' : state), attrs: {} }
    if (s !== undefined) a.start = T0 + s
    if (e !== undefined) a.end = T0 + e
    if (options.message) a.message = options.message
    return a
  })
  const starts = attempts.map((a) => a.start ?? a.end ?? T0)
  const lastAttempt = attempts[attempts.length - 1]
  const row: RowSpec = {
    name,
    host: options.host ?? '',
    kind: 'span',
    start: Math.min(...starts),
    status: lastAttempt?.status ?? 'ok',
    attempts,
  }
  if (lastAttempt?.state !== 'running') row.end = Math.max(...attempts.map((a) => a.end ?? a.start ?? T0))
  return row
}

export function orphan(name: string, end: number, status = 'orphan', host = ''): RowSpec {
  const attempts: Attempt[] = [{ attempt: 1, end: T0 + end, state: 'orphan', status, attrs: {} }]
  return { name, host, kind: 'span', start: T0 + end, end: T0 + end, status, attempts }
}

export function implied(name: string, start: number, end?: number, status?: string): RowSpec {
  const row: RowSpec = {
    name, host: '', kind: 'implied', start: T0 + start, status: status ?? (end === undefined ? 'running' : 'ok'),
    attempts: [],
  }
  if (end !== undefined) row.end = T0 + end
  return row
}

export function mark(name: string, at: number, status = 'ok', host = ''): RowSpec {
  const attempts: Attempt[] = [{ attempt: 1, start: T0 + at, end: T0 + at, state: 'done', status, attrs: {} }]
  return { name, host, kind: 'mark', start: T0 + at, end: T0 + at, status, attempts }
}

export function makeTimeline(rows: RowSpec[], options: { context?: string; id?: string } = {}): Timeline {
  const full: Row[] = rows.map((r) => ({ ...r, depth: r.name.split('.').length - 1, children: [] }))
  const byName = new Map<string, Row>()
  for (const r of full) if (!byName.has(r.name)) byName.set(r.name, r)
  const seen = new Set<string>()
  for (const r of full) {
    const parent = byName.get(r.name.slice(0, Math.max(0, r.name.lastIndexOf('.'))))
    if (parent && !seen.has(r.name)) parent.children.push(r.name)
    seen.add(r.name)
  }
  const running = full.some((r) => r.kind !== 'mark' && r.end === undefined)
  const timeline: Timeline = {
    context: options.context ?? 'deploy', id: options.id ?? '1234', created: T0, running, rows: full,
  }
  for (const r of full) {
    timeline.first = Math.min(timeline.first ?? r.start, r.start)
    timeline.last = Math.max(timeline.last ?? r.start, r.end ?? r.start)
  }
  return timeline
}

/** n rows under one root, each 1s long, staggered: for the scale check. */
export function manyRows(n: number): Timeline {
  const rows: RowSpec[] = [implied('big', 0, n * 10 + 1000)]
  for (let i = 0; i < n; i++) rows.push(span(`big.step${i}`, [i * 10, i * 10 + 1000]))
  return makeTimeline(rows)
}
