// payload-tracker-go's API on a real collector: status messages in over HTTP, answered once durable, and every
// query parameter and error of /payloads, /payloads/{id}, /statuses, /stats and /health, under both bases.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { eventually, sample } from '../server/udp-client.ts'
import { seed, seedMessages } from './seed.ts'

let collector: Collector
let base: string
const get = async (path: string) => {
  const response = await fetch(`${base}${path}`)
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() as any : await response.text() }
}
const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

const ids = seed.payloads.map((p) => p.request_id)

before(async () => {
  collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {} })
  base = `http://127.0.0.1:${collector.httpPort}`
  const response = await post('/api/v1/payloads/status', seedMessages())
  assert.equal(response.status, 200)
  assert.deepEqual(await response.json(), { accepted: 6, refused: [] })
  // a payload with statuses across its life, at one second apart: received, processing, success
  const t = (s: number) => new Date(Date.UTC(2021, 7, 5, 10, 0, s)).toISOString()
  const life = (status: string, s: number, extra = {}) => ({ service: 'ingress', source: 'insights-client', request_id: 'f61cbfd7177846279ab179a0b098952e', status, date: t(s), ...extra })
  assert.equal((await post('/app/payload-tracker/api/v1/payloads/status', life('received', 0, { account: 'test' }))).status, 200)
  assert.equal((await post('/api/v1/payloads/status', [life('processing', 1, { inventory_id: '30ecee980cae42bca0c20921e9bec7c6' }), life('success', 3)])).status, 200)
  // the list is indexed a moment after the events are durable
  await eventually(async () => ((await get('/api/v1/payloads')).body.count === 5 ? true : undefined))
})
after(() => collector.close())

describe('GET /payloads', () => {
  test('every payload, newest first, ten a page, with the true count and the attributes', async () => {
    const { status, body } = await get('/api/v1/payloads')
    assert.equal(status, 200)
    assert.equal(body.count, 5)
    assert.equal(typeof body.elapsed, 'number')
    assert.deepEqual(Object.keys(body.data[0]).sort(), ['account', 'created_at', 'id', 'inventory_id', 'org_id', 'request_id', 'system_id'])
    assert.deepEqual(new Set(body.data.map((p: any) => p.request_id)), new Set(ids))
    const life = body.data.find((p: any) => p.request_id === 'f61cbfd7177846279ab179a0b098952e')
    assert.deepEqual([life.account, life.inventory_id, life.org_id], ['test', '30ecee980cae42bca0c20921e9bec7c6', null])
    const created = body.data.map((p: any) => p.created_at)
    assert.deepEqual(created, [...created].sort().reverse())
  })

  test('filters, sorting and paging; the count is of all that match', async () => {
    const foobar = await get('/api/v1/payloads?account=foobar&sort_by=inventory_id&sort_dir=asc')
    assert.equal(foobar.body.count, 2)
    assert.deepEqual(foobar.body.data.map((p: any) => p.inventory_id), ['1f5da556f2ad45f09623b53b137d0c94', 'cb91e19b7eb04750b48bc52ec482f669'])
    const page = await get('/api/v1/payloads?org_id=12345&page_size=2&page=1&sort_by=system_id&sort_dir=desc')
    assert.equal(page.body.count, 3)
    assert.equal(page.body.data.length, 1)
    const all = await get('/api/v1/payloads?org_id=12345&sort_by=system_id&sort_dir=desc')
    assert.deepEqual(page.body.data, all.body.data.slice(2, 4).map((p: any, i: number) => ({ ...p, id: 3 + i })))
    const none = await get('/api/v1/payloads?inventory_id=nothing')
    assert.deepEqual([none.body.count, none.body.data], [0, []])
    const future = await get('/api/v1/payloads?created_at_gt=2999-01-01T00:00:00Z')
    assert.equal(future.body.count, 0)
    const past = await get('/api/v1/payloads?created_at_lte=2999-01-01T00:00:00Z&created_at_gte=2000-01-01T00:00:00Z')
    assert.equal(past.body.count, 5)
  })

  test('bad parameters answer 400 with the parameter and what it may be', async () => {
    const cases: Array<[string, string]> = [
      ['sort_by=date', 'sort_by must be one of account, org_id, inventory_id, system_id, created_at'],
      ['sort_dir=up', 'sort_dir must be one of asc, desc'],
      ['page=-1', 'page must be a whole number of 0 or more, got "-1"'],
      ['page_size=0', 'page_size must be a whole number of 1 or more, got "0"'],
      ['created_at_lt=yesterday', 'created_at_lt must be an RFC 3339 time (2021-12-16T10:20:30Z), got "yesterday"'],
    ]
    for (const [query, message] of cases) {
      const { status, body } = await get(`/api/v1/payloads?${query}`)
      assert.equal(status, 400, query)
      assert.deepEqual(body, { title: 'Bad Request', message, status: 400 })
    }
  })
})

describe('GET /payloads/{request_id}', () => {
  test('its statuses by date and how long each service held it', async () => {
    const { status, body } = await get('/api/v1/payloads/150bed4601c24ea9be73db9b20acb635')
    assert.equal(status, 200)
    assert.deepEqual(body.data.map((s: any) => [s.service, s.source, s.status, s.date]), [
      ['puptoo', 'inventory', 'error', '2021-08-04T11:45:26.371Z'],
      ['puptoo', 'inventory', 'processing_error', '2021-08-04T11:45:26.381Z'],
      ['inventory', 'inventory', 'failed', '2021-08-04T11:45:26.391Z'],
    ])
    assert.deepEqual(body.duration, {
      'puptoo:inventory': '00:00:00.010000', 'inventory:inventory': '00:00:00.000000',
      total_time_in_services: '00:00:00.010000', total_time: '00:00:00.020000',
    })
    assert.equal(body.data[0].account, 'foobar')
  })

  test('a stay from received to success is its duration; sorting and verbosity', async () => {
    const path = '/app/payload-tracker/api/v1/payloads/f61cbfd7177846279ab179a0b098952e'
    const { body } = await get(`${path}?sort_dir=desc`)
    assert.deepEqual(body.data.map((s: any) => s.status), ['success', 'processing', 'received'])
    assert.equal(body.duration['ingress:insights-client'], '00:00:03.000000')
    assert.equal(body.duration.total_time, '00:00:03.000000')
    assert.deepEqual(Object.keys((await get(`${path}?verbosity=1`)).body.data[0]), ['service', 'source', 'status', 'status_msg', 'date'])
    assert.deepEqual(Object.keys((await get(`${path}?verbosity=2`)).body.data[0]), ['service', 'status', 'date'])
    assert.deepEqual((await get(`${path}?verbosity=3`)).body.message, 'verbosity must be one of 0, 1, 2')
    assert.deepEqual((await get(`${path}?sort_by=account`)).body.message, 'sort_by must be one of service, source, status_msg, date, created_at')
  })

  test('an unknown id is 404', async () => {
    const { status, body } = await get('/api/v1/payloads/00000000000000000000000000000000')
    assert.equal(status, 404)
    assert.deepEqual(body, { title: 'Not Found', message: 'no payload with request_id "00000000000000000000000000000000"', status: 404 })
  })
})

describe('GET /statuses, /stats, /health', () => {
  test('statuses filtered by service, status and date; sorted; counted', async () => {
    const all = await get('/api/v1/statuses?page_size=100')
    assert.equal(all.body.count, 9)
    const compliance = await get('/api/v1/statuses?service=COMPLIANCE&sort_by=request_id&sort_dir=asc')
    assert.deepEqual(compliance.body.data.map((s: any) => [s.request_id, s.status]), [
      ['33b727497c3940589fc5276e739235c6', 'processed'], ['91ebdd7c01b34efc9cc9a1af8d1ff53d', 'processing_success'],
    ])
    const window = await get('/api/v1/statuses?date_gte=2021-08-05T10:00:01Z&date_lt=2021-08-05T10:00:03Z')
    assert.deepEqual(window.body.data.map((s: any) => s.status), ['processing'])
    assert.equal((await get('/api/v1/statuses?status_msg=done')).body.count, 1)
    assert.equal((await get('/api/v1/statuses?sort_by=account')).status, 400)
  })

  test('success rates per service', async () => {
    const { body } = await get('/api/v1/stats?stat=SuccessRate&hours=1000000')
    assert.deepEqual(body.data, [
      { service: 'ingress', success: 1, failure: 0, success_rate: 100, failure_rate: 0 },
      { service: 'inventory', success: 0, failure: 1, success_rate: 0, failure_rate: 100 },
      { service: 'puptoo', success: 0, failure: 1, success_rate: 0, failure_rate: 100 },
    ])
    assert.equal((await get('/api/v1/stats?stat=Other')).body.message, 'stat must be one of SuccessRate')
  })

  test('health is OK under both bases', async () => {
    assert.deepEqual(await get('/api/v1/health'), { status: 200, body: 'OK' })
    assert.deepEqual(await get('/app/payload-tracker/api/v1/health'), { status: 200, body: 'OK' })
  })
})

describe('POST /payloads/status', () => {
  test('a mixed batch keeps its good messages and refuses the others, counted at /metrics', async () => {
    const response = await post('/api/v1/payloads/status', [
      { service: 'ingress', request_id: 'd30a7eef2f03433999f6de3b368b48c6', status: 'received', date: '2021-08-04 11:45:20.000001' },
      { service: 'ingress', request_id: 'too-short', status: 'received', date: '2021-08-04T11:45:20Z' },
      { request_id: 'd30a7eef2f03433999f6de3b368b48c6', status: 'received', date: '2021-08-04T11:45:20Z' },
    ])
    assert.equal(response.status, 200)
    const answer = await response.json() as any
    assert.equal(answer.accepted, 1)
    assert.deepEqual(answer.refused.map((r: any) => [r.index, r.reason, r.detail]), [
      [1, 'bad_timeline', 'request_id "too-short" has 9 characters: expected 32'],
      [2, 'bad_name', 'service is missing: expected a string'],
    ])
    const metrics = await (await fetch(`${base}/metrics`)).text()
    assert.equal(sample(metrics, 'upto_events_refused_total{transport="http",reason="bad_timeline"}'), 1)
    const all = await post('/api/v1/payloads/status', { service: 'x' })
    assert.equal(all.status, 400)
  })
})
