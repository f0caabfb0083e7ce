// Live-update clients that never read: hundreds of GET /api/changes streams left unread while events for
// thousands of distinct timelines arrive. The collector drops them, counts them, keeps its memory bounded,
// and goes on serving the clients that do read.

import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { type Socket, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Incoming } from '../../src/core/types.ts'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { collectorParts, createApp } from '../../src/server/app.ts'
import { createChangeFeed } from '../../src/pipeline/change-feed.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { startCollectorProcess } from '../helpers/collector-process.ts'
import { sseReader } from '../server/live-fixture.ts'
import { eventually } from '../server/udp-client.ts'
import { metricsOf, sample } from './metrics-text.ts'

const parts = await collectorParts()

let dir: string
before(async () => (dir = await mkdtemp(join(tmpdir(), 'upto-slow-readers-'))))
after(() => rm(dir, { recursive: true, force: true }))

/** A client that asks for the live stream and never reads a byte of it. */
function silentStream(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.pause()
      socket.write(`GET /api/changes HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\naccept: text/event-stream\r\n\r\n`, () => resolve(socket))
    })
    socket.on('error', () => {})
    socket.once('error', reject)
  })
}

/** The most memory the process has held, in MB (Linux: VmHWM). */
async function peakRssMB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024
}

const post = (port: number, events: unknown[]) =>
  fetch(`http://127.0.0.1:${port}/api/events`, { method: 'POST', body: JSON.stringify(events), headers: { 'content-type': 'application/json' } })

describe('live-update clients that never read', () => {
  test('hundreds of them are dropped and counted, and memory stays bounded', async (t) => {
    const store = createMemoryStore()
    const metrics = createMetrics()
    const lines: string[] = []
    const log = createLogger({ sink: (l) => lines.push(l) })
    const feed = createChangeFeed()
    const ingest = createIngest({ store, metrics, log, onStored: feed.publish })
    const app = createApp({ parts, store, ingest, metrics, log, changes: feed })
    const own = feed.size // the collector's own listeners (the lists' summaries)
    // 300 streams whose bodies nobody reads: each write waits for a reader that never comes
    const silent = await Promise.all(Array.from({ length: 300 }, () => Promise.resolve(app.request('/api/changes'))))
    assert.equal(feed.size, own + 300)
    const heapBefore = process.memoryUsage().heapUsed
    let heapPeak = heapBefore
    const context = `ctx-${'c'.repeat(150)}`
    for (let b = 0; b < 20; b++) {
      const events: Incoming[] = Array.from({ length: 1_000 }, (_, i) => ({ kind: 'new', context, name: '', host: '', timeline: `${b}-${i}-${'t'.repeat(150)}` }))
      await ingest.submit(events)
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)
    }
    assert.equal(feed.size, own, 'every silent stream was dropped')
    assert.equal(metrics.snapshot().streamsDropped.slow, 300)
    assert.match(metrics.renderPrometheus(), /upto_live_streams_dropped_total\{reason="slow"\} 300\n/)
    assert.match(metrics.renderPrometheus(), /upto_live_streams 0\n/)
    // 300 streams told of 20,000 timelines would hold 6 million waiting changes, gigabytes
    const grown = (heapPeak - heapBefore) / 2 ** 20
    t.diagnostic(`the heap grew by ${grown.toFixed(0)} MB at most`)
    assert.ok(grown < 150, `the heap grew by ${grown.toFixed(0)} MB`)
    assert.equal(lines.filter((l) => /dropped a live-update stream/.test(l)).length, 1, 'one log line for a burst of drops')
    await Promise.all(silent.map((r) => r.body?.cancel()))
    await ingest.close()
  })

  test('over real connections: dropped, their sockets closed, and reading clients still served', async () => {
    const collector = await startCollectorProcess(join(dir, 'silent'))
    const { port } = collector
    const base = `http://127.0.0.1:${port}`
    const silent: Socket[] = []
    try {
      for (let i = 0; i < 20; i++) silent.push(await silentStream(port))
      await eventually(async () => (sample(await metricsOf(base), 'upto_live_streams') === 20 ? true : undefined))
      // the kernel takes a few MB for a connection that does not read: 20,000 changes of ~400 bytes are more
      const context = `ctx-${'c'.repeat(150)}`
      for (let b = 0; b < 20; b++) {
        const events = Array.from({ length: 1_000 }, (_, i) => ({ type: 'new', context, timeline: `${b}-${i}-${'t'.repeat(150)}` }))
        assert.equal((await post(port, events)).status, 200)
      }
      const text = await eventually(async () => {
        const m = await metricsOf(base)
        return sample(m, 'upto_live_streams_dropped_total', { reason: 'slow' }) === 20 ? m : undefined
      }, 30_000)
      assert.equal(sample(text, 'upto_live_streams'), 0)
      // the collector closed their connections: read what the kernel holds, and the end comes
      await Promise.all(silent.map((s) => new Promise<void>((resolve) => {
        s.once('close', () => resolve())
        s.resume()
      })))
      assert.ok(await peakRssMB(collector.child.pid!) < 400)

      // a client that reads is told of the next change
      const reading = await fetch(`${base}/api/changes`, { headers: { accept: 'text/event-stream' } })
      const events = sseReader(reading)
      assert.equal((await events.next())?.event, 'hello')
      assert.equal((await post(port, [{ type: 'mark', context: 'after', name: 'x' }])).status, 200)
      assert.deepEqual(JSON.parse((await events.next())?.data ?? 'null').context, 'after')
      await events.cancel()
      assert.match(collector.log(), /warn dropped a live-update stream of 127\.0\.0\.1: more than 1000 changes waited for it; its page reconnects and fetches afresh/)
    } finally {
      for (const socket of silent) socket.destroy()
      await collector.stop()
    }
  })

  test('at most --max-streams are open at once: the next is answered 503 with Retry-After, and counted', async () => {
    const collector = await startCollectorProcess(join(dir, 'max-streams'), undefined, { args: ['--max-streams', '5'] })
    const base = `http://127.0.0.1:${collector.port}`
    const silent: Socket[] = []
    try {
      for (let i = 0; i < 5; i++) silent.push(await silentStream(collector.port))
      await eventually(async () => (sample(await metricsOf(base), 'upto_live_streams') === 5 ? true : undefined))
      const refused = await fetch(`${base}/api/changes`, { headers: { accept: 'text/event-stream' } })
      assert.equal(refused.status, 503)
      assert.equal(refused.headers.get('retry-after'), '5')
      assert.match(((await refused.json()) as { message: string }).message, /5 live-update streams are open, the most this collector keeps \(--max-streams 5\)/)
      assert.equal(sample(await metricsOf(base), 'upto_live_streams_dropped_total', { reason: 'too_many' }), 1)
      silent.pop()?.destroy()
      await eventually(async () => (sample(await metricsOf(base), 'upto_live_streams') === 4 ? true : undefined))
      const next = await fetch(`${base}/api/changes`, { headers: { accept: 'text/event-stream' } })
      assert.equal(next.status, 200)
      await next.body?.cancel()
    } finally {
      for (const socket of silent) socket.destroy()
      await collector.stop()
    }
  })
})
