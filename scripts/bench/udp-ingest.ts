// UDP ingest, one event a datagram: the highest rate the collector takes with zero loss — every datagram
// received, stored in LevelDB and read back afterwards — against a bare counting dgram socket (8 MiB
// receive buffer) at the same rates, the sender a separate process on the other core. Then the collector's
// CPU per stored event with its hand-written msgpack code and with @msgpack/msgpack doing the same work
// (lib/codec-cpu.ts): what decides which of the two the product uses.
//
//   node --import tsx scripts/bench/udp-ingest.ts

import { openLevelStore } from '../../src/store/level.ts'
import { startChild } from './lib/children.ts'
import { codecCpu } from './lib/codec-cpu.ts'
import { startCollectorChild } from './lib/collector.ts'
import { count, perSecond, ratio, table } from './lib/format.ts'
import { median } from './lib/stats.ts'
import { framesTable, profileFolder, topFrames } from './lib/profile.ts'
import { type Check, emit } from './lib/report.ts'
import { type Receiver, searchZeroLoss } from './lib/udp-search.ts'

const CONTEXT = 'bench-udp'
const SECONDS = 4
const RATES = [20_000, 40_000, 60_000, 80_000, 100_000, 120_000, 140_000, 160_000, 180_000, 200_000, 220_000,
  240_000, 260_000, 280_000, 300_000, 340_000, 380_000]
// the CPU comparison: a rate both builds take without loss, several rounds, medians
const CPU_RATE = 60_000
// 9, not 5: the threads beside the codec (the UDP reader, LevelDB's) vary from run to run by as much as it saves
const CPU_ROUNDS = 9
/** Hand-written msgpack stays only if it saves at least this share of the CPU per stored event. */
const CPU_SAVING = 0.15
const log = (line: string) => process.stderr.write(`udp-ingest: ${line}\n`)

const { child: sender } = await startChild('lib/udp-sender')
const { child: floorChild, ready: floorReady } = await startChild<{ port: number; granted: number }>('lib/udp-floor')
const collector = await startCollectorChild()

let floorMark = 0
const floor: Receiver = {
  name: 'floor',
  port: floorReady.port,
  async mark() {
    floorMark = (await floorChild.call<{ count: number }>({ cmd: 'count' })).count
  },
  async arrived() {
    await new Promise((resolve) => setTimeout(resolve, 300))
    return (await floorChild.call<{ count: number }>({ cmd: 'count' })).count - floorMark
  },
}
let collectorMark = 0
const upto: Receiver = {
  name: 'collector',
  port: collector.udpPort,
  async mark() {
    collectorMark = (await collector.settle()).received
  },
  async arrived() {
    return (await collector.settle()).received - collectorMark
  },
}

// warm both up (JIT, LevelDB files), uncounted
await searchZeroLoss({ sender, receivers: [floor, upto], context: 'warm-up', rates: [20_000], seconds: 1, tries: 1 })
const { results, trials } = await searchZeroLoss({
  sender, receivers: [floor, upto], context: CONTEXT, rates: RATES, seconds: SECONDS, log,
})
const refusals = (await collector.metrics()).refused
const warnings = (await collector.child.call<{ lines: string[] }>({ cmd: 'log' })).lines
await collector.stop()
await floorChild.stop()

// Every datagram that arrived must be in the store, readable, in its trial's timeline.
const store = await openLevelStore(collector.data)
let missing = 0
for (const t of trials.filter((x) => x.receiver === 'collector')) {
  const stored = (await store.messages(CONTEXT, t.timeline)).length
  if (stored !== t.arrived) missing += Math.abs(t.arrived - stored)
}
await store.close()
await collector.remove()

const floorResult = results[0]!
const uptoResult = results[1]!
const share = uptoResult.zeroLoss / floorResult.zeroLoss
const durable = missing === 0 && refusals === 0

const cpu = await codecCpu({ sender, context: CONTEXT, rate: CPU_RATE, seconds: SECONDS, rounds: CPU_ROUNDS, log })
const hand = cpu.medians['hand-written']
const library = cpu.medians['@msgpack/msgpack']
const saving = 1 - hand / library
const cpuComplete = cpu.runs.every((r) => r.readBack === r.stored)
const cpuMet = cpuComplete && saving >= CPU_SAVING
const mainOf = (build: string) => median(cpu.runs.filter((r) => r.build === build).map((r) => r.mainPerEvent))
// each round's two builds ran back to back: its own saving, free of the drift between rounds
const roundSavings = Array.from({ length: CPU_ROUNDS }, (_, round) => {
  const of = (build: string) => cpu.runs.find((r) => r.round === round && r.build === build)!.perEvent
  return 1 - of('hand-written') / of('@msgpack/msgpack')
}).sort((a, b) => a - b)
const micros = (x: number) => `${x.toFixed(2)} µs`
const percent = (x: number) => `${(100 * x).toFixed(1)}%`

let limits = ''
const met = durable && share >= 0.6 && uptoResult.zeroLoss >= 80_000
if (!met) {
  // profile the collector just above its zero-loss rate
  const rate = uptoResult.failedAt ?? Math.max(20_000, uptoResult.zeroLoss)
  const dir = profileFolder('udp-ingest')
  const profiled = await startCollectorChild({ profileDir: dir })
  await sender.call({ cmd: 'send', port: profiled.udpPort, rate, seconds: SECONDS, context: CONTEXT, timeline: 'profile' })
  await profiled.settle()
  await profiled.stop()
  await profiled.remove()
  limits = `\n\nWhat limits it — the collector's CPU profile at ${perSecond(rate)} (${SECONDS} s), busy time by function:\n\n` +
    framesTable(topFrames(dir))
}
await sender.stop()

const rows = trials.map((t) => [
  t.receiver, perSecond(t.rate), perSecond(t.achieved), count(t.sent), count(t.lost), t.ok ? 'yes' : 'no',
])
const bound = (r: typeof floorResult) => (r.senderBound ? ' (the sender could go no faster)' : '')
const checks: Check[] = [{
  scenario: 'UDP ingest, one event a datagram, zero loss, durable and readable',
  measured: perSecond(uptoResult.zeroLoss),
  floor: `${perSecond(floorResult.zeroLoss)} (bare counting socket)`,
  ratio: ratio(share),
  target: '≥ 0.6× and ≥ 80,000 events/s',
  met,
}, {
  scenario: 'hand-written msgpack saves ≥ 15% CPU per stored event',
  measured: `${micros(hand)} per event, ${percent(saving)} saved`,
  floor: `${micros(library)} per event (@msgpack/msgpack)`,
  ratio: ratio(hand / library),
  target: `≥ ${percent(CPU_SAVING)} saved`,
  met: cpuMet,
}]
const cpuRows = cpu.runs.map((r) => [
  String(r.round + 1), r.build, count(r.sent), count(r.stored), count(r.readBack), micros(r.perEvent), micros(r.mainPerEvent),
])

emit({
  id: 'udp-ingest',
  title: 'UDP ingest: highest zero-loss rate',
  checks,
  data: { collectorZeroLoss: uptoResult.zeroLoss, cpuPerEventHandWritten: hand, cpuPerEventLibrary: library },
  body: `
One sender process (\`scripts/bench/lib/udp-sender.ts\`) sends msgpack datagrams as the original client does (six keys plus
\`timeline\`, one event each) at fixed rates for ${SECONDS} s, stepping up; at each step the floor and the collector get up to three
tries each, and a step counts when one try at the full rate loses nothing (a try the sender fell short in counts neither way).
After the first step that loses on every try, the rate half-way back is tried too. The collector keeps every try's events, so its
store grows through the run, as a running collector's does.

- **Floor**: a bare \`node:dgram\` socket that only counts datagrams, receive buffer ${count(floorReady.granted)} bytes granted
  (8 MiB asked; Linux reports twice what it keeps, and caps it at \`net.core.rmem_max\`).
- **Collector**: \`startCollector\` in its own process on a fresh LevelDB folder. A datagram counts as received when the
  collector's \`/metrics\` counts it; after the run the collector is closed and the LevelDB folder opened again: every received
  event of every try was in its timeline (${missing === 0 ? 'none missing' : `**${count(missing)} missing**`}, ${count(refusals)} refused).

| | zero-loss rate | lost first at |
| --- | --- | --- |
| floor | ${perSecond(floorResult.zeroLoss)}${bound(floorResult)} | ${floorResult.failedAt ? perSecond(floorResult.failedAt) : '—'} |
| collector | ${perSecond(uptoResult.zeroLoss)}${bound(uptoResult)} | ${uptoResult.failedAt ? perSecond(uptoResult.failedAt) : '—'} |

Collector / floor: **${ratio(share)}** (target ≥ 0.6×, and ≥ 80,000 events/s): **${met ? 'met' : 'missed'}**.
${warnings.length > 0 ? `\nCollector warnings: ${warnings.slice(0, 5).map((w) => `\`${w}\``).join(', ')}\n` : ''}
<details><summary>Every try</summary>

${table(['receiver', 'rate asked', 'sender reached', 'sent', 'lost', 'zero loss'], rows)}

</details>

### CPU per stored event: hand-written msgpack or @msgpack/msgpack

The same sender at ${perSecond(CPU_RATE)} for ${SECONDS} s (after 1 s at 20,000 events/s, uncounted) into a fresh collector
process on a fresh folder, built two ways: as the product is, and with \`src/codecs/msgpack/index.ts\` replaced by
\`scripts/bench/lib/msgpack-library.ts\` — @msgpack/msgpack decoding every datagram and packing every LevelDB value, with the
checks the library lacks (strict UTF-8, keys it cannot hold, depth) done around it so the collector stores and refuses the same
(that file says where it still differs). The figure is the collector process's CPU time, user + system of every thread
(\`process.cpuUsage()\`, asked of the collector before and after), divided by the events it stored; the main thread alone is
read from \`/proc\`. ${CPU_ROUNDS} rounds, the two builds taking turns (who goes first alternates), medians. After each run the folder
is read back with the product's reader: ${cpuComplete ? 'every stored event was there' : '**some stored events were missing**'}.

| | CPU per stored event | main thread alone |
| --- | --- | --- |
| hand-written (the product) | ${micros(hand)} | ${micros(mainOf('hand-written'))} |
| @msgpack/msgpack | ${micros(library)} | ${micros(mainOf('@msgpack/msgpack'))} |

Hand-written saves **${percent(saving)}** of the collector's CPU per stored event (target ≥ ${percent(CPU_SAVING)} to keep it):
**${cpuMet ? 'met' : 'missed'}**. Round by round (each round's two runs back to back) it saved ${percent(roundSavings[0]!)} to
${percent(roundSavings[roundSavings.length - 1]!)}, ${roundSavings.filter((x) => x >= CPU_SAVING).length} rounds of ${CPU_ROUNDS} at least ${percent(CPU_SAVING)}; on the main thread alone,
${percent(1 - mainOf('hand-written') / mainOf('@msgpack/msgpack'))}.

<details><summary>Every run</summary>

${table(['round', 'build', 'sent', 'stored', 'read back', 'CPU per event', 'main thread'], cpuRows)}

</details>${limits}
`,
})
