// The UDP socket is read on its own thread (src/sources/udp/reader-thread.ts): while the collector's thread works in
// 15 ms turns, as it does drawing a big page, no datagram is lost; when the collector's thread falls too far
// behind, the reader drops datagrams and they are counted.

import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { createDelivery } from '../../src/pipeline/deliver.ts'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { listenUdp } from '../../src/sources/udp/udp.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { eventually } from '../server/udp-client.ts'

/** A child that sends `count` text datagrams to `port`, `perMs` every millisecond. */
const sender = (port: number, count: number, perMs: number) => `
  const s = require('node:dgram').createSocket('udp4'); let n = 0
  const tick = () => {
    for (let i = 0; i < ${perMs} && n < ${count}; i++, n++) s.send('mark load k' + n + ' host=h', ${port}, '127.0.0.1')
    if (n < ${count}) setTimeout(tick, 1); else setTimeout(() => s.close(), 100)
  }
  tick()`

function collectorParts() {
  const metrics = createMetrics()
  const lines: string[] = []
  const log = createLogger({ sink: (line) => lines.push(line) })
  const ingest = createIngest({ store: createMemoryStore(), metrics, log })
  return { metrics, log, ingest, lines, deliver: createDelivery({ source: 'udp', ingest, metrics, log, now: Date.now }) }
}

test('while the collector works in 15 ms turns, every datagram is read', async () => {
  const { metrics, log, ingest, deliver } = collectorParts()
  const udp = await listenUdp({ host: '127.0.0.1', port: 0, deliver, metrics, log })
  try {
    const sent = 20_000 // 10 a millisecond: on the collector's own thread, 32 a turn were read (about 2,000 a second)
    const child = spawn(process.execPath, ['-e', sender(udp.port, sent, 10)], { stdio: 'inherit' })
    const done = new Promise((resolve) => child.once('exit', resolve))
    let finished = false
    void done.then(() => (finished = true))
    while (!finished) {
      const until = performance.now() + 15
      while (performance.now() < until) { /* a turn of drawing */ }
      await new Promise((resolve) => setImmediate(resolve))
    }
    await eventually(async () => ((metrics.snapshot().received.udp ?? 0) >= sent ? true : undefined))
    assert.equal(metrics.snapshot().received.udp, sent)
    assert.equal(metrics.snapshot().dropped['udp queue_full'], 0)
  } finally {
    await udp.close()
    await ingest.close()
  }
})

test('when more than it may hold waits for the collector, the reader drops datagrams and they are counted', async () => {
  const { metrics, log, ingest, deliver, lines } = collectorParts()
  const udp = await listenUdp({ host: '127.0.0.1', port: 0, deliver, metrics, log, maxPendingBytes: 4_096 })
  try {
    // spawnSync: this thread waits while the child sends, the reader thread reads and holds at most 4 KiB
    const child = spawnSync(process.execPath, ['-e', sender(udp.port, 2_000, 20)], { timeout: 20_000 })
    assert.equal(child.status, 0, String(child.stderr))
    await eventually(async () => {
      const s = metrics.snapshot()
      return (s.received.udp ?? 0) + (s.dropped['udp queue_full'] ?? 0) + (s.kernelDrops ?? 0) === 2_000 ? s : undefined
    })
    const s = metrics.snapshot()
    assert.ok((s.dropped['udp queue_full'] ?? 0) > 0, JSON.stringify(s.dropped))
    assert.ok((s.received.udp ?? 0) > 0)
    assert.ok(lines.some((line) => /dropped \d+ datagrams: more than 4096 bytes were waiting to be decoded/.test(line)), lines.join('\n'))
  } finally {
    await udp.close()
    await ingest.close()
  }
})

test('a port in use is a ListenError naming it', async () => {
  const { metrics, log, ingest, deliver } = collectorParts()
  const first = await listenUdp({ host: '127.0.0.1', port: 0, deliver, metrics, log })
  try {
    await assert.rejects(listenUdp({ host: '127.0.0.1', port: first.port, deliver, metrics, log }),
      (error: Error & { reason?: string }) => error.name === 'ListenError' && error.reason === 'EADDRINUSE' && error.message.includes(`127.0.0.1:${first.port}`))
  } finally {
    await first.close()
    await ingest.close()
  }
})
