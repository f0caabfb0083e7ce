// The graph store's contract, run against each backend: a key space in memory and in LevelDB, tables on
// PostgreSQL (skipped when no server answers, outside CI). Counts summed per bucket, the latest node wins,
// windows inclusive by bucket start, durable across a reopen, retention; on PostgreSQL two collectors sum.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { GraphStore } from '../../src/facets/graph/graph-store.ts'
import { keyGraphStore } from '../../src/facets/graph/key-graph-store.ts'
import { graphMigrations, sqlGraphStore } from '../../src/facets/graph/sql-graph-store.ts'
import { DAY, HOUR, MINUTE, type EdgeRow, type EdgeReport, type GraphNode, type Report } from '../../src/facets/graph/model/types.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import type { SqlState } from '../../src/store/types.ts'
import { describeWithPostgres, findPostgres } from '../store/postgres-server.ts'
import { keyBackends, openSqlState } from '../store/state-backends.ts'

interface Opened {
  store: GraphStore
  reopen(): Promise<GraphStore>
  close(): Promise<void>
}

const t0 = Date.UTC(2026, 11, 2, 12, 0, 0)
const api = '00000000-0000-4000-8000-00000000000a'
const db = '00000000-0000-4000-8000-00000000000b'
const getUsers = '00000000-0000-4000-8000-00000000000c'

const service = (nodeId: string, name: string, extra: Partial<GraphNode> = {}): GraphNode =>
  ({ nodeId, nodeType: 'service', name, parentId: null, description: null, class: null, ...extra })
const edge = (minute: number, from: string, to: string, n: number, extra: Partial<EdgeReport> = {}): EdgeReport =>
  ({ minute, from, to, status: 'ok', n, description: null, class: null, ...extra })
const report = (edges: EdgeReport[], nodes: GraphNode[] = [], projectId = 1): Report => ({ projectId, nodes, edges })

/** Totals by pair and status: `from to status` → [n, newest minute]. */
function byPair(rows: readonly EdgeRow[]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {}
  for (const row of rows) {
    const key = `${row.from === api ? 'api' : 'db'} ${row.to === api ? 'api' : 'db'} ${row.status}`
    const had = out[key] ?? [0, 0]
    out[key] = [had[0] + row.n, Math.max(had[1], row.last)]
  }
  return out
}

function graphStoreContract(open: () => Promise<Opened>): void {
  const withStore = (name: string, body: (opened: Opened) => Promise<void>) =>
    test(name, async () => {
      const opened = await open()
      try {
        await body(opened)
      } finally {
        await opened.close()
      }
    })

  withStore('keeps the nodes of a report, the latest report of a node winning', async ({ store }) => {
    await store.submit(report([], [service(api, 'api'), service(db, 'db', { description: 'old' })]))
    await store.submit(report([], [service(db, 'postgres', { description: 'primary', class: 'database' }),
      { nodeId: getUsers, nodeType: 'transaction', name: 'GET /users', parentId: api, description: null, class: null }]))
    assert.deepEqual(await store.nodes(1), [
      service(api, 'api'),
      service(db, 'postgres', { description: 'primary', class: 'database' }),
      { nodeId: getUsers, nodeType: 'transaction', name: 'GET /users', parentId: api, description: null, class: null },
    ])
    assert.deepEqual((await store.nodes(1, [db, '00000000-0000-4000-8000-0000000000ff'])).map((n) => n.name), ['postgres'])
    assert.deepEqual(await store.nodes(2), [])
  })

  withStore('a window\'s totals are its buckets summed, and follow every submit; an old window too', async ({ store, reopen }) => {
    await store.submit(report([edge(t0 - 30 * MINUTE, api, db, 2), edge(t0, api, db, 3), edge(t0 + 10 * MINUTE, api, db, 4, { status: 'unexpected_error' }),
      edge(t0 + HOUR + 5 * MINUTE, api, db, 5), edge(t0 + HOUR + 50 * MINUTE, db, api, 6)], [service(api, 'api'), service(db, 'db')]))
    // loose minutes from t0 − 40 min, the hour at t0 whole, loose minutes to t0 + 1 h 20 min (db → api is after it)
    const start = t0 - 40 * MINUTE
    const end = t0 + HOUR + 20 * MINUTE
    assert.deepEqual(byPair(await store.totals(1, start, end)), {
      'api db ok': [10, t0 + HOUR + 5 * MINUTE], 'api db unexpected_error': [4, t0 + 10 * MINUTE],
    })
    await store.submit(report([edge(t0 + 20 * MINUTE, api, db, 1)], [service(db, 'postgres')]))
    assert.deepEqual(byPair(await store.totals(1, start, end))['api db ok'], [11, t0 + HOUR + 5 * MINUTE], 'the next submit counts at once')
    await store.submit(report([edge(t0 - 3 * DAY, api, db, 9)]))
    assert.deepEqual(byPair(await store.totals(1, t0 - 3 * DAY - HOUR, t0 - 2 * DAY)), { 'api db ok': [9, t0 - 3 * DAY] }, 'three days ago')
    const known = await store.known(1)
    assert.deepEqual([...known.nodes.values()].map((n) => n.name).sort(), ['api', 'postgres'])
    const reopened = await reopen()
    assert.deepEqual(byPair(await reopened.totals(1, start, end))['api db ok'], [11, t0 + HOUR + 5 * MINUTE], 'read back after a reopen')
    assert.deepEqual(await reopened.totals(2, start, end), [])
  })

  withStore('sums n per minute, pair and status, and per hour with its newest minute', async ({ store }) => {
    await store.submit(report([edge(t0, api, db, 3), edge(t0, api, db, 4), edge(t0 + MINUTE, api, db, 5)]))
    await store.submit(report([edge(t0, api, db, 2), edge(t0, api, db, 1, { status: 'unexpected_error' }), edge(t0 + HOUR, api, db, 7)]))
    const minutes = await store.rows(1, 'minute', t0, t0 + 2 * HOUR)
    assert.deepEqual(minutes.map((r) => [r.ts - t0, r.status, r.n, r.last - t0]), [
      [0, 'ok', 9, 0], [0, 'unexpected_error', 1, 0], [MINUTE, 'ok', 5, MINUTE], [HOUR, 'ok', 7, HOUR],
    ])
    const hours = await store.rows(1, 'hour', t0, t0 + HOUR)
    assert.deepEqual(hours.map((r) => [r.ts - t0, r.status, r.n, r.last - t0]), [
      [0, 'ok', 14, MINUTE], [0, 'unexpected_error', 1, 0], [HOUR, 'ok', 7, HOUR],
    ])
  })

  withStore('reads a window by bucket start, both bounds included, one project at a time', async ({ store }) => {
    await store.submit(report([0, 1, 2, 3].map((i) => edge(t0 + i * MINUTE, api, db, 1))))
    await store.submit(report([edge(t0 + MINUTE, api, db, 100)], [], 2))
    assert.deepEqual((await store.rows(1, 'minute', t0 + MINUTE, t0 + 2 * MINUTE)).map((r) => [r.ts - t0, r.n]), [[MINUTE, 1], [2 * MINUTE, 1]])
    assert.deepEqual((await store.rows(2, 'minute', t0, t0 + 3 * MINUTE)).map((r) => r.n), [100])
    assert.deepEqual(await store.projects(), [1, 2])
  })

  withStore('many submits at once sum exactly', async ({ store }) => {
    await Promise.all(Array.from({ length: 60 }, (_, i) => store.submit(report([edge(t0, api, db, i + 1), edge(t0 + (i % 3) * MINUTE, db, api, 1)]))))
    const rows = await store.rows(1, 'minute', t0, t0 + 10 * MINUTE)
    assert.equal(rows.find((r) => r.from === api)!.n, (60 * 61) / 2)
    assert.deepEqual(rows.filter((r) => r.from === db).map((r) => r.n), [20, 20, 20])
  })

  withStore('keeps the latest description and class of a pair', async ({ store }) => {
    await store.submit(report([edge(t0, api, db, 1, { description: 'SELECT', class: 'db' })]))
    await store.submit(report([edge(t0, api, db, 1, { description: 'INSERT', class: 'db' })]))
    assert.deepEqual(await store.edgeInfo(1), [{ from: api, to: db, description: 'INSERT', class: 'db' }])
  })

  withStore('what was submitted is there after a reopen', async (opened) => {
    await opened.store.submit(report([edge(t0, api, db, 5)], [service(api, 'api')]))
    const again = await opened.reopen()
    assert.deepEqual((await again.nodes(1)).map((n) => n.name), ['api'])
    await again.submit(report([edge(t0, api, db, 2)]))
    assert.deepEqual((await again.rows(1, 'minute', t0, t0)).map((r) => r.n), [7])
  })

  withStore('retention removes the buckets before the cutoff, hours once they ended, and keeps the nodes', async ({ store }) => {
    await store.submit(report([edge(t0, api, db, 1), edge(t0 + 59 * MINUTE, api, db, 1), edge(t0 + HOUR, api, db, 1)], [service(api, 'api')], 1))
    await store.submit(report([edge(t0, db, api, 1)], [], 2))
    const removed = await store.deleteBefore(t0 + HOUR)
    // minutes 0 and 59 of project 1, minute 0 of project 2, and both projects' first hour
    assert.equal(removed, 5)
    assert.deepEqual((await store.rows(1, 'minute', 0, t0 + 2 * HOUR)).map((r) => r.ts - t0), [HOUR])
    assert.deepEqual((await store.rows(1, 'hour', 0, t0 + 2 * HOUR)).map((r) => r.ts - t0), [HOUR])
    assert.deepEqual(await store.rows(2, 'hour', 0, t0 + 2 * HOUR), [])
    assert.equal((await store.nodes(1)).length, 1)
    assert.equal(await store.deleteBefore(t0 + HOUR), 0)
  })
}

for (const backend of keyBackends) {
  describe(`the graph store on ${backend.name}`, () => {
    graphStoreContract(async () => {
      const opened = await backend.open('graph')
      // its clock two hours after t0: the day it answers from memory holds t0
      const now = () => t0 + 2 * HOUR
      return { store: keyGraphStore(opened.state, now), reopen: async () => keyGraphStore(await opened.reopen(), now), close: () => opened.close() }
    })
  })
}

describeWithPostgres('the graph store on PostgreSQL', await findPostgres(), (url) => {
  graphStoreContract(async () => {
    const opened = await openSqlState(url, 'graph')
    await opened.state.migrate(graphMigrations)
    return { store: sqlGraphStore(opened.state), reopen: async () => sqlGraphStore(await opened.reopen()), close: () => opened.close() }
  })

  test('two collectors on one database sum the same buckets exactly', async () => {
    const opened = await openSqlState(url, 'graph')
    const other = await openPostgresStore(url, { schema: opened.schema })
    try {
      await opened.state.migrate(graphMigrations)
      const stores = [sqlGraphStore(opened.state), sqlGraphStore(other.state('graph') as SqlState)]
      await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 2]!.submit(report([edge(t0, api, db, 1), edge(t0, db, api, 2)]))))
      const rows = await stores[1]!.rows(1, 'minute', t0, t0)
      assert.deepEqual(rows.map((r) => [r.from, r.n]).sort(), [[api, 40], [db, 80]])
    } finally {
      await other.close()
      await opened.close()
    }
  })
})
