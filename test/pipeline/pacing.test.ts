import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Incoming } from '../../src/core/types.ts'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createSpyStore } from './spy-store.ts'

const mark = (name: string): Incoming => ({ kind: 'mark', context: 'flood', name, host: 'h', time: Date.now() - 1_000 })
const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

function setup(commitInterval: number) {
  const store = createSpyStore()
  const ingest = createIngest({ store, metrics: createMetrics(), commitInterval, log: createLogger({ sink: () => {} }) })
  return { store, ingest }
}

describe('paced group commit', () => {
  test('writes the first event after a quiet spell at once, and gathers what floods in after it', async () => {
    const { store, ingest } = setup(60_000)
    ingest.push([mark('first')])
    await store.started(1)
    // datagrams keep coming, turn after turn of the event loop, long after the first append finished
    for (let i = 0; i < 20; i++) {
      ingest.push([mark(`m${i}`)])
      await turn()
    }
    assert.equal(store.appends.length, 1, 'the flood waits for the commit interval')
    // a submit() ends the wait: its caller is not held back, and the flood goes with it
    await ingest.submit([mark('asked')])
    assert.deepEqual(store.appends.map((a) => a.messages.length), [1, 21])
    await ingest.close()
  })

  test('never holds back a submit(), even right after an append', { timeout: 10_000 }, async () => {
    const { store, ingest } = setup(60_000)
    await ingest.submit([mark('one')])
    await ingest.submit([mark('two')])
    await ingest.submit([mark('three')])
    assert.deepEqual(store.appends.map((a) => a.messages.map((m) => m.name)), [['one'], ['two'], ['three']])
  })
})

test('close() writes what the pacing holds back without waiting for the interval', { timeout: 10_000 }, async () => {
  const { store, ingest } = setup(60_000)
  ingest.push([mark('first')])
  await store.started(1)
  await turn()
  ingest.push([mark('held')])
  await turn()
  await ingest.close()
  assert.deepEqual(store.appends.map((a) => a.messages.map((m) => m.name)), [['first'], ['held']])
})
