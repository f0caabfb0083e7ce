// Chrome / Perfetto trace-event JSON (an object with `traceEvents`, or a bare array, even one left unclosed):
// complete events (`X`, with `dur`), duration events (`B`/`E`, a stack per thread), async events (`b`/`e`, a
// stack per category and id) become steps, instant events (`i`, `I`, `n`, `R`) marks. A step started inside
// another of the same stack is its child: `RunTask` inside `MessageLoop` is `MessageLoop.RunTask`. Threads are
// hosts (their `thread_name`, else `pid/tid`) when there is more than one; async events have none. `args.name`, `args.host` and
// `args.status` (what `upto export --format chrome` writes) are used as they are; its per-attempt events are
// left out. Times are microseconds: taken as Unix time when they are (after 1973), else placed from `start`.

import type { Millis } from '../core/types.ts'
import { cleanSegment, type ImportedMark, type ImportedRun, type ImportedSpan, type Skipped } from './imported.ts'

interface Raw {
  ph?: unknown
  name?: unknown
  cat?: unknown
  ts?: unknown
  dur?: unknown
  pid?: unknown
  tid?: unknown
  id?: unknown
  id2?: { local?: unknown; global?: unknown }
  args?: Record<string, unknown>
}

interface Open {
  segment: string
  full?: string
  host?: string
  ts: number
  end?: number
  args: Record<string, unknown>
}

const UNIX_MICROS = 1e14

export function parseTraceEvents(text: string, start: Millis): ImportedRun {
  const skipped: Skipped[] = []
  const raws = readEvents(text)
  if (typeof raws === 'string') return { spans: [], marks: [], skipped: [{ at: 0, reason: raws }] }
  const threadNames = new Map<string, string>()
  const threads = new Set<string>()
  let min = Infinity
  raws.forEach((e) => {
    const thread = `${e.pid ?? ''}/${e.tid ?? ''}`
    if (e.ph === 'M' && e.name === 'thread_name' && typeof e.args?.name === 'string') threadNames.set(thread, e.args.name)
    else if (typeof e.ts === 'number' && e.ph !== 'M') {
      min = Math.min(min, e.ts)
      if (e.ph !== 'b' && e.ph !== 'e' && e.ph !== 'n') threads.add(thread)
    }
  })
  const base = min >= UNIX_MICROS ? 0 : start - (Number.isFinite(min) ? min : 0) / 1_000
  const at = (us: number): Millis => base + us / 1_000
  const hostOf = (e: Raw) => {
    if (typeof e.args?.host === 'string') return e.args.host
    if (e.ph === 'b' || e.ph === 'e' || e.ph === 'n') return ''
    const thread = `${e.pid ?? ''}/${e.tid ?? ''}`
    return threads.size > 1 ? (threadNames.get(thread) ?? thread) : ''
  }

  const spans: ImportedSpan[] = []
  const marks: ImportedMark[] = []
  const stacks = new Map<string, Open[]>()
  const close = (open: Open, parent: Open | undefined, end: number, host: string, status?: string) => {
    if (open.args.attempt !== undefined && open.args.state !== undefined && /^attempt \d+$/.test(open.segment)) return
    const name = open.full ?? (parent ? `${nameOf(parent)}.${open.segment}` : open.segment)
    open.full = name
    const s = typeof open.args.status === 'string' ? open.args.status : (status ?? 'ok')
    const message = typeof open.args.message === 'string' ? open.args.message : undefined
    spans.push({ name, host: open.host ?? host, start: at(open.ts), end: at(Math.max(open.ts, end)), status: s, ...(message ? { message } : {}) })
  }
  const nameOf = (o: Open) => o.full ?? o.segment

  // Complete events: nest by time within each thread.
  const complete = raws
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.ph === 'X')
    .sort((x, y) => Number(x.e.ts) - Number(y.e.ts) || Number(y.e.dur) - Number(x.e.dur))
  for (const { e, i } of complete) {
    if (typeof e.ts !== 'number' || typeof e.dur !== 'number' || e.dur < 0) {
      skipped.push({ at: i, reason: 'X event without numeric ts and dur' })
      continue
    }
    const key = `X ${e.pid ?? ''}/${e.tid ?? ''}`
    const stack = stacks.get(key) ?? []
    stacks.set(key, stack)
    while (stack.length > 0 && stack[stack.length - 1]!.end! <= e.ts) stack.pop()
    const open: Open = { segment: segmentOf(e), ts: e.ts, end: e.ts + e.dur, args: e.args ?? {}, ...named(e, stack) }
    close(open, stack[stack.length - 1], e.ts + e.dur, hostOf(e))
    stack.push(open)
  }

  raws.forEach((e, i) => {
    if (e.ph === 'X' || e.ph === 'M' || e.ph === undefined) return
    if (typeof e.ts !== 'number') {
      skipped.push({ at: i, reason: `${String(e.ph)} event without a numeric ts` })
      return
    }
    if (e.ph === 'i' || e.ph === 'I' || e.ph === 'n' || e.ph === 'R') {
      marks.push({ name: typeof e.args?.name === 'string' ? e.args.name : segmentOf(e), host: hostOf(e), time: at(e.ts) })
      return
    }
    const async = e.ph === 'b' || e.ph === 'e'
    if (!async && e.ph !== 'B' && e.ph !== 'E') return
    const key = async ? `b ${String(e.cat ?? '')} ${String(e.id ?? e.id2?.local ?? e.id2?.global ?? '')}` : `B ${e.pid ?? ''}/${e.tid ?? ''}`
    const stack = stacks.get(key) ?? []
    stacks.set(key, stack)
    if (e.ph === 'B' || e.ph === 'b') {
      stack.push({ segment: segmentOf(e), ts: e.ts, args: e.args ?? {}, ...named(e, stack), host: hostOf(e) })
      return
    }
    const open = stack.pop()
    if (open === undefined) {
      skipped.push({ at: i, reason: `${e.ph} event without a begin` })
      return
    }
    close(open, stack[stack.length - 1], e.ts, open.host ?? '')
  })
  const lastTs = raws.reduce((m, e) => (typeof e.ts === 'number' ? Math.max(m, e.ts + (typeof e.dur === 'number' ? e.dur : 0)) : m), -Infinity)
  for (const [key, stack] of stacks) {
    if (key.startsWith('X')) continue
    while (stack.length > 0) {
      const open = stack.pop()!
      close(open, stack[stack.length - 1], lastTs, open.host ?? '', 'unfinished')
    }
  }
  return { spans, marks, skipped }
}

function named(e: Raw, stack: readonly Open[]): { full?: string } {
  if (typeof e.args?.name === 'string' && e.args.name !== '') return { full: e.args.name }
  const parent = stack[stack.length - 1]
  return parent ? { full: `${parent.full ?? parent.segment}.${segmentOf(e)}` } : {}
}

function segmentOf(e: Raw): string {
  return cleanSegment(typeof e.name === 'string' ? e.name : 'event')
}

/** The events, or why there are none. */
function readEvents(text: string): Raw[] | string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    const trimmed = text.trim().replace(/,\s*$/, '')
    try {
      value = trimmed.startsWith('[') ? JSON.parse(`${trimmed}]`) : undefined
    } catch {}
    if (value === undefined) return 'file is not JSON: expected a trace-event array or an object with traceEvents'
  }
  const list = Array.isArray(value) ? value : (value as { traceEvents?: unknown } | null)?.traceEvents
  if (!Array.isArray(list)) return 'JSON has no traceEvents array: expected a trace-event array or an object with traceEvents'
  return list.filter((e): e is Raw => typeof e === 'object' && e !== null)
}
