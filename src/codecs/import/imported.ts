// What an importer reads from a file: spans and marks with absolute times, before they become events.
// Importers never throw: lines or events they cannot read are counted with the reason.

import type { ClientEvent } from '../encode.ts'
import { hexId } from '../export/ids.ts'
import { limits } from '../../core/limits.ts'
import type { Millis } from '../../core/types.ts'
import { utf8Length } from '../../core/validate-text.ts'
import { checkEvent, isRefused } from '../../core/validate.ts'
import { readTime } from '../../core/validate-time.ts'

/**
 * Attrs the collector accepts whatever they hold, from the own keys of `sources` in turn: at most
 * limits.attrsCount, values as text (JSON when not a string), keys and values cut to their limits (between
 * characters), control characters taken out, a repeated key kept once. Importers make every attr here.
 */
export function cleanAttrs(...sources: (Readonly<Record<string, unknown>> | undefined)[]): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  let n = 0
  for (const source of sources) {
    for (const key in source) {
      if (n >= limits.attrsCount) return out
      if (!Object.hasOwn(source, key)) continue
      const k = cut(SPECIAL.test(key) ? key.replace(CONTROL, '') : key, limits.attrKeyBytes)
      if (k === '' || Object.hasOwn(out, k)) continue
      const value = source[key]
      const raw = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)
      const text = cut(SPECIAL.test(raw) ? raw.replace(CONTROL_BUT_LINES, '') : raw, limits.attrValueBytes)
      // a key named __proto__ stays a plain key
      if (k === '__proto__') Object.defineProperty(out, k, { value: text, enumerable: true, writable: true, configurable: true })
      else out[k] = text
      n++
    }
  }
  return n === 0 ? undefined : out
}

/** What the replacements below may take out: most keys and values have none, and are kept as they are. */
const SPECIAL = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g

const SURROGATE = /[\ud800-\udfff]/

/** At most `bytes` of UTF-8, cut between characters; lone surrogates taken out. */
function cut(text: string, bytes: number): string {
  let s = SURROGATE.test(text) ? text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '') : text
  if (s.length * 3 <= bytes || utf8Length(s) <= bytes) return s
  s = s.slice(0, bytes)
  while (utf8Length(s) > bytes) s = s.slice(0, Math.max(0, s.length - Math.ceil((utf8Length(s) - bytes) / 3)))
  return /[\ud800-\udbff]$/.test(s) ? s.slice(0, -1) : s
}

export interface ImportedSpan {
  /** A dotted name, made of clean segments (cleanSegment). */
  name: string
  host: string
  start: Millis
  end: Millis
  status?: string
  message?: string
  /** Made by cleanAttrs. */
  attrs?: Record<string, string>
}

export interface ImportedMark {
  name: string
  host: string
  time: Millis
  attrs?: Record<string, string>
}

export interface Skipped {
  /** 1-based line, or the index of an event in a JSON trace. */
  at: number
  reason: string
}

export interface ImportedRun {
  spans: ImportedSpan[]
  marks: ImportedMark[]
  skipped: Skipped[]
  /** Items of kinds the importer reads but leaves out on purpose (flow events, counters…), by kind. */
  ignored?: Record<string, number>
  /** The importer made each span's (name, host) unique itself: importedEvents need not (marks it still does). */
  uniqueNames?: boolean
}

/**
 * A piece of a foreign name as one segment of a dotted name: dots become `_`, control characters go, and an
 * empty piece is `_`. `obj/foo.o` is not split here; importers split paths themselves.
 */
export function cleanSegment(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').replace(/\./g, '_').trim()
  return clean === '' ? '_' : clean
}

/** The earliest time of a run; undefined when it is empty. */
export function startOf(run: ImportedRun): Millis | undefined {
  let start = Infinity
  for (const s of run.spans) start = Math.min(start, s.start)
  for (const m of run.marks) start = Math.min(start, m.time)
  return Number.isFinite(start) ? start : undefined
}

export interface ImportedEvents {
  events: ClientEvent[]
  /** Steps and marks the collector would refuse, left out whole (a start never goes without its end). */
  refused: { name: string; kind: 'step' | 'mark'; detail: string }[]
}

/**
 * Start and end events (and marks) for a run, in one timeline. A span whose (name, host) was already used gets
 * `-2`, `-3`… so that repeated steps stay separate rows instead of looking like retries. Every event carries one
 * `id` made from the context and timeline: with its kind, name and host (unique here) it makes the collector's
 * key of a message, so importing the same file again changes nothing. Each step is checked as the collector
 * checks it (`now` is the time it is judged against): one whose start or end would be refused is left out with
 * both, and said so in `refused`.
 */
export function importedEvents(run: ImportedRun, context: string, timeline: string, now = Date.now()): ImportedEvents {
  const refused: ImportedEvents['refused'] = []
  return { events: [...eventsOf(run, context, timeline, now, refused)], refused }
}

/** importedEvents one at a time, for a run too big to hold twice; refusals go to `refused` as they are met. */
export function* eventsOf(run: ImportedRun, context: string, timeline: string, now: Millis, refused: ImportedEvents['refused']): Generator<ClientEvent> {
  const used = new Map<string, Map<string, number>>()
  const unique = (name: string, host: string): string => {
    let names = used.get(host)
    if (names === undefined) used.set(host, (names = new Map()))
    const n = (names.get(name) ?? 0) + 1
    names.set(name, n)
    return n === 1 ? name : `${name}-${n}`
  }
  const id = `import-${hexId(`${context}\u0000${timeline}`, 8)}`
  // in time order, so that -2, -3… follow the order steps ran in; names made unique already need no order
  const spans = run.uniqueNames ? run.spans : run.spans.slice().sort((a, b) => a.start - b.start)
  for (const span of spans) {
    const name = run.uniqueNames ? span.name : unique(span.name, span.host)
    const end: ClientEvent = { kind: 'end', context, timeline, name, host: span.host, time: Math.max(span.start, span.end), id }
    if (span.status !== undefined) end.status = span.status
    if (span.message !== undefined) end.message = span.message
    if (span.attrs !== undefined) end.attrs = span.attrs
    // the end holds all the start has but its time: one check, and the start's time (attrs are clean: cleanAttrs)
    const problem = refusal(end, now) ?? timeProblem(span.start, now)
    if (problem !== undefined) refused.push({ name, kind: 'step', detail: problem })
    else {
      yield { kind: 'start', context, timeline, name, host: span.host, time: span.start, id }
      yield end
    }
  }
  for (const m of run.marks) {
    const name = unique(m.name, m.host)
    const mark: ClientEvent = { kind: 'mark', context, timeline, name, host: m.host, time: m.time, id }
    if (m.attrs !== undefined) mark.attrs = m.attrs
    const problem = refusal(mark, now)
    if (problem !== undefined) refused.push({ name, kind: 'mark', detail: problem })
    else yield mark
  }
}

function refusal(event: ClientEvent, now: Millis): string | undefined {
  const checked = checkEvent({ type: event.kind, context: event.context, name: event.name, host: event.host, time: event.time, timeline: event.timeline, status: event.status, message: event.message, id: event.id }, now)
  return isRefused(checked) ? checked.detail : undefined
}

function timeProblem(time: Millis, now: Millis): string | undefined {
  const read = readTime(time, now)
  return typeof read === 'number' || read === undefined ? undefined : read.detail
}
