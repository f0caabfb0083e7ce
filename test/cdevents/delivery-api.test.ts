// What runs where and DORA through the collector: the history (history.ts) posted to /api/cdevents, then
// GET /api/deployments, GET /api/dora, the /deployments and /dora pages, `upto deployments` and `upto dora`.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { HOUR, T0, historyEvents } from './history.ts'

let collector: Collector
let base: string
const now = T0 + 48 * HOUR
const get = async (path: string) => {
  const response = await fetch(`${base}${path}`)
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: response.headers.get('content-type')?.includes('json') ? await response.json() as any : await response.text() }
}

before(async () => {
  collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {}, now: () => now })
  base = `http://127.0.0.1:${collector.httpPort}`
  const response = await fetch(`${base}/api/cdevents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(historyEvents) })
  assert.equal(response.status, 201)
})
after(() => collector.close())

const upto = async (...args: string[]) => {
  const io = captureIo([...args, '--rp', String(collector.httpPort)])
  const code = await run(io)
  return { code, out: io.stdout, err: io.stderr }
}

describe('GET /api/deployments', () => {
  test('what runs where, with history; ?env= narrows it', async () => {
    const { status, body } = await get('/api/deployments')
    assert.equal(status, 200)
    assert.deepEqual(body.deployments.map((d: any) => [d.environment, d.service, d.artifactId, d.kind, d.history.length]), [
      ['prod', 'api', 'pkg:oci/api@7', 'deployed', 1],
      ['prod', 'web', 'pkg:oci/web@2', 'upgraded', 4],
    ])
    assert.equal(body.deployments[1].since, new Date(T0 + 20 * HOUR).toISOString())
    assert.deepEqual((await get('/api/deployments?env=staging')).body, { deployments: [] })
    assert.deepEqual((await get('/api/deployments?service=api')).body.deployments.map((d: any) => d.service), ['api'])
  })
})

describe('GET /api/dora', () => {
  test('the figures over the last days', async () => {
    const { status, body } = await get('/api/dora?env=prod&service=web&days=2')
    assert.equal(status, 200)
    assert.deepEqual(body.window, { from: new Date(T0).toISOString(), to: new Date(now + 1).toISOString(), days: 2 })
    assert.deepEqual(body.figures, [{
      service: 'web', environment: 'prod', deployments: 3, deploymentsPerDay: 3 / ((2 * 24 * HOUR + 1) / (24 * HOUR)),
      leadTime: { count: 2, medianMs: 3 * HOUR }, failedDeployments: 2, changeFailureRate: 2 / 3, timeToRestore: { count: 1, medianMs: 2 * HOUR },
    }])
  })

  test('a bad window is 400 problem+JSON', async () => {
    const { status, type, body } = await get('/api/dora?days=-1')
    assert.equal(status, 400)
    assert.equal(type, 'application/problem+json')
    assert.match(body.detail, /days "-1"/)
  })
})

describe('the pages', () => {
  test('/deployments lists each service in each environment', async () => {
    const { status, body } = await get('/deployments?env=prod')
    assert.equal(status, 200)
    assert.match(body, /<td>prod<\/td><td>web<\/td><td>pkg:oci\/web@2<\/td>/)
    assert.match(body, /rolledback pkg:oci\/web@1/)
  })

  test('/dora shows the four figures', async () => {
    const { status, body } = await get('/dora?days=2')
    assert.equal(status, 200)
    assert.match(body, /DORA figures, last 2 days/)
    assert.match(body, /<td class="cd-bad">67% <span class="cd-old">\(2\)<\/span><\/td>/)
    assert.match(body, /3h00m <span class="cd-old">\(2\)<\/span>/)
  })
})

describe('the commands', () => {
  test('upto deployments --env prod', async () => {
    const { code, out } = await upto('deployments', '--env', 'prod')
    assert.equal(code, 0)
    const lines = out.trim().split('\n')
    assert.match(lines[0]!, /^ENVIRONMENT\s+SERVICE\s+VERSION\s+SINCE\s+HOW\s+DEPLOYS$/)
    assert.match(lines[2]!, /^prod\s+web\s+pkg:oci\/web@2\s+2025-06-01 20:00:00Z\s+upgraded\s+4$/)
  })

  test('upto dora --days 2, and --json', async () => {
    const { code, out } = await upto('dora', '--days', '2')
    assert.equal(code, 0)
    assert.match(out, /^DORA over the last 2 days/)
    assert.match(out, /prod\s+web\s+3 \(1\.50\/day\)\s+3h00m \(2\)\s+67% \(2\)\s+2h00m \(1\)/)
    const json = JSON.parse((await upto('dora', '--json', '--env', 'staging')).out)
    assert.deepEqual(json.figures.map((f: any) => [f.service, f.deployments]), [['web', 1]])
  })
})
