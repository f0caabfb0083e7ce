// Chrome / Node trace-event JSON (an object with `traceEvents`, or a bare array, even one left unclosed).
// Complete events (`X`, with `dur`), duration events (`B`/`E`, paired per thread) and async events (`b`/`e`,
// paired per category and id) become steps; instant events (`i`, `I`, `n`, `R`) marks; flow events, counters,
// samples, object snapshots and the other kinds are counted as left out. A step whose time lies inside another
// of the same thread (or the same async id) is its child: `RunTask` inside `MessageLoop` is
// `MessageLoop.RunTask`. A name repeated on a thread gets `-2`, `-3`… on its own segment, so the children of
// each instance nest under that instance: `MessageLoop-2.RunTask`. Threads are hosts named with their
// `thread_name` and pid/tid (`CrBrowserMain 1234/1`) when there is more than one; async events have none.
// An event's `args` and `cat` become attrs; only a file that upto exported itself (its `otherData` names a
// context and timeline) gives names, hosts and statuses in `args`, and its per-attempt events are left out.
// Times are microseconds: taken as Unix time when they are (after 1973), else placed from `start`.

import type { Millis } from '../../core/types.ts'
import { cleanAttrs, cleanSegment, type ImportedMark, type ImportedRun, type ImportedSpan, type Skipped } from './imported.ts'

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

/** One begin with its end, before it is named. */
interface Interval {
  e: Raw
  /** Index of the event in the file: the tie-break. */
  at: number
  ts: number
  end: number
  args: Record<string, unknown> | undefined
  unfinished?: boolean
  name?: string
}

/** A thread, or an async id: its intervals nest only within it. */
interface Lane {
  host: string
  intervals: Interval[]
  /** B or b events still open. */
  open: Interval[]
}

const UNIX_MICROS = 1e14
const KINDS_LEFT_OUT = new Map(Object.entries({
  s: 'flow events', t: 'flow events', f: 'flow events', C: 'counter events', P: 'samples', N: 'object events',
  O: 'object events', D: 'object events', M: 'metadata events', V: 'memory dumps', v: 'memory dumps',
  c: 'context events', '(': 'context events', ')': 'context events', S: 'async step events', T: 'async step events',
  p: 'async step events', F: 'async events (legacy)',
}))
const INSTANT = new Set(['i', 'I', 'n', 'R'])
const HANDLED = new Set(['X', 'B', 'E', 'b', 'e', ...INSTANT])

export function parseTraceEvents(input: string | Uint8Array, start: Millis): ImportedRun {
  const read = readEvents(input)
  if (typeof read === 'string') return { spans: [], marks: [], skipped: [{ at: 0, reason: read }] }
  const { events: raws, own } = read
  const skipped: Skipped[] = []
  const ignored: Record<string, number> = {}
  const leaveOut = (kind: string) => (ignored[kind] = (ignored[kind] ?? 0) + 1)
  const segments = new Map<unknown, string>()
  const segmentOf = (e: Raw): string => {
    let segment = segments.get(e.name)
    if (segment === undefined) segments.set(e.name, (segment = cleanSegment(typeof e.name === 'string' ? e.name : 'event')))
    return segment
  }

  // first pass: thread names, which threads have events of their own, the time span
  const threadNames = new Map<string, string>()
  const threadKeys = new Map<unknown, Map<unknown, string>>()
  const threadOf = (e: Raw): string => {
    let tids = threadKeys.get(e.pid)
    if (tids === undefined) threadKeys.set(e.pid, (tids = new Map()))
    let key = tids.get(e.tid)
    if (key === undefined) tids.set(e.tid, (key = `${String(e.pid ?? '')}/${String(e.tid ?? '')}`))
    return key
  }
  const threads = new Set<string>()
  let min = Infinity
  let lastTs = -Infinity
  for (const e of raws) {
    if (e.ph === 'M') {
      if (e.name === 'thread_name' && typeof e.args?.name === 'string') threadNames.set(threadOf(e), e.args.name)
      continue
    }
    if (typeof e.ts !== 'number') continue
    if (e.ts < min) min = e.ts
    const end = typeof e.dur === 'number' && e.dur > 0 ? e.ts + e.dur : e.ts
    if (end > lastTs) lastTs = end
    if (e.ph === 'X' || e.ph === 'B' || e.ph === 'E' || e.ph === 'i' || e.ph === 'I' || e.ph === 'R') threads.add(threadOf(e))
  }
  const base = min >= UNIX_MICROS ? 0 : start - (Number.isFinite(min) ? min : 0) / 1_000
  const at = (us: number): Millis => base + us / 1_000

  const lanes = new Map<string, Lane>()
  const threadLane = (e: Raw): Lane => {
    const thread = threadOf(e)
    let lane = lanes.get(thread)
    if (lane === undefined) {
      const host = own ? '' : threads.size <= 1 ? '' : `${cleanHost(threadNames.get(thread) ?? 'thread')} ${thread}`
      lanes.set(thread, (lane = { host, intervals: [], open: [] }))
    }
    return lane
  }
  const asyncLane = (e: Raw): Lane => {
    const key = asyncKey(e)
    let lane = lanes.get(key)
    if (lane === undefined) lanes.set(key, (lane = { host: '', intervals: [], open: [] }))
    return lane
  }
  const hostOf = (e: Raw, lane: Lane): string => (own ? (typeof e.args?.host === 'string' ? e.args.host : '') : lane.host)

  const marks: ImportedMark[] = []
  raws.forEach((e, i) => {
    const ph = e.ph
    if (typeof ph !== 'string') {
      skipped.push({ at: i, reason: 'event without a ph (phase)' })
      return
    }
    if (ph === 'M' && e.name === 'thread_name') return
    if (ph === 'M' || !HANDLED.has(ph)) {
      leaveOut(KINDS_LEFT_OUT.get(ph) ?? `events of ph "${ph.slice(0, 8)}"`)
      return
    }
    if (typeof e.ts !== 'number' || !Number.isFinite(e.ts)) {
      skipped.push({ at: i, reason: `${ph} event without a numeric ts` })
      return
    }
    if (INSTANT.has(ph)) {
      const name = own && typeof e.args?.name === 'string' ? e.args.name : segmentOf(e)
      const attrs = own ? undefined : attrsOf(e)
      const host = ph === 'n' ? (own ? hostOf(e, asyncLane(e)) : '') : hostOf(e, threadLane(e))
      marks.push({ name, host, time: at(e.ts), ...(attrs ? { attrs } : {}) })
      return
    }
    if (ph === 'X') {
      if (typeof e.dur !== 'number' || !(e.dur >= 0)) {
        skipped.push({ at: i, reason: 'X event without a numeric dur' })
        return
      }
      threadLane(e).intervals.push({ e, at: i, ts: e.ts, end: e.ts + e.dur, args: e.args })
      return
    }
    const async = ph === 'b' || ph === 'e'
    const lane = async ? asyncLane(e) : threadLane(e)
    if (ph === 'B' || ph === 'b') {
      lane.open.push({ e, at: i, ts: e.ts, end: e.ts, args: e.args })
      return
    }
    // E closes the innermost B of its thread; e the innermost b of its id and name (of any name when it has none)
    const stack = lane.open
    let k = stack.length - 1
    if (async && typeof e.name === 'string' && e.name !== '') while (k >= 0 && stack[k]!.e.name !== e.name) k--
    if (k < 0) {
      skipped.push({ at: i, reason: `${ph} event without a begin` })
      return
    }
    const begun = k === stack.length - 1 ? stack.pop()! : stack.splice(k, 1)[0]!
    begun.end = Math.max(begun.ts, e.ts)
    if (e.args && Object.keys(e.args).length > 0) begun.args = { ...begun.args, ...e.args }
    lane.intervals.push(begun)
  })

  const spans: ImportedSpan[] = []
  const used = new Map<string, Map<string, number>>()
  for (const lane of lanes.values()) {
    for (const begun of lane.open) lane.intervals.push({ ...begun, end: Math.max(begun.ts, lastTs), unfinished: true })
    let names = used.get(lane.host)
    if (names === undefined) used.set(lane.host, (names = new Map()))
    for (const interval of nest(lane.intervals, own, names, segmentOf)) {
      const { e } = interval
      if (own && e.args?.attempt !== undefined && e.args.state !== undefined && /^attempt \d+$/.test(String(e.name))) continue
      const span: ImportedSpan = { name: interval.name!, host: hostOf(e, lane), start: at(interval.ts), end: at(interval.end), status: interval.unfinished ? 'unfinished' : 'ok' }
      if (own) {
        if (typeof interval.args?.status === 'string') span.status = interval.args.status
        if (typeof interval.args?.message === 'string' && interval.args.message !== '') span.message = interval.args.message
      } else {
        const attrs = attrsOf(e, interval.args)
        if (attrs) span.attrs = attrs
      }
      spans.push(span)
    }
  }
  return { spans, marks, skipped, uniqueNames: true, ...(Object.keys(ignored).length > 0 ? { ignored } : {}) }
}

/**
 * Names the intervals of one lane: one inside another's time is its child, named after that instance. A name
 * already used on the host (`names`, shared by the lanes of one host) gets `-2`, `-3`… on its last segment.
 */
function nest(intervals: Interval[], own: boolean, names: Map<string, number>, segmentOf: (e: Raw) => string): Interval[] {
  intervals.sort((x, y) => x.ts - y.ts || y.end - x.end || x.at - y.at)
  const stack: Interval[] = []
  for (const interval of intervals) {
    while (stack.length > 0 && stack[stack.length - 1]!.end < interval.end) stack.pop()
    const parent = stack[stack.length - 1]
    if (own && typeof interval.args?.name === 'string' && interval.args.name !== '') interval.name = interval.args.name
    else {
      const name = parent ? `${parent.name}.${segmentOf(interval.e)}` : segmentOf(interval.e)
      const n = (names.get(name) ?? 0) + 1
      names.set(name, n)
      interval.name = n === 1 ? name : `${name}-${n}`
      if (n > 1) names.set(interval.name, 1)
    }
    stack.push(interval)
  }
  return intervals
}

function asyncKey(e: Raw): string {
  const global = e.id2?.global
  if (global !== undefined) return `a ${String(e.cat ?? '')} g${String(global)}`
  return `a ${String(e.cat ?? '')} ${String(e.pid ?? '')} ${String(e.id ?? e.id2?.local ?? '')}`
}

function cleanHost(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, 200) || 'thread'
}

/** `cat` and `args` as attrs (cleanAttrs). */
function attrsOf(e: Raw, args = e.args): Record<string, string> | undefined {
  return cleanAttrs(typeof e.cat === 'string' && e.cat !== '' ? { cat: e.cat } : undefined, args)
}

/** The events and whether upto wrote the file, or why there are none. */
function readEvents(input: string | Uint8Array): { events: Raw[]; own: boolean } | string {
  let text: string
  if (typeof input === 'string') text = input
  else {
    const kind = binaryKind(input)
    if (kind !== undefined) return kind
    text = new TextDecoder().decode(input)
  }
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
  const other = Array.isArray(value) ? undefined : (value as { otherData?: { context?: unknown; timeline?: unknown } }).otherData
  const own = typeof other?.context === 'string' && typeof other.timeline === 'string'
  return { events: list.filter((e): e is Raw => typeof e === 'object' && e !== null), own }
}

/** Why bytes that cannot be JSON are not a trace to read: a Perfetto protobuf or a gzip file. */
function binaryKind(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'file is gzip-compressed: expected trace-event JSON (gunzip it first)'
  // JSON holds no control bytes but whitespace; a protobuf's field tags and lengths soon do
  for (let i = 0; i < Math.min(bytes.length, 256); i++) {
    const b = bytes[i]!
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) {
      return 'file is a binary (Perfetto protobuf) trace: expected trace-event JSON — record one with ' +
        '--trace-startup-format=json (Chrome), or convert it with `traceconv json trace.pftrace trace.json`'
    }
  }
  return undefined
}
