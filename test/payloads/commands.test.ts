// `upto payload ID` and `upto payloads` against a collector that took the seed's messages: plain text without
// colour, bars that tell success, error and "still there" apart by their glyphs.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { run } from '../../src/program.ts'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { eventually } from '../server/udp-client.ts'
import { seedMessages } from './seed.ts'

let collector: Collector
before(async () => {
  collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {} })
  const t = (s: number) => new Date(Date.UTC(2021, 7, 5, 10, 0, s)).toISOString()
  const id = 'f61cbfd7177846279ab179a0b098952e'
  const messages = [
    ...seedMessages(),
    { service: 'ingress', request_id: id, status: 'received', date: t(0), account: 'test' },
    { service: 'ingress', request_id: id, status: 'success', date: t(2) },
    { service: 'advisor', request_id: id, status: 'received', date: t(2) },
    { service: 'advisor', request_id: id, status: 'processing', date: t(3), status_msg: 'looking' },
  ]
  const response = await fetch(`http://127.0.0.1:${collector.httpPort}/api/v1/payloads/status`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messages),
  })
  assert.equal(response.status, 200)
  await eventually(async () => ((await (await fetch(`http://127.0.0.1:${collector.httpPort}/api/v1/payloads`)).json() as any).count === 5 ? true : undefined))
})
after(() => collector.close())

const upto = async (...args: string[]) => {
  const io = captureIo([...args, '--rp', String(collector.httpPort)])
  const code = await run(io)
  return { code, out: io.stdout, err: io.stderr }
}

test('upto payload: the statuses in order, a bar per service with its duration, the total', async () => {
  const { code, out } = await upto('payload', 'f61cbfd7177846279ab179a0b098952e')
  assert.equal(code, 0)
  const lines = out.split('\n')
  assert.equal(lines[0], 'payload f61cbfd7177846279ab179a0b098952e')
  assert.match(out, /2021-08-05 10:00:03\.000\s+advisor\s+processing\s+looking/)
  const ingress = lines.find((l) => l.startsWith('ingress '))!
  const advisor = lines.find((l) => l.startsWith('advisor '))!
  assert.match(ingress, /█+\s+✓ 2\.00s$/)
  assert.match(advisor, /░+\s+… 1\.00s$/, 'still there: no end yet')
  assert.ok(ingress.indexOf('█') < advisor.indexOf('░'), 'advisor came after ingress')
  assert.match(out, /█ success  ▓ error  ░ still there/)
  assert.match(out, /time in services 00:00:03\.000000, total 00:00:03\.000000\n$/)
  assert.doesNotMatch(out, /\x1b\[/)
})

test('upto payload of an unknown id fails saying so; upto payloads filters and lists', async () => {
  const unknown = await upto('payload', 'nope')
  assert.equal(unknown.code, 1)
  assert.match(unknown.err, /no payload with request_id "nope"/)
  const foobar = await upto('payloads', '--account', 'foobar')
  assert.equal(foobar.code, 0)
  assert.match(foobar.out, /^REQUEST_ID\s+ACCOUNT/)
  assert.equal(foobar.out.trim().split('\n').length, 3)
  const errors = await upto('payloads', '--status', 'error')
  assert.deepEqual(errors.out.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]), ['150bed4601c24ea9be73db9b20acb635'])
  const json = JSON.parse((await upto('payloads', '--json', '--limit', '2')).out)
  assert.deepEqual([json.count, json.data.length], [5, 2])
  assert.equal((await upto('payloads', '--since', 'soon')).code, 2)
})
