// The collector's memory under steady UDP load: 60 s at its zero-loss rate (taken from udp-ingest when the
// runner passes it, else found again here), resident set size sampled every second from /proc. Flat means:
// the least-squares line through the samples after the first 10 s climbs at most 10 MB over the 50 s.
// Datagrams lost on the way are put beside LevelDB's background work, second by second.
//
//   node --import tsx scripts/bench/collector-memory.ts [--rate EVENTS_PER_SECOND]

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openLevelStore } from '../../src/store/level.ts'
import { startChild } from './lib/children.ts'
import { startCollectorChild } from './lib/collector.ts'
import { count, mb, ms, perSecond, table } from './lib/format.ts'
import { type Check, emit } from './lib/report.ts'
import { searchZeroLoss } from './lib/udp-search.ts'

const SECONDS = 60
const SETTLED = 10
const CONTEXT = 'bench-memory'

function givenRate(): number | undefined {
  const at = process.argv.indexOf('--rate')
  const raw = at >= 0 ? process.argv[at + 1] : process.env.UPTO_BENCH_UDP_RATE
  const n = Number(raw)
  return raw !== undefined && Number.isFinite(n) && n > 0 ? n : undefined
}

const { child: sender } = await startChild('lib/udp-sender')
let rate = givenRate()
const found = rate === undefined
if (rate === undefined) {
  const probe = await startCollectorChild()
  let mark = 0
  const { results } = await searchZeroLoss({
    sender,
    context: 'search',
    seconds: 2,
    rates: [20_000, 40_000, 60_000, 80_000, 100_000, 120_000, 140_000, 160_000, 180_000, 200_000, 220_000, 240_000],
    receivers: [{
      name: 'collector',
      port: probe.udpPort,
      mark: async () => void (mark = (await probe.settle()).received),
      arrived: async () => (await probe.settle()).received - mark,
    }],
  })
  await probe.stop()
  await probe.remove()
  rate = Math.max(10_000, results[0]!.zeroLoss)
}

const collector = await startCollectorChild()
const pauses = () => collector.child.call<{ max: number; p99: number }>({ cmd: 'delay' })
await pauses() // from here on
const samples: Array<{ t: number; at: number; rss: number; heap: number; kernelDrops: number }> = []
const t0 = performance.now()
const sampler = setInterval(async () => {
  const t = (performance.now() - t0) / 1000
  const at = Date.now()
  const rss = collector.rss()
  const memory = await collector.child.call<NodeJS.MemoryUsage>({ cmd: 'memory' }).catch(() => undefined)
  const counters = await collector.metrics().catch(() => undefined)
  if (memory && counters) samples.push({ t, at, rss, heap: memory.heapTotal, kernelDrops: counters.kernelDrops })
}, 1_000)
const sent = await sender.call<{ sent: number; seconds: number }>({
  cmd: 'send', port: collector.udpPort, rate, seconds: SECONDS, context: CONTEXT, timeline: 'steady',
})
clearInterval(sampler)
const pause = await pauses()
const settled = await collector.settle(60_000)
const lost = sent.sent - settled.received
await collector.stop()
await sender.stop()
const storeWork = await levelDbWork(collector.data)
const store = await openLevelStore(collector.data)
const stored = (await store.messages(CONTEXT, 'steady')).length
await store.close()
await collector.remove()

// the kernel's drops second by second, and whether LevelDB flushed or compacted in that second
const seconds = samples.slice(1).map((s, i) => ({
  drops: s.kernelDrops - samples[i]!.kernelDrops,
  busy: storeWork.some((at) => at > samples[i]!.at && at <= s.at),
}))
const busySeconds = seconds.filter((s) => s.busy)
const quietSeconds = seconds.filter((s) => !s.busy)
const dropRate = (of: typeof seconds) => (of.length === 0 ? 0 : Math.round(of.reduce((a, s) => a + s.drops, 0) / of.length))
const storeWorkExplains = dropRate(busySeconds) > 1.5 * dropRate(quietSeconds)

const after = samples.filter((s) => s.t >= SETTLED)
const peak = Math.max(...samples.map((s) => s.rss))
// least squares: bytes per second over the settled part
const mt = after.reduce((a, s) => a + s.t, 0) / after.length
const mr = after.reduce((a, s) => a + s.rss, 0) / after.length
const slope = after.reduce((a, s) => a + (s.t - mt) * (s.rss - mr), 0) / after.reduce((a, s) => a + (s.t - mt) ** 2, 0)
const climb = slope * (SECONDS - SETTLED)
const flat = climb <= 10 * 1024 * 1024
const checks: Check[] = [{
  scenario: `collector RSS, ${SECONDS} s of UDP at its zero-loss rate`,
  measured: `peak ${mb(peak)}, ${climb >= 0 ? '+' : ''}${mb(climb)} over the last ${SECONDS - SETTLED} s`,
  floor: '—',
  target: '≤ 200 MB, flat after 10 s',
  met: peak <= 200 * 1024 * 1024 && flat,
}]
const every10 = samples.filter((s, i) => i % 10 === 9 || i === samples.length - 1)
emit({
  id: 'collector-memory',
  title: 'Collector memory under steady UDP load',
  checks,
  body: `
The sender of \`udp-ingest\` sends ${perSecond(rate)} for ${SECONDS} s to a collector on a fresh LevelDB folder — the collector's
zero-loss rate ${found ? 'found again here with 2 s steps' : process.env.UPTO_BENCH_UDP_RATE ? 'measured by `udp-ingest` in this run' : 'given with `--rate`'}. The collector's resident set size is read from
\`/proc/PID/status\` every second, the V8 heap it holds (\`heapTotal\`) from the collector. The rest is LevelDB (two
16 MiB memtables at most, its caches) and Node itself. ${count(sent.sent)} sent, ${count(settled.received)} received, ${count(stored)} in the store afterwards: ${lost === 0 ? 'no loss' : `**${count(lost)} lost**`}.
${lost === 0 ? '' : `Of those, ${count(settled.kernelDrops)} were dropped by the kernel, the socket's receive buffer full while the collector was
not reading, and ${count(settled.dropped)} by the full ingest queue. Counted second by second, the kernel dropped
${count(dropRate(busySeconds))} a second in the ${busySeconds.length} seconds in which LevelDB's background thread flushed a memtable or compacted
files (its \`LOG\`), and ${count(dropRate(quietSeconds))} a second in the other ${quietSeconds.length}${storeWorkExplains
  ? `: at this rate the collector reads at the edge of what it can, and the store's background work, on two cores one of
which is the sender's, pushes it over`
  : ''}. A rate held for the 4 s steps of \`udp-ingest\` is not always held for a minute. `}The collector's event loop paused at most ${ms(pause.max)} (p99 ${ms(pause.p99)}).

${table(['second', ...every10.map((s) => s.t.toFixed(0))], [
  ['RSS', ...every10.map((s) => mb(s.rss))],
  ['of it, V8 heap', ...every10.map((s) => mb(s.heap))],
])}

Peak **${mb(peak)}** (target ≤ 200 MB); after the first ${SETTLED} s the fitted line climbs **${mb(climb)}** over ${SECONDS - SETTLED} s
(flat: at most 10 MB): **${checks[0]!.met ? 'met' : 'missed'}**.
`,
})

/** When LevelDB's background thread started or finished a memtable flush or a compaction (its LOG, local time). */
async function levelDbWork(folder: string): Promise<number[]> {
  const log = await readFile(join(folder, 'LOG'), 'utf8').catch(() => '')
  const times: number[] = []
  for (const m of log.matchAll(/^(\d+)\/(\d+)\/(\d+)-(\d+):(\d+):(\d+)\.(\d{3})\d* \S+ (?:Level-0 table|Compact)/gm)) {
    const [y, mo, d, h, mi, s, milli] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number]
    times.push(new Date(y, mo - 1, d, h, mi, s, milli).getTime())
  }
  return times
}
