// Child: fills a collector's LevelDB folder with a day of a big service graph — 1,000 nodes (500 services, a
// transaction each) and 10,000 pairs, each pair reporting in every hour of the day, 10% with errors too — then
// says ready. A process of its own, so that the garbage of filling is not collected beside the queries.
//
//   args: DATA_FOLDER END_MS

import { randomUUID } from 'node:crypto'
import { keyGraphStore } from '../../../src/facets/graph/key-graph-store.ts'
import type { EdgeReport, GraphNode } from '../../../src/facets/graph/model/types.ts'
import { openLevelStore } from '../../../src/store/level.ts'
import type { KeyState } from '../../../src/store/types.ts'
import { serveCommands } from './children.ts'

const [data, endArg] = process.argv.slice(2) as [string, string]
const end = Number(endArg)
const day = 86_400_000
const store = await openLevelStore(data)
const graph = keyGraphStore(store.state('graph') as KeyState)
const services = Array.from({ length: 500 }, (_, i): GraphNode => ({ nodeId: randomUUID(), nodeType: 'service', name: `service-${i}`, parentId: null, description: null, class: null }))
const transactions = services.map((s, i): GraphNode => ({ nodeId: randomUUID(), nodeType: 'transaction', name: `GET /route-${i}`, parentId: s.nodeId, description: null, class: null }))
const nodes = [...services, ...transactions]
await graph.submit({ projectId: 1, nodes, edges: [] })
let seed = 11
const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n
const pairs = new Set<string>()
while (pairs.size < 10_000) {
  const from = random(nodes.length)
  const to = random(nodes.length)
  if (from !== to) pairs.add(`${nodes[from]!.nodeId} ${nodes[to]!.nodeId}`)
}
const all = [...pairs].map((p) => p.split(' ') as [string, string])
for (let hour = 0; hour < 24; hour++) {
  const edges: EdgeReport[] = all.flatMap(([from, to], i): EdgeReport[] => {
    const at = end - day + hour * 3_600_000 + ((i + hour) % 60) * 60_000
    const ok: EdgeReport = { minute: Math.floor(at / 60_000) * 60_000, from, to, status: 'ok', n: 1 + random(100), description: null, class: null }
    return i % 10 === hour % 10 ? [ok, { ...ok, status: 'unexpected_error', n: 1 + random(3) }] : [ok]
  })
  for (let i = 0; i < edges.length; i += 5_000) await graph.submit({ projectId: 1, nodes: [], edges: edges.slice(i, i + 5_000) })
}
await store.close()
serveCommands({ filled: true }, () => ({}))
