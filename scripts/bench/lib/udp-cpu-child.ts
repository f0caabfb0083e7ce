// Child of udp-cpu.ts: the collector (startCollector, LevelDB in a fresh folder) with its UDP reader thread's
// work done in-process — each millisecond's datagrams handed over as one batch, as the reader thread posts
// them, paced at a fixed rate — and the CPU it spent until every event was stored.
//
//   node udp-cpu-child.mjs DATA_FOLDER RATE SECONDS [PREFILL]   → one line of JSON on stdout
//
// PREFILL events go in first, uncounted, so LevelDB compacts as in a store that has grown.

import { syncBuiltinESMExports } from 'node:module'
import workerThreads from 'node:worker_threads'
import { growYoungGenerationAtOnce } from '../../../src/cli/young-generation.ts'
import { keepHeapWhenQuiet } from '../../../src/cli/memory-reducer.ts'
import { startCollector } from '../../../src/server/collector.ts'
import { threadCpu } from './cpu-time.ts'
import { POOL, datagrams } from './udp-datagrams.ts'

const [data, rateArg, secondsArg, prefillArg] = process.argv.slice(2)
if (data === undefined) throw new Error('usage: udp-cpu-child DATA_FOLDER RATE SECONDS [PREFILL]')
const rate = Number(rateArg ?? 80_000)
const seconds = Number(secondsArg ?? 4)
const prefill = Number(prefillArg ?? 0)

// the collector's UDP reader thread, caught as it is made, and the count of bytes handed over that it shares
let reader: workerThreads.Worker | undefined
let pending: Int32Array | undefined
const Made = workerThreads.Worker
workerThreads.Worker = class extends Made {
  constructor(...args: ConstructorParameters<typeof Made>) {
    super(...args)
    if (args[1]?.name !== 'upto udp reader') return
    reader = this
    const post = this.postMessage.bind(this)
    this.postMessage = (message: unknown, transfer?: readonly workerThreads.TransferListItem[]) => {
      if (typeof message === 'object' && message !== null && 'pending' in message) pending = message.pending as Int32Array
      post(message, transfer)
    }
  }
} as typeof Made
syncBuiltinESMExports()

growYoungGenerationAtOnce() // as upto serve does
keepHeapWhenQuiet()
const collector = await startCollector({ data, port: 0, log: () => {} })
if (reader === undefined || pending === undefined) throw new Error('the collector started no UDP reader thread')
const udp = reader
const shared = pending

/** CPU milliseconds of the main thread alone (its tid is the pid). */
const mainThreadMs = () => threadCpu(process.pid) * 1000

const counters = async () => {
  const text = await (await fetch(`http://127.0.0.1:${collector.httpPort}/metrics`)).text()
  const read = (name: string) => Number(new RegExp(`^${name}(?:\\{transport="udp"\\})? (\\d+)$`, 'm').exec(text)?.[1] ?? 0)
  return {
    received: read('upto_events_received_total'),
    stored: read('upto_events_stored_total'),
    dropped: read('upto_events_dropped_total') + read('upto_events_failed_total'),
    batches: read('upto_store_batches_total'),
  }
}

async function settle() {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    const now = await counters()
    if (now.stored + now.dropped === now.received) return now
  }
}

/** Hands over `r` datagrams a second for `s` seconds, what came in each tick as one batch, as the reader thread does. */
function feed(timeline: string, r: number, s: number): Promise<void> {
  const pool = datagrams('udp-cpu', timeline)
  const total = Math.round(r * s)
  let sent = 0
  const t0 = performance.now()
  return new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * r))
      const count = due - sent
      if (count > 0) {
        let size = 0
        for (let i = sent; i < due; i++) size += pool[i % POOL]!.length
        const bytes = new Uint8Array(size)
        const ends = new Uint32Array(count)
        let at = 0
        for (let i = 0; i < count; i++) {
          const datagram = pool[sent++ % POOL]!
          bytes.set(datagram, at)
          at += datagram.length
          ends[i] = at
        }
        Atomics.add(shared, 0, size)
        const received = new Float64Array(count).fill(Date.now())
        udp.emit('message', { type: 'batch', bytes: bytes.buffer, ends, hosts: ['127.0.0.1'], from: new Uint16Array(count), received, dropped: 0 })
      }
      if (sent < total) setTimeout(tick, 1)
      else resolve()
    }
    tick()
  })
}

await feed('warm-up', 20_000, 1)
if (prefill > 0) await feed('prefill', rate, prefill / rate)
const before = await settle()
const main0 = mainThreadMs()
const cpu0 = process.cpuUsage()
const t0 = performance.now()
await feed('measured', rate, seconds)
const after = await settle()
const cpu = process.cpuUsage(cpu0)
const mainMs = mainThreadMs() - main0
const wall = performance.now() - t0
await collector.close()
const stored = after.stored - before.stored
process.stdout.write(`${JSON.stringify({
  stored,
  dropped: after.dropped - before.dropped,
  batches: after.batches - before.batches,
  cpuMs: (cpu.user + cpu.system) / 1000,
  userMs: cpu.user / 1000,
  systemMs: cpu.system / 1000,
  mainMs,
  wallMs: wall,
})}\n`)
