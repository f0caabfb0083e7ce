// The lists' summaries (summaries.ts): a finished run is read once and kept until the change feed says it changed;
// a running run is summarised every time, as of the time asked.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Stored, TimelineInfo } from '../../src/core/types.ts'
import { summaryCache } from '../../src/facets/timelines/summaries.ts'
import { createChangeFeed } from '../../src/pipeline/change-feed.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import type { Store } from '../../src/store/types.ts'

const T = Date.UTC(2026, 11, 2, 12, 0, 0)
const msg = (kind: 'start' | 'end', name: string, time: number, timeline = 't1'): Stored =>
  ({ kind, context: 'deploy', timeline, name, host: '', time, received: time })

/** A memory store that counts the timelines read. */
function countingStore(): Store & { reads: number } {
  const store = createMemoryStore()
  const counted = Object.create(store) as Store & { reads: number }
  counted.reads = 0
  counted.messages = (context, timeline) => {
    counted.reads++
    return store.messages(context, timeline)
  }
  return counted
}

test('a finished run is read once and kept until it changes; a running one is summarised every time', async () => {
  const store = countingStore()
  const feed = createChangeFeed()
  const summaries = summaryCache(store, feed, () => T)
  const info: TimelineInfo = { context: 'deploy', id: 't1', created: T }
  const running: TimelineInfo = { context: 'deploy', id: 't2', created: T + 1 }
  const append = async (messages: Stored[], created: TimelineInfo[] = []) => {
    await store.append(messages, created)
    feed.publish(messages, created)
  }
  await append([msg('start', 'build', T), msg('end', 'build', T + 5_000)], [info])
  await append([msg('start', 'build', T, 't2')], [running])

  const [first] = await summaries.of([info], { now: T + 10_000 })
  assert.equal(first!.status, 'ok')
  await summaries.of([info], { now: T + 20_000 })
  assert.equal(store.reads, 1, 'the second list did not read the run again')

  await append([msg('start', 'test', T + 6_000), msg('end', 'test', T + 9_000)])
  const [changed] = await summaries.of([info], { now: T + 30_000 })
  assert.equal(store.reads, 2, 'read again once it changed')
  assert.equal(changed!.events, 2)

  const [a] = await summaries.of([running], { now: T + 10_000 })
  const [b] = await summaries.of([running], { now: T + 40_000 })
  assert.deepEqual([a!.running, a!.duration, b!.duration], [true, 10_000, 40_000], 'as of the time asked')
  assert.equal(store.reads, 4)
  summaries.close()
  assert.equal(feed.size, 0)
})

test('without a change feed nothing is kept', async () => {
  const store = countingStore()
  await store.append([msg('start', 'build', T), msg('end', 'build', T + 5_000)], [{ context: 'deploy', id: 't1', created: T }])
  const summaries = summaryCache(store, undefined, () => T)
  await summaries.of([{ context: 'deploy', id: 't1', created: T }], {})
  await summaries.of([{ context: 'deploy', id: 't1', created: T }], {})
  assert.equal(store.reads, 2)
})
