// The service map: laid out by dagre, services holding their transactions, edges coloured by health and as wide
// as their volume, counts on hover; the page in the shared shell with its script, its styles allowed by the CSP.

import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import type { GraphAnswer, NodeAnswer } from '../../src/facets/graph/model/answer.ts'
import { layoutMap, skeleton, type ServiceBox } from '../../src/facets/graph/model/layout.ts'
import { renderMapSvg } from '../../src/facets/graph/model/map-svg.ts'
import { edge, graphFixture, ids, services, t0 } from './graph-fixture.ts'

const id = (i: number) => `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`
const counters = (ok: number, expected = 0, unexpected = 0) => ({ status_ok: ok, status_expected_error: expected, status_unexpected_error: unexpected })
const node = (i: number, name: string, parent?: number): NodeAnswer => ({
  node_id: id(i), node_type: parent === undefined ? 'service' : 'transaction', name, parent_id: parent === undefined ? null : id(parent), description: null, class: null, ...counters(0),
})

describe('the map', () => {
  test('draws services with their transactions inside, and edges between them', () => {
    const graph: GraphAnswer = {
      nodes: [node(1, 'web'), node(2, 'api'), node(3, 'GET /users', 2), node(4, 'POST /users', 2), node(5, 'idle service')],
      edges: [
        { from_node_id: id(1), to_node_id: id(3), ...counters(100), description: null, class: null },
        { from_node_id: id(1), to_node_id: id(4), ...counters(10, 0, 5), description: null, class: null },
      ],
    }
    const layout = layoutMap(graph)
    assert.deepEqual(layout.services.map((s) => [s.name, s.transactions.map((t) => t.name)]), [['web', []], ['api', ['GET /users', 'POST /users']]])
    const [web, api] = layout.services as [ServiceBox, ServiceBox]
    for (const t of api.transactions) { // inside the service's box
      assert.ok(t.x >= api.x && t.x + t.width <= api.x + api.width, t.name)
      assert.ok(t.y >= api.y && t.y + t.height <= api.y + api.height, t.name)
    }
    assert.ok(web.x + web.width < api.x, 'the caller is left of the callee')
    // each line leaves its caller's right side and reaches its callee's row
    const post = api.transactions[1]!
    const line = layout.edges.find((e) => e.to === post.id)!
    assert.deepEqual([line.points[0].x, line.points[3]], [web.x + web.width, { x: post.x, y: post.y + post.height / 2 }])
    const svg = renderMapSvg(layout)
    assert.doesNotMatch(svg, /idle service/) // no edges: not on the map
    const edges = [...svg.matchAll(/<g class="gm-edge gm-(\w+)"><title>([^<]*)<\/title><path d="[^"]+" stroke-width="([\d.]+)"/g)]
    assert.deepEqual(edges.map(([, health, title, width]) => [health, title!.split(':')[0], Number(width)]), [['good', 'web → GET /users', 6], ['bad', 'web → POST /users', 2.9]])
    assert.match(edges[1]![2]!, /15 calls: 10 ok, 0 expected errors, 5 unexpected errors \(33\.3% errors\)/)
    assert.doesNotMatch(svg, /style=/) // the CSP allows no style attributes
  })

  test('gives dagre the heaviest spanning forest and the heaviest links beyond it', () => {
    const links = [
      { from: 'a', to: 'b', weight: 10 }, { from: 'b', to: 'c', weight: 5 }, { from: 'a', to: 'c', weight: 1 },
      { from: 'c', to: 'a', weight: 7 }, { from: 'a', to: 'a', weight: 99 }, { from: 'a', to: 'b', weight: 1 },
    ]
    // a–b (11) and c–a (7) span a, b, c; b–c and a–c close cycles and come after, heaviest first; a–a is no link
    assert.deepEqual(skeleton(links), [['a', 'b'], ['c', 'a'], ['b', 'c'], ['a', 'c']])
  })

  // how long it takes is the benchmark's (scripts/bench/graph.ts): here, that every edge is drawn
  test('lays out 200 services and 2,000 edges, drawing every one', () => {
    const nodes: NodeAnswer[] = []
    for (let s = 0; s < 200; s++) {
      nodes.push(node(s * 10, `service-${s}`))
      for (let t = 1; t <= 2; t++) nodes.push(node(s * 10 + t, `GET /things/${t}`, s * 10))
    }
    let seed = 7
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    const pairs = new Set<string>()
    while (pairs.size < 2_000) {
      const from = nodes[random(nodes.length)]!.node_id
      const to = nodes[random(nodes.length)]!.node_id
      if (from !== to) pairs.add(`${from} ${to}`)
    }
    const graph: GraphAnswer = { nodes, edges: [...pairs].map((p) => { const [from, to] = p.split(' '); return { from_node_id: from!, to_node_id: to!, ...counters(1 + random(100)), description: null, class: null } }) }
    const svg = renderMapSvg(layoutMap(graph))
    assert.equal(svg.match(/class="gm-edge/g)?.length, 2_000)
  })
})

describe('GET /graph', () => {
  test('is a page of the shell with the map inline, a window and a traffic filter, and a script that fetches the map again', async () => {
    const f = graphFixture()
    await f.submit({ project_id: 3, nodes: services, edges: [edge(t0 + 25 * 60_000, ids.web, ids.apiGetUsers, 5), edge(t0 + 25 * 60_000, ids.api, ids.db, 1, 'unexpected_error')] })
    const res = await f.app.request('/graph')
    assert.equal(res.status, 200)
    const html = await res.text()
    assert.match(html, /<title>service map of project 3 · upto<\/title>/)
    assert.match(html, /<script src="\/assets\/graph.js" defer><\/script>/)
    assert.match(html, /<select name="since">.*<option value="1h" selected>/s)
    assert.match(html, /<input type="number" name="traffic"/)
    assert.match(html, /<div id="graph-map" data-src="\/graph\/map.svg"[^>]*><svg/)
    assert.match(html, /<g class="gm-edge gm-bad"><title>api → db/)
    // every inline stylesheet is one the Content-Security-Policy allows
    const policy = res.headers.get('content-security-policy') ?? ''
    for (const [, css] of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
      assert.ok(policy.includes(`'sha256-${createHash('sha256').update(css!).digest('base64')}'`), 'a style the policy does not allow')
    }
    assert.doesNotMatch(html, /<script>/)
    const svg = await f.app.request('/graph/map.svg?project=3&since=15m&traffic=100')
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml; charset=utf-8')
    const text = await svg.text()
    assert.match(text, /web → GET \/users/)
    assert.doesNotMatch(text, /api → db/) // 1 call is under the 100th percentile of volume
    f.at(t0 + 30 * 60_000 + 60 * 60_000) // an hour after the last report
    const stale = await (await f.app.request('/graph/map.svg?project=3&since=2h')).text()
    assert.match(stale, /<g class="gm-service gm-bad gm-stale"><title>db: 1 call: 0 ok, 0 expected errors, 1 unexpected errors \(100\.0% errors\); last heard 65 min ago/)
    const script = await f.app.request('/assets/graph.js')
    assert.match(script.headers.get('content-type') ?? '', /javascript/)
    assert.match(await script.text(), /setInterval\(refresh/)
    assert.equal((await f.app.request('/graph?since=soon')).status, 400)
  })
})
