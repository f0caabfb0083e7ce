// Overload and back-pressure: the ingest queue is bounded; when it is full HTTP answers 503 with
// Retry-After and UDP drops are counted; the client sends again with back-off in --http mode.

import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { retryWait } from '../../src/cli/retry.ts'
import { sendHttp } from '../../src/cli/send.ts'
import type { Incoming } from '../../src/core/types.ts'
import { IngestFullError, createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { encodeBatch, encodeEvent } from '../../src/codecs/encode.ts'
import { collectorParts, createApp } from '../../src/server/app.ts'
import { startCollector } from '../../src/server/collector.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { createSpyStore } from '../pipeline/spy-store.ts'
import { eventually, udpClient } from '../server/udp-client.ts'
import { metricsOf, sample } from './metrics-text.ts'

const quiet = createLogger({ sink: () => {} })

const parts = await collectorParts()

const marks = (n: number, name = 'm'): Incoming[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'mark', context: 'load', name: `${name}${i}`, host: '', timeline: 't' }))

describe('the bounded ingest queue', () => {
  test('takes events up to its limit, then push() drops and submit() rejects, until the store catches up', async () => {
    const store = createSpyStore()
    const release = store.hold()
    const metrics = createMetrics()
    const ingest = createIngest({ store, metrics, maxQueue: 10, log: createLogger({ sink: () => {} }) })
    assert.equal(ingest.push(marks(4, 'a')), true)
    await store.started(1) // the first 4 are being written: no longer queued
    assert.equal(ingest.push(marks(6, 'b')), true)
    assert.equal(ingest.push(marks(4, 'c')), true) // 10: at the limit, still taken
    assert.equal(metrics.snapshot().queueLength, 10)
    assert.equal(ingest.push(marks(1, 'd')), false)
    await assert.rejects(ingest.submit(marks(1, 'e')), (error) => error instanceof IngestFullError && /holds 10 events, its limit is 10/.test(error.message))
    release()
    await ingest.drain()
    assert.equal(ingest.push(marks(1, 'f')), true)
    await ingest.close()
    assert.deepEqual(store.appends.flatMap((a) => a.messages.map((m) => m.name[0])).join(''), 'aaaabbbbbbccccf')
  })

  test('a batch larger than the limit is still taken when the queue is empty', async () => {
    const store = createSpyStore()
    const ingest = createIngest({ log: quiet, store, metrics: createMetrics(), maxQueue: 3 })
    assert.equal(ingest.push(marks(5)), true)
    await ingest.close()
    assert.equal(store.appends[0]?.messages.length, 5)
  })
})

describe('HTTP when the queue is full', () => {
  test('answers 503 with Retry-After and stores nothing of that request; the others are acknowledged', async () => {
    const store = createSpyStore()
    const release = store.hold()
    const metrics = createMetrics()
    const lines: string[] = []
    const log = createLogger({ sink: (l) => lines.push(l) })
    const ingest = createIngest({ store, metrics, maxQueue: 10, log })
    const app = createApp({ parts, store, ingest, metrics, log })
    const post = (events: Incoming[]) =>
      Promise.resolve(app.request('/api/events', { method: 'POST', body: encodeBatch(events.map((e) => ({ ...e, time: Date.now() }))), headers: { 'content-type': 'application/msgpack' } }))
    const first = post(marks(5, 'a'))
    await store.started(1)
    const second = post(marks(8, 'b'))
    await eventually(async () => (metrics.snapshot().queueLength === 8 ? true : undefined))
    const third = await post(marks(5, 'c'))
    assert.equal(third.status, 503)
    assert.equal(third.headers.get('retry-after'), '1')
    const body: any = await third.json()
    assert.equal(body.error, 'unavailable')
    assert.match(body.message, /the ingest queue holds 8 events, its limit is 10: nothing was stored, send again later/)
    assert.equal(sample(metrics.renderPrometheus(), 'upto_events_dropped_total', { transport: 'http' }), 5)
    release()
    assert.equal((await first).status, 200)
    assert.equal((await second).status, 200)
    assert.deepEqual((await store.messages('load', 't')).map((m) => m.name[0]).join(''), 'aaaaabbbbbbbb')
    assert.ok(lines.some((l) => /warn ingest queue full: answered 503 to 5 http events/.test(l)), lines.join('\n'))
    await ingest.close()
  })
})

describe('UDP when the queue is full', () => {
  test('drops what does not fit, counts it at /metrics, and stores the rest', async () => {
    const store = createSpyStore()
    const release = store.hold()
    const lines: string[] = []
    const collector = await startCollector({ store, port: 0, maxQueue: 20, log: (l) => lines.push(l) })
    const base = `http://127.0.0.1:${collector.httpPort}`
    const udp = udpClient(collector.udpPort)
    try {
      for (let i = 0; i < 60; i++) await udp.send(encodeEvent({ kind: 'mark', context: 'load', name: `u${i}`, host: '', time: Date.now(), timeline: 't' }))
      const counted = async () => {
        const text = await metricsOf(base)
        const received = sample(text, 'upto_events_received_total', { transport: 'udp' })
        return received === 60 ? text : undefined
      }
      const text = await eventually(counted)
      const dropped = sample(text, 'upto_events_dropped_total', { transport: 'udp' })
      // 20 wait in the queue; the held append took what had arrived before it began
      assert.ok(dropped >= 1 && dropped <= 40, `${dropped} dropped`)
      release()
      await eventually(async () => {
        const now = await metricsOf(base)
        return sample(now, 'upto_events_stored_total') + sample(now, 'upto_events_dropped_total', { transport: 'udp' }) === 60 ? true : undefined
      })
      assert.equal((await store.messages('load', 't')).length, 60 - dropped)
      assert.ok(lines.some((l) => /warn ingest queue full: dropped \d+ udp events/.test(l)), lines.join('\n'))
    } finally {
      udp.close()
      release()
      await collector.close()
    }
  })
})

describe('the client in --http mode', () => {
  /** A collector stand-in: answers 503 `busy` times (Retry-After 0), then 200. */
  async function busyServer(busy: number) {
    let requests = 0
    const server = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        requests++
        if (requests <= busy) {
          res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' })
          res.end(JSON.stringify({ error: 'unavailable', message: 'the ingest queue holds 9 events, its limit is 9: nothing was stored, send again later' }))
        } else {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ accepted: 1, refused: [] }))
        }
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return { port: (server.address() as AddressInfo).port, requests: () => requests, close: () => new Promise((r) => server.close(r)) }
  }

  test('sends again after a 503, with back-off, until the collector takes it', async () => {
    const server = await busyServer(2)
    try {
      const answer = await sendHttp(encodeBatch([{ kind: 'mark', context: 'c', name: 'n', host: '', time: 1 }]), { host: '127.0.0.1', port: server.port }, { timeoutMs: 5_000 })
      assert.equal(answer.accepted, 1)
      assert.equal(server.requests(), 3)
    } finally {
      await server.close()
    }
  })

  test('upto start --http fails with the reason when the collector stays busy past --timeout', async () => {
    const server = await busyServer(1_000)
    try {
      const io = captureIo(['start', 'deploy', 'db', '--http', '--rp', String(server.port), '--timeout', '1'])
      assert.equal(await run(io), 1)
      assert.match(io.stderr, /refused the event \(HTTP 503\): the ingest queue holds 9 events.*\(busy: still 503 when --timeout ran out/)
      assert.ok(server.requests() >= 2, `${server.requests()} requests`)
    } finally {
      await server.close()
    }
  })

  test('waits longer each time, never less than Retry-After, at most 5 s, spread by a quarter', () => {
    const mid = () => 0.5
    assert.deepEqual([1, 2, 3, 4].map((n) => retryWait(n, null, mid)), [200, 400, 800, 1600])
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => retryWait(n, '1', mid)), [1000, 1000, 1000, 1600, 3200])
    assert.equal(retryWait(10, null, mid), 5000)
    assert.equal(retryWait(1, '3600', mid), 5000)
    assert.equal(retryWait(1, 'soon', mid), 200)
    assert.equal(retryWait(1, null, () => 0), 150)
    assert.equal(retryWait(1, null, () => 1), 250)
  })
})
