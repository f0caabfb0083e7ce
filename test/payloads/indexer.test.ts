// The indexer keeps the payloads' index up with the events: durable batches are indexed, a payload indexed again
// when more of its messages come, the newest payloads an index missed (a crash) indexed at start, and payloads
// whose timelines retention removed forgotten.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Stored, TimelineInfo } from '../../src/core/types.ts'
import { startIndexer } from '../../src/facets/payloads/indexer.ts'
import { readStatus, statusEvent, type StatusMessage } from '../../src/facets/payloads/model/status.ts'
import { payloadIndex } from '../../src/facets/payloads/store.ts'
import { createChangeFeed } from '../../src/pipeline/change-feed.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createRemovals } from '../../src/pipeline/removals.ts'
import { createMemoryStore } from '../../src/store/memory.ts'

const id = (n: number) => String(n).padStart(32, '0')
const stored = (n: number, status: string, extra: Record<string, string> = {}, at = 0): Stored =>
  ({ ...statusEvent(readStatus({ service: 'ingress', request_id: id(n), status, date: new Date(Date.UTC(2026, 0, 1) + at).toISOString(), ...extra }) as StatusMessage), received: 1_000 * n + at }) as Stored
const info = (n: number): TimelineInfo => ({ context: 'payloads', id: id(n), created: 1_000 * n })

test('indexes what is durable, again as a payload grows, what a crash left out at start, and forgets what retention removed', async () => {
  const store = createMemoryStore()
  const index = payloadIndex(store.state('payloads'))
  const lines: string[] = []
  const log = createLogger({ sink: (line) => lines.push(line) })
  // payload 1 was stored before the collector stopped, but never indexed
  await store.append([stored(1, 'received', { account: 'a' })], [info(1)])
  const changes = createChangeFeed()
  const removals = createRemovals()
  const indexer = startIndexer({ store, index, changes, removals, log })
  await indexer.settled()
  assert.deepEqual(await index.get(id(1)), { request_id: id(1), created_at: 1_000, account: 'a' })
  assert.match(lines.join('\n'), /payload index: 1 payloads indexed from their events/)

  const publish = async (messages: Stored[], created: TimelineInfo[]) => {
    await store.append(messages, created)
    changes.publish(messages, created)
    await indexer.settled()
  }
  await publish([stored(2, 'received')], [info(2)])
  await publish([stored(2, 'success', { account: 'b', inventory_id: 'inv' }, 5)], [])
  assert.deepEqual(await index.get(id(2)), { request_id: id(2), created_at: 2_000, account: 'b', inventory_id: 'inv' })
  const listed = await index.statuses({ page: 0, pageSize: 10, sortDir: 'asc', sortBy: 'date', filters: {}, date: {}, createdAt: {} })
  assert.deepEqual(listed.items.map((s) => [s.request_id, s.status]), [[id(1), 'received'], [id(2), 'received'], [id(2), 'success']])

  removals.publish([info(1), { context: 'other', id: id(2), created: 0 }])
  await indexer.settled()
  assert.equal(await index.get(id(1)), undefined)
  assert.ok(await index.get(id(2)), 'a timeline of another context is not a payload')
  await indexer.close()
  await store.close()
})
