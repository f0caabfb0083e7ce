// A report sequence shaped like servicegraph's SDK, against a real collector on LevelDB: each process sends its
// nodes once, then flushes every second to /submit/ (an empty body fine), each call to an instrumented peer
// reporting 2×2 edges (caller service and transaction to callee service and transaction), calls outside
// reported to an `external:HOST` node; the collector restarted in between keeps every count.

import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { startCollector } from '../../src/server/collector.ts'
import { tempFolder } from '../store/temp-folder.ts'

const minute = 60_000

interface Process {
  service: string
  transaction: string
  nodes: unknown[]
  sentNodes: boolean
  pending: unknown[]
}

function process(name: string, route: string, extra: unknown[] = []): Process {
  const service = randomUUID()
  const transaction = randomUUID().replace(/-/g, '') // the SDK may send ids as 32 hex digits
  return {
    service, transaction, sentNodes: false, pending: [],
    nodes: [
      { node_id: service, node_type: 'service', name },
      { node_id: transaction, node_type: 'transaction', name: route, parent_id: service },
      ...extra,
    ],
  }
}

/** One call from a to b at `ms`: the four edges the SDK reports for an instrumented peer. */
function call(a: Process, b: Process, ms: number, status = 'ok') {
  const ts = new Date(Math.floor(ms / minute) * minute).toISOString().replace('.000Z', '+00:00')
  for (const from of [a.service, a.transaction]) for (const to of [b.service, b.transaction]) {
    a.pending.push({ ts, from_node_id: from, to_node_id: to, status, n: 1 })
  }
}

test('a day of SDK-shaped reports through /submit/ sums exactly, across a restart', async () => {
  const folder = await tempFolder()
  const t0 = Date.UTC(2026, 11, 2, 12, 0, 0)
  const external = randomUUID()
  const web = process('web', 'GET /')
  const api = process('api', 'GET /users', [{ node_id: external, node_type: 'service', name: 'external:payments.example.com' }])
  let collector = await startCollector({ port: 0, data: folder.dir, log: () => {}, now: () => t0 + 10 * minute })
  const flush = async (p: Process) => {
    const body = { project_id: 1, nodes: p.sentNodes ? [] : p.nodes, edges: p.pending }
    const res = await fetch(`http://127.0.0.1:${collector.httpPort}/submit/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), redirect: 'manual' })
    assert.equal(res.status, 200)
    assert.equal(await res.text(), '')
    p.sentNodes = true
    p.pending = []
  }
  try {
    // 5 minutes, a flush a second: each second web calls api twice, api calls the payments site once (1 in 10 fails)
    for (let second = 0; second < 300; second++) {
      const at = t0 + second * 1_000
      call(web, api, at)
      call(web, api, at + 500)
      api.pending.push({ ts: new Date(Math.floor(at / minute) * minute).toISOString(), from_node_id: api.transaction, to_node_id: external, status: second % 10 === 0 ? 'unexpected_error' : 'ok', n: 1 })
      await Promise.all([flush(web), flush(api)])
      if (second === 150) {
        await collector.close()
        collector = await startCollector({ port: 0, data: folder.dir, log: () => {}, now: () => t0 + 10 * minute })
      }
    }
    const answer = async (path: string, body: unknown) => (await fetch(`http://127.0.0.1:${collector.httpPort}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>
    const graph = await answer('/api/graph', { project_id: 1 })
    const hex = (id: string) => id.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')
    const edgeOf = (from: string, to: string) => graph.edges.find((e: any) => e.from_node_id === hex(from) && e.to_node_id === hex(to))
    assert.equal(graph.edges.length, 5)
    for (const from of [web.service, web.transaction]) for (const to of [api.service, api.transaction]) assert.equal(edgeOf(from, to).status_ok, 600)
    const outside = edgeOf(api.transaction, external)
    assert.deepEqual([outside.status_ok, outside.status_unexpected_error], [270, 30])
    const node = (id: string) => graph.nodes.find((n: any) => n.node_id === hex(id))
    // api's service counts what came to it and to its transaction: 2 × 600 + 2 × 600
    assert.equal(node(api.service).status_ok, 2_400)
    assert.equal(node(external).name, 'external:payments.example.com')
    assert.equal(node(external).status_unexpected_error, 30)
    const histogram = await answer('/api/histogram', { project_id: 1, start_date: new Date(t0).toISOString(), end_date: new Date(t0 + 4 * minute).toISOString() })
    assert.deepEqual(histogram.buckets.map((b: any) => b.n), [60 * 9, 60 * 9, 60 * 9, 60 * 9, 60 * 9])
  } finally {
    await collector.close()
    await folder.remove()
  }
})
