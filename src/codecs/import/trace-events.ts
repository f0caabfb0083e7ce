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
// Times are microseconds: taken as Unix time when they are (after 1973), else placed from `start`. A big trace
// is read a part at a time (readEvents): its events are never all parsed at once.

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

/** One begin with its end, before it is named: only what naming and the span need, so the event itself can go. */
interface Interval {
  /** The event's name, for an `e` to find its `b`. */
  eventName: unknown
  segment: string
  /** Index of the event in the file: the tie-break. */
  at: number
  ts: number
  end: number
  /** A begin's args, until its end merges its own in; then attrs (or, in upto's own files, what they say). */
  args: Record<string, unknown> | undefined
  cat: unknown
  unfinished?: boolean
  name?: string
}

/** A thread, or an async id: its intervals nest only within it. */
interface Lane {
  /** The thread's pid/tid; undefined for an async id. */
  thread: string | undefined
  intervals: Interval[]
  /** B or b events still open. */
  open: Interval[]
}

/** An instant event, its host known once every thread is. */
interface Instant {
  name: string
  thread: string | undefined
  /** In upto's own files, the host it names. */
  host: string | undefined
  ts: number
  attrs: Record<string, string> | undefined
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
/** Kinds whose thread has events of its own: a trace of one such thread names no hosts. */
const ON_THREAD = new Set(['X', 'B', 'E', 'i', 'I', 'R'])

export function parseTraceEvents(input: string | Uint8Array, start: Millis): ImportedRun {
  const read = readEvents(input)
  input = '' // the bytes are text now: a caller that handed them over lets them go
  if (typeof read === 'string') return { spans: [], marks: [], skipped: [{ at: 0, reason: read }] }
  const { chunks, own } = read
  const skipped: Skipped[] = []
  const ignored: Record<string, number> = {}
  const leaveOut = (kind: string) => (ignored[kind] = (ignored[kind] ?? 0) + 1)
  const segments = new Map<unknown, string>()
  const segmentOf = (name: unknown): string => {
    let segment = segments.get(name)
    if (segment === undefined) segments.set(name, (segment = cleanSegment(typeof name === 'string' ? name : 'event')))
    return segment
  }
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
  const lanes = new Map<string, Lane>()
  const threadLane = (e: Raw): Lane => {
    const thread = threadOf(e)
    let lane = lanes.get(thread)
    if (lane === undefined) lanes.set(thread, (lane = { thread, intervals: [], open: [] }))
    return lane
  }
  const asyncLane = (e: Raw): Lane => {
    const key = asyncKey(e)
    let lane = lanes.get(key)
    if (lane === undefined) lanes.set(key, (lane = { thread: undefined, intervals: [], open: [] }))
    return lane
  }
  /** What an interval keeps of its event's args: in upto's own files what they say, else attrs once it is whole. */
  const keep = (e: Raw, ph: string): Interval => ({
    eventName: e.name, segment: segmentOf(e.name), at: 0, ts: e.ts as number, end: e.ts as number, cat: e.cat,
    args: own ? ownArgs(e.args, e.name) : ph === 'X' ? attrsOf(e.cat, e.args) : e.args,
  })

  // One pass, a chunk of events at a time: an event is dropped as soon as it is read, so the parsed file is never
  // held whole. Hosts and times are settled at the end, once every thread's name and the earliest time are known.
  let min = Infinity
  let lastTs = -Infinity
  const instants: Instant[] = []
  let i = -1
  for (const chunk of chunks) {
    if (typeof chunk === 'string') return { spans: [], marks: [], skipped: [{ at: 0, reason: chunk }] }
    for (const e of chunk) {
      i++
      const ph = e.ph
      if (ph === 'M') {
        if (e.name === 'thread_name') {
          if (typeof e.args?.name === 'string') threadNames.set(threadOf(e), e.args.name)
        } else leaveOut(KINDS_LEFT_OUT.get(ph)!)
        continue
      }
      if (typeof e.ts === 'number') {
        if (e.ts < min) min = e.ts
        const end = typeof e.dur === 'number' && e.dur > 0 ? e.ts + e.dur : e.ts
        if (end > lastTs) lastTs = end
        if (ON_THREAD.has(ph as string)) threads.add(threadOf(e))
      }
      if (typeof ph !== 'string') {
        skipped.push({ at: i, reason: 'event without a ph (phase)' })
        continue
      }
      if (!HANDLED.has(ph)) {
        leaveOut(KINDS_LEFT_OUT.get(ph) ?? `events of ph "${ph.slice(0, 8)}"`)
        continue
      }
      if (typeof e.ts !== 'number' || !Number.isFinite(e.ts)) {
        skipped.push({ at: i, reason: `${ph} event without a numeric ts` })
        continue
      }
      if (INSTANT.has(ph)) {
        const name = own && typeof e.args?.name === 'string' ? e.args.name : segmentOf(e.name)
        const host = own ? (typeof e.args?.host === 'string' ? e.args.host : '') : undefined
        // lanes are made in the order their first events come: the order spans are named in
        const thread = ph === 'n' ? (own && asyncLane(e), undefined) : threadLane(e).thread
        instants.push({ name, thread, host, ts: e.ts, attrs: own ? undefined : attrsOf(e.cat, e.args) })
        continue
      }
      if (ph === 'X') {
        if (typeof e.dur !== 'number' || !(e.dur >= 0)) {
          skipped.push({ at: i, reason: 'X event without a numeric dur' })
          continue
        }
        const interval = keep(e, ph)
        interval.at = i
        interval.end = e.ts + e.dur
        threadLane(e).intervals.push(interval)
        continue
      }
      const async = ph === 'b' || ph === 'e'
      const lane = async ? asyncLane(e) : threadLane(e)
      if (ph === 'B' || ph === 'b') {
        const interval = keep(e, ph)
        interval.at = i
        lane.open.push(interval)
        continue
      }
      // E closes the innermost B of its thread; e the innermost b of its id and name (of any name when it has none)
      const stack = lane.open
      let k = stack.length - 1
      if (async && typeof e.name === 'string' && e.name !== '') while (k >= 0 && stack[k]!.eventName !== e.name) k--
      if (k < 0) {
        skipped.push({ at: i, reason: `${ph} event without a begin` })
        continue
      }
      const begun = k === stack.length - 1 ? stack.pop()! : stack.splice(k, 1)[0]!
      begun.end = Math.max(begun.ts, e.ts)
      // an end's args add to its begin's; in upto's own files the host and the attempt are the begin's
      if (e.args && Object.keys(e.args).length > 0) begun.args = own ? { ...begun.args, ...said(e.args) } : { ...begun.args, ...e.args }
      if (!own) begun.args = attrsOf(begun.cat, begun.args)
      lane.intervals.push(begun)
    }
  }

  const base = min >= UNIX_MICROS ? 0 : start - (Number.isFinite(min) ? min : 0) / 1_000
  const at = (us: number): Millis => base + us / 1_000
  const hosts = new Map<string, string>()
  const hostOf = (thread: string | undefined): string => {
    if (own || thread === undefined || threads.size <= 1) return ''
    let host = hosts.get(thread)
    if (host === undefined) hosts.set(thread, (host = `${cleanHost(threadNames.get(thread) ?? 'thread')} ${thread}`))
    return host
  }

  const spans: ImportedSpan[] = []
  const used = new Map<string, Map<string, number>>()
  for (const lane of lanes.values()) {
    for (const begun of lane.open) {
      if (!own) begun.args = attrsOf(begun.cat, begun.args)
      lane.intervals.push({ ...begun, end: Math.max(begun.ts, lastTs), unfinished: true })
    }
    const laneHost = hostOf(lane.thread)
    let names = used.get(laneHost)
    if (names === undefined) used.set(laneHost, (names = new Map()))
    for (const interval of nest(lane.intervals, own, names)) {
      const args = interval.args
      if (own && args?.skip === true) continue
      const host = own ? (typeof args?.host === 'string' ? args.host : '') : laneHost
      const span: ImportedSpan = { name: interval.name!, host, start: at(interval.ts), end: at(interval.end), status: interval.unfinished ? 'unfinished' : 'ok' }
      if (own) {
        if (typeof args?.status === 'string') span.status = args.status
        if (typeof args?.message === 'string' && args.message !== '') span.message = args.message
      } else if (args) span.attrs = args as Record<string, string>
      spans.push(span)
    }
  }
  const marks: ImportedMark[] = instants.map((m) => {
    const mark: ImportedMark = { name: m.name, host: m.host ?? hostOf(m.thread), time: at(m.ts) }
    if (m.attrs) mark.attrs = m.attrs
    return mark
  })
  return { spans, marks, skipped, uniqueNames: true, ...(Object.keys(ignored).length > 0 ? { ignored } : {}) }
}

/** The name, status and message an end of upto's own files says. */
function said(args: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const key of ['name', 'status', 'message'] as const) if (args[key] !== undefined) kept[key] = args[key]
  return kept
}

/**
 * What a step of a file upto exported says in its args: its name, host, status and message, and whether it is
 * one of the per-attempt events, which are left out.
 */
function ownArgs(args: Record<string, unknown> | undefined, name: unknown): Record<string, unknown> | undefined {
  if (args === undefined) return undefined
  const kept: Record<string, unknown> = {}
  for (const key of ['name', 'host', 'status', 'message'] as const) if (args[key] !== undefined) kept[key] = args[key]
  if (name !== undefined && args.attempt !== undefined && args.state !== undefined && /^attempt \d+$/.test(String(name))) kept.skip = true
  return kept
}

/**
 * Names the intervals of one lane: one inside another's time is its child, named after that instance. A name
 * already used on the host (`names`, shared by the lanes of one host) gets `-2`, `-3`… on its last segment.
 */
function nest(intervals: Interval[], own: boolean, names: Map<string, number>): Interval[] {
  intervals.sort((x, y) => x.ts - y.ts || y.end - x.end || x.at - y.at)
  const stack: Interval[] = []
  for (const interval of intervals) {
    while (stack.length > 0 && stack[stack.length - 1]!.end < interval.end) stack.pop()
    const parent = stack[stack.length - 1]
    if (own && typeof interval.args?.name === 'string' && interval.args.name !== '') interval.name = interval.args.name
    else {
      const name = parent ? `${parent.name}.${interval.segment}` : interval.segment
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
function attrsOf(cat: unknown, args: Record<string, unknown> | undefined): Record<string, string> | undefined {
  return cleanAttrs(typeof cat === 'string' && cat !== '' ? { cat } : undefined, args)
}

/** A part of the events, or why the file cannot be read after all. */
type Chunk = Raw[] | string

/**
 * The events, a chunk at a time, and whether upto wrote the file; or why there are none. The file is never text
 * whole: its bytes are scanned for where each event begins and ends, and each chunk of events is decoded and
 * parsed on its own, so what is parsed dies young and a big trace costs little more than what is kept of it.
 */
function readEvents(input: string | Uint8Array): { chunks: Iterable<Chunk>; own: boolean } | string {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input
  const kind = binaryKind(bytes)
  if (kind !== undefined) return kind
  const found = findEvents(bytes)
  if (found !== undefined) {
    const other = found.envelope?.otherData as { context?: unknown; timeline?: unknown } | undefined
    return { chunks: eventChunks(bytes, found.elements), own: typeof other?.context === 'string' && typeof other.timeline === 'string' }
  }
  // not the shape a trace usually has: read whole, as JSON.parse says
  const text = utf8.decode(bytes)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    const trimmed = text.trim().replace(/,\s*$/, '')
    try {
      value = trimmed.startsWith('[') ? JSON.parse(`${trimmed}]`) : undefined
    } catch {}
    if (value === undefined) return notJson
  }
  const list = Array.isArray(value) ? value : (value as { traceEvents?: unknown } | null)?.traceEvents
  if (!Array.isArray(list)) return 'JSON has no traceEvents array: expected a trace-event array or an object with traceEvents'
  const other = Array.isArray(value) ? undefined : (value as { otherData?: { context?: unknown; timeline?: unknown } }).otherData
  const own = typeof other?.context === 'string' && typeof other.timeline === 'string'
  return { chunks: [list.filter((e): e is Raw => typeof e === 'object' && e !== null)], own }
}

const utf8 = new TextDecoder()
const notJson = 'file is not JSON: expected a trace-event array or an object with traceEvents'

/** Bytes parsed at once: big enough that parsing costs little per call, small enough to die young. */
const CHUNK_BYTES = 64 << 10

/** The events' array as ranges of its bytes, chunk by chunk, parsed one chunk at a time. */
function* eventChunks(bytes: Uint8Array, elements: readonly number[]): Generator<Chunk> {
  for (let k = 0; k < elements.length; k += 2) {
    const from = elements[k]!
    let to = elements[k + 1]!
    // whole elements, up to about CHUNK_BYTES of them
    while (k + 3 < elements.length && elements[k + 3]! - from <= CHUNK_BYTES) {
      k += 2
      to = elements[k + 1]!
    }
    let list: unknown[]
    try {
      list = JSON.parse(`[${utf8.decode(bytes.subarray(from, to))}]`) as unknown[]
    } catch {
      yield notJson
      return
    }
    yield list.filter((e): e is Raw => typeof e === 'object' && e !== null)
  }
}

const QUOTE = 0x22
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const BACKSLASH = 0x5c

/**
 * Where the events are, without parsing them: the array (bare, or the `traceEvents` of an object) as the start and
 * end of each element, and the object around it parsed with the array left empty (for `otherData`). An array left
 * unclosed (a trace cut short after an event) ends at the last whole element. Undefined when the bytes are not
 * that shape, or not JSON: they are then read whole, and JSON.parse says what is wrong. Quotes, backslashes and
 * brackets are ASCII, never part of a longer UTF-8 sequence, so bytes can be scanned as they are.
 */
function findEvents(bytes: Uint8Array): { elements: number[]; envelope: Record<string, unknown> | undefined } | undefined {
  let i = skipSpace(bytes, 0)
  if (bytes[i] === OPEN_ARRAY) {
    const array = scanArray(bytes, i)
    if (array === undefined || skipSpace(bytes, array.end) < bytes.length) return undefined
    return { elements: array.elements, envelope: undefined }
  }
  if (bytes[i] !== OPEN_OBJECT) return undefined
  i = skipSpace(bytes, i + 1)
  while (i < bytes.length && bytes[i] === QUOTE) {
    const keyEnd = skipString(bytes, i)
    if (keyEnd < 0) return undefined
    const key = utf8.decode(bytes.subarray(i + 1, keyEnd - 1))
    i = skipSpace(bytes, keyEnd)
    if (bytes[i] !== COLON) return undefined
    i = skipSpace(bytes, i + 1)
    if (key === 'traceEvents' && bytes[i] === OPEN_ARRAY) {
      const array = scanArray(bytes, i)
      if (array === undefined || array.end === bytes.length) return undefined
      let envelope: unknown
      try {
        envelope = JSON.parse(`${utf8.decode(bytes.subarray(0, i))}[]${utf8.decode(bytes.subarray(array.end))}`)
      } catch {
        return undefined
      }
      return { elements: array.elements, envelope: envelope as Record<string, unknown> }
    }
    const end = skipValue(bytes, i)
    if (end < 0) return undefined
    i = skipSpace(bytes, end)
    if (bytes[i] !== COMMA) return undefined
    i = skipSpace(bytes, i + 1)
  }
  return undefined
}

/** Each element's start and end in an array at `open`, and the index after its `]` (the end when unclosed). */
function scanArray(bytes: Uint8Array, open: number): { elements: number[]; end: number } | undefined {
  const elements: number[] = []
  let i = skipSpace(bytes, open + 1)
  if (bytes[i] === CLOSE_ARRAY) return { elements, end: i + 1 }
  for (;;) {
    if (i >= bytes.length) return { elements, end: bytes.length } // unclosed, after a comma
    const end = skipValue(bytes, i)
    if (end < 0) return undefined
    elements.push(i, end)
    i = skipSpace(bytes, end)
    if (i >= bytes.length) return { elements, end: bytes.length } // unclosed, after an element
    if (bytes[i] === CLOSE_ARRAY) return { elements, end: i + 1 }
    if (bytes[i] !== COMMA) return undefined
    i = skipSpace(bytes, i + 1)
  }
}

function skipSpace(bytes: Uint8Array, i: number): number {
  for (;;) {
    const c = bytes[i]
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i
    i++
  }
}

/** The index after the string that opens at `i`; -1 when it never closes. */
function skipString(bytes: Uint8Array, i: number): number {
  for (let j = i + 1; ;) {
    const quote = bytes.indexOf(QUOTE, j)
    if (quote < 0) return -1
    let slashes = 0
    while (bytes[quote - 1 - slashes] === BACKSLASH) slashes++
    if (slashes % 2 === 0) return quote + 1
    j = quote + 1
  }
}

/** The index after the value at `i` (checked only as far as brackets and strings go: JSON.parse checks the rest); -1 when it is cut short. */
function skipValue(bytes: Uint8Array, i: number): number {
  const first = bytes[i]
  if (first === QUOTE) return skipString(bytes, i)
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    // a number or a literal: up to the next delimiter
    let j = i
    for (; j < bytes.length; j++) {
      const c = bytes[j]
      if (c === COMMA || c === CLOSE_ARRAY || c === CLOSE_OBJECT || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break
    }
    return j === i || j === bytes.length ? -1 : j
  }
  let depth = 0
  for (let j = i; j < bytes.length; j++) {
    const c = bytes[j]
    if (c === QUOTE) {
      j = skipString(bytes, j) - 1
      if (j < 0) return -1
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (--depth === 0) return j + 1
    }
  }
  return -1
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
