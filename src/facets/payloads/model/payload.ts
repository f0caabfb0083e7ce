// A payload as payload-tracker answers it, derived from its timeline's messages: its attributes (the first
// message creates it, a later non-empty value overwrites) and its statuses; and how long each service held it.
// Pure: the index (store.ts) keeps what derive() answers, the API reads it.

import { dedupe } from '../../../core/dedupe.ts'
import type { Millis, Stored } from '../../../core/types.ts'
import { payloadFields, statusOf, type PayloadField, type StatusMessage } from './status.ts'

export type PayloadRecord = { request_id: string; created_at: Millis } & Partial<Record<PayloadField, string>>

/** A status as it was received: what GET /statuses lists. */
export type StatusRow = StatusMessage & { created_at: Millis }

export interface Derived {
  record: PayloadRecord
  /** In the order they were received. */
  statuses: StatusRow[]
}

/** What one payload's messages say; undefined when none is a status message. */
export function derive(requestId: string, messages: readonly Stored[]): Derived | undefined {
  // redelivered messages (NATS, Kafka) count once; then in the order they came
  const kept = [...dedupe(messages)].sort((a, b) => a.received - b.received)
  const statuses: StatusRow[] = []
  const record: PayloadRecord = { request_id: requestId, created_at: Infinity }
  for (const m of kept) {
    const status = statusOf(m)
    if (status === undefined) continue
    statuses.push({ ...status, created_at: m.received })
    if (m.received < record.created_at) record.created_at = m.received
    for (const field of payloadFields) if (status[field] !== undefined) record[field] = status[field]
  }
  return statuses.length === 0 ? undefined : { record, statuses }
}

/**
 * payload-tracker's durations: per `service:source`, its latest date minus its earliest (`service:undefined` when
 * there is no source, as payload-tracker-go writes it); their sum; and the latest minus the earliest over all.
 */
export function durations(statuses: readonly StatusMessage[]): Record<string, string> {
  const spans = new Map<string, { first: Millis; last: Millis }>()
  let first = Infinity
  let last = -Infinity
  for (const s of statuses) {
    const key = `${s.service}:${s.source ?? 'undefined'}`
    const span = spans.get(key)
    if (span === undefined) spans.set(key, { first: s.date, last: s.date })
    else {
      span.first = Math.min(span.first, s.date)
      span.last = Math.max(span.last, s.date)
    }
    first = Math.min(first, s.date)
    last = Math.max(last, s.date)
  }
  const out: Record<string, string> = {}
  let inServices = 0
  for (const [key, span] of spans) {
    out[key] = clock(span.last - span.first)
    inServices += span.last - span.first
  }
  out.total_time_in_services = clock(inServices)
  out.total_time = clock(Number.isFinite(first) ? last - first : 0)
  return out
}

/** Go's duration as payload-tracker prints it: `HH:MM:SS.ffffff`. */
export function clock(ms: Millis): string {
  const micros = Math.round(ms * 1_000)
  const h = Math.floor(micros / 3_600_000_000)
  const m = Math.floor((micros % 3_600_000_000) / 60_000_000)
  const s = Math.floor((micros % 60_000_000) / 1_000_000)
  const f = micros % 1_000_000
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(h)}:${two(m)}:${two(s)}.${String(f).padStart(6, '0')}`
}
