// A/B in CPU time: HEAD's UDP path (decode → ingest → level store) against the working tree, interleaved
import { encodeEvent } from '../../../src/protocol/encode.ts'
import * as nowDecode from '../../../src/protocol/datagram.ts'
import * as nowIngest from '../../../src/ingest/ingest.ts'
import * as nowMetrics from '../../../src/ingest/metrics.ts'
import * as nowLevel from '../../../src/store/level.ts'
import * as oldDecode from '../../../node_modules/.cache/head/src/protocol/datagram.ts'
import * as oldIngest from '../../../node_modules/.cache/head/src/ingest/ingest.ts'
import * as oldMetrics from '../../../node_modules/.cache/head/src/ingest/metrics.ts'
import * as oldLevel from '../../../node_modules/.cache/head/src/store/level.ts'
import { mkdtempSync } from 'node:fs'
const t = Date.now()
const pool: Buffer[] = []
for (let i = 0; i < 1024; i++) pool.push(Buffer.from(encodeEvent({ kind: i % 2 ? 'end' : 'start', context: 'bench-udp', name: `build.stage${(i >> 5) % 8}.step${i >> 1}`, host: 'ci-runner-1', time: t + i, timeline: 'collector-100000-7' })))
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system }
async function run(decode: any, ingestMod: any, metricsMod: any, level: any, N: number) {
  const store = await level.openLevelStore(mkdtempSync('/tmp/proto/ab-'))
  const metrics = metricsMod.createMetrics()
  const ingest = ingestMod.createIngest({ store, metrics })
  let i = 0
  const c0 = cpu()
  await new Promise<void>((resolve) => {
    // paced like a socket at ~200k/s: 40 datagrams every 0.2 ms turn
    const tick = () => {
      for (let k = 0; k < 40 && i < N; k++, i++) {
        const d = decode.decodeDatagram(pool[i & 1023]!, Date.now(), '127.0.0.1')
        metrics.decoded('udp', d)
        if (d.events.length > 0) ingest.push(d.events)
      }
      if (i < N) setImmediate(tick)
      else resolve()
    }
    tick()
  })
  await ingest.drain()
  await store.close()
  return (cpu() - c0) / N
}
const N = 200_000
const a: number[] = [], b: number[] = []
for (let r = 0; r < 4; r++) {
  a.push(await run(oldDecode, oldIngest, oldMetrics, oldLevel, N))
  b.push(await run(nowDecode, nowIngest, nowMetrics, nowLevel, N))
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!.toFixed(2)
console.log('cpu µs/datagram, all threads: HEAD', med(a), 'now', med(b), ' runs', a.map((x) => x.toFixed(1)).join(' '), '|', b.map((x) => x.toFixed(1)).join(' '))
