// Status messages read as producers send them, and mapped onto upto's model; durations as payload-tracker computes them.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { clock, derive, durations } from '../../src/facets/payloads/model/payload.ts'
import { isProblem, parseDate, readStatus, statusEvent, type StatusMessage } from '../../src/facets/payloads/model/status.ts'
import { createPayloadFormat } from '../../src/facets/payloads/format.ts'
import type { Stored } from '../../src/core/types.ts'
import { seedMessages } from './seed.ts'

const id = '91ebdd7c01b34efc9cc9a1af8d1ff53d'
const read = (value: unknown, length?: number) => readStatus(value, length)

test('dates as they come in the wild: RFC 3339 with or without fractions, an offset, or a space and no zone (UTC)', () => {
  const t = Date.UTC(2021, 11, 16, 10, 20, 30)
  assert.equal(parseDate('2021-12-16T10:20:30Z'), t)
  assert.equal(parseDate('2021-12-16T10:20:30.123Z'), t + 123)
  assert.equal(parseDate('2021-12-16T10:20:30.123456+00:00'), t + 123.456)
  assert.equal(parseDate('2021-12-16 10:20:30.123456'), t + 123.456)
  assert.equal(parseDate('2021-12-16T12:20:30+02:00'), t)
  assert.equal(parseDate('2021-12-16t10:20:30z'), t)
  for (const bad of ['2021-12-16', '16/12/2021 10:20', '2021-02-30T10:00:00Z', '2021-12-16T25:00:00Z', 'yesterday']) assert.equal(parseDate(bad), undefined, bad)
})

test('required fields, their types and the request_id length are checked, naming the field', () => {
  const ok = { service: 'Ingress', source: 'Insights-Client', request_id: id, status: 'Received', date: '2021-08-04T11:45:26.371Z', account: '' }
  const message = read(ok) as StatusMessage
  assert.deepEqual(message, { service: 'ingress', source: 'insights-client', request_id: id, status: 'received', date: Date.UTC(2021, 7, 4, 11, 45, 26, 371) })
  const problem = (value: unknown, length?: number) => {
    const r = read(value, length)
    return isProblem(r) ? `${r.field}: ${r.detail}` : 'accepted'
  }
  assert.equal(problem({ ...ok, service: undefined }), 'service: service is missing: expected a string')
  assert.equal(problem({ ...ok, status: 7 }), 'status: status is number 7: expected a string')
  assert.equal(problem({ ...ok, date: null }), 'date: date is missing: expected a string')
  assert.equal(problem({ ...ok, inventory_id: 5 }), 'inventory_id: inventory_id is number 5: expected a string or nothing')
  assert.equal(problem({ ...ok, request_id: 'short' }), 'request_id: request_id "short" has 5 characters: expected 32')
  assert.equal(problem({ ...ok, request_id: 'short' }, 0), 'accepted')
  assert.match(problem({ ...ok, date: '04/08/2021' }), /^date: date "04\/08\/2021": expected RFC 3339/)
  assert.equal(problem([ok]), ': a status message is a JSON object, got an array')
})

test('received starts the service\'s stay (its source a sub-step), success and error end it, others are marks', () => {
  const base = { service: 'advisor', request_id: id, date: '2021-08-04T11:45:26.371Z' }
  const at = Date.UTC(2021, 7, 4, 11, 45, 26, 371)
  const event = (m: Record<string, unknown>) => statusEvent(read({ ...base, ...m }) as StatusMessage)
  assert.deepEqual(event({ status: 'received', source: 'inventory', account: 'a1' }), {
    kind: 'start', context: 'payloads', timeline: id, name: 'advisor.inventory', host: '', time: at,
    attrs: { service: 'advisor', status: 'received', source: 'inventory', account: 'a1' },
  })
  assert.equal(event({ status: 'success' }).kind, 'end')
  assert.equal(event({ status: 'success' }).status, undefined)
  assert.deepEqual([event({ status: 'error', status_msg: 'boom' }).kind, event({ status: 'error', status_msg: 'boom' }).status, event({ status: 'error', status_msg: 'boom' }).message], ['end', 'error', 'boom'])
  assert.deepEqual([event({ status: 'processing' }).kind, event({ status: 'processing' }).name], ['mark', 'advisor.processing'])
  assert.equal(event({ service: 'a.b', status: 'received' }).name, 'a_b')
})

test('a batch keeps its good messages and refuses the others with the field and reason', () => {
  const format = createPayloadFormat()
  const body = Buffer.from(JSON.stringify([...seedMessages().slice(0, 2), { service: 'x', request_id: 'nope', status: 'received', date: '2021-08-04T11:45:26Z' }, 'text']))
  const decoded = format.decode(body, { received: Date.UTC(2026, 0, 1) })
  assert.equal(decoded.events.length, 2)
  assert.deepEqual(decoded.refused.map((r) => [r.index, r.reason]), [[2, 'bad_timeline'], [3, 'not_an_event']])
  assert.deepEqual(format.decode(Buffer.from('{"service": '), { received: 0 }).refused.map((r) => r.reason), ['malformed'])
})

test('durations per service:source, their sum and the total, hand-computed on the seed\'s payload 4', () => {
  const format = createPayloadFormat()
  const received = Date.UTC(2026, 0, 1)
  const events = format.decode(Buffer.from(JSON.stringify(seedMessages())), { received }).events
  const mine = events.filter((e) => e.timeline === '150bed4601c24ea9be73db9b20acb635')
  // puptoo:inventory from .371 (error) to .381 (processing_error): 10 ms; inventory:inventory once, at .391: 0
  const stored = mine.map((e, i) => ({ ...e, received: received + i }) as Stored)
  // delivered twice (a redelivery) and out of order: the same payload
  const derived = derive('150bed4601c24ea9be73db9b20acb635', [...stored].reverse().concat(stored))!
  assert.equal(derived.statuses.length, 3)
  assert.deepEqual(durations(derived.statuses), {
    'puptoo:inventory': '00:00:00.010000',
    'inventory:inventory': '00:00:00.000000',
    total_time_in_services: '00:00:00.010000',
    total_time: '00:00:00.020000',
  })
  assert.deepEqual(derived.record, {
    request_id: '150bed4601c24ea9be73db9b20acb635', created_at: received, account: 'foobar', org_id: '12345',
    inventory_id: 'cb91e19b7eb04750b48bc52ec482f669', system_id: 'b51d65b352ba498fafe3bcf02751f549',
  })
  assert.equal(durations([{ service: 's', request_id: id, status: 'received', date: 0 }])['s:undefined'], '00:00:00.000000')
  assert.equal(clock(3_723_004.5), '01:02:03.004500')
})
