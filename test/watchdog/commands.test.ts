// `upto services`: the collector's services as a table — state in colour on a terminal, in words always (NO_COLOR),
// gid, host, last seen, uptime, necessity — a line when required ones are down; --json; --watch until stopped.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { startCollector, type Collector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { captureIo } from '../helpers/cli-io.ts'

let collector: Collector
let port: string

before(async () => {
  collector = await startCollector({
    store: createMemoryStore(), port: 0, log: () => {},
    facetSettings: { watchdog_expected: [{ gid: 'Web-1', necessity: 'required' }, { name: 'queue', necessity: 'required' }] },
  })
  port = String(collector.httpPort)
  const post = (path: string, body: unknown) => fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body: JSON.stringify(body) })
  await post('/api/services/onboard', { uuid: 'u1', 'protocol-version': 1, timestamp: 'now', identifier: { type: 'Web', name: 'api', 'host-name': 'web-1.example' } })
  await post('/api/services/Web-1/ping', { session: 1, 'service-uptime': 3725 })
  await post('/api/services/onboard', { uuid: 'u2', 'protocol-version': 1, timestamp: 'now', identifier: { type: 'Db', name: 'pg', 'host-name': 'db-1' } })
  await post('/api/services/Db-1/end', { session: 1 })
})
after(() => collector.close())

async function upto(argv: string[], env: Record<string, string> = {}, tty = false) {
  const io = captureIo([...argv, '--rp', port], env, Date.now())
  io.isTTY = tty
  const code = await run(io)
  return { code, out: io.stdout, err: io.stderr }
}

describe('upto services', () => {
  test('a table of the services, required first, the expected ones never seen as missing, and the alert', async () => {
    const { code, out } = await upto(['services'])
    assert.equal(code, 0)
    const lines = out.trimEnd().split('\n')
    assert.match(lines[0]!, /^STATE +GID +NAME +HOST +LAST SEEN +UPTIME +NECESSITY$/)
    assert.match(lines[1]!, /^active +Web-1 +api +web-1\.example +\d+s ago +1h2m +required$/)
    assert.match(lines[2]!, /^stopped +Db-1 +pg +db-1 +\d+s ago +$/)
    assert.match(lines[3]!, /^missing +name=queue .* never .* required$/)
    assert.equal(lines[4], '1 required service is not active')
    assert.doesNotMatch(out, /\x1b\[/, 'no colour off a terminal')
  })

  test('colour on a terminal, none with NO_COLOR', async () => {
    assert.match((await upto(['services'], {}, true)).out, /\x1b\[\d+m(active|stopped)/)
    assert.doesNotMatch((await upto(['services'], { NO_COLOR: '1' }, true)).out, /\x1b\[/)
  })

  test('--json prints the API\'s answer', async () => {
    const answer = JSON.parse((await upto(['services', '--json'])).out)
    assert.deepEqual(answer.services.map((s: any) => [s.gid, s.state]), [['Web-1', 'active'], ['Db-1', 'stopped']])
    assert.equal(answer.required_down, 1)
  })

  test('--watch draws it again until stopped', async () => {
    const io = captureIo(['services', '--watch', '--rp', port], {}, Date.now())
    let stop!: (signal: string) => void
    io.stopSignal = () => new Promise((resolve) => (stop = resolve))
    const running = run(io)
    while (!io.stdout.includes('Web-1')) await new Promise((resolve) => setTimeout(resolve, 10))
    stop('SIGINT')
    assert.equal(await running, 0)
  })

  test('a collector that is not there is said so', async () => {
    const io = captureIo(['services', '--rp', '1'], {}, Date.now())
    assert.notEqual(await run(io), 0)
    assert.match(io.stderr, /127\.0\.0\.1:1|collector/)
  })
})
