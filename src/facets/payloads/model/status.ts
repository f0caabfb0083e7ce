// A payload status message, as the services of a platform send it to payload-tracker:
// `{service, source?, account?, org_id?, request_id, inventory_id?, system_id?, status, status_msg?, date}`.
// Read and checked here, and mapped onto upto's model: context `payloads`, the request_id its timeline, a step
// per service (the source a sub-step: `advisor.inventory`), `received` its start, `success` or `error` its end,
// any other status a mark under it (`advisor.inventory.processing`). Pure: the HTTP route, NATS and a Kafka
// source would all read messages through readStatus().

import type { Incoming, Millis, Refusal, RefusalReason } from '../../../core/types.ts'

export const payloadsContext = 'payloads'

/** payload-tracker-go's default: a request_id is exactly 32 characters. 0: any length. */
export const defaultRequestIdLength = 32

export interface StatusMessage {
  service: string
  source?: string
  account?: string
  org_id?: string
  request_id: string
  inventory_id?: string
  system_id?: string
  status: string
  status_msg?: string
  /** Unix milliseconds. */
  date: Millis
}

/** The payload's attributes a message may carry: a later non-empty value overwrites an earlier one. */
export const payloadFields = ['account', 'org_id', 'inventory_id', 'system_id'] as const
export type PayloadField = (typeof payloadFields)[number]

const optionalText = ['source', ...payloadFields, 'status_msg'] as const

/** Why a message is refused: the field, and what was expected. */
export interface StatusProblem {
  field: string
  detail: string
}

export function isProblem(read: StatusMessage | StatusProblem): read is StatusProblem {
  return 'detail' in read
}

/** A message, or why it is refused. */
export function readStatus(value: unknown, requestIdLength = defaultRequestIdLength): StatusMessage | StatusProblem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { field: '', detail: `a status message is a JSON object, got ${kindOf(value)}` }
  }
  const o = value as Record<string, unknown>
  for (const field of ['service', 'request_id', 'status', 'date'] as const) {
    if (o[field] === undefined || o[field] === null) return { field, detail: `${field} is missing: expected a string` }
    if (typeof o[field] !== 'string') return { field, detail: `${field} is ${kindOf(o[field])}: expected a string` }
    if (o[field] === '') return { field, detail: `${field} is empty: expected a string` }
  }
  for (const field of optionalText) {
    if (o[field] !== undefined && o[field] !== null && typeof o[field] !== 'string') {
      return { field, detail: `${field} is ${kindOf(o[field])}: expected a string or nothing` }
    }
  }
  const requestId = o.request_id as string
  if (requestIdLength > 0 && [...requestId].length !== requestIdLength) {
    return { field: 'request_id', detail: `request_id "${clip(requestId)}" has ${[...requestId].length} characters: expected ${requestIdLength}` }
  }
  const date = parseDate(o.date as string)
  if (date === undefined) {
    return { field: 'date', detail: `date "${clip(o.date as string)}": expected RFC 3339 (2021-12-16T10:20:30.123Z, …+00:00) or 2021-12-16 10:20:30.123456 (UTC)` }
  }
  const message: StatusMessage = {
    service: (o.service as string).toLowerCase(),
    request_id: requestId,
    status: (o.status as string).toLowerCase(),
    date,
  }
  const text = (field: (typeof optionalText)[number]) => (typeof o[field] === 'string' && o[field] !== '' ? (o[field] as string) : undefined)
  const source = text('source')
  if (source !== undefined) message.source = source.toLowerCase()
  for (const field of payloadFields) {
    const v = text(field)
    if (v !== undefined) message[field] = v
  }
  const statusMsg = text('status_msg')
  if (statusMsg !== undefined) message.status_msg = statusMsg
  return message
}

/**
 * RFC 3339 with or without fractions and with Z or an offset, and the zone-less `2021-12-16 10:20:30.123456` that
 * Python producers write (UTC). Fractions beyond milliseconds are kept as fractions of a millisecond.
 */
export function parseDate(text: string): Millis | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text.trim())
  if (!m) return undefined
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = m
  const whole = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  const check = new Date(whole)
  // Date.UTC rolls 2021-02-30 over to March: a date that is not on the calendar is refused
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined
  let offset = 0
  if (zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!
    offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000
  }
  return whole - offset + (fraction === '' ? 0 : Number(`0.${fraction}`) * 1_000)
}

/** The step a message belongs to: its service, with its source as a sub-step. */
export function stepOf(message: Pick<StatusMessage, 'service' | 'source'>): string {
  return message.source === undefined ? segment(message.service) : `${segment(message.service)}.${segment(message.source)}`
}

/** A message as an upto event: the start, the end or a mark of its service's step, in its payload's timeline. */
export function statusEvent(message: StatusMessage, context = payloadsContext): Incoming {
  const step = stepOf(message)
  const kind = message.status === 'received' ? 'start' : message.status === 'success' || message.status === 'error' ? 'end' : 'mark'
  const attrs: Record<string, string> = { service: message.service, status: message.status }
  if (message.source !== undefined) attrs.source = message.source
  for (const field of payloadFields) if (message[field] !== undefined) attrs[field] = message[field]!
  const event: Incoming = {
    kind,
    context,
    timeline: message.request_id,
    name: kind === 'mark' ? `${step}.${segment(message.status)}` : step,
    host: '',
    time: message.date,
    attrs,
  }
  if (kind === 'end' && message.status === 'error') event.status = 'error'
  if (message.status_msg !== undefined) event.message = message.status_msg
  return event
}

/** Reads a status back from the event it became (payload.ts): what the API answers. */
export function statusOf(event: { attrs?: Record<string, string>; message?: string; time: Millis; timeline: string }): StatusMessage | undefined {
  const a = event.attrs
  if (a?.service === undefined || a.status === undefined) return undefined
  const status: StatusMessage = { service: a.service, request_id: event.timeline, status: a.status, date: event.time }
  if (a.source !== undefined) status.source = a.source
  for (const field of payloadFields) if (a[field] !== undefined) status[field] = a[field]
  if (event.message !== undefined) status.status_msg = event.message
  return status
}

/** Each field as the part of an upto event it becomes: what /metrics counts a refusal under. */
const reasons: Readonly<Record<string, RefusalReason>> = {
  '': 'not_an_event', service: 'bad_name', source: 'bad_name', status: 'bad_status', request_id: 'bad_timeline',
  date: 'bad_time', status_msg: 'bad_message',
}

/** A refusal of item `index` for the pipeline's counts and the answer. */
export function refusalOf(index: number, problem: StatusProblem): Refusal {
  return { index, reason: reasons[problem.field] ?? 'bad_attrs', detail: problem.detail }
}

/** A service, source or status as one segment of a dotted name: dots and control characters cannot be in one. */
function segment(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').replace(/\./g, '_') || '_'
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${clip(JSON.stringify(value))}`
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text
}
