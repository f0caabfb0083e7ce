// Child of udp-cpu.ts: the collector (startCollector, LevelDB in a fresh folder) with its UDP socket fed
// in-process — each datagram a fresh Buffer handed to the socket's 'message' listeners as node would, paced
// at a fixed rate in ticks of a millisecond — and the CPU it spent until every event was stored.
//
//   node udp-cpu-child.mjs DATA_FOLDER RATE SECONDS [PREFILL]   → one line of JSON on stdout
//
// PREFILL events go in first, uncounted, so LevelDB compacts as in a store that has grown.

import dgram from 'node:dgram'
import { readFileSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { growYoungGenerationAtOnce } from '../../../src/cli/young-generation.ts'
import { keepHeapWhenQuiet } from '../../../src/cli/memory-reducer.ts'
import { startCollector } from '../../../src/server/collector.ts'
import { POOL, datagrams } from './udp-datagrams.ts'

const [data, rateArg, secondsArg, prefillArg] = process.argv.slice(2)
if (data === undefined) throw new Error('usage: udp-cpu-child DATA_FOLDER RATE SECONDS [PREFILL]')
const rate = Number(rateArg ?? 80_000)
const seconds = Number(secondsArg ?? 4)
const prefill = Number(prefillArg ?? 0)

// the collector's socket, caught as it is made
let socket: dgram.Socket | undefined
const create = dgram.createSocket
dgram.createSocket = ((...args: Parameters<typeof create>) => (socket = create(...args))) as typeof create
syncBuiltinESMExports()

growYoungGenerationAtOnce() // as upto serve does
keepHeapWhenQuiet()
const collector = await startCollector({ data, port: 0, log: () => {} })
if (socket === undefined) throw new Error('the collector made no UDP socket')
const udp = socket

/** CPU milliseconds of the main thread alone (its tid is the pid; /proc counts in hundredths of a second). */
function mainThreadMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

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

/** Emits `r` datagrams a second for `s` seconds. */
function feed(timeline: string, r: number, s: number): Promise<void> {
  const pool = datagrams('udp-cpu', timeline)
  const rinfo = { address: '127.0.0.1', family: 'IPv4', port: 40_000, size: 0 }
  const total = Math.round(r * s)
  let sent = 0
  const t0 = performance.now()
  return new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * r))
      while (sent < due) {
        const bytes = pool[sent++ % POOL]!
        const copy = Buffer.allocUnsafeSlow(bytes.length)
        bytes.copy(copy)
        udp.emit('message', copy, { ...rinfo, size: copy.length })
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
