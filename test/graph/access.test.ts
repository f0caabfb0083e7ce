// servicegraph's SDK posts to /submit/ with no token: a collector with --token lets it in only from the networks
// graph_submit_from names. And edge buckets are kept for graph_retain, or --retain when that is shorter.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { graphRetention } from '../../src/facets/graph/collector.ts'
import { networkProblem } from '../../src/http/open-writes.ts'
import { startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { ids, iso, services } from './graph-fixture.ts'

const token = 'w-secret'
const minute = 60_000

async function collectorWith(facetSettings: Record<string, unknown>, extra: { retainMs?: number; now?: () => number } = {}) {
  return startCollector({ store: createMemoryStore(), port: 0, host: '127.0.0.1', token, log: () => {}, facetSettings, ...extra })
}

const post = (port: number, path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), redirect: 'manual',
})

test('with --token, /submit/ needs none from graph_submit_from; every other write still does', async () => {
  const open = await collectorWith({ graph_submit_from: ['127.0.0.0/8'] })
  const elsewhere = await collectorWith({ graph_submit_from: ['10.0.0.0/8', 'fd00::/8'] })
  try {
    const report = { project_id: 1, nodes: services, edges: [] }
    const sdk = await post(open.httpPort, '/submit/', report)
    assert.equal(sdk.status, 200, 'the SDK from 127.0.0.1 is in')
    assert.equal(await sdk.text(), '')
    assert.equal((await post(open.httpPort, '/submit', report)).status, 200)
    assert.equal((await post(open.httpPort, '/api/events', [{ kind: 'mark', context: 'c', name: 'a' }])).status, 401, 'upto events still need --token')
    assert.equal((await post(elsewhere.httpPort, '/submit/', report)).status, 401, 'not from the networks named')
    assert.equal((await post(elsewhere.httpPort, '/submit/', report, { authorization: `Bearer ${token}` })).status, 200, 'the token still works')
  } finally {
    await open.close()
    await elsewhere.close()
  }
})

test('graph_submit_from takes addresses and networks, and says what it expected of anything else', async () => {
  for (const good of ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']) assert.equal(networkProblem(good), undefined, good)
  assert.match(networkProblem('intranet')!, /not an address or a network: expected 10\.0\.0\.0\/8/)
  assert.match(networkProblem('10.0.0.0/33')!, /0 to 32 bits/)
  await assert.rejects(collectorWith({ graph_submit_from: ['10.0.0.0/x'] }), /graph_submit_from: "10\.0\.0\.0\/x"/)
})

test('buckets are kept 30 days, graph_retain, or --retain when that is shorter', async () => {
  const day = 86_400_000
  assert.equal(graphRetention(undefined, undefined), 30 * day)
  assert.equal(graphRetention(7 * day, undefined), 7 * day)
  assert.equal(graphRetention(7 * day, day), day)
  assert.equal(graphRetention(undefined, 60 * day), 30 * day)
  // a collector with --retain 1h sweeps at start: a bucket of two hours ago goes, one of ten minutes ago stays
  const t0 = Date.UTC(2026, 11, 2, 12, 0, 0)
  const store = createMemoryStore()
  const options = { store, port: 0, host: '127.0.0.1', log: () => {}, now: () => t0, retainMs: 60 * minute }
  let collector = await startCollector(options)
  const edge = (ts: number) => ({ ts: iso(ts), from_node_id: ids.web, to_node_id: ids.api, status: 'ok', n: 1 })
  try {
    assert.equal((await post(collector.httpPort, '/submit/', { project_id: 1, nodes: services, edges: [edge(t0 - 120 * minute), edge(t0 - 10 * minute)] })).status, 200)
    const okIn = async (from: number) => {
      const res = await post(collector.httpPort, '/api/graph', { project_id: 1, start_date: iso(from), end_date: iso(t0) })
      const graph = await res.json() as { edges: { status_ok: number }[] }
      return graph.edges.reduce((sum, e) => sum + e.status_ok, 0)
    }
    assert.equal(await okIn(t0 - 180 * minute), 2, 'both, before a sweep')
    await collector.close()
    collector = await startCollector({ ...options, store })
    // the sweep at start runs in the background: wait for it by asking until it shows
    let seen = 0
    for (let i = 0; i < 50 && (seen = await okIn(t0 - 180 * minute)) !== 1; i++) await new Promise((r) => setTimeout(r, 20))
    assert.equal(seen, 1, 'the two-hour-old bucket is gone')
  } finally {
    await collector.close()
  }
})
