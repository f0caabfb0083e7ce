// A timeline as OTLP/JSON traces (the body of an OTLP/HTTP `POST /v1/traces`): one trace per timeline, one span
// per row (implied ancestors included, so the tree survives), grouped by host into resources. Ids are hex and
// stable (ids.ts); times are decimal strings of Unix nanoseconds; a running step ends at the export's time and
// says so in `upto.running`, its status unset. Retries are span events; a failed attempt makes the span's status
// ERROR with its message, even when a retry passed. Status otherwise: OK for success words, else unset.

import { isFailure, isSuccess } from '../../core/status.ts'
import type { Millis, Row, Timeline } from '../../core/types.ts'
import { hexId } from './ids.ts'
import { parentRows } from './parent-row.ts'
import { untilOf } from './timeline-end.ts'

type AnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean }
interface KeyValue {
  key: string
  value: AnyValue
}

export interface OtlpSpan {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  kind: number
  startTimeUnixNano: string
  endTimeUnixNano: string
  attributes: KeyValue[]
  events?: { timeUnixNano: string; name: string; attributes: KeyValue[] }[]
  status: { code: number; message?: string }
}

export interface OtlpTraces {
  resourceSpans: {
    resource: { attributes: KeyValue[] }
    scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[]
  }[]
}

const SPAN_KIND_INTERNAL = 1
const STATUS = { unset: 0, ok: 1, error: 2 }

export function otlpTraces(timeline: Timeline, now: Millis, version = '0.1.0'): OtlpTraces {
  const { resources, spanOf } = otlpParts(timeline, now, version)
  return {
    resourceSpans: resources.map(({ resource, scope, rows }) => ({ resource, scopeSpans: [{ scope, spans: rows.map(spanOf) }] })),
  }
}

/** The same as OTLP/JSON text, a piece at a time: a big timeline's spans are never all held at once. */
export function* otlpJson(timeline: Timeline, now: Millis, version = '0.1.0'): Generator<string> {
  const { resources, spanOf } = otlpParts(timeline, now, version)
  yield '{"resourceSpans":['
  for (const [r, { resource, scope, rows }] of resources.entries()) {
    yield `${r === 0 ? '' : ','}{"resource":${JSON.stringify(resource)},"scopeSpans":[{"scope":${JSON.stringify(scope)},"spans":[`
    for (let i = 0; i < rows.length; i += CHUNK_SPANS) {
      yield `${i === 0 ? '' : ','}${rows.slice(i, i + CHUNK_SPANS).map((row) => JSON.stringify(spanOf(row))).join(',')}`
    }
    yield ']}]}'
  }
  yield ']}\n'
}

const CHUNK_SPANS = 1_000

/** Resources (one per host, in order of first appearance) with their rows, and how a row becomes a span. */
function otlpParts(timeline: Timeline, now: Millis, version: string) {
  const until = untilOf(timeline, now)
  const traceId = hexId(`${timeline.context}\u0000${timeline.id}`, 16)
  const spanIdOf = (row: Row) => hexId(`${timeline.context}\u0000${timeline.id}\u0000${row.name}\u0000${row.host}\u0000${row.kind}`, 8)
  const parents = parentRows(timeline)
  const index = new Map<Row, number>(timeline.rows.map((row, i) => [row, i]))
  const byHost = new Map<string, Row[]>()
  for (const row of timeline.rows) {
    const rows = byHost.get(row.host)
    if (rows) rows.push(row)
    else byHost.set(row.host, [row])
  }
  const scope = { name: 'upto', version }
  const resources = [...byHost].map(([host, rows]) => ({
    resource: { attributes: [kv('service.name', timeline.context), ...(host ? [kv('host.name', host)] : []), kv('upto.timeline', timeline.id)] },
    scope,
    rows,
  }))
  const spanOf = (row: Row): OtlpSpan => {
    const parent = parents[index.get(row)!]
    const end = row.end ?? until
    const attempts = row.attempts.length > 1 ? row.attempts : []
    return {
      traceId,
      spanId: spanIdOf(row),
      ...(parent === undefined ? {} : { parentSpanId: spanIdOf(timeline.rows[parent]!) }),
      name: row.name,
      kind: SPAN_KIND_INTERNAL,
      startTimeUnixNano: nanos(row.start),
      endTimeUnixNano: nanos(Math.max(row.start, end)),
      attributes: attributes(row),
      ...(attempts.length > 0 ? {
        events: attempts.map((a) => ({
          timeUnixNano: nanos(a.end ?? a.start ?? row.start),
          name: `attempt ${a.attempt} ${a.state}`,
          attributes: [kv('upto.status', a.status), ...(a.message ? [kv('upto.message', a.message)] : [])],
        })),
      } : {}),
      status: statusOf(row),
    }
  }
  return { resources, spanOf }
}

function attributes(row: Row): KeyValue[] {
  const last = row.attempts[row.attempts.length - 1]
  const out = [kv('upto.kind', row.kind), kv('upto.status', row.status), { key: 'upto.attempts', value: { intValue: String(row.attempts.length) } }]
  if (row.host) out.push(kv('upto.host', row.host))
  if (row.end === undefined) out.push({ key: 'upto.running', value: { boolValue: true } })
  if (last?.message) out.push(kv('upto.message', last.message))
  for (const [key, value] of Object.entries(last?.attrs ?? {})) out.push(kv(key, value))
  return out
}

/**
 * Unset while it runs (upto.running says so); ERROR when any attempt failed, with the message of the last failed
 * one (a retried step that then passed still shows its failure); OK for success words; else unset.
 */
function statusOf(row: Row): OtlpSpan['status'] {
  if (row.end === undefined) return { code: STATUS.unset }
  const failed = row.attempts.filter((a) => isFailure(a.status))
  if (failed.length > 0 || isFailure(row.status)) {
    const message = (failed[failed.length - 1] ?? row.attempts[row.attempts.length - 1])?.message
    return message ? { code: STATUS.error, message } : { code: STATUS.error }
  }
  return { code: isSuccess(row.status) ? STATUS.ok : STATUS.unset }
}

function kv(key: string, value: string): KeyValue {
  return { key, value: { stringValue: value } }
}

/** Unix milliseconds (with fractions) as a decimal string of nanoseconds, exact to the nanosecond. */
export function nanos(ms: Millis): string {
  const whole = Math.floor(ms)
  const fraction = Math.round((ms - whole) * 1e6)
  return (BigInt(whole) * 1_000_000n + BigInt(fraction)).toString()
}
