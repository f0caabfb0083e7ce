// The kernel's receive-buffer drops for the collector's UDP socket, from /proc/net/udp, at /metrics.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, test } from 'node:test'
import { createDelivery } from '../../src/pipeline/deliver.ts'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { dropsIn, kernelDrops, procAddress } from '../../src/sources/udp/kernel-drops.ts'
import { listenUdp } from '../../src/sources/udp/udp.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { eventually } from '../server/udp-client.ts'
import { sample } from './metrics-text.ts'

const procNetUdp = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  101: 0100007F:1FBB 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 17
  102: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4243 2 0000000000000000 0
`

describe('kernel drops', () => {
  test('are read from the line of the socket’s address and port', () => {
    assert.equal(procAddress({ address: '127.0.0.1', port: 8123 }, false, true), '0100007F:1FBB')
    assert.equal(procAddress({ address: '127.0.0.1', port: 8123 }, false, false), '7F000001:1FBB')
    assert.equal(procAddress({ address: '::1', port: 8123 }, true, true), '00000000000000000000000001000000:1FBB')
    assert.equal(procAddress({ address: '::', port: 53 }, true, true), `${'0'.repeat(32)}:0035`)
    assert.equal(dropsIn(procNetUdp, '0100007F:1FBB'), 17)
    assert.equal(dropsIn(procNetUdp, '00000000:0035'), 0)
    assert.equal(dropsIn(procNetUdp, '0100007F:0001'), undefined)
  })

  test('are unknown, not zero, where the kernel does not say', () => {
    const missing = () => {
      throw Object.assign(new Error('no such file'), { code: 'ENOENT' })
    }
    assert.equal(kernelDrops({ address: '127.0.0.1', port: 8123 }, missing), undefined)
    const metrics = createMetrics()
    metrics.kernelDrops(() => undefined)
    assert.ok(!metrics.renderPrometheus().includes('upto_udp_kernel_drops_total'))
  })

  test('counts what the kernel dropped while the collector could not read, at /metrics', async (t) => {
    if (!existsSync('/proc/net/udp')) return t.skip('no /proc/net/udp: not Linux')
    const metrics = createMetrics()
    const log = createLogger({ sink: () => {} })
    const ingest = createIngest({ store: createMemoryStore(), metrics, log })
    // the smallest buffer the kernel grants: a few datagrams fill it, faster than the reader thread empties it
    const udp = await listenUdp({ host: '127.0.0.1', port: 0, deliver: createDelivery({ source: 'udp', ingest, metrics, log, now: Date.now }), metrics, log, recvBufferSize: 2_048 })
    try {
      assert.equal(sample(metrics.renderPrometheus(), 'upto_udp_kernel_drops_total'), 0)
      // the child sends as fast as it can (spawnSync: this thread waits; the reader thread reads meanwhile)
      const sender = `
        const s = require('node:dgram').createSocket('udp4'); let n = 0
        const line = Buffer.from('mark load k host=h'.padEnd(200, ' '))
        const next = () => n++ < 2000 ? s.send(line, ${udp.port}, '127.0.0.1', next) : s.close()
        next()`
      const child = spawnSync(process.execPath, ['-e', sender], { timeout: 20_000 })
      assert.equal(child.status, 0, String(child.stderr))
      const text = metrics.renderPrometheus()
      const dropped = sample(text, 'upto_udp_kernel_drops_total')
      assert.ok(dropped > 0, text)
      t.diagnostic(`kernel drops: ${dropped} of 2000 datagrams`)
      assert.match(text, /# HELP upto_udp_kernel_drops_total Datagrams the kernel dropped for the UDP socket/)
      // what the kernel kept is read now: received + dropped by the kernel = sent
      await eventually(async () => ((metrics.snapshot().received.udp ?? 0) + dropped === 2000 ? true : undefined))
    } finally {
      await udp.close()
      await ingest.close()
    }
  })
})
