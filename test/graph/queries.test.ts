// The frontend's queries over HTTP: /api/graph, /api/active-nodes, /api/service-map, /api/histogram, /api/health,
// and CORS for a frontend on another site named by --allow-origin.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { edge, graphFixture, ids, iso, services, t0 } from './graph-fixture.ts'

const m = 60_000
const h = 60 * m

/** web → api/GET /users 10 ok + 1 unexpected at t0; api → db 5 ok at t0+1m, 2 expected errors at t0+20m. */
async function withTraffic() {
  const f = graphFixture()
  const res = await f.submit({
    project_id: 1, nodes: services,
    edges: [
      edge(t0, ids.web, ids.apiGetUsers, 10, 'ok', { description: 'GET /users', class: 'http' }),
      edge(t0 + 10_000, ids.web, ids.apiGetUsers, 1, 'unexpected_error'),
      edge(t0 + m, ids.api, ids.db, 5),
      edge(t0 + 20 * m, ids.api, ids.db, 2, 'expected_error'),
    ],
  })
  assert.equal(res.status, 200)
  return f
}

const window = { project_id: 1, start_date: iso(t0), end_date: iso(t0 + 20 * m) }

describe('POST /api/graph', () => {
  test('sums the edges of the window per pair, and each node\'s incoming edges, a transaction\'s for its service too', async () => {
    const graph = await (await withTraffic()).query('/api/graph', window)
    assert.deepEqual(graph.edges, [
      { from_node_id: ids.web, to_node_id: ids.apiGetUsers, status_ok: 10, status_expected_error: 0, status_unexpected_error: 1, description: 'GET /users', class: 'http' },
      { from_node_id: ids.api, to_node_id: ids.db, status_ok: 5, status_expected_error: 2, status_unexpected_error: 0, description: null, class: null },
    ])
    const node = (id: string) => graph.nodes.find((n: any) => n.node_id === id)
    assert.deepEqual(node(ids.api), { node_id: ids.api, node_type: 'service', name: 'api', parent_id: null, description: null, class: null, status_ok: 10, status_expected_error: 0, status_unexpected_error: 1 })
    assert.deepEqual([node(ids.apiGetUsers).status_ok, node(ids.apiGetUsers).parent_id], [10, ids.api])
    assert.deepEqual([node(ids.db).status_ok, node(ids.db).status_expected_error, node(ids.db).description], [5, 2, 'primary'])
    assert.equal(node(ids.web).status_ok, 0)
  })

  test('bounds are inclusive by bucket start; the default window is the last hour', async () => {
    const f = await withTraffic()
    const only = await f.query('/api/graph', { project_id: 1, start_date: iso(t0 + m), end_date: iso(t0 + m) })
    assert.deepEqual(only.edges.map((e: any) => [e.to_node_id, e.status_ok, e.status_expected_error]), [[ids.db, 5, 0]])
    f.at(t0 + h + 30_000) // the last hour starts at t0 + 30 s: the bucket of t0 is out
    const recent = await f.query('/api/graph', { project_id: 1 })
    assert.deepEqual(recent.edges.map((e: any) => [e.to_node_id, e.status_ok, e.status_expected_error]), [[ids.db, 5, 2]])
  })

  test('a window of whole hours and loose minutes counts every bucket once', async () => {
    const f = graphFixture()
    const edges = Array.from({ length: 5 * 60 }, (_, i) => edge(t0 - 30 * m + i * m, ids.web, ids.api, 1))
    assert.equal((await f.submit({ project_id: 1, nodes: services, edges })).status, 200)
    for (const [start, end] of [[t0 - 17 * m, t0 + 3 * h + 12 * m], [t0, t0 + 2 * h - m], [t0 + 5 * m, t0 + 6 * m], [t0 - 30 * m, t0 + 4 * h + 29 * m]] as const) {
      const graph = await f.query('/api/graph', { project_id: 1, start_date: iso(start), end_date: iso(end) })
      assert.equal(graph.edges[0].status_ok, (end - start) / m + 1, `${iso(start)} – ${iso(end)}`)
    }
  })

  test('keeps edges whose nodes are not registered yet, and shows them once they are', async () => {
    const f = graphFixture()
    await f.submit({ project_id: 1, nodes: [services[0]], edges: [edge(t0, ids.web, ids.db, 4)] })
    assert.deepEqual((await f.query('/api/graph', window)).edges, [])
    await f.submit({ project_id: 1, nodes: [services[3]], edges: [] })
    assert.deepEqual((await f.query('/api/graph', window)).edges.map((e: any) => e.status_ok), [4])
  })

  test('filters by the types at either end and by status', async () => {
    const f = await withTraffic()
    const toTransactions = await f.query('/api/graph', { ...window, to_types: ['transaction'] })
    assert.deepEqual(toTransactions.edges.map((e: any) => e.to_node_id), [ids.apiGetUsers])
    const fromApi = await f.query('/api/graph', { ...window, from_types: ['service'], to_types: ['service'] })
    assert.deepEqual(fromApi.edges.map((e: any) => e.to_node_id), [ids.db])
    const errors = await f.query('/api/graph', { ...window, edge_statuses: ['unexpected_error'] })
    assert.deepEqual(errors.edges.map((e: any) => [e.to_node_id, e.status_ok, e.status_unexpected_error]), [[ids.apiGetUsers, 0, 1]])
  })

  test('answers a wrong query with 422 and the field\'s path', async () => {
    const f = graphFixture()
    for (const [body, path] of [
      [{}, 'project_id'], [{ project_id: 1, start_date: '2026-12-02 12:00' }, 'start_date'],
      [{ project_id: 1, start_date: iso(t0 + h), end_date: iso(t0) }, 'start_date'],
      [{ project_id: 1, edge_statuses: ['ok', 'meh'] }, 'edge_statuses[1]'], [{ project_id: 1, from_types: 'service' }, 'from_types'],
      [{ project_id: 1, traffic_volume: 101 }, 'traffic_volume'],
    ] as const) {
      const res = await f.post('/api/graph', body)
      assert.equal(res.status, 422, JSON.stringify(body))
      assert.equal(((await res.json()) as { path: string }).path, path)
    }
    assert.equal((await f.post('/api/graph', '{')).status, 400)
  })
})

describe('POST /api/active-nodes', () => {
  test('answers the nodes heard from in the window with their last activity, a transaction\'s for its service', async () => {
    const f = await withTraffic()
    const active = await f.query('/api/active-nodes', window)
    // by node id: web, api, GET /users, db
    assert.deepEqual(active.map((n: any) => [n.name, n.last_activity]), [
      ['web', iso(t0)], ['api', iso(t0 + 20 * m)], ['GET /users', iso(t0)], ['db', iso(t0 + 20 * m)],
    ])
    assert.equal(active[0].node_type, 'service')
    const transactions = await f.query('/api/active-nodes', { ...window, types: ['transaction'] })
    assert.deepEqual(transactions.map((n: any) => n.name), ['GET /users'])
    const early = await f.query('/api/active-nodes', { project_id: 1, start_date: iso(t0), end_date: iso(t0 + 5 * m) })
    assert.deepEqual(early.map((n: any) => [n.name, n.last_activity]), [['web', iso(t0)], ['api', iso(t0 + m)], ['GET /users', iso(t0)], ['db', iso(t0 + m)]])
  })
})

describe('POST /api/service-map', () => {
  test('answers the graph and the active nodes; traffic_volume keeps the edges at or above that percentile', async () => {
    const f = await withTraffic()
    const all = await f.query('/api/service-map', window)
    assert.equal(all.graph.edges.length, 2)
    assert.equal(all.active_nodes.length, 4)
    const busiest = await f.query('/api/service-map', { ...window, traffic_volume: 100 })
    assert.deepEqual(busiest.graph.edges.map((e: any) => e.to_node_id), [ids.apiGetUsers]) // 11 calls against 7
    const half = await f.query('/api/service-map', { ...window, traffic_volume: 50 })
    assert.equal(half.graph.edges.length, 2)
    assert.equal(busiest.active_nodes.length, 4)
  })
})

describe('POST /api/histogram', () => {
  test('counts by minute up to a day, every bucket there, empty ones 0', async () => {
    const f = await withTraffic()
    const answer = await f.query('/api/histogram', { project_id: 1, start_date: iso(t0), end_date: iso(t0 + 3 * m) })
    assert.deepEqual(answer, { granularity_seconds: 60, buckets: [{ ts: iso(t0), n: 11 }, { ts: iso(t0 + m), n: 5 }, { ts: iso(t0 + 2 * m), n: 0 }, { ts: iso(t0 + 3 * m), n: 0 }] })
  })

  test('counts by hour up to 14 days and by day beyond', async () => {
    const f = await withTraffic()
    const hours = await f.query('/api/histogram', { project_id: 1, start_date: iso(t0 - 24 * h), end_date: iso(t0 + h) })
    assert.equal(hours.granularity_seconds, 3600)
    assert.equal(hours.buckets.length, 26)
    assert.deepEqual(hours.buckets.at(-2), { ts: iso(t0), n: 18 })
    const days = await f.query('/api/histogram', { project_id: 1, start_date: iso(t0 - 20 * 24 * h), end_date: iso(t0) })
    assert.equal(days.granularity_seconds, 86400)
    assert.deepEqual(days.buckets.at(-1), { ts: '2026-12-02T00:00:00Z', n: 18 })
  })
})

describe('GET /api/health and CORS', () => {
  test('health answers OK', async () => {
    const res = await graphFixture().app.request('/api/health')
    assert.equal(res.status, 200)
    assert.equal(await res.text(), 'OK')
  })

  test('a frontend on a site --allow-origin names gets CORS answers with credentials; another site gets none', async () => {
    const frontend = 'https://graph.example.com'
    const f = graphFixture({ allowOrigins: [frontend] })
    const preflight = await f.app.request('/api/graph', { method: 'OPTIONS', headers: { origin: frontend, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } })
    assert.equal(preflight.status, 204)
    assert.equal(preflight.headers.get('access-control-allow-origin'), frontend)
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true')
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/)
    const answer = await f.post('/api/graph', { project_id: 1 }, { origin: frontend })
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('access-control-allow-origin'), frontend)
    const other = await f.post('/api/graph', { project_id: 1 }, { origin: 'https://evil.example' })
    assert.equal(other.headers.get('access-control-allow-origin'), null)
    assert.equal(other.status, 403) // request-origin.ts: a write from a page of another site
    const health = await graphFixture().app.request('/api/health', { headers: { origin: frontend } })
    assert.equal(health.headers.get('access-control-allow-origin'), null) // not allowed by this collector
  })
})
