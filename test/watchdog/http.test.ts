// The watchdog over HTTP (for services without MQTT) through app.request(): onboarding, ping, end, the services
// list, bad messages refused and counted with their reason at /metrics, the gauges, the pages, the configuration.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { loadCollectorConfiguration } from '../../src/config/collector-configuration.ts'
import { collectorOptions } from '../../src/commands/collector-options.ts'
import { sectionTypes } from '../../src/commands/section-types.ts'
import { renderConfiguration } from '../../src/config/print.ts'
import { watchdog } from '../../src/facets/watchdog/facet.ts'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { collectorParts, createApp } from '../../src/server/app.ts'
import { createMemoryStore } from '../../src/store/memory.ts'

async function httpFixture(settings: Record<string, unknown> = {}) {
  const store = createMemoryStore()
  const metrics = createMetrics()
  const now = () => Date.now()
  const log = createLogger({ sink: () => {} })
  const ingest = createIngest({ store, metrics, now, log })
  const parts = await collectorParts([watchdog], settings)
  const app = createApp({ parts, store, ingest, metrics, now, log })
  const post = (path: string, body: unknown) => app.request(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } })
  return { app, post, ingest, store, metrics: async () => (await app.request('/metrics')).text() }
}

const onboarding = (over: Record<string, unknown> = {}, identifier: Record<string, unknown> = {}) => ({
  uuid: crypto.randomUUID(), 'protocol-version': 1, timestamp: new Date().toISOString(),
  identifier: { type: 'Web', name: 'api', location: 'vienna', 'host-name': 'web-1', ...identifier }, ...over,
})

describe('the watchdog over HTTP', () => {
  test('onboard answers hippodamia\'s response; pings keep it active; an end stops it', async () => {
    const f = await httpFixture()
    const request = onboarding()
    const res = await f.post('/api/services/onboard', request)
    assert.equal(res.status, 200)
    const answer = await res.json() as any
    assert.equal(answer.uuid, request.uuid)
    assert.equal(answer.gid, 'Web-1')
    assert.equal(answer.session, 1)
    assert.deepEqual(Object.keys(answer['topics-activity']), ['ping', 'runtime', 'config', 'end', 'logger'])
    assert.deepEqual(Object.keys(answer['topics-commands']), ['end', 'reonboarding', 'ping_on_request', 'config_on_request', 'runtime_on_request', 'heartbeat'])
    assert.deepEqual(answer.timings, { 'send-ping': 60, 'send-runtime': 500, 'send-config': 3600, 'expect-heartbeat': 500 })
    const ping = await f.post('/api/services/Web-1/ping', { session: 1, 'service-uptime': 42 })
    assert.deepEqual(await ping.json(), { gid: 'Web-1', session: 1, state: 'active' })
    const listed = await (await f.app.request('/api/services')).json() as any
    assert.equal(listed.services[0].state, 'active')
    assert.equal(listed.services[0].uptime, 42)
    assert.equal(listed.services[0].host, 'web-1')
    const end = await f.post('/api/services/Web-1/end', { session: 1 })
    assert.equal((await end.json() as any).state, 'stopped')
    const one = await (await f.app.request('/api/services/Web-1')).json() as any
    assert.deepEqual(one.history.map((h: any) => h.state), ['onboarding', 'onboarded', 'active', 'stopped'])
    assert.equal(one.history.at(-1).why, 'end agent')
    assert.equal((await f.app.request('/api/services/Web-9')).status, 404)
  })

  test('the same service onboarding again keeps its gid, with the next session; a ping of the old one is asked to onboard again', async () => {
    const f = await httpFixture()
    await f.post('/api/services/onboard', onboarding())
    await f.post('/api/services/onboard', onboarding({}, { name: 'worker' }))
    const again = await (await f.post('/api/services/onboard', onboarding({}, { 'last-gid': 'Web-1' }))).json() as any
    assert.deepEqual([again.gid, again.session], ['Web-1', 2])
    const stale = await f.post('/api/services/Web-1/ping', { session: 1 })
    assert.equal(stale.status, 409)
    assert.deepEqual(await stale.json(), { request: 'reonboarding', gid: 'Web-1', reason: 'session', message: 'ping from Web-1 of session 1: its session is 2' })
    assert.equal((await f.post('/api/services/Nope-1/ping', { session: 1 })).status, 409)
  })

  test('bad messages are refused with their reason and counted at /metrics', async () => {
    const f = await httpFixture()
    const cases: Array<[string, unknown, number, string]> = [
      ['/api/services/onboard', '{"uuid":', 400, 'malformed'],
      ['/api/services/onboard', onboarding({ 'protocol-version': 2 }), 400, 'protocol_version'],
      ['/api/services/onboard', onboarding({ 'protocol-version': undefined }), 400, 'protocol_version'],
      ['/api/services/onboard', onboarding({ uuid: 5 }), 422, 'shape'],
      ['/api/services/onboard', onboarding({}, { type: undefined }), 422, 'shape'],
      ['/api/services/onboard', onboarding({}, { type: 'We.b' }), 422, 'shape'],
      ['/api/services/onboard', onboarding({}, { ips: 'x' }), 422, 'shape'],
      ['/api/services/onboard', [1], 422, 'shape'],
      ['/api/services/Web-1/ping', { session: 'one' }, 422, 'shape'],
      ['/api/services/Web-1/end', { session: 1, reason: 'bored' }, 422, 'shape'],
    ]
    for (const [path, body, status, reason] of cases) {
      const res = await f.post(path, body)
      assert.equal(res.status, status, `${path} ${JSON.stringify(body)}`)
      assert.equal((await res.json() as any).reason, reason)
    }
    const metrics = await f.metrics()
    assert.match(metrics, /upto_watchdog_messages_refused_total\{reason="shape"\} 7/)
    assert.match(metrics, /upto_watchdog_messages_refused_total\{reason="protocol_version"\} 2/)
    assert.match(metrics, /upto_watchdog_messages_refused_total\{reason="malformed"\} 1/)
    assert.equal((await (await f.app.request('/api/services')).json() as any).services.length, 0, 'nothing else was kept')
  })

  test('expected services: required ones not active are down at /metrics; enforcement "ignore" turns strangers away', async () => {
    const f = await httpFixture({
      watchdog_enforcement: 'ignore',
      watchdog_expected: [{ gid: 'Web-1', necessity: 'required' }, { name: 'queue', necessity: 'required' }, { name: 'cache', necessity: 'optional' }],
    })
    assert.match(await f.metrics(), /^upto_required_services_down 2$/m)
    await f.post('/api/services/onboard', onboarding())
    await f.post('/api/services/Web-1/ping', { session: 1 })
    const stranger = await f.post('/api/services/onboard', onboarding({}, { name: 'stranger' }))
    assert.equal(stranger.status, 403)
    const metrics = await f.metrics()
    assert.match(metrics, /^upto_required_services_down 1$/m)
    assert.match(metrics, /^upto_service_up\{gid="Web-1",name="api",type="Web",host="web-1",state="active",necessity="required"\} 1$/m)
    assert.match(metrics, /upto_watchdog_messages_refused_total\{reason="unexpected"\} 1/)
    const listed = await (await f.app.request('/api/services')).json() as any
    assert.deepEqual(listed.missing, [{ expected: 'name=queue', necessity: 'required' }, { expected: 'name=cache', necessity: 'optional' }])
    assert.equal(listed.required_down, 1)
  })

  test('commands need MQTT: without it the answer says how to get it', async () => {
    const f = await httpFixture()
    const res = await f.post('/api/services/command', { request: 'ping' })
    assert.equal(res.status, 503)
    assert.match((await res.json() as any).message, /--mqtt URL/)
    assert.equal((await f.post('/api/services/command', { request: 'dance' })).status, 422)
  })

  test('every state change reaches the services timeline as spans', async () => {
    const f = await httpFixture()
    await f.post('/api/services/onboard', onboarding())
    await f.post('/api/services/Web-1/ping', { session: 1 })
    await f.ingest.drain()
    const messages = await f.store.messages('services', 'services')
    assert.deepEqual(messages.map((m) => `${m.kind} ${m.name}`), [
      'start Web-1.onboarding', 'end Web-1.onboarding', 'start Web-1.onboarded', 'end Web-1.onboarded', 'start Web-1.active',
    ])
  })

  test('the pages: the services table (live), and one service with its history, runtime and configuration', async () => {
    const f = await httpFixture({ watchdog_expected: [{ name: 'queue', necessity: 'required' }] })
    await f.post('/api/services/onboard', onboarding())
    await f.post('/api/services/Web-1/runtime', { session: 1, cpu: 12.5 })
    await f.post('/api/services/Web-1/config', { session: 1, config: { db: { password: 'hunter2', host: 'db' } } })
    const page = await (await f.app.request('/services')).text()
    assert.match(page, /<script src="\/assets\/services.js"/)
    assert.match(page, /svc-active">active</)
    assert.match(page, /href="\/services\/Web-1">Web-1</)
    assert.match(page, /svc-missing">missing<\/span><\/td><td>name=queue/)
    assert.match(page, /1 required service is not active/)
    assert.match(page, /href="\/c\/services\/services"/)
    assert.match(await (await f.app.request('/services/table')).text(), /^<p class="svc-alert">/)
    const one = await (await f.app.request('/services/Web-1')).text()
    assert.match(one, /&quot;cpu&quot;: 12.5/)
    assert.match(one, /&quot;password&quot;: &quot;\*\*\*&quot;/)
    assert.doesNotMatch(one, /hunter2/)
    assert.match(one, /<td>activity<\/td>/)
    assert.equal((await f.app.request('/services/Web-7')).status, 404)
    assert.equal((await f.app.request('/assets/services.js')).status, 200)
  })
})

describe('the watchdog\'s configuration', () => {
  const load = (file: string, env: Record<string, string> = {}, flags: Record<string, unknown> = {}) => loadCollectorConfiguration({
    env: { HOME: '/nonexistent', ...env }, flags: { ...flags, config: 'upto.toml' }, registry: sectionTypes, read: async () => file,
  })

  test('[watchdog] keys and [[watchdog.expected]] tables, the environment and flags', async () => {
    const options = collectorOptions(await load(`
[watchdog]
mqtt = "mqtt://127.0.0.1:1883"
inactive_after = "30s"
enforcement = "strict"

[[watchdog.expected]]
gid = "Web-1"
necessity = "required"

[[watchdog.expected]]
name = "queue"
location = "vienna"
necessity = "optional"
`))
    assert.equal(options.facetSettings?.watchdog_mqtt, 'mqtt://127.0.0.1:1883')
    assert.equal(options.facetSettings?.watchdog_inactive_after, 30_000)
    assert.deepEqual(options.facetSettings?.watchdog_expected, [{ gid: 'Web-1', necessity: 'required' }, { name: 'queue', location: 'vienna', necessity: 'optional' }])
    const fromEnv = collectorOptions(await load('', { UPTO__WATCHDOG_EXPECTED: '[{"gid":"Db-1","necessity":"required"}]' }, { mqtt: 'mqtt://broker:1883' }))
    assert.deepEqual(fromEnv.facetSettings?.watchdog_expected, [{ gid: 'Db-1', necessity: 'required' }])
    assert.equal(fromEnv.facetSettings?.watchdog_mqtt, 'mqtt://broker:1883')
    // upto config prints the tables inline, and what it prints reads back as the same
    const printed = renderConfiguration(await load('[[watchdog.expected]]\ngid = "Web-1"\nnecessity = "required"\n'))
    assert.match(printed, /^watchdog_expected = \[\{ gid = "Web-1", necessity = "required" \}\] # /m)
    const again = collectorOptions(await load(printed.split('\n').filter((line) => !line.startsWith('#')).join('\n')))
    assert.deepEqual(again.facetSettings?.watchdog_expected, [{ gid: 'Web-1', necessity: 'required' }])
    await assert.rejects(load('[watchdog]\nenforcement = "harsh"\n'), /watchdog_enforcement "harsh" in .*: expected none, ignore, strict/)
    await assert.rejects(load('', { UPTO__WATCHDOG_EXPECTED: 'gid=1' }), /UPTO__WATCHDOG_EXPECTED "gid=1": expected a list of tables/)
  })

  test('an expected service with a wrong necessity, or timeouts out of order, are refused with what was expected', async () => {
    await assert.rejects(collectorParts([watchdog], { watchdog_expected: [{ gid: 'a', necessity: 'maybe' }] }), /watchdog.expected\[0\].necessity "maybe": expected "required" or "optional"/)
    await assert.rejects(collectorParts([watchdog], { watchdog_expected: [{ necessity: 'required' }] }), /expected a gid, name, location, room or device/)
    await assert.rejects(collectorParts([watchdog], { watchdog_lost_after: 10_000 }), /watchdog_inactive_after < watchdog_lost_after/)
  })
})

test('a broker away at start is retried and logged: the collector starts, HTTP answers, and it stops cleanly', async () => {
  const { startCollector } = await import('../../src/server/collector.ts')
  const lines: string[] = []
  const collector = await startCollector({ store: createMemoryStore(), port: 0, log: (line) => lines.push(line), facetSettings: { watchdog_mqtt: 'mqtt://127.0.0.1:1' } })
  try {
    assert.equal((await fetch(`http://127.0.0.1:${collector.httpPort}/api/services`)).status, 200)
    const start = Date.now()
    while (!lines.some((line) => line.includes('watchdog: MQTT mqtt://127.0.0.1:1')) && Date.now() - start < 5_000) await new Promise((resolve) => setTimeout(resolve, 20))
    assert.ok(lines.some((line) => /warn watchdog: MQTT mqtt:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*retried every second/.test(line)), lines.join('\n'))
  } finally {
    await collector.close()
  }
})
