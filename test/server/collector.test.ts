import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { encodeBatch, encodeEvent } from '../../src/codecs/encode.ts'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { ListenError } from '../../src/core/errors.ts'
import { bodyOf } from './app-fixture.ts'
import { eventually, sample, seeded, udpClient } from './udp-client.ts'

const zeroTime = -62135596800000 // 0001-01-01T00:00:00Z, the time a `new` of the Go client carries

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upto-collector-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function start(lines: string[] = []): Promise<Collector & { api: (path: string) => Promise<Response> }> {
  const collector = await startCollector({ port: 0, data: dir, log: (l) => lines.push(l) })
  return { ...collector, api: (path) => fetch(`http://127.0.0.1:${collector.httpPort}${path}`) }
}

const base = Date.now() - 60_000
const t = (ms: number) => base + ms

describe('the collector over UDP, on a LevelDB folder', () => {
  test('stores a script of msgpack and text datagrams and shows the rows in the API', async () => {
    const lines: string[] = []
    const c = await start(lines)
    const log = lines.join('\n')
    assert.match(log, /info data in .*upto-collector-/)
    assert.match(log, new RegExp(`info listening on udp 127\\.0\\.0\\.1:${c.udpPort} \\(receive buffer \\d+ bytes granted`))
    assert.match(log, new RegExp(`info listening on http http://127\\.0\\.0\\.1:${c.httpPort}/`))

    const udp = udpClient(c.udpPort)
    try {
      await udp.send(encodeEvent({ kind: 'new', context: 'build', name: '', host: '', time: zeroTime }))
      await eventually(async () => ((await c.api('/api/contexts/build')).ok ? true : undefined))
      const msgpack = (kind: 'start' | 'end', name: string, ms: number, extra = {}) =>
        udp.send(encodeEvent({ kind, context: 'build', name, host: 'h1', time: t(ms), ...extra }))
      await msgpack('start', 'compile.cc', 0)
      await udp.send(`start build compile.cc host=h2 time=${t(100)}`)
      await msgpack('end', 'compile.cc', 1_000)
      await udp.send(`end build compile.cc host=h2 time=${t(1_500)}\n`)
      await msgpack('start', 'test', 2_000)
      await msgpack('end', 'test', 3_000, { status: 'error', message: 'flaky' })
      await udp.send(`start build test host=h1 time=${t(3_500)}\nend build test host=h1 time=${t(4_000)}`)
      await msgpack('start', 'deploy', 4_000, { autoIP: true })
      await eventually(async () => (sample(await (await c.api('/metrics')).text(), 'upto_events_stored_total') === 10 ? true : undefined))

      const body = await bodyOf(await c.api('/api/contexts/build/latest'))
      const rows = body.Events.map((e: any) => [e.Name, e.Host, e.attempt, e.status, e.End === null])
      assert.deepEqual(rows, [
        ['compile', '', 0, 'ok', false],
        ['compile.cc', 'h1', 1, 'ok', false],
        ['compile.cc', 'h2', 1, 'ok', false],
        ['test', 'h1', 1, 'error', false],
        ['test', 'h1', 2, 'ok', false],
        ['deploy', '127.0.0.1', 1, 'running', true],
      ])
      assert.equal(body.running, true)
      assert.equal(body.First, new Date(t(0)).toISOString())
      assert.match(body.Id, /^\d{8}-\d{6}-\d{3}$/)
      assert.equal(body.Events[3].message, 'flaky')
    } finally {
      udp.close()
      await c.close()
    }
    assert.match(lines.join('\n'), /info stopped$/)
  })

  test('keeps answering through a flood of garbage datagrams, and counts the refusals', async () => {
    const lines: string[] = []
    const c = await start(lines)
    const udp = udpClient(c.udpPort)
    const random = seeded(20261122)
    try {
      const sent = 3_000
      for (let i = 0; i < sent; i++) {
        const bytes = new Uint8Array(1 + Math.floor(random() * 300))
        for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256)
        await udp.send(bytes)
        if (i % 200 === 0) await new Promise((r) => setImmediate(r))
      }
      // a busy machine reads the last datagrams late: wait until the collector has counted them
      const counted = async () => sample(await (await c.api('/metrics')).text(), 'upto_events_received_total')
      for (let last = -1, now = await counted(), i = 0; now !== last && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 100))
        ;[last, now] = [now, await counted()]
      }
      const root = await c.api('/api/')
      assert.equal(root.status, 200)
      const metrics = await (await c.api('/metrics')).text()
      const received = sample(metrics, 'upto_events_received_total')
      const refused = sample(metrics, 'upto_events_refused_total')
      assert.ok(refused > sent / 2, `refused ${refused} of ${sent}`)
      assert.equal(received, refused + sample(metrics, 'upto_events_accepted_total'))
      assert.match(metrics, /upto_events_refused_total\{transport="udp",reason="malformed"\} \d+/)
      const refusalLines = lines.filter((l) => l.includes(' refused udp '))
      assert.ok(refusalLines.length < 50, `${refusalLines.length} refusal lines: rate-limited`)
    } finally {
      udp.close()
      await c.close()
    }
  })

  test('keeps the data across a restart on the same folder', async () => {
    const c = await start()
    try {
      const body = await bodyOf(await c.api('/api/contexts/build/latest'))
      assert.equal(body.Events.length, 6)
      const contexts = await bodyOf(await c.api('/api/contexts'))
      assert.deepEqual(contexts.contexts.map((x: any) => [x.name, x.timelines]), [['build', 1]])
    } finally {
      await c.close()
    }
  })

  test('fails with a ListenError when the HTTP port is taken, and leaves its folder free', async () => {
    const c = await start()
    const other = join(dir, 'other')
    try {
      await assert.rejects(
        startCollector({ httpPort: c.httpPort, udpPort: 0, data: other, log: () => {} }),
        (error: unknown) => error instanceof ListenError && error.reason === 'EADDRINUSE' && error.transport === 'http',
      )
    } finally {
      await c.close()
    }
    const again = await startCollector({ port: 0, data: other, log: () => {} })
    await again.close()
  })

  test('close() flushes queued events, then the folder can be opened again', async () => {
    const c = await start()
    const udp = udpClient(c.udpPort)
    for (let i = 0; i < 50; i++) await udp.send(`mark flush m${i}`)
    await eventually(async () => (sample(await (await c.api('/metrics')).text(), 'upto_events_accepted_total') === 50 ? true : undefined))
    udp.close()
    await c.close()
    const reopened = await start()
    try {
      const body = await bodyOf(await reopened.api('/api/contexts/flush/latest'))
      assert.equal(body.Events.length, 50)
    } finally {
      await reopened.close()
    }
  })
})

describe('the collector over HTTP, on node:http', () => {
  test('stores a msgpack batch read from node\'s own request stream, and answers once it is durable', async () => {
    const c = await start()
    try {
      const events = [0, 1, 2].map((i) => ({ kind: 'mark' as const, context: 'posted', name: `m${i}`, host: 'h', time: t(i) }))
      const res = await fetch(`http://127.0.0.1:${c.httpPort}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/msgpack' },
        body: encodeBatch(events),
      })
      assert.deepEqual(await res.json(), { accepted: 3, refused: [] })
      const body = await bodyOf(await c.api('/api/contexts/posted/latest'))
      assert.deepEqual(body.Events.map((e: any) => e.Name), ['m0', 'm1', 'm2'])
    } finally {
      await c.close()
    }
  })

  test('answers 413 to a chunked body that grows over the limit, and keeps serving', async () => {
    const c = await start()
    try {
      const answer = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1', port: c.httpPort, path: '/api/events', method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        }, (res) => {
          let body = ''
          res.on('data', (d: Buffer) => (body += d))
          res.on('end', () => resolve({ status: res.statusCode, body }))
        })
        req.on('error', reject)
        const chunk = Buffer.alloc(64 * 1024, 0x20)
        let n = 0
        const write = (): void => {
          while (n < 40) {
            n++
            if (!req.write(chunk)) {
              req.once('drain', write)
              return
            }
          }
          req.end()
        }
        write()
      })
      assert.equal(answer.status, 413)
      assert.match(answer.body, /too_large/)
      assert.equal((await c.api('/api/')).status, 200)
    } finally {
      await c.close()
    }
  })
})
