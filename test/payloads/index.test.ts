// The payloads' index (store.ts) through one contract, on every backend: a key space in memory and on LevelDB, and
// PostgreSQL tables (skipped, saying why, when no server runs outside CI).

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Derived } from '../../src/facets/payloads/model/payload.ts'
import { readPayloadQuery, readStatusQuery, type PayloadQuery, type StatusQuery } from '../../src/facets/payloads/model/query.ts'
import { type PayloadIndex, payloadIndex, preparePayloadIndex } from '../../src/facets/payloads/store.ts'
import type { StateBackend } from '../../src/store/types.ts'
import { describeWithPostgres, findPostgres } from '../store/postgres-server.ts'
import { keyBackends, openSqlState } from '../store/state-backends.ts'

const q = (params: Record<string, string> = {}) => readPayloadQuery(params) as PayloadQuery
const sq = (params: Record<string, string> = {}) => readStatusQuery(params) as StatusQuery

function payload(n: number, fields: Partial<Derived['record']> = {}, statuses = 2): Derived {
  const request_id = `r${String(n).padStart(3, '0')}`
  const record = { request_id, created_at: 1_000 * n, ...fields }
  return {
    record,
    statuses: Array.from({ length: statuses }, (_, i) => ({
      service: i % 2 ? 'advisor' : 'ingress', request_id, status: i === statuses - 1 ? 'success' : 'received', date: 1_000 * n + i, created_at: 1_000 * n + i,
    })),
  }
}

function indexContract(name: string, open: () => Promise<{ state: StateBackend; close(): Promise<void> }>): void {
  const withIndex = async (run: (index: PayloadIndex) => Promise<void>) => {
    const { state, close } = await open()
    try {
      await preparePayloadIndex(state)
      await run(payloadIndex(state))
    } finally {
      await close()
    }
  }

  describe(`the payloads' index on ${name}`, () => {
    test('looks payloads up by each attribute, with the other filters, sorted, paged and counted', () => withIndex(async (index) => {
      await index.put(Array.from({ length: 30 }, (_, n) => payload(n + 1, { account: n % 3 === 0 ? 'a0' : 'a1', inventory_id: `i${n % 5}`, ...(n % 2 ? { org_id: 'o' } : {}) })))
      assert.deepEqual(await index.get('r007'), { request_id: 'r007', created_at: 7_000, account: 'a0', inventory_id: 'i1' })
      assert.equal(await index.get('nothing'), undefined)
      const byInventory = await index.payloads(q({ inventory_id: 'i2', page_size: '2', sort_dir: 'asc' }))
      assert.equal(byInventory.count, 6)
      assert.deepEqual(byInventory.items.map((p) => p.request_id), ['r003', 'r008'])
      const both = await index.payloads(q({ account: 'a0', org_id: 'o' }))
      assert.deepEqual(both.items.map((p) => p.request_id), ['r028', 'r022', 'r016', 'r010', 'r004'])
      const all = await index.payloads(q({ page: '2', page_size: '10' }))
      assert.equal(all.count, 30)
      assert.deepEqual(all.items.map((p) => p.request_id), Array.from({ length: 10 }, (_, i) => `r${String(10 - i).padStart(3, '0')}`))
      const window = await index.payloads(q({ created_at_gt: new Date(5_000).toISOString(), created_at_lte: new Date(8_000).toISOString() }))
      assert.deepEqual(window.items.map((p) => p.request_id), ['r008', 'r007', 'r006'])
      const byOrg = await index.payloads(q({ sort_by: 'org_id', sort_dir: 'asc', page_size: '1' }))
      assert.equal(byOrg.items[0]!.org_id, undefined, 'payloads without the field come first, ascending')
    }))

    test('a payload put again replaces what was kept of it: attributes, look-ups and statuses', () => withIndex(async (index) => {
      await index.put([payload(1, { account: 'old', inventory_id: 'x' }, 3)])
      await index.put([payload(1, { account: 'new' }, 2)])
      assert.equal((await index.payloads(q({ account: 'old' }))).count, 0)
      assert.equal((await index.payloads(q({ inventory_id: 'x' }))).count, 0)
      assert.deepEqual((await index.payloads(q({ account: 'new' }))).items.map((p) => p.request_id), ['r001'])
      assert.equal((await index.statuses(sq())).count, 2)
    }))

    test('statuses by service, status and time, sorted and counted; removed with their payload', () => withIndex(async (index) => {
      await index.put([payload(1), payload(2, {}, 3), payload(3)])
      assert.equal((await index.statuses(sq())).count, 7)
      const success = await index.statuses(sq({ status: 'SUCCESS', sort_by: 'date', sort_dir: 'asc' }))
      assert.deepEqual(success.items.map((s) => [s.request_id, s.date]), [['r001', 1_001], ['r002', 2_002], ['r003', 3_001]])
      const window = await index.statuses(sq({ date_gte: new Date(2_000).toISOString(), date_lt: new Date(3_000).toISOString(), service: 'advisor' }))
      assert.deepEqual(window.items.map((s) => s.date), [2_001])
      await index.remove(['r002', 'nothing'])
      assert.equal(await index.get('r002'), undefined)
      assert.equal((await index.statuses(sq())).count, 4)
      assert.equal((await index.payloads(q())).count, 2)
    }))
  })
}

for (const backend of keyBackends) indexContract(backend.name, () => backend.open('payloads'))
describeWithPostgres("the payloads' index on PostgreSQL", await findPostgres(), (url) => {
  indexContract('PostgreSQL', () => openSqlState(url, 'payloads'))
})
