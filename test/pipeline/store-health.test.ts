import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Incoming } from '../../src/core/types.ts'
import { StoreUnavailableError, createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { type DiskSpace, createStoreHealth } from '../../src/pipeline/store-health.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createSpyStore } from './spy-store.ts'

const start = (name: string): Incoming => ({ kind: 'start', context: 'build', name, host: '', time: 1 })

function setup(space?: DiskSpace) {
  const store = createSpyStore()
  const recoveries: Array<'failed' | 'ok'> = []
  let recoverable = false
  store.recover = async () => {
    recoveries.push(recoverable ? 'ok' : 'failed')
    if (!recoverable) throw new Error('still full')
  }
  const lines: string[] = []
  const log = createLogger({ sink: (l) => lines.push(l) })
  let disk = space
  // a long interval: the test calls check() itself
  const health = createStoreHealth({ store, log, interval: 3_600_000, minFree: { bytes: 1_000 }, space: async () => disk })
  const metrics = createMetrics()
  const ingest = createIngest({ store, metrics, log, health })
  return {
    store, health, ingest, metrics, lines, recoveries,
    recoverable: () => (recoverable = true),
    setFree: (free: number) => (disk = { free, total: 1e6 }),
  }
}

describe('the store health', () => {
  test('a failed append refuses everything until the store has recovered, then takes events again', async () => {
    const f = setup()
    f.store.failNext(1, 'No space left on device')
    await assert.rejects(f.ingest.submit([start('a')]), StoreUnavailableError)
    assert.match(f.health.refusing() ?? '', /the store failed \(No space left on device\)/)
    assert.equal(f.ingest.push([start('b')]), false)
    await assert.rejects(f.ingest.submit([start('c')]), /the store takes no writes: the store failed/)
    await f.health.check()
    assert.notEqual(f.health.refusing(), undefined, 'still refusing while recover() fails')
    f.recoverable()
    await f.health.check()
    assert.equal(f.health.refusing(), undefined)
    assert.deepEqual(f.recoveries, ['failed', 'ok'])
    await f.ingest.submit([start('d')])
    assert.deepEqual(f.store.appends.map((a) => a.messages.map((m) => m.name)), [['d']])
    assert.match(f.metrics.renderPrometheus(), /upto_store_failed_batches_total 1\n/)
    const log = f.lines.join('\n')
    assert.match(log, /error store failed: No space left on device; refusing events until a write succeeds again/)
    assert.match(log, /error store still not writable: still full/)
    assert.match(log, /info store writable again/)
    f.health.stop()
  })

  test('refuses while free space is below the floor, and not once there is room again', async () => {
    const f = setup({ free: 500, total: 1e6 })
    await f.health.check()
    assert.match(f.health.refusing() ?? '', /only 500 B free on the store's disk, below --min-free 1.0 kB/)
    assert.equal(f.ingest.push([start('a')]), false)
    f.setFree(5_000)
    await f.health.check()
    assert.equal(f.health.refusing(), undefined)
    assert.deepEqual(f.recoveries, [], 'nothing failed: nothing to recover')
    f.health.stop()
  })

  test('a failed write is not recovered while the disk is still below the floor', async () => {
    const f = setup({ free: 5_000, total: 1e6 })
    f.store.failNext(1, 'No space left on device')
    await assert.rejects(f.ingest.submit([start('a')]))
    f.setFree(10)
    f.recoverable()
    await f.health.check()
    assert.deepEqual(f.recoveries, [])
    f.setFree(5_000)
    await f.health.check()
    assert.deepEqual(f.recoveries, ['ok'])
    assert.equal(f.health.refusing(), undefined)
    f.health.stop()
  })
})

describe('store errors in the log', () => {
  test('a store that fails at every try for 10 s writes one line per cause, then says how many were not shown', async () => {
    const store = createSpyStore() // no recover(): the next batch is the test (PostgreSQL)
    store.failNext(1_000_000, 'connect ECONNREFUSED 127.0.0.1:5432')
    let clock = 0
    const lines: string[] = []
    const log = createLogger({ sink: (l) => lines.push(l), now: () => clock })
    const health = createStoreHealth({ store, log, interval: 3_600_000, now: () => clock })
    const ingest = createIngest({ store, metrics: createMetrics(), log, health, now: () => clock })
    // ten seconds of an outage: a batch every 10 ms, each failing, the health checked as often
    for (let i = 0; i < 1_000; i++) {
      clock += 10
      await health.check()
      await ingest.submit([start(`s${i}`)]).catch(() => {})
    }
    clock += 10
    await health.check()
    await ingest.submit([start('last')]).catch(() => {})
    const failed = lines.filter((l) => /store failed/.test(l))
    assert.equal(failed.length, 2, failed.join('\n'))
    assert.match(failed[1]!, /store failed: connect ECONNREFUSED 127\.0\.0\.1:5432; refusing events until a write succeeds again \(\d+ more since 1970-01-01T00:00:00\.010Z\)/)
    health.stop()
  })
})
