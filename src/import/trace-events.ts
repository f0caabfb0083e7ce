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

import { limits } from '../core/limits.ts'
import type { Millis } from '../core/types.ts'
import { utf8Length } from '../core/validate-text.ts'
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

/** One begin with its end, before it is named. */
interface Interval {
  e: Raw
  /** Index of the event in the file: the tie-break, and where a skipped one is reported. */
  at: number
  /** Thread or async id: intervals nest only within one. */
  lane: string
  host: string
  ts: number
  end: number
  args: Record<string, unknown> | undefined
  unfinished?: boolean
  name?: string
}

const UNIX_MICROS = 1e14
const KINDS_LEFT_OUT: Record<string, string> = {
  s: 'flow events', t: 'flow events', f: 'flow events', C: 'counter events', P: 'samples', N: 'object events',
  O: 'object events', D: 'object events', M: 'metadata events', V: 'memory dumps', v: 'memory dumps',
  c: 'context events', '(': 'context events', ')': 'context events', S: 'async step events', T: 'async step events',
  p: 'async step events', F: 'async events (legacy)',
}

export function parseTraceEvents(input: string | Uint8Array, start: Millis): ImportedRun {
  const read = readEvents(input)
  if (typeof read === 'string') return { spans: [], marks: [], skipped: [{ at: 0, reason: read }] }
  const { events: raws, own } = read
  const skipped: Skipped[] = []
  const ignored: Record<string, number> = {}
  const leaveOut = (kind: string) => (ignored[kind] = (ignored[kind] ?? 0) + 1)

  const threadNames = new Map<string, string>()
  const threads = new Set<string>()
  let min = Infinity
  let lastTs = -Infinity
  for (const e of raws) {
    if (e.ph === 'M') {
      if (e.name === 'thread_name' && typeof e.args?.name === 'string') threadNames.set(threadOf(e), e.args.name)
      continue
    }
    if (typeof e.ts !== 'number') continue
    min = Math.min(min, e.ts)
    lastTs = Math.max(lastTs, e.ts + (typeof e.dur === 'number' && e.dur > 0 ? e.dur : 0))
    if (e.ph === 'X' || e.ph === 'B' || e.ph === 'E' || e.ph === 'i' || e.ph === 'I' || e.ph === 'R') threads.add(threadOf(e))
  }
  const base = min >= UNIX_MICROS ? 0 : start - (Number.isFinite(min) ? min : 0) / 1_000
  const at = (us: number): Millis => base + us / 1_000
  const hostOf = (e: Raw, async: boolean): string => {
    if (own) return typeof e.args?.host === 'string' ? e.args.host : ''
    if (async || threads.size <= 1) return ''
    const thread = threadOf(e)
    return `${cleanHost(threadNames.get(thread) ?? 'thread')} ${thread}`
  }

  const intervals: Interval[] = []
  const marks: ImportedMark[] = []
  const open = new Map<string, Interval[]>()
  raws.forEach((e, i) => {
    const ph = e.ph
    if (typeof ph !== 'string') {
      skipped.push({ at: i, reason: 'event without a ph (phase)' })
      return
    }
    if (ph === 'M' && e.name === 'thread_name') return
    if (ph === 'M' || !(ph in HANDLED)) {
      leaveOut(KINDS_LEFT_OUT[ph] ?? `events of ph "${ph.slice(0, 8)}"`)
      return
    }
    if (typeof e.ts !== 'number' || !Number.isFinite(e.ts)) {
      skipped.push({ at: i, reason: `${ph} event without a numeric ts` })
      return
    }
    if (ph === 'i' || ph === 'I' || ph === 'n' || ph === 'R') {
      const name = own && typeof e.args?.name === 'string' ? e.args.name : segmentOf(e)
      const attrs = own ? undefined : attrsOf(e)
      marks.push({ name, host: hostOf(e, ph === 'n'), time: at(e.ts), ...(attrs ? { attrs } : {}) })
      return
    }
    if (ph === 'X') {
      if (typeof e.dur !== 'number' || !(e.dur >= 0)) {
        skipped.push({ at: i, reason: 'X event without a numeric dur' })
        return
      }
      intervals.push({ e, at: i, lane: `t ${threadOf(e)}`, host: hostOf(e, false), ts: e.ts, end: e.ts + e.dur, args: e.args })
      return
    }
    const async = ph === 'b' || ph === 'e'
    const key = async ? asyncKey(e) : `t ${threadOf(e)}`
    const stack = open.get(key) ?? []
    open.set(key, stack)
    if (ph === 'B' || ph === 'b') {
      stack.push({ e, at: i, lane: key, host: hostOf(e, async), ts: e.ts, end: e.ts, args: e.args })
      return
    }
    // E closes the innermost B of its thread; e the innermost b of its id and name (of any name when it has none)
    let k = stack.length - 1
    if (async && typeof e.name === 'string' && e.name !== '') while (k >= 0 && stack[k]!.e.name !== e.name) k--
    if (k < 0) {
      skipped.push({ at: i, reason: `${ph} event without a begin` })
      return
    }
    const [begun] = stack.splice(k, 1)
    begun!.end = Math.max(begun!.ts, e.ts)
    if (e.args && Object.keys(e.args).length > 0) begun!.args = { ...begun!.args, ...e.args }
    intervals.push(begun!)
  })
  for (const stack of open.values()) {
    for (const begun of stack) intervals.push({ ...begun, end: Math.max(begun.ts, lastTs), unfinished: true })
  }

  const spans = nest(intervals, own).flatMap((interval): ImportedSpan[] => {
    const { e } = interval
    if (own && /^attempt \d+$/.test(String(e.name)) && e.args?.attempt !== undefined && e.args.state !== undefined) return []
    const status = own && typeof interval.args?.status === 'string' ? interval.args.status : interval.unfinished ? 'unfinished' : 'ok'
    const message = own && typeof interval.args?.message === 'string' ? interval.args.message : undefined
    const attrs = own ? undefined : attrsOf({ ...e, args: interval.args })
    return [{
      name: interval.name!, host: interval.host, start: at(interval.ts), end: at(interval.end), status,
      ...(message ? { message } : {}), ...(attrs ? { attrs } : {}),
    }]
  })
  return { spans, marks, skipped, ...(Object.keys(ignored).length > 0 ? { ignored } : {}) }
}

const HANDLED: Record<string, true> = { X: true, B: true, E: true, b: true, e: true, i: true, I: true, n: true, R: true }

/**
 * Names every interval: within a lane, one inside another's time is its child, named after that instance.
 * A name already used on the host gets `-2`, `-3`… on its last segment.
 */
function nest(intervals: Interval[], own: boolean): Interval[] {
  intervals.sort((x, y) => (x.lane < y.lane ? -1 : x.lane > y.lane ? 1 : x.ts - y.ts || y.end - x.end || x.at - y.at))
  const used = new Map<string, number>()
  let lane: string | undefined
  const stack: Interval[] = []
  for (const interval of intervals) {
    if (interval.lane !== lane) {
      lane = interval.lane
      stack.length = 0
    }
    while (stack.length > 0 && stack[stack.length - 1]!.end < interval.end) stack.pop()
    const parent = stack[stack.length - 1]
    if (own && typeof interval.args?.name === 'string' && interval.args.name !== '') interval.name = interval.args.name
    else {
      const name = parent ? `${parent.name}.${segmentOf(interval.e)}` : segmentOf(interval.e)
      const key = `${name}\u0000${interval.host}`
      const n = (used.get(key) ?? 0) + 1
      used.set(key, n)
      interval.name = n === 1 ? name : `${name}-${n}`
      if (n > 1) used.set(`${interval.name}\u0000${interval.host}`, 1)
    }
    stack.push(interval)
  }
  return intervals
}

function threadOf(e: Raw): string {
  return `${String(e.pid ?? '')}/${String(e.tid ?? '')}`
}

/** Async events pair within a category and id; an id that is not global belongs to its process. */
function asyncKey(e: Raw): string {
  const global = e.id2?.global
  if (global !== undefined) return `a ${String(e.cat ?? '')} g${String(global)}`
  return `a ${String(e.cat ?? '')} ${String(e.pid ?? '')} ${String(e.id ?? e.id2?.local ?? '')}`
}

function segmentOf(e: Raw): string {
  return cleanSegment(typeof e.name === 'string' ? e.name : 'event')
}

function cleanHost(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, 200) || 'thread'
}

/** `cat` and `args` as attrs, within the collector's limits: values as text (JSON when not a string), cut. */
function attrsOf(e: Raw): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  let n = 0
  if (typeof e.cat === 'string' && e.cat !== '') {
    out.cat = cut(e.cat, limits.attrValueBytes)
    n++
  }
  for (const [key, value] of Object.entries(e.args ?? {})) {
    if (n >= limits.attrsCount) break
    const k = cut(key.replace(/[\u0000-\u001f\u007f-\u009f]/g, ''), limits.attrKeyBytes)
    if (k === '' || k in out) continue
    const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)
    out[k] = cut(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, ''), limits.attrValueBytes)
    n++
  }
  return n === 0 ? undefined : out
}

/** At most `bytes` of UTF-8, cut between characters. */
function cut(text: string, bytes: number): string {
  if (text.length * 3 <= bytes || utf8Length(text) <= bytes) return text
  let s = text.slice(0, bytes)
  while (utf8Length(s) > bytes) s = s.slice(0, Math.max(0, s.length - Math.ceil((utf8Length(s) - bytes) / 3)))
  if (/[\ud800-\udbff]$/.test(s)) s = s.slice(0, -1)
  return s
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
