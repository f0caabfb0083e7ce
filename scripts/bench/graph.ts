// The service graph: reports through POST /submit/ made durable, and POST /api/graph over a day of a big map.
//
// 1. Edges/s: 8 keep-alive connections POST servicegraph bodies of 100 edges back to back for 4 s, to a
//    collector in its own process on a fresh LevelDB folder (200 only once the sums are fsynced), and to the floor:
//    a bare node:http server that parses the same JSON and answers 200. They take turns, 3 rounds; medians.
//    Afterwards the graph's total is checked against the edges acknowledged.
// 2. /api/graph: a LevelDB folder holding 24 h of 1,000 nodes and 10,000 pairs (each pair reporting in every
//    hour of the day, so 240,000 minute buckets; filled by a child process, lib/graph-fill.ts), served by a
//    collector; the last 24 h asked 20 times. The floor: a bare node:http server answering the same answer,
//    already serialised.
// 3. The map's layout: 200 services (each with 2 transactions) and 2,000 edges laid out and drawn as SVG; the
//    floor is the same services joined by 200 edges.
//
//   node --import tsx scripts/bench/graph.ts

import { Agent, request } from 'node:http'
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { GraphAnswer, NodeAnswer } from '../../src/facets/graph/model/answer.ts'
import { layoutMap } from '../../src/facets/graph/model/layout.ts'
import { renderMapSvg } from '../../src/facets/graph/model/map-svg.ts'
import type { GraphNode } from '../../src/facets/graph/model/types.ts'
import { startChild } from './lib/children.ts'
import { startCollectorChild } from './lib/collector.ts'
import { count, ms, perSecond, ratio, table } from './lib/format.ts'
import { type Check, emit } from './lib/report.ts'
import { median, quantile } from './lib/stats.ts'

const BATCH = 100
const CONNECTIONS = 8
const SECONDS = 4
const ROUNDS = 3
const QUERIES = 20

// ---- 1. edges per second through /submit/ ----

const NODES = 50
const nodeIds = Array.from({ length: NODES }, () => randomUUID())
const minute = Math.floor(Date.now() / 60_000) * 60_000
/** Bodies like the SDK's flushes: 100 edges among 50 services over 5 minutes, ok with some errors. */
const bodies = Array.from({ length: 64 }, (_, b) => JSON.stringify({
  project_id: 1,
  nodes: b === 0 ? nodeIds.map((id, i) => ({ node_id: id, node_type: 'service', name: `service-${i}` })) : [],
  edges: Array.from({ length: BATCH }, (_, i) => ({
    ts: new Date(minute - ((b + i) % 5) * 60_000).toISOString(),
    from_node_id: nodeIds[(b * 7 + i) % NODES], to_node_id: nodeIds[(b * 13 + i * 3 + 1) % NODES],
    status: i % 50 === 0 ? 'unexpected_error' : i % 20 === 0 ? 'expected_error' : 'ok', n: 1,
  })),
}))

interface Load { edges: number; failed: number; seconds: number; firstError?: string }

async function load(port: number, seconds: number): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const until = performance.now() + seconds * 1_000
  let edges = 0
  let failed = 0
  let firstError: string | undefined
  let next = 1 // body 0 registers the nodes: sent first, alone
  const post = (body: string) => new Promise<number>((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path: '/submit/', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
  if ((await post(bodies[0]!)) === 200) edges += BATCH
  const started = performance.now()
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < until) {
      const status = await post(bodies[next++ % bodies.length]!).catch((e: Error) => { firstError ??= e.message; return 0 })
      if (status === 200) edges += BATCH
      else {
        failed++
        firstError ??= `HTTP ${status}`
      }
    }
  }))
  agent.destroy()
  return { edges, failed, seconds: (performance.now() - started) / 1_000, ...(firstError ? { firstError } : {}) }
}

const note = (text: string) => process.stderr.write(`graph bench: ${text}\n`)
note('starting')
const { child: floorChild, ready: floor } = await startChild<{ port: number }>('lib/graph-floor')
const collector = await startCollectorChild()
note('warm-up')
await load(floor.port, 1)
const warmUp = await load(collector.httpPort, 1)
note('rounds')
const rounds: Array<{ floor: Load; collector: Load }> = []
for (let i = 0; i < ROUNDS; i++) rounds.push({ floor: await load(floor.port, SECONDS), collector: await load(collector.httpPort, SECONDS) })
const acknowledged = warmUp.edges + rounds.reduce((n, r) => n + r.collector.edges, 0)
const graphAnswer = await postJson(collector.httpPort, '/api/graph', { project_id: 1, start_date: new Date(minute - 10 * 60_000).toISOString(), end_date: new Date(minute + 60_000).toISOString() })
const counted = (graphAnswer.edges as Array<Record<string, number>>).reduce((n, e) => n + e.status_ok! + e.status_expected_error! + e.status_unexpected_error!, 0)
await collector.stop()
await collector.remove()
await floorChild.stop()
const rate = (l: Load) => l.edges / l.seconds
const floorRate = median(rounds.map((r) => rate(r.floor)))
const submitRate = median(rounds.map((r) => rate(r.collector)))
const failed = rounds.reduce((n, r) => n + r.collector.failed, 0)

// ---- 2. /api/graph over 24 h of 1,000 nodes and 10,000 pairs ----

note('filling a day')
const day = 86_400_000
const end = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 30 * 60_000 // half past: both ends of the window are loose minutes
const big = await startCollectorChild()
await big.stop() // made its folder; filled by a child of its own, then served again
const { child: filler } = await startChild('lib/graph-fill', { args: [big.data, String(end)] })
await filler.stop()
note('querying')
const served = await startCollectorChild({ data: big.data })
const window = { project_id: 1, start_date: new Date(end - day).toISOString(), end_date: new Date(end).toISOString() }
const times: number[] = []
let answered: { edges: unknown[]; nodes: unknown[] } = { edges: [], nodes: [] }
const firstStarted = performance.now()
await postJson(served.httpPort, '/api/graph', window) // waits for the day of counts the collector loads as it starts
const firstMs = performance.now() - firstStarted
for (let i = 0; i < QUERIES; i++) {
  const started = performance.now()
  answered = await postJson(served.httpPort, '/api/graph', window) as typeof answered
  times.push(performance.now() - started)
}
await served.stop()
await served.remove()
const queryMs = median(times)

// the floor: the same answer from a bare server, serialised once
const answerBody = JSON.stringify(answered)
const bare = createServer((req, res) => {
  req.resume()
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(answerBody))
})
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))
const barePort = (bare.address() as { port: number }).port
const floorTimes: number[] = []
await postJson(barePort, '/api/graph', window)
for (let i = 0; i < QUERIES; i++) {
  const started = performance.now()
  await postJson(barePort, '/api/graph', window)
  floorTimes.push(performance.now() - started)
}
await new Promise((resolve) => bare.close(resolve))
const queryFloorMs = median(floorTimes)

// ---- 3. the map's layout ----

note('laying out')
function mapOf(edgeCount: number): GraphAnswer {
  const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`
  const zero = { status_ok: 0, status_expected_error: 0, status_unexpected_error: 0 }
  const nodes: NodeAnswer[] = []
  for (let s = 0; s < 200; s++) {
    nodes.push({ node_id: id(s * 10), node_type: 'service', name: `service-${s}`, parent_id: null, description: null, class: null, ...zero })
    for (let t = 1; t <= 2; t++) nodes.push({ node_id: id(s * 10 + t), node_type: 'transaction', name: `GET /things/${t}`, parent_id: id(s * 10), description: null, class: null, ...zero })
  }
  let seed = 7
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n
  const pairs = new Set<string>()
  // the first 200 edges join each service to the next: the floor is those alone
  for (let s = 0; s < 200 && pairs.size < edgeCount; s++) pairs.add(`${id(s * 10)} ${id(((s + 1) % 200) * 10)}`)
  while (pairs.size < edgeCount) {
    const from = nodes[random(nodes.length)]!.node_id
    const to = nodes[random(nodes.length)]!.node_id
    if (from !== to) pairs.add(`${from} ${to}`)
  }
  const edges = [...pairs].map((p) => {
    const [from, to] = p.split(' ') as [string, string]
    return { from_node_id: from, to_node_id: to, status_ok: 1 + random(100), status_expected_error: 0, status_unexpected_error: random(10) === 0 ? 5 : 0, description: null, class: null }
  })
  return { nodes, edges }
}
function layoutTimes(graph: GraphAnswer): number[] {
  const out: number[] = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    const svg = renderMapSvg(layoutMap(graph))
    out.push(performance.now() - started)
    if (!svg.includes('gm-edge')) throw new Error('the map drew no edge')
  }
  return out
}
const layoutMs = median(layoutTimes(mapOf(2_000)))
const layoutFloorMs = median(layoutTimes(mapOf(200)))

async function postJson(port: number, path: string, body: unknown): Promise<Record<string, unknown[]>> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`)
  return res.json() as Promise<Record<string, unknown[]>>
}

const sumsRight = counted === acknowledged && failed === 0
const checks: Check[] = [{
  scenario: 'service graph: edges through POST /submit/, bodies of 100, durable before the answer',
  measured: perSecond(submitRate, 'edges/s'),
  floor: `${perSecond(floorRate, 'edges/s')} (bare \`node:http\` + JSON.parse)`,
  ratio: ratio(submitRate / floorRate),
  target: '≥ 50,000 edges/s',
  met: sumsRight && submitRate >= 50_000,
}, {
  scenario: 'service graph: POST /api/graph over 24 h of 1,000 nodes and 10,000 pairs',
  measured: ms(queryMs),
  floor: `${ms(queryFloorMs)} (the same answer from a bare \`node:http\`)`,
  ratio: ratio(queryFloorMs / queryMs),
  target: '≤ 50 ms',
  met: answered.edges.length === 10_000 && queryMs <= 50,
}, {
  scenario: 'service graph: the map of 200 services and 2,000 edges laid out and drawn',
  measured: ms(layoutMs),
  floor: `${ms(layoutFloorMs)} (the same services, 200 edges)`,
  ratio: ratio(layoutFloorMs / layoutMs),
  target: '≤ 1 s',
  met: layoutMs <= 1_000,
}]

emit({
  id: 'graph',
  title: 'Service graph: /submit and /api/graph',
  checks,
  body: `
**Reports in.** ${CONNECTIONS} keep-alive connections POST servicegraph bodies of ${BATCH} edges (50 services, 5 minutes, some errors)
to \`/submit/\` back to back for ${SECONDS} s; an answer counts when it is 200. The collector (\`startCollector\`, its own process,
a fresh LevelDB folder) answers once the bucket sums are written with \`sync\`; submits that arrive during a write go
together in the next (one fsync for many). The floor is a bare \`node:http\` server that parses the same JSON and answers 200.
They take turns, ${ROUNDS} rounds; medians.

${table(['round', 'floor', 'collector', 'collector failed'], rounds.map((r, i) => [String(i + 1), perSecond(rate(r.floor), 'edges/s'), perSecond(rate(r.collector), 'edges/s'), count(r.collector.failed)]))}

Afterwards \`/api/graph\` over the window counted ${count(counted)} calls against ${count(acknowledged)} edges acknowledged
(warm-up and rounds, n = 1 each): ${sumsRight ? 'the same, none lost' : '**not the same**'}.
${rounds.map((r) => r.collector.firstError).find(Boolean) ? `First failure: \`${rounds.map((r) => r.collector.firstError).find(Boolean)}\`\n` : ''}
**A day of a big map.** A LevelDB folder holds 24 h of 1,000 nodes (500 services, each with a transaction) and 10,000 pairs,
each pair reporting in every hour of the day (240,000 minute buckets, 10% with errors too), written by a child process
(\`lib/graph-fill.ts\`, so that the garbage of filling is not collected in the asking process). A collector serves it; \`POST /api/graph\`
for the last 24 h (ending at half past: loose minutes at both ends, 23 whole hours from the hour buckets) is asked ${QUERIES} times
over HTTP after a first one: median ${ms(queryMs)}, p90 ${ms(quantile(times, 0.9))}; ${count(answered.edges.length)} edges and
${count(answered.nodes.length)} nodes answered (${count(answerBody.length)} bytes). The collector answers from the last day of counts
it keeps in memory, loaded alone between two writes when it starts: the first query, asked as soon as it listens, waited for
that and took ${ms(firstMs)}. The floor is a
bare \`node:http\` server answering the same bytes: ${ms(queryFloorMs)}.

**The map.** 200 services, each with 2 transactions, and 2,000 edges (5% unhealthy) laid out by dagre and drawn as SVG, five
times: median ${ms(layoutMs)}; the same services joined by 200 edges: ${ms(layoutFloorMs)}.

| figure | measured | target |
| --- | --- | --- |
| edges/s through \`/submit/\`, durable | ${perSecond(submitRate, 'edges/s')} (${ratio(submitRate / floorRate)} of the floor) | ≥ 50,000/s |
| \`POST /api/graph\`, 24 h, 1,000 nodes, 10,000 pairs | ${ms(queryMs)} | ≤ 50 ms |
| the map of 200 services and 2,000 edges | ${ms(layoutMs)} | ≤ 1 s |
`,
})
