// What an importer reads from a file: spans and marks with absolute times, before they become events.
// Importers never throw: lines or events they cannot read are counted with the reason.

import type { ClientEvent } from '../protocol/encode.ts'
import { hexId } from '../export/ids.ts'
import type { Millis } from '../core/types.ts'
import { checkEvent, Refused } from '../core/validate.ts'

export interface ImportedSpan {
  /** A dotted name, made of clean segments (cleanSegment). */
  name: string
  host: string
  start: Millis
  end: Millis
  status?: string
  message?: string
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
  refused: { name: string; detail: string }[]
}

/**
 * Start and end events (and marks) for a run, in one timeline. A span whose (name, host) was already used gets
 * `-2`, `-3`… so that repeated steps stay separate rows instead of looking like retries. Each event carries an
 * `id` made from the context, timeline and its key, so importing the same file again changes nothing. Each
 * event is checked as the collector checks it (`now` is the time it is judged against): a step whose start or
 * end would be refused is left out with both, and said so in `refused`.
 */
export function importedEvents(run: ImportedRun, context: string, timeline: string, now = Date.now()): ImportedEvents {
  const used = new Map<string, number>()
  const unique = (name: string, host: string): string => {
    const key = `${name}\u0000${host}`
    const n = (used.get(key) ?? 0) + 1
    used.set(key, n)
    return n === 1 ? name : `${name}-${n}`
  }
  const id = (kind: string, name: string, host: string) => hexId(`${context}\u0000${timeline}\u0000${kind}\u0000${name}\u0000${host}`, 16)
  const events: ClientEvent[] = []
  const refused: ImportedEvents['refused'] = []
  const keep = (name: string, ...group: ClientEvent[]) => {
    for (const event of group) {
      const checked = checkEvent({ ...event, type: event.kind }, now)
      if (checked instanceof Refused) {
        refused.push({ name, detail: checked.detail })
        return
      }
    }
    events.push(...group)
  }
  for (const span of [...run.spans].sort((a, b) => a.start - b.start)) {
    const name = unique(span.name, span.host)
    const base = { context, timeline, name, host: span.host }
    keep(name, { ...base, kind: 'start', time: span.start, id: id('start', name, span.host) }, {
      ...base, kind: 'end', time: Math.max(span.start, span.end), id: id('end', name, span.host),
      ...(span.status === undefined ? {} : { status: span.status }),
      ...(span.message === undefined ? {} : { message: span.message }),
      ...(span.attrs === undefined ? {} : { attrs: span.attrs }),
    })
  }
  for (const mark of run.marks) {
    const name = unique(mark.name, mark.host)
    keep(name, {
      context, timeline, name, host: mark.host, kind: 'mark', time: mark.time, id: id('mark', name, mark.host),
      ...(mark.attrs === undefined ? {} : { attrs: mark.attrs }),
    })
  }
  return { events, refused }
}
