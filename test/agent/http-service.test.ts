// upto agent beside a service over HTTP (POST /api/services/onboard, /:gid/ping, /runtime, /config, /end), against a small
// responder that answers as the response shape says; timers driven by the test.

import assert from 'node:assert/strict'
import { type AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { test } from 'node:test'
import { httpTransport } from '../../src/agent/service/http-transport.ts'
import { identifier } from '../../src/agent/service/identity.ts'
import { startServiceAgent } from '../../src/agent/service/service-agent.ts'
import { fakeTimers } from './fake-timers.ts'

test('over HTTP it onboards, pings, sends runtime and config, onboards again when the collector does not know its session, and says end', { timeout: 30_000 }, async () => {
  const requests: Array<{ path: string; body: Record<string, unknown>; auth: string | undefined }> = []
  let session = 0
  let pingAnswer = 200
  const server = createServer(async (req, res) => {
    let text = ''
    for await (const chunk of req) text += chunk
    const body = JSON.parse(text) as Record<string, unknown>
    requests.push({ path: req.url ?? '', body, auth: req.headers.authorization })
    res.setHeader('content-type', 'application/json')
    if (req.url === '/api/services/onboard') {
      session++
      return res.end(JSON.stringify({ uuid: body.uuid, gid: 'Web-3', session, 'topics-activity': {}, 'topics-commands': {}, timings: { 'send-ping': 10, 'send-runtime': 20 } }))
    }
    res.statusCode = req.url === '/api/services/Web-3/ping' ? pingAnswer : 200
    res.end('{}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  const timers = fakeTimers()
  const counters = { sent: 0, received: 0 }
  const service = { name: 'api', type: 'Web', module: 'm', version: '1', location: '', room: '', device: '', description: '' }
  const agent = startServiceAgent({
    transport: httpTransport(url, 'tok'), timers, counters, everyMs: 10_000, answerWaitMs: 5_000, log: { info() {}, warn() {} },
    identifier: () => identifier(service, undefined, {}),
    onboardingTopic: () => 'unused',
    runtime: (s) => ({ ...s, cpu: { process: 0.5 } }),
    config: (s) => ({ ...s, config: { every: '10s' } }),
  })
  try {
    assert.deepEqual(await agent.onboarded(), { gid: 'Web-3', session: 1 })
    const onboard = requests[0]!
    assert.equal(onboard.auth, 'Bearer tok')
    assert.equal(onboard.body['protocol-version'], 1)
    assert.equal((onboard.body.identifier as Record<string, unknown>).name, 'api')
    assert.equal(requests[1]?.path, '/api/services/Web-3/ping')
    assert.equal(requests[1]?.body.session, 1)
    // its config on activation, its runtime on the response's send-runtime
    assert.deepEqual(requests[2], { path: '/api/services/Web-3/config', body: { gid: 'Web-3', session: 1, config: { every: '10s' } }, auth: 'Bearer tok' })
    await timers.advance(20_000)
    const runtime = requests.find((r) => r.path === '/api/services/Web-3/runtime')
    assert.deepEqual(runtime?.body, { gid: 'Web-3', session: 1, cpu: { process: 0.5 } })

    assert.equal(requests.filter((r) => r.path.endsWith('/ping')).length, 3)

    pingAnswer = 409 // the collector no longer knows session 1
    await timers.advance(10_000)
    while (agent.session()?.session !== 2) await new Promise((resolve) => setImmediate(resolve))
    assert.equal(requests.filter((r) => r.path === '/api/services/onboard').length, 2)
  } finally {
    pingAnswer = 200
    await agent.stop()
    server.close()
  }
  assert.deepEqual(requests.at(-1), { path: '/api/services/Web-3/end', body: { gid: 'Web-3', session: 2, reason: 'agent' }, auth: 'Bearer tok' })
})
