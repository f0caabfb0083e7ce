// POST /submit as servicegraph's SDK uses it: both paths answered directly with 200 and an empty body, bad
// JSON 400, a wrong field 422 with its path, both counted at /metrics; durable once answered.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { edge, graphFixture, ids, services, t0 } from './graph-fixture.ts'

const ok = { project_id: 1, nodes: services, edges: [edge(t0, ids.web, ids.api, 3)] }

async function problem(body: unknown): Promise<{ status: number; path?: string; message: string }> {
  const res = await graphFixture().submit(body)
  const answer = (await res.json()) as { path?: string; message: string }
  return { status: res.status, ...answer }
}

describe('POST /submit', () => {
  test('answers /submit and /submit/ alike: 200, no body, no redirect', async () => {
    const f = graphFixture()
    for (const path of ['/submit', '/submit/']) {
      const res = await f.post(path, ok)
      assert.equal(res.status, 200)
      assert.equal(await res.text(), '')
      assert.equal(res.headers.get('location'), null)
    }
    const graph = await f.query('/api/graph', { project_id: 1, start_date: '2026-12-02T12:00:00Z', end_date: '2026-12-02T12:00:00Z' })
    assert.equal(graph.edges[0].status_ok, 6)
  })

  test('takes empty arrays and ignores fields it does not know', async () => {
    const f = graphFixture()
    assert.equal((await f.submit({ project_id: 1, nodes: [], edges: [], sdk: { version: '9' } })).status, 200)
    assert.equal((await f.submit({ project_id: '7', nodes: [{ ...services[0], colour: 'blue' }], edges: [] })).status, 200)
  })

  test('refuses a body that is not JSON with 400', async () => {
    const res = await graphFixture().submit('{"project_id": 1,')
    assert.equal(res.status, 400)
    assert.match((await res.json() as { message: string }).message, /not JSON/)
  })

  test('refuses a missing field or a wrong type with 422 and the field\'s path', async () => {
    const cases: Array<[unknown, string]> = [
      [{ nodes: [], edges: [] }, 'project_id'],
      [{ project_id: 1, edges: [] }, 'nodes'],
      [{ project_id: 1, nodes: [] }, 'edges'],
      [{ project_id: -1, nodes: [], edges: [] }, 'project_id'],
      [{ project_id: 1, nodes: {}, edges: [] }, 'nodes'],
      [{ project_id: 1, nodes: [{ node_id: ids.web, name: 'web' }], edges: [] }, 'nodes[0].node_type'],
      [{ project_id: 1, nodes: [{ node_id: ids.web, node_type: 'database', name: 'web' }], edges: [] }, 'nodes[0].node_type'],
      [{ project_id: 1, nodes: [{ node_id: 'web', node_type: 'service', name: 'web' }], edges: [] }, 'nodes[0].node_id'],
      [{ project_id: 1, nodes: [{ node_id: ids.web, node_type: 'service' }], edges: [] }, 'nodes[0].name'],
      [{ project_id: 1, nodes: [{ node_id: ids.web, node_type: 'service', name: 'web', description: 3 }], edges: [] }, 'nodes[0].description'],
      [{ project_id: 1, nodes: [], edges: [edge('2026-12-02T12:34:00', ids.web, ids.api, 1)] }, 'edges[0].ts'],
      [{ project_id: 1, nodes: [], edges: [edge('yesterday', ids.web, ids.api, 1)] }, 'edges[0].ts'],
      [{ project_id: 1, nodes: [], edges: [edge(t0, ids.web, ids.api, 1, 'fine')] }, 'edges[0].status'],
      [{ project_id: 1, nodes: [], edges: [edge(t0, ids.web, ids.api, -2)] }, 'edges[0].n'],
      [{ project_id: 1, nodes: [], edges: [edge(t0, ids.web, ids.api, 1.5)] }, 'edges[0].n'],
      [{ project_id: 1, nodes: [], edges: [edge(t0, ids.web, ids.api, 1), { ...edge(t0, ids.web, ids.api, 1), to_node_id: undefined }] }, 'edges[1].to_node_id'],
    ]
    for (const [body, path] of cases) {
      const answer = await problem(body)
      assert.equal(answer.status, 422, `${path}: ${answer.message}`)
      assert.equal(answer.path, path)
      assert.ok(answer.message.startsWith(`${path}: `), answer.message)
    }
  })

  test('a transaction needs a service as parent, in the report or registered before', async () => {
    const transaction = (parent?: string) => ({ node_id: ids.apiGetUsers, node_type: 'transaction', name: 'GET /users', ...(parent ? { parent_id: parent } : {}) })
    assert.equal((await problem({ project_id: 1, nodes: [transaction()], edges: [] })).path, 'nodes[0].parent_id')
    const unknown = await problem({ project_id: 1, nodes: [transaction(ids.api)], edges: [] })
    assert.deepEqual([unknown.status, unknown.path], [422, 'nodes[0].parent_id'])
    assert.match(unknown.message, /not a registered service/)
    const f = graphFixture()
    assert.equal((await f.submit({ project_id: 1, nodes: [services[1]], edges: [] })).status, 200)
    assert.equal((await f.submit({ project_id: 1, nodes: [transaction(ids.api)], edges: [] })).status, 200)
    // a transaction under a transaction
    const nested = await f.submit({ project_id: 1, nodes: [{ ...transaction(ids.apiGetUsers), node_id: ids.db }], edges: [] })
    assert.equal(nested.status, 422)
  })

  test('accepts `type` for node_type, ids as 32 hex digits, times with any offset and fractions', async () => {
    const f = graphFixture()
    const hex = ids.db.replace(/-/g, '').toUpperCase()
    const res = await f.submit({
      project_id: 1,
      nodes: [{ node_id: ids.web, type: 'service', name: 'web' }, { node_id: hex, type: 'service', name: 'db' }],
      edges: [edge('2026-12-02T12:34:50.000+00:00', ids.web, hex, 2), edge('2026-12-02T14:34:10.123456+02:00', ids.web, ids.db, 3)],
    })
    assert.equal(res.status, 200)
    const graph = await f.query('/api/graph', { project_id: 1, start_date: '2026-12-02T12:34:00Z', end_date: '2026-12-02T12:34:00Z' })
    assert.deepEqual(graph.edges.map((e: any) => [e.to_node_id, e.status_ok]), [[ids.db, 5]])
  })

  test('counts reports by what became of them, and the edges stored, at /metrics', async () => {
    const f = graphFixture()
    await f.submit(ok)
    await f.submit('nonsense')
    await f.submit({ project_id: 1, nodes: [], edges: [edge(t0, 'x', ids.api, 1)] })
    const text = await (await f.app.request('/metrics')).text()
    assert.match(text, /upto_graph_reports_total\{reason="stored"\} 1\n/)
    assert.match(text, /upto_graph_reports_total\{reason="bad_json"\} 1\n/)
    assert.match(text, /upto_graph_reports_total\{reason="invalid"\} 1\n/)
    assert.match(text, /upto_graph_edges_stored_total 1\n/)
  })
})
