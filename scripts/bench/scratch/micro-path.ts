// The UDP path minus the socket: decode → metrics → ingest (place, pack, LevelDB), fed in bursts like the event loop.
import { encodeEvent } from '../../../src/protocol/encode.ts'
import { decodeDatagram } from '../../../src/protocol/datagram.ts'
import { createIngest } from '../../../src/ingest/ingest.ts'
import { createMetrics } from '../../../src/ingest/metrics.ts'
import { openLevelStore } from '../../../src/store/level.ts'
import { mkdtempSync } from 'node:fs'
const t = Date.now()
const pool: Buffer[] = []
for (let i = 0; i < 1024; i++) pool.push(Buffer.from(encodeEvent({ kind: i % 2 ? 'end' : 'start', context: 'bench-udp', name: `build.stage${(i >> 5) % 8}.step${i >> 1}`, host: 'ci-runner-1', time: t + i, timeline: 'collector-100000-7' })))
const store = await openLevelStore(mkdtempSync('/tmp/proto/p-'))
const metrics = createMetrics()
const ingest = createIngest({ store, metrics })
const N = 600_000
const burst = 32
let i = 0
const c0 = process.cpuUsage(); const t0 = performance.now()
await new Promise<void>((resolve) => {
  const tick = () => {
    for (let k = 0; k < burst && i < N; k++, i++) {
      const decoded = decodeDatagram(pool[i & 1023]!, Date.now(), '127.0.0.1')
      metrics.decoded('udp', decoded)
      if (decoded.events.length > 0) ingest.push(decoded.events)
    }
    if (i < N) setImmediate(tick)
    else resolve()
  }
  tick()
})
await ingest.drain()
const el = performance.now() - t0; const c = process.cpuUsage(c0)
console.log('wall µs/dgram', (el * 1000 / N).toFixed(2), 'cpu µs/dgram (all threads)', ((c.user + c.system) / N).toFixed(2), 'batches', metrics.snapshot().batches)
await store.close()
