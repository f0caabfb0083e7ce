// A timeline as OTLP/JSON traces (the body of an OTLP/HTTP `POST /v1/traces`): one trace per timeline, one span
// per row (implied ancestors included, so the tree survives), grouped by host into resources. Ids are hex and
// stable (ids.ts); times are decimal strings of Unix nanoseconds; a running step ends at the export's time and
// says so in `upto.running`. Retries are span events. Status: OK for success words, ERROR for failures.

import { isFailure, isSuccess } from '../core/status.ts'
import type { Millis, Row, Timeline } from '../core/types.ts'
import { hexId } from './ids.ts'
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
  const until = untilOf(timeline, now)
  const traceId = hexId(`${timeline.context}\u0000${timeline.id}`, 16)
  const spanIdOf = (row: Row) => hexId(`${timeline.context}\u0000${timeline.id}\u0000${row.name}\u0000${row.host}\u0000${row.kind}`, 8)
  const byName = new Map<string, Row[]>()
  for (const row of timeline.rows) if (row.kind !== 'mark') byName.set(row.name, [...(byName.get(row.name) ?? []), row])
  const hosts = new Map<string, OtlpSpan[]>()
  for (const row of timeline.rows) {
    const parent = parentOf(row, byName)
    const end = row.end ?? until
    const attempts = row.attempts.length > 1 ? row.attempts : []
    const span: OtlpSpan = {
      traceId,
      spanId: spanIdOf(row),
      ...(parent ? { parentSpanId: spanIdOf(parent) } : {}),
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
    hosts.set(row.host, [...(hosts.get(row.host) ?? []), span])
  }
  return {
    resourceSpans: [...hosts].map(([host, spans]) => ({
      resource: {
        attributes: [kv('service.name', timeline.context), ...(host ? [kv('host.name', host)] : []), kv('upto.timeline', timeline.id)],
      },
      scopeSpans: [{ scope: { name: 'upto', version }, spans }],
    })),
  }
}

/** The nearest ancestor row: on the same host if there is one. */
function parentOf(row: Row, byName: ReadonlyMap<string, Row[]>): Row | undefined {
  let name = row.name
  for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.')) {
    name = name.slice(0, dot)
    const rows = byName.get(name)
    if (rows) return rows.find((r) => r.host === row.host) ?? rows[0]
  }
  return undefined
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

function statusOf(row: Row): OtlpSpan['status'] {
  if (isFailure(row.status)) {
    const message = row.attempts[row.attempts.length - 1]?.message
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
