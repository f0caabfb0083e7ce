import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { startCollector, type Collector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { captureIo } from '../helpers/cli-io.ts'

const T = Date.UTC(2024, 4, 1, 12, 0, 0)
let collector: Collector
let port: string
let silent: Server

before(async () => {
  collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {} })
  port = String(collector.httpPort)
  const events = [
    { type: 'start', name: '=HYPERLINK("x")', time: T }, { type: 'end', name: '=HYPERLINK("x")', time: T + 1_000 },
    ...Array.from({ length: 3_000 }, (_, i) => [{ type: 'start', name: `big.s${i}`, time: T + i }, { type: 'end', name: `big.s${i}`, time: T + i + 5 }]).flat(),
  ].map((e) => ({ ...e, context: 'exp', timeline: 't1' }))
  for (let i = 0; i < events.length; i += 1_000) {
    const res = await fetch(`http://127.0.0.1:${port}/api/events`, { method: 'POST', body: JSON.stringify(events.slice(i, i + 1_000)), headers: { 'content-type': 'application/json' } })
    assert.equal(res.status, 200)
  }
  // accepts connections and never answers
  silent = createServer(() => {})
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
})
after(async () => {
  await collector.close()
  silent.close()
})

async function upto(...argv: string[]) {
  const io = captureIo(argv, {}, T + 3_600_000)
  const code = await run(io)
  return { code, out: io.stdout, err: io.stderr }
}

describe('upto export from a collector', () => {
  test('writes what the collector streams: OTLP of every row', async () => {
    const { code, out, err } = await upto('export', 'exp', '--format', 'otlp', '--rp', port)
    assert.equal(code, 0, err)
    const spans = JSON.parse(out).resourceSpans.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans))
    assert.equal(spans.length, 3_002, 'every step and the implied "big"')
  })

  test('guards CSV cells against formulas, and --raw leaves them as they are', async () => {
    assert.match((await upto('export', 'exp', 't1', '--format', 'csv', '--rp', port)).out, /^exp,t1,"'=HYPERLINK\(""x""\)",/m)
    assert.match((await upto('export', 'exp', 't1', '--format', 'csv', '--raw', '--rp', port)).out, /^exp,t1,"=HYPERLINK\(""x""\)",/m)
  })

  test('names the context or timeline that is missing', async () => {
    assert.deepEqual(await upto('export', 'nope', '--format', 'csv', '--rp', port), { code: 1, out: '', err: 'upto: no context "nope" (upto ls lists the contexts)\n' })
    assert.deepEqual(await upto('export', 'exp', 't9', '--format', 'csv', '--rp', port), { code: 1, out: '', err: 'upto: no timeline "t9" in context "exp" (did you mean "t1"?) (upto ls exp lists its timelines)\n' })
  })

  test('gives up after --timeout when the answer does not begin, with a message and no stack trace', async () => {
    const address = silent.address() as { port: number }
    const { code, out, err } = await upto('export', 'exp', '--format', 'json', '--rp', String(address.port), '--timeout', '0.3')
    assert.equal(code, 1)
    assert.equal(out, '')
    assert.match(err, /^upto: could not reach the collector at http:\/\/127\.0\.0\.1:\d+: no answer in time/)
    assert.doesNotMatch(err, /\n\s+at /)
  })
})
